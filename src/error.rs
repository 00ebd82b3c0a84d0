//! The one error type of jiesu.
//!
//! Every fallible function returns [`Result<T>`](crate::Result). An [`Error`] has a
//! [`kind`](Error::kind) (what sort of problem), a message that names what was wrong, and,
//! where they apply, the offending field (a path such as `festivals[3].holidays[0]`), the rule
//! id of `RULES.md` (`R-SLA-7`, …) and, for coverage errors, the year that is missing.
//! Predicates such as [`Error::is_coverage`] let callers branch without matching on kinds.

use std::fmt;

/// A specialized `Result` whose error is [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// What sort of problem an [`Error`] reports.
///
/// The numbering is stable: the C layer maps each kind to a `jiesu_status` value.
///
/// # Example
/// ```
/// use jiesu::{calendar::Calendar, ErrorKind};
/// let cal = Calendar::cn();
/// let d = chrono::NaiveDate::from_ymd_opt(2030, 1, 2).unwrap();
/// assert_eq!(cal.is_workday(d).unwrap_err().kind(), ErrorKind::Coverage);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// An argument is out of range or otherwise unusable (a date out of chrono's range, an
    /// overflowing offset, a non-business day with `Roll::Raise`, …).
    InvalidInput,
    /// Text could not be parsed (JSON, TOML, a date).
    Parse,
    /// Data parsed but breaks a rule of its format; the message lists every problem.
    Validation,
    /// The computation needs a day of a year the calendar does not cover (R-SLA-7).
    Coverage,
    /// The actor may not issue this command (R-ORG-*).
    PermissionDenied,
    /// The command is not allowed in the ticket's current state.
    InvalidTransition,
    /// A configured limit (size, count, depth) was exceeded.
    LimitExceeded,
}

/// One problem found while validating data, with the path of the field.
///
/// # Example
/// ```
/// use jiesu::calendar::Calendar;
/// let err = Calendar::from_toml(r#"
/// schema_version = 1
/// name = "X"
/// coverage = { from = 2026, to = 2026 }
/// [[festivals]]
/// year = 2026
/// festival = "labour_day"
/// holidays = ["2026-05-01", "2026-02-30"]
/// "#).unwrap_err();
/// assert!(err.is_validation());
/// assert_eq!(err.problems()[0].path, "festivals[0].holidays[1]");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Where the problem is, e.g. `festivals[3].workdays[0]`.
    pub path: String,
    /// What is wrong there.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// The error type of every fallible jiesu function.
///
/// # Example
/// ```
/// use jiesu::calendar::Calendar;
/// use chrono::NaiveDate;
/// let cal = Calendar::cn();
/// let err = cal.add_working_days(NaiveDate::from_ymd_opt(2026, 12, 25).unwrap(), 5).unwrap_err();
/// assert!(err.is_coverage());
/// assert_eq!(err.year(), Some(2027));
/// assert_eq!(err.rule(), Some("R-SLA-7"));
/// assert!(err.to_string().contains("2027"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    inner: Box<Inner>,
}

#[derive(Clone, PartialEq, Eq)]
struct Inner {
    kind: ErrorKind,
    message: String,
    field: Option<String>,
    rule: Option<&'static str>,
    year: Option<i32>,
    problems: Vec<Problem>,
}

impl Error {
    /// A new error of `kind` with `message`, without field, rule or year (the layers over the
    /// core use it to report their own argument errors in the same type).
    ///
    /// # Example
    /// ```
    /// use jiesu::{Error, ErrorKind};
    /// let e = Error::new(ErrorKind::InvalidInput, "dates and limits differ in length");
    /// assert!(e.is_invalid_input());
    /// assert_eq!(e.to_string(), "dates and limits differ in length");
    /// ```
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error { inner: Box::new(Inner { kind, message: message.into(), field: None, rule: None, year: None, problems: Vec::new() }) }
    }

    /// Shorthand for an [`ErrorKind::InvalidInput`] error naming `field`; the field is shown
    /// after the message.
    ///
    /// # Example
    /// ```
    /// let e = jiesu::Error::invalid_input("n", "offset overflows");
    /// assert_eq!(e.field(), Some("n"));
    /// assert_eq!(e.to_string(), "offset overflows (field n)");
    /// ```
    pub fn invalid_input(field: impl Into<String>, message: impl Into<String>) -> Error {
        Error::new(ErrorKind::InvalidInput, message).with_field(field)
    }

    /// Shorthand for an [`ErrorKind::Parse`] error: text (JSON, TOML, a date) that could not be
    /// read.
    ///
    /// # Example
    /// ```
    /// let e = jiesu::Error::parse("events JSON: expected value at line 1 column 1");
    /// assert_eq!((e.kind(), e.field()), (jiesu::ErrorKind::Parse, None));
    /// ```
    pub fn parse(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Parse, message)
    }

    /// A coverage error for `year` (R-SLA-7): the calendar `calendar` does not know which days
    /// of that year are worked. The message says how to get past it.
    ///
    /// # Example
    /// ```
    /// let e = jiesu::Error::coverage("CN", 2027);
    /// assert_eq!((e.year(), e.rule()), (Some(2027), Some("R-SLA-7")));
    /// assert!(e.to_string().contains("load that year's schedule"));
    /// ```
    pub fn coverage(calendar: &str, year: i32) -> Error {
        let mut e = Error::new(
            ErrorKind::Coverage,
            format!(
                "calendar {calendar:?} does not cover year {year}: load that year's schedule \
                 or build the calendar with the provisional (weekends-only) policy"
            ),
        )
        .with_rule("R-SLA-7");
        e.inner.year = Some(year);
        e
    }

    /// A validation error about `what` (a guide, a calendar, a policy), carrying every
    /// problem found; its field is the first problem's path.
    ///
    /// # Example
    /// ```
    /// use jiesu::{Error, Problem};
    /// let e = Error::validation("guide", vec![Problem { path: "units[0].id".into(), message: "empty".into() }]);
    /// assert_eq!(e.to_string(), "invalid guide: 1 problem(s): units[0].id: empty");
    /// assert_eq!(e.field(), Some("units[0].id"));
    /// ```
    pub fn validation(what: &str, problems: Vec<Problem>) -> Error {
        let list: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        let mut e = Error::new(ErrorKind::Validation, format!("invalid {what}: {} problem(s): {}", problems.len(), list.join("; ")));
        if let Some(p) = problems.first() {
            e.inner.field = Some(p.path.clone());
        }
        e.inner.problems = problems;
        e
    }

    /// Returns this error with its field set: the path of the input it is about.
    ///
    /// # Example
    /// ```
    /// let e = jiesu::Error::parse("unknown variant `clsoe`").with_field("command.type");
    /// assert_eq!(e.to_string(), "unknown variant `clsoe` (field command.type)");
    /// ```
    pub fn with_field(mut self, field: impl Into<String>) -> Error {
        self.inner.field = Some(field.into());
        self
    }

    /// This error located at `path` (an argument, or an element such as `events[3]`): the
    /// message is prefixed with `path: ` and the field with `path.` (`path` alone before an
    /// index: `events` and `[3].outcome` make `events[3].outcome`), or set to `path`; kind,
    /// rule, year and problems are kept. Used to add context as an error travels up.
    ///
    /// # Example
    /// ```
    /// use jiesu::Error;
    /// let e = Error::invalid_input("report.evidence", "report.evidence is required").at("events[3]");
    /// assert_eq!(e.field(), Some("events[3].report.evidence"));
    /// assert_eq!(e.message(), "events[3]: report.evidence is required");
    /// ```
    pub fn at(mut self, path: impl fmt::Display) -> Error {
        let path = path.to_string();
        self.inner.message = format!("{path}: {}", self.inner.message);
        self.inner.field = Some(match self.inner.field.take() {
            Some(f) if f.starts_with('[') => format!("{path}{f}"),
            Some(f) => format!("{path}.{f}"),
            None => path,
        });
        self
    }

    /// Returns this error with the id of the rule of `RULES.md` it enforces, shown after the
    /// message.
    ///
    /// # Example
    /// ```
    /// use jiesu::{Error, ErrorKind};
    /// let e = Error::new(ErrorKind::InvalidTransition, "the return window has closed").with_rule("R-SLA-2");
    /// assert_eq!(e.to_string(), "the return window has closed [R-SLA-2]");
    /// ```
    pub fn with_rule(mut self, rule: &'static str) -> Error {
        self.inner.rule = Some(rule);
        self
    }

    /// What sort of error this is (the C layer's status code, the Python layer's exception
    /// class).
    ///
    /// # Example
    /// ```
    /// use jiesu::{calendar::Calendar, engine::Engine, ErrorKind};
    /// assert_eq!(Engine::from_json("{").unwrap_err().kind(), ErrorKind::Parse);
    /// assert_eq!(Calendar::builtin("XX").unwrap_err().kind(), ErrorKind::InvalidInput);
    /// ```
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// The message, without the field and rule that [`Display`](fmt::Display) adds.
    ///
    /// # Example
    /// ```
    /// use jiesu::guide::{AppealType, ClassificationDecision, Guide};
    /// let e = Guide::yanshan_default().classify(&ClassificationDecision::new("999999", AppealType::Help)).unwrap_err();
    /// assert_eq!(e.message(), r#"unknown category "999999" in guide yanshan 2026.1"#);
    /// assert_eq!(e.to_string(), r#"unknown category "999999" in guide yanshan 2026.1 (field category) [R-SCOPE-4]"#);
    /// ```
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// The field (path) the error is about, if any: an argument's name, a path into a
    /// document, or for a validation error the path of its first problem.
    ///
    /// # Example
    /// ```
    /// use jiesu::calendar::Calendar;
    /// assert_eq!(Calendar::builtin("XX").unwrap_err().field(), Some("name"));
    /// let e = Calendar::from_json(r#"{"schema_version":1,"name":"X","coverage":{"from":2026,"to":2026},
    ///   "festivals":[{"year":2026,"festival":"x","workdays":["2026-03-04"]}]}"#).unwrap_err();
    /// assert_eq!(e.field(), Some("festivals[0].workdays[0]"));
    /// ```
    pub fn field(&self) -> Option<&str> {
        self.inner.field.as_deref()
    }

    /// The rule id of `RULES.md` the error enforces, if any.
    ///
    /// # Example
    /// ```
    /// use jiesu::{engine::Engine, ticket::{Actor, Command, Ticket}};
    /// // Only the command center registers tickets (R-ORG-1).
    /// let register: Command = serde_json::from_str(r#"{"type":"register","id":"YS-1","appeal_type":"help","content":"求助"}"#).unwrap();
    /// let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
    /// let e = Ticket::new().handle(&Engine::default_engine(), &Actor::unit("housing"), &register, now).unwrap_err();
    /// assert_eq!(e.rule(), Some("R-ORG-1"));
    /// ```
    pub fn rule(&self) -> Option<&'static str> {
        self.inner.rule
    }

    /// For a coverage error, the year that is not covered: the schedule to load (R-SLA-7).
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// let cal = jiesu::calendar::Calendar::cn();
    /// let e = cal.add_working_days(NaiveDate::from_ymd_opt(2026, 12, 25).unwrap(), 5).unwrap_err();
    /// assert_eq!(e.year(), Some(2027));
    /// ```
    pub fn year(&self) -> Option<i32> {
        self.inner.year
    }

    /// For a validation error, every problem found, each with its path (empty otherwise).
    ///
    /// # Example
    /// ```
    /// let e = jiesu::sla::SlaPolicy::from_json(r#"{"urgent_days": 0, "normal_days": 0}"#).unwrap_err();
    /// let paths: Vec<&str> = e.problems().iter().map(|p| p.path.as_str()).collect();
    /// assert_eq!(paths, ["urgent_days", "normal_days"]);
    /// ```
    pub fn problems(&self) -> &[Problem] {
        &self.inner.problems
    }

    /// True for [`ErrorKind::InvalidInput`].
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// use jiesu::calendar::{Calendar, Roll};
    /// // 2026-10-01 is a holiday: numpy's `raise` roll refuses it.
    /// let e = Calendar::cn().busday_offset(NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(), 0, Roll::Raise).unwrap_err();
    /// assert!(e.is_invalid_input());
    /// ```
    pub fn is_invalid_input(&self) -> bool {
        self.kind() == ErrorKind::InvalidInput
    }

    /// True for [`ErrorKind::Parse`].
    ///
    /// # Example
    /// ```
    /// assert!(jiesu::engine::Engine::from_json(r#"{"schema_version": 1,"#).unwrap_err().is_parse());
    /// ```
    pub fn is_parse(&self) -> bool {
        self.kind() == ErrorKind::Parse
    }

    /// True for [`ErrorKind::Validation`].
    ///
    /// # Example
    /// ```
    /// // A complex limit outside 10–15 working days (R-SLA-3).
    /// assert!(jiesu::sla::SlaPolicy::from_json(r#"{"complex_days": 30}"#).unwrap_err().is_validation());
    /// ```
    pub fn is_validation(&self) -> bool {
        self.kind() == ErrorKind::Validation
    }

    /// True for [`ErrorKind::Coverage`].
    ///
    /// # Example
    /// ```
    /// let day = chrono::NaiveDate::from_ymd_opt(2030, 1, 2).unwrap();
    /// assert!(jiesu::calendar::Calendar::cn().is_workday(day).unwrap_err().is_coverage());
    /// ```
    pub fn is_coverage(&self) -> bool {
        self.kind() == ErrorKind::Coverage
    }

    /// True for [`ErrorKind::PermissionDenied`].
    ///
    /// # Example
    /// ```
    /// use jiesu::{engine::Engine, ticket::{Actor, Command, Ticket}};
    /// let register: Command = serde_json::from_str(r#"{"type":"register","id":"YS-1","appeal_type":"help","content":"求助"}"#).unwrap();
    /// let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
    /// let e = Ticket::new().handle(&Engine::default_engine(), &Actor::unit("housing"), &register, now).unwrap_err();
    /// assert!(e.is_permission_denied());
    /// ```
    pub fn is_permission_denied(&self) -> bool {
        self.kind() == ErrorKind::PermissionDenied
    }

    /// True for [`ErrorKind::InvalidTransition`].
    ///
    /// # Example
    /// ```
    /// use jiesu::{engine::Engine, ticket::{Actor, Command, Ticket}};
    /// let (engine, center) = (Engine::default_engine(), Actor::command_center());
    /// let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
    /// let mut t = Ticket::new();
    /// let register: Command = serde_json::from_str(r#"{"type":"register","id":"YS-1","appeal_type":"help","content":"求助"}"#).unwrap();
    /// t.execute(&engine, &center, &register, now)?;
    /// // A ticket that was never handled cannot be closed.
    /// assert!(t.handle(&engine, &center, &Command::Close {}, now).unwrap_err().is_invalid_transition());
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn is_invalid_transition(&self) -> bool {
        self.kind() == ErrorKind::InvalidTransition
    }

    /// True for [`ErrorKind::LimitExceeded`].
    ///
    /// # Example
    /// ```
    /// let small = jiesu::Limits { max_log_bytes: 4, ..Default::default() };
    /// let e = jiesu::assessment::tickets_from_jsonl_with_limits("{}\n{}\n", &small).unwrap_err();
    /// assert!(e.is_limit_exceeded());
    /// ```
    pub fn is_limit_exceeded(&self) -> bool {
        self.kind() == ErrorKind::LimitExceeded
    }

    /// This error with its message prefixed by `at: ` (`dates[3]`, `invalid JSON`); kind,
    /// field, rule, year and problems kept (unlike [`Error::at`], the field is not changed).
    ///
    /// # Example
    /// ```
    /// let e = jiesu::json::from_str::<jiesu::Limits>(r#"{"max_events": 1, "max_events": 2}"#).unwrap_err();
    /// let e = e.located("invalid JSON").at("limits");
    /// assert_eq!(e.field(), Some("limits.max_events"));
    /// assert!(e.message().starts_with(r#"limits: invalid JSON: duplicate key "max_events""#));
    /// ```
    pub fn located(mut self, at: impl fmt::Display) -> Error {
        self.inner.message = format!("{at}: {}", self.inner.message);
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.inner.message)?;
        if let (Some(field), ErrorKind::InvalidInput | ErrorKind::Parse) = (&self.inner.field, self.inner.kind) {
            write!(f, " (field {field})")?;
        }
        if let Some(rule) = self.inner.rule {
            write!(f, " [{rule}]")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Error({:?}: {})", self.inner.kind, self)
    }
}

impl std::error::Error for Error {}
