"""Alliance Atlas: page frame, language, shared sidebar and navigation."""

from pathlib import Path

import streamlit as st

from alliance.access import editing_enabled
from alliance.i18n import t
from alliance.text import markdown
from ui.frame import banner, dataset, examples_switch, guard, language_picker, secrets_dict

ICON = Path(__file__).resolve().parent / "static" / "icon.png"

# The tab icon is a file of the app: a ":material/…:" icon would be fetched from Google.
st.set_page_config(page_title="Alliance Atlas", page_icon=str(ICON), layout="wide")

lang = language_picker()
examples_switch(lang)
# The navigation is registered before the data load, so even a server's first run shows the
# app's own pages at once. Streamlit's automatic list is off (`client.showSidebarNavigation`
# in config.toml): with a pages/ folder beside the entry file, a fresh server's first run
# would otherwise list every file of pages/ by name until this line runs. The sidebar's
# links below are the navigation readers see.
pages = [
    # The default page answers at "/"; its own name only tells it apart from the alias below.
    st.Page("pages/overview.py", title=t("nav.overview", lang), icon=":material/dashboard:",
            url_path="home", default=True),
    st.Page("pages/opportunities.py", title=t("nav.opportunities", lang),
            icon=":material/travel_explore:", url_path="opportunities"),
    st.Page("pages/map.py", title=t("nav.map", lang), icon=":material/map:", url_path="map"),
    st.Page("pages/timeline.py", title=t("nav.timeline", lang), icon=":material/timeline:",
            url_path="timeline"),
    st.Page("pages/mobility.py", title=t("nav.mobility", lang), icon=":material/flight:",
            url_path="mobility"),
    st.Page("pages/progress.py", title=t("nav.progress", lang), icon=":material/trending_up:",
            url_path="progress"),
    meeting := st.Page("pages/meeting.py", title=t("nav.meeting", lang),
                       icon=":material/co_present:", url_path="meeting"),
    st.Page("pages/data_health.py", title=t("nav.health", lang),
            icon=":material/health_and_safety:", url_path="data_health"),
    # Viewers never see the editor: it exists only once secrets.toml turns editing on.
    *([st.Page("pages/editor.py", title=t("nav.editor", lang), icon=":material/edit_note:",
               url_path="editor")] if editing_enabled(secrets_dict()) else []),
]
# A second entry for the Overview, never linked, so /overview (the address a reader types, and
# the one the Overview had before) opens it too instead of "Page not found".
overview_address = st.Page("pages/overview.py", title=t("nav.overview", lang),
                           url_path="overview")
navigation = st.navigation([*pages, overview_address], position="hidden")
with st.sidebar.container(key="navigation"):
    for page in pages:
        st.page_link(page, label=page.title, icon=page.icon)

# Inside the guard: a file that breaks the loader gets the app's own message, not Streamlit's.
data = guard(dataset)
acronym = str(data.identity.get("alliance", {}).get("acronym", "")) if data else ""
st.sidebar.caption(f"{t('app.title', lang)} · {markdown(acronym)}".strip(" ·"))
if data is None:
    st.stop()  # the guard has said why; the navigation above stays usable
# The data-problem banner is not projected: meeting mode shows a discreet marker instead.
if navigation.url_path != meeting.url_path and st.query_params.get("present") != "1":
    banner(data, lang)
# Any address with ?present=1 opens meeting mode, on the slide it names if any.
if st.query_params.get("present") == "1" and navigation.url_path != meeting.url_path:
    st.switch_page(meeting, query_params={"lang": lang,
                                          "slide": st.query_params.get("slide", "1")})
guard(navigation.run)
