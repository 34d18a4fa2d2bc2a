package core

// The naive reference network: the book's layers (layers.go), dense, one
// multiply-add at a time over the N×Input matrix X. It is slow (it
// multiplies every zero pixel) and it is the definition the fast path must
// match: each sum runs in the same order and adding the zero pixels'
// products (exact zeros) changes no bit, so the two agree exactly
// (TestFastMatchesNaive).

// lossAndGradientNaive returns the test-time loss of the net on b and its
// backpropagation gradient, computed densely by the book's layers.
func (n *TwoLayerNet) lossAndGradientNaive(b *Batch) (float64, *Grads) {
	loss, g, _ := n.Layered(BugNone).LossAndGradient(b.X(), b.Labels)
	return loss, g
}
