//! The suggestion benches' texts, shared by `benches/guide.rs` (criterion) and
//! `examples/suggest_instructions.rs` (instruction counts; `examples/suggest_digest.rs` uses its
//! generator): built reproducibly from the
//! realistic requests of `tests/data/guide_requests.toml`, each one or two request texts cut
//! and joined at random to 100–300 characters.

use serde::Deserialize;

#[derive(Deserialize)]
struct Cases {
    case: Vec<Case>,
}
#[derive(Deserialize)]
struct Case {
    text: String,
}

/// A xorshift generator: the same texts on every machine.
pub struct Rng(pub u64);
impl Rng {
    /// The next number.
    pub fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 as usize
    }
}

/// `n` texts of 100–300 characters.
pub fn texts(n: usize) -> Vec<String> {
    let cases: Cases = toml::from_str(include_str!("../../tests/data/guide_requests.toml")).unwrap();
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
