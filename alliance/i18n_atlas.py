"""Sentences of the map, timeline and meeting-mode pages, in English and French."""

ATLAS: dict[str, dict[str, str]] = {
    "nav.map": {"en": "Map", "fr": "Carte"},
    "nav.timeline": {"en": "Timeline", "fr": "Chronologie"},
    "nav.meeting": {"en": "Meeting mode", "fr": "Mode réunion"},
    # Map page
    "map.page_title": {"en": "Where the alliance is", "fr": "Où se trouve l'alliance"},
    "map.empty": {
        "en": "No member has a main campus with coordinates yet: add them to locations.csv.",
        "fr": "Aucun membre n'a encore de campus principal avec coordonnées : ajoutez-les "
              "dans locations.csv.",
    },
    "map.title": {"en": "Member universities and their campuses",
                  "fr": "Universités membres et leurs campus"},
    "map.wave.founders": {"en": "Founding members, {span}", "fr": "Membres fondateurs, {span}"},
    "map.wave.enlargement": {"en": "Enlargement, {span}", "fr": "Élargissement, {span}"},
    "map.campuses": {"en": "Other campuses", "fr": "Autres campus"},
    "map.coordinator": {"en": "Coordinator", "fr": "Coordinateur"},
    "map.selected": {"en": "Selected", "fr": "Sélection"},
    "map.centre": {"en": "Centre of the alliance", "fr": "Centre de l'alliance"},
    "map.hover.students": {"en": "Students", "fr": "Étudiants"},
    "map.hover.joined": {"en": "Joined", "fr": "Entrée"},
    "map.alt": {
        "en": "Map of Europe with {members} member universities in {countries} countries: "
              "marker size grows with the number of students, colour shows when the member "
              "joined, a black ring marks the coordinator, white dots are other campuses and "
              "the cross is the centre of the alliance.",
        "fr": "Carte de l'Europe avec {members} universités membres dans {countries} pays : "
              "la taille du marqueur croît avec le nombre d'étudiants, la couleur indique "
              "l'entrée dans l'alliance, un anneau noir signale le coordinateur, les points "
              "blancs sont les autres campus et la croix le centre de l'alliance.",
    },
    "map.click_hint": {"en": "Click a member to open its card.",
                       "fr": "Cliquez sur un membre pour ouvrir sa fiche."},
    "map.centre_text": {
        "en": "Centre of the alliance: {lat}° N, {lon}° E; the closest member is {member}, "
              "{km} km away.",
        "fr": "Centre de l'alliance : {lat}° N, {lon}° E ; le membre le plus proche est "
              "{member}, à {km} km.",
    },
    "map.tab.members": {"en": "Members and campuses", "fr": "Membres et campus"},
    "map.choose": {"en": "University card", "fr": "Fiche d'université"},
    "map.choose_placeholder": {"en": "Choose a university (or click it on the map)",
                               "fr": "Choisissez une université (ou cliquez sur la carte)"},
    "card.fact": {"en": "{label}: {value}", "fr": "{label} : {value}"},
    "card.founded": {"en": "Founded", "fr": "Fondée en"},
    "card.funded_from": {"en": "Funded partner from", "fr": "Partenaire financé depuis"},
    "card.website": {"en": "Website", "fr": "Site web"},
    "card.source": {"en": "Source:", "fr": "Source :"},
    "card.campuses": {"en": "Campuses", "fr": "Campus"},
    "card.main": {"en": "Main", "fr": "Principal"},
    "card.no_campuses": {"en": "No campus recorded for this university.",
                         "fr": "Aucun campus enregistré pour cette université."},
    "card.distances": {"en": "Distance to the other members", "fr": "Distance aux autres "
                       "membres"},
    "card.activities": {"en": "Activities it hosts ({count})",
                        "fr": "Activités qu'elle accueille ({count})"},
    "card.no_activities": {"en": "No activity hosted by this university is listed.",
                           "fr": "Aucune activité accueillie par cette université n'est "
                                 "recensée."},
    "card.mode": {"en": "Mode", "fr": "Modalité"},
    # Distances
    "distance.header": {"en": "Distances between members", "fr": "Distances entre membres"},
    "distance.title": {"en": "Distance between main campuses (km)",
                       "fr": "Distance entre campus principaux (km)"},
    "distance.from": {"en": "From", "fr": "De"},
    "distance.to": {"en": "To", "fr": "Vers"},
    "distance.km": {"en": "km", "fr": "km"},
    "distance.nearest": {"en": "Nearest partner", "fr": "Partenaire le plus proche"},
    "distance.farthest": {"en": "Farthest partner", "fr": "Partenaire le plus éloigné"},
    "distance.too_few": {"en": "Distances need at least two members with a main campus.",
                         "fr": "Les distances demandent au moins deux membres avec un campus "
                               "principal."},
    "distance.alt": {
        "en": "Table-like heatmap of the geodesic distance in km between the main campuses of "
              "the {members} members; darker cells are farther apart. The same figures are in "
              "the table beside it.",
        "fr": "Carte de chaleur des distances géodésiques en km entre les campus principaux "
              "des {members} membres ; plus la case est foncée, plus ils sont éloignés. Les "
              "mêmes chiffres figurent dans le tableau à côté.",
    },
    "trip.header": {"en": "Mobility helper: how far, which Erasmus+ band",
                    "fr": "Aide à la mobilité : quelle distance, quelle tranche Erasmus+"},
    "trip.from": {"en": "From", "fr": "De"},
    "trip.to": {"en": "To", "fr": "Vers"},
    "trip.same": {"en": "Choose two different universities.",
                  "fr": "Choisissez deux universités différentes."},
    "trip.distance": {"en": "Distance (one way)", "fr": "Distance (aller)"},
    "trip.band": {"en": "Erasmus+ distance band", "fr": "Tranche de distance Erasmus+"},
    "trip.amount": {"en": "Travel support", "fr": "Aide au voyage"},
    "trip.green": {"en": "With green travel: {amount}", "fr": "Avec un voyage écologique : "
                   "{amount}"},
    "trip.no_band": {"en": "No band of distance_bands.csv covers this distance.",
                     "fr": "Aucune tranche de distance_bands.csv ne couvre cette distance."},
    "trip.caveat": {
        "en": "Geodesic distance between main campuses; Erasmus+ uses the Commission's distance "
              "calculator. Amounts per participant from the {as_of} Programme Guide: check the "
              "current guide before promising them. Source:",
        "fr": "Distance géodésique entre campus principaux ; Erasmus+ utilise le calculateur "
              "de distance de la Commission. Montants par participant selon le Guide du "
              "programme {as_of} : vérifiez le guide en vigueur avant de les annoncer. Source :",
    },
    # Activity map
    "activity_map.header": {"en": "Where activities happen", "fr": "Où ont lieu les activités"},
    "activity_map.title": {"en": "Activities in person (on site or blended), by host",
                           "fr": "Activités en présentiel (sur site ou hybrides), par hôte"},
    "activity_map.in_person": {"en": "In person", "fr": "En présentiel"},
    "activity_map.hover": {"en": "Activities in person", "fr": "Activités en présentiel"},
    "activity_map.apart": {
        "en": "Not on the map: {online} online, {alliance} in person hosted by the whole "
              "alliance",
        "fr": "Hors carte : {online} en ligne, {alliance} en présentiel organisées par toute "
              "l'alliance",
    },
    "activity_map.online": {"en": "Online", "fr": "En ligne"},
    "activity_map.online_title": {"en": "Online activities, by host",
                                  "fr": "Activités en ligne, par hôte"},
    "activity_map.count": {"en": "Activities", "fr": "Activités"},
    "activity_map.host": {"en": "Host", "fr": "Hôte"},
    "activity_map.alt": {
        "en": "Map of the {hosts} member universities hosting activities in person; the "
              "number in each bubble counts them.",
        "fr": "Carte des {hosts} universités membres qui accueillent des activités en "
              "présentiel ; le nombre dans chaque bulle les compte.",
    },
    "activity_map.online_alt": {
        "en": "Bar chart of the {count} online activities by host, the alliance-wide ones "
              "as their own bar.",
        "fr": "Diagramme en barres des {count} activités en ligne par hôte, celles de toute "
              "l'alliance dans une barre à part.",
    },
    # Timeline page
    "timeline.page_title": {"en": "How the alliance got here",
                            "fr": "Le chemin parcouru par l'alliance"},
    "timeline.filter": {"en": "Milestones to show", "fr": "Jalons à afficher"},
    "timeline.empty": {"en": "No milestone or project to show.",
                       "fr": "Aucun jalon ni projet à afficher."},
    "timeline.title": {"en": "Milestones, funding phases and projects",
                       "fr": "Jalons, phases de financement et projets"},
    "timeline.row.phases": {"en": "Funding phases", "fr": "Phases de financement"},
    "timeline.legend.span": {"en": "Over several days, or month/year only (hatched)",
                             "fr": "Sur plusieurs jours, ou mois/année seulement (hachuré)"},
    "timeline.legend.day": {"en": "Exact day", "fr": "Jour exact"},
    "timeline.key_dates": {"en": "Key dates", "fr": "Dates clés"},
    "timeline.today": {"en": "Today, {date}", "fr": "Aujourd'hui, {date}"},
    "timeline.x": {"en": "Year", "fr": "Année"},
    "timeline.y": {"en": "Category", "fr": "Catégorie"},
    "timeline.alt": {
        "en": "Timeline from {first} to {last} with {count} milestones by category, the "
              "funding phases as shaded bands and the companion projects as bars. Key dates: "
              "{dates}. A dashed line marks today.",
        "fr": "Chronologie de {first} à {last} avec {count} jalons par catégorie, les phases "
              "de financement en bandes colorées et les projets associés en barres. Dates "
              "clés : {dates}. Une ligne pointillée marque aujourd'hui.",
    },
    "timeline.legend_note": {
        "en": "Diamonds are exact days. Hatched bars cover the whole month or year when only "
              "that is known: no day is invented. Starred labels are the key dates.",
        "fr": "Les losanges sont des jours exacts. Les barres hachurées couvrent tout le mois "
              "ou toute l'année quand seul cela est connu : aucun jour n'est inventé. Les "
              "étiquettes étoilées sont les dates clés.",
    },
    "timeline.as_table": {"en": "The milestones as a table", "fr": "Les jalons en tableau"},
    "timeline.apply_by": {"en": "Apply by", "fr": "Candidater avant"},
    "timeline.example": {"en": "example", "fr": "exemple"},
    "membership.title": {"en": "Members and countries over time",
                         "fr": "Membres et pays au fil du temps"},
    "membership.members": {"en": "Members", "fr": "Membres"},
    "membership.countries": {"en": "Countries", "fr": "Pays"},
    "membership.x": {"en": "End of year", "fr": "Fin d'année"},
    "membership.y": {"en": "Count", "fr": "Nombre"},
    "membership.empty": {"en": "No joining date to count members by year.",
                         "fr": "Aucune date d'entrée pour compter les membres par année."},
    "membership.alt": {
        "en": "Members (bars) and countries (dotted line) at the end of each year since "
              "{first}: {members} members in {countries} countries by the end.",
        "fr": "Membres (barres) et pays (ligne pointillée) à la fin de chaque année depuis "
              "{first} : {members} membres dans {countries} pays à la fin.",
    },
    "gantt.title": {"en": "Coming up: opportunities by audience",
                    "fr": "À venir : opportunités par public"},
    "gantt.audience": {"en": "Audience", "fr": "Public"},
    "gantt.x": {"en": "Date", "fr": "Date"},
    "gantt.y": {"en": "Activity", "fr": "Activité"},
    "gantt.empty": {"en": "No dated activity is running or coming up.",
                    "fr": "Aucune activité datée en cours ou à venir."},
    "gantt.alt": {
        "en": "Gantt chart of {count} running or upcoming activities, from {first}, coloured "
              "by audience; open diamonds mark application deadlines and a dashed line today.",
        "fr": "Diagramme de Gantt de {count} activités en cours ou à venir, à partir du "
              "{first}, colorées par public ; les losanges vides marquent les dates limites "
              "de candidature et une ligne pointillée aujourd'hui.",
    },
    "meeting.audience.title": {"en": "Opportunities at a glance, by audience",
                            "fr": "Les opportunités en un coup d'œil, par public"},
    "meeting.audience.open_now": {"en": "Open for applications", "fr": "Candidatures ouvertes"},
    "meeting.audience.running": {"en": "Running now", "fr": "En cours"},
    "meeting.audience.upcoming": {"en": "Upcoming", "fr": "À venir"},
    "meeting.audience.x": {"en": "Audience", "fr": "Public"},
    "meeting.audience.y": {"en": "Activities", "fr": "Activités"},
    "meeting.audience.alt": {
        "en": "Grouped bars: for each audience, activities open for applications, running "
              "now and upcoming.",
        "fr": "Barres groupées : pour chaque public, les activités ouvertes aux candidatures, "
              "en cours et à venir.",
    },
    # Meeting mode
    "meeting.previous": {"en": "Previous", "fr": "Précédente"},
    "meeting.next": {"en": "Next", "fr": "Suivante"},
    "meeting.position": {"en": "{number} / {count}", "fr": "{number} / {count}"},
    "meeting.keys": {"en": "Slide {number} of {count}. Keys ← and → move between slides.",
                     "fr": "Diapositive {number} sur {count}. Les touches ← et → changent de "
                           "diapositive."},
    "meeting.slide.overview": {"en": "The alliance at a glance",
                               "fr": "L'alliance en un coup d'œil"},
    "meeting.slide.map": {"en": "Where we are", "fr": "Où nous sommes"},
    "meeting.slide.timeline": {"en": "How we got here", "fr": "Le chemin parcouru"},
    "meeting.slide.opportunities": {"en": "Opportunities at a glance",
                                    "fr": "Les opportunités en un coup d'œil"},
    "meeting.exit": {"en": "Leave", "fr": "Quitter"},
    "meeting.pack": {"en": "Meeting pack", "fr": "Dossier de réunion"},
    "meeting.brief": {"en": "One-page brief (HTML, prints to PDF)",
                      "fr": "Note d'une page (HTML, s'imprime en PDF)"},
    "meeting.charts": {"en": "Every chart, offline (zip of HTML files)",
                       "fr": "Tous les graphiques, hors ligne (zip de fichiers HTML)"},
    "meeting.pack_help": {
        "en": "Each chart opens in a browser with no internet. Print the brief with the "
              "browser's Print > Save as PDF.",
        "fr": "Chaque graphique s'ouvre dans un navigateur sans internet. Imprimez la note "
              "avec Imprimer > Enregistrer en PDF du navigateur.",
    },
    "meeting.data_date": {"en": "Data as of {date}", "fr": "Données au {date}"},
    "meeting.data_problems": {"en": "⚠ {count} data problem(s): see Data health after the "
                              "meeting.",
                              "fr": "⚠ {count} problème(s) dans les données : voyez Santé des "
                                    "données après la réunion."},
    "meeting.data_date_help": {"en": "The day the data files were last saved.",
                               "fr": "Le jour du dernier enregistrement des fichiers de "
                                     "données."},
    "brief.title": {"en": "Brief", "fr": "Note"},
    "brief.founding": {"en": "Founding members", "fr": "Membres fondateurs"},
    "brief.printed": {"en": "prepared on {date}", "fr": "préparée le {date}"},
    "brief.sources": {
        "en": "Figures computed by Alliance Atlas from the alliance's data files; each row of "
              "those files names its public source. Student totals add figures of different "
              "years and several are approximate.",
        "fr": "Chiffres calculés par Alliance Atlas à partir des fichiers de données de "
              "l'alliance ; chaque ligne de ces fichiers cite sa source publique. Les totaux "
              "d'étudiants additionnent des chiffres d'années différentes, dont plusieurs "
              "approximatifs.",
    },
}
