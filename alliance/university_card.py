"""What the Map page shows as text: a university's card, the nearest/farthest table and the
mobility helper's figures.

Pure functions from the tables to display frames and Markdown lines, labelled in the reader's
language, so the page only lays them out.
"""

from __future__ import annotations

import pandas as pd

from alliance.geo import Trip
from alliance.i18n import (
    cldr_locale,
    format_date,
    format_number,
    format_when,
    mark_examples,
    t,
    value_label,
)
from alliance.overview import Headline
from alliance.text import Markdown, link, markdown


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def country_name(code: object, lang: str) -> str:
    """The country's name in the reader's language from its ISO code ('PL' -> 'Pologne')."""
    text = _text(code)
    return cldr_locale(lang).territories.get(text.upper(), text) if text else "–"


def facts(row: pd.Series, lang: str) -> list[str]:
    """The card's facts as Markdown list items: place, students (with their year), founding
    year, joining and funding dates, role, website (a link when it is a web address). Unknown
    values read '–', except the funding date, left out when there is none (founding members
    are funded from the start); text from the data reads as text. The label and its colon
    come from the catalogue, so French gets its space before the colon."""
    students = format_number(row["students"], lang) if pd.notna(row["students"]) else "–"
    if _text(row["students_as_of"]):
        students += f" ({format_when(row['students_as_of'], lang)})"
    founded = str(int(row["founded"])) if pd.notna(row["founded"]) else "–"
    role = value_label(row["membership"], lang)
    if bool(row["coordinator"]):
        role += f" · {t('coordinator', lang)}"
    items = [
        ("col.city", f"{row['city']}, {country_name(row['country'], lang)}"),
        ("col.students", students),
        ("card.founded", founded),
        ("col.joined", format_date(row["joined"], lang)),
        *([("card.funded_from", format_date(row["funded_from"], lang))]
          if _text(row["funded_from"]) or isinstance(row["funded_from"], pd.Timestamp) else []),
        ("col.role", role),
        ("card.website", link(row["website"]) if _text(row["website"]) else "–"),
    ]
    return ["- " + t("card.fact", lang, label=f"**{t(key, lang)}**", value=markdown(value))
            for key, value in items]


def sources(row: pd.Series, lang: str) -> Markdown:
    """'Source: url · url' as links, from the row's space-separated source addresses."""
    return Markdown(t("card.source", lang) + " " + link(row["source"]))


def campuses(locations: pd.DataFrame, university: str, lang: str) -> pd.DataFrame:
    """The university's campuses: name, city, and a tick on the main one."""
    own = locations[locations["university_id"] == university]
    return pd.DataFrame({
        t("col.name", lang): own["name"].tolist(),
        t("col.city", lang): own["city"].tolist(),
        t("card.main", lang): ["✓" if main else "" for main in own["main"]],
    })


def distances(matrix: pd.DataFrame, names: dict[str, str], university: str,
              lang: str) -> pd.DataFrame:
    """The other members from nearest to farthest, with the distance in km."""
    others = matrix.loc[university].drop(university).sort_values()
    return pd.DataFrame({
        t("col.name", lang): [names[other] for other in others.index],
        t("distance.km", lang): [format_number(km, lang) for km in others],
    })


def hosted(activities: pd.DataFrame, university: str, lang: str) -> pd.DataFrame:
    """The activities the university hosts, soonest first (undated last): title (examples
    marked), kind, mode and start, labelled."""
    own = activities[activities["host_id"] == university]
    own = own.assign(_start=pd.to_datetime(own["start"], errors="coerce")).sort_values(
        "_start", kind="stable", na_position="last")
    return pd.DataFrame({
        t("col.title", lang): mark_examples(own["title"], own["illustrative"], lang)
        if "illustrative" in own else own["title"].tolist(),
        t("col.kind", lang): [value_label(kind, lang) for kind in own["kind"]],
        t("card.mode", lang): [value_label(mode, lang) for mode in own["mode"]],
        t("col.starts", lang): [format_date(start, lang) for start in own["start"]],
    })


def examples_among(activities: pd.DataFrame, university: str) -> int:
    """How many of the activities the university hosts are examples."""
    if "illustrative" not in activities:
        return 0
    own = activities["host_id"] == university
    return int((own & activities["illustrative"].fillna(False).astype(bool)).sum())


def extremes_view(ends: pd.DataFrame, names: dict[str, str], lang: str) -> pd.DataFrame:
    """Each member's nearest and farthest partner, as 'ID · 1,234 km'."""
    def pair(partners: pd.Series, km: pd.Series) -> list[str]:
        return [f"{p} · {format_number(k, lang)} km" for p, k in zip(partners, km, strict=True)]

    return pd.DataFrame({
        t("col.name", lang): [names[member] for member in ends["id"]],
        t("distance.nearest", lang): pair(ends["nearest"], ends["nearest_km"]),
        t("distance.farthest", lang): pair(ends["farthest"], ends["farthest_km"]),
    })


def trip_figures(result: Trip, lang: str) -> tuple[list[Headline], str | None]:
    """The mobility helper's metrics (distance; band and travel support when the distance
    falls in one, the green amount as the support's help) and the caveat with its sources;
    no caveat when no band applies."""
    figures = [Headline(t("trip.distance", lang), f"{format_number(result.km, lang)} km")]
    band = result.band
    if band is None:
        return figures, None
    upper = format_number(band["max_km"], lang) if pd.notna(band["max_km"]) else "∞"
    green = (format_number(band["green_amount_eur"], lang) + " €"
             if pd.notna(band["green_amount_eur"]) else "–")
    figures += [
        Headline(t("trip.band", lang), f"{format_number(band['min_km'], lang)}–{upper} km"),
        Headline(t("trip.amount", lang), f"{format_number(band['amount_eur'], lang)} €",
                 t("trip.green", lang, amount=green)),
    ]
    caveat = (t("trip.caveat", lang, as_of=markdown(band["as_of"])) + " "
              + link(band["source"]))
    return figures, caveat
