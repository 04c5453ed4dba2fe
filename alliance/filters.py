"""Filtering activities: a frozen filter spec, its URL form, its sentence, and pure functions."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from alliance.dates import period_bounds
from alliance.i18n import LANGUAGES, translated_column

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
    if text.isascii():  # most text: casefold of ASCII is lower(), and NFKD changes nothing
        return text.lower()
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
    now = np.datetime64(today, "D")

    def column(name: str) -> np.ndarray:
        return _days(bounds, name)

    # numpy compares NaT as neither before nor after any day: unknown dates are in no window
    if window == "open_now":
        inside = (column("apply_last") >= now) & ~(column("finish") < now)
    elif window == "running":
        inside = (column("start_first") <= now) & (column("finish") >= now)
    elif window == "upcoming":
        inside = column("start_first") > now
    elif window == "past":
        inside = column("finish") < now
    else:
        raise ValueError(f"unknown window {window!r}")
    return pd.Series(inside, index=bounds.index, dtype=bool)


def _days(frame: pd.DataFrame, name: str) -> np.ndarray:
    """A date column as numpy datetimes, in its own unit (no copy when it is one already)."""
    values = frame[name].to_numpy()
    return values if values.dtype.kind == "M" else values.astype("datetime64[ns]")


# Text the search reads, one categorical column each: its categories are the distinct folded
# texts, searched once per word; the codes carry the answer back to the rows.
SEARCH_COLUMNS = ("search_title", "search_description", "search_host")


def host_search_text(universities: pd.DataFrame, locations: pd.DataFrame | None = None
                     ) -> dict[str, str]:
    """What a search finds each university by: its names (English, local and any translated
    `name_<language>`) and the cities it is in."""
    found: dict[str, list[str]] = {}
    named = [c for c in universities.columns if c == "name" or c.startswith("name_")]
    for row in universities.itertuples(index=False):
        words = [getattr(row, name, None) for name in (*named, "city")]
        found[str(row.id)] = [str(w) for w in words if isinstance(w, str) and w.strip()]
    if locations is not None and {"university_id", "city"} <= set(locations.columns):
        for owner, city in zip(locations["university_id"], locations["city"], strict=True):
            if isinstance(city, str) and city.strip() and str(owner) in found:
                found[str(owner)].append(city)
    return {key: fold(" \n ".join(dict.fromkeys(words))) for key, words in found.items()}


def _recode(codes: np.ndarray, texts: list[str]) -> pd.Categorical:
    """Rows' codes into `texts`, as a categorical of the distinct texts (-1 reads "")."""
    missing = [""] if (codes < 0).any() else []  # only then: a category no row uses
    final, kept = pd.factorize(pd.Index([*texts, *missing], dtype="str"), sort=False)
    return pd.Categorical.from_codes(final[codes], categories=pd.Index(kept, dtype="str"))


def _folded(column: pd.Series) -> pd.Categorical:
    """A text column folded for search, each distinct text folded once."""
    codes, uniques = pd.factorize(column, sort=False)
    # to_numpy makes the Python strings in one C loop; iterating an Arrow array is slow
    return _recode(codes, [fold(str(u)) for u in np.asarray(uniques, dtype=object)])


def prepare(activities: pd.DataFrame, universities: pd.DataFrame,
            locations: pd.DataFrame | None = None) -> pd.DataFrame:
    """Columns the filters need, computed once per data version: keys, bounds, search text.

    The search reads each activity's title and description and its host university's
    names and cities (from `universities` and, when given, `locations`).
    """
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
    frame["ects_value"] = frame["ects"].to_numpy(dtype="float64", na_value=np.nan)
    frame["search_title"] = _folded(_with_translations(frame, "title"))
    frame["search_description"] = _folded(_with_translations(frame, "description"))
    hosts = host_search_text(universities, locations)
    frame["search_host"] = _recode(_codes(frame, "host_key"), [
        hosts.get(k, "") for k in frame["host_key"].cat.categories.astype(str)])
    return frame.reset_index(drop=True)


def _with_translations(frame: pd.DataFrame, column: str) -> pd.Series:
    """A text column followed by its translations, where the table has any, so a search in
    any configured language finds the row."""
    text = frame[column]
    for lang in LANGUAGES:
        translated = translated_column(column, lang)
        if translated != column and translated in frame and frame[translated].notna().any():
            text = text.fillna("") + " " + frame[translated].fillna("")
    return text


def _codes(frame: pd.DataFrame, column: str) -> np.ndarray:
    return frame[column].cat.codes.to_numpy()


def _facet_mask(frame: pd.DataFrame, name: str, chosen: tuple[str, ...]) -> np.ndarray:
    column = frame[FACETS[name]]
    categories = column.cat.categories.astype(str)
    if name == "language":
        wanted = set(chosen)
        hits = np.array([bool(wanted & set(c.split("/"))) for c in categories], dtype=bool)
    else:
        hits = np.isin(categories, list(chosen))
    codes = _codes(frame, FACETS[name])
    # a code of -1 (no value) reads the extra False at the end
    return np.append(hits, False)[codes]


SEPARATOR = "\x00"


@dataclass(frozen=True)
class _Haystack:
    """A search column's distinct texts joined into one string, and where each begins."""

    text: str
    starts: np.ndarray


# One haystack per categories index, dropped with it: built on a column's first search.
_HAYSTACKS: dict[int, tuple[weakref.ref, _Haystack]] = {}


def _haystack(categories: pd.Index) -> _Haystack:
    key = id(categories)
    found = _HAYSTACKS.get(key)
    if found is not None and found[0]() is categories:
        return found[1]
    texts = [str(c) for c in categories]
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    starts = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]]).astype(np.int64)
    built = _Haystack(SEPARATOR.join(texts), starts)
    _HAYSTACKS[key] = (weakref.ref(categories, lambda _, k=key: _HAYSTACKS.pop(k, None)), built)
    return built


def _contains(categories: pd.Index, word: str) -> np.ndarray:
    """Which of the distinct texts hold `word`. A rare word is found in one scan of the
    joined texts; a frequent one (more places than one text in 16) by Arrow's kernel over
    every text, which stops at each text's first match."""
    hits = np.zeros(len(categories), dtype=bool)
    if len(categories) < 64:  # a handful of texts: no need for the joined string
        return _arrow_contains(categories, word) if len(categories) else hits
    if SEPARATOR not in word:
        haystack = _haystack(categories)
        places, at, most = [], haystack.text.find(word), len(categories) // 16
        while at >= 0 and len(places) <= most:
            places.append(at)
            at = haystack.text.find(word, at + 1)
        if at < 0:
            hits[np.searchsorted(haystack.starts, places, side="right") - 1] = True
            return hits
    return _arrow_contains(categories, word)


def _arrow_contains(categories: pd.Index, word: str) -> np.ndarray:
    # pandas keeps its str columns in Arrow: no copy
    found = pc.match_substring(pa.array(categories.array), word)
    return found.to_numpy(zero_copy_only=False).astype(bool)


def text_mask(frame: pd.DataFrame, text: str) -> np.ndarray:
    """Rows whose title, description or host (names, cities) hold every word of `text`,
    case and accents ignored. Each distinct text is searched once per word, and once some
    words have ruled most rows out, only the texts of the rows still in."""
    words = sorted(set(fold(text).split()), key=len, reverse=True)
    # a word inside a longer one is found wherever the longer one is
    words = [w for i, w in enumerate(words) if not any(w in longer for longer in words[:i])]
    columns = sorted(SEARCH_COLUMNS, key=lambda name: len(frame[name].cat.categories))
    keep = np.ones(len(frame), dtype=bool)
    for word in words:
        found = np.zeros(len(frame), dtype=bool)
        for name in columns:
            categories = frame[name].cat.categories
            codes = _codes(frame, name)
            hits = np.zeros(len(categories) + 1, dtype=bool)  # the last one reads code -1
            alive = None
            if 4 * int(keep.sum()) < len(categories):
                alive = np.flatnonzero(np.bincount(codes[keep] + 1,
                                                   minlength=len(categories) + 1)[1:])
                hits[alive] = _arrow_contains(categories.take(alive), word)
            else:
                hits[:-1] = _contains(categories, word)
            if alive is None and hits[:-1].all():
                found[:] = True
                break
            if hits.any():
                found |= hits[codes]
        keep &= found
        if not keep.any():
            break
    return keep


def window_mask(frame: pd.DataFrame, spec: FilterSpec, today: dt.date) -> np.ndarray:
    """Rows in the date window: open now, starting soon, running, past, or a custom range."""
    if spec.window in ("open_now", "running", "past"):
        return in_window(frame, spec.window, today).to_numpy(dtype=bool)
    now = np.datetime64(today, "D")
    start = _days(frame, "start_first")
    if spec.window == "soon":
        until = now + np.timedelta64(7 * spec.weeks, "D")
        return (start >= now) & (start <= until)
    if spec.window == "custom":
        keep = ~np.isnat(start)
        if spec.date_from:
            keep &= _days(frame, "finish") >= np.datetime64(spec.date_from, "D")
        if spec.date_to:
            keep &= start <= np.datetime64(spec.date_to, "D")
        return keep
    return np.ones(len(frame), dtype=bool)


def filter_masks(frame: pd.DataFrame, spec: FilterSpec, today: dt.date
                 ) -> dict[str, np.ndarray]:
    """One mask per filter the spec sets (facets by name, then "window", "ects", "text")."""
    masks = {name: _facet_mask(frame, name, getattr(spec, name))
             for name in FACETS if getattr(spec, name)}
    if spec.window != "any":
        masks["window"] = window_mask(frame, spec, today)
    if spec.ects_min is not None or spec.ects_max is not None:
        ects = frame["ects_value"].to_numpy() if "ects_value" in frame else frame[
            "ects"].to_numpy(dtype="float64", na_value=np.nan)
        low = -np.inf if spec.ects_min is None else spec.ects_min
        high = np.inf if spec.ects_max is None else spec.ects_max
        masks["ects"] = (ects >= low) & (ects <= high)
    if spec.text:
        masks["text"] = text_mask(frame, spec.text)
    return masks


def _all(frame: pd.DataFrame, masks: dict[str, np.ndarray], skip: str | None = None
         ) -> np.ndarray:
    keep = np.ones(len(frame), dtype=bool)
    for name, part in masks.items():
        if name != skip:
            keep &= part
    return keep


def mask(frame: pd.DataFrame, spec: FilterSpec, today: dt.date, skip: str | None = None
         ) -> np.ndarray:
    """Rows that satisfy every filter of `spec` (but `skip`, for facet counts)."""
    return _all(frame, filter_masks(frame, spec, today), skip)


def apply(frame: pd.DataFrame, spec: FilterSpec, today: dt.date) -> pd.DataFrame:
    """The prepared rows that match the spec, in their original order."""
    if spec.is_empty:
        return frame
    return frame[mask(frame, spec, today)]


def _counts(frame: pd.DataFrame, name: str, keep: np.ndarray | None) -> dict[str, int]:
    column = frame[FACETS[name]]
    categories = column.cat.categories.astype(str)
    codes = _codes(frame, FACETS[name])
    picked = codes if keep is None else codes[keep]
    # shifted by one so a missing value (-1) has a bin of its own, then left out
    per_category = np.bincount(picked.astype(np.intp) + 1, minlength=len(categories) + 1)[1:]
    if name == "language":
        counts: dict[str, int] = {}
        for combo, n in zip(categories, per_category, strict=True):
            for code in combo.split("/"):
                if code:
                    counts[code] = counts.get(code, 0) + int(n)
        return counts
    return {c: int(n) for c, n in zip(categories, per_category, strict=True) if c}


def facet_counts(frame: pd.DataFrame, spec: FilterSpec, today: dt.date, name: str
                 ) -> dict[str, int]:
    """For each value of a facet, how many rows the view would show if it were chosen.

    Counts apply every other filter, as Datasette's facets do, so a reader sees which
    options would give nothing.
    """
    return view(frame, spec, today, (name,)).counts[name]


@dataclass(frozen=True)
class View:
    """What the page shows for a spec: the rows kept and every facet's counts."""

    keep: np.ndarray
    counts: dict[str, dict[str, int]]


def view(frame: pd.DataFrame, spec: FilterSpec, today: dt.date,
         facets: tuple[str, ...] = tuple(FACETS)) -> View:
    """The rows a spec keeps and the counts of `facets`, each filter's mask computed once:
    a facet's counts are the AND of the other filters' masks, tallied on its codes."""
    masks = filter_masks(frame, spec, today)
    keep = _all(frame, masks)
    counts = {}
    for name in facets:
        others = set(masks) - {name}
        if not others:  # nothing else filters: tally every row, no mask to apply
            counts[name] = _counts(frame, name, None)
        else:
            counts[name] = _counts(frame, name, keep if name not in masks
                                   else _all(frame, masks, skip=name))
    return View(keep, counts)


def search_example(frame: pd.DataFrame, universities: pd.DataFrame) -> str:
    """A search that finds something in these data, for the search box's placeholder: the
    city of the university that hosts the most activities ("" when no activity has a host
    with a city)."""
    cities = universities.set_index("id")["city"] if "city" in universities else pd.Series()
    column = frame["host_key"]
    tally = np.bincount(_codes(frame, "host_key") + 1,
                        minlength=len(column.cat.categories) + 1)[1:]
    for position in np.argsort(-tally, kind="stable"):
        city = cities.get(str(column.cat.categories[position]))
        if tally[position] and isinstance(city, str) and city.strip():
            return city.strip()
    return ""


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
