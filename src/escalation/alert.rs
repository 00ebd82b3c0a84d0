//! Alerts — what an evaluation raises, the messages they carry — and the results of the
//! evaluations.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::guide::Guide;
use crate::sla::Clock;
use crate::ticket::{EscalationLevel, EventBody};

use super::Target;

/// An alert due now.
///
/// # Example
/// ```
/// let a: Option<jiesu::escalation::Alert> = None;
/// assert!(a.is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Alert {
    /// Rule id.
    pub rule: String,
    /// Level.
    pub level: EscalationLevel,
    /// Target.
    pub target: Target,
    /// Rendered message.
    pub message: String,
    /// The ticket the alert is recorded on.
    pub ticket_id: String,
    /// The clock, for clock rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock: Option<Clock>,
    /// The unit, for per-unit clocks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The instance (clock due instant, dispatch instant, …) the alert is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<DateTime<FixedOffset>>,
    /// When the rule fired (≤ now).
    pub due_since: DateTime<FixedOffset>,
    /// Other tickets involved (group rules).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tickets: Vec<String>,
}

impl Alert {
    /// An alert with empty fields, a slot that a batch overwrites (no allocation).
    pub(super) fn placeholder() -> Alert {
        Alert {
            rule: String::new(),
            level: EscalationLevel::Warning,
            target: Target::Unit,
            message: String::new(),
            ticket_id: String::new(),
            clock: None,
            unit: None,
            instance: None,
            due_since: DateTime::<FixedOffset>::default(),
            tickets: Vec::new(),
        }
    }

    /// The body of the `escalated` event that records this alert on its ticket.
    pub(crate) fn to_event_body(&self) -> EventBody {
        EventBody::Escalated {
            rule: self.rule.clone(),
            level: self.level,
            target: self.target.name().to_string(),
            message: self.message.clone(),
            clock: self.clock,
            unit: self.unit.clone(),
            instance: self.instance,
            tickets: self.tickets.clone(),
        }
    }
}

/// Most tickets an alert lists ([`Alert::tickets`], the `tickets` of an `escalated` event;
/// fixed): a group alert lists the latest ones of its window (its `{count}` stays the whole
/// count), and [`Engine::record_alerts`](crate::engine::Engine::record_alerts) and replay
/// refuse a longer list (`LimitExceeded`).
///
/// # Example
/// ```
/// assert_eq!(jiesu::escalation::MAX_ALERT_TICKETS, 1_000);
/// ```
pub const MAX_ALERT_TICKETS: usize = 1_000;

/// The result of evaluating one ticket.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Evaluation {
    /// Alerts due now that were not raised before, ordered by (due_since, rule, unit).
    pub alerts: Vec<Alert>,
    /// The earliest future instant at which a rule could fire (`None`: nothing is scheduled;
    /// evaluate again after the next event).
    pub next_check_at: Option<DateTime<FixedOffset>>,
    /// Rules skipped because their instant needs a year the calendar does not cover.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<String>,
}

/// The result of evaluating the group rules.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct GroupEvaluation {
    /// Alerts not raised before, each recorded on the ticket that completed the pattern and
    /// naming every ticket involved; ordered by (due_since, rule, ticket).
    pub alerts: Vec<Alert>,
}

/// The unit's name in `guide` for `{unit}` in messages (its id without a guide, or for a unit
/// the guide does not know).
pub(super) fn unit_name<'a>(guide: Option<&'a Guide>, id: &'a str) -> &'a str {
    guide.and_then(|g| g.unit(id)).map_or(id, |u| u.name.as_str())
}

/// A message template with its placeholders written by `var` (`var(name, out)` appends the
/// value of `{name}` to `out` and says whether it knows the name; an unknown one stays as it
/// is); `extra`: the bytes the values are expected to add (the string grows once at most).
pub(super) fn render(template: &str, extra: usize, var: impl FnMut(&str, &mut String) -> bool) -> String {
    write_parts(template, parts(template), extra, var)
}

/// A message template cut once into its parts, for a rule that renders many messages (the
/// group rules: an alert per hit), so that each message is written without searching the
/// template for its braces again.
pub(super) struct Template<'t> {
    text: &'t str,
    parts: Vec<Part>,
}

/// A part of a template: text written as it is, or a placeholder `{name}` (the byte range of
/// the name, inside its braces).
#[derive(Clone)]
enum Part {
    Text(std::ops::Range<usize>),
    Placeholder(std::ops::Range<usize>),
}

/// The parts of template `text`, in order: each `{` opens a placeholder that the next `}`
/// closes; a `{` without a `}` after it, and what follows, is text.
fn parts(text: &str) -> impl Iterator<Item = Part> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= text.len() {
            return None;
        }
        match text[at..].find('{').map(|o| at + o) {
            Some(open) if open > at => {
                let part = Part::Text(at..open);
                at = open;
                Some(part)
            }
            Some(open) => match text[open..].find('}') {
                Some(close) => {
                    at = open + close + 1;
                    Some(Part::Placeholder(open + 1..open + close))
                }
                None => {
                    let part = Part::Text(open..text.len());
                    at = text.len();
                    Some(part)
                }
            },
            None => {
                let part = Part::Text(at..text.len());
                at = text.len();
                Some(part)
            }
        }
    })
}

/// `parts` of `text` written out, placeholders by `var` (see [`render`]).
fn write_parts(text: &str, parts: impl Iterator<Item = Part>, extra: usize, mut var: impl FnMut(&str, &mut String) -> bool) -> String {
    let mut out = String::with_capacity(text.len() + extra);
    for part in parts {
        match part {
            Part::Text(r) => out.push_str(&text[r]),
            Part::Placeholder(r) => {
                if !var(&text[r.clone()], &mut out) {
                    out.push_str(&text[r.start - 1..r.end + 1]);
                }
            }
        }
    }
    out
}

impl<'t> Template<'t> {
    /// The parts of `text` (see [`parts`]).
    pub(super) fn parse(text: &'t str) -> Template<'t> {
        Template { text, parts: parts(text).collect() }
    }

    /// The template written out as [`render`] writes it.
    pub(super) fn render(&self, extra: usize, var: impl FnMut(&str, &mut String) -> bool) -> String {
        write_parts(self.text, self.parts.iter().cloned(), extra, var)
    }
}

#[cfg(test)]
mod tests {
    use super::{render, Template};

    /// Placeholders known, unknown, unclosed, nested and empty are written as the templates
    /// of rules have always been rendered.
    #[test]
    fn templates_render_placeholders_and_keep_the_rest() {
        let var = |name: &str, out: &mut String| match name {
            "a" => {
                out.push('A');
                true
            }
            "b" => {
                out.push_str("BB");
                true
            }
            _ => false,
        };
        for (template, expected) in [
            ("{a}{b}", "ABB"),
            ("{", "{"),
            ("x{unknown}y", "x{unknown}y"),
            ("{{a}", "{{a}"),
            ("}{a}", "}A"),
            ("", ""),
            ("pre{a", "pre{a"),
            ("pre{a}{b", "preA{b"),
            ("工单 {a}：{b}。", "工单 A：BB。"),
            ("{}", "{}"),
            ("no braces", "no braces"),
        ] {
            assert_eq!(render(template, 0, var), expected, "{template}");
            assert_eq!(Template::parse(template).render(0, var), expected, "{template}");
        }
    }
}
