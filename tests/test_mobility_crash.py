"""An import killed with SIGKILL at any moment leaves what was imported before intact.

One file is imported first; then an import of a second file runs in a child process and is
killed after a random delay spread over the time a whole import takes (measured first).
After each kill the manifest names exactly the first file, or both when the import had
finished; every file it names reads back whole; the next import cleans the leftovers.
"""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from alliance.loader import read_table
from alliance.mobility.imports import import_files, read_manifest, store_dir
from alliance.mobility.query import Mobility
from alliance.mobility.sample import members_from, write
from alliance.schema import TABLES_BY_NAME

REPO_ROOT = Path(__file__).resolve().parent.parent
KILLS = 6


def _import_command(folder: Path, path: Path) -> list[str]:
    return [sys.executable, "-m", "alliance", "mobility", "import", str(path), "--yes",
            "--data-dir", str(folder)]


def _flows_total(folder: Path) -> int:
    universities = read_table(folder, TABLES_BY_NAME["universities"]).frame
    mobility = Mobility(folder, universities)
    try:
        for entry in mobility.imports:  # every named file reads back whole
            rows = mobility.con.execute(
                "SELECT count(*) FROM read_parquet(?)",
                [str(store_dir(folder) / entry.parquet)]).fetchall()[0][0]
            assert rows == entry.rows
        return int(mobility.flows()["participants"].sum())
    finally:
        mobility.close()


def test_sigkill_during_import_leaves_previous_state(bundled: Path, tmp_path: Path) -> None:
    members = members_from(read_table(bundled, TABLES_BY_NAME["universities"]).frame)
    first, = write(tmp_path / "first", members, 2_000, "2014", first_year=2016)
    second, = write(tmp_path / "second", members, 60_000, "2014", first_year=2017)
    import_files(bundled, [first])
    before = [e.digest for e in read_manifest(bundled)]
    before_total = _flows_total(bundled)

    # How long a whole import takes here, on a copy, so the kills land all along it.
    probe = tmp_path / "probe"
    shutil.copytree(bundled, probe)
    started = time.monotonic()
    subprocess.run(_import_command(probe, second), cwd=REPO_ROOT, check=True,
                   capture_output=True)
    whole = time.monotonic() - started
    after_total = _flows_total(probe)
    assert after_total > before_total

    rng = random.Random(13)
    outcomes = set()
    for n in range(KILLS):
        child = subprocess.Popen(_import_command(bundled, second), cwd=REPO_ROOT,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(whole * (n + rng.random()) / KILLS)  # the kill's moment, not a wait
        child.send_signal(signal.SIGKILL)
        child.wait()
        digests = [e.digest for e in read_manifest(bundled)]
        total = _flows_total(bundled)
        if digests == before:
            assert total == before_total
            outcomes.add("before")
        else:
            assert digests[:1] == before and len(digests) == 2
            assert total == after_total
            outcomes.add("after")
            break  # imported: later kills would find it already there
    assert "before" in outcomes, "no kill landed during the import"
    # The next import finishes the job and leaves no temporary file behind.
    subprocess.run(_import_command(bundled, second), cwd=REPO_ROOT, check=True,
                   capture_output=True)
    assert _flows_total(bundled) == after_total
    left = [p.name for p in (store_dir(bundled) / "imports").iterdir()]
    assert sorted(left) == sorted(e.parquet.split("/")[1] for e in read_manifest(bundled))


@pytest.mark.parametrize("leftover", [".deadbeef.parquet.tmp", "cafe.parquet"])
def test_leftovers_of_a_killed_import_are_removed(bundled: Path, tmp_path: Path,
                                                  leftover: str) -> None:
    members = members_from(read_table(bundled, TABLES_BY_NAME["universities"]).frame)
    sample, = write(tmp_path / "s", members, 200, "2014")
    imports = store_dir(bundled) / "imports"
    imports.mkdir(parents=True)
    (imports / leftover).write_bytes(b"half a file")
    import_files(bundled, [sample])
    assert not (imports / leftover).exists()
    assert _flows_total(bundled) >= 0
