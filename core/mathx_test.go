package core

import (
	"math"
	"testing"
)

// maxULP is how far Exp and Log may be from Go's math package, in units in
// the last place: both are within about 1 ulp of the exact value (math's
// documented bound) and so within 2 of each other.
const maxULP = 2

func ulpDiff(a, b float64) int64 {
	d := int64(math.Float64bits(a)) - int64(math.Float64bits(b))
	if d < 0 {
		d = -d
	}
	return d
}

func TestExpLogAgreeWithMath(t *testing.T) {
	r := seeded(7)
	for range 200000 {
		x := (r.Float64() - 0.5) * 1400
		if d := ulpDiff(Exp(x), math.Exp(x)); d > maxULP {
			t.Fatalf("Exp(%v) = %v, math.Exp = %v: %d ulp apart", x, Exp(x), math.Exp(x), d)
		}
		y := math.Exp((r.Float64() - 0.5) * 1400)
		if d := ulpDiff(Log(y), math.Log(y)); d > maxULP {
			t.Fatalf("Log(%v) = %v, math.Log = %v: %d ulp apart", y, Log(y), math.Log(y), d)
		}
	}
}

func TestExpLogSpecialValues(t *testing.T) {
	tests := []struct {
		name string
		got  float64
		want float64
	}{
		{"Exp(0)", Exp(0), 1},
		{"Exp(1)", Exp(1), math.E},
		{"Exp(+Inf)", Exp(math.Inf(1)), math.Inf(1)},
		{"Exp(-Inf)", Exp(math.Inf(-1)), 0},
		{"Exp(710)", Exp(710), math.Inf(1)},
		{"Exp(-746)", Exp(-746), 0},
		{"Exp(-740) subnormal", Exp(-740), math.Exp(-740)},
		{"Log(1)", Log(1), 0},
		{"Log(e)", Log(math.E), 1},
		{"Log(0)", Log(0), math.Inf(-1)},
		{"Log(+Inf)", Log(math.Inf(1)), math.Inf(1)},
		// −1074·ln 2. Go's amd64 math.Log returns −709.09 here: its
		// assembly does not normalise subnormals (under wasm it is right).
		{"Log(5e-324)", Log(5e-324), -1074 * math.Ln2},
		{"Log(1e-310)", Log(1e-310), -713.8013788281542},
		{"Sigmoid(0)", Sigmoid(0), 0.5},
		{"Sigmoid(-1000)", Sigmoid(-1000), 0},
		{"Sigmoid(1000)", Sigmoid(1000), 1},
	}
	for _, tt := range tests {
		if tt.got != tt.want && ulpDiff(tt.got, tt.want) > 1 {
			t.Errorf("%s = %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	for _, v := range []float64{Exp(math.NaN()), Log(math.NaN()), Log(-1)} {
		if !math.IsNaN(v) {
			t.Errorf("got %v, want NaN", v)
		}
	}
}

func TestNormalMoments(t *testing.T) {
	r := seeded(3)
	const n = 200000
	var s, s2 float64
	for range n {
		x := normal(r)
		s += x
		s2 += x * x
	}
	mean, variance := s/n, s2/n-(s/n)*(s/n)
	// Standard errors: 1/√n ≈ 0.0022 for the mean, √(2/n) ≈ 0.0032 for the
	// variance; five of them.
	if math.Abs(mean) > 0.011 || math.Abs(variance-1) > 0.016 {
		t.Errorf("normal: mean %v, variance %v; want 0 and 1", mean, variance)
	}
}
