"""The parts the Transformer and the GPT (models/net/transformer.py) are built from (Vaswani et al. 2017, §3).

    positions   PE(pos, 2i) = sin(pos / 10000^(2i / d_model)),   PE(pos, 2i+1) = cos(pos / 10000^(2i / d_model))
    attention   Attention(Q, K, V) = softmax(Q K^T / √d_k) V
    heads       head_h = Attention(x W_Q^h, m W_K^h, m W_V^h),   MultiHead(x, m) = Concat(head_1 ... head_h) W_O
    feed-fwd    FFN(x) = act(x W_1 + b_1) W_2 + b_2      (act = max(0, .) in the paper; GELU in GPT)
    layer       x = x + SelfAttention(LN(x));   x = x + CrossAttention(LN(x), m);   x = x + FFN(LN(x))

x holds the queries' positions, m the keys' (m = x in self-attention; the encoder's output in cross-attention).

Pre-norm. The paper puts LayerNorm after each residual sum (post-norm: x = LN(x + Sublayer(x))); we put it in
front of each sub-layer, x = x + Sublayer(LN(x)), and one final LayerNorm after the stack (GPT-2, the annotated
Transformer). The residual stream is then an identity path from the embeddings to the last layer, so every
layer gets a full-strength gradient: small models train reliably without the paper's learning-rate warm-up,
where post-norm often diverges or stalls (Xiong et al. 2020, "On Layer Normalization in the Transformer").

Masks are boolean and True where a query may see a key (as torch.nn.functional.scaled_dot_product_attention),
broadcastable to (B, h, T_q, T_k).

What-if (models/net/whatif.py): `attend` takes a `reweight(scores, weights)` that may return other weights
(B, h, T_q, T_k) to form the contexts from; `Layer` passes one to its self- or its cross-attention.

Heads switched off (models/net/views.py `heads_off`): inside the block, a MultiHeadAttention listed in the
context variable multiplies its heads' contexts by a 0/1 mask before Concat and W_O, so a head off adds nothing
(W_O's bias stays). A context variable, as positions off: the loaded models, shared by every session, never change.
"""

from __future__ import annotations

import math
from contextvars import ContextVar
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn


def sinusoidal_positions(max_len: int, d_model: int) -> torch.Tensor:
    """The (max_len, d_model) matrix of §3.5: row pos is PE(pos); even columns 2i hold sin(pos / 10000^(2i/d_model)),
    odd columns 2i+1 the cos of the same angle. d_model must be even."""
    pos = torch.arange(max_len, dtype=torch.float32).unsqueeze(1)  # (max_len, 1)
    rates = torch.pow(10000.0, -torch.arange(0, d_model, 2, dtype=torch.float32) / d_model)  # (d_model/2,)
    angles = pos * rates  # (max_len, d_model/2) pos / 10000^(2i/d_model)
    pe = torch.zeros(max_len, d_model)
    pe[:, 0::2] = torch.sin(angles)
    pe[:, 1::2] = torch.cos(angles)
    return pe


def causal_mask(T: int) -> torch.Tensor:
    """(T, T) True on and below the diagonal: position i sees keys 0..i, never a later one."""
    return torch.ones(T, T, dtype=torch.bool).tril()


@dataclass
class Attended:
    """One attention of one layer, head by head: what a recorded pass keeps."""

    queries: torch.Tensor  # (B, h, T_q, d_k) Q = x W_Q
    keys: torch.Tensor  # (B, h, T_k, d_k) K = m W_K
    values: torch.Tensor  # (B, h, T_k, d_k) V = m W_V
    scores: torch.Tensor  # (B, h, T_q, T_k) Q K^T / √d_k, before the mask (finite everywhere)
    weights: torch.Tensor  # (B, h, T_q, T_k) softmax over the keys the mask lets through; 0 on the others
    contexts: torch.Tensor  # (B, h, T_q, d_k) weights · V, each head's output before Concat and W_O


def attend(
    Q: torch.Tensor,
    K: torch.Tensor,
    V: torch.Tensor,
    mask: torch.Tensor | None = None,
    dropout: float = 0.0,
    reweight=None,
):
    """Scaled dot-product attention, softmax(Q K^T / √d_k) V, for every head at once.

    Q (B, h, T_q, d_k), K and V (B, h, T_k, d_k); mask broadcastable to (B, h, T_q, T_k), True where a query may
    see a key (None: every key). Returns scores (scaled, before the mask), weights and contexts.
    `dropout` drops weights while training (the weights returned are the softmax's own).
    `reweight(scores, weights)` may return other weights (B, h, T_q, T_k), or None: the contexts are formed
    from them and they are the weights returned (what-if, models/net/whatif.py).
    """
    d_k = Q.size(-1)
    scores = Q @ K.transpose(-2, -1) / math.sqrt(d_k)  # (B, h, T_q, d_k) @ (B, h, d_k, T_k) -> (B, h, T_q, T_k)
    masked = scores if mask is None else scores.masked_fill(~mask, float("-inf"))  # (B, h, T_q, T_k)
    weights = F.softmax(masked, dim=-1)  # (B, h, T_q, T_k), each row sums to 1 over the keys it may see
    if reweight is not None and (replaced := reweight(scores, weights)) is not None:
        weights = replaced  # (B, h, T_q, T_k) the weights a what-if experiment uses instead
    dropped = F.dropout(weights, dropout) if dropout else weights  # (B, h, T_q, T_k)
    contexts = dropped @ V  # (B, h, T_q, T_k) @ (B, h, T_k, d_k) -> (B, h, T_q, d_k)
    return scores, weights, contexts


# id(MultiHeadAttention) -> (h,) 1.0 for a head that is kept, 0.0 for one switched off (see the module docstring)
heads_kept: ContextVar[dict[int, torch.Tensor] | None] = ContextVar("heads_kept", default=None)


class MultiHeadAttention(nn.Module):
    """h heads of d_k = d_model / h, each with its own slice of W_Q, W_K, W_V; their contexts concatenated, then W_O.

    The h projections W_Q^1 ... W_Q^h sit side by side in one (d_model, d_model) matrix W_Q (and so on), laid out as
    torch.nn.MultiheadAttention's in_proj_weight = [W_Q; W_K; W_V] and out_proj = W_O.
    """

    def __init__(self, d_model: int, n_heads: int, dropout: float = 0.0):
        super().__init__()
        if d_model % n_heads:
            raise ValueError(f"d_model {d_model} must be a multiple of n_heads {n_heads}")
        self.h, self.d_k, self.dropout = n_heads, d_model // n_heads, dropout
        self.W_Q = nn.Linear(d_model, d_model)
        self.W_K = nn.Linear(d_model, d_model)
        self.W_V = nn.Linear(d_model, d_model)
        self.W_O = nn.Linear(d_model, d_model)

    def split_heads(self, x: torch.Tensor) -> torch.Tensor:
        B, T, _ = x.shape
        return x.view(B, T, self.h, self.d_k).transpose(1, 2)  # (B, T, d_model) -> (B, h, T, d_k)

    def keys_values(self, m: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """K = m W_K and V = m W_V for positions m (B, T, d_model): two (B, h, T, d_k). Cross-attention makes them
        once per sentence; self-attention once per position, then caches them."""
        K = self.split_heads(self.W_K(m))  # (B, h, T, d_k)
        V = self.split_heads(self.W_V(m))  # (B, h, T, d_k)
        return K, V

    def forward(
        self, x: torch.Tensor, K: torch.Tensor, V: torch.Tensor, mask: torch.Tensor | None = None, reweight=None
    ):
        """MultiHead(x, m) for queries x (B, T_q, d_model) over the keys and values of m (B, h, T_k, d_k).
        Returns the output (B, T_q, d_model) and the Attended of every head. `reweight`: see `attend`."""
        B, T_q, _ = x.shape
        Q = self.split_heads(self.W_Q(x))  # (B, h, T_q, d_k)
        scores, weights, contexts = attend(Q, K, V, mask, self.dropout if self.training else 0.0, reweight)
        if (off := heads_kept.get()) is not None and (kept := off.get(id(self))) is not None:
            contexts = contexts * kept[:, None, None]  # (B, h, T_q, d_k): a head switched off adds nothing
        concat = contexts.transpose(1, 2).reshape(B, T_q, self.h * self.d_k)  # (B, T_q, h * d_k = d_model)
        return self.W_O(concat), Attended(Q, K, V, scores, weights, contexts)  # (B, T_q, d_model)


class FeedForward(nn.Module):
    """FFN(x) = act(x W_1 + b_1) W_2 + b_2, the same two layers at every position (d_model -> d_ff -> d_model)."""

    def __init__(self, d_model: int, d_ff: int, activation: str = "relu"):
        super().__init__()
        self.W_1 = nn.Linear(d_model, d_ff)
        self.W_2 = nn.Linear(d_ff, d_model)
        self.act = F.gelu if activation == "gelu" else F.relu

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.W_2(self.act(self.W_1(x)))  # (B, T, d_model) -> (B, T, d_ff) -> (B, T, d_model)


class Layer(nn.Module):
    """One layer of a stack: masked self-attention, cross-attention (decoder layers only), feed-forward; each a
    pre-norm residual sub-layer x = x + Dropout(Sublayer(LN(x)))."""

    def __init__(self, d_model: int, n_heads: int, d_ff: int, dropout: float, cross: bool, activation: str = "relu"):
        super().__init__()
        self.ln_self = nn.LayerNorm(d_model)
        self.self_attn = MultiHeadAttention(d_model, n_heads, dropout)
        self.ln_cross = nn.LayerNorm(d_model) if cross else None
        self.cross_attn = MultiHeadAttention(d_model, n_heads, dropout) if cross else None
        self.ln_ff = nn.LayerNorm(d_model)
        self.ff = FeedForward(d_model, d_ff, activation)
        self.drop = nn.Dropout(dropout)

    def forward(
        self,
        x: torch.Tensor,
        mask: torch.Tensor | None = None,
        cache: torch.Tensor | None = None,
        memory_kv: torch.Tensor | None = None,
        memory_mask: torch.Tensor | None = None,
        self_reweight=None,
        cross_reweight=None,
    ):
        """The layer over the T newest positions x (B, T, d_model).

        cache (B, 2, h, P + T, d_k): the K and V of the P positions before them, with room for these T, which the
        layer writes in place (a view of a decoding's KVCache, models/net/transformer.py); None: there are none;
        mask: which of the P + T keys each of the T queries sees, broadcastable to (B, h, T, P + T);
        memory_kv (B, 2, h, S, d_k) and memory_mask (B, 1, 1, S): the encoder's K, V and padding (cross layers);
        self_reweight, cross_reweight: what-if hooks of the self- and the cross-attention (see `attend`).
        Returns x (B, T, d_model), the K and V the self-attention read (B, 2, h, P + T, d_k): the cache, or the
        new positions' own, and the Attended of the self-attention and of the cross-attention (None without).
        """
        h = self.ln_self(x)  # (B, T, d_model)
        K, V = self.self_attn.keys_values(h)  # (B, h, T, d_k) each: only the new positions are projected
        if cache is None:
            kv = torch.stack([K, V], dim=1)  # (B, 2, h, T, d_k)
        else:
            T = x.size(1)
            cache[:, 0, :, -T:] = K  # written in place: no copy of the P positions before them
            cache[:, 1, :, -T:] = V
            kv, K, V = cache, cache[:, 0], cache[:, 1]  # (B, 2, h, P + T, d_k); (B, h, P + T, d_k) each
        out, seen_self = self.self_attn(h, K, V, mask, self_reweight)  # (B, T, d_model)
        x = x + self.drop(out)
        seen_cross = None
        if self.cross_attn is not None:
            h = self.ln_cross(x)  # (B, T, d_model)
            K, V = memory_kv[:, 0], memory_kv[:, 1]  # (B, h, S, d_k) each
            out, seen_cross = self.cross_attn(h, K, V, memory_mask, cross_reweight)  # (B, T, d_model)
            x = x + self.drop(out)
        x = x + self.drop(self.ff(self.ln_ff(x)))  # (B, T, d_model)
        return x, kv, seen_self, seen_cross


def stack_layers(per_layer: list[torch.Tensor]) -> torch.Tensor:
    """Per-layer (B, ...) tensors as one (B, L, ...) tensor: the layout of every recorded map and of the KV cache."""
    return torch.stack(per_layer, dim=1)
