"""Progress: the scorecard by dimension, each indicator over time, members and funding."""

import pandas as pd
import streamlit as st

from alliance.i18n import format_date, t
from alliance.indicators import (
    amount_label,
    by_dimension,
    distance_text,
    format_money,
    format_value,
    funding,
    members_side_by_side,
    members_table,
    milestone_marks,
    mobility_by_member,
    per_member_indicators,
    scorecard,
    series,
    target_text,
    with_mobility,
)
from alliance.progress_charts import funding_chart, members_chart, over_time
from alliance.report import short_source
from alliance.text import markdown
from ui.frame import dataset, language, mobility_flows, table
from ui.widgets import cached, chart, number_column

lang = language()
data = dataset()
tables = data.tables
imported = mobility_flows(data)
flows = imported.rows
indicators, values = cached(data, "with-mobility", lambda: with_mobility(
    tables["indicators"], tables["indicator_values"], flows, imported.source, data.saved_on,
    imported.synthetic), imported.version)

st.title(t("progress.page_title", lang))
st.caption(t("progress.intro", lang))

scores = cached(data, "scorecard", lambda: scorecard(indicators, values, lang), lang,
                imported.version)
example_label = t("overview.illustrative", lang)
columns = {key: t(f"progress.col.{key}", lang)
           for key in ("indicator", "latest", "trend", "target", "distance", "as_of", "source")}
for dimension, group in by_dimension(scores).items():
    st.subheader(t(f"dimension.{dimension}", lang))
    if not group:
        st.caption(t("progress.dimension_empty", lang))
        continue
    rows = pd.DataFrame({
        columns["indicator"]: [s.name + (f" ({t('progress.computed', lang)})" if s.computed
                                         else "") for s in group],
        columns["latest"]: [
            "–" if s.latest is None else
            format_value(s.latest, s.unit, lang, s.approximate)
            + (f" ({example_label})" if s.illustrative else "") for s in group],
        # One value is no trend: a sparkline of one point would draw a misleading line.
        columns["trend"]: [list(s.trend) if len(s.trend) >= 2 else None for s in group],
        columns["target"]: ["–" if s.target is None else target_text(s, lang) for s in group],
        columns["distance"]: [distance_text(s, lang) for s in group],
        columns["as_of"]: [format_date(s.as_of or s.period, lang) for s in group],
        columns["source"]: [short_source(s.source) for s in group],
    })
    # Every cell is plain text (no links, no Markdown): the data is shown as typed.
    st.dataframe(rows, hide_index=True, width="stretch", key=f"score_{dimension}",
                 column_config={
                     columns["indicator"]: st.column_config.TextColumn(width="large"),
                     columns["latest"]: st.column_config.TextColumn(width="small"),
                     columns["trend"]: st.column_config.LineChartColumn(width="small",
                                                                        y_min=0),
                     columns["target"]: st.column_config.TextColumn(width="small"),
                     columns["source"]: st.column_config.TextColumn(width="medium")})
st.caption(t("progress.approximate_note", lang) + " " + t("progress.sources_full", lang))
if any(s.illustrative for s in scores):
    st.caption(t("progress.example_note", lang))

st.header(t("progress.over_time", lang))
with_values = [s for s in scores if s.trend]
if with_values:
    ids = [s.id for s in with_values]
    requested = st.query_params.get("indicator")
    if "progress_indicator" not in st.session_state:
        st.session_state["progress_indicator"] = requested if requested in ids else ids[0]
    elif st.session_state["progress_indicator"] not in ids:
        st.session_state["progress_indicator"] = ids[0]
    names = {s.id: s.name for s in with_values}
    chosen = st.selectbox(t("progress.over_time_pick", lang), ids, key="progress_indicator",
                          format_func=names.get)
    st.query_params["indicator"] = chosen
    score = next(s for s in with_values if s.id == chosen)
    points = cached(data, "series", lambda: series(values, chosen), chosen, imported.version)
    if len(points) >= 2:
        pad = pd.Timedelta(days=120)
        marks = cached(data, "marks", lambda: milestone_marks(
            tables["milestones"], lang, points["when"].min() - pad, points["when"].max() + pad),
            lang, chosen, imported.version)
        chart(cached(data, "over-time", lambda: over_time(points, marks, score.name,
                                                          score.unit, lang), lang, chosen,
                     imported.version),
              "progress_over_time",
              t("progress.chart.alt", lang, name=markdown(score.name), count=len(points),
                first=format_date(points["period"].iloc[0], lang),
                last=format_date(points["period"].iloc[-1], lang)))
        if len(marks):
            table(pd.DataFrame({
                "#": [str(n) for n in marks["number"]],
                t("col.date", lang): [format_date(d, lang) for d in marks["date"]],
                t("col.what", lang): list(marks["title"]),
            }))
    else:
        st.info(t("progress.over_time_single", lang,
                  value=format_value(score.latest, score.unit, lang, score.approximate),
                  period=format_date(score.period, lang)), icon=":material/info:")
    st.caption(t("report.source_line", lang, source=markdown(", ".join(
        dict.fromkeys(short_source(s) for s in points["source"]))),
        date=format_date(score.as_of or score.period, lang)))
else:
    st.info(t("progress.over_time_none", lang), icon=":material/info:")

st.header(t("progress.members", lang))
members = cached(data, "members-side", lambda: members_side_by_side(
    tables["universities"], tables["activities"], indicators, values, lang, flows), lang,
    imported.version)
if members.empty:
    st.info(t("app.no_data", lang), icon=":material/info:")
else:
    chart(cached(data, "members-chart", lambda: members_chart(members, lang), lang,
                 imported.version),
          "progress_members", t("progress.members_alt", lang, count=len(members)))
    shown, numbers = members_table(
        members, lang, f" ({example_label})" if imported.synthetic else "")
    st.dataframe(shown, hide_index=True, width="stretch", key="progress_members_table",
                 placeholder="–",  # a member with no published figure
                 column_config={column: number_column(column, lang) for column in numbers})
    st.caption(t("progress.members_note", lang))
    if mobility_by_member(flows).empty:
        st.caption(t("progress.mobility_missing", lang))
    else:
        st.caption(t("progress.mobility_rule", lang))
        if imported.synthetic:
            st.warning(t("progress.mobility_synthetic", lang), icon=":material/science:")
    if per_member_indicators(indicators, values) and values.loc[
            values["university_id"].notna(), "illustrative"].fillna(False).any():
        st.caption(t("progress.example_note", lang))

st.header(t("progress.funding", lang))
money = cached(data, "funding", lambda: funding(tables["projects"]))
if money.empty:
    st.info(t("progress.funding_empty", lang), icon=":material/info:")
else:
    chart(cached(data, "funding-chart", lambda: funding_chart(money, lang), lang),
          "progress_funding", t("progress.funding_alt", lang))
    st.caption(t("progress.funding_note", lang))
    table(pd.DataFrame({
        t("progress.col.project", lang): money["name"],
        t("progress.col.programme", lang): money["programme"],
        t("progress.col.runs", lang): [
            f"{format_date(s, lang)} – {format_date(e if isinstance(e, str) else None, lang)}"
            for s, e in zip(money["start"], money["end"], strict=True)],
        t("progress.col.amount", lang): [format_money(a, lang) for a in money["amount"]],
        t("progress.col.kind", lang): [amount_label(k, lang) for k in money["kind"]],
        t("progress.col.source", lang): [short_source(s) for s in money["source"]],
    }))
