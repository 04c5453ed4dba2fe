"""The data editor through AppTest: who may see and write, upload, review, save, restore."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from alliance import store
from alliance.access import Credentials, hash_password, require_editor
from tests.app.conftest import make_app
from ui.frame import password_gate

PAGE = "pages/editor.py"
PASSWORD = "correct horse battery staple"
PASSWORD_SECRETS = {"editors": {"password_hash": hash_password(PASSWORD, iterations=1000)}}
LOGIN_SECRETS = {"editors": {"emails": ["Analyst@Example.org"]},
                 "auth": {"redirect_uri": "http://localhost:8501/oauth2callback",
                          "cookie_secret": "x" * 32, "client_id": "id", "client_secret": "s",
                          "server_metadata_url": "https://id.example.org/.well-known/x"}}


@pytest.fixture(autouse=True)
def fresh_password_gate() -> None:
    """The server's password throttle lives as long as the process: each test starts afresh."""
    password_gate.clear()


def _editor_app(secrets: dict, user: dict | None = None, lang: str = "en"):
    app = make_app(lang)
    app.secrets = secrets
    if user is not None:
        app.user = user
    app.run()
    app.switch_page(PAGE)
    return app.run()


def _unlock(app):
    app.text_input(key="pw").input(PASSWORD)
    app.button[0].click()  # the form's submit button
    return app.run()


def test_without_secrets_the_editor_page_does_not_exist(data_copy: Path) -> None:
    app = make_app("en").run()
    assert not app.exception
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page(PAGE)


def test_a_viewer_gets_the_sign_in_form_not_the_editor(data_copy: Path) -> None:
    app = _editor_app(PASSWORD_SECRETS)
    assert not app.exception
    assert app.title[0].value == "Sign in to edit the data"
    assert not app.selectbox  # no table picker, no grid
    app.text_input(key="pw").input("guess")
    app.button[0].click()
    app.run()
    assert any("not right" in e.value for e in app.error)
    assert not app.selectbox


def test_a_signed_in_user_not_on_the_list_is_a_viewer(data_copy: Path) -> None:
    app = _editor_app(LOGIN_SECRETS, {"is_logged_in": True, "email": "someone@else.org"})
    assert not app.exception
    assert any("not on the list of editors" in w.value for w in app.warning)
    assert not app.selectbox


def test_an_allowed_login_opens_the_editor(data_copy: Path) -> None:
    app = _editor_app(LOGIN_SECRETS, {"is_logged_in": True, "email": "analyst@example.org",
                                      "email_verified": True})
    assert not app.exception
    assert app.title[0].value == "Edit data"
    assert "analyst@example.org" in app.caption[0].value
    assert app.selectbox(key="edit_table").value == "universities"


@pytest.mark.parametrize("verified", [False, "false", None])
def test_an_allowed_login_with_an_unverified_address_is_a_viewer(data_copy: Path,
                                                                 verified: object) -> None:
    user = {"is_logged_in": True, "email": "analyst@example.org"}
    if verified is not None:
        user["email_verified"] = verified
    app = _editor_app(LOGIN_SECRETS, user, lang="fr")
    assert not app.exception
    assert app.title[0].value == "Connectez-vous pour modifier les données"
    assert any("n'a pas confirmé" in w.value for w in app.warning)
    assert not app.selectbox


def test_a_provider_that_never_says_is_trusted_only_when_configured(data_copy: Path) -> None:
    trusting = {**LOGIN_SECRETS, "editors": {"emails": ["analyst@example.org"],
                                             "require_verified_email": False}}
    app = _editor_app(trusting, {"is_logged_in": True, "email": "analyst@example.org"})
    assert app.title[0].value == "Edit data"


def test_after_a_wrong_password_every_session_is_told_to_wait(data_copy: Path) -> None:
    slow = {"editors": {**PASSWORD_SECRETS["editors"], "attempt_delay_seconds": 600,
                        "lockout_failures": 2}}
    app = _editor_app(slow, lang="fr")
    app.text_input(key="pw").input("guess")
    app.button[0].click()
    app.run()
    assert [e.value for e in app.error] == ["Ce mot de passe n'est pas le bon."]
    app = _unlock(app)  # the right password, but too soon after a wrong one
    assert not app.exception and not app.selectbox
    assert re.fullmatch(r"Après un mauvais mot de passe, l'essai suivant doit attendre\. "
                        r"Réessayez dans (599|600) s\.", app.error[0].value)
    other = _editor_app(slow)  # another session: the server's count makes it wait too
    other = _unlock(other)
    assert "Try again in" in other.error[0].value and not other.selectbox


def test_a_session_locked_out_is_told_for_how_long(data_copy: Path) -> None:
    strict = {"editors": {**PASSWORD_SECRETS["editors"], "attempt_delay_seconds": 0,
                          "lockout_failures": 1}}
    app = _editor_app(strict)
    app.text_input(key="pw").input("guess")
    app.button[0].click()
    app.run()
    app = _unlock(app)
    assert app.error[0].value == ("Too many wrong passwords: password sign-in is locked. "
                                  "Try again in 15 min.")
    assert not app.selectbox


def test_a_new_password_hash_ends_the_sessions_of_the_old_one(data_copy: Path) -> None:
    app = _unlock(_editor_app(PASSWORD_SECRETS))
    assert app.title[0].value == "Edit data"
    app.secrets = {"editors": {"password_hash": hash_password("a new one", iterations=1000)}}
    app.run()
    assert not app.exception
    assert app.title[0].value == "Sign in to edit the data"
    assert not app.selectbox


@pytest.mark.parametrize("credentials", [Credentials(),
                                         Credentials(logged_in=True, email="x@y.org"),
                                         Credentials(password_ok=False)])
def test_every_write_refuses_viewers(data_copy: Path, credentials: Credentials) -> None:
    before = (data_copy / "activities.csv").read_bytes()
    cells, version = store.current(data_copy, "activities")
    with pytest.raises(store.NotAllowed):
        store.save(data_copy, "activities", cells.iloc[:-1], base=version, who="viewer",
                   reason="replayed", check_access=lambda: require_editor(
                       credentials, {**PASSWORD_SECRETS, **LOGIN_SECRETS}))
    assert (data_copy / "activities.csv").read_bytes() == before


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_upload_with_mistakes_is_reported_and_cannot_be_saved(data_copy: Path) -> None:
    app = _unlock(_editor_app(PASSWORD_SECRETS, lang="fr"))
    assert app.title[0].value == "Modifier les données"
    app.selectbox(key="edit_table").set_value("activities").run()
    app.radio(key="edit_mode").set_value("upload").run()
    rows = _rows(data_copy / "activities.csv")
    good = dict(rows[-1], id="NEW0")
    extra = dict(rows[-1], id="NEW1", title="New course", audience="pupils", ects="61",
                 start="2027-09-01", end="2027-08-01")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), delimiter=";",
                            lineterminator="\n")
    writer.writeheader()
    writer.writerows([good, extra])
    app.file_uploader[0].upload("new.csv", buffer.getvalue().encode("utf-8-sig"), "text/csv")
    app.radio(key="upload_how").set_value("append").run()
    assert not app.exception
    problems = app.dataframe[0].value
    assert set(problems["Colonne"]) == {"audience", "ects", "end"}
    # Located in the uploaded file, on its own line 3, not on the table's line after its rows.
    assert set(problems["Fichier"]) == {"new.csv"} and set(problems["Ligne"]) == {3}
    assert app.button(key="save").disabled
    app.button(key="to_grid").click().run()  # the rows open in the grid, to fix them there
    assert not app.exception and not app.error[1:]
    assert app.radio(key="edit_mode").value == "grid"
    assert len(app.session_state["draft_activities"]) == len(rows) + 2


def test_a_clean_upload_is_saved_then_restored_from_history(data_copy: Path) -> None:
    original = (data_copy / "milestones.csv").read_bytes()
    rows = _rows(data_copy / "milestones.csv")
    app = _unlock(_editor_app(PASSWORD_SECRETS))
    app.selectbox(key="edit_table").set_value("milestones").run()
    app.radio(key="edit_mode").set_value("upload").run()
    changed = [dict(r) for r in rows]
    changed[0]["title"] = "Selected by the European Commission (9 July 2020)"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(changed)
    app.file_uploader[0].upload("milestones.csv", buffer.getvalue().encode(), "text/csv")
    app.run()
    assert any("whole data folder is valid" in s.value for s in app.success)
    assert "0 row(s) added, 1 changed, 0 removed." in [m.value for m in app.markdown]
    app.text_input(key="save_reason").input("Clearer title").run()
    app.button(key="save").click().run()
    assert not app.exception
    assert any("Saved milestones.csv" in s.value for s in app.success)
    assert _rows(data_copy / "milestones.csv")[0]["title"].endswith("(9 July 2020)")
    entry = store.history(data_copy, "milestones")[0]
    assert (entry.who, entry.reason, entry.changed) == ("local editor", "Clearer title", 1)
    saves = len(store.history(data_copy, "milestones"))

    app.radio(key="edit_mode").set_value("history").run()
    app.selectbox(key="history_pick").set_value(entry.previous).run()
    app.text_input(key="restore_reason").input("Undo").run()
    app.button(key="restore").click().run()
    assert not app.exception
    assert (data_copy / "milestones.csv").read_bytes() == original
    assert len(store.history(data_copy, "milestones")) == saves + 1
    assert store.history(data_copy, "milestones")[0].reason == "Undo"


def _csv(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def test_a_save_by_someone_else_keeps_the_draft_and_offers_to_reapply_it(
        data_copy: Path) -> None:
    """B uploads a change; A saves another change meanwhile; B's next run keeps B's draft,
    says who saved, and B reapplies the draft on A's version, then saves both changes."""
    rows = _rows(data_copy / "milestones.csv")
    app = _unlock(_editor_app(PASSWORD_SECRETS))
    app.selectbox(key="edit_table").set_value("milestones").run()
    app.radio(key="edit_mode").set_value("upload").run()
    mine = [dict(r) for r in rows]
    mine[0]["title"] = "B's clearer title"
    app.file_uploader[0].upload("milestones.csv", _csv(mine), "text/csv")
    app.run()
    assert "0 row(s) added, 1 changed, 0 removed." in [m.value for m in app.markdown]

    cells, version = store.current(data_copy, "milestones")  # A, in another session
    theirs = cells.copy()
    theirs.loc[1, "title"] = "A's clearer title"
    store.save(data_copy, "milestones", theirs, base=version, who="Alice", reason="A",
               check_access=lambda: None)

    app.text_input(key="save_reason").input("B").run()
    assert not app.exception
    notice = " ".join(w.value for w in app.warning)
    assert "Alice" in notice and "kept below" in notice
    assert "0 row(s) added, 1 changed, 0 removed." in [m.value for m in app.markdown]
    assert app.button(key="save").disabled  # the store would refuse it: reapply first
    assert app.get("download_button")
    app.button(key="reapply").click().run()
    assert not app.exception
    assert app.radio(key="edit_mode").value == "grid"
    draft = app.session_state["draft_milestones"]
    assert draft.loc[0, "title"] == "B's clearer title"
    assert draft.loc[1, "title"] == "A's clearer title"  # A's change is not undone
    assert not any("Alice" in w.value for w in app.warning)
    assert "0 row(s) added, 1 changed, 0 removed." in [m.value for m in app.markdown]
    app.text_input(key="save_reason").input("B, on A's version").run()
    app.button(key="save").click().run()
    assert not app.exception
    saved = _rows(data_copy / "milestones.csv")
    assert (saved[0]["title"], saved[1]["title"]) == ("B's clearer title", "A's clearer title")


def test_a_refused_save_keeps_the_draft(data_copy: Path) -> None:
    """The save button pressed after someone else saved: refused, said, draft still there."""
    rows = _rows(data_copy / "milestones.csv")
    app = _unlock(_editor_app(PASSWORD_SECRETS))
    app.selectbox(key="edit_table").set_value("milestones").run()
    app.radio(key="edit_mode").set_value("upload").run()
    mine = [dict(r) for r in rows]
    mine[0]["title"] = "B's clearer title"
    app.file_uploader[0].upload("milestones.csv", _csv(mine), "text/csv")
    app.run()
    app.text_input(key="save_reason").input("B").run()
    cells, version = store.current(data_copy, "milestones")
    theirs = cells.copy()
    theirs.loc[1, "title"] = "A's clearer title"
    store.save(data_copy, "milestones", theirs, base=version, who="Alice", reason="A",
               check_access=lambda: None)
    app.button(key="save").click().run()  # drawn before A's save: the click still arrives
    assert not app.exception
    assert _rows(data_copy / "milestones.csv")[0]["title"] != "B's clearer title"
    assert any("Alice" in w.value for w in app.warning)
    assert app.button(key="reapply")
    assert "0 row(s) added, 1 changed, 0 removed." in [m.value for m in app.markdown]


def test_stop_editing_with_unsaved_changes_asks_first(data_copy: Path) -> None:
    rows = _rows(data_copy / "milestones.csv")
    app = _unlock(_editor_app(PASSWORD_SECRETS))
    app.selectbox(key="edit_table").set_value("milestones").run()
    app.radio(key="edit_mode").set_value("upload").run()
    mine = [dict(r) for r in rows]
    mine[0]["title"] = "Unsaved title"
    app.file_uploader[0].upload("milestones.csv", _csv(mine), "text/csv")
    app.run()
    app.button(key="signout").click().run()
    assert app.title[0].value == "Edit data"  # still editing
    assert any("not saved" in w.value for w in app.warning)
    app.button(key="stop_keep").click().run()
    assert app.title[0].value == "Edit data" and not any("not saved" in w.value
                                                         for w in app.warning)
    assert "0 row(s) added, 1 changed, 0 removed." in [m.value for m in app.markdown]
    app.button(key="signout").click().run()
    app.button(key="stop_discard").click().run()
    assert app.title[0].value == "Sign in to edit the data"


def test_stop_editing_without_changes_signs_out_at_once(data_copy: Path) -> None:
    app = _unlock(_editor_app(PASSWORD_SECRETS))
    app.button(key="signout").click().run()
    assert app.title[0].value == "Sign in to edit the data"


@pytest.mark.parametrize("how", ["replace", "append"])
def test_an_unreadable_upload_shows_its_read_error_only(data_copy: Path, how: str) -> None:
    app = _unlock(_editor_app(PASSWORD_SECRETS, lang="fr"))
    app.selectbox(key="edit_table").set_value("activities").run()
    app.radio(key="edit_mode").set_value("upload").run()
    app.radio(key="upload_how").set_value(how).run()
    app.file_uploader[0].upload("export.xlsx", b"PK\x03\x04 cut short", "application/zip")
    app.run()
    assert not app.exception
    shown = [e.value for e in app.error]
    assert len(shown) == 1 and shown[0].startswith("export.xlsx : ")
    assert "endommagé" in shown[0] and "zip" not in shown[0].lower()
    assert "None" not in shown[0]
    page = " ".join(str(e.value) for e in (*app.markdown, *app.error, *app.warning,
                                           *app.info, *app.success))
    assert "supprimée" not in page and "aucune ligne" not in page
    # No review of a table the file never gave (the mobility files' list is the only one).
    assert [h.value for h in app.subheader] == ["Fichiers importés"]
    assert "to_grid" not in [b.key for b in app.button]


def test_a_csv_named_xlsx_is_read_as_csv_in_the_editor(data_copy: Path) -> None:
    rows = _rows(data_copy / "milestones.csv")
    mine = [dict(r) for r in rows]
    mine[0]["title"] = "Renamed file"
    app = _unlock(_editor_app(PASSWORD_SECRETS))
    app.selectbox(key="edit_table").set_value("milestones").run()
    app.radio(key="edit_mode").set_value("upload").run()
    app.file_uploader[0].upload("milestones.xlsx", _csv(mine), "application/vnd.ms-excel")
    app.run()
    assert not app.exception and not app.error
    assert "0 row(s) added, 1 changed, 0 removed." in [m.value for m in app.markdown]


def test_an_unreadable_current_table_can_only_be_restored(data_copy: Path) -> None:
    path = data_copy / "milestones.csv"
    good = path.read_bytes()
    store.history(data_copy, "milestones")  # the readable version enters the history
    # Saved again as "CSV (Windows-1252)": not UTF-8 from line 2 on.
    path.write_bytes(good.decode("utf-8").replace("\n", "\nÉ", 1).encode("cp1252", "replace"))
    app = _unlock(_editor_app(PASSWORD_SECRETS))
    app.selectbox(key="edit_table").set_value("milestones").run()
    assert not app.exception
    assert any("cannot be read" in e.value and "History" in e.value for e in app.error)
    assert any("off for this table" in i.value for i in app.info)
    assert "save" not in [b.key for b in app.button]
    app.radio(key="edit_mode").set_value("upload").run()
    assert [u.key for u in app.file_uploader] == ["mobility_upload_0"]  # no table upload
    assert "save" not in [b.key for b in app.button]
    app.radio(key="edit_mode").set_value("history").run()
    previous = store.history(data_copy, "milestones")[0].previous
    app.selectbox(key="history_pick").set_value(previous).run()
    app.text_input(key="restore_reason").input("Back to the readable file").run()
    app.button(key="restore").click().run()
    assert not app.exception
    assert path.read_bytes() == good


def test_an_upload_with_many_broken_lines_shows_twenty_errors_then_how_many_more(
        data_copy: Path) -> None:
    from alliance.editing import UPLOAD_ERRORS_SHOWN

    rows = _rows(data_copy / "milestones.csv")
    text = _csv(rows).decode() + "M9,2020\n" * 50
    app = _unlock(_editor_app(PASSWORD_SECRETS))
    app.selectbox(key="edit_table").set_value("milestones").run()
    app.radio(key="edit_mode").set_value("upload").run()
    app.file_uploader[0].upload("many.csv", text.encode(), "text/csv")
    app.run()
    assert not app.exception
    shown = [e.value for e in app.error if "many.csv" in e.value]
    assert len(shown) == UPLOAD_ERRORS_SHOWN + 1
    assert "30 more problems in this file" in shown[-1]
