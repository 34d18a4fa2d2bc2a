package core

import (
	"fmt"
	"math"
)

// Mistake is a misclassified image: its index in the dataset, its label,
// what the net said, and the net's probability for that.
type Mistake struct {
	Index int     `json:"index"`
	Label int     `json:"label"`
	Pred  int     `json:"pred"`
	Prob  float64 `json:"prob"`
}

// Inspection is a confusion matrix and the first misclassified images.
type Inspection struct {
	// Confusion[t][p] counts images of label t classified as p
	// (Output×Output).
	Confusion [][]int   `json:"confusion"`
	Mistakes  []Mistake `json:"mistakes"`
	Accuracy  float64   `json:"accuracy"`
}

// Inspect classifies every image of d and returns the confusion matrix and
// up to maxMistakes misclassified images, in dataset order.
func (n *TwoLayerNet) Inspect(d *Dataset, maxMistakes int) Inspection {
	in := Inspection{Confusion: make([][]int, n.Output)}
	for i := range in.Confusion {
		in.Confusion[i] = make([]int, n.Output)
	}
	const chunk = 1000
	idx := make([]int, 0, chunk)
	var b *Batch
	correct := 0
	for start := 0; start < d.N; start += chunk {
		idx = idx[:0]
		for i := start; i < min(start+chunk, d.N); i++ {
			idx = append(idx, i)
		}
		b = d.Batch(idx, b)
		y := n.Predict(b)
		for k, i := range idx {
			row := y[k*n.Output : (k+1)*n.Output]
			p := argmax(row)
			t := int(d.Labels[i])
			in.Confusion[t][p]++
			if p == t {
				correct++
			} else if len(in.Mistakes) < maxMistakes {
				in.Mistakes = append(in.Mistakes, Mistake{i, t, p, row[p]})
			}
		}
	}
	if d.N > 0 {
		in.Accuracy = float64(correct) / float64(d.N)
	}
	return in
}

func argmax(v []float64) int {
	best := 0
	for k := range v {
		if v[k] > v[best] {
			best = k
		}
	}
	return best
}

// Classify returns the most probable class of one image (Input bytes,
// 0..255) and all the class probabilities.
func (n *TwoLayerNet) Classify(pixels []byte) (int, []float64) {
	y := n.Predict(BatchFromPixels(n.Input, [][]byte{pixels}, nil))
	return argmax(y), y
}

// WeightImages draws each hidden unit's incoming weights (a column of W1)
// as a side×side grayscale image, 128 for 0, 255 and 0 for the column's
// largest positive and negative magnitude: Hidden images of Input bytes,
// concatenated. Input must be side².
func (n *TwoLayerNet) WeightImages() []byte {
	out := make([]byte, n.Hidden*n.Input)
	for j := range n.Hidden {
		m := 0.0
		for p := range n.Input {
			m = max(m, math.Abs(n.W1[p*n.Hidden+j]))
		}
		if m == 0 {
			m = 1
		}
		for p := range n.Input {
			out[j*n.Input+p] = byte(math.Round(127.5 + 127.5*n.W1[p*n.Hidden+j]/m))
		}
	}
	return out
}

// Explanation is why the net gave one image its answer: the hidden layer's
// activations and what each hidden unit adds to the answer's score.
type Explanation struct {
	Digit  int       `json:"digit"`
	Hidden []float64 `json:"hidden"` // H: each hidden unit's activation
	// Push[j] is hidden unit j's share of the answer's score before the
	// softmax, Hidden[j]·W2[j][Digit]: the units with the largest push are
	// the W1 images (the columns of W1) that made the answer.
	Push []float64 `json:"push"`
}

// Explain runs one image of Input bytes (0 background, 255 ink) forward
// and returns its hidden activations and each unit's push towards the
// answer. It panics if len(pixels) is not n.Input.
func (n *TwoLayerNet) Explain(pixels []byte) Explanation {
	if len(pixels) != n.Input {
		panic(fmt.Sprintf("core: Explain wants %d pixels, got %d", n.Input, len(pixels)))
	}
	H, O := n.Hidden, n.Output
	a1 := append([]float64(nil), n.B1...)
	for p, v := range pixels {
		if v == 0 {
			continue
		}
		x := float64(v) / 255
		for j, w := range n.W1[p*H : (p+1)*H] {
			a1[j] += x * w
		}
	}
	z1 := make([]float64, H)
	for j, a := range a1 {
		if n.Activation == ActReLU {
			z1[j] = max(a, 0)
		} else {
			z1[j] = 1 / (1 + math.Exp(-a))
		}
	}
	d, _ := n.Classify(pixels)
	push := make([]float64, H)
	for j, z := range z1 {
		push[j] = z * n.W2[j*O+d]
	}
	return Explanation{Digit: d, Hidden: z1, Push: push}
}
