"""The declared tables of the data folder: columns, types, constraints, keys and descriptions."""

from __future__ import annotations

from dataclasses import dataclass, field

from babel import Locale

from alliance.i18n import DEFAULT_LANGUAGE, LANGUAGES

# Kinds of column. Every cell is read as text; a kind says what that text must look like
# and what it becomes once loaded.
TEXT = "text"
INTEGER = "integer"
DECIMAL = "decimal"
DATE = "date"  # ISO partial date: YYYY, YYYY-MM or YYYY-MM-DD, as precise as known
BOOLEAN = "boolean"
URL = "url"  # one or more http(s) addresses separated by spaces

KINDS = (TEXT, INTEGER, DECIMAL, DATE, BOOLEAN, URL)

TRUE_WORDS = ("true", "yes", "1", "vrai", "oui")
FALSE_WORDS = ("false", "no", "0", "faux", "non")

DATE_PATTERN = r"[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?"  # ASCII digits
URL_PATTERN = r"https?://[^\s<>\"]+( https?://[^\s<>\"]+)*"
ID_PATTERN = r"[A-Z0-9][A-Z0-9-]*"
COUNTRY_PATTERN = r"[A-Z]{2}"
LANGUAGE_PATTERN = r"[a-z]{2}(/[a-z]{2})*"


@dataclass(frozen=True)
class Column:
    """One column: what it holds and what its cells must satisfy."""

    name: str
    kind: str
    description: str
    description_fr: str
    required: bool = False
    unique: bool = False
    allowed: tuple[str, ...] = ()
    pattern: str | None = None
    pattern_hint: str = ""
    minimum: float | None = None
    maximum: float | None = None
    references: str | None = None  # "table.column" this column points to
    example: str = ""
    translation_of: str | None = None  # the column this one translates (`title` for title_fr)


@dataclass(frozen=True)
class Table:
    """One CSV file of the data folder."""

    name: str
    description: str
    description_fr: str
    columns: tuple[Column, ...]
    primary_key: str = "id"
    # Pairs (start, end) of date columns where end may not come before start.
    ordered_dates: tuple[tuple[str, str], ...] = field(default=())

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)


def _source(examples: bool = False) -> Column:
    """The row's published source; in a table that also holds examples (`illustrative`), a
    published row needs one and an example row names none, since no page shows an example."""
    if examples:
        return Column(
            "source",
            URL,
            "Where the facts of this row were published: the web addresses of the pages "
            "that show them, separated by a space (a site's home page shows none and is "
            "warned of). Required on published rows; left empty on example rows, since no "
            "page shows an example.",
            "Où les faits de cette ligne ont été publiés : les adresses web des pages qui les "
            "montrent, séparées par une espace (la page d'accueil d'un site n'en montre aucun "
            "et donne un avertissement). Obligatoire sur les lignes publiées ; vide sur les "
            "exemples, qu'aucune page ne montre.",
            example="https://eunice-university.eu/10k-people-virtual-mobility",
        )
    return Column(
        "source",
        URL,
        "Where the facts of this row were published: the web addresses of the pages that "
        "show them, separated by a space (a site's home page shows none and is warned of).",
        "Où les faits de cette ligne ont été publiés : les adresses web des pages qui les "
        "montrent, séparées par une espace (la page d'accueil d'un site n'en montre aucun et "
        "donne un avertissement).",
        required=True,
        example="https://eunice-university.eu/10k-people-virtual-mobility",
    )


def _note() -> Column:
    return Column(
        "note",
        TEXT,
        "Caveats: approximate figures, older years, unconfirmed values.",
        "Réserves : chiffres approximatifs, années anciennes, valeurs non confirmées.",
        example="approximate",
    )


def _translations(base: Column, examples: dict[str, str] | None = None
                  ) -> tuple[Column, ...]:
    """`<column>_<language>` for every configured language but the default one, whose text
    the base column holds: one convention for any language the app is given. An empty
    translation shows the base column's text."""
    english, french = Locale.parse("en"), Locale.parse("fr")
    return tuple(
        Column(f"{base.name}_{lang}", TEXT,
               f"'{base.name}' in {english.languages.get(lang, lang)}; when empty, "
               f"'{base.name}' is shown.",
               f"« {base.name} » en {french.languages.get(lang, lang)} ; si vide, "
               f"« {base.name} » est montré.",
               example=(examples or {}).get(lang, ""), translation_of=base.name)
        for lang in LANGUAGES if lang != DEFAULT_LANGUAGE)


def _id(example: str, what: str, what_fr: str) -> Column:
    return Column(
        "id",
        TEXT,
        f"Identifier of the {what}: capital letters, digits and hyphens, unique in the file.",
        f"Identifiant {what_fr} : majuscules, chiffres et traits d'union, unique dans le fichier.",
        required=True,
        unique=True,
        pattern=ID_PATTERN,
        pattern_hint="A-Z, 0-9, -",
        example=example,
    )


_UNIVERSITY_NAME = Column("name", TEXT, "Name in English, the default language; the pages of "
                          "another language show its translation where there is one.",
                          "Nom en anglais, la langue par défaut ; les pages d'une autre langue "
                          "affichent sa traduction s'il y en a une.", required=True,
                          example="Poznan University of Technology")

UNIVERSITIES = Table(
    "universities",
    "The member universities of the alliance, one row each.",
    "Les universités membres de l'alliance, une ligne chacune.",
    (
        _id("PUT", "university", "de l'université"),
        _UNIVERSITY_NAME,
        Column("name_local", TEXT, "Name in the university's own language.",
               "Nom dans la langue de l'université.", required=True,
               example="Politechnika Poznańska"),
        *_translations(_UNIVERSITY_NAME, {"fr": "Université de Mons"}),
        Column("country", TEXT, "Country, as an ISO 3166-1 alpha-2 code.",
               "Pays, en code ISO 3166-1 alpha-2.", required=True,
               pattern=COUNTRY_PATTERN, pattern_hint="PL, DE, FR…", example="PL"),
        Column("city", TEXT, "City of the main campus.", "Ville du campus principal.",
               required=True, example="Poznań"),
        Column("website", URL, "Home page.", "Page d'accueil.", required=True,
               example="https://www.put.poznan.pl/"),
        Column("joined", DATE, "When the university joined the alliance (date of the "
               "selection or of the agreement).",
               "Date d'entrée dans l'alliance (sélection ou accord).", required=True,
               minimum=1990, maximum=2100, example="2020-07-09"),
        Column("funded_from", DATE, "When the university became a funded partner, if later "
               "than it joined.", "Date à partir de laquelle l'université est partenaire "
               "financé, si elle est postérieure à l'entrée.", minimum=1990, maximum=2100,
               example="2023-11"),
        Column("membership", TEXT, "Founding member or member.", "Membre fondateur ou membre.",
               required=True, allowed=("founding member", "member"), example="founding member"),
        Column("coordinator", BOOLEAN, "True for the university that coordinates the alliance.",
               "Vrai pour l'université qui coordonne l'alliance.", required=True,
               example="true"),
        Column("students", INTEGER, "Number of students (see students_as_of and note).",
               "Nombre d'étudiants (voir students_as_of et note).", minimum=0,
               maximum=1_000_000, example="21000"),
        Column("students_as_of", TEXT, "Year or academic year of the student figure.",
               "Année ou année universitaire du nombre d'étudiants.", example="2024/25"),
        Column("founded", INTEGER, "Year the university was founded.",
               "Année de fondation.", minimum=1000, maximum=2100, example="1919"),
        Column("erasmus_code", TEXT, "Erasmus institution code, with its fixed-width spaces.",
               "Code Erasmus de l'établissement, avec ses espaces de largeur fixe.",
               example="PL POZNAN02"),
        _note(),
        _source(),
    ),
    ordered_dates=(("joined", "funded_from"),),
)

LOCATIONS = Table(
    "locations",
    "Campuses of the member universities, one row each; one main campus per university.",
    "Campus des universités membres, une ligne chacun ; un campus principal par université.",
    (
        _id("PUT-POZNAN", "campus", "du campus"),
        Column("university_id", TEXT, "The university this campus belongs to.",
               "L'université à laquelle appartient ce campus.", required=True,
               references="universities.id", example="PUT"),
        Column("name", TEXT, "Name of the campus.", "Nom du campus.", required=True,
               example="Poznań campus"),
        Column("city", TEXT, "City.", "Ville.", required=True, example="Poznań"),
        Column("country", TEXT, "Country, as an ISO 3166-1 alpha-2 code.",
               "Pays, en code ISO 3166-1 alpha-2.", required=True,
               pattern=COUNTRY_PATTERN, pattern_hint="PL, DE, FR…", example="PL"),
        Column("latitude", DECIMAL, "Latitude in decimal degrees (WGS 84).",
               "Latitude en degrés décimaux (WGS 84).", required=True, minimum=-90,
               maximum=90, example="52.403"),
        Column("longitude", DECIMAL, "Longitude in decimal degrees (WGS 84).",
               "Longitude en degrés décimaux (WGS 84).", required=True, minimum=-180,
               maximum=180, example="16.95"),
        Column("main", BOOLEAN, "True for the university's main campus.",
               "Vrai pour le campus principal de l'université.", required=True,
               example="true"),
        _note(),
        _source(),
    ),
)

AMOUNT_KINDS = ("total_budget", "max_eu_grant")

PROJECTS = Table(
    "projects",
    "Funded projects of the alliance and its members.",
    "Projets financés de l'alliance et de ses membres.",
    (
        _id("EUNICE4U", "project", "du projet"),
        Column("name", TEXT, "Name of the project.", "Nom du projet.", required=True,
               example="EUNICE4U"),
        Column("programme", TEXT, "Funding programme.", "Programme de financement.",
               required=True, example="Erasmus+"),
        Column("start", DATE, "Start of the project.", "Début du projet.", required=True,
               minimum=1990, maximum=2100, example="2023-11"),
        Column("end", DATE, "End of the project.", "Fin du projet.", minimum=1990,
               maximum=2100, example="2027-10"),
        Column("budget_eur", DECIMAL, "Budget in euros (see amount_kind for what it covers).",
               "Budget en euros (voir amount_kind pour ce qu'il couvre).", minimum=0,
               maximum=1e10, example="14400000"),
        Column("amount_kind", TEXT, "What budget_eur is: the project's total budget or the "
               "maximum EU grant; empty when the source does not say.",
               "Ce qu'est budget_eur : le budget total du projet ou la subvention européenne "
               "maximale ; vide quand la source ne le dit pas.",
               allowed=AMOUNT_KINDS, example="max_eu_grant"),
        Column("coordinator_id", TEXT, "Coordinating member university, if any.",
               "Université membre coordinatrice, le cas échéant.",
               references="universities.id", example="PUT"),
        Column("description", TEXT, "What the project does.", "Ce que fait le projet.",
               example="Second phase of the alliance."),
        _note(),
        _source(),
    ),
    ordered_dates=(("start", "end"),),
)

AUDIENCES = ("students", "staff", "researchers", "everyone")
ACTIVITY_KINDS = (
    "study mobility", "internship", "online course", "blended intensive programme",
    "summer school", "MOOC", "language course", "staff mobility", "training",
    "sport and culture", "research", "international relations", "event",
    "excellence programme",
)
MODES = ("online", "on site", "blended")

_ACTIVITY_TITLE = Column("title", TEXT, "Title, in the default language.",
                         "Titre, dans la langue par défaut.", required=True,
                         example="Introduction to Global Studies")
_ACTIVITY_DESCRIPTION = Column("description", TEXT, "Short description, in the default language.",
                               "Description courte, dans la langue par défaut.",
                               example="Eight online lessons.")

ACTIVITIES = Table(
    "activities",
    "Programme activities and opportunities offered by the alliance and its members.",
    "Activités et opportunités proposées par l'alliance et ses membres.",
    (
        _id("A001", "activity", "de l'activité"),
        _ACTIVITY_TITLE,
        *_translations(_ACTIVITY_TITLE),
        Column("audience", TEXT, "Who it is for.", "À qui elle s'adresse.", required=True,
               allowed=AUDIENCES, example="students"),
        Column("kind", TEXT, "Kind of activity.", "Type d'activité.", required=True,
               allowed=ACTIVITY_KINDS, example="online course"),
        Column("host_id", TEXT, "Host university; empty when the whole alliance hosts it.",
               "Université d'accueil ; vide quand toute l'alliance l'organise.",
               references="universities.id", example="UC"),
        Column("mode", TEXT, "Online, on site or blended.", "En ligne, sur site ou hybride.",
               required=True, allowed=MODES, example="online"),
        Column("language", TEXT, "Languages of teaching, ISO 639-1 codes separated by /.",
               "Langues d'enseignement, codes ISO 639-1 séparés par /.", required=True,
               pattern=LANGUAGE_PATTERN, pattern_hint="en, en/fr", example="en"),
        Column("start", DATE, "First day (or month, or year).",
               "Premier jour (ou mois, ou année).", minimum=1990, maximum=2100,
               example="2027-07-05"),
        Column("end", DATE, "Last day (or month, or year).", "Dernier jour (ou mois, ou année).",
               minimum=1990, maximum=2100, example="2027-07-16"),
        Column("apply_by", DATE, "Application deadline.", "Date limite de candidature.",
               minimum=1990, maximum=2100, example="2027-04-30"),
        Column("ects", DECIMAL, "ECTS credits awarded.", "Crédits ECTS obtenus.", minimum=0,
               maximum=60, example="3"),
        Column("url", URL, "Where to read more or apply.", "Où en savoir plus ou candidater.",
               example="https://eunice-university.eu/"),
        _ACTIVITY_DESCRIPTION,
        *_translations(_ACTIVITY_DESCRIPTION),
        Column("project", TEXT, "Project it belongs to.", "Projet auquel elle appartient.",
               references="projects.id", example="EUNICE4U"),
        Column("illustrative", BOOLEAN, "True when the row is an example, not a published "
               "fact.", "Vrai quand la ligne est un exemple et non un fait publié.",
               required=True, example="false"),
        _source(examples=True),
    ),
    ordered_dates=(("start", "end"), ("apply_by", "start")),
)

MILESTONE_CATEGORIES = ("governance", "funding", "membership", "project", "event")

_MILESTONE_TITLE = Column("title", TEXT, "What happened, in the default language.",
                          "Ce qui s'est passé, dans la langue par défaut.", required=True,
                          example="Selected by the European Commission")

MILESTONES = Table(
    "milestones",
    "Dated events in the life of the alliance.",
    "Événements datés de la vie de l'alliance.",
    (
        _id("M01", "milestone", "du jalon"),
        Column("date", DATE, "When it happened, as precisely as known.",
               "Quand c'est arrivé, aussi précisément que connu.", required=True,
               minimum=1990, maximum=2100, example="2020-07-09"),
        Column("end", DATE, "Last day, for events over several days.",
               "Dernier jour, pour les événements sur plusieurs jours.", minimum=1990,
               maximum=2100, example="2022-06-01"),
        _MILESTONE_TITLE,
        *_translations(_MILESTONE_TITLE, {"fr": "Sélection par la Commission européenne"}),
        Column("category", TEXT, "Kind of milestone.", "Type de jalon.", required=True,
               allowed=MILESTONE_CATEGORIES, example="funding"),
        Column("university_id", TEXT, "Member university where it happened, if any.",
               "Université membre où cela s'est passé, le cas échéant.",
               references="universities.id", example="UMONS"),
        Column("highlight", BOOLEAN, "True for the key dates shown first.",
               "Vrai pour les dates clés montrées en premier.", required=True,
               example="true"),
        _note(),
        _source(),
    ),
    ordered_dates=(("date", "end"),),
)

DISTANCE_BANDS = Table(
    "distance_bands",
    "Erasmus+ travel-support bands by one-way distance, one row per band, with the amounts "
    "as published in the Programme Guide of the year given in as_of.",
    "Tranches d'aide au voyage Erasmus+ selon la distance aller, une ligne par tranche, avec "
    "les montants publiés dans le Guide du programme de l'année indiquée dans as_of.",
    (
        _id("B2", "band", "de la tranche"),
        Column("min_km", INTEGER, "Shortest one-way distance of the band, in km.",
               "Distance aller la plus courte de la tranche, en km.", required=True,
               minimum=0, maximum=40_000, example="100"),
        Column("max_km", INTEGER, "Longest one-way distance of the band, in km; empty for no "
               "upper limit.", "Distance aller la plus longue de la tranche, en km ; vide "
               "s'il n'y a pas de limite.", minimum=0, maximum=40_000, example="499"),
        Column("amount_eur", DECIMAL, "Standard travel support per participant, in euros.",
               "Aide au voyage standard par participant, en euros.", required=True,
               minimum=0, maximum=100_000, example="211"),
        Column("green_amount_eur", DECIMAL, "Travel support for green travel, in euros; empty "
               "when the band has none.", "Aide au voyage pour un voyage écologique, en "
               "euros ; vide si la tranche n'en prévoit pas.", minimum=0, maximum=100_000,
               example="285"),
        Column("as_of", TEXT, "Year of the Programme Guide the amounts come from.",
               "Année du Guide du programme dont viennent les montants.", required=True,
               example="2024"),
        _note(),
        _source(),
    ),
)

# The five dimensions of the Commission's monitoring framework for the European Universities.
DIMENSIONS = ("governance_cooperation", "education_mobility", "society_economy",
              "research_innovation", "wider_effects")
DIRECTIONS = ("higher", "lower")
UNITS = ("count", "percent", "EUR")

_INDICATOR_NAME = Column("name", TEXT, "What is counted, in the default language.",
                         "Ce qui est compté, dans la langue par défaut.", required=True,
                         example="People in virtual mobility since November 2020")

INDICATORS = Table(
    "indicators",
    "What the alliance measures its progress by, one row per indicator, grouped by the "
    "dimensions of the Commission's monitoring framework; a target only where one is published.",
    "Ce par quoi l'alliance mesure ses progrès, une ligne par indicateur, regroupés selon les "
    "dimensions du cadre de suivi de la Commission ; une cible seulement si elle est publiée.",
    (
        _id("VIRTUAL-MOBILITY", "indicator", "de l'indicateur"),
        Column("dimension", TEXT, "Dimension of the Commission's monitoring framework.",
               "Dimension du cadre de suivi de la Commission.", required=True,
               allowed=DIMENSIONS, example="education_mobility"),
        _INDICATOR_NAME,
        *_translations(_INDICATOR_NAME,
                       {"fr": "Personnes en mobilité virtuelle depuis novembre 2020"}),
        Column("unit", TEXT, "Unit of the values: a count, a percentage or euros.",
               "Unité des valeurs : un nombre, un pourcentage ou des euros.", required=True,
               allowed=UNITS, example="count"),
        Column("direction", TEXT, "Whether a higher or a lower value is better.",
               "Si une valeur plus haute ou plus basse est meilleure.", required=True,
               allowed=DIRECTIONS, example="higher"),
        Column("target", DECIMAL, "Published target, in the indicator's unit; empty when none "
               "is published.", "Cible publiée, dans l'unité de l'indicateur ; vide si aucune "
               "n'est publiée.", minimum=0, maximum=1e12, example="50"),
        Column("target_date", DATE, "When the target is to be met, if published.",
               "Échéance de la cible, si elle est publiée.", minimum=1990, maximum=2100,
               example="2027-10"),
        Column("target_source", URL, "Where the target was published (required with a "
               "target).", "Où la cible a été publiée (obligatoire avec une cible).",
               example="https://eunice-university.eu/"),
        _source(),
        _note(),
    ),
)

INDICATOR_VALUES = Table(
    "indicator_values",
    "Published values of the indicators over time, one row per figure: for the whole "
    "alliance, or for one member when university_id is filled.",
    "Valeurs publiées des indicateurs dans le temps, une ligne par chiffre : pour toute "
    "l'alliance, ou pour un membre quand university_id est rempli.",
    (
        _id("V001", "value", "de la valeur"),
        Column("indicator_id", TEXT, "The indicator this value belongs to.",
               "L'indicateur auquel appartient cette valeur.", required=True,
               references="indicators.id", example="VIRTUAL-MOBILITY"),
        Column("period", DATE, "The time the figure refers to (its end, for a cumulative "
               "figure), as precisely as known.", "La période à laquelle se rapporte le "
               "chiffre (sa fin, pour un cumul), aussi précisément que connu.", required=True,
               minimum=1990, maximum=2100, example="2024"),
        Column("value", DECIMAL, "The figure, in the indicator's unit.",
               "Le chiffre, dans l'unité de l'indicateur.", required=True, minimum=-1e12,
               maximum=1e12, example="10100"),
        Column("approximate", BOOLEAN, "True when the source gives the figure as about, over "
               "or nearly.", "Vrai quand la source donne le chiffre comme environ, plus de "
               "ou près de.", required=True, example="true"),
        Column("as_of", DATE, "When the figure was published or last checked.",
               "Date de publication ou de dernière vérification du chiffre.", minimum=1990,
               maximum=2100, example="2024"),
        Column("university_id", TEXT, "The member university, when the figure is one "
               "member's; empty for the whole alliance.", "L'université membre, quand le "
               "chiffre est celui d'un membre ; vide pour toute l'alliance.",
               references="universities.id", example="UC"),
        _source(examples=True),
        _note(),
        Column("illustrative", BOOLEAN, "True when the row is an example, not a published "
               "fact.", "Vrai quand la ligne est un exemple et non un fait publié.",
               required=True, example="false"),
    ),
)

# Order matters: a table comes after the tables it references.
TABLES: tuple[Table, ...] = (UNIVERSITIES, LOCATIONS, PROJECTS, ACTIVITIES, MILESTONES,
                             DISTANCE_BANDS, INDICATORS, INDICATOR_VALUES)
TABLES_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}
