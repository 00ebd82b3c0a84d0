"""Assessment as pandas DataFrames (Engine.assess) and bulletins (Engine.bulletin), from event
lists or a JSON-lines event log, against hand-computed figures."""
from __future__ import annotations

import datetime as dt
import json
import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal
from ticket_scenarios import LEAD, STREET_LIGHTS, Script, many_tickets, march_fixture, t

import jiesu

COLUMNS = ["key", "name", "dispatched", "acknowledged_on_time"]
for _rate in ("response_rate", "on_time_completion_rate", "resolution_rate", "satisfaction_rate", "return_rate",
              "extension_rate", "rework_rate"):
    COLUMNS += [_rate, f"{_rate}_num", f"{_rate}_den"]
COLUMNS += ["overdue_count", "supervised_count", "repeat_count", "unreasonable_count", "score", "rank"]


@pytest.fixture(scope="module")
def eng():
    return jiesu.Engine.default()


@pytest.fixture(scope="module")
def march(eng):
    return march_fixture(eng)


def write_log(path: Path, tickets) -> Path:
    """A JSON-lines event log as a platform writes it: every ticket's events, interleaved in time."""
    events = sorted((e for events in tickets for e in events), key=lambda e: (dt.datetime.fromisoformat(e["at"]), e["ticket_id"]))
    path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in events), encoding="utf-8")
    return path


def test_hand_computed_rates_and_score(eng, march):
    df = eng.assess(march, "2026-03")
    assert list(df.columns) == COLUMNS
    assert len(df) == 1
    row = df.iloc[0]
    assert (row["key"], row["name"]) == (LEAD, "砚山县城市管理局（县综合行政执法局）")
    assert (row["dispatched"], row["acknowledged_on_time"]) == (4, 3)
    # Response: T1, T3, T4 within 24 h; T2 late.
    assert (row["response_rate_num"], row["response_rate_den"], row["response_rate"]) == (3.0, 4, 0.75)
    # Completion: T2 reported after its deadline.
    assert (row["on_time_completion_rate_num"], row["on_time_completion_rate_den"]) == (3.0, 4)
    assert row["overdue_count"] == 1
    # Resolution and satisfaction over the valid callbacks T1 (satisfied) and T2 (basically):
    # T3 was unreachable, T4 judged unreasonable (excluded and counted).
    assert (row["resolution_rate_num"], row["resolution_rate_den"], row["resolution_rate"]) == (2.0, 2, 1.0)
    assert row["satisfaction_rate_den"] == 2
    assert row["satisfaction_rate"] == pytest.approx((1 + 0.9) / 2) == 0.95
    assert row["satisfaction_rate_num"] == pytest.approx(1.9)
    assert row["unreasonable_count"] == 1
    assert (row["return_rate"], row["extension_rate"], row["rework_rate"]) == (0.0, 0.0, 0.0)
    assert (row["supervised_count"], row["repeat_count"]) == (0, 0)
    assert row["score"] == pytest.approx(100 * (0.1 * 0.75 + 0.5 * 1.0 + 0.4 * 0.95)) == pytest.approx(95.5)
    assert row["rank"] == 1
    assert str(df["rank"].dtype) == "Int64" and df["dispatched"].dtype == "int64" and df["score"].dtype == "float64"
    assert df.attrs["period"] == (t("2026-03-01 00:00"), t("2026-04-01 00:00"))
    assert df.attrs["by"] == "unit" and df.attrs["options"]["basically_satisfied_weight"] == 0.9


def test_two_units_are_ranked(eng, march):
    # A ticket led by another unit (a lead chosen by the operator), on time and satisfied.
    other = Script(eng, "T9", "2026-03-10 09:00", decision={"lead": "jiangna"}).handle("2026-03-10 09:10", "2026-03-10 09:20")
    other.report("2026-03-11 10:00").callback("satisfied", True, "2026-03-12 10:00").close("2026-03-12 11:00")
    df = eng.assess([*march, other.events], "2026-03")
    assert list(df["key"]) == ["jiangna", LEAD]
    assert list(df["name"]) == ["江那镇", "砚山县城市管理局（县综合行政执法局）"]
    assert list(df["score"]) == pytest.approx([100.0, 95.5])
    assert list(df["rank"]) == [1, 2]
    by_town = eng.assess([*march, other.events], "2026-03", by="township")
    assert list(by_town["key"]) == ["jiangna"] and by_town["dispatched"].iloc[0] == 5
    by_cat = eng.assess([*march, other.events], "2026-03", by="category")
    assert list(by_cat["key"]) == [STREET_LIGHTS] and by_cat["name"].iloc[0] == "路灯"
    assert list(eng.assess(march, "2026-03", by="domain")["key"]) == ["social_management"]


def test_options_are_the_core_options(eng, march):
    df = eng.assess(march, "2026-03", basically_satisfied_weight=0.5)
    assert df["satisfaction_rate"].iloc[0] == pytest.approx(0.75)
    df = eng.assess(march, "2026-03", weights={"response": 1.0, "resolution": 0.0, "satisfaction": 0.0})
    assert df["score"].iloc[0] == pytest.approx(75.0)
    # Assessed on 03-09 24:00 (now): T2's deadline has passed unmet, its report came later.
    early = eng.assess(march, "2026-03", now=t("2026-03-10 00:00"))
    assert early["overdue_count"].iloc[0] == 1 and early.attrs["options"]["now"] == t("2026-03-10 00:00")
    assert eng.assess(march, "2026-03", roles="lead_only")["dispatched"].iloc[0] == 4
    with pytest.raises(jiesu.ParseError, match="unknown field `colour`"):
        eng.assess(march, "2026-03", colour="red")
    with pytest.raises(jiesu.ValidationError) as e:
        eng.assess(march, "2026-03", basically_satisfied_weight=1.5)
    assert e.value.problems == [("basically_satisfied_weight", "1.5 is not in [0, 1]")]
    with pytest.raises(jiesu.InvalidInput, match="unknown grouping") as e:
        eng.assess(march, "2026-03", by="street")
    assert e.value.field == "by"
    with pytest.raises(TypeError, match="argument of its own"):
        eng.assess(march, "2026-03", group_by="unit")
    with pytest.raises(jiesu.InvalidInput, match="naive datetime"):
        eng.assess(march, "2026-03", now=dt.datetime(2026, 3, 10))


def test_periods(eng, march):
    month = eng.assess(march, "2026-03")
    assert_frame_equal(eng.assess(march, (dt.date(2026, 3, 1), dt.date(2026, 4, 1))), month)
    assert_frame_equal(eng.assess(march, [t("2026-03-01 00:00"), t("2026-04-01 00:00")]), month)
    assert_frame_equal(eng.assess(march, (dt.date(2026, 3, 1), t("2026-04-01 00:00"))), month)
    # The ISO week of 03-02..03-08: every ticket dispatched then, T2's and T1's deadlines later.
    week = eng.assess(march, "2026-W10")
    assert week.attrs["period"] == (t("2026-03-02 00:00"), t("2026-03-09 00:00"))
    assert week["dispatched"].iloc[0] == 4
    empty = eng.assess(march, "2026-04")
    assert list(empty.columns) == COLUMNS and len(empty) == 0
    for bad in ("March", "2026-13", "2026-3"):
        with pytest.raises(jiesu.InvalidInput) as e:
            eng.assess(march, bad)
        assert e.value.field in ("period", "month")
    with pytest.raises(jiesu.InvalidInput, match="not after its start"):
        eng.assess(march, (dt.date(2026, 4, 1), dt.date(2026, 3, 1)))
    with pytest.raises(jiesu.InvalidInput, match="naive"):
        eng.assess(march, (dt.datetime(2026, 3, 1), dt.datetime(2026, 4, 1)))
    with pytest.raises(TypeError, match="period"):
        eng.assess(march, dt.date(2026, 3, 1))
    with pytest.raises(TypeError, match="pair"):
        eng.assess(march, (dt.date(2026, 3, 1),))


def test_assess_from_a_json_lines_log_equals_assess_from_lists(eng, march, tmp_path):
    log = write_log(tmp_path / "events.jsonl", march)
    from_lists = eng.assess(march, "2026-03")
    assert_frame_equal(eng.assess(log, "2026-03"), from_lists)          # pathlib.Path
    assert_frame_equal(eng.assess(str(log), "2026-03"), from_lists)     # str
    assert_frame_equal(eng.assess(log, "2026-03", by="township"), eng.assess(march, "2026-03", by="township"))
    # Any iterable of event lists (a generator, JSON texts) works too.
    assert_frame_equal(eng.assess((events for events in march), "2026-03"), from_lists)
    assert_frame_equal(eng.assess([json.dumps(events) for events in march], "2026-03"), from_lists)
    assert eng.bulletin(log, "2026-03") == eng.bulletin(march, "2026-03")


def test_bad_tickets_are_named(eng, march, tmp_path):
    with pytest.raises(FileNotFoundError, match="missing.jsonl"):
        eng.assess(tmp_path / "missing.jsonl", "2026-03")
    log = write_log(tmp_path / "events.jsonl", march)
    lines = log.read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5][:-1]   # without its closing brace
    (tmp_path / "broken.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(jiesu.ParseError, match="event log line 6") as e:
        eng.assess(tmp_path / "broken.jsonl", "2026-03")
    assert e.value.field == "line 6"
    # A tampered event in the lists: the ticket and event are named.
    forged = [list(events) for events in march]
    forged[2][3] = {**forged[2][3], "at": "2026-03-04T09:11:00+08:00"}
    with pytest.raises(jiesu.InvalidInput, match="does not match its hash") as e:
        eng.assess(forged, "2026-03")
    assert (e.value.field, e.value.rule) == ("tickets[2].events[3]", "R-FLOW-5")
    assert str(e.value).startswith("tickets[2]: ")
    with pytest.raises(TypeError, match="a single event"):
        eng.assess(march[0], "2026-03")
    with pytest.raises(TypeError, match="iterable of event lists"):
        eng.assess(42, "2026-03")


def test_a_long_log_reports_its_first_failing_line(eng, tmp_path):
    """The error is the one a line-by-line reading meets first, wherever the log is broken."""
    tickets = many_tickets(eng, 400)
    log = write_log(tmp_path / "events.jsonl", tickets)
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) > 2000
    assert_frame_equal(eng.assess(log, "2026-03"), eng.assess(tickets, "2026-03"))
    assert eng.evaluate_group(log, t("2026-03-31 00:00")) == eng.evaluate_group(tickets, t("2026-03-31 00:00"))

    def broken(n):       # line n (1-based) is not JSON
        return lines[n - 1][:-1]

    def tampered(n):     # line n is an event whose hash no longer matches (not a first event)
        e = json.loads(lines[n - 1])
        assert e["seq"] > 1
        return json.dumps({**e, "actor": {**e["actor"], "user": "x"}}, ensure_ascii=False)

    late = max(i for i, line in enumerate(lines, 1) if json.loads(line)["seq"] > 1)
    early = min(i for i, line in enumerate(lines, 1) if json.loads(line)["seq"] > 1 and i > 100)
    for first, second, kind, n in [(tampered, broken, jiesu.InvalidInput, early), (broken, tampered, jiesu.ParseError, early)]:
        edited = list(lines)
        edited[early - 1], edited[late - 1] = first(early), second(late)
        path = tmp_path / f"edited-{kind.__name__}.jsonl"
        path.write_text("\n".join(edited) + "\n", encoding="utf-8")
        with pytest.raises(kind, match=f"^event log line {n}: ") as e:
            eng.assess(path, "2026-03")
        assert e.value.field == f"line {n}"


def test_bulletin(eng, march):
    md = eng.bulletin(march, "2026-03")
    assert md.startswith("# 砚山县接诉即办工作月通报（2026年3月）")
    assert "95.50" in md and "张三丰" not in md and "13812345678" not in md
    data = eng.bulletin(march, "2026-03", format="dict")
    assert data["kind"] == "monthly" and data["period"] == {"from": t("2026-03-01 00:00"), "to": t("2026-04-01 00:00")}
    assert data["totals"]["received"] == 4 and data["totals"]["overdue"] == 1
    assert data["departments"][0]["key"] == LEAD and data["departments"][0]["satisfaction_rate"]["value"] == pytest.approx(0.95)
    assert data["departments"][0]["rank"] is None  # 4 tickets: below the minimum volume (5)
    assert eng.bulletin(march, "2026-03", min_ranked_volume=4, format="dict")["departments"][0]["rank"] == 1
    assert data["overdue"][0]["id"] == "T2" and "requester" not in data["overdue"][0] and "138****0002" not in md
    assert data["headline"]["current"]["received"] == 4 and data["period_text"] == "2026年3月1日至3月31日"
    assert isinstance(data["overdue"][0]["due_at"], dt.datetime)
    assert json.loads(eng.bulletin(march, "2026-03", format="json"))["totals"] == data["totals"]
    # A date gives its month, or its ISO week for a weekly bulletin.
    assert eng.bulletin(march, dt.date(2026, 3, 15)) == md
    weekly = eng.bulletin(march, dt.date(2026, 3, 4), kind="weekly", format="dict")
    assert weekly["title"] == "砚山县接诉即办工作周通报（2026年3月2日至3月8日）"
    assert eng.bulletin(march, "2026-03", basically_satisfied_weight=0.5, format="dict")["departments"][0]["satisfaction_rate"]["value"] == 0.75
    html = eng.bulletin(march, "2026-03", format="html")
    assert html.startswith("<!DOCTYPE html>") and "<svg " in html and "http" not in html and "13812345678" not in html
    with pytest.raises(jiesu.InvalidInput, match="unknown bulletin kind"):
        eng.bulletin(march, "2026-03", kind="daily")
    with pytest.raises(jiesu.InvalidInput, match="unknown format"):
        eng.bulletin(march, "2026-03", format="pdf")


def test_scores_without_callbacks_renormalize(eng):
    # Only a response rate exists: the score is 100 × the response rate.
    s = Script(eng, "N1", "2026-03-02 09:00").handle("2026-03-02 09:10", "2026-03-02 09:20")
    row = eng.assess([s.events], "2026-03").iloc[0]
    assert math.isnan(row["resolution_rate"]) and row["resolution_rate_den"] == 0
    assert row["score"] == pytest.approx(100.0)
    never = Script(eng, "N2", "2026-03-02 09:00", decision={"lead": "jiangna"})
    df = eng.assess([s.events, never.events], "2026-03", now=t("2026-03-02 10:00"))
    assert list(df["key"]) == [LEAD, "jiangna"]
    assert df["score"].iloc[1] == 0.0 and df["rank"].iloc[1] == 2


def test_pandas_is_imported_only_by_assess():
    code = (
        "import sys, datetime as dt, jiesu\n"
        "eng = jiesu.Engine.default()\n"
        "now = dt.datetime(2026, 3, 2, 9, tzinfo=jiesu.CST)\n"
        "ev = eng.handle([], {'role': 'command_center'}, {'type': 'register', 'id': 'A', 'appeal_type': 'help', 'content': 'x'}, now)\n"
        "eng.state(ev, now); eng.evaluate(ev, now); eng.bulletin([ev], '2026-03')\n"
        "assert 'pandas' not in sys.modules, 'imported early'\n"
        "eng.assess([ev], '2026-03')\n"
        "assert 'pandas' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_frame_is_a_plain_dataframe(eng, march):
    df = eng.assess(march, "2026-03")
    assert isinstance(df, pd.DataFrame) and isinstance(df.index, pd.RangeIndex)
    assert df.to_dict("records")[0]["key"] == LEAD
    # The usual operations run without warnings (pytest -W error).
    indexed = df.set_index("key")
    assert indexed.loc[LEAD, "rank"] == 1
    assert "urban_management" in df.to_csv(index=False)
    assert df.sort_values("score", ascending=False)["key"].tolist() == [LEAD]
