package core

import (
	"fmt"
	"math"
	"testing"
)

// TestHiddenShardsMatchStep trains the book's net for 30 steps with its
// hidden units split between shards, exchanging activations as instances
// would, and checks each step's loss and the final parameters have the
// bits of one net's sgdStep.
func TestHiddenShardsMatchStep(t *testing.T) {
	train, _ := loadMNIST(t)
	for _, tc := range []struct {
		act    Activation
		splits []int // shard boundaries, 0 … Hidden
	}{
		{ActSigmoid, []int{0, 50}},
		{ActSigmoid, []int{0, 20, 50}},
		{ActSigmoid, []int{0, 25, 50}},
		{ActSigmoid, []int{0, 17, 33, 50}},
		{ActReLU, []int{0, 30, 50}},
	} {
		t.Run(fmt.Sprint(tc.act, tc.splits), func(t *testing.T) {
			r := seeded(7)
			net := NewTwoLayerNet(784, 50, 10, 0.01, r)
			net.Activation = tc.act
			var shards []*HiddenShard
			for k := 1; k < len(tc.splits); k++ {
				s, err := NewHiddenShard(net, tc.splits[k-1], tc.splits[k])
				if err != nil {
					t.Fatal(err)
				}
				shards = append(shards, s)
			}
			idx := make([]int, 100)
			var batch *Batch
			for step := 0; step < 30; step++ {
				for i := range idx {
					idx[i] = r.IntN(train.N)
				}
				batch = train.Batch(idx, batch)
				own := make([][]float64, len(shards))
				for k, s := range shards {
					own[k] = s.Forward(batch)
				}
				for k, s := range shards {
					for o, other := range shards {
						if o != k {
							s.Place(other.Lo, other.Hi, own[o])
						}
					}
				}
				want := net.sgdStep(batch, 0.1, nil)
				for k, s := range shards {
					if got := s.Backward(batch, 0.1); math.Float64bits(got) != math.Float64bits(want) {
						t.Fatalf("step %d, shard %d: loss %v, one net's %v", step, k, got, want)
					}
				}
			}
			for k, s := range shards {
				h := s.Hi - s.Lo
				for p := 0; p < net.Input; p++ {
					for j := 0; j < h; j++ {
						if got, want := s.W1()[p*h+j], net.W1[p*net.Hidden+s.Lo+j]; math.Float64bits(got) != math.Float64bits(want) {
							t.Fatalf("shard %d: W1[%d][%d] = %v, one net's %v", k, p, s.Lo+j, got, want)
						}
					}
				}
				bitsEqual(t, fmt.Sprintf("shard %d's b1", k), s.B1(), net.B1[s.Lo:s.Hi])
				bitsEqual(t, fmt.Sprintf("shard %d's W2", k), s.W2(), net.W2)
				bitsEqual(t, fmt.Sprintf("shard %d's b2", k), s.B2(), net.B2)
			}
		})
	}
}

// TestHiddenShardRefuses checks the shards a step cannot be split into.
func TestHiddenShardRefuses(t *testing.T) {
	net := NewTwoLayerNet(784, 50, 10, 0.01, seeded(1))
	for _, tc := range []struct {
		name   string
		change func(n *TwoLayerNet)
		lo, hi int
	}{
		{"empty", nil, 20, 20},
		{"past the end", nil, 40, 51},
		{"negative", nil, -1, 10},
		{"dropout", func(n *TwoLayerNet) { n.DropoutRatio = 0.5 }, 0, 25},
		{"weight decay", func(n *TwoLayerNet) { n.WeightDecay = 0.1 }, 0, 25},
	} {
		n := net.Clone()
		if tc.change != nil {
			tc.change(n)
		}
		if _, err := NewHiddenShard(n, tc.lo, tc.hi); err == nil {
			t.Errorf("%s: NewHiddenShard(%d, %d) accepted", tc.name, tc.lo, tc.hi)
		}
	}
}
