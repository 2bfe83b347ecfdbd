"""Every figure a page shows goes through show_chart, which offers it in two formats.

- PNG: plotly.js draws the figure in the browser, and the modebar's camera saves that drawing (explorer.figures
  CONFIG sets its scale; the file is named after the chart).
- SVG: a button under the figure. The file is written on the server by explorer/svg.py from the figure's JSON
  when the button is clicked (Streamlit's deferred download), with no browser or renderer on the server, and its
  token labels are text. A rerun does not pay for it, and clicking it does not rerun the page.
"""

from __future__ import annotations

from functools import partial

import plotly.graph_objects as go
import streamlit as st

from explorer.figures import CONFIG
from explorer.i18n import _
from explorer.svg import figure_svg

SVG_MIME = "image/svg+xml"


def chart_config(name: str) -> dict:
    """The shared plotly config with the camera's PNG named `name`.png."""
    return {**CONFIG, "toImageButtonOptions": {**CONFIG["toImageButtonOptions"], "filename": name}}


def svg_bytes(fig: go.Figure) -> bytes:
    return figure_svg(fig).encode("utf-8")


def show_chart(fig: go.Figure, key: str, name: str | None = None) -> None:
    """The figure, and under it a button that downloads it as `name`.svg (default: the chart's key)."""
    name = name or key
    st.plotly_chart(fig, config=chart_config(name), key=key)
    st.download_button(
        _("SVG download"),
        data=partial(svg_bytes, fig),
        file_name=f"{name}.svg",
        mime=SVG_MIME,
        key=f"svg-{key}",
        on_click="ignore",
        type="tertiary",
        icon=":material/download:",
        help=_("The figure as vector graphics (SVG), for a handout or a paper. The camera above it saves a PNG."),
    )
