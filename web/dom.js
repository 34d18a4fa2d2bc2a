// Small DOM helpers the panels share: an element by id, a new element
// with properties and children, a pointer's place in a canvas's own
// pixels, a table row. They touch the document only when called.

export const $ = (id) => document.getElementById(id);

// make creates a tag with properties (className, textContent, type, …)
// and children (elements or text).
export function make(tag, props = {}, ...children) {
  const el = Object.assign(document.createElement(tag), props);
  el.append(...children);
  return el;
}

// canvasPoint is where event e falls on canvas, in the canvas's pixels
// (whole numbers), whatever size it is shown at.
export function canvasPoint(canvas, e) {
  const r = canvas.getBoundingClientRect();
  return [Math.floor(((e.clientX - r.left) * canvas.width) / r.width), Math.floor(((e.clientY - r.top) * canvas.height) / r.height)];
}

// row makes a table row: a header cell (scope row) for head, if given,
// then one data cell per value.
export function row(head, ...cells) {
  const tr = document.createElement("tr");
  if (head !== null) tr.append(make("th", { scope: "row", textContent: head }));
  for (const c of cells) tr.append(make("td", { textContent: c }));
  return tr;
}

// replaceURL writes the address bar without a new history entry.
export const replaceURL = (address) => history.replaceState(null, "", address);

// nextFrame resolves after the next frame is drawn: work split across
// frames leaves the page answering input between its parts.
export const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
