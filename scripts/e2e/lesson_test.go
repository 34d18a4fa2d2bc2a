//go:build !js

package e2e

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"scratchnet/core"
	"scratchnet/core/i18n"
)

// Chapter 5's lesson: the computational graphs, the net as layers, the
// bugs the gradient check catches, and the check on the book's net.

// lessonReady opens the page in lang and waits until the lesson's panels
// have their first contents.
func lessonReady(t *testing.T, lang string) *page {
	t.Helper()
	p := ready(t, "?lang="+lang)
	p.viewport(1366, 900)
	p.waitFor(`document.querySelector("#graph-svg circle") !== null && document.querySelector("#layers-chain li") !== null && document.querySelector("input[name=bug]") !== null`, 60*time.Second)
	return p
}

// graphTable reads the graph panel's table: input → [value, derivative]
// as the page shows them ("—" while not known).
func (p *page) graphTable() map[string][2]string {
	p.t.Helper()
	var rows [][3]string
	p.must(`return [...document.querySelectorAll("#graph-table tr")].slice(1).map(tr => {
		const c = [...tr.children].map(e => e.textContent); return [c[0].match(/\(([a-z_]+)\)$/)[1], c[1], c[2]]; })`, &rows)
	out := map[string][2]string{}
	for _, r := range rows {
		out[r[0]] = [2]string{r[1], r[2]}
	}
	return out
}

// press presses the button id with the keyboard (Enter on the focused
// element, which must be that button) and waits a moment.
func (p *page) press(id string) {
	p.t.Helper()
	var focused string
	p.must(`return document.activeElement.id`, &focused)
	if focused != id {
		p.t.Fatalf("the focus is on %q, not %q", focused, id)
	}
	if err := chromedp.Do(p.ctx, chromedp.KeyEvent("\r")); err != nil {
		p.t.Fatal(err)
	}
	p.must(`await new Promise(r => setTimeout(r, 50))`, nil)
}

// editionTerms are each edition's words for chapter 5 (computational
// graph, local calculation, chain rule, forward and backward propagation,
// addition and multiplication nodes; layer, the Affine and
// Softmax-with-Loss layers), lower case.
var editionTerms = map[string][]string{
	"ko": {"계산 그래프", "국소적 계산", "연쇄법칙", "순전파", "역전파", "덧셈 노드", "곱셈 노드", "계층", "affine 계층", "softmax-with-loss 계층"},
	"ja": {"計算グラフ", "局所的な計算", "連鎖律", "順伝播", "逆伝播", "加算ノード", "乗算ノード", "レイヤ", "affineレイヤ", "softmax-with-lossレイヤ"},
	"en": {"computational graph", "local calculation", "chain rule", "forward propagation", "backpropagation", "addition node", "multiplication node", "layer", "affine layer", "softmax-with-loss layer"},
}

// TestLessonGraph steps both of the book's shopping graphs forward and
// backward in each language: apples with the keyboard alone (the focus
// moves on from a button that is done), apples and oranges with clicks;
// each node's rule in the edition's words and the book's figures, drawn
// above and below the arrows and in the table; an edited count computes
// again; graph() answers Go's numbers.
func TestLessonGraph(t *testing.T) {
	for _, lang := range i18n.Languages {
		t.Run(lang, func(t *testing.T) {
			p := lessonReady(t, lang)
			cat := i18n.Catalogue(lang)
			term := func(key string) string { // the words before the first placeholder
				return strings.TrimSpace(strings.SplitN(cat[key], "{", 2)[0])
			}
			seen := p.text("graph") // the texts shown along the way, for the edition's terms
			ruleNow := func() string {
				r := p.text("graph-rule")
				seen += r
				return r
			}
			svgText := func() string {
				var s string
				p.must(`return [...document.querySelectorAll("#graph-svg text")].map(e => e.textContent).join(" ")`, &s)
				return s
			}
			// Apples, by keyboard.
			p.must(`document.getElementById("btn-graph-fwd").focus()`, nil)
			p.press("btn-graph-fwd")
			if rule := ruleNow(); !strings.Contains(rule, term("graph.fwd.mul")) || !strings.Contains(rule, "100 × 2 = 200") {
				t.Errorf("apples, forward 1: %q", rule)
			}
			p.press("btn-graph-fwd") // the last forward: the focus moves to Step back
			if rule, next := ruleNow(), p.text("graph-next"); !strings.Contains(rule, "200 × 1.1 = 220") || !strings.Contains(next, "220") {
				t.Errorf("apples, forward 2: %q / %q", rule, next)
			}
			if s := svgText(); !strings.Contains(s, "220") || strings.Contains(s, "2.2 ") {
				t.Errorf("apples forward, the graph says %q", s)
			}
			p.press("btn-graph-back")
			if rule := ruleNow(); !strings.Contains(rule, term("graph.bwd.mul")) || !strings.Contains(rule, "1 × 1.1 = 1.1") || !strings.Contains(rule, "1 × 200 = 200") {
				t.Errorf("apples, backward 1: %q", rule)
			}
			p.press("btn-graph-back")
			got := p.graphTable()
			want := map[string][2]string{"apple": {"100", "2.2"}, "apple_num": {"2", "110"}, "tax": {"1.1", "200"}, "price": {"220", "1"}}
			for k, v := range want {
				if got[k] != v {
					t.Errorf("apples, backward done: %s is %q, want %q", k, got[k], v)
				}
			}
			for _, w := range []string{"2.2", "110", "200"} {
				if !strings.Contains(svgText(), w) {
					t.Errorf("apples: %s is not on the graph: %q", w, svgText())
				}
			}
			if next := p.text("graph-next"); !strings.Contains(next, term("graph.done")) || !strings.Contains(next, "2.2") {
				t.Errorf("apples done: %q", next)
			}
			var focus string
			p.must(`return document.activeElement.id`, &focus)
			if focus != "btn-graph-again" {
				t.Errorf("after the last step the focus is on %q", focus)
			}
			// Apples and oranges, by clicks.
			p.must(`document.querySelector("input[name=graph-name][value=fruit]").click()`, nil)
			p.waitFor(`document.querySelectorAll("#graph-svg circle").length === 4`, 10*time.Second)
			for i := 0; i < 4; i++ {
				p.must(`document.getElementById("btn-graph-fwd").click()`, nil)
				if r := ruleNow(); i == 2 && (!strings.Contains(r, term("graph.fwd.add")) || !strings.Contains(r, "200 + 450 = 650")) {
					t.Errorf("fruit, the addition forward: %q", r)
				}
			}
			if s := svgText(); !strings.Contains(s, "715") || !strings.Contains(s, "650") || !strings.Contains(s, "450") {
				t.Errorf("fruit forward: %q", s)
			}
			p.must(`document.getElementById("btn-graph-back").click(); document.getElementById("btn-graph-back").click()`, nil)
			if rule := ruleNow(); !strings.Contains(rule, term("graph.bwd.add")) || !strings.Contains(rule, "1.1") {
				t.Errorf("fruit, the addition backward: %q", rule)
			}
			p.must(`document.getElementById("btn-graph-back").click(); document.getElementById("btn-graph-back").click()`, nil)
			got = p.graphTable()
			want = map[string][2]string{"apple": {"100", "2.2"}, "apple_num": {"2", "110"}, "orange": {"150", "3.3"}, "orange_num": {"3", "165"}, "tax": {"1.1", "650"}, "price": {"715", "1"}}
			for k, v := range want {
				if got[k] != v {
					t.Errorf("fruit, backward done: %s is %q, want %q", k, got[k], v)
				}
			}
			for _, w := range []string{cat["graph.var.orange"], cat["graph.var.tax"], cat["graph.var.price"]} {
				if !strings.Contains(svgText(), w) {
					t.Errorf("fruit: %q is not on the graph", w)
				}
			}
			for _, w := range editionTerms[lang][:7] {
				if !strings.Contains(strings.ToLower(seen), w) {
					t.Errorf("%s: the graphs never say %q", lang, w)
				}
			}
			// The reader buys three apples: the graph computes again.
			p.must(`const f = document.getElementById("graph-in-apple_num"); f.value = "3"; f.dispatchEvent(new Event("change"))`, nil)
			p.waitFor(`document.querySelector("#graph-table tr:last-child td").textContent === "825"`, 10*time.Second)
			// The console's call.
			var r core.GraphRun
			p.must(`return await scratchnet.graph("apple")`, &r)
			apple, num, tax := 100.0, 2.0, 1.1 // float64 arithmetic, as the book's Python
			if r.Forward["price"] != apple*num*tax || r.Backward["dapple"] != 2.2 || r.Backward["dtax"] != 200 || len(r.Nodes) != 2 {
				t.Errorf("graph(apple): %+v", r)
			}
			if err := p.eval(`return await scratchnet.graph("fruit", {tax: "much"})`, nil); err == nil {
				t.Errorf("graph with a tax of %q: no error", "much")
			}
		})
	}
}

// layersView is what layers() resolves, as far as the tests read it.
type layersView struct {
	Images []int `json:"images"`
	Layers []struct {
		Name   string           `json:"name"`
		Params []string         `json:"params"`
		Shapes map[string][]int `json:"shapes"`
	} `json:"layers"`
	Grads map[string][]float64 `json:"grads"`
	Loss  float64              `json:"loss"`
}

// TestLessonLayers: the run's net as the book's layers, stepped through
// in each language with each edition's names of the layers; the shapes in
// the run's numbers, going back each gradient beside the part whose
// shape it has; another mini-batch by number; layers() for the console.
func TestLessonLayers(t *testing.T) {
	for _, lang := range i18n.Languages {
		t.Run(lang, func(t *testing.T) {
			p := lessonReady(t, lang)
			cat := i18n.Catalogue(lang)
			var v layersView
			p.must(`return await scratchnet.layers({images: [0, 1, 2]})`, &v)
			names := []string{}
			for _, l := range v.Layers {
				names = append(names, l.Name)
			}
			if strings.Join(names, " ") != "Affine Sigmoid Affine SoftmaxWithLoss" || fmt.Sprint(v.Layers[0].Shapes["x"], v.Layers[0].Shapes["W"], v.Layers[0].Shapes["dW"], v.Layers[2].Shapes["out"]) != "[3 784] [784 50] [784 50] [3 10]" ||
				len(v.Grads["W1"]) != 784*50 || len(v.Grads["b2"]) != 10 {
				t.Fatalf("layers: %v %+v", names, v.Layers)
			}
			// Test images by number, through the form: test image 0 is a 7.
			p.must(`document.getElementById("layers-set").value = "test"; document.getElementById("layers-images").value = "0";
				document.getElementById("btn-layers-show").click()`, nil)
			p.waitFor(`document.getElementById("layers-note").textContent.includes("N = 1")`, 30*time.Second)
			var test struct {
				Set    string `json:"set"`
				Labels []int  `json:"labels"`
			}
			p.must(`return await scratchnet.layers({images: [0], set: "test"})`, &test)
			if test.Set != "test" || fmt.Sprint(test.Labels) != "[7]" || !strings.Contains(p.text("layers-note"), "7") {
				t.Errorf("test image 0: %+v, note %q", test, p.text("layers-note"))
			}
			p.must(`return await scratchnet.layers({images: [0, 1, 2]})`, &v)
			chain := p.text("layers-chain")
			for _, w := range editionTerms[lang][7:] {
				if !strings.Contains(strings.ToLower(chain), w) {
					t.Errorf("%s: the layers never say %q: %q", lang, w, chain)
				}
			}
			for _, w := range []string{cat["layers.name.Affine"], cat["layers.name.SoftmaxWithLoss"], "3×784 → 3×50", "3×50 → 3×10"} {
				if !strings.Contains(chain, w) {
					t.Errorf("the chain %q lacks %q", chain, w)
				}
			}
			step := func(id string) {
				p.must(`document.getElementById("`+id+`").click()`, nil)
			}
			step("btn-layers-fwd")
			if s := p.text("layers-now"); !strings.Contains(s, "Y = X·W + B") || !strings.Contains(s, "(3×784)·(784×50) + (50) = 3×50") {
				t.Errorf("forward, Affine: %q", s)
			}
			for i := 0; i < 3; i++ {
				step("btn-layers-fwd")
			}
			if s := p.text("layers-now"); !strings.Contains(s, cat["layers.name.SoftmaxWithLoss"]) || !strings.Contains(p.text("layers-detail"), "T") {
				t.Errorf("forward, Softmax-with-Loss: %q", s)
			}
			step("btn-layers-back")
			if s := p.text("layers-now"); !strings.Contains(s, "∂L/∂X = (Y − T) / N") {
				t.Errorf("backward, Softmax-with-Loss: %q", s)
			}
			for i := 0; i < 3; i++ {
				step("btn-layers-back")
			}
			s, detail := p.text("layers-now"), p.text("layers-detail")
			for _, w := range []string{"∂L/∂X = ∂L/∂Y·Wᵀ", "∂L/∂W = Xᵀ·∂L/∂Y: (784×3)·(3×50) = 784×50", "∂L/∂B"} {
				if !strings.Contains(strings.ReplaceAll(s, "：", ": "), w) {
					t.Errorf("backward, the first Affine: %q lacks %q", s, w)
				}
			}
			if !strings.Contains(detail, "∂L/∂W784×50W (784×50)") || !strings.Contains(detail, "∂L/∂B50B (50)") {
				t.Errorf("backward, the first Affine's shapes: %q", detail)
			}
			// Two other training images, by number.
			p.must(`document.getElementById("layers-images").value = "7, 8"; document.getElementById("btn-layers-show").click()`, nil)
			p.waitFor(`document.getElementById("layers-chain").textContent.includes("2×784")`, 10*time.Second)
			if note := p.text("layers-note"); !strings.Contains(note, "N = 2") {
				t.Errorf("two images: %q", note)
			}
			p.must(`document.getElementById("layers-images").value = "a, b"; document.getElementById("btn-layers-show").click()`, nil)
			if msg := p.text("layers-error"); msg != cat["layers.imagesBad"] {
				t.Errorf("a bad number: %q", msg)
			}
			if err := p.eval(`return await scratchnet.layers({images: [60000]})`, nil); err == nil || !strings.Contains(p.text("layers-error"), "59") {
				t.Errorf("image 60000: %v, the page says %q", err, p.text("layers-error"))
			}
		})
	}
}

// checkErrors reads the bug panel's table: parameter → [with, verdict].
func (p *page) checkErrors() map[string][2]string {
	p.t.Helper()
	var rows [][]string
	p.must(`return [...document.querySelectorAll("#bugs-check tr")].slice(1).map(tr => [...tr.children].map(e => e.textContent))`, &rows)
	out := map[string][2]string{}
	for _, r := range rows {
		v := [2]string{r[1], ""}
		if len(r) > 3 {
			v[1] = r[3]
		}
		out[r[0]] = v
	}
	return out
}

// TestLessonBugs switches bugs on and off through the page: the check on
// the same three images jumps on the parameters each bug spoils and on no
// other, the layers view says the bug is on, the short run draws both
// losses; "right" switches it off and every error is tiny again.
func TestLessonBugs(t *testing.T) {
	p := lessonReady(t, "en")
	errOf := func(s string) float64 {
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("an error of %q", s)
		}
		return x
	}
	for _, b := range core.BackpropBugs {
		p.must(`document.querySelector("input[name=bug][value=`+string(b.Bug)+`]").click()`, nil)
		p.waitFor(`document.getElementById("bugs-msg").textContent.startsWith("With this bug")`, 60*time.Second)
		got := p.checkErrors()
		for _, k := range []string{"W1", "b1", "W2", "b2"} {
			spoiled := strings.Contains(strings.Join(b.Spoils, " "), k)
			e := errOf(got[k][0])
			if spoiled && (e < 1e-4 || got[k][1] != "caught") || !spoiled && (e > 1e-9 || got[k][1] != "unchanged") {
				t.Errorf("%s: %s's error %s (%s); it spoils %v", b.Bug, k, got[k][0], got[k][1], b.Spoils)
			}
		}
		net := map[core.Activation]string{"": "relu", core.ActReLU: "relu", core.ActSigmoid: "sigmoid"}[b.Activation]
		var gcNet string
		p.must(`return document.getElementById("gc-net").value`, &gcNet)
		if gcNet != net || !strings.Contains(p.text("gc-all-bug"), "bug switched on") {
			t.Errorf("%s: the gradient check checked %q, says %q", b.Bug, gcNet, p.text("gc-all-bug"))
		}
		p.waitFor(`!document.getElementById("layers-bug").hidden`, 10*time.Second)
	}
	// The short run of the last bug (the one-image softmax): its loss
	// leaves the right one's far behind.
	p.must(`document.getElementById("btn-bugrun").click()`, nil)
	p.waitFor(`!document.getElementById("bugs-run-fig").hidden && document.querySelector("#bugs-run-chart canvas") !== null`, 3*time.Minute)
	if msg := p.text("bugs-run-msg"); !strings.Contains(msg, "After 100 iterations") {
		t.Errorf("the short run: %q", msg)
	}
	p.must(`document.getElementById("bugs").scrollIntoView()`, nil)
	p.shot("lesson-bugs-en")
	// Off again.
	p.must(`document.querySelector("input[name=bug][value='']").click()`, nil)
	p.waitFor(`document.getElementById("bugs-msg").textContent.startsWith("No bug")`, 60*time.Second)
	for k, v := range p.checkErrors() {
		if errOf(v[0]) > 1e-9 {
			t.Errorf("no bug: %s's error is %s", k, v[0])
		}
	}
	var on struct {
		On string `json:"on"`
	}
	p.must(`return await scratchnet.backpropBug()`, &on)
	if on.On != "" || !p.hidden("layers-bug") || !p.hidden("gc-all-bug") {
		t.Errorf("after switching off: on %q, the layers' note hidden %v, the check's %v", on.On, p.hidden("layers-bug"), p.hidden("gc-all-bug"))
	}
	// The console's switch moves the page's.
	p.must(`await scratchnet.backpropBug("softmaxNoN")`, nil)
	var checked string
	p.must(`return document.querySelector("input[name=bug]:checked").value`, &checked)
	if checked != "softmaxNoN" {
		t.Errorf("backpropBug(softmaxNoN): the page has %q checked", checked)
	}
	p.must(`await scratchnet.backpropBug(null)`, nil)
}

func (p *page) hidden(id string) bool {
	p.t.Helper()
	var h bool
	p.must(`return document.getElementById("`+id+`").hidden`, &h)
	return h
}

// TestLessonCheckNet: the gradient check on the book's chapter 5 net by
// default, its figures beside the book's and said to be for that net; a
// zero gradient's reason is the Go module's (a ReLU unit inactive for all
// three images is not a blank pixel); the sigmoid twin and the run's
// weights on choice.
func TestLessonCheckNet(t *testing.T) {
	p := lessonReady(t, "en")
	var s struct {
		core.GradStep
		Net       string       `json:"net"`
		Skipped   int          `json:"skipped"`
		SkippedBy core.Skipped `json:"skippedBy"`
	}
	p.must(`return await scratchnet.gradCheckStep()`, &s)
	sign := p.text("gc-sign")
	inactive := fmt.Sprintf("%d weights of hidden units inactive", s.SkippedBy.InactiveUnit)
	if s.SkippedBy.InactiveUnit == 1 {
		inactive = "1 weight of a hidden unit inactive"
	}
	if s.Net != "relu" || s.SkippedBy.InactiveUnit == 0 || !strings.Contains(sign, inactive) ||
		!strings.Contains(sign, comma(s.SkippedBy.BlankPixel)+" W1 weights whose pixel is blank") {
		t.Errorf("Next on the book's net: %+v; the page says %q", s, sign)
	}
	// W2[0][0]: hidden unit 0 of the book's ReLU net is off for all three images.
	p.must(`return await scratchnet.gradCheckStep({key: "W2", row: 0, col: 0})`, &s)
	if sign := p.text("gc-sign"); s.Reason != core.ZeroInactiveUnit || !strings.Contains(sign, "hidden unit is inactive") || strings.Contains(sign, "blank") {
		t.Errorf("W2[0][0]: reason %q; the page says %q", s.Reason, sign)
	}
	var all struct {
		Net   string         `json:"net"`
		Diffs []core.KeyDiff `json:"diffs"`
	}
	p.must(`return await scratchnet.gradCheckAll()`, &all)
	if all.Net != "relu" || !strings.Contains(p.text("gc-all"), "2.482e-13") || !strings.Contains(p.text("gc-all-note"), "chapter 5 net (ReLU)") {
		t.Errorf("Check all: %+v, the page says %q / %q", all, p.text("gc-all"), p.text("gc-all-note"))
	}
	p.must(`document.getElementById("gc-net").value = "sigmoid"; document.getElementById("btn-gc-all").click()`, nil)
	p.waitFor(`document.getElementById("gc-all-note").textContent.includes("sigmoid")`, 30*time.Second)
	p.must(`return await scratchnet.gradCheckAll({net: "run"})`, &all)
	if all.Net != "run" || !strings.Contains(p.text("gc-all-note"), "current weights (iteration 0)") {
		t.Errorf("Check all on the run: %+v, %q", all, p.text("gc-all-note"))
	}
}

// TestLessonPages: the lesson in each language with every panel filled
// is axe-clean, asks for no missing key, and at 390 px nothing in it runs
// past its card or the screen; the four-steps strip links to it.
// Screenshots of each panel at 1366 and 390 px.
func TestLessonPages(t *testing.T) {
	for _, lang := range i18n.Languages {
		t.Run(lang, func(t *testing.T) {
			p := lessonReady(t, lang)
			var href string
			p.must(`return document.getElementById("loop-lesson").getAttribute("href")`, &href)
			if href != "#graph" {
				t.Errorf("the four-steps strip links to %q", href)
			}
			p.must(`document.querySelector("input[name=graph-name][value=fruit]").click(); await new Promise(r => setTimeout(r, 300));
				for (let i = 0; i < 6; i++) { const b = document.getElementById("btn-graph-fwd"); (b.disabled ? document.getElementById("btn-graph-back") : b).click(); }
				for (let i = 0; i < 7; i++) { const b = document.getElementById("btn-layers-fwd"); (b.disabled ? document.getElementById("btn-layers-back") : b).click(); }
				document.querySelector("input[name=bug][value=weightWrongRows]").click()`, nil)
			p.waitFor(`document.querySelectorAll("#bugs-check tr").length === 5 && document.getElementById("bugs-check").textContent.includes("W1")`, 60*time.Second)
			p.must(`await scratchnet.bugRun({iterations: 30})`, nil)
			var missing []string
			p.must(`return scratchnet.missingKeys()`, &missing)
			if len(missing) > 0 {
				t.Errorf("keys missing from %s: %q", lang, missing)
			}
			if lang != "en" {
				var leaks []string
				p.must(englishLeaks, &leaks)
				if len(leaks) > 0 {
					t.Errorf("English on the %s page: %q", lang, leaks)
				}
			}
			for _, v := range p.axe(`{include: [["#graph"], ["#layers"], ["#bugs"], ["#gradcheck"], ["#loop"]]}`) {
				t.Errorf("axe: %s on %+v", v.ID, v.Nodes)
			}
			for _, id := range []string{"graph", "layers", "bugs"} {
				p.must(`document.getElementById("`+id+`").scrollIntoView()`, nil)
				p.shot(fmt.Sprintf("lesson-%s-%s-laptop", id, lang))
			}
			p.viewport(390, 844)
			var over []string
			p.must(`const out = []; const W = document.documentElement.clientWidth;
				if (document.scrollingElement.scrollWidth > W) out.push("the page is " + document.scrollingElement.scrollWidth + " wide");
				for (const el of document.querySelectorAll("#graph *, #layers *, #bugs *, #gradcheck *")) {
					const r = el.getBoundingClientRect(); if (r.width === 0 || el.closest("[hidden], .scroll")) continue;
					const card = el.closest(".card").getBoundingClientRect();
					if (r.right > Math.min(W, card.right) + 1) out.push((el.id || el.tagName) + " " + Math.round(r.right));
				}
				return out.slice(0, 10)`, &over)
			if len(over) > 0 {
				t.Errorf("at 390 px these run past their card or the screen: %q", over)
			}
			for _, id := range []string{"graph", "layers", "bugs"} {
				p.must(`document.getElementById("`+id+`").scrollIntoView()`, nil)
				p.shot(fmt.Sprintf("lesson-%s-%s-phone", id, lang))
			}
		})
	}
}
