package core

import (
	"slices"
	"testing"
)

func bookNet(act Activation) *TwoLayerNet { return BookCheckNet(act, 1) }

// TestLayersMatchTheTrainer: the book's layers, stepped one at a time, give
// the trainer's gradient for the book's three images to the bit, and each
// layer's shapes are the run's.
func TestLayersMatchTheTrainer(t *testing.T) {
	train, _ := smallMNIST(t, 100, 1)
	b := train.Batch([]int{0, 1, 2}, nil)
	for _, act := range []Activation{ActSigmoid, ActReLU} {
		net := bookNet(act)
		want := net.Gradient(b)
		loss, got, passes := net.Layered(BugNone).LossAndGradient(b.X(), b.Labels)
		for k, p := range [][2][]float64{{got.W1, want.W1}, {got.B1, want.B1}, {got.W2, want.W2}, {got.B2, want.B2}} {
			if !slices.Equal(p[0], p[1]) {
				t.Errorf("%s: the layers' %s differs from the trainer's", act, net.Params()[k].Key)
			}
		}
		if l := net.Loss(b); loss != l {
			t.Errorf("%s: layers' loss %v, the net's %v", act, loss, l)
		}
		names := []string{"Affine", string(map[Activation]string{ActSigmoid: "Sigmoid", ActReLU: "Relu"}[act]), "Affine"}
		for i, want := range [][2]int{{3 * 784, 3 * 50}, {3 * 50, 3 * 50}, {3 * 50, 3 * 10}, {3 * 10, 3 * 10}} {
			p := passes[i]
			if len(p.In) != want[0] || len(p.Out) != want[1] || len(p.DX) != want[0] {
				t.Errorf("%s layer %d: in %d, out %d, dx %d; want %v", act, i, len(p.In), len(p.Out), len(p.DX), want)
			}
			if i < 3 && p.Layer.Name() != names[i] {
				t.Errorf("%s layer %d is %s", act, i, p.Layer.Name())
			}
		}
	}
}

// TestGradCheckCatchesBugs: with each bug in its place, the gradient
// check's error jumps on the parameters the bug spoils (by a thousand
// times at least, past 1e-6) and stays exactly as it was on the others.
func TestGradCheckCatchesBugs(t *testing.T) {
	train, _ := smallMNIST(t, 100, 1)
	b := train.Batch([]int{0, 1, 2}, nil)
	for _, bug := range BackpropBugs {
		act := bug.Activation
		if act == "" {
			act = ActReLU
		}
		net := bookNet(act)
		right, _ := NewGradCheck(net, b, DefaultH).CheckAll(nil)
		wrong, _ := NewGradCheckBug(net, b, DefaultH, bug.Bug).CheckAll(nil)
		for i, d := range wrong {
			spoiled := slices.Contains(bug.Spoils, d.Key)
			switch {
			case spoiled && !(d.Diff > 1000*right[i].Diff && d.Diff > 1e-6):
				t.Errorf("%s: %s's error %.3g (without the bug %.3g): not caught", bug.Bug, d.Key, d.Diff, right[i].Diff)
			case !spoiled && d.Diff != right[i].Diff:
				t.Errorf("%s: %s's error %.3g, without the bug %.3g: spoiled, but not listed", bug.Bug, d.Key, d.Diff, right[i].Diff)
			}
		}
		t.Logf("%-22s %v", bug.Bug, wrong)
	}
}

// TestBugRun: a short run with the right backward learns; each bug
// changes the run from its first update on (the first loss, before any
// update, is the same).
func TestBugRun(t *testing.T) {
	train, _ := smallMNIST(t, 2000, 1)
	net := bookNet(ActReLU)
	right := BugRun(net, train, BugNone, 0.1, 100, 100, 1)
	if first, last := mean(right[:10]), mean(right[90:]); !(last < 0.7*first) {
		t.Errorf("the right run's loss went from %.3f to %.3f", first, last)
	}
	for _, bug := range BackpropBugs {
		n := bookNet(ActReLU)
		if bug.Activation != "" {
			n = bookNet(bug.Activation)
		}
		r := BugRun(n, train, BugNone, 0.1, 50, 5, 1)
		w := BugRun(n, train, bug.Bug, 0.1, 50, 5, 1)
		if w[0] != r[0] || slices.Equal(w, r) {
			t.Errorf("%s: losses %v, right %v", bug.Bug, w, r)
		}
	}
}
