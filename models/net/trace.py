"""The trace: everything one decoding of one sentence computed, as numpy arrays, for every family alike.

Every page of the app reads a `Trace`. What all families share is plain fields (tokens, known flags, per-step
probabilities, top-k, text); attention is a tuple of maps, each with its site (cross, encoder self, decoder self,
causal), the token axes of its rows and columns, and weights/scores shaped (layers, heads, queries, keys). A GRU
with attention has one cross map of 1 x 1; without attention, none. A family's own vectors (the GRU's s_i, a_i,
o_i, h_j, h_S) are in `readout`, asked for by name. The only recomputation is a check: `context_error` rebuilds
a context from its weights and values, to show that it is the weighted average it claims to be.

A copy model (models/net/pointer.py) adds p_gen per output step, a copied flag per output token, and at each step
its `CopyStep`: the top candidates of the mixture with P_vocab, the copy distribution and the mixture of each.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from models.text.vocab import EOS, SOS


@dataclass(frozen=True)
class AttentionMap:
    """One attention site of one sentence: weights c_ij and raw scores e_ij, (layers, heads, queries, keys)."""

    site: str  # cross, encoder_self, decoder_self or causal (models/net/family.py)
    rows: str  # the token axis of the queries: source, output or sequence (prompt + output)
    cols: str  # the token axis of the keys
    weights: np.ndarray  # (L, Hd, Q, K) softmax_j(e_ij)
    scores: np.ndarray  # (L, Hd, Q, K) e_ij before the softmax
    queries: np.ndarray | None = None  # (L, Hd, Q, d) the queries, where the family has them
    keys: np.ndarray | None = None  # (L, Hd, K, d)
    values: np.ndarray | None = None  # (L, Hd, K, d)
    contexts: np.ndarray | None = None  # (L, Hd, Q, d) sum_j c_ij v_j

    @property
    def layers(self) -> int:
        return self.weights.shape[0]

    @property
    def heads(self) -> int:
        return self.weights.shape[1]

    def weights_2d(self, layer: int = 0, head: int | None = 0) -> np.ndarray:
        """(Q, K) one head's weights, or with head=None the mean over the layer's heads (rows still sum to 1)."""
        w = self.weights[layer]
        return w.mean(0) if head is None else w[head]

    def scores_2d(self, layer: int = 0, head: int | None = 0) -> np.ndarray:
        s = self.scores[layer]
        return s.mean(0) if head is None else s[head]

    def context_error(self, step: int, layer: int = 0, head: int = 0) -> float:
        """max |sum_j c_ij v_j - context_i| at one query: the context rebuilt from the weights (0 up to rounding)."""
        rebuilt = self.weights[layer, head, step] @ self.values[layer, head]
        return float(np.abs(rebuilt - self.contexts[layer, head, step]).max())


@dataclass(frozen=True)
class MapSlice:
    """What one heatmap draws: a 2-D slice of a map (one head, or the mean of a layer's heads) and its token axes."""

    site: str
    weights: np.ndarray  # (Q, K)
    scores: np.ndarray  # (Q, K)
    row_tokens: list[str]  # the queries' tokens
    col_tokens: list[str]  # the keys' tokens
    col_known: list[bool]  # False where a key's token is unknown to the model (source tokens only)
    layer: int = 0
    head: int | None = 0  # None: the mean over the layer's heads


@dataclass(frozen=True)
class CopyStep:
    """One output step of a copy model, over its top candidates (most likely in the mixture first):
    P(w) = p_gen · P_vocab(w) + (1 − p_gen) · copy(w), copy(w) = Σ_{j: x_j = w} c_ij (the attention row)."""

    tokens: list[str]
    vocab: np.ndarray  # (k,) P_vocab(w): what the output layer gives (0 for a word it cannot write)
    copy: np.ndarray  # (k,) copy(w): the attention weights on the source positions holding w
    p_gen: float

    @property
    def mixture(self) -> np.ndarray:
        return self.p_gen * self.vocab + (1 - self.p_gen) * self.copy


COPY_CANDIDATES = 6


def stable_top_k(rows: np.ndarray, k: int) -> np.ndarray:
    """(T, k) the indices of each row's k largest values, largest first, ties in index order: the first k of a
    stable argsort of -rows, without sorting the whole row (a row is the extended vocabulary, ~7,000 words)."""
    if k >= rows.shape[1]:
        return np.argsort(-rows, axis=1, kind="stable")
    kth = -np.partition(-rows, k - 1, axis=1)[:, k - 1 : k]  # (T, 1) each row's k-th largest value
    top = []
    for row, threshold in zip(rows, kth[:, 0], strict=True):
        candidates = np.flatnonzero(row >= threshold)  # at least k, in index order
        top.append(candidates[np.argsort(-row[candidates], kind="stable")[:k]])
    return np.array(top, dtype=np.int64).reshape(len(rows), k)


def copy_steps(
    p_gen: np.ndarray, vocab: np.ndarray, weights: np.ndarray, source_ext: np.ndarray, names, k: int = COPY_CANDIDATES
) -> list[CopyStep]:
    """Each step's CopyStep from a copy model's readout: p_gen (T,), P_vocab (T, V), copy weights c_ij (T, S), and
    the extended id of each source token (S,); names(ids) gives the tokens of extended ids."""
    T, V = vocab.shape
    n = max(V, int(source_ext.max()) + 1 if source_ext.size else V)
    words, position_word = np.unique(source_ext, return_inverse=True)  # the source's distinct ids (U,)
    summed = np.zeros((T, len(words)))
    np.add.at(summed, (slice(None), position_word.reshape(-1)), weights)  # (T, U): sum of c_ij over positions of w
    copy = np.zeros((T, n))
    copy[:, words] = summed  # (T, n): copy(w)
    full = np.zeros((T, n))
    full[:, :V] = vocab
    mixed = p_gen[:, None] * full
    mixed[:, words] += (1 - p_gen[:, None]) * summed
    top_k = stable_top_k(mixed, min(k, n))  # (T, k)
    best_copies = copy.argmax(axis=1)  # (T,)
    steps = []
    for i in range(T):
        top = list(top_k[i])
        best_copy = int(best_copies[i])
        if best_copy not in top:  # the word the attention points at is always shown
            top[-1] = best_copy
        steps.append(CopyStep(names(top), full[i, top], copy[i, top], float(p_gen[i])))
    return steps


@dataclass
class Trace:
    model: str  # the model's name in its pack: none, dot, general, additive, transformer, gpt
    family: str  # the model's family (models/net/registry.py): gru, transformer, gpt
    source_tokens: list[str]  # after cutting to the model's limit
    source_known: list[bool]  # False where the token maps to <unk>
    output_tokens: list[str]  # one per decoder step; ends with <eos> unless the step limit was reached
    token_probs: np.ndarray  # (T,) probability of each chosen token
    topk_tokens: list[list[str]]  # (T, k) the k most likely next tokens at each step
    topk_probs: np.ndarray  # (T, k)
    text: str  # the output without <eos>, as a person reads it (Vocab.output_text: no format characters)
    attention: tuple[AttentionMap, ...] = ()  # every map the model computed; none without attention
    readout: dict[str, np.ndarray] = field(default_factory=dict)  # the family's own vectors, by name
    truncated: bool = False  # the input was longer than the model's limit and was cut
    original_length: int = 0  # source tokens before cutting
    # A copy model's (models/net/pointer.py); empty for any other model.
    copy_words: list[str] = field(default_factory=list)  # the sentence's extended words: id V + k is copy_words[k]
    source_ext: np.ndarray | None = None  # (S,) the extended id each source token copies onto
    vocab_size: int = 0  # V, the target vocabulary's size
    copied: list[bool] = field(default_factory=list)  # per output token: its copy part outweighed its vocabulary part
    copy_steps: list[CopyStep] = field(default_factory=list)  # per output step: P_vocab, copy and their mixture

    @property
    def copies(self) -> bool:
        """Whether the model mixed a copy distribution into its output (it has a copy head)."""
        return "p_gen" in self.readout

    @property
    def p_gen(self) -> np.ndarray | None:
        """(T,) p_gen at each output step: the share the output layer gets (1 - p_gen is copied); None: no copying."""
        return self.readout.get("p_gen")

    @property
    def uses_attention(self) -> bool:
        return bool(self.attention)

    def map(self, site: str) -> AttentionMap | None:
        return next((m for m in self.attention if m.site == site), None)

    @property
    def cross(self) -> AttentionMap | None:
        """Output steps over source tokens: the map the study note draws (a GRU's only one)."""
        return self.map("cross")

    def step_contexts(self) -> np.ndarray | None:
        """(T, d) what each output step read from the source: the last layer of the cross map, its heads' contexts
        side by side (a GRU's one head: a_i itself). None without a cross map or its contexts."""
        cross = self.cross
        if cross is None or cross.contexts is None:
            return None
        last = cross.contexts[-1]  # (heads, T, d_k)
        return last.transpose(1, 0, 2).reshape(last.shape[1], -1)  # (T, heads * d_k)

    def tokens(self, axis: str) -> list[str]:
        """The tokens along a map's axis: source, output (what each step wrote), read (<sos> and each output token
        fed back but the last: what each decoder position read), or the sequence a decoder-only model reads (the GPT of
        models/net/transformer.py): the source, <sos> (its separator), then each output token fed back but the
        last, so that position i holds the token read there, and S + T positions in all."""
        read = [SOS, *self.output_tokens[:-1]]  # the token each decoder position read
        return {"source": self.source_tokens, "output": self.output_tokens, "read": read}.get(
            axis, [*self.source_tokens, *read]
        )

    def slice(self, site: str = "cross", layer: int = 0, head: int | None = 0) -> MapSlice:
        """One head of one layer of the map at `site` (head=None: the layer's mean), with its token axes.
        Raises ValueError when the model has no such map (a model without attention has none)."""
        m = self.map(site)
        if m is None:
            raise ValueError(f"this model has no {site} attention map")
        known = self.source_known if m.cols == "source" else [True] * len(self.tokens(m.cols))
        return MapSlice(
            site,
            m.weights_2d(layer, head),
            m.scores_2d(layer, head),
            self.tokens(m.rows),
            self.tokens(m.cols),
            known,
            layer,
            head,
        )

    def vector(self, name: str) -> np.ndarray:
        """A readout vector by name (e.g. the GRU's "query" s_i (T, H)); KeyError names what this trace has."""
        if name not in self.readout:
            raise KeyError(f"this {self.family} trace has no {name!r}; it has {sorted(self.readout)}")
        return self.readout[name]

    @property
    def finished(self) -> bool:
        return bool(self.output_tokens) and self.output_tokens[-1] == EOS

    @property
    def unknown_tokens(self) -> list[str]:
        return [t for t, k in zip(self.source_tokens, self.source_known, strict=True) if not k]
