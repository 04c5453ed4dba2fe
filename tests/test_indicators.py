"""Indicators: the two tables validate like the others, and the progress figures read them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from alliance.dataset import load_dataset
from alliance.indicators import (
    by_dimension,
    charted,
    format_value,
    funding,
    members_side_by_side,
    members_table,
    milestone_marks,
    mobility_by_member,
    mobility_values,
    scorecard,
    series,
    with_mobility,
)
from alliance.schema import DIMENSIONS, TABLES_BY_NAME
from alliance.validate import check_folder
from tests.progress_data import PROJECT_AMOUNTS, write_progress_tables

INDICATORS = (
    "id,dimension,name,name_fr,unit,direction,target,target_date,target_source,source,note\n"
    "REACH,education_mobility,People reached,Personnes touchées,count,higher,100,2027,"
    "https://example.org/target,https://example.org/reach,\n"
    "SHARE,education_mobility,Share mobile,,percent,higher,50,,https://example.org/t,"
    "https://example.org/share,\n"
    "WAIT,governance_cooperation,Waiting time,Attente,count,lower,10,,https://example.org/t,"
    "https://example.org/wait,\n"
    "NONE,research_innovation,Nothing yet,Rien encore,count,higher,,,,https://example.org/n,\n"
)
VALUES = (
    "id,indicator_id,period,value,approximate,as_of,university_id,source,note,illustrative\n"
    "V3,REACH,2024,90,true,2024-06,,https://example.org/r3,,false\n"
    "V1,REACH,2021,20,false,2021,,https://example.org/r1,,false\n"
    "V2,REACH,2022-09,55,false,2022-09,,https://example.org/r2,,false\n"
    "V4,SHARE,2024,12.5,false,2024,,https://example.org/s,,true\n"
    "V5,WAIT,2023,8,false,2023,,https://example.org/w,,false\n"
    "V6,REACH,2024,40,false,2024,UC,https://example.org/uc,,false\n"
    "V7,REACH,2024,30,false,2024,PUT,https://example.org/put,,true\n"
)


@pytest.fixture
def folder(bundled: Path) -> Path:
    (bundled / "indicators.csv").write_text(INDICATORS, encoding="utf-8")
    (bundled / "indicator_values.csv").write_text(VALUES, encoding="utf-8")
    return bundled


@pytest.fixture
def data(folder: Path, tmp_path: Path):
    loaded = load_dataset(folder, tmp_path / "keep")
    assert loaded.report.clean, [p.as_line("en") for p in loaded.problems]
    return loaded


def test_both_tables_are_declared_with_keys_and_descriptions() -> None:
    values = TABLES_BY_NAME["indicator_values"]
    assert values.column("indicator_id").references == "indicators.id"
    assert values.column("university_id").references == "universities.id"
    assert TABLES_BY_NAME["indicators"].column("dimension").allowed == DIMENSIONS
    for table in (TABLES_BY_NAME["indicators"], values):
        assert all(c.description and c.description_fr for c in table.columns)


def test_the_shipped_figures_validate_and_cite_pages(bundled_dataset) -> None:
    values = bundled_dataset.tables["indicator_values"]
    assert bundled_dataset.errors_in("indicator_values") == 0
    assert values["source"].notna().all()
    assert not values["approximate"].isna().any()


@pytest.mark.parametrize(("table", "row", "code"), [
    ("indicator_values", "V9,GHOST,2024,1,false,2024,,https://example.org/x,,false\n",
     "foreign_key"),
    ("indicator_values", "V9,REACH,2024,1,false,2024,XYZ,https://example.org/x,,false\n",
     "foreign_key"),
    ("indicator_values", "V9,REACH,soon,1,false,2024,,https://example.org/x,,false\n",
     "type_date"),
    ("indicator_values", "V9,REACH,2024,1,,2024,,https://example.org/x,,false\n", "required"),
    ("indicators", "BAD,happiness,Bad,,count,higher,,,,https://example.org/b,\n", "allowed"),
    ("indicators", "BAD,wider_effects,Bad,,count,sideways,,,,https://example.org/b,\n",
     "allowed"),
])
def test_bad_rows_are_reported(folder: Path, table: str, row: str, code: str) -> None:
    path = folder / f"{table}.csv"
    path.write_text(path.read_text(encoding="utf-8") + row, encoding="utf-8")
    found = [p for p in check_folder(folder).results[table].problems if p.severity == "error"]
    assert code in {p.code for p in found}, [p.as_line("en") for p in found]


def test_scorecard_takes_the_latest_alliance_wide_value(data) -> None:
    scores = {s.id: s for s in scorecard(data.tables["indicators"],
                                         data.tables["indicator_values"], "en")}
    reach = scores["REACH"]
    assert reach.latest == 90 and reach.period == "2024"  # not a member's 40 or 30
    assert reach.trend == (20.0, 55.0, 90.0)  # in time order, not file order
    assert reach.approximate is True and reach.as_of == "2024-06"
    assert reach.source == "https://example.org/r3"
    assert reach.reached is False and reach.gap == 10
    assert scores["WAIT"].reached is True and scores["WAIT"].gap == 0  # lower is better
    assert scores["SHARE"].illustrative is True
    assert scores["NONE"].latest is None and scores["NONE"].reached is None
    assert scores["NONE"].source == "https://example.org/n"


def test_scorecard_in_french_falls_back_to_english_names(data) -> None:
    names = {s.id: s.name for s in scorecard(data.tables["indicators"],
                                             data.tables["indicator_values"], "fr")}
    assert names["REACH"] == "Personnes touchées" and names["SHARE"] == "Share mobile"


def test_every_dimension_is_listed_in_the_framework_order(data) -> None:
    grouped = by_dimension(scorecard(data.tables["indicators"],
                                     data.tables["indicator_values"], "en"))
    assert list(grouped) == list(DIMENSIONS)
    assert grouped["wider_effects"] == []
    assert [s.id for s in grouped["education_mobility"]] == ["REACH", "SHARE"]


def test_series_and_charted_indicators(data) -> None:
    values = data.tables["indicator_values"]
    reach = series(values, "REACH")
    assert list(reach["value"]) == [20, 55, 90]
    assert reach["when"].is_monotonic_increasing
    assert charted(data.tables["indicators"], values) == ["REACH"]


@pytest.mark.parametrize(("value", "unit", "lang", "approximate", "text"), [
    (10100, "count", "en", True, "≈ 10,100"),
    (10100, "count", "fr", False, "10\u202f100"),
    (12.5, "percent", "en", False, "12.5%"),
    (50, "percent", "fr", False, "50\u00a0%"),
    (14_400_000, "EUR", "en", False, "EUR 14.4 million"),
    (6_250_000, "EUR", "fr", False, "6,25 millions d'euros"),
    (None, "count", "en", False, "–"),
])
def test_format_value(value, unit, lang, approximate, text) -> None:
    assert format_value(value, unit, lang, approximate) == text


def test_members_side_by_side_counts_hosted_activities_and_member_values(data) -> None:
    frame = members_side_by_side(data.tables["universities"], data.tables["activities"],
                                 data.tables["indicators"], data.tables["indicator_values"],
                                 "en")
    hosted = data.tables["activities"]["host_id"].value_counts()
    assert dict(zip(frame["id"], frame["activities"], strict=True)) == {
        u: int(hosted.get(u, 0)) for u in data.tables["universities"]["id"]}
    per = dict(zip(frame["id"], frame["People reached"], strict=True))
    assert per["UC"] == 40 and per["PUT"] == 30 and pd.isna(per["BTU"])
    assert "sent" not in frame  # nothing imported


@pytest.mark.parametrize(("lang", "as_of", "students"), [
    ("en", ["December 2023", "2020", "2024/25", "–"], "Students"),
    ("fr", ["décembre 2023", "2020", "2024/25", "–"], "Étudiants"),
])
def test_members_table_says_when_in_words_and_keeps_numbers(lang, as_of, students) -> None:
    """"2023-12" read as the file writes it; "12,000" sorted before "7,000" as text."""
    members = pd.DataFrame({
        "id": ["PUT", "BTU", "UNICT", "UVA"], "name": ["P", "B", "U", "V"],
        "students": [14138, 7000, 40287, None], "students_as_of": ["2023-12", "2020", "2024/25",
                                                                  None],
        "activities": [6, 1, 5, 0], "sent": [3, 0, 12, 1], "received": [1, 2, 0, 4],
        "People reached": [30.0, None, 12.5, None]})
    shown, numbers = members_table(members, lang, " (x)")
    assert shown.iloc[:, 2].tolist() == as_of
    assert shown.columns[1] == students and students in numbers
    assert "People reached" in numbers and len(numbers) == 5
    for column in numbers:
        assert pd.api.types.is_numeric_dtype(shown[column]), column
    assert shown.sort_values(students).iloc[:3, 0].tolist() == ["B", "P", "U"]
    assert [c for c in shown.columns if c.endswith(" (x)")] == numbers[2:4]


def test_funding_says_what_each_amount_is(bundled: Path, tmp_path: Path) -> None:
    projects = load_dataset(write_progress_tables(bundled), tmp_path / "keep").tables["projects"]
    money = funding(projects)
    assert {n: (a, k) for n, a, k in zip(money["name"], money["amount"], money["kind"],
                                         strict=True)} == PROJECT_AMOUNTS
    assert list(money["name"]) == ["First phase", "Research project", "Second phase"]


def test_milestone_marks_are_numbered_in_date_order(bundled_dataset) -> None:
    milestones = bundled_dataset.tables["milestones"]
    marks = milestone_marks(milestones, "fr")
    assert list(marks["number"]) == list(range(1, len(marks) + 1))
    assert marks["when"].is_monotonic_increasing
    assert len(marks) == int(milestones["highlight"].fillna(False).sum())


FLOWS = pd.DataFrame({"sending": ["PUT", "PUT", "UC", "UC"],
                      "receiving": ["UC", "UMONS", "PUT", "PUT"],
                      "year": [2022, 2023, 2022, 2023],
                      "participants": [5, 7, 2, 3]})


@pytest.mark.parametrize("flows", [None, FLOWS.iloc[0:0], FLOWS[["year"]]])
def test_mobility_hook_is_a_no_op_when_nothing_is_imported(data, flows) -> None:
    indicators, values = data.tables["indicators"], data.tables["indicator_values"]
    extra_indicators, extra_values = mobility_values(flows, "import")
    assert extra_indicators.empty and extra_values.empty
    assert with_mobility(indicators, values, flows, "import") == (indicators, values)
    assert mobility_by_member(flows).empty


def test_mobility_indicators_are_computed_from_the_flows(data) -> None:
    indicators, values = with_mobility(data.tables["indicators"],
                                       data.tables["indicator_values"], FLOWS,
                                       "erasmus-2023.csv")
    scores = {s.id: s for s in scorecard(indicators, values, "fr")}
    sent = scores["ERASMUS-SENT"]
    assert sent.computed and sent.trend == (7.0, 10.0) and sent.source == "erasmus-2023.csv"
    assert sent.name == "Participants Erasmus+ envoyés par les membres"
    member = values[(values["indicator_id"] == "ERASMUS-RECEIVED")
                    & (values["university_id"] == "PUT")]
    assert list(member["value"]) == [2, 3]
    assert dict(zip(*mobility_by_member(FLOWS)[["id", "sent"]].T.values, strict=True)) == {
        "PUT": 12, "UC": 5, "UMONS": 0}
    assert not scorecard(data.tables["indicators"], data.tables["indicator_values"], "en")[0] \
        .computed


MEMBER_ROWS = pd.DataFrame({"year": [2022, 2022, 2022, 2023],
                            "sending": ["PUT", "PUT", None, "UC"],
                            "receiving": ["UC", None, "UC", None],
                            "participants": [5, 7, 2, 3]})


def test_members_sent_and_received_count_every_partner_as_the_mobility_page(data) -> None:
    by_member = mobility_by_member(MEMBER_ROWS).set_index("id")
    assert by_member.to_dict("index") == {"PUT": {"sent": 12, "received": 0},
                                          "UC": {"sent": 3, "received": 7}}
    _, values = mobility_values(MEMBER_ROWS, "import")
    wide = values[values["university_id"].isna()]
    assert dict(zip(wide["indicator_id"] + "@" + wide["period"], wide["value"], strict=True)) \
        == {"ERASMUS-SENT@2022": 12, "ERASMUS-SENT@2023": 3, "ERASMUS-RECEIVED@2022": 7}


@pytest.mark.parametrize("synthetic", [False, True])
def test_values_from_a_synthetic_sample_are_examples(data, synthetic: bool) -> None:
    indicators, values = with_mobility(data.tables["indicators"],
                                       data.tables["indicator_values"], MEMBER_ROWS, "sample",
                                       synthetic=synthetic)
    scores = {s.id: s for s in scorecard(indicators, values, "en")}
    assert scores["ERASMUS-SENT"].illustrative is synthetic
    computed = values[values["indicator_id"].str.startswith("ERASMUS-")]
    assert set(computed["illustrative"]) == {synthetic}


NAMES_IN_EVERY_LANGUAGE = """
import json
from alliance.indicators import mobility_values
import pandas as pd
rows = pd.DataFrame({"year": [2022], "sending": ["PUT"], "receiving": ["UC"],
                     "participants": [4]})
indicators, _ = mobility_values(rows, "import")
print(json.dumps(indicators.drop(columns=["target", "target_date", "target_source"])
                 .to_dict("records")))
"""


def test_computed_indicators_are_named_in_every_configured_language(tmp_path: Path) -> None:
    """A third language (one catalogue and one line) names the computed indicators too."""
    import json
    import os
    import shutil
    import subprocess
    import sys

    from alliance.i18n import LOCALES_DIR
    from tests.paths import REPO_ROOT

    locales = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, locales)
    english = (locales / "en.toml").read_text(encoding="utf-8")
    (locales / "de.toml").write_text(english.replace(
        '"mobility.sent" = "Erasmus+ participants sent by members"',
        '"mobility.sent" = "Von Mitgliedern entsandte Erasmus+-Teilnehmende"'), encoding="utf-8")
    languages = locales / "languages.toml"
    languages.write_text(languages.read_text(encoding="utf-8").replace(
        '["en", "fr"]', '["en", "fr", "de"]'), encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", NAMES_IN_EVERY_LANGUAGE], cwd=REPO_ROOT,
                          env={**os.environ, "ALLIANCE_LOCALES_DIR": str(locales),
                               "PYTHONPATH": str(REPO_ROOT)},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    sent = json.loads(done.stdout.strip().splitlines()[-1])[0]
    assert sent["name"] == "Erasmus+ participants sent by members"
    assert sent["name_fr"] == "Participants Erasmus+ envoyés par les membres"
    assert sent["name_de"] == "Von Mitgliedern entsandte Erasmus+-Teilnehmende"
