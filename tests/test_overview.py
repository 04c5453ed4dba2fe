"""The overview's figures and tables, from the bundled data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from alliance.overview import (
    key_dates_view,
    members_view,
    next_activities,
    next_view,
    summarise,
)
from alliance.validate import check_folder

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    report = check_folder(ROOT / "data")
    assert report.clean
    return {name: r.typed for name, r in report.results.items()}


def test_summary_counts_what_the_tables_hold(tables) -> None:
    summary = summarise(tables, TODAY)
    universities = tables["universities"]
    assert summary.members == len(universities)
    assert summary.countries == universities["country"].nunique()
    assert summary.students == int(universities["students"].sum())
    assert summary.coordinator == universities.loc[universities["coordinator"], "name"].iloc[0]
    assert summary.open_now + summary.upcoming <= summary.activities


@pytest.mark.parametrize(("lang", "date_column", "first_date"), [
    ("en", "Date", "9 July 2020"), ("fr", "Date", "9 juillet 2020")])
def test_key_dates_are_in_order_and_starred(tables, lang: str, date_column: str,
                                            first_date: str) -> None:
    view = key_dates_view(tables["milestones"], lang)
    assert view[date_column].iloc[0] == first_date
    starred = view.iloc[:, 1].str.startswith("★ ")
    assert starred.sum() == int(tables["milestones"]["highlight"].sum())


def test_next_opportunities_mark_examples_and_name_hosts(tables) -> None:
    soon = next_activities(tables["activities"], TODAY)
    view = next_view(soon, tables["universities"], "fr")
    assert len(view) == len(soon) > 0
    examples = view["Titre"].str.endswith("(exemple)")
    assert examples.tolist() == soon["illustrative"].tolist()
    names = set(tables["universities"]["name"]) | {"toute l'alliance"}
    assert set(view["Hôte"]) <= names


def test_members_in_joining_order_with_french_numbers(tables) -> None:
    view = members_view(tables["universities"], "fr")
    assert len(view) == len(tables["universities"])
    assert view["Nom"].iloc[0] == "Poznan University of Technology"  # founders, coordinator first
    assert view["Statut"].iloc[0] == "membre fondateur · coordinatrice"
    assert "\u202f" in view.loc[view["Nom"] == "University of Catania", "Étudiants"].iloc[0]
