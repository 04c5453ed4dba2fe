"""A data folder whose every free-text cell and alliance.toml string carries hostile markup.

Markdown, Streamlit directives, HTML, autolinks and a spreadsheet formula, with every outside
address on `evil.example`, so a test can tell the data's markup from the app's own. The
folder still validates: constrained columns (ids, codes, dates, choices, web addresses) keep
their values, since the loader would hold back rows where they were wrong.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import tomllib
from pathlib import Path

from alliance.identity import KEYS
from alliance.schema import TABLES, TEXT

EVIL = "evil.example"
# What the text carries after its own words; each piece must come out as plain text.
MARKDOWN_PAYLOAD = (
    '**HB** _HE_ [HL](https://evil.example/l) ![HI](http://evil.example/i.png) '
    ':red[HR] :material/warning: :smile: https://evil.example/bare www.evil.example '
    'mail@evil.example $x^2$ `HC` &lt;i&gt; -> ~~HX~~'
)
HTML_PAYLOAD = (
    '<b>HT</b> <strong>HS</strong> <img src="http://evil.example/t.png"> '
    '<a href="https://evil.example/a">HA</a> <script>alert(1)</script>'
)
# The validator holds back a CSV row with a tag in it (`<...>`), so the tables carry the
# Markdown only; alliance.toml, which it does not check for markup, carries both.
CSV_PAYLOAD = MARKDOWN_PAYLOAD
PAYLOAD = f"{MARKDOWN_PAYLOAD} {HTML_PAYLOAD}"
# Two ways to open a cell: a heading, and a formula that would be a link in a spreadsheet.
OPENINGS = ("# ", '=HYPERLINK("https://evil.example/h","HY") ')

# Patterns that mean the data's markup came through: each must match nowhere in what the app
# sends to be drawn as Markdown. A backslash before a character, or a word joiner (U+2060)
# after a colon, an @ or "www", makes it text.
MARKDOWN_LEAKS = {
    "bold": re.compile(r"(?<!\\)\*\*HB"),
    "emphasis": re.compile(r"(?<!\\)_HE"),
    "link or image": re.compile(r"(?<!\\)\[H[LI]"),
    "directive": re.compile(r"(?<!\\):red\["),
    "icon": re.compile(r":material/warning"),
    "emoji": re.compile(r":smile:"),
    "html": re.compile(r"(?<!\\)<(b|strong|img|a|script)\b"),
    "autolink": re.compile(r"https?:/+evil|(?i:www)\.evil|@evil"),
    "math": re.compile(r"(?<!\\)\$x"),
    "code": re.compile(r"(?<!\\)`HC"),
    "entity": re.compile(r"(?<!\\)&lt;i"),
    "strikethrough": re.compile(r"(?<!\\)~~HX"),
    "heading": re.compile(r"(?m)^\s*#+ "),
}
# In plotly text, hover and labels: the data's tags must arrive escaped.
# An entity left as it is would be drawn as the character it names.
PLOT_LEAKS = re.compile(r"<b>HT|<strong>|<img\b|<a\b|<script\b|&lt;i&gt;")


def hostile(original: str, index: int, payload: str = PAYLOAD) -> str:
    """The cell's own words with an opening and the payload around them."""
    return f"{OPENINGS[index % 2]}{original} {payload}" if original else ""


def free_text_columns(table: object) -> list[str]:
    """Columns that take any text: those the hostile folder fills with markup."""
    return [c.name for c in table.columns  # type: ignore[attr-defined]
            if c.kind == TEXT and not c.allowed and not c.pattern and not c.references]


def _rewrite_table(path: Path, columns: list[str]) -> None:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if not rows:
        return
    for i, row in enumerate(rows):
        for name in columns:
            if name in row:
                row[name] = hostile(row[name] or "x", i, CSV_PAYLOAD)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


# Keys alliance/identity.py declares as something other than free text (dates, web
# addresses, colours, ids) must stay well formed: a hostile value there is refused as a
# whole by the checks, so it would never reach a page at all.
KEEP_TOML = {key.name for key in KEYS if key.kind != "text" or key.name == "key"}


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _hostile_toml(identity: dict[str, object]) -> str:
    """alliance.toml with every string hostile except dates, keys and colours."""
    def text(key: str, value: object, i: int) -> str:
        if isinstance(value, str) and key not in KEEP_TOML:
            value = hostile(value, i)
        return f"{key} = {_toml_value(value)}"

    lines: list[str] = []
    for section, body in identity.items():
        if isinstance(body, list):
            for i, item in enumerate(body):
                lines.append(f"[[{section}]]")
                lines += [text(k, v, i) for k, v in item.items()]
                lines.append("")
            continue
        lines.append(f"[{section}]")
        nested = {k: v for k, v in body.items() if isinstance(v, dict)}
        lines += [text(k, v, 0) for k, v in body.items() if k not in nested]
        lines.append("")
        for name, table in nested.items():
            lines.append(f"[{section}.{name}]")
            lines += [text(k, v, i) for i, (k, v) in enumerate(table.items())]
            lines.append("")
    return "\n".join(lines)


def make_hostile_folder(source: Path, target: Path) -> Path:
    """Copy `source` to `target` and fill every free-text cell and string with markup."""
    shutil.copytree(source, target)
    for table in TABLES:
        path = target / table.file_name
        if path.exists():
            _rewrite_table(path, free_text_columns(table))
    toml = target / "alliance.toml"
    identity = tomllib.loads(toml.read_text(encoding="utf-8"))
    toml.write_text(_hostile_toml(identity), encoding="utf-8")
    return target
