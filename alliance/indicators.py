"""Progress figures: the scorecard, each indicator over time, members side by side, funding."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from babel import numbers

from alliance.dates import period_bounds
from alliance.i18n import (
    LANGUAGES,
    cldr_locale,
    format_date,
    format_number,
    format_when,
    in_language,
    t,
    translated_column,
)
from alliance.schema import DIMENSIONS
from alliance.timeline import numbered_key_dates

# Indicators computed from imported Erasmus+ mobility data (see `mobility_values`): their ids
# start with this, so they never clash with the rows analysts type into indicators.csv.
COMPUTED_PREFIX = "ERASMUS-"
COMPUTED_INDICATORS = (
    ("ERASMUS-SENT", "education_mobility", "mobility.sent"),
    ("ERASMUS-RECEIVED", "education_mobility", "mobility.received"),
)


@dataclass(frozen=True)
class Score:
    """One line of the scorecard: an indicator's latest alliance-wide value and its target."""

    id: str
    dimension: str
    name: str
    unit: str
    direction: str
    latest: float | None
    period: str | None
    approximate: bool
    as_of: str | None
    source: str
    illustrative: bool
    trend: tuple[float, ...]
    target: float | None
    target_date: str | None
    target_source: str | None
    note: str
    computed: bool = False

    @property
    def reached(self) -> bool | None:
        """Whether the target is met; None without a target or a value."""
        if self.target is None or self.latest is None:
            return None
        return self.latest >= self.target if self.direction == "higher" \
            else self.latest <= self.target

    @property
    def gap(self) -> float | None:
        """How far the latest value still is from the target (0 once reached)."""
        if self.reached is None:
            return None
        return 0.0 if self.reached else abs(float(self.target) - float(self.latest))


def _text(value: object) -> str:
    """A cell as plain text: empty for missing values, never 'nan' or '<NA>'."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def flag(value: object) -> bool:
    """A boolean cell: missing counts as false."""
    return False if value is None or value is pd.NA or pd.isna(value) else bool(value)


def _number(value: object) -> float | None:
    if value is None or value is pd.NA or pd.isna(value):
        return None
    return float(value)


def names(indicators: pd.DataFrame, lang: str) -> pd.Series:
    """Each indicator's name in `lang`, the default language's where no translation is given."""
    return in_language(indicators, "name", lang)


def with_periods(values: pd.DataFrame) -> pd.DataFrame:
    """Values with `when`: the middle of the span each partial period covers, for time axes."""
    first, last = period_bounds(values["period"])
    out = values.copy()
    out["when"] = first + (last - first) / 2
    return out


def alliance_wide(values: pd.DataFrame) -> pd.DataFrame:
    """The values that are the whole alliance's, not one member's, in time order."""
    own = values[values["university_id"].isna()] if len(values) else values
    return with_periods(own).sort_values(["indicator_id", "when", "id"], kind="stable")


def scorecard(indicators: pd.DataFrame, values: pd.DataFrame, lang: str) -> list[Score]:
    """One score per indicator, in the order of the dimensions, then of the file."""
    wide = alliance_wide(values)
    by_id = {key: group for key, group in wide.groupby("indicator_id", sort=False)}
    order = {d: i for i, d in enumerate(DIMENSIONS)}
    frame = indicators.assign(display_name=names(indicators, lang),
                              rank=indicators["dimension"].map(order).fillna(len(order)))
    frame = frame.sort_values("rank", kind="stable")
    scores = []
    for row in frame.itertuples(index=False):
        mine = by_id.get(row.id)
        last = mine.iloc[-1] if mine is not None and len(mine) else None
        scores.append(Score(
            id=row.id, dimension=row.dimension, name=str(row.display_name), unit=row.unit,
            direction=row.direction,
            latest=None if last is None else _number(last["value"]),
            period=None if last is None else _text(last["period"]) or None,
            approximate=last is not None and flag(last["approximate"]),
            as_of=None if last is None else _text(last["as_of"]) or None,
            source=_text(row.source) if last is None else _text(last["source"]),
            illustrative=last is not None and flag(last["illustrative"]),
            trend=() if mine is None else tuple(float(v) for v in mine["value"]),
            target=_number(row.target), target_date=_text(row.target_date) or None,
            target_source=_text(row.target_source) or None, note=_text(row.note),
            computed=str(row.id).startswith(COMPUTED_PREFIX)))
    return scores


def by_dimension(scores: list[Score]) -> dict[str, list[Score]]:
    """The scores of each dimension, every dimension present even when it has none."""
    grouped: dict[str, list[Score]] = {d: [] for d in DIMENSIONS}
    for score in scores:
        grouped.setdefault(score.dimension, []).append(score)
    return grouped


def format_value(value: float | None, unit: str, lang: str, approximate: bool = False) -> str:
    """A figure in words: '≈ 10,100', '50 %', 'EUR 14.4 million'; '–' when there is none."""
    if value is None:
        return "–"
    if unit == "EUR":
        text = format_money(value, lang)
    else:
        decimals = 0 if float(value).is_integer() else 1
        text = format_number(value, lang, decimals)
        if unit == "percent":
            return format_percent(value, lang, approximate)
    return f"≈ {text}" if approximate else text


def format_percent(value: float, lang: str, approximate: bool = False) -> str:
    """A percentage in the locale's own form (CLDR): '50%', '50 %'."""
    text = numbers.format_percent(float(value) / 100, locale=cldr_locale(lang),
                                  decimal_quantization=False)
    return f"≈ {text}" if approximate else text


def format_money(amount: float, lang: str) -> str:
    """Euros the way a board reads them: 'EUR 14.4 million', '14,4 millions d'euros'."""
    if amount >= 1_000_000:
        return t("progress.millions", lang, amount=format_number(amount / 1e6, lang, 2)
                 .rstrip("0").rstrip(",.").strip())
    return t("progress.euros", lang, amount=format_number(amount, lang))


def trend_text(score: Score, lang: str) -> str:
    """The values over time as '7 → 10 → 10'; the last four at most."""
    shown = score.trend[-4:]
    return " → ".join(format_value(v, score.unit, lang) for v in shown) if shown else "–"


def target_text(score: Score, lang: str) -> str:
    """The target and its date, or 'no published target'."""
    if score.target is None:
        return t("progress.no_target", lang)
    text = format_value(score.target, score.unit, lang)
    if score.target_date:
        text = t("progress.target_by", lang, target=text, date=format_date(score.target_date,
                                                                            lang))
    return text


def distance_text(score: Score, lang: str) -> str:
    """How far from the target: 'reached', '40 to go', or '–' when it cannot be said."""
    if score.reached is None:
        return "–"
    if score.reached:
        return t("progress.reached", lang)
    return t("progress.to_go", lang, gap=format_value(score.gap, score.unit, lang))


def series(values: pd.DataFrame, indicator_id: str) -> pd.DataFrame:
    """One indicator's alliance-wide values over time (columns of indicator_values + when)."""
    wide = alliance_wide(values)
    return wide[wide["indicator_id"] == indicator_id].reset_index(drop=True)


def charted(indicators: pd.DataFrame, values: pd.DataFrame) -> list[str]:
    """The indicators worth a chart over time: those with two or more alliance-wide values."""
    counts = alliance_wide(values)["indicator_id"].value_counts()
    return [i for i in indicators["id"] if counts.get(i, 0) >= 2]


def milestone_marks(milestones: pd.DataFrame, lang: str, start: pd.Timestamp | None = None,
                    end: pd.Timestamp | None = None) -> pd.DataFrame:
    """The highlighted milestones to mark on a time axis (within start..end when given),
    numbered in date order like the key dates: date, when, title, number."""
    keys = numbered_key_dates(milestones, lang)
    frame = pd.DataFrame({"date": keys["date"], "title": keys["title"], "when": keys["first"],
                          "number": keys["key_number"].astype(int)})
    if start is not None:
        frame = frame[frame["when"] >= start]
    if end is not None:
        frame = frame[frame["when"] <= end]
    return frame.reset_index(drop=True)


def members_side_by_side(universities: pd.DataFrame, activities: pd.DataFrame,
                         indicators: pd.DataFrame, values: pd.DataFrame, lang: str,
                         flows: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per member: students (and their year), activities hosted, Erasmus+ students
    sent and received when mobility data are imported, and the latest value of every
    indicator that has per-member values (one column each, named in `lang`)."""
    hosted = activities["host_id"].value_counts() if len(activities) else pd.Series(dtype=int)
    frame = pd.DataFrame({
        "id": universities["id"].to_numpy(),
        "name": in_language(universities, "name", lang).to_numpy(),
        "students": universities["students"].to_numpy(),
        "students_as_of": universities["students_as_of"].to_numpy(),
        "activities": [int(hosted.get(u, 0)) for u in universities["id"]],
    })
    mobility = mobility_by_member(flows)
    if not mobility.empty:
        frame = frame.merge(mobility, how="left", on="id")
        frame[["sent", "received"]] = frame[["sent", "received"]].fillna(0).astype(int)
    own = values[values["university_id"].notna()] if len(values) else values
    if len(own):
        latest = with_periods(own).sort_values("when", kind="stable") \
            .groupby(["indicator_id", "university_id"]).tail(1)
        named = dict(zip(indicators["id"], names(indicators, lang), strict=True))
        for indicator_id, group in latest.groupby("indicator_id", sort=True):
            column = named.get(indicator_id, indicator_id)
            per = dict(zip(group["university_id"], group["value"], strict=True))
            frame[column] = [per.get(u) for u in frame["id"]]
    return frame


MEMBER_FACTS = ("id", "name", "students", "students_as_of", "activities", "sent", "received")


def members_table(members: pd.DataFrame, lang: str, mobility_mark: str = ""
                  ) -> tuple[pd.DataFrame, list[str]]:
    """The members side by side as the page's table shows them, and which of its columns are
    numbers. Counts stay numbers, so the table sorts them as such (text put "12,000" before
    "7,000"); when each student figure is from reads in words at its own precision
    ("December 2023", "2020", "2024/25"), not as the file's "2023-12". `mobility_mark` follows
    the Erasmus+ columns' names (when the imported rows are a sample)."""
    shown = pd.DataFrame({
        t("col.name", lang): members["name"].astype(str),
        t("col.students", lang): pd.to_numeric(members["students"], errors="coerce")
        .astype("float64"),
        t("progress.col.students_as_of", lang): [
            format_when(v, lang) or "–" for v in members["students_as_of"]],
        t("progress.col.activities", lang): members["activities"].astype(int),
    })
    numbers = [t("col.students", lang), t("progress.col.activities", lang)]
    if "sent" in members:
        for column in ("sent", "received"):
            label = t(f"progress.col.{column}", lang) + mobility_mark
            shown[label] = members[column].astype(int)
            numbers.append(label)
    for column in (c for c in members.columns if c not in MEMBER_FACTS):
        shown[column] = pd.to_numeric(members[column], errors="coerce").astype("float64")
        numbers.append(column)
    return shown, numbers


def per_member_indicators(indicators: pd.DataFrame, values: pd.DataFrame) -> list[str]:
    """Ids of the indicators that have at least one member's own value."""
    if values.empty:
        return []
    used = set(values.loc[values["university_id"].notna(), "indicator_id"])
    return [i for i in indicators["id"] if i in used]


def funding(projects: pd.DataFrame) -> pd.DataFrame:
    """Projects with an amount, in start order: name, programme, start, end, amount, kind
    (total_budget, max_eu_grant, or unknown when the data do not say), source."""
    frame = projects[projects["budget_eur"].notna()].copy()
    frame["starts"] = period_bounds(frame["start"])[0]
    frame = frame.sort_values("starts", kind="stable")
    kind = frame["amount_kind"] if "amount_kind" in frame else pd.Series(index=frame.index)
    return pd.DataFrame({
        "id": frame["id"].to_numpy(),
        "name": frame["name"].to_numpy(),
        "programme": frame["programme"].to_numpy(),
        "start": frame["start"].to_numpy(),
        "end": frame["end"].to_numpy(),
        "amount": frame["budget_eur"].astype(float).to_numpy(),
        "kind": kind.fillna("unknown").to_numpy(),
        "source": frame["source"].to_numpy(),
    })


def amount_label(kind: str, lang: str) -> str:
    return t(f"progress.amount.{kind}", lang)


# -- Erasmus+ mobility ---------------------------------------------------------------------
# The hook for imported mobility data. `flows` holds the imported rows that touch a member,
# summed (`Mobility.member_rows`, or `Mobility.flows` for pairs of members only): columns
# year (the calendar year the mobility started), sending and receiving (member ids from
# universities.csv; missing when that end is outside the alliance) and participants. A
# member's "sent" is then every participant it sent, to any destination, as the Mobility page
# counts it. Nothing imported (None or an empty frame) means no computed indicator at all,
# never zeros.

FLOW_COLUMNS = ("year", "sending", "receiving", "participants")


def _usable(flows: pd.DataFrame | None) -> bool:
    return flows is not None and not flows.empty and all(c in flows for c in FLOW_COLUMNS)


def mobility_by_member(flows: pd.DataFrame | None) -> pd.DataFrame:
    """Participants each member sent (to any destination) and received (from any origin)
    over all imported years: id, sent, received. Empty when nothing is imported."""
    if not _usable(flows):
        return pd.DataFrame(columns=["id", "sent", "received"])
    sent = flows.groupby("sending")["participants"].sum()
    received = flows.groupby("receiving")["participants"].sum()
    ids = sorted(set(sent.index) | set(received.index))
    return pd.DataFrame({"id": ids, "sent": [int(sent.get(i, 0)) for i in ids],
                         "received": [int(received.get(i, 0)) for i in ids]})


def mobility_values(flows: pd.DataFrame | None, source: str,
                    as_of: dt.date | None = None,
                    synthetic: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Indicators and values computed from imported Erasmus+ flows, shaped like
    indicators.csv and indicator_values.csv, so `scorecard` and the charts take them as
    they take typed rows. Their notes say they are computed from the import; values from a
    synthetic sample are marked as examples (`illustrative`).

    Returns two empty frames when nothing is imported: callers may always concatenate.
    """
    named = [translated_column("name", code) for code in LANGUAGES]
    indicator_columns = ["id", "dimension", *named, "unit", "direction", "target", "target_date",
                         "target_source", "source", "note"]
    value_columns = ["id", "indicator_id", "period", "value", "approximate", "as_of",
                     "university_id", "source", "note", "illustrative"]
    if not _usable(flows):
        return pd.DataFrame(columns=indicator_columns), pd.DataFrame(columns=value_columns)
    stamp = as_of.isoformat() if as_of else None
    indicators, values = [], []
    for indicator_id, dimension, key in COMPUTED_INDICATORS:
        indicators.append({
            "id": indicator_id, "dimension": dimension,
            **{translated_column("name", code): t(key, code) for code in LANGUAGES},
            "unit": "count", "direction": "higher", "target": None,
            "target_date": None, "target_source": None, "source": source,
            "note": t("mobility.computed", "en")})
        side = "sending" if indicator_id.endswith("SENT") else "receiving"
        mine = flows[flows[side].notna()]
        for year, total in mine.groupby("year")["participants"].sum().items():
            values.append(_computed(indicator_id, f"{int(year):04d}", total, None, source,
                                    stamp, synthetic))
        for (member, year), total in mine.groupby([side, "year"])["participants"].sum() \
                .items():
            values.append(_computed(indicator_id, f"{int(year):04d}", total, member, source,
                                    stamp, synthetic))
    frame = pd.DataFrame(values, columns=value_columns)
    frame["id"] = [f"{COMPUTED_PREFIX}{i:05d}" for i in range(1, len(frame) + 1)]
    frame["value"] = frame["value"].astype("Float64")
    frame["approximate"] = frame["approximate"].astype("boolean")
    frame["illustrative"] = frame["illustrative"].astype("boolean")
    return pd.DataFrame(indicators, columns=indicator_columns), frame


def _computed(indicator_id: str, period: str, total: object, member: object, source: str,
              stamp: str | None, synthetic: bool) -> dict[str, object]:
    return {"id": "", "indicator_id": indicator_id, "period": period, "value": float(total),
            "approximate": False, "as_of": stamp, "university_id": member,
            "source": source, "note": t("mobility.computed", "en"), "illustrative": synthetic}


def with_mobility(indicators: pd.DataFrame, values: pd.DataFrame,
                  flows: pd.DataFrame | None, source: str,
                  as_of: dt.date | None = None,
                  synthetic: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The typed tables plus the indicators computed from imported mobility (a no-op,
    returning the tables themselves, when nothing is imported)."""
    extra_indicators, extra_values = mobility_values(flows, source, as_of, synthetic)
    if extra_indicators.empty:
        return indicators, values
    return (pd.concat([indicators, extra_indicators], ignore_index=True),
            pd.concat([values, extra_values], ignore_index=True))
