"""The Map page's university card and distance table, built from the bundled data."""

from __future__ import annotations

import pandas as pd
import pytest

from alliance import university_card as card
from alliance.geo import distance_matrix, extremes, trip
from alliance.text import web_addresses


@pytest.fixture(scope="module")
def matrix(points) -> pd.DataFrame:
    return distance_matrix(points)


@pytest.fixture(scope="module")
def names(tables) -> dict[str, str]:
    return dict(zip(tables["universities"]["id"], tables["universities"]["name"], strict=True))


def _row(tables, university: str) -> pd.Series:
    return tables["universities"].set_index("id").loc[university]


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["- **City**: Poznań, Poland", "- **Joined**: 9 July 2020",
            "- **Membership**: founding member · coordinator"]),
    # French puts a space before the colon, and names the country in French.
    ("fr", ["- **Ville** : Poznań, Pologne", "- **Entrée** : 9 juillet 2020",
            "- **Statut** : membre fondateur · coordinatrice"]),
])
def test_facts_of_the_coordinator(tables, lang: str, expected: list[str]) -> None:
    lines = card.facts(_row(tables, "PUT"), lang)
    assert len(lines) == 6  # a founding member has no 'funded partner from' line
    assert not any(card.t("card.funded_from", lang) in line for line in lines)
    for line in expected:
        assert line in lines


def test_a_later_member_shows_when_its_funding_began(tables) -> None:
    row = _row(tables, "PUT").copy()
    row["funded_from"] = "2023-01-01"
    lines = card.facts(row, "en")
    assert "- **Funded partner from**: 1 January 2023" in lines


@pytest.mark.parametrize(("as_of", "lang", "expected"), [
    ("2023-12", "fr", "138 (décembre 2023)"),
    ("2023-12", "en", "- **Students**: 14,138 (December 2023)"),
    ("2024/25", "fr", "138 (2024/25)"),  # an academic year, as written
])
def test_the_student_figure_says_when_in_words(tables, as_of: str, lang: str,
                                               expected: str) -> None:
    row = _row(tables, "PUT").copy()
    row["students"], row["students_as_of"] = 14138, as_of
    assert any(line.endswith(expected) for line in card.facts(row, lang))


def test_unknown_facts_read_as_a_dash(tables) -> None:
    row = _row(tables, "KAU").copy()
    row["students"], row["students_as_of"], row["founded"] = float("nan"), None, float("nan")
    lines = card.facts(row, "en")
    assert "- **Students**: –" in lines
    assert "- **Founded**: –" in lines
    assert not any("coordinator" in line for line in lines)


def test_sources_are_listed_one_by_one(tables) -> None:
    row = _row(tables, "KAU")
    text = card.sources(row, "fr")
    addresses = web_addresses(row["source"])
    assert len(addresses) > 1
    assert text.startswith("Source")
    assert text.count(" · ") == len(addresses) - 1
    assert all(f"(<{address}>)" in text for address in addresses)


def test_campuses_mark_the_main_one(tables) -> None:
    frame = card.campuses(tables["locations"], "KAU", "en")
    assert list(frame.columns) == ["Name", "City", "Main"]
    assert "Arvika campus" in list(frame["Name"])
    assert list(frame["Main"]).count("✓") == 1


def test_distances_run_from_nearest_to_farthest(matrix, names) -> None:
    frame = card.distances(matrix, names, "UPHF", "fr")
    assert frame.iloc[0, 0] == "University of Mons"
    assert frame.iloc[0, 1] == "35"
    assert "Université Polytechnique Hauts-de-France" not in list(frame.iloc[:, 0])
    assert len(frame) == len(matrix) - 1


def test_hosted_activities_are_labelled(tables) -> None:
    frame = card.hosted(tables["activities"], "KAU", "en")
    assert "Staff exchange week in Karlstad (example)" in list(frame.iloc[:, 0])
    assert len(frame) == int((tables["activities"]["host_id"] == "KAU").sum())
    assert card.examples_among(tables["activities"], "KAU") == len(frame)
    french = card.hosted(tables["activities"], "KAU", "fr")
    assert list(french.iloc[:, 0].str.endswith(" (exemple)")) == [True] * len(frame)
    assert card.hosted(tables["activities"], "NOBODY", "en").empty


def test_hosted_activities_run_by_date() -> None:
    activities = pd.DataFrame({
        "host_id": ["X", "X", "X", "X"], "title": ["late", "undated", "early", "middle"],
        "kind": ["course"] * 4, "mode": ["online"] * 4,
        "start": ["2027-05-01", None, "2025-01-10", "2026-02-03"]})
    frame = card.hosted(activities, "X", "en")
    assert list(frame.iloc[:, 0]) == ["early", "middle", "late", "undated"]


def test_extremes_view_names_each_member_once(matrix, names) -> None:
    frame = card.extremes_view(extremes(matrix), names, "en")
    assert len(frame) == len(matrix)
    row = frame[frame["Name"] == "University of Mons"].iloc[0]
    assert row.iloc[1] == "UPHF · 35 km"


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["35 km", "10–99 km", "28 €"]), ("fr", ["35 km", "10–99 km", "28 €"])])
def test_trip_figures_give_distance_band_and_support(tables, points, lang: str,
                                                     expected: list[str]) -> None:
    figures, caveat = card.trip_figures(
        trip("UPHF", "UMONS", points, tables["distance_bands"]), lang)
    assert [f.value for f in figures] == expected
    assert "56 €" in (figures[2].help or "")  # the green travel amount
    assert caveat and "https://erasmus-plus.ec.europa.eu/" in caveat


def test_trip_without_a_band_has_no_caveat(tables, points) -> None:
    bands = tables["distance_bands"]
    figures, caveat = card.trip_figures(
        trip("UPHF", "UMONS", points, bands[bands["min_km"] >= 100]), "en")
    assert [f.label for f in figures] == ["Distance (one way)"] and caveat is None
