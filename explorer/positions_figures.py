"""Figures and numbers of the Self-attention & positions page: a self-attention slice as a heatmap, the largest
weight a causal mask let through above the diagonal, and the sinusoid matrix PE. No Streamlit here.

    PE(pos, 2i) = sin(pos / 10000^(2i / d_model)),   PE(pos, 2i+1) = cos(pos / 10000^(2i / d_model))
"""

from __future__ import annotations

import html

import numpy as np
import plotly.graph_objects as go

from explorer.figures import attention_heatmap, figure, token_label
from explorer.heads import site_axes
from explorer.i18n import _
from models.net.attention_block import sinusoidal_positions
from models.net.trace import AttentionMap, MapSlice, Trace
from models.net.transformer import TransformerConfig

# The sizes a new Transformer gets: the positions shown for a pack that has no model with positions.
NEW_STACK = TransformerConfig(src_vocab_size=1, tgt_vocab_size=1)


def self_attention_slice(trace: Trace, site: str, layer: int, head: int | None) -> MapSlice:
    """One head (None: the mean of the layer's heads) of a self-attention map, its axes labelled with the token
    at each position. The decoder's keys are the tokens it has read (Trace.tokens("read")): <sos>, y_1 ...
    y_{T-1} (the key at the diagonal of row i is the query's own position, which read y_{i-1} to write y_i)."""
    return trace.slice(site, layer, head)


def self_attention_heatmap(view: MapSlice, base: int = 14) -> go.Figure:
    """A self-attention slice (queries x keys of the same text) as explorer.figures.attention_heatmap draws a
    cross-attention one, with its own axis titles and hover text: row i is the token looking (query q_i), the
    columns the tokens it looks at (keys k_j), each row's weights summing to 1."""
    fig = attention_heatmap(view, "weights", base, axes=site_axes(view.site))
    cell = _("{i} {query} → {j} {key}<br>weight c = {c}")
    queries = [html.escape(t) for t in view.row_tokens]
    keys = [token_label(t) for t in view.col_tokens]
    hover = np.array(
        [
            [
                cell.format(i=i + 1, query=q, j=j + 1, key=k, c=f"{c:.3f}")
                for j, (k, c) in enumerate(zip(keys, row, strict=True))
            ]
            for i, (q, row) in enumerate(zip(queries, view.weights.tolist(), strict=True))
        ]
    )
    fig.update_traces(text=hover, selector={"type": "heatmap"})
    return fig


def max_above_diagonal(m: AttentionMap) -> float:
    """The largest weight c_ij with j > i over every layer and head of a square map: 0 under a causal mask."""
    return float(np.triu(m.weights, k=1).max())


def sinusoid_matrix(n: int, d_model: int) -> np.ndarray:
    """(n, d_model) the first n rows PE(0) ... PE(n - 1) of the sinusoid matrix (models/net/attention_block.py)."""
    return sinusoidal_positions(n, d_model).numpy()


LABELLED_ROWS = 40  # more positions than this get plain numbers on the axis, not their tokens


def positions_heatmap(pe: np.ndarray, tokens: list[str] | None = None, base: int = 14) -> go.Figure:
    """The sinusoid matrix PE (positions x d_model) on a -1..1 scale: row pos is the vector added to the embedding
    of the token at position pos (0-based, as in the formula), labelled with that token when `tokens` are given."""
    n, d = pe.shape
    labelled = tokens is not None and n <= LABELLED_ROWS
    yaxis = {"autorange": "reversed", "title": {"text": _("position pos (from 0)")}}
    if labelled:
        yaxis |= {"tickvals": list(range(n)), "ticktext": [f"{p}: {token_label(t)}" for p, t in enumerate(tokens)]}
    heat = {
        "type": "heatmap",
        "z": pe,
        "x": list(range(d)),
        "y": list(range(n)),
        "colorscale": "RdBu_r",
        "zmin": -1.0,
        "zmax": 1.0,
        "hovertemplate": _("position {pos} · dimension {dim}<br>PE = {value}").format(
            pos="%{y}", dim="%{x}", value="%{z:.3f}"
        )
        + "<extra></extra>",
    }
    row = base + 10 if labelled else max(6, min(base + 10, 720 // n))
    return figure(
        [heat],
        base,
        max(260, 90 + row * n),
        xaxis={"title": {"text": _("dimension: 2i (sin) and 2i+1 (cos)")}, "side": "top"},
        yaxis=yaxis,
    )
