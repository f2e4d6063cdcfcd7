# rustha: build, test, demo, bench, install and packaging entry points.
# The quick start is `make demo` and `make test`; both install what they need (as root, Debian 12).

CARGO     ?= cargo
PREFIX    ?= /usr
DESTDIR   ?=
OCF_DIR   ?= $(PREFIX)/lib/ocf/resource.d/rustha
BIN_DIR   ?= $(PREFIX)/sbin
MAN_DIR   ?= $(PREFIX)/share/man/man8
DOC_DIR   ?= $(PREFIX)/share/doc/rustha
HA_DIR    ?= /etc/ha.d/resource.d
UNIT_DIR  ?= $(PREFIX)/lib/systemd/system
CONF_DIR  ?= /etc/rustha
AGENTS    := vip osm-failover pgsqlchk proxy filesync mysql-mm
# Cargo profile for build/install: `release` (quick to build; tests and the demo use it) or
# `dist` (whole-program LTO; packages and benchmarks use it).
PROFILE   ?= release
RELEASE   := target/$(PROFILE)
DEBUG_DIR := target/debug

.PHONY: all build deps test unit-test integration-test lint metadata check-metadata man migrate-examples demo chaos bench install deb rpm clean

all: build

build:
	$(CARGO) build --profile $(PROFILE) --workspace --bins

deps:
	tests/scripts/deps.sh

# Unit tests, lints, metadata check, the fuzz targets for a few seconds each, then the
# integration tests against real components.
test: deps lint unit-test fuzz-smoke integration-test

# The documentation builds without a warning (broken or private links) and every crate's overview
# renders.
lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -q -- -D warnings
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps --workspace -q

unit-test:
	$(CARGO) test --workspace --lib --bins -q

# Coverage-guided fuzzing (fuzz/, cargo-afl and afl-fuzz): every target for FUZZ_SECONDS;
# `make test` runs each for FUZZ_SMOKE_SECONDS so they keep building and passing.
FUZZ_SECONDS       ?= 600
FUZZ_SMOKE_SECONDS ?= 5
.PHONY: fuzz fuzz-smoke
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) tests/scripts/fuzz.sh
fuzz-smoke:
	FUZZ_SECONDS=$(FUZZ_SMOKE_SECONDS) tests/scripts/fuzz.sh

# Integration tests run the release binaries (the ones that get packaged); with them, the
# harness's and the lab's own tests and doc examples.
integration-test: build
	RUSTHA_BIN_DIR=$(CURDIR)/$(RELEASE) $(CARGO) test -p rustha-tests -p rustha-harness -p rustha-lab \
	  --profile $(PROFILE) -- --test-threads=2

# Regenerate ocf-metadata/*.xml from the agents (the test checks they match).
metadata: build
	for a in $(AGENTS); do $(RELEASE)/$$a meta-data > ocf-metadata/$$a.xml; done

# Regenerate docs/migrate/*/migrate.sh, what `rustha migrate` prints for each example's input
# files (the arguments are in the example's `args`; a test checks they match).
migrate-examples: build
	for d in docs/migrate/*/; do (cd $$d && $(CURDIR)/$(RELEASE)/rustha migrate $$(cat args) > migrate.sh); done

man: build
	mkdir -p target/man
	for a in $(AGENTS); do $(RELEASE)/$$a --man > target/man/rustha-$$a.8; done
	$(RELEASE)/rustha --man > target/man/rustha.8

demo: deps build
	$(RELEASE)/lab demo --bin-dir $(CURDIR)/$(RELEASE)

# The fault campaign (docs/chaos.md): CHAOS_STEPS random faults drawn from CHAOS_SEED on a
# three-node cluster running every agent, with fencing; `make test` runs a short one
# (tests/tests/lab/chaos.rs).
CHAOS_SEED  ?= 1
CHAOS_STEPS ?= 200
chaos: deps build
	$(RELEASE)/lab chaos --bin-dir $(CURDIR)/$(RELEASE) --seed $(CHAOS_SEED) --steps $(CHAOS_STEPS) --fencing

# Benchmarks measure what gets shipped: the `dist` profile.
bench: PROFILE = dist
bench: deps build
	RUSTHA_BIN_DIR=$(CURDIR)/$(RELEASE) tests/scripts/bench.sh

# Agents where Pacemaker looks for provider rustha, and on PATH as rustha-<agent> (a bare `proxy`
# or `vip` in /usr/sbin could clash with other packages); the `rustha` command; man pages (gzip -n: reproducible),
# heartbeat wrappers, systemd units, example configurations. A configuration already in
# CONF_DIR is left as it is.
install: build man
	install -d $(DESTDIR)$(OCF_DIR) $(DESTDIR)$(BIN_DIR) $(DESTDIR)$(MAN_DIR) $(DESTDIR)$(HA_DIR) \
	  $(DESTDIR)$(UNIT_DIR) $(DESTDIR)$(CONF_DIR) $(DESTDIR)$(DOC_DIR)/examples
	for a in $(AGENTS); do \
	  install -m 0755 $(RELEASE)/$$a $(DESTDIR)$(OCF_DIR)/$$a; \
	  ln -sfn $$(realpath -m --relative-to=$(BIN_DIR) $(OCF_DIR))/$$a $(DESTDIR)$(BIN_DIR)/rustha-$$a; \
	  gzip -9n < target/man/rustha-$$a.8 > $(DESTDIR)$(MAN_DIR)/rustha-$$a.8.gz; \
	  chmod 0644 $(DESTDIR)$(MAN_DIR)/rustha-$$a.8.gz; \
	  sed "s/@AGENT@/$$a/g" packaging/heartbeat/wrapper.in > $(DESTDIR)$(HA_DIR)/$$a; \
	  chmod 0755 $(DESTDIR)$(HA_DIR)/$$a; \
	done
	install -m 0755 $(RELEASE)/rustha $(DESTDIR)$(BIN_DIR)/rustha
	gzip -9n < target/man/rustha.8 > $(DESTDIR)$(MAN_DIR)/rustha.8.gz
	chmod 0644 $(DESTDIR)$(MAN_DIR)/rustha.8.gz
	install -m 0644 packaging/systemd/*.service $(DESTDIR)$(UNIT_DIR)/
	install -m 0644 packaging/examples/* $(DESTDIR)$(DOC_DIR)/examples/
	for f in haproxy.cfg filesync.conf; do \
	  [ -e $(DESTDIR)$(CONF_DIR)/$$f ] || install -m 0644 packaging/examples/$$f $(DESTDIR)$(CONF_DIR)/$$f; \
	done

# Packages carry the `dist` build unless PROFILE says otherwise.
deb:
	PROFILE=$(if $(filter command line environment,$(origin PROFILE)),$(PROFILE),dist) packaging/build-deb.sh

rpm:
	PROFILE=$(if $(filter command line environment,$(origin PROFILE)),$(PROFILE),dist) packaging/build-rpm.sh

clean:
	$(CARGO) clean
	rm -rf artifacts
