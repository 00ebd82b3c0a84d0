//! Validation of the suggester's data beyond categories: places of townships, out-of-scope
//! kinds, masks, village words and routing, emergency context words, learned evidence.

use std::collections::HashMap;

use super::data::GuideData;
use super::scope::OutOfScope;
use super::{normalize, Category, UnitKind};

/// Largest weight of a learned evidence term.
pub const MAX_EVIDENCE_WEIGHT: u32 = 100;
/// Largest emergency context window, in characters.
pub const MAX_CONTEXT_WINDOW: u32 = 64;

/// Checks the suggester's extra data, reporting problems with their paths; the validated
/// out-of-scope kinds.
pub(crate) fn validate(data: &GuideData, category_index: &HashMap<String, usize>, push: &mut dyn FnMut(String, String)) -> Vec<OutOfScope> {
    let empty = |list: &[String]| list.iter().position(|w| normalize(w).is_empty());
    for (i, u) in data.units.iter().enumerate() {
        if !u.places.is_empty() && UnitKind::parse(&u.kind) == Some(UnitKind::Department) {
            push(format!("units[{i}].places"), "only a township has places".into());
        }
        if let Some(k) = empty(&u.places) {
            push(format!("units[{i}].places[{k}]"), "empty place name".into());
        }
    }
    let mut out = Vec::new();
    for (i, o) in data.out_of_scope.iter().enumerate() {
        let p = |f: &str| format!("out_of_scope[{i}].{f}");
        if o.kind.trim().is_empty() {
            push(p("kind"), "must not be empty".into());
        } else if data.out_of_scope[..i].iter().any(|x| x.kind == o.kind) {
            push(p("kind"), format!("duplicate out-of-scope kind {:?}", o.kind));
        }
        if o.guidance.trim().is_empty() {
            push(p("guidance"), "must not be empty".into());
        }
        if o.keywords.is_empty() || empty(&o.keywords).is_some() {
            push(p("keywords"), "needs non-empty keywords".into());
        }
        out.push(OutOfScope {
            kind: o.kind.clone(),
            name: o.name.clone(),
            guidance: o.guidance.clone(),
            keywords: o.keywords.clone(),
            unless_local: o.unless_local,
        });
    }
    for (field, list) in [("masks", &data.masks), ("village_markers", &data.village_markers)] {
        if let Some(k) = empty(list) {
            push(format!("{field}[{k}]"), "empty word".into());
        }
    }
    for (kind, list) in data.context.lists() {
        if let Some(k) = empty(list) {
            push(format!("context.{kind}[{k}]"), "empty word".into());
        }
    }
    if data.context.window > MAX_CONTEXT_WINDOW {
        push("context.window".into(), format!("{} is over {MAX_CONTEXT_WINDOW} characters", data.context.window));
    }
    if let Some(k) = data.village_township.iter().position(|c| c.trim().is_empty()) {
        push(format!("village_township[{k}]"), "empty category code".into());
    }
    for (i, e) in data.evidence.iter().enumerate() {
        if !category_index.contains_key(&e.category) {
            push(format!("evidence[{i}].category"), format!("unknown category {:?}", e.category));
        }
        for (w, &weight) in &e.terms {
            if normalize(w).is_empty() {
                push(format!("evidence[{i}].terms"), "empty term".into());
            }
            if weight == 0 || weight > MAX_EVIDENCE_WEIGHT {
                push(format!("evidence[{i}].terms.{w}"), format!("weight {weight} is outside 1..={MAX_EVIDENCE_WEIGHT}"));
            }
        }
    }
    out
}

/// Per category: whether its code starts with one listed in `village_township` (codes take
/// their parent's code as prefix, so a listed code covers its sub-categories; a code that
/// names no category of the guide covers nothing).
pub(crate) fn village_township(data: &GuideData, categories: &[Category]) -> Vec<bool> {
    categories.iter().map(|c| data.village_township.iter().any(|p| c.code.starts_with(p.as_str()))).collect()
}
