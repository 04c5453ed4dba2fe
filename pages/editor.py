"""Edit data: change a table in a grid or from a file, review every problem and the diff, save
safely, and restore an earlier version. Editors only."""

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
    campus_row,
    from_grid,
    grid_columns,
    history_view,
    place_map,
    to_grid,
    version_choices,
)
from alliance.gazetteer import OnlineGeocodingError
from alliance.health import problems_view
from alliance.i18n import format_number, t
from alliance.schema import TABLES, TABLES_BY_NAME
from alliance.upload import merge, read_upload
from pages.atlas import chart
from pages.shell import (
    credentials,
    dataset,
    gazetteer,
    language,
    lookup_online_cached,
    password_gate,
    review_errors,
    secrets_dict,
    session_id,
)

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
        st.warning(t(refusal, lang, email=session.email))
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


def stop_editing() -> None:
    st.session_state.pop("editor_password_ok", None)
    if who.method == "login":
        st.logout()


st.title(t("editor.title", lang))
left, right = st.columns([4, 1])
left.caption(t("editor.signed_in", lang, who=who.name))
right.button(t("editor.signout", lang), on_click=stop_editing, key="signout",
             icon=":material/logout:")
flash = st.session_state.pop("editor_flash", None)
if flash:
    st.success(flash, icon=":material/check_circle:")

table_name = st.selectbox(t("editor.table", lang), [tb.name for tb in TABLES], key="edit_table",
                          format_func=lambda n: TABLES_BY_NAME[n].file_name)
table = TABLES_BY_NAME[table_name]
cells, version = store.current(folder, table_name)
base_key, draft_key, pending_key = (f"base_{table_name}", f"draft_{table_name}",
                                    f"pending_{table_name}")
st.session_state.setdefault(base_key, version)
base = st.session_state[base_key]


# The grid keeps a reader's edits for as long as its key stays the same; the key moves on
# (a new grid) only when its starting rows are replaced: a reload, a save, rows from an upload
# or a new campus.
grid_key = f"grid_round_{table_name}"


def new_grid() -> None:
    st.session_state[grid_key] = st.session_state.get(grid_key, 0) + 1


def reset_table() -> None:
    for key in (base_key, draft_key, pending_key):
        st.session_state.pop(key, None)
    new_grid()


if base != version:
    st.warning(t("editor.changed_since", lang), icon=":material/sync_problem:")
    st.button(t("editor.reload", lang), on_click=reset_table, key="reload")
on_disk = data.report.results[table_name].errors
if on_disk:
    st.warning(t("editor.current_problems", lang, count=on_disk), icon=":material/warning:")

modes = ("grid", "upload", "history")
mode = st.radio(t("editor.mode", lang), modes, horizontal=True, key="edit_mode",
                format_func=lambda m: t(f"editor.mode.{m}", lang))


def write(action: object, done: str, *cleared: str) -> None:
    """Run a save or restore; say why it was refused, or start afresh with `done` shown."""
    try:
        action()  # type: ignore[operator]
    except store.Conflict as conflict:
        st.error(conflict.message(lang))
    except store.NotAllowed:
        st.error(t("editor.not_allowed", lang))
    except store.Invalid:
        st.error(t("editor.invalid", lang))
    else:
        reset_table()
        for key in cleared:
            st.session_state.pop(key, None)
        st.session_state["editor_flash"] = done
        st.rerun()


def show_diff(change: store.Diff) -> None:
    summary = change.summary()
    st.markdown(t("editor.diff", lang, **summary))
    if change.added:
        st.markdown(f"**{t('editor.diff.added', lang)}:** " + ", ".join(change.added))
    if change.removed:
        st.markdown(f"**{t('editor.diff.removed', lang)}:** " + ", ".join(change.removed))
    if change.changed:
        st.table(pd.DataFrame(change.changed, columns=[
            t("editor.diff.id", lang), t("editor.diff.column", lang),
            t("editor.diff.old", lang), t("editor.diff.new", lang)]), hide_index=True)


def fix_in_grid(frame: pd.DataFrame) -> None:
    """Open the uploaded result in the grid, to correct its rows there before saving."""
    st.session_state[draft_key] = frame
    new_grid()
    st.session_state["edit_mode"] = "grid"


proposed: pd.DataFrame | None = None
if mode == "grid":
    st.caption(t("editor.grid_help", lang))
    start = st.session_state.get(draft_key)
    if start is None:
        start = cells
    pending = st.session_state.get(pending_key, [])
    if pending:
        start = pd.concat([start, pd.DataFrame(pending)], ignore_index=True).fillna("")
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
    edited = st.data_editor(to_grid(start, table), num_rows="dynamic", hide_index=True,
                            column_config=config, width="stretch",
                            key=f"grid_{table_name}_{st.session_state.get(grid_key, 0)}")
    proposed = from_grid(edited, table)

    if table_name == "locations":
        with st.expander(t("editor.place", lang), icon=":material/travel_explore:"):
            city = st.text_input(t("editor.place.city", lang), key="place_city")
            country = st.text_input(t("editor.place.country", lang), key="place_country",
                                    max_chars=2)
            places = []
            if city.strip():
                with st.spinner(t("editor.place.loading", lang)):
                    places = gazetteer().lookup(city, country.strip() or None)
                if not places:
                    st.info(t("editor.place.none", lang, city=city))
                    if st.button(t("editor.place.online", lang), key="place_online"):
                        try:
                            st.session_state["place_online"] = lookup_online_cached(
                                city.strip(), country.strip().upper() or None)
                        except OnlineGeocodingError as exc:
                            st.warning(t("editor.place.offline", lang, reason=str(exc)))
                    places = st.session_state.get("place_online", [])
            if places:
                chosen = st.radio(
                    t("editor.place.pick", lang), range(len(places)), key="place_pick",
                    format_func=lambda i: (f"{places[i].name}, {places[i].country} "
                                           f"({places[i].latitude:.4f}, "
                                           f"{places[i].longitude:.4f})"))
                chart(place_map(places, chosen, t("editor.place.map", lang)), "place_map",
                      t("editor.place.alt", lang))
                universities = data.tables["universities"]["id"].tolist()
                member = st.selectbox(t("editor.place.university", lang), universities,
                                      key="place_university")
                identifier = st.text_input(
                    t("editor.place.id", lang), key="place_id",
                    value=f"{member}-{places[chosen].name}".upper().replace(" ", "-"))
                if st.button(t("editor.place.add", lang), key="place_add",
                             icon=":material/add_location_alt:"):
                    st.session_state[draft_key] = proposed
                    st.session_state[pending_key] = [
                        campus_row(places[chosen], member, identifier, places[chosen].source)]
                    st.session_state["editor_flash"] = t("editor.place.added", lang,
                                                         city=places[chosen].name)
                    new_grid()
                    st.rerun()

elif mode == "upload":
    uploaded = st.file_uploader(t("editor.upload", lang), type=["csv", "xlsx"],
                                key=f"upload_{table_name}", help=t("editor.upload_help", lang))
    how = st.radio(t("editor.upload_mode", lang), ("replace", "append"), horizontal=True,
                   key="upload_how", format_func=lambda m: t(f"editor.upload_mode.{m}", lang))
    if uploaded is not None:
        parsed = read_upload(uploaded.name, uploaded.getvalue(), table)
        structural = [p for p in parsed.problems if p.severity == "error"]
        for found in structural:
            st.error(f"{uploaded.name}:{found.line or ''}: {found.message(lang)}")
        proposed = merge(cells, parsed.frame, how)
        # A callback: the mode radio is already drawn, so only a callback may change its value.
        st.button(t("editor.to_grid", lang), key="to_grid", icon=":material/edit:",
                  on_click=fix_in_grid, args=(proposed,))

else:
    versions = store.history(folder, table_name)
    if not versions:
        st.info(t("editor.history.empty", lang))
    else:
        st.dataframe(history_view(versions, lang), hide_index=True, width="stretch",
                     key="history_table")
        # Newest first, each version named after the latest change that made or replaced
        # it, so the one to undo the last save with reads "before the save of ...".
        choices = version_choices(versions, lang)
        picked = st.selectbox(t("editor.history.pick", lang), list(choices),
                              format_func=choices.get, key="history_pick")
        if picked == version:
            st.info(t("editor.history.current", lang))
        else:
            old = store.read_version(folder, table_name, picked)
            st.markdown(t("editor.history.diff", lang))
            show_diff(store.diff(cells, old))
            reason = st.text_input(t("editor.reason", lang), key="restore_reason")
            if st.button(t("editor.history.restore", lang), key="restore",
                         disabled=not reason.strip(), icon=":material/restore:"):
                write(lambda: store.restore(folder, table_name, picked, base=base, who=who.name,
                                            reason=reason.strip(), check_access=check_access),
                      t("editor.history.restored", lang, file=table.file_name, version=picked))

if proposed is not None:
    st.subheader(t("editor.review", lang))
    change = store.diff(cells, proposed)
    if change.is_empty:
        st.info(t("editor.no_change", lang))
    else:
        errors = review_errors(data.version, str(folder), table_name,
                               store.csv_bytes(proposed, table))
        if errors:
            st.error(t("editor.dirty", lang, count=format_number(len(errors), lang)),
                     icon=":material/error:")
            # Only errors stop a save, so the severity column would say "error" throughout.
            st.dataframe(problems_view(errors, lang, with_file=True).drop(
                columns=t("col.severity", lang)), hide_index=True, width="stretch",
                key="review_problems")
            st.caption(t("editor.lines_note", lang, file=table.file_name))
        else:
            st.success(t("editor.clean", lang), icon=":material/check_circle:")
        show_diff(change)
        reason = st.text_input(t("editor.reason", lang), key="save_reason")
        if not errors and not reason.strip():
            st.caption(t("editor.reason_needed", lang))
        if st.button(t("editor.save", lang), type="primary", key="save",
                     disabled=bool(errors) or not reason.strip(), icon=":material/save:"):
            write(lambda: store.save(folder, table_name, proposed, base=base, who=who.name,
                                     reason=reason.strip(), check_access=check_access),
                  t("editor.saved", lang, file=table.file_name,
                    summary=t("editor.diff", lang, **change.summary())), "save_reason")
