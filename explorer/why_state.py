"""State for the "why attention" pages (Gradients, What-if): cached results and their URL parameters.

Like explorer.state: results are cached per (pack, model, sentence, ...) and returned as a message string when
they cannot be computed; the length sweep is computed once per (pack, model) per process. URL parameters are
read here, as typed values, so the pages never parse st.query_params:

    ?model=dot       the attention model (shared with the Attention page)
    ?whatif=uniform  the what-if experiment: uniform | gold | mask | frozen
    ?mask=3          the masked source word, counted from 1
    ?lengths=31-40   the length bucket of the gradient sweep
"""

from __future__ import annotations

import streamlit as st

from explorer.state import MAX_INPUT_CHARS, TRACE_CACHE_ENTRIES, get_pack, gold_alignments
from models.data import bucket_labels
from models.decoding import InputError
from models.gradients import RATIO_LENGTHS, SourceGradients, Sweep, length_sweep, sentence_gradients, sweep_sample
from models.whatif import EXPERIMENTS, WhatIf, whatif_decode


def _param(name: str) -> str:
    value = st.query_params.get(name, "")
    return value if isinstance(value, str) else ""


@st.cache_data(max_entries=TRACE_CACHE_ENTRIES // 4, show_spinner=False)
def get_gradients(pack_name: str, model: str, sentence: str) -> SourceGradients | str:
    """g_ij for one sentence along the model's greedy output, or a message for a person."""
    pack = get_pack(pack_name)
    if isinstance(pack, str) or model not in pack.models:
        return f"model {model!r} is not available in pack {pack_name!r}"
    m = pack.models[model]
    try:
        return sentence_gradients(m.model, m.src_vocab, m.tgt_vocab, sentence[:MAX_INPUT_CHARS])
    except InputError as e:
        return str(e)


@st.cache_data(max_entries=TRACE_CACHE_ENTRIES // 4, show_spinner=False)
def get_whatif(pack_name: str, model: str, sentence: str, mode: str, masked: int | None = None) -> WhatIf | str:
    """One what-if decoding (models.whatif), or a message for a person."""
    pack = get_pack(pack_name)
    if isinstance(pack, str) or model not in pack.models or not pack.models[model].model.uses_attention:
        return f"model {model!r} is not an attention model of pack {pack_name!r}"
    m = pack.models[model]
    gold = gold_alignments(pack_name).get(sentence.strip()) if mode == "gold" else None
    try:
        return whatif_decode(
            m.model, m.src_vocab, m.tgt_vocab, sentence[:MAX_INPUT_CHARS], mode, gold=gold, masked=masked
        )
    except InputError as e:
        return str(e)


def sweep_buckets(pack_name: str) -> dict[str, tuple[int, int]]:
    """The pack's length buckets that hold test sentences: label -> (lo, hi) words."""
    pack = get_pack(pack_name)
    if isinstance(pack, str) or not pack.test:
        return {}
    edges = pack.task.get("length_edges") or [1]
    longest = max(e.src_len for e in pack.test)
    bounds = [(lo, (nxt - 1) if nxt else longest) for lo, nxt in zip(edges, [*edges[1:], None], strict=True)]
    return {
        name: (lo, hi)
        for name, (lo, hi) in zip(bucket_labels(edges), bounds, strict=True)
        if any(lo <= e.src_len <= hi for e in pack.test)
    }


@st.cache_resource(show_spinner="Measuring the gradients of the test sentences (once per model)…", max_entries=64)
def get_sweep(pack_name: str, model: str, lo: int, hi: int) -> Sweep | None:
    """The gradient length sweep of one model over the test sentences of lo..hi words (models.gradients.main's)."""
    pack = get_pack(pack_name)
    if isinstance(pack, str) or model not in pack.models:
        return None
    m = pack.models[model]
    return length_sweep(m.model, m.src_vocab, sweep_sample(pack.test, lo, hi))


def default_bucket(buckets: dict[str, tuple[int, int]]) -> str:
    """The bucket of the README's ratio (31-40 words) when the pack has it, else its longest bucket."""
    for name, bounds in buckets.items():
        if bounds[0] <= RATIO_LENGTHS[0] and RATIO_LENGTHS[1] <= bounds[1]:
            return name
    return list(buckets)[-1]


def sweep_bucket_from_url(buckets: dict[str, tuple[int, int]]) -> str:
    """?lengths=31-40, if it names one of the buckets; else the default bucket."""
    raw = _param("lengths")
    return raw if raw in buckets else default_bucket(buckets)


def whatif_mode_from_url() -> str:
    """?whatif=gold, if it names an experiment; else uniform weights."""
    raw = _param("whatif")
    return raw if raw in EXPERIMENTS else EXPERIMENTS[0]


def masked_word_from_url(n_source: int) -> int:
    """?mask=3 (counted from 1) as a source position 0..n_source-1; the first word when absent or invalid."""
    raw = _param("mask")
    if raw.isascii() and raw.isdigit() and len(raw) <= 6 and 1 <= int(raw) <= n_source:
        return int(raw) - 1
    return 0


def attention_model_choice(attention_models: list[str], chosen: list[str]) -> None:
    """Set the shared "attention_model" widget state on a first visit: the URL's ?model=, else the sidebar's
    first attention model (as the Attention page does)."""
    current = st.session_state.get("attention_model")
    if current in attention_models:
        return
    url_model = _param("model")
    st.session_state["attention_model"] = (
        url_model
        if url_model in attention_models
        else next((m for m in chosen if m in attention_models), attention_models[0])
    )
