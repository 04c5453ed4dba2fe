"""The overview's figures and tables, from the bundled data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from alliance.dataset import read_identity
from alliance.overview import (
    headlines,
    key_dates_view,
    lead,
    members_view,
    next_activities,
    next_view,
    reported,
    summarise,
)
from alliance.validate import check_folder
from tests.paths import FIXTURE_DATA

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    report = check_folder(FIXTURE_DATA)
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


@pytest.mark.parametrize(("lang", "first", "students"), [
    ("en", ("Member universities", "10"), "≈ "), ("fr", ("Universités membres", "10"), "≈ ")])
def test_headlines_lead_with_the_members(tables, lang: str, first: tuple[str, str],
                                         students: str) -> None:
    figures = headlines(summarise(tables, TODAY), lang)
    assert len(figures) == 8
    assert (figures[0].label, figures[0].value) == first
    assert figures[0].help and "7" in figures[0].help  # the founding members
    assert figures[2].value.startswith(students)
    assert figures[7].value == "7"


def test_reported_figures_and_lead_follow_the_language(bundled: Path) -> None:
    identity = read_identity(bundled)
    figures = reported(identity, "fr")
    assert figures and figures[0].label == "Étudiants (environ)"
    assert figures[0].value == "≈ 150\u202f000" and "2023-09" in figures[0].help
    assert lead(identity["alliance"], "fr").startswith("Alliance universitaire européenne")
    assert lead({"description": {"en": "Only English"}}, "fr") == "Only English"
    assert lead({}, "en") == "" and reported({}, "en") == []
