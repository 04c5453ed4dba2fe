"""Streamlit glue shared by the pages: language, cached data, banner and table display."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import streamlit as st

from alliance.dataset import Dataset, load_dataset
from alliance.i18n import DEFAULT_LANGUAGE, LANGUAGES, pick_language, t
from alliance.loader import data_dir, fingerprint
from alliance.schema import TABLES

LOG = logging.getLogger("alliance.app")
WATCHED = [*(table.file_name for table in TABLES), "alliance.toml"]
HEALTH_PAGE = "pages/data_health.py"


@st.cache_data(show_spinner=False, max_entries=4)
def _load(folder: str, content: str) -> Dataset:
    """Validated data for one content of the folder (`content` is only the cache key)."""
    del content
    return load_dataset(Path(folder))


def dataset() -> Dataset:
    """The data to show, re-read whenever a file's content changes."""
    folder = data_dir()
    key = fingerprint(folder, WATCHED)
    with st.spinner(t("app.loading", language())):
        return _load(str(folder), key)


def language() -> str:
    """The reader's language: the URL's `lang`, else the browser's, else English."""
    chosen = st.session_state.get("lang")
    return chosen if chosen in LANGUAGES else browser_language()


def browser_language() -> str:
    return pick_language(None, st.context.locale)


def language_picker() -> str:
    """A sidebar switch between the languages, kept in the URL as `?lang=` so links share it."""
    initial = pick_language(st.query_params.get("lang"), st.context.locale)
    st.sidebar.radio(
        "Language / Langue", LANGUAGES, key="lang", horizontal=True,
        index=LANGUAGES.index(initial),
        format_func={"en": "English", "fr": "Français"}.get,
    )
    lang = language()
    if st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang
    return lang


def banner(data: Dataset, lang: str) -> None:
    """On every page: which files are held back, how many problems, where to read them."""
    for name, mode in data.fallbacks.items():
        file = f"{name}.csv"
        key = "banner.last_valid" if mode == "last_valid" else "banner.valid_rows"
        with st.container(border=False):
            st.warning(t(key, lang, file=file, count=data.errors_in(name)),
                       icon=":material/warning:")
    if data.fallbacks:
        st.page_link(HEALTH_PAGE, label=t("banner.link", lang), icon=":material/arrow_forward:")


def today() -> dt.date:
    return dt.date.today()


def guard(run: object) -> None:
    """Run a page; an unexpected failure becomes a short message, never a traceback."""
    try:
        run()  # type: ignore[operator]
    except Exception:
        LOG.exception("page failed")
        st.error(t("app.failed", language() or DEFAULT_LANGUAGE), icon=":material/error:")
