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
    "editor.draft_kept": {
        "en": "Your changes are kept below and were not saved. Reapply them on the new "
              "version (you will see the result before saving), download them as CSV, or "
              "drop them.",
        "fr": "Vos modifications sont conservées ci-dessous et n'ont pas été enregistrées. "
              "Appliquez-les de nouveau sur la nouvelle version (vous verrez le résultat "
              "avant d'enregistrer), téléchargez-les en CSV, ou abandonnez-les.",
    },
    "editor.reapply": {"en": "Reapply my changes on the new version",
                       "fr": "Appliquer mes modifications sur la nouvelle version"},
    "editor.reapplied": {
        "en": "Your changes were applied on the version saved meanwhile: review them below, "
              "then save.",
        "fr": "Vos modifications ont été appliquées sur la version enregistrée entre-temps : "
              "vérifiez-les ci-dessous, puis enregistrez.",
    },
    "editor.download_draft": {"en": "Download my changes (CSV)",
                              "fr": "Télécharger mes modifications (CSV)"},
    "editor.save_after_conflict": {
        "en": "Saving waits until your changes are reapplied on the new version.",
        "fr": "L'enregistrement attend que vos modifications soient appliquées sur la "
              "nouvelle version.",
    },
    "editor.stop_unsaved": {
        "en": "You have changes that are not saved. Stop editing and drop them?",
        "fr": "Vous avez des modifications non enregistrées. Arrêter la modification et les "
              "abandonner ?",
    },
    "editor.stop_discard": {"en": "Drop my changes and stop editing",
                            "fr": "Abandonner mes modifications et arrêter"},
    "editor.stop_keep": {"en": "Keep editing", "fr": "Continuer la modification"},
    "editor.unreadable": {
        "en": "{file} cannot be read as it is on disk, so nothing can be saved onto it: "
              "{problems} Mend the file (for example, save it again as CSV UTF-8), or "
              "restore an earlier version under History.",
        "fr": "{file} ne peut pas être lu tel qu'il est sur le disque, donc rien ne peut y "
              "être enregistré : {problems} Réparez le fichier (par exemple en "
              "l'enregistrant de nouveau en CSV UTF-8), ou restaurez une version antérieure "
              "dans l'Historique.",
    },
    "editor.unreadable_no_edit": {
        "en": "Editing and uploads are off for this table until its file can be read.",
        "fr": "La modification et le téléversement sont désactivés pour cette table tant "
              "que son fichier ne peut pas être lu.",
    },
    "editor.upload_problem": {"en": "{file}: {message}", "fr": "{file} : {message}"},
    "editor.upload_problem_at": {"en": "{file}, line {line}: {message}",
                                 "fr": "{file}, ligne {line} : {message}"},
    "editor.lines_note_upload": {
        "en": "Rows from {upload} are located on that file's own lines; other lines are "
              "those of {file} as it would be saved.",
        "fr": "Les lignes venues de {upload} sont situées dans ce fichier même ; les autres "
              "sont celles de {file} tel qu'il serait enregistré.",
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
    # Files refused before they are read (alliance.upload); the command line's import too.
    "problem.upload_too_big": {
        "en": "The file is {size} MB; files up to {max} MB are accepted. Split it, or leave "
              "out what the table does not need.",
        "fr": "Le fichier fait {size} Mo ; les fichiers sont acceptés jusqu'à {max} Mo. "
              "Divisez-le, ou retirez ce dont la table n'a pas besoin.",
    },
    "problem.upload_too_many_rows": {
        "en": "The file has more than {max} rows, the most a file may bring in. Split it "
              "into several files.",
        "fr": "Le fichier a plus de {max} lignes, le maximum qu'un fichier peut apporter. "
              "Divisez-le en plusieurs fichiers.",
    },
    "problem.xlsx_old": {
        "en": "This is an old Excel file (.xls) or a password-protected workbook. In Excel, "
              "remove the password if any, then save it as .xlsx or as CSV.",
        "fr": "Il s'agit d'un ancien fichier Excel (.xls) ou d'un classeur protégé par mot de "
              "passe. Dans Excel, retirez le mot de passe s'il y en a un, puis enregistrez-le "
              "en .xlsx ou en CSV.",
    },
    "problem.xlsx_not_zip": {
        "en": "The file looks like an Excel workbook but is damaged (its archive cannot be "
              "opened), perhaps cut short. Save it again from Excel, or as CSV.",
        "fr": "Le fichier ressemble à un classeur Excel mais il est endommagé (son archive "
              "ne s'ouvre pas), peut-être tronqué. Enregistrez-le de nouveau depuis Excel, "
              "ou en CSV.",
    },
    "problem.xlsx_broken": {
        "en": "The workbook cannot be read: a part of it is missing or damaged. Open it in "
              "Excel and save it again as .xlsx, or as CSV.",
        "fr": "Le classeur ne peut pas être lu : une de ses parties manque ou est "
              "endommagée. Ouvrez-le dans Excel et enregistrez-le de nouveau en .xlsx, ou "
              "en CSV.",
    },
    "problem.xlsx_no_sheet": {
        "en": "The workbook has no sheet to read.",
        "fr": "Le classeur n'a aucune feuille à lire.",
    },
    "problem.xlsx_too_many_parts": {
        "en": "The workbook is made of more than {max} parts, which no table needs: it is "
              "refused unread. Copy the table into a new workbook, or save it as CSV.",
        "fr": "Le classeur compte plus de {max} parties, ce dont aucune table n'a besoin : "
              "il est refusé sans être lu. Copiez la table dans un nouveau classeur, ou "
              "enregistrez-la en CSV.",
    },
    "problem.xlsx_too_big": {
        "en": "Once unpacked, the workbook would take {size} MB, more than the {max} MB "
              "allowed: it is refused unread. Save only the table's sheet, or as CSV.",
        "fr": "Une fois décompressé, le classeur occuperait {size} Mo, plus que les {max} Mo "
              "permis : il est refusé sans être lu. N'enregistrez que la feuille de la table, "
              "ou en CSV.",
    },
    "problem.xlsx_ratio": {
        "en": "A part of the workbook ({part}) unpacks to more than {max} times its size, "
              "as only a deliberately crafted file does: it is refused unread.",
        "fr": "Une partie du classeur ({part}) se décompresse à plus de {max} fois sa taille, "
              "ce que fait seulement un fichier fabriqué à dessein : il est refusé sans être "
              "lu.",
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
