//! Suggestion throughput of the default guide (issue: ≥ 200 000 requests per second
//! single-threaded on ≥ 100 000 texts of ~100–300 characters). `cargo bench --bench guide`.
//!
//! Texts are built reproducibly from the realistic requests of `tests/data/guide_requests.toml`:
//! each is one or two request texts cut and joined at random to 100–300 characters.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use jiesu::guide::{Guide, Location};
use std::hint::black_box;

#[path = "common/guide_texts.rs"]
mod guide_texts;
use guide_texts::texts;

fn guide(c: &mut Criterion) {
    let g = Guide::yanshan_default();
    let texts = texts(100_000);
    let loc = Location::township("jiangna");
    let mut group = c.benchmark_group("guide");
    group.throughput(Throughput::Elements(texts.len() as u64));
    group.sample_size(10);
    group.bench_function("suggest_100k", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for t in &texts {
                n += g.suggest(t, Some(&loc)).categories.len();
            }
            black_box(n)
        })
    });
    group.finish();
}

criterion_group!(benches, guide);
criterion_main!(benches);
