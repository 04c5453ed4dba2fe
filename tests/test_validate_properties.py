"""Properties: what write_csv writes parse_csv reads back; what the validator accepts loads."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliance.loader import parse_csv, write_csv
from alliance.schema import (
    ACTIVITIES,
    ACTIVITY_KINDS,
    AUDIENCES,
    BOOLEAN,
    DECIMAL,
    FALSE_WORDS,
    INTEGER,
    MODES,
    TEXT,
    TRUE_WORDS,
)
from alliance.validate import check_parsed

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

# Text columns only: number columns of `;` files get their decimal comma normalised.
TEXT_COLUMNS = [c.name for c in ACTIVITIES.columns if c.kind == TEXT and not c.translation_of][:5]

TRICKY = st.sampled_from(['"', '""', ",", ";", "\t", "\n", "\r\n", " ", "NA", "None", "null",
                          "N/A", "0012", "007", "-0", "1e5", "=1+1", "é", "ß", "Ω", "😀",
                          "\u202f", "\u00a0", "#", "'", "\\"])
# A byte-order mark inside a file is taken out by design (a warning says so), so no cell holds one.
PLAIN = st.text(st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\ufeff")
                | st.sampled_from("\n\t"), max_size=12)
CELL = st.lists(TRICKY | PLAIN, max_size=4).map("".join)


@st.composite
def text_frames(draw: st.DrawFn) -> pd.DataFrame:
    width = draw(st.integers(2, len(TEXT_COLUMNS)))
    height = draw(st.integers(0, 8))
    columns = TEXT_COLUMNS[:width]
    return pd.DataFrame({name: draw(st.lists(CELL, min_size=height, max_size=height))
                         for name in columns}, dtype=object)


@SETTINGS
@given(frame=text_frames(), delimiter=st.sampled_from([",", ";"]), bom=st.booleans())
def test_write_then_parse_gives_back_every_cell(frame: pd.DataFrame, delimiter: str,
                                                bom: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "activities.csv"
        write_csv(frame, path, delimiter=delimiter, bom=bom)
        parsed = parse_csv(path.read_bytes(), ACTIVITIES)
    # Rows of only blank cells are dropped with a warning; every other row comes back exactly.
    blank = frame.apply(lambda row: all(not str(c).strip() for c in row), axis=1)
    expected = frame.loc[~blank.astype(bool)].reset_index(drop=True) if len(frame) else frame
    assert parsed.delimiter == delimiter
    assert list(parsed.frame.columns) == list(frame.columns)
    assert len(parsed.frame) == len(expected)
    assert [list(r) for r in parsed.frame.itertuples(index=False)] == \
        [list(r) for r in expected.itertuples(index=False)]
    # Only the header's missing columns, dropped blank rows and invisible characters named in a
    # warning (kept in the cell) may be reported, never a row.
    assert {p.code for p in parsed.problems} <= {"missing_column", "empty_row", "header_only",
                                                 "invisible_character"}
    assert all(p.code != "header_only" or expected.empty for p in parsed.problems)
    assert len(parsed.lines) == len(parsed.frame)
    assert list(parsed.lines) == sorted(set(parsed.lines))  # increasing, one per row


# Valid activity rows, drawn from the schema's own allowed values and forms.

DAYS = st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31))
WORDS = st.from_regex(r"[A-Za-zÀ-ÿ0-9][A-Za-zÀ-ÿ0-9 ,;.'\"()/?!]{0,30}[A-Za-z0-9.)]",
                      fullmatch=True)
BOOLEANS = st.sampled_from(TRUE_WORDS + FALSE_WORDS).flatmap(
    lambda w: st.sampled_from([w, w.upper(), w.capitalize()]))


def partial(day: dt.date, precision: int) -> str:
    return day.isoformat()[: (4, 7, 10)[precision]]


@st.composite
def activity_rows(draw: st.DrawFn, index: int) -> dict[str, str]:
    apply_by, start, end = sorted(draw(st.lists(DAYS, min_size=3, max_size=3)))
    dates = {name: (partial(day, draw(st.integers(0, 2))) if draw(st.booleans()) else "")
             for name, day in (("apply_by", apply_by), ("start", start), ("end", end))}
    return {
        "id": f"A{index:04d}",
        "title": draw(WORDS),
        "audience": draw(st.sampled_from(AUDIENCES)),
        "kind": draw(st.sampled_from(ACTIVITY_KINDS)),
        "host_id": draw(st.sampled_from(["", "PUT", "UC"])),
        "mode": draw(st.sampled_from(MODES)),
        "language": draw(st.sampled_from(["en", "fr", "en/fr", "de/en/pl"])),
        **dates,
        "ects": draw(st.sampled_from(["", "0", "3", "7.5", "60", "12.25"])),
        "url": draw(st.sampled_from(["", "https://eunice-university.eu/",
                                     "http://a.eu/x https://b.eu/y?q=1"])),
        "description": draw(st.sampled_from(["", "Plain.", "Multi\nline, with \"quotes\""])),
        "project": draw(st.sampled_from(["", "EUNICE4U"])),
        "illustrative": draw(BOOLEANS),
        "source": "https://eunice-university.eu/",
    }


@st.composite
def activity_frames(draw: st.DrawFn) -> pd.DataFrame:
    count = draw(st.integers(1, 12))
    rows = [draw(activity_rows(i)) for i in range(count)]
    order = draw(st.permutations(ACTIVITIES.column_names))  # column order does not matter
    return pd.DataFrame(rows, columns=list(order), dtype=object)


DTYPES = {INTEGER: "Int64", DECIMAL: "Float64", BOOLEAN: "boolean"}


@SETTINGS
@given(frame=activity_frames(), delimiter=st.sampled_from([",", ";"]), bom=st.booleans())
def test_what_the_validator_accepts_loads(frame: pd.DataFrame, delimiter: str,
                                          bom: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "activities.csv"
        write_csv(frame, path, delimiter=delimiter, bom=bom)
        parsed = parse_csv(path.read_bytes(), ACTIVITIES)
    report = check_parsed({"activities": parsed})
    assert report.clean, [p.as_line() for p in report.problems]
    loaded = report.results["activities"].typed
    assert len(parsed.frame) == len(frame)
    assert len(loaded) == len(parsed.frame)
    assert list(loaded.columns) == list(ACTIVITIES.column_names)
    for column in ACTIVITIES.columns:
        expected = DTYPES.get(column.kind)
        if expected:
            assert str(loaded[column.name].dtype) == expected, column.name
        else:
            assert all(isinstance(v, str) for v in loaded[column.name].dropna()), column.name
    by_id = loaded.set_index("id")
    for row in frame.itertuples(index=False):
        assert by_id.at[row.id, "title"] == row.title
        words = row.illustrative.lower()
        assert bool(by_id.at[row.id, "illustrative"]) == (words in TRUE_WORDS)
        if row.ects:
            assert by_id.at[row.id, "ects"] == float(row.ects)
        else:
            assert pd.isna(by_id.at[row.id, "ects"])
