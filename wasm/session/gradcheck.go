package session

import (
	"math"
	"strconv"

	"scratchnet/core"
	"scratchnet/core/i18n"
)

// GradStepOptions chooses the parameter of a gradient-check step: Next
// takes the one after the last checked, else Key[Row][Col]. H is the step
// (absent: the book's 1e-4).
type GradStepOptions struct {
	// Net is the net checked: "run" (or absent), the run's current
	// weights; "relu" or "sigmoid", the book's freshly initialised check
	// net (core.BookCheckNet) with that activation.
	Net  string  `json:"net"`
	Key  string  `json:"key"`
	Row  float64 `json:"row"`
	Col  float64 `json:"col"`
	Next bool    `json:"next"`
	// SkipZero makes Next skip parameters whose gradient is exactly 0.
	SkipZero bool     `json:"skipZero"`
	H        *float64 `json:"h"`
}

// gradCheck returns the check of the net which names (see
// GradStepOptions.Net) with step h and the bug switched on, on the first
// three training images as the book's gradient_check.py.
func (s *Session) gradCheck(which string, hp *float64) (*core.GradCheck, error) {
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
	net := s.tr.Net
	switch which {
	case "", "run":
		which = "run"
	case string(core.ActReLU), string(core.ActSigmoid):
		if s.bookNets == nil {
			s.bookNets = map[string]*core.TwoLayerNet{}
		}
		if s.bookNets[which] == nil {
			s.bookNets[which] = core.BookCheckNet(core.Activation(which), 1)
		}
		net = s.bookNets[which]
	default:
		return nil, i18n.M("error.detail", "detail", "gradient check: net "+strconv.Quote(which)+" is not run, relu or sigmoid")
	}
	key := gcKey{which, s.tr.Iteration, h, net, s.bug}
	if s.gc == nil || s.gcKey != key {
		b := s.train.Batch([]int{0, 1, 2}, nil)
		s.gc, s.gcKey = core.NewGradCheckBug(net, b, h, s.bug), key
	}
	return s.gc, nil
}

// gcKey is what a cached gradient check was made for.
type gcKey struct {
	which string
	iter  int
	h     float64
	net   *core.TwoLayerNet
	bug   core.BackpropBug
}

// GradStepView is one parameter's check and, for SkipZero, how many
// parameters with a zero gradient were skipped to reach it.
type GradStepView struct {
	core.GradStep
	Skipped   int          `json:"skipped"`   // how many, in all
	SkippedBy core.Skipped `json:"skippedBy"` // by reason
	Net       string       `json:"net"`       // the net checked: run, relu or sigmoid
	Bug       string       `json:"bug,omitempty"`
	Iteration int          `json:"iteration"` // the run's iteration: the weights checked, for net run
}

// GradCheckStep checks one parameter.
func (s *Session) GradCheckStep(o GradStepOptions) (GradStepView, error) {
	g, err := s.gradCheck(o.Net, o.H)
	if err != nil {
		return GradStepView{}, err
	}
	v := GradStepView{Iteration: s.tr.Iteration, Net: s.gcKey.which, Bug: string(s.bug)}
	switch {
	case o.Next && o.SkipZero:
		st, skipped, ok := g.NextNonZero()
		if !ok { // wrap around
			st, skipped, _ = firstNonZero(g)
		}
		v.GradStep, v.Skipped, v.SkippedBy = st, skipped.Total(), skipped
	case o.Next:
		st, ok := g.Next()
		if !ok {
			st, _ = g.At("W1", 0, 0) // wrap around
		}
		v.GradStep = st
	default:
		row, col, err := place(s.gcKey.net, o)
		if err != nil {
			return GradStepView{}, err
		}
		v.GradStep, err = g.At(o.Key, row, col)
		if err != nil {
			return GradStepView{}, i18n.M("error.detail", "detail", err.Error())
		}
	}
	return v, nil
}

// place returns o's row and column of parameter o.Key of net, or a message
// saying there is no such parameter, or no such place in it (a row past
// the last, a negative or fractional one).
func place(net *core.TwoLayerNet, o GradStepOptions) (row, col int, err error) {
	for _, p := range net.Params() {
		if p.Key != o.Key {
			continue
		}
		if o.Row != math.Trunc(o.Row) || o.Col != math.Trunc(o.Col) || o.Row < 0 || o.Col < 0 || o.Row >= float64(p.Rows) || o.Col >= float64(p.Cols) {
			return 0, 0, i18n.M("gradcheck.place", "key", o.Key, "rows", p.Rows, "cols", p.Cols, "row", o.Row, "col", o.Col)
		}
		return int(o.Row), int(o.Col), nil
	}
	return 0, 0, i18n.M("gradcheck.key", "key", o.Key)
}

// firstNonZero checks the first parameter with a non-zero gradient.
func firstNonZero(g *core.GradCheck) (core.GradStep, core.Skipped, bool) {
	g.Rewind()
	return g.NextNonZero()
}

// SweepSteps are the steps h of the page's error-against-h plot: 10⁻¹ to
// 10⁻¹³.
var SweepSteps = []float64{1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12, 1e-13}

// GradCheckSweep checks key[row][col] of the net o.Net names with each of
// SweepSteps.
func (s *Session) GradCheckSweep(o GradStepOptions) ([]core.HPoint, error) {
	g, err := s.gradCheck(o.Net, nil)
	if err != nil {
		return nil, err
	}
	row, col, err := place(s.gcKey.net, o)
	if err != nil {
		return nil, err
	}
	pts, err := g.SweepH(o.Key, row, col, SweepSteps)
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
	Book   []core.KeyDiff `json:"book"`   // what the book prints, for its ReLU net
	// Net is the net checked: "run" (the run's weights at Iteration), or
	// "relu" or "sigmoid" (the book's freshly initialised check net; the
	// book prints its figures for relu's). Bug is the backward-pass mistake
	// switched on, if any.
	Net       string `json:"net"`
	Bug       string `json:"bug,omitempty"`
	Iteration int    `json:"iteration"`
}

// GradCheckAll runs the book's check over every parameter of the net which
// names (GradStepOptions.Net); progress, if not nil, is called with the
// parameters done.
func (s *Session) GradCheckAll(which string, h *float64, progress func(done, total int)) (GradCheckResult, error) {
	g, err := s.gradCheck(which, h)
	if err != nil {
		return GradCheckResult{}, err
	}
	d, w1 := g.CheckAll(progress)
	return GradCheckResult{Diffs: d, Text: core.FormatKeyDiffs(d), W1Diff: w1, Book: core.BookGradCheck,
		Net: s.gcKey.which, Bug: string(s.bug), Iteration: s.tr.Iteration}, nil
}
