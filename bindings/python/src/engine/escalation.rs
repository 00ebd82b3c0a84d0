//! `Engine`'s escalation rules (R-ESC-*): one ticket evaluated, many swept by their stored
//! `next_check_at`, alerts recorded as events, the group rules over many tickets.

use jiesu::escalation::{self, Alert};
use jiesu::ticket::{Event, Ticket};
use jiesu::Error;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyMapping};

use super::PyEngine;
use crate::errors::{guard, type_error, IntoPy};
use crate::json::{serialize, serialize_view};
use crate::sla::instant;
use crate::ticket::{self, list_arg, tickets_arg};

#[pymethods]
impl PyEngine {
    /// Evaluates the escalation rules (R-ESC-*) on one ticket at ``now``: ``{"alerts": [{"rule",
    /// "level", "target", "message", "ticket_id", "clock"?, "unit"?, "instance"?, "due_since",
    /// "tickets"?}], "next_check_at": datetime | None, "skipped": [rule ids]}``. Alerts already
    /// recorded (``escalate``) are not raised again; ``next_check_at`` is the earliest instant
    /// at which a rule could fire next (set a timer instead of polling).
    ///
    /// >>> ev = eng.evaluate(events, t)
    /// >>> ev["alerts"], ev["next_check_at"].isoformat()
    /// ([], '2026-03-02T21:00:00+08:00')
    /// >>> ev = eng.evaluate(events, ev["next_check_at"])
    /// >>> [(a["rule"], a["level"], a["unit"]) for a in ev["alerts"]]
    /// [('response.warning', 'warning', 'urban_management')]
    fn evaluate<'py>(&self, py: Python<'py>, events: &Bound<'py, PyAny>, now: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let now = self.now(py, now)?;
            let values = list_arg(py, events, "events")?;
            let engine = self.core();
            let ev = py
                .detach(|| -> Result<escalation::Evaluation, Error> {
                    let t = ticket::ticket_of(&engine, values, "events")?;
                    Ok(engine.evaluate(&t, now))
                })
                .py_err(py)?;
            let out = serialize_view(py, &ev)?;
            out.set_item("skipped", PyList::new(py, &ev.skipped)?)?;
            if ev.next_check_at.is_none() {
                out.set_item("next_check_at", py.None())?;
            }
            Ok(out)
        })
    }

    /// Sweeps many tickets at ``now``, evaluating only those whose stored ``next_check_at``
    /// has come (``next_check_at <= now``; ``None``, nothing scheduled, is never due) — the
    /// others are counted, their events not even read. ``tickets`` is an iterable of
    /// ``(events, next_check_at)`` pairs: each ticket's history and the ``next_check_at`` its
    /// last evaluation gave (store it after each event's ``evaluate`` and each sweep).
    /// Returns ``{"checked": [{"index", "ticket_id", "alerts", "next_check_at", "skipped"}],
    /// "not_due": int, "next_sweep_at": datetime | None}``: the due tickets in input order
    /// (record their alerts with ``escalate``, store their new ``next_check_at``), and the
    /// earliest instant at which a sweep can find anything. Group rules change with new
    /// tickets, not with time: run ``evaluate_group`` when tickets are registered.
    ///
    /// >>> s = eng.sweep([(events, t + dt.timedelta(hours=12))], t + dt.timedelta(hours=13))
    /// >>> [(c["index"], [a["rule"] for a in c["alerts"]]) for c in s["checked"]], s["not_due"]
    /// ([(0, ['response.warning'])], 0)
    /// >>> s = eng.sweep([(events, None)], t)
    /// >>> s["checked"], s["not_due"], s["next_sweep_at"]
    /// ([], 1, None)
    fn sweep<'py>(&self, py: Python<'py>, tickets: &Bound<'py, PyAny>, now: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let now = self.now(py, now)?;
            let engine = self.core();
            let pairs = || type_error("tickets must be an iterable of (events, next_check_at) pairs".to_string());
            let mut entries = Vec::new();
            for (i, item) in tickets.try_iter().map_err(|_| pairs())?.enumerate() {
                let (events, next): (Bound<'py, PyAny>, Bound<'py, PyAny>) = item?.extract().map_err(|_| pairs())?;
                let next = if next.is_none() { None } else { Some(instant(py, &next, &format!("tickets[{i}][1]"))?) };
                entries.push((events, next));
            }
            let load = |i: usize, events: Bound<'py, PyAny>| -> PyResult<Ticket> {
                let values = list_arg(py, &events, &format!("tickets[{i}][0]"))?;
                py.detach(|| ticket::ticket_of(&engine, values, &format!("tickets[{i}]"))).py_err(py)
            };
            let s = escalation::sweep_loading(entries, load, engine.rules(), engine.calendar(), Some(engine.guide()), now)?;
            let out = serialize_view(py, &s)?;
            for (c, checked) in out.get_item("checked")?.try_iter()?.zip(&s.checked) {
                let c = c?;
                c.set_item("skipped", PyList::new(py, &checked.evaluation.skipped)?)?;
                if checked.evaluation.next_check_at.is_none() {
                    c.set_item("next_check_at", py.None())?;
                }
            }
            if s.next_sweep_at.is_none() {
                out.set_item("next_sweep_at", py.None())?;
            }
            Ok(out)
        })
    }

    /// The ``escalated`` events that record ``alerts`` (from ``evaluate``, or
    /// ``evaluate_group`` for this ticket; the list or the whole result dict) on the ticket,
    /// so that they are not raised again. Append them to the history. The actor is the
    /// command center, user ``escalation_rules``.
    ///
    /// >>> now = t + dt.timedelta(hours=12)
    /// >>> new = eng.escalate(events, eng.evaluate(events, now)["alerts"], now)
    /// >>> [(e["type"], e["rule"]) for e in new]
    /// [('escalated', 'response.warning')]
    /// >>> eng.evaluate([*events, *new], now)["alerts"]
    /// []
    fn escalate<'py>(&self, py: Python<'py>, events: &Bound<'py, PyAny>, alerts: &Bound<'py, PyAny>, now: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let now = self.now(py, now)?;
            let alerts = match alerts.cast::<PyMapping>() {
                Ok(m) if m.contains("alerts")? => m.get_item("alerts")?,
                _ => alerts.clone(),
            };
            let alert_values = list_arg(py, &alerts, "alerts")?;
            let values = list_arg(py, events, "events")?;
            let engine = self.core();
            let new = py
                .detach(|| -> Result<Vec<Event>, Error> {
                    let alerts: Vec<Alert> = alert_values.typed("alerts")?;
                    let t = ticket::ticket_of(&engine, values, "events")?;
                    engine.record_alerts(&t, &alerts, now)
                })
                .py_err(py)?;
            serialize(py, &new)
        })
    }

    /// Evaluates the group rules (repeated requests of one requester, many people with the
    /// same request in a township) over many tickets at ``now``: ``{"alerts": [...]}``, each
    /// alert recorded on the ticket named by its ``ticket_id`` (with ``escalate``) and naming
    /// the tickets involved. ``tickets`` is an iterable of event lists, one per ticket, the
    /// path (str or ``os.PathLike``) of a JSON-lines event log, or a pandas DataFrame of such a
    /// log (one event a row; an error names the log's line, the row's number + 1).
    fn evaluate_group<'py>(&self, py: Python<'py>, tickets: &Bound<'py, PyAny>, now: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let now = self.now(py, now)?;
            let source = tickets_arg(py, tickets)?;
            let engine = self.core();
            let g = py
                .detach(|| -> Result<escalation::GroupEvaluation, ticket::LoadError> {
                    let tickets = ticket::load(source, &engine)?;
                    Ok(engine.evaluate_group(&tickets, now))
                })
                .map_err(|e| e.into_py(py))?;
            serialize_view(py, &g)
        })
    }
}
