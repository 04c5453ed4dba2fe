"""alliance.toml against its declaration: every problem located, a broken file never {}."""

from __future__ import annotations

import pytest

from alliance.identity import check_identity
from tests.paths import FIXTURE_DATA

GOOD = (FIXTURE_DATA / "alliance.toml").read_text(encoding="utf-8")


def test_the_fixture_identity_is_clean() -> None:
    identity, problems = check_identity(GOOD)
    assert problems == []
    assert identity is not None and identity["alliance"]["acronym"] == "EUNICE"


@pytest.mark.parametrize(("old", "new", "code", "line", "column"), [
    ('primary = "#0B2E6F"', 'primary = "blue"', "identity_color", 13, "primary"),
    ('acronym = "EUNICE"', 'acronim = "EUNICE"', "identity_missing_key", 1, "acronym"),
    ('acronym = "EUNICE"', 'acronim = "EUNICE"', "identity_unknown_key", 3, "acronim"),
    ('website = "https://eunice-university.eu/"', 'website = "javascript:alert(1)"',
     "identity_url", 4, "website"),
    ('selected = "2020-07-09"', 'selected = "9 July 2020"', "identity_date", 5, "selected"),
    ("value = 6245", 'value = "6245"', "identity_number", None, "value"),
    ("approximate = true", 'approximate = "yes"', "identity_bool", None, "approximate"),
    ("approximate = true", 'qualifier = "plus"', "identity_qualifier", None, "qualifier"),
    ('key = "staff"', 'key = "students"', "identity_duplicate", None, "key"),
    ("[colors]", "[colours]", "identity_missing_section", None, None),
])
def test_each_mistake_is_located(old: str, new: str, code: str, line: int | None,
                                 column: str | None) -> None:
    assert old in GOOD
    broken = GOOD.replace(old, new, 1)
    identity, problems = check_identity(broken)
    found = [p for p in problems if p.code == code]
    assert found, [p.as_line() for p in problems]
    first = found[0]
    assert first.column == column
    if line is not None:
        assert first.line == line
    elif code != "identity_missing_section":  # a missing table has no line of its own
        assert first.line is not None and broken.splitlines()[first.line - 1].strip() == new
    assert first.message("en") and first.message("fr") != first.message("en")
    if first.severity == "error":
        assert identity is None


@pytest.mark.parametrize("text", ["[alliance\nname = 1", "name = ", "\x00", "[[figures]]\n[x"])
def test_a_file_that_is_not_toml_is_one_located_problem(text: str) -> None:
    identity, problems = check_identity(text)
    assert identity is None
    assert [p.code for p in problems] == ["identity_syntax"]
    assert problems[0].line is not None


def test_validate_reports_alliance_toml_with_its_line(bundled) -> None:
    from alliance.validate import check_folder

    path = bundled / "alliance.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('primary = "#0B2E6F"',
                                                             'primary = "navy"'), encoding="utf-8")
    report = check_folder(bundled)
    assert not report.clean
    assert [(p.file, p.line, p.code) for p in report.identity] == [
        ("alliance.toml", 13, "identity_color")]


def test_a_broken_identity_is_served_from_its_last_valid_copy(bundled, tmp_path) -> None:
    """A typo in alliance.toml never blanks the alliance's name on every page."""
    from alliance.dataset import load_dataset

    keep = tmp_path / "keep"
    assert load_dataset(bundled, keep).identity["alliance"]["acronym"] == "EUNICE"
    (bundled / "alliance.toml").write_text("[alliance\n", encoding="utf-8")
    data = load_dataset(bundled, keep)
    assert data.identity["alliance"]["acronym"] == "EUNICE"
    assert data.report.identity_errors == 1
