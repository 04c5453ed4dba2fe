"""Questions asked of the imported mobility rows, answered by DuckDB over the Parquet files.

Members are matched by Erasmus code (both sides normalised the same way), never by name.
Only answers go to pandas: flows between members, and the rows that touch a member summed
over the dimensions the page shows.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from alliance.mobility.imports import Imported, manifest_version, read_manifest, store_dir
from alliance.mobility.normalise import canonical_codes, connect

FLOW_COLUMNS = ["year", "sending", "receiving", "activity", "participants"]
# Where the real files come from; a synthetic import names its sample files instead.
SOURCE = "https://data.europa.eu"


def member_codes(universities: pd.DataFrame) -> pd.DataFrame:
    """id, name, canonical Erasmus code, city and country of each member with a code."""
    frame = pd.DataFrame({
        "id": universities["id"].astype(str),
        "name": universities["name"].astype(str),
        "raw": universities.get("erasmus_code", pd.Series([None] * len(universities)))
        .astype(object).where(lambda s: s.notna(), None),
        "city": universities["city"].astype(str),
        "country": universities["country"].astype(str),
    })
    frame["code"] = canonical_codes(frame["raw"].tolist(), frame["country"].tolist())
    frame["city_key"] = [unicodedata.normalize("NFKD", c).encode("ascii", "ignore").decode()
                         .lower() for c in frame["city"]]
    return frame[["id", "name", "code", "city", "country", "city_key"]]


@dataclass(frozen=True)
class Summary:
    files: int
    years: list[int]
    rows: int
    participants: int
    members_matched: list[str]
    members_unmatched: list[str]
    synthetic: bool


class Mobility:
    """The imported rows of one data folder, ready for queries (cheap to open)."""

    def __init__(self, folder: Path, universities: pd.DataFrame) -> None:
        self.folder = Path(folder)
        self.imports: list[Imported] = read_manifest(self.folder)
        self.version = manifest_version(self.folder)
        self.members = member_codes(universities)
        self._lock = threading.Lock()  # one DuckDB connection, one query at a time
        self._pairs = False  # the member pairs table, made on the first flows question
        self.con = connect("1GB", 2)
        self.con.register("members_df", self.members)
        self.con.execute("CREATE TABLE members AS SELECT * FROM members_df WHERE code IS NOT NULL")
        self.con.unregister("members_df")
        files = [str(store_dir(self.folder) / e.parquet) for e in self.imports]
        quoted = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
        if files:
            self.con.execute(f"CREATE VIEW rows AS SELECT * FROM read_parquet([{quoted}])")

    @property
    def empty(self) -> bool:
        return not self.imports

    @property
    def synthetic(self) -> bool:
        return any(e.synthetic for e in self.imports)

    @property
    def years(self) -> list[int]:
        return sorted({y for e in self.imports for y in e.years})

    def _df(self, sql: str, params: list[object] | None = None) -> pd.DataFrame:
        with self._lock:
            return self.con.execute(sql, params or []).df()

    def flows(self, from_year: int | None = None, to_year: int | None = None,
              activity: str | None = None) -> pd.DataFrame:
        """Participants between pairs of members: year, sending, receiving, activity group."""
        if self.empty:
            return pd.DataFrame({c: [] for c in FLOW_COLUMNS})
        where, params = self._filters(from_year, to_year, [activity] if activity else None)
        with self._lock:
            self._ensure_pairs()
            frame = self.con.execute(f"""
                SELECT year, sending, receiving, activity_group AS activity,
                       CAST(sum(participants) AS BIGINT) AS participants
                FROM pairs WHERE true {where}
                GROUP BY ALL ORDER BY year, sending, receiving, activity""", params).df()
        return frame[FLOW_COLUMNS]

    def _ensure_pairs(self) -> None:
        """Participants between pairs of members per year and activity group, summed once per
        opened import (a few hundred rows): every flows question then reads these, not the
        millions of imported rows. Called with the lock held."""
        if self._pairs:
            return
        self.con.execute("""
            CREATE TEMP TABLE pairs AS
            SELECT year, s.id AS sending, r.id AS receiving, activity_group,
                   sum(participants) AS participants
            FROM rows JOIN members s ON rows.sending_code = s.code
                      JOIN members r ON rows.receiving_code = r.code
            WHERE s.id <> r.id
            GROUP BY ALL""")
        self._pairs = True

    @staticmethod
    def _filters(from_year: int | None, to_year: int | None,
                 groups: list[str] | None) -> tuple[str, list[object]]:
        where, params = "", []
        if from_year is not None:
            where += " AND year >= ?"
            params.append(int(from_year))
        if to_year is not None:
            where += " AND year <= ?"
            params.append(int(to_year))
        if groups:
            where += " AND activity_group IN (" + ", ".join("?" for _ in groups) + ")"
            params.extend(groups)
        return where, params

    def member_rows(self) -> pd.DataFrame:
        """Every row that a member sends or receives, summed over what the page shows.

        `sending`/`receiving` are member ids (None outside the alliance); the codes, names
        and countries of the other ends are kept for the top partners.
        """
        if self.empty:
            return pd.DataFrame(columns=[
                "year", "activity_group", "education_level", "field", "sending", "receiving",
                "sending_code", "receiving_code", "sending_country", "receiving_country",
                "participants"])
        return self._df("""
            SELECT year, activity_group, education_level, field,
                   s.id AS sending, r.id AS receiving,
                   CASE WHEN s.id IS NULL THEN sending_code END AS sending_code,
                   CASE WHEN r.id IS NULL THEN receiving_code END AS receiving_code,
                   CASE WHEN s.id IS NULL THEN sending_country END AS sending_country,
                   CASE WHEN r.id IS NULL THEN receiving_country END AS receiving_country,
                   CAST(sum(participants) AS BIGINT) AS participants
            FROM rows LEFT JOIN members s ON rows.sending_code = s.code
                      LEFT JOIN members r ON rows.receiving_code = r.code
            WHERE s.id IS NOT NULL OR r.id IS NOT NULL
            GROUP BY ALL""")

    def partner_names(self, codes: list[str]) -> dict[str, str]:
        """The name written most often for each of `codes` (names vary; codes do not)."""
        if self.empty or not codes:
            return {}
        frame = pd.DataFrame({"code": list(codes)})
        with self._lock:
            self.con.register("wanted", frame)
            try:
                found = self.con.execute("""
                    SELECT code, mode(name) AS name FROM (
                        SELECT sending_code AS code, sending_name AS name FROM rows
                        WHERE sending_code IN (SELECT code FROM wanted)
                        UNION ALL
                        SELECT receiving_code, receiving_name FROM rows
                        WHERE receiving_code IN (SELECT code FROM wanted))
                    GROUP BY code""").fetchall()
            finally:
                self.con.unregister("wanted")
        return {code: name for code, name in found if name}

    def unmatched(self) -> dict[str, list[tuple[str, str]]]:
        """For each member whose code is in no row: (code, name) pairs seen in its city."""
        if self.empty:
            return {}
        seen = self.flows_members()
        found: dict[str, list[tuple[str, str]]] = {}
        missing = self.members[~self.members["id"].isin(seen)]
        with self._lock:
            for _, member in missing.iterrows():
                near = self.con.execute("""
                    SELECT code, mode(name) FROM (
                        SELECT sending_code AS code, sending_name AS name, sending_city AS city
                        FROM rows UNION ALL
                        SELECT receiving_code, receiving_name, receiving_city FROM rows)
                    WHERE code IS NOT NULL AND lower(strip_accents(city)) = ?
                    GROUP BY code ORDER BY code LIMIT 20""", [member["city_key"]]).fetchall()
                found[str(member["id"])] = [(c, n or "") for c, n in near]
        return found

    def summary(self) -> Summary:
        matched = [] if self.empty else sorted(self.flows_members())
        known = sorted(self.members["id"])
        return Summary(len(self.imports), self.years, sum(e.rows for e in self.imports),
                       sum(e.participants for e in self.imports), matched,
                       [m for m in known if m not in matched], self.synthetic)

    def flows_members(self) -> set[str]:
        """Members whose code appears on either side of some row."""
        with self._lock:
            return {r[0] for r in self.con.execute("""
                SELECT id FROM members m WHERE EXISTS (
                    SELECT 1 FROM rows WHERE rows.sending_code = m.code
                                          OR rows.receiving_code = m.code)""").fetchall()}

    def close(self) -> None:
        with self._lock:
            self.con.close()


def open_mobility(folder: Path, universities: pd.DataFrame) -> Mobility:
    return Mobility(folder, universities)


@dataclass(frozen=True)
class MemberFlows:
    """What the Progress page and the board pack take from the import: the rows that touch a
    member (year, sending, receiving, participants; `None` when nothing is imported), where
    they come from, and whether any is synthetic."""

    rows: pd.DataFrame | None
    source: str
    synthetic: bool
    version: str = ""  # what is imported (`manifest_version`): a key for caches


def member_flows(folder: Path, universities: pd.DataFrame) -> MemberFlows:
    """The imported rows that touch a member, summed per year and pair of ends: the Mobility
    page's definition of sent and received (to and from anyone), for Progress and the pack."""
    mobility = Mobility(folder, universities)
    try:
        if mobility.empty:
            return MemberFlows(None, "", False, mobility.version)
        rows = mobility.member_rows()
        rows = (rows.groupby(["year", "sending", "receiving"], dropna=False)["participants"]
                .sum().reset_index())
        rows = rows[rows["participants"] > 0].reset_index(drop=True)
        sample = [e.file for e in mobility.imports if e.synthetic]
        return MemberFlows(rows, " ".join(sample) or SOURCE, mobility.synthetic,
                           mobility.version)
    finally:
        mobility.close()

