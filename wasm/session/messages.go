package session

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"scratchnet/core"
)

// The session writes the sentences a reader sees; core's errors carry the
// data (which setting, which rule, which limit).

// label returns the setting's label with a capital letter.
func label(name string) string {
	s, ok := core.SettingByName(name)
	if !ok {
		return name
	}
	r, n := utf8.DecodeRuneInString(s.Label)
	return string(unicode.ToUpper(r)) + s.Label[n:]
}

// num formats a number as a reader writes it: 60000 → 60,000, 1e-07 stays.
func num(x float64) string {
	if x == math.Trunc(x) && math.Abs(x) < 1e16 {
		s := strconv.FormatInt(int64(math.Abs(x)), 10)
		for i := len(s) - 3; i > 0; i -= 3 {
			s = s[:i] + "," + s[i:]
		}
		if x < 0 {
			s = "−" + s
		}
		return s
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// given formats the refused value.
func given(v any) string {
	switch v := v.(type) {
	case nil:
		return "nothing"
	case float64:
		return num(v)
	case string:
		return strconv.Quote(v)
	}
	return fmt.Sprint(v)
}

// Describe words a refused setting for the page.
func Describe(fe *core.FieldError) string {
	s, _ := core.SettingByName(fe.Field)
	l := label(fe.Field)
	switch fe.Rule {
	case core.RuleType:
		if fe.Field == "config" {
			return fmt.Sprintf("The settings are not a JSON object of settings (%v).", fe.Value)
		}
		want := map[core.Kind]string{core.KindInt: "a whole number", core.KindFloat: "a number",
			core.KindBool: "true or false", core.KindChoice: "one of " + strings.Join(s.Options, ", ")}[s.Kind]
		return fmt.Sprintf("%s must be %s (got %s).", l, want, given(fe.Value))
	case core.RuleChoice:
		return fmt.Sprintf("%s must be one of %s (got %s).", l, strings.Join(s.Options, ", "), given(fe.Value))
	case core.RuleRange:
		var lo, hi string
		if fe.MinOpen() {
			lo = "greater than " + num(fe.Min)
		} else {
			lo = "at least " + num(fe.Min)
		}
		if fe.Max < 1e300 {
			if s.MaxOpen {
				hi = "less than " + num(fe.Max)
			} else {
				hi = "at most " + num(fe.Max)
			}
		}
		if s.Kind == core.KindInt && hi != "" && !s.MaxOpen && !fe.MinOpen() {
			return fmt.Sprintf("%s must be a whole number from %s to %s (got %s).", l, num(fe.Min), num(fe.Max), given(fe.Value))
		}
		if hi != "" {
			return fmt.Sprintf("%s must be %s and %s (got %s).", l, lo, hi, given(fe.Value))
		}
		return fmt.Sprintf("%s must be %s (got %s).", l, lo, given(fe.Value))
	case core.RuleUnknown:
		return fmt.Sprintf("There is no setting called %q.", fe.Field)
	case core.RuleNeeds:
		return fmt.Sprintf("%s must be more than 0 when %s is set, e.g. 0.1: it holds out the images %s watches.", l, strings.ToLower(label(fe.Other)), strings.ToLower(label(fe.Other)))
	case core.RuleConflict:
		if fe.Other == "tune" {
			return fmt.Sprintf("%s cannot change during a run: only the optimizer, learning rate, momentum and Adam's β can. Start a new run to change it.", l)
		}
		return "Dropout cannot be used with the numerical gradient: the numerical gradient differentiates the test-time loss, which has no dropout."
	case core.RuleNoData:
		return fmt.Sprintf("A validation share of %s of %s images leaves no images to train or to validate on.", given(fe.Value), num(fe.Max))
	case core.RuleMemory:
		return fmt.Sprintf("%s: this run would need about %s MB for the network, one mini-batch and the optimizer; this page allows %s MB. Use fewer hidden units or a smaller batch.",
			l, num(math.Ceil(fe.Value.(float64)/(1<<20))), num(fe.Max/(1<<20)))
	case core.RuleWork:
		return fmt.Sprintf("The numerical gradient at this size would score about %s images again for each step (over 10 s a step); this page allows %s. Use fewer hidden units or a smaller batch.",
			num(math.Round(fe.Value.(float64))), num(fe.Max))
	}
	return fe.Error()
}

// DescribeStop words why a run ended early.
func DescribeStop(err error, cfg core.Config) string {
	var d *core.DivergedError
	if errors.As(err, &d) {
		return fmt.Sprintf("The loss became %v at iteration %s, so training stopped; the weights from before that step are kept. The steps were too large: try a smaller learning rate (the book uses 0.1) or a smaller weight-init std.", d.Loss, num(float64(d.Iteration)))
	}
	var st *core.StalledError
	if errors.As(err, &st) {
		return fmt.Sprintf("The network is not learning: after %s iterations the loss is still %.2f, no better than guessing (ln 10 ≈ 2.30), and the training accuracy is %.3f, chance level. A learning rate of %s is too large here: the steps overshoot. Try %s.",
			num(float64(st.Iteration)), st.Loss, st.Accuracy, num(cfg.LearningRate), map[bool]string{true: "0.01 (the book's value for ReLU with He initialisation)", false: "0.1, the book's"}[cfg.Activation == core.ActReLU])
	}
	return err.Error()
}
