"""The data editor's model: grid columns from the schema, text frames in and out, a place map."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from alliance.charts import OKABE_ITO
from alliance.gazetteer import Place
from alliance.i18n import t
from alliance.maps import _geo
from alliance.schema import (
    BOOLEAN,
    DATE_PATTERN,
    DECIMAL,
    FALSE_WORDS,
    INTEGER,
    TRUE_WORDS,
    URL,
    URL_PATTERN,
    Table,
)
from alliance.store import Version
from alliance.upload import cell_text

GRID_PATTERNS = {
    INTEGER: r"^\d*$",
    DECIMAL: r"^(-?\d+([.,]\d+)?)?$",
    URL: f"^({URL_PATTERN})?$",
}


@dataclass(frozen=True)
class GridColumn:
    """How one column appears in the editable grid."""

    name: str
    label: str
    kind: str  # "checkbox", "select" or "text"
    required: bool
    options: tuple[str, ...] = ()
    validate: str | None = None
    help: str = ""
    width: int | None = None  # pixels; None lets the grid size the column


def grid_columns(table: Table, lang: str) -> list[GridColumn]:
    """One grid column per schema column: select boxes for allowed values, check boxes for
    booleans, text with the schema's pattern otherwise; required columns marked with *."""
    found = []
    for column in table.columns:
        label = column.name + (" *" if column.required else "")
        help_text = column.description_fr if lang == "fr" else column.description
        if column.kind == BOOLEAN:
            found.append(GridColumn(column.name, label, "checkbox", column.required,
                                    help=help_text))
        elif column.allowed:
            found.append(GridColumn(column.name, label, "select", column.required,
                                    options=column.allowed, help=help_text))
        else:
            pattern = GRID_PATTERNS.get(column.kind)
            width = None
            if column.kind == "date":
                pattern = f"^({DATE_PATTERN})?$"
                # Wide enough for YYYY-MM-DD: the grid sizes columns from the first rows,
                # which may hold no date at all, and then cuts every date short.
                width = 105
            elif column.pattern:
                pattern = f"^({column.pattern})?$"
            found.append(GridColumn(column.name, label, "text", column.required,
                                    validate=pattern, help=help_text, width=width))
    return found


def to_grid(cells: pd.DataFrame, table: Table) -> pd.DataFrame:
    """Text cells as the grid edits them: booleans as check boxes (when they all read as such),
    every other column as text, in the schema's order; unknown columns are left out."""
    out = pd.DataFrame(index=range(len(cells)))
    for column in table.columns:
        values = (cells[column.name].reset_index(drop=True) if column.name in cells
                  else pd.Series([""] * len(cells)))
        values = values.astype(object).where(values.notna(), "")
        if column.kind == BOOLEAN:
            lowered = values.astype(str).str.strip().str.lower()
            if lowered.isin((*TRUE_WORDS, *FALSE_WORDS, "")).all():
                out[column.name] = pd.array(
                    [True if v in TRUE_WORDS else False if v in FALSE_WORDS else None
                     for v in lowered], dtype="boolean")
                continue
        out[column.name] = values.astype(str)
    return out


def from_grid(edited: pd.DataFrame, table: Table) -> pd.DataFrame:
    """The grid back to text cells, as an upload's cells are read: true/false for check
    boxes, empty for missing values, columns the grid lacks empty."""
    out = edited.reset_index(drop=True).reindex(columns=table.column_names)
    return out.map(cell_text).astype(str)


def version_choices(versions: list[Version], lang: str) -> dict[str, str]:
    """Every version a table can be restored to, newest first, each named after the latest
    change that made it ("after the save of ...") or replaced it ("before the save of ...")."""
    choices: dict[str, str] = {}
    for v in versions:
        when = v.when.strftime("%Y-%m-%d %H:%M UTC")
        after = "editor.history.outside" if v.kind == "outside" else "editor.history.after"
        choices.setdefault(v.version,
                           f"{v.version} · " + t(after, lang, when=when, who=v.who or "–"))
        if v.previous:
            choices.setdefault(v.previous, f"{v.previous} · " + t(
                "editor.history.before", lang, when=when, who=v.who or "–"))
    return choices


def history_view(versions: list[Version], lang: str) -> pd.DataFrame:
    """A table's history, newest first as given: when (UTC), who, rows added/changed/removed,
    why (or what kind of change), and the version's name."""
    return pd.DataFrame({
        t("editor.history.when", lang): [v.when.strftime("%Y-%m-%d %H:%M UTC") for v in versions],
        t("editor.history.who", lang): [v.who or "–" for v in versions],
        t("editor.history.change", lang): [f"+{v.added} ~{v.changed} -{v.removed}"
                                           for v in versions],
        t("editor.history.reason", lang): [v.reason or t(f"store.kind.{v.kind}", lang)
                                           for v in versions],
        t("editor.history.version", lang): [v.version for v in versions],
    })


def campus_row(place: Place, university_id: str, identifier: str, source: str) -> dict[str, str]:
    """A locations row for a place the analyst confirmed, ready to complete in the grid."""
    return {
        "id": identifier, "university_id": university_id, "name": f"{place.name} campus",
        "city": place.name, "country": place.country, "latitude": f"{place.latitude:.4f}",
        "longitude": f"{place.longitude:.4f}", "main": "false",
        "note": "coordinates from the GeoNames gazetteer (city centre)", "source": source,
    }


def place_map(places: list[Place], chosen: int, title: str) -> go.Figure:
    """A small map of Europe with the candidate places, the chosen one highlighted."""
    frame = pd.DataFrame({"latitude": [p.latitude for p in places],
                          "longitude": [p.longitude for p in places]})
    figure = go.Figure()
    figure.add_scattergeo(
        lat=frame["latitude"], lon=frame["longitude"], mode="markers+text",
        text=[f"{i + 1}. {p.name} ({p.country})" for i, p in enumerate(places)],
        textposition="top center",
        marker={"size": [16 if i == chosen else 9 for i in range(len(places))],
                "color": [OKABE_ITO[5] if i == chosen else OKABE_ITO[0]
                          for i in range(len(places))],
                "line": {"width": 1, "color": "#000000"}},
        hovertemplate="%{text}<br>%{lat:.4f}, %{lon:.4f}<extra></extra>",
    )
    figure.update_geos(**_geo(frame, pad=6.0))
    figure.update_layout(title=title, height=360, margin={"l": 0, "r": 0, "t": 40, "b": 0},
                         showlegend=False)
    return figure
