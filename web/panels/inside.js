// Looking inside: W1 as 28×28 images (one per hidden unit; a click checks
// that weight), the confusion matrix over the 10,000 test images, and the
// misclassified ones.
import { WHITE, confusionCell, parseRGB } from "../colour.js";
import { $, canvasPoint, make } from "../dom.js";
import { drawTiles, gray } from "../draw.js";
import { weightAt } from "../tiles.js";

// REFRESH_MS: while training, W1's images are drawn at most this often.
const REFRESH_MS = 500;
// MISTAKES: how many misclassified images inspect shows.
const MISTAKES = 40;

// mount wires the panel. current() is the settings the run trains with;
// onWeightClick(row, col) is told which W1 weight a click on the map
// named. The confusion matrix and the mistakes say which net they are of
// (the iteration the Go module classified at), and a new run empties them.
export function mount({ call, words, current, onWeightClick }) {
  const { t, say, fixed } = words;
  let weightsAt = 0;
  let cleared = 0; // clears so far: an answer asked for before one is the old net's
  let weightImages = null; // W1's tiles, from the last weights call
  let lastConfusion = null;
  // galleryTile holds one misclassified image while it is scaled up.
  const galleryTile = make("canvas", { width: 28, height: 28 });

  async function refreshWeights(now) {
    if (!now && performance.now() - weightsAt < REFRESH_MS) return;
    weightsAt = performance.now();
    const r = await call("weights").catch(() => null);
    if (!r || !current()) return;
    weightImages = r.images;
    drawTiles($("weights"), r.images, r.images.length / 784, 28, 10, gray);
  }

  async function inspect() {
    const my = cleared;
    const r = await call("inspect", MISTAKES);
    if (my !== cleared) return r; // a new run began meanwhile: the panel stays empty
    showConfusion($("confusion"), r.confusion);
    drawGallery($("mistakes"), r.pixels, r.mistakes);
    say($("inside-note"), "inside.which", { i: r.iteration, acc: fixed(r.accuracy, 4) });
    return r;
  }

  // clear empties the matrix and the mistakes: they were the old net's.
  function clear() {
    cleared++;
    lastConfusion = null;
    $("confusion").replaceChildren();
    const g = $("mistakes");
    g.getContext("2d").clearRect(0, 0, g.width, g.height);
    g.dataset.count = "0";
    say($("inside-note"), "inside.new");
  }

  // showConfusion fills the table, each cell shaded by its count (styles
  // set through the DOM: the page's CSP allows no inline style attributes),
  // its text black or white by what the shade shows over the card.
  function showConfusion(table, confusion) {
    lastConfusion = confusion;
    const card = table.closest(".card");
    const under = (card && parseRGB(getComputedStyle(card).backgroundColor)) || WHITE;
    const max = Math.max(...confusion.map((r) => Math.max(...r)));
    const caption = make("caption", { className: "vh", textContent: t("inside.confusion") });
    const head = make("tr", {}, make("th", { scope: "col", textContent: t("inside.corner") }));
    for (let k = 0; k < 10; k++) head.append(make("th", { scope: "col", textContent: k }));
    const rows = confusion.map((counts, tl) => {
      const tr = make("tr", {}, make("th", { scope: "row", textContent: tl }));
      counts.forEach((v, p) => {
        const td = make("td", { textContent: v });
        const c = confusionCell(v, max, tl === p, under);
        td.style.background = c.background;
        td.style.color = c.color;
        tr.append(td);
      });
      return tr;
    });
    table.replaceChildren(caption, head, ...rows);
  }

  // drawGallery draws the misclassified images and their captions on one
  // canvas (a 2D context per image would cost Chromium about 1 MB each).
  function drawGallery(canvas, pixels, mistakes) {
    const cols = 8, cw = 64, ch = 80;
    const rows = Math.max(1, Math.ceil(mistakes.length / cols));
    if (canvas.width !== cols * cw) canvas.width = cols * cw;
    if (canvas.height !== rows * ch) canvas.height = rows * ch;
    canvas.dataset.count = String(mistakes.length);
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.imageSmoothingEnabled = false;
    ctx.font = "13px system-ui, sans-serif";
    ctx.textAlign = "center";
    const tctx = galleryTile.getContext("2d");
    const img = tctx.createImageData(28, 28);
    mistakes.forEach((m, i) => {
      for (let p = 0; p < 784; p++) {
        const v = 255 - pixels[i * 784 + p];
        img.data.set([v, v, v, 255], 4 * p);
      }
      tctx.putImageData(img, 0, 0);
      const x = (i % cols) * cw, y = Math.floor(i / cols) * ch;
      ctx.drawImage(galleryTile, x + 4, y + 2, 56, 56);
      ctx.strokeStyle = "#ccc";
      ctx.strokeRect(x + 3.5, y + 1.5, 57, 57);
      ctx.fillStyle = "#333";
      ctx.fillText(`${m.label} → ${m.pred}`, x + cw / 2, y + 74);
    });
  }

  $("btn-inspect").onclick = () => inspect().catch(() => {});
  // A click on W1's map checks that weight: the tile is the hidden unit,
  // the pixel the row.
  const map = $("weights");
  map.addEventListener("click", (e) => {
    const c = current();
    const w = weightAt(...canvasPoint(map, e), c ? c.hidden : 0);
    if (w) onWeightClick(w.row, w.col);
  });

  return {
    api: { inspect },
    inspect,
    clear,
    refreshWeights,
    weightImages: () => weightImages,
    enable: () => ($("btn-inspect").disabled = false),
    relabel: () => lastConfusion && showConfusion($("confusion"), lastConfusion),
  };
}
