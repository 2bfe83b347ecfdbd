"""The attention pipeline, checked by hand on small tensors."""

import pytest
import torch
import torch.nn.functional as F
from conftest import tiny_model

from models.net.gru import Attention


def _batch(B=3, T=4, S=5, H=8, lens=(5, 3, 1)):
    torch.manual_seed(1)
    query, keys = torch.randn(B, T, H), torch.randn(B, S, H)
    mask = torch.arange(S).unsqueeze(0) < torch.tensor(lens).unsqueeze(1)
    return query, keys, mask


@pytest.mark.parametrize("kind", ["dot", "general", "additive"])
def test_weights_sum_to_one_over_real_tokens_and_padding_gets_zero(kind):
    query, keys, mask = _batch()
    torch.manual_seed(0)
    _, weights, _ = Attention(kind, 8)(query, keys, mask)
    assert torch.allclose(weights.sum(-1), torch.ones(3, 4), atol=1e-6)
    assert (weights.masked_select(~mask.unsqueeze(1).expand_as(weights)) == 0).all()
    assert torch.all(weights[2, :, 0] == 1.0)  # one real token takes all the weight


@pytest.mark.parametrize("kind", ["dot", "general", "additive"])
def test_context_is_weights_times_values(kind):
    query, keys, mask = _batch()
    _, weights, context = Attention(kind, 8)(query, keys, mask)
    for b in range(3):
        for i in range(4):
            manual = sum(weights[b, i, j] * keys[b, j] for j in range(5))  # a_i = sum_j c_ij h_j
            assert torch.allclose(context[b, i], manual, atol=1e-6)


def test_dot_scores_are_query_dot_key():
    query, keys, mask = _batch()
    scores, weights, _ = Attention("dot", 8)(query, keys, mask)
    for b in range(3):
        for i in range(4):
            for j in range(5):
                assert scores[b, i, j].item() == pytest.approx(float(query[b, i] @ keys[b, j]), abs=1e-5)
    # softmax over the real tokens only
    assert torch.allclose(weights[1, 2, :3], F.softmax(scores[1, 2, :3], -1), atol=1e-6)


@torch.no_grad()
def test_general_and_additive_follow_their_formulas():
    query, keys, _ = _batch()
    general = Attention("general", 8)
    s, h = query[0, 1], keys[0, 2]
    assert general.scores(query, keys)[0, 1, 2].item() == pytest.approx(float(s @ (general.W.weight @ h)), abs=1e-5)
    additive = Attention("additive", 8)
    expected = additive.v.weight[0] @ torch.tanh(additive.W.weight @ s + additive.U.weight @ h)
    assert additive.scores(query, keys)[0, 1, 2].item() == pytest.approx(float(expected), abs=1e-5)


def test_none_model_feeds_the_same_final_state_to_every_step():
    model = tiny_model("none")
    src = torch.tensor([[4, 5, 6, 0, 0], [4, 5, 6, 7, 8]])
    lens = torch.tensor([3, 5])
    keys, final, mask = model.encode(src, lens)
    assert torch.equal(final[0], keys[0, 2]) and torch.equal(final[1], keys[1, 4])
    step = model.decode_steps(torch.tensor([[1, 4, 5], [1, 6, 7]]), final.unsqueeze(0), keys, final, mask)
    assert step["weights"] is None
    for i in range(3):
        assert torch.equal(step["contexts"][:, i], final)


def test_padding_does_not_change_the_encoding():
    model = tiny_model("dot")
    short = model.encode(torch.tensor([[4, 5, 6]]), torch.tensor([3]))
    padded = model.encode(torch.tensor([[4, 5, 6, 0, 0, 0]]), torch.tensor([3]))
    assert torch.allclose(short[1], padded[1], atol=1e-6)
    assert torch.allclose(short[0][0], padded[0][0, :3], atol=1e-6)


def test_output_layer_is_tanh_fc_of_context_and_query():
    model = tiny_model("dot")
    src, lens = torch.tensor([[4, 5, 6, 7]]), torch.tensor([4])
    keys, final, mask = model.encode(src, lens)
    step = model.decode_steps(torch.tensor([[1]]), final.unsqueeze(0), keys, final, mask)
    concat = torch.cat([step["contexts"][0, 0], step["queries"][0, 0]])
    expected = model.out(torch.tanh(model.combine(concat)))
    assert torch.allclose(step["logits"][0, 0], expected, atol=1e-6)


def test_bidirectional_final_state_and_padding():
    torch.manual_seed(0)
    from models.net.gru import ModelConfig, Seq2Seq

    model = Seq2Seq(ModelConfig("none", 20, 15, embed_size=6, hidden_size=8, bidirectional=True)).eval()
    src = torch.tensor([[4, 5, 6, 0, 0], [4, 5, 6, 7, 8]])
    keys, final, _ = model.encode(src, torch.tensor([3, 5]))
    assert keys.shape == (2, 5, 8) and final.shape == (2, 8)
    for b, n in ((0, 3), (1, 5)):
        assert torch.allclose(final[b, :4], keys[b, n - 1, :4])  # forward half: state after the last token
        assert torch.allclose(final[b, 4:], keys[b, 0, 4:])  # backward half: state after reading back to h_1
    alone = model.encode(torch.tensor([[4, 5, 6]]), torch.tensor([3]))
    assert torch.allclose(alone[0][0], keys[0, :3], atol=1e-6) and torch.allclose(alone[1][0], final[0], atol=1e-6)
    assert (keys[0, 3:] == 0).all()  # no state in the padding


@pytest.mark.parametrize("kind", ["dot", "general", "additive"])
def test_step_computes_the_projected_keys_when_not_given(kind):
    model = tiny_model(kind)
    src, lens = torch.tensor([[4, 5, 6]]), torch.tensor([3])
    keys, final, mask = model.encode(src, lens)
    prev = torch.tensor([1])
    given = model.step(prev, final, keys, final, mask, model.attention.project_keys(keys))
    computed = model.step(prev, final, keys, final, mask)  # projected=None used to crash
    for a, b in zip(given, computed, strict=True):
        assert torch.equal(a, b)
