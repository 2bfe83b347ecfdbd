"""Verb constructions of the everyday test set (tests/data/everyday_enfr_names.tsv, everyday_enko_names.tsv) the grammar
lacked, in both packs: "was born", a predicate noun with an adjective, a to-verb after a to-verb, "X and I", "would
like", and the imperfect of state verbs in the past."""

import random
import re

from grammar_builders import np, pron, verb

from models.tasks import enfr, enko
from models.tasks.grammar import english, french, korean, trees
from models.tasks.grammar.copyable import CITY, CITY_PREPOSITIONS
from models.tasks.grammar.enfr_words import IT, PRONOUNS, Name
from models.text.tokenize import JOINER


def says(subj, vp: trees.VP, question: str = "") -> tuple[str, str, str]:
    """English, French and Korean (without joiners) of a one-clause sentence."""
    parts = [((), trees.Clause(subj, vp, question))]
    fr = french.Renderer().sentence(parts)
    ko = korean.Renderer().sentence(parts)
    assert ko.source == fr.source
    return fr.source, fr.target, ko.target.replace(JOINER, "")


def name(text: str, gender: str = "m") -> trees.NP:
    return trees.NP("h", name=Name(text, gender))


def adjective(en: str):
    return next(a for a in english.LEXICON_ADJECTIVES if a.en == en)


def year(n: int) -> tuple:
    return ("in", str(n)), ("en", str(n)), ["past"]


def test_born_agrees_as_etre_does_and_takes_a_year_or_a_city():
    i, she = pron("I"), pron("she")
    assert says(i, trees.VP("intr", i, english.BORN, tense="past", time=year(1990))) == (
        "I was born in 1990.",
        "je suis né en 1990.",
        "저는 1990년에 태어났어요.",
    )
    paris = trees.PP(CITY_PREPOSITIONS["in"], trees.NP("p", name=Name("Paris", CITY)))
    assert says(she, trees.VP("intr", she, english.BORN, tense="past", loc=paris)) == (
        "she was born in Paris.",
        "elle est née à Paris.",
        "그녀는 Paris에서 태어났어요.",
    )
    we = pron("we")
    assert says(we, trees.VP("intr", we, english.BORN, tense="past", neg=True))[:2] == (
        "we were not born.",
        "nous ne sommes pas nés.",
    )
    you = pron("you")
    assert says(you, trees.VP("intr", you, english.BORN, tense="past", question=True), "when") == (
        "when were you born?",
        "quand est-ce que vous êtes né?",
        "당신은 언제 태어났어요?",
    )


def test_a_predicate_noun_with_an_adjective_keeps_its_article():
    kevin = name("Kevin")
    friend = np("friend", "a")
    friend.pre, friend.very = adjective("good"), True
    assert says(kevin, trees.VP("cop", kevin, pred_np=friend)) == (
        "Kevin is a very good friend.",
        "Kevin est un très bon ami.",
        "Kevin은 아주 좋은 친구예요.",
    )
    friend.very = False
    assert says(kevin, trees.VP("cop", kevin, pred_np=friend, neg=True)) == (
        "Kevin is not a good friend.",
        "Kevin n'est pas un bon ami.",
        "Kevin은 좋은 친구가 아니에요.",
    )
    anna = name("Anna", "f")
    person = np("person", "a")  # personne is feminine whoever it is
    person.post, person.very = adjective("kind"), True
    assert says(anna, trees.VP("cop", anna, pred_np=person))[:2] == (
        "Anna is a very kind person.",
        "Anna est une personne très gentille.",
    )
    ben = name("Ben")  # a profession alone still drops it
    assert says(ben, trees.VP("cop", ben, pred=np("doctor").noun))[1] == "Ben est médecin."


def test_a_to_verb_after_a_to_verb_takes_its_own_preposition():
    want, need = verb("inf", "want", ("to",)), verb("inf", "need", ("to",))
    ann = name("Ann", "f")
    assert says(ann, trees.VP("intr", ann, verb("intr", "swim"), modal=want, inner=verb("inf", "learn", ("to",)))) == (
        "Ann wants to learn to swim.",
        "Ann veut apprendre à nager.",
        "Ann은 수영하는 법을 배우고 싶어요.",
    )
    i = pron("I")
    assert says(i, trees.VP("intr", i, verb("intr", "sleep"), modal=need, inner=verb("inf", "try", ("to",)))) == (
        "I need to try to sleep.",
        "j'ai besoin d'essayer de dormir.",
        "저는 자려고 노력할 필요가 있어요.",
    )
    she, it = pron("she"), trees.NP("t", pron=IT)
    vp = trees.VP("tr", she, verb("tr", "make"), obj=it, modal=want, inner=verb("inf", "learn", ("to",)), neg=True)
    assert says(she, vp) == (  # the clitic goes before the last infinitive
        "she does not want to learn to make it.",
        "elle ne veut pas apprendre à le faire.",
        "그녀는 그것을 만드는 법을 배우고 싶지 않아요.",
    )


def test_a_subject_with_i_agrees_as_we():
    robert = name("Robert")
    robert.conj = trees.NP("h", pron=PRONOUNS[0])
    go = verb("prep", "go", ("to",))
    assert says(robert, trees.VP("prep", robert, go, tense="prog", obj=np("park"))) == (
        "Robert and I are going to the park.",
        "Robert et moi allons au parc.",
        "Robert와 저는 공원에 가고 있어요.",
    )
    anna = name("Anna", "f")
    anna.conj = trees.NP("h", pron=PRONOUNS[0])
    school = np("school", "")
    school.fr_definite = True
    assert says(anna, trees.VP("prep", anna, go, tense="past", obj=school))[:2] == (
        "Anna and I went to school.",
        "Anna et moi sommes allés à l'école.",
    )
    you = pron("you")
    you.conj = trees.NP("h", pron=PRONOUNS[0])
    assert says(you, trees.VP("intr", you, verb("intr", "play"), tense="fut", neg=True)) == (
        "you and I will not play.",
        "vous et moi ne jouerons pas.",
        "당신과 저는 안 놀 거예요.",
    )
    tom = name("Tom")
    tom.conj = name("Anna", "f")  # without "I": they
    assert says(tom, trees.VP("prep", tom, go, obj=school))[1] == "Tom et Anna vont à l'école."


def test_would_like_is_the_conditional_of_vouloir():
    we, i = pron("we"), pron("I")
    assert says(we, trees.VP("tr", we, verb("tr", "visit"), modal=english.WOULD_LIKE, obj=np("museum"))) == (
        "we would like to visit the museum.",
        "nous voudrions visiter le musée.",
        "우리는 박물관을 방문하고 싶어요.",
    )
    assert says(i, trees.VP("tr", i, english.LIKE_TO_HAVE, modal=english.WOULD, obj=np("coffee", "a"))) == (
        "I would like a coffee.",
        "je voudrais un café.",
        "저는 커피를 원해요.",
    )
    you = pron("you")
    vp = trees.VP("tr", you, english.LIKE_TO_HAVE, modal=english.WOULD, obj=np("tea", "some"), question=True)
    assert says(you, vp, "yn")[:2] == ("would you like some tea?", "est-ce que vous voudriez du thé?")


def test_state_verbs_in_the_past_take_the_imperfect():
    i, linda = pron("I"), name("Linda", "f")
    sick = trees.Clause(linda, trees.VP("cop", linda, adjs=[adjective("sick")], tense="past"))
    assert says(i, trees.VP("that", i, verb("that", "know"), comp=sick, tense="past"))[:2] == (
        "I knew that Linda was sick.",
        "je savais que Linda était malade.",
    )
    she, he, we = pron("she"), pron("he"), pron("we")
    assert says(she, trees.VP("tr", she, verb("tr", "love"), obj=np("music", ""), tense="past"))[1] == (
        "elle aimait la musique."
    )
    want = verb("inf", "want", ("to",))
    assert says(he, trees.VP("intr", he, verb("intr", "eat"), modal=want, tense="past", neg=True)) == (
        "he did not want to eat.",
        "il ne voulait pas manger.",
        "그는 먹고 싶지 않았어요.",
    )
    assert says(we, trees.VP("intr", we, verb("intr", "swim"), modal=verb("inf", "can"), tense="past")) == (
        "we could swim.",
        "nous pouvions nager.",
        "우리는 수영할 수 있었어요.",
    )
    # an event keeps the passé composé
    assert says(he, trees.VP("intr", he, verb("intr", "sleep"), modal=verb("inf", "try", ("to",)), tense="past")) == (
        "he tried to sleep.",
        "il a essayé de dormir.",
        "그는 자려고 노력했어요.",
    )
    assert says(he, trees.VP("intr", he, verb("intr", "sleep"), tense="past"))[1] == "il a dormi."


def test_the_grammar_draws_them():
    """Each construction appears in sampled pairs, rendered as above (a few hundred to a few thousand times in a
    pack's training set)."""
    checks = {  # what the English says → what the French must then say
        r"\b(was|were) (not )?born\b": r"\bn(é|ée|és|ées)\b",
        r"\bwould (not )?like\b": r"\bvoudr",
        r"\b(to|can|could|must|should|might) (learn|try|start|begin|forget|decide) to\b": (
            r"\b(apprendre à|essayer d|commencer à|oublier d|décider d)"  # de, or d' before a vowel
        ),
    }
    clitics = r"((n'|ne |le |la |les |l'|lui |leur |vous |nous |m')*)"
    found = dict.fromkeys([*checks, "et moi"], 0)
    rng = random.Random(3)
    for _ in range(3000):
        pair = enfr.sample(rng, rng.randint(4, 12))
        for en, fr in checks.items():
            if re.search(en, pair.source):
                found[en] += 1
                assert re.search(fr, pair.target), (pair.source, pair.target)
        if " et moi " in pair.target:  # "Robert et moi allons", "Anna et moi n'avons pas"
            found["et moi"] += 1
            assert " and I " in pair.source, (pair.source, pair.target)
            assert re.search(rf"\bet moi {clitics}\w*(ons|sommes)\b", pair.target), pair.target
    assert all(n >= 3 for n in found.values()), found
    ko = enko.sample(random.Random(5), 8)  # the Korean renderer reads the same derivations
    assert ko.source == enfr.sample(random.Random(5), 8).source
