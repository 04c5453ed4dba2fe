"""Where the members are: geodesic distances, nearest and farthest partners, centre, bands."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from alliance.dates import period_bounds


def member_points(universities: pd.DataFrame, locations: pd.DataFrame) -> pd.DataFrame:
    """One row per member that has a main campus: id, names, city, country, lat, lon, students,
    joined, coordinator and its membership wave (the year it joined)."""
    columns = ["id", "name", "name_local", "city", "country", "latitude", "longitude",
               "students", "joined", "funded_from", "coordinator", "wave", "source"]
    if universities.empty or locations.empty:
        return pd.DataFrame(columns=columns)
    main = locations[locations["main"].fillna(False).astype(bool)]
    main = main.drop_duplicates("university_id")[["university_id", "latitude", "longitude"]]
    frame = universities.merge(main, left_on="id", right_on="university_id", how="inner")
    frame = frame.dropna(subset=["latitude", "longitude"])
    frame["wave"] = period_bounds(frame["joined"])[0].dt.year.astype("Int64")
    frame["coordinator"] = frame["coordinator"].fillna(False).astype(bool)
    return frame.loc[:, columns].reset_index(drop=True)


def wave_names(points: pd.DataFrame) -> dict[int, tuple[str, str]]:
    """Each joining year with the span it covers ('2020', '2022-23' when funding came later),
    and whether it is the founding wave ('founders') or a later one ('enlargement')."""
    waves: dict[int, tuple[str, str]] = {}
    for i, year in enumerate(sorted(int(y) for y in points["wave"].dropna().unique())):
        funded = period_bounds(points.loc[points["wave"] == year, "funded_from"].dropna())[0]
        last = int(funded.dt.year.max()) if len(funded) else year
        span = f"{year}-{str(last)[-2:]}" if last > year else str(year)
        waves[year] = (span, "founders" if i == 0 else "enlargement")
    return waves


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Geodesic distance on the WGS 84 ellipsoid between two (lat, lon) points, in km."""
    # Imported here: geopy's package also loads its geocoders (about 0.1 s), which the
    # Overview, importing this module for its wave names, does not need on a fresh server.
    from geopy.distance import geodesic

    return float(geodesic(a, b).km)


def distance_matrix(points: pd.DataFrame) -> pd.DataFrame:
    """Square frame of km between every pair of members, indexed and labelled by id."""
    ids = list(points["id"])
    coords = list(zip(points["latitude"].astype(float), points["longitude"].astype(float),
                      strict=True))
    matrix = pd.DataFrame(0.0, index=pd.Index(ids, name="from"), columns=ids)
    for i, first in enumerate(coords):
        for j in range(i + 1, len(coords)):
            km = distance_km(first, coords[j])
            matrix.iat[i, j] = matrix.iat[j, i] = km
    return matrix


def extremes(matrix: pd.DataFrame) -> pd.DataFrame:
    """For each member, its nearest and farthest partner and how far they are."""
    rows = []
    for member in matrix.index:
        others = matrix.loc[member].drop(member)
        if others.empty:
            continue
        rows.append({"id": member,
                     "nearest": others.idxmin(), "nearest_km": float(others.min()),
                     "farthest": others.idxmax(), "farthest_km": float(others.max())})
    return pd.DataFrame(rows, columns=["id", "nearest", "nearest_km", "farthest",
                                       "farthest_km"])


@dataclass(frozen=True)
class Centre:
    """The geographic centre of the members and the member closest to it."""

    latitude: float
    longitude: float
    closest: str
    closest_km: float


def centre(points: pd.DataFrame) -> Centre | None:
    """Mean of the members' positions as unit vectors on the sphere (not of raw degrees,
    which would mislead across the antimeridian), with the closest member."""
    if points.empty:
        return None
    lat = points["latitude"].astype(float).map(math.radians)
    lon = points["longitude"].astype(float).map(math.radians)
    x = (lat.map(math.cos) * lon.map(math.cos)).mean()
    y = (lat.map(math.cos) * lon.map(math.sin)).mean()
    z = lat.map(math.sin).mean()
    mid = (math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x)))
    km = [distance_km(mid, (float(a), float(b)))
          for a, b in zip(points["latitude"], points["longitude"], strict=True)]
    best = min(range(len(km)), key=km.__getitem__)
    return Centre(round(mid[0], 4), round(mid[1], 4), str(points["id"].iloc[best]), km[best])


def band_for(km: float, bands: pd.DataFrame) -> pd.Series | None:
    """The travel-support band whose whole-km range contains the distance, if any."""
    whole = math.floor(km)
    upper = bands["max_km"].astype("Float64").fillna(math.inf)
    hit = bands[(bands["min_km"].astype(float) <= whole) & (upper >= whole)]
    return hit.iloc[0] if len(hit) else None


@dataclass(frozen=True)
class Trip:
    """A mobility from one member to another: distance and the Erasmus+ band it falls in."""

    origin: str
    destination: str
    km: float
    band: pd.Series | None


def trip(origin: str, destination: str, points: pd.DataFrame, bands: pd.DataFrame) -> Trip:
    """Distance between two members' main campuses and its travel-support band."""
    where = points.set_index("id")
    a = (float(where.at[origin, "latitude"]), float(where.at[origin, "longitude"]))
    b = (float(where.at[destination, "latitude"]), float(where.at[destination, "longitude"]))
    km = distance_km(a, b)
    return Trip(origin, destination, km, band_for(km, bands) if len(bands) else None)


def activity_places(activities: pd.DataFrame, points: pd.DataFrame) -> pd.DataFrame:
    """Activities counted by host: in person (on site or blended) placed at the host's main
    campus, online ones apart. Alliance-wide activities (no host) get the id ''."""
    host = activities["host_id"].fillna("").astype(str)
    online = activities["mode"].eq("online")
    counts = pd.DataFrame({"host_id": host, "online": online}).groupby("host_id").agg(
        in_person=("online", lambda s: int((~s).sum())), online=("online", "sum"))
    counts["online"] = counts["online"].astype(int)
    counts = counts.reset_index()
    located = points[["id", "name", "latitude", "longitude"]].rename(columns={"id": "host_id"})
    return counts.merge(located, on="host_id", how="left").sort_values(
        ["host_id"]).reset_index(drop=True)
