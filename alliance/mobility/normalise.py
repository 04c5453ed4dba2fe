"""What the published files really hold, made comparable: one SQL statement run by DuckDB.

The statement is written in layers, each computing a value once for the next, with cheap
string functions on the common path and regular expressions only where a cell is unusual.
The tests run it over a few rows (`normalise_rows`); the import runs it over the distinct
values of each column of a file (a few hundred where the file has a million rows) and gives
every row the results (`mapped_sql`): one implementation for both.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from alliance.mobility.layouts import FIELDS, Detected

# The Erasmus code's prefix for each country (ISO 3166-1, with the Commission's EL and UK
# already turned into GR and GB). A code is the prefix padded with spaces to three
# characters (at least one space), then the city part and a number: `D  COTTBUS03`.
ERASMUS_PREFIX = {
    "AT": "A", "BE": "B", "BG": "BG", "CY": "CY", "CZ": "CZ", "DE": "D", "DK": "DK",
    "EE": "EE", "ES": "E", "FI": "SF", "FR": "F", "GB": "UK", "GR": "G", "HR": "HR",
    "HU": "HU", "IE": "IRL", "IS": "IS", "IT": "I", "LI": "FL", "LT": "LT", "LU": "LUX",
    "LV": "LV", "MK": "MK", "MT": "MT", "NL": "NL", "NO": "N", "PL": "PL", "PT": "P",
    "RO": "RO", "RS": "RS", "SE": "S", "SI": "SI", "SK": "SK", "TR": "TR",
}
COMMISSION_COUNTRIES = {"EL": "GR", "UK": "GB"}
# Spelled out in the published files where a value is missing (compared case-blind).
MISSING_MARKERS = ("-", "undefined", "?? unknown", "??? - ? unknown ?")
TEXT_FIELDS = tuple(f for f in FIELDS if f not in ("participants",))
# Fields the page and queries group by: trimmed, markers in any case and spacing. The others
# are kept as published, with the exact markers as NULL (cheaper: a million rows each).
KEY_FIELDS = ("academic_year", "start", "end", "activity", "field", "education_level",
              "sending_country", "sending_city", "sending_name", "sending_code",
              "receiving_country", "receiving_city", "receiving_name", "receiving_code",
              "participants")
EXACT_MARKERS = ("", "-", "Undefined", "?? Unknown", "??? - ? Unknown ?")
_PREFIXES = "|".join(sorted(set(ERASMUS_PREFIX.values()), key=lambda p: (-len(p), p)))
OUTPUT = (
    "project", "academic_year", "year", "start_month", "end_month", "duration", "activity",
    "activity_group", "field", "nationality", "education_level", "gender", "profile",
    "special_needs", "fewer_opportunities", "group_leader", "age", "sending_country",
    "sending_city", "sending_name", "sending_code", "receiving_country", "receiving_city",
    "receiving_name", "receiving_code", "participants", "problem",
)


def _case(value: str, mapping: dict[str, str], default: str) -> str:
    arms = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in mapping.items())
    return f"CASE {value} {arms} ELSE {default} END"


def _clean(raw: str) -> str:
    """Trimmed, no-break spaces as spaces (they pad the codes of some files)."""
    return (f"CASE WHEN contains({raw}, chr(160)) OR {_padded(raw)} "
            f"THEN trim(replace({raw}, chr(160), ' ')) ELSE {raw} END")


def _padded(raw: str) -> str:
    return f"(starts_with({raw}, ' ') OR ends_with({raw}, ' '))"


def _trim(raw: str) -> str:
    """Trimmed; most cells need nothing, and are passed on without a copy."""
    return f"CASE WHEN {_padded(raw)} THEN trim({raw}) ELSE {raw} END"


def _any(value: str, items: tuple[str, ...]) -> str:
    """`value` equal to one of `items`, as ORed comparisons: DuckDB turns an IN list of
    several constants into a join per column, which costs more than the comparisons."""
    return "(" + " OR ".join(f"{value} = '{item}'" for item in items) + ")"


def _exact(raw: str) -> str:
    return f"CASE WHEN {_any(raw, EXACT_MARKERS)} THEN NULL ELSE {raw} END"


def _text(clean: str) -> str:
    """NULL for empty cells and missing markers in any case (`clean` is a trimmed cell);
    the first letter is tested first, so most cells cost one comparison."""
    return (f"CASE WHEN {clean} = '' THEN NULL "
            f"WHEN NOT (left({clean}, 1) IN ('-', '?', 'u', 'U')) THEN {clean} "
            f"WHEN {_any(clean, EXACT_MARKERS)} THEN NULL "
            f"WHEN left({clean}, 1) IN ('?', 'u', 'U') "
            f"AND ({_any(f'lower({clean})', MISSING_MARKERS)} "
            f"OR (starts_with({clean}, '?') AND contains(lower({clean}), 'unknown'))) "
            f"THEN NULL ELSE {clean} END")


def _month(value: str) -> tuple[str, str]:
    """Year and month numbers of a start or end cell: 2019-09 (fast path), 2019/9, 09/2019,
    201909, or a date such as 2019-09-01 (as XLSX cells arrive)."""
    fast = f"(length({value}) >= 6 AND substr({value}, 5, 1) IN ('-', '/', '.'))"
    year = (f"CASE WHEN {fast} THEN TRY_CAST(substr({value}, 1, 4) AS INTEGER) "
            f"WHEN regexp_matches({value}, '^\\d{{1,2}}[-/.]\\d{{4}}$') "
            f"THEN TRY_CAST(regexp_extract({value}, '(\\d{{4}})$', 1) AS INTEGER) "
            f"WHEN regexp_matches({value}, '^\\d{{6}}$') "
            f"THEN TRY_CAST(substr({value}, 1, 4) AS INTEGER) END")
    month = (f"CASE WHEN {fast} THEN TRY_CAST(regexp_extract({value}, "
             f"'^\\d{{4}}[-/.](\\d{{1,2}})(?:$|[-/.T ])', 1) AS INTEGER) "
             f"WHEN regexp_matches({value}, '^\\d{{1,2}}[-/.]\\d{{4}}$') "
             f"THEN TRY_CAST(regexp_extract({value}, '^(\\d{{1,2}})', 1) AS INTEGER) "
             f"WHEN regexp_matches({value}, '^\\d{{6}}$') "
             f"THEN TRY_CAST(substr({value}, 5, 2) AS INTEGER) END")
    return year, month


def _country(value: str) -> str:
    two = (f"upper(CASE WHEN length({value}) = 2 THEN {value} "
           f"ELSE trim(split_part({value}, ' - ', 1)) END)")
    return (f"CASE WHEN regexp_matches({two}, '^[A-Z]{{2}}$') "
            f"THEN {_case(two, COMMISSION_COUNTRIES, two)} END")


def _code_parts(code: str, country: str) -> tuple[str, str]:
    """Prefix and rest of a collapsed, upper-cased code (`code` has single spaces)."""
    expected = _case(country, ERASMUS_PREFIX, "NULL")
    prefix = (f"CASE WHEN {code} IS NULL THEN NULL "
              f"WHEN contains({code}, ' ') THEN split_part({code}, ' ', 1) "
              f"WHEN starts_with({code}, {expected}) AND length({code}) > length({expected}) "
              f"THEN {expected} "
              f"ELSE regexp_extract({code}, '^({_PREFIXES})[A-Z0-9-]', 1) END")
    return prefix, code


def _code(prefix: str, code: str) -> str:
    rest = f"replace(substr({code}, length({prefix}) + 1), ' ', '')"
    return (f"CASE WHEN {code} IS NULL THEN NULL WHEN {prefix} = '' THEN replace({code}, ' ', '') "
            f"ELSE rpad({prefix}, CAST(greatest(3, length({prefix}) + 1) AS INTEGER), ' ') "
            f"|| {rest} END")


def _group(activity: str) -> str:
    """The activity label's group; traineeships first: "Student mobility for traineeships"."""
    return (f"CASE WHEN {activity} IS NULL THEN 'other' "
            f"WHEN {activity} ILIKE '%traineeship%' OR {activity} ILIKE '%placement%' "
            f"OR {activity} ILIKE '%internship%' THEN 'traineeship' "
            f"WHEN {activity} ILIKE '%teaching%' THEN 'staff_teaching' "
            f"WHEN {activity} ILIKE '%staff%' AND {activity} ILIKE '%training%' "
            f"THEN 'staff_training' "
            f"WHEN {activity} ILIKE '%stud%' THEN 'study' ELSE 'other' END")


def _academic(value: str, year: str, month: str) -> str:
    """2014-2015, 2014/15 or 2014-15 as 2014/15; missing: from the start month (August on
    belongs to the year that starts then)."""
    given = (f"CASE WHEN regexp_matches({value}, '^\\d{{4}} ?[-/] ?(\\d{{2}}|\\d{{4}})$') "
             f"AND TRY_CAST(right({value}, 2) AS INTEGER) "
             f"= (TRY_CAST(left({value}, 4) AS INTEGER) + 1) % 100 "
             f"THEN left({value}, 4) || '/' || right({value}, 2) END")
    first = f"({year} - CASE WHEN {month} < 8 THEN 1 ELSE 0 END)"
    derived = (f"CASE WHEN {year} IS NOT NULL THEN CAST({first} AS VARCHAR) || '/' "
               f"|| lpad(CAST(({first} + 1) % 100 AS VARCHAR), 2, '0') END")
    return f"coalesce({given}, {derived})"


def normalising_sql(detected: Detected, source: str, keep: tuple[str, ...] = ()) -> str:
    """SELECT of the OUTPUT columns from `source`, a relation with columns c0, c1, ...

    `problem` names what makes a row unusable (participants or start month), else NULL.
    `keep` are columns of `source` passed on as they are, after the OUTPUT columns.
    """
    def raw(name: str) -> str:
        position = detected.positions[name]
        return "CAST(NULL AS VARCHAR)" if position is None else f"c{position}"

    # 0. each cell trimmed once; 1. missing markers
    zero = [f"{_clean(raw(f)) if f.endswith('_code') else _trim(raw(f))} AS r_{f}"
            if f in KEY_FIELDS else f"{raw(f)} AS r_{f}" for f in FIELDS] + list(keep)
    first = [f"{_text('r_' + f) if f in KEY_FIELDS else _exact('r_' + f)} AS t_{f}"
             for f in TEXT_FIELDS]
    first += ["r_participants AS t_participants", *keep]
    # 2. countries, numbers and collapsed codes
    y, m = _month("t_start")
    ey, em = _month("t_end")
    second = ["*", f"{y} AS y_start", f"{m} AS m_start", f"{ey} AS y_end", f"{em} AS m_end",
              f"{_country('t_sending_country')} AS sending_country",
              f"{_country('t_receiving_country')} AS receiving_country",
              # TRY_CAST rounds 1.5 to 2: only whole numbers (2.0 as XLSX cells write them)
              "CASE WHEN NOT contains(t_participants, '.') "
              "THEN TRY_CAST(t_participants AS BIGINT) "
              "WHEN regexp_matches(t_participants, '^-?\\d+\\.0+$') "
              "THEN TRY_CAST(split_part(t_participants, '.', 1) AS BIGINT) "
              "END AS n_participants"]
    for side in ("sending", "receiving"):
        second.append(f"CASE WHEN contains(t_{side}_code, '  ') "
                      f"THEN regexp_replace(upper(t_{side}_code), ' +', ' ', 'g') "
                      f"ELSE upper(t_{side}_code) END AS u_{side}_code")
    # 3. code prefixes, valid months
    third = ["*"]
    for side in ("sending", "receiving"):
        prefix, _ = _code_parts(f"u_{side}_code", f"{side}_country")
        third.append(f"{prefix} AS p_{side}_code")
    third += ["CASE WHEN m_start BETWEEN 1 AND 12 AND y_start BETWEEN 1990 AND 2100 "
              "THEN y_start END AS year",
              "CASE WHEN m_end BETWEEN 1 AND 12 AND y_end BETWEEN 1990 AND 2100 "
              "THEN y_end END AS year_end"]
    last = {
        "project": "t_project",
        "academic_year": _academic("t_academic_year", "year", "m_start"),
        "year": "year",
        "start_month": "CASE WHEN year IS NOT NULL THEN CAST(year AS VARCHAR) || '-' || "
                       "lpad(CAST(m_start AS VARCHAR), 2, '0') END",
        "end_month": "CASE WHEN year_end IS NOT NULL THEN CAST(year_end AS VARCHAR) || '-' || "
                     "lpad(CAST(m_end AS VARCHAR), 2, '0') END",
        "duration": "TRY_CAST(t_duration AS DOUBLE)",
        "activity": "t_activity",
        "activity_group": _group("t_activity"),
        "field": "t_field",
        "nationality": _country("t_nationality"),
        "age": "TRY_CAST(t_age AS INTEGER)",
        "sending_code": _code("p_sending_code", "u_sending_code"),
        "receiving_code": _code("p_receiving_code", "u_receiving_code"),
        "participants": "n_participants",
        "problem": "CASE WHEN n_participants IS NULL OR n_participants < 0 "
                   "THEN 'mobility_participants' "
                   "WHEN year IS NULL THEN 'mobility_start' END",
    }
    for name in ("education_level", "gender", "profile", "special_needs",
                 "fewer_opportunities", "group_leader", "sending_city", "sending_name",
                 "receiving_city", "receiving_name"):
        last[name] = f"t_{name}"
    last["sending_country"] = "sending_country"
    last["receiving_country"] = "receiving_country"
    outer = ", ".join([f"{last[name]} AS {name}" for name in OUTPUT] + list(keep))
    return (f"SELECT {outer} FROM (SELECT {', '.join(third)} FROM (SELECT {', '.join(second)} "
            f"FROM (SELECT {', '.join(first)} FROM (SELECT {', '.join(zero)} FROM {source}))))")


# --- the same rule applied to each column's distinct values --------------------------------

# The raw fields each OUTPUT column is computed from in `normalising_sql`. Outputs that share
# a field are normalised together, over the distinct combinations of their fields (a few
# hundred in a published file), so the rule runs once per value instead of once per row.
INPUTS: dict[str, tuple[str, ...]] = {
    **{name: (name,) for name in OUTPUT if name in FIELDS},
    "academic_year": ("academic_year", "start"),
    "year": ("start",),
    "start_month": ("start",),
    "end_month": ("end",),
    "activity_group": ("activity",),
    "sending_code": ("sending_code", "sending_country"),
    "receiving_code": ("receiving_code", "receiving_country"),
    "problem": ("participants", "start"),
}
# A project reference is unique to its row: mapping it would cost more than its rule.
PER_ROW = ("project",)
# Up to this many values are applied as a CASE expression, more by a join (which costs a
# hash probe per row whatever the number of values).
CASE_LIMIT = 32


def _groups() -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """(fields, outputs) normalised together: outputs joined while they share a field."""
    found: list[tuple[set[str], list[str]]] = []
    for name in OUTPUT:
        if name in PER_ROW:
            continue
        fields, outputs = set(INPUTS[name]), [name]
        for group in [g for g in found if g[0] & fields]:
            found.remove(group)
            fields |= group[0]
            outputs = group[1] + outputs
        found.append((fields, outputs))
    return tuple((tuple(f for f in FIELDS if f in fields), tuple(o for o in OUTPUT if o in outs))
                 for fields, outs in found)


GROUPS = _groups()


def _columns(detected: Detected, fields: tuple[str, ...]) -> list[str]:
    return [f"c{detected.positions[f]}" for f in fields if detected.positions[f] is not None]


def distinct_sql(detected: Detected, source: str) -> str:
    """One pass over `source` giving each group's distinct combinations of values, told
    apart by `grouping_id` (see `mapped_sql`)."""
    columns = [c for fields, _ in GROUPS for c in _columns(detected, fields)]
    sets = ", ".join("(" + ", ".join(cs) + ")" for fields, _ in GROUPS
                     if (cs := _columns(detected, fields)))
    if not columns:
        return "SELECT 0 AS grouping_id WHERE false"
    return (f"SELECT grouping_id({', '.join(columns)}) AS grouping_id, {', '.join(columns)} "
            f"FROM {source} GROUP BY GROUPING SETS ({sets})")


def _literal(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"CAST('{value!r}' AS DOUBLE)"
    return "'" + str(value).replace("'", "''") + "'"


def mapped_sql(con: duckdb.DuckDBPyConnection, detected: Detected, source: str,
               distinct: str) -> str:
    """SELECT of the OUTPUT columns from `source`, equal to `normalising_sql`'s, with each
    group's rule applied once to its distinct values (the table `distinct`, made by
    `distinct_sql` from the same source) and then to the rows by a CASE or a join.

    Creates temporary tables in `con`: `normalised_values`, and `mapping_<n>` for joins,
    which must be run with the optimiser's `build_side_probe_side` off: it takes the file
    (whose size it does not know) for the small side and would hold it all in memory.
    """
    every = [c for fields, _ in GROUPS for c in _columns(detected, fields)]
    # One statement for every group (planning the rule costs more than running it on a few
    # thousand values): a row of one group's values gives that group's outputs; its other
    # outputs, computed from missing values, are not used.
    grouped = Detected(detected.layout, {f: (None if f in PER_ROW else p)
                                         for f, p in detected.positions.items()})
    con.execute("CREATE OR REPLACE TEMP TABLE normalised_values AS SELECT * FROM "
                f"({normalising_sql(grouped, distinct, ('grouping_id', *every))})")
    types = {name: kind for name, kind, *_ in
             con.execute("DESCRIBE normalised_values").fetchall()}
    expressions: dict[str, str] = {"project": _exact(
        "CAST(NULL AS VARCHAR)" if detected.positions["project"] is None
        else f"src.c{detected.positions['project']}")}
    joins: list[str] = []
    for number, (fields, outputs) in enumerate(GROUPS):
        keys = _columns(detected, fields)
        gid = sum(1 << (len(every) - 1 - i) for i, c in enumerate(every) if c not in keys)
        values = f"(SELECT * FROM normalised_values WHERE grouping_id = {gid})"
        cased = _cased(con, values, keys, outputs, types)
        if cased is not None:
            expressions.update(cased)
            continue
        table = f"mapping_{number}"
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS "
                    f"SELECT {', '.join(keys + list(outputs))} FROM {values}")
        on = " AND ".join(f"src.{k} IS NOT DISTINCT FROM {table}.{k}" for k in keys)
        joins.append(f"LEFT JOIN {table} ON {on}")
        expressions.update({name: f"{table}.{name}" for name in outputs})
    # A row whose values the mapping lacks (none should) is refused rather than kept empty.
    expressions["problem"] = (f"CASE WHEN {expressions['participants']} IS NULL "
                              f"THEN 'mobility_participants' ELSE {expressions['problem']} END")
    select = ", ".join(f"{expressions[name]} AS {name}" for name in OUTPUT)
    return f"SELECT {select} FROM {source} AS src {' '.join(joins)}"


def _cased(con: duckdb.DuckDBPyConnection, values: str, keys: list[str],
           outputs: tuple[str, ...], types: dict[str, str]) -> dict[str, str] | None:
    """Each output as a CASE over the values it changes, when the group has one field
    (or none) and few such values; None when a join is cheaper."""
    if len(keys) > 1:
        return None
    if not keys:  # none of the group's fields is in the file: the same for every row
        row = con.execute(f"SELECT {', '.join(outputs)} FROM normalised_values "
                          "LIMIT 1").fetchone() or [None] * len(outputs)
        return {name: f"CAST({_literal(value)} AS {types[name]})"
                for name, value in zip(outputs, row, strict=True)}
    key = keys[0]
    found: dict[str, str] = {}
    for name in outputs:
        # A text output equal to its cell needs no arm; other types need one per value.
        same = types[name] == "VARCHAR"
        where = f"WHERE {name} IS DISTINCT FROM {key}" if same else ""
        arms = con.execute(f"SELECT {key}, {name} FROM {values} {where} "
                           f"LIMIT {CASE_LIMIT + 1}").fetchall()
        if len(arms) > CASE_LIMIT:
            return None
        otherwise = f"src.{key}" if same else "NULL"
        if not arms:
            found[name] = f"CAST({otherwise} AS {types[name]})"
            continue
        cases = " ".join(
            f"WHEN src.{key} {'IS NULL' if raw is None else '= ' + _literal(raw)} "
            f"THEN {_literal(value)}" for raw, value in arms)
        found[name] = f"CAST(CASE {cases} ELSE {otherwise} END AS {types[name]})"
    return found


def problem_column(problem: str | None) -> str | None:
    """Which of our fields a row's problem is about."""
    return {"mobility_participants": "participants", "mobility_start": "start"}.get(problem or "")


def connect(memory_limit: str = "1GB", threads: int = 2) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB limited so an import stays small whatever the file's size."""
    return duckdb.connect(config={"memory_limit": memory_limit, "threads": threads,
                                  "preserve_insertion_order": False})


def normalise_rows(detected: Detected, rows: list[list[str | None]]) -> list[dict[str, object]]:
    """The import's normalisation applied to a few rows of a file (header already detected)."""
    width = max(p for p in detected.positions.values() if p is not None) + 1
    table = pa.table({f"c{i}": pa.array([r[i] if i < len(r) else None for r in rows],
                                        pa.string()) for i in range(width)})
    con = connect("256MB", 1)
    try:
        con.register("given", table)
        result = con.execute(normalising_sql(detected, "given"))
        names = [d[0] for d in result.description]
        return [dict(zip(names, row, strict=True)) for row in result.fetchall()]
    finally:
        con.close()


def canonical_codes(codes: list[str | None], countries: list[str | None]) -> list[str | None]:
    """Erasmus codes as the import stores them, e.g. for the members of universities.csv."""
    con = connect("128MB", 1)
    try:
        con.register("given", pa.table({"code": pa.array(codes, pa.string()),
                                        "country": pa.array(countries, pa.string()),
                                        "n": pa.array(range(len(codes)), pa.int64())}))
        sql = (f"SELECT {_code('p', 'u')} FROM (SELECT {_code_parts('u', 'k')[0]} AS p, * "
               f"FROM (SELECT CASE WHEN {_text(_clean('code'))} IS NULL THEN NULL ELSE "
               f"regexp_replace(upper({_text(_clean('code'))}), ' +', ' ', 'g') END AS u, "
               f"{_country('country')} AS k, n FROM given)) ORDER BY n")
        return [r[0] for r in con.execute(sql).fetchall()]
    finally:
        con.close()
