package core

import (
	"math"
	"testing"
)

// TestLastStep checks the four steps as the page shows them: SGD's step is
// η times the gradient, parameter by parameter; the mini-batch is the one
// drawn; nothing is shown before a step or after a diverged one.
func TestLastStep(t *testing.T) {
	train, test := smallMNIST(t, 1000, 100)
	for _, tt := range []struct {
		name string
		edit func(*Config)
	}{
		{"SGD", func(c *Config) {}},
		{"SGD with weight decay", func(c *Config) { c.WeightDecay = 0.1 }},
		{"Momentum's first step", func(c *Config) { c.Optimizer = OptMomentum; c.Iterations = 1 }},
	} {
		c := BookConfig()
		c.Iterations = 5
		tt.edit(&c)
		tr := mustTrainer(t, c, train, test)
		if _, ok := tr.LastStep(8); ok {
			t.Fatalf("%s: a step view before the first step", tt.name)
		}
		if err := tr.Run(c.Iterations); err != nil {
			t.Fatal(err)
		}
		v, ok := tr.LastStep(8)
		if !ok || v.Iteration != c.Iterations || len(v.Indices) != 8 || v.BatchSize != 100 || v.TrainSize != 1000 {
			t.Fatalf("%s: %+v, %v", tt.name, v, ok)
		}
		for i, idx := range v.Indices {
			if v.Labels[i] != int(train.Labels[idx]) {
				t.Errorf("%s: image %d has label %d, the view says %d", tt.name, idx, train.Labels[idx], v.Labels[i])
			}
		}
		for i := range v.Names {
			want := v.LearningRate * v.GradNorm[i]
			if v.GradNorm[i] == 0 || math.Abs(v.StepNorm[i]-want) > 1e-9*want {
				t.Errorf("%s: ‖Δ%s‖ = %g, η‖∂L/∂%s‖ = %g", tt.name, v.Names[i], v.StepNorm[i], v.Names[i], want)
			}
		}
	}

	c := BookConfig()
	c.Activation, c.LearningRate = ActReLU, 1e200
	tr := mustTrainer(t, c, train, test)
	if err := tr.Run(100); err == nil {
		t.Fatal("no divergence")
	}
	if v, ok := tr.LastStep(8); ok {
		t.Errorf("a diverged step is shown: %+v", v)
	}
}
