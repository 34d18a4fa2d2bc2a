package core

import (
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"

	"scratchnet/core/mnistdir"
)

// mnistDir finds the MNIST files, or skips the test.
func mnistDir(tb testing.TB) string { return mnistdir.ForTest(tb) }

var (
	mnistOnce             sync.Once
	mnistTrain, mnistTest *Dataset
	mnistErr              error
)

// loadMNIST loads MNIST once per test binary.
func loadMNIST(tb testing.TB) (train, test *Dataset) {
	tb.Helper()
	dir := mnistDir(tb)
	mnistOnce.Do(func() { mnistTrain, mnistTest, mnistErr = LoadMNIST(dir) })
	if mnistErr != nil {
		tb.Fatal(mnistErr)
	}
	return mnistTrain, mnistTest
}

func seeded(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 1)) }

// Decoders allocate at most allocPerByte bytes per input byte plus
// allocSlack: a gzipped IDX file may unpack to maxGzipRatio times its size
// and a Dataset keeps 3 bytes a pixel at worst; the slack covers gzip's
// and zip's own tables and small fixed buffers.
const (
	allocPerByte = 4 * maxGzipRatio
	allocSlack   = 2 << 20
)

// checkAllocBound runs decode and fails if it allocated more than
// allocPerByte·n + allocSlack bytes for an n-byte input.
func checkAllocBound(t testing.TB, n int, decode func()) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	decode()
	runtime.ReadMemStats(&after)
	if got, limit := after.TotalAlloc-before.TotalAlloc, uint64(allocPerByte*n+allocSlack); got > limit {
		t.Fatalf("decoding %d bytes allocated %d bytes (limit %d)", n, got, limit)
	}
}
