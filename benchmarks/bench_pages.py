"""First chart of every page in Chromium, beside a minimal one-chart Streamlit app.

1. Warm server: the app and the minimal page (`bench_map_timeline.MINIMAL_PAGE`) are served side by
   side on the bundled data (with a synthetic Erasmus+ import, so the Mobility page has its
   chart). After one untimed round, each page is opened `--paints N` (9) times, each time in
   a fresh browser context, round-robin with the minimal page, and timed from navigation to
   its first chart drawn. Target: each page's median within 1.2 x the minimal page's median
   of the same run.
   Beside the Overview, a third app (`MATCHED_PAGE`) with the Overview's kinds of elements and
   nothing computed is timed too, and the Overview against it: what is left of its ratio
   to the minimal app once the frontend's cost of those elements is on both sides.
2. Fresh server: `--starts N` (5) times, the app and the minimal page are started anew and
   their first visitor opens the Overview (the minimal page) as soon as the server answers
   its health check: time from navigation to the first chart drawn. Target: the app's
   median within 1.5 x the minimal app's median of the same run.

    .venv/bin/python benchmarks/bench_pages.py [--paints 9] [--starts 5]

"First chart" is the first plotly chart with its marks drawn. Exceptions, said in the table:
the Map and Meeting mode (whose first chart is the map, slide 2) wait for the countries'
geometry painted; Data health has no chart, so its problems table's grid is waited for.

Prints a Markdown table and writes benchmarks/out/results-pages.json; the exit status is 0
unless something crashes (a missed target is flagged in the table).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_map_timeline import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    MAP_DRAWN,
    MINIMAL_PAGE,
    OUT_DIR,
    percentile,
    serve,
    visit,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser

RESULTS = OUT_DIR / "results-pages.json"
WARM_RATIO = 1.2
FRESH_RATIO = 1.5
# Any plotly chart with drawn marks: bars, lines and markers (cartesian or on a map), heatmaps.
CHART_DRAWN = ("() => [...document.querySelectorAll('.js-plotly-plot')].some(p => p.querySelector("
               "'.main-svg g.trace path, .main-svg g.trace image, .main-svg g.hm image'))")
GRID_DRAWN = ("() => { const c = document.querySelector('[data-testid=\"stDataFrame\"] canvas'); "
              "return !!c && c.width > 0 && c.height > 0; }")
# (name, address under the server, what counts as drawn, how the wait is said in the table)
PAGES = (
    ("Overview", "/?lang=en", CHART_DRAWN, "chart"),
    ("Opportunities", "/opportunities?lang=en", CHART_DRAWN, "chart"),
    ("Map", "/map?lang=en", MAP_DRAWN, "map geometry"),
    ("Timeline", "/timeline?lang=en", CHART_DRAWN, "chart"),
    ("Mobility", "/mobility?lang=en", CHART_DRAWN, "chart"),
    ("Progress", "/progress?lang=en", CHART_DRAWN, "chart"),
    ("Meeting", "/meeting?lang=en&slide=2", MAP_DRAWN, "map geometry, slide 2"),
    ("Data health", "/data_health?lang=en", GRID_DRAWN, "table grid (no chart)"),
)
MINIMAL = "minimal one-chart app"
MATCHED = "minimal app with the Overview's kinds of elements"
# The Overview's kinds of elements, in its order, with nothing computed: a hidden navigation
# and page links, a radio, a toggle and captions in the sidebar; a title, text, two rows of
# metrics with help and a note, columns, subheaders, tables (st.table) and one chart. What
# it takes beside the minimal app is what those kinds of elements cost Streamlit's frontend.
MATCHED_PAGE = '''import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="Matched", layout="wide")


def overview():
    st.title("Matched")
    st.markdown("A line of text under the title.")
    st.caption("A caption.")
    for row in (4, 3):
        for i, col in enumerate(st.columns(row)):
            col.metric(f"Figure {i}", "1,234", help="What it counts", delta="incl. 2 examples",
                       delta_color="off", delta_arrow="off")
    st.caption("Figures as of today.")
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.subheader("Key dates")
        st.table({"Date": [f"2024-0{i}-01" for i in range(1, 8)],
                  "What": [f"Event {i}" for i in range(7)]}, hide_index=True)
    with right:
        st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[1, 3, 2])), key="only")
    st.subheader("Next")
    st.table({"When": ["soon"] * 5, "What": [f"Activity {i}" for i in range(5)]},
             hide_index=True)


def other():
    st.title("Other")


pages = [st.Page(overview, title="Overview", default=True), st.Page(other, title="Other")]
navigation = st.navigation(pages, position="hidden")
with st.sidebar:
    for page in pages:
        st.page_link(page, label=page.title)
    st.radio("Language", ["English", "Français"], horizontal=True)
    st.toggle("Show examples")
    st.caption("Alliance")
navigation.run()
'''


def bench_folder(work: Path) -> Path:
    """The bundled data with a small SYNTHETIC Erasmus+ import, in a folder of its own."""
    data = work / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns(".mobility"))
    samples = work / "mobility-sample"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = [sys.executable, "-m", "alliance", "mobility"]
    subprocess.run([*run, "sample", str(samples), "--rows", "5000", "--files", "2",
                    "--data-dir", str(data)], check=True, cwd=ROOT, env=env,
                   capture_output=True)
    files = sorted(str(p) for p in samples.iterdir() if p.suffix in (".csv", ".xlsx"))
    subprocess.run([*run, "import", *files, "--data-dir", str(data), "--yes"], check=True,
                   cwd=ROOT, env=env, capture_output=True)
    return data


def warm(browser: Browser, paints: int, data: Path, work: Path) -> dict[str, list[float]]:
    env = {**os.environ, "ALLIANCE_DATA_DIR": str(data), "ALLIANCE_STATE_DIR": str(work / "state")}
    servers = []
    try:
        app, app_url = serve(ROOT / "dashboard.py", env, work / "app-warm.log")
        servers.append(app)
        minimal, minimal_url = serve(work / "minimal" / "app.py", env, work / "min-warm.log")
        servers.append(minimal)
        matched, matched_url = serve(work / "matched" / "app.py", env, work / "matched.log")
        servers.append(matched)
        times: dict[str, list[float]] = {name: [] for name, *_ in PAGES} | {MINIMAL: [],
                                                                              MATCHED: []}
        for attempt in range(paints + 1):  # the first round warms servers and caches
            for name, address, drawn, _ in PAGES:
                # The minimal page before each page: the pairs share the machine's moment.
                minimal_ms = visit(browser, minimal_url, CHART_DRAWN)
                page_ms = visit(browser, app_url + address, drawn)
                # And the Overview's kinds of elements, without the app, beside the Overview.
                matched_ms = visit(browser, matched_url, CHART_DRAWN) if name == "Overview" \
                    else None
                if attempt:
                    times[MINIMAL].append(minimal_ms)
                    times[name].append(page_ms)
                    if matched_ms is not None:
                        times[MATCHED].append(matched_ms)
            print(f"warm round {attempt}/{paints} done", file=sys.stderr)
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=20)
    return times


def fresh(browser: Browser, starts: int, data: Path, work: Path) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"Overview": [], MINIMAL: []}
    for attempt in range(starts):
        state = work / f"state-{attempt}"
        env = {**os.environ, "ALLIANCE_DATA_DIR": str(data), "ALLIANCE_STATE_DIR": str(state)}
        for name, script, address in (("Overview", ROOT / "dashboard.py", "/?lang=en"),
                                      (MINIMAL, work / "minimal" / "app.py", "/")):
            server, url = serve(script, env, work / f"fresh-{attempt}-{script.stem}.log")
            try:
                times[name].append(visit(browser, url + address, CHART_DRAWN))
            finally:
                server.terminate()
                server.wait(timeout=20)
        print(f"fresh start {attempt + 1}/{starts} done", file=sys.stderr)
    return times


def summary(values: list[float]) -> dict[str, float]:
    return {"median_ms": round(statistics.median(values), 1),
            "p95_ms": round(percentile(values, 0.95), 1), "runs": len(values)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paints", type=int, default=9, help="timed visits per page, warm")
    parser.add_argument("--starts", type=int, default=5, help="fresh server starts")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"no Chromium at {CHROMIUM}: nothing measured", file=sys.stderr)
        return 0
    from playwright.sync_api import sync_playwright

    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        work = Path(folder)
        (work / "minimal").mkdir()
        (work / "minimal" / "app.py").write_text(MINIMAL_PAGE, encoding="utf-8")
        (work / "matched").mkdir()
        (work / "matched" / "app.py").write_text(MATCHED_PAGE, encoding="utf-8")
        data = bench_folder(work)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            warm_times = warm(browser, args.paints, data, work) if args.paints else {}
            fresh_times = fresh(browser, args.starts, data, work) if args.starts else {}
        finally:
            browser.close()
    after = os.getloadavg()

    lines = ["| first chart in Chromium | median ms | p95 ms | minimal app median ms | ratio "
             "| target | met |", "|---|---:|---:|---:|---:|---:|---|"]
    warm_figures = {name: summary(v) for name, v in warm_times.items()}
    targets = []
    if warm_figures:
        reference = warm_figures[MINIMAL]["median_ms"]
        for name, _, _, waits in PAGES:
            figures = warm_figures[name]
            ratio = figures["median_ms"] / reference
            met = ratio <= WARM_RATIO
            targets.append({"name": f"warm {name}", "ratio": round(ratio, 2), "met": met})
            lines.append(f"| warm server, {name} ({waits}) | {figures['median_ms']:.0f} | "
                         f"{figures['p95_ms']:.0f} | {reference:.0f} | {ratio:.2f}x | "
                         f"≤ {WARM_RATIO}x | {'yes' if met else 'NO'} |")
        if warm_figures.get(MATCHED, {}).get("runs"):
            matched = warm_figures[MATCHED]["median_ms"]
            overview = warm_figures["Overview"]["median_ms"]
            lines.append(f"| warm server, {MATCHED} (chart) | {matched:.0f} | "
                         f"{warm_figures[MATCHED]['p95_ms']:.0f} | {reference:.0f} | "
                         f"{matched / reference:.2f}x | | |")
            lines.append(f"| the Overview against it | {overview:.0f} | | {matched:.0f} | "
                         f"{overview / matched:.2f}x | | |")
    fresh_figures = {name: summary(v) for name, v in fresh_times.items()}
    if fresh_figures:
        reference = fresh_figures[MINIMAL]["median_ms"]
        figures = fresh_figures["Overview"]
        ratio = figures["median_ms"] / reference
        met = ratio <= FRESH_RATIO
        targets.append({"name": "fresh server, first visitor", "ratio": round(ratio, 2),
                        "met": met})
        lines.append(f"| fresh server, first visitor, Overview | {figures['median_ms']:.0f} | "
                     f"{figures['p95_ms']:.0f} | {reference:.0f} | {ratio:.2f}x | "
                     f"≤ {FRESH_RATIO}x | {'yes' if met else 'NO'} |")
    lines.append(f"\nMedians of {args.paints} warm visits per page and {args.starts} fresh "
                 f"starts. Machine: {os.cpu_count()} CPUs, load average {load[0]:.2f} before "
                 f"and {after[0]:.2f} after; browser and both servers share them.")
    print("\n".join(lines))
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        "warm": warm_figures, "fresh": fresh_figures, "targets": targets,
        "samples": {"warm": warm_times, "fresh": fresh_times},
        "load_average_before": [round(x, 2) for x in load],
        "load_average_after": [round(x, 2) for x in after]}, indent=1) + "\n",
        encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
