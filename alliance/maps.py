"""Map and distance figures: members on a map of Europe, activity places, distance heatmap."""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from alliance.charts import INK, TRANSPARENT, hover_pair, separators, themeable
from alliance.geo import Centre, distance_km, wave_names
from alliance.i18n import format_date, format_number, t
from alliance.text import plot
from alliance.theme import PALETTE

# plotly.js asks for {topojsonURL}{scope}_{resolution}m.json: here europe_50m.json, which the
# app serves from static/topojson/ (and the HTML exports embed).
SCOPE = "europe"
RESOLUTION = 50
TOPOJSON_NAME = f"{SCOPE}_{RESOLUTION}m"
# Translucent land and no ocean fill: the map reads on the light and the dark theme.
LAND = "rgba(140,150,165,0.22)"
BORDER = INK
OCEAN = TRANSPARENT
# The longitudes and latitudes plotly's Europe scope has land for: a frame beyond them ends
# the land on a straight edge.
SCOPE_LON = (-30.0, 60.0)
SCOPE_LAT = (30.0, 80.0)


def wave_label(span: str, kind: str, lang: str) -> str:
    return t(f"map.wave.{kind}", lang, span=span)


def _mercator_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _geo(points: pd.DataFrame, pad: float = 3.0, aspect: float = 2.4) -> dict[str, object]:
    """A map of Europe framed on the points, wide enough to fill a landscape chart, with
    countries and coastlines drawn, kept inside the land plotly has for Europe."""
    lat = points["latitude"].astype(float) if len(points) else pd.Series([36.0, 64.0])
    lon = points["longitude"].astype(float) if len(points) else pd.Series([-10.0, 30.0])
    south, north = float(lat.min()) - pad, float(lat.max()) + pad + 1.5  # room for labels
    height = _mercator_y(north) - _mercator_y(south)
    half = max(math.degrees(height * aspect) / 2, (float(lon.max()) - float(lon.min())) / 2
               + pad)
    middle = (float(lon.max()) + float(lon.min())) / 2
    half = min(half, (SCOPE_LON[1] - SCOPE_LON[0]) / 2)
    middle = min(max(middle, SCOPE_LON[0] + half), SCOPE_LON[1] - half)
    south, north = max(south, SCOPE_LAT[0]), min(north, SCOPE_LAT[1])
    return {
        "scope": SCOPE, "resolution": RESOLUTION, "projection": {"type": "mercator"},
        "showcountries": True, "countrycolor": BORDER, "countrywidth": 0.8,
        "showcoastlines": True, "coastlinecolor": BORDER, "coastlinewidth": 0.8,
        "showland": True, "landcolor": LAND, "showocean": True, "oceancolor": OCEAN,
        "showlakes": False, "showframe": False, "bgcolor": TRANSPARENT,
        "lataxis": {"range": [south, north]},
        "lonaxis": {"range": [middle - half, middle + half]},
    }


def label_positions(points: pd.DataFrame, near_km: float = 400) -> list[str]:
    """Where each member's label goes: above it, or, beside a close neighbour, out on the
    far side (left of the western one, right of the eastern one, at marker height) so two
    labels never print on top of each other; a point with neighbours on both sides puts
    its label below."""
    positions = ["top center"] * len(points)
    lat = points["latitude"].astype(float).tolist()
    lon = points["longitude"].astype(float).tolist()
    sides: list[set[str]] = [set() for _ in range(len(points))]
    for i in range(len(points)):
        for j in range(i + 1, len(points)):
            if distance_km((lat[i], lon[i]), (lat[j], lon[j])) < near_km:
                west, east = (i, j) if lon[i] <= lon[j] else (j, i)
                sides[west].add("left")
                sides[east].add("right")
    for i, side in enumerate(sides):
        if side == {"left"}:
            positions[i] = "middle left"
        elif side == {"right"}:
            positions[i] = "middle right"
        elif side:
            positions[i] = "bottom center"
    return positions


def spread(points: pd.DataFrame, apart_km: float = 45) -> pd.DataFrame:
    """The points with any two closer than `apart_km` nudged east and west of each other, so
    neither marker hides the other; the hover still gives the real place."""
    out = points.copy()
    lat = out["latitude"].astype(float).tolist()
    lon = out["longitude"].astype(float).tolist()
    for i in range(len(out)):
        for j in range(i + 1, len(out)):
            gap = distance_km((lat[i], lon[i]), (lat[j], lon[j]))
            if gap < apart_km:
                west, east = (i, j) if lon[i] <= lon[j] else (j, i)
                push = (apart_km - gap) / 2 / (111.32 * math.cos(math.radians(lat[i])))
                lon[west] -= push
                lon[east] += push
    out["latitude"], out["longitude"] = lat, lon
    return out


def marker_sizes(students: pd.Series, smallest: float = 12, largest: float = 42) -> list[float]:
    """Marker diameter growing with the square root of students, so areas compare honestly;
    members without a figure get the smallest size."""
    values = students.astype("Float64")
    top = float(values.max()) if values.notna().any() else 1.0
    return [smallest if pd.isna(v) else smallest + (largest - smallest) * math.sqrt(v / top)
            for v in values]


def member_map(points: pd.DataFrame, campuses: pd.DataFrame, lang: str,
               centre: Centre | None = None, selected: str | None = None,
               font_size: int = 14, height: int = 560) -> go.Figure:
    """Members sized by students and coloured by joining wave, the coordinator ringed, other
    campuses as small dots, and the alliance's centre."""
    figure = go.Figure()
    other = campuses[~campuses["main"].fillna(False).astype(bool)] if len(campuses) else campuses
    if len(other):
        figure.add_scattergeo(
            lat=other["latitude"], lon=other["longitude"], mode="markers",
            name=t("map.campuses", lang),
            # A small grey square: unlike the coordinator's ring in the legend too.
            marker={"size": 7, "symbol": "square", "color": INK, "line": {"width": 0}},
            customdata=[[plot(v) for v in campus] for campus in
                        other[["name", "city", "university_id"]].itertuples(index=False)],
            hovertemplate="%{customdata[0]}<br>%{customdata[1]} · %{customdata[2]}"
                          "<extra></extra>",
        )
    points = spread(points)
    waves = wave_names(points)
    positions = pd.Series(label_positions(points), index=points.index)
    sizes = pd.Series(marker_sizes(points["students"]), index=points.index)
    for i, (year, (span, kind)) in enumerate(waves.items()):
        group = points[points["wave"] == year]
        hover = pd.DataFrame({
            "name": group["name"].map(plot), "local": group["name_local"].map(plot),
            "city": group["city"].map(plot), "country": group["country"].map(plot),
            "students": [format_number(v, lang) if pd.notna(v) else "–"
                         for v in group["students"]],
            "joined": [format_date(v, lang) for v in group["joined"]],
            "id": group["id"],
        })
        figure.add_scattergeo(
            lat=group["latitude"], lon=group["longitude"], mode="markers+text",
            name=wave_label(span, kind, lang), text=group["id"].map(plot),
            textposition=positions[group.index].tolist(),
            textfont={"size": font_size},
            marker={"size": sizes[group.index].tolist(), "color": PALETTE[i % len(PALETTE)],
                    "opacity": 0.85, "line": {"color": INK, "width": 1}},
            customdata=hover.to_numpy(),
            hovertemplate=(
                "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}, "
                "%{customdata[3]}<br>"
                + t("label.value", lang, label=t("map.hover.students", lang),
                    value="%{customdata[4]}") + "<br>"
                + t("label.value", lang, label=t("map.hover.joined", lang),
                    value="%{customdata[5]}") + "<extra></extra>"),
        )
    coordinator = points[points["coordinator"]]
    if len(coordinator):
        figure.add_scattergeo(
            lat=coordinator["latitude"], lon=coordinator["longitude"], mode="markers",
            name=t("map.coordinator", lang), hoverinfo="skip",
            marker={"size": (sizes[coordinator.index] + 12).tolist(), "symbol": "circle-open",
                    "color": INK, "line": {"width": 3}},
        )
    if selected is not None and selected in set(points["id"]):
        chosen = points[points["id"] == selected]
        figure.add_scattergeo(
            lat=chosen["latitude"], lon=chosen["longitude"], mode="markers",
            name=t("map.selected", lang), hoverinfo="skip",
            marker={"size": (sizes[chosen.index] + 20).tolist(), "symbol": "circle-open",
                    "color": PALETTE[5], "line": {"width": 3}},
        )
    if centre is not None:
        figure.add_scattergeo(
            lat=[centre.latitude], lon=[centre.longitude], mode="markers",
            name=t("map.centre", lang),
            marker={"size": 14, "symbol": "x", "color": PALETTE[5]},
            hovertemplate=t("map.centre", lang) + "<extra></extra>",
        )
    figure.update_layout(
        title={"text": t("map.title", lang), "font": {"size": font_size + 6}},
        geo=_geo(points), height=height, separators=separators(lang),
        font={"size": font_size},
        legend={"orientation": "h", "yanchor": "top", "y": -0.02, "x": 0,
                "itemsizing": "constant"},
        margin={"l": 0, "r": 0, "t": 50, "b": 0},
    )
    return themeable(figure)


def activity_map(places: pd.DataFrame, lang: str, font_size: int = 14,
                 height: int = 520) -> go.Figure:
    """In-person activities (on site or blended) as bubbles at their host's main campus."""
    placed = spread(places[places["latitude"].notna() & (places["in_person"] > 0)])
    top = float(placed["in_person"].max()) if len(placed) else 1.0
    figure = go.Figure()
    figure.add_scattergeo(
        lat=placed["latitude"], lon=placed["longitude"], mode="markers+text",
        name=t("activity_map.in_person", lang),
        # Each bubble says whose it is, placed like the member map's labels.
        text=[f"{plot(host)} · {format_number(v, lang)}" for host, v in
              zip(placed["host_id"], placed["in_person"], strict=True)],
        textposition=label_positions(placed), textfont={"size": font_size},
        marker={"size": [14 + 30 * math.sqrt(v / top) for v in placed["in_person"]],
                "color": PALETTE[2], "opacity": 0.75,
                "line": {"color": INK, "width": 1}},
        customdata=[[plot(name), count] for name, count in
                    zip(placed["name"], placed["in_person"], strict=True)],
        hovertemplate="%{customdata[0]}<br>" + t("label.value", lang,
                                                  label=t("activity_map.hover", lang),
                                                  value="%{customdata[1]}") + "<extra></extra>",
    )
    unplaced = int(places.loc[places["latitude"].isna(), "in_person"].sum())
    online = int(places["online"].sum())
    figure.add_annotation(
        text=t("activity_map.apart", lang, online=format_number(online, lang),
               alliance=format_number(unplaced, lang)),
        xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="bottom",
        showarrow=False, align="left",
        font={"size": font_size},
    )
    locations = places[places["latitude"].notna()]
    figure.update_layout(
        title={"text": t("activity_map.title", lang), "font": {"size": font_size + 6}},
        geo=_geo(locations), height=height, separators=separators(lang),
        font={"size": font_size}, showlegend=False,
        margin={"l": 0, "r": 0, "t": 50, "b": 0},
    )
    return themeable(figure)


def online_activities(places: pd.DataFrame, lang: str, height: int = 420) -> go.Figure:
    """Online activities per host, with the alliance-wide ones as their own bar."""
    frame = places[places["online"] > 0].copy()
    # Ids keep the axis narrow on a projector; the full name is in the hover.
    frame["label"] = [plot(host) if host else t("alliance.whole", lang)
                      for host in frame["host_id"]]
    frame["full"] = [plot(name) if isinstance(name, str) and name else t("alliance.whole", lang)
                     for name in frame["name"]]
    frame = frame.sort_values("online")
    figure = go.Figure(go.Bar(
        x=frame["online"], y=frame["label"], orientation="h", marker_color=PALETTE[0],
        text=[format_number(v, lang) for v in frame["online"]], textposition="outside",
        name=t("activity_map.online", lang), customdata=frame[["full"]].to_numpy(),
        hovertemplate=hover_pair("%{customdata[0]}", "%{x}", lang),
    ))
    figure.update_layout(
        title=t("activity_map.online_title", lang),
        xaxis_title=t("activity_map.count", lang), yaxis_title=t("activity_map.host", lang),
        height=height, separators=separators(lang), margin={"l": 10, "r": 30, "t": 50, "b": 10},
    )
    figure.update_xaxes(range=[0, float(frame["online"].max()) * 1.2 if len(frame) else 1])
    return themeable(figure)


def distance_heatmap(matrix: pd.DataFrame, lang: str, height: int = 560,
                     names: Mapping[str, str] | None = None) -> go.Figure:
    """Kilometres between every pair of members, with the values written in the cells; the
    axes give ids, for room, and the hover each member's name from `names`."""
    text = [[format_number(v, lang) if i != j else "" for j, v in enumerate(row)]
            for i, row in enumerate(matrix.to_numpy())]
    named = {str(k): plot(f"{v} ({k})") for k, v in (names or {}).items()}
    pairs = [[[named.get(str(a), plot(a)), named.get(str(b), plot(b))] for b in matrix.columns]
             for a in matrix.index]
    figure = go.Figure(go.Heatmap(
        z=matrix.to_numpy(), x=[plot(c) for c in matrix.columns],
        y=[plot(i) for i in matrix.index], text=text,
        # Cell numbers large enough to read, white or black by plotly's contrast rule.
        texttemplate="%{text}", textfont={"size": 14}, colorscale="Cividis",
        reversescale=True, customdata=pairs,
        colorbar={"title": {"text": "km"}, "exponentformat": "none", "separatethousands": True},
        # A name a line: two long names on one line would run past the chart's edge.
        hovertemplate=hover_pair("%{customdata[0]} →<br>%{customdata[1]}", "%{text} km", lang),
    ))
    figure.update_layout(
        title=t("distance.title", lang), xaxis_title=t("distance.to", lang),
        yaxis_title=t("distance.from", lang), height=height, separators=separators(lang),
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
    )
    figure.update_yaxes(autorange="reversed")
    return themeable(figure)
