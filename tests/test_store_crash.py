"""Saves killed with SIGKILL at random moments leave a whole table and a consistent history.

A helper process imports the store once, then forks one saver per round; the saver saves
a 20,000-row activities table in a loop (each save changes a cell and adds a row) and is
killed with SIGKILL after a random delay: on odd rounds anywhere in its first or second
save, on even rounds within 4 ms of the moment its new version appears in the history, the
stretch where the table is replaced and the log written. After each kill the table must be
exactly the version before or after the interrupted save, and the history must reconcile.
20 kills run by default; `pytest -m slow tests/test_store_crash.py` runs 100.
"""

from __future__ import annotations

import itertools
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from contextlib import suppress
from pathlib import Path

import pandas as pd
import pytest

from alliance import store
from alliance.loader import parse_csv
from alliance.schema import ACTIVITIES

REPO_ROOT = Path(__file__).resolve().parent.parent
ROWS = 20_000
TABLE = "activities"

# Reads a round number per line; forks a saver that reports each save before and after it
# (os.write: one unbuffered line, so nothing is lost when the saver dies), waits for it.
SAVER = r"""
import os, sys
from pathlib import Path
from alliance import store
from alliance.schema import ACTIVITIES

folder = Path(sys.argv[1])

def say(text):
    os.write(1, (text + "\n").encode())

def saves(round_no):
    say("ready")
    for n in range(10_000):
        frame, version = store.current(folder, "activities")
        frame.loc[n % len(frame), "title"] = f"round {round_no} save {n}"
        frame.loc[len(frame)] = frame.iloc[0].copy()
        frame.loc[len(frame) - 1, "id"] = f"R{round_no:03d}-S{n:04d}"
        data = store.csv_bytes(frame, ACTIVITIES)
        say(f"intent {store.version_of(data)} {len(frame)}")
        saved = store.save(folder, "activities", frame, base=version, who=f"saver {round_no}",
                           reason=f"save {n}", check_access=lambda: None)
        say(f"done {saved.version}")

for line in sys.stdin:
    pid = os.fork()
    if pid == 0:
        try:
            saves(int(line))
        finally:
            os._exit(0)
    say(f"pid {pid}")
    _, status = os.waitpid(pid, 0)
    say(f"dead {status}")
"""


def big_folder(bundled: Path) -> Path:
    n = ROWS
    frame = pd.DataFrame({c: [""] * n for c in ACTIVITIES.column_names})
    frame["id"] = [f"A{i:05d}" for i in range(n)]
    frame = frame.assign(title="T", audience="students", kind="training", mode="online",
                         language="en", illustrative="false", source="https://e.eu/")
    (bundled / "activities.csv").write_bytes(store.csv_bytes(frame, ACTIVITIES))
    return bundled


def read_until(saver: subprocess.Popen[str], prefixes: tuple[str, ...]) -> list[str]:
    """The saver's lines up to the one where every prefix has been seen."""
    assert saver.stdout is not None
    seen: list[str] = []
    while not all(any(line.startswith(p) for line in seen) for p in prefixes):
        line = saver.stdout.readline()
        assert line, f"saver ended before {prefixes}: {seen}"
        seen.append(line.strip())
    return seen


def wait_for_new_snapshot(folder: Path, limit: float) -> None:
    """Return as soon as a save copied its new version into the history (step 1 of 4):
    what follows is the short stretch where a crash is most delicate."""
    kept = folder / ".history" / TABLE
    known = set(os.listdir(kept))
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        if any(name.endswith(".csv") for name in set(os.listdir(kept)) - known):
            return
        time.sleep(0.0005)


def strays(folder: Path) -> list[Path]:
    return [*folder.glob(".*.tmp"), *(folder / ".history").glob("*/.*.tmp")]


def check_history(folder: Path, verified: set[str]) -> list[store.Version]:
    """Reconcile, then: the newest entry is the file, each logged version is kept intact,
    and each entry's previous is the entry before it."""
    entries = store.history(folder, TABLE)
    current = store.version_of((folder / "activities.csv").read_bytes())
    assert entries[0].version == current
    for entry in entries:
        if entry.version not in verified:
            kept = (folder / ".history" / TABLE / f"{entry.version}.csv").read_bytes()
            assert store.version_of(kept) == entry.version
            verified.add(entry.version)
    oldest_first = list(reversed(entries))
    assert oldest_first[0].previous == ""
    for before, after in itertools.pairwise(oldest_first):
        assert after.previous == before.version
    assert not strays(folder)
    # What killed saves left (pending record, copy of a version never saved) is gone too.
    kept = folder / ".history" / TABLE
    assert not (kept / "pending.json").exists()
    assert {path.stem for path in kept.glob("*.csv")} == {e.version for e in entries}
    log = (folder / ".history" / "log.jsonl").read_bytes()
    assert log.endswith(b"\n")
    return entries


@pytest.mark.parametrize("kills", [20, pytest.param(100, marks=pytest.mark.slow)])
def test_killed_saves_never_corrupt_or_lose_rows(bundled: Path, kills: int) -> None:
    folder = big_folder(bundled)
    seed = int(time.time())
    chance = random.Random(seed)
    verified: set[str] = set()
    check_history(folder, verified)
    outcomes: Counter[str] = Counter()
    span: float | None = None
    rows_of = {store.version_of((folder / "activities.csv").read_bytes()): ROWS}
    strays_seen = torn_logs = 0
    environ = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    with subprocess.Popen([sys.executable, "-c", SAVER, str(folder)], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, text=True, env=environ) as saver:
        assert saver.stdin is not None
        try:
            for round_no in range(kills):
                before = (folder / "activities.csv").read_bytes()
                saver.stdin.write(f"{round_no}\n")
                saver.stdin.flush()
                started = read_until(saver, ("pid", "ready"))  # either may come first
                pid = int(next(line for line in started if line.startswith("pid")).split()[1])
                if span is None:  # calibrate: how long a fresh saver takes to save once
                    clock = time.perf_counter()
                    started += read_until(saver, ("done",))
                    span = time.perf_counter() - clock
                elif round_no % 2:  # anywhere in the first save, or in the second
                    time.sleep(chance.uniform(0.0, 1.6 * span))
                else:  # aimed at the few milliseconds of pending record, replace and log
                    wait_for_new_snapshot(folder, span * 3)
                    time.sleep(chance.uniform(0.0, 0.004))
                os.kill(pid, signal.SIGKILL)
                report = started + read_until(saver, ("dead",))
                assert report[-1] == f"dead {signal.SIGKILL}", (seed, report)

                intents = [line.split() for line in report if line.startswith("intent")]
                rows_of.update({version: int(rows) for _, version, rows in intents})
                done = [line.split()[1] for line in report if line.startswith("done")]
                data = (folder / "activities.csv").read_bytes()
                found = store.version_of(data)
                settled = done[-1] if done else store.version_of(before)
                in_flight = intents[-1][1] if len(intents) > len(done) else None
                parsed = parse_csv(data, ACTIVITIES)
                assert not parsed.problems, (seed, round_no, parsed.problems[:3])
                assert found in (settled, in_flight), (seed, round_no)
                assert len(parsed.frame) == rows_of[found], (seed, round_no)  # 0 rows lost
                log = (folder / ".history" / "log.jsonl").read_bytes()
                if found == settled:
                    outcomes["old version kept" if in_flight else "between saves"] += 1
                elif found.encode() in log:
                    outcomes["new version, logged"] += 1
                else:
                    outcomes["new version, log line lost then recovered"] += 1
                    recovered = store.history(folder, TABLE)[0]  # with the saver's own record
                    assert (recovered.version, recovered.who, recovered.kind) == (
                        found, f"saver {round_no}", "save")
                outcomes["saves completed"] += len(done)

                left = strays(folder)
                strays_seen += len(left)
                assert not [p for p in left if p.name.endswith(".csv")]  # never data
                torn_logs += bool(log) and not log.endswith(b"\n")
                check_history(folder, verified)
        finally:
            saver.stdin.close()
    entries = check_history(folder, verified)
    print(f"\ncrash safety, {kills} kills (seed {seed}, one save ≈ {span:.2f} s): "
          f"{dict(outcomes)}; "
          f"stray temp files removed: {strays_seen}; torn log lines cut: {torn_logs}; "
          f"history entries: {len(entries)}; corrupt or partial files: 0; rows lost: 0")
    assert sum(outcomes.values()) - outcomes["saves completed"] == kills


# The last valid copy the app serves from (dataset._remember) is written like every save.

REMEMBER = r"""
import os, sys
from pathlib import Path
from alliance.dataset import _remember

keep, sources = Path(sys.argv[1]), [Path(p) for p in sys.argv[2:]]

def say(text):
    os.write(1, (text + "\n").encode())

def remember(round_no):
    for n in range(1_000_000):
        say(f"start {n}")
        _remember(keep, "activities", sources[(n + round_no) % len(sources)])
        say(f"done {n}")

for line in sys.stdin:
    pid = os.fork()
    if pid == 0:
        try:
            remember(int(line))
        finally:
            os._exit(0)
    say(f"pid {pid}")
    _, status = os.waitpid(pid, 0)
    say(f"dead {status}")
"""
COPY_ROWS = 60_000


def two_versions(folder: Path) -> list[Path]:
    """Two valid activities files of a few megabytes that differ in every row's title."""
    frame = pd.DataFrame({c: [""] * COPY_ROWS for c in ACTIVITIES.column_names})
    frame["id"] = [f"A{i:05d}" for i in range(COPY_ROWS)]
    frame = frame.assign(audience="students", kind="training", mode="online", language="en",
                         illustrative="false", source="https://e.eu/")
    paths = []
    for name in ("first", "second"):
        path = folder / name / "activities.csv"
        path.parent.mkdir(parents=True)
        path.write_bytes(store.csv_bytes(frame.assign(title=f"{name} version"), ACTIVITIES))
        paths.append(path)
    return paths


def recalled_rows(keep: Path) -> int:
    from alliance.dataset import _recall  # the reader the app falls back on
    recalled = _recall(keep, "activities")
    return -1 if recalled is None else len(recalled)


@pytest.mark.parametrize("kills", [12, pytest.param(60, marks=pytest.mark.slow)])
def test_a_kill_while_the_last_valid_copy_is_written_leaves_a_whole_copy(
        tmp_path: Path, kills: int) -> None:
    from alliance.dataset import STALE_TEMPORARY_S, _remember
    sources = two_versions(tmp_path)
    versions = {path.read_bytes() for path in sources}
    keep = tmp_path / "keep"
    copy = keep / "activities.csv"
    chance = random.Random(seed := int(time.time()))
    environ = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    span: float | None = None
    mid_write = 0
    with subprocess.Popen([sys.executable, "-c", REMEMBER, str(keep), *map(str, sources)],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                          env=environ) as writer:
        assert writer.stdin is not None
        try:
            for round_no in range(kills):
                writer.stdin.write(f"{round_no}\n")
                writer.stdin.flush()
                started = read_until(writer, ("pid", "done 0"))  # a copy is there
                pid = int(next(line for line in started if line.startswith("pid")).split()[1])
                if span is None:
                    clock = time.perf_counter()
                    started += read_until(writer, ("done 1",))
                    span = time.perf_counter() - clock
                time.sleep(chance.uniform(0.0, 2 * span))
                os.kill(pid, signal.SIGKILL)
                report = started + read_until(writer, ("dead",))
                assert report[-1] == f"dead {signal.SIGKILL}", (seed, report)
                mid_write += report[-2].startswith("start")
                assert copy.read_bytes() in versions, (seed, round_no)  # whole, never a mix
                assert recalled_rows(keep) == COPY_ROWS, (seed, round_no)
                left = list(keep.glob(".activities.csv.*.tmp"))
                assert set(keep.iterdir()) - set(left) == {copy}, (seed, round_no)
        finally:
            writer.stdin.close()
    # A killed writer's temporary file is never read, and goes once it is stale.
    for leftover in keep.glob(".*.tmp"):
        os.utime(leftover, (time.time() - 2 * STALE_TEMPORARY_S,) * 2)
    other = next(path for path in sources if path.read_bytes() != copy.read_bytes())
    _remember(keep, "activities", other)
    assert list(keep.iterdir()) == [copy] and copy.read_bytes() == other.read_bytes()
    print(f"\nlast valid copy, {kills} kills (seed {seed}, one write ≈ {span:.3f} s): "
          f"{mid_write} killed mid-write, torn copies: 0")
    assert mid_write > 0  # the kills did land inside writes


WRITER = r"""
import sys
from pathlib import Path
from alliance.dataset import _remember

keep, first, second = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
for n in range(int(sys.argv[4])):
    _remember(keep, "activities", first if n % 2 else second)
"""


def test_two_processes_remembering_at_once_never_tear_the_copy(tmp_path: Path) -> None:
    """Two app processes keeping copies at the same moment (a fixed temporary name let one
    rename the other's half-written file into place)."""
    first, second = two_versions(tmp_path)
    versions = {first.read_bytes(), second.read_bytes()}
    keep = tmp_path / "keep"
    environ = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(keep), str(a), str(b), "25"],
                                env=environ) for a, b in ((first, second), (second, first))]
    copy, reads, torn = keep / "activities.csv", 0, 0
    while any(w.poll() is None for w in writers):
        with suppress(FileNotFoundError):
            data = copy.read_bytes()
            reads += 1
            torn += data not in versions
    assert [w.wait() for w in writers] == [0, 0]
    assert reads > 0
    assert torn == 0, f"{torn} of {reads} reads saw a torn copy"
    assert copy.read_bytes() in versions
    assert list(keep.iterdir()) == [copy]
