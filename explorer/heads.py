"""Figures of the Transformer families' many heads: every layer x head of one site as small multiples (the model
view of bertviz), and the axis names each site's heatmap gets."""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go

from explorer.figures import tick_angle, token_label
from explorer.i18n import N_, _
from models.net.trace import AttentionMap, Trace

# What a heatmap's columns and rows stand for, per site (the queries look at the keys).
SITE_AXES = {
    "cross": (N_("source tokens (keys k_j)"), N_("output steps (queries q_i)")),
    "encoder_self": (N_("source tokens (keys k_j)"), N_("source tokens (queries q_i)")),
    "decoder_self": (N_("output so far (keys k_j)"), N_("output steps (queries q_i)")),
    "causal": (N_("the text so far (keys k_j)"), N_("position in the text (queries q_i)")),
}
SITE_NAMES = {
    "cross": N_("cross-attention: output → source"),
    "encoder_self": N_("encoder self-attention: source → source"),
    "decoder_self": N_("decoder masked self-attention: output → earlier output"),
    "causal": N_("causal self-attention over source, <sos> and output"),
}
# A head's site in a short name, for the head switch's grid and table: "decoder self · L1 H1".
SITE_SHORT = {
    "encoder_self": N_("encoder self"),
    "decoder_self": N_("decoder self"),
    "cross": N_("cross"),
    "causal": N_("causal"),
}
CELL = 190  # px per small multiple: readable tokens at 10-15 words, a 3 x 4 grid within a projector's screen
MARGIN = {"l": 10, "r": 10, "t": 40, "b": 10}  # the grid figure's, in px
LINE = 1.25  # a label's height in font sizes: Hangul stands taller than Latin at one size
CHAR = 0.7  # an upright character's width in font sizes
GRID_WIDTH = 800  # px: the narrowest main column the grid is drawn in (1,280 px wide, the sidebar open)


def thinned(labels: list[str], pitch: float, room: float) -> tuple[list[int], list[str]]:
    """Every k-th label, from the first, with k the least that gives each label the `room` (px) it needs where the
    labels stand `pitch` px apart (a 15-row map in a small multiple has about 10 px a row). Hover still names every
    cell."""
    step = max(1, math.ceil(room / max(pitch, 1e-9)))
    keep = list(range(0, len(labels), step))
    return keep, [labels[i] for i in keep]


def site_axes(site: str) -> tuple[str, str]:
    """The (columns, rows) titles of a heatmap of this site, in the current language."""
    cols, rows = SITE_AXES[site]
    return _(cols), _(rows)


def site_name(site: str) -> str:
    return _(SITE_NAMES[site])


def site_short(site: str) -> str:
    return _(SITE_SHORT[site]) if site in SITE_SHORT else site


def head_label(site: str, layer: int, head: int) -> str:
    """One head as the page names it, counted from 1: "decoder self · L1 H1"."""
    return _("{site} · L{layer} H{head}").format(site=site_short(site), layer=layer + 1, head=head + 1)


def head_grid(trace: Trace, site: str, values: str = "weights", base: int = 14) -> go.Figure:
    """Every layer (rows of the grid) x head (columns) of the map at `site`, one small heatmap each, on one colour
    scale: weights on [0, 1], or raw scores centred at 0. Token labels on the outer axes only."""
    m: AttentionMap = trace.map(site)
    data = m.weights if values == "weights" else m.scores  # (L, h, Q, K)
    L, H = m.layers, m.heads
    cols = [token_label(t) for t in trace.tokens(m.cols)]
    rows = [token_label(t) for t in trace.tokens(m.rows)]
    gap_x, gap_y = 0.03, 0.25 / L  # room between rows for the cells' titles
    width, height = (1 - gap_x * (H - 1)) / H, (1 - gap_y * (L - 1)) / L
    limit = float(np.abs(data).max() or 1.0)
    # a cell's rows share at least its part of L cells' height less the margins (the x labels' room comes on top)
    row_ticks = thinned(rows, (L * CELL - MARGIN["t"] - MARGIN["b"]) * height / max(len(rows), 1), LINE * base)
    # columns: a slanted label needs its height across the slant; an upright one (a character, a digit) its width
    angle = tick_angle(trace.tokens(m.cols))
    room = LINE * base / math.sin(math.radians(-angle)) if angle else CHAR * base * max(map(len, cols), default=1)
    col_ticks = thinned(cols, GRID_WIDTH * width / max(len(cols), 1), room)
    pairs = np.array([[f"{r} → {c}" for c in cols] for r in rows])  # each cell's hover: query → key
    traces, layout, notes = [], {}, []
    for layer in range(L):
        for head in range(H):
            n = layer * H + head + 1
            suffix = "" if n == 1 else str(n)
            x0, y1 = head * (width + gap_x), 1 - layer * (height + gap_y)
            traces.append(
                {
                    "type": "heatmap",
                    "z": data[layer, head],
                    "xaxis": f"x{suffix}",
                    "yaxis": f"y{suffix}",
                    "coloraxis": "coloraxis",
                    "text": pairs,
                    "hovertemplate": _("layer {layer} · head {head}").format(layer=layer + 1, head=head + 1)
                    + "<br>%{text}: %{z:.3f}<extra></extra>",
                    "x": list(range(len(cols))),
                    "y": list(range(len(rows))),
                }
            )
            layout[f"xaxis{suffix}"] = {
                "domain": [x0, x0 + width],
                "anchor": f"y{suffix}",
                "tickvals": col_ticks[0],
                "ticktext": col_ticks[1],
                "showticklabels": layer == L - 1,
                "tickangle": angle,
            }
            layout[f"yaxis{suffix}"] = {
                "domain": [y1 - height, y1],
                "anchor": f"x{suffix}",
                "tickvals": row_ticks[0],
                "ticktext": row_ticks[1],
                "showticklabels": head == 0,
                "autorange": "reversed",
            }
            notes.append(
                {
                    "text": _("layer {layer} · head {head}").format(layer=layer + 1, head=head + 1),
                    "x": x0 + width / 2,
                    "y": y1,
                    "xref": "paper",
                    "yref": "paper",
                    "xanchor": "center",
                    "yanchor": "bottom",
                    "showarrow": False,
                }
            )
    coloraxis = (
        {"colorscale": "Blues", "cmin": 0.0, "cmax": 1.0}
        if values == "weights"
        else {"colorscale": "RdBu_r", "cmin": -limit, "cmax": limit}
    )
    label_room = 8 * max(map(len, trace.tokens(m.cols)), default=1) + 40
    return go.Figure(
        {
            "data": traces,
            "layout": {
                "font": {"size": base},
                "height": L * CELL + label_room,
                "margin": MARGIN,
                "coloraxis": {**coloraxis, "colorbar": {"title": {"text": "c_ij" if values == "weights" else "e_ij"}}},
                "annotations": notes,
                **layout,
            },
        }
    )
