"""Beyond the raw weights: other readings of a recorded attention map, and heads switched off.

Raw weights α_ij say how much query i looks at key j, not how much of key j reaches the output. Three readings
that get closer to what the model uses:

value-weighted   (Kobayashi et al. 2020, "Attention is not only a weight")
                 ‖α_ij f(x_j)‖, where f(x_j) is what head h adds from position j: for a Transformer head
                 f(x_j) = v_j^h W_O^h (its value through its own d_k columns of W_O), for a GRU f(x_j) = h_j.
                 Summed over heads and keys with W_O's bias, Σ_h Σ_j α_ij f_h(x_j) + b_O is the attention block's
                 output (before the residual): the reading splits that output exactly.
rollout          (Abnar & Zuidema 2020) per layer Â = ½(Ā + I), Ā the mean over heads, rows renormalised;
                 multiplied layer by layer, R = Â_L ... Â_1, so a deep row points at input tokens again (the
                 residual connection is the ½ I). A one-layer model's rollout is ½(A + I). For the encoder-decoder,
                 the decoder's cross-attention (mean over heads, last layer) is composed with the encoder's rolled-out
                 self-attention: output words point at input words. The GPT's causal map rolls out over prompt +
                 output, and its output rows' source columns are read as the cross block.
heads off        (Michel et al. 2019, "Are Sixteen Heads Really Better than One?") a head's context is zeroed
                 before Concat and W_O: the model is the one whose W_O columns for that head are zero.

A head is named (site, layer, head) as the maps name them: site "encoder_self", "decoder_self" or "cross" for the
Transformer, "causal" (or its "cross" block) for the GPT.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import torch

from models.net.attention_block import MultiHeadAttention, heads_kept
from models.net.family import RecordedMap, Recording
from models.net.trace import AttentionMap, Trace

Head = tuple[str, int, int]  # (site, layer, head)


def attention_modules(model, site: str) -> list[MultiHeadAttention] | None:
    """The multi-head attention of each layer that computes `site`'s map, or None (a GRU: no W_O, one head)."""
    family = getattr(model.config, "family", "gru")
    if family == "transformer":
        if site == "encoder_self":
            return [layer.self_attn for layer in model.encoder]
        if site in ("decoder_self", "cross"):
            return [getattr(layer, "self_attn" if site == "decoder_self" else "cross_attn") for layer in model.decoder]
    if family == "gpt" and site in ("causal", "cross"):
        return [layer.self_attn for layer in model.layers]
    return None


def head_values(model, m: RecordedMap) -> torch.Tensor:
    """f_h(x_j), what each head adds from each key: (B, L, h, K, d) — v_j^h W_O^h (d = d_model) for a
    Transformer head, h_j itself for a GRU (its one map has values = h_j)."""
    modules = attention_modules(model, m.site)
    if modules is None:
        return m.values  # (B, 1, 1, S, H)
    h, d_k = m.values.shape[2], m.values.shape[-1]
    per_layer = []
    for module, values in zip(modules, m.values.unbind(1), strict=True):  # values (B, h, K, d_k)
        W = module.W_O.weight.view(-1, h, d_k)  # (d_model, h, d_k): W_O^h are its columns h d_k ... (h + 1) d_k
        per_layer.append(torch.einsum("bhkd,ehd->bhke", values, W))  # (B, h, K, d_model)
    return torch.stack(per_layer, dim=1)  # (B, L, h, K, d_model)


def value_weighted(model, m: RecordedMap) -> torch.Tensor:
    """‖α_ij f_h(x_j)‖ = α_ij ‖f_h(x_j)‖ for every layer and head: (B, L, h, Q, K), the weights' shape."""
    norms = head_values(model, m).norm(dim=-1)  # (B, L, h, K)
    return m.weights * norms[..., None, :]  # (B, L, h, Q, K)


def head_sum(model, m: RecordedMap, layer: int) -> torch.Tensor:
    """Σ_h Σ_j α_ij f_h(x_j) + b_O at one layer: (B, Q, d_model), the attention block's output before the
    residual (a GRU: its context a_i). The identity value_weighted splits."""
    f = head_values(model, m)[:, layer]  # (B, h, K, d)
    out = torch.einsum("bhqk,bhkd->bqd", m.weights[:, layer], f)  # (B, Q, d)
    modules = attention_modules(model, m.site)
    return out if modules is None else out + modules[layer].W_O.bias


def rolled(weights: torch.Tensor) -> torch.Tensor:
    """Rollout of a self-attention map's layers: weights (B, L, h, N, N) -> (B, N, N) = Â_L ... Â_1,
    Â = ½(Ā + I) with rows renormalised (a padding row, all zero, becomes its own identity row)."""
    B, L, _, N, _ = weights.shape
    eye = torch.eye(N, dtype=weights.dtype, device=weights.device)
    rollout = eye.expand(B, N, N)
    for layer in range(L):
        a = 0.5 * (weights[:, layer].mean(dim=1) + eye)  # (B, N, N)
        a = a / a.sum(dim=-1, keepdim=True)
        rollout = a @ rollout  # (B, N, N)
    return rollout


def rollout(rec: Recording, site: str) -> torch.Tensor | None:
    """The rolled-out map of `site` (B, queries, keys), or None where it has no meaning (a GRU's one cross map has
    no self-attention to roll through; a decoder's own triangle alone reads no source).

    encoder_self / causal: rolled(...) over the layers. cross (Transformer): the last layer's cross-attention,
    mean over heads, times the encoder's rollout (T, S) @ (S, S). cross (GPT): the output rows' source columns
    of the causal rollout, (T, S); they sum to the share of each row that reached the source.
    """
    if site in ("encoder_self", "causal"):
        m = rec.map(site)
        return None if m is None else rolled(m.weights)
    if site != "cross" or rec.map("cross") is None:
        return None
    if (encoder := rec.map("encoder_self")) is not None:
        return rec.map("cross").weights[:, -1].mean(dim=1) @ rolled(encoder.weights)  # (B, T, S)
    if (causal := rec.map("causal")) is not None:
        S = rec.map("cross").weights.size(-1)
        return rolled(causal.weights)[:, S:, :S]  # (B, T, S)
    return None


@contextmanager
def heads_off(model, heads: Iterable[Head]) -> Iterator[None]:
    """Inside the block, every pass of this thread runs `model` with these heads' contexts zeroed before W_O.
    Heads of the GPT's "cross" block are its "causal" heads (the same attention)."""
    kept: dict[int, torch.Tensor] = dict(heads_kept.get() or {})
    for site, layer, head in heads:
        modules = attention_modules(model, site)
        if modules is None:
            raise ValueError(f"this model has no heads to switch off at {site!r}")
        if not (0 <= layer < len(modules) and 0 <= head < modules[layer].h):
            raise ValueError(f"no head {head} in layer {layer} of {site!r}")
        module = modules[layer]
        mask = kept.get(id(module), torch.ones(module.h)).clone()
        mask[head] = 0.0
        kept[id(module)] = mask
    token = heads_kept.set(kept)
    try:
        yield
    finally:
        heads_kept.reset(token)


def all_heads(model) -> list[Head]:
    """Every head a model can switch off, once each: the Transformer's three sites, the GPT's causal heads."""
    family = getattr(model.config, "family", "gru")
    sites = {"transformer": ("encoder_self", "decoder_self", "cross"), "gpt": ("causal",)}.get(family, ())
    return [
        (site, layer, head)
        for site in sites
        for layer, module in enumerate(attention_modules(model, site))
        for head in range(module.h)
    ]


# ---- the Attention page's views of one sentence: output steps x source tokens, from its Trace ----


def recorded_map(m: AttentionMap) -> RecordedMap:
    """A Trace's map as a batch of one (the pages keep numpy; the readings above take a Recording's tensors)."""

    def batch(x: np.ndarray | None) -> torch.Tensor | None:
        return None if x is None else torch.from_numpy(np.asarray(x))[None]

    return RecordedMap(
        m.site,
        m.rows,
        m.cols,
        batch(m.weights),
        batch(m.scores),
        queries=batch(m.queries),
        keys=batch(m.keys),
        values=batch(m.values),
        contexts=batch(m.contexts),
    )


def row_normalised(z: np.ndarray) -> np.ndarray:
    """Each row divided by its sum (an all-zero row stays zero), so maps of different units compare."""
    z = np.asarray(z, dtype=float)
    sums = z.sum(axis=-1, keepdims=True)
    return np.divide(z, sums, out=np.zeros_like(z), where=sums > 0)


@dataclass(frozen=True)
class OutputViews:
    """Readings of one sentence's output steps x source tokens (T, S), each row-normalised: the raw weights α_ij,
    value-weighted ‖α_ij f(x_j)‖, and the rollout (None: a GRU has no self-attention to roll through)."""

    raw: np.ndarray
    value_weighted: np.ndarray
    rollout: np.ndarray | None
    layer: int  # the cross-attention layer raw and value-weighted read
    head: int | None  # its head, or None: the mean over the layer's heads
    layers: int  # how many layers the rollout goes through (1: it is ½(A + I))


@torch.inference_mode()
def output_views(model, trace: Trace, layer: int = -1, head: int | None = None) -> OutputViews:
    """The views of `trace`'s cross map (a GPT's output-rows x source-columns block of its causal map) at `layer`
    (negative counts from the last) and `head` (None: the mean over the heads). Raises ValueError without one."""
    cross = trace.cross
    if cross is None:
        raise ValueError("this model has no cross-attention map")
    layer = range(cross.layers)[layer]
    vw = value_weighted(model, recorded_map(cross))[0, layer].numpy()  # (h, T, S)
    raw = cross.weights[layer]  # (h, T, S)
    pick = (lambda z: z.mean(0)) if head is None else (lambda z: z[head])
    rec = Recording(torch.empty(0), tuple(recorded_map(m) for m in trace.attention))
    rolled_out = rollout(rec, "cross")
    self_map = trace.map("encoder_self") or trace.map("causal")
    return OutputViews(
        row_normalised(pick(raw)),
        row_normalised(pick(vw)),
        None if rolled_out is None else row_normalised(rolled_out[0].numpy()),
        layer,
        head,
        0 if self_map is None else self_map.layers,
    )
