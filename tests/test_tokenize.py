from hypothesis import given
from hypothesis import strategies as st

from models.text.tokenize import char_tokens, normalize, word_detok, word_tokens
from models.text.vocab import Vocab


def test_word_tokens_keep_elision_and_split_punctuation():
    assert word_tokens("L'homme mange du pain, et moi.") == [
        "L'",
        "homme",
        "mange",
        "du",
        "pain",
        ",",
        "et",
        "moi",
        ".",
    ]
    assert word_detok(word_tokens("l'homme mange du pain, et moi.")) == "l'homme mange du pain, et moi."
    assert word_tokens("백이십") == ["백", "이", "십"]


def test_char_tokens_collapse_whitespace():
    assert char_tokens("  3  mars\t2019 ") == list("3 mars 2019")


@given(st.text())
def test_normalize_never_crashes_and_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once
    once.encode("utf-8")  # lone surrogates were replaced


@given(st.text())
def test_vocab_encodes_any_text(text):
    v = Vocab.build(["abc"], "char")
    ids = v.encode(v.tokenize(text))
    assert all(0 <= i < len(v) for i in ids)
