"""How the alliance got here: milestones, phases, projects, membership and activities in time."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from alliance.dates import period_bounds, precision
from alliance.filters import date_bounds, in_window
from alliance.i18n import format_span, in_language, t, value_label
from alliance.overview import activity_windows

# Projects whose programme names this are the alliance's own funding phases; others are
# companion projects drawn as spans.
PHASE_PROGRAMME = "European Universities"


def _precisions(cells: pd.Series) -> pd.Series:
    return cells.fillna("").astype(str).map(lambda v: precision(v) if v else "")


def milestone_frame(milestones: pd.DataFrame, lang: str,
                    categories: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Milestones with the days each honestly covers: `first`/`last` span the whole month
    or year when only that is known; `precision` says which; `span` is true for anything
    longer than a day; `key_number` numbers the key dates of the full list, whichever
    `categories` are kept."""
    title = in_language(milestones, "title", lang)
    first, last = period_bounds(milestones["date"])
    _, end_last = period_bounds(milestones["end"])
    last = end_last.fillna(last)
    frame = pd.DataFrame({
        "id": milestones["id"], "date": milestones["date"], "end": milestones["end"],
        "title": title, "category": milestones["category"],
        "university_id": milestones["university_id"],
        "highlight": milestones["highlight"].fillna(False).astype(bool),
        "precision": _precisions(milestones["date"]),
        "first": first, "last": last,
    })
    frame["span"] = frame["last"] > frame["first"]
    frame = frame.dropna(subset=["first"]).sort_values(["first", "id"]).reset_index(drop=True)
    # Key dates are numbered once, over the whole list, so that showing some categories only
    # keeps each key date's number (27 Sep 2022 stays "2").
    key = frame["highlight"].to_numpy()
    frame["key_number"] = pd.array([pd.NA] * len(frame), dtype="Int64")
    frame.loc[key, "key_number"] = range(1, int(key.sum()) + 1)
    if categories is not None:
        frame = frame[frame["category"].isin(categories)].reset_index(drop=True)
    return frame


def numbered_key_dates(milestones: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The key (highlighted) milestones in date order, each with the number every chart,
    slide and list marks it by (`key_number`), from `milestone_frame`: one numbering."""
    frame = milestone_frame(milestones, lang)
    return frame[frame["highlight"]].reset_index(drop=True)


def project_frame(projects: pd.DataFrame) -> pd.DataFrame:
    """Projects as spans, funding phases (the alliance's own grants) flagged as `phase`.
    A project without an end runs to its start's last day."""
    first, start_last = period_bounds(projects["start"])
    _, end_last = period_bounds(projects["end"])
    frame = pd.DataFrame({
        "id": projects["id"], "name": projects["name"], "start": projects["start"],
        "end": projects["end"], "programme": projects["programme"],
        "phase": projects["programme"].fillna("").str.contains(PHASE_PROGRAMME, regex=False),
        "first": first, "last": end_last.fillna(start_last),
        "start_precision": _precisions(projects["start"]),
        "end_precision": _precisions(projects["end"]),
    })
    return frame.dropna(subset=["first"]).sort_values(["first", "id"]).reset_index(drop=True)


def time_range(projects: pd.DataFrame, today: dt.date,
               start_year: int = 2020) -> tuple[pd.Timestamp, pd.Timestamp]:
    """From 1 January of the start year to the end of the current funding period (the
    latest phase end), or to the end of this year when no phase is known."""
    phases = project_frame(projects)
    phases = phases[phases["phase"]]
    end = phases["last"].max() if len(phases) else pd.NaT
    if pd.isna(end):
        end = pd.Timestamp(dt.date(today.year, 12, 31))
    return pd.Timestamp(dt.date(start_year, 1, 1)), pd.Timestamp(end)


def membership_by_year(universities: pd.DataFrame, last_year: int) -> pd.DataFrame:
    """Members and countries at the end of each year, from the first joining to `last_year`."""
    joined = period_bounds(universities["joined"])[0].dt.year
    if joined.dropna().empty:
        return pd.DataFrame(columns=["year", "members", "countries", "new"])
    rows = []
    for year in range(int(joined.min()), max(int(joined.max()), last_year) + 1):
        inside = universities[joined <= year]
        rows.append({"year": year, "members": len(inside),
                     "countries": int(inside["country"].nunique()),
                     "new": int((joined == year).sum())})
    return pd.DataFrame(rows)


def schedule(activities: pd.DataFrame, today: dt.date, audience: str | None = None,
             limit: int = 30) -> pd.DataFrame:
    """Dated activities not yet over, soonest first: the rows of a Gantt chart by audience.
    `first`/`last` cover whole months or years when the dates are not more precise."""
    bounds = date_bounds(activities)
    open_now, running = (in_window(bounds, w, today) for w in ("open_now", "running"))
    frame = activities.assign(first=bounds["start_first"], last=bounds["finish"],
                              apply_last=bounds["apply_last"], open_now=open_now,
                              running=running,
                              start_precision=_precisions(activities["start"]))
    keep = frame["first"].notna() & (in_window(bounds, "upcoming", today) | running
                                     | open_now)
    frame = frame[keep]
    if audience:
        frame = frame[frame["audience"] == audience]
    return frame.sort_values(["first", "id"]).head(limit).reset_index(drop=True)


def opportunities_by_audience(activities: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Per audience: how many activities are open for applications, running and upcoming."""
    windows = activity_windows(activities, today)
    frame = pd.concat([activities[["audience"]], windows[["open_now", "running", "upcoming"]]],
                      axis=1)
    return (frame.groupby("audience", sort=True)[["open_now", "running", "upcoming"]].sum()
            .astype(int).reset_index())


def milestones_view(milestones: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The milestones of `milestone_frame` as a table: date (or span) at its own precision,
    what happened (key dates starred) and category, in `lang`."""
    return pd.DataFrame({
        t("col.date", lang): [format_span(start, end, lang) for start, end in
                              zip(milestones["date"], milestones["end"], strict=True)],
        t("col.what", lang): [("★ " if key else "") + str(title) for title, key in
                              zip(milestones["title"], milestones["highlight"], strict=True)],
        t("col.category", lang): [value_label(c, lang) for c in milestones["category"]],
    })
