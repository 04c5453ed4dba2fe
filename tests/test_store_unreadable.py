"""A table whose current file cannot be read is never saved over as if it were empty."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from alliance import store
from alliance.limits import MAX_CELL_CHARS
from alliance.upload import merge


def allowed() -> None:
    """An editor's access check that passes."""


def cp1252(data: bytes) -> bytes:
    """What Excel's "CSV (Windows-1252)" makes of a UTF-8 table with an accent in row 3."""
    lines = data.decode("utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace(",", ",Été ", 1)
    return "".join(lines).encode("cp1252", errors="replace")


def cell_over_the_cap(data: bytes) -> bytes:
    """Row A003 with a correctly quoted description one character over the cell cap."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    column = rows[0].index("description")
    next(row for row in rows if row[0] == "A003")[column] = "x" * (MAX_CELL_CHARS + 1)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC).writerows(rows)
    return out.getvalue().encode("utf-8")


BREAKS: dict[str, Callable[[bytes], bytes]] = {
    "cp1252": cp1252,
    "utf16": lambda data: data.decode("utf-8").encode("utf-16"),
    "unclosed quote": lambda data: data.replace(b"\n", b'\n"', 3).replace(b'\n"', b"\n", 2),
    "no header": lambda data: data.split(b"\n", 1)[1],
    "a row with a cell too many": lambda data: data.replace(b"\n", b",extra\n", 2)
        .replace(b",extra\n", b"\n", 1),
    "a cell over the size cap": cell_over_the_cap,
}


@pytest.fixture(params=list(BREAKS), ids=list(BREAKS))
def broken(bundled: Path, request: pytest.FixtureRequest) -> tuple[Path, bytes, str]:
    """The bundled folder whose activities file was made unreadable after one good save."""
    path = bundled / "activities.csv"
    good = path.read_bytes()
    store.history(bundled, "activities")  # the good version is in the history
    path.write_bytes(BREAKS[request.param](good))
    return bundled, good, store.version_of(good)


def test_current_refuses_an_unreadable_file(broken: tuple[Path, bytes, str]) -> None:
    folder, _, _ = broken
    with pytest.raises(store.Unreadable) as raised:
        store.current(folder, "activities")
    assert raised.value.table == "activities"
    assert raised.value.problems and raised.value.problems[0].file == "activities.csv"


def test_saves_onto_an_unreadable_file_are_refused_and_leave_it(
        broken: tuple[Path, bytes, str]) -> None:
    folder, good, _ = broken
    path = folder / "activities.csv"
    before = path.read_bytes()
    base = store.current_version(folder, "activities")
    rows = store.read_version(folder, "activities", store.version_of(good))
    one = rows.iloc[[0]].assign(id="A999")
    attempts = {
        "append": lambda: store.save(folder, "activities", merge(rows.iloc[0:0], one, "append"),
                                     base=base, who="t", reason="r", check_access=allowed),
        "replace": lambda: store.save(folder, "activities", one, base=None, who="t",
                                      reason="r", check_access=allowed),
        "update": lambda: store.update(folder, "activities", lambda f: merge(f, one, "append"),
                                       who="t", reason="r", check_access=allowed),
    }
    for name, attempt in attempts.items():
        with pytest.raises(store.Unreadable):
            attempt()
        assert path.read_bytes() == before, name
    assert not (folder / ".history" / "activities" / "pending.json").exists()


def test_restore_is_the_way_back(broken: tuple[Path, bytes, str]) -> None:
    folder, good, version = broken
    back = store.restore(folder, "activities", version,
                         base=store.current_version(folder, "activities"), who="t",
                         reason="mend", check_access=allowed)
    assert (folder / "activities.csv").read_bytes() == good
    assert back.kind == "restore"
    assert len(store.current(folder, "activities")[0]) == 70


def test_a_folder_in_place_of_the_file_is_unreadable(bundled: Path) -> None:
    (bundled / "activities.csv").unlink()
    (bundled / "activities.csv").mkdir()
    with pytest.raises(store.Unreadable) as raised:
        store.current(bundled, "activities")
    assert raised.value.problems[0].code == "file_is_directory"
    french = raised.value.message("fr")
    assert "dossier" in french and "Excel" not in french and "is a directory" not in french
    shutil.rmtree(bundled / "activities.csv")


def test_the_message_says_why_and_how_to_mend(bundled: Path) -> None:
    path = bundled / "activities.csv"
    path.write_bytes(cp1252(path.read_bytes()))
    with pytest.raises(store.Unreadable) as raised:
        store.current(bundled, "activities")
    english, french = raised.value.message("en"), raised.value.message("fr")
    assert "activities.csv cannot be read" in english
    assert "activities.csv:" in english and ": encoding:" in english  # located
    assert "CSV UTF-8" in english and "python -m alliance restore activities" in english
    assert "ne peut pas être lu" in french and "restaurez" in french
