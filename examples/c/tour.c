#include <jiesu.h>
#include <stdio.h>
#include <string.h>

/* A new ticket: its stored history is the empty array; the command center registers it. */
int main(void) {
    const char *history = "[]";
    const char *actor = "{\"role\":\"command_center\"}";
    const char *cmd = "{\"type\":\"register\",\"id\":\"YS-1\",\"appeal_type\":\"complaint\","
                      "\"content\":\"江那镇××小区门口路灯坏了一个多月\","
                      "\"requester\":{\"name\":\"张三\",\"phone\":\"13812345678\"}}";
    int64_t now = 1772413200; /* 2026-03-02T09:00:00+08:00, Unix seconds */
    jiesu_engine *eng = NULL;
    jiesu_error *err = NULL;
    char *events = NULL, *state = NULL;
    jiesu_status s = jiesu_engine_new_default(&eng, &err);
    if (s == JIESU_STATUS_OK)   /* decide: the events to append, or an error and nothing */
        s = jiesu_ticket_handle(eng, history, strlen(history), actor, strlen(actor),
                                cmd, strlen(cmd), now, &events, &err);
    if (s == JIESU_STATUS_OK)   /* append `events` to the stored history, then read its state */
        s = jiesu_ticket_state(eng, events, strlen(events), now, &state, &err);
    if (s == JIESU_STATUS_OK)
        printf("%s\n", state);  /* status, clocks, requester masked (R-PRIV-1) */
    else                        /* status number and message: field, rule, never a value */
        fprintf(stderr, "jiesu: status %d: %s\n", (int)jiesu_error_code(err), jiesu_error_message(err));
    jiesu_error_free(err);      /* each _free(NULL) does nothing */
    jiesu_string_free(state);
    jiesu_string_free(events);
    jiesu_engine_free(eng);
    return s == JIESU_STATUS_OK ? 0 : 1;
}
