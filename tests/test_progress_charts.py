"""The Progress figures speak the reader's language, time axes included."""

from __future__ import annotations

import pandas as pd

from alliance.indicators import with_periods
from alliance.progress_charts import funding_chart, members_chart, over_time

ENGLISH_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                  "Dec")


def _points() -> pd.DataFrame:
    return with_periods(pd.DataFrame({
        "id": ["V1", "V2", "V3"], "period": ["2020-07-09", "2020-11", "2021-03"],
        "value": [7.0, 8.0, 10.0], "approximate": [False, False, True],
        "illustrative": [False, False, False], "source": ["https://example.org"] * 3}))


def _marks() -> pd.DataFrame:
    return pd.DataFrame({"date": ["2020-10-01"], "title": ["Launch"],
                         "when": [pd.Timestamp("2020-10-01")], "number": [2]})


def test_over_time_axis_names_months_in_french() -> None:
    axis = over_time(_points(), _marks(), "Members", "count", "fr").layout.xaxis
    labels = list(axis.ticktext or ())
    assert labels, "the time axis must carry its own labels"
    assert any(label.startswith(("juillet", "octobre", "janvier")) for label in labels)
    assert not any(label.startswith(ENGLISH_MONTHS) for label in labels)
    assert len(axis.tickvals) == len(labels)


def test_over_time_axis_in_english_too() -> None:
    labels = list(over_time(_points(), _marks(), "Members", "count", "en").layout.xaxis.ticktext)
    assert any(label.startswith(("July", "October", "January")) for label in labels)


def test_funding_axis_names_months_in_french() -> None:
    money = pd.DataFrame({"name": ["Short project"], "start": ["2021-03"], "end": ["2021-11"],
                          "kind": ["total_budget"], "amount": [1000.0]})
    labels = list(funding_chart(money, "fr").layout.xaxis.ticktext or ())
    assert labels and not any(label.startswith(ENGLISH_MONTHS) for label in labels)
    assert any(label.startswith(("mars", "juin", "septembre")) for label in labels)


def test_long_spans_are_labelled_by_year() -> None:
    money = pd.DataFrame({"name": ["A", "B"], "start": ["2014", "2020-11"],
                          "end": ["2023-10", "2027-10"], "kind": ["total_budget"] * 2,
                          "amount": [1.0, 2.0]})
    labels = list(funding_chart(money, "fr").layout.xaxis.ticktext)
    assert labels and all(label.isdigit() for label in labels)


def test_members_chart_names_each_member_in_full() -> None:
    """A manager need not know "BTU": the full-width chart spells the name, on two lines."""
    frame = pd.DataFrame({
        "id": ["PUT", "BTU"], "students": [14138, None], "activities": [6, 1],
        "name": ["Poznan University of Technology",
                 "Brandenburg University of Technology Cottbus-Senftenberg"]})
    students, activities = members_chart(frame, "en").data
    assert list(students.y) == list(activities.y) == [
        "Poznan University of Technology",
        "Brandenburg University of<br>Technology Cottbus-Senftenberg"]
    assert list(students.customdata) == [
        "Poznan University of Technology (PUT)",
        "Brandenburg University of Technology Cottbus-Senftenberg (BTU)"]
