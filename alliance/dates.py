"""ISO partial dates (YYYY, YYYY-MM, YYYY-MM-DD): the span of days each one honestly covers."""

from __future__ import annotations

import pandas as pd


def period_bounds(cells: pd.Series) -> tuple[pd.Series, pd.Series]:
    """First and last day covered by each partial date; NaT where empty or not a date."""
    text = cells.astype("str").str.strip()
    year = text.str.fullmatch(r"\d{4}")
    month = text.str.fullmatch(r"\d{4}-\d{2}")
    day = text.str.fullmatch(r"\d{4}-\d{2}-\d{2}")
    first_text = text.where(~year, text + "-01-01").where(~month, text + "-01")
    first = pd.to_datetime(first_text.where(year | month | day), format="%Y-%m-%d",
                           errors="coerce")
    last = first.copy()
    last = last.where(~year, first + pd.offsets.YearEnd(0))
    last = last.where(~month, first + pd.offsets.MonthEnd(0))
    return first, last


def precision(value: str) -> str:
    """'year', 'month' or 'day', from how much of the date is written."""
    return {4: "year", 7: "month"}.get(len(value.strip()), "day")
