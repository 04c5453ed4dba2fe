"""Erasmus+ mobility files on the Edit data page through AppTest: upload, import, problems,
the list of imported files and removing one."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from alliance.loader import read_table
from alliance.mobility.imports import read_manifest, store_dir
from alliance.mobility.sample import members_from, write
from alliance.schema import TABLES_BY_NAME
from tests.app.conftest import make_app
from tests.app.test_editor import PASSWORD_SECRETS, _editor_app, _unlock
from tests.mobility_data import member_totals
from ui.frame import password_gate

MOBILITY_PAGE = "pages/mobility.py"


@pytest.fixture(autouse=True)
def fresh_password_gate() -> None:
    """The server's password throttle lives as long as the process: each test starts afresh."""
    password_gate.clear()


def _sample(folder: Path, out: Path, files: int = 2, rows: int = 2_000) -> list[Path]:
    universities = read_table(folder, TABLES_BY_NAME["universities"]).frame
    return write(out, members_from(universities), rows, "2014", files=files, first_year=2018)


def _signed_in(lang: str = "en"):
    app = _unlock(_editor_app(PASSWORD_SECRETS, lang=lang))
    assert not app.exception and app.title[0].value in ("Edit data", "Modifier les données")
    return app


def _upload(app, *files: tuple[str, bytes]):
    uploader = app.file_uploader(key="mobility_upload_0")
    uploader.set_value([(name, data, "text/csv") for name, data in files])
    app.run()
    app.button(key="mobility_import").click()
    return app.run()


def _metric(app, index: int) -> int:
    return int("".join(ch for ch in app.metric[index].value if ch.isdigit()))


def test_the_section_is_there_with_nothing_imported(data_copy: Path) -> None:
    app = _signed_in("fr")
    assert "Fichiers de mobilité Erasmus+" in [h.value for h in app.header]
    assert app.button(key="mobility_import").disabled  # nothing uploaded yet
    assert "Aucun fichier de mobilité n'est encore importé." in [c.value for c in app.caption]


def test_an_uploaded_sample_is_imported_and_the_mobility_page_shows_its_flows(
        data_copy: Path, tmp_path: Path) -> None:
    paths = _sample(data_copy, tmp_path / "sample")
    app = _upload(_signed_in(), *((p.name, p.read_bytes()) for p in paths))
    assert not app.exception and not app.error
    said = [s.value for s in app.success]
    assert [s for s in said if s.startswith("Imported SYNTHETIC")] and len(said) == 2
    assert any("SYNTHETIC" in w.value for w in app.warning)
    assert [e.file for e in read_manifest(data_copy)] == [p.name for p in paths]
    listed = [m.value for m in app.markdown if "layout, start years" in m.value]
    assert len(listed) == 2 and "2018" in listed[0] and "2019" in listed[1]
    assert app.file_uploader(key="mobility_upload_1").value == []  # a fresh uploader

    sent, received = member_totals(paths, data_copy)
    app.switch_page(MOBILITY_PAGE).run()
    assert not app.exception
    assert _metric(app, 0) == sum(sent.values()) > 0
    assert _metric(app, 1) == sum(received.values()) > 0
    assert app.get("plotly_chart"), "the trend, the matrix and the map are drawn"


def test_a_broken_file_shows_located_problems_and_imports_nothing(
        data_copy: Path, tmp_path: Path) -> None:
    good, other = _sample(data_copy, tmp_path / "sample")
    lines = other.read_text(encoding="utf-8").splitlines()[:20]
    header = lines[0].split(";")
    cells = lines[6].split(";")
    cells[header.index("Participants")] = "*many*"  # markup in a cell is shown as text
    lines[6] = ";".join(cells)  # line 7 of the file
    app = _upload(_signed_in(), (good.name, good.read_bytes()),
                  ("broken.csv", ("\r\n".join(lines) + "\r\n").encode()))
    assert not app.exception
    errors = [e.value for e in app.error]
    assert any(e.startswith("broken.csv: 1 problem; nothing was imported") for e in errors)
    assert any(f"{good.name} was not imported" in w.value for w in app.warning)
    problems = next(d.value for d in app.dataframe if "File" in d.value.columns)
    assert problems[["File", "Line", "Column", "Value"]].values.tolist() == [
        ["broken.csv", 7, "Participants", "*many*"]]
    assert read_manifest(data_copy) == []
    assert not list((store_dir(data_copy) / "imports").glob("*.parquet"))
    assert app.file_uploader(key="mobility_upload_0").value, "the files stay, to retry"

    app.switch_page(MOBILITY_PAGE).run()
    assert not app.metric  # still the empty state


def test_a_workbook_bomb_is_refused_unread(data_copy: Path) -> None:
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/worksheets/sheet1.xml", b"\0" * 5_000_000)
    app = _upload(_signed_in(), ("bomb.xlsx", packed.getvalue()))
    assert not app.exception
    errors = [e.value for e in app.error]
    assert errors[0] == "Nothing was imported."
    assert errors[1].startswith("bomb.xlsx: A part of the workbook")
    assert read_manifest(data_copy) == []


def test_an_imported_file_is_listed_and_removed(data_copy: Path, tmp_path: Path) -> None:
    [path] = _sample(data_copy, tmp_path / "sample", files=1, rows=300)
    app = _upload(_signed_in(), (path.name, path.read_bytes()))
    [entry] = read_manifest(data_copy)
    app.button(key=f"mobility_remove_{entry.digest}").click().run()
    assert not app.exception
    assert any(s.value.startswith(f"Removed {path.name}") for s in app.success)
    assert read_manifest(data_copy) == []
    assert not (store_dir(data_copy) / entry.parquet).exists()
    assert "No mobility file is imported yet." in [c.value for c in app.caption]


def test_a_viewer_never_reaches_the_section(data_copy: Path) -> None:
    app = _editor_app(PASSWORD_SECRETS)
    assert not app.file_uploader and "mobility_import" not in [b.key for b in app.button]
    app = make_app("en").run()  # and without editing enabled the page does not exist
    assert not app.exception
