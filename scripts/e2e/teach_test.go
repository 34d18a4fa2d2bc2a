//go:build !js

package e2e

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"scratchnet/core"
	"scratchnet/core/i18n"
	"scratchnet/core/mnistdir"
)

// viewport sets the page's size in CSS pixels, as a laptop's or a phone's.
func (p *page) viewport(w, h int64) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, chromedp.EmulateViewport(w, h)); err != nil {
		p.t.Fatal(err)
	}
	p.must(`await new Promise(r => requestAnimationFrame(() => setTimeout(r, 200)))`, nil)
}

// shot saves what the viewport shows (not the whole page).
func (p *page) shot(name string) {
	p.t.Helper()
	buf, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		p.t.Fatal(err)
	}
	os.MkdirAll(shotDir(), 0o755)
	if err := os.WriteFile(filepath.Join(shotDir(), name+".png"), buf, 0o644); err != nil {
		p.t.Fatal(err)
	}
}

// englishLeaks lists the visible texts of a ko or ja page that read as
// English: two English words in a row with no Hangul, kana or kanji near
// them, outside code, the language menu and the book's Python, and file
// inputs the browser draws itself.
const englishLeaks = `
	const out = [];
	const ok = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/;
	const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	for (let n = walker.nextNode(); n; n = walker.nextNode()) {
		const el = n.parentElement;
		const s = n.textContent.trim();
		if (!s || el.closest("code, #lang, script, style, [hidden], .u-legend .u-value")) continue;
		if (el.offsetParent === null && el.tagName !== "OPTION") continue;
		if (/[A-Za-z]{3,}[ -][A-Za-z]{3,}/.test(s) && !ok.test(s)) out.push(s);
	}
	for (const el of document.querySelectorAll("[aria-label]")) {
		const s = el.getAttribute("aria-label");
		if (/[A-Za-z]{3,}[ -][A-Za-z]{3,}/.test(s) && !ok.test(s)) out.push("aria-label: " + s);
	}
	// A file input shown as the browser draws it says "Choose File" in
	// the browser's language.
	for (const el of document.querySelectorAll("input[type=file]")) {
		const r = el.getBoundingClientRect();
		if (r.width > 1 && r.height > 1 && getComputedStyle(el).opacity !== "0") out.push("the browser's file button: #" + el.id);
	}
	return out;`

// TestLanguages is the first view in each language, on a laptop and on a
// phone: one sentence, the primary Train button and both charts without
// scrolling; every string from the catalogue; a refused value worded in
// the language; the switch keeps the language in the URL.
func TestLanguages(t *testing.T) {
	for _, lang := range i18n.Languages {
		t.Run(lang, func(t *testing.T) {
			p := ready(t, "?lang="+lang)
			var got struct {
				Lang    string   `json:"lang"`
				Missing []string `json:"missing"`
			}
			p.must(`return {lang: document.documentElement.lang, missing: scratchnet.missingKeys()}`, &got)
			if got.Lang != lang || len(got.Missing) > 0 {
				t.Errorf("html lang %q, keys missing from the %s catalogue: %q", got.Lang, lang, got.Missing)
			}
			for _, vp := range []struct {
				name string
				w, h int64
			}{{"laptop", 1366, 768}, {"phone", 390, 844}} {
				p.viewport(vp.w, vp.h)
				var r struct {
					Bottom, Right, ScrollW float64
					Primary                bool
				}
				p.must(`const ids = ["intro", "btn-train", "loss-chart", "acc-chart"];
					const rs = ids.map(id => document.getElementById(id).getBoundingClientRect());
					return {Bottom: Math.max(...rs.map(r => r.bottom)), Right: Math.max(...rs.map(r => r.right)),
						ScrollW: document.scrollingElement.scrollWidth,
						Primary: document.querySelectorAll("button.primary").length === 1 && document.getElementById("btn-train").classList.contains("primary")}`, &r)
				if r.Bottom > float64(vp.h) || r.Right > float64(vp.w) || r.ScrollW > float64(vp.w) || !r.Primary {
					t.Errorf("%s %d×%d: the sentence, Train and the charts end at %.0f×%.0f; the page is %.0f wide; one primary Train: %v", lang, vp.w, vp.h, r.Right, r.Bottom, r.ScrollW, r.Primary)
				}
				p.shot(fmt.Sprintf("first-view-%s-%s", lang, vp.name))
			}
			p.viewport(1366, 768)
			if lang != "en" {
				var leaks []string
				p.must(`await scratchnet.step(700); await scratchnet.gradCheckStep(); await scratchnet.pickTest(0); await scratchnet.inspect(); `+englishLeaks, &leaks)
				if len(leaks) > 0 {
					t.Errorf("English on the %s page: %q", lang, leaks)
				}
			}
			// A refused value, worded in the language.
			p.must(`const f = document.querySelector("[name=learningRate]"); f.value = "-1"; f.dispatchEvent(new Event("change", {bubbles: true}))`, nil)
			want := i18n.Format(lang, i18n.M("field.range.gt", "field", i18n.Term("setting.learningRate.label"), "min", 0.0, "got", -1.0))
			p.waitFor(`document.getElementById("err-learningRate").textContent !== ""`, 10*time.Second)
			if msg := p.text("err-learningRate"); msg != want {
				t.Errorf("learning rate −1: %q, want %q", msg, want)
			}
		})
	}
	// Switching on the page words it again and keeps the choice in the URL.
	p := ready(t, "?lang=en")
	p.must(`const s = document.getElementById("lang"); s.value = "ja"; s.dispatchEvent(new Event("change"));
		await new Promise(r => setTimeout(r, 300))`, nil)
	var after struct{ URL, Train, Label string }
	p.must(`return {URL: location.search, Train: document.getElementById("btn-train").textContent,
		Label: document.querySelector("label[for=f-learningRate]").textContent}`, &after)
	if !strings.Contains(after.URL, "lang=ja") || after.Train != i18n.Catalogue("ja")["btn.train"] || after.Label != "学習率" {
		t.Errorf("after switching to ja: %+v", after)
	}
}

// TestFourSteps: the strip shows the mini-batch, the gradient per
// parameter, the update and the count in the run's own numbers; Walk takes
// one step and shows the four in turn.
func TestFourSteps(t *testing.T) {
	p := ready(t, "")
	p.must(`await scratchnet.step(5)`, nil)
	var v core.StepView
	p.must(`const v = await scratchnet.lastStep(); delete v.pixels; return v`, &v)
	if v.Iteration != 5 || len(v.Indices) != 8 || v.BatchSize != 100 || v.GradNorm[0] == 0 || math.Abs(v.StepNorm[2]-0.1*v.GradNorm[2]) > 1e-9 {
		t.Errorf("last step %+v", v)
	}
	if s := p.text("loop-4-text"); !strings.Contains(s, "60,000 ÷ 100 = 600") || !strings.Contains(s, "16.7 epochs") || !strings.Contains(s, "iteration 5") {
		t.Errorf("④ says %q", s)
	}
	if s := p.text("loop-1-text"); !strings.Contains(s, fmt.Sprint(v.Labels[0])) {
		t.Errorf("① says %q, labels %v", s, v.Labels)
	}
	for k := 1; k <= 4; k++ {
		p.must(`document.getElementById("btn-walk").click(); await new Promise(r => setTimeout(r, 300))`, nil)
		var now string
		p.must(`return document.querySelector(".loop li.now").id + " " + scratchnet.state().iteration`, &now)
		if now != fmt.Sprintf("loop-%d 6", k) {
			t.Errorf("walk %d: %q", k, now)
		}
	}
	p.must(`document.getElementById("loop").scrollIntoView()`, nil)
	p.screenshot("four-steps")
}

// TestRunsSideBySide keeps finished runs in IndexedDB, overlays them, and
// renames, hides and deletes them; they survive a reload.
func TestRunsSideBySide(t *testing.T) {
	p := ready(t, "")
	for _, c := range []string{
		`{hidden: 100, trainSize: 300, learningRate: 0.5, iterations: 300}`,
		`{hidden: 100, trainSize: 300, learningRate: 0.5, iterations: 300, weightDecay: 0.1}`,
	} {
		p.must(`await scratchnet.configure(`+c+`); await scratchnet.train();`, nil)
		p.waitFor(`scratchnet.state().stop === "done"`, time.Minute)
	}
	p.waitFor(`document.querySelectorAll("#runs-list li").length === 2`, 10*time.Second)
	var names []string
	p.must(`return Array.from(document.querySelectorAll("#runs-list input:not([type])"), i => i.value)`, &names)
	if len(names) != 2 || !strings.Contains(names[1], "Weight decay λ 0.1") || !strings.Contains(names[0], "Training-set size 300") {
		t.Errorf("kept runs named %q", names)
	}
	// The message naming the run just kept follows the language too.
	p.lang("ko")
	if m := p.text("runs-msg"); !strings.Contains(m, "가중치 감소 λ 0.1") || strings.Contains(m, "Weight decay") {
		t.Errorf("in ko, the kept message says %q", m)
	}
	p.lang("en")
	p.must(`const i = document.querySelector("#runs-list input:not([type])"); i.value = "no decay"; i.dispatchEvent(new Event("change"));
		await new Promise(r => setTimeout(r, 300));
		const box = document.querySelectorAll("#runs-list input[type=checkbox]")[1]; box.click(); await new Promise(r => setTimeout(r, 300))`, nil)
	if err := chromedp.Do(p.ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	p.waitFor(`window.scratchnet !== undefined`, 30*time.Second)
	p.must(`await scratchnet.ready`, nil)
	// The list, then the charts a frame or two later.
	p.waitFor(`document.querySelectorAll("#runs-list li").length === 2 && document.querySelectorAll("#runs-acc .u-series").length > 0`, 10*time.Second)
	var after struct {
		Name   string
		Hidden bool
		Series int
	}
	p.must(`const runs = await scratchnet.runs(); return {Name: runs[0].name, Hidden: !!runs[1].hidden,
		Series: document.querySelectorAll("#runs-acc .u-series").length}`, &after)
	// One run shown: the x series, its test and its train.
	if after.Name != "no decay" || !after.Hidden || after.Series != 3 {
		t.Errorf("after a reload: %+v", after)
	}
	p.must(`document.getElementById("runs").scrollIntoView()`, nil)
	p.screenshot("runs")
	// A name the page gave follows the language; a reader's stays.
	p.lang("ko")
	p.waitFor(`Array.from(document.querySelectorAll("#runs-list input:not([type])"), i => i.value)[1].includes("가중치 감소 λ 0.1")`, 10*time.Second)
	p.must(`return Array.from(document.querySelectorAll("#runs-list input:not([type])"), i => i.value)`, &names)
	if names[0] != "no decay" {
		t.Errorf("in ko, the renamed run is %q", names[0])
	}
	p.lang("en")
	p.must(`document.querySelector("#runs-list button").click(); await new Promise(r => setTimeout(r, 300))`, nil)
	var left int
	p.must(`return (await scratchnet.runs()).length`, &left)
	if left != 1 {
		t.Errorf("%d runs after a delete", left)
	}
}

// TestDrawnDigits draws core/testdata/drawn-digits.json (60 digits: large,
// small in a corner, slanted) with real pointer events and classifies them
// with the book's chapter 4 and chapter 5 nets after its 10,000
// iterations, trained here natively and loaded into the page. The page
// must read what core reads from the same paths; both accuracies are
// logged and must reach 90%.
func TestDrawnDigits(t *testing.T) {
	b, err := os.ReadFile("../../core/testdata/drawn-digits.json")
	if err != nil {
		t.Fatal(err)
	}
	var set struct {
		Drawings []struct {
			Digit   int            `json:"digit"`
			Place   string         `json:"place"`
			Strokes [][][2]float64 `json:"strokes"`
		} `json:"drawings"`
	}
	if err := json.Unmarshal(b, &set); err != nil {
		t.Fatal(err)
	}
	p := ready(t, "")
	train, test, err := core.LoadMNIST(mnistdir.ForTest(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, act := range []core.Activation{core.ActSigmoid, core.ActReLU} {
		cfg := core.BookConfig()
		cfg.Activation = act
		tr, err := core.NewTrainer(cfg, train, test)
		if err != nil {
			t.Fatal(err)
		}
		if err := tr.Run(cfg.Iterations); err != nil {
			t.Fatal(err)
		}
		model := core.EncodeModel(tr.Net, core.ModelHeader{Config: cfg, Iterations: tr.Iteration}, tr.Opt)
		p.must(`await scratchnet.loadModel(`+b64(model)+`)`, nil)
		right, agree := 0, 0
		for _, d := range set.Drawings {
			p.must(`document.getElementById("btn-clear").click()`, nil)
			for _, s := range d.Strokes {
				p.drawStroke(s)
			}
			var got int
			p.must(`return (await scratchnet.drawn()).digit`, &got)
			var strokes [][]core.Point
			for _, s := range d.Strokes {
				var pts []core.Point
				for _, q := range s {
					pts = append(pts, core.Point{X: q[0], Y: q[1]})
				}
				strokes = append(strokes, pts)
			}
			img, err := core.RenderStrokes(strokes)
			if err != nil {
				t.Fatal(err)
			}
			if native, _ := tr.Net.Classify(img); native == got {
				agree++
			}
			if got == d.Digit {
				right++
			}
		}
		n := len(set.Drawings)
		t.Logf("%s net after 10,000 iterations: %d of %d drawn digits read (%.1f%%); the page agrees with core on %d", act, right, n, 100*float64(right)/float64(n), agree)
		if right < n*9/10 || agree < n-2 {
			t.Errorf("%s net: %d of %d right, %d agree with core", act, right, n, agree)
		}
	}
	p.must(`document.getElementById("drawing").scrollIntoView()`, nil)
	p.screenshot("drawn-why")
}

// TestGradCheckLesson: Next skips zero gradients, a click on the W1 map
// checks that weight, a tiny h shows its rounding, the error is plotted
// against h, and Check all shows the book's figures beside ours.
func TestGradCheckLesson(t *testing.T) {
	p := ready(t, "")
	var s struct {
		core.GradStep
		Skipped int `json:"skipped"`
	}
	p.must(`return await scratchnet.gradCheckStep()`, &s)
	if s.Backprop == 0 || s.Skipped == 0 || !strings.Contains(p.text("gc-sign"), fmt.Sprintf("Skipped %s parameters", comma(s.Skipped))) {
		t.Errorf("Next from the start: %+v, the page says %q", s, p.text("gc-sign"))
	}
	p.waitFor(`!document.getElementById("gc-h-fig").hidden && document.querySelector("#gc-h-chart canvas") !== null`, 20*time.Second)
	if txt := p.text("gc-h-text"); !strings.Contains(txt, "Smallest error") {
		t.Errorf("error against h: %q", txt)
	}
	// Unit 3's tile, pixel (14, 10): W1[10·28+14][3].
	p.must(`const c = document.getElementById("weights"); c.scrollIntoView({block: "center"}); const r = c.getBoundingClientRect();
		const x = r.left + (3 * 30 + 14.5) * r.width / c.width, y = r.top + (0 * 30 + 10.5) * r.height / c.height;
		c.dispatchEvent(new MouseEvent("click", {clientX: x, clientY: y, bubbles: true}))`, nil)
	p.waitFor(`document.getElementById("gc-step").textContent.includes("W1[294][3]")`, 20*time.Second)
	p.must(`document.getElementById("gc-h").value = "1e-12"; await scratchnet.gradCheckStep({key: "W2", row: 0, col: 0})`, nil)
	if txt := p.text("gc-sign"); !strings.Contains(txt, "rounding error") {
		t.Errorf("h = 1e-12: %q", txt)
	}
	p.must(`document.getElementById("gc-h").value = "0.0001"; await scratchnet.gradCheckAll()`, nil)
	if txt := p.text("gc-all"); !strings.Contains(txt, "the book prints") || !strings.Contains(txt, "2.223e-13") || !strings.Contains(p.text("gc-all-note"), "the book's chapter 5 net (ReLU)") {
		t.Errorf("check all: %q / %q", txt, p.text("gc-all-note"))
	}
	p.must(`document.getElementById("gradcheck").scrollIntoView()`, nil)
	p.screenshot("gradcheck-lesson")
}

// TestAccessibility runs axe-core on the page with every panel filled, in
// each language, checks the live region's cadence and that a keyboard
// user can classify a test image, and that nothing runs past the right
// edge at 390 px.
func TestAccessibility(t *testing.T) {
	axe, err := os.ReadFile(filepath.Join(siteDir(t), "..", "..", "web", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		t.Fatalf("axe-core (web/package.json; make site installs it): %v", err)
	}
	for _, lang := range i18n.Languages {
		t.Run(lang, func(t *testing.T) {
			p := ready(t, "?lang="+lang)
			// The live region over 2,000 iterations: a few epochs, not every slice.
			p.must(`window.heard = []; new MutationObserver(() => heard.push(document.getElementById("announce").textContent))
				.observe(document.getElementById("announce"), {childList: true, characterData: true, subtree: true});
				await scratchnet.train(); while (scratchnet.state().iteration < 2000) await new Promise(r => setTimeout(r, 50)); await scratchnet.pause()`, nil)
			var heard []string
			p.must(`return heard`, &heard)
			if len(heard) == 0 || len(heard) > 6 {
				t.Errorf("the live region spoke %d times in 2,000 iterations: %q", len(heard), heard)
			}
			// Every panel filled.
			p.must(`await scratchnet.gradCheckStep(); await scratchnet.gradCheckAll(); await scratchnet.keepRun(); await scratchnet.inspect()`, nil)
			p.drawStroke(line([2]float64{150, 40}, [2]float64{135, 240}, 20))
			p.must(`await scratchnet.drawn()`, nil)
			// A keyboard user classifies test image 3 (a 0).
			if err := chromedp.Do(p.ctx, chromedp.Focus("#pick-idx"), chromedp.SetValue("#pick-idx", "3"), chromedp.KeyEvent("\r")); err != nil {
				t.Fatal(err)
			}
			p.waitFor(`document.getElementById("prediction").textContent.includes("3") && document.getElementById("prediction").textContent.includes("0")`, 10*time.Second)
			p.must(string(axe), nil)
			var violations []struct {
				ID    string `json:"id"`
				Nodes []struct {
					Target []string `json:"target"`
				} `json:"nodes"`
			}
			p.must(`const r = await axe.run(document); return r.violations.map(v => ({id: v.id, nodes: v.nodes.slice(0, 3).map(n => ({target: n.target}))}))`, &violations)
			for _, v := range violations {
				t.Errorf("axe: %s on %v", v.ID, v.Nodes)
			}
			p.viewport(390, 844)
			var over []string
			p.must(`const out = []; const W = document.documentElement.clientWidth;
				for (const el of document.querySelectorAll("main *")) {
					const r = el.getBoundingClientRect(); if (r.width === 0 || el.closest("[hidden], .scroll")) continue;
					const card = el.closest(".card"); const c = card ? card.getBoundingClientRect() : {right: W};
					if (r.right > Math.min(W, c.right) + 1) out.push((el.id || el.tagName) + " " + Math.round(r.right));
				}
				for (const s of document.querySelectorAll("select")) if (s.scrollWidth > s.clientWidth + 1) out.push("select " + s.name + " cut");
				return out.slice(0, 10)`, &over)
			if len(over) > 0 {
				t.Errorf("at 390 px these run past their card or the screen: %q", over)
			}
		})
	}
}
