//go:build js && wasm

// Command wasm is the playground's WebAssembly module. It registers one
// object, globalThis.scratchnetGo, whose functions convert JavaScript
// values to the arguments of a session.Session and its results back: JSON
// strings for structured results (errors as {"error": "…"}), Uint8Array
// for bulk bytes, copied across with js.CopyBytesToGo / CopyBytesToJS.
// The page runs it in a Web Worker (web/worker.js).
package main

import (
	"encoding/json"
	"errors"
	"runtime/debug"
	"syscall/js"

	"scratchnet/wasm/session"
)

func main() {
	// WebAssembly memory never shrinks, so the heap's high-water mark is
	// what the page keeps. The live heap is mostly MNIST (about 32 MB);
	// letting the garbage grow to a quarter of it instead of all of it
	// (GOGC 100) keeps the module near 60 MB through a whole run.
	debug.SetGCPercent(25)
	register(session.New())
	select {} // keep the exported functions alive for the page's lifetime
}

// register sets globalThis.scratchnetGo to the session's functions.
func register(s *session.Session) {
	obj := js.Global().Get("Object").New()
	export := func(name string, f func(args []js.Value) (any, error)) {
		obj.Set(name, js.FuncOf(func(_ js.Value, args []js.Value) any {
			v, err := f(args)
			return result(v, err)
		}))
	}
	obj.Set("load", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) < 4 {
			return reject(errors.New("load needs four Uint8Arrays"))
		}
		files := make([][]byte, 4)
		for i := range files {
			files[i] = bytesOf(args[i])
		}
		return promise(func() (any, error) {
			if err := s.Load(files[0], files[1], files[2], files[3]); err != nil {
				return nil, err
			}
			train, test := s.Loaded()
			return map[string]int{"train": train, "test": test}, nil
		})
	}))
	export("configure", func(a []js.Value) (any, error) {
		if err := s.Configure([]byte(str(a, 0))); err != nil {
			return nil, err
		}
		return s.State(), nil
	})
	export("reset", func([]js.Value) (any, error) {
		if err := s.Reset(); err != nil {
			return nil, err
		}
		return s.State(), nil
	})
	export("steps", func(a []js.Value) (any, error) { return s.Steps(num(a, 0)) })
	export("state", func([]js.Value) (any, error) { return s.State(), nil })
	export("history", func([]js.Value) (any, error) { return s.History(), nil })
	export("predict", func(a []js.Value) (any, error) { return s.Predict(bytesOf(arg(a, 0))) })
	export("drawn", func(a []js.Value) (any, error) {
		p, err := s.Drawn(bytesOf(arg(a, 0)), num(a, 1), num(a, 2))
		if err != nil {
			return nil, err
		}
		return drawnResult{p.Digit, p.Probs, ints(p.Input)}, nil
	})
	export("gradCheckStep", func(a []js.Value) (any, error) {
		var o session.GradStepOptions
		if err := json.Unmarshal([]byte(str(a, 0)), &o); err != nil {
			return nil, errors.New("gradient-check options: " + err.Error())
		}
		return s.GradCheckStep(o)
	})
	obj.Set("gradCheckAll", js.FuncOf(func(_ js.Value, args []js.Value) any {
		h := 0.0
		if len(args) > 0 && args[0].Type() == js.TypeNumber {
			h = args[0].Float()
		}
		var progress js.Value
		if len(args) > 1 && args[1].Type() == js.TypeFunction {
			progress = args[1]
		}
		return promise(func() (any, error) {
			r, err := s.GradCheckAll(h, func(done, total int) {
				if progress.Truthy() {
					progress.Invoke(done, total)
				}
			})
			if err != nil {
				return nil, err
			}
			return result(r, nil), nil
		})
	}))
	export("simpleNet", func([]js.Value) (any, error) { return session.SimpleNet(), nil })
	obj.Set("weights", js.FuncOf(func(_ js.Value, _ []js.Value) any {
		b, err := s.WeightImages()
		if err != nil {
			return result(nil, err)
		}
		return jsBytes(b)
	}))
	obj.Set("inspect", js.FuncOf(func(_ js.Value, args []js.Value) any {
		r, err := s.Inspect(num(args, 0))
		if err != nil {
			return result(nil, err)
		}
		out := js.Global().Get("JSON").Call("parse", result(r, nil))
		out.Set("pixels", jsBytes(r.Pixels))
		return out
	}))
	saver := func(save func() ([]byte, error)) js.Func {
		return js.FuncOf(func(_ js.Value, _ []js.Value) any {
			b, err := save()
			if err != nil {
				return result(nil, err)
			}
			return jsBytes(b)
		})
	}
	obj.Set("saveModel", saver(s.SaveModel))
	obj.Set("saveNPZ", saver(s.SaveNPZ))
	export("loadModel", func(a []js.Value) (any, error) {
		if err := s.LoadModel(bytesOf(arg(a, 0))); err != nil {
			return nil, err
		}
		return s.State(), nil
	})
	js.Global().Set("scratchnetGo", obj)
}

type drawnResult struct {
	Digit int       `json:"digit"`
	Probs []float64 `json:"probs"`
	Input []int     `json:"input"`
}

func ints(b []byte) []int {
	out := make([]int, len(b))
	for i, v := range b {
		out[i] = int(v)
	}
	return out
}

// result marshals v, or err as {"error": …} (with "fields" for a refused
// configuration), to a JSON string.
func result(v any, err error) string {
	if err != nil {
		e := map[string]any{"error": err.Error()}
		var ce *session.ConfigError
		if errors.As(err, &ce) {
			e["fields"] = ce.Fields
		}
		v = e
	}
	b, mErr := json.Marshal(v)
	if mErr != nil {
		b, _ = json.Marshal(map[string]string{"error": mErr.Error()})
	}
	return string(b)
}

func arg(a []js.Value, i int) js.Value {
	if i < len(a) {
		return a[i]
	}
	return js.Undefined()
}

func str(a []js.Value, i int) string {
	if v := arg(a, i); v.Type() == js.TypeString {
		return v.String()
	}
	return ""
}

func num(a []js.Value, i int) int {
	if v := arg(a, i); v.Type() == js.TypeNumber {
		return v.Int()
	}
	return 0
}

// bytesOf copies a Uint8Array (anything else gives nil).
func bytesOf(v js.Value) []byte {
	if !v.InstanceOf(js.Global().Get("Uint8Array")) {
		return nil
	}
	b := make([]byte, v.Get("length").Int())
	js.CopyBytesToGo(b, v)
	return b
}

func jsBytes(b []byte) js.Value {
	u := js.Global().Get("Uint8Array").New(len(b))
	js.CopyBytesToJS(u, b)
	return u
}

// promise runs work in a goroutine and returns a Promise of its result;
// the executor function is released once it has settled.
func promise(work func() (any, error)) js.Value {
	var executor js.Func
	executor = js.FuncOf(func(_ js.Value, args []js.Value) any {
		resolve, rejectFn := args[0], args[1]
		go func() {
			defer executor.Release()
			v, err := work()
			if err != nil {
				rejectFn.Invoke(js.Global().Get("Error").New(err.Error()))
				return
			}
			resolve.Invoke(js.ValueOf(toJS(v)))
		}()
		return nil
	})
	return js.Global().Get("Promise").New(executor)
}

func toJS(v any) any {
	switch v := v.(type) {
	case string:
		return v
	case map[string]int:
		m := map[string]any{}
		for k, x := range v {
			m[k] = x
		}
		return m
	}
	return nil
}

func reject(err error) js.Value {
	return js.Global().Get("Promise").Call("reject", js.Global().Get("Error").New(err.Error()))
}
