"""The guide as DataFrames: Engine.units, Engine.categories, Engine.sla_inputs; the bulletin's
tables as DataFrames (format="frames")."""
from __future__ import annotations

import pandas as pd
import pytest
from ticket_scenarios import many_tickets

import jiesu


@pytest.fixture(scope="module")
def eng():
    return jiesu.Engine.default()


def test_units_with_chinese_names(eng):
    units = eng.units().set_index("id")
    assert units.loc["jiangna", ["name", "kind"]].tolist() == ["江那镇", "township"]
    assert units.loc["traffic_police", "parent"] == "public_security"
    assert units.loc["traffic_police", "parent_name"] == units.loc["public_security", "name"]


def test_categories_with_name_path_sla_and_routing(eng):
    cats = eng.categories().set_index("code")
    lamp = cats.loc["040201"]
    assert lamp["name_path"] == "城市管理/市政设施/路灯"
    assert (lamp["urgency"], lamp["handling_class"], lamp["lead"], lamp["is_leaf"]) == ("normal", "normal", "urban_management", True)
    # Every leaf's SLA input is what classify gives for it.
    for code, row in cats[cats["is_leaf"] & ~cats["by_location"]].head(40).iterrows():
        c = eng.classify({"category": code})
        assert (row["urgency"], row["handling_class"]) == (c["sla"]["urgency"], c["sla"]["handling_class"])
    # The urgent categories are visible at once (what per-category on-time rates need).
    assert (cats["urgency"] == "urgent").any()


def test_sla_inputs_in_batch(eng):
    codes = pd.Series(["040201", "010303", "040201"], index=[10, 11, 12])
    df = eng.sla_inputs(codes)
    assert list(df.index) == [10, 11, 12]
    assert df.loc[11].tolist() == ["normal", "statutory", {"calendar_days": 60}]
    assert df.loc[10, "limit"] is None
    with pytest.raises(jiesu.InvalidInput) as e:
        eng.sla_inputs(["040201", "99"])
    assert e.value.field == "codes[1]"


def test_bulletin_tables_as_frames(eng):
    tickets = many_tickets(eng, 30)
    frames = eng.bulletin(tickets, "2026-03", format="frames")
    d = eng.bulletin(tickets, "2026-03", format="dict")
    for key, value in d.items():
        if isinstance(value, list) and all(isinstance(r, dict) for r in value):
            assert isinstance(frames[key], pd.DataFrame)
            assert frames[key].to_dict("records") == value
    assert isinstance(frames["departments"], pd.DataFrame) and len(frames["departments"]) > 0
    assert frames["totals"].iloc[0].to_dict() == d["totals"]
