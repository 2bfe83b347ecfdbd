"""Attention Explorer, the Streamlit script: declares the pages and the shared sidebar, then runs the chosen page.

Served by app.py (`streamlit run app.py`), which starts importing the models as the server starts.
"""

import streamlit as st

from explorer.html import large_text_css
from explorer.i18n import _, use
from explorer.navigation import inside_navigation
from explorer.params import settle, start_run, write_url
from explorer.sidebar import sidebar
from explorer.whatif_cache import model_heads

st.set_page_config(page_title="Attention Explorer", page_icon=":material/grid_on:", layout="wide")

# kept widget keys survive page switches; a session's first run reads the URL (explorer.params)
use(start_run())  # this run's language, for every string below (explorer.i18n)
pages = [
    st.Page("pages/overview.py", title=_("Overview"), icon=":material/home:", default=True),
    st.Page("pages/translate.py", title=_("Translate & compare"), icon=":material/translate:"),
    st.Page("pages/attention.py", title=_("Attention"), icon=":material/grid_on:"),
    st.Page("pages/positions.py", title=_("Self-attention & positions"), icon=":material/format_list_numbered:"),
    st.Page("pages/context.py", title=_("Context vectors"), icon=":material/view_week:"),
    st.Page("pages/quality.py", title=_("Quality vs length"), icon=":material/show_chart:"),
    st.Page("pages/learn.py", title=_("Watch it learn"), icon=":material/school:"),
    st.Page("pages/gradients.py", title=_("Gradients"), icon=":material/blur_linear:"),
    st.Page("pages/whatif.py", title=_("What-if attention"), icon=":material/science:"),
]
page = st.navigation(pages)
selection = st.session_state["selection"] = sidebar()
if selection is not None:
    settle(selection.attention_models, selection.models, lambda model: model_heads(selection.pack.name, model))
    write_url(selection.pack.name, selection.models, selection.sentence, page.url_path)
large_text_css()
with inside_navigation():
    page.run()
