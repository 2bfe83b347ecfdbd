"""The Gradients page's cached results: one sentence's gradients g_ij, the length sweep over the test
sentences, and the sweep's length buckets (with the kept "sweep_lengths" widget key).

Like explorer.cache: results are cached per (packs folder, pack, model, sentence, ...); problems are raised as
typed errors (PackError, InputError) for explorer.problems to show. The length sweep is computed once per
(pack, model, lengths) per process. The page's URL parameters (?model, ?lengths) are declared in
explorer.params with the others.
"""

from __future__ import annotations

import streamlit as st

from explorer.cache import MAX_INPUT_CHARS, TRACE_CACHE_ENTRIES, get_pack
from explorer.problems import show_problem
from models.net.decoding import InputError
from models.net.gradients import RATIO_LENGTHS, SourceGradients, Sweep, length_sweep, sentence_gradients, sweep_sample
from models.packs.data import bucket_labels
from models.packs.pack import PackError, pretrained_root


def get_gradients(pack_name: str, model: str, sentence: str) -> SourceGradients:
    """g_ij for one sentence along the model's greedy output. Raises PackError or InputError."""
    return _gradients(str(pretrained_root()), pack_name, model, sentence)


@st.cache_data(max_entries=TRACE_CACHE_ENTRIES // 4, show_spinner=False)
def _gradients(root: str, pack_name: str, model: str, sentence: str) -> SourceGradients:
    m = get_pack(pack_name).model(model)  # (root keys the cache: get_pack reads the same folder)
    return sentence_gradients(m.model, m.src_vocab, m.tgt_vocab, sentence[:MAX_INPUT_CHARS])


def gradients_or_message(pack_name: str, model: str, sentence: str) -> SourceGradients | None:
    """The sentence's gradients, or None after showing the problem."""
    try:
        return get_gradients(pack_name, model, sentence)
    except (PackError, InputError) as e:
        show_problem(model, e)
        return None


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
    return length_sweep(m.model, m.src_vocab, sweep_sample(pack.test, lo, hi), tgt_vocab=m.tgt_vocab)


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
