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
//! split: the Mid-Autumn day (八月十五, from the lunar table of [`lunar`]) under
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
            return Err(Error::new(ErrorKind::LimitExceeded, format!("notice text of {} bytes is over the limit of {MAX_NOTICE_BYTES} bytes", text.len()))
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
                    format!("the notice's New Year break starts in {from}, which calendar {:?} does not cover: load {from} first", self.name()),
                ));
            }
        }
        self.with_overlay(&data)
    }
}

mod assemble;
mod read;
mod text;

use text::Parser;
