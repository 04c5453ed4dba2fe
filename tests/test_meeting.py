"""Meeting pack: the data's date, slide numbers, offline HTML charts and the printable brief."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import plotly.graph_objects as go
import pytest

from alliance.i18n import country_name, t
from alliance.meeting import (
    SLIDES,
    brief_html,
    key_dates_markdown,
    meeting_pack,
    members_by_wave,
    slide_index,
    standalone_html,
)
from alliance.overview import key_dates, members_table, summarise

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 3, 1)


@pytest.mark.parametrize(("requested", "index"), [
    ("1", 0), ("3", 2), ("99", len(SLIDES) - 1), ("0", 0), ("-4", 0), ("two", 0), (None, 0),
])
def test_slide_index(requested, index) -> None:
    assert slide_index(requested) == index


def _map() -> go.Figure:
    figure = go.Figure(go.Scattergeo(lat=[50.0], lon=[4.0], mode="markers"))
    figure.update_layout(geo={"scope": "europe", "resolution": 50}, title="A map")
    return figure


def test_map_export_carries_its_geometry_and_plotly() -> None:
    page = standalone_html(_map(), "A map", "fr")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="fr">' in page
    assert "window.PlotlyGeoAssets = {topojson: {\"europe_50m\":" in page
    assert page.index("PlotlyGeoAssets") < page.index("plotly.js v")  # preloaded first
    assert 'src="http' not in page  # nothing fetched from a CDN


def test_non_map_export_has_no_geometry() -> None:
    page = standalone_html(go.Figure(go.Bar(x=[1], y=[2])), "Bars", "en")
    assert "PlotlyGeoAssets = " not in page and "plotly.js v" in page


@pytest.fixture(scope="module")
def identity_and_tables(bundled_dataset):
    return bundled_dataset.identity, bundled_dataset.tables


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ["Key dates", "Member universities", "9 July 2020", "Figures as of 2 February 2026",
            "Poznan University of Technology", "21,000", "Poznań (Poland)",
            "18 September 2023 – 20 September 2023"]),
    ("fr", ["Dates clés", "Universités membres", "9 juillet 2020",
            "Chiffres du 2 février 2026", "21\u202f000", "Poznań (Pologne)",
            "18 septembre 2023 – 20 septembre 2023"]),
])
def test_brief_is_one_printable_page(identity_and_tables, lang, words) -> None:
    identity, frames = identity_and_tables
    page = brief_html(identity["alliance"], summarise(frames, TODAY),
                      key_dates(frames["milestones"], lang), members_table(
                          frames["universities"]), lang, dt.date(2026, 2, 2), TODAY)
    for word in words:
        assert word in page
    assert "@page { size: A4" in page and "<script" not in page


def test_meeting_pack_zips_every_chart_and_the_brief() -> None:
    pack = meeting_pack({"map": _map(), "bars": go.Figure(go.Bar(x=[1], y=[1]))},
                        "<html>brief</html>", "en")
    with zipfile.ZipFile(io.BytesIO(pack)) as archive:
        assert sorted(archive.namelist()) == ["bars.html", "brief.html", "map.html"]
        assert "PlotlyGeoAssets" in archive.read("map.html").decode()
        assert archive.read("brief.html") == b"<html>brief</html>"


@pytest.mark.parametrize(("lang", "founders", "enlargement", "coordinator"), [
    ("en", "**Founding members, 2020** (7)", "**Enlargement, 2022-23** (3)",
     "- **PUT** Poznan University of Technology, Poland · *coordinator*"),
    ("fr", "**Membres fondateurs, 2020** (7)", "**Élargissement, 2022-23** (3)",
     "- **PUT** Poznan University of Technology, Pologne · *coordinatrice*"),
])
def test_members_by_wave_lists_each_member_under_its_wave(points, lang: str, founders: str,
                                                          enlargement: str,
                                                          coordinator: str) -> None:
    text = members_by_wave(points, lang)
    first, second = text.split("\n\n")
    assert first.startswith(founders) and second.startswith(enlargement)
    assert coordinator in first.splitlines()
    assert f"- **KAU** Karlstad University, {country_name('SE', lang)}" in second.splitlines()
    assert sum(line.startswith("- **") for line in text.splitlines()) == 10


@pytest.mark.parametrize(("numbered", "lang", "first"), [
    (False, "en", "- ★ **9 July 2020** · "),
    (True, "fr", "1. **9 juillet 2020** · "),
])
def test_key_dates_markdown_lists_the_highlighted_milestones(tables, numbered: bool, lang: str,
                                                             first: str) -> None:
    lines = key_dates_markdown(tables["milestones"], lang, numbered).splitlines()
    assert lines[0].startswith(first)
    assert len(lines) == int(tables["milestones"]["highlight"].sum())
    assert any("2022" in line for line in lines)  # the AISBL status, November 2022


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_dates_line_leaves_out_an_unknown_date_instead_of_a_dash(lang: str) -> None:
    from types import SimpleNamespace

    from alliance.meeting import dates_line

    undated = SimpleNamespace(figures_on=None, saved_on=None, saved_by="")
    line = dates_line(undated, "overview.figures_date", lang)
    assert "–" not in line and line == t("data.saved_unknown", lang)
    dated = SimpleNamespace(figures_on="2025", saved_on=dt.date(2026, 1, 2), saved_by="git")
    line = dates_line(dated, "meeting.data_date", lang)
    assert "2025" in line and "2026" in line and " · " in line
