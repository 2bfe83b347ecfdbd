"""What-if attention: greedy decoding with the attention weights replaced, to show that attention is causal.

At every decoder step i the model computes its own weights c_ij = softmax_j(e_ij); an experiment replaces
them before the context a_i = sum_j c_ij h_j is formed, and everything downstream (FC, output, the next
token fed back) follows from the replaced weights:

    own       c_ij                                     (the model's own attention: plain greedy decoding)
    uniform   c_ij = 1 / S                             (a_i is the mean of the keys)
    gold      c_ij = 1 / |A_i| for j in A_i            (A_i: source words the gold alignment links to
                                                        reference word i; steps without a link keep c_ij)
    mask      c_ij = softmax_j(e_ij), e_im = -inf      (source word m gets weight 0 at every step)
    frozen    c_ij = c_1j for every i                  (the context frozen at its first step: a_i = a_1)
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from models.messages import N_
from models.net.decoding import InputError, encode_source, greedy_ids, recorded_trace
from models.net.gru import Seq2Seq
from models.net.trace import Trace
from models.text.vocab import Vocab

WHATIF_MODES = ("own", "uniform", "gold", "mask", "frozen")
EXPERIMENTS = WHATIF_MODES[1:]  # what the page offers beside the model's own attention


@dataclass
class WhatIf:
    mode: str
    trace: Trace  # weights are the weights USED; scores are the model's own raw scores e_ij
    forced: np.ndarray  # (T,) True on steps whose weights the experiment set (gold: steps with a link)


def gold_rows(links: list[list[int]], n_source: int) -> dict[int, np.ndarray]:
    """Gold links [(source j, reference i), ...] as weight rows: reference step i -> (S,) uniform over its words."""
    rows: dict[int, np.ndarray] = {}
    for j, i in links:
        if 0 <= j < n_source and i >= 0:
            rows.setdefault(i, np.zeros(n_source))[j] = 1.0
    return {i: row / row.sum() for i, row in rows.items()}


@torch.inference_mode()
def whatif_decode(
    model: Seq2Seq,
    src_vocab: Vocab,
    tgt_vocab: Vocab,
    text: str,
    mode: str,
    *,
    gold: list[list[int]] | None = None,
    masked: int | None = None,
    k: int = 5,
) -> WhatIf:
    """Greedy decoding of `text` with the attention weights replaced as `mode` says (see the module docstring).

    `gold` (links, for mode "gold") and `masked` (a source position, for mode "mask") are needed by their mode.
    Raises InputError for empty input, a missing gold alignment, or a masked position out of range (or the
    only word); ValueError for a model without attention or an unknown mode.
    """
    if not model.uses_attention:
        raise ValueError("a model without attention has no weights to replace")
    if mode not in WHATIF_MODES:
        raise ValueError(f"mode must be one of {WHATIF_MODES}, got {mode!r}")
    enc = encode_source(text, src_vocab, model.config.max_source_len)
    S = len(enc.ids)
    if mode == "gold" and not gold:
        raise InputError(N_("this sentence has no gold alignment: pick a test sentence of a pack that has them"))
    if mode == "mask" and (masked is None or not 0 <= masked < S or S < 2):
        raise InputError(N_("masking needs a sentence of at least two words and the position of one of them"))
    rows = gold_rows(gold, S) if mode == "gold" else {}
    forced = np.zeros(model.config.max_output_len, dtype=bool)
    used: list[torch.Tensor] = []  # the weights each step formed its context from, (1, S)

    def reweight(t: int, scores: torch.Tensor, weights: torch.Tensor) -> torch.Tensor | None:
        """The weights step t uses instead of the model's own (1, S), or None to keep them."""
        replaced = None
        if mode == "uniform":
            replaced = torch.full((1, S), 1.0 / S)
        elif mode == "gold" and t in rows:
            replaced = torch.tensor(rows[t], dtype=weights.dtype).unsqueeze(0)
        elif mode == "mask":
            replaced = F.softmax(scores.masked_fill(torch.arange(S) == masked, float("-inf")), dim=-1)
        elif mode == "frozen" and used:
            replaced = used[0]
        forced[t] = replaced is not None
        used.append(weights if replaced is None else replaced)
        return replaced

    memory = model.encode(torch.tensor([enc.ids]), torch.tensor([len(enc.ids)]))
    states: list = []
    out = greedy_ids(model, enc.ids, reweight=reweight, memory=memory, states=states)
    # The trace is recorded as every trace is (one teacher-forced pass over the output), with the weights used.
    weights = torch.cat(used).unsqueeze(0) if forced.any() else None  # (1, T, S); None: the model's own
    trace = recorded_trace(model, enc, tgt_vocab, out, k, weights=weights, memory=memory, step_states=states)
    return WhatIf(mode, trace, forced[: len(out)])


def changed_tokens(own: list[str], other: list[str]) -> list[bool]:
    """For each token of `other`, whether it differs from `own`: not part of their longest matching blocks
    (difflib), so one inserted word marks that word, not every word after it."""
    changed = [True] * len(other)
    for block in difflib.SequenceMatcher(a=own, b=other, autojunk=False).get_matching_blocks():
        changed[block.b : block.b + block.size] = [False] * block.size
    return changed
