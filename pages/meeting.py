"""Meeting mode: full-screen slides for a projector, moved with buttons or the arrow keys."""

import streamlit as st

from alliance.charts import opportunities_chart, timeline_chart
from alliance.geo import centre, member_points
from alliance.i18n import t
from alliance.maps import member_map
from alliance.meeting import (
    SLIDES,
    brief_html,
    dates_line,
    key_dates_markdown,
    meeting_pack,
    members_by_wave,
    saved_text,
    slide_index,
)
from alliance.overview import (
    headlines,
    key_dates,
    members_table,
    next_activities,
    next_view,
    summarise,
)
from alliance.report import FORMATS, MIME, build_pack, file_name, render
from alliance.text import markdown
from alliance.timeline import milestone_frame, opportunities_by_audience, project_frame, time_range
from ui.frame import (
    dataset,
    language,
    mobility_flows,
    show_examples,
    table,
    tables_in,
    today,
    without_examples,
)
from ui.widgets import VISUALLY_HIDDEN, cached, chart, in_palette

# No sidebar, header or toolbar; type sized from the window so the back row can read it.
PROJECTOR_CSS = """<style>
html { font-size: clamp(17px, 1.4vw, 28px); }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stExpandSidebarButton"] { display: none !important; }
[data-testid="stMainBlockContainer"] { max-width: 100% !important;
  padding: 0.6rem 2rem 0.6rem 2rem !important; }
[data-testid="stMetricValue"] { font-size: 2.6rem !important; }
[data-testid="stMetricLabel"] p { font-size: 1.1rem !important; }
.st-key-slide_keys { display: none !important; }
</style>"""
FONT = 18


def chart_height(window: int | None) -> int:
    """A slide chart's height in pixels: the window's height less the slide's bar, title and
    footer, so the chart fills a projector's slide (768 or 1080 rows) without scrolling."""
    rows = window if window and window > 0 else 768
    return max(320, int(rows) - 230)

lang = language()
data = dataset()
tables = tables_in(data, lang)
now = today()
st.html(PROJECTOR_CSS.replace("</style>", VISUALLY_HIDDEN + "\n</style>"))
# Streamlit does not tell a page the window's height; ?height= can, else a 1366x768 slide.
try:
    HEIGHT = chart_height(int(st.query_params.get("height", 0)))
except ValueError:
    HEIGHT = chart_height(None)

if "slide" not in st.session_state:
    st.session_state["slide"] = slide_index(st.query_params.get("slide", "1"))


def _move(step: int) -> None:
    st.session_state["slide"] = min(max(st.session_state["slide"] + step, 0), len(SLIDES) - 1)


index = st.session_state["slide"]
st.query_params["slide"] = str(index + 1)
name = SLIDES[index]


def _figures() -> dict[str, object]:
    """Every chart of the deck, at screen size, for the meeting pack."""
    points = member_points(tables["universities"], tables["locations"])
    span = time_range(tables["projects"], now)
    return {name: in_palette(figure) for name, figure in {
        "map": member_map(points, tables["locations"], lang, centre(points)),
        "timeline": timeline_chart(milestone_frame(tables["milestones"], lang),
                                   project_frame(tables["projects"]), lang, span, now),
        # Counted as the headline figures count: published rows, unless examples are shown.
        "opportunities": opportunities_chart(
            opportunities_by_audience(without_examples(tables["activities"]), now), lang),
    }.items()}


def _summary() -> object:
    return cached(data, "summary", lambda: summarise(tables, now, show_examples(), lang), now,
                  show_examples(), lang)


def _board_pack() -> object:
    imported = mobility_flows(data)
    return build_pack(data, lang, now, imported.rows, imported.source, imported.synthetic)


def _brief() -> str:
    return brief_html(data.identity.get("alliance", {}), _summary(),
                      key_dates(tables["milestones"], lang), members_table(
                          tables["universities"]), lang, data.figures_on, now,
                      saved_text(data, lang))


bar = st.columns([1.5, 4.2, 1.5, 2.2, 1.2], vertical_alignment="center")
bar[0].button(t("meeting.previous", lang), key="slide_previous", shortcut="ArrowLeft",
              on_click=_move, args=(-1,), disabled=index == 0, width="stretch")
bar[1].markdown(f"**{t(f'meeting.slide.{name}', lang)}** · "
                + t("meeting.position", lang, number=index + 1, count=len(SLIDES)),
                help=t("meeting.keys", lang, number=index + 1, count=len(SLIDES)))
bar[2].button(t("meeting.next", lang), key="slide_next", shortcut="ArrowRight",
              on_click=_move, args=(1,), disabled=index == len(SLIDES) - 1,
              width="stretch")
with bar[3].popover(t("meeting.pack", lang), icon=":material/download:", width="stretch"):
    st.download_button(t("meeting.brief", lang), data=_brief, file_name=f"brief-{lang}.html",
                       mime="text/html", key="download_brief", on_click="ignore")
    st.download_button(t("meeting.charts", lang),
                       data=lambda: meeting_pack(_figures(), _brief(), lang),
                       file_name=f"meeting-pack-{lang}.zip", mime="application/zip",
                       key="download_pack", on_click="ignore")
    for fmt in FORMATS:  # the board pack, built only when asked for
        st.download_button(t(f"meeting.{fmt}", lang),
                           data=lambda fmt=fmt: render(_board_pack(), fmt),
                           file_name=file_name(str(data.identity.get("alliance", {}).get(
                               "acronym", "")), lang, fmt), mime=MIME[fmt],
                           key=f"download_{fmt}", on_click="ignore")
    st.caption(t("meeting.pack_help", lang))
bar[4].page_link("pages/overview.py", label=t("meeting.exit", lang), icon=":material/close:")
# Presenter clickers send PageDown/PageUp (some Space/Backspace): these hidden buttons move
# the slides on those keys like the arrows do.
with st.container(key="slide_keys"):
    for step, keys in ((1, ("PageDown", "Space")), (-1, ("PageUp", "Backspace"))):
        for shortcut in keys:
            st.button(shortcut, key=f"slide_{shortcut.lower()}", shortcut=shortcut,
                      on_click=_move, args=(step,))

identity = data.identity.get("alliance", {})
if tables["universities"].empty:
    st.info(t("app.no_data", lang), icon=":material/info:")
elif name == "overview":
    summary = _summary()
    st.title(markdown(identity.get("acronym", t("app.title", lang))))
    if identity.get("name"):
        st.markdown(f"**{markdown(identity['name'])}**")
    figures = headlines(summary, lang)
    for row in (figures[:4], figures[4:]):
        for col, figure in zip(st.columns(4), row, strict=True):
            col.metric(figure.label, figure.value, help=figure.help,
                       delta=figure.qualifier, delta_color="off", delta_arrow="off")
    # The room cannot hover: what an approximate figure ("≈") stands for is said in words.
    notes = [figure.note for figure in figures if figure.note]
    if notes:
        st.caption(" · ".join(notes))
    st.markdown(key_dates_markdown(tables["milestones"], lang))
elif name == "map":
    points = member_points(tables["universities"], tables["locations"])
    plot, key = st.columns([3, 2], gap="medium")
    with plot:
        chart(cached(data, "meeting-map", lambda: member_map(
            points, tables["locations"], lang, centre(points), font_size=FONT, height=HEIGHT),
            lang, HEIGHT), "meeting_map",
            t("map.alt", lang, members=len(points), countries=points["country"].nunique()),
            hide_alt=True)
    with key:
        st.markdown(members_by_wave(points, lang))
elif name == "timeline":
    span = time_range(tables["projects"], now)
    plot, key = st.columns([3, 1], gap="medium")
    with plot:
        chart(cached(data, "meeting-timeline", lambda: timeline_chart(
            milestone_frame(tables["milestones"], lang), project_frame(tables["projects"]),
            lang, span, now, font_size=15, height=HEIGHT, key_list=False), lang, now, HEIGHT),
              "meeting_timeline", t("timeline.legend_note", lang), hide_alt=True)
    with key:
        st.markdown(f"**★ {t('timeline.key_dates', lang)}**")
        st.markdown(key_dates_markdown(tables["milestones"], lang, numbered=True))
else:
    left, right = st.columns([1, 1], gap="large")
    with left:
        # The same rows as the headline figures: published only, unless examples are on.
        chart(cached(data, "meeting-opportunities", lambda: opportunities_chart(
            opportunities_by_audience(without_examples(tables["activities"]), now), lang,
            font_size=FONT, height=HEIGHT), lang, now, HEIGHT, show_examples()),
              "meeting_opportunities", t("meeting.audience.alt", lang), hide_alt=True)
        if _summary().examples:
            st.caption(t("meeting.audience.examples", lang, count=_summary().examples))
    with right:
        soon = cached(data, "next-5",
                      lambda: next_activities(without_examples(tables["activities"]), now,
                                              limit=5), now, show_examples())
        st.subheader(t("overview.next", lang))
        shown = [t(column, lang) for column in ("col.title", "col.audience", "col.starts")]
        if soon.empty:  # said in the reader's language, not as an empty table
            st.info(t("overview.next_empty", lang))
        else:
            table(next_view(soon, tables["universities"], lang)[shown])
        if soon["illustrative"].fillna(False).any():
            st.caption(t("overview.illustrative_note", lang))

problems = sum(data.errors_in(name) for name in data.fallbacks)
st.caption(dates_line(data, "meeting.data_date", lang) + (" · ⚠" if data.fallbacks else ""),
           help=t("meeting.data_date_help", lang)
           + (" " + t("meeting.data_problems", lang, count=problems) if data.fallbacks else ""))
