import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as hangul from "es-hangul";
import { PAIRS, particle, spoken } from "../josa.js";
import { fill, useHangul } from "../i18n.js";

// The cases core/i18n's Go is tested on too: [word, pair, the form].
const fixture = JSON.parse(readFileSync(new URL("../../core/i18n/testdata/josa.json", import.meta.url)));

test("the shared fixture: the page picks what Go picks", () => {
  assert.ok(fixture.cases.length >= 30);
  for (const [word, pair, want] of fixture.cases) {
    assert.equal(particle(word, pair, hangul), want, `${word} + ${pair}`);
  }
});

test("names with and without a final consonant", () => {
  assert.equal(particle("신경망", "을/를", hangul), "을");
  assert.equal(particle("모델 파일", "을/를", hangul), "을");
  assert.equal(particle("시드", "을/를", hangul), "를");
  assert.equal(particle("학습률", "으로/로", hangul), "로"); // ㄹ takes 로
  assert.equal(particle("수치 미분", "으로/로", hangul), "으로");
  assert.equal(particle("오차역전파법", "이라는/라는", hangul), "이라는");
  assert.equal(particle("드롭아웃 비율", "과/와", hangul), "과");
  assert.equal(particle("배치 크기", "과/와", hangul), "와");
});

test("digits and numbers as they are read", () => {
  // 일 이 삼 사 오 육 칠 팔 구, 영; round numbers by their unit.
  const batchim = { 0: true, 1: true, 2: false, 3: true, 4: false, 5: false, 6: true, 7: true, 8: true, 9: false };
  for (const [d, b] of Object.entries(batchim)) assert.equal(particle(d, "이/가", hangul), b ? "이" : "가", d);
  assert.equal(particle("20", "을/를", hangul), "을"); // 이십
  assert.equal(particle("300", "을/를", hangul), "을"); // 삼백
  assert.equal(particle("5,000", "을/를", hangul), "을"); // 오천
  assert.equal(particle("0.3", "으로/로", hangul), "으로"); // 영 점 삼
  assert.equal(particle("0.1", "으로/로", hangul), "로"); // 영 점 일: ㄹ
  assert.equal(particle("100,000,000,000", "이/가", hangul), "이"); // 천억
  assert.equal(particle("1,000,000,000,000", "이/가", hangul), "가"); // 일조
});

test("Latin letters by their names, as es-hangul names them", () => {
  assert.equal(particle("NaN", "이/가", hangul), "이"); // 엔
  assert.equal(particle("Infinity", "이/가", hangul), "가"); // 와이
  assert.equal(particle("sgd", "으로/로", hangul), "로"); // 디
  assert.equal(particle("model.pkl", "으로/로", hangul), "로"); // 엘: ㄹ
  assert.equal(particle("ab", "을/를", hangul), "를"); // 비
  assert.equal(spoken("x"), "X");
});

test("what cannot be read gets both forms; an unknown pair is left alone", () => {
  for (const [pair, both] of Object.entries(PAIRS)) assert.equal(particle("★", pair, hangul), both);
  assert.equal(particle("", "을/를", hangul), "을(를)");
  assert.equal(particle("모델", "에/에서", hangul), "에/에서");
  assert.equal(spoken("“(”"), null);
});

test("fill writes the particle after the argument", () => {
  useHangul(hangul);
  assert.equal(fill("{name|을/를} 불러왔습니다. {n|으로/로} 나눕니다.", { name: "scratchnet.npz", n: 60000 }), "scratchnet.npz를 불러왔습니다. 60,000으로 나눕니다.");
  assert.equal(fill("{name|이라는/라는} 설정은 없습니다.", { name: "speed" }), "speed라는 설정은 없습니다.");
  assert.equal(fill("{missing|을/를} 그대로", {}), "{missing|을/를} 그대로");
  useHangul(null);
  assert.equal(fill("{name|을/를}", { name: "모델" }), "모델을(를)");
});
