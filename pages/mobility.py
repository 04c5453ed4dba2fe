"""Mobility: Erasmus+ participants between the members and beyond, from the imported files."""

from __future__ import annotations

import streamlit as st

from alliance.charts import acronym_key
from alliance.files import data_dir
from alliance.geo import member_points
from alliance.i18n import format_number, format_share, t
from alliance.mobility import GROUPS
from alliance.mobility import figures as fig
from alliance.mobility.imports import manifest_version
from alliance.mobility.query import Mobility
from alliance.text import markdown
from ui.frame import dataset, language, tables_in
from ui.widgets import chart, number_column

lang = language()
data = dataset()
folder = data_dir()


@st.cache_resource(show_spinner=False, max_entries=4)
def _model(folder_: str, imported: str, version: str, _data: object) -> dict[str, object]:
    """The member rows and what does not change with the filters, once per import and data."""
    del imported, version  # the cache key
    mobility = Mobility(folder_, _data.tables["universities"])  # type: ignore[attr-defined]
    rows = mobility.member_rows()
    partners = [c for c in set(rows["sending_code"].dropna()) | set(rows["receiving_code"]
                                                                   .dropna())]
    return {"mobility": mobility, "rows": rows, "names": mobility.partner_names(partners),
            "unmatched": mobility.unmatched()}


@st.cache_resource(show_spinner=False, max_entries=64)
def _view(imported: str, version: str, years: tuple[int, int], groups: tuple[str, ...],
          member: str, lang_: str, _model_: dict[str, object],
          _points: object, _names: dict[str, str]) -> dict[str, object]:
    """Sums and figures for one choice of filters (shared read-only across sessions)."""
    del imported, version
    rows = fig.filtered(_model_["rows"], years, list(groups))  # type: ignore[arg-type]
    every = fig.filtered(_model_["rows"], None, list(groups))  # type: ignore[arg-type]
    ids = list(_model_["mobility"].members["id"])  # type: ignore[attr-defined]
    table = fig.matrix(rows, ids)
    latest = int(_model_["rows"]["year"].max())  # type: ignore[index]
    return {
        "years": fig.by_year(rows), "table": table,
        "trend": fig.trend_chart(fig.by_year(every), lang_, latest),
        "heatmap": fig.heatmap(table, lang_, names=_names),
        "map": fig.arcs_map(table, _points, lang_),  # type: ignore[arg-type]
        "member": {by: fig.breakdown_chart(fig.member_breakdown(rows, member, by), lang_,
                                           t(f"mobility.by.{by}", lang_, member=member),
                                           groups=by == "activity_group")
                   for by in ("year", "activity_group", "education_level", "field")},
        "year_table": fig.year_table(fig.by_year(rows), lang_),
        "out": fig.outside_table(fig.outside(rows, "out", _model_["names"]),  # type: ignore[arg-type]
                                 lang_),
        "in": fig.outside_table(fig.outside(rows, "in", _model_["names"]),  # type: ignore[arg-type]
                                lang_),
    }


st.title(t("mobility.title", lang))
imported = manifest_version(folder)
model = _model(str(folder), imported, data.version, data)
mobility: Mobility = model["mobility"]  # type: ignore[assignment]
if mobility.empty:
    st.info(t("mobility.empty", lang), icon=":material/info:")
    st.stop()
if mobility.synthetic:
    st.warning(t("mobility.synthetic", lang), icon=":material/science:")

known_years = mobility.years
ids = list(mobility.members["id"])


def _years_from_address() -> tuple[int, int]:
    raw = st.query_params.get("years", "")
    try:
        first, last = (int(p) for p in raw.split("-", 1))
    except ValueError:
        return known_years[0], known_years[-1]
    first, last = max(first, known_years[0]), min(last, known_years[-1])
    return (first, last) if first <= last else (known_years[0], known_years[-1])


# The address gives the first state (widgets' defaults); the widgets keep it from then on.
wanted = st.query_params.get("member")
left, middle, right = st.columns([2, 2, 1])
with left:
    if len(known_years) > 1:
        years = st.select_slider(t("mobility.filter.years", lang),
                                 options=list(range(known_years[0], known_years[-1] + 1)),
                                 value=_years_from_address(), key="mobility_years")
        if not isinstance(years, tuple | list):  # both ends on one year
            years = (years, years)
    else:
        years = (known_years[0], known_years[0])
with middle:
    groups = st.multiselect(t("mobility.filter.activity", lang), GROUPS, key="mobility_groups",
                            default=[g for g in st.query_params.get_all("activity")
                                     if g in GROUPS],
                            format_func=lambda g: t(f"mobility.group.{g}", lang),
                            placeholder=t("mobility.filter.all", lang))
with right:
    member = st.selectbox(t("mobility.filter.member", lang), ids, key="mobility_member",
                          index=ids.index(wanted) if wanted in ids else 0)

st.query_params.from_dict({"lang": lang, "years": f"{years[0]}-{years[1]}",
                           "activity": list(groups), "member": member})

points = member_points(data.tables["universities"], data.tables["locations"])
universities = tables_in(data, lang)["universities"]
member_names = dict(zip(universities["id"], universities["name"], strict=True))
view = _view(imported, data.version, (int(years[0]), int(years[1])), tuple(groups), member,
             lang, model, points, member_names)
per_year = view["years"]
sent, received, inside = (int(per_year[c].sum()) for c in ("sent", "received", "inside"))
share = inside / sent if sent else 0.0
a, b, c = st.columns(3)
a.metric(t("mobility.metric.sent", lang), format_number(sent, lang))
b.metric(t("mobility.metric.received", lang), format_number(received, lang))
c.metric(t("mobility.metric.inside", lang), format_share(share, lang))
st.caption(t("mobility.rule", lang))

chart(view["trend"], "mobility_trend", t("mobility.trend.alt", lang))
# Counts as numbers: they sort as such and read in the reader's format ("3 337").
counts = [t(f"mobility.series.{c}", lang) for c in ("sent", "received", "inside")]
st.dataframe(view["year_table"], hide_index=True, width="stretch",
             column_config={c: number_column(c, lang) for c in counts})

heat, arcs = st.columns(2)
with heat:
    # The matrix labels members by acronym, for room: the key names each one.
    chart(view["heatmap"], "mobility_matrix", t("mobility.matrix.alt", lang) + " "
          + markdown(acronym_key(universities, list(view["table"].index), lang)))
with arcs:
    chart(view["map"], "mobility_map", t("mobility.map.alt", lang))

st.subheader(t("mobility.member.header", lang, member=member))
for by, figure in view["member"].items():
    chart(figure, f"mobility_member_{by}", t("mobility.member.alt", lang, member=member))

out_col, in_col = st.columns(2)
for column, key, title in ((out_col, "out", "mobility.outside.out"),
                           (in_col, "in", "mobility.outside.in")):
    with column:
        st.subheader(t(title, lang))
        # A table shows data text as text: names from the files are never read as markup.
        participants = t("mobility.participants", lang)
        st.dataframe(view[key], hide_index=True, width="stretch",
                     column_config={participants: number_column(participants, lang)})

if model["unmatched"]:
    with st.expander(t("mobility.unmatched.header", lang), icon=":material/search:"):
        for who, near in model["unmatched"].items():  # type: ignore[union-attr]
            st.text(t("mobility.unmatched.line", lang, member=who,
                      codes="; ".join(f"{code!r} {name}" for code, name in near) or "–"))
