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
	for ; j+10 <= len(dst); j += 10 {
		var s0, s1, s2, s3, s4 archsimd.Float64x2
		for k, r := range rows {
			c := archsimd.BroadcastFloat64x2(coef[k])
			o := int(r)*stride + j
			w := m[o : o+10 : o+10]
			s0 = s0.Add(c.Mul(archsimd.LoadFloat64x2(w[0:2])))
			s1 = s1.Add(c.Mul(archsimd.LoadFloat64x2(w[2:4])))
			s2 = s2.Add(c.Mul(archsimd.LoadFloat64x2(w[4:6])))
			s3 = s3.Add(c.Mul(archsimd.LoadFloat64x2(w[6:8])))
			s4 = s4.Add(c.Mul(archsimd.LoadFloat64x2(w[8:10])))
		}
		d := dst[j : j+10 : j+10]
		s0.Store(d[0:2])
		s1.Store(d[2:4])
		s2.Store(d[4:6])
		s3.Store(d[6:8])
		s4.Store(d[8:10])
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
