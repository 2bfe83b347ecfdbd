"""The Attention page for the Transformer families (pages/attention.py draws a GRU itself): a site, layer and head
picker, the chosen slice's heatmap, every layer x head at once, and one step of one head with the real numbers,
in the order of the study note (query, keys, compare, softmax, weighted sum, concat + W_O, output softmax)."""

from __future__ import annotations

import numpy as np
import streamlit as st

from explorer.charts import show_chart
from explorer.figures import attention_heatmap, step_bars, topk_bars, vector_strip
from explorer.heads import head_grid, site_axes, site_name
from explorer.i18n import _
from explorer.tables import step_table
from models.net.family import ALIGNMENT_HEAD
from models.net.trace import Trace

SITE_ORDER = ("cross", "encoder_self", "decoder_self", "causal")  # cross first: the map the GRUs have too
AVERAGE = -1  # the head picker's "average of the heads" (a widget value must be comparable; None is not kept)


def settle(key: str, options: list, default) -> None:
    """Keep a picker's kept value among this model's options (a GPT has more layers than the Transformer)."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = default


def show_heads(trace: Trace, values: str, base: int, gold: list[list[int]] | None, show_gold: bool) -> None:
    st.latex(
        r"\mathrm{head}_h = \mathrm{softmax}\Big(\frac{Q W_Q^h (K W_K^h)^\top}{\sqrt{d_k}}\Big) V W_V^h,\qquad"
        r"\mathrm{MultiHead} = \mathrm{Concat}(\mathrm{head}_1, \dots, \mathrm{head}_h)\, W_O"
    )
    sites = [s for s in SITE_ORDER if trace.map(s) is not None]
    names = {s: site_name(s) for s in sites}
    settle("attention_site", sites, "cross")
    c1, c2, c3 = st.columns([3, 1, 2])
    site = c1.selectbox(_("Where"), sites, key="attention_site", format_func=names.get)
    m = trace.map(site)
    layers = list(range(m.layers))
    settle("attention_layer", layers, m.layers - 1)
    layer = c2.selectbox(_("Layer"), layers, key="attention_layer", format_func=lambda l: str(l + 1))
    heads = [AVERAGE, *range(m.heads)]
    head_names = {AVERAGE: _("average of the {n} heads").format(n=m.heads)}
    for h in range(m.heads):
        alignment = site == "cross" and layer == m.layers - 1 and h == ALIGNMENT_HEAD
        head_names[h] = (_("head {head} (the alignment head)") if alignment else _("head {head}")).format(head=h + 1)
    settle("attention_head", heads, ALIGNMENT_HEAD if site == "cross" else AVERAGE)
    head = c3.selectbox(_("Head"), heads, key="attention_head", format_func=head_names.get)
    view = trace.slice(site, layer, None if head == AVERAGE else head)
    show_chart(
        attention_heatmap(
            view, values, base=base, gold=gold if show_gold and site == "cross" else None, axes=site_axes(site)
        ),
        "heatmap",
    )
    captions = {
        "cross": _("Each output step's query looks at the source words, as a GRU's attention does, once per head."),
        "encoder_self": _("Self-attention: every source word looks at every source word, itself included."),
        "decoder_self": _("Masked: each output step sees only itself and the steps before it (0 above the diagonal)."),
        "causal": _(
            "One text: the source, <sos>, then the output. Each position sees only itself and what came before."
        ),
    }
    st.caption(captions[site])
    if trace.family == "gpt" and site == "cross":
        st.caption(
            _(
                "The GPT has no separate cross-attention: this is the block of its causal map where output rows "
                "look at source columns. Its rows do not sum to 1: the rest went to <sos> and the output so far."
            )
        )

    st.header(_("Every layer and head"))
    show_chart(head_grid(trace, site, values, base=max(base - 4, 10)), "head-grid")
    st.caption(
        _(
            "Each small map is one head of one layer, on one colour scale. Heads of the same layer read the same "
            "input and learn to look at different things: the next word, the previous one, the aligned word."
        )
    )
    show_step(trace, base, layer if site == "cross" else trace.cross.layers - 1, head)


def show_step(trace: Trace, base: int, layer: int, head: int) -> None:
    """One decoder step of one cross-attention head, with the real numbers, in the note's order."""
    cross = trace.cross
    h = ALIGNMENT_HEAD if head == AVERAGE or head >= cross.heads else head
    st.header(_("One decoder step of one head, with the real numbers"))
    st.caption(
        _("Cross-attention, layer {layer}, head {head} (d_k = {d_k}).").format(
            layer=layer + 1, head=h + 1, d_k=cross.queries.shape[-1]
        )
    )
    n_steps = len(trace.output_tokens)
    st.session_state["step"] = min(max(int(st.session_state["step"]), 1), n_steps)
    step = min(st.slider(_("Decoder step i"), 1, max(n_steps, 2), key="step", disabled=n_steps < 2), n_steps) - 1
    view = trace.slice("cross", layer, h)
    q1, q2 = st.columns(2)
    with q1:
        st.subheader(_("1 · Query q_i"))
        show_chart(vector_strip(cross.queries[layer, h, step], [f"q_{step + 1}"], base=base), "query")
        st.caption(_("This step's vector x_i times W_Q, cut to this head's d_k units."))
    with q2:
        st.subheader(_("2 · Keys k_j"))
        show_chart(
            vector_strip(cross.keys[layer, h], [f"k_{j + 1}" for j in range(len(view.col_tokens))], base=base), "keys"
        )
        st.caption(_("One key per source token: the encoder's output times W_K (the values use W_V)."))
    st.subheader(_("3 · Compare q_i · k_j / √d_k and 4 · softmax"))
    show_chart(step_bars(trace, step, base=base, view=view), "bars")
    st.caption(_("Top: the scaled score of the query against each key. Bottom: its softmax weight."))
    with st.expander(_("The numbers as a table")):
        st.dataframe(step_table(trace, step, view), hide_index=True)
    # Row by row in the note's order: 5 | 6, then 7 (a wide screen reads each row left to right).
    a1, a2 = st.columns(2)
    with a1:
        st.subheader(_("5 · This head's output Σ_j c_ij v_j"))
        check = cross.context_error(step, layer, h)
        show_chart(vector_strip(cross.contexts[layer, h, step], [f"head_{h + 1}"], base=base), "context")
        st.caption(
            _("The weighted average of the values (recomputed here from the weights: max difference {check}).").format(
                check=f"{check:.1e}"
            )
        )
    with a2:
        st.subheader(_("6 · Concat the heads → W_O, residual, feed-forward"))
        concat = cross.contexts[layer, :, step].reshape(-1)  # (h * d_k,) = (d_model,)
        out = trace.vector("output_layers")[layer, step]  # (d_model,)
        show_chart(vector_strip(np.stack([concat, out]), ["Concat(head)", _("layer output")], base=base), "concat")
        st.caption(
            _(
                "Top: the {n} heads' outputs side by side ({d} units). Bottom: the layer's output at this step, "
                "after W_O, the residual sum and the feed-forward network."
            ).format(n=cross.heads, d=len(concat))
        )
    st.subheader(_("7 · Softmax over the vocabulary"))
    show_chart(topk_bars(trace, step, base=base), "topk")
    st.caption(
        _("The five most likely next tokens; greedy decoding picks the top one: {token!r}.").format(
            token=trace.output_tokens[step]
        )
    )
