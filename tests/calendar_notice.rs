//! The State Council notice parser (`jiesu::calendar::Notice`) against the real notices
//! 2007–2026 in `tests/data/notices/` (each file names its sources): every fixture parses to
//! exactly what `data/calendar/cn.toml` holds for its year. Plus malformed notices, each refused
//! with its sentence quoted.

use std::path::PathBuf;

use chrono::NaiveDate;
use jiesu::calendar::{parse_notice, Calendar, CalendarData, DayKind, FestivalEntry, Notice, CN_DATA, MAX_NOTICE_BYTES};

fn fixture(name: &str) -> String {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "data", "notices", name].iter().collect();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    // The header lines (title, sources) start with '#'.
    text.lines().filter(|l| !l.starts_with('#')).collect::<Vec<_>>().join("\n")
}

/// The text of a year: its yearly notice, then its supplementary notices.
fn notice_text(year: i32) -> String {
    let mut text = fixture(&format!("{year}.txt"));
    let extra: &[&str] = match year {
        2015 => &["2015-supplement.txt"],
        2019 => &["2019-labour-day.txt"],
        2020 => &["2020-extension.txt"],
        _ => &[],
    };
    for e in extra {
        text.push('\n');
        text.push_str(&fixture(e));
    }
    text
}

/// The years with a fixture.
fn years() -> Vec<i32> {
    (2007..=2026).collect()
}

fn shipped(year: i32) -> Vec<FestivalEntry> {
    let cn = CalendarData::from_toml(CN_DATA).unwrap();
    cn.festivals.into_iter().filter(|f| f.year == year).collect()
}

#[test]
fn every_fixture_parses_to_the_shipped_data() {
    for year in years() {
        let notice = Notice::parse(&notice_text(year), None).unwrap_or_else(|e| panic!("{year}: {e}"));
        assert_eq!(notice.year(), year);
        let got = &notice.data().festivals;
        let want = shipped(year);
        let key = |f: &FestivalEntry| (f.year, f.festival.clone(), f.holidays.clone(), f.workdays.clone());
        assert_eq!(got.iter().map(key).collect::<Vec<_>>(), want.iter().map(key).collect::<Vec<_>>(), "{year}: parsed (left) vs cn.toml (right)");
        // Where cn.toml names the notice, the parser reads the same number from the text;
        // the entries a supplementary notice rewrote carry the supplement's number.
        for (g, w) in got.iter().zip(&want) {
            if let Some(n) = &w.notice {
                assert_eq!(g.notice.as_ref(), Some(n), "{year} {}", w.festival);
            }
        }
        let (g19, g20) = (year == 2019, year == 2020);
        for g in got {
            if g19 && g.festival == "labour_day" {
                assert_eq!(g.notice.as_deref(), Some("国办发明电〔2019〕3号"));
            }
            if g20 && g.festival == "spring_festival" {
                assert_eq!(g.notice.as_deref(), Some("国办发明电〔2020〕1号"));
            }
        }
        // The year is also taken as given, and the TOML and JSON read back to the same data.
        assert_eq!(&parse_notice(&notice_text(year), Some(year)).unwrap(), notice.data());
        assert_eq!(&CalendarData::from_toml(&notice.to_toml()).unwrap(), notice.data(), "{year}");
        assert_eq!(&CalendarData::from_json(&notice.to_json()).unwrap(), notice.data(), "{year}");
    }
}

#[test]
fn fixtures_cover_the_required_years() {
    let years = years();
    assert!(years.len() >= 12);
    for y in [2015, 2019, 2020, 2025, 2026] {
        assert!(years.contains(&y));
    }
    // 2019 (2018年12月30日至2019年1月1日) and 2023 start in the year before.
    let d = parse_notice(&notice_text(2019), None).unwrap();
    assert_eq!((d.coverage.from, d.coverage.to), (2018, 2019));
    assert_eq!(d.festivals[0].holidays, ["2018-12-30..2019-01-01"]);
}

#[test]
fn supplements_apply_on_top_of_their_year() {
    // Without its supplement, 2020's Spring Festival is the original 1/24–1/30 with 2/1 worked.
    let plain = parse_notice(&fixture("2020.txt"), None).unwrap();
    let sf = plain.festivals.iter().find(|f| f.festival == "spring_festival").unwrap();
    assert_eq!(sf.holidays, ["2020-01-24..2020-01-30"]);
    assert_eq!(sf.workdays, ["2020-01-19", "2020-02-01"]);
    // 2015 without the commemoration has no anti_fascist_70th.
    let plain = parse_notice(&fixture("2015.txt"), None).unwrap();
    assert!(plain.festivals.iter().all(|f| f.festival != "anti_fascist_70th"));
    // A supplement alone is refused: it amends a yearly notice.
    let err = Notice::parse(&fixture("2020-extension.txt"), None).unwrap_err();
    assert!(err.is_parse() && err.to_string().contains("supplementary"), "{err}");
    // A supplement of another year is refused.
    let err = Notice::parse(&format!("{}\n{}", fixture("2019.txt"), fixture("2020-extension.txt")), None).unwrap_err();
    assert!(err.to_string().contains("is about 2020, not 2019"), "{err}");
}

#[test]
fn full_width_and_half_width_text_read_the_same() {
    for year in [2019, 2025, 2026] {
        let text = notice_text(year);
        let want = parse_notice(&text, None).unwrap();
        let half: String = text
            .chars()
            .map(|c| match c {
                '（' => '(',
                '）' => ')',
                '：' => ':',
                '，' => ',',
                '；' => ';',
                c => c,
            })
            .collect();
        let full: String = text.chars().map(|c| if c.is_ascii_digit() { char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap() } else { c }).collect();
        let spaced = text.replace("：", "： ").replace('\n', "\r\n　　");
        for (what, t) in [("half-width", half), ("full-width digits", full), ("spaced", spaced)] {
            let mut got = parse_notice(&t, None).unwrap_or_else(|e| panic!("{year} {what}: {e}"));
            got.description = want.description.clone();
            got.festivals.iter_mut().zip(&want.festivals).for_each(|(g, w)| g.notice = w.notice.clone());
            assert_eq!(got, want, "{year} {what}");
        }
    }
}

#[test]
fn a_notice_of_a_new_year_makes_the_calendar_cover_it() {
    // 2026 as if it were next year: the CN data up to 2025 plus the pasted 2026 notice equals
    // the shipped calendar on every day of 2026.
    let cn = CalendarData::from_toml(CN_DATA).unwrap();
    let mut upto2025 = cn.clone();
    upto2025.coverage.to = 2025;
    upto2025.festivals.retain(|f| f.year <= 2025);
    let base = Calendar::from_data(upto2025).unwrap();
    let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    assert!(base.is_workday(d(2026, 2, 14)).unwrap_err().is_coverage());
    let cal = base.with_notice(&notice_text(2026)).unwrap();
    assert_eq!(cal.coverage().unwrap().to, 2026);
    let full = Calendar::cn();
    let mut day = d(2025, 12, 1);
    while day <= d(2026, 12, 31) {
        assert_eq!(cal.day_kind(day).unwrap(), full.day_kind(day).unwrap(), "{day}");
        assert_eq!(cal.day(day).unwrap().festival, full.day(day).unwrap().festival, "{day}");
        day = day.succ_opt().unwrap();
    }
    assert_eq!(cal.day_kind(d(2026, 2, 14)).unwrap(), DayKind::MakeupWorkday);
    // The same notice again conflicts with the days it already marks.
    let err = cal.with_notice(&notice_text(2026)).unwrap_err();
    assert!(err.is_validation() && err.to_string().contains("conflicts"), "{err}");
    // A New Year break that starts in a December the calendar does not cover.
    let mut upto2017 = cn;
    upto2017.coverage.to = 2017;
    upto2017.festivals.retain(|f| f.year <= 2017);
    let err = Calendar::from_data(upto2017).unwrap().with_notice(&notice_text(2019)).unwrap_err();
    assert!(err.is_invalid_input() && err.to_string().contains("starts in 2018"), "{err}");
}

/// Asserts that `text` is refused and that the error quotes `quote`.
fn refused(text: &str, year: Option<i32>, quote: &str, why: &str) {
    let err = Notice::parse(text, year).expect_err(why);
    let msg = err.to_string();
    assert!(msg.contains(&format!("«{quote}»")), "{why}: the error does not quote «{quote}»: {msg}");
    assert!(err.is_validation(), "{why}: {err:?}");
}

#[test]
fn malformed_notices_are_refused_with_their_sentence_quoted() {
    let y2019 = fixture("2019.txt");
    let y2026 = fixture("2026.txt");
    // A wrong weekday: 2019-02-02 is a Saturday.
    refused(&y2019.replace("2月2日（星期六）", "2月2日（星期日）"), None, "2月2日（星期日）、2月3日（星期日）上班", "wrong weekday");
    // A wrong weekday in the 2025/2026 style (周X), and a wrong lunar day.
    refused(&y2026.replace("5月9日（周六）", "5月9日（周日）"), None, "5月9日（周日）上班", "wrong 周X");
    refused(
        &y2026.replace("农历腊月二十八", "农历腊月二十七"),
        None,
        "2月15日（农历腊月二十七、周日）至23日（农历正月初七、周一）放假调休，共9天",
        "wrong lunar day",
    );
    // A wrong count.
    refused(&y2019.replace("共7天。2月2日", "共8天。2月2日"), None, "2月4日至10日放假调休，共8天", "wrong 共N天");
    // A make-up day on a Wednesday.
    refused(&y2019.replace("10月12日（星期六）", "10月9日（星期三）"), None, "9月29日（星期日）、10月9日（星期三）上班", "make-up day on a Wednesday");
    // 与周末连休 where no weekend adjoins: 2019-05-01 is a Wednesday.
    refused(&y2019.replace("四、劳动节：5月1日放假。", "四、劳动节：5月1日放假，与周末连休。"), None, "5月1日放假，与周末连休", "与周末连休");
    // A festival listed twice.
    refused(&y2019.replace("五、端午节：6月7日放假", "五、劳动节：6月7日放假"), None, "五、劳动节：6月7日放假，与周末连休。", "festival twice");
    // An unknown festival.
    refused(&y2019.replace("五、端午节：", "五、圣诞节："), None, "圣诞节", "unknown festival");
    // A break that misses its festival's day (端午 2019 is 6月7日).
    refused(&y2019.replace("6月7日放假", "6月14日放假"), None, "五、端午节：6月14日放假，与周末连休。", "festival day");
    // A sentence that says neither 放假 nor 上班.
    refused(&y2019.replace("四、劳动节：5月1日放假。", "四、劳动节：5月1日休息。"), None, "5月1日休息", "unreadable sentence");
    // An impossible date.
    refused(&y2019.replace("2月4日至10日", "2月30日至10日"), None, "2月30日至10日放假调休，共7天", "no such date");

    // The 2007/2008 style: a weekday moved (调至) as if it were a weekend day, and an
    // explanation whose weekday is wrong.
    let y2008 = fixture("2008.txt");
    refused(
        &y2008.replace("12月29日（星期六）公休日调至", "12月28日（星期五）公休日调至"),
        None,
        "其中，1月1日（星期二）为法定节假日，12月30日（星期日）为公休日，12月28日（星期五）公休日调至12月31日（星期一），12月29日（星期六）上班",
        "moved weekday",
    );
    refused(
        &y2008.replace("4月5日（星期六）、4月6日（星期日）照常公休", "4月5日（星期日）、4月6日（星期日）照常公休"),
        None,
        "其中，4月4日（清明节）为法定节假日，4月5日（星期日）、4月6日（星期日）照常公休",
        "wrong weekday in 其中",
    );
    // Garbage: no item at all.
    for garbage in ["", "hello world", "一、二、三。", "\u{0}\u{1}\u{2}", "国务院办公厅关于2027年部分节假日安排的通知\n放假！"] {
        let err = Notice::parse(garbage, Some(2027)).unwrap_err();
        assert!(err.is_parse(), "{garbage:?}: {err:?}");
        assert_eq!(err.field(), Some("notice"));
    }
    // No year anywhere, a year that disagrees, a year out of range.
    let err = Notice::parse("一、元旦：1月1日放假。", None).unwrap_err();
    assert!(err.is_parse() && err.field() == Some("year"), "{err:?}");
    let err = Notice::parse(&y2019, Some(2020)).unwrap_err();
    assert!(err.is_invalid_input() && err.to_string().contains("is for 2019"), "{err}");
    assert!(Notice::parse("一、元旦：1月1日放假。", Some(99999)).unwrap_err().is_invalid_input());
    // Too long.
    let long = format!("{y2019}{}", " ".repeat(MAX_NOTICE_BYTES));
    assert!(Notice::parse(&long, None).unwrap_err().is_limit_exceeded());
}

#[test]
fn every_problem_is_reported_with_its_item() {
    let text = fixture("2019.txt").replace("2月2日（星期六）", "2月2日（星期五）").replace("共7天。9月29日", "共6天。9月29日");
    let err = Notice::parse(&text, None).unwrap_err();
    let paths: Vec<&str> = err.problems().iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["items[1]", "items[6]"], "{err}");
}

#[test]
fn a_supplement_of_another_year_is_refused() {
    // The 2015 commemoration's title has no year; its dates do.
    let err = Notice::parse(&format!("{}\n{}", fixture("2016.txt"), fixture("2015-supplement.txt")), None).unwrap_err();
    assert!(err.to_string().contains("2015-09-03, which is not in 2016"), "{err}");
}

#[test]
fn the_json_goes_into_an_engine_configuration() {
    // README: the JSON of a notice in `calendar.overlays`.
    let mut upto2025 = CalendarData::from_toml(CN_DATA).unwrap();
    upto2025.coverage.to = 2025;
    upto2025.festivals.retain(|f| f.year <= 2025);
    let notice = Notice::parse(&notice_text(2026), None).unwrap();
    let config = format!(r#"{{"schema_version": 1, "calendar": {{"data": {}, "overlays": [{}]}}}}"#, upto2025.to_json(), notice.to_json());
    let engine = jiesu::engine::Engine::from_json(&config).unwrap();
    assert_eq!(engine.calendar().coverage().unwrap().to, 2026);
    let d = NaiveDate::from_ymd_opt(2026, 2, 14).unwrap();
    assert_eq!(engine.calendar().day_kind(d).unwrap(), DayKind::MakeupWorkday);
}

#[test]
fn the_example_prints_the_toml() {
    // `cargo run --example notice` is tested through its library calls: the TOML names every
    // entry's sentences and reads back.
    let n = Notice::parse(&notice_text(2020), None).unwrap();
    let toml = n.to_toml();
    assert!(toml.starts_with("# 国务院办公厅关于2020年部分节假日安排的通知 (国办发明电〔2019〕16号)\n"), "{toml}");
    assert!(
        toml.contains("# 二、春节：1月24日至30日放假调休，共7天。1月19日（星期日）、2月1日（星期六）上班。 国务院办公厅关于延长2020年春节假期的通知："),
        "{toml}"
    );
    assert!(toml.contains("holidays = [\"2020-01-24..2020-02-02\"]\nworkdays = [\"2020-01-19\"]\nnotice = \"国办发明电〔2020〕1号\""), "{toml}");
    assert!(toml.contains("[[festivals]]\nyear = 2020\nfestival = \"mid_autumn_festival\"\nholidays = [\"2020-10-01\"]"), "{toml}");
}

#[test]
fn text_before_the_title_is_not_a_notice() {
    // A fixture file as it is, header comments included; a news lead before the title.
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "data", "notices", "2025.txt"].iter().collect();
    let raw = std::fs::read_to_string(path).unwrap();
    assert_eq!(parse_notice(&raw, None).unwrap(), parse_notice(&fixture("2025.txt"), None).unwrap());
    let lead = format!("新华社北京11月12日电 国务院办公厅关于2025年部分节假日安排的通知，全文如下：\n{}", fixture("2025.txt"));
    assert_eq!(parse_notice(&lead, None).unwrap(), parse_notice(&fixture("2025.txt"), None).unwrap());
}

#[test]
fn mutated_notices_never_panic() {
    // Every one-character deletion and substitution (by a character of the notices' grammar) of
    // two fixtures: an error or data that reads back, never a panic. (`make fuzz-notice` explores
    // further.)
    let grammar: Vec<char> = "至日月年（）(),，。、019-—：:上班放假共天\n周六星期农历初腊除夕其中调至补休连休".chars().collect();
    for year in [2008, 2026] {
        let chars: Vec<char> = notice_text(year).chars().collect();
        for i in 0..chars.len() {
            let deleted: String = chars[..i].iter().chain(&chars[i + 1..]).collect();
            let c = grammar[i % grammar.len()];
            let replaced: String = chars[..i].iter().chain(std::iter::once(&c)).chain(&chars[i + 1..]).collect();
            for text in [&deleted, &replaced] {
                if let Ok(n) = Notice::parse(text, None) {
                    assert_eq!(&CalendarData::from_toml(&n.to_toml()).unwrap(), n.data(), "{text}");
                }
            }
        }
    }
}
