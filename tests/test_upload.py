"""Uploads: CSV in every dialect the loader takes, XLSX with real cells, and merging."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from alliance import store
from alliance.files import UTF8_BOM
from alliance.limits import MAX_UPLOAD_BYTES
from alliance.loader import parse_csv
from alliance.problems import problem
from alliance.schema import ACTIVITIES, ACTIVITY_KINDS, AUDIENCES, MODES, TABLES_BY_NAME
from alliance.upload import cell_text, merge, read_upload, xlsx_refusal
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


def test_a_broken_workbook_is_unreadable_in_the_readers_language() -> None:
    parsed = read_upload("broken.xlsx", b"PK\x03\x04 not really a zip", ACTIVITIES)
    assert not parsed.usable
    assert [p.code for p in parsed.problems] == ["xlsx_not_zip"]
    french = parsed.problems[0].message("fr")
    assert "endommagé" in french and "zip file" not in french.lower()


def _zip_with(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for name, data in parts.items():
            book.writestr(name, data)
    return out.getvalue()


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return {name: book.read(name) for name in book.namelist()}


@pytest.mark.parametrize(("broken", "code"), [
    (lambda good: good[: len(good) // 2], "xlsx_not_zip"),  # cut short
    (lambda good: _zip_with({k: v for k, v in _parts(good).items()
                             if k != "xl/workbook.xml"}), "xlsx_broken"),  # a part missing
    (lambda good: _zip_with({**_parts(good), "xl/workbook.xml": b"<workbook"}),
     "xlsx_broken"),  # a part damaged
    (lambda good: _zip_with({"hello.txt": b"not a workbook"}), "xlsx_broken"),  # other zip
    (lambda good: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "xlsx_old"),
], ids=["truncated", "missing part", "damaged part", "other zip", "old xls"])
def test_every_damaged_workbook_gets_one_translated_message(broken, code: str) -> None:
    """openpyxl's and zipfile's own texts ("File is not a zip file") are English: each kind
    of damage is one message key instead, said in the reader's language."""
    good = workbook({"activities": [["id", "title"], ["A1", "T"]]})
    parsed = read_upload("a.xlsx", broken(good), ACTIVITIES)
    assert not parsed.usable and parsed.frame.empty
    assert [p.code for p in parsed.problems] == [code]
    for lang in ("en", "fr"):
        text = parsed.problems[0].message(lang)
        assert text and not text.startswith("problem.") and "{" not in text
    assert parsed.problems[0].message("fr") != parsed.problems[0].message("en")


def test_the_content_decides_not_the_name() -> None:
    """A CSV saved as `.xlsx` is read as CSV, and a workbook saved as `.csv` as a workbook."""
    as_xlsx = read_upload("activities.xlsx", comma_csv(), ACTIVITIES)
    assert as_xlsx.usable and as_xlsx.frame.values.tolist() == EXPECTED
    book = workbook({"activities": [XLSX_HEADER[:2], ["A1", "T"]]})
    as_csv = read_upload("activities.csv", book, ACTIVITIES)
    assert as_csv.usable and as_csv.frame.values.tolist() == [["A1", "T"]]


def test_uploads_over_the_byte_cap_are_refused_unread() -> None:
    data = comma_csv()
    parsed = read_upload("a.csv", data, ACTIVITIES, max_bytes=len(data) - 1)
    assert not parsed.usable and parsed.frame.empty
    assert [p.code for p in parsed.problems] == ["upload_too_big"]
    assert read_upload("a.csv", data, ACTIVITIES, max_bytes=len(data)).usable
    assert "20 MB" in read_upload("a.csv", bytes(MAX_UPLOAD_BYTES + 1), ACTIVITIES
                                  ).problems[0].message("en")


def test_csv_uploads_over_the_row_cap_are_refused() -> None:
    parsed = read_upload("a.csv", comma_csv(), ACTIVITIES, max_rows=1)
    assert [p.code for p in parsed.problems] == ["upload_too_many_rows"] and not parsed.usable
    assert read_upload("a.csv", comma_csv(), ACTIVITIES, max_rows=2).usable


def _without_dimension(data: bytes, lie: bool) -> bytes:
    parts = _parts(data)
    sheet = parts["xl/worksheets/sheet1.xml"]
    start = sheet.index(b"<dimension")
    end = sheet.index(b"/>", start) + 2
    parts["xl/worksheets/sheet1.xml"] = sheet[:start] + (
        b'<dimension ref="A1:B2"/>' if lie else b"") + sheet[end:]
    return _zip_with(parts)


@pytest.mark.parametrize("form", ["dimension", "no dimension", "lying dimension"])
def test_workbook_rows_are_counted_before_parsing(form: str) -> None:
    """The sheet's `<dimension>` refuses at once; without one, or when it lies, the rows
    are counted as the sheet is unpacked."""
    data = workbook({"activities": [["id", "title"], *[[f"A{n}", "T"] for n in range(10)]]})
    if form != "dimension":
        data = _without_dimension(data, lie=form == "lying dimension")
    assert xlsx_refusal(data, max_rows=9) == ("upload_too_many_rows", {"max": 9})
    assert xlsx_refusal(data, max_rows=10) is None
    parsed = read_upload("a.xlsx", data, ACTIVITIES, max_rows=9)
    assert [p.code for p in parsed.problems] == ["upload_too_many_rows"]
    assert len(read_upload("a.xlsx", data, ACTIVITIES, max_rows=10).frame) == 10


def test_rows_cut_by_a_chunk_boundary_are_counted_once() -> None:
    rows = [["id", "title"], *[[f"A{n}", "x" * 900] for n in range(3000)]]  # ~3 MB of XML
    data = _without_dimension(workbook({"activities": rows}), lie=False)
    assert xlsx_refusal(data, max_rows=3000) is None
    assert xlsx_refusal(data, max_rows=2999) == ("upload_too_many_rows", {"max": 2999})


def test_an_oversized_or_overcompressed_workbook_is_refused_from_its_directory() -> None:
    good = workbook({"activities": [["id", "title"], ["A1", "T"]]})
    padded = _zip_with({**_parts(good), "xl/media/pad.bin": bytes(2_000_000)})
    code, params = xlsx_refusal(padded)
    assert code == "xlsx_ratio" and params["part"] == "xl/media/pad.bin"
    assert xlsx_refusal(good) is None


# A zip bomb, written by hand: deflate segments of a megabyte of rows each, flushed so that
# each one stands alone, repeated; the directory declares sizes that add up to 5 GB. Python's
# zipfile trusts the declared sizes, so the test costs seconds and a few megabytes.
SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
              b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
ROW = b'<row><c t="inlineStr"><is><t>A</t></is></c></row>'


def _deflated(data: bytes, final: bool = False) -> bytes:
    pack = zlib.compressobj(9, zlib.DEFLATED, -15)
    return pack.compress(data) + pack.flush(zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH)


END = zlib.compressobj(9, zlib.DEFLATED, -15).flush()  # an empty last block


def _bomb(size: int = 19_000_000) -> bytes:
    """A workbook of `size` bytes whose parts unpack to 5 GB (4.9 GB of rows in the sheet)."""
    rows = ROW * (1_048_576 // len(ROW))
    segment = _deflated(rows)
    repeats = 3_900_000_000 // len(rows)
    entries = [(name, 8, _deflated(data, final=True), zlib.crc32(data), len(data))
               for name, data in _parts(workbook({"activities": [["id"], ["A1"]]})).items()
               if name != "xl/worksheets/sheet1.xml"]
    # The CRCs of the big parts are not computed (it would mean unpacking them); a reader
    # checks them only at a part's end, far beyond what any reader should unpack.
    entries.append(("xl/worksheets/sheet1.xml", 8, _deflated(SHEET_HEAD) + segment * repeats
                    + END, 0, len(SHEET_HEAD) + repeats * len(rows)))
    entries.append(("xl/media/image1.bin", 8, segment * 1000 + END, 0, 1000 * len(rows)))
    padding = os.urandom(max(0, size - sum(len(e[2]) for e in entries) - 2_000))
    entries.append(("xl/media/noise.bin", 0, padding, zlib.crc32(padding), len(padding)))
    out = io.BytesIO()
    directory = []
    for name, method, data, crc, unpacked in entries:
        encoded = name.encode()
        directory.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0,
                                     0, crc, len(data), unpacked, len(encoded), 0, 0, 0, 0, 0,
                                     out.tell()) + encoded)
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0, crc, len(data),
                              unpacked, len(encoded), 0) + encoded + data)
    start = out.tell()
    out.write(b"".join(directory))
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries),
                          out.tell() - start, start, 0))
    return out.getvalue()


def test_the_bomb_is_what_it_claims() -> None:
    bomb = _bomb()
    assert 18_000_000 < len(bomb) < MAX_UPLOAD_BYTES  # small enough to upload
    with zipfile.ZipFile(io.BytesIO(bomb)) as book:
        assert sum(part.file_size for part in book.infolist()) > 4_900_000_000
        with book.open("xl/worksheets/sheet1.xml") as sheet:  # and it does unpack
            assert sheet.read(4_000_000).count(b"<row>") > 70_000


BOMB_PROBE = """
import resource, sys, time
# Bounded, so that a reader that does unpack the bomb fails here instead of taking the machine.
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
sys.path.insert(0, {root!r})
from alliance.schema import ACTIVITIES
from alliance.upload import read_upload
data = open({path!r}, "rb").read()
start = time.perf_counter()
parsed = read_upload("bomb.xlsx", data, ACTIVITIES)
took = time.perf_counter() - start
# getrusage's peak survives exec on Linux, so it may be the parent's (pytest's, after the
# app tests); the kernel's high-water mark of this process's own memory is VmHWM.
try:
    status = open("/proc/self/status").read().split("VmHWM:")[1]
    peak_mb = int(status.split()[0]) / 1024
except (OSError, IndexError):
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print([p.code for p in parsed.problems], parsed.usable, round(took, 2), round(peak_mb))
"""


def test_a_zip_bomb_is_refused_in_seconds_and_little_memory(tmp_path: Path) -> None:
    """19 MB that unpack to 5 GB: refused from the zip's directory, never unpacked."""
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(_bomb())
    root = str(Path(__file__).resolve().parents[1])
    try:
        done = subprocess.run([sys.executable, "-c", BOMB_PROBE.format(root=root,
                                                                       path=str(path))],
                              capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("the bomb was still being read after a minute")
    assert done.returncode == 0, done.stderr[-2000:]
    *codes, usable, took, peak_mb = done.stdout.split()
    assert "xlsx_too_big" in " ".join(codes) and usable == "False"
    assert float(took) < 5, f"took {took} s"
    assert int(peak_mb) < 300, f"peak {peak_mb} MB"


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
    return [[cell_text(row.get(c, "")) for c in ACTIVITIES.column_names] for row in rows]


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
                     + [[None if row.get(c, "") == "" else row[c] for c in ACTIVITIES.column_names]
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
    # Translation columns nobody filled stay out of the saved file.
    written = again.frame.reindex(columns=list(ACTIVITIES.column_names), fill_value="")
    assert written.values.tolist() == as_text(rows)
    assert read_upload("again.csv", exported, ACTIVITIES).frame.equals(again.frame)


def test_upload_then_save_into_a_folder(bundled: Path) -> None:
    row = {"id": "A900", "title": "Imported", "audience": "students", "kind": "training",
           "mode": "online", "language": "en", "start": dt.date(2027, 1, 5), "ects": 1.5,
           "illustrative": False, "source": "https://eunice-university.eu/"}
    data = workbook({"activities": [list(ACTIVITIES.column_names),
                                    [row.get(c) for c in ACTIVITIES.column_names]]})
    found, version = store.current(bundled, "activities")
    proposed = merge(found, read_upload("new.xlsx", data, ACTIVITIES).frame, "append")
    saved = store.save(bundled, "activities", proposed, base=version, who="t", reason="import",
                       check_access=lambda: None)
    assert (saved.added, saved.changed, saved.removed) == (1, 0, 0)
    last = store.current(bundled, "activities")[0].iloc[-1]
    assert (last["id"], last["ects"], last["illustrative"]) == ("A900", "1.5", "false")


def test_a_csv_upload_of_millions_of_short_lines_is_refused_by_the_row_cap() -> None:
    """`A,` on every line: refused from the first lines, with one problem, not one a line."""
    from alliance.limits import MAX_UPLOAD_ROWS

    header = ",".join(ACTIVITIES.column_names) + "\n"
    data = header.encode() + b"A,\n" * (3 * MAX_UPLOAD_ROWS)
    parsed = read_upload("many.csv", data, ACTIVITIES)
    assert [p.code for p in parsed.problems] == ["too_many_rows"]
    assert parsed.frame.empty and not parsed.usable
    assert f"more than {MAX_UPLOAD_ROWS}" in parsed.problems[0].message("en")


def test_the_byte_cap_says_more_than_never_a_size_it_did_not_read() -> None:
    """`import` reads the cap and one byte more: a 33 MB file must not read as 21 MB."""
    [found] = read_upload("a.csv", bytes(MAX_UPLOAD_BYTES + 1), ACTIVITIES).problems
    assert "larger than 20 MB" in found.message("en")
    assert "dépasse 20 Mo" in found.message("fr") and "21" not in found.message("fr")


def test_a_workbook_of_too_many_cells_is_refused_before_openpyxl_reads_it() -> None:
    """A few thousand rows of 50 columns cost openpyxl as much as a large table: the cells
    are counted in the streaming pass, against XLSX_MAX_CELLS."""
    rows = [[f"c{n}" for n in range(50)], *[[str(n)] * 50 for n in range(2_100)]]
    data = workbook({"activities": rows})
    assert xlsx_refusal(data) is None  # 105,050 cells: under the default cap
    assert xlsx_refusal(data, max_cells=100_000) == ("xlsx_too_many_cells", {"max": 100_000})
    found = problem("a.xlsx", None, None, None, "xlsx_too_many_cells", max=100_000)
    assert "more than 100000 cells" in found.message("en")
    assert "plus de 100000 cellules" in found.message("fr")
