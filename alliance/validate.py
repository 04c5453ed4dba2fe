"""Every problem in the data folder as a record, in one pass; typed tables for what is valid."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow
import pyarrow.compute as pyarrow_compute

from alliance.files import read_regular
from alliance.identity import IDENTITY_FILE, MAX_IDENTITY_BYTES, check_identity
from alliance.limits import MAX_LOCATED
from alliance.loader import Parsed, failed, parse_csv, read_table, strip_cells, unlisted
from alliance.patterns import (
    FORMULA_CHARACTERS,
    HOME_PAGE,
    MARKDOWN,
    MARKDOWN_ANY,
    MARKUP,
    PLAIN_NUMBER,
    WHOLE_NUMBER,
    without_space_class,
)
from alliance.problems import ERROR, WARNING, Problem, has_errors, problem
from alliance.schema import (
    BOOLEAN,
    DATE,
    DATE_PATTERN,
    DECIMAL,
    FALSE_WORDS,
    INTEGER,
    TABLES,
    TABLES_BY_NAME,
    TEXT,
    TRUE_WORDS,
    URL,
    URL_PATTERN,
    Column,
    Table,
)
from alliance.text import home_pages

LOG = logging.getLogger(__name__)
FORMULA_START = list(FORMULA_CHARACTERS)  # a spreadsheet runs cells starting so as formulas
# Formula-like text is shown as plain text by the app and neutralised in its exports, so it
# warns rather than holds back the row; an analyst opening the CSV should still fix it.
WARNING_CODES = {"whitespace", "formula", "markdown"}
EXCEL_EPOCH = dt.date(1899, 12, 30)  # day 0 of Excel's date numbers (1900 date system)


@dataclass
class TableResult:
    """One table after validation: its cells as read, its problems, its typed rows."""

    table: Table
    parsed: Parsed
    problems: list[Problem] = field(default_factory=list)
    typed: pd.DataFrame | None = None

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.severity == WARNING)

    @property
    def rows(self) -> int:
        return len(self.parsed.frame)


@dataclass
class Report:
    """The validation of a whole data folder."""

    results: dict[str, TableResult]
    identity: list[Problem] = field(default_factory=list)  # alliance.toml's own problems

    @property
    def problems(self) -> list[Problem]:
        return [p for r in self.results.values() for p in r.problems] + self.identity

    @property
    def identity_errors(self) -> int:
        return sum(1 for p in self.identity if p.severity == "error")

    @property
    def clean(self) -> bool:
        return not has_errors(self.problems)


# Checks. Cells are stripped of surrounding spaces once per column, before the checks run
# (the `whitespace` warning compares the raw cells with the stripped ones); formula and
# markup look at the raw cells, since a leading tab is itself a formula start.
# Each check returns True where the cell is acceptable.

def _blank(cells: pd.Series) -> pd.Series:
    return cells == ""


def _matches(pattern: str) -> Callable[[pd.Series], pd.Series]:
    pattern = without_space_class(pattern)

    def check(cells: pd.Series) -> pd.Series:
        return (cells == "") | cells.str.fullmatch(pattern)
    return check


def _valid_date(cells: pd.Series) -> pd.Series:
    shaped = cells.str.fullmatch(DATE_PATTERN)
    # The pattern already bounds months to 01-12 and days to 01-31: only days 29 to 31 can
    # fall outside their month, so only those are read as calendar dates.
    late = shaped & (cells.str.len() == 10) & (cells.str.slice(8, 10) > "28")
    if not late.any():
        return (cells == "") | shaped
    real = pd.to_datetime(cells[late], format="%Y-%m-%d", errors="coerce").notna()
    return (cells == "") | (shaped & real.reindex(cells.index, fill_value=True))


def _boolean(cells: pd.Series) -> pd.Series:
    lowered = cells.str.lower()
    return (lowered == "") | lowered.isin(TRUE_WORDS + FALSE_WORDS)


def _in_range(column: Column) -> Callable[[pd.Series], pd.Series]:
    if column.kind == DATE:
        return _year_in_range(column)

    def check(cells: pd.Series) -> pd.Series:
        numbers = _numbers(cells)
        low = -np.inf if column.minimum is None else column.minimum
        high = np.inf if column.maximum is None else column.maximum
        return numbers.isna() | ((numbers >= low) & (numbers <= high))
    return check


def _year_in_range(column: Column) -> Callable[[pd.Series], pd.Series]:
    """A date's year within the column's bounds, compared as four-digit text (which sorts
    like the numbers); cells that do not start with four digits are left to the type check."""
    low = f"{int(column.minimum):04d}" if column.minimum is not None else "0000"
    high = f"{int(column.maximum):04d}" if column.maximum is not None else "9999"

    def check(cells: pd.Series) -> pd.Series:
        year = cells.str.slice(0, 4)
        # A year, then the end or a month: `46022` (an Excel date number) is no year 4602.
        dated = year.str.fullmatch(r"[0-9]{4}") & cells.str.slice(4, 5).isin(["", "-"])
        return ~dated | ((year >= low) & (year <= high))
    return check


def _numbers(text: pd.Series) -> pd.Series:
    """`pd.to_numeric(text, errors="coerce")` as floats, several times faster: plain numbers
    (the valid cells) are cast in one go, anything else still goes through to_numeric."""
    plain = text.str.fullmatch(PLAIN_NUMBER).to_numpy(dtype=bool, na_value=False)
    numbers = np.full(len(text), np.nan)
    try:
        numbers[plain] = text[plain].astype("float64").to_numpy()
    except (TypeError, ValueError):
        plain[:] = False
    other = ~plain & (text != "").to_numpy(dtype=bool, na_value=False)
    if other.any():
        numbers[other] = pd.to_numeric(text[other], errors="coerce").astype("float64")
    return pd.Series(numbers, index=text.index)


def _no_markup(cells: pd.Series) -> pd.Series:
    # Markup needs a "<": a plain search rules most columns out before the regex runs.
    if not cells.str.contains("<", regex=False).any():
        return pd.Series(True, index=cells.index)
    return ~cells.str.contains(MARKUP, regex=True)


def _no_markdown(cells: pd.Series) -> pd.Series:
    # Arrow's own regex match, without pandas' wrapping of it: half the time on long text.
    try:
        arrow = pyarrow.chunked_array(cells.array.__arrow_array__())
    except (AttributeError, TypeError, pyarrow.ArrowException):
        return ~cells.str.contains(MARKDOWN_ANY, regex=True).fillna(False)
    hit = pyarrow_compute.match_substring_regex(arrow, MARKDOWN_ANY)
    return pd.Series(~hit.to_numpy(zero_copy_only=False).astype(bool), index=cells.index)


def _matching(cells: pd.Series, pattern: str) -> np.ndarray:
    """Which cells contain `pattern`, by Arrow's own regex match where the column allows:
    on a million addresses it took about 0.10 s of CPU where pandas' wrapping took 0.16 s."""
    try:
        arrow = pyarrow.chunked_array(cells.array.__arrow_array__())
    except (AttributeError, TypeError, pyarrow.ArrowException):
        return cells.str.contains(pattern, regex=True).to_numpy(dtype=bool, na_value=False)
    hit = pyarrow_compute.match_substring_regex(arrow, pattern)
    return hit.to_numpy(zero_copy_only=False).astype(bool)


def _unique(cells: pd.Series) -> pd.Series:
    if cells.is_unique:  # the usual key column: one hashing pass settles it
        return pd.Series(True, index=cells.index)
    return (cells == "") | ~cells.duplicated(keep="first")


TYPE_CHECKS: dict[str, tuple[str, Callable[[pd.Series], pd.Series]]] = {
    INTEGER: ("type_integer", _matches(WHOLE_NUMBER)),
    DECIMAL: ("type_decimal", _matches(PLAIN_NUMBER)),
    DATE: ("type_date", _valid_date),
    BOOLEAN: ("type_boolean", _boolean),
    URL: ("type_url", _matches(URL_PATTERN)),
}


@dataclass(frozen=True)
class Check:
    """One declared constraint over a column's cells: True where a cell is acceptable.

    Each is a vectorised function of the whole column. The validator runs every check of
    every column and keeps every failure (no first-error stop), which is all it needed of
    pandera's lazy mode: doing it here costs no second of import at every cold start.
    """

    code: str
    accepts: Callable[[pd.Series], pd.Series]
    # Whether a cell's answer depends on its value alone (not on the other rows): such a
    # check may run once per distinct value of a column and be spread back to the rows.
    per_value: bool = True


def _check(code: str, fn: Callable[[pd.Series], pd.Series], per_value: bool = True) -> Check:
    return Check(code, fn, per_value)


def column_checks(column: Column) -> list[Check]:
    """The checks of one declared column over its stripped cells, named by code."""
    checks: list[Check] = []
    if column.required:
        checks.append(_check("required", lambda s: ~_blank(s)))
    if column.kind in TYPE_CHECKS:
        checks.append(_check(*TYPE_CHECKS[column.kind]))
    if column.pattern:
        checks.append(_check("pattern", _matches(column.pattern)))
    if column.allowed:
        allowed = list(column.allowed)
        checks.append(_check("allowed", lambda s: _blank(s) | s.isin(allowed)))
    if column.minimum is not None or column.maximum is not None:
        checks.append(_check("range", _in_range(column)))
    if column.unique:
        checks.append(_check("unique", _unique, per_value=False))
    return checks


def raw_checks(column: Column) -> list[Check]:
    """Checks over the cells exactly as typed: formula starts and markup in text, and
    Markdown-looking text in free-text columns (not codes, ids or listed values)."""
    if column.kind != TEXT:
        return []
    checks = [_check("formula", lambda s: ~s.str.slice(0, 1).isin(FORMULA_START)),
              _check("markup", _no_markup)]
    if not (column.allowed or column.pattern or column.references):
        checks.append(_check("markdown", _no_markdown))
    return checks


def is_key(table: Table, column: Column) -> bool:
    """Identifiers: the table's own key and the columns pointing at another table's."""
    return column.name == table.primary_key or column.references is not None


@functools.cache
def table_checks(table: Table, raw: bool = False) -> tuple[tuple[str, tuple[Check, ...]], ...]:
    """The checks of every declared column, over its stripped (or raw) text cells."""
    build = raw_checks if raw else column_checks
    return tuple((c.name, tuple(build(c))) for c in table.columns)


DISTINCT_SAMPLE = 4096  # rows looked at to tell a column of repeated values from one of ids
DISTINCT_SHARE = 4  # a column is checked by value when it has under 1/4 as many values as rows
# A sample this share distinct or more is ids or titles. Dates fall below it: 4,500 dates
# over a million rows still show 2,600 distinct ones in the first 4,096.
SAMPLE_DISTINCT_SHARE = 0.9


@dataclass(frozen=True)
class Distinct:
    """A column as its distinct values and, for each row, which one it holds.

    Codes, choices, dates and numbers repeat a few thousand values over a million rows: each
    check runs once per value and its answer is spread back to the rows by the codes.
    """

    codes: np.ndarray
    values: pd.Series  # each distinct value as typed
    stripped: pd.Series  # the same, without the spaces around it

    def spread(self, per_value: pd.Series) -> np.ndarray:
        """A check's answer for each value, as the answer for each row."""
        return np.asarray(per_value.to_numpy(dtype=bool, na_value=False), dtype=bool)[self.codes]


def distinct(cells: pd.Series, force: bool = False) -> Distinct | None:
    """The column by its distinct values, or None when it has about as many as rows (ids,
    titles: encoding them costs more than checking them) or holds a missing cell. A sample
    of its first rows decides before the whole column is encoded; `force` skips the guess."""
    if not force:
        sample = cells.iloc[:DISTINCT_SAMPLE]
        if not len(sample) or sample.nunique(dropna=False) > SAMPLE_DISTINCT_SHARE * len(sample):
            return None
    codes, values = cells.array.factorize()
    if (not force and len(values) * DISTINCT_SHARE > len(cells)) or (codes < 0).any():
        return None
    values = pd.Series(values)
    return Distinct(codes, values, strip_cells(values))


def distinct_columns(frame: pd.DataFrame, names: list[str], by_value: bool | None = None
                     ) -> dict[str, Distinct]:
    """`distinct` of each column that repeats its values; `by_value` True encodes every
    column, False none (the two give the same problems: a test compares them)."""
    if by_value is False:
        return {}
    found = {name: distinct(frame[name], force=bool(by_value)) for name in names}
    return {name: d for name, d in found.items() if d is not None}


def _failures(checks: tuple[tuple[str, tuple[Check, ...]], ...], cells: pd.DataFrame,
              by_value: Mapping[str, pd.Series], codes: Mapping[str, Distinct]
              ) -> Iterator[tuple[str, str, int]]:
    """(column, code, row position) of every cell that a check refuses, all of them.

    A column in `by_value` (its distinct values, as `cells` holds them) is checked once per
    value by the checks that allow it, the answers spread to the rows with `codes`."""
    for name, column_checks_ in checks:
        if name not in cells:
            continue
        for check in column_checks_:
            if check.per_value and name in by_value:
                accepted = codes[name].spread(check.accepts(by_value[name]))
            else:
                accepted = check.accepts(cells[name]).to_numpy(dtype=bool, na_value=False)
            for row in np.flatnonzero(~np.asarray(accepted, dtype=bool)).tolist():
                yield name, check.code, row


def stripped_cells(frame: pd.DataFrame, names: list[str],
                   distinct: Mapping[str, Distinct] | None = None) -> pd.DataFrame:
    """Each column stripped of surrounding spaces, once; a column in `distinct` whose
    values have none is taken as it is, without looking at its cells."""
    def stripped(name: str) -> pd.Series:
        values = distinct.get(name) if distinct else None
        if values is not None and bool((values.values == values.stripped).all()):
            return frame[name]
        return strip_cells(frame[name])
    return pd.DataFrame({name: stripped(name) for name in names}, index=frame.index)


def _message_params(column: Column, code: str) -> dict[str, object]:
    if code == "allowed":
        return {"allowed": ", ".join(column.allowed)}
    if code == "range":
        return {"minimum": _plain(column.minimum), "maximum": _plain(column.maximum)}
    if code == "pattern":
        return {"hint": column.pattern_hint, "example": column.example}
    if code.startswith("type_"):
        return {"example": column.example}
    return {}


def _plain(number: float | None) -> str:
    if number is None:
        return "…"
    return str(int(number)) if float(number).is_integer() else str(number)


class _WarningCap:
    """Warnings of one kind past the first MAX_LOCATED of a file are counted, not built: a
    million rows that each earn one are told in a thousand and one lines, as the loader
    tells broken lines, and not in a minute. Errors are all kept (they hold rows back)."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.seen: Counter[str] = Counter()

    def take(self, code: str) -> bool:
        """Count one more warning of `code`; whether it is still to be listed."""
        self.seen[code] += 1
        return self.seen[code] <= MAX_LOCATED

    def summary(self) -> list[Problem]:
        return [found for code, total in self.seen.items()
                for found in unlisted(self.file, code, WARNING, total)]


def check_cells(parsed: Parsed, table: Table, stripped: pd.DataFrame | None = None,
                by_value: bool | None = None, distinct: Mapping[str, Distinct] | None = None
                ) -> list[Problem]:
    """Run every check of every column; every failure becomes a located problem.

    Columns that repeat their values are checked once per value (`distinct`, else found by
    `distinct_columns` with `by_value`); the problems are the same either way."""
    frame = parsed.frame
    if frame.empty:
        return []
    known = [c for c in table.column_names if c in frame.columns]
    stripped = stripped_cells(frame, known) if stripped is None else stripped
    codes = distinct_columns(frame, known, by_value) if distinct is None else distinct
    found: list[Problem] = []
    cap = _WarningCap(table.file_name)
    for name in known:
        if name in codes:
            spaced = codes[name].spread(codes[name].values != codes[name].stripped)
        else:
            spaced = (frame[name] != stripped[name]).to_numpy(dtype=bool, na_value=False)
        # An identifier must be exact: the app joins tables on the cells as typed, so a
        # space around one is an error (its row is held back), never a silent mismatch.
        key = is_key(table, table.column(name))
        code, severity = ("id_whitespace", ERROR) if key else ("whitespace", WARNING)
        for row in np.flatnonzero(spaced):
            if severity == WARNING and not cap.take(code):
                continue
            found.append(problem(table.file_name, int(parsed.lines[row]), name,
                                 frame[name].iat[row], code, severity))
    for checks, cells, values in (
            (table_checks(table), stripped, {n: d.stripped for n, d in codes.items()}),
            (table_checks(table, raw=True), frame[known], {n: d.values for n, d in codes.items()})):
        for name, code, row in _failures(checks, cells, values, codes):
            if code in WARNING_CODES and not cap.take(code):
                continue
            column = table.column(name)
            value = frame[column.name].iat[row]
            params = _message_params(column, code)
            if code == "unique":
                params["first_line"] = _first_line(parsed, stripped[column.name], row)
            if code == "formula":
                params["start"] = repr(str(value)[:1])
            if code == "markdown":
                params["what_key"] = _markdown_kind(str(value))
            if code == "type_date":
                code, params = _date_advice(column, stripped[column.name].iat[row], params)
            severity = WARNING if code in WARNING_CODES else ERROR
            found.append(problem(table.file_name, int(parsed.lines[row]), column.name, value,
                                 code, severity, **params))
    return found + cap.summary()


def _markdown_kind(value: str) -> str:
    """The first kind of markup a cell looks like, as a message key."""
    for key, pattern in MARKDOWN.items():
        if re.search(pattern, value):
            return key
    return "problem_word.web_address"


DAY_MONTH_YEAR = re.compile(r"([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{4})")
YEAR_MONTH_DAY = re.compile(r"([0-9]{4})([/.-])([0-9]{1,2})\2([0-9]{1,2})")


def _date_advice(column: Column, value: str, params: dict[str, object]
                 ) -> tuple[str, dict[str, object]]:
    """A date cell that is not ISO, said plainly when its meaning is clear: an Excel date
    number (`46022`) or a day, month and year in another order (`31/12/2026`). Anything
    ambiguous (`09/07/2020`: July or September?) keeps the general date message."""
    low = int(column.minimum) if column.minimum is not None else 1900
    high = int(column.maximum) if column.maximum is not None else 9999
    if re.fullmatch(r"[0-9]{5}(\.[0-9]+)?", value):
        try:
            date = EXCEL_EPOCH + dt.timedelta(days=int(float(value)))
        except OverflowError:
            return "type_date", params
        if low <= date.year <= high:
            return "date_excel_number", {"date": date.isoformat()}
        return "type_date", params
    suggestion = None
    if match := DAY_MONTH_YEAR.fullmatch(value):
        first, separator, second, year = match.groups()
        a, b = int(first), int(second)
        if separator == "." or a > 12 or a == b:  # dots are day.month.year everywhere
            suggestion = _iso(int(year), b, a)
        elif b > 12:  # month/day/year, as in the United States
            suggestion = _iso(int(year), a, b)
    elif match := YEAR_MONTH_DAY.fullmatch(value):
        year, _, month, day = match.groups()
        suggestion = _iso(int(year), int(month), int(day))
    elif match := re.fullmatch(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", value):
        suggestion = _iso(*(int(part) for part in match.groups()))
    if suggestion is None or suggestion == value:
        return "type_date", params
    return "date_reorder", {"suggestion": suggestion}


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _first_line(parsed: Parsed, stripped: pd.Series, row: int) -> int:
    first = int(np.flatnonzero((stripped == stripped.iat[row]).to_numpy())[0])
    return int(parsed.lines[first])


def check_rows(parsed: Parsed, table: Table, stripped: pd.DataFrame | None = None,
               distinct: Mapping[str, Distinct] | None = None) -> list[Problem]:
    """Checks across the cells of a row, and exact duplicate rows; the columns in `distinct`
    are compared through their distinct values."""
    frame = parsed.frame
    found: list[Problem] = []
    if frame.empty:
        return found
    dates: dict[str, tuple[pd.Series, np.ndarray, np.ndarray]] = {}  # each column read once
    for first, second in table.ordered_dates:
        if first not in frame or second not in frame:
            continue
        if distinct and first in distinct and second in distinct:
            wrong = _ends_before_by_value(distinct[first], distinct[second])
        else:
            for name in (first, second):
                if name not in dates:
                    dates[name] = _date_text(frame[name] if stripped is None
                                             else stripped[name])
            wrong = _ends_before(dates[first], dates[second])
        for row in np.flatnonzero(wrong):
            found.append(problem(table.file_name, int(parsed.lines[row]), second,
                                 frame[second].iat[row], "order", other=first,
                                 other_value=frame[first].iat[row]))
    found.extend(_source_problems(parsed, table, stripped))
    key = table.primary_key
    if key in frame and frame[key].is_unique:
        return found  # rows with distinct keys cannot repeat: skip comparing whole rows
    repeated = frame.duplicated(keep=False).to_numpy()
    if repeated.any():
        firsts: dict[tuple[str, ...], int] = {}
        for row in np.flatnonzero(repeated):
            key = tuple(frame.iloc[row])
            if key in firsts:
                found.append(problem(table.file_name, int(parsed.lines[row]), None, None,
                                     "duplicate_row", first_line=firsts[key]))
            else:
                firsts[key] = int(parsed.lines[row])
    return found


def _source_problems(parsed: Parsed, table: Table,
                     stripped: pd.DataFrame | None) -> list[Problem]:
    """Where a row cites its facts. In a table that also holds examples (`illustrative`), a
    published row cites its source and an example row cites none (a page cited beside an
    example would read as the page that shows it). A published row citing a site's home
    page is warned of: a home page shows no particular fact, so nobody can check one."""
    frame = parsed.frame if stripped is None else stripped
    if "source" not in frame:
        return []
    if "illustrative" in frame:
        example = frame["illustrative"].str.strip().str.lower().isin(TRUE_WORDS).to_numpy()
    else:
        example = np.zeros(len(frame), dtype=bool)
    blank = _blank(frame["source"]).to_numpy()
    found = []
    if "illustrative" in frame:
        found += [problem(table.file_name, int(parsed.lines[row]), "source", "", "required")
                  for row in np.flatnonzero(~example & blank)]
        cited = np.flatnonzero(example & ~blank)
        found += [problem(table.file_name, int(parsed.lines[row]), "source",
                          parsed.frame["source"].iat[row], "example_source", WARNING)
                  for row in cited[:MAX_LOCATED]]
        found += unlisted(table.file_name, "example_source", WARNING, len(cited))
    cells = strip_cells(frame["source"]) if stripped is None else frame["source"]
    home = np.flatnonzero(_matching(cells, HOME_PAGE) & ~example)
    for row in home[:MAX_LOCATED]:
        found.append(problem(table.file_name, int(parsed.lines[row]), "source",
                             parsed.frame["source"].iat[row], "source_home_page", WARNING,
                             page=" ".join(home_pages(cells.iat[row])) or cells.iat[row]))
    return found + unlisted(table.file_name, "source_home_page", WARNING, len(home))


def _date_text(cells: pd.Series) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """A date column as stripped text, which cells are dates, and how long each is."""
    text = strip_cells(cells)
    shaped = text.str.fullmatch(DATE_PATTERN).to_numpy(dtype=bool, na_value=False)
    length = text.str.len().to_numpy(dtype="int64", na_value=0)
    return text, shaped, length


def _ends_before(start: tuple[pd.Series, np.ndarray, np.ndarray],
                 end: tuple[pd.Series, np.ndarray, np.ndarray]) -> np.ndarray:
    """Rows whose end comes before their start, comparing ISO text as it sorts.

    Two full dates compare as they are. A partial date is widened to the span it may mean
    ("2027-07" runs from "2027-07-00" to "2027-07-99"): the end's latest day against the
    start's earliest. No date is parsed; cells that are not dates are left to their check.
    """
    start_text, start_ok, start_len = start
    end_text, end_ok, end_len = end
    both = start_ok & end_ok
    full = both & (start_len == 10) & (end_len == 10)
    wrong = np.zeros(len(start_text), dtype=bool)
    if full.any():
        wrong[full] = (end_text[full] < start_text[full]).to_numpy(dtype=bool)
    partial = both & ~full
    if partial.any():
        low = _widen(start_text[partial], start_len[partial], "00")
        high = _widen(end_text[partial], end_len[partial], "99")
        wrong[partial] = (high < low).to_numpy(dtype=bool)
    return wrong


def _ends_before_by_value(start: Distinct, end: Distinct) -> np.ndarray:
    """`_ends_before` through each column's distinct values: each is widened once, the
    two columns' values ranked in one sorted order, and the rows compare their ranks."""
    widened = []
    for column, fill in ((start, "00"), (end, "99")):
        _, shaped, length = _date_text(column.stripped)
        widened.append((shaped, _widen(column.stripped, length, fill).to_numpy(dtype=object)))
    (start_ok, low), (end_ok, high) = widened
    # Full dates are left as they are by _widen: one comparison covers full and partial ones.
    _, ranks = np.unique(np.concatenate([low, high]), return_inverse=True)
    low_rank, high_rank = ranks[:len(low)], ranks[len(low):]
    return (start_ok[start.codes] & end_ok[end.codes]
            & (high_rank[end.codes] < low_rank[start.codes]))


def _widen(text: pd.Series, length: np.ndarray, fill: str) -> pd.Series:
    """Year or month dates written out to a day that sorts first ("00") or last ("99")."""
    text = text.where(length != 4, text + f"-{fill}-{fill}")
    return text.where(length != 7, text + f"-{fill}")


def check_references(results: Mapping[str, TableResult]) -> list[Problem]:
    """Foreign keys across tables, and one main campus per university."""
    found: list[Problem] = []
    for result in results.values():
        frame = result.parsed.frame
        for column in result.table.columns:
            if not column.references or column.name not in frame or frame.empty:
                continue
            target_name, target_column = column.references.split(".")
            target = results.get(target_name)
            if target is None or target_column not in target.parsed.frame:
                continue
            keys = strip_cells(target.parsed.frame[target_column])
            cells = strip_cells(frame[column.name])
            dangling = ((cells != "") & ~cells.isin(keys)).to_numpy()
            for row in np.flatnonzero(dangling):
                found.append(problem(result.table.file_name, int(result.parsed.lines[row]),
                                     column.name, frame[column.name].iat[row], "foreign_key",
                                     target_file=TABLES_BY_NAME[target_name].file_name,
                                     target_column=target_column))
    found.extend(_main_campus_problems(results))
    return found


def _main_campus_problems(results: Mapping[str, TableResult]) -> list[Problem]:
    locations = results.get("locations")
    universities = results.get("universities")
    if locations is None or universities is None:
        return []
    frame = locations.parsed.frame
    if frame.empty or "main" not in frame or "university_id" not in frame:
        return []
    is_main = frame["main"].str.strip().str.lower().isin(TRUE_WORDS)
    counts = is_main.groupby(frame["university_id"].str.strip()).sum()
    found = []
    ids = universities.parsed.frame.get("id")
    members = [] if ids is None else ids.str.strip().tolist()
    for university in members:
        count = int(counts.get(university, 0))
        if count != 1:
            first_row = np.flatnonzero((frame["university_id"].str.strip() == university)
                                       .to_numpy())
            line = int(locations.parsed.lines[first_row[0]]) if len(first_row) else None
            found.append(problem(locations.table.file_name, line, "main", university,
                                 "main_campus", count=count))
    return found


def typed(parsed: Parsed, table: Table, problems: list[Problem],
          stripped: pd.DataFrame | None = None,
          distinct: Mapping[str, Distinct] | None = None) -> pd.DataFrame:
    """Cells converted to their kinds; rows with an error are left out. Empty means missing.
    The columns in `distinct` are converted once per distinct value."""
    frame = parsed.frame
    bad_lines = {p.line for p in problems if p.severity == ERROR and p.line not in (None, 1)}
    keep = ~np.isin(parsed.lines, list(bad_lines)) if bad_lines else np.ones(len(frame), bool)
    out = pd.DataFrame(index=range(int(keep.sum())))
    every = bool(keep.all())  # then the columns are taken as they are, not copied row by row
    for column in table.columns:
        if column.name not in frame:
            out[column.name] = pd.Series([pd.NA] * len(out), dtype="object")
            continue
        cells = (frame[column.name] if every else frame[column.name][keep]
                 ).reset_index(drop=True)
        bare = (cells.str.strip() if stripped is None
                else (stripped[column.name] if every else stripped[column.name][keep]
                      ).reset_index(drop=True))
        # Text keeps the spaces as typed (a warning says so); other kinds read the bare value.
        value = cells if column.kind == TEXT else bare
        values = distinct.get(column.name) if distinct else None
        if values is not None:  # converted once per value, then taken for each row kept
            rows = values.codes if every else values.codes[keep]
            bare_values = values.stripped
        else:
            rows, bare_values = slice(None), bare
        if column.kind in (INTEGER, DECIMAL):
            numbers = pd.Series(_numbers(bare_values).to_numpy()[rows]).astype("Float64")
            out[column.name] = numbers.astype("Int64") if column.kind == INTEGER else numbers
        elif column.kind == BOOLEAN:
            lowered = bare_values.str.lower()
            out[column.name] = pd.array(
                np.where(lowered.isin(TRUE_WORDS), True, np.where(lowered.isin(FALSE_WORDS),
                                                                   False, None))[rows],
                dtype="boolean")
        else:
            missing = (bare_values == "").to_numpy(dtype=bool, na_value=False)[rows]
            out[column.name] = missing_as_null(value, missing) if missing.any() else value
    return out


def missing_as_null(cells: pd.Series, missing: np.ndarray) -> pd.Series:
    """`cells.where(~missing)`: for Arrow text, the same text buffers under a validity bitmap
    instead of a copy of every cell (a tenth of a second per column of a million rows)."""
    try:
        chunks = pyarrow.chunked_array(cells.array.__arrow_array__()).chunks
    except (AttributeError, TypeError, pyarrow.ArrowException):
        return cells.where(~missing)
    rebuilt, at = [], 0
    for chunk in chunks:
        if chunk.null_count or chunk.offset or not (pyarrow.types.is_string(chunk.type)
                                                    or pyarrow.types.is_large_string(chunk.type)):
            return cells.where(~missing)
        valid = pyarrow.array(~missing[at:at + len(chunk)]).buffers()[1]
        _, offsets, data = chunk.buffers()
        rebuilt.append(pyarrow.Array.from_buffers(chunk.type, len(chunk), [valid, offsets, data]))
        at += len(chunk)
    text = pyarrow.chunked_array(rebuilt, type=cells.array.__arrow_array__().type)
    return pd.Series(pd.arrays.ArrowStringArray(text), index=cells.index, dtype=cells.dtype)


def _broken(table: Table, exc: BaseException) -> Parsed:
    """A table whose reading or checking raised: one located problem, no rows served."""
    LOG.error("checking %s failed", table.file_name, exc_info=exc)
    return failed(table.file_name, problem(table.file_name, None, None, None,
                                            "file_unreadable", reason=type(exc).__name__))


def check_parsed(parsed: Mapping[str, Parsed], by_value: bool | None = None) -> Report:
    """Validate already-parsed tables together: cells, rows, then references across tables.

    Never raises: a check that fails on a table turns into a located problem on that table,
    whose rows are then held back, and the other tables are checked as usual. `by_value` is
    passed on to `check_cells`.
    """
    results = {name: TableResult(TABLES_BY_NAME[name], p, list(p.problems))
               for name, p in parsed.items()}
    stripped: dict[str, pd.DataFrame] = {}
    codes: dict[str, dict[str, Distinct]] = {}  # columns that repeat their values
    for name, result in results.items():
        try:
            if result.parsed.usable and not result.parsed.frame.empty:
                frame = result.parsed.frame
                known = [c for c in result.table.column_names if c in frame.columns]
                codes[name] = distinct_columns(frame, known, by_value)
                stripped[name] = stripped_cells(frame, known, codes[name])
                result.problems.extend(check_cells(result.parsed, result.table,
                                                   stripped[name], distinct=codes[name]))
                result.problems.extend(check_rows(result.parsed, result.table, stripped[name],
                                                  codes[name]))
        except Exception as exc:  # never let one table's data take the whole report down
            result.parsed = _broken(result.table, exc)
            result.problems = list(result.parsed.problems)
            stripped.pop(name, None)
            codes.pop(name, None)
    try:
        references = check_references(results)
    except Exception as exc:
        LOG.error("checking references failed", exc_info=exc)
        references = [problem(r.table.file_name, None, None, None, "file_unreadable",
                              reason=type(exc).__name__)
                      for r in results.values() if any(c.references for c in r.table.columns)]
    for found in references:
        results[found.file.removesuffix(".csv")].problems.append(found)
    for result in results.values():
        order = {name: i for i, name in enumerate(result.table.column_names)}
        # A file's own problems first, then by line; "and N more like these" last.
        result.problems.sort(key=lambda p: (p.code == "more_of_kind", p.line or 0,
                                            order.get(p.column or "", -1), p.code))
        try:
            result.typed = typed(result.parsed, result.table, result.problems,
                                 stripped.get(result.table.name),
                                 codes.get(result.table.name))
        except Exception as exc:
            result.parsed = _broken(result.table, exc)
            result.problems.extend(result.parsed.problems)
            result.typed = typed(result.parsed, result.table, result.problems)
    return Report(results)


def check_folder(folder: Path, overrides: Mapping[str, bytes] | None = None,
                 tables: tuple[Table, ...] = TABLES) -> Report:
    """Validate every table of a data folder; `overrides` stands in for files' content.

    Never raises, whatever the folder holds: each table's problems are located records.
    """
    parsed: dict[str, Parsed] = {}
    for table in tables:
        try:
            if overrides and table.name in overrides:
                parsed[table.name] = parse_csv(overrides[table.name], table)
            else:
                parsed[table.name] = read_table(folder, table)
        except Exception as exc:
            parsed[table.name] = _broken(table, exc)
    report = check_parsed(parsed)
    report.identity = identity_problems(folder)
    return report


def identity_problems(folder: Path) -> list[Problem]:
    """alliance.toml's problems, each with its line (`alliance.identity`)."""
    path = Path(folder) / IDENTITY_FILE
    try:  # never a device or a pipe, never more than a small file's worth
        text = read_regular(path, max_bytes=MAX_IDENTITY_BYTES).decode("utf-8")
    except FileNotFoundError:
        return [problem(IDENTITY_FILE, None, None, None, "file_missing", folder=folder.name)]
    except (OSError, UnicodeDecodeError) as exc:
        return [problem(IDENTITY_FILE, None, None, None, "file_unreadable",
                        reason=getattr(exc, "strerror", None) or type(exc).__name__)]
    return check_identity(text)[1]
