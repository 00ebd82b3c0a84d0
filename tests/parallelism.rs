//! `JIESU_NUM_THREADS` as the C and Python layers read it ([`Parallelism::from_env`]): `1`
//! keeps a batch on the calling thread, a larger number lets it use helpers. The only test of
//! this binary, since it sets the process's environment.

use jiesu::calendar::batch::{self, Arg, MIN_PARALLEL};
use jiesu::calendar::{Calendar, Roll};
use jiesu::parallelism::Parallelism;

/// The threads that ran a long batch under the current setting, by name, and its results.
fn run_under_setting() -> (Vec<Option<String>>, Vec<i64>) {
    let items: Vec<i64> = (0..4 * MIN_PARALLEL as i64).map(|i| 12_478 + i % 8_000).collect();
    let names = Parallelism::from_env()
        .try_map(items.clone(), 2, |_, x| {
            // About a microsecond of work per item, so that a helper has time to join in.
            std::hint::black_box((0..100).fold(x, |a, b| a.wrapping_mul(31).wrapping_add(b)));
            Ok(std::thread::current().name().map(str::to_owned))
        })
        .unwrap();
    let mut out = vec![0i64; items.len()];
    batch::busday_offset(&Calendar::cn(), Arg::Each(&items), Arg::One(5i64), Roll::Forward, &mut out, Parallelism::from_env()).unwrap();
    (names, out)
}

#[test]
fn jiesu_num_threads_1_keeps_every_batch_on_the_calling_thread() {
    let caller = std::thread::current().name().map(str::to_owned);
    std::env::set_var("JIESU_NUM_THREADS", "1");
    let (names, sequential) = run_under_setting();
    assert!(names.iter().all(|n| *n == caller));
    #[cfg(target_os = "linux")]
    {
        // No pool was ever built: the process has no batch helper.
        let comms: Vec<String> =
            std::fs::read_dir("/proc/self/task").unwrap().filter_map(|t| std::fs::read_to_string(t.ok()?.path().join("comm")).ok()).collect();
        assert!(!comms.iter().any(|c| c.starts_with("jiesu-batch-")), "{comms:?}");
    }
    std::env::set_var("JIESU_NUM_THREADS", "2");
    let (names, parallel) = run_under_setting();
    assert!(names.iter().any(|n| n.as_deref().is_some_and(|n| n.starts_with("jiesu-batch-"))));
    assert!(names.iter().all(|n| *n == caller || n.as_deref().is_some_and(|n| n.starts_with("jiesu-batch-"))));
    assert_eq!(parallel, sequential);
    std::env::remove_var("JIESU_NUM_THREADS");
}
