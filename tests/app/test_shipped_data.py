"""Every page renders on the shipped data/, whatever values analysts have committed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.conftest import make_app
from tests.paths import SHIPPED_DATA

PAGES = ("pages/overview.py", "pages/opportunities.py", "pages/map.py", "pages/timeline.py",
         "pages/meeting.py", "pages/data_health.py")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_page_renders_on_the_shipped_data(tmp_path: Path, lang: str,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """No exception, no error box and no stale-data banner on any page."""
    monkeypatch.setenv("ALLIANCE_DATA_DIR", str(SHIPPED_DATA))
    monkeypatch.setenv("ALLIANCE_STATE_DIR", str(tmp_path / "state"))
    app = make_app(lang).run()
    for page in PAGES:
        app.switch_page(page).run()
        assert not app.exception, page
        assert not app.error, (page, [e.value for e in app.error])
        assert not app.warning, (page, [w.value for w in app.warning])
        assert app.title or app.header or app.subheader, page
