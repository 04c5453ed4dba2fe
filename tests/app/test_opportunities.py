"""The opportunities page through AppTest: URL filters, facets, search, empty state, clearing."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.app.conftest import make_app as _make_app

PAGE = "pages/opportunities.py"



def make_app(lang: str | None = None):
    """The app with examples switched on: these tests filter every row of the fixture."""
    app = _make_app(lang)
    app.query_params["examples"] = "1"
    return app

def _activities(folder: Path) -> list[dict[str, str]]:
    with (folder / "activities.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _open(params: dict[str, object], lang: str = "en"):
    app = make_app(lang)
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    app.switch_page(PAGE)
    for key, value in params.items():
        app.query_params[key] = value
    return app.run()


def _sentence(app) -> str:
    return next(m.value for m in app.markdown if m.value.startswith("**"))


@pytest.mark.parametrize(("lang", "title", "word"), [("en", "Opportunities", "activities"),
                                                     ("fr", "Opportunités", "activités")])
def test_page_runs_in_each_language(data_copy: Path, lang: str, title: str, word: str) -> None:
    app = _open({}, lang)
    assert not app.exception
    assert app.title[0].value == title
    assert _sentence(app) == f"**{len(_activities(data_copy))} {word}**"


def test_url_filters_select_the_same_rows_as_the_file(data_copy: Path) -> None:
    rows = _activities(data_copy)
    expected = [r["id"] for r in rows
                if r["kind"] in ("online course", "MOOC") and r["audience"] == "students"]
    app = _open({"kind": ["online course", "MOOC"], "audience": "students"})
    assert not app.exception
    table = app.dataframe[0].value
    assert len(table) == len(expected) > 0
    assert _sentence(app).startswith(f"**{len(expected)} activities (MOOC, online course)")
    assert app.sidebar.multiselect(key="f_kind").value == ["MOOC", "online course"]


def test_facet_options_show_counts(data_copy: Path) -> None:
    rows = _activities(data_copy)
    staff = sum(1 for r in rows if r["audience"] == "staff")
    app = _open({})
    audience = app.sidebar.multiselect(key="f_audience")
    assert f"staff ({staff})" in audience.options


def test_search_ignores_accents_and_case(data_copy: Path) -> None:
    activities = data_copy / "activities.csv"
    text = activities.read_text(encoding="utf-8").rstrip("\n").split("\n")
    text[1] = text[1].replace("Study exchanges", "Échanges d'Étudiants", 1)
    activities.write_text("\n".join(text) + "\n", encoding="utf-8")
    app = _open({})
    app.text_input(key="f_q").input("echanges d'etudiants").run()
    assert not app.exception
    assert app.dataframe[0].value["title"].tolist() == ["Échanges d'Étudiants between member "
                                                        "universities"]


def _csv(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _found_by(folder: Path, text: str) -> list[str]:
    """Titles of the rows whose own text or host university (names, cities of its
    campuses) hold every word of `text`, read from the files themselves."""
    from alliance.filters import fold

    hosts: dict[str, list[str]] = {}
    for u in _csv(folder, "universities.csv"):
        hosts[u["id"]] = [u["name"], u["name_local"], u["city"]]
    for place in _csv(folder, "locations.csv"):
        hosts.setdefault(place["university_id"], []).append(place["city"])
    found = []
    for row in _activities(folder):
        texts = [fold(v) for v in [row["title"], row["description"],
                                   *hosts.get(row["host_id"], [])]]
        if all(any(word in v for v in texts) for word in fold(text).split()):
            found.append(row["title"])
    return found


@pytest.mark.parametrize("text", ["universite", "UNIVERSITÉ", "maubeuge", "poznan", "vaasan",
                                  "politechnika", "viseu lamego", "cantabria santander"])
def test_search_finds_host_universities_and_cities(data_copy: Path, text: str) -> None:
    expected = _found_by(data_copy, text)
    own = [r["title"] for r in _activities(data_copy)
           if fold_all(r["title"] + " " + r["description"], text)]
    assert len(expected) > len(own)  # the host's names and cities find more than the text
    app = _open({"q": text})
    assert not app.exception
    shown = app.dataframe[0].value["title"].tolist()  # examples carry a marker after the title
    assert len(shown) == len(expected)
    assert all(s.startswith(e) for s, e in zip(shown, expected, strict=True)), shown


def fold_all(haystack: str, text: str) -> bool:
    from alliance.filters import fold

    return all(word in fold(haystack) for word in fold(text).split())


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_placeholder_shows_a_search_that_finds_rows(data_copy: Path, lang: str) -> None:
    app = _open({}, lang)
    placeholder = app.text_input(key="f_q").placeholder
    cities = {u["city"] for u in _csv(data_copy, "universities.csv")}
    example = next(c for c in cities if placeholder.endswith(c))
    app.text_input(key="f_q").input(example).run()
    assert not app.exception
    assert len(app.dataframe[0].value) == len(_found_by(data_copy, example)) > 0


def test_empty_result_suggests_what_to_loosen(data_copy: Path) -> None:
    app = _open({"q": "no activity is called this", "audience": "staff"})
    assert not app.exception
    assert any("No activity matches" in i.value for i in app.info)
    assert any("Search titles, descriptions" in m.value for m in app.markdown)
    assert not app.dataframe


def test_clear_all_restores_every_row(data_copy: Path) -> None:
    app = _open({"audience": "staff", "window": "past"})
    assert len(app.dataframe[0].value) < len(_activities(data_copy))
    app.sidebar.button(key="clear").click().run()
    assert not app.exception
    assert len(app.dataframe[0].value) == len(_activities(data_copy))


def test_unknown_url_values_are_ignored(data_copy: Path) -> None:
    app = _open({"host": ["NOPE", "UPHF"], "window": "whenever", "ects_min": "lots"})
    assert not app.exception
    assert app.sidebar.multiselect(key="f_host").value == ["UPHF"]


@pytest.mark.parametrize(("params", "handles", "kept"), [
    ({"ects_min": "5"}, (5.0, None), lambda e, top: e >= 5),
    ({"ects_max": "3"}, (0.0, 3.0), lambda e, top: e <= 3),
    # beyond the slider (a hand-edited link): brought to its end, and the sentence says so
    ({"ects_min": "500"}, (None, None), lambda e, top: e >= top),
])
def test_a_link_with_one_ects_limit_opens(data_copy: Path, params, handles, kept) -> None:
    """The page writes such links itself when a reader moves only one handle."""
    rows = _activities(data_copy)
    top = max(float(r["ects"]) for r in rows if r["ects"])
    expected = [r["id"] for r in rows if r["ects"] and kept(float(r["ects"]), top)]
    app = _open(params)
    assert not app.exception and not app.error
    slider = app.sidebar.select_slider(key="f_ects").value
    assert slider == tuple(top if h is None else h for h in handles)
    assert _sentence(app).startswith(f"**{len(expected)} activit")



@pytest.fixture
def browser_multiselects(monkeypatch: pytest.MonkeyPatch) -> None:
    """Send multiselect values back as a browser does: the labels it was shown when the reader
    clicked, or the ones the server last set, not the labels of the latest run."""
    from streamlit.testing.v1.element_tree import Multiselect

    held: dict[str, list[str]] = {}
    original = Multiselect.values.fget

    def values(self: Multiselect) -> list[str]:
        if self._value is not None or self.id not in held:
            held[self.id] = list(original(self))
        elif self.proto.set_value:
            held[self.id] = list(self.proto.raw_values)
        return held[self.id]

    monkeypatch.setattr(Multiselect, "values", property(values))


def test_filters_keep_raw_values_while_counts_change(data_copy: Path,
                                                   browser_multiselects: None) -> None:
    """Audience, then Mode, then "Running now": every facet keeps its code (issue 12)."""
    app = _open({})
    app.sidebar.multiselect(key="f_audience").select("staff").run()
    app.sidebar.multiselect(key="f_mode").select("online").run()
    app.radio(key="f_window").set_value("running").run()
    assert not app.exception
    assert app.sidebar.multiselect(key="f_audience").value == ["staff"]
    assert app.sidebar.multiselect(key="f_mode").value == ["online"]
    assert app.query_params["audience"] in ("staff", ["staff"])
    assert app.query_params["mode"] in ("online", ["online"])
    assert "(" not in _sentence(app)
    # A further unrelated click keeps both facets set.
    app.text_input(key="f_q").input("a").run()
    assert app.sidebar.multiselect(key="f_audience").value == ["staff"]
    assert app.sidebar.multiselect(key="f_mode").value == ["online"]


@pytest.mark.parametrize(("lang", "half", "whole"), [("en", "1.5", "3"), ("fr", "1,5", "3")])
def test_ects_slider_reads_in_the_readers_number_format(data_copy: Path, lang: str,
                                                        half: str, whole: str) -> None:
    """Not "3.0" or "1.5" on a French page; the address keeps ects_min and ects_max."""
    app = _open({"ects_min": "1.5"}, lang)
    assert not app.exception
    slider = app.sidebar.select_slider(key="f_ects")
    assert half in slider.options and whole in slider.options
    assert not any(option.endswith(".0") or option.endswith(",0") for option in slider.options)
    assert slider.value[0] == 1.5
    assert app.query_params["ects_min"] in ("1.5", ["1.5"])


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_table_types_deadlines_and_ects(data_copy: Path, lang: str) -> None:
    """Dates and numbers the grid sorts as such, in the page's digits when the browser does
    not say its language (as here), and empty cells for what is unknown."""
    app = _open({}, lang)
    grid = app.dataframe[0]
    columns = json.loads(grid.proto.columns)
    assert columns["apply_by"]["type_config"] == {"type": "date", "format": "DD/MM/YYYY"}
    assert columns["ects"]["type_config"]["type"] == "number"
    assert grid.proto.placeholder == ""
    shown = grid.value
    assert str(shown["apply_by"].dtype).startswith("datetime64")
    assert shown["ects"].dtype == "float64"
    ects = [float(r["ects"]) for r in _activities(data_copy) if r["ects"]]
    assert sorted(shown["ects"].dropna().tolist()) == sorted(ects)
