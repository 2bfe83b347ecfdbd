import streamlit as st

from explorer.charts import show_chart
from explorer.datapanel import length_unit
from explorer.figures import quality_lines
from explorer.i18n import _
from explorer.quality import SAMPLE_SIZES, default_sample_size, recompute, sentence_scores
from explorer.sidebar import require_selection
from explorer.style import label
from explorer.tables import metrics_of, quality_table, wide_quality_table
from models.evaluation.metrics import METRICS

sel = require_selection()
st.title(_("Quality vs input length"))
st.markdown(
    _(
        "Bahdanau et al. (2014), Figure 2: without attention, quality falls as sentences grow longer; with "
        "attention it holds. Here are the same curves for our models, scored on the pack's held-out test split."
    )
)
pack = sel.pack
models = sel.models or list(pack.models)
evaluations = {m: pack.models[m].evaluation for m in models if pack.models[m].evaluation is not None}
source = _("shipped evaluation files (eval.json)")
recomputed = st.session_state.get(f"recomputed::{pack.name}")
if recomputed is not None and set(models) <= set(recomputed["evaluations"]):
    evaluations = {m: recomputed["evaluations"][m] for m in models}
    source = _("recomputed just now on {n} sampled test sentences").format(n=recomputed["n"])

table = quality_table(evaluations)
if table.empty:
    st.warning(_("No evaluation results for these models. Run `python -m models.evaluation.evaluate --write`."))
    st.stop()
metrics = metrics_of(table)
if st.session_state.get("metric") not in metrics:
    st.session_state["metric"] = "bleu"
metric = st.radio(_("Metric"), list(metrics), format_func=metrics.get, horizontal=True, key="metric")
if METRICS[metric].optional:  # only some models have it (AER: the attention models)
    table = table[table[metric].notna()]

user_points = sentence_scores(pack, models, sel.sentence)  # None unless the sentence is a test sentence

# The table beside the chart fits four models' columns without scrolling; with more, it goes under the chart.
left, right = st.columns([3, 2]) if len(models) <= 4 else (st.container(), st.container())
with left:
    show_chart(
        quality_lines(
            table,
            metric,
            metrics[metric],
            base=sel.base_font,
            user_points=user_points if user_points is not None and metric in user_points else None,
            unit=length_unit(pack),
        ),
        "quality",
    )
    st.caption(
        _("One line per model, x = source length in {unit}, y = {metric} ({source}).").format(
            unit=length_unit(pack), metric=metrics[metric], source=source
        )
        + " "
        + (
            _("The star is the sentence in the sidebar (it has a reference in the test split).")
            if user_points is not None
            else _("Pick a test example in the sidebar to see it as a star.")
        )
        + " "
        + _("Look for the gap between the lines as the sentences get longer.")
    )
with right:
    # Short column names and numbers, so four models fit beside the chart without scrolling.
    wide = wide_quality_table(table, metric)
    digits = METRICS[metric].number_format
    formats = {c: st.column_config.NumberColumn(format=digits, help=label(c)) for c in wide.columns if c != "n"}
    st.dataframe(wide, width="stretch", column_config=formats)
    st.caption(
        _(
            "{metric} by length bucket, one column per model's attention (none = no attention); "
            "n = test sentences in the bucket."
        ).format(metric=metrics[metric])
    )

st.subheader(_("Recompute now"))
n = st.select_slider(
    _("Test sentences to sample"), SAMPLE_SIZES, value=default_sample_size(pack), key=f"recompute_n::{pack.name}"
)
if st.button(_("Recompute now"), type="primary", key="recompute"):
    progress = st.progress(0.0, text=_("Decoding…"))
    scored = _("Scored {model}")
    recomputed = recompute(
        pack, n, lambda done, m: progress.progress(done / len(pack.models), text=scored.format(model=label(m)))
    )
    progress.empty()
    st.session_state[f"recomputed::{pack.name}"] = recomputed
    st.rerun()
if recomputed is not None and st.button(_("Back to the shipped results")):
    del st.session_state[f"recomputed::{pack.name}"]
    st.rerun()
