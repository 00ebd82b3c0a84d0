//! Building calendars: the built-in one, from data (TOML, JSON, [`CalendarData`]), from a weekmask and
//! holidays, with an overlay, a coverage policy or business hours; the per-day tables they share.

use super::*;

impl Calendar {
    /// The built-in national calendar `CN`: statutory holidays and make-up working days
    /// 2004–2026 from the State Council's notices, strict coverage, default business hours.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// let cal = jiesu::calendar::Calendar::cn();
    /// assert!(!cal.is_workday(NaiveDate::from_ymd_opt(2026, 10, 1).unwrap()).unwrap());
    /// ```
    pub fn cn() -> Calendar {
        CN.clone()
    }

    /// A built-in calendar by name: `"CN"`. The built-in data is parsed once per process, at
    /// its first use; every later call returns a copy that shares it (a reference count).
    ///
    /// # Example
    /// ```
    /// assert!(jiesu::calendar::Calendar::builtin("CN").is_ok());
    /// assert!(jiesu::calendar::Calendar::builtin("XX").unwrap_err().is_invalid_input());
    /// ```
    pub fn builtin(name: &str) -> Result<Calendar> {
        match name {
            "CN" => Ok(Calendar::cn()),
            _ => Err(Error::invalid_input("name", format!("unknown built-in calendar {name:?} (known: \"CN\")"))),
        }
    }

    /// A calendar from TOML data (the format of [`CalendarData`]).
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// use jiesu::calendar::{Calendar, DayKind};
    /// // A calendar that knows 2026 only, with one festival.
    /// let cal = Calendar::from_toml(r#"
    /// schema_version = 1
    /// name = "X"
    /// coverage = { from = 2026, to = 2026 }
    /// [[festivals]]
    /// year = 2026
    /// festival = "dragon_boat"
    /// holidays = ["2026-06-19"]
    /// "#)?;
    /// assert_eq!(cal.day_kind(NaiveDate::from_ymd_opt(2026, 6, 19).unwrap())?, DayKind::Holiday);
    /// assert!(cal.is_workday(NaiveDate::from_ymd_opt(2025, 6, 19).unwrap()).unwrap_err().is_coverage());
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn from_toml(text: &str) -> Result<Calendar> {
        Calendar::from_data(CalendarData::from_toml(text)?)
    }

    /// A calendar from JSON data (the format of [`CalendarData`]).
    ///
    /// # Example
    /// ```
    /// let e = jiesu::calendar::Calendar::from_json(r#"{"schema_version":1,"name":"X","coverage":{"from":2026,"to":2026},
    ///   "festivals":[{"year":2026,"festival":"x","workdays":["2026-03-04"]}]}"#).unwrap_err();
    /// assert!(e.to_string().contains("not a weekend day"));
    /// ```
    pub fn from_json(text: &str) -> Result<Calendar> {
        Calendar::from_data(CalendarData::from_json(text)?)
    }

    /// A calendar from parsed data.
    ///
    /// # Example
    /// ```
    /// use jiesu::calendar::{Calendar, CalendarData};
    /// let data = CalendarData::from_toml(jiesu::calendar::CN_DATA).unwrap();
    /// assert_eq!(Calendar::from_data(data).unwrap(), Calendar::cn());
    /// ```
    pub fn from_data(data: CalendarData) -> Result<Calendar> {
        if let Some(base) = &data.base {
            return Err(Error::invalid_input("base", format!("{:?} is an overlay of {base:?}: apply it with Calendar::with_overlay", data.name)));
        }
        let checked = data.check([true, true, true, true, true, false, false])?;
        let mut festivals = Vec::new();
        let mut marks = BTreeMap::new();
        for (date, (mark, i)) in &checked.days {
            let idx = festival_index(&mut festivals, &data.festivals[*i].festival);
            marks.insert(*date, (*mark, idx));
        }
        Calendar::build(
            data.name.clone(),
            checked.weekmask,
            Some(checked.coverage),
            CoveragePolicy::Strict,
            marks,
            festivals,
            vec![data],
            Vec::new(),
            BusinessHours::default(),
        )
    }

    /// A plain numpy-style calendar: a weekmask and a list of holidays, valid for every date
    /// (no coverage limit, no make-up days). Useful to compare with `numpy.busday_*`.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// let cal = jiesu::calendar::Calendar::from_weekmask("1111100", &[d(2026, 1, 1)]).unwrap();
    /// assert_eq!(cal.busday_count(d(2025, 12, 29), d(2026, 1, 5)).unwrap(), 4);
    /// assert!(jiesu::calendar::Calendar::from_weekmask("0000000", &[]).is_err());
    /// ```
    pub fn from_weekmask(weekmask: &str, holidays: &[NaiveDate]) -> Result<Calendar> {
        let mask = data::parse_weekmask(weekmask).map_err(|m| Error::invalid_input("weekmask", m))?;
        let mut marks = BTreeMap::new();
        for h in holidays {
            marks.insert(*h, (Mark::Holiday, NO_FESTIVAL));
        }
        let mut list: Vec<NaiveDate> = marks.keys().copied().collect();
        list.dedup();
        Calendar::build(
            format!("weekmask:{}", mask.iter().map(|&b| if b { '1' } else { '0' }).collect::<String>()),
            mask,
            None,
            CoveragePolicy::Strict,
            marks,
            Vec::new(),
            Vec::new(),
            list,
            BusinessHours::default().on_weekmask(mask),
        )
    }

    /// This calendar with an overlay applied: local holidays and working days
    /// (`scope = "local"`, the default, within the coverage), or further years of the national
    /// schedule (`scope = "national"`: a 2027 notice loaded as data; its coverage must overlap
    /// or adjoin, and the result covers the union).
    ///
    /// The overlay's `base` (if set) must be this calendar's name. An overlay may not mark a
    /// day the calendar already marks (a conflict is a validation error naming both).
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// use jiesu::calendar::{Calendar, CalendarData, DayKind};
    /// let y2027 = CalendarData::from_toml(r#"
    /// schema_version = 1
    /// name = "CN-2027"
    /// base = "CN"
    /// scope = "national"
    /// coverage = { from = 2027, to = 2027 }
    /// [[festivals]]
    /// year = 2027
    /// festival = "new_years_day"
    /// holidays = ["2027-01-01..2027-01-03"]
    /// "#)?;
    /// let cal = Calendar::cn().with_overlay(&y2027)?;
    /// assert_eq!(cal.coverage().unwrap().to, 2027);
    /// let d = NaiveDate::from_ymd_opt(2026, 12, 25).unwrap();
    /// assert_eq!(cal.add_working_days(d, 5)?, NaiveDate::from_ymd_opt(2027, 1, 4).unwrap());
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn with_overlay(&self, overlay: &CalendarData) -> Result<Calendar> {
        let Some(cov) = self.t.coverage else {
            return Err(Error::invalid_input("overlay", "a weekmask calendar takes no overlays"));
        };
        let base_name = self.t.sources.first().map(|d| d.name.as_str()).unwrap_or(&self.t.name);
        let mut problems = Vec::new();
        if let Some(b) = &overlay.base {
            if b != base_name && b != &self.t.name {
                problems.push(Problem { path: "base".into(), message: format!("overlay is for {b:?}, not {:?}", self.t.name) });
            }
        }
        if let Some(m) = &overlay.weekmask {
            if data::parse_weekmask(m).ok() != Some(self.t.weekmask) {
                problems.push(Problem { path: "weekmask".into(), message: "an overlay cannot change the weekmask".into() });
            }
        }
        let oc = overlay.coverage;
        match overlay.scope.unwrap_or_default() {
            OverlayScope::National if oc.from > cov.to + 1 || oc.to < cov.from - 1 => problems.push(Problem {
                path: "coverage".into(),
                message: format!("years {}..{} neither overlap nor adjoin {}..{}", oc.from, oc.to, cov.from, cov.to),
            }),
            OverlayScope::Local if oc.from < cov.from || oc.to > cov.to => problems.push(Problem {
                path: "coverage".into(),
                message: format!(
                    "a local overlay's years {}..{} must lie within the calendar's {}..{} \
                     (a new year's national schedule has scope = \"national\")",
                    oc.from, oc.to, cov.from, cov.to
                ),
            }),
            _ => {}
        }
        if !problems.is_empty() {
            return Err(Error::validation("calendar overlay", problems));
        }
        let checked = overlay.check(self.t.weekmask)?;
        let mut festivals = self.t.festivals.clone();
        let mut marks = self.t.marks.clone();
        for (date, (mark, i)) in &checked.days {
            let entry = &overlay.festivals[*i];
            if let Some((_, f)) = marks.get(date) {
                let name = festivals.get(*f as usize).map(String::as_str).unwrap_or("?");
                problems.push(Problem {
                    path: format!("festivals[{i}]"),
                    message: format!("{date} conflicts with the base calendar, which already marks it ({name})"),
                });
                continue;
            }
            let idx = festival_index(&mut festivals, &entry.festival);
            marks.insert(*date, (*mark, idx));
        }
        if !problems.is_empty() {
            return Err(Error::validation("calendar overlay", problems));
        }
        let mut sources = self.t.sources.clone();
        sources.push(overlay.clone());
        Calendar::build(
            format!("{}+{}", self.t.name, overlay.name),
            self.t.weekmask,
            Some(Coverage { from: cov.from.min(oc.from), to: cov.to.max(oc.to) }),
            self.policy,
            marks,
            festivals,
            sources,
            Vec::new(),
            self.t.hours.clone(),
        )
    }

    /// This calendar with another coverage policy (R-SLA-7): what happens to a day of a year
    /// the data does not cover.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// use jiesu::calendar::{Calendar, CoveragePolicy};
    /// let new_year = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
    /// assert!(Calendar::cn().is_workday(new_year).unwrap_err().is_coverage());
    /// // Provisionally, 2027 has weekends and no holidays: Friday 2027-01-01 is worked.
    /// assert!(Calendar::cn().with_policy(CoveragePolicy::Provisional).is_workday(new_year)?);
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn with_policy(&self, policy: CoveragePolicy) -> Calendar {
        let mut c = self.clone();
        c.policy = policy;
        c
    }

    /// This calendar with other business hours (working time and the close-of-business
    /// cut-off follow them).
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// use jiesu::calendar::{BusinessHours, Calendar};
    /// let monday = NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
    /// assert_eq!(Calendar::cn().close_of_business(monday)?.unwrap().to_rfc3339(), "2026-03-09T18:00:00+08:00");
    /// // Mornings only.
    /// let h = BusinessHours::from_json(r#"{"monday":["08:00-12:00"],"tuesday":["08:00-12:00"]}"#)?;
    /// let cal = Calendar::cn().with_business_hours(h)?;
    /// assert_eq!(cal.close_of_business(monday)?.unwrap().to_rfc3339(), "2026-03-09T12:00:00+08:00");
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn with_business_hours(&self, hours: BusinessHours) -> Result<Calendar> {
        Calendar::build(
            self.t.name.clone(),
            self.t.weekmask,
            self.t.coverage,
            self.policy,
            self.t.marks.clone(),
            self.t.festivals.clone(),
            self.t.sources.clone(),
            self.t.weekmask_holidays.clone(),
            hours,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn build(
        name: String,
        weekmask: [bool; 7],
        coverage: Option<Coverage>,
        policy: CoveragePolicy,
        marks: BTreeMap<NaiveDate, (Mark, u16)>,
        festivals: Vec<String>,
        sources: Vec<CalendarData>,
        weekmask_holidays: Vec<NaiveDate>,
        hours: BusinessHours,
    ) -> Result<Calendar> {
        hours.validate()?;
        let (start, end) = match coverage {
            Some(c) => (year_start(c.from)?, year_start(c.to.checked_add(1).ok_or_else(|| Error::invalid_input("coverage", "year overflow"))?)?),
            None => match (marks.keys().next(), marks.keys().next_back()) {
                (Some(a), Some(b)) => (epoch_day(*a), epoch_day(*b) + 1),
                _ => (0, 0),
            },
        };
        if end - start > MAX_TABLE_DAYS {
            return Err(Error::new(
                crate::ErrorKind::LimitExceeded,
                format!("calendar spans {} days; at most {MAX_TABLE_DAYS} (about 400 years) are tabulated", end - start),
            ));
        }
        let len = (end - start) as usize;
        let mut kinds = Vec::with_capacity(len);
        let mut festival_of = vec![NO_FESTIVAL; len];
        for i in 0..len {
            let wd = weekday(start + i as i64);
            kinds.push(if weekmask[wd] { DayKind::Workday as u8 } else { DayKind::Weekend as u8 });
        }
        for (date, (mark, f)) in &marks {
            let i = epoch_day(*date) - start;
            if !(0..len as i64).contains(&i) {
                continue;
            }
            kinds[i as usize] = match mark {
                Mark::Holiday => DayKind::Holiday as u8,
                Mark::Workday => DayKind::MakeupWorkday as u8,
            };
            festival_of[i as usize] = *f;
        }
        let schedules: [Vec<Session>; 8] = std::array::from_fn(|i| if i < 7 { hours.weekday(i).to_vec() } else { hours.makeup().to_vec() });
        let flags: Vec<bool> = kinds.iter().map(|&k| DayKind::from_u8(k).is_workday()).collect();
        let days = unit_ladder(start, &flags, weekmask);
        let units: Vec<u32> = flags.iter().enumerate().filter(|(_, &f)| f).map(|(i, _)| i as u32).collect();
        let sched_secs: Vec<i64> = schedules.iter().map(|s| hours::day_seconds(s)).collect();
        let weights: Vec<i64> = kinds
            .iter()
            .enumerate()
            .map(|(i, &k)| match DayKind::from_u8(k) {
                DayKind::Workday => sched_secs[weekday(start + i as i64)],
                DayKind::MakeupWorkday => sched_secs[7],
                _ => 0,
            })
            .collect();
        let week: [i64; 7] = std::array::from_fn(|i| if weekmask[i] { sched_secs[i] } else { 0 });
        let secs = weighted_ladder(start, &weights, week);
        if week.iter().all(|&w| w == 0) && weights.iter().all(|&w| w == 0) {
            return Err(Error::validation("business hours", vec![Problem { path: "business_hours".into(), message: "no working day has any session".into() }]));
        }
        Ok(Calendar {
            policy,
            t: Arc::new(Tables {
                name,
                weekmask,
                coverage,
                marks,
                festivals,
                sources,
                weekmask_holidays,
                hours,
                start,
                kinds,
                festival_of,
                days,
                units,
                secs,
                schedules,
            }),
        })
    }
}

fn festival_index(festivals: &mut Vec<String>, name: &str) -> u16 {
    match festivals.iter().position(|f| f == name) {
        Some(i) => i as u16,
        None => {
            festivals.push(name.to_string());
            (festivals.len() - 1) as u16
        }
    }
}

fn year_start(year: i32) -> Result<i64> {
    NaiveDate::from_ymd_opt(year, 1, 1).map(epoch_day).ok_or_else(|| Error::invalid_input("coverage", format!("year {year} out of range")))
}
