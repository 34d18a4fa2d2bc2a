package core

import (
	"math"
	"testing"
)

// numLossTol bounds the relative difference between the incremental
// L(θ ± h) and a full recomputation: the same terms summed in another
// order, each image's cross-entropy formed from cached exponentials. A few
// ulps of a loss of order 1, with the batch's N terms: 1e-12 leaves room.
const numLossTol = 1e-12

// TestNumericalLossesMatchFullRecompute: for every parameter of small nets
// (sigmoid, ReLU, weight decay), the incremental L(θ ± h) agree with the
// loss recomputed in full to numLossTol, and the numerical gradient with
// the full one to gradTolSmall.
func TestNumericalLossesMatchFullRecompute(t *testing.T) {
	for _, c := range netCases[:3] { // dropout cannot be differentiated numerically
		t.Run(c.name, func(t *testing.T) {
			net := smallNet(c, 40, 6, 5, 91)
			b := randomBatch(92, 7, 40, 5)
			cache := newNumCache(net, b)
			if full := net.Loss(b); math.Abs(cache.loss-full) > numLossTol*full {
				t.Fatalf("L(θ) %v, full %v", cache.loss, full)
			}
			worst := 0.0
			for k, p := range net.Params() {
				for i := range p.W {
					plus, minus := cache.numericalLosses(k, i, DefaultH)
					v := p.W[i]
					p.W[i] = v + DefaultH
					fp := net.Loss(b)
					p.W[i] = v - DefaultH
					fm := net.Loss(b)
					p.W[i] = v
					for _, d := range []float64{math.Abs(plus-fp) / fp, math.Abs(minus-fm) / fm} {
						worst = max(worst, d)
						if d > numLossTol {
							t.Fatalf("%s[%d]: L(w±h) %v %v, full %v %v", p.Key, i, plus, minus, fp, fm)
						}
					}
				}
			}
			t.Logf("largest relative difference from the full recomputation: %.2g", worst)
			fast, full := net.numericalGradient(b, DefaultH), net.NumericalGradient(b, DefaultH)
			for k, g := range fast.Slices() {
				for i, v := range g {
					if d := math.Abs(v - full.Slices()[k][i]); d > gradTolSmall {
						t.Fatalf("param %d[%d]: %v, full %v", k, i, v, full.Slices()[k][i])
					}
				}
			}
		})
	}
}

func TestExpSmall(t *testing.T) {
	for _, d := range []float64{0, 1e-12, -3e-7, 2.5e-5, -9.9e-4, 1e-3, 0.01, -2} {
		if got, want := expSmall(d), math.Exp(d); math.Abs(got-want) > 4e-16*want { // two ulps: core.Exp and math.Exp may differ in the last bit
			t.Errorf("expSmall(%v) = %v, exp %v", d, got, want)
		}
	}
}

// BenchmarkNumericalStep is one step of chapter 4's numerical gradient on
// the book's net: all 39,760 parameters of 784-50-10, a batch of 100.
func BenchmarkNumericalStep(b *testing.B) {
	train, _ := loadMNIST(b)
	net := NewTwoLayerNet(784, 50, 10, 0.01, seeded(1))
	batch := train.Batch(seq(100), nil)
	for b.Loop() {
		net.numericalGradient(batch, DefaultH)
	}
}
