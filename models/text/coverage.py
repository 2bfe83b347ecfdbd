"""How many of the words people use most a pack can read: the issue's coverage bar.

The list is wordfreq 3.1.1's most frequent English words, alphabetic ones only (models/text/wordfreq_en_top2000.txt,
written by tools/lexicon/frequent_words.py; wordfreq itself is a build-time tool, not an app requirement). A word
counts as known when the vocabulary knows it in some capitalisation ("i" → "I"), or when the input rules every
English grammar pack applies (models/text/userinput.py: contractions, english_phrases.tsv) rewrite it into words
the vocabulary knows ("kid" → "child", "cannot" → "can not"). Two more kinds of word count as read, since a pack
passes them on whole:
- a name or city of the long lists the copy models write by copying (models/tasks/grammar/copyable.py: "john" is
  John, "york" is York), unless it is also a common English word (NOT_NAMES: "most", "mark", "faith" are read as
  words, and a model that copies "Mark" does not know "mark");
- a fragment a tokenizer splits a contraction into ("s", "t", "ll", "re", "ve", "m", "d"), when the input rules
  expand a contraction ending in it into words the vocabulary knows ("don't" → "do not", "I'd" → "I would").
Single letters otherwise never count.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from models.tasks.grammar.copyable import copy_only_tokens
from models.text.tokenize import word_tokens
from models.text.userinput import CONTRACTIONS, InputRules, normalize_input

TOP_WORDS = Path(__file__).with_name("wordfreq_en_top2000.txt")
GRAMMAR_RULES = InputRules("en", "", phrases=True)  # what the en-fr and en-ko packs' task.json ask for
# Frequent words that are also a listed name or city (Most, Date and Male are cities, Mark and Faith names): typed in
# lower case they are the English word, which copying the name does not translate.
NOT_NAMES = {"most", "per", "else", "date", "gun", "male", "mission", "mobile", "wedding", "faith", "till", "kick"}
NOT_NAMES |= {"sale", "mark", "frank", "dick", "jack", "san", "christian", "will", "may", "bill", "rose", "grace"}


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


def is_copied_name(word: str) -> bool:
    """Is `word`, capitalised, a long-list name or city the copy models pass through (and not a common word)?"""
    return len(word) > 1 and word not in NOT_NAMES and word.capitalize() in copy_only_tokens()


def contraction_fragment(word: str, is_known: Callable[[str], bool]) -> bool:
    """Is `word` the part after the apostrophe of a contraction the input rules expand into known words?"""
    expansions = [v for k, v in CONTRACTIONS.items() if k.endswith("'" + word)]
    return any(all(map(is_known, word_tokens(v))) for v in expansions)


def reads_as_known(word: str, is_known: Callable[[str], bool]) -> bool:
    """Does a vocabulary that knows what `is_known` says read `word`, typed alone, as known words (or pass it on
    whole: a copied name, a contraction's fragment)?"""
    if is_copied_name(word) or contraction_fragment(word, is_known):
        return True
    read = normalize_input(word, is_known, word_tokens, GRAMMAR_RULES, words=True)
    tokens = word_tokens(read.text)
    return bool(tokens) and all(map(is_known, tokens))


def coverage(is_known: Callable[[str], bool], top: int = 1000, words: Iterable[str] | None = None) -> Coverage:
    """The share of the `top` most frequent words (or of `words`) that a vocabulary reads as known."""
    chosen = list(words) if words is not None else list(top_words()[:top])
    missing = tuple(w for w in chosen if not reads_as_known(w, is_known))
    return Coverage(len(chosen) - len(missing), len(chosen), missing)
