# C ABI rules (libjiesu). Filled by the C ABI issue.
.PHONY: capi install
test-c:
	@echo "C tests: none yet"
