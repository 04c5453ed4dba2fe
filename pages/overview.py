"""Overview: the alliance at a glance, computed from the data."""

import streamlit as st

from alliance.charts import acronym_key, students_by_university
from alliance.i18n import format_date, format_number, t
from alliance.meeting import dates_line
from alliance.overview import (
    headlines,
    key_dates_view,
    lead,
    members_view,
    next_activities,
    next_view,
    reported,
    summarise,
)
from alliance.text import markdown
from ui.frame import dataset, language, show_examples, table, tables_in, today, without_examples
from ui.widgets import cached, chart

lang = language()
data = dataset()
tables = tables_in(data, lang)
identity = data.identity.get("alliance", {})
now = today()
examples = show_examples()
if tables["universities"].empty:
    st.info(t("app.no_data", lang), icon=":material/info:")
    st.stop()
summary = cached(data, "summary", lambda: summarise(tables, now, examples, lang), now, examples,
                 lang)

st.title(f"{markdown(identity.get('acronym', ''))} · "
         f"{markdown(identity.get('name', t('app.title', lang)))}")
if lead(identity, lang):
    st.markdown(markdown(lead(identity, lang)))
if summary.coordinator:
    st.caption(t("overview.coordinator", lang, name=markdown(summary.coordinator)))

figures = headlines(summary, lang)
for row in (figures[:4], figures[4:7]):
    for col, figure in zip(st.columns(len(row)), row, strict=True):
        col.metric(figure.label, figure.value, help=figure.help,
                   delta=figure.qualifier, delta_color="off", delta_arrow="off")
st.caption(t("overview.activities_caption", lang, today=format_date(now, lang),
             total=format_number(summary.activities, lang)))
st.caption(dates_line(data, "overview.figures_date", lang))

left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader(t("overview.key_dates", lang))
    table(cached(data, "key-dates", lambda: key_dates_view(tables["milestones"], lang), lang))
with right:
    # The bars are labelled by acronym, for room: the key names each member.
    chart(cached(data, "students", lambda: students_by_university(tables["universities"], lang),
                 lang), "students_chart", t("chart.students.alt", lang) + " "
          + markdown(acronym_key(tables["universities"], tables["universities"]["id"], lang)))

st.subheader(t("overview.next", lang))
soon = cached(data, "next", lambda: next_activities(without_examples(tables["activities"]),
                                                   now), now, examples)
if soon.empty:
    st.info(t("overview.next_empty", lang))
else:
    table(cached(data, "next-view", lambda: next_view(soon, tables["universities"], lang), now,
                 examples, lang))
    if soon["illustrative"].fillna(False).any():
        st.caption(t("overview.illustrative_note", lang))

st.subheader(t("overview.members_table", lang))
table(cached(data, "members", lambda: members_view(tables["universities"], lang), lang))

totals = reported(data.identity, lang)
if totals:
    st.subheader(t("overview.reported", lang))
    cols = st.columns(min(len(totals), 4))
    for i, figure in enumerate(totals):
        # The alliance's own figures: label and source come from alliance.toml.
        cols[i % len(cols)].metric(markdown(figure.label), figure.value,
                                   help=markdown(figure.help))
