"""Attention Explorer, the Streamlit script: declares the pages and the shared sidebar, then runs the chosen page.

Served by app.py (`streamlit run app.py`), which starts importing the models as the server starts.
"""

import streamlit as st

from explorer.state import large_text_css, sidebar

st.set_page_config(page_title="Attention Explorer", page_icon=":material/grid_on:", layout="wide")

pages = [
    st.Page("pages/overview.py", title="Overview", icon=":material/home:", default=True),
    st.Page("pages/translate.py", title="Translate & compare", icon=":material/translate:"),
    st.Page("pages/attention.py", title="Attention", icon=":material/grid_on:"),
    st.Page("pages/context.py", title="Context vectors", icon=":material/view_week:"),
    st.Page("pages/quality.py", title="Quality vs length", icon=":material/show_chart:"),
    st.Page("pages/learn.py", title="Watch it learn", icon=":material/school:"),
    st.Page("pages/gradients.py", title="Gradients", icon=":material/blur_linear:"),
    st.Page("pages/whatif.py", title="What-if attention", icon=":material/science:"),
]
# Streamlit drops a widget's state while its page is not shown (and the address drops the page's parameters):
# re-saving these keys on every run keeps a teacher's choices when they switch pages and come back.
KEPT_ACROSS_PAGES = ("decoding", "beam_width", "attention_model", "heat_values", "gold", "step", "metric")
KEPT_ACROSS_PAGES += ("sweep_lengths", "whatif", "mask_word")  # Gradients and What-if attention
for key in KEPT_ACROSS_PAGES:
    if key in st.session_state:
        st.session_state[key] = st.session_state[key]
page = st.navigation(pages)
st.session_state["selection"] = sidebar()
large_text_css()
page.run()
