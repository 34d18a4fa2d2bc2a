package core

import (
	"math"
	"math/rand/v2"
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
			fast, full := net.numericalGradient(b, DefaultH), net.referenceNumericalGradient(b, DefaultH)
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

// TestGradCheckZeroReasons: a ReLU unit that is off for every image has
// zero gradients for its weights even where the pixel is inked, and the
// check says so, not that the pixel is blank.
func TestGradCheckZeroReasons(t *testing.T) {
	train, _ := smallMNIST(t, 10, 1)
	net := NewTwoLayerNet(784, 10, 10, 0.01, rand.New(rand.NewPCG(1, 2)))
	net.Activation = ActReLU
	net.B1[0] = -100 // unit 0 is off for every image
	b := train.Batch([]int{0, 1, 2}, nil)
	g := NewGradCheck(net, b, DefaultH)
	inked := -1
	for p := range 784 {
		if b.X()[p] != 0 {
			inked = p
			break
		}
	}
	for _, c := range []struct {
		key      string
		row, col int
		want     ZeroReason
	}{
		{"W1", 0, 0, ZeroBlankPixel}, {"W1", 0, 3, ZeroBlankPixel},
		{"W1", inked, 0, ZeroInactiveUnit}, {"b1", 0, 0, ZeroInactiveUnit}, {"W2", 0, 4, ZeroInactiveUnit},
	} {
		s, err := g.At(c.key, c.row, c.col)
		if err != nil || s.Backprop != 0 || s.Reason != c.want {
			t.Errorf("%s[%d][%d]: backprop %v, reason %q, want %q (%v)", c.key, c.row, c.col, s.Backprop, s.Reason, c.want, err)
		}
	}
	if s, _ := g.At("W1", inked, 1); s.Backprop == 0 || s.Reason != "" {
		t.Errorf("an active unit's inked weight: %+v", s)
	}
	g.Rewind()
	total := Skipped{}
	for {
		_, skipped, ok := g.NextNonZero()
		total.BlankPixel += skipped.BlankPixel
		total.InactiveUnit += skipped.InactiveUnit
		total.Other += skipped.Other
		if !ok {
			break
		}
	}
	if total.InactiveUnit < 10 || total.BlankPixel == 0 {
		t.Errorf("skipped over all parameters: %+v", total)
	}
}

// TestGradCheckLesson checks what the page's lesson shows: Next skips the
// zero gradients of blank pixels, and the error against h is smallest near
// the book's 1e-4, larger for big h (truncation) and tiny h (rounding).
func TestGradCheckLesson(t *testing.T) {
	train, _ := smallMNIST(t, 10, 1)
	net := NewTwoLayerNet(784, 10, 10, 0.01, rand.New(rand.NewPCG(1, 2)))
	g := NewGradCheck(net, train.Batch([]int{0, 1, 2}, nil), DefaultH)
	s, skipped, ok := g.NextNonZero()
	if !ok || s.Backprop == 0 || skipped.Total() == 0 || s.Index != skipped.Total() || skipped.BlankPixel != skipped.Total() {
		t.Fatalf("first non-zero: %+v after %+v skipped", s, skipped)
	}
	hs := []float64{1e-1, 1e-4, 1e-12}
	pts, err := g.SweepH("W2", 0, 0, hs)
	if err != nil {
		t.Fatal(err)
	}
	if g.H != DefaultH {
		t.Errorf("SweepH left h at %g", g.H)
	}
	if !(pts[1].AbsErr < pts[0].AbsErr && pts[1].AbsErr < pts[2].AbsErr) {
		t.Errorf("errors %g (h=0.1), %g (h=1e-4), %g (h=1e-12): want the middle smallest", pts[0].AbsErr, pts[1].AbsErr, pts[2].AbsErr)
	}
	if _, err := g.SweepH("W3", 0, 0, hs); err == nil {
		t.Error("W3 accepted")
	}
}

// TestTrialStepTime: timing a step, of either method, changes nothing of
// the run (how long it takes is for make bench, not a test).
func TestTrialStepTime(t *testing.T) {
	train, test := smallMNIST(t, 1000, 100)
	cfg := BookConfig()
	cfg.Iterations, cfg.Gradient = 3, GradNumerical
	num := mustTrainer(t, cfg, train, test)
	before := digest(num)
	if d := num.TrialStepTime(); d <= 0 || digest(num) != before || num.Iteration != 0 {
		t.Error("TrialStepTime changed the run")
	}
	job := num.TrialNumerical()
	if len(job.Batch) != cfg.BatchSize || job.Iteration != 1 || digest(num) != before {
		t.Errorf("TrialNumerical: %d images for iteration %d, or the run changed", len(job.Batch), job.Iteration)
	}
	if g, err := num.NumericalPart(job, 0, 10); err != nil || len(g) != 10 || digest(num) != before {
		t.Errorf("a trial's part: %d values, %v", len(g), err)
	}
	cfg.Gradient = GradBackprop
	bp := mustTrainer(t, cfg, train, test)
	if d := bp.TrialStepTime(); d <= 0 {
		t.Errorf("a backpropagation step timed %v", d)
	}
	// The run still trains as one never timed.
	other := mustTrainer(t, cfg, train, test)
	if err := bp.Run(3); err != nil {
		t.Fatal(err)
	}
	if err := other.Run(3); err != nil {
		t.Fatal(err)
	}
	if digest(bp) != digest(other) {
		t.Error("a timed run trained other weights")
	}
}

// TestNumericalParts: a numerical step whose gradient is computed in parts
// on other Trainers (as the page's evaluation workers compute it) trains
// the same weights, bit for bit, as Step; what the parts refuse.
func TestNumericalParts(t *testing.T) {
	train, test := smallMNIST(t, 600, 100)
	cfg := BookConfig()
	cfg.Gradient, cfg.Iterations, cfg.Hidden, cfg.BatchSize = GradNumerical, 4, 8, 20
	whole := mustTrainer(t, cfg, train, test)
	if err := whole.Run(cfg.Iterations); err != nil {
		t.Fatal(err)
	}
	split := mustTrainer(t, cfg, train, test)
	helpers := []*Trainer{mustTrainer(t, cfg, train, test), mustTrainer(t, cfg, train, test)}
	P := split.Net.paramCount()
	bounds := []int{0, 1000, 6300, P}
	for range cfg.Iterations {
		job, err := split.BeginNumerical()
		if err != nil {
			t.Fatal(err)
		}
		var grad []float64
		for i := range 3 {
			var g []float64
			if i == 0 {
				g, err = split.NumericalPart(job, bounds[0], bounds[1])
			} else {
				g, err = helpers[i-1].NumericalPart(job, bounds[i], bounds[i+1])
			}
			if err != nil {
				t.Fatal(err)
			}
			grad = append(grad, g...)
		}
		if err := split.EndNumerical(grad); err != nil {
			t.Fatal(err)
		}
	}
	if digest(split) != digest(whole) || split.Iteration != whole.Iteration || split.StepEvals != 2*P {
		t.Error("the step computed in parts trained other weights than Step")
	}
	if _, err := split.BeginNumerical(); err != ErrDone {
		t.Errorf("BeginNumerical after the run: %v", err)
	}

	fresh := mustTrainer(t, cfg, train, test)
	if err := fresh.EndNumerical(make([]float64, P)); err == nil {
		t.Error("EndNumerical without a step begun")
	}
	job, _ := fresh.BeginNumerical()
	for _, c := range []struct {
		name     string
		job      NumericalJob
		from, to int
	}{
		{"short params", NumericalJob{Params: job.Params[:10], Batch: job.Batch}, 0, 10},
		{"range past the end", job, 0, P + 1},
		{"backwards", job, 10, 5},
		{"image out of range", NumericalJob{Params: job.Params, Batch: []int{600}}, 0, 10},
		{"no images", NumericalJob{Params: job.Params}, 0, 10},
	} {
		if _, err := helpers[0].NumericalPart(c.job, c.from, c.to); err == nil {
			t.Errorf("%s: accepted", c.name)
		}
	}
	if err := fresh.EndNumerical(make([]float64, P-1)); err == nil {
		t.Error("EndNumerical took a gradient one short")
	}
	cfg.Gradient = GradBackprop
	if _, err := mustTrainer(t, cfg, train, test).BeginNumerical(); err == nil {
		t.Error("BeginNumerical on a backpropagation run")
	}
}

// TestSplitNumerical: the bounds cover every parameter once, in order, and
// cut the work (the images each parameter's losses update) about evenly.
func TestSplitNumerical(t *testing.T) {
	train, test := smallMNIST(t, 600, 100)
	cfg := BookConfig()
	cfg.Gradient = GradNumerical
	tr := mustTrainer(t, cfg, train, test)
	job, err := tr.BeginNumerical()
	if err != nil {
		t.Fatal(err)
	}
	P := tr.Net.paramCount()
	for _, n := range []int{1, 2, 3, 5} {
		b := tr.SplitNumerical(job, n)
		if len(b) != n+1 || b[0] != 0 || b[n] != P {
			t.Fatalf("n=%d: bounds %v", n, b)
		}
		for i := 1; i <= n; i++ {
			if b[i] < b[i-1] {
				t.Fatalf("n=%d: bounds %v go backwards", n, b)
			}
		}
		if n == 2 {
			// W1's first rows are border pixels no image uses: an even
			// split of the count would give the first half far less work.
			if b[1] <= P/2 || b[1] >= 784*50 {
				t.Errorf("two parts cut at %d of %d (W1 ends at %d)", b[1], P, 784*50)
			}
		}
	}
}
