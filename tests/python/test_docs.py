"""The examples in the docstrings run (doctest), and every public API has a docstring."""
from __future__ import annotations

import datetime as dt
import doctest
import inspect

import numpy as np
import pytest

import jiesu
import jiesu.compat.chinese_calendar
import jiesu.errors


@pytest.mark.parametrize("module", [jiesu, jiesu._jiesu, jiesu.errors, jiesu.compat.chinese_calendar], ids=lambda m: m.__name__)
def test_docstring_examples(module):
    # Method docstrings continue the class docstring's example, so they share its names.
    eng = jiesu.Engine.default()
    t = dt.datetime(2026, 3, 2, 9, 0, tzinfo=jiesu.CST)
    cc = {"role": "command_center"}
    events = eng.handle([], cc, {"type": "register", "id": "YS-1", "appeal_type": "complaint", "content": "路灯坏了",
                                 "requester": {"name": "张三", "phone": "13812345678"}}, t)
    events += eng.handle(events, cc, {"type": "dispatch", "decision": {"category": "040201"}}, t)
    # `events` is a tuple so that no example can change what the next one sees.
    names = {"dt": dt, "np": np, "jiesu": jiesu, "cal": jiesu.Calendar.builtin("CN"),
             "policy": jiesu.SlaPolicy.default(), "eng": eng, "t": t, "events": tuple(events)}
    result = doctest.testmod(module, extraglobs=names, optionflags=doctest.ELLIPSIS, report=True)
    assert result.failed == 0
    assert result.attempted > 0


def test_every_public_api_is_documented():
    missing = []
    for cls in (jiesu.Calendar, jiesu.SlaPolicy, jiesu.Engine):
        if not (cls.__doc__ or "").strip():
            missing.append(cls.__name__)
        for name, member in vars(cls).items():
            if not name.startswith("_") and not (inspect.getdoc(member) or "").strip():
                missing.append(f"{cls.__name__}.{name}")
    for f in (jiesu.verify_archive, jiesu.compute_hash, jiesu.parse_notice):
        if not (f.__doc__ or "").strip():
            missing.append(f.__name__)
    for name in jiesu.compat.chinese_calendar.__all__:
        obj = getattr(jiesu.compat.chinese_calendar, name)
        if callable(obj) and not (obj.__doc__ or "").strip():
            missing.append(name)
    assert not missing, missing


def python_blocks(text: str) -> list[str]:
    blocks, inside, current = [], False, []
    for line in text.splitlines():
        if line.strip() == "```python":
            inside, current = True, []
        elif line.strip() == "```" and inside:
            inside = False
            blocks.append("\n".join(current))
        elif inside:
            current.append(line)
    return blocks


def test_readme_tour_runs():
    from conftest import ROOT

    blocks = python_blocks((ROOT / "bindings/python/README-python.md").read_text(encoding="utf-8"))
    names: dict = {}
    exec(blocks[0], names)  # the tour
    assert names["cal"].add_working_days(dt.date(2026, 9, 30), 5) == dt.date(2026, 10, 13)
    sla = blocks[2]
    exec(sla, names)  # the SLA deadlines
    assert names["d"]["completion"]["due_at"].isoformat() == "2026-10-14T00:00:00+08:00"
    exec(blocks[3], names)  # the engine
    assert names["c"]["guide_id"] == "yanshan"
    exec(blocks[4], names)  # tickets: lifecycle, state, escalation, assessment
    assert names["state"]["status"] == "in_progress"
    assert [a["rule"] for a in names["ev"]["alerts"]] == ["completion.warning"]
    assert names["ev"]["next_check_at"].isoformat() == "2026-03-10T00:00:00+08:00"
    assert names["eng"].verify(names["events"])["intact"]
    assert list(names["df"]["key"]) == ["urban_management"] and names["df"]["rank"].iloc[0] == 1
    assert names["report"].startswith("# 砚山县接诉即办工作月通报（2026年3月）")
