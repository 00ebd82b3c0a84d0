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
mod build;
#[cfg(test)]
mod caps_tests;
mod classify;
mod data;
mod emergency;
mod extras;
mod items;
mod normalize;
mod scope;
mod suggest;
mod table;
mod trie;
mod vocab;
mod words;

use std::collections::HashMap;

use automaton::Matcher;

pub use data::{
    CategoryData, ContextData, EmergencyData, EvidenceData, ExclusionData, GuideData, OutOfScopeData, RoutingData, StatutoryData, UnitData, SCHEMA_VERSION,
};
pub use emergency::{DiscountedMention, Qualifier};
pub use scope::{OutOfScope, OutOfScopeMatch, RouteBasis};
pub use table::CategoryRow;
pub use vocab::{AppealType, AssignmentRole, DeclineReason, Domain, EmergencyService, UnitKind};

pub(crate) use build::check_size;
use build::{build, short_township_name};
pub use classify::{Assignment, Classification, ClassificationDecision};
pub use items::{Category, Emergency, Exclusion, Location, Routing, Unit};
pub use normalize::normalize;
pub use suggest::{EmergencyMatch, ExclusionMatch, Suggestion, Suggestions, MAX_SUGGESTIONS};

use crate::error::Result;

/// The default guide of Yanshan county (`data/guide/yanshan.toml`), an illustrative default.
pub const YANSHAN_DATA: &str = include_str!("../../data/guide/yanshan.toml");

/// Deepest category level.
pub const MAX_DEPTH: usize = 3;

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
    /// Per pattern: the characters of its spelling (what matched words are ranked by).
    pattern_chars: Vec<u32>,
    /// Out-of-scope kinds that are not decline reasons.
    out_of_scope: Vec<OutOfScope>,
    /// The emergency context words (a trie read leftmost-longest).
    context: emergency::Context,
    /// Per mask: the patterns it contains (itself excepted).
    mask_cover: Vec<Vec<u32>>,
    /// Per category: led by the township when the request is in a village.
    village_township: Vec<bool>,
    /// Per category: the index of its parent (`u32::MAX` for a root), so that a suggestion
    /// walks a chain without looking codes up.
    parent: Vec<u32>,
}

impl PartialEq for Guide {
    fn eq(&self, other: &Guide) -> bool {
        self.data == other.data
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
        Guide::shared_default().as_ref().clone()
    }

    /// The default guide as one value per process: parsed and built at its first use, then
    /// shared (engines built with the default guide hold it; [`Guide::yanshan_default`] copies
    /// it). An immutable value, the one kind of process-wide state the core keeps (README,
    /// "Decisions").
    pub(crate) fn shared_default() -> &'static std::sync::Arc<Guide> {
        static YANSHAN: std::sync::LazyLock<std::sync::Arc<Guide>> = std::sync::LazyLock::new(|| {
            // The embedded data is validated by the test suite.
            std::sync::Arc::new(Guide::from_toml(YANSHAN_DATA).expect("built-in Yanshan guide is valid"))
        });
        &YANSHAN
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

    /// An upper bound of the memory building the guide's keyword automaton needed, in bytes:
    /// what [`Limits::max_suggester_bytes`](crate::Limits::max_suggester_bytes) is checked
    /// against (before the automaton is built). The fast kind (a trie over characters) is built
    /// when the bound of the `aho-corasick` DFA fits the budget — the admission rule kept from
    /// when the DFA was the fast kind, far above what the trie uses — else the lean one (a
    /// contiguous NFA) when its bound fits. What the built suggester holds is
    /// [`suggester_memory`](Guide::suggester_memory).
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

    /// The memory of the built suggester, in bytes: the heap of its tables — the keyword
    /// automaton, the emergency context automaton, and the per-keyword tables (owners,
    /// spellings, the suggested leaves under each category, the masks' cover). What a guide
    /// holds for [`suggest`](Guide::suggest) once built, beside its data; for the default guide
    /// about 0.59 MB (`cargo test -p jiesu --lib suggester_memory -- --nocapture` prints it).
    /// [`suggester_bytes`](Guide::suggester_bytes) is the budget's bound, not this.
    ///
    /// # Example
    /// ```
    /// use jiesu::guide::Guide;
    /// let g = Guide::yanshan_default();
    /// assert!(g.suggester_memory() < 1 << 20);
    /// assert!(g.suggester_memory() < g.suggester_bytes());
    /// ```
    pub fn suggester_memory(&self) -> usize {
        use std::mem::size_of;
        let lists = |v: &Vec<Vec<u32>>| v.capacity() * size_of::<Vec<u32>>() + v.iter().map(|l| l.capacity() * 4).sum::<usize>();
        self.matcher.memory_usage()
            + self.context.heap_bytes()
            + self.patterns.capacity() * size_of::<(u32, Vec<Owner>)>()
            + self.patterns.iter().map(|p| p.1.capacity() * size_of::<Owner>()).sum::<usize>()
            + self.pattern_text.capacity() * size_of::<String>()
            + self.pattern_text.iter().map(String::capacity).sum::<usize>()
            + self.pattern_chars.capacity() * 4
            + lists(&self.leaves_under)
            + lists(&self.mask_cover)
            + self.village_township.capacity()
            + self.parent.capacity() * 4
    }

    /// The index of category `j`'s parent.
    fn parent_index(&self, j: usize) -> Option<usize> {
        self.parent.get(j).filter(|&&p| p != u32::MAX).map(|&p| p as usize)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn default_guide_loads() {
        let g = super::Guide::yanshan_default();
        assert!(g.leaves().count() >= 60);
    }

    #[test]
    fn suggester_memory_counts_the_automaton_and_the_tables() {
        let g = super::Guide::yanshan_default();
        let (automaton, context) = (g.matcher.memory_usage(), g.context.heap_bytes());
        println!(
            "default guide: {} patterns; suggester memory {} bytes (keyword trie {automaton}, context automaton {context}, tables {}); budget bound {}",
            g.patterns.len(),
            g.suggester_memory(),
            g.suggester_memory() - automaton - context,
            g.suggester_bytes()
        );
        assert!(automaton > 0 && context > 0);
        assert!(g.suggester_memory() > automaton + context);
    }
}
