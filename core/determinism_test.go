package core

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

var updateGolden = flag.Bool("update", false, "rewrite testdata/seeded-runs.golden from this platform's results")

const goldenRuns = "testdata/seeded-runs.golden"

// seededRuns are short runs that together use every stochastic and
// numeric path: both activations, all three initialisations, drawing with
// replacement and shuffled epochs, dropout, weight decay.
var seededRuns = []struct {
	name string
	edit func(*Config)
}{
	{"book-sigmoid", func(c *Config) {}},
	{"relu-he-shuffle-dropout-decay", func(c *Config) {
		c.Activation, c.Init, c.Shuffle, c.Dropout, c.WeightDecay, c.Seed = ActReLU, InitHe, true, 0.2, 0.001, 42
	}},
	{"sigmoid-xavier-validation", func(c *Config) {
		c.Init, c.Validation, c.Patience, c.TrainSize, c.Seed = InitXavier, 0.1, 2, 20000, 7
	}},
}

// digest is the SHA-256 of a run's final parameters and of every loss, as
// little-endian float64 bits.
func digest(tr *Trainer) string {
	h := sha256.New()
	for _, p := range tr.Net.Params() {
		binary.Write(h, binary.LittleEndian, p.W)
	}
	binary.Write(h, binary.LittleEndian, tr.Losses)
	return fmt.Sprintf("%x", h.Sum(nil))
}

// TestSeededRunsAreBitIdentical runs each seeded configuration for 300
// iterations and compares the digest of its weights and losses with the
// golden file. make test runs it natively (with and without the SIMD
// kernels) and under GOOS=js GOARCH=wasm, so passing everywhere means every
// platform ends with the same bits. Regenerate with -update.
func TestSeededRunsAreBitIdentical(t *testing.T) {
	train, test := loadMNIST(t)
	var lines []string
	for _, r := range seededRuns {
		c := BookConfig()
		c.Iterations = 300
		r.edit(&c)
		tr := mustTrainer(t, c, train, test)
		if err := tr.Run(c.Iterations); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, fmt.Sprintf("%s %s loss[0]=%v loss[299]=%v W1[0]=%v", r.name, digest(tr), tr.Losses[0], tr.Losses[299], tr.Net.W1[0]))
	}
	got := strings.Join(lines, "\n") + "\n"
	if *updateGolden {
		if err := os.WriteFile(goldenRuns, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(goldenRuns)
	if err != nil {
		t.Fatal(err)
	}
	ws := bufio.NewScanner(strings.NewReader(string(want)))
	for i := 0; ws.Scan(); i++ {
		if i >= len(lines) || ws.Text() != lines[i] {
			t.Errorf("%s/%s: seeded run differs from %s\n got: %s\nwant: %s", runtime.GOOS, runtime.GOARCH, filepath.Base(goldenRuns), lines[min(i, len(lines)-1)], ws.Text())
		}
	}
}
