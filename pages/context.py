import streamlit as st

from explorer.cache import context_projection
from explorer.charts import show_chart
from explorer.figures import context_scale, pca_scatter, vector_strip
from explorer.html import model_heading
from explorer.i18n import _
from explorer.problems import trace_or_message
from explorer.sidebar import require_selection

sel = require_selection()
st.title(_("Context vectors"))
st.markdown(
    _(
        "The **context vector** is what the decoder is told about the source at each output step. "
        "Without attention it is one fixed vector, the encoder's final state, reused at every step. "
        "With attention it is rebuilt at every step as a weighted average of all the encoder states."
    )
)
if not sel.sentence.strip():
    st.info(
        _("Type a sentence in the sidebar (or pick an example) to see its context vectors."), icon=":material/edit:"
    )
    st.stop()

attention_models = sel.attention_models
other = next((m for m in sel.models if m in attention_models), attention_models[0] if attention_models else None)
bottleneck = sel.pack.bottleneck_model  # the model without attention
left, right = st.columns(2)
if bottleneck is not None:
    with left:
        model_heading(bottleneck)
        trace = trace_or_message(sel.pack.name, bottleneck, sel.sentence)
        if trace is not None:
            vmax = context_scale(trace)
            show_chart(vector_strip(trace.vector("final"), ["h_S"], base=sel.base_font, zmax=vmax), "single")
            st.caption(_("The single context vector: the encoder's last state h_S, after reading the whole sentence."))
            rows = [f"{i + 1}: {t}" for i, t in enumerate(trace.output_tokens)]
            show_chart(vector_strip(trace.vector("context"), rows, base=sel.base_font, zmax=vmax), "none-steps")
            st.caption(
                _(
                    "Context per output step (rows): every row is the same vector. Whatever the sentence says "
                    "has to fit into these numbers."
                )
            )
if other is not None:
    with right:
        model_heading(other)
        trace = trace_or_message(sel.pack.name, other, sel.sentence)
        if trace is not None:
            rows = [f"{i + 1}: {t}" for i, t in enumerate(trace.output_tokens)]
            show_chart(vector_strip(trace.step_contexts(), rows, base=sel.base_font), "att-steps")
            st.caption(
                _("Context a_i per output step (rows): it changes at every step, following where the decoder looks.")
                if trace.family == "gru"
                else _(
                    "Per output step (rows): the last layer's cross-attention heads' outputs side by side, "
                    "Concat(head_1, …, head_h) before W_O. It changes at every step, as a GRU's a_i does."
                )
            )

st.header(_("Many sentences, one fixed-size vector each"))
if bottleneck is None or not sel.pack.test:
    st.info(_("This pack has no model without attention or no test split."))
    st.stop()
n = st.select_slider(_("Test sentences to project"), [200, 500, 1000, 2000], value=1000)
with st.spinner(_("Encoding test sentences…")):
    points, lengths, sources, ratio = context_projection(sel.pack.name, n)
show_chart(pca_scatter(points, lengths, sources, base=sel.base_font), "pca")
st.caption(
    _(
        "Each dot is one test sentence's context vector (no-attention model), projected onto its first two "
        "principal components ({share} of the variance). Colour is the source length: every sentence, "
        "short or long, has to fit into the same number of dimensions."
    ).format(share=f"{ratio.sum():.0%}")
)
