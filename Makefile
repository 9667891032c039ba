# Haven: `make run` starts it on http://localhost:8080 with embedded SQLite
# and the demo dataset; `make test` runs every test.

GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)

.PHONY: build run test vet clean

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/haven ./cmd/haven

run: build
	./bin/haven demo
	./bin/haven serve

# test: installs what the tests need when it can (Chromium, a fresh
# PostgreSQL database), then vets and runs every Go test, storage tests on
# SQLite and PostgreSQL, browser tests in headless Chromium.
test:
	./scripts/test.sh

vet:
	$(GO) vet ./...

clean:
	rm -rf bin test-output
