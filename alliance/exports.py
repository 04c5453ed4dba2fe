"""Exports of a filtered view (CSV for any Excel, XLSX, an iCalendar file) and of the
validation report."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable

import pandas as pd

from alliance.loader import UTF8_BOM
from alliance.problems import Problem

FORMULA_CHARACTERS = ("=", "+", "-", "@", "\t", "\r")
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


def _ics_text(value: str) -> str:
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> list[str]:
    """RFC 5545: lines longer than 75 octets continue on the next line after a space."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return [line]
    parts: list[str] = []
    current = ""
    for char in line:
        limit = 75 if not parts else 74
        if len((current + char).encode("utf-8")) > limit:
            parts.append(current)
            current = char
        else:
            current += char
    parts.append(current)
    return [parts[0], *(" " + p for p in parts[1:])]


def in_calendar(rows: pd.DataFrame) -> pd.Series:
    """Rows the iCalendar export holds: those whose start day is known (a month or a year
    is not a day, and a calendar gets no invented date)."""
    return rows["start"].fillna("").astype(str).str.len() == 10


def to_ics(rows: pd.DataFrame, calendar_name: str, domain: str, stamp: dt.datetime) -> bytes:
    """One all-day event per activity whose start day is known; ends at its last known day."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Alliance Atlas//Opportunities//EN",
             "CALSCALE:GREGORIAN", f"X-WR-CALNAME:{_ics_text(calendar_name)}"]
    stamp_text = stamp.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    for _, row in rows[in_calendar(rows)].iterrows():
        first = dt.date.fromisoformat(str(row["start"]))
        end = str(row.get("end") or "")
        last = dt.date.fromisoformat(end) if len(end) == 10 else first
        last = max(last, first)
        description = str(row.get("description") or "")
        if bool(row.get("illustrative")):
            description = "[example] " + description
        event = [
            "BEGIN:VEVENT",
            f"UID:{row['id']}@{domain}",
            f"DTSTAMP:{stamp_text}",
            f"DTSTART;VALUE=DATE:{first:%Y%m%d}",
            f"DTEND;VALUE=DATE:{last + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_ics_text(str(row['title']))}",
            f"DESCRIPTION:{_ics_text(description)}",
        ]
        if row.get("url"):
            event.append(f"URL:{row['url']}")
        event.append("END:VEVENT")
        lines.extend(event)
    lines.append("END:VCALENDAR")
    folded = [part for line in lines for part in _fold(line)]
    return ("\r\n".join(folded) + "\r\n").encode("utf-8")
