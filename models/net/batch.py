"""Padding: lists of token ids of different lengths -> one (B, S) tensor, for decoding, training and analysis."""

from __future__ import annotations

import torch

from models.text.vocab import PAD_ID


def pad(batch: list[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    """(B, S) ids with PAD_ID after each row's end, S = the longest row; and the lengths (B,)."""
    width = max(len(ids) for ids in batch)
    padded = torch.tensor([ids + [PAD_ID] * (width - len(ids)) for ids in batch], dtype=torch.long)
    return padded, torch.tensor([len(ids) for ids in batch])
