import numpy as np
import streamlit as st

from explorer.figures import CONFIG, pca_scatter, vector_strip
from explorer.state import get_pack, model_heading, require_selection, trace_or_message
from models.analysis import final_states, pca_2d

sel = require_selection()
st.title("Context vectors")
st.markdown(
    "The **context vector** is what the decoder is told about the source at each output step. "
    "Without attention it is one fixed vector, the encoder's final state, reused at every step. "
    "With attention it is rebuilt at every step as a weighted average of all the encoder states."
)
if not sel.sentence.strip():
    st.info("Type a sentence in the sidebar (or pick an example) to see its context vectors.", icon=":material/edit:")
    st.stop()

attention_models = [m for m in sel.pack.models if m != "none"]
other = next((m for m in sel.models if m in attention_models), attention_models[0] if attention_models else None)
left, right = st.columns(2)
if "none" in sel.pack.models:
    with left:
        model_heading("none")
        trace = trace_or_message(sel.pack.name, "none", sel.sentence)
        if trace is not None:
            vmax = float(np.abs(trace.contexts).max() or 1)
            st.plotly_chart(
                vector_strip(trace.context_vector, ["h_S"], base=sel.base_font, zmax=vmax), config=CONFIG, key="single"
            )
            st.caption("The single context vector: the encoder's last state h_S, after reading the whole sentence.")
            rows = [f"{i + 1}: {t}" for i, t in enumerate(trace.output_tokens)]
            st.plotly_chart(
                vector_strip(trace.contexts, rows, base=sel.base_font, zmax=vmax), config=CONFIG, key="none-steps"
            )
            st.caption(
                "Context per output step (rows): every row is the same vector. Whatever the sentence says "
                "has to fit into these numbers."
            )
if other is not None:
    with right:
        model_heading(other)
        trace = trace_or_message(sel.pack.name, other, sel.sentence)
        if trace is not None:
            rows = [f"{i + 1}: {t}" for i, t in enumerate(trace.output_tokens)]
            st.plotly_chart(vector_strip(trace.contexts, rows, base=sel.base_font), config=CONFIG, key="att-steps")
            st.caption(
                "Context a_i per output step (rows): it changes at every step, following where the decoder looks."
            )

st.header("Many sentences, one fixed-size vector each")
pack = get_pack(sel.pack.name)
if "none" not in sel.pack.models or not sel.pack.test:
    st.info("This pack has no model without attention or no test split.")
    st.stop()
n = st.select_slider("Test sentences to project", [200, 500, 1000, 2000], value=1000)


@st.cache_data(max_entries=16, show_spinner="Encoding test sentences…")
def projection(pack_name: str, n: int):
    p = get_pack(pack_name)
    examples = p.test[:n]
    states = final_states(p.models["none"], [e.source for e in examples])
    points, ratio = pca_2d(states)
    return points, np.array([e.src_len for e in examples]), [e.source for e in examples], ratio


points, lengths, sources, ratio = projection(sel.pack.name, n)
st.plotly_chart(pca_scatter(points, lengths, sources, base=sel.base_font), config=CONFIG, key="pca")
st.caption(
    f"Each dot is one test sentence's context vector (no-attention model), projected onto its first two "
    f"principal components ({ratio.sum():.0%} of the variance). Colour is the source length: every sentence, "
    "short or long, has to fit into the same number of dimensions."
)
