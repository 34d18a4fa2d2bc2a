package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	root := t.TempDir()
	files := map[string][]byte{
		"README.md":                     []byte("# hello\n"),
		".ci/run":                       []byte("#!/usr/bin/env bash\necho ok\n"),
		"shot":                          append([]byte("\x7fELF\x02\x01\x01"), make([]byte, 100)...),
		"tool.exe":                      []byte("MZ\x90\x00"),
		"web/main.wasm":                 []byte("\x00asm\x01\x00\x00\x00"),
		"web/node_modules/uplot/a.js":   []byte("export {}\n"),
		"node_modules/x/y.js":           []byte("1\n"),
		"core/testdata/big.bin":         make([]byte, MaxFile+1),
		"docs/screenshots/big.png":      append([]byte("\x89PNG"), make([]byte, MaxFile+1)...),
		"core/testdata/just-enough.bin": make([]byte, MaxFile),
	}
	var names []string
	for name, b := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
	}
	names = append(names, "deleted/meanwhile.go")
	slices.Sort(names)
	bad, err := check(root, names)
	if err != nil {
		t.Fatal(err)
	}
	var flagged []string
	for _, b := range bad {
		flagged = append(flagged, strings.Fields(b)[0])
	}
	want := []string{"core/testdata/big.bin", "node_modules/x/y.js", "shot", "tool.exe", "web/main.wasm", "web/node_modules/uplot/a.js"}
	if !slices.Equal(flagged, want) {
		t.Errorf("flagged %q, want %q\n%s", flagged, want, strings.Join(bad, "\n"))
	}
}
