// Package session is the playground's state behind the WebAssembly
// boundary: the loaded MNIST, the current configuration, its trainer and
// gradient check. It is plain Go (no syscall/js), so it is tested natively
// and under GOOS=js alike; package main in ../ only converts JavaScript
// values to the arguments of these methods and back. Every method's result
// is a value that marshals to JSON (or bytes), and every failure is an
// error whose text is meant for the page.
package session
