//! The bulletin (通报, R-ANA-1) as data: what [`bulletin`] computes, which the Markdown
//! ([`Bulletin::to_markdown`]) and the printable HTML ([`Bulletin::to_html`]) render.
//!
//! The counting rules a reader needs (also in the README's decisions):
//! - the headline's 三率 and score are county-wide: every ticket counted once, with its lead
//!   unit's response clock, by the formulas of [`assess`] (rates summed over the county before
//!   dividing); 环比 compares with the previous period of the same kind (the previous calendar
//!   month for a month, the previous seven days for a week), 同比 with the same period a year
//!   earlier (the same dates, or 52 weeks earlier for a period of whole weeks); either is
//!   left out when no ticket was registered in that period;
//! - 超期件 counts every ticket overdue at some moment of the period: open past its deadline
//!   at the bulletin's instant, or completed late within the period — tickets registered
//!   before the period included (marked 此前登记, counted in [`Totals::overdue_carried`]); the
//!   list of section 超期工单 holds exactly these tickets;
//! - units are ranked in two tables, townships (乡镇) and county departments (县直部门), by the
//!   guide's unit kinds; a unit with fewer than [`AssessmentOptions::min_ranked_volume`] tickets
//!   dispatched (default 5), or unknown to the guide, is listed but not ranked; ties are broken
//!   by 满意率, then volume (dispatched), then unit id; the requests' townships are ranked the
//!   same way, 未注明乡镇 apart and never ranked.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Days, FixedOffset, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{assess, is_repeat, matters, name_groups, weighted_score, AssessmentOptions, GroupBy, GroupMetrics, MatterLine, Period, Rate, UNKNOWN_TOWNSHIP};
use crate::calendar::{self, CoverageWarning};
use crate::guide::{Guide, UnitKind};
use crate::sla::Urgency;
use crate::ticket::{ClosingOutcome, EscalationLevel, Status, Ticket};

/// The longest period, in days, whose daily volume a bulletin lists ([`Bulletin::daily`]): a
/// quarter. A bulletin's week or month is far shorter; a longer period (a caller's arbitrary
/// range) gets no daily trend rather than one entry per day of centuries.
pub const MAX_TREND_DAYS: u64 = 92;

/// A ticket listed in a bulletin (overdue, supervised, repeated, many-people or urgent), named
/// from the guide. No requester data: a bulletin is read and printed well beyond the people
/// who handle the ticket (R-PRIV-1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TicketLine {
    /// The ticket id (工单编号).
    pub id: String,
    /// Its category's code.
    pub category: String,
    /// Its category's name, as classified.
    pub category_name: String,
    /// The lead unit's id (empty when none).
    pub lead_unit: String,
    /// The lead unit's name (its id if the guide does not know it).
    pub lead: String,
    /// The township's name, or empty when not known.
    pub township: String,
    /// The ticket's status in the history given.
    pub status: Option<Status>,
    /// The completion deadline in force (extensions included).
    pub due_at: Option<DateTime<FixedOffset>>,
    /// Registered before the period (carried over, 此前登记).
    pub carried_over: bool,
    /// Why it is listed (`超期未办结`, `挂牌督办`, …), in Chinese.
    pub note: String,
}

/// A hot topic (热点) of a bulletin: a category or a township with its volume of requests in
/// the period and in the previous one (R-ANA-1: hot topics, rising problems).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Topic {
    /// The category code or township id.
    pub key: String,
    /// Its name in the guide.
    pub name: String,
    /// Requests registered in the period.
    pub count: u64,
    /// Requests registered in the previous period of the same kind ([`Headline::previous`]).
    pub previous: u64,
    /// `count - previous`: positive for a rising problem.
    pub change: i64,
}

/// A count per unit (the overdue tickets of each lead unit).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct UnitCount {
    /// The unit id (empty for tickets without a lead unit).
    pub key: String,
    /// Its name in the guide.
    pub name: String,
    /// How many.
    pub count: u64,
}

/// The requests registered on one day of the period (the daily trend).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DayCount {
    /// The local (CST) date.
    pub day: NaiveDate,
    /// Requests registered that day.
    pub received: u64,
}

/// The totals of a bulletin's overview (总体情况): requests registered in the period, by how
/// they were taken up and what became of them; each list of the bulletin has as many tickets
/// as its total here.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Totals {
    /// Requests received (共接收诉求): registered in the period.
    pub received: u64,
    /// Accepted (受理): received and not declined.
    pub accepted: u64,
    /// Declined as out of scope (不予受理, R-SCOPE-2).
    pub declined: u64,
    /// Answered on the spot (首接首办当场答复, R-SCOPE-3).
    pub answered_directly: u64,
    /// Dispatched to units (派单).
    pub dispatched: u64,
    /// Closed after handling (已办结; declines and direct answers excluded).
    pub closed: u64,
    /// Urgent (紧急件).
    pub urgent: u64,
    /// Overdue at some moment of the period (超期件): open past the deadline at the bulletin's
    /// instant, or completed late within the period; carried-over tickets included.
    pub overdue: u64,
    /// Of `overdue`, the tickets registered before the period (此前登记).
    pub overdue_carried: u64,
    /// Under supervision (督办件, R-ORG-4, R-ESC-4).
    pub supervised: u64,
    /// Repeated requests (重复诉求, R-ESC-1).
    pub repeated: u64,
    /// Requests from many people on one matter (多人群诉, R-ESC-1).
    pub many_people: u64,
    /// Major matters and hot or difficult issues reported up in the period (重大事项和热点难点).
    pub major_matters: u64,
}

/// The county-wide figures of one period: volume, the three rates (三率) and the score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Overview {
    /// The period.
    pub period: Period,
    /// Requests registered in it.
    pub received: u64,
    /// Of them, dispatched to units.
    pub dispatched: u64,
    /// 响应率, county-wide (each ticket once, its lead unit's response clock).
    pub response_rate: Rate,
    /// 解决率, county-wide.
    pub resolution_rate: Rate,
    /// 满意率, county-wide.
    pub satisfaction_rate: Rate,
    /// 综合得分 from the three rates with the options' weights.
    pub score: Option<f64>,
}

/// The bulletin's headline: the period's county-wide figures with 环比 and 同比.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Headline {
    /// This period.
    pub current: Overview,
    /// The previous period of the same kind (环比: last month, last week); absent when no
    /// ticket given was registered in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<Overview>,
    /// The same period a year earlier (同比); absent when no ticket given was registered in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year_before: Option<Overview>,
}

/// The period a bulletin covers (R-ANA-1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BulletinKind {
    /// 周通报: a week, Monday to Sunday ([`Period::week_of`]).
    Weekly,
    /// 月通报: a calendar month ([`Period::month`]).
    Monthly,
}

/// A bulletin (通报) as data (R-ANA-1): the headline, the overview, the township and department
/// rankings, the requests' townships, hot and rising topics and the lists of tickets to
/// follow. The JSON is the source; [`Bulletin::to_markdown`] and [`Bulletin::to_html`] render
/// it. No requester data is in it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Bulletin {
    /// Weekly or monthly.
    pub kind: BulletinKind,
    /// The title (`砚山县接诉即办工作月通报（2026年3月）`).
    pub title: String,
    /// The period covered.
    pub period: Period,
    /// The period in Chinese (`2026年10月1日至10月31日`).
    pub period_text: String,
    /// County-wide figures with 环比 and 同比 (the first paragraph).
    pub headline: Headline,
    /// The overview's figures.
    pub totals: Totals,
    /// The fewest tickets dispatched for a row to be ranked (the options' `min_ranked_volume`).
    pub min_ranked_volume: u64,
    /// The townships as handling units (乡镇考评排名): ranked rows first, then the unranked.
    pub township_units: Vec<GroupMetrics>,
    /// The county departments and public utilities as handling units (县直部门考评排名), the
    /// same way; units unknown to the guide are listed here, never ranked.
    pub departments: Vec<GroupMetrics>,
    /// The requests per township where they are located (各乡镇诉求情况), ranked the same way.
    pub townships: Vec<GroupMetrics>,
    /// The requests whose township is not known (未注明乡镇), apart and never ranked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub township_unknown: Option<GroupMetrics>,
    /// Requests registered each day of the period (empty for a period longer than
    /// [`MAX_TREND_DAYS`]).
    pub daily: Vec<DayCount>,
    /// The ten categories with the most requests (热点问题).
    pub hot_categories: Vec<Topic>,
    /// Townships by number of requests (热点乡镇).
    pub hot_townships: Vec<Topic>,
    /// The five categories that rose most against the previous period (上升较快).
    pub rising: Vec<Topic>,
    /// Overdue tickets (超期工单), carried-over ones included: `totals.overdue` of them.
    pub overdue: Vec<TicketLine>,
    /// The overdue tickets per lead unit, most first.
    pub overdue_by_unit: Vec<UnitCount>,
    /// Tickets under supervision (督办工单).
    pub supervised: Vec<TicketLine>,
    /// Repeated requests (重复诉求).
    pub repeated: Vec<TicketLine>,
    /// Requests from many people on one matter (多人群诉).
    pub many_people: Vec<TicketLine>,
    /// Urgent tickets (紧急工单).
    pub urgent: Vec<TicketLine>,
    /// Major matters and hot or difficult issues reported up in the period (重大事项和热点难点,
    /// R-SCOPE-5): where each stands and who holds it.
    #[serde(default)]
    pub major_matters: Vec<MatterLine>,
    /// A notice that the calendar's coverage ends soon (R-SLA-7), attached with
    /// [`Bulletin::with_coverage_warning`]; rendered before the figures. Absent by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage_warning: Option<CoverageWarning>,
}

fn line(t: &Ticket, guide: &Guide, carried_over: bool, note: &str) -> TicketLine {
    let c = t.classification.as_ref();
    let lead = t.lead().map(|a| a.unit.as_str()).unwrap_or("");
    TicketLine {
        id: t.id.clone().unwrap_or_default(),
        category: c.map(|c| c.category.clone()).unwrap_or_default(),
        category_name: c.map(|c| c.category_name.clone()).unwrap_or_default(),
        lead_unit: lead.to_string(),
        lead: unit_name(guide, lead),
        township: c
            .and_then(|c| c.township.as_deref())
            .or(t.location.township.as_deref())
            .and_then(|x| guide.township(x))
            .map(|u| u.name.clone())
            .unwrap_or_default(),
        status: t.status,
        due_at: t.completion.as_ref().map(|c| c.due_at),
        carried_over,
        note: note.to_string(),
    }
}

fn unit_name(guide: &Guide, id: &str) -> String {
    guide.unit(id).map(|u| u.name.clone()).unwrap_or_else(|| id.to_string())
}

/// Whether the period is one whole calendar month.
fn is_month(p: &Period) -> bool {
    let from = calendar::local_date(p.from);
    from.day() == 1 && Period::month(from.year(), from.month()).is_ok_and(|m| m == *p)
}

/// The previous period of the same kind (环比): the previous calendar month for a month, else
/// the period of the same length just before.
fn previous_of(p: &Period) -> Period {
    let from = calendar::local_date(p.from);
    match from.checked_sub_months(Months::new(1)) {
        Some(m) if is_month(p) => Period::month(m.year(), m.month()).unwrap_or_else(|_| p.previous()),
        _ => p.previous(),
    }
}

/// The same period a year earlier (同比): 52 weeks earlier for a period of whole weeks (the
/// same weekdays), else the same dates a year earlier.
fn year_before(p: &Period) -> Option<Period> {
    let (from, to) = (calendar::local_date(p.from), calendar::local_date(p.to));
    let days = (to - from).num_days();
    let (f, t) = if days % 7 == 0 {
        (from.checked_sub_days(Days::new(364))?, to.checked_sub_days(Days::new(364))?)
    } else {
        (from.checked_sub_months(Months::new(12))?, to.checked_sub_months(Months::new(12))?)
    };
    Period::days(f, t).ok()
}

/// The county-wide figures of `p`, or none when no ticket was registered in it (the data does
/// not reach it).
fn overview(tickets: &[Ticket], opts: &AssessmentOptions, p: Period) -> Option<Overview> {
    let registered = tickets.iter().filter(|t| t.registered_at.is_some_and(|r| p.contains(r)));
    let (received, dispatched) = registered.fold((0, 0), |(r, d), t| (r + 1, d + t.dispatched_at.is_some() as u64));
    if received == 0 {
        return None;
    }
    // Per township, every ticket counts once (its lead's response clock): summed, the county.
    let a = assess(tickets, &AssessmentOptions { period: p, group_by: GroupBy::Township, now: None, ..opts.clone() });
    let sum = |f: &dyn Fn(&GroupMetrics) -> &Rate| Rate::of(a.groups.iter().map(|g| f(g).numerator).sum(), a.groups.iter().map(|g| f(g).denominator).sum());
    let (response_rate, resolution_rate, satisfaction_rate) = (sum(&|g| &g.response_rate), sum(&|g| &g.resolution_rate), sum(&|g| &g.satisfaction_rate));
    let score = weighted_score(&opts.weights, &response_rate, &resolution_rate, &satisfaction_rate);
    Some(Overview { period: p, received, dispatched, response_rate, resolution_rate, satisfaction_rate, score })
}

/// Ranks `rows` in place: rows with a score and at least `min` tickets dispatched, by score,
/// then 满意率, then volume, then key (descending, descending, descending, ascending), get
/// ranks 1, 2, …; the others follow, unranked, in the same order.
fn rank(rows: &mut [GroupMetrics], min: u64, rankable: &dyn Fn(&GroupMetrics) -> bool) {
    let ok = |g: &GroupMetrics| g.score.is_some() && g.dispatched >= min && rankable(g);
    let neg = |x: Option<f64>| x.map(|v| -v).unwrap_or(f64::INFINITY);
    rows.sort_by(|a, b| {
        ok(b)
            .cmp(&ok(a))
            .then(neg(a.score).total_cmp(&neg(b.score)))
            .then(neg(a.satisfaction_rate.value).total_cmp(&neg(b.satisfaction_rate.value)))
            .then(b.dispatched.cmp(&a.dispatched))
            .then(a.key.cmp(&b.key))
    });
    let mut n = 0;
    for g in rows.iter_mut() {
        g.rank = ok(g).then(|| {
            n += 1;
            n
        });
    }
}

/// A ticket's overdue standing in the period (超期件), if it was overdue at some moment of it:
/// its completion deadline passed unmet before the period's end (or `now`), and it was not
/// completed before the period began. A paused clock is not overdue while paused.
fn overdue_note(t: &Ticket, period: &Period, now: DateTime<FixedOffset>) -> Option<&'static str> {
    let c = t.completion.as_ref()?;
    let end = now.min(period.to);
    if c.due_at >= end {
        return None;
    }
    match c.met_at {
        Some(m) if m < c.due_at || m < period.from => None,
        Some(m) if m < end => Some("超期办结"),
        Some(_) => Some("超期未办结"),
        None if c.paused_at.is_some() || t.status.is_some_and(|s| s.is_terminal()) => None,
        None => Some("超期未办结"),
    }
}

/// Builds the bulletin of `kind` for `period` from the tickets (with the previous period of
/// the same kind for 环比 and rising topics, and the year before for 同比), naming units,
/// townships and categories from the guide. Each ticket must be given once
/// ([`check_distinct`](super::check_distinct) refuses a list that holds one twice).
///
/// # Example
/// ```
/// use jiesu::assessment::{bulletin, BulletinKind, Period};
/// use jiesu::guide::Guide;
/// let b = bulletin(&[], &Guide::yanshan_default(), BulletinKind::Monthly, Period::month(2026, 3)?, None);
/// assert_eq!(b.title, "砚山县接诉即办工作月通报（2026年3月）");
/// assert_eq!(b.period_text, "2026年3月1日至3月31日");
/// assert_eq!((b.totals.received, b.daily.len(), b.min_ranked_volume), (0, 31, 5));
/// assert!(b.headline.previous.is_none()); // no data in February: no 环比
/// # Ok::<(), jiesu::Error>(())
/// ```
///
/// The crate's [`assessment`](super) example builds one from handled tickets.
pub fn bulletin(tickets: &[Ticket], guide: &Guide, kind: BulletinKind, period: Period, options: Option<&AssessmentOptions>) -> Bulletin {
    let mut opts = options.cloned().unwrap_or_else(|| AssessmentOptions::new(period));
    opts.period = period;
    let now = opts.now.unwrap_or(period.to);
    let min = opts.min_ranked_volume;
    let mut units = assess(tickets, &AssessmentOptions { group_by: GroupBy::Unit, ..opts.clone() });
    name_groups(&mut units, guide);
    let mut towns = assess(tickets, &AssessmentOptions { group_by: GroupBy::Township, ..opts.clone() });
    name_groups(&mut towns, guide);
    let kind_of = |g: &GroupMetrics| guide.unit(&g.key).map(|u| u.kind);
    let (mut township_units, mut departments): (Vec<_>, Vec<_>) = units.groups.into_iter().partition(|g| kind_of(g) == Some(UnitKind::Township));
    rank(&mut township_units, min, &|_| true);
    rank(&mut departments, min, &|g| kind_of(g).is_some());
    let (unknown, mut townships): (Vec<_>, Vec<_>) = towns.groups.into_iter().partition(|g| g.key == UNKNOWN_TOWNSHIP);
    rank(&mut townships, min, &|_| true);
    let township_unknown = unknown.into_iter().next().map(|g| GroupMetrics { rank: None, ..g });

    let prev = previous_of(&period);
    let mut totals = Totals::default();
    let mut cat_now: BTreeMap<String, u64> = BTreeMap::new();
    let mut cat_prev: BTreeMap<String, u64> = BTreeMap::new();
    let mut town_now: BTreeMap<String, u64> = BTreeMap::new();
    let mut town_prev: BTreeMap<String, u64> = BTreeMap::new();
    let trend_days = (calendar::local_date(period.to) - calendar::local_date(period.from)).num_days();
    let first_day = calendar::local_date(period.from);
    let mut daily: Vec<DayCount> = if (trend_days as u64) <= MAX_TREND_DAYS {
        first_day.iter_days().take(trend_days as usize).map(|day| DayCount { day, received: 0 }).collect()
    } else {
        Vec::new()
    };
    let (mut overdue, mut supervised, mut repeated, mut many, mut urgent) = (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for t in tickets {
        let Some(reg) = t.registered_at else { continue };
        let class = t.classification.as_ref();
        let town = class.and_then(|c| c.township.clone()).or_else(|| t.location.township.clone());
        if prev.contains(reg) {
            if let Some(c) = class {
                *cat_prev.entry(c.category.clone()).or_default() += 1;
            }
            if let Some(x) = &town {
                *town_prev.entry(x.clone()).or_default() += 1;
            }
        }
        if reg >= period.to {
            continue;
        }
        let carried = reg < period.from;
        if let Some(note) = overdue_note(t, &period, now) {
            overdue.push(line(t, guide, carried, &if carried { format!("此前登记，{note}") } else { note.to_string() }));
        }
        if carried {
            continue;
        }
        totals.received += 1;
        if let Some(d) = usize::try_from((calendar::local_date(reg) - first_day).num_days()).ok().and_then(|i| daily.get_mut(i)) {
            d.received += 1;
        }
        match t.outcome {
            Some(ClosingOutcome::Declined) => totals.declined += 1,
            Some(ClosingOutcome::Answered) => totals.answered_directly += 1,
            _ => {}
        }
        totals.dispatched += t.dispatched_at.is_some() as u64;
        if matches!(t.status, Some(Status::Closed | Status::Archived))
            && t.outcome.is_some_and(|o| !matches!(o, ClosingOutcome::Declined | ClosingOutcome::Answered))
        {
            totals.closed += 1;
        }
        if let Some(c) = class {
            *cat_now.entry(c.category.clone()).or_default() += 1;
            if c.sla.urgency == Urgency::Urgent {
                urgent.push(line(t, guide, false, "紧急"));
            }
        }
        if let Some(x) = &town {
            *town_now.entry(x.clone()).or_default() += 1;
        }
        let top = t.escalations.iter().map(|e| e.level).max();
        if t.supervised || top.is_some_and(|l| l >= EscalationLevel::Supervision) {
            let listed = top == Some(EscalationLevel::ListedSupervision);
            supervised.push(line(t, guide, false, if listed { "挂牌督办" } else { "督办" }));
        }
        if is_repeat(t) {
            repeated.push(line(t, guide, false, "重复诉求"));
        }
        if t.escalations.iter().any(|e| e.rule.starts_with("many_people.")) {
            many.push(line(t, guide, false, "多人群诉"));
        }
    }
    let topics = |now_counts: &BTreeMap<String, u64>, prev_counts: &BTreeMap<String, u64>, name: &dyn Fn(&str) -> String| -> Vec<Topic> {
        let mut v: Vec<Topic> = now_counts
            .iter()
            .map(|(k, &c)| {
                let p = prev_counts.get(k).copied().unwrap_or(0);
                Topic { key: k.clone(), name: name(k), count: c, previous: p, change: c as i64 - p as i64 }
            })
            .collect();
        v.sort_by(|a, b| b.count.cmp(&a.count).then(a.key.cmp(&b.key)));
        v
    };
    let cat_name = |k: &str| guide.category(k).map(|c| c.name.clone()).unwrap_or_else(|| k.to_string());
    let town_name = |k: &str| guide.township(k).map(|u| u.name.clone()).unwrap_or_else(|| k.to_string());
    let all_cats = topics(&cat_now, &cat_prev, &cat_name);
    let mut rising: Vec<Topic> = all_cats.iter().filter(|t| t.change > 0).cloned().collect();
    rising.sort_by(|a, b| b.change.cmp(&a.change).then(a.key.cmp(&b.key)));
    rising.truncate(5);
    let mut hot_categories = all_cats;
    hot_categories.truncate(10);
    let hot_townships = topics(&town_now, &town_prev, &town_name);
    for v in [&mut overdue, &mut supervised, &mut repeated, &mut many, &mut urgent] {
        v.sort_by(|a, b| a.id.cmp(&b.id));
    }
    let mut by_unit: BTreeMap<&str, u64> = BTreeMap::new();
    for l in &overdue {
        *by_unit.entry(l.lead_unit.as_str()).or_default() += 1;
    }
    let mut overdue_by_unit: Vec<UnitCount> =
        by_unit.into_iter().map(|(k, count)| UnitCount { key: k.to_string(), name: unit_name(guide, k), count }).collect();
    overdue_by_unit.sort_by(|a, b| b.count.cmp(&a.count).then(a.key.cmp(&b.key)));
    let major_matters = matters::matters_in(tickets, guide, &period);
    totals.accepted = totals.received - totals.declined;
    totals.urgent = urgent.len() as u64;
    totals.overdue = overdue.len() as u64;
    totals.overdue_carried = overdue.iter().filter(|l| l.carried_over).count() as u64;
    totals.supervised = supervised.len() as u64;
    totals.repeated = repeated.len() as u64;
    totals.many_people = many.len() as u64;
    totals.major_matters = major_matters.len() as u64;
    let period_text = super::chinese_period(&period);
    let title = match kind {
        BulletinKind::Weekly => format!("砚山县接诉即办工作周通报（{period_text}）"),
        BulletinKind::Monthly if is_month(&period) => format!("砚山县接诉即办工作月通报（{}年{}月）", first_day.year(), first_day.month()),
        BulletinKind::Monthly => format!("砚山县接诉即办工作月通报（{period_text}）"),
    };
    let current = overview(tickets, &opts, period).unwrap_or(Overview {
        period,
        received: 0,
        dispatched: 0,
        response_rate: Rate::default(),
        resolution_rate: Rate::default(),
        satisfaction_rate: Rate::default(),
        score: None,
    });
    let headline = Headline { current, previous: overview(tickets, &opts, prev), year_before: year_before(&period).and_then(|p| overview(tickets, &opts, p)) };
    Bulletin {
        kind,
        title,
        period,
        period_text,
        headline,
        totals,
        min_ranked_volume: min,
        township_units,
        departments,
        townships,
        township_unknown,
        daily,
        hot_categories,
        hot_townships,
        rising,
        overdue,
        overdue_by_unit,
        supervised,
        repeated,
        many_people: many,
        urgent,
        major_matters,
        coverage_warning: None,
    }
}

impl Bulletin {
    /// This bulletin with a calendar coverage warning (or without one, for `None`), as given
    /// by [`Engine::coverage_warning`](crate::engine::Engine::coverage_warning) for the
    /// bulletin's issue date; the Markdown and the HTML show it as a 提示 before the figures.
    ///
    /// # Example
    /// ```
    /// use jiesu::assessment::*;
    /// use jiesu::engine::Engine;
    /// let engine = Engine::default_engine();
    /// let period = Period::month(2026, 10).unwrap();
    /// // Issued at the end of the period, 2026-11-01: the coverage ends in 60 days.
    /// let warning = engine.coverage_warning(jiesu::calendar::local_date(period.to));
    /// let b = bulletin(&[], engine.guide(), BulletinKind::Monthly, period, None).with_coverage_warning(warning);
    /// assert!(b.to_markdown().contains("节假日数据覆盖至 2026年12月31日（剩余 60 天），尚未载入 2027 年"));
    /// ```
    pub fn with_coverage_warning(mut self, warning: Option<CoverageWarning>) -> Bulletin {
        self.coverage_warning = warning;
        self
    }
}
