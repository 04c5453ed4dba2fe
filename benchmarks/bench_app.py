"""Warm rerun time of the app's pages in Streamlit's AppTest, on the bundled data.

For the Overview (the default page) and then Data health: one cold run, then N warm reruns
(`at.run()` again with the same session, so the cached dataset is reused); reports median
and p95 of the warm reruns. Target: Overview median < 150 ms.

    .venv/bin/python benchmarks/bench_app.py [--runs 20]

Prints a Markdown table and writes benchmarks/out/results-app.json. A missed target is flagged
in the output; the exit status is 0 unless something crashes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "benchmarks" / "out"
RESULTS = OUT_DIR / "results-app.json"
MEDIAN_TARGET_MS = 150.0
PAGES = (("Overview", None), ("Data health", "pages/data_health.py"))


def _problems(at: object) -> list[str]:
    """Anything on the page that says the run went wrong."""
    found = [f"exception: {e.value}" for e in at.exception]  # type: ignore[attr-defined]
    found += [f"error: {e.value}" for e in at.error]  # type: ignore[attr-defined]
    return found


def measure(runs: int) -> list[dict[str, object]]:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    results = []
    for name, page in PAGES:
        if page:
            at.switch_page(page)
        began = time.perf_counter()
        at.run()
        cold = time.perf_counter() - began
        if problems := _problems(at):
            raise SystemExit(f"{name} did not render cleanly: {problems}")
        title = at.title[0].value if len(at.title) else ""
        warm = []
        for _ in range(runs):
            began = time.perf_counter()
            at.run()
            warm.append(time.perf_counter() - began)
        if problems := _problems(at):
            raise SystemExit(f"{name} failed on a warm rerun: {problems}")
        ms = np.array(warm) * 1000
        results.append({"page": name, "title": title, "cold_ms": round(cold * 1000, 1),
                        "runs": runs, "median_ms": round(statistics.median(ms), 1),
                        "p95_ms": round(float(np.percentile(ms, 95)), 1),
                        "min_ms": round(float(ms.min()), 1), "max_ms": round(float(ms.max()), 1),
                        "elements": len(list(at.main))})
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time warm reruns of the app's pages.")
    parser.add_argument("--runs", type=int, default=20, help="warm reruns per page")
    args = parser.parse_args(argv)

    # The bundled data, and the app's last-valid copies kept out of the home folder.
    from alliance.files import DATA_DIR_VARIABLE, DEFAULT_DATA_DIR

    os.environ[DATA_DIR_VARIABLE] = str(DEFAULT_DATA_DIR)
    os.environ["ALLIANCE_STATE_DIR"] = str(OUT_DIR / "state")
    os.chdir(ROOT)
    load = os.getloadavg()
    results = measure(args.runs)

    overview = results[0]
    met = float(overview["median_ms"]) < MEDIAN_TARGET_MS  # type: ignore[arg-type]
    lines = ["| page | cold run (ms) | warm runs | median (ms) | p95 (ms) | min (ms) | max (ms) |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {r['page']} | {r['cold_ms']} | {r['runs']} | {r['median_ms']} | "
              f"{r['p95_ms']} | {r['min_ms']} | {r['max_ms']} |" for r in results]
    lines += ["", "| target | value | goal | status |", "|---|---:|---:|---|",
              f"| Overview warm rerun, median (ms) | {overview['median_ms']} | "
              f"< {MEDIAN_TARGET_MS:g} | {'met' if met else 'NOT MET'} |"]
    print("\n".join(lines))

    import streamlit

    machine = {"python": platform.python_version(), "streamlit": streamlit.__version__,
               "platform": platform.platform(), "cpus": os.cpu_count(),
               "load_average_before": [round(x, 2) for x in load],
               "load_average_after": [round(x, 2) for x in os.getloadavg()]}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "machine": machine,
        "data": str(DEFAULT_DATA_DIR.relative_to(ROOT)), "pages": results,
        "targets": [{"name": "Overview warm rerun median (ms)", "value": overview["median_ms"],
                     "target": f"< {MEDIAN_TARGET_MS:g}", "met": met}],
    }, indent=1) + "\n", encoding="utf-8")
    print(f"\nwrote {RESULTS.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    sys.exit(main())
