//go:build !js

// Package e2e drives the real playground in headless Chromium: the page
// built by make site, served by the same handler as make serve. make test
// runs it with SCRATCHNET_SITE set; without it the tests are skipped.
package e2e

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"scratchnet/core"
	"scratchnet/core/i18n"
	"scratchnet/core/mnistdir"
	"scratchnet/scripts/internal/browser"
	"scratchnet/wasm/session"
)

// page is one browser tab on the playground, with its console recorded.
type page struct {
	t   *testing.T
	ctx context.Context

	mu      sync.Mutex
	console []chromedp.ConsoleMessage
}

func siteDir(t *testing.T) string {
	dir := os.Getenv("SCRATCHNET_SITE")
	if dir == "" {
		t.Skip("SCRATCHNET_SITE is not set: make test builds the site and sets it")
	}
	if _, err := os.Stat(filepath.Join(dir, "index.html")); err != nil {
		t.Fatalf("SCRATCHNET_SITE=%s holds no built site (it must be an absolute path): %v", dir, err)
	}
	return dir
}

func shotDir() string {
	if d := os.Getenv("SCRATCHNET_SCREENSHOTS"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "scratchnet-screenshots")
}

// corruptMNIST serves the real files cut short, to see the page's message.
func corruptMNIST(dir string) http.Handler {
	return http.StripPrefix("/corrupt/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := os.ReadFile(filepath.Join(dir, "mnist", filepath.Base(r.URL.Path)))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Write(b[:len(b)/2])
	}))
}

// open starts Chromium on the site with query q (its own server, browser
// and page, so tests do not depend on each other) and waits for the
// page's script to run.
func open(t *testing.T, q string) *page {
	t.Helper()
	dir := siteDir(t)
	base, stop, err := browser.Serve(dir, map[string]http.Handler{"/corrupt/": corruptMNIST(dir)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return openAt(t, base, q)
}

// openAt opens the playground served at base (ending in /) with query q.
func openAt(t *testing.T, base, q string) *page {
	t.Helper()
	ctx, cancel, err := browser.New(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cancel)
	ctx, cancelT := context.WithTimeout(ctx, 5*time.Minute)
	t.Cleanup(cancelT)
	p := &page{t: t, ctx: ctx}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			p.mu.Lock()
			p.console = append(p.console, m)
			p.mu.Unlock()
		}
	}()
	if err := chromedp.Do(ctx, chromedp.Navigate(base+q)); err != nil {
		t.Fatal(err)
	}
	p.waitFor(`window.scratchnet !== undefined`, 30*time.Second)
	return p
}

// eval awaits the body of an async function in the page and decodes its
// JSON result into out (if not nil).
func (p *page) eval(body string, out any) error {
	p.t.Helper()
	js := `(async () => { ` + body + ` })().then(v => JSON.stringify({ok: v === undefined ? null : v}), e => JSON.stringify({error: e.message, fields: e.fields}))`
	s, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("evaluating %s: %v", body, err)
	}
	var r struct {
		OK     json.RawMessage   `json:"ok"`
		Error  *string           `json:"error"`
		Fields map[string]string `json:"fields"`
	}
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		p.t.Fatalf("result of %s: %v", body, err)
	}
	if r.Error != nil {
		return &jsError{*r.Error, r.Fields}
	}
	if out != nil {
		if err := json.Unmarshal(r.OK, out); err != nil {
			p.t.Fatalf("decoding %s from %s: %v", r.OK, body, err)
		}
	}
	return nil
}

type jsError struct {
	msg    string
	fields map[string]string
}

func (e *jsError) Error() string { return e.msg }

func (p *page) must(body string, out any) {
	p.t.Helper()
	if err := p.eval(body, out); err != nil {
		p.t.Fatalf("%s: %v", body, err)
	}
}

func (p *page) text(id string) string {
	p.t.Helper()
	var s string
	p.must(`return document.getElementById("`+id+`").textContent`, &s)
	return s
}

func (p *page) screenshot(name string) {
	p.t.Helper()
	buf, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Fatal(err)
	}
	os.MkdirAll(shotDir(), 0o755)
	if err := os.WriteFile(filepath.Join(shotDir(), name+".png"), buf, 0o644); err != nil {
		p.t.Fatal(err)
	}
}

// consoleErrors returns the console's errors and uncaught exceptions.
func (p *page) consoleErrors() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for _, m := range p.console {
		if m.Type == "error" && strings.HasSuffix(m.URL, "/api/board") && strings.Contains(m.Text, "404") {
			// The page asks whether an API answers; a static host's
			// 404 is its answer (TestNoAPI checks what the page does).
			continue
		}
		if m.IsException() || m.Type == "error" || m.Type == "assert" {
			out = append(out, m.String())
		}
	}
	return out
}

type state struct {
	Iteration int     `json:"iteration"`
	Epoch     int     `json:"epoch"`
	Loss      float64 `json:"loss"`
	TrainAcc  float64 `json:"trainAcc"`
	TestAcc   float64 `json:"testAcc"`
	Running   bool    `json:"running"`
}

// ready opens the page and waits until MNIST is loaded and the first run
// set up, with no console error on the way.
func ready(t *testing.T, q string) *page {
	t.Helper()
	p := open(t, q)
	p.must(`await scratchnet.ready`, nil)
	if errs := p.consoleErrors(); len(errs) > 0 {
		t.Fatalf("console errors on load: %q", errs)
	}
	t.Cleanup(func() {
		if errs := p.consoleErrors(); len(errs) > 0 {
			t.Errorf("console errors: %q", errs)
		}
	})
	return p
}

// waitFor polls cond (a JavaScript expression) until it is true.
func (p *page) waitFor(cond string, timeout time.Duration) {
	p.t.Helper()
	p.must(fmt.Sprintf(`const end = Date.now() + %d;
		while (!(%s)) { if (Date.now() > end) throw new Error("timed out waiting for %s"); await new Promise(r => setTimeout(r, 50)); }`,
		timeout.Milliseconds(), cond, strings.ReplaceAll(cond, `"`, `'`)), nil)
}

// drawStroke drags the mouse through points given in canvas pixels of
// #draw (280×280), as real pointer events.
func (p *page) drawStroke(pts [][2]float64) {
	p.t.Helper()
	var r struct{ X, Y, W, H float64 }
	p.must(`const c = document.getElementById("draw"); c.scrollIntoView({block: "center"});
		const b = c.getBoundingClientRect(); return {X: b.left, Y: b.top, W: b.width, H: b.height}`, &r)
	at := func(q [2]float64) (float64, float64) { return r.X + q[0]*r.W/280, r.Y + q[1]*r.H/280 }
	pressed := func(prm *input.DispatchMouseEventParams) {
		prm.Button, prm.Buttons, prm.ClickCount = input.MouseButtonLeft, 1, 1
	}
	x, y := at(pts[0])
	steps := []chromedp.Action[chromedp.Void]{chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x, y), chromedp.MouseEvent(input.DispatchMouseEventTypeMousePressed, x, y, pressed)}
	for _, q := range pts[1:] {
		x, y = at(q)
		steps = append(steps, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x, y, pressed))
	}
	steps = append(steps, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseReleased, x, y, pressed))
	if err := chromedp.Do(p.ctx, steps...); err != nil {
		p.t.Fatal(err)
	}
}

func line(a, b [2]float64, n int) [][2]float64 {
	var out [][2]float64
	for i := 0; i <= n; i++ {
		f := float64(i) / float64(n)
		out = append(out, [2]float64{a[0] + f*(b[0]-a[0]), a[1] + f*(b[1]-a[1])})
	}
	return out
}

func ellipse(cx, cy, rx, ry float64, n int) [][2]float64 {
	var out [][2]float64
	for i := 0; i <= n; i++ {
		a := 2 * math.Pi * float64(i) / float64(n)
		out = append(out, [2]float64{cx + rx*math.Sin(a), cy - ry*math.Cos(a)})
	}
	return out
}

// b64 is a JavaScript expression for bytes, as a Uint8Array.
func b64(b []byte) string {
	return `Uint8Array.from(atob("` + base64.StdEncoding.EncodeToString(b) + `"), c => c.charCodeAt(0))`
}

// TestTrain is the reader's first run: Train, the loss falls, the test
// accuracy passes 0.85, Pause keeps the focus on a control.
func TestTrain(t *testing.T) {
	p := ready(t, "")
	var cfg string
	p.must(`return document.querySelector('[name=learningRate]').value + " " + document.querySelector('[name=batchSize]').value`, &cfg)
	if cfg != "0.1 100" {
		t.Errorf("the form starts at %q, want the book's learning rate 0.1 and batch 100", cfg)
	}
	p.must(`document.getElementById("btn-train").click()`, nil)
	p.waitFor(`scratchnet.state().iteration >= 20`, time.Minute)
	var early state
	p.must(`return scratchnet.state()`, &early)
	p.waitFor(`scratchnet.state().epoch >= 3`, 2*time.Minute)
	p.must(`document.getElementById("btn-pause").click()`, nil)
	p.waitFor(`!scratchnet.state().running && document.activeElement.tagName === "BUTTON"`, 10*time.Second)
	var st state
	p.must(`return scratchnet.state()`, &st)
	t.Logf("after %d iterations: loss %.3f (at %d: %.3f), test accuracy %.4f", st.Iteration, st.Loss, early.Iteration, early.Loss, st.TestAcc)
	if !(st.Loss < early.Loss/2) || st.TestAcc < 0.85 {
		t.Errorf("loss %.3f → %.3f, test accuracy %.4f after epoch %d", early.Loss, st.Loss, st.TestAcc, st.Epoch)
	}
	if status := p.text("status"); !strings.Contains(status, "iteration "+comma(st.Iteration)+" / 10,000") {
		t.Errorf("status line %q", status)
	}
	p.must(`await scratchnet.step(2500 - scratchnet.state().iteration)`, nil)
	p.screenshot("trained")
}

// trained returns a page whose net has had 2,500 iterations of the book's run.
func trained(t *testing.T) *page {
	p := ready(t, "")
	p.must(`await scratchnet.step(2500)`, nil)
	return p
}

func TestDraw(t *testing.T) {
	p := ready(t, "")
	// Before training, the answer is called a guess and Train is offered.
	p.drawStroke(line([2]float64{150, 40}, [2]float64{135, 240}, 20))
	p.must(`await scratchnet.drawn()`, nil)
	var offered bool
	p.must(`return !document.getElementById("btn-draw-train").hidden`, &offered)
	if msg := p.text("prediction"); !strings.Contains(msg, "has not learned yet") || !offered {
		t.Errorf("an untrained net's answer: %q, Train offered: %v", msg, offered)
	}
	p.must(`document.getElementById("btn-clear").click(); await scratchnet.step(2500)`, nil)
	if err := p.eval(`return await scratchnet.drawn()`, nil); err == nil || err.Error() != session.ErrEmptyCanvas.Error() || p.text("prediction") != session.ErrEmptyCanvas.Error() {
		t.Errorf("empty canvas: %v, the page shows %q", err, p.text("prediction"))
	}
	for _, c := range []struct {
		digit   int
		strokes [][][2]float64
	}{
		{1, [][][2]float64{line([2]float64{150, 40}, [2]float64{135, 240}, 20)}},
		{0, [][][2]float64{ellipse(140, 140, 55, 95, 40)}},
		{7, [][][2]float64{append(line([2]float64{70, 50}, [2]float64{210, 50}, 12), line([2]float64{210, 50}, [2]float64{110, 240}, 16)...)}},
	} {
		p.must(`document.getElementById("btn-clear").click()`, nil)
		for _, s := range c.strokes {
			p.drawStroke(s)
		}
		var got struct {
			Digit int       `json:"digit"`
			Probs []float64 `json:"probs"`
			Input []int     `json:"input"`
		}
		p.must(`const r = await scratchnet.drawn(); return {digit: r.digit, probs: r.probs, input: Array.from(r.input)}`, &got)
		if got.Digit != c.digit || len(got.Input) != 784 {
			t.Errorf("drew a %d, the net says %d (probabilities %.3f)", c.digit, got.Digit, got.Probs)
		}
		if shown := p.text("prediction"); !strings.HasPrefix(shown, fmt.Sprintf("It's a %d", got.Digit)) {
			t.Errorf("the page shows %q", shown)
		}
		p.screenshot(fmt.Sprintf("drawn-%d", c.digit))
	}
}

func TestGradCheck(t *testing.T) {
	p := ready(t, "")
	var s core.GradStep
	p.must(`return await scratchnet.gradCheckStep({key: "W2", row: 3, col: 4})`, &s)
	if s.Key != "W2" || s.Row != 3 || s.Col != 4 || s.RelErr >= 1e-6 {
		t.Errorf("step %+v", s)
	}
	p.must(`document.getElementById("btn-gc-next").click()`, nil)
	p.waitFor(`document.getElementById("gc-step").textContent.includes("W2[3][5]")`, 10*time.Second)
	if table := p.text("gc-step"); !strings.Contains(table, "relative error") {
		t.Errorf("after Next the panel shows %q", table)
	}
	if sign := p.text("gc-sign"); !strings.Contains(sign, "SGD") {
		t.Errorf("sign explanation %q", sign)
	}
	for _, h := range []string{"0", "-1", `""`} {
		if err := p.eval(`document.getElementById("gc-h").value = `+h+`; return await scratchnet.gradCheckStep({key: "b2", row: 0, col: 1})`, nil); err == nil ||
			!strings.Contains(p.text("gc-error"), "h ") {
			t.Errorf("h = %s: %v, page %q", h, err, p.text("gc-error"))
		}
	}
	p.must(`document.getElementById("gc-h").value = "0.0001"`, nil)
	var all struct {
		Diffs []core.KeyDiff `json:"diffs"`
		Text  string         `json:"text"`
	}
	p.must(`return await scratchnet.gradCheckAll()`, &all)
	if len(all.Diffs) != 4 || !strings.Contains(p.text("gc-all"), "W1") || !strings.HasPrefix(all.Text, "W1:") {
		t.Fatalf("check all: %+v, page %q", all.Diffs, p.text("gc-all"))
	}
	for _, d := range all.Diffs {
		if d.Diff > 1e-9 {
			t.Errorf("%s:%v", d.Key, d.Diff)
		}
	}
	if err := p.eval(`return await scratchnet.gradCheckStep({key: "W1", row: 784, col: 0})`, nil); err == nil ||
		p.text("gc-error") != "W1 has 784 rows and 50 columns, numbered from 0: there is no row 784, column 0." {
		t.Errorf("gradient check outside W1: %v, page %q", err, p.text("gc-error"))
	}
	p.must(`document.getElementById("gradcheck").scrollIntoView()`, nil)
	p.screenshot("gradcheck")
}

func TestInside(t *testing.T) {
	p := trained(t)
	var r struct {
		Confusion [][]int `json:"confusion"`
		Accuracy  float64 `json:"accuracy"`
	}
	p.must(`const r = await scratchnet.inspect(); return {confusion: r.confusion, accuracy: r.accuracy}`, &r)
	total := 0
	for _, row := range r.Confusion {
		for _, v := range row {
			total += v
		}
	}
	p.waitFor(`document.querySelectorAll("#confusion td").length === 100`, 10*time.Second)
	var tiles int
	p.must(`return Number(document.getElementById("mistakes").dataset.count)`, &tiles)
	if total != 10000 || tiles != 40 || r.Accuracy < 0.85 {
		t.Errorf("confusion matrix over %d images, %d misclassified shown, accuracy %.4f", total, tiles, r.Accuracy)
	}
	p.must(`document.getElementById("inside").scrollIntoView()`, nil)
	p.screenshot("inside")
}

// TestModelFile saves a model, loads it back through the file input, and
// refuses bad and hostile files whole, with little memory.
func TestModelFile(t *testing.T) {
	p := ready(t, "")
	p.must(`await scratchnet.configure({optimizer: "momentum", learningRate: 0.05}); await scratchnet.step(300)`, nil)
	var before, after struct{ Probs []float64 }
	p.must(`window.probe = Array.from({length: 784}, (_, i) => (i % 28 > 12 && i % 28 < 16 && i > 100 && i < 700) ? 255 : 0);
		return await scratchnet.predict(window.probe)`, &before)
	var bytes []int
	p.must(`return Array.from(await scratchnet.saveModel())`, &bytes)
	raw := make([]byte, len(bytes))
	for i, v := range bytes {
		raw[i] = byte(v)
	}
	file := filepath.Join(t.TempDir(), "trained.snet")
	os.WriteFile(file, raw, 0o644)
	p.must(`await scratchnet.configure({seed: 99, optimizer: "sgd", learningRate: 0.1}); await scratchnet.step(5)`, nil)
	if err := chromedp.Do(p.ctx, chromedp.SetUploadFiles("#model-file", []string{file})); err != nil {
		t.Fatal(err)
	}
	p.waitFor(`document.getElementById("model-msg").textContent.startsWith("Loaded")`, 30*time.Second)
	p.must(`return await scratchnet.predict(window.probe)`, &after)
	for k := range before.Probs {
		if before.Probs[k] != after.Probs[k] {
			t.Fatalf("after loading the saved model: %v, before: %v", after.Probs, before.Probs)
		}
	}
	var shown string
	p.must(`return document.querySelector("[name=optimizer]").value + " " + document.querySelector("[name=learningRate]").value`, &shown)
	if shown != "momentum 0.05" {
		t.Errorf("after loading, the form shows %q, want the model's momentum 0.05", shown)
	}
	// An ArrayBuffer loads as well.
	p.must(`await scratchnet.loadModel(`+b64(raw)+`.buffer)`, nil)

	// A model whose settings are refused is refused whole: the page keeps
	// what it had, and shows the settings it trains with.
	m, err := core.DecodeModel(raw)
	if err != nil {
		t.Fatal(err)
	}
	badCfg := m.Header.Config
	badCfg.Iterations = 0
	withReg := m.Net.Clone()
	withReg.DropoutRatio, withReg.WeightDecay = 0.5, 0.3
	bad := core.EncodeModel(withReg, core.ModelHeader{Config: badCfg}, nil)
	if err := p.eval(`return await scratchnet.loadModel(`+b64(bad)+`)`, nil); err == nil || !strings.Contains(p.text("model-msg"), "settings refused") {
		t.Errorf("a model with iterations 0: %v, page %q", err, p.text("model-msg"))
	}
	p.must(`return document.querySelector("[name=dropout]").value + " " + document.querySelector("[name=weightDecay]").value`, &shown)
	if shown != "0 0" {
		t.Errorf("after a refused model the form shows dropout and decay %q", shown)
	}

	// Hostile files: each is refused and grows the module by < 16 MiB.
	for _, h := range []struct {
		name string
		data []byte
	}{
		{"npz bomb", npzBomb(200 << 20)},
		{"snet claiming 65536-500-10", lyingSnet(raw)},
		{"garbage", []byte("this is not a model")},
	} {
		name, data := h.name, h.data
		var mem [2]float64
		p.must(`return (await scratchnet.memory()).wasmBytes`, &mem[0])
		if err := p.eval(`return await scratchnet.loadModel(`+b64(data)+`)`, nil); err == nil {
			t.Errorf("%s: loaded", name)
		}
		p.must(`return (await scratchnet.memory()).wasmBytes`, &mem[1])
		if grew := mem[1] - mem[0]; grew >= 16<<20 {
			t.Errorf("%s: the module grew by %.0f MiB", name, grew/(1<<20))
		}
		if msg := p.text("model-msg"); !strings.HasPrefix(msg, "Could not load") {
			t.Errorf("%s: the page says %q", name, msg)
		}
	}
	if msg := p.text("model-msg"); !strings.Contains(msg, "none of the files the page reads") {
		t.Errorf("bad model message %q", msg)
	}
	// In Korean, with no decoder's English in it.
	p.must(`await scratchnet.language("ko")`, nil)
	if msg := p.text("model-msg"); !strings.Contains(msg, "가운데 어느 것도 아닙니다") || strings.Contains(msg, "model:") {
		t.Errorf("bad model message in ko %q", msg)
	}
	p.must(`await scratchnet.language("en")`, nil)
	p.must(`return await scratchnet.predict(window.probe)`, &after)
	if len(after.Probs) != 10 {
		t.Error("no prediction after the hostile files")
	}
}

// npzBomb is an archive whose W1.npy (a valid header for 784×H) unpacks
// to size bytes of zeros.
func npzBomb(size int) []byte {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	w, _ := z.Create("W1.npy")
	w.Write([]byte("\x93NUMPY\x01\x00\x76\x00"))
	w.Write([]byte(fmt.Sprintf("%-117s\n", fmt.Sprintf("{'descr': '<f8', 'fortran_order': False, 'shape': (784, %d), }", size/8/784))))
	zero := make([]byte, 1<<20)
	for left := size; left > 0; left -= len(zero) {
		w.Write(zero[:min(left, len(zero))])
	}
	z.Close()
	return buf.Bytes()
}

// lyingSnet is a model file of a few hundred bytes whose header claims a
// 65536-500-10 net.
func lyingSnet(good []byte) []byte {
	n := int(binary.LittleEndian.Uint32(good[8:12]))
	var h map[string]any
	json.Unmarshal(good[12:12+n], &h)
	h["input"], h["hidden"] = 65536, 500
	h["config"].(map[string]any)["hidden"] = 500
	h["params"] = []map[string]any{{"key": "W1", "shape": []int{65536, 500}}, {"key": "b1", "shape": []int{500}},
		{"key": "W2", "shape": []int{500, 10}}, {"key": "b2", "shape": []int{10}}}
	js, _ := json.Marshal(h)
	out := append([]byte("SNETMDL1"), binary.LittleEndian.AppendUint32(nil, uint32(len(js)))...)
	return append(append(out, js...), make([]byte, 64)...)
}

// TestBadValues: every refused value is named next to its field in plain
// words, Train and Step stay off until it is mended, and a refused call
// changes nothing.
func TestBadValues(t *testing.T) {
	p := ready(t, "")
	for _, c := range []struct{ opts, field, msg string }{
		{`{learningRate: -1}`, "learningRate", "Learning rate must be greater than 0 (got −1)."},
		{`{batchSize: 0}`, "batchSize", "Batch size must be a whole number from 1 to 60,000 (got 0)."},
		{`{dropout: 1}`, "dropout", "Dropout ratio must be at least 0 and less than 1 (got 1)."},
		{`{hidden: 0}`, "hidden", "Hidden units must be a whole number from 1 to 4,096 (got 0)."},
		{`{learningRate: NaN}`, "learningRate", "Learning rate must be a number (got nothing)."},
		{`{seed: -3}`, "seed", "Seed must be a whole number from 0 to 9,007,199,254,740,991 (got −3)."},
		{`{hidden: 4096, batchSize: 60000}`, "batchSize", "this page allows 128 MB"},
	} {
		err := p.eval(`return await scratchnet.configure(`+c.opts+`)`, nil)
		var je *jsError
		if err == nil || !asJS(err, &je) || !strings.Contains(je.fields[c.field], c.msg) {
			t.Errorf("configure(%s): %v", c.opts, err)
		}
	}
	// The refused calls changed nothing; the next one merges into the
	// settings that run.
	p.must(`await scratchnet.configure({batchSize: 1e20}).catch(() => {}); await scratchnet.configure({learningRate: 0.2})`, nil)
	var shown string
	p.must(`return document.querySelector("[name=batchSize]").value + " " + document.querySelector("[name=learningRate]").value`, &shown)
	if shown != "100 0.2" {
		t.Errorf("the form shows batch and learning rate %q", shown)
	}
	// Typed into the form: the sentence next to the field, Train and Step
	// off; mended: on again.
	type buttons struct{ Train, Step bool }
	var b buttons
	p.must(`const f = document.querySelector("[name=learningRate]"); f.value = "-1"; f.dispatchEvent(new Event("change", {bubbles: true}))`, nil)
	p.waitFor(`document.getElementById("err-learningRate").textContent !== ""`, 10*time.Second)
	p.must(`return {Train: document.getElementById("btn-train").disabled, Step: document.getElementById("btn-step").disabled}`, &b)
	if !b.Train || !b.Step || p.text("err-learningRate") != "Learning rate must be greater than 0 (got −1)." {
		t.Errorf("learning rate −1 typed: buttons disabled %+v, message %q", b, p.text("err-learningRate"))
	}
	p.must(`document.getElementById("train").scrollIntoView()`, nil)
	p.screenshot("bad-value")
	p.must(`const f = document.querySelector("[name=learningRate]"); f.value = "0.1"; f.dispatchEvent(new Event("change", {bubbles: true}))`, nil)
	p.waitFor(`!document.getElementById("btn-train").disabled`, 10*time.Second)
	// Out of the run's own way: predict and loadModel refuse what is not
	// an image or a file.
	for _, c := range []struct{ js, want string }{
		{`scratchnet.predict(null)`, "got null"},
		{`scratchnet.predict(Array(784).fill(NaN))`, "Pixel 0 is NaN"},
		{`scratchnet.predict(Array(784).fill(-1))`, "Pixel 0 is −1"},
		{`scratchnet.predict(Array(784).fill(1000))`, "Pixel 0 is 1,000"},
		{`scratchnet.predict(Array(784).fill("x"))`, "Pixel 0 is NaN"},
		{`scratchnet.predict([1, 2])`, "got 2"},
		{`scratchnet.loadModel("a string")`, "loadModel wants bytes"},
	} {
		if err := p.eval(`return await `+c.js, nil); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v", c.js, err)
		}
	}
}

// TestBadLink: a link with bad settings reports every one of them and
// still gives a working page with the book's run.
func TestBadLink(t *testing.T) {
	p := ready(t, "?hidden=0&learningRate=-1&batchSize=x")
	for _, f := range []string{"hidden", "learningRate", "batchSize"} {
		if p.text("err-"+f) == "" {
			t.Errorf("the link's %s is not reported", f)
		}
	}
	var st state
	p.must(`return await scratchnet.step(3)`, &st)
	if st.Iteration != 3 {
		t.Errorf("the book's run does not step: %+v", st)
	}
	// The form is made from core's schema: one field per setting.
	var names []string
	p.must(`return [...document.querySelectorAll("#config [name]")].map(e => e.name)`, &names)
	var want []string
	for _, s := range core.Schema {
		want = append(want, s.Name)
	}
	if fmt.Sprint(names) != fmt.Sprint(want) {
		t.Errorf("the form's fields %v, the schema's settings %v", names, want)
	}
}

// TestCalls: the API is a state machine: Pause stops a running step(n),
// configure during step(n) does not train the new run, and two calls at
// once both settle.
func TestCalls(t *testing.T) {
	p := ready(t, "")
	var st state
	const started = `while (scratchnet.state().iteration === 0) await new Promise(r => setTimeout(r, 10));`
	p.must(`const s = scratchnet.step(3000); `+started+` await scratchnet.pause(); return await s`, &st)
	if st.Iteration >= 3000 || st.Iteration == 0 {
		t.Errorf("step(3000) paused after 300 ms ended at iteration %d", st.Iteration)
	}
	var later int
	p.must(`await new Promise(r => setTimeout(r, 500)); return scratchnet.state().iteration`, &later)
	if later != st.Iteration {
		t.Errorf("training went on after pause: %d → %d", st.Iteration, later)
	}
	p.must(`await scratchnet.configure({seed: 4}); const s = scratchnet.step(3000); `+started+` await scratchnet.configure({seed: 5}); await s;
		await new Promise(r => setTimeout(r, 500)); return scratchnet.state()`, &st)
	if st.Iteration != 0 || st.Running {
		t.Errorf("configure during step(3000): the new run is at iteration %d, running %v", st.Iteration, st.Running)
	}
	var n int
	p.must(`const r = await Promise.all([scratchnet.step(10), scratchnet.step(10), scratchnet.predict(Array(784).fill(0))]); return scratchnet.state().iteration`, &n)
	if n < 10 || n > 20 {
		t.Errorf("two step(10) at once: iteration %d", n)
	}
}

// TestModuleRestart: if the Go module dies, the page says so, starts a new
// one with the same settings, and keeps working.
func TestModuleRestart(t *testing.T) {
	p := ready(t, "")
	p.must(`await scratchnet.configure({hidden: 30}); await scratchnet.step(20); await scratchnet.crash()`, nil)
	p.waitFor(`scratchnet.restarts === 1`, time.Minute)
	if msg := p.text("crash-msg"); !strings.Contains(msg, "panic: scratchnet: the module was asked to crash") || !strings.Contains(msg, "restarted with your settings") {
		t.Errorf("crash message %q", msg)
	}
	var st state
	p.must(`return await scratchnet.step(5)`, &st)
	var hidden string
	p.must(`return document.querySelector("[name=hidden]").value`, &hidden)
	if st.Iteration != 5 || hidden != "30" {
		t.Errorf("after the restart: iteration %d, hidden %s", st.Iteration, hidden)
	}
	p.mu.Lock()
	p.console = nil // the crash's own output is expected
	p.mu.Unlock()
}

// TestDiverged: a run whose loss turns NaN pauses and says why; one that
// does not learn says so too.
func TestDiverged(t *testing.T) {
	p := ready(t, "")
	p.must(`await scratchnet.configure({activation: "relu", learningRate: 1e200}); await scratchnet.train()`, nil)
	p.waitFor(`!document.getElementById("train-msg").hidden`, time.Minute)
	if msg := p.text("train-msg"); !strings.Contains(msg, "The loss became NaN") || !strings.Contains(msg, "smaller learning rate") {
		t.Errorf("divergence message %q", msg)
	}
	if err := p.eval(`return await scratchnet.drawn()`, nil); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Errorf("drawing on an empty canvas after divergence: %v", err)
	}
	p.must(`document.getElementById("train").scrollIntoView()`, nil)
	p.screenshot("diverged")
	p.must(`await scratchnet.configure({activation: "sigmoid", learningRate: 1000}); await scratchnet.train()`, nil)
	p.waitFor(`!document.getElementById("train-msg").hidden`, time.Minute)
	if msg := p.text("train-msg"); !strings.Contains(msg, "not learning") || !strings.Contains(msg, "Try 0.1") {
		t.Errorf("not-learning message %q", msg)
	}
	var st state
	p.must(`return scratchnet.state()`, &st)
	if st.Running {
		t.Error("still running")
	}
}

// TestOptimizer: Adam trains from the page, and a change of learning rate
// during the run continues it, marked on the chart.
func TestOptimizer(t *testing.T) {
	p := ready(t, "")
	var st struct {
		Iteration int   `json:"iteration"`
		Tunes     []int `json:"tunes"`
	}
	p.must(`await scratchnet.configure({optimizer: "adam", learningRate: 0.001}); await scratchnet.step(300); return await scratchnet.tune({learningRate: 0.002})`, &st)
	if st.Iteration != 300 || len(st.Tunes) != 1 || st.Tunes[0] != 300 {
		t.Errorf("tune: %+v", st)
	}
	var s2 state
	p.must(`return await scratchnet.step(700)`, &s2)
	if s2.Iteration != 1000 || s2.TestAcc < 0.85 {
		t.Errorf("Adam after 1000 iterations: %+v", s2)
	}
	if err := p.eval(`return await scratchnet.tune({hidden: 20})`, nil); err == nil || !strings.Contains(err.Error(), "cannot change during a run") {
		t.Errorf("tune({hidden: 20}): %v", err)
	}
}

// TestBadData opens the page with MNIST missing, cut short, and pointed
// at another site by a link.
func TestBadData(t *testing.T) {
	for _, c := range []struct{ query, want string }{
		{"?mnist=missing/", "HTTP 404"}, // whichever of the four fails first
		{"?mnist=corrupt/", "train-images-idx3-ubyte.gz: truncated"},
		{"?mnist=data:text/plain,7/", "?mnist= must name a folder on this site"},
		{"?mnist=http://example.invalid/", "?mnist= must name a folder on this site, not http://example.invalid"},
		{"?mnist=//example.invalid/", "?mnist= must name a folder on this site"},
	} {
		p := open(t, c.query)
		if err := p.eval(`await scratchnet.ready`, nil); err == nil {
			t.Errorf("%s: the page became ready", c.query)
		}
		msg := p.text("load-error")
		if !strings.Contains(msg, c.want) {
			t.Errorf("%s: the page says %q, want it to mention %q", c.query, msg, c.want)
		}
		var hidden bool
		p.must(`return document.getElementById("load-error").hidden`, &hidden)
		if hidden {
			t.Errorf("%s: the message is hidden", c.query)
		}
		if c.query == "?mnist=corrupt/" {
			p.screenshot("corrupt-data")
		}
	}
}

func asJS(err error, out **jsError) bool {
	je, ok := err.(*jsError)
	*out = je
	return ok
}

// TestNumerical: chapter 4's numerical gradient trains the book's
// 784-50-10 net in the page, and the same seed gives the page the same
// losses, to the bit, as the native trainer.
func TestNumerical(t *testing.T) {
	p := ready(t, "")
	var losses []float64
	p.must(`await scratchnet.configure({gradient: "numerical"}); await scratchnet.step(3);
		return [scratchnet.state().loss, Number(document.getElementById("status").textContent.includes("79,520 loss evaluations per step"))]`, &losses)
	train, test, err := core.LoadMNIST(mnistdir.ForTest(t))
	if err != nil {
		t.Fatal(err)
	}
	cfg := core.BookConfig()
	cfg.Gradient = core.GradNumerical
	tr, err := core.NewTrainer(cfg, train, test)
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.Run(3); err != nil {
		t.Fatal(err)
	}
	if native := tr.Losses[2]; losses[0] != native || losses[1] != 1 {
		t.Errorf("the page's third numerical loss %v (status shown: %v), native %v", losses[0], losses[1] == 1, native)
	}
	// Both ways side by side: the button starts a backprop run with a
	// numerical twin; the page says what each costs.
	p.must(`await scratchnet.configure({gradient: "backprop"}); document.querySelector("[data-preset=numerical]").click();
		while (!document.getElementById("compare-msg").textContent.startsWith("Comparing")) await new Promise(r => setTimeout(r, 20));
		await scratchnet.step(3)`, nil)
	p.waitFor(`document.getElementById("compare-msg").textContent.includes("times slower")`, 30*time.Second)
	if msg := p.text("compare-msg"); !strings.Contains(msg, "numerical (chapter 4)") || !strings.Contains(msg, "backpropagation (chapter 5)") {
		t.Errorf("comparison message %q", msg)
	}
	p.must(`document.getElementById("train").scrollIntoView()`, nil)
	p.screenshot("compare")
}

// comma writes n as the English page does: 1,828.
func comma(n int) string { return i18n.Number(float64(n)) }
