"""From examples to tensors: token ids with their gold links, batches of similar length, padded tensors.

A copy model (models/net/pointer.py) trains on extended ids: each pair keeps its source map (the extended target id
of every source token) and its target in extended ids, where a word the target vocabulary lacks but the source has
is the id of that source word; the loss is then the pointer-generator's, -log P_i(y_i) of the mixture."""

from __future__ import annotations

import random
from typing import NamedTuple

import torch

from models.net.batch import pad
from models.net.pointer import pad_maps, source_map, target_ids
from models.packs.data import Example
from models.text.vocab import EOS_ID, SOS_ID, Vocab


class Pair(NamedTuple):
    """One training pair: source ids, target ids, gold links (source index, target index) within both; for a copy
    model, the source map (extended id of each source token) and the target in extended ids."""

    src: list[int]
    tgt: list[int]
    links: list[tuple[int, int]]
    src_ext: list[int] | None = None
    tgt_ext: list[int] | None = None


def encode_pairs(examples: list[Example], src_vocab: Vocab, tgt_vocab: Vocab, cfg) -> list[Pair]:
    """A Pair for each example with a source (cfg: the model's config: its lengths, and whether it copies); the
    links are empty where the example has no gold alignment."""
    pairs = []
    copy = bool(getattr(cfg, "copy", False))
    for ex in examples:
        src_tokens = src_vocab.tokenize(ex.source)[: cfg.max_source_len]
        tgt_tokens = tgt_vocab.tokenize(ex.target)[: cfg.max_output_len - 1]
        src, tgt = src_vocab.encode(src_tokens), tgt_vocab.encode(tgt_tokens)
        links = [(j, i) for j, i in ex.meta.get("alignment", ()) if j < len(src) and i < len(tgt)]
        if not src:
            continue
        if copy:
            smap = source_map(src_tokens, tgt_vocab, src_vocab)
            pairs.append(Pair(src, tgt, links, smap.ids, target_ids(tgt_tokens, tgt_vocab, smap)))
        else:
            pairs.append(Pair(src, tgt, links))
    return pairs


def make_batches(pairs: list[Pair], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Batches (lists of indices into `pairs`) of similar source length (little padding), in a shuffled order."""
    order = sorted(range(len(pairs)), key=lambda i: (len(pairs[i][0]), rng.random()))
    batches = [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
    rng.shuffle(batches)
    return batches


def collate(pairs, idx):
    """Padded source (B, S), lengths (B,), decoder input (B, T) = <sos> y, decoder target (B, T) = y <eos>. A copy
    model's decoder input is in extended ids, as its own outputs are when it decodes: its `fed_ids` reads a copied
    word as <unk>, or as <copied:k> (models/net/pointer.py), the same in training as in decoding."""
    src, lengths = pad([pairs[i][0] for i in idx])
    tgts = [pairs[i][1] for i in idx]
    fed = [pairs[i].tgt_ext if pairs[i].tgt_ext is not None else pairs[i].tgt for i in idx]
    tgt_in, _ = pad([[SOS_ID, *t] for t in fed])
    tgt_out, _ = pad([[*t, EOS_ID] for t in tgts])
    return src, lengths, tgt_in, tgt_out


def copy_targets(pairs: list[Pair], idx) -> tuple[torch.Tensor, torch.Tensor] | None:
    """A copy model's batch: the source maps (B, S) and the decoder target in extended ids (B, T) = y <eos>, laid
    out as collate's; None for pairs of a model that does not copy."""
    if pairs[idx[0]].src_ext is None:
        return None
    width = max(len(pairs[i].src) for i in idx)
    tgt_out, _ = pad([[*pairs[i].tgt_ext, EOS_ID] for i in idx])
    return pad_maps([pairs[i].src_ext for i in idx], width), tgt_out
