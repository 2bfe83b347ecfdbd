import streamlit as st

from explorer.cache import gold_alignment
from explorer.charts import show_chart
from explorer.heads_off_page import show_heads_off
from explorer.html import model_heading
from explorer.i18n import _
from explorer.sidebar import require_selection
from explorer.style import labels, md_escape
from explorer.tables import whatif_table
from explorer.whatif_cache import every_experiment, settle_masked_word, whatif_or_message
from explorer.whatif_figures import change_caption, changed_strip, experiment_note, mode_label, whatif_heatmap
from models.net.whatif import EXPERIMENTS, WhatIf, changed_tokens

sel = require_selection()
st.title(_("What if attention were different?"))
st.markdown(
    _(
        "Decode the sentence again, but replace the attention weights c_ij before the context a_i = Σ_j c_ij h_j "
        "is formed: spread them evenly, put them where the gold alignment says, hide one source word, or freeze "
        "them at the first step. If the output changes, the model was really **using** its attention."
    )
)
attention_models = sel.attention_models
if not attention_models:
    st.info(_("This pack has no attention model."))
    st.stop()
if not sel.sentence.strip():
    st.info(_("Type a sentence in the sidebar (or pick an example) to break its attention."), icon=":material/edit:")
    st.stop()

c1, c2 = st.columns([2, 3])
model = c1.radio(
    _("Model"), attention_models, key="attention_model", format_func=labels(attention_models).get, horizontal=True
)
mode = c2.segmented_control(
    _("Replace the weights with"), EXPERIMENTS, key="whatif", format_func={m: mode_label(m) for m in EXPERIMENTS}.get
)
mode = mode or EXPERIMENTS[0]

own = whatif_or_message(sel.pack.name, model, sel.sentence, "own")
if own is None:
    st.stop()


def experiment(own: WhatIf) -> None:
    """The chosen experiment beside the model's own attention, and every experiment's output in a table."""
    source = own.trace.source_tokens
    masked = None
    if mode == "mask":
        if len(source) < 2:
            st.info(_("Masking needs a sentence of at least two words."))
            return
        settle_masked_word(len(source))
        masked = st.selectbox(
            _("Word to mask"), list(range(len(source))), key="mask_word", format_func=lambda j: f"{j + 1}: {source[j]}"
        )
    if mode == "gold" and gold_alignment(sel.pack.name, sel.sentence) is None:
        st.info(
            _(
                "The gold alignment exists only for the pack's test sentences that carry one (en-fr): pick one under "
                "“…or pick an example” in the sidebar (the ones marked *test*)."
            )
        )
        return

    model_heading(model)
    left, right = st.columns(2)
    with left:
        st.subheader(_("Its own attention"))
        st.code(own.trace.text or " ", language=None, wrap_lines=True)
        show_chart(whatif_heatmap(own, base=sel.base_font), "whatif-own")
    with right:
        title = mode_label(mode)
        st.subheader(title[:1].upper() + title[1:])
        result = whatif_or_message(sel.pack.name, model, sel.sentence, mode, masked)
        if result is None:
            return
        st.code(result.trace.text or " ", language=None, wrap_lines=True)
        changed = changed_tokens(own.trace.output_tokens, result.trace.output_tokens)
        show_chart(changed_strip(result.trace.output_tokens, changed, base=sel.base_font), "whatif-changed")
        st.caption(
            change_caption(
                own.trace.output_tokens,
                result.trace.output_tokens,
                _("Same output as with the model's own attention."),
            )
        )
        show_chart(whatif_heatmap(result, base=sel.base_font), "whatif-used")
    st.caption(
        _("The heatmaps show the weights the decoder actually used.")
        + " "
        + experiment_note(mode, own.trace.family, masked)
    )

    st.subheader(_("Every experiment on this sentence"))
    masked_in_table = masked if masked is not None else (0 if len(source) > 1 else None)
    results = every_experiment(sel.pack.name, model, sel.sentence, masked_in_table)
    st.dataframe(whatif_table(own.trace, results, sel.reference), hide_index=True)
    st.caption(
        (
            _("“{experiment}” masks word {word}.").format(experiment=mode_label("mask"), word=masked + 1)
            if masked is not None
            else _("“{experiment}” masks the first word ({token}).").format(
                experiment=mode_label("mask"), token=md_escape(source[0])
            )
        )
        + " "
        + _("The gold alignment is there only for test sentences that carry one.")
    )


experiment(own)
show_heads_off(sel, model, labels(attention_models)[model], own.trace)
