"""Plotly figures of the Progress page: an indicator over time, members, funding."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from alliance.charts import hover_pair, localized_dates, separators, themeable
from alliance.dates import period_bounds
from alliance.i18n import format_date, format_number, t
from alliance.indicators import amount_label, flag, format_money, format_value
from alliance.text import plot, plot_lines
from alliance.theme import PALETTE

KIND_COLOURS = {"total_budget": PALETTE[0], "max_eu_grant": PALETTE[1],
                "unknown": "#8A94A6"}
MILESTONE_COLOUR = PALETTE[5]


def over_time(points: pd.DataFrame, marks: pd.DataFrame, name: str, unit: str,
              lang: str) -> go.Figure:
    """One indicator's values over time, with the key dates as numbered diamonds on the time
    axis and dotted lines up to the values."""
    figure = go.Figure()
    labels = [format_value(float(v), unit, lang, flag(a))
              + (f" ({t('overview.illustrative', lang)})" if flag(e) else "")
              for v, a, e in zip(points["value"], points["approximate"],
                                 points["illustrative"], strict=True)]
    figure.add_scatter(
        x=points["when"], y=points["value"].astype(float), mode="lines+markers+text",
        name=t("progress.chart.value", lang), text=labels, textposition="top center",
        line={"color": PALETTE[0], "width": 3, "shape": "hv"}, marker={"size": 10},
        customdata=[[format_date(p, lang), plot(s)] for p, s in
                    zip(points["period"], points["source"], strict=True)],
        hovertemplate=t("label.value", lang, label="%{customdata[0]}", value="%{text}")
        + "<br>%{customdata[1]}<extra></extra>")
    top = float(points["value"].max()) if len(points) else 1.0
    for when in marks["when"]:
        figure.add_vline(x=when, line={"color": MILESTONE_COLOUR, "width": 1, "dash": "dot"})
    if len(marks):
        figure.add_scatter(
            x=marks["when"], y=[0] * len(marks), mode="markers+text",
            name=t("progress.chart.milestones", lang), text=[str(n) for n in marks["number"]],
            textposition="top center",
            marker={"symbol": "diamond", "size": 13, "color": MILESTONE_COLOUR},
            customdata=[[format_date(d, lang), plot(w)] for d, w in
                        zip(marks["date"], marks["title"], strict=True)],
            hovertemplate="%{text}. %{customdata[0]}<br>%{customdata[1]}<extra></extra>")
    figure.update_layout(
        title=plot(name), separators=separators(lang), height=420,
        margin={"l": 10, "r": 20, "t": 50, "b": 10},
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
        yaxis={"rangemode": "tozero", "range": [0, top * 1.25 or 1],
               "title": t("progress.chart.value", lang)})
    moments = pd.concat([points["when"], marks["when"]]) if len(marks) else points["when"]
    if len(moments):
        localized_dates(figure, moments.min(), moments.max(), lang, most=8)
    return themeable(figure)


def members_chart(frame: pd.DataFrame, lang: str) -> go.Figure:
    """Students and activities hosted, member by member, side by side, each member named in
    full (the chart spans the page: a manager need not know the acronyms)."""
    names = [plot_lines(n, 32) for n in frame["name"]]
    hover = [plot(f"{n} ({i})") for n, i in zip(frame["name"], frame["id"], strict=True)]
    figure = make_subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.06,
                           subplot_titles=(t("progress.chart.students", lang),
                                           t("progress.chart.activities", lang)))
    students = frame["students"].astype("Float64")
    figure.add_bar(x=students.astype(float), y=names, orientation="h",
                   marker_color=PALETTE[0], name=t("progress.chart.students", lang),
                   text=[format_number(v, lang) if pd.notna(v) else "–" for v in students],
                   textposition="auto", customdata=hover,
                   hovertemplate=hover_pair("%{customdata}", "%{text}", lang), row=1, col=1)
    figure.add_bar(x=frame["activities"], y=names, orientation="h",
                   marker_color=PALETTE[2], name=t("progress.chart.activities", lang),
                   text=[str(v) for v in frame["activities"]], textposition="auto",
                   customdata=hover,
                   hovertemplate=hover_pair("%{customdata}", "%{x}", lang), row=1, col=2)
    figure.update_yaxes(autorange="reversed")
    figure.update_layout(separators=separators(lang), showlegend=False,
                         height=max(300, 42 * len(frame) + 90),
                         margin={"l": 10, "r": 20, "t": 40, "b": 10})
    return themeable(figure)


def funding_chart(money: pd.DataFrame, lang: str) -> go.Figure:
    """Each project as a bar across its years, coloured by what its amount is."""
    first, _ = period_bounds(money["start"])
    _, last = period_bounds(money["end"].fillna(money["start"]))
    figure = go.Figure()
    labels = [plot(n) for n in money["name"]]
    for kind in ("total_budget", "max_eu_grant", "unknown"):
        rows = (money["kind"] == kind).to_numpy()
        if not rows.any():
            continue
        starts, ends = first[rows], last[rows]
        figure.add_bar(
            base=starts, x=[(b - a).days * 86_400_000 for a, b in zip(starts, ends,
                                                                       strict=True)],
            y=[label for label, keep in zip(labels, rows, strict=True) if keep],
            orientation="h", name=amount_label(kind, lang),
            marker_color=KIND_COLOURS[kind],
            text=[format_money(a, lang) for a in money.loc[rows, "amount"]],
            textposition="inside", insidetextanchor="middle",
            customdata=[[format_date(s, lang), format_date(e, lang) if isinstance(e, str)
                         else "–"] for s, e in zip(money.loc[rows, "start"],
                                                   money.loc[rows, "end"], strict=True)],
            hovertemplate=t("label.value", lang, label="%{y}", value="%{text}")
            + "<br>%{customdata[0]} – %{customdata[1]}<extra></extra>")
    if len(money):
        localized_dates(figure, min(first), max(last), lang, most=8)
    figure.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=labels)
    figure.update_layout(separators=separators(lang), barmode="overlay",
                         height=max(240, 60 * len(money) + 110),
                         margin={"l": 10, "r": 20, "t": 30, "b": 10},
                         legend={"orientation": "h", "yanchor": "top", "y": -0.15, "x": 0})
    return themeable(figure)
