"""Files people bring in (CSV or Excel) read as the text cells of a table, then merged."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import math
import zipfile
from dataclasses import replace
from pathlib import PurePath

import numpy as np
import pandas as pd

from alliance.loader import Parsed, parse_csv
from alliance.problems import problem
from alliance.schema import Table

XLSX_SUFFIXES = (".xlsx", ".xlsm")
ZIP_MAGIC = b"PK\x03\x04"
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


def read_upload(file_name: str, data: bytes, table: Table) -> Parsed:
    """Read an uploaded CSV (any dialect the loader accepts) or XLSX as the table's text cells.

    Problems are located as for a CSV of the table: for a workbook, line = spreadsheet row.
    """
    suffix = PurePath(file_name).suffix.lower()
    if suffix in XLSX_SUFFIXES or data.startswith(ZIP_MAGIC):
        return _read_xlsx(data, table)
    return parse_csv(data, table)


def _read_xlsx(data: bytes, table: Table) -> Parsed:
    from openpyxl import load_workbook  # only uploads need it: keep it off the app's start

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        found = problem(table.file_name, None, None, None, "file_unreadable",
                        reason=str(exc) or type(exc).__name__)
        return Parsed(table.file_name, pd.DataFrame(), np.zeros(0, dtype=np.int64),
                      problems=[found])
    try:
        by_name = {sheet.title.strip().lower(): sheet for sheet in book.worksheets}
        sheet = by_name.get(table.name.lower(), book.worksheets[0])
        rows = [[cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
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
