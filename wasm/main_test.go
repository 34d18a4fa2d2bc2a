//go:build js && wasm

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall/js"
	"testing"

	"scratchnet/core"
	"scratchnet/wasm/session"
)

// These tests call the exported functions through JavaScript, as the
// page's worker does, under Node (go_js_wasm_exec).

func call(name string, args ...any) js.Value {
	return js.Global().Get("scratchnetGo").Call(name, args...)
}

func parse(v js.Value) js.Value { return js.Global().Get("JSON").Call("parse", v) }

// await blocks until p settles; Go's scheduler lets the JavaScript event
// loop run meanwhile.
func await(p js.Value) (js.Value, string) {
	type outcome struct {
		v   js.Value
		err string
	}
	ch := make(chan outcome, 1)
	ok := js.FuncOf(func(_ js.Value, a []js.Value) any { ch <- outcome{v: a[0]}; return nil })
	bad := js.FuncOf(func(_ js.Value, a []js.Value) any { ch <- outcome{err: a[0].Get("message").String()}; return nil })
	defer ok.Release()
	defer bad.Release()
	p.Call("then", ok, bad)
	o := <-ch
	return o.v, o.err
}

func jsBytesFromFile(t *testing.T, dir, name string) js.Value {
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return jsBytes(b)
}

func TestBoundary(t *testing.T) {
	dir := os.Getenv("SCRATCHNET_MNIST")
	if dir == "" {
		t.Skip("SCRATCHNET_MNIST is not set (make test sets it)")
	}
	register(session.New())
	v, errMsg := await(call("load", jsBytesFromFile(t, dir, core.TrainImagesFile), jsBytesFromFile(t, dir, core.TrainLabelsFile),
		jsBytesFromFile(t, dir, core.TestImagesFile), jsBytesFromFile(t, dir, core.TestLabelsFile)))
	if errMsg != "" || v.Get("train").Int() != 60000 {
		t.Fatalf("load: %v %s", v, errMsg)
	}
	if _, errMsg := await(call("load", jsBytes([]byte("nope")), jsBytes(nil), jsBytes(nil), jsBytes(nil))); !strings.Contains(errMsg, "train-images-idx3-ubyte.gz") {
		t.Errorf("corrupt load rejected with %q", errMsg)
	}

	bad := parse(call("configure", `{"learningRate": -1, "batchSize": 0}`))
	if bad.Get("fields").Get("learningRate").String() != "learning rate -1 must be a positive number" ||
		bad.Get("fields").Get("batchSize").IsUndefined() {
		t.Errorf("configure refused with %s", js.Global().Get("JSON").Call("stringify", bad))
	}
	st := parse(call("steps", 700))
	if st.Get("iteration").Int() != 700 || st.Get("losses").Length() != 700 || st.Get("epochs").Length() != 2 {
		t.Fatalf("steps: %s", js.Global().Get("JSON").Call("stringify", st.Get("iteration")))
	}

	img := make([]byte, 784)
	_, test, _ := core.LoadMNIST(dir)
	copy(img, test.Image(0)) // a 7
	p := parse(call("predict", jsBytes(img)))
	if p.Get("probs").Length() != 10 || p.Get("digit").Int() != 7 {
		t.Errorf("predict: digit %v", p.Get("digit"))
	}
	if e := parse(call("predict", "not bytes")).Get("error").String(); !strings.Contains(e, "784 pixels") {
		t.Errorf("predict of a string: %q", e)
	}
	empty := parse(call("drawn", jsBytes(make([]byte, 100)), 10, 10))
	if empty.Get("error").String() != core.ErrEmptyCanvas.Error() {
		t.Errorf("empty canvas: %v", empty.Get("error"))
	}

	gs := parse(call("gradCheckStep", `{"key": "b2", "row": 0, "col": 3}`))
	if gs.Get("key").String() != "b2" || gs.Get("relErr").Float() > 1e-6 {
		t.Errorf("gradCheckStep: %s", js.Global().Get("JSON").Call("stringify", gs))
	}
	progress := 0
	pf := js.FuncOf(func(js.Value, []js.Value) any { progress++; return nil })
	defer pf.Release()
	all, errMsg := await(call("gradCheckAll", 1e-4, pf))
	if errMsg != "" || !strings.HasPrefix(parse(all).Get("text").String(), "W1:") || progress == 0 {
		t.Errorf("gradCheckAll: %s (%d progress calls)", errMsg, progress)
	}

	if w := call("weights"); w.Get("length").Int() != 50*784 {
		t.Errorf("weights: %d bytes", w.Get("length").Int())
	}
	in := call("inspect", 5)
	if in.Get("mistakes").Length() != 5 || in.Get("pixels").Get("length").Int() != 5*784 || in.Get("confusion").Length() != 10 {
		t.Errorf("inspect: %d mistakes", in.Get("mistakes").Length())
	}
	model := call("saveModel")
	if e := parse(call("loadModel", model)).Get("error"); e.Truthy() {
		t.Errorf("a saved model did not load back: %s", e)
	}
	p2 := parse(call("predict", jsBytes(img)))
	for k := range 10 {
		if p.Get("probs").Index(k).Float() != p2.Get("probs").Index(k).Float() {
			t.Fatal("the reloaded model predicts differently")
		}
	}
	if e := parse(call("loadModel", jsBytes([]byte("garbage")))).Get("error").String(); !strings.HasPrefix(e, "model: not a scratchnet model file") {
		t.Errorf("bad model: %q", e)
	}
	if npz := call("saveNPZ"); npz.Get("length").Int() < 39760*8 {
		t.Error("saveNPZ too short")
	}
}
