package core

import (
	"errors"
	"fmt"
)

// HiddenShard is one of several instances that train the book's SGD step
// together, each owning the hidden units [Lo, Hi): its columns of W1, its
// entries of b1, and a copy of all of W2 and b2 (issue 17's training
// across workers, measured by make bench and not used by the page).
//
// A step is Forward (layer 1 for the shard's units), Place for every
// other shard's activations (what instances exchange, N×(hi−lo) each),
// then Backward (layer 2 in full, the same on every shard, then layer 1
// for the shard's units). Every sum is formed in the order of the
// unsplit step, so the shards' parameters keep the bits one net's sgdStep
// gives them (TestHiddenShardsMatchStep). W2 and b2 need no exchange:
// every shard computes the same update of them.
type HiddenShard struct {
	Lo, Hi int
	l1     *TwoLayerNet // Input×(Hi−Lo): the shard's layer 1 (its W2 unused)
	l2     *TwoLayerNet // Hidden×Output: layer 2 (its W1 unused)
	z      []float64    // N×Hidden: every shard's activations
}

// NewHiddenShard returns the shard of net's hidden units [lo, hi), with
// copies of its parameters. The step it shares is sgdStep's: a net with
// dropout or weight decay is an error, as is an empty or out-of-range
// [lo, hi).
func NewHiddenShard(net *TwoLayerNet, lo, hi int) (*HiddenShard, error) {
	if net.DropoutRatio != 0 || net.WeightDecay != 0 {
		return nil, errors.New("core: a hidden shard trains without dropout or weight decay")
	}
	if lo < 0 || hi > net.Hidden || lo >= hi {
		return nil, fmt.Errorf("core: hidden units [%d, %d) of %d", lo, hi, net.Hidden)
	}
	h := hi - lo
	s := &HiddenShard{Lo: lo, Hi: hi,
		l1: newEmptyNet(net.Input, h, net.Output, net.Activation),
		l2: newEmptyNet(1, net.Hidden, net.Output, net.Activation),
	}
	for p := 0; p < net.Input; p++ {
		copy(s.l1.W1[p*h:(p+1)*h], net.W1[p*net.Hidden+lo:p*net.Hidden+hi])
	}
	copy(s.l1.B1, net.B1[lo:hi])
	copy(s.l2.W2, net.W2)
	copy(s.l2.B2, net.B2)
	return s, nil
}

// Forward runs layer 1 of b for the shard's units and returns their
// activations, N×(Hi−Lo) row-major: a buffer of the shard's, valid until
// the next Forward.
func (s *HiddenShard) Forward(b *Batch) []float64 {
	s.l1.checkBatch(b)
	w := s.l1.prepare(b.N)
	s.l1.affine1Forward(b, w)
	s.l1.activationForward(w.a1, w.z1)
	s.z = grow(s.z, b.N*s.l2.Hidden)
	s.Place(s.Lo, s.Hi, w.z1)
	return w.z1[:b.N*s.l1.Hidden]
}

// Place puts another shard's activations for the units [lo, hi) (what its
// Forward returned, N×(hi−lo)) into this shard's step. It panics if z
// does not fit.
func (s *HiddenShard) Place(lo, hi int, z []float64) {
	H, h := s.l2.Hidden, hi-lo
	n := len(s.z) / H
	if lo < 0 || hi > H || h <= 0 || len(z) < n*h {
		panic(fmt.Sprintf("core: %d activations for units [%d, %d) of %d, %d images", len(z), lo, hi, H, n))
	}
	for i := 0; i < n; i++ {
		copy(s.z[i*H+lo:i*H+hi], z[i*h:(i+1)*h])
	}
}

// Backward finishes the step once every shard's activations are placed:
// the loss, layer 2's gradient and update (the same on every shard), and
// layer 1's for the shard's units, with learning rate lr. It returns the
// batch's loss before the update, as sgdStep does.
func (s *HiddenShard) Backward(b *Batch, lr float64) float64 {
	l1, l2 := s.l1, s.l2
	w1, w2 := &l1.ws, l2.prepare(b.N)
	w2.z1, w2.h1 = s.z, s.z
	l2.affine2Forward(w2)
	loss := softmaxLossForward(w2, l2.Output, b.Labels)
	softmaxLossBackward(w2, l2.Output, b.Labels)
	l2.affine2Backward(w2, w2.dW2, w2.dB2)
	H, h := l2.Hidden, l1.Hidden
	for i := 0; i < b.N; i++ {
		copy(w1.dZ1[i*h:(i+1)*h], w2.dZ1[i*H+s.Lo:i*H+s.Hi])
	}
	l1.activationBackward(w1.a1, w1.z1, w1.dZ1)
	l1.affine1Backward(b, w1, w1.dB1, &sgdRule{lr: lr}, func(p int, g []float64) {
		update(l1.W1[p*h:(p+1)*h], g, lr, 0)
	})
	update(l1.B1, w1.dB1, lr, 0)
	update(l2.W2, w2.dW2, lr, 0)
	update(l2.B2, w2.dB2, lr, 0)
	return loss
}

// W1 returns the shard's columns of W1, Input×(Hi−Lo) (the shard's own).
func (s *HiddenShard) W1() []float64 { return s.l1.W1 }

// B1 returns the shard's entries of b1 (the shard's own).
func (s *HiddenShard) B1() []float64 { return s.l1.B1 }

// W2 returns the shard's copy of W2, Hidden×Output.
func (s *HiddenShard) W2() []float64 { return s.l2.W2 }

// B2 returns the shard's copy of b2.
func (s *HiddenShard) B2() []float64 { return s.l2.B2 }
