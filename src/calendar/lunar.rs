//! The Chinese lunisolar calendar 1901–2098, as far as the notice parser needs it: the
//! Gregorian date of a lunar day (正月初一, 八月十五, 除夕 …) and the lunar day of a date.
//!
//! One `u32` per lunar year, generated from two independent libraries that agree on it
//! (`lunardate` 0.3.0, a table, and `lunar-python` 1.4.8, which computes new moons and solar
//! terms); the four years where they disagree (1933, 1954, 1978, 2057) are left out (`0`), and
//! lunar checks are skipped there. Bits 0–12: month lengths in order, leap month included
//! (1 = 30 days, 0 = 29 days); bits 13–16: the leap month (0 = none); bits 17–22: the day of
//! the Gregorian year (0 = January 1) on which 正月初一 falls.

use chrono::{Datelike, NaiveDate};

/// First lunar year of [`YEARS`].
const FIRST: i32 = 1901;

#[rustfmt::skip]
const YEARS: [u32; 198] = [
    0x620752, 0x4c0ea5, 0x38b64a, 0x5c064b, 0x440a9b, 0x309556, 0x56056a, 0x400b59,
    0x2a5752, 0x500752, 0x3adb25, 0x600b25, 0x480a4b, 0x32b4ab, 0x5802ad, 0x42056b,
    0x2c4b69, 0x520da9, 0x3efd92, 0x640e92, 0x4c0d25, 0x36ba4d, 0x5c0a56, 0x4602b6,
    0x2e95b5, 0x5606d4, 0x400ea9, 0x2c5e92, 0x500e92, 0x3acd26, 0x5e052b, 0x480a57,
    0x000000, 0x580b5a, 0x4406d4, 0x2e6ec9, 0x520749, 0x3cf693, 0x620a93, 0x4c052b,
    0x34ca5b, 0x5a0aad, 0x46056a, 0x309b55, 0x560ba4, 0x400b49, 0x2a5a93, 0x500a95,
    0x38f52d, 0x5e0536, 0x480aad, 0x34b5aa, 0x5805b2, 0x000000, 0x2e7d4a, 0x540d4a,
    0x3d0a95, 0x600a97, 0x4c0556, 0x36cab5, 0x5a0ad5, 0x4606d2, 0x308ea5, 0x560ea5,
    0x40064a, 0x286c97, 0x4e0a9b, 0x3af55a, 0x5e056a, 0x480b69, 0x34b752, 0x5a0b52,
    0x420b25, 0x2c964b, 0x520a4b, 0x3d14ab, 0x6002ad, 0x000000, 0x36cb69, 0x5c0da9,
    0x460d92, 0x309d25, 0x560d25, 0x415a4d, 0x640a56, 0x4e02b6, 0x38c5b5, 0x5e06d5,
    0x480ea9, 0x34be92, 0x5a0e92, 0x440d26, 0x2c6a56, 0x500a57, 0x3d14d6, 0x62035a,
    0x4a06d5, 0x36b6c9, 0x5c0749, 0x460693, 0x2e952b, 0x54052b, 0x3e0a5b, 0x2a555a,
    0x4e056a, 0x38fb55, 0x600ba4, 0x4a0b49, 0x32ba93, 0x580a95, 0x42052d, 0x2c8aad,
    0x500ab5, 0x3d35aa, 0x6205d2, 0x4c0da5, 0x36dd4a, 0x5c0d4a, 0x460c95, 0x30952e,
    0x540556, 0x3e0ab5, 0x2a55b2, 0x5006d2, 0x38cea5, 0x5e0725, 0x48064b, 0x32ac97,
    0x560cab, 0x42055a, 0x2c6ad6, 0x520b69, 0x3d7752, 0x620b52, 0x4c0b25, 0x36da4b,
    0x5a0a4b, 0x4404ab, 0x2ea55b, 0x5405ad, 0x3e0b6a, 0x2a5b52, 0x500d92, 0x3afd25,
    0x5e0d25, 0x480a55, 0x32b4ad, 0x5804b6, 0x4005b5, 0x2c6daa, 0x520ec9, 0x3f1e92,
    0x620e92, 0x4c0d26, 0x36ca56, 0x5a0a57, 0x000000, 0x2e86d5, 0x540755, 0x400749,
    0x286e93, 0x4e0693, 0x38f52b, 0x5e052b, 0x460a5b, 0x32b55a, 0x58056a, 0x420b65,
    0x2c974a, 0x520b4a, 0x3d1a95, 0x620a95, 0x4a052d, 0x34caad, 0x5a0ab5, 0x4605aa,
    0x2e8ba5, 0x540da5, 0x400d4a, 0x2a7c95, 0x4e0c96, 0x38f94e, 0x5e0556, 0x480ab5,
    0x32b5b2, 0x5806d2, 0x420ea5, 0x2e8e4a, 0x50068b, 0x3b0c97, 0x6004ab, 0x4a055b,
    0x34cad6, 0x5a0b6a, 0x460752, 0x309725, 0x540b45, 0x3e0a8b,
];

/// One lunar year: its first day and its months (number, leap, length) in order.
struct LunarYear {
    new_year: NaiveDate,
    months: Vec<(u32, bool, i64)>,
}

fn lunar_year(year: i32) -> Option<LunarYear> {
    let i = usize::try_from(year.checked_sub(FIRST)?).ok()?;
    let v = *YEARS.get(i)?;
    if v == 0 {
        return None;
    }
    let leap = (v >> 13) & 0xf;
    let offset = (v >> 17) & 0x3f;
    let new_year = NaiveDate::from_ymd_opt(year, 1, 1)?.checked_add_days(chrono::Days::new(u64::from(offset)))?;
    let count = if leap == 0 { 12 } else { 13 };
    let mut months = Vec::with_capacity(count);
    let mut number = 1;
    for bit in 0..count {
        let len = if v & (1 << bit) != 0 { 30 } else { 29 };
        let is_leap = leap != 0 && bit as u32 == leap;
        if is_leap {
            months.push((leap, true, len));
        } else {
            months.push((number, false, len));
            number += 1;
        }
    }
    Some(LunarYear { new_year, months })
}

/// A day of the lunar calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct LunarDay {
    pub month: u32,
    pub leap: bool,
    pub day: u32,
    /// The last day of the lunar year (除夕).
    pub new_years_eve: bool,
}

/// The lunar day of `date`, or `None` outside the table.
pub(crate) fn lunar_day(date: NaiveDate) -> Option<LunarDay> {
    let mut year = date.year();
    let mut ly = lunar_year(year)?;
    if date < ly.new_year {
        year -= 1;
        ly = lunar_year(year)?;
    }
    let mut start = ly.new_year;
    let last = ly.months.len().checked_sub(1)?;
    for (i, &(month, leap, len)) in ly.months.iter().enumerate() {
        let off = (date - start).num_days();
        if off < len {
            let day = u32::try_from(off).ok()? + 1;
            return Some(LunarDay { month, leap, day, new_years_eve: i == last && off == len - 1 });
        }
        start = start.checked_add_days(chrono::Days::new(u64::try_from(len).ok()?))?;
    }
    None
}

/// The Gregorian date of day `day` of month `month` (not leap) of lunar year `year`.
pub(crate) fn solar_date(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    let ly = lunar_year(year)?;
    let mut start = ly.new_year;
    for &(m, leap, len) in &ly.months {
        if m == month && !leap {
            if i64::from(day) > len || day == 0 {
                return None;
            }
            return start.checked_add_days(chrono::Days::new(u64::from(day - 1)));
        }
        start = start.checked_add_days(chrono::Days::new(u64::try_from(len).ok()?))?;
    }
    None
}

/// 中秋节 (八月十五) of `year`.
pub(crate) fn mid_autumn(year: i32) -> Option<NaiveDate> {
    solar_date(year, 8, 15)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn festival_days_match_the_compat_tables() {
        // Spring Festival, Dragon Boat and Mid-Autumn 2008–2026, as in python/jiesu/compat.
        let cny = [
            (2008, 2, 7),
            (2009, 1, 26),
            (2010, 2, 14),
            (2011, 2, 3),
            (2012, 1, 23),
            (2013, 2, 10),
            (2014, 1, 31),
            (2015, 2, 19),
            (2016, 2, 8),
            (2017, 1, 28),
            (2018, 2, 16),
            (2019, 2, 5),
            (2020, 1, 25),
            (2021, 2, 12),
            (2022, 2, 1),
            (2023, 1, 22),
            (2024, 2, 10),
            (2025, 1, 29),
            (2026, 2, 17),
        ];
        for (y, m, dd) in cny {
            assert_eq!(solar_date(y, 1, 1), Some(d(y, m, dd)), "{y}");
        }
        let mid = [(2008, 9, 14), (2009, 10, 3), (2012, 9, 30), (2017, 10, 4), (2020, 10, 1), (2023, 9, 29), (2025, 10, 6), (2026, 9, 25)];
        for (y, m, dd) in mid {
            assert_eq!(mid_autumn(y), Some(d(y, m, dd)), "{y}");
        }
        assert_eq!(solar_date(2025, 5, 5), Some(d(2025, 5, 31)));
        assert_eq!(mid_autumn(2028), Some(d(2028, 10, 3)));
    }

    #[test]
    fn lunar_days_of_notice_annotations() {
        // 2026: 2月15日（农历腊月二十八）, 2月23日（农历正月初七）; 2025: 1月28日（农历除夕）.
        assert_eq!(lunar_day(d(2026, 2, 15)), Some(LunarDay { month: 12, leap: false, day: 28, new_years_eve: false }));
        assert_eq!(lunar_day(d(2026, 2, 23)).map(|l| (l.month, l.day)), Some((1, 7)));
        assert!(lunar_day(d(2025, 1, 28)).unwrap().new_years_eve);
        assert!(lunar_day(d(2026, 2, 16)).unwrap().new_years_eve);
        // A leap month: 2023 has 闰二月 (2023-03-22 is its first day).
        assert_eq!(lunar_day(d(2023, 3, 22)), Some(LunarDay { month: 2, leap: true, day: 1, new_years_eve: false }));
        assert_eq!(lunar_day(d(1800, 1, 1)), None);
        assert_eq!(lunar_day(d(1933, 6, 1)), None);
        assert_eq!(mid_autumn(2099), None);
    }
}
