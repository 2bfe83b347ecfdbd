"""The figure of the Attention page's views (explorer/views_page.py): one output x source map, its rows summing to 1
so that raw weights, value-weighted weights, rollout and gradients share one colour scale. Pure, no Streamlit."""

from __future__ import annotations

import html

import numpy as np
import plotly.graph_objects as go

from explorer.figures import figure, tick_angle, token_label
from explorer.i18n import _


def view_heatmap(
    z: np.ndarray,
    source_tokens: list[str],
    source_known: list[bool],
    output_tokens: list[str],
    base: int = 14,
    title: str | None = None,
) -> go.Figure:
    """Output steps (rows) x source tokens (columns) of one row-normalised view, on the scale 0..1."""
    z = np.asarray(z, dtype=float)
    cell = _("output {i} {output} ← source {j} {source}<br>share {v}")
    rows = [(i + 1, html.escape(t)) for i, t in enumerate(output_tokens[: z.shape[0]])]
    cols = [(j + 1, token_label(t)) for j, t in enumerate(source_tokens[: z.shape[1]])]
    hover = np.array(
        [
            [cell.format(i=i, output=o, j=j, source=s, v=f"{v:.3f}") for (j, s), v in zip(cols, row, strict=True)]
            for (i, o), row in zip(rows, z.tolist(), strict=True)
        ]
    )
    xs, ys = list(range(z.shape[1])), list(range(z.shape[0]))
    heat = {
        "type": "heatmap",
        "z": z,
        "x": xs,
        "y": ys,
        "colorscale": "Blues",
        "zmin": 0.0,
        "zmax": 1.0,
        "text": hover,
        "hoverinfo": "text",
        "showscale": False,  # every view shares the scale 0..1: the hover gives the numbers
    }
    height = max(220, 40 + (base + 8) * z.shape[0]) + (60 if max(map(len, source_tokens), default=0) > 2 else 0)
    return figure(
        [heat],
        base,
        height,
        title,
        xaxis={
            "tickvals": xs,
            "ticktext": [token_label(t, k) for t, k in zip(source_tokens, source_known, strict=True)],
            "side": "top",
            "tickangle": tick_angle(source_tokens),
            "tickfont": {"size": base},
        },
        yaxis={
            "tickvals": ys,
            "ticktext": [f"{i + 1}: {token_label(t)}" for i, t in enumerate(output_tokens[: z.shape[0]])],
            "autorange": "reversed",
            "tickfont": {"size": base},
        },
    )
