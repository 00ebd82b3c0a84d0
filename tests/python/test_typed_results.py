"""The TypedDicts of ``jiesu.types`` (the stubs' result types) against what the engine returns,
at runtime: over full lifecycles that hold every type of event, every result has exactly the
keys its TypedDict declares (required keys present, no undeclared key) with values of the
declared types and Literal values, and every declared key is met at least once — so the
declarations cannot drift from the Rust output. Then mypy --strict on a small typed script,
and on a copy with misspelt fields, which it must refuse."""
from __future__ import annotations

import datetime as dt
import importlib.util
import tomllib
import types
import typing
from pathlib import Path
from typing import Any, Literal, Union

import jiesu
import pandas as pd
import jiesu.types as T
import pytest
from conftest import ROOT
from lifecycles import all_histories
from ticket_scenarios import Script, t

HERE = Path(__file__).resolve().parent


class Checker:
    """Checks values against annotations, recording the TypedDict keys it met."""

    def __init__(self) -> None:
        self.met: dict[type, set[str]] = {}

    def check(self, value: Any, tp: Any, path: str = "result") -> None:
        problems = self.problems(value, tp, path)
        assert not problems, "\n".join(problems)

    def problems(self, value: Any, tp: Any, path: str) -> list[str]:
        if tp is Any:
            return []
        if typing.is_typeddict(tp):
            return self.typed_dict(value, tp, path)
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if origin is Union or isinstance(tp, types.UnionType):
            for member in args:
                if not self.problems(value, member, path):
                    return []
            return [f"{path}: {value!r} is none of {tp}"]
        if origin is Literal:
            return [] if value in args else [f"{path}: {value!r} is not one of {args}"]
        if origin is list:
            if not isinstance(value, list):
                return [f"{path}: {type(value).__name__} is not a list"]
            return [p for i, v in enumerate(value) for p in self.problems(v, args[0], f"{path}[{i}]")]
        if origin is dict:
            if not isinstance(value, dict):
                return [f"{path}: {type(value).__name__} is not a dict"]
            return [p for k, v in value.items() for p in self.problems(k, args[0], f"{path} key") + self.problems(v, args[1], f"{path}[{k!r}]")]
        if tp is type(None):
            return [] if value is None else [f"{path}: {value!r} is not None"]
        if tp is int:
            return [] if isinstance(value, int) and not isinstance(value, bool) else [f"{path}: {value!r} is not an int"]
        if tp is dt.datetime:
            return [] if isinstance(value, dt.datetime) and value.tzinfo is not None else [f"{path}: {value!r} is not an aware datetime"]
        if isinstance(tp, type):
            return [] if isinstance(value, tp) else [f"{path}: {type(value).__name__} {value!r} is not a {tp.__name__}"]
        return [f"{path}: cannot check {tp}"]

    def typed_dict(self, value: Any, tp: Any, path: str) -> list[str]:
        if not isinstance(value, dict):
            return [f"{path}: {type(value).__name__} is not a dict ({tp.__name__})"]
        keys = set(value)
        problems = [f"{path}: {tp.__name__} key {k!r} is missing" for k in sorted(tp.__required_keys__ - keys)]
        problems += [f"{path}: {tp.__name__} has no key {k!r}" for k in sorted(keys - tp.__required_keys__ - tp.__optional_keys__)]
        hints = typing.get_type_hints(tp)
        for k in sorted(keys & set(hints)):
            problems += self.problems(value[k], hints[k], f"{path}[{k!r}]")
        if not problems:
            self.met.setdefault(tp, set()).update(keys)
        return problems


@pytest.fixture(scope="module")
def eng() -> jiesu.Engine:
    # Keyed, so that events and archives carry their tag.
    # The provisional calendar policy, so that a clock can be provisional (R-SLA-7).
    config = {"schema_version": 1, "calendar": {"policy": "provisional"}}
    return jiesu.Engine(config).with_chain_key("2026-a", b"0123456789abcdef-county-secret")


@pytest.fixture(scope="module")
def checker(eng: jiesu.Engine) -> Checker:
    """Every kind of result of the lifecycles, checked; the keys met."""
    c = Checker()
    histories = all_histories(eng)
    for events in histories:
        for n in range(1, len(events) + 1):
            prefix = events[:n]
            c.check(prefix[-1], T.Event, f"events[{n - 1}]")
            if prefix[-1]["type"] == "return_approved":
                continue  # a history may not end there (R-SLA-2): the reassignment is one with it
            last = dt.datetime.fromisoformat(prefix[-1]["at"])
            for later in (dt.timedelta(0), dt.timedelta(days=1), dt.timedelta(days=40)):
                c.check(eng.state(prefix, last + later), T.State, f"state after {prefix[-1]['type']}")
                c.check(eng.evaluate(prefix, last + later), T.Evaluation, f"evaluation after {prefix[-1]['type']}")
        c.check(eng.verify(events), T.Verification)
    archived = next(h for h in histories if h[-1]["type"] == "archived")
    archive = eng.archive(archived)
    c.check(archive, T.Archive)
    c.check(eng.verify_archive(archive), T.Verification)
    forged = [dict(e) for e in archived]
    forged[3]["note"] = "改过"
    c.check(eng.verify(forged), T.Verification)
    c.check(jiesu.verify_archive({**archive, "event_count": archive["event_count"] + 1}), T.Verification)
    log = [e for h in histories if h is not archived for e in h] + forged
    c.check(eng.verify_log(pd.DataFrame(log)), T.LogVerification)
    repeat = [Script(eng, f"R{i}", f"2026-03-0{2 + i} 09:00", requester_key="rk-0001").events for i in range(3)]
    group = eng.evaluate_group(repeat, t("2026-03-05 09:00"))
    c.check(group, T.GroupEvaluation)
    on_r1 = [a for a in group["alerts"] if a["ticket_id"] == "R1"]
    c.check(eng.escalate(repeat[1], on_r1, t("2026-03-05 09:00")), list[T.Event])
    for text, location in [("江那镇路灯坏了一个多月，晚上漆黑一片", None), ("村里突然停水两天了，水管爆裂一直没人修", "baga"),
                           ("我要起诉邻居，法院什么时候开庭", None), ("家里着火了有人被困", {"township": "jiangna"}),
                           ("营业执照办理需要什么材料", None)]:
        s = eng.suggest(text, location=location)
        c.check(s, T.Suggestions)
        for cat in s["categories"][:1]:
            c.check(eng.classify({"category": cat["code"], "appeal_type": "complaint", "location": {"township": "jiangna"}}), T.Classification)
    c.check(eng.classify({"category": "040201", "appeal_type": "help", "handling_class": "statutory",
                          "limit": {"working_days": 15}}), T.Classification)
    c.check(eng.classify({"category": "040201", "appeal_type": "help", "handling_class": "statutory",
                          "limit": {"calendar_days": 30}}), T.Classification)
    c.check(eng.config, T.Config)
    full = {"schema_version": 1, "requester_key_secret": "s", "limits": {"max_events": 1000}, "rules": eng.rules,
            "guide": tomllib.loads((ROOT / "data" / "guide" / "yanshan.toml").read_text(encoding="utf-8"))}
    c.check(jiesu.Engine(full).config, T.Config)
    c.check(eng.deadlines(t("2026-03-02 09:00"), "urgent", "urgent"), dict[T.ClockName, T.Deadline])
    c.check(eng.calendar.coverage_warning(dt.date(2026, 12, 1)), T.CoverageWarning)
    return c


def test_results_have_exactly_the_declared_keys_and_types(checker: Checker) -> None:
    # The fixture checks; here, that it checked the results that matter.
    for tp in (T.Event, T.State, T.Clock, T.Assignment, T.Alert, T.Evaluation, T.Verification, T.Tamper, T.Archive, T.LogVerification,
               T.MajorMatter, T.PendingReturn, T.PendingExtension, T.Escalation, T.Callback, T.Suggestions):
        assert tp in checker.met, tp.__name__


def test_every_declared_key_is_met(checker: Checker) -> None:
    unmet = {tp.__name__: (tp.__required_keys__ | tp.__optional_keys__) - keys for tp, keys in checker.met.items()}
    unmet = {name: keys for name, keys in unmet.items() if keys}
    assert unmet == {}


def test_a_misspelt_key_or_a_wrong_type_is_caught() -> None:
    c = Checker()
    state = jiesu.Engine.default().state([], t("2026-03-02 09:00"))
    c.check(state, T.State)
    assert c.problems({**state, "stauts": None}, T.State, "s") == ["s: State has no key 'stauts'"]
    del state["flags"]
    assert c.problems(state, T.State, "s") == ["s: State key 'flags' is missing"]
    clock = {"clock": "completion", "unit": None, "started_at": t("2026-03-02 09:00"), "due_at": "2026-03-10",
             "warn_at": t("2026-03-09 00:00"), "met_at": None, "paused_at": None, "provisional": False,
             "status": "late", "due_at_unix": 0, "warn_at_unix": 0}
    problems = c.problems(clock, T.Clock, "c")
    assert len(problems) == 2
    assert problems[0] == "c['due_at']: '2026-03-10' is not an aware datetime"
    assert problems[1].startswith("c['status']: 'late' is none of ")


# --- mypy --strict on a client of the types ------------------------------------------------------

SCRIPT = HERE / "typing" / "uses_state.py"
# Misspellings and impossible values, each with the error mypy must give for it.
MISTAKES = [
    ('state["status"]', 'state["stauts"]', 'TypedDict "State" has no key "stauts"'),
    ('["due_at"]', '["due_att"]', 'TypedDict "Clock" has no key "due_att"'),
    ("alert['level']", "alert['levle']", 'TypedDict "Alert" has no key "levle"'),
    ('problem["index"]', 'problem["idx"]', 'TypedDict "Tamper" has no key "idx"'),
    ('== "breached"', '== "overdue"', "Non-overlapping equality check"),
]


@pytest.fixture(scope="module")
def mypy_run(tmp_path_factory: pytest.TempPathFactory) -> Any:
    api = pytest.importorskip("mypy.api")
    cache = tmp_path_factory.mktemp("mypy_cache")

    def run(path: Path) -> tuple[str, int]:
        out, err, status = api.run(["--strict", "--no-error-summary", "--cache-dir", str(cache), str(path)])
        return out + err, status

    return run


def test_the_typed_script_passes_mypy_strict_and_runs(mypy_run: Any) -> None:
    out, status = mypy_run(SCRIPT)
    assert (status, out) == (0, "")
    spec = importlib.util.spec_from_file_location("uses_state", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    status_, late, alerts, intact_at, forged_at = module.run()
    assert (status_, intact_at, forged_at) == ("dispatched", None, 0)
    assert "completion:-" in late and any(a.startswith("completion.") for a in alerts)


def test_mypy_strict_refuses_misspelt_fields(mypy_run: Any, tmp_path: Path) -> None:
    text = SCRIPT.read_text(encoding="utf-8")
    for right, wrong, _ in MISTAKES:
        assert right in text, right
        text = text.replace(right, wrong)
    copy = tmp_path / "misspelt.py"
    copy.write_text(text, encoding="utf-8")
    out, status = mypy_run(copy)
    assert status == 1
    errors = [line for line in out.splitlines() if ": error: " in line]
    for right, wrong, message in MISTAKES:
        line = next(n for n, s in enumerate(text.splitlines(), 1) if wrong in s)
        assert any(e.startswith(f"{copy}:{line}: error: {message}") for e in errors), (message, out)
    assert len(errors) == len(MISTAKES), out
