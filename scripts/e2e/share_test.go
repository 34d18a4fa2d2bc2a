//go:build !js

package e2e

import (
	"context"
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"

	"scratchnet/core"
	"scratchnet/core/mnistdir"
	"scratchnet/scripts/internal/wrangler"
)

// edge starts the Worker under wrangler dev (make test-browser builds it
// and sets SCRATCHNET_WORKER), with a fresh local D1 and R2.
func edge(t *testing.T) *wrangler.Dev {
	t.Helper()
	dev, err := wrangler.Start(context.Background(), wrangler.ForTest(t), t.TempDir(), "POST_LIMIT:100")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(dev.Stop)
	return dev
}

// TestShareAndBoard: in headless Chromium against the real Worker, a
// reader trains, clicks Share, gets a link; a friend opening the link has
// the same network (the same answer for a test image); the reader
// publishes under a name with HTML in it, and the board shows it as text
// with the accuracy the Worker measured, equal to core's for the weights;
// "load this network" and "train with these settings" work from the
// board; in Korean the new panels speak Korean.
func TestShareAndBoard(t *testing.T) {
	dev := edge(t)
	p := openAt(t, dev.URL+"/", "?lang=en")
	p.must(`await scratchnet.ready; await scratchnet.linked`, nil)
	var on struct{ API, ShareHidden, BoardHidden, OffHidden bool }
	p.must(`return {API: scratchnet.apiOn, ShareHidden: document.getElementById("share").hidden,
		BoardHidden: document.getElementById("board").hidden, OffHidden: document.getElementById("api-off").hidden}`, &on)
	if !on.API || on.ShareHidden || on.BoardHidden || !on.OffHidden {
		t.Fatalf("with the Worker's API: %+v", on)
	}
	if s := p.text("board-msg"); !strings.Contains(s, "No runs here yet") {
		t.Errorf("empty board says %q", s)
	}
	p.must(`await scratchnet.configure({activation: "relu", learningRate: 0.1}); await scratchnet.step(400)`, nil)

	// Share, by clicking.
	p.must(`document.getElementById("btn-share").click()`, nil)
	p.waitFor(`document.getElementById("share-url").value.includes("?model=")`, 30e9)
	link := ""
	p.must(`return document.getElementById("share-url").value`, &link)
	if !strings.HasPrefix(link, dev.URL+"/?model=") || !strings.Contains(p.text("share-msg"), "Stored") {
		t.Fatalf("link %q, message %q", link, p.text("share-msg"))
	}
	var mine struct {
		Digit int       `json:"digit"`
		Probs []float64 `json:"probs"`
	}
	p.must(`const r = await scratchnet.pickTest(7); return {digit: r.digit, probs: r.probs}`, &mine)
	var bytes []int
	p.must(`return Array.from(await (await fetch("api/models/" + new URL(document.getElementById("share-url").value).searchParams.get("model"))).bytes())`, &bytes)
	model := make([]byte, len(bytes))
	for i, b := range bytes {
		model[i] = byte(b)
	}
	m, err := core.DecodeModel(model)
	if err != nil {
		t.Fatal(err)
	}
	_, test, err := core.LoadMNIST(mnistdir.ForTest(t))
	if err != nil {
		t.Fatal(err)
	}
	want := m.Net.Accuracy(test)

	// Publish, by typing a name and clicking.
	name := `<img src=x onerror=alert(1)> Ada's "net"`
	quoted, _ := json.Marshal(name)
	p.must(`const i = document.getElementById("publish-name"); i.value = `+string(quoted)+`;
		document.getElementById("btn-publish").click()`, nil)
	p.waitFor(`document.getElementById("publish-msg").textContent.includes("On the board")`, 60e9)
	var row struct{ Name, Acc, Title, HTML string }
	p.waitFor(`document.querySelector("#board-table tbody tr td.name") !== null`, 10e9)
	p.must(`const tr = document.querySelector("#board-table tbody tr"); const c = tr.children;
		return {Name: c[1].textContent, Acc: c[2].textContent, Title: c[2].title, HTML: c[1].innerHTML}`, &row)
	if row.Name != name || strings.Contains(row.HTML, "<img") {
		t.Errorf("the name is shown as %q (HTML %q)", row.Name, row.HTML)
	}
	correct := int(want*10000 + 0.5)
	if row.Acc != strconv.FormatFloat(want, 'f', 4, 64) {
		t.Errorf("board accuracy %q, core %v", row.Acc, want)
	}
	if row.Title != comma(correct)+" of 10,000 test images" {
		t.Errorf("board shows %q, core counts %d correct", row.Title, correct)
	}
	if msg := p.text("publish-msg"); !strings.Contains(msg, comma(correct)+" of 10,000") {
		t.Errorf("publish message %q, core counts %d", msg, correct)
	}
	p.screenshot("share-board-en")

	// A friend opens the link: the same net answers the same.
	f := openAt(t, link, "")
	f.must(`await scratchnet.ready; await scratchnet.linked`, nil)
	if s := f.text("shared-msg"); !strings.Contains(s, "Loaded a shared network") {
		t.Errorf("the friend's page says %q", s)
	}
	var theirs struct {
		Digit int       `json:"digit"`
		Probs []float64 `json:"probs"`
		Act   string    `json:"act"`
	}
	f.must(`const r = await scratchnet.pickTest(7); return {digit: r.digit, probs: r.probs, act: document.getElementById("f-activation").value}`, &theirs)
	if theirs.Digit != mine.Digit || theirs.Act != "relu" {
		t.Errorf("the friend's net answers %d (%s), the reader's %d", theirs.Digit, theirs.Act, mine.Digit)
	}
	for k := range mine.Probs {
		if theirs.Probs[k] != mine.Probs[k] {
			t.Fatalf("probabilities differ: %v vs %v", theirs.Probs, mine.Probs)
		}
	}

	// The friend's board: filters, load this network, train with these
	// settings.
	f.must(`const s = document.querySelector("#board-filters [name=activation]"); s.value = "sigmoid"; s.dispatchEvent(new Event("change", {bubbles: true}))`, nil)
	f.waitFor(`document.getElementById("board-msg").textContent.includes("No runs")`, 10e9)
	f.must(`const s = document.querySelector("#board-filters [name=activation]"); s.value = "relu"; s.dispatchEvent(new Event("change", {bubbles: true}))`, nil)
	f.waitFor(`document.querySelectorAll("#board-table tbody tr").length === 1`, 10e9)
	f.must(`await scratchnet.configure({activation: "sigmoid", hidden: 20})`, nil)
	f.must(`document.querySelector("#board-table tbody tr td.actions button").click()`, nil)
	f.waitFor(`document.getElementById("shared-msg").textContent.includes("Ada")`, 30e9)
	var search string
	f.must(`return location.search`, &search)
	if !strings.Contains(search, "model=") {
		t.Errorf("after loading a board entry the address is %q", search)
	}
	f.must(`await scratchnet.configure({hidden: 20})`, nil)
	f.must(`document.querySelectorAll("#board-table tbody tr td.actions button")[1].click()`, nil)
	f.waitFor(`document.getElementById("board-msg").textContent.includes("press Train")`, 30e9)
	var cfg struct {
		Hidden     int    `json:"hidden"`
		Activation string `json:"activation"`
	}
	f.must(`return {hidden: Number(document.getElementById("f-hidden").value), activation: document.getElementById("f-activation").value}`, &cfg)
	if cfg.Hidden != 50 || cfg.Activation != "relu" {
		t.Errorf("train with these settings gave %+v", cfg)
	}
	if f.must(`return location.search`, &search); strings.Contains(search, "model=") {
		t.Errorf("a new run keeps the shared network in the address: %q", search)
	}

	// In Korean.
	f.must(`await scratchnet.language("ko")`, nil)
	var ko []string
	f.must(`return [document.getElementById("board-h").textContent, document.querySelector("#board-table caption").textContent,
		...[...document.querySelector("#board-table tbody tr").children].slice(3).map(c => c.textContent), document.getElementById("btn-share").textContent]`, &ko)
	for _, s := range ko {
		if !hasHangul(s) {
			t.Errorf("in Korean: %q", s)
		}
	}
	var missing []string
	f.must(`return scratchnet.missingKeys()`, &missing)
	if len(missing) > 0 {
		t.Errorf("missing keys: %v", missing)
	}
	f.screenshot("share-board-ko")

	// axe-core finds nothing in the filled Share and Board panels.
	axe, err := os.ReadFile("../../web/node_modules/axe-core/axe.min.js")
	if err != nil {
		t.Fatalf("axe-core (web/package.json; make site installs it): %v", err)
	}
	f.must(string(axe), nil)
	var violations []struct {
		ID    string `json:"id"`
		Nodes any    `json:"nodes"`
	}
	f.must(`const r = await axe.run({include: [["#keep"], ["#board"], ["#drawing"]]}); return r.violations.map(v => ({id: v.id, nodes: v.nodes.slice(0, 3).map(n => n.target)}))`, &violations)
	for _, v := range violations {
		t.Errorf("axe: %s on %v", v.ID, v.Nodes)
	}

	// The whole page, every panel filled (the board and the shared
	// network's message too), after inspect() has filled the confusion
	// matrix of a net 30 iterations in.
	f.must(`await scratchnet.step(30); await scratchnet.gradCheckStep(); await scratchnet.gradCheckAll(); await scratchnet.keepRun();
		await scratchnet.pickTest(3); await scratchnet.inspect()`, nil)
	f.waitFor(`document.querySelectorAll("#confusion td").length === 100`, 10e9)
	for _, v := range f.axe("document") {
		t.Errorf("axe on the whole page: %s on %+v", v.ID, v.Nodes)
	}
}

// TestNoAPI: on a plain static host Share and the Board are hidden, one
// line says why, and a ?model= link says it cannot be fetched; the rest
// of the page works.
func TestNoAPI(t *testing.T) {
	p := ready(t, "?model="+strings.Repeat("ab", 32))
	p.must(`await scratchnet.linked`, nil)
	var s struct{ ShareHidden, BoardHidden, OffHidden bool }
	p.must(`return {ShareHidden: document.getElementById("share").hidden, BoardHidden: document.getElementById("board").hidden,
		OffHidden: document.getElementById("api-off").hidden}`, &s)
	if !s.ShareHidden || !s.BoardHidden || s.OffHidden {
		t.Fatalf("without an API: %+v", s)
	}
	if msg := p.text("api-off"); !strings.Contains(msg, "need this playground's server") {
		t.Errorf("the line says %q", msg)
	}
	if msg := p.text("shared-msg"); !strings.Contains(msg, "no server") {
		t.Errorf("the link's message: %q", msg)
	}
	var st state
	p.must(`return await scratchnet.step(20)`, &st)
	if st.Iteration != 20 {
		t.Errorf("training without an API: %+v", st)
	}
}

func hasHangul(s string) bool {
	for _, r := range s {
		if r >= 0xAC00 && r <= 0xD7A3 {
			return true
		}
	}
	return false
}
