package core

import "math"

// StepView is the last training step as chapter 4.5 lists it: ① the
// mini-batch, ② its gradient, ③ the update, ④ the loop's count.
type StepView struct {
	Iteration    int            `json:"iteration"` // the step's number, 1-based
	Indices      []int          `json:"indices"`   // the mini-batch's training images, the first shown of them
	Labels       []int          `json:"labels"`    // their labels
	BatchSize    int            `json:"batchSize"`
	TrainSize    int            `json:"trainSize"`
	Gradient     GradientMethod `json:"gradient"`  // how the step's gradient was computed
	Optimizer    OptimizerKind  `json:"optimizer"` // how it changed the weights
	LearningRate float64        `json:"learningRate"`
	Loss         float64        `json:"loss"` // the mini-batch's loss before the step
	// Names are the parameters, W1, b1, W2 and b2; GradNorm[i] is
	// ‖∂L/∂P‖ (the Euclidean norm over all of parameter P's entries) at the
	// weights before the step, and StepNorm[i] is ‖ΔP‖, how far the update
	// moved them.
	Names    [4]string  `json:"names"`
	GradNorm [4]float64 `json:"gradNorm"`
	StepNorm [4]float64 `json:"stepNorm"`
}

// LastStep describes the last step, showing at most shown of its
// mini-batch's images; ok is false before the first step, after a step
// that diverged (its weights were restored) and after UseWeights.
//
// The gradient is recomputed by backpropagation at the weights before the
// step, on the same mini-batch and without dropout's mask: for the
// numerical gradient it agrees with what the step used to about 1e-8
// (TestCompareGradients), and for dropout it is the gradient of the
// undropped net. It costs one backward pass, in a net and gradients the
// trainer keeps for it.
func (t *Trainer) LastStep(shown int) (v StepView, ok bool) {
	if !t.lastValid {
		return StepView{}, false
	}
	shown = min(shown, len(t.idx))
	v = StepView{
		Iteration: t.Iteration, Indices: append([]int(nil), t.idx[:shown]...),
		Labels: append([]int(nil), t.batch.Labels[:shown]...), BatchSize: len(t.idx), TrainSize: len(t.trainIdx),
		Gradient: t.Cfg.Gradient, Optimizer: t.Opt.Kind, LearningRate: t.Opt.LearningRate,
		Loss: t.Losses[len(t.Losses)-1], Names: [4]string{"W1", "b1", "W2", "b2"},
	}
	if t.view == nil {
		t.view = t.Net.Clone()
	}
	before, g := t.view, t.gradBuf()
	before.WeightDecay, before.DropoutRatio = t.Net.WeightDecay, t.Net.DropoutRatio
	s := t.last
	for _, p := range paramSlices(before) {
		s = s[copy(p, s):]
	}
	before.lossAndGradient(t.batch, nil, g)
	now, was := paramSlices(t.Net), paramSlices(before)
	for i, gi := range g.Slices() {
		v.GradNorm[i] = norm(gi)
		var d float64
		for j := range now[i] {
			e := now[i][j] - was[i][j]
			d += e * e
		}
		v.StepNorm[i] = math.Sqrt(d)
	}
	return v, true
}

func norm(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v * v
	}
	return math.Sqrt(s)
}
