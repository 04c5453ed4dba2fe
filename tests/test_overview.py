"""The overview's figures and tables, from the bundled data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from alliance.dataset import read_identity
from alliance.overview import (
    activity_windows,
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
    assert view["Pays"].iloc[0] == "Pologne"
    assert not view["Pays"].str.fullmatch(r"[A-Z]{2}").any()


@pytest.mark.parametrize(("lang", "country", "catania"), [
    ("en", "Poland", "18 September 2023 – 20 September 2023"),
    ("fr", "Pologne", "18 septembre 2023 – 20 septembre 2023"),
])
def test_countries_read_as_names_and_spans_as_spans(tables, lang: str, country: str,
                                                    catania: str) -> None:
    members = members_view(tables["universities"], lang)
    assert members.iloc[0, 3] == country
    dates = key_dates_view(tables["milestones"], lang)
    assert catania in dates.iloc[:, 0].tolist()


# A French name where the data has one; the English name otherwise.
NAMES = [("en", "University of Mons", "Poznan University of Technology"),
         ("fr", "Université de Mons", "Poznan University of Technology")]


@pytest.mark.parametrize(("lang", "mons", "put"), NAMES)
def test_members_are_named_in_the_readers_language_where_the_data_has_it(
        tables, lang: str, mons: str, put: str) -> None:
    universities = tables["universities"].assign(
        name_fr=["Université de Mons" if i == "UMONS" else None
                 for i in tables["universities"]["id"]])
    names = members_view(universities, lang).iloc[:, 0].tolist()
    assert mons in names and put in names
    french_put = universities.assign(name_fr=universities["name_fr"].mask(
        universities["id"] == "PUT", "Université de technologie de Poznań"))
    coordinator = summarise({**tables, "universities": french_put}, TODAY, lang=lang).coordinator
    assert coordinator == (put if lang == "en" else "Université de technologie de Poznań")
    soon = next_activities(tables["activities"], TODAY).assign(host_id="UMONS")
    assert set(next_view(soon, universities, lang).iloc[:, -1]) == {mons}


@pytest.mark.parametrize(("lang", "first", "students"), [
    ("en", ("Member universities", "10"), "≈ "),
    ("fr", ("Universités membres", "10"), "≈ ")])
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
    assert figures and figures[0].label == "Étudiants"
    assert figures[0].value == "≈ 150\u202f000"
    assert figures[0].help.startswith("≈ 150\u202f000 : environ 150\u202f000, chiffre arrondi.")
    assert "Chiffre de septembre 2023" in figures[0].help and "2023-09" not in figures[0].help
    assert lead(identity["alliance"], "fr").startswith("Alliance universitaire européenne")
    assert lead({"description": {"en": "Only English"}}, "fr") == "Only English"
    assert lead({}, "en") == "" and reported({}, "en") == []


def test_headline_activity_figures_count_published_rows_only(tables) -> None:
    activities = tables["activities"]
    examples = activities["illustrative"].fillna(False).astype(bool)
    assert examples.any() and (~examples).any()
    hidden = summarise(tables, TODAY)
    alone = summarise({**tables, "activities": activities[~examples]}, TODAY)
    assert (hidden.open_now, hidden.running_now, hidden.upcoming, hidden.examples) == (
        alone.open_now, alone.running_now, alone.upcoming, 0)
    shown = summarise(tables, TODAY, examples=True)
    assert shown.examples > 0  # the fixture's examples fall in today's windows
    figures = headlines(shown, "en")
    assert not any("example" in f.shown for f in headlines(hidden, "en"))
    # Each figure names the examples among its own rows, never more than it counts (it said
    # "7 (incl. 10 examples)": the examples of all three windows).
    windows = activity_windows(activities, TODAY)
    owns = []
    for figure, window in zip(figures[4:7], ("open_now", "running", "upcoming"), strict=True):
        total, own = int(windows[window].sum()), int((windows[window] & examples).sum())
        owns.append(own)
        # The number alone in the metric's box, what it includes under it (it overflowed
        # the box at 1366 px in French); both together in text.
        assert figure.value == f"{total:,}"
        assert figure.qualifier == (f"incl. {own} example{'' if own == 1 else 's'}"
                                    if own else None)
        assert figure.shown == (f"{total:,} ({figure.qualifier})" if own else f"{total:,}")
    assert any(own != shown.examples for own in owns)


def test_students_sum_says_what_it_is_and_is_rounded(tables) -> None:
    summary = summarise(tables, TODAY)
    years = tables["universities"]["students_as_of"].dropna().astype(str).str[:4]
    figure = headlines(summary, "en")[2]
    assert f"{years.min()}–{years.max()}" in figure.label and "sum" in figure.label
    assert figure.value.startswith("≈ ") and figure.value.endswith(",000")
    assert f"{summary.students:,}" in figure.help
    # The word the short figure leaves out is said beside it: in its note and its help.
    about = figure.value.removeprefix("≈ ")
    assert figure.note and f"about {about}" in figure.note and figure.note in figure.help
    assert [f.note is None for f in headlines(summary, "en")] == [True] * 2 + [False] + [True] * 5


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_headline_values_are_short_enough_for_a_metric(tables, lang: str) -> None:
    # Four metrics to a row at 1366 px leave about 12 characters before "…".
    for figure in headlines(summarise(tables, TODAY), lang):
        assert len(figure.value) <= 12, figure.value


@pytest.mark.parametrize(("lang", "over", "about"), [
    ("en", "over 60", "≈ 150,000"), ("fr", "plus de 60", "≈ 150\u202f000")])
def test_reported_qualifiers_read_as_words(lang: str, over: str, about: str) -> None:
    identity = {"figures": [
        {"value": 60, "qualifier": "over", "approximate": False, "as_of": "2025",
         "note_en": "A lower bound.", "source": "https://example.org/p"},
        {"value": 150000, "approximate": True, "as_of": "2023-09", "source": "https://x.org/"}]}
    first, second = reported(identity, lang)
    assert (first.value, second.value) == (over, about)
    assert "2025" in first.help and "https://example.org/p" in first.help
    assert "A lower bound." in first.help


def test_no_next_activity_gives_an_empty_list(tables) -> None:
    past = dt.date(2100, 1, 1)
    assert next_activities(tables["activities"], past).empty
