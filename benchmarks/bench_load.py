"""Load and validation speed against a plain pandas read, at 10k, 100k and 1M activities.

For each size: (a) `pandas.read_csv(activities.csv, dtype=str)` and (b) the app's full load and
validation of the same folder, `alliance.validate.check_folder(folder)`, timed side by side,
best of N repeats. Peak memory of (b) at the largest size is measured in a fresh subprocess,
next to the peak of a subprocess that only imports the code.

    .venv/bin/python benchmarks/bench_load.py            # 10k, 100k, 1M
    .venv/bin/python benchmarks/bench_load.py --quick    # 10k, 100k

Prints a Markdown table and writes benchmarks/out/results-load.json. Targets that are missed
are flagged in the output; the exit status is 0 unless something crashes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from alliance.validate import check_folder  # noqa: E402
from benchmarks.generate import DEFAULT_SEED, OUT_DIR, generate  # noqa: E402

SIZES = {10_000: 3, 100_000: 3, 1_000_000: 2}  # rows: repeats
QUICK_SIZES = {10_000: 3, 100_000: 3}
RATIO_TARGET = 3.0  # (b)/(a) at 100k
SCALING_TARGET = 12.0  # (b) at 1M / (b) at 100k
MEMORY_TARGET_MB = 2048.0  # peak of (b) at 1M
RESULTS = OUT_DIR / "results-load.json"

# Run in a fresh interpreter: the child measured, so RUSAGE_CHILDREN holds only its peak.
MEASURE = """
import resource, subprocess, sys
subprocess.run([sys.executable, "-c", sys.argv[1]], check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""
IMPORT_ONLY = "import alliance.validate"
VALIDATE = """
from pathlib import Path
from alliance.validate import check_folder
report = check_folder(Path({folder!r}))
assert report.clean, "validation found errors"
"""


def folder_for(rows: int) -> Path:
    """The synthetic folder of that size, written on first use and reused after."""
    began = time.perf_counter()
    folder = generate(rows, OUT_DIR / f"data-{rows}", DEFAULT_SEED, reuse=True)
    print(f"data for {rows:,} rows ready in {time.perf_counter() - began:.1f} s", file=sys.stderr)
    return folder


def best_of(repeats: int, run: object) -> tuple[float, float, object]:
    """The fastest of `repeats` runs in wall-clock seconds, the least CPU seconds of this
    process (all threads) over the same runs, and the last run's result."""
    best, cpu, result = float("inf"), float("inf"), None
    for _ in range(repeats):
        result = None
        gc.collect()
        began, began_cpu = time.perf_counter(), time.process_time()
        result = run()  # type: ignore[operator]
        best = min(best, time.perf_counter() - began)
        cpu = min(cpu, time.process_time() - began_cpu)
    return best, cpu, result


def peak_mb(code: str) -> float:
    """Peak resident memory of a fresh `python -c code`, in MiB (ru_maxrss is KiB on Linux)."""
    done = subprocess.run([sys.executable, "-c", MEASURE, code], check=True, cwd=ROOT,
                          capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    return int(done.stdout.split()[-1]) / 1024


def measure(rows: int, repeats: int) -> dict[str, object]:
    folder = folder_for(rows)
    path = folder / "activities.csv"
    # One untimed pass each, so both sides start with the file in the page cache.
    pd.read_csv(path, dtype=str)
    check_folder(folder)
    plain, plain_cpu, frame = best_of(repeats, lambda: pd.read_csv(path, dtype=str))
    assert len(frame) == rows  # type: ignore[arg-type]
    del frame
    ours, ours_cpu, report = best_of(repeats, lambda: check_folder(folder))
    activities = report.results["activities"]  # type: ignore[attr-defined]
    errors = sum(r.errors for r in report.results.values())  # type: ignore[attr-defined]
    warnings = sum(r.warnings for r in report.results.values())  # type: ignore[attr-defined]
    if rows >= 100_000:
        assert errors == 0, f"{errors} validation errors at {rows} rows: not the real path"
    assert activities.rows == rows and len(activities.typed) == rows
    del report
    return {"rows": rows, "repeats": repeats, "file_mb": round(path.stat().st_size / 2**20, 1),
            "read_csv_s": round(plain, 4), "check_folder_s": round(ours, 4),
            "ratio": round(ours / plain, 2), "read_csv_cpu_s": round(plain_cpu, 4),
            "check_folder_cpu_s": round(ours_cpu, 4), "cpu_ratio": round(ours_cpu / plain_cpu, 2),
            "errors": errors, "warnings": warnings}


def verdict(met: bool) -> str:
    return "met" if met else "NOT MET"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time load + validation against read_csv.")
    parser.add_argument("--quick", action="store_true", help="skip the 1M-row size")
    parser.add_argument("--repeats-1m", type=int, default=SIZES[1_000_000], choices=(1, 2, 3),
                        help="repeats at 1M rows (default 2)")
    args = parser.parse_args(argv)
    sizes = dict(QUICK_SIZES if args.quick else SIZES)
    if 1_000_000 in sizes:
        sizes[1_000_000] = args.repeats_1m

    load = os.getloadavg()
    runs = []
    for rows, repeats in sizes.items():
        runs.append(measure(rows, repeats))
        print(f"{rows:>9,} rows: read_csv {runs[-1]['read_csv_s']:.3f} s, "
              f"check_folder {runs[-1]['check_folder_s']:.3f} s", file=sys.stderr)
    by_rows = {r["rows"]: r for r in runs}

    targets: list[dict[str, object]] = []
    ratio = by_rows[100_000]["ratio"]
    targets.append({"name": "check_folder / read_csv at 100k", "value": ratio,
                    "target": f"<= {RATIO_TARGET:g}x", "met": ratio <= RATIO_TARGET})
    memory: dict[str, float] = {}
    largest = max(by_rows)
    if 1_000_000 in by_rows:
        scaling = round(by_rows[1_000_000]["check_folder_s"] / by_rows[100_000]["check_folder_s"],
                        2)
        targets.append({"name": "check_folder 1M / 100k", "value": scaling,
                        "target": f"<= {SCALING_TARGET:g}x", "met": scaling <= SCALING_TARGET})
    memory["import_only_mb"] = round(peak_mb(IMPORT_ONLY), 1)
    memory["check_folder_mb"] = round(peak_mb(VALIDATE.format(folder=str(folder_for(largest)))),
                                      1)
    memory["rows"] = largest
    if largest == 1_000_000:
        targets.append({"name": "check_folder peak memory at 1M (MiB)",
                        "value": memory["check_folder_mb"], "target": f"< {MEMORY_TARGET_MB:g}",
                        "met": memory["check_folder_mb"] < MEMORY_TARGET_MB})

    lines = ["| rows | file (MiB) | repeats | (a) read_csv (s) | (b) check_folder (s) | (b)/(a) "
             "| (a) CPU (s) | (b) CPU (s) | (b)/(a) CPU |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {r['rows']:,} | {r['file_mb']} | {r['repeats']} | {r['read_csv_s']:.3f} | "
              f"{r['check_folder_s']:.3f} | {r['ratio']:.2f}x | {r['read_csv_cpu_s']:.3f} | "
              f"{r['check_folder_cpu_s']:.3f} | {r['cpu_ratio']:.2f}x |" for r in runs]
    lines += ["", f"Peak RSS at {largest:,} rows (fresh subprocess): import only "
              f"{memory['import_only_mb']:.0f} MiB, check_folder {memory['check_folder_mb']:.0f}"
              f" MiB (+{memory['check_folder_mb'] - memory['import_only_mb']:.0f} MiB)", "",
              "| target | value | goal | status |", "|---|---:|---:|---|"]
    lines += [f"| {t['name']} | {t['value']} | {t['target']} | {verdict(bool(t['met']))} |"
              for t in targets]
    after = os.getloadavg()
    lines += ["", f"Targets use wall-clock times. Machine: {os.cpu_count()} CPUs, load average "
              f"{load[0]:.2f} before and {after[0]:.2f} after the run."]
    print("\n".join(lines))

    machine = {"python": platform.python_version(), "pandas": pd.__version__,
               "platform": platform.platform(), "cpus": os.cpu_count(),
               "processor": platform.processor() or platform.machine(),
               "load_average_before": [round(x, 2) for x in load],
               "load_average_after": [round(x, 2) for x in after]}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "machine": machine,
        "runs": runs, "peak_memory": memory, "targets": targets,
        "self_rusage_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }, indent=1) + "\n", encoding="utf-8")
    print(f"\nwrote {RESULTS.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
