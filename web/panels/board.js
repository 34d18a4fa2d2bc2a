// The readers' board (where the server's API answers): published networks
// ranked by the accuracy the server measured, filtered by settings (the
// filters made from the schema), each loadable or trainable again.
import { boardFilters, rank, summaryArgs } from "../boardview.js";
import { $, make } from "../dom.js";
import * as Share from "../share.js";

// mount wires the panel. loadShared(id, name) loads an entry's network;
// trainWith(settings) makes its settings the run's; confirmDiscard(near)
// resolves whether a click may replace the run now (it asks, just after
// near, when that run is not kept).
export function mount({ words, ready, loadShared, trainWith, confirmDiscard }) {
  const { t, say, sayMsg, fixed, num, translateStatic } = words;
  const filters = $("board-filters");
  const body = $("board-table").tBodies[0];
  let lastBoard = null; // the board page shown

  // buildFilters makes a select (with "any") per choice and a number
  // field per count, labelled with the setting's name.
  function buildFilters(settings) {
    filters.replaceChildren(
      ...boardFilters(settings).map((f) => {
        const label = make("span");
        label.dataset.i18n = `setting.${f.name}.label`;
        let field;
        if (f.options) {
          field = make("select", { name: f.name });
          const any = new Option("", "");
          any.dataset.i18n = "board.any";
          field.add(any);
          for (const o of f.options) {
            const opt = new Option("", o);
            opt.dataset.i18n = `option.${f.name}.${o}`;
            field.add(opt);
          }
          return make("label", {}, label, " ", field);
        }
        field = make("input", { name: f.name, type: "number", min: String(f.min), step: "1" });
        if (f.max !== undefined) field.max = String(f.max);
        return make("label", {}, label, " ", field);
      }),
    );
    translateStatic(filters);
  }

  // show fetches and shows a page of the board with the filters set.
  async function show(page) {
    const f = Object.fromEntries(new FormData(filters));
    try {
      const b = await Share.board(f, page);
      draw(b);
      return b;
    } catch (err) {
      $("board-msg").className = "error";
      sayMsg($("board-msg"), err);
      throw err;
    }
  }

  // draw fills the table; names are text, never markup.
  function draw(b) {
    lastBoard = b;
    body.replaceChildren();
    b.runs.forEach((e, i) => {
      const tr = make("tr");
      const cell = (text) => {
        const td = make("td", { textContent: text });
        tr.append(td);
        return td;
      };
      cell(num(rank(b.page, i)));
      cell(e.name).className = "name";
      cell(fixed(e.accuracy, 4)).title = t("board.measured", { correct: e.correct, total: e.total });
      cell(t("board.summary", summaryArgs(e)));
      const load = make("button", { textContent: t("board.load") });
      const mayReplace = () => confirmDiscard($("board-table").closest("figure"));
      load.onclick = async () => (await mayReplace()) && loadShared(e.model, e.name).catch(() => {});
      const train = make("button", { textContent: t("board.train") });
      train.onclick = async () => (await mayReplace()) && api.trainWith(e.settings).catch(() => {});
      const actions = cell("");
      actions.className = "actions";
      actions.append(load, train);
      body.append(tr);
    });
    $("board-msg").className = "";
    if (b.runs.length === 0) say($("board-msg"), "board.empty");
    else if (b.page > 1 || b.next) say($("board-msg"), "board.page", { page: b.page });
    else say($("board-msg"), null);
    $("board-prev").disabled = b.page <= 1;
    $("board-next").disabled = !b.next;
  }

  const api = {
    board: (page = 1) => show(page),
    // trainWith makes a board entry's settings the run's, ready to train.
    async trainWith(settings) {
      await ready;
      const st = await trainWith(settings);
      say($("board-msg"), "board.settingsSet");
      $("train").scrollIntoView({ block: "start" });
      return st;
    },
  };

  filters.onchange = () => show(1).catch(() => {});
  filters.onsubmit = (e) => e.preventDefault();
  $("board-prev").onclick = () => show(lastBoard.page - 1).catch(() => {});
  $("board-next").onclick = () => show(lastBoard.page + 1).catch(() => {});

  return {
    api,
    show,
    // start builds the filters from the schema's settings.
    start: (schema) => buildFilters(schema.settings),
    // setup shows the board, and its first page, if an API answers.
    async setup(on) {
      $("board").hidden = !on;
      if (on) await show(1).catch(() => {});
    },
    relabel: () => lastBoard && draw(lastBoard),
  };
}
