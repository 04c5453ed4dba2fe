"""The editor's grid model: columns from the schema, and text cells through the grid unchanged."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from alliance import store
from alliance.editing import (
    Uploaded,
    campus_id,
    campus_row,
    conflict_of,
    from_grid,
    grid_columns,
    grid_edited,
    has_draft,
    history_view,
    keys,
    locate_in_upload,
    open_table,
    place_map,
    reapply,
    to_grid,
    version_choices,
)
from alliance.gazetteer import Place
from alliance.problems import problem
from alliance.schema import ACTIVITIES, ID_PATTERN, LOCATIONS, UNIVERSITIES
from alliance.store import Version


def test_grid_columns_follow_the_schema() -> None:
    columns = {c.name: c for c in grid_columns(ACTIVITIES, "en")}
    assert columns["audience"].kind == "select" and "students" in columns["audience"].options
    assert columns["illustrative"].kind == "checkbox" and columns["illustrative"].required
    assert columns["id"].label == "id *" and columns["description"].label == "description"
    assert columns["start"].validate and pd.Series(["2027-07"]).str.match(
        columns["start"].validate).all()
    assert columns["ects"].validate and not pd.Series(["a"]).str.match(
        columns["ects"].validate).any()
    assert grid_columns(ACTIVITIES, "fr")[1].help == "Titre, dans la langue par défaut."
    # The editor offers each configured translation, described in the reader's language.
    assert columns["title_fr"].label == "title_fr" and "French" in columns["title_fr"].help


@pytest.mark.parametrize(("main", "as_checkbox", "back"), [
    (["true", "FALSE", "vrai", ""], True, ["true", "false", "true", ""]),
    (["maybe", "true", "no", "1"], False, ["maybe", "true", "no", "1"]),
])
def test_text_cells_survive_the_grid(main: list[str], as_checkbox: bool,
                                     back: list[str]) -> None:
    latitude = ["52,4", " 1", "", "x"]
    frame = pd.DataFrame({c: [""] * 4 for c in LOCATIONS.column_names})
    frame["main"], frame["latitude"] = main, latitude
    grid = to_grid(frame, LOCATIONS)
    assert (grid["main"].dtype == "boolean") is as_checkbox
    again = from_grid(grid, LOCATIONS)
    assert again["latitude"].tolist() == latitude, "text is never reinterpreted"
    assert again["main"].tolist() == back


def test_rows_added_in_the_grid_come_back_as_text() -> None:
    grid = to_grid(pd.DataFrame({c: ["x"] for c in UNIVERSITIES.column_names}), UNIVERSITIES)
    added = pd.DataFrame([{**{c: None for c in grid.columns}, "id": "NEW",
                           "coordinator": True}])
    grid = pd.concat([grid.astype(object), added], ignore_index=True)
    back = from_grid(grid, UNIVERSITIES)
    assert back.loc[1, "id"] == "NEW" and back.loc[1, "coordinator"] == "true"
    assert back.loc[1, "name"] == "" and list(back.columns) == list(UNIVERSITIES.column_names)


def test_campus_row_and_map() -> None:
    place = Place("Leuven", "BE", 50.87959, 4.70093, 101032)
    row = campus_row(place, "UMONS", "UMONS-LEUVEN", place.source)
    assert row["latitude"] == "50.8796" and row["main"] == "false"
    assert set(row) == set(LOCATIONS.column_names)
    figure = place_map([place, Place("Mons", "BE", 50.45, 3.95, 95000)], 0, "Check")
    assert figure.data[0].marker.size == (16, 9)
    assert figure.layout.geo.scope == "europe"


WHEN = dt.datetime(2026, 11, 28, 17, 26, tzinfo=dt.UTC)
# Newest first, as store.history gives them: a save through the app, then the first
# version the store saw (written outside it).
VERSIONS = [
    Version("activities", "bbb", WHEN, "local editor", "new row", 1, 2, 0, "aaa", "save"),
    Version("activities", "aaa", WHEN - dt.timedelta(minutes=1), None, "", 70, 0, 0, "",
            "outside"),
]


def test_version_choices_name_each_restorable_version() -> None:
    choices = version_choices(VERSIONS, "en")
    assert list(choices) == ["bbb", "aaa"]
    assert choices["bbb"] == "bbb · after the save of 28 Nov 2026, 17:26 UTC by local editor"
    assert choices["aaa"] == "aaa · before the save of 28 Nov 2026, 17:26 UTC by local editor"
    # On the reader's own clock: Paris is an hour ahead of UTC in November.
    assert "28 nov. 2026, 18:26 CET" in version_choices(VERSIONS, "fr", "Europe/Paris")["aaa"]
    assert version_choices(VERSIONS, "fr")["aaa"] == (
        "aaa · avant l'enregistrement du 28 nov. 2026, 17:26 UTC par local editor")


def test_history_view_says_who_changed_what_and_why() -> None:
    view = history_view(VERSIONS, "fr")
    assert len(view.columns) == 5
    first, second = view.to_numpy().tolist()
    # A time the table sorts as such (text "28 nov." would sort after "3 déc.").
    assert first == [pd.Timestamp(WHEN), "local editor", "+1 ~2 -0", "new row", "bbb"]
    assert view.iloc[:, 0].is_monotonic_decreasing
    assert second[1] == "–" and second[2] == "+70 ~0 -0" and second[4] == "aaa"
    assert second[3] and second[3] != "store.kind.outside"  # the kind, in words


@pytest.mark.parametrize(("member", "city", "expected"), [
    ("UAM", "Poznań", "UAM-POZNAN"),
    ("UPATRAS", "Pátra", "UPATRAS-PATRA"),
    ("UNIVAQ", "L'Aquila", "UNIVAQ-L-AQUILA"),
    ("USTP", "Sankt Pölten", "USTP-SANKT-POLTEN"),
    ("UMONS", "Mons", "UMONS-MONS"),
    ("BTU", "Großräschen", "BTU-GROSSRASCHEN"),
])
def test_suggested_campus_ids_are_valid_ids(member: str, city: str, expected: str) -> None:
    identifier = campus_id(member, city)
    assert identifier == expected
    assert re.fullmatch(ID_PATTERN, identifier)


def _frame(rows: list[dict[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, dtype="str").fillna("")


BASE = _frame([{"id": "A", "title": "a", "note": ""}, {"id": "B", "title": "b", "note": ""},
               {"id": "C", "title": "c", "note": ""}])


def test_reapply_makes_the_drafts_changes_on_the_newer_version() -> None:
    # Meanwhile someone else changed A's note, removed C and added D.
    theirs = _frame([{"id": "A", "title": "a", "note": "theirs"},
                     {"id": "B", "title": "b", "note": ""},
                     {"id": "D", "title": "d", "note": ""}])
    # This editor changed A's title, removed B, added E.
    mine = _frame([{"id": "A", "title": "mine", "note": ""},
                   {"id": "C", "title": "c", "note": ""},
                   {"id": "E", "title": "e", "note": "new"}])
    result = reapply(BASE, mine, theirs)
    assert result.values.tolist() == [["A", "mine", "theirs"], ["D", "d", ""],
                                      ["E", "e", "new"]]
    change = store.diff(theirs, result)
    assert (change.added, change.removed) == (["E"], ["B"])
    assert change.changed == [("A", "title", "a", "mine")]


def test_reapply_brings_back_a_row_they_removed_and_i_changed() -> None:
    theirs = BASE.iloc[:2].reset_index(drop=True)  # C removed
    mine = BASE.copy()
    mine.loc[2, "title"] = "c, corrected"
    result = reapply(BASE, mine, theirs)
    assert result["id"].tolist() == ["A", "B", "C"]
    assert result.loc[2, "title"] == "c, corrected"


def test_reapply_with_nothing_changed_is_the_newer_version() -> None:
    theirs = _frame([{"id": "A", "title": "x", "note": ""}])
    assert reapply(BASE, BASE.copy(), theirs).values.tolist() == theirs.values.tolist()


def test_a_draft_is_any_unsaved_change_in_the_session() -> None:
    names = keys("projects")
    assert not has_draft({}, "projects")
    assert not grid_edited({"edited_rows": {}, "added_rows": [], "deleted_rows": []})
    assert has_draft({names.grid(0): {"edited_rows": {0: {"name": "x"}}}}, "projects")
    assert has_draft({names.round: 2, names.upload(2): object()}, "projects")
    assert not has_draft({names.round: 2, names.upload(1): object()}, "projects")
    assert has_draft({names.draft: BASE}, "projects") and has_draft({names.dirty: True},
                                                                    "projects")


def test_conflict_of_names_who_saved_the_version() -> None:
    conflict = conflict_of(VERSIONS, "activities", "bbb")
    assert (conflict.who, conflict.changed_at) == ("local editor", WHEN)
    assert "local editor" in conflict.message("fr")
    assert conflict_of(VERSIONS, "activities", "zzz").who is None


def test_problems_on_uploaded_rows_are_located_in_the_upload() -> None:
    table = UNIVERSITIES
    current = pd.DataFrame({c: ["x", "y"] for c in table.column_names})
    current["id"] = ["U1", "U2"]
    incoming = pd.DataFrame({c: ["z"] for c in table.column_names})
    proposed = pd.concat([current, incoming], ignore_index=True)
    proposed.loc[1, "name"] = "two\nlines"  # the saved file's line numbers shift by one
    saved = store.csv_bytes(proposed, table)
    found = [problem(table.file_name, 5, "id", "z", "pattern"),
             problem(table.file_name, 3, "name", "", "required"),
             problem(table.file_name, None, "id", None, "missing_column")]
    located = locate_in_upload(found, saved, table, Uploaded("mine.xlsx", 2, np.array([7])))
    assert [(p.file, p.line) for p in located] == [
        ("mine.xlsx", 7), (table.file_name, 3), (table.file_name, None)]


def test_an_unreadable_current_file_is_said_and_keeps_its_version(tmp_path: Path) -> None:
    path = tmp_path / ACTIVITIES.file_name
    path.write_bytes("id,title\nA1,Caf\u00e9\n".encode("cp1252"))
    opened = open_table(tmp_path, "activities")
    assert not opened.readable
    assert [p.code for p in opened.problems] == ["encoding"]
    assert opened.version == store.version_of(path.read_bytes())
    assert "activities.csv" in opened.message("fr") and "Historique" in opened.message("fr")
    path.write_text("id,title\nA1,Café\n", encoding="utf-8")
    assert open_table(tmp_path, "activities").readable
