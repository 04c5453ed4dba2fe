"""The first visitor of a freshly started server sees the real app from the first paint."""

from __future__ import annotations

import contextlib
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from tests.browser.conftest import SCREENSHOTS, _serve, rerun_and_wait, wait_for_run
from tests.paths import FIXTURE_DATA

pytestmark = pytest.mark.browser
FILE_NAMES = ("dashboard", "data health", "shell", "atlas")


@contextlib.contextmanager
def _first_visitor(tmp_path: Path, browser) -> Iterator[tuple[object, Page]]:
    """A freshly started server on a copy of the fixtures, and a new visitor's tab."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    served = _serve(tmp_path, data)
    app = next(served)
    context = browser.new_context(locale="en-GB", viewport={"width": 1366, "height": 768})
    try:
        yield app, context.new_page()
    finally:
        context.close()
        next(served, None)  # stops the server


@pytest.mark.parametrize("address", ["/overview", "/"])
def test_a_fresh_server_shows_its_own_navigation_from_the_first_paint(
        tmp_path: Path, browser, address: str) -> None:
    """Someone opens a just-started server: every frame shows the app's links (never a list of
    file names), the Overview draws at that address, and no "Page not found" appears."""
    with _first_visitor(tmp_path, browser) as (app, page):
        page.goto(f"{app.url}{address}", wait_until="commit")
        frames, deadline = [], time.monotonic() + 60
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        while time.monotonic() < deadline:
            name = f"first-visit{address.replace('/', '-') or '-root'}-{len(frames):02d}.png"
            # Before the first paint Chromium may have no frame to capture yet; the check
            # below reads the page itself, so that moment is still examined.
            with contextlib.suppress(PlaywrightError):
                page.screenshot(path=str(SCREENSHOTS / name))
            automatic = page.get_by_test_id("stSidebarNav")
            listed = automatic.inner_text().lower() if automatic.count() else ""
            frames.append(listed)
            if page.locator(".js-plotly-plot .main-svg").count():
                break
            page.wait_for_timeout(500)  # the sampling interval of the film, not a wait
        assert page.locator(".js-plotly-plot .main-svg").count(), "no chart within 60 s"
        assert not [f for f in frames if any(n in f for n in FILE_NAMES)], frames
        wait_for_run(page)
        links = page.locator(".st-key-navigation")
        expect(links.get_by_text("Opportunities")).to_be_visible()
        expect(links.get_by_text("Data health")).to_be_visible()
        expect(page.get_by_text("Page not found")).to_have_count(0)
        expect(page.get_by_role("heading", level=1)).to_contain_text("EUNICE")


def test_a_first_visitors_switches_survive_their_first_click(tmp_path: Path, browser) -> None:
    """The first visitor of a fresh server opens a shared link with examples on, picks an
    audience: the examples switch stays on and stays in the address."""
    with _first_visitor(tmp_path, browser) as (app, page):
        page.goto(f"{app.url}/opportunities?examples=1&lang=en")
        wait_for_run(page)
        switch = page.get_by_role("switch", name="Show example activities")
        expect(switch).to_be_checked()
        page.get_by_test_id("stMultiSelect").filter(has_text="Audience").click()
        option = page.get_by_role("option", name=re.compile(r"^students \("))
        rerun_and_wait(page, option.click)
        page.keyboard.press("Escape")
        expect(page).to_have_url(re.compile(r"audience=students"))
        expect(page).to_have_url(re.compile(r"examples=1"))
        expect(switch).to_be_checked()
