package site

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
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
	req := httptest.NewRequest(http.MethodPost, "/", nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d", rec.Code)
	}
}
