// Command gradcheck runs the book's gradient_check.py natively: chapter
// 5's 784-50-10 TwoLayerNet (ReLU; -activation sigmoid for chapter 4's),
// the first three training images, and the mean absolute difference
// between the backpropagation and numerical gradients printed per key, one
// KEY:VALUE line each, beside what the book prints. -bug puts one of the
// backward-pass mistakes of core.BackpropBugs in its place.
//
//	go run ./scripts/gradcheck [-activation relu|sigmoid] [-bug NAME] [-seed N] [-h 1e-4]
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"scratchnet/core"
	"scratchnet/core/mnistdir"
)

func main() {
	act := flag.String("activation", string(core.ActReLU), "the hidden layer's activation: relu (chapter 5's net, the book's check) or sigmoid (chapter 4's)")
	bug := flag.String("bug", "", "a mistake in the backward pass, one of core.BackpropBugs (none: the right one)")
	seed := flag.Uint64("seed", 1, "seed of the initial weights")
	h := flag.Float64("h", core.DefaultH, "step of the central difference")
	mnist := flag.String("mnist", "", "folder with the MNIST .gz files (default: the GoMNIST module's)")
	verbose := flag.Bool("v", false, "also print the time taken")
	flag.Parse()
	dir, err := mnistdir.Find(*mnist)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gradcheck:", err)
		os.Exit(1)
	}
	train, _, err := core.LoadMNIST(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gradcheck:", err)
		os.Exit(1)
	}
	if *act != string(core.ActReLU) && *act != string(core.ActSigmoid) {
		fmt.Fprintf(os.Stderr, "gradcheck: -activation %q: relu or sigmoid\n", *act)
		os.Exit(2)
	}
	if *bug != "" && !core.BackpropBug(*bug).Known() {
		fmt.Fprintf(os.Stderr, "gradcheck: -bug %q is not one of core.BackpropBugs\n", *bug)
		os.Exit(2)
	}
	net := core.BookCheckNet(core.Activation(*act), *seed)
	start := time.Now()
	diffs, _ := core.NewGradCheckBug(net, train.Batch([]int{0, 1, 2}, nil), *h, core.BackpropBug(*bug)).CheckAll(nil)
	fmt.Printf("# 784-50-10 %s net, weight_init_std 0.01, seed %d, the first 3 training images, h = %g", *act, *seed, *h)
	if *bug != "" {
		fmt.Printf(", backward with the bug %s", *bug)
	}
	fmt.Printf("\n# the book prints its figures for chapter 5's ReLU net\n")
	book := map[string]float64{}
	for _, d := range core.BookGradCheck {
		book[d.Key] = d.Diff
	}
	for _, d := range diffs {
		line := strings.TrimSuffix(core.FormatKeyDiffs([]core.KeyDiff{d}), "\n") // the book's KEY:VALUE
		fmt.Printf("%-28s the book: %.2g\n", line, book[d.Key])
	}
	if *verbose {
		fmt.Fprintf(os.Stderr, "%d parameters in %.2f s\n", 784*50+50+50*10+10, time.Since(start).Seconds())
	}
}
