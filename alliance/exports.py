"""Exports of a filtered view (CSV for any Excel, XLSX, an iCalendar file) and of the
validation report."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping

import pandas as pd
from icalendar import Calendar, Event

from alliance.loader import UTF8_BOM
from alliance.problems import Problem
from alliance.text import web_address

FORMULA_CHARACTERS = ("=", "+", "-", "@", "\t", "\r")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
EXPORT_COLUMNS = ("id", "title", "audience", "kind", "host_id", "host_country", "mode",
                  "language", "start", "end", "apply_by", "ects", "url", "description",
                  "project", "illustrative", "source")


def neutralise(value: object) -> object:
    """Text a spreadsheet would run as a formula gets a leading apostrophe; the rest is kept."""
    if isinstance(value, str) and value.startswith(FORMULA_CHARACTERS):
        return "'" + value
    return value


def export_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """The columns people download, text neutralised, numbers left as numbers."""
    frame = rows.loc[:, [c for c in EXPORT_COLUMNS if c in rows.columns]].copy()
    if "host_country" in frame:
        frame["host_country"] = frame["host_country"].astype(str).replace("ALLIANCE", "")
    for name in frame.columns:
        if name == "ects":
            frame[name] = frame[name].astype("Float64")
        elif name == "illustrative":
            frame[name] = frame[name].astype("boolean")
        else:
            frame[name] = frame[name].astype(object).where(frame[name].notna(), "")
            frame[name] = frame[name].map(neutralise)
    return frame.reset_index(drop=True)


def to_csv(rows: pd.DataFrame, semicolon: bool = False) -> bytes:
    """UTF-8 with a byte-order mark so Excel shows accents; `;` and decimal comma on request."""
    frame = export_frame(rows)
    text = frame.to_csv(index=False, sep=";" if semicolon else ",",
                        decimal="," if semicolon else ".", lineterminator="\r\n")
    return UTF8_BOM + text.encode("utf-8")


def report_csv(problems: Iterable[Problem], lang: str) -> bytes:
    """The validation report as Excel-ready CSV (BOM), one problem a row in the reader's
    language; a value that would run as a formula (often the very value reported) is kept
    as text."""
    records = pd.DataFrame([p.as_record(lang) for p in problems],
                           columns=["file", "line", "column", "value", "code", "severity",
                                    "message"])
    records["line"] = records["line"].astype("Int64")
    for name in ("file", "column", "value", "code", "severity", "message"):
        records[name] = records[name].map(neutralise)
    return UTF8_BOM + records.to_csv(index=False, lineterminator="\r\n").encode("utf-8")


def to_xlsx(rows: pd.DataFrame, sheet: str = "activities") -> bytes:
    """An Excel workbook with one sheet; numbers as numbers, text as text."""
    frame = export_frame(rows)
    frame["ects"] = frame["ects"].astype("float64") if "ects" in frame else None
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name=sheet[:31])
        worksheet = writer.sheets[sheet[:31]]
        for column in worksheet.columns:
            width = max(len(str(c.value or "")) for c in column[:200])
            worksheet.column_dimensions[column[0].column_letter].width = min(max(width, 8), 60)
        worksheet.freeze_panes = "A2"
    return buffer.getvalue()


def in_calendar(rows: pd.DataFrame) -> pd.Series:
    """Rows the iCalendar export holds: those whose start day is known (a month or a year
    is not a day, and a calendar gets no invented date)."""
    return rows["start"].fillna("").astype(str).str.len() == 10


def _calendar_text(value: object) -> str:
    """A cell as iCalendar text: empty when missing (never "nan"), line breaks as they are
    (the writer escapes them), control characters that RFC 5545 forbids dropped."""
    if value is None or (not isinstance(value, str) and pd.api.types.is_scalar(value)
                         and pd.isna(value)):
        return ""
    text = CONTROL.sub("", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    # The writer reads a backslash-N as a line break; a word joiner keeps it two characters.
    return text.replace("\\N", "\\\u2060N")


def to_ics(rows: pd.DataFrame, calendar_name: str, domain: str, stamp: dt.datetime,
           places: Mapping[str, str] | None = None) -> bytes:
    """One all-day event per activity whose start day is known; ends at its last known day.

    Written by the `icalendar` package: text escaped and long lines folded per RFC 5545.
    `places` gives a host id's place ("University, City") for the event's LOCATION (not for
    online activities); URL only holds an http(s) address.
    """
    calendar = Calendar()
    calendar.add("prodid", "-//Alliance Atlas//Opportunities//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _calendar_text(calendar_name))
    stamp = stamp.astimezone(dt.UTC)
    for _, row in rows[in_calendar(rows)].iterrows():
        first = dt.date.fromisoformat(str(row["start"]))
        end = _calendar_text(row.get("end"))
        last = dt.date.fromisoformat(end) if len(end) == 10 else first
        last = max(last, first)
        description = _calendar_text(row.get("description"))
        if bool(row.get("illustrative")):
            description = f"[example] {description}".strip()
        event = Event()
        event.add("uid", f"{_calendar_text(row['id'])}@{domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", first)
        event.add("dtend", last + dt.timedelta(days=1))
        event.add("summary", _calendar_text(row["title"]))
        if description:
            event.add("description", description)
        host = _calendar_text(row.get("host_id"))
        if places and host in places and _calendar_text(row.get("mode")) != "online":
            event.add("location", _calendar_text(places[host]))
        url = web_address(row.get("url"))
        if url:
            event.add("url", url)
        calendar.add_component(event)
    return calendar.to_ical()
