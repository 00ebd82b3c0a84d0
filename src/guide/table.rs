//! The guide as tables: one flat row per category ([`CategoryRow`]), with its Chinese name
//! path, SLA input and routing, and the SLA inputs of many categories at once
//! ([`Guide::sla_inputs`]) — what an analyst joins to a flat export.

use serde::{Deserialize, Serialize};

use super::{AppealType, Category, Domain, Guide};
use crate::error::{Error, Result};
use crate::sla::{HandlingClass, Limit, SlaInput, Urgency};

/// One category of the guide as a flat row (every inherited field resolved).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CategoryRow {
    /// Code (`040201`).
    pub code: String,
    /// Name (`路灯`).
    pub name: String,
    /// The names from the root down to this category, joined by `/` (`城市管理/市政设施/路灯`).
    pub name_path: String,
    /// The parent's code; `None` for a root.
    pub parent: Option<String>,
    /// Depth: 1 for a root.
    pub level: usize,
    /// Whether tickets can be classified to it.
    pub is_leaf: bool,
    /// Domain (领域, R-SCOPE-1).
    pub domain: Domain,
    /// Appeal types it accepts.
    pub appeal_types: Vec<AppealType>,
    /// 紧急程度 of its tickets (R-SLA-1).
    pub urgency: Urgency,
    /// 办理类别 (R-SLA-3).
    pub handling_class: HandlingClass,
    /// Its own limit (statutory or complex), if any.
    pub limit: Option<Limit>,
    /// The lead unit; `None` when routed by location.
    pub lead: Option<String>,
    /// Routed to the township where the request is located.
    pub by_location: bool,
    /// Responsible units.
    pub responsible: Vec<String>,
    /// Cooperating units.
    pub cooperating: Vec<String>,
}

impl Category {
    /// The SLA input of this category's tickets (what [`Guide::classify`] gives when the
    /// operator keeps the guide's values).
    ///
    /// # Example
    /// ```
    /// use jiesu::sla::{HandlingClass, Limit};
    /// let injury = jiesu::guide::Guide::yanshan_default().category("010303").unwrap().sla_input();
    /// assert_eq!((injury.handling_class, injury.limit), (HandlingClass::Statutory, Some(Limit::CalendarDays(60))));
    /// ```
    pub fn sla_input(&self) -> SlaInput {
        SlaInput { urgency: self.urgency, handling_class: self.handling_class, limit: self.limit }
    }
}

impl Guide {
    /// The names of a category and its ancestors, root first; empty for an unknown code.
    ///
    /// # Example
    /// ```
    /// let g = jiesu::guide::Guide::yanshan_default();
    /// assert_eq!(g.name_path("040201"), ["城市管理", "市政设施", "路灯"]);
    /// ```
    pub fn name_path(&self, code: &str) -> Vec<&str> {
        let mut names = Vec::new();
        let mut at = self.category(code);
        // The tree's depth is bounded by MAX_DEPTH (validated); the bound guards the loop.
        while let Some(c) = at.filter(|_| names.len() <= super::MAX_DEPTH) {
            names.push(c.name.as_str());
            at = c.parent.as_deref().and_then(|p| self.category(p));
        }
        names.reverse();
        names
    }

    /// Every category as a flat row, in the guide's order (parents before children).
    ///
    /// # Example
    /// ```
    /// let g = jiesu::guide::Guide::yanshan_default();
    /// let rows = g.category_rows();
    /// let lamp = rows.iter().find(|r| r.code == "040201").unwrap();
    /// assert_eq!((lamp.name_path.as_str(), lamp.lead.as_deref()), ("城市管理/市政设施/路灯", Some("urban_management")));
    /// assert_eq!(rows.len(), g.categories().len());
    /// ```
    pub fn category_rows(&self) -> Vec<CategoryRow> {
        self.categories()
            .iter()
            .map(|c| CategoryRow {
                code: c.code.clone(),
                name: c.name.clone(),
                name_path: self.name_path(&c.code).join("/"),
                parent: c.parent.clone(),
                level: c.level,
                is_leaf: c.is_leaf,
                domain: c.domain,
                appeal_types: c.appeal_types.clone(),
                urgency: c.urgency,
                handling_class: c.handling_class,
                limit: c.limit,
                lead: c.routing.lead.clone(),
                by_location: c.routing.by_location,
                responsible: c.routing.responsible.clone(),
                cooperating: c.routing.cooperating.clone(),
            })
            .collect()
    }

    /// The SLA inputs of many categories at once ([`Category::sla_input`]), in order: the
    /// urgency, handling class and limit to join to an export by category code. An unknown
    /// code is an error naming it and its index (`codes[3]`).
    ///
    /// # Example
    /// ```
    /// use jiesu::sla::Urgency;
    /// let g = jiesu::guide::Guide::yanshan_default();
    /// let inputs = g.sla_inputs(&["040201", "040201"])?;
    /// assert_eq!(inputs[0].urgency, Urgency::Normal);
    /// assert_eq!(g.sla_inputs(&["040201", "99"]).unwrap_err().field(), Some("codes[1]"));
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn sla_inputs<S: AsRef<str>>(&self, codes: &[S]) -> Result<Vec<SlaInput>> {
        codes
            .iter()
            .enumerate()
            .map(|(i, code)| {
                let code = code.as_ref();
                self.category(code).map(Category::sla_input).ok_or_else(|| {
                    Error::invalid_input(format!("codes[{i}]"), format!("codes[{i}]: unknown category {code:?} in guide {} {}", self.id(), self.version()))
                })
            })
            .collect()
    }
}
