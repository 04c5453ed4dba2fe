"""Many readers at once: Streamlit's own websocket protocol against the real app and a minimal one.

As when a link is shared in a General Assembly: the server holds SESSIONS idle sessions (each
opened the Overview once and stays connected), then BURST more open the Overview at the same
moment. Each simulated reader is a websocket client on `/_stcore/stream` that sends the
BackMsg a browser sends (`rerun_script`, with the query string and page) and waits for the
ForwardMsg `script_finished`; no browser (they saturate a 2-core machine before the server
does). The same load is run on a minimal one-chart Streamlit app for the ratio.

Reports, side by side for the app (served as `make run` serves it, `python -m ui.serve`, on
a copy of tests/fixtures/data) and the minimal app: the first visitor of the freshly started server,
p50/p95/max time to a finished script in the burst (target: p95 < 3 s for the app), the
server's RSS before, after the idle sessions and after the burst, and memory per session.

    .venv/bin/python benchmarks/bench_load_sessions.py [--sessions 50] [--burst 20]

Prints a Markdown table and writes benchmarks/out/results-load-sessions.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.bench_map_timeline import serve as serve_on_free_port

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "benchmarks" / "out"
RESULTS = OUT_DIR / "results-load-sessions.json"
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"
P95_TARGET_S = 3.0
TIMEOUT_S = 120.0
MINIMAL_APP = '''import plotly.graph_objects as go
import streamlit as st

st.title("Minimal")
st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[1, 3, 2])), key="only")
'''
DONE = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)


def rerun_message(query: str, page: str, url: str) -> bytes:
    """The BackMsg a browser sends to run the page named in its address."""
    message = BackMsg()
    state = message.rerun_script
    state.query_string = query
    state.page_name = page
    state.context_info.timezone = "Europe/Paris"
    state.context_info.timezone_offset = -60
    state.context_info.locale = "en-GB"
    state.context_info.url = url
    state.context_info.color_scheme = "light"
    return message.SerializeToString()


@dataclass
class Reader:
    """One open tab: a websocket session that ran a page once and now stays connected."""

    socket: ClientConnection
    errors: list[str] = field(default_factory=list)
    charts: int = 0
    drain: asyncio.Task | None = None

    async def run(self, query: str, page: str, url: str) -> float:
        """Seconds from sending the rerun to the script's `script_finished`."""
        began = time.perf_counter()
        await self.socket.send(rerun_message(query, page, url))
        while True:
            message = ForwardMsg()
            message.ParseFromString(await self.socket.recv())
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element.WhichOneof("type")
                if element == "exception":
                    self.errors.append(message.delta.new_element.exception.message)
                self.charts += element == "plotly_chart"
            if kind == "script_finished":
                if message.script_finished in DONE:
                    return time.perf_counter() - began
                if message.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise RuntimeError("the page did not compile")

    def idle(self) -> None:
        """Keep reading what the server sends (heartbeats, reruns) as a browser tab does."""
        async def read() -> None:
            try:
                async for _ in self.socket:
                    pass
            except Exception:  # the server went away at the end of the run
                return

        self.drain = asyncio.ensure_future(read())

    async def close(self) -> None:
        await self.socket.close()
        if self.drain:
            await self.drain


async def open_reader(base: str, query: str, page: str) -> tuple[Reader, float]:
    """A new session that opens `page`: seconds from connecting to the finished script."""
    began = time.perf_counter()
    ws_url = base.replace("http://", "ws://") + "/_stcore/stream"
    sock = await connect(ws_url, subprotocols=["streamlit"], max_size=None,
                         open_timeout=TIMEOUT_S, ping_interval=None)
    reader = Reader(sock)
    await asyncio.wait_for(reader.run(query, page, f"{base}/?{query}"), TIMEOUT_S)
    return reader, time.perf_counter() - began


def rss_mb(pid: int) -> float:
    """Resident memory of the server process, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def serve(script: Path, cwd: Path, env: dict[str, str], log: Path
          ) -> tuple[subprocess.Popen, str]:
    """The app or the minimal app, served as the other benchmarks serve it, without the file
    watcher (fifty sessions would otherwise each watch the pages)."""
    return serve_on_free_port(script, env, log, cwd=cwd,
                              options=("--server.fileWatcherType", "none"))


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def load(base: str, pid: int, sessions: int, burst: int, query: str) -> dict:
    """First visitor, then `sessions` idle readers, then a burst of `burst` at once."""
    first, first_s = await open_reader(base, query, "")
    await first.close()
    await asyncio.sleep(1)  # let the server drop the first session before measuring
    before = rss_mb(pid)
    idle: list[Reader] = []
    alone = []
    for _ in range(sessions):  # one after another, as people arrive
        reader, seconds = await open_reader(base, query, "")
        reader.idle()
        idle.append(reader)
        alone.append(seconds)
    after_idle = rss_mb(pid)
    opened = await asyncio.gather(*(open_reader(base, query, "") for _ in range(burst)))
    times = [seconds for _, seconds in opened]
    after_burst = rss_mb(pid)
    readers = [*idle, *(reader for reader, _ in opened)]
    errors = [e for r in [first, *readers] for e in r.errors]
    # every reader must have been sent the page itself, not an error or an empty frame
    errors += [f"{sum(not r.charts for r in readers)} readers got no chart"] if any(
        not r.charts for r in readers) else []
    await asyncio.gather(*(r.close() for r in readers))
    return {
        "first_visitor_s": round(first_s, 3),
        "one_at_a_time_median_s": round(statistics.median(alone), 3),
        "burst_p50_s": round(statistics.median(times), 3),
        "burst_p95_s": round(_percentile(times, 0.95), 3),
        "burst_max_s": round(max(times), 3),
        "rss_before_mb": round(before, 1), "rss_after_idle_mb": round(after_idle, 1),
        "rss_after_burst_mb": round(after_burst, 1),
        "mb_per_idle_session": round((after_idle - before) / max(sessions, 1), 2),
        "mb_per_session_all": round((after_burst - before) / max(sessions + burst, 1), 2),
        "errors": errors[:5],
    }


def measure(script: Path, cwd: Path, env: dict[str, str], log: Path, sessions: int,
            burst: int, query: str) -> dict:
    server, base = serve(script, cwd, env, log)
    try:
        return asyncio.run(load(base, server.pid, sessions, burst, query))
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


ROWS = [("first visitor of the fresh server (s)", "first_visitor_s"),
        ("one reader at a time, warm: median time to a finished script (s)",
         "one_at_a_time_median_s"),
        ("burst: p50 time to a finished script (s)", "burst_p50_s"),
        ("burst: p95 (s)", "burst_p95_s"),
        ("burst: slowest (s)", "burst_max_s"),
        ("server RSS before (MB)", "rss_before_mb"),
        ("server RSS with the idle sessions (MB)", "rss_after_idle_mb"),
        ("server RSS after the burst (MB)", "rss_after_burst_mb"),
        ("memory per idle session (MB)", "mb_per_idle_session"),
        ("memory per session, idle and burst (MB)", "mb_per_session_all")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50, help="idle sessions held")
    parser.add_argument("--burst", type=int, default=20, help="sessions opening at once")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="load-sessions-") as tmp:
        work = Path(tmp)
        data = work / "data"
        shutil.copytree(FIXTURE_DATA, data)
        minimal = work / "minimal"
        minimal.mkdir()
        (minimal / "app.py").write_text(MINIMAL_APP, encoding="utf-8")
        env = {**os.environ, "ALLIANCE_DATA_DIR": str(data),
               "ALLIANCE_STATE_DIR": str(work / "state")}
        app = measure(ROOT / "dashboard.py", ROOT, env, work / "app.log", args.sessions,
                      args.burst, "lang=en")
        bare = measure(minimal / "app.py", minimal, env, work / "minimal.log", args.sessions,
                       args.burst, "")
    print(f"{args.sessions} idle sessions, then a burst of {args.burst} opening the Overview "
          "at once (Streamlit websocket protocol, no browser)\n")
    print("| measure | Alliance Atlas | minimal one-chart app | ratio |")
    print("|---|---:|---:|---:|")
    for label, key in ROWS:
        ratio = app[key] / bare[key] if bare[key] else float("nan")
        print(f"| {label} | {app[key]} | {bare[key]} | {ratio:.2f}x |")
    met = app["burst_p95_s"] < P95_TARGET_S
    print(f"\nTarget: the app's burst p95 under {P95_TARGET_S:.0f} s: "
          f"{'met' if met else 'NOT met'} ({app['burst_p95_s']} s).")
    for name, figures in (("app", app), ("minimal app", bare)):
        if figures["errors"]:
            print(f"{name} showed errors: {figures['errors']}")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"sessions": args.sessions, "burst": args.burst,
                                   "app": app, "minimal": bare, "p95_target_s": P95_TARGET_S,
                                   "met": met}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
