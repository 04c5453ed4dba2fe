"""Speed of the map and timeline pages: warm reruns in AppTest and first paint in Chromium.

1. AppTest, bundled data: one cold run of each page (each tab of the map page), then N warm
   reruns; median and p95. Target: under 200 ms.
2. Chromium (Debian's, every request off localhost blocked): the real app and a minimal
   one-chart Streamlit page are served side by side; each is opened R times in a fresh tab and
   timed from navigation to its chart being drawn (for the map: country geometry painted).
   Target: map median within 1.5 x the minimal page's median, measured in the same run.

    .venv/bin/python benchmarks/bench_map_timeline.py [--runs 15] [--paints 9]

Prints a Markdown table and writes benchmarks/out/results-map-timeline.json; the exit status is 0
unless something crashes (a missed target is flagged in the table).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Request, Route

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "benchmarks" / "out"
RESULTS = OUT_DIR / "results-map-timeline.json"
RERUN_TARGET_MS = 200.0
PAINT_RATIO = 1.5
CHROMIUM = os.environ.get("ALLIANCE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
MINIMAL_PAGE = '''import plotly.graph_objects as go
import streamlit as st

st.title("Minimal")
st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[1, 3, 2])), key="only")
'''
MAP_DRAWN = ("() => { const p = document.querySelector('.js-plotly-plot .geo .layer.countries"
             " path'); return p && (p.getAttribute('d') || '').length > 5000; }")
BARS_DRAWN = "() => document.querySelectorAll('.js-plotly-plot .bars path').length >= 3"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def warm_reruns(runs: int, data: Path) -> dict[str, dict[str, float]]:
    from streamlit.testing.v1 import AppTest

    results = {}
    scenarios = [("pages/map.py", None, "member_map"),
                 ("pages/map.py", "Distances between members", "distance_heatmap"),
                 ("pages/map.py", "Where activities happen", "activity_map"),
                 ("pages/timeline.py", None, "")]
    for page, tab, shows in scenarios:
        app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
        app.query_params["lang"] = "en"
        app.run()
        started = time.perf_counter()
        if tab:
            app.session_state["map_view"] = tab
        app.switch_page(page).run()
        cold = (time.perf_counter() - started) * 1000
        assert not app.exception, app.exception
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            app.run()
            times.append((time.perf_counter() - started) * 1000)
        assert not app.exception, app.exception
        assert any(shows in chart.proto.id for chart in app.get("plotly_chart")), (page, tab)
        name = page + (f" [{tab}]" if tab else "")
        results[name] = {"cold_ms": cold, "median_ms": statistics.median(times),
                         "p95_ms": percentile(times, 0.95)}
    return results


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def offline(route: Route, request: Request) -> None:
    """Let requests to this machine through; refuse every other host, as readers offline."""
    host = urlparse(request.url).hostname or ""
    if host in ("127.0.0.1", "localhost"):
        route.continue_()
    else:
        route.abort()


def visit(browser: Browser, url: str, drawn: str, timeout: float = 120_000) -> float:
    """Milliseconds from navigation to `drawn` in a fresh context (no cache, no cookies)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.route("**/*", offline)
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_function(drawn, timeout=timeout, polling=20)
    elapsed = (time.perf_counter() - started) * 1000
    context.close()
    return elapsed


def serve(script: Path, env: dict[str, str], log: Path, cwd: Path | None = None,
          options: tuple[str, ...] = ()) -> tuple[subprocess.Popen, str]:
    """`script` served on a free local port, once it answers its health check: the app as
    `make run` serves it (its launcher, `python -m ui.serve`), any other file with
    `streamlit run`."""
    port = _free_port()
    started = ([sys.executable, "-m", "ui.serve"] if script == ROOT / "dashboard.py"
               else [sys.executable, "-m", "streamlit", "run", str(script)])
    server = subprocess.Popen(
        [*started, "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false", *options],
        cwd=cwd or script.parent, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return server, url
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise RuntimeError(f"server for {script} did not start; see {log}")


def first_paint(paints: int, data: Path, work: Path) -> dict[str, dict[str, float]]:
    from playwright.sync_api import sync_playwright

    minimal_dir = work / "minimal"
    minimal_dir.mkdir()
    (minimal_dir / "app.py").write_text(MINIMAL_PAGE, encoding="utf-8")
    env = {**os.environ, "ALLIANCE_DATA_DIR": str(data),
           "ALLIANCE_STATE_DIR": str(work / "state")}
    servers = []
    try:
        app_server, app_url = serve(ROOT / "dashboard.py", env, work / "app.log")
        servers.append(app_server)
        minimal_server, minimal_url = serve(minimal_dir / "app.py", env, work / "min.log")
        servers.append(minimal_server)
        targets = {"map page": (f"{app_url}/map?lang=en", MAP_DRAWN),
                   # Opened straight on the slide: its first plotly chart, as after the title
                   # slide (which has none), in the light theme of a fresh context.
                   "meeting map slide": (f"{app_url}/meeting?slide=2&lang=en", MAP_DRAWN),
                   "overview page (same app, bar chart)": (f"{app_url}/?lang=en", BARS_DRAWN),
                   "minimal one-chart page": (minimal_url, BARS_DRAWN)}
        times: dict[str, list[float]] = {name: [] for name in targets}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for attempt in range(paints + 1):  # the first round warms servers and caches
                for name, (url, drawn) in targets.items():
                    elapsed = visit(browser, url, drawn, timeout=60_000)
                    if attempt:
                        times[name].append(elapsed)
            browser.close()
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=20)
    return {name: {"median_ms": statistics.median(v), "p95_ms": percentile(v, 0.95)}
            for name, v in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--paints", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        data = work / "data"
        shutil.copytree(ROOT / "data", data)
        os.environ["ALLIANCE_DATA_DIR"] = str(data)
        os.environ["ALLIANCE_STATE_DIR"] = str(work / "state")
        sys.path.insert(0, str(ROOT))
        reruns = warm_reruns(args.runs, data)
        measured = args.paints > 0 and Path(CHROMIUM).exists()
        paints = first_paint(args.paints, data, work) if measured else {}
    lines = ["| scenario | median ms | p95 ms | target | met |", "|---|---|---|---|---|"]
    for page, figures in reruns.items():
        met = figures["median_ms"] < RERUN_TARGET_MS
        lines.append(f"| AppTest warm rerun {page} (cold {figures['cold_ms']:.0f} ms) | "
                     f"{figures['median_ms']:.0f} | {figures['p95_ms']:.0f} | "
                     f"< {RERUN_TARGET_MS:.0f} | {'yes' if met else 'NO'} |")
    ratio = None
    if paints:
        ratio = paints["map page"]["median_ms"] / paints["minimal one-chart page"]["median_ms"]
        for name, figures in paints.items():
            target = {"map page": f"≤ {PAINT_RATIO} x minimal",
                      "minimal one-chart page": "reference"}.get(name, "context")
            met = ("yes" if ratio <= PAINT_RATIO else "NO") if name == "map page" else ""
            lines.append(f"| Chromium first paint, {name} | {figures['median_ms']:.0f} | "
                         f"{figures['p95_ms']:.0f} | {target} | {met} |")
        lines.append(f"\nMap / minimal first-paint ratio: {ratio:.2f}")
    else:
        lines.append("\nFirst paint not measured (no Chromium, or --paints 0).")
    print("\n".join(lines))
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"reruns": reruns, "first_paint": paints,
                                   "paint_ratio": ratio}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
