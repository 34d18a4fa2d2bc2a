package core

import "math/rand/v2"

// The book's layers (chapter 5): Affine, Sigmoid, Relu and
// SoftmaxWithLoss, each keeping what its forward pass saw (x, the mask,
// out) for its backward pass, which stands beside it. They work on dense
// row-major matrices of n rows, one multiply-add at a time, each sum in the
// same order as the trainer's sparse kernels, so a LayerNet's gradient has
// the trainer's bits (TestLayersMatchTheTrainer). They are the reference
// the fast path is tested against (reference.go), the lesson's network
// (TwoLayerNet.Layered), and where the gradient check's bugs live
// (BackpropBug): each wrong backward beside the right one it corrupts.

// A Layer is one of the book's layers: Forward takes an n-row input and
// keeps what Backward needs; Backward takes ∂L/∂out and returns ∂L/∂x,
// keeping the gradients of the layer's own parameters.
type Layer interface {
	// Name is the book's name of the layer: Affine, Sigmoid, Relu, Dropout.
	Name() string
	// Forward returns the output for the input x of n rows.
	Forward(x []float64, n int) []float64
	// Backward returns ∂L/∂x for dout, ∂L/∂out (the shape of Forward's
	// output). It panics if Forward has not run.
	Backward(dout []float64) []float64
}

// BackpropBug names a mistake in a backward pass that readers of chapter 5
// make (or the book's own repository once shipped); "" is none.
type BackpropBug string

const (
	BugNone BackpropBug = ""
	// BugSoftmaxNoN forgets Softmax-with-Loss's ÷N: every gradient is N
	// times too large.
	BugSoftmaxNoN BackpropBug = "softmaxNoN"
	// BugBiasNotSummed takes Affine's ∂L/∂b from the first image of the
	// batch instead of summing over all of them.
	BugBiasNotSummed BackpropBug = "biasNotSummed"
	// BugWeightWrongRows builds Affine's ∂L/∂W = Xᵀ·dout with X's rows in
	// the wrong order (each image's input against another image's
	// gradient): the transpose done on the wrong axis.
	BugWeightWrongRows BackpropBug = "weightWrongRows"
	// BugSigmoidFromInput writes Sigmoid's backward dout·(1 − x)·x from
	// its input instead of its output y.
	BugSigmoidFromInput BackpropBug = "sigmoidFromInput"
	// BugReluMaskFromGradient takes ReLU's mask from the upstream gradient
	// (dout ≤ 0) instead of from the forward input (x ≤ 0).
	BugReluMaskFromGradient BackpropBug = "reluMaskFromGradient"
	// BugSoftmaxOneImage applies the one-image softmax to the whole batch:
	// one maximum and one sum over all N×10 scores (the book's repository
	// shipped softmax so once).
	BugSoftmaxOneImage BackpropBug = "softmaxOneImage"
)

// BugInfo describes a bug: the parameters whose check it spoils and the
// activation it needs ("" for either).
type BugInfo struct {
	Bug        BackpropBug `json:"name"`
	Spoils     []string    `json:"spoils"`
	Activation Activation  `json:"activation,omitempty"`
}

// Known reports whether b is one of BackpropBugs.
func (b BackpropBug) Known() bool {
	for _, i := range BackpropBugs {
		if i.Bug == b {
			return true
		}
	}
	return false
}

// BackpropBugs lists every bug, in the order the page offers them.
var BackpropBugs = []BugInfo{
	{BugSoftmaxNoN, []string{"W1", "b1", "W2", "b2"}, ""},
	{BugBiasNotSummed, []string{"b1", "b2"}, ""},
	{BugWeightWrongRows, []string{"W1", "W2"}, ""},
	{BugSigmoidFromInput, []string{"W1", "b1"}, ActSigmoid},
	{BugReluMaskFromGradient, []string{"W1", "b1"}, ActReLU},
	{BugSoftmaxOneImage, []string{"W1", "b1", "W2", "b2"}, ""},
}

// AffineLayer is the book's Affine layer: out = x·W + b, x n×In, W In×Out, b
// Out. W and b are the net's own slices (read, never written); DW and DB
// are ∂L/∂W and ∂L/∂b after Backward.
type AffineLayer struct {
	W, B    []float64
	In, Out int
	DW, DB  []float64
	Bug     BackpropBug
	x       []float64
	n       int
}

func (a *AffineLayer) Name() string { return "Affine" }

// Forward returns x·W + b, n×Out.
func (a *AffineLayer) Forward(x []float64, n int) []float64 {
	a.x, a.n = x, n
	out := make([]float64, n*a.Out)
	// Each out[i][j] is summed over p in ascending order from 0, then b[j]
	// is added, as the textbook loop does; running over a row of W at a
	// time reads W in the order it lies in memory.
	for i := range n {
		o := out[i*a.Out : (i+1)*a.Out]
		for p, xp := range x[i*a.In : (i+1)*a.In] {
			for j, w := range a.W[p*a.Out : (p+1)*a.Out] {
				o[j] += float64(xp * w)
			}
		}
		for j := range o {
			o[j] += a.B[j]
		}
	}
	return out
}

// Backward sets DW = xᵀ·dout and DB = dout summed over the batch, and
// returns ∂L/∂x = dout·Wᵀ, n×In.
func (a *AffineLayer) Backward(dout []float64) []float64 {
	n, In, Out := a.n, a.In, a.Out
	a.DW, a.DB = make([]float64, In*Out), make([]float64, Out)
	// DW[p][j] sums over the images i in ascending order from 0 (image
	// i's row of x, or the next image's with BugWeightWrongRows), a row
	// of DW at a time.
	for i := range n {
		r := i
		if a.Bug == BugWeightWrongRows {
			r = (i + 1) % n
		}
		d := dout[i*Out : (i+1)*Out]
		for p, xp := range a.x[r*In : (r+1)*In] {
			dw := a.DW[p*Out : (p+1)*Out]
			for j, g := range d {
				dw[j] += float64(xp * g)
			}
		}
	}
	for j := range Out {
		s := 0.0
		for i := range n {
			s += dout[i*Out+j]
			if a.Bug == BugBiasNotSummed {
				break // the first image's alone
			}
		}
		a.DB[j] = s
	}
	dx := make([]float64, n*In)
	for i := range n {
		for p := range In {
			s := 0.0
			for j := range Out {
				s += float64(dout[i*Out+j] * a.W[p*Out+j])
			}
			dx[i*In+p] = s
		}
	}
	return dx
}

// SigmoidLayer is the book's Sigmoid layer; it keeps its output y, since
// ∂y/∂x = y(1 − y).
type SigmoidLayer struct {
	Bug BackpropBug
	x   []float64
	out []float64
}

func (s *SigmoidLayer) Name() string { return "Sigmoid" }

// Forward returns 1/(1 + e⁻ˣ) elementwise.
func (s *SigmoidLayer) Forward(x []float64, n int) []float64 {
	s.x, s.out = x, make([]float64, len(x))
	for i, v := range x {
		s.out[i] = Sigmoid(v)
	}
	return s.out
}

// Backward returns dout·(1 − y)·y.
func (s *SigmoidLayer) Backward(dout []float64) []float64 {
	y := s.out
	if s.Bug == BugSigmoidFromInput {
		y = s.x
	}
	dx := make([]float64, len(dout))
	for i, yi := range y {
		dx[i] = float64(dout[i]*float64(1-yi)) * yi
	}
	return dx
}

// ReluLayer is the book's Relu layer; it keeps the mask of inputs ≤ 0.
type ReluLayer struct {
	Bug  BackpropBug
	mask []bool
}

func (r *ReluLayer) Name() string { return "Relu" }

// Forward returns max(0, x) elementwise.
func (r *ReluLayer) Forward(x []float64, n int) []float64 {
	r.mask = make([]bool, len(x))
	out := make([]float64, len(x))
	for i, v := range x {
		if v <= 0 {
			r.mask[i], v = true, 0
		}
		out[i] = v
	}
	return out
}

// Backward returns dout with the masked places set to 0.
func (r *ReluLayer) Backward(dout []float64) []float64 {
	dx := append([]float64(nil), dout...)
	for i := range dx {
		masked := r.mask[i]
		if r.Bug == BugReluMaskFromGradient {
			masked = dout[i] <= 0
		}
		if masked {
			dx[i] = 0
		}
	}
	return dx
}

// Dropout at test time, as the book's Dropout layer with train_flg False:
// every unit kept, scaled by 1 − Ratio. (A lesson's net has none.)
type DropoutLayer struct{ Ratio float64 }

func (d *DropoutLayer) Name() string { return "Dropout" }

// Forward returns x·(1 − Ratio).
func (d *DropoutLayer) Forward(x []float64, n int) []float64 {
	keep := 1 - d.Ratio
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = v * keep
	}
	return out
}

// Backward returns dout·(1 − Ratio).
func (d *DropoutLayer) Backward(dout []float64) []float64 { return d.Forward(dout, 0) }

// SoftmaxWithLossLayer is the book's last layer: softmax, then the
// cross-entropy against the labels t, averaged over the batch. Its
// backward is that loss's exact gradient (y − t)·y_t/(y_t + 1e-7)/N: the
// book writes (y − t)/N, the gradient of −log y_t without the 1e-7 guard
// its own loss adds (docs/book.md).
type SoftmaxWithLossLayer struct {
	Classes int
	Bug     BackpropBug
	x, y    []float64
	t       []int
}

func (s *SoftmaxWithLossLayer) Name() string { return "SoftmaxWithLoss" }

// Forward returns the mean cross-entropy of softmax(x) against t, one
// label per row of x; Y holds the probabilities afterwards.
func (s *SoftmaxWithLossLayer) Forward(x []float64, t []int) float64 {
	O, n := s.Classes, len(t)
	s.x, s.t, s.y = x, t, make([]float64, n*O)
	loss := 0.0
	for i := range n {
		softmax(x[i*O:(i+1)*O], s.y[i*O:(i+1)*O])
		loss += Log(s.y[i*O+t[i]] + crossEntropyDelta)
	}
	return -loss / float64(n)
}

// Y returns the probabilities of the last Forward, n×Classes.
func (s *SoftmaxWithLossLayer) Y() []float64 { return s.y }

// Backward returns ∂L/∂x, n×Classes, for ∂L/∂L = 1.
func (s *SoftmaxWithLossLayer) Backward() []float64 {
	O, n := s.Classes, len(s.t)
	y := s.y
	if s.Bug == BugSoftmaxOneImage {
		y = make([]float64, len(s.x))
		softmax(s.x, y)
	}
	div := n
	if s.Bug == BugSoftmaxNoN {
		div = 1
	}
	dx := make([]float64, n*O)
	for i := range n {
		softmaxLossRowBackward(y[i*O:(i+1)*O], s.t[i], div, dx[i*O:(i+1)*O])
	}
	return dx
}

// LayerNet is a TwoLayerNet as the book's layered TwoLayerNet (5.7):
// Affine → Sigmoid or Relu → (Dropout) → Affine, then SoftmaxWithLoss.
// Its layers read the net's weights; Bug, if set, is in the layer it
// belongs to.
type LayerNet struct {
	Layers []Layer
	Last   *SoftmaxWithLossLayer
	net    *TwoLayerNet
}

// Layered returns n as the book's layers, with bug (BugNone: none) in the
// layer it belongs to. A bug of the other activation changes nothing.
func (n *TwoLayerNet) Layered(bug BackpropBug) *LayerNet {
	a1 := &AffineLayer{W: n.W1, B: n.B1, In: n.Input, Out: n.Hidden, Bug: bug}
	a2 := &AffineLayer{W: n.W2, B: n.B2, In: n.Hidden, Out: n.Output, Bug: bug}
	var act Layer = &SigmoidLayer{Bug: bug}
	if n.Activation == ActReLU {
		act = &ReluLayer{Bug: bug}
	}
	l := &LayerNet{Layers: []Layer{a1, act}, Last: &SoftmaxWithLossLayer{Classes: n.Output, Bug: bug}, net: n}
	if n.DropoutRatio != 0 {
		l.Layers = append(l.Layers, &DropoutLayer{Ratio: n.DropoutRatio})
	}
	l.Layers = append(l.Layers, a2)
	return l
}

// Pass is what one layer did in a forward and backward pass: its input
// and output going forward, and ∂L/∂out and ∂L/∂in coming back, each n
// rows.
type Pass struct {
	Layer    Layer
	In, Out  []float64
	DOut, DX []float64
}

// LossAndGradient runs the layers forward on the batch (x n×Input, row
// major; labels n) and backward from the loss, and returns the loss (with
// the net's weight decay), the gradient (weight decay included) and each
// layer's pass, the loss layer's last.
func (l *LayerNet) LossAndGradient(x []float64, labels []int) (float64, *Grads, []Pass) {
	n := len(labels)
	passes := make([]Pass, len(l.Layers)+1)
	v := x
	for k, layer := range l.Layers {
		passes[k] = Pass{Layer: layer, In: v}
		v = layer.Forward(v, n)
		passes[k].Out = v
	}
	loss := l.Last.Forward(v, labels) + l.net.weightDecayLoss()
	last := len(l.Layers)
	passes[last] = Pass{Layer: nil, In: v, Out: l.Last.Y()}
	d := l.Last.Backward()
	passes[last].DX = d
	for k := len(l.Layers) - 1; k >= 0; k-- {
		passes[k].DOut = d
		d = l.Layers[k].Backward(d)
		passes[k].DX = d
	}
	a1, a2 := l.Layers[0].(*AffineLayer), l.Layers[len(l.Layers)-1].(*AffineLayer)
	g := &Grads{W1: a1.DW, B1: a1.DB, W2: a2.DW, B2: a2.DB}
	if λ := l.net.WeightDecay; λ != 0 {
		for i, w := range l.net.W1 {
			g.W1[i] += float64(λ * w)
		}
		for i, w := range l.net.W2 {
			g.W2[i] += float64(λ * w)
		}
	}
	return loss, g, passes
}

// BugRun trains a copy of net for n iterations of SGD with learning rate
// lr on mini-batches of batch images drawn from train (with replacement,
// by seed), its gradient from the book's layers with bug in its place, and
// returns the loss of each iteration: what a backward-pass mistake does to
// learning. BugNone gives the right run's losses.
func BugRun(net *TwoLayerNet, train *Dataset, bug BackpropBug, lr float64, batch, n int, seed uint64) []float64 {
	w := net.Clone()
	r := rand.New(rand.NewPCG(seed, 3))
	idx := make([]int, batch)
	var b *Batch
	losses := make([]float64, 0, n)
	for range n {
		for i := range idx {
			idx[i] = r.IntN(train.N)
		}
		b = train.Batch(idx, b)
		loss, g, _ := w.Layered(bug).LossAndGradient(b.X(), b.Labels)
		losses = append(losses, loss)
		for k, p := range paramSlices(w) {
			update(p, g.Slices()[k], lr, 0)
		}
	}
	return losses
}
