"""The built-in CN calendar against an independent source: the `chinesecalendar` package.

Every day 2004-01-01..2026-12-31 is compared: working day or not, holiday or not, make-up
working day or not, and the festival of each holiday. Where our data (authored from the State
Council's notices) deliberately differs, the day is listed below with the reason; the test
fails on any other difference, and also if a listed difference disappears (so the list stays
honest).
"""
from __future__ import annotations

import datetime as dt

import chinese_calendar as cc

START, END = dt.date(2004, 1, 1), dt.date(2026, 12, 31)

# chinesecalendar's festival names -> our festival ids.
NAMES = {
    "New Year's Day": "new_years_day",
    "Spring Festival": "spring_festival",
    "Tomb-sweeping Day": "tomb_sweeping_day",
    "Labour Day": "labour_day",
    "Dragon Boat Festival": "dragon_boat_festival",
    "National Day": "national_day",
    "Mid-autumn Festival": "mid_autumn_festival",
    "Anti-Fascist 70th Day": "anti_fascist_70th",
}

D = dt.date
# Days whose working status differs, with the reason we keep our value.
WORKDAY_DIFFERENCES = {
    D(2005, 12, 31): "2006 New Year notice: Saturday 2005-12-31 was worked for the 1/1-1/3 break; "
                     "chinesecalendar misses this make-up day (reported in its issues #17 and #125)",
}
# Days whose festival attribution differs (working status agrees).
FESTIVAL_DIFFERENCES = {
    D(2011, 6, 5): "notice lists 6/4-6/6 as the Dragon Boat break; chinesecalendar leaves the Sunday unnamed",
    D(2012, 6, 23): "notice lists 6/22-6/24; chinesecalendar leaves the Saturday unnamed",
    D(2015, 6, 21): "Sunday inside the Dragon Boat break; chinesecalendar leaves it unnamed",
    D(2015, 9, 5): "国发明电〔2015〕1号 lists 9/3-9/5; chinesecalendar leaves the Saturday unnamed",
    D(2019, 4, 6): "4/5 off '与周末连休': the weekend is not a listed holiday; chinesecalendar names it",
    D(2019, 4, 7): "as 2019-04-06",
    D(2019, 6, 8): "6/7 off '与周末连休'; chinesecalendar names the weekend",
    D(2019, 6, 9): "as 2019-06-08",
    D(2019, 9, 14): "9/13 off '与周末连休'; chinesecalendar names the weekend",
    D(2019, 9, 15): "as 2019-09-14",
    D(2023, 12, 30): "2024 notice: 1/1 off only, not 调休; chinesecalendar names the weekend before",
    D(2023, 12, 31): "as 2023-12-30",
    D(2020, 10, 1): "Mid-Autumn fell on 10/1 in 2020; our merged-break rule files it under "
                    "mid_autumn_festival, chinesecalendar under National Day",
}


def days():
    d = START
    while d <= END:
        yield d
        d += dt.timedelta(days=1)


def test_every_day_matches_chinesecalendar(cn_days):
    assert len(cn_days) == (END - START).days + 1
    workday_diffs, festival_diffs, other = {}, {}, []
    for d in days():
        kind, festival = cn_days[d.isoformat()]
        ours_work = kind in ("workday", "makeup_workday")
        theirs_work = cc.is_workday(d)
        if ours_work != theirs_work:
            workday_diffs[d] = (kind, theirs_work)
            continue
        # Make-up working days are weekend days that are worked.
        if (kind == "makeup_workday") != (d.weekday() >= 5 and theirs_work):
            other.append((d, kind, "make-up status"))
        is_hol, name = cc.get_holiday_detail(d)
        theirs = NAMES.get(name) if is_hol and name else None
        ours = festival if kind == "holiday" else None
        if kind == "holiday" and d.weekday() < 5 and theirs is None:
            other.append((d, kind, "weekday holiday unknown to chinesecalendar"))
        if ours != theirs:
            festival_diffs[d] = (ours, theirs)
    assert not other, other[:20]
    assert set(workday_diffs) == set(WORKDAY_DIFFERENCES), workday_diffs
    assert set(festival_diffs) == set(FESTIVAL_DIFFERENCES), festival_diffs


def test_make_up_days_name_their_festival(cn_days):
    # Every make-up working day serves a festival, and chinesecalendar agrees on which one
    # wherever it knows (its in-lieu days carry the festival of the break).
    for d in days():
        kind, festival = cn_days[d.isoformat()]
        if kind == "makeup_workday":
            assert festival in NAMES.values(), (d, festival)


def test_2026_schedule_matches_the_notice(cn_days):
    # 国办发明电〔2025〕7号, spelled out independently of both data sets.
    holidays = ["2026-01-01..2026-01-03", "2026-02-15..2026-02-23", "2026-04-04..2026-04-06",
                "2026-05-01..2026-05-05", "2026-06-19..2026-06-21", "2026-09-25..2026-09-27",
                "2026-10-01..2026-10-07"]
    makeup = ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]
    hol = set()
    for r in holidays:
        a, b = (D.fromisoformat(x) for x in r.split(".."))
        hol.update(a + dt.timedelta(i) for i in range((b - a).days + 1))
    for d in (x for x in days() if x.year == 2026):
        kind, _ = cn_days[d.isoformat()]
        if d in hol:
            assert kind == "holiday", d
        elif d.isoformat() in makeup:
            assert kind == "makeup_workday", d
        else:
            assert kind == ("weekend" if d.weekday() >= 5 else "workday"), d
