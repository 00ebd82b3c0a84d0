//! The error of one element of a batch, located by its argument's name and index.

use std::fmt;

use crate::error::Error;

/// The error of one element of a batch: its argument's name, its index and the core's error
/// for it. [`Display`](fmt::Display) and the conversion into [`Error`] name the element as
/// `dates[3]: …`; the C library reports that, the Python package raises the core's error with
/// the index as an attribute.
///
/// # Example
/// ```
/// use jiesu::calendar::batch::{self, Arg};
/// use jiesu::calendar::{Calendar, Roll};
/// use jiesu::parallelism::Parallelism;
/// let cal = Calendar::cn();
/// // 2026-09-30, 2026-10-01 (a holiday): roll "raise" refuses the second.
/// let mut out = [0i64; 2];
/// let err = batch::busday_offset(&cal, Arg::Each(&[20_726i64, 20_727]), Arg::One(1i64), Roll::Raise, &mut out, Parallelism::AUTO)
///     .unwrap_err();
/// assert_eq!((err.name(), err.index()), ("dates", 1));
/// assert!(err.to_string().starts_with("dates[1]: non-business day date in busday_offset: 2026-10-01"));
/// let e: jiesu::Error = err.into();
/// assert!(e.is_invalid_input() && e.message().starts_with("dates[1]: "));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchError {
    pub(super) name: &'static str,
    pub(super) index: usize,
    pub(super) error: Error,
}

impl BatchError {
    pub(crate) fn new(name: &'static str, index: usize, error: Error) -> BatchError {
        BatchError { name, index, error }
    }

    /// The name of the argument the element belongs to (`dates`, `begin`; `items` for
    /// [`Parallelism::try_map`](super::Parallelism::try_map)).
    ///
    /// # Example
    /// ```
    /// use jiesu::parallelism::Parallelism;
    /// let err = Parallelism::SEQUENTIAL.try_map(vec![1], 0, |_, _: i32| -> jiesu::Result<()> { Err(jiesu::Error::parse("x")) }).unwrap_err();
    /// assert_eq!(err.name(), "items");
    /// ```
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The index of the failing element (the flat index for broadcast arguments).
    ///
    /// # Example
    /// ```
    /// use jiesu::parallelism::Parallelism;
    /// let err = Parallelism::SEQUENTIAL
    ///     .try_map(vec![1, 2, -3], 0, |_, x: i32| u32::try_from(x).map_err(|e| jiesu::Error::invalid_input("x", e.to_string())))
    ///     .unwrap_err();
    /// assert_eq!(err.index(), 2);
    /// ```
    pub fn index(&self) -> usize {
        self.index
    }

    /// The core's error for the element, without the location.
    ///
    /// # Example
    /// ```
    /// use jiesu::calendar::batch::{self, Arg};
    /// use jiesu::calendar::Calendar;
    /// use jiesu::parallelism::Parallelism;
    /// let mut out = [0i64; 1];
    /// // 2026-12-25 + 5 working days needs 2027, which CN does not cover.
    /// let err = batch::add_working_days(&Calendar::cn(), Arg::Each(&[20_812i64]), Arg::One(5i64), &mut out, Parallelism::AUTO)
    ///     .unwrap_err();
    /// assert_eq!(err.error().year(), Some(2027));
    /// ```
    pub fn error(&self) -> &Error {
        &self.error
    }

    /// The core's error for the element, without the location.
    ///
    /// # Example
    /// ```
    /// use jiesu::parallelism::Parallelism;
    /// let err = Parallelism::SEQUENTIAL.try_map(vec![()], 0, |_, _| -> jiesu::Result<()> { Err(jiesu::Error::parse("bad")) }).unwrap_err();
    /// assert_eq!(err.into_inner().message(), "bad");
    /// ```
    pub fn into_inner(self) -> Error {
        self.error
    }
}

impl fmt::Display for BatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]: {}", self.name, self.index, self.error)
    }
}

impl std::error::Error for BatchError {}

impl From<BatchError> for Error {
    /// The element's error with its location (`dates[3]: …`) before the message.
    fn from(e: BatchError) -> Error {
        e.error.located(format_args!("{}[{}]", e.name, e.index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn located_errors_keep_their_kind_and_year() {
        let e: Error = BatchError::new("dates", 3, Error::coverage("CN", 2027)).into();
        assert!(e.is_coverage());
        assert_eq!(e.year(), Some(2027));
        assert!(e.message().starts_with("dates[3]: calendar \"CN\""));
    }
}
