"""Analyses over many sentences: encoder final states (the no-attention context vectors) and PCA."""

from __future__ import annotations

import numpy as np
import torch

from models.decoding import InputError, _pad, encode_source
from models.pack import LoadedModel


@torch.inference_mode()
def final_states(m: LoadedModel, texts: list[str], batch_size: int = 512) -> np.ndarray:
    """(N, H) encoder final states h_S: for a model without attention, each sentence's one context vector."""
    ids = []
    for t in texts:
        try:
            ids.append(encode_source(t, m.src_vocab, m.config.max_source_len).ids)
        except InputError:
            ids.append([0])
    out = np.zeros((len(texts), m.config.hidden_size), dtype=np.float32)
    for start in range(0, len(ids), batch_size):
        src, lens = _pad(ids[start : start + batch_size])
        _, final, _ = m.model.encode(src, lens)
        out[start : start + len(lens)] = final.numpy()
    return out


def pca_2d(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Project rows of x onto their first two principal components. Returns (points (N, 2), explained ratio (2,))."""
    centered = x - x.mean(axis=0, keepdims=True)
    _, s, vt = np.linalg.svd(centered, full_matrices=False)
    var = s**2
    return centered @ vt[:2].T, var[:2] / max(var.sum(), 1e-12)
