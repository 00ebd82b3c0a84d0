//! The classification guide (事项分类指南, R-ORG-1, R-SCOPE-*): units, the category tree,
//! scope exclusions, emergencies, routing, time-limit classes and keyword suggestions.
//!
//! A [`Guide`] is data with a typed core: it is loaded from TOML or JSON ([`GuideData`]),
//! validated as a whole (every problem reported with its path), and then used to
//! [`suggest`](Guide::suggest) categories for a request text (an aid to the operator) and to
//! [`classify`](Guide::classify) a ticket from the operator's decision (the SLA inputs and
//! the assignments to units). A guide has an id and a version; a classification records both,
//! so a later guide never re-classifies history.
//!
//! # Example
//! ```
//! use jiesu::guide::{AppealType, ClassificationDecision, Guide, Location};
//!
//! let guide = Guide::yanshan_default();
//! let s = guide.suggest("来电人反映：江那镇××小区门口的路灯坏了一个多月，晚上漆黑一片", None);
//! let top = &s.categories[0];
//! assert!(top.matched.iter().any(|k| k.contains("路灯")));
//! let c = guide.classify(&ClassificationDecision::new(&top.code, AppealType::Complaint))?;
//! assert_eq!(c.guide_version, "2026.1");
//! assert!(!c.assignments.is_empty());
//! # Ok::<(), jiesu::Error>(())
//! ```

mod automaton;
#[cfg(test)]
mod caps_tests;
mod data;
mod emergency;
mod extras;
mod scope;
mod table;
mod vocab;

use std::collections::{HashMap, HashSet};

use automaton::Matcher;
use serde::{Deserialize, Serialize};

pub use data::{
    CategoryData, ContextData, EmergencyData, EvidenceData, ExclusionData, GuideData, OutOfScopeData, RoutingData, StatutoryData, UnitData, SCHEMA_VERSION,
};
pub use emergency::{DiscountedMention, Qualifier};
pub use scope::{OutOfScope, OutOfScopeMatch, RouteBasis};
pub use table::CategoryRow;
pub use vocab::{AppealType, AssignmentRole, DeclineReason, Domain, EmergencyService, UnitKind};

use crate::error::{Error, Problem, Result};
use crate::sla::{HandlingClass, Limit, SlaInput, Urgency};

/// The default guide of Yanshan county (`data/guide/yanshan.toml`), an illustrative default.
pub const YANSHAN_DATA: &str = include_str!("../../data/guide/yanshan.toml");

/// Deepest category level.
pub const MAX_DEPTH: usize = 3;

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
    /// Depth in the tree: 1 for a root, at most [`MAX_DEPTH`].
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
    /// Whether [`Guide::suggest`] offers the category.
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
/// let s = Guide::yanshan_default().suggest("进村路坑坑洼洼", Some(&loc));
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

/// What a pattern of the automaton belongs to. A category's keyword belongs to the category
/// that lists it (a leaf or an ancestor): it counts for every suggested leaf under it, once.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Owner {
    Category(u32),
    Exclusion(u32),
    Emergency(u32),
    Urgency,
    Township(u32),
    /// A place (village, community) of a township: locates the request in a village.
    Place(u32),
    /// Learned evidence for a category, with its weight.
    Evidence(u32, u32),
    /// An out-of-scope kind.
    Scope(u32),
    /// A mask: the patterns inside it do not count.
    Mask(u32),
    /// A village word.
    Village,
}

/// A validated, typed classification guide with its keyword automaton.
///
/// # Example
/// ```
/// let g = jiesu::guide::Guide::yanshan_default();
/// assert_eq!((g.id(), g.version()), ("yanshan", "2026.1"));
/// assert!(g.leaves().count() >= 60);
/// ```
#[derive(Clone, Debug)]
pub struct Guide {
    data: GuideData,
    units: Vec<Unit>,
    unit_index: HashMap<String, usize>,
    categories: Vec<Category>,
    category_index: HashMap<String, usize>,
    exclusions: Vec<Exclusion>,
    emergencies: Vec<Emergency>,
    matcher: Matcher,
    /// Per pattern: its weight (characters) and owners; no pattern has two owners on one
    /// category's chain, so the owners are at most the guide's keywords.
    patterns: Vec<(u32, Vec<Owner>)>,
    /// Per category: the suggested leaves it is (or is an ancestor of).
    leaves_under: Vec<Vec<u32>>,
    /// What building the matcher needed at most (the estimate of its kind), in bytes.
    suggester_bytes: usize,
    /// Per pattern: the keyword as written (first spelling).
    pattern_text: Vec<String>,
    /// Out-of-scope kinds that are not decline reasons.
    out_of_scope: Vec<OutOfScope>,
    /// The emergency context automaton.
    context: emergency::Context,
    /// Per mask: the patterns it contains (itself excepted).
    mask_cover: Vec<Vec<u32>>,
    /// Per category: led by the township when the request is in a village.
    village_township: Vec<bool>,
}

impl PartialEq for Guide {
    fn eq(&self, other: &Guide) -> bool {
        self.data == other.data
    }
}

/// One category suggested for a request text, with what choosing it would imply.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Suggestion {
    /// The leaf category's code: what the operator puts in the dispatch decision.
    pub code: String,
    /// The leaf category's name.
    pub name: String,
    /// Sum of the weights of the matched keywords (longer keywords weigh more).
    pub score: u32,
    /// Matched keywords, longest first.
    pub matched: Vec<String>,
    /// The routing it implies, with the township resolved from the location.
    pub routing: Routing,
    /// Urgency: the category's, raised to `urgent` by an urgency word.
    pub urgency: Urgency,
    /// The category's handling class (办理类别, R-SLA-3).
    pub handling_class: HandlingClass,
    /// The category's complex or statutory limit, if it has one.
    pub limit: Option<Limit>,
    /// Knowledge-base answer, if the category allows an answer on the spot (R-SCOPE-3).
    pub answer: Option<String>,
    /// Why the lead unit leads: the guide's routing, the location, or a village.
    #[serde(default)]
    pub basis: RouteBasis,
}

/// An exclusion whose keywords a request text contains: the request may be out of scope
/// (R-SCOPE-2); the operator decides.
///
/// # Example
/// ```
/// use jiesu::guide::{DeclineReason, Guide};
/// let s = Guide::yanshan_default().suggest("这个事我已经向法院起诉了，想问问判决书什么时候下来", None);
/// let m = &s.exclusions[0];
/// assert_eq!(m.reason, DeclineReason::Litigation);
/// assert_eq!(m.matched, ["判决书", "判决", "法院", "起诉"]);
/// assert_eq!(m.score, 9); // 3 + 2 + 2 + 2 characters
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ExclusionMatch {
    /// The decline reason code.
    pub reason: DeclineReason,
    /// Sum of the lengths (characters) of the matched keywords: longer words weigh more.
    pub score: u32,
    /// Matched keywords, longest first.
    pub matched: Vec<String>,
    /// Guidance for the requester, from the guide.
    pub guidance: String,
}

/// An emergency whose keywords a request text contains: hand over to the service at once.
///
/// # Example
/// ```
/// use jiesu::guide::{EmergencyService, Guide};
/// let s = Guide::yanshan_default().suggest("楼下着火了，有人被困", None);
/// assert_eq!(s.emergencies[0].service, EmergencyService::Fire);
/// assert!(s.emergencies[0].guidance.contains("119"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EmergencyMatch {
    /// The emergency service to hand over to.
    pub service: EmergencyService,
    /// Sum of the lengths (characters) of the matched keywords: longer words weigh more.
    pub score: u32,
    /// Matched keywords, longest first.
    pub matched: Vec<String>,
    /// Guidance for the requester, from the guide.
    pub guidance: String,
}

/// Suggestions for a request text: an aid to the operator, never a decision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Suggestions {
    /// Ranked category suggestions (best first, at most 5).
    pub categories: Vec<Suggestion>,
    /// Matched exclusions, best first: the request may be out of scope (R-SCOPE-2).
    pub exclusions: Vec<ExclusionMatch>,
    /// Matched emergencies, best first: hand over (not a decline).
    pub emergencies: Vec<EmergencyMatch>,
    /// Urgency words found (`停水`, `燃气泄漏`, …): they raise every suggestion to `urgent`.
    pub urgency_keywords: Vec<String>,
    /// The township used for routing by location: the given location's, else one named in
    /// the text (a township, or a village or community of the guide's `places`).
    pub township: Option<String>,
    /// Out-of-scope matters that are not decline reasons (another county or city, venting,
    /// harassment), best first.
    #[serde(default)]
    pub out_of_scope: Vec<OutOfScopeMatch>,
    /// Emergency keywords found but discounted: past, hypothetical, negated or already
    /// handled mentions.
    #[serde(default)]
    pub discounted: Vec<DiscountedMention>,
    /// Whether the request is located in a village (a village named in the location or the
    /// text, or a village word).
    #[serde(default)]
    pub in_village: bool,
}

/// How many category suggestions [`Guide::suggest`] returns.
pub const MAX_SUGGESTIONS: usize = 5;

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

/// One suggestion's hits per owner: `(owner, weight, pattern)` sorted by owner (patterns
/// ascending within one), so each owner's hits are one slice and no map is built per call.
struct Scores(Vec<Hit>);

/// A hit of a pattern for an owner: `(owner, weight, pattern)`.
type Hit = (u32, u32, u32);

impl Scores {
    fn new(mut hits: Vec<Hit>) -> Scores {
        hits.sort_unstable();
        Scores(hits)
    }

    /// Each owner with its score (sum of weights) and hit patterns.
    fn iter(&self) -> impl Iterator<Item = (u32, u32, &[Hit])> + '_ {
        self.0.chunk_by(|a, b| a.0 == b.0).map(|g| (g[0].0, g.iter().map(|h| h.1).sum(), g))
    }

    /// `owner`'s hits, if any.
    fn get(&self, owner: u32) -> Option<&[Hit]> {
        let start = self.0.partition_point(|h| h.0 < owner);
        let end = self.0.partition_point(|h| h.0 <= owner);
        (start < end).then(|| &self.0[start..end])
    }
}

impl Guide {
    /// The default Yanshan guide shipped with jiesu.
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::guide::Guide::yanshan_default().units().iter().filter(|u| u.kind == jiesu::guide::UnitKind::Township).count(), 11);
    /// ```
    pub fn yanshan_default() -> Guide {
        // The embedded data is validated by the test suite.
        Guide::from_toml(YANSHAN_DATA).expect("built-in Yanshan guide is valid")
    }

    /// Loads and validates a guide from TOML.
    ///
    /// # Example
    /// ```
    /// let e = jiesu::guide::Guide::from_toml("schema_version = 2\nid = \"x\"\nversion = \"1\"").unwrap_err();
    /// assert!(e.is_validation());
    /// ```
    pub fn from_toml(text: &str) -> Result<Guide> {
        Guide::from_data(GuideData::from_toml(text)?)
    }

    /// Loads and validates a guide from JSON.
    ///
    /// # Example
    /// ```
    /// assert!(jiesu::guide::Guide::from_json("[]").unwrap_err().is_parse());
    /// ```
    pub fn from_json(text: &str) -> Result<Guide> {
        Guide::from_data(GuideData::from_json(text)?)
    }

    /// Validates data and builds the guide; every problem is reported at once.
    ///
    /// # Example
    /// ```
    /// use jiesu::guide::{Guide, GuideData};
    /// let mut d = GuideData::from_toml(jiesu::guide::YANSHAN_DATA).unwrap();
    /// d.categories[5].routing = Some(jiesu::guide::RoutingData { lead: Some("xjj".into()), ..Default::default() });
    /// let e = Guide::from_data(d).unwrap_err();
    /// assert!(e.to_string().contains("categories[5].routing.lead: unknown unit \"xjj\""));
    /// ```
    pub fn from_data(data: GuideData) -> Result<Guide> {
        build(data, &crate::Limits::default())
    }

    /// [`from_data`](Guide::from_data) with other size limits (units, categories, keywords;
    /// see [`crate::Limits`]) than the defaults; an engine builds its guide this way.
    ///
    /// # Example
    /// ```
    /// use jiesu::guide::{Guide, GuideData};
    /// let d = GuideData::from_toml(jiesu::guide::YANSHAN_DATA).unwrap();
    /// let small = jiesu::Limits { max_guide_units: 10, ..Default::default() };
    /// assert!(Guide::from_data_with_limits(d, &small).unwrap_err().is_limit_exceeded());
    /// ```
    pub fn from_data_with_limits(data: GuideData, limits: &crate::Limits) -> Result<Guide> {
        build(data, limits)
    }

    /// The data the guide was built from (what a county edits and loads again).
    ///
    /// # Example
    /// ```
    /// use jiesu::guide::Guide;
    /// let g = Guide::yanshan_default();
    /// assert_eq!(Guide::from_data(g.data().clone())?, g);
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn data(&self) -> &GuideData {
        &self.data
    }

    /// Guide id (`yanshan`), recorded in every classification it makes.
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::guide::Guide::yanshan_default().id(), "yanshan");
    /// ```
    pub fn id(&self) -> &str {
        &self.data.id
    }

    /// Guide version, recorded in every classification it makes.
    ///
    /// # Example
    /// ```
    /// use jiesu::guide::{AppealType, ClassificationDecision, Guide};
    /// let g = Guide::yanshan_default();
    /// let c = g.classify(&ClassificationDecision::new("040201", AppealType::Complaint))?;
    /// assert_eq!((g.version(), c.guide_version.as_str()), ("2026.1", "2026.1"));
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn version(&self) -> &str {
        &self.data.version
    }

    /// Every unit, in data order.
    ///
    /// # Example
    /// ```
    /// let g = jiesu::guide::Guide::yanshan_default();
    /// let utilities: Vec<&str> = g.units().iter().filter(|u| u.external).map(|u| u.id.as_str()).collect();
    /// assert!(utilities.contains(&"power_supply") && utilities.contains(&"water_supply"));
    /// ```
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// A unit by id; `None` for an id the guide does not know.
    ///
    /// # Example
    /// ```
    /// let g = jiesu::guide::Guide::yanshan_default();
    /// assert_eq!(g.unit("power_supply").unwrap().name, "云南电网有限责任公司砚山供电局");
    /// assert!(g.unit("post_office").is_none());
    /// ```
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.unit_index.get(id).map(|&i| &self.units[i])
    }

    /// A township by id or name (`jiangna`, `江那镇`, `江那`).
    ///
    /// # Example
    /// ```
    /// let g = jiesu::guide::Guide::yanshan_default();
    /// assert_eq!(g.township("江那镇").unwrap().id, "jiangna");
    /// assert_eq!(g.township("阿舍").unwrap().id, "ashe");
    /// ```
    pub fn township(&self, key: &str) -> Option<&Unit> {
        let key = key.trim();
        self.units
            .iter()
            .filter(|u| u.kind == UnitKind::Township)
            .find(|u| u.id == key || u.name == key || (!key.is_empty() && short_township_name(&u.name) == key))
    }

    /// Every category of the tree, in data order (a parent before its children).
    ///
    /// # Example
    /// ```
    /// let g = jiesu::guide::Guide::yanshan_default();
    /// let roots: Vec<&str> = g.categories().iter().filter(|c| c.level == 1).map(|c| c.name.as_str()).collect();
    /// assert_eq!(roots.len(), 18);
    /// assert!(roots.contains(&"城市管理"));
    /// ```
    pub fn categories(&self) -> &[Category] {
        &self.categories
    }

    /// The leaf categories: the ones a ticket can be classified in.
    ///
    /// # Example
    /// ```
    /// use jiesu::guide::{AppealType, ClassificationDecision, Guide};
    /// let g = Guide::yanshan_default();
    /// assert_eq!(g.leaves().count(), 144);
    /// // 市政设施 (0402) has sub-categories: a ticket is classified in one of them.
    /// assert!(g.leaves().all(|c| c.code != "0402"));
    /// assert!(g.classify(&ClassificationDecision::new("0402", AppealType::Complaint)).is_err());
    /// ```
    pub fn leaves(&self) -> impl Iterator<Item = &Category> {
        self.categories.iter().filter(|c| c.is_leaf)
    }

    /// A category by code.
    ///
    /// # Example
    /// ```
    /// let g = jiesu::guide::Guide::yanshan_default();
    /// let code = g.leaves().next().unwrap().code.clone();
    /// assert_eq!(g.category(&code).unwrap().code, code);
    /// ```
    pub fn category(&self, code: &str) -> Option<&Category> {
        self.category_index.get(code).map(|&i| &self.categories[i])
    }

    /// The scope exclusions (R-SCOPE-2), one per decline reason the guide words.
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::guide::Guide::yanshan_default().exclusions().len(), 10);
    /// ```
    pub fn exclusions(&self) -> &[Exclusion] {
        &self.exclusions
    }

    /// The exclusion of a reason code: the guidance a `decline` gives the requester.
    ///
    /// # Example
    /// ```
    /// use jiesu::guide::{DeclineReason, Guide};
    /// let g = Guide::yanshan_default();
    /// assert!(g.exclusion(DeclineReason::Litigation).unwrap().guidance.contains("向人民法院提起诉讼"));
    /// ```
    pub fn exclusion(&self, reason: DeclineReason) -> Option<&Exclusion> {
        self.exclusions.iter().find(|e| e.reason == reason)
    }

    /// The emergencies handed over to 110/119/120/122.
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::guide::Guide::yanshan_default().emergencies().len(), 4);
    /// ```
    pub fn emergencies(&self) -> &[Emergency] {
        &self.emergencies
    }

    /// Ranked suggestions for a request text (R-SCOPE-2/4): categories, exclusions,
    /// emergencies, urgency words, and routing resolved from `location` (or a township named
    /// in the text).
    ///
    /// Matching is one pass of a multi-pattern automaton over the normalized text (full-width
    /// forms folded to half-width, whitespace removed, ASCII lower-cased); every keyword
    /// occurrence is found, overlapping ones included. Each distinct keyword counts once, with
    /// a weight equal to its length in characters, so longer, more specific keywords weigh
    /// more. Ties rank by code.
    ///
    /// # Example
    /// ```
    /// use jiesu::guide::{Guide, Location};
    /// let g = Guide::yanshan_default();
    /// let s = g.suggest("村里突然停水两天了，水管爆裂一直没人修", Some(&Location::township("baga")));
    /// assert_eq!(s.categories[0].urgency, jiesu::sla::Urgency::Urgent);
    /// assert!(!s.urgency_keywords.is_empty());
    /// ```
    pub fn suggest(&self, text: &str, location: Option<&Location>) -> Suggestions {
        let norm = normalize(text);
        // Distinct matched patterns, ascending: memory bounded by the guide, not the text.
        let mut hits = self.matcher.scan(&norm, self.patterns.len()).patterns;
        // Masks first: a keyword found inside a mask is no evidence (`退役的士官` hides `的士`).
        let mut masked: Vec<u32> = Vec::new();
        for &p in &hits {
            for o in &self.patterns[p as usize].1 {
                if let Owner::Mask(m) = *o {
                    masked.extend(&self.mask_cover[m as usize]);
                }
            }
        }
        if !masked.is_empty() {
            masked.sort_unstable();
            hits.retain(|p| masked.binary_search(p).is_err());
        }
        // Hits per owner, (owner, weight, pattern) in pattern order, grouped by owner below.
        let (mut declared, mut exc, mut emg, mut oos) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut urgency_hits = Vec::new();
        let (mut text_township, mut text_place, mut village_word, mut place_village) = (None, None, false, false);
        fn bump(v: &mut Vec<Hit>, owner: u32, w: u32, p: u32) {
            v.push((owner, w, p));
        }
        let mut emergency_patterns = Vec::new();
        for &p in &hits {
            let (w, owners) = &self.patterns[p as usize];
            for o in owners {
                match *o {
                    Owner::Category(c) => bump(&mut declared, c, *w, p),
                    Owner::Evidence(c, weight) => bump(&mut declared, c, weight, p),
                    Owner::Exclusion(e) => bump(&mut exc, e, *w, p),
                    Owner::Emergency(_) => {
                        if emergency_patterns.last() != Some(&p) {
                            emergency_patterns.push(p);
                        }
                    }
                    Owner::Scope(i) => bump(&mut oos, i, *w, p),
                    Owner::Urgency => urgency_hits.push(p),
                    Owner::Township(u) => {
                        text_township.get_or_insert(u);
                    }
                    Owner::Place(u) => {
                        text_place.get_or_insert(u);
                        // A village, not the town centre: 县城, 城区, 社区, 街 are not villages.
                        let name = &self.pattern_text[p as usize];
                        place_village |= !["县城", "城区", "社区", "街"].iter().any(|t| name.ends_with(t));
                    }
                    Owner::Village => village_word = true,
                    Owner::Mask(_) => {}
                }
            }
        }
        // Emergencies in context: past, hypothetical, negated or handled mentions are discounted.
        let verdict = if emergency_patterns.is_empty() { emergency::Verdict::default() } else { self.context.judge(&norm, &emergency_patterns) };
        for &p in &verdict.kept {
            let (w, owners) = &self.patterns[p as usize];
            for o in owners {
                if let Owner::Emergency(e) = *o {
                    bump(&mut emg, e, *w, p);
                }
            }
        }
        let (declared, exc, emg, oos) = (Scores::new(declared), Scores::new(exc), Scores::new(emg), Scores::new(oos));
        let given = location.and_then(|l| l.township.as_deref()).and_then(|t| self.township(t));
        // A village or community names the township more precisely than a township name.
        let named = text_place.or(text_township);
        let township = given.map(|u| u.id.clone()).or_else(|| named.map(|u| self.units[u as usize].id.clone()));
        let local = given.is_some() || named.is_some();
        let in_village = village_word || place_village || location.is_some_and(|l| l.village.as_deref().is_some_and(|v| !v.trim().is_empty()));
        let urgent = !urgency_hits.is_empty();
        let words = |ps: &mut dyn Iterator<Item = u32>| -> Vec<String> {
            let mut v: Vec<&String> = ps.map(|p| &self.pattern_text[p as usize]).collect();
            v.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
            v.dedup();
            v.into_iter().cloned().collect()
        };
        // Each suggested leaf under a category with hits, scored by its chain (the leaf and its
        // ancestors declare distinct patterns): linear in the categories.
        let mut cat_scores: Vec<(u32, u32)> = Vec::new();
        for (c, score, _) in declared.iter() {
            cat_scores.extend(self.leaves_under[c as usize].iter().map(|&leaf| (leaf, score)));
        }
        cat_scores.sort_unstable();
        cat_scores.dedup_by(|b, a| {
            let same = a.0 == b.0;
            if same {
                a.1 += b.1;
            }
            same
        });
        cat_scores.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let categories = cat_scores
            .iter()
            .take(MAX_SUGGESTIONS)
            .map(|&(c, score)| {
                let mut ps = Vec::new();
                let mut cur = Some(c as usize);
                while let Some(j) = cur {
                    ps.extend(declared.get(j as u32).map(|h| h.iter().map(|&(_, _, p)| p)).into_iter().flatten());
                    cur = self.parent_index(j);
                }
                let ps = &ps;
                let cat = &self.categories[c as usize];
                let mut routing = cat.routing.clone();
                let mut basis = RouteBasis::Guide;
                if routing.by_location {
                    routing.lead = township.clone();
                    basis = RouteBasis::Location;
                } else if in_village && self.village_township[c as usize] && township.is_some() {
                    // The township leads; the department the guide names cooperates.
                    if let Some(dept) = routing.lead.take() {
                        if !routing.cooperating.contains(&dept) && !routing.responsible.contains(&dept) && township.as_ref() != Some(&dept) {
                            routing.cooperating.insert(0, dept);
                        }
                    }
                    routing.lead = township.clone();
                    basis = RouteBasis::Village;
                }
                Suggestion {
                    code: cat.code.clone(),
                    name: cat.name.clone(),
                    score,
                    matched: words(&mut ps.iter().copied()),
                    routing,
                    urgency: if urgent { Urgency::Urgent } else { cat.urgency },
                    handling_class: cat.handling_class,
                    limit: cat.limit,
                    answer: cat.answer.clone(),
                    basis,
                }
            })
            .collect();
        let mut exclusions: Vec<ExclusionMatch> = exc
            .iter()
            .map(|(e, score, ps)| {
                let x = &self.exclusions[e as usize];
                ExclusionMatch { reason: x.reason, score, matched: words(&mut ps.iter().map(|h| h.2)), guidance: x.guidance.clone() }
            })
            .collect();
        exclusions.sort_by(|a, b| b.score.cmp(&a.score).then(a.reason.cmp(&b.reason)));
        let mut emergencies: Vec<EmergencyMatch> = emg
            .iter()
            .map(|(e, score, ps)| {
                let x = &self.emergencies[e as usize];
                EmergencyMatch { service: x.service, score, matched: words(&mut ps.iter().map(|h| h.2)), guidance: x.guidance.clone() }
            })
            .collect();
        emergencies.sort_by(|a, b| b.score.cmp(&a.score).then(a.service.cmp(&b.service)));
        let mut out_of_scope: Vec<OutOfScopeMatch> = oos
            .iter()
            .filter(|&(i, _, _)| !(local && self.out_of_scope[i as usize].unless_local))
            .map(|(i, score, ps)| {
                let x = &self.out_of_scope[i as usize];
                OutOfScopeMatch { kind: x.kind.clone(), name: x.name.clone(), score, matched: words(&mut ps.iter().map(|h| h.2)), guidance: x.guidance.clone() }
            })
            .collect();
        out_of_scope.sort_by(|a, b| b.score.cmp(&a.score).then(a.kind.cmp(&b.kind)));
        let discounted = verdict
            .discounted
            .iter()
            .map(|(p, q, w)| DiscountedMention { keyword: self.pattern_text[*p as usize].clone(), qualifier: *q, word: w.clone() })
            .collect();
        Suggestions {
            categories,
            exclusions,
            emergencies,
            urgency_keywords: words(&mut urgency_hits.iter().copied()),
            township,
            out_of_scope,
            discounted,
            in_village,
        }
    }

    /// An upper bound of the memory building the guide's keyword automaton needed, in bytes:
    /// what [`Limits::max_suggester_bytes`](crate::Limits::max_suggester_bytes) is checked
    /// against (before the automaton is built). The fast automaton kind (a DFA) is built when
    /// it fits the budget, else the lean one.
    ///
    /// # Example
    /// ```
    /// use jiesu::guide::Guide;
    /// let g = Guide::yanshan_default();
    /// assert!(g.suggester_bytes() <= jiesu::Limits::default().max_suggester_bytes);
    /// // A budget below it builds the lean automaton, or refuses the guide.
    /// let small = jiesu::Limits { max_suggester_bytes: g.suggester_bytes() - 1, ..Default::default() };
    /// let lean = Guide::from_data_with_limits(g.data().clone(), &small)?;
    /// assert!(lean.suggester_bytes() < g.suggester_bytes());
    /// assert_eq!(lean.suggest("路灯坏了", None), g.suggest("路灯坏了", None));
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn suggester_bytes(&self) -> usize {
        self.suggester_bytes
    }

    /// The index of category `j`'s parent.
    fn parent_index(&self, j: usize) -> Option<usize> {
        self.categories[j].parent.as_ref().and_then(|p| self.category_index.get(p)).copied()
    }

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

/// The bytes [`normalize`] looks at: ASCII whitespace (and vertical tab), ASCII upper case,
/// and the lead bytes of whitespace and full-width forms; every other byte is copied as is.
const SLOW_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_whitespace() || c == 0x0B || c.is_ascii_uppercase() || matches!(c, 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF);
        b += 1;
    }
    t
};

/// Folds full-width forms to half-width, removes whitespace, lower-cases ASCII.
///
/// # Example
/// ```
/// assert_eq!(jiesu::guide::normalize("１２３４５　热线 ABC"), "12345热线abc");
/// ```
pub fn normalize(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        // Copy the run of bytes that need no change in one go: CJK ideographs (lead bytes
        // E4..E9), other letters, digits. Only ASCII whitespace and upper case, and characters
        // whose lead byte may start a whitespace or full-width form, take the slow path.
        let run = bytes[i..].iter().position(|&b| SLOW_BYTE[b as usize]).unwrap_or(bytes.len() - i);
        out.push_str(&text[i..i + run]);
        i += run;
        let Some(c) = text[i..].chars().next() else { break };
        i += c.len_utf8();
        let c = match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        };
        if !c.is_whitespace() {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// `江那镇` → `江那`, `阿舍彝族乡` → `阿舍`.
fn short_township_name(name: &str) -> &str {
    for suffix in ["彝族乡", "民族乡", "镇", "乡"] {
        if let Some(s) = name.strip_suffix(suffix) {
            if s.chars().count() >= 2 {
                return s;
            }
        }
    }
    name
}

/// Checks a guide's size against `limits`: units, categories, keywords (all lists) and the
/// length of each keyword. Checked before anything else, so an oversized guide costs nothing
/// more than its parsing.
pub(crate) fn check_size(data: &GuideData, limits: &crate::Limits) -> Result<()> {
    let over = |field: &str, n: usize, max: usize, what: &str| -> Result<()> {
        if n > max {
            return Err(crate::limits::exceeded(field, format!("the guide has {n} {what}; at most {max} (limits.max_guide_{field})")));
        }
        Ok(())
    };
    over("units", data.units.len(), limits.max_guide_units, "units")?;
    over("categories", data.categories.len(), limits.max_guide_categories, "categories")?;
    let lists = data
        .categories
        .iter()
        .map(|c| &c.keywords)
        .chain(data.exclusions.iter().map(|e| &e.keywords))
        .chain(data.emergencies.iter().map(|e| &e.keywords))
        .chain(std::iter::once(&data.urgency_keywords))
        .chain(data.units.iter().map(|u| &u.places))
        .chain(data.out_of_scope.iter().map(|o| &o.keywords))
        .chain([&data.masks, &data.village_markers])
        .chain(data.context.lists().into_iter().map(|(_, l)| l));
    // Learned evidence terms are keywords too (counted, and held to the keyword length).
    let terms: usize = data.evidence.iter().map(|e| e.terms.len()).sum();
    if let Some(w) = data.evidence.iter().flat_map(|e| e.terms.keys()).find(|w| w.chars().count() > limits.max_keyword_chars) {
        let short: String = w.chars().take(16).collect();
        return Err(crate::limits::exceeded(
            "evidence",
            format!("term {short:?}… is longer than {} characters (limits.max_keyword_chars)", limits.max_keyword_chars),
        ));
    }
    // Township names (and their short forms) are keywords of the suggester too.
    let mut count = terms;
    for (i, u) in data.units.iter().enumerate() {
        if UnitKind::parse(&u.kind) == Some(UnitKind::Township) {
            if u.name.chars().count() > limits.max_keyword_chars {
                return Err(crate::limits::exceeded(
                    format!("units[{i}].name"),
                    format!(
                        "the township name is longer than {} characters (limits.max_keyword_chars): township names are keywords of the suggester",
                        limits.max_keyword_chars
                    ),
                ));
            }
            count += if short_township_name(&u.name) == u.name { 1 } else { 2 };
        }
    }
    for list in lists {
        count += list.len();
        if let Some(w) = list.iter().find(|w| w.chars().count() > limits.max_keyword_chars) {
            let short: String = w.chars().take(16).collect();
            return Err(crate::limits::exceeded(
                "keywords",
                format!("keyword {short:?}… is longer than {} characters (limits.max_keyword_chars)", limits.max_keyword_chars),
            ));
        }
    }
    if count > limits.max_guide_keywords {
        return Err(crate::limits::exceeded(
            "keywords",
            format!(
                "the guide has {count} keywords (township names, places, masks, context words and evidence terms included); at most {} (limits.max_guide_keywords)",
                limits.max_guide_keywords
            ),
        ));
    }
    Ok(())
}

fn build(data: GuideData, limits: &crate::Limits) -> Result<Guide> {
    check_size(&data, limits)?;
    let mut problems: Vec<Problem> = Vec::new();
    let mut push = |path: String, message: String| problems.push(Problem { path, message });
    if data.schema_version != SCHEMA_VERSION {
        push("schema_version".into(), format!("unsupported schema version {} (expected {SCHEMA_VERSION})", data.schema_version));
    }
    if data.id.trim().is_empty() {
        push("id".into(), "must not be empty".into());
    }
    if data.version.trim().is_empty() {
        push("version".into(), "must not be empty".into());
    }
    // Units.
    let mut unit_index = HashMap::new();
    let mut units = Vec::new();
    for (i, u) in data.units.iter().enumerate() {
        let kind = UnitKind::parse(&u.kind).unwrap_or_else(|| {
            push(format!("units[{i}].kind"), format!("unknown unit kind {:?} (township or department)", u.kind));
            UnitKind::Department
        });
        if u.id.trim().is_empty() {
            push(format!("units[{i}].id"), "must not be empty".into());
        } else if unit_index.insert(u.id.clone(), i).is_some() {
            push(format!("units[{i}].id"), format!("duplicate unit id {:?}", u.id));
        }
        if u.name.trim().is_empty() {
            push(format!("units[{i}].name"), "must not be empty".into());
        }
        units.push(Unit { id: u.id.clone(), name: u.name.clone(), kind, parent: u.parent.clone(), external: u.external });
    }
    for (i, u) in data.units.iter().enumerate() {
        if let Some(p) = &u.parent {
            if !unit_index.contains_key(p) {
                push(format!("units[{i}].parent"), format!("unknown unit {p:?}"));
            } else {
                // Follow parents: a cycle comes back within units.len() steps.
                let mut cur = p.clone();
                for _ in 0..=data.units.len() {
                    if cur == u.id {
                        push(format!("units[{i}].parent"), format!("unit {:?} is its own ancestor", u.id));
                        break;
                    }
                    match unit_index.get(&cur).and_then(|&j| data.units[j].parent.clone()) {
                        Some(n) => cur = n,
                        None => break,
                    }
                }
            }
        }
    }
    // Categories: index, parents, depth.
    let mut category_index: HashMap<String, usize> = HashMap::new();
    for (i, c) in data.categories.iter().enumerate() {
        if c.code.trim().is_empty() {
            push(format!("categories[{i}].code"), "must not be empty".into());
        } else if category_index.insert(c.code.clone(), i).is_some() {
            push(format!("categories[{i}].code"), format!("duplicate category code {:?}", c.code));
        }
        if c.name.trim().is_empty() {
            push(format!("categories[{i}].name"), "must not be empty".into());
        }
    }
    let n = data.categories.len();
    let mut chain: Vec<Option<Vec<usize>>> = vec![None; n]; // self first, then ancestors
    for (i, c) in data.categories.iter().enumerate() {
        let mut path = vec![i];
        let mut cur = c.parent.clone();
        let mut ok = true;
        while let Some(p) = cur {
            match category_index.get(&p) {
                None => {
                    push(format!("categories[{i}].parent"), format!("unknown category {p:?}"));
                    ok = false;
                    break;
                }
                Some(&j) if path.contains(&j) => {
                    push(format!("categories[{i}].parent"), format!("cycle through category {p:?}"));
                    ok = false;
                    break;
                }
                Some(&j) => {
                    path.push(j);
                    cur = data.categories[j].parent.clone();
                }
            }
            if path.len() > MAX_DEPTH + 1 {
                break;
            }
        }
        if ok && path.len() > MAX_DEPTH {
            push(format!("categories[{i}].parent"), format!("category {:?} is deeper than {MAX_DEPTH} levels", c.code));
            ok = false;
        }
        if ok {
            chain[i] = Some(path);
        }
    }
    let mut has_child = vec![false; n];
    for c in &data.categories {
        if let Some(&j) = c.parent.as_ref().and_then(|p| category_index.get(p)) {
            has_child[j] = true;
        }
    }
    // Resolve inherited fields and check them.
    let mut categories = Vec::with_capacity(n);
    for (i, c) in data.categories.iter().enumerate() {
        let Some(path) = &chain[i] else { continue };
        let inherit = |f: &dyn Fn(&CategoryData) -> bool| path.iter().copied().find(|&j| f(&data.categories[j]));
        let leaf = !has_child[i];
        let p = |f: &str| format!("categories[{i}].{f}");
        let missing = |field: &str, found: bool, problems: &mut dyn FnMut(String, String)| {
            if !found && leaf {
                problems(p(field), format!("leaf category {:?} has no {field} (nor does any ancestor)", c.code));
            }
        };
        let domain_src = inherit(&|d| d.domain.is_some());
        missing("domain", domain_src.is_some(), &mut push);
        let domain = domain_src.and_then(|j| {
            let s = data.categories[j].domain.as_deref().unwrap_or("");
            let v = Domain::parse(s);
            if v.is_none() && j == i {
                push(p("domain"), format!("unknown domain {s:?}"));
            }
            v
        });
        let at_src = inherit(&|d| d.appeal_types.is_some());
        missing("appeal_types", at_src.is_some(), &mut push);
        let mut appeal_types = Vec::new();
        if let Some(j) = at_src {
            for (k, s) in data.categories[j].appeal_types.iter().flatten().enumerate() {
                match AppealType::parse(s) {
                    Some(a) => appeal_types.push(a),
                    None if j == i => push(p(&format!("appeal_types[{k}]")), format!("unknown appeal type {s:?}")),
                    None => {}
                }
            }
            if appeal_types.is_empty() && j == i {
                push(p("appeal_types"), "must list at least one appeal type".into());
            }
        }
        let routing_src = inherit(&|d| d.routing.is_some());
        missing("routing", routing_src.is_some(), &mut push);
        let mut routing = Routing::default();
        if let Some(j) = routing_src {
            let r = data.categories[j].routing.clone().unwrap_or_default();
            if j == i {
                match (&r.lead, r.by_location) {
                    (Some(_), true) => push(p("routing"), "either a lead unit or by_location, not both".into()),
                    (None, false) => push(p("routing.lead"), "a routing needs a lead unit or by_location = true".into()),
                    _ => {}
                }
                if let Some(l) = &r.lead {
                    if !unit_index.contains_key(l) {
                        push(p("routing.lead"), format!("unknown unit {l:?}"));
                    }
                }
                for (key, list) in [("responsible", &r.responsible), ("cooperating", &r.cooperating)] {
                    for (k, u) in list.iter().enumerate() {
                        if !unit_index.contains_key(u) {
                            push(p(&format!("routing.{key}[{k}]")), format!("unknown unit {u:?}"));
                        } else if r.lead.as_ref() == Some(u) || (key == "cooperating" && r.responsible.contains(u)) {
                            push(p(&format!("routing.{key}[{k}]")), format!("unit {u:?} already has another role"));
                        }
                    }
                }
            }
            routing = Routing { lead: r.lead, by_location: r.by_location, responsible: r.responsible, cooperating: r.cooperating };
        }
        let urg_src = inherit(&|d| d.urgency.is_some());
        let urgency = match urg_src {
            None => Urgency::Normal,
            Some(j) => {
                let s = data.categories[j].urgency.as_deref().unwrap_or("");
                match s {
                    "urgent" => Urgency::Urgent,
                    "normal" => Urgency::Normal,
                    _ => {
                        if j == i {
                            push(p("urgency"), format!("unknown urgency {s:?} (urgent or normal)"));
                        }
                        Urgency::Normal
                    }
                }
            }
        };
        let class_src = inherit(&|d| d.handling_class.is_some());
        let (mut handling_class, mut limit, mut law) = (HandlingClass::Normal, None, None);
        if let Some(j) = class_src {
            let d = &data.categories[j];
            let here = j == i;
            match d.handling_class.as_deref().unwrap_or("") {
                "normal" => handling_class = HandlingClass::Normal,
                "urgent" => handling_class = HandlingClass::Urgent,
                "complex" => {
                    handling_class = HandlingClass::Complex;
                    match d.complex_days {
                        Some(n) if (10..=15).contains(&n) => limit = Some(Limit::WorkingDays(n)),
                        Some(n) if here => push(p("complex_days"), format!("{n} is outside the complex range 10..=15 working days (R-SLA-3)")),
                        None if here => push(p("complex_days"), "handling class complex needs complex_days (10..=15)".into()),
                        _ => {}
                    }
                }
                "statutory" => {
                    handling_class = HandlingClass::Statutory;
                    let s = d.statutory.clone().unwrap_or_default();
                    law = s.law.clone();
                    match (s.working_days, s.calendar_days) {
                        (Some(n), None) if n > 0 => limit = Some(Limit::WorkingDays(n)),
                        (None, Some(n)) if n > 0 => limit = Some(Limit::CalendarDays(n)),
                        _ if !here => {}
                        (None, None) => {
                            push(p("statutory"), "handling class statutory needs its limit: statutory = { working_days = N } or { calendar_days = N }".into())
                        }
                        (Some(_), Some(_)) => push(p("statutory"), "give working_days or calendar_days, not both".into()),
                        _ => push(p("statutory"), "a statutory limit must be at least 1 day".into()),
                    }
                }
                other => {
                    if here {
                        push(p("handling_class"), format!("unknown handling class {other:?} (normal, urgent, complex, statutory)"));
                    }
                }
            }
        } else {
            missing("handling_class", false, &mut push);
        }
        let suggest = c.suggest.unwrap_or(true);
        if leaf && suggest && c.keywords.is_empty() {
            push(p("keywords"), format!("leaf category {:?} is suggested but has no keywords (set suggest = false to hide it)", c.code));
        }
        for (k, w) in c.keywords.iter().enumerate() {
            if normalize(w).is_empty() {
                push(p(&format!("keywords[{k}]")), "empty keyword".into());
            }
        }
        categories.push(Category {
            code: c.code.clone(),
            name: c.name.clone(),
            parent: c.parent.clone(),
            level: path.len(),
            is_leaf: leaf,
            domain: domain.unwrap_or(Domain::PublicService),
            appeal_types,
            routing,
            urgency,
            handling_class,
            limit,
            law,
            keywords: c.keywords.clone(),
            answer: c.answer.clone(),
            suggest,
        });
    }
    // Exclusions and emergencies.
    let mut exclusions = Vec::new();
    for (i, e) in data.exclusions.iter().enumerate() {
        match DeclineReason::parse(&e.reason) {
            None => push(format!("exclusions[{i}].reason"), format!("unknown decline reason {:?}", e.reason)),
            Some(r) if exclusions.iter().any(|x: &Exclusion| x.reason == r) => {
                push(format!("exclusions[{i}].reason"), format!("duplicate decline reason {:?}", e.reason))
            }
            Some(r) => exclusions.push(Exclusion { reason: r, guidance: e.guidance.clone(), keywords: e.keywords.clone() }),
        }
        if e.guidance.trim().is_empty() {
            push(format!("exclusions[{i}].guidance"), "must not be empty".into());
        }
        if e.keywords.iter().any(|w| normalize(w).is_empty()) {
            push(format!("exclusions[{i}].keywords"), "empty keyword".into());
        }
    }
    for r in DeclineReason::ALL {
        if !data.exclusions.iter().any(|e| e.reason == r.as_str()) {
            push("exclusions".into(), format!("no exclusion for decline reason {:?}", r.as_str()));
        }
    }
    let mut emergencies = Vec::new();
    for (i, e) in data.emergencies.iter().enumerate() {
        match EmergencyService::parse(&e.service) {
            None => push(format!("emergencies[{i}].service"), format!("unknown emergency service {:?} (110, 119, 120, 122)", e.service)),
            Some(s) => emergencies.push(Emergency { service: s, name: e.name.clone(), guidance: e.guidance.clone(), keywords: e.keywords.clone() }),
        }
        if e.keywords.is_empty() || e.keywords.iter().any(|w| normalize(w).is_empty()) {
            push(format!("emergencies[{i}].keywords"), "needs non-empty keywords".into());
        }
    }
    for (k, w) in data.urgency_keywords.iter().enumerate() {
        if normalize(w).is_empty() {
            push(format!("urgency_keywords[{k}]"), "empty keyword".into());
        }
    }
    let out_of_scope = extras::validate(&data, &category_index, &mut push);
    if !problems.is_empty() {
        return Err(Error::validation("guide", problems));
    }
    // The automaton: one pattern per distinct normalized keyword, each (pattern, owner) pair
    // once (a set, not a scan of the owners: a parent's keyword may have thousands of leaves).
    let mut pattern_of: HashMap<String, usize> = HashMap::new();
    let mut patterns: Vec<(u32, Vec<Owner>)> = Vec::new();
    let mut pattern_text: Vec<String> = Vec::new();
    let mut owned: HashSet<(usize, Owner)> = HashSet::new();
    let mut add = |word: &str, owner: Owner| {
        let norm = normalize(word);
        let i = *pattern_of.entry(norm.clone()).or_insert_with(|| {
            patterns.push((norm.chars().count() as u32, Vec::new()));
            pattern_text.push(word.to_string());
            patterns.len() - 1
        });
        if owned.insert((i, owner)) {
            patterns[i].1.push(owner);
        }
    };
    // A leaf also carries its ancestors' keywords: each category's keywords are owned by the
    // category, and count for the suggested leaves under it (at most MAX_DEPTH lists per leaf).
    let parent_of = |j: usize| categories[j].parent.as_ref().and_then(|p| category_index.get(p)).copied();
    let mut leaves_under: Vec<Vec<u32>> = vec![Vec::new(); categories.len()];
    for (i, c) in categories.iter().enumerate() {
        if c.suggest && c.is_leaf {
            let mut cur = Some(i);
            while let Some(j) = cur {
                leaves_under[j].push(i as u32);
                cur = parent_of(j);
            }
        }
    }
    for (j, c) in categories.iter().enumerate() {
        if !leaves_under[j].is_empty() {
            for w in &c.keywords {
                add(w, Owner::Category(j as u32));
            }
        }
    }
    for (i, e) in exclusions.iter().enumerate() {
        for w in &e.keywords {
            add(w, Owner::Exclusion(i as u32));
        }
    }
    for (i, e) in emergencies.iter().enumerate() {
        for w in &e.keywords {
            add(w, Owner::Emergency(i as u32));
        }
    }
    for (i, o) in out_of_scope.iter().enumerate() {
        for w in &o.keywords {
            add(w, Owner::Scope(i as u32));
        }
    }
    for (i, w) in data.masks.iter().enumerate() {
        add(w, Owner::Mask(i as u32));
    }
    for w in &data.village_markers {
        add(w, Owner::Village);
    }
    for e in &data.evidence {
        let Some(&c) = category_index.get(&e.category) else { continue };
        for (w, &weight) in &e.terms {
            add(w, Owner::Evidence(c as u32, weight));
        }
    }
    for w in &data.urgency_keywords {
        add(w, Owner::Urgency);
    }
    for (i, u) in units.iter().enumerate() {
        if u.kind == UnitKind::Township {
            add(&u.name, Owner::Township(i as u32));
            let short = short_township_name(&u.name);
            if short != u.name {
                add(short, Owner::Township(i as u32));
            }
            for w in &data.units[i].places {
                add(w, Owner::Place(i as u32));
            }
        }
    }
    // A keyword a category shares with an ancestor counts once, through the ancestor.
    for (p, (_, owners)) in patterns.iter_mut().enumerate() {
        owners.retain(|o| {
            let Owner::Category(j) = *o else { return true };
            let mut cur = parent_of(j as usize);
            while let Some(a) = cur {
                if owned.contains(&(p, Owner::Category(a as u32))) {
                    return false;
                }
                cur = parent_of(a);
            }
            true
        });
    }
    let keys: Vec<String> = {
        let mut v = vec![String::new(); patterns.len()];
        for (k, &i) in &pattern_of {
            v[i] = k.clone();
        }
        v
    };
    // Within the memory budget, checked before anything is allocated.
    let emergency_keys: Vec<(String, u32)> = patterns
        .iter()
        .enumerate()
        .filter(|(_, (_, o))| o.iter().any(|o| matches!(o, Owner::Emergency(_))))
        .map(|(i, _)| (keys[i].clone(), i as u32))
        .collect();
    let context = emergency::Context::build(&emergency_keys, &data.context, limits.max_suggester_bytes)?;
    let (matcher, main_bytes) = automaton::build(&keys, limits.max_suggester_bytes - context.bytes)?;
    // Each mask's patterns: what the automaton finds in it (linear in the masks' length).
    let mask_cover: Vec<Vec<u32>> = data
        .masks
        .iter()
        .map(|m| {
            let m = normalize(m);
            let own = pattern_of.get(&m).map(|&i| i as u32);
            matcher.scan(&m, patterns.len()).patterns.into_iter().filter(|&p| Some(p) != own).collect()
        })
        .collect();
    let suggester_bytes = main_bytes + context.bytes;
    let village_township = extras::village_township(&data, &categories);
    Ok(Guide {
        data,
        units,
        unit_index,
        categories,
        category_index,
        exclusions,
        emergencies,
        matcher,
        patterns,
        leaves_under,
        suggester_bytes,
        pattern_text,
        out_of_scope,
        context,
        mask_cover,
        village_township,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn default_guide_loads() {
        let g = super::Guide::yanshan_default();
        assert!(g.leaves().count() >= 60);
    }
}
