// Package core is everything in scratchnet that computes: the two-layer
// network of Deep Learning from Scratch (chapters 4 and 5), its numerical
// and backpropagation gradients, the optimizers that apply them (SGD, and
// chapter 6's Momentum, AdaGrad and Adam) with weight decay, dropout and
// early stopping, MNIST decoding, model files, and the preprocessing that
// turns a drawn digit into an MNIST-like input.
//
// # Settings
//
// Schema describes every setting of a run's Config once (name, label,
// kind, range, help, the book's value): the book command's flags
// (scripts/book), the page's validation (MergeConfig, Config.Validate) and the
// page's form are made from it. A refused setting is a *FieldError that
// carries data, not sentences; the page words it.
//
// # Untrusted input
//
// Every decoder (IDX, .snet, .npz, JSON headers) checks what a header
// claims against the bytes present, and against the shapes it can accept,
// before it allocates: decoding n bytes allocates at most a small multiple
// of n.
//
// It is pure Go, with no syscall/js, no global mutable state and no I/O
// beyond the reader it is given, so it runs natively and under GOOS=js
// GOARCH=wasm alike, and gives the same bits on both: the transcendental
// functions are its own (Exp, Log), every product is rounded before it is
// added, and all randomness comes from seeded PCG sources.
//
// # Shapes
//
// Matrices are row-major []float64. For a net with Input, Hidden and
// Output units: W1 is Input×Hidden, b1 Hidden, W2 Hidden×Output and b2
// Output, the book's params["W1"] etc. A batch of N images gives N×Hidden
// hidden activations and N×Output probabilities.
//
// # Speed
//
// About 81% of MNIST's pixels are zero. Every matrix product is a weighted
// sum of rows (see kernels.go), and layer 1's products only visit the
// non-zero pixels: the forward pass sums rows of W1, the backward pass
// groups the batch's pixels so each row of ∂L/∂W1 is formed once and
// applied to W1 at once. The dense naive network in reference.go is the
// definition; tests check that the fast path gives exactly its bits.
package core
