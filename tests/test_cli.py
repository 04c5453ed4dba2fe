"""`python -m alliance`, run as a real subprocess, as an analyst or CI would run it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from alliance.dictionary import render
from alliance.schema import TABLES

REPO_ROOT = Path(__file__).resolve().parent.parent
LINE_FORM = re.compile(r"^(?P<file>[a-z_]+\.csv)(?::(?P<line>\d+))?(?::(?P<column>[a-z_]+))?: "
                       r"(?P<code>[a-z_0-9]+): (?P<message>.+)$")


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != "ALLIANCE_DATA_DIR"}
    environ.update(env or {})
    environ["PYTHONPATH"] = str(REPO_ROOT)
    return subprocess.run([sys.executable, "-m", "alliance", *args], cwd=REPO_ROOT, env=environ,
                          capture_output=True, text=True, encoding="utf-8", timeout=60)


def break_copy(folder: Path) -> None:
    """Two mistakes: a lower-case country (line 3) and a dangling host (line 7)."""
    universities = folder / "universities.csv"
    universities.write_text(universities.read_text(encoding="utf-8").replace(
        ",DE,Cottbus,", ",de,Cottbus,", 1), encoding="utf-8")
    activities = folder / "activities.csv"
    activities.write_text(activities.read_text(encoding="utf-8").replace(
        "A006,Santander summer school,students,summer school,UC,",
        "A006,Santander summer school,students,summer school,XX,", 1), encoding="utf-8")


def test_bundled_data_is_clean(bundled: Path) -> None:
    done = run("validate", str(bundled))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""
    assert "0 error(s), 0 warning(s)" in done.stderr


def test_broken_copy_lists_every_problem_in_editor_form(bundled: Path) -> None:
    break_copy(bundled)
    done = run("validate", str(bundled))
    assert done.returncode == 1
    lines = done.stdout.strip().splitlines()
    assert lines, done.stderr
    parsed = [LINE_FORM.match(line) for line in lines]
    assert all(parsed), lines
    found = {(m["file"], m["line"], m["column"], m["code"]) for m in parsed if m}
    assert ("universities.csv", "3", "country", "pattern") in found
    assert ("activities.csv", "7", "host_id", "foreign_key") in found
    assert "universities.csv:3:country: pattern: 'de' does not have the expected form" in (
        done.stdout)
    assert "2 error(s), 0 warning(s)" in done.stderr


def test_json_in_french(bundled: Path) -> None:
    break_copy(bundled)
    done = run("validate", str(bundled), "--format", "json", "--lang", "fr")
    assert done.returncode == 1
    records = json.loads(done.stdout)
    assert {(r["file"], r["line"], r["column"], r["code"]) for r in records} == {
        ("universities.csv", 3, "country", "pattern"),
        ("activities.csv", 7, "host_id", "foreign_key")}
    assert all(set(r) == {"file", "line", "column", "value", "code", "severity", "message"}
               for r in records)
    host = next(r for r in records if r["code"] == "foreign_key")
    assert host["message"] == "« XX » n'est pas un id de universities.csv."
    assert host["severity"] == "error" and host["value"] == "XX"


def test_french_text_summary(bundled: Path) -> None:
    break_copy(bundled)
    done = run("validate", str(bundled), "--lang", "fr")
    assert done.returncode == 1
    assert "n'a pas la forme attendue" in done.stdout
    assert "2 erreur(s), 0 avertissement(s)" in done.stderr


def test_warnings_alone_exit_zero(bundled: Path) -> None:
    path = bundled / "activities.csv"
    path.write_bytes(path.read_bytes().replace(b"\nA005,", b"\n\nA005,", 1))
    done = run("validate", str(bundled))
    assert done.returncode == 0
    assert done.stdout.strip() == "activities.csv:6: blank_line: Blank line, ignored."


def test_missing_folder_exits_2(tmp_path: Path) -> None:
    done = run("validate", str(tmp_path / "nowhere"))
    assert done.returncode == 2
    assert "not a readable folder" in done.stderr
    assert done.stdout == ""


def test_folder_without_tables_reports_missing_files(tmp_path: Path) -> None:
    done = run("validate", str(tmp_path), "--format", "json")
    assert done.returncode == 1
    assert {(r["file"], r["code"]) for r in json.loads(done.stdout)} == {
        (table.file_name, "file_missing") for table in TABLES} | {("alliance.toml", "file_missing")}


@pytest.mark.parametrize("broken", [False, True])
def test_data_dir_variable_is_honoured(bundled: Path, broken: bool) -> None:
    if broken:
        break_copy(bundled)
    done = run("validate", env={"ALLIANCE_DATA_DIR": str(bundled)})
    assert done.returncode == (1 if broken else 0)
    assert str(bundled) in done.stderr


def test_explicit_folder_wins_over_the_variable(bundled: Path, tmp_path: Path) -> None:
    done = run("validate", str(bundled), env={"ALLIANCE_DATA_DIR": str(tmp_path / "nowhere")})
    assert done.returncode == 0


def test_dictionary_to_stdout_and_file(tmp_path: Path) -> None:
    done = run("dictionary", "--output", "-")
    assert done.returncode == 0
    assert done.stdout == render()
    target = tmp_path / "README.md"
    done = run("dictionary", "--output", str(target))
    assert done.returncode == 0
    assert target.read_text(encoding="utf-8") == render()


def test_bad_arguments_are_refused() -> None:
    assert run("validate", "--lang", "de").returncode == 2
    assert run().returncode == 2


def test_validate_lists_at_most_a_thousand_problems_a_file_then_counts(bundled: Path) -> None:
    """1,200 rows with a wrong audience: a thousand lines, then one saying how many more;
    `--format json` still gives every one."""
    path = bundled / "activities.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    row = lines[1].split(",", 3)
    added = [",".join([f"B{n}", row[1], "pupils", row[3]]) for n in range(1200)]
    path.write_text("".join([*lines, *added]), encoding="utf-8")
    done = run("validate", str(bundled))
    assert done.returncode == 1
    mine = [line for line in done.stdout.splitlines() if line.startswith("activities.csv")]
    assert len(mine) == 1001
    assert mine[-1].startswith("activities.csv: more_problems: … and ")
    assert "more problems in this file, not listed." in mine[-1]
    whole = run("validate", str(bundled), "--format", "json")
    assert sum(1 for p in json.loads(whole.stdout) if p["code"] == "allowed") >= 1200
