# jiesu — the two commands of the README are `make demo` and `make test`.
CARGO   ?= cargo
PYTHON  ?= python3
VENV    := .venv
VPY     := $(VENV)/bin/python

.PHONY: demo test lint test-rust test-c test-python bench bench-suggest bench-instructions venv clean schema

## demo: the main job
demo:
	$(CARGO) run --quiet --release --example yanshan_month

## test: the hygiene gates (lint), then every test — Rust (unit, integration, doc), C, Java
## (through JNA), then Python (pytest -W error)
test: lint test-rust test-c test-java test-python

## lint: the hygiene gates, run first by `make test` (so CI holds them); about 1 min after a
## build, a few seconds when nothing changed.
##   - formatting as committed in rustfmt.toml (checked, never written: run `cargo fmt --all`);
##   - clippy on every crate and target (lib, tests, benches, examples), warnings are errors;
##   - rustdoc, warnings are errors (broken intra-doc links, bad code blocks; the core's
##     #![deny(missing_docs)] is checked by the build itself). The C ABI crate's library is
##     also named `jiesu`, so two crates named jiesu cannot be documented in one cargo call:
##     it is documented first on its own, then the rest of the workspace, whose pages win.
##     Before them, the core's private items (its internal links checked too; those pages are
##     then overwritten by the public ones).
lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps -p jiesu --document-private-items
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps -p jiesu-capi --document-private-items
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps --workspace --exclude jiesu-capi
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps -p jiesu-python --document-private-items

## test-rust: every Rust test, then the README's Rust tour (examples/tour.rs, which
## tests/readme_tours.rs keeps identical to the README's block) run as a program.
test-rust:
	$(CARGO) test --workspace
	$(CARGO) run --quiet --example tour | grep -q '^YS-1 Dispatched: 2 events, category 040201'

## schema: regenerate the published JSON Schemas (schema/) from the Rust types (then commit
## them); tests/schema.rs fails while they are stale.
schema:
	JIESU_UPDATE_SCHEMA=1 $(CARGO) test -p jiesu --test schema committed_schemas_are_up_to_date

## venv: project-local virtualenv filled from the pinned requirements-dev.txt
venv: $(VENV)/.installed

$(VENV)/.installed: requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

## bench: criterion benchmarks, the suggester on its corpus and the Python comparison with numpy
## (long; not part of `make test`). The escalation and assessment
## populations hold 1 000 000 full tickets each: ≈ 11 GB resident, a few minutes of set-up.
bench: bench-suggest bench-python
	$(CARGO) bench --bench calendar --bench guide --bench ticket --bench escalation --bench assessment --bench ticket_instructions

## bench-suggest: the default guide's suggestions measured on the labelled corpus
## data/corpus/requests.jsonl (regenerate with `python3 data/corpus/generate.py`): top-1/top-3
## lead unit, per-unit recall, emergencies, out of scope; train and test split by template.
bench-suggest:
	$(CARGO) run --quiet --release --example suggest_eval

## bench-instructions: instructions per command / per replayed event under callgrind (needs valgrind)
bench-instructions:
	CARGO="$(CARGO)" benches/count_instructions.sh

clean:
	rm -rf $(VENV) target

# The C layer (make capi, install, test-c) and the Python layer (test-python) have their own
# rule files.
include mk/capi.mk
include mk/java.mk
include mk/python.mk
include mk/fuzz.mk
