import random
from itertools import pairwise

import pytest

from models.data import bucket_labels, bucket_of
from models.tasks import enfr
from models.tokenize import detokenizer, tokenizer

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


def noun(en: str) -> enfr.Noun:
    return next(n for n in enfr.LEXICON_NOUNS if n.en[0] == en)


def adj(en: str | None) -> enfr.Adjective | None:
    return next(a for a in enfr.LEXICON_ADJECTIVES if a.en == en) if en else None


def verb(kind: str, base: str, particles: tuple[str, ...] = ()) -> enfr.Verb:
    return next(v for v in enfr.LEXICON_VERBS[kind] if v.en[0] == base and v.particles == particles)


def np(en: str, det: str = "the", plural: bool = False, pre: str | None = None, post: str | None = None) -> enfr.NP:
    return enfr.NP(enfr.ALL, noun=noun(en), det=det, plural=plural, pre=adj(pre), post=adj(post))


def name(text: str) -> enfr.NP:
    return enfr.NP("h", name=next(n for n in enfr.LEXICON_NAMES if n.text == text))


def with_pp(head: enfr.NP, prep: str, obj: enfr.NP) -> enfr.NP:
    head.pp = enfr.PP(next(p for p in enfr.PREPOSITIONS if p.en == prep), obj)
    return head


def says(subj: enfr.NP, kind: str = "intr", base: str = "fall", particles: tuple = (), **vp) -> enfr.Pair:
    """Render the one-clause sentence `subj` + VP."""
    clause = enfr.Clause(subj, enfr.VP(kind, subj, verb(kind, base, particles) if kind != "cop" else None, **vp))
    return enfr.Renderer().sentence([((), clause)])


def test_adjective_placement_and_agreement():
    assert says(np("car", pre="small", post="red")).source == "the small red car falls."
    assert says(np("car", pre="small", post="red")).target == "la petite voiture rouge tombe."
    assert says(np("car", plural=True, pre="small", post="red")).target == "les petites voitures rouges tombent."
    assert says(np("house", det="a", pre="old", post="white")).target == "une vieille maison blanche tombe."
    assert says(np("house", "some", True, "old")).target == "de vieilles maisons tombent."
    assert says(np("cat", "two", True, "beautiful", "black")).target == "deux beaux chats noirs tombent."


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
    cat.rel = enfr.Rel("obj", "that", clause=enfr.Clause(alice, enfr.VP("tr", alice, verb("tr", "see"), gap=True)))
    pair = says(cat, "intr", "sleep")
    assert (pair.source, pair.target) == ("the cat that Alice sees sleeps.", "le chat qu'Alice voit dort.")
    women = np("woman", plural=True)
    women.rel = enfr.Rel("subj", "who", vp=enfr.VP("intr", women, verb("intr", "sing"), neg=True))
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


# -- generated data ----------------------------------------------------------------------------------------


def test_generate_is_deterministic():
    sizes = {"train": 300, "valid": 20, "test": 30}
    a, b, c = enfr.generate(11, sizes), enfr.generate(11, sizes), enfr.generate(12, sizes)
    assert a == b
    assert [e.meta for e in a.train] == [e.meta for e in b.train]
    assert a.train != c.train


def test_full_dataset_sizes_lengths_and_disjointness(full):
    splits = full
    assert splits.sizes() == {"train": 60_000, "valid": 1_000, "test": 600}
    train_lens = [e.src_len for e in splits.train]
    assert min(train_lens) == 3 and max(train_lens) == 40
    assert max(e.src_len for e in splits.valid) <= 40
    # Every length 4-40 is equally represented in train; only length 3 runs out of distinct sentences.
    counts = {n: train_lens.count(n) for n in range(4, 41)}
    assert max(counts.values()) - min(counts.values()) <= 2
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
    assert len(train) == 60_000 and len(valid) == 1_000 and len(test) == 600
    assert not test & (train | valid) and not valid & train
    assert not set(SPEC.probes + SPEC.examples) & (train | valid)
    src_vocab = {t for e in splits.train for t in tokens(e.source)}
    tgt_vocab = {t for e in splits.train for t in tokens(e.target)}
    assert 300 <= len(src_vocab) <= 1000 and 300 <= len(tgt_vocab) <= 1000


def test_examples_tokenize_round_trip_and_carry_src_len(small):
    for e in small.train + small.valid + small.test:
        assert e.src_len == len(tokens(e.source))
        assert detok(tokens(e.target)) == e.target
        assert detok(tokens(e.source)) == e.source
        assert e.meta["gold"] is True
        assert e.source.endswith(".") and e.target.endswith(".")


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
    # English content word -> every French form it may take ("open" is an adjective and a verb).
    expected: dict[str, set[str]] = {}
    for n in enfr.LEXICON_NOUNS:
        for en, fr in zip(n.en, n.fr, strict=True):
            expected.setdefault(en, set()).add(fr)
    for a in enfr.LEXICON_ADJECTIVES:
        expected.setdefault(a.en, set()).update({*a.forms, a.before_vowel} - {""})
    for entries in enfr.LEXICON_VERBS.values():
        for v in entries:
            for en in v.en:
                expected.setdefault(en, set()).update(v.fr)
    checked = 0
    for pair in pairs:
        for i, word in enumerate(pair.en):
            if word not in expected:
                continue
            linked = [pair.fr[j] for a, j in pair.alignment if a == i]
            assert len(linked) == 1 and linked[0] in expected[word], (word, linked, pair.source, pair.target)
            checked += 1
    assert checked > 10_000


def test_every_generated_noun_phrase_agrees(pairs):
    singular = {"le", "la", "l'", "un", "une", "ce", "cet", "cette", "mon", "ma", "son", "sa", "votre"}
    singular |= {"notre", "leur", "chaque", "de"}
    plural = {"les", "des", "de", "ces", "mes", "ses", "vos", "nos", "leurs", "deux", "trois"}
    masculine_only, feminine_only = {"le", "un", "ce", "cet"}, {"la", "une", "cette", "ma", "sa"}
    seen_vowel_forms = set()
    for pair in pairs:
        for rec in pair.nps:
            assert rec.det in (plural if rec.plural else singular), (rec, pair.target)
            assert rec.det not in (feminine_only if rec.gender == "m" else masculine_only), (rec, pair.target)
            for entry, form in rec.adjectives:
                if form == entry.before_vowel:
                    assert rec.gender == "m" and not rec.plural and enfr.starts_with_vowel_sound(rec.noun)
                    seen_vowel_forms.add(form)
                else:
                    assert form == entry.form(rec.gender, rec.plural), (entry.en, form, pair.target)
        for gender, plural_, entry, form in pair.predicates:
            assert form == entry.form(gender, plural_)
    assert seen_vowel_forms == {"vieil", "bel", "nouvel"}


def test_no_missed_elision_or_contraction(pairs):
    must_elide = {"le", "la", "de", "que", "ne", "ce", "ma", "sa"}
    singular_nouns = {n.fr[0] for n in enfr.LEXICON_NOUNS} - {n.fr[1] for n in enfr.LEXICON_NOUNS}
    for pair in pairs:
        fr = pair.fr
        for word, nxt in pairwise(fr):
            assert not (word in must_elide and enfr.starts_with_vowel_sound(nxt)), (word, nxt, pair.target)
            if word in ("vieux", "beau", "nouveau") and nxt in singular_nouns:  # vieil homme, bel arbre
                assert not enfr.starts_with_vowel_sound(nxt), (word, nxt, pair.target)
            assert (word, nxt) not in {("de", "le"), ("à", "le"), ("de", "les"), ("à", "les"), ("de", "des")}
            assert not (word == "cet" and not enfr.starts_with_vowel_sound(nxt))
        en = pair.en
        for word, nxt in pairwise(en):
            assert not (word == "a" and nxt[0] in "aeiouAEIOU") and not (word == "an" and nxt[0] not in "aeiouAEIOU")


def test_any_requested_length_is_produced():
    rng = random.Random(0)
    for length in (3, 4, 17, 40, 41, 59, 60, 64):
        pair = enfr.sample(rng, length)
        assert len(pair.en) == length == len(tokens(pair.source))


def test_probes_and_examples_come_from_the_grammar():
    made = [enfr.sentence(seed, length).source for seed, length in enfr.PROBE_SEEDS]
    assert made == SPEC.probes
    assert [len(tokens(p)) for p in SPEC.probes] == [length for _, length in enfr.PROBE_SEEDS]
    assert [enfr.sentence(seed, length).source for seed, length in enfr.EXAMPLE_SEEDS] == SPEC.examples
    assert len(SPEC.examples) == 8
