"""Streamlit glue shared by the pages: language, cached data, banner and table display."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from alliance.dataset import DATA_FILES, Dataset, load_dataset
from alliance.files import data_dir
from alliance.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    in_language,
    own_name,
    pick_language,
    t,
)
from alliance.loader import fingerprint, stat_signature
from alliance.text import markdown

if TYPE_CHECKING:
    from alliance.mobility.query import MemberFlows

LOG = logging.getLogger("alliance.app")
WATCHED = list(DATA_FILES)
Guarded = TypeVar("Guarded")
HEALTH_PAGE = "pages/data_health.py"


@st.cache_resource(show_spinner=False, max_entries=16)
def _content_key(folder: str, signature: tuple[tuple[str, int, int, int], ...]) -> str:
    """A digest of the files' content, computed again only when a file's size or time moves."""
    del signature
    return fingerprint(Path(folder), WATCHED)


@st.cache_resource(show_spinner=False, max_entries=4)
def _load(folder: str, content: str) -> Dataset:
    """Validated data for one content of the folder (`content` is only the cache key).

    Shared read-only by every session (cache_resource rather than cache_data): a copy of
    100k rows per rerun would cost more than the page itself. Nothing downstream mutates it.
    """
    loaded = load_dataset(Path(folder))
    loaded.version = content
    return loaded


@st.cache_resource(show_spinner=False, max_entries=4)
def _member_flows(folder: str, imported: str, content: str, _data: Dataset) -> MemberFlows:
    """The imported Erasmus+ rows that touch a member, once per import and data content."""
    del imported, content  # the cache key
    from alliance.mobility.query import member_flows  # DuckDB, only for pages that ask

    return member_flows(Path(folder), _data.tables["universities"])


def mobility_flows(data: Dataset) -> MemberFlows:
    """What Progress and the board pack show of the Erasmus+ import (nothing when none)."""
    from alliance.mobility.imports import manifest_version

    folder = data_dir()
    return _member_flows(str(folder), manifest_version(folder), data.version, data)


def dataset() -> Dataset:
    """The data to show, re-read whenever a file's content changes."""
    with st.spinner(t("app.loading", language())):
        return cached_dataset()


def cached_dataset() -> Dataset:
    """The data folder's validated tables from the shared cache, loaded on a miss.

    Also called by the launcher (`ui.serve`) before any session exists: the cache is the
    process's own, and its per-key lock makes a first run that arrives during that load wait
    for it rather than read and validate the files a second time.
    """
    folder = data_dir()
    return _load(str(folder), _content_key(str(folder), stat_signature(folder, WATCHED)))


@st.cache_resource(show_spinner=False, max_entries=4)
def _named(version: str, lang: str, _data: Dataset) -> dict[str, object]:
    from alliance.i18n import translated_frame

    universities = _data.tables["universities"]
    return {**_data.tables, "universities": translated_frame(universities, ("name",), lang)}


def tables_in(data: Dataset, lang: str) -> dict[str, object]:
    """The tables as a page in `lang` shows them: each university under its name in `lang`
    where the data has one (`name_fr`), else its English name. Shared read-only."""
    return _named(data.version, lang, data)  # type: ignore[return-value]


@st.cache_resource(show_spinner=False, max_entries=2)
def _prepared(version: str, _data: Dataset) -> object:
    """The filter columns of every activity, once per data version (any language)."""
    from alliance.filters import prepare

    return prepare(_data.tables["activities"], _data.tables["universities"],
                   _data.tables.get("locations"))


@st.cache_resource(show_spinner=False, max_entries=4)
def _labelled(version: str, lang: str, _prepared: object, _data: Dataset) -> object:
    """Display labels of every activity, once per data version and language."""
    from alliance.opportunities import table

    universities = _data.tables["universities"]
    hosts = dict(zip(universities["id"], in_language(universities, "name", lang), strict=True))
    return table(_prepared, lang, hosts)


@st.cache_resource(show_spinner=False, max_entries=4)
def _published_frames(version: str, lang: str, _prepared: object,
                      _labelled: object) -> tuple[object, object]:
    """Filter columns and labels of the published activities only, once per data version."""
    import pandas as pd

    assert isinstance(_prepared, pd.DataFrame) and isinstance(_labelled, pd.DataFrame)
    keep = ~_prepared["illustrative"].fillna(False).astype(bool).to_numpy()
    return _prepared[keep], _labelled[keep]


def opportunities_frames(version: str, lang: str, data: Dataset) -> tuple[object, object]:
    """Filter columns and display labels for every activity shown: examples only when the
    reader switched them on (`show_examples`).

    Shared read-only across sessions (cache_resource): at 100k rows a copy per rerun would
    cost more than the filtering itself. Preparing does not depend on the language, so the
    other language reuses it.
    """
    prepared = _prepared(version, data)
    labelled = _labelled(version, lang, prepared, data)
    if show_examples():
        return prepared, labelled
    return _published_frames(version, lang, prepared, labelled)


def opportunities_view(version: str, query: tuple[tuple[str, tuple[str, ...]], ...], day: str,
                       lang: str, _prepared: object, _hosts: dict[str, str]) -> dict[str, object]:
    """Rows kept, facet counts and summary charts for one filter spec (see `_view`); the
    rows counted depend on the examples switch, so the cache key does too."""
    return _view(version, show_examples(), query, day, lang, _prepared, _hosts)


@st.cache_resource(show_spinner=False, max_entries=64)
def _view(version: str, examples: bool, query: tuple[tuple[str, tuple[str, ...]], ...],
          day: str, lang: str, _prepared: object, _hosts: dict[str, str]) -> dict[str, object]:
    """Rows kept, facet counts and summary charts for one filter spec, once per data version.

    A rerun that changes nothing but, say, the selected row reuses all of it. Shared
    read-only (cache_resource): unpickling the figures from cache_data on every rerun costs
    about as much as building them. Each filter's mask is computed once (`filters.view`).
    """
    from alliance.filters import FilterSpec, view
    from alliance.opportunity_charts import by_host, by_kind, by_month

    spec = FilterSpec.from_query({key: list(values) for key, values in query})
    shown = view(_prepared, spec, dt.date.fromisoformat(day))
    rows = _prepared[shown.keep]
    return {
        "positions": shown.keep.nonzero()[0],
        "counts": shown.counts,
        "charts": (by_kind(rows, lang), by_host(rows, lang, _hosts), by_month(rows, lang))
        if len(rows) else (),
        # For the charts' key; unique() rather than a Python pass: 1 ms, not 50, at 100k rows.
        "hosts": [str(key) for key in rows["host_key"].unique()],
    }


def secrets_dict() -> dict[str, object]:
    """The app's secrets as a plain dict; empty when there is no secrets file."""
    try:
        return st.secrets.to_dict()
    except Exception:  # no secrets.toml: Streamlit raises on first access
        return {}


def credentials() -> object:
    """What this session can prove: a signed-in user, whether the provider verified their
    address, and which stored password hash it gave the password for."""
    from alliance.access import Credentials, email_verified

    try:
        logged_in = bool(st.user.is_logged_in)
        email = str(st.user.get("email", "") or "") if logged_in else ""
        verified = email_verified(st.user.get("email_verified")) if logged_in else None
    except Exception:  # login not configured
        logged_in, email, verified = False, "", None
    seen = st.session_state.get("editor_password_seen", "")
    return Credentials(logged_in, email, bool(st.session_state.get("editor_password_ok")),
                       verified, seen if isinstance(seen, str) else "")


@st.cache_resource(show_spinner=False, max_entries=4)
def password_gate(policy: object) -> object:
    """The server's one gate for editor password attempts (per throttle settings): its
    counts of failures must be shared by every session."""
    from alliance.access import PasswordGate

    return PasswordGate(policy)  # type: ignore[arg-type]


def session_id() -> str:
    """This browser session's id, which the password throttle counts failures by."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else ""


@st.cache_data(show_spinner=False, max_entries=16)
def review_errors(version: str, folder: str, table: str, proposed: bytes) -> list[object]:
    """The errors the whole folder would have with `proposed` as `table`, checked once per
    proposal and data version rather than on every rerun of the editor."""
    from alliance.validate import check_folder

    del version  # part of the key: the other tables may have changed
    report = check_folder(Path(folder), overrides={table: proposed})
    return [p for p in report.problems if p.severity == "error"]


@st.cache_resource(show_spinner=False)
def gazetteer() -> object:
    """The offline gazetteer, loaded once per server on first use (about 2 s, 300 MB)."""
    from alliance.gazetteer import Gazetteer

    return Gazetteer()


@st.cache_data(show_spinner=False, max_entries=256, ttl=24 * 3600)
def lookup_online_cached(city: str, country: str | None) -> list[object]:
    """Online geocoding answers, kept a day so repeated questions cost no request."""
    from alliance.gazetteer import lookup_online

    return lookup_online(city, country)


def language() -> str:
    """The reader's language: the URL's `lang`, else the browser's, else English.

    Also makes sure the page runs inside dashboard.py's frame: see `run_inside_frame`.
    """
    run_inside_frame()
    chosen = st.session_state.get("lang")
    return chosen if chosen in LANGUAGES else browser_language()


def run_inside_frame() -> None:
    """Start the run again through dashboard.py when Streamlit started a page file on its own.

    With a `pages/` folder beside the entry file, Streamlit 1.67 begins in its legacy
    multipage mode until the public `st.navigation` has been called once in the process: on a
    server's first run (and on every AppTest run) an address naming a page executes that file
    alone. Widgets drawn in such a run belong to another page identity than the same widgets
    drawn by the router, so their state (the examples switch, the filters) would be lost on the
    next click. So that run draws nothing: it leaves the legacy mode (the flag `st.navigation`
    itself clears) and asks for the same page again, which dashboard.py then runs in its frame.
    """
    if not PagesManager.uses_pages_directory:
        return
    PagesManager.uses_pages_directory = False
    st.rerun()


def browser_language() -> str:
    return pick_language(None, st.context.locale)


def language_picker() -> str:
    """A sidebar switch between the languages, kept in the URL as `?lang=` so links share it."""
    initial = pick_language(st.query_params.get("lang"), st.context.locale)
    st.sidebar.radio(
        "Language / Langue", LANGUAGES, key="lang", horizontal=True,
        index=LANGUAGES.index(initial),
        format_func=own_name,
    )
    lang = language()
    if st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang
    # Titles, descriptions and project names exist only as published (in English): said once
    # here, not on every cell. Empty in the language the data is written in.
    published = t("data.as_published", lang)
    if published:
        st.sidebar.caption(published)
    return lang


def examples_switch(lang: str) -> bool:
    """The one switch that shows example activities, under the language picker; kept in the
    URL as `?examples=1` so every page and every shared link agrees."""
    if "examples" not in st.session_state:
        st.session_state["examples"] = st.query_params.get("examples") == "1"
    st.sidebar.toggle(t("examples.switch", lang), key="examples",
                      help=t("examples.switch_help", lang))
    shown = show_examples()
    if shown:
        st.query_params["examples"] = "1"
    elif "examples" in st.query_params:
        del st.query_params["examples"]
    return shown


def show_examples() -> bool:
    """Whether this reader asked to see example activities (off by default)."""
    chosen = st.session_state.get("examples")
    return bool(chosen) if chosen is not None else st.query_params.get("examples") == "1"


def without_examples(frame: Guarded) -> Guarded:
    """`frame` (activities, or their prepared filter columns) without example rows unless the
    reader switched examples on."""
    from alliance.overview import published

    return published(frame, show_examples())  # type: ignore[arg-type,return-value]


def examples_query() -> dict[str, list[str]]:
    """The address's part for the examples switch, for pages that rewrite their address."""
    return {"examples": ["1"]} if show_examples() else {}


def banner(data: Dataset, lang: str) -> None:
    """On every page: which files are held back, how many problems, where to read them."""
    for name, mode in data.fallbacks.items():
        file = f"{name}.csv"
        key = "banner.last_valid" if mode == "last_valid" else "banner.valid_rows"
        with st.container(border=False):
            st.warning(t(key, lang, file=file, count=data.errors_in(name)),
                       icon=":material/warning:")
    if data.report.identity_errors:
        with st.container(border=False):
            st.warning(t("banner.identity", lang, count=data.report.identity_errors),
                       icon=":material/warning:")
    if data.fallbacks or data.report.identity_errors:
        st.page_link(HEALTH_PAGE, label=t("banner.link", lang), icon=":material/arrow_forward:")


def table(frame: object, **kwargs: object) -> None:
    """A small table whose cells read as text: st.table draws every cell as Markdown, so each
    is escaped, unless a view made it Markdown on purpose (a link, from `alliance.text`, in
    an object column: pandas turns a text column's values into plain strings)."""
    import pandas as pd

    assert isinstance(frame, pd.DataFrame)
    shown = frame.copy()
    shown.columns = [markdown(c) for c in frame.columns]
    for name in shown.columns:
        shown[name] = [markdown(v) for v in shown[name]]
    st.table(shown, hide_index=True, border="horizontal", **kwargs)


def today() -> dt.date:
    return dt.date.today()


def guard(run: Callable[[], Guarded]) -> Guarded | None:
    """Run a page (or the data load); an unexpected failure becomes a short translated
    message, never a traceback, and gives None."""
    try:
        return run()
    except Exception:
        LOG.exception("page failed")
        st.error(t("app.failed", language() or DEFAULT_LANGUAGE), icon=":material/error:")
        return None
