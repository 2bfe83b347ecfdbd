"""The en-fr lexicon: data files in models/tasks/grammar/enfr_lexicon/, read into small frozen records.

The tables (nouns, adjectives, verbs, names) are kept by hand as TSV; every inflected form of a verb comes
from `verb_forms.json`, which tools/lexicon/build_forms.py builds with a French conjugation library and
lemminflect (English), plus a short checked table of exceptions. Pronouns, auxiliaries and the few idioms
the grammar builds by hand (il fait froid, j'ai faim) are small tables here, next to the code that uses them.

Noun tags (semantic classes used for selection): h human, a animal, t portable thing, f food, d drink,
v vehicle, p place, k fixture, i abstract, b body part, w wearable, e weather, m time word, l language (spoken
only: "speak French"); finer roles:
r readable, s heard, o openable, c container, g given or received, y "go to" destination.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).with_name("enfr_lexicon")
ALL = "hatfdvpkibwe"  # every class an object or subject may have (time words, m, are never arguments, languages, l,
# only what one speaks)


@dataclass(frozen=True, slots=True)
class Noun:
    en: tuple[str, str]  # singular, plural
    fr: tuple[str, str]
    gender: str  # "m" or "f"
    tags: str
    mass: bool
    topic: str = ""
    fr_plural: bool = False  # French has only a plural (fr_sg "-"): "the news is" → "les nouvelles sont"


@dataclass(frozen=True, slots=True)
class Name:
    text: str
    gender: str


@dataclass(frozen=True, slots=True)
class Adjective:
    en: str
    forms: tuple[str, str, str, str]  # masc sg, fem sg, masc pl, fem pl
    tags: str
    pre: bool  # placed before the French noun
    before_vowel: str = ""  # vieil, bel, nouvel

    def form(self, gender: str, plural: bool) -> str:
        return self.forms[2 * plural + (gender == "f")]


@dataclass(frozen=True, slots=True)
class Verb:
    kind: str  # tr, ditr, prep, intr, that, inf
    en: str  # base form
    particles: tuple[str, ...]  # English words after the verb: "for" in "looks for", "to" in "wants to"
    fr: str  # infinitive, possibly several words ("avoir besoin")
    fr_prep: str  # French preposition of a prep verb (parler à) or the link of an inf verb (essayer de)
    subj: str
    obj: str = ""
    obj2: str = ""
    where: bool = False  # fits "the park where ... <verb>"
    only_where: bool = False

    @property
    def en_third(self) -> str:
        return en_forms(self.en)["third"]


@dataclass(frozen=True, slots=True)
class Pronoun:
    en: str  # subject form
    en_obj: str
    fr: str  # subject
    fr_direct: str  # direct object clitic
    fr_indirect: str  # indirect object clitic (à + pronoun)
    fr_tonic: str  # after a preposition
    person: int  # 0..5: je tu il nous vous ils
    gender: str
    plural: bool  # for the agreement of adjectives and participles
    clitic: bool = True  # an object before the French verb (le, la, lui); "quelqu'un", "tout" are not

    @property
    def en_third(self) -> bool:
        return self.person == 2


# "you" is always "vous" (one form for one English word), agreeing as one person, masculine: "vous êtes
# fatigué"; "they" is "ils", "it" as an object is "le". Subject "it" only appears in weather clauses.
PRONOUNS = [
    Pronoun("I", "me", "je", "me", "me", "moi", 0, "m", False),
    Pronoun("you", "you", "vous", "vous", "vous", "vous", 4, "m", False),
    Pronoun("he", "him", "il", "le", "lui", "lui", 2, "m", False),
    Pronoun("she", "her", "elle", "la", "lui", "elle", 2, "f", False),
    Pronoun("we", "us", "nous", "nous", "nous", "nous", 3, "m", True),
    Pronoun("they", "them", "ils", "les", "leur", "eux", 5, "m", True),
]
IT = Pronoun("it", "it", "il", "le", "lui", "lui", 2, "m", False)
# Indefinite pronouns: someone, everyone (people), something, everything (things) as subjects and objects; nothing as
# an object (French ne … rien); under a negation "someone" is "anyone" (ne … personne), "something" "anything" (ne … rien).
SOMEONE = Pronoun("someone", "someone", "quelqu'un", "", "", "quelqu'un", 2, "m", False, False)
EVERYONE = Pronoun("everyone", "everyone", "tout le monde", "", "", "tout le monde", 2, "m", False, False)
SOMETHING = Pronoun("something", "something", "quelque chose", "", "", "quelque chose", 2, "m", False, False)
EVERYTHING = Pronoun("everything", "everything", "tout", "", "", "tout", 2, "m", False, False)
NOTHING = Pronoun("nothing", "nothing", "rien", "", "", "rien", 2, "m", False, False)
ANYONE = Pronoun("anyone", "anyone", "personne", "", "", "personne", 2, "m", False, False)
ANYTHING = Pronoun("anything", "anything", "rien", "", "", "rien", 2, "m", False, False)
# "what is this?" → "qu'est-ce que c'est?", "how much is that?" → "combien ça coûte?": a thing pointed at, only as the
# subject of these questions (the French is the question's own: c', ça)
THIS = Pronoun("this", "this", "ça", "", "", "ça", 2, "m", False)
THAT = Pronoun("that", "that", "ça", "", "", "ça", 2, "m", False)
HUMAN_INDEFINITES = (SOMEONE, EVERYONE, ANYONE)
THING_INDEFINITES = (SOMETHING, EVERYTHING, NOTHING, ANYTHING)
NEGATED_INDEFINITE = {SOMEONE: ANYONE, SOMETHING: ANYTHING}  # "I do not see anyone"

# English be/have/do by person (0..5), and the two French imperfects the grammar uses for "was" and "had".
EN_BE = ("am", "are", "is", "are", "are", "are")
EN_BE_PAST = ("was", "were", "was", "were", "were", "were")
FR_ETRE_IMPARFAIT = ("étais", "étais", "était", "étions", "étiez", "étaient")
FR_AVOIR_IMPARFAIT = ("avais", "avais", "avait", "avions", "aviez", "avaient")

# Predicates French says with avoir: "I am hungry" → "j'ai faim" (attributive uses stay adjectives).
AVOIR_IDIOMS = {
    "hungry": "faim",
    "thirsty": "soif",
    "afraid": "peur",
    "sleepy": "sommeil",
    "cold": "froid",
    "hot": "chaud",
}

# Adjectives that only go before or after a noun ("the other cat", never "the cat is other"), and those only said of a
# subject ("I am sure", never "a sure man").
ATTRIBUTIVE_ONLY = {"other", "main", "whole", "entire", "major", "central", "final", "current", "recent", "real"}
ATTRIBUTIVE_ONLY |= {"local", "national", "general", "specific", "economic", "financial", "political", "medical"}
ATTRIBUTIVE_ONLY |= {"former", "military", "western", "previous", "annual", "basic", "royal", "regional", "industrial"}
ATTRIBUTIVE_ONLY |= {"north", "south", "east", "west", "northern", "southern", "initial", "environmental", "potential"}
ATTRIBUTIVE_ONLY |= {"dear", "federal"}
PREDICATIVE_ONLY = {"sure", "able", "late", "certain", "afraid"}

# Verbs whose object is generic: "I like bread" → "j'aime le pain", but "I eat bread" → "je mange du pain".
GENERIC_VERBS = {"aimer", "adorer", "détester", "préférer"}
# à-verbs whose human pronoun object becomes an indirect clitic: "I talk to her" → "je lui parle"
# (the others keep "à" + a tonic pronoun: "je pense à elle").
DATIVE_VERBS = {
    "parler",
    "sourire",
    "écrire",
    "répondre",
    "téléphoner",
    "obéir",
    "appartenir",
    "plaire",
    "mentir",
    "ressembler",
}


def _tsv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def _tags(value: str) -> str:
    return ALL if value == "*" else ("" if value == "-" else value)


@cache
def verb_forms() -> dict:
    return json.loads((DATA / "verb_forms.json").read_text("utf-8"))


def fr_forms(infinitive: str) -> dict:
    return verb_forms()["fr"][infinitive]


def en_forms(base: str) -> dict:
    return verb_forms()["en"][base]


@cache
def frequencies() -> dict[str, float]:
    """English lemma → its frequency on wordfreq's Zipf scale (log10 of uses per billion words), from
    frequency.tsv, which tools/lexicon/frequent_words.py writes."""
    path = DATA / "frequency.tsv"
    if not path.exists():
        return {}
    return {r["en"]: float(r["zipf"]) for r in _tsv("frequency.tsv")}


def zipf(word: str) -> float:
    return frequencies().get(word, 3.0)


@cache
def mute_h() -> frozenset[str]:
    path = DATA / "mute_h.txt"
    return frozenset(w.strip() for w in path.read_text("utf-8").split() if w.strip())


@cache
def nouns() -> tuple[Noun, ...]:
    out = []
    for r in _tsv("nouns.tsv"):
        mass, fr_plural = r["en_pl"] == "-", r["fr_sg"] == "-"
        fr = (r["fr_pl"], r["fr_pl"]) if fr_plural else (r["fr_sg"], r["fr_pl"])
        out.append(Noun((r["en_sg"], r["en_pl"]), fr, r["gender"], r["tags"], mass, r["topic"], fr_plural))
    return tuple(out)


@cache
def names() -> tuple[Name, ...]:
    return tuple(Name(r["name"], r["gender"]) for r in _tsv("names.tsv"))


@cache
def adjectives() -> tuple[Adjective, ...]:
    return tuple(
        Adjective(
            r["en"],
            (r["ms"], r["fs"], r["mp"], r["fp"]),
            _tags(r["tags"]),
            r["position"] == "pre",
            "" if r["before_vowel"] == "-" else r["before_vowel"],
        )
        for r in _tsv("adjectives.tsv")
    )


@cache
def adjective_forms() -> dict[str, tuple[str, str]]:
    """English adjective -> (comparative, superlative) in -er / -est, for those English compares so (bigger, the
    happiest): adjective_forms.tsv, which tools/lexicon/build_adjective_forms.py writes."""
    return {row["en"]: (row["comparative"], row["superlative"]) for row in _tsv("adjective_forms.tsv")}


@cache
def verbs() -> dict[str, tuple[Verb, ...]]:
    out: dict[str, list[Verb]] = {k: [] for k in ("tr", "ditr", "prep", "intr", "that", "inf")}
    for r in _tsv("verbs.tsv"):
        particles = () if r["particles"] == "-" else tuple(r["particles"].split())
        flags = r["flags"]
        verb = Verb(
            r["kind"],
            r["en"],
            particles,
            r["fr"],
            "" if r["fr_prep"] == "-" else r["fr_prep"],
            _tags(r["subj"]),
            _tags(r["obj"]),
            _tags(r["obj2"]),
            where="w" in flags or "o" in flags,
            only_where="o" in flags,
        )
        out[verb.kind].append(verb)
    return {k: tuple(v) for k, v in out.items()}
