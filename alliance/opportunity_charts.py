"""Summary charts of a filtered set of activities: by kind, by host, by month of start."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from alliance.charts import hover_pair, themeable
from alliance.i18n import format_date, number_separators, t, value_label
from alliance.opportunities import option_label
from alliance.text import plot
from alliance.theme import PALETTE


def _bars(labels: list[str], counts: list[int], title: str, x_title: str, lang: str,
          horizontal: bool = True, names: list[str] | None = None) -> go.Figure:
    """Bars of `counts`; `names`, when given, say on hover what each short label stands for."""
    figure = go.Figure()
    if horizontal:
        figure.add_bar(x=counts, y=labels, orientation="h", marker_color=PALETTE[0],
                       customdata=names, hovertemplate=hover_pair(
                           "%{customdata}" if names else "%{y}", "%{x}", lang))
        figure.update_layout(yaxis={"autorange": "reversed"}, xaxis_title=t(
            "opportunities.chart.count", lang), yaxis_title=x_title)
    else:
        figure.add_bar(x=labels, y=counts, marker_color=PALETTE[0],
                       hovertemplate=hover_pair("%{x}", "%{y}", lang))
        figure.update_layout(xaxis_title=x_title, yaxis_title=t("opportunities.chart.count", lang))
    count_axis = {"tickformat": ",d", "rangemode": "tozero"}
    if counts and max(counts) <= 10:
        count_axis["dtick"] = 1
    if horizontal:
        figure.update_xaxes(**count_axis)
    else:
        figure.update_yaxes(**count_axis)
    figure.update_layout(title=title, height=300, margin={"l": 10, "r": 10, "t": 40, "b": 10},
                         separators=number_separators(lang))
    return themeable(figure)


def _height(bars: int) -> int:
    """Room for every bar of a horizontal chart, at least the row's usual 300 px."""
    return max(300, 80 + 22 * bars)


def _grouped(counts: pd.Series, limit: int | None, lang: str) -> tuple[list[str], list[int]]:
    """The counts' keys and values, the smallest beyond `limit` bars summed in one "other (n)"
    bar, so that the bars always add up to every activity shown."""
    keys, values = [str(k) for k in counts.index], [int(v) for v in counts.tolist()]
    if limit is None or len(keys) <= limit:
        return keys, values
    kept = max(limit - 1, 1)
    rest = len(keys) - kept
    return ([*keys[:kept], t("opportunities.chart.other", lang, count=rest)],
            [*values[:kept], sum(values[kept:])])


def by_kind(rows: pd.DataFrame, lang: str, limit: int | None = None) -> go.Figure:
    """Activities per kind: every kind, unless a `limit` folds the rest into "other (n)"."""
    counts = rows["kind"].astype(str).value_counts()
    keys, values = _grouped(counts, limit, lang)
    labels = [plot(value_label(k, lang)) if k in counts.index else plot(k) for k in keys]
    figure = _bars(labels, values, t("opportunities.chart.kind", lang),
                   t("opportunities.col.kind", lang), lang)
    figure.update_layout(height=_height(len(labels)))
    return figure


def by_host(rows: pd.DataFrame, lang: str, hosts: dict[str, str], limit: int | None = None
            ) -> go.Figure:
    """Activities per host: every member, unless a `limit` folds the rest into "other (n)"."""
    counts = rows["host_key"].astype(str).value_counts()
    keys, values = _grouped(counts, limit, lang)
    # Host ids keep the axis short (they are plain capitals); any other label is escaped.
    labels = [plot(k if k in hosts or k not in counts.index
                   else option_label("host", k, lang, hosts)) for k in keys]
    # On hover, a member's name after its id ("University of Mons (UMONS)").
    names = [plot(f"{hosts[k]} ({k})") if k in hosts else label for k, label in
             zip(keys, labels, strict=True)]
    figure = _bars(labels, values, t("opportunities.chart.host", lang),
                   t("opportunities.col.host", lang), lang, names=names)
    figure.update_layout(height=_height(len(labels)))
    return figure


def month_span(months: pd.Series) -> list[str]:
    """Every month (YYYY-MM) from the first to the last of `months`, empty ones included."""
    if months.empty:
        return []
    return [p.strftime("%Y-%m") for p in pd.period_range(min(months), max(months), freq="M")]


def by_month(rows: pd.DataFrame, lang: str) -> go.Figure:
    """Activities per month of start, on a continuous axis of named months (months without
    activities show as gaps); activities known only to the year are left out."""
    starts = rows["start"].fillna("").astype(str)
    months = starts[starts.str.match(r"^\d{4}-\d{2}")].str.slice(0, 7)
    counts = months.value_counts()
    span = month_span(months)
    labels = [format_date(m, lang) for m in span]
    figure = _bars(labels, [int(counts.get(m, 0)) for m in span],
                   t("opportunities.chart.month", lang),
                   t("opportunities.chart.month_axis", lang), lang, horizontal=False)
    figure.update_xaxes(type="category", categoryorder="array", categoryarray=labels)
    return figure
