package session

import (
	"errors"
	"math"
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
		if fe.Max >= 1e300 {
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
		if fe.Other == "tune" {
			return i18n.M("field.notTunable", "field", f)
		}
		return i18n.M("field.dropoutNumerical")
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
		return i18n.M("stop.stalled", "iteration", float64(st.Iteration), "loss", math.Round(st.Loss*100)/100,
			"accuracy", math.Round(st.Accuracy*1000)/1000, "rate", cfg.LearningRate, "try", try)
	}
	return i18n.M("error.detail", "detail", err.Error())
}
