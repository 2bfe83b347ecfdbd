"""Guided alignment (TrainConfig.align_weight): the gold weights, the loss term, and that it steers attention."""

import math
import random

import pytest
import torch

from models.evaluation.evaluate import alignment_counts, alignment_error_rate
from models.net.decoding import forced_weights_many
from models.packs.data import Example, Splits
from models.training.alignment import alignment_loss, gold_weights
from models.training.batches import encode_pairs
from models.training.config import TrainConfig
from models.training.loop import train_model
from models.training.packs import build_vocabs

WORDS = ["ant", "bee", "cat", "dog", "eel", "fox", "gnu", "hen", "ibis", "jay"]


def test_gold_weights_spread_each_row_evenly_over_its_links_and_leave_the_rest_zero():
    pairs = [([5, 6, 7], [8, 9], [(0, 0), (2, 0), (1, 1)]), ([5, 6], [8, 9, 10], [(1, 2)])]
    gold = gold_weights(pairs, [1, 0], (4, 3))  # batch order follows idx; padded to T = 4, S = 3
    assert gold.shape == (2, 4, 3)
    assert torch.equal(gold[1, 0], torch.tensor([0.5, 0.0, 0.5]))  # two links: half each
    assert torch.equal(gold[1, 1], torch.tensor([0.0, 1.0, 0.0]))
    assert torch.equal(gold[0, 2], torch.tensor([0.0, 1.0, 0.0]))
    rows = gold.sum(-1)
    assert torch.equal(rows, torch.tensor([[0.0, 0.0, 1.0, 0.0], [1.0, 1.0, 0.0, 0.0]]))  # unlinked rows stay 0


def test_alignment_loss_is_the_cross_entropy_over_linked_rows_only():
    gold = torch.tensor([[[0.5, 0.5, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 1.0]]])
    weights = torch.tensor([[[0.25, 0.25, 0.5], [1.0, 0.0, 0.0], [0.2, 0.3, 0.5]]])
    expected = (-math.log(0.25) + -math.log(0.5)) / 2  # row 1 has no link and does not count
    assert alignment_loss(weights, gold).item() == pytest.approx(expected)
    # Gibbs: for a one-hot gold row the loss is 0 exactly when the weights equal it
    assert alignment_loss(gold[:, 2:], gold[:, 2:]).item() == pytest.approx(0.0, abs=1e-6)
    assert alignment_loss(weights, torch.zeros_like(gold)).item() == 0.0  # nothing linked: no pull


def test_encode_pairs_keeps_the_links_inside_the_truncated_sentences():
    splits = Splits([Example("ant bee cat", "A B C", 3, {"alignment": [[0, 0], [1, 1], [2, 2]]})], [], [])
    src, tgt = build_vocabs(splits, "word", "word")
    cfg = TrainConfig.from_dict({"max_source_len": 2, "max_output_len": 4}).model_config("dot", len(src), len(tgt))
    assert encode_pairs(splits.train, src, tgt, cfg)[0][2] == [(0, 0), (1, 1)]  # source cut to 2 words


def _reversal_splits(gold: str, n: int = 400) -> Splits:
    """The target is the source reversed, in capitals. `gold` says which alignment the examples carry: the true
    one ("reversed") or a deliberately wrong one ("diagonal") that attention would never find by itself."""
    rng = random.Random(0)
    examples = []
    for _ in range(n):
        words = [rng.choice(WORDS) for _ in range(rng.randint(3, 7))]
        k = len(words)
        links = [[j, k - 1 - j] for j in range(k)] if gold == "reversed" else [[j, j] for j in range(k)]
        examples.append(Example(" ".join(words), " ".join(w.upper() for w in reversed(words)), k, {"alignment": links}))
    return Splits(train=examples[40:], valid=examples[:20], test=examples[20:40])


def _aer(model, src, tgt, examples) -> float:
    weights = forced_weights_many(model, src, tgt, [(e.source, e.target) for e in examples])
    return alignment_error_rate(
        [alignment_counts(w, e.meta["alignment"]) for w, e in zip(weights, examples, strict=True)]
    )


@pytest.mark.parametrize("align_weight", [0.0, 2.0])
def test_guided_attention_follows_the_gold_alignment_and_unguided_attention_does_not(align_weight):
    splits = _reversal_splits("diagonal")  # the gold says "look at the same position"; the truth is reversed
    src, tgt = build_vocabs(splits, "word", "word")
    flat = {"epochs": 12, "batch_size": 16, "embed_size": 16, "hidden_size": 32, "lr": 1e-2, "threads": 1}
    cfg = TrainConfig.from_dict({**flat, "align_weight": align_weight, "bidirectional": True})
    model, history = train_model("dot", splits, src, tgt, cfg, [splits.valid[0].source], progress=False)
    aer = _aer(model, src, tgt, splits.test)
    if align_weight:
        assert aer < 0.15  # attention goes where the gold says, even where the gold is wrong
    else:
        assert aer > 0.5  # left alone, dot attention does not look at the diagonal of a reversal
    assert history.train_config["align_weight"] == align_weight
