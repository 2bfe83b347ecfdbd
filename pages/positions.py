import streamlit as st

from explorer.charts import show_chart
from explorer.i18n import _
from explorer.positions_cache import positional_models, without_positions_or_message
from explorer.positions_figures import (
    NEW_STACK,
    max_above_diagonal,
    positions_heatmap,
    self_attention_heatmap,
    self_attention_slice,
    sinusoid_matrix,
)
from explorer.problems import trace_or_message
from explorer.sidebar import require_selection
from explorer.style import labels

PE_FORMULA = (
    r"PE_{(pos,\,2i)} = \sin\!\left(\frac{pos}{10000^{2i/d_{model}}}\right),\qquad "
    r"PE_{(pos,\,2i+1)} = \cos\!\left(\frac{pos}{10000^{2i/d_{model}}}\right)"
)
PE_CAPTION = _(
    "Row pos is the vector PE(pos) added to the embedding of the token at position pos. The left columns "
    "(small i) are fast waves that change from one position to the next; the right columns are slow waves, "
    "almost constant over a sentence. Together they give every position its own pattern, and PE(pos + k) is a "
    "fixed rotation of PE(pos), so the model can learn to look a fixed distance away."
)

sel = require_selection()
st.title(_("Self-attention & positions"))
st.markdown(
    _(
        "In **self-attention** the queries, the keys and the values all come from the same sentence: each word "
        "compares its query with the key of every word of its own sentence (itself included) and takes the "
        "weighted average of their values. So each source word looks at every source word. (The decoder looking "
        "at the source is *cross*-attention: queries from one sentence, keys and values from another.)"
    )
)
st.latex(
    r"\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\!\left(\frac{Q K^\top}{\sqrt{d_k}}\right) V,"
    r"\qquad Q = X W_Q,\quad K = X W_K,\quad V = X W_V"
)
if not sel.sentence.strip():
    st.info(
        _("Type a sentence in the sidebar (or pick an example) to see it attend to itself."), icon=":material/edit:"
    )
    st.stop()
models = positional_models(sel.pack)
if not models:
    st.info(
        _(
            "Self-attention needs a Transformer or a GPT, and this pack's models are all GRU encoder-decoders: a "
            "GRU reads the sentence one word after the other instead of attending to it. Pick a task pack that has "
            "a “transformer” or “gpt” model in the sidebar (or train them: "
            "`python -m models.training --model transformer,gpt`). Meanwhile, here are the positions such a model adds."
        ),
        icon=":material/info:",
    )
    st.header(_("Positions: the sinusoid matrix PE"))
    st.latex(PE_FORMULA)
    show_chart(positions_heatmap(sinusoid_matrix(NEW_STACK.max_positions, NEW_STACK.d_model), base=sel.base_font), "pe")
    st.caption(
        PE_CAPTION
        + " "
        + _("(d_model = {d}, the first {n} positions.)").format(d=NEW_STACK.d_model, n=NEW_STACK.max_positions)
    )
    st.stop()

chosen = next((m for m in sel.models if m in models), models[0])
c1, c2, c3 = st.columns([2, 2, 3])
model = c1.radio(
    _("Model"),
    models,
    index=models.index(chosen),
    key="positions_model",
    format_func=labels(models).get,
    horizontal=True,
)
trace = trace_or_message(sel.pack.name, model, sel.sentence)
if trace is None:
    st.stop()
gpt = trace.map("encoder_self") is None  # the decoder-only model: one causal map over source, <sos> and output
triangle = "causal" if gpt else "decoder_self"
shape = trace.map(triangle)
layer = c2.radio(
    _("Layer"),
    list(range(shape.layers)),
    key=f"positions_layer::{model}",
    format_func=lambda n: str(n + 1),
    horizontal=True,
)
head_names = {"mean": _("average"), **{str(h + 1): str(h + 1) for h in range(shape.heads)}}
picked = c3.radio(
    _("Head"), list(head_names), key=f"positions_head::{model}", format_func=head_names.get, horizontal=True
)
head = None if picked == "mean" else int(picked) - 1

if not gpt:  # (the GPT has no encoder: its source is read under the causal mask, below)
    st.header(_("Encoder self-attention: the source looks at itself"))
    show_chart(
        self_attention_heatmap(self_attention_slice(trace, "encoder_self", layer, head), sel.base_font),
        "encoder-self",
    )
    st.caption(
        _(
            "Row i is the source word looking (its query q_i); the columns are the source words it looks at (their "
            "keys k_j); each row sums to 1. Look for heads that stay on the word itself (the diagonal), that look at "
            "the previous or the next word (a line beside the diagonal), or at one word every word looks at (a "
            "bright column). The average over the heads blurs them."
        )
    )

st.header(_("The decoder's triangle: no looking ahead"))
show_chart(self_attention_heatmap(self_attention_slice(trace, triangle, layer, head), sel.base_font), "triangle")
st.metric(_("Largest weight above the diagonal (every layer and head)"), f"{max_above_diagonal(shape):g}")
st.caption(
    (
        _(
            "The GPT has no encoder: it reads source, <sos> and output as one text, left to right, under one "
            "causal mask. Position i may look only at positions 1 … i, even within the source (pick the "
            "Transformer to see a source attend to all of itself)."
        )
        if gpt
        else _(
            "Decoder masked self-attention: while writing output i, the decoder may look only at what it has "
            "written before (and <sos>)."
        )
    )
    + " "
    + _(
        "A mask sets every score above the diagonal to −∞ before the softmax, so every weight there is exactly 0: "
        "the future, which does not exist yet while decoding, cannot be read while training either."
    )
)

st.header(_("Positions: the sinusoid matrix PE"))
st.markdown(
    _(
        "Self-attention by itself does not know the order of the words: the weights depend only on what the query "
        "and the key contain. So the model adds a position vector PE(pos) to each token's embedding before the "
        "first layer:"
    )
)
st.latex(PE_FORMULA)
config = sel.pack.models[model].config
every_row = st.toggle(
    _("All {n} rows the model has, not only this sentence's").format(n=config.max_positions), key="positions_every_row"
)
if every_row:
    pe, tokens = sinusoid_matrix(config.max_positions, config.d_model), None
elif gpt:
    pe, tokens = trace.vector("positions"), trace.tokens("sequence")
else:
    pe, tokens = trace.vector("source_positions"), trace.source_tokens
show_chart(positions_heatmap(pe, tokens, sel.base_font), "pe")
st.caption(PE_CAPTION + " " + _("(d_model = {d}.)").format(d=config.d_model))

st.header(_("What if: remove the positions"))
st.markdown(
    _(
        "Decode the same sentence again with PE(pos) = 0 everywhere. Without positions the encoder sees a **bag "
        "of words**: shuffle the source and each word's vector is the same, only moved, and cross-attention, a "
        "weighted sum over the source, gives the decoder exactly the same thing."
    )
)
without = without_positions_or_message(sel.pack.name, model, sel.sentence)
if without is None:
    st.stop()
w1, w2 = st.columns(2)
with w1:
    st.subheader(_("With positions"))
    st.code(trace.text, language=None, wrap_lines=True)
with w2:
    st.subheader(_("Without positions (PE = 0)"))
    st.code(without.text, language=None, wrap_lines=True)
notes = [_("The same output: this sentence did not need the word order.")] if without.text == trace.text else []
notes.append(
    _(
        "The GPT is not quite a bag of words even then: its causal mask lets each word see only the words "
        "before it, which still gives away some of the order."
    )
    if gpt
    else _(
        "The model was trained with positions, so without them it reads a sentence it has never seen: "
        "“March 3” and “3 March” become the same input."
    )
)
st.caption(" ".join(notes))
