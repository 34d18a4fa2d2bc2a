//go:build !js

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"scratchnet/core"
	"scratchnet/core/mnistdir"
	"scratchnet/wasm/api"
	"scratchnet/wasm/api/apitest"
)

// binary builds this command once per test.
func binary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "serve")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// siteDir is a minimal built site: a page and MNIST's folder.
func siteDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "index.html"), []byte("<!doctype html><title>scratchnet</title>"), 0o644)
	if err := os.Symlink(mnistdir.ForTest(t), filepath.Join(dir, "mnist")); err != nil {
		t.Fatal(err)
	}
	return dir
}

type server struct {
	cmd  *exec.Cmd
	base string
}

func start(t *testing.T, bin, site, data string, port int) *server {
	t.Helper()
	cmd := exec.Command(bin, "-dir", site, "-data", data, "-post-limit", "150", "-trusted-proxy", "127.0.0.1", "-trusted-proxy", "::1/128")
	cmd.Env = append(os.Environ(), "PORT="+strconv.Itoa(port))
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd, fmt.Sprintf("http://127.0.0.1:%d", port)}
	for i := 0; ; i++ {
		res, err := http.Get(s.base + "/api/board")
		if err == nil {
			res.Body.Close()
			return s
		}
		if i > 300 {
			cmd.Process.Kill()
			t.Fatalf("serve did not answer: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// TestServe runs the API's conformance suite against the command, with
// the page beside it.
func TestServe(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the command")
	}
	bin, site := binary(t), siteDir(t)
	s := start(t, bin, site, filepath.Join(t.TempDir(), "data"), freePort(t))
	defer s.cmd.Process.Kill()
	res, err := http.Get(s.base + "/")
	if err != nil || res.StatusCode != 200 || res.Header.Get("Content-Security-Policy") == "" {
		t.Fatalf("the page: %v %+v", err, res)
	}
	apitest.Run(t, &apitest.Client{Base: s.base}, apitest.Options{Limit: 150, ClientHeader: "X-Forwarded-For"})
}

// TestKilledMidway: uploads and publications run while the server is
// killed (SIGKILL: no shutdown, no flush); after a restart every model
// and entry that was acknowledged is there, byte for byte.
func TestKilledMidway(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the command")
	}
	bin, site := binary(t), siteDir(t)
	data, port := filepath.Join(t.TempDir(), "data"), freePort(t)
	s := start(t, bin, site, data, port)
	c := &apitest.Client{Base: s.base, HTTP: &http.Client{Timeout: 10 * time.Second}}

	var mu sync.Mutex
	acked := map[string][]byte{} // id → bytes
	published := map[string]bool{}
	var n atomic.Int64
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := 0; ctx.Err() == nil; i++ {
				model := apitest.RandomModel(uint64(10000*w+i), 4, core.OptSGD)
				a, err := c.Try("POST", "/api/models", "application/octet-stream", model)
				if err != nil || a.Status != 201 {
					continue
				}
				var st api.Stored
				json.Unmarshal(a.Body, &st)
				mu.Lock()
				acked[st.ID] = model
				mu.Unlock()
				n.Add(1)
				if i%4 == 0 {
					body, _ := json.Marshal(map[string]string{"model": st.ID, "name": "killed " + strconv.Itoa(i)})
					if a, err := c.Try("POST", "/api/board", "application/json", body); err == nil && a.Status == 201 {
						mu.Lock()
						published[st.ID] = true
						mu.Unlock()
					}
				}
			}
		})
	}
	for deadline := time.Now().Add(time.Minute); n.Load() < 40; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("only %d uploads acknowledged in a minute", n.Load())
		}
	}
	s.cmd.Process.Signal(syscall.SIGKILL)
	s.cmd.Wait()
	cancel()
	wg.Wait()

	s = start(t, bin, site, data, port)
	defer s.cmd.Process.Kill()
	t.Logf("%d uploads and %d publications acknowledged before the kill", len(acked), len(published))
	for id, model := range acked {
		a := c.Do(t, "GET", "/api/models/"+id, "", nil)
		if a.Status != 200 || !bytes.Equal(a.Body, model) {
			t.Errorf("model %s after the restart: %d, %d bytes", id, a.Status, len(a.Body))
		}
	}
	found := 0
	for page := 1; ; page++ {
		b := c.Board(t, "?hidden=4&page="+strconv.Itoa(page))
		for _, e := range b.Runs {
			if published[e.Model] {
				found++
			}
		}
		if !b.Next {
			break
		}
	}
	if found != len(published) {
		t.Errorf("%d of %d acknowledged board entries after the restart", found, len(published))
	}
}
