/*
 * ticket.c: a ticket's lifecycle through libjiesu, as an integrator runs it. The platform
 * keeps each ticket's history (the JSON array of its events) in its own database — here, a
 * string in memory — and asks jiesu to decide: jiesu replays the history, checks the command
 * (role, status, fields, time limits) and returns the events to append, or an error and
 * nothing.
 *
 *   1. register a request (command center) and dispatch it: the guide routes it, the SLA
 *      clocks start (the ticket's deadlines);
 *   2. the lead unit acknowledges it (and a unit that is not assigned is refused);
 *   3. print the state: status, assignments, every clock with its status;
 *   4. later, evaluate escalation: the alerts due, record them, and when to look again.
 *
 * Build against an installed libjiesu (make install PREFIX=…, or make capi and
 * PKG_CONFIG_PATH=target/capi/lib/pkgconfig):
 *
 *     cc -std=c11 ticket.c $(pkg-config --cflags --libs jiesu) -o ticket
 *     ./ticket [registered_at_unix_seconds]
 *
 * As in deadlines.c, the JSON handling is a few lines of strstr so that the example needs no
 * library; a real integrator parses the returned JSON with its JSON library.
 */
#include <jiesu.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void die(const char *what, jiesu_status status, jiesu_error *err) {
    fprintf(stderr, "%s failed: status %d: %s\n", what, (int)status, jiesu_error_message(err));
    jiesu_error_free(err);
    exit(1);
}

/* Copies the string value of the first "key":"value" in [from, end) (end NULL: anywhere) into
 * buf; "-" when absent or null. */
static const char *json_str(const char *from, const char *end, const char *key, char *buf, size_t size) {
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    const char *p = strstr(from, pat);
    size_t n = 0;
    if (p && (!end || p < end)) {
        p += strlen(pat);
        while (p[n] && p[n] != '"' && n + 1 < size) n++;
        while (n > 0 && p[n] && p[n] != '"' && ((unsigned char)p[n] & 0xC0) == 0x80) n--; /* whole characters */
        memcpy(buf, p, n);
        buf[n] = '\0';
    } else {
        snprintf(buf, size, "-");
    }
    return buf;
}

/* The stored history: append the new events (two JSON arrays as one). */
static void append(char **history, const char *new_events) {
    if (strcmp(new_events, "[]") == 0) return;
    size_t lh = strlen(*history), ln = strlen(new_events);
    char *joined = malloc(lh + ln + 1);
    if (!joined) exit(1);
    if (strcmp(*history, "[]") == 0) {
        memcpy(joined, new_events, ln + 1);
    } else {
        memcpy(joined, *history, lh - 1); /* without ']' */
        joined[lh - 1] = ',';
        memcpy(joined + lh, new_events + 1, ln); /* without '[' */
    }
    free(*history);
    *history = joined;
}

/* Decides `command` by `actor` at `now`; appends the new events on success. */
static jiesu_status handle(const jiesu_engine *engine, char **history, const char *actor, const char *command,
                           int64_t now, jiesu_error **err) {
    char *new_events = NULL;
    jiesu_status s = jiesu_ticket_handle(engine, *history, strlen(*history), actor, strlen(actor), command,
                                         strlen(command), now, &new_events, err);
    if (s == JIESU_STATUS_OK) {
        append(history, new_events);
        jiesu_string_free(new_events);
    }
    return s;
}

int main(int argc, char **argv) {
    /* Monday 2026-03-02 09:00 (China Standard Time). */
    int64_t registered_at = argc > 1 ? strtoll(argv[1], NULL, 10) : 1772413200;
    jiesu_engine *engine = NULL;
    jiesu_error *err = NULL;
    jiesu_status s = jiesu_engine_new_default(&engine, &err);
    if (s != JIESU_STATUS_OK) die("jiesu_engine_new_default", s, err);

    char *history = malloc(3);
    if (!history) return 1;
    strcpy(history, "[]"); /* a new ticket */
    const char *command_center = "{\"role\":\"command_center\",\"user\":\"operator-7\"}";

    /* 1. Register and dispatch (the operator chose category 040201, street lights). */
    const char *reg = "{\"type\":\"register\",\"id\":\"YS-20260302-0001\",\"channel\":\"hotline_12345\","
                      "\"appeal_type\":\"complaint\",\"content\":\"江那镇某小区门口的路灯坏了一个多月\","
                      "\"requester\":{\"name\":\"张三丰\",\"phone\":\"13812345678\"},"
                      "\"location\":{\"township\":\"jiangna\"}}";
    s = handle(engine, &history, command_center, reg, registered_at, &err);
    if (s != JIESU_STATUS_OK) die("register", s, err);
    const char *dispatch = "{\"type\":\"dispatch\",\"decision\":{\"category\":\"040201\"}}";
    s = handle(engine, &history, command_center, dispatch, registered_at + 1800, &err);
    if (s == JIESU_STATUS_OUT_OF_COVERAGE) {
        /* R-SLA-7: the deadlines need a year the calendar does not cover yet. */
        fprintf(stderr, "cannot dispatch yet: %s\n", jiesu_error_message(err));
        jiesu_error_free(err);
        free(history);
        jiesu_engine_free(engine);
        return 2;
    }
    if (s != JIESU_STATUS_OK) die("dispatch", s, err);

    /* The lead unit, from the state. */
    char *state = NULL;
    s = jiesu_ticket_state(engine, history, strlen(history), registered_at + 1800, &state, &err);
    if (s != JIESU_STATUS_OK) die("jiesu_ticket_state", s, err);
    char lead[64], actor[128];
    json_str(strstr(state, "\"assignments\":"), NULL, "unit", lead, sizeof lead);
    jiesu_string_free(state);

    /* 2. A unit that is not assigned may not acknowledge; the lead unit does. */
    const char *ack = "{\"type\":\"acknowledge\"}";
    const char *stranger = "{\"role\":\"unit\",\"unit\":\"finance\"}";
    s = handle(engine, &history, stranger, ack, registered_at + 3600, &err);
    printf("finance acknowledges: refused, status %d: %s\n", (int)s, err ? jiesu_error_message(err) : "");
    jiesu_error_free(err);
    err = NULL;
    snprintf(actor, sizeof actor, "{\"role\":\"unit\",\"unit\":\"%s\"}", lead);
    s = handle(engine, &history, actor, ack, registered_at + 3600, &err);
    if (s != JIESU_STATUS_OK) die("acknowledge", s, err);

    /* 3. The state after the acknowledgement. */
    s = jiesu_ticket_state(engine, history, strlen(history), registered_at + 3600, &state, &err);
    if (s != JIESU_STATUS_OK) die("jiesu_ticket_state", s, err);
    char buf[5][256];
    printf("ticket %s: %s, lead %s (%s), requester %s %s\n", json_str(state, NULL, "id", buf[0], sizeof buf[0]),
           json_str(state, NULL, "status", buf[1], sizeof buf[1]), lead,
           json_str(strstr(state, "\"assignments\":"), NULL, "name", buf[2], sizeof buf[2]),
           json_str(strstr(state, "\"requester\":"), NULL, "name", buf[3], sizeof buf[3]),
           json_str(strstr(state, "\"requester\":"), NULL, "phone", buf[4], sizeof buf[4]));
    printf("%-14s %-18s %-26s %-26s %s\n", "clock", "unit", "warn_at", "due_at (exclusive)", "status");
    for (const char *p = strstr(state, "{\"clock\":\""); p; p = strstr(p + 1, "{\"clock\":\"")) {
        const char *end = strstr(p + 1, "{\"clock\":\"");
        printf("%-14s %-18s %-26s %-26s %s\n", json_str(p, end, "clock", buf[0], sizeof buf[0]),
               json_str(p, end, "unit", buf[1], sizeof buf[1]), json_str(p, end, "warn_at", buf[2], sizeof buf[2]),
               json_str(p, end, "due_at", buf[3], sizeof buf[3]), json_str(p, end, "status", buf[4], sizeof buf[4]));
    }
    jiesu_string_free(state);

    /* 4. Ten days later nothing has happened: escalation. The platform calls this at
     *    next_check_at (and after each new event) on its own schedule. */
    int64_t later = registered_at + 10 * 86400;
    char *evaluation = NULL;
    s = jiesu_escalation_evaluate(engine, history, strlen(history), later, &evaluation, &err);
    if (s != JIESU_STATUS_OK) die("jiesu_escalation_evaluate", s, err);
    int alerts = 0;
    for (const char *p = strstr(evaluation, "{\"rule\":\""); p; p = strstr(p + 1, "{\"rule\":\"")) {
        printf("alert %-24s %-18s -> %-18s %s\n", json_str(p, NULL, "rule", buf[0], sizeof buf[0]),
               json_str(p, NULL, "level", buf[1], sizeof buf[1]), json_str(p, NULL, "target", buf[2], sizeof buf[2]),
               json_str(p, NULL, "message", buf[3], sizeof buf[3]));
        alerts++;
    }
    printf("next_check_at: %s\n", json_str(evaluation, NULL, "next_check_at", buf[0], sizeof buf[0]));
    /* Record the alerts (append the escalated events) so that they are never raised twice. */
    char *recorded = NULL;
    s = jiesu_escalation_record(engine, history, strlen(history), evaluation, strlen(evaluation), later, &recorded, &err);
    if (s != JIESU_STATUS_OK) die("jiesu_escalation_record", s, err);
    append(&history, recorded);
    jiesu_string_free(recorded);
    jiesu_string_free(evaluation);

    /* The stored history verifies (R-FLOW-5). */
    char *verification = NULL;
    s = jiesu_ticket_verify(history, strlen(history), &verification, &err);
    if (s != JIESU_STATUS_OK) die("jiesu_ticket_verify", s, err);
    printf("%d alerts recorded; history: %s\n", alerts, verification);
    jiesu_string_free(verification);

    free(history);
    jiesu_engine_free(engine);
    return 0;
}
