"""Translations: one catalogue file per language (alliance/locales/), formats from Babel (CLDR).

Catalogues are TOML keyed by stable ids, not gettext: Python reads TOML with the standard
library (no compile step between a translator's edit and the app), an id survives a change
of the English wording, placeholders are Python's `{name}`, and a plural is a small table of
CLDR plural categories (`one`, `other`, ...) chosen with Babel's rules for the locale.
`locales/languages.toml` lists the configured languages, the first being the default; a
further language is one catalogue file plus its code in that list.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError, dates, lists, numbers

LOCALES_VARIABLE = "ALLIANCE_LOCALES_DIR"
LOCALES_DIR = Path(__file__).resolve().parent / "locales"
LOG = logging.getLogger("alliance.i18n")
_ISO_PARTIAL = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def locales_dir() -> Path:
    """The folder of catalogues: $ALLIANCE_LOCALES_DIR, else alliance/locales/."""
    named = os.environ.get(LOCALES_VARIABLE, "").strip()
    return Path(named) if named else LOCALES_DIR


def _configured() -> tuple[str, ...]:
    with (locales_dir() / "languages.toml").open("rb") as handle:
        return tuple(str(code) for code in tomllib.load(handle)["languages"])


LANGUAGES: tuple[str, ...] = _configured()
DEFAULT_LANGUAGE = LANGUAGES[0]
MISSING: set[tuple[str, str]] = set()  # (language, id) asked for but not in its catalogue


@cache
def catalogue(lang: str) -> Mapping[str, object]:
    """The messages of one language, read once."""
    try:
        with (locales_dir() / f"{lang}.toml").open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return {}


def messages(lang: str) -> Mapping[str, object]:
    found = catalogue(lang).get("messages", {})
    return found if isinstance(found, Mapping) else {}


@cache
def cldr_locale(lang: str) -> Locale:
    """Babel's locale for a language of the app: CLDR data, never hand-written rules."""
    named = catalogue(lang).get("language", {})
    code = named.get("locale", lang) if isinstance(named, Mapping) else lang
    try:
        return Locale.parse(str(code))
    except (ValueError, UnknownLocaleError):
        return Locale.parse(LANGUAGES[0] if lang != LANGUAGES[0] else "en")


def _entry(key: str, lang: str) -> object | None:
    entry = messages(lang).get(key)
    if entry is None and lang in LANGUAGES:
        MISSING.add((lang, key))
    if entry is None and lang != DEFAULT_LANGUAGE:
        entry = messages(DEFAULT_LANGUAGE).get(key)
    return entry


def t(key: str, lang: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """The sentence for `key` in `lang` (the default language's when missing), filled in.

    A plural entry picks its form by the `count` parameter with the locale's CLDR rules.
    """
    entry = _entry(key, lang)
    if entry is None:
        return key
    if isinstance(entry, Mapping):
        count = params.get("count", 0)
        form = cldr_locale(lang).plural_form(abs(count) if isinstance(count, int | float) else 0)
        entry = entry.get(form, entry.get("other", ""))
    text = str(entry)
    return text.format(**params) if params else text


def has_key(key: str, lang: str = DEFAULT_LANGUAGE) -> bool:
    return key in messages(lang)


def translated_label(label: object, keys: Sequence[str], lang: str) -> str | None:
    """`label` as said in `lang`: the text of whichever of `keys` reads `label` in any language.

    A widget that remembers its choice by label (tabs) keeps it when the reader switches
    language. None when `label` is none of them.
    """
    for key in keys:
        if any(label == t(key, other) for other in LANGUAGES):
            return t(key, lang)
    return None


def translated_column(column: str, lang: str) -> str:
    """The name of a column's translation into `lang` (`title_fr`); the column itself for the
    default language, whose text the column holds."""
    return column if lang == DEFAULT_LANGUAGE else f"{column}_{lang}"


def in_language(frame: object, column: str, lang: str) -> object:
    """A table's column as said in `lang`: its translation where the table has one and the
    cell is filled, else the column itself (the default language's text)."""
    translated = translated_column(column, lang)
    if translated != column and translated in frame:  # type: ignore[operator]
        text = frame[translated]  # type: ignore[index]
        if hasattr(text, "fillna"):
            return text.fillna(frame[column])  # type: ignore[index]
        return text if isinstance(text, str) and text else frame[column]  # one row's cell
    return frame[column]  # type: ignore[index]


def translated_frame(frame: object, columns: Iterable[str], lang: str) -> object:
    """`frame` with each of `columns` as said in `lang` (see `in_language`), so everything a
    page passes it to names things in the reader's language: a university's French name on
    French pages where the data has one, its English name otherwise."""
    changed = {column: in_language(frame, column, lang) for column in columns
               if translated_column(column, lang) != column
               and translated_column(column, lang) in frame}  # type: ignore[operator]
    return frame.assign(**changed) if changed else frame  # type: ignore[attr-defined]


def mark_examples(titles: Iterable[object], examples: Iterable[object],
                  lang: str) -> list[object]:
    """Titles with "(example)" after those of illustrative rows, in `lang`."""
    label = t("overview.illustrative", lang)
    return [f"{title} ({label})" if bool(example) else title
            for title, example in zip(titles, examples, strict=True)]


def pick_language(requested: str | None, browser_locale: str | None) -> str:
    """The URL's choice if valid, else the browser's language if we have it, else the default."""
    for candidate in (requested, browser_locale):
        if candidate:
            code = str(candidate).replace("_", "-").split("-")[0].lower()
            if code in LANGUAGES:
                return code
    return DEFAULT_LANGUAGE


def language_name(code: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A language's name in the reader's language, from CLDR ('fr' in English: 'French')."""
    name = cldr_locale(lang).languages.get(str(code).lower())
    return name or str(code)


def own_name(lang: str) -> str:
    """A configured language's name in itself, as a language switch shows it."""
    name = catalogue(lang).get("language", {})
    if isinstance(name, Mapping) and name.get("name"):
        return str(name["name"])
    language = Locale(cldr_locale(lang).language)  # "English", not "English (UK)"
    own = language.get_display_name(language) or lang
    return own[:1].upper() + own[1:]


def country_name(code: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A country's name in the reader's language from its ISO code; Erasmus+ writes Greece
    'EL' and the United Kingdom 'UK', so those are read as GR and GB."""
    iso = {"EL": "GR", "UK": "GB"}.get(str(code).upper(), str(code).upper())
    return cldr_locale(lang).territories.get(iso) or str(code)


def format_number(value: float | int | None, lang: str = DEFAULT_LANGUAGE,
                  decimals: int = 0) -> str:
    """1234567.5 -> '1,234,567.5' in English, '1 234 567,5' in French (CLDR's symbols)."""
    if value is None or value != value:  # None or NaN
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return numbers.format_decimal(round(float(value), decimals) if decimals else round(value),
                                  format=pattern, locale=cldr_locale(lang))


def format_share(fraction: float | None, lang: str = DEFAULT_LANGUAGE,
                 decimals: int = 1) -> str:
    """0.1234 -> '12.3%' in English, '12,3 %' in French (CLDR's percent pattern)."""
    if fraction is None or fraction != fraction:  # None or NaN
        return "–"
    pattern = cldr_locale(lang).percent_formats[None].pattern
    if decimals:
        # The locale's pattern with decimals after its last digit ('#,##0 %' -> '#,##0.0 %').
        last = pattern.rindex("0") + 1
        pattern = pattern[:last] + "." + "0" * decimals + pattern[last:]
    return numbers.format_percent(float(fraction), format=pattern, locale=cldr_locale(lang))


def format_amount(value: float | int | None, lang: str = DEFAULT_LANGUAGE,
                  decimals: int = 1) -> str:
    """A quantity with only the decimals it has, up to `decimals`: 3.0 -> '3', 2.5 -> '2.5'
    in English and '2,5' in French (ECTS credits, say)."""
    if value is None or value != value:
        return "–"
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return numbers.format_decimal(round(float(value), decimals), format=pattern,
                                  locale=cldr_locale(lang))


def format_list(items: Sequence[str], lang: str = DEFAULT_LANGUAGE) -> str:
    """Items as a sentence lists them in the language: 'A, B, and C'; 'A, B et C' (CLDR)."""
    return lists.format_list(list(items), locale=cldr_locale(lang)) if items else ""


def number_separators(lang: str = DEFAULT_LANGUAGE) -> str:
    """The decimal and grouping symbols of the language, as plotly's `separators` wants them."""
    locale = cldr_locale(lang)
    return numbers.get_decimal_symbol(locale) + numbers.get_group_symbol(locale)


def month_name(month: int, lang: str = DEFAULT_LANGUAGE) -> str:
    """The month's full name in the language (CLDR's stand-alone form)."""
    return dates.get_month_names("wide", context="stand-alone", locale=cldr_locale(lang))[month]


def format_date(value: str | dt.date | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """An ISO partial date in words, at its own precision: '2022-11' -> 'November 2022'."""
    if value is None or value == "" or value != value:
        return "–"
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    parts = text.split("-")
    if len(parts) == 1:
        return parts[0]
    locale = cldr_locale(lang)
    if len(parts) == 2:
        return dates.format_skeleton("yMMMM", dt.date(int(parts[0]), int(parts[1]), 1),
                                     locale=locale)
    return dates.format_date(dt.date(int(parts[0]), int(parts[1]), int(parts[2])), "long",
                             locale=locale)


def speaks(browser_locale: str | None, lang: str) -> bool:
    """Whether a browser set to `browser_locale` ("fr-BE") formats as pages in `lang` do: the
    same CLDR language, so its own number and date formats are the reader's."""
    code = str(browser_locale or "").replace("_", "-").split("-")[0].lower()
    return bool(code) and code == cldr_locale(lang).language


_CLDR_TO_MOMENT = {"d": "D", "dd": "DD", "M": "M", "MM": "MM", "y": "YYYY", "yy": "YY",
                   "yyyy": "YYYY"}


def digit_date_pattern(lang: str = DEFAULT_LANGUAGE) -> str:
    """The language's short date in digits with a four-digit year, as a moment.js format
    ('DD/MM/YYYY' in French, 'DD.MM.YYYY' in German): what a browser table can draw in any
    language, as it knows month names in English only. CLDR's short pattern, its letters
    translated; quoted text is kept as moment's bracketed text."""
    pattern = dates.get_date_format("short", locale=cldr_locale(lang)).pattern

    def token(match: re.Match[str]) -> str:
        found = match.group(0)
        if found.startswith("'"):
            return f"[{found.strip(chr(39))}]" if found != "''" else "'"
        return "YYYY" if found[0] == "y" else _CLDR_TO_MOMENT.get(found, found)

    return re.sub(r"'[^']*'|([dMy])\1*", token, pattern)


def date_entry_pattern(lang: str = DEFAULT_LANGUAGE) -> str:
    """How a date field asks for a date in the language: CLDR's short date reduced to the
    shapes a date field offers ('DD/MM/YYYY' in French, 'DD.MM.YYYY' in German,
    'MM/DD/YYYY' in American English), rather than ISO's 'YYYY-MM-DD'."""
    digits = digit_date_pattern(lang)
    order = tuple(part[0] for part in re.findall(r"Y+|M+|D+",
                                                 re.sub(r"\[[^\]]*\]", "", digits)))
    separator = next((c for c in digits if c in "/-."), "/")
    if order not in (("D", "M", "Y"), ("M", "D", "Y"), ("Y", "M", "D")):
        order = ("Y", "M", "D")  # a shape the field does not offer: ISO's order
    shape = [{"D": "DD", "M": "MM", "Y": "YYYY"}[part] for part in order]
    return separator.join(shape)


def format_moment(when: dt.datetime, lang: str = DEFAULT_LANGUAGE,
                  zone: str | None = None) -> str:
    """A moment (a save, a change) in the reader's words and clock: '3 Dec 2026, 09:41 CET'.
    `zone` is an IANA time zone (the browser's, in the app); None means this machine's own
    (the command line's reader sits at it). An unknown zone falls back to UTC, named."""
    if zone is None:
        local = when.astimezone()
    else:
        try:
            local = when.astimezone(ZoneInfo(zone))
        except (ZoneInfoNotFoundError, ValueError):
            local = when.astimezone(dt.UTC)
    locale = cldr_locale(lang)
    # CLDR has no ready pattern for "date without seconds": join the date and the time by
    # the locale's own glue ("{1}, {0}"), its quoted literals unquoted.
    glue = str(locale.datetime_formats["medium"]).replace("'", "")
    text = glue.replace("{1}", dates.format_skeleton("yMMMd", local, locale=locale)).replace(
        "{0}", dates.format_skeleton("Hm", local, locale=locale))
    return f"{text} {local.strftime('%Z')}".strip()


def format_when(value: object, lang: str = DEFAULT_LANGUAGE) -> str:
    """A partial ISO date in words ('2023-12' -> 'December 2023'); other text, such as an
    academic year ('2024/25'), as written."""
    text = str(value).strip() if isinstance(value, str) else ""
    return format_date(text, lang) if _ISO_PARTIAL.fullmatch(text) else text


def as_of(value: str | dt.date | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """When a figure is from, as a phrase at the date's own precision: 'as of September 2023';
    in French 'de 2025', 'de septembre 2023', 'du 18 septembre 2023'. Text that is not a
    date (an academic year, '2023/24') reads as a year does."""
    text = value.isoformat() if isinstance(value, dt.date) else str(value or "").strip()
    if not text:
        return t("date.as_of.year", lang, date="–")
    shape = {4: "year", 7: "month", 10: "day"}.get(len(text), "year")
    if shape != "year" and not _ISO_PARTIAL.fullmatch(text):
        shape = "year"
    return t(f"date.as_of.{shape}", lang, date=format_date(text, lang) if shape != "year"
             else text)


def format_span(start: object, end: object, lang: str = DEFAULT_LANGUAGE) -> str:
    """A date span in words at its own precision: "5 July 2027 – 16 July 2027"; one date when
    the end is missing or the same; "– 31 May 2023" when only the end is known."""
    begins = isinstance(start, str) and bool(start)
    first = format_date(start if begins else None, lang)
    if not isinstance(end, str) or not end or end == start:
        return first
    if not begins:  # only the end is known: one dash before it, not "– – 31 May 2023"
        return f"– {format_date(end, lang)}"
    return f"{first} – {format_date(end, lang)}"


def value_label(value: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The reader's word for a data value such as an audience or a kind (`value.<value>`)."""
    key = f"value.{value}"
    return t(key, lang) if has_key(key, DEFAULT_LANGUAGE) else value


def value_plural(value: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The plural of a data value, as a heading of several ('summer schools')."""
    key = f"value_plural.{value}"
    return t(key, lang) if has_key(key, DEFAULT_LANGUAGE) else value_label(value, lang)
