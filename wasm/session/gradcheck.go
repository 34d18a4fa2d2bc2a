package session

import (
	"strconv"

	"scratchnet/core"
	"scratchnet/core/i18n"
)

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
