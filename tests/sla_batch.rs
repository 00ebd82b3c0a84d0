//! `sla::batch::deadlines` gives the scalar `SlaPolicy::deadlines` row by row, on random
//! dispatch instants (sub-second ones included) and the guide's categories' SLA inputs, under
//! every cutoff and over several threads.

use jiesu::calendar::batch::{Arg, NAT};
use jiesu::calendar::{Calendar, CoveragePolicy};
use jiesu::guide::Guide;
use jiesu::parallelism::Parallelism;
use jiesu::sla::batch::{deadlines, BatchDeadlines, CLOCKS};
use jiesu::sla::{SlaInput, SlaPolicy};

#[test]
fn the_batch_equals_the_scalar_path_on_random_inputs() {
    let cal = Calendar::cn().with_policy(CoveragePolicy::Provisional);
    let guide = Guide::yanshan_default();
    let inputs: Vec<SlaInput> = guide.leaves().map(|c| c.sla_input()).collect();
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let start = chrono::DateTime::parse_from_rfc3339("2025-01-01T00:00:00+08:00").unwrap().timestamp_nanos_opt().unwrap();
    let n = 5_000;
    let at: Vec<i64> = (0..n).map(|i| if i % 97 == 0 { NAT } else { start + (next() % (700 * 86_400_000_000_000)) as i64 }).collect();
    let each: Vec<SlaInput> = (0..n).map(|_| inputs[(next() % inputs.len() as u64) as usize]).collect();
    for policy in [SlaPolicy::default(), SlaPolicy::from_json(r#"{"cutoff": "close_of_business", "warn": {"completion": {"lead_seconds": 7200}}}"#).unwrap()] {
        let mut out = vec![BatchDeadlines::default(); n];
        deadlines(&policy, &cal, &at, Arg::Each(&each), &mut out, Parallelism::threads(3)).unwrap();
        for i in 0..n {
            if at[i] == NAT {
                assert_eq!(out[i].due_at, [NAT; 4]);
                continue;
            }
            let t = chrono::DateTime::from_timestamp_nanos(at[i]).fixed_offset();
            let d = policy.deadlines(&cal, t, &each[i]).unwrap();
            for (k, clock) in CLOCKS.iter().enumerate() {
                let expected = d.get(*clock).map(|c| (c.due_at.timestamp_nanos_opt().unwrap(), c.warn_at.timestamp_nanos_opt().unwrap()));
                assert_eq!(Some((out[i].due_at[k], out[i].warn_at[k])).filter(|(x, _)| *x != NAT), expected, "row {i} {clock:?}");
            }
            assert_eq!(out[i].provisional, d.clocks.iter().any(|c| c.provisional));
        }
    }
}

#[test]
fn an_error_names_the_first_failing_row() {
    let t = |s| chrono::DateTime::parse_from_rfc3339(s).unwrap().timestamp_nanos_opt().unwrap();
    let at = [t("2026-03-02T10:00:00+08:00"), t("2026-12-30T10:00:00+08:00"), t("2026-12-31T10:00:00+08:00")];
    let mut out = [BatchDeadlines::default(); 3];
    let e = deadlines(&SlaPolicy::default(), &Calendar::cn(), &at, Arg::One(SlaInput::default()), &mut out, Parallelism::SEQUENTIAL).unwrap_err();
    assert_eq!((e.name(), e.index()), ("dispatched_at", 1));
    assert!(e.error().is_coverage());
}
