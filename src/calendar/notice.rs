//! The State Council's yearly holiday notice (国务院办公厅关于20XX年部分节假日安排的通知), read
//! from its text into calendar data: the holidays and make-up working days (调休上班) of each
//! festival, in the format of `data/calendar/cn.toml`.
//!
//! The notice has had the same shape for two decades: numbered items `一、元旦：…` of a few
//! sentences each — a break (`2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。`)
//! and the weekend days worked for it (`2月14日（周六）、2月28日（周六）上班。`). [`Notice::parse`]
//! reads them and checks everything the text states, refusing the notice with an error that
//! quotes the offending sentence:
//!
//! - every annotation of a date — the weekday (`（星期六）`, `（周日）`) and the lunar day
//!   (`（农历腊月二十八、周日）`, `（农历除夕）`, `（农历正月初九，星期日）`) — against the date;
//! - every count (`共9天`, `放假1天`) against the days listed;
//! - `与周末连休` against the calendar: the break really adjoins a weekend that is not worked;
//! - make-up working days fall on Saturdays or Sundays, one date each, and are not holidays;
//! - every break contains its festival's day (1 January, 正月初一, 1 May, 五月初五, 八月十五,
//!   1 October);
//! - a festival listed twice, an unknown festival name, a sentence it cannot read.
//!
//! It follows the conventions of `cn.toml`: the days a notice gives as 放假 are holidays
//! (weekend days inside a listed range included), a weekend merely joined with `与周末连休` is
//! not listed, `X放假，Y补休` is the span from X to Y, a weekend day moved into the break in the
//! style of 2007–2009 (`9月27日（星期六）、9月28日（星期日）两个公休日调至9月29日（星期一）、30日（星期二）`)
//! is a make-up working day (and the weekday it moves to must be in the break), explanations
//! (`其中，…为法定节假日，…照常公休`) are only checked, and a merged `中秋节、国庆节` break is
//! split: the Mid-Autumn day (八月十五, from the lunar table of [`lunar`](super::lunar)) under
//! `mid_autumn_festival`, the rest and the make-up days under `national_day`. Entries are
//! ordered by their first holiday.
//!
//! Supplementary notices that follow the yearly notice in the same text are applied on top of
//! it, in order: a new arrangement of a festival the yearly notice has (2019's
//! 关于调整2019年劳动节假期安排的通知 replaces 劳动节), an extension (2020's
//! 关于延长2020年春节假期的通知 extends 春节 to 2月2日 and drops the make-up days it covers),
//! or a festival of its own (2015's 9月3日 commemoration, `anti_fascist_70th`).
//!
//! Text is accepted with full-width or half-width punctuation and digits, titles over one or
//! several lines, and at most [`MAX_NOTICE_BYTES`] bytes.
//!
//! # Example
//! ```
//! use jiesu::calendar::{Calendar, DayKind, Notice};
//! let text = "国务院办公厅关于2026年部分节假日安排的通知\n\
//!     一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。\n\
//!     二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。\n";
//! let notice = Notice::parse(text, None)?;
//! assert_eq!(notice.year(), 2026);
//! assert_eq!(notice.data().festivals[1].holidays, ["2026-02-15..2026-02-23"]);
//! assert_eq!(notice.data().festivals[1].workdays, ["2026-02-14", "2026-02-28"]);
//! assert!(notice.to_toml().contains("festival = \"spring_festival\""));
//!
//! // A wrong weekday is refused, quoting the sentence.
//! let err = Notice::parse(&text.replace("1月4日（周日）", "1月4日（周六）"), None).unwrap_err();
//! assert!(err.to_string().contains("«1月4日（周六）上班»"), "{err}");
//! # Ok::<(), jiesu::Error>(())
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::data::{render_toml, CalendarData, Coverage, FestivalEntry, OverlayScope, SCHEMA_VERSION};
use super::lunar;
use super::Calendar;
use crate::error::{Error, ErrorKind, Problem, Result};

/// Largest notice text accepted, in bytes (64 KiB). A yearly notice is under 2 KB; with its
/// supplementary notices and a news lead, well under 10 KB. Longer text is refused with
/// [`ErrorKind::LimitExceeded`] before it is read.
///
/// # Example
/// ```
/// let text = "。".repeat(jiesu::calendar::MAX_NOTICE_BYTES);
/// let err = jiesu::calendar::Notice::parse(&text, Some(2027)).unwrap_err();
/// assert!(err.is_limit_exceeded());
/// ```
pub const MAX_NOTICE_BYTES: usize = 64 * 1024;

/// The festivals a notice names, with their ids in the calendar data.
const FESTIVALS: [(&str, &str); 10] = [
    ("元旦", "new_years_day"),
    ("春节", "spring_festival"),
    ("清明节", "tomb_sweeping_day"),
    ("劳动节", "labour_day"),
    ("国际劳动节", "labour_day"),
    ("五一", "labour_day"),
    ("端午节", "dragon_boat_festival"),
    ("中秋节", "mid_autumn_festival"),
    ("国庆节", "national_day"),
    ("十一", "national_day"),
];

/// Longest range a notice may give as one break, as in the data format.
const MAX_RANGE_DAYS: i64 = 31;

/// A State Council holiday notice, parsed and checked: the calendar data of its year.
///
/// # Example
/// ```
/// use jiesu::calendar::Notice;
/// let n = Notice::parse("一、元旦：1月1日放假，与周末连休。", Some(2024))?;
/// assert_eq!(n.data().festivals[0].holidays, ["2024-01-01"]);
/// assert_eq!(n.data().scope, Some(jiesu::calendar::OverlayScope::National));
/// # Ok::<(), jiesu::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    year: i32,
    number: Option<String>,
    title: Option<String>,
    data: CalendarData,
    /// The sentences behind each festival entry, for the comments of the TOML.
    sources: Vec<String>,
}

/// Reads a notice's text into calendar data: the same as
/// [`Notice::parse`]`(text, year)?.`[`into_data`](Notice::into_data)`()`.
///
/// `year` is the year the notice arranges; `None` takes it from the title
/// (`关于2027年部分节假日安排的通知`) or the first sentence (`现将2027年元旦、…`). When both the
/// caller and the text give a year, they must agree.
///
/// # Example
/// ```
/// let data = jiesu::calendar::parse_notice(
///     "一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）上班。", Some(2019))?;
/// assert_eq!(data.festivals[0].holidays, ["2018-12-30..2019-01-01"]);
/// assert_eq!(data.festivals[0].workdays, ["2018-12-29"]);
/// assert_eq!((data.coverage.from, data.coverage.to), (2018, 2019)); // the break starts in 2018
/// # Ok::<(), jiesu::Error>(())
/// ```
pub fn parse_notice(text: &str, year: Option<i32>) -> Result<CalendarData> {
    Notice::parse(text, year).map(Notice::into_data)
}

impl Notice {
    /// Parses and checks the text of a yearly notice, followed by any supplementary notices of
    /// the same year (each starting with its title), and returns the arrangement.
    ///
    /// Errors: [`ErrorKind::LimitExceeded`] over [`MAX_NOTICE_BYTES`]; [`ErrorKind::Parse`]
    /// (field `notice` or `year`) when the text has no festival item or no year can be found;
    /// [`ErrorKind::InvalidInput`] (field `year`) when `year` disagrees with the text or is
    /// outside 1900..=2200; [`ErrorKind::Validation`] listing every sentence that breaks a check,
    /// each problem's path naming the item (`items[1]`) or supplementary notice
    /// (`supplements[0]`) and its message quoting the sentence in «».
    ///
    /// # Example
    /// ```
    /// use jiesu::calendar::Notice;
    /// let err = Notice::parse("二、春节：2月4日至10日放假调休，共8天。", Some(2019)).unwrap_err();
    /// assert!(err.is_validation());
    /// assert_eq!(err.problems()[0].path, "items[0]");
    /// assert!(err.problems()[0].message.contains("«2月4日至10日放假调休，共8天»"));
    /// ```
    pub fn parse(text: &str, year: Option<i32>) -> Result<Notice> {
        if text.len() > MAX_NOTICE_BYTES {
            return Err(Error::new(
                ErrorKind::LimitExceeded,
                format!("notice text of {} bytes is over the limit of {MAX_NOTICE_BYTES} bytes", text.len()),
            )
            .with_field("notice"));
        }
        if let Some(y) = year {
            if !(1900..=2200).contains(&y) {
                return Err(Error::invalid_input("year", format!("year {y} outside 1900..=2200")));
            }
        }
        Parser::new(text).run(year)
    }

    /// The year the notice arranges.
    ///
    /// # Example
    /// ```
    /// let n = jiesu::calendar::Notice::parse("国务院办公厅关于2019年部分节假日安排的通知\n四、劳动节：5月1日放假。", None)?;
    /// assert_eq!(n.year(), 2019);
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The notice's number (发文字号) when the text has it, e.g. `国办发明电〔2025〕7号`.
    ///
    /// # Example
    /// ```
    /// let n = jiesu::calendar::Notice::parse("国办发明电〔2018〕15号\n四、劳动节：5月1日放假。", Some(2019))?;
    /// assert_eq!(n.number(), Some("国办发明电〔2018〕15号"));
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn number(&self) -> Option<&str> {
        self.number.as_deref()
    }

    /// The notice's title when the text has it.
    ///
    /// # Example
    /// ```
    /// let n = jiesu::calendar::Notice::parse("国务院办公厅关于2019年\n部分节假日安排的通知\n四、劳动节：5月1日放假。", None)?;
    /// assert_eq!(n.title(), Some("国务院办公厅关于2019年部分节假日安排的通知"));
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// The calendar data: a national overlay of `CN` (`base = "CN"`, `scope = "national"`)
    /// covering the notice's year (from the year before when the New Year break starts in
    /// December), one entry per festival.
    ///
    /// # Example
    /// ```
    /// let n = jiesu::calendar::Notice::parse("四、劳动节：5月1日至5日放假调休，共5天。4月26日（星期日）、5月9日（星期六）上班。", Some(2020))?;
    /// let e = &n.data().festivals[0];
    /// assert_eq!((e.festival.as_str(), e.year), ("labour_day", 2020));
    /// assert_eq!(e.workdays, ["2020-04-26", "2020-05-09"]);
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn data(&self) -> &CalendarData {
        &self.data
    }

    /// The calendar data, by value.
    ///
    /// # Example
    /// ```
    /// let d = jiesu::calendar::Notice::parse("四、劳动节：5月1日放假。", Some(2019))?.into_data();
    /// assert_eq!(d.name, "CN-2019");
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn into_data(self) -> CalendarData {
        self.data
    }

    /// The data as TOML in the layout of `data/calendar/cn.toml`, each entry preceded by a
    /// comment quoting the sentences it comes from, for review before it is committed. It
    /// reads back with [`CalendarData::from_toml`] to the same data.
    ///
    /// # Example
    /// ```
    /// use jiesu::calendar::{CalendarData, Notice};
    /// let n = Notice::parse("国办发明电〔2018〕15号\n五、端午节：6月7日放假，与周末连休。", Some(2019))?;
    /// let toml = n.to_toml();
    /// assert!(toml.contains("# 五、端午节：6月7日放假，与周末连休。"));
    /// assert!(toml.contains("holidays = [\"2019-06-07\"]\nworkdays = []\nnotice = \"国办发明电〔2018〕15号\""));
    /// assert_eq!(&CalendarData::from_toml(&toml)?, n.data());
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn to_toml(&self) -> String {
        let mut header = vec![format!(
            "{}{}",
            self.title.clone().unwrap_or_else(|| format!("State Council holiday notice for {}", self.year)),
            self.number.as_deref().map(|n| format!(" ({n})")).unwrap_or_default()
        )];
        header.push("Generated by jiesu from the notice's text (jiesu::calendar::Notice): check each date".into());
        header.push("against the notice, then load this file as a national overlay of CN, or append its".into());
        header.push("[[festivals]] to data/calendar/cn.toml and raise coverage.to.".into());
        render_toml(&self.data, &header, &self.sources)
    }

    /// The data as pretty-printed JSON (the JSON form of the format of `cn.toml`).
    ///
    /// # Example
    /// ```
    /// use jiesu::calendar::{CalendarData, Notice};
    /// let n = Notice::parse("四、劳动节：5月1日放假。", Some(2019))?;
    /// assert_eq!(&CalendarData::from_json(&n.to_json())?, n.data());
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.data).unwrap_or_default()
    }
}

impl Calendar {
    /// This calendar with a State Council notice applied as a national overlay
    /// ([`Calendar::with_overlay`] of [`Notice::data`]): the notice's year becomes covered.
    /// The year is read from the text (its title or first sentence); to give it yourself, use
    /// [`parse_notice`] and [`Calendar::with_overlay`].
    ///
    /// Besides the errors of [`Notice::parse`] and [`Calendar::with_overlay`] (a day the
    /// calendar already marks), a New Year break that starts in a December this calendar does
    /// not cover is refused ([`ErrorKind::InvalidInput`], field `notice`).
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// use jiesu::calendar::{Calendar, DayKind};
    /// // A made-up 2027 notice (the real one is not out yet): its text is all the operator pastes.
    /// let text = "国务院办公厅关于2027年部分节假日安排的通知\n\
    ///     一、元旦：1月1日（周五）至3日（周日）放假，共3天。\n\
    ///     二、春节：2月5日（农历除夕、周五）至13日（农历正月初八、周六）放假调休，共9天。2月14日（周日）上班。\n";
    /// let cal = Calendar::cn().with_notice(text)?;
    /// assert_eq!(cal.coverage().unwrap().to, 2027);
    /// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// assert_eq!(cal.day_kind(d(2027, 2, 14))?, DayKind::MakeupWorkday);
    /// assert_eq!(cal.add_working_days(d(2026, 12, 30), 2)?, d(2027, 1, 4)); // 12-31, then Monday 1-4
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn with_notice(&self, text: &str) -> Result<Calendar> {
        let data = parse_notice(text, None)?;
        if let Some(cov) = self.coverage() {
            let from = data.coverage.from;
            if from < data.coverage.to && !cov.contains_year(from) {
                return Err(Error::invalid_input(
                    "notice",
                    format!(
                        "the notice's New Year break starts in {from}, which calendar {:?} does not cover: load {from} first",
                        self.name()
                    ),
                ));
            }
        }
        self.with_overlay(&data)
    }
}

// ---------------------------------------------------------------------------------------------

/// The text, as given (for quotes) and normalized one character for one (for reading).
struct Parser {
    orig: Vec<char>,
    norm: Vec<char>,
}

/// A date read from the text.
#[derive(Clone, Copy)]
struct DateTok {
    date: NaiveDate,
    /// The annotation inside the parentheses that follow the date.
    ann: Option<(usize, usize)>,
}

#[derive(Clone, Copy)]
enum Tok {
    Single(DateTok),
    Range(DateTok, DateTok),
}

/// Where bare months and days take their year and month from.
#[derive(Clone, Copy)]
struct Ctx {
    year: i32,
    new_years_item: bool,
    last: Option<NaiveDate>,
    /// The year of the last date written with its year (`2015年9月3日`).
    explicit_year: Option<i32>,
}

/// What the sentences of one item (or supplementary notice) say.
#[derive(Default)]
struct Body {
    rest: BTreeSet<NaiveDate>,
    work: BTreeSet<NaiveDate>,
    /// Weekend days moved to a weekday of the break (`12月29日（星期六）公休日调至12月31日`):
    /// worked, whether or not a `上班` sentence repeats them.
    swapped: BTreeSet<NaiveDate>,
    extend_to: Option<NaiveDate>,
    quotes: Vec<String>,
    /// `与周末连休`: first and last day of the break, and the sentence.
    adjoin: Vec<(NaiveDate, NaiveDate, String)>,
}

/// One festival's arrangement being built.
struct Entry {
    festival: String,
    rest: BTreeSet<NaiveDate>,
    work: BTreeSet<NaiveDate>,
    notice: Option<String>,
    source: String,
}

struct Doc {
    title: Option<(String, String)>,
    lines: Vec<Range<usize>>,
}

fn normalize(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '（' | '﹙' => '(',
        '）' | '﹚' => ')',
        '：' | '︰' => ':',
        '，' | '﹐' => ',',
        '；' | '﹔' => ';',
        '—' | '–' | '－' | '～' | '~' | '―' | '‐' | '‑' => '-',
        '\u{3000}' | '\u{a0}' | '\t' | '\r' => ' ',
        _ => c,
    }
}

fn weekday_zh(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "星期一",
        Weekday::Tue => "星期二",
        Weekday::Wed => "星期三",
        Weekday::Thu => "星期四",
        Weekday::Fri => "星期五",
        Weekday::Sat => "星期六",
        Weekday::Sun => "星期日",
    }
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

fn next_day(d: NaiveDate) -> Option<NaiveDate> {
    d.checked_add_days(Days::new(1))
}

fn prev_day(d: NaiveDate) -> Option<NaiveDate> {
    d.checked_sub_days(Days::new(1))
}

/// The days of `a..=b` (at most [`MAX_RANGE_DAYS`] + 1).
fn days_of(a: NaiveDate, b: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut d = a;
    while d <= b && out.len() <= MAX_RANGE_DAYS as usize {
        out.push(d);
        match next_day(d) {
            Some(n) => d = n,
            None => break,
        }
    }
    out
}

/// `[a..b, c]`: consecutive days as ranges.
fn runs(days: &BTreeSet<NaiveDate>) -> Vec<String> {
    let mut out = Vec::new();
    let mut iter = days.iter().copied();
    let Some(mut start) = iter.next() else { return out };
    let mut end = start;
    let flush = |s: NaiveDate, e: NaiveDate, out: &mut Vec<String>| {
        if s == e {
            out.push(s.to_string());
        } else {
            out.push(format!("{s}..{e}"));
        }
    };
    for d in iter {
        if next_day(end) == Some(d) {
            end = d;
        } else {
            flush(start, end, &mut out);
            start = d;
            end = d;
        }
    }
    flush(start, end, &mut out);
    out
}

fn chinese_digit(c: char) -> Option<u32> {
    "〇一二三四五六七八九".chars().position(|x| x == c).and_then(|p| u32::try_from(p).ok())
}

/// 初一 … 初十, 十一 … 十九, 二十, 廿一 … 廿九, 二十一 … 二十九, 三十.
fn lunar_day_number(s: &str) -> Option<u32> {
    let c: Vec<char> = s.chars().collect();
    match c.as_slice() {
        ['初', '十'] => Some(10),
        ['初', d] => chinese_digit(*d).filter(|&n| n >= 1),
        ['十', d] => chinese_digit(*d).filter(|&n| n >= 1).map(|n| 10 + n),
        ['二', '十'] => Some(20),
        ['三', '十'] => Some(30),
        ['廿', d] | ['二', '十', d] => chinese_digit(*d).filter(|&n| n >= 1).map(|n| 20 + n),
        _ => None,
    }
}

/// 正月, 二月 … 十月, 十一月/冬月, 十二月/腊月; `(month, rest)`.
fn lunar_month_prefix(s: &str) -> Option<(u32, &str)> {
    const NAMES: [(&str, u32); 16] = [
        ("正月", 1),
        ("一月", 1),
        ("二月", 2),
        ("三月", 3),
        ("四月", 4),
        ("五月", 5),
        ("六月", 6),
        ("七月", 7),
        ("八月", 8),
        ("九月", 9),
        ("十月", 10),
        ("十一月", 11),
        ("冬月", 11),
        ("十二月", 12),
        ("腊月", 12),
        ("大年", 1),
    ];
    // Longest name first: 十一月 before 十月 … (十一月 does not start with 十月, but be exact).
    NAMES
        .iter()
        .filter(|(n, _)| s.starts_with(n))
        .max_by_key(|(n, _)| n.len())
        .map(|(n, m)| (*m, &s[n.len()..]))
}

/// What a lunar annotation says about a day.
enum LunarSpec {
    Day { month: Option<u32>, leap: bool, day: u32 },
    Eve,
}

fn parse_lunar(s: &str) -> Option<LunarSpec> {
    let s = s.strip_prefix("农历").unwrap_or(s);
    match s {
        "除夕" | "大年三十" => return Some(LunarSpec::Eve),
        "春节" | "大年初一" => return Some(LunarSpec::Day { month: Some(1), leap: false, day: 1 }),
        "端午" | "端午节" => return Some(LunarSpec::Day { month: Some(5), leap: false, day: 5 }),
        "中秋" | "中秋节" => return Some(LunarSpec::Day { month: Some(8), leap: false, day: 15 }),
        _ => {}
    }
    let (leap, s) = match s.strip_prefix('闰') {
        Some(r) => (true, r),
        None => (false, s),
    };
    if let Some((month, rest)) = lunar_month_prefix(s) {
        return lunar_day_number(rest).map(|day| LunarSpec::Day { month: Some(month), leap, day });
    }
    lunar_day_number(s).map(|day| LunarSpec::Day { month: None, leap, day })
}

fn weekday_of(s: &str) -> Option<Weekday> {
    let rest = s.strip_prefix("星期").or_else(|| s.strip_prefix("周")).or_else(|| s.strip_prefix("礼拜"))?;
    Some(match rest {
        "一" => Weekday::Mon,
        "二" => Weekday::Tue,
        "三" => Weekday::Wed,
        "四" => Weekday::Thu,
        "五" => Weekday::Fri,
        "六" => Weekday::Sat,
        "日" | "天" => Weekday::Sun,
        _ => return None,
    })
}

/// Checks one part of an annotation (`周日`, `农历腊月二十八`, `除夕` …) against `date`;
/// `month` is the lunar month of the range's start, for a range end such as `至初七`.
fn check_part(date: NaiveDate, part: &str, month: Option<u32>) -> std::result::Result<Option<u32>, String> {
    if let Some(w) = weekday_of(part) {
        if date.weekday() != w {
            return Err(format!("{date} is a {}, not {part}", weekday_zh(date.weekday())));
        }
        return Ok(None);
    }
    // 农历清明当日, 农历端午当日, “五一”国际劳动节 (2009).
    let name = part.trim_matches(['“', '”', '"']);
    let name = name.strip_suffix("当日").unwrap_or(name);
    let fixed = match name.trim_start_matches(['“', '”', '"', '五', '一']) {
        "元旦" | "新年" => Some((1, 1, "1月1日")),
        "国际劳动节" | "劳动节" => Some((5, 1, "5月1日")),
        "国庆节" => Some((10, 1, "10月1日")),
        _ => None,
    };
    if let Some((m, d, zh)) = fixed {
        if (date.month(), date.day()) != (m, d) {
            return Err(format!("{date} is not {part} ({zh})"));
        }
        return Ok(None);
    }
    if matches!(name, "清明" | "清明节" | "农历清明" | "法定节假日" | "法定假日") {
        return Ok(None); // 清明 is a solar term, not in the lunar table
    }
    let Some(spec) = parse_lunar(name) else {
        return Err(format!("cannot read the note «{part}» on {date} (expected a weekday such as 星期六/周六 or a lunar day such as 农历正月初七)"));
    };
    let Some(l) = lunar::lunar_day(date) else {
        return Ok(None); // outside the lunar table: nothing to check against
    };
    match spec {
        LunarSpec::Eve if l.new_years_eve => Ok(Some(12)),
        LunarSpec::Eve => Err(format!("{date} is not 除夕 (it is 农历{}月{})", l.month, l.day)),
        LunarSpec::Day { month: m, leap, day } => {
            let want = m.or(month);
            if want.is_some_and(|m| m != l.month) || leap != l.leap || day != l.day {
                Err(format!(
                    "{date} is 农历{}{}月{}, not {part}",
                    if l.leap { "闰" } else { "" },
                    l.month,
                    l.day
                ))
            } else {
                Ok(Some(l.month))
            }
        }
    }
}

impl Parser {
    fn new(text: &str) -> Parser {
        let orig: Vec<char> = text.chars().collect();
        let norm = orig.iter().map(|&c| normalize(c)).collect();
        Parser { orig, norm }
    }

    fn at(&self, i: usize) -> char {
        self.norm.get(i).copied().unwrap_or('\0')
    }

    fn slice(&self, r: Range<usize>) -> &[char] {
        self.norm.get(r).unwrap_or(&[])
    }

    fn string(&self, r: Range<usize>) -> String {
        self.slice(r).iter().collect()
    }

    /// The original text of `r`, trimmed, on one line.
    fn quote(&self, r: Range<usize>) -> String {
        let s: String = self.orig.get(r).unwrap_or(&[]).iter().collect();
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    fn find(&self, r: Range<usize>, pat: &str) -> Option<usize> {
        let p: Vec<char> = pat.chars().collect();
        let hay = self.slice(r.clone());
        hay.windows(p.len()).position(|w| w == p.as_slice()).map(|i| r.start + i)
    }

    fn contains(&self, r: Range<usize>, pat: &str) -> bool {
        self.find(r, pat).is_some()
    }

    fn trim(&self, mut r: Range<usize>) -> Range<usize> {
        while r.start < r.end && self.at(r.start).is_whitespace() {
            r.start += 1;
        }
        while r.end > r.start && self.at(r.end - 1).is_whitespace() {
            r.end -= 1;
        }
        r
    }

    fn lines(&self) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        for (i, &c) in self.norm.iter().enumerate() {
            if c == '\n' {
                out.push(start..i);
                start = i + 1;
            }
        }
        out.push(start..self.norm.len());
        out
    }

    /// Digits at `i` (skipping spaces before them): `(value, end)`.
    fn number(&self, mut i: usize, end: usize, max_digits: usize) -> Option<(u32, usize)> {
        while i < end && self.at(i) == ' ' {
            i += 1;
        }
        let start = i;
        let mut v: u32 = 0;
        while i < end && self.at(i).is_ascii_digit() && i - start < max_digits {
            v = v * 10 + self.at(i).to_digit(10).unwrap_or(0);
            i += 1;
        }
        if i == start || (i < end && self.at(i).is_ascii_digit()) {
            return None;
        }
        while i < end && self.at(i) == ' ' {
            i += 1;
        }
        Some((v, i))
    }

    /// A date at `i` (`2018年12月30日`, `2月4日`, `10日`), with its annotation.
    fn date_at(&self, i: usize, end: usize, ctx: &mut Ctx) -> std::result::Result<Option<(DateTok, usize)>, String> {
        let Some((first, j)) = self.number(i, end, 4) else { return Ok(None) };
        let (mut year, mut month, day, mut k);
        match self.at(j) {
            '年' => {
                let Some((m, j2)) = self.number(j + 1, end, 2) else { return Ok(None) };
                if self.at(j2) != '月' {
                    return Ok(None);
                }
                let Some((d, j3)) = self.number(j2 + 1, end, 2) else { return Ok(None) };
                if self.at(j3) != '日' {
                    return Ok(None);
                }
                year = Some(first as i32);
                month = Some(m);
                day = d;
                k = j3 + 1;
            }
            '月' => {
                let Some((d, j2)) = self.number(j + 1, end, 2) else { return Ok(None) };
                if self.at(j2) != '日' {
                    return Ok(None);
                }
                year = None;
                month = Some(first);
                day = d;
                k = j2 + 1;
            }
            '日' => {
                year = None;
                month = None;
                day = first;
                k = j + 1;
            }
            _ => return Ok(None),
        }
        let text = self.string(i..k);
        match (year, month) {
            (Some(y), _) => ctx.explicit_year = Some(y),
            (None, Some(m)) => {
                // A New Year break never includes December of its own year.
                year = Some(if ctx.new_years_item && m == 12 { ctx.year - 1 } else { ctx.explicit_year.unwrap_or(ctx.year) });
            }
            (None, None) => match ctx.last {
                Some(last) => {
                    year = Some(last.year());
                    month = Some(last.month());
                }
                None => return Err(format!("«{}»: a day without its month", text.trim())),
            },
        }
        let (y, m) = (year.unwrap_or(ctx.year), month.unwrap_or(1));
        let Some(date) = NaiveDate::from_ymd_opt(y, m, day) else {
            return Err(format!("«{}»: no such date", text.trim()));
        };
        ctx.last = Some(date);
        // The annotation.
        while k < end && self.at(k) == ' ' {
            k += 1;
        }
        let mut ann = None;
        if k < end && self.at(k) == '(' {
            let close = (k + 1..end).find(|&p| self.at(p) == ')');
            match close {
                Some(c) => {
                    ann = Some((k + 1, c));
                    k = c + 1;
                }
                None => return Err(format!("«{}»: unclosed parenthesis", self.quote(i..end))),
            }
        }
        Ok(Some((DateTok { date, ann }, k)))
    }

    /// The dates and ranges of `r`.
    fn dates(&self, r: Range<usize>, ctx: &mut Ctx) -> std::result::Result<Vec<Tok>, String> {
        let mut out = Vec::new();
        let mut i = r.start;
        while i < r.end {
            let c = self.at(i);
            if c == '(' {
                // A note that follows no date, such as 除夕（2月9日）: not a date of the arrangement.
                i = (i + 1..r.end).find(|&p| self.at(p) == ')').map_or(r.end, |p| p + 1);
                continue;
            }
            if c.is_ascii_digit() && (i == r.start || !self.at(i - 1).is_ascii_digit()) {
                if let Some((a, mut j)) = self.date_at(i, r.end, ctx)? {
                    while j < r.end && self.at(j) == ' ' {
                        j += 1;
                    }
                    if j < r.end && (self.at(j) == '至' || self.at(j) == '-') {
                        if let Some((b, k)) = self.date_at(j + 1, r.end, ctx)? {
                            out.push(Tok::Range(a, b));
                            i = k;
                            continue;
                        }
                    }
                    out.push(Tok::Single(a));
                    i = j;
                    continue;
                }
                while i < r.end && self.at(i).is_ascii_digit() {
                    i += 1;
                }
                continue;
            }
            i += 1;
        }
        Ok(out)
    }

    /// Splits `r` at `seps` outside parentheses.
    fn split(&self, r: Range<usize>, seps: &[char]) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut depth = 0i32;
        let mut start = r.start;
        for i in r.clone() {
            match self.at(i) {
                '(' => depth += 1,
                ')' => depth -= 1,
                c if depth <= 0 && seps.contains(&c) => {
                    out.push(start..i);
                    start = i + 1;
                }
                _ => {}
            }
        }
        out.push(start..r.end);
        out.into_iter().map(|r| self.trim(r)).filter(|r| r.start < r.end).collect()
    }

    /// Checks the annotations of a date or range against the calendar.
    fn check_annotations(&self, tok: &Tok) -> std::result::Result<(), String> {
        let parts = |ann: (usize, usize)| -> Vec<String> {
            self.split(ann.0..ann.1, &[',', '、', ';'])
                .into_iter()
                .map(|r| {
                    let s = self.string(r);
                    s.strip_prefix('即').map(str::to_string).unwrap_or(s)
                })
                .collect()
        };
        let (a, b) = match tok {
            Tok::Single(a) => (a, None),
            Tok::Range(a, b) => (a, Some(b)),
        };
        let mut month = None;
        if let Some(ann) = a.ann {
            for p in parts(ann) {
                if let Some(m) = check_part(a.date, &p, None)? {
                    month = Some(m);
                }
            }
        }
        if let Some(b) = b {
            if let Some(ann) = b.ann {
                for p in parts(ann) {
                    if let Some((x, y)) = p.split_once('至') {
                        // A note on the whole range: 农历除夕至正月初六.
                        let m = check_part(a.date, x, None)?;
                        let m = if x.ends_with("除夕") { Some(1) } else { m };
                        check_part(b.date, y, m)?;
                    } else {
                        check_part(b.date, &p, month)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Reads one sentence of an item or supplementary notice into `body`.
    fn sentence(&self, s: Range<usize>, ctx: &mut Ctx, body: &mut Body, problems: &mut Vec<String>) {
        let quote = self.quote(s.clone());
        let starts = |p: &str| self.string(s.clone()).starts_with(p);
        let (detail, advisory) = (starts("其中"), starts("鼓励"));
        let mut rest: BTreeSet<NaiveDate> = BTreeSet::new();
        let mut extra: Vec<NaiveDate> = Vec::new();
        let mut count: Option<(u32, String)> = None;
        let mut adjoin = false;
        let mut any_dates = false;
        for c in self.split(s.clone(), &[',', ';']) {
            let before = *ctx;
            let toks = match self.dates(c.clone(), ctx) {
                Ok(t) => t,
                Err(msg) => {
                    problems.push(format!("«{quote}»: {msg}"));
                    return;
                }
            };
            any_dates |= !toks.is_empty();
            for t in &toks {
                if let Err(msg) = self.check_annotations(t) {
                    problems.push(format!("«{quote}»: {msg}"));
                }
            }
            if let Some(n) = self.count_in(c.clone()) {
                count = Some((n, self.quote(c.clone())));
            }
            if self.contains(c.clone(), "连休") && (self.contains(c.clone(), "周末") || self.contains(c.clone(), "公休")) {
                adjoin = true;
            }
            if advisory {
                continue;
            }
            let has = |p: &str| self.contains(c.clone(), p);
            // 12月29日（星期六）公休日调至12月31日（星期一）: the weekend day is worked and the
            // weekday is a day of the break.
            if let Some(p) = self.find(c.clone(), "调至") {
                let mut ctx2 = before;
                if let (Ok(from), Ok(to)) = (self.dates(c.start..p, &mut ctx2), self.dates(p..c.end, &mut ctx2)) {
                    for t in from {
                        let Tok::Single(d) = t else { continue };
                        if body.rest.contains(&d.date) {
                            continue; // the festival's own day on a weekend (6月8日（星期日）公休日调至6月9日)
                        }
                        if is_weekend(d.date) {
                            body.swapped.insert(d.date);
                        } else {
                            problems.push(format!(
                                "«{quote}»: {} is moved (调至) but is a {}, not a weekend day",
                                d.date,
                                weekday_zh(d.date.weekday())
                            ));
                        }
                    }
                    for t in to {
                        let Tok::Single(d) = t else { continue };
                        if !body.rest.contains(&d.date) {
                            problems.push(format!("«{quote}»: a day off is moved (调至) to {}, which is not in the break", d.date));
                        }
                    }
                }
                continue;
            }
            if has("上班") {
                if has("正常上班") || has("起") {
                    continue; // 2月3日（星期一）起正常上班: an ordinary working day, checked above
                }
                for t in &toks {
                    match t {
                        Tok::Single(d) if is_weekend(d.date) => {
                            if !body.work.insert(d.date) {
                                problems.push(format!("«{quote}»: make-up working day {} is listed twice", d.date));
                            }
                        }
                        Tok::Single(d) => problems.push(format!(
                            "«{quote}»: make-up working day {} is a {}, not a Saturday or Sunday",
                            d.date,
                            weekday_zh(d.date.weekday())
                        )),
                        Tok::Range(..) => problems.push(format!("«{quote}»: make-up working days are listed one date at a time")),
                    }
                }
            } else if detail || has("照常公休") || has("为公休日") || has("为法定") {
                continue; // 其中，…为法定节假日，…照常公休: explanations, checked above
            } else if has("延长") {
                body.extend_to = toks.last().map(|t| match t {
                    Tok::Single(d) | Tok::Range(_, d) => d.date,
                });
            } else if has("补休") {
                for t in &toks {
                    match t {
                        Tok::Single(d) | Tok::Range(_, d) => extra.push(d.date),
                    }
                }
            } else if has("放假") || has("调休") {
                for t in &toks {
                    let (a, b) = match t {
                        Tok::Single(d) => (d.date, d.date),
                        Tok::Range(a, b) => (a.date, b.date),
                    };
                    if b < a {
                        problems.push(format!("«{quote}»: the range {a}..{b} ends before it starts"));
                    } else if (b - a).num_days() > MAX_RANGE_DAYS {
                        problems.push(format!("«{quote}»: the range {a}..{b} is longer than {MAX_RANGE_DAYS} days"));
                    } else {
                        rest.extend(days_of(a, b));
                    }
                }
            } else if !toks.is_empty() {
                problems.push(format!(
                    "«{quote}»: cannot tell whether «{}» gives days off (放假) or working days (上班)",
                    self.quote(c.clone())
                ));
            }
        }
        if !extra.is_empty() {
            // X放假，Y（星期一）补休: the span from X to Y.
            let all: BTreeSet<NaiveDate> = rest.iter().copied().chain(extra.iter().copied()).collect();
            if let (Some(&a), Some(&b)) = (all.first(), all.last()) {
                if (b - a).num_days() > MAX_RANGE_DAYS {
                    problems.push(format!("«{quote}»: the break {a}..{b} is longer than {MAX_RANGE_DAYS} days"));
                } else {
                    rest.extend(days_of(a, b));
                }
            }
        }
        if let Some((n, clause)) = count {
            if !rest.is_empty() && rest.len() != n as usize {
                let listed = runs(&rest).join(", ");
                problems.push(format!("«{quote}»: «{clause}» but the days listed are {} ({listed})", rest.len()));
            }
        }
        if adjoin {
            if let (Some(&a), Some(&b)) = (rest.first(), rest.last()) {
                body.adjoin.push((a, b, quote.clone()));
            }
        }
        if any_dates {
            body.quotes.push(quote);
        }
        body.rest.extend(rest);
    }

    /// `共N天` or `放假N天` in `r`.
    fn count_in(&self, r: Range<usize>) -> Option<u32> {
        for pat in ["共", "放假"] {
            if let Some(p) = self.find(r.clone(), pat) {
                let start = p + pat.chars().count();
                if let Some((n, e)) = self.number(start, r.end, 3) {
                    if self.at(e) == '天' {
                        return Some(n);
                    }
                }
            }
        }
        None
    }

    /// Splits the text into documents at their titles.
    fn documents(&self) -> Vec<Doc> {
        let lines = self.lines();
        let mut docs: Vec<Doc> = vec![Doc { title: None, lines: Vec::new() }];
        let mut i = 0;
        while i < lines.len() {
            let l = self.trim(lines[i].clone());
            let s = self.string(l.clone());
            if s.starts_with("国务院办公厅关于") || s.starts_with("国务院关于") {
                // The title, over at most 3 lines, ends with 通知.
                let mut norm = String::new();
                let mut orig = String::new();
                let mut j = i;
                while j < lines.len() && j < i + 3 {
                    let lj = self.trim(lines[j].clone());
                    norm.push_str(&self.string(lj.clone()));
                    orig.push_str(&self.quote(lj));
                    j += 1;
                    if norm.ends_with("通知") || norm.contains('。') || norm.contains(':') {
                        break;
                    }
                }
                if norm.ends_with("通知") {
                    let first_empty = docs.len() == 1 && docs[0].title.is_none()
                        && docs[0].lines.iter().all(|r| self.trim(r.clone()).is_empty());
                    if first_empty {
                        docs.clear();
                    }
                    docs.push(Doc { title: Some((norm, orig)), lines: Vec::new() });
                    i = j;
                    continue;
                }
            }
            if let Some(d) = docs.last_mut() {
                d.lines.push(lines[i].clone());
            }
            i += 1;
        }
        // Text before the first title without festival items (a news lead, a file's header
        // comments) is not a notice of its own.
        if docs.len() > 1 && docs[0].title.is_none() && self.items(&docs[0]).is_empty() {
            docs.remove(0);
        }
        docs
    }

    /// `国办发明电〔2025〕7号` in the document.
    fn number_of(&self, doc: &Doc) -> Option<String> {
        for l in &doc.lines {
            for pat in ["国办发明电", "国发明电", "国办发", "国发"] {
                let Some(p) = self.find(l.clone(), pat) else { continue };
                let mut i = p + pat.chars().count();
                let open = self.at(i);
                if !matches!(open, '〔' | '[' | '(' | '【' | '［' | '﹝') {
                    continue;
                }
                let Some((y, j)) = self.number(i + 1, l.end, 4) else { continue };
                if !matches!(self.at(j), '〕' | ']' | ')' | '】' | '］' | '﹞') {
                    continue;
                }
                i = j + 1;
                let Some((n, k)) = self.number(i, l.end, 4) else { continue };
                if self.at(k) == '号' {
                    return Some(format!("{pat}〔{y}〕{n}号"));
                }
            }
        }
        None
    }

    /// The first 4-digit year followed by `年` in `s` after `after` (`关于2027年…`, `现将2027年…`,
    /// `关于延长2020年春节假期…`).
    fn year_after(s: &str, after: &str) -> Option<i32> {
        let rest: Vec<char> = s[s.find(after)? + after.len()..].chars().filter(|c| *c != ' ').collect();
        rest.windows(5).enumerate().find_map(|(i, w)| {
            let digits = w[..4].iter().all(char::is_ascii_digit);
            let alone = i == 0 || !rest.get(i - 1).is_some_and(char::is_ascii_digit);
            (digits && alone && w[4] == '年').then(|| w[..4].iter().collect::<String>().parse().ok()).flatten()
        })
    }

    fn run(&self, year: Option<i32>) -> Result<Notice> {
        let docs = self.documents();
        let yearly: Vec<&Doc> = docs
            .iter()
            .filter(|d| d.title.as_ref().is_none_or(|(t, _)| t.contains("部分节假日安排")))
            .collect();
        let [main] = yearly.as_slice() else {
            let msg = if yearly.is_empty() {
                "no yearly notice (国务院办公厅关于20XX年部分节假日安排的通知) in the text: a supplementary notice is applied on top of its year's notice, pasted before it"
            } else {
                "more than one yearly notice in the text: parse one year at a time"
            };
            return Err(Error::parse(msg).with_field("notice"));
        };
        // The year: the caller's, the title's, the first sentence's (现将2027年…).
        let mut stated: Vec<(i32, String)> = Vec::new();
        if let Some((t, o)) = &main.title {
            if let Some(y) = Self::year_after(t, "关于") {
                stated.push((y, o.clone()));
            }
        }
        for l in &main.lines {
            let s = self.string(l.clone());
            if let Some(y) = Self::year_after(&s, "现将") {
                stated.push((y, self.quote(l.clone())));
                break;
            }
        }
        let year = match (year, stated.first()) {
            (Some(y), _) => y,
            (None, Some((y, _))) => *y,
            (None, None) => {
                return Err(Error::parse(
                    "cannot tell the notice's year: the text has no title (关于20XX年部分节假日安排的通知) nor 现将20XX年…; give the year",
                )
                .with_field("year"))
            }
        };
        if !(1900..=2200).contains(&year) {
            return Err(Error::invalid_input("year", format!("year {year} outside 1900..=2200")));
        }
        if let Some((y, q)) = stated.iter().find(|(y, _)| *y != year) {
            return Err(Error::invalid_input("year", format!("the notice is for {y} («{q}»), not {year}")));
        }
        let number = self.number_of(main);
        let mut problems: Vec<Problem> = Vec::new();
        let mut entries: Vec<Entry> = Vec::new();
        let mut adjoin: Vec<(String, NaiveDate, NaiveDate, String)> = Vec::new();
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        let items = self.items(main);
        if items.is_empty() {
            return Err(Error::parse(
                "no festival arrangement found: expected numbered items such as «一、元旦：1月1日放假，与周末连休。»",
            )
            .with_field("notice"));
        }
        for (idx, (head, names, body_range)) in items.iter().enumerate() {
            let path = format!("items[{idx}]");
            let item_quote = self.quote(head.start..body_range.end);
            let mut msgs = Vec::new();
            let mut festivals: Vec<&str> = Vec::new();
            for n in names {
                match FESTIVALS.iter().find(|(zh, _)| zh == n) {
                    Some((_, id)) => festivals.push(id),
                    None => msgs.push(format!(
                        "unknown festival «{n}» in «{item_quote}» (known: 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节)"
                    )),
                }
            }
            for f in &festivals {
                if let Some(prev) = seen.insert((*f).to_string(), item_quote.clone()) {
                    msgs.push(format!("«{item_quote}»: {f} is listed twice (also in «{prev}»)"));
                }
            }
            let mut ctx = Ctx { year, new_years_item: festivals.contains(&"new_years_day"), last: None, explicit_year: None };
            let mut body = Body::default();
            for s in self.split(body_range.clone(), &['。']) {
                let has_dates = self.dates(s.clone(), &mut Ctx { year, new_years_item: ctx.new_years_item, last: ctx.last, explicit_year: ctx.explicit_year })
                    .map(|t| !t.is_empty())
                    .unwrap_or(true);
                if !has_dates {
                    break; // the item ends at its first sentence without a date
                }
                self.sentence(s, &mut ctx, &mut body, &mut msgs);
            }
            let swapped = std::mem::take(&mut body.swapped);
            body.work.extend(swapped);
            if msgs.is_empty() && body.rest.is_empty() && !festivals.is_empty() {
                msgs.push(format!("«{item_quote}»: no day off (放假) found"));
            }
            for (a, b, q) in body.adjoin.drain(..) {
                adjoin.push((path.clone(), a, b, q));
            }
            for &d in body.work.intersection(&body.rest) {
                msgs.push(format!("«{item_quote}»: {d} is both a holiday and a make-up working day"));
            }
            if msgs.is_empty() {
                for f in &festivals {
                    if let Some(m) = self.festival_day_missing(f, year, &body.rest) {
                        msgs.push(format!("«{item_quote}»: {m}"));
                    }
                }
            }
            if !msgs.is_empty() {
                problems.extend(msgs.into_iter().map(|message| Problem { path: path.clone(), message }));
                continue;
            }
            let source = format!("{}{}", self.quote(head.clone()), body.quotes.join("。") + "。");
            match festivals.as_slice() {
                [f] => entries.push(Entry {
                    festival: (*f).to_string(),
                    rest: body.rest,
                    work: body.work,
                    notice: number.clone(),
                    source,
                }),
                [a, b] if [a, b].contains(&&"mid_autumn_festival") && [a, b].contains(&&"national_day") => {
                    let Some(mid) = lunar::mid_autumn(year) else {
                        problems.push(Problem {
                            path,
                            message: format!("«{item_quote}»: the Mid-Autumn day of {year} is not in the lunar table (1901–2098)"),
                        });
                        continue;
                    };
                    let mut rest = body.rest;
                    rest.remove(&mid);
                    entries.push(Entry {
                        festival: "mid_autumn_festival".into(),
                        rest: BTreeSet::from([mid]),
                        work: BTreeSet::new(),
                        notice: number.clone(),
                        source: source.clone(),
                    });
                    entries.push(Entry { festival: "national_day".into(), rest, work: body.work, notice: number.clone(), source });
                }
                _ => problems.push(Problem {
                    path,
                    message: format!("«{item_quote}»: only 中秋节 and 国庆节 are ever merged into one break"),
                }),
            }
        }
        // Supplementary notices, in order.
        let supplements: Vec<&Doc> =
            docs.iter().filter(|d| d.title.as_ref().is_some_and(|(t, _)| !t.contains("部分节假日安排"))).collect();
        for (k, doc) in supplements.iter().enumerate() {
            let path = format!("supplements[{k}]");
            let mut msgs = Vec::new();
            self.supplement(doc, year, &mut entries, &mut adjoin, &path, &mut msgs);
            problems.extend(msgs.into_iter().map(|message| Problem { path: path.clone(), message }));
        }
        // 与周末连休: the break adjoins a weekend day that is not worked.
        let work: BTreeSet<NaiveDate> = entries.iter().flat_map(|e| e.work.iter().copied()).collect();
        let free_weekend = |d: Option<NaiveDate>| d.is_some_and(|d| is_weekend(d) && !work.contains(&d));
        for (path, a, b, q) in adjoin {
            if !free_weekend(prev_day(a)) && !free_weekend(next_day(b)) {
                problems.push(Problem {
                    path,
                    message: format!("«{q}»: 与周末连休, but {a}..{b} does not adjoin a weekend that is not worked"),
                });
            }
        }
        // A make-up working day another festival gives as a holiday.
        let rest: BTreeMap<NaiveDate, &str> =
            entries.iter().flat_map(|e| e.rest.iter().map(move |d| (*d, e.festival.as_str()))).collect();
        for e in &entries {
            for d in &e.work {
                if let Some(f) = rest.get(d) {
                    problems.push(Problem {
                        path: "notice".into(),
                        message: format!("«{}»: make-up working day {d} is a holiday of {f}", e.source),
                    });
                }
            }
        }
        if !problems.is_empty() {
            return Err(Error::validation("State Council notice", problems));
        }
        entries.sort_by_key(|e| e.rest.first().copied());
        let from = entries
            .iter()
            .flat_map(|e| e.rest.iter().chain(e.work.iter()))
            .map(|d| d.year())
            .min()
            .unwrap_or(year)
            .min(year);
        let title = main.title.as_ref().map(|(_, o)| o.clone());
        let data = CalendarData {
            schema_version: SCHEMA_VERSION,
            name: format!("CN-{year}"),
            base: Some("CN".into()),
            scope: Some(OverlayScope::National),
            description: Some(match (&title, &number) {
                (Some(t), Some(n)) => format!("{t} ({n})"),
                (Some(t), None) => t.clone(),
                (None, Some(n)) => format!("State Council holiday notice for {year} ({n})"),
                (None, None) => format!("State Council holiday notice for {year}"),
            }),
            coverage: Coverage { from, to: year },
            weekmask: None,
            festivals: entries
                .iter()
                .map(|e| FestivalEntry {
                    year,
                    festival: e.festival.clone(),
                    label: None,
                    holidays: runs(&e.rest),
                    workdays: e.work.iter().map(|d| d.to_string()).collect(),
                    notice: e.notice.clone(),
                })
                .collect(),
        };
        data.check([true, true, true, true, true, false, false])?;
        Ok(Notice { year, number, title, data, sources: entries.into_iter().map(|e| e.source).collect() })
    }

    /// The numbered festival items of a yearly notice: (heading, names, body).
    #[allow(clippy::type_complexity)]
    fn items(&self, doc: &Doc) -> Vec<(Range<usize>, Vec<String>, Range<usize>)> {
        const NUMERALS: &str = "一二三四五六七八九十";
        let mut out: Vec<(Range<usize>, Vec<String>, Range<usize>)> = Vec::new();
        for line in &doc.lines {
            let mut marks: Vec<(Range<usize>, Vec<String>, usize)> = Vec::new();
            let mut p = line.start;
            while p < line.end {
                let c = self.at(p);
                let boundary = {
                    let mut q = p;
                    while q > line.start && self.at(q - 1) == ' ' {
                        q -= 1;
                    }
                    q == line.start || self.at(q - 1) == '。'
                };
                if !NUMERALS.contains(c) || !boundary {
                    p += 1;
                    continue;
                }
                let mut q = p;
                while q < line.end && NUMERALS.contains(self.at(q)) {
                    q += 1;
                }
                if self.at(q) != '、' {
                    p = q.max(p + 1);
                    continue;
                }
                let name_start = q + 1;
                let mut e = name_start;
                while e < line.end && e - name_start < 24 {
                    let ch = self.at(e);
                    if ch == ':' || ch == ' ' || ch.is_ascii_digit() || ch == ',' || ch == '。' || ch == '(' {
                        break;
                    }
                    e += 1;
                }
                let mut body = e;
                while body < line.end && self.at(body) == ' ' {
                    body += 1;
                }
                let names: Vec<String> = self
                    .string(name_start..e)
                    .split('、')
                    .map(|n| n.trim_matches(['“', '”', '"', '「', '」', '‘', '’']))
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect();
                let ok = !names.is_empty() && (self.at(body) == ':' || self.at(body).is_ascii_digit());
                if !ok {
                    p = q;
                    continue;
                }
                if self.at(body) == ':' {
                    body += 1;
                }
                marks.push((p..body, names, body));
                p = body;
            }
            for (i, (head, names, body)) in marks.iter().enumerate() {
                let end = marks.get(i + 1).map_or(line.end, |m| m.0.start);
                out.push((head.clone(), names.clone(), *body..end));
            }
        }
        out
    }

    /// The festival a break must contain, when it does not.
    fn festival_day_missing(&self, festival: &str, year: i32, rest: &BTreeSet<NaiveDate>) -> Option<String> {
        let (day, name) = match festival {
            "new_years_day" => (NaiveDate::from_ymd_opt(year, 1, 1), "1月1日"),
            "spring_festival" => (lunar::solar_date(year, 1, 1), "农历正月初一"),
            "labour_day" => (NaiveDate::from_ymd_opt(year, 5, 1), "5月1日"),
            "dragon_boat_festival" => (lunar::solar_date(year, 5, 5), "农历五月初五"),
            "mid_autumn_festival" => (lunar::mid_autumn(year), "农历八月十五"),
            "national_day" => (NaiveDate::from_ymd_opt(year, 10, 1), "10月1日"),
            _ => (None, ""),
        };
        let day = day?;
        (!rest.contains(&day)).then(|| {
            format!("the break {} does not contain {festival}'s day {day} ({name})", runs(rest).join(", "))
        })
    }

    /// Applies a supplementary notice to `entries`.
    fn supplement(
        &self,
        doc: &Doc,
        year: i32,
        entries: &mut Vec<Entry>,
        adjoin: &mut Vec<(String, NaiveDate, NaiveDate, String)>,
        path: &str,
        msgs: &mut Vec<String>,
    ) {
        let Some((title, title_quote)) = &doc.title else { return };
        if let Some(y) = Self::year_after(title, "关于") {
            if y != year {
                msgs.push(format!("«{title_quote}» is about {y}, not {year}"));
                return;
            }
        }
        let festival = if title.contains("纪念日") && title.contains("抗日战争") && title.contains("70周年") {
            Some("anti_fascist_70th")
        } else {
            FESTIVALS.iter().find(|(zh, _)| title.contains(zh)).map(|(_, id)| *id)
        };
        let Some(festival) = festival else {
            msgs.push(format!("«{title_quote}»: cannot tell which festival this supplementary notice arranges"));
            return;
        };
        let number = self.number_of(doc);
        // The body: after the salutation (各省、…：), sentences with dates.
        let start = doc
            .lines
            .iter()
            .position(|l| {
                let s = self.string(self.trim(l.clone()));
                s.starts_with("各省") && s.ends_with(':')
            })
            .map_or(0, |i| i + 1);
        let mut ctx = Ctx { year, new_years_item: festival == "new_years_day", last: None, explicit_year: None };
        let mut body = Body::default();
        for l in doc.lines.iter().skip(start) {
            if !self.contains(l.clone(), "。") {
                continue; // signature, date, number
            }
            for s in self.split(l.clone(), &['。']) {
                self.sentence(s, &mut ctx, &mut body, msgs);
            }
        }
        let swapped = std::mem::take(&mut body.swapped);
        body.work.extend(swapped);
        if let Some(d) = body.rest.iter().chain(&body.work).find(|d| d.year() != year && !(festival == "new_years_day" && d.year() == year - 1)) {
            msgs.push(format!("«{title_quote}» arranges {d}, which is not in {year}"));
        }
        if !msgs.is_empty() {
            return;
        }
        for (a, b, q) in body.adjoin.drain(..) {
            adjoin.push((path.to_string(), a, b, q));
        }
        let source = format!("{title_quote}：{}。", body.quotes.join("。"));
        let existing = entries.iter_mut().find(|e| e.festival == festival);
        match (body.extend_to, existing) {
            (Some(to), Some(e)) => {
                let Some(&last) = e.rest.last() else { return };
                let first = e.rest.first().copied().unwrap_or(last);
                if to <= last || (to - first).num_days() > MAX_RANGE_DAYS {
                    msgs.push(format!("«{}»: {to} does not extend the break {}", body.quotes.join("。"), runs(&e.rest).join(", ")));
                    return;
                }
                e.rest.extend(days_of(first, to));
                e.work.retain(|d| *d < first || *d > to);
                e.notice = number;
                e.source = format!("{} {source}", e.source);
            }
            (Some(_), None) => msgs.push(format!("«{title_quote}» extends {festival}, which the yearly notice does not arrange")),
            (None, _) if body.rest.is_empty() => msgs.push(format!("«{title_quote}»: no day off (放假) found")),
            (None, Some(e)) => {
                e.rest = body.rest;
                e.work = body.work;
                e.notice = number;
                e.source = format!("{} {source}", e.source);
            }
            (None, None) => {
                if let Some(m) = self.festival_day_missing(festival, year, &body.rest) {
                    msgs.push(format!("«{title_quote}»: {m}"));
                    return;
                }
                entries.push(Entry { festival: festival.to_string(), rest: body.rest, work: body.work, notice: number, source });
            }
        }
    }
}
