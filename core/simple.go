package core

// SimpleNet is chapter 4's simpleNet: one 2×3 weight matrix W, no bias,
// softmax and cross-entropy. It exists to show that ∂L/∂W has W's shape.
type SimpleNet struct {
	W [6]float64 // 2×3, row-major
}

// Predict returns x·W for a 2-vector x.
func (s *SimpleNet) Predict(x [2]float64) [3]float64 {
	var p [3]float64
	for j := range p {
		p[j] = float64(x[0]*s.W[j]) + float64(x[1]*s.W[3+j])
	}
	return p
}

// Loss returns the cross-entropy of softmax(x·W) against the one-hot t.
func (s *SimpleNet) Loss(x [2]float64, t [3]float64) float64 {
	p := s.Predict(x)
	var y [3]float64
	softmax(p[:], y[:])
	l := 0.0
	for k := range y {
		l += float64(t[k] * Log(y[k]+crossEntropyDelta))
	}
	return -l
}

// NumericalGradient returns ∂L/∂W by central differences with step h,
// 2×3 like W.
func (s *SimpleNet) NumericalGradient(x [2]float64, t [3]float64, h float64) [6]float64 {
	g := NumericalGradient(func() float64 { return s.Loss(x, t) }, s.W[:], h)
	return [6]float64(g)
}

// SimpleNetRun is the book's simpleNet example worked through (4.4.2):
// its weights, input, one-hot label, scores, loss and numerical dW (2×3,
// row-major like W).
type SimpleNetRun struct {
	W    [6]float64 `json:"W"`
	DW   [6]float64 `json:"dW"`
	X    [2]float64 `json:"x"`
	T    [3]float64 `json:"t"`
	P    [3]float64 `json:"p"`
	Loss float64    `json:"loss"`
}

// BookSimpleNet runs the book's simpleNet example: the weights it prints,
// x = [0.6, 0.9], t = [0, 0, 1], dW by central differences with DefaultH.
func BookSimpleNet() SimpleNetRun {
	n := SimpleNet{W: [6]float64{
		0.47355232, 0.9977393, 0.84668094,
		0.85557411, 0.03563661, 0.69422093,
	}}
	r := SimpleNetRun{W: n.W, X: [2]float64{0.6, 0.9}, T: [3]float64{0, 0, 1}}
	r.P, r.Loss = n.Predict(r.X), n.Loss(r.X, r.T)
	r.DW = n.NumericalGradient(r.X, r.T, DefaultH)
	return r
}
