"""alliance.dictionary: data/README.md is generated from the schema and must stay in step."""

from __future__ import annotations

import re

from alliance.dictionary import KIND_WORDS, render
from alliance.files import DEFAULT_DATA_DIR
from alliance.schema import KINDS, TABLES

BUNDLED_README = DEFAULT_DATA_DIR / "README.md"


def test_readme_is_the_rendered_dictionary() -> None:
    # Fails when schema.py changes without `python -m alliance dictionary` being run.
    assert BUNDLED_README.read_text(encoding="utf-8") == render()


def test_every_column_of_every_table_is_documented() -> None:
    text = render()
    sections = re.split(r"\n## ", text)
    for table in TABLES:
        section = next(s for s in sections if s.startswith(f"`{table.file_name}`"))
        documented = re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE)
        assert documented == list(table.column_names), table.name
        assert table.description in section


def test_every_kind_has_words() -> None:
    assert set(KIND_WORDS) == set(KINDS)


def test_constraints_are_spelled_out() -> None:
    text = render()
    assert "refers to `universities.csv` `id`" in text
    assert "one of: `students`, `staff`, `researchers`, `everyone`" in text
    assert "year range 1990 to 2100" in text
    assert "`start` may not come before `apply_by`." in text
