package core

import (
	"errors"
	"math"
	"runtime"
	"sync"
	"testing"
)

func TestConfigValidate(t *testing.T) {
	ok := BookConfig()
	tests := []struct {
		name  string
		edit  func(c *Config)
		field string
		rule  Rule
		max   float64 // the limit the error names, if not 0
	}{
		{"learning rate -1", func(c *Config) { c.LearningRate = -1 }, "learningRate", RuleRange, NoMax},
		{"learning rate 0", func(c *Config) { c.LearningRate = 0 }, "learningRate", RuleRange, 0},
		{"learning rate NaN", func(c *Config) { c.LearningRate = math.NaN() }, "learningRate", RuleType, 0},
		{"learning rate Inf", func(c *Config) { c.LearningRate = math.Inf(1) }, "learningRate", RuleType, 0},
		{"batch 0", func(c *Config) { c.BatchSize = 0 }, "batchSize", RuleRange, 60000},
		{"batch above set", func(c *Config) { c.BatchSize = 1001 }, "batchSize", RuleRange, 1000},
		{"batch above limited set", func(c *Config) { c.TrainSize = 50 }, "batchSize", RuleRange, 50},
		{"batch 2.5", func(c *Config) { c.BatchSize = 0; c.Hidden = 0 }, "hidden", RuleRange, MaxHidden},
		{"hidden 0", func(c *Config) { c.Hidden = 0 }, "hidden", RuleRange, MaxHidden},
		{"dropout 1", func(c *Config) { c.Dropout = 1 }, "dropout", RuleRange, 1},
		{"dropout -0.1", func(c *Config) { c.Dropout = -0.1 }, "dropout", RuleRange, 0},
		{"validation 1", func(c *Config) { c.Validation = 1 }, "validation", RuleRange, 0},
		{"patience without validation", func(c *Config) { c.Patience = 3 }, "validation", RuleNeeds, 0},
		{"patience -1", func(c *Config) { c.Patience = -1 }, "patience", RuleRange, 0},
		{"weight decay -1", func(c *Config) { c.WeightDecay = -1 }, "weightDecay", RuleRange, 0},
		{"std 0", func(c *Config) { c.WeightInitStd = 0 }, "weightInitStd", RuleRange, 0},
		{"init foo", func(c *Config) { c.Init = "foo" }, "init", RuleChoice, 0},
		{"activation tanh", func(c *Config) { c.Activation = "tanh" }, "activation", RuleChoice, 0},
		{"optimizer nesterov", func(c *Config) { c.Optimizer = "nesterov" }, "optimizer", RuleChoice, 0},
		{"momentum 1", func(c *Config) { c.Momentum = 1 }, "momentum", RuleRange, 1},
		{"iterations 0", func(c *Config) { c.Iterations = 0 }, "iterations", RuleRange, 0},
		{"seed above 2^53", func(c *Config) { c.Seed = 1 << 60 }, "seed", RuleRange, MaxSeed},
		{"train size above set", func(c *Config) { c.TrainSize = 2000 }, "trainSize", RuleRange, 1000},
		{"numerical with dropout", func(c *Config) { c.Gradient = GradNumerical; c.Dropout = 0.5 }, "dropout", RuleConflict, 0},
		{"gradient foo", func(c *Config) { c.Gradient = "foo" }, "gradient", RuleChoice, 0},
		// Valid one by one, too large together: the run's memory.
		{"hidden 4096, batch 1000", func(c *Config) { c.Hidden = 4096; c.BatchSize = 1000 }, "batchSize", RuleMemory, MaxRunBytes},
		{"hidden 4096, Adam", func(c *Config) { c.Hidden = 4096; c.BatchSize = 1; c.Optimizer = OptAdam }, "hidden", RuleMemory, MaxRunBytes},
		{"numerical at 784-500-10, batch 1000", func(c *Config) { c.Gradient = GradNumerical; c.Hidden = 500; c.BatchSize = 1000 }, "gradient", RuleWork, MaxNumericalWork},
	}
	if err := ok.Validate(1000); err != nil {
		t.Fatalf("book config refused: %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			tt.edit(&c)
			err := c.Validate(1000)
			fes := FieldErrors(err)
			if len(fes) == 0 || fes[0].Field != tt.field || fes[0].Rule != tt.rule {
				t.Fatalf("error %v, want %s for field %s", err, tt.rule, tt.field)
			}
			if tt.max != 0 && fes[0].Max != tt.max {
				t.Errorf("limit %v, want %v", fes[0].Max, tt.max)
			}
		})
	}
	// The book's numerical run (784-50-10, batch 100) is allowed: slow,
	// not refused.
	c := ok
	c.Gradient = GradNumerical
	if err := c.Validate(60000); err != nil {
		t.Errorf("the book's numerical run refused: %v", err)
	}
	c = ok
	c.Hidden, c.BatchSize = 4096, 60000
	if err := c.Validate(60000); len(FieldErrors(err)) != 1 || FieldErrors(err)[0].Rule != RuleMemory {
		t.Errorf("hidden 4096, batch 60000 (which killed the page): %v", err)
	}
}

// smallMNIST is the first n training images and the first m test images.
func smallMNIST(t testing.TB, n, m int) (*Dataset, *Dataset) {
	train, test := loadMNIST(t)
	return train.subset(seq(n)), test.subset(seq(m))
}

func mustTrainer(t testing.TB, c Config, train, test *Dataset) *Trainer {
	t.Helper()
	tr, err := NewTrainer(c, train, test)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func TestTrainerIsSeeded(t *testing.T) {
	train, test := smallMNIST(t, 2000, 500)
	for _, edit := range []func(*Config){
		func(c *Config) {},
		func(c *Config) { c.Shuffle = true; c.Dropout = 0.2; c.WeightDecay = 0.01 },
	} {
		c := BookConfig()
		c.Iterations = 60
		edit(&c)
		run := func(seed uint64) *TwoLayerNet {
			c.Seed = seed
			tr := mustTrainer(t, c, train, test)
			if err := tr.Run(c.Iterations); err != nil {
				t.Fatal(err)
			}
			return tr.Net
		}
		a, b, other := run(5), run(5), run(6)
		bitsEqual(t, "W1 of a rerun", a.W1, b.W1)
		bitsEqual(t, "W2 of a rerun", a.W2, b.W2)
		if a.W1[0] == other.W1[0] {
			t.Error("seeds 5 and 6 gave the same first weight")
		}
	}
}

func TestTrainerLearns(t *testing.T) {
	train, test := loadMNIST(t)
	c := BookConfig()
	c.Iterations = 1800 // three epochs
	tr := mustTrainer(t, c, train, test)
	if err := tr.Run(c.Iterations); err != nil {
		t.Fatal(err)
	}
	if len(tr.Losses) != 1800 || len(tr.Epochs) != 3 || tr.Stop != "done" {
		t.Fatalf("%d losses, %d epochs, stop %q", len(tr.Losses), len(tr.Epochs), tr.Stop)
	}
	first, last := mean(tr.Losses[:50]), mean(tr.Losses[len(tr.Losses)-50:])
	if !(last < first/3) {
		t.Errorf("loss fell from %.3f to %.3f only", first, last)
	}
	if e := tr.Epochs[2]; e.Iteration != 1201 || e.TestAcc < 0.85 {
		t.Errorf("epoch 2 (after iteration %d): test accuracy %.4f, want ≥ 0.85", e.Iteration, e.TestAcc)
	}
	if err := tr.Step(); err != ErrDone {
		t.Errorf("Step after the last iteration: %v, want ErrDone", err)
	}
}

func mean(s []float64) float64 { return sum(s) / float64(len(s)) }

// bookTol is the bound on the distance from the book's figures.
const bookTol = 0.01

// TestBookRun reproduces chapter 4's and chapter 5's runs: 10,000
// iterations each. Skipped with -short and under wasm (make book shows it).
func TestBookRun(t *testing.T) {
	if testing.Short() || runtime.GOARCH == "wasm" {
		t.Skip("10,000 iterations twice; run natively without -short")
	}
	train, test := loadMNIST(t)
	for _, act := range []Activation{ActSigmoid, ActReLU} {
		c := struct {
			act             Activation
			trainAcc, tstAc float64
		}{act, BookFigures[act].Train, BookFigures[act].Test}
		a, b := bookRun(t, c.act, train, test).FinalAccuracy()
		t.Logf("%s: train %.4f test %.4f (book %.5f %.4f)", c.act, a, b, c.trainAcc, c.tstAc)
		if math.Abs(a-c.trainAcc) > bookTol || math.Abs(b-c.tstAc) > bookTol {
			t.Errorf("%s: train %.4f test %.4f, book %.5f %.4f", c.act, a, b, c.trainAcc, c.tstAc)
		}
	}
}

func TestTrainerDiverges(t *testing.T) {
	train, test := smallMNIST(t, 1000, 100)
	c := BookConfig()
	// A valid but absurd learning rate: ReLU's unbounded activations
	// overflow to Inf, and Inf − Inf in the softmax makes the loss NaN.
	// (Sigmoid's are bounded and the book's 1e-7 guard bounds the loss.)
	c.Activation, c.LearningRate = ActReLU, 1e200
	tr := mustTrainer(t, c, train, test)
	err := tr.Run(100)
	var d *DivergedError
	if !errors.As(err, &d) || tr.Stop != "diverged" {
		t.Fatalf("error %v, stop %q: want a DivergedError", err, tr.Stop)
	}
	if d.Iteration != tr.Iteration || len(tr.Losses) != d.Iteration-1 {
		t.Errorf("diverged at iteration %d; %d iterations run, %d losses kept", d.Iteration, tr.Iteration, len(tr.Losses))
	}
	for _, p := range tr.Net.Params() {
		for _, v := range p.W {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("%s holds %v after divergence; the last good weights should be restored", p.Key, v)
			}
		}
	}
	// The kept weights are those after the last good iteration.
	again := mustTrainer(t, c, train, test)
	if err := again.Run(d.Iteration - 1); err != nil {
		t.Fatal(err)
	}
	bitsEqual(t, "restored W1", tr.Net.W1, again.Net.W1)
	bitsEqual(t, "restored W2", tr.Net.W2, again.Net.W2)
}

// TestOverfittingAndItsCures trains on 300 images, as the book's chapter 6
// does: the train/test gap is wide, weight decay narrows it, and early
// stopping ends the run and keeps the best validation weights.
func TestOverfittingAndItsCures(t *testing.T) {
	if testing.Short() {
		t.Skip("trains three small nets")
	}
	train, test := smallMNIST(t, 300, 500)
	gap := func(edit func(*Config)) (float64, *Trainer) {
		c := BookConfig()
		c.Hidden, c.TrainSize, c.Iterations, c.LearningRate = 100, 300, 1500, 0.5
		edit(&c)
		tr := mustTrainer(t, c, train, test)
		if err := tr.Run(c.Iterations); err != nil {
			t.Fatal(err)
		}
		a, b := tr.FinalAccuracy()
		return a - b, tr
	}
	plain, tr := gap(func(*Config) {})
	decayed, _ := gap(func(c *Config) { c.WeightDecay = 0.05 })
	t.Logf("train−test gap: %.3f plain, %.3f with weight decay 0.05", plain, decayed)
	if a, _ := tr.FinalAccuracy(); a < 0.99 || plain < 0.1 {
		t.Errorf("plain: train accuracy %.3f, gap %.3f; want ≥ 0.99 and ≥ 0.1", a, plain)
	}
	if !(decayed < plain-0.02) {
		t.Errorf("weight decay left the gap at %.3f (plain %.3f)", decayed, plain)
	}
	_, es := gap(func(c *Config) { c.Validation, c.Patience = 0.2, 5 })
	if es.Stop != "early stop" || es.Iteration >= 1500 {
		t.Fatalf("early stopping: stop %q after %d iterations", es.Stop, es.Iteration)
	}
	best := es.Epochs[es.BestEpoch]
	for _, e := range es.Epochs {
		if e.ValLoss < best.ValLoss {
			t.Errorf("epoch %d had a lower validation loss (%v) than the best epoch %d (%v)", e.Epoch, e.ValLoss, best.Epoch, best.ValLoss)
		}
	}
	if acc, loss := es.Net.AccuracyAndLossOf(train, es.valIdx); acc != best.ValAcc || loss != best.ValLoss {
		t.Errorf("restored net's validation accuracy and loss %.4f %.6f, best epoch's %.4f %.6f", acc, loss, best.ValAcc, best.ValLoss)
	}
	if last := es.Epochs[len(es.Epochs)-1]; last.Epoch-best.Epoch != 5 {
		t.Errorf("stopped at epoch %d, best %d: want 5 epochs of patience", last.Epoch, best.Epoch)
	}
	if len(es.valIdx) != 60 || es.TrainSize() != 240 {
		t.Errorf("split %d validation / %d training, want 60 / 240", len(es.valIdx), es.TrainSize())
	}
}

func TestShuffledEpochsCoverTheSet(t *testing.T) {
	train, test := smallMNIST(t, 500, 10)
	c := BookConfig()
	c.Shuffle, c.Iterations = true, 5
	tr := mustTrainer(t, c, train, test)
	seen := map[int]int{}
	for range 5 {
		tr.nextBatch()
		for _, i := range tr.idx {
			seen[i]++
		}
	}
	if len(seen) != 500 {
		t.Errorf("one shuffled epoch drew %d distinct images of 500", len(seen))
	}
}

// TestNumericalTrainingFollowsBackprop: chapter 4's slow path takes the
// same steps as backpropagation, to the numerical gradient's accuracy.
func TestNumericalTrainingFollowsBackprop(t *testing.T) {
	train, test := smallMNIST(t, 200, 10)
	c := BookConfig()
	c.Hidden, c.BatchSize, c.Iterations = 3, 5, 3
	bp := mustTrainer(t, c, train, test)
	c.Gradient = GradNumerical
	num := mustTrainer(t, c, train, test)
	if err := bp.Run(3); err != nil {
		t.Fatal(err)
	}
	if err := num.Run(3); err != nil {
		t.Fatal(err)
	}
	if num.StepEvals != 2*(784*3+3+3*10+10) {
		t.Errorf("%d loss evaluations per step", num.StepEvals)
	}
	for k, p := range num.Net.Params() {
		for i, v := range p.W {
			if d := math.Abs(v - bp.Net.Params()[k].W[i]); d > 0.1*gradTolSmall {
				t.Fatalf("%s[%d]: numerical run %v, backprop run %v", p.Key, i, v, bp.Net.Params()[k].W[i])
			}
		}
	}
}

// TestEvaluationRateIsBounded: chapter 6's overfitting run (300 images, 3
// iterations an epoch) would score 10,300 images every 3 iterations; it
// evaluates every 23 epochs instead, while the book's run evaluates every
// epoch, and early stopping too.
func TestEvaluationRateIsBounded(t *testing.T) {
	train, test := loadMNIST(t)
	for _, c := range []struct {
		edit      func(*Config)
		evalEvery int
	}{
		{func(c *Config) {}, 600},
		{func(c *Config) { c.Hidden, c.TrainSize, c.LearningRate, c.Iterations = 100, 300, 0.5, 3000 }, 69},
		{func(c *Config) { c.TrainSize, c.Validation, c.Patience = 300, 0.2, 5 }, 2},
	} {
		cfg := BookConfig()
		c.edit(&cfg)
		tr := mustTrainer(t, cfg, train, test)
		if tr.EvalEvery != c.evalEvery {
			t.Errorf("train size %d, patience %d: evaluates every %d iterations, want %d", cfg.TrainSize, cfg.Patience, tr.EvalEvery, c.evalEvery)
		}
		if err := tr.Run(2 * tr.EvalEvery); err != nil {
			t.Fatal(err)
		}
		if e := tr.Epochs[1]; e.Iteration != tr.EvalEvery+1 || e.Epoch != tr.EvalEvery/tr.IterPerEpoch {
			t.Errorf("second evaluation %+v", e)
		}
	}
}

// bookRuns holds the book's runs of 10,000 iterations, by activation, for
// the tests that need a trained net (TestBookRun, TestDrawnDigits).
var bookRuns sync.Map

// bookRun returns the book's run with activation act, trained once.
func bookRun(t *testing.T, act Activation, train, test *Dataset) *Trainer {
	if tr, ok := bookRuns.Load(act); ok {
		return tr.(*Trainer)
	}
	cfg := BookConfig()
	cfg.Activation = act
	tr := mustTrainer(t, cfg, train, test)
	if err := tr.Run(cfg.Iterations); err != nil {
		t.Fatal(err)
	}
	bookRuns.Store(act, tr)
	return tr
}

// TestFinalIsMeasuredOnFinalWeights: a run that ends between two
// evaluations reports the accuracy of its final weights (the figure a
// downloaded or shared net measures), says after which iteration it was
// measured, and counts whole epochs from the iterations.
func TestFinalIsMeasuredOnFinalWeights(t *testing.T) {
	train, test := smallMNIST(t, 600, 200)
	for _, c := range []struct{ iterations, lastEval int }{{10, 7}, {7, 7}} {
		cfg := BookConfig()
		cfg.Iterations = c.iterations // 6 iterations an epoch: evaluations after 1 and 7
		tr := mustTrainer(t, cfg, train, test)
		if err := tr.Run(100); err != nil {
			t.Fatal(err)
		}
		last := tr.Epochs[len(tr.Epochs)-1]
		if tr.Stop != StopDone || last.Iteration != c.lastEval || tr.Final == nil || tr.Final.Iteration != c.iterations {
			t.Fatalf("%d iterations: stop %q, last evaluation after %d, final %+v", c.iterations, tr.Stop, last.Iteration, tr.Final)
		}
		want := tr.Net.Accuracy(test)
		st := tr.State()
		if tr.Final.TestAcc != want || st.TestAcc != want || st.MeasuredAt != c.iterations || st.EpochsDone != c.iterations/6 {
			t.Errorf("%d iterations: final %+v, state %+v; the final weights score %v", c.iterations, tr.Final, st, want)
		}
		if c.iterations == c.lastEval && *tr.Final != last {
			t.Errorf("final %+v, the evaluation after the last iteration %+v", tr.Final, last)
		}
	}
}
