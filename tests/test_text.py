"""Text from the data made safe for Streamlit Markdown, plotly and HTML, and where it is used."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from alliance import university_card
from alliance.charts import activity_gantt, students_by_university, timeline_chart
from alliance.filters import prepare
from alliance.maps import member_map, online_activities
from alliance.meeting import brief_html, key_dates_markdown, members_by_wave
from alliance.opportunities import activity_card, host_text
from alliance.opportunities import table as opportunities_table
from alliance.opportunity_charts import by_host
from alliance.overview import key_dates, members_table, summarise
from alliance.text import (
    WORD_JOINER,
    Markdown,
    code,
    home_pages,
    html_text,
    link,
    markdown,
    plot,
    plot_lines,
    web_address,
    web_addresses,
)
from alliance.timeline import milestone_frame, project_frame, schedule, time_range
from tests.hostile import HTML_PAYLOAD, MARKDOWN_LEAKS, PAYLOAD, PLOT_LEAKS

TODAY = dt.date(2026, 3, 1)
EVIL = "# Evil " + PAYLOAD


def _leaks(text: str) -> list[str]:
    return [name for name, pattern in MARKDOWN_LEAKS.items() if pattern.search(text)]


@pytest.mark.parametrize("value", [
    "**bold**", "# heading", "[x](https://evil.example)", "![i](http://evil.example/p.png)",
    ":red[red]", ":material/warning:", ":smile:", "<b>b</b>", "<img src=x>", "$x^2$",
    "https://evil.example/bare", "www.evil.example", "x@evil.example", "`code`", "~~s~~",
    "&lt;i&gt;", "- item", "+ item", "> quote", "1. first", "2) second", EVIL,
])
def test_markdown_escapes_every_construct(value: str) -> None:
    escaped = markdown(value)
    assert isinstance(escaped, Markdown)
    assert _leaks(escaped) == []
    # Read back as CommonMark would (an escape is the character), it is the same text.
    assert escaped.replace(WORD_JOINER, "").replace("\\", "\x00").replace("\x00\x00", "\\") \
        .replace("\x00", "") == value


def test_markdown_is_one_line_and_idempotent() -> None:
    assert markdown("a\n\n    code\r\nb\tc") == "a code b c"
    once = markdown("**x**")
    assert markdown(once) == once
    assert markdown(None) == markdown(float("nan")) == markdown(pd.NA) == ""
    assert markdown("Université (UPHF), Valenciennes-Maubeuge") == \
        "Université (UPHF), Valenciennes-Maubeuge", "ordinary text reads unchanged"


@pytest.mark.parametrize(("value", "addresses"), [
    ("https://a.eu/ http://b.eu/x", ["https://a.eu/", "http://b.eu/x"]),
    ("javascript:alert(1)", []), ("data:text/html,<b>", []), ("ftp://a.eu", []),
    ("https://", []), (float("nan"), []), ("see https://a.eu", ["https://a.eu"]),
])
def test_only_http_addresses_are_web_addresses(value: object, addresses: list[str]) -> None:
    assert web_addresses(value) == addresses
    assert web_address(value) == (addresses[0] if addresses else None)


@pytest.mark.parametrize(("value", "bare"), [
    ("https://eunice-university.eu/", ["https://eunice-university.eu/"]),
    ("http://www.uop.gr", ["http://www.uop.gr"]),
    ("https://a.eu/news/x https://b.eu/", ["https://b.eu/"]),
    ("https://eunice-university.eu/?p=8701", []),  # a page of the site, by its number
    ("https://a.eu/#facts", []),
    ("https://a.eu/news/x", []),
    ("https://a.eu/index.html", []),
    ("javascript:alert(1)", []), ("", []), (float("nan"), []),
])
def test_home_pages_are_bare_site_roots(value: object, bare: list[str]) -> None:
    assert home_pages(value) == bare


def test_links_only_for_http_addresses() -> None:
    assert link("https://a.eu/x_y") == "[https://a.eu/x\\_y](<https://a.eu/x_y>)"
    assert link("javascript:alert(1)") == markdown("javascript:alert(1)")
    assert "](" not in link("javascript:alert(1)")
    assert link("https://a.eu", "**site**") == "[\\*\\*site\\*\\*](<https://a.eu>)"


def test_code_span_survives_backticks() -> None:
    assert code("/data/a`b") == "``/data/a`b``"
    assert code("`x`") == "`` `x` ``"


def test_plot_escapes_tags_and_entities() -> None:
    assert plot("<b>x</b> & &lt;") == "&lt;b&gt;x&lt;/b&gt; &amp; &amp;lt;"
    wrapped = plot_lines("<b>" + "y" * 30 + "</b> & z", 12)
    assert "<b>" not in wrapped and "<br>" in wrapped and "&amp;" in wrapped
    assert html_text('<a href="x">') == "&lt;a href=&quot;x&quot;&gt;"


def _hostile(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    frame = frame.copy()
    for name in columns:
        frame[name] = [f"{v} {EVIL}" if isinstance(v, str) else v for v in frame[name]]
    return frame


@pytest.fixture(scope="module")
def hostile_tables(tables) -> dict[str, pd.DataFrame]:
    return {
        **tables,
        "universities": _hostile(tables["universities"], "name", "name_local", "city", "note",
                                 "students_as_of"),
        "locations": _hostile(tables["locations"], "name", "city"),
        "projects": _hostile(tables["projects"], "name", "description"),
        "activities": _hostile(tables["activities"], "title", "description"),
        "milestones": _hostile(tables["milestones"], "title", "title_fr"),
    }


def _figure_strings(figure: object) -> list[str]:
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)
        elif isinstance(value, str):
            found.append(value)

    walk(json.loads(figure.to_json()))  # type: ignore[attr-defined]
    return found


def test_charts_show_the_datas_tags_as_text(hostile_tables) -> None:
    from alliance.geo import activity_places, member_points

    t = hostile_tables
    points = member_points(t["universities"], t["locations"])
    span = time_range(t["projects"], TODAY)
    prepared = prepare(t["activities"], t["universities"])
    hosts = t["universities"].set_index("id")["name"].to_dict()
    figures = [
        students_by_university(t["universities"], "en"),
        member_map(points, t["locations"], "en"),
        online_activities(activity_places(t["activities"], points), "en"),
        timeline_chart(milestone_frame(t["milestones"], "fr"), project_frame(t["projects"]),
                       "fr", span, TODAY),
        activity_gantt(schedule(t["activities"], TODAY), "en", TODAY),
    ]
    # Bars by host are labelled by id (validated capitals); an unknown key is escaped.
    unknown = by_host(prepared.assign(host_key="<b>HT</b>"), "en", hosts)
    assert _figure_strings(unknown).count("&lt;b&gt;HT&lt;/b&gt;") >= 1
    for figure in figures:
        strings = _figure_strings(figure)
        assert any("&lt;b&gt;HT" in s for s in strings), figure.layout.title.text
        assert [s for s in strings if PLOT_LEAKS.search(s)] == []


def test_markdown_views_show_the_datas_markup_as_text(hostile_tables) -> None:
    from alliance.geo import member_points

    t = hostile_tables
    row = t["universities"].set_index("id").loc["KAU"]
    points = member_points(t["universities"], t["locations"])
    hosts = t["universities"].set_index("id")["name"].to_dict()
    texts = [*university_card.facts(row, "en"), university_card.sources(row, "en"),
             key_dates_markdown(t["milestones"], "en"), members_by_wave(points, "fr"),
             host_text(t["universities"], "KAU", "en", hosts)]
    for text in texts:
        assert _leaks(text) == [], text
    facts = "\n".join(university_card.facts(row, "en"))
    assert "[https://www.kau.se/](<https://www.kau.se/>)" in facts


def test_activity_links_are_http_only(tables) -> None:
    activities = tables["activities"].copy()
    activities["url"] = ["javascript:alert(1)"] + ["https://a.eu/ https://b.eu/"] * (
        len(activities) - 1)
    prepared = prepare(activities, tables["universities"])
    shown = opportunities_table(prepared, "en", {})
    assert shown["url"].iloc[0] == ""  # no link made, shown blank
    assert shown["url"].iloc[1] == "https://a.eu/"
    first = activity_card(prepared.iloc[0], "en", {}).set_index(
        activity_card(prepared.iloc[0], "en", {}).columns[0])
    assert "](" not in first.loc["URL"].iloc[0]


def test_brief_html_escapes_every_text(hostile_tables, tables) -> None:
    t = hostile_tables
    identity = {"acronym": "<b>HT</b>", "name": HTML_PAYLOAD,
                "description": {"en": HTML_PAYLOAD}}
    html = brief_html(identity, summarise(t, TODAY), key_dates(t["milestones"], "en"),
                      members_table(t["universities"]), "en", TODAY, TODAY)
    assert "<b>HT" not in html and "<img" not in html and "<script" not in html
    assert "<a " not in html and "&lt;b&gt;HT" in html
