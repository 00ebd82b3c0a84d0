//! The lifecycle table: the one place that says who may do what in which status.
//!
//! Each row of [`LIFECYCLE`] names a command, who may issue it ([`Issuer`]), the statuses in
//! which it is allowed ([`Phase`]) and the events it may produce. Everything else derives from
//! it:
//!
//! - [`Ticket::handle`](super::Ticket::handle) authorizes a command by its row;
//! - [`Ticket::apply`](super::Ticket::apply) and [`Ticket::replay`](super::Ticket::replay)
//!   authorize each **event** by the rows that produce its kind: the event's actor must be one
//!   that could have issued such a command in the ticket's status at that point, and an event a
//!   unit records (acknowledged, report submitted, …) must name the actor's own unit. A history
//!   rewritten so that a unit records its own satisfied callback, accepts its own report,
//!   closes its ticket or acts for another unit is refused, even when re-hashed.
//!
//! The checks that look at more than actor and status (a pending request, a return window, a
//! report's required fields) are per event, in `guard.rs`, and run in `handle` and in replay
//! alike.
//!
//! # Example
//! ```
//! use jiesu::ticket::{lifecycle, CommandKind, EventKind, Status};
//! let row = lifecycle::rule(CommandKind::RecordCallback);
//! assert!(row.phase.allows(Some(Status::AwaitingCallback)));
//! assert_eq!(row.emits, &[EventKind::CallbackRecorded]);
//! // Who may record a callback (回访)? The command center only.
//! assert_eq!(row.by.describe(), "command_center");
//! ```

use super::actor::{Actor, Role};
use super::command::CommandKind;
use super::event::{Event, EventKind};
use super::matter::{MatterLevel, MatterStanding};
use super::status::Status;
use super::Ticket;
use crate::error::{Error, ErrorKind, Result};
use crate::guide::AssignmentRole;

/// Who may issue a command (and so be the actor of the events it produces).
///
/// # Example
/// ```
/// use jiesu::ticket::lifecycle::Issuer;
/// use jiesu::ticket::Role;
/// assert_eq!(Issuer::Roles(&[Role::TaskForce, Role::CommandCenter]).describe(), "task_force or command_center");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Issuer {
    /// An actor of one of these roles (no unit involved).
    Roles(&'static [Role]),
    /// A unit (role `unit`, or its `unit_leader`) assigned to the ticket in one of these
    /// assignment roles (R-ORG-2: a unit acts only on tickets assigned to it).
    Assigned(&'static [AssignmentRole]),
    /// The escalation rules: the command center with user [`ESCALATION_RULES`], as
    /// [`Engine::record_alerts`](crate::engine::Engine::record_alerts) records.
    EscalationRules,
    /// The leader (`unit_leader`) of a unit assigned to the ticket in one of these roles:
    /// what a unit does in its leader's name (R-ORG-3).
    Leader(&'static [AssignmentRole]),
    /// The level (of these) that holds the ticket's major matter, waiting for its decision or
    /// having taken it: the task force or the leading group (R-SCOPE-5, R-ORG-5).
    Holder(&'static [MatterLevel]),
    /// Any of these.
    Any(&'static [Issuer]),
}

/// The `user` of the command center's actor that records escalation alerts.
pub const ESCALATION_RULES: &str = "escalation_rules";

impl Issuer {
    /// What the issuer must be, in words, for error messages.
    ///
    /// # Example
    /// ```
    /// use jiesu::ticket::lifecycle::Issuer;
    /// use jiesu::guide::AssignmentRole;
    /// assert_eq!(Issuer::Assigned(&[AssignmentRole::Lead]).describe(), "unit leading this ticket (lead)");
    /// ```
    pub fn describe(&self) -> String {
        match self {
            Issuer::Roles(roles) => roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(" or "),
            Issuer::EscalationRules => format!("the escalation rules (command_center, user {ESCALATION_RULES:?})"),
            Issuer::Assigned(ANY_UNIT) => "unit assigned to this ticket".into(),
            Issuer::Assigned(LEAD) => "unit leading this ticket (lead)".into(),
            Issuer::Assigned(HELPERS) => "unit responsible or cooperating on this ticket".into(),
            Issuer::Assigned(roles) => {
                format!("unit assigned to this ticket as {}", roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(" or "))
            }
            Issuer::Leader(LEAD) => "unit_leader of the unit leading this ticket (lead)".into(),
            Issuer::Leader(roles) => {
                format!("unit_leader of a unit assigned to this ticket as {}", roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(" or "))
            }
            Issuer::Holder(levels) => {
                format!("{} holding the ticket's major matter", levels.iter().map(|l| l.as_str()).collect::<Vec<_>>().join(" or "))
            }
            Issuer::Any(list) => list.iter().map(|i| i.describe()).collect::<Vec<_>>().join(", or "),
        }
    }

    /// Whether `actor` is such an issuer on `ticket` as it stands.
    fn admits(&self, ticket: &Ticket, actor: &Actor) -> bool {
        match self {
            Issuer::Roles(roles) => roles.contains(&actor.role),
            Issuer::EscalationRules => actor.role == Role::CommandCenter && actor.user.as_deref() == Some(ESCALATION_RULES),
            Issuer::Assigned(roles) => {
                matches!(actor.role, Role::Unit | Role::UnitLeader)
                    && actor.unit.as_deref().and_then(|u| ticket.assignment(u)).is_some_and(|a| roles.contains(&a.role))
            }
            Issuer::Leader(roles) => {
                actor.role == Role::UnitLeader && actor.unit.as_deref().and_then(|u| ticket.assignment(u)).is_some_and(|a| roles.contains(&a.role))
            }
            Issuer::Holder(levels) => ticket
                .major_matter
                .as_ref()
                .is_some_and(|m| m.standing != MatterStanding::SentBack && levels.contains(&m.level) && actor.role == m.level.role()),
            Issuer::Any(list) => list.iter().any(|i| i.admits(ticket, actor)),
        }
    }
}

/// The statuses in which a command is allowed.
///
/// # Example
/// ```
/// use jiesu::ticket::{lifecycle::Phase, Status};
/// assert!(Phase::New.allows(None));
/// assert!(!Phase::In(&[Status::Reported]).allows(Some(Status::Closed)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Before registration (the ticket has no status yet).
    New,
    /// In one of these statuses.
    In(&'static [Status]),
}

impl Phase {
    /// Whether a ticket in `status` (`None` before registration) is in this phase.
    ///
    /// # Example
    /// ```
    /// use jiesu::ticket::{lifecycle::Phase, Status};
    /// assert!(Phase::In(&[Status::Registered]).allows(Some(Status::Registered)));
    /// assert!(!Phase::New.allows(Some(Status::Registered)));
    /// ```
    pub fn allows(&self, status: Option<Status>) -> bool {
        match (self, status) {
            (Phase::New, None) => true,
            (Phase::In(list), Some(s)) => list.contains(&s),
            _ => false,
        }
    }

    fn statuses(&self) -> &'static [Status] {
        match self {
            Phase::New => &[],
            Phase::In(list) => list,
        }
    }
}

/// One row of the lifecycle table.
///
/// # Example
/// ```
/// use jiesu::ticket::{lifecycle, CommandKind};
/// let row = lifecycle::rule(CommandKind::Supervise);
/// assert_eq!((row.command, row.rule), (CommandKind::Supervise, "R-ORG-4"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// The command.
    pub command: CommandKind,
    /// Who may issue it.
    pub by: Issuer,
    /// In which statuses.
    pub phase: Phase,
    /// The events it produces (one of them), applied in the row's statuses.
    pub emits: &'static [EventKind],
    /// Events that may follow in the same decision, each authorized by its own row in the
    /// status the first one leaves (`decide_return` approving a lead's return: `reassigned`).
    pub then: &'static [EventKind],
    /// The rule of `RULES.md` that gives the issuer its authority, cited when an actor is
    /// refused (R-ORG-1 command center, R-ORG-2 assigned units, R-ORG-4 supervision office,
    /// R-ORG-5 task force and leading group, R-SCOPE-5 reporting a major matter up).
    pub rule: &'static str,
}

const CC: Issuer = Issuer::Roles(&[Role::CommandCenter]);
const ANY_UNIT: &[AssignmentRole] = &[AssignmentRole::Lead, AssignmentRole::Responsible, AssignmentRole::Cooperating];
const LEAD: &[AssignmentRole] = &[AssignmentRole::Lead];
const HELPERS: &[AssignmentRole] = &[AssignmentRole::Responsible, AssignmentRole::Cooperating];

/// Statuses of an open ticket (registered, not yet closed).
pub const OPEN: &[Status] =
    &[Status::Registered, Status::Dispatched, Status::InProgress, Status::ReturnPending, Status::Reported, Status::AwaitingCallback, Status::Judging];
/// Statuses in which units handle a ticket (R-FLOW-1).
pub const HANDLING: &[Status] = &[Status::Dispatched, Status::InProgress, Status::ReturnPending];
/// Handling, with no return request pending.
pub const ASSIGNED: &[Status] = &[Status::Dispatched, Status::InProgress];
/// Statuses of a finished ticket that may be archived (R-FLOW-5).
pub const FINISHED: &[Status] = &[Status::Closed, Status::Declined, Status::Answered];

use CommandKind as C;
use EventKind as E;
use Issuer::{Assigned, Roles};
use Phase::{In, New};

/// The lifecycle (GLOSSARY "Commands → events"): one row per command kind, in the glossary's
/// order.
pub const LIFECYCLE: &[Rule] = &[
    Rule { command: C::Register, by: CC, phase: New, emits: &[E::Registered], then: &[], rule: "R-ORG-1" },
    Rule { command: C::Decline, by: CC, phase: In(&[Status::Registered]), emits: &[E::Declined], then: &[], rule: "R-ORG-1" },
    Rule { command: C::AnswerDirectly, by: CC, phase: In(&[Status::Registered]), emits: &[E::AnsweredDirectly], then: &[], rule: "R-ORG-1" },
    Rule { command: C::Dispatch, by: CC, phase: In(&[Status::Registered]), emits: &[E::Dispatched], then: &[], rule: "R-ORG-1" },
    Rule { command: C::Acknowledge, by: Assigned(ANY_UNIT), phase: In(HANDLING), emits: &[E::Acknowledged], then: &[], rule: "R-ORG-2" },
    Rule { command: C::ContactRequester, by: Assigned(ANY_UNIT), phase: In(HANDLING), emits: &[E::RequesterContacted], then: &[], rule: "R-ORG-2" },
    Rule { command: C::AddProgress, by: Assigned(ANY_UNIT), phase: In(HANDLING), emits: &[E::ProgressAdded], then: &[], rule: "R-ORG-2" },
    Rule { command: C::SubmitContribution, by: Assigned(HELPERS), phase: In(HANDLING), emits: &[E::ContributionSubmitted], then: &[], rule: "R-ORG-2" },
    Rule { command: C::RequestReturn, by: Assigned(ANY_UNIT), phase: In(ASSIGNED), emits: &[E::ReturnRequested], then: &[], rule: "R-ORG-2" },
    Rule {
        command: C::DecideReturn,
        by: CC,
        phase: In(&[Status::ReturnPending]),
        emits: &[E::ReturnApproved, E::ReturnRejected],
        then: &[E::Reassigned],
        rule: "R-ORG-1",
    },
    Rule { command: C::Reassign, by: CC, phase: In(ASSIGNED), emits: &[E::Reassigned], then: &[], rule: "R-ORG-1" },
    Rule { command: C::RequestExtension, by: Assigned(LEAD), phase: In(ASSIGNED), emits: &[E::ExtensionRequested], then: &[], rule: "R-ORG-2" },
    Rule { command: C::DecideExtension, by: CC, phase: In(HANDLING), emits: &[E::ExtensionApproved, E::ExtensionRejected], then: &[], rule: "R-ORG-1" },
    Rule { command: C::Suspend, by: CC, phase: In(ASSIGNED), emits: &[E::Suspended], then: &[], rule: "R-ORG-1" },
    Rule { command: C::Resume, by: CC, phase: In(ASSIGNED), emits: &[E::Resumed], then: &[], rule: "R-ORG-1" },
    Rule { command: C::SubmitReport, by: Assigned(LEAD), phase: In(&[Status::InProgress]), emits: &[E::ReportSubmitted], then: &[], rule: "R-ORG-2" },
    Rule { command: C::ReviewReport, by: CC, phase: In(&[Status::Reported]), emits: &[E::ReportAccepted, E::ReportReturned], then: &[], rule: "R-ORG-1" },
    Rule { command: C::RecordCallback, by: CC, phase: In(&[Status::AwaitingCallback]), emits: &[E::CallbackRecorded], then: &[], rule: "R-ORG-1" },
    Rule { command: C::JudgeDissatisfaction, by: CC, phase: In(&[Status::Judging]), emits: &[E::Reopened, E::Closed], then: &[], rule: "R-ORG-1" },
    Rule { command: C::Close, by: CC, phase: In(&[Status::AwaitingCallback]), emits: &[E::Closed], then: &[], rule: "R-ORG-1" },
    Rule { command: C::Archive, by: CC, phase: In(FINISHED), emits: &[E::Archived], then: &[], rule: "R-ORG-1" },
    Rule { command: C::Urge, by: CC, phase: In(OPEN), emits: &[E::Urged], then: &[], rule: "R-ORG-1" },
    Rule { command: C::Supervise, by: Roles(&[Role::SupervisionOffice]), phase: In(OPEN), emits: &[E::Supervised], then: &[], rule: "R-ORG-4" },
    Rule {
        command: C::ConveneConsultation,
        by: Roles(&[Role::TaskForce, Role::CommandCenter]),
        phase: In(OPEN),
        emits: &[E::ConsultationConvened],
        then: &[],
        rule: "R-ORG-5",
    },
    Rule { command: C::Instruct, by: Roles(&[Role::LeadingGroup]), phase: In(OPEN), emits: &[E::Instructed], then: &[], rule: "R-ORG-5" },
    Rule { command: C::LinkDuplicate, by: CC, phase: In(OPEN), emits: &[E::DuplicateLinked], then: &[], rule: "R-ORG-1" },
    Rule {
        command: C::ReportUp,
        by: Issuer::Any(&[Issuer::Leader(LEAD), CC, Issuer::Holder(&[MatterLevel::TaskForce])]),
        phase: In(ASSIGNED),
        emits: &[E::ReportedUp],
        then: &[],
        rule: "R-SCOPE-5",
    },
    Rule {
        command: C::DecideMajorMatter,
        by: Issuer::Holder(&[MatterLevel::TaskForce, MatterLevel::LeadingGroup]),
        phase: In(ASSIGNED),
        emits: &[E::MajorMatterTaken, E::MajorMatterSentBack],
        then: &[],
        rule: "R-ORG-5",
    },
    Rule { command: C::RecordAlerts, by: Issuer::EscalationRules, phase: In(OPEN), emits: &[E::Escalated], then: &[], rule: "R-ORG-1" },
];

/// The row of `command`.
///
/// # Example
/// ```
/// use jiesu::ticket::{lifecycle, CommandKind, Status};
/// assert!(lifecycle::rule(CommandKind::RequestExtension).phase.allows(Some(Status::InProgress)));
/// assert!(!lifecycle::rule(CommandKind::RequestExtension).phase.allows(Some(Status::ReturnPending)));
/// ```
pub fn rule(command: CommandKind) -> &'static Rule {
    // Rows are in `CommandKind` order (checked by a test), so the index is the kind.
    &LIFECYCLE[command as usize]
}

fn actor_text(actor: &Actor) -> String {
    format!("{}{}", actor.role.as_str(), actor.unit.as_ref().map(|u| format!(" of unit {u:?}")).unwrap_or_default())
}

fn transition(what: &str, status: Option<Status>, allowed: &[Status]) -> Error {
    let list: Vec<&str> = allowed.iter().map(|s| s.as_str()).collect();
    let allowed = if list.is_empty() { "before registration only".to_string() } else { format!("allowed in: {}", list.join(", ")) };
    Error::new(ErrorKind::InvalidTransition, format!("{what} is not allowed in status {} ({allowed})", status.map_or("none", |s| s.as_str())))
}

/// Authorizes `actor` to issue `command` on `ticket` as it stands: the issuer, then the status.
pub(crate) fn authorize_command(ticket: &Ticket, actor: &Actor, command: CommandKind) -> Result<()> {
    let row = rule(command);
    if !row.by.admits(ticket, actor) {
        return Err(Error::new(ErrorKind::PermissionDenied, format!("command {command} requires role {}; actor is {}", row.by.describe(), actor_text(actor)))
            .with_rule(row.rule));
    }
    if !row.phase.allows(ticket.status) {
        return Err(transition(&format!("command {command}"), ticket.status, row.phase.statuses()));
    }
    Ok(())
}

/// The most rows that emit one event kind (`closed`: `judge_dissatisfaction` and `close`).
const MAX_EMITTERS: usize = 2;

/// For each event kind (by its index in [`EventKind::ALL`]), the indices of the rows that emit
/// it, in table order, and how many there are: worked out once, at compile time, so that
/// authorizing an event looks at its own rows only instead of filtering the whole table.
const EMITTERS: [([u8; MAX_EMITTERS], usize); EventKind::ALL.len()] = {
    let mut table = [([0; MAX_EMITTERS], 0); EventKind::ALL.len()];
    let mut r = 0;
    while r < LIFECYCLE.len() {
        let emits = LIFECYCLE[r].emits;
        let mut k = 0;
        while k < emits.len() {
            let (rows, n) = &mut table[emits[k] as usize];
            // A kind emitted by more rows does not compile (raise `MAX_EMITTERS`).
            assert!(*n < MAX_EMITTERS && r <= u8::MAX as usize);
            rows[*n] = r as u8;
            *n += 1;
            k += 1;
        }
        r += 1;
    }
    table
};

/// The rows that emit events of `kind`, in table order.
fn emitters(kind: EventKind) -> impl Iterator<Item = &'static Rule> + Clone {
    let (rows, n) = &EMITTERS[kind as usize];
    rows[..*n].iter().map(|&r| &LIFECYCLE[usize::from(r)])
}

/// Authorizes event `e` on `ticket` as it stands: some row producing its kind must admit the
/// event's actor in the ticket's status, and an event a unit records must name the actor's own
/// unit.
pub(crate) fn authorize_event(ticket: &Ticket, e: &Event) -> Result<()> {
    let kind = e.body.kind();
    let rows = || emitters(kind);
    // One pass on the way that succeeds: the first row that admits the actor, and the first
    // that also allows the status (the errors below look again, only when refusing).
    let (mut admitting, mut allowing) = (None, None);
    for r in rows() {
        if r.by.admits(ticket, &e.actor) {
            admitting.get_or_insert(r);
            if r.phase.allows(ticket.status) {
                allowing = Some(r);
                break;
            }
        }
    }
    let Some(row) = allowing.or(admitting) else {
        let mut who: Vec<String> = Vec::new();
        for w in rows().map(|r| r.by.describe()) {
            // `closed` comes from `close` and `judge_dissatisfaction`: name the command center once.
            if !who.contains(&w) {
                who.push(w);
            }
        }
        let rule = rows().next().map_or("R-ORG-1", |r| r.rule);
        return Err(Error::new(
            ErrorKind::PermissionDenied,
            format!("event {kind} must be recorded by {}; actor is {}", who.join(", or "), actor_text(&e.actor)),
        )
        .with_rule(rule));
    };
    if let (Some(unit), Issuer::Assigned(_)) = (e.body.acting_unit(), row.by) {
        if e.actor.unit.as_deref() != Some(unit) {
            return Err(Error::new(
                ErrorKind::PermissionDenied,
                format!("event {kind} names unit {unit:?} but was recorded by {}: a unit acts only for itself", actor_text(&e.actor)),
            )
            .with_rule("R-ORG-2"));
        }
    }
    if allowing.is_none() {
        let mut allowed: Vec<Status> = rows().flat_map(|r| r.phase.statuses().iter().copied()).collect();
        allowed.sort();
        allowed.dedup();
        return Err(transition(&format!("event {kind}"), ticket.status, &allowed));
    }
    Ok(())
}

/// The table as Markdown, one line per command: what `docs/LIFECYCLE.md` holds (a test keeps
/// it in step), for readers of the C and Python layers.
///
/// # Example
/// ```
/// let md = jiesu::ticket::lifecycle::markdown();
/// assert!(md.contains("| `record_callback` | command_center | awaiting_callback | `callback_recorded` | R-ORG-1 |"));
/// ```
pub fn markdown() -> String {
    let mut out = String::from("| command | who may issue it | in status | events | authority |\n|---|---|---|---|---|\n");
    for r in LIFECYCLE {
        let phase = match r.phase {
            Phase::New => "(before registration)".to_string(),
            Phase::In(list) => list.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "),
        };
        let mut events = r.emits.iter().map(|e| format!("`{e}`")).collect::<Vec<_>>().join(", ");
        if !r.then.is_empty() {
            events.push_str(&format!(" (then {})", r.then.iter().map(|e| format!("`{e}`")).collect::<Vec<_>>().join(", ")));
        }
        out.push_str(&format!("| `{}` | {} | {phase} | {events} | {} |\n", r.command, r.by.describe(), r.rule));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_row_per_command_kind_in_kind_order() {
        assert_eq!(LIFECYCLE.len(), CommandKind::ALL.len());
        for (row, kind) in LIFECYCLE.iter().zip(CommandKind::ALL) {
            assert_eq!(row.command, *kind);
        }
    }

    #[test]
    fn no_row_lets_a_reassignment_stand_in_return_pending() {
        // `reassign` is refused in `return_pending`; `decide_return`'s reassignment follows
        // its approval, which leaves `return_pending`.
        let rows = LIFECYCLE.iter().filter(|r| r.emits.contains(&EventKind::Reassigned));
        assert!(rows.clone().all(|r| !r.phase.allows(Some(Status::ReturnPending))));
        assert_eq!(rows.map(|r| r.command).collect::<Vec<_>>(), [CommandKind::Reassign]);
    }

    #[test]
    fn the_emitters_of_each_kind_are_the_rows_that_emit_it_in_table_order() {
        for (i, kind) in EventKind::ALL.iter().enumerate() {
            assert_eq!(*kind as usize, i);
            let expected: Vec<&Rule> = LIFECYCLE.iter().filter(|r| r.emits.contains(kind)).collect();
            assert_eq!(emitters(*kind).collect::<Vec<_>>(), expected, "{kind}");
        }
    }

    #[test]
    fn every_event_kind_is_produced_by_some_command() {
        for kind in EventKind::ALL {
            assert!(LIFECYCLE.iter().any(|r| r.emits.contains(kind)), "{kind} is produced by no command");
        }
        // What follows in the same decision has a row of its own.
        for r in LIFECYCLE {
            for kind in r.then {
                assert!(LIFECYCLE.iter().any(|o| o.emits.contains(kind)), "{kind} follows {} but has no row", r.command);
            }
        }
    }
}
