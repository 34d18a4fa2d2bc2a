// Kept runs, in the browser's IndexedDB: they survive a reload. A run is
// {id, name, hidden, created, config, iters, losses, epochs, train, test};
// its loss curve is thinned to at most MAX_POINTS means.
const DB = "scratchnet";
const STORE = "runs";
export const MAX_POINTS = 500;

function request(r) {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

// thin averages xs and ys in at most max buckets of equal length.
export function thin(xs, ys, max = MAX_POINTS) {
  if (xs.length <= max) return [xs.slice(), ys.slice()];
  const k = Math.ceil(xs.length / max);
  const tx = [], ty = [];
  for (let i = 0; i < xs.length; i += k) {
    const n = Math.min(k, xs.length - i);
    let sy = 0, cnt = 0;
    for (let j = i; j < i + n; j++) {
      if (ys[j] != null) {
        sy += ys[j];
        cnt++;
      }
    }
    tx.push(xs[i + n - 1]);
    ty.push(cnt ? sy / cnt : null);
  }
  return [tx, ty];
}

export class Runs {
  constructor() {
    this.db = null;
  }

  async open() {
    if (this.db) return this.db;
    const r = indexedDB.open(DB, 1);
    r.onupgradeneeded = () => r.result.createObjectStore(STORE, { keyPath: "id", autoIncrement: true });
    this.db = await request(r);
    return this.db;
  }

  async store(mode) {
    return (await this.open()).transaction(STORE, mode).objectStore(STORE);
  }

  // add keeps a run and returns it with its id.
  async add(run) {
    const [iters, losses] = thin(run.iters, run.losses);
    const r = { ...run, iters, losses, hidden: false, created: Date.now() };
    r.id = await request((await this.store("readwrite")).add(r));
    return r;
  }

  async all() {
    return request((await this.store("readonly")).getAll());
  }

  // update changes some of a run's fields (name, hidden).
  async update(id, fields) {
    const s = await this.store("readwrite");
    const r = await request(s.get(id));
    if (!r) return;
    await request(s.put({ ...r, ...fields }));
  }

  async delete(id) {
    await request((await this.store("readwrite")).delete(id));
  }
}
