"""The Opportunities summary charts tell the whole story: every kind and host, every month."""

from __future__ import annotations

import pandas as pd

from alliance.opportunity_charts import by_host, by_kind, by_month

KINDS = [f"kind {n:02d}" for n in range(14)]
HOSTS = {f"H{n}": f"University {n}" for n in range(11)}


def test_by_kind_shows_every_kind() -> None:
    rows = pd.DataFrame({"kind": KINDS + KINDS[:3]})
    bars = by_kind(rows, "en").data[0]
    assert len(bars.y) == 14
    assert sum(bars.x) == len(rows)


def test_a_limit_folds_the_rest_into_one_other_bar() -> None:
    rows = pd.DataFrame({"kind": KINDS})
    bars = by_kind(rows, "fr", limit=8).data[0]
    assert len(bars.y) == 8
    assert bars.y[-1] == "autres (7)"
    assert sum(bars.x) == 14


def test_by_host_keeps_every_member() -> None:
    rows = pd.DataFrame({"host_key": [*HOSTS, "H0", "H1"]})
    bars = by_host(rows, "en", HOSTS).data[0]
    assert set(bars.y) == set(HOSTS)
    assert sum(bars.x) == len(rows)


def test_month_axis_is_continuous_and_localized() -> None:
    rows = pd.DataFrame({"start": ["2026-01-15", "2026-01", "2026-04-02", "2027", None]})
    bars = by_month(rows, "fr").data[0]
    assert list(bars.x) == ["janvier 2026", "février 2026", "mars 2026", "avril 2026"]
    assert list(bars.y) == [2, 0, 0, 1]
    english = by_month(rows, "en").data[0]
    assert english.x[1] == "February 2026"


def test_by_host_names_each_member_on_hover() -> None:
    """The bars keep the ids for room; the hover says which university each is."""
    rows = pd.DataFrame({"host_key": ["H1", "H1", "ALLIANCE"]})
    bars = by_host(rows, "fr", HOSTS).data[0]
    assert list(bars.y) == ["H1", "Toute l'alliance"]
    assert list(bars.customdata) == ["University 1 (H1)", "Toute l'alliance"]
    assert "%{customdata}" in bars.hovertemplate
