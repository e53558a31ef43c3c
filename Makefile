# Onair build and test entry points. `make help` lists them.
SHELL := /bin/bash
VERSION ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
GO_LDFLAGS := -X github.com/onair/onair/internal/app.Version=$(VERSION)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: help run build web test test-go test-fuzz test-web test-e2e lint bench clean

help: ## list targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

run: build ## build everything and run Onair on http://127.0.0.1:8080 (dev mode, SQLite in ./data)
	ONAIR_DEV=$${ONAIR_DEV:-1} ./bin/onair serve

build: web ## build the web app and the onair binary into bin/
	go build -trimpath -ldflags "$(GO_LDFLAGS)" -o bin/onair ./cmd/onair

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	@touch $@

web: web/node_modules/.package-lock.json ## build the web app into web/dist (embedded by the binary)
	cd web && npm run build

e2e/node_modules/.package-lock.json: e2e/package-lock.json
	cd e2e && npm ci --no-audit --no-fund
	@touch $@

test: build test-go test-fuzz test-web test-e2e ## run every test: Go (race), fuzz targets briefly, web unit tests, Playwright end to end

test-go: ## Go tests with the race detector (PostgreSQL too when ONAIR_TEST_POSTGRES_URL is set)
	go test -race -count=1 ./...

# A count, not a duration: a duration races the fuzz coordinator's deadline on a busy
# machine (go.dev/issue/75804, fixed in Go 1.27) and fails with "context deadline exceeded".
FUZZTIME ?= 20000x
test-fuzz: ## run every Go fuzz target for FUZZTIME (seed corpora run in test-go too)
	@grep -rl --include='*_test.go' '^func Fuzz' internal cmd | xargs -n1 dirname | sort -u | while read -r dir; do \
	  for fn in $$(grep -h '^func Fuzz' $$dir/*_test.go | sed 's/^func \(Fuzz[A-Za-z0-9_]*\).*/\1/'); do \
	    echo "fuzz $$dir $$fn"; go test -tags noui -run '^$$' -fuzz "^$$fn$$" -fuzztime $(FUZZTIME) ./$$dir || exit 1; \
	  done; \
	done

test-web: web/node_modules/.package-lock.json ## web type check and unit tests
	cd web && npm run typecheck && npm test

test-e2e: build e2e/node_modules/.package-lock.json ## Playwright against the built binary and Debian Chromium
	cd e2e && npx playwright test

lint: web/node_modules/.package-lock.json ## gofmt, go vet, TypeScript
	@test -z "$$(gofmt -l cmd internal web bench 2>/dev/null)" || (gofmt -l cmd internal web bench; exit 1)
	go vet ./...
	cd web && npm run typecheck

bench: build ## measure the figures in docs/benchmarks.md
	bash bench/run.sh

clean: ## remove build output
	rm -rf bin web/dist e2e/test-results
