"""Mobility files uploaded in the app: names, refusals, access asked again, all or nothing."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from alliance.loader import read_table
from alliance.mobility.imports import read_manifest
from alliance.mobility.sample import members_from, write
from alliance.mobility.uploads import import_uploads, said, upload_name
from alliance.schema import TABLES_BY_NAME
from alliance.store import NotAllowed
from tests.paths import FIXTURE_DATA


def _sample(out: Path, rows: int = 200, **options: object) -> list[Path]:
    universities = read_table(FIXTURE_DATA, TABLES_BY_NAME["universities"]).frame
    return write(out, members_from(universities), rows, **options)


@pytest.mark.parametrize(("given", "kept"), [
    ("2019.csv", "2019.csv"),
    ("../../etc/passwd.csv", "passwd.csv"),
    ("C:\\Users\\me\\2019.xlsx", "2019.xlsx"),
    ("/abs/path/x.csv", "x.csv"),
    ("..", "upload.csv"),
    ("", "upload.csv"),
])
def test_an_upload_keeps_only_its_own_name(given: str, kept: str) -> None:
    assert upload_name(given) == kept


def test_uploads_are_imported_with_their_names_and_progress(bundled: Path,
                                                            tmp_path: Path) -> None:
    [workbook] = _sample(tmp_path / "raw", layout_name="raw", xlsx=True)  # two sheets, 2021
    [table] = _sample(tmp_path / "csv", layout_name="2014", first_year=2019)
    seen: list[tuple[str, float]] = []
    result = import_uploads(bundled, [("2021 raw.xlsx", workbook.read_bytes()),
                                      ("folder/2019.csv", table.read_bytes())],
                            progress=lambda name, done: seen.append((name, done)))
    assert result.imported and not result.problems
    assert [e.file for e in read_manifest(bundled)] == ["2021 raw.xlsx", "2019.csv"]
    assert [e.rows for e in read_manifest(bundled)] == [200, 200]
    assert {name for name, _ in seen} == {"2021 raw.xlsx", "2019.csv"}
    assert ("2019.csv", 1.0) in seen


def test_two_uploads_of_one_name_stay_apart(bundled: Path, tmp_path: Path) -> None:
    first, second = _sample(tmp_path, layout_name="2014", files=2)
    result = import_uploads(bundled, [("same.csv", first.read_bytes()),
                                      ("same.csv", second.read_bytes())])
    assert [o.status for o in result.outcomes] == ["imported", "imported"]
    assert len({e.digest for e in read_manifest(bundled)}) == 2


def test_access_is_asked_again_before_anything_is_imported(bundled: Path,
                                                           tmp_path: Path) -> None:
    [path] = _sample(tmp_path)

    def withdrawn() -> None:
        raise NotAllowed("signed out meanwhile")

    left = set(Path(tempfile.gettempdir()).glob("alliance-mobility-*"))
    with pytest.raises(NotAllowed):
        import_uploads(bundled, [(path.name, path.read_bytes())], check_access=withdrawn)
    assert read_manifest(bundled) == []
    assert set(Path(tempfile.gettempdir()).glob("alliance-mobility-*")) == left


@pytest.mark.parametrize(("name", "size", "code"), [
    ("big.csv", 101, "too_large"),
    ("notes.txt", 10, "mobility_suffix"),
])
def test_refused_before_reading(bundled: Path, name: str, size: int, code: str) -> None:
    result = import_uploads(bundled, [(name, b"x" * size)], max_bytes=100)
    assert [p.code for p in result.refused] == [code] and not result.imported
    assert read_manifest(bundled) == []


def test_a_file_of_neither_layout_is_said_and_nothing_imported(bundled: Path,
                                                              tmp_path: Path) -> None:
    [good] = _sample(tmp_path)
    result = import_uploads(bundled, [(good.name, good.read_bytes()),
                                      ("other.csv", b"a;b;c\r\n1;2;3\r\n")])
    assert [p.code for p in result.refused] == ["mobility_layout"]
    assert read_manifest(bundled) == []
    kinds = said(result, "fr")
    assert kinds[0] == ("error", "Rien n'a été importé.")
    assert kinds[1][1].startswith("other.csv: L'en-tête")


def test_what_is_said_shows_names_as_text_and_points_at_overlaps(bundled: Path,
                                                                tmp_path: Path) -> None:
    first, second = _sample(tmp_path, layout_name="2014", files=2, first_year=2018)
    before = import_uploads(bundled, [("*bold* 2018.csv", first.read_bytes())])
    earlier = read_manifest(bundled)
    # The same start year again under another name: flows would add both.
    again = import_uploads(bundled, [("[link](x) 2018 copy.csv", first.read_bytes() + b"\r\n"),
                                     ("2019.csv", second.read_bytes())])
    texts = said(again, "en", earlier)
    assert [kind for kind, _ in texts] == ["success", "warning", "warning", "success",
                                           "warning"]
    assert texts[0][1].startswith(r"Imported \[link\](x) 2018 copy.csv")
    assert r"\*bold\* 2018.csv" in texts[1][1]
    assert said(before, "en")[0][1].startswith(r"Imported \*bold\* 2018.csv")
