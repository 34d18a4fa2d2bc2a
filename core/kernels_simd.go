//go:build goexperiment.simd && amd64

package core

import "simd/archsimd"

// haveSIMD reports whether combRows may use combRowsSIMD: AVX2 implies the
// 256-bit VMULPD and VADDPD it needs.
var haveSIMD = archsimd.X86.AVX2()

// combRowsSIMD is combRowsScalar with four columns to a vector. Each lane
// is multiplied, rounded, added and rounded in the same order as the
// scalar code (Mul then Add, never a fused multiply-add), so the bits are
// the same; TestKernelsAgree checks it.
//
// It clears the vector registers' upper halves before it returns: scalar
// SSE code that runs next with them dirty is several times slower.
func combRowsSIMD(dst, m []float64, stride int, rows []int32, coef []float64) {
	defer archsimd.ClearAVXUpperBits()
	coef = coef[:len(rows)]
	j := 0
	for ; j+32 <= len(dst); j += 32 {
		var s0, s1, s2, s3, s4, s5, s6, s7 archsimd.Float64x4
		for k, r := range rows {
			c := archsimd.BroadcastFloat64x4(coef[k])
			o := int(r)*stride + j
			w := m[o : o+32 : o+32]
			s0 = s0.Add(c.Mul(archsimd.LoadFloat64x4(w[0:4])))
			s1 = s1.Add(c.Mul(archsimd.LoadFloat64x4(w[4:8])))
			s2 = s2.Add(c.Mul(archsimd.LoadFloat64x4(w[8:12])))
			s3 = s3.Add(c.Mul(archsimd.LoadFloat64x4(w[12:16])))
			s4 = s4.Add(c.Mul(archsimd.LoadFloat64x4(w[16:20])))
			s5 = s5.Add(c.Mul(archsimd.LoadFloat64x4(w[20:24])))
			s6 = s6.Add(c.Mul(archsimd.LoadFloat64x4(w[24:28])))
			s7 = s7.Add(c.Mul(archsimd.LoadFloat64x4(w[28:32])))
		}
		d := dst[j : j+32 : j+32]
		s0.Store(d[0:4])
		s1.Store(d[4:8])
		s2.Store(d[8:12])
		s3.Store(d[12:16])
		s4.Store(d[16:20])
		s5.Store(d[20:24])
		s6.Store(d[24:28])
		s7.Store(d[28:32])
	}
	for ; j+8 <= len(dst); j += 8 {
		var s0, s1 archsimd.Float64x4
		for k, r := range rows {
			c := archsimd.BroadcastFloat64x4(coef[k])
			o := int(r)*stride + j
			w := m[o : o+8 : o+8]
			s0 = s0.Add(c.Mul(archsimd.LoadFloat64x4(w[0:4])))
			s1 = s1.Add(c.Mul(archsimd.LoadFloat64x4(w[4:8])))
		}
		s0.Store(dst[j : j+4])
		s1.Store(dst[j+4 : j+8])
	}
	for ; j+4 <= len(dst); j += 4 {
		var s0 archsimd.Float64x4
		for k, r := range rows {
			o := int(r)*stride + j
			s0 = s0.Add(archsimd.BroadcastFloat64x4(coef[k]).Mul(archsimd.LoadFloat64x4(m[o : o+4])))
		}
		s0.Store(dst[j : j+4])
	}
	for ; j+2 <= len(dst); j += 2 {
		var s0 archsimd.Float64x2
		for k, r := range rows {
			o := int(r)*stride + j
			s0 = s0.Add(archsimd.BroadcastFloat64x2(coef[k]).Mul(archsimd.LoadFloat64x2(m[o : o+2])))
		}
		s0.Store(dst[j : j+2])
	}
	if j < len(dst) {
		combRowsScalar(dst[j:], m[j:], stride, rows, coef)
	}
}
