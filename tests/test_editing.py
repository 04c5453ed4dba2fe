"""The editor's grid model: columns from the schema, and text cells through the grid unchanged."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from alliance.editing import (
    campus_row,
    from_grid,
    grid_columns,
    history_view,
    place_map,
    to_grid,
    version_choices,
)
from alliance.gazetteer import Place
from alliance.schema import ACTIVITIES, LOCATIONS, UNIVERSITIES
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
    assert grid_columns(ACTIVITIES, "fr")[1].help == "Titre."


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
    assert choices["bbb"] == "bbb · after the save of 2026-11-28 17:26 UTC by local editor"
    assert choices["aaa"] == "aaa · before the save of 2026-11-28 17:26 UTC by local editor"
    assert "17:26" in version_choices(VERSIONS, "fr")["aaa"]


def test_history_view_says_who_changed_what_and_why() -> None:
    view = history_view(VERSIONS, "fr")
    assert len(view.columns) == 5
    first, second = view.to_numpy().tolist()
    assert first == ["2026-11-28 17:26 UTC", "local editor", "+1 ~2 -0", "new row", "bbb"]
    assert second[1] == "–" and second[2] == "+70 ~0 -0" and second[4] == "aaa"
    assert second[3] and second[3] != "store.kind.outside"  # the kind, in words
