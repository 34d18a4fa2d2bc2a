// The board as data, no DOM: its filters made from the schema's settings
// and a row's rank and settings summary. Tests in test/boardview.test.js.

// PAGE_SIZE is the board's rows a page (the API's api.PageSize).
export const PAGE_SIZE = 20;

// FILTERS are the settings the board can be filtered by.
export const FILTERS = ["activation", "optimizer", "hidden", "trainSize"];

// boardFilters describes the filter fields from the schema's settings: a
// choice as {name, options} (the page adds "any"), a number as {name,
// min: 1, max} (max only where the setting has one).
export function boardFilters(settings) {
  return FILTERS.map((name) => settings.find((s) => s.name === name))
    .filter(Boolean)
    .map((s) => {
      if (s.kind === "choice") return { name: s.name, options: s.options.slice() };
      const f = { name: s.name, min: 1 };
      if (typeof s.max === "number") f.max = s.max;
      return f;
    });
}

// rank is the place of row i (from 0) of board page `page` (from 1).
export const rank = (page, i) => (page - 1) * PAGE_SIZE + i + 1;

// summaryArgs are the arguments of board.summary for entry e: its
// choices as terms to word, its numbers as they are.
export function summaryArgs(e) {
  return {
    activation: { t: `option.activation.${e.activation}` },
    hidden: e.hidden,
    optimizer: { t: `option.optimizer.${e.optimizer}` },
    trainSize: e.trainSize,
    iterations: e.iterations,
  };
}
