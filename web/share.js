// The shared-models and board API (wasm/api), seen from the page: the same
// origin's api/, relative to the page, so a playground served under a path
// finds its own. Every failure is an Error with .msg ({key, args}, worded
// by the catalogues): the server's own message, or share.network.

function failure(msg, english) {
  const err = new Error(english || msg.key);
  err.msg = msg;
  return err;
}

async function request(path, init = {}) {
  let res;
  try {
    res = await fetch(new URL(path, document.baseURI), { ...init, credentials: "same-origin", cache: init.cache || "default" });
  } catch (e) {
    throw failure({ key: "share.network", args: { detail: e.message } }, e.message);
  }
  const json = (res.headers.get("Content-Type") || "").startsWith("application/json");
  if (!res.ok) {
    const body = json ? await res.json().catch(() => null) : null;
    if (body && typeof body.key === "string") throw failure({ key: body.key, args: body.args || {} }, body.message);
    throw failure({ key: "share.status", args: { status: res.status } });
  }
  return { res, json };
}

// probe resolves true if an API answers here (a JSON board), false on a
// plain static host or offline.
export async function probe() {
  try {
    const { res, json } = await request("api/board", { cache: "no-store" });
    if (!json) return false;
    const b = await res.json();
    return Array.isArray(b.runs);
  } catch {
    return false;
  }
}

// upload stores a model file: {id, link, size}.
export async function upload(bytes) {
  const { res } = await request("api/models", { method: "POST", headers: { "Content-Type": "application/octet-stream" }, body: bytes });
  return res.json();
}

// model fetches a stored model's bytes. The id is the server's to check
// (wasm/api refuses anything but 64 lowercase hex digits); here it is only
// escaped, so a link cannot make it another path.
export async function model(id) {
  const { res } = await request(`api/models/${encodeURIComponent(id)}`);
  return new Uint8Array(await res.arrayBuffer());
}

// publish puts a stored model on the board under name: the entry, with
// the accuracy the server measured.
export async function publish(id, name) {
  const { res } = await request("api/board", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ model: id, name }) });
  return res.json();
}

// board fetches a page of the board: {runs, page, next}. filters holds
// activation, optimizer, hidden and trainSize (empty ones are left out).
export async function board(filters = {}, page = 1) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v !== "" && v !== undefined && v !== null) q.set(k, String(v));
  if (page > 1) q.set("page", String(page));
  const { res } = await request(`api/board${q.size ? "?" + q : ""}`, { cache: "no-store" });
  return res.json();
}

// shareLink is the playground's address with model id: opening it loads
// that network.
export function shareLink(id) {
  const u = new URL(location.pathname, location.origin);
  u.searchParams.set("model", id);
  return u.href;
}
