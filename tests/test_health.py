"""The Data health page's totals and tables, from a real data folder with mistakes in it."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from alliance.dataset import load_dataset
from alliance.health import example_counts, files_view, problems_view, totals
from alliance.schema import TABLES
from alliance.validate import check_folder
from tests.paths import FIXTURE_DATA

ROOT = Path(__file__).resolve().parent.parent


def _edit(path: Path, row: int, column: str, value: str) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[row][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, copy)
    return copy


def test_a_clean_folder_adds_up(folder: Path) -> None:
    report = check_folder(folder)
    counts = totals(report)
    assert (counts.errors, counts.warnings, counts.files_with_problems) == (0, 0, 0)
    assert counts.files == len(TABLES) + 1  # and alliance.toml
    assert counts.rows == sum(len(r.parsed.frame) for r in report.results.values())
    view = files_view(report, {}, "en")
    assert list(view.columns) == ["File", "Rows", "Examples", "Errors", "Warnings", "Shown"]
    assert set(view["Shown"]) == {"current file"}
    assert list(view["File"])[-1] == "alliance.toml"
    # Counts are numbers, so they sort as such; alliance.toml has none (the page's "–").
    assert view["Rows"].tolist()[:-1] == [float(r.rows) for r in report.results.values()]
    assert view[["Rows", "Examples"]].iloc[-1].isna().all()
    assert view[["Rows", "Examples"]].iloc[:-1].notna().all().all()


def test_alliance_toml_problems_are_counted_with_the_tables(folder: Path,
                                                            tmp_path: Path) -> None:
    identity = folder / "alliance.toml"
    text = identity.read_text(encoding="utf-8")
    identity.write_text(text.replace('primary = "#', 'primary = 12\nold_primary = "#', 1)
                        + '\nfavourite = "blue"\n', encoding="utf-8")
    data = load_dataset(folder, tmp_path / "keep")
    counts = totals(data.report)
    assert (counts.errors, counts.warnings, counts.files_with_problems) == (1, 2, 1)
    assert data.identity_shown == "defaults"  # no valid copy kept yet
    view = files_view(data.report, data.fallbacks, "fr", identity_shown=data.identity_shown)
    row = view[view["Fichier"] == "alliance.toml"].iloc[0]
    assert (row.iloc[3], row.iloc[4]) == (1, 2)
    assert row.iloc[5] == "rien de ce fichier tant qu'il n'est pas corrigé"
    located = problems_view(data.report.identity, "en")
    assert located[located["Column"] == "primary"]["Line"].tolist() == [
        text.splitlines().index(next(line for line in text.splitlines()
                                     if line.startswith("primary ="))) + 1]


def test_alliance_toml_shown_from_its_last_valid_copy(folder: Path, tmp_path: Path) -> None:
    load_dataset(folder, tmp_path / "keep")  # remembers the valid file
    identity = folder / "alliance.toml"
    identity.write_text(identity.read_text(encoding="utf-8") + "\n[broken\n", encoding="utf-8")
    data = load_dataset(folder, tmp_path / "keep")
    assert data.identity_shown == "last_valid" and data.identity["alliance"]
    assert totals(data.report).errors == 1


def test_an_error_and_a_warning_are_counted_and_explained(folder: Path, tmp_path: Path) -> None:
    _edit(folder / "universities.csv", 2, "students", "many")  # error, line 3
    _edit(folder / "activities.csv", 1, "title", "=SUM(1)")    # warning, line 2
    data = load_dataset(folder, tmp_path / "keep")
    counts = totals(data.report)
    assert counts.errors >= 1 and counts.warnings == 1 and counts.files_with_problems == 2
    view = files_view(data.report, data.fallbacks, "fr")
    shown = dict(zip(view["Fichier"], view.iloc[:, -1], strict=True))
    assert shown["activities.csv"] == "fichier actuel"
    assert shown["universities.csv"] in ("dernière version valide", "lignes valides seulement")
    problems = problems_view(data.report.results["universities"].problems, "fr")
    row = problems[problems.iloc[:, 2] == "many"].iloc[0]
    assert row.iloc[0] == 3 and row.iloc[1] == "students" and row.iloc[3] == "erreur"
    assert row.iloc[4]  # a message in French, never empty
    warning = problems_view(data.report.results["activities"].problems, "en").iloc[0]
    assert (warning.iloc[0], warning.iloc[2], warning.iloc[3]) == (2, "=SUM(1)", "warning")

    listed = problems_view(data.report.problems, "en", with_file=True)
    assert list(listed.columns) == ["File", "Line", "Column", "Value", "Severity",
                                    "What is wrong"]
    assert set(listed["File"]) == {"universities.csv", "activities.csv"}


def test_examples_are_counted_per_file(folder: Path, tmp_path: Path) -> None:
    with (folder / "activities.csv").open(encoding="utf-8", newline="") as handle:
        marked = sum(r["illustrative"] == "true" for r in csv.DictReader(handle))
    data = load_dataset(folder, tmp_path / "keep")
    counts = example_counts(data.tables)
    assert counts["activities"] == marked
    assert "universities" not in counts  # a table without the column holds no examples
    view = files_view(data.report, data.fallbacks, "en", counts)
    shown = dict(zip(view["File"], view["Examples"], strict=True))
    assert shown["activities.csv"] == marked
