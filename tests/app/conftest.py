"""Fixtures for AppTest: the real app on a copy of the bundled data, one app per scenario."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from tests.paths import FIXTURE_DATA

ROOT = Path(__file__).resolve().parents[2]
ENTRY = str(ROOT / "dashboard.py")


@pytest.fixture(autouse=True)
def steady_navigation(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every AppTest run as a served app runs after its first one, through the router.

    AppTest resets Streamlit's legacy multipage flag before every run, so each run would be
    a server's first (see ui/frame.py:run_inside_frame, which restarts that run through the
    router and which the browser tests cover on a fresh server); a clicked button would be
    spent on the restarted run.
    """
    original = PagesManager.__init__

    def init(self: PagesManager, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of data/ that the app reads, with its own last-valid store."""
    folder = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, folder)
    monkeypatch.setenv("ALLIANCE_DATA_DIR", str(folder))
    monkeypatch.setenv("ALLIANCE_STATE_DIR", str(tmp_path / "state"))
    return folder


def make_app(lang: str | None = None) -> AppTest:
    app = AppTest.from_file(ENTRY, default_timeout=60)
    if lang:
        app.query_params["lang"] = lang
    return app


def open_page(page: str, lang: str = "en", **query: str) -> AppTest:
    """The real app opened at `page` in `lang`, with `query` in its address."""
    app = make_app(lang)
    for name, value in query.items():
        app.query_params[name] = value
    app.run()
    app.switch_page(page).run()
    return app


def page_text(app: AppTest) -> str:
    """The prose a reader sees: Markdown, captions and headings."""
    parts = [m.value for m in app.markdown] + [c.value for c in app.caption]
    parts += [s.value for s in app.subheader] + [h.value for h in app.header]
    return "\n".join(parts)
