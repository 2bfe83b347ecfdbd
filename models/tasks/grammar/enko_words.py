"""The en-ko lexicon: Korean for every English lemma of the en-fr grammar, as data in enko_lexicon/ beside this file.

- nouns.tsv: the Korean noun (a counter where it is not the default of its class, see COUNTERS;
  "*" when the noun counts itself: 두 사람, 두 가족) and, for things worn, the verb of wearing (모자를 쓰다,
  신발을 신다; 입다 otherwise).
- adjectives.tsv: the Korean lemma and how it modifies a noun and makes a predicate (`kind`): adj, a
  descriptive verb (작은 / 작아요); past, a verb whose past is the state (열린 문 / 문이 열렸어요); verb, a
  verb in the present (걱정하는 / 걱정해요); noun, a noun before the noun (초록색 공 / 초록색이에요); cop, a
  noun with the copula (현대적인 / 현대적이에요); nat, a country (프랑스 음식 / 프랑스 사람이에요). Some take
  another word for people and animals (`ko_animate`: 추운 / 차가운).
- verbs.tsv: the Korean lemma and its `frame`: the particle of the object (을, 에게, 에, 와, 의) or of the
  preposition's object for prep verbs (에 대해, 을 위해), where an intransitive verb is done (에서, 에 for 살다
  and 머무르다), how a that-clause is joined (quote -다고, fact -는 것을, attr -는 + the verb, gi -기를, giro
  -기로), and for infinitive verbs the form of the main verb and the words after it ("neun 것 -을" for
  -는 것을 좋아하다) and the same for the negation ("eoya" 먹어야 해요, "ji|않아도 되다" 먹지 않아도 돼요).
  `alternative` names another verb for some objects (w:빨다: clothes are washed with 빨다).
- forms.tsv: every form of every Korean verb and adjective, built with Kiwi by tools/lexicon/build_ko_forms.py:
  "L|tokens", the tokens of the form (a bound piece starts with "-") and how many of them hold the lemma ("*":
  the last of them holds an ending too, as 갔 holds 가 and -았).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).with_name("enko_lexicon")

# Counters after a number (고양이 두 마리), by the noun's class when nouns.tsv gives none.
COUNTERS = (("h", "명"), ("a", "마리"), ("v", "대"), ("p", "곳"))
DEFAULT_COUNTER = "개"
# Negation by another word, not by 안: 있다 → 없다 (I have no dog, there is no milk), 알다 → 모르다.
NEGATIVE_LEMMAS = {"있다": "없다", "알다": "모르다"}


@dataclass(frozen=True, slots=True)
class KoNoun:
    ko: str  # may be two words: the last one takes the particles (낯선 사람)
    counter: str  # "*": the number goes before the noun itself
    wear: str  # the verb of wearing it
    play: str = ""  # the verb of playing it: 축구를 하다, 피아노를 치다, 바이올린을 켜다, 플루트를 불다


@dataclass(frozen=True, slots=True)
class KoAdjective:
    ko: str
    kind: str  # adj, past, verb, noun, cop, nat
    ko_animate: str
    kind_animate: str

    def for_head(self, animate: bool) -> tuple[str, str]:
        return (self.ko_animate, self.kind_animate) if animate and self.ko_animate else (self.ko, self.kind)


@dataclass(frozen=True, slots=True)
class KoVerb:
    ko: str
    frame: str
    negation: tuple[str, str] = ("", "")  # infinitive verbs: (frame, lemma) of the negation
    alternatives: tuple[tuple[str, str], ...] = ()  # (object tags, lemma)

    def for_object(self, tags: str) -> str:
        return next((lemma for t, lemma in self.alternatives if any(c in tags for c in t)), self.ko)


@dataclass(frozen=True, slots=True)
class Form:
    tokens: tuple[str, ...]
    lexical: int  # the first `lexical` tokens hold the lemma
    fused: bool  # ... and the last of them also holds an ending


def _tsv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def _opt(value: str) -> str:
    return "" if value == "-" else value


@cache
def nouns() -> dict[str, KoNoun]:
    """By English singular."""
    return {
        r["en"]: KoNoun(r["ko"], _opt(r["counter"]), _opt(r["wear"]) or "입다", _opt(r["play"]))
        for r in _tsv("nouns.tsv")
    }


def counter(noun_tags: str, ko: KoNoun) -> str:
    if ko.counter:
        return ko.counter
    return next((c for tag, c in COUNTERS if tag in noun_tags), DEFAULT_COUNTER)


@cache
def adjectives() -> dict[str, KoAdjective]:
    return {
        r["en"]: KoAdjective(r["ko"], r["kind"], _opt(r["ko_animate"]), _opt(r["kind_animate"]))
        for r in _tsv("adjectives.tsv")
    }


@cache
def verbs() -> dict[tuple[str, str, tuple[str, ...]], KoVerb]:
    """By (kind, English base, English particles), the key of an en-fr verb."""
    out = {}
    for r in _tsv("verbs.tsv"):
        particles = () if r["particles"] == "-" else tuple(r["particles"].split())
        negation = tuple(r["negation"].split("|")) if r["negation"] != "-" else ("", "")
        alternatives = tuple(
            tuple(a.split(":")) for a in (r["alternative"].split(",") if r["alternative"] != "-" else [])
        )
        out[r["kind"], r["en"], particles] = KoVerb(r["ko"], r["frame"], negation, alternatives)
    return out


@cache
def _forms() -> dict[tuple[str, str], dict[str, Form]]:
    out = {}
    for r in _tsv("forms.tsv"):
        forms = {}
        for key, value in r.items():
            if "." in key or key in FORM_KEYS:
                if value == "-":
                    continue
                head, tokens = value.split("|", 1)
                forms[key] = Form(tuple(tokens.split()), int(head.rstrip("*")), head.endswith("*"))
        out[r["family"], r["lemma"]] = forms
        out[r["family"], r["lemma"]]["neg"] = r["neg"]  # type: ignore[assignment]
    return out


FORM_KEYS = {"pres", "past", "fut", "prog", "asap", "eoya", "ryeogo", "ji", "imp"}


def form(family: str, lemma: str, key: str) -> Form:
    """Form `key` ("past", "attr.pres", "quote.fut" ...) of a Korean lemma of `family` (V verb, A adjective,
    C the copula "이다/V" or "이다/C" after a vowel or a consonant)."""
    try:
        return _forms()[family, lemma][key]
    except KeyError:
        raise KeyError(f"no form {key!r} of {family} {lemma!r} in forms.tsv") from None


def negation_point(family: str, lemma: str) -> int:
    """The token of every form of `lemma` that 안 goes before (공부 안 해요: 1)."""
    return int(_forms()[family, lemma]["neg"])


def has_lemma(family: str, lemma: str) -> bool:
    return (family, lemma) in _forms()
