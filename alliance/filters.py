"""Filtering activities: a frozen filter spec, its URL form, its sentence, and pure functions."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from alliance.dates import period_bounds

# Filters that pick among a column's values: spec field -> column of the prepared frame.
FACETS: dict[str, str] = {
    "audience": "audience",
    "kind": "kind",
    "host": "host_key",
    "country": "host_country",
    "mode": "mode",
    "language": "language",
    "project": "project_key",
}
WINDOWS = ("any", "open_now", "soon", "running", "past", "custom")
ALLIANCE_HOST = "ALLIANCE"  # host key of activities the whole alliance runs
NO_PROJECT = "NONE"
DEFAULT_WEEKS = 8


@dataclass(frozen=True)
class FilterSpec:
    """What a reader asked to see. Empty tuples mean "any"."""

    audience: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()
    host: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    mode: tuple[str, ...] = ()
    language: tuple[str, ...] = ()
    project: tuple[str, ...] = ()
    window: str = "any"
    weeks: int = DEFAULT_WEEKS
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    ects_min: float | None = None
    ects_max: float | None = None
    text: str = ""

    def __post_init__(self) -> None:
        for name in FACETS:
            object.__setattr__(self, name, tuple(sorted(set(getattr(self, name)))))
        if self.window not in WINDOWS:
            object.__setattr__(self, "window", "any")
        object.__setattr__(self, "weeks", max(1, min(int(self.weeks), 104)))
        object.__setattr__(self, "text", " ".join(self.text.split()))

    @property
    def is_empty(self) -> bool:
        return self == FilterSpec()

    def without(self, name: str) -> FilterSpec:
        """The same spec with one facet cleared (for facet counts)."""
        return replace(self, **{name: ()})

    def to_query(self) -> dict[str, list[str]]:
        """URL query parameters; defaults are left out so links stay short."""
        query: dict[str, list[str]] = {}
        for name in FACETS:
            if getattr(self, name):
                query[name] = list(getattr(self, name))
        if self.window != "any":
            query["window"] = [self.window]
        if self.window == "soon" and self.weeks != DEFAULT_WEEKS:
            query["weeks"] = [str(self.weeks)]
        if self.window == "custom":
            if self.date_from:
                query["from"] = [self.date_from.isoformat()]
            if self.date_to:
                query["to"] = [self.date_to.isoformat()]
        if self.ects_min is not None:
            query["ects_min"] = [_number_text(self.ects_min)]
        if self.ects_max is not None:
            query["ects_max"] = [_number_text(self.ects_max)]
        if self.text:
            query["q"] = [self.text]
        return query

    @classmethod
    def from_query(cls, query: Mapping[str, object]) -> FilterSpec:
        """Read a spec back from URL parameters, ignoring what does not parse."""
        def values(key: str) -> list[str]:
            raw = query.get(key)
            if raw is None:
                return []
            return [str(v) for v in raw] if isinstance(raw, list | tuple) else [str(raw)]

        def first(key: str) -> str | None:
            found = values(key)
            return found[0] if found else None

        window = first("window") or "any"
        return cls(
            **{name: tuple(v for v in values(name) if v) for name in FACETS},
            window=window if window in WINDOWS else "any",
            weeks=_to_int(first("weeks"), DEFAULT_WEEKS),
            date_from=_to_date(first("from")) if window == "custom" else None,
            date_to=_to_date(first("to")) if window == "custom" else None,
            ects_min=_to_float(first("ects_min")),
            ects_max=_to_float(first("ects_max")),
            text=first("q") or "",
        )


QUERY_KEYS = (*FACETS, "window", "weeks", "from", "to", "ects_min", "ects_max", "q")


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _to_int(text: str | None, default: int) -> int:
    try:
        return int(str(text))
    except (TypeError, ValueError):
        return default


def _to_float(text: str | None) -> float | None:
    try:
        value = float(str(text))
    except (TypeError, ValueError):
        return None
    return value if np.isfinite(value) else None


def _to_date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text))
    except (TypeError, ValueError):
        return None


def fold(text: str) -> str:
    """Lower case without accents, so `universite` finds `Université`."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def date_bounds(activities: pd.DataFrame) -> pd.DataFrame:
    """Each activity's dates as the windows read them: first and last day its start and end
    can mean (a month covers all its days), the last day to apply, and when it finishes
    (its end, else its start)."""
    start_first, start_last = period_bounds(activities["start"])
    end_first, end_last = period_bounds(activities["end"])
    return pd.DataFrame({
        "start_first": start_first, "start_last": start_last,
        "end_first": end_first, "end_last": end_last,
        "apply_last": period_bounds(activities["apply_by"])[1],
        "finish": end_last.fillna(start_last),
    }, index=activities.index)


def in_window(bounds: pd.DataFrame, window: str, today: dt.date) -> pd.Series:
    """Where each activity stands on `today`, from `date_bounds`: "open_now" (applications
    open, not finished), "running", "upcoming" (starts later) or "past". Unknown dates are
    in no window."""
    now = pd.Timestamp(today)
    if window == "open_now":
        inside = (bounds["apply_last"] >= now) & ~(bounds["finish"] < now)
    elif window == "running":
        inside = (bounds["start_first"] <= now) & (bounds["finish"] >= now)
    elif window == "upcoming":
        inside = bounds["start_first"] > now
    elif window == "past":
        inside = bounds["finish"] < now
    else:
        raise ValueError(f"unknown window {window!r}")
    return inside.fillna(False).astype(bool)


def prepare(activities: pd.DataFrame, universities: pd.DataFrame) -> pd.DataFrame:
    """Columns the filters need, computed once per data version: keys, bounds, search text."""
    frame = activities.copy()
    countries = universities.set_index("id")["country"]
    host = frame["host_id"].fillna("")
    frame["host_key"] = pd.Categorical(host.where(host != "", ALLIANCE_HOST))
    frame["host_country"] = pd.Categorical(host.map(countries).fillna(ALLIANCE_HOST))
    project = frame["project"].fillna("")
    frame["project_key"] = pd.Categorical(project.where(project != "", NO_PROJECT))
    for name in ("audience", "kind", "mode", "language"):
        frame[name] = pd.Categorical(frame[name].fillna(""))
    for name, column in date_bounds(frame).items():
        frame[name] = column
    searchable = (frame["title"].fillna("") + " \n " + frame["description"].fillna(""))
    uniques = pd.unique(searchable)
    folded = dict(zip(uniques, (fold(s) for s in uniques), strict=True))
    frame["search"] = searchable.map(folded).astype("str")
    return frame.reset_index(drop=True)


def _facet_mask(frame: pd.DataFrame, name: str, chosen: tuple[str, ...]) -> np.ndarray:
    column = frame[FACETS[name]]
    categories = column.cat.categories.astype(str)
    if name == "language":
        wanted = set(chosen)
        hits = np.array([bool(wanted & set(c.split("/"))) for c in categories], dtype=bool)
    else:
        hits = np.isin(categories, list(chosen))
    codes = column.cat.codes.to_numpy()
    return np.where(codes >= 0, hits[np.maximum(codes, 0)], False)


def window_mask(frame: pd.DataFrame, spec: FilterSpec, today: dt.date) -> np.ndarray:
    """Rows in the date window: open now, starting soon, running, past, or a custom range."""
    now = pd.Timestamp(today)
    if spec.window in ("open_now", "running", "past"):
        return in_window(frame, spec.window, today).to_numpy(dtype=bool)
    if spec.window == "soon":
        mask = (frame["start_first"] >= now) & (
            frame["start_first"] <= now + pd.Timedelta(weeks=spec.weeks))
    elif spec.window == "custom":
        low = pd.Timestamp(spec.date_from) if spec.date_from else None
        high = pd.Timestamp(spec.date_to) if spec.date_to else None
        mask = frame["start_first"].notna()
        if low is not None:
            mask &= frame["finish"] >= low
        if high is not None:
            mask &= frame["start_first"] <= high
    else:
        return np.ones(len(frame), dtype=bool)
    return mask.fillna(False).to_numpy(dtype=bool)


def mask(frame: pd.DataFrame, spec: FilterSpec, today: dt.date, skip: str | None = None
         ) -> np.ndarray:
    """Rows that satisfy every filter of `spec` (but `skip`, for facet counts)."""
    keep = np.ones(len(frame), dtype=bool)
    for name in FACETS:
        chosen = getattr(spec, name)
        if chosen and name != skip:
            keep &= _facet_mask(frame, name, chosen)
    if spec.window != "any":
        keep &= window_mask(frame, spec, today)
    if spec.ects_min is not None or spec.ects_max is not None:
        ects = frame["ects"].to_numpy(dtype="float64", na_value=np.nan)
        low = -np.inf if spec.ects_min is None else spec.ects_min
        high = np.inf if spec.ects_max is None else spec.ects_max
        keep &= (ects >= low) & (ects <= high)
    if spec.text:
        for word in fold(spec.text).split():
            keep &= frame["search"].str.contains(word, regex=False).to_numpy(dtype=bool)
    return keep


def apply(frame: pd.DataFrame, spec: FilterSpec, today: dt.date) -> pd.DataFrame:
    """The prepared rows that match the spec, in their original order."""
    if spec.is_empty:
        return frame
    return frame[mask(frame, spec, today)]


def facet_counts(frame: pd.DataFrame, spec: FilterSpec, today: dt.date, name: str
                 ) -> dict[str, int]:
    """For each value of a facet, how many rows the view would show if it were chosen.

    Counts apply every other filter, as Datasette's facets do, so a reader sees which
    options would give nothing.
    """
    rows = frame[mask(frame, spec, today, skip=name)]
    column = rows[FACETS[name]]
    if name == "language":
        counts: dict[str, int] = {}
        for combo, n in column.value_counts().items():
            for code in str(combo).split("/"):
                if code:
                    counts[code] = counts.get(code, 0) + int(n)
        return counts
    return {str(k): int(v) for k, v in column.value_counts().items() if str(k)}


def options(frame: pd.DataFrame, name: str) -> list[str]:
    """Every value a facet can take in the data, sorted."""
    categories = frame[FACETS[name]].cat.categories.astype(str)
    if name == "language":
        return sorted({code for c in categories for code in c.split("/") if code})
    return sorted(c for c in categories if c)


def similar(frame: pd.DataFrame, row: int, limit: int = 5) -> pd.DataFrame:
    """Activities most like one row: same kind, audience, host, project and language."""
    target = frame.iloc[row]
    score = np.zeros(len(frame))
    for column, weight in (("kind", 3), ("audience", 2), ("host_key", 2), ("project_key", 1),
                           ("mode", 1)):
        score += (frame[column] == target[column]).to_numpy(dtype=float) * weight
    score[row] = -1
    order = np.argsort(-score, kind="stable")[:limit]
    return frame.iloc[[i for i in order if score[i] > 0]]


def slug(text: str) -> str:
    """A file-name friendly version of a sentence."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:80] or "all"
