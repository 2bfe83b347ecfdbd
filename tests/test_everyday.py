"""The sentences people actually type: 243 everyday sentences written by hand (not by the grammar), with French
references checked by hand, through the shipped en-fr pack exactly as the app reads them."""

from pathlib import Path

import pytest
from conftest import app_outputs, read_everyday

from models.packs.pack import load_pack, pretrained_root

pytestmark = pytest.mark.slow  # decodes every sentence with every model of the long pack

DATA = Path(__file__).resolve().parent / "data" / "everyday_enfr.tsv"
ATTENTION = ("dot", "general", "additive", "transformer", "gpt")


def everyday() -> list[tuple[str, str]]:
    return read_everyday(DATA, "fr")


@pytest.fixture(scope="module")
def pack():
    return load_pack(pretrained_root() / "en-fr")


@pytest.fixture(scope="module")
def outputs(pack):
    """Each model's output for each sentence, as the app decodes it (normalized input, greedy)."""
    return app_outputs(pack, [en for en, _ in everyday()])


def test_the_set_is_hand_written_everyday_english():
    pairs = everyday()
    assert len(pairs) >= 100
    assert len({en for en, _ in pairs}) == len(pairs)
    lengths = [len(en.split()) + en.count("'") for en, _ in pairs]  # "I'm" is two words, as the models read it
    assert min(lengths) >= 3 and max(lengths) <= 25
    # people type capitals, contractions and no final full stop: some lines do
    assert any(en[0].isupper() and not en.startswith(("I ", "I'")) for en, _ in pairs)
    assert any("'" in en for en, _ in pairs)
    assert any(en[-1] not in ".?!" for en, _ in pairs)


def test_almost_every_sentence_has_only_known_words_after_normalization(pack):
    vocab = pack.models["dot"].src_vocab
    unknown = [en for en, _ in everyday() if any(not vocab.is_known(t) for t in vocab.tokenize(pack.read(en).text))]
    assert len(unknown) <= 0.05 * len(everyday()), unknown


# The everyday-English issue's bar was >= 90 % exactly for the best attention model; the any-sentence issue raised it
# to >= 95 % (old and new sets). The shipped models (the any-sentence grammar, copy heads): gpt 237 of 243 (97.5 %),
# transformer 235 (96.7 %), dot 222 (91.4 %), general 221, additive 214, none 118 (48.6 %). The previous pack's
# guided GRUs: dot 220 (90.5 %), general 218, additive 217, none 165.
EXACT_FLOOR = 0.95


def test_the_best_attention_model_translates_nearly_all_exactly(outputs):
    refs = [fr for _, fr in everyday()]
    exact = {m: sum(o == r for o, r in zip(outputs[m], refs, strict=True)) / len(refs) for m in ATTENTION}
    assert max(exact.values()) >= EXACT_FLOOR, exact
    # attention is what makes everyday sentences work: the model without it is far behind (25 points today)
    none = sum(o == r for o, r in zip(outputs["none"], refs, strict=True)) / len(refs)
    assert max(exact.values()) - none >= 0.20, (none, exact)
