package core

import (
	"fmt"
	"testing"
)

// benchSteps times step on random batches of 100 training images, with
// the book's net (784-hidden-10).
func benchSteps(b *testing.B, hidden int, step func(net *TwoLayerNet, batch *Batch)) {
	train, _ := loadMNIST(b)
	r := seeded(1)
	net := NewTwoLayerNet(784, hidden, 10, 0.01, r)
	idx := make([]int, 100)
	var batch *Batch
	for b.Loop() {
		for i := range idx {
			idx[i] = r.IntN(train.N)
		}
		batch = train.Batch(idx, batch)
		step(net, batch)
	}
}

// BenchmarkTrainStep is one iteration of the book's run: a mini-batch of
// 100 drawn and built, forward, backpropagation and the SGD update.
func BenchmarkTrainStep(b *testing.B) {
	benchSteps(b, 50, func(net *TwoLayerNet, batch *Batch) { net.sgdStep(batch, 0.1, nil) })
}

// BenchmarkTrainStepHidden is BenchmarkTrainStep's step with 50, 30 and
// 20 hidden units: what of a step would split if two instances shared the
// hidden layer (docs/figures.md, issue 17).
func BenchmarkTrainStepHidden(b *testing.B) {
	for _, h := range []int{50, 30, 20} {
		b.Run(fmt.Sprint("h", h), func(b *testing.B) {
			benchSteps(b, h, func(net *TwoLayerNet, batch *Batch) { net.sgdStep(batch, 0.1, nil) })
		})
	}
}

// BenchmarkTrainStepNaive is the same step through the dense reference.
func BenchmarkTrainStepNaive(b *testing.B) {
	benchSteps(b, 50, func(net *TwoLayerNet, batch *Batch) {
		_, g := net.lossAndGradientNaive(batch)
		for k, p := range net.Params() {
			update(p.W, g.Slices()[k], 0.1, 0)
		}
	})
}

// BenchmarkEval70k is the accuracy over all 60,000 training and 10,000
// test images.
func BenchmarkEval70k(b *testing.B) {
	train, test := loadMNIST(b)
	net := NewTwoLayerNet(784, 50, 10, 0.01, seeded(1))
	for b.Loop() {
		net.Accuracy(train)
		net.Accuracy(test)
	}
}

// BenchmarkGradcheckBook is the book's gradient check: all 39,760
// parameters of 784-50-10 on the first 3 training images, both gradients.
func BenchmarkGradcheckBook(b *testing.B) {
	train, _ := loadMNIST(b)
	net := NewTwoLayerNet(784, 50, 10, 0.01, seeded(1))
	batch := train.Batch([]int{0, 1, 2}, nil)
	for b.Loop() {
		NewGradCheck(net, batch, DefaultH).CheckAll(nil)
	}
}

// BenchmarkTrainerStep is Trainer.Step without the epoch evaluations: the
// step plus the trainer's bookkeeping (the copy of the weights kept in
// case the loss diverges, the loss recorded).
func BenchmarkTrainerStep(b *testing.B) {
	train, _ := loadMNIST(b)
	c := BookConfig()
	c.Iterations = MaxIterations
	tr := mustTrainer(b, c, train, nil)
	tr.EvalEvery = MaxIterations      // no evaluation inside the loop…
	if err := tr.Step(); err != nil { // …but the one after iteration 1
		b.Fatal(err)
	}
	for b.Loop() {
		if err := tr.Step(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLastStep is the four-steps strip's view of the book's last
// step (the page asks for it after every Step and twice a second while
// training): one backward pass at the weights before the step.
func BenchmarkLastStep(b *testing.B) {
	train, _ := loadMNIST(b)
	c := BookConfig()
	tr := mustTrainer(b, c, train, nil)
	if err := tr.Step(); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, ok := tr.LastStep(8); !ok {
			b.Fatal("no last step")
		}
	}
}

// BenchmarkBugRun is the bug lesson's run: 20 iterations of the book's
// layers (dense inputs, a batch of 100) on the book's check net.
func BenchmarkBugRun(b *testing.B) {
	train, _ := loadMNIST(b)
	net := BookCheckNet(ActReLU, 1)
	for b.Loop() {
		BugRun(net, train, BugNone, 0.1, 100, 20, 1)
	}
}
