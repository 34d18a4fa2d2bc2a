package i18n

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Languages are the catalogues' languages, one for each file NAME.json
// here: English, the page's default and the source the others are tested
// against, first, then the rest by name. A WebAssembly build carries
// English only (embed_js.go).
var Languages []string

var catalogues = map[string]map[string]string{}

func init() {
	names, err := fs.Glob(files, "*.json")
	if err != nil {
		panic(err)
	}
	for _, name := range names {
		lang := strings.TrimSuffix(name, ".json")
		b, err := files.ReadFile(name)
		if err != nil {
			panic(err)
		}
		c := map[string]string{}
		if err := json.Unmarshal(b, &c); err != nil {
			panic(fmt.Sprintf("i18n: %s: %v", name, err))
		}
		catalogues[lang] = c
		Languages = append(Languages, lang)
	}
	slices.SortFunc(Languages, func(a, b string) int {
		if a == b {
			return 0
		}
		if a == "en" {
			return -1
		}
		if b == "en" {
			return 1
		}
		return strings.Compare(a, b)
	})
}

// Catalogue returns the language's texts by key (nil for an unknown
// language). The map is shared: do not change it.
func Catalogue(lang string) map[string]string { return catalogues[lang] }

// Term is an argument that is itself a catalogue key, such as a setting's
// label: it is worded in the message's language. It crosses to the page as
// {"t": key}.
type Term string

// MarshalJSON writes {"t": key}.
func (t Term) MarshalJSON() ([]byte, error) { return json.Marshal(map[string]string{"t": string(t)}) }

// Message is a sentence for a reader as data: a catalogue key and its
// arguments (numbers, strings and Terms). It is an error, worded in
// English, so code can return it as one.
type Message struct {
	Key  string         `json:"key"`
	Args map[string]any `json:"args,omitempty"`
}

// M returns the message key with arguments given as name, value pairs. It
// panics if pairs is odd or a name is not a string.
func M(key string, pairs ...any) Message {
	if len(pairs)%2 != 0 {
		panic("i18n.M: odd number of arguments")
	}
	m := Message{Key: key}
	if len(pairs) > 0 {
		m.Args = make(map[string]any, len(pairs)/2)
	}
	for i := 0; i < len(pairs); i += 2 {
		m.Args[pairs[i].(string)] = pairs[i+1]
	}
	return m
}

func (m Message) Error() string { return Format("en", m) }

// Is reports whether target is a Message with m's key and, like m, no
// arguments: so errors.Is finds a package's sentinel messages (a Message
// holds a map, so == cannot compare two).
func (m Message) Is(target error) bool {
	t, ok := target.(Message)
	return ok && t.Key == m.Key && len(t.Args) == 0 && len(m.Args) == 0
}

// A placeholder is {name}, or {name|을/를}: an argument and the Korean
// particle pair that follows it (see Josa). name is letters, digits and
// _; each side of the pair is anything but {, }, | and /, not empty.
// (A hand-written scanner, not a regexp: regexp would add a quarter of a
// megabyte to the page's WebAssembly for this one pattern;
// TestPlaceholderScanner checks it against the regexp.)

// nextPlaceholder finds the first placeholder in text at or after from:
// its start and end in text, its name and its particle pair ("" if none);
// start is −1 when there is none.
func nextPlaceholder(text string, from int) (start, end int, name, pair string) {
	for i := from; i < len(text); i++ {
		if text[i] != '{' {
			continue
		}
		j := i + 1
		for j < len(text) && isNameByte(text[j]) {
			j++
		}
		if j == i+1 || j == len(text) {
			continue
		}
		if text[j] == '}' {
			return i, j + 1, text[i+1 : j], ""
		}
		if text[j] != '|' {
			continue
		}
		k, slash := j+1, -1
		for k < len(text) && text[k] != '{' && text[k] != '}' && text[k] != '|' {
			if text[k] == '/' {
				if slash >= 0 {
					break
				}
				slash = k
			}
			k++
		}
		if k < len(text) && text[k] == '}' && slash > j+1 && slash < k-1 {
			return i, k + 1, text[i+1 : j], text[j+1 : k]
		}
	}
	return -1, -1, "", ""
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// Placeholders returns the argument names a text uses, in order.
func Placeholders(text string) []string {
	var names []string
	for at := 0; ; {
		start, end, name, _ := nextPlaceholder(text, at)
		if start < 0 {
			return names
		}
		names = append(names, name)
		at = end
	}
}

// Format words m in lang (English if lang has no catalogue). A key missing
// from the catalogue is shown as the key itself, so tests can find it.
func Format(lang string, m Message) string {
	c := catalogues[lang]
	if c == nil {
		c = catalogues["en"]
	}
	text, ok := c[m.Key]
	if !ok {
		return m.Key
	}
	// A key with a ".one" twin says one thing in the singular (English's
	// "1 parameter"); the page's t picks it the same way.
	if one, ok := c[m.Key+".one"]; ok && isOne(m.Args["n"]) {
		text = one
	}
	var b strings.Builder
	at := 0
	for {
		start, end, name, pair := nextPlaceholder(text, at)
		if start < 0 {
			b.WriteString(text[at:])
			return b.String()
		}
		b.WriteString(text[at:start])
		if v, ok := m.Args[name]; !ok {
			b.WriteString(text[start:end])
		} else {
			word := formatArg(lang, v)
			b.WriteString(word)
			if pair != "" {
				b.WriteString(Josa(word, pair))
			}
		}
		at = end
	}
}

func formatArg(lang string, v any) string {
	switch v := v.(type) {
	case Term:
		return Format(lang, Message{Key: string(v)})
	case Message:
		return Format(lang, v)
	case float64:
		return Number(v)
	case int:
		return Number(float64(v))
	case string:
		return v
	}
	return fmt.Sprint(v)
}

// Number writes x as the three languages write it: whole numbers grouped
// by thousands (60,000), others with up to six significant digits (0.1,
// 1e-7), a minus sign for negatives (−1).
func Number(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	sign := ""
	if x < 0 {
		sign, x = "−", -x
	}
	if x == math.Trunc(x) && x < 1e16 {
		s := strconv.FormatInt(int64(x), 10)
		for i := len(s) - 3; i > 0; i -= 3 {
			s = s[:i] + "," + s[i:]
		}
		return sign + s
	}
	s := strconv.FormatFloat(x, 'g', 6, 64)
	if strings.Contains(s, "e") {
		s = strconv.FormatFloat(x, 'g', -1, 64)
	}
	return sign + s
}

// isOne says whether a message's argument is the number 1.
func isOne(v any) bool {
	switch n := v.(type) {
	case int:
		return n == 1
	case int64:
		return n == 1
	case float64:
		return n == 1
	}
	return false
}
