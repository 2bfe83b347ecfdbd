"""Subword tokenization (models/text/subword.py): exact round trip, a plain JSON file beside the pack, whole-word
attention that still sums to 1 per row."""

import json

import numpy as np
import pytest

from models.text.subword import SUBWORD_KINDS, Subword, group_labels, merge_weights, train_subword, word_groups
from models.text.vocab import SUBWORD, UNK_ID, Vocab, load_vocabs, save_vocabs

TEXTS = [
    "The house is big, and the houses are small.",
    "La maison est grande ; les maisons sont petites !",
    "Yahweh, how my adversaries have increased!",
    "¿Dónde está la estación? Está aquí, a 200 metros.",
    "Il m'a dit « bonjour » — puis il est parti.",
] * 30
# Unseen sentences of seen characters (a character BPE never saw becomes <unk>; see the unigram test below)
HELD_OUT = ["The big houses are here!", "Les petites maisons, sont elles ici ?", "Dónde está mi casa, Yahweh?"]


@pytest.mark.parametrize("kind", SUBWORD_KINDS)
def test_pieces_back_to_text_is_exact(kind):
    sw = train_subword(TEXTS, 120, kind)
    for text in TEXTS[:5] + HELD_OUT:
        pieces = sw.tokens(text)
        assert len(pieces) > len(text.split())  # words really are split into pieces at this vocabulary size
        assert sw.detokenize(pieces) == text
    assert sw.tokens("la maison")[0].startswith("▁")


def test_unigram_keeps_unseen_characters_in_the_text_and_the_vocabulary_marks_them_unknown():
    sw = train_subword(TEXTS, 120, "unigram")
    vocab = Vocab.build(TEXTS, SUBWORD, subword=sw)
    pieces = vocab.tokenize("La maison Ωμέγα")
    assert vocab.detokenize(pieces) == "La maison Ωμέγα"
    assert UNK_ID in vocab.encode(pieces) and UNK_ID not in vocab.encode(vocab.tokenize("La maison"))


def test_lowercasing_is_an_option():
    sw = train_subword(TEXTS, 120, "unigram", lowercase=True)
    assert sw.lowercase and not train_subword(TEXTS, 120, "unigram").lowercase
    assert sw.detokenize(sw.tokens("The HOUSE")) == "the house"


def test_training_is_deterministic_and_checks_its_options():
    a, b = train_subword(TEXTS, 120, "unigram"), train_subword(TEXTS, 120, "unigram")
    assert a.to_json() == b.to_json()
    with pytest.raises(ValueError, match="unknown subword model"):
        train_subword(TEXTS, 120, "wordpiece")
    with pytest.raises(ValueError, match="too small"):
        train_subword(TEXTS, 10)


def test_the_tokenizer_is_a_plain_json_file_beside_the_model_folders(tmp_path):
    sw = train_subword(TEXTS, 120, "unigram")
    src = Vocab.build(TEXTS, SUBWORD, subword=sw)
    tgt = Vocab.build(["0123456789"], "char")
    (tmp_path / "dot").mkdir()
    save_vocabs(tmp_path / "dot" / "vocab.json", src, tgt)
    file = tmp_path / "tokenizer-source.json"
    assert json.loads(file.read_text("utf-8"))["pre_tokenizer"]["type"] == "Metaspace"
    assert not (tmp_path / "tokenizer-target.json").exists()
    src2, tgt2 = load_vocabs(tmp_path / "dot" / "vocab.json")
    assert src2.tokens == src.tokens and src2.tokenize(HELD_OUT[1]) == src.tokenize(HELD_OUT[1])
    assert tgt2.subword is None and tgt2.tokens == tgt.tokens
    file.write_text('{"not": "a tokenizer"}', "utf-8")
    with pytest.raises(ValueError, match=r"tokenizer-source\.json"):
        load_vocabs(tmp_path / "dot" / "vocab.json")
    file.unlink()
    with pytest.raises(ValueError, match="file is missing"):
        load_vocabs(tmp_path / "dot" / "vocab.json")
    with pytest.raises(ValueError, match="Metaspace"):
        Subword.from_json(json.dumps({**json.loads(sw.to_json()), "pre_tokenizer": None}))


def test_word_groups_follow_the_word_marks():
    pieces = ["▁la", "▁mai", "son", "▁est", "▁grand", "e", ".", "<eos>"]
    groups = word_groups(pieces)
    assert groups == [[0], [1, 2], [3], [4, 5, 6], [7]]
    assert group_labels(pieces, groups) == ["la", "maison", "est", "grande.", "<eos>"]
    assert word_groups(["▁", "<unk>", "<unk>", "▁a"]) == [[0, 1, 2], [3]]  # BPE's unknown characters stay in their word


def test_merged_heatmap_rows_still_sum_to_one():
    rng = np.random.default_rng(0)
    src = ["▁the", "▁hou", "se", "▁is", "▁bi", "g", "."]
    out = ["▁la", "▁mai", "son", "▁est", "▁grand", "e", ".", "<eos>"]
    scores = rng.normal(size=(len(out), len(src)))
    weights = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    sg, og = word_groups(src), word_groups(out)
    merged = merge_weights(weights, sg, og)
    assert merged.shape == (len(og), len(sg)) == (5, 4)
    np.testing.assert_allclose(merged.sum(axis=1), 1.0, rtol=1e-12)
    # source side: a word's weight is its pieces' sum; output side: the mean of its pieces' rows
    assert merged[0, 1] == pytest.approx(weights[0, 1] + weights[0, 2])
    assert merged[1, 0] == pytest.approx((weights[1, 0] + weights[2, 0]) / 2)
