"""The frequent function words and constructions of the coverage bar (#25): the present perfect, never / nothing /
anyone, the modals would, should and might, comparison, yet, ever, prepositions, possessive predicates, titles,
openers and "or", in French and in Korean, each also drawn by the grammar at a sensible rate."""

import itertools
import random
from collections import Counter

from grammar_builders import np, pron, verb

from models.tasks import enfr, enko
from models.tasks.grammar import enfr_words, english, french, korean, trees
from models.tasks.grammar.enfr_words import ANYONE, EVERYTHING, NOTHING, SOMEONE, Name
from models.text.tokenize import JOINER


def modal(base: str) -> enfr_words.Verb:
    return next(m for m in english.MODALS if m.en == base)


def adj(en: str) -> enfr_words.Adjective:
    return next(a for a in english.LEXICON_ADJECTIVES if a.en == en)


def vp(subj, kind="intr", base="sleep", **fields) -> trees.VP:
    v = verb(kind, base) if kind not in ("cop", "exist", "age", "weather") else None
    return trees.VP(kind, subj, v, **fields)


def both(subj, *args, opener=(), ask="", **fields) -> tuple[str, str, str]:
    """English, French and Korean (without joiners) of the one-clause sentence of subj and vp(subj, *args, **fields);
    `ask`, the kind of question it is."""
    parts = [(opener, trees.Clause(subj, vp(subj, *args, question=bool(ask), **fields), ask))]
    fr = french.Renderer().sentence(parts)
    ko = korean.Renderer().sentence(parts)
    assert ko.source == fr.source
    return fr.source, fr.target, ko.target.replace(JOINER, "")


def test_present_perfect():
    assert both(pron("she"), "tr", "see", obj=np("movie"), tense="perf") == (
        "she has seen the movie.",
        "elle a vu le film.",
        "그녀는 영화를 봤어요.",
    )
    assert both(pron("I"), "intr", "sleep", tense="perf", neg=True) == (
        "I have not slept.",
        "je n'ai pas dormi.",
        "저는 안 잤어요.",
    )
    assert both(pron("he"), "cop", adjs=[adj("tired")], tense="perf")[:2] == ("he has been tired.", "il a été fatigué.")


def test_never_nothing_anyone_everything():
    never = ("never", "jamais")
    assert both(pron("I"), "tr", "eat", obj=np("apple", "", plural=True), freq=never) == (
        "I never eat apples.",
        "je ne mange jamais de pommes.",
        "저는 사과를 절대 안 먹어요.",
    )
    nothing = trees.NP("tfi", pron=NOTHING)
    assert both(pron("I"), "tr", "see", obj=nothing) == ("I see nothing.", "je ne vois rien.", "저는 아무것도 안 봐요.")
    assert both(pron("she"), "tr", "see", obj=nothing, tense="perf")[1] == "elle n'a rien vu."
    anyone = trees.NP("h", pron=ANYONE)
    assert both(pron("I"), "tr", "see", obj=anyone, neg=True) == (
        "I do not see anyone.",
        "je ne vois personne.",
        "저는 아무도 안 봐요.",
    )
    assert both(pron("she"), "tr", "see", obj=trees.NP("tfi", pron=EVERYTHING), tense="perf")[1] == "elle a tout vu."
    someone = trees.NP("h", pron=SOMEONE)
    assert both(someone, "intr", "sleep") == ("someone sleeps.", "quelqu'un dort.", "누군가가 자요.")


def test_modals_would_should_might():
    bread = np("bread", "")
    assert both(pron("she"), "tr", "eat", obj=bread, modal=modal("would")) == (
        "she would eat bread.",
        "elle mangerait du pain.",
        "그녀는 빵을 먹을 거예요.",
    )
    assert both(pron("we"), "intr", "sleep", modal=modal("should"))[1:] == (
        "nous devrions dormir.",
        "우리는 자야 해요.",
    )
    assert both(pron("they"), "intr", "sleep", modal=modal("might"), neg=True) == (
        "they might not sleep.",
        "ils ne pourraient pas dormir.",
        "그들은 자지 않을지도 몰라요.",
    )


def test_comparison():
    assert both(np("car"), "cop", adjs=[adj("expensive")], very=True, degree="more", than=np("bicycle")) == (
        "the car is more expensive than the bicycle.",
        "la voiture est plus chère que le vélo.",
        "자동차는 자전거보다 더 비싸요.",
    )
    assert both(np("cake", plural=True), "cop", adjs=[adj("good")], very=True, degree="the most")[:2] == (
        "the cakes are the best.",
        "les gâteaux sont les meilleurs.",
    )
    assert not english.compared_with_more("big") and not english.compared_with_more("red")


def test_yet_and_ever():
    assert both(pron("she"), "intr", "eat", tense="perf", neg=True, time=(("yet",), ("encore",), ["perf"])) == (
        "she has not eaten yet.",
        "elle n'a pas encore mangé.",
        "그녀는 아직 안 먹었어요.",
    )
    assert both(pron("you"), "tr", "see", obj=np("cat"), tense="perf", ask="yn", yes_no=True, freq=("ever", "déjà"))[
        :2
    ] == ("have you ever seen the cat?", "est-ce que vous avez déjà vu le chat?")


def test_prepositions_and_possessive_predicates():
    between = next(p for p in english.PREPOSITIONS if p.en == "between")
    table = np("table")
    table.conj = np("door")
    assert both(np("cat"), "cop", loc=trees.PP(between, table)) == (
        "the cat is between the table and the door.",
        "le chat est entre la table et la porte.",
        "고양이는 탁자와 문 사이에 있어요.",
    )
    assert both(np("book"), "cop", owner="I") == ("the book is mine.", "le livre est à moi.", "책은 제 거예요.")


def test_titles_openers_and_or():
    mr = trees.NP("h", name=Name("Pierre", "m"), title="Mr")
    assert both(mr, "intr", "sleep") == ("Mr Pierre sleeps.", "monsieur Pierre dort.", "Pierre 씨는 자요.")
    yes = english.atoms_of([("yes", "oui"), (",", ",")])
    assert both(pron("I"), "cop", adjs=[adj("happy")], opener=yes)[1:] == (
        "oui, je suis heureux.",
        "네, 저는 행복해요.",
    )
    tea = np("tea", "")
    tea.conj, tea.either_or = np("coffee", ""), True
    assert both(pron("she"), "tr", "want", obj=tea) == (
        "she wants tea or coffee.",
        "elle veut du thé ou du café.",
        "그녀는 차나 커피를 원해요.",
    )


def test_requests_such_and_titles():
    can = verb("inf", "can")
    assert both(pron("you"), "tr", "help", obj=pron("me"), modal=can, ask="yn", yes_no=True, please=True) == (
        "can you help me, please?",
        "est-ce que vous pouvez m'aider, s'il vous plaît?",
        "당신은 저를 좀 도울 수 있어요?",
    )
    cat = np("cat", "a")
    cat.pre, cat.such = adj("big"), True
    assert both(cat, "intr", "sleep") == (
        "such a big cat sleeps.",
        "un si grand chat dort.",
        "그렇게 큰 고양이가 자요.",
    )
    next_to = next(p for p in english.PREPOSITIONS if p.en == "next to")
    dr = trees.NP("h", name=Name("Sophie", "f"), title="Dr")
    assert both(np("cat"), "cop", loc=trees.PP(next_to, dr)) == (
        "the cat is next to Dr Sophie.",
        "le chat est à côté du docteur Sophie.",  # le docteur contracts
        "고양이는 Sophie 박사님 옆에 있어요.",
    )


def test_the_constructions_are_drawn():
    """Each construction turns up in a few thousand sentences, so a pack trained on the grammar learns it."""
    rng = random.Random(7)
    words = Counter(w for _ in range(2000) for w in enfr.sample(rng, rng.randint(4, 16)).en)
    drawn = ("has", "been", "never", "nothing", "someone", "would", "should", "might", "than", "between", "yet", "or")
    for word in drawn:
        assert words[word] >= 3, word
    assert words["has"] + words["have"] > 100  # the present perfect, not a rarity


def test_korean_renders_the_same_english():
    for seed in range(200):
        rng = random.Random(seed)
        length = rng.randint(3, 20)
        assert enko.sample(random.Random(seed), length).en == enfr.sample(random.Random(seed), length).en


def test_another_not_an_other():
    """ "another" is a determiner of its own: the adjective "other" never follows "a" or "an"."""
    rng = random.Random(3)
    sentences = [enfr.sample(rng, rng.randint(4, 30)).en for _ in range(3000)]
    assert any("another" in en for en in sentences)
    assert not any(a in ("a", "an") and b == "other" for en in sentences for a, b in itertools.pairwise(en))


def test_korean_manner_adverbs_inside_or_before_a_noun_hada_verb():
    """잘 and 많이 go inside 공부하다 (공부 잘 해요); any other manner adverb before the whole verb (천천히 공부해요,
    not 공부 천천히 해요), before 안 too when negated."""
    slowly, well = ("slowly", "천천히"), ("well", "bien")
    assert both(pron("she"), "intr", "study", manner=well)[2] == "그녀는 공부 잘 해요."
    assert both(pron("she"), "intr", "study", manner=slowly)[2] == "그녀는 천천히 공부해요."
    assert both(pron("she"), "intr", "sneeze", manner=slowly)[2] == "그녀는 천천히 재채기해요."


def test_korean_negates_mot_words_before_them():
    """못생기다 is one word: not ugly is 안 못생겼어요, not 못 안 생겼어요."""
    assert both(np("cat"), "cop", adjs=[adj("ugly")], neg=True)[2].endswith("안 못생겼어요.")
