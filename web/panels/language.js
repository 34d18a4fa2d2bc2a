// The language menu: one option per catalogue the site ships
// (i18n/index.json), each named in its own language; a switch words the
// page again, keeps the choice in the address, and points the book's
// links at the reader's edition.
import { $, make, replaceURL } from "../dom.js";
import { pageAddress, withParam } from "../settings.js";

// BOOK_REPOS: the book's code in each edition's repository; the original
// (Japanese) edition's for every language without its own. Both hold the
// same files at the same paths (ch04/train_neuralnet.py, common/functions.py).
const BOOK_REPOS = { ko: "WegraLee/deep-learning-from-scratch" };
const BOOK_REPO = "oreilly-japan/deep-learning-from-scratch";

// mount wires the menu. onSwitch() words the panels again after a switch;
// onChosen() is told when the reader chose on the menu.
export function mount({ words, onSwitch, onChosen }) {
  const { t, setLanguage, language, languages, languageName, loadLanguages, chooseLanguage } = words;
  const menu = $("lang");

  // bookLinks point each link at its file of the book's code (data-book:
  // ch04/train_neuralnet.py), in the reader's edition.
  function bookLinks() {
    const repo = BOOK_REPOS[language()] || BOOK_REPO;
    for (const a of document.querySelectorAll("a[data-book]")) {
      a.href = `https://github.com/${repo}/blob/master/${a.dataset.book}`;
      a.rel = "noopener";
    }
  }

  async function switchTo(l) {
    await setLanguage(l);
    document.title = t("title");
    menu.value = language();
    bookLinks();
    onSwitch();
  }

  menu.onchange = async (e) => {
    replaceURL(pageAddress(location.pathname, withParam(new URLSearchParams(location.search), "lang", e.target.value), location.hash));
    await switchTo(e.target.value);
    onChosen();
  };

  return {
    api: {
      // language(l) switches the page to l (en, ko or ja); missingKeys lists
      // the keys the page asked for that its catalogue lacks (tests read it).
      language: (l) => (l ? switchTo(l) : language()),
      missingKeys: words.missingKeys,
    },
    // start reads the site's languages, fills the menu and speaks the one
    // the address or the browser asks for.
    async start(params) {
      await loadLanguages();
      menu.replaceChildren(...languages().map((code) => make("option", { value: code, lang: code, textContent: languageName(code) })));
      await switchTo(chooseLanguage(params));
    },
  };
}
