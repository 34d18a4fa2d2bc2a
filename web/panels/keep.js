// Keep and share: the network saved as a file (.snet, or .npz for NumPy)
// and loaded back, the link to this page's settings, and, where the
// server's API answers (share.js), Share (a link that loads the weights)
// and Publish (onto the board). It also loads shared networks (a link's
// ?model=, the board's "load") and says so above the drawing pad.
import { $ } from "../dom.js";
import * as Share from "../share.js";

// download hands bytes to the browser as a file called name.
function download(bytes, name) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([bytes], { type: "application/octet-stream" }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

// mount wires the panel. adopt(st, newRun) makes a loaded network's
// settings the page's; inspect() classifies the test set with it;
// predict() classifies the drawing again; setModelParam(id) keeps a
// shared network's id in the address bar; showBoard(page) shows the board.
export function mount({ call, words, ready, adopt, inspect, predict, setModelParam, showBoard }) {
  const { t, say, sayMsg, fixed, num } = words;
  let shared = null; // the last share: {id, link, size}

  // loadModel loads a .snet, an .npz or the book's params.pkl (a
  // Uint8Array, an ArrayBuffer or another view of one); a refused file
  // rejects with a message, also shown on the page, and changes nothing.
  // Weights that do not say their activation are scored with both, and
  // the page says which was taken and why.
  async function loadModel(bytes, name = t("keep.thefile")) {
    await ready;
    try {
      const st = adopt(await call("loadModel", bytes), true);
      const r = await inspect();
      const c = st.config;
      say($("model-msg"), "keep.loaded", { name, activation: { t: `option.activation.${c.activation}` }, hidden: c.hidden, optimizer: { t: `option.optimizer.${c.optimizer}` }, acc: fixed(r.accuracy, 4) });
      $("model-msg").className = "";
      const g = st.loaded && st.loaded.guess;
      $("model-guess").hidden = !g;
      if (g) {
        const pct = (a) => num(a, { style: "percent", maximumFractionDigits: 1 });
        say($("model-guess"), "keep.guess", { images: g.images, relu: pct(g.accuracy.relu), sigmoid: pct(g.accuracy.sigmoid), activation: { t: `option.activation.${g.activation}` } });
      }
      predict().catch(() => {});
      return st;
    } catch (err) {
      say($("model-msg"), "keep.failed", { name, reason: err.msg || err.message });
      $("model-guess").hidden = true;
      $("model-msg").className = "error";
      throw err;
    }
  }

  async function share() {
    await ready;
    const msg = $("share-msg");
    $("btn-share").disabled = true;
    msg.className = "";
    say(msg, "share.uploading");
    try {
      const s = await Share.upload((await call("shareModel")).bytes);
      shared = s;
      $("share-url").value = Share.shareLink(s.id);
      $("share-out").hidden = false;
      $("publish").hidden = false;
      say(msg, "share.done", { size: s.size });
      return { ...s, url: $("share-url").value };
    } catch (err) {
      msg.className = "error";
      sayMsg(msg, err);
      throw err;
    } finally {
      $("btn-share").disabled = false;
    }
  }

  async function publish(name) {
    await ready;
    const msg = $("publish-msg");
    msg.className = "";
    say(msg, "share.measuring");
    $("btn-publish").disabled = true;
    try {
      // The network as it is now (stored again only if it changed since
      // the last share: the same bytes have the same id).
      await share();
      const e = await Share.publish(shared.id, name);
      say(msg, "share.published", { name: e.name, acc: e.accuracy, correct: e.correct, total: e.total, iterations: e.iterations });
      await showBoard(1).catch(() => {});
      return e;
    } catch (err) {
      msg.className = "error";
      sayMsg(msg, err);
      throw err;
    } finally {
      $("btn-publish").disabled = false;
    }
  }

  // loadShared loads a stored network, to draw against it.
  async function loadShared(id, name = t("share.friend")) {
    await ready;
    const msg = $("shared-msg");
    msg.hidden = false;
    msg.className = "shared";
    try {
      const st = await loadModel(await Share.model(id), name);
      setModelParam(id);
      const r = await inspect();
      say(msg, "share.loadedShared", { name, acc: r.accuracy });
      return st;
    } catch (err) {
      msg.className = "shared error";
      say(msg, "share.loadFailed", { reason: err.msg || err.message });
      throw err;
    }
  }

  $("btn-save").onclick = async () => download((await call("saveModel")).bytes, "scratchnet.snet");
  // saveNPZ is the .npz for NumPy, with the run's settings in it.
  const saveNPZ = async () => (await call("saveNPZ")).bytes;
  $("btn-npz").onclick = async () => download(await saveNPZ(), "scratchnet.npz");
  $("model-file").onchange = async (e) => {
    const f = e.target.files[0];
    if (!f) return;
    await loadModel(new Uint8Array(await f.arrayBuffer()), f.name).catch(() => {});
    e.target.value = "";
  };
  $("btn-share").onclick = () => share().catch(() => {});
  $("btn-copy").onclick = async () => {
    $("share-url").select();
    await navigator.clipboard?.writeText($("share-url").value).catch(() => {});
    say($("share-msg"), "share.copied");
  };
  $("publish").onsubmit = (e) => {
    e.preventDefault();
    publish($("publish-name").value).catch(() => {});
  };

  return {
    // share() uploads the net (weights alone) and resolves with {id, link,
    // size, url}; publish(name) puts it on the board, measured by the
    // server; loadShared(id) loads a stored net.
    api: {
      share,
      publish,
      loadShared: (id) => loadShared(id),
      // memory() reports the WebAssembly module's memory, in bytes.
      async memory() {
        return call("memory");
      },
      async saveModel() {
        return (await call("saveModel")).bytes;
      },
      saveNPZ,
      loadModel,
    },
    loadShared,
    // setup shows Share if an API answers here; on a plain static host or
    // offline it hides it and says why in one line. It resolves with
    // whether one answered.
    async setup() {
      const on = await Share.probe();
      $("api-off").hidden = on;
      $("share").hidden = !on;
      if (on) $("btn-share").disabled = false;
      return on;
    },
    // noApi says a link's network cannot be fetched without the server.
    noApi() {
      $("shared-msg").hidden = false;
      $("shared-msg").className = "shared error";
      say($("shared-msg"), "share.noApi");
    },
    // pageLink points "this page" at the address (the run's settings).
    pageLink: (href) => ($("share-link").href = href),
    enable() {
      for (const id of ["btn-save", "btn-npz"]) $(id).disabled = false;
    },
  };
}
