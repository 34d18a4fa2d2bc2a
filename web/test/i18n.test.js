import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { DEFAULT, chooseLanguage, fixed, languageName, num, setLanguage, t, tm, usableLanguages } from "../i18n.js";

test("num writes numbers as English does until a language is set", () => {
  assert.equal(num(60000), "60,000");
  assert.equal(num(-1), "−1");
  assert.equal(num(0.123456789), "0.123457");
  // Tiny and huge numbers in e-notation; the first minus sign becomes −.
  assert.equal(num(1e-7), "1e−7");
  assert.equal(num(-2e21), "−2e+21");
  assert.equal(num("x"), "x");
  assert.equal(fixed(0.5, 4), "0.5000");
});

test("t falls back to the key and fills arguments", () => {
  assert.equal(t("no.such.key"), "no.such.key");
  assert.equal(tm({ key: "no.such.key", args: {} }), "no.such.key");
  assert.equal(tm(new Error("plain")), "plain");
});

test("the language list always holds English", () => {
  assert.deepEqual(usableLanguages(["en", "ja", "ko"]), ["en", "ja", "ko"]);
  assert.deepEqual(usableLanguages(["ko", "ko", 3, "../x", "pt-BR"]), [DEFAULT, "ko", "pt-BR"]);
  assert.deepEqual(usableLanguages(null), [DEFAULT]);
});

test("chooseLanguage takes ?lang=, then the browser's, then English", () => {
  const list = ["en", "ja", "ko"];
  assert.equal(chooseLanguage(new URLSearchParams("lang=ko"), ["ja"], list), "ko");
  assert.equal(chooseLanguage(new URLSearchParams("lang=xx"), ["fr-FR", "ja-JP"], list), "ja");
  assert.equal(chooseLanguage(new URLSearchParams(""), ["fr"], list), "en");
});

test("each language is named in itself", () => {
  assert.equal(languageName("en"), "English");
  assert.equal(languageName("ja"), "日本語");
  assert.equal(languageName("ko"), "한국어");
});

test("t says one thing in the singular where the catalogue has a .one twin", async () => {
  const en = JSON.parse(readFileSync(new URL("../../core/i18n/en.json", import.meta.url)));
  const realFetch = globalThis.fetch;
  globalThis.fetch = async () => ({ ok: true, json: async () => en });
  globalThis.document = { documentElement: {}, querySelectorAll: () => [] };
  try {
    await setLanguage("en");
    assert.equal(t("gc.why.blankPixel", { n: 1 }), "1 W1 weight whose pixel is blank in all three images");
    assert.equal(t("gc.why.blankPixel", { n: 2 }), "2 W1 weights whose pixel is blank in all three images");
    assert.equal(t("gc.why.other", { n: 1 }), "1 for other reasons");
  } finally {
    globalThis.fetch = realFetch;
    delete globalThis.document;
  }
});
