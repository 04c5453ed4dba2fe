"""Plotly figure builders: pure functions of data and language, no Streamlit."""

from __future__ import annotations

import datetime as dt
import math
import textwrap

import pandas as pd
import plotly.graph_objects as go

from alliance.i18n import (
    format_date,
    format_list,
    format_number,
    format_span,
    in_language,
    month_name,
    number_separators,
    t,
    value_label,
)
from alliance.text import plot, plot_lines
from alliance.theme import HIGHLIGHT, PALETTE

# Lines and marks drawn over the plot: a mid-luminance grey that reads on Streamlit's light
# and dark themes alike. Text colours are left unset so the theme's own text colour applies.
INK = "#8C96A3"
TRANSPARENT = "rgba(0,0,0,0)"


def themeable(figure: go.Figure) -> go.Figure:
    """The figure with transparent backgrounds, so it sits on the light or the dark theme,
    and numbers on its axes written out with the layout's separators ("20 000", "20,000"):
    plotly's default shortens them with SI letters ("20k"), which no language writes."""
    figure.update_layout(paper_bgcolor=TRANSPARENT, plot_bgcolor=TRANSPARENT)
    figure.update_xaxes(exponentformat="none", separatethousands=True)
    figure.update_yaxes(exponentformat="none", separatethousands=True)
    return figure


MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60, 120)


def month_ticks(first: pd.Timestamp, last: pd.Timestamp, lang: str,
                most: int = 14) -> tuple[list[str], list[str]]:
    """Tick positions and labels for a date axis in the reader's language ('avril 2026'),
    since plotly writes month names in English only. Ticks fall on round calendar steps
    (every month, quarter, half-year...); a step of a year or more is labelled by the year."""
    start = pd.Timestamp(first).to_period("M").to_timestamp()
    months = pd.date_range(start, pd.Timestamp(last), freq="MS")
    step = next((s for s in MONTH_STEPS if math.ceil(len(months) / s) <= most),
                MONTH_STEPS[-1])
    if step >= 12:
        months = months[(months.month == 1) & (months.year % (step // 12) == 0)]
        return [m.strftime("%Y-%m-%d") for m in months], [str(m.year) for m in months]
    months = months[(months.month - 1) % step == 0]
    return ([m.strftime("%Y-%m-%d") for m in months],
            [f"{month_name(m.month, lang)} {m.year}" for m in months])


def localized_dates(figure: go.Figure, first: object, last: object, lang: str,
                    most: int = 14) -> go.Figure:
    """The figure's date axis with month names in the reader's language."""
    ticks, names = month_ticks(pd.Timestamp(first), pd.Timestamp(last), lang, most)
    figure.update_xaxes(type="date", tickvals=ticks, ticktext=names)
    return figure


def hover_pair(label: str, value: str, lang: str) -> str:
    """A hover's "label: value" in the reader's punctuation (French "label : value", with a
    no-break space), from plotly placeholders such as "%{x}"."""
    return t("label.value", lang, label=label, value=value) + "<extra></extra>"


def separators(lang: str) -> str:
    """plotly's decimal and thousands separators for the language."""
    return number_separators(lang)


def acronym_key(universities: pd.DataFrame, ids: object, lang: str) -> str:
    """The key to the member acronyms a chart shows, for its text alternative: "Members:
    PUT: Poznan University of Technology, BTU: ..." with each name as the reader's language
    gives it, in the order of `ids`; empty when none of `ids` is a member."""
    names = dict(zip(universities["id"], in_language(universities, "name", lang), strict=True))
    pairs = [t("label.value", lang, label=str(i), value=str(names[i]))
             for i in dict.fromkeys(ids) if i in names]  # type: ignore[call-overload]
    return t("chart.key", lang, members=format_list(pairs, lang)) if pairs else ""


def students_by_university(universities: pd.DataFrame, lang: str) -> go.Figure:
    """Horizontal bars of students per member, coloured by membership."""
    frame = universities.dropna(subset=["students"]).sort_values("students")
    figure = go.Figure()
    for i, (membership, group) in enumerate(frame.groupby("membership", sort=True)):
        figure.add_bar(
            x=group["students"].astype(float), y=group["id"], orientation="h",
            name=value_label(str(membership), lang), marker_color=PALETTE[i % len(PALETTE)],
            text=[format_number(v, lang) for v in group["students"]], textposition="outside",
            customdata=[[plot(name)] for name in in_language(group, "name", lang)],
            hovertemplate="%{customdata[0]} (%{y})<br>%{text}<extra></extra>",
        )
    figure.update_layout(
        title=t("chart.students.title", lang),
        xaxis_title=t("chart.students.x", lang), yaxis_title=t("chart.students.y", lang),
        yaxis={"categoryorder": "array", "categoryarray": list(frame["id"])},
        separators=separators(lang),
        legend={"title": {"text": t("chart.membership", lang)}, "orientation": "h",
                "yanchor": "top", "y": -0.18, "x": 0},
        height=420, margin={"l": 10, "r": 30, "t": 50, "b": 10},
    )
    figure.update_xaxes(range=[0, float(frame["students"].max()) * 1.25 if len(frame) else 1])
    return themeable(figure)


# --- Timeline -------------------------------------------------------------------------------

IMPRECISE_PATTERN = "/"
DAY_MS = 86_400_000


def _duration_ms(first: pd.Series, last: pd.Series) -> list[float]:
    """Bar lengths on a date axis: from the first day's start to the last day's end."""
    return [((b - a).days + 1) * DAY_MS for a, b in zip(first, last, strict=True)]


def _iso(days: pd.Series) -> list[str]:
    return [d.strftime("%Y-%m-%d") for d in days]


def wrap(text: str, width: int = 22) -> str:
    """Data text for a plotly label, wrapped with <br> and its own tags shown as text."""
    return plot_lines(text, width)


def timeline_chart(milestones: pd.DataFrame, projects: pd.DataFrame, lang: str,
                   span: tuple[pd.Timestamp, pd.Timestamp], today: dt.date,
                   font_size: int = 13, height: int = 620, key_list: bool = True) -> go.Figure:
    """Milestones by category, funding phases as bands, projects as spans, key dates
    highlighted and a 'today' line. Inputs are timeline.milestone_frame/project_frame: a date
    known only to the month or year is drawn as a hatched span over that month or year."""
    figure = go.Figure()
    rows: list[str] = []
    phases = projects[projects["phase"]]
    phase_row = t("timeline.row.phases", lang)
    if len(phases):
        rows.append(phase_row)
        for i, (_, phase) in enumerate(phases.iterrows()):
            figure.add_vrect(x0=phase["first"], x1=phase["last"] + pd.Timedelta(days=1),
                             fillcolor=PALETTE[[0, 4][i % 2]], opacity=0.08,
                             line_width=0, layer="below")
        figure.add_bar(
            base=_iso(phases["first"]), x=_duration_ms(phases["first"], phases["last"]),
            y=[phase_row] * len(phases), orientation="h", name=phase_row,
            marker={"color": [PALETTE[[0, 4][i % 2]] for i in range(len(phases))]},
            text=[plot(n) for n in phases["name"]], textposition="inside",
            insidetextanchor="middle", textfont={"color": "#FFFFFF", "size": font_size},
            customdata=[[plot(n), format_span(s, e, lang)] for n, s, e in
                        zip(phases["name"], phases["start"], phases["end"], strict=True)],
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
        )
    others = projects[~projects["phase"]]
    for _, project in others.iterrows():
        row = plot(project["name"])  # the axis label and the hover, drawn by plotly
        rows.append(row)
        vague = "day" not in (project["start_precision"], project["end_precision"] or "day")
        figure.add_bar(
            base=[project["first"].strftime("%Y-%m-%d")],
            x=_duration_ms(pd.Series([project["first"]]), pd.Series([project["last"]])),
            y=[row], orientation="h", name=row, showlegend=False,
            marker={"color": PALETTE[2],
                    "pattern": {"shape": IMPRECISE_PATTERN if vague else ""}},
            customdata=[[row, format_span(project["start"], project["end"], lang)]],
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
        )
    categories = [c for c in ("governance", "funding", "membership", "project", "event")
                  if c in set(milestones["category"])]
    labels = {c: value_label(c, lang).capitalize() for c in categories}
    rows.extend(labels[c] for c in categories)
    exact = milestones[milestones["precision"] == "day"]
    spans = milestones[milestones["span"]]
    if len(spans):
        vague = spans["precision"] != "day"
        figure.add_bar(
            base=_iso(spans["first"]), x=_duration_ms(spans["first"], spans["last"]),
            y=[labels[c] for c in spans["category"]], orientation="h",
            name=t("timeline.legend.span", lang),
            marker={"color": [PALETTE[1] if v else PALETTE[0] for v in vague],
                    "pattern": {"shape": [IMPRECISE_PATTERN if v else "" for v in vague]}},
            customdata=[[wrap(ti, 40), format_span(d, e, lang)] for ti, d, e in
                        zip(spans["title"], spans["date"], spans["end"], strict=True)],
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
        )
    if len(exact):
        figure.add_scatter(
            x=_iso(exact["first"]), y=[labels[c] for c in exact["category"]],
            mode="markers", name=t("timeline.legend.day", lang),
            marker={"symbol": "diamond", "size": 12, "color": PALETTE[0],
                    "line": {"color": INK, "width": 1}},
            customdata=[[wrap(ti, 40), format_span(d, e, lang)] for ti, d, e in
                        zip(exact["title"], exact["date"], exact["end"], strict=True)],
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
        )
    key = milestones[milestones["highlight"]]
    _highlights(figure, key, lang, font_size, key_list)
    _today(figure, today, lang, font_size)
    end = span[1] + pd.Timedelta(days=45)
    figure.update_layout(
        title={"text": t("timeline.title", lang), "font": {"size": font_size + 6},
               "y": 1.0, "yref": "container", "yanchor": "top", "pad": {"t": 8}},
        height=height, barmode="overlay", separators=separators(lang),
        font={"size": font_size}, bargap=0.35,
        legend={"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0,
                "x": 0},
        uniformtext={"minsize": font_size - 1, "mode": "show"},
        margin={"l": 10, "r": 20,
                "t": font_size * 3 + (_key_height(len(key), font_size) if key_list
                                      else font_size * 2),
                "b": font_size * 6},
    )
    figure.update_xaxes(type="date", range=[span[0] - pd.Timedelta(days=20), end],
                        dtick="M12", tickformat="%Y", ticklabelmode="period",
                        title_text=t("timeline.x", lang), showgrid=True)
    figure.update_yaxes(type="category", categoryorder="array",
                        categoryarray=list(reversed(rows)), title_text=t("timeline.y", lang),
                        automargin=True)
    return themeable(figure)


def _highlights(figure: go.Figure, key: pd.DataFrame, lang: str, font_size: int,
                key_list: bool = True) -> None:
    """Key dates: a coloured band over their period (a line for an exact day) with a numbered
    badge, and above the plot the numbered list of what happened (long titles never collide
    with their neighbours this way)."""
    key = key.sort_values("first").reset_index(drop=True)
    lines = []
    for k, row in key.iterrows():
        # The number of the full list (`key_number`), kept when categories are filtered out.
        number = row.get("key_number")
        number = int(number) if number is not None and pd.notna(number) else k + 1
        start, stop = row["first"], row["last"] + pd.Timedelta(days=1)
        if row["precision"] == "day" and not row["span"]:
            figure.add_shape(type="line", x0=start, x1=start, y0=0, y1=1, yref="paper",
                             line={"color": HIGHLIGHT, "width": 2.5})
        else:
            figure.add_vrect(x0=start, x1=stop, fillcolor=HIGHLIGHT, opacity=0.35,
                             line={"color": HIGHLIGHT, "width": 1.5})
        figure.add_annotation(
            x=start + (stop - start) / 2, y=1.0, yref="paper", yanchor="bottom",
            showarrow=False, text=f"<b>{number}</b>", font={"size": font_size,
                                                           "color": "#FFFFFF"},
            bgcolor=HIGHLIGHT, borderpad=3)
        lines.append(f"<b>{number}</b>  {format_date(row['date'], lang)} · {plot(row['title'])}")
    if lines and key_list:
        figure.add_annotation(
            x=0, y=1.0, xref="paper", yref="paper", xanchor="left", yanchor="bottom",
            yshift=font_size * 2 + 6, showarrow=False, align="left",
            text="★ " + t("timeline.key_dates", lang) + "<br>" + "<br>".join(lines),
            font={"size": font_size})


def _key_height(count: int, font_size: int) -> int:
    """Pixels the key-date list needs above the plot."""
    return int((count + 1) * font_size * 1.45) + font_size * 2 + 16 if count else 0


def _today(figure: go.Figure, today: dt.date, lang: str, font_size: int) -> None:
    day = pd.Timestamp(today)
    figure.add_shape(type="line", x0=day, x1=day, y0=0, y1=1, yref="paper",
                     line={"color": INK, "width": 2, "dash": "dash"})
    figure.add_annotation(x=day, y=0, yref="paper", yanchor="bottom", xanchor="right",
                          showarrow=False, text=t("timeline.today", lang,
                                                  date=format_date(today, lang)),
                          font={"size": font_size}, bordercolor=INK, borderpad=2)


def membership_chart(by_year: pd.DataFrame, lang: str, height: int = 380,
                     font_size: int = 13) -> go.Figure:
    """Members (bars) and countries (line) at the end of each year."""
    figure = go.Figure()
    figure.add_bar(x=by_year["year"], y=by_year["members"], name=t("membership.members", lang),
                   marker_color=PALETTE[0],
                   text=[format_number(v, lang) for v in by_year["members"]],
                   textposition="outside",
                   hovertemplate=hover_pair("%{x}", "%{y}", lang))
    figure.add_scatter(x=by_year["year"], y=by_year["countries"], mode="lines+markers",
                       name=t("membership.countries", lang),
                       line={"color": PALETTE[1], "width": 3, "dash": "dot"},
                       marker={"symbol": "square", "size": 9},
                       hovertemplate=hover_pair("%{x}", "%{y}", lang))
    top = float(by_year["members"].max()) if len(by_year) else 1.0
    figure.update_layout(
        title=t("membership.title", lang), xaxis_title=t("membership.x", lang),
        yaxis_title=t("membership.y", lang), height=height, separators=separators(lang),
        font={"size": font_size},
        legend={"orientation": "h", "yanchor": "top", "y": -0.2, "x": 0},
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
    )
    figure.update_xaxes(dtick=1, tickformat="d")
    figure.update_yaxes(range=[0, top * 1.2])
    return themeable(figure)


AUDIENCE_ORDER = ("students", "staff", "researchers", "everyone")


def activity_gantt(rows: pd.DataFrame, lang: str, today: dt.date, font_size: int = 12,
                   illustrative_label: str | None = None) -> go.Figure:
    """Upcoming and running opportunities as bars from start to end, coloured by audience,
    with application deadlines as open diamonds. Input: timeline.schedule."""
    figure = go.Figure()
    # Shortened first, then escaped, so a cut never falls inside an escape.
    example = illustrative_label or t("timeline.example", lang)
    # Examples say so on their own row, not only in the hover.
    marked = rows["illustrative"].fillna(False).astype(bool) if "illustrative" in rows else [
        False] * len(rows)
    labels = [plot(textwrap.shorten(str(title), 42, placeholder="…"))
              + (f" ({example})" if flagged else "")
              for title, flagged in zip(rows["title"], marked, strict=True)]
    frame = rows.assign(label=labels)
    for i, audience in enumerate(AUDIENCE_ORDER):
        group = frame[frame["audience"] == audience]
        if group.empty:
            continue
        ill = group["illustrative"].fillna(False).astype(bool)
        figure.add_bar(
            base=_iso(group["first"]), x=_duration_ms(group["first"], group["last"]),
            y=group["label"], orientation="h", name=value_label(audience, lang).capitalize(),
            # Examples are drawn lighter. (A per-bar pattern array stops Streamlit's plotly.js
            # from drawing the bars at all.)
            marker={"color": PALETTE[i], "opacity": [0.5 if v else 1.0 for v in ill],
                    "line": {"color": PALETTE[i], "width": 1}},
            customdata=[[plot(ti) + (f" ({example})" if v else ""), format_span(s, e, lang),
                         format_date(a, lang) if isinstance(a, str) and a else "–"]
                        for ti, s, e, a, v in zip(group["title"], group["start"], group["end"],
                                                  group["apply_by"], ill, strict=True)],
            hovertemplate=("<b>%{customdata[0]}</b><br>%{customdata[1]}<br>"
                           + t("label.value", lang, label=t("timeline.apply_by", lang),
                               value="%{customdata[2]}") + "<extra></extra>"),
        )
    deadlines = frame[frame["apply_last"].notna()]
    if len(deadlines):
        figure.add_scatter(
            x=_iso(deadlines["apply_last"]), y=deadlines["label"], mode="markers",
            name=t("timeline.apply_by", lang),
            marker={"symbol": "diamond-open", "size": 11, "color": HIGHLIGHT,
                    "line": {"width": 2}},
            customdata=[format_date(d.date(), lang) for d in deadlines["apply_last"]],
            hovertemplate="%{y}<br>" + hover_pair(t("timeline.apply_by", lang),
                                                  "%{customdata}", lang),
        )
    _today(figure, today, lang, font_size)
    figure.update_layout(
        title=t("gantt.title", lang), height=140 + 26 * max(len(frame), 3),
        barmode="overlay", separators=separators(lang), font={"size": font_size},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        margin={"l": 10, "r": 20, "t": 80, "b": 10},
    )
    if len(frame):
        last = max(frame["last"].max(), pd.Timestamp(today))
        ticks, names = month_ticks(min(frame["first"].min(), pd.Timestamp(today)), last, lang)
        figure.update_xaxes(tickvals=ticks, ticktext=names)
    figure.update_xaxes(type="date", title_text=t("gantt.x", lang))
    figure.update_yaxes(type="category", categoryorder="array",
                        categoryarray=list(reversed(labels)), title_text=t("gantt.y", lang),
                        automargin=True)
    return themeable(figure)


def opportunities_chart(counts: pd.DataFrame, lang: str, font_size: int = 13,
                        height: int = 420) -> go.Figure:
    """Per audience: open for applications, running and upcoming activities."""
    figure = go.Figure()
    labels = [value_label(a, lang).capitalize() for a in counts["audience"]]
    for i, column in enumerate(("open_now", "running", "upcoming")):
        figure.add_bar(x=labels, y=counts[column], name=t(f"meeting.audience.{column}", lang),
                       marker_color=PALETTE[i],
                       text=[format_number(v, lang) for v in counts[column]],
                       textposition="outside", hovertemplate=hover_pair("%{x}", "%{y}", lang))
    top = float(counts[["open_now", "running", "upcoming"]].to_numpy().max()) if len(
        counts) else 1.0
    figure.update_layout(
        title=t("meeting.audience.title", lang), xaxis_title=t("meeting.audience.x", lang),
        yaxis_title=t("meeting.audience.y", lang), barmode="group", height=height,
        separators=separators(lang), font={"size": font_size},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        margin={"l": 10, "r": 10, "t": 80, "b": 10},
    )
    figure.update_yaxes(range=[0, max(top, 1.0) * 1.2])
    return themeable(figure)
