"""Every viewer page on data whose every text carries markup: it all comes out as text.

The folder of tests/hostile.py fills each free-text cell and each alliance.toml string with
Markdown, Streamlit directives, HTML and autolinks. The pages run for real (AppTest) and what
they send to the browser is read from the element protos: every field the browser draws as
Markdown (bodies, labels, help, st.table cells) and every plotly figure.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from google.protobuf.json_format import MessageToDict

from tests.app.conftest import open_page
from tests.hostile import EVIL, MARKDOWN_LEAKS, MARKDOWN_PAYLOAD, PLOT_LEAKS, make_hostile_folder
from tests.paths import FIXTURE_DATA

# Fields the browser renders as Markdown, in any element; options only where they are.
MARKDOWN_FIELDS = {"body", "label", "help", "labels", "caption"}
MARKDOWN_OPTIONS = {"radio", "button_group"}
PLAIN = {"dataframe", "text", "code", "json"}  # drawn as text by the browser


@pytest.fixture
def hostile_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = make_hostile_folder(FIXTURE_DATA, tmp_path / "data")
    monkeypatch.setenv("ALLIANCE_DATA_DIR", str(folder))
    monkeypatch.setenv("ALLIANCE_STATE_DIR", str(tmp_path / "state"))
    return folder


def _strings(value: object, keys: set[str], key: str = "") -> Iterator[str]:
    if isinstance(value, dict):
        for name, inner in value.items():
            yield from _strings(inner, keys, name)
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner, keys, key)
    elif isinstance(value, str) and key in keys:
        yield value


def _all_strings(value: object) -> Iterator[str]:
    if isinstance(value, dict):
        for inner in value.values():
            yield from _all_strings(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _all_strings(inner)
    elif isinstance(value, str):
        yield value


def _nodes(node: object) -> Iterator[object]:
    yield node
    children = getattr(node, "children", None) or {}
    for child in children.values() if isinstance(children, dict) else children:
        yield from _nodes(child)


def leaks(app: object) -> list[str]:
    """What the page sends to be drawn as Markdown or in a chart with the data's markup live:
    one line per leak, naming the element, the kind of markup and the text."""
    found = []
    for node in _nodes(app._tree):  # type: ignore[attr-defined]
        kind = getattr(node, "type", "")
        proto = getattr(node, "proto", None)
        if proto is None or kind in PLAIN:
            continue
        if kind == "table":
            frame = node.value  # type: ignore[attr-defined]
            texts = [str(c) for c in frame.columns] + [str(v) for v in frame.to_numpy().ravel()]
        elif kind == "plotly_chart":
            # Every string of the figure: trace text, hover, labels, annotations, titles.
            texts = list(_all_strings(json.loads(proto.spec)))
            found += [f"{kind}: plotly tag: {m.group(0)}" for text in texts
                      if (m := PLOT_LEAKS.search(text))]
            continue
        else:
            keys = MARKDOWN_FIELDS | ({"options"} if kind in MARKDOWN_OPTIONS else set())
            texts = list(_strings(MessageToDict(proto), keys))
        for text in texts:
            for name, pattern in MARKDOWN_LEAKS.items():
                match = pattern.search(text)
                if match:
                    around = text[max(match.start() - 30, 0):match.end() + 30]
                    found.append(f"{kind}: {name}: …{around}…")
    return found


_open = open_page


def _member_card(app: object) -> None:
    app.selectbox(key="map_university").set_value("PUT").run()  # type: ignore[attr-defined]


def _tab(name: str) -> Callable[[object], None]:
    def choose(app: object) -> None:
        app.session_state["map_view"] = name  # type: ignore[attr-defined]
        app.run()  # type: ignore[attr-defined]
    return choose


def _activity_card(app: object) -> None:
    app.session_state["table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    app.run()  # type: ignore[attr-defined]


def _everything_searched(app: object) -> None:
    app.text_input(key="f_q").set_value("evil").run()  # type: ignore[attr-defined]


SCENARIOS: dict[str, tuple[str, str, dict[str, str], Callable[[object], None] | None]] = {
    "overview-en": ("pages/overview.py", "en", {}, None),
    "overview-fr": ("pages/overview.py", "fr", {}, None),
    "opportunities": ("pages/opportunities.py", "en", {}, None),
    "opportunities-card": ("pages/opportunities.py", "en", {}, _activity_card),
    "opportunities-search": ("pages/opportunities.py", "en",
                             {"host": "PUT", "project": "EUNICE4U"}, _everything_searched),
    "map-card": ("pages/map.py", "en", {}, _member_card),
    "map-distances": ("pages/map.py", "en", {}, _tab("Distances between members")),
    "map-activities": ("pages/map.py", "en", {}, _tab("Where activities happen")),
    "timeline": ("pages/timeline.py", "fr", {}, None),
    "meeting-1": ("pages/meeting.py", "en", {"slide": "1"}, None),
    "meeting-2": ("pages/meeting.py", "en", {"slide": "2"}, None),
    "meeting-3": ("pages/meeting.py", "fr", {"slide": "3"}, None),
    "meeting-4": ("pages/meeting.py", "en", {"slide": "4"}, None),
    "data-health": ("pages/data_health.py", "en", {}, None),
    "progress-en": ("pages/progress.py", "en", {}, None),
    "progress-fr": ("pages/progress.py", "fr", {"indicator": "VIRTUAL-MOBILITY"}, None),
}


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_no_markup_from_the_data_reaches_the_page(hostile_copy: Path, scenario: str) -> None:
    page, lang, query, then = SCENARIOS[scenario]
    app = _open(page, lang, **query)
    if then is not None:
        then(app)
    assert not app.exception
    assert not [e for e in app.error if "could not be drawn" in e.value]
    assert leaks(app) == []


def test_the_activity_card_links_its_web_addresses(hostile_copy: Path) -> None:
    """Escaping leaves the declared web addresses as links, and only those."""
    app = _open("pages/opportunities.py")
    _activity_card(app)
    assert not app.exception
    cells = [str(v) for frame in (t.value for t in app.table) for v in frame.to_numpy().ravel()]
    links = [c for c in cells if c.startswith("[http")]
    assert links and all(c.endswith(">)") and EVIL not in c for c in links)


def test_the_hostile_text_is_on_the_page(hostile_copy: Path) -> None:
    """The check above reads the right fields: the hostile words do reach the Overview."""
    app = _open("pages/overview.py")
    assert not app.exception
    shown = " ".join(t.value for t in app.title) + " ".join(m.value for m in app.markdown)
    assert "HB" in shown and EVIL.replace(".", "") in shown.replace(".", "")


# Edit data: what an editor uploads is data too (its name, column names, ids and cells).
HOSTILE_NAME = "![HI](http://evil.example/i.png) **HB**.csv"


def _upload_hostile(folder: Path, how: str) -> object:
    """An editor uploads milestones with markup in a title, a new id, a column name and the
    file's own name, plus a row with a cell too few; `how` is replace or append."""
    from tests.app.test_editor import PASSWORD_SECRETS, _editor_app, _unlock
    from ui.frame import password_gate

    password_gate.clear()
    with (folder / "milestones.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = [*rows[0], f"**HB** {MARKDOWN_PAYLOAD}"]
    body = [[*row, ""] for row in rows[1:]]
    body[0][header.index("title")] = f"# {MARKDOWN_PAYLOAD}"
    body.append([*body[1][:-1], "x"])
    body[-1][0] = "![HI](http://evil.example/i.png)"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows([header, *body, ["M99", "2020"]])
    app = _unlock(_editor_app(PASSWORD_SECRETS))
    app.selectbox(key="edit_table").set_value("milestones").run()
    app.radio(key="edit_mode").set_value("upload").run()
    app.file_uploader[0].upload(HOSTILE_NAME, out.getvalue().encode(), "text/csv")
    app.radio(key="upload_how").set_value(how).run()
    return app


@pytest.mark.parametrize("how", ["replace", "append"])
def test_no_markup_from_an_upload_reaches_the_editor(data_copy: Path, how: str) -> None:
    app = _upload_hostile(data_copy, how)
    assert not app.exception
    assert app.error, "the row with a cell too few is reported"
    assert any("HB" in caption.value for caption in app.caption)  # the file's name is shown
    if how == "replace":
        assert app.table, "the changed cells are listed"
    assert leaks(app) == []


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_mobility_page_shows_imported_flows_as_text(hostile_copy: Path, tmp_path: Path,
                                                        lang: str) -> None:
    """With Erasmus+ flows imported, the Mobility page names the (hostile) members in its
    figures, tables and arcs as text."""
    from tests.mobility_data import import_sample

    import_sample(hostile_copy, tmp_path / "sample", rows=600, files=1)
    app = _open("pages/mobility.py", lang)
    assert not app.exception
    charts = [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]
    # The hostile names do reach the figures (escaped), so the check below reads them.
    assert any("HB" in text for spec in charts for text in _all_strings(spec))
    assert leaks(app) == []
