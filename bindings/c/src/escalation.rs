//! Escalation (`jiesu::escalation`, R-ESC-1 … R-ESC-4): the alerts due on a ticket at an
//! instant and when to look again (`jiesu_escalation_evaluate`), the events that record them
//! (`jiesu_escalation_record`), the group rules over an event log
//! (`jiesu_escalation_evaluate_group`), and sweeps over stored `next_check_at`s
//! (`jiesu_escalation_sweep`). jiesu never reads the wall clock: the platform calls
//! evaluate at `next_check_at` (and after each new event) on its own schedule.

use std::ffi::c_char;

use serde::{Deserialize, Serialize};

use jiesu::escalation::Alert;

use crate::engine::jiesu_engine;
use crate::ffi::{ffi_boundary, from_json, jiesu_error, jiesu_status, json_string, try_now, try_out, try_ref, try_str, FfiError};
use crate::ticket::replay;

/// The JSON of `jiesu_escalation_evaluate`: `jiesu::escalation::Evaluation` with every field
/// present and `next_check_at` also as Unix seconds.
#[derive(Serialize)]
struct EvaluationView<'a, I: Serialize> {
    alerts: &'a [Alert],
    next_check_at: Option<&'a I>,
    next_check_at_unix: Option<i64>,
    skipped: &'a [String],
}

/// `alerts_json` as an evaluation result object: only its `alerts` are read.
#[derive(Deserialize)]
struct AlertsOf {
    alerts: Vec<Alert>,
}

/// The alerts of `alerts_json`: a JSON array of alerts, or an object with an `alerts` array
/// (the result of `jiesu_escalation_evaluate` or `_evaluate_group` as it is).
fn parse_alerts(text: &str) -> Result<Vec<Alert>, FfiError> {
    if text.trim_start().starts_with('{') {
        Ok(from_json::<AlertsOf>(text, "alerts_json")?.alerts)
    } else {
        from_json(text, "alerts_json")
    }
}

/// Evaluates the engine's escalation rules (single-ticket rules: warnings, urging,
/// supervision, listed supervision, urgent dispatch, repeated returns, dissatisfied callbacks,
/// reopens, leader instructions) on one ticket at `now` (Unix seconds). `events_json` (`len`
/// bytes) is the ticket's stored history (a JSON array, or JSON lines).
///
/// On success `*out_json` receives:
///
/// ```json
/// {"alerts": [{"rule": "completion.urging", "level": "warning" | "urging" | "supervision" |
///              "listed_supervision", "target": "unit" | "command_center" |
///              "supervision_office" | "task_force" | "leading_group", "message": "工单 …",
///              "ticket_id", "clock"?, "unit"?, "instance"?, "due_since", "tickets"?}, …],
///  "next_check_at": "2026-03-13T00:00:00+08:00" | null,
///  "next_check_at_unix": 1773331200 | null,
///  "skipped": ["<rule id>", …]}
/// ```
///
/// `alerts` are those due at `now` and not yet recorded on the ticket, ordered by
/// (`due_since`, `rule`, `unit`); record them with `jiesu_escalation_record` (append its
/// events) so that they are never raised twice. `next_check_at` is the earliest future
/// instant at which a rule could fire: call this function again then, or after the next event
/// (`null`: nothing is scheduled). `skipped` lists rules whose instant needs a year the
/// calendar does not cover (R-SLA-7). Closed, declined, answered and archived tickets raise
/// nothing.
///
/// Ownership: `*out_json` is a new string; free it with `jiesu_string_free`.
/// Thread safety: safe from any thread, on a shared engine.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT`, `JIESU_STATUS_INVALID_UTF8`,
/// `JIESU_STATUS_INVALID_JSON`, `JIESU_STATUS_INVALID_INPUT` (a history that does not verify;
/// `now` out of range), `JIESU_STATUS_INVALID_TRANSITION`, `JIESU_STATUS_LIMIT_EXCEEDED`.
///
/// # Safety
/// `engine` is NULL or a live engine; `events_json` is NULL or `len` readable bytes;
/// `out_json` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_escalation_evaluate(
    engine: *const jiesu_engine,
    events_json: *const c_char,
    len: usize,
    now: i64,
    out_json: *mut *mut c_char,
    err: *mut *mut jiesu_error,
) -> jiesu_status {
    ffi_boundary!(err: err, {
        let engine = try_ref!(engine);
        let events_json = try_str!(events_json, len);
        let out_json = try_out!(out_json);
        let now = try_now!(engine.inner, now);
        let ticket = replay(&engine.inner, events_json, "events_json")?;
        let ev = engine.inner.evaluate(&ticket, now);
        let view = EvaluationView {
            alerts: &ev.alerts,
            next_check_at: ev.next_check_at.as_ref(),
            next_check_at_unix: ev.next_check_at.map(|t| t.timestamp()),
            skipped: &ev.skipped,
        };
        out_json.write(json_string(&view)?);
        Ok(())
    })
}

/// The events that record alerts on a ticket (`escalated` events, actor the command center
/// with user `escalation_rules`), so that evaluation never raises them again. Append them to
/// the ticket's history.
///
/// - `events_json` (`events_len` bytes): the ticket's stored history (a JSON array, or JSON lines).
/// - `alerts_json` (`alerts_len` bytes): the alerts to record: a JSON array of alerts (the
///   JSON of `jiesu::escalation::Alert`), or the result object of `jiesu_escalation_evaluate`
///   (or `_evaluate_group`) as it is (only its `alerts` are read). Every alert must be for
///   this ticket (`ticket_id`) and name a rule of the engine's rule set. An empty list gives
///   `[]`.
///
/// On success `*new_events_json` receives the JSON array of the new events (one per alert).
///
/// Ownership: `*new_events_json` is a new string; free it with `jiesu_string_free`.
/// Thread safety: safe from any thread, on a shared engine.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT`, `JIESU_STATUS_INVALID_UTF8`,
/// `JIESU_STATUS_INVALID_JSON`, `JIESU_STATUS_INVALID_INPUT` (an alert for another ticket,
/// `(field alerts[i].ticket_id)`; an unknown rule, `alerts_json[i].rule`; `now` out of range or
/// earlier than the last event; a history that does not verify),
/// `JIESU_STATUS_INVALID_TRANSITION` (the ticket is not open), `JIESU_STATUS_LIMIT_EXCEEDED`.
///
/// # Safety
/// `engine` is NULL or a live engine; `events_json` and `alerts_json` are NULL or point to
/// their lengths of readable bytes; `new_events_json` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_escalation_record(
    engine: *const jiesu_engine,
    events_json: *const c_char,
    events_len: usize,
    alerts_json: *const c_char,
    alerts_len: usize,
    now: i64,
    new_events_json: *mut *mut c_char,
    err: *mut *mut jiesu_error,
) -> jiesu_status {
    ffi_boundary!(err: err, {
        let engine = try_ref!(engine);
        let events_json = try_str!(events_json, events_len);
        let alerts_json = try_str!(alerts_json, alerts_len);
        let new_events_json = try_out!(new_events_json);
        let now = try_now!(engine.inner, now);
        let alerts = parse_alerts(alerts_json)?;
        let ticket = replay(&engine.inner, events_json, "events_json")?;
        let new = engine.inner.record_alerts(&ticket, &alerts, now).map_err(|e| FfiError::from(e).at(format_args!("alerts_json")))?;
        new_events_json.write(json_string(&new)?);
        Ok(())
    })
}

/// Evaluates the engine's group rules (repeated requests of one requester, many-people
/// requests) at `now` (Unix seconds) over an event log: `jsonl` (`len` bytes) holds one event
/// (the JSON of `jiesu::ticket::Event`) per line, one JSON array of events, or one ticket's
/// history array per line; tickets in any order, each ticket's events in sequence (blank lines
/// are skipped); every history is verified.
///
/// On success `*out_json` receives the JSON of `jiesu::escalation::GroupEvaluation`:
/// `{"alerts": [{"rule": "repeat.second", "level", "target", "message", "ticket_id",
/// "due_since", "tickets": ["<every ticket involved>"]}, …]}`, ordered by (`due_since`,
/// `rule`, `ticket_id`). Each alert is recorded on its `ticket_id`: pass the alerts of that
/// ticket to `jiesu_escalation_record` with its events.
///
/// Ownership: `*out_json` is a new string; free it with `jiesu_string_free`.
/// Thread safety: safe from any thread, on a shared engine.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT`, `JIESU_STATUS_INVALID_UTF8`,
/// `JIESU_STATUS_INVALID_JSON` (a line that is not an event: `event log line n: …`),
/// `JIESU_STATUS_INVALID_INPUT` (a history that does not verify, with its line; `now` out of
/// range), `JIESU_STATUS_INVALID_TRANSITION`, `JIESU_STATUS_LIMIT_EXCEEDED`.
///
/// # Safety
/// `engine` is NULL or a live engine; `jsonl` is NULL or `len` readable bytes; `out_json` and
/// `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_escalation_evaluate_group(
    engine: *const jiesu_engine,
    jsonl: *const c_char,
    len: usize,
    now: i64,
    out_json: *mut *mut c_char,
    err: *mut *mut jiesu_error,
) -> jiesu_status {
    ffi_boundary!(err: err, {
        let engine = try_ref!(engine);
        let jsonl = try_str!(jsonl, len);
        let out_json = try_out!(out_json);
        let now = try_now!(engine.inner, now);
        let tickets = crate::assessment::tickets_of(jsonl, &engine.inner)?;
        out_json.write(json_string(&engine.inner.evaluate_group(&tickets, now))?);
        Ok(())
    })
}

/// One ticket of `jiesu_escalation_sweep`: `jiesu::escalation::Checked` with
/// `next_check_at` also as Unix seconds.
#[derive(Serialize)]
struct CheckedView<'a, I: Serialize> {
    index: usize,
    ticket_id: &'a str,
    #[serde(flatten)]
    evaluation: EvaluationView<'a, I>,
}

/// The JSON of `jiesu_escalation_sweep`: `jiesu::escalation::Sweep` with `next_sweep_at`
/// also as Unix seconds.
#[derive(Serialize)]
struct SweepView<'a, I: Serialize> {
    checked: Vec<CheckedView<'a, I>>,
    not_due: usize,
    next_sweep_at: Option<&'a I>,
    next_sweep_at_unix: Option<i64>,
}

/// Sweeps many tickets at `now` (Unix seconds): evaluates the single-ticket rules only on the
/// tickets whose stored `next_check_at` has come (`next_check_at <= now`); the others are
/// counted, and their histories are not even replayed. Store each ticket's `next_check_at`
/// from `jiesu_escalation_evaluate` (after each of its events) and from each sweep that checks
/// it; call this every few minutes, or at `next_sweep_at`.
///
/// `tickets_json` (`len` bytes, at most the engine's `limits.max_log_bytes`) is a JSON array,
/// or JSON lines, of `{"next_check_at": <Unix seconds> | "<RFC 3339>" | null, "events":
/// [<the ticket's stored history>]}` (`null` or absent: nothing scheduled, never due).
///
/// On success `*out_json` receives:
///
/// ```json
/// {"checked": [{"index": 0, "ticket_id": "YS-1", "alerts": [<as jiesu_escalation_evaluate>],
///               "next_check_at": "…" | null, "next_check_at_unix": 1773331200 | null,
///               "skipped": []}, …],
///  "not_due": 999, "next_sweep_at": "…" | null, "next_sweep_at_unix": … | null}
/// ```
///
/// `checked` lists the due tickets in input order (`index` from 0): record their alerts with
/// `jiesu_escalation_record` and store their new `next_check_at`. `next_sweep_at` is the
/// earliest instant over all the tickets after this sweep: no sweep before it finds anything.
/// Group rules (repeated and many-people requests) change with new tickets, not with time:
/// run `jiesu_escalation_evaluate_group` when tickets are registered.
///
/// Ownership: `*out_json` is a new string; free it with `jiesu_string_free`.
/// Thread safety: safe from any thread, on a shared engine.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT`, `JIESU_STATUS_INVALID_UTF8`,
/// `JIESU_STATUS_INVALID_JSON` (`tickets_json: …`, `tickets_json[i].events: …`),
/// `JIESU_STATUS_INVALID_INPUT` (a due history that does not verify,
/// `tickets_json[i].events: …`; an instant out of range), `JIESU_STATUS_INVALID_TRANSITION`,
/// `JIESU_STATUS_LIMIT_EXCEEDED` (the text, or a history, over the engine's limits).
///
/// # Safety
/// `engine` is NULL or a live engine; `tickets_json` is NULL or `len` readable bytes;
/// `out_json` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_escalation_sweep(
    engine: *const jiesu_engine,
    tickets_json: *const c_char,
    len: usize,
    now: i64,
    out_json: *mut *mut c_char,
    err: *mut *mut jiesu_error,
) -> jiesu_status {
    ffi_boundary!(err: err, {
        let engine = try_ref!(engine);
        let tickets_json = try_str!(tickets_json, len);
        let out_json = try_out!(out_json);
        let now = try_now!(engine.inner, now);
        let s = jiesu::escalation::sweep_json(&engine.inner, tickets_json, now).map_err(FfiError::json)?;
        let checked = s
            .checked
            .iter()
            .map(|c| CheckedView {
                index: c.index,
                ticket_id: &c.ticket_id,
                evaluation: EvaluationView {
                    alerts: &c.evaluation.alerts,
                    next_check_at: c.evaluation.next_check_at.as_ref(),
                    next_check_at_unix: c.evaluation.next_check_at.map(|t| t.timestamp()),
                    skipped: &c.evaluation.skipped,
                },
            })
            .collect();
        let view = SweepView { checked, not_due: s.not_due, next_sweep_at: s.next_sweep_at.as_ref(), next_sweep_at_unix: s.next_sweep_at.map(|t| t.timestamp()) };
        out_json.write(json_string(&view)?);
        Ok(())
    })
}
