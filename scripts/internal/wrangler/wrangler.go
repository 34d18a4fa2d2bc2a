//go:build !js

// Package wrangler runs the Worker under `wrangler dev` (Cloudflare's local
// runtime, workerd, pinned in wasm/worker/package-lock.json) for tests and
// benchmarks: on 127.0.0.1, with local D1 and R2 persisted to a folder,
// metrics off, no login. `make worker` builds what it serves.
package wrangler

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Dev is a running `wrangler dev`.
type Dev struct {
	URL     string // http://127.0.0.1:port
	Persist string // the folder of its D1 and R2 data
	cmd     *exec.Cmd
	log     *syncBuffer
	done    chan struct{}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// ForTest returns the Worker's folder for a test: $SCRATCHNET_WORKER, set by
// make test-edge and make test-browser after make worker built it. Without
// it the test is skipped; with it but no build, it fails.
func ForTest(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv("SCRATCHNET_WORKER")
	if dir == "" {
		tb.Skip("SCRATCHNET_WORKER is not set: make test-edge and make test-browser build the Worker and set it")
	}
	if err := Built(dir); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// Built checks that the Worker's folder (wasm/worker) holds a build and
// wrangler: `make worker` makes both.
func Built(worker string) error {
	for _, f := range []string{"wrangler.toml", "build/app.wasm", "build/worker.mjs", "node_modules/.bin/wrangler"} {
		if _, err := os.Stat(filepath.Join(worker, f)); err != nil {
			return fmt.Errorf("%s is missing: run make worker", filepath.Join(worker, f))
		}
	}
	return nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// Env is the environment wrangler runs in here: no metrics, no prompts,
// and no fetch of Request.cf's data from Cloudflare (a fallback instead):
// nothing leaves the machine.
func Env() []string {
	return append(os.Environ(), "WRANGLER_SEND_METRICS=false", "CLOUDFLARE_CF_FETCH_ENABLED=false", "CI=true", "NO_COLOR=1", "WRANGLER_LOG=warn")
}

// Migrate applies the schema's migrations to the local D1 in persist, as
// `wrangler d1 migrations apply` does on the edge.
func Migrate(ctx context.Context, worker, persist string) error {
	worker, err := filepath.Abs(worker)
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, filepath.Join(worker, "node_modules/.bin/wrangler"),
		"d1", "migrations", "apply", "DB", "--local", "--persist-to", persist)
	cmd.Dir, cmd.Env = worker, Env()
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("wrangler d1 migrations apply: %v\n%s", err, out)
	}
	return nil
}

// Start migrates persist's D1 and starts `wrangler dev` on a free port with
// vars (NAME:VALUE) and waits until the page (a static asset) answers: the
// Worker itself has not run yet, so the first /api/ request is a cold one.
func Start(ctx context.Context, worker, persist string, vars ...string) (*Dev, error) {
	worker, err := filepath.Abs(worker)
	if err != nil {
		return nil, err
	}
	if err := Migrate(ctx, worker, persist); err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	inspector, err := freePort()
	if err != nil {
		return nil, err
	}
	args := []string{"dev", "--ip", "127.0.0.1", "--port", strconv.Itoa(port),
		"--inspector-port", strconv.Itoa(inspector), "--persist-to", persist, "--show-interactive-dev-session=false"}
	for _, v := range vars {
		args = append(args, "--var", v)
	}
	cmd := exec.Command(filepath.Join(worker, "node_modules/.bin/wrangler"), args...)
	cmd.Dir, cmd.Env = worker, Env()
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	log := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	d := &Dev{URL: "http://127.0.0.1:" + strconv.Itoa(port), Persist: persist, cmd: cmd, log: log, done: make(chan struct{})}
	go func() { cmd.Wait(); close(d.done) }()
	deadline := time.Now().Add(90 * time.Second)
	for {
		select {
		case <-d.done:
			return nil, fmt.Errorf("wrangler dev exited:\n%s", log)
		case <-ctx.Done():
			d.Stop()
			return nil, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
		res, err := http.Get(d.URL + "/")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return d, nil
			}
		}
		if time.Now().After(deadline) {
			d.Stop()
			return nil, fmt.Errorf("wrangler dev did not answer in 90 s:\n%s", log)
		}
	}
}

// Log is what wrangler printed so far.
func (d *Dev) Log() string { return d.log.String() }

// Pids are the processes of wrangler's group (wrangler's node and workerd).
func (d *Dev) Pids() []int {
	out, _ := exec.Command("pgrep", "-g", strconv.Itoa(d.cmd.Process.Pid)).Output()
	var pids []int
	for _, f := range strings.Fields(string(out)) {
		if p, err := strconv.Atoi(f); err == nil {
			pids = append(pids, p)
		}
	}
	return pids
}

// Stop ends wrangler dev and its workerd.
func (d *Dev) Stop() {
	syscall.Kill(-d.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-d.done:
	case <-time.After(10 * time.Second):
		syscall.Kill(-d.cmd.Process.Pid, syscall.SIGKILL)
		<-d.done
	}
}
