"""Numbers, dates and languages as each reader expects them."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from alliance.i18n import (
    as_of,
    date_entry_pattern,
    digit_date_pattern,
    format_amount,
    format_date,
    format_moment,
    format_number,
    format_span,
    in_language,
    mark_examples,
    pick_language,
    speaks,
    t,
    translated_frame,
    translated_label,
)


@pytest.mark.parametrize(("value", "lang", "decimals", "expected"), [
    (1234567, "en", 0, "1,234,567"), (1234567, "fr", 0, "1\u202f234\u202f567"),
    (2.5, "fr", 1, "2,5"), (2.5, "en", 1, "2.5"), (None, "en", 0, "–"),
    (float("nan"), "fr", 0, "–"),
])
def test_format_number(value: float | None, lang: str, decimals: int, expected: str) -> None:
    assert format_number(value, lang, decimals) == expected


@pytest.mark.parametrize(("value", "lang", "expected"), [
    ("2020-07-09", "en", "9 July 2020"), ("2020-07-01", "fr", "1 juillet 2020"),
    ("2022-11", "fr", "novembre 2022"), ("2022-11", "en", "November 2022"),
    ("2021", "en", "2021"), (dt.date(2026, 11, 28), "fr", "28 novembre 2026"),
    ("", "en", "–"), (None, "fr", "–"),
])
def test_format_date_keeps_its_precision(value: object, lang: str, expected: str) -> None:
    assert format_date(value, lang) == expected


@pytest.mark.parametrize(("start", "end", "lang", "expected"), [
    ("2027-07-05", "2027-07-16", "en", "5 July 2027 – 16 July 2027"),
    ("2022-05-30", None, "fr", "30 mai 2022"),
    ("2027-03", "2027-03", "en", "March 2027"),
    (None, None, "en", "–"),
    (None, "2023-05-31", "en", "– 31 May 2023"),  # only the end: one dash, not two
    ("", "2023-05", "fr", "– mai 2023"),
])
def test_format_span(start: object, end: object, lang: str, expected: str) -> None:
    assert format_span(start, end, lang) == expected


@pytest.mark.parametrize(("requested", "locale", "expected"), [
    ("fr", "en-GB", "fr"), (None, "fr-BE", "fr"), ("de", "fr_FR", "fr"), (None, "de-DE", "en"),
    (None, None, "en"), ("EN", "fr-FR", "en"),
])
def test_pick_language(requested: str | None, locale: str | None, expected: str) -> None:
    assert pick_language(requested, locale) == expected


@pytest.mark.parametrize(("browser", "lang", "expected"), [
    ("fr-BE", "fr", True), ("fr_FR", "fr", True), ("en-US", "en", True), ("en-GB", "fr", False),
    ("de-DE", "en", False), (None, "en", False), ("", "fr", False),
])
def test_speaks_compares_the_browsers_language(browser, lang: str, expected: bool) -> None:
    assert speaks(browser, lang) is expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "DD/MM/YYYY"), ("fr", "DD/MM/YYYY"), ("de", "DD.MM.YYYY"), ("en_US", "MM/DD/YYYY"),
    ("nl", "DD-MM-YYYY"), ("ja", "YYYY/MM/DD"), ("bg", "DD.MM.YYYY"),
])
def test_date_entry_pattern_asks_in_the_languages_order(lang: str, expected: str) -> None:
    assert date_entry_pattern(lang) == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "DD/MM/YYYY"), ("fr", "DD/MM/YYYY"), ("de", "DD.MM.YYYY"), ("hu", "YYYY. MM. DD."),
    ("bg", "D.MM.YYYY\u202f[г]."),  # CLDR's quoted text, kept as moment.js's bracketed text
])
def test_digit_date_pattern_is_cldrs_short_date_for_the_browser(lang: str,
                                                                expected: str) -> None:
    assert digit_date_pattern(lang) == expected


def test_unknown_key_reads_as_itself_and_missing_french_falls_back() -> None:
    assert t("no.such.key", "fr") == "no.such.key"
    assert t("app.title", "de") == "Alliance Atlas"


@pytest.mark.parametrize(("label", "lang", "expected"), [
    ("Distances between members", "fr", "Distances entre membres"),
    ("Distances entre membres", "en", "Distances between members"),
    ("Membres et campus", "fr", "Membres et campus"),
    ("Somewhere else", "fr", None),
])
def test_translated_label_follows_the_language(label: str, lang: str,
                                               expected: str | None) -> None:
    keys = ["map.tab.members", "distance.header", "activity_map.header"]
    assert translated_label(label, keys, lang) == expected


def test_in_language_falls_back_to_english_cell_by_cell() -> None:
    import pandas as pd

    frame = pd.DataFrame({"title": ["Selected", "AISBL"], "title_fr": ["Retenue", None]})
    assert list(in_language(frame, "title", "fr")) == ["Retenue", "AISBL"]
    assert list(in_language(frame, "title", "en")) == ["Selected", "AISBL"]
    assert list(in_language(frame[["title"]], "title", "fr")) == ["Selected", "AISBL"]


@pytest.mark.parametrize(("lang", "marked"), [("en", "B (example)"), ("fr", "B (exemple)")])
def test_mark_examples_names_only_illustrative_rows(lang: str, marked: str) -> None:
    assert mark_examples(["A", "B"], [False, True], lang) == ["A", marked]


@pytest.mark.parametrize(("value", "lang", "expected"), [
    (3.0, "fr", "3"), (2.5, "fr", "2,5"), (2.5, "en", "2.5"), (1500.0, "fr", "1\u202f500"),
    (None, "fr", "–"),
])
def test_format_amount_shows_only_the_decimals_it_has(value, lang: str, expected: str) -> None:
    assert format_amount(value, lang) == expected


@pytest.mark.parametrize(("value", "lang", "expected"), [
    ("2025", "fr", "de 2025"), ("2023-09", "fr", "de septembre 2023"),
    ("2026-02-02", "fr", "du 2 février 2026"), (dt.date(2026, 2, 2), "fr", "du 2 février 2026"),
    ("2023-09", "en", "as of September 2023"), ("2023/24", "fr", "de 2023/24"),
    (None, "en", "as of –"),
])
def test_as_of_says_a_date_at_its_own_precision(value, lang: str, expected: str) -> None:
    assert as_of(value, lang) == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "Students: 3"), ("fr", "Étudiants\u00a0: 3")])
def test_label_and_value_are_punctuated_per_language(lang: str, expected: str) -> None:
    label = t("map.hover.students", lang)
    assert t("label.value", lang, label=label, value="3") == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["University of Mons", "Poznan University of Technology"]),
    ("fr", ["Université de Mons", "Poznan University of Technology"]),
])
def test_names_in_the_readers_language_fall_back_to_english(lang: str, expected) -> None:
    frame = pd.DataFrame({"name": ["University of Mons", "Poznan University of Technology"],
                          "name_fr": ["Université de Mons", None]})
    assert translated_frame(frame, ("name",), lang)["name"].tolist() == expected
    without = frame.drop(columns="name_fr")
    assert translated_frame(without, ("name",), lang) is without


SAVED = dt.datetime(2026, 7, 9, 21, 5, tzinfo=dt.UTC)


@pytest.mark.parametrize(("lang", "zone", "expected"), [
    ("en", "UTC", "9 Jul 2026, 21:05 UTC"),
    ("fr", "UTC", "9 juil. 2026, 21:05 UTC"),
    ("fr", "Europe/Paris", "9 juil. 2026, 23:05 CEST"),  # summer time, same day
    ("en", "Europe/Helsinki", "10 Jul 2026, 00:05 EEST"),  # the next day in Vaasa
    ("en", "Nowhere/Atlantis", "9 Jul 2026, 21:05 UTC"),  # a zone the browser invents
    ("en", "", "9 Jul 2026, 21:05 UTC"),
])
def test_a_moment_is_on_the_readers_clock_and_says_which(lang, zone, expected) -> None:
    assert format_moment(SAVED, lang, zone) == expected
