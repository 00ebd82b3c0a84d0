//! What crosses the boundary, read the same way everywhere (issue 15, items 4–7): a history as
//! a JSON array or JSON lines, plausible instants (milliseconds given as seconds named as
//! such), canonical instants (a history read back in UTC still verifies, older histories
//! too), and verification that reports rather than raises.

mod common;

use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use common::*;
use jiesu::engine::Engine;
use jiesu::ticket::{self, parse_history, verify, verify_text, Command, Event, Ticket};
use serde_json::Value;

/// A ticket dispatched, acknowledged and with an extension requested (instants in the body).
fn history() -> Vec<Event> {
    let c = normal_cat();
    let mut tk = dispatched("YS-C1", c, "2026-03-02T09:00:00+08:00", "2026-03-02T09:10:00+08:00");
    let lead = unit(&lead_of(c));
    run(&mut tk, &lead, &Command::Acknowledge {}, "2026-03-02T10:00:00+08:00");
    let ext: Command = serde_json::from_str(r#"{"type":"request_extension","reason":"需要采购灯具","requested_due_at":"2026-03-27T18:00:00+08:00"}"#).unwrap();
    run(&mut tk, &lead, &ext, "2026-03-03T10:00:00+08:00");
    tk.events().to_vec()
}

fn array(events: &[Event]) -> String {
    serde_json::to_string(events).unwrap()
}

fn lines(events: &[Event]) -> String {
    events.iter().map(|e| serde_json::to_string(e).unwrap() + "\n").collect()
}

/// Every RFC 3339 string of a JSON value rewritten as the same instant in UTC (`…Z`): what a
/// database column of type `timestamptz` read back in UTC gives.
fn in_utc(v: &mut Value) -> usize {
    match v {
        Value::String(s) => match DateTime::parse_from_rfc3339(s) {
            Ok(t) => {
                *s = t.with_timezone(&Utc).to_rfc3339_opts(SecondsFormat::AutoSi, true);
                1
            }
            Err(_) => 0,
        },
        Value::Array(a) => a.iter_mut().map(in_utc).sum(),
        Value::Object(o) => o.values_mut().map(in_utc).sum(),
        _ => 0,
    }
}

fn rewritten_in_utc(events: &[Event]) -> (String, usize) {
    let mut v = serde_json::to_value(events).unwrap();
    let n = in_utc(&mut v);
    (v.to_string(), n)
}

// ---------------------------------------------------------------------------------------------
// item 4: one history format everywhere

#[test]
fn a_history_reads_the_same_as_an_array_and_as_json_lines() {
    let events = history();
    assert_eq!(parse_history(&array(&events)).unwrap(), events);
    assert_eq!(parse_history(&lines(&events)).unwrap(), events);
    // Blank lines and a missing final newline change nothing; CRLF neither.
    let spaced = lines(&events).replace('\n', "\r\n\r\n");
    assert_eq!(parse_history(spaced.trim_end()).unwrap(), events);
    // A pretty-printed array too.
    assert_eq!(parse_history(&serde_json::to_string_pretty(&events).unwrap()).unwrap(), events);
    assert!(parse_history("").is_err(), "a lost history is not a new ticket");
    assert!(parse_history("[]").unwrap().is_empty());
}

#[test]
fn a_bad_event_is_named_by_its_index_in_both_forms_without_its_content() {
    let events = history();
    let mut v = serde_json::to_value(&events).unwrap();
    v[2].as_object_mut().unwrap().remove("hash");
    let bad: Vec<Value> = v.as_array().unwrap().clone();
    let as_array = parse_history(&Value::Array(bad.clone()).to_string()).unwrap_err();
    let as_lines = parse_history(&bad.iter().map(|e| e.to_string() + "\n").collect::<String>()).unwrap_err();
    let as_values = ticket::history_from_values(bad).unwrap_err();
    for e in [&as_array, &as_lines, &as_values] {
        assert!(e.is_parse(), "{e}");
        assert_eq!(e.field(), Some("events[2]"), "{e}");
        assert!(e.message().starts_with("events[2]: "), "{e}");
        assert!(e.message().contains("missing field `hash`"), "{e}");
        assert!(!e.to_string().contains(PHONE) && !e.to_string().contains(NAME), "{e}");
    }
    assert!(as_lines.message().starts_with("events[2]: line 3: "), "{as_lines}");
    // Neither form at all.
    assert!(parse_history("\"events\"").unwrap_err().message().contains("JSON array of events, or JSON lines"));
    assert!(parse_history("[{").unwrap_err().is_parse());
}

#[test]
fn an_event_log_may_be_one_array_or_one_history_array_a_line() {
    let a = history();
    let mut tk = registered("YS-C2", "2026-03-05T09:00:00+08:00");
    run(&mut tk, &cc(), &dispatch(normal_cat()), "2026-03-05T09:30:00+08:00");
    let b = tk.events().to_vec();
    let from_lines = jiesu::assessment::tickets_from_jsonl(&(lines(&a) + &lines(&b))).unwrap();
    let all: Vec<Event> = a.iter().chain(&b).cloned().collect();
    assert_eq!(jiesu::assessment::tickets_from_jsonl(&array(&all)).unwrap(), from_lines);
    // What a platform storing each history as jiesu_ticket_handle's arrays has: one per line.
    let per_line = format!("{}\n{}\n", array(&a), array(&b));
    assert_eq!(jiesu::assessment::tickets_from_jsonl(&per_line).unwrap(), from_lines);
    // An error inside a history line names the line and the index.
    let broken = per_line.replacen(r#""seq":2"#, r#""seq":7"#, 1);
    let e = jiesu::assessment::tickets_from_jsonl(&broken).unwrap_err();
    assert!(e.field().unwrap().starts_with("line 1[1]"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// item 5: plausible instants

const MS_2026: i64 = 1_772_413_200_000; // 2026-03-02T09:00:00+08:00 in milliseconds

#[test]
fn milliseconds_given_as_seconds_are_refused_and_named() {
    let now = jiesu::calendar::instant_from_unix(MS_2026).unwrap();
    let e = Ticket::new().handle(&*ENGINE, &cc(), &register("YS-MS"), now).unwrap_err();
    assert!(e.is_invalid_input(), "{e}");
    assert_eq!(e.field(), Some("now"));
    assert!(e.message().contains("milliseconds"), "{e}");
    assert!(e.message().contains("2026-03-02T09:00:00+08:00"), "{e}");
    assert!(e.message().contains("limits.earliest_instant") && e.message().contains("limits.latest_instant"), "{e}");
    assert!(ENGINE.check_instant("now", now).is_err());
}

#[test]
fn instants_outside_the_window_are_refused_in_now_commands_and_stored_events() {
    // `now` before 2000 or from 2100 on.
    for at in ["1999-12-31T23:59:59+08:00", "2100-01-01T00:00:00+08:00"] {
        let e = Ticket::new().handle(&*ENGINE, &cc(), &register("YS-W"), t(at)).unwrap_err();
        assert_eq!(e.field(), Some("now"), "{e}");
        assert!(!e.message().contains("milliseconds"), "{e}");
    }
    // A command's instant (an extension to 2150) names its field, and changes nothing.
    let c = normal_cat();
    let tk = dispatched("YS-W2", c, "2026-03-02T09:00:00+08:00", "2026-03-02T09:10:00+08:00");
    let ext: Command = serde_json::from_str(r#"{"type":"request_extension","reason":"r","requested_due_at":"2150-01-01T00:00:00+08:00"}"#).unwrap();
    let e = refuse(&tk, &unit(&lead_of(c)), &ext, "2026-03-03T10:00:00+08:00");
    assert_eq!(e.field(), Some("requested_due_at"), "{e}");
    // A stored event beyond the caps (2200) is refused on replay, naming the field.
    let mut events = history();
    let last = events.len() - 1;
    events[last].at = t("2301-01-01T00:00:00+08:00");
    events[last].hash = ticket::compute_hash(&events[last]).unwrap();
    let e = Ticket::replay(&events).unwrap_err();
    assert!(e.message().contains("at"), "{e}");
    assert!(e.message().contains("2301"), "{e}");
}

#[test]
fn the_window_is_configurable_and_checked() {
    let wide = Engine::from_json(r#"{"schema_version": 1, "limits": {"earliest_instant": "1990-01-01T00:00:00+08:00"}}"#).unwrap();
    assert!(Ticket::new().handle(&wide, &cc(), &register("YS-95"), t("1999-06-01T09:00:00+08:00")).is_ok());
    assert!(Ticket::new().handle(&*ENGINE, &cc(), &register("YS-95"), t("1999-06-01T09:00:00+08:00")).is_err());
    for bad in [
        r#"{"earliest_instant": "1969-12-31T00:00:00Z"}"#,
        r#"{"latest_instant": "2300-01-01T00:00:00Z"}"#,
        r#"{"earliest_instant": "2050-01-01T00:00:00Z", "latest_instant": "2040-01-01T00:00:00Z"}"#,
    ] {
        let e = Engine::from_json(&format!(r#"{{"schema_version": 1, "limits": {bad}}}"#)).unwrap_err();
        assert!(e.problems().iter().any(|p| p.path.starts_with("limits.") && p.path.ends_with("_instant")), "{e}");
    }
}

#[test]
fn a_number_where_an_instant_belongs_says_what_an_instant_is() {
    let e = jiesu::json::from_str::<Command>(r#"{"type":"request_extension","reason":"r","requested_due_at":1772413200000}"#).unwrap_err();
    assert!(e.is_parse());
    assert!(e.message().contains("RFC 3339"), "{e}");
    assert!(e.message().contains("milliseconds"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// item 6: canonical instants

#[test]
fn a_history_read_back_in_utc_still_verifies_and_replays_to_the_same_ticket() {
    let events = history();
    assert!(events.iter().all(|e| e.schema_version == ticket::EVENT_SCHEMA_VERSION));
    let (utc, n) = rewritten_in_utc(&events);
    assert!(n >= 8, "the history has instants in envelopes and bodies ({n})");
    assert!(utc.contains("Z\"") && !utc.contains("+08:00"));
    let back = parse_history(&utc).unwrap();
    assert_eq!(verify(&back), verify(&events));
    assert!(verify(&back).intact);
    assert_eq!(Ticket::replay(&back).unwrap(), Ticket::replay(&events).unwrap());
    // It continues like the original.
    let c = normal_cat();
    let next = ENGINE.handle(&back, &unit(&lead_of(c)), &contact(), t("2026-03-03T11:00:00+08:00")).unwrap();
    assert_eq!(next, ENGINE.handle(&events, &unit(&lead_of(c)), &contact(), t("2026-03-03T11:00:00+08:00")).unwrap());
    // Another instant is still an alteration.
    let moved = utc.replacen("T01:10:00Z", "T01:10:01Z", 1);
    assert_ne!(moved, utc);
    assert_eq!(verify_text(&moved).unwrap().problem.unwrap().kind, "altered");
}

/// A history written before instants were hashed as instants (schema version 1), committed.
fn v1() -> Vec<Event> {
    parse_history(include_str!("data/contract/v1.json")).unwrap()
}

#[test]
fn histories_of_schema_version_1_keep_verifying_replaying_and_continue_in_version_2() {
    let old = v1();
    assert!(old.iter().all(|e| e.schema_version == 1));
    assert!(verify(&old).intact);
    let tk = Ticket::replay(&old).unwrap();
    // Continued: the new events are of version 2, and the whole history verifies.
    let lead = tk.lead().unwrap().unit.clone();
    let next = ENGINE.handle(&old, &unit(&lead), &contact(), t("2026-03-03T11:00:00+08:00")).unwrap();
    assert_eq!(next[0].schema_version, 2);
    let all: Vec<Event> = old.iter().chain(&next).cloned().collect();
    assert!(verify(&all).intact);
    assert!(Ticket::replay(&all).is_ok());
    // Version 1 hashed the spelling: read back in UTC it no longer verifies (documented).
    let (utc, _) = rewritten_in_utc(&old);
    assert!(!verify_text(&utc).unwrap().intact);
    // A history never goes back from version 2 to 1.
    let mut back = history();
    let last = back.len() - 1;
    back[last].schema_version = 1;
    back[last].hash = ticket::compute_hash(&back[last]).unwrap();
    assert_eq!(verify(&back).problem.unwrap().kind, "schema_version");
    assert!(Ticket::replay(&back).is_err());
}

// ---------------------------------------------------------------------------------------------
// item 7: verify reports, never raises

#[test]
fn verify_reports_a_changed_extra_or_missing_field_at_its_index() {
    let events = history();
    let base = serde_json::to_value(&events).unwrap();
    type Change = fn(&mut Value);
    let cases: [(&str, Change); 4] = [
        ("extra field", |v| {
            v[1]["flag"] = Value::Bool(true);
        }),
        ("missing field", |v| {
            v[1].as_object_mut().unwrap().remove("prev_hash");
        }),
        ("changed type", |v| {
            v[1]["seq"] = Value::String("two".into());
        }),
        ("unknown event type", |v| {
            v[1]["type"] = Value::String("teleported".into());
        }),
    ];
    for (what, change) in cases {
        let mut v = base.clone();
        change(&mut v);
        for verification in [
            verify_text(&v.to_string()).unwrap(),
            verify_text(&v.as_array().unwrap().iter().map(|e| e.to_string() + "\n").collect::<String>()).unwrap(),
            ticket::verify_values(v.as_array().unwrap().clone()),
            ENGINE.verify_values(v.as_array().unwrap().clone()),
        ] {
            assert!(!verification.intact, "{what}");
            assert_eq!(verification.events, events.len(), "{what}");
            let p = verification.problem.unwrap();
            assert_eq!((p.index, p.kind.as_str()), (1, "altered"), "{what}: {}", p.message);
            assert!(p.message.contains("no longer reads as an event"), "{what}: {}", p.message);
        }
    }
    // Only text that is not JSON is an error.
    assert!(verify_text("[{\"seq\": 1},").is_err());
    assert!(verify_text("events").is_err());
    assert!(verify_text(&array(&events)).unwrap().intact);
}

#[test]
fn now_may_not_be_a_plausible_instant_spelt_in_another_offset_and_still_be_refused() {
    // The window compares instants: 2099-12-31T23:00:00-05:00 is 2100-01-01T12:00:00+08:00.
    let e = ENGINE.check_instant("now", t("2099-12-31T23:00:00-05:00")).unwrap_err();
    assert_eq!(e.field(), Some("now"));
    let ok: DateTime<FixedOffset> = t("2099-12-31T10:00:00-05:00");
    assert!(ENGINE.check_instant("now", ok).is_ok());
}

// ---------------------------------------------------------------------------------------------
// fixtures for the C and Python suites (tests/data/contract)

/// `tests/data/contract/<name>`: histories the C tests read (the C API cannot make them).
fn fixtures() -> Vec<(&'static str, String)> {
    let events = history();
    let mut grown = serde_json::to_value(&events).unwrap();
    grown[1]["flag"] = Value::Bool(true);
    vec![("history.jsonl", lines(&events)), ("history_utc.json", rewritten_in_utc(&events).0 + "\n"), ("history_grown.json", grown.to_string() + "\n")]
}

#[test]
fn contract_fixtures_are_up_to_date() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/contract");
    for (name, text) in fixtures() {
        let path = dir.join(name);
        if std::env::var_os("JIESU_UPDATE_CONTRACT").is_some() {
            std::fs::write(&path, &text).unwrap();
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(have == text, "{} is stale: JIESU_UPDATE_CONTRACT=1 cargo test -p jiesu --test contract_inputs", path.display());
    }
    // What the files are: a history as JSON lines, the same read back in UTC (intact), and
    // with an event that gained a field (not intact at index 1).
    assert!(verify_text(&std::fs::read_to_string(dir.join("history_utc.json")).unwrap()).unwrap().intact);
    let grown = verify_text(&std::fs::read_to_string(dir.join("history_grown.json")).unwrap()).unwrap();
    assert_eq!(grown.problem.unwrap().index, 1);
}

#[test]
fn a_report_missing_several_parts_names_them_all_in_one_error() {
    let c = normal_cat();
    let mut tk = dispatched("YS-R1", c, "2026-03-02T09:00:00+08:00", "2026-03-02T09:10:00+08:00");
    let lead = unit(&lead_of(c));
    run(&mut tk, &lead, &Command::Acknowledge {}, "2026-03-02T10:00:00+08:00");
    run(&mut tk, &lead, &contact(), "2026-03-02T11:00:00+08:00");
    let empty: Command = serde_json::from_str(r#"{"type":"submit_report","report":{"solved":true}}"#).unwrap();
    let e = refuse(&tk, &lead, &empty, "2026-03-05T15:00:00+08:00");
    assert!(e.is_invalid_input(), "{e}");
    assert_eq!(e.field(), Some("report.result"));
    assert!(e.message().contains("report.result, report.answered_at, report.evidence, report.approved_by are required"), "{e}");
    assert_eq!(e.rule(), Some("R-FLOW-2"));
}

#[test]
fn verify_archive_reports_an_archived_event_that_gained_a_field() {
    let events = history();
    let archive = serde_json::json!({
        "schema_version": 1, "ticket_id": "YS-C1", "event_count": events.len(),
        "final_hash": events.last().unwrap().hash, "events": events,
    });
    assert!(ticket::verify_archive_text(&archive.to_string()).unwrap().intact);
    let mut grown = archive.clone();
    grown["events"][2]["flag"] = Value::Bool(true);
    for v in [
        ticket::verify_archive_text(&grown.to_string()).unwrap(),
        ticket::verify_archive_value(grown.clone()).unwrap(),
        ENGINE.verify_archive_value(grown).unwrap(),
    ] {
        let p = v.problem.unwrap();
        assert_eq!((v.intact, p.index, p.kind.as_str()), (false, 2, "altered"));
    }
    // The archive's own fields must read as such; text that is not JSON is an error.
    assert!(ticket::verify_archive_text(&archive.to_string().replacen("\"event_count\"", "\"count\"", 1)).is_err());
    assert!(ticket::verify_archive_text("{").is_err());
}
