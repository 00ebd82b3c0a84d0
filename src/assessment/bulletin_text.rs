//! The bulletin's words: Chinese dates, deadlines and periods, the headline and overview
//! paragraphs, and the Markdown rendering ([`Bulletin::to_markdown`]). The HTML
//! ([`Bulletin::to_html`]) uses the same sentences.

use std::fmt::Write;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike};

use super::bulletin_data::{Bulletin, BulletinKind, Overview, TicketLine};
use super::{matters, GroupMetrics, Period, Rate};
use crate::calendar;
use crate::ticket::Status;

/// A date in Chinese: `10月1日`, with the year when it is not `year` (`2027年1月12日`), or
/// always when `year` is `None`.
///
/// # Example
/// ```
/// use chrono::NaiveDate;
/// use jiesu::assessment::chinese_date;
/// let d = NaiveDate::from_ymd_opt(2027, 1, 12).unwrap();
/// assert_eq!(chinese_date(d, Some(2027)), "1月12日");
/// assert_eq!(chinese_date(d, Some(2026)), "2027年1月12日");
/// assert_eq!(chinese_date(d, None), "2027年1月12日");
/// ```
pub fn chinese_date(date: NaiveDate, year: Option<i32>) -> String {
    if year == Some(date.year()) {
        format!("{}月{}日", date.month(), date.day())
    } else {
        format!("{}年{}月{}日", date.year(), date.month(), date.day())
    }
}

/// A deadline in Chinese, local (CST) time: `10月14日9时30分`, `10月14日9时`; a deadline at
/// 00:00 of a day is written as 24时 of the day before (`9月7日24时` for
/// 2026-09-08T00:00+08:00), as the limits are announced. The year is written when it is not
/// `year` (the bulletin's).
///
/// # Example
/// ```
/// use jiesu::assessment::chinese_deadline;
/// let t = |s| chrono::DateTime::parse_from_rfc3339(s).unwrap();
/// assert_eq!(chinese_deadline(t("2026-09-08T00:00:00+08:00"), 2026), "9月7日24时");
/// assert_eq!(chinese_deadline(t("2027-01-01T00:00:00+08:00"), 2026), "12月31日24时");
/// assert_eq!(chinese_deadline(t("2027-01-13T00:00:00+08:00"), 2026), "2027年1月12日24时");
/// assert_eq!(chinese_deadline(t("2026-10-14T09:30:00+08:00"), 2026), "10月14日9时30分");
/// assert_eq!(chinese_deadline(t("2026-10-14T01:00:00Z"), 2026), "10月14日9时"); // shown in CST
/// ```
pub fn chinese_deadline(at: DateTime<FixedOffset>, year: i32) -> String {
    let local = at.with_timezone(&calendar::cst());
    let (date, h, m) = (local.date_naive(), local.hour(), local.minute());
    match (h, m, date.pred_opt()) {
        (0, 0, Some(before)) if local.second() == 0 => format!("{}24时", chinese_date(before, Some(year))),
        (h, 0, _) => format!("{}{h}时", chinese_date(date, Some(year))),
        (h, m, _) => format!("{}{h}时{m}分", chinese_date(date, Some(year))),
    }
}

/// A period in Chinese, by its days: `2026年10月1日至10月31日`, `2026年12月28日至2027年1月3日`,
/// one day `2026年10月1日`.
///
/// # Example
/// ```
/// use jiesu::assessment::{chinese_period, Period};
/// assert_eq!(chinese_period(&Period::month(2026, 10)?), "2026年10月1日至10月31日");
/// let d = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// assert_eq!(chinese_period(&Period::days(d(2026, 12, 28), d(2027, 1, 4))?), "2026年12月28日至2027年1月3日");
/// # Ok::<(), jiesu::Error>(())
/// ```
pub fn chinese_period(p: &Period) -> String {
    let first = calendar::local_date(p.from);
    // The last day: the one before the exclusive end (its start, or the end's day itself when
    // the end is not at midnight).
    let end = p.to.with_timezone(&calendar::cst());
    let last_day = if end.time() == chrono::NaiveTime::MIN { end.date_naive().pred_opt().unwrap_or(first) } else { end.date_naive() };
    let last = last_day.max(first);
    if last == first {
        return chinese_date(first, None);
    }
    format!("{}至{}", chinese_date(first, None), chinese_date(last, Some(first.year())))
}

/// A status in Chinese, as the glossary names it.
pub(super) fn status_label(s: Option<Status>) -> &'static str {
    match s {
        None => "—",
        Some(Status::Registered) => "已登记",
        Some(Status::Declined) => "不予受理",
        Some(Status::Answered) => "当场答复",
        Some(Status::Dispatched) => "待签收",
        Some(Status::InProgress) => "办理中",
        Some(Status::ReturnPending) => "退件审核中",
        Some(Status::Reported) => "待审核",
        Some(Status::AwaitingCallback) => "待回访",
        Some(Status::Judging) => "不满意研判中",
        Some(Status::Closed) => "已办结",
        Some(Status::Archived) => "已归档",
    }
}

/// A rate as a percentage with one decimal, `—` when it has no value.
pub(super) fn pct(r: &Rate) -> String {
    r.value.map(|v| format!("{:.1}%", v * 100.0)).unwrap_or_else(|| "—".into())
}

/// A score with two decimals, `—` when none.
pub(super) fn score(s: Option<f64>) -> String {
    s.map(|x| format!("{x:.2}")).unwrap_or_else(|| "—".into())
}

/// `本月`/`上月`, `本周`/`上周`, `本期`/`上期`.
fn names(kind: BulletinKind) -> (&'static str, &'static str) {
    match kind {
        BulletinKind::Monthly => ("本月", "上月"),
        BulletinKind::Weekly => ("本周", "上周"),
    }
}

/// A change of volume: `环比上升 5.2%`, `环比下降 3.0%`, `环比持平`.
fn volume_change(label: &str, now: u64, before: u64) -> String {
    let change = (now as f64 - before as f64) / before as f64 * 100.0;
    match format!("{:.1}", change.abs()).as_str() {
        "0.0" => format!("{label}持平"),
        x if change > 0.0 => format!("{label}上升 {x}%"),
        x => format!("{label}下降 {x}%"),
    }
}

/// A change of a rate (in percentage points, one decimal) or a score (in points, two
/// decimals); none without both values.
fn point_change(label: &str, now: Option<f64>, before: Option<f64>, scale: f64, unit: &str) -> Option<String> {
    let change = (now? - before?) * scale;
    let digits = if scale == 1.0 { 2 } else { 1 };
    let shown = format!("{:.digits$}", change.abs());
    Some(match shown.as_str() {
        x if x.bytes().all(|c| c == b'0' || c == b'.') => format!("{label}持平"),
        x if change > 0.0 => format!("{label}上升 {x} {unit}"),
        x => format!("{label}下降 {x} {unit}"),
    })
}

/// The comparisons of one figure with 环比 and 同比, as `（环比…，同比…）`, or nothing.
fn compared(b: &Bulletin, f: &dyn Fn(&str, &Overview) -> Option<String>) -> String {
    let h = &b.headline;
    let parts: Vec<String> = [("环比", h.previous.as_ref()), ("同比", h.year_before.as_ref())].into_iter().filter_map(|(l, o)| f(l, o?)).collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("（{}）", parts.join("，"))
    }
}

/// The headline paragraph: volume, the county-wide 三率 and score, each with 环比 and 同比.
pub(super) fn headline(b: &Bulletin) -> String {
    let (this, last) = names(b.kind);
    let c = &b.headline.current;
    let mut s = format!("{this}共接收诉求 {} 件", c.received);
    s += &compared(b, &|l, o| Some(format!("{}，{} {} 件", volume_change(l, c.received, o.received), if l == "环比" { last } else { "去年同期" }, o.received)));
    let _ = write!(s, "，派单 {} 件", c.dispatched);
    s += &compared(b, &|l, o| (o.dispatched > 0).then(|| volume_change(l, c.dispatched, o.dispatched)));
    s += "。全县";
    for (i, (name, rate, get)) in [
        ("响应率", &c.response_rate, (|o: &Overview| o.response_rate.value) as fn(&Overview) -> Option<f64>),
        ("解决率", &c.resolution_rate, |o: &Overview| o.resolution_rate.value),
        ("满意率", &c.satisfaction_rate, |o: &Overview| o.satisfaction_rate.value),
    ]
    .into_iter()
    .enumerate()
    {
        let _ = write!(s, "{}{name} {}", if i > 0 { "，" } else { "" }, pct(rate));
        s += &compared(b, &|l, o| point_change(l, rate.value, get(o), 100.0, "个百分点"));
    }
    let _ = write!(s, "，综合得分 {}", score(c.score));
    if c.score.is_some() {
        s += " 分";
    }
    s += &compared(b, &|l, o| point_change(l, c.score, o.score, 1.0, "分"));
    s + "。"
}

/// The overview paragraph: what was received and what became of it; every figure is the
/// length of a list below.
pub(super) fn overview(b: &Bulletin) -> String {
    let t = &b.totals;
    let mut s = format!(
        "共接收诉求 {} 件，其中受理 {} 件、不予受理 {} 件；受理的诉求中首接首办当场答复 {} 件、派单 {} 件",
        t.received, t.accepted, t.declined, t.answered_directly, t.dispatched
    );
    let waiting = t.accepted.saturating_sub(t.answered_directly + t.dispatched);
    if waiting > 0 {
        let _ = write!(s, "、待派单 {waiting} 件");
    }
    let _ = write!(s, "；已办结 {} 件。紧急件 {} 件，超期件 {} 件", t.closed, t.urgent, t.overdue);
    if t.overdue_carried > 0 {
        let _ = write!(s, "（含此前登记的 {} 件）", t.overdue_carried);
    }
    let _ = write!(s, "，督办件 {} 件，重复诉求 {} 件，多人群诉 {} 件，重大事项和热点难点 {} 件。", t.supervised, t.repeated, t.many_people, t.major_matters);
    s
}

/// How the bulletin counts what a reader might count otherwise.
pub(super) fn rules(b: &Bulletin) -> String {
    format!(
        "超期件指统计时段内曾处于超期状态的工单：截至统计时点超期未办结的，以及在统计时段内超期办结的，含此前登记的工单，与第六部分清单一致。\
         排名按综合得分，得分相同依次比较满意率、派单量、单位代码；派单不足 {} 件的单位列出但不排名（排名栏为“—”）。",
        b.min_ranked_volume
    )
}

/// The calendar coverage notice (提示), if any.
pub(super) fn coverage_notice(b: &Bulletin) -> Option<String> {
    let w = b.coverage_warning.as_ref()?;
    let left = if w.days_left >= 0 { format!("剩余 {} 天", w.days_left) } else { format!("已过期 {} 天", -w.days_left) };
    let meanwhile = match w.policy {
        calendar::CoveragePolicy::Strict => "均报错",
        calendar::CoveragePolicy::Provisional => "均按仅周末休息临时计算、标为临时结果",
    };
    Some(format!(
        "节假日数据覆盖至 {}（{left}），尚未载入 {y} 年的节假日安排。国务院办公厅发布{y}年部分节假日安排的通知后，\
         将通知全文粘贴载入（with_notice，逐句核对星期、天数与调休），核对生成的数据后作为全国叠加数据（scope = \"national\"）提交；此前，凡需用到 {y} 年日期的时限计算{meanwhile}（R-SLA-7）。",
        chinese_date(w.covered_until, None),
        y = w.missing_year
    ))
}

/// The columns of a ranking table after 排名 and the name.
pub(super) const TABLE_COLUMNS: [&str; 11] = ["派单", "响应率", "按时办结率", "解决率", "满意率", "退件率", "延期率", "重办率", "超期", "督办", "综合得分"];

/// A row's cells, in [`TABLE_COLUMNS`] order after its rank and name.
pub(super) fn table_cells(g: &GroupMetrics) -> Vec<String> {
    let mut v = vec![g.rank.map(|r| r.to_string()).unwrap_or_else(|| "—".into()), g.name.clone(), g.dispatched.to_string()];
    v.extend(
        [&g.response_rate, &g.on_time_completion_rate, &g.resolution_rate, &g.satisfaction_rate, &g.return_rate, &g.extension_rate, &g.rework_rate].map(pct),
    );
    v.extend([g.overdue_count.to_string(), g.supervised_count.to_string(), score(g.score)]);
    v
}

/// A listed ticket's cells: id and category, lead unit, township, status, deadline, note.
pub(super) fn line_cells(r: &TicketLine, year: i32) -> [String; 6] {
    [
        format!("{} {}", r.id, r.category_name),
        r.lead.clone(),
        if r.township.is_empty() { "—".into() } else { r.township.clone() },
        status_label(r.status).to_string(),
        r.due_at.map(|d| chinese_deadline(d, year)).unwrap_or_else(|| "—".into()),
        r.note.clone(),
    ]
}

/// The sections listing tickets: title and rows.
pub(super) fn lists(b: &Bulletin) -> [(&'static str, &[TicketLine]); 5] {
    [
        ("六、超期工单", &b.overdue),
        ("七、督办工单", &b.supervised),
        ("八、重复诉求", &b.repeated),
        ("九、多人群诉", &b.many_people),
        ("十、紧急工单", &b.urgent),
    ]
}

/// The most rows a list shows; the rest are counted (……另 N 件).
pub(super) const LIST_ROWS: usize = 50;

impl Bulletin {
    /// Renders the bulletin as Markdown (Chinese headings and dates, no requester data): the
    /// headline first, then the overview, the rankings, hot topics and the lists.
    ///
    /// # Example
    /// ```
    /// use jiesu::assessment::{bulletin, BulletinKind, Period};
    /// let week = Period::week_of(chrono::NaiveDate::from_ymd_opt(2026, 3, 4).unwrap())?;
    /// let md = bulletin(&[], &jiesu::guide::Guide::yanshan_default(), BulletinKind::Weekly, week, None).to_markdown();
    /// assert!(md.starts_with("# 砚山县接诉即办工作周通报（2026年3月2日至3月8日）\n\n统计时段：2026年3月2日至3月8日\n"));
    /// assert!(md.contains("本周共接收诉求 0 件，派单 0 件。"));
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn to_markdown(&self) -> String {
        let mut s = String::new();
        let year = calendar::local_date(self.period.from).year();
        let _ = writeln!(s, "# {}\n", self.title);
        let _ = writeln!(s, "统计时段：{}\n", self.period_text);
        if let Some(n) = coverage_notice(self) {
            let _ = writeln!(s, "> **提示**：{n}\n");
        }
        let _ = writeln!(s, "## 一、总体情况\n");
        let _ = writeln!(s, "{}\n", headline(self));
        let _ = writeln!(s, "{}\n", overview(self));
        let _ = writeln!(s, "{}\n", rules(self));
        let table = |s: &mut String, title: &str, who: &str, rows: &[GroupMetrics]| {
            let _ = writeln!(s, "## {title}\n");
            if rows.is_empty() {
                let _ = writeln!(s, "本期无派单。\n");
                return;
            }
            let _ = writeln!(s, "| 排名 | {who} | {} |", TABLE_COLUMNS.join(" | "));
            let _ = writeln!(s, "|{}", "---|".repeat(TABLE_COLUMNS.len() + 2));
            for g in rows {
                let _ = writeln!(s, "| {} |", table_cells(g).join(" | "));
            }
            let _ = writeln!(s);
        };
        table(&mut s, "二、乡镇考评排名", "乡镇", &self.township_units);
        table(&mut s, "三、县直部门考评排名", "部门", &self.departments);
        table(&mut s, "四、各乡镇诉求办理情况（按诉求所在乡镇）", "乡镇", &self.townships);
        if let Some(u) = &self.township_unknown {
            let _ = writeln!(
                s,
                "另有未注明乡镇的诉求派单 {} 件（不排名）：响应率 {}，解决率 {}，满意率 {}，超期 {} 件。\n",
                u.dispatched,
                pct(&u.response_rate),
                pct(&u.resolution_rate),
                pct(&u.satisfaction_rate),
                u.overdue_count
            );
        }
        let _ = writeln!(s, "## 五、热点问题\n");
        for (i, x) in self.hot_categories.iter().enumerate() {
            let _ = writeln!(s, "{}. {}（{}）：{} 件（上期 {} 件，{:+}）", i + 1, x.name, x.key, x.count, x.previous, x.change);
        }
        let _ = writeln!(s, "\n热点乡镇：{}\n", self.hot_townships.iter().map(|x| format!("{} {} 件", x.name, x.count)).collect::<Vec<_>>().join("，"));
        if !self.rising.is_empty() {
            let _ = writeln!(s, "上升较快：{}\n", self.rising.iter().map(|x| format!("{}（{:+}）", x.name, x.change)).collect::<Vec<_>>().join("，"));
        }
        for (title, rows) in lists(self) {
            let _ = writeln!(s, "## {title}（{} 件）\n", rows.len());
            for r in rows.iter().take(LIST_ROWS) {
                let [what, lead, town, status, due, note] = line_cells(r, year);
                let _ = writeln!(s, "- {what} | {lead} | {town} | {status} | 时限 {due} | {note}");
            }
            if rows.len() > LIST_ROWS {
                let _ = writeln!(s, "- ……另 {} 件", rows.len() - LIST_ROWS);
            }
            let _ = writeln!(s);
        }
        matters::render(&mut s, "十一、重大事项和热点难点", &self.major_matters, year);
        s
    }
}
