"""The Gradients page's figures: the gradients g_ij reaching each source word (models/net/gradients.py), per
sentence and over the length sweep. Pure functions, no Streamlit; labels from user text are escaped as in
explorer.figures."""

from __future__ import annotations

import html

import numpy as np
import plotly.graph_objects as go

from explorer.figures import figure, tick_angle, token_label
from explorer.i18n import _
from explorer.style import color, label
from models.net.gradients import SourceGradients


def _source_axis(tokens: list[str], known: list[bool]) -> dict:
    xs = list(range(len(tokens)))
    return {
        "tickvals": xs,
        "ticktext": [token_label(t, k) for t, k in zip(tokens, known, strict=True)],
        "tickangle": tick_angle(tokens),
        "title": {"text": _("source words (their embeddings)")},
    }


def gradient_heatmap(grads: SourceGradients, base: int = 14, zmax: float | None = None) -> go.Figure:
    """Output steps (rows) x source words (columns): g_ij = ||d log p(y_i) / d embed(x_j)||."""
    z = grads.norms
    cell = _("output {i} {output} ← source {j} {source}<br>gradient {g}")
    rows = [(i + 1, token_label(t)) for i, t in enumerate(grads.output_tokens)]
    cols = [(j + 1, token_label(t)) for j, t in enumerate(grads.source_tokens)]
    hover = np.array(
        [
            [cell.format(i=i, output=o, j=j, source=s, g=f"{g:.4f}") for (j, s), g in zip(cols, row, strict=True)]
            for (i, o), row in zip(rows, z.tolist(), strict=True)
        ]
    )
    heat = {
        "type": "heatmap",
        "z": z,
        "x": list(range(z.shape[1])),
        "y": list(range(z.shape[0])),
        "colorscale": "Greys",
        "zmin": 0.0,
        "zmax": zmax or float(z.max() or 1.0),
        "text": hover,
        "hoverinfo": "text",
        "colorbar": {"title": {"text": "|∂ log p / ∂x_j|"}},
    }
    height = max(260, 40 + (base + 10) * z.shape[0]) + (60 if max(map(len, grads.source_tokens)) > 2 else 0)
    return figure(
        [heat],
        base,
        height,
        xaxis={**_source_axis(grads.source_tokens, grads.source_known), "side": "top"},
        yaxis={
            "tickvals": list(range(z.shape[0])),
            "ticktext": [f"{i + 1}: {token_label(t)}" for i, t in enumerate(grads.output_tokens)],
            "autorange": "reversed",
            "title": {"text": _("output steps (log p(y_i))")},
        },
    )


def gradient_curves(grads: list[SourceGradients], base: int = 14) -> go.Figure:
    """Sum over output steps of g_ij, one line per model over source position j (log scale: a decay shows as a
    slope, and models of different overall size share the chart)."""
    data = [
        {
            "type": "scatter",
            "x": list(range(len(g.source_tokens))),
            "y": g.per_source,
            "mode": "lines+markers",
            "name": label(g.model),
            "line": {"color": color(g.model), "width": 3},
            "hovertemplate": label(g.model)
            + "<br>"
            + _("word {x}: {y}").format(x="%{x}", y="%{y:.3f}")
            + "<extra></extra>",
        }
        for g in grads
    ]
    first = grads[0]
    return figure(
        data,
        base,
        380,
        xaxis=_source_axis(first.source_tokens, first.source_known),
        yaxis={"title": {"text": "Σ_i |∂ log p(y_i) / ∂x_j|"}, "type": "log"},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
    )


def sweep_lines(curves: dict[str, np.ndarray], lengths: str, base: int = 14) -> go.Figure:
    """Mean gradient reaching the source word at distance d from the sentence's last word, one line per model
    (over the test sentences of `lengths` words)."""
    data = [
        {
            "type": "scatter",
            "x": list(range(len(y))),
            "y": y,
            "mode": "lines",
            "name": label(model),
            "line": {"color": color(model), "width": 3},
            "hovertemplate": label(model)
            + "<br>"
            + _("{x} words before the last: {y}").format(x="%{x}", y="%{y:.4f}")
            + "<extra></extra>",
        }
        for model, y in curves.items()
    ]
    return figure(
        data,
        base,
        400,
        xaxis={
            "title": {
                "text": _("distance d from the last source word ({lengths}-word test sentences)").format(
                    lengths=html.escape(lengths)
                )
            },
            "autorange": "reversed",  # the sentence's start on the left, as it is read
        },
        yaxis={"title": {"text": _("mean over steps of |∂ log p(y_i) / ∂x_j|")}, "type": "log"},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
    )
