// The book's computational graphs of shopping (5.1–5.4) as a picture, no
// DOM: where each node and edge goes (the inputs on the left, the price on
// the right, as the book draws them), and what each edge shows at a step
// of the lesson: its value going forward once the node that makes it has
// run, its derivative coming back once the node it feeds has run
// backward. Tests in test/graphlayout.test.js.

// COL is the distance between columns of nodes, ROW between rows, R a
// node's radius; the inputs' names get room on the left, the price's on
// the right (their widths in pixels: layout's margins).
export const COL = 125;
export const ROW = 110;
export const R = 20;
const TOP = 45;
const IN = 0.75 * COL; // how far left of its node an input's arrow starts

// layout places run's nodes ({op, in: [a, b], out}, in forward order):
// a node's column is one past the nodes that feed it; a node fed only by
// inputs takes the next row, any other the mean row of its feeders. An
// input beside another input comes in from the left, above or below; an
// input beside a computed value (the tax) comes in from below. Edges end
// at a node's rim. Returns {width, height, nodes: [{x, y, op}], edges:
// [{name, from, to, producer, consumer}]} (producer/consumer: the node
// index, −1 for an input / for the price). margins {left, right} are the
// room the names need.
export function layout(run, margins = { left: 100, right: 90 }) {
  const left = margins.left + IN;
  const made = new Map(run.nodes.map((n, i) => [n.out, i]));
  const col = [];
  const ys = [];
  let rows = 0;
  run.nodes.forEach((n, i) => {
    const feeders = n.in.filter((a) => made.has(a)).map((a) => made.get(a));
    col[i] = 1 + Math.max(0, ...feeders.map((f) => col[f]));
    ys[i] = feeders.length ? feeders.reduce((s, f) => s + ys[f], 0) / feeders.length : TOP + ROW * rows++;
  });
  const nodes = run.nodes.map((n, i) => ({ x: left + (col[i] - 1) * COL, y: ys[i], op: n.op }));
  const edges = [];
  run.nodes.forEach((n, i) => {
    const { x, y } = nodes[i];
    const inputs = n.in.filter((a) => !made.has(a)).length;
    n.in.forEach((a, slot) => {
      if (made.has(a)) {
        const f = nodes[made.get(a)];
        edges.push(edge(a, [f.x, f.y], [x, y], made.get(a), i));
      } else if (inputs === 2) {
        edges.push(edge(a, [x - IN, y + (slot === 0 ? -36 : 36)], [x, y], -1, i));
      } else {
        edges.push(edge(a, [x - 0.45 * COL, y + 72], [x, y], -1, i));
      }
    });
  });
  const last = run.nodes.length - 1;
  const end = nodes[last];
  edges.push(edge(run.nodes[last].out, [end.x, end.y], [end.x + 0.85 * COL, end.y], last, -1));
  const width = Math.ceil(end.x + 0.85 * COL + margins.right);
  const height = Math.ceil(Math.max(...nodes.map((n) => n.y)) + 100);
  return { width, height, nodes, edges };
}

// edge trims a line to the nodes' rims and finds where its two labels go:
// the value on the side above the line, the derivative on the side below
// (for an edge coming up from below, above-left and below-right).
function edge(name, a, b, producer, consumer) {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len = Math.hypot(dx, dy);
  const [ux, uy] = [dx / len, dy / len];
  const from = producer >= 0 ? [a[0] + ux * R, a[1] + uy * R] : a;
  const to = consumer >= 0 ? [b[0] - ux * R, b[1] - uy * R] : b;
  const mid = [(from[0] + to[0]) / 2, (from[1] + to[1]) / 2];
  // The normal that points up (the book writes values above the arrow).
  const [nx, ny] = [uy, -ux];
  const side = Math.abs(nx) > 0.5 ? (nx < 0 ? "end" : "start") : "middle";
  return {
    name, from, to, producer, consumer,
    valueAt: [round(mid[0] + nx * 7), round(mid[1] + ny * 7 - (side === "middle" ? 0 : 4))],
    gradAt: [round(mid[0] - nx * 7), round(mid[1] - ny * 7 + (side === "middle" ? 13 : 10))],
    valueAnchor: side,
    gradAnchor: side === "end" ? "start" : side === "start" ? "end" : "middle",
  };
}

const round = (v) => Math.round(v * 10) / 10;

// steps is how many steps a graph of n nodes takes: each node forward,
// then each node backward.
export const steps = (run) => 2 * run.nodes.length;

// at says what the graph shows after pos steps (0: nothing run yet; n:
// forward done; 2n: backward done): the node running now ({node, dir:
// "forward" | "backward"}, or null), and for each edge of lay its value
// and derivative, null while not yet known. An input's value is known
// from the start; ∂price/∂price = 1 arrives with the first backward step.
export function at(run, lay, pos) {
  const n = run.nodes.length;
  pos = Math.max(0, Math.min(2 * n, pos));
  const order = run.nodes.map((nd) => nd.backwardOrder);
  const backDone = (i) => pos >= n + 1 + order[i];
  let current = null;
  if (pos >= 1 && pos <= n) current = { node: pos - 1, dir: "forward" };
  if (pos > n) current = { node: order.indexOf(pos - n - 1), dir: "backward" };
  const edges = lay.edges.map((e) => ({
    name: e.name,
    value: e.producer < 0 || pos >= e.producer + 1 ? run.forward[e.name] : null,
    grad: (e.consumer < 0 ? pos >= n + 1 : backDone(e.consumer)) ? run.backward["d" + e.name] : null,
  }));
  return { pos, current, forwardDone: pos >= n, backwardDone: pos >= 2 * n, edges };
}

// inputs are the names of run's inputs (the edges no node makes), in the
// order the book writes them.
export function inputs(run) {
  const made = new Set(run.nodes.map((n) => n.out));
  return run.nodes.flatMap((n) => n.in).filter((a, i, all) => !made.has(a) && all.indexOf(a) === i);
}
