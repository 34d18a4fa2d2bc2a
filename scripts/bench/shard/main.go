//go:build js

// Command shard trains the book's net with its hidden units [lo, hi) in
// this Go instance (core.HiddenShard), the other units in other instances
// it exchanges activations with through the JavaScript functions
// scratchnetShard.exchange and scratchnetShard.views (one Node worker
// thread each: scripts/bench/shard.mjs, which make bench runs). It times
// each step past the warm-up and reports the median, with digests of the
// steps' losses and of W2 that must match across splittings, through
// scratchnetShard.report.
package main

import (
	"flag"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"syscall/js"
	"time"
	"unsafe"

	"scratchnet/core"
)

func main() {
	lo := flag.Int("lo", 0, "the first hidden unit of this instance")
	hi := flag.Int("hi", 50, "one past its last")
	warm := flag.Int("warm", 200, "steps before timing")
	steps := flag.Int("steps", 1000, "steps timed")
	flag.Parse()
	train, _, err := core.LoadMNIST(os.Getenv("SCRATCHNET_MNIST"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	net := core.NewTwoLayerNet(784, 50, 10, 0.01, rand.New(rand.NewPCG(1, 1)))
	s, err := core.NewHiddenShard(net, *lo, *hi)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	api := js.Global().Get("scratchnetShard")
	me := api.Get("me").Int()
	views := api.Get("views")   // views[shard][parity]: Uint8Arrays over the shared buffer
	bounds := api.Get("bounds") // bounds[shard]: [lo, hi]
	exchange := api.Get("exchange")
	r := rand.New(rand.NewPCG(1, 2))
	idx := make([]int, 100)
	var batch *core.Batch
	var buf []float64
	losses := fnv.New64a()
	var times, waits []float64
	for step := 1; step <= *warm+*steps; step++ {
		t0 := time.Now()
		for i := range idx {
			idx[i] = r.IntN(train.N)
		}
		batch = train.Batch(idx, batch)
		own := s.Forward(batch)
		if n := bounds.Length(); n > 1 {
			parity := step % 2
			js.CopyBytesToJS(views.Index(me).Index(parity), bytesOf(own))
			t1 := time.Now()
			exchange.Invoke(step)
			if step > *warm {
				waits = append(waits, float64(time.Since(t1).Nanoseconds())/1e6)
			}
			for o := 0; o < n; o++ {
				if o == me {
					continue
				}
				b := bounds.Index(o)
				olo, ohi := b.Index(0).Int(), b.Index(1).Int()
				buf = slices.Grow(buf[:0], batch.N*(ohi-olo))[:batch.N*(ohi-olo)]
				js.CopyBytesToGo(bytesOf(buf), views.Index(o).Index(parity))
				s.Place(olo, ohi, buf)
			}
		}
		loss := s.Backward(batch, 0.1)
		if step > *warm {
			times = append(times, float64(time.Since(t0).Nanoseconds())/1e6)
		}
		var b [8]byte
		for k := range b {
			b[k] = byte(math.Float64bits(loss) >> (8 * k))
		}
		losses.Write(b[:])
	}
	w2 := fnv.New64a()
	w2.Write(bytesOf(s.W2()))
	api.Call("report", median(times), median(waits), fmt.Sprintf("%016x", losses.Sum64()), fmt.Sprintf("%016x", w2.Sum64()))
}

// median returns the median of v, 0 for none.
func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	slices.Sort(v)
	return v[len(v)/2]
}

// bytesOf is v's memory as bytes (WebAssembly is little-endian).
func bytesOf(v []float64) []byte {
	if len(v) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), 8*len(v))
}
