"""Names and cities from lists far larger than a vocabulary: words an en-fr or en-ko model can only write by copying
them from the source (models/net/pointer.py), so that it learns to copy rather than to memorise.

The lists (copy_lists/: 4,148 first names with their gender, 6,000 cities, 5,678 surnames) are built once by
tools/copylists/build.py from Faker's first names and GeoNames' cities; they are data, and the app never reads them.
A `CopyDraw` (an rng of its own, so the grammar's draws, and every probe and example sentence, stay as they were)
adds them to a derivation:
- while it grows (phrases.py: new_pp), the place phrase after "in", "near", "far from" or "from" is a city with
  probability CITY_SHARE: "in Lyon", French "à Lyon" (à for a city, not dans), "près de Lyon", "loin d'Ajaccio",
  "de Lyon"; now and then (MULTIWORD_SHARE) it is a city of two words, "à New York", "New York에"; a verb of going
  goes to a city ("go to Berlin" → "aller à Berlin"), and a means of travel takes one ("the train to Lyon" → "le
  train pour Lyon", Lyon으로 가는 기차);
- a clause now and then says what a city is like ("Hong Kong is very big", CITY_SUBJECT_SHARE), and a verb of visiting
  visits one ("visit New York", CITY_OBJECT_SHARE);
- a name drawn where two tokens fit is now and then a full name (SURNAME_SHARE), "Paul Kowalski", its surname from a
  long list of its own (copy_lists/surnames.txt, 5,678 from Faker), copied as the first name is;
- once grown, each known name (the 30 of names.tsv) becomes a long-list name of the same gender with probability
  NAME_SHARE: French keeps a name as it is, and its agreement follows the gender as before; a few of them
  (WORD_NAME_SHARE) are names that are also English words, "Mark", "Rose", which stay in the vocabularies;
- a number before a noun is written in digits, 101 to 9999, with probability NUMBER_SHARE: "250 cats", French
  "250 chats", Korean "고양이 250마리" (the counter bound to the digits).
  (Countries are not swapped in: French and Korean name most of them their own way, Germany is Allemagne and 독일,
  and French needs their gender (en France, au Japon): they are words to translate, not to copy.)

Korean keeps a Latin name as it is written: "Lyon에서", "Aaron이", and the 30 known names too ("Paul은", not 폴은).
Transliterating (리옹, 에런) would make the name a word the target vocabulary must know, which is what copying is
there to avoid. A particle after a Latin word follows its last sound as Korean writes English names
(models/tasks/grammar/hangul.py: `latin_final`), and en-ko's source reads an unknown word as the class of that sound
(models/text/unknown.py), so a model can tell Tom은 from Anna는 though both are unknown to it.

Neither vocabulary gets the listed words (`is_copy_only`, the task's copy_only): the source reads them as <unk>, so
even a model without copying cannot learn them one by one. One entry in HELD_OUT of each list is kept out of
training altogether and names the names split only (test-names.json: sentences whose every name and city is one
no training sentence had).
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, fields, is_dataclass, replace
from functools import cache
from pathlib import Path

from models.tasks.grammar import enfr_words, english
from models.tasks.grammar.enfr_words import Name, adjectives, nouns, verb_forms, verbs
from models.tasks.grammar.english import DIGITS_FROM, PREPOSITIONS, Preposition, atoms_of
from models.tasks.grammar.trees import CITY, NP, PP

DATA = Path(__file__).with_name("copy_lists")
NAME_SHARE = 0.5  # of the names a derivation has
CITY_SHARE = 0.65  # of the place phrases after in, near, far from, from (was 0.5: lex-grammar adds prepositions)
NUMBER_SHARE = 0.5  # of the numbers before a noun: written in digits, 101-9999 (english.DIGITS_FROM)
NUMBERS = (DIGITS_FROM, 9999)
MULTIWORD_SHARE = 0.25  # of the cities drawn: a city of two words (copy_lists/multiword_cities.txt), "in New York"
SURNAME_SHARE = 0.4  # of the names drawn where two tokens fit: a full name, "John Miller" (copy_lists/surnames.txt)
CITY_SUBJECT_SHARE = 0.04  # of the clauses: a city said to be something, "Hong Kong is very big"
CITY_OBJECT_SHARE = 0.5  # of the objects of a verb of visiting (CITY_OBJECT_VERBS): a city, "visit New York"
CITY_OBJECT_VERBS = frozenset({"visit", "explore", "reach"})
WORD_NAME_SHARE = 0.08  # of the names swapped: a name that is also an English word (WORD_NAMES), "Mark"
# First names that are also English words ("mark", "bill", "rose"), which the long list leaves out (lexicon_words).
# They are drawn as names, capitalised, so a vocabulary learns "Mark" the name beside "mark" the noun and the input
# rules (models/text/userinput.py) keep a typed "Mark" as it is: not copy-only, and Latin in Korean as a copied
# name is. Months ("May", "June") and words that open a sentence ("Will") are not among them.
WORD_NAMES = {"m": ("Mark", "Bill", "Guy", "Drew"), "f": ("Rose", "Joy", "Hope")}
HELD_OUT = 10  # every 10th entry of each list (in sorted order) is the names split's only
_PREPOSITIONS = {p.en: p for p in PREPOSITIONS}
# The prepositions a city follows, as the grammar writes them before a city: French "à Lyon", not "dans Lyon".
CITY_PREPOSITIONS = {
    "in": replace(_PREPOSITIONS["in"], atoms=atoms_of([("in", "à")])),
    "near": _PREPOSITIONS["near"],
    "far from": _PREPOSITIONS["far from"],
    "from": _PREPOSITIONS["from"],
}
# "to" + a city after a noun of travel: "the train to Lyon", "a ticket to Oslo" → "pour Lyon" (CopyDraw.destination)
TO_CITY = Preposition("to", atoms_of([("to", "pour")]), "p", "", False, True)


@cache
def lexicon_words() -> frozenset[str]:
    """Every word of the grammar's lexicon tables, English and French, lowercased: a listed name or city that is also
    one of them ("German" the adjective, "Nice", "Split") is left out, since the vocabulary
    must be able to know the word."""
    words: set[str] = set()

    def strings(x) -> None:
        if isinstance(x, str):
            words.update(w.lower() for w in x.replace("'", " ").split())
        elif isinstance(x, list | tuple | set | frozenset):
            for y in x:
                strings(y)
        elif isinstance(x, dict):
            strings(list(x.values()))
        elif is_dataclass(x):
            strings([getattr(x, f.name) for f in fields(x)])

    tables = [getattr(m, k) for m in (english, enfr_words) for k in dir(m) if k.isupper()]  # WEATHER, PRONOUNS ...
    strings([nouns(), adjectives(), verbs(), verb_forms(), tables])
    return frozenset(words)


@cache
def long_names() -> tuple[Name, ...]:
    with (DATA / "names.tsv").open(encoding="utf-8", newline="") as f:
        rows = [Name(r["name"], r["gender"]) for r in csv.DictReader(f, delimiter="\t")]
    return tuple(n for n in rows if n.text.lower() not in lexicon_words())


@cache
def cities() -> tuple[str, ...]:
    """The one-word cities, less any that is a word of a two-word city ("York", "San"): York is New York's, 뉴욕."""
    text = (DATA / "cities.txt").read_text("utf-8")
    return tuple(c for c in text.split() if c.lower() not in lexicon_words() and c not in multiword_words())


@cache
def multiword_cities() -> tuple[str, ...]:
    """Cities of two words that French writes as English does ("à New York", "à Hong Kong"; not New Orleans, La
    Nouvelle-Orléans), one a line, written by hand: a model learns to copy a place of more than one token. Training
    only: the names split's cities stay one word each, none of their words seen in training."""
    lines = (DATA / "multiword_cities.txt").read_text("utf-8").splitlines()
    return tuple(c for c in lines if c and not c.startswith("#"))


@cache
def multiword_words() -> frozenset[str]:
    """The words of the two-word cities ("New", "York", "San"), which training sees."""
    return frozenset(w for c in multiword_cities() for w in c.split())


def in_part(i: int, held_out: bool) -> bool:
    """Whether a list's i-th entry (in sorted order) is in the part asked for: every HELD_OUT-th is the names
    split's, the rest training's."""
    return (i % HELD_OUT == HELD_OUT - 1) == held_out


@cache
def surnames() -> tuple[str, ...]:
    return tuple(n for n in (DATA / "surnames.txt").read_text("utf-8").split() if n.lower() not in lexicon_words())


@cache
def surname_pool(held_out: bool) -> tuple[str, ...]:
    """The surnames of training (held_out False) or of the names split (True): every HELD_OUT-th is the split's."""
    return tuple(n for i, n in enumerate(surnames()) if in_part(i, held_out))


@cache
def pools(held_out: bool) -> tuple[dict[str, tuple[str, ...]], tuple[str, ...]]:
    """(names by gender, cities) for training (held_out False) or for the names split (True). A word of a
    two-word city ("San", "Diego"), which training sees, is no name or city of the split."""

    def part(items, text=str):
        return tuple(
            x for i, x in enumerate(items) if in_part(i, held_out) and not (held_out and text(x) in multiword_words())
        )

    names = part(long_names(), lambda n: n.text)
    by_gender = {g: tuple(n.text for n in names if n.gender == g) for g in ("m", "f")}
    return by_gender, part(cities())


@cache
def copy_only_tokens() -> frozenset[str]:
    return frozenset(n.text for n in long_names()) | frozenset(cities()) | multiword_words() | frozenset(surnames())


def is_copy_only(token: str) -> bool:
    """Whether `token` is a listed name or city, or a number in digits: kept out of both vocabularies, so only
    copying writes it."""
    return token in copy_only_tokens() or token.isdigit()


def _names(parts) -> list[NP]:
    """Every noun phrase of a derivation that is a name (its clauses, phrases and their parts, walked once)."""
    nps: list[NP] = []
    seen: set[int] = set()

    def walk(x) -> None:
        if isinstance(x, list | tuple):
            for y in x:
                walk(y)
            return
        if not is_dataclass(x) or isinstance(x, type) or id(x) in seen or type(x).__module__ != NP.__module__:
            return
        seen.add(id(x))
        if isinstance(x, NP) and x.name is not None:
            nps.append(x)
        for f in fields(x):
            walk(getattr(x, f.name))

    walk(parts)
    return nps


@dataclass
class CopyDraw:
    """How a derivation draws its copyable words, with an rng of its own (so the grammar's own draws, and every probe
    and example sentence, which draw none, stay as they were). `held_out`: from the names split's part of the lists."""

    rng: random.Random
    name_share: float = NAME_SHARE
    city_share: float = CITY_SHARE
    held_out: bool = False
    number_share: float = NUMBER_SHARE
    multiword_share: float = MULTIWORD_SHARE
    word_name_share: float = WORD_NAME_SHARE
    surname_share: float = SURNAME_SHARE
    city_subject_share: float = CITY_SUBJECT_SHARE
    city_object_share: float = CITY_OBJECT_SHARE

    def number(self, n: int) -> int:
        """The number a "num" determiner writes: `n` (in words), or with probability number_share one of 101-9999
        (in digits, the same in French and Korean: "250 cats", "250 chats", "고양이 250마리"); the names split's
        are odd, training's even, so no number of the split is seen in training."""
        if self.rng.random() >= self.number_share:
            return n
        lo, hi = NUMBERS
        return 2 * self.rng.randint(lo // 2 + 1, hi // 2) - (1 if self.held_out else 0)

    def year(self) -> str:
        """A year in digits for "born in 1990" (1920-2024), copied as number() is: even in training, odd in the names
        split, so no year of the split is seen in training."""
        return str(2 * self.rng.randint(960, 1012) - (1 if self.held_out else 0))

    def city(self, prep: Preposition) -> PP | None:
        """Growth's place phrase after `prep` as a city ("in Lyon", French "à Lyon"), with probability city_share
        where a city can follow it; None: the grammar draws its noun phrase as before. Its English tokens (two for
        "New York") are counted as any phrase's, so sentence lengths stay exact."""
        if prep.en not in CITY_PREPOSITIONS or "p" not in prep.obj or self.rng.random() >= self.city_share:
            return None
        return PP(CITY_PREPOSITIONS[prep.en], self.city_np())

    def city_np(self) -> NP:
        """A city's noun phrase: now and then (multiword_share, in training) one of two words, "New York"."""
        if not self.held_out and self.rng.random() < self.multiword_share:
            return NP("p", name=Name(self.rng.choice(multiword_cities()), CITY))
        return NP("p", name=Name(self.rng.choice(pools(self.held_out)[1]), CITY))

    def destination_of(self, verb) -> NP | None:
        """The city a verb of going goes to or comes from ("go to Berlin", "come from Lyon"), with probability
        city_share / 2; None: the grammar's own place ("go to school")."""
        if "y" not in verb.obj or self.rng.random() >= self.city_share / 2:
            return None
        return self.city_np()

    def destination(self) -> PP:
        """ "to Lyon" after a means of travel: "the train to Lyon" → "le train pour Lyon" (Lyon으로 가는 기차)."""
        return PP(TO_CITY, self.city_np())

    def full_name(self, name: Name) -> Name:
        """A person's name as growth draws it where two tokens fit: with probability surname_share the full name,
        "Paul Kowalski" (a surname from the long list, copied as a first name is; swap_names then swaps the first
        name only), so a model learns to copy two names in a row."""
        if name.gender not in ("m", "f") or self.rng.random() >= self.surname_share:
            return name
        return Name(f"{name.text} {self.rng.choice(surname_pool(self.held_out))}", name.gender)

    def city_subject(self) -> NP | None:
        """With probability city_subject_share, a city as the subject of a clause that says what it is like:
        "Hong Kong is very big" → "Hong Kong est très grand", Hong Kong은 아주 커요; None: the grammar's own subject."""
        return self.city_np() if self.rng.random() < self.city_subject_share else None

    def city_object(self, verb) -> NP | None:
        """With probability city_object_share, a city as the object of a verb of visiting: "I want to visit New
        York" → "je veux visiter New York", New York을 방문하고 싶어요; None: the grammar's own object."""
        if verb.en not in CITY_OBJECT_VERBS or self.rng.random() >= self.city_object_share:
            return None
        return self.city_np()

    def swap_names(self, parts) -> None:
        """Each known name of a finished derivation becomes a long-list name of the same gender, with probability
        name_share (the same length: one token for one; a full name keeps its surname, "Paul Kowalski" → "Aaron
        Kowalski")."""
        names = pools(self.held_out)[0]
        for np in _names(parts):
            if np.name.gender in names and np.name.text != "who" and self.rng.random() < self.name_share:
                # now and then a name that is also a word (WORD_NAMES), in training only
                words = not self.held_out and self.rng.random() < self.word_name_share
                first = self.rng.choice((WORD_NAMES if words else names)[np.name.gender])
                np.name = Name(" ".join([first, *np.name.text.split()[1:]]), np.name.gender)


def has_copyable(tokens: list[str]) -> bool:
    return any(is_copy_only(t) for t in tokens)
