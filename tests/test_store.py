"""Safe saves: diffs, the repository's CSV dialect, refusals that leave files alone, history."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from alliance import store
from alliance.loader import read_table, write_csv
from alliance.schema import TABLES, TABLES_BY_NAME
from alliance.upload import merge


def allowed() -> None:
    """An editor's access check that passes."""


def refused() -> None:
    raise store.NotAllowed("viewer")


def frame(rows: list[dict[str, str]], columns: list[str] | None = None) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns or ["id", "title", "note"], dtype="str")


DIFFS = [
    # name, old rows, new rows, added, removed, changed
    ("same", [{"id": "A", "title": "x"}], [{"id": "A", "title": "x"}], [], [], []),
    ("one cell", [{"id": "A", "title": "x"}], [{"id": "A", "title": "y"}], [], [],
     [("A", "title", "x", "y")]),
    ("added and removed", [{"id": "A", "title": "x"}], [{"id": "B", "title": "x"}], ["B"],
     ["A"], []),
    ("order only", [{"id": "A"}, {"id": "B"}], [{"id": "B"}, {"id": "A"}], [], [], []),
    ("two cells of one row", [{"id": "A", "title": "x", "note": "n"}],
     [{"id": "A", "title": "y", "note": "m"}], [], [],
     [("A", "title", "x", "y"), ("A", "note", "n", "m")]),
    ("empty to text", [{"id": "A", "title": ""}], [{"id": "A", "title": "t"}], [], [],
     [("A", "title", "", "t")]),
    ("spaces count", [{"id": "A", "title": "x"}], [{"id": "A", "title": "x "}], [], [],
     [("A", "title", "x", "x ")]),
    ("duplicate id: second copy removed", [{"id": "A", "title": "1"}, {"id": "A", "title": "2"}],
     [{"id": "A", "title": "1"}], [], ["A"], []),
    ("from nothing", [], [{"id": "A"}, {"id": "B"}], ["A", "B"], [], []),
]


@pytest.mark.parametrize(("old", "new", "added", "removed", "changed"),
                         [case[1:] for case in DIFFS], ids=[case[0] for case in DIFFS])
def test_diff(old: list[dict[str, str]], new: list[dict[str, str]], added: list[str],
              removed: list[str], changed: list[tuple[str, str, str, str]]) -> None:
    found = store.diff(frame(old).fillna(""), frame(new).fillna(""))
    assert found == store.Diff(added=added, removed=removed, changed=changed)
    assert found.is_empty == (not (added or removed or changed))


@pytest.mark.parametrize(("old", "new", "changed"), [
    (frame([{"id": "A", "title": "t"}], ["id", "title"]),
     frame([{"id": "A", "title": "t", "note": ""}]), []),  # a new empty column: no change
    (frame([{"id": "A", "title": "t", "note": "n"}]),
     frame([{"id": "A", "title": "t"}], ["id", "title"]), [("A", "note", "n", "")]),
    (frame([{"id": "A"}], ["id"]), frame([{"id": "A", "note": "n"}], ["id", "note"]),
     [("A", "note", "", "n")]),
], ids=["column added empty", "column dropped", "column added with text"])
def test_diff_missing_column_reads_as_empty(old: pd.DataFrame, new: pd.DataFrame,
                                            changed: list[tuple[str, str, str, str]]) -> None:
    assert store.diff(old, new).changed == changed


def test_diff_summary_counts_rows_not_cells() -> None:
    change = store.Diff(added=["C"], removed=[],
                        changed=[("A", "title", "x", "y"), ("A", "note", "", "n"),
                                 ("B", "title", "p", "q")])
    assert change.summary() == {"added": 1, "changed": 2, "removed": 0}


def test_version_is_a_short_digest_of_the_bytes() -> None:
    assert store.version_of(b"a") == store.version_of(b"a")
    assert store.version_of(b"a") != store.version_of(b"b")
    assert len(store.version_of(b"a")) == 12


def test_current_of_a_missing_file_is_empty_with_the_schema_columns(tmp_path: Path) -> None:
    found, version = store.current(tmp_path, "projects")
    assert version == ""
    assert found.empty
    assert list(found.columns) == list(TABLES_BY_NAME["projects"].column_names)


@pytest.mark.parametrize("table", [t.name for t in TABLES if t.name != "distance_bands"])
def test_unchanged_save_keeps_the_bundled_bytes(bundled: Path, table: str) -> None:
    """The bundled files are written in the repository's dialect: a save rewrites them as is."""
    before = (bundled / f"{table}.csv").read_bytes()
    found, version = store.current(bundled, table)
    store.save(bundled, table, found.assign(), base=version, who="t", reason="same",
               check_access=allowed)
    assert (bundled / f"{table}.csv").read_bytes() == before


def test_save_writes_the_repository_dialect(bundled: Path, tmp_path: Path) -> None:
    table = TABLES_BY_NAME["projects"]
    found, version = store.current(bundled, "projects")
    shuffled = found[list(reversed(found.columns))].copy()  # columns in any order
    shuffled.loc[0, "description"] = 'Quoted "word", comma\nand a line break'
    shuffled.index = [10, 3, 7, 1]  # an index is never written; rows keep their order
    store.save(bundled, "projects", shuffled, base=version, who="t", reason="r",
               check_access=allowed)
    data = (bundled / "projects.csv").read_bytes()
    expected = tmp_path / "expected.csv"
    write_csv(shuffled[list(table.column_names)], expected)
    assert data == expected.read_bytes()
    assert data.startswith(b"id,name,programme,start,end,")
    assert data.endswith(b"\n") and not data.startswith(b"\xef\xbb\xbf")
    assert b'"Quoted ""word"", comma\nand a line break"' in data
    assert b"\r" not in data


def test_save_turns_editor_values_into_text(bundled: Path) -> None:
    found, version = store.current(bundled, "distance_bands")
    edited = found.astype(object)
    edited.loc[0, "max_km"] = 9.0  # a number column edited in a grid comes back as float
    edited.loc[0, "green_amount_eur"] = None
    edited.loc[1, "amount_eur"] = 28.5
    store.save(bundled, "distance_bands", edited, base=version, who="t", reason="r",
               check_access=allowed)
    saved = read_table(bundled, TABLES_BY_NAME["distance_bands"]).frame
    assert saved.loc[0, "max_km"] == "9"
    assert saved.loc[0, "green_amount_eur"] == ""
    assert saved.loc[1, "amount_eur"] == "28.5"


def test_invalid_save_leaves_the_file_untouched(bundled: Path) -> None:
    before = (bundled / "activities.csv").read_bytes()
    found, version = store.current(bundled, "activities")
    found.loc[2, "audience"] = "aliens"
    found.loc[4, "start"] = "2027-13-01"
    with pytest.raises(store.Invalid) as raised:
        store.save(bundled, "activities", found, base=version, who="t", reason="r",
                   check_access=allowed)
    codes = {(p.file, p.line, p.column, p.code) for p in raised.value.report.problems}
    assert ("activities.csv", 4, "audience", "allowed") in codes
    assert ("activities.csv", 6, "start", "type_date") in codes
    assert not raised.value.report.clean
    assert (bundled / "activities.csv").read_bytes() == before
    assert store.current(bundled, "activities")[1] == version


def test_warnings_do_not_stop_a_save(bundled: Path) -> None:
    found, version = store.current(bundled, "activities")
    found.loc[0, "description"] = "=SUM(A1)"  # formula-like text warns
    saved = store.save(bundled, "activities", found, base=version, who="t", reason="r",
                       check_access=allowed)
    assert saved.changed == 1
    assert store.current(bundled, "activities")[1] == saved.version != version


def test_breaking_a_reference_in_another_table_is_refused(bundled: Path) -> None:
    """Removing a university that campuses and activities point to is refused."""
    before = (bundled / "universities.csv").read_bytes()
    found, version = store.current(bundled, "universities")
    gone = found[found["id"] != "UC"]
    with pytest.raises(store.Invalid) as raised:
        store.save(bundled, "universities", gone, base=version, who="t", reason="r",
                   check_access=allowed)
    dangling = {(p.file, p.code, p.value) for p in raised.value.report.problems}
    assert ("locations.csv", "foreign_key", "UC") in dangling
    assert ("activities.csv", "foreign_key", "UC") in dangling
    assert (bundled / "universities.csv").read_bytes() == before


def test_stale_base_is_a_conflict_and_leaves_the_file_untouched(bundled: Path) -> None:
    found, base = store.current(bundled, "milestones")
    mine, theirs = found.copy(), found.copy()
    theirs.loc[0, "title"] = "Their title"
    first = store.save(bundled, "milestones", theirs, base=base, who="Alice", reason="r",
                       check_access=allowed)
    after_first = (bundled / "milestones.csv").read_bytes()
    mine.loc[1, "title"] = "My title"
    with pytest.raises(store.Conflict) as raised:
        store.save(bundled, "milestones", mine, base=base, who="Bob", reason="r",
                   check_access=allowed)
    assert (bundled / "milestones.csv").read_bytes() == after_first
    conflict = raised.value
    assert (conflict.table, conflict.who, conflict.changed_at) == ("milestones", "Alice",
                                                                   first.when)
    assert conflict.changed_at.utcoffset().total_seconds() == 0
    at = first.when.strftime("%H:%M")  # the save's time in UTC, the zone asked for below
    assert re.fullmatch(rf"This table was changed by someone else \(\d+ \w+ \d{{4}}, {at} UTC, "
                        r"by Alice\); review their change, then reapply yours\.",
                        conflict.message("en", "UTC")), conflict.message("en", "UTC")
    assert re.match(rf"Cette table a été modifiée par quelqu'un d'autre \(\d+ \S+ \d{{4}}, "
                    rf"{at} UTC, par Alice\)", conflict.message("fr", "UTC"))


def test_base_none_overwrites_whatever_is_there(bundled: Path) -> None:
    found, _ = store.current(bundled, "milestones")
    found.loc[0, "title"] = "Forced"
    store.save(bundled, "milestones", found, base=None, who="t", reason="r",
               check_access=allowed)
    assert store.current(bundled, "milestones")[0].loc[0, "title"] == "Forced"


def test_not_allowed_leaves_everything_untouched(bundled: Path) -> None:
    before = (bundled / "projects.csv").read_bytes()
    found, version = store.current(bundled, "projects")
    found.loc[0, "name"] = "Sneaky"
    with pytest.raises(store.NotAllowed):
        store.save(bundled, "projects", found, base=version, who="viewer", reason="r",
                   check_access=refused)
    assert (bundled / "projects.csv").read_bytes() == before
    assert not (bundled / ".history").exists()


def test_history_and_restore(bundled: Path) -> None:
    original = (bundled / "milestones.csv").read_bytes()
    found, v0 = store.current(bundled, "milestones")
    edited = found.copy()
    edited.loc[0, "title"] = "Renamed"
    first = store.save(bundled, "milestones", edited, base=v0, who="Alice", reason="rename",
                       check_access=allowed)
    fewer = edited.drop(index=3)
    second = store.save(bundled, "milestones", fewer, base=first.version, who="Bob",
                        reason="drop", check_access=allowed)
    assert (first.added, first.changed, first.removed, first.previous) == (0, 1, 0, v0)
    assert (second.added, second.changed, second.removed) == (0, 0, 1)

    listed = store.history(bundled, "milestones")
    assert [(v.version, v.who, v.reason, v.kind) for v in listed] == [
        (second.version, "Bob", "drop", "save"), (first.version, "Alice", "rename", "save"),
        (v0, None, "", "outside")]  # the file as found before the first save
    assert store.read_version(bundled, "milestones", v0).equals(found)
    assert store.read_version(bundled, "milestones", second.version).equals(
        fewer.reset_index(drop=True))

    back = store.restore(bundled, "milestones", v0, base=second.version, who="Carol",
                         reason="undo", check_access=allowed)
    assert (bundled / "milestones.csv").read_bytes() == original
    assert (back.kind, back.version, back.previous, back.added, back.changed) == (
        "restore", v0, second.version, 1, 1)
    assert store.history(bundled, "milestones")[0] == back
    with pytest.raises(store.Conflict):
        store.restore(bundled, "milestones", first.version, base=second.version, who="Dan",
                      reason="late", check_access=allowed)
    with pytest.raises(store.NotAllowed):
        store.restore(bundled, "milestones", first.version, base=None, who="Eve", reason="x",
                      check_access=refused)
    with pytest.raises(KeyError):
        store.read_version(bundled, "milestones", "000000000000")
    assert (bundled / "milestones.csv").read_bytes() == original


def test_every_logged_version_is_kept_with_its_digest(bundled: Path) -> None:
    for n in range(3):
        store.update(bundled, "milestones", lambda f, n=n: f.assign(note=f"pass {n}"),
                     who="t", reason=f"pass {n}", check_access=allowed)
    entries = store.history(bundled)
    assert {e.table for e in entries} == {t.name for t in TABLES}
    for entry in entries:
        kept = (bundled / ".history" / entry.table / f"{entry.version}.csv").read_bytes()
        assert store.version_of(kept) == entry.version
    lines = (bundled / ".history" / "log.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(entries) == len(TABLES) + 3
    assert all(json.loads(line)["table"] for line in lines)


def test_a_save_with_no_change_logs_nothing(bundled: Path) -> None:
    found, version = store.current(bundled, "projects")
    first = store.save(bundled, "projects", found, base=version, who="t", reason="r",
                       check_access=allowed)
    again = store.save(bundled, "projects", found, base=version, who="t", reason="r",
                       check_access=allowed)
    assert first == again
    assert len(store.history(bundled, "projects")) == 1


def test_a_hand_edit_between_saves_is_logged_as_outside(bundled: Path) -> None:
    found, version = store.current(bundled, "projects")
    found.loc[0, "name"] = "By the app"
    saved = store.save(bundled, "projects", found, base=version, who="t", reason="r",
                       check_access=allowed)
    path = bundled / "projects.csv"
    path.write_bytes(path.read_bytes().replace(b"By the app", b"By hand"))
    newest = store.history(bundled, "projects")[0]
    assert (newest.kind, newest.who, newest.previous, newest.changed) == (
        "outside", None, saved.version, 1)
    assert newest.version == store.current(bundled, "projects")[1]
    # The hand edit is now a version like any other: restoring the app's save undoes it.
    store.restore(bundled, "projects", saved.version, base=newest.version, who="t",
                  reason="undo", check_access=allowed)
    assert b"By the app" in path.read_bytes()


def test_a_new_table_file_is_created(bundled: Path) -> None:
    found, _ = store.current(bundled, "milestones")
    (bundled / "milestones.csv").unlink()
    saved = store.save(bundled, "milestones", found, base="", who="t", reason="r",
                       check_access=allowed)
    assert saved.previous == ""
    assert (bundled / "milestones.csv").stat().st_mode & 0o777 == 0o644
    assert store.current(bundled, "milestones")[0].equals(found)


def test_save_keeps_the_file_mode(bundled: Path) -> None:
    path = bundled / "projects.csv"
    path.chmod(0o664)
    found, version = store.current(bundled, "projects")
    found.loc[0, "name"] = "Renamed"
    store.save(bundled, "projects", found, base=version, who="t", reason="r",
               check_access=allowed)
    assert path.stat().st_mode & 0o777 == 0o664


def test_appending_a_duplicate_id_is_refused(bundled: Path) -> None:
    found, version = store.current(bundled, "projects")
    proposed = merge(found, found.iloc[[0]], "append")
    with pytest.raises(store.Invalid) as raised:
        store.save(bundled, "projects", proposed, base=version, who="t", reason="r",
                   check_access=allowed)
    assert ("projects.csv", 6, "id", "unique") in {
        (p.file, p.line, p.column, p.code) for p in raised.value.report.problems}
