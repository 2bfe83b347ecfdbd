"""Attention Explorer: `streamlit run app.py` serves the Streamlit script main.py.

app.py is a Streamlit `st.App` so the server can start work before the first browser connects: the models'
modules (torch alone takes about a second to import) load in a background thread while the first browser is
still loading the frontend, instead of after it has connected. Everything a page shows is in main.py,
pages/ and explorer/.
"""

import os
import threading
from contextlib import asynccontextmanager

import streamlit as st

# Streamlit runs every rerun of a session in a new thread (a new ScriptRunner), and in a new thread torch's second
# intra-op thread costs more than it gives on this 2-core machine: the What-if page's five decodings of a 30-token
# en-fr sentence took 300-470 ms in fresh threads with 2 torch threads, 160-250 ms with 1 (125-190 ms with 2 in the
# main thread); batched greedy decoding of 300 sentences took 440 ms in a fresh thread either way (bench:
# gradients_whatif_speed --threads). So the server uses 1, unless OMP_NUM_THREADS says otherwise (explorer.hall sets
# it for its workers).
SCRIPT_THREADS = 1


def _warm_imports() -> None:
    import torch

    if "OMP_NUM_THREADS" not in os.environ:
        torch.set_num_threads(SCRIPT_THREADS)
    __import__("explorer.sidebar")


@asynccontextmanager
async def _import_in_background(app):
    # Not awaited: the server accepts connections at once; a first page that needs these modules before the
    # thread is done waits for that import in the usual way (Python's per-module import lock).
    threading.Thread(target=_warm_imports, name="warm-imports", daemon=True).start()
    yield


app = st.App("main.py", lifespan=_import_in_background)
