"""Attention Explorer: `streamlit run app.py` serves the Streamlit script main.py.

app.py is a Streamlit `st.App` so the server can start work before the first browser connects: the models'
modules (torch alone takes about a second to import) load in a background thread while the first browser is
still loading the frontend, instead of after it has connected. Everything a page shows is in main.py,
pages/ and explorer/.
"""

import threading
from contextlib import asynccontextmanager

import streamlit as st


@asynccontextmanager
async def _import_in_background(app):
    # Not awaited: the server accepts connections at once; a first page that needs these modules before the
    # thread is done waits for that import in the usual way (Python's per-module import lock).
    threading.Thread(target=__import__, args=("explorer.sidebar",), name="warm-imports", daemon=True).start()
    yield


app = st.App("main.py", lifespan=_import_in_background)
