//go:build !js

package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"

	"scratchnet/wasm/api"
	"scratchnet/wasm/api/apitest"
	"scratchnet/wasm/api/local"
)

// The handler over make serve's storage: a model is stored once, by the
// SHA-256 of its bytes, and comes back as it went in.
func Example() {
	dir, _ := os.MkdirTemp("", "scratchnet-example")
	defer os.RemoveAll(dir)
	db, blobs, err := local.Open(context.Background(), dir)
	if err != nil {
		panic(err)
	}
	defer db.Close()
	srv := httptest.NewServer(api.New(api.Config{DB: db, Blobs: blobs}))
	defer srv.Close()

	model := apitest.RandomModel(7, 10, "sgd")
	for range 2 {
		res, _ := http.Post(srv.URL+"/api/models", "application/octet-stream", bytes.NewReader(model))
		var s api.Stored
		json.NewDecoder(res.Body).Decode(&s)
		res.Body.Close()
		fmt.Println(res.StatusCode, s.Link == "/?model="+s.ID, s.Size)
	}
	res, _ := http.Get(srv.URL + "/api/models/" + strings64("ab"))
	body, _ := io.ReadAll(res.Body)
	fmt.Printf("%d %s", res.StatusCode, body)
	// Output:
	// 201 true 64263
	// 200 true 64263
	// 404 {"key":"api.unknown","message":"No network is stored under that id."}
}

func strings64(pair string) string { return string(bytes.Repeat([]byte(pair), 32)) }
