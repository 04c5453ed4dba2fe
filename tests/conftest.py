"""Shared fixtures of the unit layer: real files in tmp_path, never mocks of our own code."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_DATA = REPO_ROOT / "data"


@pytest.fixture
def bundled(tmp_path: Path) -> Path:
    """A private copy of the bundled data folder (tables, alliance.toml, README.md)."""
    folder = tmp_path / "data"
    shutil.copytree(BUNDLED_DATA, folder)
    return folder


@pytest.fixture
def write_table() -> Callable[[Path, str, bytes], Path]:
    """`write_table(folder, "activities", data)` writes `folder/activities.csv` byte for byte."""
    def write(folder: Path, name: str, data: bytes) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.csv"
        path.write_bytes(data)
        return path
    return write
