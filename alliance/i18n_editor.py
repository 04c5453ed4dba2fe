"""Sentences of the data editor and its sign-in, in English and French."""

EDITOR: dict[str, dict[str, str]] = {
    "nav.editor": {"en": "Edit data", "fr": "Modifier les données"},
    "editor.title": {"en": "Edit data", "fr": "Modifier les données"},
    "editor.off": {
        "en": "Editing is turned off on this server. An administrator turns it on in "
              ".streamlit/secrets.toml (see the README).",
        "fr": "La modification est désactivée sur ce serveur. Un administrateur l'active dans "
              ".streamlit/secrets.toml (voir le README).",
    },
    "editor.signin": {"en": "Sign in to edit the data", "fr": "Connectez-vous pour modifier "
                      "les données"},
    "editor.signin_text": {"en": "Only editors may change the data. Viewers can read every "
                           "other page.",
                           "fr": "Seuls les éditeurs peuvent modifier les données. Les lecteurs "
                                 "peuvent consulter toutes les autres pages."},
    "editor.login": {"en": "Sign in with your organisation", "fr": "Se connecter avec votre "
                     "organisation"},
    "editor.not_on_list": {"en": "{email} is signed in but is not on the list of editors.",
                           "fr": "{email} est connecté mais ne figure pas parmi les éditeurs."},
    "editor.not_verified": {
        "en": "{email} is on the list of editors, but your sign-in provider has not confirmed "
              "that this address is yours. Confirm it with the provider, then sign in again.",
        "fr": "{email} figure parmi les éditeurs, mais votre fournisseur de connexion n'a pas "
              "confirmé que cette adresse est la vôtre. Confirmez-la auprès de lui, puis "
              "reconnectez-vous.",
    },
    "editor.password": {"en": "Editor password", "fr": "Mot de passe éditeur"},
    "editor.password_go": {"en": "Unlock editing", "fr": "Déverrouiller la modification"},
    "editor.password_wrong": {"en": "That password is not right.",
                              "fr": "Ce mot de passe n'est pas le bon."},
    "editor.password_wait": {
        "en": "After a wrong password, the next try has to wait. Try again in {seconds} s.",
        "fr": "Après un mauvais mot de passe, l'essai suivant doit attendre. Réessayez dans "
              "{seconds} s.",
    },
    "editor.password_locked": {
        "en": "Too many wrong passwords: password sign-in is locked. Try again in {minutes} "
              "min.",
        "fr": "Trop de mauvais mots de passe : la connexion par mot de passe est bloquée. "
              "Réessayez dans {minutes} min.",
    },
    "editor.password_busy": {
        "en": "The server is busy checking other passwords. Try again in a moment.",
        "fr": "Le serveur vérifie déjà d'autres mots de passe. Réessayez dans un instant.",
    },
    "editor.signed_in": {"en": "Editing as {who}.", "fr": "Modification en tant que {who}."},
    "editor.signout": {"en": "Stop editing", "fr": "Arrêter la modification"},
    "editor.table": {"en": "Table", "fr": "Table"},
    "editor.mode": {"en": "How", "fr": "Comment"},
    "editor.mode.grid": {"en": "Edit in the grid", "fr": "Modifier dans la grille"},
    "editor.mode.upload": {"en": "Upload a file", "fr": "Téléverser un fichier"},
    "editor.mode.history": {"en": "History", "fr": "Historique"},
    "editor.grid_help": {
        "en": "Columns marked * are required. Add a row at the bottom; select rows and press "
              "Delete to remove them. Nothing is saved until you review and save below.",
        "fr": "Les colonnes marquées * sont obligatoires. Ajoutez une ligne en bas ; "
              "sélectionnez des lignes et appuyez sur Suppr pour les retirer. Rien n'est "
              "enregistré avant la vérification et l'enregistrement ci-dessous.",
    },
    "editor.changed_since": {
        "en": "This table changed on disk since you opened it. Saving will be refused until "
              "you reload it and reapply your change.",
        "fr": "Cette table a changé sur le disque depuis son ouverture. L'enregistrement sera "
              "refusé tant que vous ne l'aurez pas rechargée pour réappliquer votre "
              "modification.",
    },
    "editor.reload": {"en": "Reload the table (drops your unsaved changes)",
                      "fr": "Recharger la table (abandonne vos modifications non enregistrées)"},
    "editor.upload": {"en": "CSV or Excel file", "fr": "Fichier CSV ou Excel"},
    "editor.upload_help": {
        "en": "CSV in UTF-8 with comma or semicolon, or XLSX (the sheet named after the "
              "table, else the first sheet).",
        "fr": "CSV en UTF-8 avec virgule ou point-virgule, ou XLSX (la feuille qui porte le "
              "nom de la table, sinon la première).",
    },
    "editor.upload_mode": {"en": "The file's rows", "fr": "Les lignes du fichier"},
    "editor.upload_mode.replace": {"en": "replace the table", "fr": "remplacent la table"},
    "editor.upload_mode.append": {"en": "are added to the table",
                                  "fr": "s'ajoutent à la table"},
    "editor.to_grid": {"en": "Fix these rows in the grid", "fr": "Corriger ces lignes dans la "
                       "grille"},
    "editor.review": {"en": "Review before saving", "fr": "Vérifier avant d'enregistrer"},
    "editor.lines_note": {"en": "Lines are those of {file} as it would be saved.",
                          "fr": "Les lignes sont celles de {file} tel qu'il serait enregistré."},
    "editor.no_change": {"en": "No change yet.", "fr": "Aucune modification pour l'instant."},
    "editor.clean": {"en": "The whole data folder is valid with this change.",
                     "fr": "Tout le dossier de données est valide avec cette modification."},
    "editor.dirty": {"en": "{count} problem(s) to fix before saving:",
                     "fr": "{count} problème(s) à corriger avant d'enregistrer :"},
    "editor.diff": {"en": "{added} row(s) added, {changed} changed, {removed} removed.",
                    "fr": "{added} ligne(s) ajoutée(s), {changed} modifiée(s), {removed} "
                          "supprimée(s)."},
    "editor.diff.added": {"en": "Added", "fr": "Ajoutées"},
    "editor.diff.removed": {"en": "Removed", "fr": "Supprimées"},
    "editor.diff.id": {"en": "Row id", "fr": "Identifiant"},
    "editor.diff.column": {"en": "Column", "fr": "Colonne"},
    "editor.diff.old": {"en": "Before", "fr": "Avant"},
    "editor.diff.new": {"en": "After", "fr": "Après"},
    "editor.reason": {"en": "Why (kept in the history)", "fr": "Pourquoi (gardé dans "
                      "l'historique)"},
    "editor.reason_needed": {"en": "Say in a few words why, then save.",
                             "fr": "Dites en quelques mots pourquoi, puis enregistrez."},
    "editor.save": {"en": "Save", "fr": "Enregistrer"},
    "editor.saved": {"en": "Saved {file}: {summary} Every page shows it from now on.",
                     "fr": "{file} enregistré : {summary} Toutes les pages l'affichent "
                           "désormais."},
    "editor.not_allowed": {"en": "Only editors may save. Sign in again.",
                           "fr": "Seuls les éditeurs peuvent enregistrer. Reconnectez-vous."},
    "editor.invalid": {"en": "The change was refused: the data would not be valid.",
                       "fr": "La modification a été refusée : les données ne seraient pas "
                             "valides."},
    "editor.history.empty": {"en": "No saves recorded for this table yet.",
                             "fr": "Aucun enregistrement pour cette table pour l'instant."},
    "editor.history.when": {"en": "When", "fr": "Quand"},
    "editor.history.who": {"en": "Who", "fr": "Qui"},
    "editor.history.change": {"en": "Change", "fr": "Modification"},
    "editor.history.reason": {"en": "Reason", "fr": "Raison"},
    "editor.history.version": {"en": "Version", "fr": "Version"},
    "editor.history.pick": {"en": "Version to compare with the current table",
                            "fr": "Version à comparer à la table actuelle"},
    "editor.history.after": {"en": "after the save of {when} by {who}",
                             "fr": "après l'enregistrement du {when} par {who}"},
    "editor.history.before": {"en": "before the save of {when} by {who}",
                              "fr": "avant l'enregistrement du {when} par {who}"},
    "editor.history.outside": {"en": "as changed outside the editor (file dated {when})",
                               "fr": "tel que modifié hors de l'éditeur (fichier du {when})"},
    "editor.history.current": {"en": "This is the current version.",
                               "fr": "C'est la version actuelle."},
    "editor.history.restore": {"en": "Restore this version", "fr": "Restaurer cette version"},
    "editor.history.restored": {"en": "Restored {file} to version {version}.",
                                "fr": "{file} restauré à la version {version}."},
    "editor.history.diff": {"en": "Restoring it would make these changes:",
                            "fr": "La restaurer apporterait ces modifications :"},
    "editor.place": {"en": "Find a campus's coordinates", "fr": "Trouver les coordonnées d'un "
                     "campus"},
    "editor.place.city": {"en": "City", "fr": "Ville"},
    "editor.place.country": {"en": "Country code (optional)", "fr": "Code pays (facultatif)"},
    "editor.place.loading": {"en": "Opening the offline gazetteer…",
                             "fr": "Ouverture du répertoire géographique hors ligne…"},
    "editor.place.none": {"en": "No place called {city} in the offline gazetteer.",
                          "fr": "Aucun lieu nommé {city} dans le répertoire hors ligne."},
    "editor.place.online": {"en": "Search online (OpenStreetMap)",
                            "fr": "Chercher en ligne (OpenStreetMap)"},
    "editor.place.offline": {"en": "The online search is not reachable: {reason}",
                             "fr": "La recherche en ligne est injoignable : {reason}"},
    "editor.place.pick": {"en": "Which place?", "fr": "Quel lieu ?"},
    "editor.place.map": {"en": "Check the place on the map", "fr": "Vérifiez le lieu sur la "
                         "carte"},
    "editor.place.university": {"en": "University", "fr": "Université"},
    "editor.place.id": {"en": "Campus id", "fr": "Identifiant du campus"},
    "editor.place.add": {"en": "Add as a new campus row", "fr": "Ajouter comme nouveau campus"},
    "editor.place.added": {"en": "Added {city}: complete the row in the grid, then save.",
                           "fr": "{city} ajouté : complétez la ligne dans la grille, puis "
                                 "enregistrez."},
    "editor.place.alt": {"en": "Map of the candidate places, the chosen one larger and red.",
                         "fr": "Carte des lieux candidats, le lieu choisi plus grand et rouge."},
    "editor.current_problems": {
        "en": "The file on disk already has {count} problem(s); fix them here and save.",
        "fr": "Le fichier sur le disque a déjà {count} problème(s) ; corrigez-les ici et "
              "enregistrez.",
    },
}
