import streamlit as st

from explorer.charts import show_chart
from explorer.figures import chrf_curves, loss_curves, snapshot_heatmap
from explorer.html import guided_caption, model_heading
from explorer.i18n import _
from explorer.sidebar import require_selection
from explorer.style import labels

sel = require_selection()
st.title(_("Watch it learn"))
pack = sel.pack
histories = {m: lm.history for m, lm in pack.models.items() if lm.history.snapshots}
if not histories:
    st.info(_("This pack has no training history."))
    st.stop()
attention_models = [m for m in histories if pack.models[m].uses_attention]
c1, c2 = st.columns(2)
model = c1.radio(
    _("Model"),
    attention_models or list(histories),
    format_func=labels(histories).get,
    horizontal=True,
    key="learn_model",
)
snapshots = histories[model].snapshots
probes = histories[model].probe_sources()
probe_idx = c2.selectbox(_("Probe sentence"), range(len(probes)), format_func=lambda i: probes[i], key="learn_probe")
k = st.select_slider(
    _("Training snapshot"),
    options=list(range(len(snapshots))),
    value=len(snapshots) - 1,
    format_func=[
        _("step {step} (epoch {epoch})").format(step=s.step, epoch=f"{s.epoch:g}") for s in snapshots
    ].__getitem__,
    key="learn_snapshot",
)
snap = snapshots[k]
left, right = st.columns(2)
with left:
    show_chart(loss_curves(histories, snap.step, base=sel.base_font), "loss")
    st.caption(_("Training loss of every model (log scale); the dashed line is the chosen snapshot."))
    chrf = chrf_curves(histories, snap.step, base=sel.base_font)
    if chrf is not None:
        show_chart(chrf, "chrf")
        st.caption(
            _(
                "Validation chrF: how close the greedy translations of held-out sentences come to their references "
                "(0-100, higher is better). A run on your own corpus keeps the checkpoint with the best one (the "
                "star) and stops once it no longer improves, whatever the loss does."
            )
        )
with right:
    model_heading(model, 4)
    probe = snap.probes[probe_idx]
    st.code(" ".join(probe.output_tokens), language=None, wrap_lines=True)
    if probe.weights is None:
        st.info(_("A model without attention has no attention weights to watch."))
    else:
        show_chart(snapshot_heatmap(probe, base=sel.base_font), "snap")
        st.caption(
            _(
                "The probe sentence's attention weights at this moment of training (greedy output on the left "
                "axis). Slide from step 0: from a blur to a sharp alignment."
            )
        )
        guided_caption(pack.models[model])
