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
    # Page
    "nav.mobility": {"en": "Mobility", "fr": "Mobilité"},
    "mobility.title": {"en": "Erasmus+ mobility between the members",
                       "fr": "Mobilité Erasmus+ entre les membres"},
    "mobility.empty": {
        "en": "No Erasmus+ mobility is imported yet. The European Commission publishes the "
              "Erasmus+ learning-mobility statistics as open data on data.europa.eu (search "
              "\"Erasmus+ mobility statistics\"; the 2014-2019 set is six CSV files, the "
              "newer years are \"raw data\" XLSX files). Download them, then run "
              "`python -m alliance mobility import FILE...` in the app's folder; the imported "
              "rows are kept in the data folder's `.mobility/` (ignored by git).",
        "fr": "Aucune mobilité Erasmus+ n'est encore importée. La Commission européenne "
              "publie les statistiques de mobilité Erasmus+ en données ouvertes sur "
              "data.europa.eu (chercher « Erasmus+ mobility statistics » ; l'ensemble "
              "2014-2019 compte six fichiers CSV, les années récentes sont des fichiers XLSX "
              "« raw data »). Téléchargez-les, puis lancez `python -m alliance mobility "
              "import FICHIER...` dans le dossier de l'application ; les lignes importées "
              "sont conservées dans `.mobility/` du dossier de données (ignoré par git).",
    },
    "mobility.synthetic": {
        "en": "SYNTHETIC DATA: some imported rows come from the generated sample, not from the "
              "Commission. Figures on this page are not real mobility. Remove them with "
              "`python -m alliance mobility remove`.",
        "fr": "DONNÉES SYNTHÉTIQUES : des lignes importées viennent de l'échantillon généré, "
              "pas de la Commission. Les chiffres de cette page ne sont pas des mobilités "
              "réelles. Retirez-les avec `python -m alliance mobility remove`.",
    },
    "mobility.filter.years": {"en": "Start years", "fr": "Années de début"},
    "mobility.filter.activity": {"en": "Activity", "fr": "Activité"},
    "mobility.filter.all": {"en": "All activities", "fr": "Toutes les activités"},
    "mobility.filter.member": {"en": "Member", "fr": "Membre"},
    "mobility.group.study": {"en": "Study", "fr": "Études"},
    "mobility.group.traineeship": {"en": "Traineeship", "fr": "Stage"},
    "mobility.group.staff_teaching": {"en": "Staff teaching", "fr": "Personnel : enseignement"},
    "mobility.group.staff_training": {"en": "Staff training", "fr": "Personnel : formation"},
    "mobility.group.other": {"en": "Other", "fr": "Autre"},
    "mobility.metric.sent": {"en": "Participants sent by members",
                             "fr": "Participants envoyés par les membres"},
    "mobility.metric.received": {"en": "Participants received by members",
                                 "fr": "Participants reçus par les membres"},
    "mobility.metric.inside": {"en": "Share staying inside the alliance",
                               "fr": "Part restant dans l'alliance"},
    "mobility.rule": {
        "en": "Participants are summed (rows are already aggregated); a mobility counts in the "
              "calendar year it starts, as the Commission counts it. Members are matched by "
              "Erasmus code.",
        "fr": "Les participants sont additionnés (les lignes sont déjà agrégées) ; une "
              "mobilité compte l'année civile où elle commence, comme la Commission la "
              "compte. Les membres sont reconnus par code Erasmus.",
    },
    "mobility.series.sent": {"en": "Sent", "fr": "Envoyés"},
    "mobility.series.received": {"en": "Received", "fr": "Reçus"},
    "mobility.series.inside": {"en": "Between members", "fr": "Entre membres"},
    "mobility.series.share": {"en": "Share inside", "fr": "Part interne"},
    "mobility.milestone.selection": {"en": "Selected 2020", "fr": "Sélection 2020"},
    "mobility.milestone.enlargement": {"en": "Enlargement 2022", "fr": "Élargissement 2022"},
    "mobility.milestone.eunice4u": {"en": "EUNICE4U 2023", "fr": "EUNICE4U 2023"},
    "mobility.not_final": {"en": "latest 3 years: not final (Commission)",
                           "fr": "3 dernières années : provisoires (Commission)"},
    "mobility.trend.title": {"en": "Participants per start year",
                             "fr": "Participants par année de début"},
    "mobility.trend.alt": {
        "en": "Lines of participants sent, received and exchanged between members per start "
              "year; dotted lines mark the selection (2020), the enlargement (2022) and "
              "EUNICE4U (2023); the shaded latest three years are not final.",
        "fr": "Courbes des participants envoyés, reçus et échangés entre membres par année "
              "de début ; les pointillés marquent la sélection (2020), l'élargissement (2022) "
              "et EUNICE4U (2023) ; les trois dernières années, grisées, sont provisoires.",
    },
    "mobility.year": {"en": "Start year", "fr": "Année de début"},
    "mobility.participants": {"en": "Participants", "fr": "Participants"},
    "mobility.matrix.title": {"en": "Participants between members",
                              "fr": "Participants entre membres"},
    "mobility.matrix.alt": {
        "en": "Matrix: each row is a sending member, each column a receiving member; cells "
              "give the participants of the years and activities chosen.",
        "fr": "Matrice : chaque ligne est un membre d'envoi, chaque colonne un membre "
              "d'accueil ; les cases donnent les participants des années et activités choisies.",
    },
    "mobility.map.title": {"en": "Flows between members", "fr": "Flux entre membres"},
    "mobility.map.alt": {
        "en": "Map: an arc joins two members, as wide as the participants both ways.",
        "fr": "Carte : un arc relie deux membres, d'autant plus large qu'il y a de "
              "participants dans les deux sens.",
    },
    "mobility.from": {"en": "From", "fr": "De"},
    "mobility.to": {"en": "To", "fr": "Vers"},
    "mobility.outbound": {"en": "Outbound", "fr": "Sortants"},
    "mobility.inbound": {"en": "Inbound", "fr": "Entrants"},
    "mobility.unknown": {"en": "unknown", "fr": "inconnu"},
    "mobility.member.header": {"en": "{member}: outbound and inbound",
                               "fr": "{member} : sortants et entrants"},
    "mobility.member.alt": {
        "en": "Bars of {member}'s outbound and inbound participants.",
        "fr": "Barres des participants sortants et entrants de {member}.",
    },
    "mobility.by.year": {"en": "{member} by start year", "fr": "{member} par année de début"},
    "mobility.by.activity_group": {"en": "{member} by activity", "fr": "{member} par activité"},
    "mobility.by.education_level": {"en": "{member} by education level",
                                    "fr": "{member} par niveau d'études"},
    "mobility.by.field": {"en": "{member} by field of education",
                          "fr": "{member} par domaine d'études"},
    "mobility.outside.out": {"en": "Top destinations outside the alliance",
                             "fr": "Principales destinations hors de l'alliance"},
    "mobility.outside.in": {"en": "Top origins outside the alliance",
                            "fr": "Principales origines hors de l'alliance"},
    "mobility.unmatched.header": {"en": "Members whose Erasmus code matches no row",
                                  "fr": "Membres dont le code Erasmus ne correspond à aucune "
                                        "ligne"},
    "mobility.unmatched.line": {"en": "{member}: codes seen in its city: {codes}",
                                "fr": "{member} : codes vus dans sa ville : {codes}"},
}
