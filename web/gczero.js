// Why a gradient check met a zero gradient, as messages, no DOM: the
// parameters Next skipped counted by reason (a blank pixel, a hidden unit
// inactive for every image, other), and the reason one parameter's
// gradient is exactly 0. The Go module finds the reasons (core's
// ZeroReason); a ReLU unit that is off for all three images is not "a
// blank pixel". Tests in test/gczero.test.js.

// REASONS are the Go module's reasons, in the order the page names them.
export const REASONS = ["blankPixel", "inactiveUnit", "other"];

// skippedNote is the message for a step s that skipped parameters
// ({key, args}; args.why lists each reason's count, joined by list(items)),
// or null when it skipped none.
export function skippedNote(s, t, list) {
  if (!s.skipped) return null;
  const by = s.skippedBy || {};
  const why = REASONS.filter((r) => by[r]).map((r) => t(`gc.why.${r}`, { n: by[r] }));
  return { key: "gc.skippedBy", args: { n: s.skipped, why: list(why) } };
}

// zeroNote is the message saying why s's gradient is exactly 0, or null.
export function zeroNote(s) {
  if (s.backprop !== 0 || !REASONS.includes(s.reason)) return null;
  return { key: `gc.zero.${s.reason}`, args: {} };
}
