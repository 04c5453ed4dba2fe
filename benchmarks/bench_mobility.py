"""Mobility import and queries, side by side: our import vs DuckDB's own read_csv to Parquet.

Usage: python benchmarks/bench_mobility.py [--rows 1000000] [--total 3100000] [--files 6]
                                           [--repeat 3]
Writes benchmarks/out/mobility.json. Peak memory is the child process's maximum RSS. The
1M-row import and DuckDB's own read are run in turns, `--repeat` times each: medians of the
wall time and of the CPU time (every thread of the process), since the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from alliance.loader import read_table  # noqa: E402
from alliance.mobility.normalise import connect  # noqa: E402
from alliance.mobility.query import Mobility  # noqa: E402
from alliance.mobility.sample import members_from, write  # noqa: E402
from alliance.schema import TABLES_BY_NAME  # noqa: E402

IMPORT = """
import resource, sys, time
from pathlib import Path
from alliance.mobility.imports import import_files
started, cpu = time.perf_counter(), time.process_time()
outcomes = import_files(Path(sys.argv[1]), [Path(p) for p in sys.argv[2:]])
assert [o.status for o in outcomes] == ["imported"] * len(outcomes), outcomes
print(time.perf_counter() - started, time.process_time() - cpu,
      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _child_import(folder: Path, paths: list[Path]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak MB of an import in a fresh process."""
    done = subprocess.run([sys.executable, "-c", IMPORT, str(folder), *map(str, paths)],
                          cwd=ROOT, check=True, capture_output=True, text=True)
    seconds, cpu, kib = done.stdout.split()[-3:]
    return float(seconds), float(cpu), int(kib) / 1024


def _duckdb_alone(path: Path, out: Path) -> tuple[float, float]:
    con = connect()
    started, cpu = time.perf_counter(), time.process_time()
    con.execute(f"COPY (SELECT * FROM read_csv('{path}', delim=';', header=true)) TO '{out}' "
                "(FORMAT parquet, COMPRESSION zstd)").fetchall()
    seconds = time.perf_counter() - started, time.process_time() - cpu
    con.close()
    return seconds


def _page_rerun(folder: Path) -> float:
    import os

    from streamlit.testing.v1 import AppTest

    os.environ["ALLIANCE_DATA_DIR"] = str(folder)
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    app.run()
    app.switch_page("pages/mobility.py").run()
    best = 1e9
    for _ in range(5):
        started = time.perf_counter()
        app.run()
        best = min(best, time.perf_counter() - started)
    assert not app.exception
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--total", type=int, default=3_100_000)
    parser.add_argument("--files", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-total", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-mobility-"))
    figures: dict[str, object] = {"rows": args.rows}
    try:
        data = work / "data"
        shutil.copytree(ROOT / "data", data)
        universities = read_table(data, TABLES_BY_NAME["universities"]).frame
        members = members_from(universities)
        one, = write(work / "one", members, args.rows, "2014", first_year=2019)
        runs, alone_runs = [], []
        for turn in range(args.repeat):
            fresh = work / f"data{turn}"
            shutil.copytree(ROOT / "data", fresh)
            runs.append(_child_import(fresh, [one]))
            shutil.rmtree(fresh)
            alone_runs.append(_duckdb_alone(one, work / "alone.parquet"))
        ours = statistics.median(r[0] for r in runs)
        ours_cpu = statistics.median(r[1] for r in runs)
        peak = max(r[2] for r in runs)
        alone = statistics.median(r[0] for r in alone_runs)
        alone_cpu = statistics.median(r[1] for r in alone_runs)
        figures.update(import_s=round(ours, 2), duckdb_read_csv_s=round(alone, 2),
                       ratio=round(ours / alone, 2), import_cpu_s=round(ours_cpu, 2),
                       duckdb_read_csv_cpu_s=round(alone_cpu, 2),
                       cpu_ratio=round(ours_cpu / alone_cpu, 2), import_peak_mb=round(peak),
                       import_runs=[[round(v, 2) for v in r] for r in runs],
                       duckdb_runs=[[round(v, 2) for v in r] for r in alone_runs])
        print(f"import {args.rows:,} rows, median of {args.repeat}: {ours:.2f} s, CPU "
              f"{ours_cpu:.2f} s (peak {peak:.0f} MB); DuckDB read_csv to Parquet: "
              f"{alone:.2f} s, CPU {alone_cpu:.2f} s; ratio {ours / alone:.2f}, "
              f"CPU {ours_cpu / alone_cpu:.2f}")
        if not args.skip_total:
            big = work / "big"
            shutil.copytree(ROOT / "data", big)
            paths = write(work / "six", members, args.total, "2014", files=args.files)
            seconds, _, peak = _child_import(big, paths)
            figures.update(total_rows=args.total, total_import_s=round(seconds, 1),
                           total_peak_mb=round(peak))
            print(f"import {args.total:,} rows in {args.files} files: {seconds:.1f} s, "
                  f"peak {peak:.0f} MB")
            data = big
        mobility = Mobility(data, read_table(data, TABLES_BY_NAME["universities"]).frame)
        mobility.flows()
        best = 1e9
        for _ in range(10):
            started = time.perf_counter()
            mobility.flows()
            best = min(best, time.perf_counter() - started)
        rows = sum(e.rows for e in mobility.imports)
        figures.update(flows_rows=rows, flows_ms=round(best * 1000, 1))
        print(f"flows query over {rows:,} rows: {best * 1000:.1f} ms")
        mobility.close()
        rerun = _page_rerun(data)
        figures["page_rerun_ms"] = round(rerun * 1000)
        print(f"Mobility page warm rerun: {rerun * 1000:.0f} ms")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out = ROOT / "benchmarks" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "mobility.json").write_text(json.dumps(figures, indent=1), encoding="utf-8")
    print(f"self peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
