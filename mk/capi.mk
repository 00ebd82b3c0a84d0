# The C library (libjiesu): build, install, tests, benchmark. Included by the root Makefile.
#
#   make capi                  release build into target/capi/{lib,include,lib/pkgconfig}
#   make install PREFIX=/opt/x copy that layout under a prefix (default /usr/local; DESTDIR too)
#   make test-c                C tests (tests/c: test_api, test_ticket, test_threads): dynamic
#                              and static, valgrind, ASan/UBSan, threads, examples/c built
#                              through pkg-config and run (run by make test)
#   make bench-c               per-call and batch throughput (benches/c; not run by make test)
#   make header                regenerate include/jiesu.h with cbindgen (then commit it)

CC          ?= cc
PREFIX      ?= /usr/local
CAPI        := target/capi
CAPI_ABS    := $(abspath $(CAPI))
CAPI_BUILD  := target/c
CAPI_VERSION := $(shell awk -F'"' '/^\[workspace\.package\]/{w=1} w && /^version *=/{print $$2; exit}' Cargo.toml)
CAPI_MAJOR  := $(word 1,$(subst ., ,$(CAPI_VERSION)))
CAPI_MINOR  := $(word 2,$(subst ., ,$(CAPI_VERSION)))
# SONAME as cargo-c: libjiesu.so.MAJOR, or libjiesu.so.0.MINOR before 1.0 (set by bindings/c/build.rs).
CAPI_SOVER  := $(if $(filter 0,$(CAPI_MAJOR)),0.$(CAPI_MINOR),$(CAPI_MAJOR))
CAPI_SONAME := libjiesu.so.$(CAPI_SOVER)
CAPI_REAL   := libjiesu.so.$(CAPI_VERSION)
# What the Rust staticlib needs from the system (`rustc --print native-static-libs`, less -lc).
CAPI_LIBS_PRIVATE := -lgcc_s -lutil -lrt -lpthread -lm -ldl
CAPI_PC      = sed -e 's|@PREFIX@|$(1)|' -e 's|@VERSION@|$(CAPI_VERSION)|' -e 's|@LIBS_PRIVATE@|$(CAPI_LIBS_PRIVATE)|' bindings/c/jiesu.pc.in

# C programs are built as an integrator would: flags from pkg-config on target/capi.
CAPI_PKG    := PKG_CONFIG_PATH=$(CAPI_ABS)/lib/pkgconfig pkg-config
C_STRICT    := -std=c11 -Wall -Wextra -Wpedantic -Werror -g
C_DYNAMIC    = $$($(CAPI_PKG) --libs jiesu) -Wl,-rpath,$(CAPI_ABS)/lib
C_STATIC     = $(CAPI)/lib/libjiesu.a $$($(CAPI_PKG) --static --libs-only-l jiesu | sed 's/-ljiesu//')
C_SANITIZE  := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
VALGRIND_RUN := valgrind --quiet --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect
SAN_ENV     := ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# The threaded test: 1 000 000 calls natively, fewer under valgrind and the sanitizers.
THREAD_CALLS ?= 1000000
# The single-threaded C tests: together they call every function of the header.
C_API_TESTS := tests/c/test_api.c tests/c/test_ticket.c

.PHONY: capi install test-c bench-c header capi-tools

capi:
	$(CARGO) build --release -p jiesu-capi
	rm -rf $(CAPI)
	mkdir -p $(CAPI)/lib/pkgconfig $(CAPI)/include
	cp target/release/libjiesu.so $(CAPI)/lib/$(CAPI_REAL)
	ln -s $(CAPI_REAL) $(CAPI)/lib/$(CAPI_SONAME)
	ln -s $(CAPI_SONAME) $(CAPI)/lib/libjiesu.so
	cp target/release/libjiesu.a $(CAPI)/lib/libjiesu.a
	cp include/jiesu.h $(CAPI)/include/jiesu.h
	$(call CAPI_PC,$(CAPI_ABS)) > $(CAPI)/lib/pkgconfig/jiesu.pc
	@echo "libjiesu $(CAPI_VERSION) in $(CAPI)/ (SONAME $(CAPI_SONAME))"

install: capi
	@case "$(PREFIX)" in /*) ;; *) echo "PREFIX must be an absolute path: $(PREFIX)"; exit 1;; esac
	install -d $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include
	install -m 644 $(CAPI)/include/jiesu.h $(DESTDIR)$(PREFIX)/include/jiesu.h
	install -m 755 $(CAPI)/lib/$(CAPI_REAL) $(DESTDIR)$(PREFIX)/lib/$(CAPI_REAL)
	ln -sf $(CAPI_REAL) $(DESTDIR)$(PREFIX)/lib/$(CAPI_SONAME)
	ln -sf $(CAPI_SONAME) $(DESTDIR)$(PREFIX)/lib/libjiesu.so
	install -m 644 $(CAPI)/lib/libjiesu.a $(DESTDIR)$(PREFIX)/lib/libjiesu.a
	$(call CAPI_PC,$(PREFIX)) > $(DESTDIR)$(PREFIX)/lib/pkgconfig/jiesu.pc
	@echo "installed libjiesu $(CAPI_VERSION) under $(DESTDIR)$(PREFIX)"

header:
	JIESU_UPDATE_HEADER=1 $(CARGO) test -p jiesu-capi --test header

# pkg-config and valgrind: installed with apt-get when missing and we are root; otherwise
# the runs that need them are skipped with a message.
capi-tools:
	@for t in pkg-config:pkg-config valgrind:valgrind; do \
	  cmd=$${t%%:*}; pkg=$${t#*:}; \
	  if ! command -v $$cmd >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing $$pkg (apt-get)"; \
	    apt-get install -y -qq $$pkg >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq $$pkg >/dev/null; } \
	      || echo "capi-tools: could not install $$pkg"; \
	  fi; \
	done; true

test-c: capi capi-tools
	@command -v pkg-config >/dev/null || { echo "test-c: pkg-config is required"; exit 1; }
	@set -e; for f in $$(sed -n 's/^[a-z][a-z_ *]*[ *]\(jiesu_[a-z0-9_]*\)(.*/\1/p' include/jiesu.h); do \
	  cat $(C_API_TESTS) | grep -q "$$f(" || { echo "test-c: $$f is not exercised by $(C_API_TESTS)"; exit 1; }; \
	done; echo "test-c: every function of include/jiesu.h is exercised by $(C_API_TESTS)"
	mkdir -p $(CAPI_BUILD)
	$(CC) $(C_STRICT) -O1 $$($(CAPI_PKG) --cflags jiesu) tests/c/test_api.c $(C_DYNAMIC) -o $(CAPI_BUILD)/test_api
	$(CC) $(C_STRICT) -O1 $$($(CAPI_PKG) --cflags jiesu) tests/c/test_api.c $(C_STATIC) -o $(CAPI_BUILD)/test_api_static
	$(CC) $(C_STRICT) -O1 $(C_SANITIZE) $$($(CAPI_PKG) --cflags jiesu) tests/c/test_api.c $(C_DYNAMIC) -o $(CAPI_BUILD)/test_api_asan
	$(CC) $(C_STRICT) -O1 $(C_SANITIZE) $$($(CAPI_PKG) --cflags jiesu) tests/c/test_api.c $(C_STATIC) -o $(CAPI_BUILD)/test_api_asan_static
	$(CC) $(C_STRICT) -O1 $$($(CAPI_PKG) --cflags jiesu) tests/c/test_ticket.c $(C_DYNAMIC) -o $(CAPI_BUILD)/test_ticket
	$(CC) $(C_STRICT) -O1 $$($(CAPI_PKG) --cflags jiesu) tests/c/test_ticket.c $(C_STATIC) -o $(CAPI_BUILD)/test_ticket_static
	$(CC) $(C_STRICT) -O1 $(C_SANITIZE) $$($(CAPI_PKG) --cflags jiesu) tests/c/test_ticket.c $(C_DYNAMIC) -o $(CAPI_BUILD)/test_ticket_asan
	$(CC) $(C_STRICT) -O1 $(C_SANITIZE) $$($(CAPI_PKG) --cflags jiesu) tests/c/test_ticket.c $(C_STATIC) -o $(CAPI_BUILD)/test_ticket_asan_static
	$(CC) $(C_STRICT) -O2 -pthread $$($(CAPI_PKG) --cflags jiesu) tests/c/test_threads.c $(C_DYNAMIC) -o $(CAPI_BUILD)/test_threads
	$(CC) $(C_STRICT) -O2 -pthread $$($(CAPI_PKG) --cflags jiesu) tests/c/test_threads.c $(C_STATIC) -o $(CAPI_BUILD)/test_threads_static
	$(CC) $(C_STRICT) -O1 -pthread $(C_SANITIZE) $$($(CAPI_PKG) --cflags jiesu) tests/c/test_threads.c $(C_STATIC) -o $(CAPI_BUILD)/test_threads_asan
	@# The example, built exactly as its comment says: cc app.c $$(pkg-config --cflags --libs jiesu).
	$(CC) $(C_STRICT) examples/c/deadlines.c $$($(CAPI_PKG) --cflags --libs jiesu) -Wl,-rpath,$(CAPI_ABS)/lib -o $(CAPI_BUILD)/deadlines
	$(CC) $(C_STRICT) examples/c/ticket.c $$($(CAPI_PKG) --cflags --libs jiesu) -Wl,-rpath,$(CAPI_ABS)/lib -o $(CAPI_BUILD)/ticket
	$(CAPI_BUILD)/test_api
	$(CAPI_BUILD)/test_api_static
	$(SAN_ENV) $(CAPI_BUILD)/test_api_asan
	$(SAN_ENV) $(CAPI_BUILD)/test_api_asan_static
	$(CAPI_BUILD)/test_ticket
	$(CAPI_BUILD)/test_ticket_static
	$(SAN_ENV) $(CAPI_BUILD)/test_ticket_asan
	$(SAN_ENV) $(CAPI_BUILD)/test_ticket_asan_static
	$(CAPI_BUILD)/test_threads $(THREAD_CALLS)
	$(CAPI_BUILD)/test_threads_static $(THREAD_CALLS)
	$(SAN_ENV) $(CAPI_BUILD)/test_threads_asan 200000
	$(CAPI_BUILD)/deadlines > $(CAPI_BUILD)/deadlines.out
	grep -q 'completion .*2026-10-14T00:00:00+08:00' $(CAPI_BUILD)/deadlines.out
	$(CAPI_BUILD)/ticket > $(CAPI_BUILD)/ticket.out
	grep -q 'completion .*2026-03-10T00:00:00+08:00  *running' $(CAPI_BUILD)/ticket.out
	grep -q 'next_check_at: 2026-03-13T00:00:00+08:00' $(CAPI_BUILD)/ticket.out
	grep -q 'history: {"intact":true,"events":10}' $(CAPI_BUILD)/ticket.out
	@# make install into a scratch prefix; the example builds and runs against it.
	rm -rf $(CAPI_BUILD)/prefix
	$(MAKE) --no-print-directory install PREFIX=$(abspath $(CAPI_BUILD))/prefix > /dev/null
	$(CC) $(C_STRICT) examples/c/deadlines.c $$(PKG_CONFIG_PATH=$(abspath $(CAPI_BUILD))/prefix/lib/pkgconfig pkg-config --cflags --libs jiesu) -o $(CAPI_BUILD)/deadlines_installed
	LD_LIBRARY_PATH=$(abspath $(CAPI_BUILD))/prefix/lib $(CAPI_BUILD)/deadlines_installed | grep -q 'completion .*2026-10-14T00:00:00+08:00'
	$(CC) $(C_STRICT) examples/c/ticket.c $$(PKG_CONFIG_PATH=$(abspath $(CAPI_BUILD))/prefix/lib/pkgconfig pkg-config --cflags --libs jiesu) -o $(CAPI_BUILD)/ticket_installed
	LD_LIBRARY_PATH=$(abspath $(CAPI_BUILD))/prefix/lib $(CAPI_BUILD)/ticket_installed | grep -q 'next_check_at: 2026-03-13T00:00:00+08:00'
	@if command -v valgrind >/dev/null 2>&1; then \
	  set -ex; \
	  $(VALGRIND_RUN) $(CAPI_BUILD)/test_api; \
	  $(VALGRIND_RUN) $(CAPI_BUILD)/test_api_static; \
	  $(VALGRIND_RUN) $(CAPI_BUILD)/test_ticket; \
	  $(VALGRIND_RUN) $(CAPI_BUILD)/test_ticket_static; \
	  $(VALGRIND_RUN) $(CAPI_BUILD)/test_threads 100000; \
	  $(VALGRIND_RUN) $(CAPI_BUILD)/deadlines > /dev/null; \
	  $(VALGRIND_RUN) $(CAPI_BUILD)/ticket > /dev/null; \
	else \
	  echo "test-c: SKIPPED the valgrind runs: valgrind is not installed and could not be (not root, or no apt-get)"; \
	fi
	@echo "test-c: all C tests passed"

bench-c: capi
	mkdir -p $(CAPI_BUILD)
	$(CC) -std=c11 -O2 -g $$($(CAPI_PKG) --cflags jiesu) benches/c/bench_calendar.c $(C_STATIC) -o $(CAPI_BUILD)/bench_calendar
	$(CAPI_BUILD)/bench_calendar
