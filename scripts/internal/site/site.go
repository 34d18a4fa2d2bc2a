package site

import (
	"compress/gzip"
	"io"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
)

var types = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".wasm": "application/wasm",
	".json": "application/json",
	".png":  "image/png",
	".gz":   "application/gzip",
	".snet": "application/octet-stream",
	".npz":  "application/octet-stream",
}

func init() {
	for ext, t := range types {
		mime.AddExtensionType(ext, t)
	}
}

// compressible are the types worth gzipping on the way out.
func compressible(ext string) bool {
	switch ext {
	case ".html", ".js", ".css", ".json", ".wasm":
		return true
	}
	return false
}

// Handler serves the files under dir.
func Handler(dir string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		p := path.Clean("/" + r.URL.Path)
		if strings.HasSuffix(p, "/") || p == "/" {
			p += "index.html"
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
		h := w.Header()
		if t, ok := types[ext]; ok {
			h.Set("Content-Type", t)
		}
		h.Set("X-Content-Type-Options", "nosniff")
		if strings.HasPrefix(p, "/mnist/") {
			h.Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			h.Set("Cache-Control", "no-cache")
		}
		gz := strings.Contains(r.Header.Get("Accept-Encoding"), "gzip")
		if gz && compressible(ext) {
			h.Add("Vary", "Accept-Encoding")
			if pre, err := os.Open(name + ".gz"); err == nil {
				defer pre.Close()
				h.Set("Content-Encoding", "gzip")
				http.ServeContent(w, r, "", st.ModTime(), pre)
				return
			}
			h.Set("Content-Encoding", "gzip")
			h.Del("Content-Length")
			if r.Method == http.MethodHead {
				return
			}
			zw, _ := gzip.NewWriterLevel(w, gzip.BestSpeed)
			io.Copy(zw, f)
			zw.Close()
			return
		}
		http.ServeContent(w, r, "", st.ModTime(), f)
	})
}
