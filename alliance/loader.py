"""The only reader of the data folder: CSV as analysts really save it, nothing guessed."""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from alliance.files import (
    UTF8_BOM,
    NotRegularFileError,
    os_reason_key,
    read_regular,
    reader_pool,
)
from alliance.limits import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_LOCATED,
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_ROWS,
)
from alliance.patterns import BOM, FORMAT_CHARACTERS
from alliance.problems import ERROR, WARNING, Problem, problem
from alliance.schema import DECIMAL, Table

LOG = logging.getLogger(__name__)
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
ZIP_MAGIC = b"PK\x03\x04"
DELIMITERS = (",", ";", "\t")


@dataclass
class Parsed:
    """A CSV file read as text: the well-formed rows, their line numbers, what went wrong."""

    file: str
    frame: pd.DataFrame
    lines: np.ndarray  # the editor line number of each row of `frame`
    delimiter: str = ","
    header: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Lines of the rows that hold something but could not be read (a cell too many, a cell
    # over the cap...): whatever the reason, a save from `frame` would lose them.
    dropped: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    @property
    def usable(self) -> bool:
        """True when the file could be read into rows at all (its cells may still be wrong)."""
        return not any(p.line in (None, 1) and p.severity == ERROR and p.code in FATAL_CODES
                       for p in self.problems)


FATAL_CODES = {"file_missing", "file_unreadable", "file_is_directory", "file_is_special",
               "encoding", "utf16", "zip_file", "binary_file", "empty_file", "no_header",
               "header_too_long", "too_many_columns", "too_large", "too_many_rows",
               "unclosed_quote"}

# Python's csv module refuses cells over 131,072 characters with an exception. The loader
# bounds every cell itself (MAX_CELL_CHARS, checked before the module reads a row), so the
# module may read up to that bound; raising the process-wide limit only ever widens it.
csv.field_size_limit(max(csv.field_size_limit(), MAX_CELL_CHARS + 1))


# Files people bring in that alliance.upload refuses before reading them.
FATAL_CODES |= {"upload_too_big", "upload_too_many_rows", "xlsx_old", "xlsx_not_zip",
                "xlsx_too_many_parts", "xlsx_too_many_cells", "xlsx_too_big", "xlsx_ratio",
                "xlsx_broken", "xlsx_no_sheet"}


def fingerprint(folder: Path, names: list[str]) -> str:
    """A digest of the files' content, so caches follow what analysts save."""
    digest = hashlib.blake2b(digest_size=16)
    for name in names:
        path = folder / name
        digest.update(name.encode())
        try:
            digest.update(read_regular(path))
        except OSError as exc:  # NotRegularFileError too: a device in place of a file is never read
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


def read_table(folder: Path, table: Table, upload: bool = False) -> Parsed:
    """Read one table's file; a directory, device or pipe in its place is refused unread."""
    file = table.file_name
    try:
        data = read_regular(folder / file, MAX_UPLOAD_BYTES if upload else None)
    except FileNotFoundError:
        return failed(file, problem(file, None, None, None, "file_missing", folder=str(folder)))
    except OSError as exc:
        return failed(file, os_problem(file, exc))
    return parse_csv(data, table, upload=upload)


def os_problem(file: str, exc: OSError) -> Problem:
    """Why a file could not be opened or read, as a problem said in the reader's language."""
    if isinstance(exc, NotRegularFileError):
        code = "file_is_directory" if exc.kind == "directory" else "file_is_special"
        return problem(file, None, None, None, code)
    return problem(file, None, None, None, "file_unreadable", reason_key=os_reason_key(exc))


def failed(file: str, *found: Problem) -> Parsed:
    return Parsed(file, pd.DataFrame(), np.zeros(0, dtype=np.int64), problems=list(found))


def parse_csv(data: bytes, table: Table, upload: bool = False, quick: bool = True) -> Parsed:
    """Parse CSV bytes as text cells, reporting every structural problem with its line.

    Never raises: whatever the bytes hold, the answer is problems located in the file. Every
    file gets the caps on columns and cell size (alliance.limits); `upload=True` adds the caps
    on what people bring in (MAX_UPLOAD_BYTES, MAX_UPLOAD_ROWS), for uploads and `import`.
    `quick=False` reads a plain file the long way too, cell by cell (the answer is the same;
    a test compares the two).
    """
    try:
        return _parse_csv(bytes(data), table, upload, quick)
    except Exception as exc:  # the last guard: a reader bug must never take a page down
        LOG.exception("reading %s failed", table.file_name)
        return failed(table.file_name, problem(table.file_name, None, None, None,
                                                "file_unreadable", reason=type(exc).__name__))


def _parse_csv(data: bytes, table: Table, upload: bool, quick: bool = True) -> Parsed:
    file = table.file_name
    refused = _refused_whole(data, file, upload)
    if refused is not None:
        return failed(file, refused)
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM):]
    wrong = _first_non_utf8(data)
    if wrong is not None:
        line = data.count(b"\n", 0, wrong) + 1
        bad = data[wrong:wrong + 1].hex(" ").upper()
        return failed(file, problem(file, line, None, f"0x{bad}", "encoding"))
    if not data or data.isspace():  # as `not data.strip()`, without a copy of the file
        return failed(file, problem(file, None, None, None, "empty_file"))
    notes: list[Problem] = []
    if b"\r" in data:
        data, notes = _lone_carriage_returns(file, data)

    end_of_header = data.find(b"\n")
    header_line = data[:end_of_header if end_of_header >= 0 else len(data)]
    header_text = header_line.decode("utf-8").rstrip("\r")
    if len(header_text) > MAX_CELL_CHARS:
        return failed(file, problem(file, 1, None, None, "header_too_long",
                                     length=len(header_text), limit=MAX_CELL_CHARS))
    delimiter, header = _sniff_header(header_text, table)
    if delimiter is None:
        expected = ", ".join(table.column_names)
        return failed(file, problem(file, 1, None, header_text[:80], "no_header",
                                     expected=expected))
    if len(header) > MAX_COLUMNS:
        return failed(file, problem(file, 1, None, None, "too_many_columns", found=len(header),
                                     limit=MAX_COLUMNS, expected=len(table.columns)))

    if upload and _more_records_than(data, delimiter, MAX_UPLOAD_ROWS):
        return failed(file, problem(file, None, None, None, "too_many_rows",
                                    limit=MAX_UPLOAD_ROWS))
    scan = _Scan.of(data, delimiter)
    trimmed: tuple[int, int] | None = None
    if scan.unclosed is None:
        data, scan, header, trimmed = _trim_trailing_empty_cells(data, scan, header, delimiter)
    problems = notes + _header_problems(file, header, table)
    if trimmed is not None:
        problems.append(problem(file, trimmed[1], None, None, "trailing_empty_columns",
                                WARNING, count=trimmed[0]))
    if scan.unclosed is not None:
        line = data.count(b"\n", 0, scan.unclosed) + 1
        problems.append(problem(file, line, None, None, "unclosed_quote"))
        return Parsed(file, pd.DataFrame(columns=header), np.zeros(0, dtype=np.int64),
                      delimiter, header, problems)
    if upload and len(scan.starts) - 1 > MAX_UPLOAD_ROWS:
        problems.append(problem(file, None, None, None, "too_many_rows",
                                limit=MAX_UPLOAD_ROWS))
        return Parsed(file, pd.DataFrame(columns=header), np.zeros(0, dtype=np.int64),
                      delimiter, header, problems)
    problems.extend(_line_ending_problems(file, scan))

    body = slice(1, None)
    starts, ends, lines = scan.starts, scan.ends, scan.lines
    lengths = ends[body] - starts[body]
    first_bytes = scan.buffer[np.minimum(starts[body], len(data) - 1)]
    blank = (lengths == 0) | ((lengths == 1) & (first_bytes == 13))
    names = _unique_names(header)
    early: pd.DataFrame | None = None
    if quick and trimmed is None and scan.plain:
        # The usual clean file, read before its delimiters are counted: a strict reader
        # fails on any row whose cells are not as many as the header's, so when it reads
        # one row per line that holds something, every such line has the header's count.
        # Any other outcome counts them, as for every file that is not so plain.
        early = _parse_rows(data, delimiter, names, int((~blank).sum()),
                            longest=int(lengths.max()) if len(lengths) else 0,
                            multiline=False)
        if early is not None:
            scan.fields = np.where(np.concatenate(([False], blank)), 1, len(header))
    n_fields = scan.fields[body]
    good = ~blank & (n_fields == len(header))
    row_lines = lines[body]
    blank_lines = row_lines[blank]
    problems.extend(problem(file, int(line), None, None, "blank_line", WARNING)
                    for line in blank_lines[:MAX_LOCATED])
    problems.extend(unlisted(file, "blank_line", WARNING, len(blank_lines)))
    word = DELIMITER_WORDS[delimiter]
    for code, wrong in (("too_many_fields", ~blank & (n_fields > len(header))),
                        ("too_few_fields", ~blank & (n_fields < len(header)))):
        records = np.flatnonzero(wrong)[:MAX_LOCATED] + 1
        counts = scan.fields[records]
        if trimmed is not None and code == "too_many_fields":
            # The cells Excel's trailing empty columns add are ignored: not counted either.
            counts = counts - _trailing_delimiters(scan, records, delimiter, trimmed[0])
        problems.extend(problem(file, int(line), None, None, code, expected=len(header),
                                count=int(count), delimiter_key=word)
                        for line, count in zip(scan.lines[records], counts, strict=True))
        problems.extend(unlisted(file, code, ERROR, int(wrong.sum())))
    if not (~blank).any():
        problems.append(problem(file, None, None, None, "header_only"))

    long_problems, long_records = _long_cells(data, scan, header, file)
    problems.extend(long_problems)
    invisible = _find_invisible(data, scan)
    readable = data
    if long_records:  # never handed to a CSV reader
        good[np.asarray(long_records) - 1] = False
    if (~blank & ~good).any():
        # Rows already reported are blanked, keeping the line count, rather than skipped
        # by Arrow's handler: it calls Python once per row (15 s for 700,000 ragged rows).
        readable = _blank_records(data, scan, np.flatnonzero(~blank & ~good) + 1)

    if early is not None:
        frame: pd.DataFrame | None = early
    else:
        longest = int((ends[body] - starts[body])[good].max()) if good.any() else 0
        frame = _parse_rows(readable, delimiter, names, int(good.sum()), longest=longest,
                            multiline=bool((scan.last_lines != scan.lines).any()))
    if frame is None:
        frame, good_lines, not_loaded = _parse_rows_slowly(readable, delimiter, names)
        reported = {p.line for p in problems}
        for line, count in not_loaded[:MAX_LOCATED]:  # rows the exact path could not load
            if line not in reported:
                code = "too_many_fields" if count > len(header) else "too_few_fields"
                problems.append(problem(file, line, None, None, code, expected=len(header),
                                        count=count, delimiter_key=word))
        problems.extend(unlisted(file, "too_few_fields", ERROR, len(not_loaded)))
        dropped = _dropped_lines(row_lines[~blank], good_lines)
    else:
        good_lines = row_lines[good]
        dropped = row_lines[~blank & ~good].astype(np.int64)
    if invisible is not None:
        frame, found = _invisible_problems(file, invisible, scan, names, frame, good_lines)
        problems.extend(found)
    frame, good_lines, empty_problems = _drop_empty_rows(file, frame, good_lines)
    problems.extend(empty_problems)
    frame = normalise_decimals(frame, table, delimiter)
    return Parsed(file, frame, good_lines.astype(np.int64), delimiter, header, problems,
                  dropped)


def _dropped_lines(record_lines: np.ndarray, read_lines: np.ndarray) -> np.ndarray:
    """Lines of the records with something on them that no row was read from, counted
    from the file itself rather than from the reasons given, so no reason is forgotten."""
    if len(read_lines) == len(record_lines):
        return np.zeros(0, dtype=np.int64)
    return record_lines[~np.isin(record_lines, read_lines)].astype(np.int64)


def _trailing_delimiters(scan: _Scan, records: np.ndarray, delimiter: str, most: int
                         ) -> np.ndarray:
    """How many delimiters end each record, up to `most`: its trailing empty cells (a run
    of delimiters before a structural line end is never inside quotes)."""
    starts, ends = scan.starts[records], scan.ends[records]
    run = np.zeros(len(records), dtype=np.int64)
    going = np.ones(len(records), dtype=bool)
    for k in range(1, most + 1):
        going &= (ends - k >= starts) & (scan.buffer[np.maximum(ends - k, 0)]
                                         == ord(delimiter))
        if not going.any():
            break
        run += going
    return run


def unlisted(file: str, code: str, severity: str, total: int) -> list[Problem]:
    """One line for the problems of a kind past the first MAX_LOCATED of a file: a file of
    a million broken lines is told in a thousand and one, not a million."""
    if total <= MAX_LOCATED:
        return []
    return [problem(file, None, None, None, "more_of_kind", severity,
                    count=total - MAX_LOCATED, kind=code)]


def _more_records_than(data: bytes, delimiter: str, cap: int) -> bool:
    """True when the first lines of the file already hold more than `cap` rows after the
    header: the scan of those lines alone says so, so a file of millions of short lines is
    refused at the cost of the cap, not of the file. False also when it cannot tell that
    way (line breaks inside quoted cells): the whole scan counts then."""
    at = -1
    for _ in range(cap + 2):  # the header's line, cap rows, and one more
        at = data.find(b"\n", at + 1)
        if at < 0:
            return False
    head = _Scan.of(data[:at + 1], delimiter)
    return head.unclosed is None and len(head.starts) - 1 > cap


DELIMITER_WORDS = {",": "problem_word.comma", ";": "problem_word.semicolon",
                   "\t": "problem_word.tab"}
CONTROL_SAMPLE = 8192  # bytes looked at to tell a binary file from text with a stray NUL


def _refused_whole(data: bytes, file: str, upload: bool) -> Problem | None:
    """Files that are not CSV text at all, or too large to take in: refused before reading."""
    if upload and len(data) > MAX_UPLOAD_BYTES:
        return problem(file, None, None, None, "too_large",
                       limit=f"{MAX_UPLOAD_BYTES / 1024 / 1024:g}")
    if data.startswith(UTF16_BOMS) or _looks_utf16(data[:CONTROL_SAMPLE]):
        return problem(file, 1, None, None, "utf16")
    if data.startswith(ZIP_MAGIC):
        return problem(file, None, None, None, "zip_file")
    sample = np.frombuffer(data[:CONTROL_SAMPLE], dtype=np.uint8)
    controls = int(np.count_nonzero(CONTROL_BYTES[sample])) if len(sample) else 0
    if controls > len(sample) // 20:  # text has none; a stray NUL is reported where it is
        return problem(file, None, None, None, "binary_file")
    return None


def _first_non_utf8(data: bytes) -> int | None:
    """Offset of the first byte that is not UTF-8, or None when the whole file is.

    Arrow checks the bytes where they are; Python's decoder, which would first build a
    string as large as the file, runs only on a file that fails, to say where.
    """
    offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int64))
    try:
        pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, pa.py_buffer(data)]
                              ).validate(full=True)
        return None
    except pa.ArrowInvalid:
        pass
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return None


def _looks_utf16(sample: bytes) -> bool:
    """UTF-16 without its byte-order mark: every other byte of Latin text is a NUL."""
    if len(sample) < 8:
        return False
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    return max(even, odd) > half * 0.6 and min(even, odd) < half * 0.1


def _lone_carriage_returns(file: str, data: bytes) -> tuple[bytes, list[Problem]]:
    """A carriage return not followed by a line feed ends a line, as for Excel, Python's csv
    module and text editors; it becomes a line feed (same length, so offsets hold). In a file
    whose lines otherwise end with LF or CRLF this is reported once, as a warning."""
    buffer = np.frombuffer(data, dtype=np.uint8)
    returns = _positions(buffer, 13)
    following = buffer[np.minimum(returns + 1, len(buffer) - 1)]
    lone = returns[(returns + 1 >= len(buffer)) | (following != 10)]
    if not len(lone):
        return data, []
    had_line_feeds = len(lone) < len(returns) or b"\n" in data
    fixed = buffer.copy()
    fixed[lone] = 10
    data = fixed.tobytes()
    if not had_line_feeds:
        return data, []  # a classic Mac file: every line ends so, nothing is mixed
    line = data.count(b"\n", 0, int(lone[0])) + 1
    return data, [problem(file, line, None, None, "lone_cr", WARNING, count=len(lone))]


def _line_ending_problems(file: str, scan: _Scan) -> list[Problem]:
    """CRLF and LF line ends in one file: read alike, reported once at the first odd one."""
    ended = scan.terminated
    crlf = scan.crlf[ended]
    n_crlf = int(crlf.sum())
    if n_crlf == 0 or n_crlf == len(crlf):
        return []
    minority = crlf if n_crlf * 2 < len(crlf) else ~crlf
    first = int(np.flatnonzero(minority)[0])
    line = int(scan.last_lines[ended][first])
    return [problem(file, line, None, None, "mixed_line_endings", WARNING,
                    crlf=n_crlf, lf=len(crlf) - n_crlf)]


def _sniff_header(line: str, table: Table) -> tuple[str | None, list[str]]:
    """Pick the delimiter that splits the first line into the most known column names."""
    known = set(table.column_names)
    best: tuple[int, int, str, list[str]] | None = None
    for delimiter in DELIMITERS:
        # A byte-order mark inside a name (two files joined, a BOM saved twice) is reported
        # from the bytes; the name is read without it.
        cells = [c.replace("\ufeff", "").strip()
                 for c in next(csv.reader([line], delimiter=delimiter))]
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
    lowered = {k.lower(): k for k in known}
    for position, name in enumerate(header, start=1):
        if not name:  # one plain problem per unnamed column, never "'' appears twice"
            found.append(problem(file, 1, None, None, "unnamed_column", position=position,
                                 letter=_column_letter(position)))
            continue
        if name in seen:
            found.append(problem(file, 1, name, name, "duplicate_column"))
        seen.add(name)
        if name not in known:
            guess = lowered.get(name.lower()) or next(
                iter(difflib.get_close_matches(name, known, n=1, cutoff=0.6)), "")
            code = "unknown_column_guess" if guess else "unknown_column"
            found.append(problem(file, 1, name, name, code, guess=guess,
                                 expected=", ".join(known)))
    for name in table.required_columns:
        if name not in seen:
            found.append(problem(file, 1, name, None, "missing_column"))
    return found


def _column_letter(position: int) -> str:
    """A spreadsheet's name for a column: 1 -> A, 27 -> AA."""
    letters = ""
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class _Scan:
    """Where a file's records and cells are, found from the bytes alone, with quotes read as
    Excel and Python's csv module read them. The header is record 0.

    Records, lines and quotes are found at once; the delimiters (a dozen per row, the bulk
    of the work) only when something asks for cells: `fields`, `structural`, `locate`. A
    clean file proves its cell counts otherwise (see `_parse_csv`) and never finds them."""

    buffer: np.ndarray
    starts: np.ndarray  # byte offset of each record
    ends: np.ndarray  # offset just past its last cell (its line break excluded)
    lines: np.ndarray  # line of each record's first line
    terminated: np.ndarray  # whether the record ends with a line break
    crlf: np.ndarray  # whether that line break is CRLF
    last_lines: np.ndarray  # line of each record's last line
    newlines: np.ndarray  # offsets of every line feed
    quotes: np.ndarray  # offsets of the quotes that open or close a quoted cell
    literal_quotes: int  # quotes read as text (`12" wide`), not opening or closing a cell
    opening: np.ndarray
    closing: np.ndarray
    unclosed: int | None  # offset of a quote that opens a cell never properly closed
    delimiter: int  # the delimiter's byte
    _delims: np.ndarray | None = None  # offsets of every delimiter byte, quoted or not
    _quoted: np.ndarray | None = None  # delimiters inside the first i quoted cells
    _fields: np.ndarray | None = None  # cells in each record

    @classmethod
    def of(cls, data: bytes, delimiter: str) -> _Scan:
        buffer = np.frombuffer(data, dtype=np.uint8)
        newlines = _positions(buffer, ord("\n"))
        every_quote = _positions(buffer, ord('"'))
        quotes, unclosed = _structural_quotes(buffer, every_quote, newlines, ord(delimiter))
        # A newline or delimiter is structural when an even number of structural quotes
        # precede it; doubled quotes inside a quoted cell keep that parity (RFC 4180).
        outside = newlines[np.searchsorted(quotes, newlines) % 2 == 0]
        starts = np.concatenate(([0], outside + 1))
        ends = np.concatenate((outside, [len(data)]))
        if len(data) and data.endswith(b"\n"):
            starts, ends = starts[:-1], ends[:-1]
        terminated = ends < len(data)
        crlf = (ends > starts) & (buffer[np.maximum(ends - 1, 0)] == 13)
        last_lines = np.searchsorted(newlines, ends) + 1
        ends = ends - crlf  # the \r of a CRLF is no part of the last cell
        lines = np.searchsorted(newlines, starts) + 1
        opening = quotes[0::2]
        closing = np.append(quotes[1::2], len(data))[:len(opening)]
        return cls(buffer, starts, ends, lines, terminated, crlf, last_lines, newlines, quotes,
                   len(every_quote) - len(quotes), opening, closing, unclosed, ord(delimiter))

    @property
    def delims(self) -> np.ndarray:
        if self._delims is None:
            delims = _positions(self.buffer, self.delimiter)
            # Count every delimiter, then take off those between an opening quote and its
            # closing quote (an odd number of quotes before them): same parity rule, far
            # fewer lookups.
            self._quoted = np.concatenate(([0], np.cumsum(
                np.searchsorted(delims, self.closing) - np.searchsorted(delims, self.opening))))
            self._delims = delims
        return self._delims

    @property
    def fields(self) -> np.ndarray:
        if self._fields is None:
            self._fields = self.structural(self.ends) - self.structural(self.starts) + 1
        return self._fields

    @fields.setter
    def fields(self, counted: np.ndarray) -> None:
        self._fields = counted

    @property
    def plain(self) -> bool:
        """Each record on one line, each quote opening or closing a cell, no cell over the
        cap: the shape in which a strict CSV reader must split cells as this scan does."""
        return (self.unclosed is None and not self.literal_quotes and len(self.starts) > 0
                and np.array_equal(self.last_lines, self.lines)
                and int((self.ends - self.starts).max()) <= MAX_CELL_CHARS)

    def structural(self, at: np.ndarray) -> np.ndarray:
        """Structural delimiters before each offset, for offsets outside quoted cells."""
        delims = self.delims
        assert self._quoted is not None
        return np.searchsorted(delims, at) - self._quoted[np.searchsorted(self.opening, at)]

    def locate(self, at: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The record and the cell (0-based) each byte offset falls in."""
        records = np.searchsorted(self.starts, at, side="right") - 1
        region = np.searchsorted(self.opening, at) - 1
        inside = (region >= 0) & (at < self.closing[np.maximum(region, 0)]) \
            if len(self.opening) else np.zeros(len(at), dtype=bool)
        # Inside a quoted cell, count from its opening quote: the cell is the same.
        anchor = np.where(inside, self.opening[np.maximum(region, 0)] if len(self.opening)
                          else at, at)
        cells = self.structural(anchor) - self.structural(self.starts[records])
        return records, cells


def _structural_quotes(buffer: np.ndarray, quotes: np.ndarray, newlines: np.ndarray,
                       delimiter: int) -> tuple[np.ndarray, int | None]:
    """The quotes that open or close a quoted cell, and where a quoted cell is never closed.

    As in Excel and Python's csv module, a quote opens a quoted cell only at the start of a
    cell; one in the middle of an unquoted cell (`Screen 12" wide`) is a literal character.
    In the usual file every quote pairs up: openings at a cell start, closings before a
    delimiter, a line end or a doubled quote. That is checked at once on all quotes; only
    from a quote that breaks it is the file read quote by quote, up to the next record that
    starts outside quotes, where the vectorised reading takes over again.
    A quoted cell closed by a quote followed by anything but a delimiter or a line end, or
    never closed, starts with a stray quote: from there the file cannot be trusted (Python
    would glue the text after it onto the cell and read on in a wrong pairing).
    """
    n = len(quotes)
    if n == 0:
        return quotes, None
    size = len(buffer)
    before = buffer[np.maximum(quotes - 1, 0)]
    after = buffer[np.minimum(quotes + 1, size - 1)]
    at_start = (quotes == 0) | (before == delimiter) | (before == 10) | (before == 13)
    after_quote = (quotes > 0) & (before == 34)
    can_open = at_start | after_quote
    can_close = (quotes + 1 >= size) | (after == delimiter) | (after == 10) | (after == 13) \
        | (after == 34)
    even = np.arange(n) % 2 == 0
    # Quotes breaking the pairing when counting starts at an even (or odd) index.
    breaks = (np.flatnonzero((even & ~can_open) | (~even & ~can_close)),
              np.flatnonzero((~even & ~can_open) | (even & ~can_close)))
    literal = np.zeros(n, dtype=bool)
    newlines_before = None
    begin = 0
    while True:
        wrong = breaks[begin % 2]
        at = int(np.searchsorted(wrong, begin))
        if at == len(wrong):  # pairs up to the end; an odd count leaves the last one open
            unclosed = int(quotes[n - 1]) if (n - begin) % 2 else None
            break
        if newlines_before is None:
            newlines_before = np.searchsorted(newlines, quotes)
        first = int(wrong[at])
        inside = (first - begin) % 2 == 1
        opened = first - 1
        while inside and opened > begin and after_quote[opened]:
            opened -= 2  # back over doubled quotes to the cell's opening quote
        k, resume, unclosed = first, None, None
        while k < n:
            if not inside:
                if k > first and newlines_before[k] > newlines_before[k - 1]:
                    resume = k  # a record ended outside quotes: pairing may hold again
                    break
                if at_start[k]:
                    inside, opened = True, k
                else:
                    literal[k] = True
                k += 1
            elif k + 1 < n and quotes[k + 1] == quotes[k] + 1:
                k += 2  # a doubled quote inside a quoted cell
            else:
                if not can_close[k]:
                    unclosed = int(quotes[opened])
                    break
                inside = False
                k += 1
        if unclosed is not None or resume is None:
            if unclosed is None and inside:
                unclosed = int(quotes[opened])
            break
        begin = resume
    kept = quotes[~literal] if literal.any() else quotes
    return kept, unclosed


def _positions(buffer: np.ndarray, byte: int, chunk: int = 1 << 20) -> np.ndarray:
    """Offsets of one byte value, a chunk at a time: no temporary as large as the file.

    Counted first and written into one array, 32-bit when the file allows: a delimiter's
    offsets are a large share of what reading a big file holds at its peak.
    """
    counts = [int(np.count_nonzero(buffer[at:at + chunk] == byte))
              for at in range(0, len(buffer), chunk)]
    found = np.empty(sum(counts), dtype=np.int32 if len(buffer) < 2**31 - 1 else np.int64)
    filled = 0
    for at, count in zip(range(0, len(buffer), chunk), counts, strict=True):
        if count:
            found[filled:filled + count] = np.flatnonzero(buffer[at:at + chunk] == byte) + at
            filled += count
    return found


TRAILING_VECTOR_STEPS = 64  # longer runs of trailing delimiters are compared row by row


def _trim_trailing_empty_cells(data: bytes, scan: _Scan, header: list[str], delimiter: str
                               ) -> tuple[bytes, _Scan, list[str], tuple[int, int] | None]:
    """Excel's trailing empty columns (`;;;;` after the header and rows, where cells beyond
    the table were once formatted) are cut, as the XLSX path does: the header's unnamed last
    columns, and on each row the empty cells past the named ones, up to the header's width.
    Returns the file, its scan, the header and (how many columns, first line) if any was cut."""
    named = len(header)
    while named and not header[named - 1]:
        named -= 1
    if named == len(header) or named == 0:
        # Excel writes every line as wide as the used range, header included: without empty
        # names at the header's end, cells past the last column are a row's own mistake.
        return data, scan, header, None
    extra = scan.fields - named
    candidates = np.flatnonzero((extra > 0) & (scan.fields <= len(header)))
    ends, starts, need = scan.ends[candidates], scan.starts[candidates], extra[candidates]
    byte = ord(delimiter)
    fits = np.ones(len(candidates), dtype=bool)
    for k in range(1, min(int(need.max()), TRAILING_VECTOR_STEPS) + 1):
        checked = need >= k
        fits &= ~checked | ((ends - k >= starts)
                            & (scan.buffer[np.maximum(ends - k, 0)] == byte))
        if not (fits & checked).any():
            break
    for i in np.flatnonzero(fits & (need > TRAILING_VECTOR_STEPS)).tolist():
        run = int(need[i])
        fits[i] = data[int(ends[i]) - run:int(ends[i])] == delimiter.encode() * run
    if not (len(candidates) and candidates[0] == 0 and fits.all()):
        # Spaces in the header's empty names, or a row with something in those columns: they
        # are columns of the file after all, reported as unnamed.
        return data, scan, header, None
    cut_start, cut_len = ends[fits] - need[fits], need[fits]
    total = int(cut_len.sum())
    offsets = np.repeat(cut_start, cut_len) + (np.arange(total)
                                               - np.repeat(np.cumsum(cut_len) - cut_len, cut_len))
    keep = np.ones(len(scan.buffer), dtype=bool)
    keep[offsets] = False
    data = scan.buffer[keep].tobytes()
    first_record = int(candidates[fits][0])
    line = int(scan.lines[first_record])
    return data, _Scan.of(data, delimiter), header[:named], (int(cut_len.max()), line)


def _long_cells(data: bytes, scan: _Scan, header: list[str], file: str
                ) -> tuple[list[Problem], list[int]]:
    """Cells over MAX_CELL_CHARS: located, and their rows kept from any CSV reader. Only
    records longer than the cap (in bytes, at least as many as characters) are looked at."""
    found: list[Problem] = []
    records: list[int] = []
    for record in np.flatnonzero(scan.ends - scan.starts > MAX_CELL_CHARS).tolist():
        if record == 0:
            continue  # the header line is capped as a whole before the scan
        start, end = int(scan.starts[record]), int(scan.ends[record])
        delims = scan.delims[np.searchsorted(scan.delims, start):np.searchsorted(scan.delims,
                                                                                  end)]
        delims = delims[np.searchsorted(scan.quotes, delims) % 2 == 0]
        bounds = np.concatenate(([start - 1], delims, [end]))
        for cell in np.flatnonzero(np.diff(bounds) - 1 > MAX_CELL_CHARS).tolist():
            text = data[int(bounds[cell]) + 1:int(bounds[cell + 1])]
            length = len(text.decode("utf-8", errors="replace"))
            if length > MAX_CELL_CHARS:
                column = header[cell] if cell < len(header) else None
                found.append(problem(file, int(scan.lines[record]), column or None, None,
                                     "cell_too_long", length=length, limit=MAX_CELL_CHARS))
                if not records or records[-1] != record:
                    records.append(record)
    return found, records


def _blank_records(data: bytes, scan: _Scan, records: np.ndarray) -> bytes:
    """The file with these records emptied but their line breaks kept, so every reader still
    numbers the following lines the same way (and skips them as empty lines)."""
    edges = np.zeros(len(scan.buffer) + 1, dtype=np.int8)
    np.add.at(edges, scan.starts[records], 1)
    np.add.at(edges, scan.ends[records], -1)
    inside = np.cumsum(edges[:-1], dtype=np.int8) > 0  # records never overlap: 0 or 1
    inside[scan.newlines] = False
    return scan.buffer[~inside].tobytes()


# Invisible characters. C0 controls (but tab, LF and CR), DEL and C1 controls are errors:
# no text holds them, they come from damaged files or copies out of other programs. A
# byte-order mark inside the file is a warning and is removed from the cell: it never means
# anything there. Zero-width and direction characters are warnings and are kept: they may
# be wanted in right-to-left text, and in an identifier the pattern check already fails.
CONTROL_BYTES = np.zeros(256, dtype=bool)
CONTROL_BYTES[[b for b in range(32) if b not in (9, 10, 13)] + [127]] = True
CONTROL_NAMES = ("NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF",
                 "VT", "FF", "CR", "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN",
                 "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US")


def character_name(point: int) -> str:
    """How a message names an invisible character: `NUL (U+0000)`, never the character."""
    if point < 32:
        return f"{CONTROL_NAMES[point]} (U+{point:04X})"
    if point == 127:
        return "DEL (U+007F)"
    if point <= 0x9F:
        return f"C1 (U+{point:04X})"
    return f"{unicodedata.name(chr(point), '')} (U+{point:04X})".lstrip()


def _find_invisible(data: bytes, scan: _Scan) -> tuple[np.ndarray, np.ndarray] | None:
    """Offsets and code points of the invisible characters, or None (the usual answer, found
    with a few passes over the bytes and no per-cell work)."""
    buffer = scan.buffer
    offsets: list[np.ndarray] = []
    points: list[np.ndarray] = []
    below = sum(int(np.count_nonzero(buffer[at:at + (1 << 20)] < 32))
                for at in range(0, len(buffer), 1 << 20))
    allowed = len(scan.newlines) + (data.count(b"\r") if b"\r" in data else 0) \
        + (data.count(b"\t") if b"\t" in data else 0)
    if below > allowed or b"\x7f" in data:
        found = np.concatenate([np.flatnonzero(CONTROL_BYTES[buffer[at:at + (1 << 20)]]) + at
                                for at in range(0, len(buffer), 1 << 20)])
        offsets.append(found)
        points.append(buffer[found].astype(np.int64))
    if b"\xc2" in data:  # C1 controls, U+0080 to U+009F, are C2 80 to C2 9F
        lead = _positions(buffer, 0xC2)
        lead = lead[lead + 1 < len(buffer)]
        second = buffer[lead + 1]
        c1 = (second >= 0x80) & (second <= 0x9F)
        offsets.append(lead[c1])
        points.append(second[c1].astype(np.int64))
    # One-byte searches (memchr) are a hundred times faster than multi-byte ones here.
    for lead_byte in (0xE2, 0xEF):
        if bytes([lead_byte]) in data:
            lead = _positions(buffer, lead_byte)
            lead = lead[lead + 2 < len(buffer)]
            point = (((buffer[lead].astype(np.int64) & 0x0F) << 12)
                     | ((buffer[lead + 1].astype(np.int64) & 0x3F) << 6)
                     | (buffer[lead + 2].astype(np.int64) & 0x3F))
            wanted = np.isin(point, [BOM, *FORMAT_CHARACTERS])
            offsets.append(lead[wanted])
            points.append(point[wanted])
    if not offsets or not sum(len(o) for o in offsets):
        return None
    at = np.concatenate(offsets)
    order = np.argsort(at, kind="stable")
    return at[order], np.concatenate(points)[order]


def _invisible_problems(file: str, invisible: tuple[np.ndarray, np.ndarray], scan: _Scan,
                        names: list[str], frame: pd.DataFrame, good_lines: np.ndarray
                        ) -> tuple[pd.DataFrame, list[Problem]]:
    """One problem per character kind per cell, located; byte-order marks taken out."""
    at, points = invisible
    records, cells = scan.locate(at)
    keys = np.unique(np.stack([records, cells, points], axis=1), axis=0)
    found: list[Problem] = []
    boms: set[str] = set()
    for record, cell, point in keys.tolist():
        line = 1 if record == 0 else int(scan.lines[record])
        column = names[cell] if 0 <= cell < len(names) else None
        value = None
        if record and column in frame.columns:
            row = int(np.searchsorted(good_lines, line))
            if row < len(good_lines) and good_lines[row] == line:
                value = frame[column].iat[row]
        if point == BOM:
            found.append(problem(file, line, column, value, "bom_inside", WARNING))
            if record and column is not None:
                boms.add(column)
        elif point in FORMAT_CHARACTERS:
            found.append(problem(file, line, column, value, "invisible_character", WARNING,
                                 char_key=FORMAT_CHARACTERS[point], point=f"U+{point:04X}"))
        else:
            found.append(problem(file, line, column, value, "control_character",
                                 char=character_name(point)))
    for column in boms & set(frame.columns):
        frame[column] = frame[column].str.replace("\ufeff", "", regex=False)
    return frame, found


def _unique_names(header: list[str]) -> list[str]:
    names: list[str] = []
    taken: set[str] = set()
    for name in header:
        candidate, n = name, 1
        while candidate in taken:
            n += 1
            candidate = f"{name} ({n})"
        names.append(candidate)
        taken.add(candidate)
    return names


def _parse_rows(data: bytes, delimiter: str, names: list[str], expected_rows: int,
                longest: int = 0, multiline: bool = True) -> pd.DataFrame | None:
    """Fast path: Arrow's CSV reader, every cell as text, no value ever turned into null.

    Rows with the wrong number of cells (already reported from the scan) arrive blanked.
    Arrow's blocks hold the longest row whole: it cannot read a row across two blocks.
    Arrow splits the file into blocks for its threads in one quick pass over line breaks
    unless a quoted cell may hold one; `multiline` (a record spanning lines, from the scan)
    says it may. Blocks of 1 MiB keep both cores busy and the reader's buffers small.
    """
    block = min(max(1 << 20, 2 * longest + 1024), (1 << 31) - 1)
    try:
        table = pacsv.read_csv(
            pa.BufferReader(data), memory_pool=reader_pool(),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=block),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=multiline,
                                             ignore_empty_lines=True),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.large_string() for n in names}, null_values=[],
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


def strip_cells(cells: pd.Series) -> pd.Series:
    """A text column without the spaces around its cells: the column itself when no cell has
    any, so the usual clean column is neither copied nor rewritten.

    A cell whose first and last bytes are printable ASCII other than the space cannot change;
    only the others (spaces, controls, any non-ASCII character) are stripped to find out.
    """
    edges = _edge_candidates(cells)
    if edges is None:
        return cells.str.strip()
    if not edges.any():
        return cells
    some = cells[edges]
    return cells if bool((some.str.strip() == some).all()) else cells.str.strip()


def _edge_candidates(cells: pd.Series) -> np.ndarray | None:
    """Rows whose first or last byte is not printable ASCII, read from Arrow's buffers; None
    when the column is not Arrow text without nulls (then every row is a candidate)."""
    try:
        chunks = pa.chunked_array(cells.array.__arrow_array__()).chunks
    except (AttributeError, TypeError, pa.ArrowException):
        return None
    found = []
    for chunk in chunks:
        if chunk.null_count or not (pa.types.is_string(chunk.type)
                                    or pa.types.is_large_string(chunk.type)):
            return None
        _, offsets_buffer, data_buffer = chunk.buffers()
        width = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
        offsets = np.frombuffer(offsets_buffer, dtype=width)[chunk.offset:
                                                             chunk.offset + len(chunk) + 1]
        edge = np.zeros(len(chunk), dtype=bool)
        filled = offsets[1:] > offsets[:-1]
        if filled.any():
            data = np.frombuffer(data_buffer, dtype=np.uint8)
            first, last = data[offsets[:-1][filled]], data[offsets[1:][filled] - 1]
            edge[filled] = (first <= 32) | (first >= 127) | (last <= 32) | (last >= 127)
        found.append(edge)
    return np.concatenate(found) if found else np.zeros(0, dtype=bool)


def _drop_empty_rows(file: str, frame: pd.DataFrame, lines: np.ndarray
                     ) -> tuple[pd.DataFrame, np.ndarray, list[Problem]]:
    """Rows of only empty cells (what a spreadsheet leaves after clearing a row)."""
    if frame.empty or len(frame.columns) == 0:
        return frame, lines, []
    empty = np.ones(len(frame), dtype=bool)
    for name in frame.columns:
        empty &= (strip_cells(frame[name]) == "").to_numpy()
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


@dataclass(frozen=True)
class Dialect:
    """How a CSV file is written, so that a save gives back a file its spreadsheet opens alike.

    The default is the repository's own: UTF-8 without BOM, comma, LF, decimal point. A
    decimal comma is only written in semicolon files (the only ones the reader takes it in),
    in the DECIMAL columns, for numbers of the form `-12.5`.
    """

    delimiter: str = ","
    bom: bool = False
    line_end: str = "\n"
    decimal_comma: bool = False


DEFAULT_DIALECT = Dialect()
_DECIMAL_POINT = re.compile(r"-?\d+\.\d+")  # the inverse of normalise_decimals
_DIGIT_POINT_DIGIT = re.compile(rb"\d\.\d")


def dialect_of(data: bytes, parsed: Parsed, table: Table) -> Dialect:
    """The dialect `data` is written in: delimiter (as read), BOM, the header's line end, and
    whether a semicolon file writes its numbers with a decimal comma."""
    body = data[len(UTF8_BOM):] if data.startswith(UTF8_BOM) else data
    first_end = body.find(b"\n")
    crlf = first_end > 0 and body[first_end - 1:first_end] == b"\r"
    return Dialect(parsed.delimiter, data.startswith(UTF8_BOM), "\r\n" if crlf else "\n",
                   _uses_decimal_comma(body, parsed, table))


def _uses_decimal_comma(body: bytes, parsed: Parsed, table: Table) -> bool:
    """A semicolon file's numbers take a decimal comma, as in the spreadsheets that write
    semicolons (their list separator, because the comma is their decimal sign), unless its
    decimal columns are written with a point and never with a comma."""
    decimals = [i for i, name in enumerate(parsed.header)
                if name in table.column_names and table.column(name).kind == DECIMAL]
    if parsed.delimiter != ";" or not decimals:
        return False
    if not _DIGIT_POINT_DIGIT.search(body):
        return True  # no number with a point anywhere: settled without reading the rows
    text = body.decode("utf-8", errors="replace")
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    next(rows, None)
    comma, point = re.compile(r"-?\d+,\d+"), False
    try:
        for row in rows:
            for i in decimals:
                if i < len(row):
                    if comma.fullmatch(row[i]):
                        return True
                    point = point or bool(_DECIMAL_POINT.fullmatch(row[i]))
    except csv.Error:  # a field past csv's limit: the loader reports it
        pass
    return not point


def csv_bytes(frame: pd.DataFrame, dialect: Dialect = DEFAULT_DIALECT,
              table: Table | None = None) -> bytes:
    """The frame's text cells as CSV in `dialect`: header, quotes only where needed, a line
    end after every row. `table` names the decimal columns a decimal comma applies to."""
    if dialect.decimal_comma and dialect.delimiter == ";" and table is not None:
        frame = frame.copy()
        for column in table.columns:
            if column.kind == DECIMAL and column.name in frame:
                cells = frame[column.name].astype(str)
                point = cells.str.fullmatch(_DECIMAL_POINT.pattern)
                frame[column.name] = cells.where(~point, cells.str.replace(".", ",",
                                                                           regex=False))
    text = frame.to_csv(index=False, sep=dialect.delimiter, lineterminator=dialect.line_end)
    return (UTF8_BOM if dialect.bom else b"") + text.encode("utf-8")


def write_csv(frame: pd.DataFrame, path: Path, delimiter: str = ",", bom: bool = False,
              dialect: Dialect | None = None, table: Table | None = None) -> None:
    """Write a table the way the repository keeps them (UTF-8, header, newline at the end),
    or in the `dialect` given."""
    path.write_bytes(csv_bytes(frame, dialect or Dialect(delimiter, bom), table))
