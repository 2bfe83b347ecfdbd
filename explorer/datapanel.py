"""The sidebar's "Data" panel: where a pack's data comes from, its licence, split sizes and the lengths of its
training sources. Plain widgets; the card is read by models/datacard.py and drawn by explorer/figures.py."""

from __future__ import annotations

import streamlit as st

from explorer.figures import CONFIG, length_histogram_figure
from models.datacard import data_card
from models.pack import Pack


def data_panel(pack: Pack) -> None:
    card = data_card(pack.task)
    with st.expander("Data", icon=":material/dataset:"):
        st.markdown(f"**Where it comes from.** {_plain(card.origin)}")
        st.markdown(f"**Licence.** {_plain(card.licence)}")
        if card.sizes:
            st.markdown("**Splits.** " + ", ".join(f"{name} {n:,}" for name, n in card.sizes.items()) + " pairs.")
        if card.subword:
            lower = ", lowercased" if card.subword.get("lowercase") else ""
            st.markdown(
                f"**Tokens.** Subword pieces ({_plain(str(card.subword.get('kind')))}, "
                f"{card.subword.get('vocab_size')} per side{lower})."
            )
        if card.skipped:
            st.caption("Lines skipped while reading: " + ", ".join(f"{n:,} {why}" for why, n in card.skipped.items()))
        for warning in card.warnings:
            st.warning(_plain(warning), icon=":material/warning:")
        if card.histogram:
            st.plotly_chart(
                length_histogram_figure(card.histogram_bins(), card.length_unit), config=CONFIG, key="data_hist"
            )
            st.caption(f"Length of the training sources, in {card.length_unit}.")
        else:
            st.caption("This pack's task.json does not store the length histogram of its training sources.")


def _plain(text: str) -> str:
    """Text from task.json shown as Markdown without being read as Markdown."""
    return "".join("\\" + c if c in "\\`*_{}[]()#+-.!|<>~$" else c for c in text)
