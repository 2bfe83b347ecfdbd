"""Unknown words by class: what a model may be told of a source word its vocabulary lacks.

A word outside the vocabulary reads as one embedding, <unk>. A copy model writes such a word by copying it
(models/net/pointer.py), but what comes after it can depend on the word: Korean picks a particle by the last sound
of the word before it (Tom은 but Anna는, Lyon으로 but Paris로, Paul로), and every <unk> looks the same. A task can
name a kind of unknown classes (TaskSpec.source_unknown); its source vocabulary then holds one token per class,
right after the specials, and reads an unknown word as its class's token. The word itself still copies as it is:
the copy part reads source *words*, not ids.

- "latin-final": the last sound Korean gives a word in Latin letters (models/tasks/grammar/hangul.py:
  `latin_final`), in the three classes its particles tell apart: a vowel (Anna는, Paris로), ㄹ (Paul은, Paul로),
  another consonant (Tom은, Lyon으로). Words that do not end in a Latin letter (1990) stay <unk>.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class UnknownKind:
    tokens: tuple[str, ...]  # the class tokens, in the order the vocabulary holds them
    classify: Callable[[str], str | None]  # an unknown word -> its class token, or None for plain <unk>


VOWEL, RIEUL_FINAL, CONSONANT = "<unk:vowel>", "<unk:ㄹ>", "<unk:consonant>"


def latin_final_class(word: str) -> str | None:
    if not (word and word[-1].isascii() and word[-1].isalpha()):
        return None
    from models.tasks.grammar.hangul import RIEUL, latin_final  # the grammar's own rule, so data and model agree

    final = latin_final(word)
    return VOWEL if final == 0 else RIEUL_FINAL if final == RIEUL else CONSONANT


KINDS = {"latin-final": UnknownKind((VOWEL, RIEUL_FINAL, CONSONANT), latin_final_class)}


def unknown_kind(name: str) -> UnknownKind:
    if name not in KINDS:
        raise ValueError(f"unknown kind of unknown-word classes {name!r}; known: {', '.join(KINDS)}")
    return KINDS[name]
