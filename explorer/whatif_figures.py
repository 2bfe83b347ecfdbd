"""The What-if attention page's figures and the experiments' names: the weights a what-if decoding used
(models/net/whatif.py) and which output tokens it changed. Pure functions, no Streamlit; labels from user text
are escaped as in explorer.figures."""

from __future__ import annotations

import plotly.graph_objects as go

from explorer.figures import attention_heatmap, figure, token_label
from explorer.i18n import N_, _
from models.net.whatif import WhatIf

MODE_LABELS = {
    "own": N_("its own attention"),
    "uniform": N_("uniform weights"),
    "gold": N_("the gold alignment"),
    "mask": N_("one word masked"),
    "frozen": N_("context frozen at step 1"),
}


def mode_label(mode: str) -> str:
    """An experiment's name (MODE_LABELS) in the current language."""
    return _(MODE_LABELS[mode]) if mode in MODE_LABELS else mode


def whatif_heatmap(result: WhatIf, base: int = 14) -> go.Figure:
    """The weights the decoder actually used in a what-if decoding, as the Attention page's heatmap."""
    return attention_heatmap(result.trace.slice(), "weights", base=base)


def changed_strip(tokens: list[str], changed: list[bool], base: int = 14, per_row: int = 12) -> go.Figure:
    """An output's tokens as boxes, red where it differs from the model's own output, grey where it agrees."""
    n = max(len(tokens), 1)
    per_row = min(per_row, n)
    z, text = [], []
    for start in range(0, n, per_row):
        idx = range(start, start + per_row)
        z.append([(1.0 if changed[i] else 0.0) if i < len(tokens) else None for i in idx])
        text.append(
            [
                "⏎" if i < len(tokens) and tokens[i] == "<eos>" else token_label(tokens[i]) if i < len(tokens) else ""
                for i in idx
            ]
        )
    strip = {
        "type": "heatmap",
        "z": z,
        "text": text,
        "texttemplate": "%{text}",
        "hoverinfo": "skip",
        "colorscale": [[0, "#e6e6e6"], [1, "#f4a582"]],
        "zmin": 0,
        "zmax": 1,
        "showscale": False,
        "xgap": 3,
        "ygap": 3,
    }
    return figure(
        [strip],
        base,
        30 + (base + 26) * len(z),
        yaxis={"showticklabels": False, "autorange": "reversed"},
        xaxis={"showticklabels": False, "showgrid": False, "zeroline": False},
        plot_bgcolor="white",
    )
