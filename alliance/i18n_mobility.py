"""Sentences of the Erasmus+ mobility import, command line and page, in English and French."""

MOBILITY: dict[str, dict[str, str]] = {
    # Problems of an imported file (Problem.message: problem.<code>)
    "problem.mobility_participants": {
        "en": "{column} must be a whole number of participants (0 or more), not \"{value}\".",
        "fr": "{column} doit être un nombre entier de participants (0 ou plus), et non "
              "« {value} ».",
    },
    "problem.mobility_participants.short": {"en": "participants not a whole number",
                                            "fr": "participants non entiers"},
    "problem.mobility_start": {
        "en": "{column} must be a start month such as 2019-09, not \"{value}\".",
        "fr": "{column} doit être un mois de début comme 2019-09, et non « {value} ».",
    },
    "problem.mobility_start.short": {"en": "start month unreadable",
                                     "fr": "mois de début illisible"},
    "problem.mobility_csv": {
        "en": "This line cannot be read as a row of the file ({error}): \"{value}\".",
        "fr": "Cette ligne ne se lit pas comme une ligne du fichier ({error}) : « {value} ».",
    },
    "problem.mobility_csv.short": {"en": "lines that are not rows",
                                   "fr": "lignes qui ne sont pas des lignes de données"},
    "problem.mobility_layout": {
        "en": "The header is neither Erasmus+ mobility layout (2014-2019 CSV or raw data); "
              "missing: {missing}.",
        "fr": "L'en-tête ne correspond à aucune présentation des données de mobilité "
              "Erasmus+ (CSV 2014-2019 ou données brutes) ; manque : {missing}.",
    },
    "problem.mobility_unreadable": {"en": "The file cannot be read: {error}",
                                    "fr": "Le fichier est illisible : {error}"},
    "problem.mobility_encoding": {
        "en": "The file is not UTF-8 text; save it as CSV UTF-8.",
        "fr": "Le fichier n'est pas du texte UTF-8 ; enregistrez-le en CSV UTF-8.",
    },
    # Command line
    "mobility.cli.imported": {
        "en": "Imported {file}: {rows} rows, {participants} participants, {layout} layout, "
              "years {years}.",
        "fr": "{file} importé : {rows} lignes, {participants} participants, présentation "
              "{layout}, années {years}.",
    },
    "mobility.cli.already": {"en": "{file} is already imported: nothing changed.",
                             "fr": "{file} est déjà importé : rien n'a changé."},
    "mobility.cli.not_imported": {
        "en": "{file} was not imported because another file has problems.",
        "fr": "{file} n'a pas été importé car un autre fichier a des problèmes.",
    },
    "mobility.cli.nothing": {"en": "Nothing was imported.", "fr": "Rien n'a été importé."},
    "mobility.cli.problem_count": {"en": "{file}: {count} × {code} ({message})",
                                   "fr": "{file} : {count} × {code} ({message})"},
    "mobility.cli.synthetic": {
        "en": "These rows are SYNTHETIC (a sample, not real mobility); the Mobility page says "
              "so until they are removed with `python -m alliance mobility remove`.",
        "fr": "Ces lignes sont SYNTHÉTIQUES (un échantillon, pas des mobilités réelles) ; la "
              "page Mobilité l'indique jusqu'à leur retrait par `python -m alliance mobility "
              "remove`.",
    },
    "mobility.cli.overlap": {
        "en": "Warning: {file} covers years already imported from {others}; flows add both.",
        "fr": "Attention : {file} couvre des années déjà importées depuis {others} ; les flux "
              "additionnent les deux.",
    },
    "mobility.cli.no_file": {"en": "no such file", "fr": "fichier introuvable"},
    "mobility.cli.confirm": {"en": "Import {count} file(s) into {folder}? [y/N] ",
                             "fr": "Importer {count} fichier(s) dans {folder} ? [o/N] "},
    "mobility.cli.empty": {
        "en": "No Erasmus+ mobility is imported yet: see `python -m alliance mobility import "
              "--help`.",
        "fr": "Aucune mobilité Erasmus+ n'est encore importée : voir `python -m alliance "
              "mobility import --help`.",
    },
    "mobility.cli.summary": {
        "en": "{files} file(s); years {years}; {rows} rows; {participants} participants; "
              "{matched} of {members} members matched by Erasmus code.",
        "fr": "{files} fichier(s) ; années {years} ; {rows} lignes ; {participants} "
              "participants ; {matched} membres sur {members} reconnus par code Erasmus.",
    },
    "mobility.cli.unmatched": {
        "en": "{member}: its Erasmus code is in no row; codes seen in its city: {codes}",
        "fr": "{member} : son code Erasmus n'apparaît dans aucune ligne ; codes vus dans sa "
              "ville : {codes}",
    },
    "mobility.cli.no_codes": {
        "en": "No member has an Erasmus code in universities.csv.",
        "fr": "Aucun membre n'a de code Erasmus dans universities.csv.",
    },
    "mobility.cli.removed": {"en": "Removed {file}.", "fr": "{file} retiré."},
    "mobility.cli.remove_unknown": {
        "en": "No single imported file matches {which}; see `python -m alliance mobility "
              "summary`.",
        "fr": "Aucun fichier importé unique ne correspond à {which} ; voir `python -m "
              "alliance mobility summary`.",
    },
}
