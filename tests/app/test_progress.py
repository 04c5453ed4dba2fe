"""The Progress page through AppTest, in English and French."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.app.conftest import make_app
from tests.progress_data import write_progress_tables

TITLES = {"en": "Progress against targets", "fr": "Progrès et cibles"}
DIMENSIONS = {"en": ["Governance and cooperation", "Joint education and mobility",
                     "Society and economy", "Research and innovation",
                     "Wider effects on higher education"],
              "fr": ["Gouvernance et coopération", "Formation commune et mobilité",
                     "Société et économie", "Recherche et innovation",
                     "Effets plus larges sur l'enseignement supérieur"]}


def _open(folder: Path, lang: str, **query: str):
    write_progress_tables(folder)
    app = make_app(lang)
    for name, value in query.items():
        app.query_params[name] = value
    app.run()
    app.switch_page("pages/progress.py").run()
    return app


def _text(app) -> str:
    parts = [m.value for m in app.markdown] + [c.value for c in app.caption]
    parts += [s.value for s in app.subheader] + [h.value for h in app.header]
    return "\n".join(parts)


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
