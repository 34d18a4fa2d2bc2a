// The network as the book's layers (5.5–5.7): Affine → Sigmoid or ReLU →
// Affine → Softmax-with-Loss on a mini-batch the reader picks, stepped
// layer by layer forward, then backward. Each step shows the layer's rule
// in the book's notation, its shapes in this run's numbers (going back,
// each gradient beside the part whose shape it has) and its values: the
// images, a heat strip per image, the 10 scores and probabilities, the
// one-hot target, ∂L/∂W as W's shape. Every number is the Go module's
// (core's layers, the trainer's gradient to the bit).
import { $, make, row } from "../dom.js";
import { drawTiles, ink } from "../draw.js";
import { diverging, imageBytes, parseImages, plan, rows, shapeRows, shapeText, signedBytes, stripRGBA, unitTiles } from "../layerview.js";

const BOOK_IMAGES = [0, 1, 2];

// mount wires the panel; the layers say the iteration of the weights they
// hold, as the Go module answered it.
export function mount({ call, words, ready }) {
  const { t, num, say, sayMsg } = words;
  let view = null; // the Go module's layers
  let pos = 0; // steps taken: 0 … 2 × layers
  let images = BOOK_IMAGES;
  let set = "train"; // which images: "train" or "test"
  let at = 0; // the iteration view was made at

  const layerName = (l) => (l.params ? t("layers.withParams", { name: t(`layers.name.${l.name}`), params: l.params.join(", ") }) : t(`layers.name.${l.name}`));
  const short = (v) => num(Number(v.toPrecision(3)));

  // load asks Go for the layers on images imgs of the set from ("train"
  // or "test"); new images start again.
  async function load(imgs, from = set) {
    $("layers-error").hidden = true;
    try {
      const v = await call("layers", { images: imgs, set: from });
      if (!view || view.images.join() !== v.images.join() || view.set !== v.set) pos = 0;
      view = v;
      images = v.images;
      set = v.set;
      $("layers-set").value = set;
      at = v.iteration;
      $("layers-images").value = images.join(", ");
      show();
      return v;
    } catch (err) {
      showError(err.msg ? err : err.message);
      throw err;
    }
  }

  function showError(m) {
    if (typeof m === "string" && m.startsWith("layers.")) say($("layers-error"), m);
    else sayMsg($("layers-error"), m);
    $("layers-error").hidden = false;
  }

  function show() {
    const n = view.images.length;
    const L = view.layers.length;
    say($("layers-note"), "layers.note", { n, labels: view.labels.join(" "), i: at, loss: num(view.loss) });
    $("layers-bug").hidden = !view.bug;
    if (view.bug) say($("layers-bug"), "layers.bug", { bug: { t: `bugs.name.${view.bug}` } });
    const steps = plan(L);
    const now = pos > 0 ? steps[pos - 1] : null;
    chain(now);
    if (!now) {
      say($("layers-step"), "layers.start", { n });
      $("layers-rules").replaceChildren();
      $("layers-detail").replaceChildren();
    } else {
      const l = view.layers[now.layer];
      say($("layers-step"), `layers.step.${now.dir}`, { k: now.layer + 1, all: L, name: layerName(l) });
      $("layers-rules").replaceChildren(...rules(l, now.dir).map((s) => make("li", { textContent: s })));
      $("layers-detail").replaceChildren(shapes(l, now.dir), ...values(l, now));
    }
    if (pos === L) say($("layers-next"), "layers.next.back", { loss: num(view.loss) });
    else if (pos === 2 * L) say($("layers-next"), "layers.done");
    else say($("layers-next"), null);
    $("btn-layers-fwd").disabled = pos >= L;
    $("btn-layers-back").disabled = pos < L || pos >= 2 * L;
    $("btn-layers-again").disabled = pos === 0;
  }

  // chain lists the layers with their shapes, marking what has run.
  function chain(now) {
    const L = view.layers.length;
    $("layers-chain").replaceChildren(
      ...view.layers.map((l, k) => {
        const out = l.name === "SoftmaxWithLoss" ? "L" : shapeText(l.shapes.out);
        const li = make("li", {}, make("b", { textContent: layerName(l) }), " ", make("span", { textContent: `${shapeText(l.shapes.x)} → ${out}` }));
        if (pos > k) li.classList.add("forward");
        if (pos >= 2 * L - k) li.classList.add("backward");
        if (now && now.layer === k) {
          li.classList.add("now");
          li.setAttribute("aria-current", "step");
        }
        return li;
      }),
    );
  }

  // rules are the layer's local rules for a step, in the book's notation.
  function rules(l, dir) {
    const [n, inN] = l.shapes.x;
    const out = l.shapes.out[1];
    const args = { n, in: inN, out };
    if (l.name === "Affine") return dir === "forward" ? [t("layers.rule.Affine.forward", args)] : ["dx", "dW", "db"].map((k) => t(`layers.rule.Affine.${k}`, args));
    if (l.name === "Relu" && dir === "forward") return [t("layers.rule.Relu.forward", { off: l.forward.out.filter((v) => v === 0).length, all: l.forward.out.length })];
    const r = [t(`layers.rule.${l.name}.${dir}`, args)];
    if (l.name === "SoftmaxWithLoss" && dir === "backward") r.push(t("layers.guard"));
    return r;
  }

  // shapes tabulates the step's shapes; going back, each gradient names
  // the part whose shape it has.
  function shapes(l, dir) {
    const head = make("tr", {}, ...["layers.col.part", "layers.col.shape", ...(dir === "backward" ? ["layers.col.same"] : [])].map((k) => make("th", { scope: "col", textContent: t(k) })));
    const body = shapeRows(l, dir).map(([sym, shape, same]) => (dir === "backward" ? row(sym, shape, `${same} (${shapeText(l.shapes[sameKey(same)])})`) : row(sym, shape)));
    return make("table", { className: "kv scroll shapes" }, head, ...body);
  }
  const sameKey = (sym) => ({ X: "x", Y: "out", W: "W", B: "b" })[sym];

  // values are the figures that show the step's numbers.
  function values(l, now) {
    const n = view.images.length;
    const [, inN] = l.shapes.x;
    const outN = l.name === "SoftmaxWithLoss" ? 10 : l.shapes.out[1];
    const out = [];
    if (now.dir === "forward") {
      if (now.layer === 0 && inN === 784) out.push(tiles(t("layers.val.images"), imageBytes(l.forward.x), n, ink));
      if (l.name === "SoftmaxWithLoss") out.push(probs(l));
      else if (outN === 10) out.push(matrix(t("layers.val.scores"), l.forward.out, 10));
      else out.push(strip(t("layers.val.strip", { what: "Y", cols: outN }), l.forward.out, outN));
      if (l.name === "Relu") out.push(strip(t("layers.val.mask"), l.forward.x.map((v) => (v <= 0 ? -1 : 0)), outN));
      return out;
    }
    if (l.name === "SoftmaxWithLoss") return [matrix(t("layers.val.dx"), l.backward.dx, 10)];
    out.push(outN === 10 ? matrix(t("layers.val.strip", { what: "∂L/∂Y", cols: 10 }), l.backward.dout, 10) : strip(t("layers.val.strip", { what: "∂L/∂Y", cols: outN }), l.backward.dout, outN));
    if (l.name === "Affine") {
      const [w, b] = l.params;
      const dW = view.grads[w];
      if (inN === 784) out.push(tiles(t("layers.val.dW1", { in: inN, out: outN }), unitTiles(dW, inN, outN), outN, diverging, 10));
      else out.push(strip(t("layers.val.dW", { in: inN, out: outN }), dW, outN, "tall"));
      out.push(strip(t("layers.val.db", { out: outN }), view.grads[b], outN));
    }
    if (inN === 784) out.push(tiles(t("layers.val.dxImages"), signedBytes(l.backward.dx), n, diverging));
    else out.push(strip(t("layers.val.strip", { what: "∂L/∂X", cols: inN }), l.backward.dx, inN));
    return out;
  }

  function figure(caption, ...content) {
    return make("figure", { className: "layer-fig" }, make("figcaption", { textContent: caption }), ...content);
  }

  // strip draws a matrix one pixel per value, one row per image (or, tall,
  // as W's own rows).
  function strip(caption, values, cols, kind = "strip") {
    const c = make("canvas", { className: kind === "tall" ? "heat tall" : "heat", width: cols, height: values.length / cols });
    c.setAttribute("role", "img");
    c.setAttribute("aria-label", caption);
    const ctx = c.getContext("2d");
    const img = ctx.createImageData(cols, values.length / cols);
    img.data.set(stripRGBA(values));
    ctx.putImageData(img, 0, 0);
    c.style.height = kind === "tall" ? `${(values.length / cols) * 6}px` : `${(values.length / cols) * 14}px`;
    if (kind === "tall") c.style.width = `${cols * 6}px`;
    return figure(caption, c);
  }

  function tiles(caption, bytes, count, colour, cols = count) {
    const c = make("canvas", { className: "tiles" });
    c.setAttribute("role", "img");
    c.setAttribute("aria-label", caption);
    drawTiles(c, bytes, count, 28, Math.min(cols, count), colour);
    c.style.width = `${c.width * 2}px`; // two screen pixels a pixel
    return figure(caption, c);
  }

  // matrix tabulates n rows of 10 values, one row per image.
  function matrix(caption, values, cols) {
    const head = make("tr", {}, make("td"), ...Array.from({ length: cols }, (_, j) => make("th", { scope: "col", textContent: String(j) })));
    const body = rows(values, cols).map((r, i) => row(t("layers.image", { i: view.images[i], label: view.labels[i] }), ...r.map(short)));
    return figure(caption, make("table", { className: "kv scroll matrix10" }, head, ...body));
  }

  // probs shows each image's probabilities Y above its one-hot target T.
  function probs(l) {
    const head = make("tr", {}, make("td"), make("td"), ...Array.from({ length: 10 }, (_, j) => make("th", { scope: "col", textContent: String(j) })));
    const y = rows(l.forward.out, 10);
    const tt = rows(l.forward.t, 10);
    const body = y.flatMap((r, i) => {
      const yRow = make("tr", {}, make("th", { scope: "row", rowSpan: 2, textContent: t("layers.image", { i: view.images[i], label: view.labels[i] }) }), make("th", { scope: "row", textContent: "Y" }),
        ...r.map((v) => make("td", { textContent: num(v, { maximumFractionDigits: 3, minimumFractionDigits: 3 }) })));
      const tRow = make("tr", { className: "target" }, make("th", { scope: "row", textContent: "T" }), ...tt[i].map((v) => make("td", { textContent: String(v), className: v ? "hot" : "" })));
      return [yRow, tRow];
    });
    return figure(t("layers.val.probs"), make("table", { className: "kv scroll matrix10" }, head, ...body));
  }

  function step(d) {
    const L = view.layers.length;
    pos = Math.max(0, Math.min(2 * L, pos + d));
    show();
    const focus = document.activeElement && document.activeElement.id;
    if (focus === "btn-layers-fwd" && pos >= L) $("btn-layers-back").focus();
    if (focus === "btn-layers-back" && pos >= 2 * L) $("btn-layers-again").focus();
    if (focus === "btn-layers-again") $("btn-layers-fwd").focus();
  }

  $("layers-pick").onsubmit = (e) => {
    e.preventDefault();
    const imgs = parseImages($("layers-images").value);
    if (!imgs) return showError("layers.imagesBad");
    load(imgs, $("layers-set").value).catch(() => {});
  };
  $("btn-layers-book").onclick = () => load(BOOK_IMAGES, "train").catch(() => {});
  $("btn-layers-fwd").onclick = () => step(1);
  $("btn-layers-back").onclick = () => step(1);
  $("btn-layers-again").onclick = () => step(-Infinity);

  return {
    api: {
      // layers({images, set}) shows the run's net as the book's layers on
      // those images of the training set (absent: the book's three) or,
      // with set "test", of the test set, and resolves the Go module's view.
      async layers(options = {}) {
        await ready;
        return load(options.images || BOOK_IMAGES, options.set || "train");
      },
    },
    enable() {
      for (const id of ["btn-layers-show", "btn-layers-book"]) $(id).disabled = false;
      load(images).catch(() => {});
    },
    // refresh shows the same images again (a bug switched, new weights).
    refresh: () => (view ? load(images) : Promise.resolve(null)),
    relabel: () => view && show(),
  };
}
