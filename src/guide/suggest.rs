//! Suggestions for a request text (R-SCOPE-2/4): the keyword scan's hits scored per owner and
//! turned into ranked categories with their routing, exclusions, emergencies in context,
//! urgency words, out-of-scope matters and the township.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::{emergency, DeclineReason, DiscountedMention, EmergencyService, Guide, Location, OutOfScopeMatch, Owner, RouteBasis, Routing};
use crate::sla::{HandlingClass, Limit, Urgency};

/// One category suggested for a request text, with what choosing it would imply.
///
/// Its names are borrowed from the guide (`'g`): [`Suggestions::into_owned`] gives a value
/// that outlives it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(description = "One category suggested for a request text, with what choosing it would imply.")]
pub struct Suggestion<'g> {
    /// The leaf category's code: what the operator puts in the dispatch decision.
    pub code: Cow<'g, str>,
    /// The leaf category's name.
    pub name: Cow<'g, str>,
    /// Sum of the weights of the matched keywords (longer keywords weigh more).
    pub score: u32,
    /// Matched keywords, longest first.
    pub matched: Vec<Cow<'g, str>>,
    /// The routing it implies, with the township resolved from the location.
    ///
    /// (The guide's own routing, borrowed, when nothing was resolved.)
    #[schemars(description = "The routing it implies, with the township resolved from the location.")]
    pub routing: Cow<'g, Routing>,
    /// Urgency: the category's, raised to `urgent` by an urgency word.
    pub urgency: Urgency,
    /// The category's handling class (办理类别, R-SLA-3).
    pub handling_class: HandlingClass,
    /// The category's complex or statutory limit, if it has one.
    pub limit: Option<Limit>,
    /// Knowledge-base answer, if the category allows an answer on the spot (R-SCOPE-3).
    pub answer: Option<Cow<'g, str>>,
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
/// let g = Guide::yanshan_default();
/// let s = g.suggest("这个事我已经向法院起诉了，想问问判决书什么时候下来", None);
/// let m = &s.exclusions[0];
/// assert_eq!(m.reason, DeclineReason::Litigation);
/// assert_eq!(m.matched, ["判决书", "判决", "法院", "起诉"]);
/// assert_eq!(m.score, 9); // 3 + 2 + 2 + 2 characters
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ExclusionMatch<'g> {
    /// The decline reason code.
    pub reason: DeclineReason,
    /// Sum of the lengths (characters) of the matched keywords: longer words weigh more.
    pub score: u32,
    /// Matched keywords, longest first.
    pub matched: Vec<Cow<'g, str>>,
    /// Guidance for the requester, from the guide.
    pub guidance: Cow<'g, str>,
}

/// An emergency whose keywords a request text contains: hand over to the service at once.
///
/// # Example
/// ```
/// use jiesu::guide::{EmergencyService, Guide};
/// let g = Guide::yanshan_default();
/// let s = g.suggest("楼下着火了，有人被困", None);
/// assert_eq!(s.emergencies[0].service, EmergencyService::Fire);
/// assert!(s.emergencies[0].guidance.contains("119"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EmergencyMatch<'g> {
    /// The emergency service to hand over to.
    pub service: EmergencyService,
    /// Sum of the lengths (characters) of the matched keywords: longer words weigh more.
    pub score: u32,
    /// Matched keywords, longest first.
    pub matched: Vec<Cow<'g, str>>,
    /// Guidance for the requester, from the guide.
    pub guidance: Cow<'g, str>,
}

/// Suggestions for a request text: an aid to the operator, never a decision.
///
/// The names, keywords and guidance it holds are borrowed from the [`Guide`] that made it
/// (`'g`), so a suggestion copies no text of the guide; [`Suggestions::into_owned`] gives a
/// value that outlives the guide (a deserialized one owns its text already).
///
/// # Example
/// ```
/// use jiesu::guide::{Guide, Suggestions};
/// fn keep(text: &str) -> Suggestions<'static> {
///     let g = Guide::yanshan_default();
///     g.suggest(text, None).into_owned()
/// }
/// assert_eq!(keep("路灯坏了好几天，晚上一片漆黑").categories[0].code, "040201");
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(description = "Suggestions for a request text: an aid to the operator, never a decision.")]
pub struct Suggestions<'g> {
    /// Ranked category suggestions (best first, at most 5).
    pub categories: Vec<Suggestion<'g>>,
    /// Matched exclusions, best first: the request may be out of scope (R-SCOPE-2).
    pub exclusions: Vec<ExclusionMatch<'g>>,
    /// Matched emergencies, best first: hand over (not a decline).
    pub emergencies: Vec<EmergencyMatch<'g>>,
    /// Urgency words found (`停水`, `燃气泄漏`, …): they raise every suggestion to `urgent`.
    pub urgency_keywords: Vec<Cow<'g, str>>,
    /// The township used for routing by location: the given location's, else one named in
    /// the text (a township, or a village or community of the guide's `places`).
    pub township: Option<Cow<'g, str>>,
    /// Out-of-scope matters that are not decline reasons (another county or city, venting,
    /// harassment), best first.
    #[serde(default)]
    pub out_of_scope: Vec<OutOfScopeMatch<'g>>,
    /// Emergency keywords found but discounted: past, hypothetical, negated or already
    /// handled mentions.
    #[serde(default)]
    pub discounted: Vec<DiscountedMention<'g>>,
    /// Whether the request is located in a village (a village named in the location or the
    /// text, or a village word).
    #[serde(default)]
    pub in_village: bool,
}

impl Suggestions<'_> {
    /// The same suggestions owning their text: a value that outlives the guide.
    pub fn into_owned(self) -> Suggestions<'static> {
        Suggestions {
            categories: self.categories.into_iter().map(Suggestion::into_owned).collect(),
            exclusions: self.exclusions.into_iter().map(ExclusionMatch::into_owned).collect(),
            emergencies: self.emergencies.into_iter().map(EmergencyMatch::into_owned).collect(),
            urgency_keywords: owned_all(self.urgency_keywords),
            township: self.township.map(owned),
            out_of_scope: self.out_of_scope.into_iter().map(OutOfScopeMatch::into_owned).collect(),
            discounted: self.discounted.into_iter().map(DiscountedMention::into_owned).collect(),
            in_village: self.in_village,
        }
    }
}

impl Suggestion<'_> {
    /// The same suggestion owning its text.
    pub fn into_owned(self) -> Suggestion<'static> {
        Suggestion {
            code: owned(self.code),
            name: owned(self.name),
            score: self.score,
            matched: owned_all(self.matched),
            routing: Cow::Owned(self.routing.into_owned()),
            urgency: self.urgency,
            handling_class: self.handling_class,
            limit: self.limit,
            answer: self.answer.map(owned),
            basis: self.basis,
        }
    }
}

impl ExclusionMatch<'_> {
    /// The same match owning its text.
    pub fn into_owned(self) -> ExclusionMatch<'static> {
        ExclusionMatch { reason: self.reason, score: self.score, matched: owned_all(self.matched), guidance: owned(self.guidance) }
    }
}

impl EmergencyMatch<'_> {
    /// The same match owning its text.
    pub fn into_owned(self) -> EmergencyMatch<'static> {
        EmergencyMatch { service: self.service, score: self.score, matched: owned_all(self.matched), guidance: owned(self.guidance) }
    }
}

impl OutOfScopeMatch<'_> {
    /// The same match owning its text.
    pub fn into_owned(self) -> OutOfScopeMatch<'static> {
        OutOfScopeMatch { kind: owned(self.kind), name: owned(self.name), score: self.score, matched: owned_all(self.matched), guidance: owned(self.guidance) }
    }
}

impl DiscountedMention<'_> {
    /// The same mention owning its text.
    pub fn into_owned(self) -> DiscountedMention<'static> {
        DiscountedMention { keyword: owned(self.keyword), qualifier: self.qualifier, word: owned(self.word) }
    }
}

/// A text owned: a borrowed one copied.
fn owned(s: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(s.into_owned())
}

/// Texts owned.
fn owned_all(v: Vec<Cow<'_, str>>) -> Vec<Cow<'static, str>> {
    v.into_iter().map(owned).collect()
}

/// How many category suggestions [`Guide::suggest`] returns.
pub const MAX_SUGGESTIONS: usize = 5;

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
    /// Ranked suggestions for a request text (R-SCOPE-2/4): categories, exclusions,
    /// emergencies, urgency words, and routing resolved from `location` (or a township named
    /// in the text).
    ///
    /// Matching is one pass of a multi-pattern automaton over the text, normalized character by
    /// character on the way (full-width forms folded to half-width, whitespace removed, ASCII
    /// lower-cased; no normalized copy is made); every keyword
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
    pub fn suggest(&self, text: &str, location: Option<&Location>) -> Suggestions<'_> {
        // Distinct matched patterns, ascending: memory bounded by the guide, not the text.
        let mut hits = self.matcher.scan(text, self.patterns.len()).patterns;
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
        let (mut declared, mut exc, mut emg, mut oos) = (Vec::with_capacity(2 * hits.len()), Vec::new(), Vec::new(), Vec::new());
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
        let verdict = if emergency_patterns.is_empty() { emergency::Verdict::default() } else { self.context.judge(text, &emergency_patterns) };
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
        let township: Option<&str> = given.map(|u| u.id.as_str()).or_else(|| named.map(|u| self.units[u as usize].id.as_str()));
        let local = given.is_some() || named.is_some();
        let in_village = village_word || place_village || location.is_some_and(|l| l.village.as_deref().is_some_and(|v| !v.trim().is_empty()));
        let urgent = !urgency_hits.is_empty();
        // One scratch list for every list of matched words (no list of its own each time).
        let mut scratch: Vec<u32> = Vec::with_capacity(hits.len());
        let mut words = |ps: &mut dyn Iterator<Item = u32>| -> Vec<Cow<'_, str>> {
            // Longest first (characters as written), then in text order; each spelling once.
            let (text, chars) = (&self.pattern_text, &self.pattern_chars);
            scratch.clear();
            scratch.extend(ps);
            scratch.sort_by(|&a, &b| chars[b as usize].cmp(&chars[a as usize]).then(text[a as usize].cmp(&text[b as usize])));
            scratch.dedup_by(|a, b| text[*a as usize] == text[*b as usize]);
            scratch.iter().map(|&p| Cow::Borrowed(text[p as usize].as_str())).collect()
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
                // The chain's patterns: the leaf's, then each ancestor's.
                let mut chain = std::iter::successors(Some(c as usize), |&j| self.parent_index(j))
                    .flat_map(|j| declared.get(j as u32).unwrap_or(&[]).iter().map(|&(_, _, p)| p));
                let cat = &self.categories[c as usize];
                // The guide's routing, borrowed, unless the township is resolved into it.
                let (routing, basis) = if cat.routing.by_location {
                    let mut routing = cat.routing.clone();
                    routing.lead = township.map(str::to_owned);
                    (Cow::Owned(routing), RouteBasis::Location)
                } else if in_village && self.village_township[c as usize] && township.is_some() {
                    // The township leads; the department the guide names cooperates.
                    let mut routing = cat.routing.clone();
                    if let Some(dept) = routing.lead.take() {
                        if !routing.cooperating.contains(&dept) && !routing.responsible.contains(&dept) && township != Some(dept.as_str()) {
                            routing.cooperating.insert(0, dept);
                        }
                    }
                    routing.lead = township.map(str::to_owned);
                    (Cow::Owned(routing), RouteBasis::Village)
                } else {
                    (Cow::Borrowed(&cat.routing), RouteBasis::Guide)
                };
                Suggestion {
                    code: Cow::Borrowed(&cat.code),
                    name: Cow::Borrowed(&cat.name),
                    score,
                    matched: words(&mut chain),
                    routing,
                    urgency: if urgent { Urgency::Urgent } else { cat.urgency },
                    handling_class: cat.handling_class,
                    limit: cat.limit,
                    answer: cat.answer.as_deref().map(Cow::Borrowed),
                    basis,
                }
            })
            .collect();
        let mut exclusions: Vec<ExclusionMatch> = exc
            .iter()
            .map(|(e, score, ps)| {
                let x = &self.exclusions[e as usize];
                ExclusionMatch { reason: x.reason, score, matched: words(&mut ps.iter().map(|h| h.2)), guidance: Cow::Borrowed(&x.guidance) }
            })
            .collect();
        exclusions.sort_by(|a, b| b.score.cmp(&a.score).then(a.reason.cmp(&b.reason)));
        let mut emergencies: Vec<EmergencyMatch> = emg
            .iter()
            .map(|(e, score, ps)| {
                let x = &self.emergencies[e as usize];
                EmergencyMatch { service: x.service, score, matched: words(&mut ps.iter().map(|h| h.2)), guidance: Cow::Borrowed(&x.guidance) }
            })
            .collect();
        emergencies.sort_by(|a, b| b.score.cmp(&a.score).then(a.service.cmp(&b.service)));
        let mut out_of_scope: Vec<OutOfScopeMatch> = oos
            .iter()
            .filter(|&(i, _, _)| !(local && self.out_of_scope[i as usize].unless_local))
            .map(|(i, score, ps)| {
                let x = &self.out_of_scope[i as usize];
                OutOfScopeMatch {
                    kind: Cow::Borrowed(&x.kind),
                    name: Cow::Borrowed(&x.name),
                    score,
                    matched: words(&mut ps.iter().map(|h| h.2)),
                    guidance: Cow::Borrowed(&x.guidance),
                }
            })
            .collect();
        out_of_scope.sort_by(|a, b| b.score.cmp(&a.score).then(a.kind.cmp(&b.kind)));
        let discounted = verdict
            .discounted
            .iter()
            .map(|&(p, qualifier, word)| DiscountedMention { keyword: Cow::Borrowed(&self.pattern_text[p as usize]), qualifier, word: Cow::Borrowed(word) })
            .collect();
        Suggestions {
            categories,
            exclusions,
            emergencies,
            urgency_keywords: words(&mut urgency_hits.iter().copied()),
            township: township.map(Cow::Borrowed),
            out_of_scope,
            discounted,
            in_village,
        }
    }
}
