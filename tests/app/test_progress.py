"""The Progress page through AppTest, in English and French."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from alliance.i18n import messages
from alliance.loader import read_table
from alliance.schema import TABLES_BY_NAME
from tests.app.conftest import make_app, open_page, page_text
from tests.mobility_data import import_sample, member_totals
from tests.progress_data import write_progress_tables
from tests.tables import edit_table

TITLES = {"en": "Progress against targets", "fr": "Progrès et cibles"}
DIMENSIONS = {"en": ["Governance and cooperation", "Joint education and mobility",
                     "Society and economy", "Research and innovation",
                     "Wider effects on higher education"],
              "fr": ["Gouvernance et coopération", "Formation commune et mobilité",
                     "Société et économie", "Recherche et innovation",
                     "Effets plus larges sur l'enseignement supérieur"]}


def _open(folder: Path, lang: str, **query: str):
    write_progress_tables(folder)
    return open_page("pages/progress.py", lang, **query)


_text = page_text


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_progress_page_runs_in_each_language(data_copy: Path, lang: str) -> None:
    app = _open(data_copy, lang)
    assert not app.exception and not app.error
    assert app.title[0].value == TITLES[lang]
    assert [s.value for s in app.subheader] == DIMENSIONS[lang]
    # Over time (members has three values), members side by side, funding.
    assert len(app.get("plotly_chart")) == 3
    score = app.dataframe[1].value  # the second dimension: joint education and mobility
    assert len(score.columns) == 7
    assert "example.org/reach-2024" in set(score.iloc[:, 6])
    latest = set(score.iloc[:, 1])
    assert {"en": "≈ 10,100", "fr": "≈ 10\u202f100"}[lang] in latest
    assert not re.search(r"\b(nan|NaN|<NA>|None)\b", _text(app))


@pytest.mark.parametrize(("lang", "month"), [("en", "December 2023"),
                                           ("fr", "décembre 2023")])
def test_members_table_says_when_each_student_figure_is_from(data_copy: Path, lang: str,
                                                             month: str) -> None:
    """A count of December 2023 reads as such, not "2023-12"; counts sort as numbers."""
    rows = edit_table(data_copy / "universities.csv", lambda rows: rows[0].update(
        students_as_of="2023-12"))
    app = _open(data_copy, lang)
    assert not app.exception and not app.error
    words = messages(lang)
    members = next(d.value for d in app.dataframe
                   if words["progress.col.students_as_of"] in d.value.columns)
    when = dict(zip(members[words["col.name"]], members[words["progress.col.students_as_of"]],
                    strict=True))
    assert when[rows[0]["name"]] == month
    assert "2023-12" not in set(when.values())
    students = members[words["col.students"]]
    assert students.sort_values().tolist()[:2] == sorted(
        int(r["students"]) for r in rows if r["students"])[:2]


def test_the_chosen_indicator_is_kept_in_the_address(data_copy: Path) -> None:
    app = _open(data_copy, "en", indicator="PARTNERS")
    assert app.selectbox(key="progress_indicator").value == "PARTNERS"
    assert "Only one figure is published so far" in app.info[0].value
    app.selectbox(key="progress_indicator").set_value("MEMBERS").run()
    assert not app.exception
    assert app.query_params["indicator"] == ["MEMBERS"] or \
        app.query_params["indicator"] == "MEMBERS"
    assert len(app.get("plotly_chart")) == 3


def test_an_unknown_indicator_in_the_address_falls_back(data_copy: Path) -> None:
    app = _open(data_copy, "fr", indicator="NOPE")
    assert not app.exception
    assert app.selectbox(key="progress_indicator").value != "NOPE"


def test_funding_says_what_each_amount_is(data_copy: Path) -> None:
    app = _open(data_copy, "fr")
    funding = [t.value for t in app.table][-1]
    kinds = dict(zip(funding.iloc[:, 0], funding.iloc[:, 4], strict=True))
    assert kinds == {"First phase": "budget total",
                     "Second phase": "subvention européenne maximale",
                     "Research project": "montant (nature non précisée)"}
    assert "14,4 millions d'euros" in set(funding.iloc[:, 3])


@pytest.mark.parametrize(("lang", "labels"), [
    ("en", ["Board pack (PowerPoint)", "Board pack (PDF)"]),
    ("fr", ["Dossier du conseil (PowerPoint)", "Dossier du conseil (PDF)"]),
])
def test_meeting_mode_offers_the_board_pack(data_copy: Path, lang: str, labels) -> None:
    app = make_app(lang)
    app.run()
    app.switch_page("pages/meeting.py").run()
    assert not app.exception
    buttons = app.get("download_button")
    found = [b.proto.label for b in buttons]
    assert all(label in found for label in labels), found
    names = {b.proto.label: b.proto for b in buttons}
    assert "pptx" in str(names[labels[0]]) and "pdf" in str(names[labels[1]])


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_members_show_an_imported_sample_marked_as_examples(data_copy: Path, tmp_path: Path,
                                                            lang: str) -> None:
    """After a synthetic sample is imported, the members table holds each member's Erasmus+
    sent and received as summed from the files, says how they count, and marks them."""
    paths = import_sample(data_copy, tmp_path / "sample")
    sent, received = member_totals(paths, data_copy)
    app = _open(data_copy, lang)
    assert not app.exception and not app.error
    words = messages(lang)
    example = f" ({words['overview.illustrative']})"
    columns = {name: words[f"progress.col.{name}"] + example for name in ("sent", "received")}
    members = next(d.value for d in app.dataframe if columns["sent"] in d.value.columns)
    universities = read_table(data_copy, TABLES_BY_NAME["universities"]).frame
    ids = [dict(zip(universities["name"], universities["id"], strict=True))[n]
           for n in members[words["col.name"]]]
    assert dict(zip(ids, members[columns["sent"]].astype(int), strict=True)) == {
        m: sent.get(m, 0) for m in ids}
    assert dict(zip(ids, members[columns["received"]].astype(int), strict=True)) == {
        m: received.get(m, 0) for m in ids}
    assert words["progress.mobility_rule"] in _text(app)
    assert words["progress.mobility_synthetic"] in [w.value for w in app.warning]
    assert words["progress.mobility_missing"] not in _text(app)
    # The scorecard's computed indicators: the latest year's total, marked as an example.
    score = app.dataframe[1].value
    row = score[score.iloc[:, 0].str.startswith(words["mobility.sent"])].iloc[0]
    assert row.iloc[1].endswith(example)


@pytest.mark.parametrize("examples", [False, True])
def test_meeting_opportunities_count_as_the_headlines(data_copy: Path, examples: bool) -> None:
    """Meeting mode's opportunities slide counts published activities, as the headline figures
    do; with examples switched on it counts them too and says how many are examples."""
    import datetime as dt
    import json

    from alliance.dataset import load_dataset
    from alliance.overview import summarise

    app = make_app("en")
    app.query_params["slide"] = "4"
    if examples:
        app.query_params["examples"] = "1"
    app.run()
    app.switch_page("pages/meeting.py").run()
    assert not app.exception
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    totals = [int(sum(_numbers(trace["y"]))) for trace in spec["data"]]
    data = load_dataset(data_copy, data_copy.parent / "keep")
    summary = summarise(dict(data.tables), dt.date.today(), examples)
    assert totals == [summary.open_now, summary.running_now, summary.upcoming]
    notes = [c.value for c in app.caption]
    said = messages("en")["meeting.audience.examples"]["other"].split("{count}")[0]
    assert any(n.startswith(said) for n in notes) is (examples and summary.examples > 0)
    assert summarise(dict(data.tables), dt.date.today(), True).examples > 0  # fixture has some


def _numbers(values: object) -> list[float]:
    """A plotly array as numbers: a list, or the typed array plotly writes as base64."""
    import base64

    import numpy as np

    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values)
