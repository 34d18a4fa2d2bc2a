package session

import "scratchnet/core"

// WeightImages returns W1's columns as 28×28 images (Hidden×784 bytes).
func (s *Session) WeightImages() ([]byte, error) {
	if s.tr == nil {
		return nil, ErrNoData
	}
	return s.tr.Net.WeightImages(), nil
}

// InspectResult is the confusion matrix on the test set and some of its
// misclassified images with their pixels (784 bytes each, concatenated),
// and the iteration of the net classified: the page words its note from
// it, not from what it knew before it asked (a run reset meanwhile would
// name the old net's iteration under the new net's matrix).
type InspectResult struct {
	core.Inspection
	Iteration int    `json:"iteration"`
	Pixels    []byte `json:"-"`
}

// Inspect classifies the test set.
func (s *Session) Inspect(maxMistakes int) (InspectResult, error) {
	if s.tr == nil {
		return InspectResult{}, ErrNoData
	}
	in := s.tr.Net.Inspect(s.test, maxMistakes)
	r := InspectResult{Inspection: in, Iteration: s.tr.Iteration}
	for _, m := range in.Mistakes {
		r.Pixels = append(r.Pixels, s.test.Image(m.Index)...)
	}
	return r, nil
}
