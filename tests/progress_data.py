"""Known indicator, value and project rows for the progress and board pack tests.

Written over a copy of the bundled folder so the tests assert these rows, not the shipped ones.
Project ids are those the bundled activities refer to, so the folder stays valid.
"""

from __future__ import annotations

from pathlib import Path

INDICATORS = (
    "id,dimension,name,name_fr,unit,direction,target,target_date,target_source,source,note\n"
    "MEMBERS,governance_cooperation,Member universities,Universités membres,count,higher,,,,"
    "https://example.org/members,\n"
    "REACH,education_mobility,People reached online,Personnes touchées en ligne,count,higher,"
    "20000,2027,https://example.org/target,https://example.org/reach,\n"
    "COURSES,education_mobility,Online courses,Cours en ligne,count,higher,,,,"
    "https://example.org/courses,\n"
    "SHARE,education_mobility,Share of students abroad,Part des étudiants à l'étranger,percent,"
    "higher,50,,https://example.org/share-target,https://example.org/share,\n"
    "PARTNERS,society_economy,Associated partners,Partenaires associés,count,higher,,,,"
    "https://example.org/partners,\n"
)
VALUES = (
    "id,indicator_id,period,value,approximate,as_of,university_id,source,note,illustrative\n"
    "V01,MEMBERS,2020-07-09,7,false,2020-07-09,,https://example.org/members-2020,,false\n"
    "V02,MEMBERS,2022-09-27,10,false,2022-09-27,,https://example.org/members-2022,,false\n"
    "V03,MEMBERS,2024,10,false,2024,,https://example.org/members-2024,,true\n"
    "V04,REACH,2022,4000,true,2022,,https://example.org/reach-2022,,false\n"
    "V05,REACH,2024,10100,true,2024,,https://example.org/reach-2024,,false\n"
    "V06,COURSES,2024,12,false,2024,UC,https://example.org/uc,,true\n"
    "V07,COURSES,2024,9,false,2024,UMONS,https://example.org/umons,,false\n"
    "V08,PARTNERS,2025,60,true,2025,,https://example.org/partners-2025,,false\n"
)
PROJECTS = (
    "id,name,programme,start,end,budget_eur,amount_kind,coordinator_id,description,note,source\n"
    "EUNICE4U,Second phase,Erasmus+ European Universities,2023-11,2027-10,14400000,"
    "max_eu_grant,PUT,,,https://example.org/phase-2\n"
    "EUNICE,First phase,Erasmus+ European Universities,2020-11,2023-10,6250000,total_budget,"
    "PUT,,,https://example.org/phase-1\n"
    "REUNICE,Research project,Horizon 2020,2021-10-01,2024-09,2000000,,,,,"
    "https://example.org/research\n"
    "PEER-IR-VIEW,Peer project,Erasmus+ KA2,2020,2023,,,UPHF,,,https://example.org/peer\n"
)
# What the rows above give, for the assertions.
PROJECT_AMOUNTS = {"First phase": (6_250_000, "total_budget"),
                   "Second phase": (14_400_000, "max_eu_grant"),
                   "Research project": (2_000_000, "unknown")}


def write_progress_tables(folder: Path) -> Path:
    """Replace the indicators, their values and the projects of `folder` with the rows above."""
    (folder / "indicators.csv").write_text(INDICATORS, encoding="utf-8")
    (folder / "indicator_values.csv").write_text(VALUES, encoding="utf-8")
    (folder / "projects.csv").write_text(PROJECTS, encoding="utf-8")
    return folder
