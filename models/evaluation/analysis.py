"""Analyses over many sentences: encoder final states (the no-attention context vectors) and PCA."""

from __future__ import annotations

import numpy as np
import torch

from models.net.batch import pad
from models.packs.pack import LoadedModel
from models.text.vocab import PAD_ID


@torch.inference_mode()
def final_states(m: LoadedModel, texts: list[str], batch_size: int = 512) -> np.ndarray:
    """(N, H) encoder final states h_S: for a model without attention, each sentence's one context vector."""
    ids = [m.src_vocab.encode_text(t, m.config.max_source_len) or [PAD_ID] for t in texts]  # no tokens: one pad
    out = np.zeros((len(texts), m.config.hidden_size), dtype=np.float32)
    for start in range(0, len(ids), batch_size):
        src, lens = pad(ids[start : start + batch_size])
        out[start : start + len(lens)] = m.model.encode(src, lens).final.numpy()
    return out


def pca_2d(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Project rows of x onto their first two principal components. Returns (points (N, 2), explained ratio (2,))."""
    centered = x - x.mean(axis=0, keepdims=True)
    _, s, vt = np.linalg.svd(centered, full_matrices=False)
    var = s**2
    return centered @ vt[:2].T, var[:2] / max(var.sum(), 1e-12)
