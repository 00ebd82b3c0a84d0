# Java through JNA: how a Java platform embeds libjiesu (examples/java/JiesuTour.java; see
# bindings/c/README.md, "Java"). Included by the root Makefile; run by `make test`.
#
#   make test-java   build the C library, then run the C README's Java block as written and
#                    check the program's output
#
# javac and JNA (Debian's libjna-java, /usr/share/java/jna.jar) are installed with apt-get when
# missing and we are root; otherwise the test is skipped with a message — except when CI is set,
# where a missing tool fails the test.

.PHONY: test-java java-tools

java-tools:
	@for t in javac:default-jdk-headless /usr/share/java/jna.jar:libjna-java; do \
	  what=$${t%%:*}; pkg=$${t#*:}; \
	  if [ "$${what#/}" != "$$what" ]; then have() { [ -f "$$what" ]; }; else have() { command -v "$$what" >/dev/null 2>&1; }; fi; \
	  if ! have && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing $$pkg (apt-get)"; \
	    apt-get install -y -qq $$pkg >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq $$pkg >/dev/null; } \
	      || echo "java-tools: could not install $$pkg"; \
	  fi; \
	done; true

# After test-c-tour when both are to run (under make -j too): the C README's blocks run
# `make capi`, which rewrites target/capi.
test-java: capi java-tools $(if $(filter test test-c test-c-tour,$(MAKECMDGOALS)),test-c-tour)
	@if ! command -v javac >/dev/null 2>&1 || ! command -v java >/dev/null 2>&1 || ! [ -f /usr/share/java/jna.jar ]; then \
	  if [ -n "$$CI" ]; then echo "test-java: javac, java or /usr/share/java/jna.jar is missing (CI: not skipped)"; exit 1; fi; \
	  echo "test-java: SKIPPED: javac, java or /usr/share/java/jna.jar is missing and could not be installed (not root, or no apt-get)"; \
	  exit 0; \
	fi; \
	set -e; mkdir -p $(CAPI_BUILD); \
	$(call README_SH,test-java,1) > $(CAPI_BUILD)/readme-java.sh; \
	grep -q '^java .*JiesuTour$$' $(CAPI_BUILD)/readme-java.sh; \
	rm -rf target/java; \
	sh -ex $(CAPI_BUILD)/readme-java.sh > $(CAPI_BUILD)/readme-java.out; \
	grep -q '^refused: status 6: command close requires role command_center; .*\[R-ORG-1\]$$' $(CAPI_BUILD)/readme-java.out; \
	grep -q '^state: in_progress, requester 张\*, completion due 2026-03-10T00:00:00+08:00$$' $(CAPI_BUILD)/readme-java.out; \
	grep -q '^evaluation: first alert response.urging, next check at 2026-03-13T00:00:00+08:00$$' $(CAPI_BUILD)/readme-java.out; \
	grep -q '^verify: {"intact":true,"events":3}$$' $(CAPI_BUILD)/readme-java.out; \
	echo "test-java: the Java tour through JNA passed"
