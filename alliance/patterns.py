"""The patterns that cells are checked against, in one place for both readers of a data
folder: the validator (`alliance.validate`, over pandas) and the quick proof that a folder is
clean (`alliance.proof`, over Arrow alone). Written for Arrow's regex engine (RE2)."""

from __future__ import annotations

# What a spreadsheet runs as a formula when a cell starts with it: the validator warns of
# such cells and every export neutralises them.
FORMULA_CHARACTERS = ("=", "+", "-", "@", "\t", "\r")

# [0-9], never \d: pandas hands a pattern with \d to Python's re when a column holds any
# non-ASCII text, and there \d is any script's digit ("٣٣", "５").
PLAIN_NUMBER = r"-?[0-9]+(\.[0-9]+)?"
WHOLE_NUMBER = r"[0-9]+"
MARKUP = r"<[^<>]*>"  # HTML tags and <autolinks>: an error, as it always was
# Markdown, Streamlit directives and bare addresses in free text. The app shows every cell as
# plain text, so these only warn: readers would see the symbols, not formatting or a link.
# Written for Arrow's regex engine (RE2): no \s, which would send pandas to Python's re.
MARKDOWN = {
    "problem_word.bold": r"\*\*[^*\n]+\*\*|__[^_\n]+__",
    "problem_word.heading": r"(?:^|\n)[ \t]{0,3}#{1,6}(?:[ \t]|$)",
    "problem_word.image": r"!\[[^\]\n]*\]\(",
    "problem_word.link": r"\[[^\]\n]*\]\(",
    "problem_word.directive": r":[a-z]+(?:-[a-z]+)*\[",
    "problem_word.hyperlink": r"(?i:hyperlink)\(",
    "problem_word.web_address": r"(?i:https?://|www\.)",
}
MARKDOWN_ANY = "|".join(f"(?:{pattern})" for pattern in MARKDOWN.values())

# Python's \s, written out. pandas matches a pattern containing \s with Python's re, one cell
# at a time, because Arrow's RE2 reads \s differently; the same characters listed explicitly
# keep the whole column in RE2 (about 5x faster on URL columns) with the same meaning.
SPACES = "".join(c for c in map(chr, range(0x3001)) if c.isspace())


def without_space_class(pattern: str) -> str:
    """`[^\\s...]` with Python's spaces listed instead: the pattern stays in RE2."""
    return pattern.replace(r"[^\s", f"[^{SPACES}")


# A source that is a site's bare root (`https://host/`), alone or among other addresses.
# Written with plain spaces for Arrow's regex engine: cells are stripped, and addresses in
# a cell are separated by spaces.
HOME_PAGE = r"(?:^| )https?://[^ /?#]+/?(?: |$)"

BOM = 0xFEFF
FORMAT_CHARACTERS = {0x200B: "problem_word.zero_width", 0x200C: "problem_word.zero_width",
                     0x2060: "problem_word.zero_width", 0x200E: "problem_word.direction_mark",
                     0x200F: "problem_word.direction_mark",
                     **dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)],
                                     "problem_word.direction_control")}
