"""Hostile input: whatever a data folder holds, validation answers with located problems.

Each variant copies the bundled data to tmp_path, overwrites (or replaces) one file with
something malformed, odd or hostile, and runs the real `check_folder`. For every variant:
nothing raises, every problem names its file (and its line wherever a line means something),
its message reads in English and in French, the French holds no English sentence of the
catalogue, and no message shows an invisible character raw.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from alliance.files import UTF8_BOM
from alliance.i18n import messages
from alliance.limits import MAX_CELL_CHARS, MAX_COLUMNS
from alliance.problems import ERROR, WARNING
from alliance.schema import TABLES, TABLES_BY_NAME, TEXT
from alliance.validate import check_folder

Make = Callable[[Path], None]
# Problems about a whole file, where no line applies.
WHOLE_FILE = {"file_missing", "file_unreadable", "file_is_directory", "file_is_special",
              "zip_file", "binary_file", "empty_file", "header_only", "too_large",
              "too_many_rows", "main_campus"}
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e"
                       "\u2060\u2066-\u2069\ufeff]")
PLACEHOLDER = re.compile(r"\{[A-Za-z_]*\}")


def _english_sentences() -> set[str]:
    """Pieces of every English message long enough to be a sentence of its own."""
    pieces = set()
    english, french = messages("en"), messages("fr")
    for key, text in english.items():
        other = french.get(key)
        if not isinstance(text, str) or not isinstance(other, str):
            continue
        for piece in PLACEHOLDER.split(text):
            piece = piece.strip(" .;:,'()")
            if len(piece) >= 24 and piece not in other:
                pieces.add(piece)
    return pieces


ENGLISH = _english_sentences()


def path_of(folder: Path, name: str) -> Path:
    return folder / f"{name}.csv"


def raw(name: str, data: bytes | Callable[[bytes], bytes]) -> Make:
    """Overwrite a table's file with these bytes (or a function of its current bytes)."""
    def make(folder: Path) -> None:
        path = path_of(folder, name)
        path.write_bytes(data(path.read_bytes()) if callable(data) else data)
    return make


def rows_of(folder: Path, name: str) -> list[list[str]]:
    with path_of(folder, name).open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def cells(name: str, values: dict[str, str], line: int = 2) -> Make:
    """Set cells of one line (header = line 1), written back as proper CSV."""
    def make(folder: Path) -> None:
        rows = rows_of(folder, name)
        for column, value in values.items():
            if column not in rows[0]:  # a declared column the file leaves out (a translation)
                rows[0].append(column)
                for row in rows[1:]:
                    row.append("")
            rows[line - 1][rows[0].index(column)] = value
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        path_of(folder, name).write_bytes(buffer.getvalue().encode("utf-8"))
    return make


def line_edit(name: str, line: int, edit: Callable[[bytes], bytes]) -> Make:
    def make(folder: Path) -> None:
        lines = path_of(folder, name).read_bytes().split(b"\n")
        lines[line - 1] = edit(lines[line - 1])
        path_of(folder, name).write_bytes(b"\n".join(lines))
    return make


def in_place(name: str, build: Callable[[Path], None]) -> Make:
    def make(folder: Path) -> None:
        path = path_of(folder, name)
        path.unlink()
        build(path)
    return make


def free_text(table: str) -> list[str]:
    return [c.name for c in TABLES_BY_NAME[table].columns
            if c.kind == TEXT and not (c.allowed or c.pattern or c.references)]


def every_text_column(table: str, value: str) -> Make:
    return cells(table, dict.fromkeys(free_text(table), value))


@dataclass(frozen=True)
class Variant:
    id: str
    make: Make
    file: str  # the file the variant damages
    codes: frozenset[str] = frozenset()  # codes that must be among its problems
    clean: bool = False  # odd but good: the file must have no error at all


def v(name: str, make: Make, file: str, *codes: str) -> Variant:
    return Variant(name, make, f"{file}.csv", frozenset(codes))


def good(name: str, make: Make, file: str, *codes: str) -> Variant:
    return Variant(name, make, f"{file}.csv", frozenset(codes), clean=True)


A, U, L, P, M = "activities", "universities", "locations", "projects", "milestones"
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 4
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nstream\n" + bytes(range(256)) * 8
GZIP = b"\x1f\x8b\x08\x00" + bytes(range(256)) * 4
MARKUP_PAYLOADS = {
    "bold": "**Bold** claim", "heading": "# Big title", "link": "[click](https://evil.example)",
    "image": "![px](http://evil.example/p.png)", "directive": ":red[Alert] here",
    "bare-url": "see http://evil.example now", "hyperlink": '=HYPERLINK("http://evil.example")',
}

VARIANTS = [
    # Encodings
    v("cp1252-whole-file", raw(U, lambda d: d.decode().encode("cp1252", "replace")), U,
      "encoding"),
    v("latin1-accent", cells(U, {"name": "Universit\xe9"}), U),
    v("latin1-byte", raw(U, lambda d: d.replace(b"Poznan", b"Pozna\xf1", 1)), U, "encoding"),
    v("utf16-le-bom", raw(A, lambda d: d.decode().encode("utf-16")), A, "utf16"),
    v("utf16-be-no-bom", raw(M, lambda d: d.decode().encode("utf-16-be")), M, "utf16"),
    v("utf32", raw(M, lambda d: d.decode().encode("utf-32")), M, "utf16"),
    good("utf8-bom", raw(P, lambda d: UTF8_BOM + d), P),
    good("bom-twice", raw(P, lambda d: UTF8_BOM * 2 + d), P, "bom_inside"),
    good("bom-mid-file", raw(A, lambda d: d.replace(b"\nA020,", b"\n\xef\xbb\xbfA020,")), A,
      "bom_inside"),
    v("two-files-joined", raw(P, lambda d: d + UTF8_BOM + d), P, "bom_inside"),
    # Empty and near-empty files
    v("empty", raw(M, b""), M, "empty_file"),
    v("whitespace-only", raw(M, b"  \n\t\n\r\n"), M, "empty_file"),
    v("bom-only", raw(M, UTF8_BOM), M, "empty_file"),
    v("newlines-only", raw(M, b"\n" * 10_000), M, "empty_file"),
    v("header-only", raw(P, lambda d: d.split(b"\n", 1)[0] + b"\n"), P, "header_only"),
    v("header-only-no-newline", raw(P, lambda d: d.split(b"\n", 1)[0]), P, "header_only"),
    v("no-header", raw(A, lambda d: d.split(b"\n", 1)[1]), A, "no_header"),
    v("single-quote-file", raw(M, b'"'), M, "no_header"),
    # Quotes
    v("unclosed-quote", line_edit(A, 4, lambda b: b.replace(b",Online", b',"Online', 1)), A,
      "unclosed_quote"),
    v("unclosed-quote-last-line", line_edit(A, 71, lambda b: b.replace(b",true,", b',true,"')),
      A, "unclosed_quote"),
    good("inch-mark-in-unquoted-cell", line_edit(A, 8, lambda b: b.replace(b",", b',Screen 12" ',
                                                                         1)), A),
    v("quote-after-closing-quote", line_edit(L, 3, lambda b: b.replace(b',"', b',"x"y', 1)), L,
      "unclosed_quote"),
    good("many-doubled-quotes", cells(A, {"description": '"' * 501}), A),
    # Ragged rows and headers
    v("too-many-fields", line_edit(A, 10, lambda b: b + b",extra"), A, "too_many_fields"),
    v("too-few-fields", line_edit(A, 20, lambda b: b.rsplit(b",", 3)[0]), A, "too_few_fields"),
    v("row-of-100k-fields", line_edit(A, 30, lambda b: b + b"," * 100_000), A,
      "too_many_fields"),
    v("duplicate-columns", raw(U, lambda d: d.replace(b",note,", b",name,", 1)), U,
      "duplicate_column"),
    v("unnamed-middle-column", raw(L, lambda d: d.replace(b"name,city", b",city", 1)), L,
      "unnamed_column", "missing_column"),
    v("all-unknown-columns", raw(L, lambda d: b"a,b,c\n" + d.split(b"\n", 1)[1]), L,
      "no_header"),
    v("header-100k-columns", raw(P, lambda d: d.replace(b"\n", b"," + b"x," * 100_000 + b"y\n",
                                                         1)), P, "too_many_columns"),
    v("header-100k-empty-columns", raw(P, lambda d: d.replace(b"\n", b"," * 100_000 + b"\n",
                                                               1)), P, "too_many_columns"),
    v("header-just-over-column-cap", raw(P, lambda d: d.replace(
        b"\n", b"".join(b",c%d" % i for i in range(MAX_COLUMNS)) + b"\n", 1)), P,
      "too_many_columns"),
    v("header-50mb-line", raw(P, lambda d: b"id," + b"z" * 50_000_000 + b"\n" + d), P,
      "header_too_long"),
    v("body-50mb-line", line_edit(A, 12, lambda b: b.replace(b",students,", b"," + b"w" * (
        50 * 1024 * 1024) + b",", 1)), A, "cell_too_long"),
    v("50mb-line-of-delimiters", line_edit(A, 12, lambda b: b + b"," * (50 * 1024 * 1024)), A,
      "too_many_fields"),
    good("cell-at-the-cap", cells(A, {"description": "d" * MAX_CELL_CHARS}), A),
    v("cell-over-the-cap", cells(A, {"description": "d" * (MAX_CELL_CHARS + 1)}), A,
      "cell_too_long"),
    good("excel-trailing-semicolons", raw(U, lambda d: d.replace(b";", b".").replace(
        b",", b";").replace(b"\n", b";;;;;;;\n")), U, "trailing_empty_columns"),
    good("excel-trailing-commas", raw(U, lambda d: d.replace(b"\n", b",,,,\n")), U,
      "trailing_empty_columns"),
    v("blank-and-empty-rows", raw(L, lambda d: d.replace(b"\n", b"\n\n,,,,,,,,,\n", 2)), L,
      "blank_line", "empty_row"),
    # Numbers
    v("huge-integer", cells(U, {"students": "9" * 400}), U, "range"),
    v("huge-float", cells(A, {"ects": "1e400"}, line=6), A),
    v("nan-decimal", cells(L, {"latitude": "NaN"}), L),
    v("inf-decimal", cells(L, {"longitude": "inf"}), L),
    v("minus-inf-budget", cells(P, {"budget_eur": "-inf"}), P),
    v("hex-number", cells(U, {"founded": "0x7DF"}), U, "type_integer"),
    v("excel-date-number", cells(U, {"joined": "46022"}), U, "date_excel_number"),
    v("day-first-date", cells(M, {"date": "31/12/2026"}), M, "date_reorder"),
    # Text that is odd but legitimate, or invisible
    good("emoji", every_text_column(A, "Summer school 🎓👩‍🔬 on 🌍"), A),
    good("rtl-marks", cells(A, {"title": "\u200fمدرسة صيفية\u200e"}), A, "invisible_character"),
    good("bidi-override", cells(A, {"title": "abc\u202edcba"}), A, "invisible_character"),
    v("zero-width-in-id", cells(U, {"id": "PU\u200bT"}), U, "invisible_character", "pattern"),
    v("nbsp-around-id", cells(A, {"host_id": "\xa0UC"}), A, "id_whitespace"),
    v("space-inside-id", cells(A, {"id": "A 001"}), A, "pattern"),
    v("nul-in-cell", cells(A, {"title": "Bad\x00title"}, line=5), A, "control_character"),
    v("nul-bytes-everywhere", raw(A, lambda d: d.replace(b"e", b"e\x00")), A, "binary_file"),
    v("bell-escape-del", cells(A, {"description": "ring\x07 esc\x1b del\x7f"}), A,
      "control_character"),
    v("c1-control", cells(A, {"description": "cp1252 mojibake \x85 here"}), A,
      "control_character"),
    v("form-feed-in-header", raw(M, lambda d: d.replace(b"title", b"ti\x0ctle", 1)), M,
      "control_character"),
    good("mixed-line-endings", raw(A, lambda d: d.replace(b"\n", b"\r\n", 20)), A,
      "mixed_line_endings"),
    good("lone-cr", raw(A, lambda d: d.replace(b"\nA030,", b"\rA030,")), A, "lone_cr"),
    good("classic-mac-file", raw(A, lambda d: d.replace(b"\n", b"\r")), A),
    good("crlf-file", raw(A, lambda d: d.replace(b"\n", b"\r\n")), A),
    good("very-long-cells", every_text_column(A, "long " * 100_000), A),
    # What is not a CSV file
    v("dev-zero-symlink", in_place(A, lambda p: p.symlink_to("/dev/zero")), A,
      "file_is_special"),
    v("dev-null-symlink", in_place(A, lambda p: p.symlink_to("/dev/null")), A,
      "file_is_special"),
    v("fifo", in_place(L, lambda p: os.mkfifo(p)), L, "file_is_special"),
    v("directory", in_place(M, lambda p: p.mkdir()), M, "file_is_directory"),
    v("broken-symlink", in_place(M, lambda p: p.symlink_to(p.parent / "nowhere.csv")), M,
      "file_missing"),
    v("symlink-loop", in_place(M, lambda p: p.symlink_to(p)), M, "file_unreadable"),
    v("missing", in_place(M, lambda p: None), M, "file_missing"),
    v("binary-garbage", raw(P, bytes(range(256)) * 64), P, "binary_file"),
    v("zip-bytes", raw(P, ZIP), P, "zip_file"),
    v("png-bytes", raw(P, PNG), P),
    v("pdf-bytes", raw(P, PDF), P),
    v("gzip-bytes", raw(P, GZIP), P),
    v("dev-zero-content", raw(P, bytes(1 << 20)), P, "binary_file"),
    # Markup in every free-text column of every table
    *[v(f"{kind}-in-every-text-column-of-{table.name}",
        every_text_column(table.name, payload), table.name, "markdown")
      for table in TABLES for kind, payload in MARKUP_PAYLOADS.items()
      if free_text(table.name)],
    *[v(f"html-in-every-text-column-of-{table.name}",
        every_text_column(table.name, '<img src="http://evil.example/p.png"> <b>x</b>'),
        table.name, "markup")
      for table in TABLES if free_text(table.name)],
]


def test_enough_hostile_variants() -> None:
    assert len(VARIANTS) >= 60
    assert len({x.id for x in VARIANTS}) == len(VARIANTS)


@pytest.mark.parametrize("variant", VARIANTS, ids=[x.id for x in VARIANTS])
def test_hostile_input_gives_located_problems(bundled: Path, variant: Variant) -> None:
    variant.make(bundled)
    report = check_folder(bundled)  # must not raise, whatever the folder holds
    assert set(report.results) == {t.name for t in TABLES}
    codes = {p.code for p in report.problems if p.file == variant.file}
    assert variant.codes <= codes, sorted(codes)
    if variant.clean:
        errors = [p for p in report.problems if p.file == variant.file and p.severity == ERROR]
        assert not errors, errors[:3]
    for found in report.problems:
        assert found.file in {t.file_name for t in TABLES}
        assert found.severity in (ERROR, WARNING)
        if found.code not in WHOLE_FILE:
            assert isinstance(found.line, int) and found.line >= 1, found
        english, french = found.message("en"), found.message("fr")
        assert english.strip() and french.strip() and english != french, found
        assert not PLACEHOLDER.search(english) and not PLACEHOLDER.search(french)
        leaked = [s for s in ENGLISH if s in french]
        assert not leaked, (found.code, leaked)
        for text in (english, french, found.value or "", found.column or ""):
            assert not INVISIBLE.search(text), (found.code, text[:120])
        assert len(english) < 2_000 and len(french) < 2_000  # no cell is shown whole
    for result in report.results.values():  # rows served are typed, never raw garbage
        assert list(result.typed.columns) == list(result.table.column_names)
