# Python package rules: python/jiesu + the extension bindings/python (PyO3), built by maturin
# from the root pyproject.toml into the project's .venv.
.PHONY: python-package bench-python

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
