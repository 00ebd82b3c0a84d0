//! Suggestions counted under callgrind (issue 18's throughput, repeatable whatever the machine's
//! load): `N` bench-style texts (the generator of `benches/guide.rs`: request texts of
//! `tests/data/guide_requests.toml` cut and joined to 100–300 characters), each suggested once
//! for a township, inside `suggest_all` only:
//!
//! ```sh
//! cargo build --release --example suggest_instructions
//! valgrind --tool=callgrind --toggle-collect='suggest_instructions::suggest_all' \
//!     target/release/examples/suggest_instructions 10000
//! ```
//! Divide the `totals` of the output file by `N` for instructions per suggestion. The first
//! line printed (categories suggested, in total) must be equal on the commits compared.

use jiesu::guide::{Guide, Location};
use serde::Deserialize;

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

/// The texts of `benches/guide.rs`.
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

#[inline(never)]
fn suggest_all(g: &Guide, texts: &[String], loc: &Location) -> usize {
    let mut n = 0;
    for t in texts {
        n += std::hint::black_box(g.suggest(t, Some(loc))).categories.len();
    }
    n
}

fn main() {
    let n: usize = std::env::args().nth(1).map_or(10_000, |a| a.parse().expect("N: a number of texts"));
    let g = Guide::yanshan_default();
    let texts = texts(n);
    let loc = Location::township("jiangna");
    // Once before counting: the first call's lazy work is not the steady state.
    std::hint::black_box(g.suggest("路灯坏了", Some(&loc)));
    let found = suggest_all(&g, &texts, &loc);
    println!("{n} texts: {found} categories suggested");
}
