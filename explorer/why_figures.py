"""Figures for "why attention": gradients reaching the source (models/net/gradients.py) and what-if decoding
(models/net/whatif.py). Pure functions, no Streamlit; labels from user text are escaped as in explorer.figures."""

from __future__ import annotations

import html

import numpy as np
import plotly.graph_objects as go

from explorer.figures import _figure, _tick_angle, attention_heatmap, token_label
from explorer.i18n import N_, _
from explorer.style import color, label
from models.net.gradients import SourceGradients
from models.net.whatif import WhatIf

MODE_LABELS = {
    "own": N_("its own attention"),
    "uniform": N_("uniform weights"),
    "gold": N_("the gold alignment"),
    "mask": N_("one word masked"),
    "frozen": N_("context frozen at step 1"),
}


def mode_label(mode: str) -> str:
    """An experiment's name (explorer.why_figures.MODE_LABELS) in the current language."""
    return _(MODE_LABELS[mode]) if mode in MODE_LABELS else mode


def _source_axis(tokens: list[str], known: list[bool]) -> dict:
    xs = list(range(len(tokens)))
    return {
        "tickvals": xs,
        "ticktext": [token_label(t, k) for t, k in zip(tokens, known, strict=True)],
        "tickangle": _tick_angle(tokens),
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
    return _figure(
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
    return _figure(
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
    return _figure(
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
    return _figure(
        [strip],
        base,
        30 + (base + 26) * len(z),
        yaxis={"showticklabels": False, "autorange": "reversed"},
        xaxis={"showticklabels": False, "showgrid": False, "zeroline": False},
        plot_bgcolor="white",
    )
