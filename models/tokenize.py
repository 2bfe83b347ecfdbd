"""Tokenizers. A pack's vocabulary stores the tokenizer's name, so loading a pack needs only this module.

- "char": every character is a token (spaces included); whitespace runs collapse to one space.
- "word": words, with elided forms kept whole ("l'homme" -> "l'", "homme"), punctuation split off,
  and Hangul split into syllables so Korean gives readable heatmap labels.
- "numwords": number words; German compounds split into their parts (see models/numwords.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from models.numwords import tokenize_numwords
from models.textnorm import normalize

# An elided word with its apostrophe (l', d', qu', j'), a Hangul syllable, a word (letters, digits,
# marks), or any single other non-space character.
_WORD = re.compile(r"[^\W\d_]+['’](?=\w)|[\uac00-\ud7a3]|[^\W_\uac00-\ud7a3]+|\S", re.UNICODE)


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


TOKENIZERS: dict[str, tuple[Callable[[str], list[str]], Callable[[list[str]], str]]] = {
    "char": (char_tokens, char_detok),
    "word": (word_tokens, word_detok),
    "numwords": (tokenize_numwords, word_detok),
}


def tokenizer(name: str) -> Callable[[str], list[str]]:
    if name not in TOKENIZERS:
        raise ValueError(f"unknown tokenizer {name!r}; known: {', '.join(TOKENIZERS)}")
    return TOKENIZERS[name][0]


def detokenizer(name: str) -> Callable[[list[str]], str]:
    if name not in TOKENIZERS:
        raise ValueError(f"unknown tokenizer {name!r}; known: {', '.join(TOKENIZERS)}")
    return TOKENIZERS[name][1]
