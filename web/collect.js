// collect has V8 collect the garbage of the thread that calls it, now. A
// classic script, loaded by worker.js with importScripts and by the page
// with a plain script tag: both call it where a burst of garbage ends.
//
// Loading leaves MNIST's 11.5 MB twice over in the worker (the download's
// chunks and the files they make) and a run leaves the slices' messages,
// but an idle worker whose own heap is a few MB may go minutes without a
// full collection: after load, 22 MiB of the page's 150 were garbage (the
// collection brings it to 128). The page's own thread ends the book's run
// with 9–10 MiB of its heaps' garbage (the charts' paths, the slices'
// states), which Chromium frees some seconds later (docs/figures.md).
//
// A collection starts when a thread's memory outside its heap has grown
// by 64 MB since the last one; an empty 96 MB ArrayBuffer claims that much
// address space, and no memory (its pages are never touched; the page's
// peak resident memory did not grow).
function collect() {
  try {
    void new ArrayBuffer(96 << 20);
  } catch {
    // No address space for it (a 32-bit phone): no collection either.
  }
}
