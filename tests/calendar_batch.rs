//! `jiesu::calendar::batch` against the scalar functions, element by element: the same results,
//! and on a failure the error of the first failing element with its index, on one thread and
//! on many; and results beyond chrono's dates refused alike by the scalar, date and batch APIs.

use std::sync::LazyLock;

use chrono::NaiveDate;
use jiesu::calendar::batch::{self, Arg, BatchError, NAT};
use jiesu::calendar::{Calendar, CoveragePolicy, Roll};
use jiesu::parallelism::Parallelism;
use jiesu::{Error, Result};
use proptest::prelude::*;

static CN: LazyLock<Calendar> = LazyLock::new(Calendar::cn);
static CN_PROV: LazyLock<Calendar> = LazyLock::new(|| Calendar::cn().with_policy(CoveragePolicy::Provisional));
static WEEKMASK: LazyLock<Calendar> = LazyLock::new(|| {
    let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    Calendar::from_weekmask("1111100", &[d(2026, 1, 1), d(2026, 10, 1), d(2026, 10, 2)]).unwrap()
});

const ROLLS: [Roll; 7] = [Roll::Raise, Roll::Forward, Roll::Following, Roll::Backward, Roll::Preceding, Roll::ModifiedFollowing, Roll::ModifiedPreceding];

/// Long enough to be split over threads.
const LONG: usize = batch::MIN_PARALLEL * 2 + 12_345;

fn calendar(k: u8) -> &'static Calendar {
    match k % 3 {
        0 => &CN,
        1 => &CN_PROV,
        _ => &WEEKMASK,
    }
}

/// splitmix64: the values of one case, from the case's seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> i64 {
        (self.next() % n) as i64
    }
}

/// Mostly days of 2004–2026 (CN's years), with a share `rare` (per 100 000) of NaT and of
/// days outside coverage, beyond ±10⁸ or at the edges of chrono's dates.
fn days(rng: &mut Rng, len: usize, rare: u64) -> Vec<i64> {
    (0..len)
        .map(|_| {
            if rng.below(100_000) as u64 >= rare {
                return 12_418 + rng.below(8_401);
            }
            match rng.below(6) {
                0 => NAT,
                1 => 20_700 + rng.below(400), // near the end of 2026
                2 => 5_000 + rng.below(30_000),
                3 => [100_000_000, -100_000_000, 100_000_001, 95_026_236, -96_465_292][rng.below(5) as usize],
                4 => rng.next() as i64,
                _ => 12_300 + rng.below(200), // near the start of 2004
            }
        })
        .collect()
}

fn offsets(rng: &mut Rng, len: usize, rare: u64) -> Vec<i64> {
    (0..len)
        .map(|_| {
            if rng.below(100_000) as u64 >= rare {
                return rng.below(61) - 30;
            }
            [1_000, -1_000, 100_000_000, -100_000_001, 60_000_000, i64::MAX][rng.below(6) as usize]
        })
        .collect()
}

/// The first element's error, or every result: what the batch must give.
fn scalar<T>(len: usize, f: impl Fn(usize) -> Result<T>) -> std::result::Result<Vec<T>, (usize, Error)> {
    (0..len).map(|i| f(i).map_err(|e| (i, e))).collect()
}

fn check<T: PartialEq + std::fmt::Debug>(
    what: &str,
    got: std::result::Result<(), BatchError>,
    out: Vec<T>,
    expected: std::result::Result<Vec<T>, (usize, Error)>,
    name: &str,
) -> std::result::Result<(), TestCaseError> {
    match (got, expected) {
        (Ok(()), Ok(want)) => {
            if let Some(i) = (0..want.len()).find(|&i| out[i] != want[i]) {
                return Err(TestCaseError::fail(format!("{what}: [{i}] {:?} != {:?}", out[i], want[i])));
            }
        }
        (Err(e), Err((i, want))) => {
            prop_assert_eq!((e.name(), e.index()), (name, i), "{}", what);
            prop_assert_eq!(e.error(), &want, "{}", what);
            prop_assert!(e.to_string().starts_with(&format!("{name}[{i}]: ")), "{}", what);
        }
        (got, want) => {
            return Err(TestCaseError::fail(format!("{what}: batch {got:?}, scalar {:?}", want.map(drop))));
        }
    }
    Ok(())
}

fn run_all(cal: &Calendar, a: &[i64], b: &[i64], n: &[i64], roll: Roll, par: Parallelism) -> std::result::Result<(), TestCaseError> {
    let len = a.len();
    let tag = |op: &str| format!("{op} ({par:?}, {} elements)", len);

    let mut out = vec![false; len];
    let got = batch::is_workday(cal, Arg::Each(a), &mut out, par);
    let want = scalar(len, |i| if a[i] == NAT { Ok(false) } else { cal.is_workday_epoch(a[i]) });
    check(&tag("is_workday"), got, out, want, "dates")?;

    let mut out = vec![false; len];
    let got = batch::covers(cal, Arg::Each(a), &mut out, par);
    let want = scalar(len, |i| Ok(a[i] != NAT && jiesu::calendar::date_from_epoch_day(a[i]).is_ok_and(|d| cal.covers(d))));
    check(&tag("covers"), got, out, want, "dates")?;

    let mut out = vec![None; len];
    let got = batch::day_kind(cal, Arg::Each(a), &mut out, par);
    let want = scalar(len, |i| {
        if a[i] == NAT {
            return Ok(None);
        }
        cal.day_kind(jiesu::calendar::date_from_epoch_day(a[i])?).map(Some)
    });
    check(&tag("day_kind"), got, out, want, "dates")?;

    let mut out = vec![0i64; len];
    let got = batch::add_working_days(cal, Arg::Each(a), Arg::Each(n), &mut out, par);
    let want = scalar(len, |i| if a[i] == NAT { Ok(NAT) } else { cal.add_working_days_epoch(a[i], n[i]) });
    check(&tag("add_working_days"), got, out, want, "dates")?;

    let mut out = vec![0i64; len];
    let got = batch::add_working_days(cal, Arg::Each(a), Arg::One(5i64), &mut out, par);
    let want = scalar(len, |i| if a[i] == NAT { Ok(NAT) } else { cal.add_working_days_epoch(a[i], 5) });
    check(&tag("add_working_days(5)"), got, out, want, "dates")?;

    let mut out = vec![0i64; len];
    let got = batch::busday_offset(cal, Arg::Each(a), Arg::Each(n), roll, &mut out, par);
    let want = scalar(len, |i| {
        if a[i] == NAT {
            return if roll == Roll::Raise { Err(Error::invalid_input("dates", "NaT input in busday_offset")) } else { Ok(NAT) };
        }
        cal.busday_offset_epoch(a[i], n[i], roll)
    });
    check(&tag(&format!("busday_offset {roll:?}")), got, out, want, "dates")?;

    let mut out = vec![0i64; len];
    let got = batch::busday_count(cal, Arg::Each(a), Arg::Each(b), &mut out, par);
    let want = scalar(len, |i| {
        if a[i] == NAT || b[i] == NAT {
            return Err(Error::invalid_input("dates", "Cannot compute a business day count with a NaT (not-a-time) date"));
        }
        cal.busday_count_epoch(a[i], b[i])
    });
    check(&tag("busday_count"), got, out, want, "begin")?;

    // Instants: local midnights of the days plus a few hours, durations of a few hours.
    let t: Vec<i64> = a.iter().map(|&d| d.saturating_mul(86_400).saturating_add(n[0].rem_euclid(24) * 3_600)).collect();
    let secs: Vec<i64> = n.iter().map(|&x| x.saturating_mul(3_600)).collect();
    let mut out = vec![0i64; len];
    let got = batch::add_working_seconds(cal, Arg::Each(&t), Arg::Each(&secs), &mut out, par);
    let want = scalar(len, |i| cal.add_working_seconds(t[i], secs[i]));
    check(&tag("add_working_seconds"), got, out, want, "instants")?;

    let later: Vec<i64> = t.iter().zip(&secs).map(|(&t, &s)| t.saturating_add(s)).collect();
    let mut out = vec![0i64; len];
    let got = batch::working_seconds_between(cal, Arg::Each(&t), Arg::Each(&later), &mut out, par);
    let want = scalar(len, |i| cal.working_seconds_between(t[i], later[i]));
    check(&tag("working_seconds_between"), got, out, want, "a")?;
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Short batches (on the calling thread whatever the setting), with many rare values.
    #[test]
    fn short_batches_equal_the_scalar_functions(seed: u64, k: u8, r in 0usize..7, len in 0usize..400, rare in 0u64..20_000) {
        let mut rng = Rng(seed);
        let (a, b, n) = (days(&mut rng, len, rare), days(&mut rng, len, rare / 4), offsets(&mut rng, len, rare));
        for par in [Parallelism::SEQUENTIAL, Parallelism::threads(4)] {
            run_all(calendar(k), &a, &b, &n, ROLLS[r], par)?;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    /// Long batches, split over threads: the same results, and the first failing index even
    /// when later blocks fail too.
    #[test]
    fn long_batches_on_threads_equal_the_scalar_functions(seed: u64, k: u8, r in 0usize..7, rare in 0u64..4) {
        let mut rng = Rng(seed);
        let (a, b, n) = (days(&mut rng, LONG, rare), days(&mut rng, LONG, 0), offsets(&mut rng, LONG, rare));
        for par in [Parallelism::SEQUENTIAL, Parallelism::threads(2), Parallelism::threads(7), Parallelism::AUTO] {
            run_all(calendar(k), &a, &b, &n, ROLLS[r], par)?;
        }
    }
}

#[test]
fn c_style_int32_days_give_the_int64_results() {
    // Days of 2004-03 .. 2026-10: three working days before each is covered.
    let a64: Vec<i64> = (0..LONG as i64).map(|i| 12_480 + i * 7_919 % 8_200).collect();
    let a32: Vec<i32> = a64.iter().map(|&d| d as i32).collect();
    let (mut o32, mut o64) = (vec![0i32; LONG], vec![0i64; LONG]);
    batch::busday_offset(&CN, Arg::Each(&a32), Arg::One(-3i32), Roll::Backward, &mut o32, Parallelism::threads(3)).unwrap();
    batch::busday_offset(&CN, Arg::Each(&a64), Arg::One(-3i64), Roll::Backward, &mut o64, Parallelism::SEQUENTIAL).unwrap();
    assert!(o32.iter().zip(&o64).all(|(&x, &y)| x as i64 == y));
}

#[test]
fn the_first_failing_element_is_reported_when_every_thread_fails() {
    // A non-working day in every block, the first at index 70 001: "raise" refuses each.
    let mut dates = vec![20_726i64; LONG]; // 2026-09-30, a Wednesday
    for i in (70_001..LONG).step_by(5_000) {
        dates[i] = 20_727; // 2026-10-01
    }
    let mut out = vec![0i64; LONG];
    for par in [Parallelism::SEQUENTIAL, Parallelism::threads(2), Parallelism::threads(8)] {
        let e = batch::busday_offset(&CN, Arg::Each(&dates), Arg::One(1i64), Roll::Raise, &mut out, par).unwrap_err();
        assert_eq!(e.index(), 70_001, "{par:?}");
        assert!(e.to_string().starts_with("dates[70001]: non-business day date in busday_offset: 2026-10-01"));
    }
}

#[test]
fn results_beyond_chronos_dates_are_refused_by_every_api() {
    let n = 100_000_000;
    let day = 20_726; // 2026-09-30
                      // The epoch (C, numpy) API, the date API and the batch agree.
    let scalar = WEEKMASK.add_working_days_epoch(day, n).unwrap_err();
    assert_eq!(scalar.field(), Some("result"));
    assert!(scalar.message().contains("outside the supported date range"), "{scalar}");
    let date = WEEKMASK.add_working_days(NaiveDate::from_ymd_opt(2026, 9, 30).unwrap(), n).unwrap_err();
    assert_eq!(date, scalar);
    let mut out = [0i64; 2];
    let e = batch::add_working_days(&WEEKMASK, Arg::Each(&[day, day]), Arg::Each(&[1, n]), &mut out, Parallelism::AUTO).unwrap_err();
    assert_eq!((e.index(), e.error()), (1, &scalar));
    // The same on the provisional CN calendar (weekends-only beyond 2026), and for roll + offset.
    let e = CN_PROV.busday_offset_epoch(day, -n, Roll::Forward).unwrap_err();
    assert_eq!(e.field(), Some("result"));
    // Every result short of that is a date, accepted back.
    let last = WEEKMASK.add_working_days_epoch(day, 67_000_000).unwrap();
    assert!(jiesu::calendar::date_from_epoch_day(last).is_ok());
    assert!(WEEKMASK.is_workday_epoch(last).unwrap());
    // Working time: a result beyond the supported days is refused by the seconds API as by
    // the DateTime API (and so by the batch, element by element).
    let t = 1_773_018_000; // Monday 2026-03-09 09:00 CST
    let secs = 9_000_000_000_000;
    let e = CN_PROV.add_working_seconds(t, secs).unwrap_err();
    assert!(e.is_invalid_input(), "{e}");
    let start = jiesu::calendar::instant_from_unix(t).unwrap();
    assert_eq!(CN_PROV.add_working_time(start, chrono::TimeDelta::seconds(secs)).unwrap_err(), e);
}

#[test]
fn a_length_mismatch_is_an_error_not_a_panic() {
    let mut out = [0i64; 3];
    let e = batch::busday_count(&CN, Arg::Each(&[20_726i64; 3]), Arg::Each(&[20_726i64; 2]), &mut out, Parallelism::AUTO).unwrap_err();
    assert_eq!((e.name(), e.index()), ("end", 2));
    assert!(e.error().is_invalid_input());
}

#[test]
fn the_thread_setting_is_read_from_jiesu_num_threads() {
    // The one setting of the C and Python layers; other tests of this binary do not read it.
    std::env::set_var("JIESU_NUM_THREADS", "1");
    assert_eq!(Parallelism::from_env(), Parallelism::SEQUENTIAL);
    std::env::set_var("JIESU_NUM_THREADS", "3");
    assert_eq!(Parallelism::from_env().max_threads(), 3);
    std::env::set_var("JIESU_NUM_THREADS", "zero");
    assert_eq!(Parallelism::from_env(), Parallelism::AUTO);
    std::env::remove_var("JIESU_NUM_THREADS");
    assert_eq!(Parallelism::from_env(), Parallelism::AUTO);
}

/// A long batch with one offset reads its results from a table of the calendar's days (see
/// `batch::busday_offset`): the same results as the scalar functions for every day of the table
/// and around it, and the same first error.
#[test]
fn one_offset_over_many_dates_agrees_with_the_scalar_functions_day_by_day() {
    for k in 0..3 {
        let cal = calendar(k);
        let (first, last) = (11_800, 21_400); // 2002-04 .. 2028-08: every table, and beyond
        let sweep: Vec<i64> = (first..last).chain([NAT, 100_000_001, -5]).collect();
        for n in [-25i64, 0, 5, 100_000_000] {
            for roll in ROLLS {
                let one = |d: i64| {
                    if d == NAT {
                        if roll == Roll::Raise {
                            Err(Error::invalid_input("dates", "NaT"))
                        } else {
                            Ok(NAT)
                        }
                    } else {
                        cal.busday_offset_epoch(d, n, roll)
                    }
                };
                // Every day that has a result, several times over: each result is compared.
                let ok: Vec<i64> = sweep.iter().copied().filter(|&d| one(d).is_ok()).collect();
                let dates: Vec<i64> = ok.iter().copied().cycle().take(4 * ok.len() + 7).collect();
                let mut out = vec![0i64; dates.len()];
                let got = batch::busday_offset(cal, Arg::Each(&dates), Arg::One(n), roll, &mut out, Parallelism::SEQUENTIAL);
                let want = scalar(dates.len(), |i| one(dates[i]));
                check(&format!("busday_offset {k} {n} {roll:?}"), got, out, want, "dates").unwrap();
                // Every day: the first failing one is reported, as the scalar loop finds it.
                let dates: Vec<i64> = sweep.iter().copied().cycle().take(4 * sweep.len()).collect();
                let mut out = vec![0i64; dates.len()];
                let got = batch::busday_offset(cal, Arg::Each(&dates), Arg::One(n), roll, &mut out, Parallelism::SEQUENTIAL);
                let want = scalar(dates.len(), |i| if dates[i] == NAT && roll == Roll::Raise { Err(batch_nat()) } else { one(dates[i]) });
                check(&format!("busday_offset (all) {k} {n} {roll:?}"), got, out, want, "dates").unwrap();
            }
            let one = |d: i64| if d == NAT { Ok(NAT) } else { cal.add_working_days_epoch(d, n) };
            let ok: Vec<i64> = sweep.iter().copied().filter(|&d| one(d).is_ok()).collect();
            for dates in
                [ok.iter().copied().cycle().take(4 * ok.len() + 7).collect::<Vec<i64>>(), sweep.iter().copied().cycle().take(4 * sweep.len()).collect()]
            {
                let mut out = vec![0i32; dates.len()];
                let got = batch::add_working_days(cal, Arg::Each(&dates), Arg::One(n), &mut out, Parallelism::SEQUENTIAL);
                let want = scalar(dates.len(), |i| {
                    let r = one(dates[i])?;
                    i32::try_from(r).map_err(|_| Error::invalid_input("result", format!("the result {r} does not fit in the output's type")))
                });
                check(&format!("add_working_days {k} {n}"), got, out, want, "dates").unwrap();
            }
        }
    }
}

/// The batch's error for a NaT with `Roll::Raise`.
fn batch_nat() -> Error {
    let mut out = [0i64; 1];
    batch::busday_offset(&CN, Arg::Each(&[NAT]), Arg::One(0i64), Roll::Raise, &mut out, Parallelism::SEQUENTIAL).unwrap_err().into_inner()
}
