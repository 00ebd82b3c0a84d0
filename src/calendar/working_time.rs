//! Working time: seconds of business hours between two instants, and an instant plus working
//! time, over the cumulative table of working seconds.

use super::*;

impl Calendar {
    /// Working time from `a` to `b` over business hours (negative when `b < a`).
    ///
    /// # Example
    /// ```
    /// use chrono::{DateTime, TimeDelta};
    /// let cal = jiesu::calendar::Calendar::cn();
    /// let t = |s| DateTime::parse_from_rfc3339(s).unwrap();
    /// // Friday 16:00 to Monday 10:00: 2 h on Friday, 1 h on Monday.
    /// assert_eq!(cal.working_time_between(t("2026-03-06T16:00:00+08:00"), t("2026-03-09T10:00:00+08:00"))?, TimeDelta::hours(3));
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn working_time_between<A: TimeZone, B: TimeZone>(&self, a: DateTime<A>, b: DateTime<B>) -> Result<TimeDelta> {
        let secs = self.working_seconds_between(a.timestamp(), b.timestamp())?;
        Ok(TimeDelta::seconds(secs))
    }

    /// [`working_time_between`](Calendar::working_time_between) on Unix seconds.
    ///
    /// # Example
    /// ```
    /// let cal = jiesu::calendar::Calendar::cn();
    /// // 2026-03-09 09:00 to 12:00 CST.
    /// assert_eq!(cal.working_seconds_between(1_773_018_000, 1_773_028_800)?, 10_800);
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn working_seconds_between(&self, a: i64, b: i64) -> Result<i64> {
        Ok(self.wt(b)? - self.wt(a)?)
    }

    /// Working-time prefix of an instant (Unix seconds).
    fn wt(&self, t: i64) -> Result<i64> {
        check_instant("instant", t)?;
        let local = t.checked_add(CST_OFFSET_SECONDS as i64).ok_or_else(|| Error::invalid_input("instant", "out of range"))?;
        let day = local.div_euclid(86_400);
        let sod = local.rem_euclid(86_400);
        if self.strict() && !(self.t.start..=self.t.secs.end()).contains(&day) {
            return Err(self.coverage_error(day));
        }
        let base = self.t.secs.g(day);
        if sod == 0 {
            return Ok(base);
        }
        if self.strict() && !self.covers_day(day) {
            return Err(self.coverage_error(day));
        }
        Ok(base + hours::seconds_before(self.schedule(day)?, sod))
    }

    fn schedule(&self, day: i64) -> Result<&[Session]> {
        Ok(match self.kind_of(day)? {
            DayKind::Workday => &self.t.schedules[weekday(day)],
            DayKind::MakeupWorkday => &self.t.schedules[7],
            _ => &[],
        })
    }

    /// The earliest instant at which `duration` of working time has passed since `t`
    /// (`t` itself for a zero duration). Negative durations are refused.
    ///
    /// # Example
    /// ```
    /// use chrono::{DateTime, TimeDelta};
    /// let cal = jiesu::calendar::Calendar::cn();
    /// let t = DateTime::parse_from_rfc3339("2026-02-13T16:00:00+08:00").unwrap();
    /// // 2 h left on Friday, then Saturday 2026-02-14 is a make-up working day.
    /// let due = cal.add_working_time(t, TimeDelta::hours(4))?;
    /// assert_eq!(due.to_rfc3339(), "2026-02-14T11:00:00+08:00");
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn add_working_time<Tz: TimeZone>(&self, t: DateTime<Tz>, duration: TimeDelta) -> Result<DateTime<FixedOffset>> {
        instant_from_unix(self.add_working_seconds(t.timestamp(), duration.num_seconds())?)
    }

    /// [`add_working_time`](Calendar::add_working_time) on Unix seconds.
    ///
    /// # Example
    /// ```
    /// let cal = jiesu::calendar::Calendar::cn();
    /// // Monday 2026-03-09 09:00 CST + 3 h → 12:00 (the end of the morning session).
    /// assert_eq!(cal.add_working_seconds(1_773_018_000, 10_800)?, 1_773_028_800);
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn add_working_seconds(&self, t: i64, secs: i64) -> Result<i64> {
        if !(0..=MAX_WORKING_SECONDS).contains(&secs) {
            return Err(Error::invalid_input("duration", format!("working duration {secs} s is out of range (0..={MAX_WORKING_SECONDS})")));
        }
        if secs == 0 {
            return Ok(t);
        }
        let target = self.wt(t)? + secs;
        let day = self.t.secs.find(target).ok_or_else(|| Error::invalid_input("duration", "no working time"))?;
        if self.strict() && !self.covers_day(day) {
            return Err(self.coverage_error(day));
        }
        let r = target - self.t.secs.g(day);
        let sod = hours::instant_after(self.schedule(day)?, r);
        day.checked_mul(86_400)
            .and_then(|x| x.checked_add(sod - CST_OFFSET_SECONDS as i64))
            .ok_or_else(|| Error::invalid_input("duration", "result out of range"))
            .and_then(result_instant)
    }

    /// The end of the last business-hours session of `date` (close of business), or `None`
    /// when the day has no business hours.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// let cal = jiesu::calendar::Calendar::cn();
    /// let t = cal.close_of_business(NaiveDate::from_ymd_opt(2026, 2, 14).unwrap())?.unwrap();
    /// assert_eq!(t.to_rfc3339(), "2026-02-14T18:00:00+08:00");
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn close_of_business(&self, date: NaiveDate) -> Result<Option<DateTime<FixedOffset>>> {
        let day = epoch_day(date);
        match self.schedule(day)?.last() {
            None => Ok(None),
            Some(s) => instant_from_unix(day * 86_400 + s.end as i64 - CST_OFFSET_SECONDS as i64).map(Some),
        }
    }
}
