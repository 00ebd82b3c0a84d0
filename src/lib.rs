//! # jiesu (接诉)
//!
//! The rules engine of a county's 接诉即办 ("every call answered, every request handled")
//! citizen-request platform, on the 12345-hotline model: every request is received, routed,
//! handled on a clock, supervised, called back and assessed. It implements the rules of the
//! Yanshan County (砚山县) implementation plan; rule ids (`R-SLA-5`, …) are those of `RULES.md`
//! and every name (roles, commands, events, statuses, clocks) is the one of `GLOSSARY.md`, the
//! same in Rust, in JSON and in the C and Python layers.
//!
//! This crate is the pure core: no I/O beyond parsing what it is given, no global mutable state
//! (the two process-wide values are immutable or invisible: the built-in data, parsed once at
//! its first use and shared, and the batch threads' pool of [`parallelism`]), and every
//! function that needs "now" takes it as an argument. The C ABI (`libjiesu`) and the
//! Python package are thin layers over it. The platform keeps its own database of tickets (the
//! events jiesu decided); jiesu decides, computes deadlines, evaluates escalation and assesses.
//!
//! Here is a normal complaint dispatched on the last working day before the National Day
//! holiday: its five working days (R-SLA-3) skip the holiday and count the make-up Saturday
//! (调休上班日) 2026-10-10, so it is due at 24:00 on 2026-10-13 (R-SLA-5).
//!
//! ```
//! use chrono::DateTime;
//! use jiesu::calendar::Calendar;
//! use jiesu::sla::{Clock, HandlingClass, SlaInput, SlaPolicy, Urgency};
//!
//! let dispatched = DateTime::parse_from_rfc3339("2026-09-30T10:00:00+08:00").unwrap();
//! let input = SlaInput::new(Urgency::Normal, HandlingClass::Normal);
//! let clocks = SlaPolicy::default().deadlines(&Calendar::cn(), dispatched, &input)?;
//! let completion = clocks.get(Clock::Completion).unwrap();
//! assert_eq!(completion.due_at.to_rfc3339(), "2026-10-14T00:00:00+08:00");
//! # Ok::<(), jiesu::Error>(())
//! ```
//!
//! # Overview
//!
//! The modules are named after the domain, in the order a request goes through them:
//!
//! - [`calendar`]: which days are worked (R-SLA-5/7). The national [`Calendar::cn`] holds
//!   every statutory holiday and make-up working day (调休) 2004–2026 from the State Council's
//!   yearly notices; local festivals and new years load as data ([`CalendarData`]), without a
//!   rebuild. It counts working days, numpy-compatible `busday_*` and business-hours working
//!   time, and knows its coverage: arithmetic that reaches an uncovered year fails unless the
//!   caller opts into a provisional weekends-only rule ([`CoveragePolicy`]).
//! - [`sla`]: the clocks of a dispatched ticket (R-SLA-1…5) — `response`, `return_window`,
//!   `first_feedback` (urgent only) and `completion` — each with its `due_at` and `warn_at`
//!   ([`SlaPolicy::deadlines`]); every limit is configuration.
//! - [`guide`]: the classification guide (事项分类指南, R-SCOPE-*) as data: units, the category
//!   tree, scope exclusions (不予受理), emergencies, routing and time-limit classes. It
//!   [`suggest`]s categories for a request text and [`classify`]s a ticket from the operator's
//!   decision.
//! - [`ticket`]: the lifecycle (R-FLOW-*, R-ORG-*). [`Ticket::handle`] decides — an [`Actor`],
//!   a [`Command`] and `now` give the new [`Event`]s or an error — and [`Ticket::apply`] records
//!   them; [`Ticket::replay`] rebuilds a ticket from its stored history and refuses one whose
//!   hash chain was altered (R-FLOW-5); [`Ticket::replay_all`] and [`ticket::verify_all`] take
//!   many histories at once, over the batch threads. Requester data is masked in every summary
//!   (R-PRIV-1).
//! - [`escalation`]: rule sets as data (R-ESC-1…4). [`evaluate`] lists the alerts due on a
//!   ticket — warning (预警), urging (催办), supervision (督办), listed supervision (挂牌督办) —
//!   and when to look again; group rules find repeated requests and requests from many people.
//! - [`assessment`]: the rates of each unit or township over a period (R-ANA-2) — response,
//!   resolution, satisfaction, on-time completion, returns, extensions, reworks — with a
//!   weighted score ([`assess`]), and the weekly and monthly bulletins ([`bulletin`], 通报,
//!   R-ANA-1).
//! - [`engine`]: one configuration (JSON) that puts a calendar, an SLA policy, a guide, an
//!   escalation rule set and the [`Limits`] together; [`Engine::default_engine`] is the
//!   Yanshan default.
//! - [`parallelism`]: the one thread setting of batch work — many dates at once
//!   ([`calendar::batch`], what C's `*_batch` functions and Python's numpy calls run) and many
//!   tickets at once — read from `JIESU_NUM_THREADS` by [`Parallelism::from_env`] for the C and
//!   Python layers alike; a failing element is named by its index (`dates[3]: …`).
//! - [`schema`]: the JSON contract — a JSON Schema (draft 2020-12) of every document that
//!   crosses the C and Python boundaries (commands, events, the state view, evaluations,
//!   configurations, …), published under `schema/` and described in `docs/JSON.md`.
//! - [`views`]: which fields of the JSON views (state, evaluation, bulletin) hold instants, for a
//!   layer that turns them into native date-times.
//! - [`Error`]: the one error type. Its [`kind`](Error::kind) says what sort of problem, and it
//!   names the field and the rule where they apply.
//!
//! [`Calendar::cn`]: calendar::Calendar::cn
//! [`CalendarData`]: calendar::CalendarData
//! [`CoveragePolicy`]: calendar::CoveragePolicy
//! [`SlaPolicy::deadlines`]: sla::SlaPolicy::deadlines
//! [`suggest`]: guide::Guide::suggest
//! [`classify`]: guide::Guide::classify
//! [`Ticket::handle`]: ticket::Ticket::handle
//! [`Ticket::apply`]: ticket::Ticket::apply
//! [`Ticket::execute`]: ticket::Ticket::execute
//! [`Ticket::replay`]: ticket::Ticket::replay
//! [`Ticket::replay_all`]: ticket::Ticket::replay_all
//! [`Actor`]: ticket::Actor
//! [`Command`]: ticket::Command
//! [`Event`]: ticket::Event
//! [`evaluate`]: escalation::evaluate
//! [`assess`]: assessment::assess
//! [`bulletin`]: assessment::bulletin
//! [`Engine::default_engine`]: engine::Engine::default_engine
//! [`Parallelism::from_env`]: parallelism::Parallelism::from_env
//!
//! # Examples
//!
//! * [Working days with make-up days (调休), and a year not covered](#working-days-with-make-up-days-调休-and-a-year-not-covered)
//! * [The SLA clocks of an urgent ticket](#the-sla-clocks-of-an-urgent-ticket)
//! * [A ticket: register, dispatch, acknowledge, replay](#a-ticket-register-dispatch-acknowledge-replay)
//! * [Escalation: what is due on a ticket, and when to look again](#escalation-what-is-due-on-a-ticket-and-when-to-look-again)
//! * [Assessment of a unit over a month](#assessment-of-a-unit-over-a-month)
//!
//! ### Working days with make-up days (调休), and a year not covered
//!
//! Saturdays 2026-02-14 and 02-28 are worked for the Spring Festival break, which runs from
//! 02-15 to 02-23. The calendar covers 2004–2026; a count that reaches 2027 is a coverage error
//! naming the year (R-SLA-7), until the caller loads the 2027 schedule as an overlay
//! ([`Calendar::with_overlay`](calendar::Calendar::with_overlay)) or opts into the provisional
//! weekends-only rule (deadlines computed that way are marked `provisional`).
//!
//! ```
//! use chrono::NaiveDate;
//! use jiesu::calendar::{Calendar, CoveragePolicy, DayKind};
//!
//! let cal = Calendar::cn();
//! let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
//! assert_eq!(cal.day_kind(d(2026, 2, 14))?, DayKind::MakeupWorkday);
//! assert_eq!(cal.day(d(2026, 2, 17))?.festival, Some("spring_festival"));
//! // Friday 02-13, then the make-up Saturday, then the first day after the break.
//! assert_eq!(cal.add_working_days(d(2026, 2, 13), 2)?, d(2026, 2, 24));
//! // numpy's busday_count over [02-09, 03-02): the make-up Saturdays 02-14 and 02-28 count.
//! assert_eq!(cal.busday_count(d(2026, 2, 9), d(2026, 3, 2))?, 11);
//!
//! let err = cal.add_working_days(d(2026, 12, 25), 5).unwrap_err();
//! assert!(err.is_coverage());
//! assert_eq!((err.year(), err.rule()), (Some(2027), Some("R-SLA-7")));
//! let provisional = cal.with_policy(CoveragePolicy::Provisional);
//! assert_eq!(provisional.add_working_days(d(2026, 12, 25), 5)?, d(2027, 1, 1));
//! # Ok::<(), jiesu::Error>(())
//! ```
//!
//! ### The SLA clocks of an urgent ticket
//!
//! An urgent ticket dispatched at 16:00 on Friday 2026-02-13 must be answered within the hour
//! (R-SLA-1), gets a first feedback by the end of the day (当天反馈) and three working days to
//! complete (R-SLA-3): the make-up Saturday, then 02-24 and 02-25. Each clock warns before it
//! is due.
//!
//! ```
//! use chrono::DateTime;
//! use jiesu::calendar::Calendar;
//! use jiesu::sla::{Clock, HandlingClass, SlaInput, SlaPolicy, Urgency};
//!
//! let cal = Calendar::cn();
//! let dispatched = DateTime::parse_from_rfc3339("2026-02-13T16:00:00+08:00").unwrap();
//! let input = SlaInput::new(Urgency::Urgent, HandlingClass::Urgent);
//! let clocks = SlaPolicy::default().deadlines(&cal, dispatched, &input)?;
//! let due = |c| clocks.get(c).unwrap().due_at.to_rfc3339();
//! assert_eq!(due(Clock::Response), "2026-02-13T17:00:00+08:00");
//! assert_eq!(due(Clock::FirstFeedback), "2026-02-14T00:00:00+08:00");
//! assert_eq!(due(Clock::Completion), "2026-02-26T00:00:00+08:00");
//! // The completion warning falls at the start of the last working day.
//! let completion = clocks.get(Clock::Completion).unwrap();
//! assert_eq!(completion.warn_at.to_rfc3339(), "2026-02-25T00:00:00+08:00");
//! # Ok::<(), jiesu::Error>(())
//! ```
//!
//! ### A ticket: register, dispatch, acknowledge, replay
//!
//! The platform stores the events; jiesu decides. Commands arrive as JSON (the same documents
//! the C and Python layers take). [`Ticket::handle`] checks who may do what in which status
//! and returns the events without changing the ticket; [`Ticket::apply`] records them
//! ([`Ticket::execute`] does both). The guide suggests the category and routes the ticket to
//! its lead unit, which alone may acknowledge it.
//!
//! ```
//! use chrono::DateTime;
//! use jiesu::engine::Engine;
//! use jiesu::ticket::{Actor, Command, Event, Status, Ticket};
//!
//! let engine = Engine::default_engine();
//! let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
//! let command = |json: &str| serde_json::from_str::<Command>(json).unwrap();
//! let center = Actor::command_center();
//!
//! // 登记: the command center registers the call.
//! let content = "江那镇××小区门口路灯坏了一个多月，晚上漆黑一片";
//! let register = command(&format!(
//!     r#"{{"type":"register","id":"YS-2026-0001","appeal_type":"complaint","content":"{content}",
//!         "requester":{{"name":"张三","phone":"13812345678"}}}}"#));
//! let mut ticket = Ticket::new();
//! let events = ticket.handle(&engine, &center, &register, at("2026-03-02T09:00:00+08:00"))?;
//! for e in &events {
//!     ticket.apply(e)?;
//! }
//! assert_eq!(ticket.status(), Some(Status::Registered));
//!
//! // Only the command center registers (R-ORG-1).
//! let unit = Actor::unit("urban_management");
//! let refused = Ticket::new().handle(&engine, &unit, &register, at("2026-03-02T09:00:00+08:00"));
//! assert!(refused.unwrap_err().is_permission_denied());
//!
//! // 派单: the guide's best suggestion is the street-light category, led by urban management.
//! let top = &engine.guide().suggest(content, None).categories[0];
//! assert_eq!((&*top.code, top.routing.lead.as_deref()), ("040201", Some("urban_management")));
//! let dispatch = command(r#"{"type":"dispatch","decision":{"category":"040201","appeal_type":"complaint"}}"#);
//! ticket.execute(&engine, &center, &dispatch, at("2026-03-02T09:10:00+08:00"))?;
//! assert_eq!(ticket.status(), Some(Status::Dispatched));
//!
//! // 签收: another unit may not acknowledge it (R-ORG-2); the lead unit does.
//! let acknowledge = command(r#"{"type":"acknowledge"}"#);
//! let other = Actor::unit("housing");
//! let refused = ticket.handle(&engine, &other, &acknowledge, at("2026-03-02T09:30:00+08:00"));
//! assert!(refused.unwrap_err().is_permission_denied());
//! assert_eq!(ticket.status(), Some(Status::Dispatched));
//! ticket.execute(&engine, &unit, &acknowledge, at("2026-03-02T09:40:00+08:00"))?;
//! assert_eq!(ticket.status(), Some(Status::InProgress));
//!
//! // The stored history is the truth: replay rebuilds the same ticket, and refuses a history
//! // altered after the fact (here the requester's name, R-FLOW-5).
//! let stored = serde_json::to_string(ticket.events()).unwrap();
//! let events: Vec<Event> = serde_json::from_str(&stored).unwrap();
//! let replayed = Ticket::replay(&events)?;
//! assert_eq!((replayed.status(), replayed.events().len()), (Some(Status::InProgress), 3));
//! let forged: Vec<Event> = serde_json::from_str(&stored.replace("张三", "李四")).unwrap();
//! assert_eq!(Ticket::replay(&forged).unwrap_err().rule(), Some("R-FLOW-5"));
//! # Ok::<(), jiesu::Error>(())
//! ```
//!
//! ### Escalation: what is due on a ticket, and when to look again
//!
//! [`evaluate`] runs the engine's rule set (the default R-ESC-4 ladder) over one ticket at
//! `now`: the alerts due that were not raised before, and `next_check_at`, the earliest instant
//! a rule could fire, so that a scheduler looks again then instead of polling. A ticket
//! dispatched at 09:10 and not acknowledged is warned at half its response window and urged
//! (催办) once the 24 hours have passed (R-SLA-1, R-ESC-4).
//!
//! ```
//! use chrono::DateTime;
//! use jiesu::engine::Engine;
//! use jiesu::escalation::evaluate;
//! use jiesu::ticket::{Actor, Command, EscalationLevel, Ticket};
//!
//! let engine = Engine::default_engine();
//! let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
//! let command = |json: &str| serde_json::from_str::<Command>(json).unwrap();
//! let center = Actor::command_center();
//! let mut ticket = Ticket::new();
//! ticket.execute(&engine, &center, &command(r#"{"type":"register","id":"YS-2026-0002","appeal_type":"complaint","content":"路灯不亮"}"#),
//!     at("2026-03-02T09:00:00+08:00"))?;
//! ticket.execute(&engine, &center, &command(r#"{"type":"dispatch","decision":{"category":"040201","appeal_type":"complaint"}}"#),
//!     at("2026-03-02T09:10:00+08:00"))?;
//!
//! // Right after dispatch nothing is due; look again at the response warning (21:10).
//! let ev = evaluate(&ticket, engine.rules(), engine.calendar(), at("2026-03-02T09:10:00+08:00"));
//! assert!(ev.alerts.is_empty());
//! assert_eq!(ev.next_check_at, Some(at("2026-03-02T21:10:00+08:00")));
//!
//! // The next morning the response limit has passed: urging (the warning, whose deadline has
//! // passed, is superseded). The engine names the unit in the message.
//! let ev = engine.evaluate(&ticket, at("2026-03-03T10:00:00+08:00"));
//! let fired: Vec<(&str, EscalationLevel)> = ev.alerts.iter().map(|a| (a.rule.as_str(), a.level)).collect();
//! assert_eq!(fired, [("response.urging", EscalationLevel::Urging)]);
//! assert_eq!(ev.alerts[0].unit.as_deref(), Some("urban_management"));
//! assert!(ev.alerts[0].message.contains("砚山县城市管理局"));
//!
//! // Once the unit acknowledges and contacts the requester, the response clock is met and
//! // only the completion clock remains: its warning at the start of 03-09.
//! let unit = Actor::unit("urban_management");
//! ticket.execute(&engine, &unit, &command(r#"{"type":"acknowledge"}"#), at("2026-03-03T10:05:00+08:00"))?;
//! ticket.execute(&engine, &unit, &command(r#"{"type":"contact_requester","note":"已电话联系"}"#), at("2026-03-03T10:20:00+08:00"))?;
//! let ev = evaluate(&ticket, engine.rules(), engine.calendar(), at("2026-03-03T10:30:00+08:00"));
//! assert!(ev.alerts.is_empty());
//! assert_eq!(ev.next_check_at, Some(at("2026-03-09T00:00:00+08:00")));
//! # Ok::<(), jiesu::Error>(())
//! ```
//!
//! ### Assessment of a unit over a month
//!
//! [`assess`] computes each unit's rates over a period (R-ANA-2). Here three street-light
//! tickets handled by urban management in March 2026 are called back satisfied, basically
//! satisfied, and dissatisfied and unsolved (judged unresolvable, so it still counts):
//! resolution is 2/3, satisfaction (1 + 0.9 × 1) / 3, and the score weighs response,
//! resolution and satisfaction 0.1 / 0.5 / 0.4.
//!
//! ```
//! use chrono::DateTime;
//! use jiesu::assessment::{assess, AssessmentOptions, Period};
//! use jiesu::engine::Engine;
//! use jiesu::ticket::{Actor, Command, Ticket};
//!
//! let engine = Engine::default_engine();
//! let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
//! let (center, unit) = (Actor::command_center(), Actor::unit("urban_management"));
//! // One ticket from registration to closing, called back with `outcome`.
//! let handled = |id: &str, day: u32, outcome: &str, solved: bool| -> Result<Ticket, jiesu::Error> {
//!     let mut t = Ticket::new();
//!     let at = |hour: u32| at(&format!("2026-03-{day:02}T{hour:02}:00:00+08:00"));
//!     let steps = [
//!         (&center, format!(r#"{{"type":"register","id":"{id}","appeal_type":"complaint","content":"路灯不亮"}}"#)),
//!         (&center, r#"{"type":"dispatch","decision":{"category":"040201","appeal_type":"complaint"}}"#.to_string()),
//!         (&unit, r#"{"type":"acknowledge"}"#.to_string()),
//!         (&unit, r#"{"type":"contact_requester"}"#.to_string()),
//!         (&unit, format!(r#"{{"type":"submit_report","report":{{"result":"已更换灯具","answered_at":"{}",
//!             "evidence":["photo.jpg"],"approved_by":"王局长","solved":{solved}}}}}"#, at(12).to_rfc3339())),
//!         (&center, r#"{"type":"review_report","accept":true}"#.to_string()),
//!         (&center, format!(r#"{{"type":"record_callback","outcome":"{outcome}","solved":{solved}}}"#)),
//!     ];
//!     for (hour, (actor, json)) in (9..).zip(steps) {
//!         t.execute(&engine, actor, &serde_json::from_str::<Command>(&json).unwrap(), at(hour))?;
//!     }
//!     let close = if outcome == "dissatisfied" {
//!         r#"{"type":"judge_dissatisfaction","judgement":{"judgement":"unresolvable","explanation":"需纳入明年改造计划"}}"#
//!     } else {
//!         r#"{"type":"close"}"#
//!     };
//!     t.execute(&engine, &center, &serde_json::from_str::<Command>(close).unwrap(), at(17))?;
//!     Ok(t)
//! };
//! let tickets = [
//!     handled("YS-1", 2, "satisfied", true)?,
//!     handled("YS-2", 3, "basically_satisfied", true)?,
//!     handled("YS-3", 4, "dissatisfied", false)?,
//! ];
//!
//! let march = assess(&tickets, &AssessmentOptions::new(Period::month(2026, 3)?));
//! let unit = &march.groups[0];
//! assert_eq!((unit.key.as_str(), unit.dispatched), ("urban_management", 3));
//! assert_eq!(unit.response_rate.value, Some(1.0));
//! assert_eq!((unit.resolution_rate.numerator, unit.resolution_rate.denominator), (2.0, 3));
//! assert_eq!((unit.satisfaction_rate.numerator, unit.satisfaction_rate.denominator), (1.9, 3));
//! // 100 × (0.1 × 1 + 0.5 × 2/3 + 0.4 × 1.9/3)
//! assert!((unit.score.unwrap() - 68.667).abs() < 0.001);
//! # Ok::<(), jiesu::Error>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod assessment;
pub mod calendar;
pub mod engine;
mod error;
pub mod escalation;
pub mod guide;
pub mod json;
pub mod limits;
pub mod parallelism;
mod period;
pub mod schema;
pub mod sla;
pub mod ticket;
pub mod views;

pub use error::{Error, ErrorKind, Problem, Result};
pub use limits::Limits;
