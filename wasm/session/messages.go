package session

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"

	"scratchnet/core"
	"scratchnet/core/i18n"
)

// The session says what went wrong as i18n.Messages (a catalogue key and
// its arguments); the page words them in the reader's language and the
// command line in English (Message.Error). core's errors carry the data:
// which setting, which rule, which limit.

// fieldTerm is the catalogue key of a setting's label.
func fieldTerm(name string) i18n.Term { return i18n.Term("setting." + name + ".label") }

// given is the refused value as an argument: a number, a quoted string, or
// "nothing".
func given(v any) any {
	switch v := v.(type) {
	case nil:
		return i18n.Term("value.nothing")
	case float64:
		return v
	case string:
		return strconv.Quote(v)
	case bool:
		return strconv.FormatBool(v)
	}
	return v
}

// Describe says why a setting was refused.
func Describe(fe *core.FieldError) i18n.Message {
	s, _ := core.SettingByName(fe.Field)
	f := fieldTerm(fe.Field)
	got := given(fe.Value)
	switch fe.Rule {
	case core.RuleType:
		switch {
		case fe.Field == "config":
			return i18n.M("config.notObject", "detail", got)
		case s.Kind == core.KindChoice:
			return i18n.M("field.choice", "field", f, "options", strings.Join(s.Options, ", "), "got", got)
		}
		return i18n.M("field.type."+string(s.Kind), "field", f, "got", got)
	case core.RuleChoice:
		return i18n.M("field.choice", "field", f, "options", strings.Join(s.Options, ", "), "got", got)
	case core.RuleRange:
		lo := map[bool]string{true: "gt", false: "ge"}[fe.MinOpen()]
		if math.IsInf(fe.Max, 1) {
			return i18n.M("field.range."+lo, "field", f, "min", fe.Min, "got", got)
		}
		hi := map[bool]string{true: "lt", false: "le"}[s.MaxOpen]
		if s.Kind == core.KindInt && lo == "ge" && hi == "le" {
			return i18n.M("field.range.whole", "field", f, "min", fe.Min, "max", fe.Max, "got", got)
		}
		return i18n.M("field.range."+lo+"."+hi, "field", f, "min", fe.Min, "max", fe.Max, "got", got)
	case core.RuleUnknown:
		return i18n.M("field.unknown", "name", strconv.Quote(fe.Field))
	case core.RuleNeeds:
		return i18n.M("field.needs", "field", f, "other", fieldTerm(fe.Other))
	case core.RuleConflict:
		return i18n.M("field.dropoutNumerical")
	case core.RuleNotTunable:
		return i18n.M("field.notTunable", "field", f)
	case core.RuleNoData:
		return i18n.M("field.noData", "got", got, "n", fe.Max)
	case core.RuleMemory:
		return i18n.M("field.memory", "field", f, "need", math.Ceil(fe.Value.(float64)/(1<<20)), "max", fe.Max/(1<<20))
	case core.RuleWork:
		return i18n.M("field.work", "need", math.Round(fe.Value.(float64)), "max", fe.Max)
	}
	return i18n.M("error.detail", "detail", fe.Error())
}

// DescribeStop says why a run ended early.
func DescribeStop(err error, cfg core.Config) i18n.Message {
	var d *core.DivergedError
	if errors.As(err, &d) {
		return i18n.M("stop.diverged", "loss", strconv.FormatFloat(d.Loss, 'g', -1, 64), "iteration", float64(d.Iteration))
	}
	var st *core.StalledError
	if errors.As(err, &st) {
		try := i18n.Term("stop.stalled.trySigmoid")
		if cfg.Activation == core.ActReLU {
			try = "stop.stalled.tryReLU"
		}
		return i18n.M("stop.stalled", "iteration", float64(st.Iteration), "window", float64(st.Window), "loss", math.Round(st.Loss*100)/100,
			"accuracy", math.Round(st.Accuracy*1000)/1000, "rate", cfg.LearningRate, "try", try)
	}
	return i18n.M("error.detail", "detail", err.Error())
}

// ConfigError is a refused configuration: each refused setting's data and
// a message for it, and the message in English.
type ConfigError struct {
	Errors   []*core.FieldError      `json:"errors"`
	Messages map[string]i18n.Message `json:"messages"` // setting name → message
	Fields   map[string]string       `json:"fields"`   // setting name → English sentence
}

func (e *ConfigError) Error() string {
	msgs := make([]string, 0, len(e.Errors))
	for _, fe := range e.Errors {
		msgs = append(msgs, e.Fields[fe.Field])
	}
	return strings.Join(slices.Compact(msgs), " ")
}

// configError turns core's refusal into a *ConfigError with sentences
// (the first refusal of each field).
func configError(err error) error {
	fes := core.FieldErrors(err)
	if len(fes) == 0 {
		return err
	}
	ce := &ConfigError{Fields: map[string]string{}, Messages: map[string]i18n.Message{}}
	for _, fe := range fes {
		if _, dup := ce.Fields[fe.Field]; !dup {
			m := Describe(fe)
			ce.Errors = append(ce.Errors, fe)
			ce.Messages[fe.Field] = m
			ce.Fields[fe.Field] = m.Error()
		}
	}
	return ce
}

// ModelSettingsError is a model file whose settings are refused; Err says
// which (a *ConfigError, or another error).
type ModelSettingsError struct{ Err error }

func (e *ModelSettingsError) Error() string {
	return i18n.Format("en", e.Message())
}

func (e *ModelSettingsError) Unwrap() error { return e.Err }

// Message says that the file's settings are refused, and why.
func (e *ModelSettingsError) Message() i18n.Message {
	var ce *ConfigError
	if errors.As(e.Err, &ce) && len(ce.Errors) > 0 {
		return i18n.M("model.settings", "detail", ce.Messages[ce.Errors[0].Field])
	}
	return i18n.M("model.settings", "detail", e.Err.Error())
}
