package session

import (
	"time"

	"scratchnet/core"
	"scratchnet/core/i18n"
)

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

// CheckConfig says whether Configure would accept cfgJSON, changing
// nothing: nil, or the *ConfigError Configure would return.
func (s *Session) CheckConfig(cfgJSON []byte) error {
	if _, err := core.MergeConfig(s.cfg, cfgJSON, s.trainN()); err != nil {
		return configError(err)
	}
	return nil
}

// Tune merges cfgJSON, which may only change the Tunable settings (the
// optimizer's), into the running configuration without restarting the
// run: training goes on from the same weights with the new settings (a new
// optimizer starts from zero state), the twin's too. A refused setting
// changes nothing.
func (s *Session) Tune(cfgJSON []byte) error {
	if s.tr == nil {
		return ErrNoData
	}
	c, err := core.MergeConfig(s.cfg, cfgJSON, s.trainN())
	if err != nil {
		return configError(err)
	}
	if s.pair != nil {
		err = s.pair.Tune(c)
	} else {
		err = s.tr.Tune(c)
	}
	if err != nil {
		return configError(err)
	}
	s.cfg = c
	s.gc = nil
	return nil
}

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
	s.start(tr, nil)
	return nil
}

// start makes tr the session's run (and pair, if not nil, its pair with a
// twin), with nothing reported yet.
func (s *Session) start(tr *core.Trainer, pair *core.Pair) {
	s.tr, s.pair, s.sent, s.sentEpochs, s.twinSent, s.stop, s.gc, s.loaded = tr, pair, 0, 0, 0, nil, nil, nil
	s.run++
	s.numJob = nil
	tr.Defer = s.deferEval && pair == nil
}

// Compare starts the run again beside a twin that computes the gradient
// the other way (core.Pair), from the same seed: Steps then trains both
// and reports the twin's losses and both methods' time per step. A
// configuration the twin's method refuses (dropout with the numerical
// gradient, a net too large for it) is a *ConfigError.
func (s *Session) Compare() error {
	if s.train == nil {
		return ErrNoData
	}
	p, err := core.NewPair(s.cfg, s.train, s.test)
	if err != nil {
		return configError(err)
	}
	s.start(p.Run, p)
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
	// Loaded is the network the run started from, when it came from a file
	// or a link; Trained counts its iterations and the run's together.
	Loaded  *Loaded `json:"loaded,omitempty"`
	Trained int     `json:"trained"`
	// Pending are the evaluations left since the last Steps, when they
	// are deferred (DeferEvaluation); their figures come later, through
	// Record, in a later Steps' Epochs.
	Pending []PendingEval `json:"pending,omitempty"`
}

// trained is how many iterations the net has been trained: those of the
// network it was loaded from, and the run's.
func (s *Session) trained() int {
	n := s.tr.Iteration
	if s.loaded != nil {
		n += s.loaded.Iterations
	}
	return n
}

// Steps runs up to n iterations (stopping early when the run ends) and
// returns the state with the losses and epochs not yet returned. A run
// that diverges or does not learn stops; the state's StopMessage says why
// and what to try.
func (s *Session) Steps(n int) (State, error) {
	if s.tr == nil {
		return State{}, ErrNoData
	}
	start, before := time.Now(), s.tr.Iteration
	var twin *TwinState
	var err error
	if s.pair == nil {
		err = s.tr.Run(n)
	} else {
		var pt core.PairTimes
		pt, err = s.pair.Steps(n)
		twin = s.twinState(pt)
	}
	st := s.report(start, before, err)
	st.Twin = twin
	return st, nil
}

// report returns the state after the iterations from before, begun at
// start, with the losses, epochs and pending evaluations not yet
// returned; err is how the run ended, if it did.
func (s *Session) report(start time.Time, before int, err error) State {
	if err != nil {
		m := DescribeStop(err, s.cfg)
		s.stop = &m
	}
	done := s.tr.Iteration - before
	st := s.State()
	if done > 0 {
		st.StepMillis = float64(time.Since(start).Microseconds()) / 1000 / float64(done)
	}
	st.FirstLoss = s.sent + 1
	st.Losses = append([]float64(nil), s.tr.Losses[s.sent:]...)
	st.Epochs = append([]core.EpochStat(nil), s.tr.Epochs[s.sentEpochs:]...)
	s.sent, s.sentEpochs = len(s.tr.Losses), len(s.tr.Epochs)
	st.Pending = s.takePending()
	return st
}

// twinState returns the twin's losses not yet returned and both methods'
// mean time per step in pt.
func (s *Session) twinState(pt core.PairTimes) *TwinState {
	tw := s.pair.Twin
	t := &TwinState{Gradient: tw.Cfg.Gradient, FirstLoss: s.twinSent + 1,
		Losses: append([]float64(nil), tw.Losses[s.twinSent:]...)}
	s.twinSent = len(tw.Losses)
	if pt.Steps > 0 {
		t.RunMillis = float64(pt.Run.Microseconds()) / 1000 / float64(pt.Steps)
		t.StepMillis = float64(pt.Twin.Microseconds()) / 1000 / float64(pt.Steps)
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
		Tunes: s.tr.Tunes, Config: s.cfg, Loaded: s.loaded, Trained: s.trained()}
	if s.loaded != nil && st.MeasuredAt == 0 {
		// Nothing measured since loading: the figures of the loaded net.
		st.TrainAcc, st.TestAcc = s.loaded.TrainAcc, s.loaded.TestAcc
	}
	if s.stop != nil {
		st.Message = s.stop.Error()
	}
	return st
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

// Projection is what a run will cost, measured before it starts.
type Projection struct {
	StepMillis float64 `json:"stepMillis"` // one step of the run's gradient method (and its twin's, comparing), here
	Iterations int     `json:"iterations"` // the run's
}

// Project times one step of the current run's gradient (TrialStepTime),
// and its twin's when comparing, so the page can say how long the run
// will take before it starts.
func (s *Session) Project() (Projection, error) {
	if s.tr == nil {
		return Projection{}, ErrNoData
	}
	d := s.tr.TrialStepTime()
	if s.pair != nil {
		d += s.pair.Twin.TrialStepTime()
	}
	return Projection{StepMillis: float64(d.Microseconds()) / 1000, Iterations: s.cfg.Iterations}, nil
}
