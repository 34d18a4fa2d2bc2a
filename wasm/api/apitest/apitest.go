// Package apitest is the API's conformance suite, run against any server
// of it: the handler natively (httptest and SQLite), `make serve`'s binary
// and the real Worker under `wrangler dev`. It speaks HTTP only, and checks
// what a reader (or an attacker) would see.
package apitest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"scratchnet/core"
	"scratchnet/core/mnistdir"
	"scratchnet/wasm/api"
)

// Data is MNIST and a net trained on it for a few hundred iterations, the
// reference the server's figures are checked against.
type Data struct {
	Test  *core.Dataset
	Net   *core.TwoLayerNet
	Cfg   core.Config
	Model []byte // Net as a shared file (weights alone)
}

var (
	dataOnce sync.Once
	data     *Data
	dataErr  error
)

// Load loads MNIST and trains the reference net, once per process.
func Load(t testing.TB) *Data {
	t.Helper()
	dir := mnistdir.ForTest(t)
	dataOnce.Do(func() {
		train, test, err := core.LoadMNIST(dir)
		if err != nil {
			dataErr = err
			return
		}
		cfg := core.BookConfig()
		cfg.Iterations, cfg.LearningRate = 300, 0.5
		tr, err := core.NewTrainer(cfg, train, test)
		if err != nil {
			dataErr = err
			return
		}
		if err := tr.Run(300); err != nil {
			dataErr = err
			return
		}
		data = &Data{Test: test, Net: tr.Net, Cfg: cfg,
			Model: core.EncodeModel(tr.Net, core.ModelHeader{Config: cfg, Iterations: 300}, nil)}
	})
	if dataErr != nil {
		t.Fatal(dataErr)
	}
	return data
}

// RandomModel is a 784-hidden-10 net from seed, untrained, as a file:
// distinct seeds give distinct files (and ids).
func RandomModel(seed uint64, hidden int, opt core.OptimizerKind) []byte {
	cfg := core.BookConfig()
	cfg.Hidden, cfg.Optimizer = hidden, opt
	net := core.NewTwoLayerNet(784, hidden, 10, 0.01, rand.New(rand.NewPCG(seed, 8)))
	return core.EncodeModel(net, core.ModelHeader{Config: cfg}, nil)
}

// Client talks to one server.
type Client struct {
	Base string // http://127.0.0.1:port
	HTTP *http.Client
}

// Answer is a response read whole.
type Answer struct {
	Status int
	Header http.Header
	Body   []byte
}

// Do sends one request; header pairs are name, value.
func (c *Client) Do(t testing.TB, method, path, contentType string, body []byte, header ...string) Answer {
	t.Helper()
	a, err := c.Try(method, path, contentType, body, header...)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return a
}

// Try is Do returning the error.
func (c *Client) Try(method, path, contentType string, body []byte, header ...string) (Answer, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, c.Base+path, rd)
	if err != nil {
		return Answer{}, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		if strings.EqualFold(header[i], "Host") {
			req.Host = header[i+1]
			continue
		}
		req.Header.Set(header[i], header[i+1])
	}
	hc := c.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: 2 * time.Minute}
	}
	res, err := hc.Do(req)
	if err != nil {
		return Answer{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return Answer{res.StatusCode, res.Header, b}, err
}

// Upload posts a model file.
func (c *Client) Upload(t testing.TB, model []byte) (api.Stored, Answer) {
	t.Helper()
	a := c.Do(t, "POST", "/api/models", "application/octet-stream", model)
	var s api.Stored
	if a.Status == 200 || a.Status == 201 {
		if err := json.Unmarshal(a.Body, &s); err != nil {
			t.Fatalf("upload answer %s: %v", a.Body, err)
		}
	}
	return s, a
}

// Publish posts a board entry.
func (c *Client) Publish(t testing.TB, id, name string) (api.Entry, Answer) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"model": id, "name": name})
	a := c.Do(t, "POST", "/api/board", "application/json", body)
	var e api.Entry
	if a.Status == 200 || a.Status == 201 {
		if err := json.Unmarshal(a.Body, &e); err != nil {
			t.Fatalf("publish answer %s: %v", a.Body, err)
		}
	}
	return e, a
}

// Board gets a board page.
func (c *Client) Board(t testing.TB, query string) api.Board {
	t.Helper()
	a := c.Do(t, "GET", "/api/board"+query, "", nil)
	var b api.Board
	if a.Status != 200 || json.Unmarshal(a.Body, &b) != nil {
		t.Fatalf("GET /api/board%s: %d %s", query, a.Status, a.Body)
	}
	return b
}

// WantError checks an error answer: its status and a JSON message.
func WantError(t testing.TB, what string, a Answer, status int) {
	t.Helper()
	var e struct {
		Message string `json:"message"`
		Key     string `json:"key"`
	}
	if a.Status != status {
		t.Errorf("%s: status %d, want %d (%s)", what, a.Status, status, a.Body)
		return
	}
	if !strings.HasPrefix(a.Header.Get("Content-Type"), "application/json") || json.Unmarshal(a.Body, &e) != nil || e.Message == "" || e.Key == "" {
		t.Errorf("%s: not a JSON {message, key}: %s %q", what, a.Header.Get("Content-Type"), a.Body)
	}
}

// Options describe the server under test.
type Options struct {
	// Limit is the server's POSTs per client in its window; the suite's
	// own POSTs stay under it until the rate-limit check.
	Limit int
	// ClientHeader, if set, is the header through which the suite poses
	// as other clients (X-Forwarded-For through a trusted proxy,
	// CF-Connecting-IP at the edge): the rate limit is then checked for
	// IPv6 clients that change their address within their /64.
	ClientHeader string
}

// Run runs the whole suite against c. It publishes and uploads, so run it
// on an empty database; the rate-limit check comes last.
func Run(t *testing.T, c *Client, o Options) {
	d := Load(t)
	t.Run("RoundTrip", func(t *testing.T) { RoundTrip(t, c, d) })
	t.Run("BadInput", func(t *testing.T) { BadInput(t, c) })
	t.Run("Names", func(t *testing.T) { Names(t, c) })
	t.Run("Parallel", func(t *testing.T) { Parallel(t, c, 100) })
	t.Run("Filters", func(t *testing.T) { Filters(t, c) })
	t.Run("Methods", func(t *testing.T) { Methods(t, c) })
	t.Run("Origins", func(t *testing.T) { Origins(t, c) })
	t.Run("RateLimit", func(t *testing.T) { RateLimit(t, c, o) })
}

// Methods: every route with every method, HEAD and OPTIONS included, and
// conditional requests, answer as HTTP says and never with a 500: the
// same statuses and headers on every host.
func Methods(t *testing.T, c *Client) {
	s, _ := c.Upload(t, RandomModel(5, 10, core.OptSGD))
	model := "/api/models/" + s.ID
	get := c.Do(t, "GET", model, "", nil)
	routes := []struct {
		path  string
		allow string // the methods it answers
	}{{"/api/models", "POST"}, {model, "GET, HEAD"}, {"/api/board", "GET, HEAD, POST"}}
	for _, r := range routes {
		for _, m := range []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} {
			if strings.Contains(r.allow, m) {
				continue
			}
			a := c.Do(t, m, r.path, "", nil)
			if a.Status != 405 || a.Header.Get("Allow") != r.allow {
				t.Errorf("%s %s: %d, Allow %q; want 405 allowing %q", m, r.path, a.Status, a.Header.Get("Allow"), r.allow)
			}
			if m != "HEAD" {
				WantError(t, m+" "+r.path, a, 405)
			}
		}
	}
	for _, m := range []string{"GET", "HEAD", "POST", "OPTIONS"} {
		if a := c.Do(t, m, "/api/nothing", "", nil); a.Status != 404 {
			t.Errorf("%s /api/nothing: %d", m, a.Status)
		}
	}
	head := c.Do(t, "HEAD", model, "", nil)
	if head.Status != 200 || len(head.Body) != 0 {
		t.Errorf("HEAD %s: %d, %d bytes", model, head.Status, len(head.Body))
	}
	for _, h := range []string{"Content-Type", "Content-Length", "ETag", "Cache-Control"} {
		if head.Header.Get(h) != get.Header.Get(h) {
			t.Errorf("HEAD's %s %q, GET's %q", h, head.Header.Get(h), get.Header.Get(h))
		}
	}
	if head.Header.Get("Content-Length") != strconv.Itoa(len(get.Body)) {
		t.Errorf("HEAD's Content-Length %q for %d bytes", head.Header.Get("Content-Length"), len(get.Body))
	}
	etag := get.Header.Get("ETag")
	for _, m := range []string{"GET", "HEAD"} {
		if a := c.Do(t, m, model, "", nil, "If-None-Match", etag); a.Status != 304 || len(a.Body) != 0 || a.Header.Get("ETag") != etag {
			t.Errorf("%s with If-None-Match: %d, %d bytes, ETag %q", m, a.Status, len(a.Body), a.Header.Get("ETag"))
		}
		if a := c.Do(t, m, model, "", nil, "If-None-Match", `"another"`); a.Status != 200 {
			t.Errorf("%s with another ETag: %d", m, a.Status)
		}
	}
	if b := c.Do(t, "HEAD", "/api/board", "", nil); b.Status != 200 || len(b.Body) != 0 || !strings.HasPrefix(b.Header.Get("Content-Type"), "application/json") {
		t.Errorf("HEAD /api/board: %d, %d bytes, %q", b.Status, len(b.Body), b.Header.Get("Content-Type"))
	}
}

// Origins: a browser's same-origin POST passes even where a proxy has
// rewritten Host (nginx's default proxy_set_header Host $proxy_host);
// another site's is refused.
func Origins(t *testing.T, c *Client) {
	model := RandomModel(6, 10, core.OptSGD)
	same := c.Do(t, "POST", "/api/models", "application/octet-stream", model,
		"Sec-Fetch-Site", "same-origin", "Origin", "https://your.site", "Host", "127.0.0.1:8080")
	if same.Status != 201 && same.Status != 200 {
		t.Errorf("a same-origin POST through a proxy that rewrote Host: %d %s", same.Status, same.Body)
	}
	for _, h := range [][]string{
		{"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"},
		{"Sec-Fetch-Site", "same-site", "Origin", "https://sub.your.site"},
		{"Origin", "https://evil.example"},
	} {
		a := c.Do(t, "POST", "/api/models", "application/octet-stream", model, h...)
		WantError(t, "a POST from "+strings.Join(h, " "), a, 403)
	}
}

// RoundTrip: upload, the same bytes back (cached as immutable), the same
// model stored once, published with the accuracy core computes for those
// weights, and on the board.
func RoundTrip(t *testing.T, c *Client, d *Data) {
	s, a := c.Upload(t, d.Model)
	if a.Status != 201 || len(s.ID) != 64 || s.Link != "/?model="+s.ID || s.Size != len(d.Model) {
		t.Fatalf("upload: %d %s", a.Status, a.Body)
	}
	again, a2 := c.Upload(t, d.Model)
	if a2.Status != 200 || again.ID != s.ID {
		t.Errorf("the same model again: %d %s", a2.Status, a2.Body)
	}
	got := c.Do(t, "GET", "/api/models/"+s.ID, "", nil)
	if got.Status != 200 || !bytes.Equal(got.Body, d.Model) {
		t.Fatalf("GET the model: %d, %d bytes, equal %v", got.Status, len(got.Body), bytes.Equal(got.Body, d.Model))
	}
	if cc := got.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") || !strings.Contains(cc, "max-age=31536000") {
		t.Errorf("Cache-Control %q", cc)
	}
	if etag := got.Header.Get("ETag"); etag != `"`+s.ID+`"` {
		t.Errorf("ETag %q", etag)
	} else if again := c.Do(t, "GET", "/api/models/"+s.ID, "", nil, "If-None-Match", etag); again.Status != 304 || len(again.Body) != 0 {
		t.Errorf("If-None-Match: %d, %d bytes", again.Status, len(again.Body))
	}
	want := d.Net.Accuracy(d.Test)
	e, pa := c.Publish(t, s.ID, "chapter 4, 300 steps")
	if pa.Status != 201 {
		t.Fatalf("publish: %d %s", pa.Status, pa.Body)
	}
	if e.Total != 10000 || e.Accuracy != want || e.Correct != int(want*10000+0.5) {
		t.Errorf("the server measured %d/%d = %v, core %v", e.Correct, e.Total, e.Accuracy, want)
	}
	if e.Activation != "sigmoid" || e.Hidden != 50 || e.Optimizer != "sgd" || e.TrainSize != 60000 || e.Iterations != 300 {
		t.Errorf("settings recorded: %+v", e)
	}
	var cfg core.Config
	if err := core.DecodeJSONStrict(e.Settings, &cfg); err != nil || cfg != d.Cfg {
		t.Errorf("settings %s: %v", e.Settings, err)
	}
	if _, pa2 := c.Publish(t, s.ID, "another name"); pa2.Status != 200 {
		t.Errorf("publishing twice: %d %s", pa2.Status, pa2.Body)
	}
	b := c.Board(t, "")
	if len(b.Runs) == 0 || b.Runs[0].Model != s.ID || b.Runs[0].Accuracy != want || b.Runs[0].Name != "chapter 4, 300 steps" {
		t.Errorf("board: %+v", b)
	}
}

// BadInput: oversized, malformed and misdeclared bodies, wrong methods,
// unknown and malformed ids (with ../ and %2f), other origins and bad
// queries get JSON errors with the right status, and store nothing.
func BadInput(t *testing.T, c *Client) {
	good := RandomModel(1, 10, core.OptSGD)
	big := RandomModel(2, 400, core.OptSGD) // 784·400·8 bytes: over 1 MB
	if len(big) <= api.MaxModelBytes {
		t.Fatalf("the big model is only %d bytes", len(big))
	}
	truncated := good[:len(good)-3]
	nan := bytes.Clone(good)
	copy(nan[len(nan)-8:], []byte{0, 0, 0, 0, 0, 0, 0xf8, 0x7f})
	lying := bytes.Clone(good)
	lying[8], lying[9], lying[10], lying[11] = 0xff, 0xff, 0xff, 0x7f // header length
	unknown := strings.Repeat("ab", 32)
	cases := []struct {
		what, method, path, ctype string
		body                      []byte
		header                    []string
		status                    int
	}{
		{"oversized", "POST", "/api/models", "application/octet-stream", big, nil, 413},
		{"one byte over the limit", "POST", "/api/models", "application/octet-stream", make([]byte, api.MaxModelBytes+1), nil, 413},
		{"truncated", "POST", "/api/models", "application/octet-stream", truncated, nil, 400},
		{"a NaN weight", "POST", "/api/models", "application/octet-stream", nan, nil, 400},
		{"a header that lies about its size", "POST", "/api/models", "application/octet-stream", lying, nil, 400},
		{"not a model", "POST", "/api/models", "application/octet-stream", []byte("<html>hello</html>"), nil, 400},
		{"empty", "POST", "/api/models", "application/octet-stream", []byte{}, nil, 400},
		{"a model as text", "POST", "/api/models", "text/plain", good, nil, 415},
		{"no content type", "POST", "/api/models", "", good, nil, 415},
		{"another origin", "POST", "/api/models", "application/octet-stream", good, []string{"Origin", "https://evil.example"}, 403},
		{"a cross-site fetch", "POST", "/api/models", "application/octet-stream", good, []string{"Sec-Fetch-Site", "cross-site"}, 403},
		{"PUT a model", "PUT", "/api/models", "application/octet-stream", good, nil, 405},
		{"GET the models", "GET", "/api/models", "", nil, nil, 405},
		{"DELETE a model", "DELETE", "/api/models/" + unknown, "", nil, nil, 405},
		{"DELETE the board", "DELETE", "/api/board", "", nil, nil, 405},
		{"an unknown id", "GET", "/api/models/" + unknown, "", nil, nil, 404},
		{"an upper-case id", "GET", "/api/models/" + strings.ToUpper(unknown), "", nil, nil, 400},
		{"a short id", "GET", "/api/models/abc", "", nil, nil, 400},
		{"an id with %2f", "GET", "/api/models/..%2f..%2fwrangler.toml", "", nil, nil, 400},
		{"an id with %2F", "GET", "/api/models/" + unknown[:60] + "%2F..", "", nil, nil, 400},
		{"an id with ../", "GET", "/api/models/../../etc/passwd", "", nil, nil, 400},
		{"an id with ..%5c", "GET", "/api/models/..%5c..%5cscratchnet.db", "", nil, nil, 400},
		{"no such route", "GET", "/api/nothing", "", nil, nil, 404},
		{"publish as text", "POST", "/api/board", "text/plain", []byte(`{"model":"` + unknown + `","name":"x"}`), nil, 415},
		{"publish an unknown model", "POST", "/api/board", "application/json", []byte(`{"model":"` + unknown + `","name":"x"}`), nil, 404},
		{"publish a bad id", "POST", "/api/board", "application/json", []byte(`{"model":"../x","name":"x"}`), nil, 400},
		{"publish with a claimed accuracy", "POST", "/api/board", "application/json", []byte(`{"model":"` + unknown + `","name":"x","accuracy":1}`), nil, 400},
		{"publish with a key twice", "POST", "/api/board", "application/json", []byte(`{"model":"` + unknown + `","name":"x","name":"y"}`), nil, 400},
		{"publish broken JSON", "POST", "/api/board", "application/json", []byte(`{"model":`), nil, 400},
		{"publish a huge body", "POST", "/api/board", "application/json", bytes.Repeat([]byte(" "), 8<<10), nil, 413},
		{"a board filter that is no number", "GET", "/api/board?hidden=50;DROP%20TABLE%20board", "", nil, nil, 400},
		{"an unknown activation", "GET", "/api/board?activation=tanh", "", nil, nil, 400},
		{"an unknown filter", "GET", "/api/board?sort=name", "", nil, nil, 400},
		{"page 0", "GET", "/api/board?page=0", "", nil, nil, 400},
		{"a filter twice", "GET", "/api/board?hidden=50&hidden=100", "", nil, nil, 400},
	}
	for _, tc := range cases {
		a := c.Do(t, tc.method, tc.path, tc.ctype, tc.body, tc.header...)
		if strings.Contains(tc.path, "/../") && a.Status == 404 {
			// The runtime may resolve ../ itself: then it is no API
			// route, and the static assets' 404 answers. Either way,
			// no file.
			continue
		}
		WantError(t, tc.what, a, tc.status)
	}
	// Nothing above was stored.
	s, a := c.Upload(t, good)
	if a.Status != 201 {
		t.Errorf("the good model after the refused ones: %d %s (%+v)", a.Status, a.Body, s)
	}
}

// Names: a name with SQL metacharacters or HTML is stored as it is and
// comes back as JSON text (< and > escaped), a long or empty or control
// name is refused, and the board is intact afterwards.
func Names(t *testing.T, c *Client) {
	names := []string{
		`Robert'); DROP TABLE board;--`,
		`<script>alert("x")</script>`,
		`" OR 1=1 --`,
		`밑바닥부터 시작하는 딥러닝 🧠`,
		strings.Repeat("가", api.MaxNameRunes),
	}
	for i, name := range names {
		s, a := c.Upload(t, RandomModel(uint64(100+i), 10, core.OptSGD))
		if a.Status != 201 {
			t.Fatalf("upload: %d %s", a.Status, a.Body)
		}
		e, pa := c.Publish(t, s.ID, "  "+name+" ")
		if pa.Status != 201 || e.Name != name {
			t.Errorf("name %q: %d %s", name, pa.Status, pa.Body)
		}
		if bytes.Contains(pa.Body, []byte("<script")) {
			t.Errorf("the answer holds raw HTML: %s", pa.Body)
		}
	}
	s, _ := c.Upload(t, RandomModel(99, 10, core.OptSGD))
	for _, bad := range []string{"", "   ", strings.Repeat("a", api.MaxNameRunes+1), "a\x00b", "line\nbreak", "bidi\u202eevil"} {
		_, a := c.Publish(t, s.ID, bad)
		WantError(t, fmt.Sprintf("name %q", bad), a, 400)
	}
	b := c.Board(t, "?hidden=10")
	found := 0
	for _, e := range b.Runs {
		for _, n := range names {
			if e.Name == n {
				found++
			}
		}
	}
	if found != len(names) {
		t.Errorf("the board has %d of the %d names: %+v", found, len(names), b.Runs)
	}
}

// Parallel: n uploads at once are all acknowledged and all retrievable,
// byte for byte.
func Parallel(t *testing.T, c *Client, n int) {
	models := make([][]byte, n)
	for i := range models {
		models[i] = RandomModel(uint64(1000+i), 5, core.OptSGD)
	}
	ids := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			a, err := c.Try("POST", "/api/models", "application/octet-stream", models[i])
			if err == nil && a.Status != 201 {
				err = fmt.Errorf("status %d: %s", a.Status, a.Body)
			}
			var s api.Stored
			if err == nil {
				err = json.Unmarshal(a.Body, &s)
			}
			ids[i], errs[i] = s.ID, err
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("upload %d: %v", i, err)
		}
	}
	for i, id := range ids {
		a := c.Do(t, "GET", "/api/models/"+id, "", nil)
		if a.Status != 200 || !bytes.Equal(a.Body, models[i]) {
			t.Errorf("model %d (%s): %d, %d bytes", i, id, a.Status, len(a.Body))
		}
	}
}

// Filters: the board filters by activation, hidden size, optimizer and
// training-set size, best first.
func Filters(t *testing.T, c *Client) {
	for i, opt := range []core.OptimizerKind{core.OptAdam, core.OptMomentum} {
		s, _ := c.Upload(t, RandomModel(uint64(200+i), 7, opt))
		if _, a := c.Publish(t, s.ID, string(opt)); a.Status != 201 {
			t.Fatalf("publish: %d %s", a.Status, a.Body)
		}
	}
	b := c.Board(t, "?optimizer=adam&hidden=7&activation=sigmoid&trainSize=60000")
	if len(b.Runs) != 1 || b.Runs[0].Name != "adam" || b.Runs[0].Optimizer != "adam" || b.Page != 1 || b.Next {
		t.Errorf("adam, hidden 7: %+v", b)
	}
	if b := c.Board(t, "?activation=relu"); len(b.Runs) != 0 {
		t.Errorf("relu: %+v", b.Runs)
	}
	all := c.Board(t, "")
	for i := 1; i < len(all.Runs); i++ {
		if all.Runs[i].Correct > all.Runs[i-1].Correct {
			t.Errorf("not best first: %d then %d", all.Runs[i-1].Correct, all.Runs[i].Correct)
		}
	}
	if p := c.Board(t, "?page=9"); len(p.Runs) != 0 || p.Page != 9 || p.Next {
		t.Errorf("page 9: %+v", p)
	}
}

// RateLimit: POSTs beyond the limit are refused with 429, Retry-After and
// a message, while GETs still answer. With a ClientHeader, the POSTs come
// from ever new addresses of one IPv6 /64 (one subscriber's), which share
// one allowance; another /64 and an IPv4 client still have theirs.
func RateLimit(t *testing.T, c *Client, o Options) {
	model := RandomModel(1, 10, core.OptSGD) // stored already: a quick 200
	from := func(i int) []string {
		if o.ClientHeader == "" {
			return nil
		}
		return []string{o.ClientHeader, fmt.Sprintf("2001:db8:5:7:%x::%x", i%7, i+1)}
	}
	for i := 0; i <= o.Limit; i++ {
		a := c.Do(t, "POST", "/api/models", "application/octet-stream", model, from(i)...)
		if a.Status == 429 {
			if i != o.Limit {
				t.Errorf("429 after %d POSTs, the limit is %d", i, o.Limit)
			}
			WantError(t, "over the limit", a, 429)
			if a.Header.Get("Retry-After") == "" {
				t.Error("429 without Retry-After")
			}
			if b := c.Do(t, "GET", "/api/board", "", nil, from(i)...); b.Status != 200 {
				t.Errorf("GET /api/board after the limit: %d", b.Status)
			}
			if o.ClientHeader != "" {
				for _, other := range []string{"2001:db8:5:8::1", "198.51.100.7"} {
					if b := c.Do(t, "POST", "/api/models", "application/octet-stream", model, o.ClientHeader, other); b.Status != 200 {
						t.Errorf("a POST from %s after 2001:db8:5:7::/64's limit: %d", other, b.Status)
					}
				}
			}
			return
		}
		if a.Status != 200 {
			t.Fatalf("POST %d: %d %s", i, a.Status, a.Body)
		}
	}
	t.Errorf("no 429 after %d more POSTs (limit %d)", o.Limit+1, o.Limit)
}
