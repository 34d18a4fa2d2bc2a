package i18n

import (
	"strings"
	"unicode"
)

// Korean particles change with the word before them: 을 after a final
// consonant (batchim), 를 after a vowel, and so on. A catalogue writes a
// placeholder with its particle pair, {name|을/를}, and Format picks the
// form that fits the argument as a Korean reader reads it aloud: a Hangul
// word by its last syllable, a number by its last digit's reading (일, 이,
// 삼 …; round tens, hundreds, thousands as 십, 백, 천, 만), a Latin letter by
// its name (엘, 엠, 엔, 알 end in a consonant), ignoring closing quotes,
// brackets and a parenthetical after the word. The page's i18n.js follows
// the same rule; testdata/josa.json holds the cases both are tested on.

// particlePairs are the pairs a catalogue may write: the form after a
// final consonant, the form after a vowel, and both as Korean writes them
// when the word cannot be read.
var particlePairs = map[string][3]string{
	"을/를": {"을", "를", "을(를)"}, "은/는": {"은", "는", "은(는)"}, "이/가": {"이", "가", "이(가)"},
	"과/와": {"과", "와", "과(와)"}, "으로/로": {"으로", "로", "(으)로"}, "이나/나": {"이나", "나", "(이)나"},
	"이라는/라는": {"이라는", "라는", "(이)라는"}, "이에요/예요": {"이에요", "예요", "이에요(예요)"}, "이다/다": {"이다", "다", "(이)다"},
}

// digitFinal is the final consonant of each digit's Sino-Korean reading,
// 0 for none: 영 일 이 삼 사 오 육 칠 팔 구.
var digitFinal = [10]int{21, 8, 0, 16, 0, 0, 1, 8, 8, 0}

// Final consonant indices (Unicode's jongseong order) that matter here.
const (
	finalNone   = 0
	finalRieul  = 8 // ㄹ: 으로/로 takes 로 after it
	finalUnread = -1
)

// finalOf returns the final consonant of word's reading: 0 for none, the
// jongseong index (1–27) for one, finalUnread when it cannot tell.
func finalOf(word string) int {
	w := []rune(strings.TrimSpace(word))
	// A parenthetical after the word is not read with it: 답 5(46.9%).
	if n := len(w); n > 0 && (w[n-1] == ')' || w[n-1] == '）') {
		if i := lastIndex(w, '(', '（'); i > 0 {
			w = w[:i]
		}
	}
	for len(w) > 0 && strings.ContainsRune("”’\"'」』》〉]）) ", w[len(w)-1]) {
		w = w[:len(w)-1]
	}
	if len(w) == 0 {
		return finalUnread
	}
	r := w[len(w)-1]
	switch {
	case r >= 0xAC00 && r <= 0xD7A3:
		return int(r-0xAC00) % 28
	case r >= '0' && r <= '9':
		return numberFinal(w)
	case r == '%':
		return finalNone // 퍼센트
	case r < unicode.MaxASCII && unicode.IsLetter(r):
		switch unicode.ToLower(r) {
		case 'l', 'r':
			return finalRieul // 엘, 알
		case 'm':
			return 16 // 엠
		case 'n':
			return 4 // 엔
		}
		return finalNone
	}
	return finalUnread
}

// numberFinal reads the digits at the end of w: a whole number's trailing
// zeros make 십, 백, 천, 만, 억 or 조 (and zero itself is 영); otherwise
// the last digit is read.
func numberFinal(w []rune) int {
	i := len(w)
	for i > 0 && (w[i-1] >= '0' && w[i-1] <= '9' || w[i-1] == ',') {
		i--
	}
	digits := strings.ReplaceAll(string(w[i:]), ",", "")
	decimal := i > 0 && w[i-1] == '.'
	last := digits[len(digits)-1] - '0'
	if decimal || last != 0 {
		return digitFinal[last]
	}
	trimmed := strings.TrimLeft(digits, "0")
	if trimmed == "" {
		return digitFinal[0] // 영
	}
	zeros := len(trimmed) - len(strings.TrimRight(trimmed, "0"))
	// 10 십, 100 백, 1,000 천; from 10,000 on the reading ends with the
	// myriad: 만 (20,000 이만, 300,000 삼십만), 억, 조.
	return [...]int{0, 17, 1, 4, 4, 4, 4, 4, 1, 1, 1, 1, 0}[min(zeros, 12)]
}

func lastIndex(w []rune, rs ...rune) int {
	for i := len(w) - 1; i >= 0; i-- {
		for _, r := range rs {
			if w[i] == r {
				return i
			}
		}
	}
	return -1
}

// Josa returns the form of the particle pair ("을/를", …) that follows
// word; for a word whose reading it cannot tell, both, as "을(를)" or
// "(으)로". An unknown pair is returned as it is.
func Josa(word, pair string) string {
	p, ok := particlePairs[pair]
	if !ok {
		return pair
	}
	switch f := finalOf(word); {
	case f == finalUnread:
		return p[2]
	case f == finalNone, pair == "으로/로" && f == finalRieul:
		return p[1]
	}
	return p[0]
}
