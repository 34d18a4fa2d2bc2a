package core

// ActivationGuess is what scoring a net of unknown activation said: the
// activation that scored better, and each one's accuracy on the first
// Images test images.
type ActivationGuess struct {
	Activation Activation             `json:"activation"`
	Accuracy   map[Activation]float64 `json:"accuracy"`
	Images     int                    `json:"images"`
}

// GuessActivation scores net with each activation on the first n images
// of test (all of them if it has fewer) and sets net's activation to the
// one that classifies more correctly (sigmoid, chapter 4's, on a tie).
// Weights saved from the book's Python (an .npz, a params.pkl) do not say
// which activation they were trained with, and the wrong one scores near
// chance: chapter 5's ReLU net reads 95% with ReLU and 25% with sigmoid.
func GuessActivation(net *TwoLayerNet, test *Dataset, n int) ActivationGuess {
	idx := seq(min(n, test.N))
	g := ActivationGuess{Accuracy: map[Activation]float64{}, Images: len(idx)}
	for _, a := range []Activation{ActSigmoid, ActReLU} {
		net.Activation = a
		g.Accuracy[a] = net.AccuracyOf(test, idx)
	}
	g.Activation = ActSigmoid
	if g.Accuracy[ActReLU] > g.Accuracy[ActSigmoid] {
		g.Activation = ActReLU
	}
	net.Activation = g.Activation
	return g
}
