//! The platform's event log read as tickets (a JSON array of events, JSON lines, or one
//! history a line), under `limits.max_log_bytes`; and the refusal of a ticket given twice.

use super::*;

/// Rebuilds tickets from an event log — JSON lines (one event per line) or one JSON array of
/// events, tickets in any order, each ticket's events in sequence — verifying every history
/// (R-FLOW-5): the input of an assessment over the events a platform stored. Errors name the
/// item: `line 7` in JSON lines, `events[3]` in an array.
///
/// # Example
/// ```
/// use jiesu::assessment::tickets_from_jsonl;
/// # use jiesu::{engine::Engine, ticket::{Actor, Command, Ticket}};
/// # // A street-light ticket of jiangna, handled by urban management on 2026-03-`day` and
/// # // called back with `outcome`.
/// # fn handled(id: &str, day: u32, outcome: &str) -> Ticket {
/// #     let (engine, center, unit) = (Engine::default_engine(), Actor::command_center(), Actor::unit("urban_management"));
/// #     let at = |h: u32| chrono::DateTime::parse_from_rfc3339(&format!("2026-03-{day:02}T{h:02}:00:00+08:00")).unwrap();
/// #     let mut t = Ticket::new();
/// #     for (h, (actor, json)) in (9..).zip([
/// #         (&center, format!(r#"{{"type":"register","id":"{id}","appeal_type":"complaint","content":"路灯不亮","location":{{"township":"jiangna"}}}}"#)),
/// #         (&center, r#"{"type":"dispatch","decision":{"category":"040201","appeal_type":"complaint"}}"#.into()),
/// #         (&unit, r#"{"type":"acknowledge"}"#.into()),
/// #         (&unit, r#"{"type":"contact_requester"}"#.into()),
/// #         (&unit, format!(r#"{{"type":"submit_report","report":{{"result":"已修复","answered_at":"{}","evidence":["p.jpg"],"approved_by":"王局长","solved":true}}}}"#, at(12).to_rfc3339())),
/// #         (&center, r#"{"type":"review_report","accept":true}"#.into()),
/// #         (&center, format!(r#"{{"type":"record_callback","outcome":"{outcome}","solved":true}}"#)),
/// #         (&center, r#"{"type":"close"}"#.into()),
/// #     ]) {
/// #         t.execute(&engine, actor, &serde_json::from_str::<Command>(&json).unwrap(), at(h)).unwrap();
/// #     }
/// #     t
/// # }
/// // The platform's log: every event of every ticket, one JSON object a line.
/// let log: String = [handled("YS-1", 2, "satisfied"), handled("YS-2", 3, "satisfied")]
///     .iter()
///     .flat_map(|t| t.events())
///     .map(|e| serde_json::to_string(e).unwrap() + "\n")
///     .collect();
/// let tickets = tickets_from_jsonl(&log)?;
/// assert_eq!(tickets.len(), 2);
/// // The same log as one JSON array.
/// let array = format!("[{}]", log.trim_end().replace('\n', ","));
/// assert_eq!(tickets_from_jsonl(&array)?, tickets);
/// assert!(tickets_from_jsonl("{").unwrap_err().is_parse());
/// // A history that does not verify names its line and the rule (R-FLOW-5).
/// let e = jiesu::assessment::tickets_from_jsonl(r#"{"schema_version":1,"ticket_id":"A","seq":2,"at":"2026-03-02T09:00:00+08:00","actor":{"role":"command_center"},"type":"closed","outcome":"resolved","prev_hash":"","hash":""}"#).unwrap_err();
/// assert_eq!((e.field(), e.rule()), (Some("line 1"), Some("R-FLOW-5")));
/// # Ok::<(), jiesu::Error>(())
/// ```
pub fn tickets_from_jsonl(text: &str) -> Result<Vec<Ticket>> {
    tickets_from_jsonl_with_limits(text, &crate::Limits::default())
}

/// Reads a JSON-lines event log from `reader` (a file the user names, a pipe, a device) for
/// [`tickets_from_jsonl_with_limits`]: at most `limits.max_log_bytes` bytes and one more, to
/// tell a larger log, whatever size the file claims. A larger log is a
/// [`crate::ErrorKind::LimitExceeded`] error (field `jsonl`), a log that is not UTF-8 a
/// [`crate::ErrorKind::Parse`] error; an error of the reader is returned as it is (the outer
/// `Err`).
///
/// # Example
/// ```
/// use jiesu::assessment::read_jsonl_log;
/// let small = jiesu::Limits { max_log_bytes: 1000, ..Default::default() };
/// // An endless source (like /dev/zero or a pipe that never closes) is read up to the limit.
/// let e = read_jsonl_log(std::io::repeat(b'{'), &small).unwrap().unwrap_err();
/// assert!(e.is_limit_exceeded());
/// assert_eq!(e.field(), Some("jsonl"));
/// let text = read_jsonl_log(&b"\n"[..], &small).unwrap()?;
/// assert!(jiesu::assessment::tickets_from_jsonl_with_limits(&text, &small)?.is_empty());
/// # Ok::<(), jiesu::Error>(())
/// ```
pub fn read_jsonl_log<R: std::io::Read>(reader: R, limits: &crate::Limits) -> std::io::Result<Result<String>> {
    use std::io::Read;
    let max = limits.max_log_bytes;
    let mut bytes = Vec::new();
    reader.take(max as u64 + 1).read_to_end(&mut bytes)?;
    if bytes.len() > max {
        return Ok(Err(crate::limits::exceeded("jsonl", format!("the event log has more than {max} bytes (limits.max_log_bytes)"))));
    }
    Ok(String::from_utf8(bytes).map_err(|e| Error::parse(format!("the event log is not UTF-8: {e}")).with_field("jsonl")))
}

/// [`tickets_from_jsonl`] with another log size limit than the default
/// ([`crate::Limits::max_log_bytes`], 256 MiB): a larger log is a
/// [`crate::ErrorKind::LimitExceeded`] error before anything is parsed.
///
/// # Example
/// ```
/// let small = jiesu::Limits { max_log_bytes: 4, ..Default::default() };
/// let e = jiesu::assessment::tickets_from_jsonl_with_limits("{}\n{}\n", &small).unwrap_err();
/// assert!(e.is_limit_exceeded());
/// ```
pub fn tickets_from_jsonl_with_limits(text: &str, limits: &crate::Limits) -> Result<Vec<Ticket>> {
    tickets_from_jsonl_with_progress(text, limits, &mut |_, _| {})
}

/// The events of an event log with their place: `line 7` in JSON lines, `events[3]` in one
/// JSON array, `line 7[3]` for a line that holds a JSON array (one ticket's history as
/// `jiesu_ticket_handle` returns it and a platform stores it: such histories, one per line,
/// make a log without any JSON library).
pub(crate) fn log_items(text: &str) -> Result<Vec<(String, &str)>> {
    use serde_json::value::RawValue;
    if crate::json::is_array(text) {
        // One array (even spread over lines, pretty-printed), else one array or event a line.
        if let Ok(raw) = crate::json::from_str::<Vec<&RawValue>>(text) {
            return Ok(raw.into_iter().enumerate().map(|(i, r)| (format!("events[{i}]"), r.get())).collect());
        }
    }
    let mut items = Vec::new();
    for (n, line) in crate::json::lines(text) {
        if crate::json::is_array(line) {
            let raw: Vec<&RawValue> = crate::json::from_str(line).map_err(|e| e.located(format!("event log line {n}")).with_field(format!("line {n}")))?;
            items.extend(raw.into_iter().enumerate().map(|(i, r)| (format!("line {n}[{i}]"), r.get())));
        } else {
            items.push((format!("line {n}"), line));
        }
    }
    Ok(items)
}

/// The error for a ticket given twice to an assessment, a bulletin or the group rules (the
/// same ticket, or an older snapshot of it, would be counted twice and raise a repeat alert
/// against itself): the same wording for an event log and for a list of tickets.
pub(super) fn given_twice(id: &str, detail: &str) -> Error {
    Error::invalid_input("ticket_id", format!("ticket {id:?} is given twice ({detail}): give each ticket once, with its whole history"))
}

/// Refuses a list of tickets that holds one ticket twice (the same ticket, or an older
/// snapshot of it), naming the ticket id and both places: what the list forms of
/// [`assess`], [`bulletin`] and [`evaluate_group`](crate::escalation::evaluate_group) run
/// before computing (those functions count every ticket they are given).
/// [`tickets_from_jsonl`] refuses the same thing in a log, with the same wording.
///
/// # Example
/// ```
/// use jiesu::{engine::Engine, ticket::{Actor, Command, Ticket}};
/// let engine = Engine::default_engine();
/// let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
/// let register: Command = jiesu::json::from_str(r#"{"type":"register","id":"YS-1","appeal_type":"help","content":"求助"}"#)?;
/// let mut t = Ticket::new();
/// t.execute(&engine, &Actor::command_center(), &register, now)?;
/// let e = jiesu::assessment::check_distinct(&[t.clone(), t]).unwrap_err();
/// assert_eq!(e.field(), Some("tickets[1].ticket_id"));
/// assert_eq!(e.message(), r#"tickets[1]: ticket "YS-1" is given twice (also tickets[0]): give each ticket once, with its whole history"#);
/// # Ok::<(), jiesu::Error>(())
/// ```
pub fn check_distinct(tickets: &[Ticket]) -> Result<()> {
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(tickets.len());
    for (i, t) in tickets.iter().enumerate() {
        let Some(id) = t.id.as_deref() else { continue };
        if let Some(first) = seen.insert(id, i) {
            return Err(given_twice(id, &format!("also tickets[{first}]")).at(format_args!("tickets[{i}]")));
        }
    }
    Ok(())
}
