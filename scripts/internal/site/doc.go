// Package site serves the built playground (out/site): the right content
// types, gzip for text and for the WebAssembly module (precompressed as
// main.wasm.gz when present), and cache headers: MNIST's files never change
// and are cached for a year; everything else is revalidated on each load.
package site
