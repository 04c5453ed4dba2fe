"""Exports of a filtered view (CSV for any Excel, XLSX, an iCalendar file) and of the
validation report."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping

import pandas as pd
from babel import numbers
from icalendar import Calendar, Event
from openpyxl import Workbook
from openpyxl.styles import Font

from alliance.files import UTF8_BOM
from alliance.i18n import DEFAULT_LANGUAGE, cldr_locale, t, value_label
from alliance.opportunities import languages_label, option_label
from alliance.patterns import FORMULA_CHARACTERS
from alliance.problems import Problem
from alliance.text import web_address

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
EXPORT_COLUMNS = ("id", "title", "audience", "kind", "host_id", "host_country", "mode",
                  "language", "start", "end", "apply_by", "ects", "url", "description",
                  "project", "illustrative", "source")


def neutralise(value: object) -> object:
    """Text a spreadsheet would run as a formula gets a leading apostrophe; the rest is kept."""
    if isinstance(value, str) and value.startswith(FORMULA_CHARACTERS):
        return "'" + value
    return value


def export_frame(rows: pd.DataFrame, neutralised: bool = True) -> pd.DataFrame:
    """The columns people download (raw codes), text neutralised, numbers left as numbers."""
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
            if neutralised:
                frame[name] = frame[name].map(neutralise)
    return frame.reset_index(drop=True)


def readable_frame(rows: pd.DataFrame, lang: str, hosts: Mapping[str, str]) -> pd.DataFrame:
    """The columns people download as a reader sees them: headers in `lang`, names instead of
    codes, yes/no instead of true/false; dates stay ISO text (a spreadsheet sorts them) and
    ECTS a number. Text is not neutralised here (each format does it its own way)."""
    def text(name: str) -> pd.Series:
        return rows[name].astype(object).where(rows[name].notna(), "") if name in rows else ""

    host_key = rows["host_key"] if "host_key" in rows else rows["host_id"].fillna("ALLIANCE")
    country = rows["host_country"] if "host_country" in rows else host_key.map(lambda _: "")
    yes, no = t("exports.yes", lang), t("exports.no", lang)
    columns = {
        "id": text("id"),
        "title": text("title"),
        "kind": rows["kind"].map(lambda v: value_label(str(v), lang)),
        "audience": rows["audience"].map(lambda v: value_label(str(v), lang)),
        "host": host_key.map(lambda v: option_label("host", str(v), lang, dict(hosts))),
        "country": country.map(lambda v: option_label("country", str(v), lang, dict(hosts))
                               if isinstance(v, str) and v else ""),
        "mode": rows["mode"].map(lambda v: value_label(str(v), lang)),
        "language": rows["language"].map(lambda v: languages_label(str(v), lang)
                                         if isinstance(v, str) else ""),
        "start": text("start"), "end": text("end"), "apply_by": text("apply_by"),
        "ects": rows["ects"].astype("Float64"),
        "url": text("url"), "description": text("description"), "project": text("project"),
        "example": rows["illustrative"].fillna(False).astype(bool).map({True: yes, False: no}),
        "source": text("source"),
    }
    frame = pd.DataFrame(columns).reset_index(drop=True)
    frame.columns = [t(f"exports.col.{name}", lang) for name in columns]
    return frame


def _frame(rows: pd.DataFrame, lang: str | None, hosts: Mapping[str, str] | None
           ) -> pd.DataFrame:
    """The raw frame without a `lang`, else the reader's, neutralised for a CSV."""
    if lang is None:
        return export_frame(rows)
    frame = readable_frame(rows, lang, hosts or {})
    for name in frame.columns:
        if frame[name].dtype == object:
            frame[name] = frame[name].map(neutralise)
    return frame


def to_csv(rows: pd.DataFrame, semicolon: bool = False, lang: str | None = None,
           hosts: Mapping[str, str] | None = None) -> bytes:
    """UTF-8 with a byte-order mark so Excel shows accents; `;` and decimal comma on request.

    With a `lang`, the reader's columns (`readable_frame`); without, the raw codes."""
    frame = _frame(rows, lang, hosts)
    text = frame.to_csv(index=False, sep=";" if semicolon else ",",
                        decimal="," if semicolon else ".", lineterminator="\r\n")
    return UTF8_BOM + text.encode("utf-8")


def report_csv(problems: Iterable[Problem], lang: str) -> bytes:
    """The validation report as Excel-ready CSV (BOM), one problem a row, headers and
    severities in the reader's language; separated by semicolons where the reader's locale
    writes a decimal comma, as Excel there expects. A value that would run as a formula
    (often the very value reported) is kept as text."""
    keys = ["file", "line", "column", "value", "code", "severity", "message"]
    records = pd.DataFrame([p.as_record(lang) for p in problems], columns=keys)
    records["line"] = records["line"].astype("Int64")
    records["severity"] = [t(f"severity.{s}", lang) for s in records["severity"]]
    for name in ("file", "column", "value", "code", "severity", "message"):
        records[name] = records[name].map(neutralise)
    records.columns = [t(f"col.{key}", lang) for key in keys]
    comma = numbers.get_decimal_symbol(cldr_locale(lang)) == ","
    return UTF8_BOM + records.to_csv(index=False, sep=";" if comma else ",",
                                     lineterminator="\r\n").encode("utf-8")


def _xlsx_value(value: object) -> object:
    """A cell's value for openpyxl: full ISO dates as dates, missing as empty, else as is."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, str) and ISO_DAY.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def to_xlsx(rows: pd.DataFrame, sheet: str = "activities", lang: str | None = None,
            hosts: Mapping[str, str] | None = None) -> bytes:
    """An Excel workbook with one sheet: a bold, frozen header; full dates as dates, numbers
    as numbers, text as text; widths that fit the content.

    A text that a spreadsheet would run as a formula is stored as text with Excel's "quote
    prefix" style (the apostrophe Excel itself hides), not with a visible apostrophe."""
    frame = (export_frame(rows, neutralised=False) if lang is None
             else readable_frame(rows, lang, hosts or {}))
    book = Workbook()
    worksheet = book.active
    worksheet.title = sheet[:31]
    worksheet.append([str(c) for c in frame.columns])
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
    for line, record in enumerate(frame.itertuples(index=False), start=2):
        for column, value in enumerate(record, start=1):
            typed = _xlsx_value(value)
            cell = worksheet.cell(row=line, column=column, value=typed)
            if isinstance(typed, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
                cell.quotePrefix = typed.startswith(FORMULA_CHARACTERS)
            elif isinstance(typed, dt.date):
                cell.number_format = "yyyy-mm-dd"
    for column in worksheet.columns:
        width = max(len(str(c.value)) if c.value is not None else 0 for c in column[:200])
        worksheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)
    worksheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
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
           places: Mapping[str, str] | None = None, lang: str = DEFAULT_LANGUAGE) -> bytes:
    """One all-day event per activity whose start day is known; ends at its last known day.

    Written by the `icalendar` package: text escaped and long lines folded per RFC 5545.
    `places` gives a host id's place ("University, City") for the event's LOCATION (not for
    online activities); URL only holds an http(s) address. An example's description starts
    with "[example]" in `lang`.
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
            description = f"{t('exports.example_prefix', lang)} {description}".strip()
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
