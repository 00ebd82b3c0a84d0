//! `Engine`s derived from an engine: another classification guide, another escalation rule
//! set, one more chain key. The engine itself is unchanged.

use jiesu::escalation::RuleSet;
use jiesu::guide::GuideData;
use jiesu::ticket as core_ticket;
use pyo3::prelude::*;

use super::PyEngine;
use crate::errors::{guard, invalid, IntoPy};
use crate::json::{data_text, DataText};

#[pymethods]
impl PyEngine {
    /// This engine with another classification guide (a new version of the guide, another
    /// county's): ``guide`` is TOML text (the format of ``data/guide/yanshan.toml``), JSON
    /// text (when it starts with ``{``) or a dict. The guide is validated against this
    /// engine's limits; the calendar, SLA policy and escalation rules are kept, and this
    /// engine is unchanged. Raises ``ParseError`` for text that is not a guide,
    /// ``ValidationError`` (every problem in ``.problems``) for an inconsistent one,
    /// ``LimitExceeded`` for one over the limits.
    ///
    /// ``eng.with_guide(Path("data/guide/yanshan.toml").read_text(encoding="utf-8"))`` loads
    /// the repository's guide; an incomplete one is refused with every problem:
    ///
    /// >>> try:
    /// ...     eng.with_guide('schema_version = 1\nid = "demo"\nversion = "2026.1"')
    /// ... except jiesu.ValidationError as e:
    /// ...     print(len(e.problems), e.problems[0])
    /// 10 ('exclusions', 'no exclusion for decline reason "litigation"')
    fn with_guide(&self, py: Python<'_>, guide: &Bound<'_, PyAny>) -> PyResult<PyEngine> {
        guard(py, || {
            let text = data_text(py, guide, "guide")?;
            let engine = self.core();
            // Building a guide (its keyword automaton) is the heavy part: without the GIL.
            let new = py
                .detach(|| {
                    let data = match &text {
                        DataText::Json(t) => GuideData::from_json(t),
                        DataText::Toml(t) => GuideData::from_toml(t),
                    }?;
                    engine.with_guide(data)
                })
                .py_err(py)?;
            PyEngine::wrap(py, new)
        })
    }

    /// This engine with another escalation rule set (R-ESC-*): ``rules`` is TOML text (the
    /// format of ``data/escalation/default.toml``), JSON text (when it starts with ``{``) or
    /// a dict such as ``eng.rules``. The rules are validated; the calendar, SLA policy and
    /// guide are kept, and this engine is unchanged. Raises ``ParseError`` or
    /// ``ValidationError``.
    ///
    /// >>> rules = {**eng.rules, "id": "county-2026"}
    /// >>> eng.with_rules(rules).rules["id"], eng.rules["id"]
    /// ('county-2026', 'default')
    fn with_rules(&self, py: Python<'_>, rules: &Bound<'_, PyAny>) -> PyResult<PyEngine> {
        guard(py, || {
            let text = data_text(py, rules, "rules")?;
            let engine = self.core();
            let new = py
                .detach(|| {
                    let r = match &text {
                        DataText::Json(t) => RuleSet::from_json(t),
                        DataText::Toml(t) => RuleSet::from_toml(t),
                    }?;
                    engine.with_rules(r)
                })
                .py_err(py)?;
            PyEngine::wrap(py, new)
        })
    }

    /// This engine holding one more chain key (README, "Threat model"): ``key`` (``bytes``)
    /// is, by ``kind``, an HMAC-SHA-256 secret (``"hmac-sha256"``, the default: 16 to 1024
    /// bytes; use 32 random bytes, e.g. from a key store), an Ed25519 seed (``"ed25519"``, 32
    /// bytes) or an Ed25519 public key (``"ed25519-public"``, 32 bytes: verifies, never tags);
    /// ``key_id`` is 1 to 64 ASCII letters, digits, ``.``, ``_``, ``:``, ``-``. The new engine
    /// tags the events it decides and the archives it makes with its last key that can sign,
    /// and ``verify`` / ``verify_archive`` require tags of one of its keys: the keys this
    /// engine held still verify (rotation). Keys can also come from the configuration
    /// (``"chain_keys": [{"id", "secret" | "ed25519_seed" | "ed25519_public"}]``). The key is
    /// never shown: not in ``config``, errors or ``repr``; a keyed engine refuses to be
    /// pickled (``TypeError``) rather than write its key into the pickle. Raises
    /// ``InvalidInput`` (an unknown kind, a key id or key out of shape) or ``ValidationError``
    /// (a key id the engine already holds).
    ///
    /// >>> keyed = eng.with_chain_key("2026-a", b"0123456789abcdef-county-secret")
    /// >>> keyed.chain_key_id, eng.chain_key_id
    /// ('2026-a', None)
    #[pyo3(signature = (key_id, key, kind = "hmac-sha256"))]
    fn with_chain_key(&self, py: Python<'_>, key_id: &str, key: &[u8], kind: &str) -> PyResult<PyEngine> {
        guard(py, || {
            let key = match kind {
                "hmac-sha256" => core_ticket::ChainKey::new(key_id, key),
                "ed25519" => core_ticket::ChainKey::ed25519(key_id, key),
                "ed25519-public" => core_ticket::ChainKey::ed25519_public(key_id, key),
                _ => return Err(invalid(py, "kind", format!("unknown chain key kind {kind:?}: expected \"hmac-sha256\", \"ed25519\" or \"ed25519-public\""))),
            }
            .py_err(py)?;
            PyEngine::wrap(py, self.inner.with_chain_key(key).py_err(py)?)
        })
    }
}
