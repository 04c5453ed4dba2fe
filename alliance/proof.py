"""Proof that a data folder is clean, over Arrow alone: the command line's quick answer.

`proves_clean(folder)` is True only when `alliance.validate.check_folder(folder)` would find
no problem at all, error or warning. Each condition here is the validator's own or a
stricter one: a carriage return, a quoted header, a quote in an unquoted cell, a space
around a cell, any invisible character or any value a check might refuse makes it answer
False, and `python -m alliance validate` then runs the validator, which locates and
explains every problem. A clean folder, what an analyst usually has, is so checked without importing
pandas or scanning the bytes record by record: on a million rows in a fraction of the time.
A test compares the two answers on every malformed and hostile folder of the suite.

Written here because no library checks a declared table schema over Arrow's arrays; the
patterns are the validator's own (`alliance.patterns`).
"""

from __future__ import annotations

import datetime as dt
import functools
import mmap
import os
import re
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from alliance.files import UTF8_BOM, map_regular, read_regular
from alliance.identity import IDENTITY_FILE, MAX_IDENTITY_BYTES, check_identity
from alliance.limits import MAX_CELL_CHARS, MAX_COLUMNS
from alliance.patterns import (
    BOM,
    FORMAT_CHARACTERS,
    FORMULA_CHARACTERS,
    HOME_PAGE,
    MARKDOWN_ANY,
    MARKUP,
    PLAIN_NUMBER,
    SPACES,
    WHOLE_NUMBER,
    without_space_class,
)
from alliance.schema import (
    BOOLEAN,
    DATE,
    DATE_PATTERN,
    DECIMAL,
    FALSE_WORDS,
    INTEGER,
    TABLES,
    TEXT,
    TRUE_WORDS,
    URL,
    URL_PATTERN,
    Column,
    Table,
)

# What no cell may hold here: control characters (C0, DEL, C1), and the byte-order marks and
# invisible format characters the loader reports.
HIDDEN = "[\\x00-\\x1f\\x7f-\\x9f" + "".join(
    f"\\x{{{point:04X}}}" for point in sorted({BOM, *FORMAT_CHARACTERS})) + "]"
# Formula starts; tab and carriage return are refused above with every control character.
FORMULA = "^(?:" + "|".join(re.escape(c) for c in FORMULA_CHARACTERS if c >= " ") + ")"
TYPE_PATTERNS = {INTEGER: WHOLE_NUMBER, DECIMAL: PLAIN_NUMBER,
                 URL: without_space_class(URL_PATTERN)}
# Days 29 to 31 are read as calendar dates, as the validator reads them (through pandas,
# whose timestamps run from 1677 to 2262): a year outside that span is left to it.
CALENDAR_YEARS = (1678, 2261)
DISTINCT_SAMPLE = 4096  # first rows that tell ids and titles from repeated values
BLOCK = 1 << 20  # Arrow's read blocks, as the loader's: both cores busy, small buffers


def _texts(words: Iterable[str]) -> pa.Array:
    """Arrow text built from its buffers: `pa.array` and `pa.scalar` of Python values make
    pyarrow import pandas (a quarter of a second) to ask whether the value is pandas'."""
    encoded = [word.encode("utf-8") for word in words]
    offsets = np.cumsum([0] + [len(e) for e in encoded], dtype=np.int64)
    return pa.Array.from_buffers(pa.large_string(), len(encoded),
                                 [None, pa.py_buffer(offsets.tobytes()),
                                  pa.py_buffer(b"".join(encoded))])


def _integer(number: int) -> pa.Scalar:
    return pa.Array.from_buffers(pa.int64(), 1, [None, pa.py_buffer(
        np.array([number], dtype=np.int64).tobytes())])[0]


def _numbers(codes: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Integer codes without nulls as numpy, read from the buffers (`to_numpy` imports pandas)."""
    chunks = codes.chunks if isinstance(codes, pa.ChunkedArray) else [codes]
    width = {pa.int32(): np.int32, pa.int64(): np.int64}
    return np.concatenate([np.frombuffer(chunk.buffers()[1], dtype=width[chunk.type])[
        chunk.offset:chunk.offset + len(chunk)] for chunk in chunks]
        or [np.zeros(0, dtype=np.int64)])


def _flags(mask: pa.Array) -> np.ndarray:
    """A boolean array without nulls as numpy, from its bits."""
    if mask.null_count:
        raise ValueError("a check answered nothing for some value")
    bits = np.unpackbits(np.frombuffer(mask.buffers()[1], dtype=np.uint8), bitorder="little")
    return bits[mask.offset:mask.offset + len(mask)].astype(bool)


ZERO, TEN = _integer(0), _integer(10)
DAY_28 = _texts(["28"])[0]


def proves_clean(folder: Path, workers: int | None = None) -> bool:
    """True when every table and alliance.toml of `folder` is free of any problem the
    validator reports; False when that is not proven (the validator then says what)."""
    try:
        return _proves_clean(Path(folder), workers or os.cpu_count() or 1)
    except Exception:  # whatever went wrong here, the validator reads the folder again and
        return False  # says what it is: this answer can only be slower, never wrong
    finally:  # the validator may come next: hand the cells' memory back now, not later
        # (Arrow's default pool, not the loader's jemalloc one: here it reads as fast, in a
        # fresh process faster, and gives freed memory back; jemalloc kept 400 MB of it.)
        pa.default_memory_pool().release_unused()


def _proves_clean(folder: Path, workers: int) -> bool:
    if not _identity_clean(folder):
        return False
    with ThreadPoolExecutor(max_workers=workers) as pool:  # Arrow's kernels leave the GIL
        tables: dict[str, pa.Table] = {}
        for table in TABLES:
            read = _read(folder, table, pool)
            if read is None:
                return False
            tables[table.name] = read
        # The longest first: keys' uniqueness (it may hash every cell), rows, then columns.
        columns = [(table, table.column(name), tables[table.name])
                   for table in TABLES for name in tables[table.name].column_names]
        checks = [pool.submit(_unique, column, read) for _, column, read in columns
                  if column.unique]
        checks += [pool.submit(_rows_clean, table, tables[table.name]) for table in TABLES]
        checks += [pool.submit(_column_clean, *column) for column in columns]
        if not all(check.result() for check in checks):
            return False
    return _references_clean(tables) and _main_campus_clean(tables)


def _identity_clean(folder: Path) -> bool:
    data = read_regular(folder / IDENTITY_FILE, max_bytes=MAX_IDENTITY_BYTES)
    if len(data) > MAX_IDENTITY_BYTES:
        return False
    return not check_identity(data.decode("utf-8"))[1]


def _read(folder: Path, table: Table, pool: ThreadPoolExecutor) -> pa.Table | None:
    """The table's cells as Arrow text, or None unless the file is plain: UTF-8, LF line
    ends, the header's known names exactly, every line a row of as many cells."""
    data = map_regular(folder / table.file_name)
    start = len(UTF8_BOM) if data[:len(UTF8_BOM)] == UTF8_BOM else 0
    end = data.find(b"\n", start)
    if end <= start or data.find(b"\r") >= 0:
        return None
    header_text = data[start:end].decode("utf-8")
    if len(header_text) > MAX_CELL_CHARS or _hidden(header_text) or ";" in header_text:
        return None
    header = header_text.split(",")
    known = set(table.column_names)
    if (len(header) > MAX_COLUMNS or len(set(header)) != len(header)
            or not set(header) <= known or not set(table.required_columns) <= set(header)):
        return None
    scanned = pool.submit(_lines_and_quotes, data, end + 1)
    try:
        read = pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(data)),
            read_options=pacsv.ReadOptions(column_names=header, skip_rows=1, block_size=BLOCK,
                                           encoding="utf8"),
            parse_options=pacsv.ParseOptions(delimiter=",", newlines_in_values=False,
                                             ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.large_string() for name in header}, null_values=[],
                strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, ValueError):
        return None
    finally:
        lines, quotes_plain = scanned.result()
    return read if quotes_plain and read.num_rows == lines > 0 else None


def _hidden(text: str) -> bool:
    return any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F or ord(c) == BOM
               or ord(c) in FORMAT_CHARACTERS or c == '"' for c in text)  # no quoted names


def _lines_and_quotes(data: bytes | mmap.mmap, body: int) -> tuple[int, bool]:
    """How many lines the rows take, and whether every quote of the rows is where the loader
    reads it as plain CSV.

    Lines: no cell holds a line break (`HIDDEN`), so each is a row, and Arrow must have read
    as many rows. It may not: its blocks are cut at a line feed, and one inside a quoted
    cell at a block's edge drops the part of the row before it without a word.

    Quotes: one opens a cell
    (after a delimiter or a line break), two in a quoted cell stand for one, and one closes
    the cell (before a delimiter or a line break). Arrow would read `"a"b` as `ab`, where the
    loader reports a stray quote.

    Read from runs of adjacent quotes rather than quote by quote: a run of odd length
    enters or leaves a quoted cell, one of even length does not (an empty cell, or quotes
    doubled inside one), so whether each run starts inside a cell is a running parity."""
    buffer = np.frombuffer(data, dtype=np.uint8, offset=body)
    size, chunk = len(buffer), 1 << 20  # each part read while it is in the cache
    lines = int(size > 0 and buffer[-1] != 10)  # a last line without its line feed
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for part in range(0, size, chunk):
        lines += int(np.count_nonzero(buffer[part:part + chunk] == 10))
        at = np.flatnonzero(buffer[part:part + chunk] == 34) + part
        if len(at):
            before = buffer[np.maximum(at - 1, 0)]
            after = buffer[np.minimum(at + 1, size - 1)]
            found.append((at, (before == 44) | (before == 10) | (at == 0),
                          (after == 44) | (after == 10) | (at + 1 == size)))
    if not found:
        return lines, True
    at, opens, closes = (np.concatenate(parts) for parts in zip(*found, strict=True))
    first = np.ones(len(at), dtype=bool)
    first[1:] = at[1:] != at[:-1] + 1
    starts = np.flatnonzero(first)  # each run of adjacent quotes, by its first and last
    lasts = np.append(starts[1:], len(at)) - 1
    odd = ((lasts - starts + 1) % 2).astype(bool)
    inside_before = (np.cumsum(odd) - odd) % 2 == 1
    inside_after = inside_before ^ odd
    bounded = (opens[starts] | inside_before) & (closes[lasts] | inside_after)
    return lines, bool(bounded.all() and not inside_after[-1])


def _any(mask: pa.Array | pa.ChunkedArray) -> bool:
    return bool(pc.any(mask).as_py())


def _all(mask: pa.Array | pa.ChunkedArray) -> bool:
    return len(mask) == 0 or bool(pc.all(mask).as_py())


def _fullmatch(values: pa.Array, pattern: str) -> pa.Array:
    # As pandas' `str.fullmatch` asks Arrow: the pattern grouped, anchored at both ends.
    return pc.match_substring_regex(values, f"^({pattern})$")


def _refused(column: Column) -> str:
    """One pattern for what no cell of `column` may hold anywhere: a hidden character, a
    space at either end (Python's spaces, a wider set than Arrow's trim, which the validator
    compares with), and in free text a formula start, markup or Markdown."""
    spaces = "[" + "".join(f"\\x{{{ord(c):04X}}}" for c in SPACES) + "]"
    parts = [HIDDEN, f"^{spaces}", f"{spaces}$"]
    if column.kind == TEXT:
        parts += [FORMULA, MARKUP]
        if not (column.allowed or column.pattern or column.references):
            parts.append(MARKDOWN_ANY)
    return "|".join(f"(?:{part})" for part in parts)


def _unique(column: Column, read: pa.Table) -> bool:
    """No value twice in the column (the validator lets empty cells repeat; not here).
    Keys in increasing order, as tables are usually kept, need no hashing to tell."""
    cells, rows = read.column(column.name), read.num_rows
    if rows < 2 or _all(pc.less(cells.slice(0, rows - 1), cells.slice(1))):
        return True
    return len(pc.unique(cells)) == rows


def _column_clean(table: Table, column: Column, read: pa.Table) -> bool:
    """Every check of the column but uniqueness: once per distinct value where the column
    repeats them, else on the cells."""
    cells = read.column(column.name)
    if not len(cells):
        return True
    sample = cells.slice(0, DISTINCT_SAMPLE)
    distinct = column.unique or pc.count_distinct(sample).as_py() > 0.9 * len(sample)
    values = cells if distinct else pc.unique(cells)
    if (_any(pc.match_substring_regex(values, _refused(column)))
            or pc.max(pc.binary_length(values)).as_py() + 2 > MAX_CELL_CHARS):
        return False
    blank = pc.equal(pc.binary_length(values), ZERO)
    some_blank = _any(blank)
    if column.required and some_blank:
        return False
    filled = pc.filter(values, pc.invert(blank)) if some_blank else values
    checks: list[Callable[[pa.Array], bool]] = []
    if column.kind in TYPE_PATTERNS:
        checks.append(lambda v: _all(_fullmatch(v, TYPE_PATTERNS[column.kind])))
    if column.kind == DATE:
        checks.append(_calendar_dates)
    if column.kind == BOOLEAN:
        checks.append(lambda v: _all(pc.is_in(pc.utf8_lower(v),
                                              value_set=_texts(TRUE_WORDS + FALSE_WORDS))))
    if column.pattern:
        checks.append(lambda v: _all(_fullmatch(v, without_space_class(column.pattern))))
    if column.allowed:
        checks.append(lambda v: _all(pc.is_in(v, value_set=_texts(column.allowed))))
    if column.minimum is not None or column.maximum is not None:
        checks.append(lambda v: _in_range(column, v))
    return all(check(filled) for check in checks) if len(filled) else True


def _calendar_dates(values: pa.Array) -> bool:
    """ISO dates, partial or whole; a day past the 28th exists in its month."""
    if not _all(_fullmatch(values, DATE_PATTERN)):
        return False
    late = pc.filter(values, pc.and_(
        pc.equal(pc.binary_length(values), TEN),
        pc.greater(pc.utf8_slice_codeunits(values, 8, 10), DAY_28)))
    for text in late.to_pylist():
        year = int(text[:4])
        if not CALENDAR_YEARS[0] <= year <= CALENDAR_YEARS[1]:
            return False
        try:
            dt.date(year, int(text[5:7]), int(text[8:10]))
        except ValueError:
            return False
    return True


def _in_range(column: Column, values: pa.Array) -> bool:
    if column.kind == DATE:  # the year, compared as four-digit text
        if not _all(_fullmatch(values, DATE_PATTERN)):
            return False
        years = pc.utf8_slice_codeunits(values, 0, 4)
        low = f"{int(column.minimum):04d}" if column.minimum is not None else "0000"
        high = f"{int(column.maximum):04d}" if column.maximum is not None else "9999"
        bounds = pc.min_max(years).as_py()
        return low <= bounds["min"] and bounds["max"] <= high
    if not _all(_fullmatch(values, PLAIN_NUMBER)):
        return False  # numbers in other forms are for the validator to read
    bounds = pc.min_max(pc.cast(values, pa.float64())).as_py()
    low = -np.inf if column.minimum is None else column.minimum
    high = np.inf if column.maximum is None else column.maximum
    return bool(low <= bounds["min"] and bounds["max"] <= high)


def _rows_clean(table: Table, read: pa.Table) -> bool:
    """Dates in order, sources as the row's kind needs, no row repeated or empty. Each
    column is read through its distinct values and each row's code for one."""
    names = set(read.column_names)
    seen: dict[str, pa.Array] = {}
    coded: dict[str, tuple[list[str], np.ndarray]] = {}

    def distinct(name: str) -> pa.Array:
        if name not in seen:
            seen[name] = pc.unique(read.column(name))
        return seen[name]

    def codes(name: str) -> tuple[list[str], np.ndarray]:
        if name not in coded:
            values = distinct(name)
            coded[name] = (values.to_pylist(), _numbers(pc.index_in(read.column(name),
                                                                    value_set=values)))
        return coded[name]

    for first, second in table.ordered_dates:
        if first in names and second in names:
            (starts, start_codes), (ends, end_codes) = codes(first), codes(second)
            low, high = _widen(starts, "00"), _widen(ends, "99")
            _, ranks = np.unique(np.array(low + high, dtype=object), return_inverse=True)
            low_rank, high_rank = ranks[:len(low)], ranks[len(low):]
            dated = (np.array([s != "" for s in starts])[start_codes]
                     & np.array([e != "" for e in ends])[end_codes])
            if (dated & (high_rank[end_codes] < low_rank[start_codes])).any():
                return False
    if "source" in names and not _sources_clean(distinct, codes, names):
        return False
    key = table.primary_key
    proven_unique = key in names and table.column(key).unique
    if not proven_unique and not (
            key in names and pc.count_distinct(read.column(key)).as_py() == read.num_rows):
        counts = read.group_by(read.column_names).aggregate([([], "count_all")])
        if pc.max(counts.column("count_all")).as_py() > 1:
            return False
    if not set(table.required_columns) & names:
        empty = functools.reduce(pc.and_, [pc.equal(pc.binary_length(read.column(n)), ZERO)
                                           for n in read.column_names])
        if _any(empty):
            return False
    return True


def _widen(dates: list[str], fill: str) -> list[str]:
    """Year or month dates written out to a day that sorts first ("00") or last ("99")."""
    return [d + f"-{fill}-{fill}" if len(d) == 4 else d + f"-{fill}" if len(d) == 7 else d
            for d in dates]


def _sources_clean(distinct: Callable[[str], pa.Array],
                   codes: Callable[[str], tuple[list[str], np.ndarray]],
                   names: set[str]) -> bool:
    """Published rows cite a page other than a home page; example rows cite none. Read from
    the two columns' distinct values alone when every row is of one kind."""
    sources = distinct("source")
    home_values = _flags(pc.match_substring_regex(sources, HOME_PAGE))
    if "illustrative" not in names:
        return not home_values.any()
    example_values = _flags(pc.is_in(pc.utf8_lower(distinct("illustrative")),
                                     value_set=_texts(TRUE_WORDS)))
    if not example_values.any():  # every row published
        return not home_values.any() and not _any(pc.equal(pc.binary_length(sources), ZERO))
    if example_values.all():  # every row an example
        return len(sources) == 1 and _all(pc.equal(pc.binary_length(sources), ZERO))
    (_, source_codes), (_, kind_codes) = codes("source"), codes("illustrative")
    home = home_values[source_codes]
    example = example_values[kind_codes]
    blank = _flags(pc.equal(pc.binary_length(sources), ZERO))[source_codes]
    return not ((~example & blank).any() or (example & ~blank).any() or (~example & home).any())


def _references_clean(tables: Mapping[str, pa.Table]) -> bool:
    for table in TABLES:
        read = tables[table.name]
        for column in table.columns:
            if not column.references or column.name not in read.column_names:
                continue
            target_name, target_column = column.references.split(".")
            target = tables.get(target_name)
            if target is None or target_column not in target.column_names:
                continue
            cells = pc.unique(read.column(column.name))
            cells = pc.filter(cells, pc.not_equal(pc.binary_length(cells), ZERO))
            if not _all(pc.is_in(cells, value_set=pc.unique(target.column(target_column)))):
                return False
    return True


def _main_campus_clean(tables: Mapping[str, pa.Table]) -> bool:
    """One main campus for each university."""
    locations, universities = tables.get("locations"), tables.get("universities")
    if locations is None or universities is None:
        return True
    if not {"main", "university_id"} <= set(locations.column_names):
        return True
    main = pc.is_in(pc.utf8_lower(locations.column("main")), value_set=_texts(TRUE_WORDS))
    counts: dict[str, int] = {}
    for university in pc.filter(locations.column("university_id"), main).to_pylist():
        counts[university] = counts.get(university, 0) + 1
    members = universities.column("id").to_pylist() if "id" in universities.column_names else []
    return all(counts.get(member, 0) == 1 for member in members)
