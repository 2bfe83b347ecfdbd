import streamlit as st

from explorer.charts import show_chart
from explorer.gradients_cache import get_sweep, gradients_or_message, settle_sweep_lengths, sweep_buckets
from explorer.gradients_figures import gradient_curves, gradient_heatmap, sweep_lines
from explorer.html import model_heading
from explorer.i18n import _
from explorer.sidebar import require_selection
from explorer.style import labels
from explorer.tables import ratio_table

sel = require_selection()
st.title(_("Gradients: how much training signal reaches each source word"))
st.markdown(
    _(
        "Training nudges each source word's embedding by the gradient of log p(y_i), the log-probability of an "
        "output word. **Without attention** that signal reaches word j only through the encoder's final state, "
        "one recurrent step after another, and can fade on the way; **with attention** the context "
        "a_i = Σ_j c_ij h_j gives every word a short path to every output step. A **Transformer** or **GPT** "
        "has no recurrent path at all: in every layer, self- and cross-attention connect every source word to every "
        "output step in one step, however far apart they are."
    )
)
st.latex(
    r"g_{ij} = \left\lVert \frac{\partial \log p(y_i \mid y_{<i}, x)}{\partial\, \mathrm{embed}(x_j)} \right\rVert"
)
if not sel.sentence.strip():
    st.info(_("Type a sentence in the sidebar (or pick an example) to see its gradients."), icon=":material/edit:")
    st.stop()

attention_models = sel.attention_models
shown = [m for m in (sel.pack.bottleneck_model,) if m is not None]
if attention_models:
    model = st.radio(
        _("Attention model"),
        attention_models,
        key="attention_model",
        format_func=labels(attention_models).get,
        horizontal=True,
    )
    shown.append(model)

grads = []
for col, name in zip(st.columns(len(shown)), shown, strict=True):
    with col:
        model_heading(name)
        g = gradients_or_message(sel.pack.name, name, sel.sentence)
        if g is None:
            continue
        grads.append(g)
        show_chart(gradient_heatmap(g, base=sel.base_font), f"grad-{name}")
if not grads:
    st.stop()
st.caption(
    _(
        "Rows are output steps i (the model's own greedy output), columns the source words j; darker = a bigger "
        "gradient. Each heatmap has its own scale: compare the shapes, and the curve below for the sizes."
    )
)
st.subheader(_("Summed over the output: the signal each source word gets"))
show_chart(gradient_curves(grads, base=sel.base_font), "grad-curve")
st.caption(
    _(
        "What to see: without attention a row's gradient is spread over the whole sentence, since every word "
        "reaches the output through the same context vector (and rows are dark where the model is unsure of its "
        "word). With attention a row's gradient gathers on the few words that step looks at: the dark cells follow "
        "the alignment. Log scale: attention models are far surer of their words, and log p of a sure word has a "
        "small gradient."
    )
)

st.header(_("Over many test sentences"))
buckets = sweep_buckets(sel.pack.name)
if not buckets:
    st.info(_("This pack has no test sentences to sweep."))
    st.stop()
settle_sweep_lengths(buckets)
lengths = st.selectbox(_("Sentence length (words)"), list(buckets), key="sweep_lengths")
with st.spinner(_("Measuring the gradients of the test sentences (once per model)…")):
    sweeps = {m: get_sweep(sel.pack.name, m, *buckets[lengths]) for m in sel.pack.models}
curves = {m: s.by_distance(*buckets[lengths]) for m, s in sweeps.items()}
show_chart(sweep_lines(curves, lengths, base=sel.base_font), "grad-sweep")
st.caption(
    _(
        "Mean over output steps of g_ij for the word d positions before the sentence's last word, averaged over "
        "the pack's test sentences of this length (their own greedy outputs). The table gives, for each length, "
        "the mean gradient reaching the first word divided by the mean reaching the last."
    )
)
st.dataframe(ratio_table(sweeps, {lengths: buckets[lengths]}), hide_index=True)
