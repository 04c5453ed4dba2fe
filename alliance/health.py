"""What the Data health page shows (totals, a line per file, a table of problems), and the
table of problems the editor shows before a save.

Pure functions of a validation report, labelled in the reader's language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from alliance.i18n import t
from alliance.identity import IDENTITY_FILE
from alliance.problems import WARNING, Problem
from alliance.validate import Report


@dataclass(frozen=True)
class Totals:
    errors: int
    warnings: int
    rows: int
    files: int
    files_with_problems: int


def totals(report: Report) -> Totals:
    """Problems and files of the whole folder: the tables and alliance.toml (rows count only
    the tables')."""
    results = report.results.values()
    identity = report.identity
    return Totals(errors=sum(r.errors for r in results) + report.identity_errors,
                  warnings=sum(r.warnings for r in results)
                  + sum(1 for p in identity if p.severity == WARNING),
                  rows=sum(r.rows for r in results),
                  files=len(report.results) + 1,
                  files_with_problems=sum(1 for r in results if r.problems) + bool(identity))


def example_counts(tables: Mapping[str, pd.DataFrame]) -> dict[str, int]:
    """How many rows of each table are examples (illustrative = true), for tables that have
    rows marked so; a table without the column holds no examples."""
    counts = {}
    for name, frame in tables.items():
        if "illustrative" in frame.columns:
            marked = frame["illustrative"].astype("boolean").fillna(False).astype(bool)
            counts[name] = int(marked.sum())
    return counts


def files_view(report: Report, fallbacks: Mapping[str, str], lang: str,
               examples: Mapping[str, int] | None = None,
               identity_shown: str = "ok") -> pd.DataFrame:
    """A row per file: rows, how many are examples, errors, warnings, and which version the
    pages show (the current file, its last valid copy, or only its valid rows); alliance.toml
    last, with no rows, and `identity_shown` saying which version of it the pages use."""
    results = report.results
    examples = examples or {}
    warnings = sum(1 for p in report.identity if p.severity == WARNING)
    return pd.DataFrame({
        t("col.file", lang): [r.table.file_name for r in results.values()] + [IDENTITY_FILE],
        # Numbers, so the table sorts them as such (text put "154" before "28"); alliance.toml
        # has no rows (NaN, which the page draws as "–").
        t("col.rows", lang): [float(r.rows) for r in results.values()] + [float("nan")],
        t("col.examples", lang): [float(examples.get(name, 0)) for name in results]
        + [float("nan")],
        t("col.errors", lang): [r.errors for r in results.values()] + [report.identity_errors],
        t("col.warnings", lang): [r.warnings for r in results.values()] + [warnings],
        t("col.status", lang): [t(f"health.status.{fallbacks.get(name, 'ok')}", lang)
                                for name in results]
        + [t(f"health.status.{identity_shown}", lang)],
    })


def problems_view(problems: Iterable[Problem], lang: str,
                  with_file: bool = False) -> pd.DataFrame:
    """Problems as a table: (file,) line, column, value, severity and what to do, in `lang`."""
    problems = list(problems)
    columns = {
        t("col.line", lang): [p.line for p in problems],
        t("col.column", lang): [p.column or "" for p in problems],
        t("col.value", lang): [p.value or "" for p in problems],
        t("col.severity", lang): [t(f"severity.{p.severity}", lang) for p in problems],
        t("col.message", lang): [p.message(lang) for p in problems],
    }
    if with_file:
        columns = {t("col.file", lang): [p.file for p in problems], **columns}
    return pd.DataFrame(columns)
