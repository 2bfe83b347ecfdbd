"""From examples to tensors: token ids with their gold links, batches of similar length, padded tensors."""

from __future__ import annotations

import random

from models.net.batch import pad
from models.net.gru import ModelConfig
from models.packs.data import Example
from models.text.vocab import EOS_ID, SOS_ID, Vocab

# One training pair: (source ids, target ids, gold links (source index, target index) within both).
Pair = tuple[list[int], list[int], list[tuple[int, int]]]


def encode_pairs(examples: list[Example], src_vocab: Vocab, tgt_vocab: Vocab, cfg: ModelConfig) -> list[Pair]:
    """(source ids, target ids, gold links (source index, target index) within both) for each example with a
    source; the links are empty where the example has no gold alignment."""
    pairs = []
    for ex in examples:
        src = src_vocab.encode_text(ex.source, cfg.max_source_len)
        tgt = tgt_vocab.encode_text(ex.target, cfg.max_output_len - 1)
        links = [(j, i) for j, i in ex.meta.get("alignment", ()) if j < len(src) and i < len(tgt)]
        if src:
            pairs.append((src, tgt, links))
    return pairs


def make_batches(pairs: list[Pair], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Batches (lists of indices into `pairs`) of similar source length (little padding), in a shuffled order."""
    order = sorted(range(len(pairs)), key=lambda i: (len(pairs[i][0]), rng.random()))
    batches = [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
    rng.shuffle(batches)
    return batches


def collate(pairs, idx):
    """Padded source (B, S), lengths (B,), decoder input (B, T) = <sos> y, decoder target (B, T) = y <eos>."""
    src, lengths = pad([pairs[i][0] for i in idx])
    tgts = [pairs[i][1] for i in idx]
    tgt_in, _ = pad([[SOS_ID, *t] for t in tgts])
    tgt_out, _ = pad([[*t, EOS_ID] for t in tgts])
    return src, lengths, tgt_in, tgt_out
