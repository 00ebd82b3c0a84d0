# jiesu — the two commands of the README are `make demo` and `make test`.
CARGO   ?= cargo
PYTHON  ?= python3
VENV    := .venv
VPY     := $(VENV)/bin/python

.PHONY: demo test test-rust test-c test-python bench venv clean

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

## bench: criterion benchmarks (long; not part of `make test`)
bench:
	$(CARGO) bench --bench calendar --bench guide --bench ticket --bench escalation --bench assessment

clean:
	rm -rf $(VENV) target

# The C layer (make capi, install, test-c) and the Python layer (test-python) have their own
# rule files.
include mk/capi.mk
include mk/python.mk
include mk/fuzz.mk
