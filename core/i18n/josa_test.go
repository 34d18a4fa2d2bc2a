package i18n

import (
	"encoding/json"
	"os"
	"testing"
)

// TestJosa reads testdata/josa.json, the cases the page's test reads too.
func TestJosa(t *testing.T) {
	b, err := os.ReadFile("testdata/josa.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct{ Cases [][3]string }
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Cases) < 30 {
		t.Fatalf("%d cases", len(f.Cases))
	}
	for _, c := range f.Cases {
		if got := Josa(c[0], c[1]); got != c[2] {
			t.Errorf("Josa(%q, %q) = %q, want %q", c[0], c[1], got, c[2])
		}
	}
}

// TestFormatPicksParticles: a Korean text's {name|을/를} is worded with the
// particle that fits the argument.
func TestFormatPicksParticles(t *testing.T) {
	catalogues["ko"]["test.josa"] = "{name|을/를} 불러왔습니다. 답 {digit|은/는} {n|으로/로} 나눕니다."
	defer delete(catalogues["ko"], "test.josa")
	for _, c := range []struct {
		args []any
		want string
	}{
		{[]any{"name", "공유된 신경망", "digit", "5(46.9%)", "n", 60000.0}, "공유된 신경망을 불러왔습니다. 답 5(46.9%)는 60,000으로 나눕니다."},
		{[]any{"name", "scratchnet.npz", "digit", "7(100.0%)", "n", 2.0}, "scratchnet.npz를 불러왔습니다. 답 7(100.0%)은 2로 나눕니다."},
		{[]any{"name", Term("share.friend"), "digit", "1", "n", 1.0}, Format("ko", Message{Key: "share.friend"}) + Josa(Format("ko", Message{Key: "share.friend"}), "을/를") + " 불러왔습니다. 답 1은 1로 나눕니다."},
	} {
		if got := Format("ko", M("test.josa", c.args...)); got != c.want {
			t.Errorf("got  %s\nwant %s", got, c.want)
		}
	}
	if got := Placeholders("{name|을/를} {n}"); len(got) != 2 || got[0] != "name" || got[1] != "n" {
		t.Errorf("Placeholders: %q", got)
	}
}
