"""The What-if attention page's cached results: one what-if decoding per (model, sentence, experiment, masked
word), every experiment at once for the page's table, and the kept "mask_word" widget key.

Like explorer.cache: results are cached per (packs folder, pack, model, sentence, ...); problems are raised as
typed errors (PackError, ModelUnavailable, InputError) for explorer.problems to show. The page's URL parameters
(?model, ?whatif, ?mask) are declared in explorer.params with the others.
"""

from __future__ import annotations

import streamlit as st

from explorer.cache import MAX_INPUT_CHARS, TRACE_CACHE_ENTRIES, get_pack, gold_alignment
from explorer.i18n import N_
from explorer.problems import show_problem
from models.net.decoding import InputError
from models.net.whatif import EXPERIMENTS, WhatIf, whatif_decode
from models.packs.pack import ModelUnavailable, PackError, pretrained_root


def get_whatif(pack_name: str, model: str, sentence: str, mode: str, masked: int | None = None) -> WhatIf:
    """One what-if decoding (models.net.whatif). Raises PackError (no such model, or one without attention) or
    InputError (nothing to decode, no gold alignment, a masked word out of range)."""
    return _whatif(str(pretrained_root()), pack_name, model, sentence, mode, masked)


@st.cache_data(max_entries=TRACE_CACHE_ENTRIES // 4, show_spinner=False)
def _whatif(root: str, pack_name: str, model: str, sentence: str, mode: str, masked: int | None) -> WhatIf:
    m = get_pack(pack_name).model(model)  # (root keys the cache: get_pack reads the same folder)
    if not m.uses_attention:
        raise ModelUnavailable(N_("model {model!r} has no attention weights to replace"), model=model)
    gold = gold_alignment(pack_name, sentence) if mode == "gold" else None
    return whatif_decode(m.model, m.src_vocab, m.tgt_vocab, sentence[:MAX_INPUT_CHARS], mode, gold=gold, masked=masked)


def whatif_or_message(pack_name: str, model: str, sentence: str, mode: str, masked: int | None = None) -> WhatIf | None:
    """One what-if decoding, or None after showing the problem."""
    try:
        return get_whatif(pack_name, model, sentence, mode, masked)
    except (PackError, InputError) as e:
        show_problem(model, e)
        return None


def every_experiment(pack_name: str, model: str, sentence: str, masked: int | None) -> dict[str, WhatIf | InputError]:
    """Each experiment's decoding, or the InputError that says why it has none (e.g. no gold alignment)."""
    results: dict[str, WhatIf | InputError] = {}
    for mode in EXPERIMENTS:
        try:
            results[mode] = get_whatif(pack_name, model, sentence, mode, masked if mode == "mask" else None)
        except InputError as e:
            results[mode] = e
    return results


def settle_masked_word(n_source: int) -> None:
    """Keep the "mask_word" key (seeded from ?mask=, counted from 0) within this sentence: else its first word."""
    value = st.session_state.get("mask_word")
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < n_source:
        st.session_state["mask_word"] = 0
