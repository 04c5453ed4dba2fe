"""Overview: the alliance at a glance, computed from the data."""

import streamlit as st

from alliance.charts import students_by_university
from alliance.i18n import format_date, format_number, t
from alliance.overview import (
    key_dates_view,
    members_view,
    next_activities,
    next_view,
    summarise,
)
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
    st.table(key_dates_view(tables["milestones"], lang), hide_index=True,
             border="horizontal")
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
    st.table(next_view(soon, tables["universities"], lang), hide_index=True,
             border="horizontal")
    if soon["illustrative"].fillna(False).any():
        st.caption(t("overview.illustrative_note", lang))

st.subheader(t("overview.members_table", lang))
st.table(members_view(tables["universities"], lang), hide_index=True, border="horizontal")

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
