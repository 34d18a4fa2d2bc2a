package core

import "time"

// Pair trains a run beside its twin: the same settings and seed, the other
// gradient method (numerical for backpropagation and the reverse), so the
// same first weights and the same mini-batches, and loss curves that differ
// only by how the gradient was computed (chapter 5's point).
type Pair struct {
	Run, Twin *Trainer
}

// OtherGradient is the method a twin of a run using m computes with.
func OtherGradient(m GradientMethod) GradientMethod {
	if m == GradNumerical {
		return GradBackprop
	}
	return GradNumerical
}

// NewPair checks cfg and the twin's settings against train and returns
// the pair with freshly initialised nets. A setting the twin's method
// refuses (dropout with the numerical gradient, a net too large for it)
// is refused as Validate refuses it. test may be nil.
func NewPair(cfg Config, train, test *Dataset) (*Pair, error) {
	tc := cfg
	tc.Gradient = OtherGradient(cfg.Gradient)
	twin, err := NewTrainer(tc, train, test)
	if err != nil {
		return nil, err
	}
	run, err := NewTrainer(cfg, train, test)
	if err != nil {
		return nil, err
	}
	return &Pair{Run: run, Twin: twin}, nil
}

// PairTimes is what one Pair.Steps call did: how many steps the run made,
// and the run's and the twin's time for them (gradient and update, without
// the epochs' evaluations).
type PairTimes struct {
	Steps     int
	Run, Twin time.Duration
}

// Steps runs up to n iterations of the run, each followed by one of the
// twin, and stops when the run ends. It returns the first error of the
// run's other than ErrDone (as Trainer.Run); the twin's end does not stop
// the run.
func (p *Pair) Steps(n int) (PairTimes, error) {
	var pt PairTimes
	for range n {
		if err := p.Run.Step(); err != nil {
			if err == ErrDone {
				err = nil
			}
			return pt, err
		}
		pt.Run += p.Run.StepTime
		if err := p.Twin.Step(); err == nil {
			pt.Twin += p.Twin.StepTime
		}
		pt.Steps++
	}
	return pt, nil
}

// Tune changes the Tunable settings of both, as Trainer.Tune; the twin
// keeps its gradient method.
func (p *Pair) Tune(cfg Config) error {
	tc := cfg
	tc.Gradient = p.Twin.Cfg.Gradient
	if err := tc.Validate(p.Twin.train.N); err != nil {
		return err // before either changes
	}
	if err := p.Run.Tune(cfg); err != nil {
		return err
	}
	return p.Twin.Tune(tc)
}
