// Korean particles chosen from the word before them, as core/i18n's
// josa.go does: a catalogue writes {name|을/를} and the page picks 을 or 를
// by how a Korean reader reads the word aloud. es-hangul's josa does the
// picking (it knows the pairs, and 로 after ㄹ); this module first turns
// what es-hangul cannot read into Hangul it can: a number's last digit
// (일, 이, 삼 …) or round unit (십, 백, 천, 만, 억, 조), a percent sign
// (퍼센트), a Latin letter's name (es-hangul's own names: 엘, 엠, 엔 …),
// skipping closing quotes, brackets and a parenthetical after the word.
// Tests in test/josa.test.js, on core/i18n/testdata/josa.json.

// PAIRS are the pairs a catalogue may write, and what is written when the
// word cannot be read: both forms, as Korean prints them.
export const PAIRS = {
  "을/를": "을(를)", "은/는": "은(는)", "이/가": "이(가)", "과/와": "과(와)",
  "으로/로": "(으)로", "이나/나": "(이)나", "이라는/라는": "(이)라는", "이에요/예요": "이에요(예요)", "이다/다": "(이)다",
};

const DIGITS = "영일이삼사오육칠팔구";
// UNITS[k] is how a whole number ending in k zeros is read at its end:
// 10 십, 100 백, 1,000 천; then the myriads 만 (10⁴–10⁷), 억, 조.
const UNITS = ["", "십", "백", "천", "만", "만", "만", "만", "억", "억", "억", "억", "조"];
const CLOSING = "”’\"'」』》〉]）) ";

// spoken is the end of word as it is read aloud: a Hangul syllable, an
// uppercase Latin letter (for es-hangul to name), or null when it cannot
// tell (a symbol, nothing).
export function spoken(word) {
  let w = Array.from(String(word).trim());
  const n = w.length;
  // A parenthetical after the word is not read with it: 답 5(46.9%).
  if (n > 0 && (w[n - 1] === ")" || w[n - 1] === "）")) {
    const i = Math.max(w.lastIndexOf("("), w.lastIndexOf("（"));
    if (i > 0) w = w.slice(0, i);
  }
  while (w.length > 0 && CLOSING.includes(w[w.length - 1])) w.pop();
  if (w.length === 0) return null;
  const r = w[w.length - 1];
  const code = r.codePointAt(0);
  if (code >= 0xac00 && code <= 0xd7a3) return r;
  if (r >= "0" && r <= "9") return numberEnd(w);
  if (r === "%") return "트"; // 퍼센트
  if (/^[A-Za-z]$/.test(r)) return r.toUpperCase();
  return null;
}

// numberEnd reads the digits at the end of w: a whole number's trailing
// zeros as its unit (and zero itself as 영), else its last digit.
function numberEnd(w) {
  let i = w.length;
  while (i > 0 && ((w[i - 1] >= "0" && w[i - 1] <= "9") || w[i - 1] === ",")) i--;
  const digits = w.slice(i).join("").replaceAll(",", "");
  const decimal = i > 0 && w[i - 1] === ".";
  const last = Number(digits[digits.length - 1]);
  if (decimal || last !== 0) return DIGITS[last];
  const trimmed = digits.replace(/^0+/, "");
  if (trimmed === "") return DIGITS[0];
  const zeros = trimmed.length - trimmed.replace(/0+$/, "").length;
  return UNITS[Math.min(zeros, 12)];
}

// particle is the form of pair ("을/를", …) that follows word, picked by
// hangul (es-hangul's module: josa and josa.pick); for a word it cannot
// read, both forms. An unknown pair is returned as it is.
export function particle(word, pair, hangul) {
  if (!(pair in PAIRS)) return pair;
  const end = spoken(word);
  if (end === null || !hangul) return PAIRS[pair];
  // A Latin letter: es-hangul names uppercase letters (L 엘, M 엠, X 엑스).
  if (/^[A-Z]$/.test(end)) return hangul.josa(end, pair).slice(1);
  return hangul.josa.pick(end, pair);
}
