# jiesu — the two commands of the README are `make demo` and `make test`.
CARGO   ?= cargo
PYTHON  ?= python3
VENV    := .venv
VPY     := $(VENV)/bin/python

.PHONY: demo test test-rust test-python bench venv clean

## demo: print the SLA deadlines of a few real tickets (the main job until the month simulation lands)
demo:
	$(CARGO) run --quiet --release --example sla_deadlines

## test: every test — Rust (unit, integration, doc), then Python (pytest -W error)
test: test-rust test-python

test-rust:
	$(CARGO) test --workspace

test-python: venv
	$(VPY) -m pytest -W error -q tests/python

## venv: project-local virtualenv filled from the pinned requirements-dev.txt
venv: $(VENV)/.installed

$(VENV)/.installed: requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

## bench: criterion benchmarks (long; not part of `make test`)
bench:
	$(CARGO) bench --bench calendar --bench guide

clean:
	rm -rf $(VENV) target
