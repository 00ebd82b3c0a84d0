//! # jiesu (接诉)
//!
//! The rules engine of a county's 接诉即办 ("answer every call") citizen-request platform,
//! on the 12345-hotline model: every request is received, routed, handled on a clock,
//! supervised, called back and assessed.
//!
//! This crate is the pure core: no I/O beyond parsing what it is given, no global state,
//! and every function that needs "now" takes it as an argument. The C ABI (`libjiesu`) and the
//! Python package are thin layers over it.
//!
//! Modules are named after the domain (vocabulary of `GLOSSARY.md`, rule ids of `RULES.md`):
//!
//! - [`calendar`]: working days with statutory holidays and make-up working days (调休),
//!   overlays, business hours, coverage, numpy-compatible `busday_*`.
//! - [`sla`]: the SLA clocks of a dispatched ticket (response, return window, first feedback,
//!   completion) with their due and warning instants.
//!
//! # Example
//! ```
//! use chrono::DateTime;
//! use jiesu::calendar::Calendar;
//! use jiesu::sla::{Clock, HandlingClass, SlaInput, SlaPolicy, Urgency};
//!
//! let cal = Calendar::cn();
//! let policy = SlaPolicy::default();
//! let dispatched = DateTime::parse_from_rfc3339("2026-09-30T10:00:00+08:00").unwrap();
//! let clocks = policy.deadlines(&cal, dispatched, &SlaInput::new(Urgency::Normal, HandlingClass::Normal))?;
//! // 10-10 is a make-up Saturday and counts: due at 24:00 on 2026-10-13.
//! assert_eq!(clocks.get(Clock::Completion).unwrap().due_at.to_rfc3339(), "2026-10-14T00:00:00+08:00");
//! # Ok::<(), jiesu::Error>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod assessment;
pub mod calendar;
pub mod engine;
pub mod escalation;
pub mod guide;
mod error;
pub mod limits;
pub mod parallelism;
mod period;
pub mod sla;
pub mod ticket;
pub mod views;

pub use error::{Error, ErrorKind, Problem, Result};
pub use limits::Limits;
