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
    /// A new error of `kind` with `message`.
    ///
    /// # Example
    /// ```
    /// use jiesu::{Error, ErrorKind};
    /// let e = Error::new(ErrorKind::InvalidInput, "n is too large");
    /// assert!(e.is_invalid_input());
    /// ```
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            inner: Box::new(Inner {
                kind,
                message: message.into(),
                field: None,
                rule: None,
                year: None,
                problems: Vec::new(),
            }),
        }
    }

    /// Shorthand for an [`ErrorKind::InvalidInput`] error naming `field`.
    ///
    /// # Example
    /// ```
    /// let e = jiesu::Error::invalid_input("n", "offset overflows");
    /// assert_eq!(e.field(), Some("n"));
    /// ```
    pub fn invalid_input(field: impl Into<String>, message: impl Into<String>) -> Error {
        Error::new(ErrorKind::InvalidInput, message).with_field(field)
    }

    /// Shorthand for an [`ErrorKind::Parse`] error.
    ///
    /// # Example
    /// ```
    /// assert!(jiesu::Error::parse("bad JSON").is_parse());
    /// ```
    pub fn parse(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Parse, message)
    }

    /// A coverage error for `year` (R-SLA-7).
    ///
    /// # Example
    /// ```
    /// let e = jiesu::Error::coverage("CN", 2027);
    /// assert_eq!(e.year(), Some(2027));
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

    /// A validation error carrying every problem found.
    ///
    /// # Example
    /// ```
    /// use jiesu::{Error, Problem};
    /// let e = Error::validation("guide", vec![Problem { path: "units[0].id".into(), message: "empty".into() }]);
    /// assert!(e.to_string().contains("units[0].id: empty"));
    /// ```
    pub fn validation(what: &str, problems: Vec<Problem>) -> Error {
        let list: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        let mut e = Error::new(
            ErrorKind::Validation,
            format!("invalid {what}: {} problem(s): {}", problems.len(), list.join("; ")),
        );
        if let Some(p) = problems.first() {
            e.inner.field = Some(p.path.clone());
        }
        e.inner.problems = problems;
        e
    }

    /// Returns this error with its field set.
    ///
    /// # Example
    /// ```
    /// let e = jiesu::Error::parse("x").with_field("command.type");
    /// assert_eq!(e.field(), Some("command.type"));
    /// ```
    pub fn with_field(mut self, field: impl Into<String>) -> Error {
        self.inner.field = Some(field.into());
        self
    }

    /// Returns this error with a rule id of `RULES.md` attached.
    ///
    /// # Example
    /// ```
    /// let e = jiesu::Error::parse("x").with_rule("R-SLA-2");
    /// assert_eq!(e.rule(), Some("R-SLA-2"));
    /// ```
    pub fn with_rule(mut self, rule: &'static str) -> Error {
        self.inner.rule = Some(rule);
        self
    }

    /// What sort of error this is.
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::Error::parse("x").kind(), jiesu::ErrorKind::Parse);
    /// ```
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// The message, without field or rule decoration.
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::Error::parse("bad").message(), "bad");
    /// ```
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// The field (path) the error is about, if any.
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::Error::parse("bad").field(), None);
    /// ```
    pub fn field(&self) -> Option<&str> {
        self.inner.field.as_deref()
    }

    /// The rule id of `RULES.md` the error enforces, if any.
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::Error::coverage("CN", 2030).rule(), Some("R-SLA-7"));
    /// ```
    pub fn rule(&self) -> Option<&'static str> {
        self.inner.rule
    }

    /// For a coverage error, the year that is not covered.
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::Error::coverage("CN", 2030).year(), Some(2030));
    /// ```
    pub fn year(&self) -> Option<i32> {
        self.inner.year
    }

    /// For a validation error, every problem found (empty otherwise).
    ///
    /// # Example
    /// ```
    /// assert!(jiesu::Error::parse("x").problems().is_empty());
    /// ```
    pub fn problems(&self) -> &[Problem] {
        &self.inner.problems
    }

    /// True for [`ErrorKind::InvalidInput`].
    ///
    /// # Example
    /// ```
    /// assert!(jiesu::Error::invalid_input("n", "too big").is_invalid_input());
    /// ```
    pub fn is_invalid_input(&self) -> bool {
        self.kind() == ErrorKind::InvalidInput
    }

    /// True for [`ErrorKind::Parse`].
    ///
    /// # Example
    /// ```
    /// assert!(jiesu::Error::parse("x").is_parse());
    /// ```
    pub fn is_parse(&self) -> bool {
        self.kind() == ErrorKind::Parse
    }

    /// True for [`ErrorKind::Validation`].
    ///
    /// # Example
    /// ```
    /// assert!(!jiesu::Error::parse("x").is_validation());
    /// ```
    pub fn is_validation(&self) -> bool {
        self.kind() == ErrorKind::Validation
    }

    /// True for [`ErrorKind::Coverage`].
    ///
    /// # Example
    /// ```
    /// assert!(jiesu::Error::coverage("CN", 2027).is_coverage());
    /// ```
    pub fn is_coverage(&self) -> bool {
        self.kind() == ErrorKind::Coverage
    }

    /// True for [`ErrorKind::PermissionDenied`].
    ///
    /// # Example
    /// ```
    /// use jiesu::{Error, ErrorKind};
    /// assert!(Error::new(ErrorKind::PermissionDenied, "x").is_permission_denied());
    /// ```
    pub fn is_permission_denied(&self) -> bool {
        self.kind() == ErrorKind::PermissionDenied
    }

    /// True for [`ErrorKind::InvalidTransition`].
    ///
    /// # Example
    /// ```
    /// use jiesu::{Error, ErrorKind};
    /// assert!(Error::new(ErrorKind::InvalidTransition, "x").is_invalid_transition());
    /// ```
    pub fn is_invalid_transition(&self) -> bool {
        self.kind() == ErrorKind::InvalidTransition
    }

    /// True for [`ErrorKind::LimitExceeded`].
    ///
    /// # Example
    /// ```
    /// use jiesu::{Error, ErrorKind};
    /// assert!(Error::new(ErrorKind::LimitExceeded, "x").is_limit_exceeded());
    /// ```
    pub fn is_limit_exceeded(&self) -> bool {
        self.kind() == ErrorKind::LimitExceeded
    }

    /// This error located at `at` (`dates[3]`): the message prefixed with `at: `; kind, field,
    /// rule, year and problems kept.
    pub(crate) fn located(mut self, at: impl fmt::Display) -> Error {
        self.inner.message = format!("{at}: {}", self.inner.message);
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.inner.message)?;
        if let (Some(field), ErrorKind::InvalidInput | ErrorKind::Parse) =
            (&self.inner.field, self.inner.kind)
        {
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
