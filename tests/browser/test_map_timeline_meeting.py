"""Map, timeline and meeting mode in Chromium with every request outside localhost blocked."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from alliance.dataset import load_dataset
from alliance.geo import centre, member_points
from alliance.maps import member_map
from alliance.meeting import standalone_html
from tests.browser.conftest import SCREENSHOTS, _open, screenshot, wait_for_run

pytestmark = pytest.mark.browser
WAIT = 30_000
# Length of the SVG path data a layer needs to be real geometry, not an empty frame.
DRAWN = 5_000


def _geometry(page) -> dict[str, int]:
    """Characters of path data per geo layer (land, countries, coastlines) of the first map."""
    return page.evaluate("""() => {
        const geo = document.querySelector('.js-plotly-plot .geo');
        const out = {};
        for (const name of ['land', 'countries', 'coastlines']) {
            out[name] = Array.from(geo ? geo.querySelectorAll(`.layer.${name} path`) : [])
                .reduce((n, p) => n + (p.getAttribute('d') || '').length, 0);
        }
        out.points = geo ? geo.querySelectorAll('.trace.scattergeo path.point').length : 0;
        return out;
    }""")




def _drawn(page) -> dict[str, int]:
    page.wait_for_function(
        "() => { const p = document.querySelector('.js-plotly-plot .geo .layer.countries path');"
        f" return p && (p.getAttribute('d') || '').length > {DRAWN}; }}", timeout=WAIT)
    return _geometry(page)


def test_map_draws_countries_offline(served_app, tab) -> None:
    """A manager opens the map with no internet: countries, coastlines and members all draw."""
    page = tab.page
    page.goto(f"{served_app.url}/map?lang=en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Where the alliance is",
                                                              timeout=WAIT)
    drawn = _drawn(page)
    assert drawn["land"] > DRAWN and drawn["countries"] > DRAWN and drawn["coastlines"] > DRAWN
    assert drawn["points"] >= 10
    assert not [url for url in tab.blocked if "topojson" in url or "plot.ly" in url]
    wait_for_run(page)
    page.get_by_test_id("stSelectbox").filter(has_text="University card").click()
    page.keyboard.type("Vaasa")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Vaasan yliopisto").first).to_be_visible(timeout=WAIT)
    wait_for_run(page)
    screenshot(page, "map-en")
    # The other tabs are built when opened: the distance heatmap and the activities map.
    page.get_by_role("tab", name="Distances between members").click()
    expect(page.get_by_text("Distance (one way)")).to_be_visible(timeout=WAIT)
    page.locator(".js-plotly-plot .heatmaplayer").first.wait_for(timeout=WAIT)
    wait_for_run(page)
    screenshot(page, "map-distances-en")
    page.get_by_role("tab", name="Where activities happen").click()
    expect(page.get_by_text("Distance (one way)")).to_be_hidden(timeout=WAIT)
    wait_for_run(page)
    expect(page.locator(".js-plotly-plot")).to_have_count(2, timeout=WAIT)
    expect(page.locator(".js-plotly-plot .bars path").first).to_be_attached(timeout=WAIT)
    assert _drawn(page)["countries"] > DRAWN
    screenshot(page, "map-activities-en")
    # Back on the members tab, the card chosen before is still open.
    page.get_by_role("tab", name="Members and campuses").click()
    expect(page.get_by_text("Vaasan yliopisto").first).to_be_visible(timeout=WAIT)


def test_exported_map_works_offline(served_app, tab, tmp_path) -> None:
    """The map saved in the meeting pack opens in a browser with no network and still draws."""
    data = load_dataset(served_app.data, tmp_path)
    points = member_points(data.tables["universities"], data.tables["locations"])
    html = standalone_html(member_map(points, data.tables["locations"], "fr", centre(points)),
                           "Carte", "fr")
    page = tab.page
    page.set_content(html, wait_until="load")
    drawn = _drawn(page)
    assert drawn["countries"] > DRAWN and drawn["points"] >= 10
    assert tab.blocked == []


def test_timeline_shows_2020_and_the_aisbl_milestone(served_app, french_tab) -> None:
    """A reader opens the timeline in French: it starts in 2020 and highlights the AISBL."""
    page = french_tab.page
    page.goto(f"{served_app.url}/timeline?lang=fr")
    plot = page.locator(".js-plotly-plot").first
    expect(plot.locator(".xtick text").first).to_have_text("2020", timeout=WAIT)
    expect(plot.locator(".annotation-text").filter(
        has_text="novembre 2022 · L'alliance devient une association internationale")
    ).to_be_visible(timeout=WAIT)
    expect(plot.locator(".annotation-text").filter(has_text="Aujourd'hui")).to_be_visible()
    wait_for_run(page)
    screenshot(page, "timeline-fr")


@pytest.mark.parametrize(("width", "height", "locale", "address"),
                         [(1280, 720, "en-GB", "/?present=1&lang=en"),
                          (1920, 1080, "fr-FR", "/meeting?lang=fr")])
def test_meeting_mode_on_a_projector(served_app, browser, width, height, locale,
                                     address) -> None:
    """A presenter opens meeting mode on a projector and moves on with the arrow keys and Next."""
    lang = address[-2:]
    offline, context = _open(browser, locale, width, height)
    page = offline.page
    try:
        page.goto(f"{served_app.url}{address}")
        position = "{} / 4"
        expect(page.get_by_text(position.format(1))).to_be_visible(timeout=WAIT)
        expect(page.get_by_test_id("stSidebar")).to_be_hidden()
        expect(page.get_by_test_id("stToolbar")).to_be_hidden()
        stamp = {"en": "Figures as of", "fr": "Chiffres d(e|u) "}[lang]
        for number in range(1, 5):
            expect(page.get_by_text(position.format(number))).to_be_visible(timeout=WAIT)
            expect(page.get_by_text(re.compile(stamp))).to_be_visible(timeout=WAIT)
            if number in (2, 3):
                page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=WAIT)
            if number == 2:
                _drawn(page)
            wait_for_run(page)
            page.wait_for_timeout(500)
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"meeting-{width}x{height}-{number}.png"))
            if number == 1:
                page.keyboard.press("ArrowRight")
            elif number == 2:
                next_label = {"en": "Next", "fr": "Suivante"}[lang]
                page.get_by_role("button", name=re.compile(next_label)).click()
            elif number == 3:
                page.keyboard.press("ArrowRight")
        expect(page).to_have_url(re.compile(r"/meeting\?.*slide=4"))
        page.keyboard.press("ArrowLeft")
        expect(page.get_by_text(position.format(3))).to_be_visible(timeout=WAIT)
        font = page.evaluate("() => parseFloat(getComputedStyle(document.documentElement)"
                             ".fontSize)")
        assert font >= 17
        assert offline.blocked == [] or all("fonts" in u for u in offline.blocked)
    finally:
        context.close()
