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
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/syumai/workers"
	"github.com/syumai/workers/cloudflare"
	"github.com/syumai/workers/cloudflare/d1"
	"github.com/syumai/workers/cloudflare/fetch"
	"github.com/syumai/workers/cloudflare/r2"

	"scratchnet/core"
	"scratchnet/wasm/api"
)

// bucket is api.Blobs over an R2 bucket.
type bucket struct{ b *r2.Bucket }

func (b bucket) Put(_ context.Context, key string, data []byte) error {
	_, err := b.b.Put(key, io.NopCloser(bytes.NewReader(data)), &r2.PutOptions{
		HTTPMetadata: r2.HTTPMetadata{ContentType: "application/octet-stream"},
	})
	return err
}

func (b bucket) Get(_ context.Context, key string) ([]byte, bool, error) {
	o, err := b.b.Get(key)
	if err != nil || o == nil {
		return nil, false, err
	}
	data, err := io.ReadAll(o.Body)
	return data, err == nil, err
}

// testSet fetches MNIST's two test files from the static assets.
func testSet(ctx context.Context) (*core.Dataset, error) {
	// fetch.Client.Do, not an http.Client: that would link net/http's
	// whole Transport (TLS, x509), half a megabyte gzipped.
	assets := fetch.NewClient(fetch.WithBinding(cloudflare.GetBinding("ASSETS")))
	get := func(name string) ([]byte, error) {
		req, err := fetch.NewRequest(ctx, "GET", "https://assets.invalid/mnist/"+name, nil)
		if err != nil {
			return nil, err
		}
		res, err := assets.Do(req, nil)
		if err != nil {
			return nil, err
		}
		defer res.Body.Close()
		if res.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("assets: %s: %s", name, res.Status)
		}
		// Bounded: the images are 1.6 MB gzipped.
		return io.ReadAll(io.LimitReader(res.Body, 16<<20))
	}
	img, err := get(core.TestImagesFile)
	if err != nil {
		return nil, err
	}
	lbl, err := get(core.TestLabelsFile)
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
	b, err := r2.NewBucket("MODELS")
	if err != nil {
		fail(err)
		return
	}
	limit, _ := strconv.Atoi(cloudflare.Getenv("POST_LIMIT"))
	api.New(api.Config{DB: db, Blobs: bucket{b}, TestSet: testSet, PostLimit: limit}).ServeHTTP(w, r)
}

func main() {
	workers.Serve(http.HandlerFunc(handler))
}
