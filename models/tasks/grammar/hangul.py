"""Korean particles chosen by the final consonant (batchim) of the word they follow.

Unicode composes every Hangul syllable as 0xAC00 + (initial * 21 + vowel) * 28 + final, so the final consonant
is (code - 0xAC00) % 28: 0 is none, 8 is ㄹ. That is all a particle needs: 을/를, 이/가, 은/는, 과/와 take the
first form after a consonant, 으로/로 takes 으로 after a consonant other than ㄹ. tools/lexicon/build_ko_forms.py
checks this rule against Kiwi's own join for every noun, name, pronoun and counter of the en-ko lexicon, so the
generator needs no Korean library at run time.

Particles are named by their after-a-consonant form: "을", "이", "은", "과", "으로", "이에요"; the rest (의, 에,
에게, 에서, 도, 만) never change.
"""

from __future__ import annotations

_FIRST, _LAST = 0xAC00, 0xD7A3
RIEUL = 8  # the index of ㄹ among final consonants

# (after a consonant, after a vowel)
ALTERNATING = {"을": ("을", "를"), "이": ("이", "가"), "은": ("은", "는"), "과": ("과", "와"), "으로": ("으로", "로")}
ALTERNATING |= {"이나": ("이나", "나")}  # or: 차나 커피, 빵이나 우유
# Pronouns that fuse with the subject particle: 저 + 가 → 제가, 누구 + 가 → 누가 (Kiwi writes them so too).
FUSED = {("저", "이"): ("제", "가"), ("누구", "이"): ("누", "가")}


def final_consonant(word: str) -> int:
    """Index of the final consonant of `word`'s last syllable (0 = none); for a word in Latin letters (a copied name
    or city), the one Korean writes for it (`latin_final`). Raises on any other ending."""
    code = ord(word[-1])
    if word[-1].isascii() and word[-1].isalpha():
        return latin_final(word)
    if not _FIRST <= code <= _LAST:
        raise ValueError(f"{word!r} does not end in a Hangul syllable")
    return (code - _FIRST) % 28


NIEUN, MIEUM, IEUNG = 4, 16, 21  # ㄴ, ㅁ, ㅇ among final consonants


def latin_final(word: str) -> int:
    """The final consonant of a name in Latin letters as Korean writes English and French names, by its last letters:
    a final m, n or ng is ㅁ, ㄴ, ㅇ (Adam이, Jean이, Hong이), a final l is ㄹ (Paul이, Paul로); anything else ends in a
    vowel (Anna가, Peter가: 피터, David가: 데이비드, Paris가: 파리), as r is not sounded and other final consonants are
    written with 으 after them. A silent e after a consonant is skipped first (Anne이: 앤, Claire가: 클레어).
    A simplification: short-vowel p, t, k (Bob: 밥, Jack: 잭) are read as vowels here."""
    w = word.lower()
    if len(w) > 2 and w.endswith("e") and w[-2] not in "aeiouy":
        w = w[:-1]
    if w.endswith("ng"):
        return IEUNG
    return {"m": MIEUM, "n": NIEUN, "l": RIEUL}.get(w[-1], 0)


def particle(word: str, name: str) -> str:
    """The form of particle `name` (e.g. "을") after `word`: particle("사과", "을") == "를"."""
    if name not in ALTERNATING:
        return name
    final = final_consonant(word)
    after_consonant = final != 0 and not (name == "으로" and final == RIEUL)
    return ALTERNATING[name][0 if after_consonant else 1]


def attach(word: str, name: str) -> tuple[str, str]:
    """(word, particle) as written, with the two fused pronoun forms: attach("저", "이") == ("제", "가")."""
    if (word, name) in FUSED:
        return FUSED[word, name]
    return word, particle(word, name)
