import streamlit as st

from explorer.charts import show_chart
from explorer.figures import attention_heatmap, token_strip
from explorer.html import model_heading, text_box
from explorer.i18n import _, current
from explorer.navigation import ensure_navigation
from explorer.problems import trace_or_note
from explorer.sidebar import default_sentence

ensure_navigation()
st.title("Attention Explorer")
st.markdown(
    _(
        "A **sequence-to-sequence** model reads a sentence token by token with an *encoder* (a GRU), "
        "then writes the output token by token with a *decoder* (another GRU). "
        "**Without attention** the decoder only ever sees the encoder's final state: one fixed-size "
        "*context vector* for the whole sentence — a bottleneck. **With attention** the decoder looks back at "
        "every encoder state at every step and builds a fresh context vector for each output token."
    )
)
# Side by side, unless the text is large (the formulas would not fit in the narrower column).
left, right = (st.container(), st.container()) if st.session_state.get("large") else st.columns([3, 2])
with left:
    st.subheader(_("The attention pipeline, one decoder step $i$"))
    st.latex(_(r"\text{query } s_i,\quad \text{keys} = \text{values} = h_1,\dots,h_S"))
    st.latex(
        _(r"\text{compare: } e_{ij} = s_i^\top h_j \;\;(\text{or } s_i^\top W h_j,\;\; v^\top\tanh(W s_i + U h_j))")
    )
    st.latex(_(r"\text{softmax: } c_{ij} = \frac{\exp e_{ij}}{\sum_{k} \exp e_{ik}}"))
    st.latex(_(r"\text{aggregate: } a_i = \sum_j c_{ij}\, h_j"))
    st.latex(_(r"\text{output: } p(y_i) = \mathrm{softmax}\big(W_o \tanh(\mathrm{FC}[a_i ; s_i])\big)"))
    st.caption(_("Without attention, $a_i = h_S$ (the encoder's final state) for every step $i$."))
with right:
    st.subheader(_("Pages"))
    st.page_link(
        "pages/translate.py", label=_("Translate & compare: both models side by side"), icon=":material/translate:"
    )
    st.page_link(
        "pages/attention.py", label=_("Attention: the query–key heatmap, step by step"), icon=":material/grid_on:"
    )
    st.page_link(
        "pages/context.py", label=_("Context vectors: one fixed vector vs one per step"), icon=":material/view_week:"
    )
    st.page_link("pages/quality.py", label=_("Quality vs input length"), icon=":material/show_chart:")
    st.page_link("pages/learn.py", label=_("Watch it learn: attention during training"), icon=":material/school:")
    st.page_link(
        "pages/gradients.py", label=_("Gradients: the signal reaching each source word"), icon=":material/blur_linear:"
    )
    st.page_link("pages/whatif.py", label=_("What-if attention: break it on purpose"), icon=":material/science:")

sel = st.session_state.get("selection")
if sel is not None:
    st.subheader(_("Live: both models on one example"))
    example = sel.sentence.strip() or default_sentence(sel.pack, current())
    st.caption(_("Sentence (from the sidebar)"))
    text_box(example)
    cols = st.columns(2)
    for col, model in zip(cols, sel.pack.comparison_pair, strict=False):
        with col:
            model_heading(model)
            trace = trace_or_note(sel.pack.name, model, example)
            if trace is None:
                continue
            text_box(trace.text or _("(nothing)"))
            show_chart(token_strip(trace, base=sel.base_font, width_chars=60), f"ov-strip-{model}")
            if trace.uses_attention:
                show_chart(attention_heatmap(trace.slice(), base=sel.base_font), "ov-heat")
                st.caption(_("Each output row shows where the decoder looked in the source (darker = more weight)."))
            else:
                st.caption(
                    _("No heatmap: this decoder never looks back at the source tokens, only at one context vector.")
                )
