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


@pytest.mark.parametrize("module", [jiesu, jiesu.errors, jiesu.compat.chinese_calendar], ids=lambda m: m.__name__)
def test_docstring_examples(module):
    # Method docstrings continue the class docstring's example, so they share its names.
    names = {"dt": dt, "np": np, "jiesu": jiesu, "cal": jiesu.Calendar.builtin("CN"),
             "policy": jiesu.SlaPolicy.default(), "eng": jiesu.Engine.default()}
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
