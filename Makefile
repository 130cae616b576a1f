# eventbook: the two commands are `make run` and `make test`.
SHELL := /bin/bash
JOBS ?= 2

# `make run DEMO=off` starts without demo data on a first start.
DEMO ?= on

.PHONY: all build web run test test-debug fuzz bench cluster cluster-down clean

all: build

build:
	@scripts/bootstrap build
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS) --target eventbook

web:
	@scripts/web build

run: build web
	./build/eventbook dev --demo-data $(DEMO)

test:
	@scripts/bootstrap test
	@scripts/run-tests

# The same suites under AddressSanitizer and UndefinedBehaviorSanitizer.
test-debug:
	@scripts/bootstrap test
	@EVENTBOOK_PRESET=debug scripts/run-tests

# Every libFuzzer target for 60 s (FUZZ_SECONDS=N to change it).
fuzz:
	@scripts/bootstrap test
	@scripts/fuzz --seconds $${FUZZ_SECONDS:-60}

bench:
	@scripts/bootstrap bench
	@scripts/run-bench

# The production topology on this machine: every service its own process
# (two replicas of events, bookings and queue), PostgreSQL, RabbitMQ, nginx on :8080.
cluster: build web
	@scripts/bootstrap test
	@scripts/cluster start

cluster-down:
	@scripts/cluster stop

clean:
	rm -rf build
