"""Pure functions from traces (and pack files) to plotly figures. No Streamlit here, so all are testable.

Token labels go on numeric axes with tick text (plotly merges repeated category names, and sources repeat
tokens all the time). Every label from user text is HTML-escaped: plotly reads a few HTML tags in text.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd  # eagerly, see below
import plotly.graph_objects as go

from explorer.i18n import _
from explorer.style import color, label
from models.evaluation.metrics import METRICS
from models.net.trace import MapSlice, Trace
from models.packs.records import History, Probe
from models.text.subword import group_labels, merge_weights, word_groups

# Why pandas is imported eagerly: plotly's validators fetch pandas with an import-on-first-use helper that
# returns a half-imported module to a second thread, and Streamlit runs each session's script in its own
# thread. With a lazy import the classroom load test (bench/wsload.py) saw "partially initialized module
# 'pandas' has no attribute 'Series'" on the first concurrent page views.

UNKNOWN_COLOR = "#d62728"
CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}


def token_label(token: str, known: bool = True) -> str:
    """A safe, visible axis label for one token. Unknown tokens are shown in red with a question mark."""
    text = {" ": "␣", "\t": "⇥"}.get(token, token)
    text = "".join(ch if ch.isprintable() else f"U+{ord(ch):04X}" for ch in text)
    text = html.escape(text, quote=True)
    return text if known else f"<span style='color:{UNKNOWN_COLOR};font-weight:bold'>{text}?</span>"


def figure(data: list[dict], base: int, height: int | None = None, title: str | None = None, **layout) -> go.Figure:
    """One figure from plain trace and layout dicts, checked by plotly once.

    Building a figure in one go is several times faster than go.Figure() followed by update_layout and
    update_xaxes calls (each walks plotly's property paths again), and page reruns build many figures.
    """
    layout = {
        "font": {"size": base},
        "margin": {"l": 10, "r": 10, "t": 40 if title else 10, "b": 10},
        "height": height,
        **({"title": title} if title else {}),
        **layout,
    }
    return go.Figure({"data": data, "layout": layout})


def tick_angle(labels: list[str]) -> int:
    """Upright labels while they fit, slanted when there are many or long ones."""
    return 0 if len(labels) <= 40 and all(len(t) <= 2 for t in labels) else -60


def slice_ticks(view: MapSlice) -> tuple[list[int], list[str], list[int], list[str]]:
    """Tick positions and labels of a heatmap's columns (keys) and rows (queries, numbered)."""
    xs = list(range(len(view.col_tokens)))
    xt = [token_label(t, k) for t, k in zip(view.col_tokens, view.col_known, strict=True)]
    ys = list(range(len(view.row_tokens)))
    return xs, xt, ys, [f"{i + 1}: {token_label(t)}" for i, t in enumerate(view.row_tokens)]


def attention_heatmap(
    view: MapSlice,
    values: str = "weights",
    base: int = 14,
    title: str | None = None,
    gold: list[list[int]] | None = None,
    axes: tuple[str, str] | None = None,
) -> go.Figure:
    """Queries (rows: a GRU's output steps) x keys (columns: its source tokens): softmax weights c_ij or raw
    scores e_ij of one slice of a map (Trace.slice).

    `gold`, a list of (source index, target index) links, is drawn as open squares on top. `axes`: the titles of
    the columns and rows, where they are not a GRU's source tokens h_j and output steps s_i.
    """
    col_title, row_title = axes or (_("source tokens (keys h_j)"), _("output steps (queries s_i)"))
    z = view.weights if values == "weights" else view.scores
    xs, xt, ys, yt = slice_ticks(view)
    # One hover text per cell, as a numpy array (plotly checks an array at once, a nested list cell by cell).
    cell = _("output {i} {output} ← source {j} {source}<br>score e = {e}<br>weight c = {c}")
    rows = [(i + 1, html.escape(t)) for i, t in enumerate(view.row_tokens[: z.shape[0]])]
    cols = [(j + 1, token_label(t)) for j, t in enumerate(view.col_tokens[: z.shape[1]])]
    hover = np.array(
        [
            [
                cell.format(i=i, output=o, j=j, source=src, e=f"{e:.3f}", c=f"{c:.3f}")
                for (j, src), e, c in zip(cols, e_row, c_row, strict=True)
            ]
            for (i, o), e_row, c_row in zip(rows, view.scores.tolist(), view.weights.tolist(), strict=True)
        ]
    )
    weights = values == "weights"
    data = [
        {
            "type": "heatmap",
            "z": z,
            "x": xs,
            "y": ys,
            "colorscale": "Blues" if weights else "RdBu_r",
            **({"zmin": 0.0, "zmax": 1.0} if weights else {"zmid": 0.0}),
            "text": hover,
            "hoverinfo": "text",
            "colorbar": {"title": {"text": "c_ij" if weights else "e_ij"}, "thickness": 16},  # room for the columns
        }
    ]
    legend = {}
    if gold:
        links = [(j, i) for j, i in gold if i < z.shape[0] and j < z.shape[1]]
        data.append(
            {
                "type": "scatter",
                "x": [j for j, _ in links],
                "y": [i for _, i in links],
                "mode": "markers",
                "name": _("gold alignment"),
                "marker": {"symbol": "square-open", "size": base + 4, "color": "#d62728", "line": {"width": 2}},
                "hoverinfo": "skip",
            }
        )
        legend = {"showlegend": True, "legend": {"orientation": "h", "y": -0.02, "yanchor": "top"}}
    height = max(260, 40 + (base + 12) * len(view.row_tokens)) + (60 if max(map(len, view.col_tokens)) > 2 else 0)
    return figure(
        data,
        base,
        height,
        title,
        xaxis={
            "tickvals": xs,
            "ticktext": xt,
            "side": "top",
            "title": {"text": col_title},
            "tickangle": tick_angle(view.col_tokens),
            "tickfont": {"size": base},  # the page's type size (Streamlit's theme would draw ticks at 12 px)
        },
        yaxis={
            "tickvals": ys,
            "ticktext": yt,
            "autorange": "reversed",
            "title": {"text": row_title},
            "tickfont": {"size": base},
        },
        **legend,
    )


def word_attention_heatmap(view: MapSlice, base: int = 14, title: str | None = None) -> go.Figure:
    """The attention weights of a subword model with its pieces merged into words (models.text.subword.merge_weights):
    a source word's weight is the sum of its pieces' weights, an output word's row the mean of its pieces' rows,
    so every row still sums to 1."""
    src_groups, out_groups = word_groups(view.col_tokens), word_groups(view.row_tokens)
    z = merge_weights(view.weights, src_groups, out_groups)
    src_words = group_labels(view.col_tokens, src_groups)
    out_words = group_labels(view.row_tokens, out_groups)
    known = [all(view.col_known[i] for i in g) for g in src_groups]
    xs, xt = list(range(len(src_words))), [token_label(w, k) for w, k in zip(src_words, known, strict=True)]
    ys, yt = list(range(len(out_words))), [f"{i + 1}: {token_label(w)}" for i, w in enumerate(out_words)]
    hover = np.array(
        [
            [
                f"output word {i + 1} {token_label(o)} ← source word {j + 1} {x}<br>weight = {c:.3f}"
                for j, (x, c) in enumerate(zip(xt, row, strict=True))
            ]
            for i, (o, row) in enumerate(zip(out_words, z.tolist(), strict=True))
        ]
    )
    data = [
        {
            "type": "heatmap",
            "z": z,
            "x": xs,
            "y": ys,
            "colorscale": "Blues",
            "zmin": 0.0,
            "zmax": 1.0,
            "text": hover,
            "hoverinfo": "text",
            "colorbar": {"title": {"text": "weight"}},
        }
    ]
    height = max(260, 40 + (base + 12) * len(out_words)) + 60
    return figure(
        data,
        base,
        height,
        title,
        xaxis={"tickvals": xs, "ticktext": xt, "side": "top", "title": {"text": "source words"}, "tickangle": -60},
        yaxis={"tickvals": ys, "ticktext": yt, "autorange": "reversed", "title": {"text": "output words"}},
    )


def length_histogram_figure(bins: list[tuple[str, int]], unit: str, base: int = 12) -> go.Figure:
    """Bars of how many training sources have each length (bins like "1-5"), small enough for the sidebar."""
    bar = {
        "type": "bar",
        "x": [html.escape(text) for text, _count in bins],
        "y": [count for _text, count in bins],
        "marker": {"color": "#4c78a8"},
        "hovertemplate": "%{x} " + html.escape(unit) + ": %{y:,} " + html.escape(_("sources")) + "<extra></extra>",
    }
    return figure(
        [bar],
        base,
        220,
        xaxis={"title": {"text": html.escape(unit)}, "tickangle": -60},
        yaxis={"title": {"text": html.escape(_("sources"))}},
        bargap=0.05,
    )


def box_text(token: str, fits: int = 1000) -> str:
    """A token as it fits in one box of about `fits` characters: the end-of-sentence token becomes ⏎, and a
    longer word is cut with … (the hover text keeps it whole)."""
    if token == "<eos>":
        return "⏎"
    return token_label(token if len(token) <= fits else token[: max(fits - 1, 1)] + "…")


def copied_box(text: str, copied: bool) -> str:
    """A box's text, in bold italics when the token was copied from the source (a copy model's output)."""
    return f"<b><i>{text}</i></b>" if copied else text


def token_strip(
    trace: Trace,
    reference_tokens: list[str] | None = None,
    base: int = 14,
    per_row: int | None = None,
    width_chars: int = 40,
) -> go.Figure:
    """The output tokens as boxes coloured by their probability (green sure, red unsure), wrapped into rows
    of `per_row` boxes (default: as many as fit in about `width_chars` characters). With a reference, a row
    under each output row holds the expected tokens: blue where the output matches, red where it does not.
    A copy model's copied tokens (Trace.copied) are written in bold italics, and their hover text says so."""
    out = list(trace.output_tokens)
    copied = trace.copied or [False] * len(out)
    probs = [float(p) for p in trace.token_probs]
    box = _("step {i}: {token} p={p}<br>next best: {others}")
    hover = [
        box.format(
            i=i + 1,
            token=token_label(t),
            p=f"{p:.3f}",
            others=", ".join(
                f"{token_label(a)} {q:.2f}"
                for a, q in zip(trace.topk_tokens[i][1:3], trace.topk_probs[i][1:3], strict=True)
            ),
        )
        for i, (t, p) in enumerate(zip(out, probs, strict=True))
    ]
    copied_note = _("copied from the source (p_gen = {p})")
    hover = [
        h + "<br>" + copied_note.format(p=f"{trace.p_gen[i]:.2f}") if copied[i] else h for i, h in enumerate(hover)
    ]
    ref = None if reference_tokens is None else [*reference_tokens, "<eos>"]
    n = max(len(out), len(ref) if ref else 0)
    mean_len = sum(len(t) for t in out) / max(len(out), 1)
    # Size the boxes for a long-ish word (the 80th percentile), not the average one: fewer words get cut.
    lengths = sorted(len(t) for t in [*out, *(ref or [])])
    typical = lengths[int(0.8 * (len(lengths) - 1))] if lengths else 1
    # width_chars counts characters of the normal 14-px type. Bigger type fits fewer: its characters are wider,
    # and the "Large text" layout leaves narrower columns (a wider sidebar, wider margins); (14/base)^2 keeps
    # 8-letter words inside their boxes in 1280-1400 px wide windows.
    width_chars = width_chars * (14 / base) ** 2
    if per_row is None:
        per_row = max(2, int(width_chars // (typical + 1.5)))
        per_row = n if n <= per_row * 1.25 else per_row  # a short output fills one row, no empty boxes
    fits = max(3, int((width_chars - 8) / per_row))  # characters one box holds; the row labels take about 8
    rows_z, rows_text, rows_hover, labels, kinds = [], [], [], [], []
    right_text, wrong_text, nothing = _("right: expected {token}"), _("wrong: expected {token}"), _("(nothing)")
    for start in range(0, n, per_row):
        idx = range(start, min(start + per_row, n))
        pad = per_row - len(idx)
        rows_z.append([probs[i] if i < len(out) else None for i in idx] + [None] * pad)
        rows_text.append(
            [copied_box(box_text(out[i], fits), copied[i]) if i < len(out) else "" for i in idx] + [""] * pad
        )
        rows_hover.append([hover[i] if i < len(out) else "" for i in idx] + [""] * pad)
        labels.append(_("output"))
        kinds.append("output")
        if ref is not None:
            right = [i < len(out) and i < len(ref) and out[i] == ref[i] for i in idx]
            # reference rows live on a separate scale: 2 = right, 3 = wrong
            rows_z.append([2.0 if r else 3.0 for r in right] + [None] * pad)
            rows_text.append([box_text(ref[i], fits) if i < len(ref) else "—" for i in idx] + [""] * pad)
            rows_hover.append(
                [
                    (right_text if r else wrong_text).format(token=token_label(ref[i]) if i < len(ref) else nothing)
                    for i, r in zip(idx, right, strict=True)
                ]
                + [""] * pad
            )
            labels.append(_("reference"))
            kinds.append("reference")
    # One colour scale for both kinds of row: 0..1 probability (red..green), 2 right (blue), 3 wrong (red).
    scale = [
        [0, "#f4a582"],
        [1 / 6, "#fddbc7"],
        [1 / 3, "#b8e186"],
        [0.5, "#b8e186"],
        [0.5, "#92c5de"],
        [5 / 6, "#92c5de"],
        [5 / 6, "#d6604d"],
        [1, "#d6604d"],
    ]
    strip = {
        "type": "heatmap",
        "z": rows_z,
        "text": rows_text,
        "texttemplate": "%{text}",
        "textfont": {"size": base + 4 if mean_len <= 2 else base},  # words get smaller type than characters
        "hovertext": rows_hover,
        "hoverinfo": "text",
        "colorscale": scale,
        "zmin": 0,
        "zmax": 3,
        "showscale": False,
        "xgap": 3,
        "ygap": 3,
    }
    return figure(
        [strip],
        base,
        40 + (base + 30) * len(labels),
        yaxis={"tickvals": list(range(len(labels))), "ticktext": labels, "autorange": "reversed"},
        xaxis={"showticklabels": False, "showgrid": False, "zeroline": False},
        plot_bgcolor="white",
    )


def vector_strip(
    vectors: np.ndarray, row_labels: list[str], title: str | None = None, base: int = 14, zmax=None
) -> go.Figure:
    """Vectors as coloured rows (rows x hidden units): queries, context vectors, a concat."""
    vectors = np.atleast_2d(vectors)
    zmax = zmax or float(np.nanmax(np.abs(vectors)) or 1.0)  # nanmax: fc_strip pads its shorter row with NaN
    heat = {
        "type": "heatmap",
        "z": vectors,
        "y": list(range(len(row_labels))),
        "colorscale": "RdBu_r",
        "zmin": -zmax,
        "zmax": zmax,
        "hovertemplate": _("unit {x}<br>value {z}").format(x="%{x}", z="%{z:.3f}") + "<extra></extra>",
        # A one- or two-row strip is short: three colour-bar ticks (-max, 0, max) stay apart at any type size.
        "colorbar": {
            "len": 0.9,
            **(
                {"tickvals": [-zmax, 0, zmax], "ticktext": [f"{-zmax:.2g}", "0", f"{zmax:.2g}"]}
                if len(row_labels) <= 2
                else {}
            ),
        },
    }
    return figure(
        [heat],
        base,
        max(round(150 * base / 14), 70 + 24 * len(row_labels)),
        title,
        yaxis={
            "tickvals": list(range(len(row_labels))),
            "ticktext": [html.escape(r) for r in row_labels],
            "autorange": "reversed",
        },
        xaxis={"title": {"text": _("hidden unit")}},
    )


def fc_strip(trace: Trace, step: int, base: int = 14) -> go.Figure:
    """Step i's FC layer: its input [a_i ; s_i] (2H units) above its output tanh(FC [a_i ; s_i]) (O units)."""
    query, context, output = trace.vector("query"), trace.vector("context"), trace.vector("output")
    concat = np.concatenate([context[step], query[step]])  # (2H,) the FC layer's input [a_i ; s_i]
    rows = np.stack([concat, np.r_[output[step], np.full(len(concat) - len(output[step]), np.nan)]])  # (2, 2H)
    return vector_strip(rows, ["[a_i ; s_i]", "tanh(FC)"], base=base)


def context_scale(trace: Trace) -> float:
    """The colour range that draws every context vector of a trace on one scale."""
    return float(np.abs(trace.vector("context")).max() or 1)


def step_bars(trace: Trace, step: int, base: int = 14, view: MapSlice | None = None) -> go.Figure:
    """For decoder step i, two panels over the same keys: the raw scores e_ij (compare), then the softmax
    weights c_ij (normalise), so a score's sign and size can be read next to the weight it turns into.
    `view`: the slice to read (one head of one layer); default the trace's cross map (a GRU's only one)."""
    view = trace.slice() if view is None else view
    xs, xt, _ys, _yt = slice_ticks(view)
    bars = [
        {"type": "bar", "x": xs, "y": view.scores[step], "name": _("score e_ij"), "marker": {"color": "#9e9e9e"}},
        {
            "type": "bar",
            "x": xs,
            "y": view.weights[step],
            "name": _("weight c_ij"),
            "marker": {"color": color(trace.model)},
            "yaxis": "y2",  # the lower panel
        },
    ]
    return figure(
        bars,
        base,
        420,
        showlegend=False,
        yaxis={"title": {"text": _("score e_ij")}, "domain": [0.56, 1], "zeroline": True},
        yaxis2={"title": {"text": _("weight c_ij")}, "domain": [0, 0.44], "range": [0, 1.05], "tickvals": [0, 0.5, 1]},
        xaxis={"tickvals": xs, "ticktext": xt, "tickangle": tick_angle(view.col_tokens), "anchor": "y2"},
    )


def topk_bars(trace: Trace, step: int, base: int = 14) -> go.Figure:
    tokens = [token_label(t) for t in trace.topk_tokens[step]]
    probs = trace.topk_probs[step]
    bar = {
        "type": "bar",
        "x": probs[::-1],
        "y": tokens[::-1],
        "orientation": "h",
        "marker": {"color": color(trace.model)},
        "text": [f"{p:.3f}" for p in probs[::-1]],
        "textposition": "auto",
    }
    return figure(
        [bar],
        base,
        60 + 40 * len(tokens),
        xaxis={"range": [0, 1], "title": {"text": _("probability")}},
        yaxis={"type": "category"},  # digit tokens would otherwise become a numeric axis
    )


def pca_scatter(points: np.ndarray, lengths: np.ndarray, sources: list[str], base: int = 14) -> go.Figure:
    """2-D projection of many context vectors, coloured by source length."""
    scatter = {
        "type": "scatter",
        "x": points[:, 0],
        "y": points[:, 1],
        "mode": "markers",
        "marker": {
            "color": lengths,
            "colorscale": "Viridis",
            "size": 7,
            "colorbar": {"title": {"text": _("source length")}},
            "opacity": 0.8,
        },
        "text": [html.escape(s) for s in sources],
        "hovertemplate": "%{text}<br>" + _("length {n}").format(n="%{marker.color}") + "<extra></extra>",
    }
    return figure([scatter], base, 480, xaxis={"title": {"text": "PC 1"}}, yaxis={"title": {"text": "PC 2"}})


def quality_lines(
    table: pd.DataFrame,
    metric: str,
    metric_label: str,
    base: int = 14,
    user_points: pd.DataFrame | None = None,
    unit: str | None = None,
) -> go.Figure:
    """One line per model: metric by source-length bucket (Bahdanau et al. 2014, Figure 2). `unit`: what the
    lengths count, in the reader's language (tokens by default; words for subword text)."""
    data = [
        {
            "type": "scatter",
            "x": rows["bucket"],
            "y": rows[metric],
            "mode": "lines+markers",
            "name": label(model),
            "line": {"color": color(model), "width": 4},
            "marker": {"size": 10},
            "customdata": rows["n"],
            "hovertemplate": label(model)
            + "<br>"
            + _("length {x}").format(x="%{x}")
            + f"<br>{metric_label} %{{y:.3f}}<br>n = %{{customdata}}<extra></extra>",
        }
        for model, rows in table.groupby("model", sort=False)
    ]
    if user_points is not None and len(user_points):
        data += [
            {
                "type": "scatter",
                "x": rows["bucket"],
                "y": rows[metric],
                "mode": "markers",
                "name": _("your sentence ({model})").format(model=label(model)),
                "marker": {"symbol": "star", "size": 20, "color": color(model), "line": {"width": 2, "color": "black"}},
            }
            for model, rows in user_points.groupby("model", sort=False)
        ]
    # A fixed full-scale axis: auto-ranging would blow a 0.04-point wobble up to the whole plot height.
    top = METRICS[metric].scale
    return figure(
        data,
        base,
        460,
        xaxis={"title": {"text": _("source length ({unit})").format(unit=unit or _("tokens"))}, "type": "category"},
        yaxis={"title": {"text": metric_label}, "range": [0, top * 1.03]},
        legend={"orientation": "h", "y": -0.2},
    )


def step_marker(current_step: int | None) -> list[dict]:
    """A dashed vertical line at the training step on show (the curves' shared marker), or none."""
    if current_step is None:
        return []
    line = {"dash": "dash", "color": "black"}
    return [
        {
            "type": "line",
            "x0": current_step,
            "x1": current_step,
            "xref": "x",
            "y0": 0,
            "y1": 1,
            "yref": "y domain",
            "line": line,
        }
    ]


def loss_curves(histories: dict[str, History], current_step: int | None = None, base: int = 14) -> go.Figure:
    data = []
    for model, h in histories.items():
        steps, losses = h.loss_curve()
        data.append(
            {
                "type": "scatter",
                "x": steps,
                "y": losses,
                "name": label(model),
                "line": {"color": color(model), "width": 3},
            }
        )
    return figure(
        data,
        base,
        round(360 * base / 14),  # the legend above takes more room at bigger type
        xaxis={"title": {"text": _("training step")}},
        yaxis={"title": {"text": _("training loss (cross-entropy)")}, "type": "log"},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},  # above: clear of the axis title
        shapes=step_marker(current_step),
    )


def chrf_curves(histories: dict[str, History], current_step: int | None = None, base: int = 14) -> go.Figure | None:
    """The validation chrF of every model that measured it (histories written before the chrF rule did not), one
    line each over the training steps, with a star on the epoch a run kept on its chrF. None when no model has it."""
    data = []
    for model, h in histories.items():
        steps, chrfs = h.chrf_curve()
        if not steps:
            continue
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": steps,
                "y": chrfs,
                "name": label(model),
                "line": {"color": color(model), "width": 3},
            }
        )
        kept = h.kept_point()
        if kept is not None:
            data.append(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "x": [kept[0]],
                    "y": [kept[1]],
                    "name": _("{model}: the checkpoint kept").format(model=label(model)),
                    "showlegend": False,
                    "marker": {"symbol": "star", "size": 16, "color": color(model), "line": {"width": 1}},
                }
            )
    if not data:
        return None
    return figure(
        data,
        base,
        round(300 * base / 14),
        xaxis={"title": {"text": _("training step")}},
        yaxis={"title": {"text": _("validation chrF")}, "rangemode": "tozero"},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        shapes=step_marker(current_step),
    )


def snapshot_heatmap(probe: Probe, base: int = 14, model: str = "dot") -> go.Figure:
    """Attention weights of a probe sentence recorded at one moment of training."""
    w = np.array(probe.weights_2d(), dtype=float)  # the last layer, its heads averaged (a GRU has one of each)
    src, out = probe.source_tokens, probe.output_tokens
    heat = {
        "type": "heatmap",
        "z": w,
        "zmin": 0,
        "zmax": 1,
        "colorscale": "Blues",
        "colorbar": {"title": {"text": "c_ij"}},
        "hovertemplate": _("weight {z}").format(z="%{z:.3f}") + "<extra></extra>",
    }
    return figure(
        [heat],
        base,
        max(260, 40 + (base + 12) * len(out)) + (60 if max(map(len, src), default=0) > 2 else 0),
        xaxis={
            "tickvals": list(range(len(src))),
            "ticktext": [token_label(t) for t in src],
            "side": "top",
            "tickangle": tick_angle(src),  # words slant, so they do not run into each other
            "title": {"text": _("source tokens")},
        },
        yaxis={
            "tickvals": list(range(len(out))),
            "ticktext": [f"{i + 1}: {token_label(t)}" for i, t in enumerate(out)],
            "autorange": "reversed",
            "title": {"text": _("output steps")},
        },
    )
