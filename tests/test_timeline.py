"""Timeline frames: honest spans for partial dates, phases, membership and schedules."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from alliance.charts import timeline_chart
from alliance.indicators import milestone_marks
from alliance.meeting import key_dates_markdown
from alliance.timeline import (
    membership_by_year,
    milestone_frame,
    milestones_view,
    opportunities_by_audience,
    project_frame,
    schedule,
    time_range,
)
from alliance.validate import check_folder
from tests.paths import FIXTURE_DATA


def _loaded(name: str, text: str) -> pd.DataFrame:
    """`text` as the table `name` of the fixture folder, typed by the real loader and
    validator (rows with errors held back, as the app does)."""
    report = check_folder(FIXTURE_DATA, overrides={name: text.encode("utf-8")})
    return report.results[name].typed


MILESTONES = _loaded("milestones", """\
id,date,end,title,title_fr,category,university_id,highlight,note,source
M1,2020-07-09,,Selected,Retenue,funding,,true,,https://example.org/
M2,2022-11,,AISBL,,governance,UMONS,true,,https://example.org/
M3,2021,,Weeks,Semaines,event,,false,,https://example.org/
M4,2022-05-30,2022-06-01,Assembly,Assemblée,governance,UPHF,false,,https://example.org/
M5,bad,,Broken,Cassé,event,,false,,https://example.org/
""")
PROJECTS = _loaded("projects", """\
id,name,programme,start,end,budget_eur,amount_kind,coordinator_id,description,note,source
P,Pilot,Erasmus+ European Universities,2020-11,2023-10,,,,,,https://example.org/
E4U,EUNICE4U,Erasmus+ European Universities,2023-11,2027-10,,,,,,https://example.org/
R,REUNICE,Horizon 2020,2021-10-01,2024-09,,,,,,https://example.org/
PIR,Peer-IR-View,Erasmus+ KA2,2020,2023,,,,,,https://example.org/
""")


@pytest.mark.parametrize(("mid", "first", "last", "precision", "span"), [
    ("M1", "2020-07-09", "2020-07-09", "day", False),
    ("M2", "2022-11-01", "2022-11-30", "month", True),
    ("M3", "2021-01-01", "2021-12-31", "year", True),
    ("M4", "2022-05-30", "2022-06-01", "day", True),
])
def test_milestones_cover_the_days_they_honestly_can(mid, first, last, precision, span) -> None:
    row = milestone_frame(MILESTONES, "en").set_index("id").loc[mid]
    assert row["first"] == pd.Timestamp(first) and row["last"] == pd.Timestamp(last)
    assert row["precision"] == precision and bool(row["span"]) is span


def test_unreadable_dates_are_left_out_and_titles_follow_the_language() -> None:
    assert "M5" not in set(MILESTONES["id"])  # the validator holds its row back
    frame = milestone_frame(MILESTONES, "fr")
    titles = dict(zip(frame["id"], frame["title"], strict=True))
    assert titles["M1"] == "Retenue" and titles["M2"] == "AISBL"  # English when untranslated
    assert list(frame["id"]) == ["M1", "M3", "M4", "M2"]  # in time order


def test_category_filter() -> None:
    frame = milestone_frame(MILESTONES, "en", ("governance",))
    assert set(frame["category"]) == {"governance"}
    assert milestone_frame(MILESTONES, "en", ()).empty


def test_key_dates_keep_their_numbers_when_categories_are_filtered() -> None:
    everything = milestone_frame(MILESTONES, "en")
    numbers = dict(zip(everything["id"], everything["key_number"], strict=True))
    assert (numbers["M1"], numbers["M2"]) == (1, 2)
    governance = milestone_frame(MILESTONES, "en", ("governance",))
    key = governance[governance["highlight"]]
    assert dict(zip(key["id"], key["key_number"], strict=True)) == {"M2": 2}
    figure = timeline_chart(governance, project_frame(PROJECTS), "en",
                            time_range(PROJECTS, dt.date(2025, 1, 1)), dt.date(2025, 1, 1))
    badges = [a.text for a in figure.layout.annotations if a.text.startswith("<b>")]
    assert badges == ["<b>2</b>"]
    listed = next(a.text for a in figure.layout.annotations if a.text.startswith("★"))
    assert "<b>2</b>  November 2022" in listed and "<b>1</b>" not in listed


def test_projects_split_into_phases_and_spans() -> None:
    frame = project_frame(PROJECTS).set_index("id")
    assert frame["phase"].to_dict() == {"PIR": False, "P": True, "R": False, "E4U": True}
    assert frame.at["PIR", "first"] == pd.Timestamp("2020-01-01")
    assert frame.at["PIR", "last"] == pd.Timestamp("2023-12-31")
    assert frame.at["E4U", "last"] == pd.Timestamp("2027-10-31")


def test_time_range_ends_with_the_current_funding_period() -> None:
    assert time_range(PROJECTS, dt.date(2025, 1, 1)) == (pd.Timestamp("2020-01-01"),
                                                         pd.Timestamp("2027-10-31"))
    no_phase = PROJECTS[PROJECTS["id"] == "R"]
    assert time_range(no_phase, dt.date(2025, 3, 1))[1] == pd.Timestamp("2025-12-31")


def test_membership_by_year_counts_members_and_countries() -> None:
    universities = pd.DataFrame({"joined": ["2020-07-09", "2020", "2022-09-27", "2022-09-27"],
                                 "country": ["PL", "DE", "SE", "DE"]})
    frame = membership_by_year(universities, 2024)
    assert list(frame["year"]) == [2020, 2021, 2022, 2023, 2024]
    assert list(frame["members"]) == [2, 2, 4, 4, 4]
    assert list(frame["countries"]) == [2, 2, 3, 3, 3]
    assert list(frame["new"]) == [2, 0, 2, 0, 0]


ACTIVITIES = pd.DataFrame({
    "id": ["A1", "A2", "A3", "A4", "A5"],
    "title": ["Past", "Running", "Next", "Later", "Undated"],
    "audience": ["students", "staff", "students", "researchers", "students"],
    "start": ["2024-01-01", "2025-01", "2025-06-01", "2026", None],
    "end": ["2024-02-01", "2025-12", "2025-06-10", None, None],
    "apply_by": [None, None, "2025-05-01", None, None],
    "illustrative": [False, False, True, False, False],
})


def test_schedule_keeps_running_and_upcoming_soonest_first() -> None:
    frame = schedule(ACTIVITIES, dt.date(2025, 3, 1))
    assert list(frame["id"]) == ["A2", "A3", "A4"]
    later = frame.set_index("id").loc["A4"]
    assert later["last"] == pd.Timestamp("2026-12-31")  # a year-only date covers the year
    assert list(schedule(ACTIVITIES, dt.date(2025, 3, 1), "students")["id"]) == ["A3"]


def test_opportunities_by_audience() -> None:
    counts = opportunities_by_audience(ACTIVITIES, dt.date(2025, 3, 1)).set_index("audience")
    assert counts.at["students", "upcoming"] == 1 and counts.at["students", "open_now"] == 1
    assert counts.at["staff", "running"] == 1 and counts.at["researchers", "upcoming"] == 1


def test_milestones_view_keeps_each_date_at_its_precision() -> None:
    view = milestones_view(milestone_frame(MILESTONES, "fr"), "fr")
    assert list(view.columns) == ["Date", "Quoi", "Catégorie"]
    rows = dict(zip(view["Quoi"], view["Date"], strict=True))
    assert rows["★ Retenue"] == "9 juillet 2020"
    assert rows["Semaines"] == "2021"
    assert rows["Assemblée"] == "30 mai 2022 – 1 juin 2022"
    assert "gouvernance" in set(view["Catégorie"])


SAME_DAY = _loaded("milestones", """\
id,date,end,title,title_fr,category,university_id,highlight,note,source
M9,2022-11-15,,Later in the file,Plus loin,governance,,true,,https://example.org/
M1,2020-07-09,,Selected,Retenue,funding,,true,,https://example.org/
M2,2022-11-15,,Earlier in the file,Plus tôt,membership,,true,,https://example.org/
M3,2021,,Weeks,Semaines,event,,false,,https://example.org/
""")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_key_dates_have_one_number_on_the_timeline_progress_and_slides(lang: str) -> None:
    """Two key dates on one day get the same numbers wherever they are marked."""
    timeline = milestone_frame(SAME_DAY, lang).dropna(subset=["key_number"])
    on_timeline = dict(zip(timeline["title"], timeline["key_number"].astype(int), strict=True))
    marks = milestone_marks(SAME_DAY, lang)
    on_progress = dict(zip(marks["title"], marks["number"], strict=True))
    slide = key_dates_markdown(SAME_DAY, lang, numbered=True).splitlines()
    on_slide = {line.rsplit(" · ", 1)[1]: int(line.split(".", 1)[0]) for line in slide}
    assert on_timeline == on_progress == on_slide
    assert sorted(on_timeline.values()) == [1, 2, 3]
    assert on_timeline[timeline["title"].iloc[0]] == 1  # the 2020 selection comes first
