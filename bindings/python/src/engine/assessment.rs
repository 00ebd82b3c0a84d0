//! `Engine`'s assessment (R-ANA-*): units (townships, categories, domains) assessed over a
//! period from event histories or a flat export, as pandas DataFrames; the export itself; the
//! weekly or monthly bulletin.

use jiesu::assessment::{self, Assessment, AssessmentOptions, GroupBy, Period};
use numpy::PyArray1;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use serde_json::{Map, Value};

use super::progress::Progress;
use super::{import_pandas, PyEngine};
use crate::errors::{guard, invalid, to_pyerr, type_error, IntoPy};
use crate::frames;
use crate::json::{from_py, serialize, serialize_view};
use crate::sla;
use crate::ticket::{self, bulletin_kind, period_arg, tickets_arg};

/// The options of an assessment: the period, the grouping, and the keyword options (the
/// fields of the core's `AssessmentOptions`; an unknown one is a `ParseError`).
fn assessment_options(py: Python<'_>, period: Period, by: &str, options: Option<&Bound<'_, PyDict>>) -> PyResult<AssessmentOptions> {
    let group_by: GroupBy = serde_json::from_value(Value::String(by.to_owned()))
        .map_err(|_| invalid(py, "by", format!("unknown grouping {by:?}: expected \"unit\", \"township\", \"category\" or \"domain\"")))?;
    let mut m = Map::new();
    m.insert("period".into(), serde_json::to_value(period).map_err(|e| type_error(e.to_string()))?);
    m.insert("group_by".into(), serde_json::to_value(group_by).map_err(|e| type_error(e.to_string()))?);
    if let Some(options) = options {
        for (k, v) in options.iter() {
            let k: String = k.extract()?;
            if k == "period" || k == "group_by" {
                return Err(type_error(format!("{k} is an argument of its own (period=..., by=...), not an option")));
            }
            m.insert(k.clone(), from_py(py, &v, &k)?);
        }
    }
    let o: AssessmentOptions = jiesu::json::from_value(Value::Object(m)).map_err(|e| to_pyerr(py, &e.at("options"), None))?;
    o.validate().py_err(py)?;
    Ok(o)
}

/// The rate columns of an assessment frame, in order.
const RATES: [&str; 7] = ["response_rate", "on_time_completion_rate", "resolution_rate", "satisfaction_rate", "return_rate", "extension_rate", "rework_rate"];

/// An assessment as a pandas DataFrame: one row per group, ranked.
fn frame<'py>(py: Python<'py>, pandas: &Bound<'py, PyModule>, a: &Assessment) -> PyResult<Bound<'py, PyAny>> {
    let g = &a.groups;
    let cols = PyDict::new(py);
    let strings = |f: &dyn Fn(&assessment::GroupMetrics) -> &str| -> PyResult<Bound<'py, PyList>> { PyList::new(py, g.iter().map(f)) };
    let ints = |f: &dyn Fn(&assessment::GroupMetrics) -> u64| PyArray1::from_vec(py, g.iter().map(|x| f(x) as i64).collect::<Vec<i64>>());
    cols.set_item("key", strings(&|x| x.key.as_str())?)?;
    cols.set_item("name", strings(&|x| x.name.as_str())?)?;
    cols.set_item("dispatched", ints(&|x| x.dispatched))?;
    cols.set_item("acknowledged_on_time", ints(&|x| x.acknowledged_on_time))?;
    for name in RATES {
        let rate = |x: &assessment::GroupMetrics| -> assessment::Rate {
            match name {
                "response_rate" => x.response_rate,
                "on_time_completion_rate" => x.on_time_completion_rate,
                "resolution_rate" => x.resolution_rate,
                "satisfaction_rate" => x.satisfaction_rate,
                "return_rate" => x.return_rate,
                "extension_rate" => x.extension_rate,
                _ => x.rework_rate,
            }
        };
        let values: Vec<f64> = g.iter().map(|x| rate(x).value.unwrap_or(f64::NAN)).collect();
        let nums: Vec<f64> = g.iter().map(|x| rate(x).numerator).collect();
        let dens: Vec<i64> = g.iter().map(|x| rate(x).denominator as i64).collect();
        cols.set_item(name, PyArray1::from_vec(py, values))?;
        cols.set_item(format!("{name}_num"), PyArray1::from_vec(py, nums))?;
        cols.set_item(format!("{name}_den"), PyArray1::from_vec(py, dens))?;
    }
    cols.set_item("overdue_count", ints(&|x| x.overdue_count))?;
    cols.set_item("supervised_count", ints(&|x| x.supervised_count))?;
    cols.set_item("repeat_count", ints(&|x| x.repeat_count))?;
    cols.set_item("unreasonable_count", ints(&|x| x.unreasonable_count))?;
    let scores: Vec<f64> = g.iter().map(|x| x.score.unwrap_or(f64::NAN)).collect();
    cols.set_item("score", PyArray1::from_vec(py, scores))?;
    let ranks = PyList::new(py, g.iter().map(|x| x.rank))?;
    cols.set_item("rank", pandas.call_method1("array", (ranks, "Int64"))?)?;
    let df = pandas.getattr("DataFrame")?.call1((cols,))?;
    let attrs = df.getattr("attrs")?;
    attrs.set_item("period", (sla::instant_to_py(py, a.options.period.from)?, sla::instant_to_py(py, a.options.period.to)?))?;
    attrs.set_item("by", serialize(py, &a.options.group_by)?)?;
    attrs.set_item("options", serialize_view(py, &a.options)?)?;
    Ok(df)
}

#[pymethods]
impl PyEngine {
    /// Assesses units (or townships, categories, domains: ``by``) over ``period`` (R-ANA-2), as
    /// a pandas DataFrame with one row per group, best first: ``key``, ``name``,
    /// ``dispatched``, ``acknowledged_on_time``, for each rate (``response_rate``,
    /// ``on_time_completion_rate``, ``resolution_rate``, ``satisfaction_rate``,
    /// ``return_rate``, ``extension_rate``, ``rework_rate``) its value (NaN without a
    /// denominator) with ``<rate>_num`` and ``<rate>_den``, ``overdue_count``,
    /// ``supervised_count``, ``repeat_count``, ``unreasonable_count``, ``score`` (100 × the
    /// weighted response, resolution and satisfaction rates) and ``rank`` (1 = best). The
    /// period and options are in ``df.attrs``. pandas is imported by this call only.
    ///
    /// ``tickets`` is an iterable of event lists (one per ticket), the path (str or
    /// ``os.PathLike``) of a JSON-lines event log, or a pandas DataFrame of such a log; ``period`` is ``(from, to)`` (dates or aware
    /// datetimes, ``to`` exclusive), a month ``"2026-10"`` or an ISO week ``"2026-W41"``.
    /// ``options``: ``roles="lead_only"`` (the default) or ``"all"`` (every assigned unit), ``response_basis`` / ``completion_basis``
    /// (``"dispatch" | "due" | "close"``), ``basically_satisfied_weight`` (0.9),
    /// ``weights={"response": 0.1, "resolution": 0.5, "satisfaction": 0.4}``, ``now`` (an
    /// aware datetime; default the period's end). The tickets are replayed (verified) and
    /// assessed without the GIL. ``progress``: a callable ``progress(done, total)``, called as
    /// the histories are replayed (events of a log, or tickets) then as the tickets are
    /// assessed (every 4 096 and at the end of each phase), or ``True`` for a tqdm bar per
    /// phase (when tqdm is installed; nothing otherwise). An exception it raises is raised
    /// once the call is done.
    ///
    /// >>> df = eng.assess([events], "2026-03")
    /// >>> df[["key", "dispatched", "response_rate", "score", "rank"]].to_dict("records")
    /// [{'key': 'urban_management', 'dispatched': 1, 'response_rate': 0.0, 'score': 0.0, 'rank': 1}]
    #[pyo3(signature = (tickets, period, by = "unit", *, progress = None, **options))]
    fn assess<'py>(
        &self,
        py: Python<'py>,
        tickets: &Bound<'py, PyAny>,
        period: &Bound<'py, PyAny>,
        by: &str,
        progress: Option<&Bound<'py, PyAny>>,
        options: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let pandas = import_pandas(py)?;
            let period = period_arg(py, period, None)?;
            let options = assessment_options(py, period, by, options)?;
            let source = tickets_arg(py, tickets)?;
            let engine = self.core();
            let mut report = Progress::new(py, progress)?;
            let a = py
                .detach(|| -> Result<Assessment, ticket::LoadError> {
                    let tickets = ticket::load_with_progress(source, &engine, &mut report.phase("replay"))?;
                    let mut a = assessment::assess_with_progress(&tickets, &options, &mut report.phase("assess"));
                    assessment::name_groups(&mut a, engine.guide());
                    Ok(a)
                })
                .map_err(|e| e.into_py(py))?;
            report.finish()?;
            frame(py, &pandas, &a)
        })
    }

    /// ``assess`` over a flat export instead of event histories: ``records`` is a pandas
    /// DataFrame with one row per ticket and unit (a ticket without units: one row, ``unit``
    /// missing), its columns those of ``jiesu.RECORD_COLUMNS`` — ticket columns ``ticket_id``
    /// (str), ``dispatched_at``, ``category`` or ``urgency`` / ``handling_class`` / ``limit``,
    /// ``domain``, ``township``, ``completion_due_at``, ``completed_at`` (submission of the
    /// accepted report), ``closed_at``, ``unreasonable``, ``callback`` (last outcome),
    /// ``solved``, ``extended``, ``reworked``, ``supervised``, ``repeat``; unit columns
    /// ``unit``, ``role`` (``lead`` / ``responsible`` / ``cooperating``; missing for a unit no
    /// longer assigned that asked to return the ticket), ``assigned_at``,
    /// ``response_due_at``, ``acknowledged_at``, ``contacted_at``, ``return_requested``.
    /// Missing values (NaN, None, NaT) are absent; other columns are ignored; instant
    /// columns must be timezone-aware (``df[c].dt.tz_localize("Asia/Shanghai")`` for local
    /// times). Deadlines left out are computed from the SLA input with this engine's policy
    /// and calendar. Returns the DataFrame of ``assess`` (same columns, same definitions,
    /// same options); ``InvalidInput`` names the row and column (``records[7].township``).
    /// ``progress``: as for ``assess``, over the tickets of the records.
    ///
    /// >>> import pandas as pd
    /// >>> rows = pd.DataFrame({"ticket_id": ["YS-1"], "category": ["040201"], "unit": ["urban_management"],
    /// ...     "role": ["lead"], "dispatched_at": [t], "acknowledged_at": [t + dt.timedelta(hours=2)]})
    /// >>> eng.assess_records(rows, "2026-03")[["key", "dispatched", "response_rate"]].to_dict("records")
    /// [{'key': 'urban_management', 'dispatched': 1, 'response_rate': 0.0}]
    #[pyo3(signature = (records, period, by = "unit", *, progress = None, **options))]
    fn assess_records<'py>(
        &self,
        py: Python<'py>,
        records: &Bound<'py, PyAny>,
        period: &Bound<'py, PyAny>,
        by: &str,
        progress: Option<&Bound<'py, PyAny>>,
        options: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let pandas = import_pandas(py)?;
            let period = period_arg(py, period, None)?;
            let options = assessment_options(py, period, by, options)?;
            let table = py.import("jiesu._frames")?.call_method1("records", (records, frames::record_columns()))?;
            let rows = frames::records_arg(py, &table)?;
            let engine = self.core();
            let mut report = Progress::new(py, progress)?;
            let a = py.detach(|| assessment::assess_records_with_progress(&rows, &engine, &options, &mut report.phase("assess"))).py_err(py);
            report.finish()?;
            let mut a = a?;
            assessment::name_groups(&mut a, engine.guide());
            frame(py, &pandas, &a)
        })
    }

    /// The flat records of tickets (``tickets`` as for ``assess``): one row per ticket and
    /// unit with the columns of ``jiesu.RECORD_COLUMNS`` (see ``assess_records``), every
    /// deadline filled in from the tickets' clocks — the export a platform would make, and
    /// ``assess_records`` over it gives the table ``assess`` gives over the tickets. Instants
    /// are ``datetime64[ns, UTC+08:00]`` columns. ``progress``: as for ``assess``, over the
    /// replay of the histories.
    ///
    /// >>> eng.records([events])[["ticket_id", "unit", "role", "completion_due_at"]].to_dict("records")[0]["role"]
    /// 'lead'
    #[pyo3(signature = (tickets, *, progress = None))]
    fn records<'py>(&self, py: Python<'py>, tickets: &Bound<'py, PyAny>, progress: Option<&Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            import_pandas(py)?;
            let source = tickets_arg(py, tickets)?;
            let engine = self.core();
            let mut report = Progress::new(py, progress)?;
            let rows = py.detach(|| -> Result<Vec<assessment::TicketRecord>, ticket::LoadError> {
                Ok(assessment::records_from_tickets(&ticket::load_with_progress(source, &engine, &mut report.phase("replay"))?))
            });
            report.finish()?;
            let rows = rows.map_err(|e| e.into_py(py))?;
            py.import("jiesu._frames")?.call_method1("records_frame", (serialize(py, &rows)?, frames::record_columns()))
        })
    }

    /// The weekly or monthly bulletin (通报, R-ANA-1) of ``period``: a headline with the
    /// county-wide rates and score (环比, 同比), totals, township and department rankings
    /// (``min_ranked_volume`` option, default 5), hot and rising topics, overdue / supervised /
    /// repeated / many-people / urgent tickets (no requester data). ``format="markdown"`` gives
    /// the Markdown text (Chinese headings and dates); ``"html"`` one printable HTML file (A4,
    /// SVG charts, no network reference); ``"dict"`` the data (instants as aware datetimes);
    /// ``"json"`` its JSON text; ``"frames"`` the dict with every table (each list of rows)
    /// as a pandas DataFrame. ``period`` as for ``assess``, or one date (its month, or its ISO week for
    /// ``kind="weekly"``); ``options`` as for ``assess``.
    ///
    /// >>> print(eng.bulletin([events], "2026-03").splitlines()[0])
    /// # 砚山县接诉即办工作月通报（2026年3月）
    #[pyo3(signature = (tickets, period, kind = "monthly", format = "markdown", **options))]
    fn bulletin<'py>(
        &self,
        py: Python<'py>,
        tickets: &Bound<'py, PyAny>,
        period: &Bound<'py, PyAny>,
        kind: &str,
        format: &str,
        options: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let kind = bulletin_kind(py, kind)?;
            if !matches!(format, "markdown" | "html" | "dict" | "json" | "frames") {
                return Err(invalid(py, "format", format!("unknown format {format:?}: expected \"markdown\", \"html\", \"dict\", \"json\" or \"frames\"")));
            }
            let period = period_arg(py, period, Some(kind))?;
            let options = assessment_options(py, period, "unit", options)?;
            let source = tickets_arg(py, tickets)?;
            let engine = self.core();
            let b = py
                .detach(|| -> Result<assessment::Bulletin, ticket::LoadError> {
                    let tickets = ticket::load(source, &engine)?;
                    Ok(assessment::bulletin(&tickets, engine.guide(), kind, period, Some(&options)))
                })
                .map_err(|e| e.into_py(py))?;
            match format {
                "markdown" => Ok(PyString::new(py, &py.detach(|| b.to_markdown())).into_any()),
                "html" => Ok(PyString::new(py, &py.detach(|| b.to_html())).into_any()),
                "json" => {
                    let text = serde_json::to_string(&b).map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))?;
                    Ok(PyString::new(py, &text).into_any())
                }
                "frames" => {
                    import_pandas(py)?;
                    py.import("jiesu._frames")?.call_method1("bulletin_frames", (serialize_view(py, &b)?,))
                }
                _ => serialize_view(py, &b),
            }
        })
    }
}
