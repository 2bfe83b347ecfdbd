import streamlit as st

from explorer.cache import gold_alignment
from explorer.charts import show_chart
from explorer.copy_page import show_copy
from explorer.figures import (
    attention_heatmap,
    fc_strip,
    step_bars,
    topk_bars,
    vector_strip,
    word_attention_heatmap,
)
from explorer.heads_page import show_heads
from explorer.html import guided_caption, model_heading
from explorer.i18n import _
from explorer.problems import trace_or_message, trace_or_note
from explorer.sidebar import require_selection
from explorer.style import labels, score_formula
from explorer.tables import step_table
from explorer.views_page import show_views
from models.net.gru import FAMILY as GRU
from models.net.registry import family_of_name

sel = require_selection()
st.title(_("Attention: queries, keys and the heatmap"))
attention_models = sel.attention_models
if not attention_models:
    st.info(_("This pack has no attention model."))
    st.stop()
if not sel.sentence.strip():
    st.info(
        _("Type a sentence in the sidebar (or pick an example) to see where the decoder looks."), icon=":material/edit:"
    )
    st.stop()

c1, c2, c3 = st.columns([2, 2, 1])
model = c1.radio(
    _("Model"), attention_models, key="attention_model", format_func=labels(attention_models).get, horizontal=True
)
values = (
    c2.segmented_control(
        _("Show"),
        ["weights", "scores"],
        key="heat_values",
        format_func={"weights": _("softmax weights c_ij"), "scores": _("raw scores e_ij")}.get,
    )
    or "weights"
)

# Subword packs: pieces (▁mai son) or whole words, each output word's row the mean of its pieces' rows.
whole_words = sel.pack.uses_subwords and c3.toggle(
    _("Pieces as words"),
    key="whole_words",
    help=_(
        "Merge each word's subword pieces: a source word gets the sum of its "
        "pieces' weights; an output word's row is the mean of its pieces' rows, so rows still sum to 1."
    ),
)

trace = trace_or_message(sel.pack.name, model, sel.sentence)
if trace is None:
    st.stop()
model_heading(model)
gold = gold_alignment(sel.pack.name, sel.sentence)
show_gold = gold is not None and trace.text == sel.reference and st.toggle(_("Show the gold alignment"), key="gold")
gru_models = [m for m in attention_models if family_of_name(m) == GRU]
if trace.family != GRU:  # the Transformer families: sites, layers and heads (explorer/heads_page.py)
    show_heads(trace, values, sel.base_font, gold, show_gold)
    guided_caption(sel.pack.models[model])
    show_copy(trace, min(int(st.session_state["step"]), len(trace.output_tokens)) - 1, sel.base_font, sel.pack)
    show_views(sel.pack.name, sel.sentence, trace, sel.base_font)
    st.stop()
st.latex(score_formula(model) + r",\qquad c_{ij} = \mathrm{softmax}_j(e_{ij}),\qquad a_i = \textstyle\sum_j c_{ij} h_j")
if whole_words and values == "weights":
    show_chart(word_attention_heatmap(trace.slice(), base=sel.base_font), "heatmap")
else:
    if whole_words:
        st.caption(_("Raw scores are per piece: they cannot be added up into words. Showing the pieces."))
    show_chart(
        attention_heatmap(trace.slice(), values, base=sel.base_font, gold=gold if show_gold else None), "heatmap"
    )
if gold is not None and not show_gold and trace.text != sel.reference:
    st.caption(_("This test sentence has a gold alignment, shown only when the output equals the reference."))
st.caption(
    _("Rows are output steps (queries s_i), columns are source tokens (keys h_j).")
    + " "
    + (
        _("Each row sums to 1: it is where the decoder looked while writing that token.")
        if values == "weights"
        else _("Raw scores before the softmax: only their differences within a row matter.")
    )
    + " "
    + _("Unknown tokens are red with a question mark. Hover a cell for its score and weight.")
)
guided_caption(sel.pack.models[model])

st.header(_("One decoder step, with the real numbers"))
n_steps = len(trace.output_tokens)
st.session_state["step"] = min(max(int(st.session_state["step"]), 1), n_steps)  # within this sentence's steps
step = min(st.slider(_("Decoder step i"), 1, max(n_steps, 2), key="step", disabled=n_steps < 2), n_steps) - 1
st.markdown(
    _("Step **{step}** of {n} writes the token shown below, after these five operations.").format(
        step=step + 1, n=n_steps
    )
)

cross = trace.cross  # the GRU's one map: 1 layer x 1 head, with its queries s_i, keys h_j and contexts a_i
q1, q2 = st.columns(2)
with q1:
    st.subheader(_("1 · Query s_i"))
    show_chart(vector_strip(cross.queries[0, 0, step], [f"s_{step + 1}"], base=sel.base_font), "query")
    st.caption(_("The decoder's hidden state at this step: what it is looking for."))
with q2:
    st.subheader(_("2 · Keys h_j (= values)"))
    show_chart(
        vector_strip(cross.keys[0, 0], [f"h_{j + 1}" for j in range(len(trace.source_tokens))], base=sel.base_font),
        "keys",
    )
    st.caption(_("One encoder state per source token."))
st.subheader(_("3 · Compare and 4 · softmax"))
show_chart(step_bars(trace, step, base=sel.base_font), "bars")
st.caption(_("Top: the raw score e_ij of the query against each key. Bottom: its softmax weight c_ij (they sum to 1)."))
with st.expander(_("The numbers as a table")):
    st.dataframe(step_table(trace, step), hide_index=True)
# Row by row in the note's order: 5 | 6, then 7 (a wide screen reads each row left to right).
a1, a2 = st.columns(2)
with a1:
    st.subheader(_("5 · Context a_i = Σ_j c_ij h_j"))
    check = cross.context_error(step)
    show_chart(vector_strip(cross.contexts[0, 0, step], [f"a_{step + 1}"], base=sel.base_font), "context")
    st.caption(
        _("The weighted average of the keys (recomputed here from the weights: max difference {check}).").format(
            check=f"{check:.1e}"
        )
    )
with a2:
    st.subheader(_("6 · Concat [a_i ; s_i] → FC (tanh)"))
    H, O = trace.vector("query").shape[1], trace.vector("output").shape[1]
    show_chart(fc_strip(trace, step, base=sel.base_font), "concat")
    st.caption(
        _(
            "Left half (units 0–{last}): the context; right half: the query. The FC layer maps it to {units} units."
        ).format(last=H - 1, units=O)
    )
st.subheader(_("7 · Softmax over the vocabulary"))
show_chart(topk_bars(trace, step, base=sel.base_font), "topk")
st.caption(
    _("The five most likely next tokens; greedy decoding picks the top one: {token!r}.").format(
        token=trace.output_tokens[step]
    )
)
show_copy(trace, step, sel.base_font, sel.pack)

st.header(_("Three score functions on the same sentence"))
# One above the other, each the page's full width: side by side, a long sentence's token labels would not fit.
for other in gru_models:
    model_heading(other, 4)
    st.latex(score_formula(other))
    tr = trace_or_note(sel.pack.name, other, sel.sentence)
    if tr is None:
        continue
    st.code(tr.text, language=None, wrap_lines=True)
    show_chart(attention_heatmap(tr.slice(), "weights", base=sel.base_font), f"cmp-{other}")
st.caption(_("Same sentence, three ways to compare a query with a key. The alignments they learn are often alike."))

show_views(sel.pack.name, sel.sentence, trace, sel.base_font)
