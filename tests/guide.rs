//! The classification guide: the default guide, suggestions on realistic requests, every
//! validation error, classification decisions.

use jiesu::guide::{
    AppealType, AssignmentRole, ClassificationDecision, DeclineReason, EmergencyService, Guide, GuideData, Location, RoutingData, YANSHAN_DATA,
};
use jiesu::sla::{HandlingClass, Limit, Urgency};
use serde::Deserialize;

#[derive(Deserialize)]
struct Cases {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    text: String,
    township: Option<String>,
    expect_category: Option<String>,
    expect_exclusion: Option<String>,
    expect_emergency: Option<String>,
    expect_urgency: Option<String>,
}

fn cases() -> Vec<Case> {
    toml::from_str::<Cases>(include_str!("data/guide_requests.toml")).unwrap().case
}

#[test]
fn default_guide_has_the_county() {
    let g = Guide::yanshan_default();
    let towns: Vec<&str> = g.units().iter().filter(|u| u.kind == jiesu::guide::UnitKind::Township).map(|u| u.name.as_str()).collect();
    for t in ["江那镇", "平远镇", "稼依镇", "阿猛镇", "阿舍彝族乡", "维摩彝族乡", "干河彝族乡", "盘龙彝族乡", "八嘎乡", "者腊乡", "蚌峨乡"]
    {
        assert!(towns.contains(&t), "{t}");
    }
    assert_eq!(towns.len(), 11);
    for id in [
        "education",
        "health",
        "human_resources",
        "housing",
        "natural_resources",
        "transport",
        "agriculture",
        "market_supervision",
        "ecology",
        "water",
        "civil_affairs",
        "public_security",
        "urban_management",
        "emergency",
        "medical_security",
        "forestry",
        "justice",
        "power_supply",
        "water_supply",
    ] {
        assert!(g.unit(id).is_some(), "{id}");
    }
    assert!(g.unit("power_supply").unwrap().external);
    assert!(g.leaves().count() >= 60);
    for d in jiesu::guide::Domain::ALL {
        assert!(g.leaves().filter(|c| c.domain == *d).count() >= 5, "{d}");
    }
    assert!(g.categories().iter().all(|c| c.level <= 3));
    assert!(g.leaves().any(|c| c.handling_class == HandlingClass::Complex));
    assert!(g.leaves().any(|c| matches!(c.limit, Some(Limit::CalendarDays(_)))));
    assert!(g.leaves().any(|c| c.routing.by_location));
    assert!(g.leaves().filter(|c| c.answer.is_some()).count() >= 6);
    assert_eq!(g.exclusions().len(), 10);
    assert_eq!(g.emergencies().len(), 4);
}

#[test]
fn default_guide_loads_from_json_too() {
    let data = GuideData::from_toml(YANSHAN_DATA).unwrap();
    let json = serde_json::to_string(&data).unwrap();
    let g = Guide::from_json(&json).unwrap();
    assert_eq!(g, Guide::yanshan_default());
}

#[test]
fn realistic_requests_rank_the_expected_category_first() {
    let g = Guide::yanshan_default();
    let all = cases();
    assert!(all.len() >= 40);
    let mut failures = Vec::new();
    for c in &all {
        let loc = c.township.as_deref().map(Location::township);
        let s = g.suggest(&c.text, loc.as_ref());
        if let Some(code) = &c.expect_category {
            match s.categories.first() {
                Some(top) if &top.code == code => {}
                other => failures.push(format!("{}: expected {code}, got {:?}", c.text, other.map(|t| (&t.code, t.score)))),
            }
            if !s.exclusions.is_empty() || !s.emergencies.is_empty() {
                failures.push(format!("{}: unexpected exclusion/emergency {:?} {:?}", c.text, s.exclusions, s.emergencies));
            }
        }
        if let Some(reason) = &c.expect_exclusion {
            let want = DeclineReason::parse(reason).unwrap();
            if s.exclusions.first().map(|e| e.reason) != Some(want) {
                failures.push(format!("{}: expected exclusion {reason}, got {:?}", c.text, s.exclusions));
            }
        }
        if let Some(service) = &c.expect_emergency {
            let want = EmergencyService::parse(service).unwrap();
            if s.emergencies.first().map(|e| e.service) != Some(want) {
                failures.push(format!("{}: expected emergency {service}, got {:?}", c.text, s.emergencies));
            }
        }
        let urgent_expected = c.expect_urgency.as_deref() == Some("urgent");
        if let Some(top) = s.categories.first() {
            if (top.urgency == Urgency::Urgent) != urgent_expected && c.expect_category.is_some() {
                failures.push(format!("{}: urgency {:?}, expected urgent = {urgent_expected}", c.text, top.urgency));
            }
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_exclusion_reason_and_emergency_is_exercised() {
    let all = cases();
    for r in DeclineReason::ALL {
        assert!(all.iter().any(|c| c.expect_exclusion.as_deref() == Some(r.as_str())), "{r}");
    }
    for s in ["110", "119", "120", "122"] {
        assert!(all.iter().any(|c| c.expect_emergency.as_deref() == Some(s)), "{s}");
    }
}

#[test]
fn suggestions_normalize_full_width_and_whitespace() {
    let g = Guide::yanshan_default();
    let plain = g.suggest("小区门口的路灯坏了", None);
    let spaced = g.suggest("小区门口的路 灯坏了", None);
    assert_eq!(plain.categories.first().map(|c| &c.code), spaced.categories.first().map(|c| &c.code));
    // Full-width digits and letters fold to half-width.
    assert_eq!(jiesu::guide::normalize("ＡＢＣ１２３　x"), "abc123x");
}

#[test]
fn longer_keywords_weigh_more() {
    let g = Guide::yanshan_default();
    let s = g.suggest("公司拖欠工资三个月了", None);
    let top = &s.categories[0];
    assert!(top.matched.iter().any(|k| k == "拖欠工资"), "{:?}", top.matched);
    // Each distinct keyword counts once with its length: "拖欠工资"(4) + "欠工资"(3) overlap.
    assert!(top.score >= 4);
}

#[test]
fn location_routing_resolves_the_township() {
    let g = Guide::yanshan_default();
    let leaf = g.leaves().find(|c| c.routing.by_location).unwrap();
    let kw = leaf.keywords[0].clone();
    let s = g.suggest(&format!("来电人反映{kw}的问题"), Some(&Location::township("者腊乡")));
    let sug = s.categories.iter().find(|c| c.code == leaf.code).unwrap();
    assert_eq!(sug.routing.lead.as_deref(), Some("zhela"));
    // Without a location, a township named in the text is used.
    let s = g.suggest(&format!("蚌峨乡××村{kw}"), None);
    assert_eq!(s.township.as_deref(), Some("benge"));
    let sug = s.categories.iter().find(|c| c.code == leaf.code).unwrap();
    assert_eq!(sug.routing.lead.as_deref(), Some("benge"));
    // Classification needs the township (or a lead) for such a category.
    let e = g.classify(&ClassificationDecision::new(&leaf.code, AppealType::Help)).unwrap_err();
    assert_eq!(e.field(), Some("lead"));
    let mut d = ClassificationDecision::new(&leaf.code, AppealType::Help);
    d.location = Some(Location::township("baga"));
    let c = g.classify(&d).unwrap();
    assert_eq!(c.assignments[0].unit, "baga");
    assert_eq!(c.assignments[0].role, AssignmentRole::Lead);
}

#[test]
fn classification_records_guide_version_and_sla_inputs() {
    let g = Guide::yanshan_default();
    let complex = g.leaves().find(|c| c.handling_class == HandlingClass::Complex && !c.routing.by_location).unwrap();
    let c = g.classify(&ClassificationDecision::new(&complex.code, AppealType::Complaint)).unwrap();
    assert_eq!((c.guide_id.as_str(), c.guide_version.as_str()), ("yanshan", "2026.1"));
    assert_eq!(c.sla.handling_class, HandlingClass::Complex);
    assert_eq!(c.sla.limit, complex.limit);
    assert_eq!(c.assignments.iter().filter(|a| a.role == AssignmentRole::Lead).count(), 1);
    assert_eq!(c.assignments.len(), 1 + complex.routing.responsible.len() + complex.routing.cooperating.len());
    let stat = g.leaves().find(|c| c.handling_class == HandlingClass::Statutory).unwrap();
    let c = g.classify(&ClassificationDecision::new(&stat.code, AppealType::Complaint)).unwrap();
    assert!(c.sla.limit.is_some());
}

#[test]
fn classification_refuses_what_the_guide_does_not_allow() {
    let g = Guide::yanshan_default();
    let leaf = g.leaves().find(|c| !c.routing.by_location && c.handling_class == HandlingClass::Normal).unwrap();
    let parent = g.categories().iter().find(|c| !c.is_leaf).unwrap();
    let e = g.classify(&ClassificationDecision::new(&parent.code, AppealType::Help)).unwrap_err();
    assert!(e.is_invalid_input() && e.message().contains("not a leaf"));
    let mut d = ClassificationDecision::new(&leaf.code, AppealType::Help);
    d.lead = Some("nowhere".into());
    assert_eq!(g.classify(&d).unwrap_err().field(), Some("lead"));
    let mut d = ClassificationDecision::new(&leaf.code, AppealType::Help);
    d.cooperating = Some(vec!["ghost".into()]);
    assert_eq!(g.classify(&d).unwrap_err().field(), Some("cooperating"));
    let mut d = ClassificationDecision::new(&leaf.code, AppealType::Help);
    d.responsible = Some(vec![leaf.routing.lead.clone().unwrap()]);
    assert!(g.classify(&d).unwrap_err().message().contains("assigned twice"));
    let mut d = ClassificationDecision::new(&leaf.code, AppealType::Help);
    d.handling_class = Some(HandlingClass::Complex);
    d.limit = Some(Limit::WorkingDays(30));
    assert_eq!(g.classify(&d).unwrap_err().field(), Some("limit"));
    let mut d = ClassificationDecision::new(&leaf.code, AppealType::Help);
    d.handling_class = Some(HandlingClass::Statutory);
    assert_eq!(g.classify(&d).unwrap_err().field(), Some("limit"));
    let mut d = ClassificationDecision::new(&leaf.code, AppealType::Help);
    d.location = Some(Location::township("atlantis"));
    assert_eq!(g.classify(&d).unwrap_err().field(), Some("location.township"));
    // Overrides that keep a lead are accepted.
    let mut d = ClassificationDecision::new(&leaf.code, AppealType::Help);
    d.lead = Some("jiangna".into());
    d.cooperating = Some(vec!["housing".into()]);
    d.urgency = Some(Urgency::Urgent);
    let c = g.classify(&d).unwrap();
    assert_eq!(c.assignments[0].unit, "jiangna");
    assert_eq!(c.sla.urgency, Urgency::Urgent);
}

/// A minimal valid guide to mutate in validation tests.
fn tiny() -> GuideData {
    let mut d = GuideData::from_toml(YANSHAN_DATA).unwrap();
    d.categories.truncate(0);
    d.categories = toml::from_str::<TinyCats>(
        r#"
[[categories]]
code = "01"
name = "城乡建设"
domain = "social_management"
appeal_types = ["complaint"]
routing = { lead = "housing" }
urgency = "normal"
handling_class = "normal"

[[categories]]
code = "0101"
parent = "01"
name = "违法建设"
keywords = ["违章建筑"]
"#,
    )
    .unwrap()
    .categories;
    d
}

#[derive(Deserialize)]
struct TinyCats {
    categories: Vec<jiesu::guide::CategoryData>,
}

fn problems(d: GuideData) -> Vec<String> {
    let e = Guide::from_data(d).unwrap_err();
    assert!(e.is_validation(), "{e}");
    e.problems().iter().map(|p| p.to_string()).collect()
}

fn assert_problem(d: GuideData, needle: &str) {
    let p = problems(d);
    assert!(p.iter().any(|x| x.contains(needle)), "expected {needle:?} in {p:#?}");
}

#[test]
fn tiny_guide_is_valid() {
    let g = Guide::from_data(tiny()).unwrap();
    assert_eq!(g.leaves().count(), 1);
}

#[test]
fn validation_duplicate_codes() {
    let mut d = tiny();
    let mut c = d.categories[1].clone();
    c.name = "重复".into();
    d.categories.push(c);
    assert_problem(d, "categories[2].code: duplicate category code \"0101\"");
}

#[test]
fn validation_unknown_units() {
    let mut d = tiny();
    d.categories[0].routing =
        Some(RoutingData { lead: Some("xjj".into()), responsible: vec!["nope".into()], cooperating: vec!["nada".into()], by_location: false });
    let p = problems(d);
    assert!(p.iter().any(|x| x == "categories[0].routing.lead: unknown unit \"xjj\""), "{p:?}");
    assert!(p.iter().any(|x| x.starts_with("categories[0].routing.responsible[0]")));
    assert!(p.iter().any(|x| x.starts_with("categories[0].routing.cooperating[0]")));
}

#[test]
fn validation_cycles_and_depth() {
    let mut d = tiny();
    d.categories[0].parent = Some("0101".into());
    assert_problem(d, "cycle through category");
    let mut d = tiny();
    for (code, parent) in [("010101", "0101"), ("01010101", "010101")] {
        let mut c = d.categories[1].clone();
        c.code = code.into();
        c.parent = Some(parent.into());
        d.categories.push(c);
    }
    assert_problem(d, "categories[3].parent: category \"01010101\" is deeper than 3 levels");
    let mut d = tiny();
    d.categories[1].parent = Some("99".into());
    assert_problem(d, "categories[1].parent: unknown category \"99\"");
}

#[test]
fn validation_statutory_and_complex_limits() {
    let mut d = tiny();
    d.categories[1].handling_class = Some("statutory".into());
    assert_problem(d, "categories[1].statutory: handling class statutory needs its limit");
    let mut d = tiny();
    d.categories[1].handling_class = Some("complex".into());
    d.categories[1].complex_days = Some(20);
    assert_problem(d, "categories[1].complex_days: 20 is outside the complex range 10..=15");
    let mut d = tiny();
    d.categories[1].handling_class = Some("complex".into());
    assert_problem(d, "categories[1].complex_days: handling class complex needs complex_days");
    let mut d = tiny();
    d.categories[1].handling_class = Some("sometimes".into());
    assert_problem(d, "categories[1].handling_class: unknown handling class");
}

#[test]
fn validation_keywords_domain_appeal_types() {
    let mut d = tiny();
    d.categories[1].keywords.clear();
    assert_problem(d, "categories[1].keywords: leaf category \"0101\" is suggested but has no keywords");
    let mut d = tiny();
    d.categories[1].keywords.clear();
    d.categories[1].suggest = Some(false);
    Guide::from_data(d).unwrap();
    let mut d = tiny();
    d.categories[0].domain = Some("astrology".into());
    assert_problem(d, "categories[0].domain: unknown domain \"astrology\"");
    let mut d = tiny();
    d.categories[0].appeal_types = Some(vec!["complaint".into(), "praise".into()]);
    assert_problem(d, "categories[0].appeal_types[1]: unknown appeal type \"praise\"");
    let mut d = tiny();
    d.categories[0].domain = None;
    assert_problem(d, "categories[1].domain: leaf category \"0101\" has no domain");
    let mut d = tiny();
    d.categories[0].urgency = Some("panic".into());
    assert_problem(d, "categories[0].urgency: unknown urgency");
}

#[test]
fn validation_units_exclusions_emergencies_header() {
    let mut d = tiny();
    let u = d.units[0].clone();
    d.units.push(u);
    assert_problem(d, "duplicate unit id \"jiangna\"");
    let mut d = tiny();
    d.units[0].kind = "village".into();
    assert_problem(d, "units[0].kind: unknown unit kind");
    let mut d = tiny();
    d.units[0].parent = Some("jiangna".into());
    assert_problem(d, "units[0].parent: unit \"jiangna\" is its own ancestor");
    let mut d = tiny();
    d.exclusions[0].reason = "bribery".into();
    let p = problems(d);
    assert!(p.iter().any(|x| x.contains("exclusions[0].reason: unknown decline reason \"bribery\"")));
    assert!(p.iter().any(|x| x.contains("no exclusion for decline reason \"litigation\"")));
    let mut d = tiny();
    d.emergencies[0].service = "911".into();
    assert_problem(d, "emergencies[0].service: unknown emergency service \"911\"");
    let mut d = tiny();
    d.schema_version = 9;
    d.version = " ".into();
    let p = problems(d);
    assert!(p.len() >= 2, "all problems at once: {p:?}");
}

#[test]
fn validation_reports_all_problems_at_once() {
    let mut d = tiny();
    d.categories[0].routing = Some(RoutingData { lead: Some("xjj".into()), ..Default::default() });
    d.categories[1].keywords.clear();
    d.units[1].kind = "x".into();
    assert_eq!(problems(d).len(), 3);
}

#[test]
fn unknown_fields_are_parse_errors() {
    let e = Guide::from_toml("schema_version = 1\nid = \"x\"\nversion = \"1\"\ncolour = \"red\"").unwrap_err();
    assert!(e.is_parse(), "{e}");
    assert!(e.to_string().contains("colour"));
}
