"""One history format everywhere (issue 15 item 4): every call that takes a history accepts a
list of event dicts, the JSON text of an array, JSON lines, a pandas DataFrame of events as
``pd.read_json(..., lines=True)`` reads them, and its records (``df.to_dict("records")``), with
the same result. The binding only translates pandas' encodings back (a missing value — NaN,
None, ``pd.NA``, ``NaT`` — is an absent key; an integral float is an integer; a ``Timestamp`` is
the RFC 3339 text of its instant; a numpy bool is a bool); every rule and message stays the
core's."""
from __future__ import annotations

import io
import json
from typing import Any

import jiesu
import numpy as np
import pytest
from lifecycles import everything
from ticket_scenarios import CC, NAME, PHONE, Script, t

pd = pytest.importorskip("pandas")

NOW = t("2026-03-20 09:00")
MONTH = "2026-03"


@pytest.fixture(scope="module")
def eng() -> jiesu.Engine:
    return jiesu.Engine.default()


@pytest.fixture(scope="module")
def events(eng: jiesu.Engine) -> list[dict[str, Any]]:
    """A history with an extension request (``requested_due_at``: a column pandas reads as
    dates) and a report, without a callback (see test_booleans_with_gaps_need_dtype_false)."""
    s = Script(eng, "YS-F1", "2026-03-02 09:00").handle("2026-03-02 09:30", "2026-03-02 10:00")
    s.lead({"type": "request_extension", "reason": "需采购配件", "requested_due_at": t("2026-03-20 00:00")}, "2026-03-03 09:00")
    s.cc({"type": "decide_extension", "approve": True, "reason": "同意"}, "2026-03-03 10:00")
    return s.report("2026-03-12 10:00").events


def jsonl(events: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in events)


def frame(events: list[dict[str, Any]], **options: Any) -> Any:
    return pd.read_json(io.StringIO(jsonl(events)), lines=True, **options)


FORMS = {
    "json": lambda ev: json.dumps(ev, ensure_ascii=False),
    "dataframe": frame,
    "records": lambda ev: frame(ev).to_dict("records"),
    "json_lines": jsonl,
}


@pytest.fixture(params=list(FORMS.values()), ids=list(FORMS))
def form(request: pytest.FixtureRequest) -> Any:
    return request.param


def test_json_lines_text_with_blank_lines(eng: jiesu.Engine, events: list[dict[str, Any]]) -> None:
    text = "\n" + jsonl(events).replace("\n", "\n\n", 2)
    assert eng.state(text, NOW) == eng.state(events, NOW)


def test_the_dataframe_is_what_pandas_makes_of_it(events: list[dict[str, Any]]) -> None:
    # What the translation is for: gaps as NaN, the *_at column as tz-aware Timestamps.
    df = frame(events)
    assert str(df["requested_due_at"].dtype).startswith("datetime64")
    records = df.to_dict("records")
    assert any(isinstance(v, float) and np.isnan(v) for v in records[0].values())
    assert isinstance(records[4]["requested_due_at"], pd.Timestamp)


def test_handle(eng: jiesu.Engine, events: list[dict[str, Any]], form: Any) -> None:
    command = {"type": "record_callback", "outcome": "satisfied", "solved": True}
    assert eng.handle(form(events), CC, command, NOW) == eng.handle(events, CC, command, NOW)


def test_state(eng: jiesu.Engine, events: list[dict[str, Any]], form: Any) -> None:
    assert eng.state(form(events), NOW) == eng.state(events, NOW)


def test_verify(eng: jiesu.Engine, events: list[dict[str, Any]], form: Any) -> None:
    assert eng.verify(form(events)) == eng.verify(events) == {"intact": True, "events": len(events), "problem": None}


def test_evaluate_and_escalate(eng: jiesu.Engine, events: list[dict[str, Any]], form: Any) -> None:
    dispatched, late = events[:2], t("2026-03-25 09:00")  # never acknowledged: its clocks alert
    evaluation = eng.evaluate(dispatched, late)
    assert evaluation["alerts"] and eng.evaluate(form(dispatched), late) == evaluation
    assert eng.escalate(form(dispatched), evaluation, late) == eng.escalate(dispatched, evaluation, late)


def test_assess_bulletin_and_group(eng: jiesu.Engine, events: list[dict[str, Any]], form: Any) -> None:
    other = Script(eng, "YS-F2", "2026-03-03 09:00", phone="13800000002").events
    expected = eng.assess([events, other], MONTH)
    pd.testing.assert_frame_equal(eng.assess([form(events), other], MONTH), expected)
    assert eng.bulletin([form(events), other], MONTH, format="json") == eng.bulletin([events, other], MONTH, format="json")
    assert eng.evaluate_group([form(events), other], NOW) == eng.evaluate_group([events, other], NOW)


def test_archive_and_compute_hash(eng: jiesu.Engine, events: list[dict[str, Any]]) -> None:
    archived = events + eng.handle(events, CC, {"type": "record_callback", "outcome": "satisfied", "solved": True}, NOW)
    archived += eng.handle(archived, CC, {"type": "close"}, NOW)
    archived += eng.handle(archived, CC, {"type": "archive"}, NOW)
    assert eng.archive(frame(archived, dtype=False)) == eng.archive(archived)
    for record, event in zip(frame(events).to_dict("records"), events):
        assert jiesu.compute_hash(record) == event["hash"]


def test_a_round_trip_through_json_lines_and_pandas_verifies(eng: jiesu.Engine, events: list[dict[str, Any]]) -> None:
    # The stored JSON lines, read by pandas with its defaults (requested_due_at becomes a
    # Timestamp of offset +08:00): the same history, verified.
    df = pd.read_json(io.StringIO(jsonl(events)), lines=True)
    assert eng.verify(df) == {"intact": True, "events": len(events), "problem": None}
    assert eng.state(df, NOW) == eng.state(events, NOW)


@pytest.mark.parametrize("respell", ["naive_utc", "to_json"])
def test_a_utc_spelled_instant_is_the_same_instant(eng: jiesu.Engine, events: list[dict[str, Any]], respell: str) -> None:
    # Events of schema version 2 hash their instants, not the instants' spelling.
    assert {e["schema_version"] for e in events} == {2}
    df = frame(events)
    if respell == "naive_utc":
        df["requested_due_at"] = df["requested_due_at"].dt.tz_convert("UTC").dt.tz_localize(None)
    else:  # the platform writing the frame back: "2026-03-19T16:00:00.000Z"
        df = pd.read_json(io.StringIO(df.to_json(orient="records", lines=True, date_format="iso")), lines=True)
    assert eng.verify(df) == {"intact": True, "events": len(events), "problem": None}
    state = eng.state(df.to_dict("records")[:5], t("2026-03-03 09:30"))  # replayed (verified) too
    assert state["pending_extension"] is not None
    assert state["pending_extension"]["requested_due_at"] == t("2026-03-20 00:00")


def test_records_with_every_kind_of_missing_value(eng: jiesu.Engine, events: list[dict[str, Any]]) -> None:
    records = frame(events).to_dict("records")
    assert any(isinstance(v, float) and np.isnan(v) for v in records[0].values())
    records[0]["tag"] = None
    records[1]["note"] = pd.NaT
    records[2]["note"] = pd.NA
    records[2]["seq"] = float(records[2]["seq"])  # an integer column with a gap is float64
    records[3]["schema_version"] = np.int64(records[3]["schema_version"])
    assert eng.verify(records)["intact"]
    assert eng.state(records, NOW) == eng.state(events, NOW)


def test_numpy_booleans_and_floats(eng: jiesu.Engine, events: list[dict[str, Any]]) -> None:
    report = next(i for i, e in enumerate(events) if e["type"] == "report_submitted")
    records = [dict(e) for e in events]
    records[report]["seq"] = np.float32(records[report]["seq"])
    records[report]["report"] = {**records[report]["report"], "solved": np.True_}
    assert eng.verify(records)["intact"]


def test_booleans_with_gaps_need_dtype_false(eng: jiesu.Engine) -> None:
    # pandas stores a boolean column with gaps (`solved`: callbacks only) as 0.0 / 1.0: the
    # binding cannot tell those from numbers, so the core refuses the row, naming it (verify
    # reports it). Read histories with dtype=False (it keeps every value as the JSON had it).
    history = everything(eng)
    callback = next(i for i, e in enumerate(history) if e["type"] == "callback_recorded")
    with pytest.raises(jiesu.ParseError, match=rf"^events\[{callback}\]: invalid type: integer, expected a boolean"):
        eng.state(frame(history), NOW)
    problem = eng.verify(frame(history))["problem"]
    assert problem is not None and (problem["index"], problem["kind"]) == (callback, "altered")
    assert eng.verify(frame(history, dtype=False)) == eng.verify(history)
    assert eng.state(frame(history, dtype=False).to_dict("records"), NOW) == eng.state(history, NOW)


def test_a_bad_row_is_named_without_personal_data(eng: jiesu.Engine, events: list[dict[str, Any]]) -> None:
    records = frame(events).to_dict("records")
    content = events[0]["content"]
    cases = []
    bad = [dict(r) for r in records]
    del bad[3]["hash"]
    cases.append(bad)
    bad = [dict(r) for r in records]
    bad[3]["seq"] = 2.5
    cases.append(bad)
    bad = [dict(r) for r in records]
    bad[0]["requester"] = f"{NAME} {PHONE}"
    bad[0]["content"] = 12345
    cases.append(bad)
    df = frame(events)
    df.loc[3, "actor"] = f"{NAME} {PHONE} {content}"
    cases.append(df)
    for case in cases:
        with pytest.raises(jiesu.JiesuError) as e:
            eng.state(case, NOW)
        message = str(e.value)
        problem = eng.verify(case)["problem"]
        assert problem is not None and not any(s in problem["message"] for s in (NAME, PHONE, content, PHONE[-4:]))
        row = 0 if isinstance(case, list) and case[0].get("content") == 12345 else 3
        assert message.startswith(f"events[{row}]"), message
        assert e.value.field is not None and e.value.field.startswith(f"events[{row}]")
        for secret in (NAME, PHONE, content, PHONE[-4:]):
            assert secret not in message, message


def test_a_mapping_or_another_object_is_still_refused(eng: jiesu.Engine, events: list[dict[str, Any]]) -> None:
    with pytest.raises(TypeError, match="events must be a list of dicts, a DataFrame or JSON text, not a dict"):
        eng.verify(events[0])
    with pytest.raises(TypeError, match="events must be a list of dicts, a DataFrame or JSON text, not int"):
        eng.verify(3)


def test_a_dataframe_of_a_whole_log(eng: jiesu.Engine, events: list[dict[str, Any]], tmp_path: Any) -> None:
    # The platform's log (every event of every ticket, one a line) read by pandas: the tickets
    # of assess, bulletin and evaluate_group, as the log file itself gives them.
    other = Script(eng, "YS-F2", "2026-03-03 09:00", phone="13800000002").events
    log = tmp_path / "events.jsonl"
    log.write_text(jsonl(events) + jsonl(other), encoding="utf-8")
    df = pd.read_json(log, lines=True)
    pd.testing.assert_frame_equal(eng.assess(df, MONTH), eng.assess(log, MONTH))
    assert eng.bulletin(df, MONTH, format="json") == eng.bulletin([events, other], MONTH, format="json")
    assert eng.evaluate_group(df, NOW) == eng.evaluate_group(log, NOW)
    # A bad row is named by the core's log reader: line 5 is row 4.
    df.loc[4, "seq"] = 99
    with pytest.raises(jiesu.InvalidInput, match=r"^event log line 5: ") as e:
        eng.assess(df, MONTH)
    assert e.value.field is not None and e.value.field.startswith("line 5")
