"""What every model family gives the rest of the app: one small interface, and one recording of a forward pass.

A family is a kind of network: the GRU encoder-decoder with or without attention (models/net/gru.py), the
Transformer encoder-decoder and the decoder-only GPT (models/net/transformer.py).
Decoding, what-if, gradients, analysis and training reach a model only through this interface, so a new family
is one new file plus a line in models/net/registry.py:

    memory = model.encode(src, src_lens)              what the decoder reads at every step (with .select(rows))
    state  = model.start(memory)                      the decoder's state before the first step
    logits, state = model.step(prev, state, memory)   one greedy step for a batch: the fast path (GRU: hand-fused;
                                                      Transformer, GPT: a KV cache in the state)
    state  = model.select_state(state, rows)          keep (or repeat) batch rows: finished rows, beams
    logits = model(src, src_lens, tgt_in)              teacher forcing over a whole target, for training
    rec    = model.record(src, src_lens, tgt_in)       the same pass, keeping what the pages show: a Recording
                                                      (`memory`, `step_states`: what decoding this sentence already
                                                      computed, which a family may reuse rather than recompute)

A Recording holds the logits, every attention map the pass computed, each with its site and its token axes,
and the family's own vectors by name (its readout). models/net/decoding.py turns one row of it into a Trace.

What-if (models/net/whatif.py) goes through the same two calls:

    model.step(prev, state, memory, reweight)         reweight(scores, weights, layer) is called once per layer,
                                                      in order, with the weights (..., K) of the attention that
                                                      reads the source (the source's S keys first: a GRU's and a
                                                      Transformer's cross-attention, K = S; a GPT's causal row,
                                                      K = S + 1 + t); it returns the weights to use, or None
    model.record(src, src_lens, tgt_in, weights=w)    w (B, L, h, T, K): the weights each step used, as rows of
                                                      the map they sit in, used again; the trace shows them
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import torch

# Where in the network a map sits: decoder queries over encoder keys (cross), the encoder over itself, the
# decoder over its own past (masked), or one causal map over prompt + output (a decoder-only model).
SITES = ("cross", "encoder_self", "decoder_self", "causal")
# Which tokens a map's rows (queries) and columns (keys) stand for: the source; the output tokens (row i writes
# y_i); the tokens the decoder read, <sos> y_1 ... y_{T-1} (the keys of its own past: position i read y_{i-1});
# the sequence a decoder-only model reads (source <sos> output).
AXES = ("source", "output", "read", "sequence")
# The cross-attention head read as a model's word alignment: the last layer's first head (a GRU has one of each).
# Guided alignment training pulls this head towards the gold links, and the alignment error rate (AER) scores this
# same head, so the figure measures what the training shaped. (The mean over heads would blend in heads left free to
# attend elsewhere, e.g. to the previous word; the pages show it beside the single heads.)
ALIGNMENT_LAYER, ALIGNMENT_HEAD = -1, 0


@dataclass
class RecordedMap:
    """One attention site of a batch: weights and scores (B, layers, heads, queries, keys), with the vectors the
    family has for them: queries (B, L, heads, Q, d), keys and values (B, L, heads, K, d), contexts (B, L, heads, Q, d).
    """

    site: str
    rows: str
    cols: str
    weights: torch.Tensor
    scores: torch.Tensor
    queries: torch.Tensor | None = None
    keys: torch.Tensor | None = None
    values: torch.Tensor | None = None
    contexts: torch.Tensor | None = None

    def alignment(self) -> torch.Tensor:
        """The weights of the alignment head (ALIGNMENT_LAYER, ALIGNMENT_HEAD): (B, queries, keys)."""
        return self.weights[:, ALIGNMENT_LAYER, ALIGNMENT_HEAD]

    def __post_init__(self) -> None:
        if self.site not in SITES or self.rows not in AXES or self.cols not in AXES:
            raise ValueError(f"unknown site or axis: {self.site!r}, {self.rows!r}, {self.cols!r}")
        if self.weights.dim() != 5 or self.scores.shape != self.weights.shape:
            raise ValueError("weights and scores must both be (batch, layers, heads, queries, keys)")


@dataclass
class Recording:
    """A teacher-forced pass over a batch: logits (B, T, V), the attention maps, and the family's readout."""

    logits: torch.Tensor
    maps: tuple[RecordedMap, ...] = ()
    readout: dict[str, torch.Tensor] = field(default_factory=dict)  # batch first, e.g. the GRU's s_i: (B, T, H)

    def map(self, site: str) -> RecordedMap | None:
        return next((m for m in self.maps if m.site == site), None)


class Memory(Protocol):
    def select(self, rows: torch.Tensor) -> Memory: ...


class Model(Protocol):
    """The interface every family implements (an nn.Module with a `config` that names its family)."""

    @property
    def uses_attention(self) -> bool: ...

    def encode(self, src: torch.Tensor, src_lens: torch.Tensor, embedded: torch.Tensor | None = None) -> Memory: ...

    def start(self, memory: Memory): ...

    def step(self, prev: torch.Tensor, state, memory: Memory, reweight=None) -> tuple[torch.Tensor, object]: ...

    def select_state(self, state, rows: torch.Tensor): ...

    def record(
        self,
        src: torch.Tensor,
        src_lens: torch.Tensor,
        tgt_in: torch.Tensor,
        memory: Memory | None = None,
        step_states: list | None = None,
        **options,
    ) -> Recording: ...
