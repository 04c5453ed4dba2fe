"""The Mobility page through AppTest: empty state, imported sample, filters and the address."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliance.loader import read_table
from alliance.mobility.imports import import_files
from alliance.mobility.query import Mobility
from alliance.mobility.sample import members_from, write
from alliance.schema import TABLES_BY_NAME
from tests.app.conftest import make_app

PAGE = "pages/mobility.py"


def _open(lang: str = "en", **query: str | list[str]):
    app = make_app(lang)
    for name, value in query.items():
        app.query_params[name] = value
    app.run()
    app.switch_page(PAGE).run()
    assert not app.exception
    return app


def _imported(folder: Path, tmp_path: Path) -> Mobility:
    universities = read_table(folder, TABLES_BY_NAME["universities"]).frame
    paths = write(tmp_path / "sample", members_from(universities), 3_000, "2014", files=3,
                  first_year=2017)
    assert all(o.status == "imported" for o in import_files(folder, paths))
    return Mobility(folder, universities)


def _metric(app, index: int) -> int:
    return int(app.metric[index].value.replace("\u202f", "").replace(",", "")
               .replace("\xa0", "").replace(" ", ""))


@pytest.mark.parametrize(("lang", "words"), [("en", "data.europa.eu"),
                                             ("fr", "data.europa.eu")])
def test_empty_state_says_where_the_files_are(data_copy: Path, lang: str, words: str) -> None:
    app = _open(lang)
    info = " ".join(i.value for i in app.info)
    assert words in info and "python -m alliance mobility import" in info
    assert not app.metric


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_page_with_data_shows_figures_and_banner(data_copy: Path, tmp_path: Path,
                                                 lang: str) -> None:
    mobility = _imported(data_copy, tmp_path)
    rows = mobility.member_rows()
    app = _open(lang)
    assert "SYNTHETIC" in app.warning[0].value or "SYNTHÉTIQUES" in app.warning[0].value
    assert _metric(app, 0) == int(rows.loc[rows["sending"].notna(), "participants"].sum())
    assert _metric(app, 1) == int(rows.loc[rows["receiving"].notna(), "participants"].sum())
    charts = [c for c in app.get("plotly_chart")]
    assert len(charts) >= 7  # trend, matrix, map, four per-member breakdowns
    assert app.query_params["years"] == "2017-2019"


def test_filters_change_the_figures_and_the_address(data_copy: Path, tmp_path: Path) -> None:
    mobility = _imported(data_copy, tmp_path)
    app = _open("en")
    everything = _metric(app, 0)
    app.multiselect(key="mobility_groups").set_value(["study"]).run()
    app.select_slider(key="mobility_years").set_value((2018, 2018)).run()
    assert not app.exception
    flows = mobility.member_rows()
    wanted = flows[(flows["year"] == 2018) & (flows["activity_group"] == "study")
                   & flows["sending"].notna()]["participants"].sum()
    assert _metric(app, 0) == int(wanted) < everything
    assert app.query_params["years"] == "2018-2018"
    assert app.query_params["activity"] in ("study", ["study"])


def test_address_opens_the_page_as_shared(data_copy: Path, tmp_path: Path) -> None:
    mobility = _imported(data_copy, tmp_path)
    app = _open("fr", years="2019-2019", activity=["staff_teaching"], member="UMONS")
    assert app.select_slider(key="mobility_years").value == (2019, 2019)
    assert app.multiselect(key="mobility_groups").value == ["staff_teaching"]
    assert app.selectbox(key="mobility_member").value == "UMONS"
    flows = mobility.member_rows()
    wanted = flows[(flows["year"] == 2019) & (flows["activity_group"] == "staff_teaching")
                   & flows["sending"].notna()]["participants"].sum()
    assert _metric(app, 0) == int(wanted)
    assert any("UMONS" in s.value for s in app.subheader)


@pytest.mark.parametrize(("lang", "headers", "year", "share"), [
    ("en", ["Erasmus code", "Name", "Country", "Participants"], "Start year", r"\d+\.\d%"),
    ("fr", ["Code Erasmus", "Nom", "Pays", "Participants"], "Année de début",
     "\\d+,\\d\u00a0%"),
])
def test_tables_read_in_the_reader_s_language(data_copy: Path, tmp_path: Path, lang: str,
                                              headers: list[str], year: str,
                                              share: str) -> None:
    """The per-year and top-partner tables: headers in the reader's language, the share
    inside the alliance as a percentage written the locale's way."""
    import re

    from alliance.i18n import t

    mobility = _imported(data_copy, tmp_path)
    app = _open(lang)
    tables = [d.value for d in app.dataframe]
    per_year = tables[0]
    assert per_year.columns[0] == year
    assert list(per_year[year]) == [str(y) for y in mobility.years]
    shares = per_year[t("mobility.series.share", lang)]
    assert all(re.fullmatch(share, v) for v in shares), list(shares)
    assert re.fullmatch(share, app.metric[2].value)
    outside = tables[-2:]
    assert [list(o.columns) for o in outside] == [headers, headers]
    assert all(len(o) for o in outside)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_counts_are_typed_numbers_in_every_table(data_copy: Path, tmp_path: Path,
                                                  lang: str) -> None:
    """Participants sent, received and inside, and the top partners' participants, are
    number columns (they sort as numbers and get the reader's digit grouping), not text."""
    import json

    from alliance.i18n import t

    _imported(data_copy, tmp_path)
    app = _open(lang)
    grids = list(app.dataframe)
    per_year, outside = grids[0], grids[-2:]
    columns = json.loads(per_year.proto.columns)
    for series in ("sent", "received", "inside"):
        label = t(f"mobility.series.{series}", lang)
        assert columns[label]["type_config"]["type"] == "number", columns
        assert per_year.value[label].dtype.kind in "iu"
    label = t("mobility.participants", lang)
    for grid in outside:
        assert json.loads(grid.proto.columns)[label]["type_config"]["type"] == "number"
