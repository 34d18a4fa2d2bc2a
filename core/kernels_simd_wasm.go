//go:build goexperiment.simd && wasm

package core

import "simd/archsimd"

// haveSIMD is true: WebAssembly's 128-bit SIMD is part of every
// GOEXPERIMENT=simd build for wasm, and every browser and Node the page
// supports runs it.
const haveSIMD = true

// combRowsSIMD is combRowsScalar with two columns to a vector (WebAssembly's
// f64x2). Each lane is multiplied, rounded, added and rounded in the same
// order as the scalar code (f64x2.mul then f64x2.add; WebAssembly has no
// fused multiply-add), so the bits are the same; TestKernelsAgree checks it
// under Node.
func combRowsSIMD(dst, m []float64, stride int, rows []int32, coef []float64) {
	coef = coef[:len(rows)]
	j := 0
	if nb := len(dst) / 10; nb > 0 && len(rows) > 0 && stride > 0 {
		if len(m) < len(dst) || !combRows10(&dst[0], &m[0], stride, &rows[0], &coef[0], len(rows), nb, (len(m)-len(dst))/stride) {
			panic("core: combRows: a row lies outside the matrix")
		}
		j = 10 * nb
	}
	for ; j+2 <= len(dst); j += 2 {
		var s0 archsimd.Float64x2
		for k, r := range rows {
			o := int(r)*stride + j
			s0 = s0.Add(archsimd.BroadcastFloat64x2(coef[k]).Mul(archsimd.LoadFloat64x2(m[o : o+2 : o+2])))
		}
		s0.Store(dst[j : j+2])
	}
	if j < len(dst) {
		combRowsScalar(dst[j:], m[j:], stride, rows, coef)
	}
}

// combPixelsAsm sets dst to Σ_k pixelScale[val[k]]·m[pix[k]·stride+i]:
// combRows over an image's non-zero pixels as the dataset keeps them, with
// no copy into rows and coefficients. It reports false, doing nothing, if
// len(dst) is not a multiple of ten or there are no pixels (the caller
// then takes combRows); it panics if a pixel's row lies outside m.
func combPixelsAsm(dst, m []float64, stride int, pix []uint16, val []uint8) bool {
	if len(dst) == 0 || len(dst)%10 != 0 || len(pix) == 0 || stride <= 0 {
		return false
	}
	val = val[:len(pix)]
	if len(m) < len(dst) || !combPixels10(&dst[0], &m[0], stride, &pix[0], &val[0], &pixelScale[0], len(pix), len(dst)/10, (len(m)-len(dst))/stride) {
		panic("core: combPixels: a pixel lies outside the matrix")
	}
	return true
}

// updateAsm does update's work two elements at a time, in the same order
// per element, for the even part of len(g), and returns how many elements
// it did.
func updateAsm(w, g []float64, lr, lambda float64) int {
	n := len(g) &^ 1
	if n == 0 {
		return 0
	}
	w = w[:n]
	updatePairs(&w[0], &g[0], n/2, lr, lambda)
	return n
}

// expK is sigmoidPairs' and expPairs' table: each of Exp's constants twice, in the
// order the kernel takes them, then 700 (the kernel's range) and 1.
var expK = func() (t [20][2]float64) {
	for i, c := range [...]float64{
		log2e, 0.5, ln2Hi, ln2Lo,
		1.0 / 6227020800, 1.0 / 479001600, 1.0 / 39916800, 1.0 / 3628800,
		1.0 / 362880, 1.0 / 40320, 1.0 / 5040, 1.0 / 720, 1.0 / 120,
		1.0 / 24, 1.0 / 6, 0.5, 1, 1,
		700, 1,
	} {
		t[i] = [2]float64{c, c}
	}
	return t
}()

// activationAsm does activationForward's work two elements at a time for
// the even part of len(a), the same operations per element, and returns
// how many elements it did. A pair the sigmoid kernel does not take (NaN,
// or beyond ±700) is done by Sigmoid itself.
func activationAsm(relu bool, a, z []float64) int {
	n := len(a) &^ 1
	if n == 0 {
		return 0
	}
	z = z[:n]
	if relu {
		reluPairs(&z[0], &a[0], n/2)
		return n
	}
	return byPairs(n, func(i, pairs int) int { return sigmoidPairs(&z[i], &a[i], pairs, &expK) },
		func(i int) { z[i] = Sigmoid(a[i]) })
}

// expAsm sets y[i] = Exp(y[i]) two elements at a time for the even part
// of len(y), the same operations per element, and returns how many
// elements it did. A pair the kernel does not take (NaN, or beyond ±700)
// is done by Exp itself.
func expAsm(y []float64) int {
	return byPairs(len(y), func(i, pairs int) int { return expPairs(&y[i], &y[i], pairs, &expK) },
		func(i int) { y[i] = Exp(y[i]) })
}

// byPairs runs a pair kernel over the even part of n elements: kernel(i,
// pairs) does up to pairs pairs from element i and returns how many it
// did; scalar(i) does element i alone, for the two of a pair the kernel
// refused. It returns the elements done.
func byPairs(n int, kernel func(i, pairs int) int, scalar func(i int)) int {
	n &^= 1
	for i := 0; i < n; {
		i += 2 * kernel(i, (n-i)/2)
		if i < n {
			scalar(i)
			scalar(i + 1)
			i += 2
		}
	}
	return n
}

// groupPixelsAsm is groupByPixel's counting sort in WebAssembly: start
// has Dim+2 zeros, img and val room for every non-zero input. It reports
// false, doing nothing, where the batch is empty or not as Dataset.Batch
// builds it (the caller then sorts in Go); it panics if a pixel is not
// below Dim.
func groupPixelsAsm(b *Batch, start, img []int32, val []float64) bool {
	nnz := len(b.nzPix)
	if nnz == 0 || len(b.nzVal) < nnz || len(b.nzStart) != b.N+1 || b.nzStart[0] != 0 || int(b.nzStart[b.N]) != nnz ||
		len(start) != b.Dim+2 || len(img) < nnz || len(val) < nnz {
		return false
	}
	if !groupPixels(&start[0], &b.nzPix[0], &b.nzVal[0], &b.nzStart[0], nnz, b.Dim, &img[0], &val[0], &pixelScale[0]) {
		panic("core: a batch's pixel lies outside its images")
	}
	return true
}

// sgdW1Asm forms ∂L/∂W1 row by row from a batch grouped by pixel (start,
// img, val as groupByPixel returns them; dA1 is ∂L/∂a1, n×hidden) and
// applies the SGD update to each row of w1 as it is formed, marking the
// row in touched when λ ≠ 0: affine1Backward and sgdStep's update in one
// pass, with the same operations as they do. It reports false, doing
// nothing, where it does not apply (hidden not a multiple of ten, an empty
// batch, touched too short); it panics if the grouping names an image or
// a range outside the batch.
func sgdW1Asm(w1, dA1 []float64, hidden int, start, img []int32, val []float64, n int, lr, lambda float64, touched []bool) bool {
	dim := len(start) - 1
	if hidden <= 0 || hidden%10 != 0 || n <= 0 || dim <= 0 || len(w1) != dim*hidden || len(dA1) < n*hidden ||
		len(img) == 0 || len(val) < len(img) || (lambda != 0 && len(touched) < dim) {
		return false
	}
	var t *bool
	if lambda != 0 {
		t = &touched[0]
	}
	if !sgdW1(&w1[0], &dA1[0], hidden, &start[0], &img[0], &val[0], dim, len(img), n, lr, lambda, t) {
		panic("core: ∂L/∂W1: the grouping names an image or a range outside the batch")
	}
	return true
}

// gapsAsm is the one-byte-gap loop of Dataset.nonzero in WebAssembly:
// out[k] = Σ_{j≤k} gaps[j] − 1 (no gap a 0). It reports false, doing
// nothing, if out and gaps differ in length or are empty.
func gapsAsm(out []uint16, gaps []uint8) bool {
	if len(out) != len(gaps) || len(out) == 0 {
		return false
	}
	prefixGaps(&out[0], &gaps[0], len(gaps))
	return true
}

// combRows10 is combRowsSIMD's loop over whole blocks of ten columns
// (kernels_wasm.s): for b < nblocks and i < 10,
// dst[10b+i] = Σ_k coef[k]·m[rows[k]·stride+10b+i]. nrows and nblocks are
// at least 1. It reports false, having written nothing, if a row is
// outside 0..maxRow.
//
//go:noescape
func combRows10(dst, m *float64, stride int, rows *int32, coef *float64, nrows, nblocks, maxRow int) bool

// combPixels10 is combRows10 with rows pix[k] and coefficients
// scale[val[k]].
//
//go:noescape
func combPixels10(dst, m *float64, stride int, pix *uint16, val *uint8, scale *float64, npix, nblocks, maxRow int) bool

// updatePairs is update on 2·pairs elements, two to a vector.
//
//go:noescape
func updatePairs(w, grad *float64, pairs int, lr, lambda float64)

// sigmoidPairs sets dst[i] = Sigmoid(src[i]) for i < 2·pairs, stopping at the
// first pair with a NaN or a value beyond ±700; it returns the pairs done.
//
//go:noescape
func sigmoidPairs(dst, src *float64, pairs int, k *[20][2]float64) int

// expPairs sets dst[i] = Exp(src[i]) for i < 2·pairs (dst may be src),
// stopping at the first pair with a NaN or a value beyond ±700; it returns
// the pairs done.
//
//go:noescape
func expPairs(dst, src *float64, pairs int, k *[20][2]float64) int

// reluPairs is activationForward's ReLU on 2·pairs elements.
//
//go:noescape
func reluPairs(dst, src *float64, pairs int)

// groupPixels is groupByPixel's counting sort (kernels_wasm.s).
//
//go:noescape
func groupPixels(start *int32, pix *uint16, val *uint8, nzStart *int32, nnz, dim int, img *int32, fval, scale *float64) bool

// prefixGaps is gapsAsm's loop (kernels_wasm.s).
//
//go:noescape
func prefixGaps(dst *uint16, gaps *uint8, n int)

// sgdW1 is sgdW1Asm's pass (kernels_wasm.s).
//
//go:noescape
func sgdW1(w1, dA1 *float64, hidden int, start, img *int32, val *float64, dim, nnz, nrows int, lr, lambda float64, touched *bool) bool
