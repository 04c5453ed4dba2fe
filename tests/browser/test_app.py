"""The served app in Chromium, with every request outside localhost blocked."""

from __future__ import annotations

import csv
import re

import pytest
from playwright.sync_api import expect

from alliance.dataset import DATA_FILES
from tests.browser.conftest import screenshot, wait_for_run

pytestmark = pytest.mark.browser
WAIT = 30_000




def test_a_shared_link_to_a_page_opens_it_inside_the_frame(served_app, french_tab) -> None:
    """Someone opens a link to Data health on a just-started server: the French page, with
    its navigation and language switch, and no "Page not found" dialog.

    This is the first test of the session, so the app serves its very first run here.
    """
    page = french_tab.page
    page.goto(f"{served_app.url}/data_health?lang=fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Santé des données",
                                                              timeout=WAIT)
    expect(page.locator(".st-key-navigation").get_by_text("Vue d'ensemble")).to_be_visible()
    expect(page.get_by_test_id("stSidebar").get_by_text("Français")).to_be_visible()
    wait_for_run(page)
    expect(page.get_by_text("Page not found")).to_have_count(0)


def test_overview_in_english(served_app, tab) -> None:
    """A manager opens the dashboard and sees the alliance at a glance, with its chart."""
    page = tab.page
    page.goto(f"{served_app.url}/?lang=en")
    expect(page.get_by_role("heading", level=1)).to_contain_text("EUNICE", timeout=WAIT)
    with (served_app.data / "universities.csv").open(encoding="utf-8") as handle:
        members = len(list(csv.DictReader(handle)))
    metric = page.get_by_test_id("stMetric").filter(has_text="Member universities")
    expect(metric).to_contain_text(str(members))
    expect(page.locator(".js-plotly-plot .bars path").first).to_be_visible(timeout=WAIT)
    expect(page.get_by_text("Key dates")).to_be_visible()
    wait_for_run(page)
    screenshot(page, "overview-en")


def test_browser_in_french_gets_french(served_app, french_tab) -> None:
    """Someone whose browser speaks French gets the French dashboard and a link that says so."""
    page = french_tab.page
    page.goto(served_app.url)
    expect(page.get_by_test_id("stMetric").filter(has_text="Universités membres")
           ).to_be_visible(timeout=WAIT)
    expect(page).to_have_url(re.compile(r"lang=fr"), timeout=WAIT)
    wait_for_run(page)
    screenshot(page, "overview-fr")


def test_language_switch_survives_page_change_and_reload(served_app, tab) -> None:
    """A reader switches to French, moves to Data health and reloads: still French."""
    page = tab.page
    page.goto(served_app.url)
    expect(page.get_by_text("Member universities")).to_be_visible(timeout=WAIT)
    page.get_by_test_id("stSidebar").get_by_text("Français").click()
    expect(page.get_by_text("Universités membres")).to_be_visible(timeout=WAIT)
    expect(page).to_have_url(re.compile(r"lang=fr"), timeout=WAIT)
    page.locator(".st-key-navigation").get_by_text("Santé des données").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Santé des données",
                                                              timeout=WAIT)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Santé des données",
                                                              timeout=WAIT)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_data_health_on_clean_data(served_app, tab, lang: str) -> None:
    """An analyst opens Data health on clean data and sees every file valid."""
    page = tab.page
    page.goto(f"{served_app.url}/data_health?lang={lang}")
    expected = {"en": f"All {len(DATA_FILES)} files are valid",
                "fr": f"Les {len(DATA_FILES)} fichiers sont valides"}[lang]
    expect(page.get_by_text(expected)).to_be_visible(timeout=WAIT)
    wait_for_run(page)
    screenshot(page, f"data-health-{lang}")


def test_a_bad_save_is_reported_and_the_last_good_data_stays(served_app, tab) -> None:
    """An analyst saves a bad activities.csv: pages keep the last valid rows and point to line 4."""
    page = tab.page
    activities = served_app.data / "activities.csv"
    good = activities.read_bytes()
    page.goto(f"{served_app.url}/?lang=en")
    expect(page.get_by_text("Member universities")).to_be_visible(timeout=WAIT)
    lines = good.decode("utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace(",students,", ",pupils,", 1)
    try:
        activities.write_bytes("".join(lines).encode("utf-8"))
        page.reload()
        banner = page.get_by_text("activities.csv has 1 problem(s)")
        expect(banner).to_be_visible(timeout=WAIT)
        expect(page.get_by_text("Member universities")).to_be_visible()
        wait_for_run(page)
        screenshot(page, "overview-stale-banner")
        page.get_by_text("See what to fix").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Data health", timeout=WAIT)
        expect(page.get_by_text("1 error(s)")).to_be_visible(timeout=WAIT)
        grid = page.get_by_test_id("stDataFrame").nth(1)
        expect(grid).to_be_visible()
        wait_for_run(page)
        screenshot(page, "data-health-problem")
    finally:
        activities.write_bytes(good)
    page.reload()
    expect(page.get_by_text(f"All {len(DATA_FILES)} files are valid")).to_be_visible(timeout=WAIT)
