//! The bulletin as one self-contained, printable HTML file ([`Bulletin::to_html`]): A4 pages
//! (`@page`), inline CSS and SVG charts, no network reference (no external font, script or
//! image), every text escaped.

use std::fmt::Write;

use chrono::Datelike;

use super::bulletin_data::Bulletin;
use super::bulletin_text::{coverage_notice, headline, line_cells, lists, overview, pct, rules, score, table_cells, LIST_ROWS, TABLE_COLUMNS};
use super::chart::{columns, esc, hbars, Bar};
use super::{matters, GroupMetrics};
use crate::calendar;

const STYLE: &str = "@page { size: A4; margin: 16mm 14mm; }
body { font-family: \"Noto Serif CJK SC\", \"Source Han Serif SC\", \"SimSun\", \"Songti SC\", serif; font-size: 10.5pt; line-height: 1.6; color: #111; max-width: 182mm; margin: 0 auto; }
h1 { font-size: 17pt; text-align: center; margin: 0 0 2mm; }
.period { text-align: center; margin: 0 0 4mm; }
h2 { font-size: 12.5pt; border-bottom: 1px solid #888; margin: 5mm 0 2mm; break-after: avoid; }
p.headline { font-weight: bold; font-size: 11.5pt; }
p.note, figcaption { font-size: 9pt; color: #333; }
.notice { border: 1px solid #c60; padding: 2mm; font-size: 9pt; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; margin: 2mm 0; }
th, td { border: 1px solid #999; padding: 0.5mm 1mm; text-align: center; }
td.name { text-align: left; }
tr, figure { break-inside: avoid; }
figure { margin: 3mm 0; }
figcaption { text-align: center; }
svg text { font-size: 10px; fill: #222; }
@media screen { body { padding: 8mm; } }
";

fn ranking_bars(rows: &[GroupMetrics]) -> Vec<Bar> {
    rows.iter()
        .filter(|g| g.rank.is_some())
        .filter_map(|g| Some(Bar { key: g.key.clone(), label: g.name.clone(), value: g.score?, shown: score(g.score) }))
        .collect()
}

fn table(out: &mut String, title: &str, who: &str, rows: &[GroupMetrics]) {
    let _ = writeln!(out, "<h2>{}</h2>", esc(title));
    if rows.is_empty() {
        out.push_str("<p>本期无派单。</p>\n");
        return;
    }
    let _ = write!(out, "<table><thead><tr><th>排名</th><th>{}</th>", esc(who));
    for c in TABLE_COLUMNS {
        let _ = write!(out, "<th>{c}</th>");
    }
    out.push_str("</tr></thead><tbody>\n");
    for g in rows {
        out.push_str("<tr>");
        for (i, c) in table_cells(g).iter().enumerate() {
            let _ = write!(out, "<td{}>{}</td>", if i == 1 { " class=\"name\"" } else { "" }, esc(c));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
}

impl Bulletin {
    /// Renders the bulletin as one printable HTML file (A4), the same sections and sentences as
    /// [`Bulletin::to_markdown`] with SVG charts: the daily volume, the two rankings (ranked
    /// rows), the top categories and the overdue tickets per unit. Each bar carries its key and
    /// value (`data-key`, `data-value`, as in the JSON) and a `<title>`. Self-contained: no
    /// network reference, no script; all text escaped; no requester data.
    ///
    /// # Example
    /// ```
    /// use jiesu::assessment::{bulletin, BulletinKind, Period};
    /// let b = bulletin(&[], &jiesu::guide::Guide::yanshan_default(), BulletinKind::Monthly, Period::month(2026, 10)?, None);
    /// let html = b.to_html();
    /// assert!(html.starts_with("<!DOCTYPE html>") && html.contains("@page { size: A4;"));
    /// assert!(html.contains("<figure data-chart=\"daily\">") && !html.contains("http"));
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn to_html(&self) -> String {
        let year = calendar::local_date(self.period.from).year();
        let mut o = String::new();
        let _ = write!(
            o,
            "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{}</title><style>\n{STYLE}</style></head><body>\n",
            esc(&self.title)
        );
        let _ = write!(o, "<h1>{}</h1>\n<p class=\"period\">统计时段：{}</p>\n", esc(&self.title), esc(&self.period_text));
        if let Some(n) = coverage_notice(self) {
            let _ = writeln!(o, "<p class=\"notice\"><b>提示</b>：{}</p>", esc(&n));
        }
        let _ = write!(o, "<h2>一、总体情况</h2>\n<p class=\"headline\">{}</p>\n<p>{}</p>\n", esc(&headline(self)), esc(&overview(self)));
        let days: Vec<Bar> = self
            .daily
            .iter()
            .map(|d| Bar {
                key: d.day.to_string(),
                label: super::chinese_date(d.day, Some(year)),
                value: d.received as f64,
                shown: format!("{} 件", d.received),
            })
            .collect();
        let step = days.len().div_ceil(8).max(1);
        o += &columns("daily", "图1 每日接收诉求量（件）", &days, step);
        let _ = writeln!(o, "<p class=\"note\">{}</p>", esc(&rules(self)));
        table(&mut o, "二、乡镇考评排名", "乡镇", &self.township_units);
        o += &hbars("ranking_township_units", "图2 乡镇综合得分（参与排名的乡镇）", &ranking_bars(&self.township_units), Some(100.0));
        table(&mut o, "三、县直部门考评排名", "部门", &self.departments);
        o += &hbars("ranking_departments", "图3 县直部门综合得分（参与排名的部门）", &ranking_bars(&self.departments), Some(100.0));
        table(&mut o, "四、各乡镇诉求办理情况（按诉求所在乡镇）", "乡镇", &self.townships);
        if let Some(u) = &self.township_unknown {
            let _ = writeln!(
                o,
                "<p class=\"note\">另有未注明乡镇的诉求派单 {} 件（不排名）：响应率 {}，解决率 {}，满意率 {}，超期 {} 件。</p>",
                u.dispatched,
                pct(&u.response_rate),
                pct(&u.resolution_rate),
                pct(&u.satisfaction_rate),
                u.overdue_count
            );
        }
        o.push_str("<h2>五、热点问题</h2>\n");
        let cats: Vec<Bar> = self
            .hot_categories
            .iter()
            .map(|x| Bar {
                key: x.key.clone(),
                label: x.name.clone(),
                value: x.count as f64,
                shown: format!("{} 件（上期 {} 件，{:+}）", x.count, x.previous, x.change),
            })
            .collect();
        o += &hbars("hot_categories", "图4 诉求量居前的问题类别（件）", &cats, None);
        let towns: Vec<String> = self.hot_townships.iter().map(|x| format!("{} {} 件", x.name, x.count)).collect();
        let _ = writeln!(o, "<p>热点乡镇：{}</p>", esc(&towns.join("，")));
        if !self.rising.is_empty() {
            let rising: Vec<String> = self.rising.iter().map(|x| format!("{}（{:+}）", x.name, x.change)).collect();
            let _ = writeln!(o, "<p>上升较快：{}</p>", esc(&rising.join("，")));
        }
        for (i, (title, rows)) in lists(self).into_iter().enumerate() {
            let _ = writeln!(o, "<h2>{}（{} 件）</h2>", esc(title), rows.len());
            if i == 0 {
                let units: Vec<Bar> = self
                    .overdue_by_unit
                    .iter()
                    .map(|u| Bar { key: u.key.clone(), label: u.name.clone(), value: u.count as f64, shown: format!("{} 件", u.count) })
                    .collect();
                o += &hbars("overdue_by_unit", "图5 超期工单按承办单位分布（件）", &units, None);
            }
            if rows.is_empty() {
                continue;
            }
            o.push_str("<table><thead><tr><th>工单</th><th>承办单位</th><th>乡镇</th><th>状态</th><th>时限</th><th>说明</th></tr></thead><tbody>\n");
            for r in rows.iter().take(LIST_ROWS) {
                let cells = line_cells(r, year);
                let _ = write!(o, "<tr><td class=\"name\">{}</td>", esc(&cells[0]));
                for c in &cells[1..] {
                    let _ = write!(o, "<td>{}</td>", esc(c));
                }
                o.push_str("</tr>\n");
            }
            o.push_str("</tbody></table>\n");
            if rows.len() > LIST_ROWS {
                let _ = writeln!(o, "<p class=\"note\">……另 {} 件</p>", rows.len() - LIST_ROWS);
            }
        }
        let _ = writeln!(o, "<h2>十一、重大事项和热点难点（{} 件）</h2>", self.major_matters.len());
        if !self.major_matters.is_empty() {
            o.push_str("<table><thead><tr><th>工单</th><th>类别</th><th>上报</th><th>办理情况</th><th>现由</th></tr></thead><tbody>\n");
            for r in self.major_matters.iter().take(LIST_ROWS) {
                let (standing, raised_by) = matters::words(r, year);
                let decision = r.decision.as_deref().map(|d| format!("：{}", d.chars().take(60).collect::<String>())).unwrap_or_default();
                let _ = writeln!(
                    o,
                    "<tr><td class=\"name\">{} {}</td><td>{}</td><td>{}于 {} 上报</td><td class=\"name\">{}{}</td><td>{}</td></tr>",
                    esc(&r.id),
                    esc(&r.category_name),
                    esc(r.kind.label()),
                    raised_by,
                    esc(&super::chinese_deadline(r.raised_at, year)),
                    esc(&standing),
                    esc(&decision),
                    esc(&r.holder)
                );
            }
            o.push_str("</tbody></table>\n");
        }
        o.push_str("</body></html>\n");
        o
    }
}
