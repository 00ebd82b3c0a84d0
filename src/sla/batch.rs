//! [`SlaPolicy::deadlines`] over many dispatch instants at once: the vectorized path of the
//! bindings (a pandas column of dispatch instants → a column per clock), split over threads by
//! [`Parallelism`] for long inputs.
//!
//! Instants are nanoseconds since the Unix epoch (numpy's and pandas' `datetime64[ns]`), with
//! [`NAT`] (`i64::MIN`, numpy's NaT) for a missing one; a ticket without a clock (the first
//! feedback of a non-urgent ticket) gets NaT there too.

use chrono::{DateTime, FixedOffset};

use std::collections::hash_map::{Entry, HashMap};

use super::deadlines::DayPart;
use super::{Clock, SlaInput, SlaPolicy};
use crate::calendar::batch::{Arg, MIN_PARALLEL, NAT};
use crate::calendar::Calendar;
use crate::error::{Error, Result};
use crate::parallelism::{BatchError, Parallelism};

/// The clocks of a [`BatchDeadlines`] row, in order.
///
/// # Example
/// ```
/// use jiesu::sla::{batch::CLOCKS, Clock};
/// assert_eq!(CLOCKS[3], Clock::Completion);
/// ```
pub const CLOCKS: [Clock; 4] = [Clock::Response, Clock::ReturnWindow, Clock::FirstFeedback, Clock::Completion];

/// One dispatch instant's deadlines: `due_at` and `warn_at` of each clock of [`CLOCKS`] in
/// nanoseconds since the Unix epoch ([`NAT`] where the ticket has no such clock or no dispatch
/// instant), and whether any of them needed the provisional calendar.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BatchDeadlines {
    /// Exclusive due instants, by [`CLOCKS`].
    pub due_at: [i64; 4],
    /// Warning instants, by [`CLOCKS`].
    pub warn_at: [i64; 4],
    /// True when a deadline used an uncovered year under the provisional policy.
    pub provisional: bool,
}

fn ns(t: DateTime<FixedOffset>) -> Result<i64> {
    t.timestamp_nanos_opt().ok_or_else(|| Error::invalid_input("dispatched_at", "a deadline is outside the years datetime64[ns] holds (1677–2262)"))
}

/// The deadlines of one dispatch instant (ns since the epoch, not [`NAT`]), with the
/// date-dependent parts memoized in `days` (the scalar path's computation, split).
fn one(policy: &SlaPolicy, cal: &Calendar, at: i64, input: &SlaInput, days: &mut HashMap<(i64, SlaInput), DayPart>) -> Result<BatchDeadlines> {
    let start = crate::calendar::to_cst(DateTime::from_timestamp_nanos(at));
    let day = match days.entry((crate::calendar::epoch_day(start.date_naive()), *input)) {
        Entry::Occupied(e) => *e.get(),
        Entry::Vacant(e) => *e.insert(policy.day_part(cal, start, input)?),
    };
    let d = policy.deadlines_on(cal, start, &day)?;
    let mut row = BatchDeadlines { due_at: [NAT; 4], warn_at: [NAT; 4], provisional: false };
    for c in &d.clocks {
        let k = CLOCKS.iter().position(|x| *x == c.clock).unwrap_or(0);
        row.due_at[k] = ns(c.due_at)?;
        row.warn_at[k] = ns(c.warn_at)?;
        row.provisional |= c.provisional;
    }
    Ok(row)
}

/// [`SlaPolicy::deadlines`] for each dispatch instant of `dispatched_at` (ns since the Unix
/// epoch, [`NAT`] for none) with its SLA input (`inputs`: one for all, or one each), written
/// into `out`; exactly the scalar path's instants. Long inputs are split over threads by
/// `par`. Errors are the scalar path's (an uncovered year, an invalid input), for the element
/// with the smallest index (`dispatched_at[i]`).
///
/// # Example
/// ```
/// use jiesu::calendar::{batch::{Arg, NAT}, Calendar};
/// use jiesu::parallelism::Parallelism;
/// use jiesu::sla::{batch::{deadlines, BatchDeadlines}, HandlingClass, SlaInput, SlaPolicy, Urgency};
/// let t = chrono::DateTime::parse_from_rfc3339("2026-03-02T10:00:00+08:00").unwrap();
/// let at = [t.timestamp_nanos_opt().unwrap(), NAT];
/// let mut out = [BatchDeadlines::default(); 2];
/// let urgent = SlaInput::new(Urgency::Urgent, HandlingClass::Urgent);
/// deadlines(&SlaPolicy::default(), &Calendar::cn(), &at, Arg::One(urgent), &mut out, Parallelism::AUTO)?;
/// let scalar = SlaPolicy::default().deadlines(&Calendar::cn(), t, &urgent)?;
/// assert_eq!(out[0].due_at[3], scalar.clocks[3].due_at.timestamp_nanos_opt().unwrap());
/// assert_eq!(out[1].due_at, [NAT; 4]);
/// # Ok::<(), jiesu::Error>(())
/// ```
pub fn deadlines(
    policy: &SlaPolicy,
    cal: &Calendar,
    dispatched_at: &[i64],
    inputs: Arg<'_, SlaInput>,
    out: &mut [BatchDeadlines],
    par: Parallelism,
) -> std::result::Result<(), BatchError> {
    let bad_len = |name: &'static str, n: usize| BatchError::new(name, 0, Error::invalid_input(name, format!("{n} values for {} results", out.len())));
    if dispatched_at.len() != out.len() {
        return Err(bad_len("dispatched_at", dispatched_at.len()));
    }
    if let Arg::Each(v) = inputs {
        if v.len() != out.len() {
            return Err(bad_len("inputs", v.len()));
        }
    }
    par.fill(out, MIN_PARALLEL / 16, 1 << 10, |start, block| {
        let mut days = HashMap::new();
        for (j, o) in block.iter_mut().enumerate() {
            let i = start + j;
            let input = match inputs {
                Arg::One(x) => x,
                Arg::Each(v) => v[i],
            };
            *o = match dispatched_at[i] {
                NAT => BatchDeadlines { due_at: [NAT; 4], warn_at: [NAT; 4], provisional: false },
                at => one(policy, cal, at, &input, &mut days).map_err(|e| (i, e))?,
            };
        }
        Ok(())
    })
    .map_err(|(i, e)| BatchError::new("dispatched_at", i, e))
}
