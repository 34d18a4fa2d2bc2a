package core

import (
	"encoding/json"
	"os"
	"runtime"
	"testing"
)

// drawnDigits is testdata/drawn-digits.json: 60 digits as pen paths on a
// 280×280 canvas, each of 0–9 in two styles, drawn large, small in a
// corner, and slanted. scripts/e2e draws the same paths with pointer
// events in the browser.
type drawnDigits struct {
	Canvas int `json:"canvas"`
	Raw    []struct {
		Digit   int            `json:"digit"`
		Place   string         `json:"place"`
		Strokes [][][2]float64 `json:"strokes"`
	} `json:"drawings"`
}

func loadDrawn(t testing.TB) drawnDigits {
	b, err := os.ReadFile("testdata/drawn-digits.json")
	if err != nil {
		t.Fatal(err)
	}
	var d drawnDigits
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	return d
}

func toPoints(s [][][2]float64) [][]Point {
	out := make([][]Point, len(s))
	for i, st := range s {
		for _, p := range st {
			out[i] = append(out[i], Point{p[0], p[1]})
		}
	}
	return out
}

// paintCanvas draws strokes as the page did before RenderStrokes: a round
// pen side/14 wide on a side×side canvas, anti-aliased.
func paintCanvas(strokes [][]Point, side int) []byte {
	w := float64(side) / 14
	var segs [][4]float64
	for _, s := range strokes {
		for i := range s {
			a, b := s[i], s[max(i-1, 0)]
			segs = append(segs, [4]float64{a.X, a.Y, b.X, b.Y})
		}
	}
	pix := make([]byte, side*side)
	for y := range side {
		for x := range side {
			n := 0
			for sy := range 2 {
				for sx := range 2 {
					px, py := float64(x)+0.25+0.5*float64(sx), float64(y)+0.25+0.5*float64(sy)
					for _, s := range segs {
						if segDist2(px, py, s) <= w*w/4 {
							n++
							break
						}
					}
				}
			}
			pix[y*side+x] = byte(n * 255 / 4)
		}
	}
	return pix
}

// TestDrawnDigits measures the book's two nets, after its 10,000
// iterations, on the drawn digits: through the old pixel path (a fixed pen
// on the canvas, then rasterDigit) and through RenderStrokes. It logs
// both and asserts that the paths read at least as many as the canvas did
// and at least 80%. Natively only, without -short: two book runs.
func TestDrawnDigits(t *testing.T) {
	if testing.Short() || runtime.GOARCH == "wasm" {
		t.Skip("two runs of 10,000 iterations")
	}
	train, test := loadMNIST(t)
	d := loadDrawn(t)
	for _, act := range []Activation{ActSigmoid, ActReLU} {
		tr := bookRun(t, act, train, test)
		var oldOK, newOK int
		small := [2]int{}
		for _, dr := range d.Raw {
			s := toPoints(dr.Strokes)
			old, err := rasterDigit(paintCanvas(s, d.Canvas), d.Canvas, d.Canvas)
			if err != nil {
				t.Fatal(err)
			}
			paths, err := RenderStrokes(s)
			if err != nil {
				t.Fatal(err)
			}
			o, _ := tr.Net.Classify(old)
			n, _ := tr.Net.Classify(paths)
			if o == dr.Digit {
				oldOK++
			}
			if n == dr.Digit {
				newOK++
				if dr.Place == "small corner" {
					small[1]++
				}
			}
			if o == dr.Digit && dr.Place == "small corner" {
				small[0]++
			}
		}
		N := len(d.Raw)
		t.Logf("%s net: canvas pixels %d/%d (%.1f%%), pen paths %d/%d (%.1f%%); small digits in a corner %d → %d of 20",
			act, oldOK, N, 100*float64(oldOK)/float64(N), newOK, N, 100*float64(newOK)/float64(N), small[0], small[1])
		if newOK < oldOK || newOK < N*8/10 {
			t.Errorf("%s net: %d of %d drawn digits read from paths, %d from the canvas", act, newOK, N, oldOK)
		}
	}
}
