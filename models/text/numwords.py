"""Tokenizer for spelled-out numbers, so attention heatmaps get one readable label per number word.

- English and French: words, with hyphens and commas as their own tokens ("twenty-one" -> "twenty", "-", "one").
- Korean: one token per Hangul syllable ("백이십" -> "백", "이", "십").
- German: compounds split into number morphemes by greedy longest match
  ("zweihundertvierunddreißigtausend" -> "zwei", "hundert", "vier", "und", "dreißig", "tausend").
"""

from __future__ import annotations

import re

from models.text.textnorm import normalize

# Whole teens and tens are morphemes of their own: "sechzehn" and "siebzig" do not contain "sechs" or "sieben".
GERMAN_MORPHEMES = [
    "null",
    "eins",
    "ein",
    "eine",
    "zwei",
    "drei",
    "vier",
    "fünf",
    "sechs",
    "sieben",
    "acht",
    "neun",
    "zehn",
    "elf",
    "zwölf",
    "dreizehn",
    "vierzehn",
    "fünfzehn",
    "sechzehn",
    "siebzehn",
    "achtzehn",
    "neunzehn",
    "zwanzig",
    "dreißig",
    "vierzig",
    "fünfzig",
    "sechzig",
    "siebzig",
    "achtzig",
    "neunzig",
    "hundert",
    "tausend",
    "und",
    "Million",
    "Millionen",
    "Milliarde",
    "Milliarden",
    "Billion",
    "Billionen",
    "Billiarde",
    "Billiarden",
]
_BY_LENGTH = sorted(GERMAN_MORPHEMES, key=len, reverse=True)

# A hyphen or comma, a run of Hangul syllables, or a run of anything else that is not a space.
_PIECE = re.compile(r"[-,]|[\uac00-\ud7a3]+|[^\s\-,\uac00-\ud7a3]+")


def split_compound(word: str) -> list[str]:
    """Greedy longest-match split into GERMAN_MORPHEMES; an unknown remainder stays one token.

    A word with no morpheme at its start ("seventy", "quatre") comes back whole.
    """
    parts: list[str] = []
    pos = 0
    while pos < len(word):
        match = next((m for m in _BY_LENGTH if word.startswith(m, pos)), None)
        if match is None:
            parts.append(word[pos:])
            break
        parts.append(match)
        pos += len(match)
    return parts


def tokenize_numwords(text: str) -> list[str]:
    tokens: list[str] = []
    for piece in _PIECE.findall(normalize(text)):
        if "\uac00" <= piece[0] <= "\ud7a3":
            tokens.extend(piece)
        elif piece in ("-", ","):
            tokens.append(piece)
        else:
            tokens.extend(split_compound(piece))
    return tokens
