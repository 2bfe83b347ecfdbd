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

from models.decoding import InputError, _trace_from, encode_source
from models.seq2seq import Seq2Seq
from models.trace import Trace
from models.vocab import EOS_ID, SOS_ID, Vocab

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
    if model.attention is None:
        raise ValueError("a model without attention has no weights to replace")
    if mode not in WHATIF_MODES:
        raise ValueError(f"mode must be one of {WHATIF_MODES}, got {mode!r}")
    enc = encode_source(text, src_vocab, model.config.max_source_len)
    S = len(enc.ids)
    if mode == "gold" and not gold:
        raise InputError("this sentence has no gold alignment: pick a test sentence of a pack that has them")
    if mode == "mask" and (masked is None or not 0 <= masked < S or S < 2):
        raise InputError("masking needs a sentence of at least two words and the position of one of them")
    rows = gold_rows(gold, S) if mode == "gold" else {}
    cfg, gru = model.config, model.decoder
    max_len = cfg.max_output_len
    keys, final, _ = model.encode(torch.tensor([enc.ids]), torch.tensor([S]))  # (1, S, H), (1, H)
    projected = model.attention.project_keys(keys)
    H = keys.size(-1)
    O = cfg.output_size or H
    queries, contexts, outputs = torch.empty(max_len, H), torch.empty(max_len, H), torch.empty(max_len, O)
    logits_all = torch.empty(max_len, cfg.tgt_vocab_size)
    scores_all, weights_all = torch.empty(max_len, S), torch.empty(max_len, S)
    forced = np.zeros(max_len, dtype=bool)
    hidden, prev, out, first = final, torch.tensor([SOS_ID]), [], None
    for t in range(max_len):
        # Seq2Seq.step's operations, with the weights replaced between the softmax and the context.
        embedded = F.embedding(prev, model.tgt_embed.weight)  # (1, E)
        hidden = torch.gru_cell(
            embedded, hidden, gru.weight_ih_l0, gru.weight_hh_l0, gru.bias_ih_l0, gru.bias_hh_l0
        )  # s_i (1, H)
        scores, weights, context = model.attention.step(hidden, keys, None, projected)  # (1, S), (1, S), (1, H)
        replaced = None
        if mode == "uniform":
            replaced = torch.full((1, S), 1.0 / S)
        elif mode == "gold" and t in rows:
            replaced = torch.tensor(rows[t], dtype=weights.dtype).unsqueeze(0)
        elif mode == "mask":
            replaced = F.softmax(scores.masked_fill(torch.arange(S) == masked, float("-inf")), dim=-1)
        elif mode == "frozen" and first is not None:
            replaced = first
        if replaced is not None:
            weights, forced[t] = replaced, True
            context = torch.bmm(weights.unsqueeze(1), keys).squeeze(1)  # a_i = sum_j c_ij h_j, (1, H)
        if first is None:
            first = weights
        output = torch.tanh(
            F.linear(torch.cat([context, hidden], dim=-1), model.combine.weight, model.combine.bias)
        )  # o_i (1, O)
        step_logits = F.linear(output, model.out.weight, model.out.bias)  # (1, V)
        queries[t], contexts[t], outputs[t], logits_all[t] = hidden[0], context[0], output[0], step_logits[0]
        scores_all[t], weights_all[t] = scores[0], weights[0]
        prev = step_logits.argmax(-1)
        out.append(int(prev))
        if out[-1] == EOS_ID:
            break
    n = len(out)
    rec = dict(queries=queries, scores=scores_all, weights=weights_all, contexts=contexts, outputs=outputs)
    rec = {name: v[:n] for name, v in rec.items()}
    rec.update(probs=F.softmax(logits_all[:n], -1), ids=torch.tensor(out), keys=keys[0], final=final[0])
    return WhatIf(mode, _trace_from(model, enc, tgt_vocab, rec, k), forced[:n])


def changed_tokens(own: list[str], other: list[str]) -> list[bool]:
    """For each token of `other`, whether it differs from `own`: not part of their longest matching blocks
    (difflib), so one inserted word marks that word, not every word after it."""
    changed = [True] * len(other)
    for block in difflib.SequenceMatcher(a=own, b=other, autojunk=False).get_matching_blocks():
        changed[block.b : block.b + block.size] = [False] * block.size
    return changed
