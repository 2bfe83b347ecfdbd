"""Cached results for the "why attention" pages (Gradients, What-if attention).

Like explorer.cache: results are cached per (packs folder, pack, model, sentence, ...); problems are raised as
typed errors (PackError, ModelUnavailable, InputError) for explorer.problems to show. The length sweep is
computed once per (pack, model, lengths) per process. The pages' URL parameters (?model, ?whatif, ?mask,
?lengths) are declared in explorer.params with the others.
"""

from __future__ import annotations

import streamlit as st

from explorer.cache import MAX_INPUT_CHARS, TRACE_CACHE_ENTRIES, get_pack, gold_alignment
from explorer.i18n import N_
from explorer.problems import show_problem
from models.net.decoding import InputError
from models.net.gradients import RATIO_LENGTHS, SourceGradients, Sweep, length_sweep, sentence_gradients, sweep_sample
from models.net.whatif import EXPERIMENTS, WhatIf, whatif_decode
from models.packs.data import bucket_labels
from models.packs.pack import ModelUnavailable, PackError, pretrained_root


def get_gradients(pack_name: str, model: str, sentence: str) -> SourceGradients:
    """g_ij for one sentence along the model's greedy output. Raises PackError or InputError."""
    return _gradients(str(pretrained_root()), pack_name, model, sentence)


@st.cache_data(max_entries=TRACE_CACHE_ENTRIES // 4, show_spinner=False)
def _gradients(root: str, pack_name: str, model: str, sentence: str) -> SourceGradients:
    m = get_pack(pack_name).model(model)  # (root keys the cache: get_pack reads the same folder)
    return sentence_gradients(m.model, m.src_vocab, m.tgt_vocab, sentence[:MAX_INPUT_CHARS])


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


def gradients_or_message(pack_name: str, model: str, sentence: str) -> SourceGradients | None:
    """The sentence's gradients, or None after showing the problem."""
    try:
        return get_gradients(pack_name, model, sentence)
    except (PackError, InputError) as e:
        show_problem(model, e)
        return None


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


def sweep_buckets(pack_name: str) -> dict[str, tuple[int, int]]:
    """The pack's length buckets that hold test sentences: label -> (lo, hi) words."""
    pack = get_pack(pack_name)
    if not pack.test:
        return {}
    edges = pack.task.length_edges
    longest = max(e.src_len for e in pack.test)
    bounds = [(lo, (nxt - 1) if nxt else longest) for lo, nxt in zip(edges, [*edges[1:], None], strict=True)]
    return {
        name: (lo, hi)
        for name, (lo, hi) in zip(bucket_labels(edges), bounds, strict=True)
        if any(lo <= e.src_len <= hi for e in pack.test)
    }


def get_sweep(pack_name: str, model: str, lo: int, hi: int) -> Sweep:
    """The gradient length sweep of one model over the test sentences of lo..hi words (models.net.gradients.main's).
    Raises PackError."""
    return _sweep(str(pretrained_root()), pack_name, model, lo, hi)


@st.cache_resource(show_spinner=False, max_entries=64)  # (the Gradients page shows a spinner in the reader's language)
def _sweep(root: str, pack_name: str, model: str, lo: int, hi: int) -> Sweep:
    pack = get_pack(pack_name)
    m = pack.model(model)
    return length_sweep(m.model, m.src_vocab, sweep_sample(pack.test, lo, hi))


def default_bucket(buckets: dict[str, tuple[int, int]]) -> str:
    """The bucket of the README's ratio (31-40 words) when the pack has it, else its longest bucket."""
    for name, bounds in buckets.items():
        if bounds[0] <= RATIO_LENGTHS[0] and RATIO_LENGTHS[1] <= bounds[1]:
            return name
    return list(buckets)[-1]


def settle_sweep_lengths(buckets: dict[str, tuple[int, int]]) -> None:
    """Keep the "sweep_lengths" key (seeded from ?lengths=) one of this pack's buckets: else the default one."""
    if st.session_state.get("sweep_lengths") not in buckets:
        st.session_state["sweep_lengths"] = default_bucket(buckets)


def settle_masked_word(n_source: int) -> None:
    """Keep the "mask_word" key (seeded from ?mask=, counted from 0) within this sentence: else its first word."""
    value = st.session_state.get("mask_word")
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < n_source:
        st.session_state["mask_word"] = 0
