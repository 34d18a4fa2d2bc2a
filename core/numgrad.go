package core

// The numerical gradient at full size (chapter 4's network.numerical_gradient
// on the book's 784-50-10 net): 79,520 loss evaluations a step. Recomputing
// the whole loss each time (NumericalGradient) takes about 17 s a step
// natively. A changed parameter moves only part of the forward pass, so
// numericalLosses recomputes only that part, from the batch's cached
// forward pass:
//
//   - W1[p][j] changes hidden unit j of the images whose pixel p is not 0:
//     a1 moves by ±h·x, z by dz, every score k by dz·W2[j][k];
//   - b1[j] does the same for every image, with x = 1;
//   - W2[j][k] moves score k of every image by ±h·z[j]; b2[k] by ±h.
//
// Each changed image's cross-entropy is formed again from its cached
// exponentials: exp(a2'ₖ − m) = exp(a2ₖ − m)·exp(Δₖ), the second factor by
// its Taylor series while |Δₖ| < taylorMax (to below float64's rounding),
// and L(θ ± h) = L(θ) + Σ_changed (ce' − ce)/N. The sums are in another
// order than a full recomputation's, so L(θ ± h) agree with it to a few
// ulps, not bit for bit (TestNumericalLossesMatchFullRecompute: 1e-12
// relative), and the gradient to the full recomputation's own rounding
// error.

// taylorMax bounds |Δ| for exp(Δ) ≈ 1 + Δ + Δ²/2 + Δ³/6 + Δ⁴/24: the next
// term, Δ⁵/120, is then below 1e-17 relative, under float64's rounding.
const taylorMax = 1e-3

// expSmall returns exp(d), by its Taylor series for small |d|.
func expSmall(d float64) float64 {
	if d > taylorMax || d < -taylorMax {
		return Exp(d)
	}
	d2 := float64(d * d)
	return 1 + d + float64(d2*0.5) + float64(float64(d2*d)/6) + float64(float64(d2*d2)/24)
}

// expScaleScalar sets v[k] = e[k]·expSmall(d[k]); v, e and d have one
// length.
func expScaleScalar(v, e, d []float64) {
	for k, ek := range e {
		v[k] = float64(ek * expSmall(d[k]))
	}
}

// expScale is expScaleScalar, with vectors where the build has them
// (expScaleSIMD: the same operations lane by lane, so the same bits).
func expScale(v, e, d []float64) {
	if haveSIMD {
		expScaleSIMD(v, e, d)
		return
	}
	expScaleScalar(v, e, d)
}

// numCache is one batch's forward pass, kept for the numerical gradient.
type numCache struct {
	n          *TwoLayerNet
	params     []Param
	N          int
	labels     []int
	a1, z      []float64 // N×H: hidden pre-activations and outputs (test-time scaled)
	e          []float64 // N×O: exp(a2 − m) per image
	s          []float64 // N: Σₖ e
	ce         []float64 // N: −log(e_t/s + δ)
	loss       float64   // mean cross-entropy plus the weight-decay term
	wd         float64   // ΣW1² + ΣW2²
	start      []int32   // per pixel: its images are img[start[p]:start[p+1]]
	img        []int32
	val        []float64 // the images' inputs at that pixel
	allImg     []int32   // 0 … N−1, for b1
	allOne     []float64 // 1 … 1
	scoreDelta []float64 // O: Δ of one image's scores
	scaled     []float64 // O: one image's exp(a2 − m)·exp(Δ)
}

func newNumCache(n *TwoLayerNet, b *Batch) *numCache {
	H, O, N := n.Hidden, n.Output, b.N
	c := &numCache{n: n, params: n.Params(), N: N, labels: b.Labels}
	n.forward(b, nil)
	ws := &n.ws
	c.a1 = append([]float64(nil), ws.a1[:N*H]...)
	c.z = append([]float64(nil), ws.h1[:N*H]...)
	c.e, c.s, c.ce = make([]float64, N*O), make([]float64, N), make([]float64, N)
	sum := 0.0
	for i := range N {
		a, e := ws.a2[i*O:(i+1)*O], c.e[i*O:(i+1)*O]
		m := a[0]
		for _, v := range a {
			m = max(m, v)
		}
		for k, v := range a {
			e[k] = Exp(v - m)
			c.s[i] += e[k]
		}
		c.ce[i] = -Log(e[b.Labels[i]]/c.s[i] + crossEntropyDelta)
		sum += c.ce[i]
	}
	c.wd = n.weightSquares()
	c.loss = sum/float64(N) + float64(0.5*n.WeightDecay)*c.wd
	c.start, c.img, c.val = groupByPixel(b, nil, nil, nil)
	c.allImg, c.allOne = rowsAndOnes(N)
	c.scoreDelta, c.scaled = make([]float64, O), make([]float64, O)
	return c
}

// hiddenShift returns the change of the mean cross-entropy when hidden unit
// j's pre-activation moves by d·x for each image of imgs (with its x).
func (c *numCache) hiddenShift(j int, d float64, imgs []int32, xs []float64) float64 {
	n := c.n
	H, O := n.Hidden, n.Output
	keep := 1 - n.DropoutRatio
	w2 := n.W2[j*O : (j+1)*O]
	var one [1]float64
	sum := 0.0
	for k, i := range imgs {
		one[0] = c.a1[int(i)*H+j] + float64(d*xs[k])
		n.activationForward(one[:], one[:])
		dz := one[0]
		if n.DropoutRatio != 0 {
			dz = float64(dz * keep)
		}
		dz -= c.z[int(i)*H+j]
		for o := range O {
			c.scoreDelta[o] = float64(dz * w2[o])
		}
		sum += c.imageShift(int(i), c.scoreDelta)
	}
	return sum / float64(c.N)
}

// imageShift returns image i's new cross-entropy minus its cached one when
// its scores move by delta.
func (c *numCache) imageShift(i int, delta []float64) float64 {
	O := c.n.Output
	v := c.scaled
	expScale(v, c.e[i*O:(i+1)*O], delta)
	s := 0.0
	for _, x := range v {
		s += x
	}
	return -Log(v[c.labels[i]]/s+crossEntropyDelta) - c.ce[i]
}

// scoreShift returns the change of the mean cross-entropy when score k of
// every image moves by d times that image's coef (z[i][j] for W2, 1 for
// b2).
func (c *numCache) scoreShift(k int, d float64, coef func(i int) float64) float64 {
	clear(c.scoreDelta)
	sum := 0.0
	for i := range c.N {
		c.scoreDelta[k] = float64(d * coef(i))
		sum += c.imageShift(i, c.scoreDelta)
	}
	return sum / float64(c.N)
}

// numericalLosses returns L(θ + h·eᵢ) and L(θ − h·eᵢ) for parameter k's
// element i (k in Params order), from the cache.
func (c *numCache) numericalLosses(k, i int, h float64) (plus, minus float64) {
	n := c.n
	H, O := n.Hidden, n.Output
	eval := func(d float64) float64 {
		var shift float64
		switch k {
		case 0: // W1[p][j]
			p, j := i/H, i%H
			lo, hi := c.start[p], c.start[p+1]
			shift = c.hiddenShift(j, d, c.img[lo:hi], c.val[lo:hi])
		case 1: // b1[j]
			shift = c.hiddenShift(i, d, c.allImg, c.allOne)
		case 2: // W2[j][o]
			j, o := i/O, i%O
			shift = c.scoreShift(o, d, func(im int) float64 { return c.z[im*H+j] })
		default: // b2[o]
			shift = c.scoreShift(i, d, func(int) float64 { return 1 })
		}
		l := c.loss + shift
		if k == 0 || k == 2 { // a weight: its square in the decay term changes
			w := c.params[k].W[i]
			l += float64(0.5*n.WeightDecay) * (swapSquare(c.wd, w, w+d) - c.wd)
		}
		return l
	}
	return eval(h), eval(-h)
}

// numericalGradientRange returns ∂Loss/∂θ for b by central differences for
// the parameters from ≤ i < to, counted through W1, b1, W2 and b2 one
// after another, each as numericalGradient computes it.
func (n *TwoLayerNet) numericalGradientRange(b *Batch, h float64, from, to int) []float64 {
	c := newNumCache(n, b)
	out := make([]float64, 0, to-from)
	off := 0
	for k, p := range c.params {
		for i := max(from-off, 0); i < min(to-off, len(p.W)); i++ {
			plus, minus := c.numericalLosses(k, i, h)
			out = append(out, (plus-minus)/(2*h))
		}
		off += len(p.W)
	}
	return out
}

// numericalGradient returns ∂Loss/∂θ for b by central differences on every
// parameter, as NumericalGradient does, each L(θ ± h) recomputed only where
// the parameter reaches (see above). The net must be at test time (no
// dropout while differentiating: its masks would change between calls).
func (n *TwoLayerNet) numericalGradient(b *Batch, h float64) *Grads {
	flat := n.numericalGradientRange(b, h, 0, n.paramCount())
	g := n.newGrads()
	for _, dst := range g.Slices() {
		flat = flat[copy(dst, flat):]
	}
	return g
}
