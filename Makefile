# CloudReportServer — the two commands a newcomer needs:
#   make run    build and start the whole system locally (MariaDB, report server, dreport, demo shops)
#   make test   every test: make-run smoke (first run, build included), Rust (unit, protocol, HTTP,
#               MySQL, proxy), scripts, PHP, browser; ends with "N passed, N failed, N skipped"
# Both use the dev profile (dependencies optimised, see Cargo.toml), so they share one compile.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: all build release run test test-rust test-php test-smoke test-scripts bench fuzz lint fmt install clean

all: build

build:
	cargo build --bins

release:
	cargo build --release --bins

run:
	scripts/run-local.sh

test:
	scripts/test-all.sh

test-rust:
	scripts/ensure-deps.sh test
	cargo test --no-fail-fast

test-php: build
	scripts/ensure-deps.sh test
	dreport/tests/run-tests.sh

test-smoke:
	scripts/smoke-run.sh

test-scripts:
	scripts/test-scripts.sh

bench:
	scripts/bench.sh

# Every cargo-fuzz target for FUZZ_SECONDS each (default 60; the full run: FUZZ_SECONDS=600).
fuzz:
	scripts/fuzz.sh

lint:
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings
	@for f in $$(git ls-files 'dreport/*.php'); do php -l "$$f" >/dev/null || exit 1; done; echo "php -l: ok"

fmt:
	cargo fmt --all

install:
	scripts/install.sh

clean:
	cargo clean
	rm -rf run test-output
