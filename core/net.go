package core

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Activation names the hidden layer's activation function.
type Activation string

const (
	ActSigmoid Activation = "sigmoid" // chapter 4: 1 / (1 + e**−x)
	ActReLU    Activation = "relu"    // chapter 5: max(0, x)
)

// Init names a weight initialisation.
type Init string

const (
	// InitStd draws weights from N(0, std²) with the net's weightInitStd,
	// the book's weight_init_std (0.01 by default).
	InitStd Init = "std"
	// InitXavier uses std = √(1/n) with n the layer's inputs (for sigmoid).
	InitXavier Init = "xavier"
	// InitHe uses std = √(2/n) with n the layer's inputs (for ReLU).
	InitHe Init = "he"
)

// Book's cross-entropy guard: log(y + delta), so that y = 0 gives a large
// finite loss instead of −log 0 = +Inf.
const crossEntropyDelta = 1e-7

// TwoLayerNet is the book's two-layer network: affine → activation →
// (dropout) → affine → softmax, with cross-entropy loss.
//
// W1 is Input×Hidden, B1 Hidden, W2 Hidden×Output and B2 Output, all
// row-major. A TwoLayerNet keeps scratch space for its last batch and is not
// safe for concurrent use.
type TwoLayerNet struct {
	Input, Hidden, Output int
	Activation            Activation

	// WeightDecay is the L2 coefficient λ: the loss gains ½λ(ΣW1² + ΣW2²)
	// and each ∂L/∂W gains λW (the book's weight_decay_lambda).
	WeightDecay float64
	// DropoutRatio is the share of hidden units dropped in training. At
	// test time hidden activations are scaled by 1 − DropoutRatio (the
	// book's Dropout layer).
	DropoutRatio float64

	W1, B1, W2, B2 []float64

	ws workspace
}

// NewTwoLayerNet returns the book's TwoLayerNet(input, hidden, output,
// weightInitStd) with sigmoid activation: weights drawn from r as
// weightInitStd·N(0, 1), biases zero. It panics if a size is below 1.
func NewTwoLayerNet(input, hidden, output int, weightInitStd float64, r *rand.Rand) *TwoLayerNet {
	n := newEmptyNet(input, hidden, output, ActSigmoid)
	n.Initialize(InitStd, weightInitStd, r)
	return n
}

func newEmptyNet(input, hidden, output int, act Activation) *TwoLayerNet {
	if input < 1 || hidden < 1 || output < 1 {
		panic(fmt.Sprintf("core: TwoLayerNet sizes %d, %d, %d must be at least 1", input, hidden, output))
	}
	return &TwoLayerNet{
		Input: input, Hidden: hidden, Output: output, Activation: act,
		W1: make([]float64, input*hidden), B1: make([]float64, hidden),
		W2: make([]float64, hidden*output), B2: make([]float64, output),
	}
}

// Initialize draws new weights from r and zeroes the biases. For InitStd
// the weights are std·N(0, 1); for InitXavier and InitHe std is ignored.
func (n *TwoLayerNet) Initialize(init Init, std float64, r *rand.Rand) {
	fill := func(w []float64, fanIn int) {
		s := std
		switch init {
		case InitXavier:
			s = math.Sqrt(1 / float64(fanIn))
		case InitHe:
			s = math.Sqrt(2 / float64(fanIn))
		}
		for i := range w {
			w[i] = float64(s * normal(r))
		}
	}
	fill(n.W1, n.Input)
	clear(n.B1)
	fill(n.W2, n.Hidden)
	clear(n.B2)
}

// Param is one named parameter: Key is W1, b1, W2 or b2 (the book's keys),
// W its values, Rows×Cols row-major (a bias has Rows = 1).
type Param struct {
	Key        string
	Rows, Cols int
	W          []float64
}

// Params returns the four parameters in the book's order W1, b1, W2, b2.
// The slices are the net's own: writing them changes the net.
func (n *TwoLayerNet) Params() []Param {
	return []Param{
		{"W1", n.Input, n.Hidden, n.W1},
		{"b1", 1, n.Hidden, n.B1},
		{"W2", n.Hidden, n.Output, n.W2},
		{"b2", 1, n.Output, n.B2},
	}
}

// Clone returns a deep copy of n's parameters and settings.
func (n *TwoLayerNet) Clone() *TwoLayerNet {
	c := newEmptyNet(n.Input, n.Hidden, n.Output, n.Activation)
	c.WeightDecay, c.DropoutRatio = n.WeightDecay, n.DropoutRatio
	c.CopyFrom(n)
	return c
}

// CopyFrom copies src's parameters into n; the shapes must match.
func (n *TwoLayerNet) CopyFrom(src *TwoLayerNet) {
	copy(n.W1, src.W1)
	copy(n.B1, src.B1)
	copy(n.W2, src.W2)
	copy(n.B2, src.B2)
}

// Grads holds ∂L/∂θ for each parameter, with the parameters' shapes.
type Grads struct {
	W1, B1, W2, B2 []float64
}

// Slices returns the gradients in the order of Params.
func (g *Grads) Slices() [4][]float64 { return [4][]float64{g.W1, g.B1, g.W2, g.B2} }

func (n *TwoLayerNet) newGrads() *Grads {
	return &Grads{
		W1: make([]float64, len(n.W1)), B1: make([]float64, len(n.B1)),
		W2: make([]float64, len(n.W2)), B2: make([]float64, len(n.B2)),
	}
}

// workspace holds one batch's activations and their gradients.
type workspace struct {
	n       int
	a1, z1  []float64 // N×H: layer 1's affine output and activation
	h1      []float64 // N×H: z1 after dropout (z1 itself when there is none)
	hbuf    []float64 // h1's own storage
	mask    []float64 // N×H dropout mask (1 kept, 0 dropped), training only
	a2, y   []float64 // N×O: scores and softmax probabilities
	dA2     []float64 // N×O
	dZ1     []float64 // N×H, becomes ∂L/∂a1 in place
	w2t     []float64 // O×H, W2 transposed
	all     []int32   // 0, 1, 2, …: every row
	one     []float64 // 1, 1, 1, …: sums of rows
	col     []float64 // one column of z1
	scratch scratch

	// For ∂L/∂W1: the images using each pixel, grouped by pixel.
	pixStart []int32
	pixImg   []int32
	pixVal   []float64

	dW2, dB2, dB1 []float64 // gradients of the small parameters
	gRow          []float64 // one row of ∂L/∂W1
	touched       []bool    // rows of W1 a batch used (weight decay)
}

// sgdRule is sgdStep's update of W1: w ← w − lr·(g + λw), each row a
// batch used marked in touched (when λ ≠ 0).
type sgdRule struct {
	lr, lambda float64
	touched    []bool
}

func (n *TwoLayerNet) prepare(N int) *workspace {
	w := &n.ws
	H, O := n.Hidden, n.Output
	w.n = N
	w.a1, w.z1 = grow(w.a1, N*H), grow(w.z1, N*H)
	w.a2, w.y, w.dA2 = grow(w.a2, N*O), grow(w.y, N*O), grow(w.dA2, N*O)
	w.dZ1, w.w2t = grow(w.dZ1, N*H), grow(w.w2t, O*H)
	if m := max(N, H, O); len(w.all) < m {
		w.all, w.one = rowsAndOnes(m)
	}
	w.col = grow(w.col, N)
	w.dW2, w.dB2, w.dB1 = grow(w.dW2, H*O), grow(w.dB2, O), grow(w.dB1, H)
	w.gRow = grow(w.gRow, H)
	return w
}

// rowsAndOnes returns 0, 1, …, m−1 and m ones.
func rowsAndOnes(m int) ([]int32, []float64) {
	all, one := make([]int32, m), make([]float64, m)
	for i := range all {
		all[i], one[i] = int32(i), 1
	}
	return all, one
}

// ---- Layer 1: affine on the (sparse) input ----

// affine1Forward: a1 = x·W1 + b1 for every image of b; only each image's
// non-zero pixels take part.
func (n *TwoLayerNet) affine1Forward(b *Batch, w *workspace) {
	H := n.Hidden
	for i := 0; i < b.N; i++ {
		pix, val := b.nonzero(i)
		w.scratch.affine1Row(w.a1[i*H:(i+1)*H], n, pix, val)
	}
}

// scratch holds one image's non-zero inputs as combRows wants them.
type scratch struct {
	rows []int32
	coef []float64
}

// affine1Row sets a = x·W1 + b1 for one image given by its non-zero pixels.
func (s *scratch) affine1Row(a []float64, n *TwoLayerNet, pix []uint16, val []uint8) {
	if !combPixelsAsm(a, n.W1, n.Hidden, pix, val) {
		s.rows, s.coef = s.rows[:0], s.coef[:0]
		for k, p := range pix {
			s.rows = append(s.rows, int32(p))
			s.coef = append(s.coef, pixelScale[val[k]])
		}
		combRows(a, n.W1, n.Hidden, s.rows, s.coef)
	}
	for j, bj := range n.B1 {
		a[j] += bj
	}
}

// affine1Backward: ∂L/∂W1 = xᵀ·∂L/∂a1 (Input×Hidden), ∂L/∂b1 = Σ_rows
// ∂L/∂a1. Rows of W1 for pixels no image uses get zero. visit is called
// with each pixel's row of ∂L/∂W1 (before weight decay); rows not visited
// are zero. With rule (sgdStep's update) it may instead apply the update
// to W1's rows itself as it forms them (sgdW1Asm, in WebAssembly), the
// same operations as visit's, and visit nothing.
func (n *TwoLayerNet) affine1Backward(b *Batch, w *workspace, dB1 []float64, rule *sgdRule, visit func(p int, g []float64)) {
	H := n.Hidden
	dA1 := w.dZ1
	combRows(dB1, dA1, H, w.all[:b.N], w.one)
	w.pixStart, w.pixImg, w.pixVal = groupByPixel(b, w.pixStart, w.pixImg, w.pixVal)
	start, img, val := w.pixStart, w.pixImg, w.pixVal
	if rule != nil && sgdW1Asm(n.W1, dA1[:b.N*H], H, start, img, val, b.N, rule.lr, rule.lambda, rule.touched) {
		return
	}
	g := w.gRow
	for p := 0; p < b.Dim; p++ {
		s, e := start[p], start[p+1]
		if s == e {
			continue
		}
		combRows(g, dA1, H, img[s:e], val[s:e])
		visit(p, g)
	}
}

// groupByPixel groups a batch's non-zero inputs by pixel, images
// ascending: pixel p's images are img[start[p]:start[p+1]], with their
// inputs (pixels/255) in val. The slices given are reused when large
// enough; start has Dim+1 entries.
func groupByPixel(b *Batch, start, img []int32, val []float64) ([]int32, []int32, []float64) {
	D := b.Dim
	if cap(start) < D+2 {
		start = make([]int32, D+2)
	}
	start = start[:D+2]
	clear(start)
	nnz := len(b.nzPix)
	if cap(img) < nnz {
		img, val = make([]int32, nnz), make([]float64, nnz)
	}
	img, val = img[:nnz], val[:nnz]
	if groupPixelsAsm(b, start, img, val) {
		return start[:D+1], img, val
	}
	for _, p := range b.nzPix {
		start[int(p)+2]++
	}
	for p := 2; p < len(start); p++ {
		start[p] += start[p-1]
	}
	for i := 0; i < b.N; i++ {
		pix, v := b.nonzero(i)
		for k, p := range pix {
			at := start[int(p)+1]
			img[at] = int32(i)
			val[at] = pixelScale[v[k]]
			start[int(p)+1]++
		}
	}
	return start[:D+1], img, val
}

// ---- Activation (sigmoid or ReLU) ----

// activationForward: z1 = σ(a1) or max(0, a1).
func (n *TwoLayerNet) activationForward(a, z []float64) {
	done := activationAsm(n.Activation == ActReLU, a, z)
	a, z = a[done:], z[done:]
	if n.Activation == ActReLU {
		for i, v := range a {
			if v <= 0 {
				v = 0
			}
			z[i] = v
		}
		return
	}
	for i, v := range a {
		z[i] = Sigmoid(v)
	}
}

// activationBackward turns ∂L/∂z1 into ∂L/∂a1 in place: σ' = (1 − z)·z,
// ReLU passes the gradient where a1 > 0.
func (n *TwoLayerNet) activationBackward(a, z, d []float64) {
	if n.Activation == ActReLU {
		for i, v := range a {
			if v <= 0 {
				d[i] = 0
			}
		}
		return
	}
	for i, zi := range z {
		d[i] = float64(d[i]*float64(1-zi)) * zi
	}
}

// ---- Dropout (training: random mask; test: scale by 1 − ratio) ----

// dropoutForward sets w.h1 from w.z1: each unit kept with probability
// 1 − ratio in training (r != nil), every unit scaled by 1 − ratio at test
// time.
func (n *TwoLayerNet) dropoutForward(w *workspace, r *rand.Rand) {
	if n.DropoutRatio == 0 {
		w.h1 = w.z1
		return
	}
	w.hbuf = grow(w.hbuf, len(w.z1))
	w.h1 = w.hbuf
	w.mask = grow(w.mask, len(w.z1))
	keep := 1 - n.DropoutRatio
	for i, z := range w.z1 {
		switch {
		case r == nil:
			w.mask[i] = keep
		case r.Float64() > n.DropoutRatio:
			w.mask[i] = 1
		default:
			w.mask[i] = 0
		}
		w.h1[i] = z * w.mask[i]
	}
}

// dropoutBackward turns ∂L/∂h1 into ∂L/∂z1 in place.
func (n *TwoLayerNet) dropoutBackward(d []float64, w *workspace) {
	if n.DropoutRatio == 0 {
		return
	}
	for i := range d {
		d[i] *= w.mask[i]
	}
}

// ---- Layer 2: affine ----

// affine2Forward: a2 = h1·W2 + b2.
func (n *TwoLayerNet) affine2Forward(w *workspace) {
	H, O := n.Hidden, n.Output
	for i := 0; i < w.n; i++ {
		n.affine2Row(w.a2[i*O:(i+1)*O], w.h1[i*H:(i+1)*H], w.all)
	}
}

// affine2Row sets one image's scores a = h·W2 + b2 from its hidden row h
// (Hidden) into a (Output); all must hold 0, 1, … up to Hidden at least.
// Training, evaluation and the gradient check all score through it, so
// their sums have the same bits.
func (n *TwoLayerNet) affine2Row(a, h []float64, all []int32) {
	combRows(a, n.W2, n.Output, all[:n.Hidden], h)
	for k, bk := range n.B2 {
		a[k] += bk
	}
}

// affine2Backward: ∂L/∂W2 = h1ᵀ·∂L/∂a2, ∂L/∂b2 = Σ_rows ∂L/∂a2 and
// ∂L/∂h1 = ∂L/∂a2·W2ᵀ (into w.dZ1).
func (n *TwoLayerNet) affine2Backward(w *workspace, dW2, dB2 []float64) {
	H, O, N := n.Hidden, n.Output, w.n
	for j := 0; j < H; j++ {
		for i := 0; i < N; i++ {
			w.col[i] = w.h1[i*H+j]
		}
		combRows(dW2[j*O:(j+1)*O], w.dA2, O, w.all[:N], w.col[:N])
	}
	combRows(dB2, w.dA2, O, w.all[:N], w.one)
	for j := 0; j < H; j++ {
		for k := 0; k < O; k++ {
			w.w2t[k*H+j] = n.W2[j*O+k]
		}
	}
	for i := 0; i < N; i++ {
		combRows(w.dZ1[i*H:(i+1)*H], w.w2t, H, w.all[:O], w.dA2[i*O:(i+1)*O])
	}
}

// ---- Softmax with cross-entropy loss ----

// softmax sets y = exp(a − max a) / Σ exp(a − max a) for one row, safe
// against overflow.
func softmax(a, y []float64) {
	// The row's largest value, by comparison: the builtin max is a call
	// under WebAssembly (runtime.fmax64, 1.5% of a step). The outputs are
	// the same: a NaN makes every output NaN either way, and m = ±0
	// changes only Exp(±0), which is 1 for both.
	m := a[0]
	for _, v := range a {
		if v > m {
			m = v
		}
	}
	for k, v := range a {
		y[k] = v - m
	}
	for k := expAsm(y); k < len(y); k++ {
		y[k] = Exp(y[k])
	}
	s := 0.0
	for _, v := range y {
		s += v
	}
	for k := range y {
		y[k] /= s
	}
}

// softmaxLossForward computes y = softmax(a2) row by row and returns the
// mean cross-entropy −Σ log(y[t] + 1e−7) / N.
func softmaxLossForward(w *workspace, O int, labels []int) float64 {
	sum := 0.0
	for i := 0; i < w.n; i++ {
		sum += logLikelihood(w.a2[i*O:(i+1)*O], w.y[i*O:(i+1)*O], labels[i])
	}
	return -sum / float64(w.n)
}

// logLikelihood sets y = softmax(a) for one image and returns
// log(y[t] + 1e-7), the negative of its cross-entropy.
func logLikelihood(a, y []float64, t int) float64 {
	softmax(a, y)
	return Log(y[t] + crossEntropyDelta)
}

// softmaxLossBackward: ∂L/∂a2 = (y − t)·g / N with g = y_t / (y_t + δ).
//
// The book's SoftmaxWithLoss returns (y − t) / N, the gradient of −log y_t;
// with the book's guard δ = 1e-7 inside the log, the exact gradient has the
// factor g, which differs from 1 by at most δ / y_t (1e-6 for an untrained
// net). Without it the gradient check finds differences of 1e-7 on b2, not
// the 1e-10 the book prints.
func softmaxLossBackward(w *workspace, O int, labels []int) {
	for i := 0; i < w.n; i++ {
		y := w.y[i*O : (i+1)*O]
		d := w.dA2[i*O : (i+1)*O]
		softmaxLossRowBackward(y, labels[i], w.n, d)
	}
}

// softmaxLossRowBackward sets one row of ∂L/∂a2 for label t in a batch of
// n.
func softmaxLossRowBackward(y []float64, t, n int, d []float64) {
	yt := y[t]
	g := yt / (yt + crossEntropyDelta)
	for k, yk := range y {
		if k == t {
			yk -= 1
		}
		d[k] = float64(yk*g) / float64(n)
	}
}

// ---- The whole network ----

// forward runs the batch through the net and returns the data loss
// (cross-entropy, no weight decay). r != nil means training mode (dropout
// masks drawn from r).
func (n *TwoLayerNet) forward(b *Batch, r *rand.Rand) float64 {
	n.checkBatch(b)
	w := n.prepare(b.N)
	n.affine1Forward(b, w)
	n.activationForward(w.a1, w.z1)
	n.dropoutForward(w, r)
	n.affine2Forward(w)
	return softmaxLossForward(w, n.Output, b.Labels)
}

// backward runs the chain rule back from the loss of the last forward.
// It fills dW2, dB2 and dB1 and calls visit with each pixel's row of
// ∂L/∂W1 (data loss only); rule, if not nil, is the update visit makes
// (see affine1Backward).
func (n *TwoLayerNet) backward(b *Batch, dW2, dB2, dB1 []float64, rule *sgdRule, visit func(p int, g []float64)) {
	w := &n.ws
	softmaxLossBackward(w, n.Output, b.Labels)
	n.affine2Backward(w, dW2, dB2)
	n.dropoutBackward(w.dZ1, w)
	n.activationBackward(w.a1, w.z1, w.dZ1)
	n.affine1Backward(b, w, dB1, rule, visit)
}

func (n *TwoLayerNet) checkBatch(b *Batch) {
	if b.Dim != n.Input {
		panic(fmt.Sprintf("core: batch of %d-pixel images for a net with %d inputs", b.Dim, n.Input))
	}
	for _, l := range b.Labels {
		if l < 0 || l >= n.Output {
			panic(fmt.Sprintf("core: label %d outside [0, %d)", l, n.Output))
		}
	}
}

// weightDecayLoss returns ½λ(ΣW1² + ΣW2²).
func (n *TwoLayerNet) weightDecayLoss() float64 {
	if n.WeightDecay == 0 {
		return 0
	}
	return float64(0.5*n.WeightDecay) * n.weightSquares()
}

// weightSquares returns ΣW1² + ΣW2², summed in order (W1, then W2).
func (n *TwoLayerNet) weightSquares() float64 {
	s := 0.0
	for _, v := range n.W1 {
		s += float64(v * v)
	}
	for _, v := range n.W2 {
		s += float64(v * v)
	}
	return s
}

// swapSquare returns the sum of squares wd with one weight's square
// old² replaced by w²: the decay term for a gradient check's w ± h.
func swapSquare(wd, old, w float64) float64 {
	return float64(wd-float64(old*old)) + float64(w*w)
}

// Loss returns the book's loss on b at test time: mean cross-entropy plus
// the weight-decay term. It panics if b's images do not have Input pixels
// or a label is not below Output.
func (n *TwoLayerNet) Loss(b *Batch) float64 {
	return n.forward(b, nil) + n.weightDecayLoss()
}

// Predict returns the softmax probabilities for b, N×Output row-major (a
// new slice).
func (n *TwoLayerNet) Predict(b *Batch) []float64 {
	labels := b.Labels
	if len(labels) != b.N {
		b.Labels = make([]int, b.N)
	}
	n.forward(b, nil)
	b.Labels = labels
	return append([]float64(nil), n.ws.y[:b.N*n.Output]...)
}

// Gradient returns ∂Loss/∂θ for b by backpropagation (chapter 5), at test
// time (no dropout), including the weight-decay term.
func (n *TwoLayerNet) Gradient(b *Batch) *Grads {
	g := n.newGrads()
	n.lossAndGradient(b, nil, g)
	return g
}

// lossAndGradient runs b forward (dropout masks from r; nil is test time)
// and back, sets g to ∂Loss/∂θ including the weight-decay term, and
// returns the loss. Optimizers other than SGD's fused path train on it.
func (n *TwoLayerNet) lossAndGradient(b *Batch, r *rand.Rand, g *Grads) float64 {
	loss := n.forward(b, r) + n.weightDecayLoss()
	H := n.Hidden
	clear(g.W1) // rows of pixels the batch does not use stay 0
	n.backward(b, g.W2, g.B2, g.B1, nil, func(p int, row []float64) {
		copy(g.W1[p*H:(p+1)*H], row)
	})
	if n.WeightDecay != 0 {
		for i, v := range n.W1 {
			g.W1[i] += float64(n.WeightDecay * v)
		}
		for i, v := range n.W2 {
			g.W2[i] += float64(n.WeightDecay * v)
		}
	}
	return loss
}

// paramCount returns the number of parameters.
func (n *TwoLayerNet) paramCount() int { return len(n.W1) + len(n.B1) + len(n.W2) + len(n.B2) }

// sgdStep runs one training step on b: forward (dropout masks from r),
// backward, and θ ← θ − lr·∂L/∂θ. It returns the batch's loss before the
// update. Rows of W1 whose pixel no image of the batch uses have a zero
// data gradient and are updated only for weight decay. The bits are those
// of Gradient followed by the update (TestSGDStepMatchesGradient).
func (n *TwoLayerNet) sgdStep(b *Batch, lr float64, r *rand.Rand) float64 {
	loss := n.forward(b, r) + n.weightDecayLoss()
	ws := &n.ws
	H := n.Hidden
	lambda := n.WeightDecay
	touched := ws.touched
	if lambda != 0 {
		if len(touched) != n.Input {
			ws.touched = make([]bool, n.Input)
			touched = ws.touched
		}
		clear(touched)
	}
	rule := sgdRule{lr, lambda, touched}
	n.backward(b, ws.dW2, ws.dB2, ws.dB1, &rule, func(p int, g []float64) {
		update(n.W1[p*H:(p+1)*H], g, lr, lambda)
		if lambda != 0 {
			touched[p] = true
		}
	})
	if lambda != 0 {
		// Rows no image used: the data gradient is 0, decay still applies.
		zero := make([]float64, H)
		for p, t := range touched {
			if !t {
				update(n.W1[p*H:(p+1)*H], zero, lr, lambda)
			}
		}
	}
	update(n.B1, ws.dB1, lr, 0)
	update(n.W2, ws.dW2, lr, lambda)
	update(n.B2, ws.dB2, lr, 0)
	return loss
}

// update sets w ← w − lr·(g + λw).
func update(w, g []float64, lr, lambda float64) {
	done := updateAsm(w, g, lr, lambda)
	w, g = w[done:], g[done:]
	for i, d := range g {
		if lambda != 0 {
			d += float64(lambda * w[i])
		}
		w[i] -= float64(lr * d)
	}
}

// countRange counts the correct images among idx[lo:hi] (lo:hi if idx is
// nil) and, if ce is not nil, sets ce[k] to image k's cross-entropy.
func (n *TwoLayerNet) countRange(d *Dataset, idx []int, lo, hi int, ce []float64) int {
	H, O := n.Hidden, n.Output
	all, _ := rowsAndOnes(H)
	a := make([]float64, H)
	s := make([]float64, O)
	var sc scratch
	keep := 1 - n.DropoutRatio
	correct := 0
	var pix []uint16
	for k := lo; k < hi; k++ {
		i := k
		if idx != nil {
			i = idx[k]
		}
		var val []uint8
		pix, val = d.nonzero(i, pix[:0])
		sc.affine1Row(a, n, pix, val)
		n.activationForward(a, a)
		if n.DropoutRatio != 0 {
			for j := range a {
				a[j] *= keep
			}
		}
		n.affine2Row(s, a, all)
		best := 0
		for c := range s {
			if s[c] > s[best] {
				best = c
			}
		}
		if best == int(d.Labels[i]) {
			correct++
		}
		if ce != nil {
			ce[k] = -logLikelihood(s, s, int(d.Labels[i]))
		}
	}
	return correct
}

// flatParams returns a copy of W1, b1, W2 and b2, one after another.
func (n *TwoLayerNet) flatParams() []float64 {
	out := make([]float64, 0, n.paramCount())
	for _, p := range paramSlices(n) {
		out = append(out, p...)
	}
	return out
}

// setFlatParams sets W1, b1, W2 and b2 from flat, as flatParams lays them
// out; flat must have paramCount values.
func (n *TwoLayerNet) setFlatParams(flat []float64) {
	for _, p := range paramSlices(n) {
		flat = flat[copy(p, flat):]
	}
}
