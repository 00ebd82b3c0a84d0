# jiesu — the two commands of the README are `make demo` and `make test`.
CARGO   ?= cargo
PYTHON  ?= python3
VENV    := .venv
VPY     := $(VENV)/bin/python

.PHONY: demo test test-rust test-c test-python bench bench-instructions venv clean

## demo: the main job
demo:
	$(CARGO) run --quiet --release --example yanshan_month

## test: every test — Rust (unit, integration, doc), C, then Python (pytest -W error)
test: test-rust test-c test-python

test-rust:
	$(CARGO) test --workspace

## venv: project-local virtualenv filled from the pinned requirements-dev.txt
venv: $(VENV)/.installed

$(VENV)/.installed: requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

## bench: criterion benchmarks (long; not part of `make test`). The escalation and assessment
## populations hold 1 000 000 full tickets each: ≈ 11 GB resident, a few minutes of set-up.
bench:
	$(CARGO) bench --bench calendar --bench guide --bench ticket --bench escalation --bench assessment --bench ticket_instructions

## bench-instructions: instructions per command / per replayed event under callgrind (needs valgrind)
bench-instructions:
	CARGO="$(CARGO)" benches/count_instructions.sh

clean:
	rm -rf $(VENV) target

# The C layer (make capi, install, test-c) and the Python layer (test-python) have their own
# rule files.
include mk/capi.mk
include mk/python.mk
include mk/fuzz.mk
