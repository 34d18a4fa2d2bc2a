//go:build !js

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"scratchnet/core"
	"scratchnet/scripts/internal/wrangler"
	"scratchnet/wasm/api"
	"scratchnet/wasm/api/apitest"
)

// apiBenchmarks measures the API's routes where platform serves them:
// "edge" is the Worker under wrangler dev (local D1 and R2), "serve" is
// make serve's command over SQLite. For each route it prints the median
// wall time of n requests, one at a time, and the server's CPU time per
// request: the CPU its processes used over the n requests (from
// /proc/PID/stat), divided by n. Under wrangler dev that CPU includes
// workerd's own (HTTP, the local D1 and R2 it simulates), so it bounds the
// Worker's CPU from above.
func apiBenchmarks(platform, site string, count int) error {
	n := max(4*count, 12)
	tmp, err := os.MkdirTemp("", "scratchnet-api-bench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	var base string
	var pids func() []int
	switch platform {
	case "edge":
		worker := filepath.Join("wasm", "worker")
		if err := wrangler.Built(worker); err != nil {
			return err
		}
		size, err := workerSize(worker, tmp)
		if err != nil {
			return err
		}
		fmt.Printf("%-10s %-15s %.0f KiB\n", platform, "worker-gzip", size)
		start := time.Now()
		dev, err := wrangler.Start(context.Background(), worker, filepath.Join(tmp, "persist"), "POST_LIMIT:100000")
		if err != nil {
			return err
		}
		defer dev.Stop()
		fmt.Printf("%-10s %-15s %.3g s\n", platform, "dev-start", time.Since(start).Seconds())
		base = dev.URL
		pids = func() []int { return named(dev.Pids(), "workerd") }
	case "serve":
		bin := filepath.Join(tmp, "serve")
		if out, err := exec.Command("go", "build", "-o", bin, "./scripts/serve").CombinedOutput(); err != nil {
			return fmt.Errorf("go build ./scripts/serve: %v\n%s", err, out)
		}
		port := 18000 + os.Getpid()%1000
		cmd := exec.Command(bin, "-dir", site, "-data", filepath.Join(tmp, "data"), "-post-limit", "100000")
		cmd.Env = append(os.Environ(), "PORT="+strconv.Itoa(port))
		if err := cmd.Start(); err != nil {
			return err
		}
		defer cmd.Process.Kill()
		base = fmt.Sprintf("http://127.0.0.1:%d", port)
		for i := 0; ; i++ {
			if _, err := (&apitest.Client{Base: base}).Try("GET", "/", "", nil); err == nil {
				break
			}
			if i > 200 {
				return fmt.Errorf("serve did not answer")
			}
			time.Sleep(50 * time.Millisecond)
		}
		pids = func() []int { return []int{cmd.Process.Pid} }
	default:
		return fmt.Errorf("unknown platform %q", platform)
	}
	c := &apitest.Client{Base: base}

	// The first request to the API: a cold start for the Worker (isolate
	// and module), the first query for serve.
	t0 := time.Now()
	if a, err := c.Try("GET", "/api/board", "", nil); err != nil || a.Status != 200 {
		return fmt.Errorf("first GET /api/board: %v %d", err, a.Status)
	}
	fmt.Printf("%-10s %-15s %.3g ms\n", platform, "first-request", float64(time.Since(t0).Microseconds())/1000)

	// Shared files of the book's 784-50-10 net (weights alone, 318 KB).
	models := make([][]byte, n)
	for i := range models {
		models[i] = apitest.RandomModel(uint64(50000+i), 50, core.OptSGD)
	}
	ids := make([]string, n)
	route := func(name string, do func(i int) (int, error), want int) error {
		before := cpu(pids())
		walls := make([]float64, n)
		for i := range n {
			t := time.Now()
			status, err := do(i)
			walls[i] = float64(time.Since(t).Microseconds()) / 1000
			if err != nil || status != want {
				return fmt.Errorf("%s %d: %v, status %d", name, i, err, status)
			}
		}
		used := (cpu(pids()) - before) / float64(n)
		fmt.Printf("%-10s %-15s %.3g ms\n", platform, name+"-wall", median(walls))
		fmt.Printf("%-10s %-15s %.3g ms\n", platform, name+"-cpu", used)
		return nil
	}
	// The floor: a request that touches no storage (an unknown route),
	// so under the Worker only a fresh Go instance and its answer.
	err = route("no-route", func(i int) (int, error) {
		a, err := c.Try("GET", "/api/none", "", nil)
		return a.Status, err
	}, 404)
	if err != nil {
		return err
	}
	err = route("upload", func(i int) (int, error) {
		a, err := c.Try("POST", "/api/models", "application/octet-stream", models[i])
		var s api.Stored
		json.Unmarshal(a.Body, &s)
		ids[i] = s.ID
		return a.Status, err
	}, 201)
	if err == nil {
		err = route("model-get", func(i int) (int, error) {
			a, err := c.Try("GET", "/api/models/"+ids[i], "", nil)
			return a.Status, err
		}, 200)
	}
	if err == nil {
		err = route("publish", func(i int) (int, error) {
			body, _ := json.Marshal(map[string]string{"model": ids[i], "name": "bench " + strconv.Itoa(i)})
			a, err := c.Try("POST", "/api/board", "application/json", body)
			return a.Status, err
		}, 201)
	}
	if err == nil {
		err = route("board", func(i int) (int, error) {
			a, err := c.Try("GET", "/api/board?hidden=50", "", nil)
			return a.Status, err
		}, 200)
	}
	return err
}

// workerSize is the gzipped size wrangler deploy --dry-run reports, KiB.
func workerSize(worker, tmp string) (float64, error) {
	cmd := exec.Command("./node_modules/.bin/wrangler", "deploy", "--dry-run", "--outdir", filepath.Join(tmp, "dry"))
	cmd.Dir = worker
	cmd.Env = append(wrangler.Env(), "WRANGLER_LOG=log") // the size is printed at the "log" level
	out, err := cmd.CombinedOutput()
	if err != nil {
		return 0, fmt.Errorf("wrangler deploy --dry-run: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`gzip: ([0-9.]+) KiB`).FindSubmatch(out)
	if m == nil {
		return 0, fmt.Errorf("no gzipped size in:\n%s", out)
	}
	return strconv.ParseFloat(string(m[1]), 64)
}

// named keeps the pids whose command is name.
func named(pids []int, name string) []int {
	var out []int
	for _, p := range pids {
		if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", p)); err == nil && strings.TrimSpace(string(b)) == name {
			out = append(out, p)
		}
	}
	return out
}

// cpu is the user and system CPU time of pids so far, in milliseconds.
func cpu(pids []int) float64 {
	total := 0.0
	for _, p := range pids {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p))
		if err != nil {
			continue
		}
		// Fields after the command (which may hold spaces) in parentheses.
		f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
		ut, _ := strconv.ParseFloat(f[11], 64)
		st, _ := strconv.ParseFloat(f[12], 64)
		total += ut + st
	}
	return total * 1000 / clockTicks
}

// clockTicks is USER_HZ, the unit of /proc/PID/stat's times: 100 on Linux.
const clockTicks = 100
