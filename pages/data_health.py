"""Data health: the validation report, by file, in the reader's language, with what to do."""

from pathlib import Path

import streamlit as st

from alliance.exports import report_csv
from alliance.health import example_counts, files_view, problems_view, totals
from alliance.i18n import format_number, t
from alliance.identity import IDENTITY_FILE
from alliance.text import markdown
from ui.frame import dataset, language
from ui.widgets import number_column

lang = language()
data = dataset()
report = data.report

st.title(t("health.title", lang))
st.markdown(t("health.intro", lang))

counts = totals(report)
if counts.errors:
    st.error(t("health.dirty", lang, errors=format_number(counts.errors, lang),
               warnings=format_number(counts.warnings, lang), files=counts.files_with_problems),
             icon=":material/error:")
elif counts.warnings:
    st.warning(t("health.warnings_only", lang, warnings=format_number(counts.warnings, lang)),
               icon=":material/warning:")
else:
    st.success(t("health.clean", lang, files=counts.files,
                 rows=format_number(counts.rows, lang)), icon=":material/check_circle:")

examples = example_counts(data.tables)
if sum(examples.values()):
    listed = ", ".join(f"{report.results[name].table.file_name} {format_number(count, lang)}"
                       for name, count in examples.items() if count and name in report.results)
    st.info(t("health.examples", lang, examples=format_number(sum(examples.values()), lang),
              rows=format_number(counts.rows, lang), files=listed), icon=":material/lightbulb:")
elif examples:
    st.caption(t("health.no_examples", lang))

st.dataframe(files_view(report, data.fallbacks, lang, examples, data.identity_shown),
             hide_index=True, width="stretch", key="health_summary",
             placeholder="–",  # alliance.toml has no rows
             column_config={t(f"col.{name}", lang): number_column(t(f"col.{name}", lang), lang)
                            for name in ("rows", "examples")})

for name, result in report.results.items():
    if not result.problems:
        continue
    with st.expander(t("health.problems_in", lang, file=result.table.file_name,
                       count=len(result.problems)), expanded=result.errors > 0):
        st.dataframe(problems_view(result.problems, lang), hide_index=True, width="stretch",
                     key=f"problems_{name}")
if report.identity:
    with st.expander(t("health.problems_in", lang, file=IDENTITY_FILE, count=len(report.identity)),
                     expanded=report.identity_errors > 0):
        st.dataframe(problems_view(report.identity, lang), hide_index=True, width="stretch",
                     key="problems_identity")

if report.problems:
    st.download_button(t("health.download", lang), report_csv(report.problems, lang),
                       file_name="data-health.csv", mime="text/csv", key="download_report",
                       icon=":material/download:")

# Steps to fix files only when a file has something to fix; the folder by its name only
# (its place on the server is no reader's business), as plain text: a caption is drawn at 60 %
# opacity, which takes inline code below WCAG AA's 4.5:1 whatever the theme's code colour.
if report.problems:
    st.subheader(t("health.todo", lang))
    st.markdown(t("health.todo_text", lang))
st.caption(t("health.folder", lang, folder=markdown(Path(str(data.folder)).name)))
