"""The bad-input catalogue (tests/data/bad_inputs/cases.json, written by tests/bad_inputs.rs)
replayed through the Python API: every case must raise a ``jiesu.JiesuError`` subclass whose
``.kind`` is the case's ``expect`` — never a ``PanicException``, never a bare ``TypeError`` or
``ValueError`` — whose message says each text of ``message_has`` and none of ``message_hides``,
and change nothing: the shared engine and calendar still equal fresh copies,
and the Python objects passed in are as they were.

Routes (the file's ``about`` field describes the entries): texts are passed as they are
wherever the API takes JSON or TOML text; days (since 1970-01-01) as ``numpy.datetime64`` day
scalars; Unix seconds as aware datetimes in UTC+08:00. A case whose Python argument cannot be
built (numpy or datetime refuse the value, or the value is numpy's NaT sentinel) is skipped as
not representable in Python; the assessment options are keyword arguments in Python, not JSON
text, so those cases are skipped too.
"""
from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import jiesu
from jiesu import Calendar, Engine, SlaPolicy

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = json.loads((ROOT / "tests/data/bad_inputs/cases.json").read_text(encoding="utf-8"))
CASES: list[dict[str, Any]] = CATALOGUE["cases"]
FIXTURES: dict[str, str] = CATALOGUE["fixtures"]

CST = dt.timezone(dt.timedelta(hours=8))
# The instant at which replayed histories are looked at.
NOW = dt.datetime(2026, 12, 31, 0, 0, tzinfo=CST)
I64_MIN = -(2**63)

# The shared objects every case runs on, and fresh copies to compare them with afterwards.
ENGINE = Engine.default()
CN = Calendar.builtin("CN")
ENGINE_FRESH = Engine.default()
CN_FRESH = Calendar.builtin("CN")
ENGINE_HASH, CN_HASH = hash(ENGINE_FRESH), hash(CN_FRESH)


class NotRepresentable(Exception):
    """The case's argument cannot be built as a Python object."""


def text(case: dict[str, Any], name: str) -> str:
    """A text argument: a string, or parts concatenated (strings, repeats, fixtures)."""

    def part(p: Any) -> str:
        if isinstance(p, str):
            return p
        if "repeat" in p:
            return str(p["repeat"]) * int(p["times"])
        if "fixture" in p:
            return FIXTURES[p["fixture"]]
        raise AssertionError(f"{case['id']}: bad text part {p!r}")

    v = case["args"][name]
    return "".join(part(p) for p in v) if isinstance(v, list) else part(v)


def integer(case: dict[str, Any], name: str) -> int:
    v = case["args"][name]
    assert isinstance(v, int), f"{case['id']}: {name} is not an integer"
    return v


def day(case: dict[str, Any], name: str) -> np.datetime64:
    """Days since 1970-01-01 as a ``datetime64[D]`` scalar."""
    n = integer(case, name)
    if n == I64_MIN:
        raise NotRepresentable(f"{name} = i64::MIN is numpy's NaT sentinel, not a day")
    try:
        return np.datetime64(n, "D")
    except (OverflowError, ValueError) as e:
        raise NotRepresentable(f"{name} = {n}: numpy.datetime64 refuses it ({e})") from None


def instant(case: dict[str, Any], name: str) -> dt.datetime:
    """Unix seconds as an aware datetime in UTC+08:00, or in UTC for the last hours of year 9999
    (whose local time in UTC+08:00 is year 10000, beyond ``datetime``)."""
    n = integer(case, name)
    try:
        return dt.datetime.fromtimestamp(n, tz=CST)
    except (OverflowError, ValueError, OSError):
        pass
    try:
        return dt.datetime.fromtimestamp(n, tz=dt.timezone.utc)
    except (OverflowError, ValueError, OSError) as e:
        raise NotRepresentable(f"{name} = {n}: datetime.fromtimestamp refuses it ({e})") from None


def seconds(case: dict[str, Any], name: str) -> dt.timedelta:
    n = integer(case, name)
    try:
        return dt.timedelta(seconds=n)
    except (OverflowError, ValueError) as e:
        raise NotRepresentable(f"{name} = {n}: datetime.timedelta refuses it ({e})") from None


def engine_with_limits(limits: str) -> Engine:
    return Engine.from_json('{"schema_version":1,"limits":' + limits + "}")


def route(case: dict[str, Any], tmp_path: Path) -> tuple[Callable[[], object], list[Any]]:
    """The call of a case, and the mutable Python objects it is given (checked unchanged)."""
    entry = case["entry"]
    t = lambda name: text(case, name)  # noqa: E731
    if entry == "calendar_from_json":
        s = t("text")
        return lambda: Calendar.from_json(s), []
    if entry == "calendar_from_toml":
        s = t("text")
        return lambda: Calendar.from_toml(s), []
    if entry in ("calendar_with_overlay_json", "calendar_with_overlay_toml"):
        s = t("text")
        return lambda: CN.with_overlay(s), []
    if entry == "calendar_with_business_hours_json":
        s = t("text")
        return lambda: CN.with_business_hours(s), []
    if entry == "calendar_builtin":
        s = t("name")
        return lambda: Calendar.builtin(s), []
    if entry == "calendar_is_workday":
        d = day(case, "day")
        return lambda: CN.is_workday(d), []
    if entry == "calendar_add_working_days":
        d, n = day(case, "day"), integer(case, "n")
        return lambda: CN.add_working_days(d, n), []
    if entry == "calendar_busday_offset":
        d, n, roll = day(case, "day"), integer(case, "n"), t("roll")
        return lambda: CN.busday_offset(d, n, roll=roll), []  # type: ignore[arg-type]
    if entry == "calendar_busday_count":
        a, b = day(case, "begin"), day(case, "end")
        return lambda: CN.busday_count(a, b), []
    if entry == "calendar_add_working_seconds":
        at, d2 = instant(case, "t"), seconds(case, "secs")
        return lambda: CN.add_working_time(at, d2), []
    if entry in ("guide_from_json", "guide_from_toml"):
        s = t("text")
        return lambda: ENGINE.with_guide(s), []
    if entry in ("rules_from_json", "rules_from_toml"):
        s = t("text")
        return lambda: ENGINE.with_rules(s), []
    if entry == "guide_classify":
        s = t("decision")
        return lambda: ENGINE.classify(s), []
    if entry == "sla_policy_from_json":
        s = t("text")
        return lambda: SlaPolicy.from_json(s), []
    if entry == "engine_new":
        s = t("text")
        return lambda: Engine.from_json(s), []
    if entry == "tickets_from_jsonl":
        # A str `tickets` is the path of a JSON-lines event log.
        log = tmp_path / "events.jsonl"
        log.write_text(t("jsonl"), encoding="utf-8")
        eng = engine_with_limits(t("limits")) if "limits" in case["args"] else ENGINE
        return lambda: eng.assess(str(log), "2026-03"), []
    if entry == "engine_verify_log":
        log = tmp_path / "events.jsonl"
        log.write_text(t("jsonl"), encoding="utf-8")
        eng = engine_with_limits(t("limits")) if "limits" in case["args"] else ENGINE
        return lambda: eng.verify_log(log), []
    if entry == "ticket_replay":
        s = t("events")
        return lambda: ENGINE.state(s, NOW), []
    if entry == "ticket_apply":
        events = json.loads(t("events"))
        events.append(json.loads(t("event")))
        return lambda: ENGINE.state(events, NOW), [events]
    if entry == "ticket_handle":
        events, actor, command = t("events"), t("actor"), t("command")
        now = instant(case, "now")
        eng = Engine.from_json(t("engine")) if "engine" in case["args"] else ENGINE
        return lambda: eng.handle(events, actor, command, now), []
    raise AssertionError(f"{case['id']}: unknown entry {entry}")


def fail_with(case: dict[str, Any], e: BaseException) -> None:
    pytest.fail(
        f"{case['id']} ({case['note']}): expected a JiesuError of kind {case['expect']!r}, got "
        f"{type(e).__module__}.{type(e).__qualname__}: {str(e)[:500]}",
        pytrace=False,
    )


def outcome(case: dict[str, Any], call: Callable[[], object]) -> jiesu.JiesuError:
    """The JiesuError the call raises; anything else fails the case."""
    try:
        call()
    except jiesu.JiesuError as e:
        return e
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as e:  # PanicException is a BaseException
        fail_with(case, e)
    pytest.fail(f"{case['id']} ({case['note']}): accepted, expected kind {case['expect']!r}", pytrace=False)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_bad_input(case: dict[str, Any], tmp_path: Path) -> None:
    assert case["expect"] in CATALOGUE["kinds"], case["expect"]
    if case["entry"] == "assessment_options_from_json":
        pytest.skip("options are keyword arguments in Python (Engine.assess(..., **options)), not JSON text")
    try:
        call, inputs = route(case, tmp_path)
    except NotRepresentable as e:
        pytest.skip(f"not representable in Python: {e}")
    before = copy.deepcopy(inputs)

    e = outcome(case, call)
    assert e.kind == case["expect"], (
        f"{case['id']} ({case['note']}): expected kind {case['expect']!r}, got "
        f"{type(e).__name__} kind={e.kind!r}: {str(e)[:500]}"
    )
    assert str(e).strip(), f"{case['id']}: empty message"
    # What the message must say (a duplicate key and its path), and must never echo (a
    # requester's personal data, R-PRIV-1).
    for want in case.get("message_has", []):
        assert want in str(e), f"{case['id']}: the message does not say {want!r}: {str(e)[:500]}"
    for secret in case.get("message_hides", []):
        assert secret not in str(e), f"{case['id']}: the message echoes {secret!r}: {str(e)[:500]}"
    # The same input fails the same way again.
    again = outcome(case, call)
    assert (type(again), str(again)) == (type(e), str(e)), f"{case['id']}: not deterministic"

    if "verify" in case:
        v = ENGINE.verify(text(case, "events"))
        got = "intact" if v["problem"] is None else v["problem"]["kind"]
        assert v["intact"] == (got == "intact")
        assert got == case["verify"], f"{case['id']}: verify reports {got!r}, expected {case['verify']!r}"

    # Nothing changed: the arguments, the shared engine and calendar.
    assert inputs == before, f"{case['id']}: an argument was modified"
    assert ENGINE == ENGINE_FRESH and hash(ENGINE) == ENGINE_HASH
    assert ENGINE.calendar == CN_FRESH and ENGINE.guide_version == ENGINE_FRESH.guide_version
    assert ENGINE.rules == ENGINE_FRESH.rules
    assert CN == CN_FRESH and hash(CN) == CN_HASH and len(CN.sources) == 1


def test_the_catalogue_is_complete() -> None:
    assert len(CASES) >= 150
    assert len({c["id"] for c in CASES}) == len(CASES)
