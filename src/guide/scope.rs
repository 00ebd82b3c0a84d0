//! What a suggestion explains beyond keywords: out-of-scope matters that are not decline
//! reasons (another county or city, venting, harassment), and why a unit leads.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

/// An out-of-scope kind of the guide (`[[out_of_scope]]`), validated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OutOfScope {
    /// Stable id (`other_jurisdiction`).
    pub kind: String,
    /// Its name (`非本县事项`).
    pub name: String,
    /// What the requester is told.
    pub guidance: String,
    /// Words that suggest it.
    pub keywords: Vec<String>,
    /// Not when the text names a place of the county.
    pub unless_local: bool,
}

/// An out-of-scope kind whose words a request contains: the operator tells the requester where
/// the matter belongs instead of dispatching it.
///
/// # Example
/// ```
/// use jiesu::guide::Guide;
/// let g = Guide::yanshan_default();
/// let s = g.suggest("我是丘北县的，我们村的路灯坏了半年了没人管", None);
/// assert_eq!(s.out_of_scope[0].kind, "other_jurisdiction");
/// assert!(s.out_of_scope[0].matched.contains(&"丘北县".into()));
/// // A Yanshan place named too: a Yanshan request.
/// assert!(g.suggest("我是江那镇的，在丘北县打工，老家路灯坏了", None).out_of_scope.is_empty());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OutOfScopeMatch<'g> {
    /// The kind's id (`other_jurisdiction`, `venting`, `harassment`).
    pub kind: Cow<'g, str>,
    /// The kind's name.
    pub name: Cow<'g, str>,
    /// Sum of the lengths (characters) of the matched words.
    pub score: u32,
    /// Matched words, longest first.
    pub matched: Vec<Cow<'g, str>>,
    /// Guidance for the requester, from the guide.
    pub guidance: Cow<'g, str>,
}

/// Why a suggestion's lead unit leads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RouteBasis {
    /// The category's lead unit, as the guide routes it.
    #[default]
    Guide,
    /// The category is routed by location: the township of the request (given, or named in
    /// the text) leads.
    Location,
    /// The request is in a village and the guide hands the category to the township there
    /// (`village_township`).
    Village,
}
