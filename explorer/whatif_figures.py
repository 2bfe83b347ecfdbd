"""The What-if attention page's figures and the experiments' names and notes: the weights a what-if decoding used
(models/net/whatif.py) and which output tokens it changed. Pure functions, no Streamlit; labels from user text
are escaped as in explorer.figures."""

from __future__ import annotations

import plotly.graph_objects as go

from explorer.figures import attention_heatmap, figure, token_label
from explorer.i18n import N_, _, ngettext
from models.net.transformer import GPT_FAMILY, TRANSFORMER
from models.net.whatif import WhatIf, changed_tokens, missing_tokens

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


def experiment_note(mode: str, family: str, masked: int | None = None) -> str:
    """What an experiment does to this family's attention (models/net/whatif.py), in the current language; a
    Transformer's and a GPT's note starts with where the experiment acts. `masked` counts from 0."""
    word = masked + 1 if masked is not None else ""
    gold = _(
        "Row i puts equal weight on the source words the gold alignment links to the reference's i-th word; "
        "steps with no link (and steps past the reference) keep the model's own weights."
    )
    mask = _("Source word {word} gets weight 0 in every row; the softmax spreads its share over the other words.")
    if family == GPT_FAMILY:
        scope = _(
            "The GPT has no cross-attention: the experiment replaces, in every head of every layer, the part of "
            "each causal row that reads the source (the prompt), the part drawn here. Its rows need not sum to 1: "
            "the rest of each row goes to `<sos>` and the output so far."
        )
        notes = {
            "uniform": _("Each row's share of the source is spread evenly over the source words; the rest is kept."),
            "gold": _(
                "Each row's share of the source goes in equal parts to the source words the gold alignment links to "
                "the reference's i-th word; steps with no link (and steps past the reference) keep the model's own "
                "weights."
            ),
            "mask": _(
                "Source word {word} gets weight 0 in every row; the softmax spreads its share over every other key "
                "the row sees: the other source words, `<sos>` and the output so far."
            ),
            "frozen": _(
                "Every row gives each source word the weight the first step gave it; the rest of the row (`<sos>` "
                "and the output so far) shares what is left, in its own proportions."
            ),
        }
    elif family == TRANSFORMER:
        scope = _(
            "The experiment replaces the cross-attention weights of every head in every layer; the decoder's "
            "self-attention over the output so far is left alone."
        )
        notes = {
            "uniform": _(
                "Every row is 1/S: each head's context is the plain mean of its values, the same at every step."
            ),
            "gold": gold,
            "mask": mask,
            "frozen": _(
                "Every row repeats its head's first-step weights: each head's cross-attention gives the same "
                "context at every step."
            ),
        }
    else:
        scope = ""
        notes = {
            "uniform": _("Every row is 1/S: the context is the plain mean of the keys, the same at every step."),
            "gold": gold,
            "mask": mask,
            "frozen": _(
                "Every row repeats the first step's weights: the decoder gets one context vector, a_1, as the "
                "model without attention does."
            ),
        }
    note = notes.get(mode, "").format(word=word)
    return f"{scope} {note}" if scope else note


def whatif_heatmap(result: WhatIf, base: int = 14) -> go.Figure:
    """The weights the decoder actually used in a what-if decoding, as the Attention page's heatmap: a GRU's one
    map; of a Transformer or a GPT (whose every head the experiment set) the last layer's mean over its heads,
    titled so."""
    cross = result.trace.cross
    if cross.layers == 1 and cross.heads == 1:
        return attention_heatmap(result.trace.slice(), "weights", base=base)
    view = result.trace.slice("cross", layer=cross.layers - 1, head=None)
    title = _("last layer, mean of its {n} heads").format(n=cross.heads)
    return attention_heatmap(view, "weights", base=base, title=title)


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
        yaxis={"showticklabels": False, "autorange": "reversed", "ticks": "", "showgrid": False, "zeroline": False},
        xaxis={"showticklabels": False, "showgrid": False, "zeroline": False, "ticks": ""},
        plot_bgcolor="white",
    )


def change_caption(own: list[str], other: list[str], same: str) -> str:
    """What differs between the model's own output tokens and another decoding's, under changed_strip: the tokens
    marked red, and the own tokens that are gone (a deletion marks nothing red); `same` when nothing differs."""
    changed, missing = changed_tokens(own, other), missing_tokens(own, other)
    if not any(changed) and not missing:
        return same
    parts = []
    if any(changed):
        parts.append(
            _("{n} of {total} output tokens differ from the model's own output (red).").format(
                n=sum(changed), total=len(changed)
            )
        )
    if missing:  # own tokens dropped: nothing red shows them
        gone = missing
        parts.append(
            ngettext(
                "{n} token of the model's own output is missing here.",
                "{n} tokens of the model's own output are missing here.",
                gone,
            ).format(n=gone)
        )
    return " ".join(parts)
