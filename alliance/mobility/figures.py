"""What the Mobility page shows: sums over the member rows, and their plotly figures.

Pure functions of the rows that touch a member (`Mobility.member_rows`, a few thousand
sums, never the raw rows). Text from the data (names, fields) is escaped before plotly,
which would otherwise read tags and links in it.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from alliance.charts import hover_pair, separators, themeable
from alliance.i18n import country_name, format_number, format_share, t
from alliance.maps import _geo, label_positions, spread
from alliance.theme import PALETTE

MILESTONES = ((2020, "mobility.milestone.selection"), (2022, "mobility.milestone.enlargement"),
              (2023, "mobility.milestone.eunice4u"))
NOT_FINAL_YEARS = 3  # the Commission: the latest three years are not final


def plain(text: object) -> str:
    """Data text as plotly must show it: as text, never as markup."""
    return html.escape("" if text is None or (isinstance(text, float) and math.isnan(text))
                       else str(text))


def filtered(rows: pd.DataFrame, years: tuple[int, int] | None,
             groups: list[str] | None) -> pd.DataFrame:
    keep = pd.Series(True, index=rows.index)
    if years is not None:
        keep &= rows["year"].between(years[0], years[1])
    if groups:
        keep &= rows["activity_group"].isin(groups)
    return rows[keep]


def by_year(rows: pd.DataFrame) -> pd.DataFrame:
    """Per start year: participants sent and received by members, and sent to members."""
    sent = rows[rows["sending"].notna()].groupby("year")["participants"].sum()
    received = rows[rows["receiving"].notna()].groupby("year")["participants"].sum()
    inside_rows = rows[rows["sending"].notna() & rows["receiving"].notna()
                       & (rows["sending"] != rows["receiving"])]
    inside = inside_rows.groupby("year")["participants"].sum()
    frame = pd.DataFrame({"sent": sent, "received": received, "inside": inside}).fillna(0)
    frame = frame.astype("int64").sort_index()
    frame["share"] = (frame["inside"] / frame["sent"].where(frame["sent"] > 0)).fillna(0.0)
    frame.index.name = "year"
    return frame


def matrix(rows: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    """Participants from each member (rows) to each other member (columns)."""
    inside = rows[rows["sending"].notna() & rows["receiving"].notna()
                  & (rows["sending"] != rows["receiving"])]
    table = inside.pivot_table(index="sending", columns="receiving", values="participants",
                               aggfunc="sum", fill_value=0)
    return table.reindex(index=ids, columns=ids, fill_value=0).astype("int64")


def member_breakdown(rows: pd.DataFrame, member: str, by: str) -> pd.DataFrame:
    """A member's outbound and inbound participants by `by` (year, group, level, field)."""
    out = rows[rows["sending"] == member].groupby(by, dropna=False)["participants"].sum()
    into = rows[rows["receiving"] == member].groupby(by, dropna=False)["participants"].sum()
    frame = pd.DataFrame({"outbound": out, "inbound": into}).fillna(0).astype("int64")
    return frame.sort_values("outbound", ascending=False) if by != "year" else frame.sort_index()


def outside(rows: pd.DataFrame, direction: str, names: dict[str, str],
            top: int = 10) -> pd.DataFrame:
    """Top destinations (direction "out") or origins ("in") outside the alliance."""
    if direction == "out":
        part = rows[rows["sending"].notna() & rows["receiving"].isna()]
        code, country = "receiving_code", "receiving_country"
    else:
        part = rows[rows["receiving"].notna() & rows["sending"].isna()]
        code, country = "sending_code", "sending_country"
    sums = (part.groupby([code, country], dropna=False)["participants"].sum()
            .sort_values(ascending=False).head(top).reset_index())
    return pd.DataFrame({
        "code": sums[code], "name": [names.get(c, "") if isinstance(c, str) else ""
                                     for c in sums[code]],
        "country": sums[country], "participants": sums["participants"].astype("int64")})


def year_table(years: pd.DataFrame, lang: str) -> pd.DataFrame:
    """`by_year` as the reader sees it: headers in `lang`, the share as a percentage."""
    return pd.DataFrame({
        t("mobility.year", lang): [str(y) for y in years.index],
        **{t(f"mobility.series.{c}", lang): years[c].to_numpy()
           for c in ("sent", "received", "inside")},
        t("mobility.series.share", lang): [format_share(v, lang) for v in years["share"]],
    })


def outside_table(partners: pd.DataFrame, lang: str) -> pd.DataFrame:
    """`outside` as the reader sees it: headers and country names in `lang`."""
    return pd.DataFrame({
        t("mobility.col.code", lang): [c if isinstance(c, str) else t("mobility.unknown", lang)
                                       for c in partners["code"]],
        t("col.name", lang): partners["name"].to_numpy(),
        t("col.country", lang): [country_name(c, lang) if isinstance(c, str) else ""
                                 for c in partners["country"]],
        t("mobility.participants", lang): partners["participants"].to_numpy(),
    })


def trend_chart(years: pd.DataFrame, lang: str, latest: int | None,
                height: int = 380) -> go.Figure:
    """Sent, received and inside the alliance per year, milestones and not-final years."""
    figure = go.Figure()
    for i, column in enumerate(("sent", "received", "inside")):
        figure.add_scatter(x=list(years.index), y=years[column], mode="lines+markers",
                           name=t(f"mobility.series.{column}", lang),
                           line={"color": PALETTE[i], "width": 3})
    for i, (year, key) in enumerate(MILESTONES):
        figure.add_vline(x=year, line={"color": "#555555", "dash": "dot", "width": 1})
        # Every other label a line higher: milestones a year apart ("Enlargement 2022",
        # "EUNICE4U 2023") would print over each other on a narrow chart.
        figure.add_annotation(x=year, y=1, yref="paper", text=t(key, lang), showarrow=False,
                              yanchor="bottom", yshift=16 * (i % 2), textangle=0,
                              font={"size": 11})
    if latest is not None:
        figure.add_vrect(x0=latest - NOT_FINAL_YEARS + 0.5, x1=latest + 0.5,
                         fillcolor=PALETTE[1], opacity=0.12, line_width=0)
        figure.add_annotation(x=latest - NOT_FINAL_YEARS / 2 + 0.5, y=0.02, yref="paper",
                              text=t("mobility.not_final", lang), showarrow=False,
                              font={"size": 11})
    figure.update_layout(
        title=t("mobility.trend.title", lang), height=height, separators=separators(lang),
        xaxis={"title": t("mobility.year", lang), "dtick": 1},
        yaxis={"title": t("mobility.participants", lang), "rangemode": "tozero"},
        legend={"orientation": "h", "y": -0.2}, margin={"l": 10, "r": 10, "t": 70, "b": 10})
    return themeable(figure)


def heatmap(table: pd.DataFrame, lang: str, height: int = 520,
            names: Mapping[str, str] | None = None) -> go.Figure:
    """Participants from member to member; the axes give ids, for room, and the hover each
    member's name from `names`."""
    text = [[format_number(v, lang) if v else "" for v in row] for row in table.to_numpy()]
    named = {str(k): plain(f"{v} ({k})") for k, v in (names or {}).items()}
    pairs = [[[named.get(str(a), plain(a)), named.get(str(b), plain(b))] for b in table.columns]
             for a in table.index]
    figure = go.Figure(go.Heatmap(
        z=table.to_numpy(), x=list(table.columns), y=list(table.index), text=text,
        texttemplate="%{text}", colorscale="Cividis", reversescale=True, customdata=pairs,
        colorbar={"title": {"text": t("mobility.participants", lang)}, "exponentformat": "none",
                  "separatethousands": True},
        # A name a line: two long names on one line would run past the chart's edge.
        hovertemplate=hover_pair("%{customdata[0]} →<br>%{customdata[1]}", "%{z}", lang)))
    figure.update_layout(title=t("mobility.matrix.title", lang), height=height,
                         xaxis_title=t("mobility.to", lang), yaxis_title=t("mobility.from", lang),
                         separators=separators(lang), margin={"l": 10, "r": 10, "t": 50, "b": 10})
    figure.update_yaxes(autorange="reversed")
    return themeable(figure)


def arcs_map(table: pd.DataFrame, points: pd.DataFrame, lang: str,
             height: int = 560) -> go.Figure:
    """One arc per pair of members, as wide as the participants both ways."""
    placed = points.set_index("id")
    ids = [i for i in table.index if i in placed.index]
    pairs = []
    for a_index, a in enumerate(ids):
        for b in ids[a_index + 1:]:
            both = int(table.loc[a, b] + table.loc[b, a])
            if both:
                pairs.append((a, b, int(table.loc[a, b]), int(table.loc[b, a]), both))
    top = max((p[4] for p in pairs), default=1)
    figure = go.Figure()
    for a, b, ab, ba, both in pairs:
        figure.add_scattergeo(
            lat=[placed.loc[a, "latitude"], placed.loc[b, "latitude"]],
            lon=[placed.loc[a, "longitude"], placed.loc[b, "longitude"]], mode="lines",
            line={"width": 1 + 11 * math.sqrt(both / top), "color": PALETTE[0]},
            opacity=0.6, showlegend=False, name=f"{a}–{b}",
            hoverinfo="text",
            text=f"{a} → {b}: {format_number(ab, lang)}<br>{b} → {a}: {format_number(ba, lang)}")
    # Close members (UPHF and UMONS are 35 km apart) drawn apart, their labels on their far
    # sides, as on the Map page, so no acronym prints over another.
    members = spread(placed.loc[ids].reset_index())
    figure.add_scattergeo(lat=members["latitude"], lon=members["longitude"], text=ids,
                          mode="markers+text", textposition=label_positions(members),
                          showlegend=False, marker={"size": 10, "color": PALETTE[5]},
                          hoverinfo="text")
    figure.update_layout(title=t("mobility.map.title", lang), geo=_geo(members),
                         height=height, separators=separators(lang),
                         margin={"l": 0, "r": 0, "t": 50, "b": 0})
    return themeable(figure)


def breakdown_chart(frame: pd.DataFrame, lang: str, title: str, top: int = 12,
                    height: int = 360, groups: bool = False) -> go.Figure:
    """Outbound and inbound bars by the frame's index; with `groups`, the index holds the
    activity groups' codes, named in `lang` ("Études", not "study")."""
    shown = frame.head(top)
    labels = [t(f"mobility.group.{i}", lang) if groups and isinstance(i, str) else
              plain(i) if isinstance(i, str) else (str(int(i)) if isinstance(i, int | float)
              and not (isinstance(i, float) and math.isnan(i)) else t("mobility.unknown", lang))
              for i in shown.index]
    figure = go.Figure()
    for i, column in enumerate(("outbound", "inbound")):
        figure.add_bar(x=labels, y=shown[column], name=t(f"mobility.{column}", lang),
                       marker_color=PALETTE[i])
    figure.update_layout(title=title, barmode="group", height=height,
                         separators=separators(lang), legend={"orientation": "h", "y": -0.3},
                         yaxis_title=t("mobility.participants", lang),
                         margin={"l": 10, "r": 10, "t": 50, "b": 10})
    figure.update_xaxes(type="category")
    return themeable(figure)
