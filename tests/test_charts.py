"""Figure builders on the bundled data: the right points, labels and titles in each language."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from alliance.charts import (
    acronym_key,
    activity_gantt,
    membership_chart,
    opportunities_chart,
    students_by_university,
    timeline_chart,
)
from alliance.geo import activity_places, centre, distance_matrix
from alliance.maps import (
    TOPOJSON_NAME,
    activity_map,
    distance_heatmap,
    label_positions,
    marker_sizes,
    member_map,
    online_activities,
)
from alliance.theme import PALETTE
from alliance.timeline import (
    membership_by_year,
    milestone_frame,
    opportunities_by_audience,
    project_frame,
    schedule,
    time_range,
)

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 3, 1)
LANGS = ("en", "fr")


def _trace(figure, name: str):
    return next(trace for trace in figure.data if trace.name == name)


@pytest.mark.parametrize(("lang", "founders", "enlargement", "title"), [
    ("en", "Founding members, 2020", "Enlargement, 2022-23",
     "Member universities and their campuses"),
    ("fr", "Membres fondateurs, 2020", "Élargissement, 2022-23",
     "Universités membres et leurs campus"),
])
def test_member_map(tables, points, lang, founders, enlargement, title) -> None:
    figure = member_map(points, tables["locations"], lang, centre(points), selected="UC")
    assert figure.layout.title.text == title
    assert figure.layout.geo.scope == "europe" and figure.layout.geo.resolution == 50
    assert figure.layout.geo.showcountries and figure.layout.geo.showcoastlines
    first, later = _trace(figure, founders), _trace(figure, enlargement)
    assert set(first.text) == {"PUT", "BTU", "UC", "UNICT", "UPHF", "UMONS", "UVA"}
    assert set(later.text) == {"KAU", "UOP", "IPV"}
    assert first.marker.color == PALETTE[0] and later.marker.color == PALETTE[1]
    hover = {row[-1]: row for row in first.customdata}
    assert hover["UNICT"][1] == "Università degli Studi di Catania"
    assert hover["UNICT"][4] == ("40,287" if lang == "en" else "40\u202f287")
    assert hover["PUT"][5] == ("9 July 2020" if lang == "en" else "9 juillet 2020")
    ring = [t for t in figure.data if t.marker.symbol == "circle-open"]
    assert len(ring[0].lat) == 1 and ring[0].lat[0] == pytest.approx(52.403)  # coordinator
    campuses = figure.data[0]
    assert len(campuses.lat) == int((~tables["locations"]["main"]).sum())


def test_marker_area_grows_with_students() -> None:
    sizes = marker_sizes(pd.Series([100, 400, None], dtype="Float64"), 10, 30)
    assert sizes[0] == pytest.approx(20) and sizes[1] == pytest.approx(30) and sizes[2] == 10


def test_close_members_get_labels_on_either_side(points) -> None:
    positions = dict(zip(points["id"], label_positions(points), strict=True))
    # Beside each other at marker height, each on its far side: the two never share a row.
    assert positions["UPHF"] == "middle left" and positions["UMONS"] == "middle right"
    assert positions["UVA"] == "top center"


def test_close_members_are_drawn_apart_with_their_real_place_in_the_hover(tables,
                                                                          points) -> None:
    figure = member_map(points, tables["locations"], "en")
    drawn = {}
    for trace in figure.data:
        if trace.text is not None and trace.customdata is not None:
            drawn.update({row[-1]: (lat, lon) for row, lat, lon in
                          zip(trace.customdata, trace.lat, trace.lon, strict=True)})
    from alliance.geo import distance_km
    assert distance_km(drawn["UPHF"], drawn["UMONS"]) >= 44


def _figures(tables, points, lang):
    milestones = milestone_frame(tables["milestones"], lang)
    places = activity_places(tables["activities"], points)
    return [
        member_map(points, tables["locations"], lang, centre(points)),
        activity_map(places, lang), online_activities(places, lang),
        distance_heatmap(distance_matrix(points), lang),
        timeline_chart(milestones, project_frame(tables["projects"]), lang,
                       time_range(tables["projects"], TODAY), TODAY),
        membership_chart(membership_by_year(tables["universities"], 2027), lang),
        activity_gantt(schedule(tables["activities"], TODAY), lang, TODAY),
        opportunities_chart(opportunities_by_audience(tables["activities"], TODAY), lang),
        students_by_university(tables["universities"], lang),
    ]


def _dark(colour: object) -> bool:
    """A colour too dark to see on Streamlit's dark background (or white on its light one)."""
    text = str(colour).upper()
    return text in {"#000000", "#1B1F24", "#FFFFFF", "BLACK", "WHITE", "RGBA(255,255,255,0.85)"}


def test_every_figure_reads_on_light_and_dark_themes(tables, points) -> None:
    for figure in _figures(tables, points, "en"):
        layout = figure.layout
        assert layout.paper_bgcolor == "rgba(0,0,0,0)" and layout.plot_bgcolor == "rgba(0,0,0,0)"
        assert layout.font.color is None  # Streamlit's theme gives the text colour
        for shape in layout.shapes:
            assert not _dark(shape.line.color)
        for note in layout.annotations:
            assert note.font.color is None or note.bgcolor is not None  # badges carry their own
            assert not _dark(note.bgcolor) or note.bgcolor is None
        for trace in figure.data:
            if getattr(trace, "textfont", None) is not None and trace.type != "bar":
                assert trace.textfont.color is None
            marker = getattr(trace, "marker", None)
            if marker is not None and trace.type in ("scatter", "scattergeo"):
                assert not _dark(marker.color) and not _dark(marker.line.color)
        if layout.geo.scope:
            assert layout.geo.bgcolor == "rgba(0,0,0,0)"
            assert layout.geo.oceancolor == "rgba(0,0,0,0)"
            assert "rgba" in layout.geo.landcolor


def test_map_fills_a_wide_chart_within_the_land_plotly_has(points) -> None:
    geo = member_map(points, points.iloc[0:0].assign(main=[]), "en").layout.geo
    west, east = geo.lonaxis.range
    assert west >= -30 and east <= 60
    assert east - west >= 45  # wider than the members' own spread: fills a 16:9 chart


def test_campuses_and_coordinator_look_different_in_the_legend(tables, points) -> None:
    figure = member_map(points, tables["locations"], "en")
    campuses, ring = _trace(figure, "Other campuses"), _trace(figure, "Coordinator")
    assert campuses.marker.symbol != ring.marker.symbol


@pytest.mark.parametrize("lang", LANGS)
def test_every_activity_bubble_names_its_host(tables, points, lang) -> None:
    places = activity_places(tables["activities"], points)
    bubbles = activity_map(places, lang).data[0]
    hosts = [row[0] for row in bubbles.customdata]
    assert len(bubbles.text) == len(hosts) > 0
    placed = places[places["latitude"].notna() & (places["in_person"] > 0)]
    for text, host in zip(bubbles.text, placed["host_id"], strict=True):
        assert text.startswith(f"{host} · ")
    by_host = dict(zip(placed["host_id"], bubbles.textposition, strict=True))
    if {"UPHF", "UMONS"} <= set(by_host):
        assert by_host["UPHF"] != by_host["UMONS"]


def test_heatmap_cells_are_large_and_in_the_locale_format(points) -> None:
    heat = distance_heatmap(distance_matrix(points), "fr").data[0]
    assert heat.textfont.size >= 13
    cells = [cell for row in heat.text for cell in row if cell]
    assert all("," not in cell for cell in cells)
    assert any("\u202f" in cell for cell in cells)  # thousands grouped, French-style


def test_gantt_months_are_in_french(tables) -> None:
    figure = activity_gantt(schedule(tables["activities"], TODAY), "fr", TODAY)
    labels = list(figure.layout.xaxis.ticktext)
    assert labels and all(label.split()[-1].isdigit() for label in labels)
    assert any(label.startswith(("mars", "avr.", "mai", "juin")) for label in labels)
    assert not any(label.startswith(("Mar", "Apr", "May", "Jun")) for label in labels)


@pytest.mark.parametrize("lang", LANGS)
def test_distance_heatmap(points, lang) -> None:
    figure = distance_heatmap(distance_matrix(points), lang)
    heat = figure.data[0]
    assert list(heat.x) == list(points["id"]) == list(heat.y)
    assert heat.z[0][0] == 0 and heat.text[0][0] == ""
    assert heat.colorscale is not None
    assert figure.layout.xaxis.title.text == {"en": "To", "fr": "Vers"}[lang]
    i, j = list(heat.x).index("UVA"), list(heat.x).index("IPV")
    assert heat.text[i][j] == {"en": "3,163", "fr": "3\u202f163"}[lang]


@pytest.mark.parametrize("lang", LANGS)
def test_activity_map_and_online_bars(tables, points, lang) -> None:
    places = activity_places(tables["activities"], points)
    figure = activity_map(places, lang)
    bubbles = figure.data[0]
    assert len(bubbles.lat) == int(((places["in_person"] > 0) & places["latitude"].notna()).sum())
    assert figure.layout.geo.scope == "europe"
    online = int((tables["activities"]["mode"] == "online").sum())
    assert str(online) in figure.layout.annotations[0].text
    bars = online_activities(places, lang)
    assert sum(bars.data[0].x) == online
    assert {"en": "whole alliance", "fr": "toute l'alliance"}[lang] in list(bars.data[0].y)


@pytest.mark.parametrize("lang", LANGS)
def test_timeline_chart(tables, lang) -> None:
    milestones = milestone_frame(tables["milestones"], lang)
    projects = project_frame(tables["projects"])
    span = time_range(tables["projects"], TODAY)
    figure = timeline_chart(milestones, projects, lang, span, TODAY)
    assert figure.layout.xaxis.range[0] < pd.Timestamp("2020-01-01")
    assert figure.layout.xaxis.range[1] > pd.Timestamp("2027-10-31")
    assert figure.layout.xaxis.title.text == {"en": "Year", "fr": "Année"}[lang]
    phases = figure.data[0]
    assert list(phases.text) == ["EUNICE pilot alliance project", "EUNICE4U"]
    rows = set(figure.layout.yaxis.categoryarray)
    assert {"REUNICE", "Peer-IR-View"} <= rows
    notes = " ".join(a.text for a in figure.layout.annotations)
    aisbl = {"en": "November 2022 · Alliance becomes an international non-profit association",
             "fr": "novembre 2022 · L'alliance devient une association internationale sans "
                   "but lucratif"}[lang]
    assert aisbl in notes
    assert {"en": "9 July 2020", "fr": "9 juillet 2020"}[lang] in notes
    assert {"en": "Today, 1 March 2026", "fr": "Aujourd'hui, 1 mars 2026"}[lang] in notes


def test_timeline_draws_partial_dates_as_hatched_spans_not_invented_days(tables) -> None:
    milestones = milestone_frame(tables["milestones"], "en")
    figure = timeline_chart(milestones, project_frame(tables["projects"]), "en",
                            time_range(tables["projects"], TODAY), TODAY)
    exact = next(t for t in figure.data if t.type == "scatter")
    days = set(exact.x)
    assert "2020-07-09" in days
    assert not any(d.startswith("2022-11") for d in days)  # AISBL is known to the month only
    spans = next(t for t in figure.data if t.type == "bar" and t.marker.pattern
                 and isinstance(t.marker.pattern.shape, tuple))
    index = list(spans.base).index("2022-11-01")
    assert spans.marker.pattern.shape[index] == "/"
    assert spans.x[index] == 30 * 86_400_000  # the whole of November


def test_timeline_category_filter_drops_rows(tables) -> None:
    milestones = milestone_frame(tables["milestones"], "en", ("governance",))
    figure = timeline_chart(milestones, project_frame(tables["projects"]), "en",
                            time_range(tables["projects"], TODAY), TODAY)
    rows = set(figure.layout.yaxis.categoryarray)
    assert "Governance" in rows and "Event" not in rows


@pytest.mark.parametrize("lang", LANGS)
def test_membership_chart(tables, lang) -> None:
    by_year = membership_by_year(tables["universities"], 2027)
    figure = membership_chart(by_year, lang)
    members, countries = figure.data
    assert list(members.x) == list(range(2020, 2028))
    assert members.y[0] == 7 and members.y[-1] == 10 and countries.y[-1] == 10
    assert figure.layout.title.text == {"en": "Members and countries over time",
                                        "fr": "Membres et pays au fil du temps"}[lang]


@pytest.mark.parametrize("lang", LANGS)
def test_activity_gantt(tables, lang) -> None:
    rows = schedule(tables["activities"], TODAY)
    figure = activity_gantt(rows, lang, TODAY)
    bars = [t for t in figure.data if t.type == "bar"]
    assert sum(len(b.y) for b in bars) == len(rows)
    assert {b.name for b in bars} <= {"Students", "Staff", "Researchers", "Everyone",
                                      "Étudiants", "Personnel", "Chercheurs", "Tout le monde"}
    deadlines = next(t for t in figure.data if t.type == "scatter")
    assert len(deadlines.x) == int(rows["apply_last"].notna().sum())


@pytest.mark.parametrize("lang", LANGS)
def test_opportunities_chart(tables, lang) -> None:
    counts = opportunities_by_audience(tables["activities"], TODAY)
    figure = opportunities_chart(counts, lang)
    assert [t.name for t in figure.data] == {
        "en": ["Open for applications", "Running now", "Upcoming"],
        "fr": ["Candidatures ouvertes", "En cours", "À venir"]}[lang]
    assert sum(figure.data[2].y) == int(counts["upcoming"].sum())


def test_students_chart_uses_shared_separators() -> None:
    frame = pd.DataFrame({"id": ["A"], "name": ["A"], "students": [1234],
                          "membership": ["member"]})
    # The same thousands mark as the app's text (Babel's narrow no-break space in French), so
    # an axis never reads "2 294" beside a cell's "2\u202f294".
    assert students_by_university(frame, "fr").layout.separators == ",\u202f"


def test_topojson_name_matches_the_shipped_file() -> None:
    assert (ROOT / "static" / "topojson" / f"{TOPOJSON_NAME}.json").is_file()


def test_french_hovers_put_a_no_break_space_before_the_colon(tables, points) -> None:
    """"Étudiants : 14 138", never "Étudiants: 14 138"; English keeps "Students: 14,138"."""
    from alliance.opportunity_charts import by_kind

    rows = tables["activities"].assign(host_key=tables["activities"]["host_id"].fillna(""))
    for lang, colon in (("fr", "\u00a0: "), ("en", ": ")):
        figures = [*_figures(tables, points, lang), by_kind(rows, lang)]
        hovers = [trace.hovertemplate for figure in figures for trace in figure.data
                  if trace.hovertemplate]
        pairs = [h for h in hovers if ":" in h]
        assert len(pairs) >= 8
        for hover in pairs:
            assert ":" not in hover.replace(colon, "").replace("%{", "")


@pytest.mark.parametrize(("lang", "key"), [
    ("en", "Members: UC: University of Cantabria and PUT: Poznan University of Technology."),
    ("fr", "Membres\u00a0: UC\u00a0: University of Cantabria et PUT\u00a0: Poznan University "
           "of Technology."),
])
def test_acronym_key_names_each_member_a_chart_shows(tables, lang, key) -> None:
    universities = tables["universities"]
    assert acronym_key(universities, ["UC", "PUT", "UC", "ALLIANCE"], lang) == key
    assert acronym_key(universities, ["ALLIANCE"], lang) == ""


def test_distance_heatmap_names_members_on_hover(points) -> None:
    names = dict(zip(points["id"], points["name"], strict=True))
    heat = distance_heatmap(distance_matrix(points), "en", names=names).data[0]
    first, second = heat.y[0], heat.x[1]
    assert list(heat.customdata[0][1]) == [f"{names[first]} ({first})",
                                              f"{names[second]} ({second})"]
    assert "%{customdata[0]} →<br>%{customdata[1]}" in heat.hovertemplate


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_axes_write_numbers_out_never_with_si_letters(tables, points, lang) -> None:
    """"20 000" on a French axis and "20,000" on an English one, never plotly's "20k"."""
    from alliance.opportunity_charts import by_host, by_kind, by_month

    rows = tables["activities"].assign(host_key=tables["activities"]["host_id"].fillna(""))
    hosts = dict(zip(tables["universities"]["id"], tables["universities"]["name"], strict=True))
    figures = [*_figures(tables, points, lang), by_kind(rows, lang), by_host(rows, lang, hosts),
               by_month(rows, lang)]
    axes = [axis for figure in figures
            for name in dir(figure.layout) if name.startswith(("xaxis", "yaxis"))
            for axis in [getattr(figure.layout, name)] if axis is not None]
    assert len(axes) >= 2 * len(figures) - 8  # maps have no axes
    assert all(axis.exponentformat == "none" and axis.separatethousands for axis in axes)
