"""The data copy models learn from (models/tasks/grammar/copyable.py): long lists of names and cities, swapped into
the en-fr and en-ko derivations, kept as they are in French and Korean, out of both vocabularies; the names split."""

import random

import pytest

from models.tasks import enfr, enko
from models.tasks.grammar import copyable
from models.tasks.grammar.enfr_words import names as known_names
from models.tasks.grammar.hangul import final_consonant, particle
from models.text.tokenize import tokenizer
from models.training.packs import build_vocabs


def test_the_lists_are_far_larger_than_a_vocabulary_and_leave_the_known_names_alone():
    names, cities = copyable.long_names(), copyable.cities()
    assert len(names) > 4000 and len(cities) > 5000
    assert {n.gender for n in names} == {"m", "f"}
    known = {n.text for n in known_names()}
    assert len(known) == 30 and not known & copyable.copy_only_tokens()
    for held_out in (False, True):
        by_gender, places = copyable.pools(held_out)
        assert all(by_gender.values()) and places
    train, test = copyable.pools(False), copyable.pools(True)
    assert not set(train[1]) & set(test[1]) and not set(train[0]["f"]) & set(test[0]["f"])
    assert not {"London", "Paris", "Vienna", "Moscow"} & set(cities)  # big cities are named otherwise in French


@pytest.mark.parametrize(
    ("word", "subject", "object_", "instrument"),
    [
        ("Anna", "가", "를", "로"),
        ("Peter", "가", "를", "로"),  # 피터
        ("David", "가", "를", "로"),  # 데이비드
        ("Adam", "이", "을", "으로"),
        ("Jean", "이", "을", "으로"),
        ("Paul", "이", "을", "로"),  # ㄹ: 로
        ("Anne", "이", "을", "으로"),  # 앤: the silent e
        ("Claire", "가", "를", "로"),  # 클레어
        ("Hong", "이", "을", "으로"),
        ("York", "이", "을", "으로"),  # New York: 뉴욕
    ],
)
def test_korean_particles_after_a_latin_name_follow_its_last_sound(word, subject, object_, instrument):
    assert (particle(word, "이"), particle(word, "을"), particle(word, "으로")) == (subject, object_, instrument)
    assert final_consonant("사과") == 0 and final_consonant("책") != 0  # Hangul as before
    with pytest.raises(ValueError):
        final_consonant("42")


def drawn(module, seed: int, n: int, **shares):
    rng, copy = random.Random(seed), copyable.CopyDraw(random.Random(seed + 1), **shares)
    return [module.sample(rng, length := rng.randint(4, 25), copy=copy) for _ in range(n)], length


def test_names_and_cities_are_kept_as_they_are_in_french_and_korean():
    (fr, _), (ko, _) = drawn(enfr, 3, 300, name_share=1.0), drawn(enko, 3, 300, name_share=1.0)
    with_city = 0
    for f, k in zip(fr, ko, strict=True):
        assert f.source == k.source  # the same English sentence, the same names and cities
        words = [t for t in f.en if copyable.is_copy_only(t)]
        assert all(t in f.fr for t in words), (f.source, f.target)  # French writes them as they are
        assert all(t in k.ko for t in words), (k.source, k.target)  # and so does Korean, in Latin letters
        assert not any(t in {n.text for n in known_names()} for t in f.en)  # every known name was swapped
        cities = [t for t in words if t in copyable.cities()]
        with_city += bool(cities)
        for c in cities:  # a city follows à, près de, loin de, de or pour ("le train pour Lyon") in French
            i = f.fr.index(c)
            before, after = f.fr[i - 1] if i else "", f.fr[i + 1]
            if copyable.is_copy_only(before):  # the second word of a city of two: "New York"
                continue
            subject = after in ("est", "était", "sera", "a", "n'", "ne") or copyable.is_copy_only(after)
            visited = any(
                w.startswith(("visit", "explor", "attei")) for w in f.fr[max(0, i - 3) : i]
            )  # "n'atteint pas Lyon"
            assert before in ("à", "de", "d'", "pour") or subject or visited, f.target
    assert with_city >= 15  # 8-9 % of sentences have a city (seeds 3-6, 600 each): 26 expected


def test_lengths_stay_exact_and_the_probes_draw_nothing():
    rng, copy = random.Random(5), copyable.CopyDraw(random.Random(6), city_share=1.0)
    for length in range(3, 41):
        assert len(enfr.sample(rng, length, copy=copy).en) == length
    assert enfr.SPEC.probes == [enfr.sentence(s, n).source for s, n in enfr.PROBE_SEEDS]
    assert not any(copyable.has_copyable(enfr.sentence(s, n).en) for s, n in enfr.PROBE_SEEDS + enfr.EXAMPLE_SEEDS)


def test_generated_splits_hold_copyable_words_and_the_vocabularies_do_not():
    splits = enfr.generate(0, {"train": 2000, "valid": 50, "test": 60})
    src, tgt = build_vocabs(splits, "word", "word", copy_only=enfr.SPEC.copy_only)
    copy_only = copyable.copy_only_tokens()
    assert not copy_only & (set(src.tokens) | set(tgt.tokens))
    share = sum(copyable.has_copyable(tokenizer("word")(e.source)) for e in splits.train) / len(splits.train)
    assert 0.08 < share < 0.6
    assert {"Paul", "Marie"} <= set(tgt.tokens)  # the known names stay in the vocabulary


@pytest.mark.parametrize("module", [enfr, enko])
def test_the_names_split_has_held_out_names_in_every_bucket(module):
    examples = module.names_test(0) if module is enko else enfr.names_test(0)
    assert len(examples) == enfr.NAMES_PER_BUCKET * len(enfr.TEST_BUCKETS)
    held_names, held_cities = copyable.pools(True)
    held = {*held_names["m"], *held_names["f"], *held_cities, *copyable.surname_pool(True)}
    train = enfr.generate(0, {"train": 3000, "valid": 10, "test": 10}).train
    seen = {t for e in train for t in tokenizer("word")(e.source)}
    for e in examples:
        words = [t for t in tokenizer("word")(e.source) if copyable.is_copy_only(t)]
        numbers = {t for t in words if t.isdigit()}
        assert words and set(words) - numbers <= held and not set(words) & seen
        assert all(int(n) % 2 for n in numbers)  # odd: training's numbers are even
        assert all(w in e.target for w in words)
    lengths = [e.src_len for e in examples]
    assert min(lengths) <= 10 and max(lengths) > 50


def test_numbers_in_digits_are_copied_as_they_are():
    (fr, _), (ko, _) = drawn(enfr, 11, 600, number_share=1.0), drawn(enko, 11, 600, number_share=1.0)
    seen = 0
    for f, k in zip(fr, ko, strict=True):
        for t in (t for t in f.en if t.isdigit()):
            seen += 1
            assert 101 <= int(t) <= 9999 and int(t) % 2 == 0  # training's numbers are even; the names split's odd
            assert copyable.is_copy_only(t) and t in f.fr and t in k.ko
            after = k.ko[k.ko.index(t) + 1]
            assert after.startswith("-") or after in enko_nouns(), k.target  # a bound counter: 250마리
    assert seen >= 20


def enko_nouns():
    from models.tasks.grammar.enko_words import nouns

    return {w for n in nouns().values() for w in n.ko.split()}


def test_names_of_two_words_are_drawn_and_written_as_they_are():
    """Full names ("John Miller") and two-word cities, as subjects, objects and after prepositions: a model must learn
    to copy two tokens in a row ("Hong Kong is very big", "I know John Miller", "lives in Los Angeles")."""
    surnames, multiword = set(copyable.surnames()), set(copyable.multiword_cities())
    assert len(surnames) > 4000 and not surnames & {n.text for n in known_names()}
    assert not set(copyable.surname_pool(True)) & set(copyable.surname_pool(False))
    (fr, _), (ko, _) = drawn(enfr, 7, 1500), drawn(enko, 7, 1500)
    full = city_subjects = visits = two_word_cities = 0
    for f, k in zip(fr, ko, strict=True):
        for first, last in zip(f.en, f.en[1:], strict=False):
            if last in surnames:  # a surname follows a first name, in French and in Korean too
                assert first[0].isupper() and f" {first} {last} " in f" {' '.join(f.fr)} ", f.target
                assert f" {first} {last} " in f" {' '.join(k.ko)} ", k.target
                full += 1
            if f"{first} {last}" in multiword:
                two_word_cities += 1
                if first == "New" and last == "York" and k.ko[k.ko.index("York") + 1] in ("-은", "-는"):
                    assert k.ko[k.ko.index("York") + 1] == "-은", k.target  # 뉴욕은
        if f.en[0] in copyable.cities() or " ".join(f.en[:2]) in multiword:
            city_subjects += f.fr[f.en.index(f.en[0]) + (2 if " ".join(f.en[:2]) in multiword else 1)] in (
                "est",
                "était",
            )
    for f in drawn(enfr, 8, 1500, city_object_share=1.0)[0]:  # every visit, explore, reach: a city
        i = next((i for i, w in enumerate(f.en) if w.startswith(("visit", "explor", "reach"))), None)
        visits += i is not None and f.en[i + 1] in copyable.copy_only_tokens()  # "visited Lyon"
    assert full >= 40 and two_word_cities >= 10 and city_subjects >= 5 and visits >= 10, (
        full,
        two_word_cities,
        city_subjects,
        visits,
    )
