"""Engine.assess_records: the rates of Engine.assess from a flat export (one row per ticket and
unit) — the same table as assess over the histories the records come from (Engine.records)."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from lifecycles import all_histories
from pandas.testing import assert_frame_equal
from ticket_scenarios import many_tickets

import jiesu


@pytest.fixture(scope="module")
def eng():
    # The provisional policy: one of the lifecycles is dispatched at the end of 2026 (R-SLA-7).
    return jiesu.Engine({"calendar": {"policy": "provisional"}})


@pytest.fixture(scope="module")
def month(eng):
    """A month of tickets in assorted states, and the varied lifecycles (returns, multi-unit
    tickets, major matters, urgent ones)."""
    return many_tickets(eng, 150) + all_histories(eng)


@pytest.mark.parametrize("by", ["unit", "township", "category", "domain"])
@pytest.mark.parametrize("roles", ["lead_only", "all"])
def test_records_give_the_table_of_the_histories(eng, month, by, roles):
    records = eng.records(month)
    assert list(records.columns) == list(jiesu.RECORD_COLUMNS)
    expected = eng.assess(month, "2026-03", by=by, roles=roles)
    got = eng.assess_records(records, "2026-03", by=by, roles=roles)
    assert len(expected) > 0
    assert_frame_equal(got, expected)


def test_a_csv_export_round_trips(eng, month, tmp_path):
    """What an analyst does: write the export, read it back with the instant columns parsed."""
    path = tmp_path / "export.csv"
    eng.records(month).to_csv(path, index=False)
    instants = [c for c in jiesu.RECORD_COLUMNS if c.endswith("_at")]
    df = pd.read_csv(path, dtype={"ticket_id": str, "category": str})  # codes keep their leading 0
    for c in instants:
        df[c] = pd.to_datetime(df[c], format="ISO8601", utc=True)
    df["limit"] = None  # the default guide's statutory limits come from the category
    expected = eng.assess(month, "2026-03")
    assert_frame_equal(eng.assess_records(df, "2026-03"), expected)


def test_deadlines_left_out_are_computed_and_extra_columns_ignored(eng):
    t = dt.datetime(2026, 3, 2, 9, 0, tzinfo=jiesu.CST)
    rows = pd.DataFrame({
        "ticket_id": ["A", "B"], "category": ["040201", "040201"], "unit": ["urban_management"] * 2, "role": ["lead"] * 2,
        "dispatched_at": [t, t], "acknowledged_at": [t + dt.timedelta(hours=1), t + dt.timedelta(hours=30)],
        "contacted_at": [t + dt.timedelta(hours=2), pd.NaT], "completed_at": [t + dt.timedelta(days=2), pd.NaT],
        "callback": ["satisfied", None], "solved": [True, False], "诉求内容": ["路灯", "路灯"],
    })
    row = eng.assess_records(rows, "2026-03").iloc[0]
    assert (row["response_rate_num"], row["response_rate_den"]) == (1.0, 2)
    # B is open past its deadline (03-10 24:00) at the end of March.
    assert (row["on_time_completion_rate_num"], row["on_time_completion_rate_den"], row["overdue_count"]) == (1.0, 2, 1)


def test_bad_records_name_their_row_and_column(eng):
    t = dt.datetime(2026, 3, 2, 9, 0, tzinfo=jiesu.CST)
    rows = pd.DataFrame({"ticket_id": ["A", "A"], "category": ["040201"] * 2, "unit": ["urban_management", "water"],
                         "role": ["lead", "cooperating"], "dispatched_at": [t, t], "township": ["jiangna", "ashe"]})
    with pytest.raises(jiesu.InvalidInput) as e:
        eng.assess_records(rows, "2026-03")
    assert e.value.field == "records[1].township"
    naive = rows.assign(dispatched_at=pd.to_datetime(["2026-03-02 09:00"] * 2), township="jiangna")
    with pytest.raises(TypeError, match="tz_localize"):
        eng.assess_records(naive, "2026-03")
    with pytest.raises(jiesu.ParseError) as e:
        eng.assess_records(rows.assign(role=["lead", "helper"], township="jiangna"), "2026-03")
    assert e.value.field == "records[1].role"
    with pytest.raises(jiesu.InvalidInput) as e:
        eng.assess_records(rows.assign(ticket_id=["A", None], township="jiangna"), "2026-03")
    assert e.value.field == "records[1].ticket_id"
    with pytest.raises(jiesu.InvalidInput, match="dispatched_at"):
        eng.assess_records(rows.drop(columns="dispatched_at"), "2026-03")


def test_default_roles_are_lead_only(eng, month):
    lead = eng.assess(month, "2026-03")
    every = eng.assess(month, "2026-03", roles="all")
    assert every["dispatched"].sum() > lead["dispatched"].sum()
    assert lead.attrs["options"]["roles"] == "lead_only"
