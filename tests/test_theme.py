"""alliance.toml's colours feed the theme in .streamlit/config.toml, the charts and the packs."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import plotly.graph_objects as go
import pytest

from alliance.__main__ import main
from alliance.theme import DEFAULT, PALETTE, THEME_COMMAND, colors, recoloured, render_config
from tests.paths import FIXTURE_DATA, REPO_ROOT, SHIPPED_DATA

CONFIG = REPO_ROOT / ".streamlit" / "config.toml"


def test_config_toml_is_what_the_theme_command_writes_from_the_shipped_data(
        tmp_path: Path) -> None:
    """Holds for any good alliance.toml, once the analyst has run the theme command."""
    written = tmp_path / "config.toml"
    shutil.copy(CONFIG, written)
    assert main(["theme", str(SHIPPED_DATA), "--config", str(written)]) == 0
    assert written.read_text(encoding="utf-8") == CONFIG.read_text(encoding="utf-8"), (
        f"data/alliance.toml's colours are not in .streamlit/config.toml: run {THEME_COMMAND}")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, copy)
    return copy


def _recolour(folder: Path, old: str, new: str) -> None:
    identity = folder / "alliance.toml"
    text = identity.read_text(encoding="utf-8")
    assert old in text
    identity.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_theme_command_writes_edited_colours_and_check_says_when_to_run_it(
        folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "config.toml"
    shutil.copy(CONFIG, config)
    _recolour(folder, 'primary = "#0B2E6F"', 'primary = "#123456"')
    assert main(["theme", str(folder), "--config", str(config), "--check"]) == 1
    assert THEME_COMMAND in capsys.readouterr().err
    assert main(["theme", str(folder), "--config", str(config)]) == 0
    written = tomllib.loads(config.read_text(encoding="utf-8"))
    assert written["theme"]["light"]["primaryColor"] == "#123456"
    assert written["server"]["enableXsrfProtection"] is True  # the rest is kept
    assert main(["theme", str(folder), "--config", str(config), "--check"]) == 0


def test_the_theme_command_refuses_an_alliance_toml_with_errors(
        folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "config.toml"
    shutil.copy(CONFIG, config)
    _recolour(folder, 'primary = "#0B2E6F"', "primary = 12")
    assert main(["theme", str(folder), "--config", str(config)]) == 1
    assert "alliance.toml:" in capsys.readouterr().out
    assert config.read_bytes() == CONFIG.read_bytes()
    assert main(["theme", str(tmp_path / "nowhere"), "--config", str(config)]) == 2


def test_rendering_takes_every_colour_from_the_identity() -> None:
    identity = {"colors": {"primary": "#112233", "primary_dark": "#445566",
                           "palette": ["#000001", "#000002"]}}
    config = tomllib.loads(render_config(CONFIG.read_text(encoding="utf-8"), identity))
    assert config["theme"]["light"]["primaryColor"] == "#112233"
    assert config["theme"]["dark"]["primaryColor"] == "#445566"
    assert config["theme"]["chartCategoricalColors"] == ["#000001", "#000002"]
    assert config["theme"]["light"]["textColor"] == DEFAULT.text  # not declared: the default
    assert config["server"]["enableXsrfProtection"] is True  # the rest is kept


@pytest.mark.parametrize(("declared", "expected"), [
    ({}, DEFAULT),
    ({"colors": "red"}, DEFAULT),
    ({"colors": {"primary": "navy", "palette": []}}, DEFAULT),
    ({"colors": {"accent": "#ABCDEF"}}, DEFAULT.__class__(accent="#ABCDEF")),
    ({"colors": {"palette": ["#111111", "#222222"]}},
     DEFAULT.__class__(palette=("#111111", "#222222"))),
])
def test_colours_fall_back_to_the_declared_defaults(declared: dict, expected: object) -> None:
    assert colors(declared) == expected


def test_the_default_palette_is_okabe_ito() -> None:
    """Colour-blind safe unless an alliance declares otherwise."""
    assert PALETTE == ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
                       "#F0E442", "#000000")


def test_figures_take_the_declared_palette_position_for_position() -> None:
    figure = go.Figure()
    figure.add_bar(x=[1], y=[1], marker_color=PALETTE[0])
    figure.add_scatter(x=[1], y=[1], line={"color": PALETTE[5].lower()})
    figure.add_scatter(x=[1], y=[1], marker_color="#8C96A3")  # not a palette colour: kept
    assert recoloured(figure, PALETTE) is figure  # the default palette costs nothing
    drawn = recoloured(figure, ("#111111", "#222222"))
    assert drawn.data[0].marker.color == "#111111"
    assert drawn.data[1].line.color == "#222222"  # position 5 of a palette of 2
    assert drawn.data[2].marker.color == "#8C96A3"
    assert figure.data[0].marker.color == PALETTE[0]  # the cached figure is not changed

