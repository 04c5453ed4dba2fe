"""The alliance's colours, in one place: the declared defaults, what alliance.toml says, and
the theme of .streamlit/config.toml, the charts and the packs drawn from them.

Streamlit reads its theme only from `.streamlit/config.toml` at start, so the colours declared
in alliance.toml are written there by `python -m alliance theme` (`make theme`), as the data
dictionary is written from the schema; a test fails when the two differ. Chart builders name
their colours by position in the default palette (`PALETTE[0]`, `HIGHLIGHT`); `recoloured`
puts alliance.toml's palette in their place, position for position, where figures are drawn.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from alliance.identity import COLOR

CONFIG_FILE = ".streamlit/config.toml"
THEME_COMMAND = "python -m alliance theme (make theme)"


@dataclass(frozen=True)
class Colors:
    """The colours of alliance.toml's [colors], each key of its schema (alliance/identity.py)."""

    primary: str = "#0B2E6F"
    primary_dark: str = "#8DB3F5"
    # Body text; captions show it at 60 % and must still reach 4.5:1 (WCAG AA).
    text: str = "#101318"
    # Inline code: Streamlit's default green is below 4.5:1.
    code_text: str = "#0B5D1E"
    accent: str = "#F2A900"
    # Okabe and Ito's palette: distinguishable with the common kinds of colour blindness.
    palette: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9",
                                "#D55E00", "#F0E442", "#000000")


DEFAULT = Colors()
PALETTE = DEFAULT.palette  # what chart builders draw with, by position
HIGHLIGHT = PALETTE[5]  # what a chart points out (today, the chosen member)


def colors(identity: Mapping[str, object]) -> Colors:
    """alliance.toml's colours, each missing or malformed one taken from the defaults."""
    declared = identity.get("colors", {})
    declared = declared if isinstance(declared, Mapping) else {}
    found: dict[str, Any] = {}
    for field in fields(Colors):
        value = declared.get(field.name)
        if field.name == "palette":
            if isinstance(value, list) and value and all(
                    isinstance(v, str) and COLOR.fullmatch(v) for v in value):
                found["palette"] = tuple(value)
        elif isinstance(value, str) and COLOR.fullmatch(value):
            found[field.name] = value
    return Colors(**found)


def _swap(value: object, table: Mapping[str, str]) -> object:
    if isinstance(value, str):
        return table.get(value.upper(), value)
    if isinstance(value, list | tuple):
        return [_swap(v, table) for v in value]
    if isinstance(value, dict):
        return {k: _swap(v, table) for k, v in value.items()}
    return value


def recoloured(figure: Any, palette: tuple[str, ...]) -> Any:
    """`figure` drawn in `palette`: each colour of the default palette replaced by the one at
    its position (cycling a shorter palette). The figure itself when nothing changes."""
    if tuple(palette) == PALETTE or not palette:
        return figure
    table = {colour.upper(): palette[i % len(palette)] for i, colour in enumerate(PALETTE)}
    return type(figure)(_swap(figure.to_plotly_json(), table))


# config.toml setting -> (section, field of Colors)
SETTINGS = (("theme", "chartCategoricalColors", "palette"),
            ("theme.light", "primaryColor", "primary"),
            # Captions are this colour at 60 %: dark enough for 4.5:1 on the sidebar too.
            ("theme.light", "textColor", "text"),
            ("theme.light", "codeTextColor", "code_text"),
            ("theme.dark", "primaryColor", "primary_dark"))


def _value(value: object) -> str:
    if isinstance(value, list | tuple):
        return "[" + ", ".join(f'"{v}"' for v in value) + "]"
    return f'"{value}"'


def render_config(config: str, identity: Mapping[str, object]) -> str:
    """`config` (the text of config.toml) with its theme colours taken from `identity`'s
    colours (the defaults for those it does not declare); every other line kept."""
    chosen = colors(identity)
    lines = config.splitlines(keepends=True)
    section = ""
    for number, line in enumerate(lines):
        if header := re.fullmatch(r"\s*\[([\w.]+)\]\s*", line):
            section = header.group(1)
            continue
        for wanted, setting, key in SETTINGS:
            if section == wanted and re.match(rf"\s*{setting}\s*=", line):
                lines[number] = f"{setting} = {_value(getattr(chosen, key))}\n"
    return "".join(lines)
