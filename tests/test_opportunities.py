"""The Opportunities page's words: the sentence saying what is shown, suggestions, labels, card."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest

from alliance.filters import FilterSpec, apply, prepare
from alliance.opportunities import (
    activity_card,
    describe,
    ects_limits,
    ects_slider,
    ects_steps,
    host_text,
    opening_spec,
    option_label,
    suggestions,
    table,
)
from alliance.validate import check_folder
from tests.paths import FIXTURE_DATA

HOSTS = {"UPHF": "Université Polytechnique Hauts-de-France", "KAU": "Karlstad University"}
TODAY = dt.date(2026, 11, 28)


@pytest.mark.parametrize(("spec", "count", "lang", "expected"), [
    (FilterSpec(), 70, "en", "70 activities"),
    (FilterSpec(), 1, "fr", "1 activité"),
    (FilterSpec(kind=("online course",), audience=("students",), language=("en",),
                window="open_now"), 12, "en",
     "12 online courses, for students, in English, open for applications now"),
    (FilterSpec(kind=("online course",), audience=("students",), language=("en",),
                window="open_now"), 12, "fr",
     "12 cours en ligne, pour étudiants, en anglais, candidatures ouvertes"),
    (FilterSpec(kind=("online course",)), 1, "en", "1 online course"),
    (FilterSpec(host=("UPHF",), window="soon", weeks=12), 3, "en",
     "3 activities, hosted by Université Polytechnique Hauts-de-France, starting in the next "
     "12 weeks"),
    (FilterSpec(kind=("staff mobility",), country=("SE", "FI")), 2, "en",
     "2 staff mobility offers, in Finland or Sweden"),
    (FilterSpec(kind=("MOOC", "event")), 1234, "fr",
     "1\u202f234 activités (MOOC, événement)"),
    (FilterSpec(ects_min=2.5, ects_max=10), 4, "fr", "4 activités, de 2,5 à 10 ECTS"),
    (FilterSpec(text="Universite", window="custom", date_from=dt.date(2027, 1, 1),
                date_to=dt.date(2027, 6, 30)), 5, "en",
     "5 activities, taking place between 1 January 2027 and 30 June 2027, matching "
     "“Universite”"),
    (FilterSpec(host=("ALLIANCE",), project=("NONE",)), 2, "fr",
     "2 activités, hôte : Toute l'alliance, projet Sans projet"),
])
def test_describe_says_what_is_shown(spec: FilterSpec, count: int, lang: str,
                                     expected: str) -> None:
    assert describe(spec, count, lang, HOSTS) == expected


@pytest.mark.parametrize(("name", "value", "lang", "label"), [
    ("host", "UPHF", "en", HOSTS["UPHF"]), ("host", "ALLIANCE", "fr", "Toute l'alliance"),
    ("country", "SE", "fr", "Suède"), ("language", "el", "en", "Greek"),
    ("kind", "summer school", "fr", "école d'été"), ("project", "NONE", "en", "No project"),
    ("country", "XX", "en", "XX"),
])
def test_option_labels(name: str, value: str, lang: str, label: str) -> None:
    assert option_label(name, value, lang, HOSTS) == label


@pytest.fixture
def frame() -> pd.DataFrame:
    activities = pd.DataFrame({
        "id": ["X1", "X2", "X3"], "title": ["Swedish", "Finnish", "Robotics"],
        "audience": ["staff", "staff", "students"],
        "kind": ["language course", "language course", "summer school"],
        "host_id": ["KAU", None, "UPHF"], "mode": ["online", "online", "on site"],
        "language": ["sv", "fi", "en/fr"], "start": ["2027-02-01", "2027-03", "2027-07-05"],
        "end": ["2027-05-31", None, "2027-07-16"], "apply_by": ["2027-01-15", None, None],
        "ects": pd.array([None, 2.5, 5.0], dtype="Float64"), "url": [None, None, None],
        "description": ["a", "b", "c"], "project": [None, "EUNICE4U", None],
        "illustrative": pd.array([True, False, True], dtype="boolean"),
        "source": ["https://example.org/"] * 3,
    })
    universities = pd.DataFrame({"id": ["KAU", "UPHF"], "name": list(HOSTS.values())[::-1],
                                 "country": ["SE", "FR"]})
    return prepare(activities, universities)


def test_suggestions_name_the_filter_to_loosen(frame: pd.DataFrame) -> None:
    spec = FilterSpec(audience=("students",), language=("sv",))
    found = dict(suggestions(frame, spec, TODAY))
    assert found == {"audience": 1, "language": 1}
    assert suggestions(frame, FilterSpec(), TODAY) == []


def test_table_marks_examples_and_formats_in_the_language(frame: pd.DataFrame) -> None:
    shown = table(frame, "fr", HOSTS)
    assert shown["title"].tolist() == ["Swedish (exemple)", "Finnish", "Robotics (exemple)"]
    assert shown["host"].tolist() == ["Karlstad University", "Toute l'alliance",
                                      HOSTS["UPHF"]]
    assert shown["when"].tolist() == ["1 février 2027 – 31 mai 2027", "mars 2027",
                                      "5 juillet 2027 – 16 juillet 2027"]
    assert shown["language"].tolist() == ["suédois", "finnois", "anglais, français"]
    # "When" reads the start in words: no column repeats it as ISO text ("2027-03").
    assert "start" not in shown.columns


def test_table_shows_no_none_for_empty_cells(frame: pd.DataFrame) -> None:
    shown = table(frame, "fr", HOSTS)
    assert shown["url"].tolist() == ["", "", ""]
    # Only the typed columns hold gaps, which the grid draws as empty cells.
    assert shown.columns[shown.isna().any()].tolist() == ["apply_by", "ects"]


def test_table_sorts_deadlines_as_dates_and_ects_as_numbers() -> None:
    """"10" before "5" and "2026-03" after "2026-03-01" were text order."""
    activities = pd.DataFrame({
        "id": ["A", "B", "C", "D"], "title": ["a", "b", "c", "d"],
        "audience": ["students"] * 4, "kind": ["course"] * 4, "host_id": ["KAU"] * 4,
        "mode": ["online"] * 4, "language": ["en"] * 4, "start": ["2027-09-01"] * 4,
        "end": [None] * 4, "apply_by": ["2027-03", "2027-03-15", None, "2027"],
        "ects": pd.array([10, 5, None, 2.5], dtype="Float64"), "url": [None] * 4,
        "description": [None] * 4, "project": [None] * 4,
        "illustrative": pd.array([False] * 4, dtype="boolean"), "source": ["x"] * 4,
    })
    universities = pd.DataFrame({"id": ["KAU"], "name": ["Karlstad University"],
                                 "country": ["SE"]})
    shown = table(prepare(activities, universities), "fr", HOSTS)
    assert pd.api.types.is_datetime64_any_dtype(shown["apply_by"])
    assert pd.api.types.is_float_dtype(shown["ects"])
    by_ects = shown.sort_values("ects", na_position="last")["ects"].tolist()
    assert by_ects[:3] == [2.5, 5.0, 10.0] and pd.isna(by_ects[3])
    # A deadline known to the month or the year is its last day, as the filters count it.
    assert [d.date().isoformat() if pd.notna(d) else None for d in shown["apply_by"]] == [
        "2027-03-31", "2027-03-15", None, "2027-12-31"]


def test_card_lists_every_field(frame: pd.DataFrame) -> None:
    fields = activity_card(frame.iloc[1], "en", HOSTS)
    values = dict(zip(fields.iloc[:, 0], fields.iloc[:, 1], strict=True))
    assert values["Title"] == "Finnish" and values["ECTS"] == "2.5"
    assert values["When"] == "March 2027" and values["Project"] == "EUNICE4U"
    assert values["Host"] == "Whole alliance" and values["ID"] == "X2"


@pytest.mark.parametrize(("low", "high", "handles", "limits"), [
    (None, None, (0.0, 30.0), (None, None)),
    (5, None, (5.0, 30.0), (5.0, None)),
    (None, 3, (0.0, 3.0), (None, 3.0)),
    (-2, 99, (0.0, 30.0), (None, None)),
    (20, 10, (10.0, 20.0), (10.0, 20.0)),
])
def test_ects_slider_and_limits_round_trip(low, high, handles, limits) -> None:
    assert ects_slider(low, high, 30.0) == handles
    assert ects_limits(handles, 30.0) == limits
    assert ects_limits(None, 30.0) == (None, None)


def test_host_text_names_the_member_or_the_alliance() -> None:
    universities = pd.DataFrame({"id": ["UPHF"], "name": ["Université Polytechnique"],
                                 "name_local": ["UPHF"], "city": ["Valenciennes"],
                                 "country": ["FR"], "website": ["https://www.uphf.fr/"]})
    hosts = {"UPHF": "Université Polytechnique"}
    text = host_text(universities, "UPHF", "en", hosts)
    assert text.split("  \n") == ["Université Polytechnique", "UPHF", "Valenciennes, FR",
                                  "[https://www.uphf.fr/](<https://www.uphf.fr/>)"]
    assert host_text(universities, None, "fr", hosts) == option_label("host", "ALLIANCE",
                                                                      "fr", hosts)
    assert "UPHF" not in host_text(universities, None, "fr", hosts)


def test_a_translated_title_is_shown_and_found_in_its_language(tmp_path: Path) -> None:
    """An analyst adds a `title_fr` column: French readers see it (English where it is
    empty), and a search in French finds the row."""
    folder = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, folder)
    path = folder / "activities.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[0].append("title_fr")
    for row in rows[1:]:
        row.append("Apprentissage automatique" if row[0] == rows[1][0] else "")
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    report = check_folder(folder)
    assert not [p for p in report.problems if p.file == "activities.csv"]
    typed = report.results["activities"].typed
    prepared = prepare(typed, report.results["universities"].typed)
    french, english = table(prepared, "fr", HOSTS), table(prepared, "en", HOSTS)
    assert french["title"].iat[0].startswith("Apprentissage automatique")
    assert english["title"].iat[0].startswith(rows[1][1])
    assert french["title"].iat[1] == english["title"].iat[1]  # no translation: the title
    found = apply(prepared, FilterSpec(text="apprentissage"), TODAY)
    assert found["id"].tolist() == [rows[1][0]]


@pytest.mark.parametrize(("top", "handles", "expected"), [
    (2.0, None, [0.0, 0.5, 1.0, 1.5, 2.0]),
    (1.75, None, [0.0, 0.5, 1.0, 1.5, 1.75]),
    (2.0, (0.7, 2.0), [0.0, 0.5, 0.7, 1.0, 1.5, 2.0]),  # a hand-edited link's 0.7 kept
    (1.0, (0.0, 9.0), [0.0, 0.5, 1.0]),
])
def test_ects_steps_offer_every_half_credit_and_the_handles(top, handles, expected) -> None:
    assert ects_steps(top, handles) == expected


KEPT = {"audience": ["staff"], "mode": ["online"]}


@pytest.mark.parametrize(("address", "kept", "expected"), [
    # Back or a sidebar link: the address names no filter, so the reader's last ones return.
    ({"audience": [], "q": []}, KEPT, FilterSpec(audience=("staff",), mode=("online",))),
    ({}, KEPT, FilterSpec(audience=("staff",), mode=("online",))),
    # A shared link names filters: those, not the ones this reader had.
    ({"kind": ["summer school"]}, KEPT, FilterSpec(kind=("summer school",))),
    ({"q": ["santander"]}, KEPT, FilterSpec(text="santander")),
    # Other parameters of the address (language, examples) are not filters.
    ({"lang": ["fr"], "examples": ["1"]}, KEPT, FilterSpec(audience=("staff",),
                                                          mode=("online",))),
    ({"window": ["running"]}, None, FilterSpec(window="running")),
    ({}, None, FilterSpec()),
    ({}, {}, FilterSpec()),
])
def test_the_page_opens_on_the_address_else_the_readers_last_filters(address, kept,
                                                                     expected) -> None:
    assert opening_spec(address, kept) == expected
