// The book's computational graphs (5.1–5.4) drawn as the book draws
// them: each value going forward above its arrow, each derivative coming
// back below it in red, stepped one node at a time forward, then one node
// at a time backward from the price at the right end, each node saying
// its rule. The values are the Go module's (core.ShoppingGraph: the
// book's MulLayer and AddLayer); the reader's prices, counts and tax go
// back to it.
import { $, make } from "../dom.js";
import { R, at, inputs, layout, steps } from "../graphlayout.js";

const SVG = "http://www.w3.org/2000/svg";
// NAME_PX: the size of the inputs' and the price's names on the graph
// (style.css's #graph-svg text.var).
const NAME_PX = 13;

// textWidth measures s in the page's font at px pixels.
let measurer = null;
function textWidth(s, px) {
  measurer = measurer || document.createElement("canvas").getContext("2d");
  measurer.font = `${px}px ${getComputedStyle(document.body).fontFamily}`;
  return measurer.measureText(s).width;
}

// svg makes an SVG element with attributes and children.
function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.append(...children);
  return el;
}

// mount wires the panel.
export function mount({ call, words, ready }) {
  const { t, num, say, sayMsg } = words;
  let run = null; // the Go module's graph
  let lay = null;
  let pos = 0; // steps taken: 0 … 2 × nodes
  const name = () => document.querySelector("input[name=graph-name]:checked").value;
  const label = (v) => t(`graph.var.${v}`);

  // compute asks Go for graph g with the inputs given (absent: the
  // book's values) and shows it; a new graph starts again from step 0.
  async function compute(g, given) {
    $("graph-error").hidden = true;
    try {
      const r = await call("graph", g, given || {});
      if (!run || run.name !== r.name) pos = 0;
      run = r;
      place();
      for (const el of document.querySelectorAll("input[name=graph-name]")) el.checked = el.value === r.name;
      fields();
      show();
      return r;
    } catch (err) {
      sayMsg($("graph-error"), err.msg ? err : err.message);
      $("graph-error").hidden = false;
      throw err;
    }
  }

  // place lays the graph out with room for the names in the reader's
  // language.
  function place() {
    const left = Math.max(...inputs(run).map((v) => textWidth(label(v), NAME_PX))) + 12;
    lay = layout(run, { left: Math.ceil(left), right: Math.ceil(textWidth(label("price"), NAME_PX) + 14) });
  }

  // fields makes one number field per input of the graph, with the book's
  // variable name beside the reader's words.
  function fields() {
    const box = $("graph-inputs");
    const names = inputs(run);
    if (box.dataset.graph !== run.name) {
      box.dataset.graph = run.name;
      box.replaceChildren(
        ...names.map((v) => {
          const words = make("span", { className: "var-label", textContent: label(v) });
          words.dataset.v = v;
          return make("label", {}, words, " ", make("code", { textContent: v }), " ", make("input", { type: "number", step: "any", name: v, id: `graph-in-${v}` }));
        }),
      );
      for (const input of box.querySelectorAll("input")) input.addEventListener("change", edited);
    }
    for (const v of names) $(`graph-in-${v}`).value = run.forward[v];
  }

  // edited sends the fields to Go (an empty or unreadable field is
  // refused here, with its name).
  function edited() {
    const given = {};
    for (const input of $("graph-inputs").querySelectorAll("input")) {
      const x = Number(input.value);
      if (input.value.trim() === "" || !Number.isFinite(x)) {
        say($("graph-error"), "graph.number", { name: { t: `graph.var.${input.name}` } });
        $("graph-error").hidden = false;
        input.setAttribute("aria-invalid", "true");
        return;
      }
      input.removeAttribute("aria-invalid");
      given[input.name] = x;
    }
    compute(run.name, given).catch(() => {});
  }

  // show draws the graph at step pos, says the node's rule and fills the
  // table of inputs and their derivatives.
  function show() {
    const view = at(run, lay, pos);
    draw(view);
    const n = run.nodes.length;
    const c = view.current;
    if (!c) say($("graph-rule"), "graph.start");
    else {
      const nd = run.nodes[c.node];
      const [x, y] = nd.inValues.map(num);
      if (c.dir === "forward") say($("graph-rule"), `graph.fwd.${nd.op}`, { x, y, out: num(nd.outValue), name: label(nd.out) });
      else say($("graph-rule"), `graph.bwd.${nd.op}`, { x, y, dout: num(nd.dout), dx: num(nd.din[0]), dy: num(nd.din[1]), a: label(nd.in[0]), b: label(nd.in[1]) });
    }
    const first = inputs(run)[0];
    if (pos < n) say($("graph-next"), "graph.next.forward");
    else if (pos === n) say($("graph-next"), "graph.next.back", { price: num(run.forward.price) });
    else if (pos < 2 * n) say($("graph-next"), "graph.next.backward");
    else say($("graph-next"), "graph.done", { label: label(first), d: num(run.backward["d" + first]) });
    table(view);
    $("btn-graph-fwd").disabled = pos >= n;
    $("btn-graph-back").disabled = pos < n || pos >= 2 * n;
    $("btn-graph-again").disabled = pos === 0;
  }

  function table(view) {
    const known = Object.fromEntries(view.edges.map((e) => [e.name, e]));
    const head = make("tr", {}, ...["graph.col.input", "graph.col.value", "graph.col.grad"].map((k) => make("th", { scope: "col", textContent: t(k) })));
    const rowOf = (v) => {
      const e = known[v];
      return make("tr", {}, make("th", { scope: "row", textContent: `${label(v)} (${v})` }),
        make("td", { textContent: e.value === null ? "—" : num(e.value) }), make("td", { textContent: e.grad === null ? "—" : num(e.grad) }));
    };
    $("graph-table").replaceChildren(head, ...[...inputs(run), "price"].map(rowOf));
  }

  // draw paints the graph: nodes, arrows with their values above and
  // derivatives below, a red arrow back beside each arrow whose
  // derivative has arrived, the inputs' and the price's names.
  function draw(view) {
    const el = $("graph-svg");
    el.setAttribute("viewBox", `0 0 ${lay.width} ${lay.height}`);
    el.setAttribute("width", lay.width);
    // Its own size on a laptop; on a phone at most 30% smaller, the rest
    // scrolls.
    el.style.maxWidth = `${lay.width}px`;
    el.style.minWidth = `${Math.round(lay.width * 0.7)}px`;
    const marker = (id, colour) =>
      svg("marker", { id, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" },
        svg("path", { d: "M0,0 L10,5 L0,10 z", fill: colour }));
    const parts = [svg("defs", {}, marker("arrow-fwd", "#333"), marker("arrow-back", "#b91c1c"))];
    lay.edges.forEach((e, i) => {
      const shown = view.edges[i];
      const [[x1, y1], [x2, y2]] = [e.from, e.to];
      parts.push(svg("line", { x1, y1, x2, y2, class: "edge", "marker-end": "url(#arrow-fwd)" }));
      if (shown.grad !== null) {
        // The derivative's own arrow, pointing back, just below the edge.
        const len = Math.hypot(x2 - x1, y2 - y1);
        const [ox, oy] = [(-(y2 - y1) / len) * 5, ((x2 - x1) / len) * 5];
        const k = 0.18;
        parts.push(svg("line", {
          x1: x2 + ox - (x2 - x1) * k, y1: y2 + oy - (y2 - y1) * k, x2: x1 + ox + (x2 - x1) * k, y2: y1 + oy + (y2 - y1) * k,
          class: "edge-back", "marker-end": "url(#arrow-back)",
        }));
      }
      if (shown.value !== null) parts.push(svg("text", { x: e.valueAt[0], y: e.valueAt[1], "text-anchor": e.valueAnchor, class: "value" }, num(shown.value)));
      if (shown.grad !== null) parts.push(svg("text", { x: e.gradAt[0], y: e.gradAt[1], "text-anchor": e.gradAnchor, class: "grad" }, num(shown.grad)));
      if (e.producer < 0) {
        const below = e.from[1] > e.to[1] + 2 * R; // the tax, from below
        parts.push(svg("text", below ? { x: x1, y: y1 + 15, "text-anchor": "middle", class: "var" } : { x: x1 - 5, y: y1 + 4, "text-anchor": "end", class: "var" }, label(e.name)));
      }
      if (e.consumer < 0) parts.push(svg("text", { x: x2 + 6, y: y2 + 4, class: "var" }, label(e.name)));
    });
    lay.nodes.forEach((nd, i) => {
      const now = view.current && view.current.node === i;
      parts.push(svg("g", { class: now ? "node now" : "node" }, svg("circle", { cx: nd.x, cy: nd.y, r: R }),
        svg("text", { x: nd.x, y: nd.y + 6, "text-anchor": "middle" }, nd.op === "mul" ? "×" : "+")));
    });
    el.replaceChildren(...parts);
  }

  // step moves by d steps; the focus moves on to the next button a
  // keyboard user needs when the one pressed is done.
  function step(d) {
    pos = Math.max(0, Math.min(steps(run), pos + d));
    show();
    const n = run.nodes.length;
    const focus = document.activeElement && document.activeElement.id;
    if (focus === "btn-graph-fwd" && pos >= n) $("btn-graph-back").focus();
    if (focus === "btn-graph-back" && pos >= 2 * n) $("btn-graph-again").focus();
    if (focus === "btn-graph-again") $("btn-graph-fwd").focus();
  }

  $("btn-graph-fwd").onclick = () => step(1);
  $("btn-graph-back").onclick = () => step(1);
  $("btn-graph-again").onclick = () => step(-Infinity);
  for (const el of document.querySelectorAll("input[name=graph-name]")) el.onchange = () => compute(name()).catch(() => {});

  return {
    api: {
      // graph(name, inputs) shows the graph "apple" or "fruit" with the
      // inputs given (the book's values for the others) and resolves the
      // Go module's graph.
      async graph(g = name(), given) {
        await ready;
        return compute(g, given);
      },
    },
    enable: () => compute(name()).catch(() => {}),
    relabel() {
      if (!run) return;
      for (const el of $("graph-inputs").querySelectorAll(".var-label")) el.textContent = label(el.dataset.v);
      place();
      show();
    },
  };
}
