"""The State Council notice in Python: ``jiesu.parse_notice`` and ``Calendar.with_notice`` are
translations of the core's ``jiesu::calendar::Notice`` (the checks themselves are tested in
``tests/calendar_notice.rs``); here, that every fixture gives cn.toml's data through Python, that
a pasted new year is covered, and that refusals arrive as the documented exceptions."""
from __future__ import annotations

import datetime as dt
import pickle
import tomllib
from pathlib import Path

import pytest

import jiesu

ROOT = Path(__file__).resolve().parents[2]
NOTICES = ROOT / "tests" / "data" / "notices"
SUPPLEMENTS = {2015: ["2015-supplement.txt"], 2019: ["2019-labour-day.txt"], 2020: ["2020-extension.txt"]}
CN = tomllib.loads((ROOT / "data" / "calendar" / "cn.toml").read_text(encoding="utf-8"))


def fixture(name: str) -> str:
    text = (NOTICES / name).read_text(encoding="utf-8")
    return "\n".join(line for line in text.splitlines() if not line.startswith("#"))


def notice_text(year: int) -> str:
    return "\n".join([fixture(f"{year}.txt")] + [fixture(s) for s in SUPPLEMENTS.get(year, [])])


def key(entries: list[dict]) -> list[tuple]:
    return [(e["year"], e["festival"], e["holidays"], e["workdays"]) for e in entries]


@pytest.mark.parametrize("year", range(2007, 2027))
def test_every_fixture_gives_the_shipped_data(year: int) -> None:
    data = jiesu.parse_notice(notice_text(year), format="dict")
    assert key(data["festivals"]) == key([f for f in CN["festivals"] if f["year"] == year])
    assert data["base"] == "CN" and data["scope"] == "national"
    # The TOML and JSON renderings are the same data.
    toml_text = jiesu.parse_notice(notice_text(year), year)
    assert isinstance(toml_text, str)
    assert tomllib.loads(toml_text) == data
    assert jiesu.Calendar.from_toml(CN_TOML_UPTO(year - 1)).with_overlay(toml_text).coverage[1] == year


def CN_TOML_UPTO(last: int) -> str:  # noqa: N802 - a constant-like helper
    """cn.toml restricted to the years up to `last`."""
    src = (ROOT / "data" / "calendar" / "cn.toml").read_text(encoding="utf-8")
    head, *entries = src.split("\n[[festivals]]\n")
    head = head.replace("coverage = { from = 2004, to = 2026 }", f"coverage = {{ from = 2004, to = {last} }}")
    kept = [e for e in entries if int(e.split("\n", 1)[0].removeprefix("year = ")) <= last]
    return "\n[[festivals]]\n".join([head, *kept])


def test_a_pasted_new_year_is_covered() -> None:
    base = jiesu.Calendar.from_toml(CN_TOML_UPTO(2025))
    with pytest.raises(jiesu.CoverageError):
        base.is_workday(dt.date(2026, 2, 14))
    cal = base.with_notice(notice_text(2026))
    assert cal.coverage == (2004, 2026)
    assert cal.day_kind(dt.date(2026, 2, 14)) == "makeup_workday"
    assert cal.add_working_days(dt.date(2026, 9, 30), 5) == dt.date(2026, 10, 13)
    cn = jiesu.Calendar.builtin("CN")
    days = [dt.date(2026, 1, 1) + dt.timedelta(days=i) for i in range(365)]
    assert [cal.day_kind(d) for d in days] == [cn.day_kind(d) for d in days]
    # The calendar pickles with its notice.
    assert pickle.loads(pickle.dumps(cal)) == cal


def test_json_and_year() -> None:
    text = notice_text(2025)
    js = jiesu.parse_notice(text, 2025, "json")
    assert isinstance(js, str) and '"national_day"' in js
    assert jiesu.Calendar.from_toml(CN_TOML_UPTO(2024)).with_overlay(js).coverage == (2004, 2025)
    with pytest.raises(jiesu.InvalidInput, match="is for 2025"):
        jiesu.parse_notice(text, 2024)
    with pytest.raises(jiesu.InvalidInput, match="format"):
        jiesu.parse_notice(text, format="yaml")  # type: ignore[call-overload]


def test_refusals_quote_the_sentence() -> None:
    text = fixture("2019.txt").replace("10月12日（星期六）", "10月9日（星期三）")
    with pytest.raises(jiesu.ValidationError) as e:
        jiesu.parse_notice(text)
    assert "«9月29日（星期日）、10月9日（星期三）上班»" in str(e.value)
    assert e.value.problems[0][0] == "items[6]"
    wrong = fixture("2019.txt").replace("共7天。2月2日", "共6天。2月2日")
    with pytest.raises(jiesu.ValidationError, match="«2月4日至10日放假调休，共6天»"):
        jiesu.Calendar.builtin("CN").with_notice(wrong)
    with pytest.raises(jiesu.ParseError, match="no festival arrangement"):
        jiesu.parse_notice("hello", 2027)
    with pytest.raises(jiesu.ParseError) as p:
        jiesu.parse_notice("一、元旦：1月1日放假。")
    assert p.value.field == "year"
    with pytest.raises(jiesu.LimitExceeded):
        jiesu.parse_notice(" " * 70_000, 2027)
    # CN already covers 2026: the notice's days conflict with it.
    with pytest.raises(jiesu.ValidationError, match="conflicts"):
        jiesu.Calendar.builtin("CN").with_notice(notice_text(2026))
