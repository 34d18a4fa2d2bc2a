package site

import (
	"compress/gzip"
	"io"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

var types = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".wasm": "application/wasm",
	".json": "application/json",
	".png":  "image/png",
	".svg":  "image/svg+xml",
	".gz":   "application/gzip",
	".snet": "application/octet-stream",
	".npz":  "application/octet-stream",
}

func init() {
	for ext, t := range types {
		mime.AddExtensionType(ext, t)
	}
}

// CSP is the Content-Security-Policy of every response: the page, its
// worker and the module load only from this origin (WebAssembly needs
// 'wasm-unsafe-eval'), fetch only from it, and no other site may frame it.
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; " +
	"img-src 'self' blob:; style-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; " +
	"form-action 'none'; frame-ancestors 'none'"

// compressible are the types worth gzipping on the way out.
func compressible(ext string) bool {
	switch ext {
	case ".html", ".js", ".css", ".json", ".wasm", ".svg":
		return true
	}
	return false
}

// acceptsGzip reports whether an Accept-Encoding header allows gzip: named
// (or *) with a q-value above 0.
func acceptsGzip(header string) bool {
	ok := false
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name != "gzip" && name != "*" {
			continue
		}
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			if k, v, found := strings.Cut(strings.TrimSpace(p), "="); found && strings.TrimSpace(k) == "q" {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					q = f
				} else {
					q = 0
				}
			}
		}
		if name == "gzip" {
			return q > 0 // an explicit gzip entry decides
		}
		ok = q > 0
	}
	return ok
}

// Handler serves the files under dir.
func Handler(dir string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", CSP)
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		p := path.Clean("/" + r.URL.Path)
		if strings.HasSuffix(p, "/") || p == "/" {
			p += "index.html"
		}
		if b := path.Base(p); strings.HasPrefix(b, "_") || strings.HasPrefix(b, ".") {
			// _headers is the edge's configuration, not a page file.
			http.NotFound(w, r)
			return
		}
		name := filepath.Join(dir, filepath.FromSlash(p))
		f, err := os.Open(name)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil || st.IsDir() {
			http.NotFound(w, r)
			return
		}
		ext := path.Ext(p)
		if t, ok := types[ext]; ok {
			h.Set("Content-Type", t)
		}
		if strings.HasPrefix(p, "/mnist/") {
			h.Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			h.Set("Cache-Control", "no-cache")
		}
		if !compressible(ext) {
			http.ServeContent(w, r, "", st.ModTime(), f)
			return
		}
		h.Add("Vary", "Accept-Encoding")
		if !acceptsGzip(r.Header.Get("Accept-Encoding")) {
			http.ServeContent(w, r, "", st.ModTime(), f)
			return
		}
		if pre, err := os.Open(name + ".gz"); err == nil {
			defer pre.Close()
			h.Set("Content-Encoding", "gzip")
			http.ServeContent(w, r, "", st.ModTime(), pre)
			return
		}
		// Compressed on the fly: answer conditional requests first, as
		// ServeContent would.
		if ims, err := http.ParseTime(r.Header.Get("If-Modified-Since")); err == nil && !st.ModTime().Truncate(time.Second).After(ims) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		h.Set("Last-Modified", st.ModTime().UTC().Format(http.TimeFormat))
		h.Set("Content-Encoding", "gzip")
		h.Del("Content-Length")
		if r.Method == http.MethodHead {
			return
		}
		zw, _ := gzip.NewWriterLevel(w, gzip.BestSpeed)
		io.Copy(zw, f)
		zw.Close()
	})
}

// WithAPI sends /api/ and everything under it to api (with the same
// security headers as the files), the rest to files. It dispatches on the
// raw path, so the API sees ids as sent ("%2f" and all).
func WithAPI(files, api http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p := r.URL.EscapedPath(); p == "/api" || strings.HasPrefix(p, "/api/") {
			h := w.Header()
			h.Set("Content-Security-Policy", CSP)
			h.Set("X-Frame-Options", "DENY")
			h.Set("Referrer-Policy", "no-referrer")
			api.ServeHTTP(w, r)
			return
		}
		files.ServeHTTP(w, r)
	})
}

// Server limits, so slow or hostile clients cannot hold connections: a
// request's headers must arrive within ReadHeaderTimeout and fit in
// MaxHeaderBytes; a response (MNIST's largest file is 9.9 MB) must be
// written within WriteTimeout; idle keep-alive connections close after
// IdleTimeout.
const (
	ReadHeaderTimeout = 5 * time.Second
	ReadTimeout       = 10 * time.Second
	WriteTimeout      = 2 * time.Minute
	IdleTimeout       = time.Minute
	MaxHeaderBytes    = 16 << 10
)

// NewServer returns a server for h with the limits above.
func NewServer(addr string, h http.Handler) *http.Server {
	return &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: ReadHeaderTimeout, ReadTimeout: ReadTimeout,
		WriteTimeout: WriteTimeout, IdleTimeout: IdleTimeout, MaxHeaderBytes: MaxHeaderBytes}
}
