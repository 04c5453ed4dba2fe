"""Uploads: CSV in every dialect the loader takes, XLSX with real cells, and merging."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from alliance import store
from alliance.loader import UTF8_BOM, parse_csv
from alliance.schema import ACTIVITIES, ACTIVITY_KINDS, AUDIENCES, MODES, TABLES_BY_NAME
from alliance.upload import cell_text, merge, read_upload
from alliance.validate import check_parsed

HEADER = "id,title,audience,kind,mode,language,ects,illustrative,source"
ROWS = ["A1,Summer, school,students,summer school,on site,en,2.5,false,https://a.eu/",
        "A2,Course,staff,training,online,en/fr,3,true,https://b.eu/"]


def comma_csv() -> bytes:
    title = '"Summer, school"'
    return (HEADER + "\n" + ROWS[0].replace("Summer, school", title) + "\n" + ROWS[1]
            + "\n").encode()


EXPECTED = [["A1", "Summer, school", "students", "summer school", "on site", "en", "2.5",
             "false", "https://a.eu/"],
            ["A2", "Course", "staff", "training", "online", "en/fr", "3", "true",
             "https://b.eu/"]]


@pytest.mark.parametrize("data", [
    comma_csv(),
    UTF8_BOM + comma_csv(),
    comma_csv().replace(b"\n", b"\r\n"),
    comma_csv().replace(b",", b";").replace(b'"Summer; school"', b'"Summer, school"')
    .replace(b"2.5", b"2,5"),  # a European spreadsheet: semicolons and a decimal comma
    comma_csv().replace(b",", b"\t").replace(b'"Summer\t school"', b'"Summer, school"'),
], ids=["comma", "bom", "crlf", "semicolon decimal comma", "tab"])
def test_csv_dialects_read_to_the_same_cells(data: bytes) -> None:
    parsed = read_upload("activities.csv", data, ACTIVITIES)
    assert parsed.frame.values.tolist() == EXPECTED
    assert parsed.lines.tolist() == [2, 3]
    assert not [p for p in parsed.problems if p.severity == "error"]


def workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


XLSX_HEADER = ["id", "title", "audience", "kind", "mode", "language", "start", "end", "ects",
               "illustrative", "source"]


def test_xlsx_real_cells_become_the_schemas_text() -> None:
    rows = [
        XLSX_HEADER,
        ["A1", "Two\nlines", "students", "summer school", "on site", "en",
         dt.datetime(2027, 7, 5), dt.date(2027, 7, 16), 3.0, False, "https://a.eu/"],
        ["A2", "Course", "staff", "training", "online", "en", "2027-09", None, 2.5, True,
         "https://b.eu/"],
        [None] * len(XLSX_HEADER),  # a cleared row
        ["A3", "Late", "students", "training", "online", "en", dt.datetime(2027, 9, 1),
         dt.datetime(2027, 8, 1, 12, 30), 60, True, "https://c.eu/"],
        [None] * len(XLSX_HEADER), [None] * len(XLSX_HEADER),  # formatted but empty
    ]
    data = workbook({"Read me": [["Notes only"]], "activities": rows})
    parsed = read_upload("export.xlsx", data, ACTIVITIES)
    assert parsed.frame.values.tolist() == [
        ["A1", "Two\nlines", "students", "summer school", "on site", "en", "2027-07-05",
         "2027-07-16", "3", "false", "https://a.eu/"],
        ["A2", "Course", "staff", "training", "online", "en", "2027-09", "", "2.5", "true",
         "https://b.eu/"],
        ["A3", "Late", "students", "training", "online", "en", "2027-09-01", "2027-08-01",
         "60", "true", "https://c.eu/"],
    ]
    assert parsed.lines.tolist() == [2, 3, 5]  # spreadsheet rows, despite the line break
    report = check_parsed({"activities": parsed})
    found = {(p.line, p.column, p.code) for p in report.results["activities"].problems}
    assert (5, "end", "order") in found  # reported on the row a person sees in Excel
    assert (4, None, "empty_row") in found
    assert "illustrative" not in {p.column for p in report.problems}


def test_xlsx_without_the_tables_sheet_uses_the_first() -> None:
    data = workbook({"Sheet1": [["id", "name"], ["P1", "Project"]], "Other": [["x"]]})
    parsed = read_upload("projects.xlsx", data, TABLES_BY_NAME["projects"])
    assert parsed.frame.values.tolist() == [["P1", "Project"]]
    assert {p.code for p in parsed.problems} >= {"missing_column"}


def test_xlsx_trailing_empty_header_cells_are_ignored_but_stray_cells_are_not() -> None:
    data = workbook({"activities": [["id", "title", None, None], ["A1", "T", None, None],
                                    ["A2", "T", None, "stray"]]})
    parsed = read_upload("a.xlsx", data, ACTIVITIES)
    assert parsed.frame.values.tolist() == [["A1", "T"]]
    assert [(p.line, p.code) for p in parsed.problems if p.code == "too_many_fields"] == [
        (3, "too_many_fields")]


def test_a_broken_workbook_is_unreadable() -> None:
    parsed = read_upload("broken.xlsx", b"PK\x03\x04 not really a zip", ACTIVITIES)
    assert not parsed.usable
    assert [p.code for p in parsed.problems] == ["file_unreadable"]


@pytest.mark.parametrize(("value", "text"), [
    (None, ""), ("as is ", "as is "), (True, "true"), (False, "false"), (3, "3"), (3.0, "3"),
    (2.5, "2.5"), (0.1, "0.1"), (2.50, "2.5"), (float("nan"), ""), (-4.0, "-4"),
    (dt.date(2027, 1, 2), "2027-01-02"), (dt.datetime(2027, 1, 2, 23, 59), "2027-01-02"),
    (pd.Timestamp("2027-01-02"), "2027-01-02"), (pd.NA, ""), (14400000.0, "14400000"),
])
def test_cell_text(value: object, text: str) -> None:
    assert cell_text(value) == text


CURRENT = pd.DataFrame({"id": ["A", "B"], "title": ["a", "b"]}, dtype="str")
INCOMING = pd.DataFrame({"id": ["C"], "title": ["c"], "note": ["n"]}, dtype="str")


@pytest.mark.parametrize(("mode", "rows"), [
    ("replace", [["C", "c", "n"]]),
    ("append", [["A", "a", ""], ["B", "b", ""], ["C", "c", "n"]]),
])
def test_merge(mode: str, rows: list[list[str]]) -> None:
    merged = merge(CURRENT, INCOMING, mode)
    assert merged.values.tolist() == rows
    assert list(merged.index) == list(range(len(rows)))


def test_merge_refuses_an_unknown_mode() -> None:
    with pytest.raises(ValueError, match="replace"):
        merge(CURRENT, INCOMING, "upsert")


# Round trip: valid activities written as a person might, read back to the same cells.

SAFE_TEXT = st.text(st.sampled_from("abcdeéèçß XYZ019,;'\"\n.-()"), min_size=1, max_size=20
                    ).map(str.strip).filter(bool)


@st.composite
def activity_rows(draw: st.DrawFn) -> list[dict[str, object]]:
    count = draw(st.integers(1, 6))
    rows = []
    for n in range(count):
        start = draw(st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)))
        rows.append({
            "id": f"A{n:03d}", "title": draw(SAFE_TEXT), "audience": draw(
                st.sampled_from(AUDIENCES)), "kind": draw(st.sampled_from(ACTIVITY_KINDS)),
            "host_id": "", "mode": draw(st.sampled_from(MODES)),
            "language": draw(st.sampled_from(["en", "fr", "en/fr"])),
            "start": start, "end": start + dt.timedelta(days=draw(st.integers(0, 60))),
            "apply_by": "", "ects": draw(st.sampled_from([None, 1.0, 2.5, 3, 7.5, 60.0])),
            "url": "", "description": draw(st.one_of(st.just(""), SAFE_TEXT)),
            "project": "", "illustrative": draw(st.booleans()),
            "source": "https://eunice-university.eu/",
        })
    return rows


def as_text(rows: list[dict[str, object]]) -> list[list[str]]:
    return [[cell_text(row[c]) for c in ACTIVITIES.column_names] for row in rows]


def as_csv(rows: list[dict[str, object]], delimiter: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(ACTIVITIES.column_names)
    for row in as_text(rows):
        if delimiter == ";":  # what a French spreadsheet writes for 2.5
            row[ACTIVITIES.column_names.index("ects")] = row[
                ACTIVITIES.column_names.index("ects")].replace(".", ",")
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def as_xlsx(rows: list[dict[str, object]]) -> bytes:
    return workbook({"activities": [list(ACTIVITIES.column_names)]
                     + [[row[c] if row[c] != "" else None for c in ACTIVITIES.column_names]
                        for row in rows]})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=activity_rows(), form=st.sampled_from(["comma", "semicolon", "xlsx"]))
def test_round_trip_upload_then_export(rows: list[dict[str, object]], form: str) -> None:
    data = {"comma": lambda: as_csv(rows, ","), "semicolon": lambda: as_csv(rows, ";"),
            "xlsx": lambda: as_xlsx(rows)}[form]()
    name = "activities.xlsx" if form == "xlsx" else "activities.csv"
    parsed = read_upload(name, data, ACTIVITIES)
    assert parsed.frame.values.tolist() == as_text(rows)
    assert not [p for p in parsed.problems if p.severity == "error"]
    exported = store.csv_bytes(parsed.frame, ACTIVITIES)
    again = parse_csv(exported, ACTIVITIES)
    assert again.frame.values.tolist() == as_text(rows)
    assert read_upload("again.csv", exported, ACTIVITIES).frame.equals(again.frame)


def test_upload_then_save_into_a_folder(bundled: Path) -> None:
    rows = [["A900", "Imported", "students", "training", None, "online", "en",
             dt.date(2027, 1, 5), None, None, 1.5, None, None, None, False,
             "https://eunice-university.eu/"]]
    data = workbook({"activities": [list(ACTIVITIES.column_names), *rows]})
    found, version = store.current(bundled, "activities")
    proposed = merge(found, read_upload("new.xlsx", data, ACTIVITIES).frame, "append")
    saved = store.save(bundled, "activities", proposed, base=version, who="t", reason="import",
                       check_access=lambda: None)
    assert (saved.added, saved.changed, saved.removed) == (1, 0, 0)
    last = store.current(bundled, "activities")[0].iloc[-1]
    assert (last["id"], last["ects"], last["illustrative"]) == ("A900", "1.5", "false")
