package core

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"time"
)

// Gradient methods.
const (
	Backprop  = "backprop"  // chapter 5: backpropagation
	Numerical = "numerical" // chapter 4: central differences, very slow
)

// Limits that keep a configuration within what a page can hold.
const (
	MaxHidden     = 4096
	MaxIterations = 10_000_000
)

// Config holds a training run's hyperparameters. The JSON names are those
// of the page's URL and of saved models.
type Config struct {
	Hidden        int        `json:"hidden"`
	Activation    Activation `json:"activation"`
	Init          Init       `json:"init"`
	WeightInitStd float64    `json:"weightInitStd"` // for Init "std"
	LearningRate  float64    `json:"learningRate"`
	BatchSize     int        `json:"batchSize"`
	Iterations    int        `json:"iterations"`
	Seed          uint64     `json:"seed"`
	WeightDecay   float64    `json:"weightDecay"` // λ ≥ 0
	Dropout       float64    `json:"dropout"`     // in [0, 1)
	// Patience > 0 stops training after that many epochs without a lower
	// validation loss and restores the weights that had the lowest. It
	// needs Validation > 0. (The loss, not the accuracy: at the start of
	// the book's run the accuracy stays at 0.1 for several epochs while the
	// loss already falls.)
	Patience int `json:"patience"`
	// Validation is the share of the training images held out (chosen by
	// the seed) to decide early stopping; they are not trained on.
	Validation float64 `json:"validation"`
	// TrainSize > 0 keeps only the first TrainSize training images (the
	// book's chapter 6 overfits on 300).
	TrainSize int `json:"trainSize"`
	// Shuffle draws mini-batches from a fresh permutation each epoch
	// instead of with replacement (the book's np.random.choice).
	Shuffle  bool   `json:"shuffle"`
	Gradient string `json:"gradient"` // Backprop or Numerical
}

// BookConfig returns chapter 4's run: 784-50-10 sigmoid, weight_init_std
// 0.01, learning rate 0.1, batch 100, 10,000 iterations.
func BookConfig() Config {
	return Config{
		Hidden: 50, Activation: ActSigmoid, Init: InitStd, WeightInitStd: 0.01,
		LearningRate: 0.1, BatchSize: 100, Iterations: 10000, Seed: 1,
		Gradient: Backprop,
	}
}

// FieldError is a refused hyperparameter: Field is its JSON name.
type FieldError struct {
	Field string
	Msg   string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Msg }

// Validate checks c for a training set of trainN images and returns every
// refused field, joined (each a *FieldError), or nil.
func (c Config) Validate(trainN int) error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, &FieldError{field, fmt.Sprintf(format, args...)})
	}
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	if c.Hidden < 1 || c.Hidden > MaxHidden {
		bad("hidden", "hidden size %d must be between 1 and %d", c.Hidden, MaxHidden)
	}
	if c.Activation != ActSigmoid && c.Activation != ActReLU {
		bad("activation", "activation %q must be sigmoid or relu", c.Activation)
	}
	switch c.Init {
	case InitStd:
		if !finite(c.WeightInitStd) || c.WeightInitStd <= 0 {
			bad("weightInitStd", "weight-init std %v must be a positive number", c.WeightInitStd)
		}
	case InitXavier, InitHe:
	default:
		bad("init", "initialisation %q must be std, xavier or he", c.Init)
	}
	if !finite(c.LearningRate) || c.LearningRate <= 0 {
		bad("learningRate", "learning rate %v must be a positive number", c.LearningRate)
	}
	if c.Iterations < 1 || c.Iterations > MaxIterations {
		bad("iterations", "iterations %d must be between 1 and %d", c.Iterations, MaxIterations)
	}
	if !finite(c.WeightDecay) || c.WeightDecay < 0 {
		bad("weightDecay", "weight decay λ %v must be 0 or a positive number", c.WeightDecay)
	}
	if !(c.Dropout >= 0 && c.Dropout < 1) {
		bad("dropout", "dropout ratio %v must be in [0, 1)", c.Dropout)
	}
	if !(c.Validation >= 0 && c.Validation < 1) {
		bad("validation", "validation share %v must be in [0, 1)", c.Validation)
	}
	if c.Patience < 0 {
		bad("patience", "patience %d must be 0 (off) or a number of epochs", c.Patience)
	} else if c.Patience > 0 && c.Validation == 0 {
		bad("validation", "early stopping (patience %d) needs a validation share in (0, 1), e.g. 0.1", c.Patience)
	}
	if c.Gradient != Backprop && c.Gradient != Numerical {
		bad("gradient", "gradient method %q must be backprop or numerical", c.Gradient)
	} else if c.Gradient == Numerical && c.Dropout != 0 {
		bad("dropout", "the numerical gradient differentiates the test-time loss, so it cannot train with dropout")
	}
	n := trainN
	if c.TrainSize < 0 || c.TrainSize > trainN {
		bad("trainSize", "training-set size %d must be between 1 and %d (0 for all)", c.TrainSize, trainN)
	} else if c.TrainSize > 0 {
		n = c.TrainSize
	}
	if c.Validation > 0 && c.Validation < 1 {
		v := int(float64(n) * c.Validation)
		if v < 1 || n-v < 1 {
			bad("validation", "a validation share of %v of %d images leaves no validation or no training images", c.Validation, n)
		}
		n -= v
	}
	if c.BatchSize < 1 || c.BatchSize > n {
		bad("batchSize", "batch size %d must be between 1 and the training-set size %d", c.BatchSize, n)
	}
	return errors.Join(errs...)
}

// EpochStat is one evaluation, made after the iterations 0, E, 2E, … (E =
// iterations per epoch), as the book's `if i % iter_per_epoch == 0`.
type EpochStat struct {
	Epoch     int     `json:"epoch"`
	Iteration int     `json:"iteration"` // iterations done
	TrainAcc  float64 `json:"trainAcc"`
	TestAcc   float64 `json:"testAcc"`
	ValAcc    float64 `json:"valAcc,omitempty"`
	ValLoss   float64 `json:"valLoss,omitempty"` // mean cross-entropy on the validation images
}

// DivergedError reports a loss that stopped being a finite number.
type DivergedError struct {
	Iteration int // 1-based
	Loss      float64
}

func (e *DivergedError) Error() string {
	return fmt.Sprintf("training diverged: the loss became %v at iteration %d; the weights from before it are kept (try a smaller learning rate)", e.Loss, e.Iteration)
}

// ErrDone is returned by Step after the run has ended.
var ErrDone = errors.New("training has finished")

// Trainer runs mini-batch SGD on a TwoLayerNet. All its randomness comes
// from PCG sources seeded by Config.Seed, one stream each for the initial
// weights, the validation split, the mini-batches and dropout: the same
// seed gives the same run, on every platform.
type Trainer struct {
	Cfg Config
	Net *TwoLayerNet

	train, test  *Dataset
	trainIdx     []int // training images used
	valIdx       []int // held out for early stopping
	IterPerEpoch int

	batchRand, dropRand *rand.Rand
	perm                []int // shuffled epoch order
	permPos             int
	idx                 []int
	batch               *Batch
	last                []float64 // parameters before the current step

	Iteration int
	Losses    []float64 // one per iteration
	Epochs    []EpochStat

	best      *TwoLayerNet
	bestVal   float64 // lowest validation loss so far
	BestEpoch int
	sinceBest int

	// Stop is why the run ended: "" while it runs, then "done",
	// "early stop" or "diverged".
	Stop string
	// StepEvals and StepTime are the last step's cost: loss evaluations
	// (2 per parameter for the numerical gradient, 0 for backprop) and
	// wall time.
	StepEvals int
	StepTime  time.Duration
}

// NewTrainer checks cfg against train and returns a Trainer with a freshly
// initialised net. test may be nil.
func NewTrainer(cfg Config, train, test *Dataset) (*Trainer, error) {
	if err := cfg.Validate(train.N); err != nil {
		return nil, err
	}
	pcg := func(stream uint64) *rand.Rand { return rand.New(rand.NewPCG(cfg.Seed, stream)) }
	net := newEmptyNet(train.Dim, cfg.Hidden, train.Classes, cfg.Activation)
	net.Initialize(cfg.Init, cfg.WeightInitStd, pcg(1))
	net.WeightDecay, net.DropoutRatio = cfg.WeightDecay, cfg.Dropout
	t := &Trainer{Cfg: cfg, Net: net, train: train, test: test,
		batchRand: pcg(3), dropRand: pcg(4)}
	n := train.N
	if cfg.TrainSize > 0 {
		n = cfg.TrainSize
	}
	all := seq(n)
	if cfg.Validation > 0 {
		pcg(2).Shuffle(n, func(i, j int) { all[i], all[j] = all[j], all[i] })
		v := int(float64(n) * cfg.Validation)
		t.valIdx, all = all[:v], all[v:]
		slices.Sort(t.valIdx)
		slices.Sort(all)
	}
	t.trainIdx = all
	t.IterPerEpoch = max(len(all)/cfg.BatchSize, 1)
	t.idx = make([]int, cfg.BatchSize)
	t.last = make([]float64, 0, len(net.W1)+len(net.B1)+len(net.W2)+len(net.B2))
	return t, nil
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// UseWeights replaces the net's parameters, activation, weight decay and
// dropout with src's, as training from a loaded model; the sizes must
// match.
func (t *Trainer) UseWeights(src *TwoLayerNet) error {
	n := t.Net
	if src.Input != n.Input || src.Hidden != n.Hidden || src.Output != n.Output {
		return fmt.Errorf("a %d-%d-%d model does not fit a %d-%d-%d net", src.Input, src.Hidden, src.Output, n.Input, n.Hidden, n.Output)
	}
	n.CopyFrom(src)
	n.Activation, n.WeightDecay, n.DropoutRatio = src.Activation, src.WeightDecay, src.DropoutRatio
	return nil
}

// TrainSize returns the number of images trained on.
func (t *Trainer) TrainSize() int { return len(t.trainIdx) }

// nextBatch chooses the next mini-batch's images.
func (t *Trainer) nextBatch() {
	if !t.Cfg.Shuffle {
		for i := range t.idx {
			t.idx[i] = t.trainIdx[t.batchRand.IntN(len(t.trainIdx))]
		}
		return
	}
	for i := range t.idx {
		if t.permPos == len(t.perm) {
			if t.perm == nil {
				t.perm = append([]int(nil), t.trainIdx...)
			}
			t.batchRand.Shuffle(len(t.perm), func(a, b int) { t.perm[a], t.perm[b] = t.perm[b], t.perm[a] })
			t.permPos = 0
		}
		t.idx[i] = t.perm[t.permPos]
		t.permPos++
	}
}

func (t *Trainer) snapshot() {
	n := t.Net
	t.last = append(append(append(append(t.last[:0], n.W1...), n.B1...), n.W2...), n.B2...)
}

func (t *Trainer) restoreSnapshot() {
	n := t.Net
	s := t.last
	s = s[copy(n.W1, s):]
	s = s[copy(n.B1, s):]
	s = s[copy(n.W2, s):]
	copy(n.B2, s)
}

// Step runs one iteration: a mini-batch, its gradient, the SGD update, the
// loss recorded, and at epoch boundaries the accuracies. It returns ErrDone
// once the run is over, and a *DivergedError (ending the run, with the
// weights from before the step restored) if the loss is not finite.
func (t *Trainer) Step() error {
	if t.Stop != "" {
		return ErrDone
	}
	start := time.Now()
	t.nextBatch()
	t.batch = t.train.Batch(t.idx, t.batch)
	t.snapshot()
	var loss float64
	if t.Cfg.Gradient == Numerical {
		loss = t.Net.Loss(t.batch)
		g := t.Net.NumericalGradient(t.batch, DefaultH)
		lr := t.Cfg.LearningRate
		update(t.Net.W1, g.W1, lr, 0)
		update(t.Net.B1, g.B1, lr, 0)
		update(t.Net.W2, g.W2, lr, 0)
		update(t.Net.B2, g.B2, lr, 0)
		t.StepEvals = 2 * len(t.last)
	} else {
		loss = t.Net.sgdStep(t.batch, t.Cfg.LearningRate, t.dropRand)
		t.StepEvals = 0
	}
	t.StepTime = time.Since(start)
	t.Iteration++
	if math.IsNaN(loss) || math.IsInf(loss, 0) || !t.paramsFinite() {
		t.restoreSnapshot()
		t.Stop = "diverged"
		return &DivergedError{Iteration: t.Iteration, Loss: loss}
	}
	t.Losses = append(t.Losses, loss)
	if (t.Iteration-1)%t.IterPerEpoch == 0 {
		t.evaluate()
	}
	if t.Stop == "" && t.Iteration >= t.Cfg.Iterations {
		t.Stop = "done"
	}
	return nil
}

// paramsFinite checks the small parameters after an update: a step that
// overflows W1 overflows the next layer's inputs and the biases with it.
func (t *Trainer) paramsFinite() bool {
	for _, s := range [][]float64{t.Net.B1, t.Net.W2, t.Net.B2} {
		for _, v := range s {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return false
			}
		}
	}
	return true
}

// Run runs up to n iterations (fewer if the run ends) and returns the first
// error other than ErrDone.
func (t *Trainer) Run(n int) error {
	for range n {
		if err := t.Step(); err != nil {
			if err == ErrDone {
				return nil
			}
			return err
		}
	}
	return nil
}

// evaluate records the accuracies and applies early stopping.
func (t *Trainer) evaluate() {
	e := EpochStat{Epoch: len(t.Epochs), Iteration: t.Iteration}
	e.TrainAcc = t.Net.AccuracyOf(t.train, t.trainIdx)
	if t.test != nil {
		e.TestAcc = t.Net.Accuracy(t.test)
	}
	if len(t.valIdx) > 0 {
		e.ValAcc, e.ValLoss = t.Net.AccuracyAndLossOf(t.train, t.valIdx)
	}
	t.Epochs = append(t.Epochs, e)
	if t.Cfg.Patience == 0 {
		return
	}
	if t.best == nil || e.ValLoss < t.bestVal {
		if t.best == nil {
			t.best = t.Net.Clone()
		}
		t.best.CopyFrom(t.Net)
		t.bestVal, t.BestEpoch, t.sinceBest = e.ValLoss, e.Epoch, 0
		return
	}
	t.sinceBest++
	if t.sinceBest >= t.Cfg.Patience {
		t.Net.CopyFrom(t.best)
		t.Stop = "early stop"
	}
}

// FinalAccuracy returns the train and test accuracy of the net as it is
// now, reusing the last epoch's figures when nothing has changed since.
func (t *Trainer) FinalAccuracy() (train, test float64) {
	if k := len(t.Epochs); k > 0 && t.Epochs[k-1].Iteration == t.Iteration && t.Stop != "early stop" {
		return t.Epochs[k-1].TrainAcc, t.Epochs[k-1].TestAcc
	}
	train = t.Net.AccuracyOf(t.train, t.trainIdx)
	if t.test != nil {
		test = t.Net.Accuracy(t.test)
	}
	return train, test
}

// State is a snapshot of a run for display.
type State struct {
	Iteration int     `json:"iteration"`
	Epoch     int     `json:"epoch"` // epochs evaluated so far, minus one (−1 before the first)
	Loss      float64 `json:"loss"`  // last iteration's loss, 0 before the first
	TrainAcc  float64 `json:"trainAcc"`
	TestAcc   float64 `json:"testAcc"`
	ValAcc    float64 `json:"valAcc"`
	Stop      string  `json:"stop"`
}

// State returns the run's current figures.
func (t *Trainer) State() State {
	s := State{Iteration: t.Iteration, Epoch: len(t.Epochs) - 1, Stop: t.Stop}
	if k := len(t.Losses); k > 0 {
		s.Loss = t.Losses[k-1]
	}
	if k := len(t.Epochs); k > 0 {
		e := t.Epochs[k-1]
		s.TrainAcc, s.TestAcc, s.ValAcc = e.TrainAcc, e.TestAcc, e.ValAcc
	}
	return s
}

// AccuracyOf returns the share of d's images at idx classified correctly
// (at test time). It uses all CPUs natively; the count is the same whatever
// their number.
func (n *TwoLayerNet) AccuracyOf(d *Dataset, idx []int) float64 {
	if len(idx) == 0 {
		return 0
	}
	return float64(n.countCorrect(d, idx, len(idx), nil)) / float64(len(idx))
}

// AccuracyAndLossOf returns the accuracy and the mean cross-entropy (test
// time, no weight decay) over d's images at idx. The loss is summed in
// index order, so it does not depend on the number of CPUs.
func (n *TwoLayerNet) AccuracyAndLossOf(d *Dataset, idx []int) (acc, loss float64) {
	if len(idx) == 0 {
		return 0, 0
	}
	ce := make([]float64, len(idx))
	correct := n.countCorrect(d, idx, len(idx), ce)
	for _, v := range ce {
		loss += v
	}
	return float64(correct) / float64(len(idx)), loss / float64(len(idx))
}

// Accuracy returns the share of all of d's images classified correctly.
func (n *TwoLayerNet) Accuracy(d *Dataset) float64 {
	if d.N == 0 {
		return 0
	}
	return float64(n.countCorrect(d, nil, d.N, nil)) / float64(d.N)
}

// countCorrect counts correct images among d's images idx[0:count], or
// 0:count if idx is nil, and fills ce (if not nil) with their losses.
func (n *TwoLayerNet) countCorrect(d *Dataset, idx []int, count int, ce []float64) int {
	workers := min(runtime.GOMAXPROCS(0), max(count/2000, 1))
	counts := make([]int, workers)
	var wg sync.WaitGroup
	for k := range workers {
		lo, hi := count*k/workers, count*(k+1)/workers
		wg.Go(func() { counts[k] = n.countRange(d, idx, lo, hi, ce) })
	}
	wg.Wait()
	total := 0
	for _, c := range counts {
		total += c
	}
	return total
}
