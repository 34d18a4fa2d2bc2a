package core

import (
	"fmt"
	"math"
)

// Point is a point of a pen's path, in any unit (a canvas's pixels).
type Point struct{ X, Y float64 }

// MaxStrokePoints bounds the points RenderStrokes draws.
const MaxStrokePoints = 20000

// PenWidth is the pen's width in the 28×28 field, in pixels. MNIST's
// digits were written on paper and scaled to fit 20×20, so their strokes
// are about this wide whatever the writer's size; measured on a set of
// digits drawn with pointer events (scripts/e2e TestDrawnDigits), widths
// from 2 to 3 read alike.
const PenWidth = 2.5

// supersample is the samples per pixel side RenderStrokes averages.
const supersample = 4

// RenderStrokes draws a digit's pen paths as MNIST would have it: the
// paths are scaled to fit the 20×20 box keeping their aspect ratio, drawn
// with a pen PenWidth pixels wide whatever the drawing's size (so a small
// digit drawn in a corner gets the same strokes as a large one),
// anti-aliased, and placed in 28×28 with the centre of mass at the centre.
// A stroke of one point is a dot. No points gives ErrEmptyCanvas; more than
// MaxStrokePoints or a point that is not finite is an error.
func RenderStrokes(strokes [][]Point) ([]byte, error) {
	return renderStrokes(strokes, PenWidth, digitBox)
}

// renderStrokes is RenderStrokes with the pen's width and the box the ink
// fits in given (the tests tune them).
func renderStrokes(strokes [][]Point, penWidth, box float64) ([]byte, error) {
	count := 0
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, s := range strokes {
		count += len(s)
		if count > MaxStrokePoints {
			return nil, fmt.Errorf("digit: more than %d points", MaxStrokePoints)
		}
		for _, p := range s {
			if math.IsNaN(p.X) || math.IsInf(p.X, 0) || math.IsNaN(p.Y) || math.IsInf(p.Y, 0) {
				return nil, fmt.Errorf("digit: point (%v, %v) is not finite", p.X, p.Y)
			}
			x0, y0, x1, y1 = min(x0, p.X), min(y0, p.Y), max(x1, p.X), max(y1, p.Y)
		}
	}
	if count == 0 {
		return nil, ErrEmptyCanvas
	}
	// The paths' centre lines fit digitBox−PenWidth, so with the pen's
	// width the ink fits digitBox.
	side := max(x1-x0, y1-y0)
	scale := 0.0
	if side > 0 {
		scale = (box - penWidth) / side
	}
	nw := int(math.Ceil((x1-x0)*scale + penWidth))
	nh := int(math.Ceil((y1-y0)*scale + penWidth))
	// Paths in the nw×nh box's pixels, centred in it.
	offX := (float64(nw) - (x1-x0)*scale) / 2
	offY := (float64(nh) - (y1-y0)*scale) / 2
	segs := make([][4]float64, 0, count)
	for _, s := range strokes {
		for i := range s {
			a, b := s[i], s[max(i-1, 0)]
			segs = append(segs, [4]float64{
				offX + (a.X-x0)*scale, offY + (a.Y-y0)*scale,
				offX + (b.X-x0)*scale, offY + (b.Y-y0)*scale,
			})
		}
	}
	img := make([]float64, nw*nh)
	r2 := penWidth * penWidth / 4
	for y := range nh {
		for x := range nw {
			covered := 0
			for sy := range supersample {
				for sx := range supersample {
					px := float64(x) + (float64(sx)+0.5)/supersample
					py := float64(y) + (float64(sy)+0.5)/supersample
					for _, s := range segs {
						if segDist2(px, py, s) <= r2 {
							covered++
							break
						}
					}
				}
			}
			img[y*nw+x] = float64(covered) / (supersample * supersample)
		}
	}
	return placeByMass(img, nw, nh), nil
}

// segDist2 is the squared distance from (px, py) to the segment s =
// (ax, ay, bx, by).
func segDist2(px, py float64, s [4]float64) float64 {
	dx, dy := s[2]-s[0], s[3]-s[1]
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = min(1, max(0, ((px-s[0])*dx+(py-s[1])*dy)/l))
	}
	ex, ey := px-s[0]-t*dx, py-s[1]-t*dy
	return ex*ex + ey*ey
}

// StrokesFromFlat reads pen paths written as x, y pairs, with a pair of
// NaNs ending each stroke (the page sends them so, as one Float64Array).
// An odd count, a half-NaN pair, an infinite value or more than
// MaxStrokePoints points is an error.
func StrokesFromFlat(xy []float64) ([][]Point, error) {
	if len(xy)%2 != 0 {
		return nil, fmt.Errorf("digit: %d numbers do not make x, y pairs", len(xy))
	}
	if len(xy) > 4*MaxStrokePoints { // points and their separators
		return nil, fmt.Errorf("digit: more than %d points", MaxStrokePoints)
	}
	var strokes [][]Point
	var cur []Point
	for i := 0; i < len(xy); i += 2 {
		x, y := xy[i], xy[i+1]
		switch {
		case math.IsNaN(x) && math.IsNaN(y):
			if len(cur) > 0 {
				strokes = append(strokes, cur)
			}
			cur = nil
		case math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0):
			return nil, fmt.Errorf("digit: point (%v, %v) is not finite", x, y)
		default:
			cur = append(cur, Point{x, y})
		}
	}
	if len(cur) > 0 {
		strokes = append(strokes, cur)
	}
	return strokes, nil
}
