//go:build !js

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"scratchnet/scripts/internal/browser"
)

// chromiumBenchmarks measures the playground in headless Chromium through
// its window.scratchnet API: the page built in site (make site). platform
// is chromium (the page as it starts: evaluation workers where there are
// cores for them) or chromium-1 (one Go instance, ?workers=0), and names
// the figures; instances says how many Go instances the page ran.
func chromiumBenchmarks(platform, site string, count int) error {
	query := ""
	if platform == "chromium-1" {
		query = "?workers=0"
	}
	if _, err := os.Stat(filepath.Join(site, "index.html")); err != nil {
		return fmt.Errorf("no built site in %s (make bench builds it)", site)
	}
	base, stop, err := browser.Serve(site, nil)
	if err != nil {
		return err
	}
	defer stop()
	tmp, err := os.MkdirTemp("", "scratchnet-bench-chromium")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	var profile string

	// ready: from navigation to scratchnet.ready, median of count first
	// visits (a new browser with an empty profile each: nothing cached).
	var readies []float64
	var ctx context.Context
	cancel := func() {}
	defer func() { cancel() }()
	for i := 0; i < count; i++ {
		cancel()
		profile = filepath.Join(tmp, strconv.Itoa(i))
		bctx, closeBrowser, err := browser.New(context.Background(), profile)
		if err != nil {
			return err
		}
		var cancelT context.CancelFunc
		ctx, cancelT = context.WithTimeout(bctx, 10*time.Minute)
		cancel = func() { cancelT(); closeBrowser() }
		if err := chromedp.Do(ctx, chromedp.Navigate(base+query)); err != nil {
			return err
		}
		ms, err := eval[float64](ctx, `while (!window.scratchnet) await new Promise(r => setTimeout(r, 5)); await scratchnet.ready; return scratchnet.readyMs`)
		if err != nil {
			return fmt.Errorf("ready: %v", err)
		}
		readies = append(readies, ms)
	}
	fmt.Printf("%-10s %-15s %.3g s\n", platform, "ready", median(readies)/1000)

	gz, err := os.Stat(filepath.Join(site, "main.wasm.gz"))
	if err != nil {
		return err
	}
	fmt.Printf("%-10s %-15s %.3g MB\n", platform, "wasm-gz", float64(gz.Size())/1e6)
	instances, err := eval[int](ctx, `await new Promise(r => setTimeout(r, 3000)); return (await scratchnet.memory()).instances || 1`) // a page from before evaluation workers says nothing: one
	if err != nil {
		return fmt.Errorf("instances: %v", err)
	}
	fmt.Printf("%-10s %-15s %d\n", platform, "instances", instances)

	// train-step: scratchnet.step(100) from the page, count times between
	// iterations 602 and 1201, where the book's run evaluates nothing (it
	// scores all 70,000 images at iterations 1, 601, 1201, …, half a
	// second under WebAssembly): the same step as wasm-node's TrainerStep.
	// The median of the per-step means; the charts draw as in normal use.
	steps, err := eval[[]float64](ctx, fmt.Sprintf(`await scratchnet.configure({iterations: 10000});
		await scratchnet.step(601); // warm up (V8 tiers the hot code up meanwhile), past the second evaluation
		const out = [];
		for (let i = 0; i < Math.min(%d, 5); i++) {
			const t0 = performance.now();
			await scratchnet.step(100);
			out.push((performance.now() - t0) / 100);
		}
		return out`, count))
	if err != nil {
		return fmt.Errorf("train-step: %v", err)
	}
	fmt.Printf("%-10s %-15s %.3g ms\n", platform, "train-step", median(steps))

	// book-run: the book's 10,000 iterations with Train, until it stops;
	// longest-task: the longest gap between two turns of the main thread's
	// event loop meanwhile and for a second after (the page shows the final
	// net's views then), and any long task the browser reports.
	var run struct{ Seconds, Longest, LongTask float64 }
	raw, err := eval[json.RawMessage](ctx, `await scratchnet.configure({iterations: 10000, seed: 1});
		let longest = 0, longTask = 0, last = performance.now(), done = false;
		new PerformanceObserver((l) => { for (const e of l.getEntries()) longTask = Math.max(longTask, e.duration); }).observe({type: "longtask"});
		const tick = () => { const now = performance.now(); longest = Math.max(longest, now - last); last = now; if (!done) setTimeout(tick, 0); };
		setTimeout(tick, 0);
		const t0 = performance.now();
		await scratchnet.train();
		while (scratchnet.state().running || scratchnet.state().iteration < 10000 || scratchnet.state().epoch < 16) await new Promise(r => setTimeout(r, 20));
		const seconds = (performance.now() - t0) / 1000;
		await new Promise(r => setTimeout(r, 1000));
		done = true;
		return {Seconds: seconds, Longest: longest, LongTask: longTask}`)
	if err != nil {
		return fmt.Errorf("book-run: %v", err)
	}
	json.Unmarshal(raw, &run)
	fmt.Printf("%-10s %-15s %.3g s\n", platform, "book-run", run.Seconds)
	fmt.Printf("%-10s %-15s %.3g ms\n", platform, "longest-task", max(run.Longest, run.LongTask))

	mem, rss, err := pageMemory(profile)
	if err != nil {
		return fmt.Errorf("page-mem: %v", err)
	}
	fmt.Printf("%-10s %-15s %.0f MiB\n", platform, "page-mem", mem)
	fmt.Printf("%-10s %-15s %.0f MiB\n", platform, "page-rss", rss)

	// numerical-step: one step of chapter 4's numerical gradient at full
	// size (784-50-10, a batch of 100) from the page, the median of up to
	// three after one to warm up.
	num, err := eval[[]float64](ctx, fmt.Sprintf(`await scratchnet.configure({gradient: "numerical", iterations: 100, seed: 1});
		await scratchnet.step(1);
		const out = [];
		for (let i = 0; i < Math.min(%d, 3); i++) {
			const t0 = performance.now();
			await scratchnet.step(1);
			out.push(performance.now() - t0);
		}
		return out`, count))
	if err != nil {
		return fmt.Errorf("numerical-step: %v", err)
	}
	fmt.Printf("%-10s %-15s %.3g s\n", platform, "numerical-step", median(num)/1000)
	// numerical-instances: the Go instances that shared those steps (the
	// page starts workers for a numerical run when one is set up).
	instances, err = eval[int](ctx, `return (await scratchnet.memory()).instances || 1`)
	if err != nil {
		return fmt.Errorf("numerical-instances: %v", err)
	}
	fmt.Printf("%-10s %-15s %d\n", platform, "numerical-inst", instances)
	return nil
}

func eval[T any](ctx context.Context, body string) (T, error) {
	var zero T
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(async () => { `+body+` })().then(v => JSON.stringify({ok: v}), e => JSON.stringify({error: e.message}))`, chromedp.EvalAwaitPromise))
	if err != nil {
		return zero, err
	}
	var r struct {
		OK    T
		Error string
	}
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		return zero, err
	}
	if r.Error != "" {
		return zero, fmt.Errorf("%s", r.Error)
	}
	return r.OK, nil
}

// pageMemory returns, in MiB, the private resident memory (RssAnon +
// RssShmem) of the renderer process of the Chromium using profile that
// holds the most: the page and its worker. Total RSS would add about
// 120 MiB of Chromium's own code and libraries, mapped from files and
// shared with every other Chromium process; a blank page's renderer holds
// about 23 MiB privately. rss is that process's total RSS, for reference.
func pageMemory(profile string) (private, rss float64, err error) {
	procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	found := false
	for _, p := range procs {
		cmd, err := os.ReadFile(p)
		if err != nil || !strings.Contains(string(cmd), "--type=renderer") || !strings.Contains(string(cmd), profile) {
			continue
		}
		status, err := os.ReadFile(filepath.Join(filepath.Dir(p), "status"))
		if err != nil {
			continue
		}
		kb := map[string]float64{}
		for _, line := range strings.Split(string(status), "\n") {
			if f := strings.Fields(line); len(f) >= 2 {
				kb[strings.TrimSuffix(f[0], ":")], _ = strconv.ParseFloat(f[1], 64)
			}
		}
		if mine := (kb["RssAnon"] + kb["RssShmem"]) / 1024; mine > private {
			private, rss, found = mine, kb["VmRSS"]/1024, true
		}
	}
	if !found {
		return 0, 0, fmt.Errorf("no renderer process of %s found", profile)
	}
	return private, rss, nil
}
