//! The span of a [`Command`]'s instants (the plausibility window of `handle`), found field by
//! field instead of by the serde walk of the whole command ([`super::span`]), which remains the
//! reference: a command holds at most one instant, and when it does not read back as itself
//! (the walk then meets it as text) the walk is asked instead.
//!
//! Every variant, report and judgement is taken apart without `..`, so a field added to a
//! command does not compile until it is looked at here. The values of other modules a command
//! carries (requester, location, classification decision, assignments) hold no instant: the
//! tests take them apart too.

use chrono::{DateTime, FixedOffset};

use super::{Error, Path, Span};
use crate::ticket::command::{Command, Judgement, Report};
use crate::ticket::instant;

/// The span of command `c`'s instants, the very one [`super::span`] gives.
pub(crate) fn span(c: &Command) -> Result<Span, Error> {
    let mut s = Span::default();
    if let Some((names, t)) = instant_of(c) {
        if !instant::reads_back(t) {
            // Spelt and parsed back by the walk (or not an instant to it at all).
            return super::span(c);
        }
        let mut path = Path::default();
        for name in names {
            path.push(name);
        }
        s.note(path, *t);
    }
    Ok(s)
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

    /// The span as text: each end's field and instant.
    fn spelt(s: &super::Span) -> Vec<Option<(String, DateTime<FixedOffset>)>> {
        [s.earliest, s.latest].into_iter().map(|m| m.map(|(p, t)| (p.to_string(), t))).collect()
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
    fn the_span_is_the_walk_s_for_every_instant() {
        for t in instants() {
            for c in commands(t) {
                let (fast, walked) = (super::span(&c).unwrap(), super::super::span(&c).unwrap());
                assert_eq!(spelt(&fast), spelt(&walked), "{c:?}");
            }
        }
        // Every command of every kind: the walk notes no instant where none is looked for.
        let decision: ClassificationDecision = serde_json::from_str(
            r#"{"category":"c","appeal_type":"complaint","lead":"2026-03-02T09:00:00+08:00","responsible":["a"],"cooperating":["b"],"location":{"township":"t"}}"#,
        )
        .unwrap();
        let c = Command::Dispatch { decision };
        assert_eq!(spelt(&super::span(&c).unwrap()), spelt(&super::super::span(&c).unwrap()));
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
