"""The alliance at a glance: figures computed from the tables, for any alliance's data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from alliance.dates import period_bounds
from alliance.filters import date_bounds, in_window
from alliance.i18n import (
    DEFAULT_LANGUAGE,
    as_of,
    country_name,
    format_date,
    format_number,
    format_span,
    in_language,
    mark_examples,
    t,
    value_label,
)


@dataclass(frozen=True)
class Summary:
    """Headline figures of the overview."""

    members: int
    founding_members: int
    countries: int
    students: int
    students_known: int  # how many members the student total covers
    campuses: int
    activities: int
    open_now: int
    running_now: int
    upcoming: int
    coordinator: str | None
    examples: int = 0  # example rows among the activities counted (0 when examples are hidden)
    # The examples among each window's count: open now, running, upcoming.
    window_examples: tuple[int, int, int] = (0, 0, 0)
    students_years: tuple[str, str] | None = None  # earliest and latest year of those counts


@dataclass(frozen=True)
class Headline:
    """One figure as a metric shows it: label, formatted value, and an explanation."""

    label: str
    value: str
    help: str | None = None
    # What an approximate value ("≈ 154,000") stands for, in words: said beside the figure
    # wherever it is shown, so the figure itself stays short enough for its box.
    note: str | None = None
    # What the figure includes that a reader must know ("incl. 7 examples"): under the
    # number in a metric's box, in brackets after it in text.
    qualifier: str | None = None

    @property
    def shown(self) -> str:
        """The figure as one piece of text: "7 (incl. 7 examples)"."""
        return f"{self.value} ({self.qualifier})" if self.qualifier else self.value


def published(activities: pd.DataFrame, examples: bool = False) -> pd.DataFrame:
    """The activities to count and show: published rows only, unless examples are asked for
    (rows with `illustrative` true only illustrate the kind of opportunity offered)."""
    if examples or "illustrative" not in activities:
        return activities
    # A fresh index: the date windows are computed by position.
    return activities[~activities["illustrative"].fillna(False).astype(bool)].reset_index(
        drop=True)


def count_examples(activities: pd.DataFrame) -> int:
    """How many of the activities are examples (`illustrative` true)."""
    if "illustrative" not in activities:
        return 0
    return int(activities["illustrative"].fillna(False).astype(bool).sum())


def rounded(value: int) -> int:
    """An approximate total to three significant figures: 160,518 -> 161,000."""
    if value < 1000:
        return value
    step = 10 ** (len(str(int(value))) - 3)
    return int(round(value / step) * step)


def headlines(summary: Summary, lang: str) -> list[Headline]:
    """The eight figures the Overview, meeting mode and the brief lead with, in this order:
    members, countries, students, campuses, open now, running, upcoming, founding members."""
    def number(value: int) -> str:
        return format_number(value, lang)

    def activities(label: str, value: int, examples: int) -> Headline:
        # Examples shown: say so with the figure itself, each figure of its own rows, not only
        # in a note further down.
        return Headline(t(label, lang), number(value), t("overview.activities_help", lang),
                        qualifier=t("overview.with_examples", lang, count=examples,
                                    examples=number(examples)) if examples else None)

    first, last = summary.students_years or ("–", "–")
    years = first if first == last else f"{first}–{last}"
    students = number(rounded(summary.students))
    students_note = t("overview.students_note", lang, value=students)
    return [
        Headline(t("overview.members", lang), number(summary.members),
                 t("overview.members_help", lang, founding=summary.founding_members)),
        Headline(t("overview.countries", lang), number(summary.countries)),
        Headline(t("overview.students_sum", lang, years=years), approximately(students),
                 students_note + " " + t("overview.students_help", lang,
                                         known=summary.students_known, years=years,
                                         exact=number(summary.students)),
                 students_note),
        Headline(t("overview.campuses", lang), number(summary.campuses)),
        activities("overview.open_now", summary.open_now, summary.window_examples[0]),
        activities("overview.running", summary.running_now, summary.window_examples[1]),
        activities("overview.upcoming", summary.upcoming, summary.window_examples[2]),
        Headline(t("brief.founding", lang), number(summary.founding_members)),
    ]


def reported(identity: Mapping[str, object], lang: str) -> list[Headline]:
    """The totals the alliance reports about itself (alliance.toml), labelled in `lang`,
    approximate ones marked, each with its date and source."""
    items = identity.get("figures", [])
    if not isinstance(items, list):
        return []
    return [Headline(
        str(item.get(f"label_{lang}") or item.get("label_en", item.get("key", ""))),
        figure_value(item, lang),
        " ".join(part for part in (
            figure_note(item, lang) or "",
            str(item.get(f"note_{lang}") or item.get("note_en") or ""),
            t("overview.reported_help", lang, when=as_of(item.get("as_of"), lang),  # type: ignore[arg-type]
              source=item.get("source", "–"))) if part),
        figure_note(item, lang),
    ) for item in items if isinstance(item, dict)]


def approximately(value: str) -> str:
    """An approximate figure as short as it can be: "≈ 154,000" (the word goes in its note,
    so the value fits a metric or a slide's box in every language)."""
    return f"≈ {value}"


def figure_value(item: Mapping[str, object], lang: str) -> str:
    """A reported figure: "over 60", "nearly 100", "≈ 150,000" (about), or "60"."""
    value = format_number(item.get("value"), lang)  # type: ignore[arg-type]
    qualifier = str(item.get("qualifier") or "")
    if qualifier in ("over", "nearly"):
        return t(f"figure.{qualifier}", lang, value=value)
    return approximately(value) if item.get("approximate") else value


def figure_note(item: Mapping[str, object], lang: str) -> str | None:
    """What an approximate reported figure's "≈" stands for, in words; None otherwise."""
    if str(item.get("qualifier") or "") in ("over", "nearly") or not item.get("approximate"):
        return None
    return t("figure.about_note", lang,
             value=format_number(item.get("value"), lang))  # type: ignore[arg-type]


def lead(identity: Mapping[str, object], lang: str) -> str:
    """The alliance's description in `lang`, else in English, else nothing."""
    description = identity.get("description", {})
    if not isinstance(description, dict):
        return ""
    return str(description.get(lang) or description.get("en", ""))


def activity_windows(activities: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Flags per activity (open for applications now, running now, upcoming, past) by the
    same rules as the Opportunities page's date windows, and its first possible start."""
    bounds = date_bounds(activities)
    flags = {name: in_window(bounds, window, today) for name, window in
             (("open_now", "open_now"), ("running", "running"), ("upcoming", "upcoming"),
              ("past", "past"))}
    return pd.DataFrame({**flags, "starts": bounds["start_first"]}, index=activities.index)


def summarise(tables: dict[str, pd.DataFrame], today: dt.date,
              examples: bool = False, lang: str = DEFAULT_LANGUAGE) -> Summary:
    """Count members, countries, students, campuses and activities by window; activities
    count published rows only unless `examples` is true. The coordinator is named in `lang`
    where the data has that name (see `in_language`)."""
    universities = tables["universities"]
    activities = published(tables["activities"], examples)
    windows = activity_windows(activities, today)
    coordinators = in_language(universities, "name", lang)[
        universities["coordinator"].fillna(False).astype(bool)]
    students = universities["students"].dropna()
    years = (universities.loc[students.index, "students_as_of"].dropna().astype(str).str[:4]
             if "students_as_of" in universities else pd.Series(dtype=str))
    counted = windows["open_now"] | windows["running"] | windows["upcoming"]
    marked = (activities["illustrative"].fillna(False).astype(bool) if "illustrative" in activities
              else pd.Series(False, index=activities.index))
    return Summary(
        members=len(universities),
        founding_members=int((universities["membership"] == "founding member").sum()),
        countries=int(universities["country"].nunique()),
        students=int(students.sum()),
        students_known=len(students),
        campuses=len(tables["locations"]),
        activities=len(activities),
        open_now=int(windows["open_now"].sum()),
        running_now=int(windows["running"].sum()),
        upcoming=int(windows["upcoming"].sum()),
        coordinator=str(coordinators.iloc[0]) if len(coordinators) else None,
        examples=int((counted & marked).sum()),
        window_examples=tuple(int((windows[w] & marked).sum())  # type: ignore[arg-type]
                              for w in ("open_now", "running", "upcoming")),
        students_years=(years.min(), years.max()) if len(years) else None,
    )


def key_dates(milestones: pd.DataFrame, lang: str, limit: int = 8) -> pd.DataFrame:
    """Highlighted milestones first, then the latest others, in date order; `end` is the
    last day of those that span several."""
    frame = pd.DataFrame({
        "date": milestones["date"],
        "end": milestones.get("end"),
        "title": in_language(milestones, "title", lang),
        "category": milestones["category"],
        "highlight": milestones["highlight"].fillna(False).astype(bool),
        "starts": period_bounds(milestones["date"])[0],
    })
    chosen = pd.concat([frame[frame["highlight"]],
                        frame[~frame["highlight"]].sort_values("starts").tail(limit)])
    chosen = chosen.head(limit) if frame["highlight"].sum() >= limit else chosen
    return chosen.sort_values("starts").drop(columns="starts").reset_index(drop=True)


def next_activities(activities: pd.DataFrame, today: dt.date, limit: int = 6) -> pd.DataFrame:
    """The soonest activities that have not started yet, or that accept applications now."""
    windows = activity_windows(activities, today)
    keep = (windows["upcoming"] | windows["open_now"]).to_numpy(dtype=bool)
    # Values, not a Series: assigning a Series to an empty selection would add its rows.
    soon = activities[keep].assign(_starts=windows["starts"].to_numpy()[keep])
    return soon.sort_values(["_starts", "id"]).drop(columns="_starts").head(limit)


def members_table(universities: pd.DataFrame) -> pd.DataFrame:
    """Members in the order they joined, then by name."""
    starts = period_bounds(universities["joined"])[0]
    return (universities.assign(_joined=starts)
            .sort_values(["_joined", "coordinator", "name"], ascending=[True, False, True])
            .drop(columns="_joined").reset_index(drop=True))


# What the overview shows, as tables labelled in the reader's language.

def key_dates_view(milestones: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Key dates in words at their own precision (a span when they last several days),
    highlighted ones starred."""
    dates = key_dates(milestones, lang)
    return pd.DataFrame({
        t("col.date", lang): [format_span(d, e, lang)
                              for d, e in zip(dates["date"], dates["end"], strict=True)],
        t("col.what", lang): [("★ " if h else "") + str(w)
                              for w, h in zip(dates["title"], dates["highlight"], strict=True)],
        t("col.category", lang): [value_label(c, lang) for c in dates["category"]],
    })


def next_view(soon: pd.DataFrame, universities: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The next opportunities, examples marked, hosts named in `lang` where the data has
    that name."""
    hosts = pd.Series(in_language(universities, "name", lang).to_numpy(),
                      index=universities["id"])
    whole = t("alliance.whole", lang)
    return pd.DataFrame({
        t("col.title", lang): mark_examples(in_language(soon, "title", lang), soon["illustrative"],
                                            lang),
        t("col.kind", lang): [value_label(k, lang) for k in soon["kind"]],
        t("col.audience", lang): [value_label(a, lang) for a in soon["audience"]],
        t("col.starts", lang): [format_date(d, lang) for d in soon["start"]],
        t("col.apply_by", lang): [format_date(d, lang) for d in soon["apply_by"]],
        t("col.host", lang): [hosts.get(h, whole) if isinstance(h, str) else whole
                              for h in soon["host_id"]],
    })


def members_view(universities: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Members in the order they joined, with their country's name, role and student
    figure, named in `lang` where the data has that name."""
    members = members_table(universities)
    return pd.DataFrame({
        t("col.name", lang): in_language(members, "name", lang),
        t("col.name_local", lang): members["name_local"],
        t("col.city", lang): members["city"],
        t("col.country", lang): [country_name(c, lang) for c in members["country"]],
        t("col.joined", lang): [format_date(d, lang) for d in members["joined"]],
        t("col.students", lang): [format_number(v, lang) if pd.notna(v) else "–"
                                  for v in members["students"]],
        t("col.role", lang): [
            value_label(m, lang) + (f" · {t('coordinator', lang)}" if bool(c) else "")
            for m, c in zip(members["membership"], members["coordinator"], strict=True)],
    })
