//go:build !js

package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"scratchnet/core"
	"scratchnet/core/i18n"
)

// TestFilesAsTheWorldWritesThem: through the page's own file input, the
// .npz files NumPy writes every way it writes them and the book's pickled
// params load (core/testdata/npz, pkl); a pickle that names another global
// is refused by name and changes nothing; a file that does not say its
// activation is scored both ways and the page says which was taken, in
// Korean and in English; our own .npz of a ReLU net keeps its accuracy
// on a page whose settings say sigmoid.
func TestFilesAsTheWorldWritesThem(t *testing.T) {
	p := ready(t, "?lang=ko")
	upload := func(dir, name string) {
		t.Helper()
		p.must(`document.getElementById("model-msg").textContent = ""`, nil)
		file, err := filepath.Abs(filepath.Join("..", "..", "core", "testdata", dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(p.ctx, chromedp.SetUploadFiles("#model-file", []string{file})); err != nil {
			t.Fatal(err)
		}
		p.waitFor(`document.getElementById("model-msg").textContent !== ""`, 30*time.Second)
	}
	ko := i18n.Catalogue("ko")
	loaded := strings.SplitN(ko["keep.loaded"], "{name", 2)[0]
	for _, c := range []struct{ dir, name string }{
		{"npz", "v3.npz"}, {"npz", "fortran.npz"}, {"npz", "f2.npz"}, {"npz", "f4-big-fortran.npz"},
		{"pkl", "params-p2.pkl"}, {"pkl", "params-numpy2-p5.pkl"},
	} {
		upload(c.dir, c.name)
		if msg := p.text("model-msg"); !strings.Contains(msg, c.name) || (loaded != "" && !strings.Contains(msg, strings.TrimSpace(loaded))) || strings.Contains(msg, "784-2-10") == false {
			t.Errorf("%s: %q", c.name, msg)
		}
		if g := p.text("model-guess"); !strings.Contains(g, "ReLU") || !strings.Contains(g, "1,000") {
			t.Errorf("%s: the activation's choice says %q", c.name, g)
		}
	}
	upload("pkl", "evil.pkl")
	if msg := p.text("model-msg"); !strings.Contains(msg, "evil.pkl") || !strings.Contains(msg, "posix.system") {
		t.Errorf("evil.pkl: %q", msg)
	}
	var hidden int
	p.must(`return Number(document.querySelector("[name=hidden]").value)`, &hidden)
	if hidden != 2 {
		t.Errorf("a refused pickle changed the run: hidden %d", hidden)
	}

	// Our .npz of chapter 5's net, on a fresh page in English.
	p.must(`await scratchnet.configure({activation: "relu"}); await scratchnet.step(300)`, nil)
	var want struct{ Accuracy float64 }
	p.must(`return await scratchnet.inspect()`, &want)
	fresh := ready(t, "?lang=en")
	var raw []int
	p.must(`const b = await scratchnet.saveNPZ(); return Array.from(b)`, &raw)
	data := make([]byte, len(raw))
	for i, v := range raw {
		data[i] = byte(v)
	}
	file := filepath.Join(t.TempDir(), "relu.npz")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(fresh.ctx, chromedp.SetUploadFiles("#model-file", []string{file})); err != nil {
		t.Fatal(err)
	}
	fresh.waitFor(`document.getElementById("model-msg").textContent.startsWith("Loaded")`, 60*time.Second)
	var got struct {
		Accuracy float64
	}
	fresh.must(`return await scratchnet.inspect()`, &got)
	var act string
	fresh.must(`return document.querySelector("[name=activation]").value`, &act)
	if got.Accuracy != want.Accuracy || act != string(core.ActReLU) || fresh.text("model-guess") != "" {
		t.Errorf("our ReLU .npz on a fresh page: accuracy %v (want %v), activation %s, guess %q", got.Accuracy, want.Accuracy, act, fresh.text("model-guess"))
	}
}
