"""The Mobility page in Chromium, offline, on an imported synthetic sample."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from alliance.i18n import messages
from tests.browser.conftest import ServedApp, _serve, screenshot, wait_for_run
from tests.mobility_data import import_sample
from tests.paths import FIXTURE_DATA

pytestmark = pytest.mark.browser
WAIT = 60_000
DRAWN = 5_000  # characters of SVG path data that make real country shapes


@pytest.fixture(scope="module")
def mobility_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedApp]:
    """The app served on a copy of the fixture data with a synthetic sample imported."""
    base = tmp_path_factory.mktemp("mobility")
    data = base / "data"
    shutil.copytree(FIXTURE_DATA, data)
    import_sample(data, base / "sample", rows=3_000, files=3, first_year=2017)
    yield from _serve(base, data)


def _arcs(page) -> dict[str, int]:
    """Arcs (line traces with path data) and the countries' path data on the page's map."""
    return page.evaluate("""() => {
        const geo = document.querySelector('.js-plotly-plot .geo');
        if (!geo) return {arcs: 0, countries: 0};
        const arcs = Array.from(geo.querySelectorAll('.trace.scattergeo path.js-line'))
            .filter(p => (p.getAttribute('d') || '').length > 10).length;
        const countries = Array.from(geo.querySelectorAll('.layer.countries path'))
            .reduce((n, p) => n + (p.getAttribute('d') || '').length, 0);
        return {arcs, countries};
    }""")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_mobility_page_draws_arcs_offline(mobility_app, browser, lang: str) -> None:
    """A manager opens Mobility with no internet: figures, the synthetic banner and arcs
    between members on the map, in English and in French."""
    from tests.browser.conftest import _open

    offline, context = _open(browser, {"en": "en-GB", "fr": "fr-FR"}[lang], 1280, 900)
    try:
        page = offline.page
        page.goto(f"{mobility_app.url}/mobility?lang={lang}")
        words = messages(lang)
        expect(page.get_by_role("heading", level=1)).to_have_text(words["mobility.title"],
                                                                  timeout=WAIT)
        wait_for_run(page)
        page.wait_for_function(
            "() => { const p = document.querySelector('.js-plotly-plot .geo .layer.countries"
            f" path'); return p && (p.getAttribute('d') || '').length > {DRAWN}; }}",
            timeout=WAIT)
        page.wait_for_function(
            "() => document.querySelectorAll('.js-plotly-plot .geo .trace.scattergeo "
            "path.js-line').length > 0", timeout=WAIT)
        drawn = _arcs(page)
        assert drawn["arcs"] >= 10 and drawn["countries"] > DRAWN
        expect(page.get_by_test_id("stAlertContentWarning")).to_contain_text(
            words["mobility.synthetic"][:20])
        expect(page.get_by_test_id("stMetric")).to_have_count(3)
        expect(page.get_by_text(words["mobility.outside.out"])).to_be_visible()
        path = screenshot(page, f"mobility-{lang}")
        assert path.stat().st_size > 50_000
        assert offline.blocked == [] and offline.outside == []
    finally:
        context.close()
