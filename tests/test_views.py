"""models/net/views.py: value-weighted attention splits the attention block's output, rollout's one-layer identity,
and switching heads off is the model whose W_O columns for those heads are zero."""

import copy

import pytest
import torch

from models.net.gru import ModelConfig
from models.net.registry import build
from models.net.transformer import GPTConfig, TransformerConfig
from models.net.views import all_heads, attention_modules, head_sum, heads_off, rollout, value_weighted

SRC, TGT = 11, 9


def stack(kind, layers=2, heads=4, seed=0):
    config = (TransformerConfig if kind == "transformer" else GPTConfig)(
        SRC, TGT, d_model=16, n_heads=heads, n_layers=layers, d_ff=32, dropout=0.0, max_output_len=8
    )
    torch.manual_seed(seed)
    return build(config).eval()


def batch():
    """Two sentences, the second padded: src (2, 6), lengths, and decoder inputs <sos> y_1 ... (2, 4)."""
    g = torch.Generator().manual_seed(1)
    src = torch.randint(4, SRC, (2, 6), generator=g)
    src[1, 4:] = 0
    return src, torch.tensor([6, 4]), torch.cat([torch.ones(2, 1, dtype=torch.long), torch.randint(4, TGT, (2, 3))], 1)


def block_outputs(model, modules):
    """Run a recorded pass and keep what each MultiHeadAttention returned (its output, before the residual)."""
    seen = {}
    hooks = [m.register_forward_hook(lambda mod, args, out, i=i: seen.__setitem__(i, out[0])) for i, m in modules]
    try:
        rec = model.record(*batch())
    finally:
        for h in hooks:
            h.remove()
    return rec, seen


SITES = [("transformer", "encoder_self"), ("transformer", "decoder_self"), ("transformer", "cross"), ("gpt", "causal")]


@pytest.mark.parametrize(("kind", "site"), SITES)
def test_value_weighted_heads_sum_to_the_attention_blocks_output(kind, site):
    model = stack(kind)
    modules = attention_modules(model, site)
    rec, seen = block_outputs(model, list(enumerate(modules)))
    m = rec.map(site)
    src_lens = torch.tensor([6, 4])
    for layer in range(len(modules)):
        got, want = head_sum(model, m, layer), seen[layer]
        if site == "encoder_self":  # padding queries read no key of theirs the same way: compare the real rows
            for b, n in enumerate(src_lens):
                assert torch.allclose(got[b, :n], want[b, :n], atol=1e-5)
        else:
            assert torch.allclose(got, want, atol=1e-5)
    vw = value_weighted(model, m)
    assert vw.shape == m.weights.shape and (vw >= 0).all() and ((vw > 0) == (m.weights > 0)).all()


@pytest.fixture
def tiny_gru():
    torch.manual_seed(0)
    return build(ModelConfig("dot", SRC, TGT, embed_size=8, hidden_size=12)).eval()


def test_a_grus_value_weighted_reading_splits_its_context(tiny_gru):
    rec = tiny_gru.record(*batch())
    m = rec.map("cross")
    assert torch.allclose(head_sum(tiny_gru, m, 0), rec.readout["context"], atol=1e-5)
    assert torch.allclose(
        value_weighted(tiny_gru, m)[:, 0, 0], m.weights[:, 0, 0] * rec.readout["keys"].norm(dim=-1)[:, None], atol=1e-6
    )


@pytest.mark.parametrize("kind", ["transformer", "gpt"])
def test_the_rollout_of_one_layer_is_half_the_mean_map_plus_the_identity(kind):
    model = stack(kind, layers=1)
    src, lens, tgt_in = batch()
    rec = model.record(src[:1], lens[:1], tgt_in[:1])
    site = "encoder_self" if kind == "transformer" else "causal"
    A = rec.map(site).weights[:, 0].mean(dim=1)  # (1, N, N)
    R = rollout(rec, site)
    assert torch.allclose(R, 0.5 * (A + torch.eye(A.size(-1))), atol=1e-6)
    assert torch.allclose(R.sum(-1), torch.ones(R.shape[:-1]), atol=1e-6)


@pytest.mark.parametrize("kind", ["transformer", "gpt"])
def test_a_deep_rollout_keeps_rows_that_sum_to_one_and_output_rows_point_at_the_source(kind):
    model = stack(kind, layers=3)
    rec = model.record(*batch())
    R = rollout(rec, "cross")
    T, S = rec.map("cross").weights.shape[-2:]
    assert R.shape == (2, T, S) and (R >= 0).all()
    if kind == "transformer":  # cross rows sum to 1, the encoder's rollout is row-stochastic
        assert torch.allclose(R.sum(-1), torch.ones(2, T), atol=1e-5)
        assert R[1, :, 4:].abs().max() == 0  # the padded sentence's padding gets nothing
    else:  # the share of each output row that reached the source: at most 1
        assert (R.sum(-1) <= 1 + 1e-6).all()
    assert rollout(rec, "decoder_self") is None


def first_steps(model, off, steps=3):
    """The logits of the first greedy steps (the KV-cache path decoding takes), with these heads off."""
    src, lens, _ = batch()
    with heads_off(model, off):
        memory = model.encode(src, lens)
        state, prev, out = model.start(memory), torch.ones(2, dtype=torch.long), []
        for _ in range(steps):
            logits, state = model.step(prev, state, memory)
            out.append(logits)
            prev = logits.argmax(-1)
    return torch.stack(out, 1)


@pytest.mark.parametrize("kind", ["transformer", "gpt"])
def test_no_head_off_changes_nothing_and_a_head_off_is_its_w_o_columns_at_zero(kind):
    model = stack(kind)
    src, lens, tgt_in = batch()
    own = model(src, lens, tgt_in)
    with heads_off(model, []):
        assert torch.equal(model(src, lens, tgt_in), own)
    heads = all_heads(model)
    assert len(heads) == (3 if kind == "transformer" else 1) * 2 * 4 and len(set(heads)) == len(heads)
    off = [heads[1], heads[-1]]  # two heads, in different layers (and sites, for the Transformer)
    zeroed = copy.deepcopy(model)
    for site, layer, head in off:
        with torch.no_grad():
            attention_modules(zeroed, site)[layer].W_O.weight[:, head * 4 : (head + 1) * 4] = 0.0
    with heads_off(model, off):
        switched = model(src, lens, tgt_in)
        traced = model.record(src, lens, tgt_in)
    assert torch.allclose(switched, zeroed(src, lens, tgt_in), atol=1e-5)
    assert torch.allclose(first_steps(model, off), first_steps(zeroed, []), atol=1e-5)  # decoding's path too
    assert not torch.allclose(switched, own, atol=1e-3)
    site, layer, head = off[-1]
    assert traced.map(site).contexts[:, layer, head].abs().max() == 0  # the trace shows the silent head
    assert torch.equal(model(src, lens, tgt_in), own)  # outside the block the model is its own again


def test_a_head_that_is_not_there_is_named():
    model = stack("transformer")
    with pytest.raises(ValueError, match="no head 4 in layer 0"), heads_off(model, [("cross", 0, 4)]):
        pass
    with pytest.raises(ValueError, match="no heads to switch off"), heads_off(model, [("causal", 0, 0)]):
        pass
