"""Where the tests find the app and their data: the frozen fixtures, or the shipped folder."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
# Known values live here; see tests/fixtures/README.md.
FIXTURE_DATA = REPO_ROOT / "tests" / "fixtures" / "data"
# What analysts edit: tests over it assert only what any good data satisfies.
SHIPPED_DATA = REPO_ROOT / "data"
