"""The data the app shows: validated tables, falling back to the last valid copy of a broken one."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from alliance.atomic import remove_stale_temporaries, write_atomically
from alliance.files import read_regular
from alliance.identity import IDENTITY_FILE, check_identity
from alliance.loader import Parsed, parse_csv
from alliance.problems import Problem
from alliance.schema import TABLES, TABLES_BY_NAME
from alliance.validate import MAX_IDENTITY_BYTES, Report, check_folder, check_parsed

STATE_DIR_VARIABLE = "ALLIANCE_STATE_DIR"
DATA_FILES = (*(table.file_name for table in TABLES), IDENTITY_FILE)
STALE_TEMPORARY_S = 3600.0  # a copy's temporary file this old was left by a killed writer


@dataclass
class Dataset:
    """Typed tables ready to show, with the report that explains what was held back."""

    folder: Path
    tables: dict[str, pd.DataFrame]
    report: Report
    identity: dict[str, object] = field(default_factory=dict)
    # Tables with errors now, and what is shown instead: "last valid copy" or "valid rows".
    fallbacks: dict[str, str] = field(default_factory=dict)
    version: str = ""  # a digest of the files' content, for caches downstream
    saved_on: dt.date | None = None  # the day the data were last saved (see saved_date)
    saved_by: str = ""  # what says so: "history" (the store's log), "git", or "" (unknown)
    figures_on: str | None = None  # the latest date a figure is from (see figures_date)
    # Which alliance.toml the pages use: "ok" (the file), "last_valid" (its last valid copy)
    # or "defaults" (neither is usable: nothing from it).
    identity_shown: str = "ok"

    @property
    def problems(self) -> list[Problem]:
        return self.report.problems

    def errors_in(self, name: str) -> int:
        return self.report.results[name].errors


def state_dir(folder: Path, environ: dict[str, str] | None = None) -> Path:
    """Where the last valid copy of each table is kept: one subfolder per data folder."""
    env = os.environ if environ is None else environ
    base = Path(env.get(STATE_DIR_VARIABLE) or Path.home() / ".cache" / "alliance-atlas")
    key = hashlib.blake2b(str(folder.resolve()).encode(), digest_size=8).hexdigest()
    return base / key


def read_identity(folder: Path, keep_dir: Path | None = None) -> dict[str, object]:
    """The alliance's name, description, colours and reported figures, from alliance.toml.

    A file with errors (`alliance.identity`) is never read as empty: the last valid copy in
    `keep_dir` stands in for it, and the report says why.
    """
    return identity_and_source(folder, keep_dir)[0]


def identity_and_source(folder: Path,
                        keep_dir: Path | None = None) -> tuple[dict[str, object], str]:
    """`read_identity`'s answer and where it came from: "ok", "last_valid" or "defaults"."""
    path = folder / IDENTITY_FILE
    try:
        data = read_regular(path, max_bytes=MAX_IDENTITY_BYTES)
        identity, _ = check_identity(data.decode("utf-8"))
    except (OSError, UnicodeDecodeError):
        identity, data = None, b""
    kept = keep_dir / IDENTITY_FILE if keep_dir else None
    if identity is not None:
        if kept is not None:
            with suppress(OSError):
                if not kept.is_file() or kept.read_bytes() != data:
                    kept.parent.mkdir(parents=True, exist_ok=True)
                    write_atomically(kept, data)
        return identity, "ok"
    if kept is not None:
        with suppress(OSError, UnicodeDecodeError):
            identity, _ = check_identity(kept.read_bytes().decode("utf-8"))
    return (identity, "last_valid") if identity else ({}, "defaults")


def data_date(folder: Path, names: Iterable[str] = DATA_FILES) -> dt.date | None:
    """The day the data was last saved: the latest modification time of the named files."""
    times = []
    for name in names:
        try:
            times.append((folder / name).stat().st_mtime)
        except OSError:
            continue
    return dt.datetime.fromtimestamp(max(times)).date() if times else None


GIT_TIMEOUT_S = 5.0


def saved_date(folder: Path) -> tuple[dt.date | None, str]:
    """The day the data were last saved and what records it: the store's own saves, else
    the last commit touching the folder, else (None, ""). Files' modification times are not
    used: a fresh copy or clone would say today."""
    from alliance.store import saves

    versions = saves(folder)
    if versions:
        return max(v.when for v in versions).date(), "history"
    return _git_date(folder), "git"


def _git_date(folder: Path) -> dt.date | None:
    import subprocess

    try:
        done = subprocess.run(
            ["git", "log", "-1", "--format=%cs", "--", "."], cwd=folder, capture_output=True,
            text=True, timeout=GIT_TIMEOUT_S, check=False,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0"})
        return dt.date.fromisoformat(done.stdout.strip()) if done.returncode == 0 else None
    except (OSError, ValueError, subprocess.SubprocessError):
        return None


def _period_start(text: str) -> dt.date | None:
    """The first day of "2025", "2023-09", "2023-09-14" or an academic year "2023/24"."""
    import re

    if match := re.fullmatch(r"(\d{4})/\d{2}", text.strip()):
        return dt.date(int(match.group(1)), 9, 1)
    parts = text.strip().split("-")
    try:
        return dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1,
                       int(parts[2]) if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


def figures_date(tables: dict[str, pd.DataFrame], identity: dict[str, object]) -> str | None:
    """The date the figures are from: the latest `as_of` of the reported figures, the
    members' student counts and the indicator values, as written (its own precision)."""
    dated: list[str] = []
    figures = identity.get("figures", [])
    if isinstance(figures, list):
        dated += [str(f["as_of"]) for f in figures if isinstance(f, dict) and f.get("as_of")]
    for name, column in (("universities", "students_as_of"), ("indicator_values", "as_of")):
        frame = tables.get(name)
        if frame is not None and column in frame:
            dated += [str(v) for v in frame[column].dropna()]
    known = [(start, text) for text in dated if (start := _period_start(text)) is not None]
    return max(known)[1] if known else None


def load_dataset(folder: Path, keep_dir: Path | None = None) -> Dataset:
    """Validate the folder; serve each table that has errors from its last valid copy."""
    keep_dir = keep_dir or state_dir(folder)
    report = check_folder(folder)
    tables: dict[str, pd.DataFrame] = {}
    fallbacks: dict[str, str] = {}
    for name, result in report.results.items():
        if result.errors == 0:
            tables[name] = result.typed
            _remember(keep_dir, name, folder / result.table.file_name)
            continue
        kept = _recall(keep_dir, name)
        if kept is not None:
            tables[name] = kept
            fallbacks[name] = "last_valid"
        else:
            tables[name] = result.typed
            fallbacks[name] = "valid_rows"
    identity, identity_shown = identity_and_source(folder, keep_dir)
    saved, by = saved_date(folder)
    return Dataset(folder, tables, report, identity, fallbacks, saved_on=saved,
                   saved_by=by if saved else "", figures_on=figures_date(tables, identity),
                   identity_shown=identity_shown)


def _remember(keep_dir: Path, name: str, path: Path) -> None:
    """Keep a copy of a table that just passed validation (best effort).

    Written like every save (`atomic.write_atomically`: a temporary file of its own, fsync,
    atomic replace, fsync of the folder), so two app processes remembering at once, or one
    killed mid-write, leave the previous copy or the new one whole, never a mix.
    """
    try:
        data = path.read_bytes()
        target = keep_dir / TABLES_BY_NAME[name].file_name
        if target.is_file() and target.read_bytes() == data:
            return
        keep_dir.mkdir(parents=True, exist_ok=True)
        write_atomically(target, data)
        remove_stale_temporaries(target, STALE_TEMPORARY_S)  # of writers killed long ago
    except OSError:
        return  # a read-only disk only costs the fallback, never the page


def _recall(keep_dir: Path, name: str) -> pd.DataFrame | None:
    path = keep_dir / TABLES_BY_NAME[name].file_name
    try:
        data = path.read_bytes()
    except OSError:
        return None
    table = TABLES_BY_NAME[name]
    parsed: Parsed = parse_csv(data, table)
    result = check_parsed({name: parsed}).results[name]
    if result.errors and not len(result.typed):
        return None
    return result.typed


TABLE_NAMES = tuple(t.name for t in TABLES)
