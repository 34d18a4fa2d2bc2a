//go:build js && wasm

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall/js"
	"testing"

	"scratchnet/core"
	"scratchnet/core/mnistdir"
	"scratchnet/wasm/session"
)

// These tests call the exported functions through JavaScript, as the
// page's worker does, under Node (go_js_wasm_exec).

// call calls an export and awaits its Promise: every export returns one.
func call(t *testing.T, name string, args ...any) (js.Value, js.Value) {
	t.Helper()
	p := js.Global().Get("scratchnetGo").Call(name, args...)
	if !p.InstanceOf(jsPromise) {
		t.Fatalf("%s returned %s, not a Promise", name, describe(p))
	}
	return await(p)
}

// await blocks until p settles; Go's scheduler lets the JavaScript event
// loop run meanwhile. It returns the value or the rejection's Error.
func await(p js.Value) (js.Value, js.Value) {
	type outcome struct{ v, err js.Value }
	ch := make(chan outcome, 1)
	ok := js.FuncOf(func(_ js.Value, a []js.Value) any { ch <- outcome{v: a[0], err: js.Null()}; return nil })
	bad := js.FuncOf(func(_ js.Value, a []js.Value) any { ch <- outcome{v: js.Null(), err: a[0]}; return nil })
	defer ok.Release()
	defer bad.Release()
	p.Call("then", ok, bad)
	o := <-ch
	return o.v, o.err
}

func message(err js.Value) string {
	if err.IsNull() {
		return ""
	}
	return err.Get("message").String()
}

func jsBytes(b []byte) js.Value {
	u := jsUint8Array.New(len(b))
	js.CopyBytesToJS(u, b)
	return u
}

func fileBytes(t *testing.T, dir, name string) js.Value {
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return jsBytes(b)
}

func TestBoundary(t *testing.T) {
	dir := mnistdir.ForTest(t)
	register(session.New())
	v, err := call(t, "load", fileBytes(t, dir, core.TrainImagesFile), fileBytes(t, dir, core.TrainLabelsFile),
		fileBytes(t, dir, core.TestImagesFile), fileBytes(t, dir, core.TestLabelsFile))
	if !err.IsNull() || v.Get("train").Int() != 60000 {
		t.Fatalf("load: %s", message(err))
	}
	if _, err := call(t, "load", jsBytes([]byte("nope")), jsBytes(nil), jsBytes(nil), jsBytes(nil)); !strings.Contains(message(err), "train-images-idx3-ubyte.gz") {
		t.Errorf("corrupt load rejected with %q", message(err))
	}

	_, bad := call(t, "configure", `{"learningRate": -1, "batchSize": 0}`)
	if bad.Get("fields").Get("learningRate").String() != "Learning rate must be greater than 0 (got −1)." ||
		bad.Get("fields").Get("batchSize").IsUndefined() || bad.Get("errors").Index(0).Get("rule").String() != "range" {
		t.Errorf("configure refused with %s", message(bad))
	}
	st, _ := call(t, "steps", 700)
	if st.Get("iteration").Int() != 700 || st.Get("losses").Length() != 700 || st.Get("epochs").Length() != 2 {
		t.Fatalf("steps: %v", st.Get("iteration"))
	}

	img := make([]byte, 784)
	_, test, _ := core.LoadMNIST(dir)
	copy(img, test.Image(0)) // a 7
	p, _ := call(t, "predict", jsBytes(img))
	if p.Get("probs").Length() != 10 || p.Get("digit").Int() != 7 {
		t.Errorf("predict: digit %v", p.Get("digit"))
	}
	arr := js.Global().Get("Array").Call("from", jsBytes(img))
	if p2, _ := call(t, "predict", arr); p2.Get("digit").Int() != 7 {
		t.Errorf("predict of an Array: %v", p2.Get("digit"))
	}
	for _, c := range []struct {
		arg  any
		want string
	}{
		{"not bytes", "predict wants 784 pixels (28×28), got a string."},
		{nil, "predict wants 784 pixels (28×28), got null."},
		{js.Global().Get("Array").New(783), "predict wants 784 pixels (28×28), got 783."},
	} {
		// In the reader's language: the page words msg.
		if _, err := call(t, "predict", c.arg); message(err) != c.want || err.Get("msg").Get("key").String() != "predict.length" {
			t.Errorf("predict(%v): %q", c.arg, message(err))
		}
	}
	for _, bad := range []any{js.Global().Get("NaN"), -1, 1000, "x"} {
		a := js.Global().Get("Array").Call("from", jsBytes(img))
		a.SetIndex(5, bad)
		_, err := call(t, "predict", a)
		if !strings.HasPrefix(message(err), "Pixel 5 is ") || err.Get("msg").Get("key").String() != "predict.pixel" || err.Get("msg").Get("args").Get("index").Int() != 5 {
			t.Errorf("a pixel %v: %q", bad, message(err))
		}
	}

	// Pen paths: a stroke down the middle is read, with the hidden layer's why.
	xy := js.Global().Get("Float64Array").Call("from", js.ValueOf([]any{140, 40, 140, 240, js.Global().Get("NaN"), js.Global().Get("NaN")}))
	d, err := call(t, "drawnStrokes", xy)
	if !err.IsNull() || d.Get("input").Get("length").Int() != 784 || d.Get("explanation").Get("hidden").Length() != 50 {
		t.Errorf("drawnStrokes: %s", message(err))
	}
	if _, err := call(t, "drawnStrokes", js.ValueOf([]any{1, 2})); message(err) == "" {
		t.Error("drawnStrokes took a plain array")
	}
	if _, err := call(t, "drawnStrokes", js.Global().Get("Float64Array").New(4*core.MaxStrokePoints+2)); !strings.Contains(message(err), "more than") {
		t.Errorf("too many points: %q", message(err))
	}
	if _, err := call(t, "drawnStrokes", js.Global().Get("Float64Array").New(0)); err.Get("msg").Get("key").String() != "draw.empty" {
		t.Errorf("no paths: %q", message(err))
	}
	ti, err := call(t, "testImage", 0)
	if !err.IsNull() || ti.Get("label").Int() != 7 || ti.Get("input").Get("length").Int() != 784 {
		t.Errorf("testImage(0): %s", message(err))
	}
	if _, err := call(t, "testImage", 10000); err.Get("msg").Get("key").String() != "pick.range" {
		t.Errorf("testImage(10000): %q", message(err))
	}
	if ls, _ := call(t, "lastStep"); ls.Get("pixels").Get("length").Int() != 8*784 || ls.Get("gradNorm").Length() != 4 {
		t.Errorf("lastStep: %v", ls)
	}
	sw, _ := call(t, "gradCheckSweep", `{"key": "W2", "row": 0, "col": 0}`)
	if sw.Length() != len(session.SweepSteps) {
		t.Errorf("gradCheckSweep: %v", sw)
	}

	gs, _ := call(t, "gradCheckStep", `{"key": "b2", "row": 0, "col": 3}`)
	if gs.Get("key").String() != "b2" || gs.Get("relErr").Float() > 1e-6 {
		t.Errorf("gradCheckStep: %v", gs)
	}
	if _, err := call(t, "gradCheckStep", `{"key": "b2", "h": 0}`); !strings.Contains(message(err), "h must be greater than 0") || err.Get("msg").Get("key").String() != "gradcheck.h" {
		t.Errorf("h = 0: %q", message(err))
	}
	progress := 0
	pf := js.FuncOf(func(js.Value, []js.Value) any { progress++; return nil })
	defer pf.Release()
	all, err := call(t, "gradCheckAll", 1e-4, pf)
	if !err.IsNull() || !strings.HasPrefix(all.Get("text").String(), "W1:") || progress == 0 {
		t.Errorf("gradCheckAll: %s (%d progress calls)", message(err), progress)
	}

	if w, _ := call(t, "weights"); w.Get("images").Get("length").Int() != 50*784 {
		t.Errorf("weights: %v", w)
	}
	in, _ := call(t, "inspect", 5)
	if in.Get("mistakes").Length() != 5 || in.Get("pixels").Get("length").Int() != 5*784 || in.Get("confusion").Length() != 10 {
		t.Errorf("inspect: %d mistakes", in.Get("mistakes").Length())
	}
	model, _ := call(t, "saveModel")
	// An ArrayBuffer loads as well as a Uint8Array.
	if _, err := call(t, "loadModel", model.Get("bytes").Get("buffer")); !err.IsNull() {
		t.Errorf("a saved model did not load back: %s", message(err))
	}
	p2, _ := call(t, "predict", jsBytes(img))
	for k := range 10 {
		if p.Get("probs").Index(k).Float() != p2.Get("probs").Index(k).Float() {
			t.Fatal("the reloaded model predicts differently")
		}
	}
	if _, err := call(t, "loadModel", jsBytes([]byte("garbage"))); !strings.Contains(message(err), "none of the files the page reads") || err.Get("msg").Get("key").String() != "model.unknown" {
		t.Errorf("bad model: %q", message(err))
	}
	if _, err := call(t, "loadModel", "a string"); message(err) != "loadModel wants bytes (a Uint8Array or an ArrayBuffer), got a string" {
		t.Errorf("loadModel of a string: %q", message(err))
	}
	if npz, _ := call(t, "saveNPZ"); npz.Get("bytes").Get("length").Int() < 39760*8 {
		t.Error("saveNPZ too short")
	}
	if sc, _ := call(t, "schema"); sc.Get("settings").Length() != len(core.Schema) {
		t.Error("schema")
	}
}

// TestCallTable: scratchnetGo has one function per call of the table and
// lists them, with their flags, for the worker: the calls that replace the
// run end training first; loading and the whole check run in a goroutine.
func TestCallTable(t *testing.T) {
	register(session.New())
	g := js.Global().Get("scratchnetGo")
	listed := g.Get("calls")
	if listed.Length() != len(calls) {
		t.Fatalf("scratchnetGo.calls lists %d calls, the table has %d", listed.Length(), len(calls))
	}
	flags := map[string][2]bool{}
	for i := range listed.Length() {
		c := listed.Index(i)
		name := c.Get("name").String()
		if g.Get(name).Type() != js.TypeFunction {
			t.Errorf("scratchnetGo.%s is not a function", name)
		}
		flags[name] = [2]bool{c.Get("async").Bool(), c.Get("endsRun").Bool()}
	}
	for name, want := range map[string][2]bool{
		"load": {true, true}, "gradCheckAll": {true, false},
		"configure": {false, true}, "reset": {false, true}, "compare": {false, true}, "loadModel": {false, true},
		"tune": {false, false}, "steps": {false, false}, "predict": {false, false},
		"deferEvaluation": {false, false}, "measure": {false, false}, "record": {false, false}, "projectStep": {false, false},
		"numBegin": {false, false}, "numPart": {false, false}, "numEnd": {false, false}, "numTrial": {false, false},
	} {
		if got, ok := flags[name]; !ok || got != want {
			t.Errorf("%s: async, endsRun = %v (listed %v), want %v", name, got, ok, want)
		}
	}
	if _, ok := flags["drawn"]; ok {
		t.Error("the raster drawn call is still listed")
	}
}

// TestLessonCalls: the chapter 5 calls convert their arguments: a graph's
// inputs as an object, a bug by name, null or nothing.
func TestLessonCalls(t *testing.T) {
	register(session.New())
	r, err := call(t, "graph", "fruit", js.ValueOf(map[string]any{"tax": 1.0}))
	if !err.IsNull() || r.Get("forward").Get("price").Float() != 650 || r.Get("backward").Get("dtax").Float() != 650 || r.Get("nodes").Length() != 4 {
		t.Errorf("graph fruit without tax: %s", message(err))
	}
	if _, err := call(t, "graph", "apple", js.ValueOf(map[string]any{"tax": "high"})); message(err) == "" {
		t.Error("a tax of \"high\" was accepted")
	}
	list, _ := call(t, "backpropBug")
	if list.Get("bugs").Length() != len(core.BackpropBugs) || list.Get("on").String() != "" {
		t.Errorf("backpropBug(): %d bugs", list.Get("bugs").Length())
	}
	if on, err := call(t, "backpropBug", "softmaxNoN"); !err.IsNull() || on.Get("on").String() != "softmaxNoN" {
		t.Errorf("switching softmaxNoN on: %s", message(err))
	}
	if _, err := call(t, "backpropBug", "nope"); err.Get("msg").Get("key").String() != "bug.unknown" {
		t.Errorf("an unknown bug: %s", message(err))
	}
	if off, _ := call(t, "backpropBug", js.Null()); off.Get("on").String() != "" {
		t.Error("backpropBug(null) left a bug on")
	}
	if _, err := call(t, "layers"); err.Get("msg").Get("key").String() != "error.noData" {
		t.Errorf("layers before MNIST is loaded: %s", message(err))
	}
}

// TestDeferredEvaluationCalls: with deferEvaluation on, steps hands out
// each evaluation's parameters as bytes, measure scores them and record
// gives them back, as the worker does with its evaluation workers.
func TestDeferredEvaluationCalls(t *testing.T) {
	dir := mnistdir.ForTest(t)
	register(session.New())
	if _, err := call(t, "load", fileBytes(t, dir, core.TrainImagesFile), fileBytes(t, dir, core.TrainLabelsFile),
		fileBytes(t, dir, core.TestImagesFile), fileBytes(t, dir, core.TestLabelsFile)); !err.IsNull() {
		t.Fatalf("load: %s", message(err))
	}
	call(t, "deferEvaluation", true)
	call(t, "reset")
	st, _ := call(t, "steps", 1)
	params := st.Get("evalParams")
	if st.Get("pending").Length() != 1 || params.Get("length").Int() != 8*(784*50+50+50*10+10) || !st.Get("epochs").IsUndefined() {
		t.Fatalf("steps 1 left %v pending with %v bytes", st.Get("pending").Length(), params.Get("length"))
	}
	m, err := call(t, "measure", st.Get("config"), 1, params)
	if !err.IsNull() || m.Get("iteration").Int() != 1 || m.Get("trainAcc").Float() <= 0 {
		t.Fatalf("measure: %s", message(err))
	}
	r, _ := call(t, "record", st.Get("pending").Index(0).Get("run"), m)
	if !r.Get("recorded").Bool() {
		t.Fatal("record: not recorded")
	}
	after, _ := call(t, "steps", 0)
	if after.Get("epochs").Length() != 1 || after.Get("epochs").Index(0).Get("testAcc").Float() != m.Get("testAcc").Float() {
		t.Errorf("steps after record: %v epochs", after.Get("epochs").Length())
	}
	if _, err := call(t, "measure", st.Get("config"), 1, "nope"); !strings.Contains(message(err), "measure wants bytes") {
		t.Errorf("measure of a string: %q", message(err))
	}

	// A numerical step shared out: numBegin, numPart, numEnd.
	call(t, "configure", `{"gradient": "numerical", "hidden": 10, "iterations": 1}`)
	b, _ := call(t, "numBegin", 2)
	job := b.Get("job")
	if job.IsNull() || job.Get("bounds").Length() != 3 || b.Get("params").Get("length").Int() != 8*job.Get("count").Int() {
		t.Fatalf("numBegin: %v", job)
	}
	part, err := call(t, "numPart", job.Get("config"), b.Get("params"), job.Get("batch"), 0, job.Get("count"))
	if !err.IsNull() || part.Get("bytes").Get("length").Int() != 8*job.Get("count").Int() {
		t.Fatalf("numPart: %s", message(err))
	}
	end, err := call(t, "numEnd", part.Get("bytes"))
	if !err.IsNull() || end.Get("iteration").Int() != 1 || end.Get("losses").Length() != 1 {
		t.Fatalf("numEnd: %s", message(err))
	}
	if b, _ := call(t, "numBegin", 2); !b.Get("job").IsNull() {
		t.Error("numBegin on a finished run")
	}
	if _, err := call(t, "numPart", job.Get("config"), b.Get("params"), "[1, -4]", 0, 5); !strings.Contains(message(err), "training image -4") {
		t.Errorf("numPart of image −4: %q", message(err))
	}
}
