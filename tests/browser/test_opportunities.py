"""The Opportunities page in Chromium: filters in the URL, shared links, real downloads."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import _open, rerun_and_wait, screenshot, wait_for_run

pytestmark = pytest.mark.browser
WAIT = 30_000
SENTENCE = re.compile(r"^\d+ .*")


def _sentence(page) -> str:
    strong = page.get_by_test_id("stMarkdown").locator("strong").filter(has_text=SENTENCE)
    expect(strong.first).to_be_visible(timeout=WAIT)
    return strong.first.inner_text()


def test_filters_go_in_the_url_and_a_copied_link_shows_the_same_rows(served_app, tab,
                                                                      browser) -> None:
    """An adviser filters to students' opportunities open now, copies the link to a colleague."""
    page = tab.page
    page.goto(f"{served_app.url}/opportunities?examples=1&lang=en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Opportunities", timeout=WAIT)
    page.get_by_test_id("stMultiSelect").filter(has_text="Audience").click()
    page.get_by_role("option", name=re.compile(r"^students \(")).click()
    page.keyboard.press("Escape")
    page.get_by_text("Open for applications now").click()
    expect(page.get_by_text(re.compile(r"for students, open for applications now"))
           ).to_be_visible(timeout=WAIT)
    expect(page).to_have_url(re.compile(r"audience=students"), timeout=WAIT)
    expect(page).to_have_url(re.compile(r"window=open_now"), timeout=WAIT)
    sentence = _sentence(page)
    screenshot(page, "opportunities-filtered-en")

    colleague, context = _open(browser, "en-GB", 1280, 800)
    try:
        colleague.page.goto(page.url)
        expect(colleague.page.get_by_text(sentence, exact=True)).to_be_visible(timeout=WAIT)
        csv_here = _download(page, "CSV")
        csv_there = _download(colleague.page, "CSV")
        assert csv_here == csv_there
    finally:
        context.close()


def _download(page, label: str) -> bytes:
    with page.expect_download(timeout=WAIT) as info:
        page.get_by_test_id("stDownloadButton").filter(has_text=label).click()
    return Path(info.value.path()).read_bytes()


def test_downloads_read_back_with_neutralised_formulas(served_app, french_tab) -> None:
    """An analyst exports CSV and XLSX; a title starting with + cannot run as a formula."""
    page = french_tab.page
    activities = served_app.data / "activities.csv"
    good = activities.read_bytes()
    row = ("ZZ01,+40 mobility grants,students,study mobility,UPHF,on site,en,2027-09-01,"
           "2027-12-20,2027-05-31,30,,Illustrative example: grants,,true,"
           "https://eunice-university.eu/\n")
    activities.write_bytes(good + row.encode("utf-8"))
    try:
        page.goto(f"{served_app.url}/opportunities?examples=1&lang=fr&host=UPHF&q=grants")
        expect(page.get_by_text(re.compile(r"^1 activité"))).to_be_visible(timeout=WAIT)
        data = _download(page, "CSV")
        assert data.startswith(b"\xef\xbb\xbf")
        frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
        # In the reader's language by default: French headers and words.
        assert frame["Identifiant"].tolist() == ["ZZ01"]
        assert frame["Titre"][0] == "'+40 mobility grants"
        assert frame["ECTS"][0] == 30
        assert frame["Exemple (pas une activité réelle)"][0] == "oui"

        book = openpyxl.load_workbook(io.BytesIO(_download(page, "XLSX")))
        sheet = book.active
        header = [c.value for c in sheet[1]]
        title = sheet.cell(row=2, column=header.index("Titre") + 1)
        ects = sheet.cell(row=2, column=header.index("ECTS") + 1)
        assert title.value == "+40 mobility grants" and title.data_type == "s"
        assert title.quotePrefix  # kept as text without a visible apostrophe
        assert ects.value == 30 and ects.data_type == "n"

        # The analysts' choice: the stored codes, with semicolons for a European Excel.
        rerun_and_wait(page, page.get_by_text("Codes bruts (pour analystes)").click)
        rerun_and_wait(page, page.get_by_text("Points-virgules (Excel européen)").click)
        semicolon = _download(page, "CSV").decode("utf-8-sig")
        assert semicolon.splitlines()[0].startswith("id;title;")
        calendar = _download(page, ".ics").decode("utf-8")
        assert "DTSTART;VALUE=DATE:20270901" in calendar
        screenshot(page, "opportunities-export-fr")
    finally:
        activities.write_bytes(good)


def test_selecting_a_row_opens_its_card(served_app, tab) -> None:
    """A reader clicks a row and reads the activity's card with its host and similar ones."""
    page = tab.page
    page.goto(f"{served_app.url}/opportunities?examples=1&lang=en&kind=summer+school")
    expect(page.get_by_text(re.compile(r"^\d+ summer schools?"))).to_be_visible(timeout=WAIT)
    grid = page.get_by_test_id("stDataFrame")
    expect(grid).to_be_visible(timeout=WAIT)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    first_row = (box["x"] + 18, box["y"] + 35 + 18)  # the first row's selection cell
    page.mouse.move(*first_row)
    page.wait_for_timeout(300)
    page.mouse.click(*first_row)
    card = page.locator(".st-key-card")
    expect(card).to_be_visible(timeout=WAIT)
    expect(card.get_by_text("Similar activities")).to_be_visible()
    expect(card.get_by_text("Host university")).to_be_visible()
    screenshot(page, "opportunities-card-en")


def _facet(page, label: str, option: str) -> None:
    """Pick `option` (its label starts so) in the sidebar facet `label`, as a reader does."""
    box = page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").filter(
        has=page.get_by_text(label, exact=True))
    box.locator("input").click()
    page.keyboard.type(option)
    rerun_and_wait(page, page.get_by_role("option", name=re.compile(
        rf"^{re.escape(option)} \(", re.IGNORECASE)).first.click)
    page.keyboard.press("Escape")


def _chosen(page, label: str) -> str:
    """What the sidebar facet `label` shows: its label and its chips, in lower case."""
    box = page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").filter(
        has_text=label).first
    return box.inner_text().lower()


def test_filters_keep_working_through_a_sequence_of_clicks(served_app, tab) -> None:
    """Audience, Mode, "Running now", a search, the semicolon switch, one more facet: each
    facet keeps its value in the sidebar, the sentence and the address (issue 12)."""
    page = tab.page
    page.goto(f"{served_app.url}/opportunities?examples=1&lang=en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Opportunities", timeout=WAIT)
    wait_for_run(page)
    _facet(page, "Audience", "staff")
    _facet(page, "Mode", "online")
    rerun_and_wait(page, page.get_by_text("Running now").click)
    for step in range(2):
        expect(page).to_have_url(re.compile(r"audience=staff(&|$)"), timeout=WAIT)
        expect(page).to_have_url(re.compile(r"mode=online(&|$)"), timeout=WAIT)
        assert "staff (" in _chosen(page, "Audience")
        assert "online (" in _chosen(page, "Mode")
        assert "(" not in _sentence(page)
        assert "for staff" in _sentence(page).lower()
        if step == 0:
            search = page.get_by_test_id("stTextInput").locator("input")
            search.fill("a")
            rerun_and_wait(page, lambda s=search: s.press("Enter"))
    if page.get_by_text("Semicolons (European Excel)").count():
        rerun_and_wait(page, page.get_by_text("Semicolons (European Excel)").click)
        assert "staff (" in _chosen(page, "Audience")

    _facet(page, "Audience", "students")
    assert "students (" in _chosen(page, "Audience")
    assert "staff (" in _chosen(page, "Audience")
    expect(page).to_have_url(re.compile(r"audience=staff&audience=students"), timeout=WAIT)
    assert "(" not in _sentence(page)


def _two_filters(page) -> str:
    """Staff and online chosen in the sidebar; the sentence that says so."""
    _facet(page, "Audience", "staff")
    _facet(page, "Mode", "online")
    sentence = _sentence(page)
    assert "for staff, online" in sentence
    return sentence


def _same_filters(page, sentence: str) -> None:
    wait_for_run(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Opportunities", timeout=WAIT)
    assert _sentence(page) == sentence
    assert "staff (" in _chosen(page, "Audience")
    assert "online (" in _chosen(page, "Mode")
    expect(page).to_have_url(re.compile(r"audience=staff&mode=online"), timeout=WAIT)


def _opened_with_two_filters(page, url: str) -> str:
    """The Opportunities page opened, staff and online chosen; the sentence that says so."""
    page.goto(f"{url}/opportunities?examples=1&lang=en")
    wait_for_run(page)
    return _two_filters(page)


def _sidebar_link(page, name: str) -> None:
    rerun_and_wait(page, page.get_by_test_id("stSidebar").get_by_role(
        "link", name=name, exact=True).click)


def test_filters_survive_a_visit_to_the_overview_and_back(served_app, tab) -> None:
    """A manager sets two filters, opens the Overview, presses Back: same filters, same count."""
    page = tab.page
    sentence = _opened_with_two_filters(page, served_app.url)
    _sidebar_link(page, "Overview")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Opportunities",
                                                                  timeout=WAIT)
    page.go_back()
    _same_filters(page, sentence)


def test_filters_survive_a_round_trip_through_the_sidebar(served_app, tab) -> None:
    """A manager sets two filters, opens the Map, comes back by the sidebar: same filters."""
    page = tab.page
    sentence = _opened_with_two_filters(page, served_app.url)
    _sidebar_link(page, "Map")
    expect(page).not_to_have_url(re.compile(r"audience="), timeout=WAIT)
    _sidebar_link(page, "Opportunities")
    _same_filters(page, sentence)
