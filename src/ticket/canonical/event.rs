//! The canonical encoding of an [`Event`], written field by field: the very bytes the serde
//! walk of the parent module writes for the event's hashed view (envelope without `hash` and
//! `tag`, `at` as seconds, nanoseconds and offset, the body in place of its flattened
//! fields), with the same span of instants — without a call through serde for every field.
//!
//! Every struct is taken apart without `..`, so a field added to an event, a body, a clock or
//! a report does not compile until it is written here too; so is a dispatch's classification
//! (the guide's). The other values of other modules (location, the enums but the actor's
//! role) still go through their `Serialize`, into the same writer. `tests` in the parent module holds the two encoders to the same
//! bytes over every stored history, lifecycles and generated bodies.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{Canonical, Error, Instants, Sink, Span};
use crate::guide::{Assignment, Classification};
use crate::sla::SlaInput;
use crate::ticket::actor::Actor;
use crate::ticket::command::Report;
use crate::ticket::event::{AssignmentClocks, ClockSpec, Event, EventBody};
use crate::ticket::instant;
use crate::ticket::privacy::Requester;

/// SHA-256 of the canonical encoding of event `e` (its hashed view: `at` with `offset`), and
/// the span of its body's instants.
#[cfg(test)]
pub(crate) fn hash(e: &Event, instants: Instants, offset: i32) -> Result<([u8; 32], Span), Error> {
    hash_then(e, instants, offset, |span| *span)
}

/// SHA-256 of the canonical encoding of event `e` (its hashed view: `at` with `offset`), and
/// what `then` says of the span of its body's instants, looked at where it was noted rather
/// than handed back (a span is a few hundred bytes).
pub(crate) fn hash_then<T>(e: &Event, instants: Instants, offset: i32, then: impl FnOnce(&Span) -> T) -> Result<([u8; 32], T), Error> {
    let mut s = Canonical::new(instants, Sink::Sha(Sha256::new()));
    s.event(e, offset)?;
    s.flush();
    let said = then(&s.span);
    let digest = match s.sink {
        Sink::Sha(h) => h.finalize().into(),
        _ => [0; 32],
    };
    Ok((digest, said))
}

/// The canonical encoding of event `e`, appended to `out`.
pub(crate) fn encode(e: &Event, instants: Instants, offset: i32, out: &mut Vec<u8>) -> Result<Span, Error> {
    let mut s = Canonical::new(instants, Sink::Bytes(std::mem::take(out)));
    let written = s.event(e, offset);
    s.flush();
    if let Sink::Bytes(b) = s.sink {
        *out = b;
    }
    written.map(|()| s.span)
}

/// Tags (see the parent module).
const SOME: u8 = 1;
const BOOL: u8 = 2;
const I64: u8 = 3;
const U64: u8 = 4;
const STR: u8 = 6;
const SEQ: u8 = 8;
const STRUCT: u8 = 10;
const VARIANT: u8 = 11;
const ABSENT: u8 = 12;
/// A struct's end.
const END: u8 = 0;
/// A unit value (a unit variant's content).
const UNIT: u8 = 0;

impl Canonical {
    /// The event's view: schema version, ticket, seq, `at`, actor, body, previous hash.
    fn event(&mut self, e: &Event, offset: i32) -> Result<(), Error> {
        let Event { schema_version, ticket_id, seq, at, actor, body, prev_hash, hash: _, tag: _ } = e;
        self.tag(STRUCT);
        self.u64(u64::from(*schema_version));
        self.str(ticket_id);
        self.u64(*seq);
        self.tag(SEQ);
        self.len(3);
        self.i64(at.timestamp());
        self.u64(u64::from(at.timestamp_subsec_nanos()));
        self.i64(i64::from(offset));
        self.actor(actor)?;
        // The body's fields have no path of their own (flattened into the event's JSON).
        self.body(body)?;
        self.str(prev_hash);
        self.tag(END);
        Ok(())
    }

    fn u64(&mut self, v: u64) {
        self.tagged8(U64, v.to_le_bytes());
    }
    fn i64(&mut self, v: i64) {
        self.tagged8(I64, v.to_le_bytes());
    }
    fn bool(&mut self, v: bool) {
        self.put(&[BOOL, v as u8]);
    }
    fn str(&mut self, v: &str) {
        self.tagged(STR, v.as_bytes());
    }
    fn strs(&mut self, v: &[String]) {
        self.tag(SEQ);
        self.len(v.len());
        for s in v {
            self.str(s);
        }
    }
    /// An optional string, left out when absent.
    fn opt_str(&mut self, v: &Option<String>) {
        match v {
            Some(s) => {
                self.tag(SOME);
                self.str(s);
            }
            None => self.tag(ABSENT),
        }
    }
    /// A list left out when empty.
    fn strs_or_absent(&mut self, v: &[String]) {
        if v.is_empty() {
            self.tag(ABSENT);
        } else {
            self.strs(v);
        }
    }
    /// A value of another module, through its `Serialize`, at field `key`.
    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> Result<(), Error> {
        self.at(key, v, |c, v| v.serialize(c))
    }
    /// `write(v)` at field `key`: the field's name on the path the span notes instants with.
    fn at<T: ?Sized>(&mut self, key: &'static str, v: &T, write: impl FnOnce(&mut Self, &T) -> Result<(), Error>) -> Result<(), Error> {
        self.path.push(key);
        let written = write(self, v);
        self.path.pop();
        written
    }
    /// An optional value at field `key`: `write(v)` after the "some" tag, or left out when absent.
    fn opt_at<T>(&mut self, key: &'static str, v: &Option<T>, write: impl FnOnce(&mut Self, &T) -> Result<(), Error>) -> Result<(), Error> {
        match v {
            Some(v) => {
                self.tag(SOME);
                self.at(key, v, write)
            }
            None => {
                self.tag(ABSENT);
                Ok(())
            }
        }
    }
    /// The start of a body: a struct whose first field is its `type`.
    fn head(&mut self, body: &EventBody) {
        self.tag(STRUCT);
        self.str(body.name());
    }
    /// An instant at field `key` (what `super::instant::serialize` hands over).
    fn instant_field(&mut self, key: &'static str, t: &DateTime<FixedOffset>) -> Result<(), Error> {
        self.at(key, t, Self::instant_value)
    }
    fn instant_value(&mut self, t: &DateTime<FixedOffset>) -> Result<(), Error> {
        if self.instants == Instants::Canonical {
            // The seconds worked out once, for the check and the encoding.
            let secs = t.timestamp();
            if instant::reads_back_at(t, secs) {
                self.canonical_instant_at(*t, secs);
                return Ok(());
            }
        }
        instant::serialize(t, &mut *self)
    }
    /// An optional instant at field `key`, left out when absent.
    fn opt_instant_field(&mut self, key: &'static str, t: &Option<DateTime<FixedOffset>>) -> Result<(), Error> {
        self.opt_at(key, t, Self::instant_value)
    }
    fn clock(&mut self, c: &ClockSpec) -> Result<(), Error> {
        let ClockSpec { started_at, due_at, warn_at, provisional } = c;
        self.tag(STRUCT);
        self.instant_field("started_at", started_at)?;
        self.instant_field("due_at", due_at)?;
        self.instant_field("warn_at", warn_at)?;
        // Left out when false.
        if *provisional {
            self.bool(true);
        } else {
            self.tag(ABSENT);
        }
        self.tag(END);
        Ok(())
    }
    fn clock_field(&mut self, key: &'static str, c: &ClockSpec) -> Result<(), Error> {
        self.at(key, c, Self::clock)
    }
    /// An optional clock, left out when absent.
    fn opt_clock_field(&mut self, key: &'static str, c: &Option<ClockSpec>) -> Result<(), Error> {
        self.opt_at(key, c, Self::clock)
    }
    fn assignments_field(&mut self, key: &'static str, v: &[AssignmentClocks]) -> Result<(), Error> {
        self.path.push(key);
        self.tag(SEQ);
        self.len(v.len());
        let mut written = Ok(());
        for a in v {
            let AssignmentClocks { unit, role, response, return_window } = a;
            self.tag(STRUCT);
            self.str(unit);
            written =
                self.field("role", role).and_then(|()| self.clock_field("response", response)).and_then(|()| self.clock_field("return_window", return_window));
            if written.is_err() {
                break;
            }
            self.tag(END);
        }
        self.path.pop();
        written
    }
    /// Response clocks: (unit, clock) pairs.
    fn responses_field(&mut self, key: &'static str, v: &[(String, ClockSpec)]) -> Result<(), Error> {
        self.path.push(key);
        self.tag(SEQ);
        self.len(v.len());
        let mut written = Ok(());
        for (unit, clock) in v {
            self.tag(SEQ);
            self.len(2);
            self.str(unit);
            written = self.clock(clock);
            if written.is_err() {
                break;
            }
        }
        self.path.pop();
        written
    }
    /// The guide's classification of a dispatch, taken apart as the requester is (its enums
    /// through their `Serialize`): what its derived `Serialize` writes, without a call through
    /// serde for every field. It holds no instant.
    fn classification(&mut self, c: &Classification) -> Result<(), Error> {
        let Classification { guide_id, guide_version, category, category_name, domain, appeal_type, township, sla, assignments } = c;
        self.tag(STRUCT);
        self.str(guide_id);
        self.str(guide_version);
        self.str(category);
        self.str(category_name);
        self.field("domain", domain)?;
        self.field("appeal_type", appeal_type)?;
        self.opt_str(township);
        self.at("sla", sla, Self::sla)?;
        self.tag(SEQ);
        self.len(assignments.len());
        for a in assignments {
            let Assignment { unit, role } = a;
            self.tag(STRUCT);
            self.str(unit);
            self.field("role", role)?;
            self.tag(END);
        }
        self.tag(END);
        Ok(())
    }
    /// A classification's SLA input: its enums through their `Serialize`, the limit left out
    /// when absent.
    fn sla(&mut self, s: &SlaInput) -> Result<(), Error> {
        let SlaInput { urgency, handling_class, limit } = s;
        self.tag(STRUCT);
        self.field("urgency", urgency)?;
        self.field("handling_class", handling_class)?;
        match limit {
            Some(l) => {
                self.tag(SOME);
                self.field("limit", l)?;
            }
            None => self.tag(ABSENT),
        }
        self.tag(END);
        Ok(())
    }
    fn actor(&mut self, a: &Actor) -> Result<(), Error> {
        let Actor { role, unit, user } = a;
        self.tag(STRUCT);
        // What `Role`'s derived `Serialize` writes (a unit variant: its snake_case name,
        // which `Role::as_str` spells), without the call through serde on every event.
        self.variant(role.as_str());
        self.opt_str(unit);
        self.opt_str(user);
        self.tag(END);
        Ok(())
    }
    /// A unit variant named `name` (what `serialize_unit_variant` writes).
    fn variant(&mut self, name: &str) {
        self.tagged(VARIANT, name.as_bytes());
        self.tag(UNIT);
    }
    /// The requester: three optional strings (no instant, so no path).
    fn requester(&mut self, r: &Requester) {
        let Requester { name, phone, requester_key } = r;
        self.tag(STRUCT);
        self.opt_str(name);
        self.opt_str(phone);
        self.opt_str(requester_key);
        self.tag(END);
    }
    fn report_field(&mut self, key: &'static str, r: &Report) -> Result<(), Error> {
        let Report { result, answered_at, evidence, approved_by, solved } = r;
        self.path.push(key);
        self.tag(STRUCT);
        self.str(result);
        let written = self.opt_instant_field("answered_at", answered_at);
        self.strs(evidence);
        self.opt_str(approved_by);
        self.bool(*solved);
        self.tag(END);
        self.path.pop();
        written
    }

    /// The body: its `type`, then its fields in declared order.
    fn body(&mut self, b: &EventBody) -> Result<(), Error> {
        self.head(b);
        match b {
            EventBody::Registered { channel, appeal_type, content, requester, location } => {
                self.field("channel", channel)?;
                self.field("appeal_type", appeal_type)?;
                self.str(content);
                self.requester(requester);
                self.field("location", location)?;
            }
            EventBody::Declined { reason, guidance } => {
                self.field("reason", reason)?;
                self.str(guidance);
            }
            EventBody::AnsweredDirectly { answer } => self.str(answer),
            EventBody::Dispatched { classification, assignments, completion, first_feedback } => {
                self.at("classification", classification, Self::classification)?;
                self.assignments_field("assignments", assignments)?;
                self.clock_field("completion", completion)?;
                self.opt_clock_field("first_feedback", first_feedback)?;
            }
            EventBody::Acknowledged { unit } => self.str(unit),
            EventBody::RequesterContacted { unit, note } | EventBody::ProgressAdded { unit, note } => {
                self.str(unit);
                self.str(note);
            }
            EventBody::ContributionSubmitted { unit, content } => {
                self.str(unit);
                self.str(content);
            }
            EventBody::ReturnRequested { unit, reason, evidence, suggested_unit } => {
                self.str(unit);
                self.str(reason);
                self.strs(evidence);
                self.str(suggested_unit);
            }
            EventBody::ReturnApproved { unit, reason } | EventBody::ReturnRejected { unit, reason } => {
                self.str(unit);
                self.str(reason);
            }
            EventBody::Reassigned { assignments, completion, first_feedback } => {
                self.assignments_field("assignments", assignments)?;
                self.clock_field("completion", completion)?;
                self.opt_clock_field("first_feedback", first_feedback)?;
            }
            EventBody::ExtensionRequested { unit, reason, requested_due_at } => {
                self.str(unit);
                self.str(reason);
                self.instant_field("requested_due_at", requested_due_at)?;
            }
            EventBody::ExtensionApproved { reason, completion } => {
                self.str(reason);
                self.clock_field("completion", completion)?;
            }
            EventBody::ExtensionRejected { reason } | EventBody::Suspended { reason } => self.str(reason),
            EventBody::Resumed { completion, responses, first_feedback } => {
                self.opt_clock_field("completion", completion)?;
                self.responses_field("responses", responses)?;
                self.opt_clock_field("first_feedback", first_feedback)?;
            }
            EventBody::ReportSubmitted { unit, report } => {
                self.str(unit);
                self.report_field("report", report)?;
            }
            EventBody::ReportAccepted {} | EventBody::Archived {} => {}
            EventBody::ReportReturned { reason, note, completion } => {
                self.field("reason", reason)?;
                self.str(note);
                self.clock_field("completion", completion)?;
            }
            EventBody::CallbackRecorded { outcome, solved, note } => {
                self.field("outcome", outcome)?;
                self.bool(*solved);
                self.str(note);
            }
            EventBody::Reopened { measures, responsible_person, completion } => {
                self.str(measures);
                self.str(responsible_person);
                self.clock_field("completion", completion)?;
            }
            EventBody::Closed { outcome, explanation } => {
                self.field("outcome", outcome)?;
                self.opt_str(explanation);
            }
            EventBody::Urged { message } => self.str(message),
            EventBody::Supervised { note } => self.str(note),
            EventBody::ConsultationConvened { units, note } => {
                self.strs(units);
                self.str(note);
            }
            EventBody::Instructed { instruction } => self.str(instruction),
            EventBody::DuplicateLinked { linked_ticket_id } => self.str(linked_ticket_id),
            EventBody::ReportedUp { kind, level, reason, decide_by } => {
                self.field("kind", kind)?;
                self.field("level", level)?;
                self.str(reason);
                self.instant_field("decide_by", decide_by)?;
            }
            EventBody::MajorMatterTaken { level, instruction, units, completion, responses, first_feedback } => {
                self.field("level", level)?;
                self.str(instruction);
                if units.is_empty() {
                    self.tag(ABSENT);
                } else {
                    self.assignments_field("units", units)?;
                }
                self.opt_clock_field("completion", completion)?;
                self.responses_field("responses", responses)?;
                self.opt_clock_field("first_feedback", first_feedback)?;
            }
            EventBody::MajorMatterSentBack { level, explanation, completion, responses, first_feedback } => {
                self.field("level", level)?;
                self.str(explanation);
                self.opt_clock_field("completion", completion)?;
                self.responses_field("responses", responses)?;
                self.opt_clock_field("first_feedback", first_feedback)?;
            }
            EventBody::Escalated { rule, level, target, message, clock, unit, instance, tickets } => {
                self.str(rule);
                self.field("level", level)?;
                self.str(target);
                self.str(message);
                match clock {
                    Some(c) => {
                        self.path.push("clock");
                        self.tag(SOME);
                        let written = c.serialize(&mut *self);
                        self.path.pop();
                        written?;
                    }
                    None => self.tag(ABSENT),
                }
                self.opt_str(unit);
                self.opt_instant_field("instance", instance)?;
                self.strs_or_absent(tickets);
            }
        }
        self.tag(END);
        Ok(())
    }
}

#[cfg(test)]
mod tests;
