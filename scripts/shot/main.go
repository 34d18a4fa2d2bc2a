//go:build !js

// Command shot opens the playground in headless Chromium, optionally
// awaits some JavaScript, prints the console, and saves a screenshot.
//
//	go run ./scripts/shot -o out/page.png -js 'return await scratchnet.step(600)'
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/chromedp/chromedp"

	"scratchnet/scripts/internal/browser"
)

func main() {
	dir := flag.String("dir", "out/site", "the built site")
	out := flag.String("o", "out/page.png", "screenshot file")
	script := flag.String("js", "", "body of an async JavaScript function to await once the page is ready")
	query := flag.String("q", "", "query string for the page")
	width := flag.Int("width", 1280, "window width in CSS pixels (390 for a phone)")
	url := flag.String("url", "", "the playground's address (make serve's, or wrangler dev's) instead of serving -dir")
	flag.Parse()
	base := *url
	if base == "" {
		b, stop, err := browser.Serve(*dir, nil)
		if err != nil {
			log.Fatal(err)
		}
		defer stop()
		base = b
	}
	tmp, _ := os.MkdirTemp("", "shot")
	defer os.RemoveAll(tmp)
	ctx, cancel, err := browser.New(context.Background(), tmp, chromedp.WindowSize(*width, 2400))
	if err != nil {
		log.Fatal(err)
	}
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 180*time.Second)
	defer cancelT()
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			fmt.Println("console:", m.String())
		}
	}()
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"?"+*query)); err != nil {
		log.Fatal(err)
	}
	res, err := chromedp.Run(ctx, chromedp.Evaluate[string](`scratchnet.ready.then(() => "ready", e => "error: " + e.message)`, chromedp.EvalAwaitPromise))
	fmt.Println("ready:", res, err)
	if *script != "" {
		res, err = chromedp.Run(ctx, chromedp.Evaluate[string](`(async () => { `+*script+` })().then(v => JSON.stringify(v), e => "error: " + e.message)`, chromedp.EvalAwaitPromise))
		fmt.Println("script:", res, err)
	}
	time.Sleep(300 * time.Millisecond)
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, buf, 0o644); err != nil {
		log.Fatal(err)
	}
}
