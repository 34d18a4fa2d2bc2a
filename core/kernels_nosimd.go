//go:build !(goexperiment.simd && (amd64 || wasm))

package core

// haveSIMD is false: this build has no vector kernels.
const haveSIMD = false

func combRowsSIMD(dst, m []float64, stride int, rows []int32, coef []float64) {
	combRowsScalar(dst, m, stride, rows, coef)
}

func expScaleSIMD(v, e, d []float64) { expScaleScalar(v, e, d) }
