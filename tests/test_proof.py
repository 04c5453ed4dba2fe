"""alliance.proof: a folder it proves clean is one in which the validator finds no problem.

Every malformed and hostile folder of the suite, and random damage to the frozen fixture, are
read both ways. The proof may leave a clean folder to the validator (it is stricter); it may
never prove clean a folder with any problem, error or warning.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tests.test_hostile as hostile
import tests.test_validate as malformed
from alliance.proof import proves_clean
from alliance.schema import TABLES, TABLES_BY_NAME
from alliance.validate import check_folder
from tests.paths import FIXTURE_DATA, REPO_ROOT

Make = Callable[[Path], None]
FOLDERS = ([pytest.param(v.make, id=f"malformed-{v.id}") for v in malformed.VARIANTS]
           + [pytest.param(v.make, id=f"hostile-{v.id}") for v in hostile.VARIANTS])


def problems_if_proven(folder: Path) -> list[object]:
    """The validator's problems in a folder the proof calls clean (none is the only right
    answer); an empty list when the proof leaves the folder to the validator."""
    return check_folder(folder).problems if proves_clean(folder) else []


def rows(folder: Path, name: str) -> list[list[str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write(folder: Path, name: str, table: list[list[str]], newline: str = "\n") -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=newline).writerows(table)
    (folder / f"{name}.csv").write_bytes(buffer.getvalue().encode("utf-8"))


def set_cell(folder: Path, name: str, row: int, column: str, value: str) -> None:
    table = rows(folder, name)
    table[row][table[0].index(column)] = value
    write(folder, name, table)


def test_the_frozen_fixture_is_proven_clean(bundled: Path) -> None:
    assert not check_folder(bundled).problems
    assert proves_clean(bundled)


@pytest.mark.parametrize("make", FOLDERS)
def test_no_folder_of_the_suite_is_proven_clean_with_a_problem(bundled: Path,
                                                               make: Make) -> None:
    make(bundled)
    assert problems_if_proven(bundled) == []


@pytest.mark.parametrize("variant", malformed.VARIANTS[::5], ids=lambda v: v.id)
def test_each_mistake_is_seen(bundled: Path, variant: malformed.Variant) -> None:
    """A folder one mistake away from the fixture: the proof sees it (every fifth variant;
    the test above holds for all of them, and the fixture itself is proven clean)."""
    variant.make(bundled)
    assert check_folder(bundled).problems
    assert not proves_clean(bundled)


# Plain CSV as spreadsheets write it, which the proof reads itself.
def quoted_quotes(folder: Path) -> None:
    set_cell(folder, "activities", 3, "description", 'The "Research with society" strand, '
             'in "quotes", with commas')


def empty_quoted_cell(folder: Path) -> None:
    data = (folder / "projects.csv").read_bytes().splitlines(keepends=True)
    header = data[0].decode().rstrip("\n").split(",")
    fields = next(csv.reader([data[1].decode()]))
    fields[header.index("note")] = ""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(fields)
    line = buffer.getvalue().replace(',,', ',"",', 1) if ",," in buffer.getvalue() else None
    assert line is not None
    (folder / "projects.csv").write_bytes(data[0] + line.encode() + b"".join(data[2:]))


def byte_order_mark(folder: Path) -> None:
    path = folder / "universities.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


def no_final_newline(folder: Path) -> None:
    path = folder / "milestones.csv"
    path.write_bytes(path.read_bytes().rstrip(b"\n"))


def ids_out_of_order(folder: Path) -> None:
    table = rows(folder, "activities")
    write(folder, "activities", [table[0], *reversed(table[1:])])


@pytest.mark.parametrize("make", [quoted_quotes, empty_quoted_cell, byte_order_mark,
                                  no_final_newline, ids_out_of_order])
def test_plain_csv_is_proven_clean(bundled: Path, make: Make) -> None:
    make(bundled)
    assert not check_folder(bundled).problems
    assert proves_clean(bundled)


# What the proof leaves to the validator although Arrow's reader takes it without a word.
def text_after_closing_quote(folder: Path) -> None:
    path = folder / "activities.csv"
    lines = path.read_bytes().split(b"\n")
    lines[5] = b'"X1"Y' + lines[5][lines[5].index(b","):]
    path.write_bytes(b"\n".join(lines))


def quote_in_open_cell(folder: Path) -> None:
    path = folder / "activities.csv"  # `A001,Summer "school,...`: a quote in an unquoted cell
    lines = path.read_bytes().split(b"\n")
    at = lines[4].index(b",") + 3
    lines[4] = lines[4][:at] + b'"' + lines[4][at:]
    path.write_bytes(b"\n".join(lines))


def blank_line_at_end(folder: Path) -> None:
    path = folder / "milestones.csv"
    path.write_bytes(path.read_bytes() + b"\n")


def windows_line_ends(folder: Path) -> None:
    write(folder, "indicators", rows(folder, "indicators"), newline="\r\n")


def late_day_of_short_month(folder: Path) -> None:
    set_cell(folder, "activities", 2, "end", "2027-02-30")


def space_after_quoted_cell(folder: Path) -> None:
    path = folder / "projects.csv"
    data = path.read_bytes()
    at = data.index(b'",', data.index(b"\n"))
    path.write_bytes(data[:at + 1] + b" " + data[at + 1:])


def only_rows(folder: Path, example: bool) -> list[list[str]]:
    """The fixture's activities reduced to its example rows, or to its published ones."""
    table = rows(folder, "activities")
    kind = table[0].index("illustrative")
    kept = [row for row in table[1:] if (row[kind] == "true") == example]
    write(folder, "activities", [table[0], *kept])
    return [table[0], *kept]


@pytest.mark.parametrize("example", [True, False], ids=["examples", "published"])
def test_rows_of_one_kind_are_read_from_distinct_values(bundled: Path, example: bool) -> None:
    table = only_rows(bundled, example)
    assert not check_folder(bundled).problems
    assert proves_clean(bundled)
    source = table[0].index("source")
    table[3][source] = "" if not example else "https://eunice-university.eu/erasmus-days"
    write(bundled, "activities", table)
    assert {p.code for p in check_folder(bundled).problems} == {
        "example_source" if example else "required"}
    assert not proves_clean(bundled)
    if not example:  # a home page, in a table of published rows only
        table[3][source] = "https://eunice-university.eu/"
        write(bundled, "activities", table)
        assert {p.code for p in check_folder(bundled).problems} == {"source_home_page"}
        assert not proves_clean(bundled)


def test_a_key_repeated_out_of_order_is_seen(bundled: Path) -> None:
    set_cell(bundled, "activities", 2, "id", rows(bundled, "activities")[-1][0])
    assert {p.code for p in check_folder(bundled).problems} == {"unique"}
    assert not proves_clean(bundled)


@pytest.mark.parametrize("make", [text_after_closing_quote, quote_in_open_cell,
                                  blank_line_at_end, windows_line_ends,
                                  late_day_of_short_month, space_after_quoted_cell])
def test_what_is_not_plain_is_left_to_the_validator(bundled: Path, make: Make) -> None:
    make(bundled)
    assert not proves_clean(bundled)
    assert problems_if_proven(bundled) == []


BLOCK = 1 << 20  # Arrow's read blocks in the proof


@pytest.mark.parametrize("hidden", [b"", b"<b>x</b>", b"\x00", b"\xff\xfe", "\u200b".encode()],
                         ids=["fields", "markup", "nul", "not-utf8", "zero-width"])
def test_a_row_cut_at_the_edge_of_a_block_is_seen(bundled: Path, hidden: bytes) -> None:
    """A line feed inside a quoted cell, the last one before the edge of Arrow's first block:
    Arrow drops the part of the row before it without a word; the proof counts the lines."""
    table = rows(bundled, "milestones")
    order = [table[0].index("note")] + [i for i, n in enumerate(table[0]) if n != "note"]
    table = [[row[i] for i in order] for row in table]
    header = table[0]

    def row(**cells: str) -> list[str]:
        filled = {"note": "padding", "date": "2021", "title": "T", "category": "event",
                  "highlight": "false", "source": "https://example.org/page", **cells}
        return [filled.get(name, "") for name in header]

    body = io.StringIO()
    csv.writer(body, lineterminator="\n").writerows(
        [*table, *(row(id=f"P{i:03d}", note="n" * 50_000) for i in range(17))])
    data = body.getvalue().encode()
    lead = b"junk," if not hidden else b""  # without a hidden part: a cell too many
    filler = BLOCK - 2 - len(data) - len(lead) - len(hidden)
    cut = (lead + b'"' + hidden + b"a" * filler + b'\nq",'
           + ",".join(row(id="ZZ1")[1:]).encode() + b"\n")
    assert len(data) + cut.index(b"\n") == BLOCK - 1
    (bundled / "milestones.csv").write_bytes(data + cut + b",".join(
        c.encode() for c in row(id="ZZ2")) + b"\n")
    assert check_folder(bundled).problems
    assert not proves_clean(bundled)


CELLS = st.sampled_from(['"', '""', ",", " ", "\t", "\n", "\r", "\u00a0", "\u200b", "\ufeff",
                         "\x85", "\x00", "=", "-", "+", "@", "<b>", "**", "[a](b)", "# ",
                         "http://x.eu", "https://x.eu/", "www.", "2024", "2024-02-29",
                         "2023-02-29", "2024-13", "0", "007", "-1", "1.5", "1,5", "1e5", "true",
                         "oui", "NON", "é", "😀", "PUT", "UMONS", "EUNICE", "A001", ""])
TEXT = st.lists(CELLS | st.text(max_size=6), max_size=3).map("".join)
SETTINGS = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])


@SETTINGS
@given(table=st.sampled_from([t.name for t in TABLES]), data=st.data(), value=TEXT)
def test_one_changed_cell_is_proven_only_when_the_validator_agrees(
        table: str, data: st.DataObject, value: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        shutil.copytree(FIXTURE_DATA, folder)
        body = rows(folder, table)
        row = data.draw(st.integers(1, len(body) - 1))
        column = data.draw(st.sampled_from(TABLES_BY_NAME[table].column_names))
        if column in body[0]:
            set_cell(folder, table, row, column, value)
        assert problems_if_proven(folder) == []


@SETTINGS
@given(table=st.sampled_from([t.name for t in TABLES]), at=st.floats(0, 1),
       inserted=st.sampled_from([b'"', b'""', b",", b"\n", b"\r", b"\r\n", b" ", b"\xef\xbb\xbf",
                                 b"\xc2\x85", b"\xff", b"\x00", b";", b"\t", b'",', b',"']))
def test_one_changed_byte_is_proven_only_when_the_validator_agrees(
        table: str, at: float, inserted: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        shutil.copytree(FIXTURE_DATA, folder)
        path = folder / f"{table}.csv"
        data = path.read_bytes()
        offset = int(at * len(data))
        path.write_bytes(data[:offset] + inserted + data[offset:])
        assert problems_if_proven(folder) == []


def run_validate(folder: Path, *options: str) -> subprocess.CompletedProcess[str]:
    code = ("import sys\nfrom alliance.__main__ import main\n"
            f"status = main(['validate', {str(folder)!r}, *{list(options)!r}])\n"
            "print('pandas' in sys.modules, file=sys.stderr)\nsys.exit(status)\n")
    return subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
                          timeout=120)


@pytest.mark.parametrize("options", [(), ("--format", "json"), ("--lang", "fr")])
def test_the_command_answers_a_clean_folder_without_pandas(bundled: Path,
                                                           options: tuple[str, ...]) -> None:
    done = run_validate(bundled, *options)
    assert done.returncode == 0, done.stderr
    *said, imported = done.stderr.strip().splitlines()
    assert imported == "False"  # pandas was never imported
    assert done.stdout == ("[]\n" if "json" in options else "")
    summary = {(): f"0 error(s), 0 warning(s) in {bundled}",
               ("--lang", "fr"): f"0 erreur(s), 0 avertissement(s) dans {bundled}"}
    if options in summary:
        assert said == [summary[options]]


def test_the_command_still_locates_every_problem(bundled: Path) -> None:
    late_day_of_short_month(bundled)
    done = run_validate(bundled)
    assert done.returncode == 1
    assert "activities.csv" in done.stdout and "end" in done.stdout
    assert done.stdout.count("\n") == len(check_folder(bundled).problems)
