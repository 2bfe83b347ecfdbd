"""Every place training runs the model: the teacher-forced forward pass (a training step, the validation loss)
and greedy decoding (the validation exact match and chrF, the probe snapshots). The model's construction is in
models/training/loop.py (start_run)."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from models.evaluation.evaluate import corpus_chrf
from models.net.decoding import greedy_many_tokens, translate
from models.net.family import Model
from models.packs.data import Example
from models.text.tokenize import plain_text
from models.text.vocab import PAD_ID, Vocab
from models.training.batches import collate


def teacher_forced(model: Model, src, lens, tgt_in, with_weights: bool):
    """The decoder fed the reference's previous tokens: logits (B, T, V), and with `with_weights` the attention
    weights c_ij (B, T, S) too (else None). Guided alignment needs the weights; without it the plain forward pass
    is enough."""
    if with_weights:
        rec = model.record(src, lens, tgt_in)
        return rec.logits, rec.map("cross").alignment()  # models/net/family.py: ALIGNMENT_HEAD
    return model(src, lens, tgt_in), None


@torch.no_grad()
def mean_loss(model: Model, pairs, batch_size: int) -> float:
    """The cross-entropy per target token (<eos> included) over `pairs` (models/training/batches.py)."""
    model.eval()
    total, count = 0.0, 0
    for start in range(0, len(pairs), batch_size):
        src, lens, tgt_in, tgt_out = collate(pairs, range(start, min(start + batch_size, len(pairs))))
        logits, _ = teacher_forced(model, src, lens, tgt_in, with_weights=False)
        total += F.cross_entropy(logits.flatten(0, 1), tgt_out.flatten(), ignore_index=PAD_ID, reduction="sum").item()
        count += int((tgt_out != PAD_ID).sum())
    model.train()
    return total / max(count, 1)


def translation_scores(
    model: Model, src_vocab: Vocab, tgt_vocab: Vocab, examples: list[Example]
) -> tuple[float, float]:
    """The greedy translations of `examples`, scored: (the share exactly right, corpus chrF 0-100).

    One batched decoding for both. The exact match compares the text a person reads (no joiner) on both sides;
    chrF compares the text the target tokenizer writes with the example's target, as eval.json scores it."""
    model.eval()
    tokens = greedy_many_tokens(model, src_vocab, tgt_vocab, [e.source for e in examples])
    model.train()
    exact = sum(tgt_vocab.output_text(t) == plain_text(e.target) for t, e in zip(tokens, examples, strict=True))
    chrf = corpus_chrf([tgt_vocab.detokenize(t) for t in tokens], [e.target for e in examples])
    return exact / max(len(examples), 1), chrf


def probe_snapshot(
    model: Model, src_vocab: Vocab, tgt_vocab: Vocab, probes: list[str], step: int, epoch: float
) -> dict:
    """The probe sentences' greedy decoding and attention weights at this step (one of history.json's snapshots)."""
    model.eval()
    records = []
    for text in probes:
        tr = translate(model, src_vocab, tgt_vocab, text)
        records.append(
            {
                "source": text,
                "source_tokens": tr.source_tokens,
                "output_tokens": tr.output_tokens,
                "weights": None if tr.cross is None else rounded(tr.cross.weights),  # (layers, heads, T, S)
            }
        )
    model.train()
    return {"step": step, "epoch": round(epoch, 3), "probes": records}


def rounded(weights) -> list:
    """An array as nested lists of 4-decimal floats: history.json stays small and diffable."""
    return (weights.astype(float).round(4)).tolist()
