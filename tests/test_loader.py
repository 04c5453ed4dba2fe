"""alliance.loader: bytes as analysts save them -> text cells, editor line numbers, delimiter."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from alliance.files import DATA_DIR_VARIABLE, DEFAULT_DATA_DIR, UTF8_BOM, data_dir
from alliance.limits import MAX_CELL_CHARS
from alliance.loader import _Scan, parse_csv, read_table, write_csv
from alliance.schema import ACTIVITIES, LOCATIONS, TABLES

HEADER = "id,university_id,name,city,country,latitude,longitude,main,note,source"
ROW_A = "A,PUT,Campus A,Poznań,PL,52.4,16.9,true,,https://a.eu/"
ROW_B = "B,PUT,Campus B,Poznań,PL,52.5,16.8,false,,https://b.eu/"
SHOWN = ("id", "name", "latitude", "note")  # the cells each case compares


def semi(text: str) -> str:
    return text.replace(",", ";")


def tabs(text: str) -> str:
    return text.replace(",", "\t")


# (id, file bytes, delimiter, expected cells of SHOWN per row, expected line of each row,
#  expected (line, code, severity) of every problem)
CASES = [
    ("comma", f"{HEADER}\n{ROW_A}\n{ROW_B}\n".encode(), ",",
     [("A", "Campus A", "52.4", ""), ("B", "Campus B", "52.5", "")], [2, 3], []),
    ("no-final-newline", f"{HEADER}\n{ROW_A}\n{ROW_B}".encode(), ",",
     [("A", "Campus A", "52.4", ""), ("B", "Campus B", "52.5", "")], [2, 3], []),
    ("utf8-bom", UTF8_BOM + f"{HEADER}\n{ROW_A}\n".encode(), ",",
     [("A", "Campus A", "52.4", "")], [2], []),
    ("semicolon", semi(f"{HEADER}\n{ROW_A}\n").encode(), ";",
     [("A", "Campus A", "52.4", "")], [2], []),
    ("semicolon-bom", UTF8_BOM + semi(f"{HEADER}\n{ROW_A}\n").encode(), ";",
     [("A", "Campus A", "52.4", "")], [2], []),
    ("tab", tabs(f"{HEADER}\n{ROW_A}\n").encode(), "\t",
     [("A", "Campus A", "52.4", "")], [2], []),
    ("crlf", f"{HEADER}\r\n{ROW_A}\r\n{ROW_B}\r\n".encode(), ",",
     [("A", "Campus A", "52.4", ""), ("B", "Campus B", "52.5", "")], [2, 3], []),
    ("classic-mac-cr", f"{HEADER}\r{ROW_A}\r{ROW_B}\r".encode(), ",",
     [("A", "Campus A", "52.4", ""), ("B", "Campus B", "52.5", "")], [2, 3], []),
    ("quoted-line-breaks",
     f'{HEADER}\nA,PUT,"Campus\nwith\nthree lines",P,PL,1,2,true,"a, b",\n{ROW_B}\n'.encode(),
     ",", [("A", "Campus\nwith\nthree lines", "1", "a, b"), ("B", "Campus B", "52.5", "")],
     [2, 5], []),
    ("quoted-crlf-in-crlf-file",
     f'{HEADER}\r\nA,PUT,"two\r\nlines",P,PL,1,2,true,,\r\n{ROW_B}\r\n'.encode(), ",",
     [("A", "two\r\nlines", "1", ""), ("B", "Campus B", "52.5", "")], [2, 4], []),
    ("doubled-quotes",
     f'{HEADER}\nA,PUT,"The ""Old"" campus",P,PL,1,2,true,"x\n""y""",\n{ROW_B}\n'.encode(), ",",
     [("A", 'The "Old" campus', "1", 'x\n"y"'), ("B", "Campus B", "52.5", "")], [2, 4], []),
    ("na-none-zeros-stay-text",
     f"{HEADER}\nA,PUT,0012,P,PL,1,2,true,NA,None\nB,PUT,None,P,PL,1,2,true,null,N/A\n".encode(),
     ",", [("A", "0012", "1", "NA"), ("B", "None", "1", "null")], [2, 3], []),
    ("spaces-kept", f"{HEADER}\nA,PUT, padded ,P,PL,1,2,true,  ,\n".encode(), ",",
     [("A", " padded ", "1", "  ")], [2], []),
    ("decimal-comma-in-semicolon-file",
     semi(f"{HEADER}\nA,PUT,x,P,PL,52~403,-3~5,true,,\n").replace("~", ",").encode(), ";",
     [("A", "x", "52.403", "")], [2], []),
    ("decimal-comma-in-comma-file-stays",
     f'{HEADER}\nA,PUT,x,P,PL,"52,403",2,true,,\n'.encode(), ",",
     [("A", "x", "52,403", "")], [2], []),
    ("decimal-comma-only-in-number-columns",
     semi(f"{HEADER}\nA,PUT,1~5,P,PL,1,2,true,2~5,\n").replace("~", ",").encode(), ";",
     [("A", "1,5", "1", "2,5")], [2], []),
    ("blank-lines-are-warnings", f"{HEADER}\n\n{ROW_A}\n\n\n{ROW_B}\n".encode(), ",",
     [("A", "Campus A", "52.4", ""), ("B", "Campus B", "52.5", "")], [3, 6],
     [(2, "blank_line", "warning"), (4, "blank_line", "warning"),
      (5, "blank_line", "warning")]),
    ("blank-crlf-line", f"{HEADER}\r\n{ROW_A}\r\n\r\n{ROW_B}\r\n".encode(), ",",
     [("A", "Campus A", "52.4", ""), ("B", "Campus B", "52.5", "")], [2, 4],
     [(3, "blank_line", "warning")]),
    ("empty-rows-are-warnings", f"{HEADER}\n,,,,,,,,,\n{ROW_A}\n , ,,,,,,,,\n".encode(), ",",
     [("A", "Campus A", "52.4", "")], [3],
     [(2, "empty_row", "warning"), (4, "empty_row", "warning")]),
    ("ragged-rows-located",
     f'{HEADER}\nA,PUT,"multi\nline",P,PL,1,2,true,,,extra\n{ROW_B}\nC,PUT\n'.encode(), ",",
     [("B", "Campus B", "52.5", "")], [4],
     [(2, "too_many_fields", "error"), (5, "too_few_fields", "error")]),
    ("columns-in-any-order",
     b"name,id,university_id,city,country,latitude,longitude,main,note,source\n"
     b"Campus A,A,PUT,P,PL,1,2,true,n,\n", ",", [("A", "Campus A", "1", "n")], [2], []),
    ("quote-inside-unquoted-cell-is-reported",
     f'{HEADER}\nA,PUT,Say "hi, there" now,P,PL,1,2,true,,\n{ROW_B}\n'.encode(), ",",
     [("B", "Campus B", "52.5", "")], [3], [(2, "too_many_fields", "error")]),
]


@pytest.mark.parametrize(("data", "delimiter", "cells", "lines", "problems"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_parse_csv(data: bytes, delimiter: str, cells: list[tuple[str, ...]],
                   lines: list[int], problems: list[tuple[int, str, str]]) -> None:
    parsed = parse_csv(data, LOCATIONS)
    assert parsed.delimiter == delimiter
    assert parsed.usable
    got = [tuple(row) for row in parsed.frame[list(SHOWN)].itertuples(index=False)]
    assert got == cells
    assert parsed.lines.tolist() == lines
    assert parsed.lines.dtype == np.int64
    assert sorted((p.line, p.code, p.severity) for p in parsed.problems) == sorted(problems)
    for name in parsed.frame.columns:  # every cell is text; nothing turned into a missing value
        assert all(isinstance(cell, str) for cell in parsed.frame[name])


@pytest.mark.parametrize(("data", "line", "code"), [
    (b"", None, "empty_file"),
    (b" \n\r\n\n", None, "empty_file"),
    (UTF8_BOM, None, "empty_file"),
    (HEADER.encode("utf-16"), 1, "utf16"),
    (b"\xfe\xff" + HEADER.encode("utf-16-be"), 1, "utf16"),
    (f"{HEADER}\nA,PUT,Café,P,PL,1,2,true,,\n".encode("cp1252"), 2, "encoding"),
    (b"just some words\nA,PUT\n", 1, "no_header"),
    (f'{HEADER}\nA,PUT,"open,P,PL,1,2,true,,\n{ROW_B}\n'.encode(), 2, "unclosed_quote"),
], ids=["empty", "whitespace-only", "bom-only", "utf16-le", "utf16-be", "cp1252",
        "no-header", "unclosed-quote"])
def test_unreadable_files(data: bytes, line: int | None, code: str) -> None:
    parsed = parse_csv(data, LOCATIONS)
    assert [(p.line, p.code, p.severity) for p in parsed.problems] == [(line, code, "error")]
    assert parsed.frame.empty
    assert len(parsed.lines) == 0


def test_unclosed_quote_points_at_the_opening_quote_not_the_last_quote() -> None:
    body = "\n".join(f'R{i},PUT,"Campus, {i}",P,PL,1,2,true,,' for i in range(2, 30))
    broken = body.replace('"Campus, 5"', '"Campus, 5', 1)
    parsed = parse_csv(f"{HEADER}\n{broken}\n".encode(), LOCATIONS)
    assert [(p.line, p.code) for p in parsed.problems] == [(5, "unclosed_quote")]


def test_header_only_is_reported() -> None:
    parsed = parse_csv(f"{HEADER}\n".encode(), LOCATIONS)
    assert [(p.line, p.code) for p in parsed.problems] == [(None, "header_only")]
    assert list(parsed.frame.columns) == HEADER.split(",")
    assert len(parsed.frame) == 0


def test_header_problems() -> None:
    header = "id,university_id,nmae,city,country,latitude,main,main,zzz,note,source"
    parsed = parse_csv(f"{header}\n{'x,' * 10}x\n".encode(), LOCATIONS)
    found = {(p.line, p.column, p.code) for p in parsed.problems}
    assert found == {(1, "nmae", "unknown_column_guess"), (1, "main", "duplicate_column"),
                     (1, "zzz", "unknown_column"), (1, "name", "missing_column"),
                     (1, "longitude", "missing_column")}
    guess = next(p for p in parsed.problems if p.code == "unknown_column_guess")
    assert dict(guess.params)["guess"] == "name"
    assert list(parsed.frame.columns)[6:8] == ["main", "main (2)"]


def test_sniffing_prefers_the_delimiter_naming_most_columns() -> None:
    # Decided from the header alone: the cells' commas do not outvote the header's ';'.
    data = semi(HEADER).encode() + b'\nA;PUT;"a, b, c, d, e, f, g, h";P;PL;1;2;true;;\n'
    parsed = parse_csv(data, LOCATIONS)
    assert parsed.delimiter == ";"
    assert parsed.frame["name"].tolist() == ["a, b, c, d, e, f, g, h"]
    assert parse_csv(tabs(HEADER).encode() + b"\n", LOCATIONS).delimiter == "\t"


def test_line_numbers_stay_exact_after_many_multiline_cells() -> None:
    rows = [f'R{i},PUT,"line one\nline two\r\nline three",P,PL,1,2,true,,' for i in range(50)]
    parsed = parse_csv(f"{HEADER}\n" .encode() + "\n".join(rows).encode() + b"\n", LOCATIONS)
    assert parsed.problems == []
    assert parsed.lines.tolist() == [2 + 3 * i for i in range(50)]
    assert parsed.frame["name"].iat[7] == "line one\nline two\r\nline three"


def test_read_table_missing_file(tmp_path: Path) -> None:
    parsed = read_table(tmp_path, ACTIVITIES)
    assert [(p.file, p.line, p.code) for p in parsed.problems] == [
        ("activities.csv", None, "file_missing")]
    assert not parsed.usable


def test_read_table_reads_the_file_byte_for_byte(tmp_path: Path, write_table) -> None:
    data = UTF8_BOM + semi(f"{HEADER}\r\n{ROW_A}\r\n\r\n{ROW_B}").encode()
    write_table(tmp_path, "locations", data)
    parsed = read_table(tmp_path, LOCATIONS)
    assert parsed.delimiter == ";"
    assert parsed.frame["id"].tolist() == ["A", "B"]
    assert parsed.lines.tolist() == [2, 4]
    assert [(p.line, p.code) for p in parsed.problems] == [(3, "blank_line")]


def test_read_table_reads_bundled_file(bundled: Path) -> None:
    parsed = read_table(bundled, ACTIVITIES)
    assert parsed.problems == []
    assert len(parsed.frame) == 70
    assert parsed.lines[0] == 2 and parsed.lines[-1] == 71


@pytest.mark.parametrize(("explicit", "environ", "expected"), [
    ("/given", {DATA_DIR_VARIABLE: "/from/env"}, Path("/given")),
    (None, {DATA_DIR_VARIABLE: "/from/env"}, Path("/from/env")),
    (None, {DATA_DIR_VARIABLE: "  /padded  "}, Path("/padded")),
    (None, {DATA_DIR_VARIABLE: "   "}, DEFAULT_DATA_DIR),
    (None, {}, DEFAULT_DATA_DIR),
    ("", {}, DEFAULT_DATA_DIR),
])
def test_data_dir(explicit: str | None, environ: dict[str, str], expected: Path) -> None:
    assert data_dir(explicit, environ=environ) == expected


def test_default_data_dir_is_the_bundled_folder() -> None:
    assert (DEFAULT_DATA_DIR / "activities.csv").is_file()


@pytest.mark.parametrize("delimiter", [",", ";"])
@pytest.mark.parametrize("bom", [False, True])
def test_write_csv_round_trip(tmp_path: Path, delimiter: str, bom: bool) -> None:
    frame = pd.DataFrame({
        "id": ["A", "B", "C"],
        "title": ['He said "hi"', "a, b; c", "two\nlines"],
        "audience": ["0012", "NA", "None"],
        "description": ["Zürich — ñ", "", " spaced "],
    })
    path = tmp_path / "activities.csv"
    write_csv(frame, path, delimiter=delimiter, bom=bom)
    raw = path.read_bytes()
    assert raw.startswith(UTF8_BOM) == bom
    assert raw.endswith(b"\n") and b"\r" not in raw
    parsed = parse_csv(raw, ACTIVITIES)
    assert parsed.delimiter == delimiter
    pd.testing.assert_frame_equal(parsed.frame.astype(object), frame.astype(object))
    assert parsed.lines.tolist() == [2, 3, 4]


def test_every_table_has_a_sniffable_header() -> None:
    for table in TABLES:
        parsed = parse_csv(",".join(table.column_names).encode() + b"\n", table)
        assert [p.code for p in parsed.problems] == ["header_only"], table.name


def test_quote_inside_an_unquoted_cell_is_a_character() -> None:
    # As Excel and Python's csv read it: `12"` is text, not a quote that is never closed.
    data = semi(f"{HEADER}\nA,PUT,Screen 12~ wide,P,PL,1,2,true,,\n").replace("~", '"')
    data += 'B;PUT;"two\nlines";P;PL;1;2;true;;\nC;PUT;Say "hi" now;P;PL;1;2;true;;\n'
    parsed = parse_csv(data.encode(), LOCATIONS)
    assert parsed.problems == []
    assert parsed.frame["name"].tolist() == ['Screen 12" wide', "two\nlines", 'Say "hi" now']
    assert parsed.lines.tolist() == [2, 3, 5]


def test_line_numbers_stay_exact_after_a_stray_quote_and_multiline_cells() -> None:
    rows = [f'R{i},PUT,"one\ntwo",P,PL,1,2,true,,' for i in range(20)]
    rows[5] = 'R5,PUT,A 12" screen,P,PL,1,2,true,,'
    parsed = parse_csv(f"{HEADER}\n".encode() + "\n".join(rows).encode() + b"\n", LOCATIONS)
    assert parsed.problems == []
    expected = [2 + 2 * i - (1 if i > 5 else 0) for i in range(20)]
    assert parsed.lines.tolist() == expected
    assert parsed.frame["name"].iat[5] == 'A 12" screen'


@pytest.mark.parametrize(("convert", "english", "french"), [
    (lambda text: text, "a comma (,)", "une virgule (,)"),
    (semi, "a semicolon (;)", "un point-virgule (;)"),
    (tabs, "a tab", "une tabulation"),
])
def test_too_many_fields_names_the_files_delimiter(convert, english: str, french: str) -> None:
    parsed = parse_csv(convert(f"{HEADER}\n{ROW_A},extra\n").encode(), LOCATIONS)
    [found] = [p for p in parsed.problems if p.code == "too_many_fields"]
    assert f"a cell with {english} that needs" in found.message("en")
    assert f"contenant {french} à mettre" in found.message("fr")
    assert "une point" not in found.message("fr")


def test_upload_caps_apply_only_to_uploads() -> None:
    from alliance.limits import MAX_UPLOAD_BYTES, MAX_UPLOAD_ROWS
    rows = f"{HEADER}\n" + f"{ROW_A}\n" * (MAX_UPLOAD_ROWS + 1)
    data = rows.encode()
    assert len(data) < MAX_UPLOAD_BYTES
    assert [p.code for p in parse_csv(data, LOCATIONS, upload=True).problems] == [
        "too_many_rows"]
    assert not parse_csv(data, LOCATIONS, upload=True).usable
    assert "too_many_rows" not in {p.code for p in parse_csv(data, LOCATIONS).problems}
    big = f"{HEADER}\n".encode() + b"x" * MAX_UPLOAD_BYTES
    assert [p.code for p in parse_csv(big, LOCATIONS, upload=True).problems] == ["too_large"]


def test_read_table_refuses_a_device_or_pipe_without_reading(tmp_path: Path) -> None:
    import os
    (tmp_path / "activities.csv").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "locations.csv")  # reading it would wait for a writer forever
    (tmp_path / "projects.csv").mkdir()
    from alliance.schema import PROJECTS
    assert [p.code for p in read_table(tmp_path, ACTIVITIES).problems] == ["file_is_special"]
    assert [p.code for p in read_table(tmp_path, LOCATIONS).problems] == ["file_is_special"]
    assert [p.code for p in read_table(tmp_path, PROJECTS).problems] == ["file_is_directory"]


def test_read_regular_stops_after_max_bytes(tmp_path: Path) -> None:
    from alliance.files import NotRegularFileError, read_regular
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * 1000)
    assert len(read_regular(path, max_bytes=10)) == 11
    assert read_regular(path) == b"x" * 1000
    with pytest.raises(NotRegularFileError):
        read_regular(tmp_path)


def test_huge_header_and_huge_line_are_problems_not_crashes() -> None:
    from alliance.limits import MAX_CELL_CHARS, MAX_COLUMNS
    wide = parse_csv((HEADER + ",x" * 100_000 + "\n" + ROW_A + "\n").encode(), LOCATIONS)
    assert [(p.line, p.code, dict(p.params)["found"]) for p in wide.problems] == [
        (1, "too_many_columns", 100_010)]
    assert dict(wide.problems[0].params)["limit"] == MAX_COLUMNS
    line = f"B,PUT,{'y' * 50_000_000},P,PL,1,2,true,,"
    long = parse_csv(f"{HEADER}\n{ROW_A}\n{line}\n{ROW_B}\n".encode(), LOCATIONS)
    assert [(p.line, p.column, p.code) for p in long.problems] == [(3, "name", "cell_too_long")]
    assert dict(long.problems[0].params) == {"length": 50_000_000, "limit": MAX_CELL_CHARS}
    assert long.frame["id"].tolist() == ["A", "B"]
    assert long.lines.tolist() == [2, 4]
    assert len(long.problems[0].message("fr")) < 400  # the cell itself is never shown


def test_invisible_characters_are_named_never_shown() -> None:
    data = (f"\ufeff\ufeff{HEADER}\r\nA,PUT,Cam\x00pus,P,PL,1,2,true,n\u200bote,\r\n"
            f"B,PUT,\ufeffB,P,PL,1,2,true,,\n").encode()
    parsed = parse_csv(data, LOCATIONS)
    found = {(p.line, p.column, p.code, p.severity) for p in parsed.problems}
    assert found == {(1, "id", "bom_inside", "warning"), (2, "name", "control_character", "error"),
                     (2, "note", "invisible_character", "warning"),
                     (3, "name", "bom_inside", "warning"),
                     (3, None, "mixed_line_endings", "warning")}
    assert parsed.header[0] == "id"
    assert parsed.frame["name"].tolist() == ["Cam\x00pus", "B"]  # the BOM is taken out
    nul = next(p for p in parsed.problems if p.code == "control_character")
    assert "NUL (U+0000)" in nul.message("en") and "NUL (U+0000)" in nul.message("fr")
    assert nul.value == "Cam[U+0000]pus"
    for found_problem in parsed.problems:
        for lang in ("en", "fr"):
            text = found_problem.message(lang)
            assert not any(c in text for c in "\x00\ufeff\u200b"), text


def test_excel_trailing_empty_columns_are_ignored_once() -> None:
    data = semi(f"{HEADER},,,,\n{ROW_A},,,,\n{ROW_B},,,,\n").encode()
    parsed = parse_csv(data, LOCATIONS)
    assert [(p.line, p.code, dict(p.params)["count"]) for p in parsed.problems] == [
        (1, "trailing_empty_columns", 4)]
    assert parsed.header == HEADER.split(",")
    assert parsed.frame["source"].tolist() == ["https://a.eu/", "https://b.eu/"]


def test_cell_counts_say_one_cell_in_the_singular() -> None:
    parsed = parse_csv(f"{HEADER}\n{ROW_A}\nB\n".encode(), LOCATIONS)
    [found] = [p for p in parsed.problems if p.code == "too_few_fields"]
    assert "This line has 1 cell where" in found.message("en")
    assert "Cette ligne a 1 cellule alors" in found.message("fr")


def test_a_real_extra_cell_is_counted_without_excels_trailing_empty_cells() -> None:
    """Excel's used range adds seven empty cells to each line; a row with one real cell too
    many has 11 cells, not 18."""
    pad = ";" * 7
    text = f"{semi(HEADER)}{pad}\n{semi(ROW_A)}{pad}\n{semi(ROW_A)};extra{pad}\n"
    parsed = parse_csv(text.encode(), LOCATIONS)
    [found] = [p for p in parsed.problems if p.code == "too_many_fields"]
    assert "has 11 cells where the header has 10" in found.message("en")
    assert "7 empty columns" in next(p for p in parsed.problems
                                     if p.code == "trailing_empty_columns").message("en")


def test_a_file_of_many_ragged_lines_lists_a_thousand_and_counts_the_rest() -> None:
    """700,000 broken lines would take 11 s and 600 MB to list: the first MAX_LOCATED of a
    kind are located, the rest said in one line; their rows are still known to be lost."""
    from alliance.limits import MAX_LOCATED

    extra = 2_500
    parsed = parse_csv((f"{HEADER}\n{ROW_A}\n" + "B,\n" * (MAX_LOCATED + extra)).encode(),
                       LOCATIONS)
    codes = [p.code for p in parsed.problems]
    assert codes.count("too_few_fields") == MAX_LOCATED
    [more] = [p for p in parsed.problems if p.code == "more_of_kind"]
    assert more.severity == "error" and more.line is None
    assert f"{extra} more lines with the same problem (too_few_fields)" in more.message("en")
    assert len(parsed.frame) == 1 and len(parsed.dropped) == MAX_LOCATED + extra


def test_locations_print_only_the_parts_a_problem_has() -> None:
    parsed = parse_csv(f"{HEADER}\n{ROW_A}\nB\n".encode(), LOCATIONS)
    lines = [p.as_line() for p in parsed.problems]
    assert any(line.startswith("locations.csv:3: too_few_fields: ") for line in lines)
    assert not [line for line in lines if "::" in line.split(" ")[0]]
    empty = parse_csv(b"", LOCATIONS).problems[0].as_line()
    assert empty.startswith("locations.csv: empty_file: ")


# The quick read of a plain file (one record per line, every quote opening or closing a
# cell, no cell over the cap, one strict read giving every line the header's cell count)
# against the long one, file by file: each trap must still be found where it is.
# (id, file bytes, whether the file is plain, a (line, column, code) it must report or None)
QUICK_CASES = [
    ("clean", f"{HEADER}\n{ROW_A}\n{ROW_B}\n", True, None),
    ("clean-crlf", f"{HEADER}\r\n{ROW_A}\r\n{ROW_B}\r\n", True, None),
    ("no-final-newline", f"{HEADER}\n{ROW_A}\n{ROW_B}", True, None),
    ("bom-at-start", f"\ufeff{HEADER}\n{ROW_A}\n", True, None),
    ("quoted-delimiters-and-doubled-quotes",
     f'{HEADER}\nA,PUT,"Campus, ""A""",P,PL,1,2,true,"",""\n"B",PUT,"""",P,PL,1,2,true,"x""",\n',
     True, None),
    ("semicolon-decimal-comma", semi(f"{HEADER}\nA,PUT,x,P,PL,52~4,-3~5,true,,\n")
     .replace("~", ","), True, None),
    ("tab", tabs(f"{HEADER}\n{ROW_A}\n"), True, None),
    ("quoted-line-break", f'{HEADER}\nA,PUT,"two\nlines",P,PL,1,2,true,,\n{ROW_B}\n', False,
     None),
    ("too-many-cells", f"{HEADER}\n{ROW_A}\n{ROW_B},extra\n", True, (3, None, "too_many_fields")),
    ("too-few-cells", f"{HEADER}\n{ROW_A}\nB,PUT\n{ROW_B}\n", True, (3, None, "too_few_fields")),
    ("spaces-only-line", f"{HEADER}\n{ROW_A}\n   \n", True, (3, None, "too_few_fields")),
    ("ragged-last-line-unterminated", f"{HEADER}\n{ROW_A}\nB,PUT", True,
     (3, None, "too_few_fields")),
    ("blank-lines", f"{HEADER}\n\n{ROW_A}\n\n{ROW_B}\n\n", True, (2, None, "blank_line")),
    ("blank-crlf-line", f"{HEADER}\r\n{ROW_A}\r\n\r\n{ROW_B}\r\n", True,
     (3, None, "blank_line")),
    ("mixed-line-endings", f"{HEADER}\r\n{ROW_A}\r\n{ROW_B}\n{ROW_A}\r\n", True,
     (3, None, "mixed_line_endings")),
    ("lone-carriage-return", f"{HEADER}\n{ROW_A}\r{ROW_B}\n", True, (2, None, "lone_cr")),
    ("bom-mid-file", f"{HEADER}\n{ROW_A}\nB,PUT,\ufeffCampus B,P,PL,1,2,true,,\n", True,
     (3, "name", "bom_inside")),
    ("control-character", f"{HEADER}\n{ROW_A}\nB,PUT,Cam\x07pus,P,PL,1,2,true,,\n", True,
     (3, "name", "control_character")),
    ("c1-control", f"{HEADER}\nA,PUT,\"Cam\x85pus, q\",P,PL,1,2,true,,\n", True,
     (2, "name", "control_character")),
    ("zero-width-space-in-quoted-cell",
     f'{HEADER}\n{ROW_A}\nB,PUT,"Cam\u200bpus, B",P,PL,1,2,true,,\n', True,
     (3, "name", "invisible_character")),
    ("quote-inside-unquoted-cell", f'{HEADER}\nA,PUT,Screen 12" wide,P,PL,1,2,true,,\n', False,
     None),
    ("text-after-closing-quote", f'{HEADER}\n{ROW_A}\nB,PUT,"Campus" B,P,PL,1,2,true,,\n',
     False, (3, None, "unclosed_quote")),
    ("unclosed-quote", f'{HEADER}\n{ROW_A}\nB,PUT,"Campus B,P,PL,1,2,true,,\n', False,
     (3, None, "unclosed_quote")),
    ("empty-row", f"{HEADER}\n{ROW_A}\n,,,,,,,,,\n", True, (3, None, "empty_row")),
    ("excel-trailing-empty-columns", semi(f"{HEADER},,\n{ROW_A},,\n"), True,
     (1, None, "trailing_empty_columns")),
    ("header-only", f"{HEADER}\n", True, (None, None, "header_only")),
    ("cell-over-the-cap", f"{HEADER}\nA,PUT,{'x' * (MAX_CELL_CHARS + 1)},P,PL,1,2,true,,\n",
     False, (2, "name", "cell_too_long")),
]


@pytest.mark.parametrize(("text", "plain", "located"), [c[1:] for c in QUICK_CASES],
                         ids=[c[0] for c in QUICK_CASES])
def test_the_quick_read_finds_what_the_long_read_finds(text: str, plain: bool,
                                                       located: tuple | None) -> None:
    data = text.encode()
    body = data.removeprefix(UTF8_BOM).replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    assert _Scan.of(body, parse_csv(data, LOCATIONS).delimiter).plain is plain
    quick, long = parse_csv(data, LOCATIONS), parse_csv(data, LOCATIONS, quick=False)
    assert quick.problems == long.problems
    pd.testing.assert_frame_equal(quick.frame, long.frame)
    assert quick.lines.tolist() == long.lines.tolist()
    assert quick.dropped.tolist() == long.dropped.tolist()
    assert (quick.header, quick.delimiter) == (long.header, long.delimiter)
    if located is not None:
        assert located in {(p.line, p.column, p.code) for p in quick.problems}
    else:
        assert all(p.severity == "warning" for p in quick.problems)
