"""The app's few pieces of hand-written HTML and CSS. User text is always escaped; colours and CSS are fixed."""

from __future__ import annotations

import html

import streamlit as st

from explorer.i18n import _
from explorer.style import color, label


def large_text_css() -> None:
    """Bigger type everywhere for a projector. Fixed CSS, no user text.

    Streamlit sizes its type in rem, so scaling the root font scales everything and keeps headings above body
    text (an earlier rule that set every element to one size made titles no bigger than captions). The
    sidebar gets wider so the model names in its chips still fit, and the page's side margins narrower so
    the content keeps its width; figures get their own base size.
    """
    if st.session_state.get("large"):
        st.markdown(
            "<style>html {font-size: 140% !important;}"
            " section[data-testid='stSidebar'] {width: 360px !important; min-width: 360px !important;}"
            " [data-testid='stMainBlockContainer'] {padding-left: 2rem !important; padding-right: 2rem !important;}"
            "</style>",
            unsafe_allow_html=True,
        )


def model_heading(model: str, level: int = 3) -> None:
    """The model's name in its colour (the name is escaped; the colour comes from a fixed table)."""
    st.markdown(
        f"<h{level} style='color:{color(model)};margin:0'>● {html.escape(label(model))}</h{level}>",
        unsafe_allow_html=True,
    )


def guided_caption(loaded) -> None:
    """Says so when an attention model was trained towards the gold alignment (guided alignment): its heatmap
    then shows links it was taught as well as found. `loaded` is a pack's LoadedModel."""
    weight = loaded.history.align_weight()
    if loaded.uses_attention and weight > 0:
        st.caption(
            _(
                "Guided attention: besides learning to translate, this model was trained to put its weights c_ij "
                "on the gold word alignment (a second loss term, weight {weight:g}). Its heatmap shows links it "
                "was taught, not only links it found by itself."
            ).format(weight=weight)
        )


def text_box(text: str) -> None:
    """A sentence or a model's output in a monospace box: st.code's look, as plain escaped HTML.

    The Overview (every visitor's first page) uses it instead of st.code, whose syntax highlighter is 1.5 MB
    of JavaScript a fresh browser would load and parse before drawing the page (README, Performance: "First
    page").
    """
    body = html.escape(text).replace("$", "&#36;").replace("\n", "<br>")
    st.markdown(
        '<div style=\'font-family:"Source Code Pro",monospace;font-size:0.875rem;background:#fcfcfb;'
        f"border-radius:0.5rem;padding:1rem;line-height:1.6;margin-bottom:1rem;overflow-wrap:anywhere'>{body}</div>",
        unsafe_allow_html=True,
    )
