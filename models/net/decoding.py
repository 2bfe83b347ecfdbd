"""Decoding: greedy (one sentence with a full trace, or many at once), beam search, and forced traces.

`decode` is the one entry point for a single sentence: greedy (width 1) or beam search, it returns a `Decoding`
(the chosen output's trace and the ranked outputs) or raises `InputError`.

A copy model (models/net/pointer.py) reads each sentence with its source map: the extended ids of its words, so an
output id past the target vocabulary is a source word copied (`Encoded.copy`, `decode_ids`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from models.messages import N_, Problem
from models.net.batch import pad
from models.net.family import Model, Recording
from models.net.pointer import SourceMap, decode_ids, pad_maps, source_map, target_ids
from models.net.registry import name_of
from models.net.trace import AttentionMap, Trace, copy_steps
from models.text.vocab import EOS_ID, PAD_ID, SOS_ID, Vocab


class InputError(Problem, ValueError):
    """The sentence cannot be decoded (e.g. it is empty); the message says why, for a person."""


class EmptyInputError(InputError):
    """There is nothing to decode: the sentence is empty (or only spaces)."""


@dataclass(frozen=True)
class Decoding:
    """One decoding of one sentence, greedy or beam search: the same shape either way."""

    trace: Trace  # the chosen output, step by step
    outputs: list[tuple[str, float]]  # (text, total log-probability), most likely first; greedy has just its own
    width: int = 1  # the beam width; 1 is greedy decoding

    @property
    def is_beam(self) -> bool:
        return self.width > 1


@dataclass
class Encoded:
    tokens: list[str]
    ids: list[int]
    known: list[bool]
    truncated: bool
    original_length: int
    copy: SourceMap | None = None  # a copy model's extended ids of the tokens (`with_source_map`)

    def src_ext(self) -> torch.Tensor | None:
        """(1, S) the extended ids a copy model reads, or None."""
        return None if self.copy is None else torch.tensor([self.copy.ids])

    def decode(self, ids, tgt_vocab: Vocab) -> list[str]:
        """Output ids as tokens: a copied word's extended id is the source word."""
        return decode_ids(ids, tgt_vocab, [] if self.copy is None else self.copy.words)


def copies(model: Model) -> bool:
    """Whether the model mixes a copy distribution into its output (a copy head: models/net/pointer.py)."""
    return bool(getattr(model, "copies", False))


def with_source_map(enc: Encoded, model: Model, src_vocab: Vocab, tgt_vocab: Vocab) -> Encoded:
    """`enc` with the source map a copy model reads (unchanged for any other model)."""
    if copies(model):
        enc.copy = source_map(enc.tokens, tgt_vocab, src_vocab)
    return enc


def encode_sentence(model: Model, enc: Encoded):
    """The model's memory of one sentence (a batch of one), with its source map for a copy model."""
    return model.encode(torch.tensor([enc.ids]), torch.tensor([len(enc.ids)]), src_ext=enc.src_ext())


def encode_source(text: str, vocab: Vocab, max_len: int) -> Encoded:
    if not isinstance(text, str):
        raise InputError(N_("the input must be text"))
    tokens = vocab.tokenize(text)
    if not tokens:
        raise EmptyInputError(N_("the input is empty: type a sentence"))
    original = len(tokens)
    tokens = tokens[:max_len]
    ids = vocab.encode(tokens)
    return Encoded(tokens, ids, [vocab.is_known(t) for t in tokens], original > max_len, original)


@torch.inference_mode()
def greedy_batch(model: Model, src: torch.Tensor, src_lens: torch.Tensor, max_len=None, src_ext=None) -> dict:
    """Greedy decoding of a padded batch src (B, S). Stops when every row has emitted <eos>.

    Returns ids (B, T) (PAD after <eos>) and lengths (B,) counting <eos>. `src_ext` (B, S): a copy model's
    extended source ids (without them it copies onto <unk>).
    """
    memory = model.encode(src, src_lens) if src_ext is None else model.encode(src, src_lens, src_ext=src_ext)
    return greedy_shrinking(model, memory, max_len or model.config.max_output_len)


@torch.inference_mode()
def greedy_ids(model: Model, ids: list[int], max_len=None, reweight=None, memory=None, states=None) -> list[int]:
    """Greedy decoding of one sentence (source ids, no padding): the output ids, ending in <eos> unless max_len ran
    out. `reweight(t, scores, weights, layer)` may replace step t's attention weights (models/net/family.py);
    `memory` is the sentence's encoding, when the caller has made it; each step's state is appended to the list
    `states`, when given (a family's `record` may reuse them)."""
    max_len = max_len or model.config.max_output_len
    if memory is None:  # a batch of one (a copy model copies onto <unk>: pass the memory with its source map)
        memory = model.encode(torch.tensor([ids]), torch.tensor([len(ids)]))
    state, prev, out = model.start(memory), torch.tensor([SOS_ID]), []
    for t in range(max_len):
        at_t = None if reweight is None else functools.partial(reweight, t)
        logits, state = model.step(prev, state, memory, at_t)
        if states is not None:
            states.append(state)
        prev = logits.argmax(-1)
        out.append(int(prev))
        if out[-1] == EOS_ID:
            break
    return out


COMPACT_BELOW = 0.75  # drop finished rows once fewer than this share of the batch is still decoding


def greedy_shrinking(model: Model, memory, max_len: int, compact_below: float = COMPACT_BELOW) -> dict:
    """Greedy decoding that drops finished rows from the batch as it goes.

    Same tokens as stepping the whole batch, but a long straggler no longer drags every finished row
    through the remaining steps. Dropping rows copies the batch's memory (B x S x H), so finished rows ride
    along (their tokens ignored) until fewer than `compact_below` of the rows are still decoding: a row
    finishing at almost every step of a long en-fr batch had made those copies cost more than the steps.
    """
    state = model.start(memory)
    B = len(state)  # rows of the batch (a GRU's state is a tensor, a Transformer's a KVCache)
    ids = torch.full((B, max_len), PAD_ID, dtype=torch.long)
    lengths = torch.full((B,), max_len, dtype=torch.long)
    active = torch.arange(B)  # the batch's rows, as rows of `ids`
    alive = torch.ones(B, dtype=torch.bool)  # which of them are still decoding
    prev = torch.full((B,), SOS_ID, dtype=torch.long)
    for t in range(max_len):
        logits, state = model.step(prev, state, memory)
        nxt = logits.argmax(-1).masked_fill_(~alive, PAD_ID)  # (b,); finished rows write PAD
        ids[active, t] = nxt
        finished = nxt == EOS_ID
        lengths[active[finished]] = t + 1
        alive &= ~finished
        n_alive = int(alive.sum())
        if n_alive == 0:
            break
        if n_alive < compact_below * len(alive):
            keep = alive.nonzero().squeeze(1)
            active, nxt, alive = active[keep], nxt[keep], alive[keep]
            state, memory = model.select_state(state, keep), memory.select(keep)
        prev = nxt
    T = int(lengths.max())
    return {"ids": ids[:, :T], "lengths": lengths}


def greedy_many(model: Model, src_vocab: Vocab, tgt_vocab: Vocab, texts: list[str], batch_size: int | None = None):
    """Decode many sentences at once (batched greedy). Returns the output text of each, in order, as a person reads
    it (`Vocab.output_text`: no format characters). greedy_many_tokens gives the tokens."""
    return [tgt_vocab.output_text(t) for t in greedy_many_tokens(model, src_vocab, tgt_vocab, texts, batch_size)]


def greedy_many_tokens(
    model: Model, src_vocab: Vocab, tgt_vocab: Vocab, texts: list[str], batch_size: int | None = None
) -> list[list[str]]:
    """Decode many sentences at once (batched greedy). Returns the output tokens of each (without <eos>), in order.

    Sentences are sorted by length so each batch carries little padding. Empty inputs give no tokens.
    The default batch holds the family's config.batch_rows rows, the fastest size measured (bench/decode_speed.py).
    """
    batch_size = batch_size or model.config.batch_rows
    cut = model.config.max_source_len
    # encode_source's ids, without the per-token flags a trace needs (the same cut; no tokens = no sentence)
    tokens = [src_vocab.tokenize(t)[:cut] if isinstance(t, str) else [] for t in texts]
    encoded = [src_vocab.encode(t) for t in tokens]
    maps = [source_map(t, tgt_vocab, src_vocab) for t in tokens] if copies(model) else None
    order = sorted((i for i, e in enumerate(encoded) if e), key=lambda i: len(encoded[i]))
    results: list[list[str]] = [[] for _ in texts]
    for start in range(0, len(order), batch_size):
        chunk = order[start : start + batch_size]
        src, lens = pad([encoded[i] for i in chunk])
        src_ext = None if maps is None else pad_maps([maps[i].ids for i in chunk], src.size(1))
        out = greedy_batch(model, src, lens, src_ext=src_ext)
        for i, ids, n in zip(chunk, out["ids"].tolist(), out["lengths"].tolist(), strict=True):
            toks = ids[: n - 1] if ids[n - 1] == EOS_ID else ids[:n]
            results[i] = decode_ids(toks, tgt_vocab, [] if maps is None else maps[i].words)
    return results


def trace_of(model: Model, name: str, enc: Encoded, tgt_vocab: Vocab, rec: Recording, ids: list[int], k: int = 5):
    """The Trace of one sentence from a recorded teacher-forced pass over its output ids (row 0 of `rec`)."""
    probs = F.softmax(rec.logits[0], -1)  # (T, V), or the mixture P_i over the extended vocabulary (T, V + n_ext)
    chosen = torch.tensor(ids)
    topk = probs.topk(min(k, probs.size(-1)), dim=-1)
    tokens = enc.decode(ids, tgt_vocab)
    text_tokens = tokens[:-1] if ids and ids[-1] == EOS_ID else tokens

    def row(x: torch.Tensor | None) -> np.ndarray | None:  # the pass's own tensors: nothing writes to them again
        return None if x is None else x[0].numpy()

    maps = tuple(
        AttentionMap(
            m.site,
            m.rows,
            m.cols,
            row(m.weights),
            row(m.scores),
            queries=row(m.queries),
            keys=row(m.keys),
            values=row(m.values),
            contexts=row(m.contexts),
        )
        for m in rec.maps
    )
    return Trace(
        model=name,
        family=model.config.family,
        source_tokens=enc.tokens,
        source_known=enc.known,
        output_tokens=tokens,
        token_probs=probs.gather(1, chosen.unsqueeze(1)).squeeze(1).numpy(),
        topk_tokens=[enc.decode(r, tgt_vocab) for r in topk.indices.tolist()],
        topk_probs=topk.values.numpy(),
        text=tgt_vocab.output_text(text_tokens),
        attention=maps,
        # P_vocab (T, V) lives on in copy_steps, its top candidates per step: whole, it was 80 % of a cached
        # trace (632 of 811 KB pickled for a 20-word en-fr sentence, V = 7,044), and no page reads it
        readout={key: row(v) for key, v in rec.readout.items() if key != "vocab_probs"},
        truncated=enc.truncated,
        original_length=enc.original_length,
        vocab_size=len(tgt_vocab),
        **copy_fields(enc, tgt_vocab, rec, ids),
    )


def copy_fields(enc: Encoded, tgt_vocab: Vocab, rec: Recording, ids: list[int]) -> dict:
    """A copy model's part of its Trace (models/net/trace.py): the source map, each step's CopyStep, and which
    output tokens were copied: the copy part (1 − p_gen) Σ_{j: x_j = y_i} c_ij gave y_i more than p_gen P_vocab(y_i)."""
    if "p_gen" not in rec.readout or enc.copy is None:
        return {}
    p_gen = rec.readout["p_gen"][0].numpy()  # (T,)
    vocab = rec.readout["vocab_probs"][0].numpy()  # (T, V)
    weights = rec.readout["copy_weights"][0].numpy()  # (T, S)
    source_ext = np.array(enc.copy.ids)
    V = vocab.shape[1]
    copied = []
    for i, y in enumerate(ids):
        copy = float(weights[i, source_ext == y].sum())
        generated = float(vocab[i, y]) if y < V else 0.0
        copied.append((1 - p_gen[i]) * copy > p_gen[i] * generated)
    return {
        "copy_words": list(enc.copy.words),
        "source_ext": source_ext,
        "copied": copied,
        "copy_steps": copy_steps(p_gen, vocab, weights, source_ext, lambda top: enc.decode(top, tgt_vocab)),
    }


@torch.inference_mode()
def recorded_trace(model: Model, enc: Encoded, tgt_vocab: Vocab, output_ids: list[int], k: int = 5, **options):
    """The one way a trace is made: a teacher-forced pass over the output ids (greedy's, a beam's, a what-if's),
    recorded. `options` go to the family's `record` (e.g. the GRU's `weights`, for what-if)."""
    src, lens = torch.tensor([enc.ids]), torch.tensor([len(enc.ids)])
    prev = torch.tensor([[SOS_ID, *output_ids[:-1]]])
    if enc.copy is not None:
        options["src_ext"] = enc.src_ext()
    rec = model.record(src, lens, prev, **options)  # options may hand it the sentence's memory
    return trace_of(model, name_of(model.config), enc, tgt_vocab, rec, output_ids, k)


@torch.inference_mode()
def translate(model: Model, src_vocab: Vocab, tgt_vocab: Vocab, text: str, k: int = 5) -> Trace:
    """Greedy-decode one sentence and return its full trace. Raises InputError for empty input."""
    enc = with_source_map(encode_source(text, src_vocab, model.config.max_source_len), model, src_vocab, tgt_vocab)
    memory = encode_sentence(model, enc)  # once, for both passes
    states: list = []
    ids = greedy_ids(model, enc.ids, memory=memory, states=states)
    return recorded_trace(model, enc, tgt_vocab, ids, k, memory=memory, step_states=states)


def decode(model: Model, src_vocab: Vocab, tgt_vocab: Vocab, text: str, width: int = 1) -> Decoding:
    """Greedy decoding (width 1) or beam search of one sentence. Raises InputError when it cannot be decoded."""
    if width > 1:
        return beam_search(model, src_vocab, tgt_vocab, text, width)
    trace = translate(model, src_vocab, tgt_vocab, text)
    return Decoding(trace, [(trace.text, float(np.log(trace.token_probs.astype(np.float64)).sum()))])


def forced_trace(model: Model, src_vocab: Vocab, tgt_vocab: Vocab, text: str, output_ids: list[int], k: int = 5):
    """The trace of decoding `text` while feeding the given output ids (e.g. a beam search result)."""
    enc = with_source_map(encode_source(text, src_vocab, model.config.max_source_len), model, src_vocab, tgt_vocab)
    return recorded_trace(model, enc, tgt_vocab, output_ids, k)


@torch.inference_mode()
def beam_search(model: Model, src_vocab: Vocab, tgt_vocab: Vocab, text: str, width: int = 4, k: int = 5) -> Decoding:
    """Beam search of width `width`: the trace of the best hypothesis and the `width` best (text, log-prob).

    Hypotheses are ranked by total log-probability; search stops when the best finished hypothesis
    scores at least as well as every live one (log-probabilities only fall as a hypothesis grows).
    """
    enc = with_source_map(encode_source(text, src_vocab, model.config.max_source_len), model, src_vocab, tgt_vocab)
    memory = encode_sentence(model, enc)  # one sentence: no padding
    beams = [([], 0.0, 0)]  # (ids, log-prob, its row in `state`)
    state = model.start(memory)  # (1, ...): one row per live beam
    finished: list[tuple[list[int], float]] = []
    for _ in range(model.config.max_output_len):
        n = len(beams)
        prev = torch.tensor([ids[-1] if ids else SOS_ID for ids, _, _ in beams])  # (n,)
        state = model.select_state(state, torch.tensor([row for _, _, row in beams]))
        logits, state = model.step(prev, state, memory.select(torch.zeros(n, dtype=torch.long)))
        logp = F.log_softmax(logits, -1)  # (n, V)
        total = torch.tensor([s for _, s, _ in beams]).unsqueeze(1) + logp  # (n, V)
        best = total.flatten().topk(min(width, total.numel()))
        new_beams = []
        for score, flat in zip(best.values.tolist(), best.indices.tolist(), strict=True):
            b, tok = divmod(flat, logp.size(1))
            ids = beams[b][0] + [tok]
            if tok == EOS_ID:
                finished.append((ids, score))
            else:
                new_beams.append((ids, score, b))
        beams = new_beams
        best_done = max((s for _, s in finished), default=float("-inf"))
        if not beams or best_done >= max(s for _, s, _ in beams):
            break
    candidates = finished + [(ids, s) for ids, s, _ in beams]
    candidates.sort(key=lambda c: -c[1])
    best_ids = candidates[0][0]
    trace = forced_trace(model, src_vocab, tgt_vocab, text, best_ids, k)
    ranked = [
        (tgt_vocab.output_text(enc.decode([i for i in ids if i != EOS_ID], tgt_vocab)), s) for ids, s in candidates
    ]
    return Decoding(trace, ranked[:width], width)


@torch.inference_mode()
def forced_weights_many(model: Model, src_vocab: Vocab, tgt_vocab: Vocab, pairs: list[tuple[str, str]], batch_size=256):
    """The alignment head's attention weights while feeding each reference target (teacher forcing), one (T, S)
    array per pair.

    Row i is the step that predicts reference token i (the <eos> step is left out), so rows line up with a
    gold word alignment over the reference tokens. Models without attention give None. A copy model is fed the
    reference in extended ids, as in training (a name it copies reads as <unk>, or as <copied:k> with an order).
    """
    if not model.uses_attention:
        return [None] * len(pairs)
    cfg = model.config
    encoded = []
    for source, target in pairs:
        src_tokens = src_vocab.tokenize(source)[: cfg.max_source_len]
        src = src_vocab.encode(src_tokens) or [PAD_ID]
        tgt_tokens = tgt_vocab.tokenize(target)
        if copies(model):
            tgt = target_ids(tgt_tokens, tgt_vocab, source_map(src_tokens, tgt_vocab, src_vocab))
        else:
            tgt = tgt_vocab.encode(tgt_tokens)
        encoded.append((src, tgt))
    out: list[np.ndarray | None] = []
    for start in range(0, len(encoded), batch_size):
        chunk = encoded[start : start + batch_size]
        src, lens = pad([s for s, _ in chunk])
        prev, _ = pad([[SOS_ID, *t] for _, t in chunk])
        cross = model.record(src, lens, prev).map("cross")
        weights = (
            cross.alignment()
        )  # (B, T+1, S): the alignment head (models/net/family.py), the one guided training pulls
        for b, (s, t) in enumerate(chunk):
            out.append(weights[b, : len(t), : len(s)].numpy().copy())
    return out
