"""Overview: the alliance at a glance, computed from the data."""

import pandas as pd
import streamlit as st

from alliance.charts import students_by_university
from alliance.i18n import format_date, format_number, t, value_label
from alliance.overview import key_dates, members_table, next_activities, summarise
from pages.shell import dataset, language, today

lang = language()
data = dataset()
tables = data.tables
identity = data.identity.get("alliance", {})
now = today()
if tables["universities"].empty:
    st.info(t("app.no_data", lang), icon=":material/info:")
    st.stop()
summary = summarise(tables, now)

st.title(f"{identity.get('acronym', '')} · {identity.get('name', t('app.title', lang))}")
description = identity.get("description", {})
if description:
    st.markdown(description.get(lang) or description.get("en", ""))
if summary.coordinator:
    st.caption(t("overview.coordinator", lang, name=summary.coordinator))

cols = st.columns(4)
cols[0].metric(t("overview.members", lang), format_number(summary.members, lang),
               help=t("overview.members_help", lang, founding=summary.founding_members))
cols[1].metric(t("overview.countries", lang), format_number(summary.countries, lang))
cols[2].metric(t("overview.students", lang), "≈ " + format_number(summary.students, lang),
               help=t("overview.students_help", lang, known=summary.students_known))
cols[3].metric(t("overview.campuses", lang), format_number(summary.campuses, lang))

cols = st.columns(3)
cols[0].metric(t("overview.open_now", lang), format_number(summary.open_now, lang))
cols[1].metric(t("overview.running", lang), format_number(summary.running_now, lang))
cols[2].metric(t("overview.upcoming", lang), format_number(summary.upcoming, lang))
st.caption(t("overview.activities_caption", lang, today=format_date(now, lang),
             total=format_number(summary.activities, lang)))

left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader(t("overview.key_dates", lang))
    dates = key_dates(tables["milestones"], lang)
    st.table(
        pd.DataFrame({
            t("col.date", lang): [format_date(d, lang) for d in dates["date"]],
            t("col.what", lang): [("★ " if h else "") + str(w)
                                  for w, h in zip(dates["title"], dates["highlight"],
                                                  strict=True)],
            t("col.category", lang): [value_label(c, lang) for c in dates["category"]],
        }),
        hide_index=True, border="horizontal",
    )
with right:
    figure = students_by_university(tables["universities"], lang)
    st.plotly_chart(figure, width="stretch", key="students_chart",
                    config={"displaylogo": False})
    st.caption(t("chart.students.alt", lang))

st.subheader(t("overview.next", lang))
soon = next_activities(tables["activities"], now)
if soon.empty:
    st.info(t("overview.next_empty", lang))
else:
    hosts = tables["universities"].set_index("id")["name"]
    st.table(
        pd.DataFrame({
            t("col.title", lang): [
                f"{title} ({t('overview.illustrative', lang)})" if bool(ill) else title
                for title, ill in zip(soon["title"], soon["illustrative"], strict=True)],
            t("col.kind", lang): [value_label(k, lang) for k in soon["kind"]],
            t("col.audience", lang): [value_label(a, lang) for a in soon["audience"]],
            t("col.starts", lang): [format_date(d, lang) for d in soon["start"]],
            t("col.apply_by", lang): [format_date(d, lang) for d in soon["apply_by"]],
            t("col.host", lang): [hosts.get(h, t("alliance.whole", lang))
                                  if isinstance(h, str) else t("alliance.whole", lang)
                                  for h in soon["host_id"]],
        }),
        hide_index=True, border="horizontal",
    )
    if soon["illustrative"].fillna(False).any():
        st.caption(t("overview.illustrative_note", lang))

st.subheader(t("overview.members_table", lang))
members = members_table(tables["universities"])
st.table(
    pd.DataFrame({
        t("col.name", lang): members["name"],
        t("col.name_local", lang): members["name_local"],
        t("col.city", lang): members["city"],
        t("col.country", lang): members["country"],
        t("col.joined", lang): [format_date(d, lang) for d in members["joined"]],
        t("col.students", lang): [format_number(v, lang) if pd.notna(v) else "–"
                                  for v in members["students"]],
        t("col.role", lang): [
            value_label(m, lang) + (f" · {t('coordinator', lang)}" if bool(c) else "")
            for m, c in zip(members["membership"], members["coordinator"], strict=True)],
    }),
    hide_index=True, border="horizontal",
)

figures = data.identity.get("figures", [])
if figures:
    st.subheader(t("overview.reported", lang))
    cols = st.columns(min(len(figures), 4))
    for i, item in enumerate(figures):
        prefix = "≈ " if item.get("approximate") else ""
        cols[i % len(cols)].metric(
            item.get(f"label_{lang}") or item.get("label_en", item.get("key", "")),
            prefix + format_number(item.get("value"), lang),
            help=t("overview.as_of", lang, when=item.get("as_of", "")) + " · "
            + str(item.get("source", "")),
        )
