"""Speed of the opportunities explorer on synthetic activities (benchmarks/generate.py).

Measures, side by side in one run:
- applying a filter spec to the prepared table of 100k and 1M activities (targets: < 50 ms
  and < 500 ms), for several specs a reader would build, best and median of N runs;
- preparing the table once per data version (cached by the app, reported for context);
- the Opportunities page's warm rerun in AppTest on 100k rows (target: < 300 ms median).

    .venv/bin/python benchmarks/bench_explorer.py [--quick] [--runs 15]

Prints a Markdown table and writes benchmarks/out/results-explorer.json. A missed target is
flagged; the exit status is 0 unless something crashes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from alliance.filters import FilterSpec, apply, prepare  # noqa: E402
from alliance.validate import check_folder  # noqa: E402
from benchmarks.generate import OUT_DIR, generate  # noqa: E402

RESULTS = OUT_DIR / "results-explorer.json"
TODAY = dt.date(2026, 11, 28)
TARGET_MS = {100_000: 50.0, 1_000_000: 500.0}
PAGE_TARGET_MS = 300.0
SPECS = {
    "online courses for students in English, open now": FilterSpec(
        kind=("online course",), audience=("students",), language=("en",), window="open_now"),
    "UPHF, starting in the next 12 weeks": FilterSpec(host=("UPHF",), window="soon", weeks=12),
    "staff mobility in Sweden or Finland": FilterSpec(kind=("staff mobility",),
                                                      country=("SE", "FI")),
    "text search 'benchmark row 12' + ECTS 3-10": FilterSpec(text="benchmark row 12",
                                                             ects_min=3, ects_max=10),
    "everything at once": FilterSpec(
        audience=("students", "staff"), kind=("online course", "MOOC", "summer school"),
        mode=("online", "blended"), language=("en", "fr"), project=("EUNICE4U", "NONE"),
        window="custom", date_from=dt.date(2024, 1, 1), date_to=dt.date(2027, 12, 31),
        ects_min=1, text="synthetic"),
}


def timed(run: object, repeats: int) -> tuple[float, float]:
    """Best and median wall time of `run()` in milliseconds."""
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        run()  # type: ignore[operator]
        times.append((time.perf_counter() - began) * 1000)
    return min(times), statistics.median(times)


def filter_figures(rows: int, repeats: int) -> list[dict[str, object]]:
    folder = generate(rows, OUT_DIR / f"data-{rows}", reuse=True)
    report = check_folder(folder)
    tables = {name: r.typed for name, r in report.results.items()}
    began = time.perf_counter()
    frame = prepare(tables["activities"], tables["universities"])
    prepare_ms = (time.perf_counter() - began) * 1000
    figures = []
    for label, spec in SPECS.items():
        kept = len(apply(frame, spec, TODAY))
        best, median = timed(lambda s=spec: apply(frame, s, TODAY), repeats)
        figures.append({"rows": rows, "spec": label, "kept": kept, "best_ms": round(best, 1),
                        "median_ms": round(median, 1), "target_ms": TARGET_MS[rows],
                        "met": median < TARGET_MS[rows], "prepare_ms": round(prepare_ms)})
    return figures


def page_figures(rows: int, runs: int) -> list[dict[str, object]]:
    from streamlit.testing.v1 import AppTest

    folder = generate(rows, OUT_DIR / f"data-{rows}", reuse=True)
    os.environ["ALLIANCE_DATA_DIR"] = str(folder)
    os.environ["ALLIANCE_STATE_DIR"] = str(OUT_DIR / "state")
    figures = []
    for label, params in (("no filter", {}),
                          ("students, online course, open now",
                           {"audience": "students", "kind": "online course",
                            "window": "open_now"})):
        app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
        app.query_params["lang"] = "en"
        app.run()
        app.switch_page("pages/opportunities.py")
        for key, value in params.items():
            app.query_params[key] = value
        began = time.perf_counter()
        app.run()
        cold = (time.perf_counter() - began) * 1000
        if app.exception:
            raise SystemExit(f"page failed: {app.exception[0].value}")
        times = []
        for _ in range(runs):
            began = time.perf_counter()
            app.run()
            times.append((time.perf_counter() - began) * 1000)
        times.sort()
        median = statistics.median(times)
        figures.append({"rows": rows, "view": label, "cold_ms": round(cold),
                        "median_ms": round(median, 1),
                        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
                        "target_ms": PAGE_TARGET_MS, "met": median < PAGE_TARGET_MS})
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 1M-row size")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    sizes = [100_000] if args.quick else [100_000, 1_000_000]
    filters = [f for rows in sizes for f in filter_figures(rows, args.runs)]
    pages = page_figures(100_000, args.runs)

    print("| rows | filter spec | rows kept | best ms | median ms | target | met |")
    print("|---:|---|---:|---:|---:|---:|---|")
    for f in filters:
        print(f"| {f['rows']:,} | {f['spec']} | {f['kept']:,} | {f['best_ms']} | "
              f"{f['median_ms']} | < {f['target_ms']:.0f} ms | {'yes' if f['met'] else 'NO'} |")
    for rows in sizes:
        prepared = next(f["prepare_ms"] for f in filters if f["rows"] == rows)
        print(f"\nPreparing {rows:,} rows for filtering (once per data version): {prepared} ms")
    print("\n| rows | page view | cold ms | warm median ms | warm p95 ms | target | met |")
    print("|---:|---|---:|---:|---:|---:|---|")
    for p in pages:
        print(f"| {p['rows']:,} | {p['view']} | {p['cold_ms']} | {p['median_ms']} | "
              f"{p['p95_ms']} | < {p['target_ms']:.0f} ms | {'yes' if p['met'] else 'NO'} |")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"filters": filters, "page": pages}, indent=1),
                       encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
