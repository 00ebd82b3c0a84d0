//! The operator's decision at dispatch (派单, R-SCOPE-4) turned into a ticket's
//! classification: its SLA inputs and assignments to units.

use serde::{Deserialize, Serialize};

use super::{AppealType, AssignmentRole, Domain, Guide, Location};
use crate::error::{Error, Result};
use crate::sla::{HandlingClass, Limit, SlaInput, Urgency};

/// The operator's decision at dispatch (派单, R-SCOPE-4): a leaf category and an appeal type,
/// with optional overrides of what the guide says. It is the `decision` of the `dispatch`
/// command; [`Guide::classify`] checks it and turns it into the ticket's classification.
///
/// # Example
/// ```
/// use jiesu::guide::{Assignment, AssignmentRole, ClassificationDecision, Guide};
/// // Street lights, with the housing bureau added as a cooperating unit.
/// let d: ClassificationDecision = serde_json::from_str(
///     r#"{"category":"040201","appeal_type":"complaint","cooperating":["housing"]}"#).unwrap();
/// let c = Guide::yanshan_default().classify(&d)?;
/// assert_eq!(c.assignments, [
///     Assignment { unit: "urban_management".into(), role: AssignmentRole::Lead },
///     Assignment { unit: "housing".into(), role: AssignmentRole::Cooperating },
/// ]);
/// # Ok::<(), jiesu::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassificationDecision {
    /// The chosen category's code (a leaf).
    pub category: String,
    /// The appeal type (诉求类型); `None` takes the category's first.
    pub appeal_type: Option<AppealType>,
    /// Urgency override (紧急程度).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urgency: Option<Urgency>,
    /// Handling class override (办理类别).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handling_class: Option<HandlingClass>,
    /// Limit override (complex days or statutory limit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<Limit>,
    /// Lead unit override (牵头单位).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<String>,
    /// Responsible units override (责任单位).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsible: Option<Vec<String>>,
    /// Cooperating units override (配合单位).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cooperating: Option<Vec<String>>,
    /// Where the request is located (resolves routing by location).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

impl ClassificationDecision {
    /// A decision without overrides: the category's routing, urgency and time limit apply.
    ///
    /// # Example
    /// ```
    /// use jiesu::guide::{AppealType, ClassificationDecision, Guide};
    /// use jiesu::sla::{HandlingClass, Limit, SlaInput, Urgency};
    /// // 用人单位拖欠工资: a statutory limit of 60 working days.
    /// let c = Guide::yanshan_default().classify(&ClassificationDecision::new("010102", AppealType::Complaint))?;
    /// let statutory = SlaInput::new(Urgency::Normal, HandlingClass::Statutory).with_limit(Limit::WorkingDays(60));
    /// assert_eq!(c.sla, statutory);
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn new(category: &str, appeal_type: AppealType) -> ClassificationDecision {
        ClassificationDecision { category: category.to_string(), appeal_type: Some(appeal_type), ..Default::default() }
    }
}

/// A unit assigned to a ticket with its role (承办角色): one lead, then responsible and
/// cooperating units.
///
/// # Example
/// ```
/// use jiesu::guide::{Assignment, AssignmentRole};
/// let a = Assignment { unit: "water".into(), role: AssignmentRole::Lead };
/// assert_eq!(serde_json::to_string(&a).unwrap(), r#"{"unit":"water","role":"lead"}"#);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    /// The unit's id in the guide.
    pub unit: String,
    /// Lead (牵头), responsible (责任) or cooperating (配合).
    pub role: AssignmentRole,
}

/// A ticket's classification: what the guide decided, with the guide's id and version, recorded
/// in the `dispatched` event so that a later guide never re-classifies history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Classification {
    /// Id of the guide that classified the ticket (`yanshan`).
    pub guide_id: String,
    /// Version of that guide (`2026.1`).
    pub guide_version: String,
    /// The leaf category's code.
    pub category: String,
    /// The leaf category's name, as the guide named it then.
    pub category_name: String,
    /// The category's domain (领域, R-SCOPE-1).
    pub domain: Domain,
    /// The appeal type (诉求类型): the decision's, else the category's first.
    pub appeal_type: AppealType,
    /// Township of the request, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub township: Option<String>,
    /// The SLA inputs.
    pub sla: SlaInput,
    /// Assignments: exactly one lead, then responsible and cooperating units.
    pub assignments: Vec<Assignment>,
}

impl Guide {
    /// Turns the operator's decision into the ticket's classification and SLA inputs,
    /// refusing what the guide does not allow: an unknown or non-leaf category, a unit outside
    /// the guide, an override that leaves no lead unit, a unit in two roles, a limit the class
    /// does not accept.
    ///
    /// # Example
    /// ```
    /// use jiesu::guide::{AppealType, ClassificationDecision, Guide};
    /// let g = Guide::yanshan_default();
    /// let e = g.classify(&ClassificationDecision::new("999999", AppealType::Help)).unwrap_err();
    /// assert_eq!(e.field(), Some("category"));
    /// ```
    pub fn classify(&self, d: &ClassificationDecision) -> Result<Classification> {
        self.classify_with(d, &crate::sla::SlaPolicy::default())
    }

    /// [`classify`](Guide::classify), checking limits against `policy` (the engine's) instead
    /// of the default policy.
    ///
    /// # Example
    /// ```
    /// use jiesu::guide::{AppealType, ClassificationDecision, Guide};
    /// use jiesu::sla::{HandlingClass, Limit, SlaPolicy};
    /// let g = Guide::yanshan_default();
    /// let leaf = g.leaves().find(|c| !c.routing.by_location).unwrap();
    /// let mut d = ClassificationDecision::new(&leaf.code, AppealType::Help);
    /// d.handling_class = Some(HandlingClass::Complex);
    /// d.limit = Some(Limit::WorkingDays(20));
    /// assert!(g.classify(&d).is_err());
    /// let p = SlaPolicy::from_json(r#"{"complex_max_days": 20}"#).unwrap();
    /// assert!(g.classify_with(&d, &p).is_ok());
    /// ```
    pub fn classify_with(&self, d: &ClassificationDecision, policy: &crate::sla::SlaPolicy) -> Result<Classification> {
        let invalid = |field: &str, msg: String| Error::invalid_input(field, msg).with_rule("R-SCOPE-4");
        let cat = self
            .category(&d.category)
            .ok_or_else(|| invalid("category", format!("unknown category {:?} in guide {} {}", d.category, self.id(), self.version())))?;
        if !cat.is_leaf {
            return Err(invalid("category", format!("category {:?} ({}) is not a leaf: choose one of its sub-categories", cat.code, cat.name)));
        }
        let appeal_type = match d.appeal_type {
            Some(a) => a,
            None => *cat.appeal_types.first().ok_or_else(|| invalid("appeal_type", "appeal type required".into()))?,
        };
        let township = match d.location.as_ref().and_then(|l| l.township.as_deref()) {
            Some(t) => Some(self.township(t).ok_or_else(|| invalid("location.township", format!("unknown township {t:?}")))?.id.clone()),
            None => None,
        };
        let check_unit = |field: &str, id: &str| -> Result<()> {
            if self.unit(id).is_none() {
                return Err(invalid(field, format!("unit {id:?} is not in guide {}", self.id())));
            }
            Ok(())
        };
        let lead = match &d.lead {
            Some(l) => {
                check_unit("lead", l)?;
                Some(l.clone())
            }
            None if cat.routing.by_location => township.clone(),
            None => cat.routing.lead.clone(),
        };
        let Some(lead) = lead else {
            return Err(invalid("lead", format!("category {:?} is routed by location: give the township or a lead unit", cat.code)));
        };
        let responsible = d.responsible.clone().unwrap_or_else(|| cat.routing.responsible.clone());
        let cooperating = d.cooperating.clone().unwrap_or_else(|| cat.routing.cooperating.clone());
        let mut assignments = vec![Assignment { unit: lead, role: AssignmentRole::Lead }];
        for (field, list, role) in [("responsible", &responsible, AssignmentRole::Responsible), ("cooperating", &cooperating, AssignmentRole::Cooperating)] {
            for u in list {
                check_unit(field, u)?;
                if assignments.iter().any(|a| &a.unit == u) {
                    return Err(invalid(field, format!("unit {u:?} is assigned twice")));
                }
                assignments.push(Assignment { unit: u.clone(), role });
            }
        }
        let handling_class = d.handling_class.unwrap_or(cat.handling_class);
        let limit = match (d.limit, handling_class) {
            (Some(l), _) => Some(l),
            (None, c) if c == cat.handling_class => cat.limit,
            (None, _) => None,
        };
        let urgency = d.urgency.unwrap_or(cat.urgency);
        let sla = SlaInput { urgency, handling_class, limit };
        // The policy's rules check the limit against the class.
        policy.completion_limit(&sla).map_err(|e| invalid("limit", e.message().to_string()))?;
        Ok(Classification {
            guide_id: self.id().to_string(),
            guide_version: self.version().to_string(),
            category: cat.code.clone(),
            category_name: cat.name.clone(),
            domain: cat.domain,
            appeal_type,
            township,
            sla,
            assignments,
        })
    }
}
