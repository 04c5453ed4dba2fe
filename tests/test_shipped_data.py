"""The shipped data/ as analysts keep it: only what must hold for any good data."""

from __future__ import annotations

import pandas as pd

from alliance.identity import IDENTITY_FILE, check_identity
from alliance.text import home_pages
from alliance.validate import check_folder
from tests.paths import SHIPPED_DATA

# Columns that say where a row's facts were published (not `website` or `url`, which
# point a reader to a place and may well be a home page).
CITING = ("source", "target_source")


def test_the_shipped_folder_has_no_errors() -> None:
    """An analyst's commit that breaks a table is caught here, whatever the values."""
    report = check_folder(SHIPPED_DATA)
    errors = [p.as_line() for p in report.problems if p.severity == "error"]
    assert errors == []
    assert all(len(result.typed) > 0 for result in report.results.values())


def test_published_rows_cite_pages_not_home_pages() -> None:
    """A source must be the page that shows the row's facts: a site's bare root shows none."""
    report = check_folder(SHIPPED_DATA)
    cited = []
    for name, result in report.results.items():
        frame = result.typed
        published = (~frame["illustrative"].fillna(False).astype(bool)
                     if "illustrative" in frame else pd.Series(True, index=frame.index))
        for column in CITING:
            if column not in frame:
                continue
            for key, cell in zip(frame.loc[published, "id"], frame.loc[published, column],
                                 strict=True):
                cited += [(name, key, column, address) for address in home_pages(cell)]
    identity, _ = check_identity((SHIPPED_DATA / IDENTITY_FILE).read_text(encoding="utf-8"))
    assert identity is not None
    for figure in identity.get("figures", []):
        cited += [(IDENTITY_FILE, figure.get("key"), "source", address)
                  for address in home_pages(figure.get("source"))]
    assert cited == []
