"""Map, timeline and meeting mode through AppTest, in English and French."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from tests.app.conftest import make_app, open_page, page_text
from tests.tables import edit_table

PAGES = {
    "pages/map.py": {"en": "Where the alliance is", "fr": "Où se trouve l'alliance"},
    "pages/timeline.py": {"en": "How the alliance got here",
                          "fr": "Le chemin parcouru par l'alliance"},
    "pages/meeting.py": {"en": "EUNICE", "fr": "EUNICE"},
}
# The map page opens on its members tab; the other two tabs run only once chosen.
# The timeline's Gantt lists dated activities to come: in the fixtures all are examples,
# hidden until the examples switch is on.
CHARTS = {"pages/map.py": 1, "pages/timeline.py": 2, "pages/meeting.py": 0}


_open = open_page


_text = page_text


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("page", list(PAGES))
def test_page_runs_in_each_language(data_copy: Path, page: str, lang: str) -> None:
    app = _open(page, lang)
    assert not app.exception
    assert not app.error
    assert app.title[0].value == PAGES[page][lang]
    assert len(app.get("plotly_chart")) == CHARTS[page]


@pytest.mark.parametrize(("lang", "card"), [
    ("en", ["Karlstad University · Karlstads universitet",
            "Funded partner from**: November 2023", "https://www.kau.se/"]),
    ("fr", ["Karlstad University · Karlstads universitet",
            "Partenaire financé depuis** : novembre 2023", "https://www.kau.se/"]),
])
def test_choosing_a_university_opens_its_card(data_copy: Path, lang: str, card) -> None:
    app = _open("pages/map.py", lang, examples="1")  # KAU's activities are all examples
    assert not app.subheader or "Karlstad" not in app.subheader[0].value
    app.selectbox(key="map_university").set_value("KAU").run()
    assert not app.exception
    text = _text(app)
    for expected in card:
        assert expected in text
    tables = [t.value for t in app.table]
    assert any("Arvika campus" in list(frame.iloc[:, 0]) for frame in tables)
    hosted = [frame for frame in tables if any(
        str(title).startswith("Staff exchange week in Karlstad (") for title in frame.iloc[:, 0])]
    assert hosted, "the card lists the activities the university hosts"


@pytest.mark.parametrize(("tab", "charts", "metrics"), [
    ("Members and campuses", ["member_map"], 0),
    ("Distances between members", ["distance_heatmap"], 3),
    ("Where activities happen", ["activity_map", "online_activities"], 0),
])
def test_map_tabs_build_only_what_is_open(data_copy: Path, tab: str, charts: list[str],
                                          metrics: int) -> None:
    app = _open("pages/map.py", "en")
    app.session_state["map_view"] = tab
    app.run()
    assert not app.exception
    keys = [c for c in ("member_map", "distance_heatmap", "activity_map", "online_activities")
            if any(c in chart.proto.id for chart in app.get("plotly_chart"))]
    assert keys == charts
    assert len(app.metric) == metrics
    if "activity_map" in charts:  # the alliance-wide ones are not a member on the map
        assert any(re.match(r"Map of the \d+ member universities hosting", c.value)
                   for c in app.caption)


def test_open_map_tab_survives_a_change_of_language(data_copy: Path) -> None:
    app = _open("pages/map.py", "en")
    app.session_state["map_view"] = "Distances between members"
    app.run()
    app.radio(key="lang").set_value("fr").run()
    assert not app.exception
    assert app.session_state["map_view"] == "Distances entre membres"
    assert app.metric[0].label == "Distance (aller)"


def test_mobility_helper_gives_distance_and_band(data_copy: Path) -> None:
    app = _open("pages/map.py", "en")
    app.session_state["map_view"] = "Distances between members"
    app.run()
    app.selectbox(key="trip_from").set_value("UPHF").run()
    app.selectbox(key="trip_to").set_value("UMONS").run()
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Distance (one way)"] == "35 km"
    assert metrics["Erasmus+ distance band"] == "10–99 km"
    assert metrics["Travel support"] == "28 €"
    app.selectbox(key="trip_to").set_value("UPHF").run()
    assert any("two different" in i.value for i in app.info)


def test_map_without_campuses_says_so(data_copy: Path) -> None:
    locations = data_copy / "locations.csv"
    locations.write_text(locations.read_text(encoding="utf-8").splitlines()[0] + "\n",
                         encoding="utf-8")
    app = _open("pages/map.py", "en")
    assert not app.exception
    assert any("main campus" in i.value for i in app.info)


def test_timeline_filters_by_category(data_copy: Path) -> None:
    app = _open("pages/timeline.py", "fr")
    app.get("button_group")[0].set_value(["governance"]).run()
    assert not app.exception
    assert len(app.get("plotly_chart")) == CHARTS["pages/timeline.py"]
    caption = " ".join(c.value for c in app.caption)
    assert "novembre 2022" in caption  # the AISBL date, a governance milestone


@pytest.mark.parametrize(("lang", "second"), [("en", "Where we are"),
                                              ("fr", "Où nous sommes")])
def test_meeting_mode_moves_between_slides(data_copy: Path, lang: str, second: str) -> None:
    app = _open("pages/meeting.py", lang)
    assert "1" in app.markdown[0].value and app.metric
    # "Chiffres de 2025" or "Chiffres de septembre 2023", never "Chiffres au 2025".
    assert any(re.match(r"(Figures as of|Chiffres d(e|u)) \w", c.value) for c in app.caption)
    app.button(key="slide_next").click().run()
    assert second in app.markdown[0].value
    assert len(app.get("plotly_chart")) == 1
    assert app.query_params["slide"] in ("2", ["2"])
    app.button(key="slide_next").click().run()
    app.button(key="slide_next").click().run()
    assert app.button(key="slide_next").disabled
    app.button(key="slide_previous").click().run()
    assert not app.exception
    assert app.query_params["slide"] in ("3", ["3"])


def test_presenter_clicker_keys_move_the_slides(data_copy: Path) -> None:
    app = _open("pages/meeting.py", "en")
    shortcuts = {b.key: b.proto.shortcut for b in app.button}
    assert shortcuts["slide_pagedown"].lower() == "pagedown"
    assert shortcuts["slide_pageup"].lower() == "pageup"
    app.button(key="slide_pagedown").click().run()
    assert app.query_params["slide"] in ("2", ["2"])
    app.button(key="slide_space").click().run()
    app.button(key="slide_pageup").click().run()
    assert app.query_params["slide"] in ("2", ["2"])


def test_slide_charts_keep_their_alt_text_off_screen(data_copy: Path) -> None:
    app = _open("pages/meeting.py", "en", slide="2")
    assert not app.exception
    assert any(c.value for c in app.caption)  # still in the page for screen readers
    styles = " ".join(h.proto.body for h in app.get("html"))
    assert "st-key-alt_" in styles and "clip" in styles


def test_meeting_mode_opens_on_the_slide_in_the_address(data_copy: Path) -> None:
    app = _open("pages/meeting.py", "en", slide="4")
    assert not app.exception
    assert "Opportunities at a glance" in app.markdown[0].value
    assert app.button(key="slide_next").disabled


@pytest.mark.parametrize(("query", "heading"), [
    ({"present": "1"}, "The alliance at a glance"),
    ({"present": "1", "slide": "3"}, "How we got here"),
])
def test_present_in_any_address_opens_meeting_mode(data_copy: Path, query: dict[str, str],
                                                   heading: str) -> None:
    app = make_app("en")
    for name, value in query.items():
        app.query_params[name] = value
    app.run()
    assert not app.exception
    assert heading in app.markdown[0].value
    assert app.button(key="slide_next")
    assert app.query_params["slide"] in (query.get("slide", "1"), [query.get("slide", "1")])


def test_choices_survive_a_round_trip_through_the_other_tabs(data_copy: Path) -> None:
    """A closed tab draws nothing, yet the card and the trip chosen before come back."""
    app = _open("pages/map.py", "en")
    app.selectbox(key="map_university").set_value("KAU").run()
    app.session_state["map_view"] = "Distances between members"
    app.run()
    app.selectbox(key="trip_from").set_value("UVA").run()
    app.selectbox(key="trip_to").set_value("UOP").run()
    app.session_state["map_view"] = "Where activities happen"
    app.run()
    app.session_state["map_view"] = "Members and campuses"
    app.run()
    assert not app.exception and not app.warning
    assert app.selectbox(key="map_university").value == "KAU"
    assert "Karlstad University · Karlstads universitet" in _text(app)
    app.session_state["map_view"] = "Distances between members"
    app.run()
    assert (app.selectbox(key="trip_from").value, app.selectbox(key="trip_to").value) == (
        "UVA", "UOP")
    assert app.metric[0].value == "2,847 km"


def test_card_and_trip_survive_a_change_of_language(data_copy: Path) -> None:
    app = _open("pages/map.py", "en")
    app.selectbox(key="map_university").set_value("UOP").run()
    app.radio(key="lang").set_value("fr").run()
    assert not app.exception
    assert app.selectbox(key="map_university").value == "UOP"
    assert "University of the Peloponnese · Πανεπιστήμιο Πελοποννήσου" in _text(app)
    app.session_state["map_view"] = "Distances entre membres"
    app.run()
    app.selectbox(key="trip_to").set_value("IPV").run()
    app.radio(key="lang").set_value("en").run()
    assert app.selectbox(key="trip_to").value == "IPV"
    assert app.metric[0].label == "Distance (one way)"


def _figure(app, key: str) -> dict:
    chart = next(c for c in app.get("plotly_chart") if key in c.proto.id)
    return json.loads(chart.proto.spec)


def _examples(folder: Path) -> dict[str, str]:
    """Example activities of the data: id -> title."""
    with (folder / "activities.csv").open(encoding="utf-8", newline="") as handle:
        return {r["id"]: r["title"] for r in csv.DictReader(handle) if r["illustrative"] == "true"}


@pytest.mark.parametrize("examples", [False, True])
def test_timeline_gantt_follows_the_examples_switch(data_copy: Path, examples: bool) -> None:
    app = _open("pages/timeline.py", "en", **({"examples": "1"} if examples else {}))
    assert not app.exception
    charts = [c.proto.id for c in app.get("plotly_chart")]
    if not examples:  # every dated activity to come is an example in the fixtures
        assert not any("activity_gantt" in key for key in charts)
        return
    bars = [trace for trace in _figure(app, "activity_gantt")["data"] if trace["type"] == "bar"]
    labels = [label for trace in bars for label in trace["y"]]
    assert labels and all(label.endswith(" (example)") for label in labels)


@pytest.mark.parametrize("examples", [False, True])
def test_map_counts_and_card_follow_the_examples_switch(data_copy: Path,
                                                        examples: bool) -> None:
    app = _open("pages/map.py", "en", **({"examples": "1"} if examples else {}))
    app.session_state["map_view"] = "Where activities happen"
    app.run()
    bubbles = _figure(app, "activity_map")["data"][0]["text"]
    hosts = {label.split(" · ")[0] for label in bubbles}
    # KAU hosts only examples in the fixtures: no bubble unless they are shown.
    assert ("KAU" in hosts) is examples
    assert any("example activit" in c.value for c in app.caption) is examples
    app.session_state["map_view"] = "Members and campuses"
    app.run()
    app.selectbox(key="map_university").set_value("KAU").run()
    titles = [title for frame in (t.value for t in app.table) for title in frame.iloc[:, 0]]
    assert ("Staff exchange week in Karlstad (example)" in titles) is examples
    assert "Staff exchange week in Karlstad" not in titles  # never unmarked


@pytest.mark.parametrize("examples", [False, True])
def test_meeting_opportunities_slide_counts_what_the_headlines_count(data_copy: Path,
                                                                     examples: bool) -> None:
    query = {"examples": "1"} if examples else {}
    app = _open("pages/meeting.py", "en", **query)
    upcoming = int(next(m.value for m in app.metric if m.label == "Upcoming").split()[0])
    app = _open("pages/meeting.py", "en", slide="4", **query)
    assert not app.exception
    bars = {trace["name"]: sum(int(v) for v in trace["text"]) for trace in
            _figure(app, "meeting_opportunities")["data"]}
    assert bars["Upcoming"] == upcoming
    assert any("example activit" in c.value for c in app.caption) is examples
    # No published activity to come in the fixtures: said in words, not as an empty table.
    assert bool(app.info) is not examples


def test_french_pages_name_members_in_french_where_the_data_has_it(data_copy: Path) -> None:
    def name_put_in_french(rows: list[dict[str, str]]) -> None:
        for row in rows:
            row["name_fr"] = "Université de technologie de Poznań" if row["id"] == "PUT" else ""

    edit_table(data_copy / "universities.csv", name_put_in_french)
    app = make_app("fr")
    app.run()
    assert not app.exception
    assert any("Coordonnée par Université de technologie de Poznań" in c.value
               for c in app.caption)
    # English texts of the data are said once to be shown as published.
    assert any("tels qu'ils ont été publiés" in c.value for c in app.sidebar.caption)
    app = _open("pages/map.py", "fr")
    assert "Université de technologie de Poznań" in json.dumps(_figure(app, "member_map"),
                                                          ensure_ascii=False)
    english = make_app("en")
    english.run()
    assert any("Coordinated by Poznan University of Technology" in c.value
               for c in english.caption)
    assert not english.sidebar.caption or not any(
        "published" in c.value for c in english.sidebar.caption)


@pytest.mark.parametrize(("lang", "about"), [("en", "about"), ("fr", "environ")])
def test_meeting_key_figures_fit_and_say_what_is_approximate(data_copy: Path, lang: str,
                                                             about: str) -> None:
    app = _open("pages/meeting.py", lang)
    values = [m.value for m in app.metric]
    # Four to a row on a 1366 px projector: "environ 154 000" was cut to "environ 154…".
    assert any(v.startswith("≈ ") for v in values)
    assert all(len(v) <= 12 for v in values), values
    # The room cannot hover over a help icon: the word is said in a caption.
    assert any(c.value.startswith("≈ ") and about in c.value for c in app.caption)
