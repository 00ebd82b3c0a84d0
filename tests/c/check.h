/*
 * check.h: the checking helpers shared by the C tests (test_api.c, test_ticket.c): CHECK,
 * OK (the call succeeded and left err untouched), FAILS/FAILS2 (the call failed with a status
 * and a message containing the needles; the error is freed), the statuses observed, sentinels
 * that out-parameters must keep on failure, and unterminated heap copies of strings (so that
 * reading past `len` is caught by valgrind and ASan).
 */
#ifndef JIESU_TEST_CHECK_H
#define JIESU_TEST_CHECK_H

#include "jiesu.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int passed = 0, failed = 0;
static int seen[64]; /* statuses observed, by number */

#define CHECK(cond)                                                                            \
    do {                                                                                       \
        if (cond) {                                                                            \
            passed++;                                                                          \
        } else {                                                                               \
            failed++;                                                                          \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);           \
        }                                                                                      \
    } while (0)

static inline void note(jiesu_status s) {
    if ((int)s >= 0 && (int)s < 64) seen[(int)s] = 1;
}

/* The call succeeded and left err untouched. */
static inline void ok_at(const char *file, int line, jiesu_status s, jiesu_error *err) {
    note(s);
    if (s == JIESU_STATUS_OK && err == NULL) {
        passed++;
        return;
    }
    failed++;
    fprintf(stderr, "%s:%d: expected OK, got status %d: %s\n", file, line, (int)s,
            err ? jiesu_error_message(err) : "(no error object)");
    jiesu_error_free(err);
}
#define OK(call, err)                                                                          \
    do {                                                                                       \
        jiesu_status s_ = (call);                                                              \
        ok_at(__FILE__, __LINE__, s_, err);                                                    \
        err = NULL;                                                                            \
    } while (0)

/* The call failed with `want`, the error object carries it and a message containing
 * `needle` (and `needle2` when not NULL); the error is freed. */
static inline void err_at(const char *file, int line, jiesu_status s, jiesu_error *err, jiesu_status want,
                          const char *needle, const char *needle2) {
    note(s);
    const char *msg = err ? jiesu_error_message(err) : "";
    int good = s == want && err != NULL && jiesu_error_code(err) == want && strstr(msg, needle) != NULL &&
               (needle2 == NULL || strstr(msg, needle2) != NULL);
    if (good) {
        passed++;
    } else {
        failed++;
        fprintf(stderr, "%s:%d: expected status %d with \"%s\"%s%s, got %d: %s\n", file, line, (int)want,
                needle, needle2 ? " and " : "", needle2 ? needle2 : "", (int)s, msg);
    }
    jiesu_error_free(err);
}
/* The call is evaluated before err is read, and err is NULL again afterwards. */
#define FAILS2(call, err, want, needle, needle2)                                               \
    do {                                                                                       \
        jiesu_status s_ = (call);                                                              \
        err_at(__FILE__, __LINE__, s_, err, (want), (needle), (needle2));                      \
        err = NULL;                                                                            \
    } while (0)
#define FAILS(call, err, want, needle) FAILS2(call, err, want, needle, NULL)

/* Sentinels: out-parameters must keep them on failure. */
static int sentinel_object;
#define SENTINEL_CAL ((jiesu_calendar *)(void *)&sentinel_object)
#define SENTINEL_ENGINE ((jiesu_engine *)(void *)&sentinel_object)
#define SENTINEL_STR ((char *)(void *)&sentinel_object)

/* A heap copy of `s` without its NUL terminator, so that reading past `len` is caught by
 * valgrind and ASan. */
static inline char *unterminated(const char *s, size_t *len) {
    *len = strlen(s);
    char *p = malloc(*len ? *len : 1);
    if (!p) abort();
    memcpy(p, s, *len);
    return p;
}

#endif /* JIESU_TEST_CHECK_H */
