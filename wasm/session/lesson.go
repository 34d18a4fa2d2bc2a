package session

import (
	"strconv"

	"scratchnet/core"
	"scratchnet/core/i18n"
)

// Chapter 5's lesson: the book's computational graphs of shopping, the
// network as the book's layers, and the backward-pass bugs the gradient
// check catches.

// Graph runs the book's shopping graph name ("apple" or "fruit") forward
// and backward with inputsJSON's values (a JSON object of the book's
// variable names: apple, apple_num, orange, orange_num, tax; absent, null
// or {}: the book's values).
func (s *Session) Graph(name string, inputsJSON []byte) (core.GraphRun, error) {
	var in map[string]float64
	if len(inputsJSON) > 0 && string(inputsJSON) != "null" {
		if err := core.DecodeJSONStrict(inputsJSON, &in); err != nil {
			return core.GraphRun{}, i18n.M("error.detail", "detail", "graph inputs: "+err.Error())
		}
	}
	r, err := core.ShoppingGraph(name, in)
	if err != nil {
		return core.GraphRun{}, i18n.M("error.detail", "detail", err.Error())
	}
	return r, nil
}

// LayersOptions chooses the mini-batch the layers are shown on: indexes
// into the training set (absent: the first three, as the book's check),
// or into the test set when Set is "test".
type LayersOptions struct {
	Images []int  `json:"images"`
	Set    string `json:"set"` // "train" (or absent) or "test"
}

// MaxLayerImages bounds the images a layers view holds.
const MaxLayerImages = 10

// LayerView is one of the book's layers in a forward and backward pass:
// its name, the parameters it owns, the shapes of everything it touched
// (x, out, W, b, dout, dx, dW, db: rows and columns, or one length), its
// input and output going forward, and ∂L/∂out and ∂L/∂x coming back.
type LayerView struct {
	Name     string               `json:"name"`
	Params   []string             `json:"params,omitempty"`
	Shapes   map[string][]int     `json:"shapes"`
	Forward  map[string]any       `json:"forward"`
	Backward map[string][]float64 `json:"backward"`
}

// LayersView is the run's net as the book's layers on a mini-batch: the
// layers, the loss, and the gradient, which is the trainer's to the bit
// (unless a bug is switched on, Bug), with the iteration of the weights.
type LayersView struct {
	Images    []int                `json:"images"`
	Set       string               `json:"set"` // "train" or "test"
	Labels    []int                `json:"labels"`
	Layers    []LayerView          `json:"layers"`
	Loss      float64              `json:"loss"`
	Grads     map[string][]float64 `json:"grads"`
	Bug       string               `json:"bug,omitempty"`
	Iteration int                  `json:"iteration"`
}

// Layers runs the run's net as the book's layers forward and backward on
// the training images o names.
func (s *Session) Layers(o LayersOptions) (LayersView, error) {
	if s.tr == nil {
		return LayersView{}, ErrNoData
	}
	idx := o.Images
	if idx == nil {
		idx = []int{0, 1, 2}
	}
	set, d := "train", s.train
	switch o.Set {
	case "", "train":
	case "test":
		set, d = "test", s.test
	default:
		return LayersView{}, i18n.M("error.detail", "detail", "layers: set "+strconv.Quote(o.Set)+" is not train or test")
	}
	if len(idx) < 1 || len(idx) > MaxLayerImages {
		return LayersView{}, i18n.M("layers.count", "max", float64(MaxLayerImages), "got", float64(len(idx)))
	}
	for _, i := range idx {
		if i < 0 || i >= d.N {
			return LayersView{}, i18n.M("layers.range", "max", float64(d.N-1), "got", float64(i))
		}
	}
	b := d.Batch(idx, nil)
	net := s.tr.Net
	loss, g, passes := net.Layered(s.bug).LossAndGradient(b.X(), b.Labels)
	n := len(idx)
	v := LayersView{Images: idx, Set: set, Labels: b.Labels, Loss: loss, Bug: string(s.bug), Iteration: s.tr.Iteration,
		Grads: map[string][]float64{"W1": g.W1, "b1": g.B1, "W2": g.W2, "b2": g.B2}}
	affines := 0
	for _, p := range passes {
		in, out := len(p.In)/n, len(p.Out)/n
		lv := LayerView{
			Shapes:   map[string][]int{"x": {n, in}, "out": {n, out}, "dout": {n, out}, "dx": {n, in}},
			Forward:  map[string]any{"x": p.In, "out": p.Out},
			Backward: map[string][]float64{"dout": p.DOut, "dx": p.DX},
		}
		switch l := p.Layer.(type) {
		case nil: // the loss layer
			lv.Name = "SoftmaxWithLoss"
			t := make([]float64, n*net.Output)
			for i, label := range b.Labels {
				t[i*net.Output+label] = 1
			}
			lv.Forward["t"], lv.Forward["loss"] = t, loss
			lv.Shapes["t"], lv.Shapes["loss"] = []int{n, net.Output}, []int{}
			delete(lv.Shapes, "dout")
			delete(lv.Backward, "dout")
		case *core.AffineLayer:
			affines++
			w, bias := "W1", "b1"
			if affines == 2 {
				w, bias = "W2", "b2"
			}
			lv.Name, lv.Params = l.Name(), []string{w, bias}
			lv.Shapes["W"], lv.Shapes["b"] = []int{l.In, l.Out}, []int{l.Out}
			lv.Shapes["dW"], lv.Shapes["db"] = []int{l.In, l.Out}, []int{l.Out}
		default:
			lv.Name = l.Name()
		}
		v.Layers = append(v.Layers, lv)
	}
	return v, nil
}

// BugsView lists the backward-pass bugs and says which is switched on.
type BugsView struct {
	Bugs []core.BugInfo `json:"bugs"`
	On   string         `json:"on"` // "" for none
}

// Bugs lists the bugs.
func (s *Session) Bugs() BugsView { return BugsView{Bugs: core.BackpropBugs, On: string(s.bug)} }

// SetBug switches bug on in the gradient check's backward pass and the
// layers view (BugNone: all off); an unknown name is refused and changes
// nothing.
func (s *Session) SetBug(bug core.BackpropBug) (BugsView, error) {
	if bug != core.BugNone && !bug.Known() {
		return BugsView{}, i18n.M("bug.unknown", "name", string(bug))
	}
	s.bug = bug
	return s.Bugs(), nil
}

// BugRunOptions chooses a short run with a bug: the bug (absent: the one
// switched on) and the iterations (absent: 100; at most MaxBugRun).
type BugRunOptions struct {
	Bug        *string `json:"bug"`
	Iterations int     `json:"iterations"`
}

// MaxBugRun bounds a BugRun's iterations (each a dense pass of the
// book's layers: about 10 ms natively, 40 ms in a page).
const MaxBugRun = 500

// BugRunView is a short run of the book's check net with a bug, beside
// the same run with the right backward: the same first weights and
// mini-batches, so the losses part at the first update.
type BugRunView struct {
	Bug        string    `json:"bug"`
	Activation string    `json:"activation"`
	Iterations int       `json:"iterations"`
	Right      []float64 `json:"right"`
	Wrong      []float64 `json:"wrong"`
}

// BugRun trains the book's check net (core.BookCheckNet: chapter 5's ReLU
// net, the one the page checks the bug on, or sigmoid if the bug needs it)
// from the same seed twice, with the right backward and with the bug, SGD
// at the book's learning rate 0.1 on mini-batches of 100. (A sigmoid net
// hardly learns in a short run: its loss stays near 2.3 either way.)
func (s *Session) BugRun(o BugRunOptions) (BugRunView, error) {
	if s.tr == nil {
		return BugRunView{}, ErrNoData
	}
	bug := s.bug
	if o.Bug != nil {
		bug = core.BackpropBug(*o.Bug)
		if bug != core.BugNone && !bug.Known() {
			return BugRunView{}, i18n.M("bug.unknown", "name", *o.Bug)
		}
	}
	n := o.Iterations
	if n == 0 {
		n = 100
	}
	if n < 1 || n > MaxBugRun {
		return BugRunView{}, i18n.M("bugrun.iterations", "max", float64(MaxBugRun), "got", float64(n))
	}
	act := core.ActReLU
	for _, b := range core.BackpropBugs {
		if b.Bug == bug && b.Activation != "" {
			act = b.Activation
		}
	}
	net := core.BookCheckNet(act, 1)
	return BugRunView{Bug: string(bug), Activation: string(act), Iterations: n,
		Right: core.BugRun(net, s.train, core.BugNone, 0.1, 100, n, 1),
		Wrong: core.BugRun(net, s.train, bug, 0.1, 100, n, 1)}, nil
}
