package session

import (
	"errors"
	"math"
	"strconv"

	"scratchnet/core"
	"scratchnet/core/i18n"
)

// Prediction is the net's answer for one image.
type Prediction struct {
	Digit int       `json:"digit"`
	Probs []float64 `json:"probs"`
	Input []byte    `json:"-"` // the 28×28 input, for a drawn digit (bytes, sent beside the JSON)
}

// PixelsFromNumbers checks that values are an image of 784 whole numbers
// from 0 (background) to 255 (ink) and returns them as bytes; anything
// else (NaN, −1, 1000, 0.5, a wrong count) is refused with a sentence.
func PixelsFromNumbers(values []float64) ([]byte, error) {
	if len(values) != core.MNISTInput {
		return nil, i18n.M("predict.length", "want", float64(core.MNISTInput), "got", float64(len(values)))
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

// ErrEmptyCanvas is DrawnStrokes's answer for a digit with no ink.
var ErrEmptyCanvas = i18n.M("draw.empty")

// TestView is test image i as the page shows it: its label, the net's
// answer and why, and its pixels.
type TestView struct {
	DrawnView
	Label int `json:"label"`
}

// TestImageView classifies test image i and says why, as DrawnStrokes
// does for a drawn digit.
func (s *Session) TestImageView(i int) (TestView, error) {
	px, label, err := s.TestImage(i)
	if err != nil {
		return TestView{}, err
	}
	p, err := s.Predict(px)
	if err != nil {
		return TestView{}, err
	}
	p.Input = px
	return TestView{DrawnView{p, s.tr.Net.Explain(px)}, label}, nil
}
