"""Hostile files in the data folder: every page still serves, Data health locates each one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.app.conftest import make_app


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_pages_survive_hostile_files_and_data_health_locates_them(data_copy: Path,
                                                                  lang: str) -> None:
    make_app(lang).run()  # a valid first load keeps the last valid copy of every table
    (data_copy / "activities.csv").unlink()
    (data_copy / "activities.csv").symlink_to("/dev/zero")  # reading it would never end
    (data_copy / "milestones.csv").unlink()
    os.mkfifo(data_copy / "milestones.csv")  # opening it would wait for a writer
    projects = data_copy / "projects.csv"
    projects.write_bytes(projects.read_bytes().replace(b"\n", b"," + b"x," * 100_000 + b"y\n",
                                                       1))
    locations = data_copy / "locations.csv"
    lines = locations.read_bytes().split(b"\n")
    lines[3] = lines[3].replace(b",", b"," + b"w" * 50_000_000 + b" ", 1)
    locations.write_bytes(b"\n".join(lines))

    app = make_app(lang).run()
    assert not app.exception
    app.switch_page("pages/data_health.py").run()
    assert not app.exception
    located = {}
    for expander in app.expander:
        problems = expander.dataframe[0].value
        file = next(name for name in ("activities.csv", "milestones.csv", "projects.csv",
                                      "locations.csv", "universities.csv",
                                      "distance_bands.csv") if name in expander.label)
        located[file] = problems
    assert {"activities.csv", "milestones.csv", "projects.csv", "locations.csv"} <= set(located)
    messages = {file: " ".join(frame.iloc[:, -1]) for file, frame in located.items()}
    device = "device" if lang == "en" else "périphérique"
    assert device in messages["activities.csv"] and device in messages["milestones.csv"]
    assert "1000" in messages["projects.csv"].replace("\u202f", "").replace(",", "")
    lines = located["locations.csv"].iloc[:, 0].tolist()
    assert 4 in lines  # the 50 MB cell, located on its line
