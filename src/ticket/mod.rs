//! The ticket lifecycle (R-SCOPE-3/4, R-SLA-1…4, R-FLOW-*, R-ORG-*): an event-sourced state
//! machine with roles, multi-unit handling, SLA clocks and a tamper-evident history.
//!
//! [`Ticket::handle`] decides: given a [`Context`] (or an [`Engine`](crate::engine::Engine)),
//! an actor, a [`Command`] and `now`, it returns the new [`Event`]s or an error, and never
//! changes the ticket. [`Ticket::apply`] evolves the state by one event; [`Ticket::replay`]
//! rebuilds a ticket from its history. Both re-check every event with the same rules `handle`
//! applies: the hash chain, then **who** may record it in the ticket's status at that point
//! ([`lifecycle::LIFECYCLE`], the one table of who may do what in which status) and what must
//! hold for it to follow (a pending request, an open window, a complete report). Events carry
//! everything they decided (clocks included), so replay needs no calendar and a later policy
//! never rewrites history.
//!
//! The module is split by concept: `lifecycle` (the table), `decide` (what each command
//! produces), `guard` (what each event needs), `evolve` (what each event changes), `chain`
//! (the hash chain and the archive), `clocks` (a ticket's clocks and its units' parts), `batch` (many histories at once, over the crate's threads), `state` (the ticket and its parts), `view` (the state
//! as integrators read it). Adding a command is one table row, its decision and its evolution.
//!
//! # Example
//! ```
//! use chrono::DateTime;
//! use jiesu::engine::Engine;
//! use jiesu::guide::{AppealType, ClassificationDecision};
//! use jiesu::ticket::{Actor, Command, Status, Ticket};
//!
//! let engine = Engine::default_engine();
//! let t = |s| DateTime::parse_from_rfc3339(s).unwrap();
//! let mut ticket = Ticket::new();
//! let register: Command = serde_json::from_str(r#"{"type":"register","id":"YS-1","appeal_type":"complaint",
//!     "content":"路灯不亮","requester":{"name":"张三","phone":"13812345678"},"location":{"township":"jiangna"}}"#).unwrap();
//! for e in ticket.handle(&engine, &Actor::command_center(), &register, t("2026-03-02T09:00:00+08:00"))? {
//!     ticket.apply(&e)?;
//! }
//! let leaf = engine.guide().leaves().find(|c| !c.routing.by_location).unwrap().code.clone();
//! let dispatch = Command::Dispatch { decision: ClassificationDecision::new(&leaf, AppealType::Complaint) };
//! let events = ticket.handle(&engine, &Actor::command_center(), &dispatch, t("2026-03-02T09:10:00+08:00"))?;
//! for e in &events { ticket.apply(e)?; }
//! assert_eq!(ticket.status(), Some(Status::Dispatched));
//! assert_eq!(Ticket::replay(ticket.events())?, ticket);
//!
//! // The lead unit may not close its own ticket — nor record that it did, even re-hashed.
//! let lead = Actor::unit(&ticket.lead().unwrap().unit);
//! assert!(ticket.handle(&engine, &lead, &Command::Close {}, t("2026-03-02T10:00:00+08:00")).unwrap_err().is_permission_denied());
//! # Ok::<(), jiesu::Error>(())
//! ```

mod actor;
pub mod anchor;
mod audit;
mod batch;
mod canonical;
mod chain;
mod clocks;
mod command;
mod decide;
mod event;
mod evolve;
mod guard;
mod history;
mod instant;
mod kind;
pub mod lifecycle;
mod matter;
mod privacy;
mod state;
mod status;
mod view;

use std::borrow::Cow;
use std::sync::OnceLock;

use chrono::{DateTime, FixedOffset};

pub use actor::{Actor, Role};
pub use anchor::{ChainKey, Tag};
pub(crate) use audit::verify_log_keyed;
pub use audit::{LogVerification, TicketVerification};
pub(crate) use batch::verify_all_keyed;
pub use batch::{verify_all, MIN_PARALLEL_HISTORIES};
pub use chain::{canonical_encoding, compute_hash, verify, verify_archive, ArchiveFile, Tamper, Verification};
pub(crate) use chain::{verify_archive_keyed, verify_keyed};
pub use clocks::{response_met_at, AssignmentState, ClockState, ClockStatus};
pub use command::{Command, CommandKind, Judgement, Report};
pub use decide::Context;
pub use event::{AssignmentClocks, ClockSpec, Event, EventBody, EventKind};
pub use history::{history_from_values, parse_history, verify_archive_text, verify_archive_value, verify_text, verify_values};
pub(crate) use history::{read_text, read_values, verify_archive_read, verify_read, Archive};
pub use matter::{MajorMatter, MatterKind, MatterLevel, MatterStanding};
pub use privacy::{mask_name, mask_phone, requester_key, Requester};
pub use state::{CallbackRecord, Counters, EscalationRecord, PendingExtension, PendingReturn, Summary, Ticket};
pub use status::{CallbackOutcome, Channel, ClosingOutcome, EscalationLevel, ReworkReason, Status, EVENT_SCHEMA_VERSION, SCHEMA_VERSION};
pub use view::{AssignmentView, ClockView, StateFlags, StateView};

use crate::calendar;
use crate::error::{Error, ErrorKind, Result};
use crate::limits::Limits;

/// Limits that keep one ticket bounded (documented in `docs/LIMITS.md`; exceeding one is a
/// [`ErrorKind::LimitExceeded`] error). These are the defaults of [`crate::Limits`], which an
/// engine's configuration may change; `MAX_EVENTS` is also the hard maximum that
/// [`Ticket::replay`] and [`Ticket::apply`] enforce.
pub mod limits {
    pub use crate::limits::ticket_limits::*;
}

/// The room a history gets at its first event: a ticket's lifecycle takes ten to twenty
/// events (register to archive, with contacts, progress, urges, alerts).
const FIRST_CAPACITY: usize = 16;

/// [`Limits::caps`], built once for every event [`Ticket::apply`] checks (its instants are
/// worked out from Unix seconds).
fn caps() -> &'static Limits {
    static CAPS: OnceLock<Limits> = OnceLock::new();
    CAPS.get_or_init(Limits::caps)
}

fn too_many(max: usize) -> Error {
    Error::new(ErrorKind::LimitExceeded, format!("a ticket holds at most {max} events (limits.max_events)"))
}

impl Ticket {
    /// Rebuilds a ticket from its history, checking every event as [`Ticket::apply`] does;
    /// the first refused event is named in the error (`events[3]: …`, field `events[3]…`).
    ///
    /// # Example
    /// ```
    /// use jiesu::{engine::Engine, ticket::*};
    /// let engine = Engine::default_engine();
    /// let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
    /// let cmd: Command = serde_json::from_str(r#"{"type":"register","id":"A1","appeal_type":"help","content":"求助"}"#)?;
    /// let mut events = Ticket::new().handle(&engine, &Actor::command_center(), &cmd, now)?;
    /// assert_eq!(Ticket::replay(&events)?.id(), Some("A1"));
    /// // Registered by the supervision office, and re-hashed: refused all the same.
    /// events[0].actor = Actor::of(Role::SupervisionOffice);
    /// events[0].hash = compute_hash(&events[0])?;
    /// let err = Ticket::replay(&events).unwrap_err();
    /// assert!(err.is_permission_denied() && err.message().starts_with("events[0]: "));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn replay(events: &[Event]) -> Result<Ticket> {
        Ticket::replay_each(events.len(), events.iter().map(Cow::Borrowed))
    }

    /// [`Ticket::replay`] taking the events: each is checked as there, then moved into the
    /// history instead of copied (what a caller that has just parsed a history wants).
    ///
    /// # Example
    /// ```
    /// use jiesu::{engine::Engine, ticket::*};
    /// let engine = Engine::default_engine();
    /// let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
    /// let cmd: Command = serde_json::from_str(r#"{"type":"register","id":"A1","appeal_type":"help","content":"求助"}"#)?;
    /// let events = Ticket::new().handle(&engine, &Actor::command_center(), &cmd, now)?;
    /// let stored = serde_json::to_string(&events)?;
    /// let t = Ticket::replay_owned(parse_history(&stored)?)?;
    /// assert_eq!(t, Ticket::replay(&events)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn replay_owned(events: Vec<Event>) -> Result<Ticket> {
        Ticket::replay_each(events.len(), events.into_iter().map(Cow::Owned))
    }

    /// [`Ticket::replay`] of `len` events, borrowed or owned.
    fn replay_each<'e>(len: usize, events: impl Iterator<Item = Cow<'e, Event>>) -> Result<Ticket> {
        if len > limits::MAX_EVENTS {
            return Err(Error::new(ErrorKind::LimitExceeded, format!("history has {len} events; at most {}", limits::MAX_EVENTS)).with_field("events"));
        }
        let mut t = Ticket::new();
        t.events.reserve(len);
        let caps = Limits::caps();
        for (i, e) in events.enumerate() {
            t.apply_within(e, &caps).map_err(|err| err.at(format_args!("events[{i}]")))?;
        }
        if t.returned_unit.is_some() && t.lead().is_none() {
            let i = len.saturating_sub(1);
            return Err(Error::new(ErrorKind::InvalidTransition, "the history ends between the approval of the lead unit's return and its reassignment")
                .with_rule("R-SLA-2")
                .at(format_args!("events[{i}]")));
        }
        Ok(t)
    }

    /// Applies one event: checks the envelope (schema, ticket, sequence, instant, hash chain,
    /// hash), that the event's actor may record it in the ticket's status (the lifecycle
    /// table) and that it may follow the state (guards), then evolves the state. A refused
    /// event changes nothing.
    ///
    /// # Example
    /// ```
    /// use jiesu::{engine::Engine, ticket::*};
    /// let engine = Engine::default_engine();
    /// let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
    /// let cmd: Command = serde_json::from_str(r#"{"type":"register","id":"A1","appeal_type":"help","content":"求助"}"#)?;
    /// let events = Ticket::new().handle(&engine, &Actor::command_center(), &cmd, now)?;
    /// let mut t = Ticket::new();
    /// t.apply(&events[0])?;
    /// assert!(t.apply(&events[0]).is_err()); // the same event again does not continue the chain
    /// assert_eq!(t.events().len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn apply(&mut self, e: &Event) -> Result<()> {
        self.apply_within(Cow::Borrowed(e), caps())
    }

    /// [`Ticket::apply`] taking the event (moved into the history, not copied).
    pub(crate) fn apply_owned(&mut self, e: Event) -> Result<()> {
        self.apply_within(Cow::Owned(e), caps())
    }

    /// [`Ticket::apply`] against `caps` ([`Limits::caps`], built once for a whole replay), the
    /// event borrowed (copied into the history) or owned (moved).
    fn apply_within(&mut self, e: Cow<'_, Event>, caps: &Limits) -> Result<()> {
        let bad = |m: String| Err(Error::new(ErrorKind::InvalidInput, m).with_rule("R-FLOW-5"));
        if !chain::version_follows(e.schema_version, self.events.last().map(|l| l.schema_version)) {
            return bad(format!("event schema version {} (expected 1 to {EVENT_SCHEMA_VERSION}, never older than the previous event's)", e.schema_version));
        }
        if e.seq != self.events.len() as u64 + 1 {
            return bad(format!("event seq {} does not follow {}", e.seq, self.events.len()));
        }
        if self.events.len() >= limits::MAX_EVENTS {
            return Err(too_many(limits::MAX_EVENTS));
        }
        let prev = self.events.last().map_or(chain::ZERO_HASH, |x| x.hash.as_str());
        if e.prev_hash != prev {
            return bad(format!("event seq {} does not chain to the previous event's hash", e.seq));
        }
        if let Some(id) = &self.id {
            if &e.ticket_id != id {
                return bad(format!("event of ticket {:?} applied to ticket {id:?}", e.ticket_id));
            }
        }
        if let Some(last) = self.events.last() {
            if e.at < last.at {
                return bad(format!("event seq {} at {} is earlier than the previous event at {}", e.seq, e.at, last.at));
            }
        }
        let (digest, within) = chain::event_digest_within(&e, caps)?;
        if !chain::hash_matches(&digest, &e.hash) {
            return bad(format!("event seq {} ({}) does not match its hash", e.seq, e.body.name()));
        }
        caps.check_instant("at", e.at)?;
        within?;
        self.check(&e, caps)?;
        self.evolve(&e);
        self.record(e.into_owned());
        Ok(())
    }

    /// Appends `e` (checked and evolved) to the history, making room for a whole lifecycle
    /// at the first event ([`FIRST_CAPACITY`]) rather than growing it several times.
    fn record(&mut self, e: Event) {
        self.make_room(1);
        self.events.push(e);
    }

    /// Room for `n` more events in the history: at the first event room for a whole
    /// lifecycle ([`FIRST_CAPACITY`]), so that the events are not moved as it grows.
    fn make_room(&mut self, n: usize) {
        if self.events.capacity() == 0 {
            self.events.reserve(n.max(FIRST_CAPACITY));
        } else {
            self.events.reserve(n);
        }
    }

    /// The lifecycle table and the guards for event `e` on the state as it stands.
    fn check(&self, e: &Event, limits: &Limits) -> Result<()> {
        guard::envelope(e, limits)?;
        lifecycle::authorize_event(self, e)?;
        guard::check(self, e, limits)
    }

    /// Decides a command: checks the actor and the status (the lifecycle table), decides the
    /// events with the context (clocks, classification, guide), checks that they may follow
    /// the state (the same guards [`Ticket::apply`] runs), and returns them — or an error,
    /// changing nothing. `ctx` is a [`Context`] or an [`Engine`](crate::engine::Engine).
    ///
    /// `now` must not be earlier than the last event.
    ///
    /// # Example
    /// ```
    /// use jiesu::{engine::Engine, ticket::*};
    /// let e = Engine::default_engine();
    /// let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
    /// let err = Ticket::new().handle(&e, &Actor::unit("water"), &Command::Close {}, now).unwrap_err();
    /// assert!(err.is_permission_denied());
    /// assert_eq!(err.rule(), Some("R-ORG-1"));
    /// ```
    pub fn handle<'c>(&self, ctx: impl Into<Context<'c>>, actor: &Actor, command: &Command, now: DateTime<FixedOffset>) -> Result<Vec<Event>> {
        let ctx = ctx.into();
        let now = self.checked_now(now, ctx.limits)?;
        guard::instants(ctx.limits, command)?;
        guard::actor(ctx.limits, actor)?;
        lifecycle::authorize_command(self, actor, command.kind())?;
        let bodies = decide::decide(self, &ctx, actor, command, now)?;
        let id = match (command, &self.id) {
            (Command::Register { id, .. }, _) => id.as_str(),
            (_, Some(id)) => id.as_str(),
            // Unreachable: every command but `register` needs a registered ticket.
            (_, None) => return Err(Error::new(ErrorKind::InvalidTransition, "the ticket is not registered")),
        };
        self.seal_checked(&ctx, command.kind(), id, actor, bodies, now)
    }

    /// `now` in CST, within `limits`' plausible window, not earlier than the last event.
    pub(crate) fn checked_now(&self, now: DateTime<FixedOffset>, limits: &Limits) -> Result<DateTime<FixedOffset>> {
        let now = calendar::checked_cst(now, "now")?;
        limits.check_instant("now", now)?;
        if let Some(last) = self.events.last() {
            if now < last.at {
                return Err(Error::invalid_input("now", format!("now {now} is earlier than the last event at {}", last.at)));
            }
        }
        Ok(now)
    }

    /// Seals `bodies`, decided for `command` (already authorized for `actor` in this status),
    /// into events continuing this history and checks each against the state it follows, as
    /// replay will.
    fn seal_checked(
        &self,
        ctx: &Context<'_>,
        command: CommandKind,
        id: &str,
        actor: &Actor,
        bodies: Vec<EventBody>,
        now: DateTime<FixedOffset>,
    ) -> Result<Vec<Event>> {
        let limits = ctx.limits;
        let max_events = limits.max_events.min(limits::MAX_EVENTS);
        if self.events.len() + bodies.len() > max_events {
            return Err(too_many(max_events));
        }
        let events = chain::seal(self.events.last(), id, actor, bodies, now, ctx.chain_key)?;
        if let [e] = events.as_slice() {
            // The command's row authorized this actor in this status and emits this kind, and
            // a unit's event names the actor's unit (decide writes it from the actor): the
            // table's check of the event would repeat it. The guards remain.
            if lifecycle::rule(command).emits.contains(&e.body.kind()) {
                guard::check(self, e, limits)?;
            } else {
                self.check(e, limits)?;
            }
        } else {
            // Each event follows the state the previous one leaves.
            let mut scratch = self.scratch();
            for e in &events {
                scratch.check(e, limits)?;
                scratch.evolve(e);
                // As `apply` leaves it: the guards may look at the previous event.
                scratch.events.push(e.clone());
            }
        }
        Ok(events)
    }

    /// A copy of the state to check a decision of several events on: every part of it, but of
    /// the history only the last event — what the guards look at (`Ticket::check` reads no
    /// other) — rather than the whole history for each such command.
    fn scratch(&self) -> Ticket {
        let Ticket {
            schema_version,
            id,
            status,
            channel,
            appeal_type,
            content,
            requester,
            location,
            registered_at,
            classification,
            dispatched_at,
            assignments,
            completion,
            first_feedback,
            pending_return,
            pending_extension,
            suspended_at,
            major_matter,
            report,
            reported_at,
            accepted_at,
            callbacks,
            decline_reason,
            outcome,
            closed_at,
            instructed,
            supervised,
            duplicates,
            escalations,
            counters,
            returned_unit,
            events,
        } = self;
        Ticket {
            schema_version: *schema_version,
            id: id.clone(),
            status: *status,
            channel: *channel,
            appeal_type: *appeal_type,
            content: content.clone(),
            requester: requester.clone(),
            location: location.clone(),
            registered_at: *registered_at,
            classification: classification.clone(),
            dispatched_at: *dispatched_at,
            assignments: assignments.clone(),
            completion: completion.clone(),
            first_feedback: first_feedback.clone(),
            pending_return: pending_return.clone(),
            pending_extension: pending_extension.clone(),
            suspended_at: *suspended_at,
            major_matter: major_matter.clone(),
            report: report.clone(),
            reported_at: *reported_at,
            accepted_at: *accepted_at,
            callbacks: callbacks.clone(),
            decline_reason: *decline_reason,
            outcome: *outcome,
            closed_at: *closed_at,
            instructed: *instructed,
            supervised: *supervised,
            duplicates: duplicates.clone(),
            escalations: escalations.clone(),
            counters: counters.clone(),
            returned_unit: returned_unit.clone(),
            events: events.last().cloned().into_iter().collect(),
        }
    }

    /// The `escalated` events recording escalation alerts (bodies built by
    /// [`Engine::record_alerts`](crate::engine::Engine::record_alerts), which checks them
    /// against its rule set), by the command center with user `escalation_rules`.
    pub(crate) fn record_escalations(&self, ctx: &Context<'_>, bodies: Vec<EventBody>, now: DateTime<FixedOffset>) -> Result<Vec<Event>> {
        if bodies.is_empty() {
            return Ok(Vec::new());
        }
        let now = self.checked_now(now, ctx.limits)?;
        let actor = Actor { role: Role::CommandCenter, unit: None, user: Some(lifecycle::ESCALATION_RULES.into()) };
        lifecycle::authorize_command(self, &actor, CommandKind::RecordAlerts)?;
        let id = self.id.clone().unwrap_or_default();
        self.seal_checked(ctx, CommandKind::RecordAlerts, &id, &actor, bodies, now)
    }

    /// Handles a command and applies its events (for Rust services that keep the ticket).
    ///
    /// # Example
    /// ```
    /// use jiesu::{engine::Engine, ticket::*};
    /// let e = Engine::default_engine();
    /// let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
    /// let mut t = Ticket::new();
    /// let cmd: Command = serde_json::from_str(r#"{"type":"register","id":"A1","appeal_type":"consultation","content":"社保卡怎么办理"}"#).unwrap();
    /// t.execute(&e, &Actor::command_center(), &cmd, now).unwrap();
    /// assert_eq!(t.status(), Some(Status::Registered));
    /// ```
    pub fn execute<'c>(&mut self, ctx: impl Into<Context<'c>>, actor: &Actor, command: &Command, now: DateTime<FixedOffset>) -> Result<Vec<Event>> {
        let events = self.handle(ctx, actor, command, now)?;
        self.append_checked(&events);
        Ok(events)
    }

    /// Appends events [`Ticket::handle`] (or `record_escalations`) has just sealed and checked
    /// against this very state: evolving cannot fail, so all are applied.
    pub(crate) fn append_checked(&mut self, events: &[Event]) {
        self.make_room(events.len());
        for e in events {
            self.evolve(e);
            self.record(e.clone());
        }
    }

    /// The archived file (一人一诉一档, R-FLOW-5) of an archived ticket, unkeyed (no archive
    /// tag; [`Engine::archive_file`](crate::engine::Engine::archive_file) tags it with the
    /// engine's chain key).
    ///
    /// # Example
    /// ```
    /// assert!(jiesu::ticket::Ticket::new().archive_file().unwrap_err().is_invalid_transition());
    /// ```
    pub fn archive_file(&self) -> Result<ArchiveFile> {
        if self.status != Some(Status::Archived) {
            return Err(Error::new(
                ErrorKind::InvalidTransition,
                format!("archive_file is not allowed in status {} (allowed in: archived)", self.status.map_or("none", |s| s.as_str())),
            ));
        }
        Ok(ArchiveFile {
            schema_version: SCHEMA_VERSION,
            ticket_id: self.id.clone().unwrap_or_default(),
            event_count: self.events.len(),
            final_hash: self.events.last().map_or_else(|| chain::ZERO_HASH.into(), |e| e.hash.clone()),
            events: self.events.clone(),
            tag: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Engine;
    use crate::guide::{AppealType, ClassificationDecision};

    fn t(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    /// A dispatched ticket of the default engine and its lead unit.
    fn dispatched(engine: &Engine) -> (Ticket, String) {
        let mut ticket = Ticket::new();
        let register: Command =
            serde_json::from_str(r#"{"type":"register","id":"YS-1","appeal_type":"complaint","content":"路灯不亮","location":{"township":"jiangna"}}"#)
                .unwrap();
        ticket.execute(engine, &Actor::command_center(), &register, t("2026-03-02T09:00:00+08:00")).unwrap();
        let leaf = engine.guide().leaves().find(|c| !c.routing.by_location).unwrap().code.clone();
        let dispatch = Command::Dispatch { decision: ClassificationDecision::new(&leaf, AppealType::Complaint) };
        ticket.execute(engine, &Actor::command_center(), &dispatch, t("2026-03-02T09:10:00+08:00")).unwrap();
        let lead = ticket.lead().unwrap().unit.clone();
        (ticket, lead)
    }

    fn rechain(events: &mut [Event]) {
        let mut prev = chain::ZERO_HASH.to_string();
        for (i, e) in events.iter_mut().enumerate() {
            e.seq = i as u64 + 1;
            e.prev_hash = prev;
            e.hash = compute_hash(e).unwrap();
            prev = e.hash.clone();
        }
    }

    /// Several alerts recorded at once are checked one after the other and all applied.
    #[test]
    fn several_alerts_are_recorded_together() {
        let engine = Engine::default_engine();
        let (mut ticket, _) = dispatched(&engine);
        let now = t("2026-03-05T10:00:00+08:00");
        let alerts = engine.evaluate(&ticket, now).alerts;
        assert!(alerts.len() >= 2, "{alerts:?}");
        let events = engine.record_alerts(&ticket, &alerts, now).unwrap();
        assert_eq!(events.len(), alerts.len());
        ticket.append_checked(&events);
        assert_eq!(Ticket::replay(ticket.events()).unwrap(), ticket);
        assert!(engine.evaluate(&ticket, now).alerts.is_empty(), "recorded alerts are not raised again");
    }

    /// `reassigned` follows a return approval in the same decision; on its own, while the return
    /// request is pending, no command produces it.
    #[test]
    fn a_reassignment_while_a_return_is_pending_does_not_replay() {
        let engine = Engine::default_engine();
        let (mut ticket, lead) = dispatched(&engine);
        let other = engine.guide().units().iter().find(|u| u.id != lead).unwrap().id.clone();
        let request =
            Command::RequestReturn { reason: "不属本单位职责".into(), evidence: vec!["职责清单.pdf".into()], suggested_unit: other.clone() };
        ticket.execute(&engine, &Actor::unit(&lead), &request, t("2026-03-02T10:00:00+08:00")).unwrap();
        let approve = Command::DecideReturn {
            approve: true,
            reason: String::new(),
            assignments: Some(vec![crate::guide::Assignment { unit: other, role: crate::guide::AssignmentRole::Lead }]),
        };
        let decided = ticket.handle(&engine, &Actor::command_center(), &approve, t("2026-03-02T11:00:00+08:00")).unwrap();
        assert_eq!(decided.iter().map(|e| e.body.kind()).collect::<Vec<_>>(), [EventKind::ReturnApproved, EventKind::Reassigned]);
        // Forged: the reassignment without the approval.
        let mut forged = ticket.events().to_vec();
        forged.push(decided[1].clone());
        rechain(&mut forged);
        let err = Ticket::replay(&forged).unwrap_err();
        assert!(err.is_invalid_transition(), "{err:?}");
        assert!(err.message().starts_with(&format!("events[{}]: ", forged.len() - 1)), "{err}");
        // Forged: the approval of the lead's return without its reassignment.
        let mut cut = ticket.events().to_vec();
        cut.push(decided[0].clone());
        rechain(&mut cut);
        assert!(Ticket::replay(&cut).unwrap_err().is_invalid_transition());
        // As decided, both replay.
        let mut all = ticket.events().to_vec();
        all.extend(decided);
        assert!(Ticket::replay(&all).is_ok());
        // Taking the events decides the same, accepted or refused.
        for history in [&forged, &cut, &all] {
            let (borrowed, owned) = (Ticket::replay(history), Ticket::replay_owned(history.to_vec()));
            match (borrowed, owned) {
                (Ok(a), Ok(b)) => assert_eq!(a, b),
                (Err(a), Err(b)) => assert_eq!((a.kind(), a.rule(), a.field(), a.to_string()), (b.kind(), b.rule(), b.field(), b.to_string())),
                (a, b) => panic!("replay {a:?}, replay_owned {b:?}"),
            }
        }
    }
}
