"""Import of the Commission's mobility files: detect, normalise, check, store atomically.

Order of an import, chosen so that a process killed at any instant leaves what was imported
before exactly as it was:

1. under the lock `.mobility/.lock`, leftovers of an interrupted import are deleted (temporary
   files, and Parquet files the manifest does not name);
2. each file is read by DuckDB in two streaming statements (memory does not grow with the
   file): the first collects the distinct values of each column, which are normalised once;
   the second writes every row, with those values, into
   `.mobility/imports/.<digest>.parquet.tmp`, any problem of a row noted in a `problem`
   column;
3. if any file has a problem, its rows are located (file, line, column, value) and nothing is
   kept; otherwise each temporary file is fsynced and renamed to `<digest>.parquet`;
4. `manifest.json`, which alone says what is imported, is replaced atomically (temporary file,
   fsync, rename, fsync of the folder) with the new files added.

Files are known by the digest of their bytes, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
from filelock import FileLock

from alliance.files import check_regular, os_reason_key
from alliance.limits import MOBILITY_XLSX_MAX_UNPACKED_BYTES
from alliance.loader import os_problem
from alliance.mobility import STORE_DIR
from alliance.mobility.layouts import Detected, detect
from alliance.mobility.normalise import (
    connect,
    distinct_sql,
    mapped_sql,
    normalising_sql,
    problem_column,
)
from alliance.problems import Problem, problem
from alliance.upload import ZIP_MAGIC, xlsx_refusal

MANIFEST = "manifest.json"
IMPORTS = "imports"
LOCK_NAME = ".lock"
LOCK_TIMEOUT_S = 600.0
SYNTHETIC_MARK = "SYNTHETIC"  # in the sample's file names and every project reference
MAX_LOCATED = 1_000  # problems located and listed per file; all are counted
LOCATE_CHUNK = 50_000
XLSX_SUFFIXES = (".xlsx", ".xlsm")
DISTINCT_SHARE = 0.3  # of a file's progress bar: the pass that collects distinct values
Progress = Callable[[str, float], None]


class Unreadable(Exception):  # noqa: N818 (a file the import cannot read at all: exit 2)
    """A file that cannot be read, or whose header is neither published layout."""

    def __init__(self, file: str, code: str, **params: object) -> None:
        self.problem = problem(file, 1 if code == "mobility_layout" else None, None, None,
                               code, **params)
        super().__init__(self.problem.message("en"))


@dataclass(frozen=True)
class Imported:
    """One file in the manifest: what it held, once normalised."""

    digest: str
    file: str
    layout: str
    rows: int
    participants: int
    years: list[int]
    synthetic: bool
    imported_at: str

    @property
    def parquet(self) -> str:
        return f"{IMPORTS}/{self.digest}.parquet"


@dataclass
class Outcome:
    """What one file of an import came to."""

    file: str
    digest: str
    status: str  # "imported", "already", "problems"
    imported: Imported | None = None
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    by_code: Counter = field(default_factory=Counter)


def store_dir(folder: Path) -> Path:
    return Path(folder) / STORE_DIR


def read_manifest(folder: Path) -> list[Imported]:
    """What is imported, oldest first; empty when nothing is."""
    path = store_dir(folder) / MANIFEST
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    return [Imported(**entry) for entry in record.get("imports", [])]


def manifest_version(folder: Path) -> str:
    """A short digest of what is imported: a cache key for queries and the page."""
    digests = ",".join(entry.digest for entry in read_manifest(folder))
    return hashlib.sha256(digests.encode()).hexdigest()[:16]


def file_digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as source:
        while block := source.read(1 << 20):
            sha.update(block)
    return sha.hexdigest()


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    root = store_dir(folder)
    (root / IMPORTS).mkdir(parents=True, exist_ok=True)
    with FileLock(str(root / LOCK_NAME), timeout=LOCK_TIMEOUT_S):
        yield


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_manifest(folder: Path, entries: list[Imported]) -> None:
    root = store_dir(folder)
    data = json.dumps({"format": 1, "imports": [asdict(e) for e in entries]}, indent=1,
                      ensure_ascii=False).encode("utf-8")
    fd, temp = tempfile.mkstemp(prefix=f".{MANIFEST}.", suffix=".tmp", dir=root)
    try:
        with os.fdopen(fd, "wb") as out:
            if hasattr(os, "fchmod"):  # mkstemp makes 0600; the data folder's files are 0644
                os.fchmod(fd, 0o644)
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, root / MANIFEST)
    except BaseException:
        with suppress(OSError):
            os.unlink(temp)
        raise
    _fsync_path(root)


def _remove_leftovers(folder: Path, kept: list[Imported]) -> None:
    """Temporary files of an import that was killed, and Parquet files nobody names."""
    root = store_dir(folder)
    named = {Path(e.parquet).name for e in kept}
    for path in list((root / IMPORTS).iterdir()) + list(root.glob(f".{MANIFEST}.*.tmp")):
        if path.is_dir() and path.name.endswith(".tmp"):  # a stage folder (XLSX as CSV)
            shutil.rmtree(path, ignore_errors=True)
        elif path.name.endswith(".tmp") or (path.suffix == ".parquet"
                                            and path.name not in named):
            with suppress(OSError):
                path.unlink()


# --- reading a file ---------------------------------------------------------------------

def file_refusal(path: Path, name: str | None = None) -> Problem | None:
    """Why a file given to import must not be read, said in the reader's language: missing,
    a folder, a device or a pipe (`/dev/zero` never ends), or a workbook whose zip directory
    shows a bomb (the checks uploads get; no row cap: the Commission's files are large).
    None when it may be read."""
    name = name or path.name
    try:
        check_regular(path, os.stat(path).st_mode)
        with path.open("rb") as source:
            zipped = source.read(len(ZIP_MAGIC)) == ZIP_MAGIC
            if not (zipped or path.suffix.lower() in XLSX_SUFFIXES):
                return None
            source.seek(0)
            data = source.read(MOBILITY_XLSX_MAX_UNPACKED_BYTES + 1)
    except OSError as exc:
        return os_problem(name, exc)
    refusal = xlsx_refusal(data, max_rows=None, max_cells=None,
                           max_unpacked=MOBILITY_XLSX_MAX_UNPACKED_BYTES)
    if refusal is None:
        return None
    code, params = refusal
    return problem(name, None, None, None, code, **params)


def _sniff(path: Path) -> tuple[str, list[str]]:
    """The delimiter and header of a CSV file (its first line)."""
    try:
        with path.open("r", encoding="utf-8-sig", newline="") as source:
            first = source.readline()
    except UnicodeDecodeError as exc:
        raise Unreadable(path.name, "mobility_encoding") from exc
    except OSError as exc:
        raise Unreadable(path.name, "file_unreadable", reason_key=os_reason_key(exc)) from exc
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    header = next(csv.reader([first], delimiter=delimiter), [])
    return delimiter, header


def _xlsx_to_csv(path: Path, out: Path) -> tuple[list[str], dict[int, tuple[str, int]]]:
    """The workbook's sheets of mobility rows as one `;` CSV, streamed row by row.

    From 2021 a year can fill two sheets: every sheet whose header is a published layout is
    taken, in order. Returns the header and, for locating problems, where each line of the
    CSV came from (sheet and row), kept only for the first lines of each sheet.
    """
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a damaged or foreign file: openpyxl raises many kinds, all
        # in English ("There is no item named 'xl/workbook.xml'"): said in our words instead
        raise Unreadable(path.name, "xlsx_broken") from exc
    header: list[str] | None = None
    starts: dict[int, tuple[str, int]] = {}
    line = 1
    try:
        with out.open("w", encoding="utf-8", newline="") as target:
            writer = csv.writer(target, delimiter=";")
            for sheet in book.worksheets:
                rows = sheet.iter_rows(values_only=True)
                first = next(rows, None)
                if first is None:
                    continue
                names = ["" if v is None else str(v).strip() for v in first]
                while names and not names[-1]:
                    names.pop()
                if detect(names) is None:
                    continue
                if header is None:
                    header = names
                    writer.writerow(header)
                elif names != header:
                    continue
                starts[line + 1] = (sheet.title, 2)
                for values in rows:
                    cells = ["" if v is None else
                             v.isoformat() if isinstance(v, dt.date | dt.datetime) else str(v)
                             for v in values[:len(header)]]
                    if not any(cells):
                        continue
                    writer.writerow(cells + [""] * (len(header) - len(cells)))
                    line += 1
    finally:
        book.close()
    if header is None:
        raise Unreadable(path.name, "mobility_layout", missing="")
    return header, starts


def _reader(csv_path: Path, delimiter: str, width: int) -> str:
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width)) + "}"
    path = str(csv_path).replace("'", "''")
    return (f"read_csv('{path}', delim='{delimiter}', quote='\"', escape='\"', header=true, "
            f"auto_detect=false, columns={columns}, store_rejects=true, encoding='utf-8', "
            # lenient about stray quotes and mixed line ends, as the published files need
            "strict_mode=false)")


@dataclass
class _Staged:
    outcome: Outcome
    temp: Path | None = None


def _run_with_progress(con: duckdb.DuckDBPyConnection, sql: str, name: str,
                       progress: Progress | None, span: tuple[float, float] = (0.0, 1.0)
                       ) -> None:
    """Run one statement; meanwhile report DuckDB's own progress every 0.1 s, as a part of
    the file's (`span`: from and to, 0 to 1)."""
    if progress is None:
        con.execute(sql).fetchall()
        return
    failure: list[BaseException] = []
    low, high = span

    def work() -> None:
        try:
            con.execute(sql).fetchall()
        except BaseException as exc:  # handed to the caller's thread below
            failure.append(exc)

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.1)
        with suppress(duckdb.Error):
            done = con.query_progress()
            if done >= 0:
                progress(name, min(low + (high - low) * done / 100.0, 0.99))
    if failure:
        raise failure[0]
    progress(name, high)


def _stage(root: Path, source: Path, digest: str, progress: Progress | None) -> _Staged:
    """Read, normalise and check one file into a temporary Parquet file."""
    name = source.name
    outcome = Outcome(name, digest, "imported")
    work = Path(tempfile.mkdtemp(prefix=".stage.", suffix=".tmp", dir=root / IMPORTS))
    starts: dict[int, tuple[str, int]] = {}
    try:
        if source.suffix.lower() in XLSX_SUFFIXES:
            csv_path = work / "sheets.csv"
            header, starts = _xlsx_to_csv(source, csv_path)
            delimiter = ";"
        else:
            csv_path = source
            delimiter, header = _sniff(source)
        detected = detect(header)
        if detected is None or detected.missing:
            missing = detected.missing if detected else ["Mobility Start Month", "Participants"]
            raise Unreadable(name, "mobility_layout", missing=", ".join(missing))
        temp = root / IMPORTS / f".{digest}.parquet.tmp"
        # Below about 1 GB DuckDB spills the Parquet writer and takes twice as long.
        con = connect(memory_limit="1200MB")
        try:
            con.execute(f"SET temp_directory = '{str(work).replace(chr(39), chr(39) * 2)}'")
            reader = _reader(csv_path, delimiter, len(header))
            try:
                # Most columns hold a few hundred distinct values: the normalisation runs on
                # those (a first, cheap pass collects them), and the rows get its results.
                _run_with_progress(con, "CREATE TEMP TABLE distinct_values AS "
                                   f"{distinct_sql(detected, reader)}", name, progress,
                                   (0.0, DISTINCT_SHARE))
                mapped = mapped_sql(con, detected, reader, "distinct_values")
                con.execute("SET disabled_optimizers = 'build_side_probe_side'")
                sql = (f"COPY ({mapped})"
                       f" TO '{str(temp).replace(chr(39), chr(39) * 2)}' "
                       "(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 200000)")
                _run_with_progress(con, sql, name, progress, (DISTINCT_SHARE, 1.0))
            except duckdb.Error as exc:
                raise Unreadable(name, "mobility_unreadable", error=str(exc)[:300]) from exc
            rejects = con.execute(
                "SELECT line, min(column_idx), min(error_type), min(csv_line) FROM reject_errors "
                "GROUP BY line ORDER BY line").fetchall()
            rows, participants, bad, years, synthetic = con.execute(
                f"SELECT count(*), coalesce(sum(participants) FILTER (problem IS NULL), 0), "
                f"count(*) FILTER (problem IS NOT NULL), "
                f"list(DISTINCT year ORDER BY year) FILTER (year IS NOT NULL), "
                f"coalesce(bool_or(starts_with(project, '{SYNTHETIC_MARK}')), false) "
                f"FROM read_parquet('{str(temp).replace(chr(39), chr(39) * 2)}')").fetchall()[0]
            if rejects or bad:
                _locate(con, outcome, csv_path, delimiter, header, detected, rejects, starts)
                if not outcome.problem_count:  # never import a bad row, even unlocated
                    outcome.problem_count = int(bad) + len(rejects)
                    outcome.by_code["mobility_csv"] += outcome.problem_count
                    outcome.problems.append(problem(name, None, None, None, "mobility_csv",
                                                    error=f"{outcome.problem_count} rows"))
        except BaseException:
            with suppress(OSError):
                temp.unlink()
            raise
        finally:
            con.close()
        if outcome.problem_count:
            with suppress(OSError):
                temp.unlink()
            return _Staged(outcome)
        synthetic = bool(synthetic) or SYNTHETIC_MARK.casefold() in name.casefold()
        outcome.imported = Imported(digest, name, detected.layout.name, int(rows),
                                    int(participants), [int(y) for y in years or []],
                                    synthetic,
                                    dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
        return _Staged(outcome, temp)
    finally:
        for leftover in work.iterdir():
            with suppress(OSError):
                leftover.unlink()
        with suppress(OSError):
            work.rmdir()


def _locate(con: duckdb.DuckDBPyConnection, outcome: Outcome, csv_path: Path, delimiter: str,
            header: list[str], detected: Detected, rejects: list[tuple],
            starts: dict[int, tuple[str, int]]) -> None:
    """Turn the rows DuckDB refused and the rows with bad values into located problems.

    Runs only when something is wrong: a second, streaming pass with Python's csv reader
    gives exact line numbers (a quoted cell may span lines), and the same SQL macros decide
    which rows are bad.
    """
    def where(line: int) -> tuple[str, int]:
        if not starts:
            return outcome.file, line
        first = max((s for s in starts if s <= line), default=None)
        if first is None:
            return outcome.file, line
        sheet, row = starts[first]
        return f"{outcome.file} [{sheet}]", row + line - first

    def add(found: Problem) -> None:
        outcome.problem_count += 1
        outcome.by_code[found.code] += 1
        if len(outcome.problems) < MAX_LOCATED:
            outcome.problems.append(found)

    refused = set()
    for line, column_idx, error_type, text in rejects:
        refused.add(int(line))
        file, at = where(int(line))
        # A line with too few or too many cells has no column to blame.
        column = (header[column_idx - 1] if column_idx and column_idx <= len(header)
                  and "COLUMNS" not in str(error_type) else None)
        add(problem(file, at, column, (text or "").strip("\r\n")[:120], "mobility_csv",
                    error=str(error_type).lower()))
    start_at, count_at = detected.positions["start"], detected.positions["participants"]
    columns = {"start": header[start_at], "participants": header[count_at]}

    only = Detected(detected.layout, {f: (p if f in ("start", "participants") else None)
                                      for f, p in detected.positions.items()})
    sql = (f"SELECT n.problem, n.participants IS NULL, chunk.line, chunk.c{start_at}, "
           f"chunk.c{count_at} FROM chunk POSITIONAL JOIN ({normalising_sql(only, 'chunk')}) n "
           "WHERE n.problem IS NOT NULL")

    def check(lines: list[int], starts_: list[str], counts: list[str]) -> None:
        chunk = pa.table({"line": lines, f"c{start_at}": starts_, f"c{count_at}": counts})
        con.register("chunk", chunk)
        found = con.execute(sql).fetchall()
        con.unregister("chunk")
        for code, _, line, start, count in found:
            field = problem_column(code)
            file, at = where(int(line))
            add(problem(file, at, columns[field], start if field == "start" else count, code))

    lines: list[int] = []
    start_cells: list[str] = []
    count_cells: list[str] = []
    with csv_path.open("r", encoding="utf-8-sig", errors="replace", newline="") as source:
        reader = csv.reader(source, delimiter=delimiter)
        next(reader, None)
        while True:
            line = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error:
                continue
            if line in refused or len(row) != len(header):
                continue
            lines.append(line)
            start_cells.append(row[start_at])
            count_cells.append(row[count_at])
            if len(lines) >= LOCATE_CHUNK:
                check(lines, start_cells, count_cells)
                lines, start_cells, count_cells = [], [], []
    if lines:
        check(lines, start_cells, count_cells)
    outcome.problems.sort(key=lambda p: (p.file, p.line or 0))


def import_files(folder: Path, paths: list[Path], progress: Progress | None = None,
                 names: list[str] | None = None) -> list[Outcome]:
    """Import the files all together or not at all (see the module's docstring).

    `names` are the names to record (an upload's own name rather than its temporary file's).
    Raises `Unreadable` for a file that cannot be read; nothing is imported then either.
    """
    folder = Path(folder)
    names = names or [p.name for p in paths]
    with _locked(folder):
        kept = read_manifest(folder)
        _remove_leftovers(folder, kept)
        known = {e.digest: e for e in kept}
        root = store_dir(folder)
        staged: list[_Staged] = []
        try:
            for path, name in zip(paths, names, strict=True):
                refused = file_refusal(path, name)
                if refused is not None:
                    raise Unreadable(name, refused.code, **dict(refused.params))
                try:
                    digest = file_digest(path)
                except OSError as exc:
                    raise Unreadable(name, "file_unreadable",
                                     reason_key=os_reason_key(exc)) from exc
                if digest in known or any(s.outcome.digest == digest for s in staged):
                    staged.append(_Staged(Outcome(name, digest, "already",
                                                  imported=known.get(digest))))
                    continue
                one = _stage(root, path, digest, progress)
                if one.outcome.imported is not None and name != path.name:
                    one.outcome.imported = Imported(**{**asdict(one.outcome.imported),
                                                       "file": name})
                one.outcome.file = name
                staged.append(one)
            if any(s.outcome.problem_count for s in staged):
                for s in staged:
                    if s.outcome.status == "imported":
                        s.outcome.status = "not_imported"
                    if s.outcome.problem_count:
                        s.outcome.status = "problems"
                return [s.outcome for s in staged]
            fresh = [s for s in staged if s.temp is not None]
            for s in fresh:
                _fsync_path(s.temp)
                os.replace(s.temp, root / s.outcome.imported.parquet)
                s.temp = None
            if fresh:
                _fsync_path(root / IMPORTS)
                _write_manifest(folder, kept + [s.outcome.imported for s in fresh])
            return [s.outcome for s in staged]
        finally:
            for s in staged:
                if s.temp is not None:
                    with suppress(OSError):
                        s.temp.unlink()


def remove(folder: Path, digest_start: str) -> Imported | None:
    """Forget one imported file (by its digest or the start of it); its Parquet goes too."""
    with _locked(folder):
        kept = read_manifest(folder)
        matches = [e for e in kept if e.digest.startswith(digest_start) or e.file == digest_start]
        if len(matches) != 1:
            return None
        gone = matches[0]
        _write_manifest(folder, [e for e in kept if e is not gone])
        with suppress(OSError):
            (store_dir(folder) / gone.parquet).unlink()
        return gone

