"""Tokenizers. A pack's vocabulary stores the tokenizer's name, so loading a pack needs only this module.

- "char": every character is a token (spaces included); whitespace runs collapse to one space.
- "word": words, with elided forms kept whole ("l'homme" -> "l'", "homme"), punctuation split off,
  and Hangul split into syllables so Korean gives readable heatmap labels.
- "numwords": number words; German compounds split into their parts (see models/numwords.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

_WS = re.compile(r"\s+")
# An elided word with its apostrophe (l', d', qu', j'), a Hangul syllable, a word (letters, digits,
# marks), or any single other non-space character.
_WORD = re.compile(r"[^\W\d_]+['’](?=\w)|[\uac00-\ud7a3]|[^\W_\uac00-\ud7a3]+|\S", re.UNICODE)


def normalize(text: str) -> str:
    """NFC, whitespace collapsed, ends stripped. Lone surrogates become U+FFFD so text is always valid UTF-8."""
    text = text.encode("utf-8", "replace").decode("utf-8") if _has_surrogate(text) else text
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _has_surrogate(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def char_tokens(text: str) -> list[str]:
    return list(normalize(text))


def word_tokens(text: str) -> list[str]:
    return _WORD.findall(normalize(text))


def char_detok(tokens: list[str]) -> str:
    return "".join(tokens)


_NO_SPACE_BEFORE = {".", ",", "!", "?", ";", ":", ")", "%"}


def word_detok(tokens: list[str]) -> str:
    """Tokens back to text: no space before punctuation, after an elided word, or around a hyphen
    ("est-ce que", "twenty-one")."""
    out = ""
    for tok in tokens:
        if out and not out.endswith(("'", "’", "(", "-")) and tok not in _NO_SPACE_BEFORE and tok != "-":
            out += " "
        out += tok
    return out


def _numwords_tokens(text: str) -> list[str]:
    from models.numwords import tokenize_numwords

    return tokenize_numwords(text)


TOKENIZERS: dict[str, tuple[Callable[[str], list[str]], Callable[[list[str]], str]]] = {
    "char": (char_tokens, char_detok),
    "word": (word_tokens, word_detok),
    "numwords": (_numwords_tokens, word_detok),
}


def tokenizer(name: str) -> Callable[[str], list[str]]:
    if name not in TOKENIZERS:
        raise ValueError(f"unknown tokenizer {name!r}; known: {', '.join(TOKENIZERS)}")
    return TOKENIZERS[name][0]


def detokenizer(name: str) -> Callable[[list[str]], str]:
    if name not in TOKENIZERS:
        raise ValueError(f"unknown tokenizer {name!r}; known: {', '.join(TOKENIZERS)}")
    return TOKENIZERS[name][1]
