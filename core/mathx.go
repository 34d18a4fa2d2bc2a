package core

import (
	"math"
	"math/rand/v2"
)

// This file holds the few transcendental functions the network needs,
// written in plain Go so that every platform computes the same bits.
//
// Go's math.Exp and math.Log are assembly on amd64 (and Exp uses FMA there
// when the CPU has it) but pure Go under GOOS=js GOARCH=wasm, so the two
// already disagree in the last bit for some inputs. A training run feeds
// thousands of exponentials into every update, and one differing bit grows
// into visibly different weights after a few hundred steps. Exp and Log here
// use only +, −, ×, ÷ and exact bit manipulation, each rounded on its own
// (every product is wrapped in float64(…) so the compiler may not fuse it
// into an FMA), and IEEE 754 makes those identical everywhere.

const (
	// ln2Hi + ln2Lo = ln 2; ln2Hi has its low 32 bits zero so k*ln2Hi is
	// exact for |k| < 2^20 (Cody and Waite's range reduction).
	ln2Hi = 6.93147180369123816490e-01
	ln2Lo = 1.90821492927058770002e-10
	log2e = 1.44269504088896338700e+00

	expOverflow  = 7.09782712893383973096e+02  // ln(MaxFloat64)
	expUnderflow = -7.45133219101941108420e+02 // ln(smallest subnormal)
)

// Exp returns e**x, within 1 ulp of the exact value, computing the same bits
// on every platform. Exp(+Inf) = +Inf, Exp(-Inf) = 0, Exp(NaN) = NaN.
//
// x is reduced to r = x − k·ln2 with |r| ≤ ln2/2; e**r comes from its Taylor
// series to degree 13 (the next term is below 4e-18, a thirtieth of an ulp)
// and the result is scaled by 2**k.
func Exp(x float64) float64 {
	switch {
	case x != x:
		return x
	case x > expOverflow:
		return math.Inf(1)
	case x < expUnderflow:
		return 0
	}
	k := math.Floor(float64(x*log2e) + 0.5)
	r := float64(x-float64(k*ln2Hi)) - float64(k*ln2Lo)
	// Horner form of Σ r^n/n!, n = 0..13.
	p := 1.0 / 6227020800
	p = float64(p*r) + 1.0/479001600
	p = float64(p*r) + 1.0/39916800
	p = float64(p*r) + 1.0/3628800
	p = float64(p*r) + 1.0/362880
	p = float64(p*r) + 1.0/40320
	p = float64(p*r) + 1.0/5040
	p = float64(p*r) + 1.0/720
	p = float64(p*r) + 1.0/120
	p = float64(p*r) + 1.0/24
	p = float64(p*r) + 1.0/6
	p = float64(p*r) + 0.5
	p = float64(p*r) + 1
	p = float64(p*r) + 1
	return scale2(p, int(k))
}

// scale2 returns p·2**k for p in [0.7, 1.5] and k in [-1075, 1024].
func scale2(p float64, k int) float64 {
	if k > 1023 {
		return float64(p*2) * math.Float64frombits(uint64(k-1+1023)<<52)
	}
	if k < -1021 {
		// Scale in two steps so the intermediate stays normal; the last
		// multiplication rounds once into the subnormal range.
		return float64(p*math.Float64frombits(uint64(k+600+1023)<<52)) * 0x1p-600
	}
	return p * math.Float64frombits(uint64(k+1023)<<52)
}

// Log returns the natural logarithm of x, computing the same bits on every
// platform. Log(0) = -Inf, Log(x < 0) = NaN, Log(+Inf) = +Inf.
//
// x = m·2**e with m in [√½, √2); ln m = 2·atanh(s) with s = (m−1)/(m+1),
// |s| ≤ 0.172, summed to s^23 (the next term is below 1e-19 of the sum).
func Log(x float64) float64 {
	switch {
	case x != x || x < 0:
		return math.NaN()
	case x == 0:
		return math.Inf(-1)
	case math.IsInf(x, 1):
		return x
	}
	bits := math.Float64bits(x)
	e := int(bits>>52&0x7ff) - 1023
	if e == -1023 { // subnormal: normalise first
		x = float64(x * 0x1p54)
		bits = math.Float64bits(x)
		e = int(bits>>52&0x7ff) - 1023 - 54
	}
	m := math.Float64frombits(bits&^(0x7ff<<52) | 1023<<52) // in [1, 2)
	if m > math.Sqrt2 {
		m = float64(m * 0.5)
		e++
	}
	s := float64(m-1) / float64(m+1)
	s2 := float64(s * s)
	p := 1.0 / 23
	for n := 21; n >= 1; n -= 2 {
		p = float64(p*s2) + 1/float64(n)
	}
	lnm := float64(2 * float64(s*p))
	fe := float64(e)
	return float64(fe*ln2Hi) + float64(lnm+float64(fe*ln2Lo))
}

// Sigmoid returns 1 / (1 + e**−x), the book's sigmoid.
func Sigmoid(x float64) float64 {
	return 1 / (1 + Exp(-x))
}

// normal returns a standard normal variate from r by Marsaglia's polar
// method. It uses Log and math.Sqrt (correctly rounded everywhere), so a
// seeded source gives the same numbers on every platform; rand.NormFloat64
// compares against math.Exp and cannot promise that.
func normal(r *rand.Rand) float64 {
	for {
		u := 2*r.Float64() - 1
		v := 2*r.Float64() - 1
		s := float64(u*u) + float64(v*v)
		if s > 0 && s < 1 {
			return float64(u * math.Sqrt(float64(-2*Log(s))/s))
		}
	}
}
