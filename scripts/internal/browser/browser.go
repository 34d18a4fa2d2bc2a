//go:build !js

package browser

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"os/exec"

	"github.com/chromedp/chromedp"

	"scratchnet/scripts/internal/site"
)

// Path finds Chromium: $CHROMIUM, else chromium on the PATH.
func Path() (string, error) {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no Chromium found: apt-get install -y chromium (or set $CHROMIUM)")
}

// New starts a headless Chromium with a fresh user-data dir and returns a
// chromedp context for its first tab. extra options come last (a
// WindowSize there replaces the default 1280×2400).
func New(ctx context.Context, userDataDir string, extra ...chromedp.ExecAllocatorOption) (context.Context, context.CancelFunc, error) {
	exe, err := Path()
	if err != nil {
		return nil, nil, err
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(userDataDir),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.WindowSize(1280, 2400),
	}
	opts = append(opts, extra...)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	tctx, cancelTab := chromedp.NewContext(actx)
	if err := chromedp.Do(tctx); err != nil {
		cancelTab()
		cancelAlloc()
		return nil, nil, err
	}
	return tctx, func() { cancelTab(); cancelAlloc() }, nil
}

// Serve serves dir (the built site) and extra handlers on a free loopback
// port and returns its base URL.
func Serve(dir string, extra map[string]http.Handler) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/", site.Handler(dir))
	for p, h := range extra {
		mux.Handle(p, h)
	}
	srv := site.NewServer("", mux)
	go srv.Serve(ln)
	return "http://" + ln.Addr().String() + "/", func() { srv.Close() }, nil
}
