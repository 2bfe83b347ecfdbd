"""Cached packs and decodings, shared by every session of the process.

Models are loaded once per process (st.cache_resource) and shared read-only by every session; decodings are
cached per (pack, model, sentence, width) in bounded caches (st.cache_data). Nothing per user is global.
Every cache is keyed by the packs folder and the pack's name, so two folders never share an entry.
Problems are raised as typed errors (PackError, InputError); explorer.problems shows them.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import streamlit as st

from models.evaluation.analysis import final_states, pca_2d
from models.net.decoding import Decoding, decode
from models.net.trace import Trace
from models.packs.data import Example
from models.packs.pack import Pack, PackError, load_pack, pretrained_root, read_task

MAX_INPUT_CHARS = 2000  # longer text is cut before tokenizing (the model cuts further, with a warning)
BEAM_WIDTHS = (2, 8)  # the beam widths the Translate page offers, smallest and largest


def get_pack(name: str) -> Pack:
    """The loaded pack; raises PackError naming what is wrong with it."""
    return _load_pack(str(pretrained_root()), name)


@st.cache_resource(show_spinner=False)  # the sidebar shows a spinner in the reader's language
def _load_pack(root: str, name: str) -> Pack:
    return load_pack(Path(root) / name)  # a PackError is not cached: a fixed pack loads on the next run


def test_example(pack_name: str, sentence: str) -> Example | None:
    """The test-split example whose source is this sentence (spaces around it ignored), if there is one."""
    return _test_examples(str(pretrained_root()), pack_name).get(sentence.strip())


@st.cache_resource
def _test_examples(root: str, name: str) -> dict[str, Example]:
    return {e.source: e for e in _load_pack(root, name).test}


def gold_alignment(pack_name: str, sentence: str) -> list[list[int]] | None:
    """The gold word alignment (source -> reference links) of a test sentence that carries one."""
    example = test_example(pack_name, sentence)
    return example.meta.get("alignment") or None if example is not None else None


def task_title(name: str) -> str:
    """A pack's title from its task.json alone: listing the packs does not load their models."""
    return _task_title(str(pretrained_root()), name)


@st.cache_resource
def _task_title(root: str, name: str) -> str:
    try:
        return read_task(Path(root) / name).title or name
    except PackError:
        return name


# A trace is ~10 KB (a date) to ~460 KB (80 source tokens, 100 steps of 256 units); 512 of them stay under
# ~240 MB however long the server runs. A classroom needs far fewer: the cache serves the reruns (sliders,
# page switches) of the sentence each student is looking at, for each chosen model.
TRACE_CACHE_ENTRIES = 512


def get_decoding(pack_name: str, model: str, sentence: str, width: int = 1) -> Decoding:
    """Greedy decoding (width 1) or beam search of one sentence by one model of a pack.

    Raises PackError (no such pack or model) or InputError (nothing to decode), for explorer.problems to show.
    """
    if width > 1:
        return _beam(str(pretrained_root()), pack_name, model, sentence, width)
    return _greedy(str(pretrained_root()), pack_name, model, sentence)


def get_trace(pack_name: str, model: str, sentence: str) -> Trace:
    """The greedy trace of one sentence (raises like get_decoding)."""
    return get_decoding(pack_name, model, sentence).trace


def _decode(root: str, pack_name: str, model: str, sentence: str, width: int) -> Decoding:
    m = _load_pack(root, pack_name).model(model)
    return decode(m.model, m.src_vocab, m.tgt_vocab, sentence[:MAX_INPUT_CHARS], width)


@st.cache_data(max_entries=TRACE_CACHE_ENTRIES, show_spinner=False)
def _greedy(root: str, pack_name: str, model: str, sentence: str) -> Decoding:
    return _decode(root, pack_name, model, sentence, 1)


@st.cache_data(max_entries=TRACE_CACHE_ENTRIES // 4, show_spinner=False)
def _beam(root: str, pack_name: str, model: str, sentence: str, width: int) -> Decoding:
    return _decode(root, pack_name, model, sentence, width)


EVERYDAY_WORDS = 12  # the random button picks sentences of everyday length when a word-level pack has them


def random_test_sentence(pack_name: str) -> str | None:
    pack = get_pack(pack_name)
    words = pack.task.src_tokenization == "word"
    short = [e for e in pack.test if e.src_len <= EVERYDAY_WORDS] if words else []
    return random.choice(short or pack.test).source if pack.test else None


def context_projection(pack_name: str, n: int) -> tuple[np.ndarray, np.ndarray, list[str], np.ndarray]:
    """The first `n` test sentences' context vectors (the model without attention), on their first two
    principal components: (points (n, 2), source lengths (n,), sources, explained variance ratio (2,))."""
    return _context_projection(str(pretrained_root()), pack_name, n)


@st.cache_data(max_entries=16, show_spinner=False)  # (the Context page shows a spinner in the reader's language)
def _context_projection(root: str, pack_name: str, n: int):
    pack = _load_pack(root, pack_name)
    examples = pack.test[:n]
    states = final_states(pack.model(pack.bottleneck_model), [e.source for e in examples])
    points, ratio = pca_2d(states)
    return points, np.array([e.src_len for e in examples]), [e.source for e in examples], ratio
