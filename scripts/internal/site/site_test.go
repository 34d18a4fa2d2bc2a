package site

import (
	"compress/gzip"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestHandler(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"index.html":                       "<!doctype html><title>x</title>",
		"app.js":                           "export {};",
		"main.wasm":                        "\x00asm\x01\x00\x00\x00",
		"mnist/train-labels-idx1-ubyte.gz": "\x1f\x8b...",
	}
	for name, body := range files {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
		os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644)
	}
	// A precompressed module, as make site writes it.
	f, _ := os.Create(filepath.Join(dir, "main.wasm.gz"))
	zw := gzip.NewWriter(f)
	zw.Write([]byte(files["main.wasm"]))
	zw.Close()
	f.Close()

	h := Handler(dir)
	tests := []struct {
		path, accept           string
		status                 int
		ctype, encoding, cache string
		body                   string
	}{
		{"/", "", 200, "text/html; charset=utf-8", "", "no-cache", files["index.html"]},
		{"/app.js", "gzip", 200, "text/javascript; charset=utf-8", "gzip", "no-cache", files["app.js"]},
		{"/main.wasm", "gzip, br", 200, "application/wasm", "gzip", "no-cache", files["main.wasm"]},
		{"/main.wasm", "", 200, "application/wasm", "", "no-cache", files["main.wasm"]},
		{"/main.wasm", "gzip;q=0", 200, "application/wasm", "", "no-cache", files["main.wasm"]},
		{"/app.js", "gzip;q=0, deflate", 200, "text/javascript; charset=utf-8", "", "no-cache", files["app.js"]},
		{"/app.js", "*;q=0.5", 200, "text/javascript; charset=utf-8", "gzip", "no-cache", files["app.js"]},
		{"/app.js", "*, gzip;q=0", 200, "text/javascript; charset=utf-8", "", "no-cache", files["app.js"]},
		{"/mnist/train-labels-idx1-ubyte.gz", "gzip", 200, "application/gzip", "", "public, max-age=31536000, immutable", files["mnist/train-labels-idx1-ubyte.gz"]},
		{"/missing.js", "", 404, "", "", "", ""},
		{"/../etc/passwd", "", 404, "", "", "", ""},
	}
	for _, tt := range tests {
		req := httptest.NewRequest(http.MethodGet, tt.path, nil)
		if tt.accept != "" {
			req.Header.Set("Accept-Encoding", tt.accept)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		res := rec.Result()
		if res.StatusCode != tt.status {
			t.Errorf("%s: status %d, want %d", tt.path, res.StatusCode, tt.status)
			continue
		}
		if tt.status != 200 {
			continue
		}
		if got := res.Header.Get("Content-Security-Policy"); !strings.Contains(got, "frame-ancestors 'none'") || res.Header.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: CSP %q", tt.path, got)
		}
		if got := res.Header.Get("Content-Type"); got != tt.ctype {
			t.Errorf("%s: Content-Type %q, want %q", tt.path, got, tt.ctype)
		}
		if got := res.Header.Get("Content-Encoding"); got != tt.encoding {
			t.Errorf("%s: Content-Encoding %q, want %q", tt.path, got, tt.encoding)
		}
		if got := res.Header.Get("Cache-Control"); got != tt.cache {
			t.Errorf("%s: Cache-Control %q, want %q", tt.path, got, tt.cache)
		}
		var body io.Reader = res.Body
		if tt.encoding == "gzip" {
			zr, err := gzip.NewReader(res.Body)
			if err != nil {
				t.Fatalf("%s: %v", tt.path, err)
			}
			body = zr
		}
		if b, _ := io.ReadAll(body); string(b) != tt.body {
			t.Errorf("%s: body %q, want %q", tt.path, b, tt.body)
		}
	}
	// Conditional requests get 304 on every path: plain, precompressed and
	// compressed on the fly.
	for _, c := range []struct{ path, accept string }{{"/main.wasm", ""}, {"/main.wasm", "gzip"}, {"/app.js", "gzip"}} {
		req := httptest.NewRequest(http.MethodGet, c.path, nil)
		req.Header.Set("Accept-Encoding", c.accept)
		req.Header.Set("If-Modified-Since", time.Now().Add(time.Hour).UTC().Format(http.TimeFormat))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusNotModified {
			t.Errorf("%s (%q) If-Modified-Since: status %d, want 304", c.path, c.accept, rec.Code)
		}
	}
	req := httptest.NewRequest(http.MethodPost, "/", nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d", rec.Code)
	}
}

// TestSlowClientsAreDropped opens connections that send a header byte
// every second: the server closes each once ReadHeaderTimeout has passed,
// instead of holding it for as long as the client trickles.
func TestSlowClientsAreDropped(t *testing.T) {
	if testing.Short() {
		t.Skip("takes ReadHeaderTimeout")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer("", Handler(t.TempDir()))
	go srv.Serve(ln)
	defer srv.Close()
	const conns = 50
	var wg sync.WaitGroup
	held := make([]time.Duration, conns)
	start := time.Now()
	for i := range conns {
		wg.Go(func() {
			c, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				t.Error(err)
				return
			}
			defer c.Close()
			req := "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: " + strings.Repeat("a", 30)
			for k := 0; k < len(req); k++ {
				if _, err := c.Write([]byte{req[k]}); err != nil {
					break
				}
				// Stop once the server has answered or closed.
				c.SetReadDeadline(time.Now().Add(time.Second))
				if _, err := c.Read(make([]byte, 1)); err == nil || !isTimeout(err) {
					break
				}
			}
			held[i] = time.Since(start)
		})
	}
	wg.Wait()
	for i, d := range held {
		if d > ReadHeaderTimeout+3*time.Second {
			t.Errorf("connection %d was held for %v (ReadHeaderTimeout %v)", i, d, ReadHeaderTimeout)
		}
	}
}

func isTimeout(err error) bool {
	ne, ok := err.(net.Error)
	return ok && ne.Timeout()
}

// TestHiddenFiles: the edge's _headers and dot-files are not served.
func TestHiddenFiles(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "_headers"), []byte("/*\n"), 0o644)
	os.WriteFile(filepath.Join(dir, ".env"), []byte("x"), 0o644)
	for _, p := range []string{"/_headers", "/.env"} {
		w := httptest.NewRecorder()
		Handler(dir).ServeHTTP(w, httptest.NewRequest("GET", p, nil))
		if w.Code != 404 {
			t.Errorf("%s: %d", p, w.Code)
		}
	}
}

// TestEdgeHeaders: the Worker's static assets send the same security
// headers as this server (web/_headers, which Workers reads).
func TestEdgeHeaders(t *testing.T) {
	b, err := os.ReadFile("../../../web/_headers")
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{"Content-Security-Policy: " + CSP, "X-Frame-Options: DENY", "X-Content-Type-Options: nosniff", "Referrer-Policy: no-referrer"} {
		if !strings.Contains(string(b), "\n  "+h+"\n") {
			t.Errorf("web/_headers lacks %q", h)
		}
	}
}
