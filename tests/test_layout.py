"""The folder tree as documented: README's layout names every module on a line of its own,
every benchmark is run by `make bench` and described, and the linter points at ui/."""

from __future__ import annotations

import re
import tomllib

import pytest

from tests.paths import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
LAYOUT = README.split("## Layout", 1)[1].split("```", 2)[1]
MODULES = sorted(path.relative_to(REPO_ROOT / "alliance")
                 for path in (REPO_ROOT / "alliance").rglob("*.py")
                 if path.name != "__init__.py")
BENCHMARKS = sorted(path.name for path in (REPO_ROOT / "benchmarks").glob("bench_*.py"))


@pytest.mark.parametrize("module", MODULES, ids=str)
def test_readme_layout_lists_each_module_on_its_own_line(module) -> None:
    """A package's module is indented under its folder's line (`mobility/`, then `figures.py`)."""
    lines = LAYOUT.splitlines()
    own = [line for line in lines if re.match(rf"\s+{re.escape(module.name)}\s", line + " ")]
    assert len(own) == 1, f"{module}: not on a line of its own in README's layout"
    if len(module.parts) > 1:
        folder = next(i for i, line in enumerate(lines)
                      if line.strip().startswith(f"{module.parts[0]}/"))
        assert lines.index(own[0]) > folder


@pytest.mark.parametrize("bench", BENCHMARKS)
def test_every_benchmark_runs_in_make_bench_and_is_described(bench: str) -> None:
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    assert f"benchmarks/{bench}" in makefile.split("\nbench:", 1)[1].split("\n\n", 1)[0]
    assert f"`{bench}`" in (REPO_ROOT / "benchmarks" / "README.md").read_text(encoding="utf-8")


def test_the_linter_sends_streamlit_glue_to_ui() -> None:
    settings = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    banned = settings["tool"]["ruff"]["lint"]["flake8-tidy-imports"]["banned-api"]
    assert "ui/" in banned["streamlit"]["msg"] and "pages/" not in banned["streamlit"]["msg"]
