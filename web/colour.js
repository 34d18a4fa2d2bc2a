// Colours for text on shaded cells: WCAG 2's relative luminance and
// contrast ratio, and the colour a translucent background really shows
// once blended over what lies under it. No DOM: the page passes the
// colours in (tests in test/colour.test.js).

// AA is WCAG's contrast for text under 18pt (the confusion matrix's is
// 0.8rem); MARGIN keeps a choice clear of it after the browser rounds the
// blended colour to whole numbers (a change of about 0.02 in the ratio).
export const AA = 4.5;
const MARGIN = 0.1;

export const WHITE = [255, 255, 255];
const INK = [17, 17, 17]; // #111, the page's text (style.css :root)

// parseRGB reads a CSS colour as getComputedStyle writes it ("rgb(r, g,
// b)", "rgba(r, g, b, a)") or as #rgb / #rrggbb; null for anything else
// or a transparent one.
export function parseRGB(css) {
  const s = String(css).trim();
  let m = /^rgba?\(\s*([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(s);
  if (m) {
    if (m[4] !== undefined && parseFloat(m[4]) === 0) return null;
    return [Number(m[1]), Number(m[2]), Number(m[3])];
  }
  m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(s);
  if (!m) return null;
  const h = m[1].length === 3 ? [...m[1]].map((c) => c + c).join("") : m[1];
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
}

// blend is the opaque colour rgb shows at opacity a over under.
export function blend(rgb, a, under = WHITE) {
  return rgb.map((c, i) => a * c + (1 - a) * under[i]);
}

// luminance is WCAG's relative luminance of an sRGB colour (0–255 each).
export function luminance(rgb) {
  const l = rgb.map((c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
}

// contrast is WCAG's contrast ratio of two colours, from 1 to 21.
export function contrast(a, b) {
  const [la, lb] = [luminance(a), luminance(b)];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

// textOn returns the text colour for an opaque background rgb: the page's
// ink (#111) or white, whichever contrasts more, and black where neither
// reaches AA (a band of mid-tones where #111 falls short by a little).
export function textOn(rgb) {
  const dark = contrast(rgb, INK);
  const light = contrast(rgb, WHITE);
  if (Math.max(dark, light) >= AA + MARGIN) return dark >= light ? "#111" : "#fff";
  return "#000";
}

// DIAGONAL and OFF shade the confusion matrix: right answers blue, wrong
// ones red.
export const DIAGONAL = [29, 78, 216];
export const OFF = [185, 28, 28];

// confusionCell shades a cell holding count v (max the largest count)
// over the card's background under: its CSS background, translucent, and
// the text colour chosen from what that background shows.
export function confusionCell(v, max, diagonal, under = WHITE) {
  const a = v ? 0.08 + (0.8 * v) / max : 0;
  const rgb = diagonal ? DIAGONAL : OFF;
  return { background: `rgba(${rgb}, ${a})`, color: textOn(blend(rgb, a, under)), alpha: a };
}
