// Package api is scratchnet's shared-model and board API: one http.Handler
// in plain Go (net/http, database/sql), served by the Cloudflare Worker
// (wasm/worker, with D1, R2 and the static assets) and by `make serve`
// (scripts/serve, with embedded SQLite and a data folder).
//
// The routes:
//
//	POST /api/models       a .snet file (application/octet-stream, at most
//	                       MaxModelBytes), decoded and checked by core;
//	                       201 {id, link, size} (200 if already stored)
//	GET  /api/models/{id}  the bytes, cached as immutable
//	POST /api/board        {"model": id, "name": …} (application/json):
//	                       the server measures the model on the 10,000
//	                       MNIST test images; 201 with the entry (200 if
//	                       already published)
//	GET  /api/board        the best entries, filtered by activation,
//	                       hidden, optimizer and trainSize, paged
//
// An error is JSON {message, key, args}: message in English, key and args
// for the page's catalogues (i18n). The handler keeps nothing in memory
// between requests (the Worker starts afresh for each): the rate limit on
// POSTs lives in the database. The schema is migrations/, applied by
// wrangler on the edge and by Migrate locally.
package api
