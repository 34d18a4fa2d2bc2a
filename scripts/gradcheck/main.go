// Command gradcheck runs the book's gradient_check.py natively: a
// 784-50-10 TwoLayerNet, the first three training images, and the mean
// absolute difference between the backpropagation and numerical gradients
// printed per key, one KEY:VALUE line each.
//
//	go run ./scripts/gradcheck [-relu] [-seed N] [-h 1e-4]
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"time"

	"scratchnet/core"
	"scratchnet/core/mnistdir"
)

func main() {
	relu := flag.Bool("relu", false, "ReLU hidden layer (chapter 5's net)")
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
	net := core.NewTwoLayerNet(784, 50, 10, 0.01, rand.New(rand.NewPCG(*seed, 1)))
	if *relu {
		net.Activation = core.ActReLU
	}
	start := time.Now()
	diffs, _ := core.NewGradCheck(net, train.Batch([]int{0, 1, 2}, nil), *h).CheckAll(nil)
	fmt.Print(core.FormatKeyDiffs(diffs))
	if *verbose {
		fmt.Fprintf(os.Stderr, "%d parameters in %.2f s\n", 784*50+50+50*10+10, time.Since(start).Seconds())
	}
}
