package core

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// TestSchemaDescribesConfig fails when Config and Schema drift apart: every
// JSON field of Config has exactly one setting, and every setting a field;
// every default is valid and BookConfig is made of them; the flags are the
// settings.
func TestSchemaDescribesConfig(t *testing.T) {
	fields := map[string]bool{}
	for f := range reflect.TypeFor[Config]().Fields() {
		fields[f.Tag.Get("json")] = true
	}
	names := map[string]bool{}
	for _, s := range Schema {
		if names[s.Name] {
			t.Errorf("setting %s listed twice", s.Name)
		}
		names[s.Name] = true
		if !fields[s.Name] {
			t.Errorf("setting %s is no field of Config", s.Name)
		}
		if _, fe := s.check(s.Default); fe != nil {
			t.Errorf("%s's default %v is refused: %v", s.Name, s.Default, fe)
		}
		b, err := json.Marshal(s)
		if err != nil {
			t.Errorf("%s: %v", s.Name, err)
		}
		if hasMax := bytes.Contains(b, []byte(`"max":`)); hasMax != s.Bounded() {
			t.Errorf("%s as JSON: %s (bounded: %v)", s.Name, b, s.Bounded())
		}
	}
	for f := range fields {
		if !names[f] {
			t.Errorf("Config field %s has no setting", f)
		}
	}
}

func TestMergeConfig(t *testing.T) {
	book := BookConfig()
	tests := []struct {
		json   string
		fields []string // refused, in order; none for success
	}{
		{`{}`, nil},
		{`{"learningRate": 0.5, "optimizer": "momentum"}`, nil},
		{`{"learningRate": -1, "batchSize": 0, "hidden": 0}`, []string{"learningRate", "batchSize", "hidden"}},
		{`{"seed": -3}`, []string{"seed"}},
		{`{"seed": 1.5}`, []string{"seed"}},
		{`{"learningRate": null}`, []string{"learningRate"}},
		{`{"learningRate": "0.1"}`, []string{"learningRate"}},
		{`{"learningRate": 1e400}`, []string{"learningRate"}},
		{`{"LearningRate": 0.1}`, []string{"LearningRate"}},
		{`{"hidden": 10, "hidden": 20}`, []string{"hidden"}},
		{`{"shuffle": 1}`, []string{"shuffle"}},
		{`{"patience": 3}`, []string{"validation"}},
		{`{"hidden": 4096, "batchSize": 60000}`, []string{"batchSize"}},
		{`[]`, []string{"config"}},
		{`{} {}`, []string{"config"}},
	}
	for _, tt := range tests {
		c, err := MergeConfig(book, []byte(tt.json), 60000)
		var got []string
		for _, fe := range FieldErrors(err) {
			got = append(got, fe.Field)
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.fields) {
			t.Errorf("MergeConfig(%s): refused %v (%v), want %v", tt.json, got, err, tt.fields)
		}
		if err != nil && c != book {
			t.Errorf("MergeConfig(%s) refused but changed the configuration", tt.json)
		}
	}
}

func ExampleMergeConfig() {
	c, err := MergeConfig(BookConfig(), []byte(`{"activation": "relu", "optimizer": "adam", "learningRate": 0.001}`), 60000)
	fmt.Println(c.Activation, c.Optimizer, c.LearningRate, c.BatchSize, err)
	_, err = MergeConfig(BookConfig(), []byte(`{"learningRate": -1, "batchSize": 0}`), 60000)
	for _, fe := range FieldErrors(err) {
		fmt.Println(fe.Field, fe.Rule, strings.TrimSpace(fmt.Sprint(fe.Min)))
	}
	// Output:
	// relu adam 0.001 100 <nil>
	// learningRate range 0
	// batchSize range 1
}
