//go:build !(goexperiment.simd && wasm)

package core

// Outside WebAssembly's vector build there are no assembly kernels: these
// report that they did nothing, and their callers do the work in Go.

func combPixelsAsm(dst, m []float64, stride int, pix []uint16, val []uint8) bool { return false }

func updateAsm(w, g []float64, lr, lambda float64) int { return 0 }

func activationAsm(relu bool, a, z []float64) int { return 0 }

func expAsm(y []float64) int { return 0 }

func groupPixelsAsm(b *Batch, start, img []int32, val []float64) bool { return false }

func sgdW1Asm(w1, dA1 []float64, hidden int, start, img []int32, val []float64, n int, lr, lambda float64, touched []bool) bool {
	return false
}

func gapsAsm(out []uint16, gaps []uint8) bool { return false }
