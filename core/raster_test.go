package core

// The raster drawing path the page used before pen paths (RenderStrokes):
// a canvas's pixels cropped, scaled by area averaging and placed by mass.
// The page no longer uses it; the drawn-digit tests keep it as the
// reference RenderStrokes is measured against.

import (
	"fmt"
	"math"
)

// MaxCanvasSide bounds a canvas's width and height for rasterDigit.
const MaxCanvasSide = 4096

// rasterDigit turns a w×h grayscale canvas (row-major, 0 = background,
// 255 = ink, any size) into the 28×28 input MNIST would have made of it:
// crop to the ink's bounding box, scale it to fit 20×20 keeping the aspect
// ratio (area averaging, so thin strokes become grey rather than vanish),
// stretch the intensities so the darkest pixel is 255, and place it in
// 28×28 with its centre of mass at the centre. A canvas without ink gives
// ErrEmptyCanvas; w and h must be in [1, MaxCanvasSide] and len(pix) must
// be w·h, or it is an error.
func rasterDigit(pix []byte, w, h int) ([]byte, error) {
	if w < 1 || h < 1 || w > MaxCanvasSide || h > MaxCanvasSide || len(pix) != w*h {
		return nil, fmt.Errorf("digit: %d bytes for a %d×%d canvas", len(pix), w, h)
	}
	x0, y0, x1, y1 := w, h, -1, -1
	for y := range h {
		for x, v := range pix[y*w : (y+1)*w] {
			if v != 0 {
				x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
			}
		}
	}
	if x1 < 0 {
		return nil, ErrEmptyCanvas
	}
	bw, bh := x1-x0+1, y1-y0+1
	scale := float64(digitBox) / float64(max(bw, bh))
	nw := max(1, int(math.Round(float64(bw)*scale)))
	nh := max(1, int(math.Round(float64(bh)*scale)))
	crop := make([]float64, bw*bh)
	for y := range bh {
		for x := range bw {
			crop[y*bw+x] = float64(pix[(y0+y)*w+x0+x])
		}
	}
	small := resizeArea(crop, bw, bh, nw, nh)
	return placeByMass(small, nw, nh), nil
}

// naiveDownscale shrinks the whole canvas to 28×28 by area averaging, with
// no cropping or centring: what a page that skips MNIST's preprocessing
// feeds its net. It is here to be compared with rasterDigit.
func naiveDownscale(pix []byte, w, h int) []byte {
	src := make([]float64, w*h)
	for i, v := range pix {
		src[i] = float64(v)
	}
	out := make([]byte, digitSide*digitSide)
	for i, v := range resizeArea(src, w, h, digitSide, digitSide) {
		out[i] = byte(math.Round(min(max(v, 0), 255)))
	}
	return out
}

// resizeArea resamples a w×h image to nw×nh: each output pixel is the mean
// of the source area it covers, partial pixels weighted by their overlap.
func resizeArea(src []float64, w, h, nw, nh int) []float64 {
	rows := make([]float64, nw*h) // horizontal pass
	for y := range h {
		resample(src[y*w:(y+1)*w], 1, rows[y*nw:(y+1)*nw], 1)
	}
	out := make([]float64, nw*nh) // vertical pass, column by column
	for x := range nw {
		resample(rows[x:], nw, out[x:], nw)
	}
	return out
}

// resample averages len(dst)/stride… values: src has n = (len(src)+stride
// −1)/stride samples at the given stride, dst gets m samples likewise.
func resample(src []float64, sstride int, dst []float64, dstride int) {
	n := (len(src) + sstride - 1) / sstride
	m := (len(dst) + dstride - 1) / dstride
	step := float64(n) / float64(m)
	for i := range m {
		lo, hi := float64(i)*step, float64(i+1)*step
		sum := 0.0
		for k := int(lo); k < n && float64(k) < hi; k++ {
			overlap := min(hi, float64(k+1)) - max(lo, float64(k))
			sum += src[k*sstride] * overlap
		}
		dst[i*dstride] = sum / step
	}
}
