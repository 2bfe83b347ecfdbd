"""The sidebar's "Data" panel: where a pack's data comes from, its licence, split sizes and the lengths of its
training sources. Plain widgets; the card is read by models/packs/datacard.py and drawn by explorer/figures.py."""

from __future__ import annotations

import streamlit as st

from explorer.charts import show_chart
from explorer.figures import length_histogram_figure
from explorer.i18n import N_, _
from explorer.packtext import told
from models.packs.datacard import data_card
from models.packs.pack import Pack

# The units a card's lengths are counted in (models/packs/datacard.py and models/training/packs.py write the key),
# in the reader's language.
UNITS = {"tokens": N_("tokens"), "words": N_("words"), "characters": N_("characters")}
SPLITS = {"train": N_("train"), "valid": N_("valid"), "test": N_("test")}


def length_unit(pack: Pack) -> str:
    """What the pack's lengths count (tokens, words or characters), in the reader's language."""
    unit = data_card(pack.task).length_unit
    return _(UNITS[unit]) if unit in UNITS else unit


def data_panel(pack: Pack) -> None:
    card = data_card(pack.task)
    unit = length_unit(pack)
    with st.expander(_("Data"), icon=":material/dataset:"):
        if pack.task.description:
            st.markdown(_("**What it is.** {description}").format(description=_plain(told(pack.task.description))))
        st.markdown(_("**Where it comes from.** {origin}").format(origin=_plain(told(card.origin))))
        st.markdown(_("**Licence.** {licence}").format(licence=_plain(told(card.licence))))
        if card.sizes:
            sizes = ", ".join(f"{_(SPLITS.get(name, name))} {n:,}" for name, n in card.sizes.items())
            st.markdown(_("**Splits.** {sizes} pairs.").format(sizes=sizes))
        if card.subword:
            kind, size = _plain(str(card.subword.get("kind"))), card.subword.get("vocab_size")
            if card.subword.get("lowercase"):
                text = _("**Tokens.** Subword pieces ({kind}, {size} per side, lowercased).")
            else:
                text = _("**Tokens.** Subword pieces ({kind}, {size} per side).")
            st.markdown(text.format(kind=kind, size=size))
        if card.skipped:
            skipped = ", ".join(f"{n:,} {told(why)}" for why, n in card.skipped.items())
            st.caption(_("Lines skipped while reading: {skipped}").format(skipped=skipped))
        for warning in card.warnings:
            st.warning(_plain(warning), icon=":material/warning:")
        if card.histogram:
            show_chart(length_histogram_figure(card.histogram_bins(), unit), "data_hist")
            st.caption(_("Length of the training sources, in {unit}.").format(unit=unit))
        else:
            st.caption(_("This pack's task.json does not store the length histogram of its training sources."))


def _plain(text: str) -> str:
    """Text from task.json shown as Markdown without being read as Markdown."""
    return "".join("\\" + c if c in "\\`*_{}[]()#+-.!|<>~$" else c for c in text)
