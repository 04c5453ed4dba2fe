"""axe-core finds no WCAG 2.1 A/AA violation on any page, in either language and in the light
and dark themes; every control can be reached with the keyboard."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import wait_for_run

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ("overview", "opportunities", "map", "timeline", "mobility", "progress", "meeting",
         "data_health", "editor")
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("name", PAGES)
def test_no_wcag_violation_on_any_page(served_app, tab, name: str, lang: str,
                                       scheme: str) -> None:
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: run `npm ci` (make test does)")
    page = tab.page
    page.emulate_media(color_scheme=scheme)  # Streamlit follows the reader's system theme
    # Examples shown: their markers (labels, the figures' "incl. n examples") are checked too.
    page.goto(f"{served_app.url}/{name}?lang={lang}&examples=1")
    wait_for_run(page)
    # Streamlit applies the reader's theme after its first paint: check the colours
    # readers get, not the light default of the first frames.
    page.wait_for_function(
        """(dark) => { const app = document.querySelector('[data-testid="stApp"]');
            const rgb = getComputedStyle(app).backgroundColor.match(/\\d+/g).map(Number);
            return (rgb[0] + rgb[1] + rgb[2] < 384) === dark; }""", arg=scheme == "dark")
    # The script's end is signalled a moment before the sidebar holds its page links; an
    # empty sidebar would be checked as a scrolling region with nothing to focus.
    page.wait_for_selector('[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]',
                           state="attached")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""([rules]) => axe.run(document, {runOnly: rules})
        .then(r => r.violations.map(v => [v.id, v.impact, v.nodes.length,
            v.nodes.slice(0, 3).map(n => n.target.join(' '))]))""",
                           [RULES])
    assert not result, result


def test_every_control_is_reachable_with_the_keyboard(served_app, tab) -> None:
    page = tab.page
    page.goto(f"{served_app.url}/overview?lang=en")
    wait_for_run(page)
    wanted = page.evaluate("""() => [...document.querySelectorAll(
        'main button, main a[href], main input, main select, main textarea, section button, '
        + 'section input, section a[href]')].filter(e => e.offsetParent !== null
        && !e.disabled && e.tabIndex >= 0).length""")
    seen = set()
    for _ in range(wanted * 3 + 20):
        page.keyboard.press("Tab")
        seen.add(page.evaluate("""() => { const e = document.activeElement;
            return e ? e.outerHTML.slice(0, 120) : ''; }"""))
    assert wanted > 0 and len(seen) >= wanted, (wanted, len(seen))
