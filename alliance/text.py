"""Text from the data made safe to show: Streamlit Markdown, plotly labels, web links, HTML.

Every CSV cell and every string of alliance.toml is untrusted. Shown through Markdown (st.markdown,
captions, titles, metric labels, st.table cells), it must read as the characters it holds:
no emphasis, heading, link, image, colour directive, icon, emoji, formula or autolink.
Plotly renders a few HTML tags (<b>, <br>, <a href>) in every label and hover text, so text
going there is HTML-escaped. Only the columns the schema declares as web addresses become links,
and only for http(s) addresses.
"""

from __future__ import annotations

import html
import re
import textwrap
from urllib.parse import urlsplit

import pandas as pd

# A zero-width character that forbids a line break: placed after a character it keeps
# Streamlit's text rewrites (emoji and icon shortcodes, autolinked addresses, arrows) from
# matching, and it is invisible on screen.
WORD_JOINER = "\u2060"

# Escaped wherever they stand: they open or close inline Markdown (emphasis, code, links,
# images, HTML, entities, math, strikethrough) or an escape itself.
ALWAYS = frozenset("\\`*_[]<>&$~|")
# Markdown only at the start of a line: heading, list, quote, numbered list.
LEADING = frozenset("#-+>")
LEADING_NUMBER = re.compile(r"^(\d+)([.)])")
# Streamlit rewrites text *after* parsing, so a backslash cannot stop these; a word joiner can.
#   ":name:" emoji and ":material/x:" icons, ":red[...]" directives, "https://" autolinks;
#   "name@host" e-mail autolinks; "www.host" autolinks; "->", "<-", "--", ">=" arrows.
COLON = re.compile(r":(?=\S)")
AT = re.compile(r"@(?=\S)")
WWW = re.compile(r"(?i)\b(www)(?=\.)")
ARROWS = re.compile(r"(?<!\S)(<->|->|<-|--|>=|<=|~=)(?!\S)")
WEB_ADDRESS = re.compile(r"https?://[^\s<>\"`]+", re.IGNORECASE)


class Markdown(str):
    """Markdown that is safe to show: made here, from escaped text and checked links."""


def _plain(value: object) -> str:
    """The value as one line of text: None and NaN are empty, runs of white space one space
    (a line break or an indent in a cell could otherwise start a Markdown block)."""
    if value is None or (not isinstance(value, str) and pd.api.types.is_scalar(value)
                         and pd.isna(value)):
        return ""
    return " ".join(str(value).split())


def markdown(value: object) -> Markdown:
    """`value` as Streamlit Markdown that shows exactly its characters, on one line.

    Markdown made here (a `Markdown`) is returned as it is, so escaping twice is harmless.
    """
    if isinstance(value, Markdown):
        return value
    text = _plain(value)
    text = ARROWS.sub(lambda m: WORD_JOINER.join(m.group(1)), text)
    out = []
    for i, char in enumerate(text):
        colon = char == ":" and i + 1 < len(text) and not text[i + 1].isspace()
        if char in ALWAYS or colon or (i == 0 and char in LEADING):
            out.append("\\")
        out.append(char)
    escaped = "".join(out)
    escaped = LEADING_NUMBER.sub(r"\1\\\2", escaped)
    escaped = COLON.sub(":" + WORD_JOINER, escaped)
    escaped = AT.sub("@" + WORD_JOINER, escaped)
    escaped = WWW.sub(r"\1" + WORD_JOINER, escaped)
    return Markdown(escaped)


def web_addresses(value: object) -> list[str]:
    """The http(s) addresses of a web-address cell (several are separated by spaces); any
    other word, such as a `javascript:` or `data:` address, is not one."""
    return [word for word in _plain(value).split(" ")
            if WEB_ADDRESS.fullmatch(word) and not word.endswith(":")]


def home_pages(value: object) -> list[str]:
    """The addresses of a web-address cell that are a site's bare root (`https://host/`).

    A home page shows no particular fact: cited as a source it cannot be checked, and it
    reads as if the site's front page showed the figure."""
    bare = []
    for address in web_addresses(value):
        parts = urlsplit(address)
        if parts.path in ("", "/") and not parts.query and not parts.fragment:
            bare.append(address)
    return bare


def web_address(value: object) -> str | None:
    """The first http(s) address of a web-address cell, or None."""
    found = web_addresses(value)
    return found[0] if found else None


def link(value: object, label: object = None) -> Markdown:
    """A web-address cell as Markdown links (its address as the text unless `label` is given),
    or as plain text when it holds no http(s) address."""
    addresses = web_addresses(value)
    if not addresses:
        return markdown(value)
    if label is not None:
        return Markdown(f"[{markdown(label)}](<{addresses[0]}>)")
    # The link text is the address itself: inside a link Streamlit makes no autolink, so only
    # the Markdown punctuation needs escaping.
    return Markdown(" · ".join(f"[{_punctuation(a)}](<{a}>)" for a in addresses))


def _punctuation(text: str) -> str:
    return "".join("\\" + c if c in ALWAYS else c for c in text)


def code(value: object) -> Markdown:
    """`value` as an inline code span: shown as it is, whatever backticks it holds.

    Not for a caption: Streamlit draws captions at 60 % opacity, and inline code dimmed so
    falls below WCAG AA's 4.5:1 whatever the theme's code colour; use `markdown` there.
    """
    text = _plain(value)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return Markdown(f"{fence}{pad}{text}{pad}{fence}") if text else Markdown("")


def plot(value: object) -> str:
    """`value` for a plotly label, hover or annotation: its tags shown as text."""
    return html.escape(_plain(value), quote=False)


def plot_lines(value: object, width: int) -> str:
    """`value` wrapped at `width` characters for plotly, each line escaped (a line break in
    plotly is a <br> tag, so wrap first and escape each line)."""
    text = _plain(value)
    return "<br>".join(plot(line) for line in textwrap.wrap(text, width)) or plot(text)


def html_text(value: object) -> str:
    """`value` for an HTML download: every character that HTML reads as markup escaped."""
    return html.escape("" if value is None else str(value), quote=True)
