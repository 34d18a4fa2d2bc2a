// Loading: the bar while MNIST downloads and decodes, and the message if
// it cannot (the page then stays as it is, with the reason).
import { $ } from "../dom.js";

export function mount({ words }) {
  const { say, fixed } = words;
  return {
    start: () => say($("load-label"), "load.start"),
    // progress shows a progress event from the worker (download, decode).
    progress(m) {
      if (m.what === "download") {
        say($("load-label"), "load.download", { done: fixed(m.done / 1e6, 1), total: fixed(m.total / 1e6, 1) });
        $("load-progress").value = m.total ? m.done / m.total : 0;
      } else if (m.what === "decode") {
        say($("load-label"), "load.decode");
        $("load-progress").removeAttribute("value");
      }
    },
    failed(msg) {
      $("load-error").textContent = msg;
      $("load-error").hidden = false;
      say($("load-label"), "load.failed");
      $("load-progress").hidden = true;
    },
    done: () => ($("loading").hidden = true),
  };
}
