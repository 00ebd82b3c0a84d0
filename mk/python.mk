# Python package rules. Filled by the Python issue.
test-python: venv
	$(VPY) -m pytest -W error -q tests/python
