package session

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"scratchnet/core"
	"scratchnet/core/i18n"
)

// Session is one page's state. It is not safe for concurrent use.
type Session struct {
	train, test *core.Dataset
	cfg         core.Config
	tr          *core.Trainer
	sent        int // losses already returned by Steps
	sentEpochs  int
	stop        *i18n.Message // why the run stopped early, for the page

	// twin, when comparing, is the run's twin with the other gradient
	// method: the same settings and seed, so the same first weights and the
	// same mini-batches.
	twin     *core.Trainer
	twinSent int

	gc     *core.GradCheck
	gcIter int
	gcH    float64
	gcNet  *core.TwoLayerNet
}

// New returns a session with the book's configuration and no data.
func New() *Session { return &Session{cfg: core.BookConfig()} }

// ErrNoData is returned before Load has succeeded.
var ErrNoData = i18n.M("error.noData")

// Load decodes the four MNIST files (gzipped IDX, as GoMNIST ships them)
// and starts a run with the current configuration.
func (s *Session) Load(trainImages, trainLabels, testImages, testLabels []byte) error {
	train, err := core.DecodeDataset(core.TrainImagesFile, trainImages, core.TrainLabelsFile, trainLabels)
	if err != nil {
		return err
	}
	test, err := core.DecodeDataset(core.TestImagesFile, testImages, core.TestLabelsFile, testLabels)
	if err != nil {
		return err
	}
	if train.Dim != test.Dim {
		return fmt.Errorf("mnist: training images are %d×%d but test images %d×%d", train.Rows, train.Cols, test.Rows, test.Cols)
	}
	s.train, s.test = train, test
	return s.reset()
}

// Loaded reports the dataset sizes.
func (s *Session) Loaded() (train, test int) {
	if s.train == nil {
		return 0, 0
	}
	return s.train.N, s.test.N
}

// ConfigError is a refused configuration: each refused setting's data and
// a message for it, and the message in English.
type ConfigError struct {
	Errors   []*core.FieldError      `json:"errors"`
	Messages map[string]i18n.Message `json:"messages"` // setting name → message
	Fields   map[string]string       `json:"fields"`   // setting name → English sentence
}

func (e *ConfigError) Error() string {
	msgs := make([]string, 0, len(e.Errors))
	for _, fe := range e.Errors {
		msgs = append(msgs, e.Fields[fe.Field])
	}
	return strings.Join(slices.Compact(msgs), " ")
}

// configError turns core's refusal into a *ConfigError with sentences
// (the first refusal of each field).
func configError(err error) error {
	fes := core.FieldErrors(err)
	if len(fes) == 0 {
		return err
	}
	ce := &ConfigError{Fields: map[string]string{}, Messages: map[string]i18n.Message{}}
	for _, fe := range fes {
		if _, dup := ce.Fields[fe.Field]; !dup {
			m := Describe(fe)
			ce.Errors = append(ce.Errors, fe)
			ce.Messages[fe.Field] = m
			ce.Fields[fe.Field] = m.Error()
		}
	}
	return ce
}

// trainN is the training-set size settings are checked against: MNIST's
// 60,000 until the data are loaded.
func (s *Session) trainN() int {
	if s.train != nil {
		return s.train.N
	}
	return 60000
}

// Configure merges cfgJSON (a JSON object of settings by their Schema
// names) into the current configuration and starts a fresh run. A refused
// configuration is a *ConfigError naming every refused setting and changes
// nothing.
func (s *Session) Configure(cfgJSON []byte) error {
	c, err := core.MergeConfig(s.cfg, cfgJSON, s.trainN())
	if err != nil {
		return configError(err)
	}
	s.cfg = c
	if s.train == nil {
		return nil
	}
	return s.reset()
}

// tunable are the settings Tune may change during a run.
var tunable = map[string]bool{"optimizer": true, "learningRate": true, "momentum": true, "beta1": true, "beta2": true}

// Tune merges cfgJSON, which may only hold the optimizer's settings
// (optimizer, learningRate, momentum, beta1, beta2), into the running
// configuration without restarting the run: training goes on from the
// same weights with the new settings (a new optimizer starts from zero
// state). A refused setting changes nothing.
func (s *Session) Tune(cfgJSON []byte) error {
	if s.tr == nil {
		return ErrNoData
	}
	c, err := core.MergeConfig(s.cfg, cfgJSON, s.trainN())
	if err != nil {
		return configError(err)
	}
	for _, st := range core.Schema {
		if !tunable[st.Name] && st.Get(&c) != st.Get(&s.cfg) {
			return configError(&core.FieldError{Field: st.Name, Rule: core.RuleConflict, Value: st.Get(&c), Other: "tune"})
		}
	}
	if err := s.tr.Tune(c); err != nil {
		return configError(err)
	}
	if s.twin != nil {
		tc := c
		tc.Gradient = s.twin.Cfg.Gradient
		if err := s.twin.Tune(tc); err != nil {
			return configError(err)
		}
	}
	s.cfg = c
	s.gc = nil
	return nil
}

// Config returns the current configuration.
func (s *Session) Config() core.Config { return s.cfg }

// Reset starts the current configuration again from new weights.
func (s *Session) Reset() error {
	if s.train == nil {
		return ErrNoData
	}
	return s.reset()
}

func (s *Session) reset() error {
	tr, err := core.NewTrainer(s.cfg, s.train, s.test)
	if err != nil {
		return err
	}
	s.start(tr)
	return nil
}

// start makes tr the session's run, with nothing reported yet. Comparing
// stops with a new run.
func (s *Session) start(tr *core.Trainer) {
	s.tr, s.sent, s.sentEpochs, s.stop, s.gc = tr, 0, 0, nil, nil
	s.twin, s.twinSent = nil, 0
}

// Compare starts the run again with a twin beside it that computes the
// gradient the other way (numerical for backpropagation and the reverse),
// from the same seed: the same first weights and the same mini-batches, so
// their loss curves differ only by the gradient's method (chapter 5's
// point). Steps then trains both and reports the twin's losses and time
// per step. A configuration the twin's method refuses (dropout with the
// numerical gradient, a net too large for it) is a *ConfigError.
func (s *Session) Compare() error {
	if s.train == nil {
		return ErrNoData
	}
	tc := s.cfg
	tc.Gradient = core.GradNumerical
	if s.cfg.Gradient == core.GradNumerical {
		tc.Gradient = core.GradBackprop
	}
	twin, err := core.NewTrainer(tc, s.train, s.test)
	if err != nil {
		return configError(err)
	}
	if err := s.reset(); err != nil {
		return err
	}
	s.twin = twin
	return nil
}

// TwinState is the twin's progress in a comparison.
type TwinState struct {
	Gradient   core.GradientMethod `json:"gradient"`
	Losses     []float64           `json:"losses,omitempty"` // new since the last Steps, the same iterations as the run's
	FirstLoss  int                 `json:"firstLoss"`
	StepMillis float64             `json:"stepMillis"` // the twin's mean time per step (its gradient and update)
	RunMillis  float64             `json:"runMillis"`  // the run's, measured the same way
}

// State is what the page shows after every slice of training.
type State struct {
	core.State
	Running      bool             `json:"running"`               // filled in by the page
	Message      string           `json:"message,omitempty"`     // why the run stopped early, in English
	StopMessage  *i18n.Message    `json:"stopMessage,omitempty"` // the same, as a message
	IterPerEpoch int              `json:"iterPerEpoch"`
	EvalEvery    int              `json:"evalEvery"` // iterations between evaluations
	Iterations   int              `json:"iterations"`
	Losses       []float64        `json:"losses,omitempty"` // new since the last Steps
	FirstLoss    int              `json:"firstLoss"`        // iteration number of Losses[0], 1-based
	Epochs       []core.EpochStat `json:"epochs,omitempty"` // new since the last Steps
	StepMillis   float64          `json:"stepMillis"`       // mean wall time per step in the last call
	Evals        int              `json:"evals,omitempty"`  // loss evaluations per step (numerical gradient)
	BestEpoch    int              `json:"bestEpoch"`
	Tunes        []int            `json:"tunes,omitempty"` // iterations after which the optimizer's settings changed
	Twin         *TwinState       `json:"twin,omitempty"`  // when comparing gradient methods
	Config       core.Config      `json:"config"`
}

// Steps runs up to n iterations (stopping early when the run ends) and
// returns the state with the losses and epochs not yet returned. A run
// that diverges stops; the state's Error says why and what to try.
func (s *Session) Steps(n int) (State, error) {
	if s.tr == nil {
		return State{}, ErrNoData
	}
	start, before := time.Now(), s.tr.Iteration
	var twin *TwinState
	if s.twin == nil {
		if err := s.tr.Run(n); err != nil {
			m := DescribeStop(err, s.cfg)
			s.stop = &m
		}
	} else {
		twin = s.compareSteps(n)
	}
	done := s.tr.Iteration - before
	st := s.State()
	st.Twin = twin
	if done > 0 {
		st.StepMillis = float64(time.Since(start).Microseconds()) / 1000 / float64(done)
	}
	st.FirstLoss = s.sent + 1
	st.Losses = append([]float64(nil), s.tr.Losses[s.sent:]...)
	st.Epochs = append([]core.EpochStat(nil), s.tr.Epochs[s.sentEpochs:]...)
	s.sent, s.sentEpochs = len(s.tr.Losses), len(s.tr.Epochs)
	return st, nil
}

// compareSteps runs up to n iterations of the run and of its twin, one
// after the other, and returns the twin's losses and both methods' time
// per step (without the epochs' evaluations).
func (s *Session) compareSteps(n int) *TwinState {
	var runTime, twinTime time.Duration
	steps := 0
	for range n {
		if err := s.tr.Step(); err != nil {
			if err != core.ErrDone {
				m := DescribeStop(err, s.cfg)
				s.stop = &m
			}
			break
		}
		runTime += s.tr.StepTime
		if err := s.twin.Step(); err == nil {
			twinTime += s.twin.StepTime
		}
		steps++
	}
	t := &TwinState{Gradient: s.twin.Cfg.Gradient, FirstLoss: s.twinSent + 1,
		Losses: append([]float64(nil), s.twin.Losses[s.twinSent:]...)}
	s.twinSent = len(s.twin.Losses)
	if steps > 0 {
		t.RunMillis = float64(runTime.Microseconds()) / 1000 / float64(steps)
		t.StepMillis = float64(twinTime.Microseconds()) / 1000 / float64(steps)
	}
	return t
}

// State returns the current figures (no losses or epochs).
func (s *Session) State() State {
	if s.tr == nil {
		return State{Config: s.cfg}
	}
	st := State{State: s.tr.State(), StopMessage: s.stop, IterPerEpoch: s.tr.IterPerEpoch, EvalEvery: s.tr.EvalEvery,
		Iterations: s.cfg.Iterations, Evals: s.tr.StepEvals, BestEpoch: s.tr.BestEpoch,
		Tunes: s.tr.Tunes, Config: s.cfg}
	if s.stop != nil {
		st.Message = s.stop.Error()
	}
	return st
}

// Prediction is the net's answer for one image.
type Prediction struct {
	Digit int       `json:"digit"`
	Probs []float64 `json:"probs"`
	Input []byte    `json:"input,omitempty"` // the 28×28 input, for a drawn digit
}

// PixelsFromNumbers checks that values are an image of 784 whole numbers
// from 0 (background) to 255 (ink) and returns them as bytes; anything
// else (NaN, −1, 1000, 0.5, a wrong count) is refused with a sentence.
func PixelsFromNumbers(values []float64) ([]byte, error) {
	if len(values) != 784 {
		return nil, i18n.M("predict.length", "want", 784.0, "got", float64(len(values)))
	}
	out := make([]byte, len(values))
	for i, v := range values {
		if !(v >= 0 && v <= 255 && v == math.Trunc(v)) {
			var got any = v // a number the page formats, or NaN as text (JSON has no NaN)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				got = strconv.FormatFloat(v, 'g', -1, 64)
			}
			return nil, i18n.M("predict.pixel", "index", float64(i), "got", got)
		}
		out[i] = byte(v)
	}
	return out, nil
}

// Predict classifies one image of 784 bytes (0 = background, 255 = ink).
func (s *Session) Predict(pixels []byte) (Prediction, error) {
	if s.tr == nil {
		return Prediction{}, ErrNoData
	}
	if len(pixels) != s.tr.Net.Input {
		return Prediction{}, i18n.M("predict.length", "want", float64(s.tr.Net.Input), "got", float64(len(pixels)))
	}
	d, p := s.tr.Net.Classify(pixels)
	for _, v := range p {
		if math.IsNaN(v) {
			return Prediction{}, ErrNaNOutput
		}
	}
	return Prediction{Digit: d, Probs: p}, nil
}

// ErrNaNOutput is returned for a prediction that is not a number, as from
// the huge weights a diverged run leaves behind.
var ErrNaNOutput = i18n.M("predict.nan")

// Drawn turns a w×h canvas (one byte a pixel, 0 = no ink) into MNIST's
// input with core.PrepareDigit and classifies it.
func (s *Session) Drawn(canvas []byte, w, h int) (Prediction, error) {
	in, err := core.PrepareDigit(canvas, w, h)
	if errors.Is(err, core.ErrEmptyCanvas) {
		return Prediction{}, ErrEmptyCanvas
	}
	if err != nil {
		return Prediction{}, err
	}
	p, err := s.Predict(in)
	p.Input = in
	return p, err
}

// DrawnView is a drawn digit's answer and why: the 28×28 input, the
// probabilities, the hidden activations and each unit's push.
type DrawnView struct {
	Prediction
	Explanation core.Explanation `json:"explanation"`
}

// DrawnStrokes renders pen paths (x, y pairs, a NaN pair after each
// stroke) with core.RenderStrokes and classifies the digit.
func (s *Session) DrawnStrokes(xy []float64) (DrawnView, error) {
	strokes, err := core.StrokesFromFlat(xy)
	if err != nil {
		return DrawnView{}, i18n.M("error.detail", "detail", err.Error())
	}
	in, err := core.RenderStrokes(strokes)
	if errors.Is(err, core.ErrEmptyCanvas) {
		return DrawnView{}, ErrEmptyCanvas
	}
	if err != nil {
		return DrawnView{}, i18n.M("error.detail", "detail", err.Error())
	}
	p, err := s.Predict(in)
	if err != nil {
		return DrawnView{}, err
	}
	p.Input = in
	return DrawnView{Prediction: p, Explanation: s.tr.Net.Explain(in)}, nil
}

// TestImage returns test image i (784 bytes) and its label.
func (s *Session) TestImage(i int) ([]byte, int, error) {
	if s.test == nil {
		return nil, 0, ErrNoData
	}
	if i < 0 || i >= s.test.N {
		return nil, 0, i18n.M("pick.range", "max", float64(s.test.N-1), "got", float64(i))
	}
	return s.test.Image(i), int(s.test.Labels[i]), nil
}

// ErrEmptyCanvas is Drawn's answer for a canvas with no ink.
var ErrEmptyCanvas = i18n.M("draw.empty")

// GradStepOptions chooses the parameter of a gradient-check step: Next
// takes the one after the last checked, else Key[Row][Col]. H is the step
// (absent: the book's 1e-4).
type GradStepOptions struct {
	Key  string `json:"key"`
	Row  int    `json:"row"`
	Col  int    `json:"col"`
	Next bool   `json:"next"`
	// SkipZero makes Next skip parameters whose gradient is exactly 0.
	SkipZero bool     `json:"skipZero"`
	H        *float64 `json:"h"`
}

// gradCheck returns the check for the current weights and step, on the
// first three training images as the book's gradient_check.py.
func (s *Session) gradCheck(hp *float64) (*core.GradCheck, error) {
	if s.tr == nil {
		return nil, ErrNoData
	}
	h := core.DefaultH
	if hp != nil {
		h = *hp
	}
	if !(h > 0 && h < 1) {
		return nil, i18n.M("gradcheck.h", "got", strconv.FormatFloat(h, 'g', -1, 64))
	}
	if s.gc == nil || s.gcIter != s.tr.Iteration || s.gcH != h || s.gcNet != s.tr.Net {
		b := s.train.Batch([]int{0, 1, 2}, nil)
		s.gc, s.gcIter, s.gcH, s.gcNet = core.NewGradCheck(s.tr.Net, b, h), s.tr.Iteration, h, s.tr.Net
	}
	return s.gc, nil
}

// GradStepView is one parameter's check and, for SkipZero, how many
// parameters with a zero gradient were skipped to reach it.
type GradStepView struct {
	core.GradStep
	Skipped   int `json:"skipped"`
	Iteration int `json:"iteration"` // the run's iteration: the weights checked
}

// GradCheckStep checks one parameter.
func (s *Session) GradCheckStep(o GradStepOptions) (GradStepView, error) {
	g, err := s.gradCheck(o.H)
	if err != nil {
		return GradStepView{}, err
	}
	v := GradStepView{Iteration: s.tr.Iteration}
	switch {
	case o.Next && o.SkipZero:
		st, skipped, ok := g.NextNonZero()
		if !ok { // wrap around
			st, skipped, _ = firstNonZero(g)
		}
		v.GradStep, v.Skipped = st, skipped
	case o.Next:
		st, ok := g.Next()
		if !ok {
			st, _ = g.At("W1", 0, 0) // wrap around
		}
		v.GradStep = st
	default:
		v.GradStep, err = g.At(o.Key, o.Row, o.Col)
		if err != nil {
			return GradStepView{}, i18n.M("error.detail", "detail", err.Error())
		}
	}
	return v, nil
}

// firstNonZero checks the first parameter with a non-zero gradient.
func firstNonZero(g *core.GradCheck) (core.GradStep, int, bool) {
	g.Rewind()
	return g.NextNonZero()
}

// SweepSteps are the steps h of the page's error-against-h plot: 10⁻¹ to
// 10⁻¹³.
var SweepSteps = []float64{1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12, 1e-13}

// GradCheckSweep checks key[row][col] with each of SweepSteps.
func (s *Session) GradCheckSweep(key string, row, col int) ([]core.HPoint, error) {
	g, err := s.gradCheck(nil)
	if err != nil {
		return nil, err
	}
	pts, err := g.SweepH(key, row, col, SweepSteps)
	if err != nil {
		return nil, i18n.M("error.detail", "detail", err.Error())
	}
	return pts, nil
}

// GradCheckResult is the book's whole check.
type GradCheckResult struct {
	Diffs  []core.KeyDiff `json:"diffs"`
	Text   string         `json:"text"`   // the book's KEY:VALUE lines
	W1Diff []float64      `json:"w1diff"` // |backprop − numerical| of W1, Input×Hidden
	Book   []core.KeyDiff `json:"book"`   // what the book prints
	// Iteration is the run's iteration: the check is of the current
	// weights (the book checks a freshly initialised net).
	Iteration int `json:"iteration"`
}

// GradCheckAll runs the book's check over every parameter; progress, if
// not nil, is called with the parameters done.
func (s *Session) GradCheckAll(h *float64, progress func(done, total int)) (GradCheckResult, error) {
	g, err := s.gradCheck(h)
	if err != nil {
		return GradCheckResult{}, err
	}
	d, w1 := g.CheckAll(progress)
	return GradCheckResult{Diffs: d, Text: core.FormatKeyDiffs(d), W1Diff: w1, Book: core.BookGradCheck, Iteration: s.tr.Iteration}, nil
}

// SimpleNetResult is chapter 4's simpleNet with the book's weights.
type SimpleNetResult struct {
	W    [6]float64 `json:"W"`
	DW   [6]float64 `json:"dW"`
	X    [2]float64 `json:"x"`
	T    [3]float64 `json:"t"`
	P    [3]float64 `json:"p"`
	Loss float64    `json:"loss"`
}

// SimpleNet computes simpleNet's prediction, loss and numerical dW.
func SimpleNet() SimpleNetResult {
	n := core.SimpleNet{W: [6]float64{0.47355232, 0.9977393, 0.84668094, 0.85557411, 0.03563661, 0.69422093}}
	r := SimpleNetResult{W: n.W, X: [2]float64{0.6, 0.9}, T: [3]float64{0, 0, 1}}
	r.P, r.Loss = n.Predict(r.X), n.Loss(r.X, r.T)
	r.DW = n.NumericalGradient(r.X, r.T, core.DefaultH)
	return r
}

// WeightImages returns W1's columns as 28×28 images (Hidden×784 bytes).
func (s *Session) WeightImages() ([]byte, error) {
	if s.tr == nil {
		return nil, ErrNoData
	}
	return s.tr.Net.WeightImages(), nil
}

// InspectResult is the confusion matrix on the test set and some of its
// misclassified images with their pixels (784 bytes each, concatenated).
type InspectResult struct {
	core.Inspection
	Pixels []byte `json:"-"`
}

// Inspect classifies the test set.
func (s *Session) Inspect(maxMistakes int) (InspectResult, error) {
	if s.tr == nil {
		return InspectResult{}, ErrNoData
	}
	in := s.tr.Net.Inspect(s.test, maxMistakes)
	r := InspectResult{Inspection: in}
	for _, m := range in.Mistakes {
		r.Pixels = append(r.Pixels, s.test.Image(m.Index)...)
	}
	return r, nil
}

// SaveModel returns the current net in core's model format, with the
// optimizer's state.
func (s *Session) SaveModel() ([]byte, error) {
	if s.tr == nil {
		return nil, ErrNoData
	}
	st := s.tr.State()
	h := core.ModelHeader{Config: s.cfg, Iterations: st.Iteration, TrainAcc: st.TrainAcc, TestAcc: st.TestAcc}
	return core.EncodeModel(s.tr.Net, h, s.tr.Opt), nil
}

// ShareModel returns the current net in core's model format with the
// weights alone, for sharing: the settings name the optimizer, whose
// state (twice the weights' size for Adam) is left out.
func (s *Session) ShareModel() ([]byte, error) {
	if s.tr == nil {
		return nil, ErrNoData
	}
	st := s.tr.State()
	h := core.ModelHeader{Config: s.cfg, Iterations: st.Iteration, TrainAcc: st.TrainAcc, TestAcc: st.TestAcc}
	return core.EncodeModel(s.tr.Net, h, nil), nil
}

// SaveNPZ returns the current net as a NumPy .npz archive.
func (s *Session) SaveNPZ() ([]byte, error) {
	if s.tr == nil {
		return nil, ErrNoData
	}
	return core.EncodeNPZ(s.tr.Net), nil
}

// LoadModel reads a model file (core's format, or an .npz of W1, b1, W2,
// b2) and continues from its weights, accepted whole or refused whole: a
// .snet's settings (and optimizer state) become the run's, an .npz takes
// the current settings with its hidden size. The run starts again at
// iteration 0. A refused file changes nothing.
func (s *Session) LoadModel(data []byte) error {
	if s.train == nil {
		return ErrNoData
	}
	var net *core.TwoLayerNet
	var opt *core.Optimizer
	cfg := s.cfg
	if len(data) >= 2 && data[0] == 'P' && data[1] == 'K' {
		n, err := core.DecodeNPZ(data, s.train.Dim, s.train.Classes)
		if err != nil {
			return i18n.M("model.bad", "detail", err.Error())
		}
		net, cfg.Hidden = n, n.Hidden
		n.Activation = cfg.Activation
	} else {
		m, err := core.DecodeModel(data)
		if err != nil {
			return i18n.M("model.bad", "detail", err.Error())
		}
		net, opt, cfg = m.Net, m.Opt, m.Header.Config
	}
	if net.Input != s.train.Dim || net.Output != s.train.Classes {
		return i18n.M("model.shape", "input", float64(net.Input), "hidden", float64(net.Hidden), "output", float64(net.Output))
	}
	if err := cfg.Validate(s.train.N); err != nil {
		return &ModelSettingsError{configError(err)}
	}
	tr, err := core.NewTrainer(cfg, s.train, s.test)
	if err != nil {
		return err
	}
	if err := tr.UseWeights(net, opt); err != nil {
		return err
	}
	s.cfg = cfg
	s.start(tr)
	return nil
}

// ModelSettingsError is a model file whose settings are refused; Err says
// which (a *ConfigError, or another error).
type ModelSettingsError struct{ Err error }

func (e *ModelSettingsError) Error() string {
	return i18n.Format("en", e.Message())
}

func (e *ModelSettingsError) Unwrap() error { return e.Err }

// Message says that the file's settings are refused, and why.
func (e *ModelSettingsError) Message() i18n.Message {
	var ce *ConfigError
	if errors.As(e.Err, &ce) && len(ce.Errors) > 0 {
		return i18n.M("model.settings", "detail", ce.Messages[ce.Errors[0].Field])
	}
	return i18n.M("model.settings", "detail", e.Err.Error())
}

// StepShown is how many of the last mini-batch's images LastStep shows.
const StepShown = 8

// LastStepView is the last step for the page's four-steps strip, with the
// shown images' pixels (StepShown×784 bytes, 0 background, 255 ink).
type LastStepView struct {
	core.StepView
	Pixels []byte `json:"-"`
}

// LastStep describes the last step; ok is false when there is none to show.
func (s *Session) LastStep() (LastStepView, bool) {
	if s.tr == nil {
		return LastStepView{}, false
	}
	v, ok := s.tr.LastStep(StepShown)
	if !ok {
		return LastStepView{}, false
	}
	px := make([]byte, 0, len(v.Indices)*s.train.Dim)
	for _, i := range v.Indices {
		px = append(px, s.train.Image(i)...)
	}
	return LastStepView{StepView: v, Pixels: px}, true
}

// Explain says why the net answers as it does for an image of 784 bytes.
func (s *Session) Explain(pixels []byte) core.Explanation { return s.tr.Net.Explain(pixels) }
