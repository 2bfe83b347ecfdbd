"""The attention pipeline, checked by hand on small tensors."""

import pytest
import torch
import torch.nn.functional as F
from conftest import tiny_model

from models.net.gru import Attention
from models.net.gru import tanh as gru_tanh


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
    memory = model.encode(src, lens)
    keys, final = memory.keys, memory.final
    assert torch.equal(final[0], keys[0, 2]) and torch.equal(final[1], keys[1, 4])
    rec = model.record(src, lens, torch.tensor([[1, 4, 5], [1, 6, 7]]))
    assert rec.maps == () and not model.uses_attention
    for i in range(3):
        assert torch.equal(rec.readout["context"][:, i], final)


def test_padding_does_not_change_the_encoding():
    model = tiny_model("dot")
    short = model.encode(torch.tensor([[4, 5, 6]]), torch.tensor([3]))
    padded = model.encode(torch.tensor([[4, 5, 6, 0, 0, 0]]), torch.tensor([3]))
    assert torch.allclose(short.final, padded.final, atol=1e-6)
    assert torch.allclose(short.keys[0], padded.keys[0, :3], atol=1e-6)
    assert short.mask is None and padded.mask.tolist() == [[True] * 3 + [False] * 3]  # None: no row has padding
    # in a batch, each row is read up to its own end only: the encoder does not run over the padding
    batch = model.encode(torch.tensor([[4, 5, 6, 0, 0, 0], [4, 5, 6, 7, 8, 9]]), torch.tensor([3, 6]))
    assert torch.allclose(batch.final[0], short.final[0], atol=1e-6) and (batch.keys[0, 3:] == 0).all()
    assert torch.equal(batch.final[1], batch.keys[1, 5])  # h_S of the full row


def test_additive_tanh_is_tanh():
    """tanh(x) = 2 sigmoid(2x) - 1 (models/net/gru.py writes additive attention's tanh so: it is faster)."""
    x = torch.linspace(-20, 20, 100_001)
    assert torch.allclose(gru_tanh(x), torch.tanh(x), rtol=0, atol=3e-7)
    assert gru_tanh(torch.tensor([0.0])).item() == 0.0


def test_output_layer_is_tanh_fc_of_context_and_query():
    model = tiny_model("dot")
    src, lens = torch.tensor([[4, 5, 6, 7]]), torch.tensor([4])
    rec = model.record(src, lens, torch.tensor([[1]]))
    concat = torch.cat([rec.readout["context"][0, 0], rec.readout["query"][0, 0]])
    expected = model.out(torch.tanh(model.combine(concat)))
    assert torch.allclose(rec.logits[0, 0], expected, atol=1e-6)


def test_a_gru_with_attention_records_one_cross_map_of_one_layer_and_one_head():
    model = tiny_model("general")
    src, lens, tgt_in = torch.tensor([[4, 5, 6, 0], [7, 8, 9, 10]]), torch.tensor([3, 4]), torch.tensor([[1, 4, 5]] * 2)
    rec = model.record(src, lens, tgt_in)
    (cross,) = rec.maps
    assert (cross.site, cross.rows, cross.cols) == ("cross", "output", "source")
    assert cross.weights.shape == cross.scores.shape == (2, 1, 1, 3, 4)
    assert torch.equal(cross.queries[:, 0, 0], rec.readout["query"]) and torch.equal(cross.keys, cross.values)
    assert torch.allclose(cross.contexts[:, 0, 0], cross.weights[:, 0, 0] @ rec.readout["keys"], atol=1e-6)
    assert torch.equal(model(src, lens, tgt_in), rec.logits)  # forward and record are one pass


def test_bidirectional_final_state_and_padding():
    torch.manual_seed(0)
    from models.net.gru import ModelConfig, Seq2Seq

    model = Seq2Seq(ModelConfig("none", 20, 15, embed_size=6, hidden_size=8, bidirectional=True)).eval()
    src = torch.tensor([[4, 5, 6, 0, 0], [4, 5, 6, 7, 8]])
    memory = model.encode(src, torch.tensor([3, 5]))
    keys, final = memory.keys, memory.final
    assert keys.shape == (2, 5, 8) and final.shape == (2, 8)
    for b, n in ((0, 3), (1, 5)):
        assert torch.allclose(final[b, :4], keys[b, n - 1, :4])  # forward half: state after the last token
        assert torch.allclose(final[b, 4:], keys[b, 0, 4:])  # backward half: state after reading back to h_1
    alone = model.encode(torch.tensor([[4, 5, 6]]), torch.tensor([3]))
    assert torch.allclose(alone.keys[0], keys[0, :3], atol=1e-6) and torch.allclose(alone.final[0], final[0], atol=1e-6)
    assert (keys[0, 3:] == 0).all()  # no state in the padding


@pytest.mark.parametrize("kind", ["dot", "general", "additive"])
def test_the_memory_projects_the_keys_once_for_every_step(kind):
    model = tiny_model(kind)
    memory = model.encode(torch.tensor([[4, 5, 6]]), torch.tensor([3]))
    assert torch.equal(memory.projected, model.attention.project_keys(memory.keys))
    rows = torch.tensor([0, 0, 0])  # three beams of one sentence
    beams = memory.select(rows)
    assert beams.keys.shape == (3, 3, 8) and torch.equal(beams.projected[2], memory.projected[0])
