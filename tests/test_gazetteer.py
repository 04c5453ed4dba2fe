"""The offline gazetteer finds places by any of their names, with no network."""

from __future__ import annotations

import pytest

from alliance.gazetteer import Gazetteer


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer()


@pytest.mark.parametrize(("query", "country", "name", "expected_country"), [
    ("Louvain", None, "Leuven", "BE"),
    ("senftenberg", "DE", "Senftenberg", "DE"),
    ("Πάτρα", None, "Pátra", "GR"),
    ("POZNAN", None, "Poznań", "PL"),
    ("Lamego", "pt", "Lamego", "PT"),
])
def test_lookup_by_any_name(gazetteer: Gazetteer, query: str, country: str | None, name: str,
                            expected_country: str) -> None:
    found = gazetteer.lookup(query, country)
    assert found, query
    assert (found[0].name, found[0].country) == (name, expected_country)
    assert -90 <= found[0].latitude <= 90 and found[0].source.startswith("https://")


def test_unknown_place_gives_nothing(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Nowhere-on-earth-xyz") == []


def test_country_filter_narrows(gazetteer: Gazetteer) -> None:
    everywhere = gazetteer.lookup("Senftenberg")
    assert {p.country for p in everywhere} >= {"DE", "AT"}
    assert {p.country for p in gazetteer.lookup("Senftenberg", "AT")} == {"AT"}
