/*
 * test_threads.c: two threads share one calendar and one engine for CALLS calls in all
 * (default 1 000 000; argv[1] overrides), interleaved call by call; every result (status and
 * value, or a hash of the returned JSON) must equal the one computed sequentially first.
 *
 * Mix per 100 calls: 40 add_working_days, 25 is_workday, 20 busday_count, 10 busday_offset
 * (every roll), 1 add_working_days_batch (16 dates), 1 sla_deadlines, 1 guide_suggest or
 * guide_classify (alternately), 1 ticket_handle (on a shared dispatched ticket's history: an
 * acknowledgement by the lead, or by a unit that is not assigned, refused), 1
 * escalation_evaluate (of that history at an instant that moves over 10 days). About 1 call
 * in 9 fails (dates outside the coverage, RAISE on a holiday, refused commands), so error
 * objects are made and freed concurrently too.
 */
#include "jiesu.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static jiesu_calendar *cal;
static jiesu_engine *engine;
/* The history of a ticket registered 2026-03-02 09:00 and dispatched 09:30 (built in main). */
static char *history;
static size_t history_len;
static const int64_t DISPATCHED_AT = 1772415000;
static size_t calls = 1000000;
static uint64_t *expected, *got;

static uint64_t fnv(const char *s, uint64_t h) {
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* The result of an error-returning call: its status, and the message's hash. */
static uint64_t status_hash(jiesu_status s, jiesu_error *err, uint64_t value) {
    uint64_t h = ((uint64_t)(unsigned)s << 40) ^ value;
    if (s != JIESU_STATUS_OK) {
        h = fnv(jiesu_error_message(err), h);
        jiesu_error_free(err);
    }
    return h;
}

static const char *TEXTS[] = {
    "来电人反映：江那镇××小区门口的路灯坏了一个多月，晚上漆黑一片",
    "反映平远镇某村自来水停水三天了，要求尽快恢复供水",
    "咨询城乡居民医保怎么缴费",
    "投诉某餐馆油烟扰民，噪音很大",
};
static const char *INPUTS[] = {
    "{\"urgency\":\"normal\",\"handling_class\":\"normal\"}",
    "{\"urgency\":\"urgent\",\"handling_class\":\"urgent\"}",
    "{\"urgency\":\"normal\",\"handling_class\":\"complex\"}",
    "{\"urgency\":\"normal\",\"handling_class\":\"statutory\",\"limit\":{\"calendar_days\":60}}",
    "{\"urgency\":\"normal\",\"handling_class\":\"statutory\"}", /* fails: no limit */
};

static uint64_t one_call(size_t i) {
    /* Dates 2004-01-01 + [0, 8600): up to early 2027, so some walks leave the coverage. */
    int32_t date = 12418 + (int32_t)((i * 7919u) % 8600u);
    int32_t n = (int32_t)(i % 23) - 11;
    unsigned op = (unsigned)(i % 100);
    jiesu_error *err = NULL;
    if (op < 40) {
        int32_t out = 0;
        jiesu_status s = jiesu_calendar_add_working_days(cal, date, n, &out, &err);
        return status_hash(s, err, (uint32_t)out);
    } else if (op < 65) {
        bool out = false;
        jiesu_status s = jiesu_calendar_is_workday(cal, date, &out, &err);
        return status_hash(s, err, out);
    } else if (op < 85) {
        int32_t out = 0;
        jiesu_status s = jiesu_calendar_busday_count(cal, date, date + n * 3, &out, &err);
        return status_hash(s, err, (uint32_t)out);
    } else if (op < 95) {
        int32_t out = 0;
        jiesu_status s = jiesu_calendar_busday_offset(cal, date, n, (jiesu_roll)(i % 7), &out, &err);
        return status_hash(s, err, (uint32_t)out);
    } else if (op < 96) {
        int32_t dates[16], out[16];
        for (int k = 0; k < 16; k++) dates[k] = date - k * 37;
        jiesu_status s = jiesu_calendar_add_working_days_batch(cal, dates, 16, n, out, &err);
        uint64_t h = 14695981039346656037ULL;
        if (s == JIESU_STATUS_OK)
            for (int k = 0; k < 16; k++) h = (h ^ (uint32_t)out[k]) * 1099511628211ULL;
        return status_hash(s, err, h);
    } else {
        char *json = NULL;
        jiesu_status s;
        if (op == 96) {
            const char *input = INPUTS[i % 5];
            int64_t at = (int64_t)date * 86400 + (int64_t)(i % 86400) - 8 * 3600;
            s = jiesu_sla_deadlines(engine, at, input, strlen(input), &json, &err);
        } else if (op == 97 && (i / 100) % 2 == 0) {
            const char *text = TEXTS[i % 4];
            s = jiesu_guide_suggest(engine, text, strlen(text), NULL, 0, &json, &err);
        } else if (op == 97) {
            const char *d = (i / 200) % 2 ? "{\"category\":\"nope\",\"appeal_type\":\"help\"}"
                                          : "{\"category\":\"040202\",\"appeal_type\":\"help\"}";
            s = jiesu_guide_classify(engine, d, strlen(d), &json, &err);
        } else if (op == 98) {
            const char *actor = (i / 100) % 3 ? "{\"role\":\"unit\",\"unit\":\"urban_management\"}"
                                              : "{\"role\":\"unit\",\"unit\":\"finance\"}";
            const char *ack = "{\"type\":\"acknowledge\"}";
            int64_t at = DISPATCHED_AT + (int64_t)(i % 7200);
            s = jiesu_ticket_handle(engine, history, history_len, actor, strlen(actor), ack, strlen(ack), at, &json, &err);
        } else {
            int64_t at = DISPATCHED_AT + (int64_t)((i / 100) % 240) * 3600;
            s = jiesu_escalation_evaluate(engine, history, history_len, at, &json, &err);
        }
        uint64_t h = s == JIESU_STATUS_OK ? fnv(json, 14695981039346656037ULL) : 0;
        jiesu_string_free(json);
        return status_hash(s, err, h);
    }
}

static void *worker(void *arg) {
    size_t t = (size_t)(uintptr_t)arg;
    for (size_t i = t; i < calls; i += 2) got[i] = one_call(i);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc > 1) calls = (size_t)strtoull(argv[1], NULL, 10);
    jiesu_error *err = NULL;
    if (jiesu_calendar_builtin("CN", &cal, &err) != JIESU_STATUS_OK || jiesu_engine_new_default(&engine, &err) != JIESU_STATUS_OK) {
        fprintf(stderr, "setup: %s\n", jiesu_error_message(err));
        return 1;
    }
    /* The shared history: register, then dispatch (each call returns a one-event array). */
    const char *cc = "{\"role\":\"command_center\"}";
    const char *reg = "{\"type\":\"register\",\"id\":\"YS-T1\",\"appeal_type\":\"complaint\","
                      "\"content\":\"路灯不亮\",\"location\":{\"township\":\"jiangna\"}}";
    const char *dispatch = "{\"type\":\"dispatch\",\"decision\":{\"category\":\"040201\"}}";
    char *registered = NULL, *dispatched = NULL;
    if (jiesu_ticket_handle(engine, "[]", 2, cc, strlen(cc), reg, strlen(reg), DISPATCHED_AT - 1800, &registered, &err) != JIESU_STATUS_OK ||
        jiesu_ticket_handle(engine, registered, strlen(registered), cc, strlen(cc), dispatch, strlen(dispatch), DISPATCHED_AT,
                            &dispatched, &err) != JIESU_STATUS_OK) {
        fprintf(stderr, "setup: %s\n", jiesu_error_message(err));
        return 1;
    }
    size_t lr = strlen(registered), ld = strlen(dispatched);
    history = malloc(lr + ld + 1);
    if (!history) return 1;
    memcpy(history, registered, lr - 1);
    history[lr - 1] = ',';
    memcpy(history + lr, dispatched + 1, ld);
    history_len = strlen(history);
    jiesu_string_free(registered);
    jiesu_string_free(dispatched);

    expected = calloc(calls, sizeof *expected);
    got = calloc(calls, sizeof *got);
    if (!expected || !got) return 1;

    size_t failures = 0;
    for (size_t i = 0; i < calls; i++) {
        expected[i] = one_call(i);
        failures += (expected[i] >> 40) != 0;
    }
    pthread_t th[2];
    for (size_t t = 0; t < 2; t++)
        if (pthread_create(&th[t], NULL, worker, (void *)(uintptr_t)t) != 0) return 1;
    for (size_t t = 0; t < 2; t++) pthread_join(th[t], NULL);

    size_t mismatches = 0;
    for (size_t i = 0; i < calls; i++)
        if (got[i] != expected[i]) {
            if (mismatches++ < 5) fprintf(stderr, "call %zu: threaded result differs from sequential\n", i);
        }
    /* Some calls must have failed, and many succeeded: the mix exercises both paths. */
    int mix_ok = failures > calls / 50 && failures < calls / 2;
    if (!mix_ok) fprintf(stderr, "unexpected failure share: %zu of %zu\n", failures, calls);
    printf("test_threads: %zu calls on 2 threads sharing one calendar, one engine and one ticket history (%zu failing calls), "
           "%zu mismatches\n", calls, failures, mismatches);
    printf("test_threads: %d passed, %d failed\n", (mismatches == 0) + mix_ok, (mismatches != 0) + !mix_ok);
    free(expected);
    free(got);
    free(history);
    jiesu_engine_free(engine);
    jiesu_calendar_free(cal);
    return mismatches == 0 && mix_ok ? 0 : 1;
}
