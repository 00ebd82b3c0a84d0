//! The simulated month of `make demo`, shared by the example (examples/yanshan_month/main.rs)
//! and the tests that check it (tests/demo_month.rs): the requests callers make
//! ([`requests`]), what the operator does with each one given the suggester's proposals
//! ([`operator`]) and how the units, the command center and the rules carry the tickets through
//! the month ([`sim`]).

pub mod operator;
pub mod requests;
pub mod sim;

use chrono::Duration;
use jiesu::engine::{Engine, EngineConfig};

pub use sim::{simulate, Month, Options};

/// The seed of `make demo`.
pub const SEED: u64 = 20261001;

/// The demo's engine: the default guide, rules and calendar, a requester-key secret (repeat
/// callers are recognised), and the provisional calendar policy — statutory limits of 60
/// working days reach 2027, which the built-in calendar does not cover yet.
pub fn engine() -> jiesu::Result<Engine> {
    let mut config = EngineConfig { requester_key_secret: Some("demo-county-secret".into()), ..EngineConfig::default() };
    config.calendar.policy = jiesu::calendar::CoveragePolicy::Provisional;
    Engine::new(config)
}

/// Deterministic xorshift generator: the demo needs no extra crate.
pub struct Rng(pub u64);

impl Rng {
    /// A generator from a seed (any value).
    pub fn seeded(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    /// Uniform in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() % 1_000_000) as f64 / 1_000_000.0 < p
    }
    /// One of `v` (not empty).
    pub fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len() as u64) as usize]
    }
    /// A duration of `lo..hi` minutes.
    pub fn minutes(&mut self, lo: i64, hi: i64) -> Duration {
        Duration::minutes(lo + self.below((hi - lo).max(1) as u64) as i64)
    }
}
