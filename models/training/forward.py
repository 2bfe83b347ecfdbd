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
from models.training.batches import collate, copy_targets


def teacher_forced(model: Model, src, lens, tgt_in, with_weights: bool, src_ext=None, tgt_out=None):
    """The decoder fed the reference's previous tokens: logits (B, T, V), and with `with_weights` the attention
    weights c_ij (B, T, S) too (else None). Guided alignment needs the weights; without it the plain forward pass
    is enough. `src_ext` (B, S) and `tgt_out` (B, T): a copy model's source maps and extended targets; what it
    returns is then log P_i(y_i) of the targets alone (B, T) (models/net/pointer.py: target_log_probs)."""
    extra = {} if src_ext is None else {"src_ext": src_ext, "targets": tgt_out}
    if with_weights:
        rec = model.record(src, lens, tgt_in, **extra)
        return rec.logits, rec.map("cross").alignment()  # models/net/family.py: ALIGNMENT_HEAD
    return model(src, lens, tgt_in, **extra), None


def batch_of(pairs, idx):
    """collate's tensors, with a copy model's source maps and extended targets: (src, lens, tgt_in, tgt_out,
    src_ext or None); tgt_out is then in extended ids, so the loss is the mixture's."""
    src, lens, tgt_in, tgt_out = collate(pairs, idx)
    copy = copy_targets(pairs, idx)
    if copy is None:
        return src, lens, tgt_in, tgt_out, None
    return src, lens, tgt_in, copy[1], copy[0]


def translation_loss(logits, tgt_out, reduction: str = "mean"):
    """The cross-entropy per target token (padding left out): from logits (B, T, V), or from a copy model's
    log P_i(y_i) (B, T) of the targets (teacher_forced with a source map), -log P_i(y_i)."""
    if logits.dim() == 3:
        return F.cross_entropy(logits.flatten(0, 1), tgt_out.flatten(), ignore_index=PAD_ID, reduction=reduction)
    real = tgt_out != PAD_ID  # (B, T)
    total = -(logits * real).sum()
    return total if reduction == "sum" else total / real.sum().clamp_min(1)


@torch.no_grad()
def mean_loss(model: Model, pairs, batch_size: int) -> float:
    """The cross-entropy per target token (<eos> included) over `pairs` (models/training/batches.py)."""
    model.eval()
    total, count = 0.0, 0
    for start in range(0, len(pairs), batch_size):
        src, lens, tgt_in, tgt_out, src_ext = batch_of(pairs, range(start, min(start + batch_size, len(pairs))))
        logits, _ = teacher_forced(model, src, lens, tgt_in, with_weights=False, src_ext=src_ext, tgt_out=tgt_out)
        total += translation_loss(logits, tgt_out, "sum").item()
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
