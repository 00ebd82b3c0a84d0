//! Days: what kind a date is, and working-day arithmetic over the per-day tables (numpy's
//! `busday_offset` / `busday_count` semantics), in O(1) per call.

use super::*;

impl Calendar {
    /// The kind of `date`.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// use jiesu::calendar::{Calendar, DayKind};
    /// let cal = Calendar::cn();
    /// assert_eq!(cal.day_kind(NaiveDate::from_ymd_opt(2026, 2, 28).unwrap())?, DayKind::MakeupWorkday);
    /// assert_eq!(cal.day_kind(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap())?, DayKind::Weekend);
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn day_kind(&self, date: NaiveDate) -> Result<DayKind> {
        self.kind_of(epoch_day(date))
    }

    /// The kind of `date` with its festival.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// use jiesu::calendar::{Calendar, DayKind};
    /// let cal = Calendar::cn();
    /// let day = cal.day(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())?;
    /// assert_eq!((day.kind, day.festival), (DayKind::Holiday, Some("new_years_day")));
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn day(&self, date: NaiveDate) -> Result<Day<'_>> {
        let d = epoch_day(date);
        let kind = self.kind_of(d)?;
        let i = d - self.t.start;
        let festival =
            if (0..self.t.kinds.len() as i64).contains(&i) { self.t.festivals.get(self.t.festival_of[i as usize] as usize).map(String::as_str) } else { None };
        Ok(Day { date, kind, festival })
    }

    /// Every marked day (holidays and make-up working days) in `[from, to]`, in order.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// let cal = jiesu::calendar::Calendar::cn();
    /// let d = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    /// let days = cal.marked_days(d(5, 1), d(5, 31));
    /// assert_eq!(days.len(), 6); // 1–5 May off, 9 May worked
    /// ```
    pub fn marked_days(&self, from: NaiveDate, to: NaiveDate) -> Vec<Day<'_>> {
        if from > to {
            return Vec::new();
        }
        self.t
            .marks
            .range(from..=to)
            .map(|(date, (mark, f))| Day {
                date: *date,
                kind: match mark {
                    Mark::Holiday => DayKind::Holiday,
                    Mark::Workday => DayKind::MakeupWorkday,
                },
                festival: self.t.festivals.get(*f as usize).map(String::as_str),
            })
            .collect()
    }

    /// Whether `date` is a working day.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// assert!(jiesu::calendar::Calendar::cn().is_workday(NaiveDate::from_ymd_opt(2026, 10, 10).unwrap())?);
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn is_workday(&self, date: NaiveDate) -> Result<bool> {
        self.is_workday_epoch(epoch_day(date))
    }

    /// [`is_workday`](Calendar::is_workday) on an epoch day (days since 1970-01-01).
    ///
    /// # Example
    /// ```
    /// // 2026-10-10 is day 20 736.
    /// assert!(jiesu::calendar::Calendar::cn().is_workday_epoch(20_736)?);
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    #[inline]
    pub fn is_workday_epoch(&self, day: i64) -> Result<bool> {
        Ok(self.kind_of(day)?.is_workday())
    }

    /// For `n >= 1` the `n`-th working day strictly after `date`; for `n <= -1` the `|n|`-th
    /// working day strictly before; for `n == 0`, `date` itself.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// let cal = jiesu::calendar::Calendar::cn();
    /// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// assert_eq!(cal.add_working_days(d(2026, 9, 30), 5)?, d(2026, 10, 13));
    /// assert_eq!(cal.add_working_days(d(2026, 10, 13), -5)?, d(2026, 9, 30));
    /// assert!(cal.add_working_days(d(2026, 12, 25), 5).unwrap_err().is_coverage());
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn add_working_days(&self, date: NaiveDate, n: i64) -> Result<NaiveDate> {
        date_from_epoch_day(self.add_working_days_epoch(epoch_day(date), n)?)
    }

    /// [`add_working_days`](Calendar::add_working_days) on epoch days.
    ///
    /// # Example
    /// ```
    /// let cal = jiesu::calendar::Calendar::cn();
    /// assert_eq!(cal.add_working_days_epoch(20_726, 5)?, 20_739); // 2026-09-30 → 2026-10-13
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    #[inline]
    pub fn add_working_days_epoch(&self, day: i64, n: i64) -> Result<i64> {
        // Fast path: the date and the result inside the table — two loads.
        let i = day.wrapping_sub(self.t.days.start);
        if (i as u64) < (self.t.days.len as u64) && n != 0 && (-MAX_DAY_OFFSET..=MAX_DAY_OFFSET).contains(&n) {
            let p = &self.t.days.prefix;
            // Index of the target among the table's working days.
            // Branch-free on the sign of n: after the date for n > 0, before it for n < 0.
            let pos = (n > 0) as usize;
            let k = p[i as usize + pos] as i64 + n - pos as i64;
            if (k as u64) < (self.t.units.len() as u64) {
                return Ok(self.t.days.start + self.t.units[k as usize] as i64);
            }
        }
        check_day("date", day)?;
        if n == 0 {
            return Ok(day);
        }
        if !(-MAX_DAY_OFFSET..=MAX_DAY_OFFSET).contains(&n) {
            return Err(Error::invalid_input("n", format!("offset {n} is out of range (|n| <= {MAX_DAY_OFFSET})")));
        }
        if n > 0 {
            let g = self.g_days(day.checked_add(1).ok_or_else(|| Error::invalid_input("date", "date out of range"))?)?;
            self.find_day(g + n)
        } else {
            let g = self.g_days(day)?;
            self.find_day(g + n + 1)
        }
    }

    /// `numpy.busday_offset` with this calendar: roll `date` to a working day by `roll`, then
    /// move `n` working days.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// use jiesu::calendar::{Calendar, Roll};
    /// let cal = Calendar::cn();
    /// let d = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    /// assert_eq!(cal.busday_offset(d(10, 1), 0, Roll::Forward)?, d(10, 8));
    /// assert_eq!(cal.busday_offset(d(10, 1), 0, Roll::Backward)?, d(9, 30));
    /// assert!(cal.busday_offset(d(10, 1), 0, Roll::Raise).unwrap_err().is_invalid_input());
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn busday_offset(&self, date: NaiveDate, n: i64, roll: Roll) -> Result<NaiveDate> {
        date_from_epoch_day(self.busday_offset_epoch(epoch_day(date), n, roll)?)
    }

    /// [`busday_offset`](Calendar::busday_offset) on epoch days.
    ///
    /// # Example
    /// ```
    /// use jiesu::calendar::{Calendar, Roll};
    /// assert_eq!(Calendar::cn().busday_offset_epoch(20_726, 5, Roll::Raise)?, 20_739);
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    #[inline]
    pub fn busday_offset_epoch(&self, day: i64, n: i64, roll: Roll) -> Result<i64> {
        // Fast path inside the table: with p = prefix, the rolled date's index among working
        // days is p[i] forward (whether or not day i is worked) and p[i + 1] - 1 backward.
        let i = day.wrapping_sub(self.t.days.start);
        if (i as u64) < (self.t.days.len as u64) && (-MAX_DAY_OFFSET..=MAX_DAY_OFFSET).contains(&n) {
            let p = &self.t.days.prefix;
            let i = i as usize;
            let base = match roll {
                Roll::Forward | Roll::Following => Some(p[i] as i64),
                Roll::Backward | Roll::Preceding => Some(p[i + 1] as i64 - 1),
                _ if p[i + 1] != p[i] => Some(p[i] as i64),
                Roll::Raise => None,
                Roll::ModifiedFollowing | Roll::ModifiedPreceding => {
                    // Not a working day: next is index p[i], previous p[i] - 1; keep the one in
                    // the same month (following first for ModifiedFollowing).
                    let (next, prev) = (p[i] as i64, p[i] as i64 - 1);
                    let in_month =
                        |k: i64| (k as u64) < (self.t.units.len() as u64) && year_month(self.t.days.start + self.t.units[k as usize] as i64) == year_month(day);
                    let (first, second) = if roll == Roll::ModifiedFollowing { (next, prev) } else { (prev, next) };
                    if in_month(first) {
                        Some(first)
                    } else if (second as u64) < (self.t.units.len() as u64) && (first as u64) < (self.t.units.len() as u64) {
                        Some(second)
                    } else {
                        None
                    }
                }
            };
            if let Some(b) = base {
                let k = b + n;
                if (k as u64) < (self.t.units.len() as u64) {
                    return Ok(self.t.days.start + self.t.units[k as usize] as i64);
                }
            }
        }
        let start = if self.is_workday_epoch(day)? { day } else { self.roll_epoch(day, roll)? };
        self.add_working_days_epoch(start, n)
    }

    #[cold]
    fn roll_epoch(&self, day: i64, roll: Roll) -> Result<i64> {
        let month = |d: i64| -> Result<(i64, u32)> { Ok(year_month(d)) };
        Ok(match roll {
            Roll::Raise => return Err(Error::invalid_input("date", format!("non-business day date in busday_offset: {}", date_from_epoch_day(day)?))),
            Roll::Forward | Roll::Following => self.add_working_days_epoch(day, 1)?,
            Roll::Backward | Roll::Preceding => self.add_working_days_epoch(day, -1)?,
            Roll::ModifiedFollowing => {
                let f = self.add_working_days_epoch(day, 1)?;
                if month(f)? != month(day)? {
                    self.add_working_days_epoch(day, -1)?
                } else {
                    f
                }
            }
            Roll::ModifiedPreceding => {
                let p = self.add_working_days_epoch(day, -1)?;
                if month(p)? != month(day)? {
                    self.add_working_days_epoch(day, 1)?
                } else {
                    p
                }
            }
        })
    }

    /// `numpy.busday_count`: working days in `[begin, end)`; when `end < begin`, minus the
    /// working days in `(end, begin]` (numpy ≥ 1.25).
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// let cal = jiesu::calendar::Calendar::cn();
    /// let d = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    /// assert_eq!(cal.busday_count(d(9, 30), d(10, 14))?, 6);
    /// assert_eq!(cal.busday_count(d(10, 14), d(9, 30))?, -6); // (09-30, 10-14]
    /// assert_eq!(cal.busday_count(d(10, 13), d(9, 30))?, -5); // (09-30, 10-13]
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn busday_count(&self, begin: NaiveDate, end: NaiveDate) -> Result<i64> {
        self.busday_count_epoch(epoch_day(begin), epoch_day(end))
    }

    /// [`busday_count`](Calendar::busday_count) on epoch days.
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::calendar::Calendar::cn().busday_count_epoch(20_726, 20_740)?, 6);
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    #[inline]
    pub fn busday_count_epoch(&self, begin: i64, end: i64) -> Result<i64> {
        // numpy (≥ 1.25): [begin, end) when end >= begin, else minus the count of (end, begin].
        let (a, b, sign) = if end >= begin { (begin, end, 1) } else { (end.wrapping_add(1), begin.wrapping_add(1), -1) };
        let (lo, hi) = (a.wrapping_sub(self.t.days.start), b.wrapping_sub(self.t.days.start));
        if (lo as u64) <= (self.t.days.len as u64) && (hi as u64) <= (self.t.days.len as u64) {
            return Ok(sign * (self.t.days.prefix[hi as usize] as i64 - self.t.days.prefix[lo as usize] as i64));
        }
        check_day("begin", begin)?;
        check_day("end", end)?;
        if begin == end {
            return Ok(0);
        }
        Ok(sign * (self.g_days(b)? - self.g_days(a)?))
    }
}

/// (year, month) of an epoch day, by Howard Hinnant's `civil_from_days` (no table, no loop).
#[inline]
pub(super) fn year_month(day: i64) -> (i64, u32) {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + (m <= 2) as i64;
    (y, m)
}
