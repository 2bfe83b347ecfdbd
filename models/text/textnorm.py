"""Text normalization shared by every tokenizer: what a model reads is the normalized text.

Its own module so that the tokenizers (models.text.tokenize) and the number-word tokenizer (models.text.numwords) can
both use it without importing each other.
"""

from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"\s+")


def normalize(text: str) -> str:
    """NFC, whitespace collapsed, ends stripped. Lone surrogates become U+FFFD so text is always valid UTF-8."""
    text = text.encode("utf-8", "replace").decode("utf-8") if _has_surrogate(text) else text
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _has_surrogate(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)
