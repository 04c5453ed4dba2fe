"""Files of the data folder as bytes, and where that folder is: no pandas, so the command
line's quick answers (`alliance.proof`) start without it."""

from __future__ import annotations

import errno
import functools
import mmap
import os
import stat
from pathlib import Path

import pyarrow as pa

UTF8_BOM = b"\xef\xbb\xbf"
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


class NotRegularFileError(OSError):
    """A directory, device, pipe or socket where a file was expected; `kind` says which."""

    def __init__(self, path: os.PathLike[str] | str, kind: str) -> None:
        super().__init__(f"{path} is a {kind}, not a regular file")
        self.kind = kind  # "directory" or "special"


def read_regular(path: os.PathLike[str] | str, max_bytes: int | None = None) -> bytes:
    """The bytes of a regular file, refusing a directory, device, pipe or socket unread.

    `os.stat` first: opening a FIFO blocks until someone writes to it and `/dev/zero` never
    ends. The file is then opened without blocking and checked again, in case the path was
    swapped in between. With `max_bytes`, at most max_bytes + 1 bytes are read: enough for
    `parse_csv(..., upload=True)` to say the file is too large without holding all of it.
    """
    check_regular(path, os.stat(path).st_mode)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        check_regular(path, os.fstat(handle.fileno()).st_mode)
        return handle.read() if max_bytes is None else handle.read(max_bytes + 1)


def map_regular(path: os.PathLike[str] | str) -> mmap.mmap:
    """A regular file mapped read-only, with `read_regular`'s refusals: its pages are the
    system's cache of the file, not a copy of it in the process. An empty file raises
    ValueError (nothing to map)."""
    check_regular(path, os.stat(path).st_mode)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        check_regular(path, os.fstat(fd).st_mode)
        # Mapped at once where the system can (Linux): one call instead of a page fault for
        # every 4 kB page as each reader first touches it.
        populate = getattr(mmap, "MAP_POPULATE", 0)
        return mmap.mmap(fd, 0, flags=mmap.MAP_SHARED | populate, prot=mmap.PROT_READ)
    finally:
        os.close(fd)  # the mapping keeps the file


def check_regular(path: os.PathLike[str] | str, mode: int) -> None:
    """Raise NotRegularFileError unless `mode` (of `path`) is a regular file's."""
    if stat.S_ISDIR(mode):
        raise NotRegularFileError(path, "directory")
    if not stat.S_ISREG(mode):
        raise NotRegularFileError(path, "special")


# The usual reasons a file cannot be read, said in the reader's language: the system's own
# words (`strerror`, NotRegularFileError's text) are English whatever the reader's.
OS_REASONS = {errno.EACCES: "problem_word.permission", errno.EPERM: "problem_word.permission",
              errno.ELOOP: "problem_word.link_loop", errno.EIO: "problem_word.io_error",
              errno.ENOTDIR: "problem_word.not_a_folder", errno.ENOENT: "problem_word.no_file",
              errno.EISDIR: "problem_word.is_a_folder", errno.ENOSPC: "problem_word.disk_full",
              errno.EROFS: "problem_word.read_only"}


def os_reason_key(exc: OSError) -> str:
    """The catalogue key that says why `exc` kept a file from being read or written."""
    if isinstance(exc, NotRegularFileError):
        return "problem_word.is_a_folder" if exc.kind == "directory" else "problem_word.special"
    return OS_REASONS.get(exc.errno or 0, "problem_word.os_error")


@functools.cache
def reader_pool() -> pa.MemoryPool:
    """The memory pool the CSV reader fills: jemalloc where Arrow has it. Its threads'
    short-lived block buffers cost half the CPU time and some 60 MB less peak memory there
    than in Arrow's default mimalloc pool (1M rows: 0.75 s against 1.7 s, measured)."""
    try:
        return pa.jemalloc_memory_pool()
    except NotImplementedError:  # a build without jemalloc (Windows, some macOS wheels)
        return pa.default_memory_pool()
