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

Unknown words by order (`order`, TrainConfig.unknown_order; Luong et al. 2015's positional unknowns, "Addressing
the rare word problem in neural machine translation"). A copy model fed back <unk> after writing a copied word does
not know which one it wrote, and a full name of two unknowns came out with one of them twice (*Germana Germana*
for *Germana Cabezas*). With an order of K, the source reads the n-th different unknown word of a sentence (n ≤ K)
as its class numbered n (<unk:2>, <unk:vowel:2>), and the decoder is fed the copied word the target vocabulary
numbers k as <copied:k> (models/net/pointer.py: `fed_ids`): "I wrote the first unknown, the second comes next" is
then in what both sides read. Past K, the class without a number, as before.
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


PLAIN = "<unk>"  # models.text.vocab.UNK, the class of a word no kind classifies


def numbered(base: str, n: int) -> str:
    """The class token `base` numbered n: <unk> -> <unk:2>, <unk:vowel> -> <unk:vowel:2>."""
    return f"{base[:-1]}:{n}>"


def copied_token(n: int) -> str:
    """What the decoder of a copy model with an order reads after writing the n-th copied word."""
    return f"<copied:{n}>"


KINDS = {"latin-final": UnknownKind((VOWEL, RIEUL_FINAL, CONSONANT), latin_final_class)}


def unknown_kind(name: str) -> UnknownKind:
    if name not in KINDS:
        raise ValueError(f"unknown kind of unknown-word classes {name!r}; known: {', '.join(KINDS)}")
    return KINDS[name]


def class_tokens(kind: str | None, order: int) -> tuple[str, ...]:
    """The tokens a source vocabulary holds after its specials: the kind's classes, then with an order each class
    (and plain <unk>) numbered 1..order."""
    bases = unknown_kind(kind).tokens if kind else ()
    return bases + tuple(numbered(base, n) for n in range(1, order + 1) for base in (*bases, PLAIN))
