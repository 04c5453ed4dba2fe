"""Every user-facing sentence, in English and French, and locale-aware number and date formats."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from functools import cache

from babel import Locale, dates, numbers

LANGUAGES = ("en", "fr")
DEFAULT_LANGUAGE = "en"

EXCEL_UTF8 = {
    "en": "In Excel choose File > Save As > 'CSV UTF-8 (Comma delimited) (*.csv)'.",
    "fr": "Dans Excel, choisissez Fichier > Enregistrer sous > « CSV UTF-8 (délimité par des "
          "virgules) (*.csv) ».",
}

MESSAGES: dict[str, dict[str, str]] = {
    # Problems found in the data. Parameters: column, value and the problem's own.
    "problem.file_missing": {
        "en": "The file is missing from the data folder {folder}.",
        "fr": "Le fichier est absent du dossier de données {folder}.",
    },
    "problem.file_unreadable": {
        "en": "The file cannot be read: {reason}.",
        "fr": "Le fichier ne peut pas être lu : {reason}.",
    },
    "problem.encoding": {
        "en": "The file is not UTF-8 (byte {value} on this line). " + EXCEL_UTF8["en"],
        "fr": "Le fichier n'est pas en UTF-8 (octet {value} sur cette ligne). " + EXCEL_UTF8["fr"],
    },
    "problem.utf16": {
        "en": "The file is saved as UTF-16 ('Unicode text'), not as CSV. " + EXCEL_UTF8["en"],
        "fr": "Le fichier est enregistré en UTF-16 (« Texte Unicode »), pas en CSV. "
              + EXCEL_UTF8["fr"],
    },
    "problem.empty_file": {
        "en": "The file is empty: it needs a header line with the column names, then one "
              "line per row.",
        "fr": "Le fichier est vide : il faut une ligne d'en-tête avec les noms de colonnes, "
              "puis une ligne par enregistrement.",
    },
    "problem.header_only": {
        "en": "The file has column names but no rows.",
        "fr": "Le fichier contient les noms de colonnes mais aucune ligne.",
    },
    "problem.no_header": {
        "en": "The first line does not name any expected column; it should be the header: "
              "{expected}.",
        "fr": "La première ligne ne nomme aucune colonne attendue ; ce doit être l'en-tête : "
              "{expected}.",
    },
    "problem.unclosed_quote": {
        "en": "A quotation mark opened here is never closed, so the rest of the file cannot "
              "be read. Close it or remove it.",
        "fr": "Un guillemet ouvert ici n'est jamais fermé, le reste du fichier ne peut donc "
              "pas être lu. Fermez-le ou supprimez-le.",
    },
    "problem.missing_column": {
        "en": "Required column '{column}' is missing from the header.",
        "fr": "La colonne obligatoire « {column} » manque dans l'en-tête.",
    },
    "problem.unknown_column": {
        "en": "Column '{column}' is not one of this table's columns ({expected}).",
        "fr": "La colonne « {column} » ne fait pas partie de cette table ({expected}).",
    },
    "problem.unknown_column_guess": {
        "en": "Column '{column}' is not one of this table's columns; did you mean '{guess}'?",
        "fr": "La colonne « {column} » ne fait pas partie de cette table ; vouliez-vous dire "
              "« {guess} » ?",
    },
    "problem.duplicate_column": {
        "en": "Column '{column}' appears twice in the header.",
        "fr": "La colonne « {column} » apparaît deux fois dans l'en-tête.",
    },
    "problem.too_many_fields": {
        "en": "This line has {found} cells where the header has {expected}: a delimiter "
              "too many, or a cell with a comma that needs quotation marks. The row was "
              "not loaded.",
        "fr": "Cette ligne a {found} cellules alors que l'en-tête en a {expected} : un "
              "séparateur en trop, ou une cellule contenant une virgule à mettre entre "
              "guillemets. La ligne n'a pas été chargée.",
    },
    "problem.too_few_fields": {
        "en": "This line has {found} cells where the header has {expected}. The row was "
              "not loaded.",
        "fr": "Cette ligne a {found} cellules alors que l'en-tête en a {expected}. La ligne "
              "n'a pas été chargée.",
    },
    "problem.blank_line": {
        "en": "Blank line, ignored.",
        "fr": "Ligne vide, ignorée.",
    },
    "problem.empty_row": {
        "en": "Every cell of this row is empty; the row is ignored.",
        "fr": "Toutes les cellules de cette ligne sont vides ; la ligne est ignorée.",
    },
    "problem.required": {
        "en": "'{column}' is required and is empty.",
        "fr": "« {column} » est obligatoire et il est vide.",
    },
    "problem.whitespace": {
        "en": "'{value}' has spaces at its start or end; they are kept as typed.",
        "fr": "« {value} » commence ou finit par des espaces ; elles sont gardées telles quelles.",
    },
    "problem.type_integer": {
        "en": "'{value}' is not a whole number; write digits only, with no spaces or "
              "thousands separators (e.g. {example}).",
        "fr": "« {value} » n'est pas un nombre entier ; écrivez uniquement des chiffres, sans "
              "espace ni séparateur de milliers (ex. {example}).",
    },
    "problem.type_decimal": {
        "en": "'{value}' is not a number; write it like {example} (a decimal comma is "
              "accepted only in semicolon-separated files).",
        "fr": "« {value} » n'est pas un nombre ; écrivez-le comme {example} (la virgule "
              "décimale n'est acceptée que dans les fichiers séparés par des points-virgules).",
    },
    "problem.type_date": {
        "en": "'{value}' is not a date as YYYY, YYYY-MM or YYYY-MM-DD (e.g. {example}). If "
              "Excel changed it, format the column as Text before typing the date.",
        "fr": "« {value} » n'est pas une date AAAA, AAAA-MM ou AAAA-MM-JJ (ex. {example}). "
              "Si Excel l'a modifiée, mettez la colonne au format Texte avant de saisir la date.",
    },
    "problem.type_boolean": {
        "en": "'{value}' is not true or false.",
        "fr": "« {value} » n'est ni true (vrai) ni false (faux).",
    },
    "problem.type_url": {
        "en": "'{value}' is not a web address starting with http:// or https:// (several "
              "are separated by one space).",
        "fr": "« {value} » n'est pas une adresse web commençant par http:// ou https:// "
              "(plusieurs sont séparées par une espace).",
    },
    "problem.pattern": {
        "en": "'{value}' does not have the expected form ({hint}), e.g. {example}.",
        "fr": "« {value} » n'a pas la forme attendue ({hint}), ex. {example}.",
    },
    "problem.allowed": {
        "en": "'{value}' is not an allowed value; choose one of: {allowed}.",
        "fr": "« {value} » n'est pas une valeur permise ; choisissez parmi : {allowed}.",
    },
    "problem.range": {
        "en": "{value} is outside the allowed range {minimum} to {maximum}.",
        "fr": "{value} est hors de l'intervalle permis, de {minimum} à {maximum}.",
    },
    "problem.unique": {
        "en": "'{value}' is already used as {column} on line {first_line}; each {column} "
              "must be unique.",
        "fr": "« {value} » est déjà utilisé comme {column} à la ligne {first_line} ; chaque "
              "{column} doit être unique.",
    },
    "problem.duplicate_row": {
        "en": "This row repeats line {first_line} exactly.",
        "fr": "Cette ligne répète exactement la ligne {first_line}.",
    },
    "problem.formula": {
        "en": "'{value}' starts with {start}, which a spreadsheet would run as a formula when "
              "it opens this file; remove that character or rephrase (the app's downloads "
              "already neutralise it).",
        "fr": "« {value} » commence par {start}, qu'un tableur exécuterait comme une formule "
              "en ouvrant ce fichier ; retirez ce caractère ou reformulez (les "
              "téléchargements de l'application le neutralisent déjà).",
    },
    "problem.markup": {
        "en": "'{value}' contains markup between < and >; write plain text.",
        "fr": "« {value} » contient du balisage entre < et > ; écrivez du texte simple.",
    },
    "problem.order": {
        "en": "{column} '{value}' comes before {other} '{other_value}'.",
        "fr": "{column} « {value} » est antérieur à {other} « {other_value} ».",
    },
    "problem.foreign_key": {
        "en": "'{value}' is not an {target_column} in {target_file}.",
        "fr": "« {value} » n'est pas un {target_column} de {target_file}.",
    },
    "problem.main_campus": {
        "en": "University '{value}' has {count} main campuses; mark exactly one as main.",
        "fr": "L'université « {value} » a {count} campus principaux ; marquez-en exactement un.",
    },
    # alliance.toml, checked against alliance/identity.py.
    "problem.identity_syntax": {
        "en": "alliance.toml is not valid TOML: {reason}. Nothing in it is used until it is "
              "fixed.",
        "fr": "alliance.toml n'est pas du TOML valide : {reason}. Rien n'en est utilisé avant "
              "correction.",
    },
    "problem.identity_missing_section": {
        "en": "The table [{section}] is missing or is not a table.",
        "fr": "La table [{section}] manque ou n'est pas une table.",
    },
    "problem.identity_missing_key": {
        "en": "[{section}] needs the key '{column}'.",
        "fr": "[{section}] doit contenir la clé « {column} ».",
    },
    "problem.identity_unknown_key": {
        "en": "'{column}' is not a known key here; see the data dictionary for alliance.toml.",
        "fr": "« {column} » n'est pas une clé connue ici ; voyez le dictionnaire des données "
              "pour alliance.toml.",
    },
    "problem.identity_duplicate": {
        "en": "Two figures have the key '{value}'.",
        "fr": "Deux chiffres ont la clé « {value} ».",
    },
    "problem.identity_text": {"en": "'{column}' must be a non-empty text in quotes.",
                              "fr": "« {column} » doit être un texte non vide, entre "
                                    "guillemets."},
    "problem.identity_url": {"en": "'{column}' must be a web address starting with https://.",
                             "fr": "« {column} » doit être une adresse web commençant par "
                                   "https://."},
    "problem.identity_date": {
        "en": "'{value}' is not a date: write YYYY, YYYY-MM, YYYY-MM-DD or YYYY/YY, in quotes.",
        "fr": "« {value} » n'est pas une date : écrivez AAAA, AAAA-MM, AAAA-MM-JJ ou AAAA/AA, "
              "entre guillemets.",
    },
    "problem.identity_color": {"en": "'{value}' is not a colour: write #RRGGBB, in quotes.",
                               "fr": "« {value} » n'est pas une couleur : écrivez #RRVVBB, "
                                     "entre guillemets."},
    "problem.identity_colors": {
        "en": "'{column}' must be a list of colours like [\"#0072B2\", \"#E69F00\"].",
        "fr": "« {column} » doit être une liste de couleurs comme [\"#0072B2\", \"#E69F00\"].",
    },
    "problem.identity_number": {"en": "'{value}' is not a number (write it without quotes).",
                                "fr": "« {value} » n'est pas un nombre (écrivez-le sans "
                                      "guillemets)."},
    "problem.identity_bool": {"en": "'{column}' must be true or false, without quotes.",
                              "fr": "« {column} » doit valoir true ou false, sans guillemets."},
    "problem.identity_qualifier": {"en": "'{value}' is not a qualifier: use over or nearly.",
                                   "fr": "« {value} » n'est pas un qualificatif : utilisez "
                                         "over ou nearly."},
    # Saving tables (alliance/store.py) and its command line.
    "store.conflict": {
        "en": "This table was changed by someone else at {at}; review their change, then "
              "reapply yours.",
        "fr": "Cette table a été modifiée par quelqu'un d'autre à {at} ; examinez sa "
              "modification, puis appliquez de nouveau la vôtre.",
    },
    "store.conflict_by": {
        "en": "This table was changed by someone else at {at} (by {who}); review their "
              "change, then reapply yours.",
        "fr": "Cette table a été modifiée par quelqu'un d'autre à {at} (par {who}) ; examinez "
              "sa modification, puis appliquez de nouveau la vôtre.",
    },
    "store.invalid": {
        "en": "Nothing was saved: the data would have {errors} error(s). Fix them and save "
              "again.",
        "fr": "Rien n'a été enregistré : les données auraient {errors} erreur(s). Corrigez-les "
              "et enregistrez de nouveau.",
    },
    "store.unreadable": {
        "en": "Nothing was saved: the current {file} cannot be read, so a save would lose its "
              "rows. Why: {why} To mend it, open it in Excel and save it again as \"CSV UTF-8 "
              "(comma delimited)\", or restore an earlier version (`python -m alliance "
              "history {table}`, then `python -m alliance restore {table} VERSION`, or "
              "History in Edit data).",
        "fr": "Rien n'a été enregistré : le fichier actuel {file} ne peut pas être lu, un "
              "enregistrement perdrait donc ses lignes. Cause : {why} Pour le réparer, "
              "ouvrez-le dans Excel et enregistrez-le de nouveau au format « CSV UTF-8 "
              "(délimité par des virgules) », ou restaurez une version antérieure (`python -m "
              "alliance history {table}`, puis `python -m alliance restore {table} VERSION`, "
              "ou Historique dans Modifier les données).",
    },
    "store.not_allowed": {
        "en": "You may not change the data.",
        "fr": "Vous n'êtes pas autorisé à modifier les données.",
    },
    "store.kind.save": {"en": "saved", "fr": "enregistré"},
    "store.kind.restore": {"en": "restored", "fr": "restauré"},
    "store.kind.outside": {"en": "changed outside the app",
                           "fr": "modifié hors de l'application"},
    "store.cli.no_change": {"en": "No change: nothing to save.",
                            "fr": "Aucun changement : rien à enregistrer."},
    "store.cli.confirm": {"en": "Save {table}? [y/N] ", "fr": "Enregistrer {table} ? [o/N] "},
    "store.cli.declined": {"en": "Not saved.", "fr": "Non enregistré."},
    "store.cli.saved": {"en": "Saved {table} as version {version}.",
                        "fr": "{table} enregistré, version {version}."},
    "store.cli.more": {"en": "… and {count} more", "fr": "… et {count} de plus"},
    "store.cli.no_history": {"en": "No saved versions yet.",
                             "fr": "Aucune version enregistrée pour l'instant."},
    "store.cli.ambiguous_version": {
        "en": "'{version}' is the start of {count} versions of {table}; give more of the id:",
        "fr": "« {version} » est le début de {count} versions de {table} ; donnez davantage de "
              "l'identifiant :",
    },
    "cli.no_folder": {"en": "{folder}: not a readable folder.",
                      "fr": "{folder} : pas un dossier lisible."},
    "cli.no_file": {"en": "{file}: cannot be read ({reason}).",
                    "fr": "{file} : illisible ({reason})."},
    "cli.unknown_table": {"en": "Unknown table '{table}'; the tables are: {tables}.",
                          "fr": "Table « {table} » inconnue ; les tables sont : {tables}."},
    "cli.lock_timeout": {
        "en": "Nothing was saved: another save held {lock} for {seconds:g} s. Try again in a "
              "moment (${variable} sets how long to wait).",
        "fr": "Rien n'a été enregistré : un autre enregistrement a occupé {lock} pendant "
              "{seconds:g} s. Réessayez dans un instant (${variable} règle l'attente).",
    },
    "cli.no_space": {
        "en": "Nothing was saved: the disk is full (or the file is larger than allowed) at "
              "{path}. Free some space, then run the command again.",
        "fr": "Rien n'a été enregistré : le disque est plein (ou le fichier dépasse la taille "
              "permise) à {path}. Libérez de la place, puis relancez la commande.",
    },
    "cli.read_only": {
        "en": "Nothing was saved: {path} cannot be written (a read-only folder, or no "
              "permission). Ask for write access to the data folder.",
        "fr": "Rien n'a été enregistré : {path} n'est pas accessible en écriture (dossier en "
              "lecture seule, ou pas d'autorisation). Demandez l'accès en écriture au "
              "dossier de données.",
    },
    "cli.os_error": {"en": "Nothing was saved: {path}: {reason}.",
                     "fr": "Rien n'a été enregistré : {path} : {reason}."},
    "cli.interrupted": {"en": "Interrupted.", "fr": "Interrompu."},
    "store.cli.unknown_version": {
        "en": "No version {version} of {table} is kept; see `python -m alliance history "
              "{table}`.",
        "fr": "Aucune version {version} de {table} n'est conservée ; voir `python -m alliance "
              "history {table}`.",
    },
}


def t(key: str, lang: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """The sentence for `key` in `lang` (English when missing), with parameters filled in."""
    entry = next((c[key] for c in catalogs() if key in c), None)
    if entry is None:
        return key
    text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return text.format(**params) if params else text


def translated_label(label: object, keys: Sequence[str], lang: str) -> str | None:
    """`label` as said in `lang`: the text of whichever of `keys` reads `label` in any language.

    A widget that remembers its choice by label (tabs) keeps it when the reader switches
    language. None when `label` is none of them.
    """
    for key in keys:
        if any(label == t(key, other) for other in LANGUAGES):
            return t(key, lang)
    return None


def in_language(frame: object, column: str, lang: str) -> object:
    """A table's column as said in `lang`: its `column_{lang}` translation where the table has
    one and the cell is filled, else the column itself (the English text)."""
    translated = f"{column}_{lang}"
    if lang != DEFAULT_LANGUAGE and translated in frame:  # type: ignore[operator]
        return frame[translated].fillna(frame[column])  # type: ignore[index]
    return frame[column]  # type: ignore[index]


def mark_examples(titles: Iterable[object], examples: Iterable[object],
                  lang: str) -> list[object]:
    """Titles with "(example)" after those of illustrative rows, in `lang`."""
    label = t("overview.illustrative", lang)
    return [f"{title} ({label})" if bool(example) else title
            for title, example in zip(titles, examples, strict=True)]


def pick_language(requested: str | None, browser_locale: str | None) -> str:
    """The URL's choice if valid, else the browser's language if we have it, else English."""
    for candidate in (requested, browser_locale):
        if candidate:
            code = str(candidate).replace("_", "-").split("-")[0].lower()
            if code in LANGUAGES:
                return code
    return DEFAULT_LANGUAGE


# The CLDR locale whose conventions (digits, dates, names, plurals) each language follows.
LOCALES = {"en": "en_GB", "fr": "fr_FR"}


@cache
def cldr_locale(lang: str) -> Locale:
    """Babel's locale for a language of the app: CLDR data, never hand-written rules."""
    return Locale.parse(LOCALES.get(lang, lang))


def format_number(value: float | int | None, lang: str = DEFAULT_LANGUAGE,
                  decimals: int = 0) -> str:
    """1234567.5 -> '1,234,567.5' in English, '1 234 567,5' in French (CLDR's symbols)."""
    if value is None or value != value:  # None or NaN
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return numbers.format_decimal(round(float(value), decimals) if decimals else round(value),
                                  format=pattern, locale=cldr_locale(lang))


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


def format_span(start: object, end: object, lang: str = DEFAULT_LANGUAGE) -> str:
    """A date span in words at its own precision: "5 July 2027 – 16 July 2027"; one date when
    the end is missing or the same."""
    first = format_date(start if isinstance(start, str) else None, lang)
    if not isinstance(end, str) or not end or end == start:
        return first
    return f"{first} – {format_date(end, lang)}"


# Labels for the allowed values of the data, so French readers see French words.
VALUES: dict[str, dict[str, str]] = {
    "students": {"fr": "étudiants"}, "staff": {"fr": "personnel"},
    "researchers": {"fr": "chercheurs"}, "everyone": {"fr": "tout le monde"},
    "study mobility": {"fr": "mobilité d'études"}, "internship": {"fr": "stage"},
    "online course": {"fr": "cours en ligne"},
    "blended intensive programme": {"fr": "programme intensif hybride"},
    "summer school": {"fr": "école d'été"}, "MOOC": {"fr": "MOOC"},
    "language course": {"fr": "cours de langue"},
    "staff mobility": {"fr": "mobilité du personnel"}, "training": {"fr": "formation"},
    "sport and culture": {"fr": "sport et culture"}, "research": {"fr": "recherche"},
    "international relations": {"fr": "relations internationales"},
    "event": {"fr": "événement"}, "excellence programme": {"fr": "programme d'excellence"},
    "online": {"fr": "en ligne"}, "on site": {"fr": "sur site"}, "blended": {"fr": "hybride"},
    "governance": {"fr": "gouvernance"}, "funding": {"fr": "financement"},
    "membership": {"fr": "adhésion"}, "project": {"fr": "projet"},
    "founding member": {"fr": "membre fondateur"}, "member": {"fr": "membre"},
}


def value_label(value: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The reader's word for a data value such as an audience or a kind."""
    return VALUES.get(value, {}).get(lang, value)


UI: dict[str, dict[str, str]] = {
    "app.title": {"en": "Alliance Atlas", "fr": "Alliance Atlas"},
    "app.language": {"en": "Language", "fr": "Langue"},
    "app.failed": {
        "en": "This page could not be drawn. The data and the other pages are unaffected; "
              "the details are in the server log.",
        "fr": "Cette page n'a pas pu s'afficher. Les données et les autres pages ne sont pas "
              "touchées ; le détail est dans le journal du serveur.",
    },
    "app.loading": {"en": "Reading and checking the data…", "fr": "Lecture et vérification "
                    "des données…"},
    "app.no_data": {
        "en": "No usable data yet: see Data health for what to fix.",
        "fr": "Pas encore de données utilisables : voyez Santé des données pour les corriger.",
    },
    "nav.overview": {"en": "Overview", "fr": "Vue d'ensemble"},
    "nav.health": {"en": "Data health", "fr": "Santé des données"},
    "banner.last_valid": {
        "en": "{file} has {count} problem(s): showing its last valid version until it is fixed.",
        "fr": "{file} contient {count} problème(s) : sa dernière version valide reste affichée "
              "jusqu'à correction.",
    },
    "banner.identity": {
        "en": "alliance.toml has {count} problem(s): showing its last valid version until it "
              "is fixed.",
        "fr": "alliance.toml contient {count} problème(s) : sa dernière version valide reste "
              "affichée jusqu'à correction.",
    },
    "banner.valid_rows": {
        "en": "{file} has {count} problem(s) and no earlier valid version: showing only its "
              "valid rows.",
        "fr": "{file} contient {count} problème(s) et aucune version valide antérieure : seules "
              "ses lignes valides sont affichées.",
    },
    "banner.link": {"en": "See what to fix", "fr": "Voir quoi corriger"},
    "overview.members": {"en": "Member universities", "fr": "Universités membres"},
    "overview.members_help": {"en": "{founding} founding members", "fr": "{founding} membres "
                              "fondateurs"},
    "overview.countries": {"en": "Countries", "fr": "Pays"},
    "overview.students": {"en": "Students", "fr": "Étudiants"},
    "overview.students_help": {
        "en": "Sum of the latest figure published by each of {known} members; years differ "
              "and several are approximate.",
        "fr": "Somme du dernier chiffre publié par chacun des {known} membres ; les années "
              "diffèrent et plusieurs sont approximatifs.",
    },
    "overview.campuses": {"en": "Campuses", "fr": "Campus"},
    "overview.open_now": {"en": "Open for applications", "fr": "Candidatures ouvertes"},
    "overview.running": {"en": "Running now", "fr": "En cours"},
    "overview.upcoming": {"en": "Upcoming", "fr": "À venir"},
    "overview.activities_caption": {
        "en": "Activities and opportunities on {today}, out of {total} listed.",
        "fr": "Activités et opportunités au {today}, sur {total} recensées.",
    },
    "overview.coordinator": {"en": "Coordinated by {name}.", "fr": "Coordonnée par {name}."},
    "overview.key_dates": {"en": "Key dates", "fr": "Dates clés"},
    "overview.next": {"en": "Next opportunities", "fr": "Prochaines opportunités"},
    "overview.next_empty": {"en": "No upcoming or open activity in the data.",
                            "fr": "Aucune activité à venir ou ouverte dans les données."},
    "overview.members_table": {"en": "Members", "fr": "Membres"},
    "overview.reported": {"en": "As reported by the alliance", "fr": "Selon l'alliance"},
    "overview.as_of": {"en": "as of {when}", "fr": "au {when}"},
    "overview.illustrative": {"en": "example", "fr": "exemple"},
    "overview.illustrative_note": {
        "en": "Rows marked “example” illustrate the kind of opportunity offered; they are not "
              "published facts.",
        "fr": "Les lignes marquées « exemple » illustrent le type d'opportunité proposé ; ce ne "
              "sont pas des faits publiés.",
    },
    "col.name": {"en": "Name", "fr": "Nom"},
    "col.name_local": {"en": "Local name", "fr": "Nom local"},
    "col.city": {"en": "City", "fr": "Ville"},
    "col.country": {"en": "Country", "fr": "Pays"},
    "col.joined": {"en": "Joined", "fr": "Entrée"},
    "col.students": {"en": "Students", "fr": "Étudiants"},
    "col.role": {"en": "Membership", "fr": "Statut"},
    "col.date": {"en": "Date", "fr": "Date"},
    "col.what": {"en": "What", "fr": "Quoi"},
    "col.category": {"en": "Category", "fr": "Catégorie"},
    "col.title": {"en": "Title", "fr": "Titre"},
    "col.audience": {"en": "For", "fr": "Public"},
    "col.kind": {"en": "Kind", "fr": "Type"},
    "col.host": {"en": "Host", "fr": "Hôte"},
    "col.starts": {"en": "Starts", "fr": "Début"},
    "col.apply_by": {"en": "Apply by", "fr": "Candidature avant"},
    "col.file": {"en": "File", "fr": "Fichier"},
    "col.rows": {"en": "Rows", "fr": "Lignes"},
    "col.errors": {"en": "Errors", "fr": "Erreurs"},
    "col.warnings": {"en": "Warnings", "fr": "Avertissements"},
    "col.status": {"en": "Shown", "fr": "Affiché"},
    "col.line": {"en": "Line", "fr": "Ligne"},
    "col.column": {"en": "Column", "fr": "Colonne"},
    "col.value": {"en": "Value", "fr": "Valeur"},
    "col.code": {"en": "Code", "fr": "Code"},
    "col.severity": {"en": "Severity", "fr": "Gravité"},
    "col.message": {"en": "What is wrong", "fr": "Le problème"},
    "alliance.whole": {"en": "whole alliance", "fr": "toute l'alliance"},
    "coordinator": {"en": "coordinator", "fr": "coordinatrice"},
    "chart.students.title": {"en": "Students per member university",
                             "fr": "Étudiants par université membre"},
    "chart.students.x": {"en": "Students (latest published figure)",
                         "fr": "Étudiants (dernier chiffre publié)"},
    "chart.students.y": {"en": "University", "fr": "Université"},
    "chart.students.alt": {
        "en": "Bar chart of the number of students at each member university.",
        "fr": "Diagramme en barres du nombre d'étudiants de chaque université membre.",
    },
    "chart.membership": {"en": "Membership", "fr": "Statut"},
    "health.title": {"en": "Data health", "fr": "Santé des données"},
    "health.intro": {
        "en": "Every file in the data folder is checked each time it changes. Errors keep a "
              "file's new content off screen; warnings are shown but do not block it.",
        "fr": "Chaque fichier du dossier de données est vérifié à chaque modification. Les "
              "erreurs empêchent l'affichage du nouveau contenu d'un fichier ; les "
              "avertissements sont signalés sans le bloquer.",
    },
    "health.folder": {"en": "Data folder: {folder}", "fr": "Dossier de données : {folder}"},
    "health.examples": {
        "en": "{examples} of the {rows} rows are examples (marked illustrative = true), not "
              "real facts: {files}.",
        "fr": "{examples} des {rows} lignes sont des exemples (marqués illustrative = true), "
              "pas des faits réels : {files}."},
    "health.no_examples": {"en": "No row is an example: every row is published data.",
                           "fr": "Aucune ligne n'est un exemple : toutes sont des données "
                                 "publiées."},
    "col.examples": {"en": "Examples", "fr": "Exemples"},
    "health.clean": {"en": "All {files} files are valid: {rows} rows, no errors.",
                     "fr": "Les {files} fichiers sont valides : {rows} lignes, aucune erreur."},
    "health.dirty": {"en": "{errors} error(s) and {warnings} warning(s) in {files} file(s).",
                     "fr": "{errors} erreur(s) et {warnings} avertissement(s) dans {files} "
                           "fichier(s)."},
    "health.warnings_only": {"en": "No errors; {warnings} warning(s) to look at.",
                             "fr": "Aucune erreur ; {warnings} avertissement(s) à examiner."},
    "health.status.ok": {"en": "current file", "fr": "fichier actuel"},
    "health.status.last_valid": {"en": "last valid version", "fr": "dernière version valide"},
    "health.status.valid_rows": {"en": "valid rows only", "fr": "lignes valides seulement"},
    "health.problems_in": {"en": "{file}: {count} problem(s)", "fr": "{file} : {count} "
                           "problème(s)"},
    "health.download": {"en": "Download the report (CSV)", "fr": "Télécharger le rapport (CSV)"},
    "health.todo": {"en": "What to do", "fr": "Que faire"},
    "health.todo_text": {
        "en": "1. Open the file named above and go to the line shown (the header is line 1).\n"
              "2. Fix the value as the message says; the data dictionary lists every column.\n"
              "3. Save as *CSV UTF-8*; comma or semicolon both work.\n"
              "4. Run `python -m alliance validate` to check, or reload this page: the app "
              "picks up the saved file on its next rerun.",
        "fr": "1. Ouvrez le fichier indiqué et allez à la ligne donnée (l'en-tête est la "
              "ligne 1).\n"
              "2. Corrigez la valeur comme l'indique le message ; le dictionnaire des données "
              "décrit chaque colonne.\n"
              "3. Enregistrez en *CSV UTF-8* ; virgule ou point-virgule conviennent.\n"
              "4. Lancez `python -m alliance validate` pour vérifier, ou rechargez cette page : "
              "l'application prend le fichier enregistré en compte à l'exécution suivante.",
    },
    "health.columns": {"en": "Columns of {file}", "fr": "Colonnes de {file}"},
    "severity.error": {"en": "error", "fr": "erreur"},
    "severity.warning": {"en": "warning", "fr": "avertissement"},
}


def catalogs() -> tuple[dict[str, dict[str, str]], ...]:
    """Every catalogue of sentences: problems, the shell, then one per feature area."""
    from alliance.i18n_atlas import ATLAS
    from alliance.i18n_editor import EDITOR
    from alliance.i18n_explorer import EXPLORER
    from alliance.i18n_mobility import MOBILITY
    from alliance.i18n_progress import PROGRESS

    return (MESSAGES, UI, ATLAS, EXPLORER, EDITOR, MOBILITY, PROGRESS)
