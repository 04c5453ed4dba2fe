"""Map: where the members and their campuses are, how far apart, and where activities happen."""

import pandas as pd
import streamlit as st

from alliance import university_card
from alliance.charts import acronym_key
from alliance.geo import activity_places, centre, distance_matrix, extremes, member_points, trip
from alliance.i18n import format_number, t
from alliance.maps import activity_map, distance_heatmap, member_map, online_activities
from alliance.overview import count_examples
from alliance.text import markdown
from ui.frame import dataset, language, show_examples, table, tables_in, without_examples
from ui.widgets import cached, chart, keep, lazy_tabs, restore

lang = language()
data = dataset()
tables = tables_in(data, lang)
examples = show_examples()


def _model() -> tuple:
    """Members placed (named in the reader's language), distances, extremes, centre and
    activity places (published only, unless examples are on): pure, cached."""
    placed = member_points(tables["universities"], tables["locations"])
    km = distance_matrix(placed)
    return (placed, km, extremes(km), centre(placed),
            activity_places(without_examples(tables["activities"]), placed))


points, matrix, ends, middle, places = cached(data, "map-model", _model, lang, examples)
names = dict(zip(points["id"], points["name"], strict=True))

st.title(t("map.page_title", lang))
if points.empty:
    st.info(t("map.empty", lang), icon=":material/info:")
    st.stop()


def _pick_from_map() -> None:
    """A click on a member's marker selects it in the box below."""
    picked = st.session_state["member_map"].selection.get("points", [])
    for point in picked:
        custom = point.get("customdata") or []
        if custom and custom[-1] in names:
            st.session_state["map_university"] = custom[-1]
            keep("map_university")
            return


# Each tab's content runs only while it is open: a manager opening the page gets the member
# map drawn first, and the distances and activities are built when asked for.
members_tab, distances_tab, activities_tab = lazy_tabs(
    "map_view", ["map.tab.members", "distance.header", "activity_map.header"], lang)


def _members() -> None:
    restore("map_university", names)
    selected = st.session_state.get("map_university")
    chart(cached(data, "member-map", lambda: member_map(points, tables["locations"], lang, middle,
                                                        selected), lang, selected), "member_map",
          t("map.alt", lang, members=len(points), countries=points["country"].nunique())
          + " " + t("map.click_hint", lang), on_select=_pick_from_map, selection_mode="points")
    if middle is not None:
        st.caption(t("map.centre_text", lang, lat=format_number(middle.latitude, lang, 2),
                     lon=format_number(middle.longitude, lang, 2),
                     member=markdown(names[middle.closest]),
                     km=format_number(middle.closest_km, lang)))

    university = st.selectbox(t("map.choose", lang), list(names), key="map_university",
                              index=None, format_func=names.get,
                              placeholder=t("map.choose_placeholder", lang),
                              on_change=keep, args=("map_university",))
    if university:
        row = tables["universities"].set_index("id").loc[university]
        with st.container(border=True, key="card"):
            st.subheader(f"{markdown(row['name'])} · {markdown(row['name_local'])}")
            left, right = st.columns(2, gap="large")
            with left:
                st.markdown("\n".join(university_card.facts(row, lang)))
                if isinstance(row["note"], str) and row["note"]:
                    st.caption(markdown(row["note"]))
                st.caption(university_card.sources(row, lang))
            with right:
                _table(t("card.campuses", lang),
                       university_card.campuses(tables["locations"], university, lang),
                       t("card.no_campuses", lang))
                if len(points) > 1:
                    _table(t("card.distances", lang),
                           university_card.distances(matrix, names, university, lang))
            activities = university_card.hosted(without_examples(tables["activities"]),
                                                university, lang)
            _table(t("card.activities", lang, count=len(activities)), activities,
                   t("card.no_activities", lang))
            if examples and university_card.examples_among(tables["activities"], university):
                st.caption(t("overview.illustrative_note", lang))


def _table(heading: str, frame: pd.DataFrame, empty: str = "") -> None:
    """A small bold-headed table, or what to say when it has no rows."""
    st.markdown(f"**{heading}**")
    if frame.empty:
        st.info(empty)
    else:
        table(frame)


def _distances() -> None:
    if len(points) < 2:
        st.info(t("distance.too_few", lang))
    else:
        # The whole width: beside a table, ten columns of four-digit distances run into each
        # other at 1366 px ("1,8311,662").
        chart(cached(data, "distance-heatmap",
                     lambda: distance_heatmap(matrix, lang, names=names), lang),
              "distance_heatmap",
              t("distance.alt", lang, members=len(points)) + " "
              + markdown(acronym_key(tables["universities"], list(matrix.index), lang)))
        table(university_card.extremes_view(ends, names, lang))

        st.subheader(t("trip.header", lang))
        ids = list(names)
        left, right = st.columns(2)
        for key in ("trip_from", "trip_to"):
            restore(key, ids)
        # The second member is the default destination, unless one was chosen before.
        fallback = {} if "trip_to" in st.session_state else {"index": min(1, len(ids) - 1)}
        origin = left.selectbox(t("trip.from", lang), ids, key="trip_from",
                                format_func=names.get, on_change=keep, args=("trip_from",))
        destination = right.selectbox(t("trip.to", lang), ids, key="trip_to",
                                      format_func=names.get, on_change=keep,
                                      args=("trip_to",), **fallback)
        bands = tables["distance_bands"]
        if origin == destination:
            st.info(t("trip.same", lang))
        else:
            figures, caveat = university_card.trip_figures(trip(origin, destination, points, bands),
                                                lang)
            for col, figure in zip(st.columns(3), figures, strict=False):
                col.metric(figure.label, figure.value, help=figure.help)
            if caveat is None:
                st.warning(t("trip.no_band", lang))
            else:
                st.caption(caveat)


def _activities() -> None:
    left, right = st.columns([3, 2], gap="large")
    with left:
        chart(cached(data, "activity-map", lambda: activity_map(places, lang), lang, examples),
              "activity_map",
              t("activity_map.alt", lang, hosts=int(((places["in_person"] > 0)
                                                     & places["latitude"].notna()).sum())))
    with right:
        chart(cached(data, "online-activities", lambda: online_activities(places, lang), lang,
                     examples),
              "online_activities",
              t("activity_map.online_alt", lang, count=int(places["online"].sum())))
    among = count_examples(without_examples(tables["activities"]))
    if among:
        st.caption(t("examples.included", lang, count=among))


for tab, section in ((members_tab, _members), (distances_tab, _distances),
                     (activities_tab, _activities)):
    if tab.open:
        with tab:
            section()
