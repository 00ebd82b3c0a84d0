//! The guide data format (`data/guide/yanshan.toml`): what a county writes, in TOML or JSON.

use serde::{Deserialize, Serialize};

/// The schema version this build reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

/// A classification guide as written: units, categories, exclusions, emergencies.
///
/// Enumerated values (domain, appeal types, urgency, class, reason codes) are kept as text here
/// so that validation can report every unknown value with its path; [`crate::guide::Guide`] is
/// the validated, typed form.
///
/// # Example
/// ```
/// use jiesu::guide::GuideData;
/// let g = GuideData::from_toml(jiesu::guide::YANSHAN_DATA).unwrap();
/// assert_eq!(g.id, "yanshan");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GuideData {
    /// Format version; must be [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Guide id (`yanshan`).
    pub id: String,
    /// Guide version; tickets record it.
    pub version: String,
    /// The guide's title (`砚山县接诉即办事项分类指南`).
    #[serde(default)]
    pub name: String,
    /// Words that raise a request's urgency to `urgent`.
    #[serde(default)]
    pub urgency_keywords: Vec<String>,
    /// Handling units (承办单位): townships, departments and utilities.
    #[serde(default)]
    pub units: Vec<UnitData>,
    /// The category tree, flattened with `parent` links.
    #[serde(default)]
    pub categories: Vec<CategoryData>,
    /// Scope exclusions (R-SCOPE-2).
    #[serde(default)]
    pub exclusions: Vec<ExclusionData>,
    /// Emergencies to hand over to 110/119/120/122.
    #[serde(default)]
    pub emergencies: Vec<EmergencyData>,
    /// What makes an emergency word not an emergency now: past, hypothetical, negated or
    /// already handled mentions (`去年出车祸`, `万一着火`, `打了120`).
    #[serde(default, skip_serializing_if = "ContextData::is_empty")]
    pub context: ContextData,
    /// Out-of-scope matters that are not decline reasons of R-SCOPE-2: another county or city,
    /// venting without a demand, harassment of the operator.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub out_of_scope: Vec<OutOfScopeData>,
    /// Phrases whose keywords do not count (`退役的士官` hides `的士`): a keyword found only
    /// inside a mask is no evidence.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub masks: Vec<String>,
    /// Words saying the request is located in a village (`村里`, `我们组`, `寨子`): categories
    /// with `routing.village_township` are then led by the township.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub village_markers: Vec<String>,
    /// Categories (codes, a code covering its sub-categories: the codes that start with it) led by the
    /// township where the request is located when the request is in a village (a village of
    /// the guide named, or a village word): a village's street lights, drains, loudspeakers
    /// are the township's, the county town's are the departments'.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub village_township: Vec<String>,
    /// Evidence with weights: per category, terms whose weight is added to its score (for
    /// weights learned from a labelled corpus; the default guide has none yet).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceData>,
}

/// The words that qualify an emergency word in its clause (split at `，。！？；` …): a past,
/// hypothetical or negation word within `window` characters before it discounts it, unless a
/// present word (`现在`, `正在`) comes between; a handled word anywhere (`打了120`) discounts
/// every emergency word of the text.
///
/// # Example
/// ```
/// use jiesu::guide::Guide;
/// let g = Guide::yanshan_default();
/// assert!(g.suggest("去年这个路口出过车祸，想加个红绿灯", None).emergencies.is_empty());
/// assert!(!g.suggest("路口刚刚出车祸了，有人倒在地上", None).emergencies.is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContextData {
    /// Past words (`去年`, `上次`, `以前`).
    #[serde(default)]
    pub past: Vec<String>,
    /// Hypothetical words (`万一`, `如果`, `担心`).
    #[serde(default)]
    pub hypothetical: Vec<String>,
    /// Negation words (`没有`, `不是`).
    #[serde(default)]
    pub negation: Vec<String>,
    /// Words saying the emergency is already handed over (`打了120`, `已经报警`).
    #[serde(default)]
    pub handled: Vec<String>,
    /// Present words that cancel a qualifier before them (`现在`, `正在`, `刚刚`).
    #[serde(default)]
    pub present: Vec<String>,
    /// How far before an emergency word a qualifier counts, in characters (1..=64; 0 = 12).
    #[serde(default)]
    pub window: u32,
}

impl ContextData {
    /// Whether no word is given.
    pub fn is_empty(&self) -> bool {
        self.past.is_empty()
            && self.hypothetical.is_empty()
            && self.negation.is_empty()
            && self.handled.is_empty()
            && self.present.is_empty()
            && self.window == 0
    }

    /// Every word list, with its kind.
    pub(crate) fn lists(&self) -> [(&'static str, &Vec<String>); 5] {
        [("past", &self.past), ("hypothetical", &self.hypothetical), ("negation", &self.negation), ("handled", &self.handled), ("present", &self.present)]
    }
}

/// A kind of out-of-scope matter that is not a decline reason (R-SCOPE-2 lists those): the
/// operator tells the requester where it belongs.
///
/// # Example
/// ```
/// let o: jiesu::guide::OutOfScopeData = toml::from_str(
///     "kind = \"other_jurisdiction\"\nname = \"非本县事项\"\nguidance = \"请拨打当地12345\"\nkeywords = [\"丘北县\"]\nunless_local = true").unwrap();
/// assert!(o.unless_local);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutOfScopeData {
    /// Stable id (`other_jurisdiction`, `venting`, `harassment`).
    pub kind: String,
    /// Its name (`非本县事项`).
    pub name: String,
    /// What the requester is told.
    pub guidance: String,
    /// Words that suggest it (place names of other counties and cities, …).
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Not when the text also names a place of the county (a township or village): a
    /// Yanshan villager working in Kunming is still a Yanshan request.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unless_local: bool,
}

/// Learned evidence for one category: terms (words or character n-grams) with weights, added
/// to the category's score when the text contains them.
///
/// # Example
/// ```
/// let e: jiesu::guide::EvidenceData = toml::from_str("category = \"040201\"\nterms = { \"灯不亮\" = 6 }").unwrap();
/// assert_eq!(e.terms["灯不亮"], 6);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvidenceData {
    /// The leaf category's code.
    pub category: String,
    /// Term → weight (1..=100).
    #[serde(default)]
    pub terms: std::collections::BTreeMap<String, u32>,
}

/// A handling unit (承办单位) as written; [`Guide`](crate::guide::Guide) checks its kind and
/// parent.
///
/// # Example
/// ```
/// use jiesu::guide::{Guide, GuideData, YANSHAN_DATA};
/// let mut data = GuideData::from_toml(YANSHAN_DATA)?;
/// assert_eq!((data.units[0].id.as_str(), data.units[0].kind.as_str()), ("jiangna", "township"));
/// data.units[0].kind = "village".into();
/// let e = Guide::from_data(data).unwrap_err();
/// assert_eq!(e.problems()[0].path, "units[0].kind");
/// # Ok::<(), jiesu::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitData {
    /// Stable id (ASCII snake_case).
    pub id: String,
    /// The unit's official name (`江那镇`).
    pub name: String,
    /// `township` or `department`.
    pub kind: String,
    /// Parent unit id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// A utility or other body outside government.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub external: bool,
    /// A township's places (村委会, 社区, 自然村 …): a request naming one is located in the
    /// township (and in a village).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<String>,
}

/// A category node; absent fields are inherited from the nearest ancestor.
///
/// # Example
/// ```
/// use jiesu::guide::{Domain, Guide, GuideData, YANSHAN_DATA};
/// let data = GuideData::from_toml(YANSHAN_DATA)?;
/// // 路灯 writes only its code, parent, name and keywords ...
/// let lamp = data.categories.iter().find(|c| c.code == "040201").unwrap();
/// assert!(lamp.domain.is_none() && lamp.routing.is_none());
/// // ... and inherits domain and routing from 城市管理 (04), two levels up.
/// let g = Guide::from_data(data)?;
/// let lamp = g.category("040201").unwrap();
/// assert_eq!(lamp.domain, Domain::SocialManagement);
/// assert_eq!(lamp.routing.lead.as_deref(), Some("urban_management"));
/// # Ok::<(), jiesu::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryData {
    /// Stable code (`040201`): two digits per level, the parent's code as prefix.
    pub code: String,
    /// The category's name (`路灯`).
    pub name: String,
    /// The code of the category one level up; absent for a root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Domain (glossary `domain`, R-SCOPE-1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// The usual appeal types (glossary `appeal_type`), the first being the default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appeal_types: Option<Vec<String>>,
    /// Where tickets of the category go (R-SCOPE-4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routing: Option<RoutingData>,
    /// Default urgency: `urgent` or `normal` (R-SLA-1/3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urgency: Option<String>,
    /// Handling class: `urgent`, `normal`, `complex` or `statutory` (R-SLA-3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handling_class: Option<String>,
    /// Limit of a complex class, 10–15 working days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complex_days: Option<u32>,
    /// Statutory limit of a statutory class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statutory: Option<StatutoryData>,
    /// Keywords for suggestions.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Knowledge-base answer allowing an answer on the spot (R-SCOPE-3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    /// Whether the category is offered as a suggestion (default true; a leaf that is
    /// suggested needs keywords).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggest: Option<bool>,
}

/// Routing of a category: a lead unit with responsible and cooperating units, or by location.
///
/// # Example
/// ```
/// let r: jiesu::guide::RoutingData = toml::from_str("by_location = true\ncooperating = [\"agriculture\"]").unwrap();
/// assert!(r.by_location && r.lead.is_none());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RoutingData {
    /// The lead unit (牵头单位).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<String>,
    /// The township where the request is located leads.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub by_location: bool,
    /// Responsible units (责任单位).
    #[serde(default)]
    pub responsible: Vec<String>,
    /// Cooperating units (配合单位).
    #[serde(default)]
    pub cooperating: Vec<String>,
}

/// A statutory limit (法定办理时限, R-SLA-3), in working or calendar days, with the law that
/// sets it; it replaces the policy's completion limits for the category.
///
/// # Example
/// ```
/// use jiesu::guide::{Guide, StatutoryData};
/// use jiesu::sla::Limit;
/// // data/guide/yanshan.toml, 用人单位拖欠、克扣工资 (010102):
/// let s: StatutoryData = toml::from_str("working_days = 60\nlaw = \"《劳动保障监察条例》第十七条\"").unwrap();
/// let wages = Guide::yanshan_default().category("010102").cloned().unwrap();
/// assert_eq!(wages.limit, s.working_days.map(Limit::WorkingDays));
/// assert_eq!(wages.law, s.law);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatutoryData {
    /// N working days after the dispatch date (exactly one of the two day counts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_days: Option<u32>,
    /// N calendar days after the dispatch date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar_days: Option<u32>,
    /// The law and article that set the limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub law: Option<String>,
}

/// A scope exclusion (不予受理, R-SCOPE-2).
///
/// # Example
/// ```
/// let e: jiesu::guide::ExclusionData = toml::from_str("reason = \"arbitration\"\nguidance = \"请申请仲裁\"\nkeywords = [\"仲裁\"]").unwrap();
/// assert_eq!(e.reason, "arbitration");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExclusionData {
    /// Decline reason code (glossary).
    pub reason: String,
    /// What the requester is told.
    pub guidance: String,
    /// Words that suggest it in a request text.
    #[serde(default)]
    pub keywords: Vec<String>,
}

/// An emergency to hand over (转警/转120…), not a decline.
///
/// # Example
/// ```
/// let e: jiesu::guide::EmergencyData = toml::from_str("service = \"119\"\nname = \"消防\"\nguidance = \"拨打119\"\nkeywords = [\"着火\"]").unwrap();
/// assert_eq!(e.service, "119");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EmergencyData {
    /// `110`, `119`, `120` or `122`.
    pub service: String,
    /// The service's name (`消防救援`).
    pub name: String,
    /// What the requester is told.
    pub guidance: String,
    /// Words that suggest it in a request text.
    #[serde(default)]
    pub keywords: Vec<String>,
}

impl GuideData {
    /// Parses TOML (the format of `data/guide/yanshan.toml`) without validating it: that is
    /// [`Guide::from_data`](crate::guide::Guide::from_data)'s work.
    ///
    /// # Example
    /// ```
    /// use jiesu::guide::GuideData;
    /// let data = GuideData::from_toml(jiesu::guide::YANSHAN_DATA)?;
    /// assert_eq!((data.units.len(), data.exclusions.len()), (42, 10));
    /// assert!(GuideData::from_toml("schema_version = ").unwrap_err().is_parse());
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn from_toml(text: &str) -> crate::Result<GuideData> {
        toml::from_str(text).map_err(|e| crate::Error::parse(format!("guide TOML: {e}")))
    }

    /// Parses JSON of the same structure as the TOML, without validating it.
    ///
    /// # Example
    /// ```
    /// use jiesu::guide::GuideData;
    /// let toml = GuideData::from_toml(jiesu::guide::YANSHAN_DATA)?;
    /// assert_eq!(GuideData::from_json(&serde_json::to_string(&toml).unwrap())?, toml);
    /// // `schema_version`, `id` and `version` are required.
    /// assert!(GuideData::from_json("{}").unwrap_err().is_parse());
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn from_json(text: &str) -> crate::Result<GuideData> {
        crate::json::from_str(text).map_err(|e| e.located("guide JSON"))
    }
}
