"""pandas glue of the tabular API (``Engine.assess_records``, ``Engine.deadlines_frame``,
``Engine.sla_inputs``, ``Engine.bulletin(format="frames")``, tz-aware dates): columns in,
DataFrames out. Translation only — every rule and computation is the core's."""
from __future__ import annotations

import datetime as dt
from typing import Any, Sequence

import numpy as np

#: numpy's NaT as int64.
NAT = np.iinfo(np.int64).min


def _pd() -> Any:
    import pandas as pd  # type: ignore[import-untyped, import-not-found, unused-ignore]

    return pd


def aware_ns(values: Any, what: str, tz: Any = None) -> tuple[np.ndarray[Any, np.dtype[np.int64]], Any]:
    """Aware instants as int64 nanoseconds since the epoch (NaT: ``NAT``), and the pandas index
    of ``values`` if it has one. Naive values need ``tz`` (their zone)."""
    pd = _pd()
    index = values.index if isinstance(values, pd.Series) else None
    idx = pd.DatetimeIndex(values.array if isinstance(values, pd.Series) else values)
    if idx.tz is None:
        if tz is None:
            raise TypeError(
                f"{what}: naive datetimes (no time zone); give their zone, e.g. tz=\"Asia/Shanghai\", "
                "or localize them: series.dt.tz_localize(\"Asia/Shanghai\")"
            )
        idx = idx.tz_localize(tz)
    elif tz is not None:
        raise TypeError(f"{what}: tz is for naive values; these are already aware ({idx.tz})")
    ns = np.ascontiguousarray(idx.as_unit("ns").asi8, dtype=np.int64)
    return ns, index


def is_aware_datetimes(values: Any) -> bool:
    """Whether ``values`` is a pandas Series / Index of tz-aware datetimes, or an object array of
    aware datetimes (what ``Series.to_numpy()`` gives for them)."""
    import sys

    pd = sys.modules.get("pandas")
    if pd is None:
        return False
    if isinstance(values, (pd.Series, pd.Index)):
        return isinstance(values.dtype, pd.DatetimeTZDtype)
    if isinstance(values, np.ndarray) and values.dtype == object and values.size > 0:
        first = next((v for v in values.flat if v is not None and v is not pd.NaT), None)
        return isinstance(first, dt.datetime) and first.tzinfo is not None
    return False


def aware_days(values: Any) -> tuple[np.ndarray[Any, np.dtype[np.int64]], tuple[int, ...]]:
    """Aware datetimes as int64 nanoseconds (for the core's CST dates), and their shape."""
    pd = _pd()
    arr = values.to_numpy() if isinstance(values, (pd.Series, pd.Index)) else values
    shape = np.shape(arr)
    ns, _ = aware_ns(pd.Series(np.ravel(arr)) if not isinstance(values, (pd.Series, pd.Index)) else values, "dates")
    return ns, shape


INSTANT_COLUMNS = ("dispatched_at", "completion_due_at", "completed_at", "closed_at", "assigned_at", "response_due_at",
                   "acknowledged_at", "contacted_at")


def records(df: Any, columns: Sequence[str]) -> tuple[int, dict[str, tuple[str, Any]]]:
    """The known columns of a record table, column by column for the core's records: instants
    as ``("instants", int64 ns since the epoch, NaT as NAT)``, booleans as ``("bools", bool
    array)``, anything else as ``("values", list)`` with missing values None."""
    pd = _pd()
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"records must be a pandas DataFrame, not {type(df).__name__}")
    out: dict[str, tuple[str, Any]] = {}
    for c in (c for c in columns if c in df.columns):
        col = df[c]
        if c in INSTANT_COLUMNS:
            if not isinstance(col.dtype, pd.DatetimeTZDtype) and not pd.api.types.is_datetime64_dtype(col.dtype):
                try:
                    col = pd.to_datetime(col, format="ISO8601")
                except (ValueError, TypeError):
                    col = pd.to_datetime(col, format="ISO8601", utc=True)  # mixed offsets: aware values
            if not isinstance(col.dtype, pd.DatetimeTZDtype):
                if col.notna().any():
                    raise TypeError(
                        f"records column {c!r}: naive datetimes (no time zone); localize them, "
                        f"e.g. df[{c!r}] = df[{c!r}].dt.tz_localize(\"Asia/Shanghai\")"
                    )
                col = col.dt.tz_localize("UTC")
            out[c] = ("instants", np.ascontiguousarray(col.dt.as_unit("ns").array.asi8, dtype=np.int64))
        elif pd.api.types.is_bool_dtype(col.dtype):
            out[c] = ("bools", np.ascontiguousarray(col.to_numpy(dtype=bool)))
        else:
            out[c] = ("values", col.astype(object).where(col.notna(), None).tolist())
    return len(df), out


def records_frame(rows: list[dict[str, Any]], columns: Sequence[str]) -> Any:
    """Records (dicts with RFC 3339 instants) as a DataFrame with every column, instants as
    ``datetime64[ns, UTC+08:00]``."""
    pd = _pd()
    df = pd.DataFrame(rows, columns=list(columns))
    cst = dt.timezone(dt.timedelta(hours=8))
    for c in INSTANT_COLUMNS:
        df[c] = pd.to_datetime(df[c], utc=True, format="ISO8601").dt.tz_convert(cst).dt.as_unit("ns")
    for c in ("unreasonable", "solved", "extended", "reworked", "supervised", "repeat", "return_requested"):
        df[c] = df[c].astype(bool)
    return df


def _factorized(x: Any, n: int) -> tuple[np.ndarray[Any, np.dtype[np.int64]], list[Any]]:
    """An input column as codes into its distinct values: a scalar is one value for every row;
    missing values (None, NaN) are None; a limit may be a dict."""
    if x is None or isinstance(x, (str, int, dict)):
        return np.zeros(n, dtype=np.int64), [x]
    pd = _pd()
    arr = np.asarray(x, dtype=object) if not isinstance(x, (pd.Series, pd.Index, np.ndarray)) else x
    if len(arr) != n:
        raise ValueError(f"an SLA input has {len(arr)} values for {n} dispatch instants")
    values = np.asarray(arr, dtype=object)
    if pd.api.types.infer_dtype(values, skipna=True) not in ("string", "integer", "floating", "mixed-integer-float", "empty"):
        # Limits as dicts: hashable forms first.
        values = np.array([_key(v) for v in values] + [None], dtype=object)[:-1]
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    uniq = [_unkey(u) for u in uniques]
    codes = np.where(codes < 0, len(uniq), codes).astype(np.int64)
    return codes, uniq + [None]


def _key(v: Any) -> Any:
    """A hashable form of an input value (a limit may be a dict); missing values are None."""
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return None
    if isinstance(v, dict):
        return tuple(sorted(v.items()))
    return v


def _unkey(v: Any) -> Any:
    if isinstance(v, tuple):
        return dict(v)
    if isinstance(v, (np.integer, float)) and float(v).is_integer():
        return int(v)
    return v.item() if isinstance(v, np.generic) else v


#: Rows per core call when progress is reported.
CHUNK = 1 << 18


def _progress(progress: Any, total: int, what: str) -> Any:
    """A function ``report(done)`` for ``progress``: a callable ``progress(done, total)``, or
    ``True`` for a tqdm bar (when tqdm is installed; nothing otherwise); ``None`` for none."""
    if progress is None or progress is False:
        return None
    if callable(progress):
        return lambda done: progress(done, total)
    try:
        from tqdm.auto import tqdm  # type: ignore[import-untyped, import-not-found, unused-ignore]
    except ImportError:
        return None
    bar = tqdm(total=total, desc=what, unit="rows")
    state = {"done": 0}

    def report(done: int) -> None:
        bar.update(done - state["done"])
        state["done"] = done
        if done >= total:
            bar.close()

    return report


def progress_of(progress: Any) -> Any:
    """The ``progress`` argument of the long calls (``Engine.assess``, ``assess_records``,
    ``records``) as a function ``report(phase, done, total)`` the extension calls: a callable
    ``progress(done, total)`` is called as it is (each phase counts from 0 to its total); ``True``
    gives a tqdm bar per phase (when tqdm is installed; nothing otherwise); ``None`` or
    ``False``: none."""
    if progress is None or progress is False:
        return None
    if callable(progress):
        return lambda phase, done, total: progress(done, total)
    if progress is not True:
        raise TypeError(f"progress must be True, False, None or a callable progress(done, total), not {type(progress).__name__}")
    try:
        from tqdm.auto import tqdm  # type: ignore[import-untyped, import-not-found, unused-ignore]
    except ImportError:
        return None
    bars: dict[str, Any] = {}

    def report(phase: str, done: int, total: int) -> None:
        bar = bars.get(phase)
        if bar is None:
            bar = bars[phase] = tqdm(total=total, desc=phase, unit="tickets" if phase == "assess" else "items")
        bar.total = total
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    return report


def deadlines_frame(engine: Any, dispatched_at: Any, urgency: Any, handling_class: Any, limit: Any, category: Any, tz: Any,
                    progress: Any = None) -> Any:
    pd = _pd()
    ns, index = aware_ns(dispatched_at, "dispatched_at", tz)
    n = len(ns)
    # Distinct combinations of the inputs: the core resolves each once, then maps the rows.
    parts = [_factorized(x, n) for x in (category, urgency, handling_class, limit)]
    combined = np.zeros(n, dtype=np.int64)
    for codes, uniq in parts:
        combined = combined * len(uniq) + codes
    codes, firsts = pd.factorize(combined) if n else (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    keys = []
    for c in firsts:
        key = []
        for part_codes, uniq in reversed(parts):
            key.append(uniq[int(c) % len(uniq)])
            c = int(c) // len(uniq)
        keys.append(tuple(reversed(key)))
    if not keys:
        keys = [tuple(uniq[0] for _, uniq in parts)]
    codes = np.ascontiguousarray(codes, dtype=np.int64)
    report = _progress(progress, n, "deadlines")
    if report is None:
        out = engine._sla_batch(ns, codes, keys)
    else:
        chunks = []
        for lo in range(0, max(n, 1), CHUNK):
            chunks.append(engine._sla_batch(ns[lo:lo + CHUNK], codes[lo:lo + CHUNK], keys))
            report(min(lo + CHUNK, n))
        out = {k: np.concatenate([c[k] for c in chunks]) for k in chunks[0]}
    cst = dt.timezone(dt.timedelta(hours=8))
    data: dict[str, Any] = {}
    for name, values in out.items():
        if name == "provisional":
            data[name] = values
        else:
            data[name] = pd.DatetimeIndex(values.view("M8[ns]")).tz_localize("UTC").tz_convert(cst)
    return pd.DataFrame(data, index=index)


def sla_inputs_frame(rows: list[dict[str, Any]], categories: Any) -> Any:
    pd = _pd()
    index = categories.index if isinstance(categories, pd.Series) else None
    return pd.DataFrame(
        {
            "urgency": [r["urgency"] for r in rows],
            "handling_class": [r["handling_class"] for r in rows],
            "limit": pd.Series([r.get("limit") for r in rows], dtype=object, index=index),
        },
        index=index,
    )


def bulletin_frames(b: dict[str, Any]) -> dict[str, Any]:
    """The bulletin's dict with each table (a list of row dicts) as a DataFrame; ``totals`` (a
    dict of counts) as a one-row DataFrame; everything else as it is."""
    pd = _pd()
    out: dict[str, Any] = {}
    for k, v in b.items():
        if isinstance(v, list) and all(isinstance(r, dict) for r in v):
            out[k] = pd.DataFrame(v)
        elif isinstance(v, dict) and v and all(isinstance(x, (int, float)) for x in v.values()):
            out[k] = pd.DataFrame([v])
        else:
            out[k] = v
    return out
