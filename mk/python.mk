# Python package rules: python/jiesu + the extension bindings/python (PyO3), built by maturin
# from the root pyproject.toml into the project's .venv.
.PHONY: python-package bench-python test-python-abi3

PY_WHEELS := target/python-wheels

## python-package: build the wheel (release) and install it into .venv, replacing any earlier
## install (also a `maturin develop` one, whose copy of the extension in python/jiesu is removed
## first so that it cannot end up in the wheel). Tests then run against what users install.
python-package: venv
	rm -rf $(PY_WHEELS) python/jiesu/_jiesu.*.so
	$(VPY) -m maturin build --release --quiet --interpreter $(VPY) --out $(PY_WHEELS)
	$(VPY) -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall $(PY_WHEELS)/jiesu-*.whl

## test-python: type stubs checked against the built module, then the test suite (-W error).
## The tests run from the repository root, where `import jiesu` finds only the installed package.
test-python: python-package
	$(VPY) -m mypy.stubtest jiesu
	$(VPY) -m mypy
	$(VPY) -m pytest -W error -q tests/python

## bench-python: jiesu vs numpy vs chinese_calendar on 10 million random dates.
bench-python: python-package
	$(VPY) benches/python/compare_calendar.py

## test-python-abi3: the one abi3 wheel that python-package built (cp311-abi3: every Python
## >= 3.11) installed, as it is, into a virtualenv of each other Python >= 3.11 found (pyenv's
## versions, python3.1x on PATH; PY_ABI3_PYTHONS to choose), with the pinned
## requirements-dev.txt from the package index, and the test suite (-W error) run there against
## it. .venv's Python is the one test-python runs on. Not part of `make test` (see README).
PY_ABI3_VENVS := target/python-abi3
PY_ABI3_PYTHONS ?= $(shell for p in /root/.pyenv/versions/*/bin/python3 $$(command -v python3.11 python3.12 python3.13 python3.14 2>/dev/null); do \
	  [ -x "$$p" ] && "$$p" -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2])' 2>/dev/null \
	  && echo "$$("$$p" -c 'import sys; print("%d.%d" % sys.version_info[:2])') $$p"; done | sort -u -k1,1 | awk '{print $$2}')
test-python-abi3: python-package
	@set -e; here=$$($(VPY) -c 'import sys; print("%d.%d" % sys.version_info[:2])'); \
	wheel=$$(ls $(PY_WHEELS)/jiesu-*-abi3-*.whl); echo "test-python-abi3: $$wheel"; ran=""; \
	for py in $(PY_ABI3_PYTHONS); do \
	  v=$$($$py -c 'import sys; print("%d.%d" % sys.version_info[:2])'); \
	  [ "$$v" = "$$here" ] && continue; \
	  venv=$(PY_ABI3_VENVS)/$$v; \
	  [ -x $$venv/bin/python ] || $$py -m venv $$venv; \
	  [ $$venv/.installed -nt requirements-dev.txt ] || { $$venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt && touch $$venv/.installed; }; \
	  $$venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall $$wheel; \
	  echo "test-python-abi3: Python $$v ($$py)"; \
	  $$venv/bin/python -m pytest -W error -q -p no:cacheprovider tests/python; \
	  ran="$$ran $$v"; \
	done; \
	[ -n "$$ran" ] || { echo "test-python-abi3: no Python >= 3.11 other than $$here found"; exit 1; }; \
	echo "test-python-abi3: the wheel passed on Python $$here (test-python) and$$ran"
