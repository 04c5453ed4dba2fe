"""Sentences of the Progress page and the board pack, in English and French."""

PROGRESS: dict[str, dict[str, str]] = {
    "nav.progress": {"en": "Progress", "fr": "Progrès"},
    "progress.page_title": {"en": "Progress against targets", "fr": "Progrès et cibles"},
    "progress.intro": {
        "en": "The alliance's published figures, grouped by the dimensions of the European "
              "Commission's monitoring framework. A target appears only where one is published.",
        "fr": "Les chiffres publiés de l'alliance, regroupés selon les dimensions du cadre de "
              "suivi de la Commission européenne. Une cible n'apparaît que si elle est publiée.",
    },
    "dimension.governance_cooperation": {"en": "Governance and cooperation",
                                         "fr": "Gouvernance et coopération"},
    "dimension.education_mobility": {"en": "Joint education and mobility",
                                     "fr": "Formation commune et mobilité"},
    "dimension.society_economy": {"en": "Society and economy", "fr": "Société et économie"},
    "dimension.research_innovation": {"en": "Research and innovation",
                                      "fr": "Recherche et innovation"},
    "dimension.wider_effects": {"en": "Wider effects on higher education",
                                "fr": "Effets plus larges sur l'enseignement supérieur"},
    "progress.dimension_empty": {"en": "No indicator in this dimension yet.",
                                 "fr": "Aucun indicateur dans cette dimension pour l'instant."},
    "progress.millions": {"en": "EUR {amount} million", "fr": "{amount} millions d'euros"},
    "progress.euros": {"en": "EUR {amount}", "fr": "{amount} euros"},
    "progress.no_target": {"en": "no published target", "fr": "pas de cible publiée"},
    "progress.target_by": {"en": "{target} by {date}", "fr": "{target} d'ici {date}"},
    "progress.reached": {"en": "reached", "fr": "atteinte"},
    "progress.to_go": {"en": "{gap} to go", "fr": "encore {gap}"},
    "progress.no_value": {"en": "no published figure yet", "fr": "pas encore de chiffre publié"},
    "progress.col.indicator": {"en": "Indicator", "fr": "Indicateur"},
    "progress.col.latest": {"en": "Latest", "fr": "Dernière valeur"},
    "progress.col.period": {"en": "Period", "fr": "Période"},
    "progress.col.trend": {"en": "Trend", "fr": "Évolution"},
    "progress.col.target": {"en": "Target", "fr": "Cible"},
    "progress.col.distance": {"en": "Distance", "fr": "Écart"},
    "progress.col.as_of": {"en": "As of", "fr": "Au"},
    "progress.col.source": {"en": "Source", "fr": "Source"},
    "progress.col.member": {"en": "Member", "fr": "Membre"},
    "progress.col.activities": {"en": "Activities hosted", "fr": "Activités accueillies"},
    "progress.col.students_as_of": {"en": "Students, year", "fr": "Étudiants, année"},
    "progress.col.sent": {"en": "Erasmus+ sent", "fr": "Erasmus+ envoyés"},
    "progress.col.received": {"en": "Erasmus+ received", "fr": "Erasmus+ reçus"},
    "progress.col.project": {"en": "Project", "fr": "Projet"},
    "progress.col.programme": {"en": "Programme", "fr": "Programme"},
    "progress.col.runs": {"en": "Runs", "fr": "Durée"},
    "progress.col.amount": {"en": "Amount", "fr": "Montant"},
    "progress.col.kind": {"en": "What the amount is", "fr": "Nature du montant"},
    "progress.sources_full": {
        "en": "– : no published figure, or no published target. Sources are shortened; the "
              "full addresses are in the data files and on the board pack's sources slide.",
        "fr": "– : pas de chiffre publié, ou pas de cible publiée. Les sources sont abrégées ; "
              "les adresses complètes sont dans les fichiers de données et sur la page des "
              "sources du dossier du conseil.",
    },
    "progress.approximate_note": {
        "en": "≈ marks a figure the source gives as about, over or nearly.",
        "fr": "≈ signale un chiffre que la source donne comme environ, plus de ou près de.",
    },
    "progress.example_note": {
        "en": "Figures marked “example” illustrate the kind of figure expected; they are not "
              "published facts.",
        "fr": "Les chiffres marqués « exemple » illustrent le type de chiffre attendu ; ce ne "
              "sont pas des faits publiés.",
    },
    "progress.computed": {"en": "computed from the imported Erasmus+ data",
                          "fr": "calculé à partir des données Erasmus+ importées"},
    "progress.over_time": {"en": "Each indicator over time",
                           "fr": "Chaque indicateur dans le temps"},
    "progress.over_time_pick": {"en": "Indicator", "fr": "Indicateur"},
    "progress.over_time_single": {
        "en": "Only one figure is published so far: {value} ({period}).",
        "fr": "Un seul chiffre publié à ce jour : {value} ({period}).",
    },
    "progress.over_time_none": {"en": "No figure is published for this indicator yet.",
                                "fr": "Aucun chiffre n'est encore publié pour cet indicateur."},
    "progress.chart.value": {"en": "Value", "fr": "Valeur"},
    "progress.chart.milestones": {"en": "Key dates", "fr": "Dates clés"},
    "progress.chart.alt": {
        "en": "Line chart of “{name}” from {first} to {last}, {count} published values; "
              "numbered diamonds on the time axis mark the key dates listed below.",
        "fr": "Courbe de « {name} » de {first} à {last}, {count} valeurs publiées ; les "
              "losanges numérotés sur l'axe du temps marquent les dates clés listées dessous.",
    },
    "progress.members": {"en": "Members side by side", "fr": "Les membres côte à côte"},
    "progress.members_note": {
        "en": "Students: each member's latest published figure (years differ). Activities: "
              "rows of activities.csv the member hosts.",
        "fr": "Étudiants : dernier chiffre publié par chaque membre (les années diffèrent). "
              "Activités : lignes d'activities.csv que le membre accueille.",
    },
    "progress.mobility_missing": {
        "en": "Erasmus+ mobility sent and received appears here once mobility data are "
              "imported.",
        "fr": "Les mobilités Erasmus+ envoyées et reçues apparaîtront ici une fois les "
              "données de mobilité importées.",
    },
    "progress.chart.students": {"en": "Students", "fr": "Étudiants"},
    "progress.chart.activities": {"en": "Activities hosted", "fr": "Activités accueillies"},
    "progress.members_alt": {
        "en": "Bar charts of students and of activities hosted for each of the {count} members.",
        "fr": "Diagrammes en barres des étudiants et des activités accueillies pour chacun des "
              "{count} membres.",
    },
    "progress.funding": {"en": "Funding by project and phase", "fr": "Financement par projet et "
                         "par phase"},
    "progress.funding_empty": {"en": "No project in projects.csv has an amount.",
                               "fr": "Aucun projet de projects.csv n'a de montant."},
    "progress.funding_alt": {
        "en": "Bars spanning each project's years, labelled with its amount; colour says "
              "whether the amount is a total budget or a maximum EU grant.",
        "fr": "Barres couvrant les années de chaque projet, avec son montant ; la couleur "
              "indique s'il s'agit d'un budget total ou d'une subvention européenne maximale.",
    },
    "progress.funding_note": {
        "en": "A total budget and a maximum EU grant are different things: do not add them up.",
        "fr": "Un budget total et une subvention européenne maximale sont deux choses "
              "différentes : ne les additionnez pas.",
    },
    "progress.amount.total_budget": {"en": "total budget", "fr": "budget total"},
    "progress.amount.max_eu_grant": {"en": "maximum EU grant",
                                     "fr": "subvention européenne maximale"},
    "progress.amount.unknown": {"en": "amount (kind not stated)",
                                "fr": "montant (nature non précisée)"},
    "progress.chart.amount": {"en": "Amount (EUR million)", "fr": "Montant (millions d'euros)"},
    "mobility.sent": {"en": "Erasmus+ participants sent by members",
                      "fr": "Participants Erasmus+ envoyés par les membres"},
    "mobility.received": {"en": "Erasmus+ participants received by members",
                          "fr": "Participants Erasmus+ reçus par les membres"},
    "mobility.computed": {"en": "Computed from the imported Erasmus+ mobility data.",
                          "fr": "Calculé à partir des données de mobilité Erasmus+ importées."},
    # Board pack
    "report.title": {"en": "Board pack", "fr": "Dossier du conseil"},
    "report.subtitle": {"en": "Data saved on {date} · prepared on {today}",
                        "fr": "Données enregistrées le {date} · préparé le {today}"},
    "report.source_line": {"en": "Source: {source} · as of {date}",
                           "fr": "Source : {source} · au {date}"},
    "report.data_line": {"en": "Data: {files} · saved on {date}",
                         "fr": "Données : {files} · enregistrées le {date}"},
    "report.value_line": {"en": "{date}: {value}", "fr": "{date} : {value}"},
    "report.scorecard": {"en": "Scorecard", "fr": "Tableau de bord"},
    "report.scorecard_part": {"en": "Scorecard ({part}/{parts})",
                              "fr": "Tableau de bord ({part}/{parts})"},
    "report.over_time": {"en": "Over time: {name}", "fr": "Dans le temps : {name}"},
    "report.members": {"en": "Members side by side", "fr": "Les membres côte à côte"},
    "report.funding": {"en": "Funding by project and phase",
                       "fr": "Financement par projet et par phase"},
    "report.mobility": {"en": "Erasmus+ mobility between members",
                        "fr": "Mobilité Erasmus+ entre les membres"},
    "report.key_dates": {"en": "Key dates", "fr": "Dates clés"},
    "report.sources": {"en": "Sources", "fr": "Sources"},
    "report.sources_intro": {
        "en": "Every figure in this pack comes from the alliance's data folder; these are the "
              "pages its rows cite.",
        "fr": "Chaque chiffre de ce dossier vient du dossier de données de l'alliance ; voici "
              "les pages que ses lignes citent.",
    },
    "report.sources_more": {"en": "… and {count} more, listed in the data files.",
                            "fr": "… et {count} de plus, listées dans les fichiers de données."},
    "report.members_chart": {"en": "Students per member", "fr": "Étudiants par membre"},
    "report.membership_chart": {"en": "Members and countries by year",
                                "fr": "Membres et pays par année"},
    "report.members_series": {"en": "Members", "fr": "Membres"},
    "report.countries_series": {"en": "Countries", "fr": "Pays"},
    "report.opportunities_chart": {"en": "Activities by audience",
                                   "fr": "Activités par public"},
    "report.open_now": {"en": "Open for applications", "fr": "Candidatures ouvertes"},
    "report.running": {"en": "Running now", "fr": "En cours"},
    "report.upcoming": {"en": "Upcoming", "fr": "À venir"},
    "report.no_upcoming": {"en": "No upcoming or open activity in the data.",
                           "fr": "Aucune activité à venir ou ouverte dans les données."},
    "report.cli.wrote": {"en": "wrote {file}", "fr": "{file} écrit"},
    "report.cli.problems": {
        "en": "The data folder has {errors} error(s): the pack shows only the valid rows. "
              "Run `python -m alliance validate` to see them.",
        "fr": "Le dossier de données contient {errors} erreur(s) : le dossier ne montre que "
              "les lignes valides. Lancez `python -m alliance validate` pour les voir.",
    },
    "meeting.pptx": {"en": "Board pack (PowerPoint)", "fr": "Dossier du conseil (PowerPoint)"},
    "meeting.pdf": {"en": "Board pack (PDF)", "fr": "Dossier du conseil (PDF)"},
}
