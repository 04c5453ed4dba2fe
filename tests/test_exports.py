"""Exports read back as people's tools read them: Excel-style CSV, XLSX, iCalendar."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from alliance.exports import in_calendar, neutralise, report_csv, to_csv, to_ics, to_xlsx
from alliance.filters import prepare
from alliance.validate import check_folder
from tests.paths import FIXTURE_DATA

HOSTS = {"UPHF": "Université Polytechnique", "UC": "UC"}
UNIVERSITIES = pd.DataFrame({"id": ["UPHF", "UC"], "name": ["Université Polytechnique", "UC"],
                             "country": ["FR", "ES"]})


def activities(**overrides: list) -> pd.DataFrame:
    base = {
        "id": ["A1", "A2", "A3"],
        "title": ["=HYPERLINK(\"http://x\")", "École d'été; «Santander»", "+33 phone day"],
        "audience": ["students", "staff", "everyone"],
        "kind": ["online course", "summer school", "event"],
        "host_id": ["UPHF", None, "UC"],
        "mode": ["online", "on site", "blended"],
        "language": ["fr/en", "es", "en"],
        "start": ["2027-01-10", "2027-07", "2027-03-01"],
        "end": ["2027-02-20", None, None],
        "apply_by": [None, None, "2027-02-01"],
        "ects": pd.array([2.5, 3.0, None], dtype="Float64"),
        "url": ["https://example.org/a", None, None],
        "description": ["Line one\nline two, with comma", "@mention at start", "-minus"],
        "project": ["EUNICE4U", None, None],
        "illustrative": pd.array([True, False, True], dtype="boolean"),
        "source": ["https://example.org/"] * 3,
    }
    base.update(overrides)
    return prepare(pd.DataFrame(base), UNIVERSITIES)


@pytest.mark.parametrize(("value", "expected"), [
    ("=1+1", "'=1+1"), ("+33", "'+33"), ("-x", "'-x"), ("@a", "'@a"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("plain", "plain"), ("a=b", "a=b"), (3.5, 3.5), ("", ""),
])
def test_neutralise(value: object, expected: object) -> None:
    assert neutralise(value) == expected


def test_csv_has_bom_and_reads_back_with_accents_and_neutralised_formulas() -> None:
    data = to_csv(activities())
    assert data.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype={"id": str})
    assert list(frame["id"]) == ["A1", "A2", "A3"]
    assert frame["title"][0] == "'=HYPERLINK(\"http://x\")"
    assert frame["title"][1] == "École d'été; «Santander»"
    assert frame["title"][2] == "'+33 phone day"
    assert frame["description"][1] == "'@mention at start"
    assert frame["description"][0] == "Line one\nline two, with comma"
    assert frame["ects"].tolist()[:2] == [2.5, 3.0]
    assert frame["host_country"].fillna("").tolist() == ["FR", "", "ES"]


def test_semicolon_csv_uses_decimal_commas_for_european_excel() -> None:
    data = to_csv(activities(), semicolon=True)
    text = data.decode("utf-8-sig")
    header = text.splitlines()[0]
    assert header.startswith("id;title;audience")
    assert ";2,5;" in text
    frame = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig")
    assert frame["ects"].tolist()[:2] == [2.5, 3.0]
    assert frame["title"][1] == "École d'été; «Santander»"


def test_xlsx_keeps_numbers_as_numbers_and_text_as_text() -> None:
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(activities())))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    ects = sheet.cell(row=2, column=header.index("ects") + 1)
    assert ects.value == 2.5 and ects.data_type == "n"
    title = sheet.cell(row=2, column=header.index("title") + 1)
    # Kept as text by Excel's hidden quote prefix, not by a visible apostrophe.
    assert title.value == "=HYPERLINK(\"http://x\")" and title.data_type == "s"
    assert title.quotePrefix
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
    assert sheet.cell(row=3, column=header.index("title") + 1).value == "École d'été; «Santander»"


def test_ics_holds_only_known_days_folded_and_escaped() -> None:
    stamp = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)
    long_title = "A very long title " * 8
    rows = activities(title=[long_title, "Month only", "One day, with; punctuation"])
    text = to_ics(rows, "EUNICE: test", "eunice.alliance-atlas", stamp).decode("utf-8")
    lines = text.split("\r\n")
    assert text.endswith("\r\n") and lines[0] == "BEGIN:VCALENDAR"
    assert text.count("BEGIN:VEVENT") == 2, "the month-only row gets no invented day"
    assert list(in_calendar(rows)) == [True, False, True]  # what the page's count says
    assert "DTSTART;VALUE=DATE:20270110" in text and "DTEND;VALUE=DATE:20270221" in text
    assert "DTSTART;VALUE=DATE:20270301" in text and "DTEND;VALUE=DATE:20270302" in text
    assert "SUMMARY:One day\\, with\\; punctuation" in text
    assert "DESCRIPTION:[example] Line one\\nline two\\, with comma" in text
    french = to_ics(rows, "EUNICE", "eunice.alliance-atlas", stamp, lang="fr").decode("utf-8")
    assert "DESCRIPTION:[exemple] Line one" in french and "[example]" not in french
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    unfolded = text.replace("\r\n ", "")
    assert f"SUMMARY:{long_title}" in unfolded
    assert "UID:A1@eunice.alliance-atlas" in text and "DTSTAMP:20261128T090000Z" in text


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_report_csv_keeps_a_reported_formula_as_text(tmp_path: Path, lang: str) -> None:
    """A title saved as a formula is reported with its value; the report opened in Excel
    shows that value as text instead of running it."""
    folder = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, folder)
    path = folder / "activities.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[0].index("title")] = "=1+2"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    report = check_folder(folder)
    assert any(p.value == "=1+2" for p in report.problems)
    data = report_csv(report.problems, lang)
    assert data.startswith(b"\xef\xbb\xbf")
    # French Excel splits on semicolons (its decimal mark is the comma); English on commas.
    read = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False,
                       sep={"en": ",", "fr": ";"}[lang])
    headers = {"en": ["File", "Line", "Column", "Value", "Code", "Severity", "What is wrong"],
               "fr": ["Fichier", "Ligne", "Colonne", "Valeur", "Code", "Gravité",
                      "Le problème"]}[lang]
    assert list(read.columns) == headers
    read.columns = ["file", "line", "column", "value", "code", "severity", "message"]
    row = read[read["value"].str.contains("1+2", regex=False)].iloc[0]
    assert row["value"] == "'=1+2"
    assert row["file"] == "activities.csv" and row["line"] == "2" and row["column"] == "title"
    words = {"en": {"error", "warning"}, "fr": {"erreur", "avertissement"}}[lang]
    assert row["severity"] in words and set(read["severity"]) <= words
    assert not any(str(v).startswith(("=", "+", "@")) for v in read.to_numpy().ravel())


def _events(data: bytes) -> list[object]:
    from icalendar import Calendar

    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_ics_reads_back_with_icalendar_without_nan_and_with_hostile_text() -> None:
    """Missing cells (NaN, as the loader gives them) leave no 'nan' and no URL; a title with
    carriage returns, line breaks and RFC 5545 specials reads back exactly, every line folded
    within 75 octets and ended by CRLF; the host's place is the LOCATION of on-site events."""
    stamp = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)
    hostile = "Lone\rreturn; semi, comma \\ back\\Nslash\nnew line\r\nCRLF " + "é" * 60
    rows = activities(title=[hostile, "Month only", "Plain"],
                      url=[float("nan"), None, "javascript:alert(1)"],
                      description=[float("nan"), "x", float("nan")],
                      end=[float("nan"), None, None])
    places = {"UPHF": "Université Polytechnique, Valenciennes", "UC": "UC, Santander"}
    data = to_ics(rows, "EUNICE: a, b; c", "eunice.alliance-atlas", stamp, places)
    text = data.decode("utf-8")
    assert "nan" not in text.lower()
    assert "URL" not in text, "no http(s) address, no URL property"
    lines = text.split("\r\n")
    assert lines[-1] == "" and all("\r" not in line and "\n" not in line for line in lines)
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    first, last = _events(data)
    expected = hostile.replace("\r\n", "\n").replace("\r", "\n")
    assert str(first["SUMMARY"]).replace("\u2060", "") == expected
    assert "DESCRIPTION" not in first or str(first["DESCRIPTION"]) == "[example]"
    assert "LOCATION" not in first, "an online activity has no place"
    assert str(last["LOCATION"]) == "UC, Santander"
    assert str(last["SUMMARY"]) == "Plain"
    assert first["DTSTART"].dt == dt.date(2027, 1, 10)
    assert first["DTEND"].dt == dt.date(2027, 1, 11)


def test_ics_links_only_http_addresses() -> None:
    rows = activities(url=["https://example.org/a https://example.org/b", None, "ftp://x"])
    events = _events(to_ics(rows, "c", "d", dt.datetime(2026, 1, 1, tzinfo=dt.UTC)))
    assert str(events[0]["URL"]) == "https://example.org/a"
    assert "URL" not in events[1]


def test_xlsx_has_typed_dates_a_bold_frozen_header_and_fitting_widths() -> None:
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(activities(), lang="fr",
                                                     hosts=HOSTS)))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Identifiant", "Titre", "Type"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    start = sheet.cell(row=2, column=header.index("Début") + 1)
    assert start.is_date and start.value.date() == dt.date(2027, 1, 10)
    # A month is not a day: it stays the text it is.
    assert sheet.cell(row=3, column=header.index("Début") + 1).value == "2027-07"
    assert sheet.cell(row=2, column=header.index("ECTS") + 1).data_type == "n"
    description = sheet.cell(row=4, column=header.index("Description") + 1)
    assert description.value == "-minus" and description.quotePrefix
    assert not any(isinstance(c.value, str) and c.value.startswith("'")
                   for row in sheet.iter_rows() for c in row)
    title = sheet.column_dimensions[openpyxl.utils.get_column_letter(2)].width
    assert 20 <= title <= 60


@pytest.mark.parametrize(("lang", "headers", "kind", "example", "host"), [
    ("en", ["ID", "Title", "Kind", "For", "Host", "Country"], "Online course", "yes",
     "Université Polytechnique"),
    ("fr", ["Identifiant", "Titre", "Type", "Public", "Hôte", "Pays"], "Cours en ligne", "oui",
     "Université Polytechnique"),
])
def test_csv_in_the_readers_language(lang: str, headers: list[str], kind: str, example: str,
                                     host: str) -> None:
    frame = pd.read_csv(io.BytesIO(to_csv(activities(), lang=lang, hosts=HOSTS)),
                        encoding="utf-8-sig", keep_default_na=False)
    assert list(frame.columns[:6]) == headers
    assert frame.iloc[0, 2].lower() == kind.lower()
    assert frame.iloc[0, 4] == host
    assert frame.iloc[0, 5] not in ("FR", "")
    assert frame.iloc[:, -2].tolist()[0] == example
    assert frame.iloc[0, 1] == "'=HYPERLINK(\"http://x\")"  # still neutralised in a CSV


def test_raw_codes_stay_available_for_analysts() -> None:
    frame = pd.read_csv(io.BytesIO(to_csv(activities())), encoding="utf-8-sig")
    assert frame["kind"][0] == "online course"
    assert frame["illustrative"].tolist() == [True, False, True]
