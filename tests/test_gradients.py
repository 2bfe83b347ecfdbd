"""Gradients of log p(y_i) with respect to the source embeddings (models/net/gradients.py)."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from models.net.gradients import Sweep, gradient_vectors, length_sweep, sentence_gradients
from models.net.gru import ATTENTION_KINDS, ModelConfig, Seq2Seq
from models.text.vocab import SOS_ID


def small_model(attention: str, bidirectional: bool, seed: int = 0) -> Seq2Seq:
    torch.manual_seed(seed)
    cfg = ModelConfig(attention, 20, 15, embed_size=5, hidden_size=6, bidirectional=bidirectional)
    return Seq2Seq(cfg).eval()


KINDS = [(kind, bi) for kind in ATTENTION_KINDS for bi in (False, True)]


@pytest.mark.parametrize(("kind", "bi"), KINDS)
def test_encoding_given_embeddings_is_encode(kind, bi):
    model = small_model(kind, bi)
    src, lens = torch.tensor([[4, 5, 6, 7], [8, 9, 0, 0]]), torch.tensor([4, 2])
    with torch.no_grad():
        expected = model.encode(src, lens)
        got = model.encode(src, lens, embedded=model.src_embed(src))
    assert torch.equal(expected.keys, got.keys) and torch.equal(expected.final, got.final)


@pytest.mark.parametrize(("kind", "bi"), KINDS)
def test_one_step_per_row_matches_the_whole_pass(kind, bi):
    model = small_model(kind, bi)
    src, lens = torch.tensor([[4, 5, 6, 7], [8, 9, 10, 0]]), torch.tensor([4, 3])
    prev = torch.tensor([[SOS_ID, 5, 6, 7, 8], [SOS_ID, 9, 10, 11, 12]])
    with torch.no_grad():
        full = model(src, lens, prev)  # (2, 5, V)
        for step in range(5):
            steps = torch.tensor([step, 4 - step])
            got = model(src, lens, prev, at_steps=steps)
            assert torch.allclose(got, full[torch.arange(2), steps], atol=1e-6)


@pytest.mark.parametrize("family", ["transformer", "gpt"])
@pytest.mark.parametrize("copy", [False, True])
def test_one_step_per_row_matches_the_whole_pass_for_the_stacks(family, copy):
    """The stacks project (and copy) only the scored step of each row: the same logits as the whole pass's."""
    from models.net.registry import build
    from models.net.transformer import GPTConfig, TransformerConfig

    cls = TransformerConfig if family == "transformer" else GPTConfig
    torch.manual_seed(0)
    model = build(cls(20, 15, d_model=16, n_heads=2, n_layers=2, d_ff=32, dropout=0.0, copy=copy)).eval()
    src, lens = torch.tensor([[4, 5, 6, 7], [8, 3, 10, 0]]), torch.tensor([4, 3])  # 3 is <unk>: copy extends
    prev = torch.tensor([[SOS_ID, 5, 6, 7, 8], [SOS_ID, 9, 10, 11, 12]])
    with torch.no_grad():
        full = model(src, lens, prev)  # (2, 5, V) or (2, 5, V + n_ext)
        for step in range(5):
            steps = torch.tensor([step, 4 - step])
            got = model(src, lens, prev, at_steps=steps)
            assert got.shape == (2, full.size(-1))
            assert torch.allclose(got, full[torch.arange(2), steps], atol=1e-6)


def _log_p(model, ids, out, embedded, step):
    """log p(y_step) by the plain teacher-forced pass, for finite differences."""
    src = torch.tensor([ids])
    prev = torch.tensor([[SOS_ID, *out[:-1]]])
    logits = model(src, torch.tensor([len(ids)]), prev, embedded=embedded.unsqueeze(0))[0, step]
    return F.log_softmax(logits, -1)[out[step]].item()


@pytest.mark.parametrize(("kind", "bi"), KINDS)
def test_gradient_matches_finite_differences(kind, bi):
    model = small_model(kind, bi, seed=3).double()
    ids, out = [4, 11, 6, 17, 9], [5, 9, 12, 2]
    other = ([7, 8], [3, 4, 6, 2, 2, 9])  # batched with a sentence of other lengths: no leaking between rows
    (grad, _) = gradient_vectors(model, [(ids, out), other])
    assert grad.shape == (len(out), len(ids), 5)
    base = model.src_embed.weight[torch.tensor(ids)].detach().clone()
    eps = 1e-6
    directions = torch.randn(len(out), len(ids), base.size(1), generator=torch.Generator().manual_seed(0)).double()
    with torch.no_grad():
        for step in range(len(out)):
            for j in range(len(ids)):  # the derivative along a random direction of word j's embedding
                v = torch.zeros_like(base)
                v[j] = directions[step, j]
                up = _log_p(model, ids, out, base + eps * v, step)
                down = _log_p(model, ids, out, base - eps * v, step)
                fd = (up - down) / (2 * eps)
                assert fd == pytest.approx((grad[step, j] @ directions[step, j]).item(), rel=1e-6, abs=1e-8)
    # A later step cannot send signal back through a decoder input it has not read, but every source word is read.
    assert (grad.norm(dim=-1) > 0).all()


def test_sentence_gradients_on_a_shipped_model(dates_pack):
    for name, m in dates_pack.models.items():
        g = sentence_gradients(m.model, m.src_vocab, m.tgt_vocab, "Sunday, March 3, 2019")
        assert g.model == name
        assert g.norms.shape == (len(g.output_tokens), len(g.source_tokens)) == (11, 21)
        assert "".join(g.output_tokens[:-1]) == "2019-03-03" and g.output_tokens[-1] == "<eos>"
        assert np.isfinite(g.norms).all() and (g.norms >= 0).all()
        assert np.allclose(g.per_source, g.norms.sum(0))


def test_sweep_profiles_and_ratio():
    sweep = Sweep("none", [2, 3, 5], [np.array([1.0, 2.0]), np.array([1.0, 1.0, 4.0]), np.ones(5)])
    assert sweep.first_last_ratio(2, 3) == pytest.approx(1.0 / 3.0)
    assert np.isnan(sweep.first_last_ratio(6, 9))
    d = sweep.by_distance(2, 3)  # distance from the last word: d = 0 averages 2 and 4
    assert d.tolist() == [3.0, 1.0, 1.0]


@pytest.mark.parametrize("steps", [None, 4])
def test_length_sweep_is_the_sentence_gradient_batched(dates_pack, steps):
    m = dates_pack.models["dot"]
    examples = dates_pack.test[:12]
    sweep = length_sweep(m.model, m.src_vocab, examples, steps=steps, rows_per_batch=40)  # several batches
    assert len(sweep.profiles) == 12
    by_length = sorted(examples, key=lambda e: len(m.src_vocab.tokenize(e.source)))
    for profile, example in zip(sweep.profiles, by_length, strict=True):
        single = sentence_gradients(m.model, m.src_vocab, m.tgt_vocab, example.source).norms  # (T, S)
        T = len(single)
        chosen = list(range(T)) if steps is None else sorted({round(x) for x in np.linspace(0, T - 1, steps)})
        assert chosen[0] == 0 and chosen[-1] == T - 1
        assert np.allclose(profile, single[chosen].mean(0), rtol=1e-4, atol=1e-6)


def test_a_copy_model_is_measured_along_the_apps_own_output():
    """A copy model reads the sentence's source map, so the Gradients page's output is the app's: the name is
    copied, and no <unk> appears where the mixture would have sent every copy to <unk> (the shipped en-fr dot wrote
    "spécial <unk> <unk> <unk> tombera ?" on a 30-word test sentence that way)."""
    from models.net.decoding import translate
    from models.packs.pack import PRETRAINED, load_pack

    pack = load_pack(PRETRAINED / "en-fr")
    sentence = next(e.source for e in pack.test if e.src_len == 30)
    for text in (sentence, "My friend Paul lives in Paris."):
        for name in ("dot", "transformer"):
            m = pack.models[name]
            g = sentence_gradients(m.model, m.src_vocab, m.tgt_vocab, text)
            expected = translate(m.model, m.src_vocab, m.tgt_vocab, text).output_tokens
            assert g.output_tokens == list(expected) and "<unk>" not in g.output_tokens, (name, text)
            assert g.norms.shape == (len(expected), len(g.source_tokens)) and np.isfinite(g.norms).all()
    with pytest.raises(ValueError, match="extended ids"):
        gradient_vectors(pack.models["dot"].model, [([5, 6], [7, 2])])
