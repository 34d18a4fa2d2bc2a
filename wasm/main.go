//go:build js && wasm

// Command wasm is the playground's WebAssembly module. It registers one
// object, globalThis.scratchnetGo, whose functions convert JavaScript
// values to the arguments of a session.Session and its results back. Every
// function has one shape: it returns a Promise that resolves with a plain
// object (bytes as Uint8Array fields of it) or rejects with an Error whose
// message is a sentence for the page and, for refused settings, whose
// fields maps each setting to its sentence. A panic inside a call rejects
// that call; the module stays alive. The page runs it in a Web Worker
// (web/worker.js).
package main

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime/debug"
	"syscall/js"

	"scratchnet/core"
	"scratchnet/core/i18n"
	"scratchnet/wasm/session"
)

// JavaScript's classes, looked up once.
var (
	jsObject     = js.Global().Get("Object")
	jsPromise    = js.Global().Get("Promise")
	jsError      = js.Global().Get("Error")
	jsJSON       = js.Global().Get("JSON")
	jsUint8Array = js.Global().Get("Uint8Array")
	jsFloat64    = js.Global().Get("Float64Array")
	jsArrayBuf   = js.Global().Get("ArrayBuffer")

	// toNumber maps an array's elements for Float64Array.from: anything
	// that is not a number becomes NaN, which predict refuses. Made once,
	// for the module's lifetime.
	toNumber = js.FuncOf(func(_ js.Value, a []js.Value) any {
		if a[0].Type() != js.TypeNumber {
			return math.NaN()
		}
		return a[0]
	})
)

func main() {
	// WebAssembly memory never shrinks, so the heap's high-water mark is
	// what the page keeps. The live heap is mostly MNIST (about 23 MB,
	// nearly all of it without pointers, so a collection has little to
	// mark); letting the garbage grow to a tenth of it instead of all of
	// it (GOGC 100) keeps the module near 36 MiB through the book's run
	// (docs/figures.md).
	debug.SetGCPercent(10)
	register(session.New())
	select {} // keep the exported functions alive for the page's lifetime
}

// bytesField marks a result's bulk bytes, set on the result object as a
// Uint8Array under name.
type bytesField struct {
	name string
	b    []byte
}

// withBytes is a result plus its bytes fields.
type withBytes struct {
	v     any
	bytes []bytesField
}

// fileResult is a file as a result: {bytes: Uint8Array}.
func fileResult(b []byte, err error) (any, error) {
	return withBytes{map[string]any{}, []bytesField{{"bytes", b}}}, err
}

// trainState is a state after training as a result: evalParams holds the
// pending evaluations' parameters, one after another.
func trainState(st session.State, err error) (any, error) {
	if err != nil || len(st.Pending) == 0 {
		return st, err
	}
	var b []byte
	for _, p := range st.Pending {
		b = append(b, p.Params...)
	}
	return withBytes{st, []bytesField{{"evalParams", b}}}, nil
}

// numJob is a numerical step to share out as a result, {job, params}, or
// {job: null} when there is none.
func numJob(job session.NumericalStep, ok bool) (any, error) {
	if !ok {
		return map[string]any{"job": nil}, nil
	}
	return withBytes{map[string]any{"job": job}, []bytesField{{"params", job.Params}}}, nil
}

// A goCall is one function of the page into Go. The worker passes every call
// through by its name, ending whatever it is training first where EndsRun
// says so; the page's panel modules call them by name.
type goCall struct {
	Name string `json:"name"`
	// Async calls run in a goroutine (loading and the whole gradient check
	// take seconds, and a js.FuncOf callback must not block); the others
	// run at once and settle their Promise before returning.
	Async bool `json:"async"`
	// EndsRun calls replace the run: the worker stops training first.
	EndsRun bool `json:"endsRun"`
	// do converts the arguments, calls the session and returns the result.
	do func(s *session.Session, a args) (any, error)
}

// calls is every call, in one table.
var calls = []goCall{
	{Name: "load", Async: true, EndsRun: true, do: func(s *session.Session, a args) (any, error) {
		var files [4]core.SizedReaderAt
		for i := range files {
			u, err := uint8Array(a.at(i), "load")
			if err != nil {
				return nil, err
			}
			files[i] = uint8View{u, int64(u.Get("length").Int())}
		}
		if err := s.Load(files[0], files[1], files[2], files[3]); err != nil {
			return nil, err
		}
		return s.Loaded(), nil
	}},
	{Name: "schema", do: func(*session.Session, args) (any, error) { return schema(), nil }},
	{Name: "configure", EndsRun: true, do: stateAfter((*session.Session).Configure)},
	{Name: "tune", do: stateAfter((*session.Session).Tune)},
	// checkConfig(options): the state if configure would accept options,
	// else configure's refusal; nothing changes either way.
	{Name: "checkConfig", do: stateAfter((*session.Session).CheckConfig)},
	{Name: "compare", EndsRun: true, do: stateAfter(func(s *session.Session, _ []byte) error { return s.Compare() })},
	{Name: "reset", EndsRun: true, do: stateAfter(func(s *session.Session, _ []byte) error { return s.Reset() })},
	{Name: "steps", do: func(s *session.Session, a args) (any, error) { return trainState(s.Steps(a.int(0))) }},
	// numBegin(parts): the next step of a numerical run to share out in
	// parts, as {job, params}, or {job: null} for any other run (nothing
	// begun);
	// numPart(config, params, batch, from, to): that share of its gradient,
	// as {bytes}; numEnd(gradient): the step ended, the state as steps.
	{Name: "numBegin", do: func(s *session.Session, a args) (any, error) { return numJob(s.BeginNumerical(a.int(0))) }},
	// numTrial(parts): the same work as numBegin's, on the run's first
	// images, to time before a run starts; nothing begins.
	{Name: "numTrial", do: func(s *session.Session, a args) (any, error) { return numJob(s.TrialNumerical(a.int(0))) }},
	{Name: "numPart", do: func(s *session.Session, a args) (any, error) {
		params, err := bytesOf(a.at(1), "numPart")
		if err != nil {
			return nil, err
		}
		var batch []int
		if err := core.DecodeJSONStrict(a.json(2), &batch); err != nil {
			return nil, errors.New("numPart: the mini-batch: " + err.Error())
		}
		return fileResult(s.NumericalPart(a.json(0), params, batch, a.int(3), a.int(4)))
	}},
	{Name: "numEnd", do: func(s *session.Session, a args) (any, error) {
		g, err := bytesOf(a.at(0), "numEnd")
		if err != nil {
			return nil, err
		}
		return trainState(s.EndNumerical(g))
	}},
	// projectStep(): one step's time, measured now, before a run starts.
	{Name: "projectStep", do: func(s *session.Session, _ args) (any, error) { return s.Project() }},
	// deferEvaluation(on): whether runs leave their evaluations to the
	// evaluation workers (measure) and take them back (record).
	{Name: "deferEvaluation", do: func(s *session.Session, a args) (any, error) {
		s.DeferEvaluation(a.at(0).Truthy())
		return nil, nil
	}},
	// measure(config, iteration, params): a pending evaluation's figures.
	{Name: "measure", do: func(s *session.Session, a args) (any, error) {
		b, err := bytesOf(a.at(2), "measure")
		if err != nil {
			return nil, err
		}
		return s.Measure(a.json(0), a.int(1), b)
	}},
	// record(run, figures): whether the figures were the current run's.
	{Name: "record", do: func(s *session.Session, a args) (any, error) {
		var e core.EpochStat
		if err := core.DecodeJSONStrict(a.json(1), &e); err != nil {
			return nil, errors.New("record: " + err.Error())
		}
		ok, err := s.Record(a.int(0), e)
		return map[string]bool{"recorded": ok}, err
	}},
	{Name: "state", do: func(s *session.Session, _ args) (any, error) { return s.State(), nil }},
	{Name: "lastStep", do: func(s *session.Session, _ args) (any, error) {
		v, ok := s.LastStep()
		if !ok {
			return nil, nil
		}
		return withBytes{v, []bytesField{{"pixels", v.Pixels}}}, nil
	}},
	{Name: "predict", do: func(s *session.Session, a args) (any, error) {
		px, err := pixels(a.at(0))
		if err != nil {
			return nil, err
		}
		return s.Predict(px)
	}},
	{Name: "drawnStrokes", do: func(s *session.Session, a args) (any, error) {
		xy, err := strokes(a.at(0))
		if err != nil {
			return nil, err
		}
		d, err := s.DrawnStrokes(xy)
		return withBytes{d, []bytesField{{"input", d.Input}}}, err
	}},
	{Name: "testImage", do: func(s *session.Session, a args) (any, error) {
		v, err := s.TestImageView(a.int(0))
		return withBytes{v, []bytesField{{"input", v.Input}}}, err
	}},
	{Name: "gradCheckStep", do: func(s *session.Session, a args) (any, error) {
		o, err := gradOptions(a)
		if err != nil {
			return nil, err
		}
		return s.GradCheckStep(o)
	}},
	{Name: "gradCheckSweep", do: func(s *session.Session, a args) (any, error) {
		o, err := gradOptions(a)
		if err != nil {
			return nil, err
		}
		return s.GradCheckSweep(o)
	}},
	{Name: "gradCheckAll", Async: true, do: func(s *session.Session, a args) (any, error) {
		var h *float64
		if v := a.at(0); v.Type() == js.TypeNumber {
			x := v.Float()
			h = &x
		}
		progress, which := a.at(1), ""
		if v := a.at(2); v.Type() == js.TypeString {
			which = v.String()
		}
		return s.GradCheckAll(which, h, func(done, total int) {
			if progress.Type() == js.TypeFunction {
				progress.Invoke(done, total)
			}
		})
	}},
	{Name: "graph", do: func(s *session.Session, a args) (any, error) {
		name := ""
		if v := a.at(0); v.Type() == js.TypeString {
			name = v.String()
		}
		return s.Graph(name, a.json(1))
	}},
	{Name: "layers", do: func(s *session.Session, a args) (any, error) {
		var o session.LayersOptions
		if j := a.json(0); len(j) > 0 && string(j) != "null" {
			if err := core.DecodeJSONStrict(j, &o); err != nil {
				return nil, errors.New("layers options: " + err.Error())
			}
		}
		return s.Layers(o)
	}},
	// backpropBug() lists the bugs, backpropBug(null) switches them off,
	// backpropBug(name) switches one on.
	{Name: "backpropBug", do: func(s *session.Session, a args) (any, error) {
		switch v := a.at(0); v.Type() {
		case js.TypeUndefined:
			return s.Bugs(), nil
		case js.TypeNull:
			return s.SetBug(core.BugNone)
		case js.TypeString:
			return s.SetBug(core.BackpropBug(v.String()))
		default:
			return nil, fmt.Errorf("backpropBug wants a bug's name, null or nothing, got %s", describe(v))
		}
	}},
	{Name: "bugRun", Async: true, do: func(s *session.Session, a args) (any, error) {
		var o session.BugRunOptions
		if j := a.json(0); len(j) > 0 && string(j) != "null" {
			if err := core.DecodeJSONStrict(j, &o); err != nil {
				return nil, errors.New("bugRun options: " + err.Error())
			}
		}
		return s.BugRun(o)
	}},
	{Name: "simpleNet", do: func(*session.Session, args) (any, error) { return core.BookSimpleNet(), nil }},
	{Name: "weights", do: func(s *session.Session, _ args) (any, error) {
		b, err := s.WeightImages()
		return withBytes{map[string]any{}, []bytesField{{"images", b}}}, err
	}},
	{Name: "inspect", do: func(s *session.Session, a args) (any, error) {
		r, err := s.Inspect(a.int(0))
		return withBytes{r, []bytesField{{"pixels", r.Pixels}}}, err
	}},
	{Name: "saveModel", do: func(s *session.Session, _ args) (any, error) { return fileResult(s.SaveModel()) }},
	{Name: "shareModel", do: func(s *session.Session, _ args) (any, error) { return fileResult(s.ShareModel()) }},
	{Name: "saveNPZ", do: func(s *session.Session, _ args) (any, error) { return fileResult(s.SaveNPZ()) }},
	{Name: "loadModel", EndsRun: true, do: func(s *session.Session, a args) (any, error) {
		b, err := bytesOf(a.at(0), "loadModel")
		if err != nil {
			return nil, err
		}
		if err := s.LoadModel(b); err != nil {
			return nil, err
		}
		return s.State(), nil
	}},
	// crash kills the module, as running out of memory would: the worker's
	// restart is tested with it.
	{Name: "crash", do: func(*session.Session, args) (any, error) {
		never := make(chan struct{})
		go func() { panic("scratchnet: the module was asked to crash") }()
		<-never // let the panicking goroutine run: it ends the program
		return nil, nil
	}},
}

// stateAfter makes a call of a session method that takes its first
// argument as JSON (an object, or its text) and answers with the state.
func stateAfter(f func(s *session.Session, jsonArg []byte) error) func(*session.Session, args) (any, error) {
	return func(s *session.Session, a args) (any, error) {
		if err := f(s, a.json(0)); err != nil {
			return nil, err
		}
		return s.State(), nil
	}
}

// gradOptions reads a gradient check's options (an object, or its JSON).
func gradOptions(a args) (session.GradStepOptions, error) {
	var o session.GradStepOptions
	if err := core.DecodeJSONStrict(a.json(0), &o); err != nil {
		return o, errors.New("gradient-check options: " + err.Error())
	}
	return o, nil
}

// register sets globalThis.scratchnetGo to one function per call, each
// returning a Promise, and scratchnetGo.calls to the table's names and
// flags, which the worker reads.
func register(s *session.Session) {
	obj := jsObject.New()
	for _, c := range calls {
		run := func(a []js.Value) (any, error) { return guard(func() (any, error) { return c.do(s, args(a)) }) }
		obj.Set(c.Name, js.FuncOf(func(_ js.Value, a []js.Value) any {
			if c.Async {
				return promise(func() (any, error) { return run(a) })
			}
			v, err := run(a)
			if err != nil {
				return jsPromise.Call("reject", toJSError(err))
			}
			return jsPromise.Call("resolve", toJS(v))
		}))
	}
	obj.Set("calls", toJS(calls))
	js.Global().Set("scratchnetGo", obj)
}

// schemaResult is what the page builds its form from.
type schemaResult struct {
	Settings []core.Setting                      `json:"settings"`
	Book     core.Config                         `json:"book"`
	Figures  map[core.Activation]core.BookFigure `json:"figures"` // the book's final accuracies
	Stops    map[string]core.StopReason          `json:"stops"`
}

func schema() schemaResult {
	return schemaResult{Settings: core.Schema, Book: core.BookConfig(), Figures: core.BookFigures, Stops: core.StopReasons}
}

// guard runs f and turns a panic into an error, so one bad call cannot
// take the module down.
func guard(f func() (any, error)) (v any, err error) {
	defer func() {
		if p := recover(); p != nil {
			v, err = nil, i18n.M("error.internal", "detail", fmt.Sprint(p))
		}
	}()
	return f()
}

// toJS converts a result: through JSON to a plain object, with bytes
// fields set on it.
func toJS(v any) js.Value {
	var fields []bytesField
	if wb, ok := v.(withBytes); ok {
		v, fields = wb.v, wb.bytes
	}
	b, err := json.Marshal(v)
	if err != nil {
		return toJSError(err)
	}
	out := jsJSON.Call("parse", string(b))
	for _, f := range fields {
		u := jsUint8Array.New(len(f.b))
		js.CopyBytesToJS(u, f.b)
		out.Set(f.name, u)
	}
	return out
}

// toJSError returns an Error with err's English sentence, msg (the
// message as a catalogue key and arguments, for the page to word in the
// reader's language) and, for refused settings, fields (setting → English
// sentence), messages (setting → message) and errors (their data).
func toJSError(err error) js.Value {
	e := jsError.New(err.Error())
	var ce *session.ConfigError
	var mse *session.ModelSettingsError
	var m i18n.Message
	switch {
	case errors.As(err, &ce):
		e.Set("fields", toJS(ce.Fields))
		e.Set("messages", toJS(ce.Messages))
		e.Set("errors", toJS(ce.Errors))
		if len(ce.Errors) > 0 {
			e.Set("msg", toJS(ce.Messages[ce.Errors[0].Field]))
		}
	case errors.As(err, &mse):
		e.Set("msg", toJS(mse.Message()))
	case errors.As(err, &m):
		e.Set("msg", toJS(m))
	}
	return e
}

// args are a call's arguments as JavaScript gave them.
type args []js.Value

// at returns argument i, undefined if there is none.
func (a args) at(i int) js.Value {
	if i < len(a) {
		return a[i]
	}
	return js.Undefined()
}

// json returns argument i as JSON text: a string as it is, anything else
// through JSON.stringify (undefined and functions give "").
func (a args) json(i int) []byte {
	v := a.at(i)
	switch v.Type() {
	case js.TypeString:
		return []byte(v.String())
	case js.TypeObject, js.TypeNumber, js.TypeBoolean, js.TypeNull:
		return []byte(jsJSON.Call("stringify", v).String())
	}
	return nil
}

// int returns argument i as a whole number, 0 if it is not a number.
func (a args) int(i int) int {
	if v := a.at(i); v.Type() == js.TypeNumber {
		return v.Int()
	}
	return 0
}

// bytesOf copies the bytes of an ArrayBuffer or any view of one (a
// Uint8Array, another typed array, a DataView); anything else is refused.
func bytesOf(v js.Value, what string) ([]byte, error) {
	u, err := uint8Array(v, what)
	if err != nil {
		return nil, err
	}
	b := make([]byte, u.Get("length").Int())
	js.CopyBytesToGo(b, u)
	return b, nil
}

// uint8Array views v's bytes (a Uint8Array, an ArrayBuffer or another
// view) as a Uint8Array, without a copy.
func uint8Array(v js.Value, what string) (js.Value, error) {
	switch {
	case v.InstanceOf(jsUint8Array):
		return v, nil
	case v.InstanceOf(jsArrayBuf):
		return jsUint8Array.New(v), nil
	case v.Type() == js.TypeObject && jsArrayBuf.Call("isView", v).Bool():
		return jsUint8Array.New(v.Get("buffer"), v.Get("byteOffset"), v.Get("byteLength")), nil
	}
	return js.Value{}, fmt.Errorf("%s wants bytes (a Uint8Array or an ArrayBuffer), got %s", what, describe(v))
}

// uint8View is a Uint8Array read where it lies (core.SizedReaderAt): the
// decoders copy a window of it at a time into Go's memory, never the whole.
type uint8View struct {
	u    js.Value
	size int64
}

func (b uint8View) Size() int64 { return b.size }

func (b uint8View) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 || off >= b.size {
		return 0, io.EOF
	}
	end := min(off+int64(len(p)), b.size)
	n := js.CopyBytesToGo(p, b.u.Call("subarray", off, end))
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// pixels reads an image for predict: a Uint8Array, or an array-like of
// numbers that must each be a whole number from 0 to 255.
func pixels(v js.Value) ([]byte, error) {
	if v.InstanceOf(jsUint8Array) {
		return bytesOf(v, "predict")
	}
	if v.Type() != js.TypeObject || v.Get("length").Type() != js.TypeNumber {
		return nil, i18n.M("predict.length", "want", core.MNISTInput, "got", describe(v))
	}
	f := jsFloat64.Call("from", v, toNumber)
	n := f.Get("length").Int()
	if n != core.MNISTInput {
		return nil, i18n.M("predict.length", "want", core.MNISTInput, "got", n)
	}
	raw := make([]byte, 8*n)
	js.CopyBytesToGo(raw, jsUint8Array.New(f.Get("buffer")))
	vals := make([]float64, n)
	for i := range vals {
		vals[i] = math.Float64frombits(binary.LittleEndian.Uint64(raw[8*i:]))
	}
	return session.PixelsFromNumbers(vals)
}

func describe(v js.Value) string {
	switch v.Type() {
	case js.TypeNull:
		return "null"
	case js.TypeUndefined:
		return "nothing"
	case js.TypeObject:
		return "a " + v.Get("constructor").Get("name").String()
	}
	return "a " + v.Type().String()
}

// promise runs work in a goroutine and returns a Promise of its result;
// the executor function is released once it has settled.
func promise(work func() (any, error)) js.Value {
	var executor js.Func
	executor = js.FuncOf(func(_ js.Value, args []js.Value) any {
		resolve, reject := args[0], args[1]
		go func() {
			defer executor.Release()
			v, err := work()
			if err != nil {
				reject.Invoke(toJSError(err))
				return
			}
			resolve.Invoke(toJS(v))
		}()
		return nil
	})
	return jsPromise.New(executor)
}

// strokes reads pen paths for drawnStrokes: a Float64Array of x, y pairs,
// a NaN pair after each stroke, its length checked before it is copied.
func strokes(v js.Value) ([]float64, error) {
	if !v.InstanceOf(jsFloat64) {
		return nil, errors.New("drawnStrokes wants a Float64Array of x, y pairs")
	}
	if v.Length() > 4*core.MaxStrokePoints { // points and their NaN separators
		return nil, i18n.M("error.detail", "detail", fmt.Sprintf("digit: more than %d points", core.MaxStrokePoints))
	}
	b := make([]byte, 8*v.Length())
	js.CopyBytesToGo(b, jsUint8Array.New(v.Get("buffer"), v.Get("byteOffset"), v.Get("byteLength")))
	xy := make([]float64, v.Length())
	for i := range xy {
		xy[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
	}
	return xy, nil
}
