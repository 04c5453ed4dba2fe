"""alliance.toml declared like the tables: its keys, their types, and every problem located."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass

from alliance.problems import ERROR, WARNING, Problem, problem

IDENTITY_FILE = "alliance.toml"
COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
PARTIAL_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?|\d{4}/\d{2}")
QUALIFIERS = ("over", "nearly")
KINDS = ("text", "url", "date", "color", "colors", "number", "bool", "qualifier", "languages")


@dataclass(frozen=True)
class Key:
    """One key of alliance.toml: where it lives, what it holds, what it is for."""

    section: str  # "alliance", "alliance.description", "colors" or "figures" (one per figure)
    name: str  # "*" stands for any language code
    kind: str
    required: bool
    description: str
    description_fr: str


KEYS: tuple[Key, ...] = (
    Key("alliance", "name", "text", True, "The alliance's full name.",
        "Nom complet de l'alliance."),
    Key("alliance", "acronym", "text", True, "Its short name, shown in titles.",
        "Son nom court, affiché dans les titres."),
    Key("alliance", "website", "url", False, "Its website (http or https).",
        "Son site web (http ou https)."),
    Key("alliance", "selected", "date", False, "The day the European Commission selected it.",
        "Le jour où la Commission européenne l'a retenue."),
    Key("alliance", "legal_form", "text", False, "Its legal form, as it describes itself.",
        "Sa forme juridique, telle qu'elle la décrit."),
    Key("alliance.description", "*", "text", True,
        "One sentence about the alliance per language (`en`, `fr`, ...); English is required.",
        "Une phrase sur l'alliance par langue (`en`, `fr`, ...) ; l'anglais est obligatoire."),
    Key("colors", "primary", "color", True,
        "The alliance's main colour (#RRGGBB): titles, the theme's primary colour.",
        "Couleur principale de l'alliance (#RRVVBB) : titres, couleur principale du thème."),
    Key("colors", "primary_dark", "color", False,
        "The main colour on dark backgrounds (the dark theme).",
        "Couleur principale sur fond sombre (thème sombre)."),
    Key("colors", "accent", "color", False, "A second colour for highlights.",
        "Seconde couleur pour les mises en avant."),
    Key("colors", "text", "color", False,
        "Body text on the light theme; dark enough for WCAG AA contrast in captions.",
        "Texte courant du thème clair ; assez sombre pour le contraste WCAG AA des légendes."),
    Key("colors", "code_text", "color", False, "Inline code on the light theme.",
        "Code en ligne du thème clair."),
    Key("colors", "palette", "colors", False,
        "Chart colours, in order; keep them distinct for colour-blind readers (Okabe-Ito).",
        "Couleurs des graphiques, dans l'ordre ; distinctes pour les daltoniens (Okabe-Ito)."),
    Key("figures", "key", "text", True, "A short id for the figure.", "Identifiant court."),
    Key("figures", "value", "number", True, "The figure as published.", "Le chiffre publié."),
    Key("figures", "as_of", "date", True, "When it was true: YYYY, YYYY-MM, YYYY-MM-DD or "
        "an academic year YYYY/YY.", "Date de validité : AAAA, AAAA-MM, AAAA-MM-JJ ou année "
        "universitaire AAAA/AA."),
    Key("figures", "approximate", "bool", False, "true when the figure is rounded (about).",
        "true quand le chiffre est arrondi (environ)."),
    Key("figures", "qualifier", "qualifier", False,
        "`over` for a lower bound, `nearly` for an upper one.",
        "`over` pour un minimum, `nearly` pour un maximum."),
    Key("figures", "label_*", "text", True, "Its label per language; `label_en` is required.",
        "Son libellé par langue ; `label_en` est obligatoire."),
    Key("figures", "note_*", "text", False, "What it counts, per language.",
        "Ce qu'il compte, par langue."),
    Key("figures", "source", "url", True, "The page that shows it (not a home page).",
        "La page qui le montre (pas une page d'accueil)."),
)
SECTIONS = ("alliance", "alliance.description", "colors", "figures")
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")


def _lines(text: str) -> dict[str, int]:
    """The line of every `key =` and table header, by path (`figures.2.value`).

    A plain scan, enough for the simple tables alliance.toml holds: tomllib gives values,
    not where they were written.
    """
    found: dict[str, int] = {}
    table = ""
    counts: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if header := re.fullmatch(r"\[\[\s*([\w.]+)\s*\]\].*", line):
            name = header.group(1)
            counts[name] = counts.get(name, 0) + 1
            table = f"{name}.{counts[name]}"
            found.setdefault(table, number)
        elif header := re.fullmatch(r"\[\s*([\w.]+)\s*\].*", line):
            table = header.group(1)
            found.setdefault(table, number)
        elif key := re.match(r'"?([\w-]+)"?\s*=', line):
            found.setdefault(f"{table}.{key.group(1)}" if table else key.group(1), number)
    return found


def _declared(section: str, name: str) -> Key | None:
    for key in KEYS:
        if key.section != section:
            continue
        if key.name == name or (key.name.endswith("*") and name.startswith(key.name[:-1])
                                and LANGUAGE_CODE.fullmatch(name[len(key.name) - 1:] or "?")):
            return key
    return None


def _kind_problem(kind: str, value: object) -> str | None:
    """The problem code when `value` is not of `kind`, else None."""
    checks = {
        "text": lambda v: isinstance(v, str) and v.strip() != "",
        "url": lambda v: isinstance(v, str) and v.startswith(("https://", "http://")),
        "date": lambda v: isinstance(v, str) and PARTIAL_DATE.fullmatch(v) is not None,
        "color": lambda v: isinstance(v, str) and COLOR.fullmatch(v) is not None,
        "colors": lambda v: isinstance(v, list) and bool(v)
        and all(isinstance(c, str) and COLOR.fullmatch(c) for c in v),
        "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "bool": lambda v: isinstance(v, bool),
        "qualifier": lambda v: v in QUALIFIERS,
    }
    return None if checks[kind](value) else f"identity_{kind}"


MAX_IDENTITY_BYTES = 1024 * 1024  # alliance.toml is read up to this size, never more


def check_identity(text: str) -> tuple[dict[str, object] | None, list[Problem]]:
    """The parsed alliance.toml and every problem in it, each with its line.

    The identity is None when the file cannot be parsed or has errors: it is never read as
    an empty table.
    """
    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"line (\d+)", str(exc))
        line = int(where.group(1)) if where else max(1, len(text.splitlines()))  # at the end
        reason = str(exc).split(" (at ")[0]
        return None, [problem(IDENTITY_FILE, line, None, None, "identity_syntax",
                              reason=reason)]
    lines = _lines(text)
    found: list[Problem] = []

    def report(path: str, column: str | None, value: object, code: str,
               severity: str = ERROR, **params: object) -> None:
        line = lines.get(path) or lines.get(path.rsplit(".", 1)[0])
        shown = None if value is None else str(value)[:80]
        found.append(problem(IDENTITY_FILE, line, column, shown, code, severity, **params))

    def check_table(section: str, path: str, table: Mapping[str, object]) -> None:
        for name, value in table.items():
            if section == "alliance" and name == "description":
                continue
            key = _declared(section, name)
            if key is None:
                report(f"{path}.{name}", name, None, "identity_unknown_key", WARNING,
                       section=section)
            elif code := _kind_problem(key.kind, value):
                report(f"{path}.{name}", name, value, code)
        for key in KEYS:
            if key.section != section or not key.required:
                continue
            name = key.name.replace("*", "en")
            if name not in table:
                report(path, name, None, "identity_missing_key", section=section)

    for name in parsed:
        if name not in {"alliance", "colors", "figures"}:
            report(name, name, None, "identity_unknown_key", WARNING, section="")
    alliance = parsed.get("alliance")
    if not isinstance(alliance, dict):
        report("alliance", None, None, "identity_missing_section", section="alliance")
    else:
        check_table("alliance", "alliance", alliance)
        description = alliance.get("description")
        if not isinstance(description, dict):
            report("alliance.description", None, None, "identity_missing_section",
                   section="alliance.description")
        else:
            check_table("alliance.description", "alliance.description", description)
    colors = parsed.get("colors")
    if not isinstance(colors, dict):
        report("colors", None, None, "identity_missing_section", section="colors")
    else:
        check_table("colors", "colors", colors)
    figures = parsed.get("figures", [])
    if not isinstance(figures, list) or not all(isinstance(f, dict) for f in figures):
        report("figures", None, None, "identity_missing_section", section="figures")
    else:
        seen: set[object] = set()
        for number, figure in enumerate(figures, start=1):
            check_table("figures", f"figures.{number}", figure)
            if figure.get("key") in seen:
                report(f"figures.{number}.key", "key", figure.get("key"), "identity_duplicate")
            seen.add(figure.get("key"))
    errors = any(p.severity == ERROR for p in found)
    return (None if errors else parsed), found
