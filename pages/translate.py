import streamlit as st

from explorer.cache import BEAM_WIDTHS, get_trace
from explorer.charts import show_chart
from explorer.copy_page import translate_note
from explorer.figures import token_strip
from explorer.html import model_heading
from explorer.i18n import _, ngettext
from explorer.problems import decoding_or_message
from explorer.sidebar import require_selection
from explorer.style import md_escape
from explorer.tables import beam_table

sel = require_selection()
st.title(_("Translate & compare"))
st.caption(_("The sentence from the sidebar, decoded by each chosen model, side by side."))
st.code(sel.sentence or " ", language=None, wrap_lines=True)

if not sel.sentence.strip():
    st.info(
        _("Type a sentence in the sidebar (or pick an example, or press Random) to see the models at work."),
        icon=":material/edit:",
    )
    st.stop()
if not sel.models:
    st.info(_("Choose at least one model in the sidebar."))
    st.stop()

d1, d2 = st.columns(2)
decoding = d1.segmented_control(
    _("Decoding"),
    ["greedy", "beam"],
    key="decoding",
    format_func={"greedy": _("greedy"), "beam": _("beam search")}.get,
    help=_(
        "Greedy decoding takes the single most likely token at every step. Beam search keeps the k most likely "
        "partial outputs at every step and returns the most likely whole output."
    ),
)
beam = d2.slider(_("Beam width k"), *BEAM_WIDTHS, key="beam_width") if decoding == "beam" else 0

pack = sel.pack
reference_tokens = None
if sel.reference is not None:
    any_model = next(iter(pack.models.values()))
    reference_tokens = any_model.tgt_vocab.tokenize(sel.reference_tokenized)
    st.markdown(_("**Reference** (from the test split)"))
    st.code(sel.reference, language=None, wrap_lines=True)

cols = st.columns(len(sel.models))
for col, model in zip(cols, sel.models, strict=True):
    with col:
        model_heading(model)
        result = decoding_or_message(pack.name, model, sel.sentence, beam or 1)
        if result is None:
            continue
        trace = result.trace
        st.code(trace.text or _("(empty output)"), language=None, wrap_lines=True)
        if result.is_beam:
            greedy_text = get_trace(pack.name, model, sel.sentence).text  # (decodes whenever the beam did)
            if greedy_text != trace.text:
                st.info(
                    _("Beam search changed the output. Greedy decoding gives: {text}").format(
                        text=md_escape(greedy_text)
                    )
                )
            n_out = len(result.outputs)
            with st.expander(
                ngettext("The beam's most likely output", "The beam's {n} most likely outputs", n_out).format(n=n_out)
            ):
                st.dataframe(beam_table(result.outputs, greedy_text), hide_index=True)
        if sel.reference is not None:
            if trace.text == sel.reference:
                st.success(_("✓ exactly right"))
            else:
                st.error(_("✗ differs from the reference"))
        if not trace.finished:
            st.warning(_("Stopped at the step limit without emitting the end-of-sentence token."))
        strip = token_strip(trace, reference_tokens, base=sel.base_font, width_chars=int(120 / len(sel.models)))
        show_chart(strip, f"strip-{model}")
        unknown = list(dict.fromkeys(trace.unknown_tokens))
        if unknown:
            vocab = pack.models[model].src_vocab
            if vocab.classes:  # en-ko: by the class of its last sound; with an order, numbered (models/text/unknown.py)
                message = (
                    _("Never seen in training (read by the class of its last sound): {tokens}")
                    if vocab.unknown
                    else _("Never seen in training (read as <unk>, numbered in order): {tokens}")
                )
                reads = vocab.unknown_tokens(trace.source_tokens)
                shown = ", ".join(f"{t!r} → {reads[t]}" for t in unknown)
            else:
                message = _("Never seen in training (read as <unk>): {tokens}")
                shown = ", ".join(repr(t) for t in unknown)
            st.warning(message.format(tokens=md_escape(shown)))
        translate_note(trace, pack)
        st.caption(
            _("Mean token probability {mean}; the least sure step is {step} (p = {p}).").format(
                mean=f"{trace.token_probs.mean():.2f}",
                step=int(trace.token_probs.argmin()) + 1,
                p=f"{trace.token_probs.min():.2f}",
            )
        )
st.caption(
    (
        _(
            "With beam search the boxes show the probability of the token the beam kept, which need not be the "
            "step's top token."
        )
        + " "
        if beam
        else ""
    )
    + _(
        "What to look at: each box is one output token (⏎ ends the sentence), green when the model was sure of it, "
        "orange to red when it hesitated. With a reference, the second row shows the expected token, blue where the "
        "model is right and red where it is wrong. Hover a box for the runner-up tokens."
    )
)
st.caption(_("Share this view: the address bar holds the pack, the models, the sentence and the decoding."))
