package core

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"
)

// Tolerances, and where they come from.
const (
	// gradTolSmall bounds |backprop − numerical| on small nets. The central
	// difference's truncation error is h²/6·|f'''| ≈ 2e-9·|f'''| with h =
	// 1e-4, and its rounding error about ε·|L|/h ≈ 1e-16·2.3/1e-4 ≈ 2e-12;
	// the losses here have |f'''| well below 1e-2.
	gradTolSmall = 1e-9
	// bookCheckTol bounds the mean |backprop − numerical| per key in the
	// book's 784-50-10 check, which prints values from 1e-13 (W1) to 1e-10
	// (b2). One order of magnitude above the largest.
	bookCheckTol = 1e-9
	// fdTol bounds the difference from gonum's diff/fd central gradient
	// (its default step is 6e-6 for the central formula: rounding error
	// ≈ ε·|L|/h ≈ 4e-11).
	fdTol = 1e-8
	// gonumTol bounds the difference between our forward pass and one made
	// of gonum's mat.Mul: the same products summed in another order, a few
	// ulps of values of order 1.
	gonumTol = 1e-13
)

// randomBatch makes n images of dim pixels, about 80% of them zero like
// MNIST's, with labels below classes.
func randomBatch(seed uint64, n, dim, classes int) *Batch {
	r := seeded(seed)
	imgs := make([][]byte, n)
	labels := make([]int, n)
	for i := range imgs {
		imgs[i] = make([]byte, dim)
		for p := range imgs[i] {
			if r.Float64() < 0.2 {
				imgs[i][p] = byte(1 + r.IntN(255))
			}
		}
		labels[i] = r.IntN(classes)
	}
	return BatchFromPixels(dim, imgs, labels)
}

type netCase struct {
	name    string
	act     Activation
	init    Init
	decay   float64
	dropout float64
}

var netCases = []netCase{
	{"sigmoid", ActSigmoid, InitStd, 0, 0},
	{"relu", ActReLU, InitHe, 0, 0},
	{"sigmoid+decay", ActSigmoid, InitXavier, 0.1, 0},
	{"relu+decay+dropout", ActReLU, InitHe, 0.05, 0.3},
}

func smallNet(c netCase, in, hidden, out int, seed uint64) *TwoLayerNet {
	n := newEmptyNet(in, hidden, out, c.act)
	n.Initialize(c.init, 0.5, seeded(seed))
	for i := range n.B1 { // non-zero biases exercise their gradients
		n.B1[i] = 0.1 * float64(i%5-2)
	}
	for i := range n.B2 {
		n.B2[i] = 0.05 * float64(i%3-1)
	}
	n.WeightDecay, n.DropoutRatio = c.decay, c.dropout
	return n
}

func bitsEqual(t *testing.T, what string, got, want []float64) {
	t.Helper()
	for i := range want {
		if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
			t.Fatalf("%s[%d] = %v, want %v", what, i, got[i], want[i])
		}
	}
}

// TestFastMatchesNaive: the sparse, blocked network and the dense triple
// loops give the same bits.
func TestFastMatchesNaive(t *testing.T) {
	for _, c := range netCases {
		t.Run(c.name, func(t *testing.T) {
			for _, h := range []int{3, 50} {
				net := smallNet(c, 64, h, 10, 5)
				b := randomBatch(6, 17, 64, 10)
				wantLoss, want := net.lossAndGradientNaive(b)
				if got := net.Loss(b); got != wantLoss {
					t.Fatalf("hidden %d: Loss = %v, naive %v", h, got, wantLoss)
				}
				got := net.Gradient(b)
				for k, p := range net.Params() {
					bitsEqual(t, fmt.Sprintf("hidden %d d%s", h, p.Key), got.Slices()[k], want.Slices()[k])
				}
			}
		})
	}
}

// TestForwardMatchesGonum checks the forward pass against one built from
// gonum's mat.Mul.
func TestForwardMatchesGonum(t *testing.T) {
	net := smallNet(netCases[0], 64, 20, 10, 8)
	b := randomBatch(9, 12, 64, 10)
	X := mat.NewDense(b.N, 64, b.X())
	var a1 mat.Dense
	a1.Mul(X, mat.NewDense(64, 20, net.W1))
	a1.Apply(func(_, j int, v float64) float64 { return 1 / (1 + math.Exp(-(v + net.B1[j]))) }, &a1)
	var a2 mat.Dense
	a2.Mul(&a1, mat.NewDense(20, 10, net.W2))
	got := net.Predict(b)
	for i := range b.N {
		row := make([]float64, 10)
		mx := math.Inf(-1)
		for k := range row {
			row[k] = a2.At(i, k) + net.B2[k]
			mx = math.Max(mx, row[k])
		}
		s := 0.0
		for k := range row {
			row[k] = math.Exp(row[k] - mx)
			s += row[k]
		}
		for k := range row {
			if d := math.Abs(got[i*10+k] - row[k]/s); d > gonumTol {
				t.Fatalf("y[%d][%d] = %v, gonum %v", i, k, got[i*10+k], row[k]/s)
			}
		}
	}
}

// TestGradientMatchesNumerical: backpropagation against the book's central
// differences on every parameter of small nets.
func TestGradientMatchesNumerical(t *testing.T) {
	for _, c := range netCases {
		t.Run(c.name, func(t *testing.T) {
			net := smallNet(c, 30, 7, 4, 21)
			b := randomBatch(22, 5, 30, 4)
			bp := net.Gradient(b)
			num := net.referenceNumericalGradient(b, DefaultH)
			for k, p := range net.Params() {
				for i := range p.W {
					g, n := bp.Slices()[k][i], num.Slices()[k][i]
					if math.Abs(g-n) > gradTolSmall {
						t.Fatalf("d%s[%d]: backprop %v, numerical %v", p.Key, i, g, n)
					}
				}
			}
		})
	}
}

// TestGradientMatchesGonumFD checks backpropagation independently, with
// gonum's finite differences over all parameters as one vector.
func TestGradientMatchesGonumFD(t *testing.T) {
	for _, c := range netCases[:2] {
		t.Run(c.name, func(t *testing.T) {
			net := smallNet(c, 20, 6, 3, 31)
			b := randomBatch(32, 4, 20, 3)
			params := net.Params()
			var theta []float64
			for _, p := range params {
				theta = append(theta, p.W...)
			}
			set := func(x []float64) {
				for _, p := range params {
					x = x[copy(p.W, x):]
				}
			}
			f := func(x []float64) float64 { set(x); return net.Loss(b) }
			want := fd.Gradient(nil, f, append([]float64(nil), theta...), &fd.Settings{Formula: fd.Central})
			set(theta)
			var got []float64
			for _, g := range net.Gradient(b).Slices() {
				got = append(got, g...)
			}
			for i := range want {
				if math.Abs(got[i]-want[i]) > fdTol {
					t.Fatalf("parameter %d: backprop %v, gonum fd %v", i, got[i], want[i])
				}
			}
		})
	}
}

// TestSGDStepMatchesGradient: the fused training step equals Gradient
// followed by θ ← θ − lr·∂L/∂θ, bit for bit, with a hidden layer of 12
// and of 20 (a multiple of ten: in WebAssembly, W1's gradient and update
// then run in one assembly pass, sgdW1Asm).
func TestSGDStepMatchesGradient(t *testing.T) {
	for _, c := range netCases[:3] { // no dropout: Gradient is test-time
		for _, hidden := range []int{12, 20} {
			t.Run(fmt.Sprint(c.name, "/", hidden), func(t *testing.T) {
				net := smallNet(c, 64, hidden, 10, 41)
				b := randomBatch(42, 9, 64, 10)
				ref := net.Clone()
				g := ref.Gradient(b)
				for k, p := range ref.Params() {
					for i := range p.W {
						p.W[i] -= float64(0.3 * g.Slices()[k][i])
					}
				}
				net.sgdStep(b, 0.3, nil)
				for k, p := range net.Params() {
					bitsEqual(t, p.Key, p.W, ref.Params()[k].W)
				}
			})
		}
	}
}

// TestGradCheckMatchesFullRecompute: the stepped check's L(w±h), which
// recompute only what w feeds, have the bits of the full loss (no weight
// decay), and its errors are small.
func TestGradCheckMatchesFullRecompute(t *testing.T) {
	for _, c := range []netCase{netCases[0], netCases[1], {"relu+dropout", ActReLU, InitHe, 0, 0.25}} {
		t.Run(c.name, func(t *testing.T) {
			net := smallNet(c, 40, 6, 5, 51)
			b := randomBatch(52, 3, 40, 5)
			num := net.referenceNumericalGradient(b, DefaultH)
			g := NewGradCheck(net, b, DefaultH)
			for k, p := range net.Params() {
				for i := range p.W {
					s, ok := g.Next()
					if !ok || s.Key != p.Key || s.Row*p.Cols+s.Col != i {
						t.Fatalf("step %v, want %s[%d]", s, p.Key, i)
					}
					if s.Numerical != num.Slices()[k][i] {
						t.Fatalf("%s[%d]: stepped numerical %v, full recompute %v", p.Key, i, s.Numerical, num.Slices()[k][i])
					}
					if s.AbsErr > gradTolSmall {
						t.Fatalf("%s[%d]: |numerical − backprop| = %v", p.Key, i, s.AbsErr)
					}
				}
			}
			if _, ok := g.Next(); ok {
				t.Fatal("Next went past the last parameter")
			}
		})
	}
}

func TestGradCheckWithWeightDecay(t *testing.T) {
	net := smallNet(netCases[2], 40, 6, 5, 61)
	b := randomBatch(62, 3, 40, 5)
	g := NewGradCheck(net, b, DefaultH)
	for {
		s, ok := g.Next()
		if !ok {
			break
		}
		if s.AbsErr > gradTolSmall {
			t.Fatalf("%s[%d][%d]: numerical %v, backprop %v", s.Key, s.Row, s.Col, s.Numerical, s.Backprop)
		}
	}
}

func TestGradCheckAt(t *testing.T) {
	net := smallNet(netCases[0], 40, 6, 5, 71)
	b := randomBatch(72, 3, 40, 5)
	g := NewGradCheck(net, b, DefaultH)
	s, err := g.At("W2", 4, 3)
	if err != nil {
		t.Fatal(err)
	}
	w := net.W2[4*5+3]
	if s.Value != w || s.Index != 40*6+6+4*5+3 {
		t.Errorf("At(W2, 4, 3) = %+v; want value %v, index %d", s, w, 40*6+6+4*5+3)
	}
	if s.RelErr > 1e-6 {
		t.Errorf("relative error %v", s.RelErr)
	}
	next, _ := g.Next()
	if next.Key != "W2" || next.Row != 4 || next.Col != 4 {
		t.Errorf("Next after At(W2, 4, 3) is %s[%d][%d]", next.Key, next.Row, next.Col)
	}
	for _, bad := range []struct {
		key      string
		row, col int
		msg      string
	}{
		{"W3", 0, 0, `gradcheck: unknown parameter "W3" (want W1, b1, W2 or b2)`},
		{"W1", 40, 0, "gradcheck: W1 has shape 40×6; [40][0] is outside it"},
		{"b2", 0, -1, "gradcheck: b2 has shape 1×5; [0][-1] is outside it"},
	} {
		if _, err := g.At(bad.key, bad.row, bad.col); err == nil || err.Error() != bad.msg {
			t.Errorf("At(%s, %d, %d): error %v, want %q", bad.key, bad.row, bad.col, err, bad.msg)
		}
	}
}

// TestBookGradCheck is the book's gradient_check.py: 784-50-10, the first
// three training images, mean |backprop − numerical| per key.
func TestBookGradCheck(t *testing.T) {
	train, _ := loadMNIST(t)
	for _, act := range []Activation{ActSigmoid, ActReLU} {
		net := newEmptyNet(784, 50, 10, act)
		net.Initialize(InitStd, 0.01, seeded(1))
		b := train.Batch([]int{0, 1, 2}, nil)
		diffs, w1 := NewGradCheck(net, b, DefaultH).CheckAll(nil)
		t.Logf("%s:\n%s", act, FormatKeyDiffs(diffs))
		for i, d := range diffs {
			if want := []string{"W1", "b1", "W2", "b2"}[i]; d.Key != want || !(d.Diff < bookCheckTol) {
				t.Errorf("%s: %s:%v, want key %s below %g", act, d.Key, d.Diff, want, bookCheckTol)
			}
		}
		if len(w1) != 784*50 {
			t.Errorf("W1 differences: %d values", len(w1))
		}
	}
}
