package core

import (
	"math"
	"testing"
)

// TestKernelsAgree checks every combRows implementation against the naive
// one, bit for bit, at the widths the network uses and awkward ones.
func TestKernelsAgree(t *testing.T) {
	kernels := []struct {
		name string
		f    func(dst, m []float64, stride int, rows []int32, coef []float64)
	}{
		{"scalar", combRowsScalar},
		{"dispatch", combRows},
	}
	if haveSIMD {
		kernels = append(kernels, struct {
			name string
			f    func(dst, m []float64, stride int, rows []int32, coef []float64)
		}{"simd", combRowsSIMD})
	} else {
		t.Log("no SIMD kernel in this build (GOEXPERIMENT=simd on amd64 with AVX2 adds it)")
	}
	r := seeded(11)
	for _, width := range []int{1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 16, 33, 48, 50, 63, 100} {
		for _, nrows := range []int{0, 1, 7, 150} {
			stride := width + r.IntN(3)
			total := 200
			m := make([]float64, total*stride)
			for i := range m {
				m[i] = r.NormFloat64() * math.Pow(10, float64(r.IntN(7)-3))
			}
			rows := make([]int32, nrows)
			coef := make([]float64, nrows)
			for k := range rows {
				rows[k] = int32(r.IntN(total))
				coef[k] = r.Float64()
			}
			want := make([]float64, width)
			combRowsNaive(want, m, stride, rows, coef)
			for _, k := range kernels {
				got := make([]float64, width)
				k.f(got, m, stride, rows, coef)
				for i := range got {
					if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
						t.Fatalf("%s width %d rows %d: dst[%d] = %v, naive %v", k.name, width, nrows, i, got[i], want[i])
					}
				}
			}
		}
	}
}

// BenchmarkCombRows times combRows at the shapes a training step uses:
// layer 1 forward (50 columns, an image's ~150 non-zero pixels), ∂L/∂W1
// (50 columns, the ~20 images of a batch that use a pixel), layer 2
// forward (10 columns, 50 hidden units) and ∂L/∂h1 (50 columns, 10
// outputs).
func BenchmarkCombRows(b *testing.B) {
	for _, c := range []struct {
		name        string
		width, rows int
	}{{"w50r150", 50, 150}, {"w50r20", 50, 20}, {"w10r50", 10, 50}, {"w50r10", 50, 10}} {
		b.Run(c.name, func(b *testing.B) {
			r := seeded(3)
			m := make([]float64, 784*c.width)
			for i := range m {
				m[i] = r.NormFloat64()
			}
			rows := make([]int32, c.rows)
			coef := make([]float64, c.rows)
			for k := range rows {
				rows[k] = int32(r.IntN(784))
				coef[k] = r.Float64()
			}
			dst := make([]float64, c.width)
			for b.Loop() {
				combRows(dst, m, c.width, rows, coef)
			}
		})
	}
}

// TestExpScaleAgrees checks the vector exp-and-scale of the numerical
// gradient against the scalar one, bit for bit, with shifts inside and
// beyond the Taylor range.
func TestExpScaleAgrees(t *testing.T) {
	r := seeded(12)
	for n := range 12 {
		for trial := range 200 {
			e, d := make([]float64, n), make([]float64, n)
			for k := range e {
				e[k] = r.Float64() * math.Pow(10, float64(r.IntN(5)-2))
				d[k] = r.NormFloat64() * math.Pow(10, float64(-r.IntN(8)))
			}
			want, got := make([]float64, n), make([]float64, n)
			expScaleScalar(want, e, d)
			expScaleSIMD(got, e, d)
			for k := range got {
				if math.Float64bits(got[k]) != math.Float64bits(want[k]) {
					t.Fatalf("n %d trial %d: v[%d] = %v, scalar %v (d %v)", n, trial, k, got[k], want[k], d[k])
				}
			}
		}
	}
}

// sameFloat reports whether a and b have the same bits, or are both NaN
// (a NaN's payload is not something IEEE 754 promises across builds).
func sameFloat(a, b float64) bool {
	return math.Float64bits(a) == math.Float64bits(b) || (a != a && b != b)
}

// edgeFloats are values every elementwise kernel must treat as the scalar
// code does: signed zeros, the sigmoid kernel's ±700 border, Exp's own
// edges, infinities, NaN and a subnormal.
var edgeFloats = []float64{0, math.Copysign(0, -1), 700, -700, math.Nextafter(700, 800), -math.Nextafter(700, 800),
	709.8, -709.8, 745.2, -745.2, 1e300, -1e300, math.Inf(1), math.Inf(-1), math.NaN(), 5e-324, -5e-324}

// TestPixelKernelAgrees checks layer 1's forward pass straight from an
// image's pixels and byte values (WebAssembly's combPixels10) against the
// naive kernel on the same rows and coefficients, bit for bit.
func TestPixelKernelAgrees(t *testing.T) {
	r := seeded(13)
	took := false
	for _, width := range []int{10, 20, 50, 100} {
		for _, npix := range []int{1, 2, 150, 784} {
			m := make([]float64, 784*width)
			for i := range m {
				m[i] = r.NormFloat64()
			}
			pix, val := make([]uint16, npix), make([]uint8, npix)
			rows, coef := make([]int32, npix), make([]float64, npix)
			for k := range pix {
				pix[k], val[k] = uint16(r.IntN(784)), uint8(r.IntN(256))
				rows[k], coef[k] = int32(pix[k]), pixelScale[val[k]]
			}
			want, got := make([]float64, width), make([]float64, width)
			combRowsNaive(want, m, width, rows, coef)
			if !combPixelsAsm(got, m, width, pix, val) {
				continue
			}
			took = true
			for i := range got {
				if !sameFloat(got[i], want[i]) {
					t.Fatalf("width %d pixels %d: dst[%d] = %v, naive %v", width, npix, i, got[i], want[i])
				}
			}
		}
	}
	if !took {
		t.Log("no pixel kernel in this build (GOEXPERIMENT=simd GOOS=js GOARCH=wasm has one)")
	}
}

// TestPixelKernelRefusesOutside checks that a pixel beyond the matrix is a
// panic, not a read of whatever memory lies past it.
func TestPixelKernelRefusesOutside(t *testing.T) {
	m := make([]float64, 784*10)
	if !combPixelsAsm(make([]float64, 10), m, 10, []uint16{3}, []uint8{1}) {
		t.Skip("no pixel kernel in this build")
	}
	defer func() {
		if recover() == nil {
			t.Error("pixel 784 of a 784-row matrix did not panic")
		}
	}()
	combPixelsAsm(make([]float64, 10), m, 10, []uint16{3, 784}, []uint8{1, 2})
}

// TestUpdateAgrees checks the SGD update (two to a vector in WebAssembly)
// against the plain loop, with and without weight decay, at odd and even
// lengths and with signed zeros in the gradient.
func TestUpdateAgrees(t *testing.T) {
	r := seeded(14)
	for _, n := range []int{1, 2, 3, 10, 50, 51, 500} {
		for _, lambda := range []float64{0, math.Copysign(0, -1), 1e-4, 0.1} {
			w, g := make([]float64, n), make([]float64, n)
			for i := range w {
				w[i], g[i] = r.NormFloat64(), r.NormFloat64()
				if i%7 == 3 {
					g[i] = math.Copysign(0, -1)
				}
			}
			want := append([]float64(nil), w...)
			for i, d := range g {
				if lambda != 0 {
					d += float64(lambda * want[i])
				}
				want[i] -= float64(0.1 * d)
			}
			update(w, g, 0.1, lambda)
			for i := range w {
				if !sameFloat(w[i], want[i]) {
					t.Fatalf("n %d λ %v: w[%d] = %v, plain loop %v", n, lambda, i, w[i], want[i])
				}
			}
		}
	}
}

// pairInputs are the elementwise kernels' test inputs: 3,000 ordinary
// values of many sizes (seeded), then each of edgeFloats three times among
// ordinary ones, so that from element 0 or 1 every edge meets a pair in
// both lanes, beside itself and beside an ordinary value.
func pairInputs(seed uint64) []float64 {
	r := seeded(seed)
	x := make([]float64, 0, 3000+6*len(edgeFloats))
	for range 3000 {
		x = append(x, r.NormFloat64()*math.Pow(10, float64(r.IntN(5)-2)))
	}
	for _, e := range edgeFloats {
		x = append(x, e, 0.5, e, e, -1.5, e)
	}
	return x
}

// TestActivationAgrees checks activationForward (two to a vector in
// WebAssembly) against Sigmoid and the plain ReLU, element by element, on
// ordinary values and on edgeFloats in every position of a pair.
func TestActivationAgrees(t *testing.T) {
	a := pairInputs(15)
	for _, act := range []Activation{ActSigmoid, ActReLU} {
		n := &TwoLayerNet{Activation: act}
		for _, from := range []int{0, 1} { // both pairings of the edges
			in := a[from:]
			z := make([]float64, len(in))
			n.activationForward(in, z)
			for i, v := range in {
				want := Sigmoid(v)
				if act == ActReLU {
					want = v
					if v <= 0 {
						want = 0
					}
				}
				if !sameFloat(z[i], want) {
					t.Fatalf("%v: f(%v) = %v, scalar %v", act, v, z[i], want)
				}
			}
		}
	}
}

// TestSoftmaxExpAgrees checks the exponentials of softmax (two to a
// vector in WebAssembly, expAsm) against Exp, element by element, on
// ordinary values and on edgeFloats in every position of a pair.
func TestSoftmaxExpAgrees(t *testing.T) {
	x := pairInputs(17)
	for _, from := range []int{0, 1} { // both pairings of the edges
		y := append([]float64(nil), x[from:]...)
		for k := expAsm(y); k < len(y); k++ {
			y[k] = Exp(y[k])
		}
		for i, v := range x[from:] {
			if !sameFloat(y[i], Exp(v)) {
				t.Fatalf("exp(%v) = %v, Exp %v", v, y[i], Exp(v))
			}
		}
	}
}

// TestGroupByPixel checks the grouping of a batch's inputs by pixel (a
// counting sort, in WebAssembly on the page) against the plain search:
// for each pixel, the images that use it, ascending, with their inputs.
func TestGroupByPixel(t *testing.T) {
	r := seeded(16)
	for _, n := range []int{1, 2, 100} {
		images := make([][]byte, n)
		for i := range images {
			images[i] = make([]byte, 784)
			for p := range images[i] {
				if r.IntN(5) == 0 {
					images[i][p] = byte(1 + r.IntN(255))
				}
			}
		}
		b := BatchFromPixels(784, images, nil)
		start, img, val := groupByPixel(b, make([]int32, 3), nil, nil) // too small: reallocated
		for range 2 {                                                  // and reused
			for p := range 784 {
				k := start[p]
				for i, im := range images {
					if im[p] == 0 {
						continue
					}
					if k >= start[p+1] || img[k] != int32(i) || val[k] != pixelScale[im[p]] {
						t.Fatalf("n %d pixel %d: images %v, want image %d (value %d) next", n, p, img[start[p]:start[p+1]], i, im[p])
					}
					k++
				}
				if k != start[p+1] {
					t.Fatalf("n %d pixel %d: %d images, want %d", n, p, start[p+1]-start[p], k-start[p])
				}
			}
			start, img, val = groupByPixel(b, start, img, val)
		}
	}
}

// TestSGDW1RefusesOutside checks that a grouping naming an image beyond
// the batch, or a pixel's range beyond its inputs, is a panic, not a read
// of whatever memory lies past them.
func TestSGDW1RefusesOutside(t *testing.T) {
	w1, dA1 := make([]float64, 2*10), make([]float64, 3*10)
	if !sgdW1Asm(w1, dA1, 10, []int32{0, 1, 2}, []int32{0, 2}, []float64{1, 1}, 3, 0.1, 0, nil) {
		t.Skip("no fused ∂L/∂W1 kernel in this build")
	}
	for name, c := range map[string]struct{ start, img []int32 }{
		"image 3 of 3":           {[]int32{0, 1, 2}, []int32{0, 3}},
		"range to 3 of 2 inputs": {[]int32{0, 1, 3}, []int32{0, 2}},
		"a range backwards":      {[]int32{0, 2, 1}, []int32{0, 2}},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			sgdW1Asm(w1, dA1, 10, c.start, c.img, []float64{1, 1}, 3, 0.1, 0, nil)
		}()
	}
}
