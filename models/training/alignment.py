"""Guided alignment: a second loss term that pulls an attention model's weights towards a gold word alignment.

    loss = cross-entropy of the translation + align_weight * alignment_loss

Chen et al. 2016, "Guided alignment training for topic-aware NMT"; Liu et al. 2016, "Neural machine translation
with supervised attention". It acts only in training: translating computes the weights from the model's own
scores, with no gold alignment.
"""

from __future__ import annotations

import torch


def gold_weights(pairs, idx, shape: tuple[int, int]) -> torch.Tensor:
    """The gold alignment as attention weights g, (B, T, S) for the batch `idx` of `pairs` padded to (T, S):

        g_ij = 1 / |A_i|  for j in A_i,  else 0

    where A_i is the set of source words the gold alignment links to output token i. Rows with no link (the
    final <eos>, words with no counterpart) and padding are 0."""
    gold = torch.zeros(len(idx), *shape)
    links = [(b, i, j) for b, k in enumerate(idx) for j, i in pairs[k][2]]
    if links:
        b, i, j = torch.tensor(links).unbind(1)
        gold[b, i, j] = 1.0
    return gold / gold.sum(-1, keepdim=True).clamp(min=1.0)


def alignment_loss(weights: torch.Tensor, gold: torch.Tensor) -> torch.Tensor:
    """The cross-entropy between the gold alignment g (`gold_weights`) and the attention weights c, both (B, T, S),
    averaged over the output tokens that have a gold link:

        alignment_loss = -1/|R| * sum_{(b, i) in R} sum_j g_bij log c_bij,    R = {(b, i) : sum_j g_bij > 0}

    It is 0 when the weights equal a one-hot gold row, and 0 when nothing in the batch is linked (no pull)."""
    rows = gold.sum(-1) > 0  # (B, T)
    if not rows.any():
        return weights.new_zeros(())
    cross = -(gold * torch.log(weights.clamp(min=1e-9))).sum(-1)  # (B, T)
    return cross[rows].mean()
