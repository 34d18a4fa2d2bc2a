//go:build !js

package e2e

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestEvaluationWorkers (issue 17): with evaluation workers scoring the
// accuracy and sharing the numerical gradient, the page shows the same
// figures and trains the same weights, bit for bit, as with one Go
// instance (?workers=0); the page as it opens starts the workers its
// cores pay for.
func TestEvaluationWorkers(t *testing.T) {
	type outcome struct {
		Instances int
		Run       json.RawMessage // the kept run's curves and final figures
		Model     []byte          // the net after a numerical run
		Loss      float64
	}
	run := func(q string) outcome {
		p := ready(t, q)
		var o outcome
		p.must(`return (await scratchnet.memory()).instances`, &o.Instances)
		// A run on 6,000 images: evaluations every 120 iterations (two
		// epochs: scoring 16,000 images costs more than half an epoch), the
		// last still being scored when the run ends.
		p.must(`await scratchnet.configure({trainSize: 6000, iterations: 650, seed: 3});
			await scratchnet.train();
			// The run is kept (in IndexedDB) once it has stopped.
			let runs;
			while ((runs = await scratchnet.runs()).length === 0) await new Promise(r => setTimeout(r, 20));
			const r = runs[runs.length - 1];
			return {evalIters: r.evalIters, train: r.train, test: r.test, losses: r.losses, final: r.final}`, &o.Run)
		o.Model = savedModel(p, 0)
		p.must(`await scratchnet.configure({gradient: "numerical", hidden: 20, iterations: 3, seed: 2});
			await scratchnet.step(3); return scratchnet.state().loss`, &o.Loss)
		o.Model = append(o.Model, savedModel(p, 0)...)
		return o
	}
	one, many := run("?workers=0"), run("?workers=2")
	if one.Instances != 1 || many.Instances != 3 {
		t.Fatalf("instances: %d with ?workers=0, %d with ?workers=2", one.Instances, many.Instances)
	}
	var curves struct{ EvalIters []int }
	if err := json.Unmarshal(many.Run, &curves); err != nil || len(curves.EvalIters) != 7 {
		t.Fatalf("the kept run has %d evaluations (%v), want 6 (1, 121, …, 601) and the final one", len(curves.EvalIters), err)
	}
	if !bytes.Equal(one.Run, many.Run) {
		t.Errorf("the run's figures differ:\none instance  %s\nthree         %s", one.Run, many.Run)
	}
	if one.Loss != many.Loss || !bytes.Equal(one.Model, many.Model) {
		t.Errorf("the numerical run shared out trained other weights: loss %v against %v", many.Loss, one.Loss)
	}

	// The page as it opens: evaluation workers only from three cores;
	// workers for a numerical run's steps (from two cores) start when one
	// is set up, share its steps with the same bits, and end when the next
	// run set up is not numerical.
	p := ready(t, "")
	var counts struct{ Cores, Start, Numerical, After int }
	var loss float64
	p.must(`return {Cores: navigator.hardwareConcurrency, Start: (await scratchnet.memory()).instances}`, &counts)
	p.must(`await scratchnet.configure({trainSize: 6000, gradient: "numerical", hidden: 20, iterations: 3, seed: 2});
		await scratchnet.step(3); return scratchnet.state().loss`, &loss) // run's, after its first configure
	model := savedModel(p, 0)
	p.must(`return (await scratchnet.memory()).instances`, &counts.Numerical)
	p.must(`await scratchnet.configure({gradient: "backprop", iterations: 100}); return (await scratchnet.memory()).instances`, &counts.After)
	evaluators, helpers := max(0, min(2, counts.Cores-2)), max(0, min(2, counts.Cores-1))
	if counts.Start != 1+evaluators || counts.Numerical != 1+max(evaluators, helpers) || counts.After != 1+evaluators {
		t.Errorf("Go instances on %d cores: %d at first, %d for a numerical run, %d after it; want %d, %d, %d",
			counts.Cores, counts.Start, counts.Numerical, counts.After, 1+evaluators, 1+max(evaluators, helpers), 1+evaluators)
	}
	if loss != one.Loss || !bytes.Equal(model, one.Model[len(one.Model)-len(model):]) {
		t.Errorf("the numerical run on the page as it opens trained other weights: loss %v against %v", loss, one.Loss)
	}
}
