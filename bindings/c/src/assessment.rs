//! Assessment (考评) and bulletins (通报), R-ANA-1/2 (`jiesu::assessment`), over a JSON-lines
//! event log the platform exports from its database.

use std::ffi::{c_char, c_int};

use jiesu::assessment::{assess, bulletin, name_groups, tickets_from_jsonl_with_limits, AssessmentOptions, BulletinKind, Period};
use jiesu::ticket::Ticket;

use crate::engine::jiesu_engine;
use crate::ffi::{c_string, ffi_boundary, jiesu_error, jiesu_status, json_string, try_cstr, try_instant, try_out, try_ref, try_str, FfiError};

/// The output format of `jiesu_bulletin`.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum jiesu_bulletin_format {
    /// The JSON of `jiesu::assessment::Bulletin` (the platform styles it).
    Json = 0,
    /// Markdown (Chinese headings and dates; no requester data).
    Markdown = 1,
    /// One self-contained, printable HTML file (A4, inline CSS and SVG charts, no network
    /// reference; no requester data).
    Html = 2,
}

/// A `jiesu_bulletin_format` as C passes it: any `int`, checked before use. The header shows it
/// as `jiesu_bulletin_format` (cbindgen.toml renames it).
pub type BulletinFormatArg = c_int;

fn format_from(format: BulletinFormatArg) -> Result<jiesu_bulletin_format, FfiError> {
    match format {
        0 => Ok(jiesu_bulletin_format::Json),
        1 => Ok(jiesu_bulletin_format::Markdown),
        2 => Ok(jiesu_bulletin_format::Html),
        _ => Err(FfiError::new(jiesu_status::InvalidInput, format!("format: {format} is not a jiesu_bulletin_format (0, 1 or 2)"))),
    }
}

/// The tickets of a JSON-lines event log argument.
/// The tickets of a JSON-lines event log, within the engine's limits (log size, events).
pub(crate) fn tickets_of(jsonl: &str, engine: &jiesu::engine::Engine) -> Result<Vec<Ticket>, FfiError> {
    tickets_from_jsonl_with_limits(jsonl, engine.limits()).map_err(|e| FfiError::json(e).at(format_args!("jsonl")))
}

/// Assesses units (or townships, categories, domains) over a period (R-ANA-2): rebuilds the
/// tickets from an event log (`jsonl`, `len` bytes: one event per line, one JSON array of
/// events, or one ticket's history array per line; tickets in any order, each ticket's events
/// in sequence; every history is verified) and computes, per
/// group, the response, on-time completion, resolution and satisfaction rates, returns,
/// extensions, reworks, overdue and supervised counts, repeats and a weighted score, with the
/// engine's guide naming the groups.
///
/// `options_json` (`options_len` bytes) is the JSON of
/// `jiesu::assessment::AssessmentOptions`: `{"period": {"from": "2026-03-01T00:00:00+08:00",
/// "to": "2026-04-01T00:00:00+08:00"}, "group_by": "unit" | "township" | "category" |
/// "domain", "roles": "lead_only" (default) | "all", "response_basis": "dispatch" | "due" | "close",
/// "completion_basis": "due", "basically_satisfied_weight": 0.9, "weights": {"response": 0.1,
/// "resolution": 0.5, "satisfaction": 0.4}, "now": "…"}` (only `period` is required).
///
/// On success `*report_json` receives the JSON of `jiesu::assessment::Assessment`:
/// `{"options": {…}, "groups": [{"key", "name", "dispatched", "acknowledged_on_time",
/// "response_rate": {"numerator", "denominator", "value": 0.95 | null},
/// "on_time_completion_rate", "resolution_rate", "satisfaction_rate", "return_rate",
/// "extension_rate", "rework_rate", "overdue_count", "supervised_count", "repeat_count",
/// "unreasonable_count", "score": 0–100 | null, "rank": 1… | null}, …]}` ranked best first.
///
/// Ownership: `*report_json` is a new string; free it with `jiesu_string_free`.
/// Thread safety: safe from any thread, on a shared engine.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT`, `JIESU_STATUS_INVALID_UTF8`,
/// `JIESU_STATUS_INVALID_JSON` (a log line that is not an event, `jsonl: event log line n:
/// …`; options that do not parse), `JIESU_STATUS_VALIDATION_FAILED` (options out of range,
/// every problem with its path: `weights.response: 2 is not in [0, 1]`),
/// `JIESU_STATUS_INVALID_INPUT` (a history that does not verify, with its line),
/// `JIESU_STATUS_INVALID_TRANSITION`, `JIESU_STATUS_LIMIT_EXCEEDED`.
///
/// # Safety
/// `engine` is NULL or a live engine; `jsonl` and `options_json` are NULL or point to their
/// lengths of readable bytes; `report_json` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_assess(
    engine: *const jiesu_engine,
    jsonl: *const c_char,
    len: usize,
    options_json: *const c_char,
    options_len: usize,
    report_json: *mut *mut c_char,
    err: *mut *mut jiesu_error,
) -> jiesu_status {
    ffi_boundary!(err: err, {
        let engine = try_ref!(engine);
        let jsonl = try_str!(jsonl, len);
        let options_json = try_str!(options_json, options_len);
        let report_json = try_out!(report_json);
        let options = AssessmentOptions::from_json(options_json).map_err(|e| FfiError::json(e).at(format_args!("options_json")))?;
        let tickets = tickets_of(jsonl, &engine.inner)?;
        let mut report = assess(&tickets, &options);
        name_groups(&mut report, engine.inner.guide());
        report_json.write(json_string(&report)?);
        Ok(())
    })
}

/// The weekly or monthly bulletin (通报, R-ANA-1) for the period [`from`, `to`) (Unix
/// seconds; usually local midnights: a Monday and the next, or the first of two months),
/// from a JSON-lines event log (`jsonl`, `len` bytes, as for `jiesu_assess`), with the
/// previous period of the same kind (环比: the previous calendar month for a month, else the
/// period of the same length before) and the same period a year earlier (同比); units,
/// townships and categories are named from the engine's guide. `kind` is the NUL-terminated
/// `"weekly"` or `"monthly"` (the title).
///
/// On success `*out` receives, for `JIESU_BULLETIN_FORMAT_JSON`, the JSON of
/// `jiesu::assessment::Bulletin`: `{"kind", "title", "period": {"from", "to"}, "period_text",
/// "headline": {"current", "previous"?, "year_before"?} (each {"period", "received",
/// "dispatched", "response_rate", "resolution_rate", "satisfaction_rate", "score"}), "totals":
/// {"received", "accepted", "declined", "answered_directly", "dispatched", "closed", "urgent",
/// "overdue", "overdue_carried", "supervised", "repeated", "many_people", "major_matters"},
/// "min_ranked_volume", "township_units": [group…], "departments": [group…], "townships":
/// [group…], "township_unknown"?, "daily": [{"day", "received"}], "hot_categories": [{"key",
/// "name", "count", "previous", "change"}], "hot_townships", "rising", "overdue": [{"id",
/// "category", "category_name", "lead_unit", "lead", "township", "status", "due_at",
/// "carried_over", "note"}], "overdue_by_unit": [{"key", "name", "count"}], "supervised",
/// "repeated", "many_people", "urgent", "major_matters"}` (groups as in `jiesu_assess`, ranked
/// within their table); for `JIESU_BULLETIN_FORMAT_MARKDOWN`, the bulletin in Markdown,
/// starting `# 砚山县接诉即办工作周通报（…）` or `…月通报（…）`; for `JIESU_BULLETIN_FORMAT_HTML`,
/// one printable HTML file with SVG charts. No requester data is in any of them (R-PRIV-1).
///
/// Ownership: `*out` is a new NUL-terminated UTF-8 string; free it with `jiesu_string_free`.
/// Thread safety: safe from any thread, on a shared engine.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT` (`engine`, `jsonl`, `kind`, `out`),
/// `JIESU_STATUS_INVALID_UTF8`, `JIESU_STATUS_INVALID_JSON` (a log line that is not an
/// event), `JIESU_STATUS_INVALID_INPUT` (an unknown `kind` or `format`, `from`/`to` out of
/// range or `to` not after `from`, a history that does not verify),
/// `JIESU_STATUS_INVALID_TRANSITION`, `JIESU_STATUS_LIMIT_EXCEEDED`.
///
/// # Safety
/// `engine` is NULL or a live engine; `jsonl` is NULL or `len` readable bytes; `kind` is NULL
/// or NUL-terminated; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_bulletin(
    engine: *const jiesu_engine,
    jsonl: *const c_char,
    len: usize,
    kind: *const c_char,
    from: i64,
    to: i64,
    format: BulletinFormatArg,
    out: *mut *mut c_char,
    err: *mut *mut jiesu_error,
) -> jiesu_status {
    ffi_boundary!(err: err, {
        let engine = try_ref!(engine);
        let jsonl = try_str!(jsonl, len);
        let kind = match try_cstr!(kind) {
            "weekly" => BulletinKind::Weekly,
            "monthly" => BulletinKind::Monthly,
            other => {
                return Err(FfiError::new(jiesu_status::InvalidInput, format!("kind: {other:?} is not \"weekly\" or \"monthly\"")))
            }
        };
        let format = format_from(format)?;
        let out = try_out!(out);
        let period = Period { from: try_instant!(from), to: try_instant!(to) };
        if period.to <= period.from {
            return Err(FfiError::new(jiesu_status::InvalidInput, format!("to: {to} is not after from {from}")));
        }
        let tickets = tickets_of(jsonl, &engine.inner)?;
        let b = bulletin(&tickets, engine.inner.guide(), kind, period, None);
        out.write(match format {
            jiesu_bulletin_format::Json => json_string(&b)?,
            jiesu_bulletin_format::Markdown => c_string(b.to_markdown()),
            jiesu_bulletin_format::Html => c_string(b.to_html()),
        });
        Ok(())
    })
}
