package session

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"scratchnet/core"
)

func TestGraph(t *testing.T) {
	s := New()
	r, err := s.Graph("fruit", []byte(`{"orange": 200}`))
	all, orange, tax := 800.0, 200.0, 1.1 // variables: float64 arithmetic, as the graph's
	if err != nil || r.Forward["price"] != all*tax || r.Backward["dorange_num"] != orange*tax {
		t.Fatalf("fruit with oranges at 200: %+v, %v", r.Forward, err)
	}
	if r, err := s.Graph("apple", nil); err != nil || r.Backward["dtax"] != 200 {
		t.Errorf("the book's apples: %+v, %v", r.Backward, err)
	}
	for _, bad := range []struct{ name, in string }{{"apple", `{"orange": 1}`}, {"apple", `{"apple": "many"}`}, {"pear", ``}, {"apple", `[1]`}} {
		if _, err := s.Graph(bad.name, []byte(bad.in)); !messageKey(err, "error.detail") {
			t.Errorf("%s %s: %v", bad.name, bad.in, err)
		}
	}
}

// TestLayersAreTheTrainers: the layers view of the run's net on a batch
// has the trainer's gradient for that batch, bit for bit, and the shapes
// of the run; a bug switched on shows in the view and in the check.
func TestLayersAreTheTrainers(t *testing.T) {
	s := loaded(t)
	if err := s.Configure([]byte(`{"activation": "relu"}`)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Steps(20); err != nil {
		t.Fatal(err)
	}
	v, err := s.Layers(LayersOptions{Images: []int{5, 6}})
	if err != nil {
		t.Fatal(err)
	}
	want := s.tr.Net.Gradient(s.train.Batch([]int{5, 6}, nil))
	if !slices.Equal(v.Grads["W1"], want.W1) || !slices.Equal(v.Grads["b2"], want.B2) {
		t.Error("the layers' gradient is not the trainer's")
	}
	if v.Iteration != 20 {
		t.Errorf("the layers say iteration %d, the net's is 20", v.Iteration)
	}
	in, err := s.Inspect(5)
	if err != nil || in.Iteration != 20 {
		t.Errorf("Inspect says iteration %d, the net's is 20 (%v)", in.Iteration, err)
	}
	names := []string{}
	for _, l := range v.Layers {
		names = append(names, l.Name)
	}
	if !slices.Equal(names, []string{"Affine", "Relu", "Affine", "SoftmaxWithLoss"}) ||
		!slices.Equal(v.Layers[0].Shapes["W"], []int{784, 50}) || !slices.Equal(v.Layers[0].Shapes["dW"], []int{784, 50}) ||
		!slices.Equal(v.Layers[0].Shapes["x"], []int{2, 784}) || !slices.Equal(v.Layers[2].Shapes["out"], []int{2, 10}) {
		t.Errorf("layers %v, shapes %v %v", names, v.Layers[0].Shapes, v.Layers[2].Shapes)
	}
	tv, err := s.Layers(LayersOptions{Images: []int{0, 1}, Set: "test"})
	if want := s.tr.Net.Gradient(s.test.Batch([]int{0, 1}, nil)); err != nil || tv.Set != "test" || !slices.Equal(tv.Labels, []int{7, 2}) || !slices.Equal(tv.Grads["W1"], want.W1) {
		t.Errorf("test images 0 and 1: set %q, labels %v, %v", tv.Set, tv.Labels, err)
	}
	if _, err := s.Layers(LayersOptions{Images: []int{10000}, Set: "test"}); !messageKey(err, "layers.range") {
		t.Errorf("test image 10000: %v", err)
	}
	if _, err := s.Layers(LayersOptions{Set: "validation"}); !messageKey(err, "error.detail") {
		t.Errorf("set validation: %v", err)
	}
	if _, err := s.Layers(LayersOptions{Images: []int{60000}}); !messageKey(err, "layers.range") {
		t.Errorf("image 60000: %v", err)
	}
	if _, err := s.Layers(LayersOptions{Images: make([]int, 11)}); !messageKey(err, "layers.count") {
		t.Errorf("11 images: %v", err)
	}

	if _, err := s.SetBug("noSuchBug"); !messageKey(err, "bug.unknown") || s.Bugs().On != "" {
		t.Errorf("an unknown bug: %v, on %q", err, s.Bugs().On)
	}
	right, err := s.GradCheckAll("relu", nil, nil)
	if err != nil || right.Net != "relu" {
		t.Fatal(err)
	}
	if _, err := s.SetBug(core.BugBiasNotSummed); err != nil {
		t.Fatal(err)
	}
	wrong, _ := s.GradCheckAll("relu", nil, nil)
	for i, d := range wrong.Diffs {
		spoiled := d.Key == "b1" || d.Key == "b2"
		if spoiled != (d.Diff > 1000*right.Diffs[i].Diff) || wrong.Bug != "biasNotSummed" {
			t.Errorf("with db not summed: %s %v, without %v", d.Key, d.Diff, right.Diffs[i].Diff)
		}
	}
	if bv, _ := s.Layers(LayersOptions{}); bv.Bug != "biasNotSummed" || slices.Equal(bv.Grads["b1"], s.tr.Net.Gradient(s.train.Batch([]int{0, 1, 2}, nil)).B1) {
		t.Error("the layers view does not show the bug")
	}
	if _, err := s.SetBug(core.BugNone); err != nil || s.Bugs().On != "" {
		t.Error("switching the bugs off")
	}
	// The book's check on the book's ReLU net: its figures.
	step, err := s.GradCheckStep(GradStepOptions{Net: "relu", Next: true, SkipZero: true})
	if err != nil || step.Net != "relu" || step.Skipped == 0 || step.Skipped != step.SkippedBy.BlankPixel+step.SkippedBy.InactiveUnit+step.SkippedBy.Other {
		t.Errorf("first non-zero of the book's net: %+v, %v", step, err)
	}
}

func TestBugRun(t *testing.T) {
	s := loaded(t)
	bug := string(core.BugSigmoidFromInput)
	v, err := s.BugRun(BugRunOptions{Bug: &bug, Iterations: 20})
	if err != nil || v.Activation != "sigmoid" || len(v.Right) != 20 || len(v.Wrong) != 20 || v.Right[0] != v.Wrong[0] || slices.Equal(v.Right, v.Wrong) {
		t.Fatalf("%+v, %v", v, err)
	}
	// Any other bug runs on chapter 5's ReLU net, the one the page checks
	// it on, whatever the run's activation (sigmoid here).
	noN := string(core.BugSoftmaxNoN)
	if v, err := s.BugRun(BugRunOptions{Bug: &noN, Iterations: 2}); err != nil || v.Activation != "relu" {
		t.Errorf("softmaxNoN's run: %+v, %v", v, err)
	}
	if _, err := s.BugRun(BugRunOptions{Iterations: MaxBugRun + 1}); !messageKey(err, "bugrun.iterations") {
		t.Errorf("too long a run: %v", err)
	}
	nope := "nope"
	if _, err := s.BugRun(BugRunOptions{Bug: &nope}); !messageKey(err, "bug.unknown") {
		t.Errorf("an unknown bug: %v", err)
	}
}

// TestNPZCarriesItsActivation: chapter 5's ReLU net downloaded as .npz
// and loaded on a fresh page (whose settings say sigmoid) keeps its
// accuracy; the same weights without our settings entry (as the book's
// Python writes them) are scored both ways and ReLU is chosen, saying why.
func TestNPZCarriesItsActivation(t *testing.T) {
	s := loaded(t)
	if err := s.Configure([]byte(`{"activation": "relu"}`)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Steps(600); err != nil {
		t.Fatal(err)
	}
	want := s.tr.Net.Accuracy(s.test)
	npz, err := s.SaveNPZ()
	if err != nil {
		t.Fatal(err)
	}
	fresh := loaded(t)
	if err := fresh.LoadModel(npz); err != nil {
		t.Fatal(err)
	}
	if st := fresh.State(); st.Config.Activation != core.ActReLU || st.TestAcc != want || st.Loaded.Iterations != 600 || st.Loaded.Guess != nil {
		t.Errorf("our .npz on a fresh page: activation %s, test accuracy %v (want %v), loaded %+v", st.Config.Activation, st.TestAcc, want, st.Loaded)
	}
	python := core.EncodeNPZ(s.tr.Net, nil)
	other := loaded(t)
	if err := other.LoadModel(python); err != nil {
		t.Fatal(err)
	}
	st := other.State()
	g := st.Loaded.Guess
	if g == nil || g.Activation != core.ActReLU || g.Images != GuessImages || !(g.Accuracy[core.ActReLU] > 0.8 && g.Accuracy[core.ActSigmoid] < g.Accuracy[core.ActReLU]) ||
		st.Config.Activation != core.ActReLU || st.TestAcc != want {
		t.Errorf("the book's .npz: guess %+v, activation %s, test accuracy %v (want %v)", g, st.Config.Activation, st.TestAcc, want)
	}
}

// TestLoadPickle: the book's params.pkl loads (its activation chosen by
// scoring, as for an .npz from Python); a pickle that names another
// global is refused whole, by name.
func TestLoadPickle(t *testing.T) {
	s := loaded(t)
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("..", "..", "core", "testdata", "pkl", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	if err := s.LoadModel(read("params-p5.pkl")); err != nil {
		t.Fatal(err)
	}
	if st := s.State(); st.Config.Hidden != 2 || st.Loaded == nil || st.Loaded.Guess == nil || st.Loaded.Guess.Images != GuessImages {
		t.Errorf("params-p5.pkl: hidden %d, loaded %+v", st.Config.Hidden, st.Loaded)
	}
	if err := s.LoadModel(read("evil.pkl")); !messageKey(err, "model.bad") || !strings.Contains(err.Error(), "refuses the global posix.system") {
		t.Errorf("evil.pkl: %v", err)
	}
	if s.Config().Hidden != 2 {
		t.Error("a refused pickle changed the run")
	}
}
