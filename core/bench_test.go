package core

import "testing"

func BenchmarkTrainStep(b *testing.B) {
	train, _ := loadMNIST(b)
	r := seeded(1)
	net := NewTwoLayerNet(784, 50, 10, 0.01, r)
	idx := make([]int, 100)
	var batch *Batch
	for b.Loop() {
		for i := range idx {
			idx[i] = r.IntN(train.N)
		}
		batch = train.Batch(idx, batch)
		net.sgdStep(batch, 0.1, nil)
	}
}

func BenchmarkEval70k(b *testing.B) {
	train, test := loadMNIST(b)
	net := NewTwoLayerNet(784, 50, 10, 0.01, seeded(1))
	for b.Loop() {
		net.Accuracy(train)
		net.Accuracy(test)
	}
}
