"""The What-if page's head switch: tick heads of a Transformer or GPT to switch them off, see the sentence decoded
again without them beside the model's own output, and the model's precomputed head-removal table below both.

The heads switched off live in session key "heads_off" ((site, layer, head) from 0, seeded from ?off= and kept
to the chosen model's heads by explorer.params). Each layer's picker is seeded from it on every run and writes
it back in its on_change callback, which runs before the script: the address (written before the page runs)
then already holds the click.
"""

from __future__ import annotations

import streamlit as st

from explorer.charts import show_chart
from explorer.heads import site_short
from explorer.i18n import _, ngettext
from explorer.params import HEAD_SITES, ordered_heads
from explorer.problems import show_problem
from explorer.sidebar import Selection
from explorer.style import md_escape
from explorer.tables import head_removal_table
from explorer.whatif_cache import head_table, heads_off_or_message, model_heads
from explorer.whatif_figures import change_caption, changed_strip
from models.net.trace import Trace
from models.net.views import Head
from models.net.whatif import changed_tokens
from models.packs.pack import PackError

TOP_HEADS = 8  # rows of the precomputed table shown


def picker_key(site: str, layer: int) -> str:
    return f"heads_off_{site}_{layer}"


def _picked(site: str, layer: int) -> None:
    """A layer's picker changed: its heads replace that layer's in "heads_off"."""
    state = st.session_state
    ticked = state.get(picker_key(site, layer)) or []
    others = [h for h in state.get("heads_off", ()) if h[:2] != (site, layer)]
    state["heads_off"] = ordered_heads([*others, *((site, layer, h) for h in ticked)])


def _all_on(heads: list[Head]) -> None:
    st.session_state["heads_off"] = ()
    for site, layer, _head in heads:
        st.session_state[picker_key(site, layer)] = []


def head_pickers(heads: list[Head]) -> tuple[Head, ...]:
    """One grid per site: a row of head toggles per layer. Returns the heads switched off."""
    off = set(st.session_state.get("heads_off", ()))
    sites = [s for s in HEAD_SITES if any(h[0] == s for h in heads)]
    for column, site in zip(st.columns(len(sites)), sites, strict=True):
        with column:
            st.markdown(f"**{site_short(site)}**")
            layers = sorted({layer for s, layer, _h in heads if s == site})
            for layer in layers:
                options = [h for s, l, h in heads if (s, l) == (site, layer)]
                key = picker_key(site, layer)
                st.session_state[key] = [h for h in options if (site, layer, h) in off]
                st.pills(
                    _("Layer {layer}").format(layer=layer + 1),
                    options,
                    selection_mode="multi",
                    format_func=lambda h: str(h + 1),
                    key=key,
                    on_change=_picked,
                    args=(site, layer),
                )
    return ordered_heads(off)


def show_head_table(pack_name: str, model: str) -> None:
    """The model's heads.json: the heads whose removal costs the most BLEU, or how to make the table."""
    try:
        table = head_table(pack_name, model)
    except PackError as e:
        show_problem(model, e)
        return
    if table is None:
        st.info(_("This model has no precomputed table of its heads removed one at a time. To make it, run:"))
        st.code(f"python -m models.evaluation.heads --pack {pack_name} --write", language="bash")
        return
    exact = st.column_config.NumberColumn(format="%.1f%%")  # 6.0% beside 75.3%, not 0.06 beside 0.753
    st.dataframe(head_removal_table(table, TOP_HEADS), hide_index=True, column_config={_("exact without it"): exact})
    idle = sum(r.bleu_lost <= 0 for r in table.heads)
    st.caption(
        ngettext(
            "Each head removed alone, every other head kept: BLEU on the first {n} test sentence of the pack "
            "(the model's own: {bleu:.1f}), ranked by the BLEU lost.",
            "Each head removed alone, every other head kept: BLEU on the first {n} test sentences of the pack "
            "(the model's own: {bleu:.1f}), ranked by the BLEU lost.",
            table.sample,
        ).format(n=table.sample, bleu=table.bleu)
        + " "
        + ngettext(
            "{idle} of its {total} heads costs nothing.", "{idle} of its {total} heads cost nothing.", idle
        ).format(idle=idle, total=len(table.heads))
    )


def show_heads_off(sel: Selection, model: str, model_label: str, own: Trace) -> None:
    """The page's head switch section for `model`, whose own greedy output is `own`."""
    st.header(_("Switch heads off"))
    heads = model_heads(sel.pack.name, model)
    if not heads:
        st.caption(
            _("{model} is a GRU with one attention, not layers of heads: it has no heads to switch off.").format(
                model=md_escape(model_label)
            )
        )
        return
    st.markdown(
        _(
            "Tick heads to remove them: a head switched off adds nothing (its output is set to 0 before the "
            "heads are concatenated and multiplied by W_O), in every step. The sentence is decoded again "
            "(greedy) without them. Removing a head that matters changes the output; many heads can go at no cost "
            "(Michel et al. 2019, “Are Sixteen Heads Really Better than One?”)."
        )
    )
    off = head_pickers(heads)
    if off:
        st.button(_("Switch every head back on"), on_click=_all_on, args=(heads,), icon=":material/undo:")
    show_outputs(sel, model, own, off)
    # after the outputs, the page's full width: in a column beside the grid, its last column was clipped at 1,500 px
    show_head_table(sel.pack.name, model)


def show_outputs(sel: Selection, model: str, own: Trace, off: tuple[Head, ...]) -> None:
    """The model's own output beside the output decoded again with the heads in `off` switched off."""
    left, right = st.columns(2)
    with left:
        st.subheader(_("Every head on"))
        st.code(own.text or " ", language=None, wrap_lines=True)
    with right:
        st.subheader(ngettext("{n} head off", "{n} heads off", len(off)).format(n=len(off)))
        if not off:
            st.code(own.text or " ", language=None, wrap_lines=True)
            st.caption(_("No head is switched off: this is the model's own output. Tick a head above."))
            return
        result = heads_off_or_message(sel.pack.name, model, sel.sentence, off)
        if result is None:
            return
        tokens = result.trace.output_tokens
        st.code(result.trace.text or " ", language=None, wrap_lines=True)
        changed = changed_tokens(own.output_tokens, tokens)
        show_chart(changed_strip(tokens, changed, base=sel.base_font), "heads-off-changed")
        st.caption(change_caption(own.output_tokens, tokens, _("Same output as with every head on.")))
