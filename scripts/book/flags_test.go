package main

import (
	"flag"
	"strings"
	"testing"

	"scratchnet/core"
)

// TestFlagsAreTheSchema fails when the command's flags drift from
// core.Schema: one flag per setting, named as it, checked as it.
func TestFlagsAreTheSchema(t *testing.T) {
	names := map[string]bool{}
	for _, s := range core.Schema {
		names[s.Name] = true
	}
	fs := flag.NewFlagSet("book", flag.ContinueOnError)
	c := core.BookConfig()
	addFlags(fs, &c)
	n := 0
	fs.VisitAll(func(f *flag.Flag) {
		n++
		if !names[f.Name] {
			t.Errorf("flag -%s is no setting", f.Name)
		}
	})
	if n != len(core.Schema) {
		t.Errorf("%d flags for %d settings", n, len(core.Schema))
	}
	if err := fs.Parse([]string{"-learningRate", "0.5", "-optimizer", "adam", "-shuffle"}); err != nil || c.LearningRate != 0.5 || c.Optimizer != core.OptAdam || !c.Shuffle {
		t.Errorf("flags: %v, %+v", err, c)
	}
	if err := fs.Parse([]string{"-batchSize", "0"}); err == nil {
		t.Error("-batchSize 0 accepted")
	}
}

// TestEvaluateModelFiles: -model reads the book's pickled params and an
// .npz, and refuses a pickle that names another global.
func TestEvaluateModelFiles(t *testing.T) {
	for _, c := range []struct{ file, err string }{
		{"../../core/testdata/pkl/params-p3.pkl", ""},
		{"../../core/testdata/npz/f4.npz", ""},
		{"../../core/testdata/pkl/evil.pkl", "refuses the global posix.system"},
	} {
		err := evaluate(c.file, "")
		if (c.err == "" && err != nil) || (c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err))) {
			t.Errorf("%s: %v", c.file, err)
		}
	}
}
