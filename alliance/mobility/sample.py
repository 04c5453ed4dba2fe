"""Synthetic mobility files in the published layouts, with every trap the real files hold.

For tests, benchmarks and demonstrations only: each file's name starts with SYNTHETIC, every
project reference too, and a companion note says so; the Mobility page shows a banner while
such rows are imported. The rows are invented: they say nothing about real mobility.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from alliance.mobility.imports import SYNTHETIC_MARK
from alliance.mobility.layouts import FIELDS, LAYOUTS, Layout

NBSP = "\u00a0"
COUNTRY_NAMES = {
    "AT": "Austria", "BE": "Belgium", "DE": "Germany", "EL": "Greece", "ES": "Spain",
    "FI": "Finland", "FR": "France", "IT": "Italy", "NL": "Netherlands", "PL": "Poland",
    "PT": "Portugal", "SE": "Sweden", "UK": "United Kingdom", "CZ": "Czechia", "IE": "Ireland",
    "HU": "Hungary", "RO": "Romania", "TR": "Türkiye", "NO": "Norway", "DK": "Denmark",
}
PREFIX = {"AT": "A", "BE": "B", "DE": "D", "EL": "G", "ES": "E", "FI": "SF", "FR": "F",
          "IT": "I", "NL": "NL", "PL": "PL", "PT": "P", "SE": "S", "UK": "UK", "CZ": "CZ",
          "IE": "IRL", "HU": "HU", "RO": "RO", "TR": "TR", "NO": "N", "DK": "DK"}
ACTIVITIES = {
    "2014": ("Student mobility for studies between Programme Countries",
             "Student mobility for traineeships between Programme Countries",
             "Staff mobility for teaching between Programme Countries",
             "Staff mobility for training between Programme Countries",
             "Student mobility for studies between Programme and Partner Countries",
             "Youth exchanges"),
    "raw": ("HE - Student mobility for Studies", "HE - Student mobility for Traineeships",
            "HE - Staff mobility for Teaching", "HE - Staff mobility for Training",
            "HE - Student mobility for Studies", "Youth Exchanges"),
}
LEVELS = ("ISCED-6 - First cycle / Bachelor\u2019s or equivalent level (EQF-6)",
          "ISCED-7 - Second cycle / Master\u2019s or equivalent level (EQF-7)",
          "ISCED-8 - Third cycle / Doctoral or equivalent level (EQF-8)",
          "??? - ? Unknown ?", "-")
FIELDS_OF_EDUCATION = ("Engineering and engineering trades", "Business and administration",
                       "Information and Communication Technologies", "Languages",
                       "Physical sciences", "Undefined", "?? Unknown")
MISSING = ("-", "Undefined", "?? Unknown", "??? - ? Unknown ?")
# A member as the sample needs it: id, Erasmus code (fixed width), Commission country, city.
Member = tuple[str, str, str, str]


def _variant(code: str, rng: random.Random) -> str:
    """The member's code as one of the files might write it."""
    prefix, rest = code.split(" ", 1)[0], code.split(" ", 1)[1].strip()
    pick = rng.randrange(7)
    if pick == 0 and len(prefix) == 1:
        return f"{prefix}{NBSP} {rest}"  # no-break space and a space, as 2014-2019 files do
    if pick == 1:
        return f"{prefix}{rest}"  # padding collapsed
    if pick == 2:
        return f"{prefix}  {rest}" if len(prefix) > 1 else f"{prefix}   {rest}"  # doubled
    if pick == 3:
        return f"{prefix} {rest}".lower()  # one space, lower case
    if pick == 4:
        return f" {code} "  # padded around
    return code


def _others(rng: random.Random, count: int = 600) -> list[tuple[str, str, str, str]]:
    """Institutions outside the alliance: code, Commission country, city, name."""
    countries = list(PREFIX)
    found = []
    for n in range(count):
        country = countries[n % len(countries)]
        city = f"CITY{n // len(countries):02d}{country}"
        prefix = PREFIX[country]
        code = prefix.ljust(max(3, len(prefix) + 1)) + f"{city[:7]}{n % 90 + 10:02d}"
        found.append((code, country, city.title(), f"Synthetic institution {n}"))
    rng.shuffle(found)
    return found


def _country_cell(country: str, layout: Layout) -> str:
    return f"{country} - {COUNTRY_NAMES[country]}" if layout.name == "raw" else country


def rows(members: list[Member], count: int, year: int, layout: Layout,
         seed: int = 13) -> Iterator[list[str]]:
    """`count` synthetic rows of mobilities starting in `year`, in the layout's columns."""
    rng = random.Random(seed * 10_000 + year)
    others = _others(rng)
    labels = ACTIVITIES[layout.name]
    for n in range(count):
        month = rng.choice((1, 2, 3, 9, 9, 10, 10, 11, 6, 7))
        academic = f"{year - 1}-{year}" if month < 8 else f"{year}-{year + 1}"
        if n % 997 == 0:
            academic = rng.choice(MISSING)  # derived from the start month
        sending_member = rng.random() < 0.35
        receiving_member = rng.random() < (0.4 if sending_member else 0.15)
        ends = []
        for is_member in (sending_member, receiving_member):
            if is_member:
                member = rng.choice(members)
                ends.append((_variant(member[1], rng), member[2], member[3],
                             f"Member {member[0]} (synthetic)"))
            else:
                code, country, city, name = others[rng.randrange(len(others))]
                if rng.random() < 0.05:
                    code = rng.choice(MISSING)  # enterprises of traineeships have none
                if rng.random() < 0.02:
                    city = city + " Ã©"  # garbled, as some published city names are
                ends.append((code, country, city, name))
        activity = labels[rng.randrange(len(labels))]
        nationality = rng.choice(("PL", "DE", "EL", "UK", "FR", "-", "??? - ? Unknown ?"))
        cells = {
            "project": f"{SYNTHETIC_MARK}-{year}-1-{n:07d}",
            "academic_year": academic,
            "start": f"{year}-{month:02d}",
            "end": f"{year + (month + 4) // 12}-{(month + 4) % 12 + 1:02d}",
            "duration": str(rng.choice((5, 30, 120, 150, 300))),
            "activity": activity,
            "field": rng.choice(FIELDS_OF_EDUCATION),
            "nationality": _country_cell(nationality, layout)
            if nationality in COUNTRY_NAMES else nationality,
            "education_level": rng.choice(LEVELS),
            "gender": rng.choice(("Female", "Male", "Undefined")),
            "profile": rng.choice(("Learner", "Staff", "Accompanying person")),
            "special_needs": rng.choice(("No", "Yes", "-")),
            "fewer_opportunities": rng.choice(("No", "Yes", "-")),
            "group_leader": rng.choice(("No", "-")),
            "age": rng.choice(("21", "23", "45", "-", "?? Unknown")),
            "sending_country": _country_cell(ends[0][1], layout),
            "sending_city": ends[0][2],
            "sending_name": ends[0][3],
            "sending_code": ends[0][0],
            "receiving_country": _country_cell(ends[1][1], layout),
            "receiving_city": ends[1][2],
            "receiving_name": ends[1][3],
            "receiving_code": ends[1][0],
            "participants": str(rng.choice((1, 1, 1, 1, 2, 3, 5, 12))),
        }
        yield [cells[f] for f in FIELDS]


def file_name(year: int, layout: str, suffix: str = "csv") -> str:
    return f"{SYNTHETIC_MARK} KA1 mobilities started in {year} ({layout} layout).{suffix}"


NOTE = """SYNTHETIC DATA: not real Erasmus+ mobility.

The files beside this note were written by `python -m alliance mobility sample` in the
column layout the European Commission publishes ({layout} layout), with the traps the real
files hold (codes padded with a no-break space, collapsed or doubled spaces, any case;
missing markers "-", "Undefined", "?? Unknown", "??? - ? Unknown ?"; EL and UK; garbled
city names). Every project reference starts with SYNTHETIC. The Mobility page shows a
banner while such rows are imported; remove them with `python -m alliance mobility remove`.
Rows: {rows} in {files} file(s). Members: {members}.
"""


# From 2021 the Commission's raw-data workbook of a year holds its rows on two sheets, each
# with the header; earlier workbooks have one.
TWO_SHEETS_FROM = 2021


def sheets_of(year: int) -> int:
    """How many sheets of rows the published raw-data workbook of `year` holds."""
    return 2 if year >= TWO_SHEETS_FROM else 1


def write(out: Path, members: list[Member], count: int, layout_name: str = "2014",
          files: int = 1, first_year: int | None = None, xlsx: bool = False,
          sheets: int | None = None) -> list[Path]:
    """Write `files` yearly files of `count` rows in all, and the companion note.

    A workbook (`xlsx`) holds its rows on `sheets` sheets; by default as published: two
    from 2021, one before.
    """
    layout = LAYOUTS[layout_name]
    start = first_year or (2014 if layout_name == "2014" else 2021)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    per_file = [count // files + (1 if i < count % files else 0) for i in range(files)]
    for i, n in enumerate(per_file):
        year = start + i
        if xlsx:
            path = out / file_name(year, layout_name, "xlsx")
            _write_xlsx(path, layout, rows(members, n, year, layout), n,
                        sheets or sheets_of(year))
        else:
            path = out / file_name(year, layout_name)
            with path.open("w", encoding="utf-8", newline="") as target:
                writer = csv.writer(target, delimiter=";", lineterminator="\r\n")
                writer.writerow(layout.headers)
                writer.writerows(rows(members, n, year, layout))
        written.append(path)
    note = out / f"{SYNTHETIC_MARK}_README.txt"
    note.write_text(NOTE.format(layout=layout_name, rows=count, files=files,
                                members=", ".join(m[0] for m in members)), encoding="utf-8")
    return written


def _write_xlsx(path: Path, layout: Layout, body: Iterator[list[str]], count: int,
                sheets: int) -> None:
    """The rows on `sheets` sheets, each with the header, the later ones going on where the
    one before stopped; Participants as numbers, as the published workbooks hold them."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    per_sheet = [count // sheets + (1 if i < count % sheets else 0) for i in range(sheets)]
    for number, size in enumerate(per_sheet, start=1):
        sheet = book.create_sheet("Data" if sheets == 1 else f"Data {number}")
        sheet.append(list(layout.headers))
        for row in islice(body, size):
            sheet.append([int(c) if i == len(row) - 1 else c for i, c in enumerate(row)])
    book.save(path)


def members_from(universities: object) -> list[Member]:
    """The members with an Erasmus code, as the sample writes them (Commission countries)."""
    found = []
    for _, row in universities.iterrows():  # type: ignore[attr-defined]
        code = row.get("erasmus_code")
        if isinstance(code, str) and code.strip():
            country = {"GR": "EL", "GB": "UK"}.get(row["country"], row["country"])
            found.append((row["id"], code, country if country in COUNTRY_NAMES else "DE",
                          row["city"]))
    return found
