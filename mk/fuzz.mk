# Fuzzing (cargo-fuzz / libFuzzer). Included by the root Makefile; not part of `make test`.
#
#   make fuzz                   every target for FUZZ_SECONDS each (default 60), one after the other
#   make fuzz-<target>          one target (e.g. make fuzz-command FUZZ_SECONDS=600)
#   FUZZ_FLAGS=...              extra `cargo fuzz run` options (e.g. --jobs 2, --sanitizer none)
#   make fuzz-build             build the targets only
#   make fuzz-seeds             (re)write the seed corpora under fuzz/seeds/ from the repository's data
#   make fuzz-collect           copy crash inputs from fuzz/artifacts/<target>/ to tests/fuzz-regressions/<target>/
#
# Targets are described in fuzz/src/lib.rs. New corpus entries go to fuzz/corpus/<target>/
# (kept between runs, ignored by git); crashes to fuzz/artifacts/<target>/. Once a crash is
# fixed, `make fuzz-collect` turns it into a regression input that `cargo test` replays
# (tests/fuzz_regressions.rs).
#
# libFuzzer needs unstable rustc flags: RUSTC_BOOTSTRAP=1 enables them on the stable
# toolchain (no nightly needed). cargo-fuzz is installed from crates.io when missing.

FUZZ_SECONDS ?= 60
FUZZ_RSS_MB  ?= 2048
FUZZ_TARGETS := calendar guide rules engine_config command history assessment_jsonl assessment_options suggest notice keyed
FUZZ_ENV     := RUSTC_BOOTSTRAP=1
FUZZ_FLAGS   ?=
FUZZ_ARGS     = -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=$(FUZZ_RSS_MB) -max_len=262144 -timeout=20 -print_final_stats=1

.PHONY: fuzz fuzz-build fuzz-seeds fuzz-collect fuzz-tools $(addprefix fuzz-,$(FUZZ_TARGETS))

fuzz-tools:
	@command -v cargo-fuzz >/dev/null 2>&1 || $(CARGO) install cargo-fuzz --locked

FUZZ_SEEDS_CMD = rm -rf fuzz/seeds && JIESU_FUZZ_SEEDS=$(abspath fuzz/seeds) $(CARGO) test -q -p jiesu --test fuzz_regressions -- --ignored --exact write_seed_corpora

fuzz-seeds:
	$(FUZZ_SEEDS_CMD)

fuzz-build: fuzz-tools
	cd fuzz && $(FUZZ_ENV) $(CARGO) fuzz build $(FUZZ_FLAGS)

# One target for FUZZ_SECONDS: new corpus entries in fuzz/corpus/<t>/, seeds read from fuzz/seeds/<t>/.
FUZZ_RUN = mkdir -p fuzz/corpus/$(1) && cd fuzz && $(FUZZ_ENV) $(CARGO) fuzz run $(FUZZ_FLAGS) $(1) corpus/$(1) seeds/$(1) -- $(FUZZ_ARGS)

$(addprefix fuzz-,$(FUZZ_TARGETS)): fuzz-%: fuzz-tools
	@test -d fuzz/seeds/$* || ( $(FUZZ_SEEDS_CMD) )
	$(call FUZZ_RUN,$*)

fuzz: fuzz-seeds fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	  echo "== fuzz $$t ($(FUZZ_SECONDS) s)"; \
	  ( $(call FUZZ_RUN,$$t) ) || exit 1; \
	done

fuzz-collect:
	@for t in $(FUZZ_TARGETS); do \
	  for f in fuzz/artifacts/$$t/crash-* fuzz/artifacts/$$t/oom-* fuzz/artifacts/$$t/timeout-*; do \
	    [ -f "$$f" ] || continue; \
	    mkdir -p tests/fuzz-regressions/$$t; cp "$$f" tests/fuzz-regressions/$$t/; \
	    echo "tests/fuzz-regressions/$$t/$$(basename $$f)"; \
	  done; \
	done
