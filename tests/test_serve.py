"""The launcher serves the app with Streamlit's options and loads the data before any visit."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from alliance.dataset import DATA_FILES, state_dir
from tests.paths import FIXTURE_DATA, REPO_ROOT

START_S = 60.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
            return answer.status == 200
    except OSError:
        return False


def test_the_launcher_loads_the_data_before_the_first_visitor(tmp_path: Path) -> None:
    """Started with a port option and never visited, the server answers on that port and has
    validated the folder: only a load keeps the last valid copy of each file."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    env = {**os.environ, "ALLIANCE_DATA_DIR": str(data),
           "ALLIANCE_STATE_DIR": str(tmp_path / "state")}
    kept = state_dir(data, env)
    files = [name for name in DATA_FILES if (data / name).is_file()]
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with (tmp_path / "server.log").open("wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "ui.serve", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true",
             "--browser.gatherUsageStats", "false"],
            cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + START_S
            while time.monotonic() < deadline and server.poll() is None:
                if _answers(url) and all((kept / name).is_file() for name in files):
                    break
                time.sleep(0.2)
            assert _answers(url), (tmp_path / "server.log").read_text(errors="replace")
            assert len(files) > 1
            for name in files:
                assert (kept / name).read_bytes() == (data / name).read_bytes(), name
        finally:
            server.terminate()
            server.wait(timeout=20)
