//! What the command center's operator does with a request, given what the default guide's
//! suggester proposes for its text (R-SCOPE-2..4): the demo routes every ticket as an operator
//! following the suggester would, so that its bulletin shows the routing an operator would see.

use jiesu::guide::{AppealType, ClassificationDecision, DeclineReason, Guide, Location, Suggestions};

/// The operator's decision on a newly registered request.
#[derive(Clone, Debug, PartialEq)]
pub enum Triage {
    /// An emergency the suggester flags: handed over to 110 / 119 / 120 / 122 at once and
    /// documented on the ticket (answered on the spot with the hand-over).
    Emergency {
        /// The hand-over, as recorded.
        answer: String,
    },
    /// Not accepted (不予受理, R-SCOPE-2), with the guide's guidance.
    Decline {
        /// The decline reason the suggester matched.
        reason: DeclineReason,
        /// The guidance given to the caller.
        guidance: String,
    },
    /// Nothing to dispatch: the request is out of the county's scope (another jurisdiction,
    /// venting, harassment: the suggester's out-of-scope match scores at least its best
    /// category), the suggester proposes no category, or its best category has no lead unit for
    /// the place given. The operator documents what was said to the caller
    /// (answered on the spot).
    Document {
        /// What the caller was told.
        answer: String,
    },
    /// A consultation the knowledge base answers on the spot (R-SCOPE-3).
    Answer {
        /// The knowledge-base answer.
        answer: String,
    },
    /// Dispatched (派单, R-SCOPE-4) to the lead unit of the suggester's first category, with
    /// the units the suggestion names.
    Dispatch(ClassificationDecision),
}

/// The operator's decision for `text` located at `location`, following the suggester's first
/// proposal (top-1).
pub fn triage(guide: &Guide, text: &str, location: &Location) -> Triage {
    let s = guide.suggest(text, Some(location));
    if let Some(e) = s.emergencies.first() {
        return Triage::Emergency { answer: format!("紧急情况，已转接{}：{}", e.service.as_str(), e.guidance) };
    }
    if let Some(x) = s.exclusions.first() {
        return Triage::Decline { reason: x.reason, guidance: x.guidance.to_string() };
    }
    // Out of scope when that is what the call is about: a flag weaker than the best category
    // (施工噪音…睡不着 is a noise complaint, not venting) does not stop a dispatch.
    if let Some(o) = s.out_of_scope.first().filter(|o| s.categories.first().is_none_or(|top| o.score >= top.score)) {
        return Triage::Document { answer: format!("{}：{}", o.name, o.guidance) };
    }
    let Some(top) = s.categories.first() else {
        return Triage::Document { answer: "经查询知识库，未找到对应事项分类，已向来电人解释相关政策并告知办理渠道".into() };
    };
    let consultation = text.contains("咨询");
    if let (Some(answer), true) = (&top.answer, consultation) {
        return Triage::Answer { answer: answer.to_string() };
    }
    let Some(lead) = top.routing.lead.clone() else {
        return Triage::Document {
            answer: format!("{}按属地办理，来电人未说明所在乡镇，已告知补充具体地点后再次反映", top.name)
        };
    };
    let mut d = ClassificationDecision::new(&top.code, if consultation { AppealType::Consultation } else { AppealType::Complaint });
    d.urgency = Some(top.urgency);
    d.lead = Some(lead);
    d.responsible = Some(top.routing.responsible.clone());
    d.cooperating = Some(top.routing.cooperating.clone());
    if location.township.is_none() {
        d.location = s.township.as_deref().map(Location::township);
    }
    Triage::Dispatch(d)
}

/// The lead units of the suggester's proposed categories, best first, each once.
pub fn proposed_leads(suggestions: &Suggestions) -> Vec<String> {
    let mut leads: Vec<String> = Vec::new();
    for l in suggestions.categories.iter().filter_map(|c| c.routing.lead.as_ref()) {
        if !leads.contains(l) {
            leads.push(l.clone());
        }
    }
    leads
}

/// Where a ticket goes when a unit gives it back (退件): the suggester's next proposed lead
/// unit for the text that is not among `returned` (the returning unit and any that returned
/// the ticket before); `None` when it proposes no other (the operator then keeps the ticket
/// with the unit).
pub fn reassignment(guide: &Guide, text: &str, location: &Location, returned: &[&str]) -> Option<String> {
    proposed_leads(&guide.suggest(text, Some(location))).into_iter().find(|u| !returned.contains(&u.as_str()))
}
