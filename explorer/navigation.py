"""A workaround on a private Streamlit API, kept in one place: pages always run inside main.py's navigation."""

from __future__ import annotations

import streamlit as st


def ensure_navigation() -> None:
    """Make sure this page runs inside main.py's st.navigation, with the shared sidebar.

    A `pages/` folder beside main.py makes Streamlit start in its legacy multipage mode, where a deep link
    (e.g. /attention?s=...) as the first request of a process, and every AppTest run, executes the page
    file alone. st.navigation turns that mode off, so switch it off here and rerun: the rerun goes through
    main.py, which routes back to this same page with the sidebar and the URL intact.
    (Streamlit issue #8860 and its docs: a pages/ folder and st.navigation do not mix well.)
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
