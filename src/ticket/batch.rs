//! Many histories at once: [`verify_all`] and [`Ticket::replay_all`] run the single calls
//! ([`verify`], [`Ticket::replay`]) on every history of a slice, over the threads the
//! [`Parallelism`] allows (the crate's one pool; `JIESU_NUM_THREADS` through
//! [`Parallelism::from_env`]), and return one result per history, in the order given.
//!
//! A history's result is exactly what the single call gives for it: the checks are those
//! calls, and a bad history fails alone without stopping the others. A batch of fewer than
//! [`MIN_PARALLEL_HISTORIES`] histories stays on the calling thread.

use super::anchor::ChainKey;
use super::chain::{verify, verify_keyed, Verification};
use super::event::Event;
use super::state::Ticket;
use crate::error::Result;
use crate::parallelism::Parallelism;

/// Batches of fewer histories than this stay on the calling thread whatever the
/// [`Parallelism`]: a history of a dozen events takes a few µs to check, about what waking a
/// pool thread costs, so below a few hundred µs of work the threads would not pay for
/// themselves.
///
/// # Example
/// ```
/// use jiesu::parallelism::Parallelism;
/// use jiesu::ticket::MIN_PARALLEL_HISTORIES;
/// assert_eq!(Parallelism::threads(8).threads_for(MIN_PARALLEL_HISTORIES - 1, MIN_PARALLEL_HISTORIES), 1);
/// ```
pub const MIN_PARALLEL_HISTORIES: usize = 64;

/// Histories handed to a thread at a time (neighbours in memory, one claim per block).
const BLOCK: usize = 8;

/// [`verify`] of every history, over the threads `par` allows: one [`Verification`] per
/// history, in order.
///
/// # Example
/// ```
/// use jiesu::{engine::Engine, parallelism::Parallelism, ticket::*};
/// let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
/// let cmd: Command = serde_json::from_str(r#"{"type":"register","id":"A1","appeal_type":"help","content":"求助"}"#)?;
/// let events = Ticket::new().handle(&Engine::default_engine(), &Actor::command_center(), &cmd, now)?;
/// let mut altered = events.clone();
/// altered[0].seq = 2;
/// let checked = verify_all(&[events, altered], Parallelism::from_env());
/// assert!(checked[0].intact);
/// assert_eq!(checked[1].problem.as_ref().unwrap().kind, "reordered_or_missing");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn verify_all<H: AsRef<[Event]> + Sync>(histories: &[H], par: Parallelism) -> Vec<Verification> {
    each(histories, par, |h| verify(h.as_ref()))
}

/// [`verify_all`] with chain keys: each history as [`verify_keyed`] checks it.
pub(crate) fn verify_all_keyed<H: AsRef<[Event]> + Sync>(histories: &[H], keys: &[ChainKey], par: Parallelism) -> Vec<Verification> {
    each(histories, par, |h| verify_keyed(h.as_ref(), keys))
}

impl Ticket {
    /// [`Ticket::replay`] of every history, over the threads `par` allows: one result per
    /// history, in order (a history that does not replay gives its error, the others their
    /// tickets).
    ///
    /// # Example
    /// ```
    /// use jiesu::{engine::Engine, parallelism::Parallelism, ticket::*};
    /// let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
    /// let cmd: Command = serde_json::from_str(r#"{"type":"register","id":"A1","appeal_type":"help","content":"求助"}"#)?;
    /// let events = Ticket::new().handle(&Engine::default_engine(), &Actor::command_center(), &cmd, now)?;
    /// let mut altered = events.clone();
    /// altered[0].hash = "0".repeat(64);
    /// let tickets = Ticket::replay_all(&[events, altered], Parallelism::from_env());
    /// assert_eq!(tickets[0].as_ref().unwrap().id(), Some("A1"));
    /// assert!(tickets[1].as_ref().unwrap_err().message().contains("does not match its hash"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn replay_all<H: AsRef<[Event]> + Sync>(histories: &[H], par: Parallelism) -> Vec<Result<Ticket>> {
        each(histories, par, |h| Ticket::replay(h.as_ref()))
    }
}

/// `f` of every history (or other item), in order, blocks of items over the threads `par`
/// allows.
pub(super) fn each<H: Sync, O: Send>(histories: &[H], par: Parallelism, f: impl Fn(&H) -> O + Sync) -> Vec<O> {
    if par.threads_for(histories.len(), MIN_PARALLEL_HISTORIES) <= 1 {
        return histories.iter().map(&f).collect();
    }
    let blocks: Vec<&[H]> = histories.chunks(BLOCK).collect();
    let block = |_: usize, b: &[H]| Ok(b.iter().map(&f).collect::<Vec<O>>());
    match par.try_map(blocks, 2, block) {
        Ok(parts) => parts.into_iter().flatten().collect(),
        // `block` never fails.
        Err(_) => histories.iter().map(&f).collect(),
    }
}
