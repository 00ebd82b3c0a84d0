/*
 * deadlines.c: what an integrator starts from. For a request received by the platform:
 * suggest a category from its text, classify the ticket with the top suggestion, compute its
 * SLA deadlines from the dispatch instant, and print them.
 *
 * Build against an installed libjiesu (make install PREFIX=…, or make capi and
 * PKG_CONFIG_PATH=target/capi/lib/pkgconfig):
 *
 *     cc -std=c11 deadlines.c $(pkg-config --cflags --libs jiesu) -o deadlines
 *     ./deadlines [dispatched_at_unix_seconds] [request text]
 *
 * The JSON handling below is a few lines of strstr so that the example needs no library; a
 * real integrator parses the returned JSON with the JSON library of the platform (cJSON,
 * jansson, …). JSON shapes: the serde JSON of the Rust types (bindings/c/README.md).
 */
#include <jiesu.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Prints the error, frees it, and exits. */
static void die(const char *what, jiesu_status status, jiesu_error *err) {
    fprintf(stderr, "%s failed: status %d: %s\n", what, (int)status, jiesu_error_message(err));
    jiesu_error_free(err);
    exit(1);
}

/* Copies the string value of the first "key":"value" at or after `from` into buf. */
static const char *json_str(const char *from, const char *key, char *buf, size_t size) {
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    const char *p = strstr(from, pat);
    size_t n = 0;
    if (p) {
        p += strlen(pat);
        while (p[n] && p[n] != '"' && n + 1 < size) n++;
        memcpy(buf, p, n);
    }
    buf[n] = '\0';
    return buf;
}

/* Copies the object value of "key":{…} (no braces inside strings, as in these outputs). */
static const char *json_obj(const char *from, const char *key, char *buf, size_t size) {
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":{", key);
    const char *p = strstr(from, pat);
    size_t n = 0;
    if (p) {
        p += strlen(pat) - 1;
        int depth = 0;
        do {
            depth += (p[n] == '{') - (p[n] == '}');
            n++;
        } while (p[n] && depth > 0 && n + 1 < size);
        memcpy(buf, p, n);
    }
    buf[n] = '\0';
    return buf;
}

int main(int argc, char **argv) {
    /* 2026-09-30T10:00:00+08:00, the eve of the National Day break. */
    int64_t dispatched_at = argc > 1 ? strtoll(argv[1], NULL, 10) : 1790733600;
    const char *text = argc > 2 ? argv[2] : "来电人反映：江那镇××小区门口的路灯坏了一个多月，晚上漆黑一片";

    printf("libjiesu %s (header %s)\n", jiesu_version(), JIESU_VERSION);

    /* One engine for the whole process: immutable, shared by every thread. */
    jiesu_engine *engine = NULL;
    jiesu_error *err = NULL;
    jiesu_status s = jiesu_engine_new_default(&engine, &err);
    if (s != JIESU_STATUS_OK) die("jiesu_engine_new_default", s, err);

    /* 1. Suggest a category (an aid to the operator, who decides). */
    char *suggestions = NULL;
    s = jiesu_guide_suggest(engine, text, strlen(text), NULL, 0, &suggestions, &err);
    if (s != JIESU_STATUS_OK) die("jiesu_guide_suggest", s, err);
    char code[32], name[128], township[64];
    json_str(suggestions, "code", code, sizeof code);
    json_str(suggestions, "name", name, sizeof name);
    json_str(suggestions, "township", township, sizeof township);
    printf("request:   %s\n", text);
    printf("suggested: %s %s (township %s)\n", code, name, township[0] ? township : "unknown");
    jiesu_string_free(suggestions);
    if (!code[0]) {
        printf("no category suggested: the operator classifies by hand\n");
        jiesu_engine_free(engine);
        return 0;
    }

    /* 2. The operator accepts it: classify the ticket. */
    char decision[256];
    snprintf(decision, sizeof decision, "{\"category\":\"%s\",\"appeal_type\":\"complaint\"%s%s%s}", code,
             township[0] ? ",\"location\":{\"township\":\"" : "", township, township[0] ? "\"}" : "");
    char *classification = NULL;
    s = jiesu_guide_classify(engine, decision, strlen(decision), &classification, &err);
    if (s != JIESU_STATUS_OK) die("jiesu_guide_classify", s, err);
    char sla[256], lead[64];
    json_obj(classification, "sla", sla, sizeof sla);
    const char *assignments = strstr(classification, "\"assignments\"");
    json_str(assignments ? assignments : classification, "unit", lead, sizeof lead);
    printf("lead unit: %s\nsla input: %s\n", lead, sla);
    jiesu_string_free(classification);

    /* 3. The SLA clocks from the dispatch instant. */
    char *deadlines = NULL;
    s = jiesu_sla_deadlines(engine, dispatched_at, sla, strlen(sla), &deadlines, &err);
    if (s == JIESU_STATUS_OUT_OF_COVERAGE) {
        /* R-SLA-7: the calendar lacks a year; load it, or use the provisional policy. */
        fprintf(stderr, "cannot compute the deadlines yet: %s\n", jiesu_error_message(err));
        jiesu_error_free(err);
        jiesu_engine_free(engine);
        return 2;
    }
    if (s != JIESU_STATUS_OK) die("jiesu_sla_deadlines", s, err);
    printf("%-15s %-26s %-26s\n", "clock", "warn_at", "due_at (exclusive)");
    for (const char *p = strstr(deadlines, "{\"clock\""); p; p = strstr(p + 1, "{\"clock\"")) {
        char clock[32], due[40], warn[40];
        printf("%-15s %-26s %-26s\n", json_str(p, "clock", clock, sizeof clock), json_str(p, "warn_at", warn, sizeof warn),
               json_str(p, "due_at", due, sizeof due));
    }
    jiesu_string_free(deadlines);
    jiesu_engine_free(engine);
    return 0;
}
