"""Edit data: change a table in a grid or from a file, review every problem and the diff, save
safely, and restore an earlier version; import and remove Erasmus+ mobility files. Editors only.

The page composes; what it shows is decided in alliance.editing (drafts, their
reapplication on a newer version, located problems), alliance.upload (reading files) and
alliance.mobility.uploads (importing mobility files).
"""

import pandas as pd
import streamlit as st

from alliance import store
from alliance.access import (
    ThrottlePolicy,
    editing_enabled,
    editor,
    login_enabled,
    login_refusal,
    password_enabled,
    require_editor,
    settings,
)
from alliance.editing import (
    UNREADABLE,
    Opened,
    Uploaded,
    campus_id,
    campus_row,
    conflict_of,
    draft_changed,
    fatal_problems,
    from_grid,
    grid_columns,
    has_draft,
    history_view,
    keys,
    locate_in_upload,
    open_table,
    place_map,
    reapply,
    to_grid,
    upload_errors,
    upload_problem_text,
    version_choices,
)
from alliance.gazetteer import OnlineGeocodingError
from alliance.health import problems_view
from alliance.i18n import format_number, t
from alliance.limits import MAX_UPLOAD_BYTES
from alliance.mobility import imports as mobility_imports
from alliance.mobility.uploads import entry_text, import_uploads, said
from alliance.schema import TABLES, TABLES_BY_NAME, Table
from alliance.text import markdown
from alliance.upload import merge, read_upload
from ui.frame import (
    credentials,
    dataset,
    gazetteer,
    language,
    lookup_online_cached,
    password_gate,
    review_errors,
    secrets_dict,
    session_id,
    table,
)
from ui.widgets import chart, moment_column, reader_zone

lang = language()
data = dataset()
folder = data.folder
secrets_ = secrets_dict()

if not editing_enabled(secrets_):
    st.title(t("editor.title", lang))
    st.info(t("editor.off", lang), icon=":material/lock:")
    st.stop()

who = editor(credentials(), secrets_)
if who is None:
    st.title(t("editor.signin", lang))
    st.markdown(t("editor.signin_text", lang))
    session = credentials()
    refusal = login_refusal(session, secrets_)
    if refusal:
        st.warning(t(refusal, lang, email=markdown(session.email)))
    if login_enabled(secrets_):
        st.button(t("editor.login", lang), on_click=st.login, key="login",
                  icon=":material/login:")
    if password_enabled(secrets_):
        with st.form("password_form"):
            password = st.text_input(t("editor.password", lang), type="password", key="pw")
            if st.form_submit_button(t("editor.password_go", lang)):
                stored = str(settings(secrets_)["password_hash"])
                tried = password_gate(ThrottlePolicy.from_secrets(secrets_)).attempt(
                    session_id(), password, stored)
                if tried.outcome == "ok":
                    st.session_state["editor_password_ok"] = True
                    st.session_state["editor_password_seen"] = tried.fingerprint
                    st.rerun()
                st.error(t(f"editor.password_{tried.outcome}", lang, seconds=tried.wait,
                           minutes=-(-tried.wait // 60)))
    st.stop()


def check_access() -> None:
    """Asked inside every write, with the session's credentials as they are then."""
    require_editor(credentials(), secrets_)


# Signing out.

def unsaved() -> bool:
    return any(has_draft(st.session_state, tb.name) for tb in TABLES)


def stop_editing() -> None:
    """Sign out, dropping every draft (the confirmation asked first when there were any)."""
    for tb in TABLES:
        for key in vars(keys(tb.name)).values():
            st.session_state.pop(key, None)
    st.session_state.pop("confirm_stop", None)
    st.session_state.pop("editor_password_ok", None)
    if who.method == "login":
        st.logout()


def ask_before_stopping() -> None:
    if unsaved():
        st.session_state["confirm_stop"] = True
    else:
        stop_editing()


def header() -> None:
    st.title(t("editor.title", lang))
    left, right = st.columns([4, 1])
    left.caption(t("editor.signed_in", lang, who=who.name))
    right.button(t("editor.signout", lang), on_click=ask_before_stopping, key="signout",
                 icon=":material/logout:")
    if st.session_state.get("confirm_stop"):
        st.warning(t("editor.stop_unsaved", lang), icon=":material/warning:")
        discard, keep = st.columns(2)
        discard.button(t("editor.stop_discard", lang), on_click=stop_editing,
                       key="stop_discard", icon=":material/delete:")
        keep.button(t("editor.stop_keep", lang), key="stop_keep",
                    on_click=lambda: st.session_state.pop("confirm_stop", None))
    flash = st.session_state.pop("editor_flash", None)
    if flash:
        st.success(flash, icon=":material/check_circle:")


# One table's draft. The grid keeps a reader's edits for as long as its key and starting rows
# stay the same, so it starts from the version the editor opened (kept in the session), not
# from the file as it is now: another editor's save never replaces the rows under an edit.

def new_grid(table_name: str) -> None:
    names = keys(table_name)
    st.session_state[names.round] = st.session_state.get(names.round, 0) + 1


def reset_table(table_name: str) -> None:
    names = keys(table_name)
    for key in (names.base, names.base_cells, names.draft, names.pending, names.dirty):
        st.session_state.pop(key, None)
    new_grid(table_name)


def starting_point(opened: Opened) -> tuple[str, pd.DataFrame]:
    """The version the editor works from and its cells. It follows the file while there is
    nothing to lose; with a draft it stays, and the page says the table moved on."""
    names = keys(opened.table.name)
    state = st.session_state
    if names.base not in state or (state[names.base] != opened.version
                                   and not has_draft(state, opened.table.name)):
        if names.base in state:
            new_grid(opened.table.name)
        state[names.base], state[names.base_cells] = opened.version, opened.cells
    return state[names.base], state[names.base_cells]


def reapply_draft(opened: Opened, base_cells: pd.DataFrame, draft: pd.DataFrame) -> None:
    """The draft made again on the version saved meanwhile, opened in the grid."""
    names = keys(opened.table.name)
    moved = reapply(base_cells, draft, opened.cells, opened.table.primary_key)
    st.session_state.pop(names.pending, None)
    st.session_state[names.base], st.session_state[names.base_cells] = (opened.version,
                                                                       opened.cells)
    st.session_state[names.draft] = moved
    st.session_state["edit_mode"] = "grid"
    st.session_state["editor_flash"] = t("editor.reapplied", lang)
    new_grid(opened.table.name)


def conflict_notice(place: object, opened: Opened, base_cells: pd.DataFrame,
                    proposed: pd.DataFrame | None) -> None:
    """Who saved the table since this editor opened it, and what to do with the draft."""
    conflict = conflict_of(store.history(folder, opened.table.name), opened.table.name,
                           opened.version)
    with place:  # type: ignore[attr-defined]
        st.warning(markdown(conflict.message(lang, reader_zone())) + " "
                   + t("editor.draft_kept", lang),
                   icon=":material/sync_problem:")
        again, download, drop = st.columns(3)
        if proposed is not None:
            again.button(t("editor.reapply", lang), key="reapply", icon=":material/merge:",
                         on_click=reapply_draft, args=(opened, base_cells, proposed))
            download.download_button(
                t("editor.download_draft", lang), store.csv_bytes(proposed, opened.table),
                file_name=f"draft-{opened.table.file_name}", mime="text/csv",
                key="download_draft", icon=":material/download:")
        drop.button(t("editor.reload", lang), key="reload", on_click=reset_table,
                    args=(opened.table.name,))


def write(action: object, table_name: str, done: str, *cleared: str) -> None:
    """Run a save or restore; say why it was refused, or start afresh with `done` shown.
    A refused save leaves the draft where it is."""
    try:
        action()  # type: ignore[operator]
    except store.Conflict as conflict:
        st.error(markdown(conflict.message(lang, reader_zone())))  # names who saved
    except UNREADABLE as refusal:  # quotes the file's own cells and column names
        st.error(markdown(refusal.message(lang)))  # type: ignore[attr-defined]
    except store.NotAllowed:
        st.error(t("editor.not_allowed", lang))
    except store.Invalid:
        st.error(t("editor.invalid", lang))
    else:
        reset_table(table_name)
        for key in cleared:
            st.session_state.pop(key, None)
        st.session_state["editor_flash"] = done
        st.rerun()


def show_diff(change: store.Diff) -> None:
    """The rows added and removed and the cells changed; ids, column names and values come
    from the data (an uploaded file's too), so each is escaped: text, never markup."""
    summary = change.summary()
    st.markdown(t("editor.diff", lang, **summary))
    if change.added:
        st.markdown(f"**{t('editor.diff.added', lang)}:** "
                    + ", ".join(markdown(row) for row in change.added))
    if change.removed:
        st.markdown(f"**{t('editor.diff.removed', lang)}:** "
                    + ", ".join(markdown(row) for row in change.removed))
    if change.changed:
        table(pd.DataFrame(change.changed, columns=[
            t("editor.diff.id", lang), t("editor.diff.column", lang),
            t("editor.diff.old", lang), t("editor.diff.new", lang)]))


# The three ways to change a table.

def grid_config(table: Table) -> dict[str, object]:
    config = {}
    for column in grid_columns(table, lang):
        if column.kind == "checkbox":
            config[column.name] = st.column_config.CheckboxColumn(
                column.label, help=column.help, required=column.required, default=False)
        elif column.kind == "select":
            config[column.name] = st.column_config.SelectboxColumn(
                column.label, help=column.help, required=column.required,
                options=list(column.options))
        else:
            config[column.name] = st.column_config.TextColumn(
                column.label, help=column.help, required=column.required,
                validate=column.validate, width=column.width)
    return config


def grid_mode(table: Table, base_cells: pd.DataFrame) -> pd.DataFrame:
    names = keys(table.name)
    st.caption(t("editor.grid_help", lang))
    start = st.session_state.get(names.draft)
    if start is None:
        start = base_cells
    pending = st.session_state.get(names.pending, [])
    if pending:
        start = pd.concat([start, pd.DataFrame(pending)], ignore_index=True).fillna("")
    edited = st.data_editor(to_grid(start, table), num_rows="dynamic", hide_index=True,
                            column_config=grid_config(table), width="stretch",
                            key=names.grid(st.session_state.get(names.round, 0)))
    proposed = from_grid(edited, table)
    if table.name == "locations":
        place_finder(table, proposed)
    return proposed


def candidate_places(city: str, country: str) -> list[object]:
    with st.spinner(t("editor.place.loading", lang)):
        places = gazetteer().lookup(city, country.strip() or None)
    if places:
        return places
    st.info(t("editor.place.none", lang, city=markdown(city)))
    if st.button(t("editor.place.online", lang), key="place_online"):
        try:
            st.session_state["place_online"] = lookup_online_cached(
                city.strip(), country.strip().upper() or None)
        except OnlineGeocodingError as exc:
            st.warning(t("editor.place.offline", lang, reason=markdown(exc)))
    return st.session_state.get("place_online", [])


def add_campus(table: Table, proposed: pd.DataFrame, row: dict[str, str], city: str) -> None:
    names = keys(table.name)
    st.session_state[names.draft] = proposed
    st.session_state[names.pending] = [row]
    st.session_state["editor_flash"] = t("editor.place.added", lang, city=city)
    new_grid(table.name)
    st.rerun()


def place_finder(table: Table, proposed: pd.DataFrame) -> None:
    """Look a city up, check it on a map, and add it as a campus row to complete."""
    with st.expander(t("editor.place", lang), icon=":material/travel_explore:"):
        city = st.text_input(t("editor.place.city", lang), key="place_city")
        country = st.text_input(t("editor.place.country", lang), key="place_country",
                                max_chars=2)
        places = candidate_places(city, country) if city.strip() else []
        if not places:
            return
        chosen = st.radio(
            t("editor.place.pick", lang), range(len(places)), key="place_pick",
            format_func=lambda i: (f"{places[i].name}, {places[i].country} "
                                   f"({places[i].latitude:.4f}, {places[i].longitude:.4f})"))
        place = places[chosen]
        chart(place_map(places, chosen, t("editor.place.map", lang)), "place_map",
              t("editor.place.alt", lang))
        universities = data.tables["universities"]["id"].tolist()
        member = st.selectbox(t("editor.place.university", lang), universities,
                              key="place_university")
        identifier = st.text_input(t("editor.place.id", lang), key="place_id",
                                   value=campus_id(member, place.name))
        if st.button(t("editor.place.add", lang), key="place_add",
                     icon=":material/add_location_alt:"):
            add_campus(table, proposed, campus_row(place, member, identifier, place.source),
                       place.name)


def fix_in_grid(table_name: str, frame: pd.DataFrame) -> None:
    """Open the uploaded result in the grid, to correct its rows there before saving."""
    st.session_state[keys(table_name).draft] = frame
    new_grid(table_name)  # a new uploader too: its rows are in the grid now
    st.session_state["edit_mode"] = "grid"


def upload_mode(table: Table,
                base_cells: pd.DataFrame) -> tuple[pd.DataFrame | None, Uploaded | None]:
    """The table with an uploaded file's rows, and how to find those rows' own lines."""
    names = keys(table.name)
    uploaded = st.file_uploader(t("editor.upload", lang), type=["csv", "xlsx"],
                                key=names.upload(st.session_state.get(names.round, 0)),
                                help=t("editor.upload_help", lang))
    how = st.radio(t("editor.upload_mode", lang), ("replace", "append"), horizontal=True,
                   key="upload_how", format_func=lambda m: t(f"editor.upload_mode.{m}", lang))
    if uploaded is None:
        return None, None
    parsed = read_upload(uploaded.name, uploaded.getvalue(), table)
    for found in upload_errors(parsed):
        st.error(upload_problem_text(found, uploaded.name, lang))
    if fatal_problems(parsed):
        return None, None  # its read error says it all: there are no rows to review
    proposed = merge(base_cells, parsed.frame, how)
    # A callback: the mode radio is already drawn, so only a callback may change its value.
    st.button(t("editor.to_grid", lang), key="to_grid", icon=":material/edit:",
              on_click=fix_in_grid, args=(table.name, proposed))
    first = len(base_cells) if how == "append" else 0
    return proposed, Uploaded(uploaded.name, first, parsed.lines)


def history_mode(table: Table, opened: Opened, base: str) -> None:
    versions = store.history(folder, table.name)
    if not versions:
        st.info(t("editor.history.empty", lang))
        return
    when = t("editor.history.when", lang)
    st.dataframe(history_view(versions, lang), hide_index=True, width="stretch",
                 key="history_table", column_config={when: moment_column(when, lang,
                                                                         reader_zone())})
    # Newest first, each version named after the latest change that made or replaced it,
    # so the one to undo the last save with reads "before the save of ...".
    choices = version_choices(versions, lang, reader_zone())
    picked = st.selectbox(t("editor.history.pick", lang), list(choices),
                          format_func=choices.get, key="history_pick")
    if picked == opened.version:
        st.info(t("editor.history.current", lang))
        return
    old = store.read_version(folder, table.name, picked)
    st.markdown(t("editor.history.diff", lang))
    show_diff(store.diff(opened.cells, old))
    reason = st.text_input(t("editor.reason", lang), key="restore_reason")
    if st.button(t("editor.history.restore", lang), key="restore",
                 disabled=not reason.strip(), icon=":material/restore:"):
        # A restore builds on the file as it is, readable or not: it is the way back.
        write(lambda: store.restore(folder, table.name, picked, base=opened.version,
                                    who=who.name, reason=reason.strip(),
                                    check_access=check_access),
              table.name, t("editor.history.restored", lang, file=table.file_name,
                            version=picked))


# Review and save.

def review_problems(table: Table, saved: bytes, upload: Uploaded | None) -> list[object]:
    """The errors the folder would have with `saved`; an upload's rows on its own lines."""
    errors = review_errors(data.version, str(folder), table.name, saved)
    if upload is None or not errors:
        return errors
    return locate_in_upload(errors, saved, table, upload)


def review(table: Table, base: str, base_cells: pd.DataFrame, proposed: pd.DataFrame,
           upload: Uploaded | None, conflicted: bool) -> None:
    st.subheader(t("editor.review", lang))
    change = store.diff(base_cells, proposed, table.primary_key)
    if change.is_empty:
        st.info(t("editor.no_change", lang))
        return
    saved = store.csv_bytes(proposed, table)
    errors = review_problems(table, saved, upload)
    if errors:
        st.error(t("editor.dirty", lang, count=format_number(len(errors), lang)),
                 icon=":material/error:")
        # Only errors stop a save, so the severity column would say "error" throughout.
        st.dataframe(problems_view(errors, lang, with_file=True).drop(
            columns=t("col.severity", lang)), hide_index=True, width="stretch",
            key="review_problems")
        if upload is None:
            st.caption(t("editor.lines_note", lang, file=table.file_name))
        else:
            st.caption(t("editor.lines_note_upload", lang, file=table.file_name,
                         upload=markdown(upload.file)))
    else:
        st.success(t("editor.clean", lang), icon=":material/check_circle:")
    show_diff(change)
    reason = st.text_input(t("editor.reason", lang), key="save_reason")
    if conflicted:
        st.caption(t("editor.save_after_conflict", lang))
    elif not errors and not reason.strip():
        st.caption(t("editor.reason_needed", lang))
    # Not type="primary": Streamlit writes white on the primary colour, which in the dark
    # theme (light blue, so links and marks read on the dark page) is 2.1:1, below WCAG AA.
    if st.button(t("editor.save", lang), key="save",
                 disabled=bool(errors) or not reason.strip() or conflicted,
                 icon=":material/save:"):
        write(lambda: store.save(folder, table.name, proposed, base=base, who=who.name,
                                 reason=reason.strip(), check_access=check_access),
              table.name, t("editor.saved", lang, file=table.file_name,
                            summary=t("editor.diff", lang, **change.summary())), "save_reason")


def edit_page() -> None:
    header()
    table_name = st.selectbox(t("editor.table", lang), [tb.name for tb in TABLES],
                              key="edit_table",
                              format_func=lambda n: TABLES_BY_NAME[n].file_name)
    table = TABLES_BY_NAME[table_name]
    opened = open_table(folder, table_name)
    if not opened.readable:
        st.error(markdown(opened.message(lang)), icon=":material/error:")
    base, base_cells = starting_point(opened)
    conflicted = base != opened.version
    notice = st.container()
    on_disk = data.report.results[table_name].errors
    if on_disk and opened.readable:
        st.warning(t("editor.current_problems", lang, count=on_disk), icon=":material/warning:")
    mode = st.radio(t("editor.mode", lang), ("grid", "upload", "history"), horizontal=True,
                    key="edit_mode", format_func=lambda m: t(f"editor.mode.{m}", lang))
    proposed, upload = None, None
    if mode == "history":
        history_mode(table, opened, base)
    elif not opened.readable:
        st.info(t("editor.unreadable_no_edit", lang), icon=":material/block:")
    elif mode == "grid":
        proposed = grid_mode(table, base_cells)
    else:
        proposed, upload = upload_mode(table, base_cells)
    if conflicted and opened.readable:
        conflict_notice(notice, opened, base_cells, proposed)
    st.session_state[keys(table_name).dirty] = (
        draft_changed(base_cells, proposed, table.primary_key) if mode != "history"
        else st.session_state.get(keys(table_name).dirty, False))
    if proposed is not None:
        review(table, base, base_cells, proposed, upload, conflicted)


# Erasmus+ mobility files: imported beside the tables, read by the Mobility page.

MOBILITY_LISTED = 200  # located problems listed on the page; all are counted


def mobility_progress(bar: object, count: int) -> object:
    """The importer's progress (file, fraction of it) as one bar over all the files."""
    order: dict[str, int] = {}

    def progress(name: str, fraction: float) -> None:
        done = (order.setdefault(name, len(order)) + fraction) / max(count, 1)
        bar.progress(min(done, 1.0),  # type: ignore[attr-defined]
                     text=t("editor.mobility.reading", lang, file=markdown(name)))

    return progress


def import_mobility(files: list[object]) -> None:
    """Import the uploaded files with a progress bar; the outcome is shown after a rerun."""
    before = mobility_imports.read_manifest(folder)
    with st.status(t("editor.mobility.running", lang, count=len(files)),
                   expanded=True) as status:
        bar = st.progress(0.0)
        try:
            result = import_uploads(folder, [(f.name, f.getvalue()) for f in files],
                                    progress=mobility_progress(bar, len(files)),
                                    check_access=check_access)
        except store.NotAllowed:
            status.update(label=t("editor.mobility.failed", lang), state="error")
            st.error(t("editor.not_allowed", lang))
            return
        status.update(label=t("editor.mobility.done" if result.imported
                              else "editor.mobility.failed", lang),
                      state="complete" if result.imported else "error", expanded=False)
    st.session_state["mobility_said"] = said(result, lang, before)
    st.session_state["mobility_problems"] = result.problems
    if result.imported:  # a fresh, empty uploader; after problems the files stay, to retry
        st.session_state["mobility_round"] = st.session_state.get("mobility_round", 0) + 1
    st.rerun()


def remove_mobility(digest: str, name: str) -> None:
    try:
        check_access()
    except store.NotAllowed:
        st.session_state["mobility_said"] = [("error", t("editor.not_allowed", lang))]
        return
    gone = mobility_imports.remove(folder, digest)
    st.session_state["mobility_said"] = [
        ("success", t("editor.mobility.removed", lang, file=markdown(name))) if gone
        else ("info", t("editor.mobility.gone", lang, file=markdown(name)))]


def mobility_outcome() -> None:
    for kind, text in st.session_state.pop("mobility_said", []):
        getattr(st, kind)(text)
    problems = st.session_state.pop("mobility_problems", [])
    if problems:
        st.dataframe(problems_view(problems[:MOBILITY_LISTED], lang, with_file=True).drop(
            columns=t("col.severity", lang)), hide_index=True, width="stretch",
            key="mobility_problem_list")
        if len(problems) > MOBILITY_LISTED:
            st.caption(t("editor.mobility.shown", lang, shown=MOBILITY_LISTED))


def mobility_section() -> None:
    st.divider()
    st.header(t("editor.mobility.title", lang), anchor="mobility-files")
    st.caption(t("editor.mobility.intro", lang))
    limit = MAX_UPLOAD_BYTES // 1024 // 1024
    files = st.file_uploader(
        t("editor.mobility.upload", lang), type=["csv", "xlsx"], accept_multiple_files=True,
        max_upload_size=limit, help=t("editor.mobility.upload_help", lang, limit=limit),
        key=f"mobility_upload_{st.session_state.get('mobility_round', 0)}")
    if st.button(t("editor.mobility.import", lang), key="mobility_import",
                 disabled=not files, icon=":material/upload:"):
        import_mobility(files)
    mobility_outcome()
    st.subheader(t("editor.mobility.list", lang))
    entries = mobility_imports.read_manifest(folder)
    if not entries:
        st.caption(t("editor.mobility.none", lang))
    for entry in entries:
        text, button = st.columns([5, 1], vertical_alignment="center")
        text.markdown(entry_text(entry, lang))
        button.button(t("editor.mobility.remove", lang), key=f"mobility_remove_{entry.digest}",
                      icon=":material/delete:", on_click=remove_mobility,
                      args=(entry.digest, entry.file))


edit_page()
mobility_section()
