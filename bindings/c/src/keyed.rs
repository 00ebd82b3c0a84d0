//! The keyed chain (README, "Threat model"): an engine holding a chain key
//! (`jiesu_engine_with_chain_key`: HMAC-SHA-256 or Ed25519, or `chain_keys` in its
//! configuration) tags the events
//! `jiesu_ticket_handle` and `jiesu_escalation_record` return and the archives
//! `jiesu_engine_archive` makes; `jiesu_engine_verify` and `jiesu_engine_verify_archive`
//! refuse a missing or wrong tag. The key is never written into an output or an error.

use std::ffi::{c_char, c_int};

use jiesu::ticket::ChainKey;

use crate::engine::jiesu_engine;
use crate::ffi::{ffi_boundary, jiesu_error, jiesu_status, json_string, try_cstr, try_out, try_ref, try_slice, try_str, FfiError};
use crate::ticket::replay;

/// The kind of a chain key given to `jiesu_engine_with_chain_key`.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum jiesu_chain_key_kind {
    /// An HMAC-SHA-256 secret, 16 to 1024 bytes (the primary mode).
    HmacSha256 = 0,
    /// An Ed25519 signing key: its 32-byte seed (RFC 8032 private key).
    Ed25519Seed = 1,
    /// An Ed25519 public key, 32 bytes: verifies tags, never makes them.
    Ed25519Public = 2,
}

/// A `jiesu_chain_key_kind` as C passes it: any `int`, checked before use.
pub type ChainKeyKindArg = c_int;

/// A new engine: `engine` holding one more chain key, which from then on tags the events and
/// archives the new engine makes (unless it is an Ed25519 public key, which only verifies);
/// the keys `engine` held still verify (rotation). The key is given as bytes so that it need
/// not sit in a configuration file: `key_len` bytes at `key`, copied — an HMAC-SHA-256
/// secret (`JIESU_CHAIN_KEY_KIND_HMAC_SHA256`, 16 to 1024 bytes; use 32 random bytes), an
/// Ed25519 seed (`JIESU_CHAIN_KEY_KIND_ED25519_SEED`, 32 bytes) or an Ed25519 public key
/// (`JIESU_CHAIN_KEY_KIND_ED25519_PUBLIC`, 32 bytes). `key_id` is a NUL-terminated id of 1 to
/// 64 ASCII letters, digits, `.`, `_`, `:` or `-`, recorded in every tag (the key itself never
/// is). `engine` itself is unchanged.
///
/// Ownership: `engine` and `key` stay the caller's (wipe `key` when done); on success `*out`
/// receives a new engine; free it with `jiesu_engine_free`.
/// Thread safety: safe from any thread.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT`, `JIESU_STATUS_INVALID_UTF8` (`key_id`),
/// `JIESU_STATUS_INVALID_INPUT` (`kind` not a `jiesu_chain_key_kind`; a key id or key out of
/// shape, named `key_id`, `secret`, `ed25519_seed` or `ed25519_public`; the message never
/// holds the key), `JIESU_STATUS_VALIDATION_FAILED` (the engine already holds a key with
/// that id, or 16 keys).
///
/// # Safety
/// `engine` is NULL or a live engine; `key_id` is NULL or NUL-terminated; `secret` is NULL or
/// points to `secret_len` readable bytes; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_engine_with_chain_key(
    engine: *const jiesu_engine,
    kind: ChainKeyKindArg,
    key_id: *const c_char,
    key: *const u8,
    key_len: usize,
    out: *mut *mut jiesu_engine,
    err: *mut *mut jiesu_error,
) -> jiesu_status {
    ffi_boundary!(err: err, {
        let engine = try_ref!(engine);
        let key_id = try_cstr!(key_id);
        let key = try_slice!(key, key_len);
        let out = try_out!(out);
        let key = match kind {
            0 => ChainKey::new(key_id, key),
            1 => ChainKey::ed25519(key_id, key),
            2 => ChainKey::ed25519_public(key_id, key),
            _ => return Err(FfiError::new(jiesu_status::InvalidInput, format!("kind: {kind} is not a jiesu_chain_key_kind (0..=2)"))),
        }?;
        out.write(Box::into_raw(Box::new(jiesu_engine { inner: engine.inner.with_chain_key(key)? })));
        Ok(())
    })
}

/// Verifies a history (`events_json`, `len` bytes) with the engine: the hash chain as
/// `jiesu_ticket_verify` and, when the engine holds chain keys, that every event carries a tag
/// one of them produced. An engine without keys verifies exactly as `jiesu_ticket_verify`.
///
/// On success `*out_json` receives the JSON of `jiesu::ticket::Verification` as for
/// `jiesu_ticket_verify`, with the extra problem kinds `"tag_missing"`, `"tag_invalid"` (a
/// tag its key did not produce: the history was rewritten, even if re-hashed) and
/// `"tag_unknown_key"`. A history that is not intact is a successful call: read `intact`.
///
/// Ownership: `*out_json` is a new string; free it with `jiesu_string_free`.
/// Thread safety: safe from any thread, on a shared engine.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT`, `JIESU_STATUS_INVALID_UTF8`,
/// `JIESU_STATUS_INVALID_JSON` (text that is not JSON; an event that no longer reads as one
/// is reported as not intact, as by `jiesu_ticket_verify`).
///
/// # Safety
/// `engine` is NULL or a live engine; `events_json` is NULL or `len` readable bytes;
/// `out_json` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_engine_verify(
    engine: *const jiesu_engine,
    events_json: *const c_char,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut jiesu_error,
) -> jiesu_status {
    ffi_boundary!(err: err, {
        let engine = try_ref!(engine);
        let events_json = try_str!(events_json, len);
        let out_json = try_out!(out_json);
        let verification = engine.inner.verify_text(events_json).map_err(|e| FfiError::json(e.at("events_json")))?;
        out_json.write(json_string(&verification)?);
        Ok(())
    })
}

/// The archived file of an archived ticket (as `jiesu_ticket_archive`), replayed by the
/// engine and, when it holds a chain key, tagged: `{"schema_version", "ticket_id",
/// "event_count", "final_hash", "events", "tag": {"alg", "key_id", "mac"}}`.
///
/// Ownership: `*archive_json` is a new string; free it with `jiesu_string_free`.
/// Thread safety: safe from any thread, on a shared engine.
/// Errors: as `jiesu_ticket_archive`.
///
/// # Safety
/// `engine` is NULL or a live engine; `events_json` is NULL or `len` readable bytes;
/// `archive_json` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_engine_archive(
    engine: *const jiesu_engine,
    events_json: *const c_char,
    len: usize,
    archive_json: *mut *mut c_char,
    err: *mut *mut jiesu_error,
) -> jiesu_status {
    ffi_boundary!(err: err, {
        let engine = try_ref!(engine);
        let events_json = try_str!(events_json, len);
        let archive_json = try_out!(archive_json);
        let ticket = replay(&engine.inner, events_json, "events_json")?;
        archive_json.write(json_string(&engine.inner.archive_file(&ticket)?)?);
        Ok(())
    })
}

/// Verifies an archived file (`archive_json`, `len` bytes) with the engine: as
/// `jiesu_archive_verify` and, when the engine holds chain keys, every event's tag and the
/// archive's own tag (problem index: the number of events), so that a file truncated and
/// re-counted is refused.
///
/// Ownership: `*out_json` is a new string; free it with `jiesu_string_free`.
/// Thread safety: safe from any thread, on a shared engine.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT`, `JIESU_STATUS_INVALID_UTF8`,
/// `JIESU_STATUS_INVALID_JSON` (not an archive file).
///
/// # Safety
/// `engine` is NULL or a live engine; `archive_json` is NULL or `len` readable bytes;
/// `out_json` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_engine_verify_archive(
    engine: *const jiesu_engine,
    archive_json: *const c_char,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut jiesu_error,
) -> jiesu_status {
    ffi_boundary!(err: err, {
        let engine = try_ref!(engine);
        let archive_json = try_str!(archive_json, len);
        let out_json = try_out!(out_json);
        let v = engine.inner.verify_archive_text(archive_json).map_err(|e| FfiError::json(e.located("invalid JSON").at("archive_json")))?;
        out_json.write(json_string(&v)?);
        Ok(())
    })
}

/// Audits an event log (`log_json`, `len` bytes, at most the engine's `limits.max_log_bytes`):
/// a JSON array of events, JSON lines (one event a line, tickets in any order, interleaved or
/// not), or one history a line — what the platform exports. Every ticket's history is
/// verified as `jiesu_engine_verify` verifies one (chain, hashes, and the engine's chain keys'
/// tags), over the threads `JIESU_NUM_THREADS` allows.
///
/// On success `*out_json` receives:
///
/// ```json
/// {"tickets": [{"ticket_id": "YS-1", "intact": true, "events": 8},
///              {"ticket_id": "YS-2", "line": "line 14", "intact": false, "events": 5,
///               "problem": {"index": 1, "kind": "altered", "message": "…"}}, …],
///  "intact": 1, "not_intact": 1}
/// ```
///
/// one entry per ticket in the order of its first event in the log; `line` is where in the
/// log the problem's event is (`line 14`, `events[3]` in an array, `line 2[3]` in a line that
/// holds a history). An event that no longer reads as one makes its ticket not intact
/// (`altered`); it is not an error.
///
/// Ownership: `*out_json` is a new string; free it with `jiesu_string_free`.
/// Thread safety: safe from any thread, on a shared engine.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT`, `JIESU_STATUS_INVALID_UTF8`,
/// `JIESU_STATUS_INVALID_JSON` (text that is not JSON; an item whose `ticket_id` cannot be read,
/// `log_json: line 7: ticket_id`), `JIESU_STATUS_LIMIT_EXCEEDED` (the log over
/// `limits.max_log_bytes`).
///
/// # Safety
/// `engine` is NULL or a live engine; `log_json` is NULL or `len` readable bytes;
/// `out_json` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_engine_verify_log(
    engine: *const jiesu_engine,
    log_json: *const c_char,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut jiesu_error,
) -> jiesu_status {
    ffi_boundary!(err: err, {
        let engine = try_ref!(engine);
        let log_json = try_str!(log_json, len);
        let out_json = try_out!(out_json);
        let audit = engine.inner.verify_log(log_json, jiesu::parallelism::Parallelism::from_env()).map_err(|e| FfiError::json(e.at("log_json")))?;
        out_json.write(json_string(&audit)?);
        Ok(())
    })
}
