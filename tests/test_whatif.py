"""What-if attention (models/net/whatif.py): each experiment uses exactly the weights it says it uses."""

import json

import numpy as np
import pytest
from conftest import decode

from explorer.whatif_figures import whatif_heatmap
from models.net.decoding import InputError, translate
from models.net.whatif import changed_tokens, gold_rows, whatif_decode
from models.packs.pack import PRETRAINED, load_pack

SENTENCE = "Sunday, March 3, 2019"


@pytest.fixture(scope="module")
def enfr_pack():
    return load_pack(PRETRAINED / "en-fr")


def _gold_example(pack):
    """A short en-fr test sentence with a gold alignment, and its links."""
    return next(e for e in pack.test if e.meta.get("alignment") and 6 <= e.src_len <= 12)


@pytest.mark.parametrize("name", ["dot", "general", "additive"])
def test_own_attention_is_plain_greedy_decoding(dates_pack, name):
    m = dates_pack.models[name]
    own = whatif_decode(m.model, m.src_vocab, m.tgt_vocab, SENTENCE, "own")
    plain = translate(m.model, m.src_vocab, m.tgt_vocab, SENTENCE)
    assert own.trace.output_tokens == plain.output_tokens and not own.forced.any()
    assert np.array_equal(own.trace.cross.weights, plain.cross.weights)
    assert np.array_equal(own.trace.vector("context"), plain.vector("context"))


def test_uniform_weights_give_the_mean_of_the_keys(dates_pack):
    m = dates_pack.models["dot"]
    tr = whatif_decode(m.model, m.src_vocab, m.tgt_vocab, SENTENCE, "uniform").trace
    S = len(tr.source_tokens)
    assert np.allclose(tr.slice().weights, 1 / S)
    assert np.allclose(tr.vector("context"), tr.vector("keys").mean(0), atol=1e-6)


@pytest.mark.parametrize("masked", [0, 5, 20])
def test_a_masked_word_gets_weight_zero_in_every_row(dates_pack, masked):
    m = dates_pack.models["additive"]
    result = whatif_decode(m.model, m.src_vocab, m.tgt_vocab, SENTENCE, "mask", masked=masked)
    w = result.trace.slice().weights
    assert (w[:, masked] == 0).all() and np.allclose(w.sum(1), 1) and result.forced.all()
    z = decode(json.loads(whatif_heatmap(result).to_json())["data"][0]["z"])
    assert (z[:, masked] == 0).all()


def test_frozen_context_repeats_the_first_step(dates_pack):
    m = dates_pack.models["general"]
    tr = whatif_decode(m.model, m.src_vocab, m.tgt_vocab, SENTENCE, "frozen").trace
    w = tr.slice().weights
    assert np.array_equal(w, np.broadcast_to(w[0], w.shape))
    assert np.allclose(tr.vector("context"), tr.vector("context")[0], atol=1e-6)


def test_gold_weights_reproduce_the_gold_alignment_in_the_heatmap(enfr_pack):
    example = _gold_example(enfr_pack)
    links = example.meta["alignment"]
    m = enfr_pack.models["dot"]
    result = whatif_decode(m.model, m.src_vocab, m.tgt_vocab, example.source, "gold", gold=links)
    z = decode(json.loads(whatif_heatmap(result).to_json())["data"][0]["z"])
    S = len(result.trace.source_tokens)
    expected = gold_rows(links, S)
    assert expected and set(expected) <= set(range(len(z)))
    for i, row in expected.items():
        assert np.allclose(z[i], row, atol=1e-6)  # exactly the gold links, spread evenly
        assert {j for j in range(S) if z[i, j] > 0} == {j for j, t in links if t == i}
    assert result.forced.tolist() == [i in expected for i in range(len(z))]


def test_experiments_need_what_they_replace(dates_pack):
    m = dates_pack.models["dot"]
    with pytest.raises(InputError):
        whatif_decode(m.model, m.src_vocab, m.tgt_vocab, SENTENCE, "gold", gold=None)
    for masked in (None, -1, 21, 10**9):
        with pytest.raises(InputError):
            whatif_decode(m.model, m.src_vocab, m.tgt_vocab, SENTENCE, "mask", masked=masked)
    with pytest.raises(InputError):
        whatif_decode(m.model, m.src_vocab, m.tgt_vocab, "7", "mask", masked=0)  # the only word
    with pytest.raises(InputError):
        whatif_decode(m.model, m.src_vocab, m.tgt_vocab, "  ", "uniform")
    with pytest.raises(ValueError):
        whatif_decode(m.model, m.src_vocab, m.tgt_vocab, SENTENCE, "sideways")
    n = dates_pack.models["none"]
    with pytest.raises(ValueError):
        whatif_decode(n.model, n.src_vocab, n.tgt_vocab, SENTENCE, "uniform")


def test_changed_tokens_marks_insertions_not_everything_after_them():
    assert changed_tokens(list("abcd"), list("abXcd")) == [False, False, True, False, False]
    assert changed_tokens(list("abcd"), list("abcd")) == [False] * 4
    assert changed_tokens([], list("ab")) == [True, True]
