"""Edits of a copied data table as an analyst makes them: read its rows, change them, save."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path


def edit_table(path: Path, edit: Callable[[list[dict[str, str]]], object]
               ) -> list[dict[str, str]]:
    """Rewrite the CSV file at `path` after `edit` has changed its rows in place (columns
    added to a row's dict become new columns, in the order first seen); the rows written."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    edit(rows)
    columns = list(dict.fromkeys(name for row in rows for name in row))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return rows
