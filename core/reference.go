package core

// The naive reference network: the book's forward and backward passes as
// dense triple loops over the N×Input matrix X, one multiply-add at a
// time. It is slow (it multiplies every zero pixel) and it is the
// definition the fast path must match: each sum runs in the same order and
// adding the zero pixels' products (exact zeros) changes no bit, so the two
// agree exactly (TestFastMatchesNaive).

// lossAndGradientNaive returns the test-time loss of the net on b and its
// backpropagation gradient, computed densely.
func (n *TwoLayerNet) lossAndGradientNaive(b *Batch) (float64, *Grads) {
	X := b.X()
	N, D, H, O := b.N, n.Input, n.Hidden, n.Output
	// Affine 1: a1 = X·W1 + b1.
	a1 := make([]float64, N*H)
	for i := range N {
		for j := range H {
			s := 0.0
			for p := range D {
				s += float64(X[i*D+p] * n.W1[p*H+j])
			}
			a1[i*H+j] = s + n.B1[j]
		}
	}
	// Activation (and test-time dropout scaling).
	z1 := make([]float64, N*H)
	n.activationForward(a1, z1)
	keep := 1 - n.DropoutRatio
	h1 := make([]float64, N*H)
	for i, z := range z1 {
		h1[i] = z
		if n.DropoutRatio != 0 {
			h1[i] = z * keep
		}
	}
	// Affine 2: a2 = z1·W2 + b2.
	a2 := make([]float64, N*O)
	for i := range N {
		for k := range O {
			s := 0.0
			for j := range H {
				s += float64(h1[i*H+j] * n.W2[j*O+k])
			}
			a2[i*O+k] = s + n.B2[k]
		}
	}
	// Softmax with cross-entropy.
	y := make([]float64, N*O)
	loss := 0.0
	for i := range N {
		softmax(a2[i*O:(i+1)*O], y[i*O:(i+1)*O])
		loss += Log(y[i*O+b.Labels[i]] + crossEntropyDelta)
	}
	loss = -loss/float64(N) + n.weightDecayLoss()

	g := n.newGrads()
	// Softmax-with-loss backward: (y − t)·y_t/(y_t + δ) / N.
	dA2 := make([]float64, N*O)
	for i := range N {
		softmaxLossRowBackward(y[i*O:(i+1)*O], b.Labels[i], N, dA2[i*O:(i+1)*O])
	}
	// Affine 2 backward.
	for j := range H {
		for k := range O {
			s := 0.0
			for i := range N {
				s += float64(h1[i*H+j] * dA2[i*O+k])
			}
			g.W2[j*O+k] = s
		}
	}
	for k := range O {
		s := 0.0
		for i := range N {
			s += dA2[i*O+k]
		}
		g.B2[k] = s
	}
	dZ1 := make([]float64, N*H)
	for i := range N {
		for j := range H {
			s := 0.0
			for k := range O {
				s += float64(dA2[i*O+k] * n.W2[j*O+k])
			}
			dZ1[i*H+j] = s
		}
	}
	// Dropout backward (test time: the scale), then activation backward
	// (in place: dZ1 becomes ∂L/∂a1).
	if n.DropoutRatio != 0 {
		for i := range dZ1 {
			dZ1[i] *= keep
		}
	}
	n.activationBackward(a1, z1, dZ1)
	// Affine 1 backward.
	for p := range D {
		for j := range H {
			s := 0.0
			for i := range N {
				s += float64(X[i*D+p] * dZ1[i*H+j])
			}
			g.W1[p*H+j] = s
		}
	}
	for j := range H {
		s := 0.0
		for i := range N {
			s += dZ1[i*H+j]
		}
		g.B1[j] = s
	}
	if n.WeightDecay != 0 {
		for i, v := range n.W1 {
			g.W1[i] += float64(n.WeightDecay * v)
		}
		for i, v := range n.W2 {
			g.W2[i] += float64(n.WeightDecay * v)
		}
	}
	return loss, g
}
