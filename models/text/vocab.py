"""Vocabularies: token <-> id, with the special tokens every model shares.

A subword vocabulary ("subword") also holds its trained tokenizer (models/text/subword.py), saved once per pack as
`tokenizer-source.json` / `tokenizer-target.json` beside the model folders; vocab.json names only the kind.

A vocabulary with unknown classes (`unknown`, models/text/unknown.py: en-ko's source) holds one token per class
right after the specials and encodes a word it lacks as its class's token instead of <unk>. With an `order` (a
source vocabulary), the classes come numbered too, and the n-th different word it lacks in a sentence reads as its
class numbered n; with `copied` (a target vocabulary), the tokens a copy model's decoder reads after writing a
copied word, <copied:1>..<copied:K>, follow the specials (models/text/unknown.py).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from models.text.subword import Subword
from models.text.tokenize import TOKENIZERS, detokenizer, plain_text, tokenizer
from models.text.unknown import PLAIN, class_tokens, copied_token, numbered, unknown_kind

PAD, SOS, EOS, UNK = "<pad>", "<sos>", "<eos>", "<unk>"
SPECIALS = [PAD, SOS, EOS, UNK]
PAD_ID, SOS_ID, EOS_ID, UNK_ID = range(4)
SUBWORD = "subword"


@dataclass
class Vocab:
    tokens: list[str]
    tokenization: str
    subword: Subword | None = None  # the trained tokenizer of a "subword" vocabulary
    unknown: str | None = None  # a kind of unknown-word classes (models/text/unknown.py), or every unknown is <unk>
    order: int = 0  # source: unknown words numbered 1..order by first occurrence (models/text/unknown.py); 0: not
    copied: int = 0  # target: <copied:1>..<copied:copied> after the specials, what a copy model's decoder is fed

    def __post_init__(self) -> None:
        if self.tokens[:4] != SPECIALS:
            raise ValueError(f"vocabulary must start with {SPECIALS}")
        if self.order < 0 or self.copied < 0 or (self.copied and (self.order or self.unknown)):
            raise ValueError("order and copied are 0 or more, and copied is for a target vocabulary (no classes)")
        self._classify = unknown_kind(self.unknown).classify if self.unknown is not None else None
        reserved = class_tokens(self.unknown, self.order) + tuple(copied_token(n + 1) for n in range(self.copied))
        if tuple(self.tokens[4 : 4 + len(reserved)]) != reserved:
            raise ValueError(f"this vocabulary must hold {list(reserved)} after {SPECIALS}")
        self.classes: tuple[str, ...] = reserved  # tokens that stand for unknown or copied words, not words
        if len(set(self.tokens)) != len(self.tokens):
            raise ValueError("vocabulary has duplicate tokens")
        if self.tokenization == SUBWORD:
            if self.subword is None:
                raise ValueError("a subword vocabulary needs its trained tokenizer")
        elif self.tokenization not in TOKENIZERS:
            raise ValueError(f"unknown tokenization {self.tokenization!r}")
        self.index = {tok: i for i, tok in enumerate(self.tokens)}
        self.characters = frozenset("".join(self.words))

    def knows_char(self, char: str) -> bool:
        """Whether `char` occurs in a known token (which quotes a corpus was written with, for instance)."""
        return char in self.characters

    @property
    def scoring_tokenization(self) -> str:
        """The tokens BLEU and token accuracy count: words for a subword vocabulary (scores on pieces would
        not compare with word-level packs), else the vocabulary's own."""
        return "word" if self.tokenization == SUBWORD else self.tokenization

    def __len__(self) -> int:
        return len(self.tokens)

    @classmethod
    def build(
        cls,
        texts: Iterable[str],
        tokenization: str,
        min_count: int = 1,
        subword: Subword | None = None,
        exclude: Callable[[str], bool] | None = None,
        unknown: str | None = None,
        order: int = 0,
        copied: int = 0,
    ) -> Vocab:
        """The tokens of `texts` seen at least `min_count` times, but those `exclude` says no to (a task's names
        and places from long lists, which its copy models can only copy: models/tasks/grammar/copyable.py); with
        `unknown` and `order`, the class tokens first; with `copied`, the copied tokens (models/text/unknown.py)."""
        tok = subword.tokens if tokenization == SUBWORD and subword is not None else tokenizer(tokenization)
        counts = Counter(t for text in texts for t in tok(text))
        classes = list(class_tokens(unknown, order)) + [copied_token(n + 1) for n in range(copied)]
        special = set(SPECIALS) | set(classes)
        kept = sorted(
            t for t, c in counts.items() if c >= min_count and t not in special and not (exclude and exclude(t))
        )
        return cls(SPECIALS + classes + kept, tokenization, subword, unknown, order, copied)

    def tokenize(self, text: str) -> list[str]:
        if self.subword is not None:
            return self.subword.tokens(text)
        return tokenizer(self.tokenization)(text)

    def detokenize(self, tokens: list[str]) -> str:
        """Tokens as their tokenizer writes them, which tokenize back to exactly them (Korean pieces bound by the
        joiner U+2060, as in a pack's test.json): for token handling and scoring, never for a reader."""
        if self.subword is not None:
            return self.subword.detokenize(tokens)
        return detokenizer(self.tokenization)(tokens)

    def output_text(self, tokens: list[str]) -> str:
        """Tokens as a person reads and copies them: `detokenize`'s text without format characters (Cf)."""
        return plain_text(self.detokenize(tokens))

    def encode(self, tokens: list[str]) -> list[int]:
        if self._classify is None and not self.order:
            return [self.index.get(t, UNK_ID) for t in tokens]
        numbers: dict[str, int] = {}  # with an order: each word the vocabulary lacks, numbered by first occurrence
        ids = []
        for t in tokens:
            if t in self.index:
                ids.append(self.index[t])
            else:
                ids.append(self.unknown_id(t, numbers.setdefault(t, len(numbers) + 1)))
        return ids

    def unknown_id(self, token: str, number: int = 0) -> int:
        """The id a token the vocabulary lacks reads as: its class's token (numbered `number`, the token's place
        among a sentence's unknown words, if the vocabulary has an order that far), or <unk>."""
        cls = (self._classify(token) if self._classify is not None else None) or PLAIN
        if 1 <= number <= self.order:
            cls = numbered(cls, number)
        return UNK_ID if cls == PLAIN else self.index[cls]

    def unknown_tokens(self, tokens: list[str]) -> dict[str, str]:
        """The tokens of a sentence this vocabulary lacks -> the class token each reads as (<unk> without classes),
        in order of first occurrence: what the translate page tells a reader."""
        return {t: self.tokens[i] for t, i in zip(tokens, self.encode(tokens), strict=True) if t not in self.index}

    def encode_text(self, text: str, max_len: int | None = None) -> list[int]:
        """Text -> ids, cut to the first `max_len` tokens: the one way every model reads a sentence."""
        return self.encode(self.tokenize(text)[:max_len])

    def decode(self, ids: Iterable[int]) -> list[str]:
        return [self.tokens[i] for i in ids]

    @property
    def words(self) -> list[str]:
        """The vocabulary's own tokens: everything after the specials and the unknown classes."""
        return self.tokens[len(SPECIALS) + len(self.classes) :]

    def is_known(self, token: str) -> bool:
        return token in self.index and token not in SPECIALS and token not in self.classes

    def to_json(self) -> dict:
        return (
            {"tokenization": self.tokenization, "tokens": self.tokens}
            | ({"unknown": self.unknown} if self.unknown else {})
            | ({"order": self.order} if self.order else {})
            | ({"copied": self.copied} if self.copied else {})
        )

    @classmethod
    def from_json(cls, raw: object, subword: Subword | None = None) -> Vocab:
        if not isinstance(raw, dict):
            raise ValueError("vocabulary must be a JSON object")
        tokens, tokenization = raw.get("tokens"), raw.get("tokenization")
        if not isinstance(tokens, list) or not all(isinstance(t, str) for t in tokens):
            raise ValueError("'tokens' must be a list of strings")
        if not isinstance(tokenization, str):
            raise ValueError("'tokenization' must be a string")
        unknown = raw.get("unknown")
        if unknown is not None and not isinstance(unknown, str):
            raise ValueError("'unknown' must be a string")
        order, copied = raw.get("order", 0), raw.get("copied", 0)
        if not all(type(n) is int and n >= 0 for n in (order, copied)):
            raise ValueError("'order' and 'copied' must be whole numbers, 0 or more")
        return cls(tokens, tokenization, subword, unknown, order, copied)


def tokenizer_file(vocab_path: Path, side: str) -> Path:
    """Where a subword vocabulary's tokenizer lives: in the pack folder, beside the model folders."""
    return Path(vocab_path).parent.parent / f"tokenizer-{side}.json"


def save_vocabs(path: Path, src: Vocab, tgt: Vocab) -> None:
    path.write_text(json.dumps({"source": src.to_json(), "target": tgt.to_json()}, ensure_ascii=False) + "\n", "utf-8")
    for side, vocab in (("source", src), ("target", tgt)):
        if vocab.subword is not None:
            tokenizer_file(path, side).write_text(vocab.subword.to_json() + "\n", "utf-8")


def load_vocabs(path: Path) -> tuple[Vocab, Vocab]:
    """Raises FileNotFoundError (vocab.json or a tokenizer file missing) or ValueError naming the file."""
    raw = json.loads(Path(path).read_text("utf-8"))
    if not isinstance(raw, dict) or "source" not in raw or "target" not in raw:
        raise ValueError("expected an object with 'source' and 'target' vocabularies")
    vocabs = []
    for side in ("source", "target"):
        subword = None
        if isinstance(raw[side], dict) and raw[side].get("tokenization") == SUBWORD:
            file = tokenizer_file(path, side)
            if not file.is_file():
                raise ValueError(f"{file}: file is missing (the {side} side's subword tokenizer)")
            try:
                subword = Subword.from_json(file.read_text("utf-8"))
            except (ValueError, UnicodeDecodeError) as e:
                raise ValueError(f"{file}: {e}") from e
        vocabs.append(Vocab.from_json(raw[side], subword))
    return vocabs[0], vocabs[1]
