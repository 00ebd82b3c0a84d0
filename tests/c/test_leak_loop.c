/*
 * test_leak_loop.c: a long loop of handle/free, string/free and error/free cycles, for
 * LeakSanitizer (built with -fsanitize=address, run with detect_leaks=1: any allocation of
 * the library not freed by its _free functions is reported at exit) and for the growth of
 * resident memory (a leak that stays reachable, a cache that grows): the resident set size
 * (VmRSS of /proc/self/status) after the first 10% of the iterations and at the end must not differ by
 * more than 8 MiB.
 *
 *     test_leak_loop [ITERATIONS]     (default 1 000 000)
 *
 * Each iteration makes and frees (costs measured under ASan on the 2-core test machine):
 *   - a calendar from a small JSON document (jiesu_calendar_from_json, ~40 us under ASan);
 *   - an error object, in turn: an unknown built-in calendar (INVALID_INPUT), truncated
 *     calendar JSON (INVALID_JSON), a date out of coverage (OUT_OF_COVERAGE), an engine with a
 *     rule set that does not parse (INVALID_JSON), with out-parameters that must keep their
 *     sentinels (a few us each);
 *   - a string, in turn: jiesu_ticket_verify of a one-event history, jiesu_guide_classify,
 *     jiesu_sla_deadlines, jiesu_ticket_state (a few us each);
 * and every 1024th iteration the handles that are too slow for every iteration
 * (jiesu_calendar_with_policy, jiesu_calendar_with_business_hours_json, jiesu_engine_calendar
 * ~0.3 ms each; jiesu_engine_with_rules_json ~2 ms). jiesu_calendar_builtin (~1-3 ms) and
 * jiesu_engine_new_default (~10-20 ms) are made once. Every result is checked (status, value
 * or a fixed substring), so the loop also proves the calls keep working.
 *
 * Under ASan the quarantine of freed memory (256 MiB by default) would show as resident
 * memory growth: __asan_default_options below lowers it to 4 MiB (ASAN_OPTIONS may still
 * override it).
 */
#include "jiesu.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(__SANITIZE_ADDRESS__)
#define LEAK_LOOP_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LEAK_LOOP_ASAN 1
#endif
#endif
#ifdef LEAK_LOOP_ASAN
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "quarantine_size_mb=4"; }
#endif

static long failures = 0;
#define EXPECT(cond)                                                                          \
    do {                                                                                      \
        if (!(cond) && failures++ < 20) fprintf(stderr, "%s:%d: iteration %zu: %s\n", __FILE__, __LINE__, i, #cond); \
    } while (0)

/* Resident set size in bytes (VmRSS of /proc/self/status), or -1. */
static long long rss_bytes(void) {
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long long kb = -1;
    if (!f) return -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "VmRSS:", 6) == 0 && sscanf(line + 6, "%lld", &kb) != 1) kb = -1;
    fclose(f);
    return kb < 0 ? -1 : kb * 1024;
}

static double seconds(void) {
    struct timespec t;
    timespec_get(&t, TIME_UTC);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static const char *SMALL_CAL = "{\"schema_version\":1,\"name\":\"X\",\"coverage\":{\"from\":2026,\"to\":2026},"
                               "\"festivals\":[{\"year\":2026,\"festival\":\"x\",\"holidays\":[\"2026-10-01\"]}]}";
static const char *DECISION = "{\"category\": \"040201\", \"appeal_type\": \"complaint\", \"location\": {\"township\": \"jiangna\"}}";
static const char *SLA_INPUT = "{\"urgency\": \"urgent\", \"handling_class\": \"urgent\"}";
static const char *HOURS = "{\"monday\": [\"08:30-12:00\"], \"tuesday\": [\"08:30-12:00\"]}";
static const char *RULES = "{\"schema_version\": 1, \"id\": \"loop\", \"version\": \"1\", \"rules\": [{\"id\": \"overdue\","
                           " \"trigger\": {\"kind\": \"clock_breach\", \"clock\": \"completion\"}, \"level\": \"urging\","
                           " \"target\": \"unit\", \"message\": \"工单 {ticket_id} 已超期\"}]}";
static const char *CC = "{\"role\": \"command_center\"}";
static const char *REGISTER = "{\"type\": \"register\", \"id\": \"YS-L-1\", \"appeal_type\": \"complaint\", \"content\": \"路灯不亮\","
                              " \"requester\": {\"name\": \"张三\", \"phone\": \"13812345678\"}, \"location\": {\"township\": \"jiangna\"}}";
static const int64_t T_REGISTERED = 1772413200; /* 2026-03-02T09:00:00+08:00 */

int main(int argc, char **argv) {
    size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 1000000;
    size_t i = 0;
    if (n < 10) n = 10;
    static int sentinel;
    jiesu_calendar *const S_CAL = (jiesu_calendar *)(void *)&sentinel;
    jiesu_engine *const S_ENGINE = (jiesu_engine *)(void *)&sentinel;
    char *const S_STR = (char *)(void *)&sentinel;

    jiesu_calendar *cn = NULL;
    jiesu_engine *engine = NULL;
    char *history = NULL;
    if (jiesu_calendar_builtin("CN", &cn, NULL) != JIESU_STATUS_OK || jiesu_engine_new_default(&engine, NULL) != JIESU_STATUS_OK ||
        jiesu_ticket_handle(engine, "[]", 2, CC, strlen(CC), REGISTER, strlen(REGISTER), T_REGISTERED, &history, NULL) != JIESU_STATUS_OK) {
        fprintf(stderr, "setup failed\n");
        return 1;
    }
    const size_t small_len = strlen(SMALL_CAL), history_len = strlen(history);

    long long rss_start = rss_bytes(), rss_10 = -1;
    double t0 = seconds();
    for (i = 0; i < n; i++) {
        if (i == n / 10) rss_10 = rss_bytes();
        jiesu_error *err = NULL;

        /* A handle. */
        jiesu_calendar *cal = S_CAL;
        bool w = true;
        EXPECT(jiesu_calendar_from_json(SMALL_CAL, small_len, &cal, &err) == JIESU_STATUS_OK && err == NULL);
        if (cal != S_CAL) {
            EXPECT(jiesu_calendar_is_workday(cal, 20727, &w, NULL) == JIESU_STATUS_OK && !w); /* 2026-10-01 */
            jiesu_calendar_free(cal);
        }

        /* An error object. */
        jiesu_status want, s;
        switch (i % 4) {
        case 0: {
            jiesu_calendar *c = S_CAL;
            s = jiesu_calendar_builtin("XX", &c, &err), want = JIESU_STATUS_INVALID_INPUT;
            EXPECT(c == S_CAL);
            break;
        }
        case 1: {
            jiesu_calendar *c = S_CAL;
            s = jiesu_calendar_from_json(SMALL_CAL, small_len - 1 - i % 7, &c, &err), want = JIESU_STATUS_INVALID_JSON;
            EXPECT(c == S_CAL);
            break;
        }
        case 2: {
            int32_t d = -1;
            s = jiesu_calendar_add_working_days(cn, 20812, 5 + (int32_t)(i % 3), &d, &err), want = JIESU_STATUS_OUT_OF_COVERAGE;
            EXPECT(d == -1);
            break;
        }
        default: {
            jiesu_engine *e = S_ENGINE;
            s = jiesu_engine_with_rules_json(engine, RULES, 40 + i % 9, &e, &err), want = JIESU_STATUS_INVALID_JSON;
            EXPECT(e == S_ENGINE);
            break;
        }
        }
        EXPECT(s == want && err != NULL && jiesu_error_code(err) == want && jiesu_error_message(err)[0] != '\0');
        jiesu_error_free(err);
        err = NULL;

        /* A string. */
        char *out = S_STR;
        const char *needle;
        switch (i % 4) {
        case 0:
            s = jiesu_ticket_verify(history, history_len, &out, &err), needle = "\"intact\":true";
            break;
        case 1:
            s = jiesu_guide_classify(engine, DECISION, strlen(DECISION), &out, &err), needle = "\"guide_version\":\"2026.1\"";
            break;
        case 2:
            s = jiesu_sla_deadlines(engine, T_REGISTERED + (int64_t)(i % 3600), SLA_INPUT, strlen(SLA_INPUT), &out, &err), needle = "\"clock\":\"completion\"";
            break;
        default:
            s = jiesu_ticket_state(engine, history, history_len, T_REGISTERED + 60, &out, &err), needle = "\"id\":\"YS-L-1\"";
            break;
        }
        EXPECT(s == JIESU_STATUS_OK && err == NULL && out != S_STR && out != NULL);
        if (s == JIESU_STATUS_OK && out != S_STR) {
            EXPECT(strstr(out, needle) != NULL);
            jiesu_string_free(out);
        }
        jiesu_error_free(err);

        /* The slower handles, now and then. */
        if (i % 1024 == 512) {
            jiesu_calendar *c = S_CAL, *h = S_CAL, *ec = S_CAL;
            jiesu_engine *e = S_ENGINE;
            EXPECT(jiesu_calendar_with_policy(cn, JIESU_COVERAGE_POLICY_PROVISIONAL, &c, NULL) == JIESU_STATUS_OK);
            EXPECT(jiesu_calendar_with_business_hours_json(cn, HOURS, strlen(HOURS), &h, NULL) == JIESU_STATUS_OK);
            EXPECT(jiesu_engine_calendar(engine, &ec, NULL) == JIESU_STATUS_OK);
            EXPECT(jiesu_engine_with_rules_json(engine, RULES, strlen(RULES), &e, NULL) == JIESU_STATUS_OK);
            if (c != S_CAL) jiesu_calendar_free(c);
            if (h != S_CAL) jiesu_calendar_free(h);
            if (ec != S_CAL) jiesu_calendar_free(ec);
            if (e != S_ENGINE) jiesu_engine_free(e);
        }
    }
    double t1 = seconds();
    long long rss_end = rss_bytes();

    jiesu_string_free(history);
    jiesu_engine_free(engine);
    jiesu_calendar_free(cn);

    const long long bound = 8LL << 20;
    long long growth = rss_end - rss_10;
    printf("test_leak_loop: %zu iterations in %.1f s (%.1f us each); resident memory %.1f MiB at the start, %.1f MiB after "
           "10%%, %.1f MiB at the end (growth %+.2f MiB, bound 8 MiB); %ld failures\n",
           n, t1 - t0, (t1 - t0) / (double)n * 1e6, (double)rss_start / 1048576.0, (double)rss_10 / 1048576.0,
           (double)rss_end / 1048576.0, (double)growth / 1048576.0, failures);
    if (rss_10 < 0 || rss_end < 0) {
        fprintf(stderr, "test_leak_loop: cannot read /proc/self/status\n");
        return 1;
    }
    if (growth > bound) {
        fprintf(stderr, "test_leak_loop: resident memory grew by %lld bytes (more than %lld)\n", growth, bound);
        return 1;
    }
    return failures == 0 ? 0 : 1;
}
