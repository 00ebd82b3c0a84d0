//! The plausibility window of a [`Command`]'s instants (checked by `handle`), its instant found
//! field by field instead of by the serde walk of the whole command ([`super::span`]), which
//! remains the reference: a command holds at most one instant, and when it does not read back
//! as itself (the walk then meets it as text) the walk is asked instead.
//!
//! Every variant, report and judgement is taken apart without `..`, so a field added to a
//! command does not compile until it is looked at here. The values of other modules a command
//! carries (requester, location, classification decision, assignments) hold no instant: the
//! tests take them apart too.

use chrono::{DateTime, FixedOffset};

use crate::error::{Error, ErrorKind, Result};
use crate::limits::Limits;
use crate::ticket::command::{Command, Judgement, Report};
use crate::ticket::instant;

/// Whether command `c`'s instants are within `limits`' plausible window: what the span of the
/// walk ([`super::span`]) checked against them ([`super::Span::check`]) says, the same error
/// naming the same field.
pub(crate) fn check(c: &Command, limits: &Limits) -> Result<()> {
    match instant_of(c) {
        None => Ok(()),
        Some((names, t)) if instant::reads_back(t) => {
            // The field's path is spelt only for an instant outside the window.
            if (limits.earliest_instant..limits.latest_instant).contains(t) {
                return Ok(());
            }
            limits.check_instant(&names.join("."), *t)
        }
        // Spelt and parsed back by the walk (or not an instant to it at all).
        Some(_) => super::span(c).map_err(|err| Error::new(ErrorKind::InvalidInput, format!("command encoding: {err}")))?.check(limits),
    }
}

/// The instant command `c` holds, if any, with the path of its field.
fn instant_of(c: &Command) -> Option<(&'static [&'static str], &DateTime<FixedOffset>)> {
    use Command as C;
    match c {
        C::RequestExtension { reason: _, requested_due_at } => Some((&["requested_due_at"], requested_due_at)),
        C::SubmitReport { report } => {
            let Report { result: _, answered_at, evidence: _, approved_by: _, solved: _ } = report;
            answered_at.as_ref().map(|t| (&["report", "answered_at"][..], t))
        }
        C::JudgeDissatisfaction { judgement } => match judgement {
            Judgement::Reasonable { measures: _, responsible_person: _, due_at } => due_at.as_ref().map(|t| (&["judgement", "due_at"][..], t)),
            Judgement::Unresolvable { explanation: _ } | Judgement::Unreasonable { explanation: _ } => None,
        },
        C::DecideMajorMatter { take: _, instruction: _, explanation: _, units: _, due_at } => due_at.as_ref().map(|t| (&["due_at"][..], t)),
        C::Register { id: _, channel: _, appeal_type: _, content: _, requester: _, location: _ }
        | C::Decline { reason: _, guidance: _ }
        | C::AnswerDirectly { answer: _ }
        | C::Dispatch { decision: _ }
        | C::Acknowledge {}
        | C::ContactRequester { note: _ }
        | C::AddProgress { note: _ }
        | C::SubmitContribution { content: _ }
        | C::RequestReturn { reason: _, evidence: _, suggested_unit: _ }
        | C::DecideReturn { approve: _, reason: _, assignments: _ }
        | C::Reassign { assignments: _ }
        | C::DecideExtension { approve: _, reason: _ }
        | C::Suspend { reason: _ }
        | C::Resume {}
        | C::ReviewReport { accept: _, reason: _, note: _ }
        | C::RecordCallback { outcome: _, solved: _, note: _ }
        | C::Close {}
        | C::Archive {}
        | C::Urge { message: _ }
        | C::Supervise { note: _ }
        | C::ConveneConsultation { units: _, note: _ }
        | C::Instruct { instruction: _ }
        | C::LinkDuplicate { linked_ticket_id: _ }
        | C::ReportUp { kind: _, reason: _ } => None,
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, FixedOffset};

    use crate::guide::{Assignment, ClassificationDecision, Location};
    use crate::ticket::command::{Command, Judgement, Report};
    use crate::ticket::privacy::Requester;

    /// What the walk's span says of `c` against `limits`, as text.
    fn walked(c: &Command, limits: &crate::Limits) -> Result<(), String> {
        super::super::span(c).unwrap().check(limits).map_err(|e| format!("{:?} {:?} {e}", e.kind(), e.field()))
    }

    /// What `check` says, as text.
    fn checked(c: &Command, limits: &crate::Limits) -> Result<(), String> {
        super::check(c, limits).map_err(|e| format!("{:?} {:?} {e}", e.kind(), e.field()))
    }

    /// The default window and windows that leave each kind of instant out, before or after.
    fn windows() -> Vec<crate::Limits> {
        let at = |s| DateTime::parse_from_rfc3339(s).unwrap();
        let mut narrow = crate::Limits::caps();
        (narrow.earliest_instant, narrow.latest_instant) = (at("2027-01-01T00:00:00+08:00"), at("2028-01-01T00:00:00+08:00"));
        let mut early = crate::Limits::caps();
        (early.earliest_instant, early.latest_instant) = (at("2000-01-01T00:00:00+08:00"), at("2001-01-01T00:00:00+08:00"));
        vec![crate::Limits::caps(), crate::Limits::default(), narrow, early]
    }

    /// Instants that read back and instants that do not (offsets with seconds, years beyond
    /// 9999, a leap second).
    fn instants() -> Vec<DateTime<FixedOffset>> {
        let at = |secs, nanos, offset| DateTime::from_timestamp(secs, nanos).unwrap().with_timezone(&FixedOffset::east_opt(offset).unwrap());
        vec![
            DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap(),
            at(1_772_413_200, 123_456_789, 0),
            at(1_772_413_200, 0, 30),
            at(-62_167_219_201, 0, 0),
            at(253_402_300_800, 0, 3600),
            at(1_483_228_799, 1_500_000_000, 0),
            at(-8_000_000_000_000, 0, -86_399),
        ]
    }

    fn commands(t: DateTime<FixedOffset>) -> Vec<Command> {
        let report = |answered_at| Report { result: "r".into(), answered_at, evidence: vec!["e".into()], approved_by: Some("a".into()), solved: true };
        let reasonable = |due_at| Judgement::Reasonable { measures: "m".into(), responsible_person: "p".into(), due_at };
        let decide = |due_at| Command::DecideMajorMatter { take: true, instruction: "i".into(), explanation: String::new(), units: vec!["u".into()], due_at };
        vec![
            Command::RequestExtension { reason: "r".into(), requested_due_at: t },
            Command::SubmitReport { report: report(Some(t)) },
            Command::SubmitReport { report: report(None) },
            Command::JudgeDissatisfaction { judgement: reasonable(Some(t)) },
            Command::JudgeDissatisfaction { judgement: reasonable(None) },
            Command::JudgeDissatisfaction { judgement: Judgement::Unresolvable { explanation: "x".into() } },
            decide(Some(t)),
            decide(None),
            Command::Register {
                id: "YS-1".into(),
                channel: Default::default(),
                appeal_type: crate::guide::AppealType::Complaint,
                content: "2026-03-02T09:00:00+08:00".into(),
                requester: Requester { name: Some("n".into()), phone: Some("p".into()), requester_key: Some("k".into()) },
                location: Location { township: Some("t".into()), village: Some("v".into()), address: Some("2026-03-02T09:00:00Z".into()) },
            },
            Command::Reassign { assignments: vec![Assignment { unit: "u".into(), role: crate::guide::AssignmentRole::Lead }] },
            Command::Close {},
        ]
    }

    #[test]
    fn the_check_is_the_walk_s_for_every_instant_and_window() {
        let mut refused = 0;
        for limits in windows() {
            for t in instants() {
                for c in commands(t) {
                    let (fast, walk) = (checked(&c, &limits), walked(&c, &limits));
                    refused += usize::from(walk.is_err());
                    assert_eq!(fast, walk, "{c:?}");
                }
            }
        }
        assert!(refused > 20, "{refused}");
        // A dispatch: the walk notes no instant where none is looked for.
        let decision: ClassificationDecision = serde_json::from_str(
            r#"{"category":"c","appeal_type":"complaint","lead":"2026-03-02T09:00:00+08:00","responsible":["a"],"cooperating":["b"],"location":{"township":"t"}}"#,
        )
        .unwrap();
        let c = Command::Dispatch { decision };
        assert!(super::super::span(&c).unwrap().earliest.is_none());
        assert_eq!(checked(&c, &windows()[2]), Ok(()));
    }

    /// The values of other modules a command carries, taken apart: a field added to one of
    /// them does not compile until it is known to hold no instant (else `instant_of` must
    /// look at it).
    #[test]
    fn the_values_of_other_modules_hold_no_instant() {
        let decision = ClassificationDecision::new("c", crate::guide::AppealType::Complaint);
        let ClassificationDecision {
            category: _,
            appeal_type: _,
            urgency: _,
            handling_class: _,
            limit: _,
            lead: _,
            responsible: _,
            cooperating: _,
            location: _,
        } = decision;
        let Location { township: _, village: _, address: _ } = Location::default();
        let Assignment { unit: _, role: _ } = Assignment { unit: String::new(), role: crate::guide::AssignmentRole::Lead };
        let Requester { name: _, phone: _, requester_key: _ } = Requester::default();
    }
}
