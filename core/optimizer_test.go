package core

import (
	"errors"
	"math"
	"testing"
)

// optimizerNaive is the book's chapter 6 update rules written as the book
// writes them (common/optimizer.py), one parameter array at a time, with
// math.Pow for Adam's bias correction: the reference Optimizer.Update is
// checked against.
type optimizerNaive struct {
	kind            OptimizerKind
	lr, mom, b1, b2 float64
	rho             float64
	iter            int
	v, h, m, vv     [4][]float64
	init            bool
}

func (o *optimizerNaive) update(params, grads [4][]float64) {
	if !o.init {
		for k, p := range params {
			o.v[k], o.h[k], o.m[k], o.vv[k] = make([]float64, len(p)), make([]float64, len(p)), make([]float64, len(p)), make([]float64, len(p))
		}
		o.init = true
	}
	o.iter++
	for k, w := range params {
		g := grads[k]
		for i := range w {
			switch o.kind {
			case OptSGD:
				w[i] -= float64(o.lr * g[i])
			case OptMomentum:
				o.v[k][i] = float64(o.mom*o.v[k][i]) - float64(o.lr*g[i])
				w[i] += o.v[k][i]
			case OptAdaGrad:
				o.h[k][i] += float64(g[i] * g[i])
				w[i] -= float64(o.lr*g[i]) / (math.Sqrt(o.h[k][i]) + 1e-7)
			case OptRMSprop:
				o.h[k][i] *= o.rho
				o.h[k][i] += float64((1 - o.rho) * float64(g[i]*g[i]))
				w[i] -= float64(o.lr*g[i]) / (math.Sqrt(o.h[k][i]) + 1e-7)
			case OptAdam:
				lrt := float64(o.lr*math.Sqrt(1-math.Pow(o.b2, float64(o.iter)))) / (1 - math.Pow(o.b1, float64(o.iter)))
				o.m[k][i] += float64((1 - o.b1) * (g[i] - o.m[k][i]))
				o.vv[k][i] += float64((1 - o.b2) * (float64(g[i]*g[i]) - o.vv[k][i]))
				w[i] -= float64(lrt*o.m[k][i]) / (math.Sqrt(o.vv[k][i]) + 1e-7)
			}
		}
	}
}

// optTol bounds the difference from the naive rules: the same arithmetic,
// but math.Pow and the repeated product for βᵗ may differ in the last bit,
// which moves Adam's step by about 1e-16 relative.
const optTol = 1e-13

func TestOptimizersMatchTheBook(t *testing.T) {
	optimizers, _ := SettingByName("optimizer")
	for _, name := range optimizers.Options {
		kind := OptimizerKind(name)
		t.Run(name, func(t *testing.T) {
			cfg := BookConfig()
			cfg.Optimizer, cfg.LearningRate = kind, 0.01
			net := smallNet(netCases[2], 30, 5, 4, 61)
			ref := net.Clone()
			opt := NewOptimizer(cfg, net)
			naive := &optimizerNaive{kind: kind, lr: 0.01, mom: cfg.Momentum, b1: cfg.Beta1, b2: cfg.Beta2, rho: cfg.DecayRate}
			for step := range 20 {
				b := randomBatch(uint64(62+step), 6, 30, 4)
				opt.Update(paramSlices(net), net.Gradient(b).Slices())
				naive.update(paramSlices(ref), ref.Gradient(b).Slices())
			}
			for k, p := range net.Params() {
				for i, v := range p.W {
					if d := math.Abs(v - ref.Params()[k].W[i]); d > optTol {
						t.Fatalf("%s[%d] = %v, the book's rule gives %v", p.Key, i, v, ref.Params()[k].W[i])
					}
				}
			}
			if kind != OptSGD && slicesEqual(net.W1, smallNet(netCases[2], 30, 5, 4, 61).W1) {
				t.Error("the weights did not move")
			}
		})
	}
}

func slicesEqual(a, b []float64) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}

// TestFusedSGDMatchesOptimizer: SGD's fast path (the update fused into
// backpropagation, only the W1 rows a batch uses) gives the bits of the
// general path (the whole gradient, then Optimizer.Update), with weight
// decay and dropout.
func TestFusedSGDMatchesOptimizer(t *testing.T) {
	for _, c := range netCases {
		t.Run(c.name, func(t *testing.T) {
			fused := smallNet(c, 64, 12, 10, 63)
			general := fused.Clone()
			cfg := BookConfig()
			cfg.LearningRate = 0.3
			opt := NewOptimizer(cfg, general)
			g := general.newGrads()
			r1, r2 := seeded(64), seeded(64)
			for step := range 5 {
				b := randomBatch(uint64(65+step), 9, 64, 10)
				l1 := fused.sgdStep(b, 0.3, r1)
				l2 := general.lossAndGradient(b, r2, g)
				opt.Update(paramSlices(general), g.Slices())
				if l1 != l2 {
					t.Fatalf("step %d: loss %v fused, %v general", step, l1, l2)
				}
			}
			for k, p := range fused.Params() {
				bitsEqual(t, p.Key, p.W, general.Params()[k].W)
			}
		})
	}
}

// TestTrainerOptimizers: each optimizer learns the book's task, and the
// learning rate changes in the middle of a run without restarting it.
func TestTrainerOptimizers(t *testing.T) {
	train, test := smallMNIST(t, 5000, 1000)
	for _, c := range []struct {
		kind OptimizerKind
		lr   float64
	}{{OptMomentum, 0.05}, {OptAdaGrad, 0.01}, {OptRMSprop, 0.01}, {OptAdam, 0.001}} {
		t.Run(string(c.kind), func(t *testing.T) {
			cfg := BookConfig()
			cfg.Optimizer, cfg.LearningRate, cfg.Iterations = c.kind, c.lr, 400
			tr := mustTrainer(t, cfg, train, test)
			if err := tr.Run(200); err != nil {
				t.Fatal(err)
			}
			cfg.LearningRate = 2 * c.lr
			if err := tr.Tune(cfg); err != nil {
				t.Fatal(err)
			}
			if err := tr.Run(200); err != nil {
				t.Fatal(err)
			}
			if tr.Iteration != 400 || tr.Opt.Steps != 400 || tr.Opt.LearningRate != 2*c.lr || len(tr.Tunes) != 1 || tr.Tunes[0] != 200 {
				t.Errorf("after tuning: iteration %d, steps %d, lr %v, tunes %v", tr.Iteration, tr.Opt.Steps, tr.Opt.LearningRate, tr.Tunes)
			}
			if acc := tr.Net.Accuracy(test); acc < 0.8 {
				t.Errorf("test accuracy %.3f after 400 iterations", acc)
			}
			other := cfg
			other.Hidden = 60
			if err := tr.Tune(other); err == nil {
				t.Error("Tune changed the hidden size")
			}
		})
	}
}

// TestDivergenceRestoresOptimizerState: a step whose loss is not finite
// leaves the weights and the optimizer's state as they were before it.
func TestDivergenceRestoresOptimizerState(t *testing.T) {
	train, test := smallMNIST(t, 500, 100)
	cfg := BookConfig()
	cfg.Activation, cfg.Init, cfg.Optimizer, cfg.Iterations = ActReLU, InitHe, OptMomentum, 100
	tr := mustTrainer(t, cfg, train, test)
	if err := tr.Run(5); err != nil {
		t.Fatal(err)
	}
	w1, state, steps := append([]float64(nil), tr.Net.W1...), tr.Opt.appendState(nil), tr.Opt.Steps
	cfg.LearningRate = 1e200
	if err := tr.Tune(cfg); err != nil {
		t.Fatal(err)
	}
	var d *DivergedError
	if err := tr.Run(10); !errors.As(err, &d) || tr.Stop != StopDiverged {
		t.Fatalf("error %v, stop %q", err, tr.Stop)
	}
	// It may take a step or two to overflow: compare with the state just
	// before the diverging one, which is at least as far as after step 5.
	if tr.Opt.Steps != d.Iteration-1 {
		t.Errorf("optimizer steps %d after divergence at iteration %d", tr.Opt.Steps, d.Iteration)
	}
	if d.Iteration == 6 {
		bitsEqual(t, "W1", tr.Net.W1, w1)
		bitsEqual(t, "velocity", tr.Opt.appendState(nil), state)
		if tr.Opt.Steps != steps {
			t.Errorf("steps %d, want %d", tr.Opt.Steps, steps)
		}
	}
}

// TestStalledRunStops: sigmoid at learning rate 1000 sits at a loss of
// about 14.5 and chance accuracy; the run ends with a *StalledError. The
// book's run does not.
func TestStalledRunStops(t *testing.T) {
	train, test := smallMNIST(t, 6000, 500)
	cfg := BookConfig()
	cfg.LearningRate, cfg.Iterations = 1000, 3000
	tr := mustTrainer(t, cfg, train, test)
	var st *StalledError
	if err := tr.Run(cfg.Iterations); !errors.As(err, &st) || tr.Stop != StopStalled {
		t.Fatalf("error %v, stop %q", err, tr.Stop)
	}
	if st.Loss < math.Log(10) || st.Accuracy > 0.2 || tr.Iteration > 1000 {
		t.Errorf("stalled at iteration %d: loss %v accuracy %v", tr.Iteration, st.Loss, st.Accuracy)
	}
	cfg.LearningRate = 0.1
	book := mustTrainer(t, cfg, train, test)
	if err := book.Run(1500); err != nil {
		t.Errorf("the book's run: %v", err)
	}
}

// TestEvaluationMatchesForward: the per-epoch evaluation (countRange, one
// image at a time) gives the bits of the batched forward pass: the same
// probabilities' argmax and the same cross-entropy.
func TestEvaluationMatchesForward(t *testing.T) {
	for _, c := range netCases {
		t.Run(c.name, func(t *testing.T) {
			net := smallNet(c, 64, 12, 10, 71)
			b := randomBatch(72, 40, 64, 10)
			imgs := make([]byte, 0, 40*64)
			labels := make([]byte, 40)
			for i := range 40 {
				pix, val := b.nonzero(i)
				img := make([]byte, 64)
				for k, p := range pix {
					img[p] = val[k]
				}
				imgs = append(imgs, img...)
				labels[i] = byte(b.Labels[i])
			}
			d, err := NewDataset(40, 1, 64, imgs, labels, 10)
			if err != nil {
				t.Fatal(err)
			}
			ce := make([]float64, 40)
			correct := net.countRange(d, nil, 0, 40, ce)
			probs := net.Predict(b)
			loss := net.forward(b, nil)
			want, sum := 0, 0.0
			for i := range 40 {
				p := probs[i*10 : (i+1)*10]
				best := 0
				for k := range p {
					if p[k] > p[best] {
						best = k
					}
				}
				if best == b.Labels[i] {
					want++
				}
				sum += -ce[i]
			}
			if correct != want {
				t.Errorf("countRange counts %d correct, the forward pass %d", correct, want)
			}
			if got := -sum / 40; got != loss {
				t.Errorf("mean cross-entropy %v, forward's %v", got, loss)
			}
		})
	}
}
