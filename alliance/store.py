"""Safe saves of the data folder: lock, access check, validation, atomic replace, history, undo.

Every save runs under one lock file (`folder/.lock`), so read, validate and write happen as
one step even with several app processes and the command line at work. The history lives
in `folder/.history/`: `<table>/<version>.csv` holds every version the store has seen (named
by the digest of its bytes) and `log.jsonl` one JSON line per change.

Order of a save, chosen so that a process killed at any instant leaves the table file whole
(the old bytes or the new ones, never a mix) and a history that can be made consistent:

1. copy the new bytes to `.history/<table>/<version>.csv` (temporary file, fsync, rename,
   fsync of the directory): a crash here leaves an unreferenced copy and the table untouched;
2. write the intended log record to `.history/<table>/pending.json` (fsync);
3. write the new bytes to a temporary file next to the table (`.<table>.csv.<random>.tmp`,
   which the loader never reads), fsync it, `os.replace` it over the table, fsync the folder:
   the rename is atomic, so readers see the old file or the new one;
4. append the record to `log.jsonl` and fsync it.

A crash between 3 and 4 leaves a current file that the log does not name. Reconciliation,
run under the lock at the start of every save and by `history()`, repairs that: it cuts a
torn last line off the log, deletes leftover temporary files, and when the table's bytes are
not the last logged version it logs them, with the pending record's author and reason when
the digest matches (an interrupted save) or as kind "outside" otherwise (a file edited by
hand, pulled with git, or present before history began). The version it replaces was logged
or reconciled earlier, so its copy is always in the history and can be restored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from filelock import FileLock

from alliance.i18n import DEFAULT_LANGUAGE, t
from alliance.loader import parse_csv
from alliance.schema import TABLES, TABLES_BY_NAME, Table
from alliance.upload import cell_text
from alliance.validate import Report, check_folder

LOCK_NAME = ".lock"
HISTORY_DIR = ".history"
LOG_NAME = "log.jsonl"
PENDING_NAME = "pending.json"
LOCK_TIMEOUT_S = 30.0
KINDS = ("save", "restore", "outside")


class NotAllowed(PermissionError):  # noqa: N818 (the names the pages catch)
    """The person saving may not edit the data."""


class Conflict(Exception):  # noqa: N818
    """The table changed since the version the editor started from."""

    def __init__(self, table: str, changed_at: dt.datetime, who: str | None) -> None:
        self.table = table
        self.changed_at = changed_at
        self.who = who
        super().__init__(self.message(DEFAULT_LANGUAGE))

    def message(self, lang: str = DEFAULT_LANGUAGE) -> str:
        local = self.changed_at.astimezone()
        today = dt.datetime.now(local.tzinfo).date()
        at = local.strftime("%H:%M" if local.date() == today else "%Y-%m-%d %H:%M")
        if self.who:
            return t("store.conflict_by", lang, table=self.table, at=at, who=self.who)
        return t("store.conflict", lang, table=self.table, at=at)


class Unreadable(Exception):  # noqa: N818
    """The table's current file cannot be read, so no save may build on it (a restore may).

    Minimal form of the store's refusal: `table`, the loader's `problems`, `message(lang)`.
    """

    def __init__(self, table: str, problems: list | tuple = ()) -> None:
        self.table = table
        self.problems = list(problems)
        super().__init__(self.message(DEFAULT_LANGUAGE))

    def message(self, lang: str = DEFAULT_LANGUAGE) -> str:
        file = TABLES_BY_NAME[self.table].file_name if self.table in TABLES_BY_NAME else ""
        return t("editor.unreadable", lang, file=file,
                 problems=" ".join(p.message(lang) for p in self.problems))


class Invalid(Exception):  # noqa: N818
    """The proposed folder has errors; `report` validates the whole of it."""

    def __init__(self, report: Report) -> None:
        self.report = report
        errors = sum(1 for p in report.problems if p.severity == "error")
        super().__init__(t("store.invalid", DEFAULT_LANGUAGE, errors=errors))


@dataclass(frozen=True)
class Diff:
    """What changed between two versions of a table, by row id."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[tuple[str, str, str, str]] = field(default_factory=list)  # id, col, old, new

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def summary(self) -> dict[str, int]:
        rows = len({row_id for row_id, *_ in self.changed})
        return {"added": len(self.added), "changed": rows, "removed": len(self.removed)}


@dataclass(frozen=True)
class Version:
    """One entry of a table's history."""

    table: str
    version: str
    when: dt.datetime
    who: str | None
    reason: str
    added: int
    changed: int
    removed: int
    previous: str
    kind: str = "save"  # save, restore, or outside (changed without the store)

    def as_record(self) -> dict[str, object]:
        record = asdict(self)
        record["when"] = self.when.isoformat()
        return record

    @classmethod
    def from_record(cls, record: dict[str, object]) -> Version:
        values = dict(record)
        values["when"] = dt.datetime.fromisoformat(str(values["when"]))
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in values.items() if k in known})  # type: ignore[arg-type]


def version_of(data: bytes) -> str:
    """Short digest of a file's bytes: equal bytes, equal version."""
    return hashlib.blake2b(data, digest_size=6).hexdigest()


def _table(table_name: str) -> Table:
    try:
        return TABLES_BY_NAME[table_name]
    except KeyError:
        raise KeyError(f"unknown table {table_name!r}") from None


def _frame_of(data: bytes | None, table: Table) -> pd.DataFrame:
    if data is None:
        return pd.DataFrame({name: pd.Series(dtype="str") for name in table.column_names})
    return parse_csv(data, table).frame


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def current(folder: Path, table_name: str) -> tuple[pd.DataFrame, str]:
    """The table's text cells as the loader reads them, and the version of those bytes."""
    table = _table(table_name)
    data = _read_bytes(Path(folder) / table.file_name)
    return _frame_of(data, table), "" if data is None else version_of(data)


def csv_bytes(frame: pd.DataFrame, table: Table) -> bytes:
    """The frame as the repository keeps tables (`loader.write_csv`): UTF-8 without BOM,
    comma, header in the schema's column order, rows in the order given, final newline."""
    names = list(table.column_names) + [c for c in frame.columns if c not in table.column_names]
    cells = {name: _text_column(frame[name]) if name in frame else [""] * len(frame)
             for name in names}
    text = pd.DataFrame(cells, columns=names).to_csv(index=False, lineterminator="\n")
    return text.encode("utf-8")


def _text_column(cells: pd.Series) -> list[str]:
    if pd.api.types.is_string_dtype(cells) and not cells.isna().any():  # all str
        return cells.astype(str).tolist()
    return [cell_text(v) for v in cells.tolist()]


def _aligned(frame: pd.DataFrame, columns: list[str], key: str) -> pd.DataFrame:
    """Text cells of `columns` (missing = ""), indexed by (key, occurrence of that key)."""
    cells = pd.DataFrame({c: _text_column(frame[c]) if c in frame else [""] * len(frame)
                          for c in columns}, columns=columns)
    ids = pd.Series(_text_column(frame[key]) if key in frame else [""] * len(frame))
    cells.index = pd.MultiIndex.from_arrays([ids, ids.groupby(ids).cumcount()])
    return cells


def diff(old: pd.DataFrame, new: pd.DataFrame, key: str = "id") -> Diff:
    """Rows added and removed (by id), and every changed cell of the rows in both."""
    columns = list(old.columns) + [c for c in new.columns if c not in old.columns]
    before, after = _aligned(old, columns, key), _aligned(new, columns, key)
    added = [row_id for row_id, _ in after.index.difference(before.index, sort=False)]
    removed = [row_id for row_id, _ in before.index.difference(after.index, sort=False)]
    both = after.index[after.index.isin(before.index)]
    old_cells = before.loc[both].to_numpy(dtype=object)
    new_cells = after.loc[both].to_numpy(dtype=object)
    rows, cols = np.nonzero(old_cells != new_cells)  # row-major: a row's cells together
    changed = [(str(both[r][0]), columns[c], str(old_cells[r, c]), str(new_cells[r, c]))
               for r, c in zip(rows.tolist(), cols.tolist(), strict=True)]
    return Diff(added=added, removed=removed, changed=changed)


# History on disk.

def _history_dir(folder: Path) -> Path:
    return Path(folder) / HISTORY_DIR


def _snapshot_path(folder: Path, table: str, version: str) -> Path:
    return _history_dir(folder) / table / f"{version}.csv"


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    with FileLock(str(Path(folder) / LOCK_NAME), timeout=LOCK_TIMEOUT_S):
        yield


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a directory; its rename is durable on its own
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_atomically(path: Path, data: bytes) -> None:
    """Temporary file in the same directory, fsync, rename over `path`, fsync the directory."""
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            if hasattr(os, "fchmod"):  # mkstemp makes 0600: keep the file as readable
                os.fchmod(fd, _mode_of(path))
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temp)
        raise
    _fsync_dir(path.parent)


def _mode_of(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return 0o644


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())


def _append_log(folder: Path, record: Version) -> None:
    line = json.dumps(record.as_record(), ensure_ascii=False, sort_keys=True) + "\n"
    log = _history_dir(folder) / LOG_NAME
    with open(log, "ab") as out:
        out.write(line.encode("utf-8"))
        out.flush()
        os.fsync(out.fileno())


def _read_log(folder: Path) -> list[Version]:
    try:
        data = (_history_dir(folder) / LOG_NAME).read_bytes()
    except FileNotFoundError:
        return []
    entries = []
    for line in data.split(b"\n"):
        with suppress(ValueError, KeyError, TypeError):  # a torn last line is not an entry
            entries.append(Version.from_record(json.loads(line)))
    return entries


def _repair_log(folder: Path) -> None:
    """Cut a last line that a killed process left without its newline."""
    log = _history_dir(folder) / LOG_NAME
    try:
        data = log.read_bytes()
    except FileNotFoundError:
        return
    if data and not data.endswith(b"\n"):
        with open(log, "r+b") as out:
            out.truncate(data.rfind(b"\n") + 1)
            out.flush()
            os.fsync(out.fileno())


def _remove_leftovers(folder: Path, table: Table) -> None:
    """Temporary files of killed saves (we hold the lock, so nobody is writing them)."""
    history = _history_dir(folder) / table.name
    for pattern, where in ((f".{table.file_name}.*.tmp", Path(folder)), (".*.tmp", history)):
        for leftover in where.glob(pattern):
            with suppress(OSError):
                leftover.unlink()


def _reconcile(folder: Path, table: Table, entries: list[Version]) -> list[Version]:
    """Log the table's current bytes if the log does not end with them; returns the log."""
    _remove_leftovers(folder, table)
    path = Path(folder) / table.file_name
    data = _read_bytes(path)
    if data is None:
        return entries
    version = version_of(data)
    mine = [e for e in entries if e.table == table.name]
    last = mine[-1] if mine else None
    if last is not None and last.version == version:
        return entries
    previous = last.version if last else ""
    snapshot = _snapshot_path(folder, table.name, version)
    if not snapshot.is_file():
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(snapshot, data)
    record = _pending(folder, table, version, previous)
    if record is None:
        old = _frame_of(_read_bytes(_snapshot_path(folder, table.name, previous))
                        if previous else None, table)
        counts = diff(old, parse_csv(data, table).frame, table.primary_key).summary()
        when = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
        record = Version(table.name, version, when, None, "", counts["added"],
                         counts["changed"], counts["removed"], previous, "outside")
    _append_log(folder, record)
    return [*entries, record]


def _pending(folder: Path, table: Table, version: str, previous: str) -> Version | None:
    """The record an interrupted save meant to log, if it is the one for these bytes."""
    try:
        record = Version.from_record(json.loads(
            (_history_dir(folder) / table.name / PENDING_NAME).read_bytes()))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if record.version != version or record.previous != previous:
        return None
    return record


def _reconciled(folder: Path, tables: tuple[Table, ...]) -> list[Version]:
    _repair_log(folder)
    entries = _read_log(folder)
    for table in tables:
        entries = _reconcile(folder, table, entries)
    return entries


def history(folder: Path, table_name: str | None = None) -> list[Version]:
    """Versions of one table (or of all), newest first, after reconciling the log."""
    tables = TABLES if table_name is None else (_table(table_name),)
    folder = Path(folder)
    try:
        with _locked(folder):
            entries = _reconciled(folder, tables)
    except OSError:  # a read-only folder: show the log as it is
        entries = _read_log(folder)
    names = {table.name for table in tables}
    return [e for e in reversed(entries) if e.table in names]


def read_version(folder: Path, table_name: str, version: str) -> pd.DataFrame:
    """The text cells of one version of a table, the current one included.

    Raises KeyError when no such version is kept.
    """
    table = _table(table_name)
    for path in (Path(folder) / table.file_name, _snapshot_path(folder, table.name, version)):
        data = _read_bytes(path)
        if data is not None and version_of(data) == version:
            return _frame_of(data, table)
    raise KeyError(f"no version {version!r} of {table_name}")


def save(folder: Path, table_name: str, frame: pd.DataFrame, *, base: str | None, who: str,
         reason: str, check_access: Callable[[], None]) -> Version:
    """Save a table if the person may, nobody saved since `base`, and the folder stays valid.

    `base` is the version the editor started from (None: overwrite whatever is there).
    Raises NotAllowed (from check_access), Conflict, Invalid, or filelock.Timeout when
    another save holds the lock longer than LOCK_TIMEOUT_S.
    """
    return _save(Path(folder), _table(table_name), frame, base, who, reason, check_access,
                 "save")


def _save(folder: Path, table: Table, frame: pd.DataFrame, base: str | None, who: str,
          reason: str, check_access: Callable[[], None], kind: str) -> Version:
    with _locked(folder):
        return _save_locked(folder, table, frame, base, who, reason, check_access, kind)


def _save_locked(folder: Path, table: Table, frame: pd.DataFrame, base: str | None, who: str,
                 reason: str, check_access: Callable[[], None], kind: str) -> Version:
    """The save itself; the caller holds the lock (each FileLock object locks on its own,
    so taking the lock again here would wait for ourselves)."""
    check_access()  # again here: the page's earlier check may be stale
    entries = _reconciled(folder, (table,))
    path = folder / table.file_name
    old_bytes = _read_bytes(path)
    old_version = "" if old_bytes is None else version_of(old_bytes)
    mine = [e for e in entries if e.table == table.name]
    if base is not None and base != old_version:
        raise _conflict(table, path, mine)
    data = csv_bytes(frame, table)
    report = check_folder(folder, overrides={table.name: data})
    if not report.clean:
        raise Invalid(report)
    version = version_of(data)
    if version == old_version and mine:
        return mine[-1]  # nothing changed: nothing to log
    counts = diff(_frame_of(old_bytes, table), report.results[table.name].parsed.frame,
                  table.primary_key).summary()
    record = Version(table.name, version, dt.datetime.now(dt.UTC), who, reason,
                     counts["added"], counts["changed"], counts["removed"], old_version,
                     kind)
    snapshot = _snapshot_path(folder, table.name, version)
    snapshot.parent.mkdir(parents=True, exist_ok=True)
    if not snapshot.is_file():
        _write_atomically(snapshot, data)
    _write_synced(snapshot.parent / PENDING_NAME,
                  json.dumps(record.as_record(), ensure_ascii=False).encode("utf-8"))
    _write_atomically(path, data)
    _append_log(folder, record)
    return record


def _conflict(table: Table, path: Path, mine: list[Version]) -> Conflict:
    if mine:
        return Conflict(table.name, mine[-1].when, mine[-1].who)
    try:
        when = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
    except FileNotFoundError:
        when = dt.datetime.now(dt.UTC)
    return Conflict(table.name, when, None)


def restore(folder: Path, table_name: str, version: str, *, base: str | None, who: str,
            reason: str, check_access: Callable[[], None]) -> Version:
    """Save an earlier version again, with every check of a save; logged as a restore."""
    table = _table(table_name)
    frame = read_version(folder, table_name, version)
    return _save(Path(folder), table, frame, base, who, reason, check_access, "restore")


def update(folder: Path, table_name: str, change: Callable[[pd.DataFrame], pd.DataFrame], *,
           who: str, reason: str, check_access: Callable[[], None]) -> Version:
    """Read the table, apply `change` and save, all under the lock: no concurrent save can
    slip in between, so read-modify-write never loses another person's rows."""
    folder = Path(folder)
    table = _table(table_name)
    with _locked(folder):
        frame, version = current(folder, table_name)
        return _save_locked(folder, table, change(frame), version, who, reason, check_access,
                            "save")
