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

import re

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
GIYEOK, BIEUP, SIOT = 1, 17, 19  # ㄱ, ㅂ, ㅅ: a short vowel's final k, p, t (잭, 킵, 맷)
# A final k, p or t after a short vowel is written as a final consonant (외래어 표기법: 짧은 모음 다음의 어말 무성
# 파열음은 받침으로 적는다): Jack 잭, Nick 닉, Matt 맷, Scott 스콧, Kip 킵. English marks the short vowel by
# spelling (ck, tt, pp) or by a single syllable with one vowel letter (Pat 팻, Kip 킵); other final stops take 으
# after them (Mark 마크, Robert 로버트, Kate 케이트, Rabat 라바트).
_SHORT_STOP = re.compile(r"(?:ck|tt|pp|^[^aeiouy]*[aeiou][kpt])$")
_STOPS = {"k": GIYEOK, "p": BIEUP, "t": SIOT}
# Cities Korean calls by a name of its own that ends otherwise than the English spelling says, so a particle after
# the Latin word follows the Korean name (Rome를: 로마). The copy lists leave such cities out (copyable.py: a
# million people or more), so these change no training sentence; the source of a typed one reads by them. York is
# the last word of New York (뉴욕: New York은), a city the lists draw (multiword_cities.txt); they leave the English
# York (요크) out (copyable.cities).
# 로마, 밀라노, 빈, 뮌헨, 뉴욕
EXONYM_FINALS = {"rome": 0, "milan": 0, "vienna": NIEUN, "munich": NIEUN, "york": GIYEOK}


def latin_final(word: str) -> int:
    """The final consonant of a name in Latin letters as Korean writes English and French names, by its last letters:
    a final m, n or ng is ㅁ, ㄴ, ㅇ (Adam이, Jean이, Hong이), a final l is ㄹ (Paul이, Paul로), a short vowel's final
    k, p, t is ㄱ, ㅂ, ㅅ (Jack이: 잭, Kip이: 킵, Matt이: 맷); anything else ends in a vowel (Anna가, Peter가:
    피터, David가: 데이비드, Mark가: 마크, Paris가: 파리), as r is not sounded and other final consonants are written
    with 으 after them. A silent e after a consonant is skipped first (Anne이: 앤, Claire가: 클레어), and it makes the
    vowel before it long (Kate가: 케이트, Mike가: 마이크). A city with a Korean name of its own goes by that name
    (EXONYM_FINALS: Rome가: 로마)."""
    w = word.lower()
    if w in EXONYM_FINALS:
        return EXONYM_FINALS[w]
    silent_e = len(w) > 2 and w.endswith("e") and w[-2] not in "aeiouy"
    if silent_e:
        w = w[:-1]
    if w.endswith("ng"):
        return IEUNG
    if not silent_e and _SHORT_STOP.search(w):
        return _STOPS[w[-1]]
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
