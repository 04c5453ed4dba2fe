"""Saves keep the file's dialect: delimiter, BOM, line end and decimal comma come back as found."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliance import store
from alliance.files import UTF8_BOM
from alliance.loader import DEFAULT_DIALECT, Dialect, dialect_of, parse_csv
from alliance.schema import ACTIVITIES, DECIMAL, TABLES_BY_NAME, TEXT

SETTINGS = settings(max_examples=80, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
DIALECTS = [Dialect(delimiter, bom, line_end, decimal_comma)
            for delimiter in (",", ";", "\t") for bom in (False, True)
            for line_end in ("\n", "\r\n") for decimal_comma in (False, True)
            if not decimal_comma or delimiter == ";"]
TEXT_COLUMNS = [c.name for c in ACTIVITIES.columns if c.kind == TEXT and not c.translation_of][:4]
DECIMAL_COLUMNS = [c.name for c in ACTIVITIES.columns if c.kind == DECIMAL]  # ects
TRICKY = st.sampled_from(['"', '""', ",", ";", "\t", "\n", "\r\n", " ", "1,5", "2.5", "-0.25",
                          "NA", "=1+1", "é", "Ω", "😀", "\u00a0", "'"])
# A byte-order mark inside a file is taken out by design (a warning says so), so no cell holds one.
PLAIN = st.text(st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\ufeff")
                | st.sampled_from("\n\t"), max_size=10)
# Problems about what the cells hold rather than how the file was written: an invisible
# character (U+2060 and the like) is named in a warning and kept, so it reads back unchanged.
ABOUT_CONTENT = ("missing_column", "empty_row", "header_only", "invisible_character")
CELL = st.lists(TRICKY | PLAIN, max_size=4).map("".join)
NUMBER = st.sampled_from(["", "3", "7.5", "-0.25", "12.125", "60", "1e3", "x"])
READ_AS_POINT = re.compile(r"-?\d+,\d+")  # what a `;` file's decimal columns read as points


@st.composite
def frames(draw: st.DrawFn) -> pd.DataFrame:
    height = draw(st.integers(0, 6))
    cells = {name: draw(st.lists(CELL, min_size=height, max_size=height))
             for name in TEXT_COLUMNS}
    cells.update({name: draw(st.lists(NUMBER | CELL, min_size=height, max_size=height))
                  for name in DECIMAL_COLUMNS})
    return pd.DataFrame(cells, dtype=object)


def readable(frame: pd.DataFrame, dialect: Dialect) -> pd.DataFrame:
    """The rows the reader gives back as they are: blank rows are dropped by design, and a
    `;` file's `1,5` in a number column is read as 1.5 (what a save then writes again)."""
    if len(frame) == 0:
        return frame
    blank = frame.apply(lambda row: all(not str(c).strip() for c in row), axis=1).astype(bool)
    kept = frame.loc[~blank].reset_index(drop=True)
    if dialect.delimiter == ";":
        for name in DECIMAL_COLUMNS:
            kept[name] = [c.replace(",", ".") if READ_AS_POINT.fullmatch(c) else c
                          for c in kept[name]]
    return kept


@SETTINGS
@given(frame=frames(), dialect=st.sampled_from(DIALECTS))
def test_a_frame_saved_in_any_dialect_reads_back_unchanged(frame: pd.DataFrame,
                                                           dialect: Dialect) -> None:
    expected = readable(frame, dialect)
    data = store.csv_bytes(frame, ACTIVITIES, dialect)
    parsed = parse_csv(data, ACTIVITIES)
    assert not [p for p in parsed.problems if p.code not in ABOUT_CONTENT]
    # The schema's order, missing columns empty; translations nobody wrote left out.
    written = [c.name for c in ACTIVITIES.columns if not c.translation_of]
    assert list(parsed.frame.columns) == written
    assert parsed.frame[list(frame.columns)].values.tolist() == expected.values.tolist()
    found = dialect_of(data, parsed, ACTIVITIES)
    assert (found.delimiter, found.bom, found.line_end) == (
        dialect.delimiter, dialect.bom, dialect.line_end)
    # Written again in the dialect found, the file is the same bytes (or the same cells).
    again = store.csv_bytes(parsed.frame, ACTIVITIES, found)
    assert parse_csv(again, ACTIVITIES).frame.equals(parsed.frame)


def french_excel(data: bytes) -> bytes:
    """A comma file as French Excel saves it: BOM, semicolons, CRLF, decimal commas."""
    table = TABLES_BY_NAME["distance_bands"]
    frame = parse_csv(data, table).frame
    return store.csv_bytes(frame, table, Dialect(";", True, "\r\n", True))


@pytest.mark.parametrize("dialect", DIALECTS, ids=repr)
def test_an_edit_keeps_the_files_dialect(bundled, dialect: Dialect) -> None:
    table = TABLES_BY_NAME["distance_bands"]  # has decimal columns
    path = bundled / table.file_name
    frame = parse_csv(path.read_bytes(), table).frame
    frame.loc[0, "amount_eur"] = "12.5"  # a number that shows the decimal sign
    path.write_bytes(store.csv_bytes(frame, table, dialect))
    assert (b"12,5" in path.read_bytes()) == dialect.decimal_comma
    unchanged = path.read_bytes()
    found, version = store.current(bundled, table.name)
    store.save(bundled, table.name, found, base=version, who="t", reason="same",
               check_access=lambda: None)
    assert path.read_bytes() == unchanged  # a save with no change rewrites the same bytes
    found.loc[1, "amount_eur"] = "28.5"
    store.save(bundled, table.name, found, base=version, who="t", reason="r",
               check_access=lambda: None)
    data = path.read_bytes()
    parsed = parse_csv(data, table)
    assert dialect_of(data, parsed, table) == dialect
    assert data.startswith(UTF8_BOM) == dialect.bom
    assert (b"\r\n" in data) == (dialect.line_end == "\r\n")
    assert data.decode("utf-8-sig").splitlines()[0].count(dialect.delimiter) == 7
    if dialect.decimal_comma:
        assert b";28,5;" in data
    assert parsed.frame.loc[1, "amount_eur"] == "28.5"


def test_a_new_file_is_written_in_the_default_dialect(bundled) -> None:
    table = TABLES_BY_NAME["milestones"]
    found, _ = store.current(bundled, table.name)
    (bundled / table.file_name).unlink()
    assert store.file_dialect(bundled, table.name) == DEFAULT_DIALECT == Dialect(",", False,
                                                                               "\n", False)
    store.save(bundled, table.name, found, base="", who="t", reason="r",
               check_access=lambda: None)
    data = (bundled / table.file_name).read_bytes()
    assert not data.startswith(UTF8_BOM) and b"\r" not in data
    assert data.startswith(b"id,")


def test_restore_writes_the_version_in_its_own_dialect(bundled) -> None:
    table = TABLES_BY_NAME["distance_bands"]
    path = bundled / table.file_name
    path.write_bytes(french_excel(path.read_bytes()))
    french = path.read_bytes()
    found, version = store.current(bundled, table.name)
    store.history(bundled, table.name)  # the French file is logged, its copy kept
    path.write_bytes(store.csv_bytes(found, table))  # then someone saves it with commas
    store.restore(bundled, table.name, version,
                  base=store.current_version(bundled, table.name), who="t", reason="back",
                  check_access=lambda: None)
    assert path.read_bytes() == french


def test_a_semicolon_file_without_a_decimal_number_yet_takes_the_decimal_comma() -> None:
    table = TABLES_BY_NAME["distance_bands"]
    data = b"id;min_km;max_km;amount_eur;green_amount_eur;as_of;note;source\r\n" \
           b"B1;10;99;23;;2024;;https://e.eu/\r\n"
    assert dialect_of(data, parse_csv(data, table), table) == Dialect(";", False, "\r\n", True)
