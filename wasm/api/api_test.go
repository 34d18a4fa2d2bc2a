//go:build !js

package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"scratchnet/core"
	"scratchnet/core/mnistdir"
	"scratchnet/wasm/api"
	"scratchnet/wasm/api/apitest"
	"scratchnet/wasm/api/local"
)

// server starts the handler over SQLite in dir.
func server(t *testing.T, dir string, limit int) (*apitest.Client, func()) {
	t.Helper()
	db, blobs, err := local.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	h := api.New(api.Config{DB: db, Blobs: blobs, TestSet: local.TestSet(mnistdir.ForTest(t)),
		PostLimit: limit, Logf: t.Logf, TrustedProxies: loopback})
	srv := httptest.NewServer(h)
	return &apitest.Client{Base: srv.URL}, func() { srv.Close(); db.Close() }
}

// TestAPI runs the conformance suite against the handler natively.
func TestAPI(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a net and serves 150 requests")
	}
	c, stop := server(t, t.TempDir(), 150)
	defer stop()
	apitest.Run(t, c, apitest.Options{Limit: 150, ClientHeader: "X-Forwarded-For"})
}

// loopback is where the tests' proxy is: the suite poses as other clients
// through X-Forwarded-For.
var loopback = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}

// TestClassroom: thirty readers behind one school's address each share
// and publish (three POSTs: Share, then Publish's upload and publication)
// within ten minutes, under the default limit: all succeed. Behind a
// trusted proxy, each reader's own address counts; X-Forwarded-For from
// anyone else is not believed.
func TestClassroom(t *testing.T) {
	if testing.Short() {
		t.Skip("measures 30 publications")
	}
	dir := t.TempDir()
	db, blobs, err := local.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	srv := httptest.NewServer(api.New(api.Config{DB: db, Blobs: blobs, TestSet: local.TestSet(mnistdir.ForTest(t)), Logf: t.Logf}))
	defer srv.Close()
	c := &apitest.Client{Base: srv.URL}
	for i := range 30 {
		model := apitest.RandomModel(uint64(100+i), 8, core.OptSGD)
		s, a := c.Upload(t, model)
		if a.Status != 201 {
			t.Fatalf("reader %d shares: %d %s", i, a.Status, a.Body)
		}
		if _, a := c.Upload(t, model); a.Status != 200 {
			t.Fatalf("reader %d's publish uploads: %d %s", i, a.Status, a.Body)
		}
		if _, a := c.Publish(t, s.ID, fmt.Sprintf("reader %d", i)); a.Status != 201 {
			t.Fatalf("reader %d publishes: %d %s", i, a.Status, a.Body)
		}
	}
	// Without a trusted proxy, X-Forwarded-For is anyone's to write: it
	// does not buy a new allowance.
	db2, blobs2, err := local.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	tight := httptest.NewServer(api.New(api.Config{DB: db2, Blobs: blobs2, PostLimit: 2, Logf: t.Logf}))
	defer tight.Close()
	tc := &apitest.Client{Base: tight.URL}
	model := apitest.RandomModel(1, 8, core.OptSGD)
	for i := range 3 {
		a := tc.Do(t, "POST", "/api/models", "application/octet-stream", model, "X-Forwarded-For", fmt.Sprintf("198.51.100.%d", i))
		if want := map[bool]int{true: 429, false: 200}[i == 2]; a.Status != want && !(i == 0 && a.Status == 201) {
			t.Errorf("POST %d with a forged X-Forwarded-For: %d, want %d", i, a.Status, want)
		}
	}
}

// TestRestart: what was acknowledged before the database was closed is
// there when it is opened again, and the migrations are not applied twice.
func TestRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a net")
	}
	d := apitest.Load(t)
	dir := t.TempDir()
	c, stop := server(t, dir, 100)
	s, _ := c.Upload(t, d.Model)
	e, a := c.Publish(t, s.ID, "before the restart")
	if a.Status != 201 {
		t.Fatalf("publish: %d %s", a.Status, a.Body)
	}
	stop()
	c, stop = server(t, dir, 100)
	defer stop()
	got := c.Do(t, "GET", "/api/models/"+s.ID, "", nil)
	b := c.Board(t, "")
	if got.Status != 200 || len(b.Runs) != 1 || b.Runs[0].Correct != e.Correct {
		t.Fatalf("after the restart: model %d, board %+v", got.Status, b)
	}
}

// TestPaging: more entries than a page are split best first, and the
// last page says there is no next.
func TestPaging(t *testing.T) {
	if testing.Short() {
		t.Skip("measures 25 nets")
	}
	c, stop := server(t, t.TempDir(), 100)
	defer stop()
	n := api.PageSize + 5
	for i := range n {
		s, _ := c.Upload(t, apitest.RandomModel(uint64(300+i), 3, "sgd"))
		if _, a := c.Publish(t, s.ID, "net"); a.Status != 201 {
			t.Fatalf("publish %d: %d %s", i, a.Status, a.Body)
		}
	}
	p1, p2 := c.Board(t, ""), c.Board(t, "?page=2")
	if len(p1.Runs) != api.PageSize || !p1.Next || len(p2.Runs) != 5 || p2.Next {
		t.Fatalf("pages of %d (next %v) and %d (next %v)", len(p1.Runs), p1.Next, len(p2.Runs), p2.Next)
	}
	if p1.Runs[api.PageSize-1].Correct < p2.Runs[0].Correct {
		t.Error("page 2 has a better run than page 1")
	}
}

// TestRateLimitWindow: the limit counts POSTs in the window only.
func TestRateLimitWindow(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	db, blobs, err := local.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	h := api.New(api.Config{DB: db, Blobs: blobs, PostLimit: 2, Window: time.Minute, Now: func() time.Time { return now }})
	srv := httptest.NewServer(h)
	defer srv.Close()
	c := &apitest.Client{Base: srv.URL}
	model := apitest.RandomModel(5, 3, "sgd")
	status := func() int { return c.Do(t, "POST", "/api/models", "application/octet-stream", model).Status }
	if a, b, c := status(), status(), status(); a != 201 || b != 200 || c != 429 {
		t.Fatalf("three POSTs: %d %d %d", a, b, c)
	}
	now = now.Add(61 * time.Second)
	if s := status(); s != 200 {
		t.Errorf("after the window: %d", s)
	}
}

// FuzzAPI sends arbitrary requests: whatever the method, path, query,
// content type and body, the API answers without a 500, and every error
// is JSON {message, key}.
func FuzzAPI(f *testing.F) {
	model := apitest.RandomModel(1, 3, "sgd")
	f.Add("POST", "/api/models", "application/octet-stream", model)
	f.Add("POST", "/api/board", "application/json", []byte(`{"model":"`+strings.Repeat("ab", 32)+`","name":"x"}`))
	f.Add("GET", "/api/board?hidden=50&activation=relu&page=2", "", []byte(nil))
	f.Add("GET", "/api/models/..%2f..%2fx", "", []byte(nil))
	f.Add("POST", "/api/board", "application/json; charset=utf-8", []byte(`{"model":1}`))
	f.Add("PATCH", "/api/models/"+strings.Repeat("0", 64), "text/plain", []byte("x"))
	db, blobs, err := local.Open(context.Background(), f.TempDir())
	if err != nil {
		f.Fatal(err)
	}
	defer db.Close()
	h := api.New(api.Config{DB: db, Blobs: blobs, PostLimit: 1 << 30, Logf: f.Logf,
		TestSet: func(context.Context) (*core.Dataset, error) { return nil, errors.New("no test set in the fuzzer") }})
	f.Fuzz(func(t *testing.T, method, target, ctype string, body []byte) {
		if !strings.HasPrefix(target, "/") {
			target = "/" + target
		}
		u, err := url.ParseRequestURI(target)
		if err != nil || !validMethod(method) {
			return
		}
		req := httptest.NewRequest("GET", "/", bytes.NewReader(body))
		req.Method, req.URL, req.RequestURI = method, u, target
		req.Header.Set("Content-Type", ctype)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code == 500 && !strings.Contains(w.Body.String(), "api.internal") {
			t.Fatalf("%s %s: 500 %s", method, target, w.Body)
		}
		if w.Code >= 400 {
			var e struct{ Message, Key string }
			if json.Unmarshal(w.Body.Bytes(), &e) != nil || e.Message == "" || e.Key == "" {
				t.Fatalf("%s %s: %d %q", method, target, w.Code, w.Body)
			}
		}
	})
}

func validMethod(m string) bool {
	if m == "" {
		return false
	}
	for _, r := range m {
		if r < '!' || r > '~' || strings.ContainsRune(`()<>@,;:\"/[]?={}`, r) {
			return false
		}
	}
	return true
}

// BenchmarkPublish: one upload and one publication (the verification on
// 10,000 images) of a 784-50-10 net, through HTTP to SQLite.
func BenchmarkPublish(b *testing.B) {
	db, blobs, err := local.Open(context.Background(), b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	srv := httptest.NewServer(api.New(api.Config{DB: db, Blobs: blobs, TestSet: local.TestSet(mnistdir.ForTest(b)), PostLimit: 1 << 30}))
	defer srv.Close()
	c := &apitest.Client{Base: srv.URL}
	model := apitest.RandomModel(1, 50, "sgd")
	i := 0
	for b.Loop() {
		i++
		m := bytes.Clone(model)
		m[len(m)-8] ^= byte(i) // the low mantissa of b2's last weight: another id
		m[len(m)-7] ^= byte(i >> 8)
		s, a := c.Upload(b, m)
		if a.Status != 201 {
			b.Fatalf("upload: %d %s", a.Status, a.Body)
		}
		if _, a := c.Publish(b, s.ID, "bench"); a.Status != 201 {
			b.Fatalf("publish: %d %s", a.Status, a.Body)
		}
	}
}
