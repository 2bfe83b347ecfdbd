"""Tokenizers. A pack's vocabulary stores the tokenizer's name, so loading a pack needs only this module.

- "char": every character is a token (spaces included); whitespace runs collapse to one space.
- "word": words, with elided forms kept whole ("l'homme" -> "l'", "homme"), punctuation split off,
  and Hangul split into syllables so Korean gives readable heatmap labels.
- "numwords": number words; German compounds split into their parts (see models/text/numwords.py).
- "morph": Korean morphemes (the en-ko target). A particle or ending is a token of its own written with a
  leading "-" ("사과", "-를"); in text it is joined to the word before it by an invisible WORD JOINER
  (U+2060), so "사과를 먹어요." reads as Korean and still splits back into exactly its tokens, with no
  Korean analyser at run time.

The joiner belongs to token handling (a pack's data files, the tokenizer's round trip, the scores that compare
token sequences). What a person reads or copies is `plain_text`: no format characters (Unicode category Cf),
so a copied "사과를" is the three syllables a Korean reader typed, not "사과\u2060를".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from models.text.numwords import tokenize_numwords
from models.text.textnorm import normalize

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


# Between the pieces of one Korean word: invisible, and a word joiner (no line break inside a word).
JOINER = "\u2060"
_PIECE = re.compile(r"[^\W_]+|[^\w\s]", re.UNICODE)


def plain_text(text: str) -> str:
    """`text` without its format characters (Unicode category Cf: the morph joiner U+2060, zero-width spaces and
    joiners, direction marks): the form of every output a person reads, copies or exports."""
    if text.isascii():
        return text
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def morph_tokens(text: str) -> list[str]:
    """ "사과\u2060를 먹\u2060어요." → ["사과", "-를", "먹", "-어요", "."]: words split at spaces, then at the
    joiner (the pieces after it are bound: "-"), punctuation on its own."""
    out = []
    for word in normalize(text).split(" "):
        for k, piece in enumerate(word.split(JOINER)):
            for n, tok in enumerate(_PIECE.findall(piece)):
                bound = k > 0 and n == 0 and (tok[0].isalnum())
                out.append(f"-{tok}" if bound else tok)
    return out


def morph_detok(tokens: list[str]) -> str:
    """Tokens back to text: a bound token ("-를") joins the word before it, punctuation needs no space."""
    out = ""
    for tok in tokens:
        if len(tok) > 1 and tok.startswith("-"):
            out += JOINER + tok[1:]
        elif tok in _NO_SPACE_BEFORE or not out:
            out += tok
        else:
            out += " " + tok
    return out


TOKENIZERS: dict[str, tuple[Callable[[str], list[str]], Callable[[list[str]], str]]] = {
    "char": (char_tokens, char_detok),
    "word": (word_tokens, word_detok),
    "numwords": (tokenize_numwords, word_detok),
    "morph": (morph_tokens, morph_detok),
}


def tokenizer(name: str) -> Callable[[str], list[str]]:
    if name not in TOKENIZERS:
        raise ValueError(f"unknown tokenizer {name!r}; known: {', '.join(TOKENIZERS)}")
    return TOKENIZERS[name][0]


def detokenizer(name: str) -> Callable[[list[str]], str]:
    if name not in TOKENIZERS:
        raise ValueError(f"unknown tokenizer {name!r}; known: {', '.join(TOKENIZERS)}")
    return TOKENIZERS[name][1]
