"""The Self-attention & positions page's cached result: one sentence decoded with its positions switched off
(models.net.transformer.without_positions), and which of a pack's models have positions to switch off.

Like explorer.cache: results are cached per (packs folder, pack, model, sentence); problems are raised as typed
errors (PackError, ModelUnavailable, InputError) for explorer.problems to show.
"""

from __future__ import annotations

import streamlit as st

from explorer.cache import MAX_INPUT_CHARS, TRACE_CACHE_ENTRIES, get_pack
from explorer.i18n import N_
from explorer.problems import show_problem
from models.net.decoding import InputError, translate
from models.net.trace import Trace
from models.net.transformer import without_positions
from models.packs.pack import LoadedModel, ModelUnavailable, Pack, PackError, pretrained_root


def has_positions(loaded: LoadedModel) -> bool:
    """The model adds sinusoidal positions PE(pos) to its inputs (the Transformer and the GPT): asked of the model;
    a GRU, which reads the order from its recurrence, has no `uses_positions`."""
    return getattr(loaded.model, "uses_positions", False)


def positional_models(pack: Pack) -> list[str]:
    """The pack's models with positions, in pack order: the ones with self-attention."""
    return [name for name, m in pack.models.items() if has_positions(m)]


def get_without_positions(pack_name: str, model: str, sentence: str) -> Trace:
    """The greedy trace of the sentence decoded with PE(pos) = 0 everywhere. Raises PackError (no such model, or one
    without positions) or InputError (nothing to decode)."""
    return _without_positions(str(pretrained_root()), pack_name, model, sentence)


@st.cache_data(max_entries=TRACE_CACHE_ENTRIES // 4, show_spinner=False)
def _without_positions(root: str, pack_name: str, model: str, sentence: str) -> Trace:
    m = get_pack(pack_name).model(model)  # (root keys the cache: get_pack reads the same folder)
    if not has_positions(m):
        raise ModelUnavailable(N_("model {model!r} adds no positions to switch off"), model=model)
    with without_positions():
        return translate(m.model, m.src_vocab, m.tgt_vocab, sentence[:MAX_INPUT_CHARS])


def without_positions_or_message(pack_name: str, model: str, sentence: str) -> Trace | None:
    """The decoding without positions, or None after showing the problem."""
    try:
        return get_without_positions(pack_name, model, sentence)
    except (PackError, InputError) as e:
        show_problem(model, e)
        return None
