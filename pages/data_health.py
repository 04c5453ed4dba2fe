"""Data health: the validation report, by file, in the reader's language, with what to do."""

import pandas as pd
import streamlit as st

from alliance.exports import report_csv
from alliance.i18n import format_number, t
from pages.shell import dataset, language

lang = language()
data = dataset()
report = data.report

st.title(t("health.title", lang))
st.markdown(t("health.intro", lang))

errors = sum(r.errors for r in report.results.values())
warnings = sum(r.warnings for r in report.results.values())
rows = sum(r.rows for r in report.results.values())
files_with = sum(1 for r in report.results.values() if r.problems)
if errors:
    st.error(t("health.dirty", lang, errors=format_number(errors, lang),
               warnings=format_number(warnings, lang), files=files_with),
             icon=":material/error:")
elif warnings:
    st.warning(t("health.warnings_only", lang, warnings=format_number(warnings, lang)),
               icon=":material/warning:")
else:
    st.success(t("health.clean", lang, files=len(report.results),
                 rows=format_number(rows, lang)), icon=":material/check_circle:")

status = {name: data.fallbacks.get(name, "ok") for name in report.results}
st.dataframe(
    pd.DataFrame({
        t("col.file", lang): [r.table.file_name for r in report.results.values()],
        t("col.rows", lang): [r.rows for r in report.results.values()],
        t("col.errors", lang): [r.errors for r in report.results.values()],
        t("col.warnings", lang): [r.warnings for r in report.results.values()],
        t("col.status", lang): [t(f"health.status.{status[n]}", lang) for n in report.results],
    }),
    hide_index=True, width="stretch", key="health_summary",
)

for name, result in report.results.items():
    if not result.problems:
        continue
    with st.expander(t("health.problems_in", lang, file=result.table.file_name,
                       count=len(result.problems)), expanded=result.errors > 0):
        st.dataframe(
            pd.DataFrame({
                t("col.line", lang): [p.line for p in result.problems],
                t("col.column", lang): [p.column or "" for p in result.problems],
                t("col.value", lang): [p.value or "" for p in result.problems],
                t("col.severity", lang): [t(f"severity.{p.severity}", lang)
                                          for p in result.problems],
                t("col.message", lang): [p.message(lang) for p in result.problems],
            }),
            hide_index=True, width="stretch", key=f"problems_{name}",
        )

if report.problems:
    st.download_button(t("health.download", lang), report_csv(report.problems, lang),
                       file_name="data-health.csv", mime="text/csv", key="download_report",
                       icon=":material/download:")

st.subheader(t("health.todo", lang))
st.markdown(t("health.todo_text", lang))
st.caption(t("health.folder", lang, folder=str(data.folder)))
