//! `jiesu_engine`: calendar + SLA policy + classification guide from one JSON configuration
//! (`jiesu::engine::Engine`), and the stateless calls on it: guide suggestions and
//! classification, SLA deadlines. The ticket, escalation and assessment calls take an engine
//! too and go in modules of their own.

use std::ffi::c_char;

use jiesu::engine::Engine;
use jiesu::escalation::RuleSet;
use jiesu::guide::{ClassificationDecision, GuideData, Location};
use jiesu::sla::SlaInput;

use crate::calendar::jiesu_calendar;
use crate::ffi::{ffi_boundary, from_json, jiesu_error, jiesu_status, json_string, try_opt_str, try_out, try_ref, try_str, FfiError};

/// An engine (an opaque handle): calendar, SLA policy and classification guide, validated
/// together.
///
/// Made by `jiesu_engine_new_default` or `jiesu_engine_new`; freed with `jiesu_engine_free`.
/// Immutable: every function may be called on one engine from many threads at once.
#[allow(non_camel_case_types)]
pub struct jiesu_engine {
    pub(crate) inner: Engine,
}

impl jiesu_engine {
    fn boxed(inner: Engine) -> *mut jiesu_engine {
        Box::into_raw(Box::new(jiesu_engine { inner }))
    }
}

/// The default engine: the built-in `CN` calendar (strict coverage), the default SLA policy
/// (R-SLA-1 … R-SLA-5: response 1 h urgent / 24 h normal, completion 3 / 5 / 10 working days)
/// and the default Yanshan classification guide.
///
/// Ownership: on success `*out` receives a new engine; free it with `jiesu_engine_free`.
/// Thread safety: safe from any thread.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT` (`out`).
///
/// # Safety
/// `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_engine_new_default(out: *mut *mut jiesu_engine, err: *mut *mut jiesu_error) -> jiesu_status {
    ffi_boundary!(err: err, {
        let out = try_out!(out);
        out.write(jiesu_engine::boxed(Engine::default_engine()));
        Ok(())
    })
}

/// An engine from its JSON configuration, the serde JSON of `jiesu::engine::EngineConfig`;
/// every part is optional and takes its default:
///
/// ```json
/// {"schema_version": 1,
///  "calendar": {"builtin": "CN", "data": null, "overlays": [], "policy": "strict",
///               "business_hours": null},
///  "sla": {"normal_days": 5, "urgent_days": 3, "complex_days": 10, "cutoff": "midnight", …},
///  "guide": null}
/// ```
///
/// `config_json` is read as exactly `len` bytes of UTF-8 (no NUL terminator needed).
///
/// Ownership: on success `*out` receives a new engine; free it with `jiesu_engine_free`.
/// Thread safety: safe from any thread.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT`, `JIESU_STATUS_INVALID_UTF8`,
/// `JIESU_STATUS_INVALID_JSON` (syntax, unknown field, wrong type),
/// `JIESU_STATUS_INVALID_INPUT` (`schema_version` not 1, unknown built-in calendar),
/// `JIESU_STATUS_VALIDATION_FAILED` (every problem with its path, e.g. `normal_days: 0 is not
/// in 1..=3660`), `JIESU_STATUS_LIMIT_EXCEEDED` (a guide too large for its keyword automaton).
///
/// # Safety
/// `config_json` is NULL or points to `len` readable bytes; `out` and `err` are NULL or
/// writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_engine_new(config_json: *const c_char, len: usize, out: *mut *mut jiesu_engine, err: *mut *mut jiesu_error) -> jiesu_status {
    ffi_boundary!(err: err, {
        let config_json = try_str!(config_json, len);
        let out = try_out!(out);
        out.write(jiesu_engine::boxed(Engine::from_json(config_json).map_err(FfiError::json)?));
        Ok(())
    })
}

fn with_guide(engine: &Engine, data: Result<GuideData, FfiError>, format: fn(jiesu::Error) -> FfiError) -> Result<*mut jiesu_engine, FfiError> {
    Ok(jiesu_engine::boxed(engine.with_guide(data?).map_err(format)?))
}

fn with_rules(engine: &Engine, rules: Result<RuleSet, FfiError>, format: fn(jiesu::Error) -> FfiError) -> Result<*mut jiesu_engine, FfiError> {
    Ok(jiesu_engine::boxed(engine.with_rules(rules?).map_err(format)?))
}

/// A new engine: `engine` with another classification guide (a new guide version), given as
/// JSON (`jiesu::guide::GuideData`, the shape of the shipped `data/guide/yanshan.toml`), and
/// validated against the engine's limits; the calendar, SLA policy and rules are kept.
/// `engine` itself is unchanged. `json` is read as exactly `len` bytes.
///
/// Ownership: `engine` stays the caller's; on success `*out` receives a new engine; free it
/// with `jiesu_engine_free`.
/// Thread safety: safe from any thread.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT`, `JIESU_STATUS_INVALID_UTF8`,
/// `JIESU_STATUS_INVALID_JSON` (syntax, unknown field, wrong type),
/// `JIESU_STATUS_VALIDATION_FAILED` (every problem with its path, e.g. a category routed to a
/// unit the guide does not define), `JIESU_STATUS_LIMIT_EXCEEDED` (a guide beyond the
/// engine's limits).
///
/// # Safety
/// `engine` is NULL or a live engine; `json` is NULL or points to `len` readable bytes; `out`
/// and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_engine_with_guide_json(
    engine: *const jiesu_engine,
    json: *const c_char,
    len: usize,
    out: *mut *mut jiesu_engine,
    err: *mut *mut jiesu_error,
) -> jiesu_status {
    ffi_boundary!(err: err, {
        let engine = try_ref!(engine);
        let json = try_str!(json, len);
        let out = try_out!(out);
        out.write(with_guide(&engine.inner, GuideData::from_json(json).map_err(FfiError::json), FfiError::json)?);
        Ok(())
    })
}

/// Like `jiesu_engine_with_guide_json`, with the guide as TOML (as the shipped
/// `data/guide/yanshan.toml`).
///
/// Ownership: `engine` stays the caller's; on success `*out` receives a new engine; free it
/// with `jiesu_engine_free`.
/// Thread safety: safe from any thread.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT`, `JIESU_STATUS_INVALID_UTF8`,
/// `JIESU_STATUS_INVALID_TOML`, `JIESU_STATUS_VALIDATION_FAILED`,
/// `JIESU_STATUS_LIMIT_EXCEEDED`.
///
/// # Safety
/// `engine` is NULL or a live engine; `toml` is NULL or points to `len` readable bytes; `out`
/// and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_engine_with_guide_toml(
    engine: *const jiesu_engine,
    toml: *const c_char,
    len: usize,
    out: *mut *mut jiesu_engine,
    err: *mut *mut jiesu_error,
) -> jiesu_status {
    ffi_boundary!(err: err, {
        let engine = try_ref!(engine);
        let toml = try_str!(toml, len);
        let out = try_out!(out);
        out.write(with_guide(&engine.inner, GuideData::from_toml(toml).map_err(FfiError::toml), FfiError::toml)?);
        Ok(())
    })
}

/// A new engine: `engine` with another escalation rule set, given as JSON
/// (`jiesu::escalation::RuleSet`, the shape of the shipped `data/escalation/default.toml`),
/// validated; the calendar, SLA policy and guide are kept. `engine` itself is unchanged.
/// `json` is read as exactly `len` bytes.
///
/// Ownership: `engine` stays the caller's; on success `*out` receives a new engine; free it
/// with `jiesu_engine_free`.
/// Thread safety: safe from any thread.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT`, `JIESU_STATUS_INVALID_UTF8`,
/// `JIESU_STATUS_INVALID_JSON` (syntax, unknown field or enum value, wrong type),
/// `JIESU_STATUS_VALIDATION_FAILED` (every problem with its path, e.g. a duplicate rule id).
///
/// # Safety
/// `engine` is NULL or a live engine; `json` is NULL or points to `len` readable bytes; `out`
/// and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_engine_with_rules_json(
    engine: *const jiesu_engine,
    json: *const c_char,
    len: usize,
    out: *mut *mut jiesu_engine,
    err: *mut *mut jiesu_error,
) -> jiesu_status {
    ffi_boundary!(err: err, {
        let engine = try_ref!(engine);
        let json = try_str!(json, len);
        let out = try_out!(out);
        out.write(with_rules(&engine.inner, RuleSet::from_json(json).map_err(FfiError::json), FfiError::json)?);
        Ok(())
    })
}

/// Like `jiesu_engine_with_rules_json`, with the rule set as TOML (as the shipped
/// `data/escalation/default.toml`).
///
/// Ownership: `engine` stays the caller's; on success `*out` receives a new engine; free it
/// with `jiesu_engine_free`.
/// Thread safety: safe from any thread.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT`, `JIESU_STATUS_INVALID_UTF8`,
/// `JIESU_STATUS_INVALID_TOML`, `JIESU_STATUS_VALIDATION_FAILED`.
///
/// # Safety
/// `engine` is NULL or a live engine; `toml` is NULL or points to `len` readable bytes; `out`
/// and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_engine_with_rules_toml(
    engine: *const jiesu_engine,
    toml: *const c_char,
    len: usize,
    out: *mut *mut jiesu_engine,
    err: *mut *mut jiesu_error,
) -> jiesu_status {
    ffi_boundary!(err: err, {
        let engine = try_ref!(engine);
        let toml = try_str!(toml, len);
        let out = try_out!(out);
        out.write(with_rules(&engine.inner, RuleSet::from_toml(toml).map_err(FfiError::toml), FfiError::toml)?);
        Ok(())
    })
}

/// Frees an engine. `jiesu_engine_free(NULL)` does nothing.
///
/// Ownership: takes `engine`; it must not be used afterwards, and no other thread may be using
/// it. Calendars obtained with `jiesu_engine_calendar` are independent and stay valid.
///
/// # Safety
/// `engine` is NULL or an engine made by jiesu and not yet freed.
#[no_mangle]
pub unsafe extern "C" fn jiesu_engine_free(engine: *mut jiesu_engine) {
    ffi_boundary!(on_panic: (), {
        if !engine.is_null() {
            // SAFETY: `engine` came from `Box::into_raw` in `jiesu_engine::boxed` (the contract).
            drop(unsafe { Box::from_raw(engine) });
        }
    })
}

/// The engine's calendar (with its overlays, policy and business hours) as a calendar handle
/// of its own, for the `jiesu_calendar_*` functions.
///
/// Ownership: `engine` stays the caller's; on success `*out` receives a new, independent
/// calendar; free it with `jiesu_calendar_free` (before or after the engine).
/// Thread safety: safe from any thread, on a shared engine.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT` (`engine`, `out`).
///
/// # Safety
/// `engine` is NULL or a live engine; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_engine_calendar(engine: *const jiesu_engine, out: *mut *mut jiesu_calendar, err: *mut *mut jiesu_error) -> jiesu_status {
    ffi_boundary!(err: err, {
        let engine = try_ref!(engine);
        let out = try_out!(out);
        out.write(jiesu_calendar::boxed(engine.inner.calendar().clone()));
        Ok(())
    })
}

/// Category suggestions for a request text (an aid to the operator, never a decision), with
/// the engine's classification guide. `text` is read as exactly `len` bytes of UTF-8.
/// `location_json` is NULL (no location) or `location_len` bytes of the JSON of
/// `jiesu::guide::Location`: `{"township": "jiangna", "village": "…", "address": "…"}`, each
/// optional; the township (unit id or name) resolves routing by location.
///
/// On success `*out_json` receives the JSON of `jiesu::guide::Suggestions`:
/// `{"categories": [{"code", "name", "score", "matched": [..], "routing": {"lead",
/// "by_location", "responsible", "cooperating"}, "urgency", "handling_class", "limit",
/// "answer"}, …] (best first, at most 5), "exclusions": [{"reason", "score", "matched",
/// "guidance"}], "emergencies": [{"service", "score", "matched", "guidance"}],
/// "urgency_keywords": [..], "township": "jiangna" | null}`.
///
/// Ownership: `*out_json` is a new NUL-terminated UTF-8 string; free it with
/// `jiesu_string_free`.
/// Thread safety: safe from any thread, on a shared engine.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT` (`engine`, `text`, `out_json`),
/// `JIESU_STATUS_INVALID_UTF8`, `JIESU_STATUS_INVALID_JSON` (`location_json`).
///
/// # Safety
/// `engine` is NULL or a live engine; `text` is NULL or `len` readable bytes; `location_json`
/// is NULL or `location_len` readable bytes; `out_json` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_guide_suggest(
    engine: *const jiesu_engine,
    text: *const c_char,
    len: usize,
    location_json: *const c_char,
    location_len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut jiesu_error,
) -> jiesu_status {
    ffi_boundary!(err: err, {
        let engine = try_ref!(engine);
        let text = try_str!(text, len);
        let location: Option<Location> = match try_opt_str!(location_json, location_len) {
            Some(json) => Some(from_json(json, "location_json")?),
            None => None,
        };
        let out_json = try_out!(out_json);
        out_json.write(json_string(&engine.inner.guide().suggest(text, location.as_ref()))?);
        Ok(())
    })
}

/// Classifies a ticket from the operator's decision, with the engine's guide (R-SCOPE-4).
/// `decision_json` (exactly `len` bytes) is the JSON of
/// `jiesu::guide::ClassificationDecision`: `{"category": "<leaf code>", "appeal_type":
/// "complaint", …}` with optional overrides `urgency`, `handling_class`, `limit`
/// (`{"working_days": n}` or `{"calendar_days": n}`), `lead`, `responsible`, `cooperating`,
/// `location`.
///
/// On success `*out_json` receives the JSON of `jiesu::guide::Classification`:
/// `{"guide_id", "guide_version", "category", "category_name", "domain", "appeal_type",
/// "township"?, "sla": {"urgency", "handling_class", "limit"?}, "assignments": [{"unit",
/// "role": "lead" | "responsible" | "cooperating"}, …]}`; its `sla` is the `input_json` of
/// `jiesu_sla_deadlines`.
///
/// Ownership: `*out_json` is a new string; free it with `jiesu_string_free`.
/// Thread safety: safe from any thread, on a shared engine.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT`, `JIESU_STATUS_INVALID_UTF8`,
/// `JIESU_STATUS_INVALID_JSON`, `JIESU_STATUS_INVALID_INPUT` (unknown or non-leaf category,
/// unknown unit or township, a limit the engine's SLA policy does not accept for the class;
/// the message names the field and `[R-SCOPE-4]`).
///
/// # Safety
/// `engine` is NULL or a live engine; `decision_json` is NULL or `len` readable bytes;
/// `out_json` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_guide_classify(
    engine: *const jiesu_engine,
    decision_json: *const c_char,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut jiesu_error,
) -> jiesu_status {
    ffi_boundary!(err: err, {
        let engine = try_ref!(engine);
        let decision_json = try_str!(decision_json, len);
        let out_json = try_out!(out_json);
        let decision: ClassificationDecision = from_json(decision_json, "decision_json")?;
        // The limits a class accepts are the engine's SLA policy's, as `jiesu_ticket_handle` checks them.
        out_json.write(json_string(&engine.inner.guide().classify_with(&decision, engine.inner.policy())?)?);
        Ok(())
    })
}

/// The SLA clocks of a ticket dispatched at `dispatched_at` (Unix seconds), with the engine's
/// calendar and SLA policy (R-SLA-1 … R-SLA-5). `input_json` (exactly `len` bytes) is the
/// JSON of `jiesu::sla::SlaInput`: `{"urgency": "urgent" | "normal", "handling_class":
/// "urgent" | "normal" | "complex" | "statutory", "limit": {"working_days": n} |
/// {"calendar_days": n}}` (`limit` optional; required for `statutory`).
///
/// On success `*out_json` receives the JSON of `jiesu::sla::Deadlines`: `{"clocks":
/// [{"clock": "response" | "return_window" | "first_feedback" | "completion", "started_at",
/// "due_at", "warn_at", "provisional": bool}, …]}` in that order (`first_feedback` for urgent
/// tickets only); instants are RFC 3339 strings in China Standard Time
/// (`"2026-10-14T00:00:00+08:00"`); `due_at` is exclusive (acting at it is late).
///
/// Ownership: `*out_json` is a new string; free it with `jiesu_string_free`.
/// Thread safety: safe from any thread, on a shared engine.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT`, `JIESU_STATUS_INVALID_UTF8`,
/// `JIESU_STATUS_INVALID_JSON`, `JIESU_STATUS_OUT_OF_COVERAGE` (a deadline in an uncovered
/// year, strict policy: `[R-SLA-7]`), `JIESU_STATUS_VALIDATION_FAILED` (a statutory class
/// without its limit, a complex limit outside 10–15 days: `[R-SLA-3]`),
/// `JIESU_STATUS_INVALID_INPUT` (`dispatched_at` out of range).
///
/// # Safety
/// `engine` is NULL or a live engine; `input_json` is NULL or `len` readable bytes; `out_json`
/// and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_sla_deadlines(
    engine: *const jiesu_engine,
    dispatched_at: i64,
    input_json: *const c_char,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut jiesu_error,
) -> jiesu_status {
    ffi_boundary!(err: err, {
        let engine = try_ref!(engine);
        let input_json = try_str!(input_json, len);
        let out_json = try_out!(out_json);
        let input: SlaInput = from_json(input_json, "input_json")?;
        let at = jiesu::calendar::instant_from_unix(dispatched_at)
            .map_err(|e| FfiError::from(e).at(format_args!("dispatched_at")))?;
        let e = &engine.inner;
        out_json.write(json_string(&e.policy().deadlines(e.calendar(), at, &input)?)?);
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;
    use std::ptr::null_mut;

    fn call_json(f: impl FnOnce(*mut *mut c_char, *mut *mut jiesu_error) -> jiesu_status) -> Result<String, (jiesu_status, String)> {
        let mut out: *mut c_char = null_mut();
        let mut err: *mut jiesu_error = null_mut();
        let s = f(&mut out, &mut err);
        unsafe {
            if s == jiesu_status::Ok {
                assert!(err.is_null());
                let v = CStr::from_ptr(out).to_str().unwrap().to_string();
                crate::jiesu_string_free(out);
                Ok(v)
            } else {
                assert!(out.is_null(), "out written on failure");
                let m = CStr::from_ptr(crate::jiesu_error_message(err)).to_str().unwrap().to_string();
                assert_eq!(crate::jiesu_error_code(err), s);
                crate::jiesu_error_free(err);
                Err((s, m))
            }
        }
    }

    #[test]
    fn deadlines_through_the_abi() {
        let mut e: *mut jiesu_engine = null_mut();
        unsafe {
            assert_eq!(jiesu_engine_new_default(&mut e, null_mut()), jiesu_status::Ok);
            let input = r#"{"urgency":"normal","handling_class":"normal"}"#;
            // 2026-09-30T10:00:00+08:00
            let json = call_json(|o, er| jiesu_sla_deadlines(e, 1_790_733_600, input.as_ptr().cast(), input.len(), o, er)).unwrap();
            assert!(json.contains(r#""clock":"completion","started_at":"2026-09-30T10:00:00+08:00","due_at":"2026-10-14T00:00:00+08:00""#), "{json}");
            // 2026-12-25: the completion needs 2027.
            let (s, m) = call_json(|o, er| jiesu_sla_deadlines(e, 1_798_164_000, input.as_ptr().cast(), input.len(), o, er)).unwrap_err();
            assert_eq!(s, jiesu_status::OutOfCoverage);
            assert!(m.contains("2027") && m.contains("R-SLA-7"), "{m}");
            // A statutory class without its limit.
            let bad = r#"{"urgency":"normal","handling_class":"statutory"}"#;
            let (s, m) = call_json(|o, er| jiesu_sla_deadlines(e, 1_790_733_600, bad.as_ptr().cast(), bad.len(), o, er)).unwrap_err();
            assert_eq!(s, jiesu_status::ValidationFailed, "{m}");
            assert!(m.contains("limit") && m.contains("R-SLA-3"), "{m}");
            let (s, m) = call_json(|o, er| jiesu_sla_deadlines(e, i64::MAX, input.as_ptr().cast(), input.len(), o, er)).unwrap_err();
            assert_eq!(s, jiesu_status::InvalidInput);
            assert!(m.starts_with("dispatched_at: "), "{m}");
            jiesu_engine_free(e);
        }
    }

    #[test]
    fn classify_names_the_field() {
        let mut e: *mut jiesu_engine = null_mut();
        unsafe {
            assert_eq!(jiesu_engine_new_default(&mut e, null_mut()), jiesu_status::Ok);
            let d = r#"{"category":"nope","appeal_type":"complaint"}"#;
            let (s, m) = call_json(|o, er| jiesu_guide_classify(e, d.as_ptr().cast(), d.len(), o, er)).unwrap_err();
            assert_eq!(s, jiesu_status::InvalidInput);
            assert!(m.contains("field category") && m.contains("R-SCOPE-4"), "{m}");
            let d = r#"{"category":"nope","appeal_type":"complaint","colour":1}"#;
            let (s, m) = call_json(|o, er| jiesu_guide_classify(e, d.as_ptr().cast(), d.len(), o, er)).unwrap_err();
            assert_eq!(s, jiesu_status::InvalidJson);
            assert!(m.starts_with("decision_json: invalid JSON: unknown field `colour`"), "{m}");
            jiesu_engine_free(e);
        }
    }
}
