// The four steps of learning (the book's 4.5) as a strip: ① the
// mini-batch, ② the gradient per parameter, ③ the update, ④ the count of
// iterations and epochs, in the last step's own numbers; Walk trains one
// step and shows the four in turn.
import { $, make } from "../dom.js";
import { drawTiles, ink } from "../draw.js";
import { epochCount, stepSize } from "../series.js";

// REFRESH_MS: while training, the strip shows a new step at most this often.
const REFRESH_MS = 500;

// mount wires the strip. current() is the settings the run trains with;
// step(n) is the training panel's (Walk trains through it).
export function mount({ call, words, ready, current, step }) {
  const { say, num, fixed } = words;
  let loopAt = 0;
  let walkPhase = 0; // 0: the next Walk trains a step; 1–3: the next shows step phase+1
  let lastView = null;

  // clear shows the strip of a new run st, before its first step.
  function clear(st) {
    lastView = null;
    walkPhase = 0;
    for (let k = 1; k <= 4; k++) $(`loop-${k}`).classList.remove("now");
    const ipe = st.iterPerEpoch || 600;
    const c = st.config || current();
    say($("loop-1-text"), "loop.1.idle", { batch: c.batchSize });
    say($("loop-2-text"), "loop.2.idle", { method: { t: `option.gradient.${c.gradient}` } });
    say($("loop-3-text"), "loop.3.idle", { lr: c.learningRate });
    say($("loop-4-text"), "loop.4.text", { train: st.trainSize || ipe * c.batchSize, batch: c.batchSize, ipe, iters: c.iterations, epochs: fixed(c.iterations / ipe, 1), i: 0, e: 0 });
    $("loop-norms").replaceChildren();
    // The whole canvas: the last run's strip may have made it larger.
    const images = $("loop-images");
    images.getContext("2d").clearRect(0, 0, images.width, images.height);
  }

  // refresh shows the last step (at most twice a second unless now).
  async function refresh(now) {
    if (!now && performance.now() - loopAt < REFRESH_MS) return;
    loopAt = performance.now();
    shown(await call("lastStep").catch(() => null));
  }

  // shown shows v, the last step (a Step's answer carries it); null, when
  // there is none, leaves the strip as it is.
  function shown(v) {
    if (!v) return;
    loopAt = performance.now();
    lastView = v;
    show(v);
  }

  function show(v) {
    drawTiles($("loop-images"), v.pixels, v.indices.length, 28, 8, ink);
    say($("loop-1-text"), "loop.1.text", { batch: v.batchSize, train: v.trainSize, labels: v.labels.join(" "), shown: v.indices.length });
    say($("loop-2-text"), "loop.2.text", { method: { t: `option.gradient.${v.gradient}` } });
    $("loop-norms").replaceChildren(
      ...v.names.map((n, i) =>
        make(
          "tr",
          {},
          make("th", { scope: "row", textContent: n }),
          make("td", { textContent: `‖∂L/∂${n}‖ = ${num(Number(v.gradNorm[i].toPrecision(3)))}` }),
          make("td", { textContent: `‖Δ${n}‖ = ${num(Number(v.stepNorm[i].toPrecision(3)))}` }),
        ),
      ),
    );
    say($("loop-3-text"), v.optimizer === "sgd" ? "loop.3.sgd" : "loop.3.other", {
      lr: v.learningRate,
      step: stepSize(v.stepNorm),
      optimizer: { t: `option.optimizer.${v.optimizer}` },
      loss: fixed(v.loss, 4),
    });
    const c = current();
    const { ipe, epochs, e } = epochCount(v.trainSize, v.batchSize, c.iterations, v.iteration);
    say($("loop-4-text"), "loop.4.text", {
      train: v.trainSize, batch: v.batchSize, ipe, iters: c.iterations, epochs: fixed(epochs, 1), i: v.iteration, e,
    });
  }

  // Walk one step: the first press trains one mini-batch and shows ①, the
  // next three show ②, ③ and ④.
  $("btn-walk").onclick = async () => {
    if (walkPhase === 0) await step(1); // its answer shows ①–④
    for (let k = 1; k <= 4; k++) {
      const li = $(`loop-${k}`);
      li.classList.toggle("now", k === walkPhase + 1);
      if (k === walkPhase + 1) li.setAttribute("aria-current", "step");
      else li.removeAttribute("aria-current");
    }
    say($("btn-walk"), walkPhase === 3 ? "loop.walk" : "loop.walk.next");
    walkPhase = (walkPhase + 1) % 4;
  };

  return {
    api: {
      async lastStep() {
        await ready;
        return call("lastStep");
      },
    },
    clear,
    refresh,
    shown,
    // enable turns Walk on or off (the training panel's state decides).
    enable: (on) => ($("btn-walk").disabled = !on),
    relabel: () => lastView && show(lastView),
  };
}
