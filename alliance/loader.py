"""The only reader of the data folder: CSV as analysts really save it, nothing guessed."""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from alliance.problems import ERROR, WARNING, Problem, problem
from alliance.schema import DECIMAL, Table

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
DELIMITERS = (",", ";", "\t")
DATA_DIR_VARIABLE = "ALLIANCE_DATA_DIR"
DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def data_dir(explicit: str | os.PathLike[str] | None = None,
             environ: os._Environ[str] | dict[str, str] | None = None) -> Path:
    """The data folder: the one given, else $ALLIANCE_DATA_DIR, else the bundled `data/`."""
    if explicit:
        return Path(explicit)
    env = os.environ if environ is None else environ
    named = env.get(DATA_DIR_VARIABLE, "").strip()
    return Path(named) if named else DEFAULT_DATA_DIR


@dataclass
class Parsed:
    """A CSV file read as text: the well-formed rows, their line numbers, what went wrong."""

    file: str
    frame: pd.DataFrame
    lines: np.ndarray  # the editor line number of each row of `frame`
    delimiter: str = ","
    header: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        """True when the file could be read into rows at all (its cells may still be wrong)."""
        return not any(p.line in (None, 1) and p.severity == ERROR and p.code in FATAL_CODES
                       for p in self.problems)


FATAL_CODES = {"file_missing", "file_unreadable", "encoding", "utf16", "empty_file",
               "no_header", "unclosed_quote"}
# Files people bring in that alliance.upload refuses before reading them.
FATAL_CODES |= {"upload_too_big", "too_many_rows", "xlsx_old", "xlsx_not_zip",
                "xlsx_too_many_parts", "xlsx_too_big", "xlsx_ratio", "xlsx_broken",
                "xlsx_no_sheet"}


def fingerprint(folder: Path, names: list[str]) -> str:
    """A digest of the files' content, so caches follow what analysts save."""
    digest = hashlib.blake2b(digest_size=16)
    for name in names:
        path = folder / name
        digest.update(name.encode())
        try:
            digest.update(path.read_bytes())
        except OSError as exc:
            digest.update(type(exc).__name__.encode())
    return digest.hexdigest()


def stat_signature(folder: Path, names: list[str]) -> tuple[tuple[str, int, int, int], ...]:
    """Size, modification time and inode of each file: cheap to read, changes on every save."""
    found = []
    for name in names:
        try:
            info = (folder / name).stat()
            found.append((name, info.st_size, info.st_mtime_ns, info.st_ino))
        except OSError:
            found.append((name, -1, -1, -1))
    return tuple(found)


def read_table(folder: Path, table: Table) -> Parsed:
    """Read one table's file from the data folder."""
    path = folder / table.file_name
    if not path.is_file():
        return _failed(table.file_name, problem(table.file_name, None, None, None, "file_missing",
                                                folder=str(folder)))
    try:
        data = path.read_bytes()
    except OSError as exc:
        return _failed(table.file_name, problem(table.file_name, None, None, None,
                                                "file_unreadable", reason=exc.strerror or str(exc)))
    return parse_csv(data, table)


def _failed(file: str, found: Problem) -> Parsed:
    return Parsed(file, pd.DataFrame(), np.zeros(0, dtype=np.int64), problems=[found])


def parse_csv(data: bytes, table: Table) -> Parsed:
    """Parse CSV bytes as text cells, reporting every structural problem with its line."""
    file = table.file_name
    if data.startswith(UTF16_BOMS):
        return _failed(file, problem(file, 1, None, None, "utf16"))
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM):]
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start:exc.start + 1].hex(" ").upper()
        return _failed(file, problem(file, line, None, f"0x{bad}", "encoding"))
    if not data.strip():
        return _failed(file, problem(file, None, None, None, "empty_file"))
    if b"\n" not in data and b"\r" in data:
        data = data.replace(b"\r", b"\n")  # classic Mac line ends: one record per line

    header_line = data.split(b"\n", 1)[0].decode("utf-8").rstrip("\r")
    delimiter, header = _sniff_header(header_line, table)
    if delimiter is None:
        expected = ", ".join(table.column_names)
        return _failed(file, problem(file, 1, None, header_line[:80], "no_header",
                                     expected=expected))

    problems = _header_problems(file, header, table)
    starts, ends, lines, fields = _scan_records(data, delimiter)
    if len(starts) and _has_unclosed_quote(data):
        quote_at = _unclosed_quote_at(data, delimiter)
        line = data.count(b"\n", 0, quote_at) + 1
        problems.append(problem(file, line, None, None, "unclosed_quote"))
        return Parsed(file, pd.DataFrame(columns=header), np.zeros(0, dtype=np.int64),
                      delimiter, header, problems)

    body = slice(1, None)
    lengths = ends[body] - starts[body]
    first_bytes = np.frombuffer(data, dtype=np.uint8)[np.minimum(starts[body], len(data) - 1)]
    blank = (lengths == 0) | ((lengths == 1) & (first_bytes == 13))
    n_fields = fields[body]
    good = ~blank & (n_fields == len(header))
    row_lines = lines[body]
    for line in row_lines[blank]:
        problems.append(problem(file, int(line), None, None, "blank_line", WARNING))
    for line, count in zip(row_lines[~blank & ~good], n_fields[~blank & ~good], strict=True):
        code = "too_many_fields" if count > len(header) else "too_few_fields"
        problems.append(problem(file, int(line), None, None, code, expected=len(header),
                                found=int(count)))
    if not (~blank).any():
        problems.append(problem(file, None, None, None, "header_only"))

    names = _unique_names(header)
    frame = _parse_rows(data, delimiter, names, int(good.sum()),
                        ragged=bool((~blank & ~good).any()))
    if frame is None:
        frame, good_lines, dropped = _parse_rows_slowly(data, delimiter, names)
        reported = {p.line for p in problems}
        for line, count in dropped:  # rows the exact path could not load: never silently
            if line not in reported:
                code = "too_many_fields" if count > len(header) else "too_few_fields"
                problems.append(problem(file, line, None, None, code, expected=len(header),
                                        found=count))
    else:
        good_lines = row_lines[good]
    frame, good_lines, empty_problems = _drop_empty_rows(file, frame, good_lines)
    problems.extend(empty_problems)
    frame = normalise_decimals(frame, table, delimiter)
    return Parsed(file, frame, good_lines.astype(np.int64), delimiter, header, problems)


def _sniff_header(line: str, table: Table) -> tuple[str | None, list[str]]:
    """Pick the delimiter that splits the first line into the most known column names."""
    known = set(table.column_names)
    best: tuple[int, int, str, list[str]] | None = None
    for delimiter in DELIMITERS:
        cells = [c.strip() for c in next(csv.reader([line], delimiter=delimiter))]
        score = sum(1 for c in cells if c in known)
        candidate = (score, len(cells), delimiter, cells)
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    if best is None or best[0] == 0:
        return None, []
    return best[2], best[3]


def _header_problems(file: str, header: list[str], table: Table) -> list[Problem]:
    found: list[Problem] = []
    seen: set[str] = set()
    known = table.column_names
    for name in header:
        if name in seen:
            found.append(problem(file, 1, name, name, "duplicate_column"))
        seen.add(name)
        if name not in known:
            lowered = {k.lower(): k for k in known}
            guess = lowered.get(name.lower()) or next(
                iter(difflib.get_close_matches(name, known, n=1, cutoff=0.6)), "")
            code = "unknown_column_guess" if guess else "unknown_column"
            found.append(problem(file, 1, name, name, code, guess=guess,
                                 expected=", ".join(known)))
    for name in table.required_columns:
        if name not in seen:
            found.append(problem(file, 1, name, None, "missing_column"))
    return found


def _scan_records(data: bytes, delimiter: str
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Find each record's byte span, first line and field count, honouring quotes.

    A newline or delimiter is structural when an even number of quote characters precede
    it; doubled quotes inside a quoted field keep that parity, so this matches RFC 4180.
    """
    buffer = np.frombuffer(data, dtype=np.uint8)
    quotes = _positions(buffer, ord('"'))
    newlines = _positions(buffer, ord("\n"))
    outside = newlines[np.searchsorted(quotes, newlines) % 2 == 0]
    starts = np.concatenate(([0], outside + 1))
    ends = np.concatenate((outside, [len(data)]))
    if len(data) and data.endswith(b"\n"):
        starts, ends = starts[:-1], ends[:-1]
    ends = ends - ((ends > starts) & (buffer[np.maximum(ends - 1, 0)] == 13))  # drop \r
    lines = np.searchsorted(newlines, starts) + 1
    # Count every delimiter, then take off those between an opening quote and its closing
    # quote (an odd number of quotes before them): same parity rule, far fewer lookups.
    delims = _positions(buffer, ord(delimiter))
    opening = quotes[0::2]
    closing = np.append(quotes[1::2], len(data))[:len(opening)]
    quoted = np.concatenate(([0], np.cumsum(np.searchsorted(delims, closing)
                                           - np.searchsorted(delims, opening))))

    def structural(at: np.ndarray) -> np.ndarray:
        return np.searchsorted(delims, at) - quoted[np.searchsorted(opening, at)]

    fields = structural(ends) - structural(starts) + 1
    return starts, ends, lines, fields


def _positions(buffer: np.ndarray, byte: int, chunk: int = 1 << 20) -> np.ndarray:
    """Offsets of one byte value, a chunk at a time: no temporary as large as the file."""
    found = [np.flatnonzero(buffer[at:at + chunk] == byte) + at
             for at in range(0, len(buffer), chunk)]
    return np.concatenate(found) if found else np.zeros(0, dtype=np.intp)


def _has_unclosed_quote(data: bytes) -> bool:
    return data.count(b'"') % 2 == 1


def _unclosed_quote_at(data: bytes, delimiter: str) -> int:
    """Offset of the quotation mark that is never closed.

    Quotes pair up in order; a closing quote must be followed by a delimiter, a line end,
    the end of the file or another quote (a doubled quote). The first pair whose closing
    quote is not is where the pairing went wrong: its opening quote is the stray one.
    """
    buffer = np.frombuffer(data + b"\n", dtype=np.uint8)  # the end of the file ends a field
    quotes = np.flatnonzero(buffer == ord('"'))
    after = buffer[quotes[1::2] + 1]
    wrong = np.flatnonzero(~np.isin(after, [ord("\n"), ord("\r"), ord('"'), ord(delimiter)]))
    return int(quotes[2 * wrong[0]]) if len(wrong) else int(quotes[-1])


def _unique_names(header: list[str]) -> list[str]:
    names: list[str] = []
    for name in header:
        candidate, n = name, 1
        while candidate in names:
            n += 1
            candidate = f"{name} ({n})"
        names.append(candidate)
    return names


def _parse_rows(data: bytes, delimiter: str, names: list[str], expected_rows: int,
                ragged: bool = True) -> pd.DataFrame | None:
    """Fast path: Arrow's CSV reader, every cell as text, no value ever turned into null.

    Rows with the wrong number of cells (already reported from the scan) are skipped by a
    handler, set only when the scan found such rows: it slows Arrow's reader even when idle.
    """
    def skip(_row: object) -> str:
        return "skip"

    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1,
                                           block_size=1 << 24),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True,
                                             ignore_empty_lines=True,
                                             invalid_row_handler=skip if ragged else None),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names}, null_values=[],
                strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, ValueError):
        return None
    if table.num_rows != expected_rows:
        return None  # Arrow read the quotes differently from our scan: take the exact path
    frame = table.to_pandas()
    return frame.astype({n: "str" for n in names}) if len(names) else frame


def _parse_rows_slowly(data: bytes, delimiter: str, names: list[str]
                       ) -> tuple[pd.DataFrame, np.ndarray, list[tuple[int, int]]]:
    """Exact path with Python's csv module, used only when the fast path disagrees.

    Also returns (line, field count) of each row it could not load.
    """
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    lines: list[int] = []
    dropped: list[tuple[int, int]] = []
    next(reader, None)
    start = reader.line_num + 1
    for row in reader:
        if row and len(row) == len(names):
            rows.append(row)
            lines.append(start)
        elif row:
            dropped.append((start, len(row)))
        start = reader.line_num + 1
    frame = pd.DataFrame(rows, columns=names, dtype="str")
    return frame, np.asarray(lines, dtype=np.int64), dropped


def _drop_empty_rows(file: str, frame: pd.DataFrame, lines: np.ndarray
                     ) -> tuple[pd.DataFrame, np.ndarray, list[Problem]]:
    """Rows of only empty cells (what a spreadsheet leaves after clearing a row)."""
    if frame.empty or len(frame.columns) == 0:
        return frame, lines, []
    empty = np.ones(len(frame), dtype=bool)
    for name in frame.columns:
        empty &= (frame[name].str.strip() == "").to_numpy()
        if not empty.any():  # usually settled by the first column: no need to read the rest
            return frame, lines, []
    if not empty.any():
        return frame, lines, []
    found = [problem(file, int(line), None, None, "empty_row", WARNING) for line in lines[empty]]
    kept = frame.loc[~empty].reset_index(drop=True)
    return kept, lines[~empty], found


def normalise_decimals(frame: pd.DataFrame, table: Table, delimiter: str) -> pd.DataFrame:
    """Accept a decimal comma in semicolon files, as European spreadsheets write numbers."""
    if delimiter != ";" or frame.empty:
        return frame
    decimal_columns = [c.name for c in table.columns if c.kind == DECIMAL and c.name in frame]
    for name in decimal_columns:
        cells = frame[name]
        comma = cells.str.fullmatch(r"-?\d+,\d+")
        if comma.any():
            frame[name] = cells.where(~comma, cells.str.replace(",", ".", regex=False))
    return frame


def write_csv(frame: pd.DataFrame, path: Path, delimiter: str = ",", bom: bool = False) -> None:
    """Write a table the way the repository keeps them: UTF-8, header, newline at the end."""
    text = frame.to_csv(index=False, sep=delimiter, lineterminator="\n")
    path.write_bytes((UTF8_BOM if bom else b"") + text.encode("utf-8"))
