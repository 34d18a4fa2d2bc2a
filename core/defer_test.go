package core

import (
	"reflect"
	"slices"
	"testing"
)

// TestDeferredEvaluation: a run that leaves its evaluations to another
// Trainer (as the page's evaluation workers score them) records the same
// figures, bit for bit, as a run that scores them itself, and trains the
// same weights; the figures may come back in any order.
func TestDeferredEvaluation(t *testing.T) {
	train, test := smallMNIST(t, 6000, 1000)
	for _, c := range []struct {
		name    string
		edit    func(*Config)
		reverse bool
	}{
		{"book", func(*Config) {}, false},
		{"subset-validation-reversed", func(c *Config) { c.TrainSize, c.Validation, c.Seed = 3000, 0.1, 5 }, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := BookConfig()
			cfg.Iterations = 200
			c.edit(&cfg)
			inline := mustTrainer(t, cfg, train, test)
			if err := inline.Run(cfg.Iterations); err != nil {
				t.Fatal(err)
			}
			run := mustTrainer(t, cfg, train, test)
			run.Defer = true
			scorer := mustTrainer(t, cfg, train, test)
			var pending []Pending
			for range cfg.Iterations {
				if err := run.Step(); err != nil {
					t.Fatal(err)
				}
				pending = append(pending, run.TakePending()...)
			}
			if len(run.Epochs) != 0 {
				t.Fatalf("a deferred run scored %d evaluations itself", len(run.Epochs))
			}
			if len(pending) != len(inline.Epochs) || len(pending) < 3 {
				t.Fatalf("%d evaluations left, %d made inline", len(pending), len(inline.Epochs))
			}
			if c.reverse {
				slices.Reverse(pending)
			}
			for _, p := range pending {
				e, err := scorer.Measure(p)
				if err != nil {
					t.Fatal(err)
				}
				if err := run.Record(e); err != nil {
					t.Fatal(err)
				}
			}
			if !reflect.DeepEqual(run.Epochs, inline.Epochs) {
				t.Errorf("deferred figures\n%+v\ninline\n%+v", run.Epochs, inline.Epochs)
			}
			if digest(run) != digest(inline) {
				t.Error("the deferred run trained other weights")
			}
			if len(scorer.Epochs) != 0 || scorer.Iteration != 0 {
				t.Error("Measure changed the scoring Trainer's run")
			}
			if !reflect.DeepEqual(run.Final, inline.Final) {
				t.Errorf("final %+v, inline %+v", run.Final, inline.Final)
			}
		})
	}
}

// TestDeferredRefusals: what Measure and Record refuse, and that early
// stopping still evaluates in Step.
func TestDeferredRefusals(t *testing.T) {
	train, test := smallMNIST(t, 1000, 100)
	cfg := BookConfig()
	cfg.Iterations = 30
	tr := mustTrainer(t, cfg, train, test)
	tr.Defer = true
	if err := tr.Run(11); err != nil {
		t.Fatal(err)
	}
	p := tr.TakePending()
	if len(p) != 2 {
		t.Fatalf("%d pending after 11 iterations of 10 per epoch, want 2 (iterations 1 and 11)", len(p))
	}
	if len(tr.TakePending()) != 0 {
		t.Error("TakePending returned the same evaluations twice")
	}
	if _, err := tr.Measure(Pending{Iteration: 1, Params: p[0].Params[:10]}); err == nil {
		t.Error("Measure took 10 parameters")
	}
	if _, err := tr.Measure(Pending{Iteration: 0, Params: p[0].Params}); err == nil {
		t.Error("Measure took iteration 0")
	}
	e, err := tr.Measure(p[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.Record(e); err != nil {
		t.Fatal(err)
	}
	if err := tr.Record(e); err == nil {
		t.Error("Record took iteration 1 twice")
	}
	if err := tr.Record(EpochStat{Iteration: 12}); err == nil {
		t.Error("Record took an iteration not yet trained")
	}

	cfg.Validation, cfg.Patience = 0.1, 2
	early := mustTrainer(t, cfg, train, test)
	early.Defer = true
	if err := early.Run(11); err != nil {
		t.Fatal(err)
	}
	if len(early.TakePending()) != 0 || len(early.Epochs) != 2 {
		t.Errorf("with early stopping: %d epochs evaluated in Step, want 2, none left", len(early.Epochs))
	}
}
