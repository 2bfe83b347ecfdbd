import streamlit as st

from explorer.figures import CONFIG, quality_lines
from explorer.quality import recompute, sentence_scores
from explorer.sidebar import require_selection
from explorer.style import label
from explorer.tables import metrics_of, quality_table, wide_quality_table
from models.metrics import METRICS

sel = require_selection()
st.title("Quality vs input length")
st.markdown(
    "Bahdanau et al. (2014), Figure 2: without attention, quality falls as sentences grow longer; with attention "
    "it holds. Here are the same curves for our models, scored on the pack's held-out test split."
)
pack = sel.pack
models = sel.models or list(pack.models)
evaluations = {m: pack.models[m].evaluation for m in models if pack.models[m].evaluation}
source = "shipped evaluation files (eval.json)"
recomputed = st.session_state.get(f"recomputed::{pack.name}")
if recomputed is not None and set(models) <= set(recomputed["evaluations"]):
    evaluations = {m: recomputed["evaluations"][m] for m in models}
    source = f"recomputed just now on {recomputed['n']} sampled test sentences"

table = quality_table(evaluations)
if table.empty:
    st.warning("No evaluation results for these models. Run `python -m models.evaluate --write`.")
    st.stop()
metrics = metrics_of(table)
if st.session_state.get("metric") not in metrics:
    st.session_state["metric"] = "bleu"
metric = st.radio("Metric", list(metrics), format_func=metrics.get, horizontal=True, key="metric")
if METRICS[metric].optional:  # only some models have it (AER: the attention models)
    table = table[table[metric].notna()]

user_points = sentence_scores(pack, models, sel.sentence)  # None unless the sentence is a test sentence

left, right = st.columns([3, 2])
with left:
    st.plotly_chart(
        quality_lines(
            table,
            metric,
            metrics[metric],
            base=sel.base_font,
            user_points=user_points if user_points is not None and metric in user_points else None,
        ),
        config=CONFIG,
        key="quality",
    )
    st.caption(
        f"One line per model, x = source length in tokens, y = {metrics[metric]} ({source}). "
        + (
            "The star is the sentence in the sidebar (it has a reference in the test split). "
            if user_points is not None
            else "Pick a test example in the sidebar to see it as a star. "
        )
        + "Look for the gap between the lines as the sentences get longer."
    )
with right:
    # Short column names and numbers, so four models fit beside the chart without scrolling.
    wide = wide_quality_table(table, metric)
    digits = METRICS[metric].number_format
    formats = {c: st.column_config.NumberColumn(format=digits, help=label(c)) for c in wide.columns if c != "n"}
    st.dataframe(wide, width="stretch", column_config=formats)
    st.caption(
        f"{metrics[metric]} by length bucket, one column per model's attention (none = no attention); "
        "n = test sentences in the bucket."
    )

st.subheader("Recompute now")
n = st.select_slider("Test sentences to sample", [100, 300, 1000, 3000], value=1000, key="recompute_n")
if st.button("Recompute now", type="primary", key="recompute"):
    progress = st.progress(0.0, text="Decoding…")
    recomputed = recompute(
        pack, n, lambda done, m: progress.progress(done / len(pack.models), text=f"Scored {label(m)}")
    )
    progress.empty()
    st.session_state[f"recomputed::{pack.name}"] = recomputed
    st.rerun()
if recomputed is not None and st.button("Back to the shipped results"):
    del st.session_state[f"recomputed::{pack.name}"]
    st.rerun()
