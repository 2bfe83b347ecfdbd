"""The words people use most (issue #25's coverage bar): of wordfreq 3.1.1's most frequent alphabetic English words
(models/text/wordfreq_en_top2000.txt), how many the en-fr and en-ko grammar writes, or the input rules rewrite into
words it writes; and the same for the shipped packs' source vocabularies."""

import json
import random

import pytest

from models.packs.pack import PRETRAINED
from models.tasks import enfr
from models.text.coverage import coverage, reads_as_known, top_words

# The issue's bars, for the grammar and for packs trained on it.
BAR_1000, BAR_2000 = 0.85, 0.70
# Where the grammar stands today (measured: 885 of the top 1,000, 1,605 of the top 2,000, with lex-nouns' lexicon and
# lex-grammar's function words, constructions and copied names; before them 718 and 1,123, and before that 463 and
# 784): a floor, so that coverage only grows.
FLOOR_1000, FLOOR_2000 = 0.88, 0.80


def test_the_list_is_wordfreq_top_2000_alphabetic():
    words = top_words()
    assert len(words) == 2000 == len(set(words))
    assert all(w.isalpha() and w == w.lower() for w in words)
    assert words[:5] == ("the", "to", "and", "of", "a")


def test_input_rules_count_as_known():
    known = {"child", "children", "can", "not", "I", "want", "to"}.__contains__
    assert reads_as_known("kid", known) and reads_as_known("kids", known)  # english_phrases.tsv
    assert reads_as_known("cannot", known) and reads_as_known("wanna", known)  # contractions
    assert reads_as_known("i", known)  # capitals
    assert not reads_as_known("little", known)


def test_english_words_are_what_the_grammar_writes():
    words = enfr.english_words()
    rng = random.Random(1)
    seen = set()
    for _ in range(4000):  # 3,000 left about 360 of 3,612 unseen, at the bound, so any change to the draws tipped it
        seen |= set(enfr.sample(rng, rng.randint(3, 40)).en)
    seen = {w for w in seen if not w.isdigit()}  # years ("born in 1990") are digits, copied (copyable.py), not words
    assert seen <= words, seen - words
    # rare words (drawn by frequency, a quarter as often as average) and not words it never writes
    assert len(words - seen) <= 0.10 * len(words), sorted(words - seen)


def test_the_grammar_covers_more_of_the_frequent_words():
    known = enfr.english_words().__contains__
    assert coverage(known, 1000).share >= FLOOR_1000
    assert coverage(known, 2000).share >= FLOOR_2000


def test_the_grammar_meets_the_issue_bar():
    known = enfr.english_words().__contains__
    assert coverage(known, 1000).share >= BAR_1000
    assert coverage(known, 2000).share >= BAR_2000


@pytest.mark.parametrize("pack", ["en-fr", "en-ko"])
def test_shipped_pack_coverage(pack):
    task = json.loads((PRETRAINED / pack / "task.json").read_text("utf-8"))
    vocab = set(json.loads((PRETRAINED / pack / "dot" / "vocab.json").read_text("utf-8"))["source"]["tokens"])
    top1000, top2000 = coverage(vocab.__contains__, 1000), coverage(vocab.__contains__, 2000)
    assert top1000.share >= 0.46 and top2000.share >= 0.39  # the shipped packs: 462 and 785, the issue's figures
    if task["lexicon"] != enfr.lexicon():
        pytest.xfail(
            f"{pack} was trained on an older grammar ({top1000.share:.1%} of the top 1,000, {top2000.share:.1%} of "
            "the top 2,000): retrain it, and this asserts the issue's bar on its vocabulary"
        )
    assert top1000.share >= BAR_1000 and top2000.share >= BAR_2000


def test_copied_names_and_contraction_fragments_count():
    known = {"do", "not", "I", "am"}.__contains__
    assert reads_as_known("john", known) and reads_as_known("york", known)  # the copy models pass them through
    assert not reads_as_known("mark", known) and not reads_as_known("most", known)  # words first (NOT_NAMES)
    assert reads_as_known("t", known) and reads_as_known("m", known)  # don't → do not, I'm → I am
    assert not reads_as_known("ll", known)  # I'll → I will: "will" is not known here
    assert not reads_as_known("x", known)
