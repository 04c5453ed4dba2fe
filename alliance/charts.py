"""Plotly figure builders: pure functions of data and language, no Streamlit."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from alliance.i18n import format_number, t, value_label

# Okabe and Ito's palette: distinguishable with the common kinds of colour blindness.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
             "#000000")


def students_by_university(universities: pd.DataFrame, lang: str) -> go.Figure:
    """Horizontal bars of students per member, coloured by membership."""
    frame = universities.dropna(subset=["students"]).sort_values("students")
    figure = go.Figure()
    for i, (membership, group) in enumerate(frame.groupby("membership", sort=True)):
        figure.add_bar(
            x=group["students"].astype(float), y=group["id"], orientation="h",
            name=value_label(str(membership), lang), marker_color=OKABE_ITO[i % len(OKABE_ITO)],
            text=[format_number(v, lang) for v in group["students"]], textposition="outside",
            customdata=group[["name"]].to_numpy(),
            hovertemplate="%{customdata[0]}<br>%{text}<extra></extra>",
        )
    figure.update_layout(
        title=t("chart.students.title", lang),
        xaxis_title=t("chart.students.x", lang), yaxis_title=t("chart.students.y", lang),
        yaxis={"categoryorder": "array", "categoryarray": list(frame["id"])},
        separators=", " if lang == "fr" else ".,",
        legend={"title": {"text": t("chart.membership", lang)}, "orientation": "h",
                "yanchor": "top", "y": -0.18, "x": 0},
        height=420, margin={"l": 10, "r": 30, "t": 50, "b": 10},
    )
    figure.update_xaxes(range=[0, float(frame["students"].max()) * 1.25 if len(frame) else 1])
    return figure
