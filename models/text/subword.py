"""Subword tokenization for real text: a unigram or BPE model trained on the corpus (Hugging Face `tokenizers`).

Real text has many rare words; a word-level vocabulary is then mostly words seen once or twice. Subword
pieces keep frequent words whole and split rare ones (`▁maison`, `▁mai` `son`), so every word of the
training text's alphabet can be read. Pieces that start a word carry `▁` (U+2581, as in SentencePiece), so
pieces → text is exact: join them and turn each `▁` into a space.

The trained tokenizer is saved as its own plain JSON file (`tokenizers`' format, no pickle) next to the pack;
`models.text.vocab` reads it back. `word_groups` and `merge_weights` give the Attention page its "whole words" view.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from models.text.textnorm import normalize

if TYPE_CHECKING:
    from tokenizers import Tokenizer

# `tokenizers` is imported where it is used: packs without subwords (and the app's cold start) never load it.

MARK = "▁"  # starts a piece that starts a word
SUBWORD_KINDS = ("unigram", "bpe")
UNK = "<unk>"  # the same string as models.text.vocab.UNK: an unknown character becomes the vocabulary's <unk>


class Subword:
    """A trained subword tokenizer: text → pieces and back."""

    def __init__(self, tokenizer: Tokenizer):
        self.tokenizer = tokenizer

    def tokens(self, text: str) -> list[str]:
        return self.tokenizer.encode(normalize(text), add_special_tokens=False).tokens

    def detokenize(self, pieces: list[str]) -> str:
        return self.tokenizer.decoder.decode(pieces)

    @property
    def lowercase(self) -> bool:
        steps = (json.loads(self.tokenizer.to_str()).get("normalizer") or {}).get("normalizers", [])
        return any(step.get("type") == "Lowercase" for step in steps)

    def to_json(self) -> str:
        return self.tokenizer.to_str(pretty=False)

    @classmethod
    def from_json(cls, text: str) -> Subword:
        """Raises ValueError when `text` is not a tokenizer of this module's kind."""
        from tokenizers import Tokenizer

        try:
            raw = json.loads(text)
            tokenizer = Tokenizer.from_str(text)
        except Exception as e:  # tokenizers raises its own Exception type for a malformed file
            raise ValueError(f"not a readable subword tokenizer ({e})") from e
        if (raw.get("pre_tokenizer") or {}).get("type") != "Metaspace":
            raise ValueError("not a subword tokenizer written by models.text.subword (no Metaspace pre-tokenizer)")
        return cls(tokenizer)


def train_subword(texts: Iterable[str], vocab_size: int, kind: str = "unigram", lowercase: bool = False) -> Subword:
    """A unigram (SentencePiece's algorithm) or BPE tokenizer of at most `vocab_size` pieces, trained on `texts`."""
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers

    if kind not in SUBWORD_KINDS:
        raise ValueError(f"unknown subword model {kind!r}; known: {', '.join(SUBWORD_KINDS)}")
    if vocab_size < 50:
        raise ValueError(f"a subword vocabulary of {vocab_size} pieces is too small: use 50 or more")
    if kind == "bpe":
        tokenizer = Tokenizer(models.BPE(unk_token=UNK))
        trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=[UNK], show_progress=False)
    else:
        tokenizer = Tokenizer(models.Unigram())
        trainer = trainers.UnigramTrainer(
            vocab_size=vocab_size, special_tokens=[UNK], unk_token=UNK, show_progress=False
        )
    steps = [normalizers.NFC(), *([normalizers.Lowercase()] if lowercase else [])]
    tokenizer.normalizer = normalizers.Sequence(steps)
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement=MARK, prepend_scheme="always", split=True)
    tokenizer.decoder = decoders.Metaspace(replacement=MARK, prepend_scheme="always", split=True)
    tokenizer.train_from_iterator((normalize(t) for t in texts), trainer)
    if kind == "unigram":
        tokenizer = _canonical_unigram(tokenizer)
    return Subword(tokenizer)


def _canonical_unigram(tokenizer: Tokenizer) -> Tokenizer:
    """The same unigram model with its pieces in one fixed order: by score (rounded to 9 digits), then by piece.

    The trainer lists pieces of equal score differently from run to run and their scores can differ in the 12th
    digit (-10.98158160561 and -10.981581605611 for the same piece of the same corpus, in two processes), so the
    same corpus would give a different file, and the ties could segment a word differently; rounded, in a fixed
    order, the same corpus always gives the same tokenizer.
    """
    from tokenizers import Tokenizer

    raw = json.loads(tokenizer.to_str())
    model = raw["model"]
    unk = model["vocab"][model["unk_id"]][0]
    pieces = sorted(
        ([p, round(score, 9)] for p, score in model["vocab"] if p != unk), key=lambda item: (-item[1], item[0])
    )
    model["vocab"] = [[unk, 0.0], *pieces]
    model["unk_id"] = 0
    return Tokenizer.from_str(json.dumps(raw))


def word_groups(pieces: list[str]) -> list[list[int]]:
    """Indices of the pieces of each word: a new word starts at a piece with `▁` and at a special token
    (`<eos>`, `<pad>`), which stays a word of its own. `<unk>` (a character BPE never saw) is part of the word
    it is in."""
    groups: list[list[int]] = []
    for i, piece in enumerate(pieces):
        if not groups or piece.startswith(MARK) or _is_special(piece) or _is_special(pieces[groups[-1][-1]]):
            groups.append([i])
        else:
            groups[-1].append(i)
    return groups


def _is_special(piece: str) -> bool:
    return piece != UNK and piece.startswith("<") and piece.endswith(">") and len(piece) > 2


def group_labels(pieces: list[str], groups: list[list[int]]) -> list[str]:
    """Each word written out from its pieces (`▁mai` `son` → `maison`)."""
    return ["".join(pieces[i] for i in g).removeprefix(MARK) or pieces[g[0]] for g in groups]


def merge_weights(weights: np.ndarray, source_groups: list[list[int]], output_groups: list[list[int]]) -> np.ndarray:
    """Attention weights (T pieces out, S pieces in) → (output words, source words).

    Source side: a word's weight is the sum of its pieces' weights (where the decoder looked, by word).
    Output side: a word's row is the mean of its pieces' rows (each row is a distribution, so their mean is
    one too). Every merged row still sums to 1.
    """
    by_source = np.stack([weights[:, g].sum(axis=1) for g in source_groups], axis=1)  # (T, S_words)
    return np.stack([by_source[g].mean(axis=0) for g in output_groups], axis=0)  # (T_words, S_words)
