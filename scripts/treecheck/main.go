// Command treecheck fails when the tracked tree holds something built:
// a file under node_modules/, an executable binary, or a file larger than
// 1 MiB outside docs/screenshots/. make check runs it; lock files are the
// record of dependencies, and builds go to out/ and other ignored folders.
//
//	go run ./scripts/treecheck
package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"strings"
)

// MaxFile is the largest file allowed outside docs/screenshots/.
const MaxFile = 1 << 20

// binaryMagic are the first bytes of executable formats: ELF, Mach-O (32
// and 64 bit, both byte orders, and universal), Windows' PE and
// WebAssembly.
var binaryMagic = [][]byte{
	[]byte("\x7fELF"),
	{0xfe, 0xed, 0xfa, 0xce}, {0xfe, 0xed, 0xfa, 0xcf},
	{0xce, 0xfa, 0xed, 0xfe}, {0xcf, 0xfa, 0xed, 0xfe},
	{0xca, 0xfe, 0xba, 0xbe},
	[]byte("MZ"),
	[]byte("\x00asm"),
}

// problem says what is wrong with the tracked file name of the given size
// whose content starts with head, or "" if nothing is.
func problem(name string, size int64, head []byte) string {
	if name == "node_modules" || strings.HasPrefix(name, "node_modules/") || strings.Contains(name, "/node_modules/") {
		return "lies under node_modules/ (the lock file is the record; npm ci installs it)"
	}
	for _, m := range binaryMagic {
		if bytes.HasPrefix(head, m) {
			return "is an executable binary (build it, do not commit it)"
		}
	}
	if size > MaxFile && !strings.HasPrefix(name, "docs/screenshots/") {
		return fmt.Sprintf("has %d bytes, more than %d outside docs/screenshots/", size, MaxFile)
	}
	return ""
}

// check returns one line per tracked file of the tree at root that breaks
// a rule.
func check(root string, files []string) ([]string, error) {
	var bad []string
	fsys := os.DirFS(root)
	for _, name := range files {
		info, err := fs.Stat(fsys, name)
		if err != nil {
			if os.IsNotExist(err) {
				continue // deleted in the work tree, not yet committed
			}
			return nil, err
		}
		if !info.Mode().IsRegular() {
			continue
		}
		head := make([]byte, 4)
		f, err := fsys.Open(name)
		if err != nil {
			return nil, err
		}
		n, _ := f.Read(head)
		f.Close()
		if p := problem(path.Clean(name), info.Size(), head[:n]); p != "" {
			bad = append(bad, name+" "+p)
		}
	}
	return bad, nil
}

func main() {
	out, err := exec.Command("git", "ls-files", "-z").Output()
	if err != nil {
		fmt.Fprintln(os.Stderr, "treecheck: git ls-files:", err)
		os.Exit(2)
	}
	files := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
	bad, err := check(".", files)
	if err != nil {
		fmt.Fprintln(os.Stderr, "treecheck:", err)
		os.Exit(2)
	}
	for _, b := range bad {
		fmt.Fprintln(os.Stderr, "treecheck:", b)
	}
	if len(bad) > 0 {
		os.Exit(1)
	}
}
