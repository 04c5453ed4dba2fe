"""The app's launcher: `streamlit run dashboard.py` with the first run's work begun at start-up.

    python -m ui.serve [streamlit run options, e.g. --server.port 8501]

Streamlit runs none of the app's code until a first session asks for a page, so a freshly
started server's first visitor would wait for pandas, pyarrow, plotly and Babel to be imported
and for the data folder to be read and validated. Here a background thread does that work
while the server starts and the visitor's browser loads Streamlit's frontend. The server
itself is started through Streamlit's command line, unchanged: `streamlit run dashboard.py`
serves the same app, only without the head start.
"""

from __future__ import annotations

import importlib
import logging
import sys
import threading
import time
from pathlib import Path

ENTRY = Path(__file__).resolve().parent.parent / "dashboard.py"
# What the frame and the default page (the Overview) import on their first run; the other
# pages' modules are left to the pages that use them.
FIRST_RUN_MODULES = (
    "pandas", "pyarrow", "plotly.graph_objects",
    "alliance.access", "alliance.charts", "alliance.dataset", "alliance.i18n",
    "alliance.meeting", "alliance.overview", "alliance.text",
)
# The Streamlit glue, imported once the server's runtime exists: its cache decorators check
# their settings against the runtime's cache storage (and warn when there is none).
GLUE_MODULES = ("ui.frame", "ui.widgets")
RUNTIME_WAIT_S = 60.0
LOG = logging.getLogger("alliance.serve")


def warm_up() -> None:
    """Import what a first run needs, then fill the app's data cache once the server exists.

    Harmless when a visitor comes first: a module imported from two threads is imported
    once, and the cache's per-key lock has the first run wait for this load (and its copies
    of the last valid files) instead of doing it a second time. A failure here only costs
    the head start: the first run loads the data itself and reports what went wrong.
    """
    try:
        for name in FIRST_RUN_MODULES:
            importlib.import_module(name)
        from alliance.i18n import LANGUAGES, format_date, format_number

        for lang in LANGUAGES:  # Babel reads each language's CLDR data on first use
            format_number(1234.5, lang)
            format_date("2026-01-31", lang)
        # Cache keys also hash with options from Streamlit's configuration, which is loaded
        # just before the server (and its runtime) is created.
        from streamlit.runtime import Runtime

        deadline = time.monotonic() + RUNTIME_WAIT_S
        while not Runtime.exists():
            if time.monotonic() > deadline:
                return
            time.sleep(0.02)
        for name in GLUE_MODULES:
            importlib.import_module(name)
        from ui.frame import cached_dataset

        cached_dataset()
    except Exception:  # the first run meets the same problem and reports it
        LOG.warning("start-up warm-up skipped", exc_info=True)


def main(argv: list[str] | None = None) -> None:
    """Start the warm-up, then serve dashboard.py with Streamlit's `run` command."""
    options = sys.argv[1:] if argv is None else argv
    # Streamlit is imported whole before the thread starts: its package and `runtime` import
    # each other, and a second thread importing one of them half-way through can be handed
    # the other half-initialised (seen here as "cannot import name 'Runtime'").
    from streamlit.web import cli

    threading.Thread(target=warm_up, name="alliance-warm-up", daemon=True).start()
    cli.main(args=["run", str(ENTRY), *options], prog_name="streamlit")


if __name__ == "__main__":
    main()
