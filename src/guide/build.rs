//! Building a guide from its data: sizes checked against the limits first, then every field
//! validated (each problem with its path), inherited fields resolved, and the keyword automata
//! built within the memory budget.

use std::collections::{HashMap, HashSet};

use super::normalize::normalize;
use super::*;
use crate::error::{Error, Problem, Result};
use crate::sla::{HandlingClass, Limit, Urgency};

/// `江那镇` → `江那`, `阿舍彝族乡` → `阿舍`.
pub(super) fn short_township_name(name: &str) -> &str {
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

pub(super) fn build(data: GuideData, limits: &crate::Limits) -> Result<Guide> {
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
    let parent = (0..categories.len()).map(|j| parent_of(j).map_or(u32::MAX, |p| p as u32)).collect();
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
        pattern_chars: pattern_text.iter().map(|w| w.chars().count() as u32).collect(),
        pattern_text,
        out_of_scope,
        context,
        mask_cover,
        village_township,
        parent,
    })
}
