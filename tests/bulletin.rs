//! The bulletin a county leader reads: the headline's county-wide figures with 环比 and 同比 on
//! a constructed two-month set, totals equal to the lists, separate rankings of townships and
//! departments with a minimum volume and a tie-break, Chinese dates, and the printable HTML
//! whose every chart figure equals the JSON bulletin, with no network reference.

mod common;

use chrono::Duration;
use common::{normal_cat, t, ENGINE, NAME, PHONE};
use jiesu::assessment::{bulletin, chinese_deadline, AssessmentOptions, Bulletin, BulletinKind, Period};
use jiesu::guide::{AppealType, ClassificationDecision, Location};
use jiesu::ticket::{Actor, CallbackOutcome, Channel, Command, Report, Requester, Ticket};
use serde_json::Value;

/// What becomes of a fixture ticket.
#[derive(Clone, Copy)]
enum Fate {
    /// Acknowledged in time, reported, called back with this outcome (solved or not), closed
    /// when satisfied.
    Handled(CallbackOutcome, bool),
    /// Acknowledged a day late, then handled and called back satisfied.
    LateResponse,
    /// Dispatched and never acknowledged: overdue once its deadline passes.
    Abandoned,
}

/// A ticket registered on `day` at 09:00, located in `town` (or nowhere), dispatched to `lead`
/// alone at 09:10.
fn ticket(id: &str, lead: &str, town: Option<&str>, day: &str, fate: Fate) -> Ticket {
    let base = t(&format!("{day}T09:00:00+08:00"));
    let mut tk = Ticket::new();
    let cc = Actor::command_center();
    let unit = Actor::unit(lead);
    let run = |tk: &mut Ticket, actor: &Actor, c: Command, minutes: i64| {
        tk.execute(&*ENGINE, actor, &c, base + Duration::minutes(minutes)).unwrap_or_else(|e| panic!("{id}: {e}"));
    };
    let location = town.map(Location::township).unwrap_or_default();
    let requester = Requester { name: Some(NAME.into()), phone: Some(PHONE.into()), requester_key: None };
    let register = Command::Register {
        id: id.into(),
        channel: Channel::Hotline12345,
        appeal_type: AppealType::Complaint,
        content: "测试诉求".into(),
        requester,
        location,
    };
    run(&mut tk, &cc, register, 0);
    let decision = ClassificationDecision {
        lead: Some(lead.into()),
        responsible: Some(vec![]),
        cooperating: Some(vec![]),
        ..ClassificationDecision::new(&normal_cat().code, AppealType::Complaint)
    };
    run(&mut tk, &cc, Command::Dispatch { decision }, 10);
    let (outcome, solved, ack) = match fate {
        Fate::Abandoned => return tk,
        Fate::Handled(o, s) => (o, s, 30),
        Fate::LateResponse => (CallbackOutcome::Satisfied, true, 26 * 60),
    };
    run(&mut tk, &unit, Command::Acknowledge {}, ack);
    run(&mut tk, &unit, Command::ContactRequester { note: String::new() }, ack + 10);
    let answered = base + Duration::minutes(ack + 60);
    let report =
        Report { result: "已办理".into(), answered_at: Some(answered), evidence: vec!["e.jpg".into()], approved_by: Some("王局长".into()), solved };
    run(&mut tk, &unit, Command::SubmitReport { report }, ack + 60);
    run(&mut tk, &cc, Command::ReviewReport { accept: true, reason: None, note: String::new() }, ack + 70);
    run(&mut tk, &cc, Command::RecordCallback { outcome, solved, note: String::new() }, ack + 24 * 60);
    if outcome != CallbackOutcome::Dissatisfied {
        run(&mut tk, &cc, Command::Close {}, ack + 25 * 60);
    }
    tk
}

const GOOD: Fate = Fate::Handled(CallbackOutcome::Satisfied, true);
const BAD: Fate = Fate::Handled(CallbackOutcome::Dissatisfied, false);

/// February: 2 tickets, every rate 100 %. March: 4 tickets, one dissatisfied and unsolved with
/// a late response: every rate 75 %, score 75.
fn two_months() -> Vec<Ticket> {
    vec![
        ticket("F1", "urban_management", Some("jiangna"), "2026-02-03", GOOD),
        ticket("F2", "urban_management", Some("jiangna"), "2026-02-04", GOOD),
        ticket("M1", "urban_management", Some("jiangna"), "2026-03-02", GOOD),
        ticket("M2", "urban_management", Some("jiangna"), "2026-03-03", GOOD),
        ticket("M3", "urban_management", Some("jiangna"), "2026-03-04", GOOD),
        ticket("M4", "urban_management", Some("jiangna"), "2026-03-05", Fate::Handled(CallbackOutcome::Dissatisfied, false)),
    ]
}

fn march(tickets: &[Ticket]) -> Bulletin {
    bulletin(tickets, ENGINE.guide(), BulletinKind::Monthly, Period::month(2026, 3).unwrap(), None)
}

#[test]
fn the_headline_gives_the_county_figures_with_month_on_month_change() {
    let mut tickets = two_months();
    // M4's response was late too: response 3/4.
    tickets[5] = ticket("M4", "urban_management", Some("jiangna"), "2026-03-05", Fate::LateResponse);
    tickets.push(ticket("M5", "water", Some("ashe"), "2026-03-06", BAD));
    // March: M1–M3 perfect; M4 late response, satisfied; M5 dissatisfied, unsolved.
    let b = march(&tickets);
    let h = &b.headline;
    let c = &h.current;
    assert_eq!((c.received, c.dispatched), (5, 5));
    assert_eq!((c.response_rate.numerator, c.response_rate.denominator), (4.0, 5));
    assert_eq!((c.resolution_rate.numerator, c.resolution_rate.denominator), (4.0, 5));
    assert_eq!((c.satisfaction_rate.numerator, c.satisfaction_rate.denominator), (4.0, 5));
    assert!((c.score.unwrap() - 80.0).abs() < 1e-9, "{:?}", c.score);
    let p = h.previous.as_ref().expect("February has data");
    assert_eq!(p.period, Period::month(2026, 2).unwrap(), "the previous calendar month, not the 31 days before");
    assert_eq!((p.received, p.response_rate.value, p.score), (2, Some(1.0), Some(100.0)));
    assert!(h.year_before.is_none(), "no data for March 2025");
    let md = b.to_markdown();
    let first = md.split("## 一、总体情况\n\n").nth(1).unwrap().lines().next().unwrap();
    assert_eq!(
        first,
        "本月共接收诉求 5 件（环比上升 150.0%，上月 2 件），派单 5 件（环比上升 150.0%）。\
         全县响应率 80.0%（环比下降 20.0 个百分点），解决率 80.0%（环比下降 20.0 个百分点），满意率 80.0%（环比下降 20.0 个百分点），综合得分 80.00 分（环比下降 20.00 分）。"
    );
    assert!(!md.contains("同比"));
    // A ticket of March 2025: 同比 appears, against it alone.
    tickets.push(ticket("Y1", "urban_management", Some("jiangna"), "2025-03-04", GOOD));
    let b = march(&tickets);
    let y = b.headline.year_before.as_ref().expect("March 2025 has data");
    assert_eq!((y.period, y.received), (Period::month(2025, 3).unwrap(), 1));
    assert!(b.to_markdown().contains("本月共接收诉求 5 件（环比上升 150.0%，上月 2 件，同比上升 400.0%，去年同期 1 件）"), "{}", b.to_markdown());
    // A week compares with the week before, and with the week 52 weeks earlier.
    let w = bulletin(&tickets, ENGINE.guide(), BulletinKind::Weekly, Period::week_of(chrono::NaiveDate::from_ymd_opt(2026, 3, 4).unwrap()).unwrap(), None);
    assert_eq!(w.headline.previous, None, "no ticket in the week of 2026-02-23");
    assert_eq!(w.headline.year_before.as_ref().map(|o| (o.period.from, o.received)), Some((t("2025-03-03T00:00:00+08:00"), 1)));
    assert!(w.to_markdown().contains("本周共接收诉求 5 件（同比上升 400.0%，去年同期 1 件）"));
}

#[test]
fn totals_equal_the_lists_with_carried_over_tickets() {
    let mut tickets = two_months();
    // Registered in February, never handled: overdue through March (此前登记).
    tickets.push(ticket("F3", "water", Some("ashe"), "2026-02-25", Fate::Abandoned));
    // Registered in March, never handled, overdue by the month's end.
    tickets.push(ticket("M6", "water", None, "2026-03-10", Fate::Abandoned));
    let b = march(&tickets);
    let tt = &b.totals;
    assert_eq!((tt.received, tt.accepted, tt.declined, tt.dispatched), (5, 5, 0, 5));
    assert_eq!(tt.overdue, b.overdue.len() as u64);
    assert_eq!((tt.overdue, tt.overdue_carried), (2, 1));
    assert_eq!(
        b.overdue.iter().map(|l| (l.id.as_str(), l.carried_over, l.note.as_str())).collect::<Vec<_>>(),
        [("F3", true, "此前登记，超期未办结"), ("M6", false, "超期未办结")]
    );
    for (total, list) in [(tt.supervised, &b.supervised), (tt.repeated, &b.repeated), (tt.many_people, &b.many_people), (tt.urgent, &b.urgent)] {
        assert_eq!(total, list.len() as u64);
    }
    assert_eq!(b.overdue_by_unit.iter().map(|u| (u.key.as_str(), u.count)).collect::<Vec<_>>(), [("water", 2)]);
    assert_eq!(b.daily.len(), 31);
    assert_eq!(b.daily.iter().map(|d| d.received).sum::<u64>(), tt.received);
    let md = b.to_markdown();
    assert!(md.contains("共接收诉求 5 件，其中受理 5 件、不予受理 0 件；受理的诉求中首接首办当场答复 0 件、派单 5 件；已办结 3 件。"), "{md}");
    assert!(md.contains("超期件 2 件（含此前登记的 1 件）"));
    assert!(md.contains("## 六、超期工单（2 件）"));
    // Chinese deadlines with their status, from the ticket.
    let f3 = &b.overdue[0];
    let due = f3.due_at.unwrap();
    assert_eq!(due.time(), chrono::NaiveTime::MIN, "a deadline at 24:00");
    let written = chinese_deadline(due, 2026);
    assert!(written.ends_with("日24时") && !written.contains("2026"));
    assert!(md.contains(&format!("- F3 {} | 砚山县水务局 | 阿舍彝族乡 | 待签收 | 时限 {written} | 此前登记，超期未办结", normal_cat().name)), "{md}");
    // The unknown township is apart, never ranked.
    assert_eq!(b.township_unknown.as_ref().map(|g| (g.dispatched, g.rank)), Some((1, None)));
    assert!(b.townships.iter().all(|g| g.key != "unknown"));
}

#[test]
fn deadlines_at_midnight_are_the_day_before_at_24_and_show_a_year_of_their_own() {
    assert_eq!(chinese_deadline(t("2026-09-08T00:00:00+08:00"), 2026), "9月7日24时");
    assert_eq!(chinese_deadline(t("2027-01-13T00:00:00+08:00"), 2026), "2027年1月12日24时");
    assert_eq!(chinese_deadline(t("2027-01-01T00:00:00+08:00"), 2026), "12月31日24时");
    assert_eq!(chinese_deadline(t("2026-03-09T17:30:00+08:00"), 2026), "3月9日17时30分");
    let b = march(&[]);
    assert_eq!((b.title.as_str(), b.period_text.as_str()), ("砚山县接诉即办工作月通报（2026年3月）", "2026年3月1日至3月31日"));
}

#[test]
fn townships_and_departments_are_ranked_apart_with_a_minimum_volume_and_a_tie_break() {
    let mut tickets = Vec::new();
    let days = ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06", "2026-03-09"];
    let mut add = |lead: &str, n: usize, fate: Fate| {
        for (i, day) in days.iter().take(n).enumerate() {
            tickets.push(ticket(&format!("{lead}-{i}"), lead, Some("jiangna"), day, fate));
        }
    };
    add("jiangna", 5, GOOD); // township, 5 tickets, 100
    add("pingyuan", 6, GOOD); // township, 6 tickets, 100: more volume, first
    add("ashe", 1, GOOD); // township, 1 ticket, 100: listed, not ranked
    add("finance", 5, GOOD); // department, 100
    add("urban_management", 5, GOOD); // department, 100: same figures, after finance (unit id)
    add("water", 5, BAD); // department, lower score
    let b = march(&tickets);
    let rows = |v: &[jiesu::assessment::GroupMetrics]| v.iter().map(|g| (g.key.clone(), g.rank)).collect::<Vec<_>>();
    let s = |k: &str, r: Option<u32>| (k.to_string(), r);
    assert_eq!(rows(&b.township_units), [s("pingyuan", Some(1)), s("jiangna", Some(2)), s("ashe", None)]);
    assert_eq!(rows(&b.departments), [s("finance", Some(1)), s("urban_management", Some(2)), s("water", Some(3))]);
    assert_eq!(b.min_ranked_volume, 5);
    let md = b.to_markdown();
    assert!(md.contains("## 二、乡镇考评排名\n\n| 排名 | 乡镇 | 派单 |"));
    assert!(md.contains("## 三、县直部门考评排名\n\n| 排名 | 部门 | 派单 |"));
    assert!(md.contains("| — | 阿舍彝族乡 | 1 |"));
    assert!(md.contains("派单不足 5 件的单位列出但不排名"));
    // The minimum is an option: at 1, ashe is ranked (after the larger townships).
    let mut o = AssessmentOptions::new(Period::month(2026, 3).unwrap());
    o.min_ranked_volume = 1;
    let b = bulletin(&tickets, ENGINE.guide(), BulletinKind::Monthly, o.period, Some(&o));
    assert_eq!(rows(&b.township_units), [s("pingyuan", Some(1)), s("jiangna", Some(2)), s("ashe", Some(3))]);
    assert!(
        AssessmentOptions::from_json(r#"{"period":{"from":"2026-03-01T00:00:00+08:00","to":"2026-04-01T00:00:00+08:00"},"min_ranked_volume":3}"#)
            .unwrap()
            .min_ranked_volume
            == 3
    );
}

/// The `(data-key, data-value)` pairs of each `<figure data-chart="…">` of the HTML.
fn charts(html: &str) -> Vec<(String, Vec<(String, f64)>)> {
    let attr = |s: &str, name: &str| -> Option<String> {
        let i = s.find(&format!("{name}=\""))? + name.len() + 2;
        Some(s[i..i + s[i..].find('"')?].to_string())
    };
    html.split("<figure ")
        .skip(1)
        .map(|fig| {
            let fig = &fig[..fig.find("</figure>").unwrap()];
            let bars =
                fig.split("<g class=\"bar\" ").skip(1).map(|g| (attr(g, "data-key").unwrap(), attr(g, "data-value").unwrap().parse().unwrap())).collect();
            (attr(fig, "data-chart").unwrap(), bars)
        })
        .collect()
}

#[test]
fn every_chart_figure_of_the_html_equals_the_json_and_nothing_is_fetched() {
    let mut tickets = two_months();
    tickets.push(ticket("F3", "water", Some("ashe"), "2026-02-25", Fate::Abandoned));
    for (i, lead) in ["jiangna", "jiangna", "jiangna", "jiangna", "jiangna", "water", "water", "water", "water", "water"].iter().enumerate() {
        tickets.push(ticket(&format!("R{i}"), lead, Some("jiangna"), &format!("2026-03-{:02}", 10 + i), if i % 3 == 0 { BAD } else { GOOD }));
    }
    let b = march(&tickets);
    let json: Value = serde_json::to_value(&b).unwrap();
    let html = b.to_html();
    let pairs = |list: &str, key: &str, value: &str, ranked_only: bool| -> Vec<(String, f64)> {
        json[list]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| !ranked_only || !x["rank"].is_null())
            .map(|x| (x[key].as_str().unwrap().to_string(), x[value].as_f64().unwrap()))
            .collect()
    };
    let got = charts(&html);
    let want = [
        ("daily", pairs("daily", "day", "received", false)),
        ("ranking_township_units", pairs("township_units", "key", "score", true)),
        ("ranking_departments", pairs("departments", "key", "score", true)),
        ("hot_categories", pairs("hot_categories", "key", "count", false)),
        ("overdue_by_unit", pairs("overdue_by_unit", "key", "count", false)),
    ];
    assert_eq!(got.len(), want.len());
    for ((id, bars), (want_id, want_bars)) in got.iter().zip(&want) {
        assert_eq!(id, want_id);
        assert_eq!(bars, want_bars, "chart {id}");
        assert!(!bars.is_empty(), "chart {id} is drawn");
    }
    assert_eq!(b.overdue_by_unit.iter().map(|u| u.count).sum::<u64>(), b.overdue.len() as u64);
    // Self-contained and printable; the same sentences as the Markdown.
    for bad in ["http://", "https://", "<script", "url(", " src=", "@import", "xmlns"] {
        assert!(!html.contains(bad), "{bad}");
    }
    assert!(html.contains("@page { size: A4;"));
    let md = b.to_markdown();
    let headline = md.split("## 一、总体情况\n\n").nth(1).unwrap().lines().next().unwrap();
    assert!(html.contains(&format!("<p class=\"headline\">{headline}</p>")));
    for personal in [NAME, PHONE, "138****5678", "张**"] {
        assert!(!html.contains(personal) && !md.contains(personal));
    }
}
