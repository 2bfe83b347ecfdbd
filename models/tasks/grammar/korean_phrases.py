"""Korean noun phrases, prepositional phrases and verb forms of en-ko's renderer (korean.py builds its
clauses and sentences on `PhraseRenderer`). What the Korean does is told in models/tasks/enko.py.

A Korean token is [text, ids]: the ids of the English words it renders. Bound pieces (particles, endings)
are written with a leading "-".
"""

from __future__ import annotations

from models.tasks.grammar import english
from models.tasks.grammar.copyable import CITY
from models.tasks.grammar.enfr_words import IT, THAT, THING_INDEFINITES, THIS
from models.tasks.grammar.english import number_words
from models.tasks.grammar.enko_words import (
    NEGATIVE_LEMMAS,
    Form,
    adjectives,
    counter,
    form,
    negation_point,
    nouns,
)
from models.tasks.grammar.hangul import attach, final_consonant
from models.tasks.grammar.trees import NP, PP

K = list  # one Korean token: [text, ids]


# Manner adverbs that go inside a noun + 하다 predicate, right before the verb (and 안): 공부 잘 해요, 공부 많이 해요,
# 공부 잘 못 해요, 공부 너무 많이 해요. Every other one goes before the whole predicate: 천천히 공부해요.
INSIDE_ADVERBS = frozenset({"잘", "많이", "너무"})


class Particle(list):
    """A token that is a particle (을/를, 이/가, 은/는, 과/와, 으로/로 …), so tests can check its form."""


PRONOUNS = {"I": "저", "you": "당신", "he": "그", "she": "그녀", "we": "우리", "they": "그들", "it": "그것"}
# someone 누군가, everything 모든 것; nothing, anything and anyone take no particle and the verb 안: 아무것도 안 봐요
PRONOUNS |= {"someone": "누군가", "everyone": "모두", "something": "뭔가", "everything": "모든 것"}
PRONOUNS |= {"nothing": "아무것도", "anything": "아무것도", "anyone": "아무도"}
PRONOUNS |= {"this": "이것", "that": "저것"}  # what is this? 이것은 무엇이에요? (the subject of a few questions only)
# Determiners written in Korean (the, a, some are not): tokens before the adjectives and the noun.
DETERMINERS = {
    "this": ("이",),
    "that": ("그",),
    "my": ("제",),
    "his": ("그", "-의"),
    "her": ("그녀", "-의"),
    "your": ("당신", "-의"),
    "our": ("우리",),
    "their": ("그들", "-의"),
    "every": ("모든",),
    "each": ("각",),
    "another": ("다른",),
    "several": ("여러",),
    "many": ("많은",),
    "a few": ("몇몇",),
    "all": ("모든",),
    "its": ("그것", "-의"),
    "both": ("두",),
    "enough": ("충분한",),
}
DEFINITE = {"the", "this", "that", "my", "his", "her", "your", "our", "their", "its"}  # plural people take -들
# Native Korean numbers in their form before a counter (한 살, 스무 살); 100 is 백.
UNITS = ("", "한", "두", "세", "네", "다섯", "여섯", "일곱", "여덟", "아홉")
TENS = ("", "열", "스물", "서른", "마흔", "쉰", "예순", "일흔", "여든", "아흔")

TITLES = {"Mr": "씨", "Mrs": "씨", "Miss": "씨", "Dr": "박사님"}
# Prepositions: the Korean position noun (위 "on top"), or a pattern of their own.
PLACES = {"on": "위", "under": "아래", "behind": "뒤", "next to": "옆", "in front of": "앞", "near": "근처"}
PLACES |= {"by": "옆", "above": "위", "below": "아래", "inside": "안", "within": "안", "outside": "밖"}
PLACES |= {"around": "주위", "across": "건너편", "between": "사이", "among": "사이"}


def native_number(n: int) -> list[str]:
    """Tokens of `n` (1-100) before a counter: 21 → ["스물", "-한"], 20 → ["스무"], 100 → ["백"]; a larger number
    is written in digits, as the source has it (copyable.CopyDraw): 250 → ["250"]."""
    if n > 100:
        return [str(n)]
    if n == 100:
        return ["백"]
    if n == 20:
        return ["스무"]
    tens, units = divmod(n, 10)
    if not tens:
        return [UNITS[units]]
    return [TENS[tens]] + ([f"-{UNITS[units]}"] if units else [])


def word_of(token: str) -> str:
    """The word a token writes, without the "-" that binds it to the one before."""
    return token.removeprefix("-")


def id_set(*groups) -> set[int]:
    """The ids in `groups` (ids, or sets, lists or tuples of them; None is skipped) as one set."""
    return {i for g in groups for i in (g if isinstance(g, set | frozenset | list | tuple) else [g]) if i is not None}


class PhraseRenderer:
    """Renders noun phrases, prepositional phrases and verb forms into English (as en-fr's renderer writes
    them) and Korean. English words are written in English order as the derivation is walked; each method
    returns its Korean tokens, which the caller puts in Korean order. Relative clauses (`rel`), clauses and
    sentences are korean.Renderer's, which builds on this class."""

    def __init__(self) -> None:
        self.en: list[tuple[str, int]] = []
        self.next_id = 0
        self.no_id: int | None = None

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def en_atom(self, words) -> int:
        i = self.new_id()
        self.en.extend((w, i) for w in words)
        return i

    # -- noun phrases ------------------------------------------------------------------------------------

    def np(self, np: NP, negated: bool = False) -> tuple[list[K], set[int], bool]:
        """(Korean tokens without a case particle, the ids a case particle aligns with, animate head)."""
        if np.pron:
            i = self.en_atom([np.pron.en])
            animate = np.pron not in (IT, THIS, THAT) and np.pron not in THING_INDEFINITES
            tokens, head = [[w, {i}] for w in PRONOUNS[np.pron.en].split()], {i}
            if np.other:  # someone else: 다른 사람, something else: 다른 것
                other = self.en_atom(["else"])
                tokens, head = [["다른", {other}], ["사람" if animate else "것", {i}]], {i}
        elif np.name:
            title = self.en_atom([np.title]) if np.title else None
            i = self.en_atom(np.name.text.split())
            # every name and city keeps its Latin letters, the lexicon's names as the long lists' (copyable.py), so
            # the references write a name the one way the copy models do; a city is a place
            text = np.name.text
            tokens, head, animate = [[w, {i}] for w in text.split()], {i}, np.name.gender != CITY
            if np.title:  # Martin 씨, Sophie 박사님: the title follows the name and takes the particles
                tokens.append([TITLES[np.title], {title}])
        else:
            tokens, head, animate = self._common(np, negated)
            if np.appos:  # 제 친구 Paul: the name after the noun takes the particles
                tokens = tokens + self.np(np.appos)[0]
        if np.pp:
            tokens = self.pp_modifier(np.pp, animate) + tokens
        if np.rel:
            tokens = self.rel(np.rel, np) + tokens
        if np.conj:
            and_id = self.en_atom(["or" if np.either_or else "and"])
            rest, head, _ = self.np(np.conj, negated)
            tokens = [*tokens, self.particle(tokens, "이나" if np.either_or else "과", {and_id}), *rest]
        return tokens, head, animate

    def _common(self, np: NP, negated: bool) -> tuple[list[K], set[int], bool]:
        noun, plural = np.noun, np.plural
        ko = nouns()[noun.en[0]]
        en_next = (np.pre or np.post).en if (np.pre or np.post) else noun.en[plural]
        en_next = "very" if np.very else en_next
        if np.det == "num":
            en_det = list(number_words(np.num)[0])
        elif np.det == "no":
            en_det = ["no"]
        else:
            en_det = english.DETERMINERS[np.det][0][plural].split()
            if np.det == "enough":
                en_det = ["enough"]  # "enough water" → "assez d'eau"
            if np.det == "some" and noun.mass:
                en_det = ["some"]
            if en_det == ["a"] and english.an(en_next):
                en_det = ["an"]
            if negated and np.det == "some" and en_det:
                en_det = ["any"]
        det_id = None
        such = self.en_atom(["such"]) if np.such else None  # 그렇게 큰 고양이
        if en_det == ["no"] and self.no_id is not None:
            self.en.append(("no", self.no_id))
            self.no_id = None
        elif en_det:
            det_id = self.en_atom(en_det)
        very = self.en_atom(["very"]) if np.very else None  # a very good friend: 아주 좋은 친구
        ids = {slot: self.new_id() for slot in ("pre", "post", "noun")}
        if np.pre:
            self.en.append((np.pre.en, ids["pre"]))
        if np.post:
            self.en.append((np.post.en, ids["post"]))
        self.en.append((noun.en[plural], ids["noun"]))
        if np.content:  # "a glass of water": 물 한 잔, the container said by its counter
            of, held = self.en_atom(["of"]), self.en_atom([np.content.en[0]])
            number = native_number(np.num if np.det == "num" else 1)
            content = [[w, {held}] for w in nouns()[np.content.en[0]].ko.split()]
            count = english.CONTAINERS[noun.en[0]][0]
            return [*content, *([t, {det_id}] for t in number), [count, {ids["noun"], of}]], {ids["noun"]}, False
        animate = "h" in noun.tags or "a" in noun.tags
        head = [[w, {ids["noun"]}] for w in ko.ko.split()]
        if plural and animate and np.det in DEFINITE:
            head.append(["-들", {ids["noun"]}])
        adjs = [
            tok
            for adj, slot in ((np.pre, "pre"), (np.post, "post"))
            if adj
            for tok in self.attributive(adj, animate, ids[slot])
        ]
        if such is not None:
            adjs = [["그렇게", {such}], *adjs]
        if very is not None:
            adjs = [["아주", {very}], *adjs]
        det = [[t, {det_id}] for t in DETERMINERS.get(np.det, ())]
        if np.det == "num":
            count = counter(noun.tags, ko)
            number = [[t, {det_id}] for t in native_number(np.num)]
            if count == "*":
                return det + adjs + number + head, {ids["noun"]}, animate  # 다친 두 사람
            count = f"-{count}" if np.num > 100 else count  # digits take the counter bound: 250마리
            return det + adjs + head + number + [[count, {det_id}]], {ids["noun"]}, animate
        return det + adjs + head, {ids["noun"]}, animate

    def attributive(self, adj, animate: bool, i: int) -> list[K]:
        """An adjective before a noun: 작은, 열린, 초록색, 현대적인, 프랑스."""
        ko, kind = adjectives()[adj.en].for_head(animate)
        if kind in ("noun", "nat"):
            return [[w, {i}] for w in ko.split()]
        if kind == "cop":
            return [[w, {i}] for w in ko.split()] + [[t, {i}] for t in self.copula(ko, "attr.pres").tokens]
        family = "A" if kind == "adj" else "V"
        return [[t, {i}] for t in form(family, ko, "attr.past" if kind == "past" else "attr.pres").tokens]

    def particle(self, tokens: list[K], name: str, ids: set[int]) -> K:
        """The particle `name` (을, 이, 은, 과, 으로, 에 …) after `tokens`, as a bound token; fuses 저 + 가
        into 제가 and 누구 + 가 into 누가 by rewriting the last token."""
        last = word_of(tokens[-1][0])
        word, part = attach(last, name)
        if word != last:
            tokens[-1][0] = ("-" if tokens[-1][0].startswith("-") else "") + word
        return Particle([f"-{part}", id_set(ids)])

    def with_particle(self, np: NP, name: str, ids: set[int] | None = None, negated: bool = False) -> list[K]:
        """The noun phrase and its particle; `ids` (default: its head) is what the particle aligns with."""
        tokens, head, _ = self.np(np, negated)
        return [*tokens, self.particle(tokens, name, head if ids is None else ids)]

    # -- prepositional phrases -----------------------------------------------------------------------------

    def _prep_ids(self, pp: PP) -> list[int]:
        return [self.en_atom(en) for en, _ in pp.prep.atoms]

    def pp_modifier(self, pp: PP, person: bool = False) -> list[K]:
        """A prepositional phrase before the noun it modifies: 친구의, 탁자 위에 있는, 선생님을 위한; a thing in a city
        is the city's (Prague의 강), a `person` (or an animal) there is in it (Paris에 있는 친구)."""
        ids = self._prep_ids(pp)
        prep = pp.prep.en
        tokens, _head, animate = self.np(pp.np)
        p = set(ids)
        if prep == "of":
            return [*tokens, self.particle(tokens, "의", p)]
        if prep == "with":
            return [*tokens, self.particle(tokens, "과", p), ["함께", p], ["있", p], ["-는", p]]
        if prep == "without":
            return [*tokens, ["없", p], ["-는", p]]
        if prep == "for":
            return [*tokens, self.particle(tokens, "을", p), ["위한", p]]
        if prep == "from":
            return [*tokens, ["-에게서" if animate else "-에서", p], ["온", p]]
        if prep == "far from":
            return [*tokens, ["-에서", {ids[1]}], ["먼", {ids[0]}]]
        if prep == "to":  # the train to Lyon: Lyon으로 가는 기차
            return [*tokens, self.particle(tokens, "으로", p), ["가는", p]]
        if prep == "in" and pp.np.name is not None and not person:
            return [*tokens, self.particle(tokens, "의", p)]
        return [*self._place(pp, tokens, ids, "에"), ["있", p], ["-는", p]]

    @staticmethod
    def is_place(pp: PP) -> bool:
        """Whether `pp` says where a thing is (in, at, on, near …): ...에 있는 before a noun."""
        return pp.prep.en in PLACES or pp.prep.en in ("in", "at")

    def _place(self, pp: PP, tokens: list[K], ids: list[int], particle: str) -> list[K]:
        """탁자 위에, 정원에서, 상자 안에: a place noun for on, under, in (a container) …, then 에 or 에서."""
        prep, p = pp.prep.en, set(ids)
        where = PLACES.get(prep) or ("안" if prep == "in" and pp.np.noun and "c" in pp.np.noun.tags else "")
        return [*tokens, [where, p], [f"-{particle}", p]] if where else [*tokens, [f"-{particle}", p]]

    def pp_adverbial(self, pp: PP, at: str) -> list[K]:
        """A prepositional phrase of a verb; `at` is 에 where the verb says where something is, 에서 where
        something is done."""
        ids = self._prep_ids(pp)
        tokens, _, animate = self.np(pp.np)
        prep, p = pp.prep.en, set(ids)
        if prep == "with":
            if animate:
                return [*tokens, self.particle(tokens, "과", p), ["함께", p]]
            return [*tokens, self.particle(tokens, "으로", p)]  # with a spoon → 숟가락으로
        if prep == "without":
            return [*tokens, ["없이", p]]
        if prep == "far from":
            return [*tokens, ["-에서", {ids[1]}], ["멀리", {ids[0]}]]
        if prep == "against":  # 벽에 기대어
            return [*tokens, ["-에", p], ["기대어", p]]
        if prep == "through":  # 공원을 지나서, 창문을 통해
            through = "지나서" if pp.np.noun is not None and "p" in pp.np.noun.tags else "통해"
            return [*tokens, self.particle(tokens, "을", p), [through, p]]
        if prep == "along":  # 강을 따라
            return [*tokens, self.particle(tokens, "을", p), ["따라", p]]
        if prep == "according to":  # 선생님에 따르면
            return [*tokens, ["-에", p], ["따르면", p]]
        return self._place(pp, tokens, ids, at)

    # -- verbs ----------------------------------------------------------------------------------------------

    def verb(
        self, family: str, lemma: str, key: str, lexical, inflection, neg_ids=None, adverb: list[K] = ()
    ) -> list[K]:
        """The tokens of one form: those holding the lemma get `lexical`, the endings `inflection`; with
        `neg_ids`, 안 goes before the lemma's negation point (or the lemma changes: 있다 → 없다). A manner
        `adverb` of degree or ability goes there too, before 안: 공부 잘 해요, 꿈을 많이 꿔요, 잘 안 자요; any other
        goes before the whole predicate: 천천히 실패해요, 함께 공부 안 해요 (not 실패 천천히 해요)."""
        if neg_ids is not None and lemma in NEGATIVE_LEMMAS:
            lemma, neg_ids, lexical = NEGATIVE_LEMMAS[lemma], None, id_set(lexical, neg_ids)
        f = self.copula(lemma, key) if family == "C" else form(family, lemma, key)
        out = [[t, self._role(f, k, lexical, inflection)] for k, t in enumerate(f.tokens)]
        inside = bool(adverb) and adverb[0][0] in INSIDE_ADVERBS
        inserted = [*(adverb if inside else ()), *([["안", id_set(neg_ids)]] if neg_ids is not None else [])]
        if inserted:
            at = negation_point(family, lemma)
            out[at][0] = word_of(out[at][0])
            out[at:at] = inserted
        if adverb and not inside:
            out[0][0] = word_of(out[0][0])
            out[0:0] = adverb
        return out

    @staticmethod
    def _role(f: Form, k: int, lexical, inflection) -> set[int]:
        if k < f.lexical - 1 or (k == f.lexical - 1 and not f.fused):
            return id_set(lexical)
        if k == f.lexical - 1:
            return id_set(lexical, inflection)
        return id_set(inflection)

    @staticmethod
    def copula(noun: str, key: str) -> Form:
        """이다 after `noun`: 의사예요, 학생이에요."""
        return form("C", "이다/C" if final_consonant(noun) else "이다/V", key)
