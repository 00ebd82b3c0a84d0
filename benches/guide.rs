//! Suggestion throughput of the default guide (issue: ≥ 200 000 requests per second
//! single-threaded on ≥ 100 000 texts of ~100–300 characters). `cargo bench --bench guide`.
//!
//! Texts are built reproducibly from the realistic requests of `tests/data/guide_requests.toml`:
//! each is one or two request texts cut and joined at random to 100–300 characters.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use jiesu::guide::{Guide, Location};
use serde::Deserialize;
use std::hint::black_box;

#[derive(Deserialize)]
struct Cases {
    case: Vec<Case>,
}
#[derive(Deserialize)]
struct Case {
    text: String,
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 as usize
    }
}

fn texts(n: usize) -> Vec<String> {
    let cases: Cases = toml::from_str(include_str!("../tests/data/guide_requests.toml")).unwrap();
    let pool: Vec<Vec<char>> = cases.case.iter().map(|c| c.text.chars().collect()).collect();
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    (0..n)
        .map(|_| {
            let want = 100 + rng.next() % 201;
            let mut out: Vec<char> = Vec::with_capacity(want);
            while out.len() < want {
                let src = &pool[rng.next() % pool.len()];
                let start = rng.next() % (src.len() / 2);
                out.extend(&src[start..]);
            }
            out.truncate(want);
            out.into_iter().collect()
        })
        .collect()
}

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
