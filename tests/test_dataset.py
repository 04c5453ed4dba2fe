"""alliance.dataset: validated tables, falling back to the last valid copy of a broken one."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pandas as pd
import pytest

from alliance.dataset import (
    DATA_FILES,
    TABLE_NAMES,
    data_date,
    load_dataset,
    read_identity,
    state_dir,
)


def break_activity(folder: Path) -> None:
    """An out-of-range ECTS on line 6 (A005): one row with an error, the rest still valid."""
    path = folder / "activities.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[5].startswith("A005,") and ",3,," in lines[5]
    lines[5] = lines[5].replace(",3,,", ",61,,", 1)
    path.write_text("\n".join(lines), encoding="utf-8")


def test_clean_folder_serves_every_table_and_keeps_copies(bundled: Path, tmp_path: Path) -> None:
    keep = tmp_path / "state"
    dataset = load_dataset(bundled, keep_dir=keep)
    assert dataset.fallbacks == {}
    assert dataset.problems == []
    assert set(dataset.tables) == set(TABLE_NAMES)
    assert len(dataset.tables["activities"]) == 70
    assert all(dataset.errors_in(name) == 0 for name in TABLE_NAMES)
    for name in TABLE_NAMES:
        assert (keep / f"{name}.csv").read_bytes() == (bundled / f"{name}.csv").read_bytes()


def test_broken_table_is_served_from_its_last_valid_copy(bundled: Path, tmp_path: Path) -> None:
    keep = tmp_path / "state"
    before = load_dataset(bundled, keep_dir=keep).tables["activities"]
    kept = (keep / "activities.csv").read_bytes()
    break_activity(bundled)

    dataset = load_dataset(bundled, keep_dir=keep)
    assert dataset.fallbacks == {"activities": "last_valid"}
    assert dataset.errors_in("activities") == 1
    assert ("activities.csv", 6, "ects", "range") in {
        (p.file, p.line, p.column, p.code) for p in dataset.problems}
    pd.testing.assert_frame_equal(dataset.tables["activities"], before)
    assert (keep / "activities.csv").read_bytes() == kept  # a broken file never replaces it
    assert len(dataset.tables["universities"]) == 10  # other tables are served as they are


def test_fixed_table_replaces_the_kept_copy(bundled: Path, tmp_path: Path) -> None:
    keep = tmp_path / "state"
    load_dataset(bundled, keep_dir=keep)
    path = bundled / "projects.csv"
    path.write_bytes(path.read_bytes().replace(b"14400000", b"14500000"))
    dataset = load_dataset(bundled, keep_dir=keep)
    assert dataset.fallbacks == {}
    assert (keep / "projects.csv").read_bytes() == path.read_bytes()
    budgets = dataset.tables["projects"].set_index("id")["budget_eur"]
    assert budgets["EUNICE4U"] == 14_500_000


def test_without_a_copy_only_valid_rows_are_served(bundled: Path, tmp_path: Path) -> None:
    break_activity(bundled)
    dataset = load_dataset(bundled, keep_dir=tmp_path / "empty-state")
    assert dataset.fallbacks == {"activities": "valid_rows"}
    activities = dataset.tables["activities"]
    assert len(activities) == 69
    assert "A005" not in set(activities["id"])
    assert not (tmp_path / "empty-state" / "activities.csv").exists()


def test_unreadable_table_without_a_copy_serves_no_rows(bundled: Path, tmp_path: Path) -> None:
    (bundled / "milestones.csv").write_bytes("id,date\n1,2\n".encode("utf-16"))
    dataset = load_dataset(bundled, keep_dir=tmp_path / "state")
    assert dataset.fallbacks == {"milestones": "valid_rows"}
    assert len(dataset.tables["milestones"]) == 0
    assert "title" in dataset.tables["milestones"].columns


def test_identity_is_read_from_alliance_toml(bundled: Path, tmp_path: Path) -> None:
    dataset = load_dataset(bundled, keep_dir=tmp_path / "state")
    assert dataset.identity["alliance"]["acronym"] == "EUNICE"
    assert dataset.identity["alliance"]["description"]["fr"].startswith("Alliance")
    assert dataset.identity["colors"]["primary"] == "#0B2E6F"
    assert {f["key"] for f in dataset.identity["figures"]} >= {"students", "staff"}


@pytest.mark.parametrize("content", [
    None,
    b"[alliance\nname = ",
    '[alliance]\nname = "Universit\u00e9"\n'.encode("cp1252"),
    '[alliance]\nname = "x"\n'.encode("utf-16"),
], ids=["missing", "invalid-toml", "cp1252", "utf16"])
def test_missing_or_broken_identity_is_empty(tmp_path: Path, content: bytes | None) -> None:
    if content is not None:
        (tmp_path / "alliance.toml").write_bytes(content)
    assert read_identity(tmp_path) == {}


def test_state_dir_is_per_data_folder(tmp_path: Path) -> None:
    environ = {"ALLIANCE_STATE_DIR": str(tmp_path / "base")}
    first = state_dir(tmp_path / "a", environ)
    assert first.parent == tmp_path / "base"
    assert first == state_dir(tmp_path / "a", environ)
    assert first != state_dir(tmp_path / "b", environ)


def test_data_date_is_the_latest_save(tmp_path: Path) -> None:
    for name, day in (("a.csv", dt.datetime(2025, 1, 5, 12)), ("b.csv", dt.datetime(2025, 3, 9,
                                                                                       12))):
        path = tmp_path / name
        path.write_text("x")
        os.utime(path, (day.timestamp(), day.timestamp()))
    assert data_date(tmp_path, ["a.csv", "b.csv", "missing.csv"]) == dt.date(2025, 3, 9)
    assert data_date(tmp_path, ["missing.csv"]) is None
    os.utime(tmp_path / "b.csv", (0, 0))
    assert data_date(tmp_path, ["a.csv", "b.csv"]) == dt.date(2025, 1, 5)


def test_a_fresh_copy_does_not_pass_its_files_times_as_the_save_date(bundled: Path,
                                                                     tmp_path: Path) -> None:
    # The files' times say only when they were copied: no history, no commit -> unknown.
    day = dt.datetime(2026, 2, 2, 12)
    for name in DATA_FILES:
        os.utime(bundled / name, (day.timestamp(), day.timestamp()))
    data = load_dataset(bundled, tmp_path / "keep")
    assert data.saved_on is None and data.saved_by == ""
    assert not (bundled / ".history").exists()  # reading the date wrote nothing


def test_the_save_date_comes_from_the_stores_history(bundled: Path, tmp_path: Path) -> None:
    from alliance import store

    store.history(bundled)  # files found by the log are "outside" changes, not saves
    assert load_dataset(bundled, tmp_path / "keep").saved_on is None
    found, version = store.current(bundled, "milestones")
    edited = found.assign()
    edited.iloc[0, list(edited.columns).index("title")] += " (edited)"
    saved = store.save(bundled, "milestones", edited, base=version, who="t",
                       reason="r", check_access=lambda: None)
    data = load_dataset(bundled, tmp_path / "keep")
    assert (data.saved_on, data.saved_by) == (saved.when.date(), "history")


def test_the_save_date_comes_from_version_control(bundled: Path, tmp_path: Path) -> None:
    import shutil
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    env = {**os.environ, "GIT_AUTHOR_DATE": "2025-03-04T10:00:00", "GIT_COMMITTER_DATE":
           "2025-03-04T10:00:00", "GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@example.org",
           "GIT_COMMITTER_NAME": "a", "GIT_COMMITTER_EMAIL": "a@example.org"}
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "data"]):
        subprocess.run(["git", *args], cwd=bundled, env=env, check=True, timeout=30)
    data = load_dataset(bundled, tmp_path / "keep")
    assert (data.saved_on, data.saved_by) == (dt.date(2025, 3, 4), "git")


def test_the_figures_date_is_the_latest_dated_figure(bundled: Path, tmp_path: Path) -> None:
    data = load_dataset(bundled, tmp_path / "keep")
    figures = data.identity["figures"]
    latest = max([str(f["as_of"]) for f in figures] + list(
        data.tables["universities"]["students_as_of"].dropna().astype(str)),
        key=lambda text: text[:4])
    assert data.figures_on is not None and data.figures_on[:4] == latest[:4]
