"""The sentences people actually type: 238 everyday sentences written by hand (not by the grammar), with French
references checked by hand, through the shipped en-fr pack exactly as the app reads them."""

import csv
from pathlib import Path

import pytest

from models.decoding import translate
from models.pack import load_pack, pretrained_root

DATA = Path(__file__).resolve().parent / "data" / "everyday_enfr.tsv"
ATTENTION = ("dot", "general", "additive")


def everyday() -> list[tuple[str, str]]:
    with DATA.open(encoding="utf-8", newline="") as f:
        return [(r["en"], r["fr"]) for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)]


@pytest.fixture(scope="module")
def pack():
    return load_pack(pretrained_root() / "en-fr")


@pytest.fixture(scope="module")
def outputs(pack):
    """Each model's output for each sentence, as the app decodes it (normalized input, greedy)."""
    out = {}
    for name, lm in pack.models.items():
        out[name] = [translate(lm.model, lm.src_vocab, lm.tgt_vocab, pack.read(en).text).text for en, _ in everyday()]
    return out


def test_the_set_is_hand_written_everyday_english():
    pairs = everyday()
    assert len(pairs) >= 100
    assert len({en for en, _ in pairs}) == len(pairs)
    lengths = [len(en.split()) for en, _ in pairs]
    assert min(lengths) >= 3 and max(lengths) <= 25
    # people type capitals, contractions and no final full stop: some lines do
    assert any(en[0].isupper() and not en.startswith(("I ", "I'")) for en, _ in pairs)
    assert any("'" in en for en, _ in pairs)
    assert any(en[-1] not in ".?!" for en, _ in pairs)


def test_almost_every_sentence_has_only_known_words_after_normalization(pack):
    vocab = pack.models["dot"].src_vocab
    unknown = [en for en, _ in everyday() if any(not vocab.is_known(t) for t in vocab.tokenize(pack.read(en).text))]
    assert len(unknown) <= 0.05 * len(everyday()), unknown


def test_the_best_attention_model_translates_at_least_90_percent_exactly(outputs):
    refs = [fr for _, fr in everyday()]
    exact = {m: sum(o == r for o, r in zip(outputs[m], refs, strict=True)) / len(refs) for m in ATTENTION}
    assert max(exact.values()) >= 0.90, exact
