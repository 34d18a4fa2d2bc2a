package core

import (
	"errors"
	"math"
)

// ErrEmptyCanvas is returned by RenderStrokes for a digit with no ink.
var ErrEmptyCanvas = errors.New("digit: the canvas has no ink")

// MNIST's normalisation, from its description: each digit was scaled to fit
// a 20×20 box keeping its aspect ratio (anti-aliased), then placed in a
// 28×28 field so that its centre of mass lies at the field's centre.
const (
	digitSide = 28
	digitBox  = 20
)

// placeByMass puts the nw×nh image into 28×28 with its centre of mass at
// pixel (14, 14), as near as whole-pixel shifts that keep it inside allow,
// and stretches it to 0..255. Pixel (14, 14) is where MNIST's digits have
// their centre of mass: the mean over the test set is (14.00, 13.99) in
// pixel indices, so half a pixel right of and below the field's geometric
// centre (13.5, 13.5); aiming at the latter moves half the digits by one
// pixel and costs the book's net 4 points of accuracy.
func placeByMass(img []float64, nw, nh int) []byte {
	var mass, mx, my, peak float64
	for y := range nh {
		for x := range nw {
			v := img[y*nw+x]
			mass += v
			mx += v * float64(x)
			my += v * float64(y)
			peak = max(peak, v)
		}
	}
	ox := clampInt(int(math.Round(digitSide/2-mx/mass)), 0, digitSide-nw)
	oy := clampInt(int(math.Round(digitSide/2-my/mass)), 0, digitSide-nh)
	out := make([]byte, digitSide*digitSide)
	for y := range nh {
		for x := range nw {
			v := img[y*nw+x] * 255 / peak
			out[(oy+y)*digitSide+ox+x] = byte(math.Round(min(max(v, 0), 255)))
		}
	}
	return out
}

func clampInt(v, lo, hi int) int { return max(lo, min(v, hi)) }
