//! The ticket lifecycle, escalation and assessment over Python objects: the conversions the
//! `Engine` methods share.
//!
//! Events, actors, commands and alerts are the serde JSON of the core types, given as Python
//! lists and dicts (or JSON text). They are converted to serde values with the GIL held
//! ([`crate::json::from_py`]); everything after that — typing the values as core events,
//! replaying (verifying the hash chain), deciding, assessing — runs without the GIL, and over
//! several threads for many tickets.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, NaiveDate};
use jiesu::assessment::{BulletinKind, Period};
use jiesu::engine::Engine;
use jiesu::parallelism::{BatchError, Parallelism};
use jiesu::ticket::{Event, Ticket};
use jiesu::Error;
use pyo3::prelude::*;
use pyo3::types::{PyDate, PyDateAccess, PyDateTime, PyList, PyMapping, PyString, PyTuple};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::errors::{to_pyerr, type_error};
use crate::json::{from_py, is_data_frame, record_from_py};
use crate::sla::instant;

/// Tickets below this many are replayed on the calling thread.
const PARALLEL_MIN_TICKETS: usize = 64;

/// An error of the core's JSON parser located at argument `what` (`events[3]`).
fn parse_error(what: &str, e: Error) -> Error {
    e.at(what)
}

/// A core value from a JSON-like Python argument (a dict, or JSON text): an `actor`, a
/// `command`, an `archive`, an `event`. Unknown fields and `type`s are `ParseError`s naming
/// the argument. The core's parser reads the text (duplicate keys refused, no value echoed).
pub(crate) fn parse_arg<T: DeserializeOwned>(py: Python<'_>, x: &Bound<'_, PyAny>, what: &str) -> PyResult<T> {
    let typed = if let Ok(s) = x.cast::<PyString>() {
        jiesu::json::from_str::<T>(s.to_str()?).map_err(|e| parse_error(what, e.located("invalid JSON")))
    } else {
        jiesu::json::from_value(from_py(py, x, what)?).map_err(|e| parse_error(what, e))
    };
    typed.map_err(|e| to_pyerr(py, &e, None))
}

/// One event of a history (`compute_hash`): as [`parse_arg`], and read as a record of a table
/// as a history's events are ([`record_from_py`]: a row of `DataFrame.to_dict("records")`).
pub(crate) fn parse_event_arg<T: DeserializeOwned>(py: Python<'_>, x: &Bound<'_, PyAny>, what: &str) -> PyResult<T> {
    if x.cast::<PyString>().is_ok() {
        return parse_arg(py, x, what);
    }
    jiesu::json::from_value(record_from_py(py, x, what)?).map_err(|e| to_pyerr(py, &parse_error(what, e), None))
}

/// A list argument (`events`, `alerts`) as converted with the GIL: the items' values, or the
/// JSON text of the array (parsed later, without the GIL).
pub(crate) enum Items {
    Values(Vec<Value>),
    Text(String),
}

impl Items {
    /// Typed core values (no GIL needed); a failing item is named `what[i]`.
    pub(crate) fn typed<T: DeserializeOwned>(self, what: &str) -> Result<Vec<T>, Error> {
        let values = match self {
            Items::Values(v) => v,
            Items::Text(text) => jiesu::json::from_str::<Vec<Value>>(&text).map_err(|e| parse_error(what, e.located("invalid JSON")))?,
        };
        values.into_iter().enumerate().map(|(i, v)| jiesu::json::from_value(v).map_err(|e| parse_error(&format!("{what}[{i}]"), e))).collect()
    }
}

impl Items {
    /// The events of a history argument, read by the core: values, a JSON array or JSON lines
    /// alike; a failing event is `events[i]`.
    pub(crate) fn events(self) -> Result<Vec<Event>, Error> {
        match self {
            Items::Values(v) => jiesu::ticket::history_from_values(v),
            Items::Text(text) => jiesu::ticket::parse_history(&text),
        }
    }

    /// The engine's verification of a history argument, read leniently by the core (an event
    /// that no longer reads as one is `intact: false` at its index; only text that is not JSON
    /// is an error).
    pub(crate) fn verify(self, engine: &Engine) -> Result<jiesu::ticket::Verification, Error> {
        match self {
            Items::Values(v) => Ok(engine.verify_values(v)),
            Items::Text(text) => engine.verify_text(&text),
        }
    }
}

/// A list argument (`events`, `alerts`): a list (any iterable but a mapping or a string) of
/// JSON-like objects or of records (`DataFrame.to_dict("records")`, [`record_from_py`]), a
/// pandas `DataFrame` of them (as `pd.read_json(..., lines=True)` reads a history: its
/// records), or JSON text.
pub(crate) fn list_arg(py: Python<'_>, x: &Bound<'_, PyAny>, what: &str) -> PyResult<Items> {
    if let Ok(s) = x.cast::<PyString>() {
        return Ok(Items::Text(s.to_str()?.to_owned()));
    }
    if x.cast::<PyMapping>().is_ok() {
        return Err(type_error(format!("{what} must be a list of dicts, a DataFrame or JSON text, not a {}", x.get_type().name()?)));
    }
    let records;
    let x = if is_data_frame(py, x)? {
        records = x.call_method1("to_dict", ("records",))?;
        &records
    } else {
        x
    };
    let iter = x.try_iter().map_err(|_| {
        type_error(format!("{what} must be a list of dicts, a DataFrame or JSON text, not {}", x.get_type().name().map(|n| n.to_string()).unwrap_or_default()))
    })?;
    let mut out = Vec::with_capacity(x.len().unwrap_or(0));
    for (i, item) in iter.enumerate() {
        out.push(record_from_py(py, &item?, &format!("{what}[{i}]"))?);
    }
    Ok(Items::Values(out))
}

/// Parses then replays one ticket's event values (no GIL needed).
/// The core names the failing event (`events[3]: …`); a ticket of a list is prefixed with
/// its place (`tickets[2]: events[3]: …`).
pub(crate) fn ticket_of(engine: &Engine, items: Items, what: &str) -> Result<Ticket, Error> {
    let at = |e: Error| if what == "events" { e } else { e.at(what) };
    let events = items.events().map_err(at)?;
    engine.replay_owned(events).map_err(at)
}

/// Where `tickets` come from: event lists (one per ticket), a JSON-lines event log, or the
/// events of many tickets as rows of a table (a DataFrame of a log), given to the core's log
/// reader as the JSON lines they were read from.
pub(crate) enum Tickets {
    Lists(Vec<Items>),
    Log(PathBuf),
    Rows(String),
}

/// A path argument: `str` or `os.PathLike`.
fn path_of(x: &Bound<'_, PyAny>) -> PyResult<Option<PathBuf>> {
    if x.cast::<PyString>().is_ok() || x.hasattr("__fspath__")? {
        let os = x.py().import("os")?;
        let p = os.call_method1("fspath", (x,))?;
        return match p.extract::<PathBuf>() {
            Ok(p) => Ok(Some(p)),
            Err(_) => Err(type_error("tickets: a bytes path is not supported; give a str or pathlib.Path")),
        };
    }
    Ok(None)
}

/// The `tickets` argument: an iterable of event lists, a path (`str`, `os.PathLike`) to a
/// JSON-lines event log, or a pandas DataFrame of such a log (one event a row). The Python
/// objects are converted here, with the GIL.
pub(crate) fn tickets_arg(py: Python<'_>, x: &Bound<'_, PyAny>) -> PyResult<Tickets> {
    if let Some(p) = path_of(x)? {
        return Ok(Tickets::Log(p));
    }
    if is_data_frame(py, x)? {
        return log_rows(py, x);
    }
    if x.cast::<PyMapping>().is_ok() {
        return Err(type_error("tickets must be an iterable of event lists (one list per ticket) or the path of a JSON-lines event log, not a mapping"));
    }
    let iter = x.try_iter().map_err(|_| {
        type_error(format!(
            "tickets must be an iterable of event lists or the path of a JSON-lines event log, not {}",
            x.get_type().name().map(|n| n.to_string()).unwrap_or_default()
        ))
    })?;
    let mut out = Vec::with_capacity(x.len().unwrap_or(0));
    for (i, item) in iter.enumerate() {
        let item = item?;
        if item.cast::<PyMapping>().is_ok() {
            return Err(type_error(format!("tickets[{i}] is a mapping (a single event?): tickets must be an iterable of event lists, one list per ticket")));
        }
        out.push(list_arg(py, &item, &format!("tickets[{i}]"))?);
    }
    Ok(Tickets::Lists(out))
}

/// Why tickets could not be loaded.
pub(crate) enum LoadError {
    Core(Error),
    Io(std::io::Error, PathBuf),
}

impl From<Error> for LoadError {
    fn from(e: Error) -> Self {
        LoadError::Core(e)
    }
}

impl LoadError {
    pub(crate) fn into_py(self, py: Python<'_>) -> PyErr {
        match self {
            LoadError::Core(e) => to_pyerr(py, &e, None),
            LoadError::Io(e, path) => {
                let err = PyErr::from(e);
                // Name the file (io errors of Rust do not).
                let msg = format!("tickets: {}: {}", path.display(), err.value(py));
                match err.get_type(py).call1((msg,)) {
                    Ok(v) => PyErr::from_value(v),
                    Err(e) => e,
                }
            }
        }
    }
}

/// The file at `path` read by the core as an event log: at most `limits.max_log_bytes`
/// bytes, UTF-8; an I/O error names the file.
fn read_log(path: &std::path::Path, limits: &jiesu::Limits) -> Result<String, LoadError> {
    let io = |e| LoadError::Io(e, path.to_owned());
    let file = std::fs::File::open(path).map_err(io)?;
    let named = |e: Error| Error::new(e.kind(), format!("event log {}: {}", path.display(), e.message())).with_field("tickets");
    Ok(jiesu::assessment::read_jsonl_log(file, limits).map_err(io)?.map_err(named)?)
}

/// An event-log argument (`Engine.verify_log`): a path (`str`, `os.PathLike`) or a pandas
/// DataFrame of a log, as [`tickets_arg`] reads them; a list of histories is refused (each
/// history is verified by `Engine.verify`).
pub(crate) fn log_arg(py: Python<'_>, x: &Bound<'_, PyAny>) -> PyResult<Tickets> {
    if let Some(p) = path_of(x)? {
        return Ok(Tickets::Log(p));
    }
    if is_data_frame(py, x)? {
        return log_rows(py, x);
    }
    let name = x.get_type().name().map(|n| n.to_string()).unwrap_or_default();
    Err(type_error(format!("log must be the path of an event log or a DataFrame of one, not {name} (verify a list of events with Engine.verify)")))
}

/// A DataFrame of an event log, one event a row (a log read with `pd.read_json(lines=True)`),
/// as JSON lines: line n is row n - 1.
fn log_rows(py: Python<'_>, x: &Bound<'_, PyAny>) -> PyResult<Tickets> {
    let mut text = String::new();
    for (i, row) in x.call_method1("to_dict", ("records",))?.try_iter()?.enumerate() {
        let value = record_from_py(py, &row?, &format!("tickets row {i}"))?;
        text.push_str(&serde_json::to_string(&value).map_err(|e| type_error(e.to_string()))?);
        text.push('\n');
    }
    Ok(Tickets::Rows(text))
}

/// The text of an event log given by [`log_arg`]: the file's (under `limits.max_log_bytes`)
/// or the DataFrame's rows as JSON lines.
pub(crate) fn log_text(log: Tickets, limits: &jiesu::Limits) -> Result<String, LoadError> {
    match log {
        Tickets::Log(path) => read_log(&path, limits),
        Tickets::Rows(text) => Ok(text),
        Tickets::Lists(_) => Err(Error::invalid_input("log", "a list of histories is not an event log").into()),
    }
}

/// The tickets, replayed (no GIL needed; over several threads for many tickets). A log is
/// read by the core's reader, at most the engine's `limits.max_log_bytes` (and one byte more),
/// whatever size the file claims (a FIFO, `/dev/zero`).
pub(crate) fn load(tickets: Tickets, engine: &Engine) -> Result<Vec<Ticket>, LoadError> {
    load_with_progress(tickets, engine, &mut |_, _| {})
}

/// [`load`], calling `progress(done, total)` as the histories are replayed: a log's events by
/// the core's reader; lists of histories block by block (`PROGRESS_STEP` tickets, each block
/// over the batch runner's threads).
pub(crate) fn load_with_progress(tickets: Tickets, engine: &Engine, progress: &mut dyn FnMut(usize, usize)) -> Result<Vec<Ticket>, LoadError> {
    let limits = engine.limits();
    match tickets {
        // The core's reader (sequential), so that its limits and errors apply as they are.
        Tickets::Log(path) => Ok(jiesu::assessment::tickets_from_jsonl_with_progress(&read_log(&path, limits)?, limits, progress)?),
        Tickets::Rows(text) => Ok(jiesu::assessment::tickets_from_jsonl_with_progress(&text, limits, progress)?),
        // The core's batch runner (the JIESU_NUM_THREADS setting); each error names its ticket.
        // A ticket given twice is refused by the core, as the log reader refuses it.
        Tickets::Lists(lists) => {
            let tickets = Parallelism::from_env()
                .try_map_with_progress(
                    lists,
                    PARALLEL_MIN_TICKETS,
                    jiesu::assessment::PROGRESS_STEP,
                    |i, values| ticket_of(engine, values, &format!("tickets[{i}]")),
                    progress,
                )
                .map_err(|e| LoadError::Core(BatchError::into_inner(e)))?;
            jiesu::assessment::check_distinct(&tickets)?;
            Ok(tickets)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// the state view

// ---------------------------------------------------------------------------------------------
// periods

fn date_of(x: &Bound<'_, PyAny>) -> Option<NaiveDate> {
    if x.cast::<PyDateTime>().is_ok() {
        return None;
    }
    let d = x.cast::<PyDate>().ok()?;
    NaiveDate::from_ymd_opt(d.get_year(), d.get_month() as u32, d.get_day() as u32)
}

fn endpoint(py: Python<'_>, x: &Bound<'_, PyAny>, field: &str) -> PyResult<DateTime<FixedOffset>> {
    if let Some(d) = date_of(x) {
        return jiesu::calendar::start_of_day(d).map_err(|e| to_pyerr(py, &e, None));
    }
    if x.cast::<PyDateTime>().is_ok() {
        return instant(py, x, field);
    }
    Err(type_error(format!("{field} must be a datetime.date or a timezone-aware datetime.datetime, not {}", x.get_type().name()?)))
}

/// The `period` argument: `(from, to)` (dates, or aware datetimes; `to` exclusive), a month
/// `"2026-10"`, an ISO week `"2026-W41"`, or — for a bulletin of `kind` — one date (its
/// month or its week).
pub(crate) fn period_arg(py: Python<'_>, x: &Bound<'_, PyAny>, kind: Option<BulletinKind>) -> PyResult<Period> {
    if let Ok(s) = x.cast::<PyString>() {
        return Period::parse(s.to_str()?).map_err(|e| to_pyerr(py, &e, None));
    }
    if let (Some(d), Some(kind)) = (date_of(x), kind) {
        return Period::of_kind(kind, d).map_err(|e| to_pyerr(py, &e, None));
    }
    let pair = x.cast::<PyTuple>().map(|t| t.to_list()).or_else(|_| x.cast::<PyList>().cloned());
    let Ok(pair) = pair else {
        return Err(type_error(format!("period must be a (from, to) pair of dates or aware datetimes, or a month \"2026-10\", not {}", x.get_type().name()?)));
    };
    if pair.len() != 2 {
        return Err(type_error(format!("period must be a (from, to) pair, not {} items", pair.len())));
    }
    let (a, b) = (pair.get_item(0)?, pair.get_item(1)?);
    if let (Some(from), Some(to)) = (date_of(&a), date_of(&b)) {
        return Period::days(from, to).map_err(|e| to_pyerr(py, &e, None));
    }
    let from = endpoint(py, &a, "period[0]")?;
    let to = endpoint(py, &b, "period[1]")?;
    Period::between(from, to).map_err(|e| to_pyerr(py, &e, None))
}

/// The `kind` of a bulletin.
pub(crate) fn bulletin_kind(py: Python<'_>, kind: &str) -> PyResult<BulletinKind> {
    kind.parse().map_err(|e| to_pyerr(py, &e, None))
}
