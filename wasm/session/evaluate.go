package session

import (
	"encoding/binary"
	"fmt"
	"math"

	"scratchnet/core"
)

// The page scores a run's accuracy in other Web Workers, each with its own
// session, so that training does not wait for it (core.Trainer.Defer): the
// training session's Steps hands out each evaluation it leaves (its
// parameters as little-endian float64 bytes), an evaluation session's
// Measure scores them, and the training session's Record takes the
// figures back.

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
		b := make([]byte, 8*len(p.Params))
		for i, v := range p.Params {
			binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(v))
		}
		out = append(out, PendingEval{Run: s.run, Epoch: p.Epoch, Iteration: p.Iteration, Params: b})
	}
	return out
}

// Measure scores the parameters params (as PendingEval has them) after
// iteration of a run with the configuration cfgJSON (all its settings, as
// State's Config) on this session's images: the figures Steps would have
// recorded. Nothing of this session's own run changes.
func (s *Session) Measure(cfgJSON []byte, iteration int, params []byte) (core.EpochStat, error) {
	if s.train == nil {
		return core.EpochStat{}, ErrNoData
	}
	cfg, err := core.MergeConfig(core.BookConfig(), cfgJSON, s.train.N)
	if err != nil {
		return core.EpochStat{}, configError(err)
	}
	if len(params)%8 != 0 {
		return core.EpochStat{}, fmt.Errorf("measure: %d bytes of parameters, not whole float64s", len(params))
	}
	if s.scorer == nil || s.scorer.Cfg != cfg {
		if s.scorer, err = core.NewTrainer(cfg, s.train, s.test); err != nil {
			return core.EpochStat{}, err
		}
	}
	p := core.Pending{Iteration: iteration, Params: make([]float64, len(params)/8)}
	for i := range p.Params {
		p.Params[i] = math.Float64frombits(binary.LittleEndian.Uint64(params[8*i:]))
	}
	return s.scorer.Measure(p)
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
