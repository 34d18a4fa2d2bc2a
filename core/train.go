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

// StopReason says why a run ended.
type StopReason string

const (
	StopNone     StopReason = ""
	StopDone     StopReason = "done"         // all iterations run
	StopEarly    StopReason = "early stop"   // no lower validation loss for Patience epochs
	StopDiverged StopReason = "diverged"     // the loss stopped being a finite number
	StopStalled  StopReason = "not learning" // the loss stayed at chance level
)

// StopReasons names every StopReason for the page, which compares a
// run's stop with them.
var StopReasons = map[string]StopReason{"none": StopNone, "done": StopDone, "early": StopEarly,
	"diverged": StopDiverged, "stalled": StopStalled}

// StalledError reports a run that does not learn: after Iteration
// iterations the mean loss of the last Window is still Loss, no better than
// guessing (ln 10 for ten classes), and the training accuracy is Accuracy.
type StalledError struct {
	Iteration int
	Window    int
	Loss      float64
	Accuracy  float64
}

func (e *StalledError) Error() string {
	return fmt.Sprintf("training stalled: mean loss %v, accuracy %v after %d iterations", e.Loss, e.Accuracy, e.Iteration)
}

// Stall detection: a run is not learning when, after at least stallAfter
// iterations and three evaluations, the mean of its last stallWindow
// losses is at least ln(classes) (the loss of a uniform guess) and its
// training accuracy is below stallAccuracy. The book's run is at 0.5
// after 500 iterations; sigmoid at learning rate 1000 sits at 14.5.
const (
	stallAfter    = 500
	stallWindow   = 100
	stallAccuracy = 0.2
)

// DivergedError reports a loss that stopped being a finite number.
type DivergedError struct {
	Iteration int // 1-based
	Loss      float64
}

func (e *DivergedError) Error() string {
	return fmt.Sprintf("training diverged: the loss became %v at iteration %d", e.Loss, e.Iteration)
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
	// EvalEvery is how many iterations pass between evaluations: an
	// epoch's, or several epochs' when scoring the images costs more than
	// evalShare of the epochs' training (see evalEpochs).
	EvalEvery int

	batchRand, dropRand *rand.Rand
	perm                []int // shuffled epoch order
	permPos             int
	idx                 []int
	batch               *Batch
	last                []float64    // parameters and optimizer state before the current step
	lastSteps           int          // the optimizer's step count before it
	lastValid           bool         // last holds the weights before the last step, which succeeded
	grads               *Grads       // gradients, overwritten whole by each use (gradBuf)
	view                *TwoLayerNet // LastStep's net at the weights before the step, kept between calls

	Iteration int
	Losses    []float64 // one per iteration
	Epochs    []EpochStat

	best      *TwoLayerNet
	bestVal   float64 // lowest validation loss so far
	BestEpoch int
	sinceBest int

	// Opt applies the gradients. Its settings can change during the run
	// (Tune).
	Opt *Optimizer
	// Tunes lists the iterations after which the optimizer's settings
	// changed, for the charts to mark.
	Tunes []int

	// Stop is why the run ended; StopNone while it runs.
	Stop StopReason
	// Final is the accuracy of the final weights, measured when the run
	// has done all its iterations (StopDone): the last evaluation's own
	// figures when it was made after the last iteration, else measured
	// then (the book evaluates at iterations 1, 1+E, …, so the last
	// evaluation is usually some iterations before the end).
	Final *EpochStat
	// Defer, when set, makes Step leave the evaluations between epochs to
	// its caller instead of scoring the images itself, so that training
	// need not wait for them: each becomes a Pending (TakePending), scored
	// by Measure anywhere (another Trainer of the same Config and
	// datasets: the page's evaluation workers) and given back to Record.
	// Early stopping needs its figures before the next step, so a run with
	// Patience still evaluates in Step; so does the final measurement.
	Defer   bool
	pending []Pending

	stepStart time.Time    // when the current step began
	begun     bool         // BeginNumerical has begun a step that EndNumerical has not ended
	evalNet   *TwoLayerNet // Measure's copy of the parameters

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
		batchRand: pcg(3), dropRand: pcg(4), Opt: NewOptimizer(cfg, net)}
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
	testN := 0
	if test != nil {
		testN = test.N
	}
	t.EvalEvery = t.IterPerEpoch * evalEpochs(cfg, len(all)+len(t.valIdx)+testN, t.IterPerEpoch)
	t.idx = make([]int, cfg.BatchSize)
	t.last = make([]float64, 0, len(net.W1)+len(net.B1)+len(net.W2)+len(net.B2)+t.Opt.stateLen())
	return t, nil
}

// Tune changes the Tunable settings (the optimizer's) for the rest of the
// run. A change of any other setting is refused with a *FieldError of
// RuleNotTunable, and a refused value as Validate refuses it; either
// changes nothing. A new kind of optimizer starts from zero state.
func (t *Trainer) Tune(cfg Config) error {
	for _, s := range Schema {
		if v := s.Get(&cfg); !s.Tunable && v != s.Get(&t.Cfg) {
			return &FieldError{Field: s.Name, Rule: RuleNotTunable, Value: v}
		}
	}
	if err := cfg.Validate(t.train.N); err != nil {
		return err
	}
	t.Cfg = cfg
	t.Opt.Tune(cfg, t.Net)
	if k := len(t.Tunes); k == 0 || t.Tunes[k-1] != t.Iteration {
		t.Tunes = append(t.Tunes, t.Iteration)
	}
	return nil
}

// evalShare bounds the cost of the evaluations against the training they
// report on: scoring an image costs about a third of training on it
// (forward against forward, backward and update), so an evaluation of n
// images costs about n/3 images' training. The book's run (70,000 images
// scored every 600 iterations of 100) spends 0.39 of its training time
// evaluating; 0.5 keeps it at every epoch.
const evalShare = 0.5

// evalEpochs returns how many epochs pass between evaluations: 1 while
// scoring the n evaluated images costs at most evalShare of an epoch's
// training, else as many as that takes (chapter 6's overfitting run, 300
// images in 3 iterations, scores 10,300 images: every 23 epochs). Early
// stopping counts epochs of patience, so it evaluates every epoch.
func evalEpochs(cfg Config, n, iterPerEpoch int) int {
	if cfg.Patience > 0 {
		return 1
	}
	scoring := float64(n) / 3
	training := float64(iterPerEpoch * cfg.BatchSize)
	return max(1, int(math.Ceil(scoring/(evalShare*training))))
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// UseWeights replaces the net's parameters with src's, as training from a
// loaded model; the activation, weight decay and dropout stay the run's
// (its Config's). opt, if not nil, is the optimizer's saved state, for the
// same kind of optimizer as the run's. The sizes must match.
func (t *Trainer) UseWeights(src *TwoLayerNet, opt *Optimizer) error {
	n := t.Net
	if src.Input != n.Input || src.Hidden != n.Hidden || src.Output != n.Output || src.Activation != n.Activation {
		return fmt.Errorf("core: a %s %d-%d-%d model does not fit a %s %d-%d-%d net", src.Activation, src.Input, src.Hidden, src.Output, n.Activation, n.Input, n.Hidden, n.Output)
	}
	if opt != nil {
		if opt.Kind != t.Opt.Kind || opt.stateLen() != t.Opt.stateLen() {
			return fmt.Errorf("core: %s state does not fit the run's %s", opt.Kind, t.Opt.Kind)
		}
		t.Opt.restoreState(opt.appendState(nil))
		t.Opt.SetSteps(opt.Steps)
	}
	n.CopyFrom(src)
	t.lastValid = false
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

// snapshot keeps the parameters and the optimizer's state before a step,
// to go back to if the loss diverges.
func (t *Trainer) snapshot() {
	n := t.Net
	t.last = append(append(append(append(t.last[:0], n.W1...), n.B1...), n.W2...), n.B2...)
	t.last = t.Opt.appendState(t.last)
	t.lastSteps = t.Opt.Steps
}

func (t *Trainer) restoreSnapshot() {
	n := t.Net
	s := t.last
	s = s[copy(n.W1, s):]
	s = s[copy(n.B1, s):]
	s = s[copy(n.W2, s):]
	s = s[copy(n.B2, s):]
	t.Opt.restoreState(s)
	t.Opt.SetSteps(t.lastSteps)
}

// Step runs one iteration: a mini-batch, its gradient, the optimizer's
// update, the loss recorded, and at epoch boundaries the accuracies. It
// returns ErrDone once the run is over, a *DivergedError (ending the run,
// with the weights and optimizer state from before the step restored) if
// the loss is not finite, and a *StalledError (ending the run) if it is not
// learning.
func (t *Trainer) Step() error {
	if t.Cfg.Gradient == GradNumerical {
		if _, err := t.BeginNumerical(); err != nil {
			return err
		}
		return t.EndNumerical(t.Net.numericalGradientRange(t.batch, DefaultH, 0, t.Net.paramCount()))
	}
	if t.Stop != StopNone {
		return ErrDone
	}
	t.begin()
	var loss float64
	if t.Opt.Kind == OptSGD {
		// SGD's fast path: the update fused into backpropagation, only
		// the rows of W1 the batch uses (TestFusedSGDMatchesOptimizer).
		loss = t.Net.sgdStep(t.batch, t.Opt.LearningRate, t.dropRand)
		t.Opt.Steps++
	} else {
		g := t.gradBuf()
		loss = t.Net.lossAndGradient(t.batch, t.dropRand, g)
		t.Opt.Update(paramSlices(t.Net), g.Slices())
	}
	t.StepEvals = 0
	return t.end(loss)
}

// gradBuf is the trainer's gradient buffer: the general path's step and
// LastStep each overwrite all of it (lossAndGradient) before they read it.
func (t *Trainer) gradBuf() *Grads {
	if t.grads == nil {
		t.grads = t.Net.newGrads()
	}
	return t.grads
}

// begin starts a step: its mini-batch, and the weights to go back to.
func (t *Trainer) begin() {
	t.stepStart = time.Now()
	t.nextBatch()
	t.batch = t.train.Batch(t.idx, t.batch)
	t.snapshot()
	t.lastValid = false
}

// end finishes a step whose update is made and whose loss (before the
// update) is loss: divergence, the loss recorded, evaluations and the end
// of the run.
func (t *Trainer) end(loss float64) error {
	t.StepTime = time.Since(t.stepStart)
	t.Iteration++
	if math.IsNaN(loss) || math.IsInf(loss, 0) || !t.paramsFinite() {
		t.restoreSnapshot()
		t.Stop = StopDiverged
		return &DivergedError{Iteration: t.Iteration, Loss: loss}
	}
	t.Losses = append(t.Losses, loss)
	t.lastValid = true
	if (t.Iteration-1)%t.EvalEvery == 0 {
		if t.Defer && t.Cfg.Patience == 0 {
			t.pending = append(t.pending, Pending{Epoch: (t.Iteration - 1) / t.IterPerEpoch,
				Iteration: t.Iteration, Params: t.Net.flatParams()})
		} else if err := t.record(t.measure(t.Net, t.Iteration)); err != nil {
			return err
		}
	}
	if t.Stop == StopNone && t.Iteration >= t.Cfg.Iterations {
		t.Stop = StopDone
		t.measureFinal()
	}
	return nil
}

// NumericalJob is one step of a numerical-gradient run as work to share
// out: the parameters (W1, b1, W2, b2 one after another) and the
// mini-batch (indices of training images). Each parameter's central
// difference is independent of the others', so any Trainer of the same
// Config and datasets computes a range of them (NumericalPart) with the
// same bits as Step.
type NumericalJob struct {
	Iteration int       `json:"iteration"` // the step's, from 1
	Params    []float64 `json:"-"`
	Batch     []int     `json:"batch"`
}

// BeginNumerical starts a step of a run with the numerical gradient
// whose gradient is computed elsewhere, in parts (NumericalPart), and
// given back to EndNumerical: it draws the mini-batch as Step does.
// Between the two the net does not change. It returns ErrDone once the run
// is over, and an error for a run with another gradient method.
func (t *Trainer) BeginNumerical() (NumericalJob, error) {
	if t.Cfg.Gradient != GradNumerical {
		return NumericalJob{}, fmt.Errorf("numerical step: the run's gradient is %s", t.Cfg.Gradient)
	}
	if t.Stop != StopNone {
		return NumericalJob{}, ErrDone
	}
	t.begin()
	t.begun = true
	return NumericalJob{Iteration: t.Iteration + 1, Params: t.Net.flatParams(), Batch: slices.Clone(t.idx)}, nil
}

// TrialNumerical returns a numerical step's work on the run's first
// mini-batch-sized set of training images, as BeginNumerical would hand
// it out, without beginning anything: to time a step shared between
// workers before a run starts (as TrialStepTime times one here).
func (t *Trainer) TrialNumerical() NumericalJob {
	return NumericalJob{Iteration: t.Iteration + 1, Params: t.Net.flatParams(), Batch: slices.Clone(t.trialImages())}
}

// trialImages are the images a trial step takes: the run's first
// mini-batch-sized set of training images.
func (t *Trainer) trialImages() []int { return t.trainIdx[:min(t.Cfg.BatchSize, len(t.trainIdx))] }

// NumericalPart returns the numerical gradient of job's parameters from ≤
// i < to (in NumericalJob's order) on t's training images: Step's bits.
// t's own run does not change. A job that does not fit t's net or images
// is an error.
func (t *Trainer) NumericalPart(job NumericalJob, from, to int) ([]float64, error) {
	n := t.Net.paramCount()
	if len(job.Params) != n {
		return nil, fmt.Errorf("numerical part: %d parameters for a net of %d", len(job.Params), n)
	}
	if from < 0 || to > n || from > to {
		return nil, fmt.Errorf("numerical part: parameters %d to %d of %d", from, to, n)
	}
	if len(job.Batch) == 0 || len(job.Batch) > t.train.N {
		return nil, fmt.Errorf("numerical part: a mini-batch of %d", len(job.Batch))
	}
	for _, i := range job.Batch {
		if i < 0 || i >= t.train.N {
			return nil, fmt.Errorf("numerical part: training image %d of %d", i, t.train.N)
		}
	}
	if t.evalNet == nil {
		t.evalNet = t.Net.Clone()
	}
	t.evalNet.setFlatParams(job.Params)
	return t.evalNet.numericalGradientRange(t.train.Batch(job.Batch, nil), DefaultH, from, to), nil
}

// EndNumerical finishes the step BeginNumerical began with its whole
// gradient (one value per parameter, in NumericalJob's order): the update,
// the loss and the rest as Step. Without a step begun, or with a gradient
// of another length, it is an error and nothing changes.
func (t *Trainer) EndNumerical(grad []float64) error {
	if !t.begun {
		return errors.New("numerical step: none begun")
	}
	if len(grad) != t.Net.paramCount() {
		return fmt.Errorf("numerical step: %d gradients for %d parameters", len(grad), t.Net.paramCount())
	}
	t.begun = false
	loss := t.Net.Loss(t.batch)
	var g [4][]float64
	for k, p := range paramSlices(t.Net) {
		g[k], grad = grad[:len(p)], grad[len(p):]
	}
	t.Opt.Update(paramSlices(t.Net), g)
	t.StepEvals = 2 * t.Net.paramCount()
	return t.end(loss)
}

// measureFinal sets Final: the figures of the net as it is now.
func (t *Trainer) measureFinal() {
	if k := len(t.Epochs); k > 0 && t.Epochs[k-1].Iteration == t.Iteration {
		e := t.Epochs[k-1]
		t.Final = &e
		return
	}
	e := t.measure(t.Net, t.Iteration)
	t.Final = &e
}

func paramSlices(n *TwoLayerNet) [4][]float64 { return [4][]float64{n.W1, n.B1, n.W2, n.B2} }

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

// measure scores net, the parameters after iteration, as an evaluation
// at that iteration: accuracy on the run's training and test images, and
// accuracy and loss on its validation images.
func (t *Trainer) measure(net *TwoLayerNet, iteration int) EpochStat {
	e := EpochStat{Epoch: (iteration - 1) / t.IterPerEpoch, Iteration: iteration}
	e.TrainAcc = net.AccuracyOf(t.train, t.trainIdx)
	if t.test != nil {
		e.TestAcc = net.Accuracy(t.test)
	}
	if len(t.valIdx) > 0 {
		e.ValAcc, e.ValLoss = net.AccuracyAndLossOf(t.train, t.valIdx)
	}
	return e
}

// record adds an evaluation to Epochs, applies early stopping and ends a
// run that is not learning (with a *StalledError).
func (t *Trainer) record(e EpochStat) error {
	t.Epochs = append(t.Epochs, e)
	if t.Stop == StopNone && e.Iteration >= stallAfter && len(t.Epochs) >= 3 {
		recent := t.Losses[max(0, e.Iteration-stallWindow):min(e.Iteration, len(t.Losses))]
		mean := 0.0
		for _, l := range recent {
			mean += l
		}
		mean /= float64(len(recent))
		if mean >= Log(float64(t.Net.Output)) && e.TrainAcc < stallAccuracy {
			t.Stop = StopStalled
			return &StalledError{Iteration: t.Iteration, Window: len(recent), Loss: mean, Accuracy: e.TrainAcc}
		}
	}
	if t.Cfg.Patience == 0 {
		return nil
	}
	if t.best == nil || e.ValLoss < t.bestVal {
		if t.best == nil {
			t.best = t.Net.Clone()
		}
		t.best.CopyFrom(t.Net)
		t.bestVal, t.BestEpoch, t.sinceBest = e.ValLoss, e.Epoch, 0
		return nil
	}
	t.sinceBest++
	if t.sinceBest >= t.Cfg.Patience {
		t.Net.CopyFrom(t.best)
		t.Stop = StopEarly
	}
	return nil
}

// Pending is an evaluation a Trainer with Defer set left to its caller:
// the parameters after Iteration (W1, b1, W2 and b2 one after another, as
// Params lists them), to be scored by Measure and given back to Record.
type Pending struct {
	Epoch     int       `json:"epoch"`
	Iteration int       `json:"iteration"`
	Params    []float64 `json:"-"`
}

// TakePending returns the evaluations Step has left since the last call,
// oldest first, and forgets them.
func (t *Trainer) TakePending() []Pending {
	p := t.pending
	t.pending = nil
	return p
}

// Measure scores p's parameters on t's images as Step would have: the
// same figures, bit for bit, as long as t has the run's Config (its
// training size and validation split) and datasets. It changes nothing
// of t's run. A p whose parameters do not fit t's net is an error.
func (t *Trainer) Measure(p Pending) (EpochStat, error) {
	if len(p.Params) != t.Net.paramCount() {
		return EpochStat{}, fmt.Errorf("measure: %d parameters for a net of %d", len(p.Params), t.Net.paramCount())
	}
	if p.Iteration < 1 {
		return EpochStat{}, fmt.Errorf("measure: iteration %d", p.Iteration)
	}
	if t.evalNet == nil {
		t.evalNet = t.Net.Clone()
	}
	t.evalNet.setFlatParams(p.Params)
	return t.measure(t.evalNet, p.Iteration), nil
}

// Record adds an evaluation that Measure made of a Pending, as Step would
// have when it was left: to Epochs in the order of iterations, and a run
// whose recent losses and accuracy say it is not learning ends (with a
// *StalledError), some iterations later than Step would have stopped it.
// An evaluation at an iteration already recorded, or not yet trained, is
// an error.
func (t *Trainer) Record(e EpochStat) error {
	if e.Iteration < 1 || e.Iteration > t.Iteration {
		return fmt.Errorf("record: iteration %d of a run at %d", e.Iteration, t.Iteration)
	}
	i, found := slices.BinarySearchFunc(t.Epochs, e.Iteration, func(x EpochStat, it int) int { return x.Iteration - it })
	if found {
		return fmt.Errorf("record: iteration %d is recorded", e.Iteration)
	}
	if i == len(t.Epochs) {
		return t.record(e)
	}
	t.Epochs = slices.Insert(t.Epochs, i, e)
	return nil
}

// FinalAccuracy returns the train and test accuracy of the net as it is
// now, reusing Final or the last epoch's figures when nothing has changed
// since.
func (t *Trainer) FinalAccuracy() (train, test float64) {
	if t.Final != nil && t.Final.Iteration == t.Iteration {
		return t.Final.TrainAcc, t.Final.TestAcc
	}
	if k := len(t.Epochs); k > 0 && t.Epochs[k-1].Iteration == t.Iteration && t.Stop != StopEarly {
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
	Iteration int `json:"iteration"`
	Epoch     int `json:"epoch"` // the last evaluation's epoch (−1 before the first)
	// EpochsDone is the number of whole epochs trained: Iteration ÷
	// IterPerEpoch, rounded down. It is the epoch count the page shows.
	EpochsDone int     `json:"epochsDone"`
	Loss       float64 `json:"loss"` // last iteration's loss, 0 before the first
	// TrainAcc, TestAcc and ValAcc are the last figures measured: at the
	// last evaluation, or on the final weights once the run is done (Final);
	// MeasuredAt is the iteration after which they were measured.
	TrainAcc   float64    `json:"trainAcc"`
	TestAcc    float64    `json:"testAcc"`
	ValAcc     float64    `json:"valAcc"`
	MeasuredAt int        `json:"measuredAt"`
	Stop       StopReason `json:"stop"`
}

// State returns the run's current figures.
func (t *Trainer) State() State {
	s := State{Iteration: t.Iteration, Epoch: -1, EpochsDone: t.Iteration / t.IterPerEpoch, Stop: t.Stop}
	if k := len(t.Losses); k > 0 {
		s.Loss = t.Losses[k-1]
	}
	if k := len(t.Epochs); k > 0 {
		e := t.Epochs[k-1]
		s.Epoch, s.MeasuredAt = e.Epoch, e.Iteration
		s.TrainAcc, s.TestAcc, s.ValAcc = e.TrainAcc, e.TestAcc, e.ValAcc
	}
	if f := t.Final; f != nil {
		s.MeasuredAt = f.Iteration
		s.TrainAcc, s.TestAcc, s.ValAcc = f.TrainAcc, f.TestAcc, f.ValAcc
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

// TrialStepTime times one gradient of the run's method (the numerical
// gradient, or backpropagation) on the run's first mini-batch-sized set of
// training images, on a copy of the net: what a step will cost on this
// machine, for saying how long a run will take before it starts. The run
// does not change.
func (t *Trainer) TrialStepTime() time.Duration {
	b := t.train.Batch(t.trialImages(), nil)
	net := t.Net.Clone()
	start := time.Now()
	if t.Cfg.Gradient == GradNumerical {
		net.numericalGradient(b, DefaultH)
	} else {
		net.lossAndGradient(b, rand.New(rand.NewPCG(0, 0)), net.newGrads())
	}
	return time.Since(start)
}

// SplitNumerical cuts job's parameters into n ranges of about equal work
// for NumericalPart and returns their n+1 bounds, from 0 to the parameter
// count. A weight of W1 costs as many image updates as images of the batch
// use its pixel (most pixels: none), a bias of b1 one per image, and a
// weight or bias of the scores about a tenth of that (no hidden unit to
// recompute). n must be at least 1.
func (t *Trainer) SplitNumerical(job NumericalJob, n int) []int {
	net := t.Net
	H := net.Hidden
	b := t.train.Batch(job.Batch, nil)
	start, _, _ := groupByPixel(b, nil, nil, nil)
	N := float64(b.N)
	cost := func(i int) float64 {
		switch {
		case i < len(net.W1):
			p := i / H
			return float64(start[p+1]-start[p]) + 0.01
		case i < len(net.W1)+H:
			return N
		default:
			return N / 10
		}
	}
	total := 0.0
	for i := range net.paramCount() {
		total += cost(i)
	}
	bounds := []int{0}
	acc := 0.0
	for i := range net.paramCount() {
		if len(bounds) < n && acc >= total*float64(len(bounds))/float64(n) {
			bounds = append(bounds, i)
		}
		acc += cost(i)
	}
	for len(bounds) <= n {
		bounds = append(bounds, net.paramCount())
	}
	return bounds
}
