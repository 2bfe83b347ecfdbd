"""Unknown words by class (models/text/unknown.py): en-ko's source reads a word it lacks by its last sound's class,
so a model can pick the particle after a copied name (Tom은, Anna는, Lyon으로); en-fr's reads every one as <unk>."""

import pytest
from conftest import app

from models.tasks import get_task
from models.text.unknown import CONSONANT, RIEUL_FINAL, VOWEL
from models.text.vocab import SPECIALS, UNK_ID, Vocab

TEXTS = ["my friend lives in the city .", "she is happy ."]


def test_a_vocabulary_with_classes_reads_an_unknown_word_by_its_last_sound():
    vocab = Vocab.build(TEXTS, "word", unknown="latin-final")
    assert vocab.tokens[:7] == [*SPECIALS, VOWEL, RIEUL_FINAL, CONSONANT]
    ids = vocab.encode(["Tom", "Anna", "Paul", "Jack", "Mark", "1990", "friend", "<unk>"])
    assert vocab.decode(ids) == [CONSONANT, VOWEL, RIEUL_FINAL, CONSONANT, VOWEL, "<unk>", "friend", "<unk>"]
    # a class is not a word: not known, and its letters are not the vocabulary's characters
    assert not any(vocab.is_known(c) for c in (VOWEL, RIEUL_FINAL, CONSONANT))
    assert not vocab.knows_char("ㄹ") and not vocab.knows_char(":")
    assert vocab.is_known("friend")
    assert vocab.words[0] == "." and not set(vocab.words) & set(vocab.classes)  # no "did you mean <unk:ㄹ>"


def test_without_classes_every_unknown_word_is_unk_as_before():
    vocab = Vocab.build(TEXTS, "word")
    assert vocab.encode(["Tom", "Anna", "friend"])[:2] == [UNK_ID, UNK_ID]
    assert "unknown" not in vocab.to_json()


def test_the_classes_round_trip_through_json_and_are_checked():
    vocab = Vocab.build(TEXTS, "word", unknown="latin-final")
    again = Vocab.from_json(vocab.to_json())
    assert again.unknown == "latin-final" and again.encode(["Tom", "Anna"]) == vocab.encode(["Tom", "Anna"])
    with pytest.raises(ValueError, match="must hold"):
        Vocab([*SPECIALS, "a"], "word", unknown="latin-final")
    with pytest.raises(ValueError, match="unknown kind"):
        Vocab([*SPECIALS, "a"], "word", unknown="soundex")
    with pytest.raises(ValueError, match="'unknown' must be a string"):
        Vocab.from_json({"tokenization": "word", "tokens": SPECIALS, "unknown": 3})


def test_en_ko_reads_unknown_words_by_class_and_en_fr_does_not():
    assert get_task("en-ko").source_unknown == "latin-final"
    assert get_task("en-fr").source_unknown is None


@pytest.mark.slow  # the shipped en-ko pack through AppTest
def test_the_translate_page_says_how_en_ko_reads_a_name_it_never_saw():
    at = app("Where is Tom?", pack="en-ko", models="none,transformer").run()
    at.switch_page("pages/translate.py").run()
    assert not at.exception, [e.message for e in at.exception]
    warnings = "\n".join(w.value for w in at.warning).replace("\\", "")
    assert "'Tom' → <unk:consonant>" in warnings
    assert "by its last sound" in "\n".join(e.value for e in at.info)
    assert any(c.value.startswith("Tom은 ") for c in at.code), [c.value for c in at.code]  # the particle fits
