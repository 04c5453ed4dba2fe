"""Atomic file writes: a reader, or a process killed at any instant, sees the old bytes or the new.

One implementation for every file the app writes (the tables, their history, the last valid
copy): a unique temporary file in the same directory (`.<name>.<random>.tmp`, which no
reader opens), fsync, `os.replace` over the target, fsync of the directory.
"""

from __future__ import annotations

import os
import stat
import tempfile
import time
from contextlib import suppress
from pathlib import Path


def temporary_pattern(name: str) -> str:
    """The glob of the temporary files `write_atomically` makes for a file called `name`."""
    return f".{name}.*.tmp"


def fsync_dir(path: Path) -> None:
    """Make a rename in `path` durable."""
    if os.name != "posix":
        return  # Windows cannot open a directory; its rename is durable on its own
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomically(path: Path, data: bytes) -> None:
    """Temporary file in the same directory, fsync, rename over `path`, fsync the directory.

    Keeps the mode of the file it replaces (0644 for a new one). On any failure (a full
    disk, a kill signal turned into an exception) the temporary file is removed and the
    target left as it was.
    """
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
    fsync_dir(path.parent)


def remove_stale_temporaries(path: Path, older_than_s: float) -> int:
    """Delete temporary files of `path` left by killed writers; returns how many.

    Without a lock a live writer's file cannot be told from a dead one's, so only those
    untouched for `older_than_s` go (a write takes well under a second).
    """
    removed = 0
    limit = time.time() - older_than_s
    for leftover in path.parent.glob(temporary_pattern(path.name)):
        with suppress(OSError):
            if leftover.stat().st_mtime < limit:
                leftover.unlink()
                removed += 1
    return removed


def _mode_of(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return 0o644
