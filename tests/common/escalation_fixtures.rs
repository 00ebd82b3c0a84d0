//! What the escalation property tests share (`escalation_props.rs`,
//! `escalation_group_props.rs`): the engine, the categories and townships drawn, instants and the
//! command center.

use std::sync::LazyLock;

use chrono::{DateTime, FixedOffset};
use jiesu::engine::Engine;
use jiesu::guide::AppealType;
use jiesu::sla::{HandlingClass, Urgency};
use jiesu::ticket::Actor;

pub static ENGINE: LazyLock<Engine> = LazyLock::new(Engine::default_engine);

/// The categories drawn: normal, urgent, routed by location, complex (10+ working days).
pub static CATEGORIES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let g = ENGINE.guide();
    let pick = |what: &str, pred: &dyn Fn(&jiesu::guide::Category) -> bool| {
        g.leaves().find(|c| c.appeal_types.contains(&AppealType::Complaint) && pred(c)).unwrap_or_else(|| panic!("no {what} leaf")).code.clone()
    };
    vec![
        pick("normal", &|c| {
            c.urgency == Urgency::Normal && c.handling_class == HandlingClass::Normal && !c.routing.by_location && c.routing.responsible.is_empty()
        }),
        pick("urgent", &|c| c.urgency == Urgency::Urgent && !c.routing.by_location && c.routing.responsible.is_empty()),
        pick("by location", &|c| c.routing.by_location && c.handling_class == HandlingClass::Normal && c.routing.responsible.is_empty()),
        pick("complex", &|c| c.handling_class == HandlingClass::Complex && !c.routing.by_location && c.routing.responsible.is_empty()),
    ]
});

pub const TOWNSHIPS: [&str; 3] = ["jiangna", "pingyuan", "jiayi"];

pub fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

/// 2026-01-05 00:00 CST.
pub fn t0() -> DateTime<FixedOffset> {
    t("2026-01-05T00:00:00+08:00")
}

pub fn cc() -> Actor {
    Actor::command_center()
}
