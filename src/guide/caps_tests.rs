//! What keeps building a guide and suggesting from it near-linear: the structures are counted,
//! not timed.

use super::*;

/// A guide within the default limits built against the old quadratic paths: one root with
/// `parent_keywords` keywords and `leaves` leaves inheriting them, each with one keyword.
pub(crate) fn wide_guide(parent_keywords: usize, leaves: usize) -> GuideData {
    let mut d = GuideData::from_toml(YANSHAN_DATA).unwrap();
    d.categories.retain(|c| c.parent.is_none() || c.parent.as_deref().is_some_and(|p| p.len() == 2));
    // The categories the suggester's extras name are gone.
    d.village_township.clear();
    d.evidence.clear();
    let mut root = d.categories.iter().find(|c| c.parent.is_none() && c.routing.is_some() && c.domain.is_some()).unwrap().clone();
    root.code = "99".into();
    root.name = "宽".into();
    root.keywords = (0..parent_keywords).map(|i| format!("p{i}z")).collect();
    d.categories.retain(|c| c.parent.is_none());
    for c in &mut d.categories {
        c.keywords.truncate(1);
        c.suggest = Some(false);
    }
    d.categories.push(root.clone());
    for i in 0..leaves {
        let mut leaf = CategoryData { code: format!("99{i:04}"), name: format!("叶{i}"), parent: Some("99".into()), ..root.clone() };
        leaf.keywords = vec![format!("l{i}y")];
        leaf.domain = None;
        leaf.routing = None;
        leaf.appeal_types = None;
        leaf.handling_class = None;
        leaf.urgency = None;
        leaf.complex_days = None;
        leaf.statutory = None;
        leaf.answer = None;
        leaf.suggest = None;
        d.categories.push(leaf);
    }
    d
}

/// The suggester's keywords beyond categories, exclusions, emergencies and urgency words
/// (township names apart): places, out-of-scope words, masks, village words, context words,
/// evidence terms.
fn extra_keywords(d: &GuideData) -> usize {
    d.units.iter().map(|u| u.places.len()).sum::<usize>()
        + d.out_of_scope.iter().map(|o| o.keywords.len()).sum::<usize>()
        + d.masks.len()
        + d.village_markers.len()
        + d.context.lists().iter().map(|(_, l)| l.len()).sum::<usize>()
        + d.evidence.iter().map(|e| e.terms.len()).sum::<usize>()
}

fn owner_entries(g: &Guide) -> usize {
    g.patterns.iter().map(|p| p.1.len()).sum()
}

#[test]
fn a_parents_keywords_are_owned_once_not_once_per_leaf() {
    let (p, l) = (300, 400);
    let g = Guide::from_data(wide_guide(p, l)).unwrap();
    let keywords: usize = g.categories.iter().map(|c| c.keywords.len()).sum::<usize>()
        + g.exclusions.iter().map(|e| e.keywords.len()).sum::<usize>()
        + g.emergencies.iter().map(|e| e.keywords.len()).sum::<usize>()
        + g.data.urgency_keywords.len()
        + extra_keywords(&g.data)
        + 2 * g.units.iter().filter(|u| u.kind == UnitKind::Township).count();
    // Linear in the keywords; the old build gave each leaf its own copy: p × l entries.
    assert!(owner_entries(&g) <= keywords, "{} owner entries for {keywords} keywords", owner_entries(&g));
    assert!(keywords < p * l);
    // Each leaf is listed under itself and its root only.
    assert_eq!(g.leaves_under.iter().map(Vec::len).sum::<usize>(), 2 * l);
    // The parent's keywords still count for every leaf: the leaf's own keyword decides.
    let s = g.suggest("p7z，l123y", None);
    assert_eq!(s.categories[0].code, "990123");
    assert_eq!(s.categories[0].score, 8);
    assert_eq!(s.categories[0].matched, ["l123y", "p7z"]);
    assert!(s.categories[1..].iter().all(|c| c.score == 3 && c.matched == ["p7z"]));
    assert_eq!(s.categories.len(), MAX_SUGGESTIONS);
}

#[test]
fn a_keyword_shared_with_an_ancestor_counts_once() {
    let mut d = wide_guide(3, 2);
    d.categories.last_mut().unwrap().keywords.push("p1z".into());
    let g = Guide::from_data(d).unwrap();
    let s = g.suggest("p1z l1y", None);
    assert_eq!((&*s.categories[0].code, s.categories[0].score), ("990001", 6));
    assert_eq!(s.categories[0].matched, ["l1y", "p1z"]);
    assert_eq!((&*s.categories[1].code, s.categories[1].score), ("990000", 3));
}

#[test]
fn suggestions_are_unchanged_for_the_default_guide() {
    // The default guide's ranking, as the earlier per-leaf owners gave it: the leaf's and its
    // ancestors' distinct keywords.
    let g = Guide::yanshan_default();
    let text = "江那镇××小区门口路灯坏了一个多月，晚上漆黑一片，村里突然停水两天了，水管爆裂，工资拖欠";
    let s = g.suggest(text, None);
    let hits = g.matcher.scan(&normalize(text), g.patterns.len()).patterns;
    let mut expected: Vec<(u32, &str)> = g
        .leaves()
        .filter(|c| c.suggest)
        .filter_map(|c| {
            let mut words: Vec<String> = Vec::new();
            let mut cur = Some(c);
            while let Some(k) = cur {
                words.extend(k.keywords.iter().map(|w| normalize(w)));
                cur = k.parent.as_deref().and_then(|p| g.category(p));
            }
            words.sort();
            words.dedup();
            let score: u32 =
                words.iter().filter(|w| hits.iter().any(|&p| normalize(&g.pattern_text[p as usize]) == **w)).map(|w| w.chars().count() as u32).sum();
            (score > 0).then_some((score, c.code.as_str()))
        })
        .collect();
    expected.sort_by(|a, b| b.0.cmp(&a.0).then(g.category_index[a.1].cmp(&g.category_index[b.1])));
    let got: Vec<(u32, &str)> = s.categories.iter().map(|c| (c.score, &*c.code)).collect();
    assert_eq!(got, expected[..MAX_SUGGESTIONS.min(expected.len())]);
}

#[test]
fn township_names_count_as_keywords() {
    let mut d = GuideData::from_toml(YANSHAN_DATA).unwrap();
    let i = d.units.iter().position(|u| u.kind == "township").unwrap();
    d.units[i].name = "镇".repeat(100_000);
    let e = Guide::from_data(d.clone()).unwrap_err();
    assert!(e.is_limit_exceeded());
    assert_eq!(e.field(), Some(format!("units[{i}].name").as_str()));
    // Within max_keyword_chars, the names count against max_guide_keywords.
    d.units[i].name = "江那镇".into();
    let keywords: usize = d.categories.iter().map(|c| c.keywords.len()).sum::<usize>()
        + d.exclusions.iter().map(|e| e.keywords.len()).sum::<usize>()
        + d.emergencies.iter().map(|e| e.keywords.len()).sum::<usize>()
        + d.urgency_keywords.len()
        + extra_keywords(&d);
    let exact = crate::Limits { max_guide_keywords: keywords, ..Default::default() };
    assert!(Guide::from_data_with_limits(d.clone(), &exact).unwrap_err().is_limit_exceeded());
    let townships = d.units.iter().filter(|u| u.kind == "township").count();
    let enough = crate::Limits { max_guide_keywords: keywords + 2 * townships, ..Default::default() };
    assert!(Guide::from_data_with_limits(d, &enough).is_ok());
}
