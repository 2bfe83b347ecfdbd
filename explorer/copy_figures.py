"""Copying through attention, drawn from a copy model's trace (models/net/pointer.py, models/net/trace.py): p_gen at
every output step, and at one step the mixture itself, P_vocab, the copy distribution and
p_gen · P_vocab + (1 − p_gen) · copy, as bars over the top candidates. Pure functions: no Streamlit here."""

from __future__ import annotations

import plotly.graph_objects as go

from explorer.figures import figure, tick_angle, token_label
from explorer.i18n import _
from models.net.trace import Trace

COPIED_COLOR = "#7b3294"  # a copied token: the bars, ticks and output boxes of the copy views
GENERATED_COLOR = "#a6bddb"
VOCAB_COLOR, COPY_COLOR, MIXTURE_COLOR = "#92c5de", "#c2a5cf", "#4d4d4d"


def copied_label(token: str, copied: bool) -> str:
    """A token label, bold and in the copy colour when it was copied."""
    text = token_label(token)
    return f"<b><span style='color:{COPIED_COLOR}'>{text}</span></b>" if copied else text


def p_gen_bars(trace: Trace, step: int | None = None, base: int = 14) -> go.Figure:
    """p_gen for every output step, one bar per output token; the bars of copied tokens in the copy colour, the
    selected `step` outlined."""
    tokens, p_gen, copied = trace.output_tokens, trace.p_gen, trace.copied
    xs = list(range(len(tokens)))
    bar = {
        "type": "bar",
        "x": xs,
        "y": [float(p) for p in p_gen],
        "marker": {
            "color": [COPIED_COLOR if c else GENERATED_COLOR for c in copied],
            "line": {"width": [3 if i == step else 0 for i in xs], "color": "black"},
        },
        "hovertext": [
            _("step {i}: {token}, p_gen = {p}").format(i=i + 1, token=token_label(t), p=f"{p:.3f}")
            for i, (t, p) in enumerate(zip(tokens, p_gen, strict=True))
        ],
        "hoverinfo": "text",
    }
    labels = [copied_label(t, c) for t, c in zip(tokens, copied, strict=True)]
    return figure(
        [bar],
        base,
        260,
        yaxis={"range": [0, 1], "title": {"text": "p_gen"}, "tickvals": [0, 0.5, 1]},
        xaxis={"tickvals": xs, "ticktext": labels, "tickangle": tick_angle(tokens)},
        shapes=[{"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": 0.5, "y1": 0.5, "line": {"dash": "dot"}}],
    )


def mixture_bars(trace: Trace, step: int, base: int = 14) -> go.Figure:
    """At one step, over the top candidates of the mixture: P_vocab(w), copy(w) = Σ_{j: x_j = w} c_ij and the
    mixture P(w) = p_gen · P_vocab(w) + (1 − p_gen) · copy(w), as three bars each; the token written, when it
    was copied, in bold and the copy colour."""
    s = trace.copy_steps[step]
    written = trace.output_tokens[step]
    copied = trace.copied[step]
    names = [copied_label(t, copied and t == written) for t in s.tokens]
    mixture = s.mixture
    one_minus = 1 - s.p_gen
    bars = [
        {
            "type": "bar",
            "name": _("P_vocab(w): the output layer"),
            "x": names,
            "y": list(s.vocab),
            "marker": {"color": VOCAB_COLOR},
        },
        {
            "type": "bar",
            "name": _("copy(w): the attention row"),
            "x": names,
            "y": list(s.copy),
            "marker": {"color": COPY_COLOR},
        },
        {
            "type": "bar",
            "name": _("P(w) = {g} · P_vocab + {c} · copy").format(g=f"{s.p_gen:.2f}", c=f"{one_minus:.2f}"),
            "x": names,
            "y": list(mixture),
            "marker": {"color": MIXTURE_COLOR},
            "text": [f"{p:.2f}" for p in mixture],
            "textposition": "outside",
        },
    ]
    return figure(
        bars,
        base,
        340,
        barmode="group",
        yaxis={"range": [0, 1.1], "title": {"text": _("probability")}},
        xaxis={"type": "category"},
        legend={"orientation": "h", "y": -0.25},
    )
