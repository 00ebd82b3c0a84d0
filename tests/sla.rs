//! SLA clocks (R-SLA-1 … R-SLA-7): the worked examples of the SLA issue and the policy knobs.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta, TimeZone, Utc};
use jiesu::calendar::{self, Calendar, CalendarData, CoveragePolicy};
use jiesu::sla::{Clock, ClockDeadline, Cutoff, Deadlines, HandlingClass, Limit, SlaInput, SlaPolicy, Urgency, Warn, WarnPolicy};

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn normal() -> SlaInput {
    SlaInput::new(Urgency::Normal, HandlingClass::Normal)
}

fn urgent() -> SlaInput {
    SlaInput::new(Urgency::Urgent, HandlingClass::Urgent)
}

fn deadlines(at: &str, input: SlaInput) -> Deadlines {
    SlaPolicy::default().deadlines(&Calendar::cn(), t(at), &input).unwrap()
}

fn clock(ds: &Deadlines, c: Clock) -> &ClockDeadline {
    ds.get(c).unwrap_or_else(|| panic!("no {c:?} clock in {ds:?}"))
}

fn due(ds: &Deadlines, c: Clock) -> String {
    clock(ds, c).due_at.to_rfc3339()
}

fn warn(ds: &Deadlines, c: Clock) -> String {
    clock(ds, c).warn_at.to_rfc3339()
}

fn kinds(ds: &Deadlines) -> Vec<Clock> {
    ds.clocks.iter().map(|c| c.clock).collect()
}

// ---------------------------------------------------------------------------------------------
// the worked examples

#[test]
fn normal_before_national_day() {
    let ds = deadlines("2026-09-30T10:00:00+08:00", normal());
    assert_eq!(kinds(&ds), vec![Clock::Response, Clock::ReturnWindow, Clock::Completion]);
    // 10-08, 10-09, 10-10 (make-up Saturday), 10-12, 10-13 → 24:00 on 10-13.
    assert_eq!(due(&ds, Clock::Completion), "2026-10-14T00:00:00+08:00");
    assert_eq!(due(&ds, Clock::Response), "2026-10-01T10:00:00+08:00"); // 24 clock hours
    assert_eq!(due(&ds, Clock::ReturnWindow), "2026-10-09T00:00:00+08:00"); // 1 working day: 10-08
    assert!(ds.clocks.iter().all(|c| !c.provisional));
    assert!(ds.clocks.iter().all(|c| c.started_at == t("2026-09-30T10:00:00+08:00")));
}

#[test]
fn urgent_before_spring_festival() {
    let ds = deadlines("2026-02-13T16:00:00+08:00", urgent());
    assert_eq!(kinds(&ds), vec![Clock::Response, Clock::ReturnWindow, Clock::FirstFeedback, Clock::Completion]);
    // 02-14 (make-up Saturday), 02-24, 02-25.
    assert_eq!(due(&ds, Clock::Completion), "2026-02-26T00:00:00+08:00");
    assert_eq!(due(&ds, Clock::Response), "2026-02-13T17:00:00+08:00");
    assert_eq!(due(&ds, Clock::FirstFeedback), "2026-02-14T00:00:00+08:00");
    assert_eq!(due(&ds, Clock::ReturnWindow), "2026-02-15T00:00:00+08:00");
}

#[test]
fn normal_on_new_years_eve() {
    let ds = deadlines("2025-12-31T09:00:00+08:00", normal());
    // 01-04 (make-up Sunday), 05, 06, 07, 08.
    assert_eq!(due(&ds, Clock::Completion), "2026-01-09T00:00:00+08:00");
    assert_eq!(due(&ds, Clock::ReturnWindow), "2026-01-05T00:00:00+08:00");
}

#[test]
fn normal_at_christmas_2026_needs_2027() {
    let e = SlaPolicy::default().deadlines(&Calendar::cn(), t("2026-12-25T10:00:00+08:00"), &normal()).unwrap_err();
    assert!(e.is_coverage(), "{e:?}");
    assert_eq!(e.year(), Some(2027));
    assert_eq!(e.rule(), Some("R-SLA-7"));
    assert!(e.to_string().contains("2027"), "{e}");
    // Urgent fits: 3 working days are 28, 29, 30.
    let ds = SlaPolicy::default().deadlines(&Calendar::cn(), t("2026-12-25T10:00:00+08:00"), &urgent()).unwrap();
    assert_eq!(due(&ds, Clock::Completion), "2026-12-31T00:00:00+08:00");
    // Once the 2027 schedule is loaded, the deadline exists.
    let y2027 = CalendarData::from_toml(
        "schema_version = 1\nname = \"CN-2027\"\nbase = \"CN\"\nscope = \"national\"\ncoverage = { from = 2027, to = 2027 }\n\
         [[festivals]]\nyear = 2027\nfestival = \"new_years_day\"\nholidays = [\"2027-01-01..2027-01-03\"]\n",
    )
    .unwrap();
    let cal = Calendar::cn().with_overlay(&y2027).unwrap();
    let ds = SlaPolicy::default().deadlines(&cal, t("2026-12-25T10:00:00+08:00"), &normal()).unwrap();
    assert_eq!(due(&ds, Clock::Completion), "2027-01-05T00:00:00+08:00");
    assert!(ds.clocks.iter().all(|c| !c.provisional));
}

#[test]
fn return_window_from_a_makeup_saturday() {
    let ds = deadlines("2026-02-14T11:00:00+08:00", normal());
    // The dispatch day is not counted; the next working day is 02-24.
    assert_eq!(due(&ds, Clock::ReturnWindow), "2026-02-25T00:00:00+08:00");
    // 24, 25, 26, 27, 28 (make-up Saturday).
    assert_eq!(due(&ds, Clock::Completion), "2026-03-01T00:00:00+08:00");
}

// ---------------------------------------------------------------------------------------------
// counting convention

#[test]
fn due_at_is_exclusive_next_midnight() {
    let cal = Calendar::cn();
    let start = t("2026-09-30T10:00:00+08:00");
    let ds = SlaPolicy::default().deadlines(&cal, start, &normal()).unwrap();
    let c = clock(&ds, Clock::Completion);
    let last = cal.add_working_days(d(2026, 9, 30), 5).unwrap();
    assert_eq!(last, d(2026, 10, 13));
    // due_at is 00:00 of the day after the last working day: acting at due_at is late,
    // one second before is still on the last day.
    assert_eq!(c.due_at, calendar::start_of_day(last.succ_opt().unwrap()).unwrap());
    assert_eq!(calendar::local_date(c.due_at), d(2026, 10, 14));
    assert_eq!(c.due_at.time(), chrono::NaiveTime::MIN);
    assert_eq!(calendar::local_date(c.due_at - TimeDelta::seconds(1)), last);
    assert_eq!(c.due_at.offset().local_minus_utc(), 8 * 3600);
    // The same for the return window and the first feedback.
    let ds = deadlines("2026-02-13T16:00:00+08:00", urgent());
    let ff = clock(&ds, Clock::FirstFeedback);
    assert_eq!(calendar::local_date(ff.due_at - TimeDelta::seconds(1)), d(2026, 2, 13));
    assert_eq!(calendar::local_date(ff.due_at), d(2026, 2, 14));
}

#[test]
fn dispatch_time_of_day_does_not_matter_for_day_limits() {
    for at in ["2026-09-30T00:00:00+08:00", "2026-09-30T10:00:00+08:00", "2026-09-30T23:59:59+08:00"] {
        let ds = deadlines(at, normal());
        assert_eq!(due(&ds, Clock::Completion), "2026-10-14T00:00:00+08:00", "{at}");
    }
    // Dispatched on a holiday: the first working day after it is the first counted day.
    let ds = deadlines("2026-10-03T10:00:00+08:00", normal());
    assert_eq!(due(&ds, Clock::Completion), "2026-10-14T00:00:00+08:00");
    let ds = deadlines("2026-10-08T10:00:00+08:00", normal());
    assert_eq!(due(&ds, Clock::Completion), "2026-10-15T00:00:00+08:00"); // 09, 10, 12, 13, 14
}

#[test]
fn close_of_business_cutoff() {
    let p = SlaPolicy { cutoff: Cutoff::CloseOfBusiness, ..SlaPolicy::default() };
    let cal = Calendar::cn();
    let ds = p.deadlines(&cal, t("2026-09-30T10:00:00+08:00"), &normal()).unwrap();
    assert_eq!(due(&ds, Clock::Completion), "2026-10-13T18:00:00+08:00");
    assert_eq!(due(&ds, Clock::ReturnWindow), "2026-10-08T18:00:00+08:00");
    assert_eq!(due(&ds, Clock::Response), "2026-10-01T10:00:00+08:00"); // clock time, unaffected
                                                                        // Urgent on Friday before Spring Festival: the last day is an ordinary Wednesday; the
                                                                        // first feedback ends at today's close of business.
    let ds = p.deadlines(&cal, t("2026-02-13T16:00:00+08:00"), &urgent()).unwrap();
    assert_eq!(due(&ds, Clock::Completion), "2026-02-25T18:00:00+08:00");
    assert_eq!(due(&ds, Clock::FirstFeedback), "2026-02-13T18:00:00+08:00");
    assert_eq!(due(&ds, Clock::ReturnWindow), "2026-02-14T18:00:00+08:00"); // make-up Saturday's close
                                                                            // Dispatched after close of business or on a rest day: first feedback at 24:00.
    let ds = p.deadlines(&cal, t("2026-02-13T19:00:00+08:00"), &urgent()).unwrap();
    assert_eq!(due(&ds, Clock::FirstFeedback), "2026-02-14T00:00:00+08:00");
    let ds = p.deadlines(&cal, t("2026-03-07T10:00:00+08:00"), &urgent()).unwrap();
    assert_eq!(due(&ds, Clock::FirstFeedback), "2026-03-08T00:00:00+08:00");
    // With business hours that close at 17:00 on Tuesdays.
    let h = calendar::BusinessHours::from_json(
        r#"{"monday":["09:00-18:00"],"tuesday":["09:00-17:00"],"wednesday":["09:00-18:00"],"thursday":["09:00-18:00"],"friday":["09:00-18:00"]}"#,
    )
    .unwrap();
    let cal = Calendar::cn().with_business_hours(h).unwrap();
    let ds = p.deadlines(&cal, t("2026-09-30T10:00:00+08:00"), &normal()).unwrap();
    assert_eq!(due(&ds, Clock::Completion), "2026-10-13T17:00:00+08:00");
}

// ---------------------------------------------------------------------------------------------
// completion limits

#[test]
fn urgency_and_handling_class_pick_the_limit() {
    let p = SlaPolicy::default();
    let limit = |u, h| p.completion_limit(&SlaInput::new(u, h)).unwrap();
    assert_eq!(limit(Urgency::Normal, HandlingClass::Normal), Limit::WorkingDays(5));
    assert_eq!(limit(Urgency::Urgent, HandlingClass::Normal), Limit::WorkingDays(3));
    assert_eq!(limit(Urgency::Normal, HandlingClass::Urgent), Limit::WorkingDays(3));
    assert_eq!(limit(Urgency::Urgent, HandlingClass::Urgent), Limit::WorkingDays(3));
    assert_eq!(limit(Urgency::Normal, HandlingClass::Complex), Limit::WorkingDays(10));
    assert_eq!(limit(Urgency::Urgent, HandlingClass::Complex), Limit::WorkingDays(10));
    // Urgent-by-urgency tickets get the urgent clocks.
    let ds = deadlines("2026-02-13T16:00:00+08:00", SlaInput::new(Urgency::Urgent, HandlingClass::Normal));
    assert_eq!(due(&ds, Clock::Completion), "2026-02-26T00:00:00+08:00");
    assert_eq!(due(&ds, Clock::Response), "2026-02-13T17:00:00+08:00");
    assert!(ds.get(Clock::FirstFeedback).is_some());
    let ds = deadlines("2026-02-13T16:00:00+08:00", SlaInput::new(Urgency::Normal, HandlingClass::Urgent));
    assert!(ds.get(Clock::FirstFeedback).is_some());
    // Urgent and complex: complex completion, urgent response and first feedback.
    let ds = deadlines("2026-09-30T10:00:00+08:00", SlaInput::new(Urgency::Urgent, HandlingClass::Complex));
    assert_eq!(due(&ds, Clock::Completion), "2026-10-21T00:00:00+08:00");
    assert_eq!(due(&ds, Clock::Response), "2026-09-30T11:00:00+08:00");
    assert!(ds.get(Clock::FirstFeedback).is_some());
    // Configured limits.
    let p = SlaPolicy { normal_days: 7, first_feedback: false, ..SlaPolicy::default() };
    let ds = p.deadlines(&Calendar::cn(), t("2026-09-30T10:00:00+08:00"), &normal()).unwrap();
    assert_eq!(due(&ds, Clock::Completion), "2026-10-16T00:00:00+08:00");
    let ds = p.deadlines(&Calendar::cn(), t("2026-02-13T16:00:00+08:00"), &urgent()).unwrap();
    assert!(ds.get(Clock::FirstFeedback).is_none());
}

#[test]
fn statutory_working_day_and_calendar_day_limits() {
    let at = "2026-09-30T10:00:00+08:00";
    let st = |l| SlaInput::new(Urgency::Normal, HandlingClass::Statutory).with_limit(l);
    // 20 working days: …, 10-30 (18th), 11-02, 11-03.
    let ds = deadlines(at, st(Limit::WorkingDays(20)));
    assert_eq!(due(&ds, Clock::Completion), "2026-11-04T00:00:00+08:00");
    assert_eq!(Calendar::cn().add_working_days(d(2026, 9, 30), 20).unwrap(), d(2026, 11, 3));
    // 15 calendar days count the holidays; the 15th, 10-15, is a working day.
    let ds = deadlines(at, st(Limit::CalendarDays(15)));
    assert_eq!(due(&ds, Clock::Completion), "2026-10-16T00:00:00+08:00");
    // Day 60 is 05-01, a holiday: the period ends on 05-06 (民法典 第二百零三条).
    let ds = deadlines("2026-03-02T10:00:00+08:00", st(Limit::CalendarDays(60)));
    assert_eq!(due(&ds, Clock::Completion), "2026-05-07T00:00:00+08:00");
    // Calendar days with the close-of-business cutoff: 18:00 on a working day, 24:00 otherwise.
    let p = SlaPolicy { cutoff: Cutoff::CloseOfBusiness, ..SlaPolicy::default() };
    let (due_at, prov) = p.completion_due(&Calendar::cn(), t(at), &st(Limit::CalendarDays(15))).unwrap();
    assert_eq!((due_at.to_rfc3339().as_str(), prov), ("2026-10-15T18:00:00+08:00", false));
    // 10-01 is a holiday: the last day is 10-08, the day after the break.
    let (due_at, _) = p.completion_due(&Calendar::cn(), t(at), &st(Limit::CalendarDays(1))).unwrap();
    assert_eq!(due_at.to_rfc3339(), "2026-10-08T18:00:00+08:00");
    // A statutory limit overrides the urgency.
    let ds = deadlines(at, SlaInput::new(Urgency::Urgent, HandlingClass::Statutory).with_limit(Limit::WorkingDays(20)));
    assert_eq!(due(&ds, Clock::Completion), "2026-11-04T00:00:00+08:00");
    // Bounds of the limit.
    let p = SlaPolicy::default();
    assert_eq!(p.completion_limit(&st(Limit::WorkingDays(3660))).unwrap(), Limit::WorkingDays(3660));
    for bad in [Limit::WorkingDays(0), Limit::CalendarDays(0), Limit::WorkingDays(3661), Limit::CalendarDays(u32::MAX)] {
        let e = p.completion_limit(&st(bad)).unwrap_err();
        assert!(e.is_validation(), "{bad:?}: {e:?}");
        assert_eq!(e.problems()[0].path, "limit");
    }
}

#[test]
fn statutory_without_limit_is_refused() {
    let input = SlaInput::new(Urgency::Normal, HandlingClass::Statutory);
    let e = SlaPolicy::default().deadlines(&Calendar::cn(), t("2026-09-30T10:00:00+08:00"), &input).unwrap_err();
    assert!(e.is_validation(), "{e:?}");
    assert_eq!(e.problems().len(), 1);
    assert_eq!(e.problems()[0].path, "limit");
    assert!(e.problems()[0].message.contains("statutory"), "{e}");
    assert_eq!(e.rule(), Some("R-SLA-3"));
    assert!(SlaPolicy::default().completion_limit(&input).unwrap_err().is_validation());
}

#[test]
fn complex_limits_between_10_and_15_days() {
    let at = "2026-09-30T10:00:00+08:00";
    let cx = |l| SlaInput::new(Urgency::Normal, HandlingClass::Complex).with_limit(l);
    // Default 10: 10-08 … 10-20.
    let ds = deadlines(at, SlaInput::new(Urgency::Normal, HandlingClass::Complex));
    assert_eq!(due(&ds, Clock::Completion), "2026-10-21T00:00:00+08:00");
    let ds = deadlines(at, cx(Limit::WorkingDays(10)));
    assert_eq!(due(&ds, Clock::Completion), "2026-10-21T00:00:00+08:00");
    let ds = deadlines(at, cx(Limit::WorkingDays(15)));
    assert_eq!(due(&ds, Clock::Completion), "2026-10-28T00:00:00+08:00");
    let ds = deadlines(at, cx(Limit::WorkingDays(12)));
    assert_eq!(due(&ds, Clock::Completion), "2026-10-23T00:00:00+08:00");
    for bad in [Limit::WorkingDays(9), Limit::WorkingDays(16), Limit::WorkingDays(0), Limit::CalendarDays(12)] {
        let e = SlaPolicy::default().deadlines(&Calendar::cn(), t(at), &cx(bad)).unwrap_err();
        assert!(e.is_validation(), "{bad:?}: {e:?}");
        assert_eq!(e.problems()[0].path, "limit");
        assert!(e.problems()[0].message.contains("10..=15"), "{e}");
        assert_eq!(e.rule(), Some("R-SLA-3"));
    }
    // The accepted range is configuration.
    let p = SlaPolicy::from_json(r#"{"complex_min_days": 8, "complex_max_days": 20}"#).unwrap();
    assert_eq!(p.completion_limit(&cx(Limit::WorkingDays(20))).unwrap(), Limit::WorkingDays(20));
    assert!(p.completion_limit(&cx(Limit::WorkingDays(21))).is_err());
}

// ---------------------------------------------------------------------------------------------
// warnings

#[test]
fn warn_at_defaults() {
    let ds = deadlines("2026-02-13T16:00:00+08:00", urgent());
    // Response and return window at half the window, first feedback 2 h before, completion at
    // the start of the last working day (WarnPolicy::default()).
    assert_eq!(warn(&ds, Clock::Response), "2026-02-13T16:30:00+08:00");
    assert_eq!(warn(&ds, Clock::ReturnWindow), "2026-02-14T08:00:00+08:00"); // half of 32 h
    assert_eq!(warn(&ds, Clock::FirstFeedback), "2026-02-13T22:00:00+08:00");
    assert_eq!(warn(&ds, Clock::Completion), "2026-02-25T00:00:00+08:00");
    for c in &ds.clocks {
        assert!(c.started_at <= c.warn_at && c.warn_at <= c.due_at, "{c:?}");
    }
    let ds = deadlines("2026-09-30T10:00:00+08:00", normal());
    assert_eq!(warn(&ds, Clock::Response), "2026-09-30T22:00:00+08:00");
    assert_eq!(warn(&ds, Clock::Completion), "2026-10-13T00:00:00+08:00");
}

fn with_warn(w: WarnPolicy) -> SlaPolicy {
    let p = SlaPolicy { warn: w, ..SlaPolicy::default() };
    p.validate().unwrap();
    p
}

#[test]
fn warn_at_fraction() {
    let all =
        |f| WarnPolicy { response: Warn::Fraction(f), return_window: Warn::Fraction(f), first_feedback: Warn::Fraction(f), completion: Warn::Fraction(f) };
    let cal = Calendar::cn();
    let ds = with_warn(all(0.8)).deadlines(&cal, t("2026-02-13T16:00:00+08:00"), &urgent()).unwrap();
    // Completion window 02-13 16:00 → 02-26 00:00 = 296 h; 80% = 236.8 h.
    assert_eq!(warn(&ds, Clock::Completion), "2026-02-23T12:48:00+08:00");
    assert_eq!(warn(&ds, Clock::Response), "2026-02-13T16:48:00+08:00");
    assert_eq!(warn(&ds, Clock::FirstFeedback), "2026-02-13T22:24:00+08:00");
    let ds = with_warn(all(0.8)).deadlines(&cal, t("2026-09-30T10:00:00+08:00"), &normal()).unwrap();
    assert_eq!(warn(&ds, Clock::Completion), "2026-10-11T06:48:00+08:00");
    let ds = with_warn(all(0.3)).deadlines(&cal, t("2026-09-30T10:00:00+08:00"), &normal()).unwrap();
    assert_eq!(warn(&ds, Clock::Completion), "2026-10-04T11:48:00+08:00");
    // 1.0 warns at the due instant; the result is floored to whole seconds.
    let ds = with_warn(all(1.0)).deadlines(&cal, t("2026-09-30T10:00:00+08:00"), &normal()).unwrap();
    assert!(ds.clocks.iter().all(|c| c.warn_at == c.due_at));
    let ds = with_warn(all(1.0 / 3.0)).deadlines(&cal, t("2026-09-30T10:00:00+08:00"), &normal()).unwrap();
    let c = clock(&ds, Clock::Response); // 86 400 s / 3 = 28 800 s
    assert_eq!(c.warn_at.to_rfc3339(), "2026-09-30T18:00:00+08:00");
}

#[test]
fn warn_at_lead_seconds() {
    let p = with_warn(WarnPolicy {
        response: Warn::LeadSeconds(7200), // longer than the 1 h window: warn at the start
        return_window: Warn::LeadSeconds(3600),
        first_feedback: Warn::LeadSeconds(0), // at the due instant
        completion: Warn::LeadSeconds(86_400),
    });
    let ds = p.deadlines(&Calendar::cn(), t("2026-02-13T16:00:00+08:00"), &urgent()).unwrap();
    assert_eq!(warn(&ds, Clock::Response), "2026-02-13T16:00:00+08:00");
    assert_eq!(warn(&ds, Clock::ReturnWindow), "2026-02-14T23:00:00+08:00");
    assert_eq!(warn(&ds, Clock::FirstFeedback), "2026-02-14T00:00:00+08:00");
    assert_eq!(warn(&ds, Clock::Completion), "2026-02-25T00:00:00+08:00");
    // With the close-of-business cutoff the lead counts back from 18:00.
    let mut p = p;
    p.cutoff = Cutoff::CloseOfBusiness;
    let ds = p.deadlines(&Calendar::cn(), t("2026-02-13T16:00:00+08:00"), &urgent()).unwrap();
    assert_eq!(warn(&ds, Clock::Completion), "2026-02-24T18:00:00+08:00");
    assert_eq!(warn(&ds, Clock::FirstFeedback), "2026-02-13T18:00:00+08:00");
}

#[test]
fn warn_at_lead_working_days() {
    let at = "2026-09-30T10:00:00+08:00";
    let lead = |n| with_warn(WarnPolicy { completion: Warn::LeadWorkingDays(n), ..WarnPolicy::default() });
    let cal = Calendar::cn();
    // Due 10-14 00:00; counting back: 10-13 (1), 10-12 (2), 10-10 make-up Saturday (3).
    let ds = lead(1).deadlines(&cal, t(at), &normal()).unwrap();
    assert_eq!(warn(&ds, Clock::Completion), "2026-10-13T00:00:00+08:00");
    let ds = lead(3).deadlines(&cal, t(at), &normal()).unwrap();
    assert_eq!(warn(&ds, Clock::Completion), "2026-10-10T00:00:00+08:00");
    // Back past the start: never before the start.
    let ds = lead(6).deadlines(&cal, t(at), &normal()).unwrap();
    assert_eq!(warn(&ds, Clock::Completion), at);
    // Close-of-business cutoff: due 10-13 18:00, the last working day still starts at 00:00.
    let mut p = lead(1);
    p.cutoff = Cutoff::CloseOfBusiness;
    let ds = p.deadlines(&cal, t(at), &normal()).unwrap();
    assert_eq!(warn(&ds, Clock::Completion), "2026-10-13T00:00:00+08:00");
    // Validation.
    let e = SlaPolicy::from_json(r#"{"warn": {"completion": {"lead_working_days": 0}}}"#).unwrap_err();
    assert_eq!(e.problems()[0].path, "warn.completion");
}

#[test]
fn lead_working_days_warning_does_not_fail_the_deadline() {
    let mut p = SlaPolicy::default();
    p.warn.completion = Warn::LeadWorkingDays(10);
    // Dispatched Monday 2004-01-05: completion due 2004-01-13 00:00 (06, 07, 08, 09, 12).
    let ds = p.deadlines(&Calendar::cn(), t("2004-01-05T10:00:00+08:00"), &normal()).unwrap();
    assert_eq!(due(&ds, Clock::Completion), "2004-01-13T00:00:00+08:00");
    assert_eq!(warn(&ds, Clock::Completion), "2004-01-05T10:00:00+08:00");
}

// ---------------------------------------------------------------------------------------------
// provisional (R-SLA-7)

#[test]
fn provisional_flag_only_for_uncovered_deadlines() {
    let prov = Calendar::cn().with_policy(CoveragePolicy::Provisional);
    let p = SlaPolicy::default();
    let ds = p.deadlines(&prov, t("2026-12-25T10:00:00+08:00"), &normal()).unwrap();
    // 28, 29, 30, 31, then Friday 2027-01-01 under the weekends-only rule.
    let c = clock(&ds, Clock::Completion);
    assert_eq!(c.due_at.to_rfc3339(), "2027-01-02T00:00:00+08:00");
    assert!(c.provisional);
    assert!(!clock(&ds, Clock::Response).provisional);
    let r = clock(&ds, Clock::ReturnWindow);
    assert_eq!(r.due_at.to_rfc3339(), "2026-12-29T00:00:00+08:00");
    assert!(!r.provisional);
    // Urgent at the very end of 2026: first feedback covered, completion not.
    let ds = p.deadlines(&prov, t("2026-12-30T10:00:00+08:00"), &urgent()).unwrap();
    assert!(!clock(&ds, Clock::FirstFeedback).provisional);
    assert_eq!(due(&ds, Clock::Completion), "2027-01-05T00:00:00+08:00"); // 31, 01-01, 01-04
    assert!(clock(&ds, Clock::Completion).provisional);
    // Dispatched in 2027: everything that uses the calendar is provisional.
    let ds = p.deadlines(&prov, t("2027-01-05T10:00:00+08:00"), &urgent()).unwrap();
    assert!(clock(&ds, Clock::FirstFeedback).provisional);
    assert!(clock(&ds, Clock::ReturnWindow).provisional);
    assert!(clock(&ds, Clock::Completion).provisional);
    assert!(!clock(&ds, Clock::Response).provisional);
    // Inside coverage nothing is provisional, under either policy.
    for cal in [&prov, &Calendar::cn()] {
        let ds = p.deadlines(cal, t("2026-09-30T10:00:00+08:00"), &urgent()).unwrap();
        assert!(ds.clocks.iter().all(|c| !c.provisional), "{ds:?}");
    }
    // A calendar-day limit needs the kind of its last day (is it a 法定休假日?): ending in
    // 2027 it is provisional under the provisional policy, a coverage error under the strict.
    let input = SlaInput::new(Urgency::Normal, HandlingClass::Statutory).with_limit(Limit::CalendarDays(60));
    let (due_at, provisional) = p.completion_due(&prov, t("2026-12-03T10:00:00+08:00"), &input).unwrap();
    assert_eq!(due_at.to_rfc3339(), "2027-02-02T00:00:00+08:00"); // Monday 2027-02-01
    assert!(provisional);
    let e = p.completion_due(&Calendar::cn(), t("2026-12-03T10:00:00+08:00"), &input).unwrap_err();
    assert_eq!((e.is_coverage(), e.year()), (true, Some(2027)));
    // Ending inside the coverage it is exact under either policy.
    for cal in [&prov, &Calendar::cn()] {
        let (due_at, provisional) = p.completion_due(cal, t("2026-10-03T10:00:00+08:00"), &input).unwrap();
        assert_eq!(due_at.to_rfc3339(), "2026-12-03T00:00:00+08:00");
        assert!(!provisional);
    }
}

#[test]
fn strict_calendar_day_limit_with_close_of_business_needs_coverage() {
    let p = SlaPolicy { cutoff: Cutoff::CloseOfBusiness, ..SlaPolicy::default() };
    let input = SlaInput::new(Urgency::Normal, HandlingClass::Statutory).with_limit(Limit::CalendarDays(60));
    // 2026-12-03 + 60 days = Monday 2027-02-01: its close of business needs 2027's schedule.
    let prov = Calendar::cn().with_policy(CoveragePolicy::Provisional);
    let (due_at, _) = p.completion_due(&prov, t("2026-12-03T10:00:00+08:00"), &input).unwrap();
    assert_eq!(due_at.to_rfc3339(), "2027-02-01T18:00:00+08:00");
    let r = p.completion_due(&Calendar::cn(), t("2026-12-03T10:00:00+08:00"), &input);
    let e = r.expect_err("strict calendar must not guess the close of business of 2027-02-01");
    assert!(e.is_coverage());
    assert_eq!(e.year(), Some(2027));
}

#[test]
fn strict_policy_never_flags_provisional() {
    let cal = Calendar::cn();
    let p = SlaPolicy::default();
    // Dispatched on 2003-12-31 (uncovered): the deadlines only need 2004 days.
    match p.deadlines(&cal, t("2003-12-31T16:00:00+08:00"), &urgent()) {
        Err(e) => assert!(e.is_coverage(), "{e:?}"),
        Ok(ds) => assert!(ds.clocks.iter().all(|c| !c.provisional), "{ds:?}"),
    }
    // A calendar-day limit ending in 2027: whether 2027-02-01 is a holiday is unknown.
    let input = SlaInput::new(Urgency::Normal, HandlingClass::Statutory).with_limit(Limit::CalendarDays(60));
    let e = p.completion_due(&cal, t("2026-12-03T10:00:00+08:00"), &input).unwrap_err();
    assert!(e.is_coverage(), "{e:?}");
}

// ---------------------------------------------------------------------------------------------
// time zones (R-SLA-6)

#[test]
fn dispatch_instants_in_utc_are_converted() {
    let cal = Calendar::cn();
    let p = SlaPolicy::default();
    let local = p.deadlines(&cal, t("2026-09-30T10:00:00+08:00"), &normal()).unwrap();
    let z = p.deadlines(&cal, t("2026-09-30T02:00:00Z"), &normal()).unwrap();
    let utc = p.deadlines(&cal, Utc.with_ymd_and_hms(2026, 9, 30, 2, 0, 0).unwrap(), &normal()).unwrap();
    let west = p.deadlines(&cal, t("2026-09-29T21:00:00-05:00"), &normal()).unwrap();
    for other in [&z, &utc, &west] {
        assert_eq!(other, &local);
        for (a, b) in other.clocks.iter().zip(&local.clocks) {
            // Same instants, and every instant reported in CST.
            assert_eq!(a.due_at.to_rfc3339(), b.due_at.to_rfc3339());
            assert_eq!(a.started_at.to_rfc3339(), "2026-09-30T10:00:00+08:00");
            assert_eq!(a.warn_at.to_rfc3339(), b.warn_at.to_rfc3339());
        }
    }
    // 2026-09-29T17:00Z is already 2026-09-30 in China: the dispatch date is 09-30, not 09-29.
    let ds = p.deadlines(&cal, t("2026-09-29T17:00:00Z"), &normal()).unwrap();
    assert_eq!(due(&ds, Clock::Completion), "2026-10-14T00:00:00+08:00");
    assert_eq!(clock(&ds, Clock::Completion).started_at.to_rfc3339(), "2026-09-30T01:00:00+08:00");
    // 2026-02-13T08:00Z = 16:00 CST, urgent.
    let ds = p.deadlines(&cal, t("2026-02-13T08:00:00Z"), &urgent()).unwrap();
    assert_eq!(due(&ds, Clock::Completion), "2026-02-26T00:00:00+08:00");
    assert_eq!(due(&ds, Clock::Response), "2026-02-13T17:00:00+08:00");
    assert_eq!(due(&ds, Clock::FirstFeedback), "2026-02-14T00:00:00+08:00");
    // 2026-02-13T16:30Z is Saturday 00:30 CST: first feedback ends at 24:00 on Saturday.
    let ds = p.deadlines(&cal, t("2026-02-13T16:30:00Z"), &urgent()).unwrap();
    assert_eq!(due(&ds, Clock::FirstFeedback), "2026-02-15T00:00:00+08:00");
}

// ---------------------------------------------------------------------------------------------
// policy parsing and validation

#[test]
fn policy_from_json_defaults_and_overrides() {
    assert_eq!(SlaPolicy::from_json("{}").unwrap(), SlaPolicy::default());
    let p = SlaPolicy::from_json(r#"{"normal_days": 7, "cutoff": "close_of_business", "warn": {"completion": {"lead_seconds": 3600}}}"#).unwrap();
    assert_eq!(p.normal_days, 7);
    assert_eq!(p.urgent_days, 3);
    assert_eq!(p.cutoff, Cutoff::CloseOfBusiness);
    assert_eq!(p.warn.completion, Warn::LeadSeconds(3600));
    assert_eq!(p.warn.response, Warn::Fraction(0.5)); // partial warn object keeps defaults
    let back = SlaPolicy::from_json(&serde_json::to_string(&p).unwrap()).unwrap();
    assert_eq!(back, p);
    let d0 = SlaPolicy::default();
    assert_eq!((d0.response_urgent_seconds, d0.response_normal_seconds, d0.return_window_days, d0.urgent_days, d0.normal_days), (3600, 86_400, 1, 3, 5));
    assert_eq!((d0.complex_days, d0.complex_min_days, d0.complex_max_days), (10, 10, 15));
    assert!(d0.first_feedback);
    assert_eq!(d0.cutoff, Cutoff::Midnight);
    assert!(d0.weekends_are_statutory_rest_days);
    assert!(d0.validate().is_ok());
}

#[test]
fn policy_from_json_refuses_unknown_fields() {
    for json in [
        r#"{"normal_dayz": 5}"#,
        r#"{"warn": {"completions": {"fraction": 0.5}}}"#,
        r#"{"warn": {"completion": {"percent": 50}}}"#,
        r#"{"cutoff": "noon"}"#,
        r#"{"normal_days": -1}"#,
        r#"{"normal_days": "5"}"#,
        "{",
    ] {
        let e = SlaPolicy::from_json(json).unwrap_err();
        assert!(e.is_parse(), "{json}: {e:?}");
        assert!(e.to_string().contains("SLA policy JSON"), "{e}");
    }
    let e = SlaPolicy::from_json(r#"{"normal_dayz": 5}"#).unwrap_err();
    assert!(e.to_string().contains("normal_dayz"), "{e}");
    // SlaInput refuses unknown fields too.
    assert!(serde_json::from_str::<SlaInput>(r#"{"urgency":"urgent","handling_class":"normal","limt":null}"#).is_err());
    let i: SlaInput = serde_json::from_str(r#"{"urgency":"normal","handling_class":"complex","limit":{"working_days":12}}"#).unwrap();
    assert_eq!(i, SlaInput::new(Urgency::Normal, HandlingClass::Complex).with_limit(Limit::WorkingDays(12)));
}

#[test]
fn policy_invalid_values_are_reported_with_paths() {
    let e = SlaPolicy::from_json(
        r#"{"normal_days": 0, "response_urgent_seconds": 0,
            "warn": {"first_feedback": {"lead_seconds": -1}, "completion": {"fraction": 1.5}}}"#,
    )
    .unwrap_err();
    assert!(e.is_validation(), "{e:?}");
    let paths: Vec<&str> = e.problems().iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, vec!["normal_days", "response_urgent_seconds", "warn.first_feedback", "warn.completion"]);
    let msg = e.to_string();
    assert!(msg.contains("4 problem(s)"), "{msg}");
    assert!(msg.contains("normal_days: 0 is not in 1..=3660"), "{msg}");
    assert!(msg.contains("warn.completion: fraction 1.5 is not in (0, 1]"), "{msg}");
    assert_eq!(e.field(), Some("normal_days"));

    let e = SlaPolicy::from_json(r#"{"complex_days": 30}"#).unwrap_err();
    assert_eq!(e.problems().len(), 1);
    assert_eq!(e.problems()[0].path, "complex_days");
    let e = SlaPolicy::from_json(r#"{"complex_min_days": 12}"#).unwrap_err();
    assert_eq!(e.problems()[0].path, "complex_days");
    let e = SlaPolicy::from_json(r#"{"warn": {"response": {"fraction": 0}}}"#).unwrap_err();
    assert_eq!(e.problems()[0].path, "warn.response");
    let e = SlaPolicy::from_json(r#"{"return_window_days": 0, "urgent_days": 4000}"#).unwrap_err();
    let paths: Vec<&str> = e.problems().iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, vec!["return_window_days", "urgent_days"]);
    // validate() on a policy built in code.
    let mut p = SlaPolicy::default();
    p.warn.return_window = Warn::Fraction(f64::NAN);
    p.response_normal_seconds = 400 * 86_400;
    let e = p.validate().unwrap_err();
    let paths: Vec<&str> = e.problems().iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, vec!["response_normal_seconds", "warn.return_window"]);
}

#[test]
fn clock_names_and_serialization() {
    for (c, s) in
        [(Clock::Response, "response"), (Clock::ReturnWindow, "return_window"), (Clock::FirstFeedback, "first_feedback"), (Clock::Completion, "completion")]
    {
        assert_eq!(c.as_str(), s);
        assert_eq!(serde_json::to_string(&c).unwrap(), format!("\"{s}\""));
    }
    let ds = deadlines("2026-09-30T10:00:00+08:00", normal());
    let json = serde_json::to_string(&ds).unwrap();
    assert!(json.contains("\"due_at\":\"2026-10-14T00:00:00+08:00\""), "{json}");
    let back: Deadlines = serde_json::from_str(&json).unwrap();
    assert_eq!(back, ds);
}

// ---------------------------------------------------------------------------------------------
// calendar-day limits and 法定休假日 (R-SLA-3 with R-SLA-5, 民法典 第二百零三条)

fn statutory(days: u32) -> SlaInput {
    SlaInput::new(Urgency::Normal, HandlingClass::Statutory).with_limit(Limit::CalendarDays(days))
}

fn holidays_only() -> SlaPolicy {
    SlaPolicy { weekends_are_statutory_rest_days: false, ..SlaPolicy::default() }
}

fn completion(p: &SlaPolicy, cal: &Calendar, at: &str, days: u32) -> jiesu::Result<(String, bool)> {
    p.completion_due(cal, t(at), &statutory(days)).map(|(due_at, prov)| (due_at.to_rfc3339(), prov))
}

#[test]
fn calendar_day_limit_ending_in_a_holiday_ends_the_day_after_it() {
    // The issue's example: day 60 is 2026-05-01, inside 劳动节 05-01..05-05 → last day 05-06.
    for p in [SlaPolicy::default(), holidays_only()] {
        let (due_at, prov) = completion(&p, &Calendar::cn(), "2026-03-02T10:00:00+08:00", 60).unwrap();
        assert_eq!((due_at.as_str(), prov), ("2026-05-07T00:00:00+08:00", false));
        let ds = p.deadlines(&Calendar::cn(), t("2026-03-02T10:00:00+08:00"), &statutory(60)).unwrap();
        assert_eq!(due(&ds, Clock::Completion), "2026-05-07T00:00:00+08:00");
        // The warning follows the moved deadline: the start of the last working day before it.
        assert_eq!(warn(&ds, Clock::Completion), "2026-05-06T00:00:00+08:00");
    }
    // Day 5 inside the break, and the break's last day: both move to 05-06.
    let p = SlaPolicy::default();
    assert_eq!(completion(&p, &Calendar::cn(), "2026-04-28T09:00:00+08:00", 5).unwrap().0, "2026-05-07T00:00:00+08:00");
    assert_eq!(completion(&p, &Calendar::cn(), "2026-04-30T09:00:00+08:00", 5).unwrap().0, "2026-05-07T00:00:00+08:00");
    // The day before the break is not moved.
    assert_eq!(completion(&p, &Calendar::cn(), "2026-03-31T09:00:00+08:00", 30).unwrap().0, "2026-05-01T00:00:00+08:00");
    // 60 days from 2026-08-02 end on 10-01 (国庆节 10-01..10-07): last day 10-08.
    assert_eq!(completion(&p, &Calendar::cn(), "2026-08-02T09:00:00+08:00", 60).unwrap().0, "2026-10-09T00:00:00+08:00");
    assert_eq!(p.period_last_day(&Calendar::cn(), d(2026, 10, 1)).unwrap(), d(2026, 10, 8));
}

#[test]
fn calendar_day_limit_ending_on_a_weekend_depends_on_the_policy() {
    let cal = Calendar::cn();
    // 2026-03-02 + 5 = Saturday 03-07, a plain weekend.
    let on = completion(&SlaPolicy::default(), &cal, "2026-03-02T10:00:00+08:00", 5).unwrap();
    assert_eq!(on, ("2026-03-10T00:00:00+08:00".to_string(), false)); // Monday 03-09
    let off = completion(&holidays_only(), &cal, "2026-03-02T10:00:00+08:00", 5).unwrap();
    assert_eq!(off, ("2026-03-08T00:00:00+08:00".to_string(), false)); // Saturday 03-07 itself
                                                                       // Sunday 03-08: Monday either way only when weekends count.
    assert_eq!(completion(&SlaPolicy::default(), &cal, "2026-03-02T10:00:00+08:00", 6).unwrap().0, "2026-03-10T00:00:00+08:00");
    assert_eq!(completion(&holidays_only(), &cal, "2026-03-02T10:00:00+08:00", 6).unwrap().0, "2026-03-09T00:00:00+08:00");
    // 2019-09-13 (中秋节, Friday) off "与周末连休": the weekend after it is not a holiday.
    let at = "2019-09-03T10:00:00+08:00";
    assert_eq!(completion(&SlaPolicy::default(), &cal, at, 10).unwrap().0, "2019-09-17T00:00:00+08:00"); // Monday 09-16
    assert_eq!(completion(&holidays_only(), &cal, at, 10).unwrap().0, "2019-09-15T00:00:00+08:00"); // Saturday 09-14
                                                                                                    // The option is read from JSON, default on; configurations without it still load.
    assert!(SlaPolicy::from_json("{}").unwrap().weekends_are_statutory_rest_days);
    let p = SlaPolicy::from_json(r#"{"weekends_are_statutory_rest_days": false}"#).unwrap();
    assert_eq!(p, holidays_only());
    assert_eq!(SlaPolicy::from_json(&serde_json::to_string(&p).unwrap()).unwrap(), p);
    // The close-of-business cut-off applies to the moved day.
    let cob = SlaPolicy { cutoff: Cutoff::CloseOfBusiness, ..SlaPolicy::default() };
    assert_eq!(completion(&cob, &cal, "2026-03-02T10:00:00+08:00", 5).unwrap().0, "2026-03-09T18:00:00+08:00");
}

#[test]
fn a_make_up_working_day_is_not_a_rest_day() {
    let cal = Calendar::cn();
    // 2026-02-04 + 10 = Saturday 02-14, worked for the Spring Festival (调休上班日).
    for p in [SlaPolicy::default(), holidays_only()] {
        assert_eq!(completion(&p, &cal, "2026-02-04T10:00:00+08:00", 10).unwrap().0, "2026-02-15T00:00:00+08:00");
        // Saturday 02-28 too; the break 02-15..02-23 before it moves day 11 (02-15) to 02-24.
        assert_eq!(completion(&p, &cal, "2026-02-18T10:00:00+08:00", 10).unwrap().0, "2026-03-01T00:00:00+08:00");
        assert_eq!(completion(&p, &cal, "2026-02-04T10:00:00+08:00", 11).unwrap().0, "2026-02-25T00:00:00+08:00");
        assert_eq!(p.period_last_day(&cal, d(2026, 10, 10)).unwrap(), d(2026, 10, 10));
    }
}

#[test]
fn calendar_day_limit_near_the_end_of_coverage_is_a_coverage_error() {
    let p = SlaPolicy::default();
    // Day 60 in 2027: its kind is unknown.
    let e = completion(&p, &Calendar::cn(), "2026-11-15T10:00:00+08:00", 60).unwrap_err();
    assert_eq!((e.is_coverage(), e.year()), (true, Some(2027)), "{e}");
    // The last covered day itself is fine (Thursday 2026-12-31).
    assert_eq!(completion(&p, &Calendar::cn(), "2026-12-01T10:00:00+08:00", 30).unwrap().0, "2027-01-01T00:00:00+08:00");
    // A period ending on a holiday on the last covered day needs the next year to move it.
    let cal = Calendar::from_toml(
        r#"schema_version = 1
name = "X"
coverage = { from = 2026, to = 2026 }
[[festivals]]
year = 2026
festival = "new_years_eve"
holidays = ["2026-12-31"]
"#,
    )
    .unwrap();
    for p in [SlaPolicy::default(), holidays_only()] {
        let e = completion(&p, &cal, "2026-12-01T10:00:00+08:00", 30).unwrap_err();
        assert_eq!((e.is_coverage(), e.year()), (true, Some(2027)), "{e}");
        // Provisionally (weekends only) 2027-01-01 is a Friday: the deadline is provisional.
        let prov = cal.with_policy(CoveragePolicy::Provisional);
        assert_eq!(completion(&p, &prov, "2026-12-01T10:00:00+08:00", 30).unwrap(), ("2027-01-02T00:00:00+08:00".to_string(), true));
        // A start before the coverage is fine as long as the last day is covered.
        assert!(completion(&p, &cal, "2025-12-20T10:00:00+08:00", 30).is_ok());
    }
}
