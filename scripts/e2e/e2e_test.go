//go:build !js

// Package e2e drives the real playground in headless Chromium: the page
// built by make site, served by the same handler as make serve. make test
// runs it with SCRATCHNET_SITE set; without it the tests are skipped.
package e2e

import (
	"context"
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
	"scratchnet/scripts/internal/browser"
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

// open starts Chromium on the site with query q and waits for the page's
// script to run.
func open(t *testing.T, q string) *page {
	t.Helper()
	dir := siteDir(t)
	base, stop, err := browser.Serve(dir, map[string]http.Handler{"/corrupt/": corruptMNIST(dir)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
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

type prediction struct {
	Digit int       `json:"digit"`
	Probs []float64 `json:"probs"`
	Input []int     `json:"input"`
}

// TestPlayground is the reader's path through the page, in order: load,
// train, draw, check gradients, keep the model, and every bad input.
func TestPlayground(t *testing.T) {
	p := open(t, "")
	p.must(`await scratchnet.ready`, nil)
	if errs := p.consoleErrors(); len(errs) > 0 {
		t.Fatalf("console errors on load: %q", errs)
	}
	var cfgURL string
	p.must(`return document.querySelector('[name=learningRate]').value + " " + document.querySelector('[name=batchSize]').value`, &cfgURL)
	if cfgURL != "0.1 100" {
		t.Errorf("the form starts at %q, want the book's learning rate 0.1 and batch 100", cfgURL)
	}

	t.Run("train", func(t *testing.T) {
		p.t = t
		p.must(`document.getElementById("btn-train").click()`, nil)
		p.waitFor(`scratchnet.state().iteration >= 20`, time.Minute)
		var early state
		p.must(`return scratchnet.state()`, &early)
		p.waitFor(`scratchnet.state().epoch >= 3`, 2*time.Minute)
		var st state
		p.must(`return await scratchnet.pause()`, &st)
		t.Logf("after %d iterations: loss %.3f (at %d: %.3f), test accuracy %.4f", st.Iteration, st.Loss, early.Iteration, early.Loss, st.TestAcc)
		if !(st.Loss < early.Loss/2) || st.TestAcc < 0.85 || st.Running {
			t.Errorf("loss %.3f → %.3f, test accuracy %.4f after epoch %d, running %v", early.Loss, st.Loss, st.TestAcc, st.Epoch, st.Running)
		}
		if status := p.text("status"); !strings.Contains(status, fmt.Sprintf("iteration %d / 10000", st.Iteration)) {
			t.Errorf("status line %q", status)
		}
		p.must(`await scratchnet.step(2500 - scratchnet.state().iteration)`, nil)
		p.screenshot("trained")
	})

	t.Run("draw", func(t *testing.T) {
		p.t = t
		var empty error = p.eval(`return await scratchnet.drawn()`, nil)
		if empty == nil || empty.Error() != core.ErrEmptyCanvas.Error() || p.text("prediction") != core.ErrEmptyCanvas.Error() {
			t.Errorf("empty canvas: %v, the page shows %q", empty, p.text("prediction"))
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
			var got prediction
			p.must(`return await scratchnet.drawn()`, &got)
			if got.Digit != c.digit || len(got.Input) != 784 {
				t.Errorf("drew a %d, the net says %d (probabilities %.3f)", c.digit, got.Digit, got.Probs)
			}
			if shown := p.text("prediction"); !strings.HasPrefix(shown, fmt.Sprintf("It's a %d", got.Digit)) {
				t.Errorf("the page shows %q", shown)
			}
			p.screenshot(fmt.Sprintf("drawn-%d", c.digit))
		}
	})

	t.Run("gradcheck", func(t *testing.T) {
		p.t = t
		var s core.GradStep
		p.must(`return await scratchnet.gradCheckStep({key: "W2", row: 3, col: 4})`, &s)
		if s.Key != "W2" || s.Row != 3 || s.Col != 4 || s.RelErr >= 1e-6 {
			t.Errorf("step %+v", s)
		}
		p.must(`document.getElementById("btn-gc-next").click(); await new Promise(r => setTimeout(r, 300))`, nil)
		if table := p.text("gc-step"); !strings.Contains(table, "W2[3][5]") || !strings.Contains(table, "relative error") {
			t.Errorf("after Next the panel shows %q", table)
		}
		if sign := p.text("gc-sign"); !strings.Contains(sign, "SGD") {
			t.Errorf("sign explanation %q", sign)
		}
		var all struct {
			Diffs []core.KeyDiff `json:"diffs"`
			Text  string         `json:"text"`
		}
		p.must(`return await scratchnet.gradCheckAll()`, &all)
		if len(all.Diffs) != 4 || !strings.HasPrefix(p.text("gc-all"), "W1:") {
			t.Fatalf("check all: %+v, page %q", all.Diffs, p.text("gc-all"))
		}
		for _, d := range all.Diffs {
			if d.Diff > 1e-9 {
				t.Errorf("%s:%v", d.Key, d.Diff)
			}
		}
		p.must(`document.getElementById("gradcheck").scrollIntoView()`, nil)
		p.screenshot("gradcheck")
	})

	t.Run("inside", func(t *testing.T) {
		p.t = t
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
		var tiles int
		p.must(`return Number(document.getElementById("mistakes").dataset.count)`, &tiles)
		if total != 10000 || tiles != 40 || r.Accuracy < 0.85 {
			t.Errorf("confusion matrix over %d images, %d misclassified shown, accuracy %.4f", total, tiles, r.Accuracy)
		}
		p.must(`document.getElementById("inside").scrollIntoView()`, nil)
		p.screenshot("inside")
	})

	t.Run("model", func(t *testing.T) {
		p.t = t
		var before, after prediction
		p.must(`window.probe = Uint8Array.from({length: 784}, (_, i) => (i % 28 > 12 && i % 28 < 16 && i > 100 && i < 700) ? 255 : 0);
			return await scratchnet.predict(window.probe)`, &before)
		var bytes []int
		p.must(`return Array.from(await scratchnet.saveModel())`, &bytes)
		file := filepath.Join(t.TempDir(), "trained.snet")
		raw := make([]byte, len(bytes))
		for i, v := range bytes {
			raw[i] = byte(v)
		}
		os.WriteFile(file, raw, 0o644)
		// Start a different run, then load the file through the page's input.
		p.must(`await scratchnet.configure({seed: 99}); await scratchnet.step(5)`, nil)
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
		bad := filepath.Join(t.TempDir(), "bad.snet")
		os.WriteFile(bad, []byte("this is not a model"), 0o644)
		if err := chromedp.Do(p.ctx, chromedp.SetUploadFiles("#model-file", []string{bad})); err != nil {
			t.Fatal(err)
		}
		p.waitFor(`document.getElementById("model-msg").textContent.startsWith("Could not")`, 30*time.Second)
		if msg := p.text("model-msg"); !strings.Contains(msg, "not a scratchnet model file") {
			t.Errorf("bad model message %q", msg)
		}
	})

	t.Run("bad values", func(t *testing.T) {
		p.t = t
		for _, c := range []struct{ opts, field, msg string }{
			{`{learningRate: -1}`, "learningRate", "learning rate -1 must be a positive number"},
			{`{batchSize: 0}`, "batchSize", "batch size 0 must be between 1"},
			{`{dropout: 1}`, "dropout", "dropout ratio 1 must be in [0, 1)"},
			{`{hidden: 0}`, "hidden", "hidden size 0 must be between 1"},
			{`{learningRate: NaN}`, "learningRate", "learningRate must be a number"},
		} {
			err := p.eval(`return await scratchnet.configure(`+c.opts+`)`, nil)
			var je *jsError
			if err == nil || !asJS(err, &je) || !strings.HasPrefix(je.fields[c.field], c.msg) {
				t.Errorf("configure(%s): %v", c.opts, err)
			}
			var shown string
			p.must(`return document.querySelector('.err[data-for=`+c.field+`]').textContent`, &shown)
			if !strings.HasPrefix(shown, c.msg) {
				t.Errorf("configure(%s): the page shows %q next to %s", c.opts, shown, c.field)
			}
			p.must(`await scratchnet.configure({learningRate: 0.1, batchSize: 100, dropout: 0, hidden: 50})`, nil)
		}
		if err := p.eval(`return await scratchnet.gradCheckStep({key: "W1", row: 784, col: 0})`, nil); err == nil ||
			!strings.Contains(p.text("gc-error"), "W1 has shape 784×50; [784][0] is outside it") {
			t.Errorf("gradient check outside W1: %v, page %q", err, p.text("gc-error"))
		}
		// A run that diverges pauses and says why.
		p.must(`await scratchnet.configure({activation: "relu", learningRate: 1e200}); await scratchnet.train()`, nil)
		p.waitFor(`!document.getElementById("train-msg").hidden`, time.Minute)
		if msg := p.text("train-msg"); !strings.Contains(msg, "The loss became NaN") || !strings.Contains(msg, "smaller learning rate") {
			t.Errorf("divergence message %q", msg)
		}
		var st state
		p.must(`return scratchnet.state()`, &st)
		if st.Running {
			t.Error("still running after the loss became NaN")
		}
		if err := p.eval(`return await scratchnet.drawn()`, nil); err == nil || !strings.Contains(err.Error(), "weights have diverged") ||
			!strings.Contains(p.text("prediction"), "weights have diverged") {
			t.Errorf("drawing with diverged weights: %v, page %q", err, p.text("prediction"))
		}
		p.must(`document.getElementById("train").scrollIntoView()`, nil)
		p.screenshot("diverged")
	})

	if errs := p.consoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
}

func asJS(err error, out **jsError) bool {
	je, ok := err.(*jsError)
	*out = je
	return ok
}

// TestBadData opens the page with MNIST missing and cut short.
func TestBadData(t *testing.T) {
	for _, c := range []struct{ query, want string }{
		{"?mnist=missing/", "-idx"}, // whichever of the four fails first
		{"?mnist=corrupt/", "train-images-idx3-ubyte.gz: truncated"},
	} {
		p := open(t, c.query)
		if err := p.eval(`await scratchnet.ready`, nil); err == nil {
			t.Errorf("%s: the page became ready", c.query)
		}
		msg := p.text("load-error")
		if c.query == "?mnist=missing/" && !(strings.Contains(msg, "could not fetch") && strings.Contains(msg, "HTTP 404")) {
			t.Errorf("%s: the page says %q", c.query, msg)
		}
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
