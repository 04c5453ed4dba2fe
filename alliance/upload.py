"""Files people bring in (CSV or Excel) read as the text cells of a table, then merged."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import math
import re
import struct
import zipfile
import zlib
from dataclasses import replace

import numpy as np
import pandas as pd

from alliance.limits import (
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_ROWS,
    XLSX_MAX_CELLS,
    XLSX_MAX_RATIO,
    XLSX_MAX_UNPACKED_BYTES,
)
from alliance.loader import Parsed, parse_csv
from alliance.problems import problem
from alliance.schema import Table

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and password-protected .xlsx
XLSX_MAX_PARTS = 10_000  # a workbook has tens; the zip directory is read part by part
XLSX_RATIO_FROM_BYTES = 1_000_000  # the ratio cap applies to parts that unpack beyond this
MODES = ("replace", "append")


def cell_text(value: object) -> str:
    """The text a spreadsheet or editor value stands for, as the schema expects it."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, dt.datetime | dt.date):  # datetime first: it is also a date
        return value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, np.datetime64):
        return "" if np.isnat(value) else pd.Timestamp(value).date().isoformat()
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        number = float(value)
        if math.isnan(number):
            return ""
        if number.is_integer():
            return str(int(number))
        return repr(number)  # shortest text that reads back as the same number: 2.5, 0.1
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    return str(value)


def read_upload(file_name: str, data: bytes, table: Table, *,
                max_bytes: int = MAX_UPLOAD_BYTES, max_rows: int = MAX_UPLOAD_ROWS) -> Parsed:
    """Read an uploaded CSV (any dialect the loader accepts) or XLSX as the table's text cells.

    The content decides, not the name: a workbook renamed `.csv` or a CSV renamed `.xlsx` is
    read for what it is. A file over the caps is refused before it is parsed (a workbook's
    zip directory and row count are checked before openpyxl reads a cell). Problems are
    located as for a CSV of the table: for a workbook, line = spreadsheet row.
    """
    del file_name  # kept for the callers' sake: the name says nothing the bytes do not
    if len(data) > max_bytes:
        # Only max_bytes + 1 bytes may have been read (`import`): the size is "more than".
        return _refused(table, "upload_too_big", max=_mb(max_bytes))
    if data.startswith(OLE_MAGIC):
        return _refused(table, "xlsx_old")
    if data.startswith(ZIP_MAGIC):
        return _read_xlsx(data, table, max_rows)
    # upload=True: the caps on what people bring in, checked before any row is read.
    parsed = parse_csv(data, table, upload=True)
    if len(parsed.frame) > max_rows:
        return _refused(table, "upload_too_many_rows", max=max_rows)
    return parsed


def _mb(size: int) -> int:
    """Megabytes as Streamlit counts its upload limit (MiB), rounded up: whole numbers read
    the same in every language, and a file just over the cap never reads as equal to it."""
    return math.ceil(size / (1 << 20))


def _refused(table: Table, code: str, **params: object) -> Parsed:
    """A file not read at all: one problem that says why, and no rows."""
    found = problem(table.file_name, None, None, None, code, **params)
    return Parsed(table.file_name, pd.DataFrame(), np.zeros(0, dtype=np.int64), problems=[found])


def xlsx_refusal(data: bytes, max_rows: int | None = MAX_UPLOAD_ROWS,
                 max_cells: int | None = XLSX_MAX_CELLS,
                 max_unpacked: int = XLSX_MAX_UNPACKED_BYTES) -> tuple[str, dict] | None:
    """Why a workbook must not be parsed, from its zip directory and its sheets' rows and
    cells (a few short rows of 50 columns cost openpyxl as much as many long ones); None
    when it may be; no row or cell count with None (the mobility import's large files).
    Reads the directory (declared sizes: Python's zipfile never unpacks more
    than a part declares) and streams each sheet's XML in chunks, stopping at the cap, so a
    zip bomb costs a few megabytes and a moment, never its unpacked size."""
    entries = _declared_entries(data)
    if entries is not None and entries > XLSX_MAX_PARTS:
        return "xlsx_too_many_parts", {"max": XLSX_MAX_PARTS}
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        return "xlsx_not_zip", {}
    with book:
        parts = book.infolist()
        if len(parts) > XLSX_MAX_PARTS:
            return "xlsx_too_many_parts", {"max": XLSX_MAX_PARTS}
        total = sum(part.file_size for part in parts)
        if total > max_unpacked:
            return "xlsx_too_big", {"size": _mb(total), "max": _mb(max_unpacked)}
        for part in parts:
            # Small parts may be very repetitive XML; a ratio matters only where it costs.
            if (part.file_size > XLSX_RATIO_FROM_BYTES
                    and part.file_size > XLSX_MAX_RATIO * max(part.compress_size, 1)):
                return "xlsx_ratio", {"part": part.filename, "max": XLSX_MAX_RATIO}
        if max_rows is None and max_cells is None:
            return None
        rows_cap = max_rows if max_rows is not None else 1 << 62
        cells_left = max_cells if max_cells is not None else 1 << 62
        for part in parts:
            if _is_sheet(part.filename):
                try:
                    over, cells = _over_caps(book, part, rows_cap + 1,  # + 1: the header
                                             cells_left)
                    if over == "rows":
                        return "upload_too_many_rows", {"max": max_rows}
                    if over == "cells":
                        return "xlsx_too_many_cells", {"max": max_cells}
                    cells_left -= cells
                except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError,
                        EOFError, zlib.error):
                    return "xlsx_broken", {}
    return None


def _declared_entries(data: bytes) -> int | None:
    """The number of parts the zip's end record declares, read before zipfile builds one
    object per part (a small file can declare hundreds of thousands)."""
    at = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if at < 0 or at + 22 > len(data):
        return None
    return int(struct.unpack_from("<H", data, at + 10)[0])


def _is_sheet(name: str) -> bool:
    return name.startswith("xl/worksheets/") and name.endswith(".xml")


ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s>/]")
DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\s+ref=\"[A-Z]*\d*:?[A-Z]*(\d+)\"")
CHUNK = 1 << 20


def _over_caps(book: zipfile.ZipFile, part: zipfile.ZipInfo, max_rows: int,
               max_cells: int) -> tuple[str | None, int]:
    """Whether the sheet holds more than `max_rows` rows ("rows") or `max_cells` cells
    ("cells"), and its cells: its `<dimension>` tells the rows at once, else its `<row>`
    and `<c>` tags are counted as the part is unpacked, a chunk at a time."""
    rows = cells = 0
    tail = b""
    with book.open(part) as stream:
        first = True
        while chunk := stream.read(CHUNK):
            window = tail + chunk
            if first:
                first = False
                dimension = DIMENSION.search(window[:65_536])
                if dimension and int(dimension.group(1)) > max_rows:
                    return "rows", cells
            # Tags starting in the last bytes are left to the next window, which begins
            # with those bytes: a tag cut by the chunk's end is counted once.
            keep = max(0, len(window) - 64)
            rows += sum(1 for tag in ROW_TAG.finditer(window) if tag.start() < keep)
            cells += sum(1 for tag in CELL_TAG.finditer(window) if tag.start() < keep)
            tail = window[keep:]
            if rows > max_rows:
                return "rows", cells
            if cells > max_cells:
                return "cells", cells
    rows += sum(1 for _ in ROW_TAG.finditer(tail))
    cells += sum(1 for _ in CELL_TAG.finditer(tail))
    if rows > max_rows:
        return "rows", cells
    return ("cells" if cells > max_cells else None), cells


# What openpyxl raises on a damaged workbook; every one becomes the same translated message
# (its own texts are English, and say little to an analyst).
XLSX_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, ValueError, TypeError,
    IndexError, AttributeError, EOFError, NotImplementedError, RuntimeError, SyntaxError,
    zlib.error)


def _read_xlsx(data: bytes, table: Table, max_rows: int) -> Parsed:
    refusal = xlsx_refusal(data, max_rows)
    if refusal is not None:
        code, params = refusal
        return _refused(table, code, **params)
    from openpyxl import load_workbook  # only uploads need it: keep it off the app's start

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except XLSX_ERRORS:  # InvalidFileException is a ValueError... and XML errors SyntaxError
        return _refused(table, "xlsx_broken")
    try:
        if not book.worksheets:
            return _refused(table, "xlsx_no_sheet")
        by_name = {sheet.title.strip().lower(): sheet for sheet in book.worksheets}
        sheet = by_name.get(table.name.lower(), book.worksheets[0])
        # Read-only mode stops where the sheet's <dimension> says it ends, which an
        # exporter may have left wrong: read every row there is (the count is capped above).
        sheet.reset_dimensions()
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append([cell_text(v) for v in row])
            if len(rows) > max_rows + 1:  # the count above is of tags; this is the truth
                return _refused(table, "upload_too_many_rows", max=max_rows)
    except XLSX_ERRORS:
        return _refused(table, "xlsx_broken")
    finally:
        book.close()
    return _rows_as_csv(rows, table)


def _rows_as_csv(rows: list[list[str]], table: Table) -> Parsed:
    """Write the sheet's rows as CSV and read that back, so a workbook gets every check a CSV
    gets; then put the spreadsheet's row numbers back on the rows and problems."""
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()  # sheets often report formatted but empty rows at the end
    header = rows[0] if rows else []
    width = len(header)
    while width and not header[width - 1].strip():
        width -= 1
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    row_of_line = [0]  # CSV line (1-based) -> spreadsheet row
    for number, row in enumerate(rows, start=1):
        cells = row if any(c for c in row[width:]) else row[:width]
        cells = cells + [""] * (width - len(cells))
        before = buffer.tell()
        writer.writerow(cells)
        written = buffer.getvalue()[before:]
        row_of_line.extend([number] * written.count("\n"))
    parsed = parse_csv(buffer.getvalue().encode("utf-8"), table)
    rows_of = np.asarray(row_of_line, dtype=np.int64)
    lines = rows_of[parsed.lines] if len(parsed.lines) else parsed.lines
    problems = [p if p.line is None or p.line >= len(rows_of) else replace(p, line=int(
        rows_of[p.line])) for p in parsed.problems]
    return replace(parsed, lines=lines, problems=problems)


def merge(current: pd.DataFrame, incoming: pd.DataFrame, mode: str) -> pd.DataFrame:
    """The table after an upload: `replace` keeps only the incoming rows, `append` adds them
    after the current ones (the validator then flags ids used twice)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    if mode == "replace":
        return incoming.reset_index(drop=True).copy()
    columns = list(current.columns) + [c for c in incoming.columns if c not in current.columns]
    parts = [part.reindex(columns=columns, fill_value="") for part in (current, incoming)]
    return pd.concat(parts, ignore_index=True).fillna("")
