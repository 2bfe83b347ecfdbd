"""Copying through attention on the pages: the Attention page's copy step (p_gen per step, and at the selected step
the mixture P_vocab, copy, p_gen · P_vocab + (1 − p_gen) · copy) and the notes that say which model can copy.
Layout only: the figures are explorer/copy_figures.py's, the numbers the trace's (models/net/pointer.py)."""

from __future__ import annotations

import streamlit as st

from explorer.charts import show_chart
from explorer.copy_figures import mixture_bars, p_gen_bars
from explorer.i18n import _
from models.net.trace import Trace
from models.packs.pack import Pack

MIXTURE = (
    r"p_{gen,i} = \sigma(w \cdot [a_i ; s_i ; y_{i-1}] + b),\qquad "
    r"P_i(w) = p_{gen,i}\, P_{vocab,i}(w) + (1 - p_{gen,i}) \textstyle\sum_{j:\, x_j = w} c_{ij}"
)


def pack_copies(pack: Pack) -> bool:
    """Whether any model of the pack has a copy head."""
    return any(getattr(m.model, "copies", False) for m in pack.models.values())


def no_copy_note(pack: Pack) -> None:
    """What the model without attention cannot do, said where the pack's other models copy."""
    if pack_copies(pack):
        st.caption(
            _(
                "The model without attention has no copy head: its one fixed context vector has no weights c_ij over "
                "the source, so it has nothing to copy with. A word it never saw cannot reach its output."
            )
        )


def show_copy(trace: Trace, step: int, base: int, pack: Pack) -> None:
    """The copy head at output step `step` (0-based) of a copy model's trace; for another model of a pack whose models
    copy, a line saying this one does not."""
    if not trace.copies:
        if pack_copies(pack):
            st.caption(_("This model has no copy head: it writes only words of its vocabulary."))
        return
    st.subheader(_("Copy or generate: p_gen"))
    st.latex(MIXTURE)
    show_chart(p_gen_bars(trace, step, base=base), "copy-p-gen")
    st.caption(
        _(
            "p_gen at every output step: the share the output layer gets; the rest, 1 − p_gen, goes to the source "
            "words in proportion to the attention weights c_ij. Copied tokens are in the copy colour."
        )
    )
    show_chart(mixture_bars(trace, step, base=base), "copy-mixture")
    token = trace.output_tokens[step]
    if trace.copied[step]:
        text = _("Step {step} copied {token!r} from the source: its copy part outweighed what the vocabulary gave it.")
    else:
        text = _("Step {step} generated {token!r}: the output layer gave it more than the copy part.")
    st.caption(
        text.format(step=step + 1, token=token)
        + " "
        + _(
            "The bars: P_vocab(w) from the output layer, copy(w) the attention weights on the source positions "
            "holding w, and their mixture, which the model writes from. A word outside the vocabulary has "
            "P_vocab = 0: only copying can write it."
        )
    )
    no_copy_note(pack)


def translate_note(trace: Trace, pack: Pack) -> None:
    """Under a model's output on the Translate page, when the sentence has words the models do not know and the
    pack's models copy: whether this model can copy them."""
    if not trace.unknown_tokens or not pack_copies(pack):
        return
    if trace.copies:
        text = _(
            "This model copies words it does not know from the source, through its attention: copied tokens are "
            "in bold italics (hover one for its p_gen)."
        )
        if pack.src_vocab is not None and pack.src_vocab.unknown:
            text += " " + _(
                "It reads such a word by its last sound, as one of three tokens (a vowel, ㄹ, another consonant), "
                "so the particle after a copied name can fit it: Tom은, Anna는, Lyon으로."
            )
        if pack.src_vocab is not None and pack.src_vocab.order:
            text += " " + _(
                "It numbers such words in the order they come (<unk:1>, <unk:2>, …), and after writing a copied "
                "word it reads which one it wrote (<copied:1>, …), so a full name comes out as two words, not one "
                "word twice."
            )
        st.info(text, icon=":material/content_copy:")
    elif not trace.uses_attention:
        st.info(
            _(
                "Without attention this model has nothing to copy with: a name or place it never saw cannot reach "
                "its output."
            ),
            icon=":material/block:",
        )
