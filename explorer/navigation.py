"""A workaround on a private Streamlit API, kept in one place: pages always run inside main.py's navigation."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

_this_run = threading.local()  # each session's script runs in its own thread, one run at a time


@contextmanager
def inside_navigation() -> Iterator[None]:
    """main.py runs the chosen page inside this: the page then knows this run came through st.navigation."""
    _this_run.active = True
    try:
        yield
    finally:
        _this_run.active = False


def ensure_navigation() -> None:
    """Make sure this page runs inside main.py's st.navigation, with the shared sidebar.

    A `pages/` folder beside main.py makes Streamlit start in its legacy multipage mode, where a deep link
    (e.g. /attention?s=...) as the first request of a process executes the page file alone. st.navigation
    turns that mode off, so switch it off here and rerun: the rerun goes through main.py, which routes back
    to this same page with the sidebar and the URL intact. (Streamlit issue #8860 and its docs: a pages/
    folder and st.navigation do not mix well.)

    Whether this run came through main.py is asked of the run itself, not of Streamlit's process-wide mode
    flag: when a class arrives at once on a fresh process, several first sessions run their page file alone
    before the first of them switches the flag off, and each of them must rerun too (else it draws nothing).
    """
    if getattr(_this_run, "active", False):
        return
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False
    if st.session_state.get("_navigation_rerun"):
        return  # already rerun once and still outside main.py (a page run on its own): do not loop
    st.session_state["_navigation_rerun"] = True
    st.rerun()
