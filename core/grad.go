package core

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
)

// DefaultH is the book's step for numerical differentiation: small enough
// that the central difference's O(h²) error is negligible, large enough
// that f(x+h) − f(x−h) keeps most of float64's 16 digits.
const DefaultH = 1e-4

// NumericalGradient returns ∂f/∂x[i] ≈ (f(x+h) − f(x−h)) / 2h for every
// element of x, changing x[i] in place and restoring it before the next:
// the book's numerical_gradient. f reads x (typically a net's parameters)
// by itself, like the book's lambda W: net.loss(x, t).
func NumericalGradient(f func() float64, x []float64, h float64) []float64 {
	grad := make([]float64, len(x))
	for i, v := range x {
		x[i] = v + h
		fxh1 := f()
		x[i] = v - h
		fxh2 := f()
		grad[i] = (fxh1 - fxh2) / (2 * h)
		x[i] = v
	}
	return grad
}

// GradStep is one parameter's gradient check.
type GradStep struct {
	Key       string  `json:"key"` // W1, b1, W2 or b2
	Row       int     `json:"row"`
	Col       int     `json:"col"`
	Index     int     `json:"index"` // position among all parameters, 0-based
	Value     float64 `json:"value"` // w
	LossPlus  float64 `json:"lossPlus"`
	LossMinus float64 `json:"lossMinus"`
	Numerical float64 `json:"numerical"` // (L(w+h) − L(w−h)) / 2h
	Backprop  float64 `json:"backprop"`
	AbsErr    float64 `json:"absErr"`
	RelErr    float64 `json:"relErr"` // |num − bp| / max(|num|, |bp|), 0 if both are 0
	// Reason says why Backprop is exactly 0, when it is.
	Reason ZeroReason `json:"reason,omitempty"`
}

// ZeroReason says why a parameter's gradient is exactly 0 on the batch.
type ZeroReason string

const (
	// ZeroBlankPixel: a W1 weight whose pixel is blank in every image, so
	// it multiplies only zeros.
	ZeroBlankPixel ZeroReason = "blankPixel"
	// ZeroInactiveUnit: a weight or bias of a hidden unit whose output is 0
	// for every image (a ReLU unit whose input is ≤ 0 for all of them), so
	// no gradient flows back through it.
	ZeroInactiveUnit ZeroReason = "inactiveUnit"
	// ZeroOther: any other exact zero.
	ZeroOther ZeroReason = "other"
)

// Skipped counts the parameters a NextNonZero passed over, by reason.
type Skipped struct {
	BlankPixel   int `json:"blankPixel"`
	InactiveUnit int `json:"inactiveUnit"`
	Other        int `json:"other"`
}

// Total is the number of parameters skipped.
func (s Skipped) Total() int { return s.BlankPixel + s.InactiveUnit + s.Other }

// zeroReason says why parameter i of key's gradient would be 0 (its row
// and column in the parameter's matrix).
func (g *GradCheck) zeroReason(key string, row, col int) ZeroReason {
	H := g.net.Hidden
	inactive := func(j int) bool {
		for i := range g.batch.N {
			if g.z1[i*H+j] != 0 {
				return false
			}
		}
		return true
	}
	switch {
	case key == "W1" && !g.used[row]:
		return ZeroBlankPixel
	case key == "W1" && inactive(col), key == "b1" && inactive(col), key == "W2" && inactive(row):
		return ZeroInactiveUnit
	}
	return ZeroOther
}

// GradCheck compares numerical and backpropagation gradients one
// parameter at a time for a fixed batch.
//
// Each loss evaluation recomputes only what the changed parameter feeds:
// for W1[p][j] or b1[j], hidden unit j of every image and layer 2; for W2
// or b2, layer 2. The sums are formed in the same order as the full
// forward pass, so without weight decay L(w±h) has exactly the bits a full
// recomputation gives (TestGradCheckMatchesFullRecompute); the weight-decay
// term is updated for the changed weight alone. A W1 entry whose pixel is
// zero in every image cannot change the loss: L(w±h) = L(w) without
// evaluating, as a full recomputation would find.
type GradCheck struct {
	net   *TwoLayerNet
	batch *Batch
	H     float64 // step h
	bp    *Grads  // backpropagation gradient
	ce0   float64 // mean cross-entropy at θ
	next  int

	z1    []float64 // cached N×Hidden: the hidden layer's output after dropout
	ce    []float64 // per-image cross-entropy at θ
	wd    float64   // ΣW1² + ΣW2² at θ
	used  []bool    // pixel p is non-zero in some image
	rows  [][]int32 // per image: non-zero pixels
	coef  [][]float64
	z, a2 []float64 // one image's hidden row and scores
	y     []float64
	all   []int32
}

// NewGradCheck prepares a gradient check of net on b with step h: it runs
// backpropagation once and caches the forward pass. net must not change
// while the check is in use, except through the check itself.
func NewGradCheck(net *TwoLayerNet, b *Batch, h float64) *GradCheck {
	return NewGradCheckBug(net, b, h, BugNone)
}

// NewGradCheckBug is NewGradCheck with the backpropagation gradient taken
// from the book's layers with bug in its place (LayerNet): the numerical
// side is the loss itself, which no backward pass touches, so the check
// shows which parameters the bug spoils. BugNone gives NewGradCheck's
// check (the layers have the trainer's bits).
func NewGradCheckBug(net *TwoLayerNet, b *Batch, h float64, bug BackpropBug) *GradCheck {
	g := &GradCheck{net: net, batch: b, H: h}
	if bug == BugNone {
		g.bp = net.Gradient(b)
	} else {
		_, g.bp, _ = net.Layered(bug).LossAndGradient(b.X(), b.Labels)
	}
	H, O, N := net.Hidden, net.Output, b.N
	ws := &net.ws
	g.ce0 = net.forward(b, nil)
	g.z1 = append([]float64(nil), ws.h1[:N*H]...)
	g.ce = make([]float64, N)
	for i := range N {
		g.ce[i] = -Log(ws.y[i*O+b.Labels[i]] + crossEntropyDelta)
	}
	g.wd = net.weightSquares()
	g.used = make([]bool, net.Input)
	for i := range N {
		pix, val := b.nonzero(i)
		var rows []int32
		var coef []float64
		for k, p := range pix {
			g.used[p] = true
			rows = append(rows, int32(p))
			coef = append(coef, pixelScale[val[k]])
		}
		g.rows = append(g.rows, rows)
		g.coef = append(g.coef, coef)
	}
	g.z, g.a2, g.y = make([]float64, H), make([]float64, O), make([]float64, O)
	g.all, _ = rowsAndOnes(max(H, O))
	return g
}

// Total returns the number of parameters.
func (g *GradCheck) Total() int { return g.net.paramCount() }

// Next checks the parameter after the last one checked (W1[0][0] first,
// then row by row through W1, b1, W2, b2) and reports whether there was
// one.
func (g *GradCheck) Next() (GradStep, bool) {
	if g.next >= g.Total() {
		return GradStep{}, false
	}
	s := g.checkIndex(g.next)
	g.next++
	return s, true
}

// At checks the parameter key[row][col] (row 0 for a bias) and makes it the
// last one checked. An unknown key or a position outside the shape is an
// error.
func (g *GradCheck) At(key string, row, col int) (GradStep, error) {
	off := 0
	for _, p := range g.net.Params() {
		if p.Key == key {
			if row < 0 || row >= p.Rows || col < 0 || col >= p.Cols {
				return GradStep{}, fmt.Errorf("gradcheck: %s has shape %d×%d; [%d][%d] is outside it", key, p.Rows, p.Cols, row, col)
			}
			i := off + row*p.Cols + col
			g.next = i + 1
			return g.checkIndex(i), nil
		}
		off += len(p.W)
	}
	return GradStep{}, fmt.Errorf("gradcheck: unknown parameter %q (want W1, b1, W2 or b2)", key)
}

func (g *GradCheck) checkIndex(i int) GradStep {
	params := g.net.Params()
	bps := g.bp.Slices()
	for k, p := range params {
		if i < len(p.W) {
			s := GradStep{Key: p.Key, Row: i / p.Cols, Col: i % p.Cols, Value: p.W[i], Backprop: bps[k][i]}
			s.Index = i + offsetOf(params, k)
			s.LossPlus, s.LossMinus = g.lossPair(k, p, i)
			s.Numerical = (s.LossPlus - s.LossMinus) / (2 * g.H)
			s.AbsErr = math.Abs(s.Numerical - s.Backprop)
			if m := max(math.Abs(s.Numerical), math.Abs(s.Backprop)); m > 0 {
				s.RelErr = s.AbsErr / m
			}
			if s.Backprop == 0 {
				s.Reason = g.zeroReason(s.Key, s.Row, s.Col)
			}
			return s
		}
		i -= len(p.W)
	}
	panic("gradcheck: index out of range")
}

func offsetOf(params []Param, k int) int {
	off := 0
	for _, p := range params[:k] {
		off += len(p.W)
	}
	return off
}

// lossPair returns L(w+h) and L(w−h) for parameter k's element i.
func (g *GradCheck) lossPair(k int, p Param, i int) (plus, minus float64) {
	v := p.W[i]
	eval := func(w float64) float64 {
		p.W[i] = w
		l := g.loss(k, i, p.Cols)
		if p.Key[0] == 'W' {
			l += float64(0.5*g.net.WeightDecay) * swapSquare(g.wd, v, w)
		} else if g.net.WeightDecay != 0 {
			l += float64(0.5*g.net.WeightDecay) * g.wd
		}
		return l
	}
	plus = eval(v + g.H)
	minus = eval(v - g.H)
	p.W[i] = v
	return plus, minus
}

// loss returns the mean cross-entropy with parameter k's element i as it
// is now, recomputing what that element feeds.
func (g *GradCheck) loss(k, i, cols int) float64 {
	n := g.net
	if k == 0 && !g.used[i/cols] {
		return g.ce0
	}
	H := n.Hidden
	sum := 0.0
	for b := range g.batch.N {
		z := g.z1[b*H : (b+1)*H]
		if k < 2 { // W1 or b1: hidden unit j changes
			j := i % cols
			if k == 0 && !usesPixel(g.rows[b], i/cols) {
				sum += -g.ce[b]
				continue
			}
			copy(g.z, z)
			var a [1]float64
			combRows(a[:], n.W1[j:], H, g.rows[b], g.coef[b])
			a[0] += n.B1[j]
			n.activationForward(a[:], a[:])
			if n.DropoutRatio != 0 {
				a[0] *= 1 - n.DropoutRatio
			}
			g.z[j] = a[0]
			z = g.z
		}
		n.affine2Row(g.a2, z, g.all)
		sum += logLikelihood(g.a2, g.y, g.batch.Labels[b])
	}
	return -sum / float64(g.batch.N)
}

func usesPixel(rows []int32, p int) bool {
	for _, r := range rows {
		if int(r) == p {
			return true
		}
		if int(r) > p {
			return false
		}
	}
	return false
}

// KeyDiff is one parameter's mean absolute difference between the
// backpropagation and numerical gradients: the book's gradient check.
type KeyDiff struct {
	Key  string  `json:"key"`
	Diff float64 `json:"diff"`
}

// CheckAll runs the check over every parameter from the first and returns
// the mean |backprop − numerical| per key, in the book's order W1, b1, W2,
// b2. progress, if not nil, is called with the number done now and then.
// It also returns the absolute differences of W1, Input×Hidden.
func (g *GradCheck) CheckAll(progress func(done, total int)) ([]KeyDiff, []float64) {
	g.next = 0
	total := g.Total()
	var out []KeyDiff
	w1 := make([]float64, len(g.net.W1))
	for _, p := range g.net.Params() {
		sum := 0.0
		for range p.W {
			s, _ := g.Next()
			sum += s.AbsErr
			if p.Key == "W1" {
				w1[s.Index] = s.AbsErr
			}
			if progress != nil && (g.next%1000 == 0 || g.next == total) {
				progress(g.next, total)
			}
		}
		out = append(out, KeyDiff{p.Key, sum / float64(len(p.W))})
	}
	return out, w1
}

// FormatKeyDiffs prints the diffs as the book does, one KEY:VALUE line per
// key, the value in Python's shortest repr (2.2232374779e-13).
func FormatKeyDiffs(d []KeyDiff) string {
	var b strings.Builder
	for _, k := range d {
		b.WriteString(k.Key + ":" + pyFloat(k.Diff) + "\n")
	}
	return b.String()
}

// pyFloat formats x like Python's repr of a float.
func pyFloat(x float64) string {
	s := strconv.FormatFloat(x, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eIN") {
		s += ".0"
	}
	return s
}

// Rewind makes W1[0][0] the next parameter Next checks.
func (g *GradCheck) Rewind() { g.next = 0 }

// NextNonZero is Next, skipping the parameters whose backpropagation
// gradient is exactly 0 (W1's rows for pixels blank in every image of the
// batch, mostly, and a ReLU net's inactive units: both gradients are 0
// there, and the check shows nothing). It returns how many it skipped, by
// reason.
func (g *GradCheck) NextNonZero() (s GradStep, skipped Skipped, ok bool) {
	params := g.net.Params()
	flat := g.bp.Slices()
	for g.next < g.Total() {
		i, k := g.next, 0
		for i >= len(flat[k]) {
			i -= len(flat[k])
			k++
		}
		if flat[k][i] != 0 {
			break
		}
		switch g.zeroReason(params[k].Key, i/params[k].Cols, i%params[k].Cols) {
		case ZeroBlankPixel:
			skipped.BlankPixel++
		case ZeroInactiveUnit:
			skipped.InactiveUnit++
		default:
			skipped.Other++
		}
		g.next++
	}
	s, ok = g.Next()
	return s, skipped, ok
}

// HPoint is the check of one parameter with one step h.
type HPoint struct {
	H         float64 `json:"h"`
	Numerical float64 `json:"numerical"`
	LossDiff  float64 `json:"lossDiff"` // L(w+h) − L(w−h)
	AbsErr    float64 `json:"absErr"`
	RelErr    float64 `json:"relErr"`
}

// SweepH checks key[row][col] with each step in hs: a large h has
// truncation error (the central difference is exact only for quadratics),
// a tiny one rounding error (L(w±h) agree in more and more of their 16
// digits), which is why the book uses 1e-4. The check's own h is left as
// it was. Errors as At's.
func (g *GradCheck) SweepH(key string, row, col int, hs []float64) ([]HPoint, error) {
	h0, next := g.H, g.next
	defer func() { g.H, g.next = h0, next }()
	out := make([]HPoint, 0, len(hs))
	for _, h := range hs {
		g.H = h
		s, err := g.At(key, row, col)
		if err != nil {
			return nil, err
		}
		out = append(out, HPoint{H: h, Numerical: s.Numerical, LossDiff: s.LossPlus - s.LossMinus, AbsErr: s.AbsErr, RelErr: s.RelErr})
	}
	return out, nil
}

// BookCheckNet is the net the book's gradient_check.py checks: a freshly
// initialised 784-50-10 TwoLayerNet, weight_init_std 0.01, its weights
// drawn from seed. The book's is chapter 5's, with ReLU.
func BookCheckNet(act Activation, seed uint64) *TwoLayerNet {
	n := NewTwoLayerNet(MNISTInput, 50, MNISTClasses, 0.01, rand.New(rand.NewPCG(seed, 1)))
	n.Activation = act
	return n
}

// BookGradCheck is what the book prints for gradient_check.py (chapter 5):
// the mean |backprop − numerical| per parameter of its randomly initialised
// ReLU net (BookCheckNet) on the first three training images.
var BookGradCheck = []KeyDiff{
	{"W1", 2.2232446644e-13}, {"b1", 9.70418809871e-13}, {"W2", 8.41139039497e-13}, {"b2", 1.1945999745e-10},
}
