//! Calendar throughput on random inputs over 2004–2026 (issue: ≥ 200 million date operations
//! per second single-threaded). `make bench` or `cargo bench --bench calendar`.
//!
//! Each iteration of the `calendar` group processes a batch of 16 384 random inputs, so
//! criterion's throughput figure is dates (or instants) per second. The `build` group is the
//! cost of a built-in calendar and of a default engine per call (issue 19: ≤ 20 µs and ≤ 1 ms;
//! the built-in data is parsed once per process, later calls share it).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use jiesu::calendar::{Calendar, Roll};
use std::hint::black_box;

const N: usize = 16_384;
const FIRST: i64 = 12_418; // 2004-01-01
const LAST: i64 = 20_818; // 2026-12-31

/// A small deterministic generator (xorshift) so the bench needs no extra crate.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo) as u64) as i64
    }
}

fn calendar(c: &mut Criterion) {
    let cal = Calendar::cn();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    // Offsets of ±1..±20 working days keep every result inside the covered range.
    let days: Vec<i64> = (0..N).map(|_| rng.range(FIRST + 60, LAST - 60)).collect();
    let offsets: Vec<i64> = (0..N).map(|_| rng.range(-20, 21)).collect();
    let ends: Vec<i64> = (0..N).map(|_| rng.range(FIRST, LAST)).collect();
    let instants: Vec<i64> = days.iter().map(|d| d * 86_400 + rng.range(0, 86_400) - 8 * 3600).collect();
    let durations: Vec<i64> = (0..N).map(|_| rng.range(0, 40 * 3600)).collect();

    let mut g = c.benchmark_group("calendar");
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function("add_working_days", |b| {
        b.iter(|| {
            let mut acc = 0i64;
            for (d, n) in days.iter().zip(&offsets) {
                acc = acc.wrapping_add(cal.add_working_days_epoch(*d, *n).unwrap_or(0));
            }
            black_box(acc)
        })
    });
    for roll in [Roll::Forward, Roll::ModifiedFollowing] {
        g.bench_with_input(BenchmarkId::new("busday_offset", format!("{roll:?}")), &roll, |b, &roll| {
            b.iter(|| {
                let mut acc = 0i64;
                for (d, n) in days.iter().zip(&offsets) {
                    acc = acc.wrapping_add(cal.busday_offset_epoch(*d, *n, roll).unwrap_or(0));
                }
                black_box(acc)
            })
        });
    }
    g.bench_function("busday_count", |b| {
        b.iter(|| {
            let mut acc = 0i64;
            for (a, e) in days.iter().zip(&ends) {
                acc = acc.wrapping_add(cal.busday_count_epoch(*a, *e).unwrap_or(0));
            }
            black_box(acc)
        })
    });
    g.bench_function("is_workday", |b| {
        b.iter(|| {
            let mut acc = 0u32;
            for d in &days {
                acc += cal.is_workday_epoch(*d).unwrap_or(false) as u32;
            }
            black_box(acc)
        })
    });
    g.bench_function("add_working_time", |b| {
        b.iter(|| {
            let mut acc = 0i64;
            for (t, s) in instants.iter().zip(&durations) {
                acc = acc.wrapping_add(cal.add_working_seconds(*t, *s).unwrap_or(0));
            }
            black_box(acc)
        })
    });
    g.bench_function("working_time_between", |b| {
        b.iter(|| {
            let mut acc = 0i64;
            for (t, s) in instants.iter().zip(&durations) {
                acc = acc.wrapping_add(cal.working_seconds_between(*t, t + s).unwrap_or(0));
            }
            black_box(acc)
        })
    });
    g.finish();
}

/// `calendar::batch::busday_offset` (what C's `*_batch` and Python's numpy calls run) on one
/// thread and with the default setting, from below the threading threshold to 5 million dates:
/// the default must never be slower than one thread.
fn batch(c: &mut Criterion) {
    use jiesu::calendar::batch::{self, Arg};
    use jiesu::parallelism::Parallelism;
    let cal = Calendar::cn();
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut g = c.benchmark_group("batch_busday_offset");
    for len in [16_384usize, 65_536, 262_144, 5_000_000] {
        let days: Vec<i64> = (0..len).map(|_| rng.range(FIRST, LAST - 20)).collect();
        let mut out = vec![0i64; len];
        g.throughput(Throughput::Elements(len as u64));
        for (name, par) in [("1 thread", Parallelism::SEQUENTIAL), ("default", Parallelism::AUTO)] {
            g.bench_function(BenchmarkId::new(name, len), |b| {
                b.iter(|| {
                    batch::busday_offset(&cal, Arg::Each(&days), Arg::One(5i64), Roll::Forward, &mut out, par).unwrap();
                    black_box(out[len / 2])
                })
            });
        }
    }
    g.finish();
}

/// What a program pays for `Calendar::builtin("CN")`, a default engine and copies of the
/// default guide and rules, per call (the
/// first call of the process, which parses the data, is in the warm-up).
fn build(c: &mut Criterion) {
    use jiesu::engine::{Engine, EngineConfig};
    let mut g = c.benchmark_group("build");
    g.bench_function("calendar_builtin_cn", |b| b.iter(|| black_box(Calendar::builtin(black_box("CN")).unwrap())));
    g.bench_function("engine_default", |b| b.iter(|| black_box(Engine::default_engine())));
    g.bench_function("engine_new_default_config", |b| b.iter(|| black_box(Engine::new(EngineConfig::default()).unwrap())));
    g.bench_function("engine_from_json_empty", |b| b.iter(|| black_box(Engine::from_json(black_box("{}")).unwrap())));
    // A copy of the default guide and rules (parsed once per process, copied per call).
    g.bench_function("guide_yanshan_default", |b| b.iter(|| black_box(jiesu::guide::Guide::yanshan_default())));
    g.bench_function("rules_default", |b| b.iter(|| black_box(jiesu::escalation::RuleSet::default_rules())));
    // What they cost parsed and built from their TOML (a county's own guide and rules).
    g.bench_function("guide_from_toml", |b| b.iter(|| black_box(jiesu::guide::Guide::from_toml(black_box(jiesu::guide::YANSHAN_DATA)).unwrap())));
    g.bench_function("rules_from_toml", |b| b.iter(|| black_box(jiesu::escalation::RuleSet::from_toml(black_box(jiesu::escalation::DEFAULT_RULES)).unwrap())));
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).warm_up_time(std::time::Duration::from_millis(500)).measurement_time(std::time::Duration::from_secs(2));
    targets = calendar, batch, build
}
criterion_main!(benches);
