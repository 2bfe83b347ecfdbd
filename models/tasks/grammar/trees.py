"""Derivation trees: noun phrases, prepositional phrases, verb phrases, clauses and relative clauses.

One tree renders both sentences of a pair (french.py, korean.py). Each node knows its English length, so
the grower (phrases.py, growth.py) can hit an exact sentence length; `english_verb_group` is the English verb
group every renderer writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from models.tasks.grammar.enfr_words import (
    AVOIR_IDIOMS,
    EN_BE,
    EN_BE_PAST,
    HUMAN_INDEFINITES,
    PRONOUNS,
    Adjective,
    Name,
    Noun,
    Pronoun,
    Verb,
    en_forms,
)
from models.tasks.grammar.english import BORN, DETERMINERS, WOULD_LIKE, Preposition, number_words, one_word

CITY = "city"  # the gender a city's Name carries (copyable.py): no agreement, and an inanimate noun in Korean

THINGS = "tfdvpkbw"  # the classes of things (enfr_words.py: noun tags), for "it" and "them"


def fits(tags: str, other: str) -> bool:
    """Does a head of classes `tags` fit a slot that takes `other` (one class in common)?"""
    return any(t in other for t in tags)


@dataclass(eq=False, slots=True)
class NP:
    tags: str  # classes its head may take (narrowed by whatever governs it)
    name: Name | None = None
    noun: Noun | None = None
    pron: Pronoun | None = None
    det: str = ""
    num: int = 0  # with det "num"
    plural: bool = False
    pre: Adjective | None = None
    post: Adjective | None = None
    pp: PP | None = None
    rel: Rel | None = None
    conj: NP | None = None  # "X and Y": the coordination hangs off its first item
    either_or: bool = False  # "X or Y" (direct objects only: "du thé ou du café", 차나 커피)
    coordinable: bool = False  # subjects and direct objects only ("de X et de Y" would repeat the preposition)
    no_every: bool = False
    indefinite_ok: bool = True
    bare_ok: bool = False  # subjects and objects may be bare nouns ("bread", "cats")
    governor: VP | None = None  # the VP whose direct object this is: negation turns "un" into "de"
    fr_definite: bool = False  # a bare English noun French says with the article: "to school" → "à l'école"
    title: str = ""  # before a name: Mr, Mrs, Miss, Dr (english.TITLES)
    other: bool = False  # "someone else" → "quelqu'un d'autre" (다른 사람), "something else"
    such: bool = False  # "such a big cat" → "un si grand chat" (그렇게 큰 고양이): with "a" and one adjective
    appos: NP | None = None  # a name after the noun: "my friend Paul" → "mon ami Paul" (제 친구 Paul)
    very: bool = False  # "a very good friend" → "un très bon ami" (아주 좋은 친구): one adjective
    # what a container holds: "a glass of water" → "un verre d'eau" (물 한 잔), `noun` being the container
    content: Noun | None = None

    def head_tags(self) -> str:
        if self.pron:
            return "h" if self.pron in PRONOUNS or self.pron in HUMAN_INDEFINITES else THINGS
        if self.name:
            return "p" if self.name.gender == CITY else "h"  # a city is a place: "Lyon is big", not "Lyon eats"
        return self.noun.tags

    def det_len(self) -> int:
        if self.det == "num":
            return len(number_words(self.num)[0])
        if self.det in ("no", "enough"):
            return 1
        if self.det == "some":  # "some cats", "some water"; never "some cat"
            return 1 if self.plural or (self.noun is not None and self.noun.mass) else 0
        return len(DETERMINERS[self.det][0][self.plural].split())  # "a few", "all the"

    def en_len(self) -> int:
        n = (
            name_len(self) + bool(self.title) + self.other
            if (self.name or self.pron)
            else self.det_len() + 1 + (self.pre is not None) + (self.post is not None) + self.such + self.very
        )
        if self.content:  # "of water"
            n += 2
        if self.appos:
            n += self.appos.en_len()
        if self.pp:
            n += self.pp.en_len()
        if self.rel:
            n += self.rel.en_len()
        if self.conj:
            n += 1 + self.conj.en_len()
        return n

    def items(self) -> list[NP]:
        out, np = [], self
        while np:
            out.append(np)
            np = np.conj
        return out

    def gender(self) -> str:
        if self.pron:
            return self.pron.gender
        return self.name.gender if self.name else self.noun.gender

    def person(self) -> int:
        if self.conj:  # "Robert and I" agree as "we": "Robert et moi allons"; other coordinations as "they"
            return 3 if any(item.pron is PRONOUNS[0] for item in self.items()) else 5
        if self.pron:
            return self.pron.person
        return 5 if self.plural or self.conj else 2


def name_len(np: NP) -> int:
    """English tokens of a name or pronoun head: a city may have more than one ("New York")."""
    return len(np.name.text.split()) if np.name else 1


@dataclass(eq=False, slots=True)
class PP:
    prep: Preposition
    np: NP

    def en_len(self) -> int:
        return self.prep.en_len + self.np.en_len()


@dataclass(eq=False, slots=True)
class VP:
    kind: str  # intr, tr, ditr, prep, that, cop, exist, age, weather
    subj: NP  # the NP it agrees with (the head noun, for a subject relative clause)
    verb: Verb | None = None
    modal: Verb | None = None  # "wants to" + this VP in the infinitive
    inner: Verb | None = None  # a to-verb after the modal: "wants to learn to swim" → "veut apprendre à nager"
    tense: str = "pres"
    neg: bool = False
    question: bool = False  # the main clause of a question: its auxiliary goes before the subject
    yes_no: bool = False  # ... of a yes/no question ("have you ever seen it?")
    obj: NP | None = None
    obj2: NP | None = None
    loc: PP | None = None
    adjs: list[Adjective] = field(default_factory=list)
    very: bool = False
    degree: str = "very"  # the word of `very`: very, quite, so, too … (english.DEGREES), more, the most (COMPARISONS)
    than: NP | None = None  # "more expensive than the car"
    emphatic: bool = False  # "she made it herself" → "elle l'a fait elle-même", 그녀는 직접 만들었어요
    please: bool = False  # "can you help me, please?" → ", s'il vous plaît ?", 저를 좀 도와줄 수 있어요?
    # "open the door." → "ouvrez la porte." (문을 여세요.): said to "you", whom no language writes
    imperative: bool = False
    # "let us go to the park." → "allons au parc." (같이 공원에 가요.): an imperative said to "we" (let's is let us)
    lets: bool = False
    pred: Noun | None = None  # a predicate noun: "is a doctor"
    # a predicate noun with an adjective keeps its French article: "is a very good friend" → "est un très bon ami"
    pred_np: NP | None = None
    owner: str = ""  # "is mine": the personal pronoun (english.OWNERS) whose thing the subject is
    age: int = 0
    weather: tuple = ()
    comp: Clause | None = None
    gap: NP | None = None  # the object is a relative pronoun or a question word standing for this noun
    gapped: bool = False
    no_loc: bool = False  # "where" clauses already say where
    freq: tuple[str, str] | None = None
    manner: tuple[str, str] | None = None
    time: tuple | None = None

    def negative(self) -> bool:
        """Negated, or with "never": French ne … pas / ne … jamais, "pas de" for an indefinite object."""
        return self.neg or (self.freq is not None and self.freq[0] == "never")

    def is_copula(self) -> bool:
        return self.kind in ("cop", "age") or (self.kind == "weather" and self.weather[1] == "adj")

    def en_verb(self) -> tuple[list[str], list[str]]:
        """English verb group for a third-person singular subject: (words that go before the subject in a
        question, words after it). Other persons change forms, never the number of words."""
        return english_verb_group(self, 2)

    def en_len(self) -> int:
        front, rest = self.en_verb()
        n = len(front) + len(rest)
        if self.kind == "cop":
            n += max(0, 2 * len(self.adjs) - 1) + (len(self.degree.split()) if self.very else 0)
            if self.very and one_word(self.adjs[0].en, self.degree):  # "better", "the best", "bigger"
                n -= 1
            if self.than:
                n += 1 + self.than.en_len()
            if self.pred:
                n += 1 + (not self.subj.plural)  # "a doctor" / "doctors"
            if self.pred_np:
                n += self.pred_np.en_len()
            n += bool(self.owner)
        elif self.kind == "age":
            n += len(number_words(self.age)[0]) + 2  # "ten years old"
        elif self.kind == "exist":
            n += 1  # "there"
        if self.obj and not self.gapped:
            n += self.obj.en_len()
        if self.obj2:
            n += 1 + self.obj2.en_len()
        if self.comp:
            n += 1 + self.comp.en_len()
        if self.loc:
            n += self.loc.en_len()
        if self.freq:
            n += 1
        if self.manner:
            n += len(self.manner[0].split())
        if self.time:
            n += len(self.time[0])
        return n + self.emphatic + 2 * self.please


def english_verb_group(vp: VP, person: int) -> tuple[list[str], list[str]]:
    """(front, rest): `front` is the auxiliary a question moves before the subject; in a statement the
    words are front + rest. Particles of the verb ("looks for") are in `rest`."""
    third = person == 2
    neg = ["not"] if vp.neg else []
    has = ["has" if third else "have"]
    if vp.kind == "weather":
        word, kind, forms = vp.weather
        if vp.tense == "perf":  # "it has been cold", "it has rained"
            return has, [*neg, *(("been", word) if kind == "adj" else (forms[4],))]
        if kind == "adj":
            verb = {"pres": EN_BE[2], "past": "was", "fut": "be"}[vp.tense]
            return (["will"], [*neg, "be", word]) if vp.tense == "fut" else ([verb], [*neg, word])
        if vp.tense == "prog":
            return ["is"], [*neg, forms[3]]
        if vp.tense == "fut":
            return ["will"], [*neg, word]
        if vp.tense == "past":
            return (["did"], ["not", word]) if vp.neg else ([], [forms[4]])
        return (["does"], ["not", word]) if vp.neg else ([], [word + "s"])
    if vp.kind == "exist":  # "there is no milk": the negation is the determiner "no"
        plural = vp.obj.plural or vp.obj.conj
        if vp.tense == "perf":  # "there have been storms"
            return ["have" if plural else "has"], ["been"]
        be = (EN_BE_PAST if vp.tense == "past" else EN_BE)[5 if plural else 2]
        return (["will"], ["be"]) if vp.tense == "fut" else ([be], [])
    if vp.is_copula():
        if vp.tense == "fut":
            return ["will"], [*neg, "be"]
        if vp.tense == "perf":
            return has, [*neg, "been"]
        be = (EN_BE_PAST if vp.tense == "past" else EN_BE)[person]
        return [be], neg
    if vp.modal:
        modal, main = vp.modal, [vp.verb.en, *vp.verb.particles]
        if vp.inner:
            main = [vp.inner.en, *vp.inner.particles, *main]
        if modal is WOULD_LIKE:  # "would you like to ...?", "I would not like to ..."
            return ["would"], [*neg, modal.en, *modal.particles, *main]
        past = vp.tense == "past"  # "could swim", "wanted to swim", "did not want to swim"
        if not modal.particles:  # can, must: no "do", no "-s"
            return ["could" if past else modal.en], [*neg, *main]
        if vp.neg or vp.question:
            return ["did" if past else "does" if third else "do"], [*neg, modal.en, *modal.particles, *main]
        word = en_forms(modal.en)["past" if past else "third"] if past or third else modal.en
        return [], [word, *modal.particles, *main]
    verb = vp.verb
    if vp.lets:  # "let us go": the verb after "let us" is its base form, and there is no "do"
        return ["let", "us"], [verb.en, *verb.particles]
    if verb is BORN:  # "I was born", "were you born?"
        return [EN_BE_PAST[person]], [*neg, "born"]
    particles = list(verb.particles)
    tense = vp.tense
    if tense == "prog":
        return [EN_BE[person]], [*neg, en_forms(verb.en)["ing"], *particles]
    if tense == "fut":
        return ["will"], [*neg, verb.en, *particles]
    if tense == "perf":
        return has, [*neg, en_forms(verb.en)["participle"], *particles]
    if vp.neg or vp.question:
        aux = "did" if tense == "past" else ("does" if third else "do")
        return [aux], [*neg, verb.en, *particles]
    if tense == "past":
        return [], [en_forms(verb.en)["past"], *particles]
    return [], [en_forms(verb.en)["third"] if third else verb.en, *particles]


@dataclass(eq=False, slots=True)
class Clause:
    subj: NP
    vp: VP
    # "", yn, where, when, why, what, who, howmany, whereis, whatis, whois, howold, whattime; and a first lesson's
    # howare (how are you?), wherefrom (where are you from?), whatthis (what is this?), howmuch (how much is this?)
    question: str = ""

    def en_len(self) -> int:
        if self.vp.kind == "bare":  # a greeting said alone: its words are the sentence's opener
            return 0
        if self.vp.imperative:  # "open the door": no subject word
            return self.vp.en_len()
        if self.question == "howold":  # how old + is + the subject
            return 3 + self.subj.en_len()
        if self.question == "whattime":  # what time is it
            return 4
        if self.question in ("howare", "whatthis"):  # how + is + the subject; what + is + this
            return 2 + self.subj.en_len()
        if self.question in ("wherefrom", "howmuch"):  # where + is + the subject + from; how much + is + the subject
            return 3 + self.subj.en_len()
        n = self.vp.en_len()
        if self.vp.kind == "exist":  # "there is ...": no subject word
            return n
        n += self.subj.en_len()
        if self.question in ("where", "when", "why", "what", "whereis", "whatis", "whois"):
            n += 1
        elif self.question == "howmany":
            n += 2 + self.vp.gap.en_len() - self.vp.gap.det_len()
        return n


@dataclass(eq=False, slots=True)
class Rel:
    kind: str  # subj ("who sleeps"), obj ("that the dog chases"), where ("where the man works")
    word: str  # who, that, which, where
    vp: VP | None = None
    clause: Clause | None = None

    def en_len(self) -> int:
        return 1 + (self.vp.en_len() if self.vp else self.clause.en_len())


def emphatic_words(person: int, gender: str, plural: bool) -> tuple[str, str]:
    """The English and French of "myself", "herself", "themselves" … for a subject of that person, gender and number."""
    if person == 2:
        return ("herself", "elle-même") if gender == "f" else ("himself", "lui-même")
    if person == 5:
        return "themselves", "elles-mêmes" if gender == "f" else "eux-mêmes"
    return {0: ("myself", "moi-même"), 3: ("ourselves", "nous-mêmes"), 4: ("yourself", "vous-même")}[person]


def avoir_idiom(vp: VP) -> str:
    """The French noun of "avoir faim" when this copula VP is one of those idioms, else ""."""
    if vp.kind == "cop" and len(vp.adjs) == 1 and vp.adjs[0].en in AVOIR_IDIOMS and fits(vp.subj.head_tags(), "ha"):
        return AVOIR_IDIOMS[vp.adjs[0].en]
    return ""
