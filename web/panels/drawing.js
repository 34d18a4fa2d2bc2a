// Drawing: the pad (pointer events), what the net sees (28×28), its
// answer and the ten probabilities, and the hidden layer's "why": its
// activations and the W1 images of the units that pushed the answer most.
// A test image can be picked by number instead (a keyboard user's way in).
import { $, make } from "../dom.js";
import { DrawPad, drawTiles, gray, ink } from "../draw.js";
import { activationBytes, topPushes } from "../tiles.js";

// mount wires the panel. untrained() says whether the net has learned
// nothing (a fresh run's, not one loaded from a file or a link: its answer
// is a guess); weightImages() is W1's tiles as the looking-inside panel
// last drew them; train() is Train.
export function mount({ call, words, ready, untrained, weightImages, train }) {
  const { t, say, sayMsg, fixed } = words;
  const pad = new DrawPad($("draw"), () => predict().catch(() => {}));
  const probs = $("probs");
  for (let k = 0; k < 10; k++) {
    probs.append(make("div", { className: "bar" }, make("span", { textContent: k }), make("div", { className: "fill" }), make("span", { className: "pv" })));
  }
  let drawing = Promise.resolve(null);
  let drawQueued = false;
  let lastDrawn = null; // {r, index?} or {err}, last shown

  // predict asks the worker about the pen's paths, one request at a time.
  function predict() {
    if (drawQueued) return drawing;
    drawQueued = true;
    drawing = drawing.catch(() => {}).then(async () => {
      drawQueued = false;
      try {
        const r = await call("drawnStrokes", pad.paths());
        show({ r });
        return r;
      } catch (err) {
        show({ err });
        throw err;
      }
    });
    return drawing;
  }

  // pickTest classifies test image i.
  async function pickTest(i) {
    const r = await call("testImage", i);
    show({ r, index: i });
    return r;
  }

  function show(d) {
    lastDrawn = d;
    const { r, err } = d;
    const c = $("input28").getContext("2d");
    const img = c.createImageData(28, 28);
    for (let i = 0; i < 784; i++) {
      const v = r ? 255 - r.input[i] : 255;
      img.data.set([v, v, v, 255], 4 * i);
    }
    c.putImageData(img, 0, 0);
    // An untrained net's answer is a guess: say so, and offer to train.
    const guess = !!r && untrained();
    const pct = r ? fixed(100 * r.probs[r.digit], 1) : "";
    if (!r) sayMsg($("prediction"), err.msg || err);
    else if (d.index !== undefined) say($("prediction"), guess ? "draw.test.guess" : "draw.test", { i: d.index, label: r.label, digit: r.digit, p: pct });
    else say($("prediction"), guess ? "draw.guess" : "draw.answer", { digit: r.digit, p: pct });
    $("btn-draw-train").hidden = !guess;
    $("prediction").classList.toggle("muted", !r);
    probs.querySelectorAll(".bar").forEach((b, k) => {
      const p = r ? r.probs[k] : 0;
      b.querySelector(".fill").style.width = `${(100 * p).toFixed(1)}%`;
      b.querySelector(".pv").textContent = r ? fixed(p, 3) : "";
      b.classList.toggle("top", !!r && k === r.digit);
    });
    showWhy(r);
  }

  // showWhy draws the hidden layer's activations and the W1 images of the
  // units that pushed the answer most.
  function showWhy(r) {
    $("why").hidden = !r;
    if (!r) return;
    const e = r.explanation;
    const H = e.hidden.length;
    drawTiles($("hidden-acts"), activationBytes(e.hidden), H, 1, H, ink);
    const images = weightImages();
    $("push").replaceChildren(
      ...topPushes(e.push, 6).map(([p, j]) => {
        const cv = make("canvas");
        cv.setAttribute("role", "img");
        cv.setAttribute("aria-label", t("draw.unit", { j, push: fixed(p, 2) }));
        if (images) drawTiles(cv, images.subarray(j * 784, (j + 1) * 784), 1, 28, 1, gray);
        const cap = make("figcaption", { textContent: t("draw.unit", { j, push: `${p >= 0 ? "+" : ""}${fixed(p, 2)}` }) });
        return make("figure", { className: "tile" }, cv, cap);
      }),
    );
  }

  $("btn-clear").onclick = () => pad.clear();
  $("btn-draw-train").onclick = async () => {
    await train();
    $("btn-draw-train").hidden = true;
  };
  $("btn-pick").onclick = () => pickTest(Number($("pick-idx").value)).catch((err) => show({ err }));
  $("pick-idx").addEventListener("keydown", (e) => {
    if (e.key === "Enter") $("btn-pick").click();
  });

  return {
    api: {
      // predict(pixels): 784 whole numbers from 0 (background) to 255 (ink),
      // as an array or a Uint8Array.
      async predict(pixels) {
        await ready;
        const r = await call("predict", pixels);
        return { digit: r.digit, probs: r.probs };
      },
      async drawn() {
        await ready;
        return predict();
      },
      pickTest: async (i) => {
        await ready;
        return pickTest(i);
      },
    },
    // predict classifies the drawing again (the net changed).
    predict,
    // again answers with the net now what was last asked (a new net's
    // answer, not the old one's).
    again() {
      if (!lastDrawn) return;
      if (lastDrawn.index !== undefined) pickTest(lastDrawn.index).catch(() => {});
      else if (pad.paths().length > 0) predict().catch(() => {});
    },
    enable: () => ($("btn-pick").disabled = false),
    relabel: () => lastDrawn && show(lastDrawn),
  };
}
