import pytest

from models.packs.data import bucket_labels, bucket_of
from models.tasks import numbers
from models.text.numwords import GERMAN_MORPHEMES, split_compound, tokenize_numwords
from models.text.tokenize import detokenizer, tokenizer

SPEC = numbers.SPEC


@pytest.fixture(scope="module")
def full():
    """The real dataset (its generation time is a benchmark figure, not a test)."""
    return SPEC.generate(0)


def test_tokenize_numwords_gives_readable_labels():
    assert tokenize_numwords("twenty-one") == ["twenty", "-", "one"]
    assert tokenize_numwords("one million, two hundred and thirty-four") == [
        "one",
        "million",
        ",",
        "two",
        "hundred",
        "and",
        "thirty",
        "-",
        "four",
    ]
    assert tokenize_numwords("vingt-et-un") == ["vingt", "-", "et", "-", "un"]
    assert tokenize_numwords("quatre-vingt-dix-sept mille") == [
        "quatre",
        "-",
        "vingt",
        "-",
        "dix",
        "-",
        "sept",
        "mille",
    ]
    assert tokenize_numwords("백이십삼만 사천오백육십칠") == list("백이십삼만사천오백육십칠")
    assert tokenize_numwords("  twenty   one ") == ["twenty", "one"]  # normalized first


def test_german_compounds_split_into_morphemes():
    assert tokenize_numwords("zweihundertvierunddreißigtausend") == [
        "zwei",
        "hundert",
        "vier",
        "und",
        "dreißig",
        "tausend",
    ]
    assert tokenize_numwords("eine Million einhunderteins") == ["eine", "Million", "ein", "hundert", "eins"]
    assert tokenize_numwords("sechzehn Milliarden siebzehntausendsechsundsechzig") == [
        "sechzehn",
        "Milliarden",
        "siebzehn",
        "tausend",
        "sechs",
        "und",
        "sechzig",
    ]
    assert tokenize_numwords("zwölf Billionen elf") == ["zwölf", "Billionen", "elf"]
    # Longest match wins; what no morpheme starts stays whole; nothing is lowercased.
    assert split_compound("achtzehn") == ["achtzehn"] and split_compound("achthundert") == ["acht", "hundert"]
    assert split_compound("zweihundertxyz") == ["zwei", "hundert", "xyz"]
    assert split_compound("Zwei") == ["Zwei"]


def test_number_words_fix_german_eins_before_multipliers():
    assert numbers.number_words(101_000, "de") == "einhunderteintausend"
    assert numbers.number_words(301_000_000, "de") == "dreihundertein Millionen"
    assert numbers.number_words(1_000_001, "de") == "eine Million eins"
    assert numbers.number_words(1_234_567, "ko") == "백이십삼만 사천오백육십칠"


def test_generate_is_deterministic():
    sizes = {"train": 800, "valid": 50, "test": 100}
    a, b = numbers.generate(5, sizes), numbers.generate(5, sizes)
    assert a == b and [e.meta for e in a.train] == [e.meta for e in b.train]
    assert a.train != numbers.generate(6, sizes).train


def test_full_dataset(full):
    splits = full
    assert splits.sizes() == {"train": 50_000, "valid": 1_000, "test": 2_000}
    by_split = {name: {int(e.target) for e in getattr(splits, name)} for name in ("train", "valid", "test")}
    # Disjoint by number, in every language.
    assert not by_split["test"] & (by_split["train"] | by_split["valid"])
    assert not by_split["valid"] & by_split["train"]
    reserved = set(numbers.PROBE_NUMBERS.values()) | {n for _, n in numbers.EXAMPLE_NUMBERS}
    assert not reserved & (by_split["train"] | by_split["valid"] | by_split["test"])
    for name in ("train", "valid", "test"):
        examples = getattr(splits, name)
        langs = [e.meta["lang"] for e in examples]
        assert {lang: langs.count(lang) for lang in numbers.LANGS} == dict.fromkeys(numbers.LANGS, len(examples) // 4)
        assert {len(e.target) for e in examples} == set(range(1, 14))  # 0-9 up to 13 digits
    assert max(by_split["train"]) >= 10**12 and max(by_split["test"]) >= 10**12
    assert set(range(10)) <= by_split["train"] | by_split["valid"] | by_split["test"]
    # Test examples fall in every length bucket.
    labels = {bucket_of(e.src_len, SPEC.length_edges) for e in splits.test}
    assert labels == set(bucket_labels(SPEC.length_edges))


def test_examples_are_well_formed(full):
    splits = full
    src_tokens, tgt_tokens = tokenizer(SPEC.src_tokenization), tokenizer(SPEC.tgt_tokenization)
    detok = detokenizer(SPEC.tgt_tokenization)
    target_of: dict[tuple[str, ...], str] = {}
    for e in splits.train + splits.valid + splits.test:
        assert e.target == str(int(e.target))
        assert detok(tgt_tokens(e.target)) == e.target
        tokens = src_tokens(e.source)
        assert e.src_len == len(tokens) <= SPEC.train_defaults["max_source_len"]
        assert len(e.target) <= SPEC.train_defaults["max_output_len"]
        # One token sequence never means two numbers.
        assert target_of.setdefault(tuple(tokens), e.target) == e.target
        lang = e.meta["lang"]
        if lang == "ko":
            assert all(len(t) == 1 and "\uac00" <= t <= "\ud7a3" for t in tokens)
        elif lang == "de":
            assert all(t in GERMAN_MORPHEMES for t in tokens), e.source
        else:
            assert all(t in ("-", ",") or t.isalpha() for t in tokens), e.source


def test_probes_and_examples_are_reserved_numbers_in_words():
    assert SPEC.probes == [numbers.number_words(n, lang) for lang, n in numbers.PROBE_NUMBERS.items()]
    assert SPEC.examples == [numbers.number_words(n, lang) for lang, n in numbers.EXAMPLE_NUMBERS]
