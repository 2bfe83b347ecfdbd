"""How much training signal reaches each source word: gradients of log p(y_i) with respect to the source
embeddings, by torch autograd through the shipped weights.

The plain encoder-decoder has two problems (the study note): the whole sentence is squeezed into one
context vector, and the signal for an early source word x_j must travel back through every recurrent step
between it and the decoder (vanishing gradients). For output step i and source word j we measure

    g_ij = || d log p(y_i | y_<i, x) / d embed(x_j) ||_2

where y is the model's own greedy output, fed back as the decoder's input (teacher forcing on it is the greedy
pass itself, and unlike the argmax loop it is differentiable). Without attention every path from x_j to
y_i goes through the encoder's final state; with attention a_i = sum_j c_ij h_j gives a path of one encoder
step from h_j.

One backward pass gives every row g_i.: the sentence is repeated T times as a batch, row i keeps only
log p(y_i), and the rows do not interact, so the gradient of their sum holds each row's own gradient.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from models.net.batch import pad
from models.net.decoding import copies, encode_source, greedy_batch, with_source_map
from models.net.gru import Seq2Seq
from models.net.pointer import pad_maps, source_map
from models.net.registry import name_of
from models.packs.data import Example
from models.text.vocab import SOS_ID, Vocab

# Sentences of this many source words give the README's first/last ratio (the pack's 31-40 bucket).
RATIO_LENGTHS = (31, 40)


Item = tuple[list[int], list[int], list[int]]  # source ids, output ids, the output steps to score
# A pair: source ids and output ids, and for a copy model the source's extended ids (models/net/pointer.py
# `source_map`), so that the copy head mixes its copy distribution into the words the app's decoding does.
Pair = tuple[list[int], list[int]] | tuple[list[int], list[int], list[int]]


def _rows(items: list[Item], maps: list[list[int]] | None):
    """One batch row per (sentence, output step): source ids, decoder inputs, which step each row scores, and a
    copy model's extended source ids (None for any other model)."""
    src, prev, steps, targets, ext = [], [], [], [], []
    for k, (ids, out, chosen) in enumerate(items):
        for i in chosen:
            src.append(ids)
            prev.append([SOS_ID, *out[:i]])  # the decoder's inputs up to step i
            steps.append(i)
            targets.append(out[i])
            ext.append(None if maps is None else maps[k])
    src_t, lens = pad(src)  # (R, S), (R,)
    prev_t, _ = pad(prev)  # (R, T)
    src_ext = None if maps is None else pad_maps(ext, src_t.size(1))  # (R, S)
    return src_t, lens, prev_t, torch.tensor(steps), torch.tensor(targets), src_ext


def _items(pairs: list[Pair], steps: int | None) -> list[Item]:
    """Every output step of each pair, or `steps` of them evenly spaced from the first to the last."""
    if steps is None:
        return [(p[0], p[1], list(range(len(p[1])))) for p in pairs]
    return [(p[0], p[1], sorted({round(x) for x in np.linspace(0, len(p[1]) - 1, steps)})) for p in pairs]


def gradient_vectors(model: Seq2Seq, pairs: list[Pair], steps: int | None = None) -> list[torch.Tensor]:
    """d log p(y_i) / d embed(x_j) for each (source ids, output ids[, extended source ids]) pair: one (T, S, E)
    tensor per pair, or (k, S, E) for k = `steps` output steps evenly spaced from the first to the last.

    `output ids` are fed back as the decoder's inputs and scored; one forward and one backward pass for
    all pairs together (rows are padded; padding gets no gradient: the encoder packs it away or, reading
    left to right, the final state and the attention mask ignore it). A copy model's pairs carry the extended
    source ids, so log p(y_i) is the app's mixture P_i (without them every source word would copy onto <unk>).
    """
    if copies(model) and any(len(p) < 3 for p in pairs):
        raise ValueError("a copy model's pairs need the source's extended ids (models.net.pointer.source_map)")
    items = _items(pairs, steps)
    maps = [list(p[2]) for p in pairs] if copies(model) else None
    src, lens, prev, step_ids, targets, src_ext = _rows(items, maps)
    R = src.size(0)
    with torch.enable_grad():
        embedded = F.embedding(src, model.src_embed.weight).detach().requires_grad_(True)  # (R, S, E) leaf
        # (R, V) or (R, V + n_ext): row r's scored step
        step_logits = model(src, lens, prev, embedded=embedded, at_steps=step_ids, src_ext=src_ext)
        logp = F.log_softmax(step_logits, dim=-1)[torch.arange(R), targets]  # (R,) log p(y_i)
        (grad,) = torch.autograd.grad(logp.sum(), embedded)  # (R, S, E)
    out, start = [], 0
    for ids, _, chosen in items:
        out.append(grad[start : start + len(chosen), : len(ids)])
        start += len(chosen)
    return out


def gradient_norms(model: Seq2Seq, pairs: list[Pair], steps: int | None = None) -> list[np.ndarray]:
    """g_ij = ||d log p(y_i) / d embed(x_j)||, one (T, S) (or (steps, S)) array per (source ids, output ids) pair."""
    return [g.norm(dim=-1).numpy() for g in gradient_vectors(model, pairs, steps)]


@dataclass
class SourceGradients:
    """One sentence's gradients for one model: what the Gradients page draws."""

    model: str
    source_tokens: list[str]
    source_known: list[bool]
    output_tokens: list[str]  # the greedy output, <eos> included
    norms: np.ndarray  # (T, S) g_ij

    @property
    def per_source(self) -> np.ndarray:
        """(S,) sum_i g_ij: all the signal the whole output sends back to source word j."""
        return self.norms.sum(0)


@torch.inference_mode()
def _greedy_ids(model: Seq2Seq, ids: list[int], src_ext: torch.Tensor | None = None) -> list[int]:
    out = greedy_batch(model, torch.tensor([ids]), torch.tensor([len(ids)]), src_ext=src_ext)
    return out["ids"][0, : int(out["lengths"][0])].tolist()


def sentence_gradients(model: Seq2Seq, src_vocab: Vocab, tgt_vocab: Vocab, text: str) -> SourceGradients:
    """The gradients of one typed sentence along the model's greedy output (the app's: a copy model reads the
    sentence's source map and writes copied words). Raises InputError for empty input."""
    enc = with_source_map(encode_source(text, src_vocab, model.config.max_source_len), model, src_vocab, tgt_vocab)
    out = _greedy_ids(model, enc.ids, enc.src_ext())
    pair = (enc.ids, out) if enc.copy is None else (enc.ids, out, enc.copy.ids)
    (norms,) = gradient_norms(model, [pair])
    return SourceGradients(name_of(model.config), enc.tokens, enc.known, enc.decode(out, tgt_vocab), norms)


# ---- the length sweep: many test sentences, batched ----


@dataclass
class Sweep:
    """Per-sentence gradient profiles of one model over test sentences (mean over output steps of g_ij)."""

    model: str
    lengths: list[int]  # source length S of each sentence
    profiles: list[np.ndarray]  # (S,) mean_i g_ij, one per sentence

    def by_distance(self, lo: int, hi: int) -> np.ndarray:
        """Mean profile over sentences of lo..hi words, indexed by distance from the last source word
        (d = 0 is the last word); NaN where no sentence is that long."""
        chosen = [p for p, n in zip(self.profiles, self.lengths, strict=True) if lo <= n <= hi]
        width = max((len(p) for p in chosen), default=0)
        total, count = np.zeros(width), np.zeros(width)
        for p in chosen:
            total[: len(p)] += p[::-1]
            count[: len(p)] += 1
        with np.errstate(invalid="ignore"):
            return total / count

    def first_last_ratio(self, lo: int, hi: int) -> float:
        """Mean gradient at the first source word / mean at the last, over sentences of lo..hi words."""
        chosen = [p for p, n in zip(self.profiles, self.lengths, strict=True) if lo <= n <= hi]
        if not chosen:
            return float("nan")
        return float(np.mean([p[0] for p in chosen]) / np.mean([p[-1] for p in chosen]))


def _batches(pairs: list, rows_per_batch: int, steps: int | None):
    """Consecutive groups of (ids, out) pairs holding about rows_per_batch decoder rows each."""
    group, rows = [], 0
    for pair in pairs:
        n = len(pair[1]) if steps is None else min(steps, len(pair[1]))
        if group and rows + n > rows_per_batch:
            yield group
            group, rows = [], 0
        group.append(pair)
        rows += n
    if group:
        yield group


SWEEP_STEPS = 8  # output steps per sentence in the sweep, evenly spaced (all of them cost ~5x more on en-fr)


def length_sweep(
    model: Seq2Seq,
    src_vocab: Vocab,
    examples: list[Example],
    steps: int | None = SWEEP_STEPS,
    rows_per_batch: int = 64,
    tgt_vocab: Vocab | None = None,
) -> Sweep:
    """Gradient profiles of `model` over `examples` (test sentences), along its own greedy outputs: the mean of
    g_ij over `steps` output steps evenly spaced from the first to the last (None: every step). A copy model
    needs `tgt_vocab`, for each sentence's source map (the outputs are then the app's).

    Sentences are sorted by length and run together, about rows_per_batch (sentence, step) rows a pass. Small
    passes are faster on this CPU: en-fr's 100 sentences of 31-40 words took, at 64 rows against 512, 1.4 against 1.7 s
    (none), 2.1 against 2.6 s (dot) and 4.3 against 12.9 s (GPT), measured in one run; a pass of 512 rows holds every
    layer's (rows, heads, N, N) attention for the backward pass.
    """
    if copies(model) and tgt_vocab is None:
        raise ValueError("a copy model's sweep needs its target vocabulary (tgt_vocab), for the source maps")
    cut = model.config.max_source_len
    tokens = [src_vocab.tokenize(e.source)[:cut] for e in examples]
    sentences = sorted(([src_vocab.encode(t), t] for t in tokens if t), key=lambda s: len(s[0]))
    if copies(model):
        sentences = [[ids, source_map(t, tgt_vocab, src_vocab).ids] for ids, t in sentences]  # the extended source ids
    pairs = []
    for start in range(0, len(sentences), 256):  # greedy outputs, batched
        chunk = sentences[start : start + 256]
        src, lens = pad([ids for ids, _ in chunk])
        src_ext = pad_maps([m for _, m in chunk], src.size(1)) if copies(model) else None
        with torch.inference_mode():
            out = greedy_batch(model, src, lens, src_ext=src_ext)
        for (ids, ext), row, n in zip(chunk, out["ids"].tolist(), out["lengths"].tolist(), strict=True):
            pairs.append((ids, row[:n], ext) if copies(model) else (ids, row[:n]))
    profiles = []
    for group in _batches(pairs, rows_per_batch, steps):
        profiles += [n.mean(0) for n in gradient_norms(model, group, steps)]
    return Sweep(name_of(model.config), [len(p[0]) for p in pairs], profiles)


def main(argv=None) -> int:
    """python -m models.net.gradients --pack en-fr: the README's first/last gradient ratios, on the pack's test split
    (the Gradients page's sweep: the same sentences and steps)."""
    import time

    from models.packs.pack import load_pack, pretrained_root

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--pack", default="en-fr")
    parser.add_argument("--lo", type=int, default=RATIO_LENGTHS[0])
    parser.add_argument("--hi", type=int, default=RATIO_LENGTHS[1])
    parser.add_argument("--steps", type=int, default=SWEEP_STEPS, help="output steps per sentence (0: all)")
    args = parser.parse_args(argv)
    pack = load_pack(pretrained_root() / args.pack)
    chosen = sweep_sample(pack.test, args.lo, args.hi)
    print(f"{args.pack}: {len(chosen)} test sentences of {args.lo}-{args.hi} words, {args.steps or 'all'} steps each")
    for name, m in pack.models.items():
        t0 = time.perf_counter()
        sweep = length_sweep(m.model, m.src_vocab, chosen, args.steps or None, tgt_vocab=m.tgt_vocab)
        secs = time.perf_counter() - t0
        first = float(np.mean([p[0] for p in sweep.profiles]))
        last = float(np.mean([p[-1] for p in sweep.profiles]))
        print(
            f"  {name:<9} first/last = {sweep.first_last_ratio(args.lo, args.hi):.3f}"
            f"  (mean g at the first word {first:.4f}, at the last {last:.4f}; {secs:.1f} s)"
        )
    return 0


SWEEP_SENTENCES = 100  # test sentences per length range (en-fr's test split has exactly 100 in each bucket)


def sweep_sample(test: list[Example], lo: int, hi: int, n: int = SWEEP_SENTENCES) -> list[Example]:
    """The sweep's sentences: up to n test sentences of lo..hi words, the same ones on every run."""
    chosen = [e for e in test if lo <= e.src_len <= hi]
    return random.Random(0).sample(chosen, n) if len(chosen) > n else chosen


if __name__ == "__main__":
    raise SystemExit(main())
