"""Summary charts of a filtered set of activities: by kind, by host, by month of start."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from alliance.charts import OKABE_ITO
from alliance.i18n import number_separators, t, value_label
from alliance.opportunities import option_label
from alliance.text import plot


def _bars(labels: list[str], counts: list[int], title: str, x_title: str, lang: str,
          horizontal: bool = True) -> go.Figure:
    figure = go.Figure()
    if horizontal:
        figure.add_bar(x=counts, y=labels, orientation="h", marker_color=OKABE_ITO[0],
                       hovertemplate="%{y}: %{x}<extra></extra>")
        figure.update_layout(yaxis={"autorange": "reversed"}, xaxis_title=t(
            "opportunities.chart.count", lang), yaxis_title=x_title)
    else:
        figure.add_bar(x=labels, y=counts, marker_color=OKABE_ITO[0],
                       hovertemplate="%{x}: %{y}<extra></extra>")
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
    return figure


def by_kind(rows: pd.DataFrame, lang: str, limit: int = 8) -> go.Figure:
    counts = rows["kind"].astype(str).value_counts().head(limit)
    return _bars([plot(value_label(k, lang)) for k in counts.index], counts.tolist(),
                 t("opportunities.chart.kind", lang), t("opportunities.col.kind", lang), lang)


def by_host(rows: pd.DataFrame, lang: str, hosts: dict[str, str], limit: int = 10
            ) -> go.Figure:
    counts = rows["host_key"].astype(str).value_counts().head(limit)
    # Host ids keep the axis short (they are plain capitals); any other label is escaped.
    labels = [plot(k if k in hosts else option_label("host", k, lang, hosts))
              for k in counts.index]
    return _bars(labels, counts.tolist(), t("opportunities.chart.host", lang),
                 t("opportunities.col.host", lang), lang)


def by_month(rows: pd.DataFrame, lang: str) -> go.Figure:
    """Activities per month of start; those known only to the year are left out."""
    starts = rows["start"].fillna("")
    months = starts[starts.str.len() >= 7].str.slice(0, 7)
    counts = months.value_counts().sort_index()
    figure = _bars(list(counts.index), counts.tolist(), t("opportunities.chart.month", lang),
                   t("opportunities.chart.month_axis", lang), lang, horizontal=False)
    figure.update_xaxes(type="category")  # one even bar per month that has activities
    return figure
