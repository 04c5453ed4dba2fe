"""Streamlit glue of the map, timeline and meeting pages: chart settings, caches, data date."""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable
from typing import TypeVar

import streamlit as st

from alliance.dataset import Dataset
from alliance.i18n import digit_date_pattern, speaks, t, translated_label
from alliance.theme import colors, recoloured

# plotly.js fetches {topojsonURL}{scope}_{resolution}m.json; a relative address so it also
# works when the app is served under a path. The files live in static/topojson/.
CHART_CONFIG = {"displaylogo": False, "topojsonURL": "app/static/topojson/",
                "modeBarButtonsToRemove": ["select2d", "lasso2d"]}

Built = TypeVar("Built")


# Room for every page's pieces in both languages, and Progress's per indicator, so that one
# reader browsing indicators does not push out what every new session's first run reuses.
@st.cache_resource(show_spinner=False, max_entries=192)
def _built(version: str, name: str, options: tuple[Hashable, ...],
           _build: Callable[[], Built]) -> Built:
    del version, name, options  # the cache key
    return _build()


def cached(data: Dataset, name: str, build: Callable[[], Built], *options: Hashable) -> Built:
    """What `build` returns (a figure, derived frames), once per data content, name and options.

    Figures are kept as objects, shared read-only (cache_resource): pickling a plotly figure
    in and out of cache_data costs as much as building it again.
    """
    return _built(data.version, name, options, build)


def in_palette(figure: Built) -> Built:
    """A figure in alliance.toml's chart colours (`alliance.theme.recoloured`)."""
    from ui.frame import dataset

    return recoloured(figure, colors(dataset().identity).palette)


def chart(figure: object, key: str, alt: str, hide_alt: bool = False,
          **kwargs: object) -> object:
    """A plotly chart drawn offline in alliance.toml's colours, followed by its text
    alternative (with `hide_alt`, kept for screen readers but not shown: see
    VISUALLY_HIDDEN)."""
    event = st.plotly_chart(in_palette(figure), width="stretch", key=key, config=CHART_CONFIG,
                            **kwargs)
    if hide_alt:
        with st.container(key=f"alt_{key}"):
            st.caption(alt)
    else:
        st.caption(alt)
    return event


# CSS that takes the containers `chart(..., hide_alt=True)` draws off screen while screen
# readers still read them (the usual visually-hidden rule: display:none would hide it from them).
VISUALLY_HIDDEN = """[class*="st-key-alt_"] { position: absolute !important; width: 1px !important;
  height: 1px !important; overflow: hidden !important; clip: rect(0 0 0 0) !important;
  clip-path: inset(50%) !important; white-space: nowrap !important; margin: -1px !important; }"""


def date_column(label: str, lang: str, **kwargs: object) -> object:
    """A table column of dates that sorts as dates and reads as the page's language writes
    them: the browser's own format ("1 mars 2026") when the browser speaks the page's
    language, else the language's short date in digits ("01/03/2026"), since the table
    knows month names in English only."""
    shape = "localized" if speaks(st.context.locale, lang) else digit_date_pattern(lang)
    return st.column_config.DateColumn(label, format=shape, **kwargs)


def moment_column(label: str, lang: str, zone: str = "UTC", **kwargs: object) -> object:
    """A table column of times that sorts as times: the language's short date in digits and
    the time on the clock of `zone` (the reader's), named in the column's label."""
    return st.column_config.DatetimeColumn(f"{label} ({zone})",
                                           format=digit_date_pattern(lang) + " HH:mm",
                                           timezone=zone, **kwargs)


def number_column(label: str, lang: str, **kwargs: object) -> object:
    """A table column of numbers that sorts as numbers, in the browser's number format when
    the browser speaks the page's language; otherwise plain digits with a point, as the
    table cannot write another language's decimal comma. An empty cell stays empty."""
    shape = "localized" if speaks(st.context.locale, lang) else "%g"
    return st.column_config.NumberColumn(label, format=shape, **kwargs)


def lazy_tabs(key: str, labels: list[str], lang: str) -> list[object]:
    """Tabs whose content the page runs only while open (check each tab's `.open`).

    The open tab is remembered by its label, so it is carried over when the language changes.
    """
    if key in st.session_state:
        kept = translated_label(st.session_state[key], labels, lang)
        if kept is not None and kept != st.session_state[key]:
            st.session_state[key] = kept
    return list(st.tabs([t(label, lang) for label in labels], key=key, on_change="rerun"))


def restore(key: str, options: Collection[object]) -> None:
    """Give a widget back the value it had before its tab was closed.

    Streamlit forgets the state of a widget that a run does not draw, and a lazy tab draws
    nothing while closed; `keep` (the widget's on_change) saves the value under a key of
    its own, and this puts it back before the widget is drawn again, if it is still one
    of the widget's `options` (the data may have changed meanwhile).
    """
    if key in st.session_state or f"_kept_{key}" not in st.session_state:
        return
    saved = st.session_state[f"_kept_{key}"]
    if saved is None or saved in options:
        st.session_state[key] = saved


def keep(key: str) -> None:
    """Save a widget's value so `restore` can give it back (use as its on_change)."""
    st.session_state[f"_kept_{key}"] = st.session_state.get(key)


def reader_zone() -> str:
    """The reader's time zone as their browser gives it, so times read on their own clock;
    UTC (named as such) when the browser has not said."""
    return st.context.timezone or "UTC"
