//go:build !js

package e2e

// Issue 14: the page tells the truth about its state. One test a point,
// each asserting what the reader sees, in Korean and in English.

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"scratchnet/core"
	"scratchnet/core/i18n"
	"scratchnet/core/mnistdir"
)

// cancelKeeps answers the question to discard the run with Cancel and
// checks that the run is still at iteration want.
func (p *page) cancelKeeps(want int) {
	p.t.Helper()
	p.must(`document.getElementById("btn-discard-cancel").click(); await new Promise(r => setTimeout(r, 300))`, nil)
	var it int
	p.must(`return scratchnet.state().iteration`, &it)
	if it != want {
		p.t.Errorf("after Cancel the run is at iteration %d, want %d", it, want)
	}
}

// lang switches the page's language.
func (p *page) lang(l string) {
	p.t.Helper()
	p.must(`await scratchnet.language("`+l+`")`, nil)
}

// settled waits for the page to lay out and paint what a scroll or a
// change showed (a screenshot straight after may catch it half drawn).
func (p *page) settled() {
	p.t.Helper()
	p.must(`await new Promise(r => requestAnimationFrame(() => setTimeout(r, 300)))`, nil)
}

// visible reports whether the element's box lies inside the viewport.
func (p *page) visible(id string) bool {
	p.t.Helper()
	var in bool
	p.must(`const r = document.getElementById("`+id+`").getBoundingClientRect();
		return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight`, &in)
	return in
}

// savedModel trains the book's run n iterations in p and returns its
// model file.
func savedModel(p *page, n int) []byte {
	p.t.Helper()
	var bytes []int
	p.must(fmt.Sprintf(`await scratchnet.step(%d); return Array.from(await scratchnet.saveModel())`, n), &bytes)
	raw := make([]byte, len(bytes))
	for i, v := range bytes {
		raw[i] = byte(v)
	}
	return raw
}

// TestTruthLoaded (point 1): a loaded network is never called untrained
// or a guess; the first screen says, near the top, what was loaded, how
// long it was trained and its test accuracy.
func TestTruthLoaded(t *testing.T) {
	src := ready(t, "")
	model := savedModel(src, 600)
	p := ready(t, "?lang=ko")
	p.viewport(1366, 768)
	p.must(`await scratchnet.loadModel(`+b64(model)+`)`, nil)
	var st struct {
		TestAcc float64 `json:"testAcc"`
	}
	p.must(`return scratchnet.state()`, &st)
	acc := fmt.Sprintf("%.4f", st.TestAcc)
	if note := p.text("net-note"); !strings.Contains(note, "불러온 신경망입니다: 반복 600번 학습했고") || !strings.Contains(note, "시험 정확도는 "+acc) {
		t.Errorf("ko: the note near the top says %q (test accuracy %s)", note, acc)
	}
	if s := p.text("status"); !strings.Contains(s, "시험 정확도 "+acc) || !strings.Contains(s, "정확도는 불러올 때 측정") {
		t.Errorf("ko: the status line %q", s)
	}
	p.must(`window.scrollTo(0, 0)`, nil)
	if !p.visible("net-note") {
		t.Error("ko: the loaded network's note is not on the first screen")
	}
	if s := p.text("model-msg"); !strings.HasPrefix(s, "파일을 불러왔습니다") {
		t.Errorf("ko: the keep panel says %q", s)
	}
	p.settled()
	p.shot("truth-1-loaded-ko-laptop")
	p.drawStroke(append(line([2]float64{70, 50}, [2]float64{210, 50}, 12), line([2]float64{210, 50}, [2]float64{110, 240}, 16)...))
	p.must(`await scratchnet.drawn()`, nil)
	var offered bool
	p.must(`return !document.getElementById("btn-draw-train").hidden`, &offered)
	if s := p.text("prediction"); strings.Contains(s, "학습하지 않았") || strings.Contains(s, "찍은") || offered || !strings.HasSuffix(s, "%)") {
		t.Errorf("ko: a loaded network's answer: %q (Train offered: %v)", s, offered)
	}
	p.must(`document.getElementById("drawing").scrollIntoView()`, nil)
	p.settled()
	p.shot("truth-1-loaded-draw-ko-laptop")
	p.lang("en")
	if note := p.text("net-note"); !strings.Contains(note, "A loaded network: trained 600 iterations, test accuracy "+acc) {
		t.Errorf("en: the note says %q", note)
	}
	if s := p.text("prediction"); strings.Contains(s, "not learned") || !strings.HasPrefix(s, "It's a") {
		t.Errorf("en: a loaded network's answer: %q", s)
	}
	// Trained on: the note counts both.
	p.must(`await scratchnet.step(30)`, nil)
	if note := p.text("net-note"); !strings.Contains(note, "30 more here, 630 in all") {
		t.Errorf("en: after 30 more iterations the note says %q", note)
	}
}

// TestTruthSharedAndPublished (point 1, 10): a friend opening a share link
// is told what was loaded, and publishing that net shows its iterations;
// Korean particles follow the name.
func TestTruthSharedAndPublished(t *testing.T) {
	dev := edge(t)
	a := openAt(t, dev.URL+"/", "?lang=ko")
	a.must(`await scratchnet.ready; await scratchnet.linked; await scratchnet.step(600)`, nil)
	var link string
	a.must(`return (await scratchnet.share()).url`, &link)
	f := openAt(t, link+"&lang=ko", "")
	f.must(`await scratchnet.ready; await scratchnet.linked`, nil)
	f.viewport(1366, 768)
	if s := f.text("shared-msg"); !strings.HasPrefix(s, "공유된 신경망을 불러왔습니다") {
		t.Errorf("ko: the shared message %q", s)
	}
	if note := f.text("net-note"); !strings.Contains(note, "반복 600번 학습했고") {
		t.Errorf("ko: the friend's first screen says %q", note)
	}
	f.must(`window.scrollTo(0, 0)`, nil)
	f.settled()
	f.shot("truth-1-shared-ko-laptop")
	f.must(`await scratchnet.pickTest(0)`, nil)
	if s := f.text("prediction"); strings.Contains(s, "찍은") {
		t.Errorf("ko: the friend is told %q", s)
	}
	f.must(`await scratchnet.publish("밑바닥독자")`, nil)
	if s := f.text("publish-msg"); !strings.HasPrefix(s, "“밑바닥독자” 이름으로 게시판에 올렸습니다. 반복 600번 학습한 신경망") {
		t.Errorf("ko: published: %q", s)
	}
	f.waitFor(`document.querySelector("#board-table tbody tr") !== null`, 10*time.Second)
	var summary string
	f.must(`return document.querySelector("#board-table tbody tr").children[3].textContent`, &summary)
	if !strings.Contains(summary, "반복 600회") {
		t.Errorf("ko: the board lists the loaded net as %q", summary)
	}
	f.lang("en")
	if s := f.text("publish-msg"); !strings.Contains(s, "trained 600 iterations") {
		t.Errorf("en: published: %q", s)
	}
	// The board's "train with these settings" over a run trained on asks
	// first, as a preset does (point 6).
	f.must(`await scratchnet.step(10); document.querySelectorAll("#board-table tbody tr td.actions button")[1].click()`, nil)
	f.waitFor(`!document.getElementById("discard-ask").hidden`, 10*time.Second)
	if s := f.text("discard-text"); !strings.Contains(s, "(iteration 10 of 10,000) is not kept") {
		t.Errorf("en: the board's question %q", s)
	}
	f.cancelKeeps(10)
}

// TestTruthGradCheckOpening (point 2): Check starts on a weight whose
// gradient is not zero, and an exact zero is never called rounding error.
func TestTruthGradCheckOpening(t *testing.T) {
	p := ready(t, "?lang=ko")
	p.waitFor(`document.getElementById("gc-row").value !== "0"`, 20*time.Second)
	p.must(`document.getElementById("btn-gc-check").click()`, nil)
	p.waitFor(`document.getElementById("gc-step").textContent !== ""`, 20*time.Second)
	var s core.GradStep
	p.must(`return await scratchnet.gradCheckStep({key: document.getElementById("gc-key").value, row: Number(document.getElementById("gc-row").value), col: Number(document.getElementById("gc-col").value)})`, &s)
	if s.Backprop == 0 || s.Key != "W1" {
		t.Errorf("Check opens on %s[%d][%d], gradient %v", s.Key, s.Row, s.Col, s.Backprop)
	}
	if sign := p.text("gc-sign"); strings.Contains(sign, "0입니다") {
		t.Errorf("ko: the opening weight is explained as %q", sign)
	}
	// W1[0][0], a blank pixel: exactly zero, and said so.
	p.must(`await scratchnet.gradCheckStep({key: "W1", row: 0, col: 0})`, nil)
	p.waitFor(`document.getElementById("gc-h-text").textContent.includes("그릴 오차가 없습니다")`, 20*time.Second)
	sign := p.text("gc-sign")
	if !strings.Contains(sign, "정확히 0입니다. 반올림 오차가 아닙니다") || strings.Contains(sign, "이것이 반올림 오차") {
		t.Errorf("ko: W1[0][0] is explained as %q", sign)
	}
	var chartHidden bool
	p.must(`return document.getElementById("gc-h-chart").hidden`, &chartHidden)
	if !chartHidden {
		t.Error("ko: a flat line of zeros is still plotted")
	}
	p.lang("en")
	if sign := p.text("gc-sign"); !strings.Contains(sign, "That is not a rounding error") {
		t.Errorf("en: W1[0][0] is explained as %q", sign)
	}
	if h := p.text("gc-h-text"); !strings.Contains(h, "there is no error to plot") {
		t.Errorf("en: the h plot says %q", h)
	}
}

// TestTruthNewRun (point 3): a new run empties what showed the old net
// (the confusion matrix, the mistakes, the gradient check, ①) or says
// which net a panel shows.
func TestTruthNewRun(t *testing.T) {
	p := ready(t, "?lang=ko")
	p.viewport(1366, 768)
	p.must(`await scratchnet.configure({hidden: 100}); await scratchnet.step(300); await scratchnet.inspect();
		await scratchnet.gradCheckStep({key: "W1", row: 127, col: 2, net: "run"})`, nil)
	if s := p.text("inside-note"); !strings.Contains(s, "반복 300 뒤 신경망입니다") {
		t.Errorf("ko: the matrix says %q", s)
	}
	if s := p.text("gc-note"); !strings.Contains(s, "반복 300 뒤 가중치로") {
		t.Errorf("ko: the gradient check says %q", s)
	}
	p.must(`document.getElementById("inside").scrollIntoView()`, nil)
	p.settled()
	p.shot("truth-3-old-net-ko-laptop")
	// The chapter 5 card, discarding the run when asked.
	p.must(`document.querySelector("[data-preset=ch5]").click()`, nil)
	p.waitFor(`!document.getElementById("discard-ask").hidden`, 10*time.Second)
	p.must(`document.getElementById("btn-discard-go").click()`, nil)
	p.waitFor(`scratchnet.state().iteration === 0 && document.getElementById("f-activation").value === "relu"`, 20*time.Second)
	var after struct {
		Cells, Mistakes, Ink int
		Step, Hidden         string
	}
	p.must(`const c = document.getElementById("loop-images"); const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
		let ink = 0; for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) ink++;
		return {Cells: document.querySelectorAll("#confusion td").length, Mistakes: Number(document.getElementById("mistakes").dataset.count),
			Ink: ink, Step: document.getElementById("gc-step").textContent, Hidden: document.getElementById("gc-note").hidden ? "hidden" : "shown"}`, &after)
	if after.Cells != 0 || after.Mistakes != 0 || after.Ink != 0 || after.Step != "" || after.Hidden != "hidden" {
		t.Errorf("after a new run the old net still shows: %+v", after)
	}
	if s := p.text("inside-note"); !strings.HasPrefix(s, "새 신경망입니다") {
		t.Errorf("ko: the matrix's note %q", s)
	}
	if s := p.text("loop-1-text"); !strings.Contains(s, "무작위로 고릅니다") {
		t.Errorf("ko: ① says %q", s)
	}
	p.must(`document.getElementById("inside").scrollIntoView()`, nil)
	p.settled()
	p.shot("truth-3-new-net-ko-laptop")
	p.lang("en")
	if s := p.text("inside-note"); !strings.HasPrefix(s, "A new network") {
		t.Errorf("en: the matrix's note %q", s)
	}
	p.must(`await scratchnet.step(10); await scratchnet.inspect()`, nil)
	if s := p.text("inside-note"); !strings.Contains(s, "after iteration 10 of this run") {
		t.Errorf("en: the matrix's note %q", s)
	}
}

// TestTruthEpochs (point 4): one epoch count on the status line and in ④,
// and the final figure is the final weights' (what a download measures).
func TestTruthEpochs(t *testing.T) {
	p := ready(t, "?lang=ko")
	// The overfitting run's 300 images: 3 iterations an epoch.
	p.must(`await scratchnet.configure({hidden: 100, trainSize: 300, learningRate: 0.5, iterations: 31}); await scratchnet.step(31)`, nil)
	if s, l4 := p.text("status"), p.text("loop-4-text"); !strings.Contains(s, "에포크 10 ") || !strings.Contains(l4, "반복 31, 에포크 10.") || !strings.Contains(l4, "31번 반복 ≈ 10.3 에포크") {
		t.Errorf("ko: the status says %q, ④ %q", s, l4)
	}
	raw := savedModel(p, 0)
	m, err := core.DecodeModel(raw)
	if err != nil {
		t.Fatal(err)
	}
	_, test, err := core.LoadMNIST(mnistdir.ForTest(t))
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("시험 정확도 %.4f", m.Net.Accuracy(test))
	if s := p.text("status"); !strings.Contains(s, want) || strings.Contains(s, "측정") {
		t.Errorf("ko: the finished run says %q; its downloaded weights measure %q", s, want)
	}
	p.lang("en")
	if s, l4 := p.text("status"), p.text("loop-4-text"); !strings.Contains(s, "epoch 10 ") || !strings.Contains(l4, "iteration 31, epoch 10.") {
		t.Errorf("en: the status says %q, ④ %q", s, l4)
	}
	// Paused between evaluations, the figures say when they were measured.
	p.must(`await scratchnet.configure({}); await scratchnet.step(5)`, nil)
	if s := p.text("status"); !strings.Contains(s, "accuracies measured after iteration 1") {
		t.Errorf("en: paused at 5: %q", s)
	}
	p.lang("ko")
	if s := p.text("status"); !strings.Contains(s, "정확도는 반복 1 뒤에 측정") {
		t.Errorf("ko: paused at 5: %q", s)
	}
}

// TestTruthRunsSideBySide (point 5): kept runs line up on iterations,
// with short names in the legend; a log axis is offered.
func TestTruthRunsSideBySide(t *testing.T) {
	p := ready(t, "?lang=ko")
	p.viewport(1366, 768)
	p.must(`document.querySelector("[data-preset=overfit]").click()`, nil)
	p.waitFor(`scratchnet.state().iteration === 0 && document.getElementById("f-trainSize").value === "300"`, 10*time.Second)
	p.must(`await scratchnet.train()`, nil)
	p.waitFor(`scratchnet.state().stop === "done"`, 3*time.Minute)
	p.must(`await scratchnet.configure({hidden: 50, trainSize: 0, learningRate: 0.1, iterations: 1200}); await scratchnet.train()`, nil)
	p.waitFor(`scratchnet.state().stop === "done"`, 3*time.Minute)
	p.waitFor(`document.querySelectorAll("#runs-list li").length === 2 && document.querySelectorAll("#runs-acc .u-legend .u-series").length === 5`, 10*time.Second)
	var r struct {
		Names  []string
		Axis   string
		Legend []string
	}
	p.must(`return {Names: Array.from(document.querySelectorAll("#runs-list input:not([type])"), i => i.value),
		Axis: document.getElementById("runs-acc").dataset.x + " · " + document.querySelector("#runs-acc").closest("figure").querySelector("figcaption").textContent,
		Legend: Array.from(document.querySelectorAll("#runs-acc .u-legend .u-series .u-label"), l => l.textContent)}`, &r)
	if len(r.Names) != 2 || r.Names[0] != "과대적합" || !strings.Contains(r.Axis, "반복") || strings.Contains(r.Axis, "에포크") {
		t.Errorf("ko: runs %q, the accuracy overlay's axes %q", r.Names, r.Axis)
	}
	for _, l := range r.Legend {
		if len([]rune(l)) > 12 {
			t.Errorf("ko: a legend entry %q is long", l)
		}
	}
	p.must(`document.getElementById("runs").scrollIntoView()`, nil)
	p.settled()
	p.shot("truth-5-runs-ko-laptop")
	p.must(`document.getElementById("runs-log").click(); await new Promise(r => setTimeout(r, 300))`, nil)
	var series int
	p.must(`return document.querySelectorAll("#runs-acc .u-series").length`, &series)
	if series != 5 {
		t.Errorf("on a log axis the overlay shows %d series, want 5 (x and two a run)", series)
	}
	p.settled()
	p.shot("truth-5-runs-log-ko-laptop")
	p.viewport(390, 844)
	p.must(`document.getElementById("runs").scrollIntoView()`, nil)
	p.settled()
	p.shot("truth-5-runs-ko-phone")
	p.lang("en")
	p.must(`return {Names: Array.from(document.querySelectorAll("#runs-list input:not([type])"), i => i.value),
		Axis: document.getElementById("runs-acc").dataset.x + " · " + document.querySelector("#runs-acc").closest("figure").querySelector("figcaption").textContent, Legend: []}`, &r)
	if !strings.Contains(r.Axis, "iteration") || strings.Contains(r.Axis, "epoch") {
		t.Errorf("en: the accuracy overlay's axes %q", r.Axis)
	}
}

// TestTruthKeep (point 6): a finished run, kept, says so and is not kept
// twice; a paused unfinished run is not discarded by a preset without
// asking.
func TestTruthKeep(t *testing.T) {
	p := ready(t, "?lang=ko")
	p.must(`await scratchnet.configure({iterations: 20}); await scratchnet.train()`, nil)
	p.waitFor(`scratchnet.state().stop === "done"`, time.Minute)
	p.waitFor(`document.getElementById("btn-keep").disabled`, 10*time.Second)
	if s := p.text("btn-keep"); s != "보관됨" {
		t.Errorf("ko: Keep reads %q after the run was kept", s)
	}
	var n int
	p.must(`await scratchnet.keepRun(); return (await scratchnet.runs()).length`, &n)
	if n != 1 || !strings.Contains(p.text("runs-msg"), "이미 보관되어 있습니다") {
		t.Errorf("ko: keeping a kept run: %d runs, %q", n, p.text("runs-msg"))
	}
	// Paused half way, with an η change: a preset asks first.
	p.must(`await scratchnet.configure({iterations: 200}); await scratchnet.step(40); await scratchnet.tune({learningRate: 0.5}); await scratchnet.step(10)`, nil)
	p.must(`document.querySelector("[data-preset=ch5]").click()`, nil)
	p.waitFor(`!document.getElementById("discard-ask").hidden`, 10*time.Second)
	if s := p.text("discard-text"); !strings.Contains(s, "반복 50 / 200") || !strings.Contains(s, "보관되지 않았습니다") {
		t.Errorf("ko: the question %q", s)
	}
	p.cancelKeeps(50)
	p.lang("en")
	p.must(`document.querySelector("[data-preset=ch5]").click()`, nil)
	p.waitFor(`!document.getElementById("discard-ask").hidden`, 10*time.Second)
	if s := p.text("discard-text"); !strings.Contains(s, "(iteration 50 of 200) is not kept") {
		t.Errorf("en: the question %q", s)
	}
	p.must(`document.getElementById("btn-discard-keep").click()`, nil)
	p.waitFor(`scratchnet.state().iteration === 0 && document.getElementById("f-activation").value === "relu"`, 20*time.Second)
	p.must(`return (await scratchnet.runs()).length`, &n)
	if n != 2 {
		t.Errorf("Keep it, then start: %d runs kept", n)
	}
	if s := p.text("btn-keep"); s != "Keep this run" {
		t.Errorf("en: Keep reads %q for the new run", s)
	}
}

// TestTruthAsksAfterChecking: with a paused run that is not kept, a
// refused value is refused at once, without asking to discard the run; a
// good one asks; a field changed while the question is open asks again
// with the form as typed; Reset asks too.
func TestTruthAsksAfterChecking(t *testing.T) {
	p := ready(t, "?lang=ko")
	p.must(`await scratchnet.configure({iterations: 200}); await scratchnet.step(30)`, nil)
	set := func(name, v string) {
		p.t.Helper()
		p.must(fmt.Sprintf(`const f = document.getElementById("f-%s"); f.value = %q; f.dispatchEvent(new Event("change", {bubbles: true}));
			await new Promise(r => setTimeout(r, 500))`, name, v), nil)
	}
	field := func(name string) (v, err string) {
		p.t.Helper()
		var r struct{ V, Err string }
		p.must(fmt.Sprintf(`return {V: document.getElementById("f-%s").value, Err: document.querySelector(".err[data-for=%s]").textContent}`, name, name), &r)
		return r.V, r.Err
	}
	asked := func() bool {
		p.t.Helper()
		var b bool
		p.must(`return !document.getElementById("discard-ask").hidden`, &b)
		return b
	}
	set("batchSize", "0")
	if v, e := field("batchSize"); v != "0" || !strings.Contains(e, "배치 크기") || asked() {
		t.Errorf("batch size 0: the field reads %q with %q, asked: %v", v, e, asked())
	}
	set("batchSize", "50")
	if _, e := field("batchSize"); e != "" || !asked() {
		t.Errorf("batch size 50: message %q, asked: %v", e, asked())
	}
	set("hidden", "60")
	b, _ := field("batchSize")
	h, _ := field("hidden")
	if b != "50" || h != "60" || !asked() {
		t.Errorf("a second change while asked: batch size %q, hidden %q, asked: %v", b, h, asked())
	}
	p.must(`document.getElementById("btn-discard-go").click()`, nil)
	// The new run's settings are in the address bar.
	p.waitFor(`new URLSearchParams(location.search).get("batchSize") === "50" && new URLSearchParams(location.search).get("hidden") === "60" && scratchnet.state().iteration === 0`, 20*time.Second)
	p.must(`await scratchnet.step(5); document.getElementById("btn-reset").click(); await new Promise(r => setTimeout(r, 300))`, nil)
	if !asked() {
		t.Error("Reset of an unkept run did not ask")
	}
	p.cancelKeeps(5)
}

// TestTruthGradCheckSaysWhichNet: the gradient check names the net it
// checked (this run's weights, or the book's net as it starts) and words a
// place outside a parameter in the page's language.
func TestTruthGradCheckSaysWhichNet(t *testing.T) {
	p := ready(t, "?lang=ko")
	p.must(`await scratchnet.step(20); await scratchnet.gradCheckStep({net: "relu", key: "W1", row: 300, col: 3})`, nil)
	if s := p.text("gc-note"); !strings.Contains(s, "책의 확인용 신경망") || strings.Contains(s, "반복 20") {
		t.Errorf("ko: the book's net: note %q", s)
	}
	p.must(`await scratchnet.gradCheckStep({net: "run", key: "W1", row: 300, col: 3})`, nil)
	if s := p.text("gc-note"); !strings.Contains(s, "반복 20 뒤 가중치") {
		t.Errorf("ko: this run's weights: note %q", s)
	}
	p.must(`await scratchnet.gradCheckStep({key: "W1", row: 1.5, col: 3}).catch(() => {})`, nil)
	if s := p.text("gc-error"); s != "W1의 행은 784개, 열은 50개이고 0부터 셉니다: 1.5행 3열은 없습니다." {
		t.Errorf("ko: row 1.5: %q", s)
	}
}

// TestTruthInsideAfterANewRun: a confusion matrix asked for while a new
// run is being set up (a run's final views, then Reset) never shows under
// the old run's iteration: the panel stays empty and says so, and a matrix
// names the iteration the Go module classified at.
func TestTruthInsideAfterANewRun(t *testing.T) {
	p := ready(t, "")
	p.must(`await scratchnet.step(30)`, nil)
	var cells int
	p.must(`const c = scratchnet.configure({hidden: 20}); await new Promise(r => setTimeout(r, 0)); // sent, not yet answered
		const r = scratchnet.inspect(); await c; await r;
		await new Promise(r => setTimeout(r, 100));
		return document.querySelectorAll("#confusion td").length`, &cells)
	// Asked for before the new run's answer came: the old net's, dropped.
	// Should the answer have come first (a slow page), the matrix is the
	// new net's and must say so.
	n := p.text("inside-note")
	if cells == 0 && n != i18n.Catalogue("en")["inside.new"] || cells != 0 && !strings.HasPrefix(n, "The network after iteration 0 of this run") {
		t.Errorf("after a new run: %d cells of a matrix, note %q", cells, n)
	}
	p.must(`await scratchnet.step(7); await scratchnet.inspect()`, nil)
	if n := p.text("inside-note"); !strings.HasPrefix(n, "The network after iteration 7 of this run") {
		t.Errorf("the new run's matrix: note %q", n)
	}
}

// TestTruthNext (point 7): paused, Train reads Resume and the status says
// paused; finished, the page says how to start again.
func TestTruthNext(t *testing.T) {
	p := ready(t, "?lang=ko")
	p.must(`await scratchnet.step(5)`, nil)
	if b, s, n := p.text("btn-train"), p.text("status"), p.text("next-msg"); b != "이어서 학습" || !strings.Contains(s, "일시 정지됨") || !strings.Contains(n, "반복 5에서 일시 정지했습니다") {
		t.Errorf("ko: paused: %q / %q / %q", b, s, n)
	}
	p.must(`await scratchnet.configure({iterations: 10}); await scratchnet.train()`, nil)
	p.waitFor(`scratchnet.state().stop === "done"`, time.Minute)
	if b, n := p.text("btn-train"), p.text("next-msg"); b != "학습 시작" || !strings.Contains(n, "‘초기화’를 누르고") {
		t.Errorf("ko: finished: %q / %q", b, n)
	}
	p.lang("en")
	if n := p.text("next-msg"); !strings.Contains(n, "press Reset") {
		t.Errorf("en: finished: %q", n)
	}
	p.must(`document.getElementById("btn-reset").click(); await new Promise(r => setTimeout(r, 300)); await scratchnet.step(3)`, nil)
	if b, s := p.text("btn-train"), p.text("status"); b != "Resume" || !strings.Contains(s, "paused") {
		t.Errorf("en: paused after Reset and Step: %q / %q", b, s)
	}
}

// TestTruthNumerical (point 8): the numerical card runs for a length a
// reader waits for, and the time is projected before it starts.
func TestTruthNumerical(t *testing.T) {
	p := ready(t, "?lang=ko")
	if s := p.text("preset-numerical-text"); !strings.Contains(s, "300번 반복") || !strings.Contains(s, "약 3분") {
		t.Errorf("ko: the card says %q", s)
	}
	p.must(`document.querySelector("[data-preset=numerical]").click()`, nil)
	p.waitFor(`document.getElementById("compare-msg").textContent.includes("추정")`, 20*time.Second)
	if s := p.text("compare-msg"); !strings.Contains(s, "300번 반복 동안 비교합니다. 약 3분 걸릴 것으로 추정합니다") {
		t.Errorf("ko: before it starts: %q", s)
	}
	p.must(`await scratchnet.step(3)`, nil)
	t.Logf("three steps measured: %s", p.text("compare-msg"))
	if s := p.text("loop-4-text"); !strings.Contains(s, "반복 3,") {
		t.Errorf("ko: ④ after three steps: %q", s)
	}
	p.must(`await scratchnet.train()`, nil)
	p.waitFor(`document.getElementById("compare-msg").textContent.includes("남았습니다")`, time.Minute)
	p.must(`await scratchnet.pause()`, nil)
	if s := p.text("loop-4-text"); regexp.MustCompile(`반복 [0-3],`).MatchString(s) {
		t.Errorf("ko: ④ stays at %q while the run went on", s)
	}
	p.lang("en")
	p.must(`document.querySelector("[data-preset=numerical]").click()`, nil)
	p.waitFor(`!document.getElementById("discard-ask").hidden`, 10*time.Second)
	p.must(`document.getElementById("btn-discard-go").click()`, nil)
	p.waitFor(`document.getElementById("compare-msg").textContent.includes("estimate")`, 20*time.Second)
	if s := p.text("compare-msg"); !strings.Contains(s, "for 300 iterations: about 3 min, an estimate") {
		t.Errorf("en: before it starts: %q", s)
	}
}

// TestTruthPhone (point 9): at 390×844 the h plot's labels do not run
// together, the charts keep a plot of some height with the book's figures
// in the caption, and after drawing the answer is on the screen.
func TestTruthPhone(t *testing.T) {
	p := ready(t, "?lang=ko")
	p.viewport(390, 844)
	p.must(`window.scrollTo(0, 0)`, nil)
	var h struct{ Loss, Acc float64 }
	p.must(`const hs = id => document.querySelector("#" + id + " .u-over").getBoundingClientRect().height;
		return {Loss: hs("loss-chart"), Acc: hs("acc-chart")}`, &h)
	if h.Loss < 100 || h.Acc < 100 {
		t.Errorf("the plots are %.0f and %.0f px tall", h.Loss, h.Acc)
	}
	if s := p.text("book-note"); !strings.Contains(s, "0.94705") {
		t.Errorf("ko: the book's figures are not in the caption: %q", s)
	}
	p.settled()
	p.shot("truth-9-first-ko-phone")
	p.must(`await scratchnet.step(300); await scratchnet.gradCheckStep()`, nil)
	p.waitFor(`(document.getElementById("gc-h-chart").dataset.ticks || "") !== ""`, 20*time.Second)
	var ticks struct {
		Labels string
		Width  float64
	}
	p.must(`const el = document.getElementById("gc-h-chart"); el.scrollIntoView();
		return {Labels: el.dataset.ticks, Width: el.querySelector(".u-over").getBoundingClientRect().width}`, &ticks)
	n := len(strings.Fields(ticks.Labels))
	if n < 4 || float64(n)*34 > ticks.Width+34 {
		t.Errorf("the h axis shows %d labels (%q) on a %.0f px plot", n, ticks.Labels, ticks.Width)
	}
	p.settled()
	p.shot("truth-9-hplot-ko-phone")
	p.drawStroke(append(line([2]float64{70, 50}, [2]float64{210, 50}, 12), line([2]float64{210, 50}, [2]float64{110, 240}, 16)...))
	p.must(`await scratchnet.drawn()`, nil)
	if !p.visible("prediction") || !p.visible("draw") {
		t.Errorf("after drawing on a phone the answer %q is off the screen", p.text("prediction"))
	}
	p.settled()
	p.shot("truth-9-drawn-ko-phone")
	p.lang("en")
	if s := p.text("book-note"); !strings.Contains(s, "the book's final figures for this run, train 0.94705, test 0.9465") {
		t.Errorf("en: the caption %q", s)
	}
}

// TestTruthKorean (point 10): particles chosen from the word before them,
// one term for a run, and no particle printed as alternatives anywhere.
func TestTruthKorean(t *testing.T) {
	p := ready(t, "?lang=ko")
	raw := savedModel(p, 100)
	p.must(`await scratchnet.configure({}); await scratchnet.pickTest(0)`, nil)
	var r struct {
		Digit int `json:"digit"`
	}
	p.must(`return await scratchnet.pickTest(0)`, &r)
	want := fmt.Sprintf("%d%s 답(", r.Digit, i18n.Josa(fmt.Sprint(r.Digit), "이라는/라는"))
	if s := p.text("prediction"); !strings.Contains(s, want) {
		t.Errorf("a fresh net's answer %q, want %q", s, want)
	}
	p.must(`await scratchnet.loadModel(`+b64(raw)+`, "scratchnet.snet")`, nil)
	if s := p.text("model-msg"); !strings.HasPrefix(s, "scratchnet.snet를 불러왔습니다") {
		t.Errorf("loaded: %q", s)
	}
	p.must(`await scratchnet.loadModel(new Uint8Array([1, 2, 3]), "model.pkl").catch(() => {})`, nil)
	if s := p.text("model-msg"); !strings.HasPrefix(s, "model.pkl을 불러올 수 없습니다") {
		t.Errorf("refused: %q", s)
	}
	p.must(`await scratchnet.configure({learningRate: 0.3}); await scratchnet.step(1); await scratchnet.gradCheckStep(); await scratchnet.inspect()`, nil)
	if s := p.text("loop-3-text"); !strings.Contains(s, "η = 0.3으로") {
		t.Errorf("③: %q", s)
	}
	var body string
	p.must(`return document.body.innerText`, &body)
	for _, alt := range []string{"을(를)", "(으)로", "은(는)", "이(가)", "(이)라는", "과(와)", "실행"} {
		if strings.Contains(body, alt) {
			i := strings.Index(body, alt)
			t.Errorf("the Korean page prints %q: …%s…", alt, body[max(0, i-60):min(len(body), i+30)])
		}
	}
	p.viewport(1366, 768)
	p.must(`document.getElementById("keep").scrollIntoView()`, nil)
	p.settled()
	p.shot("truth-10-korean-ko-laptop")
	// English needs no particles: the same names, as they are.
	p.lang("en")
	p.must(`await scratchnet.loadModel(`+b64(raw)+`, "scratchnet.snet")`, nil)
	if s := p.text("model-msg"); !strings.HasPrefix(s, "Loaded scratchnet.snet:") {
		t.Errorf("en: loaded: %q", s)
	}
}

// TestTruthTune (point 11): the settings sit under the charts, the
// tunable ones marked, so at 1366×768 the learning rate and the loss chart
// are on one screen; each change is labelled on the chart.
func TestTruthTune(t *testing.T) {
	p := ready(t, "?lang=ko")
	p.viewport(1366, 768)
	p.must(`await scratchnet.step(200); document.getElementById("loss-chart").closest("figure").scrollIntoView({block: "start"})`, nil)
	if !p.visible("loss-chart") || !p.visible("f-learningRate") {
		t.Error("the learning rate and the loss chart are not on one screen")
	}
	var marked bool
	p.must(`return document.getElementById("f-learningRate").closest(".field").classList.contains("tunable")`, &marked)
	if s := p.text("config"); !marked || !strings.Contains(s, "보라색 줄이 있는 옵티마이저 설정(옵티마이저, 학습률, 모멘텀, β)은 다음 단계부터 지금 학습에 적용되고") {
		t.Errorf("ko: the learning rate is marked tunable: %v; the form says %q", marked, s)
	}
	p.must(`const f = document.getElementById("f-learningRate"); f.value = "0.5"; f.dispatchEvent(new Event("change", {bubbles: true}))`, nil)
	p.waitFor(`document.getElementById("loss-chart").dataset.tunes === "η 0.1 → 0.5"`, 10*time.Second)
	p.must(`await scratchnet.step(200); await scratchnet.tune({optimizer: "momentum", learningRate: 0.05}); await scratchnet.step(100);
		document.getElementById("loss-chart").closest("figure").scrollIntoView({block: "start"})`, nil)
	var tunes string
	p.must(`return document.getElementById("loss-chart").dataset.tunes`, &tunes)
	if tunes != "η 0.1 → 0.5 | 확률적 경사 하강법(SGD) → 모멘텀, η 0.5 → 0.05" {
		t.Errorf("ko: the markers read %q", tunes)
	}
	p.settled()
	p.shot("truth-11-tune-ko-laptop")
	p.lang("en")
	p.must(`return document.getElementById("loss-chart").dataset.tunes`, &tunes)
	if !strings.HasPrefix(tunes, "η 0.1 → 0.5 | ") {
		t.Errorf("en: the markers read %q", tunes)
	}
	if s := p.text("config"); !strings.Contains(s, "the fields with a purple bar") {
		t.Errorf("en: the form says %q", s)
	}
}

// TestTruthBookRefs (point 12): a run shows its own book figures or none,
// and each book link opens its own file in the reader's edition.
func TestTruthBookRefs(t *testing.T) {
	p := ready(t, "?lang=ko")
	for _, c := range []struct{ preset, want string }{{"overfit", ""}, {"ch5", "0.97787"}, {"ch4", "0.94705"}} {
		p.must(`document.querySelector("[data-preset=`+c.preset+`]").click(); await new Promise(r => setTimeout(r, 500))`, nil)
		s := p.text("book-note")
		if c.want == "" && s != "" || c.want != "" && !strings.Contains(s, c.want) {
			t.Errorf("ko: %s shows the book's figures %q", c.preset, s)
		}
	}
	check := func(repo string) {
		var links map[string]string
		p.must(`return Object.fromEntries(Array.from(document.querySelectorAll("a[data-book]"), a => [a.textContent, a.href]))`, &links)
		for _, f := range []string{"ch04/train_neuralnet.py", "ch04/two_layer_net.py", "ch04/gradient_1d.py", "ch04/gradient_2d.py",
			"ch04/gradient_simplenet.py", "ch05/gradient_check.py", "ch05/train_neuralnet.py", "common/functions.py"} {
			found := false
			for _, href := range links {
				found = found || href == "https://github.com/"+repo+"/blob/master/"+f
			}
			if !found {
				t.Errorf("no link to %s in %s: %v", f, repo, links)
			}
		}
	}
	check("WegraLee/deep-learning-from-scratch")
	p.lang("en")
	check("oreilly-japan/deep-learning-from-scratch")
	p.must(`document.querySelector("[data-preset=overfit]").click(); await new Promise(r => setTimeout(r, 500))`, nil)
	if s := p.text("book-note"); s != "" {
		t.Errorf("en: the overfitting run shows the book's figures %q", s)
	}
}

// TestTruthChapter5 (point 13): the chapter 5 card says what differs.
func TestTruthChapter5(t *testing.T) {
	p := ready(t, "?lang=ko")
	if s := p.text("preset-ch5-text"); !strings.Contains(s, "시그모이드 대신 ReLU") || !strings.Contains(s, "두 카드 모두 기울기는 오차역전파법") || !strings.Contains(s, "‘수치 미분’ 카드") {
		t.Errorf("ko: the card says %q", s)
	}
	p.lang("en")
	if s := p.text("preset-ch5-text"); !strings.Contains(s, "ReLU instead of sigmoid") || !strings.Contains(s, "Both cards compute the gradient by backpropagation") {
		t.Errorf("en: the card says %q", s)
	}
}
