import random
from collections import Counter
from itertools import pairwise

import pytest

from models.packs.data import bucket_labels, bucket_of
from models.tasks import enfr
from models.tasks.grammar import enfr_words, english, french, trees
from models.text.tokenize import detokenizer, tokenizer

SPEC = enfr.SPEC
tokens = tokenizer(SPEC.src_tokenization)
detok = detokenizer(SPEC.tgt_tokenization)


@pytest.fixture(scope="module")
def full():
    """The real dataset (its generation time is a benchmark figure, not a test)."""
    return SPEC.generate(0)


@pytest.fixture(scope="module")
def small():
    return enfr.generate(3, sizes={"train": 2000, "valid": 100, "test": 60})


@pytest.fixture(scope="module")
def pairs():
    rng = random.Random(7)
    return [enfr.sample(rng, rng.randint(3, 60)) for _ in range(1500)]


# -- building sentences by hand through the grammar -----------------------------------------------------


def noun(en: str) -> enfr_words.Noun:
    return next(n for n in english.LEXICON_NOUNS if n.en[0] == en)


def adj(en: str | None) -> enfr_words.Adjective | None:
    return next(a for a in english.LEXICON_ADJECTIVES if a.en == en) if en else None


def verb(kind: str, base: str, particles: tuple[str, ...] = ()) -> enfr_words.Verb:
    if base == "have" and kind == "tr":
        return english.HAVE
    return next(v for v in english.LEXICON_VERBS[kind] if v.en == base and v.particles == particles)


def np(en: str, det: str = "the", plural: bool = False, pre: str | None = None, post: str | None = None) -> trees.NP:
    num = 0
    if det in ("two", "three", "twenty-one"):
        det, num = "num", {"two": 2, "three": 3, "twenty-one": 21}[det]
    return trees.NP(enfr_words.ALL, noun=noun(en), det=det, num=num, plural=plural, pre=adj(pre), post=adj(post))


def name(text: str) -> trees.NP:
    return trees.NP("h", name=next(n for n in english.LEXICON_NAMES if n.text == text))


def pron(en: str) -> trees.NP:
    if en == "it":
        return trees.NP(trees.THINGS, pron=enfr_words.IT)
    p = next(p for p in enfr_words.PRONOUNS if en in (p.en, p.en_obj))
    return trees.NP("h", pron=p, plural=p.plural)


def with_pp(head: trees.NP, prep: str, obj: trees.NP) -> trees.NP:
    head.pp = trees.PP(next(p for p in english.PREPOSITIONS if p.en == prep), obj)
    return head


def says(subj: trees.NP, kind: str = "intr", base: str = "fall", particles: tuple = (), question: str = "", **vp):
    """Render the one-clause sentence `subj` + VP (a question when `question` is given)."""
    v = verb(kind, base, particles) if kind not in ("cop", "exist", "age", "weather") else None
    modal = vp.pop("modal", None)
    if modal:
        vp["modal"] = verb("inf", *modal)
    clause = trees.Clause(subj, trees.VP(kind, subj, v, question=bool(question), **vp), question)
    return french.Renderer().sentence([((), clause)])


def both(pair: french.Pair) -> tuple[str, str]:
    return pair.source, pair.target


def test_adjective_placement_and_agreement():
    assert says(np("car", pre="small", post="red")).source == "the small red car falls."
    assert says(np("car", pre="small", post="red")).target == "la petite voiture rouge tombe."
    assert says(np("car", plural=True, pre="small", post="red")).target == "les petites voitures rouges tombent."
    assert says(np("house", det="a", pre="old", post="white")).target == "une vieille maison blanche tombe."
    assert says(np("house", "some", True, "old")).target == "de vieilles maisons tombent."
    assert says(np("cat", "two", True, "beautiful", "black")).target == "deux beaux chats noirs tombent."
    assert both(says(np("car", "twenty-one", True))) == ("twenty-one cars fall.", "vingt et une voitures tombent.")


def test_vieil_bel_nouvel_and_elided_determiners():
    assert says(np("man", pre="old")).target == "le vieil homme tombe."
    assert says(np("man", plural=True, pre="old")).target == "les vieux hommes tombent."
    assert says(np("tree", det="a", pre="beautiful")).target == "un bel arbre tombe."
    assert says(np("computer", det="this", pre="new")).target == "ce nouvel ordinateur tombe."
    assert says(np("man")).target == "l'homme tombe."
    assert says(np("hotel", det="this")).target == "cet hôtel tombe."
    assert says(np("school", det="my")).target == "mon école tombe."
    assert says(np("school", det="my", pre="small")).target == "ma petite école tombe."
    assert says(np("umbrella", det="a")).source == "an umbrella falls."
    assert says(np("umbrella", det="a", pre="small")).source == "a small umbrella falls."
    assert english.an("hour") and not english.an("university") and english.an("apple") and not english.an("cat")


def test_contractions_and_elision_of_de_que_ne():
    boy, kids, park = np("boy"), np("child", plural=True), np("park")
    assert says(with_pp(np("book"), "of", boy)).target == "le livre du garçon tombe."
    assert says(with_pp(np("dog"), "near", park)).target == "le chien près du parc tombe."
    assert says(with_pp(np("letter"), "from", np("man"))).target == "la lettre de l'homme tombe."
    assert says(with_pp(np("cat"), "near", np("tree", "some", True))).target == "le chat près d'arbres tombe."
    assert says(with_pp(np("cat"), "next to", np("egg", "a"))).target == "le chat à côté d'un œuf tombe."
    gift = np("gift", "a")
    assert says(name("Marie"), "ditr", "give", obj=gift, obj2=kids).target == "Marie donne un cadeau aux enfants."
    assert says(name("Marie"), "prep", "talk", ("to",), obj=np("king")).target == "Marie parle au roi."
    assert says(name("Marie"), "prep", "talk", ("about",), obj=np("cake", "some", True)).target == (
        "Marie parle de gâteaux."
    )
    assert says(name("Paul"), "tr", "love", obj=name("Alice"), neg=True).target == "Paul n'aime pas Alice."
    apple = np("apple", "a")
    pair = says(name("Paul"), "tr", "eat", obj=apple, neg=True)
    assert (pair.source, pair.target) == ("Paul does not eat an apple.", "Paul ne mange pas de pomme.")
    pair = says(name("Paul"), "tr", "eat", obj=np("egg", "some", True), neg=True)
    assert (pair.source, pair.target) == ("Paul does not eat any eggs.", "Paul ne mange pas d'œufs.")


def test_relative_clauses_and_que_elision():
    cat = np("cat")
    alice = name("Alice")
    cat.rel = trees.Rel(
        "obj", "that", clause=trees.Clause(alice, trees.VP("tr", alice, verb("tr", "see"), gap=cat, gapped=True))
    )
    pair = says(cat, "intr", "sleep")
    assert (pair.source, pair.target) == ("the cat that Alice sees sleeps.", "le chat qu'Alice voit dort.")
    women = np("woman", plural=True)
    women.rel = trees.Rel("subj", "who", vp=trees.VP("intr", women, verb("intr", "sing"), neg=True))
    assert says(women, "intr", "sleep").target == "les femmes qui ne chantent pas dorment."


def test_verbs_and_predicates_agree_with_the_subject():
    assert says(np("cat"), "intr", "sleep").target == "le chat dort."
    assert says(np("cat", plural=True), "intr", "sleep").target == "les chats dorment."
    marie = name("Marie")
    marie.conj = name("Sophie")
    pair = says(marie, "cop", adjs=[adj("happy")])
    assert (pair.source, pair.target) == ("Marie and Sophie are happy.", "Marie et Sophie sont heureuses.")
    marie = name("Marie")
    marie.conj = name("Paul")
    assert says(marie, "cop", adjs=[adj("happy")], neg=True).target == "Marie et Paul ne sont pas heureux."
    assert says(np("house"), "cop", adjs=[adj("old"), adj("red")]).target == "la maison est vieille et rouge."


def test_alignment_follows_the_derivation():
    pair = says(with_pp(np("car", pre="small", post="red"), "near", np("park")))
    # the small red car near the park falls .  →  la petite voiture rouge près du parc tombe .
    assert pair.en == ["the", "small", "red", "car", "near", "the", "park", "falls", "."]
    assert pair.fr == ["la", "petite", "voiture", "rouge", "près", "du", "parc", "tombe", "."]
    assert sorted(pair.alignment) == [(0, 0), (1, 1), (2, 3), (3, 2), (4, 4), (4, 5), (5, 5), (6, 6), (7, 7), (8, 8)]


def test_subject_and_object_pronouns():
    assert both(says(pron("I"), "tr", "love", obj=pron("you"))) == ("I love you.", "je vous aime.")
    assert both(says(pron("she"), "tr", "see", obj=pron("him"))) == ("she sees him.", "elle le voit.")
    assert both(says(pron("we"), "tr", "eat", obj=pron("it"), neg=True)) == (
        "we do not eat it.",
        "nous ne le mangeons pas.",
    )
    assert both(says(pron("they"), "tr", "love", obj=pron("me"))) == ("they love me.", "ils m'aiment.")
    # à-verbs take an indirect clitic, other prepositions a tonic pronoun after them
    assert both(says(pron("I"), "prep", "talk", ("to",), obj=pron("her"))) == ("I talk to her.", "je lui parle.")
    assert both(says(pron("I"), "prep", "think", ("about",), obj=pron("her"))) == (
        "I think about her.",
        "je pense à elle.",
    )
    gift = np("gift", "a")
    assert both(says(pron("he"), "ditr", "give", obj=gift, obj2=pron("us"))) == (
        "he gives a gift to us.",
        "il nous donne un cadeau.",
    )


def test_tenses_and_negation_in_every_tense():
    apple = np("apple", "a")
    cases = {
        ("pres", False): ("I eat an apple.", "je mange une pomme."),
        ("prog", False): ("I am eating an apple.", "je mange une pomme."),
        ("past", False): ("I ate an apple.", "j'ai mangé une pomme."),
        ("fut", False): ("I will eat an apple.", "je mangerai une pomme."),
        ("pres", True): ("I do not eat an apple.", "je ne mange pas de pomme."),
        ("prog", True): ("I am not eating an apple.", "je ne mange pas de pomme."),
        ("past", True): ("I did not eat an apple.", "je n'ai pas mangé de pomme."),
        ("fut", True): ("I will not eat an apple.", "je ne mangerai pas de pomme."),
    }
    for (tense, neg), expected in cases.items():
        assert both(says(pron("I"), "tr", "eat", obj=apple, tense=tense, neg=neg)) == expected


def test_passe_compose_agrees_with_etre_subjects_and_preceding_objects():
    assert both(says(pron("she"), "prep", "go", ("to",), obj=np("school"), tense="past")) == (
        "she went to the school.",
        "elle est allée à l'école.",
    )
    assert says(pron("we"), "intr", "fall", tense="past").target == "nous sommes tombés."
    assert both(says(pron("I"), "tr", "see", obj=pron("her"), tense="past")) == ("I saw her.", "je l'ai vue.")
    assert says(pron("I"), "tr", "see", obj=pron("them"), tense="past", neg=True).target == "je ne les ai pas vus."
    apples = np("apple", plural=True)
    apples.rel = trees.Rel(
        "obj",
        "that",
        clause=trees.Clause(
            pron("I"), trees.VP("tr", pron("I"), verb("tr", "eat"), tense="past", gap=apples, gapped=True)
        ),
    )
    assert says(apples, "cop", adjs=[adj("red")]).target == "les pommes que j'ai mangées sont rouges."


def test_infinitive_verbs_put_object_pronouns_before_the_infinitive():
    assert both(says(pron("I"), "intr", "eat", modal=("want", ("to",)))) == ("I want to eat.", "je veux manger.")
    assert both(says(pron("I"), "tr", "see", obj=pron("it"), modal=("want", ("to",)))) == (
        "I want to see it.",
        "je veux le voir.",
    )
    assert both(says(pron("you"), "intr", "sleep", modal=("can", ()), neg=True)) == (
        "you can not sleep.",
        "vous ne pouvez pas dormir.",
    )
    assert both(says(pron("she"), "intr", "sleep", modal=("need", ("to",)), neg=True)) == (
        "she does not need to sleep.",
        "elle n'a pas besoin de dormir.",
    )


def test_partitive_generic_and_there_is():
    assert both(says(pron("we"), "tr", "eat", obj=np("bread", ""))) == ("we eat bread.", "nous mangeons du pain.")
    assert both(says(pron("we"), "tr", "drink", obj=np("water", ""), neg=True)) == (
        "we do not drink water.",
        "nous ne buvons pas d'eau.",
    )
    assert both(says(pron("I"), "tr", "like", obj=np("bread", ""))) == ("I like bread.", "j'aime le pain.")
    assert both(says(pron("I"), "tr", "like", obj=np("cat", "", True), neg=True)) == (
        "I do not like cats.",
        "je n'aime pas les chats.",
    )
    assert both(says(np("cat", "", True), "intr", "sleep")) == ("cats sleep.", "les chats dorment.")
    milk = np("milk", "no")
    assert both(says(pron("it"), "exist", obj=milk, neg=True)) == ("there is no milk.", "il n'y a pas de lait.")
    cat = np("cat", "a")
    assert both(
        says(pron("it"), "exist", obj=cat, tense="past", loc=trees.PP(english.PREPOSITIONS[7], np("house")))
    ) == (
        "there was a cat in the house.",
        "il y avait un chat dans la maison.",
    )


def test_avoir_idioms_ages_and_weather():
    assert both(says(pron("I"), "cop", adjs=[adj("hungry")])) == ("I am hungry.", "j'ai faim.")
    assert both(says(pron("they"), "cop", adjs=[adj("thirsty")], very=True, tense="past")) == (
        "they were very thirsty.",
        "ils avaient très soif.",
    )
    assert says(np("soup"), "cop", adjs=[adj("cold")]).target == "la soupe est froide."  # not an idiom for things
    assert both(says(pron("she"), "age", age=10)) == ("she is ten years old.", "elle a dix ans.")
    assert both(says(pron("it"), "weather", weather=english.WEATHER[0])) == ("it is cold.", "il fait froid.")
    assert both(says(pron("it"), "weather", weather=english.WEATHER[3], tense="prog")) == (
        "it is raining.",
        "il pleut.",
    )
    assert both(says(pron("it"), "weather", weather=english.WEATHER[4], tense="fut", neg=True)) == (
        "it will not snow.",
        "il ne neigera pas.",
    )


def test_questions_use_est_ce_que():
    tea = np("tea", "")
    assert both(says(pron("you"), "tr", "like", obj=tea, question="yn")) == (
        "do you like tea?",
        "est-ce que vous aimez le thé?",
    )
    assert both(says(pron("she"), "cop", adjs=[adj("happy")], question="yn")) == (
        "is she happy?",
        "est-ce qu'elle est heureuse?",
    )
    assert both(says(pron("you"), "intr", "sleep", question="where", tense="past")) == (
        "where did you sleep?",
        "où est-ce que vous avez dormi?",
    )
    assert both(says(pron("he"), "tr", "eat", gapped=True, question="what", tense="fut")) == (
        "what will he eat?",
        "qu'est-ce qu'il mangera?",
    )
    cats = np("cat", "", True)
    assert both(says(pron("you"), "tr", "have", gap=cats, gapped=True, question="howmany")) == (
        "how many cats do you have?",
        "combien de chats est-ce que vous avez?",
    )
    who = trees.NP("h", name=enfr_words.Name("who", "m"))
    assert both(says(who, "tr", "eat", obj=np("cake"), question="who", tense="prog")) == (
        "who is eating the cake?",
        "qui mange le gâteau?",
    )
    assert both(says(np("station"), "cop", question="whereis")) == ("where is the station?", "où est la gare?")


def test_adverbs_and_time_words():
    time = next(t for t in english.TIME_ATOMS if t[0] == ("every", "morning"))
    assert both(says(pron("we"), "tr", "eat", obj=np("bread", ""), time=time)) == (
        "we eat bread every morning.",
        "nous mangeons du pain chaque matin.",
    )
    assert both(says(pron("I"), "intr", "sleep", freq=english.FREQUENCY[0])) == ("I often sleep.", "je dors souvent.")
    assert both(says(pron("she"), "intr", "sing", manner=english.MANNER[0], tense="past")) == (
        "she sang well.",
        "elle a bien chanté.",
    )
    assert both(says(pron("she"), "cop", adjs=[adj("happy")], very=True)) == (
        "she is very happy.",
        "elle est très heureuse.",
    )
    yesterday = next(t for t in english.TIME_ATOMS if t[0] == ("yesterday",))
    pair = says(pron("I"), "intr", "sleep", tense="past", time=yesterday)
    assert both(pair) == ("I slept yesterday.", "j'ai dormi hier.")


def test_elision_of_je_me_le_and_si():
    assert says(pron("I"), "tr", "love", obj=pron("him")).target == "je l'aime."
    assert says(pron("I"), "intr", "arrive").target == "j'arrive."
    parts = [((), trees.Clause(pron("I"), trees.VP("intr", pron("I"), verb("intr", "sleep"))))]
    he = pron("he")
    parts.append((english.atoms_of([("if", "si")]), trees.Clause(he, trees.VP("intr", he, verb("intr", "sleep")))))
    assert french.Renderer().sentence(parts).target == "je dors si il dort.".replace("si il", "s'il")


# -- generated data ----------------------------------------------------------------------------------------


def test_generate_is_deterministic():
    sizes = {"train": 300, "valid": 20, "test": 30}
    a, b, c = enfr.generate(11, sizes), enfr.generate(11, sizes), enfr.generate(12, sizes)
    assert a == b
    assert [e.meta for e in a.train] == [e.meta for e in b.train]
    assert a.train != c.train


def test_full_dataset_sizes_lengths_and_disjointness(full):
    splits = full
    assert splits.sizes() == enfr.SIZES == {"train": 224_000, "valid": 1_000, "test": 600}
    train_lens = [e.src_len for e in splits.train]
    assert min(train_lens) == 3 and max(train_lens) == 40
    assert max(e.src_len for e in splits.valid) <= 40
    # Lengths 13-40 are equally represented; 3-12 get the everyday share on top.
    counts = {n: train_lens.count(n) for n in range(3, 41)}
    long = [counts[n] for n in range(13, 41)]
    assert max(long) - min(long) <= 2
    assert sum(counts[n] for n in range(3, 13)) >= enfr.SHORT_SHARE * enfr.SIZES["train"]
    labels = [bucket_of(e.src_len, SPEC.length_edges) for e in splits.test]
    assert {label: labels.count(label) for label in bucket_labels(SPEC.length_edges)} == {
        "1-10": 100,
        "11-20": 100,
        "21-30": 100,
        "31-40": 100,
        "41-50": 100,
        "51+": 100,
    }
    assert max(e.src_len for e in splits.test) == 60
    train, valid, test = ({e.source for e in part} for part in (splits.train, splits.valid, splits.test))
    # the phrases of a first lesson, said one way, come up to REPEATS times (enfr.PHRASE_MAX); nothing longer repeats:
    # 213,616 distinct sources, the repeats all of 3-5 tokens, as often as the grammar says them (good night.)
    assert (len(valid), len(test)) == (1_000, 600) and len(train) > 0.9 * enfr.SIZES["train"]
    assert not test & (train | valid) and not valid & train
    counts = Counter(e.source for e in splits.train)
    assert all(len(tokens(s)) <= enfr.PHRASE_MAX and n <= enfr.REPEATS for s, n in counts.items() if n > 1)
    phrases = ["what time is it?", "how old are you?", "where are you from?", "what is this?", "nice to meet you."]
    assert all(counts[p] >= 5 for p in phrases), {p: counts[p] for p in phrases}
    assert min(e.src_len for e in splits.valid + splits.test) == enfr.PHRASE_MAX + 1
    assert not set(SPEC.probes + SPEC.examples) & (train | valid)
    # the vocabularies leave out the long-list names and cities (models/tasks/grammar/copyable.py): only copied
    copied = {t for e in splits.train for t in tokens(e.source) if SPEC.copy_only(t)}
    src_vocab = {t for e in splits.train for t in tokens(e.source) if not SPEC.copy_only(t)}
    tgt_vocab = {t for e in splits.train for t in tokens(e.target) if not SPEC.copy_only(t)}
    assert 2_000 <= len(src_vocab) <= 6_000 and 3_000 <= len(tgt_vocab) <= 10_000
    assert len(copied) > 5_000  # far more names and cities than a vocabulary holds
    # every kind of sentence is there, short ones included
    short = [e.source for e in splits.train if e.src_len <= 8]
    assert sum(s.endswith("?") for s in short) > 0.1 * len(short)
    assert sum(s.split()[0] in ("I", "you", "he", "she", "we", "they") for s in short) > 0.2 * len(short)


def test_examples_tokenize_round_trip_and_carry_src_len(small):
    for e in small.train + small.valid + small.test:
        assert e.src_len == len(tokens(e.source))
        assert detok(tokens(e.target)) == e.target
        assert detok(tokens(e.source)) == e.source
        assert e.meta["gold"] is True
        assert e.source[-1] in ".?!" and e.target[-1] == e.source[-1]


def test_alignment_indices_are_tokenizer_positions(small):
    for e in small.train + small.test:
        src, tgt = tokens(e.source), tokens(e.target)
        pairs = [tuple(p) for p in e.meta["alignment"]]
        assert all(0 <= i < len(src) and 0 <= j < len(tgt) for i, j in pairs)
        assert len(set(pairs)) == len(pairs)
        # Every word on both sides is aligned, and the final "." to the final ".".
        assert {i for i, _ in pairs} == set(range(len(src)))
        assert {j for _, j in pairs} == set(range(len(tgt)))
        assert (len(src) - 1, len(tgt) - 1) in pairs


def test_content_words_align_one_to_one_with_their_translation(pairs):
    # English noun or adjective -> every French form it may take; a bare English noun also links to the
    # French article the grammar adds ("bread" -> "du pain").
    expected: dict[str, set[str]] = {}
    for n in english.LEXICON_NOUNS:
        for en, fr in zip(n.en, n.fr, strict=True):
            expected.setdefault(en, set()).add(fr)
    for a in english.LEXICON_ADJECTIVES:
        expected.setdefault(a.en, set()).update({*a.forms, a.before_vowel} - {""})
    verbs = {
        w for vs in english.LEXICON_VERBS.values() for v in vs for w in (v.en, *enfr_words.en_forms(v.en).values())
    }
    verbs |= {word for word, kind, _ in english.WEATHER if kind == "verb"}  # "it rains" (the noun "rain" is "pluie")
    articles = {"du", "de", "la", "l'", "des", "les", "le", "d'", "au"}  # "play football" → "jouer au football"
    time_words = {w for en, _, _ in english.TIME for w in en.split()}
    openers = {en for en, _ in english.OPENERS}  # "of course, …" → "bien sûr, …": an idiom, not the noun
    checked = 0
    for pair in pairs:
        if " ".join(pair.en[:-1]) in english.GREETINGS:  # "good night." → "bonne nuit.": an idiom said alone
            continue
        head = pair.en[: pair.en.index(",")] if "," in pair.en[:3] else []
        opener = len(head) if " ".join(head) in openers else 0
        for i, word in enumerate(pair.en):
            if word not in expected or word in verbs or word in enfr_words.AVOIR_IDIOMS or word in time_words:
                continue
            if i < opener:
                continue
            if word == "old" and pair.en[i - 1] in ("year", "years", "how"):  # "ten years old" → "dix ans"
                continue  # "how old" → "quel âge"
            linked = [pair.fr[j] for a, j in pair.alignment if a == i]
            content = list(linked)
            while len(content) > 1 and content[0] in articles and detok(content) not in expected[word]:
                content.pop(0)  # the article of a bare English noun
            assert detok(content) in expected[word], (word, linked, pair.source, pair.target)
            checked += 1
    assert checked > 10_000


def test_every_generated_noun_phrase_agrees(pairs):
    singular = {"le", "la", "l'", "un", "une", "ce", "cet", "cette", "mon", "ma", "son", "sa", "votre"}
    singular |= {"notre", "leur", "chaque", "de", "du", "de la", "de l'", "d'"}
    singular |= {"un autre", "une autre"}
    plural = {"les", "des", "de", "ces", "mes", "ses", "vos", "nos", "leurs", "d'"}
    plural |= {"plusieurs", "beaucoup de", "quelques", "tous les", "toutes les", "les deux", "assez de"}
    singular |= {"assez de"}  # enough water
    numbers = {" ".join(english.number_words(n, f)[1]) for n in range(2, 101) for f in (False, True)}
    masculine_only, feminine_only = {"le", "un", "ce", "cet"}, {"la", "une", "cette", "ma", "sa"}
    seen_vowel_forms = set()
    for pair in pairs:
        for rec in pair.nps:
            assert rec.det in (plural | numbers if rec.plural else singular), (rec, pair.target)
            assert rec.det not in (feminine_only if rec.gender == "m" else masculine_only), (rec, pair.target)
            for entry, form in rec.adjectives:
                if form == entry.before_vowel:
                    assert rec.gender == "m" and not rec.plural and french.starts_with_vowel_sound(rec.noun)
                    seen_vowel_forms.add(form)
                else:
                    assert form == entry.form(rec.gender, rec.plural), (entry.en, form, pair.target)
        for gender, plural_, entry, form in pair.predicates:
            assert form == entry.form(gender, plural_)
    assert seen_vowel_forms == {"vieil", "bel", "nouvel"}


def test_no_missed_elision_or_contraction(pairs):
    must_elide = {"le", "la", "de", "que", "ne", "ce", "ma", "sa", "je", "me"}
    singular_nouns = {n.fr[0] for n in english.LEXICON_NOUNS} - {n.fr[1] for n in english.LEXICON_NOUNS}
    for pair in pairs:
        fr = pair.fr
        for k, (word, nxt) in enumerate(pairwise(fr)):
            if k + 1 in pair.clitics:  # "à le voir", "de les toucher": object pronouns do not contract
                continue
            assert not (word in must_elide and french.starts_with_vowel_sound(nxt)), (word, nxt, pair.target)
            if word in ("vieux", "beau", "nouveau") and nxt in singular_nouns:  # vieil homme, bel arbre
                assert not french.starts_with_vowel_sound(nxt), (word, nxt, pair.target)
            assert (word, nxt) not in {("de", "le"), ("à", "le"), ("de", "les"), ("à", "les"), ("de", "des")}
            assert not (word == "cet" and not french.starts_with_vowel_sound(nxt))
        en = pair.en
        for word, nxt in pairwise(en):
            assert not (word == "a" and english.an(nxt)) and not (word == "an" and not english.an(nxt))
            assert (word, nxt) not in {("si", "il"), ("si", "ils")}


def test_any_requested_length_is_produced():
    rng = random.Random(0)
    for length in (3, 4, 17, 40, 41, 59, 60, 64):
        pair = enfr.sample(rng, length)
        assert len(pair.en) == length == len(tokens(pair.source))


def test_probes_and_examples_come_from_the_grammar():
    made = [enfr.sentence(seed, length).source for seed, length in enfr.PROBE_SEEDS]
    assert made == SPEC.probes
    assert [len(tokens(p)) for p in SPEC.probes] == [length for _, length in enfr.PROBE_SEEDS]
    generated = [enfr.sentence(seed, length).source for seed, length in enfr.EXAMPLE_SEEDS]
    assert SPEC.examples == enfr.EVERYDAY_EXAMPLES + generated
    assert len(tokens(SPEC.examples[SPEC.default_example])) == 30
    # the everyday examples use only words of the lexicon
    known = {w for words in SPEC.lexicon().values() for w in words} | {"a", "an", "the", ".", "?", "every", "morning"}
    known |= {w for en, _, _ in english.TIME for w in en.split()}
    for example in enfr.EVERYDAY_EXAMPLES:
        assert set(tokens(example)) <= known, example
