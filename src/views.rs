//! The JSON views of jiesu — a ticket's state view, an escalation evaluation, an assessment's
//! options, a bulletin — as a layer that converts them to native objects must read them: which
//! fields hold instants (RFC 3339 text with the offset, e.g. `"2026-03-02T10:00:00+08:00"`).
//!
//! The Python package turns exactly these fields into aware `datetime`s; a layer that adds a
//! native view of another language uses the same rule.
//!
//! # Example
//! ```
//! use jiesu::views::is_instant_field;
//! assert!(is_instant_field("due_at") && is_instant_field("now") && is_instant_field("from"));
//! assert!(!is_instant_field("status") && !is_instant_field("unit"));
//! ```

/// The names of the fields that hold instants, besides every name ending in
/// [`INSTANT_SUFFIX`]: an event's `at`, an alert's `instance` and `due_since`, an evaluation's
/// `now`, and a period's `from` and `to`.
///
/// # Example
/// ```
/// assert!(jiesu::views::INSTANT_FIELDS.contains(&"due_since"));
/// ```
pub const INSTANT_FIELDS: &[&str] = &["at", "instance", "due_since", "now", "from", "to"];

/// The ending of every other field name that holds an instant (`due_at`, `warning_at`,
/// `dispatched_at`, `next_check_at`, …).
///
/// # Example
/// ```
/// assert!("next_check_at".ends_with(jiesu::views::INSTANT_SUFFIX));
/// ```
pub const INSTANT_SUFFIX: &str = "_at";

/// Whether a field of a view (an object key, at any depth) holds an instant: one of
/// [`INSTANT_FIELDS`], or a name ending in [`INSTANT_SUFFIX`]. Its value is RFC 3339 text (or
/// `null`).
///
/// # Example
/// ```
/// use jiesu::views::is_instant_field;
/// let view = serde_json::json!({"clock": "completion", "due_at": "2026-10-14T00:00:00+08:00"});
/// let instants: Vec<&String> = view.as_object().unwrap().keys().filter(|k| is_instant_field(k)).collect();
/// assert_eq!(instants, ["due_at"]);
/// ```
pub fn is_instant_field(key: &str) -> bool {
    INSTANT_FIELDS.contains(&key) || key.ends_with(INSTANT_SUFFIX)
}
