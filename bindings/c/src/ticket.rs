//! The ticket lifecycle over the event history the platform stores (`jiesu::ticket`): decide a
//! command (`jiesu_ticket_handle`), the state at an instant (`jiesu_ticket_state`), the hash
//! chain (`jiesu_ticket_verify`), the archived file (`jiesu_ticket_archive`,
//! `jiesu_archive_verify`).
//!
//! The calls are stateless: the platform keeps each ticket's events (a JSON array, in order)
//! in its own database, passes them in, and appends the events a successful call returns.
//! jiesu replays them (verifying the chain) on every call; nothing is kept between calls.

use std::ffi::c_char;

use jiesu::engine::Engine;
use jiesu::ticket::{Actor, Command, Event, Ticket};

use crate::engine::jiesu_engine;
use crate::ffi::{ffi_boundary, from_json, jiesu_error, jiesu_status, json_string, try_now, try_out, try_ref, try_str, FfiError};

/// The events of a history argument, a JSON array or JSON lines (`name` names it in errors,
/// before the core's `events[i]`).
pub(crate) fn parse_events(text: &str, name: &str) -> Result<Vec<Event>, FfiError> {
    jiesu::ticket::parse_history(text).map_err(|e| FfiError::json(e.at(name)))
}

/// The ticket rebuilt from a JSON array of its events, verifying sequence and hash chain
/// (errors are prefixed with the argument's name).
/// The ticket of the history in argument `name`, replayed by the engine (chain, lifecycle
/// table, guards, the engine's `limits.max_events`); errors say `name: events[i]: …`.
pub(crate) fn replay(engine: &Engine, text: &str, name: &str) -> Result<Ticket, FfiError> {
    let events = parse_events(text, name)?;
    engine.replay_owned(events).map_err(|e| FfiError::from(e).at(format_args!("{name}")))
}

/// Decides a command on a ticket: replays the ticket's stored events, checks the actor's role
/// and unit, the status, the command's fields and time limits at `now` (Unix seconds), and
/// returns the NEW events to append to the history — or an error and nothing. Nothing is
/// stored by jiesu: the platform appends the returned events (in order, after the ones it
/// passed) to its own copy of the history.
///
/// - `events_json` (`events_len` bytes): the ticket's events so far, in order, exactly as
///   returned by earlier calls, as a JSON array or as JSON lines (one event per line); `[]`
///   for a new ticket (only `register` applies; empty text is refused). The hash chain is verified (R-FLOW-5).
/// - `actor_json` (`actor_len` bytes): the JSON of `jiesu::ticket::Actor`:
///   `{"role": "command_center" | "unit" | "unit_leader" | "supervision_office" |
///   "task_force" | "leading_group", "unit": "<unit id>" (unit roles), "user": "…"
///   (optional, recorded)}`.
/// - `command_json` (`command_len` bytes): the JSON of `jiesu::ticket::Command`, tagged by
///   `type`: `{"type": "register", "id": "YS-1", "appeal_type": "complaint", "content": "…",
///   "requester": {"name", "phone"}, "location": {"township"}}`, `{"type": "dispatch",
///   "decision": {"category": "040201"}}`, `{"type": "acknowledge"}`, `{"type":
///   "contact_requester", "note": "…"}`, `{"type": "submit_report", "report": {"result",
///   "answered_at", "evidence": [..], "approved_by", "solved"}}`, `{"type": "review_report",
///   "accept": true}`, `{"type": "record_callback", "outcome": "satisfied", "solved": true}`,
///   `{"type": "close"}`, `{"type": "archive"}`, `request_return`, `decide_return`,
///   `reassign`, `request_extension`, `decide_extension`, `suspend`, `resume`,
///   `judge_dissatisfaction`, `urge`, `supervise`, `convene_consultation`, `instruct`,
///   `link_duplicate`, `{"type": "report_up", "kind": "major" | "hot_difficult", "reason":
///   "…"}` (the lead unit's `unit_leader` or the command center, to the task force; the task
///   force holding it, on to the leading group: R-SCOPE-5), `{"type": "decide_major_matter",
///   "take": true, "instruction": "…", "units"?: [..], "due_at"?: "…"}` or `{"type":
///   "decide_major_matter", "take": false, "explanation": "…"}` (the level holding it) —
///   every command's fields, who may issue it in which status and the events it produces,
///   with executed examples: `docs/JSON.md` (JSON Schema: `schema/command.schema.json`).
///
/// On success `*new_events_json` receives the JSON array of the new events (each the JSON of
/// `jiesu::ticket::Event`: `{"schema_version": 1, "ticket_id", "seq", "at", "actor", "type",
/// …body fields…, "prev_hash", "hash"}`, and `"tag": {"alg", "key_id", "mac"}` when the
/// engine holds a chain key: `jiesu_engine_with_chain_key`); it holds at least one event.
///
/// Ownership: `*new_events_json` is a new string; free it with `jiesu_string_free`.
/// Thread safety: safe from any thread, on a shared engine.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT`, `JIESU_STATUS_INVALID_UTF8`,
/// `JIESU_STATUS_INVALID_JSON` (syntax, truncation, an unknown command `type`, an unknown
/// field, a wrong type, a key given twice: the message names the argument and never quotes a
/// value), `JIESU_STATUS_PERMISSION_DENIED`
/// (the actor's role or unit may not issue the command: `[R-ORG-1]`, `[R-ORG-2]`, …),
/// `JIESU_STATUS_INVALID_TRANSITION` (not allowed in the ticket's status, a late return
/// request `[R-SLA-2]`, a close before the callback `[R-FLOW-4]`, …),
/// `JIESU_STATUS_INVALID_INPUT` (a missing or unusable command field, named with `(field
/// …)`; `now` out of range or earlier than the last event; a history that does not verify,
/// prefixed `events_json: … [R-FLOW-5]`), `JIESU_STATUS_OUT_OF_COVERAGE` (a deadline in a year
/// the calendar does not cover, `[R-SLA-7]`), `JIESU_STATUS_VALIDATION_FAILED` (a
/// classification whose SLA input breaks R-SLA-3), `JIESU_STATUS_LIMIT_EXCEEDED` (a text over
/// 20 000 characters, more than 10 000 events, 32 assignments or 100 evidence items).
///
/// # Safety
/// `engine` is NULL or a live engine; `events_json`, `actor_json` and `command_json` are NULL
/// or point to their lengths of readable bytes; `new_events_json` and `err` are NULL or
/// writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_ticket_handle(
    engine: *const jiesu_engine,
    events_json: *const c_char,
    events_len: usize,
    actor_json: *const c_char,
    actor_len: usize,
    command_json: *const c_char,
    command_len: usize,
    now: i64,
    new_events_json: *mut *mut c_char,
    err: *mut *mut jiesu_error,
) -> jiesu_status {
    ffi_boundary!(err: err, {
        let engine = try_ref!(engine);
        let events_json = try_str!(events_json, events_len);
        let actor_json = try_str!(actor_json, actor_len);
        let command_json = try_str!(command_json, command_len);
        let new_events_json = try_out!(new_events_json);
        let now = try_now!(engine.inner, now);
        let actor: Actor = from_json(actor_json, "actor_json")?;
        let command: Command = from_json(command_json, "command_json")?;
        let ticket = replay(&engine.inner, events_json, "events_json")?;
        let events = ticket.handle(&engine.inner, &actor, &command, now)?;
        new_events_json.write(json_string(&events)?);
        Ok(())
    })
}

/// The state of a ticket at `now` (Unix seconds), from its events (`events_json`, `len`
/// bytes, the stored history as a JSON array or JSON lines; `[]` gives the empty state). Every clock is
/// the one its events recorded (a later policy never rewrites them); the engine's guide only
/// names the units.
///
/// On success `*state_json` receives a JSON object (requester data masked, R-PRIV-1; instants
/// are RFC 3339 strings in China Standard Time, `null` when absent):
///
/// ```json
/// {"schema_version": 1, "id": "YS-1" | null, "status": "in_progress" | null,
///  "summary": {"id", "status", "category", "lead", "township",
///              "requester": {"name": "张**", "phone": "138****5678", "requester_key"?},
///              "completion_due_at", "completion": "running" | … | null, "outcome"},
///  "classification": {…jiesu_guide_classify's result…} | null,
///  "registered_at", "dispatched_at", "closed_at", "suspended_at",
///  "assignments": [{"unit", "name": "<unit name>" | null,
///                   "role": "lead" | "responsible" | "cooperating", "assigned_at",
///                   "acknowledged_at", "contacted_at", "contributed": bool}],
///  "clocks": [{"clock": "completion" | "first_feedback" | "response" | "return_window",
///              "unit": "<unit>" | null, "started_at", "due_at", "warn_at", "met_at",
///              "paused_at", "provisional": bool,
///              "status": "running" | "paused" | "met" | "met_late" | "breached"
///                        | "unused" (a return window that closed without a request),
///              "due_at_unix": int, "warn_at_unix": int}],
///  "pending_return": {…} | null, "pending_extension": {…} | null,
///  "major_matter": {"kind": "major" | "hot_difficult", "reason", "raised_by",
///                   "raised_by_unit"?, "raised_at", "level": "task_force" | "leading_group",
///                   "reported_at", "decide_by", "standing": "pending" | "taken" | "sent_back",
///                   "paused_since"?, "decided_at"?, "decision"?} | null,
///  "callbacks": [{"at", "outcome", "solved"}], "escalations": [{"rule", "level", "at", …}],
///  "duplicates": ["<ticket id>"],
///  "counters": {"return_requests", "returns_approved", "extension_requests",
///               "extensions_approved", "reworks", "reopens", "dissatisfied_callbacks",
///               "urged", "supervised", "consultations", "instructions", "reassignments"},
///  "flags": {"terminal", "suspended", "return_pending", "extension_pending",
///            "major_matter_pending", "supervised", "instructed"},
///  "event_count": int, "last_hash": "<hex>" | null}
/// ```
///
/// `clocks` lists the completion clock, the first-feedback clock (urgent tickets), then each
/// assignment's response clock and return window; `due_at` is exclusive (acting at it is
/// late).
///
/// Ownership: `*state_json` is a new string; free it with `jiesu_string_free`.
/// Thread safety: safe from any thread, on a shared engine.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT`, `JIESU_STATUS_INVALID_UTF8`,
/// `JIESU_STATUS_INVALID_JSON` (`events_json`), `JIESU_STATUS_INVALID_INPUT` (a history that
/// does not verify, `events_json: … [R-FLOW-5]`; `now` out of range),
/// `JIESU_STATUS_INVALID_TRANSITION` (an event that may not follow the previous ones),
/// `JIESU_STATUS_LIMIT_EXCEEDED` (more than 10 000 events).
///
/// # Safety
/// `engine` is NULL or a live engine; `events_json` is NULL or `len` readable bytes;
/// `state_json` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_ticket_state(
    engine: *const jiesu_engine,
    events_json: *const c_char,
    len: usize,
    now: i64,
    state_json: *mut *mut c_char,
    err: *mut *mut jiesu_error,
) -> jiesu_status {
    ffi_boundary!(err: err, {
        let engine = try_ref!(engine);
        let events_json = try_str!(events_json, len);
        let out = try_out!(state_json);
        let now = try_now!(engine.inner, now);
        let ticket = replay(&engine.inner, events_json, "events_json")?;
        out.write(json_string(&engine.inner.state(&ticket, now))?);
        Ok(())
    })
}

/// Verifies a stored history (`events_json`, `len` bytes, a JSON array of events or JSON
/// lines, one event per line): schema
/// versions, one ticket, sequence 1…n without gaps, each `prev_hash` the previous event's
/// `hash`, each `hash` the canonical SHA-256 of its event (R-FLOW-5). No engine is needed.
/// This hash is public: to detect deliberate rewriting, verify with a keyed engine
/// (`jiesu_engine_verify`; README, "Threat model").
///
/// On success `*out_json` receives the JSON of `jiesu::ticket::Verification`: `{"intact":
/// true, "events": n}`, or `{"intact": false, "events": n, "problem": {"index": i (0-based),
/// "kind": "altered" | "reordered_or_missing" | "chain_broken" | "mixed_tickets" |
/// "schema_version", "message": "…"}}`. A history that is not intact is a successful call
/// (`JIESU_STATUS_OK`): read `intact`. A stored event that gained, lost or changed a field
/// so that it no longer reads as an event is reported the same way (kind `"altered"`, the
/// parser's reason in the message), not as an error.
///
/// Ownership: `*out_json` is a new string; free it with `jiesu_string_free`.
/// Thread safety: safe from any thread.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT`, `JIESU_STATUS_INVALID_UTF8`,
/// `JIESU_STATUS_INVALID_JSON` (text that is not JSON, or neither an array nor JSON lines).
///
/// # Safety
/// `events_json` is NULL or `len` readable bytes; `out_json` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_ticket_verify(events_json: *const c_char, len: usize, out_json: *mut *mut c_char, err: *mut *mut jiesu_error) -> jiesu_status {
    ffi_boundary!(err: err, {
        let events_json = try_str!(events_json, len);
        let out_json = try_out!(out_json);
        let verification = jiesu::ticket::verify_text(events_json).map_err(|e| FfiError::json(e.at("events_json")))?;
        out_json.write(json_string(&verification)?);
        Ok(())
    })
}

/// The archived file (一人一诉一档, R-FLOW-5) of an archived ticket, from its events
/// (`events_json`, `len` bytes). No engine is needed.
///
/// On success `*archive_json` receives the JSON of `jiesu::ticket::ArchiveFile`:
/// `{"schema_version": 1, "ticket_id", "event_count", "final_hash", "events": [..]}`. It holds
/// the events as stored (requester data included): keep it with the same care as the
/// history. `jiesu_archive_verify` checks it later.
///
/// Ownership: `*archive_json` is a new string; free it with `jiesu_string_free`.
/// Thread safety: safe from any thread.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT`, `JIESU_STATUS_INVALID_UTF8`,
/// `JIESU_STATUS_INVALID_JSON`, `JIESU_STATUS_INVALID_INPUT` (a history that does not
/// verify), `JIESU_STATUS_INVALID_TRANSITION` (the ticket is not archived),
/// `JIESU_STATUS_LIMIT_EXCEEDED`.
///
/// # Safety
/// `events_json` is NULL or `len` readable bytes; `archive_json` and `err` are NULL or
/// writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_ticket_archive(
    events_json: *const c_char,
    len: usize,
    archive_json: *mut *mut c_char,
    err: *mut *mut jiesu_error,
) -> jiesu_status {
    ffi_boundary!(err: err, {
        let events_json = try_str!(events_json, len);
        let archive_json = try_out!(archive_json);
        let events = parse_events(events_json, "events_json")?;
        let ticket = Ticket::replay_owned(events).map_err(|e| FfiError::from(e).at(format_args!("events_json")))?;
        archive_json.write(json_string(&ticket.archive_file()?)?);
        Ok(())
    })
}

/// Verifies an archived file (`archive_json`, `len` bytes, the JSON of
/// `jiesu::ticket::ArchiveFile` from `jiesu_ticket_archive`): the hash chain of its events,
/// and that they end at the recorded `final_hash` with the recorded `event_count` (a
/// truncated file is detected).
///
/// On success `*out_json` receives the JSON of `jiesu::ticket::Verification` as for
/// `jiesu_ticket_verify`, with the extra problem kind `"truncated"`. A file that is not
/// intact is a successful call: read `intact`.
///
/// Ownership: `*out_json` is a new string; free it with `jiesu_string_free`.
/// Thread safety: safe from any thread.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT`, `JIESU_STATUS_INVALID_UTF8`,
/// `JIESU_STATUS_INVALID_JSON` (not an archive file).
///
/// # Safety
/// `archive_json` is NULL or `len` readable bytes; `out_json` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_archive_verify(archive_json: *const c_char, len: usize, out_json: *mut *mut c_char, err: *mut *mut jiesu_error) -> jiesu_status {
    ffi_boundary!(err: err, {
        let archive_json = try_str!(archive_json, len);
        let out_json = try_out!(out_json);
        let v = jiesu::ticket::verify_archive_text(archive_json).map_err(|e| FfiError::json(e.located("invalid JSON").at("archive_json")))?;
        out_json.write(json_string(&v)?);
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::jiesu_engine_new_default;
    use std::ffi::CStr;
    use std::ptr::null_mut;

    const CC: &str = r#"{"role":"command_center"}"#;

    /// Handles `cmd` on `history`: the new events, or the status and message (and `out` untouched).
    fn handle(e: *const jiesu_engine, history: &str, actor: &str, cmd: &str, now: i64) -> Result<String, (jiesu_status, String)> {
        let sentinel = 0x5a5a_usize as *mut c_char;
        let mut out = sentinel;
        let mut err: *mut jiesu_error = null_mut();
        let s = unsafe {
            jiesu_ticket_handle(
                e,
                history.as_ptr().cast(),
                history.len(),
                actor.as_ptr().cast(),
                actor.len(),
                cmd.as_ptr().cast(),
                cmd.len(),
                now,
                &mut out,
                &mut err,
            )
        };
        unsafe {
            if s == jiesu_status::Ok {
                let v = CStr::from_ptr(out).to_str().unwrap().to_string();
                crate::jiesu_string_free(out);
                Ok(v)
            } else {
                assert_eq!(out, sentinel, "out written on failure");
                let m = CStr::from_ptr(crate::jiesu_error_message(err)).to_str().unwrap().to_string();
                crate::jiesu_error_free(err);
                Err((s, m))
            }
        }
    }

    fn append(history: &str, new: &str) -> String {
        let mut all: Vec<serde_json::Value> = serde_json::from_str(history).unwrap();
        all.extend(serde_json::from_str::<Vec<serde_json::Value>>(new).unwrap());
        serde_json::to_string(&all).unwrap()
    }

    #[test]
    fn handle_then_state_masks_the_requester() {
        let mut e: *mut jiesu_engine = null_mut();
        unsafe { assert_eq!(jiesu_engine_new_default(&mut e, null_mut()), jiesu_status::Ok) };
        let reg = r#"{"type":"register","id":"YS-1","appeal_type":"complaint","content":"路灯不亮","requester":{"name":"张三丰","phone":"13812345678"}}"#;
        // 2026-03-02T09:00:00+08:00, then the dispatch half an hour later.
        let h = append("[]", &handle(e, "[]", CC, reg, 1_772_413_200).unwrap());
        let dispatch = r#"{"type":"dispatch","decision":{"category":"040201"}}"#;
        let h = append(&h, &handle(e, &h, CC, dispatch, 1_772_415_000).unwrap());
        let (s, m) = handle(e, &h, r#"{"role":"unit","unit":"water"}"#, r#"{"type":"acknowledge"}"#, 1_772_416_800).unwrap_err();
        assert_eq!(s, jiesu_status::PermissionDenied, "{m}");
        let (s, m) = handle(e, &h, CC, r#"{"type":"beam_up"}"#, 1_772_416_800).unwrap_err();
        assert_eq!(s, jiesu_status::InvalidJson);
        assert!(m.starts_with("command_json: invalid JSON: unknown variant `beam_up`"), "{m}");

        let mut out: *mut c_char = null_mut();
        let status = unsafe { jiesu_ticket_state(e, h.as_ptr().cast(), h.len(), 1_772_416_800, &mut out, null_mut()) };
        assert_eq!(status, jiesu_status::Ok);
        let state = unsafe { CStr::from_ptr(out) }.to_str().unwrap().to_string();
        unsafe { crate::jiesu_string_free(out) };
        assert!(!state.contains("13812345678") && !state.contains("张三丰"), "{state}");
        let v: serde_json::Value = serde_json::from_str(&state).unwrap();
        assert_eq!(v["summary"]["requester"]["phone"], "138****5678");
        assert_eq!(v["status"], "dispatched");
        assert_eq!(v["event_count"], 2);
        let completion = &v["clocks"][0];
        assert_eq!(completion["clock"], "completion");
        assert_eq!(completion["due_at"], "2026-03-10T00:00:00+08:00");
        assert_eq!(completion["due_at_unix"], 1_773_072_000);
        assert_eq!(completion["status"], "running");
        unsafe { crate::engine::jiesu_engine_free(e) };
    }

    #[test]
    fn bulletin_format_numbers_are_stable() {
        use crate::assessment::jiesu_bulletin_format as F;
        assert_eq!(F::Json as i32, 0);
        assert_eq!(F::Markdown as i32, 1);
        assert_eq!(F::Html as i32, 2);
    }
}
