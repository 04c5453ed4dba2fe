"""Timeline: how the alliance got here, who joined when, and what is coming up."""

import streamlit as st

from alliance.charts import activity_gantt, membership_chart, timeline_chart
from alliance.i18n import format_date, format_span, t, value_label
from alliance.schema import AUDIENCES, MILESTONE_CATEGORIES
from alliance.text import markdown
from alliance.timeline import (
    membership_by_year,
    milestone_frame,
    milestones_view,
    project_frame,
    schedule,
    time_range,
)
from ui.frame import dataset, language, show_examples, table, today, without_examples
from ui.widgets import cached, chart

lang = language()
data = dataset()
tables = data.tables
now = today()

st.title(t("timeline.page_title", lang))
chosen = st.pills(t("timeline.filter", lang), MILESTONE_CATEGORIES, selection_mode="multi",
                  default=list(MILESTONE_CATEGORIES), key="timeline_categories",
                  format_func=lambda c: value_label(c, lang).capitalize())
milestones = cached(data, "milestones", lambda: milestone_frame(tables["milestones"], lang,
                                                              tuple(chosen)), lang, tuple(chosen))
projects = cached(data, "projects", lambda: project_frame(tables["projects"]))
span = cached(data, "span", lambda: time_range(tables["projects"], now), now)
if milestones.empty and projects.empty:
    st.info(t("timeline.empty", lang), icon=":material/info:")
else:
    key = milestones[milestones["highlight"]]
    chart(cached(data, "timeline", lambda: timeline_chart(milestones, projects, lang, span, now),
                 lang, tuple(chosen), now), "timeline_chart",
          t("timeline.alt", lang, count=len(milestones), first=span[0].year,
            last=format_date(span[1].date(), lang),
            dates=", ".join(t("label.value", lang, label=format_span(d, e, lang),
                                value=markdown(w))
                          for d, e, w in zip(key["date"], key["end"], key["title"],
                                             strict=True))))
    st.caption(t("timeline.legend_note", lang))
    with st.expander(t("timeline.as_table", lang)):
        table(milestones_view(milestones, lang))

by_year = cached(data, "by-year", lambda: membership_by_year(tables["universities"],
                                                              span[1].year), span)
if by_year.empty:
    st.info(t("membership.empty", lang))
else:
    latest = by_year.iloc[-1]
    chart(cached(data, "membership", lambda: membership_chart(by_year, lang), lang, span),
          "membership_chart",
          t("membership.alt", lang, first=int(by_year["year"].iloc[0]),
            members=int(latest["members"]), countries=int(latest["countries"])))
audience = st.segmented_control(t("gantt.audience", lang), AUDIENCES, key="gantt_audience",
                                format_func=lambda a: value_label(a, lang).capitalize())
examples = show_examples()
rows = cached(data, "schedule", lambda: schedule(without_examples(tables["activities"]), now,
                                                 audience), now, audience, examples)
if rows.empty:
    st.info(t("gantt.empty", lang))
else:
    chart(cached(data, "gantt", lambda: activity_gantt(rows, lang, now), lang, now, audience,
                 examples),
          "activity_gantt",
          t("gantt.alt", lang, count=len(rows), first=format_date(rows["start"].iloc[0],
                                                                  lang)))
    if rows["illustrative"].fillna(False).any():
        st.caption(t("overview.illustrative_note", lang))
