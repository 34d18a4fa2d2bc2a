package core

import "testing"

func BenchmarkExp(b *testing.B) {
	x := 0.0
	for b.Loop() {
		for i := range 1000 {
			x += Exp(float64(i%64) * -0.1)
		}
	}
	_ = x
}
