"""Vocabularies: token <-> id, with the special tokens every model shares."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from models.tokenize import TOKENIZERS, detokenizer, tokenizer

PAD, SOS, EOS, UNK = "<pad>", "<sos>", "<eos>", "<unk>"
SPECIALS = [PAD, SOS, EOS, UNK]
PAD_ID, SOS_ID, EOS_ID, UNK_ID = range(4)


@dataclass
class Vocab:
    tokens: list[str]
    tokenization: str

    def __post_init__(self) -> None:
        if self.tokens[:4] != SPECIALS:
            raise ValueError(f"vocabulary must start with {SPECIALS}")
        if len(set(self.tokens)) != len(self.tokens):
            raise ValueError("vocabulary has duplicate tokens")
        if self.tokenization not in TOKENIZERS:
            raise ValueError(f"unknown tokenization {self.tokenization!r}")
        self.index = {tok: i for i, tok in enumerate(self.tokens)}

    def __len__(self) -> int:
        return len(self.tokens)

    @classmethod
    def build(cls, texts: Iterable[str], tokenization: str, min_count: int = 1) -> Vocab:
        tok = tokenizer(tokenization)
        counts = Counter(t for text in texts for t in tok(text))
        kept = sorted(t for t, c in counts.items() if c >= min_count and t not in SPECIALS)
        return cls(SPECIALS + kept, tokenization)

    def tokenize(self, text: str) -> list[str]:
        return tokenizer(self.tokenization)(text)

    def detokenize(self, tokens: list[str]) -> str:
        return detokenizer(self.tokenization)(tokens)

    def encode(self, tokens: list[str]) -> list[int]:
        return [self.index.get(t, UNK_ID) for t in tokens]

    def encode_text(self, text: str, max_len: int | None = None) -> list[int]:
        """Text -> ids, cut to the first `max_len` tokens: the one way every model reads a sentence."""
        return self.encode(self.tokenize(text)[:max_len])

    def decode(self, ids: Iterable[int]) -> list[str]:
        return [self.tokens[i] for i in ids]

    def is_known(self, token: str) -> bool:
        return token in self.index and token not in SPECIALS

    def to_json(self) -> dict:
        return {"tokenization": self.tokenization, "tokens": self.tokens}

    @classmethod
    def from_json(cls, raw: object) -> Vocab:
        if not isinstance(raw, dict):
            raise ValueError("vocabulary must be a JSON object")
        tokens, tokenization = raw.get("tokens"), raw.get("tokenization")
        if not isinstance(tokens, list) or not all(isinstance(t, str) for t in tokens):
            raise ValueError("'tokens' must be a list of strings")
        if not isinstance(tokenization, str):
            raise ValueError("'tokenization' must be a string")
        return cls(tokens, tokenization)


def save_vocabs(path: Path, src: Vocab, tgt: Vocab) -> None:
    path.write_text(json.dumps({"source": src.to_json(), "target": tgt.to_json()}, ensure_ascii=False) + "\n", "utf-8")


def load_vocabs(path: Path) -> tuple[Vocab, Vocab]:
    raw = json.loads(Path(path).read_text("utf-8"))
    if not isinstance(raw, dict) or "source" not in raw or "target" not in raw:
        raise ValueError("expected an object with 'source' and 'target' vocabularies")
    return Vocab.from_json(raw["source"]), Vocab.from_json(raw["target"])
