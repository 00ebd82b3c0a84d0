/*
 * bench_calendar.c: the cost of the C API's calendar calls, through the FFI, on random dates
 * 2004-01-01 .. 2025-12-31 of the CN calendar (n = 5, inside the tables: the O(1) fast path).
 *
 *   - per call: jiesu_calendar_add_working_days / is_workday / busday_count, one call per date
 *     (ns per call, including the boundary: NULL checks, catch_unwind, out-parameter);
 *   - batch: jiesu_calendar_add_working_days_batch and friends over arrays of 1 000, 100 000
 *     and 1 000 000 dates (dates per second; the target is >= 100 million/s).
 *
 * make bench-c (not part of make test). Best of several repetitions; one thread.
 */
#define _POSIX_C_SOURCE 199309L
#include "jiesu.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static uint32_t next_u32(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 16);
}

static void check(jiesu_status s, jiesu_error *err, const char *what) {
    if (s != JIESU_STATUS_OK) {
        fprintf(stderr, "%s: %s\n", what, jiesu_error_message(err));
        exit(1);
    }
}

enum { FIRST = 12418, SPAN = 8035 }; /* 2004-01-01, and days to 2025-12-31 */

int main(void) {
    jiesu_calendar *cal = NULL;
    jiesu_error *err = NULL;
    check(jiesu_calendar_builtin("CN", &cal, &err), err, "builtin");

    enum { BIG = 1000000 };
    int32_t *dates = malloc(BIG * sizeof *dates), *ends = malloc(BIG * sizeof *ends), *out = malloc(BIG * sizeof *out);
    bool *bout = malloc(BIG * sizeof *bout);
    if (!dates || !ends || !out || !bout) return 1;
    for (int i = 0; i < BIG; i++) {
        dates[i] = FIRST + (int32_t)(next_u32() % SPAN);
        ends[i] = dates[i] + (int32_t)(next_u32() % 60);
    }

    printf("libjiesu %s, CN calendar, random dates 2004-2025, n = 5, one thread\n\n", jiesu_version());
    printf("%-44s %12s\n", "per call (10^7 calls, best of 5)", "ns/call");
    const int CALLS = 10000000;
    const char *names[3] = {"jiesu_calendar_add_working_days", "jiesu_calendar_is_workday", "jiesu_calendar_busday_count"};
    for (int f = 0; f < 3; f++) {
        double best = 1e9;
        int64_t sink = 0;
        for (int rep = 0; rep < 5; rep++) {
            double t0 = now();
            for (int i = 0, j = 0; i < CALLS; i++, j = j + 1 == BIG ? 0 : j + 1) {
                int32_t d = dates[j];
                int32_t r = 0;
                bool w = false;
                jiesu_status s;
                if (f == 0) s = jiesu_calendar_add_working_days(cal, d, 5, &r, NULL);
                else if (f == 1) s = jiesu_calendar_is_workday(cal, d, &w, NULL), r = w;
                else s = jiesu_calendar_busday_count(cal, d, ends[j], &r, NULL);
                sink += r + (int)s;
            }
            double dt = now() - t0;
            if (dt < best) best = dt;
        }
        printf("%-44s %12.2f   (checksum %lld)\n", names[f], best / CALLS * 1e9, (long long)sink);
    }

    printf("\n%-44s %12s %14s\n", "batch (best of repetitions)", "len", "dates/s");
    const size_t lens[3] = {1000, 100000, BIG};
    const char *bnames[4] = {"jiesu_calendar_add_working_days_batch", "jiesu_calendar_is_workday_batch",
                             "jiesu_calendar_busday_count_batch", "jiesu_calendar_busday_offset_batch"};
    double add_batch_rate_1m = 0;
    for (int f = 0; f < 4; f++) {
        for (int l = 0; l < 3; l++) {
            size_t len = lens[l];
            int reps = (int)(20000000 / len);
            if (reps < 20) reps = 20;
            double best = 1e9;
            for (int round = 0; round < 3; round++) {
                double t0 = now();
                for (int rep = 0; rep < reps; rep++) {
                    const int32_t *in = dates + (size_t)rep * 7 % (BIG - len + 1);
                    jiesu_status s;
                    if (f == 0) s = jiesu_calendar_add_working_days_batch(cal, in, len, 5, out, &err);
                    else if (f == 1) s = jiesu_calendar_is_workday_batch(cal, in, len, bout, &err);
                    else if (f == 2) s = jiesu_calendar_busday_count_batch(cal, in, ends, len, out, &err);
                    else s = jiesu_calendar_busday_offset_batch(cal, in, len, 5, JIESU_ROLL_FORWARD, out, &err);
                    check(s, err, bnames[f]);
                }
                double dt = (now() - t0) / reps;
                if (dt < best) best = dt;
            }
            double rate = (double)len / best;
            if (f == 0 && len == BIG) add_batch_rate_1m = rate;
            printf("%-44s %12zu %14.3e\n", bnames[f], len, rate);
        }
    }
    /* A spot check that the batch computed the right thing. */
    int32_t one = 0;
    check(jiesu_calendar_add_working_days_batch(cal, dates, BIG, 5, out, &err), err, "batch");
    check(jiesu_calendar_add_working_days(cal, dates[BIG / 2], 5, &one, &err), err, "single");
    if (one != out[BIG / 2]) {
        fprintf(stderr, "batch and single call disagree\n");
        return 1;
    }
    printf("\nadd_working_days_batch, 10^6 dates: %.0f million dates/s (target >= 100)\n", add_batch_rate_1m / 1e6);

    /* For scale: making handles, and the JSON calls of the engine. */
    printf("\n%-44s %12s\n", "handles and JSON calls (best of 5)", "us/call");
    double best_cal = 1e9, best_engine = 1e9, best_sla = 1e9, best_suggest = 1e9;
    jiesu_engine *engine = NULL;
    for (int rep = 0; rep < 5; rep++) {
        jiesu_calendar *c = NULL;
        double t0 = now();
        check(jiesu_calendar_builtin("CN", &c, &err), err, "builtin");
        double t1 = now();
        jiesu_calendar_free(c);
        if (t1 - t0 < best_cal) best_cal = t1 - t0;
        if (engine) jiesu_engine_free(engine);
        t0 = now();
        check(jiesu_engine_new_default(&engine, &err), err, "engine");
        t1 = now();
        if (t1 - t0 < best_engine) best_engine = t1 - t0;
    }
    const char *input = "{\"urgency\":\"normal\",\"handling_class\":\"normal\"}";
    const char *text = "来电人反映：江那镇××小区门口的路灯坏了一个多月，晚上漆黑一片";
    for (int rep = 0; rep < 5; rep++) {
        enum { K = 2000 };
        double t0 = now();
        for (int i = 0; i < K; i++) {
            char *json = NULL;
            check(jiesu_sla_deadlines(engine, 1790733600 + i * 600, input, strlen(input), &json, &err), err, "sla");
            jiesu_string_free(json);
        }
        double t1 = now();
        for (int i = 0; i < K; i++) {
            char *json = NULL;
            check(jiesu_guide_suggest(engine, text, strlen(text), NULL, 0, &json, &err), err, "suggest");
            jiesu_string_free(json);
        }
        double t2 = now();
        if ((t1 - t0) / K < best_sla) best_sla = (t1 - t0) / K;
        if ((t2 - t1) / K < best_suggest) best_suggest = (t2 - t1) / K;
    }
    printf("%-44s %12.1f\n", "jiesu_calendar_builtin(\"CN\")", best_cal * 1e6);
    printf("%-44s %12.1f\n", "jiesu_engine_new_default", best_engine * 1e6);
    printf("%-44s %12.2f\n", "jiesu_sla_deadlines (normal ticket)", best_sla * 1e6);
    printf("%-44s %12.2f\n", "jiesu_guide_suggest (31-character text)", best_suggest * 1e6);
    jiesu_engine_free(engine);
    free(dates);
    free(ends);
    free(out);
    free(bout);
    jiesu_calendar_free(cal);
    return 0;
}
