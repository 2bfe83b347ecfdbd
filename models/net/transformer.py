"""A small encoder-decoder Transformer (Vaswani et al. 2017) and a decoder-only GPT (Radford et al. 2018): two
families behind the interface of models/net/family.py, built from the layers of models/net/attention_block.py
(scaled dot-product attention, multi-head attention, sinusoidal positions, pre-norm residual layers).

Transformer (family "transformer"), source positions j, output steps t = 1 ... T:

    encoder   x_j = E_src[x_j] √d_model + PE(j),  n_layers x (self-attention over the source, FFN),  m = LN(x)
    decoder   z_t = E_tgt[y_{t-1}] √d_model + PE(t-1),  n_layers x (masked self-attention over z_1..z_t,
              cross-attention over m, FFN),   p(y_t) = softmax(W_out LN(z_t) + b_out)

GPT (family "gpt"): translation is continuing a text. One stack with a causal mask reads

    x_1 ... x_S  <sos>  y_1 ... y_{T-1}

and predicts y_t at the position of the token before it (y_1 at <sos>). One id space: the source vocabulary's
ids as they are (0 ... src_vocab_size - 1), then the target vocabulary's shifted by src_vocab_size. The separator
is the target vocabulary's own <sos> (id src_vocab_size + SOS_ID): every family is fed <sos> first, so `step` and
the decoding loops need nothing new, and no position is spent on a second marker. The output layer covers the
target vocabulary only (the model is only asked to continue in the target language), so `step` gives (B,
tgt_vocab_size) logits and `forward` (B, T, tgt_vocab_size), as the other families. A batch of prompts of different
lengths is right-padded as models/net/batch.py pads it: padding keys are masked, and each row's positions count
its own tokens (its <sos> sits at position src_lens[b]), so a padded row computes exactly what it computes alone.

Embeddings are multiplied by √d_model (§3.4) and start at N(0, 1/d_model), so a token's vector and its position
PE(pos) are of the same size. The output layer is not tied to an embedding: safetensors (models/packs/pack.py)
stores no shared tensors.

KV cache. A decoding `state` is a KVCache: its `kv` (B, L, 2, h, P, d_k) holds, for each of L layers, the keys [0]
and values [1] of the P positions read so far, head by head. A step projects only the new token's Q, K, V, writes
its K, V at position P and attends over all P + 1; rows select as state.select(rows) (finished rows, beams). The
Transformer starts from P = 0 (its cross-attention K, V over the encoder output sit in the Memory, made once per
sentence); the GPT's state starts as the prompt's cache, made by `encode`.

Positions off (`without_positions`). Inside `with without_positions():` every pass of both families (encoder,
decoder, `step`, the GPT's prompt and sequence) adds PE(pos) = 0: the what-if "remove the positions" of the
Self-attention & positions page. Self-attention is then blind to order: permuting the source permutes the
encoder's output the same way, and cross-attention, a weighted sum over the source, does not change at all (the
decoder reads a bag of words; a causal mask, as the GPT's, still gives away some order). The switch is a context
variable, as the interface's language (explorer/i18n.py): it holds for one thread's script run, and the loaded
models, shared by every session, are never changed.

Copying (`copy`: models/net/pointer.py, See et al. 2017). Both families mix their output with one attention row:

    p_gen_t = σ(w · [a_t ; z_t ; e_t] + b),   P_t(w) = p_gen_t P_vocab,t(w) + (1 − p_gen_t) Σ_{j: x_j = w} c_tj

where c_t is the alignment head's row over the source (ALIGNMENT_LAYER, ALIGNMENT_HEAD of models/net/family.py:
the last layer's first head), a_t = Σ_j c_tj v_j that head's context over the source, z_t the final state LN(z_t)
the output layer reads, and e_t = E[y_{t-1}] √d_model the embedding of the token fed in. One head, not the mean of
all: it is the head guided alignment pulls towards the gold links and AER scores, so the row that copies is the
row the pages show as the model's alignment, and the other heads stay free to attend elsewhere (to the previous
word, to the punctuation) without blurring what is copied. The Transformer's row is its cross-attention; the GPT's
is the source block of its causal row (the first S columns), renormalised to sum to 1 over the source:
c_tj = w_tj / Σ_{k<S} w_tk (what the row gave <sos> and the output so far is not a source word to copy).

Recorded maps (`record`): weights and scores (B, L, h, queries, keys), with per-head queries, keys, values and
contexts (B, L, h, ., d_k). `scores` are Q K^T / √d_k as computed, before the mask: masked entries (padding, the
future) keep their finite raw score and get weight 0. Contexts are each head's weights · V, before Concat and W_O.

What-if (models/net/whatif.py). `step(..., reweight)` calls reweight(scores, weights, layer) once per layer, in
order, with the attention that reads the source: the Transformer's cross-attention (B, h, 1, S); the GPT's
self-attention row of the new token (B, h, 1, P + 1), whose first S keys are the prompt's. What it returns
(or None: keep them) are the weights that layer forms its contexts from, in every head. `record(..., weights=)`
puts such weights back, stacked over the steps as the map they sit in: the Transformer's "cross" rows (B, L, h,
T, S), the GPT's "causal" rows of the target positions (B, L, h, T, S + T), zero right of each row's own
position; so a what-if decoding's trace shows the weights it used, and its logits are the decoding's.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass, fields

import torch
import torch.nn.functional as F
from torch import nn

from models.net.attention_block import Attended, Layer, causal_mask, sinusoidal_positions, stack_layers
from models.net.family import ALIGNMENT_HEAD, ALIGNMENT_LAYER, RecordedMap, Recording
from models.net.pointer import CopyParts, CopySwitch, fed_ids, mix, source_ids, target_log_probs
from models.text.vocab import PAD_ID

TRANSFORMER, GPT_FAMILY = "transformer", "gpt"


@dataclass
class StackConfig:
    """The sizes both families share; saved next to the weights as config.json, with the family's name."""

    src_vocab_size: int
    tgt_vocab_size: int  # GPT: the embedding holds src_vocab_size + tgt_vocab_size ids, its output layer these
    d_model: int = 128  # width of every position's vector; even (sinusoids), a multiple of n_heads
    n_heads: int = 4  # h; each head has d_k = d_model / h
    n_layers: int = 3  # Transformer: layers of the encoder and of the decoder each; GPT: of its one stack
    d_ff: int = 512  # inner width of the position-wise feed-forward network
    dropout: float = 0.1  # on each sub-layer's output, the embeddings and the attention weights, while training
    max_source_len: int = 64  # longer inputs are cut (and the trace says so)
    max_output_len: int = 16
    copy: bool = False  # a copy head on the alignment head (module docstring); older configs read as no copy
    copied: int = 0  # a copy model trained with an order: the <copied:k> tokens it is fed (models/text/unknown.py)
    family: str = ""

    FAMILY = ""  # the family a subclass's configs must name (a class attribute, not a field)

    def __post_init__(self) -> None:
        if not self.FAMILY or self.family != self.FAMILY:  # a StackConfig itself is no family's
            raise ValueError(f"a {type(self).__name__} must name the family {self.FAMILY!r}, got {self.family!r}")
        for f in fields(self):
            value = getattr(self, f.name)
            minimum = 0 if f.name == "copied" else 1
            if f.type == "int" and (not isinstance(value, int) or isinstance(value, bool) or value < minimum):
                raise ValueError(f"{f.name} must be an integer >= {minimum}, got {value!r}")
        if not isinstance(self.copy, bool):
            raise ValueError(f"copy must be true or false, got {self.copy!r}")
        if self.copied and not self.copy:
            raise ValueError("copied tokens are fed back by a copy head: copied needs copy")
        if not isinstance(self.dropout, int | float) or isinstance(self.dropout, bool) or not 0 <= self.dropout < 1:
            raise ValueError(f"dropout must be a number in [0, 1), got {self.dropout!r}")
        if self.d_model % self.n_heads or self.d_model % 2:
            raise ValueError(f"d_model must be even and a multiple of n_heads, got {self.d_model}, {self.n_heads}")

    @property
    def hidden_size(self) -> int:
        """The width of the vectors a step hands on (a GRU's hidden_size): d_model."""
        return self.d_model

    @property
    def batch_rows(self) -> int:
        """Rows of one batch of batched greedy decoding (greedy_many's default): 16,384 // d_model, a quarter of a
        GRU's. A row carries every layer's K, V of the prompt and output (the GPT's 4 layers x 48 positions: 96 kB at
        d_model 64), so at the GRUs' 1,024 rows the tensors of a step no longer fit in cache: on dates, 256 rows
        decoded 15-35 % faster than 1,024 (within 10 % of 512, the best on numbers; python -m bench.decode_speed)."""
        return max(32, 16_384 // self.d_model)

    @property
    def max_positions(self) -> int:
        """Rows of the sinusoid matrix: enough for a longest source and a longest output, one after the other."""
        return self.max_source_len + self.max_output_len

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2) + "\n"

    @classmethod
    def from_dict(cls, raw: object):
        if not isinstance(raw, dict):
            raise ValueError("config must be a JSON object")
        unknown = set(raw) - {f.name for f in fields(cls)}
        if unknown:
            raise ValueError(f"unknown config keys: {sorted(unknown)}")
        missing = {"src_vocab_size", "tgt_vocab_size"} - set(raw)
        if missing:
            raise ValueError(f"missing config keys: {sorted(missing)}")
        return cls(**raw)


@dataclass
class TransformerConfig(StackConfig):
    family: str = TRANSFORMER
    FAMILY = TRANSFORMER


@dataclass
class GPTConfig(StackConfig):
    family: str = GPT_FAMILY
    FAMILY = GPT_FAMILY


@dataclass
class KVCache:
    """A decoding's keys and values of the P positions read so far, at every layer: `kv` (B, L, 2, h, P, d_k).

    They sit at the front of a buffer with room for more positions, so a step writes its one new position in place.
    (torch.cat of the whole cache at every step copied all of it again, in every layer: O(T^2) bytes for T tokens,
    which made batched GPT decoding, whose cache starts with the prompt, many times slower than the Transformer's.)
    A cache is still a value, as a tensor was: a step makes a new KVCache of P + 1 and leaves this one as it was.
    The buffer's positions past P belong to the cache that grew from this one first; growing this one a second
    time (what-if stepping twice from one state) copies its P positions to a buffer of its own.
    """

    buffer: torch.Tensor  # (B, L, 2, h, room, d_k): the first `length` positions are this cache's
    length: int  # P
    written: list[int]  # [positions of the buffer in use]: one list shared by the caches grown from one another

    @classmethod
    def holding(cls, kv: torch.Tensor, room: int = 0) -> KVCache:
        """A cache of kv (B, L, 2, h, P, d_k) in a buffer of its own with room for `room` positions (at least P)."""
        B, L, two, h, P, d_k = kv.shape
        buffer = kv.new_empty(B, L, two, h, max(room, P), d_k)  # (B, L, 2, h, room, d_k)
        buffer[:, :, :, :, :P] = kv
        return cls(buffer, P, [P])

    @property
    def kv(self) -> torch.Tensor:
        return self.buffer[:, :, :, :, : self.length]  # (B, L, 2, h, P, d_k)

    def __len__(self) -> int:
        return self.buffer.size(0)  # B, as len() of the tensor state of a GRU

    def layer(self, l: int) -> torch.Tensor:
        return self.buffer[:, l, :, :, : self.length]  # (B, 2, h, P, d_k)

    def grown(self) -> KVCache:
        """A cache of P + 1 positions whose last one the asking step writes (each layer through .layer(l)): in
        this buffer when it has room and no other cache grew from this one yet, else in a copy with twice the room."""
        P = self.length
        taken, full = self.written[0] != P, self.buffer.size(4) == P  # another cache grew from this one; no room
        if taken or full:
            return KVCache.holding(self.kv, room=2 * P + 1).grown()  # O(P) once per doubling, not once per step
        self.written[0] = P + 1
        return KVCache(self.buffer, P + 1, self.written)

    def select(self, rows: torch.Tensor) -> KVCache:
        """These batch rows, in this order (a row may repeat: beams of one sentence), in a buffer of their own."""
        return KVCache(self.buffer[rows], self.length, [self.length])


def padding_mask(src_lens: torch.Tensor, S: int) -> torch.Tensor | None:
    """(B, S) True on each row's real tokens; None when no row has padding (attention then skips the mask)."""
    mask = torch.arange(S, device=src_lens.device).unsqueeze(0) < src_lens.unsqueeze(1)  # (B, S)
    return None if bool(mask.all()) else mask


def recorded(site: str, rows: str, cols: str, seen: list[Attended]) -> RecordedMap:
    """One site's Attended of every layer as a RecordedMap: each field stacked to (B, L, h, ., .)."""

    def layers(name: str) -> torch.Tensor:
        return stack_layers([getattr(a, name) for a in seen])

    return RecordedMap(
        site,
        rows,
        cols,
        layers("weights"),  # (B, L, h, Q, K)
        layers("scores"),  # (B, L, h, Q, K)
        queries=layers("queries"),  # (B, L, h, Q, d_k)
        keys=layers("keys"),  # (B, L, h, K, d_k)
        values=layers("values"),  # (B, L, h, K, d_k)
        contexts=layers("contexts"),  # (B, L, h, Q, d_k)
    )


_positions_on: ContextVar[bool] = ContextVar("positions_on", default=True)


@contextmanager
def without_positions() -> Iterator[None]:
    """Inside the block, every pass of this thread adds PE(pos) = 0 (the module docstring's "Positions off")."""
    token = _positions_on.set(False)
    try:
        yield
    finally:
        _positions_on.reset(token)


def pe_rows(pe: torch.Tensor, n: int) -> torch.Tensor:
    """At least n rows of the sinusoid matrix: the model's buffer, or a longer matrix for a longer input; all zero
    inside `without_positions()`. Every pass of both families takes the PE it adds from here."""
    rows = pe if n <= pe.size(0) else sinusoidal_positions(n, pe.size(1)).to(pe)
    return rows if _positions_on.get() else torch.zeros_like(rows)


def at_layer(reweight: Callable | None, layer: int) -> Callable | None:
    """A what-if hook reweight(scores, weights, layer) (see the module docstring) as one layer's attention takes
    it: reweight(scores, weights)."""
    if reweight is None:
        return None
    return lambda scores, weights: reweight(scores, weights, layer)


def replayed(weights: torch.Tensor | None, layer: int, own_rows: int = 0) -> Callable | None:
    """A hook that puts back the weights a what-if decoding used at `layer`: weights (B, L, h, T, K) are the last
    T query rows of that layer's map; the first `own_rows` rows (the GPT's prompt) keep their own weights."""
    if weights is None:
        return None

    def put_back(scores: torch.Tensor, own: torch.Tensor) -> torch.Tensor:  # (B, h, own_rows + T, K)
        return torch.cat([own[..., :own_rows, :], weights[:, layer]], dim=-2)

    return put_back


def at_step_rows(at_steps: torch.Tensor, state: torch.Tensor, embedded: torch.Tensor, weights: torch.Tensor):
    """Row b's step at_steps[b] alone, as a target of one step: state z_t and embedding e_t (B, T, d_model) ->
    (B, 1, d_model), the copy layer's weights (B, h, T, K) -> (B, h, 1, K). The output layer and the copy head then
    cost one step a row (models/net/gradients.py scores one step per row), not T."""
    rows = torch.arange(len(at_steps), device=state.device)
    return (
        state[rows, at_steps].unsqueeze(1),
        embedded[rows, at_steps].unsqueeze(1),
        weights[rows, :, at_steps].unsqueeze(2),  # (B, h, K) -> (B, h, 1, K)
    )


def source_share(weights: torch.Tensor, values: torch.Tensor, S: int) -> tuple[torch.Tensor, torch.Tensor]:
    """The copy distribution and its context from one head's rows over keys whose first S are the source:
    c_tj = w_tj / Σ_{k<S} w_tk and a_t = Σ_j c_tj v_j. weights (B, T, K), values (B, K, d_k) -> (B, T, S), (B, T, d_k).
    (A Transformer's cross-attention row is all source, K = S, and is returned as it is.)"""
    block = weights[..., :S]  # (B, T, S)
    if weights.size(-1) > S:
        block = block / block.sum(-1, keepdim=True).clamp_min(1e-9)  # (B, T, S), rows sum to 1
    return block, block @ values[:, :S]  # (B, T, S) @ (B, S, d_k) -> (B, T, d_k)


class CopyHead(nn.Module):
    """The pointer-generator of the module docstring over one head's source row: p_gen and the mixture."""

    def __init__(self, d_model: int, n_heads: int):
        super().__init__()
        self.switch = CopySwitch(d_model // n_heads + 2 * d_model)  # [a_t (d_k) ; z_t ; e_t]

    def forward(self, logits, weights, values, S: int, state, embedded, src_ext, n_ext, targets=None):
        """logits (B, T, V); the copy layer's weights (B, h, T, K) and values (B, h, K, d_k), the source's S keys
        first; state z_t and embedding e_t (B, T, d_model). Returns log P_t (B, T, V + n_ext) and the CopyParts;
        with `targets` (B, T) (training), log P_t(y_t) (B, T) alone and no parts."""
        head = ALIGNMENT_HEAD
        weights, context = source_share(weights[:, head], values[:, head], S)  # (B, T, S), (B, T, d_k)
        p_gen = self.switch(context, state, embedded)  # (B, T, 1)
        if targets is not None:
            return target_log_probs(logits, weights, p_gen, src_ext, targets), None  # (B, T)
        parts = CopyParts(p_gen.squeeze(-1), torch.softmax(logits, -1), weights)
        return mix(logits, weights, p_gen, src_ext, n_ext), parts


def embedding_init(embed: nn.Embedding, d_model: int) -> nn.Embedding:
    nn.init.normal_(embed.weight, std=d_model**-0.5)  # times √d_model: about the size of PE(pos)
    with torch.no_grad():
        embed.weight[PAD_ID].zero_()
    return embed


@dataclass
class EncoderMemory:
    """What the Transformer's encoder hands to every decoder step of a batch of sentences."""

    states: torch.Tensor  # (B, S, d_model) the encoder's output m_j
    mask: torch.Tensor | None  # (B, S) True on real tokens; None when no row has padding
    cross_kv: torch.Tensor  # (B, L, 2, h, S, d_k) each decoder layer's cross-attention K = m W_K, V = m W_V
    encoder_pass: dict | None = None  # the pass that made it (Transformer.encoder_pass: maps, readout), for `record`
    src_ext: torch.Tensor | None = None  # copy models: (B, S) the extended target id of each source token
    n_ext: int = 0

    @property
    def key_mask(self) -> torch.Tensor | None:
        return None if self.mask is None else self.mask[:, None, None, :]  # (B, 1, 1, S)

    def select(self, rows: torch.Tensor) -> EncoderMemory:
        """These batch rows, in this order (a row may repeat: beams of one sentence); without the encoder pass."""
        mask = None if self.mask is None else self.mask[rows]
        ext = None if self.src_ext is None else self.src_ext[rows]
        return EncoderMemory(self.states[rows], mask, self.cross_kv[rows], None, ext, self.n_ext)


class Transformer(nn.Module):
    """The encoder-decoder of the module docstring."""

    def __init__(self, config: TransformerConfig):
        super().__init__()
        self.config = c = config
        self.src_embed = embedding_init(nn.Embedding(c.src_vocab_size, c.d_model, padding_idx=PAD_ID), c.d_model)
        self.tgt_embed = embedding_init(nn.Embedding(c.tgt_vocab_size, c.d_model, padding_idx=PAD_ID), c.d_model)
        self.register_buffer("pe", sinusoidal_positions(c.max_positions, c.d_model), persistent=False)
        self.drop = nn.Dropout(c.dropout)
        self.encoder = nn.ModuleList(
            Layer(c.d_model, c.n_heads, c.d_ff, c.dropout, cross=False) for _ in range(c.n_layers)
        )
        self.ln_enc = nn.LayerNorm(c.d_model)
        self.decoder = nn.ModuleList(
            Layer(c.d_model, c.n_heads, c.d_ff, c.dropout, cross=True) for _ in range(c.n_layers)
        )
        self.ln_dec = nn.LayerNorm(c.d_model)
        self.out = nn.Linear(c.d_model, c.tgt_vocab_size)
        self.scale = math.sqrt(c.d_model)
        self.copy = CopyHead(c.d_model, c.n_heads) if c.copy else None

    @property
    def uses_attention(self) -> bool:
        return True

    @property
    def copies(self) -> bool:
        return self.copy is not None

    @property
    def uses_positions(self) -> bool:
        """It adds PE(pos) to its inputs (a GRU reads the order from its recurrence and has no such property)."""
        return True

    def encoder_pass(self, src: torch.Tensor, src_lens: torch.Tensor, embedded: torch.Tensor | None = None) -> dict:
        """The encoder over src (B, S): its output m (B, S, d_model), the padding mask, and what `record` keeps."""
        S = src.size(1)
        mask = padding_mask(src_lens, S)  # (B, S) or None
        embedded = self.src_embed(src) if embedded is None else embedded  # (B, S, d_model)
        positions = pe_rows(self.pe, S)[:S]  # (S, d_model)
        x = self.drop(embedded * self.scale + positions)  # (B, S, d_model)
        x_in, outputs, seen = x, [], []
        key_mask = None if mask is None else mask[:, None, None, :]  # (B, 1, 1, S): every query sees every real key
        for layer in self.encoder:
            x, _, attended, _ = layer(x, key_mask)  # (B, S, d_model)
            outputs.append(x)
            seen.append(attended)
        states = self.ln_enc(x)  # (B, S, d_model)
        return {"states": states, "mask": mask, "seen": seen, "input": x_in, "positions": positions, "layers": outputs}

    def memory_of(self, p: dict, src=None, src_ext=None) -> EncoderMemory:
        """The Memory of an encoder pass p, keeping p: `record` of these sentences reads its maps from it."""
        m = p["states"]  # (B, S, d_model)
        kv = [torch.stack(layer.cross_attn.keys_values(m), dim=1) for layer in self.decoder]  # (B, 2, h, S, d_k)
        ext, n_ext = source_ids(src_ext, src, self.config.tgt_vocab_size) if self.copy else (None, 0)
        return EncoderMemory(m, p["mask"], stack_layers(kv), p, ext, n_ext)  # cross_kv (B, L, 2, h, S, d_k)

    def encode(self, src, src_lens, embedded: torch.Tensor | None = None, src_ext=None) -> EncoderMemory:
        """src (B, S) ids, src_lens (B,) -> the encoder's output, its padding mask, and every decoder layer's
        cross-attention K and V (made once per sentence). `embedded` (B, S, d_model) replaces E_src[x_j];
        `src_ext` (B, S): a copy model's extended ids of the source tokens (models/net/pointer.py)."""
        return self.memory_of(self.encoder_pass(src, src_lens, embedded), src, src_ext)

    def start(self, memory: EncoderMemory) -> KVCache:
        """An empty KV cache, P = 0, with room for a longest output."""
        B, L, _, h, _, d_k = memory.cross_kv.shape
        return KVCache.holding(memory.cross_kv.new_zeros(B, L, 2, h, 0, d_k), room=self.config.max_output_len)

    @staticmethod
    def select_state(state: KVCache, rows: torch.Tensor) -> KVCache:
        return state.select(rows)

    def decoder_pass(
        self, memory: EncoderMemory, tgt_in: torch.Tensor, cross_weights=None, targets=None, at_steps=None
    ) -> dict:
        """The decoder over a whole target at once (teacher forcing), tgt_in (B, T) = <sos> y_1 ... y_{T-1}, with
        the causal mask. `cross_weights` (B, L, h, T, S): the cross-attention weights to use instead of the
        model's own (what-if). Returns logits (B, T, V) and what `record` keeps; with `at_steps` (B,), logits
        (B, 1, V) of row b's step at_steps[b] only (the output layer and the copy head run on that step alone)."""
        T = tgt_in.size(1)
        positions = pe_rows(self.pe, T)[:T]  # (T, d_model)
        fed = fed_ids(
            tgt_in, self.config.tgt_vocab_size, self.config.copied
        )  # (B, T): a copied word as <unk>/<copied:k>
        embedded = self.tgt_embed(fed) * self.scale  # (B, T, d_model) e_t
        x = self.drop(embedded + positions)  # (B, T, d_model)
        x_in, outputs, seen_self, seen_cross = x, [], [], []
        mask = causal_mask(T).to(x.device)  # (T, T), broadcast over batch and heads
        for l, layer in enumerate(self.decoder):
            kv, replay = memory.cross_kv[:, l], replayed(cross_weights, l)
            x, _, s, c = layer(x, mask, None, kv, memory.key_mask, cross_reweight=replay)  # (B, T, d_model)
            outputs.append(x)
            seen_self.append(s)
            seen_cross.append(c)
        state = self.ln_dec(x)  # (B, T, d_model) z_t
        c = seen_cross[ALIGNMENT_LAYER]
        copy_weights = c.weights  # (B, h, T, S)
        if at_steps is not None:  # a causal decoder: position t's z_t is the same whatever follows it
            state, embedded, copy_weights = at_step_rows(at_steps, state, embedded, copy_weights)
        logits, copy = self.out(state), None  # (B, T, V)
        if self.copy is not None:
            S = memory.states.size(1)
            ext, n = memory.src_ext, memory.n_ext
            logits, copy = self.copy(logits, copy_weights, c.values, S, state, embedded, ext, n, targets)
        return {
            "logits": logits,
            "copy": copy,
            "seen_self": seen_self,
            "seen_cross": seen_cross,
            "input": x_in,
            "positions": positions,
            "layers": outputs,
        }

    def step(self, prev: torch.Tensor, state: KVCache, memory: EncoderMemory, reweight=None):
        """One decoding step for B sentences, prev (B,) the previous token ids, state the KV cache of P positions.
        Only the new token is projected; its K, V are written at P. Returns logits (B, V) and the cache of P + 1.
        `reweight(scores, weights, layer)` may replace each layer's cross-attention weights (B, h, 1, S) (what-if:
        see the module docstring)."""
        P = state.length  # positions decoded so far: the new token's position
        pe = pe_rows(self.pe, P + 1)[P]  # (d_model,)
        fed = fed_ids(prev, self.config.tgt_vocab_size, self.config.copied)  # (B,)
        embedded = F.embedding(fed, self.tgt_embed.weight) * self.scale
        x = self.drop(embedded + pe).unsqueeze(1)  # (B, 1, d_model)
        state = state.grown()  # P + 1 positions; each layer writes its K, V at P
        seen = []
        for l, layer in enumerate(self.decoder):
            # no self-attention mask: the newest position sees every cached one
            cross = at_layer(reweight, l)
            x, _, _, c = layer(x, None, state.layer(l), memory.cross_kv[:, l], memory.key_mask, cross_reweight=cross)
            seen.append(c)
        z = self.ln_dec(x)  # (B, 1, d_model)
        logits = self.out(z)  # (B, 1, V)
        if self.copy is not None:
            S = memory.states.size(1)
            ext, n = memory.src_ext, memory.n_ext
            c = seen[ALIGNMENT_LAYER]
            logits, _ = self.copy(logits, c.weights, c.values, S, z, embedded.unsqueeze(1), ext, n)
        return logits[:, 0], state  # (B, V), or log P_t (B, V + n_ext)

    def forward(self, src, src_lens, tgt_in, embedded=None, at_steps=None, src_ext=None, targets=None) -> torch.Tensor:
        """Teacher-forced logits (B, T, V) for decoder inputs tgt_in (B, T) = <sos> y_1 ... y_{T-1};
        with `at_steps` (B,), the logits (B, V) of step at_steps[b] of row b only. `src_ext`: see `encode`;
        `targets` (a copy model, training): log P_t(y_t) (B, T) of these extended target ids only."""
        memory = self.encode(src, src_lens, embedded, src_ext)
        logits = self.decoder_pass(memory, tgt_in, targets=targets, at_steps=at_steps)["logits"]
        return logits if at_steps is None else logits[:, 0]

    def record(
        self,
        src,
        src_lens,
        tgt_in,
        memory: EncoderMemory | None = None,
        step_states=None,
        weights=None,
        src_ext=None,
        targets=None,
    ) -> Recording:
        """`forward`, keeping three maps: "encoder_self" (B, L, h, S, S), "decoder_self" (B, L, h, T, T, zero above
        the diagonal) and "cross" (B, L, h, T, S); and the readout: "source_positions" PE(j) and "source_embedded"
        (the encoder's input E_src[x_j] √d_model + PE(j)) (B, S, d_model), "encoder_layers" (B, L, S, d_model),
        "memory" m (B, S, d_model), and "output_positions", "output_embedded" (B, T, d_model), "decoder_layers"
        (B, L, T, d_model), also as "output_layers" (the name both families give the output steps' residual stream
        after each layer). `memory`: these sentences' encoding (`encode` of the same src), when decoding made it
        already: its encoder pass is reused, not run again (at batch 1 it is a third of `record`); `step_states` is
        accepted for the interface but not used. `weights` (B, L, h, T, S): the cross-attention weights a what-if
        decoding used, to use again. A copy model's readout adds "p_gen", "vocab_probs" and "copy_weights"
        (models/net/pointer.py: CopyParts)."""
        if memory is None or memory.encoder_pass is None:
            memory = self.encode(src, src_lens, src_ext=src_ext)
        elif src_ext is not None and self.copy is not None:
            memory = self.memory_of(memory.encoder_pass, src, src_ext)
        enc = memory.encoder_pass
        dec = self.decoder_pass(memory, tgt_in, weights, targets)
        B = src.size(0)
        readout = {
            "source_positions": enc["positions"].expand(B, -1, -1),
            "source_embedded": enc["input"],
            "encoder_layers": stack_layers(enc["layers"]),
            "memory": enc["states"],
            "output_positions": dec["positions"].expand(B, -1, -1),
            "output_embedded": dec["input"],
            "decoder_layers": stack_layers(dec["layers"]),
            "output_layers": stack_layers(dec["layers"]),  # both families' name for the steps' residual stream
        }
        if dec["copy"] is not None:
            readout.update(dec["copy"].readout())
        maps = (
            recorded("encoder_self", "source", "source", enc["seen"]),
            recorded("decoder_self", "output", "read", dec["seen_self"]),
            recorded("cross", "output", "source", dec["seen_cross"]),
        )
        return Recording(dec["logits"], maps, readout)


@dataclass
class PromptMemory:
    """The GPT's reading of a batch of prompts (the source sentences): the cache its decoding starts from."""

    cache: torch.Tensor  # (B, L, 2, h, S, d_k) the prompt's K and V at every layer
    mask: torch.Tensor | None  # (B, S) True on real tokens; None when no row has padding
    lens: torch.Tensor  # (B,) source lengths: the position of each row's <sos>
    src_ext: torch.Tensor | None = None  # copy models: (B, S) the extended target id of each source token
    n_ext: int = 0

    def select(self, rows: torch.Tensor) -> PromptMemory:
        mask = None if self.mask is None else self.mask[rows]
        ext = None if self.src_ext is None else self.src_ext[rows]
        return PromptMemory(self.cache[rows], mask, self.lens[rows], ext, self.n_ext)


class GPT(nn.Module):
    """The decoder-only model of the module docstring."""

    def __init__(self, config: GPTConfig):
        super().__init__()
        self.config = c = config
        self.tok_embed = embedding_init(  # source ids, then target ids + src_vocab_size
            nn.Embedding(c.src_vocab_size + c.tgt_vocab_size, c.d_model, padding_idx=PAD_ID), c.d_model
        )
        self.register_buffer("pe", sinusoidal_positions(c.max_positions, c.d_model), persistent=False)
        self.drop = nn.Dropout(c.dropout)
        self.layers = nn.ModuleList(
            Layer(c.d_model, c.n_heads, c.d_ff, c.dropout, cross=False, activation="gelu") for _ in range(c.n_layers)
        )
        self.ln_f = nn.LayerNorm(c.d_model)
        self.out = nn.Linear(c.d_model, c.tgt_vocab_size)  # the target vocabulary only
        self.scale = math.sqrt(c.d_model)
        self.copy = CopyHead(c.d_model, c.n_heads) if c.copy else None

    @property
    def uses_attention(self) -> bool:
        return True

    @property
    def copies(self) -> bool:
        return self.copy is not None

    @property
    def uses_positions(self) -> bool:
        """It adds PE(pos) to its inputs (a GRU reads the order from its recurrence and has no such property)."""
        return True

    @property
    def src_embed(self) -> nn.Embedding:
        """The embedding of source ids (they keep their ids in the joint vocabulary): F.embedding(src, .weight)."""
        return self.tok_embed

    def encode(self, src, src_lens, embedded: torch.Tensor | None = None, src_ext=None) -> PromptMemory:
        """Read the prompts src (B, S) (right-padded; src_lens (B,)) with the causal mask: the KV cache of every
        layer, the padding mask and the lengths. `embedded` (B, S, d_model) replaces E[x_j]; `src_ext` (B, S): a
        copy model's extended ids of the source tokens (models/net/pointer.py)."""
        S = src.size(1)
        mask = padding_mask(src_lens, S)  # (B, S) or None
        embedded = self.tok_embed(src) if embedded is None else embedded  # (B, S, d_model)
        x = self.drop(embedded * self.scale + pe_rows(self.pe, S)[:S])  # (B, S, d_model)
        attn_mask = causal_mask(S).to(x.device)  # (S, S)
        if mask is not None:
            attn_mask = attn_mask & mask[:, None, None, :]  # (B, 1, S, S): no query sees padding
        kvs = []
        for layer in self.layers:
            x, kv, _, _ = layer(x, attn_mask)  # (B, S, d_model); kv (B, 2, h, S, d_k)
            kvs.append(kv)
        ext, n_ext = source_ids(src_ext, src, self.config.tgt_vocab_size) if self.copy else (None, 0)
        return PromptMemory(stack_layers(kvs), mask, src_lens, ext, n_ext)

    def start(self, memory: PromptMemory) -> KVCache:
        """The prompt's KV cache (S positions), with room for a longest output: each step appends one position."""
        return KVCache.holding(memory.cache, room=memory.cache.size(4) + self.config.max_output_len)

    @staticmethod
    def select_state(state: KVCache, rows: torch.Tensor) -> KVCache:
        return state.select(rows)

    def step(self, prev: torch.Tensor, state: KVCache, memory: PromptMemory, reweight=None):
        """Append target token prev (B,) (<sos> first: the separator) to the cache state of P positions.
        Returns the logits of the next target token (B, tgt_vocab_size) and the cache with P + 1 positions.
        `reweight(scores, weights, layer)` may replace each layer's self-attention row of the new token (B, h, 1,
        P + 1), the prompt's S keys first (what-if: see the module docstring)."""
        B, S, P = prev.size(0), memory.cache.size(4), state.length
        pos = memory.lens + (P - S)  # (B,) each row's own position: its source length + the tokens fed so far
        fed = fed_ids(prev, self.config.tgt_vocab_size, self.config.copied)  # (B,)
        token = fed + self.config.src_vocab_size  # ids in the joint vocabulary
        pe = pe_rows(self.pe, P + 1)[pos]  # (B, d_model); pos <= P as lens <= S
        embedded = F.embedding(token, self.tok_embed.weight) * self.scale  # (B, d_model) e_t
        x = self.drop(embedded + pe).unsqueeze(1)  # (B, 1, d_model)
        mask = None
        if memory.mask is not None:  # the prompt's padding stays hidden; every fed token is real
            keys = torch.cat([memory.mask, memory.mask.new_ones(B, P - S + 1)], dim=1)  # (B, P + 1)
            mask = keys[:, None, None, :]  # (B, 1, 1, P + 1)
        state = state.grown()  # P + 1 positions; each layer writes its K, V at P
        seen = []
        for l, layer in enumerate(self.layers):
            x, _, a, _ = layer(x, mask, state.layer(l), self_reweight=at_layer(reweight, l))  # (B, 1, d_model)
            seen.append(a)
        z = self.ln_f(x)  # (B, 1, d_model)
        logits = self.out(z)  # (B, 1, tgt_vocab_size)
        if self.copy is not None:  # the source block of the new token's row: its first S keys
            ext, n = memory.src_ext, memory.n_ext
            a = seen[ALIGNMENT_LAYER]
            logits, _ = self.copy(logits, a.weights, a.values, S, z, embedded.unsqueeze(1), ext, n)
        return logits[:, 0], state  # (B, tgt_vocab_size), or log P_t (B, V + n_ext)

    def sequence_pass(
        self, src, src_lens, tgt_in, embedded=None, target_weights=None, src_ext=None, targets=None, at_steps=None
    ) -> dict:
        """The stack over source + tgt_in at once (teacher forcing): N = S + T positions, causal and padding masks.
        `target_weights` (B, L, h, T, N): the weights of the target positions' rows to use instead of the model's
        own (what-if). Returns logits (B, T, tgt_vocab_size) at the target positions, and what `record` keeps;
        with `at_steps` (B,), logits (B, 1, V) of row b's target step at_steps[b] only."""
        (B, S), T = src.shape, tgt_in.size(1)
        fed = fed_ids(tgt_in, self.config.tgt_vocab_size, self.config.copied)  # (B, T): a copied word reads as <unk>
        tokens = torch.cat([src, fed + self.config.src_vocab_size], dim=1)  # (B, N) joint ids
        x = self.tok_embed(tokens)  # (B, N, d_model)
        e = x[:, S:] * self.scale  # (B, T, d_model) e_t: what the copy switch reads of each fed token
        if embedded is not None:
            x = torch.cat([embedded, x[:, S:]], dim=1)  # (B, N, d_model)
        steps = torch.arange(T, device=src.device)
        where = torch.cat([torch.arange(S, device=src.device).expand(B, S), src_lens[:, None] + steps], dim=1)  # (B, N)
        positions = pe_rows(self.pe, S + T)[where]  # (B, N, d_model): the target starts at each row's own length
        x = self.drop(x * self.scale + positions)  # (B, N, d_model)
        mask = causal_mask(S + T).to(x.device)  # (N, N)
        src_mask = padding_mask(src_lens, S)
        if src_mask is not None:
            keys = torch.cat([src_mask, src_mask.new_ones(B, T)], dim=1)  # (B, N)
            mask = mask & keys[:, None, None, :]  # (B, 1, N, N)
        x_in, outputs, seen = x, [], []
        for l, layer in enumerate(self.layers):
            x, _, attended, _ = layer(x, mask, self_reweight=replayed(target_weights, l, S))  # (B, N, d_model)
            outputs.append(x)
            seen.append(attended)
        z = self.ln_f(x[:, S:])  # (B, T, d_model): the positions of <sos>, y_1, ...
        last = seen[ALIGNMENT_LAYER]
        copy_weights = last.weights[..., S:, :]  # (B, h, T, N): its rows of the target positions
        if at_steps is not None:  # causal: position t's z_t is the same whatever follows it
            z, e, copy_weights = at_step_rows(at_steps, z, e, copy_weights)
        logits, copy = self.out(z), None  # (B, T, tgt_vocab_size)
        if self.copy is not None:
            ext, n_ext = source_ids(src_ext, src, self.config.tgt_vocab_size)
            logits, copy = self.copy(logits, copy_weights, last.values, S, z, e, ext, n_ext, targets)
        return {"logits": logits, "copy": copy, "seen": seen, "input": x_in, "positions": positions, "layers": outputs}

    def forward(self, src, src_lens, tgt_in, embedded=None, at_steps=None, src_ext=None, targets=None) -> torch.Tensor:
        """Teacher-forced logits (B, T, tgt_vocab_size) for tgt_in (B, T) = <sos> y_1 ... y_{T-1} after the source;
        with `at_steps` (B,), the logits (B, V) of step at_steps[b] of row b only. `src_ext`: see `encode`;
        `targets` (a copy model, training): log P_t(y_t) (B, T) of these extended target ids only."""
        passed = self.sequence_pass(
            src, src_lens, tgt_in, embedded, src_ext=src_ext, targets=targets, at_steps=at_steps
        )
        return passed["logits"] if at_steps is None else passed["logits"][:, 0]

    def record(
        self,
        src,
        src_lens,
        tgt_in,
        memory: PromptMemory | None = None,
        step_states=None,
        weights=None,
        src_ext=None,
        targets=None,
    ) -> Recording:
        """`forward`, keeping two maps and the readout.

        "causal" (B, L, h, N, N), rows = cols = "sequence": x_1 ... x_S <sos> y_1 ... y_{T-1}, N = S + T; zero above
        the diagonal (and on padding columns).
        "cross" (B, L, h, T, S), rows "output", cols "source": the block of "causal" whose rows are the target
        positions and whose columns are the source's, causal[..., S:, :S]. Row t (0-based) is the position of
        the t-th token fed (<sos> for t = 0), the one that predicts output token t, as the other families' row t.
        Its weights do not sum to 1: the rest of each row went to <sos> and the output so far. Its contexts are
        the source's share of each head's context, sum over source j of c_tj v_j (so context_error checks them).
        Readout: "positions" PE rows used and "embedded" (the stack's input) (B, N, d_model), "layers" (B, L, N,
        d_model), and "output_layers" (B, L, T, d_model), its output steps' rows (layers[:, :, S:]). `memory` and
        `step_states` are accepted for the interface but not used: the maps need every position's queries.
        `weights` (B, L, h, T, N): the rows of "causal" at the target positions that a what-if decoding used, to use
        again (the prompt's own rows are its own). A copy model's readout adds "p_gen", "vocab_probs" and
        "copy_weights" (the renormalised source block of the alignment head's rows).
        """
        ext = src_ext if src_ext is not None or memory is None else memory.src_ext
        p = self.sequence_pass(src, src_lens, tgt_in, target_weights=weights, src_ext=ext, targets=targets)
        causal = recorded("causal", "sequence", "sequence", p["seen"])
        S = src.size(1)
        weights = causal.weights[..., S:, :S]  # (B, L, h, T, S)
        values = causal.values[..., :S, :]  # (B, L, h, S, d_k)
        cross = RecordedMap(
            "cross",
            "output",
            "source",
            weights,
            causal.scores[..., S:, :S],  # (B, L, h, T, S)
            queries=causal.queries[..., S:, :],  # (B, L, h, T, d_k)
            keys=causal.keys[..., :S, :],  # (B, L, h, S, d_k)
            values=values,
            contexts=weights @ values,  # (B, L, h, T, S) @ (B, L, h, S, d_k) -> (B, L, h, T, d_k)
        )
        layers = stack_layers(p["layers"])  # (B, L, N, d_model)
        readout = {
            "positions": p["positions"],
            "embedded": p["input"],
            "layers": layers,
            "output_layers": layers[:, :, S:],  # (B, L, T, d_model): the rows of the output steps, as the Transformer's
        }
        if p["copy"] is not None:
            readout.update(p["copy"].readout())
        return Recording(p["logits"], (causal, cross), readout)
