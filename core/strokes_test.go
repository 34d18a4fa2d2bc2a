package core

import (
	"errors"
	"math"
	"testing"
)

// seven is a 7 in a 100×100 box: a bar and a slanted stem.
var seven = [][]Point{{{10, 10}, {90, 10}, {60, 50}, {35, 95}}}

func transform(strokes [][]Point, scale, dx, dy float64) [][]Point {
	out := make([][]Point, len(strokes))
	for i, s := range strokes {
		for _, p := range s {
			out[i] = append(out[i], Point{p.X*scale + dx, p.Y*scale + dy})
		}
	}
	return out
}

// TestStrokesIgnoreDrawingSize is the small 3 in a corner: drawn
// at a fifth of the size, in a corner, the digit gets the same strokes.
func TestStrokesIgnoreDrawingSize(t *testing.T) {
	big, err := RenderStrokes(seven)
	if err != nil {
		t.Fatal(err)
	}
	small, err := RenderStrokes(transform(seven, 0.2, 3, 210))
	if err != nil {
		t.Fatal(err)
	}
	ink := 0
	for i := range big {
		if d := int(big[i]) - int(small[i]); d < -1 || d > 1 {
			t.Fatalf("pixel %d: %d large, %d small", i, big[i], small[i])
		}
		if big[i] > 0 {
			ink++
		}
	}
	// Strokes about PenWidth wide over about 20+15+20 pixels of path, in
	// MNIST's range of 100 to 250 inked pixels.
	if ink < 100 || ink > 250 {
		t.Errorf("%d inked pixels", ink)
	}
}

func TestRenderStrokesRefuses(t *testing.T) {
	for _, tt := range []struct {
		name    string
		strokes [][]Point
		empty   bool
	}{
		{"nothing", nil, true},
		{"empty strokes", [][]Point{{}, {}}, true},
		{"NaN", [][]Point{{{math.NaN(), 1}}}, false},
		{"Inf", [][]Point{{{1, math.Inf(1)}}}, false},
		{"too many points", [][]Point{make([]Point, MaxStrokePoints+1)}, false},
	} {
		_, err := RenderStrokes(tt.strokes)
		if err == nil || errors.Is(err, ErrEmptyCanvas) != tt.empty {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
	dot, err := RenderStrokes([][]Point{{{5, 5}}})
	if err != nil || dot[14*28+14] == 0 {
		t.Errorf("a dot: %v, centre %d", err, dot[14*28+14])
	}
}

func TestStrokesFromFlat(t *testing.T) {
	nan := math.NaN()
	got, err := StrokesFromFlat([]float64{1, 2, 3, 4, nan, nan, nan, nan, 5, 6})
	if err != nil || len(got) != 2 || len(got[0]) != 2 || got[1][0] != (Point{5, 6}) {
		t.Fatalf("%v, %v", got, err)
	}
	for _, bad := range [][]float64{{1}, {1, nan}, {math.Inf(-1), 0}} {
		if _, err := StrokesFromFlat(bad); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

func FuzzStrokes(f *testing.F) {
	f.Add([]byte{10, 10, 90, 10, 60, 50, 255, 255, 35, 95})
	f.Fuzz(func(t *testing.T, b []byte) {
		xy := make([]float64, len(b))
		for i, v := range b {
			xy[i] = float64(v)
			if v == 255 {
				xy[i] = math.NaN()
			}
		}
		s, err := StrokesFromFlat(xy)
		if err != nil {
			return
		}
		img, err := RenderStrokes(s)
		if err != nil {
			if !errors.Is(err, ErrEmptyCanvas) {
				t.Fatal(err)
			}
			return
		}
		if len(img) != 784 {
			t.Fatalf("%d pixels", len(img))
		}
	})
}

// TestExplain checks that the hidden activations and W2 give back the
// net's own probabilities.
func TestExplain(t *testing.T) {
	train, _ := smallMNIST(t, 100, 10)
	c := BookConfig()
	c.Iterations = 20
	tr := mustTrainer(t, c, train, nil)
	if err := tr.Run(20); err != nil {
		t.Fatal(err)
	}
	img := train.Image(3)
	e := tr.Net.Explain(img)
	d, probs := tr.Net.Classify(img)
	if e.Digit != d {
		t.Fatalf("Explain says %d, Classify %d", e.Digit, d)
	}
	H, O := tr.Net.Hidden, tr.Net.Output
	scores := make([]float64, O)
	for k := range O {
		scores[k] = tr.Net.B2[k]
		for j := range H {
			scores[k] += e.Hidden[j] * tr.Net.W2[j*O+k]
		}
		if k == d {
			sum := tr.Net.B2[k]
			for _, p := range e.Push {
				sum += p
			}
			if math.Abs(sum-scores[k]) > 1e-12 {
				t.Errorf("pushes sum to %g, the score is %g", sum, scores[k])
			}
		}
	}
	m := scores[0]
	for _, s := range scores {
		m = max(m, s)
	}
	var z float64
	for _, s := range scores {
		z += math.Exp(s - m)
	}
	for k := range O {
		if p := math.Exp(scores[k]-m) / z; math.Abs(p-probs[k]) > 1e-12 {
			t.Errorf("class %d: %g from the hidden activations, %g from Classify", k, p, probs[k])
		}
	}
}
