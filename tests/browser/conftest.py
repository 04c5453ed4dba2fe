"""One served app and one Chromium for all browser tests; requests off localhost are blocked."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from alliance.access import hash_password
from tests.paths import FIXTURE_DATA

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("ALLIANCE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
PASSWORD = "correct horse battery staple"  # the served app's local editor password


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServedApp:
    """The real app served as `make run` serves it, on a private copy of the bundled data."""

    def __init__(self, url: str, data: Path) -> None:
        self.url = url
        self.data = data


@pytest.fixture(scope="session")
def served_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedApp]:
    base = tmp_path_factory.mktemp("served")
    data = base / "data"
    shutil.copytree(FIXTURE_DATA, data)
    yield from _serve(base, data)


@pytest.fixture(scope="session")
def hostile_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedApp]:
    """The app served on data whose every text carries markup (see tests/hostile.py)."""
    from tests.hostile import make_hostile_folder

    base = tmp_path_factory.mktemp("hostile")
    yield from _serve(base, make_hostile_folder(FIXTURE_DATA, base / "data"))


def _serve(base: Path, data: Path) -> Iterator[ServedApp]:
    """The app's launcher (`python -m ui.serve`, as `make run`) on `data`, until the session
    ends."""
    secrets = base / "secrets.toml"  # turns the Edit data page on, with a local password
    secrets.write_text(f'[editors]\npassword_hash = "{hash_password(PASSWORD, iterations=1000)}"\n',
                       encoding="utf-8")
    port = _free_port()
    env = {**os.environ, "ALLIANCE_DATA_DIR": str(data),
           "ALLIANCE_STATE_DIR": str(base / "state")}
    log = (base / "server.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "ui.serve",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--secrets.files", str(secrets)],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    break
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            pytest.fail(f"the app did not start; see {base / 'server.log'}")
        time.sleep(0.3)
    yield ServedApp(url, data)
    server.terminate()
    server.wait(timeout=20)
    log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        message = (f"Chromium not found at {CHROMIUM}: install Debian's package "
                   "(apt-get install chromium) or set ALLIANCE_CHROMIUM")
        if os.environ.get("ALLIANCE_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class OfflinePage:
    """A browser tab where every request that leaves localhost is refused and remembered.

    `blocked` lists the refused requests; `outside` every request the page tried to send
    off localhost, routed or not (a favicon, a font, a tracking pixel).
    """

    def __init__(self, page: Page) -> None:
        self.page = page
        self.blocked: list[str] = []
        self.outside: list[str] = []


def _open(browser: Browser, locale: str, width: int, height: int) -> tuple[OfflinePage, object]:
    context = browser.new_context(locale=locale, viewport={"width": width, "height": height})
    page = context.new_page()
    offline = OfflinePage(page)

    def route(request_route, request) -> None:
        host = urlparse(request.url).hostname or ""
        if host in LOCAL_HOSTS or request.url.startswith(("data:", "blob:")):
            request_route.continue_()
        else:
            offline.blocked.append(request.url)
            request_route.abort()

    context.route("**/*", route)

    def record(request) -> None:
        host = urlparse(request.url).hostname or ""
        if host not in LOCAL_HOSTS and not request.url.startswith(("data:", "blob:")):
            offline.outside.append(request.url)

    context.on("request", record)
    return offline, context


@pytest.fixture
def tab(browser: Browser) -> Iterator[OfflinePage]:
    """An English-speaking browser tab at 1280x800."""
    offline, context = _open(browser, "en-GB", 1280, 800)
    yield offline
    context.close()


@pytest.fixture
def french_tab(browser: Browser) -> Iterator[OfflinePage]:
    """A browser tab whose language is French."""
    offline, context = _open(browser, "fr-FR", 1280, 800)
    yield offline
    context.close()


def wait_for_run(page: Page, timeout: float = 60_000) -> None:
    """Wait until the app is connected and its script has finished running.

    As Streamlit's own end-to-end tests do: on the state attributes the app root carries
    (`data-test-connection-state`, `data-test-script-state`), never on visible words. A run
    that a widget triggers starts asynchronously, so the wait first lets the browser send it.
    """
    page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]',
                           timeout=timeout)
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            return app && app.getAttribute('data-test-script-state') === 'notRunning';
        }""", timeout=timeout)


def rerun_and_wait(page: Page, action: Callable[[], object], timeout: float = 60_000) -> None:
    """Do `action` (a click, a key) and wait for the run it starts to finish.

    Watching the script-state attribute change, rather than reading it once, means a wait
    that starts before the browser has sent the rerun cannot pass early. The page must be
    idle first: an action taken during an earlier run folds into that run, the attribute
    never leaves "running", and no change would be seen.
    """
    wait_for_run(page, timeout)
    # Every change of the attribute is a run starting or ending, so each record counts, read
    # from the records themselves: by the time the callback runs, a quick run may be over.
    # The whole document is watched, in case a page switch mounts a new app root.
    page.evaluate("""() => {
        window.__allianceRuns = 0;
        new MutationObserver((records) => { window.__allianceRuns += records.length; })
            .observe(document.body, {attributes: true, subtree: true,
                                     attributeFilter: ['data-test-script-state']});
    }""")
    action()
    page.wait_for_function(
        """() => window.__allianceRuns > 0 && document.querySelector('[data-testid="stApp"]')
            .getAttribute('data-test-script-state') === 'notRunning'""", timeout=timeout)


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot under artifacts/screenshots/ for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    size = page.viewport_size or {"width": 1280, "height": 800}
    # Streamlit scrolls inside its own container, so grow the window to capture the page.
    height = page.evaluate(
        "() => Math.max(...Array.from(document.querySelectorAll('section, div'))"
        ".map(e => e.scrollHeight))")
    page.set_viewport_size({"width": size["width"], "height": min(int(height) + 40, 4000)})
    page.wait_for_timeout(400)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)
    return path
