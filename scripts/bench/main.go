//go:build !js

// Command bench measures scratchnet's figures and prints one line each,
//
//	PLATFORM  NAME  MEDIAN UNIT
//
// PLATFORM is native (this machine, SIMD kernels on), wasm-node (the same
// Go code compiled to GOOS=js GOARCH=wasm with SIMD, run by Node),
// chromium (the playground in headless Chromium, measured through its
// page, with as many Go instances as it starts: its instances line, and
// numerical-inst for the numerical steps),
// chromium-1 (the same with one Go instance, ?workers=0), serve (the
// API under make serve's command) or edge (the Worker under wrangler dev;
// see api.go). Each figure
// is the median of -count runs of a Go benchmark in core (see
// core/bench_test.go); peak-mem is the maximum resident set of a process
// that loads MNIST and trains the book's net for two epochs; wasm-node's
// shard-step-1 and shard-step-2 are the book's step in one Go instance and
// split between two (scripts/bench/shard.mjs).
//
//	go run ./scripts/bench [-count 5] [-platforms native,wasm-node]
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"scratchnet/core/mnistdir"
)

// figures maps a core benchmark to its published name and unit.
var figures = []struct {
	bench, name, unit string
	scale             float64 // ns per unit
}{
	{"TrainerStep", "train-step", "ms", 1e6},
	{"Eval70k", "eval-70k", "s", 1e9},
	{"GradcheckBook", "gradcheck-book", "s", 1e9},
}

func main() {
	count := flag.Int("count", 5, "runs of each benchmark; the median is printed")
	platforms := flag.String("platforms", "native,wasm-node,chromium,chromium-1,serve,edge", "comma-separated: native, wasm-node, chromium (the page with its evaluation workers), chromium-1 (the page with one Go instance), serve (make serve's API), edge (the Worker under wrangler dev)")
	site := flag.String("site", "out/site", "the built playground, for chromium")
	flag.Parse()
	mnist, err := mnistdir.Find("")
	if err != nil {
		fail(err)
	}
	for _, p := range strings.Split(*platforms, ",") {
		if p == "chromium" || p == "chromium-1" {
			if err := chromiumBenchmarks(p, *site, *count); err != nil {
				fail(err)
			}
			continue
		}
		if p == "serve" || p == "edge" {
			if err := apiBenchmarks(p, *site, *count); err != nil {
				fail(err)
			}
			continue
		}
		env := platformEnv(p, mnist)
		if env == nil {
			fail(fmt.Errorf("unknown platform %q", p))
		}
		if err := benchmarks(p, env, *count); err != nil {
			fail(err)
		}
		if err := peakMem(p, env, mnist); err != nil {
			fail(err)
		}
		if p == "wasm-node" {
			if err := shardSteps(env, mnist, *count); err != nil {
				fail(err)
			}
		}
	}
}

// shardSteps measures training across Go instances (issue 17): the book's
// step with one instance and with its hidden units split between two, each
// in its own Node worker thread (scripts/bench/shard.mjs), one after the
// other count times; the medians.
func shardSteps(env []string, mnist string, count int) error {
	wasm, done, err := buildTemp(env, "./scripts/bench/shard", "the shard program")
	if err != nil {
		return err
	}
	defer done()
	run := exec.Command("node", "scripts/bench/shard.mjs", wasm, filepath.Join(goroot(), "lib", "wasm"), mnist, strconv.Itoa(count))
	run.Stderr = os.Stderr
	out, err := run.Output()
	if err != nil {
		return fmt.Errorf("shard steps: %v\n%s", err, out)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		name, ms, ok := strings.Cut(line, " ")
		v, err := strconv.ParseFloat(ms, 64)
		if !ok || err != nil {
			return fmt.Errorf("shard steps: %q", line)
		}
		fmt.Printf("%-10s %-15s %.3g ms\n", "wasm-node", name, v)
	}
	return nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(1)
}

func platformEnv(p, mnist string) []string {
	env := append(os.Environ(), "SCRATCHNET_MNIST="+mnist)
	switch p {
	case "native":
		return append(env, "GOEXPERIMENT=simd")
	case "wasm-node":
		wasmDir := filepath.Join(goroot(), "lib", "wasm")
		return append(env, "GOEXPERIMENT=simd,nojsonv2", "GOOS=js", "GOARCH=wasm", "PATH="+os.Getenv("PATH")+":"+wasmDir)
	}
	return nil
}

var benchLine = regexp.MustCompile(`^Benchmark(\w+?)(?:-\d+)?\s+\d+\s+([\d.]+) ns/op`)

func benchmarks(platform string, env []string, count int) error {
	var names []string
	for _, f := range figures {
		names = append(names, f.bench)
	}
	cmd := exec.Command("go", "test", "-run", "^$", "-bench", "^Benchmark("+strings.Join(names, "|")+")$",
		"-count", strconv.Itoa(count), "./core")
	cmd.Env = env
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("%s benchmarks: %v\n%s", platform, err, out)
	}
	runs := map[string][]float64{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if m := benchLine.FindStringSubmatch(sc.Text()); m != nil {
			v, _ := strconv.ParseFloat(m[2], 64)
			runs[m[1]] = append(runs[m[1]], v)
		}
	}
	for _, f := range figures {
		r := runs[f.bench]
		if len(r) == 0 {
			return fmt.Errorf("%s: no result for Benchmark%s in\n%s", platform, f.bench, out)
		}
		fmt.Printf("%-10s %-15s %.3g %s\n", platform, f.name, median(r)/f.scale, f.unit)
	}
	return nil
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// peakMem builds the book command for the platform, trains two epochs
// (1,200 iterations and their evaluations) and reports the process's
// maximum resident set size.
func peakMem(platform string, env []string, mnist string) error {
	bin, done, err := buildTemp(env, "./scripts/book", "the book command for "+platform)
	if err != nil {
		return err
	}
	defer done()
	args := []string{"-iterations", "1200", "-mnist", mnist}
	run := exec.Command(bin, args...)
	if platform == "wasm-node" {
		run = exec.Command(filepath.Join(goroot(), "lib", "wasm", "go_js_wasm_exec"), append([]string{bin}, args...)...)
	}
	if out, err := run.CombinedOutput(); err != nil {
		return fmt.Errorf("%s peak-mem run: %v\n%s", platform, err, out)
	}
	ru := run.ProcessState.SysUsage().(*syscall.Rusage)
	fmt.Printf("%-10s %-15s %.0f MiB\n", platform, "peak-mem", float64(ru.Maxrss)/1024)
	return nil
}

// buildTemp builds the package pkg with env into a temporary directory
// and returns the binary's path and a function that removes it; what names
// the program in an error.
func buildTemp(env []string, pkg, what string) (bin string, done func(), err error) {
	dir, err := os.MkdirTemp("", "scratchnet-bench")
	if err != nil {
		return "", nil, err
	}
	bin = filepath.Join(dir, filepath.Base(pkg))
	build := exec.Command("go", "build", "-o", bin, pkg)
	build.Env = env
	if out, err := build.CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return "", nil, fmt.Errorf("building %s: %v\n%s", what, err, out)
	}
	return bin, func() { os.RemoveAll(dir) }, nil
}

// goroot is the GOROOT of the go command on the PATH, the one that builds
// the benchmarks (not the one this program was built with).
func goroot() string {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		log.Fatalf("go env GOROOT: %v", err)
	}
	return strings.TrimSpace(string(out))
}
