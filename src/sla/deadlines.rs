//! The computation of a ticket's deadlines: the dispatch day's parts, each clock's due and
//! warning instants, limits in working days or in calendar days (民法典 第二百零三条).

use super::*;

impl SlaPolicy {
    /// The deadlines of a ticket dispatched at `dispatched_at` (any offset; converted to CST).
    ///
    /// Fails with a coverage error when a deadline needs a year the calendar does not cover
    /// (strict policy), with a validation error for an input the policy refuses (a statutory
    /// class without its limit, a complex limit outside 10–15 days).
    ///
    /// # Example
    /// ```
    /// use chrono::DateTime;
    /// use jiesu::{calendar::Calendar, sla::*};
    /// let cal = Calendar::cn();
    /// let t = DateTime::parse_from_rfc3339("2025-12-31T09:00:00+08:00").unwrap();
    /// let d = SlaPolicy::default().deadlines(&cal, t, &SlaInput::default())?;
    /// // 2026-01-04 is a make-up Sunday.
    /// assert_eq!(d.get(Clock::Completion).unwrap().due_at.to_rfc3339(), "2026-01-09T00:00:00+08:00");
    /// let late = DateTime::parse_from_rfc3339("2026-12-25T09:00:00+08:00").unwrap();
    /// assert_eq!(SlaPolicy::default().deadlines(&cal, late, &SlaInput::default()).unwrap_err().year(), Some(2027));
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn deadlines<Tz: TimeZone>(&self, cal: &Calendar, dispatched_at: DateTime<Tz>, input: &SlaInput) -> Result<Deadlines> {
        let start = calendar::checked_cst(dispatched_at, "dispatched_at")?;
        let day = self.day_part(cal, start, input)?;
        self.deadlines_on(cal, start, &day)
    }

    /// The parts of [`SlaPolicy::deadlines`] that depend only on the CST date of `start` (a
    /// CST instant) and the input: what [`batch::deadlines`] computes once per date.
    pub(crate) fn day_part(&self, cal: &Calendar, start: DateTime<FixedOffset>, input: &SlaInput) -> Result<DayPart> {
        let urgent = input.urgency == Urgency::Urgent || input.handling_class == HandlingClass::Urgent;
        let return_window = self.working_days_due(cal, start, self.return_window_days)?;
        let first_feedback = if urgent && self.first_feedback {
            let date = start.date_naive();
            let cob = if self.cutoff == Cutoff::CloseOfBusiness { cal.close_of_business(date)? } else { None };
            Some((next_midnight(date)?, cob, cal.is_provisional(epoch_day(date), epoch_day(date) + 1)))
        } else {
            None
        };
        let completion = self.completion_due(cal, start, input)?;
        let completion_lead = match self.warn.completion {
            Warn::LeadWorkingDays(n) => Some(self.lead_day_start(cal, completion.0, n)?),
            _ => None,
        };
        Ok(DayPart { urgent, return_window, first_feedback, completion, completion_lead })
    }

    /// [`SlaPolicy::deadlines`] of the CST instant `start` from its date's [`DayPart`].
    pub(crate) fn deadlines_on(&self, cal: &Calendar, start: DateTime<FixedOffset>, day: &DayPart) -> Result<Deadlines> {
        let mut clocks = Vec::with_capacity(4);
        let response_secs = if day.urgent { self.response_urgent_seconds } else { self.response_normal_seconds };
        let response_due =
            start.checked_add_signed(TimeDelta::seconds(response_secs)).ok_or_else(|| Error::invalid_input("dispatched_at", "instant out of range"))?;
        clocks.push(self.clock(cal, Clock::Response, start, response_due, false, self.warn.response)?);
        let (due, prov) = day.return_window;
        clocks.push(self.clock(cal, Clock::ReturnWindow, start, due, prov, self.warn.return_window)?);
        if let Some((midnight, cob, prov)) = day.first_feedback {
            let due = match cob {
                Some(cob) if cob > start => cob,
                _ => midnight,
            };
            clocks.push(self.clock(cal, Clock::FirstFeedback, start, due, prov, self.warn.first_feedback)?);
        }
        let (due, prov) = day.completion;
        clocks.push(self.clock_with(Clock::Completion, start, due, prov, self.warn.completion, day.completion_lead)?);
        Ok(Deadlines { clocks })
    }

    /// The decision limit of a level a major matter reaches at `start` (R-SCOPE-5):
    /// [`major_matter_decision_days`](SlaPolicy::major_matter_decision_days) working days
    /// after the date of `start`, with the cutoff; and whether it needed the provisional
    /// calendar.
    ///
    /// # Example
    /// ```
    /// use chrono::DateTime;
    /// use jiesu::{calendar::Calendar, sla::SlaPolicy};
    /// let t = DateTime::parse_from_rfc3339("2026-03-06T15:00:00+08:00").unwrap(); // a Friday
    /// let (due, _) = SlaPolicy::default().major_matter_due(&Calendar::cn(), t)?;
    /// assert_eq!(due.to_rfc3339(), "2026-03-12T00:00:00+08:00"); // Mon, Tue, Wed
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn major_matter_due<Tz: TimeZone>(&self, cal: &Calendar, start: DateTime<Tz>) -> Result<(DateTime<FixedOffset>, bool)> {
        let start = calendar::checked_cst(start, "now")?;
        self.working_days_due(cal, start, self.major_matter_decision_days)
    }

    /// The completion limit that applies to `input`.
    ///
    /// # Example
    /// ```
    /// use jiesu::sla::*;
    /// let p = SlaPolicy::default();
    /// assert_eq!(p.completion_limit(&SlaInput::new(Urgency::Urgent, HandlingClass::Normal))?, Limit::WorkingDays(3));
    /// assert!(p.completion_limit(&SlaInput::new(Urgency::Normal, HandlingClass::Statutory)).unwrap_err().is_validation());
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn completion_limit(&self, input: &SlaInput) -> Result<Limit> {
        let bad = |message: String| Err(Error::validation("SLA input", vec![Problem { path: "limit".into(), message }]).with_rule("R-SLA-3"));
        match input.handling_class {
            HandlingClass::Statutory => match input.limit {
                Some(Limit::WorkingDays(0) | Limit::CalendarDays(0)) => bad("a statutory limit must be at least 1 day".into()),
                Some(l @ (Limit::WorkingDays(n) | Limit::CalendarDays(n))) if n <= 3660 => Ok(l),
                Some(l) => bad(format!("statutory limit {l:?} is longer than 10 years")),
                None => bad("handling class statutory needs its statutory limit".into()),
            },
            HandlingClass::Complex => match input.limit {
                None => Ok(Limit::WorkingDays(self.complex_days)),
                Some(Limit::WorkingDays(n)) if (self.complex_min_days..=self.complex_max_days).contains(&n) => Ok(Limit::WorkingDays(n)),
                Some(l) => bad(format!("complex limit {l:?} is not {}..={} working days", self.complex_min_days, self.complex_max_days)),
            },
            HandlingClass::Urgent => Ok(Limit::WorkingDays(self.urgent_days)),
            HandlingClass::Normal if input.urgency == Urgency::Urgent => Ok(Limit::WorkingDays(self.urgent_days)),
            HandlingClass::Normal => Ok(Limit::WorkingDays(self.normal_days)),
        }
    }

    /// The completion due instant for a clock started at `start` (dispatch, or a rework /
    /// reopen), and whether it is provisional.
    ///
    /// A calendar-day limit ends at 24:00 of the n-th day after the start date, unless that
    /// day is a 法定休假日: then, by 民法典 第二百零三条, on the day after the rest ends (see
    /// [`SlaPolicy::period_last_day`]). Fails with a coverage error when that needs a day the
    /// calendar does not cover (strict policy).
    ///
    /// # Example
    /// ```
    /// use chrono::DateTime;
    /// use jiesu::{calendar::Calendar, sla::*};
    /// let t = DateTime::parse_from_rfc3339("2026-03-02T10:00:00+08:00").unwrap();
    /// let input = SlaInput::new(Urgency::Normal, HandlingClass::Statutory).with_limit(Limit::CalendarDays(60));
    /// // Day 60 is 05-01, inside the Labour Day break 05-01..05-05: the last day is 05-06.
    /// let (due, _) = SlaPolicy::default().completion_due(&Calendar::cn(), t, &input)?;
    /// assert_eq!(due.to_rfc3339(), "2026-05-07T00:00:00+08:00");
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn completion_due<Tz: TimeZone>(&self, cal: &Calendar, start: DateTime<Tz>, input: &SlaInput) -> Result<(DateTime<FixedOffset>, bool)> {
        let start = calendar::checked_cst(start, "start")?;
        match self.completion_limit(input)? {
            Limit::WorkingDays(n) => self.working_days_due(cal, start, n),
            Limit::CalendarDays(n) => {
                let date = start.date_naive();
                let nth = date.checked_add_days(Days::new(n as u64)).ok_or_else(|| Error::invalid_input("limit", "date out of range"))?;
                let last = self.period_last_day(cal, nth)?;
                let prov = cal.is_provisional(epoch_day(nth), epoch_day(last) + 1);
                Ok((self.end_of(cal, last)?, prov))
            }
        }
    }

    /// The last day of a period in calendar days whose n-th day is `nth` (民法典 第二百零三条):
    /// `nth` itself, unless it is a 法定休假日 — a statutory or overlay holiday, or a weekend
    /// day when [`weekends_are_statutory_rest_days`](SlaPolicy::weekends_are_statutory_rest_days)
    /// is on (the default) — and then the first day after it that is not one. A make-up
    /// working day (调休上班日) is not a rest day. Fails with a coverage error when a day it
    /// needs is not covered (strict policy).
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// use jiesu::{calendar::Calendar, sla::SlaPolicy};
    /// let cal = Calendar::cn();
    /// let d = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    /// let p = SlaPolicy::default();
    /// assert_eq!(p.period_last_day(&cal, d(5, 1))?, d(5, 6));    // Labour Day 05-01..05-05
    /// assert_eq!(p.period_last_day(&cal, d(3, 7))?, d(3, 9));    // Saturday → Monday
    /// assert_eq!(p.period_last_day(&cal, d(2, 14))?, d(2, 14));  // a make-up Saturday is worked
    /// let holidays_only = SlaPolicy { weekends_are_statutory_rest_days: false, ..p };
    /// assert_eq!(holidays_only.period_last_day(&cal, d(3, 7))?, d(3, 7));
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn period_last_day(&self, cal: &Calendar, nth: NaiveDate) -> Result<NaiveDate> {
        let mut day = nth;
        loop {
            let rest = match cal.day_kind(day)? {
                DayKind::Holiday => true,
                DayKind::Weekend => self.weekends_are_statutory_rest_days,
                DayKind::Workday | DayKind::MakeupWorkday => false,
            };
            if !rest {
                return Ok(day);
            }
            day = day.succ_opt().ok_or_else(|| Error::invalid_input("limit", "date out of range"))?;
        }
    }

    /// The end of a period whose last day is `last`, by the policy's cutoff: 24:00 of that day,
    /// or its close of business (24:00 on a day without business hours).
    fn end_of(&self, cal: &Calendar, last: NaiveDate) -> Result<DateTime<FixedOffset>> {
        match self.cutoff {
            Cutoff::Midnight => next_midnight(last),
            Cutoff::CloseOfBusiness => match cal.close_of_business(last)? {
                Some(t) => Ok(t),
                None => next_midnight(last),
            },
        }
    }

    /// Due instant of "n working days after the date of `start`" with the cutoff.
    fn working_days_due(&self, cal: &Calendar, start: DateTime<FixedOffset>, n: u32) -> Result<(DateTime<FixedOffset>, bool)> {
        let date = start.date_naive();
        let last = cal.add_working_days(date, n as i64)?;
        let prov = cal.is_provisional(epoch_day(date), epoch_day(last) + 1);
        Ok((self.end_of(cal, last)?, prov))
    }

    /// The deadline of `clock` started at `start` and due at `due`, with the policy's warning
    /// for that clock (used when a deadline moves: extension, rework, reopen).
    ///
    /// # Example
    /// ```
    /// use chrono::DateTime;
    /// use jiesu::{calendar::Calendar, sla::*};
    /// let t = |s| DateTime::parse_from_rfc3339(s).unwrap();
    /// let d = SlaPolicy::default().clock_deadline(&Calendar::cn(), Clock::Completion, t("2026-03-02T10:00:00+08:00"), t("2026-03-10T00:00:00+08:00"), false)?;
    /// assert_eq!(d.warn_at.to_rfc3339(), "2026-03-09T00:00:00+08:00");
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn clock_deadline(
        &self,
        cal: &Calendar,
        clock: Clock,
        start: DateTime<FixedOffset>,
        due: DateTime<FixedOffset>,
        provisional: bool,
    ) -> Result<ClockDeadline> {
        let warn = match clock {
            Clock::Response => self.warn.response,
            Clock::ReturnWindow => self.warn.return_window,
            Clock::FirstFeedback => self.warn.first_feedback,
            Clock::Completion => self.warn.completion,
        };
        self.clock(cal, clock, start, due, provisional, warn)
    }

    #[allow(clippy::too_many_arguments)]
    fn clock(
        &self,
        cal: &Calendar,
        clock: Clock,
        start: DateTime<FixedOffset>,
        due: DateTime<FixedOffset>,
        provisional: bool,
        warn: Warn,
    ) -> Result<ClockDeadline> {
        let lead = match warn {
            Warn::LeadWorkingDays(n) => Some(self.lead_day_start(cal, due, n)?),
            _ => None,
        };
        self.clock_with(clock, start, due, provisional, warn, lead)
    }

    /// The start of the warning day of a [`Warn::LeadWorkingDays`] warning of a clock due at
    /// `due`: 00:00 of the n-th working day counted back from the day after the window's last
    /// instant; `None` when counting back leaves the covered years (a long lead near the start
    /// of the coverage: the warning then falls at the start).
    fn lead_day_start(&self, cal: &Calendar, due: DateTime<FixedOffset>, n: u32) -> Result<Option<DateTime<FixedOffset>>> {
        let last = due.checked_sub_signed(TimeDelta::seconds(1)).unwrap_or(due).date_naive();
        let after = last.succ_opt().unwrap_or(due.date_naive());
        match cal.add_working_days(after, -(n as i64)) {
            Ok(day) => Ok(Some(calendar::start_of_day(day)?)),
            Err(e) if e.is_coverage() => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// [`SlaPolicy::clock`] with the warning day of a [`Warn::LeadWorkingDays`] warning
    /// already known (`lead`, from [`SlaPolicy::lead_day_start`]).
    fn clock_with(
        &self,
        clock: Clock,
        start: DateTime<FixedOffset>,
        due: DateTime<FixedOffset>,
        provisional: bool,
        warn: Warn,
        lead: Option<Option<DateTime<FixedOffset>>>,
    ) -> Result<ClockDeadline> {
        let window = (due - start).num_seconds().max(0);
        let offset = match warn {
            Warn::Fraction(f) => ((window as f64) * f).floor() as i64,
            Warn::LeadSeconds(s) => (window - s).max(0),
            Warn::LeadWorkingDays(_) => match lead.flatten() {
                Some(day) => (day - start).num_seconds(),
                None => 0,
            },
        };
        let warn_at =
            start.checked_add_signed(TimeDelta::seconds(offset.clamp(0, window))).ok_or_else(|| Error::invalid_input("warn", "instant out of range"))?;
        Ok(ClockDeadline { clock, started_at: start, due_at: due, warn_at, provisional })
    }
}

/// 24:00 of `date` = 00:00 CST of the next day.
fn next_midnight(date: NaiveDate) -> Result<DateTime<FixedOffset>> {
    let next = date.succ_opt().ok_or_else(|| Error::invalid_input("date", "date out of range"))?;
    calendar::start_of_day(next)
}

/// The date-dependent parts of a ticket's deadlines ([`SlaPolicy::day_part`]).
#[derive(Clone, Copy, Debug)]
pub(crate) struct DayPart {
    /// Urgent by urgency or class.
    urgent: bool,
    /// Return window due and provisional.
    return_window: (DateTime<FixedOffset>, bool),
    /// First feedback: 24:00 of the date, the close of business (cutoff), provisional.
    first_feedback: Option<(DateTime<FixedOffset>, Option<DateTime<FixedOffset>>, bool)>,
    /// Completion due and provisional.
    completion: (DateTime<FixedOffset>, bool),
    /// The completion warning's day ([`SlaPolicy::lead_day_start`]) when it is counted in
    /// working days.
    completion_lead: Option<Option<DateTime<FixedOffset>>>,
}
