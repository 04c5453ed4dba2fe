"""The shipped data/ as analysts keep it: only what must hold for any good data."""

from __future__ import annotations

from alliance.validate import check_folder
from tests.paths import SHIPPED_DATA


def test_the_shipped_folder_has_no_errors() -> None:
    """An analyst's commit that breaks a table is caught here, whatever the values."""
    report = check_folder(SHIPPED_DATA)
    errors = [p.as_line() for p in report.problems if p.severity == "error"]
    assert errors == []
    assert all(len(result.typed) > 0 for result in report.results.values())
