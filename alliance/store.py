"""Safe saves of the data folder: lock, access check, validation, atomic replace, history, undo.

Every save runs under one lock file (`folder/.lock`), so read, validate and write happen as
one step even with several app processes and the command line at work. The history lives
in `folder/.history/`: `<table>/<version>.csv` holds every version the store has seen (named
by the digest of its bytes) and `log.jsonl` one JSON line per change.

A save writes the table in the dialect of the file it replaces (`loader.Dialect`: delimiter,
UTF-8 BOM or not, CRLF or LF after the header, a decimal comma in a semicolon file's number
columns), so a file French Excel saved opens in it the same way afterwards; a restore writes
the version in its own dialect. A new file takes the default: UTF-8 without BOM, comma, LF.
A current file that cannot be read into all of its rows is never read as empty: `current`
and every save but a restore raise Unreadable.

Order of a save, chosen so that a process killed at any instant leaves the table file whole
(the old bytes or the new ones, never a mix) and a history that can be made consistent:

1. write the intended log record to `.history/<table>/pending.json` (fsync);
2. copy the new bytes to `.history/<table>/<version>.csv` (temporary file, fsync, rename,
   fsync of the directory): a crash here leaves an unlogged copy and the table untouched;
3. write the new bytes to a temporary file next to the table (`.<table>.csv.<random>.tmp`,
   which the loader never reads), fsync it, `os.replace` it over the table, fsync the folder:
   the rename is atomic, so readers see the old file or the new one;
4. append the record to `log.jsonl` and fsync it, then remove `pending.json`.

A save that fails with an error (a full disk, a read-only folder) before the table is
replaced removes its pending record and its unlogged copy at once; one killed leaves them
to reconciliation, which removes them the same way (the pending record names the copy, so
no logged version is ever removed).

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
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from filelock import FileLock

from alliance.atomic import temporary_pattern, write_atomically
from alliance.files import read_regular
from alliance.i18n import DEFAULT_LANGUAGE, format_moment, t
from alliance.loader import (
    DEFAULT_DIALECT,
    FATAL_CODES,
    Dialect,
    Parsed,
    dialect_of,
    os_problem,
    parse_csv,
)
from alliance.loader import csv_bytes as dialect_bytes
from alliance.problems import ERROR, Problem
from alliance.schema import TABLES, TABLES_BY_NAME, Table
from alliance.upload import cell_text
from alliance.validate import Report, check_folder

LOCK_NAME = ".lock"
HISTORY_DIR = ".history"
LOG_NAME = "log.jsonl"
PENDING_NAME = "pending.json"
LOCK_TIMEOUT_S = 30.0
LOCK_TIMEOUT_VARIABLE = "ALLIANCE_LOCK_TIMEOUT"  # seconds a save waits for another's lock
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

    def message(self, lang: str = DEFAULT_LANGUAGE, zone: str | None = None) -> str:
        """Who changed the table and when, at the reader's time in `zone` (None: this
        machine's, for the command line)."""
        at = format_moment(self.changed_at, lang, zone)
        if self.who:
            return t("store.conflict_by", lang, table=self.table, at=at, who=self.who)
        return t("store.conflict", lang, table=self.table, at=at)


class Unreadable(Exception):  # noqa: N818
    """The table's current file cannot be read into rows, so saving onto it would lose them.

    `problems` are the loader's records of why (the first says where); `message(lang)` says
    so, and how to mend it: save the file again as UTF-8 CSV, or restore an earlier version
    (a restore is the one save allowed onto an unreadable file).
    """

    def __init__(self, table: str, problems: list[Problem]) -> None:
        self.table = table
        self.problems = problems
        super().__init__(self.message(DEFAULT_LANGUAGE))

    def message(self, lang: str = DEFAULT_LANGUAGE) -> str:
        why = self.problems[0].as_line(lang) if self.problems else ""
        # A file that cannot even be opened (a folder in its place, no permission) is not
        # mended by saving it again from Excel.
        key = "store.unopenable" if self.problems and self.problems[0].code in UNOPENABLE \
            else "store.unreadable"
        return t(key, lang, file=TABLES_BY_NAME[self.table].file_name, table=self.table,
                 why=why)


UNOPENABLE = frozenset({"file_is_directory", "file_is_special", "file_unreadable"})


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


def _empty(table: Table) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype="str") for name in table.column_names})


def _frame_of(data: bytes | None, table: Table) -> pd.DataFrame:
    """The rows of `data` (no file: no rows); raises Unreadable rather than read it as empty."""
    if data is None:
        return _empty(table)
    return _readable(parse_csv(data, table), table).frame


def _readable(parsed: Parsed, table: Table) -> Parsed:
    """`parsed` when it holds every row of its file; raises Unreadable otherwise.

    Any row the loader could not keep counts, whatever its reason (a cell too many or too
    few, a cell over the size cap...): the loader lists their lines (`Parsed.dropped`), so
    a new reason to drop a row can never turn a save into a silent loss.
    """
    lost = [p for p in parsed.problems if p.severity == ERROR and p.code in FATAL_CODES]
    if len(parsed.dropped):
        at = set(parsed.dropped.tolist())
        lost += [p for p in parsed.problems if p.severity == ERROR and p.line in at]
    if lost or len(parsed.dropped) or not parsed.usable:
        raise Unreadable(table.name, lost or parsed.problems)
    return parsed


def _read_bytes(path: Path) -> bytes | None:
    try:
        return read_regular(path)  # a device or a pipe in a table's place is refused unread
    except FileNotFoundError:
        return None


def _read_current(folder: Path, table: Table) -> bytes | None:
    """The table file's bytes (None: no file yet); a file that is there but cannot be
    opened (a folder in its place, no permission) raises Unreadable, never reads as empty."""
    try:
        return _read_bytes(Path(folder) / table.file_name)
    except OSError as exc:  # said in the reader's language, never the system's English
        raise Unreadable(table.name, [os_problem(table.file_name, exc)]) from exc


def current(folder: Path, table_name: str) -> tuple[pd.DataFrame, str]:
    """The table's text cells as the loader reads them, and the version of those bytes.

    No file yet: no rows (the schema's columns) and version "". A file that cannot be read
    into all of its rows (not UTF-8, UTF-16, no header, an unclosed quote, rows with the
    wrong number of cells, or a file that cannot be opened) raises Unreadable: callers show
    `exc.message(lang)` and offer a restore, never an empty table to edit or append to.
    """
    table = _table(table_name)
    data = _read_current(Path(folder), table)
    return _frame_of(data, table), "" if data is None else version_of(data)


def csv_bytes(frame: pd.DataFrame, table: Table, dialect: Dialect = DEFAULT_DIALECT) -> bytes:
    """The frame as a table file: header in the schema's column order, rows in the order
    given, a line end after each, in `dialect` (default: the repository's, UTF-8 without BOM,
    comma, LF, decimal point; `loader.write_csv`)."""
    names = list(table.column_names) + [c for c in frame.columns if c not in table.column_names]
    cells = {name: _text_column(frame[name]) if name in frame else [""] * len(frame)
             for name in names}
    # A translation nobody has written yet stays out of the file, so configuring a language
    # does not add empty columns to every table an analyst saves.
    for column in table.columns:
        if column.translation_of and not any(cells[column.name]):
            names.remove(column.name)
            del cells[column.name]
    return dialect_bytes(pd.DataFrame(cells, columns=names), dialect, table)


def file_dialect(folder: Path, table_name: str) -> Dialect:
    """The dialect a save of the table writes: its current file's, the default for a new
    file (or one that cannot be read)."""
    table = _table(table_name)
    try:
        data = _read_current(Path(folder), table)
    except Unreadable:
        return DEFAULT_DIALECT
    return _dialect(data, table)


def _dialect(data: bytes | None, table: Table) -> Dialect:
    if data is None:
        return DEFAULT_DIALECT
    parsed = parse_csv(data, table)
    return dialect_of(data, parsed, table) if parsed.usable else DEFAULT_DIALECT


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


def lock_timeout(environ: dict[str, str] | None = None) -> float:
    """How long a save waits for the lock: $ALLIANCE_LOCK_TIMEOUT seconds, else 30."""
    env = os.environ if environ is None else environ
    try:
        seconds = float(env.get(LOCK_TIMEOUT_VARIABLE, ""))
    except ValueError:
        return LOCK_TIMEOUT_S
    return seconds if seconds >= 0 else LOCK_TIMEOUT_S


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    with FileLock(str(Path(folder) / LOCK_NAME), timeout=lock_timeout()):
        yield


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
    for pattern, where in ((temporary_pattern(table.file_name), Path(folder)),
                           (".*.tmp", history)):
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
        write_atomically(snapshot, data)
    record = _pending(folder, table, version, previous)
    if record is None:
        # Only counts for the log: rows of a version that cannot be read count as none.
        old = parse_csv(_read_bytes(_snapshot_path(folder, table.name, previous)) or b"",
                        table).frame if previous else _empty(table)
        counts = diff(old, parse_csv(data, table).frame, table.primary_key).summary()
        when = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
        record = Version(table.name, version, when, None, "", counts["added"],
                         counts["changed"], counts["removed"], previous, "outside")
    _append_log(folder, record)
    return [*entries, record]


def _settle_pending(folder: Path, table: Table, entries: list[Version]) -> None:
    """Remove what a failed or killed save left: its pending record, and its copy of the
    new version when that version never became the table (so is not in the log). Only
    that one copy goes: a history copy that is logged is never removed."""
    pending = _history_dir(folder) / table.name / PENDING_NAME
    try:
        record = Version.from_record(json.loads(pending.read_bytes()))
    except FileNotFoundError:
        return
    except (OSError, ValueError, KeyError, TypeError):
        record = None
    if record is not None and record.table == table.name and record.version not in {
            e.version for e in entries if e.table == table.name}:
        with suppress(OSError):
            _snapshot_path(folder, table.name, record.version).unlink()
    with suppress(OSError):
        pending.unlink()


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
        _settle_pending(folder, table, entries)
    return entries


def history(folder: Path, table_name: str | None = None) -> list[Version]:
    """Versions of one table (or of all), newest first, after reconciling the log."""
    tables = TABLES if table_name is None else (_table(table_name),)
    folder = Path(folder)
    try:
        with _locked(folder):
            entries = _reconciled(folder, tables)
    except OSError:  # a read-only folder, or the lock busy (Timeout): the log as it is
        entries = _read_log(folder)
    names = {table.name for table in tables}
    return [e for e in reversed(entries) if e.table in names]


def saves(folder: Path) -> list[Version]:
    """The saves and restores the log records, newest first, read as they are: no
    reconciling, so nothing is written, and changes made outside the store (dated when they
    were noticed, not when they were made) are left out."""
    try:
        entries = _read_log(Path(folder))
    except Exception:  # an unreadable log records nothing we can trust
        return []
    return [e for e in reversed(entries) if e.kind != "outside"]


def read_version(folder: Path, table_name: str, version: str) -> pd.DataFrame:
    """The text cells of one version of a table, the current one included.

    Raises KeyError when no such version is kept, Unreadable when it cannot be read.
    """
    table = _table(table_name)
    return _frame_of(_version_bytes(Path(folder), table, version), table)


def _version_bytes(folder: Path, table: Table, version: str) -> bytes:
    for path in (folder / table.file_name, _snapshot_path(folder, table.name, version)):
        with suppress(OSError):
            data = _read_bytes(path)
            if data is not None and version_of(data) == version:
                return data
    raise KeyError(f"no version {version!r} of {table.name}")


def save(folder: Path, table_name: str, frame: pd.DataFrame, *, base: str | None, who: str,
         reason: str, check_access: Callable[[], None]) -> Version:
    """Save a table if the person may, nobody saved since `base`, and the folder stays valid.

    `base` is the version the editor started from (None: overwrite whatever is there).
    Raises NotAllowed (from check_access), Unreadable (the current file cannot be read, so
    the save would lose its rows: restore() is the way back), Conflict, Invalid, or
    filelock.Timeout when another save holds the lock longer than lock_timeout(), or
    OSError when the disk or folder refuses the write (nothing is left of the attempt).
    """
    return _save(Path(folder), _table(table_name), frame, base, who, reason, check_access,
                 "save")


def _save(folder: Path, table: Table, frame: pd.DataFrame, base: str | None, who: str,
          reason: str, check_access: Callable[[], None], kind: str,
          dialect: Dialect | None = None) -> Version:
    with _locked(folder):
        return _save_locked(folder, table, frame, base, who, reason, check_access, kind,
                            dialect)


def _save_locked(folder: Path, table: Table, frame: pd.DataFrame, base: str | None, who: str,
                 reason: str, check_access: Callable[[], None], kind: str,
                 dialect: Dialect | None = None) -> Version:
    """The save itself; the caller holds the lock (each FileLock object locks on its own,
    so taking the lock again here would wait for ourselves)."""
    check_access()  # again here: the page's earlier check may be stale
    entries = _reconciled(folder, (table,))
    path = folder / table.file_name
    old_bytes = _read_current(folder, table)
    old_version = "" if old_bytes is None else version_of(old_bytes)
    old_parsed = None if old_bytes is None else parse_csv(old_bytes, table)
    old_dialect = DEFAULT_DIALECT
    if old_parsed is None:
        old_frame = _empty(table)
    else:
        try:
            old_frame = _readable(old_parsed, table).frame
            old_dialect = dialect_of(old_bytes or b"", old_parsed, table)
        except Unreadable:
            if kind != "restore":
                raise
            # A restore is the way back from an unreadable file: its rows that could be
            # read are what the counts compare with.
            old_frame = old_parsed.frame
    mine = [e for e in entries if e.table == table.name]
    if base is not None and base != old_version:
        raise _conflict(table, path, mine)
    # The file keeps its dialect (a French Excel file stays one); a restore takes its own.
    data = csv_bytes(frame, table, dialect or old_dialect)
    report = check_folder(folder, overrides={table.name: data})
    if not report.clean:
        raise Invalid(report)
    version = version_of(data)
    if version == old_version and mine:
        return mine[-1]  # nothing changed: nothing to log
    counts = diff(old_frame, report.results[table.name].parsed.frame,
                  table.primary_key).summary()
    record = Version(table.name, version, dt.datetime.now(dt.UTC), who, reason,
                     counts["added"], counts["changed"], counts["removed"], old_version,
                     kind)
    snapshot = _snapshot_path(folder, table.name, version)
    snapshot.parent.mkdir(parents=True, exist_ok=True)
    pending = snapshot.parent / PENDING_NAME
    try:
        _write_synced(pending, json.dumps(record.as_record(),
                                          ensure_ascii=False).encode("utf-8"))
        if not snapshot.is_file():
            write_atomically(snapshot, data)
        write_atomically(path, data)
    except BaseException:
        # Not saved (a full disk, a read-only folder): leave no trace of the attempt.
        with suppress(OSError):
            if _read_bytes(path) != data:  # else the table is saved: the record is needed
                _settle_pending(folder, table, entries)
        raise
    _append_log(folder, record)  # if this fails, the pending record lets the next run log it
    with suppress(OSError):
        pending.unlink()
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
    data = _version_bytes(Path(folder), table, version)
    frame = _frame_of(data, table)
    return _save(Path(folder), table, frame, base, who, reason, check_access, "restore",
                 _dialect(data, table))


def update(folder: Path, table_name: str, change: Callable[[pd.DataFrame], pd.DataFrame], *,
           who: str, reason: str, check_access: Callable[[], None]) -> Version:
    """Read the table, apply `change` and save, all under the lock: no concurrent save can
    slip in between, so read-modify-write never loses another person's rows. Raises
    Unreadable, before calling `change`, when the current file cannot be read."""
    folder = Path(folder)
    table = _table(table_name)
    with _locked(folder):
        frame, version = current(folder, table_name)
        return _save_locked(folder, table, change(frame), version, who, reason, check_access,
                            "save")


def current_version(folder: Path, table_name: str) -> str:
    """The version of the table's bytes as they are ("" when there is no file), readable or
    not: the `base` of a restore onto a file that `current` refuses as Unreadable."""
    table = _table(table_name)
    data = _read_current(Path(folder), table)
    return "" if data is None else version_of(data)
