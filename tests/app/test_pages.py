"""Every page in both languages, on good data and on broken data, through AppTest."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from alliance.schema import TABLES
from tests.app.conftest import make_app

PAGES = ("pages/overview.py", "pages/data_health.py")
TITLES = {
    ("pages/overview.py", "en"): "EUNICE",
    ("pages/overview.py", "fr"): "EUNICE",
    ("pages/data_health.py", "en"): "Data health",
    ("pages/data_health.py", "fr"): "Santé des données",
}
MEMBERS_LABEL = {"en": "Member universities", "fr": "Universités membres"}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _metric(app, label: str) -> str:
    return next(m.value for m in app.metric if m.label == label)


def _metric_starting(app, label: str) -> str:
    return next(m.value for m in app.metric if m.label.startswith(label))


def _rounded(value: int) -> int:
    step = 10 ** (len(str(value)) - 3)
    return round(value / step) * step


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("page", PAGES)
def test_page_runs_in_each_language(data_copy: Path, page: str, lang: str) -> None:
    app = make_app(lang).run()
    if page != PAGES[0]:
        app.switch_page(page).run()
    assert not app.exception
    assert TITLES[(page, lang)] in app.title[0].value
    assert app.query_params["lang"] in (lang, [lang])
    assert not app.warning, "good data must not raise the stale-data banner"
    # Captions are drawn at 60 % opacity: inline code in one falls below 4.5:1 (WCAG AA).
    assert not [c.value for c in app.caption if "`" in c.value]


def test_overview_counts_come_from_the_data(data_copy: Path) -> None:
    universities = _rows(data_copy / "universities.csv")
    app = make_app("en").run()
    assert _metric(app, "Member universities") == str(len(universities))
    assert _metric(app, "Countries") == str(len({u["country"] for u in universities}))
    students = sum(int(u["students"]) for u in universities if u["students"])
    # An approximate sum of counts of different years: rounded, and said to be a sum.
    # Short enough for a quarter of the row at 1366 px: the sign here, the word in its help.
    assert _metric_starting(app, "Students, sum of members'") == f"≈ {_rounded(students):,}"
    metric = next(m for m in app.metric if m.label.startswith("Students, sum of members'"))
    assert f"about {_rounded(students):,}" in metric.help


def test_french_numbers_use_french_grouping(data_copy: Path) -> None:
    universities = _rows(data_copy / "universities.csv")
    students = sum(int(u["students"]) for u in universities if u["students"])
    app = make_app("fr").run()
    number = f"{_rounded(students):,}".replace(",", "\u202f")
    # "environ 154 000" was cut to "environ 154…" at 1366 px: the metric shows "≈ 154 000".
    assert _metric_starting(app, "Étudiants, somme") == f"≈ {number}"
    assert all(len(m.value) <= 12 for m in app.metric), [m.value for m in app.metric]


def test_language_from_the_url_reaches_every_page(data_copy: Path) -> None:
    app = make_app("fr").run()
    assert _metric(app, MEMBERS_LABEL["fr"])
    assert app.sidebar.radio(key="lang").value == "fr"
    app.switch_page("pages/data_health.py").run()
    assert app.title[0].value == "Santé des données"
    assert app.sidebar.radio(key="lang").value == "fr", "the frame runs around every page"


def test_broken_table_keeps_last_valid_data_and_says_so(data_copy: Path) -> None:
    activities = data_copy / "activities.csv"
    good_count = len([r for r in _rows(activities) if r["illustrative"] != "true"])  # published
    make_app("en").run()  # a first valid load records the last valid copy
    text = activities.read_text(encoding="utf-8").splitlines(keepends=True)
    text[3] = text[3].replace(",students,", ",pupils,", 1)
    activities.write_text("".join(text), encoding="utf-8")

    app = make_app("en").run()
    assert not app.exception
    banner = " ".join(w.value for w in app.warning)
    assert "activities.csv has 1 problem(s)" in banner and "last valid version" in banner
    caption = " ".join(c.value for c in app.caption)
    assert f"out of {good_count} listed" in caption

    app.switch_page("pages/data_health.py").run()
    assert not app.exception
    problems = app.dataframe[1].value  # after the per-file summary
    assert list(problems["Line"]) == [4]
    assert list(problems["Column"]) == ["audience"]
    assert "pupils" in problems["What is wrong"].iloc[0]


def test_broken_table_without_history_shows_valid_rows(data_copy: Path) -> None:
    activities = data_copy / "activities.csv"
    # Published rows that stay valid (line 2 of the file is row 1, which breaks).
    good_count = 1 + len([r for i, r in enumerate(_rows(activities))
                          if i != 1 and r["illustrative"] != "true"])
    lines = activities.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace(",false,", ",maybe,", 1)
    activities.write_text("".join(lines), encoding="utf-8")
    app = make_app("fr").run()
    assert not app.exception
    banner = " ".join(w.value for w in app.warning)
    assert "activities.csv" in banner and "lignes valides" in banner
    caption = " ".join(c.value for c in app.caption)
    assert f"sur {good_count - 1} recensées" in caption


def test_empty_data_folder_explains_instead_of_failing(data_copy: Path) -> None:
    for path in data_copy.glob("*.csv"):
        path.unlink()
    app = make_app("en").run()
    assert not app.exception
    assert any("universities.csv" in w.value for w in app.warning)
    assert any("No usable data" in i.value for i in app.info)
    app.switch_page("pages/data_health.py").run()
    assert not app.exception
    assert f"{len(TABLES)} file(s)" in app.error[0].value


def test_examples_are_left_out_of_the_figures_until_switched_on(data_copy: Path) -> None:
    rows = _rows(data_copy / "activities.csv")
    assert any(r["illustrative"] == "true" for r in rows), "the fixture holds examples"
    app = make_app("en").run()
    assert app.sidebar.toggle(key="examples").value is False
    windows = ("Open for applications", "Running now", "Upcoming")
    hidden = [m for m in app.metric if m.label in windows]
    assert len(hidden) == 3 and not any(m.proto.delta for m in hidden)
    app.sidebar.toggle(key="examples").set_value(True).run()
    assert app.query_params["examples"] in ("1", ["1"])
    shown = [m.proto.delta for m in app.metric if m.label in windows]
    assert any(re.fullmatch(r"incl\. \d+ examples?", d) for d in shown), shown
    app.switch_page("pages/opportunities.py").run()
    assert not app.exception
    assert app.query_params["examples"] in ("1", ["1"]), "the switch follows every page"
    assert app.sidebar.toggle(key="examples").value is True


def test_the_address_can_ask_for_examples(data_copy: Path) -> None:
    app = make_app("fr")
    app.query_params["examples"] = "1"
    app.run()
    assert app.sidebar.toggle(key="examples").value is True
    assert any(re.fullmatch(r"dont \d+ exemples?", m.proto.delta) for m in app.metric)


def test_opportunities_list_published_rows_unless_examples_are_on(data_copy: Path) -> None:
    rows = _rows(data_copy / "activities.csv")
    published = sum(r["illustrative"] != "true" for r in rows)
    app = make_app("en").run()
    app.switch_page("pages/opportunities.py").run()
    assert not app.exception
    text = " ".join(m.value for m in app.markdown)
    assert f"**{published} activities" in text and f"**{len(rows)} activities" not in text
    shown = make_app("en")
    shown.query_params["examples"] = "1"
    shown.run().switch_page("pages/opportunities.py").run()
    assert f"**{len(rows)} activities" in " ".join(m.value for m in shown.markdown)


def test_data_health_counts_examples_and_hides_the_server_path(data_copy: Path) -> None:
    with (data_copy / "activities.csv").open(encoding="utf-8", newline="") as handle:
        marked = sum(r["illustrative"] == "true" for r in csv.DictReader(handle))
    app = make_app("en").run()
    app.switch_page("pages/data_health.py").run()
    assert not app.exception
    shown = " ".join(e.value for kind in (app.markdown, app.caption, app.info, app.success)
                     for e in kind)
    assert f"{marked} of the" in " ".join(i.value for i in app.info)
    assert str(data_copy) not in shown and str(data_copy.parent) not in shown
    # A clean folder has nothing to fix: no steps to fix it.
    assert "What to do" not in [s.value for s in app.subheader]


def test_data_health_says_what_to_do_when_a_file_has_a_problem(data_copy: Path) -> None:
    activities = data_copy / "activities.csv"
    text = activities.read_text(encoding="utf-8").splitlines(keepends=True)
    text[3] = text[3].replace(",students,", ",pupils,", 1)
    activities.write_text("".join(text), encoding="utf-8")
    app = make_app("en").run()
    app.switch_page("pages/data_health.py").run()
    assert "What to do" in [s.value for s in app.subheader]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_data_health_lists_alliance_toml_and_locates_its_problems(data_copy: Path,
                                                                  lang: str) -> None:
    identity = data_copy / "alliance.toml"
    lines = identity.read_text(encoding="utf-8").splitlines(keepends=True)
    line = next(n for n, text in enumerate(lines, start=1) if text.startswith("primary ="))
    lines[line - 1] = "primary = 12\n"
    identity.write_text("".join(lines), encoding="utf-8")
    app = make_app(lang).run()
    assert any("alliance.toml" in w.value for w in app.warning), "the banner says so"
    app.switch_page("pages/data_health.py").run()
    assert not app.exception
    assert not app.success, "a page that says every file is valid contradicts the banner"
    assert "1" in app.error[0].value
    files = app.dataframe[0].value  # the per-file summary
    row = files[files.iloc[:, 0] == "alliance.toml"].iloc[0]
    assert row.iloc[3] == 1  # one error
    problems = app.dataframe[1].value  # the only file with problems
    assert list(problems.iloc[:, 0]) == [line]
    assert list(problems.iloc[:, 1]) == ["primary"]
    message = problems.iloc[0, 4]
    assert "12" in message and ("colour" in message if lang == "en" else "couleur" in message)
