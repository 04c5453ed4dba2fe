"""The data editor's model: grid columns, drafts and their reapplication, located problems."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from alliance import store
from alliance.filters import slug
from alliance.gazetteer import Place
from alliance.i18n import format_moment, t
from alliance.loader import FATAL_CODES, Parsed, os_problem, parse_csv
from alliance.maps import _geo
from alliance.problems import ERROR, Problem, listed
from alliance.schema import (
    BOOLEAN,
    DATE_PATTERN,
    DECIMAL,
    FALSE_WORDS,
    INTEGER,
    TABLES_BY_NAME,
    TRUE_WORDS,
    URL,
    URL_PATTERN,
    Table,
)
from alliance.store import Version
from alliance.text import Markdown, markdown
from alliance.theme import PALETTE
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
        help_text = getattr(column, f"description_{lang}", None) or column.description
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


def version_choices(versions: list[Version], lang: str,
                    zone: str | None = "UTC") -> dict[str, str]:
    """Every version a table can be restored to, newest first, each named after the latest
    change that made it ("after the save of ...") or replaced it ("before the save of ..."),
    at the reader's time in `zone`."""
    choices: dict[str, str] = {}
    for v in versions:
        when = format_moment(v.when, lang, zone)
        after = "editor.history.outside" if v.kind == "outside" else "editor.history.after"
        choices.setdefault(v.version,
                           f"{v.version} · " + t(after, lang, when=when, who=v.who or "–"))
        if v.previous:
            choices.setdefault(v.previous, f"{v.previous} · " + t(
                "editor.history.before", lang, when=when, who=v.who or "–"))
    return choices


def history_view(versions: list[Version], lang: str) -> pd.DataFrame:
    """A table's history, newest first as given: when (a UTC time the table sorts as such;
    the page shows it on the reader's clock), who, rows added/changed/removed, why (or what
    kind of change), and the version's name."""
    return pd.DataFrame({
        t("editor.history.when", lang): pd.to_datetime([v.when for v in versions], utc=True),
        t("editor.history.who", lang): [v.who or "–" for v in versions],
        t("editor.history.change", lang): [f"+{v.added} ~{v.changed} -{v.removed}"
                                           for v in versions],
        t("editor.history.reason", lang): [v.reason or t(f"store.kind.{v.kind}", lang)
                                           for v in versions],
        t("editor.history.version", lang): [v.version for v in versions],
    })


def campus_id(university_id: str, place_name: str) -> str:
    """The suggested id of a new campus, through the shared slug rule, in the ids' alphabet
    (A-Z, 0-9, -): `UAM` and `Poznań` make `UAM-POZNAN`, `L'Aquila` makes `...-L-AQUILA`."""
    return slug(f"{university_id} {place_name}").upper()


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
                "color": [PALETTE[5] if i == chosen else PALETTE[0]
                          for i in range(len(places))],
                "line": {"width": 1, "color": "#000000"}},
        hovertemplate="%{text}<br>%{lat:.4f}, %{lon:.4f}<extra></extra>",
    )
    figure.update_geos(**_geo(frame, pad=6.0))
    figure.update_layout(title=title, height=360, margin={"l": 0, "r": 0, "t": 40, "b": 0},
                         showlegend=False)
    return figure


# Drafts: what an editor changed and has not saved yet.

@dataclass(frozen=True)
class Keys:
    """The session-state names of one table's draft (kept apart per table)."""

    base: str  # the version the editor started from
    base_cells: str  # that version's cells, so the grid keeps its rows when the file changes
    draft: str  # rows the grid starts from instead (an upload, a reapplied draft, a campus)
    pending: str  # campus rows to add below them
    round: str  # moves on when the grid's starting rows are replaced
    dirty: str  # whether the last run showed unsaved changes

    def grid(self, number: int) -> str:
        return f"grid_{self.base.removeprefix('base_')}_{number}"

    def upload(self, number: int) -> str:
        return f"upload_{self.base.removeprefix('base_')}_{number}"


def keys(table_name: str) -> Keys:
    return Keys(f"base_{table_name}", f"base_cells_{table_name}", f"draft_{table_name}",
                f"pending_{table_name}", f"grid_round_{table_name}", f"dirty_{table_name}")


def grid_edited(state: object) -> bool:
    """True when a data editor's state (edited, added, deleted rows) holds any edit."""
    return isinstance(state, Mapping) and any(
        state.get(part) for part in ("edited_rows", "added_rows", "deleted_rows"))


def has_draft(state: Mapping[str, object], table_name: str) -> bool:
    """True when the session holds changes to the table not saved yet: a draft, campus rows,
    edits in the current grid, a file in the current uploader, or the last run's review."""
    names = keys(table_name)
    number = state.get(names.round, 0)
    return bool(state.get(names.draft) is not None or state.get(names.pending)
                or state.get(names.dirty) or grid_edited(state.get(names.grid(number)))
                or state.get(names.upload(number)) is not None)


def _keyed(frame: pd.DataFrame, columns: list[str], key: str) -> pd.DataFrame:
    """Text cells of `columns` (missing = ""), indexed by (id, occurrence of that id)."""
    cells = pd.DataFrame({c: frame[c].astype(object).where(frame[c].notna(), "").astype(str)
                          .tolist() if c in frame else [""] * len(frame) for c in columns},
                         columns=columns)
    ids = cells[key] if key in cells else pd.Series([""] * len(frame))
    cells.index = pd.MultiIndex.from_arrays([ids.tolist(), ids.groupby(ids).cumcount().tolist()])
    return cells


def reapply(base: pd.DataFrame, draft: pd.DataFrame, current: pd.DataFrame,
            key: str = "id") -> pd.DataFrame:
    """The editor's changes (from `base` to `draft`) made again on `current`, the version
    someone else saved meanwhile: each changed cell set, each added row added, each removed
    row removed, by row id; every other cell as `current` has it. A row the other person
    removed and this editor changed comes back, as this editor left it, for them to judge."""
    columns = list(current.columns) + [c for c in draft.columns if c not in current.columns]
    if key not in columns:
        columns.append(key)
    before, after, now = (_keyed(f, columns, key) for f in (base, draft, current))
    result = now.copy()
    kept = after.index[after.index.isin(before.index)]
    old, new = before.reindex(kept), after.loc[kept]
    rows, cols = np.nonzero(old.to_numpy(dtype=object) != new.to_numpy(dtype=object))
    back: list[tuple[str, int]] = []
    for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
        where = kept[r]
        if where in result.index:
            result.loc[where, columns[c]] = new.iloc[r, c]
        elif where not in back:
            back.append(where)
    removed = before.index[~before.index.isin(after.index)]
    result = result[~result.index.isin(removed)]
    added = [i for i in after.index if i not in before.index or i in back]
    result = pd.concat([result, after.loc[added]])
    return result.reset_index(drop=True)


def draft_changed(base: pd.DataFrame, proposed: pd.DataFrame | None, key: str = "id") -> bool:
    return proposed is not None and not store.diff(base, proposed, key).is_empty


def conflict_of(versions: Sequence[store.Version], table_name: str,
                version: str) -> store.Conflict:
    """Who changed the table to `version`, and when, from its history (newest first)."""
    for entry in versions:
        if entry.table == table_name and entry.version == version:
            return store.Conflict(table_name, entry.when, entry.who)
    return store.Conflict(table_name, dt.datetime.now(dt.UTC), None)


# The table as it is on disk, and whether it can be read at all.

UNREADABLE: tuple[type[BaseException], ...] = (store.Unreadable,)


@dataclass(frozen=True)
class Opened:
    """A table's current cells and version; `problems` say why its file cannot be read (then
    the cells are empty and only a restore may write it); `refusal` is the store's own."""

    table: Table
    cells: pd.DataFrame
    version: str
    problems: tuple[Problem, ...] = ()
    refusal: BaseException | None = None

    @property
    def readable(self) -> bool:
        return not self.problems and self.refusal is None

    def message(self, lang: str) -> str:
        """Why the table cannot be edited, and the ways out."""
        if self.refusal is not None and hasattr(self.refusal, "message"):
            return str(self.refusal.message(lang))
        return t("editor.unreadable", lang, file=self.table.file_name,
                 problems=" ".join(p.message(lang) for p in self.problems))


def fatal_problems(parsed: Parsed) -> tuple[Problem, ...]:
    """The problems that keep a file from being read into rows at all, wherever they are
    (`Parsed.usable` looks at lines 1 and none only, and a byte that is not UTF-8 on line
    40 leaves no rows either)."""
    found = tuple(p for p in parsed.problems if p.severity == ERROR and p.code in FATAL_CODES)
    if found or parsed.usable:
        return found
    return tuple(p for p in parsed.problems if p.severity == ERROR)


def open_table(folder: Path, table_name: str) -> Opened:
    """The table through the store, and whether its current file can be read."""
    table = TABLES_BY_NAME[table_name]
    path = Path(folder) / table.file_name
    try:
        cells, version = store.current(folder, table_name)
    except UNREADABLE as exc:
        try:
            version = store.version_of(path.read_bytes())
        except OSError:
            version = ""
        empty = pd.DataFrame({c: pd.Series(dtype="str") for c in table.column_names})
        return Opened(table, empty, version, tuple(getattr(exc, "problems", ())), exc)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Opened(table, cells, version)
    except OSError as exc:
        return Opened(table, cells, version, (os_problem(table.file_name, exc),))
    return Opened(table, cells, version, fatal_problems(parse_csv(data, table)))


# Problems of a proposal, located where the editor can find them.

UPLOAD_ERRORS_SHOWN = 20  # one box each; the rest are counted in one more box


def upload_errors(parsed: Parsed) -> list[Problem]:
    """The errors of an uploaded file to show, at most UPLOAD_ERRORS_SHOWN, then how many
    more (a file of a million broken lines must not draw a million boxes)."""
    return listed([p for p in parsed.problems if p.severity == ERROR], UPLOAD_ERRORS_SHOWN)


def upload_problem_text(found: Problem, file_name: str, lang: str) -> Markdown:
    """One problem of an uploaded file, in a sentence: its line when it has one. The file's
    name and the message (which quotes its column names and cells) are shown as text."""
    message = markdown(found.message(lang))
    if found.line is None:
        return Markdown(t("editor.upload_problem", lang, file=markdown(file_name),
                          message=message))
    return Markdown(t("editor.upload_problem_at", lang, file=markdown(file_name),
                      line=found.line, message=message))


@dataclass(frozen=True)
class Uploaded:
    """Where an upload's rows are: its file's name, the table row its first row became
    (0 when it replaces the table, the current row count when it is appended), and the
    line of each of its rows in its own file."""

    file: str
    first_row: int
    lines: np.ndarray


def locate_in_upload(problems: Sequence[Problem], saved: bytes, table: Table,
                     upload: Uploaded) -> list[Problem]:
    """Problems of the table as it would be saved, those on rows that came from an upload
    moved to the uploaded file's own lines."""
    saved_lines = parse_csv(saved, table).lines
    row_at = {int(line): row for row, line in enumerate(saved_lines.tolist())}
    located = []
    for found in problems:
        row = row_at.get(found.line) if found.line is not None else None
        if (found.file == table.file_name and row is not None
                and 0 <= row - upload.first_row < len(upload.lines)):
            found = replace(found, file=upload.file,
                            line=int(upload.lines[row - upload.first_row]))
        located.append(found)
    return located
