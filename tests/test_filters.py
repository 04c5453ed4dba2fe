"""Filtering activities: parametrized tables of specs and the rows they keep, and properties."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliance.filters import (
    FACETS,
    FilterSpec,
    apply,
    date_bounds,
    facet_counts,
    fold,
    in_window,
    mask,
    options,
    prepare,
    view,
)
from alliance.validate import check_folder
from tests.paths import FIXTURE_DATA

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 28)
HEADER = ("id,title,audience,kind,host_id,mode,language,start,end,apply_by,ects,url,"
          "description,project,illustrative,source\n")
SOURCE = "https://example.org/"
# Deliberately awkward rows: accents, several languages, month and year precision, no host.
ROWS = [
    "F01,Université d'été en ligne,students,online course,UPHF,online,fr/en,2027-01-10,"
    "2027-02-20,2026-12-15,5,,Cours à distance,EUNICE4U,true," + SOURCE,
    "F02,Summer school in Santander,students,summer school,UC,on site,en/es,2027-07,"
    "2027-07,2027-05-01,3,,Two weeks by the sea,,true," + SOURCE,
    "F03,Staff week in Vaasa,staff,staff mobility,UVA,on site,en,2026-11-20,2026-12-05,"
    "2026-10-01,,,Training week,EUNICE4U,true," + SOURCE,
    "F04,Open science portal,researchers,research,,online,en,2022,,,,,Portal for everyone,"
    "REUNICE,false," + SOURCE,
    "F05,Swedish for staff,staff,language course,KAU,blended,sv,2027-02-01,2027-05-31,"
    "2027-01-15,2.5,,Beginners,,true," + SOURCE,
    "F06,EUNICE Weeks 2022,everyone,event,,blended,en,2022-10-20,2022-11-22,,,,Games and "
    "talks,EUNICE,false," + SOURCE,
    "F07,Lecture series (MOOC),everyone,MOOC,,online,en,,,,3,,Eight lessons; Universite "
    "libre,,false," + SOURCE,
]


@pytest.fixture(scope="module")
def frame(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    """The bundled universities and projects with the awkward activities above, loaded."""
    folder = tmp_path_factory.mktemp("filters") / "data"
    shutil.copytree(FIXTURE_DATA, folder)
    (folder / "activities.csv").write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    report = check_folder(folder)
    assert report.clean, [p.as_line() for p in report.problems]
    tables = {name: r.typed for name, r in report.results.items()}
    return prepare(tables["activities"], tables["universities"], tables["locations"])


CASES = [
    (FilterSpec(), ["F01", "F02", "F03", "F04", "F05", "F06", "F07"]),
    (FilterSpec(audience=("staff",)), ["F03", "F05"]),
    (FilterSpec(audience=("staff", "researchers")), ["F03", "F04", "F05"]),
    (FilterSpec(kind=("online course", "MOOC")), ["F01", "F07"]),
    (FilterSpec(host=("ALLIANCE",)), ["F04", "F06", "F07"]),
    (FilterSpec(host=("UPHF", "UC")), ["F01", "F02"]),
    (FilterSpec(country=("SE", "FI")), ["F03", "F05"]),
    (FilterSpec(mode=("blended",)), ["F05", "F06"]),
    (FilterSpec(language=("fr",)), ["F01"]),
    (FilterSpec(language=("es", "sv")), ["F02", "F05"]),
    (FilterSpec(project=("EUNICE4U",)), ["F01", "F03"]),
    (FilterSpec(project=("NONE",)), ["F02", "F05", "F07"]),
    (FilterSpec(window="open_now"), ["F01", "F02", "F05"]),
    (FilterSpec(window="running"), ["F03"]),
    (FilterSpec(window="past"), ["F04", "F06"]),
    (FilterSpec(window="soon", weeks=8), ["F01"]),
    (FilterSpec(window="soon", weeks=40), ["F01", "F02", "F05"]),
    (FilterSpec(window="custom", date_from=dt.date(2027, 7, 15), date_to=dt.date(2027, 7, 20)),
     ["F02"]),
    # a date known only to the year covers the whole year: "2022" overlaps June 2022 on
    (FilterSpec(window="custom", date_from=dt.date(2022, 6, 1)), ["F01", "F02", "F03", "F04",
                                                                 "F05", "F06"]),
    (FilterSpec(window="custom", date_from=dt.date(2023, 1, 1)), ["F01", "F02", "F03", "F05"]),
    (FilterSpec(ects_min=3), ["F01", "F02", "F07"]),
    (FilterSpec(ects_min=2, ects_max=3), ["F02", "F05", "F07"]),
    # titles, descriptions and the host's names: KAU is "Karlstads universitet"
    (FilterSpec(text="universite"), ["F01", "F05", "F07"]),
    (FilterSpec(text="UNIVERSITÉ"), ["F01", "F05", "F07"]),
    (FilterSpec(text="summer  SANTANDER"), ["F02"]),
    (FilterSpec(text="no such words"), []),
    (FilterSpec(audience=("students",), window="open_now", language=("en",),
                kind=("online course",)), ["F01"]),
]


@pytest.mark.parametrize(("spec", "expected"), CASES)
def test_filter_keeps_exactly_the_expected_rows(frame: pd.DataFrame, spec: FilterSpec,
                                                expected: list[str]) -> None:
    assert list(apply(frame, spec, TODAY)["id"]) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Valenciennes", ["F01"]),            # the host's city (UPHF)
    ("maubeuge", ["F01"]),                # a city of the host's campuses, from locations.csv
    ("cantabria", ["F02"]),               # the host's English name only
    ("TORRELAVEGA", ["F02"]),
    ("yliopisto", ["F03"]),               # the host's name in its own language
    ("polytechnique hauts", ["F01"]),
    ("santander summer", ["F02"]),        # one word in the title, one in the host's city
    ("arvika swedish", ["F05"]),
    ("karlstad vaasa", []),               # every word must match the same activity
])
def test_search_finds_host_universities_and_cities(frame: pd.DataFrame, text: str,
                                                   expected: list[str]) -> None:
    assert list(apply(frame, FilterSpec(text=text), TODAY)["id"]) == expected


def test_search_needs_no_locations_table(frame: pd.DataFrame, tables) -> None:
    """Without locations.csv the host's own city is still found."""
    bare = prepare(frame.loc[:, "id":"source"], tables["universities"])
    assert list(apply(bare, FilterSpec(text="Valenciennes"), TODAY)["id"]) == ["F01"]
    assert list(apply(bare, FilterSpec(text="maubeuge"), TODAY)["id"]) == []


@pytest.mark.parametrize("name", list(FACETS))
def test_facet_counts_are_what_choosing_the_value_would_show(frame: pd.DataFrame,
                                                             name: str) -> None:
    base = FilterSpec(window="any", audience=("students", "staff", "everyone"))
    counts = facet_counts(frame, base, TODAY, name)
    for value in options(frame, name):
        chosen = FilterSpec(**{**{f: getattr(base, f) for f in FACETS}, name: (value,)})
        assert counts.get(value, 0) == len(apply(frame, chosen, TODAY)), value


def test_facet_counts_show_options_that_give_nothing(frame: pd.DataFrame) -> None:
    counts = facet_counts(frame, FilterSpec(audience=("staff",)), TODAY, "kind")
    assert counts["MOOC"] == 0 and counts["staff mobility"] == 1


@pytest.mark.parametrize(("text", "folded"), [("Université", "universite"),
                                              ("ÉCOLE D'ÉTÉ", "ecole d'ete"),
                                              ("Poznań", "poznan"), ("Straße", "strasse")])
def test_fold_ignores_case_and_accents(text: str, folded: str) -> None:
    assert fold(text) == folded


# Property tests over specs drawn from the fixture's own values.
VALUES = {
    "audience": ["students", "staff", "researchers", "everyone"],
    "kind": ["online course", "summer school", "MOOC", "event", "research"],
    "host": ["UPHF", "UC", "UVA", "KAU", "ALLIANCE", "PUT"],
    "country": ["FR", "ES", "FI", "SE", "ALLIANCE"],
    "mode": ["online", "on site", "blended"],
    "language": ["en", "fr", "es", "sv"],
    "project": ["EUNICE4U", "REUNICE", "EUNICE", "NONE"],
}
specs = st.builds(
    FilterSpec,
    **{name: st.lists(st.sampled_from(v), max_size=3).map(tuple) for name, v in VALUES.items()},
    window=st.sampled_from(["any", "open_now", "soon", "running", "past", "custom"]),
    weeks=st.integers(1, 104),
    date_from=st.none() | st.dates(dt.date(2019, 1, 1), dt.date(2030, 1, 1)),
    date_to=st.none() | st.dates(dt.date(2019, 1, 1), dt.date(2030, 1, 1)),
    ects_min=st.none() | st.sampled_from([0.0, 1.5, 3.0, 10.0]),
    ects_max=st.none() | st.sampled_from([2.5, 5.0, 60.0]),
    text=st.sampled_from(["", "universite", "week", "é", "summer sea"]),
)


@settings(max_examples=80, deadline=None)
@given(spec=specs, extra=st.sampled_from(list(VALUES)), value=st.data())
def test_adding_a_filter_only_narrows(frame: pd.DataFrame, spec: FilterSpec, extra: str,
                                      value: st.DataObject) -> None:
    before = set(apply(frame, spec, TODAY)["id"])
    current = getattr(spec, extra)
    narrowed_values = (value.draw(st.sampled_from(list(current))),) if current else (
        value.draw(st.sampled_from(VALUES[extra])),)
    narrower = FilterSpec(**{**spec.__dict__, extra: narrowed_values})
    assert set(apply(frame, narrower, TODAY)["id"]) <= before


@settings(max_examples=80, deadline=None)
@given(spec=specs)
def test_clearing_restores_every_row(frame: pd.DataFrame, spec: FilterSpec) -> None:
    assert len(apply(frame, spec, TODAY)) <= len(frame)
    assert list(apply(frame, FilterSpec(), TODAY)["id"]) == list(frame["id"])


@settings(max_examples=200, deadline=None)
@given(spec=specs)
def test_url_round_trip_is_exact(spec: FilterSpec) -> None:
    again = FilterSpec.from_query(spec.to_query())
    if spec.window != "custom":
        spec = FilterSpec(**{**spec.__dict__, "date_from": None, "date_to": None})
    if spec.window != "soon":
        # the number of weeks only matters, and only travels, with "starting soon"
        again = FilterSpec(**{**again.__dict__, "weeks": spec.weeks})
    assert again == spec


def test_bad_url_values_are_ignored_not_fatal() -> None:
    spec = FilterSpec.from_query({"window": ["someday"], "weeks": ["many"], "ects_min": ["x"],
                                  "from": ["31/12/2026"], "audience": ["students", ""]})
    assert spec == FilterSpec(audience=("students",))


@pytest.mark.parametrize("day", [dt.date(2026, 3, 1), dt.date(2026, 11, 28), dt.date(2027, 6, 1)])
def test_overview_counts_and_page_windows_follow_one_rule(tables, day: dt.date) -> None:
    """The Overview's "open now" and "running" counts are the rows the Opportunities page
    shows for the same windows."""
    from alliance.overview import activity_windows

    frame = prepare(tables["activities"], tables["universities"])
    flags = activity_windows(tables["activities"], day).reset_index(drop=True)
    for window, flag in (("open_now", "open_now"), ("running", "running"), ("past", "past")):
        shown = mask(frame, FilterSpec(window=window), day)
        assert list(shown) == list(flags[flag]), window
    assert flags["open_now"].any() or flags["running"].any() or flags["past"].any()
    with pytest.raises(ValueError):
        in_window(date_bounds(tables["activities"]), "someday", day)


@settings(max_examples=60, deadline=None)
@given(spec=specs)
def test_one_pass_view_matches_filtering_each_value(frame: pd.DataFrame, spec: FilterSpec
                                                    ) -> None:
    """The page's view (each filter's mask once) keeps the rows `apply` keeps, and each
    facet value's count is what choosing that value alone would show."""
    shown = view(frame, spec, TODAY)
    assert list(frame[shown.keep]["id"]) == list(apply(frame, spec, TODAY)["id"])
    for name in FACETS:
        for value in options(frame, name):
            chosen = FilterSpec(**{**spec.__dict__, name: (value,)})
            assert shown.counts[name].get(value, 0) == len(apply(frame, chosen, TODAY))


# Enough distinct titles that the search takes its joined-text path, rare and frequent words.
MANY_TITLES = [f"Atelier {i:04d} à Évora{' ' + 'x' * (i % 7) if i % 3 else ''}" for i in range(400)]
MANY = prepare(pd.DataFrame({
    "id": [f"M{i}" for i in range(400)], "title": MANY_TITLES,
    "audience": "students", "kind": "event", "host_id": ["UPHF", "KAU", ""] * 133 + ["UC"],
    "mode": "online", "language": "en", "start": "2027-01-10", "end": "", "apply_by": "",
    "ects": pd.array([None] * 400, dtype="Float64"), "url": "",
    "description": [None if i % 5 == 0 else f"d{i % 9}" for i in range(400)],
    "project": "", "illustrative": True, "source": SOURCE}),
    pd.DataFrame({"id": ["UPHF", "KAU", "UC"], "name": ["Université Polytechnique",
                                                       "Karlstad University", "UC"],
                  "name_local": ["", "Karlstads universitet", "Universidad de Cantabria"],
                  "country": ["FR", "SE", "ES"], "city": ["Valenciennes", "Karlstad",
                                                          "Santander"]}))


@settings(max_examples=150, deadline=None)
@given(text=st.sampled_from(["0007", "0", "atelier", "EVORA", "evora xx", "xxxxx",
                             "universite 01", "d3", "d", "santander 0399", "à", "\x00",
                             "x\x00a", "039", "none"]) | st.text(max_size=6))
def test_search_over_many_texts_finds_what_a_plain_scan_finds(text: str) -> None:
    """Every word in the row's title, description or host text, checked row by row."""
    hosts = {"UPHF": "université polytechnique valenciennes", "ALLIANCE": "",
             "KAU": "karlstad university karlstads universitet karlstad",
             "UC": "uc universidad de cantabria santander"}
    expected = []
    for row in MANY.itertuples():
        texts = [fold(row.title), fold(row.description or "") if isinstance(
            row.description, str) else "", fold(hosts[row.host_key])]
        if all(any(word in t for t in texts) for word in fold(text).split()):
            expected.append(row.id)
    assert list(apply(MANY, FilterSpec(text=text), TODAY)["id"]) == expected
