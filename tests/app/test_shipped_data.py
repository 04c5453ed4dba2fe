"""Every page renders on the shipped data/, whatever values analysts have committed."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliance.i18n import LANGUAGES
from tests.app.conftest import make_app
from tests.paths import SHIPPED_DATA

PAGES = ("pages/overview.py", "pages/opportunities.py", "pages/map.py", "pages/timeline.py",
         "pages/mobility.py", "pages/progress.py", "pages/meeting.py", "pages/data_health.py")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_renders_on_the_shipped_data(tmp_path: Path, lang: str,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """No exception and no error on any page; warnings are allowed, as good data may have
    some (Data health shows an error, and every page a banner, only when a file has one)."""
    monkeypatch.setenv("ALLIANCE_DATA_DIR", str(SHIPPED_DATA))
    monkeypatch.setenv("ALLIANCE_STATE_DIR", str(tmp_path / "state"))
    app = make_app(lang).run()
    for page in PAGES:
        app.switch_page(page).run()
        assert not app.exception, page
        assert not app.error, (page, [e.value for e in app.error])
        assert app.title or app.header or app.subheader, page
