"""Every viewer page in Chromium on data full of markup: text stays text, nothing leaves.

The app is served on the folder of tests/hostile.py, where every free-text cell and every
alliance.toml string carries Markdown, directives, HTML and autolinks pointing at
evil.example. On each page (and the cards, tabs and slides) the drawn DOM must hold no image
or link made from the data (links only to the web addresses the data declares as such), no
bold, emphasis, code or math made from the data; and the browser must ask no host but the
app's own for anything, the tab icon included.
"""

from __future__ import annotations

import csv
from urllib.parse import urljoin, urlparse

import pytest
from playwright.sync_api import Page, expect

from alliance.schema import TABLES, URL
from alliance.text import web_addresses
from tests.browser.conftest import LOCAL_HOSTS, screenshot, wait_for_run
from tests.browser.test_app import WAIT
from tests.hostile import EVIL

pytestmark = pytest.mark.browser

# What the data's markup would become if it were drawn: an element holding just its marker.
MARKERS = {"b": "HB", "strong": "HB", "em": "HE", "i": "HE", "del": "HX", "s": "HX",
           "code": "HC"}
DOM = """() => {
  const attr = (e, ...names) => names.map(n => e.getAttribute(n)).find(v => v) || '';
  return {
    images: [...document.querySelectorAll('img, image')].map(
      e => attr(e, 'src', 'href', 'xlink:href')),
    links: [...document.querySelectorAll('a')].map(e => attr(e, 'href', 'xlink:href')),
    marked: [...document.querySelectorAll('b, strong, em, i, del, s, code')].map(
      e => [e.tagName.toLowerCase(), e.textContent.trim()]),
    math: document.querySelectorAll('.katex').length,
    scripts: [...document.querySelectorAll('script')].filter(
      e => e.textContent.includes('alert(1)')).length,
    icons: [...document.querySelectorAll('link[rel~="icon"]')].map(e => e.href),
  };
}"""


def _declared_addresses(folder) -> set[str]:
    """Every http(s) address of the columns the schema declares as web addresses."""
    found: set[str] = set()
    for table in TABLES:
        path = folder / table.file_name
        columns = [c.name for c in table.columns if c.kind == URL]
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                for name in columns:
                    found.update(web_addresses(row.get(name, "")))
    return found


def _local(url: str) -> bool:
    return url.startswith(("data:", "blob:")) or (urlparse(url).hostname or "") in LOCAL_HOSTS


def _leaks(page: Page, where: str, allowed: set[str]) -> list[str]:
    drawn = page.evaluate(DOM)
    found = []
    for src in drawn["images"]:
        url = urljoin(page.url, src)
        if not _local(url) or EVIL in src:
            found.append(f"{where}: image {src}")
    for href in drawn["links"]:
        url = urljoin(page.url, href)
        if EVIL in href or href.lower().startswith(("javascript:", "data:")) or (
                not _local(url) and url not in allowed):
            found.append(f"{where}: link {href}")
    found += [f"{where}: <{tag}>{text}" for tag, text in drawn["marked"]
              if MARKERS.get(tag) == text or text in ("HT", "HS")]
    if drawn["math"]:
        found.append(f"{where}: {drawn['math']} formula(s)")
    if drawn["scripts"]:
        found.append(f"{where}: a script from the data")
    found += [f"{where}: tab icon {icon}" for icon in drawn["icons"] if not _local(icon)]
    return found


def _charts(page: Page, count: int = 1) -> None:
    if count:
        expect(page.locator(".js-plotly-plot")).to_have_count(count, timeout=WAIT)
        page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=WAIT)


def test_no_page_draws_the_datas_markup_or_asks_another_host(hostile_app, tab) -> None:
    page = tab.page
    allowed = _declared_addresses(hostile_app.data)
    url = hostile_app.url
    found: list[str] = []

    def visit(where: str, address: str, charts: int = 0) -> None:
        page.goto(f"{url}/{address}")
        page.wait_for_selector('[data-testid="stMain"]', timeout=WAIT)
        wait_for_run(page)
        _charts(page, charts)
        found.extend(_leaks(page, where, allowed))

    visit("overview", "?lang=en", 1)
    text = page.get_by_test_id("stMain").inner_text()
    assert "**HB**" in text and "<b>HT</b>" in text, "the markup reads as text"
    assert "https://evil.example/bare" in text.replace("\u2060", "")
    screenshot(page, "hostile-overview")
    visit("overview-fr", "?lang=fr", 1)

    visit("opportunities", "opportunities?lang=en", 3)
    grid = page.get_by_test_id("stDataFrame")
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 18)  # the first row's selection cell
    expect(page.locator(".st-key-card")).to_be_visible(timeout=WAIT)
    # The declared web address (the row's source) is a link; the rest is text.
    expect(page.locator(".st-key-card a[href^='https://']").first).to_be_visible(timeout=WAIT)
    wait_for_run(page)
    found.extend(_leaks(page, "activity card", allowed))
    screenshot(page, "hostile-activity-card")

    visit("map", "map?lang=en", 1)
    page.get_by_test_id("stSelectbox").filter(has_text="University card").click()
    page.keyboard.type("Poznan")
    page.keyboard.press("Enter")
    card = page.locator(".st-key-card")
    expect(card).to_be_visible(timeout=WAIT)
    # Its tables (campuses, distances, activities) draw their escaped cells.
    expect(card.get_by_test_id("stTable").first.locator("td").first).to_be_visible(
        timeout=WAIT)
    expect(card.get_by_text("Poznań campus", exact=False).first).to_be_visible()
    wait_for_run(page)
    found.extend(_leaks(page, "map card", allowed))
    screenshot(page, "hostile-map-card")
    for name, charts in (("Distances between members", 1), ("Where activities happen", 2)):
        page.get_by_role("tab", name=name).click()
        wait_for_run(page)
        _charts(page, charts)
        found.extend(_leaks(page, name, allowed))

    visit("timeline", "timeline?lang=en&examples=1", 3)  # examples too: the Gantt
    for slide, charts in ((1, 0), (2, 1), (3, 1), (4, 1)):
        visit(f"meeting slide {slide}", f"meeting?lang=en&slide={slide}", charts)
    visit("data health", "data_health?lang=en")

    assert found == []
    assert tab.outside == [], "the pages asked other hosts"
    assert tab.blocked == []
