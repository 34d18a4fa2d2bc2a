package core

// Every matrix product in the network is one shape of sum: a weighted
// combination of rows of a row-major matrix,
//
//	dst[i] = Σ_k coef[k] · M[rows[k]·stride + i],   i < len(dst),
//
// summed in ascending k, starting from +0. Layer 1's forward pass is that
// with the image's non-zero pixels as rows of W1 (about 150 of 784 in MNIST),
// its backward pass is that with the images that use a pixel as rows of ∂L/∂a1,
// and layer 2's products are that with all rows.
//
// combRowsNaive is the reference: one multiply-add at a time, the sum in
// memory. combRows computes the same sums in the same order and so the same
// bits, holding ten running sums in registers at a time; TestKernelsAgree
// checks the two against each other, and the network's naive dense path
// against both.

// combRowsNaive is the reference for combRows.
func combRowsNaive(dst, m []float64, stride int, rows []int32, coef []float64) {
	for i := range dst {
		s := 0.0
		for k, r := range rows {
			s += float64(coef[k] * m[int(r)*stride+i])
		}
		dst[i] = s
	}
}

// combRows sets dst[i] = Σ_k coef[k]·m[rows[k]·stride+i] for i < len(dst),
// summing in ascending k. len(coef) must be at least len(rows) and every
// row must lie inside m, or combRows panics. Where the CPU and the build
// allow (amd64 with AVX2, GOEXPERIMENT=simd) it uses 4-wide vectors, which
// multiply and add each lane exactly as the scalar code does.
func combRows(dst, m []float64, stride int, rows []int32, coef []float64) {
	if haveSIMD && len(dst) >= 8 {
		combRowsSIMD(dst, m, stride, rows, coef)
		return
	}
	combRowsScalar(dst, m, stride, rows, coef)
}

// combRowsScalar sets dst[i] = Σ_k coef[k]·m[rows[k]·stride+i] for i < len(dst),
// summing in ascending k. len(coef) must be at least len(rows) and every
// row must lie inside m, or combRows panics.
func combRowsScalar(dst, m []float64, stride int, rows []int32, coef []float64) {
	coef = coef[:len(rows)]
	j := 0
	for ; j+10 <= len(dst); j += 10 {
		var s0, s1, s2, s3, s4, s5, s6, s7, s8, s9 float64
		for k, r := range rows {
			c := coef[k]
			o := int(r)*stride + j
			w := m[o : o+10 : o+10]
			s0 += float64(c * w[0])
			s1 += float64(c * w[1])
			s2 += float64(c * w[2])
			s3 += float64(c * w[3])
			s4 += float64(c * w[4])
			s5 += float64(c * w[5])
			s6 += float64(c * w[6])
			s7 += float64(c * w[7])
			s8 += float64(c * w[8])
			s9 += float64(c * w[9])
		}
		d := dst[j : j+10 : j+10]
		d[0], d[1], d[2], d[3], d[4] = s0, s1, s2, s3, s4
		d[5], d[6], d[7], d[8], d[9] = s5, s6, s7, s8, s9
	}
	for ; j+4 <= len(dst); j += 4 {
		var s0, s1, s2, s3 float64
		for k, r := range rows {
			c := coef[k]
			o := int(r)*stride + j
			w := m[o : o+4 : o+4]
			s0 += float64(c * w[0])
			s1 += float64(c * w[1])
			s2 += float64(c * w[2])
			s3 += float64(c * w[3])
		}
		dst[j], dst[j+1], dst[j+2], dst[j+3] = s0, s1, s2, s3
	}
	for ; j < len(dst); j++ {
		s := 0.0
		for k, r := range rows {
			s += float64(coef[k] * m[int(r)*stride+j])
		}
		dst[j] = s
	}
}
