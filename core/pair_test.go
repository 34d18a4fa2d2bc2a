package core

import (
	"slices"
	"testing"
)

// TestPairIsTwoRuns: a pair's run and twin have, step for step, the
// losses and weights of two lone trainers with the same seed, and Tune
// reaches both.
func TestPairIsTwoRuns(t *testing.T) {
	train, test := smallMNIST(t, 600, 100)
	for _, m := range []GradientMethod{GradBackprop, GradNumerical} {
		t.Run(string(m), func(t *testing.T) {
			c := BookConfig()
			c.Hidden, c.BatchSize, c.Iterations, c.Gradient = 5, 10, 12, m
			p, err := NewPair(c, train, test)
			if err != nil {
				t.Fatal(err)
			}
			if p.Run.Cfg.Gradient != m || p.Twin.Cfg.Gradient != OtherGradient(m) {
				t.Fatalf("run %s, twin %s", p.Run.Cfg.Gradient, p.Twin.Cfg.Gradient)
			}
			run := mustTrainer(t, c, train, test)
			tc := c
			tc.Gradient = OtherGradient(m)
			twin := mustTrainer(t, tc, train, test)
			pt, err := p.Steps(5)
			if err != nil || pt.Steps != 5 {
				t.Fatalf("Steps(5): %+v, %v", pt, err)
			}
			run.Run(5)
			twin.Run(5)
			tuned := c
			tuned.LearningRate, tuned.Optimizer = 0.05, OptMomentum
			if err := p.Tune(tuned); err != nil {
				t.Fatal(err)
			}
			tt := tuned
			tt.Gradient = tc.Gradient
			if err := run.Tune(tuned); err != nil {
				t.Fatal(err)
			}
			if err := twin.Tune(tt); err != nil {
				t.Fatal(err)
			}
			if pt, err := p.Steps(100); err != nil || pt.Steps != 7 || p.Run.Stop != StopDone {
				t.Fatalf("Steps(100) past the end: %+v, %v, stop %q", pt, err, p.Run.Stop)
			}
			run.Run(100)
			twin.Run(100)
			for _, c := range []struct {
				name      string
				got, want *Trainer
			}{{"run", p.Run, run}, {"twin", p.Twin, twin}} {
				if !slices.Equal(c.got.Losses, c.want.Losses) || !slices.Equal(c.got.Net.W1, c.want.Net.W1) || !slices.Equal(c.got.Net.B2, c.want.Net.B2) {
					t.Errorf("the pair's %s differs from a lone trainer's: losses %v, want %v", c.name, c.got.Losses, c.want.Losses)
				}
			}
			if slices.Equal(p.Run.Losses, p.Twin.Losses) {
				t.Error("run and twin have the same losses to the bit: is the twin's method the other one?")
			}
			bad := tuned
			bad.Hidden = 6
			if err := p.Tune(bad); len(FieldErrors(err)) != 1 || FieldErrors(err)[0].Rule != RuleNotTunable {
				t.Errorf("Tune with another hidden size: %v", err)
			}
		})
	}
	c := BookConfig()
	c.Dropout = 0.5
	if _, err := NewPair(c, train, test); len(FieldErrors(err)) != 1 || FieldErrors(err)[0].Field != "dropout" {
		t.Errorf("a pair with dropout (the numerical twin cannot): %v", err)
	}
}
