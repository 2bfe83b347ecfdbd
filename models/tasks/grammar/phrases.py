"""The first draws of a derivation: noun phrases, verb phrases, prepositional phrases, clauses and questions,
each within a budget of English tokens, from the lexicon (english.py) by weighted tables.

growth.py's Grower builds on `PhraseBuilder` and expands what it drew until the sentence has the requested
length. Every draw comes from the one `random.Random` the builder holds, in a fixed order, so a seed gives the
same derivation every time.
"""

from __future__ import annotations

import random
from bisect import bisect
from itertools import accumulate

from models.tasks.grammar.enfr_words import (
    ALL,
    ATTRIBUTIVE_ONLY,
    EVERYONE,
    EVERYTHING,
    GENERIC_VERBS,
    IT,
    NOTHING,
    PREDICATIVE_ONLY,
    PRONOUNS,
    SOMEONE,
    SOMETHING,
    THAT,
    THIS,
    Adjective,
    Name,
    Noun,
    Verb,
    zipf,
)
from models.tasks.grammar.english import (
    BORN,
    DETERMINERS,
    DO,
    HAVE,
    INDEFINITE,
    LANGUAGE_NOUNS,
    LEXICON_ADJECTIVES,
    LEXICON_NAMES,
    LEXICON_NOUNS,
    LEXICON_VERBS,
    LIKE_TO_HAVE,
    MASS_DETERMINERS,
    MODAL_ZIPF,
    MODALS,
    NOT_GRADABLE,
    NOT_PLACES,
    OWNERS,
    PAST_MODALS,
    PLAY_OBJECTS,
    POSSESSIVES,
    PREPOSITIONS,
    STATIVE,
    TENSES,
    WEATHER,
    WOULD,
    WOULD_LIKE,
    fit_tense,
)
from models.tasks.grammar.trees import NP, PP, THINGS, VP, Clause, fits

# Places one goes to without an article in English, with one in French: "to school" → "à l'école" (학교에).
BARE_DESTINATIONS = {"school", "church", "work", "college", "class"}
DESTINATION_NOUNS = [n for n in LEXICON_NOUNS if n.en[0] in BARE_DESTINATIONS]
PLAY_NOUNS = [n for n in LEXICON_NOUNS if n.en[0] in PLAY_OBJECTS]
NEWS = next(n for n in LEXICON_NOUNS if n.en[0] == "news")
NEWS_VERBS = {"read", "watch", "hear"}  # what one does with the news, said often
# Where one is "at", without an article: "at home" → "à la maison" (집에), "at school" → "à l'école"; home most often.
HOME = next(n for n in LEXICON_NOUNS if n.en[0] == "home")
AT_NOUNS = [HOME] * len(DESTINATION_NOUNS) + DESTINATION_NOUNS
JOBS = [n for n in LEXICON_NOUNS if n.topic == "jobs" and "h" in n.tags and not n.mass]
IN = next(p for p in PREPOSITIONS if p.en == "in")
# To-verbs after another one: "wants to learn to swim" → "veut apprendre à nager", 수영하는 법을 배우고 싶어요.
INNER_VERBS = [v for v in LEXICON_VERBS["inf"] if v.en in ("learn", "try", "start", "begin", "forget", "decide")]
_BEFORE_INNER = {"want", "need", "like", "love", "hope", "try", "decide", "can", "must", "have", "should", "might"}
_BEFORE_INNER |= {"promise", "start", "begin", "prefer"}
# Nouns said of a person with an adjective: "Kevin is a very good friend" → "Kevin est un très bon ami"; "personne" is
# feminine whoever it is said of ("Paul est une personne gentille").
_PEOPLE = {"friend", "neighbor", "man", "woman", "boy", "girl", "child", "person", "guest", "partner", "member"}
PREDICATE_NOUNS = JOBS + [n for n in LEXICON_NOUNS if n.en[0] in _PEOPLE]
_TENSE_TABLE = ([*TENSES], list(accumulate((0.42, 0.14, 0.23, 0.14, 0.09))))


def pick(rng: random.Random, table: tuple[list, list[float]]):
    """One item of (items, cumulative weights); a bisect is much cheaper than rng.choices in this hot loop."""
    items, cum_weights = table
    return items[bisect(cum_weights, rng.random() * cum_weights[-1])]


def frequency_weight(word: str) -> float:
    """How often the grammar draws a word, from how often people use it (wordfreq's Zipf scale, enfr_lexicon/
    frequency.tsv): "go" (Zipf 6.0) about 4 times as often as an average word (4.5), "walrus" (2.6) a quarter as often. A word
    people use often appears often enough to be learned, its irregular forms ("went") too."""
    return min(6.0, max(0.25, 2 ** ((zipf(word) - 4.5) / 0.8)))


def _weight(item) -> float:
    if isinstance(item, Noun):
        return frequency_weight(item.en[0])
    if item in MODALS:
        return min(6.0, 2 ** ((MODAL_ZIPF[item.en] - 4.5) / 0.8))
    return frequency_weight(item.en) if isinstance(item, Adjective | Verb) else 1.0


_CHOICE_TABLES: dict[int, tuple[list, tuple[list, list[float]]]] = {}


def choose(rng: random.Random, items: list):
    """One of `items` (lexicon entries), the words people use more drawn more often (frequency_weight)."""
    entry = _CHOICE_TABLES.get(id(items))
    if entry is None or entry[0] is not items:
        entry = (items, (items, list(accumulate(_weight(i) for i in items))))
        if len(_CHOICE_TABLES) < 4096:
            _CHOICE_TABLES[id(items)] = entry
    return pick(rng, entry[1])


def cumulative(pairs) -> tuple[list, list[float]]:
    items, weights = zip(*pairs, strict=True)
    return list(items), list(accumulate(weights))


# Determiner choices by (mass noun, "every" allowed, indefinites allowed, bare allowed).
_DET_TABLES = {
    (mass, every, indefinite, bare): cumulative(
        (k, DETERMINERS[k][3] * (2.5 if mass and k == "" else 1))
        for k in (MASS_DETERMINERS if mass else DETERMINERS)
        if (every or k != "every")
        and (indefinite or k not in INDEFINITE)
        and (bare or k != "")
        and not (mass and k == "some" and not indefinite)
    )
    for mass in (False, True)
    for every in (False, True)
    for indefinite in (False, True)
    for bare in (False, True)
}
_NUMBER_TABLE = cumulative(
    (n, 6.0 if n <= 5 else 2.0 if n <= 12 else 1.0 if n % 10 == 0 else 0.25) for n in range(2, 101)
)

_NOUN_CACHE: dict[str, list[Noun]] = {}
_ADJ_CACHE: dict[tuple[str, bool], list[Adjective]] = {}
_PREDICATE_CACHE: dict[tuple[str, bool], list[Adjective]] = {}
_VERB_CACHE: dict[tuple[str, str], list[Verb]] = {}


def nouns_for(tags: str) -> list[Noun]:
    if tags not in _NOUN_CACHE:
        _NOUN_CACHE[tags] = [n for n in LEXICON_NOUNS if fits(n.tags, tags)]
    return _NOUN_CACHE[tags]


def adjectives_for(tags: str, pre: bool) -> list[Adjective]:
    key = (tags, pre)
    if key not in _ADJ_CACHE:
        _ADJ_CACHE[key] = [
            a for a in LEXICON_ADJECTIVES if a.pre == pre and fits(tags, a.tags) and a.en not in PREDICATIVE_ONLY
        ]
        _PREDICATE_CACHE[key] = [
            a for a in LEXICON_ADJECTIVES if a.pre == pre and fits(tags, a.tags) and a.en not in ATTRIBUTIVE_ONLY
        ]
    return _ADJ_CACHE[key]


def predicates_for(tags: str) -> list[Adjective]:
    """Adjectives a subject of `tags` can be said to be ("the cat is small"; not "other")."""
    adjectives_for(tags, True), adjectives_for(tags, False)
    return _PREDICATE_CACHE[tags, True] + _PREDICATE_CACHE[tags, False]


# what a city is said to be ("Hong Kong is very big"): not a nationality ("Lyon is French"), which Korean says of a
# person or a thing (프랑스 사람, 프랑스 것), not of a city
CITY_PREDICATES = [a for a in predicates_for("p") if not a.en[0].isupper()]


def verbs_for(kind: str, tags: str) -> list[Verb]:
    """Verbs of `kind` whose subject fits `tags`; kind "gap" means transitive verbs whose object fits `tags`,
    "where" the intransitive verbs of "the park where ... <verb>"."""
    key = (kind, tags)
    if key not in _VERB_CACHE:
        if kind == "gap":
            # not "play": "the piano that she plays" is "le piano dont elle joue" (PLAY_OBJECTS); nor "speak": not
            # "what does she speak?" (quelle langue parle-t-elle?)
            _VERB_CACHE[key] = [
                v for v in [*LEXICON_VERBS["tr"], HAVE] if fits(tags, v.obj) and v.en not in ("play", "speak")
            ]
        elif kind == "where":
            _VERB_CACHE[key] = [v for v in LEXICON_VERBS["intr"] if v.where]
        elif kind == "tr":
            _VERB_CACHE[key] = [v for v in [*LEXICON_VERBS["tr"], HAVE, HAVE] if fits(tags, v.subj)]
        else:
            verbs_ = [*LEXICON_VERBS[kind], *(MODALS if kind == "inf" else ())]
            _VERB_CACHE[key] = [v for v in verbs_ if fits(tags, v.subj) and not v.only_where]
    return _VERB_CACHE[key]


def narrow(np: NP, tags: str) -> bool:
    """Restrict every item of `np` to heads fitting `tags`; False (and no change) if one cannot fit."""
    items = np.items()
    if not all(fits(item.head_tags(), tags) for item in items):
        return False
    for item in items:
        item.tags = "".join(t for t in item.tags if t in tags) or item.head_tags()
    return True


def _clash(subj: NP, obj: NP) -> bool:
    """Would the object pronoun include the subject ("I see us", "you help you")? Those need reflexives."""
    if subj.pron is None or obj.pron is None:
        return False
    group = {0: 1, 3: 1, 4: 2}
    return subj.pron is obj.pron or group.get(subj.pron.person, -1) == group.get(obj.pron.person, -2)


def by_budget(table: list[tuple[float, int, object]], budgets: range) -> dict[int, tuple[list, list[float]]]:
    """For each budget, the entries whose least size fits it, as a table for pick."""
    out = {}
    for budget in budgets:
        usable = [(w, item) for w, least, item in table if least <= budget]
        out[budget] = [item for _, item in usable], list(accumulate(w for w, _ in usable))
    return out


# (weight, fewest English tokens, VP kind), for non-human and human subjects
_VP_KINDS_TABLE = [(3.0, 1, "intr"), (6.0, 2, "tr"), (2.5, 2, "cop"), (1.5, 3, "prep"), (1.0, 6, "ditr")]
_VP_KINDS = {
    (human, budget): entry
    for human in (False, True)
    for budget, entry in by_budget(
        _VP_KINDS_TABLE + [(1.0, 4, "that"), (2.5, 3, "inf"), (0.4, 4, "age"), (0.15, 2, "born")] * human, range(1, 7)
    ).items()
}
_QUESTION_TABLE = cumulative(
    [
        ("yn", 4.0),
        ("where", 1.2),
        ("when", 0.8),
        ("why", 0.8),
        ("what", 1.5),
        ("who", 1.0),
        ("howmany", 0.8),
        ("whereis", 0.8),
        ("whatis", 0.7),
        ("whois", 0.5),
        ("howold", 0.6),
        ("whattime", 0.5),
        ("howare", 0.6),
        ("wherefrom", 0.5),
        ("whatthis", 0.4),
        ("howmuch", 0.6),
    ]
)


# the object pronouns of an imperative: "help me", "call her", "eat it", "ask someone", "take something"
IMPERATIVE_OBJECTS = {p for p in PRONOUNS if p.en != "you"} | {IT, SOMEONE, SOMETHING}
LETS_SHARE = 0.25  # of the imperatives: "let us go."
NO_IMPERATIVE = {"avoir", "être", "savoir", "vouloir", "pouvoir", "devoir"}  # soyez, ayez, sachez, veuillez
_POINTED = ("the", "this", "that", *POSSESSIVES)  # the determiners of a thing or person one asks about by name


class PhraseBuilder:
    """Draws the minimal phrases and clauses of a derivation within a budget of English tokens, and keeps
    the noun and verb phrases it made, which growth.py's Grower then expands."""

    def __init__(self, rng: random.Random, copy=None):
        self.rng = rng
        self.copy = copy  # a copyable.CopyDraw: long-list cities in place phrases (None: none)
        self.nps: list[NP] = []
        self.vps: list[VP] = []

    # -- building blocks ---------------------------------------------------------------------------------

    def set_common(self, np: NP, noun: Noun) -> None:
        rng = self.rng
        det = pick(rng, _DET_TABLES[noun.mass, not np.no_every, np.indefinite_ok, np.bare_ok])
        numbers = DETERMINERS[det][2]
        np.name, np.noun, np.pron, np.det, np.title, np.such = None, noun, None, det, "", False
        np.plural = False if noun.mass else ("p" in numbers and (numbers == "p" or rng.random() < 0.35))
        if det == "num":
            np.num = pick(rng, _NUMBER_TABLE)
            if self.copy is not None:  # now and then a number in digits, to copy (copyable.CopyDraw)
                np.num = self.copy.number(np.num)

    def new_np(self, tags: str, budget: int, pronoun: str = "", indefinite: bool = False, **flags) -> NP | None:
        """A noun phrase whose head fits `tags`. `pronoun` is "subj" or "obj" where a personal pronoun may
        stand (not for a thing's subject: "it" is only the weather's); with `indefinite`, now and then an indefinite
        one (someone, everything; nothing as an object)."""
        np = NP(tags, **flags)
        rng = self.rng
        can_name = "h" in tags
        if budget < 1 or (budget < 2 and not (can_name or pronoun)):
            return None
        if pronoun and (budget < 2 or rng.random() < (0.5 if pronoun == "subj" else 0.3)):
            if indefinite and rng.random() < 0.15 and ("h" in tags or fits(tags, THINGS)):
                people = "h" in tags and (not fits(tags, THINGS) or rng.random() < 0.5)
                things = (SOMETHING, EVERYTHING, NOTHING) if pronoun == "obj" else (SOMETHING, EVERYTHING)
                np.pron = rng.choice((SOMEONE, EVERYONE) if people else things)
            elif "h" in tags:
                np.pron = rng.choice(PRONOUNS)
            elif pronoun == "obj" and fits(tags, THINGS):
                np.pron = IT if rng.random() < 0.7 else PRONOUNS[5]  # "it" → le, "them" → les
            if np.pron:
                np.tags, np.coordinable, np.plural = np.head_tags(), False, np.pron.plural
                self.nps.append(np)
                return np
        if can_name and (budget < 2 or rng.random() < 0.2):
            np.name = rng.choice(LEXICON_NAMES)
            if self.copy is not None and budget >= 2:  # now and then a full name, "Paul Kowalski" (copyable.py)
                np.name = self.copy.full_name(np.name)
        else:
            self.set_common(np, choose(rng, nouns_for(tags)))
            if np.en_len() > budget:
                np.det, np.num, np.plural = "the", 0, False
        self.nps.append(np)
        return np

    def new_vp(self, subj: NP, budget: int, main: bool = False) -> VP | None:
        """A VP whose subject is `subj` (already built), using at most `budget` English tokens."""
        kinds, cum_weights = _VP_KINDS["h" in subj.head_tags(), min(budget, 6)]
        for _ in range(4):
            kind = pick(self.rng, (kinds, cum_weights))
            mark = self.mark()
            vp = self._vp_of_kind(kind, subj, budget)
            if vp is not None and vp.en_len() <= budget:
                self.vps.append(vp)
                return vp
            self.rollback(mark)
        return None

    def mark(self) -> tuple[int, int]:
        return len(self.nps), len(self.vps)

    def rollback(self, mark: tuple[int, int]) -> None:
        """Forget nodes built by an attempt that failed: they are in no tree, so growing them would count
        tokens that never get rendered."""
        del self.nps[mark[0] :], self.vps[mark[1] :]

    def _tense(self) -> str:
        return pick(self.rng, _TENSE_TABLE)

    def _vp_of_kind(self, kind: str, subj: NP, budget: int) -> VP | None:
        rng = self.rng
        head = subj.head_tags()
        tense = self._tense()
        if kind in ("cop", "age"):
            tense = tense if tense != "prog" else "pres"
            if kind == "age":
                tense = tense if tense != "perf" else "past"  # "she was ten", not "she has been ten years old"
                if "h" not in head or subj.conj:
                    return None
                return VP("age", subj, tense=tense, age=rng.randint(2, 99))
            if rng.random() < 0.25 and budget >= 3:
                loc = self.new_pp(budget - 1, after_verb=True, place=True)
                return VP("cop", subj, loc=loc, tense=tense) if loc else None
            if (
                "h" not in head and not subj.conj and subj.det not in POSSESSIVES and rng.random() < 0.12
            ):  # "the book is mine" → "le livre est à moi", 제 거예요
                return VP("cop", subj, owner=rng.choice(list(OWNERS)), tense=tense)
            if "h" in head and not subj.conj and rng.random() < 0.2:  # "she is a doctor" → "elle est médecin"
                jobs = [n for n in JOBS if n.gender == subj.gender()]
                if jobs:
                    return VP("cop", subj, pred=choose(rng, jobs), tense=tense)
            if "h" in head and not (subj.conj or subj.pron or subj.plural) and rng.random() < 0.5:
                return self._predicate_np(subj, tense)
            adj = choose(rng, predicates_for(head))
            if not narrow(subj, adj.tags):
                return None
            return VP("cop", subj, adjs=[adj], tense=tense)
        if kind == "exist":
            return self._exist(subj, budget, tense)
        if kind == "born":
            return self._born(subj, budget)
        modal = inner_verb = None
        if kind == "inf":
            modal = choose(rng, verbs_for("inf", head))
            if "h" in head and rng.random() < 0.06:
                modal = WOULD_LIKE  # "we would like to visit London" → "nous voudrions visiter Londres"
            kind = rng.choice(("intr", "tr", "tr", "prep"))
            tense = "past" if modal.en in PAST_MODALS and modal is not WOULD_LIKE and rng.random() < 0.2 else "pres"
            if modal.en in _BEFORE_INNER and rng.random() < 0.15:
                inner = [v for v in INNER_VERBS if v.en != modal.en and {v.en, modal.en} != {"start", "begin"}]
                inner_verb = choose(rng, inner)
                if not narrow(subj, inner_verb.subj):
                    return None
        verbs_ = verbs_for(kind, head)
        if not verbs_:
            return None
        verb = choose(rng, verbs_)
        if kind == "tr" and modal is None and "h" in head and rng.random() < 0.015:  # "I would like a coffee"
            verb, modal, tense = LIKE_TO_HAVE, WOULD, "pres"
        if modal is WOULD and verb.en == "like" and kind == "tr":  # je voudrais un café, not j'aimerais
            verb = LIKE_TO_HAVE
        if not narrow(subj, verb.subj):
            return None
        vp = VP(kind, subj, verb, modal=modal, tense=fit_tense(tense, verb.en), inner=inner_verb)
        left = budget - len(vp.en_verb()[0]) - len(vp.en_verb()[1])
        if kind in ("tr", "ditr", "prep"):
            obj_budget = left - (2 if kind == "ditr" else 0)
            pronoun = "obj" if kind != "ditr" and (kind != "prep" or "h" in verb.obj) else ""
            vp.obj = self.new_np(
                verb.obj,
                obj_budget,
                pronoun=pronoun,
                indefinite=kind == "tr",
                coordinable=kind != "prep",
                no_every=kind != "prep",
                bare_ok=kind == "tr",
            )
            if vp.obj is None or _clash(subj, vp.obj):
                return None
            if kind == "tr" and verb.en == "play":  # "play football", "play the piano": what is played, as it is said
                noun = rng.choice(PLAY_NOUNS)
                self.nps.remove(vp.obj)  # in no tree now: never grown ("play the big football")
                sport = PLAY_OBJECTS[noun.en[0]] == "à"
                vp.obj = NP(noun.tags, noun=noun, det="" if sport else "the", fr_definite=sport)
                if vp.obj.en_len() > obj_budget:
                    return None
            if kind == "tr" and verb.en == "speak":  # "speak French" → "parler français" (프랑스어를 해요): bare
                self.nps.remove(vp.obj)
                vp.obj = NP("l", noun=rng.choice(LANGUAGE_NOUNS), det="")
            obj = vp.obj
            if obj.noun is not None and kind == "tr" and verb.fr in GENERIC_VERBS and rng.random() < 0.5:
                # "she likes coffee", "I hate cats": a generic object (le café, les chats) is the common case
                obj.det, obj.num, obj.plural = "", 0, not obj.noun.mass
            elif obj.noun is not None and kind == "prep" and "y" in verb.obj and rng.random() < 0.4:
                # "went to school" → "sont allés à l'école": no article in English, one in French
                obj.noun = rng.choice(DESTINATION_NOUNS)
                obj.det, obj.num, obj.plural, obj.fr_definite = "", 0, False, True
            if obj.noun is not None and kind == "tr" and verb.en in NEWS_VERBS and rng.random() < 0.15:
                obj.noun = NEWS  # "she is reading the news" → "elle lit les nouvelles" (소식을 읽고 있어요)
                obj.plural, obj.num = False, 0
                if obj.det not in MASS_DETERMINERS:
                    obj.det = "the"
            if kind == "tr" and self.copy is not None and not obj.pron:
                city = self.copy.city_object(verb)  # "visit New York" → "visiter New York" (New York을 방문해요)
                if city is not None and city.en_len() <= obj_budget:
                    self.nps.remove(vp.obj)  # in no tree now
                    vp.obj = obj = city
            if kind == "prep" and self.copy is not None and verb.particles in (("to",), ("from",)):
                city = self.copy.destination_of(verb)  # "go to Berlin" → "aller à Berlin" (Berlin에 가요)
                if city is not None and city.en_len() <= obj_budget:
                    self.nps.remove(vp.obj)  # in no tree now: growing it would count words never written
                    vp.obj = city
            if kind != "prep":
                vp.obj.governor = vp
            left -= vp.obj.en_len()
        if kind == "ditr":
            vp.obj2 = self.new_np(verb.obj2, left - 1, pronoun="obj")
            if vp.obj2 is None or _clash(subj, vp.obj2):
                return None
        if kind == "that":
            vp.comp = self.new_clause(left - 1)
            if vp.comp is None:
                return None
        return vp

    def _born(self, subj: NP, budget: int) -> VP | None:
        """ "I was born in 1990" → "je suis né en 1990", 저는 1990년에 태어났어요; "she was born in Lyon" → "elle est
        née à Lyon", Lyon에서 태어났어요 (a year, a place, both or neither)."""
        rng = self.rng
        if not narrow(subj, "h"):
            return None
        vp = VP("intr", subj, BORN, tense="past")
        left = budget - 2
        if self.copy is not None and left >= 2 and rng.random() < 0.5:  # digits are copied, never in a vocabulary
            year = self.copy.year()
            vp.time = (("in", year), ("en", year), ["past"])
            left -= 2
        if left >= 2 and rng.random() < 0.5:
            city = self.copy.city(IN) if self.copy is not None else None
            vp.loc = city or PP(IN, self.new_np("p", left - 1, indefinite_ok=True))
            if vp.loc.np is None or vp.loc.en_len() > left:
                vp.loc = None
        return vp

    def _predicate_np(self, subj: NP, tense: str) -> VP | None:
        """ "Kevin is a (very) good friend" → "Kevin est un (très) bon ami", 아주 좋은 친구예요: a predicate noun with
        an adjective keeps the article French drops in "Ben est médecin". Not after a pronoun, which French says with
        c'est ("c'est un bon ami")."""
        rng = self.rng
        nouns = [n for n in PREDICATE_NOUNS if n.gender == subj.gender() or n.en[0] == "person"]
        if not nouns or not narrow(subj, "h"):
            return None
        noun = choose(rng, nouns)
        # "a good friend", "a French teacher"; not "a first boss", "a former friend"
        adjs = [
            a
            for a in adjectives_for(noun.tags, rng.random() < 0.6)
            if a.en[0].isupper() or not (a.en in NOT_GRADABLE or a.en in ATTRIBUTIVE_ONLY)
        ]
        if not adjs:
            return None
        adj = choose(rng, adjs)
        np = NP(noun.tags, noun=noun, det="a", pre=adj if adj.pre else None, post=None if adj.pre else adj)
        np.very = not adj.en[0].isupper() and rng.random() < 0.5
        return VP("cop", subj, pred_np=np, tense=tense)

    def _exist(self, subj: NP, budget: int, tense: str) -> VP | None:
        """ "there is a cat in the garden" → "il y a un chat dans le jardin"; the VP's object is what exists."""
        tense = tense if tense != "prog" else "pres"
        obj = self.new_np(THINGS + "ha", budget - 2, indefinite_ok=True)
        if obj is None or obj.name or obj.det not in INDEFINITE:
            return None
        vp = VP("exist", subj, tense=tense, obj=obj, neg=self.rng.random() < 0.2)
        if vp.neg:
            obj.det, obj.num = "no", 0
        obj.governor = vp
        return vp

    def new_pp(self, budget: int, *, after_verb: bool, head: str = "", place: bool = False) -> PP | None:
        preps = [p for p in PREPOSITIONS if p.en_len < budget]
        preps = [p for p in preps if p.after_verb] if after_verb else [p for p in preps if fits(head, p.head)]
        if place:  # "is in the garden", not "is with the dog"
            preps = [p for p in preps if p.en not in NOT_PLACES]
        if not preps:
            return None
        prep = pick(self.rng, (preps, list(accumulate(p.weight for p in preps))))
        city = self.copy.city(prep) if self.copy is not None else None
        if city is not None and city.en_len() <= budget:
            return city
        left = budget - prep.en_len
        if prep.en == "at" and self.rng.random() < 0.6:  # "at home", "at work": a bare noun, French "à la maison"
            home = NP(prep.obj, noun=self.rng.choice(AT_NOUNS), fr_definite=True)
            return PP(prep, home)  # not in self.nps: never grown into "at big home"
        np = self.new_np(prep.obj, left - 2 if prep.en == "between" else left, indefinite_ok=prep.indefinite_ok)
        if np is None:
            return None
        if prep.en == "between":  # "between the door and the window"
            other = self.new_np(prep.obj, left - np.en_len() - 1, no_every=True, indefinite_ok=prep.indefinite_ok)
            if other is None or np.det == "every":
                return None
            np.conj = other
        elif prep.en == "among":  # "among the children": a plural
            if np.noun is None or np.noun.mass:
                return None
            if "p" not in DETERMINERS[np.det][2]:
                np.det, np.num = "the", 0
            np.plural = True
            if np.en_len() > left:
                return None
        return PP(prep, np)

    def new_clause(
        self, budget: int, *, gap_tags: str = "", gap: NP | None = None, where: bool = False
    ) -> Clause | None:
        """A clause of at most `budget` tokens. With `gap_tags` its object is a relative pronoun for a noun
        of those tags ("that the dog chases"); with `where` it is a "where" clause ("where the man works")."""
        rng = self.rng
        if gap_tags or where:
            verb = choose(rng, verbs_for("gap", gap_tags) if gap_tags else verbs_for("where", ""))
            tense = self._tense()
            tense = fit_tense(tense, verb.en)
            front, rest = VP("tr", NP("h"), verb, tense=tense).en_verb()
            subj = self.new_np(verb.subj, budget - len(front) - len(rest), pronoun="subj", coordinable=True)
            if subj is None:
                return None
            vp = VP("tr" if gap_tags else "intr", subj, verb, tense=tense, gap=gap, gapped=bool(gap_tags), no_loc=where)
            self.vps.append(vp)
            return Clause(subj, vp)
        if rng.random() < 0.03 and budget >= 3:
            word, kind, forms = rng.choice(WEATHER)
            tense = self._tense()
            if kind == "adj" and tense == "prog":
                tense = "pres"
            vp = VP("weather", NP("", pron=IT), tense=tense, weather=(word, kind, forms))
            if vp.en_len() + 1 <= budget:
                self.vps.append(vp)
                return Clause(vp.subj, vp)
        if rng.random() < 0.06 and budget >= 3:
            subj = NP("", pron=IT)
            vp = self._exist(subj, budget, self._tense())
            if vp is not None and vp.en_len() + 1 <= budget:
                self.vps.append(vp)
                return Clause(subj, vp)
        city = self.copy.city_subject() if self.copy is not None and budget >= 4 else None
        if city is not None:  # "Hong Kong is very big" → "Hong Kong est très grand" (Hong Kong은 아주 커요)
            tense = self._tense()
            vp = VP("cop", city, adjs=[choose(rng, CITY_PREDICATES)], tense=tense if tense != "prog" else "pres")
            if vp.en_len() + city.en_len() + 1 <= budget:
                self.vps.append(vp)
                return Clause(city, vp)
        subj = self.new_np(ALL, min(budget - 1, 2), pronoun="subj", indefinite=True, coordinable=True, bare_ok=True)
        if subj is None:
            return None
        vp = self.new_vp(subj, budget - subj.en_len())
        return Clause(subj, vp) if vp else None

    def new_imperative(self, budget: int) -> Clause | None:
        """ "open the door.", "do not run.", "go to school, please.": a verb phrase said to "you", in the present,
        without a subject. Not a verb of a state (like, know, want), nor one French says otherwise in the imperative
        (soyez, ayez, sachez, veuillez). A personal pronoun object goes after the French verb ("help me." → "aidez-moi."),
        before it under a negation ("ne m'aidez pas."); not "you", nor an indefinite pronoun but someone and something.
        Now and then said to "we": "let us go to the park." → "allons au parc." (같이 공원에 가요.)."""
        lets = budget >= 3 and self.rng.random() < LETS_SHARE
        addressee = NP("h", pron=PRONOUNS[4 if lets else 1])  # "you", or "we" for "let us"
        vp = self.new_vp(addressee, budget - 2 * lets)
        if vp is None or vp.kind not in ("intr", "tr", "prep") or vp.modal or vp.verb is None:
            return None
        if vp.verb.en in STATIVE or vp.verb.fr.split()[0] in NO_IMPERATIVE:
            return None
        for o in (vp.obj, vp.obj2):
            items = list(o.items()) if o is not None else []
            if any(item.pron for item in items) and (len(items) > 1 or o.pron not in IMPERATIVE_OBJECTS):
                return None
            if lets and o is not None and o.pron in (PRONOUNS[0], PRONOUNS[4]):  # not "let us help me"
                return None
        vp.tense, vp.imperative, vp.lets = "pres", True, lets
        return Clause(addressee, vp)

    def new_question(self, length: int) -> Clause | None:
        """A question of exactly `length` - 1 words before the "?" or None. The growth loop may lengthen it."""
        rng = self.rng
        kind = pick(rng, _QUESTION_TABLE)
        budget = length - 1
        if kind == "whereis":
            subj = self.new_np(THINGS + "ha", budget - 2, bare_ok=False)
            if subj is None:
                return None
            return Clause(subj, self._vp_add(VP("cop", subj, tense="pres", question=True, no_loc=True)), "whereis")
        if kind == "howold":  # "how old are you?" → "quel âge avez-vous?" (당신은 몇 살이에요?)
            subj = self.new_np("h", budget - 3, pronoun="subj", bare_ok=False, indefinite_ok=False)
            if subj is None or subj.det == "every" or subj.pron in (SOMEONE, EVERYONE):
                return None
            return Clause(subj, self._vp_add(VP("age", subj, tense="pres", question=True, no_loc=True)), "howold")
        if kind == "whattime":  # "what time is it?" → "quelle heure est-il?" (몇 시예요?): as it is said
            if budget != 4:
                return None
            it = NP("", pron=IT)
            return Clause(it, self._vp_add(VP("cop", it, tense="pres", question=True, no_loc=True)), "whattime")
        if kind in (
            "howare",
            "wherefrom",
        ):  # "how are you?" (comment allez-vous?), "where is Paul from?" (d'où vient Paul?)
            left = budget - (2 if kind == "howare" else 3)
            subj = self.new_np("h", left, pronoun="subj", bare_ok=False, indefinite_ok=False, no_every=True)
            if subj is None or subj.pron in (SOMEONE, EVERYONE) or (subj.noun and subj.det not in _POINTED):
                return None  # someone known: not "how are three winners?", "where is a brother from?"
            if subj.pron is not None and subj.pron.person in (0, 3):  # not "how am I?", "where are we from?"
                return None
            return Clause(subj, self._vp_add(VP("age", subj, tense="pres", question=True, no_loc=True)), kind)
        if kind in ("whatthis", "howmuch"):  # "what is this?", "how much is this?", "how much are the shoes?"
            if budget == (3 if kind == "whatthis" else 4) and rng.random() < (1.0 if kind == "whatthis" else 0.4):
                subj = NP("", pron=rng.choice((THIS, THAT)))
            elif kind == "howmuch":
                subj = self.new_np("tfdvw", budget - 3, bare_ok=False, indefinite_ok=False, no_every=True)
            else:
                return None
            if (
                subj is None or subj.name or (subj.noun and subj.det not in _POINTED)
            ):  # not "how much are enough crowns?"
                return None
            return Clause(subj, self._vp_add(VP("cop", subj, tense="pres", question=True, no_loc=True)), kind)
        if kind in ("whatis", "whois"):  # "what is your name?", "who is your teacher?": a definite noun phrase
            subj = self.new_np("h" if kind == "whois" else THINGS + "i", budget - 2, bare_ok=False, indefinite_ok=False)
            if subj is None or subj.det == "every" or (kind == "whatis" and subj.name):
                return None
            return Clause(subj, self._vp_add(VP("cop", subj, tense="pres", question=True, no_loc=True)), kind)
        if kind == "who":
            who = NP("h", name=Name("who", "m"))
            vp = self.new_vp(who, budget - 1)
            if vp is None or (vp.kind in ("cop", "age") and not vp.adjs and not vp.age):
                return None
            return Clause(who, vp, "who")
        if kind in ("what", "howmany"):
            subj = self.new_np("h", 1, pronoun="subj")
            verbs_ = [v for v in verbs_for("gap", THINGS + "a") if fits(subj.head_tags(), v.subj)]
            verb = DO if kind == "what" and rng.random() < 0.3 else choose(rng, verbs_)
            gap = None
            if kind == "howmany":
                counted = [n for n in nouns_for(verb.obj) if not n.mass]
                if not counted:
                    return None
                gap = NP(verb.obj, noun=choose(rng, counted), det="", plural=True)
            # "what are you doing?" is the usual question with do
            tenses = ("pres", "past", "fut", "prog", "perf") + ("prog", "prog") * (verb is DO)
            tense = fit_tense(rng.choice(tenses), verb.en)
            vp = VP("tr", subj, verb, tense=tense, question=True, gap=gap, gapped=True)
            clause = Clause(subj, self._vp_add(vp), kind)
            if gap:
                self.nps.append(gap)
            return clause
        subj = self.new_np(ALL, min(budget - 2, 2), pronoun="subj", coordinable=True)
        if subj is None:
            return None
        if kind == "where" and "h" in subj.head_tags() and rng.random() < 0.3:  # "where do you live?"
            verb = choose(rng, verbs_for("where", ""))
            vp = VP("intr", subj, verb, tense=rng.choice(("pres", "past", "fut")), question=True)
            if vp.en_len() + subj.en_len() + 1 > budget or not narrow(subj, verb.subj):
                return None
            return Clause(subj, self._vp_add(vp), kind)
        vp = self.new_vp(subj, budget - subj.en_len() - (kind != "yn"))
        if vp is None or vp.kind in ("exist", "weather"):
            return None
        vp.question, vp.yes_no = True, kind == "yn"
        if (kind == "where" and (vp.loc or vp.kind == "cop")) or (kind == "when" and vp.time):
            return None
        if kind != "yn" and vp.kind == "cop" and not vp.adjs:
            return None
        return Clause(subj, vp, kind)

    def _vp_add(self, vp: VP) -> VP:
        self.vps.append(vp)
        return vp
