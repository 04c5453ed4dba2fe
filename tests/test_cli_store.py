"""`python -m alliance import | history | restore`, run as real subprocesses on a copy."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

from openpyxl import Workbook

from alliance import store
from alliance.loader import Dialect
from alliance.schema import ACTIVITIES, TABLES_BY_NAME

REPO_ROOT = Path(__file__).resolve().parent.parent
LINE_FORM = re.compile(r"^(?P<file>[^:]+)(?::(?P<line>\d+))?(?::(?P<column>[a-z_]+))?: "
                       r"(?P<code>[a-z_0-9]+): (?P<message>.+)$")


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != "ALLIANCE_DATA_DIR"}
    environ["PYTHONPATH"] = str(REPO_ROOT)
    return subprocess.run([sys.executable, "-m", "alliance", *args], cwd=REPO_ROOT,
                          env=environ, input=stdin, capture_output=True, text=True,
                          encoding="utf-8", timeout=60)


def test_import_csv_shows_the_diff_and_saves_with_history(bundled: Path, tmp_path: Path
                                                          ) -> None:
    upload = tmp_path / "activities.csv"
    edited = store.current(bundled, "activities")[0]
    edited.loc[0, "title"] = "Learning exchanges between member universities"
    edited.to_csv(upload, sep=";", index=False, encoding="utf-8-sig")  # Excel in Europe
    done = run("import", "activities", str(upload), "--data-dir", str(bundled), "--yes",
               "--reason", "fix A001")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "+0 ~1 -0" in done.stdout
    assert "~ A001 title: 'Study exchanges between member universities' -> " in done.stdout
    assert "Saved activities as version" in done.stdout
    assert "Learning exchanges" in (bundled / "activities.csv").read_text(encoding="utf-8")
    assert store.current(bundled, "activities")[0].shape == (70, 16)

    listed = run("history", "activities", "--data-dir", str(bundled))
    assert listed.returncode == 0
    lines = listed.stdout.splitlines()
    assert len(lines) == 2
    # When, on this machine's clock and in the reader's words: "3 Dec 2026, 09:41 UTC".
    assert re.match(r"^\d+ \w+ \d{4}, \d\d:\d\d \S+  \S+  activities  \+0 ~1 -0  fix A001  "
                    r"[0-9a-f]{12}$", lines[0]), lines[0]
    assert "changed outside the app" in lines[1]


def test_import_with_errors_prints_them_located_in_the_upload_and_saves_nothing(
        bundled: Path, tmp_path: Path) -> None:
    before = (bundled / "activities.csv").read_bytes()
    book = Workbook()
    sheet = book.active
    sheet.title = "activities"
    sheet.append(list(ACTIVITIES.column_names))
    good = ["A900", "Good", "students", "training", None, "online", "en", None, None, None, 3,
            None, None, None, False, "https://eunice-university.eu/"]
    sheet.append(good)
    sheet.append(["A901", "Bad host", "students", "training", "XX", *good[5:]])
    out = io.BytesIO()
    book.save(out)
    upload = tmp_path / "new rows.xlsx"
    upload.write_bytes(out.getvalue())
    done = run("import", "activities", str(upload), "--append", "--data-dir", str(bundled),
               "--yes")
    assert done.returncode == 1, done.stdout + done.stderr
    lines = [LINE_FORM.match(line) for line in done.stdout.splitlines()]
    assert all(lines), done.stdout
    assert ("new rows.xlsx", "3", "host_id", "foreign_key") in {
        (m["file"], m["line"], m["column"], m["code"]) for m in lines if m}
    assert (bundled / "activities.csv").read_bytes() == before


def test_import_append_of_an_existing_id_is_refused(bundled: Path, tmp_path: Path) -> None:
    before = (bundled / "activities.csv").read_bytes()
    lines = before.decode("utf-8").splitlines(keepends=True)
    upload = tmp_path / "again.csv"
    upload.write_text(lines[0] + lines[1], encoding="utf-8")
    done = run("import", "activities", str(upload), "--append", "--data-dir", str(bundled),
               "--yes")
    assert done.returncode == 1
    assert "activities.csv:72:id: unique:" in done.stdout
    assert (bundled / "activities.csv").read_bytes() == before


def test_import_of_an_unreadable_file_exits_2(bundled: Path, tmp_path: Path) -> None:
    upload = tmp_path / "latin1.csv"
    upload.write_bytes("id;title\nA1;Caf\xe9\n".encode("latin-1"))
    done = run("import", "activities", str(upload), "--data-dir", str(bundled), "--yes")
    assert done.returncode == 2
    assert "latin1.csv:2: encoding:" in done.stdout
    missing = run("import", "activities", str(tmp_path / "nope.csv"), "--data-dir",
                  str(bundled))
    assert missing.returncode == 2
    for command in (["import", "activities", str(upload)], ["history"],
                    ["restore", "projects", "abc"]):
        nowhere = run(*command, "--data-dir", str(tmp_path / "no such folder"), "--yes"
                      if command[0] != "history" else "--lang=en")
        assert nowhere.returncode == 2, command
        assert "not a readable folder" in nowhere.stderr


def test_import_asks_before_saving(bundled: Path, tmp_path: Path) -> None:
    before = (bundled / "milestones.csv").read_bytes()
    upload = tmp_path / "m.csv"
    upload.write_bytes(before.replace(b"Alliance selected by", b"Alliance chosen by"))
    declined = run("import", "milestones", str(upload), "--data-dir", str(bundled),
                   stdin="n\n")
    assert declined.returncode == 0
    assert "Not saved." in declined.stdout
    assert (bundled / "milestones.csv").read_bytes() == before
    accepted = run("import", "milestones", str(upload), "--data-dir", str(bundled),
                   "--lang", "fr", stdin="o\n")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert "Enregistrer milestones ? [o/N]" in accepted.stdout
    assert (bundled / "milestones.csv").read_bytes() == upload.read_bytes()


def test_restore_through_the_command_line(bundled: Path, tmp_path: Path) -> None:
    original = (bundled / "projects.csv").read_bytes()
    found, version = store.current(bundled, "projects")
    found.loc[0, "name"] = "Renamed"
    store.save(bundled, "projects", found, base=version, who="analyst", reason="rename",
               check_access=lambda: None)
    done = run("restore", "projects", version[:6], "--data-dir", str(bundled), "--yes",
               "--reason", "undo rename")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "~ EUNICE name: 'Renamed' -> 'EUNICE pilot alliance project'" in done.stdout
    assert (bundled / "projects.csv").read_bytes() == original
    newest = store.history(bundled, "projects")[0]
    assert (newest.kind, newest.reason, newest.version) == ("restore", "undo rename", version)

    unknown = run("restore", "projects", "ffffffffffff", "--data-dir", str(bundled), "--yes")
    assert unknown.returncode == 2
    assert "No version ffffffffffff of projects" in unknown.stderr


def test_help_says_the_command_line_does_not_ask_for_the_apps_password() -> None:
    done = run("import", "--help")
    assert done.returncode == 0
    # argparse wraps the text where it likes, a hyphenated word included
    text = " ".join(done.stdout.replace("-\n", "-").split())
    assert "file-system permissions" in text


def test_import_onto_an_unreadable_table_is_refused_and_restore_mends_it(
        bundled: Path, tmp_path: Path) -> None:
    path = bundled / "activities.csv"
    good = path.read_bytes()
    assert run("history", "activities", "--data-dir", str(bundled)).returncode == 0
    lines = good.decode("utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace(",", ",Été ", 1)
    path.write_bytes("".join(lines).encode("cp1252", errors="replace"))  # Excel, Windows-1252
    broken = path.read_bytes()
    upload = tmp_path / "ONE.csv"
    upload.write_text(lines[0] + lines[1].replace("A001", "A999", 1), encoding="utf-8")
    for mode in (["--append"], []):
        done = run("import", "activities", str(upload), *mode, "--data-dir", str(bundled),
                   "--yes")
        assert done.returncode == 2, done.stdout + done.stderr
        assert "activities.csv cannot be read" in done.stderr
        assert "activities.csv:4: encoding:" in done.stderr
        assert "Traceback" not in done.stderr and "Saved" not in done.stdout
        assert path.read_bytes() == broken
    back = run("restore", "activities", store.version_of(good), "--data-dir", str(bundled),
               "--yes")
    assert back.returncode == 0, back.stdout + back.stderr
    assert path.read_bytes() == good


def test_import_keeps_the_french_excel_dialect_of_the_table(bundled: Path,
                                                            tmp_path: Path) -> None:
    path = bundled / "distance_bands.csv"
    table = TABLES_BY_NAME["distance_bands"]
    frame = store.current(bundled, table.name)[0]
    path.write_bytes(store.csv_bytes(frame, table, Dialect(";", True, "\r\n", True)))
    upload = tmp_path / "bands.csv"  # a plain comma file with a decimal point
    upload.write_bytes(store.csv_bytes(frame.assign(amount_eur="28.5"), table))
    done = run("import", "distance_bands", str(upload), "--data-dir", str(bundled), "--yes")
    assert done.returncode == 0, done.stdout + done.stderr
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfid;min_km;max_km;")
    assert b"\r\n" in data and b";28,5;" in data and b"28.5" not in data


def test_append_onto_a_table_with_a_cell_over_the_cap_keeps_that_row(
        bundled: Path, tmp_path: Path) -> None:
    """A row the loader cannot keep (here a cell over the size cap) makes the table
    unreadable for a save: appending one row must not save the table without it."""
    from tests.test_store_unreadable import cell_over_the_cap

    path = bundled / "activities.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_bytes(cell_over_the_cap(path.read_bytes()))
    broken = path.read_bytes()
    upload = tmp_path / "one.csv"
    upload.write_text(lines[0] + lines[1].replace("A001", "A999", 1), encoding="utf-8")
    done = run("import", "activities", str(upload), "--append", "--data-dir", str(bundled),
               "--yes")
    assert done.returncode == 2, done.stdout + done.stderr
    assert "activities.csv cannot be read" in done.stderr and "cell_too_long" in done.stderr
    assert "+1 ~0 -0" not in done.stdout and "Saved" not in done.stdout
    assert path.read_bytes() == broken
