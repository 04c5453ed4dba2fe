"""The app's theme from alliance.toml's colours: one place for the alliance's look.

Streamlit reads its theme only from `.streamlit/config.toml` at start, so the colours declared
in alliance.toml are written there by `python -m alliance theme`, as the data dictionary is
written from the schema; a test fails when the two differ.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# config.toml setting -> (section, key of alliance.toml's [colors])
SETTINGS = (("theme", "chartCategoricalColors", "palette"),
            ("theme.light", "primaryColor", "primary"),
            # Captions are this colour at 60 %: dark enough for 4.5:1 on the sidebar too.
            ("theme.light", "textColor", "text"),
            ("theme.light", "codeTextColor", "code_text"),
            ("theme.dark", "primaryColor", "primary_dark"))


def _value(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(f'"{v}"' for v in value) + "]"
    return f'"{value}"'


def render_config(config: str, identity: Mapping[str, object]) -> str:
    """`config` (the text of config.toml) with its theme colours taken from `identity`."""
    colors = identity.get("colors", {})
    colors = colors if isinstance(colors, Mapping) else {}
    lines = config.splitlines(keepends=True)
    section = ""
    for number, line in enumerate(lines):
        if header := re.fullmatch(r"\s*\[([\w.]+)\]\s*", line):
            section = header.group(1)
            continue
        for wanted, setting, key in SETTINGS:
            if section == wanted and key in colors and re.match(rf"\s*{setting}\s*=", line):
                lines[number] = f"{setting} = {_value(colors[key])}\n"
    return "".join(lines)
