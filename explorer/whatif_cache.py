"""The What-if attention page's cached results: one what-if decoding per (model, sentence, experiment, masked
word), every experiment at once for the page's table, and the kept "mask_word" widget key; the sentence decoded
with some heads switched off, and the model's precomputed head-removal table.

Like explorer.cache: results are cached per (packs folder, pack, model, sentence, ...); problems are raised as
typed errors (PackError, ModelUnavailable, InputError) for explorer.problems to show. The page's URL parameters
(?model, ?whatif, ?mask, ?off) are declared in explorer.params with the others.
"""

from __future__ import annotations

import streamlit as st

from explorer.cache import MAX_INPUT_CHARS, TRACE_CACHE_ENTRIES, get_pack, gold_alignment
from explorer.i18n import N_
from explorer.problems import show_problem
from models.net.decoding import Decoding, InputError, decode
from models.net.views import Head, all_heads, heads_off
from models.net.whatif import EXPERIMENTS, WhatIf, whatif_decode
from models.packs.heads_table import HeadTable, read_head_table
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


def model_heads(pack_name: str, model: str) -> list[Head]:
    """Every head the model can switch off (models.net.views all_heads): none for a GRU or a missing model."""
    try:
        return all_heads(get_pack(pack_name).model(model).model)
    except PackError:
        return []


def get_heads_off(pack_name: str, model: str, sentence: str, heads: tuple[Head, ...]) -> Decoding:
    """Greedy decoding with these heads' contexts zeroed before W_O (models.net.views heads_off), in every pass:
    each step of decoding and the recorded one. Raises like explorer.cache.get_decoding; heads the model does not
    have raise ModelUnavailable (the page offers only its own: explorer.params `settle`)."""
    return _heads_off(str(pretrained_root()), pack_name, model, sentence, tuple(heads))


@st.cache_data(max_entries=TRACE_CACHE_ENTRIES // 4, show_spinner=False)
def _heads_off(root: str, pack_name: str, model: str, sentence: str, heads: tuple[Head, ...]) -> Decoding:
    m = get_pack(pack_name).model(model)
    if not set(heads) <= set(all_heads(m.model)):
        raise ModelUnavailable(N_("model {model!r} has no such heads to switch off"), model=model)
    with heads_off(m.model, heads):  # a context variable: this thread's passes only, never another session's
        return decode(m.model, m.src_vocab, m.tgt_vocab, sentence[:MAX_INPUT_CHARS])


def heads_off_or_message(pack_name: str, model: str, sentence: str, heads: tuple[Head, ...]) -> Decoding | None:
    """The decoding with these heads off, or None after showing the problem."""
    try:
        return get_heads_off(pack_name, model, sentence, heads)
    except (PackError, InputError) as e:
        show_problem(model, e)
        return None


def head_table(pack_name: str, model: str) -> HeadTable | None:
    """The model's heads.json (models.packs.heads_table), None when it has none; raises PackError when it is
    unreadable."""
    return _head_table(str(pretrained_root()), pack_name, model)


@st.cache_resource(show_spinner=False)
def _head_table(root: str, pack_name: str, model: str) -> HeadTable | None:
    return read_head_table(get_pack(pack_name).path / model)  # (a PackError is not cached)
