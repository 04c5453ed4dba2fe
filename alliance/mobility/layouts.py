"""The two published layouts of the mobility files and how to tell them apart by the header."""

from __future__ import annotations

from dataclasses import dataclass

# Our name of each field, and its header in each layout. The 2014-2019 set writes
# "Organization" (z) in the name columns and "Organisation" (s) in the code columns.
FIELDS = (
    "project", "academic_year", "start", "end", "duration", "activity", "field",
    "nationality", "education_level", "gender", "profile", "special_needs",
    "fewer_opportunities", "group_leader", "age", "sending_country", "sending_city",
    "sending_name", "sending_code", "receiving_country", "receiving_city", "receiving_name",
    "receiving_code", "participants",
)
HEADERS_2014 = (
    "Project Reference", "Academic Year", "Mobility Start Month", "Mobility End Month",
    "Mobility Duration", "Activity (mob)", "Field of Education", "Participant Nationality",
    "Education Level", "Participant Gender", "Participant Profile", "Special Needs",
    "Fewer Opportunities", "GroupLeader", "Participant Age", "Sending Country Code",
    "Sending City", "Sending Organization", "Sending Organisation Erasmus Code",
    "Receiving Country Code", "Receiving City", "Receiving Organization",
    "Receiving Organisation Erasmus Code", "Participants",
)
# The newer per-year "raw data" files rename a few columns and write countries "DE - Germany".
RENAMED_RAW = {
    "Mobility Start Month": "Mobility Start Year/Month",
    "Mobility End Month": "Mobility End Year/Month",
    "Sending Country Code": "Sending Country",
    "Receiving Country Code": "Receiving Country",
    "Participants": "Actual Participants",
}
HEADERS_RAW = tuple(RENAMED_RAW.get(h, h) for h in HEADERS_2014)
# Without these a file cannot be counted; the others may be missing from a raw file.
REQUIRED = ("start", "participants", "sending_code", "receiving_code")


@dataclass(frozen=True)
class Layout:
    """One published layout: its name and the header of each of our fields."""

    name: str
    headers: tuple[str, ...]

    def header_of(self, field: str) -> str:
        return self.headers[FIELDS.index(field)]


LAYOUT_2014 = Layout("2014", HEADERS_2014)
LAYOUT_RAW = Layout("raw", HEADERS_RAW)
LAYOUTS = {layout.name: layout for layout in (LAYOUT_2014, LAYOUT_RAW)}


def _key(header: str) -> str:
    return " ".join(header.replace("\ufeff", "").replace("\u00a0", " ").split()).casefold()


@dataclass(frozen=True)
class Detected:
    """A header matched to a layout: which column of the file holds each field (or None)."""

    layout: Layout
    positions: dict[str, int | None]

    @property
    def missing(self) -> list[str]:
        return [self.layout.header_of(f) for f in REQUIRED if self.positions[f] is None]


def detect(header: list[str]) -> Detected | None:
    """The layout whose headers the file's header holds most of; None when neither fits."""
    found = {_key(h): i for i, h in enumerate(header)}
    best: Detected | None = None
    best_score = 0
    for layout in LAYOUTS.values():
        positions = {f: found.get(_key(layout.header_of(f))) for f in FIELDS}
        score = sum(p is not None for p in positions.values())
        if score > best_score:
            best, best_score = Detected(layout, positions), score
    if best is None or best_score < len(FIELDS) // 2:
        return None
    return best
