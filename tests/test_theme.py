"""The theme in .streamlit/config.toml carries alliance.toml's colours."""

from __future__ import annotations

import tomllib

from alliance.theme import render_config
from tests.paths import REPO_ROOT, SHIPPED_DATA

CONFIG = REPO_ROOT / ".streamlit" / "config.toml"


def test_config_toml_carries_the_shipped_colours() -> None:
    """Fails when alliance.toml's colours change without `make theme`."""
    identity = tomllib.loads((SHIPPED_DATA / "alliance.toml").read_text(encoding="utf-8"))
    text = CONFIG.read_text(encoding="utf-8")
    assert render_config(text, identity) == text


def test_rendering_takes_every_colour_from_the_identity() -> None:
    identity = {"colors": {"primary": "#112233", "primary_dark": "#445566",
                           "palette": ["#000001", "#000002"]}}
    config = tomllib.loads(render_config(CONFIG.read_text(encoding="utf-8"), identity))
    assert config["theme"]["light"]["primaryColor"] == "#112233"
    assert config["theme"]["dark"]["primaryColor"] == "#445566"
    assert config["theme"]["chartCategoricalColors"] == ["#000001", "#000002"]
    assert config["server"]["enableXsrfProtection"] is True  # the rest is kept
