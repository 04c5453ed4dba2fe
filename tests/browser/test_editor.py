"""The Edit data page in Chromium: upload, review, fix in the grid, save, see it, restore."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil

import pytest
from playwright.sync_api import Page, expect

from alliance.schema import ACTIVITIES
from tests.browser.conftest import PASSWORD, rerun_and_wait, screenshot, wait_for_run

pytestmark = pytest.mark.browser
WAIT = 30_000
TITLE = "Browser-tested autumn school on open data"




def _choose_table(page: Page, file_name: str) -> None:
    wait_for_run(page)  # a list opened while the page still runs closes when it redraws
    picker = page.get_by_role("combobox", name="Table")
    expect(picker).to_be_visible(timeout=WAIT)
    if picker.input_value() != file_name:
        picker.click()
        page.get_by_role("option", name=file_name).click()
    expect(picker).to_have_value(file_name, timeout=WAIT)


def _click_first_row(page: Page, header: str, x: int) -> None:
    """Click a cell of the first row of the grid whose header shows `header`, `x` pixels
    from its left edge (the header row is 35 px high, a row 34)."""
    canvas = page.get_by_test_id("stDataFrame").filter(has_text=header).get_by_test_id(
        "data-grid-canvas")
    expect(canvas).to_be_visible(timeout=WAIT)
    wait_for_run(page)
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + x, box["y"] + 35 + 17)


def _go_to_new_row(page: Page, column: int) -> None:
    """From a cell of the last row, or from the trailing "add a row" line where a commit
    leaves the selection, go to `column` of the last row (glide counts its row markers as
    column 0). The accessibility table lags behind the selection, so keys go blind here and
    the callers check the cell's editor instead."""
    page.keyboard.press("Control+ArrowDown")
    page.keyboard.press("Home")
    for _ in range(column - 1):
        page.keyboard.press("ArrowRight")


def _upload(rows: list[dict[str, str]], new: dict[str, str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerow(new)
    return buffer.getvalue().encode("utf-8")


def test_an_upload_is_fixed_in_the_grid_saved_and_restored(served_app, tab) -> None:
    """An editor fixes an upload's 3 mistakes in the grid, saves, sees it, then restores."""
    page = tab.page
    activities = served_app.data / "activities.csv"
    good = activities.read_bytes()
    history = served_app.data / ".history"
    had_history = history.exists()
    with activities.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    today = dt.date.today()
    start, apply_by = today + dt.timedelta(days=2), today + dt.timedelta(days=1)
    columns = list(ACTIVITIES.column_names)  # the grid shows every declared column, in order
    # A published row (not an example), so the Overview lists it without the examples switch.
    new = dict(rows[-1], id="A999", title=TITLE, audience="pupils", ects="61",
               start=start.isoformat(), end=today.isoformat(), apply_by=apply_by.isoformat(),
               illustrative="false", description="An autumn school the browser test adds.",
               source="https://eunice-university.eu/peer-ir-schoool/")
    line = 2  # the uploaded file's own line (header, then the new row), not the table's
    try:
        page.goto(f"{served_app.url}/editor?lang=en")
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to edit the data",
                                                                  timeout=WAIT)
        page.get_by_label("Editor password").fill(PASSWORD)
        page.get_by_role("button", name="Unlock editing").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Edit data", timeout=WAIT)

        _choose_table(page, "activities.csv")
        # Each choice reruns the page; a file given to the uploader mid-run can be dropped.
        rerun_and_wait(page, page.get_by_test_id("stRadio").get_by_text("Upload a file").click)
        rerun_and_wait(page, page.get_by_text("are added to the table").click)
        page.get_by_test_id("stFileUploader").filter(has_text="CSV or Excel file").locator(
            'input[type="file"]').set_input_files(
            files=[{"name": "new-activity.csv", "mimeType": "text/csv",
                    "buffer": _upload(rows, new)}])
        expect(page.get_by_text("3 problem(s) to fix before saving")).to_be_visible(
            timeout=WAIT)
        problems = page.get_by_test_id("stDataFrame").filter(has_text="What is wrong")
        cells = problems.locator('td[role="gridcell"]')
        expect(cells).to_have_count(3 * 5, timeout=WAIT)
        table = [cells.nth(i).inner_text() for i in range(15)]
        found = {(table[i + 1], table[i + 2]) for i in range(0, 15, 5)}
        assert found == {(str(line), "audience"), (str(line), "end"), (str(line), "ects")}
        expect(page.get_by_role("button", name="Save")).to_be_disabled()
        screenshot(page, "editor-review-3-problems")

        page.get_by_role("button", name="Fix these rows in the grid").click()
        _click_first_row(page, "audience *", 300)
        overlay = page.get_by_test_id("portal").locator('[id^="gdg-overlay"]')
        for attempt in range(3):  # the select box commits a moment after its list closes
            _go_to_new_row(page, columns.index("audience") + 1)
            page.keyboard.press("Enter")  # opens the select box's list of allowed values
            expect(page.get_by_role("option", name="researchers")).to_be_visible(timeout=WAIT)
            page.keyboard.type("students")
            page.keyboard.press("Enter")
            expect(overlay).to_have_count(0, timeout=WAIT)  # the cell's editor closed
            try:
                expect(page.get_by_text("2 problem(s) to fix before saving")).to_be_visible(
                    timeout=8_000)
                break
            except AssertionError:
                if attempt == 2:
                    raise
        editor = overlay.locator("textarea")
        for column, old, value, left in (("end", today.isoformat(),
                                          (start + dt.timedelta(days=30)).isoformat(), 1),
                                         ("ects", "61", "5", 0)):
            _go_to_new_row(page, columns.index(column) + 1)
            page.keyboard.press("Enter")  # opens the cell's editor: check it is the right one
            expect(editor).to_have_value(old, timeout=WAIT)
            editor.fill(value)
            editor.press("Enter")
            expect(overlay).to_have_count(0, timeout=WAIT)
            if left:
                expect(page.get_by_text(f"{left} problem(s) to fix before saving")
                       ).to_be_visible(timeout=WAIT)
        expect(page.get_by_text("The whole data folder is valid with this change.")
               ).to_be_visible(timeout=WAIT)
        wait_for_run(page)  # until the run ends, the diff drawn before the last fix is still shown
        expect(page.get_by_text("1 row(s) added, 0 changed, 0 removed.")).to_be_visible()
        screenshot(page, "editor-grid-fixed")

        page.get_by_label("Why (kept in the history)").fill("New autumn school")
        page.keyboard.press("Enter")
        save = page.get_by_role("button", name="Save")
        expect(save).to_be_enabled(timeout=WAIT)
        save.click()
        expect(page.get_by_text(re.compile(r"^Saved activities\.csv"))).to_be_visible(
            timeout=WAIT)
        saved = {r["id"]: r for r in csv.DictReader(io.StringIO(activities.read_text("utf-8")))}
        assert (saved["A999"]["audience"], saved["A999"]["end"], saved["A999"]["ects"]) == (
            "students", (start + dt.timedelta(days=30)).isoformat(), "5")

        nav = page.locator(".st-key-navigation")
        nav.get_by_text("Overview").click()
        expect(page.get_by_role("heading", name="Next opportunities")).to_be_visible(
            timeout=WAIT)
        expect(page.get_by_test_id("stTable").get_by_text(TITLE)).to_be_visible(timeout=WAIT)

        nav.get_by_text("Edit data").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Edit data", timeout=WAIT)
        _choose_table(page, "activities.csv")
        page.get_by_test_id("stRadio").get_by_text("History").click()
        pick = page.get_by_test_id("stSelectbox").filter(has_text="Version to compare")
        expect(pick).to_be_visible(timeout=WAIT)
        pick.click()
        page.get_by_role("option", name=re.compile(r"before the save of .* by local editor")
                         ).first.click()
        expect(page.get_by_text("0 row(s) added, 0 changed, 1 removed.")).to_be_visible(
            timeout=WAIT)
        page.get_by_label("Why (kept in the history)").fill("Not confirmed yet")
        page.keyboard.press("Enter")
        restore = page.get_by_role("button", name="Restore this version")
        expect(restore).to_be_enabled(timeout=WAIT)
        screenshot(page, "editor-history")
        restore.click()
        expect(page.get_by_text(re.compile(r"^Restored activities\.csv"))).to_be_visible(
            timeout=WAIT)
        assert activities.read_bytes() == good

        nav.get_by_text("Overview").click()
        expect(page.get_by_role("heading", name="Next opportunities")).to_be_visible(
            timeout=WAIT)
        wait_for_run(page)
        expect(page.get_by_test_id("stTable").first).to_be_visible()
        expect(page.get_by_text(TITLE)).to_have_count(0)
    finally:
        activities.write_bytes(good)
        if not had_history:
            shutil.rmtree(history, ignore_errors=True)


def test_an_edit_typed_in_the_grid_is_kept_while_the_page_reruns(served_app, tab) -> None:
    """An editor changes a cell of the table as it is (no upload, no draft): the change
    survives the reruns that follow (the review, typing a reason) until it is saved."""
    page = tab.page
    projects = served_app.data / "projects.csv"
    good = projects.read_bytes()
    try:
        page.goto(f"{served_app.url}/editor?lang=en")
        page.get_by_label("Editor password").fill(PASSWORD)
        page.get_by_role("button", name="Unlock editing").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Edit data", timeout=WAIT)
        _choose_table(page, "projects.csv")
        _click_first_row(page, "programme", 60)
        page.keyboard.press("Home")
        page.keyboard.press("ArrowRight")  # its name
        page.keyboard.press("Enter")
        editor = page.get_by_test_id("portal").locator('[id^="gdg-overlay"] textarea')
        expect(editor).to_have_value("EUNICE pilot alliance project", timeout=WAIT)
        editor.fill("EUNICE pilot alliance project, first phase")
        editor.press("Enter")
        changed = page.get_by_text("0 row(s) added, 1 changed, 0 removed.")
        expect(changed).to_be_visible(timeout=WAIT)
        page.get_by_label("Why (kept in the history)").fill("Clearer name")
        page.keyboard.press("Enter")
        expect(page.get_by_role("button", name="Save")).to_be_enabled(timeout=WAIT)
        wait_for_run(page)
        expect(changed).to_be_visible()
        assert projects.read_bytes() == good  # nothing is written before Save
    finally:
        projects.write_bytes(good)


def test_a_grid_edit_survives_another_editors_save_and_is_reapplied(served_app, tab) -> None:
    """An editor changes a cell; someone else saves the table meanwhile; the edit stays in
    the grid, the page says who saved, and the editor reapplies it on the new version."""
    from alliance import store

    page = tab.page
    projects = served_app.data / "projects.csv"
    good = projects.read_bytes()
    history = served_app.data / ".history"
    had_history = history.exists()
    try:
        page.goto(f"{served_app.url}/editor?lang=en")
        page.get_by_label("Editor password").fill(PASSWORD)
        page.get_by_role("button", name="Unlock editing").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Edit data", timeout=WAIT)
        _choose_table(page, "projects.csv")
        _click_first_row(page, "programme", 60)
        page.keyboard.press("Home")
        page.keyboard.press("ArrowRight")  # its name
        page.keyboard.press("Enter")
        editor = page.get_by_test_id("portal").locator('[id^="gdg-overlay"] textarea')
        expect(editor).to_have_value("EUNICE pilot alliance project", timeout=WAIT)
        editor.fill("Mine: first phase")
        editor.press("Enter")
        changed = page.get_by_text("0 row(s) added, 1 changed, 0 removed.")
        expect(changed).to_be_visible(timeout=WAIT)
        wait_for_run(page)

        cells, version = store.current(served_app.data, "projects")  # another editor saves
        theirs = cells.copy()
        theirs.loc[1, "name"] = "Theirs: second project"
        store.save(served_app.data, "projects", theirs, base=version, who="Alice",
                   reason="theirs", check_access=lambda: None)

        page.get_by_label("Why (kept in the history)").fill("Mine")
        page.keyboard.press("Enter")  # any rerun
        expect(page.get_by_text(re.compile(r"by Alice.*kept below"))).to_be_visible(
            timeout=WAIT)
        wait_for_run(page)
        expect(changed).to_be_visible()
        expect(page.get_by_role("button", name="Save", exact=True)).to_be_disabled()
        screenshot(page, "editor-draft-kept-after-another-save")
        page.get_by_role("button", name="Reapply my changes on the new version").click()
        expect(page.get_by_text("Your changes were applied")).to_be_visible(timeout=WAIT)
        wait_for_run(page)
        expect(changed).to_be_visible(timeout=WAIT)
        expect(page.get_by_text(re.compile(r"by Alice"))).to_have_count(0)
        page.get_by_label("Why (kept in the history)").fill("Mine, on theirs")
        page.keyboard.press("Enter")
        save = page.get_by_role("button", name="Save", exact=True)
        expect(save).to_be_enabled(timeout=WAIT)
        save.click()
        expect(page.get_by_text(re.compile(r"^Saved projects\.csv"))).to_be_visible(
            timeout=WAIT)
        saved = list(csv.DictReader(io.StringIO(projects.read_text("utf-8"))))
        assert (saved[0]["name"], saved[1]["name"]) == ("Mine: first phase",
                                                        "Theirs: second project")
    finally:
        projects.write_bytes(good)
        if not had_history:
            shutil.rmtree(history, ignore_errors=True)
