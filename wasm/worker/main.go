//go:build js && wasm

// Command worker is scratchnet's Cloudflare Worker: the API handler
// (package api) over D1 (binding DB), R2 (binding MODELS) and MNIST's test
// set read from the Worker's own static assets (binding ASSETS). Only
// /api/* reaches it; the page, its module and MNIST are static assets.
//
// syumai/workers starts a fresh Go instance for every request, so nothing
// here outlives one: each request opens its bindings anew.
package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"syscall/js"

	"github.com/syumai/workers"
	"github.com/syumai/workers/cloudflare"
	"github.com/syumai/workers/cloudflare/d1"

	"scratchnet/core"
	"scratchnet/wasm/api"
)

// bucket is api.Blobs over an R2 bucket's binding. Bodies cross as one
// ArrayBuffer each way (see bytesOf).
type bucket struct{ b js.Value }

func (b bucket) Put(_ context.Context, key string, data []byte) error {
	u8 := js.Global().Get("Uint8Array").New(len(data))
	js.CopyBytesToJS(u8, data)
	_, err := await(b.b.Call("put", key, u8, map[string]any{"httpMetadata": map[string]any{"contentType": "application/octet-stream"}}))
	return err
}

func (b bucket) Get(_ context.Context, key string) ([]byte, bool, error) {
	o, err := await(b.b.Call("get", key))
	if err != nil || o.IsNull() {
		return nil, false, err
	}
	data, err := bytesOf(o)
	return data, err == nil, err
}

// bytesOf reads a Response's or an R2 object's body as one ArrayBuffer,
// refusing more than 16 MiB before it is copied into Go.
func bytesOf(v js.Value) ([]byte, error) {
	buf, err := await(v.Call("arrayBuffer"))
	if err != nil {
		return nil, err
	}
	n := buf.Get("byteLength").Int()
	if n > 16<<20 {
		return nil, fmt.Errorf("%d bytes", n)
	}
	data := make([]byte, n)
	js.CopyBytesToGo(data, js.Global().Get("Uint8Array").New(buf))
	return data, nil
}

// await waits for a JavaScript promise.
func await(p js.Value) (js.Value, error) {
	ok, bad := make(chan js.Value, 1), make(chan js.Value, 1)
	then := js.FuncOf(func(_ js.Value, args []js.Value) any { ok <- args[0]; return nil })
	catch := js.FuncOf(func(_ js.Value, args []js.Value) any { bad <- args[0]; return nil })
	defer then.Release()
	defer catch.Release()
	p.Call("then", then, catch)
	select {
	case v := <-ok:
		return v, nil
	case e := <-bad:
		return js.Value{}, fmt.Errorf("%s", e.Call("toString").String())
	}
}

// asset fetches a static asset whole. It asks for the body as one
// ArrayBuffer and copies it once into Go. syumai/workers' fetch client
// reads it as a stream, a Go–JavaScript round trip per chunk: with it a
// publication took 610–633 ms, with this 449–464 ms (alternating runs of
// make bench's edge figures).
func asset(name string) ([]byte, error) {
	res, err := await(cloudflare.GetBinding("ASSETS").Call("fetch", "https://assets.invalid/mnist/"+name))
	if err != nil {
		return nil, err
	}
	if st := res.Get("status").Int(); st != http.StatusOK {
		return nil, fmt.Errorf("assets: %s: status %d", name, st)
	}
	data, err := bytesOf(res)
	if err != nil {
		return nil, fmt.Errorf("assets: %s: %v", name, err)
	}
	return data, nil
}

// testSet reads MNIST's two test files from the static assets.
func testSet(context.Context) (*core.Dataset, error) {
	img, err := asset(core.TestImagesFile)
	if err != nil {
		return nil, err
	}
	lbl, err := asset(core.TestLabelsFile)
	if err != nil {
		return nil, err
	}
	return core.DecodeDataset(core.TestImagesFile, img, core.TestLabelsFile, lbl)
}

// handler opens the bindings of this request's environment.
func handler(w http.ResponseWriter, r *http.Request) {
	fail := func(err error) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		json.NewEncoder(w).Encode(map[string]string{"message": "the Worker's bindings: " + err.Error(), "key": "api.internal"})
	}
	conn, err := d1.OpenConnector("DB")
	if err != nil {
		fail(err)
		return
	}
	db := sql.OpenDB(conn)
	defer db.Close()
	b := cloudflare.GetBinding("MODELS")
	if b.IsUndefined() {
		fail(fmt.Errorf("no R2 binding MODELS"))
		return
	}
	limit, _ := strconv.Atoi(cloudflare.Getenv("POST_LIMIT"))
	api.New(api.Config{DB: db, Blobs: bucket{b}, TestSet: testSet, PostLimit: limit}).ServeHTTP(w, r)
	if r.Method == http.MethodHead {
		// A HEAD answer has the headers of a GET's, Content-Length
		// included, and no body: syumai/workers would stream the body
		// into a FixedLengthStream of that length, which workerd ends in
		// a 500 ("did not see all expected bytes"), so the body is null.
		if raw, ok := w.(interface{ WriteRawJSBody(js.Value) }); ok {
			raw.WriteRawJSBody(js.Null())
		}
	}
}

func main() {
	workers.Serve(http.HandlerFunc(handler))
}
