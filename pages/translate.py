import streamlit as st

from explorer.figures import CONFIG, token_strip
from explorer.state import (
    BEAM_WIDTHS,
    beam_width_from_url,
    checked_trace,
    get_beam,
    get_trace,
    model_heading,
    require_selection,
)
from explorer.style import md_escape
from explorer.tables import beam_table

sel = require_selection()
st.title("Translate & compare")
st.caption("The sentence from the sidebar, decoded by each chosen model, side by side.")
st.code(sel.sentence or " ", language=None, wrap_lines=True)

if not sel.sentence.strip():
    st.info(
        "Type a sentence in the sidebar (or pick an example, or press Random) to see the models at work.",
        icon=":material/edit:",
    )
    st.stop()
if not sel.models:
    st.info("Choose at least one model in the sidebar.")
    st.stop()

if "decoding" not in st.session_state:  # a session's first visit: take the decoding from the URL (?beam=4)
    url_width = beam_width_from_url()
    st.session_state["decoding"] = "beam" if url_width else "greedy"
    st.session_state["beam_width"] = url_width or 4
d1, d2 = st.columns(2)
decoding = d1.segmented_control(
    "Decoding",
    ["greedy", "beam"],
    key="decoding",
    format_func=lambda d: "greedy" if d == "greedy" else "beam search",
    help="Greedy decoding takes the single most likely token at every step. Beam search keeps the k most likely "
    "partial outputs at every step and returns the most likely whole output.",
)
beam = d2.slider("Beam width k", *BEAM_WIDTHS, key="beam_width") if decoding == "beam" else 0
if beam:
    st.query_params["beam"] = str(beam)
elif "beam" in st.query_params:
    del st.query_params["beam"]

pack = sel.pack
reference_tokens = None
if sel.reference is not None:
    any_model = next(iter(pack.models.values()))
    reference_tokens = any_model.tgt_vocab.tokenize(sel.reference)
    st.markdown("**Reference** (from the test split)")
    st.code(sel.reference, language=None, wrap_lines=True)

cols = st.columns(len(sel.models))
for col, model in zip(cols, sel.models, strict=True):
    with col:
        model_heading(model)
        greedy = get_trace(pack.name, model, sel.sentence)
        found = get_beam(pack.name, model, sel.sentence, beam) if beam else greedy  # (trace, beams) or a problem
        trace = checked_trace(model, found[0] if isinstance(found, tuple) else found)
        if trace is None:
            continue
        st.code(trace.text or "(empty output)", language=None, wrap_lines=True)
        if beam:
            beams = found[1]
            greedy_text = None if isinstance(greedy, str) else greedy.text
            if greedy_text is not None and greedy_text != trace.text:
                st.info(f"Beam search changed the output. Greedy decoding gives: {md_escape(greedy_text)}")
            with st.expander(f"The beam's {len(beams)} most likely outputs"):
                st.dataframe(beam_table(beams, greedy_text), hide_index=True)
        if sel.reference is not None:
            if trace.text == sel.reference:
                st.success("✓ exactly right")
            else:
                st.error("✗ differs from the reference")
        if not trace.finished:
            st.warning("Stopped at the step limit without emitting the end-of-sentence token.")
        strip = token_strip(trace, reference_tokens, base=sel.base_font, width_chars=int(120 / len(sel.models)))
        st.plotly_chart(strip, config=CONFIG, key=f"strip-{model}")
        unknown = trace.unknown_tokens
        if unknown:
            shown = md_escape(", ".join(repr(t) for t in dict.fromkeys(unknown)))
            st.warning(f"Never seen in training (read as <unk>): {shown}")
        st.caption(
            f"Mean token probability {trace.token_probs.mean():.2f}; the least sure step is "
            f"{int(trace.token_probs.argmin()) + 1} (p = {trace.token_probs.min():.2f})."
        )
st.caption(
    (
        "With beam search the boxes show the probability of the token the beam kept, which need not be the step's top "
        "token. "
        if beam
        else ""
    )
    + "What to look at: each box is one output token (⏎ ends the sentence), green when the model was sure of it, "
    "orange to red when it hesitated. With a reference, the second row shows the expected token, blue where the model is right "
    "and red where it is wrong. Hover a box for the runner-up tokens."
)
st.caption("Share this view: the address bar holds the pack, the models, the sentence and the decoding.")
