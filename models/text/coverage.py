"""How many of the words people use most a pack can read: the issue's coverage bar.

The list is wordfreq 3.1.1's most frequent English words, alphabetic ones only (models/text/wordfreq_en_top2000.txt,
written by tools/lexicon/frequent_words.py; wordfreq itself is a build-time tool, not an app requirement). A word
counts as known when the vocabulary knows it in some capitalisation ("i" → "I"), or when the input rules every
English grammar pack applies (models/text/userinput.py: contractions, english_phrases.tsv) rewrite it into words
the vocabulary knows ("kid" → "child", "cannot" → "can not").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from models.text.tokenize import word_tokens
from models.text.userinput import InputRules, normalize_input

TOP_WORDS = Path(__file__).with_name("wordfreq_en_top2000.txt")
GRAMMAR_RULES = InputRules("en", "", phrases=True)  # what the en-fr and en-ko packs' task.json ask for


@cache
def top_words() -> tuple[str, ...]:
    """The most frequent alphabetic English words, most frequent first."""
    lines = TOP_WORDS.read_text("utf-8").splitlines()
    return tuple(w for w in lines if w and not w.startswith("#"))


@dataclass(frozen=True)
class Coverage:
    known: int
    total: int
    missing: tuple[str, ...]  # in frequency order

    @property
    def share(self) -> float:
        return self.known / self.total if self.total else 0.0


def reads_as_known(word: str, is_known: Callable[[str], bool]) -> bool:
    """Does a vocabulary that knows what `is_known` says read `word`, typed alone, as known words?"""
    read = normalize_input(word, is_known, word_tokens, GRAMMAR_RULES, words=True)
    tokens = word_tokens(read.text)
    return bool(tokens) and all(map(is_known, tokens))


def coverage(is_known: Callable[[str], bool], top: int = 1000, words: Iterable[str] | None = None) -> Coverage:
    """The share of the `top` most frequent words (or of `words`) that a vocabulary reads as known."""
    chosen = list(words) if words is not None else list(top_words()[:top])
    missing = tuple(w for w in chosen if not reads_as_known(w, is_known))
    return Coverage(len(chosen) - len(missing), len(chosen), missing)
