//go:build !js

package e2e

import (
	"context"
	"slices"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// touch is one moment of a multi-touch gesture on #draw: the touch points
// down then, in canvas pixels, by id.
type touch map[int64][2]float64

// gesture sends touches to #draw as a touchscreen does (CDP touch events,
// which Chromium turns into pointer events): each moment lists every
// finger or pen tip down; a point that appears starts, one that goes ends.
func (p *page) gesture(moments []touch) {
	p.t.Helper()
	var r struct{ X, Y, W, H float64 }
	p.must(`const c = document.getElementById("draw"); c.scrollIntoView({block: "center"});
		const b = c.getBoundingClientRect(); return {X: b.left, Y: b.top, W: b.width, H: b.height}`, &r)
	points := func(m touch) []*input.TouchPoint {
		var out []*input.TouchPoint
		for id, q := range m {
			fid := float64(id)
			out = append(out, &input.TouchPoint{X: r.X + q[0]*r.W/280, Y: r.Y + q[1]*r.H/280, ID: &fid})
		}
		slices.SortFunc(out, func(a, b *input.TouchPoint) int { return int(*a.ID - *b.ID) })
		return out
	}
	call := func(typ input.DispatchTouchEventType, pts []*input.TouchPoint) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: typ, TouchPoints: pts})
			return err
		})
	}
	steps := []chromedp.Action[chromedp.Void]{chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{Enabled: true, MaxTouchPoints: 5})
		return err
	})}
	prev := touch{}
	for _, m := range append(moments, touch{}) {
		started := false
		for id := range m {
			if _, ok := prev[id]; !ok {
				started = true
			}
		}
		// Chromium compares each event's points with the last one's: a
		// point that is new is pressed, one that is gone is released.
		switch {
		case len(m) == 0:
			steps = append(steps, call(input.DispatchTouchEventTypeTouchEnd, []*input.TouchPoint{}))
		case started:
			steps = append(steps, call(input.DispatchTouchEventTypeTouchStart, points(m)))
		default:
			steps = append(steps, call(input.DispatchTouchEventTypeTouchMove, points(m)))
		}
		prev = m
	}
	if err := chromedp.Do(p.ctx, steps...); err != nil {
		p.t.Fatal(err)
	}
}

// TestPenAndPalm: on a tablet, a palm resting on the pad while a pen
// writes a 1 (and lifting before the pen does) changes nothing: the net
// sees exactly the pen's stroke, as when the pen writes alone.
func TestPenAndPalm(t *testing.T) {
	p := ready(t, "")
	pen := func(i int) [2]float64 { return [2]float64{140, 40 + float64(i)*20} }
	var alone []touch
	for i := range 11 {
		alone = append(alone, touch{1: pen(i)})
	}
	input := func() []int {
		var in []int
		p.must(`const r = await scratchnet.drawn(); return Array.from(r.input)`, &in)
		return in
	}
	p.gesture(alone)
	want := input()
	p.must(`document.getElementById("btn-clear").click()`, nil)
	var withPalm []touch
	for i := range 11 {
		m := touch{1: pen(i)}
		if i >= 3 && i <= 7 { // the palm rests, slides, lifts
			m[2] = [2]float64{240 + float64(i), 250 + float64(i)}
		}
		withPalm = append(withPalm, m)
	}
	p.gesture(withPalm)
	if got := input(); !slices.Equal(got, want) {
		t.Errorf("with a palm resting, the net sees another input than the pen's alone")
	}
	// A second finger that comes down while the first draws draws
	// nothing, and the first's stroke goes on.
	p.must(`document.getElementById("btn-clear").click()`, nil)
	p.gesture([]touch{{1: pen(0)}, {1: pen(5)}, {1: pen(10)}})
	one := input()
	p.must(`document.getElementById("btn-clear").click()`, nil)
	p.gesture([]touch{{1: pen(0)}, {1: pen(0), 2: {30, 30}}, {1: pen(5), 2: {30, 200}}, {1: pen(10)}})
	if got := input(); !slices.Equal(got, one) {
		t.Errorf("a second finger's path reached the net")
	}
}
