"""Distances, extremes, centre, travel bands and activity places, on small messy frames."""

from __future__ import annotations

import pandas as pd
import pytest

from alliance.geo import (
    activity_places,
    band_for,
    centre,
    distance_km,
    distance_matrix,
    extremes,
    member_points,
    trip,
    wave_names,
)

UNIVERSITIES = pd.DataFrame({
    "id": ["A", "B", "C", "D"],
    "name": ["Alpha U", "Beta U", "Gamma U", "Delta U (no campus)"],
    "name_local": ["Alpha", "Béta", "Γάμμα", "Delta"],
    "city": ["Mons", "Valenciennes", "Catania", "Nowhere"],
    "country": ["BE", "FR", "IT", "PL"],
    "students": pd.array([11000, None, 40287, 5], dtype="Int64"),
    "joined": ["2020-07-09", "2020", "2022-09-27", "2020"],
    "funded_from": [None, None, "2023-11", None],
    "coordinator": [True, False, None, False],
    "source": ["https://a.example/"] * 4,
})
LOCATIONS = pd.DataFrame({
    "id": ["A-1", "A-2", "B-1", "C-1"],
    "university_id": ["A", "A", "B", "C"],
    "name": ["Mons", "Charleroi", "Valenciennes", "Catania"],
    "city": ["Mons", "Charleroi", "Valenciennes", "Catania"],
    "country": ["BE", "BE", "FR", "IT"],
    "latitude": [50.458, 50.4108, 50.326, 37.504],
    "longitude": [3.954, 4.4446, 3.514, 15.087],
    "main": [True, False, True, True],
})
BANDS = pd.DataFrame({
    "id": ["B0", "B1", "B2", "B3"],
    "min_km": [0, 10, 100, 500],
    "max_km": pd.array([9, 99, 499, None], dtype="Int64"),
    "amount_eur": [0.0, 28.0, 211.0, 309.0],
    "green_amount_eur": [None, 56.0, 285.0, None],
})


@pytest.fixture
def points() -> pd.DataFrame:
    return member_points(UNIVERSITIES, LOCATIONS)


def test_points_use_main_campus_and_skip_members_without_one(points: pd.DataFrame) -> None:
    assert list(points["id"]) == ["A", "B", "C"]
    assert points.set_index("id").at["A", "longitude"] == 3.954
    assert list(points["wave"]) == [2020, 2020, 2022]
    assert list(points["coordinator"]) == [True, False, False]


def test_no_campuses_gives_an_empty_frame() -> None:
    assert member_points(UNIVERSITIES, LOCATIONS.iloc[0:0]).empty


def test_waves_are_computed_from_joining_and_funding_years(points: pd.DataFrame) -> None:
    assert wave_names(points) == {2020: ("2020", "founders"), 2022: ("2022-23", "enlargement")}


@pytest.mark.parametrize(("a", "b", "low", "high"), [
    ((50.458, 3.954), (50.326, 3.514), 33, 36),        # Mons - Valenciennes
    ((52.403, 16.950), (51.767, 14.326), 190, 197),    # Poznań - Cottbus
    ((63.105, 21.593), (40.645, -7.915), 3150, 3175),  # Vaasa - Viseu
    ((0.0, 0.0), (0.0, 0.0), 0, 0),
])
def test_geodesic_distances(a, b, low, high) -> None:
    assert low <= distance_km(a, b) <= high


def test_matrix_is_symmetric_with_zero_diagonal(points: pd.DataFrame) -> None:
    matrix = distance_matrix(points)
    assert list(matrix.index) == list(matrix.columns) == ["A", "B", "C"]
    assert (matrix.to_numpy().diagonal() == 0).all()
    assert matrix.at["A", "C"] == matrix.at["C", "A"] > 1000


def test_nearest_and_farthest(points: pd.DataFrame) -> None:
    ends = extremes(distance_matrix(points)).set_index("id")
    assert ends.at["A", "nearest"] == "B" and ends.at["A", "farthest"] == "C"
    assert ends.at["C", "nearest"] in {"A", "B"}
    assert 33 < ends.at["B", "nearest_km"] < 36


def test_centre_lies_between_members_and_names_the_closest(points: pd.DataFrame) -> None:
    middle = centre(points)
    assert middle is not None
    assert 37.5 < middle.latitude < 50.5 and 3.5 < middle.longitude < 15.1
    assert middle.closest in {"A", "B"}
    assert centre(points.iloc[0:0]) is None


def test_centre_across_the_antimeridian_is_not_the_mean_of_degrees() -> None:
    frame = pd.DataFrame({"id": ["W", "E"], "latitude": [0.0, 0.0],
                          "longitude": [179.0, -179.0]})
    middle = centre(frame)
    assert middle is not None and abs(abs(middle.longitude) - 180) < 0.01


@pytest.mark.parametrize(("km", "band"), [
    (0, "B0"), (9.99, "B0"), (10, "B1"), (99.5, "B1"), (100, "B2"), (499.9, "B2"),
    (500, "B3"), (12_000, "B3"),
])
def test_band_lookup(km: float, band: str) -> None:
    found = band_for(km, BANDS)
    assert found is not None and found["id"] == band


def test_band_lookup_outside_every_band() -> None:
    assert band_for(50, BANDS[BANDS["id"] != "B1"]) is None


def test_trip_between_two_members(points: pd.DataFrame) -> None:
    result = trip("A", "C", points, BANDS)
    assert result.km > 1400
    assert result.band is not None and result.band["amount_eur"] == 309.0
    assert trip("A", "B", points, BANDS).band["green_amount_eur"] == 56.0


def test_activity_places_count_online_apart(points: pd.DataFrame) -> None:
    activities = pd.DataFrame({
        "host_id": ["A", "A", None, "C", None, "B"],
        "mode": ["on site", "online", "online", "blended", "on site", "online"],
    })
    places = activity_places(activities, points).set_index("host_id")
    assert places.at["A", "in_person"] == 1 and places.at["A", "online"] == 1
    assert places.at["", "online"] == 1 and places.at["", "in_person"] == 1
    assert pd.isna(places.at["", "latitude"])
    assert places.at["C", "in_person"] == 1 and places.at["B", "online"] == 1
