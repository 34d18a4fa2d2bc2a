//go:build goexperiment.simd && (amd64 || wasm)

package core

import "simd/archsimd"

// expScaleSIMD is expScaleScalar two lanes at a time: expSmall's Taylor
// polynomial, each product and sum rounded as the scalar code rounds it,
// and the scalar code for a pair with a |d| beyond taylorMax.
func expScaleSIMD(v, e, d []float64) {
	k := 0
	for ; k+2 <= len(e); k += 2 {
		if d[k] > taylorMax || d[k] < -taylorMax || d[k+1] > taylorMax || d[k+1] < -taylorMax {
			expScaleScalar(v[k:k+2], e[k:k+2], d[k:k+2])
			continue
		}
		x := archsimd.LoadFloat64x2(d[k : k+2])
		x2 := x.Mul(x)
		p := archsimd.BroadcastFloat64x2(1).Add(x).
			Add(x2.Mul(archsimd.BroadcastFloat64x2(0.5))).
			Add(x2.Mul(x).Div(archsimd.BroadcastFloat64x2(6))).
			Add(x2.Mul(x2).Div(archsimd.BroadcastFloat64x2(24)))
		archsimd.LoadFloat64x2(e[k : k+2]).Mul(p).Store(v[k : k+2])
	}
	if k < len(e) {
		expScaleScalar(v[k:], e[k:], d[k:])
	}
}
