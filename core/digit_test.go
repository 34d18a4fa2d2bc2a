package core

import (
	"errors"
	"sync"
	"testing"
)

var (
	trainedOnce sync.Once
	trainedNet  *TwoLayerNet
)

// trained returns a net trained for 3,000 iterations of the book's run
// (about 0.93 test accuracy), once per test binary.
func trained(t *testing.T) *TwoLayerNet {
	train, test := loadMNIST(t)
	trainedOnce.Do(func() {
		c := BookConfig()
		c.Iterations = 3000
		tr, err := NewTrainer(c, train, test)
		if err != nil {
			panic(err)
		}
		if err := tr.Run(c.Iterations); err != nil {
			panic(err)
		}
		trainedNet = tr.Net
	})
	return trainedNet
}

// paint enlarges a 28×28 image k times (nearest neighbour) onto a w×w
// canvas at (ox, oy).
func paint(img []byte, k, ox, oy, w int) []byte {
	c := make([]byte, w*w)
	for y := range 28 * k {
		for x := range 28 * k {
			c[(oy+y)*w+ox+x] = img[(y/k)*28+x/k]
		}
	}
	return c
}

func accuracyOn(net *TwoLayerNet, imgs [][]byte, labels []int) float64 {
	y := net.Predict(BatchFromPixels(784, imgs, labels))
	ok := 0
	for i, l := range labels {
		best := 0
		for k := range 10 {
			if y[i*10+k] > y[i*10+best] {
				best = k
			}
		}
		if best == l {
			ok++
		}
	}
	return float64(ok) / float64(len(labels))
}

// TestRasterDigitRestoresMNIST paints test digits 3 to 8 times larger at
// random places on a 280×280 canvas: after rasterDigit the net classifies
// them within a few points of the originals, while shrinking the whole
// canvas loses most of them.
func TestRasterDigitRestoresMNIST(t *testing.T) {
	net := trained(t)
	_, test := loadMNIST(t)
	const n, w = 500, 280
	r := seeded(91)
	var orig, prepared, naive [][]byte
	var labels []int
	for i := range n {
		img := test.Image(i)
		k := 3 + r.IntN(6)
		canvas := paint(img, k, r.IntN(w-28*k+1), r.IntN(w-28*k+1), w)
		p, err := rasterDigit(canvas, w, w)
		if err != nil {
			t.Fatal(err)
		}
		orig, prepared, naive = append(orig, img), append(prepared, p), append(naive, naiveDownscale(canvas, w, w))
		labels = append(labels, int(test.Labels[i]))
	}
	a, b, c := accuracyOn(net, orig, labels), accuracyOn(net, prepared, labels), accuracyOn(net, naive, labels)
	t.Logf("accuracy on %d test digits: original %.3f, painted and prepared %.3f, naive downscale %.3f", n, a, b, c)
	// "Within a few points": three.
	if b < a-0.03 {
		t.Errorf("prepared digits: %.3f, originals %.3f", b, a)
	}
	if c > a-0.3 {
		t.Errorf("naive downscaling kept %.3f (originals %.3f): the comparison shows nothing", c, a)
	}
}

func TestRasterDigitGeometry(t *testing.T) {
	// A 100×40 bar at the top-left of a 300×200 canvas: scaled to 20×8 and
	// its centre of mass (9.5, 3.5) moved to pixel (14, 14), rounding the
	// half-pixel shifts 4.5 and 10.5 up.
	c := make([]byte, 300*200)
	for y := 10; y < 50; y++ {
		for x := 5; x < 105; x++ {
			c[y*300+x] = 255
		}
	}
	got, err := rasterDigit(c, 300, 200)
	if err != nil {
		t.Fatal(err)
	}
	x0, y0, x1, y1 := 28, 28, -1, -1
	for y := range 28 {
		for x := range 28 {
			if got[y*28+x] != 0 {
				if got[y*28+x] != 255 {
					t.Fatalf("pixel (%d, %d) = %d, want 255 for a solid bar", x, y, got[y*28+x])
				}
				x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
			}
		}
	}
	if x0 != 5 || x1 != 24 || y0 != 11 || y1 != 18 {
		t.Errorf("bar at x %d..%d, y %d..%d; want 5..24, 11..18", x0, x1, y0, y1)
	}
	if _, err := rasterDigit(make([]byte, 100), 10, 10); !errors.Is(err, ErrEmptyCanvas) {
		t.Errorf("empty canvas: %v", err)
	}
	if _, err := rasterDigit(nil, 1<<32, 1<<32); err == nil { // w·h overflows to 0
		t.Error("a canvas of 2³²×2³² with no bytes was accepted")
	}
	if _, err := rasterDigit(make([]byte, 99), 10, 10); err == nil {
		t.Error("99 bytes accepted as 10×10")
	}
	// A single dot still makes an input.
	c = make([]byte, 50*50)
	c[20*50+30] = 255
	if got, err := rasterDigit(c, 50, 50); err != nil || got[14*28+14] != 255 && got[13*28+13] != 255 {
		t.Errorf("a dot: %v", err)
	}
}
