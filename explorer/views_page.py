"""The Attention page's section "Which map shows what the model uses?": one sentence's output x source map in up to
four views side by side (models/net/views.py output_views; the gradients of explorer.gradients_cache), each row
summing to 1 so that they compare, then the AER of each view where the pack's eval.json files have it
(models/evaluation/views_aer.py). Views are cached per (pack, model, sentence, layer, head)."""

from __future__ import annotations

import streamlit as st

from explorer.cache import TRACE_CACHE_ENTRIES, get_pack, get_trace
from explorer.charts import show_chart
from explorer.gradients_cache import get_gradients
from explorer.i18n import _
from explorer.views_figures import heads_aer_table, view_heatmap, views_aer_table
from models.net.decoding import InputError
from models.net.trace import Trace
from models.net.views import OutputViews, output_views, row_normalised
from models.packs.pack import PackError, pretrained_root

AVERAGE = -1  # explorer.heads_page's "average of the heads"


def get_views(pack_name: str, model: str, sentence: str, layer: int, head: int | None) -> OutputViews:
    """The views of the sentence's greedy trace. Raises PackError, InputError or ValueError (no cross map)."""
    return _views(str(pretrained_root()), pack_name, model, sentence, layer, head)


@st.cache_data(max_entries=TRACE_CACHE_ENTRIES // 4, show_spinner=False)
def _views(root: str, pack_name: str, model: str, sentence: str, layer: int, head: int | None) -> OutputViews:
    return output_views(get_pack(pack_name).model(model).model, get_trace(pack_name, model, sentence), layer, head)


def chosen_layer_head(trace: Trace) -> tuple[int, int | None]:
    """The page's layer and head when its picker shows the cross map; else the last layer, mean of the heads."""
    cross = trace.cross
    state = st.session_state
    if state.get("attention_site", "cross") != "cross":
        return cross.layers - 1, None
    layer = state.get("attention_layer", cross.layers - 1)
    layer = layer if isinstance(layer, int) and 0 <= layer < cross.layers else cross.layers - 1
    head = state.get("attention_head", AVERAGE)
    return layer, head if isinstance(head, int) and 0 <= head < cross.heads else None


def show_views(pack_name: str, sentence: str, trace: Trace, base: int) -> None:
    st.header(_("Which map shows what the model uses?"))
    st.markdown(
        _(
            "A weight says where a query looks, not how much of a word reaches the output. Four readings of the "
            "same output × source map; each row is scaled to sum to 1 so that they compare."
        )
    )
    layer, head = chosen_layer_head(trace)
    try:
        views = get_views(pack_name, trace.model, sentence, layer, head)
    except (PackError, InputError, ValueError):
        st.info(_("This model has no map of output steps over source words."))
        return
    try:
        grads = get_gradients(pack_name, trace.model, sentence)
    except (PackError, InputError):
        grads = None
    gradient = None if grads is None or grads.norms.shape != views.raw.shape else row_normalised(grads.norms)

    where = (
        ""
        if trace.cross.layers == trace.cross.heads == 1  # a GRU's one map
        else (
            _("layer {layer}, mean of the heads").format(layer=layer + 1)
            if head is None
            else _("layer {layer}, head {head}").format(layer=layer + 1, head=head + 1)
        )
    )
    if trace.family == "gpt":
        st.caption(
            _(
                "The GPT's map is the block of its causal map where output rows look at source columns, "
                "each row renormalised over the source."
            )
        )
    if views.rollout is None:
        rollout_note = _(
            "Rollout needs layers of self-attention to multiply through; a GRU has none, so it has no rollout."
        )
    elif views.layers == 1:
        rollout_note = _("With one layer, rollout is ½(A + I): the map plus the residual connection's identity.")
    else:
        rollout_note = _("Rolled out through all {n} layers.").format(n=views.layers)
    panels = [
        (
            "raw",
            _("Raw weights α_ij"),
            views.raw,
            _("Bahdanau et al. 2015; Vaswani et al. 2017: the softmax weights, where step i looks."),
        ),
        (
            "value-weighted",
            _("Value-weighted ‖α_ij f(x_j)‖"),
            views.value_weighted,
            _("Kobayashi et al. 2020: the weight times the size of what word j adds (h_j, or v_j W_O for a head)."),
        ),
        (
            "rollout",
            _("Attention rollout"),
            views.rollout,
            _("Abnar & Zuidema 2020: ½(Ā + I) per layer, multiplied through the layers, back to the input words."),
        ),
        (
            "gradient",
            _("Gradient ‖∂ log p(y_i) / ∂ embed(x_j)‖"),
            gradient,
            _("Li et al. 2016 (saliency): how much output word i's log-probability moves with word j's embedding."),
        ),
    ]
    shown = [p for p in panels if p[2] is not None]
    for row in range(0, len(shown), 2):
        for col, (key, title, z, caption) in zip(st.columns(2), shown[row : row + 2], strict=False):
            with col:
                st.subheader(title)
                if where and key in ("raw", "value-weighted"):
                    st.caption(where)
                show_chart(
                    view_heatmap(z, trace.source_tokens, trace.source_known, trace.output_tokens, base=base),
                    f"view-{key}",
                )
                st.caption(caption)
                if key == "rollout":
                    st.caption(rollout_note)
    if views.rollout is None:
        st.info(rollout_note)
    if gradient is None:
        st.caption(_("The gradient view is missing: the Gradients page could not measure this sentence."))
    show_views_aer(pack_name, trace.model)


def show_views_aer(pack_name: str, model: str) -> None:
    """The AER of each view for the pack's models, and the chosen stack's layers and heads, when eval.json has it."""
    try:
        models = get_pack(pack_name).models
    except PackError:
        return
    table = views_aer_table({name: lm.evaluation for name, lm in models.items()})
    if table.empty:
        return
    st.subheader(_("Which view points at the right word?"))
    number = st.column_config.NumberColumn(format="%.3f")
    st.dataframe(table, column_config={c: number for c in table.columns if c != "n"})
    st.caption(
        _(
            "Alignment error rate (lower is better) of each view's argmax per reference word against the gold word "
            "alignments of n test sentences, the model fed the reference; a stack's raw and value-weighted views "
            "read its last layer, mean of the heads."
        )
    )
    scores = models[model].evaluation.aer_by_view if model in models and models[model].evaluation else None
    heads = heads_aer_table(scores) if scores is not None else None
    if heads is not None and not heads.empty:
        st.dataframe(heads, column_config={c: number for c in heads.columns})
        st.caption(
            _("The AER of {model}'s cross-attention in each layer: every head alone and their mean.").format(
                model=model
            )
        )
