"""30 sentences of a first lesson, written 2026-12-07 before any model ran on them: how are you?, where are you from?,
what is this?, how much is this?, how old are you?, what time is it?, a greeting before a question (excuse me, where
is the station?) and greetings said alone (nice to meet you., good night., see you tomorrow.), with French and Korean
references (tests/data/everyday_enfr_first_lesson.tsv, everyday_enko_first_lesson.tsv) in the packs' conventions:
the English was written by hand, and each reference checked against what the grammar's renderers write for it.

The grammar has them since 2026-12-07 (models/tasks/grammar/phrases.py: the question kinds howare, wherefrom,
whatthis, howmuch, howold, whattime; english.py: GREETINGS, QUESTION_OPENERS). A pack trained before never saw most
of them: the bar is an expected failure there. A pack trained on them when no source came twice in its data saw
*what time is it?* once (en-fr, 2026-12-07/08: 22 of 30): short of the bar it is an expected failure too. Since
2026-12-08 a phrase of up to 5 tokens may come up to 20 times (models/tasks/enfr.py: PHRASE_MAX, REPEATS), and the
bar is asserted for every pack trained so."""

import json
from pathlib import Path

import pytest
from conftest import best_with_attention, exactly_right, read_everyday

from models.packs.pack import PRETRAINED, load_pack
from models.tasks import enfr
from models.text.tokenize import word_tokens

DATA = Path(__file__).resolve().parent / "data"
FR, KO = DATA / "everyday_enfr_first_lesson.tsv", DATA / "everyday_enko_first_lesson.tsv"
BAR = 0.95  # the bar for the everyday sets: the best attention model exactly right
# a word only the first lesson's greetings bring to each target language (nice to meet you → enchanté, 반가워요)
FIRST_LESSON_WORD = {"en-fr": "enchanté", "en-ko": "반가워요"}


def test_the_two_sets_ask_the_same_thirty_questions_and_greetings():
    fr, ko = read_everyday(FR, "fr"), read_everyday(KO, "ko")
    assert [en for en, _ in fr] == [en for en, _ in ko] and len(fr) == 30 == len({en for en, _ in fr})
    for (en, f), (_, k) in zip(fr, ko, strict=True):
        assert en[0].isupper() and f[-1] == en[-1] == k[-1], en
    questions = sum(en.endswith("?") for en, _ in fr)
    assert questions >= 20 and sum("," in en for en, _ in fr) >= 6  # greetings before a question or statement


def trained_on_the_first_lesson(pack_name: str) -> bool:
    """Whether the pack's data had the first lesson: its target vocabulary holds the greeting's word."""
    pack = load_pack(PRETRAINED / pack_name)
    return any(m.tgt_vocab.is_known(FIRST_LESSON_WORD[pack_name]) for m in pack.models.values())


def trained_on_repeated_phrases(pack_name: str) -> bool:
    """Whether the pack's data let a phrase of up to enfr.PHRASE_MAX tokens come more than once (*what time is it?*
    came once in 224,000 sentences before): its test split then starts at PHRASE_MAX + 1 tokens."""
    rows = json.loads((PRETRAINED / pack_name / "test.json").read_text("utf-8"))
    return min(len(word_tokens(r["source"])) for r in rows) > enfr.PHRASE_MAX


@pytest.mark.slow
@pytest.mark.parametrize(("pack_name", "path", "column"), [("en-fr", FR, "fr"), ("en-ko", KO, "ko")])
def test_the_best_attention_model_writes_them_exactly(pack_name, path, column):
    if not trained_on_the_first_lesson(pack_name):
        pytest.xfail(f"{pack_name} was trained before the first lesson's questions were in its data: retrain it")
    rows = read_everyday(path, column)
    exact = exactly_right(load_pack(PRETRAINED / pack_name), rows)
    best = best_with_attention(exact)
    if best < BAR * len(rows) and not trained_on_repeated_phrases(pack_name):
        # en-fr, trained 2026-12-07/08: 22 of 30 (dot 21, GPT 22): "what time is it?" → "quel le temps est?"
        pytest.xfail(f"{pack_name} saw each phrase of the first lesson once in its data: retrain it ({exact})")
    assert best >= BAR * len(rows), exact
