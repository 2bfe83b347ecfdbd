"""The figure and tables of the Attention page's views (explorer/views_page.py): one output x source map, its rows
summing to 1 so that raw weights, value-weighted weights, rollout and gradients share one colour scale; and the AER
of each view that the pack's eval.json files hold ("aer_by_view"). Pure, no Streamlit."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from explorer.figures import figure, tick_angle, token_label
from explorer.i18n import _
from models.packs.records import Evaluation, ViewsAER


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


def view_labels() -> dict[str, str]:
    """Each view's short name (ViewsAER.VIEWS), for table columns."""
    return {
        "raw": _("raw α"),
        "value_weighted": _("value-weighted"),
        "rollout": _("rollout"),
        "gradient": _("gradient"),
    }


def views_aer_table(evaluations: dict[str, Evaluation | None]) -> pd.DataFrame:
    """One row per model whose eval.json has "aer_by_view", one column per view some model has (AER, lower is
    better; empty where a model has no such view), and n, the sentences measured. Empty when no model has it."""
    scores = {name: ev.aer_by_view for name, ev in evaluations.items() if ev is not None and ev.aer_by_view}
    labels = view_labels()
    views = [v for v in ViewsAER.VIEWS if any(s.view(v) is not None for s in scores.values())]
    table = pd.DataFrame(
        [[s.view(v) for v in views] + [s.n] for s in scores.values()],
        index=pd.Index(list(scores), name=_("model")),
        columns=[labels[v] for v in views] + ["n"],
    )
    return table


def heads_aer_table(scores: ViewsAER) -> pd.DataFrame:
    """A stack's AER of each layer's cross map, every head alone and their mean: layers as rows. Empty for a GRU."""
    if not scores.layers:
        return pd.DataFrame()
    heads = max(map(len, scores.heads), default=0)
    return pd.DataFrame(
        [[*row, *[None] * (heads - len(row)), mean] for row, mean in zip(scores.heads, scores.layers, strict=True)],
        index=pd.Index([_("layer {layer}").format(layer=i + 1) for i in range(len(scores.layers))], name=None),
        columns=[_("head {head}").format(head=h + 1) for h in range(heads)] + [_("mean of the heads")],
    )
