"""Shared fixtures of the unit layer: real files in tmp_path, never mocks of our own code."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from alliance.dataset import Dataset, load_dataset
from alliance.geo import member_points
from tests.paths import FIXTURE_DATA as BUNDLED_DATA


@pytest.fixture
def bundled(tmp_path: Path) -> Path:
    """A private copy of the bundled data folder (tables, alliance.toml, README.md)."""
    folder = tmp_path / "data"
    shutil.copytree(BUNDLED_DATA, folder)
    return folder


@pytest.fixture(scope="session")
def bundled_dataset(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    """The bundled data, copied to a temporary folder and loaded once for the whole run.

    Tests share it read-only; one that changes data takes `bundled` (its own copy) instead.
    """
    folder = tmp_path_factory.mktemp("bundled") / "data"
    shutil.copytree(BUNDLED_DATA, folder)
    data = load_dataset(folder, tmp_path_factory.mktemp("keep"))
    assert data.report.clean and not data.fallbacks
    return data


@pytest.fixture(scope="session")
def tables(bundled_dataset: Dataset) -> dict[str, pd.DataFrame]:
    """The bundled tables, typed (read-only)."""
    return bundled_dataset.tables


@pytest.fixture(scope="session")
def points(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The members placed at their main campus (read-only)."""
    return member_points(tables["universities"], tables["locations"])


@pytest.fixture
def write_table() -> Callable[[Path, str, bytes], Path]:
    """`write_table(folder, "activities", data)` writes `folder/activities.csv` byte for byte."""
    def write(folder: Path, name: str, data: bytes) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.csv"
        path.write_bytes(data)
        return path
    return write
