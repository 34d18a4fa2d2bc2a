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
