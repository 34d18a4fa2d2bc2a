package session

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
)

// TestDeferredEvaluationAcrossSessions: a session that leaves its
// evaluations to another (as the page's training worker leaves them to an
// evaluation worker) shows the same figures as one that scores them
// itself; figures for a replaced run are dropped; out of order they are
// refused.
func TestDeferredEvaluationAcrossSessions(t *testing.T) {
	inline, run, scorer := loaded(t), loaded(t), loaded(t)
	cfg := []byte(`{"iterations": 1300, "trainSize": 12000}`)
	for _, s := range []*Session{inline, run} {
		if err := s.Configure(cfg); err != nil {
			t.Fatal(err)
		}
	}
	run.DeferEvaluation(true)
	want, err := inline.Steps(1300)
	if err != nil {
		t.Fatal(err)
	}
	st, err := run.Steps(1300)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Epochs) != 0 || len(st.Pending) != len(want.Epochs) {
		t.Fatalf("deferred: %d epochs scored, %d pending; inline %d", len(st.Epochs), len(st.Pending), len(want.Epochs))
	}
	cfgJSON, err := json.Marshal(st.Config)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range st.Pending {
		e, err := scorer.Measure(cfgJSON, p.Iteration, p.Params)
		if err != nil {
			t.Fatal(err)
		}
		if ok, err := run.Record(p.Run, e); !ok || err != nil {
			t.Fatalf("record %d: %v %v", i, ok, err)
		}
		if i == 1 {
			if _, err := run.Record(p.Run, e); err == nil {
				t.Error("Record took the same iteration twice")
			}
		}
	}
	got, err := run.Steps(0)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Epochs, want.Epochs) {
		t.Errorf("deferred epochs %+v\ninline %+v", got.Epochs, want.Epochs)
	}
	if got.TrainAcc != want.TrainAcc || got.TestAcc != want.TestAcc {
		t.Errorf("final %v %v, inline %v %v", got.TrainAcc, got.TestAcc, want.TrainAcc, want.TestAcc)
	}

	// A new run: the old run's figures are dropped.
	old := st.Pending[0]
	if err := run.Reset(); err != nil {
		t.Fatal(err)
	}
	e, _ := scorer.Measure(cfgJSON, old.Iteration, old.Params)
	if ok, err := run.Record(old.Run, e); ok || err != nil {
		t.Errorf("a replaced run's figures: recorded %v, %v", ok, err)
	}
	if _, err := scorer.Measure(cfgJSON, 1, old.Params[:100]); err == nil {
		t.Error("Measure took 100 bytes of parameters")
	}
	if _, err := scorer.Measure([]byte(`{"learningRate": -1}`), 1, old.Params); err == nil {
		t.Error("Measure took a learning rate of −1")
	}
}

// TestProject: the page's estimate before a numerical run times one step
// and leaves the run at iteration 0, comparing too.
func TestProject(t *testing.T) {
	s := loaded(t)
	if err := s.Configure([]byte(`{"gradient": "numerical", "iterations": 300}`)); err != nil {
		t.Fatal(err)
	}
	p, err := s.Project()
	if err != nil || p.StepMillis <= 0 || p.Iterations != 300 || s.State().Iteration != 0 {
		t.Fatalf("project: %+v, %v, at iteration %d", p, err, s.State().Iteration)
	}
	if err := s.Compare(); err != nil {
		t.Fatal(err)
	}
	if p, err := s.Project(); err != nil || p.StepMillis <= 0 || s.State().Iteration != 0 {
		t.Errorf("comparing: %+v, %v", p, err)
	}
	if _, err := New().Project(); !errors.Is(err, ErrNoData) {
		t.Errorf("before loading: %v", err)
	}
}

// TestNumericalStepShared: a numerical step shared out between sessions
// (as the training worker shares it with its evaluation workers) gives the
// state Steps gives; a backpropagation run and a comparison are not shared.
func TestNumericalStepShared(t *testing.T) {
	whole, split, helper := loaded(t), loaded(t), loaded(t)
	cfg := []byte(`{"gradient": "numerical", "iterations": 2, "hidden": 10}`)
	for _, s := range []*Session{whole, split} {
		if err := s.Configure(cfg); err != nil {
			t.Fatal(err)
		}
	}
	trial, ok := split.TrialNumerical(3)
	if !ok || len(trial.Bounds) != 4 || trial.Iteration != 1 || split.State().Iteration != 0 {
		t.Fatalf("a trial of a numerical run: %v %+v", ok, trial.Bounds)
	}
	if _, err := helper.NumericalPart(mustJSON(t, split.State().Config), trial.Params, trial.Batch, trial.Bounds[1], trial.Bounds[2]); err != nil {
		t.Fatal(err)
	}
	want, err := whole.Steps(2)
	if err != nil {
		t.Fatal(err)
	}
	cfgJSON, _ := json.Marshal(split.State().Config)
	var got State
	for range 2 {
		job, ok := split.BeginNumerical(2)
		if !ok || len(job.Bounds) != 3 {
			t.Fatalf("a numerical run was not shared out in two: %v %v", ok, job.Bounds)
		}
		half := job.Bounds[1]
		a, err := split.NumericalPart(cfgJSON, job.Params, job.Batch, 0, half)
		if err != nil {
			t.Fatal(err)
		}
		b, err := helper.NumericalPart(cfgJSON, job.Params, job.Batch, half, job.Count)
		if err != nil {
			t.Fatal(err)
		}
		if got, err = split.EndNumerical(append(a, b...)); err != nil {
			t.Fatal(err)
		}
	}
	if got.Iteration != 2 || got.Loss != want.Loss || got.TrainAcc != want.TrainAcc || got.Evals != want.Evals {
		t.Errorf("shared: iteration %d loss %v acc %v; whole: loss %v acc %v", got.Iteration, got.Loss, got.TrainAcc, want.Loss, want.TrainAcc)
	}
	if _, ok := split.BeginNumerical(2); ok {
		t.Error("a finished run began a step")
	}
	if _, err := split.EndNumerical(nil); err == nil {
		t.Error("EndNumerical without a step")
	}
	if _, err := helper.NumericalPart(cfgJSON, []byte{1, 2, 3}, []int{0}, 0, 1); err == nil {
		t.Error("NumericalPart took 3 bytes")
	}
	if err := split.Configure([]byte(`{"gradient": "backprop"}`)); err != nil {
		t.Fatal(err)
	}
	if _, ok := split.BeginNumerical(2); ok {
		t.Error("a backpropagation run began a numerical step")
	}
	if err := split.Configure([]byte(`{"gradient": "numerical"}`)); err != nil {
		t.Fatal(err)
	}
	if err := split.Compare(); err != nil {
		t.Fatal(err)
	}
	if _, ok := split.BeginNumerical(2); ok {
		t.Error("a comparison began a shared numerical step")
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
