/*
 * test_ticket.c: the ticket, escalation and assessment functions of include/jiesu.h, as an
 * integrator uses them: the C program keeps each ticket's history (a JSON array of events)
 * itself, passes it to jiesu and appends the events a successful call returns.
 *
 * - a full lifecycle from `[]`: register, dispatch, acknowledge, contact, submit_report,
 *   review accept, callback satisfied, close, archive; the state (clocks with their status,
 *   masked requester) at each step; verify, archive, archive_verify;
 * - refusals: the status and message, and nothing written (out-parameters keep sentinels):
 *   wrong role (PERMISSION_DENIED), late return request (INVALID_TRANSITION, R-SLA-2), a
 *   missing field (INVALID_INPUT naming it), a year out of coverage, an over-long text;
 * - a tampered history: verify says intact false, handle refuses it;
 * - forged histories (tests/data/forged, written by tests/lifecycle.rs: the C API has no
 *   canonical hash to re-hash an edited event with): the unit records its own satisfied
 *   callback, accepts its own report, closes its own ticket; unit A acknowledges for unit B;
 *   the supervision office registers a ticket (and two histories no command produces). Each is
 *   an intact chain (verify), and state and handle refuse it with `events[i]`, the rule and
 *   the reason, the same text as the core;
 * - the keyed chain (tests/data/keyed/forgeries.json, written by tests/keyed.rs): a keyed
 *   engine's verify accepts the honest history and archive and refuses each forgery as the
 *   core does; events and archives carry the tag, never the key; rotation; refusals;
 * - escalation on an overdue ticket: alerts and next_check_at; recording them makes the next
 *   evaluation return none; group rules (repeated requests) over a JSON-lines log; a sweep
 *   over stored next_check_at evaluating only the due tickets;
 * - assess and bulletins (JSON and Markdown) over a JSON-lines log;
 * - bad input: NULL for each pointer, invalid UTF-8, truncated JSON, `len` shorter than the
 *   string, unknown command types and fields, instants out of range, _free(NULL).
 *
 * Built and run like test_api.c (mk/capi.mk, `make test-c`): -std=c11 -Wall -Wextra
 * -Wpedantic -Werror, dynamic and static, valgrind, ASan/UBSan.
 */
#include "jiesu.h"
#include "check.h"

/* The JSON documents the API returned, for tests/schema.rs to validate against schema/: when
 * built with JIESU_DOCUMENTS_OUT (make test-c), each is written as one JSON line
 * {"schema": "<name>", "document": ...} to that file (rewritten by each run). */
static FILE *documents_out = NULL;

static void documents_open(void) {
#ifdef JIESU_DOCUMENTS_OUT
    documents_out = fopen(JIESU_DOCUMENTS_OUT, "w");
    if (!documents_out) fprintf(stderr, "cannot write %s\n", JIESU_DOCUMENTS_OUT);
    CHECK(documents_out != NULL);
#endif
}

static void document(const char *schema, const char *json) {
    if (documents_out && json) fprintf(documents_out, "{\"schema\": \"%s\", \"document\": %s}\n", schema, json);
}

/* Instants (Unix seconds) of the scenario, China Standard Time. */
enum {
    T_03_02_0900 = 1772413200, /* Monday 2026-03-02 09:00: registered */
    T_03_02_0930 = 1772415000, /* dispatched */
    T_03_02_1000 = 1772416800, /* acknowledged */
    T_03_02_1100 = 1772420400, /* requester contacted */
    T_03_02_2200 = 1772460000,
    T_03_03_1000 = 1772503200, /* a return request in time (window closes 2026-03-04 00:00) */
    T_03_04_1000 = 1772589600, /* too late for one */
    T_03_05_1500 = 1772694000, /* report submitted */
    T_03_06_0900 = 1772758800, /* report accepted */
    T_03_06_1000 = 1772762400, /* callback */
    T_03_06_1030 = 1772764200, /* closed */
    T_03_09_0900 = 1773018000, /* archived */
    T_03_09_0000 = 1772985600, /* completion warn_at */
    T_03_10_0000 = 1773072000, /* completion due_at (exclusive) */
    T_03_12_1000 = 1773280800, /* overdue: escalation */
    T_03_13_0000 = 1773331200, /* completion + 3 working days: listed supervision */
    T_03_01_0000 = 1772294400,
    T_04_01_0000 = 1774972800,
    T_03_16_0000 = 1773590400,
    T_12_28_0900 = 1798419600, /* 2026-12-28: the deadlines need 2027 */
    T_12_28_0930 = 1798421400,
};

static const char *CC = "{\"role\": \"command_center\", \"user\": \"op-7\"}";
static const char *LEAD = "{\"role\": \"unit\", \"unit\": \"urban_management\"}"; /* lead of 040201 */
static const char *OTHER_UNIT = "{\"role\": \"unit\", \"unit\": \"water\"}";
static const char *SUPERVISION = "{\"role\": \"supervision_office\"}";

static const char *DISPATCH = "{\"type\": \"dispatch\", \"decision\": {\"category\": \"040201\"}}";
static const char *ACK = "{\"type\": \"acknowledge\"}";
static const char *CONTACT = "{\"type\": \"contact_requester\", \"note\": \"电话联系诉求人\"}";
static const char *REPORT = "{\"type\": \"submit_report\", \"report\": {\"result\": \"已安排维修，路灯恢复正常\", "
                            "\"answered_at\": \"2026-03-05T14:00:00+08:00\", \"evidence\": [\"photo-1.jpg\"], "
                            "\"approved_by\": \"王局长\", \"solved\": true}}";
static const char *ACCEPT = "{\"type\": \"review_report\", \"accept\": true}";
static const char *CALLBACK = "{\"type\": \"record_callback\", \"outcome\": \"satisfied\", \"solved\": true, \"note\": \"满意\"}";
static const char *CLOSE = "{\"type\": \"close\"}";
static const char *ARCHIVE = "{\"type\": \"archive\"}";
static const char *RETURN = "{\"type\": \"request_return\", \"reason\": \"非本单位职责\", \"evidence\": [\"依据.pdf\"], "
                            "\"suggested_unit\": \"finance\"}";

/* A register command for ticket `id` (requester_key NULL: none), in a static buffer. */
static const char *register_cmd(const char *id, const char *requester_key) {
    static char buf[512];
    snprintf(buf, sizeof buf,
             "{\"type\": \"register\", \"id\": \"%s\", \"appeal_type\": \"complaint\", "
             "\"content\": \"来电人反映：江那镇某小区门口路灯不亮\", "
             "\"requester\": {\"name\": \"张三丰\", \"phone\": \"13812345678\"%s%s%s}, "
             "\"location\": {\"township\": \"jiangna\"}}",
             id, requester_key ? ", \"requester_key\": \"" : "", requester_key ? requester_key : "",
             requester_key ? "\"" : "");
    return buf;
}

static char *copy(const char *s) {
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (!p) abort();
    memcpy(p, s, n);
    return p;
}

/* a followed by b (new heap string). */
static char *cat(const char *a, const char *b) {
    size_t la = strlen(a), lb = strlen(b);
    char *r = malloc(la + lb + 1);
    if (!r) abort();
    memcpy(r, a, la);
    memcpy(r + la, b, lb + 1);
    return r;
}

/* Two JSON arrays as one (new heap string): what the platform does when it appends the new
 * events to the stored ones. The arrays jiesu returns are compact, without whitespace. */
static char *json_concat(const char *a, const char *b) {
    if (strcmp(b, "[]") == 0) return copy(a);
    if (strcmp(a, "[]") == 0) return copy(b);
    size_t la = strlen(a), lb = strlen(b);
    char *r = malloc(la + lb + 1);
    if (!r) abort();
    memcpy(r, a, la - 1); /* without its ']' */
    r[la - 1] = ',';
    memcpy(r + la, b + 1, lb); /* without its '[', with the NUL */
    return r;
}

/* The elements of a JSON array, one per line (JSON lines, each line ending in '\n'). */
static char *json_lines(const char *array) {
    size_t n = strlen(array), o = 0;
    char *out = malloc(n + 2);
    if (!out) abort();
    int depth = 0, in_str = 0, esc = 0;
    for (size_t i = 1; i + 1 < n; i++) {
        char c = array[i];
        if (in_str) {
            if (esc) esc = 0;
            else if (c == '\\') esc = 1;
            else if (c == '"') in_str = 0;
        } else if (c == '"') {
            in_str = 1;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if (c == '}' || c == ']') {
            depth--;
        } else if (c == ',' && depth == 0) {
            out[o++] = '\n';
            continue;
        }
        out[o++] = c;
    }
    if (o) out[o++] = '\n';
    out[o] = '\0';
    return out;
}

/* s with the first `from` replaced by `to` (new heap string; a copy when absent). */
static char *replace_first(const char *s, const char *from, const char *to) {
    const char *p = strstr(s, from);
    if (!p) return copy(s);
    size_t pre = (size_t)(p - s), lf = strlen(from), lt = strlen(to), rest = strlen(p + lf);
    char *r = malloc(pre + lt + rest + 1);
    if (!r) abort();
    memcpy(r, s, pre);
    memcpy(r + pre, to, lt);
    memcpy(r + pre + lt, p + lf, rest + 1);
    return r;
}

/* Number of occurrences of needle in s. */
static int count(const char *s, const char *needle) {
    int n = 0;
    for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle)) n++;
    return n;
}

/* Handles `cmd` by `actor` on the history *hist at `now`; on success appends the new events
 * to *hist (and, when `last` is not NULL, copies them there: free with free()). */
static jiesu_status run(const jiesu_engine *e, char **hist, const char *actor, const char *cmd, int64_t now,
                        char **last, jiesu_error **err) {
    char *events = SENTINEL_STR;
    jiesu_status s = jiesu_ticket_handle(e, *hist, strlen(*hist), actor, strlen(actor), cmd, strlen(cmd), now, &events, err);
    if (s != JIESU_STATUS_OK) {
        CHECK(events == SENTINEL_STR);
        return s;
    }
    document("event", events);
    char *joined = json_concat(*hist, events);
    free(*hist);
    *hist = joined;
    if (last) *last = copy(events);
    jiesu_string_free(events);
    return s;
}

/* The state at `now` (heap string of jiesu's: free with jiesu_string_free), or NULL. */
static char *state_at(const jiesu_engine *e, const char *hist, int64_t now) {
    char *st = NULL;
    jiesu_error *err = NULL;
    OK(jiesu_ticket_state(e, hist, strlen(hist), now, &st, &err), err);
    document("state", st);
    return st;
}

/* Expects `cmd` to be refused with `want` and a message containing `needle`; the history is
 * untouched. */
#define REFUSED(e, hist, actor, cmd, now, want, needle, needle2)                               \
    do {                                                                                       \
        jiesu_error *err_ = NULL;                                                              \
        char *before_ = copy(hist);                                                            \
        FAILS2(run((e), &(hist), (actor), (cmd), (now), NULL, &err_), err_, (want), (needle), (needle2)); \
        CHECK(strcmp(before_, hist) == 0);                                                     \
        free(before_);                                                                         \
    } while (0)

/* A ticket registered at 09:00 and dispatched at 09:30 on 2026-03-02 (category 040201). */
static char *dispatched_ticket(const jiesu_engine *e, const char *id, const char *requester_key, int64_t reg,
                               int64_t disp) {
    jiesu_error *err = NULL;
    char *hist = copy("[]");
    OK(run(e, &hist, CC, register_cmd(id, requester_key), reg, NULL, &err), err);
    OK(run(e, &hist, CC, DISPATCH, disp, NULL, &err), err);
    return hist;
}

/* The full lifecycle; returns the archived history (heap, free()). */
static char *test_lifecycle(const jiesu_engine *e) {
    jiesu_error *err = NULL;
    char *hist = copy("[]");
    char *last = NULL;

    /* The empty state. */
    char *st = state_at(e, hist, T_03_02_0900);
    CHECK(st && strstr(st, "\"id\":null,\"status\":null") && strstr(st, "\"clocks\":[]") &&
          strstr(st, "\"event_count\":0,\"last_hash\":null"));
    jiesu_string_free(st);

    OK(run(e, &hist, CC, register_cmd("YS-C1", NULL), T_03_02_0900, &last, &err), err);
    CHECK(last && last[0] == '[' && count(last, "\"seq\":") == 1 && strstr(last, "\"type\":\"registered\"") &&
          strstr(last, "\"ticket_id\":\"YS-C1\",\"seq\":1,\"at\":\"2026-03-02T09:00:00+08:00\"") &&
          strstr(last, "\"prev_hash\":\"0000000000000000000000000000000000000000000000000000000000000000\""));
    free(last);
    st = state_at(e, hist, T_03_02_0900);
    CHECK(st && strstr(st, "\"id\":\"YS-C1\",\"status\":\"registered\""));
    /* R-PRIV-1: the state shows the requester masked, never the raw name or number. */
    CHECK(st && strstr(st, "\"requester\":{\"name\":\"张**\",\"phone\":\"138****5678\"}"));
    CHECK(st && !strstr(st, "13812345678") && !strstr(st, "张三丰"));
    jiesu_string_free(st);

    OK(run(e, &hist, CC, DISPATCH, T_03_02_0930, &last, &err), err);
    CHECK(last && count(last, "\"seq\":") == 1 && strstr(last, "\"seq\":2") && strstr(last, "\"type\":\"dispatched\""));
    free(last);
    st = state_at(e, hist, T_03_02_2200);
    CHECK(st && strstr(st, "\"status\":\"dispatched\""));
    /* The clocks: completion 24:00 of the 5th working day (R-SLA-3), response 24 h (R-SLA-1),
     * return window 24:00 of the next working day (R-SLA-2). */
    CHECK(st && strstr(st, "{\"clock\":\"completion\",\"unit\":null,\"started_at\":\"2026-03-02T09:30:00+08:00\","
                           "\"due_at\":\"2026-03-10T00:00:00+08:00\",\"warn_at\":\"2026-03-09T00:00:00+08:00\","
                           "\"met_at\":null,\"paused_at\":null,\"provisional\":false,\"status\":\"running\","
                           "\"due_at_unix\":1773072000,\"warn_at_unix\":1772985600}"));
    CHECK(st && strstr(st, "{\"clock\":\"response\",\"unit\":\"urban_management\",\"started_at\":\"2026-03-02T09:30:00+08:00\","
                           "\"due_at\":\"2026-03-03T09:30:00+08:00\""));
    CHECK(st && strstr(st, "{\"clock\":\"return_window\",\"unit\":\"urban_management\"") &&
          strstr(st, "\"due_at\":\"2026-03-04T00:00:00+08:00\""));
    CHECK(st && strstr(st, "\"assignments\":[{\"unit\":\"urban_management\",\"name\":\"") && strstr(st, "\"role\":\"lead\""));
    CHECK(st && strstr(st, "\"summary\":{\"id\":\"YS-C1\",\"status\":\"dispatched\",\"category\":\"040201\",\"lead\":\"urban_management\""));
    CHECK(st && strstr(st, "\"event_count\":2,\"last_hash\":\""));
    jiesu_string_free(st);
    /* Later, the same history: the completion clock is breached. */
    st = state_at(e, hist, T_03_10_0000);
    CHECK(st && strstr(st, "\"status\":\"breached\",\"due_at_unix\":1773072000"));
    jiesu_string_free(st);

    /* A refused command returns its status and leaves nothing. */
    REFUSED(e, hist, CC, CLOSE, T_03_02_1000, JIESU_STATUS_INVALID_TRANSITION, "command close is not allowed in status dispatched", NULL);
    REFUSED(e, hist, OTHER_UNIT, ACK, T_03_02_1000, JIESU_STATUS_PERMISSION_DENIED, "unit assigned to this ticket", "[R-ORG-2]");
    REFUSED(e, hist, CC, ACK, T_03_02_1000, JIESU_STATUS_PERMISSION_DENIED, "actor is command_center", "R-ORG-2");
    REFUSED(e, hist, LEAD, ARCHIVE, T_03_02_1000, JIESU_STATUS_PERMISSION_DENIED, "requires role command_center", "[R-ORG-1]");
    REFUSED(e, hist, SUPERVISION, CONTACT, T_03_02_1000, JIESU_STATUS_PERMISSION_DENIED, "supervision_office", NULL);
    /* A return request after the window (R-SLA-2); in time it would be accepted. */
    REFUSED(e, hist, LEAD, RETURN, T_03_04_1000, JIESU_STATUS_INVALID_TRANSITION, "[R-SLA-2]", "2026-03-04 00:00:00 +08:00");
    char *probe = SENTINEL_STR;
    OK(jiesu_ticket_handle(e, hist, strlen(hist), LEAD, strlen(LEAD), RETURN, strlen(RETURN), T_03_03_1000, &probe, &err), err);
    CHECK(probe != SENTINEL_STR && strstr(probe, "\"type\":\"return_requested\""));
    jiesu_string_free(probe);
    /* now earlier than the last event. */
    REFUSED(e, hist, LEAD, ACK, T_03_02_0900, JIESU_STATUS_INVALID_INPUT, "earlier than the last event", "(field now)");

    OK(run(e, &hist, LEAD, ACK, T_03_02_1000, NULL, &err), err);
    REFUSED(e, hist, LEAD, ACK, T_03_02_1100, JIESU_STATUS_INVALID_TRANSITION, "has already acknowledged", NULL);
    OK(run(e, &hist, LEAD, CONTACT, T_03_02_1100, NULL, &err), err);
    st = state_at(e, hist, T_03_02_2200);
    CHECK(st && strstr(st, "\"status\":\"in_progress\""));
    CHECK(st && strstr(st, "\"acknowledged_at\":\"2026-03-02T10:00:00+08:00\",\"contacted_at\":\"2026-03-02T11:00:00+08:00\""));
    CHECK(st && strstr(st, "\"met_at\":\"2026-03-02T11:00:00+08:00\",\"paused_at\":null,\"provisional\":false,\"status\":\"met\""));
    jiesu_string_free(st);

    /* A report without evidence names the field (INVALID_INPUT). */
    const char *no_evidence = "{\"type\": \"submit_report\", \"report\": {\"result\": \"已修复\", \"answered_at\": "
                              "\"2026-03-05T14:00:00+08:00\", \"evidence\": [], \"approved_by\": \"王局长\"}}";
    REFUSED(e, hist, LEAD, no_evidence, T_03_05_1500, JIESU_STATUS_INVALID_INPUT, "(field report.evidence)", "[R-FLOW-2]");
    OK(run(e, &hist, LEAD, REPORT, T_03_05_1500, NULL, &err), err);
    OK(run(e, &hist, CC, ACCEPT, T_03_06_0900, NULL, &err), err);
    REFUSED(e, hist, CC, CLOSE, T_03_06_0900, JIESU_STATUS_INVALID_TRANSITION, "callback", "[R-FLOW-4]");
    OK(run(e, &hist, CC, CALLBACK, T_03_06_1000, NULL, &err), err);
    OK(run(e, &hist, CC, CLOSE, T_03_06_1030, NULL, &err), err);

    /* Only an archived ticket has an archive file. */
    char *archive = SENTINEL_STR;
    FAILS(jiesu_ticket_archive(hist, strlen(hist), &archive, &err), err, JIESU_STATUS_INVALID_TRANSITION, "archive_file is not allowed in status closed");
    CHECK(archive == SENTINEL_STR);

    OK(run(e, &hist, CC, ARCHIVE, T_03_09_0900, &last, &err), err);
    CHECK(last && strstr(last, "\"seq\":9") && strstr(last, "\"type\":\"archived\""));
    free(last);
    st = state_at(e, hist, T_03_12_1000);
    CHECK(st && strstr(st, "\"id\":\"YS-C1\",\"status\":\"archived\""));
    CHECK(st && strstr(st, "\"clock\":\"completion\"") && strstr(st, "\"met_at\":\"2026-03-05T15:00:00+08:00\",\"paused_at\":null,\"provisional\":false,\"status\":\"met\""));
    CHECK(st && strstr(st, "\"flags\":{\"terminal\":true,"));
    CHECK(st && strstr(st, "\"callbacks\":[{\"at\":\"2026-03-06T10:00:00+08:00\",\"outcome\":\"satisfied\",\"solved\":true}]"));
    CHECK(st && strstr(st, "\"event_count\":9,\"last_hash\":\""));
    CHECK(st && !strstr(st, "13812345678"));
    jiesu_string_free(st);
    REFUSED(e, hist, CC, ARCHIVE, T_03_12_1000, JIESU_STATUS_INVALID_TRANSITION, "archive", NULL);

    /* Verify: intact. */
    char *v = SENTINEL_STR;
    OK(jiesu_ticket_verify(hist, strlen(hist), &v, &err), err);
    document("verification", v);
    CHECK(v && strcmp(v, "{\"intact\":true,\"events\":9}") == 0);
    jiesu_string_free(v);

    /* The archive file, and its verification. */
    OK(jiesu_ticket_archive(hist, strlen(hist), &archive, &err), err);
    document("archive", archive);
    CHECK(archive != SENTINEL_STR && strstr(archive, "{\"schema_version\":1,\"ticket_id\":\"YS-C1\",\"event_count\":9,\"final_hash\":\""));
    OK(jiesu_archive_verify(archive, strlen(archive), &v, &err), err);
    CHECK(strcmp(v, "{\"intact\":true,\"events\":9}") == 0);
    jiesu_string_free(v);
    char *cut = replace_first(archive, "\"event_count\":9", "\"event_count\":10");
    OK(jiesu_archive_verify(cut, strlen(cut), &v, &err), err);
    CHECK(strstr(v, "\"intact\":false") && strstr(v, "\"kind\":\"truncated\""));
    jiesu_string_free(v);
    free(cut);
    v = SENTINEL_STR;
    FAILS(jiesu_archive_verify(archive, strlen(archive) - 1, &v, &err), err, JIESU_STATUS_INVALID_JSON, "archive_json: invalid JSON");
    FAILS(jiesu_archive_verify(hist, strlen(hist), &v, &err), err, JIESU_STATUS_INVALID_JSON, "archive_json: invalid JSON");
    FAILS(jiesu_archive_verify("\xff", 1, &v, &err), err, JIESU_STATUS_INVALID_UTF8, "archive_json: invalid UTF-8 at byte 0");
    FAILS(jiesu_archive_verify(NULL, 0, &v, &err), err, JIESU_STATUS_NULL_ARGUMENT, "archive_json is NULL");
    FAILS(jiesu_archive_verify(archive, strlen(archive), NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out_json is NULL");
    CHECK(v == SENTINEL_STR);
    jiesu_string_free(archive);
    return hist;
}

/* A tampered history: verify reports it (a successful call), the other calls refuse it. */
static void test_tamper(const jiesu_engine *e, const char *hist) {
    jiesu_error *err = NULL;
    char *v = SENTINEL_STR;
    char *bad = replace_first(hist, "路灯不亮", "路灯很亮");
    CHECK(strcmp(bad, hist) != 0);
    OK(jiesu_ticket_verify(bad, strlen(bad), &v, &err), err);
    CHECK(v != SENTINEL_STR && strstr(v, "{\"intact\":false,\"events\":9,\"problem\":{\"index\":0,\"kind\":\"altered\""));
    jiesu_string_free(v);
    char *out = SENTINEL_STR;
    FAILS2(jiesu_ticket_state(e, bad, strlen(bad), T_03_12_1000, &out, &err), err, JIESU_STATUS_INVALID_INPUT, "events_json: ", "[R-FLOW-5]");
    FAILS2(jiesu_ticket_handle(e, bad, strlen(bad), CC, strlen(CC), CLOSE, strlen(CLOSE), T_03_12_1000, &out, &err), err,
           JIESU_STATUS_INVALID_INPUT, "does not match its hash", "[R-FLOW-5]");
    FAILS(jiesu_ticket_archive(bad, strlen(bad), &out, &err), err, JIESU_STATUS_INVALID_INPUT, "events_json: ");
    FAILS(jiesu_escalation_evaluate(e, bad, strlen(bad), T_03_12_1000, &out, &err), err, JIESU_STATUS_INVALID_INPUT, "R-FLOW-5");
    CHECK(out == SENTINEL_STR);
    free(bad);

    /* A missing event: the chain is broken at index 1. */
    const char *second = strstr(hist, "},{\"schema_version\"");
    const char *third = second ? strstr(second + 1, "},{\"schema_version\"") : NULL;
    if (second && third) {
        size_t head = (size_t)(second - hist) + 1, tail = strlen(third + 1);
        char *gap = malloc(head + tail + 1);
        if (!gap) abort();
        memcpy(gap, hist, head);
        memcpy(gap + head, third + 1, tail + 1);
        OK(jiesu_ticket_verify(gap, strlen(gap), &v, &err), err);
        CHECK(strstr(v, "\"intact\":false,\"events\":8,\"problem\":{\"index\":1,\"kind\":\"reordered_or_missing\""));
        jiesu_string_free(v);
        free(gap);
    } else {
        CHECK(!"history has three events");
    }
    OK(jiesu_ticket_verify("[]", 2, &v, &err), err);
    CHECK(strcmp(v, "{\"intact\":true,\"events\":0}") == 0);
    jiesu_string_free(v);
}

/* ---------------------------------------------------------------------------------------------
 * Forged histories. */

#ifndef JIESU_FORGED_DIR
#define JIESU_FORGED_DIR "tests/data/forged"
#endif

/* The contents of `path` (heap, NUL-terminated), or NULL. */
static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    if (!buf) abort();
    for (size_t got; (got = fread(buf + n, 1, cap - n - 1, f)) > 0;) {
        n += got;
        if (cap - n - 1 == 0) {
            cap *= 2;
            buf = realloc(buf, cap);
            if (!buf) abort();
        }
    }
    fclose(f);
    buf[n] = '\0';
    return buf;
}

/* The JSON value of the first member `key` in `text` (heap copy of its text), or NULL: a
 * string, or a balanced array/object (the fixtures hold no other values for these keys). */
static char *json_member(const char *text, const char *key) {
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\": ", key);
    const char *p = strstr(text, pattern);
    if (!p) return NULL;
    p += strlen(pattern);
    const char *q = p;
    int depth = 0, in_str = 0, esc = 0;
    do {
        char c = *q;
        if (c == '\0') return NULL;
        if (in_str) {
            if (esc) esc = 0;
            else if (c == '\\') esc = 1;
            else if (c == '"') in_str = 0;
        } else if (c == '"') {
            in_str = 1;
        } else if (c == '[' || c == '{') {
            depth++;
        } else if (c == ']' || c == '}') {
            depth--;
        }
        q++;
    } while (in_str || depth > 0);
    size_t n = (size_t)(q - p);
    char *r = malloc(n + 1);
    if (!r) abort();
    memcpy(r, p, n);
    r[n] = '\0';
    return r;
}

/* A JSON string value (`"…"`, escapes \" \\ \/ \n only, as the fixtures' messages use) as
 * plain text, in place. */
static char *json_unquote(char *s) {
    size_t o = 0;
    for (size_t i = 1; s[i] && s[i] != '"'; i++) {
        if (s[i] == '\\' && s[i + 1]) {
            i++;
            s[o++] = s[i] == 'n' ? '\n' : s[i];
        } else {
            s[o++] = s[i];
        }
    }
    s[o] = '\0';
    return s;
}

/* Forged history `name`: the honest history (as handle produced it) replays; the forged one
 * is an intact chain, and both jiesu_ticket_state and jiesu_ticket_handle refuse it with
 * `want`, a message containing `needle` and `rule`, equal to the core's ("events_json: " and
 * the fixture's `expect.display`). Returns the fixture's text (heap) for more checks. */
static char *forged_case(const jiesu_engine *e, const char *name, jiesu_status want, const char *needle, const char *rule) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s.json", JIESU_FORGED_DIR, name);
    char *text = read_file(path);
    CHECK(text != NULL);
    if (!text) {
        fprintf(stderr, "cannot read %s (JIESU_UPDATE_FORGED=1 cargo test -p jiesu --test lifecycle writes it)\n", path);
        return NULL;
    }
    char *honest = json_member(text, "honest"), *forged = json_member(text, "forged"), *display = json_member(text, "display");
    CHECK(honest && forged && display);
    if (!honest || !forged || !display) abort();
    json_unquote(display);
    char *expected = cat("events_json: ", display);
    jiesu_error *err = NULL;
    char *out = NULL;

    /* The honest history: intact, and it has a state. */
    OK(jiesu_ticket_verify(honest, strlen(honest), &out, &err), err);
    CHECK(out && strstr(out, "{\"intact\":true,"));
    jiesu_string_free(out);
    out = state_at(e, honest, T_03_12_1000);
    CHECK(out != NULL);
    jiesu_string_free(out);

    /* The forged history: verify says intact — the chain is valid... */
    OK(jiesu_ticket_verify(forged, strlen(forged), &out, &err), err);
    CHECK(out && strstr(out, "{\"intact\":true,") && !strstr(out, "problem"));
    jiesu_string_free(out);
    /* ...but the state refuses it, naming the event, the rule and the reason. */
    out = SENTINEL_STR;
    jiesu_status s = jiesu_ticket_state(e, forged, strlen(forged), T_03_12_1000, &out, &err);
    note(s);
    CHECK(s == want && err && jiesu_error_code(err) == want && out == SENTINEL_STR);
    const char *msg = err ? jiesu_error_message(err) : "";
    CHECK(strstr(msg, needle) != NULL);
    CHECK(rule == NULL || strstr(msg, rule) != NULL);
    CHECK(strcmp(msg, expected) == 0);
    if (strcmp(msg, expected) != 0) fprintf(stderr, "%s: state says\n  %s\nthe core says\n  %s\n", name, msg, expected);
    jiesu_error_free(err);
    err = NULL;
    /* Nothing can be decided on it either. */
    const char *urge = "{\"type\": \"urge\", \"message\": \"请加快办理\"}";
    s = jiesu_ticket_handle(e, forged, strlen(forged), CC, strlen(CC), urge, strlen(urge), T_03_12_1000, &out, &err);
    note(s);
    CHECK(s == want && err && strcmp(jiesu_error_message(err), expected) == 0 && out == SENTINEL_STR);
    jiesu_error_free(err);

    free(expected);
    free(display);
    free(forged);
    free(honest);
    return text;
}

static void test_forged(const jiesu_engine *e) {
    /* 1. The handling unit records its own "satisfied" callback (event 6). */
    char *text = forged_case(e, "unit_records_its_own_callback", JIESU_STATUS_PERMISSION_DENIED,
                             "events[6]: event callback_recorded must be recorded by command_center; actor is unit of unit \"human_resources\"",
                             "[R-ORG-1]");
    if (text) {
        /* Forged in C by editing the text, without re-hashing: plain tampering at event 6. */
        char *honest = json_member(text, "honest");
        char *edited = replace_first(honest, "\"actor\":{\"role\":\"command_center\"},\"type\":\"callback_recorded\"",
                                     "\"actor\":{\"role\":\"unit\",\"unit\":\"human_resources\"},\"type\":\"callback_recorded\"");
        CHECK(strcmp(edited, honest) != 0);
        jiesu_error *err = NULL;
        char *v = NULL;
        OK(jiesu_ticket_verify(edited, strlen(edited), &v, &err), err);
        CHECK(v && strstr(v, "\"intact\":false,\"events\":7,\"problem\":{\"index\":6,\"kind\":\"altered\""));
        jiesu_string_free(v);
        /* The re-hashed forgery differs from that edit only in hashes. */
        char *forged = json_member(text, "forged");
        CHECK(strlen(forged) == strlen(edited) && strstr(forged, "\"actor\":{\"role\":\"unit\",\"unit\":\"human_resources\"},\"type\":\"callback_recorded\""));
        free(forged);
        free(edited);
        free(honest);
        free(text);
    }
    /* 2. The unit accepts its own report (event 5). */
    free(forged_case(e, "unit_accepts_its_own_report", JIESU_STATUS_PERMISSION_DENIED,
                     "events[5]: event report_accepted must be recorded by command_center; actor is unit of unit \"human_resources\"", "[R-ORG-1]"));
    /* 3. The unit closes its own ticket (event 7). */
    free(forged_case(e, "unit_closes_its_own_ticket", JIESU_STATUS_PERMISSION_DENIED,
                     "events[7]: event closed must be recorded by command_center; actor is unit of unit \"human_resources\"", "[R-ORG-1]"));
    /* 4. Unit A (the lead) acknowledges for unit B (a responsible unit), both assigned (event 3). */
    free(forged_case(e, "unit_acknowledges_for_another", JIESU_STATUS_PERMISSION_DENIED,
                     "events[3]: event acknowledged names unit \"housing\" but was recorded by unit of unit \"human_resources\": a unit acts only for itself", "[R-ORG-2]"));
    /* 5. The supervision office registers a ticket (event 0). */
    free(forged_case(e, "supervision_office_registers", JIESU_STATUS_PERMISSION_DENIED,
                     "events[0]: event registered must be recorded by command_center; actor is supervision_office", "[R-ORG-1]"));
    /* Histories no command produces: a reassignment while a return request is pending; the
     * reassignment of a lead's approved return recorded by another operator. */
    free(forged_case(e, "reassigned_while_a_return_is_pending", JIESU_STATUS_INVALID_TRANSITION,
                     "events[3]: event reassigned is not allowed in status return_pending", NULL));
    free(forged_case(e, "reassignment_split_from_the_lead_return_approval", JIESU_STATUS_INVALID_TRANSITION,
                     "events[4]: the reassignment of the lead unit's approved return is part of the approval", "[R-SLA-2]"));
}

/* Issue 15: the history forms and instants (tests/data/contract, written by
 * tests/contract_inputs.rs): JSON lines are a history like an array; a history read back in
 * UTC verifies; an event that gained a field is reported, not raised; a schema-1 history
 * continues with schema-2 events; `now` in milliseconds is refused and named. */
static void test_contract_inputs(const jiesu_engine *e) {
    jiesu_error *err = NULL;
    char *out = NULL;
    char *lines = read_file(JIESU_FORGED_DIR "/../contract/history.jsonl");
    char *utc = read_file(JIESU_FORGED_DIR "/../contract/history_utc.json");
    char *grown = read_file(JIESU_FORGED_DIR "/../contract/history_grown.json");
    char *v1 = read_file(JIESU_FORGED_DIR "/../contract/v1.json");
    CHECK(lines && utc && grown && v1);
    if (!lines || !utc || !grown || !v1) abort();

    /* JSON lines: state and verify read them as they read an array. */
    CHECK(lines[0] == '{' && strchr(lines, '\n') != NULL);
    out = state_at(e, lines, T_03_12_1000);
    CHECK(out && strstr(out, "\"id\":\"YS-C1\"") && strstr(out, "\"event_count\":4,"));
    jiesu_string_free(out);
    out = NULL;
    OK(jiesu_ticket_verify(lines, strlen(lines), &out, &err), err);
    CHECK(out && strcmp(out, "{\"intact\":true,\"events\":4}") == 0);
    jiesu_string_free(out);
    out = NULL;

    /* The same history with every instant rewritten in UTC ("…Z"): intact, and its state is
     * the state of the original. */
    CHECK(strstr(utc, "Z\"") && !strstr(utc, "+08:00"));
    OK(jiesu_ticket_verify(utc, strlen(utc), &out, &err), err);
    CHECK(out && strcmp(out, "{\"intact\":true,\"events\":4}") == 0);
    jiesu_string_free(out);
    out = NULL;
    /* Its state is the original's: the same chain (last_hash) and status; the view keeps
     * each instant as it is spelt. */
    char *a = state_at(e, lines, T_03_12_1000), *b = state_at(e, utc, T_03_12_1000);
    const char *lh_a = a ? strstr(a, "\"last_hash\":\"") : NULL, *lh_b = b ? strstr(b, "\"last_hash\":\"") : NULL;
    CHECK(lh_a && lh_b && strncmp(lh_a, lh_b, 80) == 0);
    CHECK(a && b && strstr(b, "\"status\":\"in_progress\"") && strstr(a, "\"status\":\"in_progress\""));
    jiesu_string_free(a);
    jiesu_string_free(b);

    /* A stored event that gained a field: not intact at index 1, a successful call. */
    OK(jiesu_ticket_verify(grown, strlen(grown), &out, &err), err);
    CHECK(out && strstr(out, "{\"intact\":false,\"events\":4,\"problem\":{\"index\":1,\"kind\":\"altered\""));
    CHECK(out && strstr(out, "unknown field"));
    jiesu_string_free(out);
    out = NULL;
    OK(jiesu_engine_verify(e, grown, strlen(grown), &out, &err), err);
    CHECK(out && strstr(out, "\"index\":1,\"kind\":\"altered\""));
    jiesu_string_free(out);
    out = NULL;
    /* Only text that is not JSON is an error. */
    FAILS(jiesu_ticket_verify("[{", 2, &out, &err), err, JIESU_STATUS_INVALID_JSON, "events_json: invalid JSON");
    CHECK(out == NULL);

    /* A history of schema version 1 verifies and continues with version-2 events. */
    OK(jiesu_ticket_verify(v1, strlen(v1), &out, &err), err);
    CHECK(out && strstr(out, "{\"intact\":true,"));
    jiesu_string_free(out);
    out = NULL;
    const char *unit = "{\"role\": \"unit\", \"unit\": \"urban_management\"}";
    const char *contact = "{\"type\": \"contact_requester\"}";
    OK(jiesu_ticket_handle(e, v1, strlen(v1), unit, strlen(unit), contact, strlen(contact), T_03_03_1000, &out, &err), err);
    CHECK(out && strstr(out, "\"schema_version\":2,") && strstr(out, "\"type\":\"requester_contacted\""));
    jiesu_string_free(out);
    out = NULL;

    /* `now` in milliseconds (2026-03-02T09:00:00+08:00 as Java's currentTimeMillis gives it). */
    const char *reg = "{\"type\": \"register\", \"id\": \"YS-MS\", \"appeal_type\": \"help\", \"content\": \"求助\"}";
    FAILS2(jiesu_ticket_handle(e, "[]", 2, CC, strlen(CC), reg, strlen(reg), INT64_C(1772413200000), &out, &err), err,
           JIESU_STATUS_INVALID_INPUT, "milliseconds", "2026-03-02T09:00:00+08:00");
    CHECK(out == NULL);
    FAILS(jiesu_ticket_state(e, lines, strlen(lines), INT64_C(1772413200000), &out, &err), err, JIESU_STATUS_INVALID_INPUT,
          "limits.latest_instant");
    /* An empty text is not a new ticket's history ("[]" is). */
    FAILS(jiesu_ticket_handle(e, "", 0, CC, strlen(CC), reg, strlen(reg), T_03_02_0900, &out, &err), err, JIESU_STATUS_INVALID_JSON,
          "`[]`");
    free(lines);
    free(utc);
    free(grown);
    free(v1);
}

/* The keyed chain (tests/data/keyed/forgeries.json, written by tests/keyed.rs): an engine
 * holding the fixture's key accepts the honest history and archive and refuses each forgery
 * (re-hashed after an edit, a missing, wrong or foreign tag, a truncated and re-counted
 * archive) with the core's verification; the key never appears in an output or an error. */
#define KEYED_SECRET "SeCrEt-7f3a9c1e-county-anchor"
static void test_keyed(void) {
    const char *path = JIESU_FORGED_DIR "/../keyed/forgeries.json";
    char *text = read_file(path);
    CHECK(text != NULL);
    if (!text) {
        fprintf(stderr, "cannot read %s (JIESU_UPDATE_KEYED=1 cargo test -p jiesu --test keyed writes it)\n", path);
        return;
    }
    char *secret = json_member(text, "secret");
    CHECK(secret && strcmp(json_unquote(secret), KEYED_SECRET) == 0);
    free(secret);
    jiesu_error *err = NULL;
    jiesu_engine *plain = NULL, *keyed = SENTINEL_ENGINE, *rotated = NULL;
    OK(jiesu_engine_new_default(&plain, &err), err);
    OK(jiesu_engine_with_chain_key(plain, JIESU_CHAIN_KEY_KIND_HMAC_SHA256, "2026-a", (const uint8_t *)KEYED_SECRET, strlen(KEYED_SECRET), &keyed, &err), err);
    if (keyed == SENTINEL_ENGINE) abort();

    const char *cases[] = {"honest", "archive", "rehashed", "untagged", "wrong_tag", "other_key", "unknown_key",
                           "unkeyed", "cut_archive", "untagged_archive"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char key[64];
        snprintf(key, sizeof key, "%s_verification", cases[i]);
        char *doc = json_member(text, cases[i]), *want = json_member(text, key);
        CHECK(doc && want);
        if (!doc || !want) abort();
        json_unquote(want);
        char *v = NULL;
        if (strstr(cases[i], "archive")) {
            OK(jiesu_engine_verify_archive(keyed, doc, strlen(doc), &v, &err), err);
        } else {
            OK(jiesu_engine_verify(keyed, doc, strlen(doc), &v, &err), err);
        }
        CHECK(v && strcmp(v, want) == 0);
        if (v && strcmp(v, want) != 0) fprintf(stderr, "%s: C says\n  %s\nthe core says\n  %s\n", cases[i], v, want);
        CHECK(v && !strstr(v, KEYED_SECRET));
        jiesu_string_free(v);
        free(doc);
        free(want);
    }

    char *honest = json_member(text, "honest"), *rehashed = json_member(text, "rehashed");
    char *archive = json_member(text, "archive");
    char *v = NULL;
    /* The re-hashed forgery is an intact public chain: only the key tells. */
    OK(jiesu_ticket_verify(rehashed, strlen(rehashed), &v, &err), err);
    CHECK(v && strstr(v, "{\"intact\":true,"));
    jiesu_string_free(v);
    OK(jiesu_engine_verify(plain, rehashed, strlen(rehashed), &v, &err), err);
    CHECK(v && strstr(v, "{\"intact\":true,"));
    jiesu_string_free(v);
    /* The archive the keyed engine makes is the fixture's (tagged), and verifies. */
    OK(jiesu_engine_archive(keyed, honest, strlen(honest), &v, &err), err);
    CHECK(v && strcmp(v, archive) == 0 && strstr(v, "\"tag\":{\"alg\":\"hmac-sha256\",\"key_id\":\"2026-a\",\"mac\":\""));
    CHECK(v && !strstr(v, KEYED_SECRET));
    jiesu_string_free(v);
    OK(jiesu_engine_archive(plain, honest, strlen(honest), &v, &err), err);
    /* Its events keep their tags; the file itself has none (it ends with the events). */
    CHECK(v && strlen(v) > 2 && strcmp(v + strlen(v) - 2, "]}") == 0 && strstr(v, "\"tag\":{\"alg\":\"hmac-sha256\""));
    jiesu_string_free(v);

    /* Events the keyed engine decides carry the tag; the key is not in them. */
    char *hist = copy("[]"), *last = NULL;
    OK(run(keyed, &hist, CC, register_cmd("YS-CK1", NULL), T_03_02_0900, &last, &err), err);
    CHECK(last && strstr(last, ",\"tag\":{\"alg\":\"hmac-sha256\",\"key_id\":\"2026-a\",\"mac\":\"") && !strstr(last, KEYED_SECRET));
    free(last);
    OK(run(keyed, &hist, CC, DISPATCH, T_03_02_0930, NULL, &err), err);
    OK(jiesu_engine_verify(keyed, hist, strlen(hist), &v, &err), err);
    CHECK(v && strcmp(v, "{\"intact\":true,\"events\":2}") == 0);
    jiesu_string_free(v);
    /* Rotation: a second key signs what follows; both verify. */
    OK(jiesu_engine_with_chain_key(keyed, JIESU_CHAIN_KEY_KIND_HMAC_SHA256, "2026-b", (const uint8_t *)"another-secret-of-32-bytes-long!", 32, &rotated, &err), err);
    OK(run(rotated, &hist, LEAD, ACK, T_03_02_1000, &last, &err), err);
    CHECK(last && strstr(last, "\"key_id\":\"2026-b\""));
    free(last);
    OK(jiesu_engine_verify(rotated, hist, strlen(hist), &v, &err), err);
    CHECK(v && strcmp(v, "{\"intact\":true,\"events\":3}") == 0);
    jiesu_string_free(v);
    OK(jiesu_engine_verify(keyed, hist, strlen(hist), &v, &err), err);
    CHECK(v && strstr(v, "\"problem\":{\"index\":2,\"kind\":\"tag_unknown_key\""));
    jiesu_string_free(v);
    char *st = state_at(rotated, hist, T_03_02_1100);
    CHECK(st && !strstr(st, KEYED_SECRET) && !strstr(st, "another-secret"));
    jiesu_string_free(st);

    /* Refusals: nothing written, the secret never in the message. */
    jiesu_engine *out = SENTINEL_ENGINE;
    FAILS(jiesu_engine_with_chain_key(plain, JIESU_CHAIN_KEY_KIND_HMAC_SHA256, "2026-a", (const uint8_t *)"short-secret", 12, &out, &err), err, JIESU_STATUS_INVALID_INPUT, "(field secret)");
    FAILS(jiesu_engine_with_chain_key(plain, JIESU_CHAIN_KEY_KIND_HMAC_SHA256, "a key", (const uint8_t *)KEYED_SECRET, strlen(KEYED_SECRET), &out, &err), err, JIESU_STATUS_INVALID_INPUT, "(field key_id)");
    FAILS(jiesu_engine_with_chain_key(keyed, JIESU_CHAIN_KEY_KIND_HMAC_SHA256, "2026-a", (const uint8_t *)KEYED_SECRET, strlen(KEYED_SECRET), &out, &err), err, JIESU_STATUS_VALIDATION_FAILED, "chain_keys[1].id");
    FAILS(jiesu_engine_with_chain_key(NULL, JIESU_CHAIN_KEY_KIND_HMAC_SHA256, "k", (const uint8_t *)KEYED_SECRET, strlen(KEYED_SECRET), &out, &err), err, JIESU_STATUS_NULL_ARGUMENT, "engine is NULL");
    FAILS(jiesu_engine_with_chain_key(plain, JIESU_CHAIN_KEY_KIND_HMAC_SHA256, NULL, (const uint8_t *)KEYED_SECRET, strlen(KEYED_SECRET), &out, &err), err, JIESU_STATUS_NULL_ARGUMENT, "key_id is NULL");
    FAILS(jiesu_engine_with_chain_key(plain, JIESU_CHAIN_KEY_KIND_HMAC_SHA256, "k", NULL, 32, &out, &err), err, JIESU_STATUS_NULL_ARGUMENT, "key is NULL");
    FAILS(jiesu_engine_with_chain_key(plain, JIESU_CHAIN_KEY_KIND_HMAC_SHA256, "k", (const uint8_t *)KEYED_SECRET, strlen(KEYED_SECRET), NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out is NULL");
    FAILS(jiesu_engine_with_chain_key(plain, JIESU_CHAIN_KEY_KIND_HMAC_SHA256, "\xff", (const uint8_t *)KEYED_SECRET, strlen(KEYED_SECRET), &out, &err), err, JIESU_STATUS_INVALID_UTF8, "key_id");
    FAILS(jiesu_engine_with_chain_key(plain, 7, "k", (const uint8_t *)KEYED_SECRET, strlen(KEYED_SECRET), &out, &err), err, JIESU_STATUS_INVALID_INPUT, "kind: 7 is not a jiesu_chain_key_kind");
    FAILS(jiesu_engine_with_chain_key(plain, JIESU_CHAIN_KEY_KIND_ED25519_SEED, "k", (const uint8_t *)"0123456789012345678901234567890", 31, &out, &err), err, JIESU_STATUS_INVALID_INPUT, "(field ed25519_seed)");
    CHECK(out == SENTINEL_ENGINE);

    /* Ed25519: the seed signs; the public key alone verifies and cannot tag. RFC 8032 TEST 1. */
    static const uint8_t seed[32] = {0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a, 0xf4, 0x92, 0xec, 0x2c, 0xc4,
                                     0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32, 0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60};
    static const uint8_t pub[32] = {0xd7, 0x5a, 0x98, 0x01, 0x82, 0xb1, 0x0a, 0xb7, 0xd5, 0x4b, 0xfe, 0xd3, 0xc9, 0x64, 0x07, 0x3a,
                                    0x0e, 0xe1, 0x72, 0xf3, 0xda, 0xa6, 0x23, 0x25, 0xaf, 0x02, 0x1a, 0x68, 0xf7, 0x07, 0x51, 0x1a};
    jiesu_engine *signer = NULL, *verifier = NULL;
    OK(jiesu_engine_with_chain_key(plain, JIESU_CHAIN_KEY_KIND_ED25519_SEED, "sig-1", seed, sizeof seed, &signer, &err), err);
    OK(jiesu_engine_with_chain_key(plain, JIESU_CHAIN_KEY_KIND_ED25519_PUBLIC, "sig-1", pub, sizeof pub, &verifier, &err), err);
    char *signed_hist = copy("[]");
    OK(run(signer, &signed_hist, CC, register_cmd("YS-CK2", NULL), T_03_02_0900, &last, &err), err);
    CHECK(last && strstr(last, "\"tag\":{\"alg\":\"ed25519\",\"key_id\":\"sig-1\",\"mac\":\""));
    free(last);
    OK(run(signer, &signed_hist, CC, DISPATCH, T_03_02_0930, NULL, &err), err);
    OK(jiesu_engine_verify(verifier, signed_hist, strlen(signed_hist), &v, &err), err);
    CHECK(v && strcmp(v, "{\"intact\":true,\"events\":2}") == 0);
    jiesu_string_free(v);
    /* The verifier's own events carry no tag. */
    OK(run(verifier, &signed_hist, LEAD, ACK, T_03_02_1000, &last, &err), err);
    CHECK(last && !strstr(last, "\"tag\""));
    free(last);
    OK(jiesu_engine_verify(verifier, signed_hist, strlen(signed_hist), &v, &err), err);
    CHECK(v && strstr(v, "\"problem\":{\"index\":2,\"kind\":\"tag_missing\""));
    jiesu_string_free(v);
    /* HMAC tags of keys the verifier does not hold. */
    OK(jiesu_engine_verify(verifier, hist, strlen(hist), &v, &err), err);
    CHECK(v && strstr(v, "\"problem\":{\"index\":0,\"kind\":\"tag_unknown_key\""));
    jiesu_string_free(v);
    free(signed_hist);
    jiesu_engine_free(verifier);
    jiesu_engine_free(signer);

    /* A short secret in a configuration: refused, not echoed. */
    const char *cfg = "{\"schema_version\": 1, \"chain_keys\": [{\"id\": \"k\", \"secret\": \"tiny-secret-x\"}]}";
    jiesu_status s = jiesu_engine_new(cfg, strlen(cfg), &out, &err);
    note(s);
    CHECK(s == JIESU_STATUS_VALIDATION_FAILED && err && strstr(jiesu_error_message(err), "chain_keys[0].secret") && !strstr(jiesu_error_message(err), "tiny-secret-x"));
    jiesu_error_free(err);
    err = NULL;
    const char *cfg_num = "{\"schema_version\": 1, \"chain_keys\": [{\"id\": \"k\", \"secret\": 918273645546372819}]}";
    s = jiesu_engine_new(cfg_num, strlen(cfg_num), &out, &err);
    note(s);
    CHECK(s == JIESU_STATUS_INVALID_JSON && err && !strstr(jiesu_error_message(err), "918273645546372819"));
    jiesu_error_free(err);
    err = NULL;
    CHECK(out == SENTINEL_ENGINE);
    /* A keyed engine from its configuration is the same engine. */
    const char *cfg_ok = "{\"schema_version\": 1, \"chain_keys\": [{\"id\": \"2026-a\", \"secret\": \"" KEYED_SECRET "\"}]}";
    OK(jiesu_engine_new(cfg_ok, strlen(cfg_ok), &out, &err), err);
    OK(jiesu_engine_archive(out, honest, strlen(honest), &v, &err), err);
    CHECK(v && strcmp(v, archive) == 0);
    jiesu_string_free(v);
    jiesu_engine_free(out);

    char *sv = SENTINEL_STR;
    FAILS(jiesu_engine_verify(NULL, honest, strlen(honest), &sv, &err), err, JIESU_STATUS_NULL_ARGUMENT, "engine is NULL");
    FAILS(jiesu_engine_verify(keyed, NULL, 2, &sv, &err), err, JIESU_STATUS_NULL_ARGUMENT, "events_json is NULL");
    FAILS(jiesu_engine_verify(keyed, honest, strlen(honest) - 1, &sv, &err), err, JIESU_STATUS_INVALID_JSON, "events_json: invalid JSON");
    FAILS(jiesu_engine_verify(keyed, honest, strlen(honest), NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out_json is NULL");
    FAILS(jiesu_engine_verify_archive(NULL, archive, strlen(archive), &sv, &err), err, JIESU_STATUS_NULL_ARGUMENT, "engine is NULL");
    FAILS(jiesu_engine_verify_archive(keyed, honest, strlen(honest), &sv, &err), err, JIESU_STATUS_INVALID_JSON, "archive_json: invalid JSON");
    FAILS(jiesu_engine_verify_archive(keyed, "\xff", 1, &sv, &err), err, JIESU_STATUS_INVALID_UTF8, "archive_json");
    FAILS(jiesu_engine_verify_archive(keyed, archive, strlen(archive), NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out_json is NULL");
    FAILS(jiesu_engine_archive(NULL, honest, strlen(honest), &sv, &err), err, JIESU_STATUS_NULL_ARGUMENT, "engine is NULL");
    FAILS(jiesu_engine_archive(keyed, "[]", 2, &sv, &err), err, JIESU_STATUS_INVALID_TRANSITION, "archive_file is not allowed in status none");
    FAILS(jiesu_engine_archive(keyed, rehashed, strlen(rehashed), NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "archive_json is NULL");
    CHECK(sv == SENTINEL_STR);

    free(hist);
    free(archive);
    free(rehashed);
    free(honest);
    free(text);
    jiesu_engine_free(rotated);
    jiesu_engine_free(keyed);
    jiesu_engine_free(plain);
}

/* Escalation on an overdue ticket; recording the alerts; group rules. */
static void test_escalation(const jiesu_engine *e) {
    jiesu_error *err = NULL;
    char *hist = dispatched_ticket(e, "YS-E1", NULL, T_03_02_0900, T_03_02_0930);
    char *ev = SENTINEL_STR;

    /* Right after the dispatch: nothing due; look again at the response warning. */
    OK(jiesu_escalation_evaluate(e, hist, strlen(hist), T_03_02_1000, &ev, &err), err);
    CHECK(ev != SENTINEL_STR && strcmp(ev, "{\"alerts\":[],\"next_check_at\":\"2026-03-02T21:30:00+08:00\","
                                           "\"next_check_at_unix\":1772458200,\"skipped\":[]}") == 0);
    jiesu_string_free(ev);

    /* Overdue (nobody acknowledged, the completion deadline passed): alerts up to
     * supervision; listed supervision of the completion at +3 working days. The warnings
     * are superseded (their deadlines passed), and the messages name the unit, not its id. */
    OK(jiesu_escalation_evaluate(e, hist, strlen(hist), T_03_12_1000, &ev, &err), err);
    document("evaluation", ev);
    CHECK(!strstr(ev, "\"rule\":\"response.warning\"") && !strstr(ev, "将于"));
    CHECK(strstr(ev, "砚山县城市管理局") && !strstr(ev, "：urban_management "));
    CHECK(strstr(ev, "\"rule\":\"response.urging\"") &&
          strstr(ev, "\"rule\":\"completion.urging\"") && strstr(ev, "\"rule\":\"completion.supervision\"") &&
          strstr(ev, "\"rule\":\"response.listed\""));
    CHECK(!strstr(ev, "\"rule\":\"completion.listed\""));
    CHECK(strstr(ev, "\"ticket_id\":\"YS-E1\"") && strstr(ev, "\"level\":\"supervision\",\"target\":\"supervision_office\""));
    CHECK(strstr(ev, "\"next_check_at\":\"2026-03-13T00:00:00+08:00\",\"next_check_at_unix\":1773331200,\"skipped\":[]}"));
    int alerts = count(ev, "\"rule\":");
    CHECK(alerts == 5);

    /* Record them (the evaluation object as it is): one escalated event per alert. */
    char *rec = SENTINEL_STR;
    OK(jiesu_escalation_record(e, hist, strlen(hist), ev, strlen(ev), T_03_12_1000, &rec, &err), err);
    document("event", rec);
    CHECK(rec != SENTINEL_STR && count(rec, "\"type\":\"escalated\"") == alerts && strstr(rec, "\"user\":\"escalation_rules\""));
    char *joined = json_concat(hist, rec);
    jiesu_string_free(rec);

    /* The alerts as a bare array work too (recorded on the original history). */
    const char *arr = strstr(ev, "\"alerts\":") + strlen("\"alerts\":");
    const char *arr_end = strstr(arr, "],\"next_check_at\"");
    CHECK(arr_end != NULL);
    if (arr_end) {
        OK(jiesu_escalation_record(e, hist, strlen(hist), arr, (size_t)(arr_end - arr) + 1, T_03_12_1000, &rec, &err), err);
        CHECK(count(rec, "\"type\":\"escalated\"") == alerts);
        jiesu_string_free(rec);
    }
    /* Refused: alerts for another ticket, an unknown rule, now before the last event. */
    rec = SENTINEL_STR;
    char *other = replace_first(ev, "\"ticket_id\":\"YS-E1\"", "\"ticket_id\":\"YS-X\"");
    FAILS2(jiesu_escalation_record(e, hist, strlen(hist), other, strlen(other), T_03_12_1000, &rec, &err), err,
           JIESU_STATUS_INVALID_INPUT, "alert for ticket \"YS-X\"", "(field alerts[0].ticket_id)");
    free(other);
    char *unknown = replace_first(ev, "\"rule\":\"", "\"rule\":\"nope.");
    FAILS(jiesu_escalation_record(e, hist, strlen(hist), unknown, strlen(unknown), T_03_12_1000, &rec, &err), err,
          JIESU_STATUS_INVALID_INPUT, "alerts_json: alerts[0]: \"nope.");
    free(unknown);
    FAILS(jiesu_escalation_record(e, hist, strlen(hist), ev, strlen(ev), T_03_02_0900, &rec, &err), err,
          JIESU_STATUS_INVALID_INPUT, "earlier than the last event");
    /* Issue 14 item 8: alerts of 03-12 recorded on 03-03, before they are due: refused (recorded
     * early they would silence the rules for the real breaches). */
    FAILS2(jiesu_escalation_record(e, hist, strlen(hist), ev, strlen(ev), T_03_03_1000, &rec, &err), err,
           JIESU_STATUS_INVALID_INPUT, "cannot be recorded yet", "R-ESC-4");
    FAILS(jiesu_escalation_record(e, hist, strlen(hist), "{\"alerts\": 1}", 13, T_03_12_1000, &rec, &err), err,
          JIESU_STATUS_INVALID_JSON, "alerts_json: invalid JSON");
    FAILS(jiesu_escalation_record(e, hist, strlen(hist), ev, (size_t)(strstr(ev, ",\"next_check_at\"") - ev), T_03_12_1000, &rec, &err), err,
          JIESU_STATUS_INVALID_JSON, "EOF");
    CHECK(rec == SENTINEL_STR);
    /* Nothing to record: no events. */
    OK(jiesu_escalation_record(e, hist, strlen(hist), "[]", 2, T_03_12_1000, &rec, &err), err);
    CHECK(strcmp(rec, "[]") == 0);
    jiesu_string_free(rec);
    jiesu_string_free(ev);

    /* Recorded: the same evaluation raises nothing, and still says when to look again. */
    OK(jiesu_escalation_evaluate(e, joined, strlen(joined), T_03_12_1000, &ev, &err), err);
    CHECK(strcmp(ev, "{\"alerts\":[],\"next_check_at\":\"2026-03-13T00:00:00+08:00\",\"next_check_at_unix\":1773331200,"
                     "\"skipped\":[]}") == 0);
    jiesu_string_free(ev);
    /* At next_check_at: only the new rule. */
    OK(jiesu_escalation_evaluate(e, joined, strlen(joined), T_03_13_0000, &ev, &err), err);
    CHECK(count(ev, "\"rule\":") == 1 && strstr(ev, "\"rule\":\"completion.listed\",\"level\":\"listed_supervision\""));
    jiesu_string_free(ev);
    char *st = state_at(e, joined, T_03_12_1000);
    CHECK(st && strstr(st, "\"supervised\":true") && strstr(st, "\"escalations\":[{\"rule\":\"response.urging\""));
    jiesu_string_free(st);
    /* An empty history raises nothing and schedules nothing. */
    OK(jiesu_escalation_evaluate(e, "[]", 2, T_03_12_1000, &ev, &err), err);
    CHECK(strcmp(ev, "{\"alerts\":[],\"next_check_at\":null,\"next_check_at_unix\":null,\"skipped\":[]}") == 0);
    jiesu_string_free(ev);

    /* Bad input. */
    ev = SENTINEL_STR;
    FAILS(jiesu_escalation_evaluate(NULL, hist, strlen(hist), T_03_12_1000, &ev, &err), err, JIESU_STATUS_NULL_ARGUMENT, "engine is NULL");
    FAILS(jiesu_escalation_evaluate(e, NULL, 0, T_03_12_1000, &ev, &err), err, JIESU_STATUS_NULL_ARGUMENT, "events_json is NULL");
    FAILS(jiesu_escalation_evaluate(e, hist, strlen(hist), T_03_12_1000, NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out_json is NULL");
    FAILS(jiesu_escalation_evaluate(e, hist, strlen(hist) - 1, T_03_12_1000, &ev, &err), err, JIESU_STATUS_INVALID_JSON, "events_json: invalid JSON");
    FAILS(jiesu_escalation_evaluate(e, "[\xe4]", 3, T_03_12_1000, &ev, &err), err, JIESU_STATUS_INVALID_UTF8, "events_json: invalid UTF-8 at byte 1");
    FAILS(jiesu_escalation_evaluate(e, hist, strlen(hist), INT64_MIN, &ev, &err), err, JIESU_STATUS_INVALID_INPUT, "now: ");
    CHECK(ev == SENTINEL_STR);
    rec = SENTINEL_STR;
    FAILS(jiesu_escalation_record(NULL, hist, strlen(hist), "[]", 2, T_03_12_1000, &rec, &err), err, JIESU_STATUS_NULL_ARGUMENT, "engine is NULL");
    FAILS(jiesu_escalation_record(e, NULL, 0, "[]", 2, T_03_12_1000, &rec, &err), err, JIESU_STATUS_NULL_ARGUMENT, "events_json is NULL");
    FAILS(jiesu_escalation_record(e, hist, strlen(hist), NULL, 2, T_03_12_1000, &rec, &err), err, JIESU_STATUS_NULL_ARGUMENT, "alerts_json is NULL");
    FAILS(jiesu_escalation_record(e, hist, strlen(hist), "[]", 2, T_03_12_1000, NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "new_events_json is NULL");
    FAILS(jiesu_escalation_record(e, hist, strlen(hist), "[\xff]", 3, T_03_12_1000, &rec, &err), err, JIESU_STATUS_INVALID_UTF8, "alerts_json");
    FAILS(jiesu_escalation_record(e, hist, strlen(hist), "[]", 2, INT64_MAX, &rec, &err), err, JIESU_STATUS_INVALID_INPUT, "now: ");
    CHECK(rec == SENTINEL_STR);
    free(joined);
    free(hist);

    /* Group rules: the same requester (requester_key) twice in 30 days, same category. */
    char *g1 = dispatched_ticket(e, "YS-G1", "rk-0001", T_03_02_0900, T_03_02_0930);
    char *g2 = dispatched_ticket(e, "YS-G2", "rk-0001", T_03_04_1000, T_03_04_1000 + 600);
    char *l1 = json_lines(g1), *l2 = json_lines(g2);
    CHECK(count(l1, "\n") == 2 && count(l2, "\n") == 2);
    char *log = cat(l1, l2);
    char *group = SENTINEL_STR;
    OK(jiesu_escalation_evaluate_group(e, log, strlen(log), T_03_05_1500, &group, &err), err);
    document("group_evaluation", group);
    CHECK(group != SENTINEL_STR && strstr(group, "{\"alerts\":[{\"rule\":\"repeat.second\",\"level\":\"urging\",\"target\":\"command_center\"") &&
          strstr(group, "\"ticket_id\":\"YS-G2\"") && strstr(group, "\"tickets\":[\"YS-G1\",\"YS-G2\"]") && count(group, "\"rule\":") == 1);
    /* Before the second request: nothing. */
    char *none = SENTINEL_STR;
    OK(jiesu_escalation_evaluate_group(e, log, strlen(log), T_03_03_1000, &none, &err), err);
    CHECK(strcmp(none, "{\"alerts\":[]}") == 0);
    jiesu_string_free(none);
    /* Recorded on YS-G2, the alert is not raised again. */
    char *rec2 = NULL;
    OK(jiesu_escalation_record(e, g2, strlen(g2), group, strlen(group), T_03_05_1500, &rec2, &err), err);
    CHECK(rec2 && strstr(rec2, "\"rule\":\"repeat.second\"") && strstr(rec2, "\"tickets\":[\"YS-G1\",\"YS-G2\"]"));
    FAILS(jiesu_escalation_record(e, g1, strlen(g1), group, strlen(group), T_03_05_1500, &rec, &err), err, JIESU_STATUS_INVALID_INPUT, "YS-G2");
    char *g2b = json_concat(g2, rec2);
    jiesu_string_free(rec2);
    char *l2b = json_lines(g2b);
    char *log2 = cat(l1, l2b);
    OK(jiesu_escalation_evaluate_group(e, log2, strlen(log2), T_03_05_1500, &none, &err), err);
    CHECK(strcmp(none, "{\"alerts\":[]}") == 0);
    jiesu_string_free(none);
    /* Bad input. */
    none = SENTINEL_STR;
    FAILS2(jiesu_escalation_evaluate_group(e, "{\"x\":1}\n", 8, T_03_05_1500, &none, &err), err, JIESU_STATUS_INVALID_JSON, "jsonl: event log line 1", "(field line 1)");
    FAILS(jiesu_escalation_evaluate_group(e, log, strlen(log) - 3, T_03_05_1500, &none, &err), err, JIESU_STATUS_INVALID_JSON, "event log line 4");
    char *skip = cat(l1 + strlen(l1) / 2, ""); /* starts mid-line: not JSON */
    FAILS(jiesu_escalation_evaluate_group(e, skip, strlen(skip), T_03_05_1500, &none, &err), err, JIESU_STATUS_INVALID_JSON, "jsonl: ");
    free(skip);
    /* A ticket whose first line is missing does not chain (INVALID_INPUT, with its line). */
    const char *second_line = strchr(l1, '\n') + 1;
    FAILS2(jiesu_escalation_evaluate_group(e, second_line, strlen(second_line), T_03_05_1500, &none, &err), err,
           JIESU_STATUS_INVALID_INPUT, "jsonl: event log line 1", "seq 2 does not follow 0");
    FAILS(jiesu_escalation_evaluate_group(NULL, log, strlen(log), T_03_05_1500, &none, &err), err, JIESU_STATUS_NULL_ARGUMENT, "engine is NULL");
    FAILS(jiesu_escalation_evaluate_group(e, NULL, 0, T_03_05_1500, &none, &err), err, JIESU_STATUS_NULL_ARGUMENT, "jsonl is NULL");
    FAILS(jiesu_escalation_evaluate_group(e, log, strlen(log), T_03_05_1500, NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out_json is NULL");
    FAILS(jiesu_escalation_evaluate_group(e, "\xc3", 1, T_03_05_1500, &none, &err), err, JIESU_STATUS_INVALID_UTF8, "jsonl: invalid UTF-8");
    FAILS(jiesu_escalation_evaluate_group(e, log, strlen(log), INT64_MAX, &none, &err), err, JIESU_STATUS_INVALID_INPUT, "now: ");
    CHECK(none == SENTINEL_STR);
    OK(jiesu_escalation_evaluate_group(e, "", 0, T_03_05_1500, &none, &err), err);
    CHECK(strcmp(none, "{\"alerts\":[]}") == 0);
    jiesu_string_free(none);
    jiesu_string_free(group);
    free(log2);
    free(l2b);
    free(g2b);
    free(log);
    free(l1);
    free(l2);
    free(g1);
    free(g2);
}

/* Assessment and bulletins over a JSON-lines log: the archived lifecycle ticket and an
 * overdue one. */
static void test_assessment(const jiesu_engine *e, const char *archived) {
    jiesu_error *err = NULL;
    char *late = dispatched_ticket(e, "YS-A2", NULL, T_03_02_0900, T_03_02_0930);
    char *la = json_lines(archived), *lb = json_lines(late);
    char *log = cat(la, lb);
    const char *opts = "{\"period\": {\"from\": \"2026-03-01T00:00:00+08:00\", \"to\": \"2026-04-01T00:00:00+08:00\"}}";
    char *report = SENTINEL_STR;
    OK(jiesu_assess(e, log, strlen(log), opts, strlen(opts), &report, &err), err);
    document("assessment", report);
    CHECK(report != SENTINEL_STR && strstr(report, "\"groups\":[{\"key\":\"urban_management\",\"name\":\""));
    CHECK(!strstr(report, "\"name\":\"urban_management\""));  /* named from the guide */
    /* Two tickets, one acknowledged and contacted in time; one overdue; one callback. */
    CHECK(strstr(report, "\"dispatched\":2,\"acknowledged_on_time\":1,\"response_rate\":{\"numerator\":1.0,\"denominator\":2,\"value\":0.5}"));
    CHECK(strstr(report, "\"satisfaction_rate\":{\"numerator\":1.0,\"denominator\":1,\"value\":1.0}"));
    CHECK(strstr(report, "\"overdue_count\":1") && strstr(report, "\"rank\":1"));
    jiesu_string_free(report);
    const char *by_town = "{\"period\": {\"from\": \"2026-03-01T00:00:00+08:00\", \"to\": \"2026-04-01T00:00:00+08:00\"}, \"group_by\": \"township\"}";
    OK(jiesu_assess(e, log, strlen(log), by_town, strlen(by_town), &report, &err), err);
    CHECK(strstr(report, "\"group_by\":\"township\"") && strstr(report, "{\"key\":\"jiangna\",\"name\":\"江那镇\""));
    jiesu_string_free(report);
    OK(jiesu_assess(e, "", 0, opts, strlen(opts), &report, &err), err);
    CHECK(strstr(report, "\"groups\":[]"));
    jiesu_string_free(report);

    report = SENTINEL_STR;
    const char *heavy = "{\"period\": {\"from\": \"2026-03-01T00:00:00+08:00\", \"to\": \"2026-04-01T00:00:00+08:00\"}, \"weights\": {\"response\": 2}}";
    FAILS2(jiesu_assess(e, log, strlen(log), heavy, strlen(heavy), &report, &err), err, JIESU_STATUS_VALIDATION_FAILED, "options_json: ", "weights.response: 2 is not in [0, 1]");
    const char *backwards = "{\"period\": {\"from\": \"2026-04-01T00:00:00+08:00\", \"to\": \"2026-03-01T00:00:00+08:00\"}}";
    FAILS(jiesu_assess(e, log, strlen(log), backwards, strlen(backwards), &report, &err), err, JIESU_STATUS_VALIDATION_FAILED, "period: end is not after start");
    const char *grouping = "{\"period\": {\"from\": \"2026-03-01T00:00:00+08:00\", \"to\": \"2026-04-01T00:00:00+08:00\"}, \"group_by\": \"street\"}";
    FAILS(jiesu_assess(e, log, strlen(log), grouping, strlen(grouping), &report, &err), err, JIESU_STATUS_INVALID_JSON, "unknown variant `street`");
    FAILS(jiesu_assess(e, log, strlen(log), opts, strlen(opts) - 1, &report, &err), err, JIESU_STATUS_INVALID_JSON, "options_json: assessment options JSON");
    FAILS(jiesu_assess(e, log, strlen(log), "{}", 2, &report, &err), err, JIESU_STATUS_INVALID_JSON, "missing field `period`");
    FAILS(jiesu_assess(e, log, strlen(log) - 2, opts, strlen(opts), &report, &err), err, JIESU_STATUS_INVALID_JSON, "jsonl: event log line");
    FAILS(jiesu_assess(e, "\xff", 1, opts, strlen(opts), &report, &err), err, JIESU_STATUS_INVALID_UTF8, "jsonl: invalid UTF-8");
    FAILS(jiesu_assess(e, log, strlen(log), "\xff", 1, &report, &err), err, JIESU_STATUS_INVALID_UTF8, "options_json: invalid UTF-8");
    FAILS(jiesu_assess(NULL, log, strlen(log), opts, strlen(opts), &report, &err), err, JIESU_STATUS_NULL_ARGUMENT, "engine is NULL");
    FAILS(jiesu_assess(e, NULL, 0, opts, strlen(opts), &report, &err), err, JIESU_STATUS_NULL_ARGUMENT, "jsonl is NULL");
    FAILS(jiesu_assess(e, log, strlen(log), NULL, 0, &report, &err), err, JIESU_STATUS_NULL_ARGUMENT, "options_json is NULL");
    FAILS(jiesu_assess(e, log, strlen(log), opts, strlen(opts), NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "report_json is NULL");
    FAILS(jiesu_assess(e, log, SIZE_MAX, opts, strlen(opts), &report, &err), err, JIESU_STATUS_LIMIT_EXCEEDED, "jsonl: length");
    CHECK(report == SENTINEL_STR);

    /* Bulletins. */
    char *md = SENTINEL_STR;
    OK(jiesu_bulletin(e, log, strlen(log), "monthly", T_03_01_0000, T_04_01_0000, JIESU_BULLETIN_FORMAT_MARKDOWN, &md, &err), err);
    CHECK(md != SENTINEL_STR && strncmp(md, "# 砚山县接诉即办工作月通报（2026年3月）\n", strlen("# 砚山县接诉即办工作月通报（2026年3月）\n")) == 0);
    CHECK(strstr(md, "共接收诉求 2 件，其中受理 2 件、不予受理 0 件") && strstr(md, "YS-A2") && !strstr(md, "13812345678") && !strstr(md, "138****5678"));
    CHECK(strstr(md, "统计时段：2026年3月1日至3月31日\n") && strstr(md, "## 三、县直部门考评排名"));
    jiesu_string_free(md);
    OK(jiesu_bulletin(e, log, strlen(log), "weekly", T_03_09_0000 - 7 * 86400, T_03_09_0000, JIESU_BULLETIN_FORMAT_MARKDOWN, &md, &err), err);
    CHECK(strstr(md, "# 砚山县接诉即办工作周通报（2026年3月2日至3月8日）") == md);
    jiesu_string_free(md);
    OK(jiesu_bulletin(e, log, strlen(log), "monthly", T_03_01_0000, T_04_01_0000, JIESU_BULLETIN_FORMAT_JSON, &md, &err), err);
    document("bulletin", md);
    CHECK(strncmp(md, "{\"kind\":\"monthly\",\"title\":\"砚山县接诉即办工作月通报（2026年3月）\"", strlen("{\"kind\":\"monthly\",\"title\":\"砚山县接诉即办工作月通报（2026年3月）\"")) == 0);
    CHECK(strstr(md, "\"totals\":{\"received\":2,\"accepted\":2,") && strstr(md, "\"headline\":{\"current\":") && !strstr(md, "requester") &&
          !strstr(md, "13812345678") && !strstr(md, "138****5678"));
    jiesu_string_free(md);
    OK(jiesu_bulletin(e, log, strlen(log), "monthly", T_03_01_0000, T_04_01_0000, JIESU_BULLETIN_FORMAT_HTML, &md, &err), err);
    CHECK(strncmp(md, "<!DOCTYPE html>", 15) == 0 && strstr(md, "<figure data-chart=\"daily\">") && strstr(md, "@page { size: A4;"));
    CHECK(!strstr(md, "http://") && !strstr(md, "https://") && !strstr(md, "138****5678") && !strstr(md, "13812345678"));
    jiesu_string_free(md);
    md = SENTINEL_STR;
    FAILS(jiesu_bulletin(e, log, strlen(log), "daily", T_03_01_0000, T_04_01_0000, JIESU_BULLETIN_FORMAT_JSON, &md, &err), err, JIESU_STATUS_INVALID_INPUT, "kind: \"daily\"");
    FAILS(jiesu_bulletin(e, log, strlen(log), "monthly", T_03_01_0000, T_04_01_0000, (jiesu_bulletin_format)3, &md, &err), err, JIESU_STATUS_INVALID_INPUT, "format: 3 is not a jiesu_bulletin_format");
    FAILS(jiesu_bulletin(e, log, strlen(log), "monthly", T_04_01_0000, T_03_01_0000, JIESU_BULLETIN_FORMAT_JSON, &md, &err), err, JIESU_STATUS_INVALID_INPUT, "is not after from");
    FAILS(jiesu_bulletin(e, log, strlen(log), "monthly", T_03_01_0000, INT64_MAX, JIESU_BULLETIN_FORMAT_JSON, &md, &err), err, JIESU_STATUS_INVALID_INPUT, "to: ");
    FAILS(jiesu_bulletin(e, log, strlen(log), "month\xffly", T_03_01_0000, T_04_01_0000, JIESU_BULLETIN_FORMAT_JSON, &md, &err), err, JIESU_STATUS_INVALID_UTF8, "kind: invalid UTF-8 at byte 5");
    FAILS(jiesu_bulletin(e, "{", 1, "monthly", T_03_01_0000, T_04_01_0000, JIESU_BULLETIN_FORMAT_JSON, &md, &err), err, JIESU_STATUS_INVALID_JSON, "jsonl: event log line 1");
    FAILS(jiesu_bulletin(NULL, log, strlen(log), "monthly", T_03_01_0000, T_04_01_0000, JIESU_BULLETIN_FORMAT_JSON, &md, &err), err, JIESU_STATUS_NULL_ARGUMENT, "engine is NULL");
    FAILS(jiesu_bulletin(e, NULL, 0, "monthly", T_03_01_0000, T_04_01_0000, JIESU_BULLETIN_FORMAT_JSON, &md, &err), err, JIESU_STATUS_NULL_ARGUMENT, "jsonl is NULL");
    FAILS(jiesu_bulletin(e, log, strlen(log), NULL, T_03_01_0000, T_04_01_0000, JIESU_BULLETIN_FORMAT_JSON, &md, &err), err, JIESU_STATUS_NULL_ARGUMENT, "kind is NULL");
    FAILS(jiesu_bulletin(e, log, strlen(log), "monthly", T_03_01_0000, T_04_01_0000, JIESU_BULLETIN_FORMAT_JSON, NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out is NULL");
    CHECK(md == SENTINEL_STR);
    free(log);
    free(la);
    free(lb);
    free(late);
}

/* Bad input to the ticket functions. */
static void test_bad_input(const jiesu_engine *e) {
    jiesu_error *err = NULL;
    char *hist = dispatched_ticket(e, "YS-B1", NULL, T_03_02_0900, T_03_02_0930);
    const size_t hl = strlen(hist);
    char *out = SENTINEL_STR;
    const char *reg = register_cmd("YS-B2", NULL);
    char *reg_copy = copy(reg);
    const size_t rl = strlen(reg_copy);

    /* NULL for each pointer. */
    FAILS(jiesu_ticket_handle(NULL, "[]", 2, CC, strlen(CC), reg_copy, rl, T_03_02_0900, &out, &err), err, JIESU_STATUS_NULL_ARGUMENT, "engine is NULL");
    FAILS(jiesu_ticket_handle(e, NULL, 0, CC, strlen(CC), reg_copy, rl, T_03_02_0900, &out, &err), err, JIESU_STATUS_NULL_ARGUMENT, "events_json is NULL");
    FAILS(jiesu_ticket_handle(e, "[]", 2, NULL, 0, reg_copy, rl, T_03_02_0900, &out, &err), err, JIESU_STATUS_NULL_ARGUMENT, "actor_json is NULL");
    FAILS(jiesu_ticket_handle(e, "[]", 2, CC, strlen(CC), NULL, 0, T_03_02_0900, &out, &err), err, JIESU_STATUS_NULL_ARGUMENT, "command_json is NULL");
    FAILS(jiesu_ticket_handle(e, "[]", 2, CC, strlen(CC), reg_copy, rl, T_03_02_0900, NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "new_events_json is NULL");
    /* err may be NULL: only the status. */
    CHECK(jiesu_ticket_handle(e, "[]", 2, CC, strlen(CC), CLOSE, strlen(CLOSE), T_03_02_0900, &out, NULL) == JIESU_STATUS_INVALID_TRANSITION);
    /* Invalid UTF-8 in each text. */
    FAILS(jiesu_ticket_handle(e, "[\xff]", 3, CC, strlen(CC), reg_copy, rl, T_03_02_0900, &out, &err), err, JIESU_STATUS_INVALID_UTF8, "events_json: invalid UTF-8 at byte 1");
    FAILS(jiesu_ticket_handle(e, "[]", 2, "{\"role\":\"\xc3\x28\"}", 13, reg_copy, rl, T_03_02_0900, &out, &err), err, JIESU_STATUS_INVALID_UTF8, "actor_json: invalid UTF-8 at byte 9");
    /* len shorter than the string: cut inside a UTF-8 sequence, then on a character boundary. */
    size_t cut_at = (size_t)(strstr(reg_copy, "来电人") - reg_copy) + 1;
    FAILS(jiesu_ticket_handle(e, "[]", 2, CC, strlen(CC), reg_copy, cut_at, T_03_02_0900, &out, &err), err, JIESU_STATUS_INVALID_UTF8, "command_json: invalid UTF-8");
    size_t reg_len = 0;
    char *reg_unterminated = unterminated(reg_copy, &reg_len);
    FAILS(jiesu_ticket_handle(e, "[]", 2, CC, strlen(CC), reg_unterminated, reg_len - 1, T_03_02_0900, &out, &err), err, JIESU_STATUS_INVALID_JSON, "command_json: invalid JSON: EOF");
    /* Exactly len bytes are read: no NUL terminator needed. */
    char *ok_events = NULL;
    OK(jiesu_ticket_handle(e, "[]", 2, CC, strlen(CC), reg_unterminated, reg_len, T_03_02_0900, &ok_events, &err), err);
    CHECK(ok_events && strstr(ok_events, "\"ticket_id\":\"YS-B2\""));
    jiesu_string_free(ok_events);
    free(reg_unterminated);
    size_t ev_len = 0;
    char *ev_unterminated = unterminated(hist, &ev_len);
    FAILS(jiesu_ticket_handle(e, ev_unterminated, ev_len - 1, LEAD, strlen(LEAD), ACK, strlen(ACK), T_03_02_1000, &out, &err), err, JIESU_STATUS_INVALID_JSON, "events_json: invalid JSON");
    OK(jiesu_ticket_handle(e, ev_unterminated, ev_len, LEAD, strlen(LEAD), ACK, strlen(ACK), T_03_02_1000, &ok_events, &err), err);
    jiesu_string_free(ok_events);
    free(ev_unterminated);
    /* Truncated and invalid JSON; unknown command types, fields and roles. */
    FAILS(jiesu_ticket_handle(e, hist, hl / 2, LEAD, strlen(LEAD), ACK, strlen(ACK), T_03_02_1000, &out, &err), err, JIESU_STATUS_INVALID_JSON, "events_json: invalid JSON");
    FAILS(jiesu_ticket_handle(e, "{}", 2, LEAD, strlen(LEAD), ACK, strlen(ACK), T_03_02_1000, &out, &err), err, JIESU_STATUS_INVALID_JSON, "events_json: events[0]: line 1: missing field `schema_version`");
    FAILS(jiesu_ticket_handle(e, "", 0, LEAD, strlen(LEAD), ACK, strlen(ACK), T_03_02_1000, &out, &err), err, JIESU_STATUS_INVALID_JSON, "events_json: empty text");
    const char *teleport = "{\"type\": \"teleport\"}";
    FAILS(jiesu_ticket_handle(e, hist, hl, CC, strlen(CC), teleport, strlen(teleport), T_03_02_1000, &out, &err), err, JIESU_STATUS_INVALID_JSON, "command_json: invalid JSON: unknown variant `teleport`");
    const char *untyped = "{\"note\": \"x\"}";
    FAILS(jiesu_ticket_handle(e, hist, hl, CC, strlen(CC), untyped, strlen(untyped), T_03_02_1000, &out, &err), err, JIESU_STATUS_INVALID_JSON, "missing field `type`");
    const char *extra = "{\"type\": \"acknowledge\", \"force\": true}";
    FAILS(jiesu_ticket_handle(e, hist, hl, LEAD, strlen(LEAD), extra, strlen(extra), T_03_02_1000, &out, &err), err, JIESU_STATUS_INVALID_JSON, "unknown field `force`");
    const char *mayor = "{\"role\": \"mayor\"}";
    FAILS(jiesu_ticket_handle(e, hist, hl, mayor, strlen(mayor), ACK, strlen(ACK), T_03_02_1000, &out, &err), err, JIESU_STATUS_INVALID_JSON, "actor_json: invalid JSON: unknown variant `mayor`");
    const char *team = "{\"role\": \"unit\", \"team\": 1}";
    FAILS(jiesu_ticket_handle(e, hist, hl, team, strlen(team), ACK, strlen(ACK), T_03_02_1000, &out, &err), err, JIESU_STATUS_INVALID_JSON, "unknown field `team`");
    /* An event that does not parse (an unknown field): invalid JSON. */
    char *odd = replace_first(hist, "\"seq\":1,", "\"seq\":1,\"colour\":1,");
    FAILS(jiesu_ticket_handle(e, odd, strlen(odd), LEAD, strlen(LEAD), ACK, strlen(ACK), T_03_02_1000, &out, &err), err, JIESU_STATUS_INVALID_JSON, "colour");
    free(odd);
    /* Instants out of range. */
    FAILS(jiesu_ticket_handle(e, hist, hl, LEAD, strlen(LEAD), ACK, strlen(ACK), INT64_MAX, &out, &err), err, JIESU_STATUS_INVALID_INPUT, "now: timestamp");
    /* Huge len. */
    FAILS(jiesu_ticket_handle(e, hist, SIZE_MAX, LEAD, strlen(LEAD), ACK, strlen(ACK), T_03_02_1000, &out, &err), err, JIESU_STATUS_LIMIT_EXCEEDED, "events_json: length");
    /* Fields the core checks. */
    const char *blank = "{\"type\": \"register\", \"id\": \"YS-B3\", \"appeal_type\": \"help\", \"content\": \"  \"}";
    FAILS2(jiesu_ticket_handle(e, "[]", 2, CC, strlen(CC), blank, strlen(blank), T_03_02_0900, &out, &err), err, JIESU_STATUS_INVALID_INPUT, "(field content)", "[R-SCOPE-1]");
    const char *nowhere = "{\"type\": \"register\", \"id\": \"YS-B3\", \"appeal_type\": \"help\", \"content\": \"求助\", \"location\": {\"township\": \"atlantis\"}}";
    FAILS(jiesu_ticket_handle(e, "[]", 2, CC, strlen(CC), nowhere, strlen(nowhere), T_03_02_0900, &out, &err), err, JIESU_STATUS_INVALID_INPUT, "(field location.township)");
    /* A text over 20 000 characters. */
    size_t big = 20001;
    char *long_cmd = malloc(big + 128);
    if (!long_cmd) abort();
    int head = snprintf(long_cmd, 128, "{\"type\": \"register\", \"id\": \"YS-B4\", \"appeal_type\": \"help\", \"content\": \"");
    memset(long_cmd + head, 'a', big);
    strcpy(long_cmd + head + big, "\"}");
    FAILS(jiesu_ticket_handle(e, "[]", 2, CC, strlen(CC), long_cmd, strlen(long_cmd), T_03_02_0900, &out, &err), err, JIESU_STATUS_LIMIT_EXCEEDED, "longer than 20000 characters");
    free(long_cmd);
    /* A dispatch whose deadlines need 2027 (strict coverage, R-SLA-7). */
    char *dec = copy("[]");
    OK(run(e, &dec, CC, register_cmd("YS-B5", NULL), T_12_28_0900, NULL, &err), err);
    FAILS2(jiesu_ticket_handle(e, dec, strlen(dec), CC, strlen(CC), DISPATCH, strlen(DISPATCH), T_12_28_0930, &out, &err), err, JIESU_STATUS_OUT_OF_COVERAGE, "2027", "[R-SLA-7]");
    const char *nope = "{\"type\": \"dispatch\", \"decision\": {\"category\": \"nope\"}}";
    FAILS2(jiesu_ticket_handle(e, dec, strlen(dec), CC, strlen(CC), nope, strlen(nope), T_12_28_0930, &out, &err), err, JIESU_STATUS_INVALID_INPUT, "field category", "[R-SCOPE-4]");
    free(dec);
    CHECK(out == SENTINEL_STR);

    /* jiesu_ticket_state. */
    FAILS(jiesu_ticket_state(NULL, hist, hl, T_03_02_1000, &out, &err), err, JIESU_STATUS_NULL_ARGUMENT, "engine is NULL");
    FAILS(jiesu_ticket_state(e, NULL, hl, T_03_02_1000, &out, &err), err, JIESU_STATUS_NULL_ARGUMENT, "events_json is NULL");
    FAILS(jiesu_ticket_state(e, hist, hl, T_03_02_1000, NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "state_json is NULL");
    FAILS(jiesu_ticket_state(e, hist, hl - 1, T_03_02_1000, &out, &err), err, JIESU_STATUS_INVALID_JSON, "events_json: invalid JSON");
    FAILS(jiesu_ticket_state(e, "\xe4\xb8", 2, T_03_02_1000, &out, &err), err, JIESU_STATUS_INVALID_UTF8, "events_json");
    FAILS(jiesu_ticket_state(e, hist, hl, INT64_MIN, &out, &err), err, JIESU_STATUS_INVALID_INPUT, "now: ");
    FAILS(jiesu_ticket_state(e, hist, SIZE_MAX, T_03_02_1000, &out, &err), err, JIESU_STATUS_LIMIT_EXCEEDED, "events_json: length");
    CHECK(out == SENTINEL_STR);
    /* jiesu_ticket_verify. */
    FAILS(jiesu_ticket_verify(NULL, 2, &out, &err), err, JIESU_STATUS_NULL_ARGUMENT, "events_json is NULL");
    FAILS(jiesu_ticket_verify(hist, hl, NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out_json is NULL");
    FAILS(jiesu_ticket_verify(hist, hl - 1, &out, &err), err, JIESU_STATUS_INVALID_JSON, "events_json: invalid JSON");
    FAILS(jiesu_ticket_verify("[1", 2, &out, &err), err, JIESU_STATUS_INVALID_JSON, "events_json: invalid JSON");
    FAILS(jiesu_ticket_verify("\xff", 1, &out, &err), err, JIESU_STATUS_INVALID_UTF8, "events_json: invalid UTF-8 at byte 0");
    CHECK(out == SENTINEL_STR);
    /* jiesu_ticket_archive. */
    FAILS(jiesu_ticket_archive(NULL, 2, &out, &err), err, JIESU_STATUS_NULL_ARGUMENT, "events_json is NULL");
    FAILS(jiesu_ticket_archive(hist, hl, NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "archive_json is NULL");
    FAILS(jiesu_ticket_archive(hist, hl - 1, &out, &err), err, JIESU_STATUS_INVALID_JSON, "events_json: invalid JSON");
    FAILS(jiesu_ticket_archive("\xff", 1, &out, &err), err, JIESU_STATUS_INVALID_UTF8, "events_json");
    FAILS(jiesu_ticket_archive("[]", 2, &out, &err), err, JIESU_STATUS_INVALID_TRANSITION, "archive_file is not allowed in status none");
    CHECK(out == SENTINEL_STR);

    jiesu_string_free(NULL);
    jiesu_error_free(NULL);
    free(reg_copy);
    free(hist);
}

/* A major matter reported up (R-SCOPE-5): by the lead unit's leader to the task force, which
 * takes it with an instruction; the clocks pause meanwhile and move by the working days
 * upstairs; what must wait (the report) waits; only the level holding it decides. */
static void test_major_matter(const jiesu_engine *e) {
    jiesu_error *err = NULL;
    char *last = NULL;
    char *hist = dispatched_ticket(e, "YS-C9", NULL, T_03_02_0900, T_03_02_0930);
    OK(run(e, &hist, LEAD, ACK, T_03_02_1000, NULL, &err), err);
    OK(run(e, &hist, LEAD, CONTACT, T_03_02_1100, NULL, &err), err);
    const char *leader = "{\"role\": \"unit_leader\", \"unit\": \"urban_management\"}";
    const char *task_force = "{\"role\": \"task_force\"}";
    const char *up = "{\"type\": \"report_up\", \"kind\": \"hot_difficult\", \"reason\": \"涉及多个乡镇，需县级统筹\"}";
    const char *take = "{\"type\": \"decide_major_matter\", \"take\": true, \"instruction\": \"专班牵头协调\"}";
    /* The unit itself may not; its leader may. */
    REFUSED(e, hist, LEAD, up, T_03_03_1000, JIESU_STATUS_PERMISSION_DENIED, "report_up", "R-SCOPE-5");
    OK(run(e, &hist, leader, up, T_03_03_1000, &last, &err), err);
    CHECK(last && strstr(last, "\"type\":\"reported_up\"") && strstr(last, "\"level\":\"task_force\"") &&
          strstr(last, "\"decide_by\":\"2026-03-07T00:00:00+08:00\""));
    free(last);
    char *st = state_at(e, hist, T_03_04_1000);
    CHECK(st && strstr(st, "\"major_matter\":{\"kind\":\"hot_difficult\"") && strstr(st, "\"standing\":\"pending\"") &&
          strstr(st, "\"major_matter_pending\":true") && strstr(st, "\"status\":\"paused\""));
    jiesu_string_free(st);
    /* The report waits for the level; the command center does not decide for it. */
    REFUSED(e, hist, LEAD, REPORT, T_03_04_1000, JIESU_STATUS_INVALID_TRANSITION, "waits for the task_force's decision", "R-SCOPE-5");
    REFUSED(e, hist, CC, take, T_03_04_1000, JIESU_STATUS_PERMISSION_DENIED, "holding the ticket's major matter", NULL);
    OK(run(e, &hist, task_force, take, T_03_05_1500, &last, &err), err);
    CHECK(last && strstr(last, "\"type\":\"major_matter_taken\"") && strstr(last, "\"instruction\":\"专班牵头协调\""));
    free(last);
    /* Two working days upstairs (03-03 → 03-05): completion due 03-10 → 03-12. */
    st = state_at(e, hist, T_03_06_0900);
    CHECK(st && strstr(st, "\"standing\":\"taken\"") && strstr(st, "\"major_matter_pending\":false") &&
          strstr(st, "{\"clock\":\"completion\",\"unit\":null,\"started_at\":\"2026-03-02T09:30:00+08:00\","
                     "\"due_at\":\"2026-03-12T00:00:00+08:00\""));
    jiesu_string_free(st);
    free(hist);
}

/* Sweeps (issue 19): only the tickets whose stored next_check_at has come are evaluated; the
 * histories of the others are not even read. */
static void test_escalation_sweep(const jiesu_engine *e) {
    jiesu_error *err = NULL;
    char *hist = dispatched_ticket(e, "YS-S1", NULL, T_03_02_0900, T_03_02_0930);
    size_t cap = 2 * strlen(hist) + 512;
    char *in = malloc(cap);
    CHECK(in != NULL);
    if (!in) return;
    /* Due (the response warning's instant, stored as Unix seconds); nothing scheduled (a
     * history that is not even JSON: never read); due tomorrow (RFC 3339). */
    snprintf(in, cap,
             "[{\"next_check_at\": 1772458200, \"events\": %s},"
             " {\"next_check_at\": null, \"events\": [{\"not\": \"an event\"}]},"
             " {\"next_check_at\": \"2026-03-13T00:00:00+08:00\", \"events\": %s}]",
             hist, hist);
    char *out = SENTINEL_STR;
    OK(jiesu_escalation_sweep(e, in, strlen(in), T_03_12_1000, &out, &err), err);
    CHECK(out != SENTINEL_STR && strstr(out, "{\"checked\":[{\"index\":0,\"ticket_id\":\"YS-S1\",\"alerts\":[{"));
    document("sweep", out);
    /* The same alerts as jiesu_escalation_evaluate at that instant, and its next_check_at. */
    CHECK(count(out, "\"rule\":") == 5 && strstr(out, "\"rule\":\"completion.supervision\""));
    CHECK(strstr(out, "\"next_check_at\":\"2026-03-13T00:00:00+08:00\",\"next_check_at_unix\":1773331200,\"skipped\":[]}]"));
    CHECK(strstr(out, "\"not_due\":2,\"next_sweep_at\":\"2026-03-13T00:00:00+08:00\",\"next_sweep_at_unix\":1773331200}"));
    jiesu_string_free(out);

    /* Before anything is due: nothing checked, the next sweep at the earliest stored instant. */
    OK(jiesu_escalation_sweep(e, in, strlen(in), T_03_02_1000, &out, &err), err);
    CHECK(strcmp(out, "{\"checked\":[],\"not_due\":3,\"next_sweep_at\":\"2026-03-02T21:30:00+08:00\","
                      "\"next_sweep_at_unix\":1772458200}") == 0);
    jiesu_string_free(out);

    /* JSON lines work too. */
    snprintf(in, cap, "{\"next_check_at\": 1772458200, \"events\": %s}\n\n{\"events\": []}\n", hist);
    OK(jiesu_escalation_sweep(e, in, strlen(in), T_03_12_1000, &out, &err), err);
    CHECK(strstr(out, "\"index\":0,\"ticket_id\":\"YS-S1\"") && strstr(out, "\"not_due\":1,"));
    jiesu_string_free(out);

    /* Refused, naming the entry: a due history that is not one, an instant out of range, not
     * JSON; nothing written. */
    out = SENTINEL_STR;
    const char *bad = "[{\"next_check_at\": 0, \"events\": [{\"not\": \"an event\"}]}]";
    FAILS(jiesu_escalation_sweep(e, bad, strlen(bad), T_03_12_1000, &out, &err), err, JIESU_STATUS_INVALID_JSON,
          "tickets_json[0].events");
    const char *far = "[{\"next_check_at\": 9223372036854775807, \"events\": []}]";
    FAILS(jiesu_escalation_sweep(e, far, strlen(far), T_03_12_1000, &out, &err), err, JIESU_STATUS_INVALID_INPUT,
          "tickets_json[0].next_check_at");
    FAILS(jiesu_escalation_sweep(e, "[{", 2, T_03_12_1000, &out, &err), err, JIESU_STATUS_INVALID_JSON, "tickets_json");
    FAILS(jiesu_escalation_sweep(e, NULL, 0, T_03_12_1000, &out, &err), err, JIESU_STATUS_NULL_ARGUMENT, "tickets_json");
    FAILS(jiesu_escalation_sweep(NULL, "[]", 2, T_03_12_1000, &out, &err), err, JIESU_STATUS_NULL_ARGUMENT, "engine");
    FAILS(jiesu_escalation_sweep(e, "[]", 2, T_03_12_1000, NULL, &err), err, JIESU_STATUS_NULL_ARGUMENT, "out_json");
    CHECK(out == SENTINEL_STR);
    free(in);
    free(hist);
}

/* ---------------------------------------------------------------------------------------------
 * Auditing an event log: the archived ticket and a dispatched one, as JSON lines. */

static void test_verify_log(const jiesu_engine *e, const char *archived) {
    jiesu_error *err = NULL;
    char *other = dispatched_ticket(e, "YS-L2", NULL, T_03_02_0900, T_03_02_0930);
    char *a = json_lines(archived), *b = json_lines(other);
    char *log = cat(a, b);
    char *out = NULL;
    OK(jiesu_engine_verify_log(e, log, strlen(log), &out, &err), err);
    document("log_verification", out);
    CHECK(out && strstr(out, "{\"tickets\":[{\"ticket_id\":\"YS-C1\",\"intact\":true,\"events\":9},"
                             "{\"ticket_id\":\"YS-L2\",\"intact\":true,\"events\":2}],\"intact\":2,\"not_intact\":0}"));
    jiesu_string_free(out);

    /* The first ticket's registration rewritten in the log: that ticket, its line. */
    char *bad = replace_first(log, "路灯不亮", "路灯很亮");
    CHECK(strcmp(bad, log) != 0);
    OK(jiesu_engine_verify_log(e, bad, strlen(bad), &out, &err), err);
    document("log_verification", out);
    CHECK(out && strstr(out, "{\"ticket_id\":\"YS-C1\",\"line\":\"line 1\",\"intact\":false,\"events\":9,"
                             "\"problem\":{\"index\":0,\"kind\":\"altered\""));
    CHECK(out && strstr(out, "\"intact\":1,\"not_intact\":1}"));
    jiesu_string_free(out);

    /* Refusals: nothing written. */
    out = SENTINEL_STR;
    FAILS(jiesu_engine_verify_log(NULL, log, strlen(log), &out, &err), err, JIESU_STATUS_NULL_ARGUMENT, "engine is NULL");
    FAILS(jiesu_engine_verify_log(e, "not json", 8, &out, &err), err, JIESU_STATUS_INVALID_JSON, "log_json");
    char *anonymous = replace_first(log, "\"ticket_id\":\"YS-L2\"", "\"ticket_id\":null");
    FAILS2(jiesu_engine_verify_log(e, anonymous, strlen(anonymous), &out, &err), err, JIESU_STATUS_INVALID_JSON,
           "(field log_json.line 10: ticket_id)", "[R-FLOW-5]");
    CHECK(out == SENTINEL_STR);
    free(anonymous);
    free(bad);
    free(log);
    free(a);
    free(b);
    free(other);
}

int main(void) {
    jiesu_error *err = NULL;
    jiesu_engine *engine = SENTINEL_ENGINE;
    OK(jiesu_engine_new_default(&engine, &err), err);
    if (engine == SENTINEL_ENGINE) return 1;
    documents_open();

    char *archived = test_lifecycle(engine);
    test_tamper(engine, archived);
    test_verify_log(engine, archived);
    test_escalation(engine);
    test_escalation_sweep(engine);
    test_assessment(engine, archived);
    test_bad_input(engine);
    test_forged(engine);
    test_major_matter(engine);
    test_keyed();
    test_contract_inputs(engine);
    free(archived);
    jiesu_engine_free(engine);

    /* Every status the ticket functions can return was returned at least once. */
    const jiesu_status reachable[] = {
        JIESU_STATUS_OK,           JIESU_STATUS_NULL_ARGUMENT,      JIESU_STATUS_INVALID_UTF8,
        JIESU_STATUS_INVALID_JSON, JIESU_STATUS_INVALID_INPUT,      JIESU_STATUS_OUT_OF_COVERAGE,
        JIESU_STATUS_PERMISSION_DENIED, JIESU_STATUS_INVALID_TRANSITION, JIESU_STATUS_VALIDATION_FAILED,
        JIESU_STATUS_LIMIT_EXCEEDED,
    };
    for (size_t i = 0; i < sizeof reachable / sizeof reachable[0]; i++) {
        if (!seen[reachable[i]]) fprintf(stderr, "status %d was never returned\n", (int)reachable[i]);
        CHECK(seen[reachable[i]]);
    }
    if (documents_out) fclose(documents_out);
    printf("test_ticket: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
