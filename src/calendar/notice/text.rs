//! Reading the notice's text: the normalized characters, dates with their annotations
//! (weekdays, lunar days), and the checks of each annotation against its date.

use std::collections::BTreeSet;
use std::ops::Range;

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::*;

/// The text, as given (for quotes) and normalized one character for one (for reading).
pub(super) struct Parser {
    pub(super) orig: Vec<char>,
    pub(super) norm: Vec<char>,
}

/// A date read from the text.
#[derive(Clone, Copy)]
pub(super) struct DateTok {
    pub(super) date: NaiveDate,
    /// The annotation inside the parentheses that follow the date.
    pub(super) ann: Option<(usize, usize)>,
}

#[derive(Clone, Copy)]
pub(super) enum Tok {
    Single(DateTok),
    Range(DateTok, DateTok),
}

/// Where bare months and days take their year and month from.
#[derive(Clone, Copy)]
pub(super) struct Ctx {
    pub(super) year: i32,
    pub(super) new_years_item: bool,
    pub(super) last: Option<NaiveDate>,
    /// The year of the last date written with its year (`2015年9月3日`).
    pub(super) explicit_year: Option<i32>,
}

/// What the sentences of one item (or supplementary notice) say.
#[derive(Default)]
pub(super) struct Body {
    pub(super) rest: BTreeSet<NaiveDate>,
    pub(super) work: BTreeSet<NaiveDate>,
    /// Weekend days moved to a weekday of the break (`12月29日（星期六）公休日调至12月31日`):
    /// worked, whether or not a `上班` sentence repeats them.
    pub(super) swapped: BTreeSet<NaiveDate>,
    pub(super) extend_to: Option<NaiveDate>,
    pub(super) quotes: Vec<String>,
    /// `与周末连休`: first and last day of the break, and the sentence.
    pub(super) adjoin: Vec<(NaiveDate, NaiveDate, String)>,
}

/// One festival's arrangement being built.
pub(super) struct Entry {
    pub(super) festival: String,
    pub(super) rest: BTreeSet<NaiveDate>,
    pub(super) work: BTreeSet<NaiveDate>,
    pub(super) notice: Option<String>,
    pub(super) source: String,
}

pub(super) struct Doc {
    pub(super) title: Option<(String, String)>,
    pub(super) lines: Vec<Range<usize>>,
}

pub(super) fn normalize(c: char) -> char {
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

pub(super) fn weekday_zh(w: Weekday) -> &'static str {
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

pub(super) fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

pub(super) fn next_day(d: NaiveDate) -> Option<NaiveDate> {
    d.checked_add_days(Days::new(1))
}

pub(super) fn prev_day(d: NaiveDate) -> Option<NaiveDate> {
    d.checked_sub_days(Days::new(1))
}

/// The days of `a..=b` (at most [`MAX_RANGE_DAYS`] + 1).
pub(super) fn days_of(a: NaiveDate, b: NaiveDate) -> Vec<NaiveDate> {
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
pub(super) fn runs(days: &BTreeSet<NaiveDate>) -> Vec<String> {
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

pub(super) fn chinese_digit(c: char) -> Option<u32> {
    "〇一二三四五六七八九".chars().position(|x| x == c).and_then(|p| u32::try_from(p).ok())
}

/// 初一 … 初十, 十一 … 十九, 二十, 廿一 … 廿九, 二十一 … 二十九, 三十.
pub(super) fn lunar_day_number(s: &str) -> Option<u32> {
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
pub(super) fn lunar_month_prefix(s: &str) -> Option<(u32, &str)> {
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
    NAMES.iter().filter(|(n, _)| s.starts_with(n)).max_by_key(|(n, _)| n.len()).map(|(n, m)| (*m, &s[n.len()..]))
}

/// What a lunar annotation says about a day.
pub(super) enum LunarSpec {
    Day { month: Option<u32>, leap: bool, day: u32 },
    Eve,
}

pub(super) fn parse_lunar(s: &str) -> Option<LunarSpec> {
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

pub(super) fn weekday_of(s: &str) -> Option<Weekday> {
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
pub(super) fn check_part(date: NaiveDate, part: &str, month: Option<u32>) -> std::result::Result<Option<u32>, String> {
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
                Err(format!("{date} is 农历{}{}月{}, not {part}", if l.leap { "闰" } else { "" }, l.month, l.day))
            } else {
                Ok(Some(l.month))
            }
        }
    }
}

impl Parser {
    pub(super) fn new(text: &str) -> Parser {
        let orig: Vec<char> = text.chars().collect();
        let norm = orig.iter().map(|&c| normalize(c)).collect();
        Parser { orig, norm }
    }

    pub(super) fn at(&self, i: usize) -> char {
        self.norm.get(i).copied().unwrap_or('\0')
    }

    pub(super) fn slice(&self, r: Range<usize>) -> &[char] {
        self.norm.get(r).unwrap_or(&[])
    }

    pub(super) fn string(&self, r: Range<usize>) -> String {
        self.slice(r).iter().collect()
    }

    /// The original text of `r`, trimmed, on one line.
    pub(super) fn quote(&self, r: Range<usize>) -> String {
        let s: String = self.orig.get(r).unwrap_or(&[]).iter().collect();
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    pub(super) fn find(&self, r: Range<usize>, pat: &str) -> Option<usize> {
        let p: Vec<char> = pat.chars().collect();
        let hay = self.slice(r.clone());
        hay.windows(p.len()).position(|w| w == p.as_slice()).map(|i| r.start + i)
    }

    pub(super) fn contains(&self, r: Range<usize>, pat: &str) -> bool {
        self.find(r, pat).is_some()
    }

    pub(super) fn trim(&self, mut r: Range<usize>) -> Range<usize> {
        while r.start < r.end && self.at(r.start).is_whitespace() {
            r.start += 1;
        }
        while r.end > r.start && self.at(r.end - 1).is_whitespace() {
            r.end -= 1;
        }
        r
    }

    pub(super) fn lines(&self) -> Vec<Range<usize>> {
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
    pub(super) fn number(&self, mut i: usize, end: usize, max_digits: usize) -> Option<(u32, usize)> {
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
    pub(super) fn date_at(&self, i: usize, end: usize, ctx: &mut Ctx) -> std::result::Result<Option<(DateTok, usize)>, String> {
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
    pub(super) fn dates(&self, r: Range<usize>, ctx: &mut Ctx) -> std::result::Result<Vec<Tok>, String> {
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
    pub(super) fn split(&self, r: Range<usize>, seps: &[char]) -> Vec<Range<usize>> {
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
    pub(super) fn check_annotations(&self, tok: &Tok) -> std::result::Result<(), String> {
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
}
