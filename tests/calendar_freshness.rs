//! Calendar freshness (issue 16): the coverage countdown and its warning in the engine and the
//! bulletin, and the `chinesecalendar` attribution data behind the Python drop-in.

use chrono::{DateTime, NaiveDate};
use jiesu::assessment::{bulletin, BulletinKind, Period};
use jiesu::calendar::{self, Calendar, CalendarData, CoverageWarning, PackageAttribution, COVERAGE_WARNING_DAYS};
use jiesu::engine::Engine;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const Y2027: &str = r#"
schema_version = 1
name = "CN-2027"
base = "CN"
scope = "national"
coverage = { from = 2027, to = 2027 }
[[festivals]]
year = 2027
festival = "new_years_day"
holidays = ["2027-01-01..2027-01-03"]
"#;

#[test]
fn countdown_of_the_built_in_calendar() {
    let cal = Calendar::cn();
    assert_eq!(cal.coverage_ends(), Some(d(2026, 12, 31)));
    assert_eq!(cal.days_left(d(2026, 12, 1)), Some(30));
    assert_eq!(cal.days_left(d(2026, 11, 1)), Some(60));
    assert_eq!(cal.days_left(d(2026, 12, 31)), Some(0));
    assert_eq!(cal.days_left(d(2027, 1, 1)), Some(-1));
    assert_eq!(cal.days_left(d(2004, 1, 1)), Some(8400));
    // "Today" of an instant is its date in CST: 2026-12-01T20:00Z is 2026-12-02 04:00 CST.
    let now = DateTime::parse_from_rfc3339("2026-12-01T20:00:00Z").unwrap();
    assert_eq!(cal.days_left(calendar::local_date(now)), Some(29));
    // The policy does not change the coverage.
    let prov = cal.with_policy(calendar::CoveragePolicy::Provisional);
    assert_eq!(prov.coverage_ends(), cal.coverage_ends());
    // A weekmask calendar has no end.
    let wm = Calendar::from_weekmask("1111100", &[]).unwrap();
    assert_eq!((wm.coverage_ends(), wm.days_left(d(2026, 1, 1))), (None, None));
    assert!(wm.coverage_warning(d(2026, 12, 31), 60).is_none());
}

#[test]
fn loading_the_next_year_moves_the_end() {
    let cal = Calendar::cn().with_overlay(&CalendarData::from_toml(Y2027).unwrap()).unwrap();
    assert_eq!(cal.coverage_ends(), Some(d(2027, 12, 31)));
    assert_eq!(cal.days_left(d(2026, 12, 1)), Some(395));
    assert!(cal.coverage_warning(d(2026, 12, 1), COVERAGE_WARNING_DAYS).is_none());
    let w = cal.coverage_warning(d(2027, 11, 15), COVERAGE_WARNING_DAYS).unwrap();
    assert_eq!((w.missing_year, w.days_left, w.calendar.as_str()), (2028, 46, "CN+CN-2027"));
    // The hint names the base calendar of the overlay to write.
    assert!(w.how_to_load.contains("base = \"CN\""), "{}", w.how_to_load);
    // A local overlay does not extend the coverage.
    let local = Calendar::cn().with_overlay(&CalendarData::from_toml(calendar::EXAMPLE_OVERLAY_DATA).unwrap()).unwrap();
    assert_eq!(local.coverage_ends(), Some(d(2026, 12, 31)));
}

#[test]
fn warning_threshold_is_inclusive_and_past_ends_always_warn() {
    let cal = Calendar::cn();
    assert!(cal.coverage_warning(d(2026, 10, 31), 60).is_none()); // 61 days left
    let w = cal.coverage_warning(d(2026, 11, 1), 60).unwrap(); // 60 days left
    assert_eq!(
        w,
        CoverageWarning {
            calendar: "CN".into(),
            covered_until: d(2026, 12, 31),
            days_left: 60,
            missing_year: 2027,
            how_to_load: w.how_to_load.clone(),
            policy: calendar::CoveragePolicy::Strict,
        }
    );
    assert!(w.how_to_load.contains("国务院办公厅关于2027年部分节假日安排的通知"));
    assert!(w.how_to_load.contains("scope = \"national\"") && w.how_to_load.contains("jiesu_calendar_with_overlay_toml"));
    let text = w.to_string();
    assert!(text.starts_with("calendar \"CN\" covers dates until 2026-12-31 (60 days left); 2027 is not loaded: "), "{text}");
    assert!(text.ends_with("computations that reach 2027 fail with a coverage error (R-SLA-7)."), "{text}");
    // Under the provisional policy the results are provisional instead.
    let prov = cal.with_policy(calendar::CoveragePolicy::Provisional).coverage_warning(d(2026, 11, 1), 60).unwrap();
    assert!(prov.to_string().ends_with("computations that reach 2027 are provisional (weekends only) (R-SLA-7)."), "{prov}");
    // Other thresholds; zero warns on the last day only.
    assert!(cal.coverage_warning(d(2026, 10, 1), 91).is_some());
    assert!(cal.coverage_warning(d(2026, 12, 30), 0).is_none());
    assert_eq!(cal.coverage_warning(d(2026, 12, 31), 0).unwrap().days_left, 0);
    // After the end it keeps warning, whatever the threshold.
    let late = cal.coverage_warning(d(2027, 1, 1), 0).unwrap();
    assert_eq!(late.days_left, -1);
    assert!(late.to_string().contains("(ended 1 day ago)"), "{late}");
    // JSON: the structured form the C and Python layers return.
    let json = serde_json::to_value(&w).unwrap();
    assert_eq!(json["covered_until"], "2026-12-31");
    assert_eq!(json["missing_year"], 2027);
    assert_eq!(serde_json::from_value::<CoverageWarning>(json).unwrap(), w);
}

#[test]
fn engine_warns_within_60_days() {
    let e = Engine::default_engine();
    assert_eq!(COVERAGE_WARNING_DAYS, 60);
    assert!(e.coverage_warning(d(2026, 10, 31)).is_none());
    assert_eq!(e.coverage_warning(d(2026, 11, 1)).unwrap().days_left, 60);
    assert_eq!(e.coverage_warning(d(2026, 12, 1)).unwrap().missing_year, 2027);
    let with_2027 = Engine::from_json(&format!(
        r#"{{"schema_version": 1, "calendar": {{"overlays": [{}]}}}}"#,
        serde_json::to_string(&CalendarData::from_toml(Y2027).unwrap()).unwrap()
    ))
    .unwrap();
    assert!(with_2027.coverage_warning(d(2026, 12, 1)).is_none());
}

#[test]
fn bulletin_shows_the_warning_of_its_issue_date() {
    let e = Engine::default_engine();
    let october = Period::month(2026, 10).unwrap();
    let issued = calendar::local_date(october.to);
    assert_eq!(issued, d(2026, 11, 1));
    let b = bulletin(&[], e.guide(), BulletinKind::Monthly, october, None);
    assert!(b.coverage_warning.is_none());
    let plain = b.to_markdown();
    assert!(!plain.contains("提示"));
    let b = b.with_coverage_warning(e.coverage_warning(issued));
    let md = b.to_markdown();
    assert!(md.contains("> **提示**：节假日数据覆盖至 2026年12月31日（剩余 60 天），尚未载入 2027 年的节假日安排。"), "{md}");
    assert!(md.contains("国务院办公厅发布2027年部分节假日安排的通知后"));
    // The notice comes before the figures, and the rest is unchanged.
    assert!(md.find("提示").unwrap() < md.find("## 一、总体情况").unwrap());
    let line = md.lines().find(|l| l.starts_with("> **提示**")).unwrap();
    assert_eq!(md.replacen(&format!("{line}\n\n"), "", 1), plain);
    // JSON: present when attached, absent otherwise (earlier bulletins are unchanged).
    let json = serde_json::to_value(&b).unwrap();
    assert_eq!(json["coverage_warning"]["days_left"], 60);
    let none = serde_json::to_value(bulletin(&[], e.guide(), BulletinKind::Monthly, october, None)).unwrap();
    assert!(none.get("coverage_warning").is_none());
    assert!(md.contains("凡需用到 2027 年日期的时限计算均报错（R-SLA-7）"));
    let prov = Engine::from_json(r#"{"schema_version": 1, "calendar": {"policy": "provisional"}}"#).unwrap();
    let md = bulletin(&[], prov.guide(), BulletinKind::Monthly, october, None).with_coverage_warning(prov.coverage_warning(issued)).to_markdown();
    assert!(md.contains("均按仅周末休息临时计算、标为临时结果（R-SLA-7）"), "{md}");
    // A past end reads 已过期.
    let late = bulletin(&[], e.guide(), BulletinKind::Monthly, Period::month(2027, 1).unwrap(), None).with_coverage_warning(e.coverage_warning(d(2027, 2, 1)));
    assert!(late.to_markdown().contains("（已过期 32 天）"));
    // A September bulletin, issued 2026-10-01 (91 days left), has none.
    assert!(e.coverage_warning(calendar::local_date(Period::month(2026, 9).unwrap().to)).is_none());
}

#[test]
fn chinesecalendar_attribution_applies_to_the_built_in_calendar() {
    let a = PackageAttribution::chinesecalendar();
    let days = a.days(&Calendar::cn()).unwrap();
    // Errata: where the package contradicts a notice, the days follow the notice (cn.toml).
    let errata: Vec<(NaiveDate, &str)> = a.errata.iter().map(|e| (e.date, e.notice.as_str())).collect();
    assert_eq!(errata, vec![(d(2005, 12, 31), "国办发明电〔2005〕35号"), (d(2006, 1, 3), "国办发明电〔2005〕35号")]);
    assert_eq!(days.workdays[&d(2005, 12, 31)], "new_years_day");
    assert!(days.in_lieu.contains(&d(2006, 1, 3)));
    // The package's names: joined weekends named, some weekend days of a break unnamed.
    for (date, festival) in [
        (d(2019, 4, 6), Some("tomb_sweeping_day")),
        (d(2019, 9, 15), Some("mid_autumn_festival")),
        (d(2023, 12, 30), Some("new_years_day")),
        (d(2020, 10, 1), Some("national_day")),
        (d(2011, 6, 5), None),
        (d(2015, 9, 5), None),
        (d(2026, 10, 1), Some("national_day")),
        (d(2026, 9, 25), Some("mid_autumn_festival")),
    ] {
        assert_eq!(days.holidays.get(&date).map(String::as_str), festival, "{date}");
    }
    // The package's in-lieu convention (not the notices'): 2022-02-03, not 2022-01-31.
    assert!(days.in_lieu.contains(&d(2022, 2, 3)) && !days.in_lieu.contains(&d(2022, 1, 31)));
    assert_eq!(days.in_lieu.len(), 152);
    // Every other marked day of CN keeps its festival.
    let cal = Calendar::cn();
    let renamed: Vec<NaiveDate> = a.names.iter().map(|n| n.date).collect();
    for day in cal.marked_days(d(2004, 1, 1), d(2026, 12, 31)) {
        if renamed.contains(&day.date) {
            continue;
        }
        let map = if day.kind == calendar::DayKind::Holiday { &days.holidays } else { &days.workdays };
        assert_eq!(map.get(&day.date).map(String::as_str), day.festival, "{}", day.date);
    }
    // The calendar's own attribution is untouched.
    assert_eq!(cal.day(d(2020, 10, 1)).unwrap().festival, Some("mid_autumn_festival"));
    assert_eq!(cal.day(d(2019, 9, 14)).unwrap().kind, calendar::DayKind::Weekend);
}

#[test]
fn attribution_errors_name_their_path() {
    let head = "package = \"p\"\nversion = \"1\"\ncalendar = \"CN\"\n";
    let bad = |body: &str| PackageAttribution::from_toml(&format!("{head}{body}")).unwrap().days(&Calendar::cn()).unwrap_err();
    let e = bad("in_lieu = [\"2026-10-10\"]\n"); // a make-up Saturday
    assert_eq!(e.problems()[0].path, "in_lieu[0]");
    let e = bad("in_lieu = [\"2026-10-05\", \"2026-10-05\"]\n");
    assert_eq!(e.problems()[0].path, "in_lieu[1]");
    let e = bad("[[names]]\ndate = \"2026-10-12\"\nnote = \"a Monday\"\n");
    assert!(e.problems()[0].message.contains("workday, not a rest day"), "{e}");
    let e = bad("[[names]]\ndate = \"2027-01-01\"\nnote = \"uncovered\"\n");
    assert!(e.problems()[0].message.contains("2027"), "{e}");
    let e = bad("[[names]]\ndate = \"2019-04-06\"\nnote = \"x\"\n[[names]]\ndate = \"2019-04-06\"\nnote = \"y\"\n");
    assert_eq!(e.problems()[0].path, "names[1]");
    let other = PackageAttribution::from_toml("package = \"p\"\nversion = \"1\"\ncalendar = \"XX\"\n").unwrap();
    assert_eq!(other.days(&Calendar::cn()).unwrap_err().problems()[0].path, "calendar");
    assert!(PackageAttribution::from_toml(&format!("{head}extra = 1\n")).unwrap_err().is_parse());
    // Valid: an empty attribution is the calendar's own, without in-lieu days.
    let empty = PackageAttribution::from_toml(head).unwrap().days(&Calendar::cn()).unwrap();
    assert_eq!(empty.holidays.get(&d(2020, 10, 1)).map(String::as_str), Some("mid_autumn_festival"));
    assert!(empty.in_lieu.is_empty());
}
