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

Transformer: the same in the cross-attention of every head of every layer (each has its own e_ij, c_ij; frozen
repeats each head's own first step). Its decoder's self-attention over the output so far is left alone.

GPT: it has no cross-attention. Its source is the prompt, and what reads it is the block of each causal row
whose keys are the prompt's S positions (the "cross" block of the trace); the rest of the row goes to <sos> and
the output so far. Every head of every layer, at every step:

    uniform   the row's share of the source, 1 - (the rest), is spread evenly: c_ij = share / S; the rest is kept
    gold      that share spread evenly over A_i instead (steps without a link keep their row)
    mask      e_im = -inf in the whole row: c_im = 0, and the softmax renormalises over every other key it sees
              (the other source words, <sos>, the output so far)
    frozen    c_ij = c_1j on the source block (the source's part of each head's context is frozen, as a_i = a_1);
              the rest of the row keeps its own proportions and shares what is left, 1 - sum_j c_1j

Every family applies one hook, `reweight(scores, weights, layer)` on rows (..., K) whose first S keys are the
source's (models/net/family.py); so one closure serves them all. The prompt's own reading of itself (the GPT's
rows before <sos>) and the Transformer's encoder are never changed: an experiment acts on what the output reads.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from models.messages import N_
from models.net.decoding import InputError, encode_sentence, encode_source, greedy_ids, recorded_trace, with_source_map
from models.net.family import Model
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


def with_source(weights: torch.Tensor, block: torch.Tensor, S: int) -> torch.Tensor:
    """Rows `weights` (..., K) whose first S keys (the source) get `block` (broadcast to (..., S)); the other keys
    (a GPT's <sos> and output so far; none when K = S) keep their proportions and share 1 - sum(block)."""
    block = block.expand(*weights.shape[:-1], S)  # (..., S)
    rest = weights[..., S:]  # (..., K - S)
    if rest.size(-1):
        left = 1 - block.sum(-1, keepdim=True)  # (..., 1)
        rest = rest * left / rest.sum(-1, keepdim=True).clamp_min(torch.finfo(rest.dtype).tiny)
    return torch.cat([block, rest], dim=-1)  # (..., K)


def used_rows(used: dict[int, list[torch.Tensor]]) -> torch.Tensor:
    """The weights each step t used at each layer, used[t][l] (1, ..., K_t), as rows of the map they sit in:
    (1, L, h, T, K), K the longest row; a GPT's shorter rows (earlier steps) padded with 0 on the right."""
    K = max(w.size(-1) for layers in used.values() for w in layers)
    steps = [
        torch.stack([F.pad(w, (0, K - w.size(-1))).reshape(1, -1, 1, K) for w in used[t]], dim=1)  # (1, L, h, 1, K)
        for t in sorted(used)
    ]
    return torch.cat(steps, dim=-2)  # (1, L, h, T, K)


@torch.inference_mode()
def whatif_decode(
    model: Model,
    src_vocab: Vocab,
    tgt_vocab: Vocab,
    text: str,
    mode: str,
    *,
    gold: list[list[int]] | None = None,
    masked: int | None = None,
    k: int = 5,
) -> WhatIf:
    """Greedy decoding of `text` with the attention weights replaced as `mode` says (see the module docstring),
    in the one map of a GRU, in every layer and head of a Transformer or a GPT.

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
    used: dict[int, list[torch.Tensor]] = {}  # step t -> the weights each layer formed its contexts from

    def reweight(t: int, scores: torch.Tensor, weights: torch.Tensor, layer: int = 0) -> torch.Tensor | None:
        """The weights (..., K) step t uses at `layer` instead of the model's own, or None to keep them. The first
        S keys are the source's; a GPT's row goes on to <sos> and the output so far."""
        share = 1 - weights[..., S:].sum(-1, keepdim=True)  # (..., 1) the row's share of the source: 1 when K = S
        replaced = None
        if mode == "uniform":
            replaced = with_source(weights, share / S, S)
        elif mode == "gold" and t in rows:
            replaced = with_source(weights, share * torch.tensor(rows[t], dtype=weights.dtype), S)
        elif mode == "mask":
            hidden = torch.arange(scores.size(-1)) == masked  # (K,)
            replaced = F.softmax(scores.masked_fill(hidden, float("-inf")), dim=-1)
        elif mode == "frozen" and t > 0:
            replaced = with_source(weights, used[0][layer][..., :S], S)
        forced[t] = replaced is not None
        used.setdefault(t, []).append(weights if replaced is None else replaced)
        return replaced

    enc = with_source_map(enc, model, src_vocab, tgt_vocab)
    memory = encode_sentence(model, enc)
    states: list = []
    out = greedy_ids(model, enc.ids, reweight=reweight, memory=memory, states=states)
    # The trace is recorded as every trace is (one teacher-forced pass over the output), with the weights used.
    weights = used_rows(used) if forced.any() else None  # (1, L, h, T, K); None: the model's own
    trace = recorded_trace(model, enc, tgt_vocab, out, k, weights=weights, memory=memory, step_states=states)
    return WhatIf(mode, trace, forced[: len(out)])


def changed_tokens(own: list[str], other: list[str]) -> list[bool]:
    """For each token of `other`, whether it differs from `own`: not part of their longest matching blocks
    (difflib), so one inserted word marks that word, not every word after it."""
    changed = [True] * len(other)
    for block in difflib.SequenceMatcher(a=own, b=other, autojunk=False).get_matching_blocks():
        changed[block.b : block.b + block.size] = [False] * block.size
    return changed


def missing_tokens(own: list[str], other: list[str]) -> int:
    """How many tokens of `own` were dropped in `other`: deleted, or the surplus of a replaced run that is longer
    than its replacement. A replaced token is red in changed_tokens; a dropped one marks nothing red, so this says
    what changed_tokens cannot show ("2019-03-03" → "2019-0-030": the 3 dropped after "0", a 0 inserted later)."""
    dropped = 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=own, b=other, autojunk=False).get_opcodes():
        if op == "delete":
            dropped += i2 - i1
        elif op == "replace":
            dropped += max(0, (i2 - i1) - (j2 - j1))
    return dropped
