//! `Engine`'s ticket lifecycle: commands decided into events (`handle`), the state of a
//! ticket, the verification of its hash chain (one history, a whole event log, an archived
//! file) and its archive (R-FLOW-5).

use jiesu::engine::Engine;
use jiesu::ticket::{Actor, Command, Event, Ticket};
use jiesu::Error;
use pyo3::prelude::*;

use super::PyEngine;
use crate::audit::{self, archive_verification, verification};
use crate::errors::{guard, IntoPy};
use crate::json::{serialize, serialize_view};
use crate::ticket::{self, list_arg, parse_arg};

/// One ticket from an `events` argument, replayed without the GIL.
fn ticket_arg(py: Python<'_>, engine: &Engine, events: &Bound<'_, PyAny>) -> PyResult<Ticket> {
    let values = list_arg(py, events, "events")?;
    py.detach(|| ticket::ticket_of(engine, values, "events")).py_err(py)
}

#[pymethods]
impl PyEngine {
    /// Decides a command on a ticket and returns the NEW events to append (dicts).
    ///
    /// ``events`` is the ticket's history so far (the list of event dicts as earlier calls
    /// returned them; ``[]`` for a new ticket, where only ``register`` applies): it is replayed
    /// and its hash chain verified (R-FLOW-5), never modified. Every method that takes a
    /// history also takes it as JSON text (an array, or JSON lines), as a pandas DataFrame of
    /// its events (``pd.read_json(path, lines=True, dtype=False)``: without ``dtype=False``
    /// pandas turns ids that look numeric into numbers and a boolean column with gaps into
    /// 0.0 / 1.0, which the core refuses), or as its records (``df.to_dict("records")``): a
    /// missing value (NaN, None, ``pd.NA``, ``NaT``) is an absent field, an integral float an
    /// integer, a ``Timestamp`` its instant (a naive one is UTC, as pandas' dates are).
    /// ``actor`` is ``{"role": "command_center" | "unit" | "unit_leader" |
    /// "supervision_office" | "task_force" | "leading_group", "unit"?: id, "user"?: name}``;
    /// ``command`` is tagged by ``"type"`` (``register``, ``dispatch``, ``acknowledge``,
    /// ``contact_requester``, ``submit_report``, ``review_report``, ``record_callback``,
    /// ``close``, ``archive``, ``request_return``, ``request_extension``, ``urge``, ...) with
    /// its fields; aware datetimes are accepted for its instants. ``now`` is an aware datetime
    /// not before the last event.
    ///
    /// Raises ``PermissionDenied`` (the role or unit may not: R-ORG-*), ``InvalidTransition``
    /// (not in this status; a late return request, R-SLA-2), ``InvalidInput`` (a missing or
    /// unusable field, named in ``.field``; a history that does not verify), ``CoverageError``
    /// (a deadline in a year the calendar does not cover), ``LimitExceeded``, ``ParseError``
    /// (an unknown command ``type`` or field, a malformed event).
    ///
    /// >>> eng.handle([], {"role": "unit", "unit": "water"}, {"type": "close"}, t)
    /// Traceback (most recent call last):
    /// ...
    /// jiesu.errors.PermissionDenied: command close requires role command_center; actor is unit of unit "water" [R-ORG-1]
    fn handle<'py>(
        &self,
        py: Python<'py>,
        events: &Bound<'py, PyAny>,
        actor: &Bound<'py, PyAny>,
        command: &Bound<'py, PyAny>,
        now: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let now = self.now(py, now)?;
            let actor: Actor = parse_arg(py, actor, "actor")?;
            let command: Command = parse_arg(py, command, "command")?;
            let values = list_arg(py, events, "events")?;
            let engine = self.core();
            let new = py
                .detach(|| -> Result<Vec<Event>, Error> {
                    let t = ticket::ticket_of(&engine, values, "events")?;
                    t.handle(&*engine, &actor, &command, now)
                })
                .py_err(py)?;
            serialize(py, &new)
        })
    }

    /// The state of a ticket at ``now`` (an aware datetime), from its events: ``{"id",
    /// "status", "summary": {... "requester": masked (R-PRIV-1) ...}, "classification",
    /// "registered_at", "dispatched_at", "closed_at", "suspended_at", "assignments": [{"unit",
    /// "name", "role", "assigned_at", "acknowledged_at", "contacted_at", "contributed"}],
    /// "clocks": [{"clock", "unit", "started_at", "due_at", "warn_at", "met_at", "paused_at",
    /// "provisional", "status": "running" | "paused" | "met" | "met_late" | "breached" | "unused",
    /// "due_at_unix", "warn_at_unix"}],
    /// "pending_return", "pending_extension", "callbacks", "escalations", "duplicates",
    /// "counters", "flags", "event_count", "last_hash"}`` (the core's ``StateView``, as C's
    /// ``jiesu_ticket_state``). Instants are aware datetimes (UTC+08:00), and also Unix seconds
    /// in ``due_at_unix`` / ``warn_at_unix``; ``due_at`` is exclusive. Clocks: completion,
    /// first feedback (urgent), then each assignment's response clock and return window.
    ///
    /// >>> s = eng.state(events, t)
    /// >>> s["status"], s["summary"]["requester"], s["clocks"][0]["clock"]
    /// ('dispatched', {'name': '张*', 'phone': '138****5678'}, 'completion')
    /// >>> s["clocks"][0]["due_at"].isoformat(), s["clocks"][0]["status"]
    /// ('2026-03-10T00:00:00+08:00', 'running')
    fn state<'py>(&self, py: Python<'py>, events: &Bound<'py, PyAny>, now: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let now = self.now(py, now)?;
            let t = ticket_arg(py, &self.inner, events)?;
            serialize_view(py, &self.inner.state(&t, now))
        })
    }

    /// Verifies a history's hash chain (R-FLOW-5): ``{"intact": bool, "events": n, "problem":
    /// None | {"index", "kind", "message"}}`` with ``kind`` one of ``altered``,
    /// ``chain_broken``, ``reordered_or_missing``, ``mixed_tickets``, ``schema_version``; with
    /// a keyed engine (``with_chain_key``) also ``tag_missing``, ``tag_invalid`` (rewritten,
    /// even if re-hashed with ``compute_hash``) and ``tag_unknown_key``.
    /// Tampering is a result, not an exception; only events that are not events at all (a
    /// missing field, an unknown type) raise ``ParseError``.
    ///
    /// >>> forged = [dict(e) for e in events]
    /// >>> forged[0]["content"] = "另一内容"
    /// >>> eng.verify(forged)["problem"]["kind"]
    /// 'altered'
    fn verify<'py>(&self, py: Python<'py>, events: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let values = list_arg(py, events, "events")?;
            let engine = self.core();
            let v = py.detach(|| values.verify(&engine)).py_err(py)?;
            verification(py, &v)
        })
    }

    /// Audits an event log (R-FLOW-5): every ticket's history in it verified as ``verify``
    /// verifies one (with this engine's chain keys), without the GIL and over the threads
    /// ``JIESU_NUM_THREADS`` allows. ``log`` is the path (``str`` or ``os.PathLike``) of an
    /// event log — JSON lines (tickets in any order), one JSON array, or one history a line —
    /// or a pandas DataFrame of one (one event a row). Returns ``{"tickets": [{"ticket_id",
    /// "line", "intact", "events", "problem"}], "intact": int, "not_intact": int}``: one entry
    /// per ticket in the order of its first event; ``line`` names where the problem's event is
    /// (``"line 14"``; the DataFrame's row + 1), None when intact. An event that no longer
    /// reads as one makes its ticket not intact; an event whose ``ticket_id`` cannot be read
    /// raises ``ParseError`` (it cannot be given to a ticket).
    ///
    /// >>> import pandas as pd
    /// >>> audit = eng.verify_log(pd.DataFrame(events))
    /// >>> audit["intact"], audit["tickets"][0]["ticket_id"]
    /// (1, 'YS-1')
    fn verify_log<'py>(&self, py: Python<'py>, log: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || audit::verify_log(py, &self.core(), log))
    }

    /// The archived file (一人一诉一档, R-FLOW-5) of an archived ticket: ``{"schema_version",
    /// "ticket_id", "event_count", "final_hash", "events"}`` (events as stored); check it with
    /// ``jiesu.verify_archive`` (or ``Engine.verify_archive``). A keyed engine adds its tag
    /// (``"tag": {"alg", "key_id", "mac"}``). Raises ``InvalidTransition`` when the ticket is
    /// not archived.
    fn archive<'py>(&self, py: Python<'py>, events: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let t = ticket_arg(py, &self.inner, events)?;
            serialize(py, &self.inner.archive_file(&t).py_err(py)?)
        })
    }

    /// Verifies an archived file (a dict or its JSON text) as ``jiesu.verify_archive`` and,
    /// with a keyed engine, every event's tag and the archive's own (problem index: the number
    /// of events), so that a file truncated and re-counted is refused.
    ///
    /// >>> keyed = eng.with_chain_key("2026-a", b"0123456789abcdef-county-secret")
    /// >>> keyed.verify_archive({"schema_version": 1, "ticket_id": "x", "event_count": 0,
    /// ...     "final_hash": "0" * 64, "events": []})["problem"]["kind"]
    /// 'tag_missing'
    fn verify_archive<'py>(&self, py: Python<'py>, archive: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let engine = self.core();
            let v = archive_verification(py, archive, Some(&engine))?;
            verification(py, &v)
        })
    }
}
