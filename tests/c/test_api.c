/*
 * test_api.c: the library, calendar, engine, guide and SLA functions of include/jiesu.h
 * (tests/c/test_ticket.c has the ticket, escalation and assessment ones), every status code
 * they can return, and bad input (NULL for each pointer, invalid UTF-8, invalid and truncated
 * JSON and TOML, `len` shorter than the string, out-of-coverage dates, huge n and len,
 * _free(NULL)). The helpers (CHECK, OK, FAILS, sentinels) are in check.h.
 *
 * Results are checked against known values of the CN calendar (2026-09-30 = day 20726 plus
 * 5 working days is 2026-10-13 = 20739; 2026-02-14 = 20498 is a make-up working day), and of
 * its working time (business hours 09:00-12:00 and 14:30-18:00 Monday to Friday: Monday
 * 2026-03-09 09:00 = 1773018000 plus 10800 s is 12:00 = 1773028800), also with other
 * business hours. New engines from an engine with another guide (data/guide/yanshan.toml as a
 * new version, a one-category guide as JSON) or rule set (data/escalation/default.toml with
 * another message, a one-rule set as JSON) classify and escalate by them, and the original
 * engine is unchanged; the data files are read from JIESU_DATA_DIR (mk/capi.mk sets it to the
 * repository's data/; argv[1] overrides it).
 * Out-parameters are pre-filled with sentinels to prove they are written only on success.
 *
 * Built with -std=c11 -Wall -Wextra -Wpedantic -Werror, linked dynamically and statically,
 * run natively, under valgrind and with ASan/UBSan (mk/capi.mk, `make test-c`).
 */
#include "jiesu.h"
#include "check.h"

enum {
    D_2004_01_01 = 12418,
    D_2026_02_13 = 20497,
    D_2026_02_14 = 20498, /* Saturday, make-up working day (Spring Festival) */
    D_2026_02_15 = 20499, /* Sunday, holiday */
    D_2026_03_07 = 20519, /* Saturday, ordinary weekend */
    D_2026_03_09 = 20521, /* Monday */
    D_2026_04_20 = 20563, /* Monday */
    D_2026_09_30 = 20726,
    D_2026_10_01 = 20727, /* National Day */
    D_2026_10_08 = 20734,
    D_2026_10_13 = 20739,
    D_2026_10_14 = 20740,
    D_2026_12_20 = 20807,
    D_2026_12_25 = 20812,
    D_2027_01_01 = 20819,
    D_2027_01_04 = 20822,
};

static const int64_t T_2026_09_30_10H = 1790733600; /* 2026-09-30T10:00:00+08:00 */
static const int64_t T_2026_02_13_16H = 1770969600; /* 2026-02-13T16:00:00+08:00 */
static const int64_t T_2026_03_02_10H = 1772416800; /* 2026-03-02T10:00:00+08:00 */
static const int64_t T_2026_12_25_10H = 1798164000; /* 2026-12-25T10:00:00+08:00 */

static void test_version_and_errors(void) {
    CHECK(strcmp(jiesu_version(), JIESU_VERSION) == 0);
    char v[64];
    snprintf(v, sizeof v, "%d.%d.%d", JIESU_VERSION_MAJOR, JIESU_VERSION_MINOR, JIESU_VERSION_PATCH);
    CHECK(strcmp(v, JIESU_VERSION) == 0);
    CHECK(jiesu_error_code(NULL) == JIESU_STATUS_NULL_ARGUMENT);
    CHECK(strcmp(jiesu_error_message(NULL), "") == 0);
    jiesu_error_free(NULL);
    jiesu_string_free(NULL);
    jiesu_calendar_free(NULL);
    jiesu_engine_free(NULL);
    /* err may be NULL: the status alone comes back. */
    jiesu_calendar *cal = SENTINEL_CAL;
    CHECK(jiesu_calendar_builtin("XX", &cal, NULL) == JIESU_STATUS_INVALID_INPUT);
    CHECK(cal == SENTINEL_CAL);
}

static jiesu_calendar *test_builtin(void) {
    jiesu_error *err = NULL;
    jiesu_calendar *cal = SENTINEL_CAL;
    FAILS(jiesu_calendar_builtin("XX", &cal, &err), err, JIESU_STATUS_INVALID_INPUT, "unknown built-in calendar \"XX\"");
    CHECK(cal == SENTINEL_CAL);
    FAILS(jiesu_calendar_builtin(NULL, &cal, &err), err, JIESU_STATUS_NULL_ARGUMENT, "name is NULL");
    FAILS(jiesu_calendar_builtin("CN", NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out is NULL");
    FAILS(jiesu_calendar_builtin("C\xffN", &cal, &err), err, JIESU_STATUS_INVALID_UTF8, "name: invalid UTF-8 at byte 1");
    CHECK(cal == SENTINEL_CAL);
    OK(jiesu_calendar_builtin("CN", &cal, &err), err);
    CHECK(cal != SENTINEL_CAL && cal != NULL);
    return cal;
}

static void test_days(const jiesu_calendar *cal) {
    jiesu_error *err = NULL;
    bool w = false;
    OK(jiesu_calendar_is_workday(cal, D_2026_02_14, &w, &err), err);
    CHECK(w == true);
    OK(jiesu_calendar_is_workday(cal, D_2026_02_15, &w, &err), err);
    CHECK(w == false);
    OK(jiesu_calendar_is_workday(cal, D_2026_10_01, &w, &err), err);
    CHECK(w == false);
    w = true;
    FAILS2(jiesu_calendar_is_workday(cal, D_2027_01_04, &w, &err), err, JIESU_STATUS_OUT_OF_COVERAGE, "2027", "[R-SLA-7]");
    CHECK(w == true);
    FAILS(jiesu_calendar_is_workday(cal, INT32_MAX, &w, &err), err, JIESU_STATUS_INVALID_INPUT, "outside the supported range");
    FAILS(jiesu_calendar_is_workday(NULL, D_2026_02_14, &w, &err), err, JIESU_STATUS_NULL_ARGUMENT, "cal is NULL");
    FAILS(jiesu_calendar_is_workday(cal, D_2026_02_14, NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out is NULL");

    jiesu_day_kind k = JIESU_DAY_KIND_WEEKEND;
    OK(jiesu_calendar_day_kind(cal, D_2026_02_14, &k, &err), err);
    CHECK(k == JIESU_DAY_KIND_MAKEUP_WORKDAY);
    OK(jiesu_calendar_day_kind(cal, D_2026_10_01, &k, &err), err);
    CHECK(k == JIESU_DAY_KIND_HOLIDAY);
    OK(jiesu_calendar_day_kind(cal, D_2026_03_07, &k, &err), err);
    CHECK(k == JIESU_DAY_KIND_WEEKEND);
    OK(jiesu_calendar_day_kind(cal, D_2026_03_09, &k, &err), err);
    CHECK(k == JIESU_DAY_KIND_WORKDAY);
    FAILS(jiesu_calendar_day_kind(cal, D_2027_01_04, &k, &err), err, JIESU_STATUS_OUT_OF_COVERAGE, "2027");
    CHECK(k == JIESU_DAY_KIND_WORKDAY);
    FAILS(jiesu_calendar_day_kind(cal, INT32_MIN, &k, &err), err, JIESU_STATUS_INVALID_INPUT, "date");
    FAILS(jiesu_calendar_day_kind(NULL, 0, &k, &err), err, JIESU_STATUS_NULL_ARGUMENT, "cal is NULL");
    FAILS(jiesu_calendar_day_kind(cal, 0, NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out is NULL");

    int32_t d = -1;
    OK(jiesu_calendar_add_working_days(cal, D_2026_09_30, 5, &d, &err), err);
    CHECK(d == D_2026_10_13);
    OK(jiesu_calendar_add_working_days(cal, D_2026_10_13, -5, &d, &err), err);
    CHECK(d == D_2026_09_30);
    OK(jiesu_calendar_add_working_days(cal, D_2026_10_01, 0, &d, &err), err);
    CHECK(d == D_2026_10_01);
    /* The 3rd working day after Friday 2026-02-13 is 2026-02-25 (14 is worked, 15-23 off). */
    OK(jiesu_calendar_add_working_days(cal, D_2026_02_13, 3, &d, &err), err);
    CHECK(d == D_2026_02_13 + 12);
    d = -1;
    FAILS2(jiesu_calendar_add_working_days(cal, D_2026_12_25, 5, &d, &err), err, JIESU_STATUS_OUT_OF_COVERAGE, "2027", "R-SLA-7");
    CHECK(d == -1);
    FAILS(jiesu_calendar_add_working_days(cal, D_2026_09_30, 1000000, &d, &err), err, JIESU_STATUS_OUT_OF_COVERAGE, "does not cover");
    FAILS(jiesu_calendar_add_working_days(cal, D_2026_09_30, INT32_MAX, &d, &err), err, JIESU_STATUS_INVALID_INPUT, "field n");
    FAILS(jiesu_calendar_add_working_days(cal, D_2026_09_30, INT32_MIN, &d, &err), err, JIESU_STATUS_INVALID_INPUT, "out of range");
    FAILS(jiesu_calendar_add_working_days(cal, INT32_MIN, 1, &d, &err), err, JIESU_STATUS_INVALID_INPUT, "date");
    CHECK(d == -1);
    FAILS(jiesu_calendar_add_working_days(NULL, D_2026_09_30, 5, &d, &err), err, JIESU_STATUS_NULL_ARGUMENT, "cal is NULL");
    FAILS(jiesu_calendar_add_working_days(cal, D_2026_09_30, 5, NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out is NULL");

    OK(jiesu_calendar_busday_offset(cal, D_2026_10_01, 0, JIESU_ROLL_FORWARD, &d, &err), err);
    CHECK(d == D_2026_10_08);
    OK(jiesu_calendar_busday_offset(cal, D_2026_10_01, 0, JIESU_ROLL_FOLLOWING, &d, &err), err);
    CHECK(d == D_2026_10_08);
    OK(jiesu_calendar_busday_offset(cal, D_2026_10_01, 0, JIESU_ROLL_BACKWARD, &d, &err), err);
    CHECK(d == D_2026_09_30);
    OK(jiesu_calendar_busday_offset(cal, D_2026_10_01, 0, JIESU_ROLL_PRECEDING, &d, &err), err);
    CHECK(d == D_2026_09_30);
    OK(jiesu_calendar_busday_offset(cal, D_2026_10_01, 0, JIESU_ROLL_MODIFIED_FOLLOWING, &d, &err), err);
    CHECK(d == D_2026_10_08);
    /* The previous working day (09-30) is in another month: the next one. */
    OK(jiesu_calendar_busday_offset(cal, D_2026_10_01, 0, JIESU_ROLL_MODIFIED_PRECEDING, &d, &err), err);
    CHECK(d == D_2026_10_08);
    OK(jiesu_calendar_busday_offset(cal, D_2026_09_30, 5, JIESU_ROLL_RAISE, &d, &err), err);
    CHECK(d == D_2026_10_13);
    d = -1;
    FAILS(jiesu_calendar_busday_offset(cal, D_2026_10_01, 0, JIESU_ROLL_RAISE, &d, &err), err, JIESU_STATUS_INVALID_INPUT, "non-business day");
    FAILS(jiesu_calendar_busday_offset(cal, D_2026_09_30, 0, (jiesu_roll)99, &d, &err), err, JIESU_STATUS_INVALID_INPUT, "roll: 99 is not a jiesu_roll");
    FAILS(jiesu_calendar_busday_offset(cal, D_2026_09_30, 0, (jiesu_roll)-1, &d, &err), err, JIESU_STATUS_INVALID_INPUT, "roll: -1");
    FAILS(jiesu_calendar_busday_offset(cal, D_2026_12_25, 5, JIESU_ROLL_FORWARD, &d, &err), err, JIESU_STATUS_OUT_OF_COVERAGE, "2027");
    FAILS(jiesu_calendar_busday_offset(cal, D_2026_09_30, INT32_MAX, JIESU_ROLL_FORWARD, &d, &err), err, JIESU_STATUS_INVALID_INPUT, "n");
    CHECK(d == -1);
    FAILS(jiesu_calendar_busday_offset(NULL, D_2026_09_30, 0, JIESU_ROLL_FORWARD, &d, &err), err, JIESU_STATUS_NULL_ARGUMENT, "cal is NULL");
    FAILS(jiesu_calendar_busday_offset(cal, D_2026_09_30, 0, JIESU_ROLL_FORWARD, NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out is NULL");

    OK(jiesu_calendar_busday_count(cal, D_2026_09_30, D_2026_10_14, &d, &err), err);
    CHECK(d == 6);
    OK(jiesu_calendar_busday_count(cal, D_2026_10_14, D_2026_09_30, &d, &err), err);
    CHECK(d == -6);
    OK(jiesu_calendar_busday_count(cal, D_2026_09_30, D_2026_09_30, &d, &err), err);
    CHECK(d == 0);
    d = -1;
    FAILS(jiesu_calendar_busday_count(cal, D_2026_12_25, D_2027_01_04, &d, &err), err, JIESU_STATUS_OUT_OF_COVERAGE, "2027");
    FAILS(jiesu_calendar_busday_count(cal, INT32_MIN, D_2026_09_30, &d, &err), err, JIESU_STATUS_INVALID_INPUT, "begin");
    CHECK(d == -1);
    FAILS(jiesu_calendar_busday_count(NULL, 0, 0, &d, &err), err, JIESU_STATUS_NULL_ARGUMENT, "cal is NULL");
    FAILS(jiesu_calendar_busday_count(cal, 0, 0, NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out is NULL");
}

static void test_batches(const jiesu_calendar *cal) {
    jiesu_error *err = NULL;
    /* Every day 2004-01-01 .. 2026-12-20 (+5 stays covered), against the single calls. */
    enum { N = D_2026_12_20 - D_2004_01_01 + 1 };
    int32_t *dates = malloc(N * sizeof *dates), *out = malloc(N * sizeof *out), *end = malloc(N * sizeof *end);
    bool *wout = malloc(N * sizeof *wout);
    if (!dates || !out || !end || !wout) abort();
    for (int i = 0; i < N; i++) {
        dates[i] = D_2004_01_01 + i;
        end[i] = dates[i] + (i % 40) - 20;
        if (end[i] < D_2004_01_01) end[i] = D_2004_01_01;
        if (end[i] > D_2026_12_20) end[i] = D_2026_12_20;
    }

    OK(jiesu_calendar_add_working_days_batch(cal, dates, N, 5, out, &err), err);
    int agree = 1;
    for (int i = 0; i < N; i++) {
        int32_t one = 0;
        agree &= jiesu_calendar_add_working_days(cal, dates[i], 5, &one, NULL) == JIESU_STATUS_OK && one == out[i];
    }
    CHECK(agree);
    CHECK(out[D_2026_09_30 - D_2004_01_01] == D_2026_10_13);

    OK(jiesu_calendar_is_workday_batch(cal, dates, N, wout, &err), err);
    agree = 1;
    for (int i = 0; i < N; i++) {
        bool one = false;
        agree &= jiesu_calendar_is_workday(cal, dates[i], &one, NULL) == JIESU_STATUS_OK && one == wout[i];
    }
    CHECK(agree);
    CHECK(wout[D_2026_02_14 - D_2004_01_01] == true && wout[D_2026_02_15 - D_2004_01_01] == false);

    OK(jiesu_calendar_busday_offset_batch(cal, dates, N, 2, JIESU_ROLL_BACKWARD, out, &err), err);
    agree = 1;
    for (int i = 0; i < N; i++) {
        int32_t one = 0;
        agree &= jiesu_calendar_busday_offset(cal, dates[i], 2, JIESU_ROLL_BACKWARD, &one, NULL) == JIESU_STATUS_OK && one == out[i];
    }
    CHECK(agree);

    OK(jiesu_calendar_busday_count_batch(cal, dates, end, N, out, &err), err);
    agree = 1;
    for (int i = 0; i < N; i++) {
        int32_t one = 0;
        agree &= jiesu_calendar_busday_count(cal, dates[i], end[i], &one, NULL) == JIESU_STATUS_OK && one == out[i];
    }
    CHECK(agree);

    /* In place: out == dates. */
    int32_t inplace[3] = {D_2026_09_30, D_2026_02_13, D_2026_10_01};
    OK(jiesu_calendar_add_working_days_batch(cal, inplace, 3, 5, inplace, &err), err);
    CHECK(inplace[0] == D_2026_10_13 && inplace[1] == D_2026_02_13 + 14 && inplace[2] == D_2026_10_13);
    int32_t b[2] = {D_2026_09_30, D_2026_10_14}, e[2] = {D_2026_10_14, D_2026_09_30};
    OK(jiesu_calendar_busday_count_batch(cal, b, e, 2, b, &err), err);
    CHECK(b[0] == 6 && b[1] == -6);

    /* All or nothing: the failing element is named, out keeps its contents. */
    int32_t mixed[4] = {D_2026_09_30, D_2026_10_01, D_2026_12_25, D_2026_09_30};
    int32_t keep[4] = {-1, -1, -1, -1};
    FAILS2(jiesu_calendar_add_working_days_batch(cal, mixed, 4, 5, keep, &err), err, JIESU_STATUS_OUT_OF_COVERAGE, "dates[2]: ", "2027");
    CHECK(keep[0] == -1 && keep[1] == -1 && keep[2] == -1 && keep[3] == -1);
    FAILS(jiesu_calendar_add_working_days_batch(cal, mixed, 4, 5, mixed, &err), err, JIESU_STATUS_OUT_OF_COVERAGE, "dates[2]");
    CHECK(mixed[0] == D_2026_09_30 && mixed[1] == D_2026_10_01); /* in place, unchanged too */
    FAILS(jiesu_calendar_busday_offset_batch(cal, mixed, 4, 0, JIESU_ROLL_RAISE, keep, &err), err, JIESU_STATUS_INVALID_INPUT, "dates[1]: non-business day");
    CHECK(keep[0] == -1);
    FAILS(jiesu_calendar_busday_offset_batch(cal, mixed, 4, 0, (jiesu_roll)7, keep, &err), err, JIESU_STATUS_INVALID_INPUT, "roll: 7");
    bool wkeep[4] = {true, true, true, true};
    int32_t far[3] = {D_2026_09_30, D_2027_01_04, INT32_MAX};
    FAILS(jiesu_calendar_is_workday_batch(cal, far, 3, wkeep, &err), err, JIESU_STATUS_OUT_OF_COVERAGE, "dates[1]: ");
    CHECK(wkeep[0] == true);
    int32_t cb[3] = {D_2026_09_30, D_2026_09_30, INT32_MIN}, ce[3] = {D_2026_10_14, D_2026_10_14, 0};
    FAILS(jiesu_calendar_busday_count_batch(cal, cb, ce, 3, keep, &err), err, JIESU_STATUS_INVALID_INPUT, "begin[2]: ");
    CHECK(keep[0] == -1);

    /* A long array is split over threads (the core's runner, JIESU_NUM_THREADS or the available
     * cores): the same results as the single calls, and the error of the first failing element
     * by index, even when elements of later blocks fail too. */
    enum { LONG = 200000 };
    int32_t *ld = malloc(LONG * sizeof *ld), *lo = malloc(LONG * sizeof *lo);
    if (!ld || !lo) abort();
    for (int i = 0; i < LONG; i++) ld[i] = D_2004_01_01 + 60 + (int32_t)((i * 7919L) % 8000);
    OK(jiesu_calendar_busday_offset_batch(cal, ld, LONG, -3, JIESU_ROLL_FORWARD, lo, &err), err);
    agree = 1;
    for (int i = 0; i < LONG; i++) {
        int32_t one = 0;
        agree &= jiesu_calendar_busday_offset(cal, ld[i], -3, JIESU_ROLL_FORWARD, &one, NULL) == JIESU_STATUS_OK && one == lo[i];
    }
    CHECK(agree);
    for (int i = 150001; i < LONG; i += 9999) ld[i] = D_2004_01_01; /* 3 working days before: 2003 */
    lo[0] = -1;
    FAILS2(jiesu_calendar_busday_offset_batch(cal, ld, LONG, -3, JIESU_ROLL_FORWARD, lo, &err), err, JIESU_STATUS_OUT_OF_COVERAGE,
           "dates[150001]: ", "does not cover year 2003");
    CHECK(lo[0] == -1);
    free(ld);
    free(lo);

    /* A result beyond the supported dates (10^8 working days on the provisional calendar) is
     * refused, by the batch (naming the element) as by the single call, with the same message. */
    jiesu_calendar *prov = NULL;
    OK(jiesu_calendar_with_policy(cal, JIESU_COVERAGE_POLICY_PROVISIONAL, &prov, &err), err);
    int32_t two[2] = {D_2026_09_30, D_2026_09_30}, got2[2] = {-1, -1};
    int32_t single = -1;
    FAILS2(jiesu_calendar_add_working_days(prov, D_2026_09_30, 100000000, &single, &err), err, JIESU_STATUS_INVALID_INPUT,
           "is outside the supported date range", "(field result)");
    CHECK(single == -1);
    FAILS2(jiesu_calendar_add_working_days_batch(prov, two, 2, 100000000, got2, &err), err, JIESU_STATUS_INVALID_INPUT,
           "dates[0]: the result (day ", "is outside the supported date range (field result)");
    FAILS(jiesu_calendar_busday_offset_batch(prov, two, 2, -100000000, JIESU_ROLL_FORWARD, got2, &err), err,
          JIESU_STATUS_INVALID_INPUT, "dates[0]: the result (day -");
    CHECK(got2[0] == -1 && got2[1] == -1);
    jiesu_calendar_free(prov);

    /* len 0: nothing to do, nothing written. */
    OK(jiesu_calendar_add_working_days_batch(cal, dates, 0, 5, keep, &err), err);
    OK(jiesu_calendar_is_workday_batch(cal, dates, 0, wkeep, &err), err);
    OK(jiesu_calendar_busday_offset_batch(cal, dates, 0, 5, JIESU_ROLL_FORWARD, keep, &err), err);
    OK(jiesu_calendar_busday_count_batch(cal, dates, end, 0, keep, &err), err);
    CHECK(keep[0] == -1 && wkeep[0] == true);

    /* Huge len: refused before anything is read. */
    FAILS(jiesu_calendar_add_working_days_batch(cal, dates, SIZE_MAX, 5, out, &err), err, JIESU_STATUS_LIMIT_EXCEEDED, "dates: length");
    FAILS(jiesu_calendar_is_workday_batch(cal, dates, SIZE_MAX / 2, wkeep, &err), err, JIESU_STATUS_LIMIT_EXCEEDED, "length");
    FAILS(jiesu_calendar_busday_offset_batch(cal, dates, SIZE_MAX, 5, JIESU_ROLL_FORWARD, out, &err), err, JIESU_STATUS_LIMIT_EXCEEDED, "length");
    FAILS(jiesu_calendar_busday_count_batch(cal, dates, end, SIZE_MAX, out, &err), err, JIESU_STATUS_LIMIT_EXCEEDED, "length");

    /* NULL for each pointer. */
    FAILS(jiesu_calendar_add_working_days_batch(NULL, dates, 1, 5, out, &err), err, JIESU_STATUS_NULL_ARGUMENT, "cal is NULL");
    FAILS(jiesu_calendar_add_working_days_batch(cal, NULL, 1, 5, out, &err), err, JIESU_STATUS_NULL_ARGUMENT, "dates is NULL");
    FAILS(jiesu_calendar_add_working_days_batch(cal, dates, 1, 5, NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out is NULL");
    FAILS(jiesu_calendar_is_workday_batch(NULL, dates, 1, wout, &err), err, JIESU_STATUS_NULL_ARGUMENT, "cal is NULL");
    FAILS(jiesu_calendar_is_workday_batch(cal, NULL, 1, wout, &err), err, JIESU_STATUS_NULL_ARGUMENT, "dates is NULL");
    FAILS(jiesu_calendar_is_workday_batch(cal, dates, 1, NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out is NULL");
    FAILS(jiesu_calendar_busday_offset_batch(NULL, dates, 1, 0, JIESU_ROLL_FORWARD, out, &err), err, JIESU_STATUS_NULL_ARGUMENT, "cal is NULL");
    FAILS(jiesu_calendar_busday_offset_batch(cal, NULL, 1, 0, JIESU_ROLL_FORWARD, out, &err), err, JIESU_STATUS_NULL_ARGUMENT, "dates is NULL");
    FAILS(jiesu_calendar_busday_offset_batch(cal, dates, 1, 0, JIESU_ROLL_FORWARD, NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out is NULL");
    FAILS(jiesu_calendar_busday_count_batch(NULL, dates, end, 1, out, &err), err, JIESU_STATUS_NULL_ARGUMENT, "cal is NULL");
    FAILS(jiesu_calendar_busday_count_batch(cal, NULL, end, 1, out, &err), err, JIESU_STATUS_NULL_ARGUMENT, "begin is NULL");
    FAILS(jiesu_calendar_busday_count_batch(cal, dates, NULL, 1, out, &err), err, JIESU_STATUS_NULL_ARGUMENT, "end is NULL");
    FAILS(jiesu_calendar_busday_count_batch(cal, dates, end, 1, NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out is NULL");

    free(dates);
    free(out);
    free(end);
    free(wout);
}

static const char *MINIMAL_JSON = "{\"schema_version\":1,\"name\":\"X\",\"coverage\":{\"from\":2026,\"to\":2026}}";
static const char *MINIMAL_TOML = "schema_version = 1\nname = \"X\"\ncoverage = { from = 2026, to = 2026 }\n";
/* The 2027 national schedule as data (illustrative: only New Year's Day). */
static const char *Y2027_TOML =
    "schema_version = 1\nname = \"CN-2027\"\nbase = \"CN\"\nscope = \"national\"\n"
    "coverage = { from = 2027, to = 2027 }\n"
    "[[festivals]]\nyear = 2027\nfestival = \"new_years_day\"\nholidays = [\"2027-01-01\"]\n";
static const char *Y2027_JSON =
    "{\"schema_version\":1,\"name\":\"CN-2027\",\"base\":\"CN\",\"scope\":\"national\","
    "\"coverage\":{\"from\":2027,\"to\":2027},"
    "\"festivals\":[{\"year\":2027,\"festival\":\"new_years_day\",\"holidays\":[\"2027-01-01\"]}]}";
static const char *LOCAL_TOML =
    "schema_version = 1\nname = \"local\"\nbase = \"CN\"\ncoverage = { from = 2026, to = 2026 }\n"
    "[[festivals]]\nyear = 2026\nfestival = \"zhuang_sanyuesan\"\nholidays = [\"2026-04-20\"]\n";

static void test_calendar_data(const jiesu_calendar *cn) {
    jiesu_error *err = NULL;
    jiesu_calendar *cal = SENTINEL_CAL;
    size_t len;
    char *json = unterminated(MINIMAL_JSON, &len);
    OK(jiesu_calendar_from_json(json, len, &cal, &err), err);
    bool w = false;
    /* No holidays in this calendar: 2026-10-01 (a Thursday) is worked. */
    OK(jiesu_calendar_is_workday(cal, D_2026_10_01, &w, &err), err);
    CHECK(w == true);
    jiesu_calendar_free(cal);
    cal = SENTINEL_CAL;
    /* len shorter than the string: the JSON is truncated. */
    FAILS2(jiesu_calendar_from_json(json, len - 1, &cal, &err), err, JIESU_STATUS_INVALID_JSON, "calendar JSON", "EOF");
    FAILS(jiesu_calendar_from_json(json, 0, &cal, &err), err, JIESU_STATUS_INVALID_JSON, "EOF");
    free(json);
    FAILS(jiesu_calendar_from_json("{\"schema_version\":1,", 20, &cal, &err), err, JIESU_STATUS_INVALID_JSON, "calendar JSON");
    FAILS(jiesu_calendar_from_json("[1, 2]", 6, &cal, &err), err, JIESU_STATUS_INVALID_JSON, "calendar JSON");
    const char *unknown = "{\"schema_version\":1,\"name\":\"X\",\"coverage\":{\"from\":2026,\"to\":2026},\"colour\":1}";
    FAILS(jiesu_calendar_from_json(unknown, strlen(unknown), &cal, &err), err, JIESU_STATUS_INVALID_JSON, "colour");
    const char *bad_utf8 = "{\"schema_version\":1,\"name\":\"\xe6\xb1\",\"coverage\":{\"from\":2026,\"to\":2026}}";
    FAILS(jiesu_calendar_from_json(bad_utf8, strlen(bad_utf8), &cal, &err), err, JIESU_STATUS_INVALID_UTF8, "json: invalid UTF-8 at byte 28");
    const char *invalid =
        "{\"schema_version\":1,\"name\":\"X\",\"coverage\":{\"from\":2026,\"to\":2026},"
        "\"festivals\":[{\"year\":2026,\"festival\":\"x\",\"workdays\":[\"2026-03-04\"]}]}";
    FAILS2(jiesu_calendar_from_json(invalid, strlen(invalid), &cal, &err), err, JIESU_STATUS_VALIDATION_FAILED,
           "festivals[0].workdays[0]", "not a weekend day");
    FAILS(jiesu_calendar_from_json(Y2027_JSON, strlen(Y2027_JSON), &cal, &err), err, JIESU_STATUS_INVALID_INPUT, "overlay");
    FAILS(jiesu_calendar_from_json(NULL, 3, &cal, &err), err, JIESU_STATUS_NULL_ARGUMENT, "json is NULL");
    FAILS(jiesu_calendar_from_json(MINIMAL_JSON, strlen(MINIMAL_JSON), NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out is NULL");
    FAILS(jiesu_calendar_from_json(MINIMAL_JSON, SIZE_MAX, &cal, &err), err, JIESU_STATUS_LIMIT_EXCEEDED, "json: length");
    CHECK(cal == SENTINEL_CAL);

    char *toml = unterminated(MINIMAL_TOML, &len);
    OK(jiesu_calendar_from_toml(toml, len, &cal, &err), err);
    jiesu_calendar_free(cal);
    cal = SENTINEL_CAL;
    FAILS(jiesu_calendar_from_toml(toml, len - 10, &cal, &err), err, JIESU_STATUS_INVALID_TOML, "calendar TOML");
    free(toml);
    FAILS(jiesu_calendar_from_toml("schema_version = ", 17, &cal, &err), err, JIESU_STATUS_INVALID_TOML, "calendar TOML");
    FAILS(jiesu_calendar_from_toml("name = \"\xff\"", 10, &cal, &err), err, JIESU_STATUS_INVALID_UTF8, "toml: invalid UTF-8 at byte 8");
    FAILS(jiesu_calendar_from_toml(NULL, 0, &cal, &err), err, JIESU_STATUS_NULL_ARGUMENT, "toml is NULL");
    FAILS(jiesu_calendar_from_toml(MINIMAL_TOML, strlen(MINIMAL_TOML), NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out is NULL");
    CHECK(cal == SENTINEL_CAL);

    /* A new year's national schedule as an overlay: 2026-12-25 + 5 now works. */
    jiesu_calendar *y2027 = SENTINEL_CAL, *y2027j = SENTINEL_CAL;
    OK(jiesu_calendar_with_overlay_toml(cn, Y2027_TOML, strlen(Y2027_TOML), &y2027, &err), err);
    OK(jiesu_calendar_with_overlay_json(cn, Y2027_JSON, strlen(Y2027_JSON), &y2027j, &err), err);
    int32_t d = -1, dj = -1;
    OK(jiesu_calendar_add_working_days(y2027, D_2026_12_25, 5, &d, &err), err);
    OK(jiesu_calendar_add_working_days(y2027j, D_2026_12_25, 5, &dj, &err), err);
    CHECK(d == D_2027_01_04 && dj == D_2027_01_04);
    /* The base is unchanged. */
    FAILS(jiesu_calendar_add_working_days(cn, D_2026_12_25, 5, &d, &err), err, JIESU_STATUS_OUT_OF_COVERAGE, "2027");
    jiesu_calendar_free(y2027);
    jiesu_calendar_free(y2027j);

    jiesu_calendar *local = SENTINEL_CAL;
    OK(jiesu_calendar_with_overlay_toml(cn, LOCAL_TOML, strlen(LOCAL_TOML), &local, &err), err);
    OK(jiesu_calendar_is_workday(local, D_2026_04_20, &w, &err), err);
    CHECK(w == false);
    OK(jiesu_calendar_is_workday(cn, D_2026_04_20, &w, &err), err);
    CHECK(w == true);
    jiesu_calendar_free(local);

    jiesu_calendar *bad = SENTINEL_CAL;
    const char *conflict =
        "schema_version = 1\nname = \"local\"\nbase = \"CN\"\ncoverage = { from = 2026, to = 2026 }\n"
        "[[festivals]]\nyear = 2026\nfestival = \"x\"\nholidays = [\"2026-10-01\"]\n";
    FAILS(jiesu_calendar_with_overlay_toml(cn, conflict, strlen(conflict), &bad, &err), err, JIESU_STATUS_VALIDATION_FAILED, "conflicts with the base calendar");
    FAILS(jiesu_calendar_with_overlay_toml(cn, Y2027_TOML, 20, &bad, &err), err, JIESU_STATUS_INVALID_TOML, "TOML");
    FAILS(jiesu_calendar_with_overlay_json(cn, Y2027_JSON, strlen(Y2027_JSON) - 2, &bad, &err), err, JIESU_STATUS_INVALID_JSON, "EOF");
    FAILS(jiesu_calendar_with_overlay_json(cn, "\xc3\x28", 2, &bad, &err), err, JIESU_STATUS_INVALID_UTF8, "json: invalid UTF-8");
    FAILS(jiesu_calendar_with_overlay_toml(cn, "\xc3\x28", 2, &bad, &err), err, JIESU_STATUS_INVALID_UTF8, "toml: invalid UTF-8");
    FAILS(jiesu_calendar_with_overlay_json(NULL, Y2027_JSON, strlen(Y2027_JSON), &bad, &err), err, JIESU_STATUS_NULL_ARGUMENT, "cal is NULL");
    FAILS(jiesu_calendar_with_overlay_json(cn, NULL, 1, &bad, &err), err, JIESU_STATUS_NULL_ARGUMENT, "json is NULL");
    FAILS(jiesu_calendar_with_overlay_json(cn, Y2027_JSON, strlen(Y2027_JSON), NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out is NULL");
    FAILS(jiesu_calendar_with_overlay_toml(NULL, Y2027_TOML, strlen(Y2027_TOML), &bad, &err), err, JIESU_STATUS_NULL_ARGUMENT, "cal is NULL");
    FAILS(jiesu_calendar_with_overlay_toml(cn, NULL, 1, &bad, &err), err, JIESU_STATUS_NULL_ARGUMENT, "toml is NULL");
    FAILS(jiesu_calendar_with_overlay_toml(cn, Y2027_TOML, strlen(Y2027_TOML), NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out is NULL");
    CHECK(bad == SENTINEL_CAL);

    /* Provisional coverage: uncovered years are weekends-only (2027-01-01 is a Friday). */
    jiesu_calendar *prov = SENTINEL_CAL;
    OK(jiesu_calendar_with_policy(cn, JIESU_COVERAGE_POLICY_PROVISIONAL, &prov, &err), err);
    OK(jiesu_calendar_add_working_days(prov, D_2026_12_25, 5, &d, &err), err);
    CHECK(d == D_2027_01_01);
    jiesu_calendar *strict = SENTINEL_CAL;
    OK(jiesu_calendar_with_policy(prov, JIESU_COVERAGE_POLICY_STRICT, &strict, &err), err);
    FAILS(jiesu_calendar_add_working_days(strict, D_2026_12_25, 5, &d, &err), err, JIESU_STATUS_OUT_OF_COVERAGE, "2027");
    jiesu_calendar_free(prov);
    jiesu_calendar_free(strict);
    FAILS(jiesu_calendar_with_policy(cn, (jiesu_coverage_policy)2, &bad, &err), err, JIESU_STATUS_INVALID_INPUT, "policy: 2");
    FAILS(jiesu_calendar_with_policy(NULL, JIESU_COVERAGE_POLICY_STRICT, &bad, &err), err, JIESU_STATUS_NULL_ARGUMENT, "cal is NULL");
    FAILS(jiesu_calendar_with_policy(cn, JIESU_COVERAGE_POLICY_STRICT, NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out is NULL");
    CHECK(bad == SENTINEL_CAL);
}

/* The coverage countdown (R-SLA-7): the last covered date, the days left from an instant (its
 * CST date), and the warning within JIESU_COVERAGE_WARNING_DAYS (60) days. */
static const int64_t T_2026_10_31_235959 = 1793462399; /* 2026-10-31T23:59:59+08:00: 61 days left */
static const int64_t T_2026_11_01_00H = 1793462400;    /* 2026-11-01T00:00:00+08:00: 60 days left */
static const int64_t T_2026_12_01_20H_UTC = 1796155200; /* 2026-12-02 04:00 CST: 29 days left */
static const int64_t T_2027_01_01_00H = 1798732800;    /* 2027-01-01T00:00:00+08:00: -1 */

static void test_coverage_countdown(const jiesu_calendar *cn) {
    jiesu_error *err = NULL;
    int32_t end = -1, left = -1;
    OK(jiesu_calendar_coverage_ends(cn, &end, &err), err);
    CHECK(end == 20818); /* 2026-12-31 */
    OK(jiesu_calendar_days_left(cn, T_2026_12_01_20H_UTC, &left, &err), err);
    CHECK(left == 29);
    OK(jiesu_calendar_days_left(cn, T_2026_11_01_00H, &left, &err), err);
    CHECK(left == 60);
    OK(jiesu_calendar_days_left(cn, T_2026_10_31_235959, &left, &err), err);
    CHECK(left == 61);
    OK(jiesu_calendar_days_left(cn, T_2027_01_01_00H, &left, &err), err);
    CHECK(left == -1);

    char *json = SENTINEL_STR;
    CHECK(JIESU_COVERAGE_WARNING_DAYS == 60);
    OK(jiesu_calendar_coverage_warning(cn, T_2026_10_31_235959, JIESU_COVERAGE_WARNING_DAYS, &json, &err), err);
    CHECK(strcmp(json, "null") == 0);
    jiesu_string_free(json);
    OK(jiesu_calendar_coverage_warning(cn, T_2026_11_01_00H, JIESU_COVERAGE_WARNING_DAYS, &json, &err), err);
    CHECK(strstr(json, "{\"calendar\":\"CN\",\"covered_until\":\"2026-12-31\",\"days_left\":60,\"missing_year\":2027,") == json);
    CHECK(strstr(json, "\"how_to_load\":\"") != NULL && strstr(json, "jiesu_calendar_with_overlay_toml") != NULL);
    jiesu_string_free(json);
    OK(jiesu_calendar_coverage_warning(cn, T_2026_10_31_235959, 61, &json, &err), err);
    CHECK(strstr(json, "\"days_left\":61") != NULL);
    jiesu_string_free(json);

    /* With 2027 loaded the end moves a year on, and nothing warns in 2026. */
    jiesu_calendar *y2027 = SENTINEL_CAL;
    OK(jiesu_calendar_with_overlay_toml(cn, Y2027_TOML, strlen(Y2027_TOML), &y2027, &err), err);
    OK(jiesu_calendar_coverage_ends(y2027, &end, &err), err);
    CHECK(end == 21183); /* 2027-12-31 */
    OK(jiesu_calendar_days_left(y2027, T_2027_01_01_00H, &left, &err), err);
    CHECK(left == 364);
    OK(jiesu_calendar_coverage_warning(y2027, T_2026_12_01_20H_UTC, JIESU_COVERAGE_WARNING_DAYS, &json, &err), err);
    CHECK(strcmp(json, "null") == 0);
    jiesu_string_free(json);
    jiesu_calendar_free(y2027);

    /* Errors: NULLs and instants out of range; out-parameters untouched. */
    end = left = -7;
    json = SENTINEL_STR;
    FAILS(jiesu_calendar_coverage_ends(NULL, &end, &err), err, JIESU_STATUS_NULL_ARGUMENT, "cal is NULL");
    FAILS(jiesu_calendar_coverage_ends(cn, NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out is NULL");
    FAILS(jiesu_calendar_days_left(NULL, T_2026_11_01_00H, &left, &err), err, JIESU_STATUS_NULL_ARGUMENT, "cal is NULL");
    FAILS(jiesu_calendar_days_left(cn, T_2026_11_01_00H, NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out is NULL");
    FAILS(jiesu_calendar_days_left(cn, INT64_MAX, &left, &err), err, JIESU_STATUS_INVALID_INPUT, "now: ");
    FAILS(jiesu_calendar_coverage_warning(NULL, T_2026_11_01_00H, 60, &json, &err), err, JIESU_STATUS_NULL_ARGUMENT, "cal is NULL");
    FAILS(jiesu_calendar_coverage_warning(cn, T_2026_11_01_00H, 60, NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out_json is NULL");
    FAILS(jiesu_calendar_coverage_warning(cn, INT64_MIN, 60, &json, &err), err, JIESU_STATUS_INVALID_INPUT, "now: ");
    CHECK(end == -7 && left == -7 && json == SENTINEL_STR);
}

/* The State Council's notice for 2026 as published (国办发明电〔2025〕7号; the fixture
 * tests/data/notices/2026.txt), and a made-up 2027 notice in its style (the real one is not out). */
static const char *NOTICE_2026 =
    "国务院办公厅关于2026年部分节假日安排的通知\n"
    "国办发明电〔2025〕7号\n"
    "一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。\n"
    "二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。\n"
    "三、清明节：4月4日（周六）至6日（周一）放假，共3天。\n"
    "四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。\n"
    "五、端午节：6月19日（周五）至21日（周日）放假，共3天。\n"
    "六、中秋节：9月25日（周五）至27日（周日）放假，共3天。\n"
    "七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。\n";
static const char *NOTICE_2027 =
    "国务院办公厅关于2027年部分节假日安排的通知\n"
    "一、元旦：1月1日（周五）至3日（周日）放假，共3天。\n";

static void test_notice(const jiesu_calendar *cn) {
    jiesu_error *err = NULL;
    size_t len;
    /* The TOML and JSON for review, the year read from the title or given. */
    char *text = unterminated(NOTICE_2026, &len);
    char *out = SENTINEL_STR;
    OK(jiesu_calendar_notice_toml(text, len, 0, &out, &err), err);
    CHECK(strstr(out, "festival = \"spring_festival\"\nholidays = [\"2026-02-15..2026-02-23\"]\n"
                      "workdays = [\"2026-02-14\", \"2026-02-28\"]\nnotice = \"国办发明电〔2025〕7号\"") != NULL);
    CHECK(strstr(out, "scope = \"national\"") != NULL);
    jiesu_string_free(out);
    out = SENTINEL_STR;
    OK(jiesu_calendar_notice_json(text, len, 2026, &out, &err), err);
    CHECK(strstr(out, "\"national_day\"") != NULL && strstr(out, "\"2026-09-20\"") != NULL);
    jiesu_string_free(out);
    out = SENTINEL_STR;
    FAILS(jiesu_calendar_notice_toml(text, len, 2027, &out, &err), err, JIESU_STATUS_INVALID_INPUT, "is for 2026");
    FAILS(jiesu_calendar_notice_json(text, len, 1000, &out, &err), err, JIESU_STATUS_INVALID_INPUT, "outside 1900..=2200");
    /* CN already covers 2026: the notice's days conflict with it. */
    jiesu_calendar *bad = SENTINEL_CAL;
    FAILS(jiesu_calendar_with_notice(cn, text, len, &bad, &err), err, JIESU_STATUS_VALIDATION_FAILED, "conflicts");
    free(text);

    /* A new year pasted as text: the calendar covers it. */
    jiesu_calendar *y2027 = SENTINEL_CAL;
    OK(jiesu_calendar_with_notice(cn, NOTICE_2027, strlen(NOTICE_2027), &y2027, &err), err);
    int32_t d = -1;
    OK(jiesu_calendar_add_working_days(y2027, D_2026_12_25, 5, &d, &err), err);
    CHECK(d == D_2027_01_04);
    jiesu_calendar_free(y2027);

    /* Refused, with the sentence quoted: a wrong weekday (2026-01-04 is a Sunday), a make-up
     * day on a weekday, a wrong count; garbage; no year. */
    const char *wrong_day =
        "国务院办公厅关于2026年部分节假日安排的通知\n一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周六）上班。\n";
    FAILS2(jiesu_calendar_notice_toml(wrong_day, strlen(wrong_day), 0, &out, &err), err, JIESU_STATUS_VALIDATION_FAILED,
           "«1月4日（周六）上班»", "2026-01-04 is a 星期日");
    const char *wednesday = "四、劳动节：5月1日至5日放假调休，共5天。5月6日（星期三）上班。";
    FAILS2(jiesu_calendar_notice_json(wednesday, strlen(wednesday), 2026, &out, &err), err, JIESU_STATUS_VALIDATION_FAILED,
           "«5月6日（星期三）上班»", "not a Saturday or Sunday");
    const char *count = "四、劳动节：5月1日至5日放假调休，共4天。";
    FAILS(jiesu_calendar_notice_toml(count, strlen(count), 2026, &out, &err), err, JIESU_STATUS_VALIDATION_FAILED,
          "«5月1日至5日放假调休，共4天»");
    FAILS(jiesu_calendar_notice_toml("hello", 5, 2026, &out, &err), err, JIESU_STATUS_INVALID_INPUT, "no festival arrangement");
    FAILS(jiesu_calendar_with_notice(cn, count, strlen(count), &bad, &err), err, JIESU_STATUS_INVALID_INPUT, "year");
    /* Arguments. */
    FAILS(jiesu_calendar_notice_toml("\xc3\x28", 2, 0, &out, &err), err, JIESU_STATUS_INVALID_UTF8, "text: invalid UTF-8");
    FAILS(jiesu_calendar_notice_toml(NULL, 0, 0, &out, &err), err, JIESU_STATUS_NULL_ARGUMENT, "text is NULL");
    FAILS(jiesu_calendar_notice_toml(NOTICE_2027, strlen(NOTICE_2027), 0, NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out is NULL");
    FAILS(jiesu_calendar_notice_json(NULL, 0, 0, &out, &err), err, JIESU_STATUS_NULL_ARGUMENT, "text is NULL");
    FAILS(jiesu_calendar_notice_json(NOTICE_2027, strlen(NOTICE_2027), 0, NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out is NULL");
    FAILS(jiesu_calendar_with_notice(NULL, NOTICE_2027, strlen(NOTICE_2027), &bad, &err), err, JIESU_STATUS_NULL_ARGUMENT, "cal is NULL");
    FAILS(jiesu_calendar_with_notice(cn, NULL, 0, &bad, &err), err, JIESU_STATUS_NULL_ARGUMENT, "text is NULL");
    FAILS(jiesu_calendar_with_notice(cn, NOTICE_2027, strlen(NOTICE_2027), NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out is NULL");
    FAILS(jiesu_calendar_with_notice(cn, "\xe6\xb1", 2, &bad, &err), err, JIESU_STATUS_INVALID_UTF8, "text: invalid UTF-8");
    char *huge = malloc(70000);
    if (!huge) abort();
    memset(huge, ' ', 70000);
    FAILS(jiesu_calendar_with_notice(cn, huge, 70000, &bad, &err), err, JIESU_STATUS_LIMIT_EXCEEDED, "65536");
    FAILS(jiesu_calendar_notice_toml(huge, 70000, 2027, &out, &err), err, JIESU_STATUS_LIMIT_EXCEEDED, "65536");
    free(huge);
    CHECK(bad == SENTINEL_CAL && out == SENTINEL_STR);
}

/* Working time (R-SLA-1's working-hour limits). Monday 2026-03-09, CST. */
static const int64_t T_MON_0900 = 1773018000;  /* 2026-03-09T09:00:00+08:00 */
static const int64_t T_MON_1200 = 1773028800;  /* end of the default morning session */
static const int64_t T_MON_1300 = 1773032400;
static const int64_t T_MON_1530 = 1773041400;
static const int64_t T_TUE_0900 = 1773104400;  /* 2026-03-10 */
static const int64_t T_FRI_1700 = 1773392400;  /* 2026-03-13 */
static const int64_t T_FRI_1900 = 1773399600;
static const int64_t T_MON2_1000 = 1773626400; /* 2026-03-16 */
static const int64_t T_2026_12_31_17H = 1798707600;

static void test_business_hours(const jiesu_calendar *cn) {
    jiesu_error *err = NULL;
    int64_t t = -1;
    /* The default hours: 09:00-12:00 and 14:30-18:00, Monday to Friday. */
    OK(jiesu_calendar_add_working_seconds(cn, T_MON_0900, 10800, &t, &err), err);
    CHECK(t == T_MON_1200);
    OK(jiesu_calendar_add_working_seconds(cn, T_MON_0900, 4 * 3600, &t, &err), err);
    CHECK(t == T_MON_1530); /* 3 h in the morning, 1 h from 14:30 */
    OK(jiesu_calendar_add_working_seconds(cn, T_MON_0900, 0, &t, &err), err);
    CHECK(t == T_MON_0900);
    OK(jiesu_calendar_add_working_seconds(cn, T_FRI_1700, 2 * 3600, &t, &err), err);
    CHECK(t == T_MON2_1000); /* 1 h on Friday, the weekend off, 1 h on Monday */
    int64_t w = -1;
    OK(jiesu_calendar_working_seconds_between(cn, T_MON_0900, T_MON_1200, &w, &err), err);
    CHECK(w == 10800);
    OK(jiesu_calendar_working_seconds_between(cn, T_MON_1200, T_MON_0900, &w, &err), err);
    CHECK(w == -10800);
    OK(jiesu_calendar_working_seconds_between(cn, T_MON_0900, T_TUE_0900, &w, &err), err);
    CHECK(w == 3 * 3600 + 3 * 3600 + 1800);
    OK(jiesu_calendar_working_seconds_between(cn, T_FRI_1700, T_MON2_1000, &w, &err), err);
    CHECK(w == 2 * 3600);
    OK(jiesu_calendar_working_seconds_between(cn, T_MON_1200, T_MON_1200, &w, &err), err);
    CHECK(w == 0);

    t = -1, w = -1;
    FAILS2(jiesu_calendar_add_working_seconds(cn, T_MON_0900, -1, &t, &err), err, JIESU_STATUS_INVALID_INPUT, "working duration -1 s", "(field duration)");
    FAILS(jiesu_calendar_add_working_seconds(cn, T_MON_0900, INT64_MAX, &t, &err), err, JIESU_STATUS_INVALID_INPUT, "out of range (0..=10000000000000)");
    FAILS2(jiesu_calendar_add_working_seconds(cn, INT64_MAX, 60, &t, &err), err, JIESU_STATUS_INVALID_INPUT, "outside the supported range", "(field instant)");
    FAILS2(jiesu_calendar_add_working_seconds(cn, T_2026_12_31_17H, 7200, &t, &err), err, JIESU_STATUS_OUT_OF_COVERAGE, "2027", "R-SLA-7");
    FAILS(jiesu_calendar_add_working_seconds(NULL, T_MON_0900, 60, &t, &err), err, JIESU_STATUS_NULL_ARGUMENT, "cal is NULL");
    FAILS(jiesu_calendar_add_working_seconds(cn, T_MON_0900, 60, NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out is NULL");
    CHECK(t == -1);
    FAILS(jiesu_calendar_working_seconds_between(cn, T_MON_0900, T_2026_12_31_17H + 7 * 86400, &w, &err), err, JIESU_STATUS_OUT_OF_COVERAGE, "2027");
    FAILS2(jiesu_calendar_working_seconds_between(cn, INT64_MIN, T_MON_0900, &w, &err), err, JIESU_STATUS_INVALID_INPUT, "instant -9223372036854775808", "outside the supported range");
    FAILS2(jiesu_calendar_working_seconds_between(cn, T_MON_0900, INT64_MAX, &w, &err), err, JIESU_STATUS_INVALID_INPUT, "instant 9223372036854775807", "outside the supported range");
    FAILS(jiesu_calendar_working_seconds_between(NULL, T_MON_0900, T_MON_1200, &w, &err), err, JIESU_STATUS_NULL_ARGUMENT, "cal is NULL");
    FAILS(jiesu_calendar_working_seconds_between(cn, T_MON_0900, T_MON_1200, NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out is NULL");
    CHECK(w == -1);

    /* Round-the-clock hours on working days. */
    const char *all_day = "{\"monday\": [\"00:00-24:00\"], \"tuesday\": [\"00:00-24:00\"], \"wednesday\": [\"00:00-24:00\"], "
                          "\"thursday\": [\"00:00-24:00\"], \"friday\": [\"00:00-24:00\"]}";
    size_t len;
    char *json = unterminated(all_day, &len);
    jiesu_calendar *h24 = SENTINEL_CAL;
    OK(jiesu_calendar_with_business_hours_json(cn, json, len, &h24, &err), err);
    CHECK(h24 != SENTINEL_CAL && h24 != NULL);
    OK(jiesu_calendar_add_working_seconds(h24, T_MON_0900, 4 * 3600, &t, &err), err);
    CHECK(t == T_MON_1300);
    OK(jiesu_calendar_add_working_seconds(h24, T_FRI_1700, 2 * 3600, &t, &err), err);
    CHECK(t == T_FRI_1900);
    OK(jiesu_calendar_working_seconds_between(h24, T_MON_0900, T_TUE_0900, &w, &err), err);
    CHECK(w == 86400);
    OK(jiesu_calendar_working_seconds_between(h24, T_FRI_1700, T_MON2_1000, &w, &err), err);
    CHECK(w == 7 * 3600 + 10 * 3600); /* Friday 17:00-24:00, Monday 00:00-10:00 */
    /* The days are the base calendar's: 2026-10-01 is still a holiday. */
    bool wd = true;
    OK(jiesu_calendar_is_workday(h24, D_2026_10_01, &wd, &err), err);
    CHECK(wd == false);
    jiesu_calendar_free(h24);

    /* Mornings only: a long duration goes on the next working day. */
    const char *mornings = "{\"monday\": [\"08:00-12:00\"], \"tuesday\": [\"08:00-12:00\"], \"wednesday\": [\"08:00-12:00\"], "
                           "\"thursday\": [\"08:00-12:00\"], \"friday\": [\"08:00-12:00\"]}";
    jiesu_calendar *am = SENTINEL_CAL;
    OK(jiesu_calendar_with_business_hours_json(cn, mornings, strlen(mornings), &am, &err), err);
    OK(jiesu_calendar_add_working_seconds(am, T_MON_0900, 4 * 3600, &t, &err), err);
    CHECK(t == T_TUE_0900); /* 3 h on Monday, 1 h from 08:00 on Tuesday */
    jiesu_calendar_free(am);
    /* The base calendar is unchanged. */
    OK(jiesu_calendar_add_working_seconds(cn, T_MON_0900, 4 * 3600, &t, &err), err);
    CHECK(t == T_MON_1530);

    jiesu_calendar *bad = SENTINEL_CAL;
    /* len shorter than the string. */
    FAILS(jiesu_calendar_with_business_hours_json(cn, json, len - 1, &bad, &err), err, JIESU_STATUS_INVALID_JSON, "EOF");
    free(json);
    const char *not_a_session = "{\"monday\": [\"9-12\"]}";
    FAILS(jiesu_calendar_with_business_hours_json(cn, not_a_session, strlen(not_a_session), &bad, &err), err, JIESU_STATUS_INVALID_JSON, "9-12");
    const char *funday = "{\"funday\": [\"09:00-12:00\"]}";
    FAILS(jiesu_calendar_with_business_hours_json(cn, funday, strlen(funday), &bad, &err), err, JIESU_STATUS_INVALID_JSON, "funday");
    const char *overlap = "{\"monday\": [\"09:00-12:00\", \"11:00-13:00\"]}";
    FAILS(jiesu_calendar_with_business_hours_json(cn, overlap, strlen(overlap), &bad, &err), err, JIESU_STATUS_VALIDATION_FAILED, "monday");
    const char *reordered = "{\"monday\": [\"14:00-18:00\", \"09:00-12:00\"]}";
    FAILS(jiesu_calendar_with_business_hours_json(cn, reordered, strlen(reordered), &bad, &err), err, JIESU_STATUS_VALIDATION_FAILED, "monday");
    FAILS(jiesu_calendar_with_business_hours_json(cn, "{\"monday\": [\"\xff\"]}", 16, &bad, &err), err, JIESU_STATUS_INVALID_UTF8, "json: invalid UTF-8 at byte 13");
    FAILS(jiesu_calendar_with_business_hours_json(NULL, all_day, strlen(all_day), &bad, &err), err, JIESU_STATUS_NULL_ARGUMENT, "cal is NULL");
    FAILS(jiesu_calendar_with_business_hours_json(cn, NULL, 2, &bad, &err), err, JIESU_STATUS_NULL_ARGUMENT, "json is NULL");
    FAILS(jiesu_calendar_with_business_hours_json(cn, all_day, strlen(all_day), NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out is NULL");
    FAILS(jiesu_calendar_with_business_hours_json(cn, all_day, SIZE_MAX, &bad, &err), err, JIESU_STATUS_LIMIT_EXCEEDED, "json: length");
    CHECK(bad == SENTINEL_CAL);
}

/* The string value of the first `"key":"…"` in `json`, copied into buf (no escapes handled:
 * enough for codes and instants). */
static const char *json_str(const char *json, const char *key, char *buf, size_t size) {
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    const char *p = strstr(json, pat);
    buf[0] = '\0';
    if (!p) return buf;
    p += strlen(pat);
    size_t n = 0;
    while (p[n] && p[n] != '"' && n + 1 < size) n++;
    memcpy(buf, p, n);
    buf[n] = '\0';
    return buf;
}

static void test_engine(void) {
    jiesu_error *err = NULL;
    jiesu_engine *engine = SENTINEL_ENGINE;
    FAILS(jiesu_engine_new_default(NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out is NULL");
    OK(jiesu_engine_new_default(&engine, &err), err);
    CHECK(engine != SENTINEL_ENGINE);

    jiesu_engine *e2 = SENTINEL_ENGINE;
    OK(jiesu_engine_new("{}", 2, &e2, &err), err);
    jiesu_engine_free(e2);
    const char *prov_cfg = "{\"schema_version\": 1, \"calendar\": {\"policy\": \"provisional\"}, \"sla\": {\"normal_days\": 5}}";
    size_t len;
    char *cfg = unterminated(prov_cfg, &len);
    jiesu_engine *prov = SENTINEL_ENGINE;
    OK(jiesu_engine_new(cfg, len, &prov, &err), err);
    e2 = SENTINEL_ENGINE;
    FAILS(jiesu_engine_new(cfg, len - 1, &e2, &err), err, JIESU_STATUS_INVALID_JSON, "engine configuration JSON");
    free(cfg);
    FAILS(jiesu_engine_new("{\"schema_version\": 2}", 21, &e2, &err), err, JIESU_STATUS_INVALID_INPUT, "field schema_version");
    const char *zero = "{\"sla\": {\"normal_days\": 0}}";
    FAILS2(jiesu_engine_new(zero, strlen(zero), &e2, &err), err, JIESU_STATUS_VALIDATION_FAILED, "normal_days", "1..=3660");
    FAILS(jiesu_engine_new("{\"nope\": 1}", 11, &e2, &err), err, JIESU_STATUS_INVALID_JSON, "unknown field `nope`");
    const char *xx = "{\"calendar\": {\"builtin\": \"XX\"}}";
    FAILS(jiesu_engine_new(xx, strlen(xx), &e2, &err), err, JIESU_STATUS_INVALID_INPUT, "\"XX\"");
    FAILS(jiesu_engine_new("{\"\xff\": 1}", 7, &e2, &err), err, JIESU_STATUS_INVALID_UTF8, "config_json: invalid UTF-8 at byte 2");
    FAILS(jiesu_engine_new(NULL, 2, &e2, &err), err, JIESU_STATUS_NULL_ARGUMENT, "config_json is NULL");
    FAILS(jiesu_engine_new("{}", 2, NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out is NULL");
    FAILS(jiesu_engine_new("{}", SIZE_MAX, &e2, &err), err, JIESU_STATUS_LIMIT_EXCEEDED, "config_json: length");
    CHECK(e2 == SENTINEL_ENGINE);

    /* The engine's calendar, independent of the engine. */
    jiesu_calendar *ecal = SENTINEL_CAL;
    OK(jiesu_engine_calendar(prov, &ecal, &err), err);
    FAILS(jiesu_engine_calendar(NULL, &ecal, &err), err, JIESU_STATUS_NULL_ARGUMENT, "engine is NULL");
    FAILS(jiesu_engine_calendar(prov, NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out is NULL");

    /* Suggestions. */
    const char *text = "来电人反映：江那镇××小区门口的路灯坏了一个多月，晚上漆黑一片";
    char *json = SENTINEL_STR;
    OK(jiesu_guide_suggest(engine, text, strlen(text), NULL, 0, &json, &err), err);
    char code[64], township[64];
    CHECK(strstr(json, "\"matched\":[") != NULL && strstr(json, "路灯") != NULL);
    CHECK(strcmp(json_str(json, "township", township, sizeof township), "jiangna") == 0);
    json_str(json, "code", code, sizeof code);
    CHECK(strlen(code) > 0);
    jiesu_string_free(json);
    json = SENTINEL_STR;
    const char *loc = "{\"township\": \"baga\"}";
    OK(jiesu_guide_suggest(engine, text, strlen(text), loc, strlen(loc), &json, &err), err);
    CHECK(strcmp(json_str(json, "township", township, sizeof township), "baga") == 0);
    jiesu_string_free(json);
    json = SENTINEL_STR;
    OK(jiesu_guide_suggest(engine, text, 0, NULL, 0, &json, &err), err);
    CHECK(strstr(json, "\"categories\":[]") != NULL);
    jiesu_string_free(json);
    json = SENTINEL_STR;
    /* len shorter than the string, ending inside a UTF-8 sequence (every CJK char is 3 bytes). */
    FAILS(jiesu_guide_suggest(engine, text, 4, NULL, 0, &json, &err), err, JIESU_STATUS_INVALID_UTF8, "text: invalid UTF-8 at byte 3");
    FAILS(jiesu_guide_suggest(engine, text, strlen(text), loc, strlen(loc) - 1, &json, &err), err, JIESU_STATUS_INVALID_JSON, "location_json: invalid JSON");
    const char *badloc = "{\"town\": \"baga\"}";
    FAILS(jiesu_guide_suggest(engine, text, strlen(text), badloc, strlen(badloc), &json, &err), err, JIESU_STATUS_INVALID_JSON, "unknown field `town`");
    FAILS(jiesu_guide_suggest(engine, text, strlen(text), "\"\xff\"", 3, &json, &err), err, JIESU_STATUS_INVALID_UTF8, "location_json");
    FAILS(jiesu_guide_suggest(NULL, text, strlen(text), NULL, 0, &json, &err), err, JIESU_STATUS_NULL_ARGUMENT, "engine is NULL");
    FAILS(jiesu_guide_suggest(engine, NULL, 1, NULL, 0, &json, &err), err, JIESU_STATUS_NULL_ARGUMENT, "text is NULL");
    FAILS(jiesu_guide_suggest(engine, text, strlen(text), NULL, 0, NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out_json is NULL");
    CHECK(json == SENTINEL_STR);

    /* Classification of the top suggestion. */
    char decision[256];
    snprintf(decision, sizeof decision, "{\"category\": \"%s\", \"appeal_type\": \"complaint\", \"location\": {\"township\": \"jiangna\"}}", code);
    OK(jiesu_guide_classify(engine, decision, strlen(decision), &json, &err), err);
    CHECK(strstr(json, "\"guide_version\":\"2026.1\"") != NULL);
    CHECK(strstr(json, "\"role\":\"lead\"") != NULL);
    CHECK(strstr(json, "\"sla\":{\"urgency\":") != NULL);
    jiesu_string_free(json);
    json = SENTINEL_STR;
    const char *unknown_cat = "{\"category\": \"nope\", \"appeal_type\": \"complaint\"}";
    FAILS2(jiesu_guide_classify(engine, unknown_cat, strlen(unknown_cat), &json, &err), err, JIESU_STATUS_INVALID_INPUT, "field category", "[R-SCOPE-4]");
    const char *bad_type = "{\"category\": \"nope\", \"appeal_type\": \"praise\"}";
    FAILS(jiesu_guide_classify(engine, bad_type, strlen(bad_type), &json, &err), err, JIESU_STATUS_INVALID_JSON, "decision_json: invalid JSON: unknown variant `praise`");
    FAILS(jiesu_guide_classify(engine, decision, strlen(decision) / 2, &json, &err), err, JIESU_STATUS_INVALID_JSON, "EOF");
    FAILS(jiesu_guide_classify(engine, "\xff", 1, &json, &err), err, JIESU_STATUS_INVALID_UTF8, "decision_json");
    FAILS(jiesu_guide_classify(NULL, decision, strlen(decision), &json, &err), err, JIESU_STATUS_NULL_ARGUMENT, "engine is NULL");
    FAILS(jiesu_guide_classify(engine, NULL, 1, &json, &err), err, JIESU_STATUS_NULL_ARGUMENT, "decision_json is NULL");
    FAILS(jiesu_guide_classify(engine, decision, strlen(decision), NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out_json is NULL");
    CHECK(json == SENTINEL_STR);

    /* SLA deadlines. */
    const char *normal = "{\"urgency\": \"normal\", \"handling_class\": \"normal\"}";
    OK(jiesu_sla_deadlines(engine, T_2026_09_30_10H, normal, strlen(normal), &json, &err), err);
    CHECK(strstr(json, "{\"clock\":\"completion\",\"started_at\":\"2026-09-30T10:00:00+08:00\",\"due_at\":\"2026-10-14T00:00:00+08:00\"") != NULL);
    CHECK(strstr(json, "first_feedback") == NULL && strstr(json, "\"provisional\":true") == NULL);
    jiesu_string_free(json);
    const char *urgent = "{\"urgency\": \"urgent\", \"handling_class\": \"urgent\"}";
    OK(jiesu_sla_deadlines(engine, T_2026_02_13_16H, urgent, strlen(urgent), &json, &err), err);
    CHECK(strstr(json, "{\"clock\":\"response\",\"started_at\":\"2026-02-13T16:00:00+08:00\",\"due_at\":\"2026-02-13T17:00:00+08:00\"") != NULL);
    CHECK(strstr(json, "{\"clock\":\"first_feedback\",\"started_at\":\"2026-02-13T16:00:00+08:00\",\"due_at\":\"2026-02-14T00:00:00+08:00\"") != NULL);
    CHECK(strstr(json, "{\"clock\":\"completion\",\"started_at\":\"2026-02-13T16:00:00+08:00\",\"due_at\":\"2026-02-26T00:00:00+08:00\"") != NULL);
    jiesu_string_free(json);
    const char *statutory = "{\"urgency\": \"normal\", \"handling_class\": \"statutory\", \"limit\": {\"calendar_days\": 60}}";
    OK(jiesu_sla_deadlines(engine, T_2026_03_02_10H, statutory, strlen(statutory), &json, &err), err);
    /* Day 60 is 05-01, inside 劳动节 05-01..05-05: the period ends on 05-06 (民法典 art. 203). */
    CHECK(strstr(json, "\"due_at\":\"2026-05-07T00:00:00+08:00\"") != NULL);
    jiesu_string_free(json);
    OK(jiesu_sla_deadlines(prov, T_2026_12_25_10H, normal, strlen(normal), &json, &err), err);
    CHECK(strstr(json, "\"provisional\":true") != NULL);
    jiesu_string_free(json);
    json = SENTINEL_STR;
    FAILS2(jiesu_sla_deadlines(engine, T_2026_12_25_10H, normal, strlen(normal), &json, &err), err, JIESU_STATUS_OUT_OF_COVERAGE, "2027", "[R-SLA-7]");
    const char *no_limit = "{\"urgency\": \"normal\", \"handling_class\": \"statutory\"}";
    FAILS2(jiesu_sla_deadlines(engine, T_2026_09_30_10H, no_limit, strlen(no_limit), &json, &err), err, JIESU_STATUS_VALIDATION_FAILED, "limit", "[R-SLA-3]");
    const char *very = "{\"urgency\": \"very\", \"handling_class\": \"normal\"}";
    FAILS(jiesu_sla_deadlines(engine, T_2026_09_30_10H, very, strlen(very), &json, &err), err, JIESU_STATUS_INVALID_JSON, "input_json: invalid JSON: unknown variant `very`");
    FAILS(jiesu_sla_deadlines(engine, T_2026_09_30_10H, normal, strlen(normal) - 1, &json, &err), err, JIESU_STATUS_INVALID_JSON, "EOF");
    FAILS(jiesu_sla_deadlines(engine, T_2026_09_30_10H, "nonsense", 8, &json, &err), err, JIESU_STATUS_INVALID_JSON, "input_json");
    FAILS(jiesu_sla_deadlines(engine, T_2026_09_30_10H, "{\"\xe4\"}", 5, &json, &err), err, JIESU_STATUS_INVALID_UTF8, "input_json: invalid UTF-8 at byte 2");
    FAILS(jiesu_sla_deadlines(engine, INT64_MAX, normal, strlen(normal), &json, &err), err, JIESU_STATUS_INVALID_INPUT, "dispatched_at: ");
    FAILS(jiesu_sla_deadlines(NULL, T_2026_09_30_10H, normal, strlen(normal), &json, &err), err, JIESU_STATUS_NULL_ARGUMENT, "engine is NULL");
    FAILS(jiesu_sla_deadlines(engine, T_2026_09_30_10H, NULL, 2, &json, &err), err, JIESU_STATUS_NULL_ARGUMENT, "input_json is NULL");
    FAILS(jiesu_sla_deadlines(engine, T_2026_09_30_10H, normal, strlen(normal), NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out_json is NULL");
    CHECK(json == SENTINEL_STR);

    /* The calendar outlives its engine. */
    jiesu_engine_free(prov);
    jiesu_engine_free(engine);
    int32_t d = -1;
    OK(jiesu_calendar_add_working_days(ecal, D_2026_12_25, 5, &d, &err), err);
    CHECK(d == D_2027_01_01);
    jiesu_calendar_free(ecal);
}

/* The shipped data files (data/guide/yanshan.toml, data/escalation/default.toml) are read from
 * JIESU_DATA_DIR (the repository's data/, set by mk/capi.mk; argv[1] overrides it). */
#ifndef JIESU_DATA_DIR
#define JIESU_DATA_DIR "data"
#endif
static const char *data_dir = JIESU_DATA_DIR;

/* The contents of data_dir/name (heap, NUL-terminated), or NULL. */
static char *read_data(const char *name) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", data_dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s (pass the data directory as argv[1])\n", path);
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - 1 - n, f);
        if (n < cap - 1) break;
        char *more = realloc(buf, cap *= 2);
        if (!more) free(buf);
        buf = more;
    }
    fclose(f);
    if (buf) buf[n] = '\0';
    return buf;
}

/* `s` with its first `from` replaced by `to` (new heap string), or NULL when absent. */
static char *replaced(const char *s, const char *from, const char *to) {
    const char *at = s ? strstr(s, from) : NULL;
    if (!at) return NULL;
    size_t lf = strlen(from), lt = strlen(to), ls = strlen(s);
    char *r = malloc(ls - lf + lt + 1);
    if (!r) abort();
    memcpy(r, s, (size_t)(at - s));
    memcpy(r + (at - s), to, lt);
    memcpy(r + (at - s) + lt, at + lf, ls - (size_t)(at - s) - lf + 1);
    return r;
}

/* The classification of a complaint in `category` (in township jiangna when the guide has
 * townships) gives this guide version and lead unit. */
static void classify_as(const jiesu_engine *engine, const char *category, const char *version, const char *lead) {
    jiesu_error *err = NULL;
    char decision[160], pat[96], *json = SENTINEL_STR;
    bool yanshan = strncmp(version, "2026.", 5) == 0;
    snprintf(decision, sizeof decision, "{\"category\": \"%s\", \"appeal_type\": \"complaint\"%s}", category,
             yanshan ? ", \"location\": {\"township\": \"jiangna\"}" : "");
    OK(jiesu_guide_classify(engine, decision, strlen(decision), &json, &err), err);
    if (json == SENTINEL_STR) return;
    snprintf(pat, sizeof pat, "\"guide_version\":\"%s\"", version);
    CHECK(strstr(json, pat) != NULL);
    snprintf(pat, sizeof pat, "\"unit\":\"%s\",", lead);
    CHECK(strstr(json, pat) != NULL && strstr(json, "\"role\":\"lead\"") != NULL);
    jiesu_string_free(json);
}

/* A small guide as JSON: one unit, one category, and the exclusion of each decline reason
 * (R-SCOPE-2 requires all ten). */
#define EXCLUSION(reason) "{\"reason\": \"" reason "\", \"guidance\": \"不属于热线受理范围。\"}"
static const char *MINI_GUIDE =
    "{\"schema_version\": 1, \"id\": \"mini\", \"version\": \"2027.1\", \"name\": \"试用指南\","
    " \"units\": [{\"id\": \"water\", \"name\": \"县水务局\", \"kind\": \"department\"}],"
    " \"categories\": [{\"code\": \"01\", \"name\": \"供水\", \"domain\": \"public_service\","
    " \"appeal_types\": [\"complaint\", \"help\"], \"routing\": {\"lead\": \"water\"}, \"urgency\": \"normal\","
    " \"handling_class\": \"normal\", \"keywords\": [\"自来水\"]}],"
    " \"exclusions\": [" EXCLUSION("litigation") ", " EXCLUSION("arbitration") ", " EXCLUSION("discipline_inspection") ", "
    EXCLUSION("administrative_reconsideration") ", " EXCLUSION("information_disclosure") ", " EXCLUSION("petition_channel") ", "
    EXCLUSION("state_secret") ", " EXCLUSION("trade_secret") ", " EXCLUSION("personal_privacy") ", " EXCLUSION("public_order") "]}";
#undef EXCLUSION

static void test_engine_guide(void) {
    jiesu_error *err = NULL;
    jiesu_engine *engine = SENTINEL_ENGINE;
    OK(jiesu_engine_new_default(&engine, &err), err);
    char *toml = read_data("guide/yanshan.toml");
    CHECK(toml != NULL);
    /* The shipped guide, as a new version. */
    char *v2 = replaced(toml, "\nversion = \"2026.1\"\n", "\nversion = \"2026.2\"\n");
    CHECK(v2 != NULL);
    if (!engine || !v2) {
        free(toml);
        jiesu_engine_free(engine);
        return;
    }
    size_t len;
    char *v2u = unterminated(v2, &len);
    jiesu_engine *e2 = SENTINEL_ENGINE;
    OK(jiesu_engine_with_guide_toml(engine, v2u, len, &e2, &err), err);
    CHECK(e2 != SENTINEL_ENGINE && e2 != NULL);
    if (e2 != SENTINEL_ENGINE) {
        classify_as(e2, "040201", "2026.2", "urban_management");
        /* The SLA policy and calendar are kept: the same deadlines. */
        const char *normal = "{\"urgency\": \"normal\", \"handling_class\": \"normal\"}";
        char *d1 = SENTINEL_STR, *d2 = SENTINEL_STR;
        OK(jiesu_sla_deadlines(engine, T_2026_09_30_10H, normal, strlen(normal), &d1, &err), err);
        OK(jiesu_sla_deadlines(e2, T_2026_09_30_10H, normal, strlen(normal), &d2, &err), err);
        CHECK(d1 != SENTINEL_STR && d2 != SENTINEL_STR && strcmp(d1, d2) == 0);
        if (d1 != SENTINEL_STR) jiesu_string_free(d1);
        if (d2 != SENTINEL_STR) jiesu_string_free(d2);
        jiesu_engine_free(e2);
    }
    classify_as(engine, "040201", "2026.1", "urban_management"); /* unchanged */

    /* A guide of one category, as JSON: the new engine classifies by it. */
    char *mini = unterminated(MINI_GUIDE, &len);
    jiesu_engine *e3 = SENTINEL_ENGINE;
    OK(jiesu_engine_with_guide_json(engine, mini, len, &e3, &err), err);
    CHECK(e3 != SENTINEL_ENGINE && e3 != NULL);
    if (e3 != SENTINEL_ENGINE) {
        classify_as(e3, "01", "2027.1", "water");
        char *json = SENTINEL_STR;
        const char *decision = "{\"category\": \"010101\", \"appeal_type\": \"complaint\"}";
        FAILS2(jiesu_guide_classify(e3, decision, strlen(decision), &json, &err), err, JIESU_STATUS_INVALID_INPUT, "010101", "[R-SCOPE-4]");
        CHECK(json == SENTINEL_STR);
        jiesu_engine_free(e3);
    }
    classify_as(engine, "010101", "2026.1", "human_resources"); /* unchanged */

    jiesu_engine *bad = SENTINEL_ENGINE;
    /* len shorter than the string. */
    FAILS(jiesu_engine_with_guide_json(engine, mini, len - 1, &bad, &err), err, JIESU_STATUS_INVALID_JSON, "EOF");
    free(mini);
    char *nobody = replaced(MINI_GUIDE, "{\"lead\": \"water\"}", "{\"lead\": \"nobody\"}");
    FAILS2(jiesu_engine_with_guide_json(engine, nobody, strlen(nobody), &bad, &err), err, JIESU_STATUS_VALIDATION_FAILED, "categories[0]", "nobody");
    free(nobody);
    char *owner = replaced(MINI_GUIDE, "\"name\": \"试用指南\"", "\"owner\": \"x\"");
    FAILS(jiesu_engine_with_guide_json(engine, owner, strlen(owner), &bad, &err), err, JIESU_STATUS_INVALID_JSON, "unknown field `owner`");
    free(owner);
    char *long_kw = replaced(MINI_GUIDE, "[\"自来水\"]", "[\"0123456789012345678901234567890123456789012345678901234567890123456789\"]");
    FAILS(jiesu_engine_with_guide_json(engine, long_kw, strlen(long_kw), &bad, &err), err, JIESU_STATUS_LIMIT_EXCEEDED, "max_keyword_chars");
    free(long_kw);
    FAILS(jiesu_engine_with_guide_json(engine, "{\"id\": \"\xe6\xb1\"}", 11, &bad, &err), err, JIESU_STATUS_INVALID_UTF8, "json: invalid UTF-8 at byte 8");
    FAILS(jiesu_engine_with_guide_json(NULL, MINI_GUIDE, strlen(MINI_GUIDE), &bad, &err), err, JIESU_STATUS_NULL_ARGUMENT, "engine is NULL");
    FAILS(jiesu_engine_with_guide_json(engine, NULL, 1, &bad, &err), err, JIESU_STATUS_NULL_ARGUMENT, "json is NULL");
    FAILS(jiesu_engine_with_guide_json(engine, MINI_GUIDE, strlen(MINI_GUIDE), NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out is NULL");
    FAILS(jiesu_engine_with_guide_json(engine, MINI_GUIDE, SIZE_MAX, &bad, &err), err, JIESU_STATUS_LIMIT_EXCEEDED, "json: length");

    FAILS(jiesu_engine_with_guide_toml(engine, v2u, len / 2, &bad, &err), err, JIESU_STATUS_INVALID_TOML, "TOML");
    free(v2u);
    char *missing = replaced(v2, "routing = { lead = \"human_resources\" }", "routing = { lead = \"nobody\" }");
    CHECK(missing != NULL);
    if (missing) {
        FAILS(jiesu_engine_with_guide_toml(engine, missing, strlen(missing), &bad, &err), err, JIESU_STATUS_VALIDATION_FAILED, "nobody");
        free(missing);
    }
    FAILS(jiesu_engine_with_guide_toml(engine, "id = \"\xff\"", 8, &bad, &err), err, JIESU_STATUS_INVALID_UTF8, "toml: invalid UTF-8 at byte 6");
    FAILS(jiesu_engine_with_guide_toml(NULL, v2, strlen(v2), &bad, &err), err, JIESU_STATUS_NULL_ARGUMENT, "engine is NULL");
    FAILS(jiesu_engine_with_guide_toml(engine, NULL, 1, &bad, &err), err, JIESU_STATUS_NULL_ARGUMENT, "toml is NULL");
    FAILS(jiesu_engine_with_guide_toml(engine, v2, strlen(v2), NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out is NULL");
    CHECK(bad == SENTINEL_ENGINE);
    classify_as(engine, "040201", "2026.1", "urban_management"); /* still unchanged */
    free(v2);
    free(toml);
    jiesu_engine_free(engine);
}

/* Two non-empty event arrays as one (new heap string); both compact, as jiesu returns them. */
static char *events_concat(const char *a, const char *b) {
    size_t la = strlen(a), lb = strlen(b);
    char *r = malloc(la + lb + 1);
    if (!r) abort();
    memcpy(r, a, la - 1);
    r[la - 1] = ',';
    memcpy(r + la, b + 1, lb); /* with the NUL */
    return r;
}

/* The alerts of a dispatched ticket at `now` under an engine's rules (new heap string). */
static char *alerts_of(const jiesu_engine *engine, const char *history, int64_t now) {
    jiesu_error *err = NULL;
    char *json = SENTINEL_STR;
    OK(jiesu_escalation_evaluate(engine, history, strlen(history), now, &json, &err), err);
    return json == SENTINEL_STR ? NULL : json;
}

/* A small rule set as JSON: one rule. */
static const char *MINI_RULES =
    "{\"schema_version\": 1, \"id\": \"county-trial\", \"version\": \"2027.1\", \"rules\": [{\"id\": \"overdue.trial\","
    " \"trigger\": {\"kind\": \"clock_breach\", \"clock\": \"completion\"}, \"level\": \"supervision\","
    " \"target\": \"supervision_office\", \"message\": \"试行规则：工单 {ticket_id} 已超期\"}]}";

static void test_engine_rules(void) {
    enum { T_REGISTERED = 1772413200, T_DISPATCHED = 1772415000, T_OVERDUE = 1773280800 }; /* 2026-03-02 09:00, 09:30; 03-12 10:00 */
    jiesu_error *err = NULL;
    jiesu_engine *engine = SENTINEL_ENGINE;
    OK(jiesu_engine_new_default(&engine, &err), err);
    char *toml = read_data("escalation/default.toml");
    CHECK(toml != NULL);
    if (!toml || engine == SENTINEL_ENGINE) {
        free(toml);
        return;
    }
    /* A dispatched ticket (category 040201, lead urban_management), overdue on 2026-03-12. */
    const char *cc = "{\"role\": \"command_center\"}";
    const char *reg = "{\"type\": \"register\", \"id\": \"YS-R-1\", \"appeal_type\": \"complaint\", \"content\": \"路灯不亮\","
                      " \"requester\": {\"name\": \"张三\", \"phone\": \"13812345678\"}, \"location\": {\"township\": \"jiangna\"}}";
    const char *dispatch = "{\"type\": \"dispatch\", \"decision\": {\"category\": \"040201\"}}";
    char *e1 = SENTINEL_STR, *e2 = SENTINEL_STR;
    OK(jiesu_ticket_handle(engine, "[]", 2, cc, strlen(cc), reg, strlen(reg), T_REGISTERED, &e1, &err), err);
    if (e1 != SENTINEL_STR)
        OK(jiesu_ticket_handle(engine, e1, strlen(e1), cc, strlen(cc), dispatch, strlen(dispatch), T_DISPATCHED, &e2, &err), err);
    if (e2 == SENTINEL_STR) {
        if (e1 != SENTINEL_STR) jiesu_string_free(e1);
        free(toml);
        jiesu_engine_free(engine);
        return;
    }
    char *history = events_concat(e1, e2);
    jiesu_string_free(e1);
    jiesu_string_free(e2);

    char *base = alerts_of(engine, history, T_OVERDUE);
    CHECK(base && strstr(base, "\"rule\":\"completion.urging\"") && strstr(base, "已超过办结时限"));
    CHECK(base && strstr(base, "指挥中心催办") && !strstr(base, "县指挥中心再次催办"));

    /* The shipped rules with another message, as TOML. */
    char *again = replaced(toml, "已超过办结时限（{due_at}），指挥中心催办", "已超过办结时限（{due_at}），县指挥中心再次催办");
    CHECK(again != NULL);
    size_t len;
    char *again_u = unterminated(again ? again : toml, &len);
    jiesu_engine *e_toml = SENTINEL_ENGINE;
    OK(jiesu_engine_with_rules_toml(engine, again_u, len, &e_toml, &err), err);
    CHECK(e_toml != SENTINEL_ENGINE && e_toml != NULL);
    if (e_toml != SENTINEL_ENGINE) {
        char *a = alerts_of(e_toml, history, T_OVERDUE);
        CHECK(a && strstr(a, "\"rule\":\"completion.urging\"") && strstr(a, "县指挥中心再次催办"));
        jiesu_string_free(a);
        classify_as(e_toml, "040201", "2026.1", "urban_management"); /* the guide is kept */
        jiesu_engine_free(e_toml);
    }

    /* A rule set of one rule, as JSON: only that rule fires. */
    char *mini = unterminated(MINI_RULES, &len);
    jiesu_engine *e_json = SENTINEL_ENGINE;
    OK(jiesu_engine_with_rules_json(engine, mini, len, &e_json, &err), err);
    CHECK(e_json != SENTINEL_ENGINE && e_json != NULL);
    if (e_json != SENTINEL_ENGINE) {
        char *a = alerts_of(e_json, history, T_OVERDUE);
        CHECK(a && strstr(a, "\"rule\":\"overdue.trial\"") && strstr(a, "试行规则：工单 YS-R-1 已超期"));
        CHECK(a && !strstr(a, "completion.urging") && !strstr(a, "response."));
        CHECK(a && strstr(a, "\"target\":\"supervision_office\""));
        jiesu_string_free(a);
        jiesu_engine_free(e_json);
    }
    /* The original engine is unchanged. */
    char *after = alerts_of(engine, history, T_OVERDUE);
    CHECK(base && after && strcmp(base, after) == 0);
    jiesu_string_free(after);
    jiesu_string_free(base);

    jiesu_engine *bad = SENTINEL_ENGINE;
    FAILS(jiesu_engine_with_rules_json(engine, mini, len - 1, &bad, &err), err, JIESU_STATUS_INVALID_JSON, "EOF");
    free(mini);
    char *dup = replaced(MINI_RULES, "]}", ", {\"id\": \"overdue.trial\", \"trigger\": {\"kind\": \"reopens\", \"at_least\": 2},"
                                           " \"level\": \"warning\", \"target\": \"unit\", \"message\": \"m\"}]}");
    FAILS(jiesu_engine_with_rules_json(engine, dup, strlen(dup), &bad, &err), err, JIESU_STATUS_VALIDATION_FAILED, "overdue.trial");
    free(dup);
    char *level = replaced(MINI_RULES, "\"supervision\"", "\"panic\"");
    FAILS(jiesu_engine_with_rules_json(engine, level, strlen(level), &bad, &err), err, JIESU_STATUS_INVALID_JSON, "panic");
    free(level);
    FAILS(jiesu_engine_with_rules_json(engine, "{\"id\": \"\xe6\xb1\"}", 11, &bad, &err), err, JIESU_STATUS_INVALID_UTF8, "json: invalid UTF-8 at byte 8");
    FAILS(jiesu_engine_with_rules_json(NULL, MINI_RULES, strlen(MINI_RULES), &bad, &err), err, JIESU_STATUS_NULL_ARGUMENT, "engine is NULL");
    FAILS(jiesu_engine_with_rules_json(engine, NULL, 1, &bad, &err), err, JIESU_STATUS_NULL_ARGUMENT, "json is NULL");
    FAILS(jiesu_engine_with_rules_json(engine, MINI_RULES, strlen(MINI_RULES), NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out is NULL");
    FAILS(jiesu_engine_with_rules_json(engine, MINI_RULES, SIZE_MAX, &bad, &err), err, JIESU_STATUS_LIMIT_EXCEEDED, "json: length");

    FAILS(jiesu_engine_with_rules_toml(engine, again_u, len / 3, &bad, &err), err, JIESU_STATUS_INVALID_TOML, "TOML");
    free(again_u);
    char *placeholder = replaced(toml, "message = \"工单 {ticket_id}", "message = \"工单 {nope}");
    CHECK(placeholder != NULL);
    if (placeholder) {
        FAILS(jiesu_engine_with_rules_toml(engine, placeholder, strlen(placeholder), &bad, &err), err, JIESU_STATUS_VALIDATION_FAILED, "{nope}");
        free(placeholder);
    }
    FAILS(jiesu_engine_with_rules_toml(engine, "id = \"\xff\"", 8, &bad, &err), err, JIESU_STATUS_INVALID_UTF8, "toml: invalid UTF-8 at byte 6");
    FAILS(jiesu_engine_with_rules_toml(NULL, toml, strlen(toml), &bad, &err), err, JIESU_STATUS_NULL_ARGUMENT, "engine is NULL");
    FAILS(jiesu_engine_with_rules_toml(engine, NULL, 1, &bad, &err), err, JIESU_STATUS_NULL_ARGUMENT, "toml is NULL");
    FAILS(jiesu_engine_with_rules_toml(engine, toml, strlen(toml), NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out is NULL");
    CHECK(bad == SENTINEL_ENGINE);
    free(again);
    free(history);
    free(toml);
    jiesu_engine_free(engine);
}

int main(int argc, char **argv) {
    if (argc > 1) data_dir = argv[1];
    test_version_and_errors();
    jiesu_calendar *cn = test_builtin();
    test_days(cn);
    test_batches(cn);
    test_calendar_data(cn);
    test_coverage_countdown(cn);
    test_notice(cn);
    test_business_hours(cn);
    jiesu_calendar_free(cn);
    test_engine();
    test_engine_guide();
    test_engine_rules();

    /* Every status reachable without the ticket functions was returned at least once. */
    const jiesu_status reachable[] = {
        JIESU_STATUS_OK,           JIESU_STATUS_NULL_ARGUMENT,     JIESU_STATUS_INVALID_UTF8,
        JIESU_STATUS_INVALID_JSON, JIESU_STATUS_INVALID_INPUT,     JIESU_STATUS_OUT_OF_COVERAGE,
        JIESU_STATUS_INVALID_TOML, JIESU_STATUS_VALIDATION_FAILED, JIESU_STATUS_LIMIT_EXCEEDED,
    };
    for (size_t i = 0; i < sizeof reachable / sizeof reachable[0]; i++) {
        if (!seen[reachable[i]]) fprintf(stderr, "status %d was never returned\n", (int)reachable[i]);
        CHECK(seen[reachable[i]]);
    }
    /* Statuses of the ticket functions (returned in test_ticket.c), and of bugs, are distinct
     * numbers. */
    CHECK(JIESU_STATUS_PERMISSION_DENIED == 6 && JIESU_STATUS_INVALID_TRANSITION == 7);
    CHECK(JIESU_STATUS_INTERNAL_PANIC == 10 && JIESU_STATUS_INTERNAL_ERROR == 12);

    printf("test_api: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
