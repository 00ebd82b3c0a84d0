//! Sweeps: "what is due now?" over many tickets, looking only at those whose time has come.
//!
//! Every evaluation gives the ticket's `next_check_at` — the earliest instant at which the
//! outcome of a single-ticket rule for it can change (exact: before it, evaluating again
//! raises nothing new). The platform stores it with the ticket (a nullable column), evaluates
//! a ticket again after each of its events, and every few minutes sweeps: [`sweep`] takes the
//! tickets with their stored `next_check_at`, evaluates those due (`next_check_at <= now`),
//! and gives for each its alerts and new `next_check_at` to store, plus the earliest instant
//! over all of them ([`Sweep::next_sweep_at`]) — when the next sweep can find anything.
//!
//! A ticket with no stored instant (`None`: nothing scheduled) is not due: only an event can
//! make a rule fire on it, and the platform evaluates after each event. Group rules (repeated
//! and many-people requests) change with new tickets, not with time: run
//! [`evaluate_group`](super::evaluate_group) when tickets are registered.

use std::borrow::Borrow;
use std::convert::Infallible;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::calendar::Calendar;
use crate::guide::Guide;
use crate::ticket::Ticket;

use super::{evaluate_named, Evaluation, RuleSet};

/// Whether a ticket whose stored `next_check_at` is `next_check_at` is due at `now`: its instant
/// has come (`None`, nothing scheduled, is never due).
///
/// # Example
/// ```
/// use jiesu::escalation::is_due;
/// let t = |s| chrono::DateTime::parse_from_rfc3339(s).unwrap();
/// assert!(is_due(Some(t("2026-03-02T09:00:00+08:00")), t("2026-03-02T09:00:00+08:00")));
/// assert!(!is_due(Some(t("2026-03-02T09:00:01+08:00")), t("2026-03-02T09:00:00+08:00")));
/// assert!(!is_due(None, t("2026-03-02T09:00:00+08:00")));
/// ```
pub fn is_due(next_check_at: Option<DateTime<FixedOffset>>, now: DateTime<FixedOffset>) -> bool {
    next_check_at.is_some_and(|at| at <= now)
}

/// One ticket a sweep evaluated.
///
/// # Example
/// ```
/// let c: Option<jiesu::escalation::Checked> = None;
/// assert!(c.is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Checked {
    /// Its position among the tickets given to the sweep (from 0).
    pub index: usize,
    /// Its id.
    pub ticket_id: String,
    /// Its evaluation: the alerts due (record them on the ticket), its new `next_check_at`
    /// (store it in place of the old one), the rules skipped.
    #[serde(flatten)]
    pub evaluation: Evaluation,
}

/// The result of a sweep.
///
/// # Example
/// ```
/// assert_eq!(jiesu::escalation::Sweep::default().not_due, 0);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Sweep {
    /// The tickets that were due, evaluated, in the order given.
    pub checked: Vec<Checked>,
    /// How many tickets were not due (left as they are).
    pub not_due: usize,
    /// The earliest `next_check_at` after the sweep, over the tickets not due and the new ones
    /// of those checked: no sweep before it finds anything (`None`: nothing scheduled).
    pub next_sweep_at: Option<DateTime<FixedOffset>>,
}

/// Evaluates, at `now`, the tickets whose stored `next_check_at` has come ([`is_due`]), each
/// given as `(ticket, its stored next_check_at)`; the others are only counted. Units in the
/// messages are named from `guide` when given ([`Engine::sweep`](crate::engine::Engine::sweep)
/// passes its own).
///
/// The alerts of a ticket checked are exactly those of [`evaluate`](super::evaluate) at `now`:
/// a ticket not due would raise nothing new (its stored instant is exact), so a sweep raises what
/// evaluating every ticket would, for the cost of the due ones and a comparison per other.
///
/// # Example
/// ```
/// use jiesu::engine::Engine;
/// use jiesu::escalation::{sweep, RuleSet};
/// use jiesu::ticket::Ticket;
/// let e = Engine::default_engine();
/// let t = |s| chrono::DateTime::parse_from_rfc3339(s).unwrap();
/// let (a, b) = (Ticket::new(), Ticket::new());
/// // `a` was due at 09:00, `b` is not due before tomorrow.
/// let stored = [(&a, Some(t("2026-03-02T09:00:00+08:00"))), (&b, Some(t("2026-03-03T09:00:00+08:00")))];
/// let s = sweep(stored, e.rules(), e.calendar(), Some(e.guide()), t("2026-03-02T10:00:00+08:00"));
/// assert_eq!((s.checked.len(), s.checked[0].index, s.not_due), (1, 0, 1));
/// // `a` has nothing scheduled any more: the next sweep is for `b`.
/// assert_eq!(s.next_sweep_at, Some(t("2026-03-03T09:00:00+08:00")));
/// ```
pub fn sweep<'t>(
    tickets: impl IntoIterator<Item = (&'t Ticket, Option<DateTime<FixedOffset>>)>,
    rules: &RuleSet,
    cal: &Calendar,
    guide: Option<&Guide>,
    now: DateTime<FixedOffset>,
) -> Sweep {
    match sweep_loading(tickets, |_, t| Ok::<_, Infallible>(t), rules, cal, guide, now) {
        Ok(s) => s,
        Err(never) => match never {},
    }
}

/// [`sweep`] over tickets that are made only when due: each entry is `(source, stored
/// next_check_at)`, and `load(index, source)` makes the ticket of a due entry (replays its
/// stored history, say) — a sweep over a million stored histories replays only the due ones.
/// The first error of `load` ends the sweep.
///
/// # Example
/// ```
/// use jiesu::engine::Engine;
/// use jiesu::escalation::sweep_loading;
/// use jiesu::ticket::Ticket;
/// let e = Engine::default_engine();
/// let t = |s| chrono::DateTime::parse_from_rfc3339(s).unwrap();
/// let stored = [("[]", Some(t("2026-03-02T09:00:00+08:00"))), ("not even JSON", None)];
/// let s = sweep_loading(stored, |_, events| Ticket::replay(&jiesu::json::from_str::<Vec<_>>(events)?),
///     e.rules(), e.calendar(), None, t("2026-03-02T10:00:00+08:00"))?;
/// assert_eq!((s.checked.len(), s.not_due), (1, 1));
/// # Ok::<(), jiesu::Error>(())
/// ```
pub fn sweep_loading<S, T: Borrow<Ticket>, E>(
    entries: impl IntoIterator<Item = (S, Option<DateTime<FixedOffset>>)>,
    mut load: impl FnMut(usize, S) -> Result<T, E>,
    rules: &RuleSet,
    cal: &Calendar,
    guide: Option<&Guide>,
    now: DateTime<FixedOffset>,
) -> Result<Sweep, E> {
    let mut out = Sweep::default();
    let earliest = |a: Option<DateTime<FixedOffset>>, b: Option<DateTime<FixedOffset>>| match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    for (index, (source, stored)) in entries.into_iter().enumerate() {
        if !is_due(stored, now) {
            out.not_due += 1;
            out.next_sweep_at = earliest(out.next_sweep_at, stored);
            continue;
        }
        let ticket = load(index, source)?;
        let ticket = ticket.borrow();
        let evaluation = evaluate_named(ticket, rules, cal, guide, now);
        out.next_sweep_at = earliest(out.next_sweep_at, evaluation.next_check_at);
        out.checked.push(Checked { index, ticket_id: ticket.id.clone().unwrap_or_default(), evaluation });
    }
    Ok(out)
}

/// A stored instant in the JSON of a sweep: Unix seconds (`next_check_at_unix` of the C
/// layer's evaluation) or RFC 3339 text.
#[derive(Deserialize)]
#[serde(untagged)]
enum StoredInstant {
    Unix(i64),
    Text(DateTime<FixedOffset>),
}

/// One ticket of the JSON of a sweep.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Stored<'a> {
    #[serde(default)]
    next_check_at: Option<StoredInstant>,
    #[serde(borrow)]
    events: &'a serde_json::value::RawValue,
}

/// [`Engine::sweep`](crate::engine::Engine::sweep) over tickets stored as JSON (the form of the
/// C layer's `jiesu_escalation_sweep`): a JSON array, or JSON lines, of
/// `{"next_check_at": <Unix seconds> | "<RFC 3339>" | null, "events": [<the ticket's history>]}`.
/// Only the histories of due tickets are replayed (verified, under the engine's limits); at
/// most `limits.max_log_bytes` of text.
///
/// Errors name the entry: `tickets_json[3].events: events[2]: …`, `tickets_json[1].next_check_at`.
///
/// # Example
/// ```
/// let e = jiesu::engine::Engine::default_engine();
/// let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
/// // Due since 08:00 (Unix seconds), and not due (nothing scheduled; the history is not read).
/// let text = r#"[{"next_check_at": 1772409600, "events": []}, {"next_check_at": null, "events": [{"bad": 1}]}]"#;
/// let s = jiesu::escalation::sweep_json(&e, text, now)?;
/// assert_eq!((s.checked.len(), s.not_due), (1, 1));
/// // More text than the engine's limits.max_log_bytes: refused before parsing.
/// let config = jiesu::engine::EngineConfig { limits: jiesu::Limits { max_log_bytes: 16, ..Default::default() }, ..Default::default() };
/// let small = jiesu::engine::Engine::new(config)?;
/// assert!(jiesu::escalation::sweep_json(&small, text, now).unwrap_err().is_limit_exceeded());
/// # Ok::<(), jiesu::Error>(())
/// ```
pub fn sweep_json(engine: &crate::engine::Engine, text: &str, now: DateTime<FixedOffset>) -> crate::Result<Sweep> {
    const NAME: &str = "tickets_json";
    crate::limits::check_log_bytes(engine.limits(), NAME, "the tickets have", text.len())?;
    let entries: Vec<Stored<'_>> = if crate::json::is_array(text) {
        crate::json::from_str(text).map_err(|e| e.at(NAME))?
    } else {
        crate::json::lines(text).map(|(n, l)| crate::json::from_str(l).map_err(|e| e.at(format!("{NAME} line {n}")))).collect::<crate::Result<_>>()?
    };
    let mut scheduled = Vec::with_capacity(entries.len());
    for (i, e) in entries.into_iter().enumerate() {
        let at = match e.next_check_at {
            None => None,
            Some(StoredInstant::Text(t)) => Some(t),
            Some(StoredInstant::Unix(s)) => Some(crate::calendar::instant_from_unix(s).map_err(|e| e.at(format!("{NAME}[{i}].next_check_at")))?),
        };
        scheduled.push((e.events, at));
    }
    let load = |i: usize, events: &serde_json::value::RawValue| {
        let history = crate::ticket::parse_history(events.get()).map_err(|e| e.at(format!("{NAME}[{i}].events")))?;
        engine.replay_owned(history).map_err(|e| e.at(format!("{NAME}[{i}].events")))
    };
    sweep_loading(scheduled, load, engine.rules(), engine.calendar(), Some(engine.guide()), now)
}
