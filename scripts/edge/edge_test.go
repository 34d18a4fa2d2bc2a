//go:build !js

// Package edge tests the real Worker under `wrangler dev`: the API's
// conformance suite end to end over local D1 and R2, and the Worker's size
// as `wrangler deploy --dry-run` builds it (make bench measures what its
// requests cost). Run
// through `make test-edge` (make test does), which builds the Worker and
// sets SCRATCHNET_WORKER; without it the tests skip.
package edge

import (
	"context"
	"os/exec"
	"regexp"
	"strconv"
	"testing"

	"scratchnet/scripts/internal/site"
	"scratchnet/scripts/internal/wrangler"
	"scratchnet/wasm/api/apitest"
)

// TestWorker runs the conformance suite against the Worker: upload, the
// same bytes back from R2, publish with the accuracy the Worker measured on
// the test set it fetched from its static assets (equal to core's), the
// board, bad input, 100 parallel uploads and the rate limit.
func TestWorker(t *testing.T) {
	w := wrangler.ForTest(t)
	dev, err := wrangler.Start(context.Background(), w, t.TempDir(), "POST_LIMIT:150")
	if err != nil {
		t.Fatal(err)
	}
	defer dev.Stop()
	c := &apitest.Client{Base: dev.URL}
	// The static assets carry make serve's security headers (web/_headers).
	page := c.Do(t, "GET", "/", "", nil)
	if page.Status != 200 || page.Header.Get("Content-Security-Policy") != site.CSP || page.Header.Get("X-Frame-Options") != "DENY" {
		t.Errorf("the page: %d, headers %v", page.Status, page.Header)
	}
	if h := c.Do(t, "HEAD", "/_headers", "", nil); h.Status != 404 {
		t.Errorf("/_headers is served: %d", h.Status)
	}
	// On Cloudflare the client is CF-Connecting-IP, which the edge writes;
	// under wrangler dev the suite writes it.
	apitest.Run(t, c, apitest.Options{Limit: 150, ClientHeader: "CF-Connecting-IP"})
	if t.Failed() {
		t.Log(dev.Log())
	}
}

// TestDryRun: `wrangler deploy --dry-run` bundles the Worker, and its
// gzipped size is within the free plan's 3 MB.
func TestDryRun(t *testing.T) {
	w := wrangler.ForTest(t)
	cmd := exec.Command(w+"/node_modules/.bin/wrangler", "deploy", "--dry-run", "--outdir", t.TempDir())
	cmd.Dir = w
	cmd.Env = append(wrangler.Env(), "WRANGLER_LOG=log") // the size is printed at the "log" level
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	m := regexp.MustCompile(`gzip: ([0-9.]+) KiB`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("no gzipped size in:\n%s", out)
	}
	kib, _ := strconv.ParseFloat(string(m[1]), 64)
	t.Logf("Worker: %.0f KiB gzipped", kib)
	if kib*1024 > 3e6 {
		t.Errorf("the Worker is %.0f KiB gzipped, over the free plan's 3 MB", kib)
	}
}
