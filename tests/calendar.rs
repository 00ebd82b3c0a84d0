//! Scenario tests of `jiesu::calendar` (R-SLA-5, R-SLA-6, R-SLA-7).
//!
//! Dates are checked against the State Council notices encoded in `data/calendar/cn.toml`;
//! numpy semantics (`busday_offset` rolls, `busday_count`) are checked on small weekmask
//! calendars whose answers follow from numpy's documented rules.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta, TimeZone, Utc};
use jiesu::calendar::{self, BusinessHours, Calendar, CalendarData, CoveragePolicy, DayKind, Roll, Session, EXAMPLE_OVERLAY_DATA};
use jiesu::{Error, ErrorKind};

// ---------------------------------------------------------------------------------------------
// helpers

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn cn() -> Calendar {
    Calendar::cn()
}

fn provisional() -> Calendar {
    Calendar::cn().with_policy(CoveragePolicy::Provisional)
}

/// Monday to Friday, optional holidays: the default `numpy.busdaycalendar`.
fn mf(holidays: &[NaiveDate]) -> Calendar {
    Calendar::from_weekmask("1111100", holidays).unwrap()
}

fn paths(e: &Error) -> Vec<&str> {
    e.problems().iter().map(|p| p.path.as_str()).collect()
}

/// The single problem of a validation error, checked for path and message substring.
fn assert_one_problem(e: &Error, path: &str, message_part: &str) {
    assert!(e.is_validation(), "expected a validation error, got {e:?}");
    assert_eq!(paths(e), vec![path], "problems: {:?}", e.problems());
    assert!(e.problems()[0].message.contains(message_part), "message {:?} should contain {message_part:?}", e.problems()[0].message);
    assert_eq!(e.field(), Some(path));
    assert!(e.to_string().contains(path), "{e}");
}

const HEADER_2026: &str = "schema_version = 1\nname = \"T\"\ncoverage = { from = 2026, to = 2026 }\n";

fn toml_with(festivals: &str) -> String {
    format!("{HEADER_2026}{festivals}")
}

// ---------------------------------------------------------------------------------------------
// day kinds

#[test]
fn day_kinds_on_known_dates() {
    let cal = cn();
    let cases = [
        (d(2026, 2, 14), DayKind::MakeupWorkday, Some("spring_festival")), // Saturday worked
        (d(2026, 2, 28), DayKind::MakeupWorkday, Some("spring_festival")), // Saturday worked
        (d(2026, 2, 17), DayKind::Holiday, Some("spring_festival")),
        (d(2026, 2, 15), DayKind::Holiday, Some("spring_festival")),    // a Sunday inside the range
        (d(2026, 1, 4), DayKind::MakeupWorkday, Some("new_years_day")), // Sunday worked
        (d(2026, 1, 1), DayKind::Holiday, Some("new_years_day")),
        (d(2026, 10, 1), DayKind::Holiday, Some("national_day")),
        (d(2026, 10, 7), DayKind::Holiday, Some("national_day")),
        (d(2026, 10, 10), DayKind::MakeupWorkday, Some("national_day")),
        (d(2026, 9, 20), DayKind::MakeupWorkday, Some("national_day")),
        (d(2026, 9, 25), DayKind::Holiday, Some("mid_autumn_festival")),
        (d(2015, 9, 3), DayKind::Holiday, Some("anti_fascist_70th")),
        (d(2015, 9, 4), DayKind::Holiday, Some("anti_fascist_70th")),
        (d(2015, 9, 6), DayKind::MakeupWorkday, Some("anti_fascist_70th")),
        (d(2026, 3, 7), DayKind::Weekend, None),                  // ordinary Saturday
        (d(2026, 3, 8), DayKind::Weekend, None),                  // ordinary Sunday
        (d(2026, 3, 9), DayKind::Workday, None),                  // ordinary Monday
        (d(2026, 10, 11), DayKind::Weekend, None),                // the Sunday after the make-up Saturday
        (d(2004, 1, 1), DayKind::Holiday, Some("new_years_day")), // first covered day
        (d(2026, 12, 31), DayKind::Workday, None),                // last covered day
    ];
    for (date, kind, festival) in cases {
        assert_eq!(cal.day_kind(date).unwrap(), kind, "{date}");
        let day = cal.day(date).unwrap();
        assert_eq!((day.date, day.kind, day.festival), (date, kind, festival), "{date}");
        assert_eq!(cal.is_workday(date).unwrap(), kind.is_workday(), "{date}");
        assert_eq!(cal.is_workday_epoch(calendar::epoch_day(date)).unwrap(), kind.is_workday(), "{date}");
        assert!(cal.covers(date));
    }
}

#[test]
fn day_kind_names_and_workday_flags() {
    assert!(DayKind::Workday.is_workday());
    assert!(DayKind::MakeupWorkday.is_workday());
    assert!(!DayKind::Weekend.is_workday());
    assert!(!DayKind::Holiday.is_workday());
    for (k, s) in [(DayKind::Workday, "workday"), (DayKind::Weekend, "weekend"), (DayKind::Holiday, "holiday"), (DayKind::MakeupWorkday, "makeup_workday")] {
        assert_eq!(k.as_str(), s);
        assert_eq!(serde_json::to_string(&k).unwrap(), format!("\"{s}\""));
    }
}

#[test]
fn marked_days_lists_holidays_and_makeup_days_in_order() {
    let cal = cn();
    let may = cal.marked_days(d(2026, 5, 1), d(2026, 5, 31));
    let got: Vec<(NaiveDate, DayKind, Option<&str>)> = may.iter().map(|x| (x.date, x.kind, x.festival)).collect();
    let mut want: Vec<(NaiveDate, DayKind, Option<&str>)> = (1..=5).map(|i| (d(2026, 5, i), DayKind::Holiday, Some("labour_day"))).collect();
    want.push((d(2026, 5, 9), DayKind::MakeupWorkday, Some("labour_day")));
    assert_eq!(got, want);

    // Mid-Autumn and National Day, including the make-up days before and after.
    let autumn = cal.marked_days(d(2026, 9, 1), d(2026, 10, 31));
    let dates: Vec<NaiveDate> = autumn.iter().map(|x| x.date).collect();
    let mut want = vec![d(2026, 9, 20), d(2026, 9, 25), d(2026, 9, 26), d(2026, 9, 27)];
    want.extend((1..=7).map(|i| d(2026, 10, i)));
    want.push(d(2026, 10, 10));
    assert_eq!(dates, want);
    assert!(dates.windows(2).all(|w| w[0] < w[1]));

    // Inclusive bounds, empty ranges, reversed ranges.
    assert_eq!(cal.marked_days(d(2026, 10, 10), d(2026, 10, 10)).len(), 1);
    assert!(cal.marked_days(d(2026, 3, 9), d(2026, 3, 20)).is_empty());
    assert!(cal.marked_days(d(2026, 5, 31), d(2026, 5, 1)).is_empty());
    // Outside coverage: nothing marked, no error.
    assert!(cal.marked_days(d(2030, 1, 1), d(2030, 12, 31)).is_empty());
    // The 70th anniversary break of 2015.
    let v = cal.marked_days(d(2015, 9, 1), d(2015, 9, 10));
    assert_eq!(v.len(), 4);
    assert!(v.iter().all(|x| x.festival == Some("anti_fascist_70th")));
}

#[test]
fn builtin_and_cn_are_the_same_calendar() {
    let cal = cn();
    assert_eq!(Calendar::builtin("CN").unwrap(), cal);
    assert_eq!(cal.name(), "CN");
    let cov = cal.coverage().unwrap();
    assert_eq!((cov.from, cov.to), (2004, 2026));
    assert_eq!(cal.policy(), CoveragePolicy::Strict);
    assert_eq!(cal.weekmask(), [true, true, true, true, true, false, false]);
    assert_eq!(cal.sources().len(), 1);
    assert_eq!(cal.sources()[0].name, "CN");
    let e = Calendar::builtin("XX").unwrap_err();
    assert!(e.is_invalid_input());
    assert!(e.to_string().contains("XX"));
}

// ---------------------------------------------------------------------------------------------
// add_working_days

#[test]
fn add_working_days_zero_is_identity_even_on_rest_days() {
    let cal = cn();
    for date in [d(2026, 10, 1), d(2026, 3, 7), d(2026, 3, 9), d(2026, 2, 14), d(2004, 1, 1), d(2026, 12, 31)] {
        assert_eq!(cal.add_working_days(date, 0).unwrap(), date);
    }
}

#[test]
fn add_working_days_around_national_day() {
    let cal = cn();
    let cases = [
        (d(2026, 9, 30), 1, d(2026, 10, 8)),
        (d(2026, 9, 30), 2, d(2026, 10, 9)),
        (d(2026, 9, 30), 3, d(2026, 10, 10)), // make-up Saturday counts
        (d(2026, 9, 30), 4, d(2026, 10, 12)), // Sunday 10-11 does not
        (d(2026, 9, 30), 5, d(2026, 10, 13)),
        (d(2026, 10, 1), 1, d(2026, 10, 8)), // from inside the break
        (d(2026, 10, 7), 1, d(2026, 10, 8)),
        (d(2026, 10, 8), -1, d(2026, 9, 30)),
        (d(2026, 10, 13), -5, d(2026, 9, 30)),
        (d(2026, 10, 1), -1, d(2026, 9, 30)), // strictly before
        (d(2026, 10, 12), -1, d(2026, 10, 10)),
        (d(2026, 9, 21), -1, d(2026, 9, 20)), // 09-20 is a make-up Sunday
        (d(2026, 9, 18), 1, d(2026, 9, 20)),
        (d(2026, 9, 24), 1, d(2026, 9, 28)), // Mid-Autumn 25–27
    ];
    for (from, n, want) in cases {
        assert_eq!(cal.add_working_days(from, n).unwrap(), want, "{from} {n:+}");
    }
}

#[test]
fn add_working_days_around_spring_festival() {
    let cal = cn();
    let cases = [
        (d(2026, 2, 13), 1, d(2026, 2, 14)),
        (d(2026, 2, 13), 2, d(2026, 2, 24)),
        (d(2026, 2, 13), 3, d(2026, 2, 25)),
        (d(2026, 2, 13), 5, d(2026, 2, 27)),
        (d(2026, 2, 27), 1, d(2026, 2, 28)), // make-up Saturday
        (d(2026, 2, 28), 1, d(2026, 3, 2)),
        (d(2026, 2, 24), -1, d(2026, 2, 14)),
        (d(2026, 2, 24), -5, d(2026, 2, 10)),
        (d(2026, 2, 20), -1, d(2026, 2, 14)),
        (d(2026, 2, 20), 1, d(2026, 2, 24)),
        (d(2026, 3, 2), -1, d(2026, 2, 28)),
    ];
    for (from, n, want) in cases {
        assert_eq!(cal.add_working_days(from, n).unwrap(), want, "{from} {n:+}");
    }
}

#[test]
fn add_working_days_across_the_year_boundary() {
    let cal = cn();
    let cases = [
        (d(2025, 12, 31), 1, d(2026, 1, 4)), // 01-01..03 off, Sunday 01-04 worked
        (d(2025, 12, 31), 2, d(2026, 1, 5)),
        (d(2025, 12, 31), 5, d(2026, 1, 8)),
        (d(2026, 1, 4), -1, d(2025, 12, 31)),
        (d(2026, 1, 5), -5, d(2025, 12, 26)),
        (d(2026, 1, 2), -1, d(2025, 12, 31)),
        (d(2025, 12, 26), 5, d(2026, 1, 5)), // 29, 30, 31, 01-04, 01-05
        (d(2024, 12, 31), 1, d(2025, 1, 2)),
    ];
    for (from, n, want) in cases {
        assert_eq!(cal.add_working_days(from, n).unwrap(), want, "{from} {n:+}");
    }
}

#[test]
fn add_working_days_epoch_agrees_with_dates() {
    let cal = cn();
    assert_eq!(cal.add_working_days_epoch(20_726, 5).unwrap(), 20_739); // 2026-09-30 → 10-13
    for (from, n) in [(d(2026, 2, 13), 3), (d(2025, 12, 31), 1), (d(2026, 1, 5), -5)] {
        let via_epoch = cal.add_working_days_epoch(calendar::epoch_day(from), n).unwrap();
        assert_eq!(calendar::date_from_epoch_day(via_epoch).unwrap(), cal.add_working_days(from, n).unwrap());
    }
}

#[test]
fn add_working_days_rejects_absurd_offsets() {
    let cal = provisional();
    for n in [i64::MAX, i64::MIN, 100_000_001, -100_000_001] {
        let e = cal.add_working_days(d(2026, 3, 9), n).unwrap_err();
        assert!(e.is_invalid_input(), "{n}: {e:?}");
        assert_eq!(e.field(), Some("n"));
    }
    // Inside the accepted range but beyond chrono's dates: an error, not a panic.
    let e = cal.add_working_days(d(2026, 3, 9), 100_000_000).unwrap_err();
    assert!(e.is_invalid_input(), "{e:?}");
}

// ---------------------------------------------------------------------------------------------
// busday_offset (numpy semantics)

#[test]
fn roll_parses_numpy_names() {
    for (s, r) in [
        ("raise", Roll::Raise),
        ("forward", Roll::Forward),
        ("following", Roll::Following),
        ("backward", Roll::Backward),
        ("preceding", Roll::Preceding),
        ("modifiedfollowing", Roll::ModifiedFollowing),
        ("modifiedpreceding", Roll::ModifiedPreceding),
    ] {
        assert_eq!(s.parse::<Roll>().unwrap(), r);
        assert_eq!(serde_json::to_string(&r).unwrap(), format!("\"{s}\""));
    }
    assert_eq!(Roll::default(), Roll::Raise);
    let e = "Forward".parse::<Roll>().unwrap_err();
    assert!(e.is_invalid_input());
    assert_eq!(e.field(), Some("roll"));
}

const ALL_ROLLS: [Roll; 7] = [Roll::Raise, Roll::Forward, Roll::Following, Roll::Backward, Roll::Preceding, Roll::ModifiedFollowing, Roll::ModifiedPreceding];

#[test]
fn busday_offset_on_a_workday_ignores_the_roll() {
    let cal = mf(&[]);
    for roll in ALL_ROLLS {
        assert_eq!(cal.busday_offset(d(2026, 3, 4), 0, roll).unwrap(), d(2026, 3, 4));
        assert_eq!(cal.busday_offset(d(2026, 3, 4), 3, roll).unwrap(), d(2026, 3, 9));
        assert_eq!(cal.busday_offset(d(2026, 3, 4), -3, roll).unwrap(), d(2026, 2, 27));
    }
}

#[test]
fn busday_offset_raise_errors_on_a_rest_day() {
    let cal = mf(&[d(2026, 3, 4)]);
    for date in [d(2026, 3, 7), d(2026, 3, 8), d(2026, 3, 4)] {
        for n in [0, 1, -1] {
            let e = cal.busday_offset(date, n, Roll::Raise).unwrap_err();
            assert!(e.is_invalid_input(), "{e:?}");
            assert_eq!(e.field(), Some("date"));
            assert!(e.to_string().contains("non-business day"), "{e}");
            assert!(e.to_string().contains(&date.to_string()), "{e}");
        }
    }
    let e = cn().busday_offset(d(2026, 10, 1), 0, Roll::Raise).unwrap_err();
    assert!(e.is_invalid_input());
}

#[test]
fn busday_offset_forward_and_backward_on_weekmask_calendar() {
    // Saturday 2026-03-07; Friday 03-06; Monday 03-09.
    let cal = mf(&[]);
    let sat = d(2026, 3, 7);
    for roll in [Roll::Forward, Roll::Following] {
        assert_eq!(cal.busday_offset(sat, 0, roll).unwrap(), d(2026, 3, 9));
        assert_eq!(cal.busday_offset(sat, 1, roll).unwrap(), d(2026, 3, 10));
        // numpy: roll first (to Monday), then move back one working day → Friday.
        assert_eq!(cal.busday_offset(sat, -1, roll).unwrap(), d(2026, 3, 6));
    }
    for roll in [Roll::Backward, Roll::Preceding] {
        assert_eq!(cal.busday_offset(sat, 0, roll).unwrap(), d(2026, 3, 6));
        assert_eq!(cal.busday_offset(sat, 1, roll).unwrap(), d(2026, 3, 9));
        assert_eq!(cal.busday_offset(sat, -1, roll).unwrap(), d(2026, 3, 5));
    }
    // With a holiday on Monday 03-09 the forward roll skips it.
    let cal = mf(&[d(2026, 3, 9)]);
    assert_eq!(cal.busday_offset(sat, 0, Roll::Forward).unwrap(), d(2026, 3, 10));
    assert_eq!(cal.busday_offset(d(2026, 3, 9), 0, Roll::Backward).unwrap(), d(2026, 3, 6));
}

#[test]
fn busday_offset_modified_rolls_at_month_end_and_start() {
    let cal = mf(&[]);
    // Saturday 2026-01-31: following is Monday 02-02 (another month) → preceding Friday 01-30.
    assert_eq!(cal.busday_offset(d(2026, 1, 31), 0, Roll::ModifiedFollowing).unwrap(), d(2026, 1, 30));
    assert_eq!(cal.busday_offset(d(2026, 1, 31), 0, Roll::ModifiedPreceding).unwrap(), d(2026, 1, 30));
    assert_eq!(cal.busday_offset(d(2026, 1, 31), 1, Roll::ModifiedFollowing).unwrap(), d(2026, 2, 2));
    // Sunday 2026-02-01: preceding is Friday 01-30 (another month) → following Monday 02-02.
    assert_eq!(cal.busday_offset(d(2026, 2, 1), 0, Roll::ModifiedPreceding).unwrap(), d(2026, 2, 2));
    assert_eq!(cal.busday_offset(d(2026, 2, 1), 0, Roll::ModifiedFollowing).unwrap(), d(2026, 2, 2));
    assert_eq!(cal.busday_offset(d(2026, 2, 1), -1, Roll::ModifiedPreceding).unwrap(), d(2026, 1, 30));
    // Saturday 2026-08-01: preceding Friday 07-31 crosses back → Monday 08-03.
    assert_eq!(cal.busday_offset(d(2026, 8, 1), 0, Roll::ModifiedPreceding).unwrap(), d(2026, 8, 3));
    // Mid-month weekend: the modified rolls behave like the plain ones.
    assert_eq!(cal.busday_offset(d(2026, 3, 7), 0, Roll::ModifiedFollowing).unwrap(), d(2026, 3, 9));
    assert_eq!(cal.busday_offset(d(2026, 3, 7), 0, Roll::ModifiedPreceding).unwrap(), d(2026, 3, 6));

    // Holidays widen the gap: Friday 01-30 off too → modified following goes back to Thursday.
    let cal = mf(&[d(2026, 1, 30)]);
    assert_eq!(cal.busday_offset(d(2026, 1, 31), 0, Roll::ModifiedFollowing).unwrap(), d(2026, 1, 29));
    assert_eq!(cal.busday_offset(d(2026, 1, 30), 0, Roll::ModifiedFollowing).unwrap(), d(2026, 1, 29));
    // Monday 02-02 off too: modified preceding from 02-01 must go forward to Tuesday 02-03.
    let cal = mf(&[d(2026, 2, 2)]);
    assert_eq!(cal.busday_offset(d(2026, 2, 1), 0, Roll::ModifiedPreceding).unwrap(), d(2026, 2, 3));
    assert_eq!(cal.busday_offset(d(2026, 2, 2), 0, Roll::ModifiedPreceding).unwrap(), d(2026, 2, 3));
    assert_eq!(cal.busday_offset(d(2026, 2, 2), 0, Roll::Preceding).unwrap(), d(2026, 1, 30));
    // December to January (year boundary) counts as a month change.
    let cal = mf(&[]);
    // Saturday 2022-12-31: following Monday 2023-01-02 → modified following Friday 2022-12-30.
    assert_eq!(cal.busday_offset(d(2022, 12, 31), 0, Roll::ModifiedFollowing).unwrap(), d(2022, 12, 30));
    // Same month number, other year is still another month: Sunday 2023-01-01 preceding is
    // 2022-12-30 → modified preceding goes forward to Monday 2023-01-02.
    assert_eq!(cal.busday_offset(d(2023, 1, 1), 0, Roll::ModifiedPreceding).unwrap(), d(2023, 1, 2));
}

#[test]
fn busday_offset_on_cn() {
    let cal = cn();
    let oct1 = d(2026, 10, 1);
    assert_eq!(cal.busday_offset(oct1, 0, Roll::Forward).unwrap(), d(2026, 10, 8));
    assert_eq!(cal.busday_offset(oct1, 0, Roll::Following).unwrap(), d(2026, 10, 8));
    assert_eq!(cal.busday_offset(oct1, 0, Roll::Backward).unwrap(), d(2026, 9, 30));
    assert_eq!(cal.busday_offset(oct1, 0, Roll::Preceding).unwrap(), d(2026, 9, 30));
    assert_eq!(cal.busday_offset(oct1, 0, Roll::ModifiedFollowing).unwrap(), d(2026, 10, 8));
    // Preceding would be 09-30 (September) → modified preceding rolls forward.
    assert_eq!(cal.busday_offset(oct1, 0, Roll::ModifiedPreceding).unwrap(), d(2026, 10, 8));
    assert_eq!(cal.busday_offset(d(2026, 10, 7), 0, Roll::ModifiedPreceding).unwrap(), d(2026, 10, 8));
    assert_eq!(cal.busday_offset(oct1, 2, Roll::Forward).unwrap(), d(2026, 10, 10));
    assert_eq!(cal.busday_offset(oct1, -1, Roll::Forward).unwrap(), d(2026, 9, 30));
    assert_eq!(cal.busday_offset(oct1, 1, Roll::Backward).unwrap(), d(2026, 10, 8));
    // Labour Day 2026-05-01 (Friday) .. 05-05: preceding 04-30 → forward 05-06.
    assert_eq!(cal.busday_offset(d(2026, 5, 1), 0, Roll::ModifiedPreceding).unwrap(), d(2026, 5, 6));
    assert_eq!(cal.busday_offset(d(2026, 5, 1), 0, Roll::Preceding).unwrap(), d(2026, 4, 30));
    // Sunday 2026-05-31: following Monday 06-01 → modified following Friday 05-29.
    assert_eq!(cal.busday_offset(d(2026, 5, 31), 0, Roll::ModifiedFollowing).unwrap(), d(2026, 5, 29));
    // 2026-01-01: preceding 2025-12-31 (another month and year) → forward to the make-up Sunday.
    assert_eq!(cal.busday_offset(d(2026, 1, 1), 0, Roll::ModifiedPreceding).unwrap(), d(2026, 1, 4));
    // A make-up day is a working day: every roll leaves it alone.
    for roll in ALL_ROLLS {
        assert_eq!(cal.busday_offset(d(2026, 2, 14), 0, roll).unwrap(), d(2026, 2, 14));
        assert_eq!(cal.busday_offset(d(2026, 2, 14), 1, roll).unwrap(), d(2026, 2, 24));
    }
    // Spring festival inside one month: modified following is plain following.
    assert_eq!(cal.busday_offset(d(2026, 2, 23), 0, Roll::ModifiedFollowing).unwrap(), d(2026, 2, 24));
    assert_eq!(cal.busday_offset(d(2026, 2, 23), 0, Roll::ModifiedPreceding).unwrap(), d(2026, 2, 14));
    // Epoch version.
    assert_eq!(cal.busday_offset_epoch(20_726, 5, Roll::Raise).unwrap(), 20_739);
}

// ---------------------------------------------------------------------------------------------
// busday_count

#[test]
fn busday_count_numpy_semantics() {
    let cal = mf(&[]);
    assert_eq!(cal.busday_count(d(2026, 3, 2), d(2026, 3, 9)).unwrap(), 5);
    assert_eq!(cal.busday_count(d(2026, 3, 9), d(2026, 3, 2)).unwrap(), -5);
    assert_eq!(cal.busday_count(d(2026, 3, 7), d(2026, 3, 7)).unwrap(), 0);
    assert_eq!(cal.busday_count(d(2026, 3, 4), d(2026, 3, 4)).unwrap(), 0);
    assert_eq!(cal.busday_count(d(2026, 3, 4), d(2026, 3, 5)).unwrap(), 1); // begin included
    assert_eq!(cal.busday_count(d(2026, 3, 5), d(2026, 3, 4)).unwrap(), -1);
    assert_eq!(cal.busday_count(d(2026, 3, 7), d(2026, 3, 9)).unwrap(), 0); // end excluded
    let cal = mf(&[d(2026, 3, 4), d(2026, 3, 7)]); // a weekday and a Saturday holiday
    assert_eq!(cal.busday_count(d(2026, 3, 2), d(2026, 3, 9)).unwrap(), 4);
    assert_eq!(cal.busday_count(d(2026, 3, 9), d(2026, 3, 2)).unwrap(), -4);
    // Far from the holiday table (periodic part).
    let cal = mf(&[d(2026, 3, 4)]);
    assert_eq!(cal.busday_count(d(1990, 1, 1), d(1990, 1, 8)).unwrap(), 5);
    assert_eq!(cal.busday_count(d(2100, 1, 4), d(2100, 1, 11)).unwrap(), 5);
}

#[test]
fn busday_count_on_cn() {
    let cal = cn();
    assert_eq!(cal.busday_count(d(2026, 2, 13), d(2026, 2, 26)).unwrap(), 4); // 13, 14, 24, 25
    assert_eq!(cal.busday_count(d(2026, 2, 26), d(2026, 2, 13)).unwrap(), -4);
    assert_eq!(cal.busday_count(d(2026, 9, 30), d(2026, 10, 14)).unwrap(), 6);
    assert_eq!(cal.busday_count(d(2025, 12, 31), d(2026, 1, 9)).unwrap(), 6);
    assert_eq!(cal.busday_count(d(2026, 10, 1), d(2026, 10, 1)).unwrap(), 0);
    assert_eq!(cal.busday_count(d(2026, 10, 1), d(2026, 10, 8)).unwrap(), 0);
    assert_eq!(cal.busday_count_epoch(20_726, 20_740).unwrap(), 6);
    assert_eq!(cal.busday_count_epoch(20_740, 20_726).unwrap(), -6);
    // Whole covered range: [2004-01-01, 2027-01-01).
    let all = cal.busday_count(d(2004, 1, 1), d(2027, 1, 1)).unwrap();
    assert!(all > 23 * 240 && all < 23 * 255, "{all}");
}

// ---------------------------------------------------------------------------------------------
// coverage (R-SLA-7)

#[test]
fn strict_cn_fails_outside_coverage_with_the_year() {
    let cal = cn();
    let e = cal.day_kind(d(2027, 1, 4)).unwrap_err();
    assert!(e.is_coverage());
    assert_eq!(e.kind(), ErrorKind::Coverage);
    assert_eq!(e.year(), Some(2027));
    assert_eq!(e.rule(), Some("R-SLA-7"));
    let msg = e.to_string();
    assert!(msg.contains("2027") && msg.contains("\"CN\"") && msg.contains("[R-SLA-7]"), "{msg}");

    let e = cal.is_workday(d(2003, 12, 31)).unwrap_err();
    assert!(e.is_coverage());
    assert_eq!(e.year(), Some(2003));
    assert!(e.to_string().contains("2003"));
    assert!(cal.day(d(2003, 6, 1)).unwrap_err().is_coverage());

    let e = cal.add_working_days(d(2026, 12, 25), 5).unwrap_err();
    assert!(e.is_coverage());
    assert_eq!(e.year(), Some(2027));
    let e = cal.add_working_days(d(2026, 12, 31), 1).unwrap_err();
    assert_eq!(e.year(), Some(2027));
    // 2004-01-01 is a holiday, so the working day before 2004-01-02 is in 2003.
    let e = cal.add_working_days(d(2004, 1, 2), -1).unwrap_err();
    assert!(e.is_coverage());
    assert_eq!(e.year(), Some(2003));
    let e = cal.add_working_days(d(2003, 6, 1), 1).unwrap_err();
    assert_eq!(e.year(), Some(2003));
    let e = cal.busday_offset(d(2027, 1, 4), 0, Roll::Forward).unwrap_err();
    assert_eq!(e.year(), Some(2027));
    let e = cal.busday_offset(d(2026, 12, 31), 1, Roll::Raise).unwrap_err();
    assert_eq!(e.year(), Some(2027));
    assert!(!cal.covers(d(2027, 1, 1)));
    assert!(!cal.covers(d(2003, 12, 31)));
    assert!(cal.covers(d(2004, 1, 1)) && cal.covers(d(2026, 12, 31)));
    // Inside coverage right up to the edges.
    assert_eq!(cal.add_working_days(d(2026, 12, 25), 4).unwrap(), d(2026, 12, 31));
    assert_eq!(cal.add_working_days(d(2004, 1, 5), -1).unwrap(), d(2004, 1, 2));
}

#[test]
fn strict_roll_out_of_coverage_and_back() {
    let cal = cn();
    // 2004-01-01 is a holiday. Rolling backward lands on an unknown 2003 day; moving one
    // working day forward from there is 2004-01-02 whatever 2003 holds, and the calendar
    // answers. Staying on the rolled 2003 day is a coverage error.
    assert_eq!(cal.busday_offset(d(2004, 1, 1), 1, Roll::Backward).unwrap(), d(2004, 1, 2));
    let e = cal.busday_offset(d(2004, 1, 1), 0, Roll::Backward).unwrap_err();
    assert!(e.is_coverage());
    assert_eq!(e.year(), Some(2003));
    let e = cal.busday_offset(d(2004, 1, 1), -1, Roll::Forward).unwrap_err();
    assert_eq!(e.year(), Some(2003));
    // The same from the day before coverage with plain offsets.
    assert_eq!(cal.add_working_days(d(2003, 12, 31), 1).unwrap(), d(2004, 1, 2));
    assert_eq!(cal.add_working_days(d(2027, 1, 1), -1).unwrap(), d(2026, 12, 31));
}

#[test]
fn coverage_error_names_the_first_missing_year_consistently() {
    let cal = cn();
    // 300 working days after 2026-12-25 are in 2028, but the first missing year is 2027:
    // loading 2028 alone is impossible (an overlay must adjoin the coverage).
    let e = cal.add_working_days(d(2026, 12, 25), 300).unwrap_err();
    assert!(e.is_coverage());
    // busday_count over the same span names 2027, and the symmetric case before names 2003.
    assert_eq!(cal.busday_count(d(2026, 12, 25), d(2028, 3, 1)).unwrap_err().year(), Some(2027));
    assert_eq!(cal.add_working_days(d(2004, 1, 5), -300).unwrap_err().year(), Some(2003));
    assert_eq!(e.year(), Some(2027), "{e}");
}

#[test]
fn busday_count_up_to_the_end_of_coverage() {
    let cal = cn();
    // December 2026: 23 weekdays, no holiday.
    assert_eq!(cal.busday_count(d(2026, 12, 1), d(2027, 1, 1)).unwrap(), 23);
    // Reversed, numpy counts (end, begin]: (2026-11-30, 2026-12-31] is December.
    assert_eq!(cal.busday_count(d(2026, 12, 31), d(2026, 11, 30)).unwrap(), -23);
    assert_eq!(cal.busday_count(d(2027, 1, 1), d(2026, 12, 1)).unwrap_err().year(), Some(2027));
    assert_eq!(cal.busday_count(d(2027, 1, 1), d(2027, 1, 1)).unwrap(), 0);
    let e = cal.busday_count(d(2026, 12, 1), d(2027, 1, 2)).unwrap_err();
    assert!(e.is_coverage());
    assert_eq!(e.year(), Some(2027));
    let e = cal.busday_count(d(2027, 1, 2), d(2026, 12, 1)).unwrap_err();
    assert_eq!(e.year(), Some(2027));
    // Before: begin 2004-01-01 works, 2003-12-31 does not.
    assert_eq!(cal.busday_count(d(2004, 1, 1), d(2004, 1, 5)).unwrap(), 1); // 01-01 off, 01-02 worked
    let e = cal.busday_count(d(2003, 12, 31), d(2004, 1, 5)).unwrap_err();
    assert!(e.is_coverage());
    assert_eq!(e.year(), Some(2003));
}

#[test]
fn provisional_policy_is_weekends_only_outside_coverage() {
    let cal = provisional();
    assert_eq!(cal.policy(), CoveragePolicy::Provisional);
    assert_eq!(cal.day_kind(d(2027, 1, 1)).unwrap(), DayKind::Workday); // a Friday, not known as a holiday
    assert_eq!(cal.day_kind(d(2027, 1, 2)).unwrap(), DayKind::Weekend);
    assert_eq!(cal.day(d(2027, 1, 1)).unwrap().festival, None);
    assert_eq!(cal.day_kind(d(2003, 12, 31)).unwrap(), DayKind::Workday);
    assert_eq!(cal.add_working_days(d(2026, 12, 25), 5).unwrap(), d(2027, 1, 1));
    assert_eq!(cal.add_working_days(d(2004, 1, 2), -1).unwrap(), d(2003, 12, 31));
    assert_eq!(cal.busday_count(d(2026, 12, 28), d(2027, 1, 11)).unwrap(), 10);
    assert_eq!(cal.busday_offset(d(2027, 1, 2), 0, Roll::Forward).unwrap(), d(2027, 1, 4));
    assert_eq!(cal.busday_offset(d(2031, 5, 31), 0, Roll::ModifiedFollowing).unwrap(), d(2031, 5, 30));
    assert!(!cal.covers(d(2027, 1, 1)));
    assert!(!cal.covers(d(2003, 12, 31)));
    assert!(cal.covers(d(2026, 10, 1)));
    // Inside coverage the data still applies.
    assert_eq!(cal.day_kind(d(2026, 10, 1)).unwrap(), DayKind::Holiday);
    assert_eq!(cal.add_working_days(d(2026, 9, 30), 5).unwrap(), d(2026, 10, 13));
    // The policy does not change the calendar's identity otherwise.
    assert_eq!(cal.name(), "CN");
    assert_eq!(cal.with_policy(CoveragePolicy::Strict), cn());
}

#[test]
fn weekmask_calendar_has_no_coverage_limit() {
    let cal = mf(&[d(2026, 1, 1)]);
    assert_eq!(cal.coverage(), None);
    assert_eq!(cal.name(), "weekmask:1111100");
    assert!(cal.covers(d(1900, 1, 1)) && cal.covers(d(2200, 1, 1)));
    assert_eq!(cal.day_kind(d(2026, 1, 1)).unwrap(), DayKind::Holiday);
    assert_eq!(cal.day(d(2026, 1, 1)).unwrap().festival, None);
    assert_eq!(cal.day_kind(d(1900, 1, 1)).unwrap(), DayKind::Workday);
    assert_eq!(cal.busday_count(d(2025, 12, 29), d(2026, 1, 5)).unwrap(), 4);
    assert_eq!(cal.weekmask_holidays(), &[d(2026, 1, 1)]);
    assert_eq!(cal.marked_days(d(2025, 1, 1), d(2027, 1, 1)).len(), 1);
    // Duplicate holidays are harmless.
    let cal2 = Calendar::from_weekmask("1111100", &[d(2026, 1, 1), d(2026, 1, 1)]).unwrap();
    assert_eq!(cal2.weekmask_holidays(), &[d(2026, 1, 1)]);
    // numpy also accepts day names.
    let cal3 = Calendar::from_weekmask("Mon Tue Wed Thu Fri", &[]).unwrap();
    assert_eq!(cal3.weekmask(), [true, true, true, true, true, false, false]);
    for bad in ["0000000", "111110", "11111002", "Mon Xyz", ""] {
        let e = Calendar::from_weekmask(bad, &[]).unwrap_err();
        assert!(e.is_invalid_input(), "{bad:?}: {e:?}");
        assert_eq!(e.field(), Some("weekmask"));
    }
    // A weekmask calendar takes no overlays.
    let overlay = CalendarData::from_toml(EXAMPLE_OVERLAY_DATA).unwrap();
    assert!(cal.with_overlay(&overlay).unwrap_err().is_invalid_input());
}

#[test]
fn weekmask_calendar_with_only_weekend_days_is_accepted() {
    let cal = Calendar::from_weekmask("0000011", &[]).unwrap();
    // numpy: np.busday_count('2026-03-02', '2026-03-09', weekmask='0000011') == 2
    assert_eq!(cal.busday_count(d(2026, 3, 2), d(2026, 3, 9)).unwrap(), 2);
    assert_eq!(cal.busday_offset(d(2026, 3, 2), 0, Roll::Forward).unwrap(), d(2026, 3, 7));
}

// ---------------------------------------------------------------------------------------------
// loading errors

#[test]
fn minimal_data_loads_from_toml_and_json() {
    let cal = Calendar::from_toml(&toml_with(
        "[[festivals]]\nyear = 2026\nfestival = \"labour_day\"\nlabel = \"劳动节\"\nholidays = [\"2026-05-01..2026-05-05\"]\nworkdays = [\"2026-05-09\"]\nnotice = \"国办发明电〔2025〕7号\"\n",
    ))
    .unwrap();
    assert_eq!(cal.name(), "T");
    assert_eq!(cal.day_kind(d(2026, 5, 3)).unwrap(), DayKind::Holiday);
    assert_eq!(cal.day_kind(d(2026, 5, 9)).unwrap(), DayKind::MakeupWorkday);
    let json = r#"{"schema_version":1,"name":"T","coverage":{"from":2026,"to":2026},
        "festivals":[{"year":2026,"festival":"labour_day","holidays":["2026-05-01..2026-05-05"],"workdays":["2026-05-09"]}]}"#;
    let cal2 = Calendar::from_json(json).unwrap();
    assert_eq!(cal2.marked_days(d(2026, 1, 1), d(2026, 12, 31)), cal.marked_days(d(2026, 1, 1), d(2026, 12, 31)));
    // The CN data round-trips through JSON.
    let data = CalendarData::from_toml(calendar::CN_DATA).unwrap();
    let back = Calendar::from_json(&data.to_json()).unwrap();
    assert_eq!(back.marked_days(d(2004, 1, 1), d(2026, 12, 31)), cn().marked_days(d(2004, 1, 1), d(2026, 12, 31)));
    // A December date belongs to the next year's New Year entry.
    let cal3 = Calendar::from_toml(
        "schema_version = 1\nname = \"T\"\ncoverage = { from = 2025, to = 2026 }\n[[festivals]]\nyear = 2026\nfestival = \"new_years_day\"\nholidays = [\"2025-12-31..2026-01-01\"]\n",
    )
    .unwrap();
    assert_eq!(cal3.day_kind(d(2025, 12, 31)).unwrap(), DayKind::Holiday);
}

#[test]
fn same_date_as_holiday_and_workday_is_refused() {
    let text = toml_with("[[festivals]]\nyear = 2026\nfestival = \"labour_day\"\nholidays = [\"2026-05-01..2026-05-05\"]\nworkdays = [\"2026-05-02\"]\n");
    let e = Calendar::from_toml(&text).unwrap_err();
    assert_one_problem(&e, "festivals[0].workdays[0]", "2026-05-02");
    assert!(e.problems()[0].message.contains("festivals[0].holidays[0]"), "{e}");
    // The same conflict across two entries, in JSON.
    let json = r#"{"schema_version":1,"name":"T","coverage":{"from":2026,"to":2026},"festivals":[
        {"year":2026,"festival":"a","holidays":["2026-10-03"]},
        {"year":2026,"festival":"b","workdays":["2026-10-03"]}]}"#;
    let e = Calendar::from_json(json).unwrap_err();
    assert_one_problem(&e, "festivals[1].workdays[0]", "2026-10-03");
}

#[test]
fn date_listed_twice_is_refused() {
    let e =
        Calendar::from_toml(&toml_with("[[festivals]]\nyear = 2026\nfestival = \"labour_day\"\nholidays = [\"2026-05-01\", \"2026-05-01\"]\n")).unwrap_err();
    assert_one_problem(&e, "festivals[0].holidays[1]", "listed twice");
    // Overlapping ranges in two entries.
    let e = Calendar::from_toml(&toml_with(
        "[[festivals]]\nyear = 2026\nfestival = \"a\"\nholidays = [\"2026-10-01..2026-10-03\"]\n\
         [[festivals]]\nyear = 2026\nfestival = \"b\"\nholidays = [\"2026-10-03..2026-10-04\"]\n",
    ))
    .unwrap_err();
    assert_one_problem(&e, "festivals[1].holidays[0]", "2026-10-03");
    let json = r#"{"schema_version":1,"name":"T","coverage":{"from":2026,"to":2026},"festivals":[
        {"year":2026,"festival":"a","workdays":["2026-10-10","2026-10-10"]}]}"#;
    assert_one_problem(&Calendar::from_json(json).unwrap_err(), "festivals[0].workdays[1]", "listed twice");
}

#[test]
fn makeup_workday_must_be_a_weekend_day() {
    let e = Calendar::from_toml(&toml_with("[[festivals]]\nyear = 2026\nfestival = \"x\"\nworkdays = [\"2026-03-04\"]\n")).unwrap_err();
    assert_one_problem(&e, "festivals[0].workdays[0]", "not a weekend day");
    assert!(e.to_string().contains("2026-03-04"));
    let json = r#"{"schema_version":1,"name":"X","coverage":{"from":2026,"to":2026},
        "festivals":[{"year":2026,"festival":"x","workdays":["2026-03-04"]}]}"#;
    assert_one_problem(&Calendar::from_json(json).unwrap_err(), "festivals[0].workdays[0]", "not a weekend day");
    // With another weekmask, Saturday is a working day and cannot be a make-up day.
    let e = Calendar::from_toml(
        "schema_version = 1\nname = \"T\"\nweekmask = \"1111110\"\ncoverage = { from = 2026, to = 2026 }\n\
         [[festivals]]\nyear = 2026\nfestival = \"x\"\nworkdays = [\"2026-03-07\"]\n",
    )
    .unwrap_err();
    assert_one_problem(&e, "festivals[0].workdays[0]", "not a weekend day");
    // Make-up days are single dates, never ranges.
    let e = Calendar::from_toml(&toml_with("[[festivals]]\nyear = 2026\nfestival = \"x\"\nworkdays = [\"2026-03-07..2026-03-08\"]\n")).unwrap_err();
    assert_one_problem(&e, "festivals[0].workdays[0]", "one date at a time");
}

#[test]
fn dates_outside_the_declared_coverage_are_refused() {
    let e = Calendar::from_toml(&toml_with("[[festivals]]\nyear = 2026\nfestival = \"new_years_day\"\nholidays = [\"2027-01-01\"]\n")).unwrap_err();
    assert_one_problem(&e, "festivals[0].holidays[0]", "outside the declared coverage");
    assert!(e.to_string().contains("2027-01-01"));
    // The entry's year itself outside coverage.
    let e = Calendar::from_toml(&toml_with("[[festivals]]\nyear = 2027\nfestival = \"x\"\n")).unwrap_err();
    assert_one_problem(&e, "festivals[0].year", "2027");
    // JSON.
    let json = r#"{"schema_version":1,"name":"T","coverage":{"from":2026,"to":2026},
        "festivals":[{"year":2026,"festival":"x","holidays":["2025-12-31"]}]}"#;
    assert_one_problem(&Calendar::from_json(json).unwrap_err(), "festivals[0].holidays[0]", "outside the declared coverage");
    // A date far from the entry's year.
    let e = Calendar::from_toml(
        "schema_version = 1\nname = \"T\"\ncoverage = { from = 2020, to = 2026 }\n[[festivals]]\nyear = 2026\nfestival = \"x\"\nholidays = [\"2020-05-01\"]\n",
    )
    .unwrap_err();
    assert_one_problem(&e, "festivals[0].holidays[0]", "far from the entry's year");
    // Coverage itself: reversed and out of the supported years.
    let e = Calendar::from_toml("schema_version = 1\nname = \"T\"\ncoverage = { from = 2026, to = 2025 }\n").unwrap_err();
    assert_one_problem(&e, "coverage", "after");
    let e = Calendar::from_toml("schema_version = 1\nname = \"T\"\ncoverage = { from = 1800, to = 2026 }\n").unwrap_err();
    assert_one_problem(&e, "coverage", "1900..2200");
}

#[test]
fn malformed_and_impossible_dates_are_refused() {
    for (text, msg) in [
        ("2026-2-3", "malformed date"),
        ("2026/02/03", "malformed date"),
        ("20260203", "malformed date"),
        ("2026-02-03T00:00", "malformed date"),
        ("", "malformed date"),
        ("2026-02-30", "no such date"),
        ("2026-13-01", "no such date"),
        ("2025-02-29", "no such date"),
    ] {
        let e =
            Calendar::from_toml(&toml_with(&format!("[[festivals]]\nyear = 2026\nfestival = \"x\"\nholidays = [\"2026-05-01\", \"{text}\"]\n"))).unwrap_err();
        assert!(e.is_validation(), "{text:?}: {e:?}");
        assert_one_problem(&e, "festivals[0].holidays[1]", msg);
        let json = format!(
            r#"{{"schema_version":1,"name":"T","coverage":{{"from":2026,"to":2026}},"festivals":[{{"year":2026,"festival":"x","workdays":["{text}"]}}]}}"#
        );
        assert_one_problem(&Calendar::from_json(&json).unwrap_err(), "festivals[0].workdays[0]", msg);
    }
    // A malformed end of a range.
    let e = Calendar::from_toml(&toml_with("[[festivals]]\nyear = 2026\nfestival = \"x\"\nholidays = [\"2026-05-01..2026-5-3\"]\n")).unwrap_err();
    assert_one_problem(&e, "festivals[0].holidays[0]", "malformed date");
}

#[test]
fn reversed_and_overlong_ranges_are_refused() {
    let e = Calendar::from_toml(&toml_with("[[festivals]]\nyear = 2026\nfestival = \"x\"\nholidays = [\"2026-05-05..2026-05-01\"]\n")).unwrap_err();
    assert_one_problem(&e, "festivals[0].holidays[0]", "ends before it starts");
    let json = r#"{"schema_version":1,"name":"T","coverage":{"from":2026,"to":2026},
        "festivals":[{"year":2026,"festival":"x","holidays":["2026-10-07..2026-10-01"]}]}"#;
    assert_one_problem(&Calendar::from_json(json).unwrap_err(), "festivals[0].holidays[0]", "ends before it starts");
    let e = Calendar::from_toml(&toml_with("[[festivals]]\nyear = 2026\nfestival = \"x\"\nholidays = [\"2026-01-01..2026-03-01\"]\n")).unwrap_err();
    assert_one_problem(&e, "festivals[0].holidays[0]", "longer than 31 days");
    // A one-day range is fine.
    let cal = Calendar::from_toml(&toml_with("[[festivals]]\nyear = 2026\nfestival = \"x\"\nholidays = [\"2026-05-01..2026-05-01\"]\n")).unwrap();
    assert_eq!(cal.day_kind(d(2026, 5, 1)).unwrap(), DayKind::Holiday);
}

#[test]
fn unknown_fields_are_parse_errors() {
    let e = Calendar::from_toml(&format!("{HEADER_2026}colour = \"red\"\n")).unwrap_err();
    assert!(e.is_parse(), "{e:?}");
    assert!(e.to_string().contains("colour"), "{e}");
    let e = Calendar::from_toml(&toml_with("[[festivals]]\nyear = 2026\nfestival = \"x\"\nholiday = [\"2026-05-01\"]\n")).unwrap_err();
    assert!(e.is_parse(), "{e:?}");
    assert!(e.to_string().contains("holiday"), "{e}");
    let e = Calendar::from_toml("schema_version = 1\nname = \"T\"\ncoverage = { from = 2026, to = 2026, until = 2030 }\n").unwrap_err();
    assert!(e.is_parse());
    assert!(e.to_string().contains("until"), "{e}");
    let e = Calendar::from_json(r#"{"schema_version":1,"name":"T","coverage":{"from":2026,"to":2026},"colour":"red"}"#).unwrap_err();
    assert!(e.is_parse());
    assert!(e.to_string().contains("colour"), "{e}");
    let e = Calendar::from_json(r#"{"schema_version":1,"name":"T","coverage":{"from":2026,"to":2026},"festivals":[{"year":2026,"festival":"x","days":[]}]}"#)
        .unwrap_err();
    assert!(e.is_parse());
    assert!(e.to_string().contains("days"), "{e}");
}

#[test]
fn syntax_errors_and_missing_fields_are_parse_errors() {
    for text in ["schema_version = ", "[[festivals]", "name = \"T\"\n", "schema_version = \"1\"\nname = \"T\"\ncoverage = { from = 2026, to = 2026 }\n"] {
        let e = Calendar::from_toml(text).unwrap_err();
        assert!(e.is_parse(), "{text:?}: {e:?}");
        assert!(e.to_string().contains("TOML"), "{e}");
    }
    for text in ["{", "", "[]", r#"{"schema_version":1,"name":"T"}"#] {
        let e = Calendar::from_json(text).unwrap_err();
        assert!(e.is_parse(), "{text:?}: {e:?}");
        assert!(e.to_string().contains("JSON"), "{e}");
    }
    assert!(CalendarData::from_json("{").unwrap_err().is_parse());
}

#[test]
fn wrong_schema_version_is_refused() {
    let e = Calendar::from_toml("schema_version = 2\nname = \"T\"\ncoverage = { from = 2026, to = 2026 }\n").unwrap_err();
    assert_one_problem(&e, "schema_version", "unsupported schema version 2");
    let e = Calendar::from_json(r#"{"schema_version":0,"name":"T","coverage":{"from":2026,"to":2026}}"#).unwrap_err();
    assert_one_problem(&e, "schema_version", "expected 1");
    assert_eq!(calendar::SCHEMA_VERSION, 1);
}

#[test]
fn bad_festival_ids_and_names_are_refused() {
    for id in ["Spring Festival", "spring-festival", "1st", "", "春节", "_x"] {
        let e = Calendar::from_toml(&toml_with(&format!("[[festivals]]\nyear = 2026\nfestival = \"{id}\"\n"))).unwrap_err();
        assert_one_problem(&e, "festivals[0].festival", "snake_case");
    }
    let e =
        Calendar::from_json(r#"{"schema_version":1,"name":"T","coverage":{"from":2026,"to":2026},"festivals":[{"year":2026,"festival":"Bad"}]}"#).unwrap_err();
    assert_one_problem(&e, "festivals[0].festival", "snake_case");
    let e = Calendar::from_toml("schema_version = 1\nname = \"  \"\ncoverage = { from = 2026, to = 2026 }\n").unwrap_err();
    assert_one_problem(&e, "name", "empty");
    let e = Calendar::from_toml("schema_version = 1\nname = \"T\"\nweekmask = \"11111\"\ncoverage = { from = 2026, to = 2026 }\n").unwrap_err();
    assert_one_problem(&e, "weekmask", "invalid weekmask");
}

#[test]
fn several_problems_are_reported_at_once() {
    let text = "schema_version = 2\nname = \"T\"\ncoverage = { from = 2026, to = 2026 }\n\
        [[festivals]]\nyear = 2026\nfestival = \"Bad Id\"\nholidays = [\"2026-2-3\", \"2026-02-30\", \"2026-05-05..2026-05-01\"]\nworkdays = [\"2026-03-04\"]\n\
        [[festivals]]\nyear = 2026\nfestival = \"ok\"\nholidays = [\"2027-01-01\"]\n";
    let e = Calendar::from_toml(text).unwrap_err();
    assert!(e.is_validation());
    assert_eq!(e.problems().len(), 7, "{:?}", e.problems());
    assert_eq!(
        paths(&e),
        vec![
            "schema_version",
            "festivals[0].festival",
            "festivals[0].holidays[0]",
            "festivals[0].holidays[1]",
            "festivals[0].holidays[2]",
            "festivals[0].workdays[0]",
            "festivals[1].holidays[0]",
        ]
    );
    let msg = e.to_string();
    assert!(msg.contains("7 problem(s)"), "{msg}");
    for p in paths(&e) {
        assert!(msg.contains(p), "{msg} should name {p}");
    }
    // The same in JSON.
    let json = r#"{"schema_version":3,"name":"","coverage":{"from":2026,"to":2026},"festivals":[
        {"year":2026,"festival":"x","holidays":["2026-02-30"],"workdays":["2026-03-04"]}]}"#;
    let e = Calendar::from_json(json).unwrap_err();
    assert_eq!(paths(&e), vec!["schema_version", "name", "festivals[0].holidays[0]", "festivals[0].workdays[0]"]);
}

#[test]
fn an_overlay_cannot_be_loaded_as_a_base_calendar() {
    let e = Calendar::from_toml(EXAMPLE_OVERLAY_DATA).unwrap_err();
    assert!(e.is_invalid_input(), "{e:?}");
    assert_eq!(e.field(), Some("base"));
    assert!(e.to_string().contains("with_overlay"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// overlays

#[test]
fn example_overlay_applies_to_cn() {
    let overlay = CalendarData::from_toml(EXAMPLE_OVERLAY_DATA).unwrap();
    let cal = cn().with_overlay(&overlay).unwrap();
    assert_eq!(cal.name(), "CN+example-wenshan");
    let day = cal.day(d(2026, 4, 20)).unwrap();
    assert_eq!((day.kind, day.festival), (DayKind::Holiday, Some("zhuang_sanyuesan")));
    let day = cal.day(d(2025, 3, 29)).unwrap();
    assert_eq!((day.kind, day.festival), (DayKind::MakeupWorkday, Some("zhuang_sanyuesan")));
    assert_eq!(cal.day_kind(d(2025, 3, 31)).unwrap(), DayKind::Holiday);
    assert_eq!(cal.day_kind(d(2025, 4, 1)).unwrap(), DayKind::Holiday);
    assert_eq!(cal.day(d(2026, 8, 6)).unwrap().festival, Some("yi_torch_festival"));
    // National data is untouched, coverage unchanged.
    assert_eq!(cal.day_kind(d(2026, 10, 1)).unwrap(), DayKind::Holiday);
    assert_eq!(cal.coverage().unwrap().from, 2004);
    assert_eq!(cal.coverage().unwrap().to, 2026);
    assert_eq!(cal.sources().len(), 2);
    // Arithmetic follows: Friday 2026-04-17 + 1 working day skips Monday 04-20.
    assert_eq!(cal.add_working_days(d(2026, 4, 17), 1).unwrap(), d(2026, 4, 21));
    assert_eq!(cn().add_working_days(d(2026, 4, 17), 1).unwrap(), d(2026, 4, 20));
    // Friday 2025-03-28 + 1 is the local make-up Saturday.
    assert_eq!(cal.add_working_days(d(2025, 3, 28), 1).unwrap(), d(2025, 3, 29));
    assert_eq!(cal.busday_count(d(2025, 3, 28), d(2025, 4, 3)).unwrap(), 3); // 28, 29, 02
                                                                             // Policy and hours carry over.
    let p = provisional().with_overlay(&overlay).unwrap();
    assert_eq!(p.policy(), CoveragePolicy::Provisional);
}

#[test]
fn overlay_conflicting_with_cn_is_refused() {
    let overlay = CalendarData::from_toml(
        "schema_version = 1\nname = \"local\"\nbase = \"CN\"\ncoverage = { from = 2026, to = 2026 }\n\
         [[festivals]]\nyear = 2026\nfestival = \"local_day\"\nholidays = [\"2026-09-30..2026-10-01\"]\n",
    )
    .unwrap();
    let e = cn().with_overlay(&overlay).unwrap_err();
    assert_one_problem(&e, "festivals[0]", "conflicts with the base calendar");
    assert!(e.problems()[0].message.contains("2026-10-01"));
    assert!(e.problems()[0].message.contains("national_day"));
    // A local make-up day on a day CN already marks.
    let overlay = CalendarData::from_json(
        r#"{"schema_version":1,"name":"local","base":"CN","coverage":{"from":2026,"to":2026},
            "festivals":[{"year":2026,"festival":"x","workdays":["2026-10-10"]}]}"#,
    )
    .unwrap();
    assert_one_problem(&cn().with_overlay(&overlay).unwrap_err(), "festivals[0]", "2026-10-10");
    // Applying the same overlay twice conflicts with itself.
    let ex = CalendarData::from_toml(EXAMPLE_OVERLAY_DATA).unwrap();
    let once = cn().with_overlay(&ex).unwrap();
    let e = once.with_overlay(&ex).unwrap_err();
    assert!(e.is_validation());
    assert_eq!(e.problems().len(), 6, "{:?}", e.problems()); // every marked day of the example
}

#[test]
fn overlay_for_another_base_or_weekmask_or_far_years_is_refused() {
    let e = cn()
        .with_overlay(&CalendarData::from_toml("schema_version = 1\nname = \"o\"\nbase = \"XX\"\ncoverage = { from = 2026, to = 2026 }\n").unwrap())
        .unwrap_err();
    assert_one_problem(&e, "base", "XX");
    let e = cn()
        .with_overlay(&CalendarData::from_toml("schema_version = 1\nname = \"o\"\nweekmask = \"1111110\"\ncoverage = { from = 2026, to = 2026 }\n").unwrap())
        .unwrap_err();
    assert_one_problem(&e, "weekmask", "cannot change the weekmask");
    let e = cn()
        .with_overlay(&CalendarData::from_toml("schema_version = 1\nname = \"o\"\nscope = \"national\"\ncoverage = { from = 2030, to = 2030 }\n").unwrap())
        .unwrap_err();
    assert_one_problem(&e, "coverage", "neither overlap nor adjoin");
    let e = cn().with_overlay(&CalendarData::from_toml("schema_version = 1\nname = \"o\"\ncoverage = { from = 2030, to = 2030 }\n").unwrap()).unwrap_err();
    assert_one_problem(&e, "coverage", "must lie within");
    // An overlay without base is accepted, and so is an explicit weekmask equal to CN's.
    let ok = CalendarData::from_toml("schema_version = 1\nname = \"o\"\nweekmask = \"1111100\"\ncoverage = { from = 2026, to = 2026 }\n").unwrap();
    assert_eq!(cn().with_overlay(&ok).unwrap().name(), "CN+o");
    // Invalid overlay data is reported with paths, like base data.
    let bad = CalendarData::from_toml(
        "schema_version = 1\nname = \"o\"\nbase = \"CN\"\ncoverage = { from = 2026, to = 2026 }\n[[festivals]]\nyear = 2026\nfestival = \"x\"\nworkdays = [\"2026-03-04\"]\n",
    )
    .unwrap();
    assert_one_problem(&cn().with_overlay(&bad).unwrap_err(), "festivals[0].workdays[0]", "not a weekend day");
}

const CN_2027: &str = r#"
schema_version = 1
name = "CN-2027"
base = "CN"
scope = "national"
coverage = { from = 2027, to = 2027 }
[[festivals]]
year = 2027
festival = "new_years_day"
holidays = ["2027-01-01..2027-01-03"]
"#;

#[test]
fn a_2027_schedule_loaded_as_data_extends_coverage() {
    let y2027 = CalendarData::from_toml(CN_2027).unwrap();
    let cal = cn().with_overlay(&y2027).unwrap();
    assert_eq!(cal.name(), "CN+CN-2027");
    let cov = cal.coverage().unwrap();
    assert_eq!((cov.from, cov.to), (2004, 2027));
    assert!(cal.covers(d(2027, 12, 31)));
    assert!(!cal.covers(d(2028, 1, 1)));
    assert_eq!(cal.day(d(2027, 1, 1)).unwrap().festival, Some("new_years_day"));
    assert_eq!(cal.day_kind(d(2027, 1, 1)).unwrap(), DayKind::Holiday);
    assert_eq!(cal.add_working_days(d(2026, 12, 25), 5).unwrap(), d(2027, 1, 4));
    assert_eq!(cal.add_working_days(d(2027, 1, 4), -1).unwrap(), d(2026, 12, 31));
    assert_eq!(cal.busday_count(d(2026, 12, 28), d(2027, 1, 5)).unwrap(), 5);
    let e = cal.day_kind(d(2028, 1, 3)).unwrap_err();
    assert!(e.is_coverage());
    assert_eq!(e.year(), Some(2028));
    // The same data in JSON, and the example overlay on top (its base is still "CN").
    let json = y2027.to_json();
    let cal2 = cn().with_overlay(&CalendarData::from_json(&json).unwrap()).unwrap();
    assert_eq!(cal2.add_working_days(d(2026, 12, 25), 5).unwrap(), d(2027, 1, 4));
    let both = cal2.with_overlay(&CalendarData::from_toml(EXAMPLE_OVERLAY_DATA).unwrap()).unwrap();
    assert_eq!(both.name(), "CN+CN-2027+example-wenshan");
    assert_eq!(both.day_kind(d(2026, 4, 20)).unwrap(), DayKind::Holiday);
    assert_eq!(both.day_kind(d(2027, 1, 1)).unwrap(), DayKind::Holiday);
    // Working time crosses into 2027 too.
    let due = cal.add_working_time(t("2026-12-31T17:00:00+08:00"), TimeDelta::hours(2)).unwrap();
    assert_eq!(due.to_rfc3339(), "2027-01-04T10:00:00+08:00");
}

// ---------------------------------------------------------------------------------------------
// business hours

#[test]
fn default_business_hours() {
    let h = BusinessHours::default();
    let want: Vec<Session> = vec!["09:00-12:00".parse().unwrap(), "14:30-18:00".parse().unwrap()];
    for day in [&h.monday, &h.tuesday, &h.wednesday, &h.thursday, &h.friday] {
        assert_eq!(day, &want);
    }
    assert!(h.saturday.is_empty() && h.sunday.is_empty());
    assert_eq!(h.makeup_workday, None);
    assert_eq!(cn().business_hours(), &h);
    assert!(h.validate().is_ok());
    assert_eq!(want[0].seconds() + want[1].seconds(), 23_400);
    assert_eq!(want[1].to_string(), "14:30-18:00");
    assert_eq!(serde_json::to_string(&want[0]).unwrap(), "\"09:00-12:00\"");
}

#[test]
fn add_working_time_with_default_hours() {
    let cal = cn();
    let cases = [
        // Monday 2026-03-09: end of the morning session, not the start of the afternoon one.
        ("2026-03-09T09:00:00+08:00", 3 * 3600, "2026-03-09T12:00:00+08:00"),
        ("2026-03-09T09:00:00+08:00", 3 * 3600 + 1, "2026-03-09T14:30:01+08:00"),
        ("2026-03-09T11:00:00+08:00", 2 * 3600, "2026-03-09T15:30:00+08:00"), // across lunch
        ("2026-03-09T12:15:00+08:00", 1800, "2026-03-09T15:00:00+08:00"),     // from lunch
        ("2026-03-09T07:00:00+08:00", 3600, "2026-03-09T10:00:00+08:00"),     // before opening
        ("2026-03-09T14:30:00+08:00", 12_600, "2026-03-09T18:00:00+08:00"),   // to close of business
        ("2026-03-09T20:00:00+08:00", 3600, "2026-03-10T10:00:00+08:00"),     // overnight
        ("2026-03-09T17:00:00+08:00", 3600, "2026-03-09T18:00:00+08:00"),
        ("2026-03-09T17:00:00+08:00", 3601, "2026-03-10T09:00:01+08:00"),
        ("2026-03-06T17:00:00+08:00", 2 * 3600, "2026-03-09T10:00:00+08:00"), // Friday → Monday
        ("2026-03-07T10:00:00+08:00", 3600, "2026-03-09T10:00:00+08:00"),     // from a Saturday
        ("2026-03-09T09:00:00+08:00", 23_400, "2026-03-09T18:00:00+08:00"),   // a whole day
        ("2026-03-09T09:00:00+08:00", 5 * 23_400, "2026-03-13T18:00:00+08:00"), // a whole week
        // Make-up Saturday 2026-02-14 is worked with Monday's hours.
        ("2026-02-13T16:00:00+08:00", 4 * 3600, "2026-02-14T11:00:00+08:00"),
        ("2026-02-14T17:00:00+08:00", 2 * 3600, "2026-02-24T10:00:00+08:00"), // over Spring Festival
        // National Day.
        ("2026-09-30T17:00:00+08:00", 2 * 3600, "2026-10-08T10:00:00+08:00"),
        ("2026-10-03T10:00:00+08:00", 3600, "2026-10-08T10:00:00+08:00"),
        // Zero duration: the instant itself, even outside business hours.
        ("2026-09-30T18:00:00+08:00", 0, "2026-09-30T18:00:00+08:00"),
        ("2026-10-01T03:00:00+08:00", 0, "2026-10-01T03:00:00+08:00"),
    ];
    for (from, secs, want) in cases {
        let got = cal.add_working_time(t(from), TimeDelta::seconds(secs)).unwrap();
        assert_eq!(got.to_rfc3339(), want, "{from} + {secs}s");
        assert_eq!(cal.add_working_seconds(t(from).timestamp(), secs).unwrap(), t(want).timestamp());
    }
    let e = cal.add_working_time(t("2026-03-09T09:00:00+08:00"), TimeDelta::seconds(-1)).unwrap_err();
    assert!(e.is_invalid_input());
    assert_eq!(e.field(), Some("duration"));
}

#[test]
fn working_time_between_with_default_hours() {
    let cal = cn();
    let h = |x: i64| TimeDelta::seconds(x);
    let cases = [
        ("2026-03-09T00:00:00+08:00", "2026-03-10T00:00:00+08:00", 23_400),
        ("2026-03-09T00:00:00+08:00", "2026-03-16T00:00:00+08:00", 5 * 23_400),
        ("2026-03-09T11:00:00+08:00", "2026-03-09T15:00:00+08:00", 3600 + 1800),
        ("2026-03-09T12:00:00+08:00", "2026-03-09T14:30:00+08:00", 0),
        ("2026-03-09T18:00:00+08:00", "2026-03-10T09:00:00+08:00", 0),
        ("2026-03-06T16:00:00+08:00", "2026-03-09T10:00:00+08:00", 3 * 3600),
        ("2026-09-30T09:00:00+08:00", "2026-10-08T09:00:00+08:00", 23_400),
        ("2026-10-01T00:00:00+08:00", "2026-10-08T00:00:00+08:00", 0),
        ("2026-02-13T00:00:00+08:00", "2026-02-25T00:00:00+08:00", 3 * 23_400), // 13, 14 (make-up), 24
        ("2026-02-14T10:00:00+08:00", "2026-02-14T15:00:00+08:00", 2 * 3600 + 1800),
        ("2025-12-31T17:00:00+08:00", "2026-01-04T10:00:00+08:00", 2 * 3600),
    ];
    for (a, b, secs) in cases {
        assert_eq!(cal.working_time_between(t(a), t(b)).unwrap(), h(secs), "{a} → {b}");
        assert_eq!(cal.working_time_between(t(b), t(a)).unwrap(), h(-secs), "{b} → {a}");
        assert_eq!(cal.working_seconds_between(t(a).timestamp(), t(b).timestamp()).unwrap(), secs);
    }
}

fn all_day() -> BusinessHours {
    let s = vec!["00:00-24:00".parse::<Session>().unwrap()];
    BusinessHours {
        monday: s.clone(),
        tuesday: s.clone(),
        wednesday: s.clone(),
        thursday: s.clone(),
        friday: s.clone(),
        saturday: s.clone(),
        sunday: s,
        makeup_workday: None,
    }
}

#[test]
fn twenty_four_hour_schedule_has_no_hole_at_midnight() {
    let cal = Calendar::from_weekmask("1111111", &[]).unwrap().with_business_hours(all_day()).unwrap();
    let add = |from: &str, secs: i64| cal.add_working_time(t(from), TimeDelta::seconds(secs)).unwrap().to_rfc3339();
    assert_eq!(add("2026-03-09T23:30:00+08:00", 3600), "2026-03-10T00:30:00+08:00");
    assert_eq!(add("2026-03-07T23:30:00+08:00", 3600), "2026-03-08T00:30:00+08:00"); // weekend too
    assert_eq!(add("2026-03-09T00:00:00+08:00", 86_400), "2026-03-10T00:00:00+08:00");
    assert_eq!(add("2026-03-09T12:00:00+08:00", 2 * 86_400), "2026-03-11T12:00:00+08:00");
    assert_eq!(add("2026-03-09T23:59:59+08:00", 1), "2026-03-10T00:00:00+08:00");
    assert_eq!(add("2026-03-09T23:59:59+08:00", 2), "2026-03-10T00:00:01+08:00");
    let between = |a: &str, b: &str| cal.working_time_between(t(a), t(b)).unwrap();
    assert_eq!(between("2026-03-09T00:00:00+08:00", "2026-03-10T00:00:00+08:00"), TimeDelta::hours(24));
    assert_eq!(between("2026-03-09T23:00:00+08:00", "2026-03-10T01:00:00+08:00"), TimeDelta::hours(2));
    assert_eq!(between("2026-03-01T00:00:00+08:00", "2026-04-01T00:00:00+08:00"), TimeDelta::days(31));
    // Across a year and far from 1970, with a UTC input.
    assert_eq!(between("2099-12-31T20:00:00Z", "2100-01-01T20:00:00Z"), TimeDelta::hours(24));
    // A holiday is the only hole.
    let cal = Calendar::from_weekmask("1111111", &[d(2026, 3, 10)]).unwrap().with_business_hours(all_day()).unwrap();
    let got = cal.add_working_time(t("2026-03-09T23:30:00+08:00"), TimeDelta::hours(1)).unwrap();
    assert_eq!(got.to_rfc3339(), "2026-03-11T00:30:00+08:00");
    assert_eq!(cal.working_time_between(t("2026-03-09T00:00:00+08:00"), t("2026-03-12T00:00:00+08:00")).unwrap(), TimeDelta::hours(48));
    assert_eq!(cal.close_of_business(d(2026, 3, 9)).unwrap().unwrap().to_rfc3339(), "2026-03-10T00:00:00+08:00");
    assert_eq!(cal.close_of_business(d(2026, 3, 10)).unwrap(), None);
}

#[test]
fn close_of_business() {
    let cal = cn();
    let cob = |date| cal.close_of_business(date).unwrap().map(|x| x.to_rfc3339());
    assert_eq!(cob(d(2026, 3, 9)).as_deref(), Some("2026-03-09T18:00:00+08:00"));
    assert_eq!(cob(d(2026, 2, 14)).as_deref(), Some("2026-02-14T18:00:00+08:00")); // make-up day
    assert_eq!(cob(d(2026, 1, 4)).as_deref(), Some("2026-01-04T18:00:00+08:00")); // make-up Sunday
    assert_eq!(cob(d(2026, 3, 7)), None);
    assert_eq!(cob(d(2026, 10, 1)), None);
    let e = cal.close_of_business(d(2027, 1, 4)).unwrap_err();
    assert!(e.is_coverage());
    assert_eq!(e.year(), Some(2027));
    assert_eq!(provisional().close_of_business(d(2027, 1, 4)).unwrap().unwrap().to_rfc3339(), "2027-01-04T18:00:00+08:00");
}

#[test]
fn makeup_days_follow_mondays_hours_unless_set() {
    let h = BusinessHours::from_json(r#"{"monday":["08:00-12:00"],"tuesday":["09:00-17:30"],"friday":["09:00-16:00"]}"#).unwrap();
    let cal = cn().with_business_hours(h.clone()).unwrap();
    assert_eq!(cal.close_of_business(d(2026, 2, 14)).unwrap().unwrap().to_rfc3339(), "2026-02-14T12:00:00+08:00");
    assert_eq!(cal.close_of_business(d(2026, 3, 10)).unwrap().unwrap().to_rfc3339(), "2026-03-10T17:30:00+08:00");
    assert_eq!(cal.close_of_business(d(2026, 3, 11)).unwrap(), None); // Wednesday without hours
                                                                      // Friday 02-13 15:00 + 2 h → 1 h on Friday, 1 h on the make-up Saturday from 08:00.
    let due = cal.add_working_time(t("2026-02-13T15:00:00+08:00"), TimeDelta::hours(2)).unwrap();
    assert_eq!(due.to_rfc3339(), "2026-02-14T09:00:00+08:00");
    let mut h2 = h;
    h2.makeup_workday = Some(vec!["10:00-15:00".parse().unwrap()]);
    let cal = cn().with_business_hours(h2).unwrap();
    assert_eq!(cal.close_of_business(d(2026, 2, 14)).unwrap().unwrap().to_rfc3339(), "2026-02-14T15:00:00+08:00");
    let due = cal.add_working_time(t("2026-02-13T15:00:00+08:00"), TimeDelta::hours(2)).unwrap();
    assert_eq!(due.to_rfc3339(), "2026-02-14T11:00:00+08:00");
    assert_eq!(cal.working_time_between(t("2026-02-14T00:00:00+08:00"), t("2026-02-15T00:00:00+08:00")).unwrap(), TimeDelta::hours(5));
}

#[test]
fn invalid_business_hours_are_refused() {
    // Overlap: a validation error with the path of the later session.
    let e = BusinessHours::from_json(r#"{"monday":["09:00-12:00","11:00-13:00"]}"#).unwrap_err();
    assert_one_problem(&e, "monday[1]", "overlaps");
    let e = BusinessHours::from_json(r#"{"friday":["14:00-18:00","09:00-12:00"]}"#).unwrap_err();
    assert_one_problem(&e, "friday[1]", "14:00-18:00");
    let e = BusinessHours::from_json(r#"{"makeup_workday":["09:00-12:00","09:00-10:00"]}"#).unwrap_err();
    assert_one_problem(&e, "makeup_workday[1]", "overlaps");
    // Bad times and reversed sessions: the session cannot even be parsed.
    for (json, part) in [
        (r#"{"monday":["09:00-25:00"]}"#, "25:00"),
        (r#"{"monday":["25:00-26:00"]}"#, "25:00"),
        (r#"{"monday":["18:00-14:30"]}"#, "ends before it starts"),
        (r#"{"monday":["09:00-09:00"]}"#, "ends before it starts"),
        (r#"{"monday":["9-12"]}"#, "HH:MM-HH:MM"),
        (r#"{"monday":["09:60-12:00"]}"#, "09:60"),
        (r#"{"monday":["24:30-24:45"]}"#, "24:30"),
        (r#"{"funday":["09:00-12:00"]}"#, "funday"),
    ] {
        let e = BusinessHours::from_json(json).unwrap_err();
        assert!(e.is_parse(), "{json}: {e:?}");
        assert!(e.to_string().contains(part), "{json}: {e}");
    }
    for s in ["25:00-26:00", "18:00-14:30", "0900-1200", "09:00", "24:00-24:00"] {
        assert!(s.parse::<Session>().unwrap_err().is_invalid_input(), "{s}");
    }
    // Built in code, then handed to a calendar: validated there.
    let h = BusinessHours {
        tuesday: vec![Session { start: 18 * 3600, end: 14 * 3600 }],
        wednesday: vec![Session { start: 0, end: 90_000 }],
        ..BusinessHours::default()
    };
    let e = cn().with_business_hours(h).unwrap_err();
    assert!(e.is_validation());
    assert_eq!(paths(&e), vec!["tuesday[0]", "wednesday[0]"]);
    // No session on any working day.
    let e = cn().with_business_hours(BusinessHours::from_json("{}").unwrap()).unwrap_err();
    assert_one_problem(&e, "business_hours", "no working day");
    // "24:00" is a valid end and round-trips.
    let s: Session = "18:00-24:00".parse().unwrap();
    assert_eq!((s.start, s.end, s.to_string()), (64_800, 86_400, "18:00-24:00".to_string()));
}

#[test]
fn instants_with_other_offsets_are_converted() {
    let cal = cn();
    // 06:30Z = 14:30 CST on Monday 2026-03-09 (read as local 06:30 it would give 10:00).
    let got = cal.add_working_time(t("2026-03-09T06:30:00Z"), TimeDelta::hours(1)).unwrap();
    assert_eq!(got.to_rfc3339(), "2026-03-09T15:30:00+08:00");
    assert_eq!(got.offset().local_minus_utc(), 8 * 3600);
    let utc = Utc.with_ymd_and_hms(2026, 3, 9, 1, 0, 0).unwrap(); // 09:00 CST
    assert_eq!(cal.add_working_time(utc, TimeDelta::hours(3)).unwrap().to_rfc3339(), "2026-03-09T12:00:00+08:00");
    assert_eq!(cal.working_time_between(utc, t("2026-03-09T12:00:00+08:00")).unwrap(), TimeDelta::hours(3));
    // 2026-09-30T20:00-05:00 is 2026-10-01T09:00 CST: a holiday.
    assert_eq!(cal.working_time_between(t("2026-09-30T20:00:00-05:00"), t("2026-10-08T09:00:00+08:00")).unwrap(), TimeDelta::zero());
    // Friday 2026-02-13T16:00Z is Saturday 00:00 CST; 2 h later is the make-up Saturday 11:00.
    let got = cal.add_working_time(t("2026-02-13T16:00:00Z"), TimeDelta::hours(2)).unwrap();
    assert_eq!(got.to_rfc3339(), "2026-02-14T11:00:00+08:00");
    // Helpers.
    assert_eq!(calendar::to_cst(t("2026-02-13T08:00:00Z")).to_rfc3339(), "2026-02-13T16:00:00+08:00");
    assert_eq!(calendar::local_date(t("2026-02-13T20:00:00Z")), d(2026, 2, 14));
    assert_eq!(calendar::local_date(t("2026-02-14T01:00:00+09:00")), d(2026, 2, 14));
    assert_eq!(calendar::local_date(t("2026-02-13T23:59:59+08:00")), d(2026, 2, 13));
    assert_eq!(calendar::start_of_day(d(2026, 2, 26)).unwrap().to_rfc3339(), "2026-02-26T00:00:00+08:00");
    assert_eq!(calendar::cst().local_minus_utc(), calendar::CST_OFFSET_SECONDS);
    assert_eq!(calendar::instant_from_unix(0).unwrap().to_rfc3339(), "1970-01-01T08:00:00+08:00");
    assert!(calendar::instant_from_unix(i64::MAX).unwrap_err().is_invalid_input());
    assert_eq!(calendar::epoch_day(d(1970, 1, 1)), 0);
    assert_eq!(calendar::epoch_day(d(1969, 12, 31)), -1);
    assert_eq!(calendar::date_from_epoch_day(20_736).unwrap(), d(2026, 10, 10));
    assert!(calendar::date_from_epoch_day(i64::MIN).unwrap_err().is_invalid_input());
}

#[test]
fn working_time_respects_coverage() {
    let cal = cn();
    // Up to 2027-01-01T00:00 (= 2026-12-31 24:00) is fine.
    assert_eq!(cal.working_time_between(t("2026-12-31T17:00:00+08:00"), t("2027-01-01T00:00:00+08:00")).unwrap(), TimeDelta::hours(1));
    assert_eq!(cal.add_working_time(t("2026-12-31T17:00:00+08:00"), TimeDelta::hours(1)).unwrap().to_rfc3339(), "2026-12-31T18:00:00+08:00");
    let e = cal.working_time_between(t("2026-12-31T17:00:00+08:00"), t("2027-01-01T00:00:01+08:00")).unwrap_err();
    assert!(e.is_coverage());
    assert_eq!(e.year(), Some(2027));
    let e = cal.add_working_time(t("2026-12-31T17:00:00+08:00"), TimeDelta::hours(2)).unwrap_err();
    assert!(e.is_coverage());
    assert_eq!(e.year(), Some(2027));
    let e = cal.add_working_time(t("2003-12-31T12:00:00+08:00"), TimeDelta::hours(1)).unwrap_err();
    assert_eq!(e.year(), Some(2003));
    // 2003-12-31T16:00Z is 2004-01-01T00:00 CST: covered.
    assert_eq!(cal.working_time_between(t("2003-12-31T16:00:00Z"), t("2004-01-03T00:00:00+08:00")).unwrap(), TimeDelta::seconds(23_400));
    // Provisional: weekends-only past 2026.
    let p = provisional();
    assert_eq!(p.add_working_time(t("2026-12-31T17:00:00+08:00"), TimeDelta::hours(2)).unwrap().to_rfc3339(), "2027-01-01T10:00:00+08:00");
}

// ---------------------------------------------------------------------------------------------
// error messages

#[test]
fn error_messages_name_the_field_or_year() {
    let cal = cn();
    let e = cal.add_working_days(d(2026, 12, 25), 5).unwrap_err();
    assert!(e.to_string().contains("does not cover year 2027"), "{e}");
    assert!(e.to_string().contains("provisional"), "{e}");
    assert!(format!("{e:?}").contains("Coverage"), "{e:?}");
    let e = cal.busday_offset(d(2026, 3, 7), 0, Roll::Raise).unwrap_err();
    assert!(e.to_string().contains("(field date)"), "{e}");
    assert!(e.to_string().contains("2026-03-07"), "{e}");
    let e = cal.add_working_days(d(2026, 3, 9), i64::MAX).unwrap_err();
    assert!(e.to_string().contains("(field n)"), "{e}");
    let e = Calendar::from_toml(&toml_with("[[festivals]]\nyear = 2026\nfestival = \"x\"\nworkdays = [\"2026-03-04\"]\n")).unwrap_err();
    let s = e.to_string();
    assert!(s.contains("invalid calendar data") && s.contains("1 problem(s)"), "{s}");
    assert!(s.contains("festivals[0].workdays[0]: make-up workday 2026-03-04 is not a weekend day"), "{s}");
    assert_eq!(e.problems()[0].to_string(), format!("{}: {}", e.problems()[0].path, e.problems()[0].message));
    let e = cn().with_overlay(&CalendarData::from_toml(CN_2027.replace("\"CN\"", "\"XX\"").as_str()).unwrap()).unwrap_err();
    assert!(e.to_string().contains("base: overlay is for \"XX\""), "{e}");
}

#[test]
fn a_local_overlay_cannot_extend_coverage() {
    // Without scope = "national", an overlay is local: it must lie within the coverage, so a
    // 2027 local festival does not silently make 2027 look covered without its national days.
    let local = CalendarData::from_toml(&CN_2027.replace("scope = \"national\"\n", "")).unwrap();
    let e = cn().with_overlay(&local).unwrap_err();
    assert!(e.is_validation(), "{e}");
    assert_eq!(e.problems()[0].path, "coverage");
    assert!(e.to_string().contains("scope = \"national\""), "{e}");
}
