package session

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"time"

	"scratchnet/core"
)

// The page scores a run's accuracy in other Web Workers, each with its own
// session, so that training does not wait for it (core.Trainer.Defer): the
// training session's Steps hands out each evaluation it leaves (its
// parameters as little-endian float64 bytes), an evaluation session's
// Measure scores them, and the training session's Record takes the
// figures back. A step of the numerical gradient is shared out the same
// way: BeginNumerical hands out the parameters and the mini-batch, each
// session computes a range of the gradient (NumericalPart), and
// EndNumerical takes the whole gradient back.

// PendingEval is an evaluation a run left for another session to score.
// Params are the run's parameters after Iteration (W1, b1, W2, b2) as
// little-endian float64s; Run identifies the run, so that figures for a
// run since replaced are dropped.
type PendingEval struct {
	Run       int    `json:"run"`
	Epoch     int    `json:"epoch"`
	Iteration int    `json:"iteration"`
	Params    []byte `json:"-"`
}

// DeferEvaluation says whether the runs started from now on (and the
// current one) leave their evaluations to Record instead of scoring them
// in Steps. A comparison of gradient methods and a run with early stopping
// score their own.
func (s *Session) DeferEvaluation(on bool) {
	s.deferEval = on
	if s.tr != nil && s.pair == nil {
		s.tr.Defer = on
	}
}

// takePending returns the evaluations the run has left since the last
// call.
func (s *Session) takePending() []PendingEval {
	var out []PendingEval
	for _, p := range s.tr.TakePending() {
		out = append(out, PendingEval{Run: s.run, Epoch: p.Epoch, Iteration: p.Iteration, Params: floatBytes(p.Params)})
	}
	return out
}

// Measure scores the parameters params (as PendingEval has them) after
// iteration of a run with the configuration cfgJSON (all its settings, as
// State's Config) on this session's images: the figures Steps would have
// recorded. Nothing of this session's own run changes.
func (s *Session) Measure(cfgJSON []byte, iteration int, params []byte) (core.EpochStat, error) {
	p, err := paramFloats(params, "measure")
	if err != nil {
		return core.EpochStat{}, err
	}
	t, err := s.scorerFor(cfgJSON)
	if err != nil {
		return core.EpochStat{}, err
	}
	return t.Measure(core.Pending{Iteration: iteration, Params: p})
}

// scorerFor returns this session's Trainer for other sessions' runs of
// the configuration cfgJSON (all its settings).
func (s *Session) scorerFor(cfgJSON []byte) (*core.Trainer, error) {
	if s.train == nil {
		return nil, ErrNoData
	}
	cfg, err := core.MergeConfig(core.BookConfig(), cfgJSON, s.train.N)
	if err != nil {
		return nil, configError(err)
	}
	if s.scorer == nil || s.scorer.Cfg != cfg {
		if s.scorer, err = core.NewTrainer(cfg, s.train, s.test); err != nil {
			return nil, err
		}
	}
	return s.scorer, nil
}

// paramFloats reads parameters handed out as bytes (PendingEval's
// Params); bytes that are not whole float64s are an error for the call
// named what.
func paramFloats(b []byte, what string) ([]float64, error) {
	if len(b)%8 != 0 {
		return nil, fmt.Errorf("%s: %d bytes of parameters, not whole float64s", what, len(b))
	}
	return floats(b), nil
}

// floats reads little-endian float64s (len(b) a multiple of 8).
func floats(b []byte) []float64 {
	out := make([]float64, len(b)/8)
	for i := range out {
		out[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
	}
	return out
}

// floatBytes writes v as little-endian float64s.
func floatBytes(v []float64) []byte {
	b := make([]byte, 8*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(x))
	}
	return b
}

// NumericalStep is a step of the numerical gradient shared out: the run's
// configuration, parameters (Params, as PendingEval's) and mini-batch
// (training-image indices), how many parameters there are, and Bounds
// cutting them into ranges of about equal work, one per share.
type NumericalStep struct {
	Iteration int         `json:"iteration"`
	Config    core.Config `json:"config"`
	Batch     []int       `json:"batch"`
	Count     int         `json:"count"`
	Bounds    []int       `json:"bounds"`
	Params    []byte      `json:"-"`
}

// BeginNumerical begins the next step of the run when it trains with the
// numerical gradient alone (not beside a twin) and is not over, and
// returns it to share out in parts shares (at least 1); ok is false, and
// nothing begun, otherwise.
func (s *Session) BeginNumerical(parts int) (job NumericalStep, ok bool) {
	if !s.numericalAlone() || s.tr.Stop != core.StopNone {
		return NumericalStep{}, false
	}
	j, err := s.tr.BeginNumerical()
	if err != nil {
		return NumericalStep{}, false
	}
	s.numStart, s.numBefore, s.numJob = time.Now(), s.tr.Iteration, &j
	return s.shareOut(j, parts), true
}

// numericalAlone says whether the run trains with the numerical gradient
// alone (not beside a twin), the runs whose steps are shared out.
func (s *Session) numericalAlone() bool {
	return s.tr != nil && s.pair == nil && s.tr.Cfg.Gradient == core.GradNumerical
}

// shareOut is j as NumericalStep hands it out, cut into parts shares.
func (s *Session) shareOut(j core.NumericalJob, parts int) NumericalStep {
	return NumericalStep{Iteration: j.Iteration, Config: s.cfg, Batch: j.Batch, Count: len(j.Params),
		Bounds: s.tr.SplitNumerical(j, max(parts, 1)), Params: floatBytes(j.Params)}
}

// TrialNumerical returns, for a run with the numerical gradient alone, a
// step's work to time shared out in parts shares before the run starts
// (core.Trainer.TrialNumerical): nothing begins, nothing changes. ok is
// false for any other run.
func (s *Session) TrialNumerical(parts int) (job NumericalStep, ok bool) {
	if !s.numericalAlone() {
		return NumericalStep{}, false
	}
	return s.shareOut(s.tr.TrialNumerical(), parts), true
}

// NumericalPart computes the gradient's parameters from ≤ i < to of a
// step of a run with the configuration cfgJSON (params and batch as
// NumericalStep has them) on this session's images, as little-endian
// float64s. The training session computes its own share with it too.
func (s *Session) NumericalPart(cfgJSON, params []byte, batch []int, from, to int) ([]byte, error) {
	p, err := paramFloats(params, "numerical part")
	if err != nil {
		return nil, err
	}
	t, err := s.scorerFor(cfgJSON)
	if err != nil {
		return nil, err
	}
	g, err := t.NumericalPart(core.NumericalJob{Params: p, Batch: batch}, from, to)
	if err != nil {
		return nil, err
	}
	return floatBytes(g), nil
}

// EndNumerical ends the step BeginNumerical began with the whole gradient
// (little-endian float64s, one per parameter) and returns the state as
// Steps does.
func (s *Session) EndNumerical(grad []byte) (State, error) {
	if s.tr == nil || s.numJob == nil {
		return State{}, errors.New("numerical step: none begun")
	}
	if len(grad) != 8*len(s.numJob.Params) {
		return State{}, fmt.Errorf("numerical step: %d bytes of gradient for %d parameters", len(grad), len(s.numJob.Params))
	}
	s.numJob = nil
	err := s.tr.EndNumerical(floats(grad))
	if err != nil && s.tr.Stop == core.StopNone {
		return State{}, err
	}
	return s.report(s.numStart, s.numBefore, err), nil
}

// Record gives the run the figures Measure made of its evaluation at
// e.Iteration; they must come in the order of iterations (Steps returns
// the epochs recorded since its last call). Figures for another run than
// the current one are dropped (false). A run they show is not learning
// stops, as Steps would have stopped it.
func (s *Session) Record(run int, e core.EpochStat) (bool, error) {
	if s.tr == nil || run != s.run {
		return false, nil
	}
	if k := len(s.tr.Epochs); k > 0 && s.tr.Epochs[k-1].Iteration >= e.Iteration {
		return false, fmt.Errorf("record: iteration %d after iteration %d", e.Iteration, s.tr.Epochs[k-1].Iteration)
	}
	if err := s.tr.Record(e); err != nil {
		if s.tr.Stop == core.StopNone {
			return false, err
		}
		m := DescribeStop(err, s.cfg)
		s.stop = &m
	}
	return true, nil
}
