"""18 everyday sentences with names of two words, written 2026-12-07 before any model ran on them, after a class's
first tries failed in both packs ("Hong Kong is very big." → "Hong est très grand"; "I know John Miller." → "je
connais John John"): a full name or a city of two words as subject, object or place, and what one plays ("I play
football", "she plays the piano"), with French and Korean references (tests/data/everyday_enfr_two_words.tsv,
everyday_enko_two_words.tsv) in the packs' conventions, as the grammar writes them (tests/test_everyday_constructions.py
renders four of them). Korean keeps the names in Latin letters; the particle follows the Korean sound of the last
word (John Miller를: 밀러, New York을: 뉴욕, Emma Watson은: 왓슨).

The data has them since 2026-12-07 (models/tasks/grammar/copyable.py: full names, cities as subject and object; play
in the lexicon). A pack trained before has no full name in its names split, and its models were never shown one: the
bar is an expected failure there, and asserted for every pack trained since."""

import json
import re
from itertools import pairwise
from pathlib import Path

import pytest
from conftest import best_with_attention, exactly_right, read_everyday

from models.packs.pack import PRETRAINED, load_pack
from models.tasks.grammar import copyable
from models.text.tokenize import word_tokens

DATA = Path(__file__).resolve().parent / "data"
FR, KO = DATA / "everyday_enfr_two_words.tsv", DATA / "everyday_enko_two_words.tsv"
BAR = 0.95  # the bar for the everyday sets: the best attention model exactly right


def two_word_names(en: str) -> list[str]:
    """Capitalised words side by side: "John Miller", "Hong Kong"."""
    words = word_tokens(en)
    return [f"{a} {b}" for a, b in pairwise(words) if a[0].isupper() and b[0].isupper()]


def test_every_sentence_has_a_name_of_two_words_or_a_thing_played():
    fr, ko = read_everyday(FR, "fr"), read_everyday(KO, "ko")
    assert [en for en, _ in fr] == [en for en, _ in ko] and len(fr) == 18 == len({en for en, _ in fr})
    played = 0
    for (en, f), (_, k) in zip(fr, ko, strict=True):
        names = two_word_names(en)
        played += bool(re.search(r"\bplay", en))
        assert names or re.search(r"\bplay", en), en
        for name in names:  # written whole, in Latin letters, in French and in Korean
            assert name in f and name in k, en
        assert f[-1] == en[-1] == k[-1], en
    assert played >= 6


def trained_on_full_names(pack_name: str) -> bool:
    """Whether the pack's data had full names: its names split (test-names.json) holds one."""
    rows = json.loads((PRETRAINED / pack_name / "test-names.json").read_text("utf-8"))
    surnames = set(copyable.surnames())
    return any(w in surnames for r in rows for w in word_tokens(r["source"]))


@pytest.mark.slow
@pytest.mark.parametrize(("pack_name", "path", "column"), [("en-fr", FR, "fr"), ("en-ko", KO, "ko")])
def test_the_best_attention_model_writes_them_exactly(pack_name, path, column):
    if not trained_on_full_names(pack_name):
        pytest.xfail(f"{pack_name} was trained before names of two words were in its data: retrain it")
    rows = read_everyday(path, column)
    exact = exactly_right(load_pack(PRETRAINED / pack_name), rows)
    best = best_with_attention(exact)
    assert best >= BAR * len(rows), exact
