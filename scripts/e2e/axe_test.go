//go:build !js

package e2e

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// axeViolation is one rule axe-core finds broken, with the first few
// elements that break it.
type axeViolation struct {
	ID    string `json:"id"`
	Nodes []struct {
		Target  []string `json:"target"`
		Message string   `json:"message"`
	} `json:"nodes"`
}

// axe loads axe-core (web/node_modules, installed by make site) into the
// page and runs it on context (a JavaScript expression: document, or an
// include list).
func (p *page) axe(context string) []axeViolation {
	p.t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", "web", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		p.t.Fatalf("axe-core (web/package.json; make site installs it): %v", err)
	}
	p.must(string(src), nil)
	var out []axeViolation
	p.must(`const r = await axe.run(`+context+`);
		return r.violations.map(v => ({id: v.id, nodes: v.nodes.slice(0, 5).map(n => ({target: n.target, message: n.any.concat(n.all, n.none).map(c => c.message).join("; ")}))}))`, &out)
	return out
}

// confusionContrast is the lowest contrast ratio (WCAG 2) of a confusion
// matrix cell's text against what its translucent background shows over
// the card, measured from the computed styles, and that cell's count.
const confusionContrast = `
	const rgba = (s) => { const m = s.match(/[\d.]+/g).map(Number); return m.length === 4 ? m : [...m, 1]; };
	const lum = (c) => { const l = c.slice(0, 3).map(v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4); return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2]; };
	const card = rgba(getComputedStyle(document.getElementById("inside")).backgroundColor);
	let worst = {ratio: 21, count: ""};
	for (const td of document.querySelectorAll("#confusion td")) {
		const s = getComputedStyle(td); const bg = rgba(s.backgroundColor); const fg = rgba(s.color);
		const shown = [0, 1, 2].map(i => Math.round(bg[3] * bg[i] + (1 - bg[3]) * card[i]));
		const [a, b] = [lum(shown), lum(fg)];
		const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
		if (ratio < worst.ratio) worst = {ratio, count: td.textContent};
	}
	return worst;`

// TestAccessibilityAfterInspect runs axe-core on the whole page with
// every panel filled, the confusion matrix that of a net 30 iterations
// in: its counts spread over the whole shading scale, where the text
// colour once fell short of 4.5:1 in five red and blue mid-tones.
func TestAccessibilityAfterInspect(t *testing.T) {
	p := ready(t, "")
	p.must(`await scratchnet.step(30); await scratchnet.gradCheckStep(); await scratchnet.gradCheckAll(); await scratchnet.keepRun()`, nil)
	p.drawStroke(line([2]float64{150, 40}, [2]float64{135, 240}, 20))
	p.must(`await scratchnet.drawn(); await scratchnet.pickTest(3); await scratchnet.inspect()`, nil)
	p.waitFor(`document.querySelectorAll("#confusion td").length === 100`, 10*time.Second)
	var worst struct {
		Ratio float64 `json:"ratio"`
		Count string  `json:"count"`
	}
	p.must(confusionContrast, &worst)
	t.Logf("lowest contrast in the confusion matrix: %.2f:1 (a count of %s)", worst.Ratio, worst.Count)
	if worst.Ratio < 4.5 {
		t.Errorf("a confusion matrix cell (count %s) has text at %.2f:1, under 4.5:1", worst.Count, worst.Ratio)
	}
	for _, v := range p.axe("document") {
		t.Errorf("axe: %s on %+v", v.ID, v.Nodes)
	}
	p.must(`document.getElementById("inside").scrollIntoView()`, nil)
	p.screenshot("inside-early")
}
