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

#[path = "../benches/common/guide_texts.rs"]
mod guide_texts;
use guide_texts::texts;

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
