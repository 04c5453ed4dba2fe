"""Erasmus+ mobility import: normalisation tables, layouts, problems, flows and idempotence."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from alliance.__main__ import main
from alliance.loader import read_table
from alliance.mobility.figures import heatmap
from alliance.mobility.imports import import_files, read_manifest, store_dir
from alliance.mobility.layouts import FIELDS, HEADERS_2014, HEADERS_RAW, LAYOUTS, detect
from alliance.mobility.normalise import canonical_codes, normalise_rows
from alliance.mobility.query import Mobility
from alliance.mobility.sample import members_from, write
from alliance.schema import TABLES_BY_NAME
from tests.paths import FIXTURE_DATA

REPO_ROOT = Path(__file__).resolve().parent.parent
NBSP = "\u00a0"


def _row(layout: str, **cells: str) -> list[str]:
    """One published row: plain values, overridden by `cells` (our field names)."""
    base = {f: "x" for f in FIELDS}
    base.update(start="2019-09", academic_year="2019-2020", participants="1",
                sending_code="PL POZNAN02", receiving_code="D  COTTBUS03",
                sending_country="PL" if layout == "2014" else "PL - Poland",
                receiving_country="DE" if layout == "2014" else "DE - Germany",
                activity="Student mobility for studies between Programme Countries")
    base.update(cells)
    return [base[f] for f in FIELDS]


_DONE: dict[tuple[str, tuple[tuple[str, str], ...]], dict[str, object]] = {}


def _one(layout: str, **cells: str) -> dict[str, object]:
    """One row as the import normalises it. The first call normalises every case of the
    tables below in one statement per layout (planning the statement costs 0.2 s)."""
    key = (layout, tuple(sorted(cells.items())))
    if key not in _DONE:
        wanted = [c for c in _cases() if c[0] == layout and c not in _DONE] + [key]
        header = list(LAYOUTS[layout].headers)
        detected = detect(header)
        assert detected is not None and detected.layout.name == layout
        rows = normalise_rows(detected, [_row(layout, **dict(c[1])) for c in wanted])
        _DONE.update(zip(wanted, rows, strict=True))
    return _DONE[key]


def _cases() -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    """The cells each table's tests pass to `_one`, so all are normalised together."""
    found: list[dict[str, str] | tuple[str, dict[str, str]]] = []
    for layout in ("2014", "raw"):
        for published, country, _ in CODES:
            cell = country if layout == "2014" else f"{country} - Somewhere"
            found.append((layout, {"sending_code": published, "sending_country": cell,
                                   "receiving_code": published, "receiving_country": cell}))
        for marker in MARKERS:
            found.append((layout, {"field": marker, "education_level": marker,
                                   "sending_city": marker, "receiving_name": marker}))
        found += [(layout, {"start": m[0], "academic_year": "-"}) for m in MONTHS]
        found += [(layout, {"activity": a}) for a, _ in ACTIVITIES]
        found += [(layout, {"participants": p}) for p in PARTICIPANTS]
    return [(layout, tuple(sorted(cells.items()))) for layout, cells in found]


BOTH = pytest.mark.parametrize("layout", ["2014", "raw"])

CODES = [  # (as published, country of the row, as stored)
    (f"F{NBSP} VALENCI01", "FR", "F  VALENCI01"),  # no-break space and a space
    ("F VALENCI01", "FR", "F  VALENCI01"),  # collapsed to one space
    ("FVALENCI01", "FR", "F  VALENCI01"),  # collapsed to none
    ("F   VALENCI01", "FR", "F  VALENCI01"),  # too many
    ("f  valenci01", "FR", "F  VALENCI01"),  # lower case
    ("PL  POZNAN02", "PL", "PL POZNAN02"),  # two-letter prefix, doubled space
    ("PLPOZNAN02", "PL", "PL POZNAN02"),
    ("SKARLSTA01", "SE", "S  KARLSTA01"),  # S + K..., not Slovakia's SK: the row's country
    ("SFVAASA01", "FI", "SF VAASA01"),
    (" sf vaasa01 ", "FI", "SF VAASA01"),
    ("G  TRIPOLI03", "EL", "G  TRIPOLI03"),  # Greece written EL
    ("GTRIPOLI03", "EL", "G  TRIPOLI03"),
    ("UK LONDON01", "UK", "UK LONDON01"),
    ("IRL DUBLIN01", "IE", "IRL DUBLIN01"),
    ("-", "FR", None), ("Undefined", "FR", None), ("?? Unknown", "FR", None),
    ("??? - ? Unknown ?", "FR", None), ("", "FR", None),
]


@BOTH
@pytest.mark.parametrize(("published", "country", "stored"), CODES)
def test_erasmus_codes_take_one_form(layout: str, published: str, country: str,
                                     stored: str | None) -> None:
    cell = country if layout == "2014" else f"{country} - Somewhere"
    row = _one(layout, sending_code=published, sending_country=cell,
               receiving_code=published, receiving_country=cell)
    assert row["sending_code"] == stored
    assert row["receiving_code"] == stored


COUNTRIES = [("EL", "GR"), ("UK", "GB"), ("DE", "DE"), ("de", "DE"), ("-", None),
             ("?? Unknown", None), ("??? - ? Unknown ?", None), ("Undefined", None)]


@pytest.mark.parametrize(("published", "stored"), COUNTRIES)
def test_countries_2014_codes(published: str, stored: str | None) -> None:
    assert _one("2014", sending_country=published)["sending_country"] == stored


@pytest.mark.parametrize(("published", "stored"), [
    ("DE - Germany", "DE"), ("EL - Greece", "GR"), ("UK - United Kingdom", "GB"),
    ("-", None), ("??? - ? Unknown ?", None)])
def test_countries_raw_names(published: str, stored: str | None) -> None:
    row = _one("raw", receiving_country=published, nationality=published)
    assert row["receiving_country"] == stored
    assert row["nationality"] == stored


MARKERS = ["-", "Undefined", "UNDEFINED", "?? Unknown", "??? - ? Unknown ?", " - ", ""]


@BOTH
@pytest.mark.parametrize("marker", MARKERS)
def test_missing_markers_are_missing(layout: str, marker: str) -> None:
    row = _one(layout, field=marker, education_level=marker, sending_city=marker,
               receiving_name=marker)
    assert (row["field"], row["education_level"], row["sending_city"],
            row["receiving_name"]) == (None, None, None, None)


MONTHS = [  # (start cell, year, start_month, academic year when the cell gives none)
    ("2019-09", 2019, "2019-09", "2019/20"), ("2019-9", 2019, "2019-09", "2019/20"),
    ("2020/03", 2020, "2020-03", "2019/20"), ("03/2020", 2020, "2020-03", "2019/20"),
    ("202001", 2020, "2020-01", "2019/20"), ("2021-08-01", 2021, "2021-08", "2021/22"),
    ("2021-07-31T00:00:00", 2021, "2021-07", "2020/21"),
]


@BOTH
@pytest.mark.parametrize(("start", "year", "month", "academic"), MONTHS)
def test_start_month_and_academic_year(layout: str, start: str, year: int, month: str,
                                       academic: str) -> None:
    row = _one(layout, start=start, academic_year="-")
    assert (row["year"], row["start_month"], row["academic_year"], row["problem"]) == (
        year, month, academic, None)


@pytest.mark.parametrize(("given", "stored"), [
    ("2014-2015", "2014/15"), ("2014/15", "2014/15"), ("2014-15", "2014/15"),
    ("2014 - 2015", "2014/15"), ("2099-2015", "2019/20")])  # nonsense: from the start
def test_academic_year_forms(given: str, stored: str) -> None:
    assert _one("2014", academic_year=given)["academic_year"] == stored


ACTIVITIES = [
    ("Student mobility for studies between Programme Countries", "study"),
    ("Student mobility for traineeships between Programme Countries", "traineeship"),
    ("Staff mobility for teaching between Programme and Partner Countries", "staff_teaching"),
    ("Staff mobility for training between Programme Countries", "staff_training"),
    ("HE - Student mobility for Studies", "study"),
    ("HE - Student mobility for Traineeships", "traineeship"),
    ("HE - Staff mobility for Teaching", "staff_teaching"),
    ("HE - Staff mobility for Training", "staff_training"),
    ("VET learner traineeships in vocational institutes/companies", "traineeship"),
    ("Youth exchanges", "other"), ("-", "other"),
]


@BOTH
@pytest.mark.parametrize(("label", "group"), ACTIVITIES)
def test_activity_groups_keep_the_label(layout: str, label: str, group: str) -> None:
    row = _one(layout, activity=label)
    assert row["activity_group"] == group
    assert row["activity"] == (None if label == "-" else label)


PARTICIPANTS = {"3": (3, None), "12": (12, None), "2.0": (2, None), " 4 ": (4, None),
                "three": (None, "mobility_participants"), "-1": (-1, "mobility_participants"),
                "": (None, "mobility_participants"), "1.5": (None, "mobility_participants")}


@BOTH
@pytest.mark.parametrize(("cell", "count", "problem"),
                         [(k, *v) for k, v in PARTICIPANTS.items()])
def test_participants(layout: str, cell: str, count: int | None, problem: str | None) -> None:
    row = _one(layout, participants=cell)
    assert (row["participants"], row["problem"]) == (count, problem)


@pytest.mark.parametrize("start", ["2019-13", "", "-", "soon", "1850-01"])
def test_bad_start_months_are_problems(start: str) -> None:
    assert _one("2014", start=start)["problem"] == "mobility_start"


def test_layouts_are_told_apart_by_the_header() -> None:
    assert detect(list(HEADERS_2014)).layout.name == "2014"
    assert detect(list(HEADERS_RAW)).layout.name == "raw"
    assert detect(["\ufeff" + HEADERS_2014[0], *HEADERS_2014[1:]]).layout.name == "2014"
    raw_more = ["Action", *HEADERS_RAW, "Sending Organisation OID"]
    found = detect(raw_more)
    assert found.layout.name == "raw" and found.positions["participants"] == 24
    assert detect(["id", "name", "city"]) is None


def test_member_codes_of_universities_csv_are_canonical(bundled: Path) -> None:
    universities = read_table(bundled, TABLES_BY_NAME["universities"]).frame
    codes = canonical_codes(universities["erasmus_code"].tolist(),
                            universities["country"].tolist())
    assert all(codes), "every member ships an Erasmus code"
    assert codes == universities["erasmus_code"].tolist()  # stored already in that form


# --- whole files ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    folder = tmp_path_factory.mktemp("samples")
    universities = read_table(FIXTURE_DATA, TABLES_BY_NAME["universities"]).frame
    members = members_from(universities)
    return {"2014": write(folder / "2014", members, 6_000, "2014", files=2),
            "raw": write(folder / "raw", members, 3_000, "raw", xlsx=True),
            "rawcsv": write(folder / "rawcsv", members, 2_000, "raw", first_year=2022)}


def _squash(code: str) -> str:
    """An independent reading of a code: upper case, every kind of space removed."""
    return "".join(code.split()).upper()


def _independent_flows(paths: list[Path], universities: object) -> Counter:
    """Sums of Participants per (year, sending, receiving, group), by Python's csv module."""
    members = {_squash(c): i for i, c in zip(universities["id"], universities["erasmus_code"],
                                              strict=True)}
    groups = {"studies": "study", "traineeships": "traineeship", "teaching": "staff_teaching",
              "training": "staff_training"}
    totals: Counter = Counter()
    for path in paths:
        with path.open(encoding="utf-8", newline="") as source:
            reader = csv.DictReader(source, delimiter=";")
            for row in reader:
                s = members.get(_squash(row["Sending Organisation Erasmus Code"]))
                r = members.get(_squash(row["Receiving Organisation Erasmus Code"]))
                if s and r and s != r:
                    label = row["Activity (mob)"].lower()
                    group = next((g for word, g in groups.items() if word in label), "other")
                    year = int(row["Mobility Start Month"][:4])
                    totals[(year, s, r, group)] += int(row["Participants"])
    return totals


def test_flows_equal_sums_computed_from_the_sample(bundled: Path,
                                                   samples: dict[str, list[Path]]) -> None:
    paths = samples["2014"]
    outcomes = import_files(bundled, paths)
    assert [o.status for o in outcomes] == ["imported", "imported"]
    universities = read_table(bundled, TABLES_BY_NAME["universities"]).frame
    flows = Mobility(bundled, universities).flows()
    got = Counter({(int(r.year), r.sending, r.receiving, r.activity): int(r.participants)
                   for r in flows.itertuples()})
    expected = _independent_flows(paths, universities)
    assert got == expected
    assert sum(expected.values()) > 1_000  # the sample holds real flows between members
    assert {s for _, s, _, _ in expected} == set(universities["id"])  # every code matched


def test_flow_filters(bundled: Path, samples: dict[str, list[Path]]) -> None:
    import_files(bundled, samples["2014"])
    universities = read_table(bundled, TABLES_BY_NAME["universities"]).frame
    mobility = Mobility(bundled, universities)
    every = mobility.flows()
    only = mobility.flows(from_year=2015, to_year=2015, activity="study")
    assert set(only["year"]) == {2015} and set(only["activity"]) == {"study"}
    wanted = every[(every["year"] == 2015) & (every["activity"] == "study")]
    assert only["participants"].sum() == wanted["participants"].sum() > 0


def test_same_file_twice_changes_nothing(bundled: Path, samples: dict[str, list[Path]]) -> None:
    first = import_files(bundled, samples["2014"][:1])
    assert first[0].status == "imported"
    manifest = (store_dir(bundled) / "manifest.json").read_bytes()
    files = sorted(p.name for p in (store_dir(bundled) / "imports").iterdir())
    again = import_files(bundled, samples["2014"][:1])
    assert again[0].status == "already"
    assert (store_dir(bundled) / "manifest.json").read_bytes() == manifest
    assert sorted(p.name for p in (store_dir(bundled) / "imports").iterdir()) == files
    copy = bundled.parent / "renamed.csv"  # same bytes, other name: still the same file
    copy.write_bytes(samples["2014"][0].read_bytes())
    assert import_files(bundled, [copy])[0].status == "already"
    assert len(read_manifest(bundled)) == 1


def test_raw_layout_xlsx_and_csv(bundled: Path, samples: dict[str, list[Path]]) -> None:
    outcomes = import_files(bundled, samples["raw"] + samples["rawcsv"])
    assert [(o.status, o.imported.layout, o.imported.years) for o in outcomes] == [
        ("imported", "raw", [2021]), ("imported", "raw", [2022])]
    assert all(o.imported.synthetic for o in outcomes)
    universities = read_table(bundled, TABLES_BY_NAME["universities"]).frame
    mobility = Mobility(bundled, universities)
    assert mobility.summary().members_unmatched == []
    assert mobility.flows()["participants"].sum() > 0


def _stored(folder: Path) -> list[dict[str, object]]:
    """The imported rows as the Parquet files hold them, by project reference."""
    files = [str(store_dir(folder) / e.parquet) for e in read_manifest(folder)]
    con = duckdb.connect()
    try:
        result = con.execute("SELECT * FROM read_parquet(?) ORDER BY project", [files])
        names = [d[0] for d in result.description]
        return [dict(zip(names, row, strict=True)) for row in result.fetchall()]
    finally:
        con.close()


@BOTH
def test_the_import_stores_each_trap_as_the_per_row_rule_does(bundled: Path, tmp_path: Path,
                                                              layout: str) -> None:
    """The import normalises distinct values and applies them to the rows: every trap of the
    tables above, in one file, comes out as the rule applied row by row gives it."""
    header = list(LAYOUTS[layout].headers)
    detected = detect(header)
    cases = [dict(cells) for name, cells in _cases() if name == layout]
    # More padded cells than a CASE expression lists: this column is applied by a join.
    cases += [{"sending_city": f"  City {n} ", "receiving_name": f"Name {n} "}
              for n in range(40)]
    rows = [_row(layout, **cells, project=f"P{n:03}") for n, cells in enumerate(cases)]
    expected = [r for r in normalise_rows(detected, rows) if r["problem"] is None]
    assert len(rows) - len(expected) == 4  # the bad participants are left out: not storable
    path = tmp_path / f"traps-{layout}.csv"
    with path.open("w", encoding="utf-8", newline="") as target:
        writer = csv.writer(target, delimiter=";")
        writer.writerow(header)
        writer.writerows(r for r, e in zip(rows, normalise_rows(detected, rows), strict=True)
                         if e["problem"] is None)
    assert import_files(bundled, [path])[0].status == "imported"
    stored = _stored(bundled)
    assert stored == expected
    assert [r["sending_city"] for r in stored[-40:]] == [f"City {n}" for n in range(40)]


def test_the_import_of_the_sample_equals_the_per_row_rule(bundled: Path,
                                                          samples: dict[str, list[Path]]) -> None:
    """The sample's rows, read by Python's csv module and normalised one by one, are what
    the import stores."""
    path = samples["2014"][0]
    with path.open(encoding="utf-8", newline="") as source:
        header, *rows = list(csv.reader(source, delimiter=";"))
    expected = sorted(normalise_rows(detect(header), rows), key=lambda r: r["project"])
    assert import_files(bundled, [path])[0].status == "imported"
    assert _stored(bundled) == expected
    assert len(expected) == 3_000


def test_a_file_without_optional_columns_is_stored_as_the_per_row_rule_does(
        bundled: Path, tmp_path: Path, samples: dict[str, list[Path]]) -> None:
    """Columns a file leaves out are missing in every row, the academic year is derived
    from the start month, as row by row."""
    with samples["2014"][0].open(encoding="utf-8", newline="") as source:
        header, *rows = list(csv.reader(source, delimiter=";"))
    left_out = {"Academic Year", "Participant Age", "Sending City", "Mobility End Month"}
    kept = [i for i, name in enumerate(header) if name not in left_out]
    rows = [[row[i] for i in kept] for row in rows[:500]]
    path = tmp_path / "fewer-columns.csv"
    with path.open("w", encoding="utf-8", newline="") as target:
        writer = csv.writer(target, delimiter=";")
        writer.writerow([header[i] for i in kept])
        writer.writerows(rows)
    detected = detect([header[i] for i in kept])
    assert import_files(bundled, [path])[0].status == "imported"
    stored = _stored(bundled)
    assert stored == sorted(normalise_rows(detected, rows), key=lambda r: r["project"])
    assert {(r["age"], r["sending_city"], r["end_month"]) for r in stored} == {(None,) * 3}
    assert all(r["academic_year"] for r in stored)


def _bad_file(tmp_path: Path, sample: Path) -> Path:
    lines = sample.read_text(encoding="utf-8").splitlines()[:30]
    header = lines[0].split(";")
    broken = lines[5].split(";")
    broken[header.index("Participants")] = "many"
    lines[5] = ";".join(broken)  # line 6 of the file
    later = lines[9].split(";")
    later[header.index("Mobility Start Month")] = "2019-13"
    lines[9] = ";".join(later)  # line 10
    lines.append("not;a;row")  # line 31
    path = tmp_path / "bad.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def test_bad_rows_are_located_and_nothing_is_imported(
        bundled: Path, tmp_path: Path, samples: dict[str, list[Path]]) -> None:
    import_files(bundled, samples["2014"][:1])
    before = (store_dir(bundled) / "manifest.json").read_bytes()
    bad = _bad_file(tmp_path, samples["2014"][1])
    outcomes = import_files(bundled, [samples["rawcsv"][0], bad])
    assert [o.status for o in outcomes] == ["not_imported", "problems"]
    found = [(p.file, p.line, p.column, p.value, p.code) for p in outcomes[1].problems]
    assert found == [("bad.csv", 6, "Participants", "many", "mobility_participants"),
                     ("bad.csv", 10, "Mobility Start Month", "2019-13", "mobility_start"),
                     ("bad.csv", 31, None, "not;a;row", "mobility_csv")]
    assert "nombre entier" in outcomes[1].problems[0].message("fr")
    assert (store_dir(bundled) / "manifest.json").read_bytes() == before
    assert [p.name for p in (store_dir(bundled) / "imports").iterdir()] == [
        read_manifest(bundled)[0].parquet.split("/")[1]]


def test_command_line_exit_codes(bundled: Path, tmp_path: Path,
                                 samples: dict[str, list[Path]],
                                 capsys: pytest.CaptureFixture[str]) -> None:
    data = ["--data-dir", str(bundled)]
    sample = str(samples["2014"][0])
    assert main(["mobility", "import", sample, "--yes", *data]) == 0
    assert main(["mobility", "import", sample, "--yes", *data]) == 0  # already there
    assert main(["mobility", "import", str(_bad_file(tmp_path, samples["2014"][1])), "--yes",
                 *data]) == 1
    other = tmp_path / "other.csv"
    other.write_text("id;name\n1;x\n", encoding="utf-8")
    assert main(["mobility", "import", str(other), "--yes", *data]) == 2
    assert main(["mobility", "import", str(tmp_path / "missing.csv"), "--yes", *data]) == 2
    capsys.readouterr()
    assert main(["mobility", "flows", "--format", "json", "--activity", "study", *data]) == 0
    flows = json.loads(capsys.readouterr().out)
    assert flows and set(flows[0]) == {"year", "sending", "receiving", "activity",
                                       "participants"}
    assert {f["activity"] for f in flows} == {"study"}
    assert main(["mobility", "flows", *data]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "year,sending,receiving,activity,participants"
    assert main(["mobility", "summary", *data]) == 0
    assert "10 of 10 members" in capsys.readouterr().out


def test_unmatched_member_lists_codes_of_its_city(bundled: Path,
                                                  samples: dict[str, list[Path]]) -> None:
    import_files(bundled, samples["2014"][:1])
    universities = read_table(bundled, TABLES_BY_NAME["universities"]).frame.copy()
    universities.loc[universities["id"] == "BTU", "erasmus_code"] = "D  COTTBUS01"  # misspelt
    mobility = Mobility(bundled, universities)
    assert "BTU" in mobility.summary().members_unmatched
    assert mobility.unmatched() == {"BTU": [("D  COTTBUS03", "Member BTU (synthetic)")]}


def test_sample_is_marked_synthetic(samples: dict[str, list[Path]]) -> None:
    for path in samples["2014"]:
        assert path.name.startswith("SYNTHETIC")
        with path.open(encoding="utf-8", newline="") as source:
            rows = list(csv.reader(source, delimiter=";"))
        assert rows[0] == list(HEADERS_2014)
        assert all(r[0].startswith("SYNTHETIC-") for r in rows[1:])
        text = "".join(";".join(r) for r in rows)
        for trap in (NBSP, "??? - ? Unknown ?", "?? Unknown", "Undefined", ";EL;", ";UK;"):
            assert trap in text
    note = samples["2014"][0].parent / "SYNTHETIC_README.txt"
    assert "SYNTHETIC DATA" in note.read_text(encoding="utf-8")


def test_sample_command(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "alliance", "mobility", "sample",
                           str(tmp_path / "out"), "--rows", "50", "--layout", "raw"],
                          cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    written = [Path(line) for line in done.stdout.splitlines()]
    assert len(written) == 1 and "SYNTHETIC" in written[0].name
    header = written[0].read_text(encoding="utf-8").splitlines()[0].split(";")
    assert header == list(HEADERS_RAW)


def test_the_import_refuses_a_device_a_folder_and_a_zip_bomb_unread(tmp_path: Path) -> None:
    """The mobility import gets the checks uploads get (not their row caps: its files are
    large): `/dev/zero` never ends, and a part unpacking to 1,000 times its size is a bomb."""
    import zipfile

    from alliance.mobility.imports import file_refusal

    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/workbook.xml", "<workbook/>")
        book.writestr("xl/worksheets/sheet1.xml", b"\0" * 5_000_000)
    assert file_refusal(bomb).code == "xlsx_ratio"
    assert file_refusal(Path("/dev/zero")).code == "file_is_special"
    assert file_refusal(tmp_path).code == "file_is_directory"
    assert file_refusal(tmp_path / "absent.csv").code == "file_unreadable"
    plain = tmp_path / "flows.csv"
    plain.write_text("a;b\n", encoding="utf-8")
    assert file_refusal(plain) is None


@pytest.mark.parametrize(("lang", "words"), [("en", "in the same command"),
                                             ("fr", "dans la même commande")])
def test_two_files_of_one_start_year_in_one_command_are_said(
        bundled: Path, tmp_path: Path, samples: dict[str, list[Path]],
        capsys: pytest.CaptureFixture[str], lang: str, words: str) -> None:
    """Two files of 2014 in one import would add up: the command names both and the year."""
    members = members_from(read_table(bundled, TABLES_BY_NAME["universities"]).frame)
    written = write(tmp_path / "again", members, 500, "2014")[0]  # 2014 too, other rows
    other = written.rename(written.with_name("second-" + written.name))
    first = samples["2014"][0]
    capsys.readouterr()
    assert main(["mobility", "import", str(first), str(other), "--yes", "--lang", lang,
                 "--data-dir", str(bundled)]) == 0
    said = [line for line in capsys.readouterr().err.splitlines() if words in line]
    assert len(said) == 1
    assert other.name in said[0] and first.name in said[0] and "2014" in said[0]
    assert len(read_manifest(bundled)) == 2


def _sheets(path: Path) -> dict[str, list[tuple]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book}
    finally:
        book.close()


def test_sample_command_writes_the_two_sheet_workbook_of_2021_and_it_imports(
        bundled: Path, tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "alliance", "mobility", "sample",
                           str(tmp_path / "out"), "--rows", "401", "--layout", "raw", "--xlsx",
                           "--data-dir", str(bundled)],
                          cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    [path] = [Path(line) for line in done.stdout.splitlines()]
    sheets = _sheets(path)
    assert list(sheets) == ["Data 1", "Data 2"]
    assert [len(rows) for rows in sheets.values()] == [1 + 201, 1 + 200]
    assert all(rows[0] == HEADERS_RAW for rows in sheets.values())
    participants = sum(row[-1] for rows in sheets.values() for row in rows[1:])
    [outcome] = import_files(bundled, [path])
    assert outcome.status == "imported"
    assert (outcome.imported.rows, outcome.imported.participants) == (401, participants)
    assert outcome.imported.years == [2021]


def test_a_workbook_before_2021_has_one_sheet(tmp_path: Path) -> None:
    universities = read_table(FIXTURE_DATA, TABLES_BY_NAME["universities"]).frame
    [old] = write(tmp_path, members_from(universities), 30, "raw", first_year=2020, xlsx=True)
    assert list(_sheets(old)) == ["Data"]


def test_a_bad_row_on_the_second_sheet_is_located_there(bundled: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    universities = read_table(FIXTURE_DATA, TABLES_BY_NAME["universities"]).frame
    [path] = write(tmp_path, members_from(universities), 40, "raw", xlsx=True)
    book = load_workbook(path)
    column = HEADERS_RAW.index("Actual Participants") + 1
    book["Data 2"].cell(row=5, column=column, value="many")
    book.save(path)
    [outcome] = import_files(bundled, [path])
    assert outcome.status == "problems" and read_manifest(bundled) == []
    assert [(p.file, p.line, p.column, p.value) for p in outcome.problems] == [
        (f"{path.name} [Data 2]", 5, "Actual Participants", "many")]


def test_the_matrix_names_members_on_hover() -> None:
    """Ids on the axes, for room; the hover says which universities a cell counts."""
    table = pd.DataFrame([[0, 4], [2, 0]], index=["UMONS", "UVA"], columns=["UMONS", "UVA"])
    heat = heatmap(table, "fr", names={"UMONS": "University of Mons",
                                       "UVA": "University of Vaasa"}).data[0]
    assert list(heat.customdata[0][1]) == ["University of Mons (UMONS)",
                                           "University of Vaasa (UVA)"]
    assert heat.hovertemplate.startswith("%{customdata[0]} →<br>%{customdata[1]}\u00a0: %{z}")


def test_close_members_are_drawn_apart_on_the_arcs_map() -> None:
    """UPHF and UMONS, 35 km apart, get markers pulled apart and labels on their far sides,
    so neither acronym prints over the other; a member far from both keeps its label above."""
    from alliance.mobility.figures import arcs_map

    points = pd.DataFrame({"id": ["UPHF", "UMONS", "UVA"], "latitude": [50.33, 50.45, 63.1],
                           "longitude": [3.51, 3.95, 21.6]})
    table = pd.DataFrame([[0, 3, 1], [2, 0, 0], [1, 0, 0]], index=points["id"],
                         columns=points["id"])
    members = next(trace for trace in arcs_map(table, points, "en").data
                   if trace.mode == "markers+text")
    where = dict(zip(members.text, members.textposition, strict=True))
    assert where == {"UPHF": "middle left", "UMONS": "middle right", "UVA": "top center"}
    lon = dict(zip(members.text, members.lon, strict=True))
    assert lon["UPHF"] <= 3.51 and lon["UMONS"] >= 3.95


@pytest.mark.parametrize(("lang", "names"), [
    ("en", ["Study", "Staff training"]), ("fr", ["Études", "Personnel : formation"])])
def test_activity_bars_name_the_groups_in_the_page_language(lang: str, names) -> None:
    """The member's bars by activity read "Études", never the stored code "study"."""
    from alliance.mobility.figures import breakdown_chart

    frame = pd.DataFrame({"outbound": [5, 2], "inbound": [3, 1]},
                         index=["study", "staff_training"])
    bars = breakdown_chart(frame, lang, "PUT", groups=True).data[0]
    assert [name.replace("\u00a0", " ") for name in bars.x] == names
