"""Copying through attention: the pointer-generator of See et al. (2017), shared by every family that has it.

At output step i a copy model mixes two distributions over words: what its output layer writes (the vocabulary
distribution) and what its attention points at (the copy distribution, the attention row c_i itself):

    p_gen_i = σ(w · [a_i ; s_i ; y_{i-1}] + b)                      how much step i generates rather than copies
    P_i(w)  = p_gen_i · P_vocab,i(w) + (1 − p_gen_i) · Σ_{j: x_j = w} c_ij

a_i is the context the copy head reads, s_i the decoder's state, y_{i-1} the embedding of the token fed in (each
family says which of its vectors these are: models/net/gru.py, models/net/transformer.py). Both parts sum to 1, so
P_i does too.

Extended vocabulary. The copy part puts mass on source *words*, which the target vocabulary may not have: a name
or a city the model never saw. Each sentence gets its own extension: the source words the target vocabulary lacks
are numbered V, V + 1, ... in the order they first occur (`source_map`), and P_i is a distribution over V + n_ext
ids. A source word the target vocabulary has copies onto its own id. An extended id is a word that can only be
copied: fed back to the decoder it reads as <unk>, or as <copied:k> in a model trained with an order (`fed_ids`),
and it is written as the source word (`decode_ids`).

A copy model's "logits" are log P_i over the extended vocabulary (`mix`): softmax gives P_i back, argmax and
log_softmax work unchanged, and cross-entropy against extended target ids is the pointer-generator's loss; so
greedy, beam search, training and evaluation treat a copy model as any other.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from models.text.vocab import PAD_ID, SPECIALS, UNK_ID, Vocab

TINY = 1e-12  # log P of a word neither part gives any mass to: finite, so the loss and beam scores stay finite


@dataclass(frozen=True)
class SourceMap:
    """One sentence's extended vocabulary: the target id each source token copies onto, and the words added."""

    ids: list[int]  # (S,) target-vocabulary id of source token j, or V + k for the k-th word it lacks
    words: list[str]  # the words with ids V, V + 1, ...: source words the target vocabulary lacks


def source_map(tokens: list[str], tgt_vocab: Vocab, src_vocab: Vocab) -> SourceMap:
    """The extended ids of source tokens: their own target id when the target vocabulary knows them, else V + k.

    k numbers the words the target vocabulary lacks (a word twice gets one id): first those the source vocabulary
    lacks too, in order of first occurrence (the names, cities and numbers only a copy model writes), then the
    others (in en-fr, most English words). The first are the source's unknown words by order (models/text/unknown.py):
    the word the source reads as <unk:n> is V + n - 1, and a model with an order is fed <copied:n> after copying it.
    The numbering is the same whatever the order: a model without one reads every copied word as <unk>."""
    lacking = [t for t in tokens if not tgt_vocab.is_known(t)]
    words = list(dict.fromkeys([t for t in lacking if t not in src_vocab.index] + lacking))
    number = {w: len(tgt_vocab) + k for k, w in enumerate(words)}
    return SourceMap([tgt_vocab.index[t] if tgt_vocab.is_known(t) else number[t] for t in tokens], words)


def target_ids(tokens: list[str], tgt_vocab: Vocab, smap: SourceMap) -> list[int]:
    """A reference's ids in the extended vocabulary: a word the target vocabulary lacks but the source has is its
    extended id (the word to copy); any other unknown word is <unk>."""
    V, ids = len(tgt_vocab), []
    for t in tokens:
        if tgt_vocab.is_known(t) or t in SPECIALS:
            ids.append(tgt_vocab.index[t])
        else:
            ids.append(V + smap.words.index(t) if t in smap.words else UNK_ID)
    return ids


def decode_ids(ids, tgt_vocab: Vocab, words: list[str]) -> list[str]:
    """Tokens of extended ids: the target vocabulary's, then the sentence's copied words (V + k -> words[k])."""
    V = len(tgt_vocab)
    return [tgt_vocab.tokens[i] if i < V else words[i - V] for i in ids]


def fed_ids(ids: torch.Tensor, vocab_size: int, copied: int = 0) -> torch.Tensor:
    """Token ids as the decoder reads them: an extended id (a copied word) is <unk> to its embedding; with `copied` K
    (a model trained with an order, models/text/unknown.py), the k-th copied word V + k (k < K) is <copied:k+1>,
    which the target vocabulary holds right after the specials."""
    if not copied:
        return ids.masked_fill(ids >= vocab_size, UNK_ID)
    k = ids - vocab_size  # (...): ≥ 0 for a copied word
    numbered = torch.where(k < copied, len(SPECIALS) + k, UNK_ID)
    return torch.where(k >= 0, numbered, ids)


def pad_maps(maps: list[list[int]], width: int) -> torch.Tensor:
    """(B, width) extended source ids, PAD_ID after each row's end (padding has copy weight 0 anyway)."""
    return torch.tensor([m + [PAD_ID] * (width - len(m)) for m in maps], dtype=torch.long)


class CopySwitch(nn.Module):
    """p_gen = σ(w · features + b): the generate-or-copy switch, one number per step."""

    def __init__(self, features: int):
        super().__init__()
        self.w = nn.Linear(features, 1)

    def forward(self, *parts: torch.Tensor) -> torch.Tensor:
        """parts (..., d_1), (..., d_2), ... concatenated: [a_i ; s_i ; y_{i-1}] -> p_gen (..., 1)."""
        return torch.sigmoid(self.w(torch.cat(parts, dim=-1)))  # (..., 1)


def mix(logits: torch.Tensor, weights: torch.Tensor, p_gen: torch.Tensor, src_ext: torch.Tensor, n_ext: int):
    """log P_i(w) = log(p_gen · P_vocab(w) + (1 − p_gen) · Σ_{j: x_j = w} c_ij) over the extended vocabulary.

    logits (B, T, V) or (B, V): the output layer's; weights (B, T, S) or (B, S): the copy head's c_ij (rows sum to
    1, padding 0); p_gen (B, T, 1) or (B, 1); src_ext (B, S) the extended id of each source token; n_ext: how many
    extended ids the batch needs (V + n_ext columns). Returns log P (B, T, V + n_ext) or (B, V + n_ext).
    """
    vocab = torch.softmax(logits, dim=-1)  # (B, T, V) P_vocab
    generated = p_gen * vocab  # (B, T, V)
    if n_ext:
        generated = torch.cat([generated, generated.new_zeros(*generated.shape[:-1], n_ext)], dim=-1)  # (B, T, V + n)
    copied = (1 - p_gen) * weights  # (B, T, S): each source position's share of the copy mass
    index = src_ext if weights.dim() == 2 else src_ext.unsqueeze(1).expand_as(weights)  # (B, T, S)
    mixed = generated.scatter_add(-1, index, copied)  # (B, T, V + n): Σ over positions j holding the same word
    return torch.log(mixed.clamp_min(TINY))


def target_log_probs(logits, weights, p_gen, src_ext, targets) -> torch.Tensor:
    """log P_i(y_i) of the targets alone (B, T): `mix` at the target ids, all training's loss needs. The whole
    mixture over V + n_ext ids doubled a training step on en-fr's 7,700 words; this costs little more than the plain
    model's cross-entropy. logits (B, T, V), weights (B, T, S), p_gen (B, T, 1), src_ext (B, S), targets (B, T)."""
    V = logits.size(-1)
    in_vocab = targets < V  # (B, T): an extended id gets nothing from the output layer
    log_vocab = torch.log_softmax(logits, dim=-1)  # (B, T, V)
    vocab = log_vocab.gather(-1, targets.clamp(max=V - 1).unsqueeze(-1)).squeeze(-1).exp() * in_vocab  # (B, T)
    copy = (weights * (src_ext.unsqueeze(1) == targets.unsqueeze(-1))).sum(-1)  # (B, T): Σ_{j: x_j = y_i} c_ij
    p = p_gen.squeeze(-1)  # (B, T)
    return torch.log((p * vocab + (1 - p) * copy).clamp_min(TINY))


def source_ids(src_ext: torch.Tensor | None, src: torch.Tensor, vocab_size: int) -> tuple[torch.Tensor, int]:
    """src_ext (B, S) and n_ext (the extended ids past the target vocabulary's V) for a batch; without a source map every source word copies onto <unk> (n_ext 0): the
    distribution still sums to 1, and a caller that never writes copied words (gradients, analysis) needs none."""
    if src_ext is None:
        return torch.full_like(src, UNK_ID), 0
    return src_ext, 0 if src_ext.numel() == 0 else max(0, int(src_ext.max()) + 1 - vocab_size)


@dataclass
class CopyParts:
    """What a recorded pass keeps of the mixture, batch first: p_gen (B, T), P_vocab (B, T, V), copy weights c_ij
    (B, T, S)."""

    p_gen: torch.Tensor
    vocab: torch.Tensor
    weights: torch.Tensor

    def readout(self) -> dict[str, torch.Tensor]:
        return {"p_gen": self.p_gen, "vocab_probs": self.vocab, "copy_weights": self.weights}
