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


# A made-up 2027 notice (the real one is not out yet), as in the core's `Calendar::with_notice`
# example: the README's coverage block reads it from notice-2027.txt.
NOTICE_2027 = ("国务院办公厅关于2027年部分节假日安排的通知\n"
               "一、元旦：1月1日（周五）至3日（周日）放假，共3天。\n"
               "二、春节：2月5日（农历除夕、周五）至13日（农历正月初八、周六）放假调休，共9天。2月14日（周日）上班。\n")

# The blocks of README-python.md: the tour's five run here, in order, with the names each
# leaves to the next; the "At scale" ones (Dask, PySpark) in test_readme_at_scale.py.
TOUR_BLOCKS = 5
AT_SCALE_BLOCKS = 2


def test_readme_tour_runs(tmp_path, monkeypatch, capsys):
    from conftest import ROOT

    blocks = python_blocks((ROOT / "bindings/python/README-python.md").read_text(encoding="utf-8"))
    assert len(blocks) == TOUR_BLOCKS + AT_SCALE_BLOCKS, "a new README-python.md block: run it here or in test_readme_at_scale.py"
    names: dict = {}
    exec(blocks[0], names)  # the tour
    assert names["cal"].add_working_days(dt.date(2026, 9, 30), 5) == dt.date(2026, 10, 13)
    # Coverage: the block reads the pasted notice and the reviewed TOML from the working directory.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notice-2027.txt").write_text(NOTICE_2027, encoding="utf-8")
    (tmp_path / "cn-2027.toml").write_text(jiesu.parse_notice(NOTICE_2027), encoding="utf-8")
    exec(blocks[1], names)
    assert names["cal27"].coverage_ends == dt.date(2027, 12, 31)
    assert names["cal27"].day_kind(dt.date(2027, 2, 14)) == "makeup_workday"
    assert names["local"].day_kind(dt.date(2026, 3, 10)) == "holiday"
    assert "2027-02-05..2027-02-13" in capsys.readouterr().out  # the printed TOML, for review
    sla = blocks[2]
    exec(sla, names)  # the SLA deadlines
    assert names["d"]["completion"]["due_at"].isoformat() == "2026-10-14T00:00:00+08:00"
    exec(blocks[3], names)  # the engine
    assert names["c"]["guide_id"] == "yanshan"
    assert names["county"].rules["id"] == "county-2026"
    exec(blocks[4], names)  # tickets: lifecycle, state, escalation, assessment
    assert names["state"]["status"] == "in_progress"
    assert [a["rule"] for a in names["ev"]["alerts"]] == ["completion.warning"]
    assert names["ev"]["next_check_at"].isoformat() == "2026-03-10T00:00:00+08:00"
    assert names["eng"].verify(names["events"])["intact"]
    assert list(names["df"]["key"]) == ["urban_management"] and names["df"]["rank"].iloc[0] == 1
    assert names["report"].startswith("# 砚山县接诉即办工作月通报（2026年3月）")


def test_root_readme_python_tour_runs():
    from conftest import ROOT

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    tour = text[text.index("\n## A tour of the Python API\n"):]
    tour = tour[:tour.index("\n## ", 1)]
    blocks = python_blocks(tour)
    assert len(blocks) == 1
    names: dict = {}
    exec(blocks[0], names)
    assert names["cal"].add_working_days(dt.date(2026, 9, 30), 5) == dt.date(2026, 10, 13)
    assert list(names["cal"].busday_offset(names["days"], 5)) == [np.datetime64("2026-10-13"), np.datetime64("2026-02-27")]
    assert names["eng"].suggest("江那镇路灯坏了一个多月", location="jiangna")["categories"][0]["code"] == "040201"
    assert names["chinese_calendar"].is_workday(dt.date(2026, 2, 14))
