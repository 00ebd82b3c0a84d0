//! The guide's items: units (R-ORG-2), categories with their routing (R-SCOPE-4),
//! exclusions (R-SCOPE-2), emergencies, and where a request is located.

use serde::{Deserialize, Serialize};

use super::{AppealType, DeclineReason, Domain, EmergencyService, UnitKind};
use crate::sla::{HandlingClass, Limit, Urgency};

/// A handling unit (承办单位, R-ORG-2): a township or a county department that tickets are
/// assigned to and that acts only on the tickets assigned to it.
///
/// # Example
/// ```
/// use jiesu::guide::{Guide, UnitKind};
/// let g = Guide::yanshan_default();
/// let jiangna = g.unit("jiangna").unwrap();
/// assert_eq!((jiangna.name.as_str(), jiangna.kind), ("江那镇", UnitKind::Township));
/// // The traffic police brigade is part of the public security bureau.
/// assert_eq!(g.unit("traffic_police").unwrap().parent.as_deref(), Some("public_security"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Unit {
    /// Stable id, used in assignments, actors (`{"role":"unit","unit":"jiangna"}`) and
    /// assessments.
    pub id: String,
    /// The unit's official name (`江那镇`), shown in bulletins.
    pub name: String,
    /// Township (乡镇) or county department (县直部门).
    pub kind: UnitKind,
    /// The unit this one belongs to, if any (a brigade of a bureau).
    pub parent: Option<String>,
    /// Outside government: a utility (power, water, gas) that takes tickets like a department.
    pub external: bool,
}

/// Where a category is routed (归口办理, R-SCOPE-4): its lead unit, or the township where the
/// request is located, with responsible and cooperating units.
///
/// # Example
/// ```
/// use jiesu::guide::{Guide, Location};
/// let g = Guide::yanshan_default();
/// // Street lights (路灯) have a fixed lead unit.
/// assert_eq!(g.category("040201").unwrap().routing.lead.as_deref(), Some("urban_management"));
/// // Rural roads (农村公路) are led by the township where the road is, with transport
/// // cooperating: a suggestion resolves the township from the request's location.
/// let rural = &g.category("050102").unwrap().routing;
/// assert!(rural.by_location && rural.lead.is_none());
/// assert_eq!(rural.cooperating, ["transport"]);
/// let s = g.suggest("进村路坑坑洼洼，下雨全是泥巴路", Some(&Location::township("ashe")));
/// assert_eq!(s.categories[0].routing.lead.as_deref(), Some("ashe"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Routing {
    /// The lead unit; `None` when routed by location and the township is not known yet.
    pub lead: Option<String>,
    /// Routed to the township where the request is located.
    pub by_location: bool,
    /// Responsible units (责任单位): handle their part and contribute to the lead's report.
    pub responsible: Vec<String>,
    /// Cooperating units (配合单位): assist the lead unit.
    pub cooperating: Vec<String>,
}

/// A category of the guide's tree (事项分类) with every inherited field resolved.
///
/// # Example
/// ```
/// use jiesu::guide::{Domain, Guide};
/// use jiesu::sla::HandlingClass;
/// let g = Guide::yanshan_default();
/// // 路灯 (040201) under 市政设施 (0402) under 城市管理 (04): the leaf writes only its name
/// // and keywords, and inherits the rest from 04.
/// let lamp = g.category("040201").unwrap();
/// assert_eq!((lamp.level, lamp.is_leaf, lamp.parent.as_deref()), (3, true, Some("0402")));
/// assert_eq!((lamp.domain, lamp.handling_class), (Domain::SocialManagement, HandlingClass::Normal));
/// assert_eq!(lamp.routing.lead.as_deref(), Some("urban_management"));
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Category {
    /// Stable code (`040201`): two digits per level.
    pub code: String,
    /// The category's name (`路灯`).
    pub name: String,
    /// The code of the category one level up; `None` for a root.
    pub parent: Option<String>,
    /// Depth in the tree: 1 for a root, at most [`MAX_DEPTH`](super::MAX_DEPTH).
    pub level: usize,
    /// Whether no category has it as parent: only leaves can be chosen for a ticket.
    pub is_leaf: bool,
    /// The domain of R-SCOPE-1 (领域).
    pub domain: Domain,
    /// The appeal types usual for the category, the first being the default of a decision
    /// that gives none.
    pub appeal_types: Vec<AppealType>,
    /// Where tickets of the category go (R-SCOPE-4).
    pub routing: Routing,
    /// Default urgency (紧急程度), raised by an urgency word in the request.
    pub urgency: Urgency,
    /// Which completion limit applies (办理类别, R-SLA-3).
    pub handling_class: HandlingClass,
    /// The completion limit of a complex category (10–15 working days) or a statutory one
    /// (法定办理时限, R-SLA-3); `None` for the policy's urgent and normal limits.
    pub limit: Option<Limit>,
    /// The law that sets a statutory limit (`《劳动保障监察条例》第十七条`).
    pub law: Option<String>,
    /// Words that suggest the category in a request text, as written in the guide.
    pub keywords: Vec<String>,
    /// Knowledge-base answer that allows an answer on the spot (首接首办, R-SCOPE-3).
    pub answer: Option<String>,
    /// Whether [`Guide::suggest`](super::Guide::suggest) offers the category.
    pub suggest: bool,
}

/// A scope exclusion (不予受理, R-SCOPE-2): a kind of matter the platform does not accept, with
/// what the requester is told instead.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Exclusion {
    /// The decline reason code.
    pub reason: DeclineReason,
    /// Guidance for the requester: where the matter is handled instead.
    pub guidance: String,
    /// Words that suggest the exclusion in a request text.
    pub keywords: Vec<String>,
}

/// An emergency to hand over to 110/119/120/122 at once (转警): not a decline, and not a
/// ticket of the platform.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Emergency {
    /// The emergency service to hand over to.
    pub service: EmergencyService,
    /// The service's name (`消防救援`).
    pub name: String,
    /// Guidance for the requester.
    pub guidance: String,
    /// Words that suggest the emergency in a request text.
    pub keywords: Vec<String>,
}

/// Where a request is located (诉求地点): its township decides the lead unit of categories
/// routed by location (R-SCOPE-4) and groups the ticket in township assessments.
///
/// # Example
/// ```
/// use jiesu::guide::{Guide, Location};
/// let loc: Location = serde_json::from_str(r#"{"township":"阿舍","village":"阿舍村","address":"村委会旁"}"#).unwrap();
/// let g = Guide::yanshan_default();
/// let s = g.suggest("进村路坑坑洼洼", Some(&loc));
/// // The township given by name is resolved to its unit, which leads.
/// assert_eq!(s.township.as_deref(), Some("ashe"));
/// assert_eq!(s.categories[0].routing.lead.as_deref(), Some("ashe"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// Township unit id or name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub township: Option<String>,
    /// Village (村) or community (社区), as the requester names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub village: Option<String>,
    /// Street address or landmark, as the requester gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

impl Location {
    /// A location known by its township (unit id or name).
    ///
    /// # Example
    /// ```
    /// use jiesu::guide::{AppealType, ClassificationDecision, Guide, Location};
    /// // Rural roads (050102) are routed by location: the township leads.
    /// let mut d = ClassificationDecision::new("050102", AppealType::Complaint);
    /// d.location = Some(Location::township("阿舍"));
    /// let c = Guide::yanshan_default().classify(&d)?;
    /// assert_eq!(c.assignments[0].unit, "ashe");
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn township(t: &str) -> Location {
        Location { township: Some(t.to_string()), ..Location::default() }
    }
}
