package core

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
)

// Kind is the type of a setting's value.
type Kind string

const (
	KindInt    Kind = "int"    // a whole number
	KindFloat  Kind = "float"  // any finite number
	KindBool   Kind = "bool"   // true or false
	KindChoice Kind = "choice" // one of Options
)

// Setting describes one hyperparameter of Config: the command's flags, the
// session's validation, the page's form and the board's filters are all
// made from Settings.
type Setting struct {
	Name string `json:"name"` // Config's JSON name, the URL parameter, the flag and the catalogue keys
	Kind Kind   `json:"kind"`
	// Min and Max bound a number (Max is NoMax where nothing bounds it
	// above); MinOpen and MaxOpen exclude the bound itself (a learning
	// rate > 0, a dropout ratio < 1).
	Min     float64  `json:"min"`
	Max     float64  `json:"max"`
	MinOpen bool     `json:"minOpen,omitempty"`
	MaxOpen bool     `json:"maxOpen,omitempty"`
	Options []string `json:"options,omitempty"` // for KindChoice
	Default any      `json:"default"`           // BookConfig's value
	// Advanced settings are folded away on the page.
	Advanced bool `json:"advanced,omitempty"`
	// Tunable settings may change in the middle of a run (Trainer.Tune):
	// the optimizer's.
	Tunable bool `json:"tunable,omitempty"`
}

// NoMax is the Max of a setting that nothing bounds above.
var NoMax = math.Inf(1)

// Bounded reports whether Max bounds the setting above.
func (s Setting) Bounded() bool { return !math.IsInf(s.Max, 1) }

// MarshalJSON leaves out a Max of NoMax (JSON has no infinity).
func (s Setting) MarshalJSON() ([]byte, error) {
	type plain Setting
	v := struct {
		plain
		Max *float64 `json:"max,omitempty"`
	}{plain: plain(s)}
	if s.Bounded() {
		v.Max = &s.Max
	}
	return json.Marshal(v)
}

// Schema lists every setting of Config, in the order the page shows them.
// Its words (label, help, what the book sets) are in the catalogues, under
// setting.NAME.label, .help and .book.
var Schema = []Setting{
	{Name: "hidden", Kind: KindInt, Min: 1, Max: MaxHidden, Default: 50.0},
	{Name: "activation", Kind: KindChoice, Options: []string{string(ActSigmoid), string(ActReLU)}, Default: string(ActSigmoid)},
	{Name: "optimizer", Kind: KindChoice, Options: []string{string(OptSGD), string(OptMomentum), string(OptAdaGrad), string(OptRMSprop), string(OptAdam)},
		Default: string(OptSGD), Tunable: true},
	{Name: "learningRate", Kind: KindFloat, Min: 0, MinOpen: true, Max: NoMax, Default: 0.1, Tunable: true},
	{Name: "batchSize", Kind: KindInt, Min: 1, Max: MNISTTrain, Default: 100.0},
	{Name: "iterations", Kind: KindInt, Min: 1, Max: MaxIterations, Default: 10000.0},
	{Name: "momentum", Kind: KindFloat, Min: 0, Max: 1, MaxOpen: true, Default: 0.9, Tunable: true, Advanced: true},
	{Name: "beta1", Kind: KindFloat, Min: 0, Max: 1, MaxOpen: true, Default: 0.9, Tunable: true, Advanced: true},
	{Name: "beta2", Kind: KindFloat, Min: 0, Max: 1, MaxOpen: true, Default: 0.999, Tunable: true, Advanced: true},
	{Name: "decayRate", Kind: KindFloat, Min: 0, Max: 1, MaxOpen: true, Default: 0.99, Tunable: true, Advanced: true},
	{Name: "init", Kind: KindChoice, Options: []string{string(InitStd), string(InitXavier), string(InitHe)}, Default: string(InitStd), Advanced: true},
	{Name: "weightInitStd", Kind: KindFloat, Min: 0, MinOpen: true, Max: NoMax, Default: 0.01, Advanced: true},
	{Name: "seed", Kind: KindInt, Min: 0, Max: MaxSeed, Default: 1.0, Advanced: true},
	{Name: "weightDecay", Kind: KindFloat, Min: 0, Max: NoMax, Default: 0.0, Advanced: true},
	{Name: "dropout", Kind: KindFloat, Min: 0, Max: 1, MaxOpen: true, Default: 0.0, Advanced: true},
	{Name: "patience", Kind: KindInt, Min: 0, Max: MaxIterations, Default: 0.0, Advanced: true},
	{Name: "validation", Kind: KindFloat, Min: 0, Max: 1, MaxOpen: true, Default: 0.0, Advanced: true},
	{Name: "trainSize", Kind: KindInt, Min: 0, Max: MNISTTrain, Default: 0.0, Advanced: true},
	{Name: "shuffle", Kind: KindBool, Default: false, Advanced: true},
	{Name: "gradient", Kind: KindChoice, Options: []string{string(GradBackprop), string(GradNumerical)}, Default: string(GradBackprop), Advanced: true},
}

// BookFigure is a final accuracy the book prints for one of its runs.
type BookFigure struct {
	Train float64 `json:"train"`
	Test  float64 `json:"test"`
}

// BookFigures are the book's final accuracies after 10,000 iterations of
// its run: chapter 4's sigmoid net and chapter 5's ReLU net.
var BookFigures = map[Activation]BookFigure{
	ActSigmoid: {Train: 0.94705, Test: 0.9465},
	ActReLU:    {Train: 0.97787, Test: 0.9690},
}

// SettingByName returns the setting called name.
func SettingByName(name string) (Setting, bool) {
	for _, s := range Schema {
		if s.Name == name {
			return s, true
		}
	}
	return Setting{}, false
}

// configField returns c's field for the JSON name, or an invalid Value.
func configField(c *Config, name string) reflect.Value {
	v := reflect.ValueOf(c).Elem()
	for i := range v.NumField() {
		if tag := v.Type().Field(i).Tag.Get("json"); tag == name {
			return v.Field(i)
		}
	}
	return reflect.Value{}
}

// Get returns the setting's value in c as a float64, bool or string.
func (s Setting) Get(c *Config) any {
	f := configField(c, s.Name)
	switch f.Kind() {
	case reflect.Int:
		return float64(f.Int())
	case reflect.Uint64:
		return float64(f.Uint())
	case reflect.Float64:
		return f.Float()
	case reflect.Bool:
		return f.Bool()
	}
	return f.String()
}

// Rule names what a refused value breaks.
type Rule string

const (
	RuleType     Rule = "type"     // not a number, a whole number, true/false or text as the kind wants
	RuleRange    Rule = "range"    // outside [Min, Max] (open where the setting says)
	RuleChoice   Rule = "choice"   // not one of the options
	RuleUnknown  Rule = "unknown"  // no such setting
	RuleNeeds    Rule = "needs"    // needs Other to be set (patience needs validation)
	RuleConflict Rule = "conflict" // cannot go with Other's value (numerical with dropout)
	RuleNoData   Rule = "nodata"   // leaves no training or validation images
	RuleMemory   Rule = "memory"   // the run would need Value bytes, more than Max
	RuleWork     Rule = "work"     // a numerical step would score Value images again, more than Max
	// RuleNotTunable refuses a change of a setting that is not Tunable
	// in the middle of a run.
	RuleNotTunable Rule = "notTunable"
)

// FieldError is a refused setting. It carries data, not sentences: the
// session and the page word it, in the reader's language.
type FieldError struct {
	Field string  `json:"field"` // the setting's JSON name
	Rule  Rule    `json:"rule"`
	Value any     `json:"value,omitempty"` // what was given (or, for memory and work, what the run needs)
	Min   float64 `json:"min"`             // the range allowed, for RuleRange
	Max   float64 `json:"max"`             // the range's top (NoMax: none), or the limit for memory and work
	Other string  `json:"other,omitempty"` // the other setting, for needs and conflict
}

// MarshalJSON leaves out a Max of NoMax (JSON has no infinity).
func (e *FieldError) MarshalJSON() ([]byte, error) {
	type plain FieldError
	v := struct {
		*plain
		Max *float64 `json:"max,omitempty"`
	}{plain: (*plain)(e)}
	if !math.IsInf(e.Max, 0) {
		v.Max = &e.Max
	}
	return json.Marshal(v)
}

// MinOpen reports whether the range excludes Min (the setting's MinOpen).
func (e *FieldError) MinOpen() bool {
	s, _ := SettingByName(e.Field)
	return s.MinOpen && e.Min == s.Min
}

func (e *FieldError) Error() string {
	switch e.Rule {
	case RuleRange:
		return fmt.Sprintf("%s: %v outside [%v, %v]", e.Field, e.Value, e.Min, e.Max)
	case RuleNeeds, RuleConflict:
		return fmt.Sprintf("%s: %s (%v) %s %s", e.Field, e.Rule, e.Value, "with", e.Other)
	}
	return fmt.Sprintf("%s: %s (%v, limit %v)", e.Field, e.Rule, e.Value, e.Max)
}

// FieldErrors returns the *FieldErrors inside err (one, or joined).
func FieldErrors(err error) []*FieldError {
	var out []*FieldError
	var walk func(error)
	walk = func(e error) {
		var fe *FieldError
		if errors.As(e, &fe) && e == error(fe) {
			out = append(out, fe)
			return
		}
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
		}
	}
	walk(err)
	return out
}

// check checks one value against the setting's kind and range and returns
// it converted for its Config field.
func (s Setting) check(v any) (any, *FieldError) {
	bad := func(r Rule) (any, *FieldError) {
		return nil, &FieldError{Field: s.Name, Rule: r, Value: v, Min: s.Min, Max: s.Max}
	}
	switch s.Kind {
	case KindBool:
		if b, ok := v.(bool); ok {
			return b, nil
		}
		return bad(RuleType)
	case KindChoice:
		str, ok := v.(string)
		if !ok {
			return bad(RuleType)
		}
		for _, o := range s.Options {
			if o == str {
				return str, nil
			}
		}
		return bad(RuleChoice)
	}
	x, ok := v.(float64)
	if !ok || math.IsNaN(x) || math.IsInf(x, 0) || (s.Kind == KindInt && x != math.Trunc(x)) {
		return bad(RuleType)
	}
	if x < s.Min || x > s.Max || (s.MinOpen && x == s.Min) || (s.MaxOpen && x == s.Max) {
		return bad(RuleRange)
	}
	return x, nil
}

// set stores a checked value in c.
func (s Setting) set(c *Config, v any) {
	f := configField(c, s.Name)
	switch f.Kind() {
	case reflect.Int:
		f.SetInt(int64(v.(float64)))
	case reflect.Uint64:
		f.SetUint(uint64(v.(float64)))
	case reflect.Float64:
		f.SetFloat(v.(float64))
	case reflect.Bool:
		f.SetBool(v.(bool))
	default:
		f.SetString(v.(string))
	}
}

// Set checks v (a float64, bool or string) and stores it in c; a refused
// value is a *FieldError and leaves c as it was.
func (s Setting) Set(c *Config, v any) error {
	x, fe := s.check(v)
	if fe != nil {
		return fe
	}
	s.set(c, x)
	return nil
}

// Parse reads a setting's value from text (a flag or a URL parameter) and
// stores it in c.
func (s Setting) Parse(c *Config, text string) error {
	var v any = text
	switch s.Kind {
	case KindBool:
		b, err := strconv.ParseBool(text)
		if err != nil {
			return &FieldError{Field: s.Name, Rule: RuleType, Value: text}
		}
		v = b
	case KindInt, KindFloat:
		x, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return &FieldError{Field: s.Name, Rule: RuleType, Value: text}
		}
		v = x
	}
	return s.Set(c, v)
}

// MergeConfig returns base with the settings of data, a JSON object of
// setting names and values, applied; then it validates the result for a
// training set of trainN images. Every refused setting is reported (as
// joined *FieldErrors); on any, base is returned unchanged.
func MergeConfig(base Config, data []byte, trainN int) (Config, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return base, &FieldError{Field: "config", Rule: RuleType, Value: "not a JSON object"}
	}
	c := base
	var errs []error
	seen := map[string]bool{}
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return base, &FieldError{Field: "config", Rule: RuleType, Value: err.Error()}
		}
		key := kt.(string)
		var raw any
		if err := dec.Decode(&raw); err != nil {
			return base, &FieldError{Field: "config", Rule: RuleType, Value: err.Error()}
		}
		s, ok := SettingByName(key)
		if !ok || seen[key] {
			errs = append(errs, &FieldError{Field: key, Rule: RuleUnknown, Value: raw})
			continue
		}
		seen[key] = true
		if n, isNum := raw.(json.Number); isNum {
			x, err := n.Float64()
			if err != nil {
				x = math.Inf(1)
			}
			raw = x
		}
		if err := s.Set(&c, raw); err != nil {
			errs = append(errs, err)
		}
	}
	if _, err := dec.Token(); err != nil {
		return base, &FieldError{Field: "config", Rule: RuleType, Value: err.Error()}
	}
	if _, err := dec.Token(); err == nil {
		return base, &FieldError{Field: "config", Rule: RuleType, Value: "something follows the JSON object"}
	}
	if len(errs) > 0 {
		return base, errors.Join(errs...)
	}
	if err := c.Validate(trainN); err != nil {
		return base, err
	}
	return c, nil
}
