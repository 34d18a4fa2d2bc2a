package i18n

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"scratchnet/core"
)

// TestCataloguesAgree fails when a key is missing from one catalogue or a
// text names other arguments than English's.
func TestCataloguesAgree(t *testing.T) {
	en := Catalogue("en")
	for _, lang := range Languages {
		c := Catalogue(lang)
		for k, v := range en {
			got, ok := c[k]
			if !ok {
				t.Errorf("%s.json lacks %q (en: %q)", lang, k, v)
				continue
			}
			a, b := Placeholders(v), Placeholders(got)
			slices.Sort(a)
			slices.Sort(b)
			if !slices.Equal(slices.Compact(a), slices.Compact(b)) {
				t.Errorf("%s.json %q names %v, en names %v", lang, k, b, a)
			}
			if lang != "en" && got == v && strings.ContainsAny(v, "abcdefghijklmnopqrstuvwxyz") && len(Placeholders(v)) < len(strings.Fields(v)) && !untranslated[k] {
				t.Errorf("%s.json %q is English: %q", lang, k, got)
			}
		}
		for k := range c {
			if _, ok := en[k]; !ok {
				t.Errorf("%s.json has %q, which en.json lacks", lang, k)
			}
		}
	}
}

// TestKoreanParticlesFollowTheirWord: in ko.json a particle whose form
// depends on the word before it (을/를, 으로/로, …) is never written fixed
// after a placeholder: "{loss}로" reads 14.3로 where Korean says 14.3으로.
// The catalogue writes {loss|으로/로} and Format picks the form.
func TestKoreanParticlesFollowTheirWord(t *testing.T) {
	fixed := regexp.MustCompile(`\{[A-Za-z0-9_]+\}(을|를|이|가|은|는|과|와|으로|로|이나|나|이라는|라는)([^\x{ac00}-\x{d7a3}]|$)`)
	for k, v := range Catalogue("ko") {
		for _, m := range fixed.FindAllString(v, -1) {
			t.Errorf("ko.json %q writes %q: the particle should follow the word ({name|을/를})", k, m)
		}
	}
}

// untranslated are the texts that are the same in every language: names
// and the book's Python.
var untranslated = map[string]bool{}

func init() {
	for _, s := range core.Schema {
		if book := Catalogue("en")["setting."+s.Name+".book"]; strings.Contains(book, "=") && !strings.Contains(book, "(") {
			untranslated["setting."+s.Name+".book"] = true // the book's Python, as it is
		}
	}
	// An option whose words are its own name (Adam, ReLU, Xavier) is a
	// name in every language.
	for _, s := range core.Schema {
		for _, o := range s.Options {
			if k := "option." + s.Name + "." + o; strings.EqualFold(Catalogue("en")[k], o) {
				untranslated[k] = true
			}
		}
	}
	for _, k := range []string{"setting.beta1.label", "setting.beta2.label", "error.detail"} {
		untranslated[k] = true
	}
}

// TestSchemaIsCatalogued: every setting of core.Schema has a label, help
// and the book's value in English, the source the other catalogues are
// tested against (TestCataloguesAgree), and every option a word.
func TestSchemaIsCatalogued(t *testing.T) {
	en := Catalogue("en")
	for _, s := range core.Schema {
		for _, part := range []string{"label", "help", "book"} {
			if k := "setting." + s.Name + "." + part; en[k] == "" {
				t.Errorf("en.json lacks %q", k)
			}
		}
		for _, o := range s.Options {
			if _, ok := en["option."+s.Name+"."+o]; !ok {
				t.Errorf("en.json lacks option.%s.%s", s.Name, o)
			}
		}
	}
}

// usedKeys finds the catalogue keys written out in the page's HTML and
// JavaScript and in the Go that makes messages.
func usedKeys(t *testing.T) map[string]string {
	keys := map[string]string{}
	scan := func(glob string, res ...*regexp.Regexp) {
		files, err := filepath.Glob(glob)
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: %v (%d files)", glob, err, len(files))
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, re := range res {
				for _, m := range re.FindAllStringSubmatch(string(b), -1) {
					if !strings.HasSuffix(m[1], ".js") { // a script's name (importScripts), not a key
						keys[m[1]] = f
					}
				}
			}
		}
	}
	key := `([a-z][A-Za-z0-9]*\.[A-Za-z0-9_.]+)`
	scan("../../web/index.html", regexp.MustCompile(`data-i18n(?:-label|-title)?="`+key+`"`))
	js := []*regexp.Regexp{
		regexp.MustCompile(`\bt\("` + key + `"`),
		regexp.MustCompile(`\bsay\([^,()]+(?:\([^)]*\))?,\s*"` + key + `"`),
		regexp.MustCompile(`[?:] "` + key + `"`),
		regexp.MustCompile(`key: "` + key + `"`),
		regexp.MustCompile(`\[\s*"` + key + `",`),
		regexp.MustCompile(`, "` + key + `"\]`),
		regexp.MustCompile(`, "` + key + `",`)}
	scan("../../web/*.js", js...)
	if panels, _ := filepath.Glob("../../web/panels/*.js"); len(panels) > 0 {
		scan("../../web/panels/*.js", js...)
	}
	scan("../../wasm/session/*.go", regexp.MustCompile(`i18n\.(?:M|Term)\("`+key+`"`), regexp.MustCompile(`try = "`+key+`"`))
	scan("../../wasm/*.go", regexp.MustCompile(`i18n\.M\("`+key+`"`))
	scan("../../wasm/api/*.go", regexp.MustCompile(`(?:i18n\.M|fail)\([^"]*"`+key+`"`))
	return keys
}

// TestShownKeysAreCatalogued fails when the page or the Go module uses a
// key that the catalogues lack.
func TestShownKeysAreCatalogued(t *testing.T) {
	used := usedKeys(t)
	if len(used) < 150 {
		t.Fatalf("found only %d keys in use: the scan is broken", len(used))
	}
	for k, f := range used {
		if strings.HasSuffix(k, ".") || strings.HasPrefix(k, "setting.") && strings.Count(k, ".") == 1 {
			continue
		}
		if _, ok := Catalogue("en")[k]; !ok {
			t.Errorf("%s uses %q, which en.json lacks", f, k)
		}
	}
	// Keys made at run time: field.type.<kind>, field.range.<lo>[.<hi>].
	for _, k := range []string{"field.type.int", "field.type.float", "field.type.bool", "field.range.gt", "field.range.ge",
		"field.range.gt.lt", "field.range.gt.le", "field.range.ge.lt", "field.range.ge.le"} {
		if _, ok := Catalogue("en")[k]; !ok {
			t.Errorf("en.json lacks %q", k)
		}
	}
}

func TestFormat(t *testing.T) {
	for _, tt := range []struct {
		lang string
		m    Message
		want string
	}{
		{"en", M("field.range.gt", "field", Term("setting.learningRate.label"), "min", 0.0, "got", -1.0), "Learning rate must be greater than 0 (got −1)."},
		{"ko", M("field.range.gt", "field", Term("setting.learningRate.label"), "min", 0.0, "got", -1.0), "학습률: 0보다 커야 합니다 (입력값 −1)."},
		{"ja", M("field.range.whole", "field", Term("setting.seed.label"), "min", 0.0, "max", 9007199254740991.0, "got", -3.0), "シードは 0 から 9,007,199,254,740,991 までの整数でなければなりません（入力値 −3）。"},
		{"xx", M("draw.empty"), "The canvas is empty: draw a digit first."},
		{"en", M("no.such.key"), "no.such.key"},
		// One in the singular (a ".one" twin), any other count in the plural.
		{"en", M("gc.why.blankPixel", "n", 1), "1 W1 weight whose pixel is blank in all three images"},
		{"en", M("gc.why.blankPixel", "n", 2), "2 W1 weights whose pixel is blank in all three images"},
		{"en", M("gc.why.blankPixel", "n", 0), "0 W1 weights whose pixel is blank in all three images"},
		{"ko", M("gc.why.blankPixel", "n", 1), "세 이미지 모두에서 픽셀이 빈 W1 가중치 1개"},
		{"ko", M("stop.stalled", "iteration", 2000, "window", 100, "loss", 14.3, "accuracy", Term("x"), "rate", 50.0, "try", 0.1),
			"신경망이 학습하지 못하고 있습니다: 반복 2,000번 뒤에도 최근 100번의 손실 함수 값 평균이 14.3으로, 찍는 것보다 낫지 않고(ln 10 ≈ 2.30) 훈련 정확도는 x로 우연 수준입니다. 학습률 50은 너무 커서 갱신이 최솟값을 지나칩니다. 0.1을 써 보세요."},
	} {
		if got := Format(tt.lang, tt.m); got != tt.want {
			t.Errorf("Format(%s, %v) = %q, want %q", tt.lang, tt.m, got, tt.want)
		}
	}
}

func ExampleFormat() {
	m := M("field.range.gt", "field", Term("setting.learningRate.label"), "min", 0.0, "got", -1.0)
	for _, lang := range Languages {
		fmt.Println(Format(lang, m))
	}
	// Output:
	// Learning rate must be greater than 0 (got −1).
	// 学習率は 0 より大きくなければなりません（入力値 −1）。
	// 학습률: 0보다 커야 합니다 (입력값 −1).
}

// placeholderRE is the pattern nextPlaceholder scans for, as a regexp:
// the reference TestPlaceholderScanner and FuzzPlaceholders check it
// against.
var placeholderRE = regexp.MustCompile(`\{([A-Za-z0-9_]+)(?:\|([^{}|/]+/[^{}|/]+))?\}`)

func scanAll(text string) [][]string {
	var out [][]string
	for at := 0; ; {
		start, end, name, pair := nextPlaceholder(text, at)
		if start < 0 {
			return out
		}
		out = append(out, []string{text[start:end], name, pair})
		at = end
	}
}

func regexpAll(text string) [][]string { return placeholderRE.FindAllStringSubmatch(text, -1) }

// TestPlaceholderScanner: the scanner finds what the regexp finds, in
// every catalogue text and in texts made to trip it.
func TestPlaceholderScanner(t *testing.T) {
	texts := []string{"", "{", "}", "{}", "{a}", "{a|b/c}", "{a|/c}", "{a|b/}", "{a|b/c/d}", "{a|b}", "{{a}}",
		"x {n} y {m|을/를} z", "{a b}", "{a|b/c}}", "{a|{b/c}", "{é}", "{n|이/가}{m}", "{a|b|c/d}", "{_1}", "{a|b/c"}
	for _, lang := range []string{"en", "ja", "ko"} {
		for _, text := range Catalogue(lang) {
			texts = append(texts, text)
		}
	}
	for _, text := range texts {
		sameAsRegexp(t, text)
	}
}

func sameAsRegexp(t *testing.T, text string) {
	t.Helper()
	got, want := scanAll(text), regexpAll(text)
	if !slices.EqualFunc(got, want, func(a, b []string) bool { return slices.Equal(a, b) }) {
		t.Fatalf("%q: scanner %q, regexp %q", text, got, want)
	}
}

func FuzzPlaceholders(f *testing.F) {
	for _, s := range []string{"{a}", "{a|b/c}", "x{n|을/를}y", "{a|b/c/d}", "{{a|b/c}}"} {
		f.Add(s)
	}
	f.Fuzz(sameAsRegexp)
}
