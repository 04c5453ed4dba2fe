"""Board pack speed: the PowerPoint and the PDF of the bundled data, in both languages.

Times what a reader waits for after clicking a download in meeting mode: building the slides
from the loaded data and writing the file (the data is loaded once beforehand, as the app has
it in its cache). Best of N runs after one untimed warm-up run (imports, font registration);
the cold first run is reported too, since the first download after a server start pays it.

    .venv/bin/python benchmarks/bench_report.py [--repeats 5]

Prints a Markdown table and writes benchmarks/out/results-report.json. Targets that are missed
are flagged; the exit status is 0 unless something crashes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from alliance.dataset import load_dataset  # noqa: E402

OUT_DIR = ROOT / "benchmarks" / "out"
RESULTS = OUT_DIR / "results-report.json"
TARGETS = {"pptx": 3.0, "pdf": 5.0}  # seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as keep:
        data = load_dataset(ROOT / "data", Path(keep))
    today = dt.date.today()
    rows = []
    for fmt in ("pptx", "pdf"):
        for lang in ("en", "fr"):
            started = time.perf_counter()
            from alliance.report import build_pack, render

            body = render(build_pack(data, lang, today), fmt)
            cold = time.perf_counter() - started
            times = []
            for _ in range(args.repeats):
                started = time.perf_counter()
                body = render(build_pack(data, lang, today), fmt)
                times.append(time.perf_counter() - started)
            best = min(times)
            rows.append({"format": fmt, "lang": lang, "cold_s": round(cold, 3),
                         "best_s": round(best, 3), "bytes": len(body),
                         "target_s": TARGETS[fmt], "met": best < TARGETS[fmt]})
    print(f"| format | lang | first run (s) | best of {args.repeats} (s) | size (KB) | target |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        flag = "" if row["met"] else " **MISSED**"
        print(f"| {row['format']} | {row['lang']} | {row['cold_s']:.2f} | {row['best_s']:.2f} "
              f"| {row['bytes'] / 1024:.0f} | < {row['target_s']:.0f} s{flag} |")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        "when": dt.datetime.now().isoformat(timespec="seconds"),
        "python": platform.python_version(), "cpus": os.cpu_count(),
        "load_average": os.getloadavg(), "results": rows}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
