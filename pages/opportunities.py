"""Opportunities: filter, read, share and export what the alliance offers."""

import datetime as dt

import streamlit as st

from alliance.charts import acronym_key
from alliance.exports import in_calendar, to_csv, to_ics, to_xlsx
from alliance.filters import (
    DEFAULT_WEEKS,
    FACETS,
    QUERY_KEYS,
    WINDOWS,
    FilterSpec,
    search_example,
    similar,
    slug,
)
from alliance.filters import options as facet_options
from alliance.i18n import date_entry_pattern, format_amount, format_number, t
from alliance.opportunities import (
    activity_card,
    describe,
    ects_limits,
    ects_slider,
    ects_steps,
    filter_label,
    host_text,
    opening_spec,
    option_label,
    suggestions,
)
from alliance.text import markdown
from ui.frame import (
    dataset,
    examples_query,
    language,
    opportunities_frames,
    opportunities_view,
    table,
    tables_in,
    today,
)
from ui.widgets import CHART_CONFIG, date_column, in_palette, number_column

lang = language()
data = dataset()
now = today()
prepared, shown = opportunities_frames(data.version, lang, data)
universities = tables_in(data, lang)["universities"]
hosts = universities.set_index("id")["name"].to_dict()
places = {row.id: f"{row.name}, {row.city}" for row in universities.itertuples(index=False)}

ects_values = prepared["ects"].dropna()
ects_top = float(ects_values.max()) if len(ects_values) else 0.0

# When the page opens (again), the address gives the view, or else the filters this reader
# last had here (KEPT); after that, the widgets do.
KEPT = "_opportunities_filters"
if "f_window" not in st.session_state:
    start = opening_spec({k: st.query_params.get_all(k) for k in QUERY_KEYS},
                         st.session_state.get(KEPT))
    for name in FACETS:
        known = set(facet_options(prepared, name))
        st.session_state[f"f_{name}"] = [v for v in getattr(start, name) if v in known]
    st.session_state["f_window"] = start.window
    st.session_state["f_weeks"] = start.weeks
    st.session_state["f_range"] = tuple(d for d in (start.date_from, start.date_to) if d)
    st.session_state["f_ects"] = ects_slider(start.ects_min, start.ects_max, ects_top)
    st.session_state["f_q"] = start.text


known = {name: set(facet_options(prepared, name)) for name in FACETS}


def current_spec() -> FilterSpec:
    """The filter spec the widgets describe."""
    low, high = ects_limits(st.session_state.get("f_ects"), ects_top)
    dates = tuple(st.session_state.get("f_range") or ())
    return FilterSpec(
        **{name: tuple(v for v in st.session_state.get(f"f_{name}") or () if v in known[name])
           for name in FACETS},
        window=st.session_state.get("f_window") or "any",
        weeks=int(st.session_state.get("f_weeks") or DEFAULT_WEEKS),
        date_from=dates[0] if len(dates) > 0 else None,
        date_to=dates[1] if len(dates) > 1 else None,
        ects_min=low, ects_max=high,
        text=st.session_state.get("f_q") or "",
    )


def clear_filters() -> None:
    for name in FACETS:
        st.session_state[f"f_{name}"] = []
    st.session_state["f_window"] = "any"
    st.session_state["f_weeks"] = DEFAULT_WEEKS
    st.session_state["f_range"] = ()
    st.session_state["f_ects"] = ects_slider(None, None, ects_top)
    st.session_state["f_q"] = ""


def view_of(chosen: FilterSpec) -> dict[str, object]:
    """Rows, facet counts and charts for a spec, cached per data version and language."""
    query = tuple(sorted((k, tuple(v)) for k, v in chosen.to_query().items()))
    return opportunities_view(data.version, query, now.isoformat(), lang, prepared, hosts)


spec = current_spec()
st.session_state[KEPT] = spec.to_query()  # not a widget's key: kept while other pages run
view = view_of(spec)

st.title(t("opportunities.title", lang))
st.text_input(t("opportunities.search", lang), key="f_q", help=t("opportunities.search_help", lang),
              placeholder=t("opportunities.search_placeholder", lang,
                            example=search_example(prepared, universities)))
st.radio(t("opportunities.window", lang), WINDOWS, key="f_window", horizontal=True,
         format_func=lambda w: t(f"opportunities.window.{w}", lang))
if st.session_state["f_window"] == "soon":
    st.slider(t("opportunities.weeks", lang), 1, 52, key="f_weeks")
elif st.session_state["f_window"] == "custom":
    st.date_input(t("opportunities.range", lang), key="f_range", format=date_entry_pattern(lang))

with st.sidebar:
    st.subheader(t("opportunities.filters", lang))
    st.button(t("opportunities.clear", lang), on_click=clear_filters, key="clear",
              icon=":material/filter_alt_off:", disabled=spec.is_empty)
    for name in FACETS:
        counts = view["counts"][name]
        codes = facet_options(prepared, name)
        labels = {v: f"{option_label(name, v, lang, hosts)} "
                     f"({format_number(counts.get(v, 0), lang)})" for v in codes}
        # The browser sends a multiselect's choice back as the labels it was shown, and Streamlit
        # maps them to values with this run's labels: when counts or the language change, a
        # label of the last run would come back as a value (or be dropped). So when the labels
        # change, the widget is given its codes again, and the browser the new labels.
        if st.session_state.get(f"_labels_{name}") != labels:
            st.session_state[f"f_{name}"] = list(getattr(spec, name))
            st.session_state[f"_labels_{name}"] = labels
        st.multiselect(
            t(f"opportunities.facet.{name}", lang), codes, key=f"f_{name}",
            format_func=lambda v, shown=labels: shown.get(v, v),
            help=t("opportunities.facet_help", lang), placeholder=t("opportunities.any", lang),
        )
    if ects_top > 0:
        # Handles kept on the slider when its top moves (examples switched off, say).
        st.session_state["f_ects"] = ects_slider(
            *ects_limits(st.session_state.get("f_ects"), ects_top), ects_top)
        # A select slider so the handles read in the reader's number format ("2,5").
        st.select_slider(t("opportunities.ects", lang),
                         ects_steps(ects_top, st.session_state.get("f_ects")), key="f_ects",
                         format_func=lambda v: format_amount(v, lang),
                         help=t("opportunities.ects_any", lang))

rows = prepared if spec.is_empty else prepared.iloc[view["positions"]]
query = {**spec.to_query(), "lang": [lang], **examples_query()}
if {k: st.query_params.get_all(k) for k in st.query_params} != query:
    st.query_params.from_dict(query)

sentence = describe(spec, len(rows), lang, hosts)
st.markdown(f"**{markdown(sentence)}**")  # names from the data, words from the address

if rows.empty:
    st.info(t("opportunities.empty", lang), icon=":material/search_off:")
    for name, count in suggestions(prepared, spec, now):
        st.markdown("- " + t("opportunities.loosen", lang, filter=filter_label(name, lang),
                             count=format_number(count, lang)))
    st.stop()

charts = st.columns(3)
for column, figure, key in zip(charts, view["charts"], ("kind", "host", "month"), strict=True):
    column.plotly_chart(in_palette(figure), width="stretch", key=f"chart_{key}",
                        config=CHART_CONFIG)
# The host chart labels members by acronym, for room: the key names each one.
st.caption(t("opportunities.chart.alt", lang) + " "
           + markdown(acronym_key(universities, view["hosts"], lang)))

name = slug(sentence)
exports = st.columns([1, 1, 1, 2])
semicolon = exports[3].toggle(t("opportunities.export.semicolon", lang), key="semicolon")
# Files read as the page by default; the stored codes are the analysts' second choice.
codes = exports[3].toggle(t("opportunities.export.codes", lang), key="export_codes",
                          help=t("opportunities.export.codes_help", lang))
words = None if codes else lang
exports[0].download_button(
    t("opportunities.export.csv", lang),
    lambda: to_csv(rows, semicolon=semicolon, lang=words, hosts=hosts),
    file_name=f"{name}.csv", mime="text/csv", key="download_csv", icon=":material/download:",
    on_click="ignore")
exports[1].download_button(
    t("opportunities.export.xlsx", lang), lambda: to_xlsx(rows, lang=words, hosts=hosts),
    file_name=f"{name}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="download_xlsx", icon=":material/table_view:", on_click="ignore")
acronym = str(data.identity.get("alliance", {}).get("acronym", "alliance"))
exports[2].download_button(
    t("opportunities.export.ics", lang),
    lambda: to_ics(rows, t("label.value", lang, label=acronym, value=sentence),
                   f"{slug(acronym)}.alliance-atlas", dt.datetime.now(dt.UTC), places, lang),
    file_name=f"{name}.ics", mime="text/calendar", key="download_ics",
    icon=":material/calendar_month:", on_click="ignore",
    help=t("opportunities.export.ics_help", lang,
           count=int(in_calendar(rows).sum())))

labels = {column: t(f"opportunities.col.{column}", lang) for column in
          ("title", "kind", "audience", "host", "country", "mode", "language", "when",
           "apply_by", "ects", "project", "example")}
event = st.dataframe(
    shown if spec.is_empty else shown.iloc[view["positions"]],
    hide_index=True, width="stretch", key="table", on_select="rerun",
    selection_mode="single-row",
    placeholder="",  # an unknown deadline or ECTS is an empty cell, not "None"
    column_config={
        **{column: st.column_config.TextColumn(label) for column, label in labels.items()},
        "title": st.column_config.TextColumn(labels["title"], width="large", pinned=True),
        "apply_by": date_column(labels["apply_by"], lang),
        "ects": number_column(labels["ects"], lang, width="small"),
        "url": st.column_config.LinkColumn(t("opportunities.col.link", lang),
                                           display_text=t("opportunities.open", lang)),
        "example": st.column_config.CheckboxColumn(labels["example"]),
    },
)
st.caption(t("opportunities.select_hint", lang))

selected = event.selection.rows if event else []
if selected and selected[0] < len(rows):
    position = selected[0]
    row = rows.iloc[position]
    with st.container(border=True, key="card"):
        st.subheader(t("label.value", lang, label=t("opportunities.card", lang),
                       value=markdown(row["title"])))
        if bool(row["illustrative"]):
            st.warning(t("opportunities.example_badge", lang), icon=":material/lightbulb:")
        if isinstance(row["description"], str):
            st.markdown(markdown(row["description"]))
        left, right = st.columns([3, 2])
        with left:
            table(activity_card(row, lang, hosts))
        with right:
            st.markdown(f"**{t('opportunities.card.host', lang)}**")
            st.markdown(host_text(universities, row["host_id"], lang, hosts))
            st.markdown(f"**{t('opportunities.card.similar', lang)}**")
            alike = similar(prepared, int(prepared.index.get_loc(row.name)))
            if alike.empty:
                st.caption(t("opportunities.card.none_similar", lang))
            for _, other in alike.iterrows():
                st.markdown(f"- {markdown(other['title'])}")
