"""alliance.validate: the malformed-file suite.

Each variant is a copy of the bundled data with one realistic mistake, written to tmp_path.
For each we assert the exact (file, line, column, code) is reported, nothing raises, the
mistake is not silently accepted, and every message reads in English and in French.
"""

from __future__ import annotations

import csv
import io
import os
import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from alliance.files import UTF8_BOM, read_regular
from alliance.i18n import messages, t
from alliance.limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_LOCATED
from alliance.loader import Parsed, parse_csv, read_table
from alliance.problems import ERROR, WARNING
from alliance.schema import TABLES
from alliance.validate import check_folder, check_parsed, missing_as_null

# Every message by id, then language, as the tests below read them.
MESSAGES = {key: {lang: messages(lang)[key] for lang in ("en", "fr") if key in messages(lang)}
            for key in messages("en")}
Make = Callable[[Path], None]
Key = tuple[str, int | None, str | None, str]
UNFILLED = re.compile(r"\{[A-Za-z_]*\}")


# Mutations of a data folder. Every bundled record is one physical line, so line N is row N-1.

def read_rows(folder: Path, name: str) -> list[list[str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(folder: Path, name: str, rows: list[list[str]], delimiter: str = ",",
               newline: str = "\n", prefix: bytes = b"") -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerows(rows)
    (folder / f"{name}.csv").write_bytes(prefix + buffer.getvalue().encode("utf-8"))


def set_cell(name: str, line: int, column: str, value: str) -> Make:
    def make(folder: Path) -> None:
        rows = read_rows(folder, name)
        rows[line - 1][rows[0].index(column)] = value
        write_rows(folder, name, rows)
    return make


def edit_rows(name: str, edit: Callable[[list[list[str]]], None], **write: object) -> Make:
    def make(folder: Path) -> None:
        rows = read_rows(folder, name)
        edit(rows)
        write_rows(folder, name, rows, **write)  # type: ignore[arg-type]
    return make


def edit_line(name: str, line: int, edit: Callable[[bytes], bytes]) -> Make:
    def make(folder: Path) -> None:
        path = folder / f"{name}.csv"
        lines = path.read_bytes().split(b"\n")
        lines[line - 1] = edit(lines[line - 1])
        path.write_bytes(b"\n".join(lines))
    return make


def edit_bytes(name: str, edit: Callable[[bytes], bytes]) -> Make:
    def make(folder: Path) -> None:
        path = folder / f"{name}.csv"
        path.write_bytes(edit(path.read_bytes()))
    return make


def reencode(name: str, encoding: str) -> Make:
    return edit_bytes(name, lambda data: data.decode("utf-8").encode(encoding, errors="replace"))


def drop_column(name: str, column: str) -> Make:
    def edit(rows: list[list[str]]) -> None:
        index = rows[0].index(column)
        for row in rows:
            del row[index]
    return edit_rows(name, edit)


def add_column(name: str, column: str, value: str = "") -> Make:
    def edit(rows: list[list[str]]) -> None:
        rows[0].append(column)
        for row in rows[1:]:
            row.append(value)
    return edit_rows(name, edit)


def rename_column(name: str, old: str, new: str) -> Make:
    def edit(rows: list[list[str]]) -> None:
        rows[0][rows[0].index(old)] = new
    return edit_rows(name, edit)


def insert_line(name: str, line: int, text: bytes) -> Make:
    def make(folder: Path) -> None:
        path = folder / f"{name}.csv"
        lines = path.read_bytes().split(b"\n")
        lines.insert(line - 1, text)
        path.write_bytes(b"\n".join(lines))
    return make


def both(*makes: Make) -> Make:
    def make(folder: Path) -> None:
        for step in makes:
            step(folder)
    return make


def semicolon_locations_with_latitude(line: int, value: str) -> Make:
    """locations.csv saved by a European spreadsheet: `;` and decimal commas."""
    def edit(rows: list[list[str]]) -> None:
        for row in rows[1:]:
            row[5], row[6] = row[5].replace(".", ","), row[6].replace(".", ",")
        rows[line - 1][5] = value
    return edit_rows("locations", edit, delimiter=";")


def multiline_cell_then_bad_kind(rows: list[list[str]]) -> None:
    rows[4][rows[0].index("description")] = "Two\nlines"  # line 5 now spans lines 5-6
    rows[18][rows[0].index("kind")] = "lecture"  # A018, so the row on lines 20 (not 19)


def huge_activities(folder: Path) -> None:
    """200,000 generated activities, a quoted two-line cell early on, one bad cell near the end."""
    header = ",".join(read_rows(folder, "activities")[0])
    rows = [f"H{i:06d},Course {i},students,online course,PUT,online,en,2024-01-01,"
            f"2024-02-01,2023-12-01,3,https://example.eu/{i},Plain text,EUNICE4U,false,"
            f"https://example.eu/" for i in range(200_000)]
    rows[3] = rows[3].replace("Plain text", '"Quoted, on\ntwo lines"')
    rows[199_990] = rows[199_990].replace(",3,https", ",61,https")
    (folder / "activities.csv").write_text(header + "\n" + "\n".join(rows) + "\n",
                                           encoding="utf-8")


def each_line(name: str, suffix: bytes) -> Make:
    """Every line of a table ends with `suffix` (Excel's `,,,,` of formatted empty cells)."""
    return edit_bytes(name, lambda d: b"\n".join(line + suffix if line else line
                                                 for line in d.split(b"\n")))


def replace_file(name: str, make_path: Callable[[Path], None]) -> Make:
    def make(folder: Path) -> None:
        path = folder / f"{name}.csv"
        path.unlink()
        make_path(path)
    return make


def wide_header(name: str, extra: int) -> Make:
    return edit_line(name, 1, lambda b: b + b"".join(b",c%d" % i for i in range(extra)))


@dataclass(frozen=True)
class Variant:
    id: str
    make: Make
    expected: Key
    warning_only: bool = False


EXAMPLE_LINE = 38  # the fixture's first example activity (illustrative = true)
A, U, L, P, M = ("activities.csv", "universities.csv", "locations.csv", "projects.csv",
                 "milestones.csv")

VARIANTS = [
    # Encodings
    Variant("latin1-byte", edit_line("activities", 9, lambda b: b.replace(b"EUNICE", b"\xc9",
                                                                          1)),
            (A, 9, None, "encoding")),
    Variant("cp1252-smart-quotes", edit_line("universities", 4, lambda b: b.replace(
        b"University of Cantabria", b"\x93University\x94 of Cantabria")), (U, 4, None, "encoding")),
    Variant("whole-file-cp1252", reencode("universities", "cp1252"), (U, 3, None, "encoding")),
    Variant("utf16-le-bom", reencode("universities", "utf-16"), (U, 1, None, "utf16")),
    Variant("utf16-be-bom", edit_bytes("milestones", lambda d: b"\xfe\xff" + d.decode(
        "utf-8").encode("utf-16-be")), (M, 1, None, "utf16")),
    # Delimiters
    Variant("one-row-with-semicolons", edit_line("locations", 6, lambda b: b.replace(b",", b";")),
            (L, 6, None, "too_few_fields")),
    Variant("semicolon-file-decimal-comma-out-of-range",
            semicolon_locations_with_latitude(9, "95,5"), (L, 9, "latitude", "range")),
    Variant("semicolon-file-comma-in-integer",
            edit_rows("universities", lambda r: r[1].__setitem__(10, "21,000"), delimiter=";"),
            (U, 2, "students", "type_integer")),
    Variant("tab-file-bad-mode",
            edit_rows("activities", lambda r: r[19].__setitem__(5, "remote"), delimiter="\t"),
            (A, 20, "mode", "allowed")),
    Variant("semicolon-bom-crlf-bad-category",
            edit_rows("milestones", lambda r: r[9].__setitem__(5, "party"), delimiter=";",
                      newline="\r\n", prefix=UTF8_BOM),
            (M, 10, "category", "allowed")),
    # Ragged rows and quotes
    Variant("too-many-fields", edit_line("activities", 10, lambda b: b + b",extra"),
            (A, 10, None, "too_many_fields")),
    Variant("too-few-fields", edit_line("activities", 20, lambda b: b.rsplit(b",", 1)[0]),
            (A, 20, None, "too_few_fields")),
    Variant("unclosed-quote", edit_line("activities", 4, lambda b: b.replace(
        b"Online courses", b'"Online courses', 1)), (A, 4, None, "unclosed_quote")),
    Variant("unclosed-quote-last-line", edit_line("activities", 71, lambda b: b.replace(
        b",true,", b',true,"')), (A, 71, None, "unclosed_quote")),
    # A quote inside an unquoted cell is a character, as Excel and Python's csv read it.
    Variant("quote-ending-unquoted-cell-is-literal", edit_line("activities", 37,
                                                               lambda b: b + b'"'),
            (A, 37, "source", "type_url")),
    Variant("quotes-around-comma-inside-unquoted-cell", edit_line("activities", 11, lambda b:
            b.replace(b"Games: volleyball", b'Games: "volley, ball"', 1)),
            (A, 11, None, "too_many_fields")),
    Variant("multiline-cell-shifts-later-lines", edit_rows("activities",
                                                          multiline_cell_then_bad_kind),
            (A, 20, "kind", "allowed")),
    # Types
    Variant("integer-thousands-comma", set_cell("universities", 2, "students", "21,000"),
            (U, 2, "students", "type_integer")),
    Variant("integer-thousands-space", set_cell("universities", 3, "students", "21 000"),
            (U, 3, "students", "type_integer")),
    Variant("decimal-comma-in-comma-file", set_cell("locations", 2, "latitude", "52,403"),
            (L, 2, "latitude", "type_decimal")),
    Variant("decimal-word", set_cell("activities", 6, "ects", "three"),
            (A, 6, "ects", "type_decimal")),
    Variant("excel-date", set_cell("universities", 2, "joined", "09/07/2020"),
            (U, 2, "joined", "type_date")),
    Variant("excel-date-number", set_cell("universities", 2, "joined", "43656"),
            (U, 2, "joined", "date_excel_number")),
    Variant("day-first-date", set_cell("activities", 10, "start", "31/12/2026"),
            (A, 10, "start", "date_reorder")),
    Variant("impossible-date", set_cell("activities", 10, "start", "2023-02-30"),
            (A, 10, "start", "type_date")),
    Variant("bad-boolean", set_cell("locations", 4, "main", "maybe"),
            (L, 4, "main", "type_boolean")),
    Variant("url-without-scheme", set_cell("universities", 2, "website", "www.put.poznan.pl"),
            (U, 2, "website", "type_url")),
    Variant("url-with-words", set_cell("activities", 7, "url", "https://a.eu/ and more"),
            (A, 7, "url", "type_url")),
    # Required, allowed values, patterns
    Variant("required-empty", set_cell("activities", 8, "title", ""), (A, 8, "title", "required")),
    Variant("required-only-spaces", set_cell("universities", 2, "name", "   "),
            (U, 2, "name", "required")),
    Variant("required-number-empty", set_cell("locations", 2, "latitude", ""),
            (L, 2, "latitude", "required")),
    Variant("allowed-wrong-case", set_cell("activities", 2, "audience", "Students"),
            (A, 2, "audience", "allowed")),
    Variant("allowed-category", set_cell("milestones", 3, "category", "party"),
            (M, 3, "category", "allowed")),
    Variant("allowed-membership", set_cell("universities", 5, "membership", "partner"),
            (U, 5, "membership", "allowed")),
    Variant("pattern-lowercase-country", set_cell("universities", 2, "country", "pl"),
            (U, 2, "country", "pattern")),
    Variant("pattern-language-word", set_cell("activities", 2, "language", "English"),
            (A, 2, "language", "pattern")),
    Variant("pattern-lowercase-id", set_cell("locations", 2, "id", "put-poznan"),
            (L, 2, "id", "pattern")),
    Variant("space-inside-id", set_cell("activities", 9, "id", "A 008"),
            (A, 9, "id", "pattern")),
    Variant("space-around-foreign-key", set_cell("activities", 7, "host_id", " UC"),
            (A, 7, "host_id", "id_whitespace")),
    # Ranges
    Variant("latitude-95", set_cell("locations", 2, "latitude", "95"),
            (L, 2, "latitude", "range")),
    Variant("longitude-minus-181", set_cell("locations", 5, "longitude", "-181"),
            (L, 5, "longitude", "range")),
    Variant("ects-61", set_cell("activities", 6, "ects", "61"), (A, 6, "ects", "range")),
    Variant("joined-1800", set_cell("universities", 3, "joined", "1800-01-01"),
            (U, 3, "joined", "range")),
    Variant("start-year-1800", set_cell("activities", 15, "start", "1800"),
            (A, 15, "start", "range")),
    Variant("students-two-million", set_cell("universities", 4, "students", "2000000"),
            (U, 4, "students", "range")),
    Variant("negative-budget", set_cell("projects", 2, "budget_eur", "-5"),
            (P, 2, "budget_eur", "range")),
    # Duplicates
    Variant("duplicate-id", set_cell("activities", 30, "id", "A001"), (A, 30, "id", "unique")),
    Variant("duplicate-university-id", set_cell("universities", 6, "id", "PUT"),
            (U, 6, "id", "unique")),
    Variant("exact-duplicate-row", edit_rows("activities", lambda r: r.append(list(r[11]))),
            (A, 72, None, "duplicate_row")),
    # Dates in order
    Variant("project-end-before-start", set_cell("projects", 2, "end", "2019-12"),
            (P, 2, "end", "order")),
    Variant("apply-by-after-start", set_cell("activities", 10, "apply_by", "2022-12-01"),
            (A, 10, "start", "order")),
    Variant("activity-end-before-start", set_cell("activities", 38, "end", "2027-01"),
            (A, 38, "end", "order")),
    Variant("milestone-end-before-date", set_cell("milestones", 8, "end", "2022-05-01"),
            (M, 8, "end", "order")),
    Variant("university-funded-before-joined", set_cell("universities", 2, "funded_from",
                                                        "2019"),
            (U, 2, "funded_from", "order")),
    # References
    Variant("fk-locations-university", set_cell("locations", 5, "university_id", "UCX"),
            (L, 5, "university_id", "foreign_key")),
    Variant("fk-activities-host", set_cell("activities", 7, "host_id", "UCX"),
            (A, 7, "host_id", "foreign_key")),
    Variant("fk-activities-project", set_cell("activities", 28, "project", "PEER-IR-VIEWS"),
            (A, 28, "project", "foreign_key")),
    Variant("fk-milestones-university", set_cell("milestones", 6, "university_id", "MONS"),
            (M, 6, "university_id", "foreign_key")),
    Variant("fk-projects-coordinator", set_cell("projects", 5, "coordinator_id", "UPHFF"),
            (P, 5, "coordinator_id", "foreign_key")),
    Variant("fk-case-matters", set_cell("activities", 7, "host_id", "uc"),
            (A, 7, "host_id", "foreign_key")),
    Variant("two-main-campuses", set_cell("locations", 4, "main", "true"),
            (L, 3, "main", "main_campus")),
    Variant("no-main-campus", set_cell("locations", 2, "main", "false"),
            (L, 2, "main", "main_campus")),
    # Formulas and markup in text cells
    Variant("formula-equals", set_cell("activities", 3, "title", '=HYPERLINK("http://x.eu")'),
            (A, 3, "title", "formula"), warning_only=True),
    Variant("formula-plus", set_cell("activities", 4, "description", "+33 1 23 45 67"),
            (A, 4, "description", "formula"), warning_only=True),
    Variant("formula-minus", set_cell("universities", 2, "note", "-approximate"),
            (U, 2, "note", "formula"), warning_only=True),
    Variant("formula-at", set_cell("activities", 5, "title", "@SUM(A1:A2)"),
            (A, 5, "title", "formula"), warning_only=True),
    Variant("formula-tab", set_cell("activities", 6, "title", "\tindented"),
            (A, 6, "title", "formula"), warning_only=True),
    Variant("markup-script", set_cell("activities", 7, "description",
                                      "<script>alert(1)</script>"),
            (A, 7, "description", "markup")),
    Variant("markup-in-milestone", set_cell("milestones", 2, "title_fr", "Alliance <b>retenue</b>"),
            (M, 2, "title_fr", "markup")),
    Variant("markdown-bold", set_cell("activities", 9, "description", "A **free** course"),
            (A, 9, "description", "markdown"), warning_only=True),
    # Invisible characters and line ends
    Variant("nul-in-cell", set_cell("activities", 12, "title", "Online\x00chess"),
            (A, 12, "title", "control_character")),
    Variant("bom-in-cell", set_cell("activities", 13, "title", "\ufeffChess"),
            (A, 13, "title", "bom_inside"), warning_only=True),
    Variant("bom-twice-before-header", edit_bytes("projects", lambda d: UTF8_BOM * 2 + d),
            (P, 1, "id", "bom_inside"), warning_only=True),
    Variant("zero-width-space", set_cell("milestones", 4, "title", "Kick\u200boff"),
            (M, 4, "title", "invisible_character"), warning_only=True),
    Variant("one-crlf-line", edit_line("activities", 5, lambda b: b + b"\r"),
            (A, 5, None, "mixed_line_endings"), warning_only=True),
    Variant("lone-cr-line-end", edit_bytes("activities", lambda d: d.replace(
        b"\nA010,", b"\rA010,")), (A, 10, None, "lone_cr"), warning_only=True),
    # Whole files and headers
    Variant("empty-file", edit_bytes("milestones", lambda _: b""),
            (M, None, None, "empty_file")),
    Variant("missing-file", lambda folder: (folder / "milestones.csv").unlink(),
            (M, None, None, "file_missing")),
    Variant("header-only", edit_bytes("projects", lambda d: d.split(b"\n", 1)[0] + b"\n"),
            (P, None, None, "header_only")),
    Variant("no-header", edit_bytes("activities", lambda d: d.split(b"\n", 1)[1]),
            (A, 1, None, "no_header")),
    Variant("unknown-column-with-suggestion", rename_column("activities", "title", "titel"),
            (A, 1, "titel", "unknown_column_guess")),
    Variant("unknown-column-wrong-case", rename_column("activities", "title", "Title"),
            (A, 1, "Title", "unknown_column_guess")),
    Variant("unknown-column", add_column("universities", "zzz"),
            (U, 1, "zzz", "unknown_column")),
    Variant("missing-column", drop_column("activities", "kind"),
            (A, 1, "kind", "missing_column")),
    Variant("duplicate-column", add_column("universities", "note"),
            (U, 1, "note", "duplicate_column")),
    Variant("excel-trailing-empty-columns", each_line("universities", b",,,,"),
            (U, 1, None, "trailing_empty_columns"), warning_only=True),
    Variant("unnamed-column-with-values", add_column("universities", "", "x"),
            (U, 1, None, "unnamed_column")),
    # What is not a CSV file at all
    Variant("directory-in-place", replace_file("milestones", lambda p: p.mkdir()),
            (M, None, None, "file_is_directory")),
    Variant("fifo-in-place", replace_file("milestones", lambda p: os.mkfifo(p)),
            (M, None, None, "file_is_special")),
    Variant("zip-bytes", edit_bytes("projects", lambda _: b"PK\x03\x04" + bytes(200)),
            (P, None, None, "zip_file")),
    Variant("binary-garbage", edit_bytes("projects", lambda _: bytes(range(256)) * 40),
            (P, None, None, "binary_file")),
    # Caps on every file
    Variant("header-line-too-long", edit_line("projects", 1, lambda b: b + b"x" * (
        MAX_CELL_CHARS + 1)), (P, 1, None, "header_too_long")),
    Variant("too-many-columns", wide_header("projects", MAX_COLUMNS),
            (P, 1, None, "too_many_columns")),
    Variant("cell-too-long", set_cell("activities", 20, "description", "x" * (
        MAX_CELL_CHARS + 1)), (A, 20, "description", "cell_too_long")),
    # Warnings only: shown, never blocking
    Variant("whitespace-in-text", set_cell("activities", 12, "title", "Online chess "),
            (A, 12, "title", "whitespace"), warning_only=True),
    Variant("whitespace-around-allowed-value", set_cell("activities", 13, "audience",
                                                        " students"),
            (A, 13, "audience", "whitespace"), warning_only=True),
    Variant("blank-line", insert_line("activities", 6, b""), (A, 6, None, "blank_line"),
            warning_only=True),
    Variant("empty-row", insert_line("locations", 7, b",,,,,,,,,"), (L, 7, None, "empty_row"),
            warning_only=True),
    # Sources: a published row cites one, an example row none
    Variant("published-row-without-source", set_cell("activities", 5, "source", ""),
            (A, 5, "source", "required")),
    Variant("example-row-citing-a-page", set_cell("activities", EXAMPLE_LINE, "source",
                                                  "https://eunice-university.eu/"),
            (A, EXAMPLE_LINE, "source", "example_source"), warning_only=True),
    Variant("published-row-citing-a-home-page", set_cell("activities", 5, "source",
                                                         "https://eunice-university.eu/"),
            (A, 5, "source", "source_home_page"), warning_only=True),
    Variant("home-page-among-pages", set_cell("universities", 3, "source",
                                              "https://en.wikipedia.org/wiki/X http://b-tu.de"),
            (U, 3, "source", "source_home_page"), warning_only=True),
    # Size
    Variant("huge-file", huge_activities, (A, 199_993, "ects", "range")),
]


def test_enough_variants_with_unique_ids() -> None:
    assert len(VARIANTS) >= 45
    assert len({v.id for v in VARIANTS}) == len(VARIANTS)


def test_bundled_data_is_clean(bundled: Path) -> None:
    report = check_folder(bundled)
    assert report.problems == []
    assert report.clean
    rows = {name: r.rows for name, r in report.results.items()}
    assert rows.items() >= {"universities": 10, "locations": 24, "projects": 4,
                            "activities": 70, "milestones": 21}.items()
    assert all(count > 0 for count in rows.values())


@pytest.mark.parametrize("variant", VARIANTS, ids=[v.id for v in VARIANTS])
def test_malformed_variant(bundled: Path, variant: Variant) -> None:
    variant.make(bundled)
    report = check_folder(bundled)  # must not raise, whatever the file holds
    found = {(p.file, p.line, p.column, p.code): p for p in report.problems}
    assert variant.expected in found, sorted(found, key=str)[:15]
    hit = found[variant.expected]
    table = variant.expected[0].removesuffix(".csv")
    if variant.warning_only:
        assert hit.severity == WARNING
        assert report.clean
        assert all(p.severity == WARNING for p in report.problems)
    else:
        assert hit.severity == ERROR
        assert not report.clean
        assert report.results[table].errors > 0
    for found_problem in report.problems:
        assert f"problem.{found_problem.code}" in MESSAGES
        english, french = found_problem.message("en"), found_problem.message("fr")
        assert english and french
        assert english != french
        assert not UNFILLED.search(english) and not UNFILLED.search(french)


def test_a_home_page_is_warned_of_on_published_rows_only(bundled: Path) -> None:
    """An example citing a home page gets the example warning, not a second one; a site's
    page by number or anchor is a page, not the home page."""
    both(set_cell("activities", EXAMPLE_LINE, "source", "https://eunice-university.eu/"),
         set_cell("activities", 6, "source", "https://eunice-university.eu/?p=8701 "
                                             "https://a.eu/#facts"))(bundled)
    found = {(p.line, p.code) for p in check_folder(bundled).problems}
    assert found == {(EXAMPLE_LINE, "example_source")}


def test_rows_with_errors_are_kept_out_of_typed_tables(bundled: Path) -> None:
    set_cell("activities", 6, "ects", "61")(bundled)
    result = check_folder(bundled).results["activities"]
    assert result.rows == 70
    assert len(result.typed) == 69
    assert "A005" not in set(result.typed["id"])


def test_warning_rows_stay_in_typed_tables(bundled: Path) -> None:
    set_cell("activities", 12, "title", "Online chess ")(bundled)
    result = check_folder(bundled).results["activities"]
    assert len(result.typed) == 70
    assert result.warnings == 1 and result.errors == 0


def test_duplicate_messages_name_the_first_line(bundled: Path) -> None:
    both(set_cell("activities", 30, "id", "A001"),
         edit_rows("activities", lambda r: r.append(list(r[11]))))(bundled)
    problems = check_folder(bundled).results["activities"].problems
    unique = next(p for p in problems if p.code == "unique" and p.line == 30)
    assert dict(unique.params)["first_line"] == 2
    assert "line 2" in unique.message("en") and "ligne 2" in unique.message("fr")
    repeat = next(p for p in problems if p.code == "duplicate_row")
    assert dict(repeat.params)["first_line"] == 12


def test_overrides_stand_in_for_files(bundled: Path) -> None:
    data = (bundled / "projects.csv").read_bytes().replace(b"2023-10", b"2019-10", 1)
    report = check_folder(bundled, overrides={"projects": data})
    assert ("projects.csv", 2, "end", "order") in {
        (p.file, p.line, p.column, p.code) for p in report.problems}
    assert check_folder(bundled).clean  # the file itself was not touched


def _fields(template: object) -> set[str]:
    """The placeholders of a message, or of every form of a plural one."""
    forms = template.values() if isinstance(template, dict) else [template]
    return {name for form in forms for _, name, _, _ in string.Formatter().parse(str(form))
            if name}


@pytest.mark.parametrize("key", sorted(k for k in MESSAGES if k.startswith("problem.")))
def test_every_problem_message_is_translated(key: str) -> None:
    params = {name: f"<{name}>" for lang in ("en", "fr") for name in _fields(MESSAGES[key][lang])}
    english, french = t(key, "en", **params), t(key, "fr", **params)
    assert english != french
    assert "{" not in english and "{" not in french
    assert _fields(MESSAGES[key]["fr"]) == _fields(MESSAGES[key]["en"])


def test_every_problem_code_has_a_variant() -> None:
    # Codes of other readers have their own tables of variants: alliance.toml's in
    # tests/test_identity.py, uploads' in tests/test_upload.py, mobility files' in
    # tests/test_mobility.py.
    elsewhere = ("problem.identity_", "problem.upload_", "problem.xlsx_", "problem.mobility_")
    codes = {k.removeprefix("problem.") for k in MESSAGES
             if k.startswith("problem.") and not k.startswith(elsewhere)}
    covered = {v.expected[3] for v in VARIANTS}
    # file_unreadable needs an OS read error on an existing file, which root never gets;
    # the caps on bytes and rows apply to uploads only (tests/test_loader.py covers them).
    # more_of_kind follows the first 1,000 problems of a kind (tests/test_loader.py), and
    # more_problems only ever closes a printed list (tests/test_cli.py).
    assert codes - covered == {"file_unreadable", "too_large", "too_many_rows", "more_of_kind",
                               "more_problems"}


def test_every_declared_table_is_validated(bundled: Path) -> None:
    assert set(check_folder(bundled).results) == {t.name for t in TABLES}


def test_excel_date_number_says_what_date_it_is_without_a_range_error(bundled: Path) -> None:
    set_cell("universities", 2, "joined", "46022")(bundled)
    problems = [p for p in check_folder(bundled).problems if (p.line, p.column) == (2, "joined")]
    assert [p.code for p in problems] == ["date_excel_number"]
    assert "2025-12-31" in problems[0].message("en") and "Excel" in problems[0].message("en")
    assert "2025-12-31" in problems[0].message("fr")


@pytest.mark.parametrize(("typed", "suggestion"), [
    ("31/12/2026", "2026-12-31"), ("12/31/2026", "2026-12-31"), ("31.12.2026", "2026-12-31"),
    ("2026/12/31", "2026-12-31"), ("2026-1-5", "2026-01-05"), ("01.02.2026", "2026-02-01"),
    ("09/07/2020", None), ("31/02/2026", None),
])
def test_other_date_orders_suggest_iso(bundled: Path, typed: str, suggestion: str | None) -> None:
    set_cell("activities", 10, "start", typed)(bundled)
    [hit] = [p for p in check_folder(bundled).problems if (p.line, p.column) == (10, "start")]
    if suggestion is None:
        assert hit.code == "type_date"
    else:
        assert hit.code == "date_reorder"
        assert f"write {suggestion}" in hit.message("en")
        assert f"écrivez {suggestion}" in hit.message("fr")


@pytest.mark.parametrize(("column", "value"), [("id", " A008"), ("id", "A008 "),
                                               ("host_id", "UC "), ("project", " EUNICE4U")])
def test_a_space_around_an_id_is_an_error_and_the_row_is_held_back(
        bundled: Path, column: str, value: str) -> None:
    set_cell("activities", 9, column, value)(bundled)
    result = check_folder(bundled).results["activities"]
    assert [(p.line, p.column, p.code, p.severity) for p in result.problems] == [
        (9, column, "id_whitespace", ERROR)]
    assert len(result.typed) == 69  # no spaced id ever reaches the app
    assert not result.typed[column].astype(str).str.contains(" ").any()


@pytest.mark.parametrize(("text", "what"), [
    ("A **bold** claim", "Markdown bold"), ("# Heading", "Markdown heading"),
    ("See [here](https://x.eu)", "Markdown link"), ("![i](http://x.eu/p.png)", "Markdown image"),
    (":red[alert] now", "Streamlit colour directive"), ("Visit https://x.eu today", "web address"),
    ("Visit www.x.eu", "web address"), ('=HYPERLINK("http://x.eu")', "HYPERLINK"),
    ("go =hyperlink(x)", "HYPERLINK"),
])
def test_markdown_looking_text_warns(bundled: Path, text: str, what: str) -> None:
    set_cell("activities", 9, "description", text)(bundled)
    report = check_folder(bundled)
    [hit] = [p for p in report.problems if p.code == "markdown"]
    assert (hit.line, hit.column, hit.severity) == (9, "description", WARNING)
    assert what in hit.message("en")
    assert report.clean  # a warning: the app shows the text as text anyway


@pytest.mark.parametrize("text", ["Price: 5 * 3", "#1 in Europe", "see [1]", "a_b_c", "10:30"])
def test_plain_text_is_not_taken_for_markdown(bundled: Path, text: str) -> None:
    set_cell("activities", 9, "description", text)(bundled)
    assert "markdown" not in {p.code for p in check_folder(bundled).problems}


def test_html_tags_stay_an_error(bundled: Path) -> None:
    set_cell("activities", 9, "description", '<img src="http://x.eu/p.png">')(bundled)
    codes = {(p.code, p.severity) for p in check_folder(bundled).problems}
    assert ("markup", ERROR) in codes


def _parsed_tables(folder: Path, quick: bool) -> dict[str, Parsed]:
    """Every table of the folder as the loader reads it, a plain file the quick way or not;
    a file that cannot be read (missing, a folder, a pipe) is left to `read_table`."""
    parsed = {}
    for table in TABLES:
        try:
            data = read_regular(folder / table.file_name)
        except OSError:
            parsed[table.name] = read_table(folder, table)
        else:
            parsed[table.name] = parse_csv(data, table, quick=quick)
    return parsed


# Three whole-folder checks per variant take about a second: every fourth variant (spread
# over every kind of trap) runs with the suite, all of them with `pytest -m slow`.
@pytest.mark.parametrize("variant", [
    pytest.param(v, id=v.id, marks=() if i % 4 == 0 else pytest.mark.slow)
    for i, v in enumerate(VARIANTS)])
def test_quick_and_long_ways_give_the_same_report(bundled: Path, variant: Variant) -> None:
    """Each awkward folder gives the same problems and typed rows read and checked the quick
    ways (a plain file's cells counted by one strict read; repeated values checked once) as
    the long ways (every delimiter located; every cell checked)."""
    variant.make(bundled)
    long = check_parsed(_parsed_tables(bundled, quick=False), by_value=False)
    for by_value in (None, True):
        quick = check_parsed(_parsed_tables(bundled, quick=True), by_value=by_value)
        assert quick.problems == long.problems
        assert variant.expected in {(p.file, p.line, p.column, p.code) for p in quick.problems}
        for name, result in long.results.items():
            pd.testing.assert_frame_equal(quick.results[name].typed, result.typed)
            assert quick.results[name].parsed.lines.tolist() == result.parsed.lines.tolist()


def _arrow_text(*chunks: list[str], start: int = 0) -> pd.Series:
    import pyarrow as pa

    text = pa.chunked_array([pa.array(c, type=pa.large_string()) for c in chunks])
    return pd.Series(pd.arrays.ArrowStringArray(text.slice(start)), dtype="str")


@pytest.mark.parametrize("cells", [
    _arrow_text(["a", "", " b", "é"]),
    _arrow_text(["a", ""], ["", "c", " "], ["d"]),  # several chunks, as Arrow's reader gives
    _arrow_text(["x", "a", "", "b"], start=1),  # a slice: its offset is not the buffers' start
    pd.Series(["a", "", "b"], dtype=object),
    _arrow_text(["", ""]),
], ids=["one-chunk", "chunks", "slice", "object", "all-missing"])
def test_missing_cells_become_null_as_where_makes_them(cells: pd.Series) -> None:
    missing = (cells.str.strip() == "").to_numpy(dtype=bool)
    pd.testing.assert_series_equal(missing_as_null(cells, missing), cells.where(~missing))


def test_warnings_of_a_kind_past_a_thousand_are_counted_not_listed(bundled: Path) -> None:
    """An activities file whose every row earns the same warnings (a published row citing
    a home page, a title with a space at its end) lists the first 1,000 of each kind and
    says how many more, where a million rows took a minute; errors are all still listed."""
    rows = read_rows(bundled, "activities")
    header, template = rows[0], rows[1]
    extra = 300
    made = []
    for n in range(MAX_LOCATED + extra):
        row = list(template)
        row[header.index("id")] = f"Z{n:05d}"
        row[header.index("title")] = f"Course {n} "
        row[header.index("illustrative")] = "false"
        row[header.index("source")] = "https://www.example.org/"
        made.append(row)
    made[-1][header.index("ects")] = "many"  # one error, past the cap, still located
    write_rows(bundled, "activities", [header, *made])
    found = [p for p in check_folder(bundled).problems if p.file == "activities.csv"]
    codes = [p.code for p in found]
    assert codes.count("whitespace") == MAX_LOCATED
    assert codes.count("source_home_page") == MAX_LOCATED
    more = {p.message("en") for p in found if p.code == "more_of_kind"}
    assert more == {f"… and {extra} more lines with the same problem ({kind}), not listed."
                    for kind in ("whitespace", "source_home_page")}
    assert all(p.severity == WARNING for p in found if p.code == "more_of_kind")
    assert [(p.line, p.column) for p in found if p.severity == ERROR] == [
        (MAX_LOCATED + extra + 1, "ects")]


@pytest.mark.parametrize(("table", "column", "value", "code"), [
    ("universities", "students", "\u0663\u0663", "type_integer"),  # Arabic-Indic 33
    ("universities", "founded", "\uff11\uff19\uff19\uff19", "type_integer"),  # full-width 1999
    ("projects", "budget_eur", "\u0665.\u0665", "type_decimal"),
    ("milestones", "date", "\u0662\u0660\u0662\u0664", "type_date"),  # ٢٠٢٤
], ids=["arabic-indic", "full-width", "decimal", "date"])
def test_digits_of_other_scripts_are_not_numbers(bundled: Path, table: str, column: str,
                                                 value: str, code: str) -> None:
    """Digits are ASCII: with a non-ASCII cell in the column, pandas matches `\\d` with
    Python's re, where any script's digit is one; the patterns say [0-9]."""
    set_cell(table, 3, column, value)(bundled)
    found = {(p.file, p.line, p.column, p.code) for p in check_folder(bundled).problems}
    assert (f"{table}.csv", 3, column, code) in found, sorted(found)
