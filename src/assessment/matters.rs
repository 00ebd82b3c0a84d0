//! The bulletin's section 重大事项和热点难点 (R-SCOPE-5, R-ANA-1): the major matters reported up
//! in the period, where they stand and who holds them.

use std::fmt::Write;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::{chinese_deadline, Period};
use crate::guide::Guide;
use crate::ticket::{EventBody, MatterKind, MatterLevel, MatterStanding, Role, Ticket};

/// A major matter listed in a bulletin: a ticket reported up in the period, as its history
/// leaves it at the bulletin's end.
///
/// # Example
/// ```
/// use jiesu::assessment::{bulletin, BulletinKind, Period};
/// let b = bulletin(&[], &jiesu::guide::Guide::yanshan_default(), BulletinKind::Monthly, Period::month(2026, 3)?, None);
/// assert!(b.major_matters.is_empty());
/// # Ok::<(), jiesu::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MatterLine {
    /// The ticket id.
    pub id: String,
    /// Its category's name, as classified.
    pub category_name: String,
    /// The lead unit's name (its id if the guide does not know it).
    pub lead: String,
    /// 重大事项 or 热点难点.
    pub kind: MatterKind,
    /// Who first reported it up (`unit_leader`, `command_center`).
    pub raised_by: Role,
    /// When it was first reported up.
    pub raised_at: DateTime<FixedOffset>,
    /// The level it went to last.
    pub level: MatterLevel,
    /// Where it stands with that level.
    pub standing: MatterStanding,
    /// The level's decision limit.
    pub decide_by: DateTime<FixedOffset>,
    /// Who holds it: the level's name while pending or taken, the lead unit's once sent back.
    pub holder: String,
    /// The level's instruction (taken) or explanation (sent back).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
}

/// The matters reported up in `period` (a `reported_up` event in it), ordered by ticket id.
pub(super) fn matters_in(tickets: &[Ticket], guide: &Guide, period: &Period) -> Vec<MatterLine> {
    let mut out: Vec<MatterLine> = tickets
        .iter()
        .filter(|t| t.events().iter().any(|e| matches!(e.body, EventBody::ReportedUp { .. }) && period.contains(e.at)))
        .filter_map(|t| {
            let m = t.major_matter()?;
            let lead = t.lead().map(|a| a.unit.as_str()).unwrap_or("");
            let lead = guide.unit(lead).map(|u| u.name.clone()).unwrap_or_else(|| lead.to_string());
            Some(MatterLine {
                id: t.id().unwrap_or_default().to_string(),
                category_name: t.classification().map(|c| c.category_name.clone()).unwrap_or_default(),
                holder: if m.standing == MatterStanding::SentBack { lead.clone() } else { m.level.label().to_string() },
                lead,
                kind: m.kind,
                raised_by: m.raised_by,
                raised_at: m.raised_at,
                level: m.level,
                standing: m.standing,
                decide_by: m.decide_by,
                decision: m.decision.clone(),
            })
        })
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// A matter's standing and who raised it, in Chinese: `工作专班研究中，时限 3月5日24时`,
/// `承办单位负责人`.
pub(super) fn words(r: &MatterLine, year: i32) -> (String, &'static str) {
    let standing = match r.standing {
        MatterStanding::Pending => format!("{}研究中，时限 {}", r.level.label(), chinese_deadline(r.decide_by, year)),
        MatterStanding::Taken => format!("{}已批办", r.level.label()),
        MatterStanding::SentBack => format!("{}已退回承办单位", r.level.label()),
    };
    (standing, if r.raised_by == Role::UnitLeader { "承办单位负责人" } else { "指挥中心" })
}

/// The section in Markdown.
pub(super) fn render(s: &mut String, title: &str, rows: &[MatterLine], year: i32) {
    let _ = writeln!(s, "## {title}（{} 件）\n", rows.len());
    for r in rows.iter().take(50) {
        let (standing, raised_by) = words(r, year);
        let decision: String = r.decision.as_deref().map(|d| format!("：{}", d.chars().take(60).collect::<String>())).unwrap_or_default();
        let _ = writeln!(
            s,
            "- {} {} | {} | {}于 {} 上报 | {}{}（现由{}办理）",
            r.id,
            r.category_name,
            r.kind.label(),
            raised_by,
            chinese_deadline(r.raised_at, year),
            standing,
            decision,
            r.holder
        );
    }
    if rows.len() > 50 {
        let _ = writeln!(s, "- ……另 {} 件", rows.len() - 50);
    }
    let _ = writeln!(s);
}
