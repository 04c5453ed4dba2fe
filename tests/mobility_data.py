"""A synthetic Erasmus+ sample imported into a data folder by the real importer, and each
member's participants sent and received summed from the sample's files independently."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from alliance.loader import read_table
from alliance.mobility.imports import import_files
from alliance.mobility.sample import members_from, write
from alliance.schema import TABLES_BY_NAME


def import_sample(folder: Path, out: Path, rows: int = 3_000, files: int = 2,
                  first_year: int = 2017) -> list[Path]:
    """Write a sample of the 2014-2019 layout for `folder`'s members and import it there."""
    universities = read_table(folder, TABLES_BY_NAME["universities"]).frame
    paths = write(out, members_from(universities), rows, "2014", files=files,
                  first_year=first_year)
    assert [o.status for o in import_files(folder, paths)] == ["imported"] * len(paths)
    return paths


def _squash(code: str) -> str:
    """An independent reading of a code: upper case, every kind of space removed."""
    return "".join(code.split()).upper()


def member_totals(paths: list[Path], folder: Path) -> tuple[Counter, Counter]:
    """Participants each member sent (to anyone) and received (from anyone), read from the
    sample's files with Python's csv module."""
    universities = read_table(folder, TABLES_BY_NAME["universities"]).frame
    members = {_squash(c): i for i, c in zip(universities["id"], universities["erasmus_code"],
                                              strict=True) if isinstance(c, str)}
    sent: Counter = Counter()
    received: Counter = Counter()
    for path in paths:
        with path.open(encoding="utf-8", newline="") as source:
            for row in csv.DictReader(source, delimiter=";"):
                count = int(row["Participants"])
                s = members.get(_squash(row["Sending Organisation Erasmus Code"]))
                r = members.get(_squash(row["Receiving Organisation Erasmus Code"]))
                if s:
                    sent[s] += count
                if r:
                    received[r] += count
    return sent, received
