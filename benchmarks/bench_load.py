"""Validated load of a data folder, whole command, beside a plain pyarrow read of the same file.

For 100k and 1M activities (synthetic folders from `generate.py`), side by side in one run,
each a whole command in a fresh interpreter, timed from start to exit, with its peak resident
memory (the child's own `ru_maxrss`, from `os.wait4`):

- (a) `python -c "import pyarrow.csv; pyarrow.csv.read_csv(FILE)"`: a plain read of
  activities.csv, every core Arrow wants, types inferred;
- (b) `python -m alliance validate FOLDER`: what an analyst runs, exit 0 on a clean folder,
  here proven clean table by table, check by check, over Arrow alone (`alliance.proof`);
- (c) `python -c "import pandas; pandas.read_csv(FILE, dtype=str)"`, for context;
- (d) (b) on a copy of the folder whose last activity ends before it starts: the quick proof
  that a clean folder is clean (`alliance.proof`) fails, and the validator then locates the
  mistake, as for any folder with a problem.

One untimed run of each first (the file in the page cache), then `--repeats N` (5) rounds,
the commands in turn in each round; medians are reported. Targets at 1M: (b) within
2x of (a), and (b)'s peak memory under 1 GB. `--baseline DIR` adds (b) as another checkout
of the code at DIR runs it (`git worktree add DIR main`, say), in the same rounds, so a
change is measured before and after side by side (on both folders).

    .venv/bin/python benchmarks/bench_load.py            # 100k and 1M (about 2 minutes)
    .venv/bin/python benchmarks/bench_load.py --quick    # 100k only
    .venv/bin/python benchmarks/bench_load.py --baseline ../main

Prints a Markdown table and writes benchmarks/out/results-load.json. Targets that are missed
are flagged in the output; the exit status is 0 unless something crashes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.generate import DEFAULT_SEED, OUT_DIR, generate  # noqa: E402

SIZES = (100_000, 1_000_000)
RATIO_TARGET = 2.0  # (b)/(a) at 1M, wall time
MEMORY_TARGET_MB = 1000.0  # (b)'s peak at 1M, in MB (10^6 bytes)
RESULTS = OUT_DIR / "results-load.json"
PYARROW = "pyarrow.csv.read_csv"
VALIDATE = "python -m alliance validate"
PANDAS = "pandas.read_csv(dtype=str)"
BASELINE = "python -m alliance validate (baseline)"
MISTAKE = "python -m alliance validate, one mistake in the last row"
BASELINE_MISTAKE = "python -m alliance validate, one mistake in the last row (baseline)"
EXIT = {MISTAKE: 1, BASELINE_MISTAKE: 1}  # the command's exit status when it finds a problem


def with_mistake(folder: Path) -> Path:
    """A copy of `folder` whose last activity ends a year before it starts (made once,
    edited in place: this process stays small, since each command it starts inherits its
    peak memory in `ru_maxrss`)."""
    copy = folder.with_name(folder.name + "-mistake")
    source = folder / "activities.csv"
    target = copy / "activities.csv"
    if target.is_file() and target.stat().st_size == source.stat().st_size:
        return copy
    copy.mkdir(exist_ok=True)
    for path in folder.iterdir():
        shutil.copyfile(path, copy / path.name)
    with source.open("rb") as handle:
        header = handle.readline().rstrip(b"\n").split(b",")
    with target.open("r+b") as handle:
        size = handle.seek(0, os.SEEK_END)
        tail_at = max(0, size - 65_536)
        handle.seek(tail_at)
        tail = handle.read()
        start, end = header.index(b"start"), header.index(b"end")
        last = len(tail) - 1
        while True:  # the last row with both dates: its end's year a year before its start's
            last = tail.rindex(b"\n", 0, last) + 1
            line = tail[last:tail.index(b"\n", last)].split(b",")
            if len(line[start]) >= 4 and len(line[end]) >= 4:
                break
            last -= 1
        line[end] = b"%04d" % (int(line[start][:4]) - 1) + line[end][4:]
        handle.seek(tail_at + last)
        handle.write(b",".join(line))  # the same length: written in place
    return copy


def commands(folder: Path, baseline: Path | None = None
             ) -> dict[str, tuple[list[str], Path]]:
    """Each command and the checkout it runs in."""
    file = str(folder / "activities.csv")
    named = {
        PYARROW: ([sys.executable, "-c", f"import pyarrow.csv; pyarrow.csv.read_csv({file!r})"],
                  ROOT),
        VALIDATE: ([sys.executable, "-m", "alliance", "validate", str(folder)], ROOT),
        PANDAS: ([sys.executable, "-c", f"import pandas; pandas.read_csv({file!r}, dtype=str)"],
                 ROOT),
    }
    if baseline is not None:
        named[BASELINE] = ([sys.executable, "-m", "alliance", "validate", str(folder)], baseline)
    mistake = str(with_mistake(folder))
    named[MISTAKE] = ([sys.executable, "-m", "alliance", "validate", mistake], ROOT)
    if baseline is not None:
        named[BASELINE_MISTAKE] = ([sys.executable, "-m", "alliance", "validate", mistake],
                                   baseline)
    return named


def run(command: list[str], root: Path = ROOT, expect: int = 0) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak RSS in MB of one whole command,
    run from the checkout at `root`."""
    began = time.perf_counter()
    child = subprocess.Popen(command, cwd=root, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(root)})
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - began
    child.returncode = os.waitstatus_to_exitcode(status)
    said = child.stderr.read().decode(errors="replace") if child.stderr else ""
    if child.stderr:
        child.stderr.close()
    if child.returncode != expect:
        raise RuntimeError(f"{command[1:]} exited {child.returncode}: {said[-400:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024 / 1e6


def measure(rows: int, repeats: int, baseline: Path | None = None) -> dict[str, object]:
    began = time.perf_counter()
    folder = generate(rows, OUT_DIR / f"data-{rows}", DEFAULT_SEED, reuse=True)
    print(f"data for {rows:,} rows ready in {time.perf_counter() - began:.1f} s", file=sys.stderr)
    named = commands(folder, baseline)
    for name, (command, root) in named.items():  # untimed: the file in the page cache, .pyc
        run(command, root, EXIT.get(name, 0))
    samples: dict[str, list[tuple[float, float, float]]] = {name: [] for name in named}
    for round_ in range(repeats):
        for name, (command, root) in named.items():
            samples[name].append(run(command, root, EXIT.get(name, 0)))
        print(f"{rows:>9,} rows, round {round_ + 1}/{repeats}: " + ", ".join(
            f"{name} {samples[name][-1][0]:.2f} s" for name in named), file=sys.stderr)
    figures = {name: {"wall_s": round(statistics.median(s[0] for s in runs), 3),
                      "cpu_s": round(statistics.median(s[1] for s in runs), 3),
                      "peak_mb": round(statistics.median(s[2] for s in runs), 1),
                      "wall_all_s": [round(s[0], 3) for s in runs]}
               for name, runs in samples.items()}
    return {"rows": rows, "repeats": repeats,
            "file_mb": round((folder / "activities.csv").stat().st_size / 1e6, 1),
            "commands": figures,
            "ratio": round(figures[VALIDATE]["wall_s"] / figures[PYARROW]["wall_s"], 2)}


def verdict(met: bool) -> str:
    return "met" if met else "NOT MET"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100k rows only")
    parser.add_argument("--repeats", type=int, default=5, help="timed rounds (default 5)")
    parser.add_argument("--baseline", type=Path, default=None,
                        help="another checkout whose validate command runs in the same rounds")
    args = parser.parse_args(argv)
    sizes = SIZES[:1] if args.quick else SIZES
    baseline = args.baseline.resolve() if args.baseline else None
    if baseline is not None and not (baseline / "alliance" / "__main__.py").is_file():
        parser.error(f"{baseline} is not a checkout of this project")

    load = os.getloadavg()
    runs = [measure(rows, args.repeats, baseline) for rows in sizes]
    after = os.getloadavg()

    lines = ["| rows | file (MB) | command | wall (s, median) | CPU (s) | peak RSS (MB) "
             "| wall / pyarrow |", "|---:|---:|---|---:|---:|---:|---:|"]
    for r in runs:
        base = r["commands"][PYARROW]["wall_s"]
        for name, f in r["commands"].items():
            lines.append(f"| {r['rows']:,} | {r['file_mb']} | {name} | {f['wall_s']:.2f} | "
                         f"{f['cpu_s']:.2f} | {f['peak_mb']:.0f} | {f['wall_s'] / base:.2f}x |")
    targets: list[dict[str, object]] = []
    largest = next((r for r in runs if r["rows"] == 1_000_000), None)
    if largest is not None:
        ours = largest["commands"][VALIDATE]
        targets += [{"name": "validate / pyarrow read_csv at 1M, whole commands",
                     "value": largest["ratio"], "target": f"<= {RATIO_TARGET:g}x",
                     "met": largest["ratio"] <= RATIO_TARGET},
                    {"name": "validate peak memory at 1M (MB)", "value": ours["peak_mb"],
                     "target": f"< {MEMORY_TARGET_MB:g}",
                     "met": ours["peak_mb"] < MEMORY_TARGET_MB}]
        lines += ["", "| target | value | goal | status |", "|---|---:|---:|---|"]
        lines += [f"| {t['name']} | {t['value']} | {t['target']} | {verdict(bool(t['met']))} |"
                  for t in targets]
    lines += ["", f"Medians of {args.repeats} rounds; wall-clock times. Machine: "
              f"{os.cpu_count()} CPUs, load average {load[0]:.2f} before and {after[0]:.2f} "
              "after the run (another process on the same cores slows every command)."]
    print("\n".join(lines))

    machine = {"python": platform.python_version(), "platform": platform.platform(),
               "cpus": os.cpu_count(), "processor": platform.processor() or platform.machine(),
               "load_average_before": [round(x, 2) for x in load],
               "load_average_after": [round(x, 2) for x in after]}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "machine": machine,
        "runs": runs, "targets": targets}, indent=1) + "\n", encoding="utf-8")
    print(f"\nwrote {RESULTS.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
