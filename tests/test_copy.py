"""Copying through attention (models/net/pointer.py): the pointer-generator's mixture in every family that has it,
extended vocabularies, and decoding a source word the target vocabulary does not have."""

import numpy as np
import pytest
import torch

from models.net import registry
from models.net.batch import pad
from models.net.decoding import beam_search, greedy_many, translate
from models.net.gru import ModelConfig, Seq2Seq
from models.net.pointer import decode_ids, pad_maps, source_map, target_ids
from models.net.trace import stable_top_k
from models.net.transformer import GPTConfig, TransformerConfig
from models.text.vocab import SOS_ID, SPECIALS, Vocab

KINDS = ["dot", "general", "additive", "transformer", "gpt"]
SRC = Vocab([*SPECIALS, "I", "see", "in", "the", "cat", "."], "word")
TGT = Vocab([*SPECIALS, "je", "vois", "à", "le", "chat", "."], "word")
SOURCES = ["I see Zanzibar .", "the cat in Oslo and Oslo .", "I see the cat ."]


def copy_model(kind: str, copy: bool = True, seed: int = 0):
    torch.manual_seed(seed)
    V_src, V_tgt = len(SRC), len(TGT)
    if kind == "transformer":
        cfg = TransformerConfig(V_src, V_tgt, d_model=16, n_heads=2, n_layers=2, d_ff=24, max_output_len=8, copy=copy)
    elif kind == "gpt":
        cfg = GPTConfig(V_src, V_tgt, d_model=16, n_heads=2, n_layers=2, d_ff=24, max_output_len=8, copy=copy)
    else:
        cfg = ModelConfig(kind, V_src, V_tgt, embed_size=8, hidden_size=12, max_output_len=8, copy=copy)
    return registry.build(cfg).eval()


def batch_of(texts):
    tokens = [SRC.tokenize(t) for t in texts]
    src, lens = pad([SRC.encode(t) for t in tokens])
    maps = [source_map(t, TGT, SRC) for t in tokens]
    return src, lens, pad_maps([m.ids for m in maps], src.size(1)), maps


def switch(model, bias: float) -> None:
    """p_gen = σ(bias): the switch's weights set to 0."""
    layer = model.copy.w if hasattr(model.copy, "w") else model.copy.switch.w
    with torch.no_grad():
        layer.weight.zero_()
        layer.bias.fill_(bias)


def test_every_source_word_the_target_vocabulary_lacks_gets_an_id_once():
    smap = source_map(["the", "Oslo", "cat", "Oslo", "Bergen", "."], TGT, SRC)
    V = len(TGT)
    # the words the source vocabulary lacks first, in order (they read as <unk:1>, <unk:2> with an order), then the
    # other English words: they are extended too, and the model learns not to copy them
    assert smap.words == ["Oslo", "Bergen", "the", "cat"]
    assert smap.ids == [V + 2, V, V + 3, V, V + 1, TGT.index["."]]


def test_extended_ids_of_a_sentence():
    smap = source_map(["le", "chat", "Oslo", "à", "Oslo", "Bergen"], TGT, SRC)
    V = len(TGT)
    assert smap.words == ["Oslo", "Bergen"]
    assert smap.ids == [TGT.index["le"], TGT.index["chat"], V, TGT.index["à"], V, V + 1]
    assert target_ids(["je", "vois", "Oslo", "Paris", "<eos>"], TGT, smap) == [
        TGT.index["je"],
        TGT.index["vois"],
        V,
        3,  # <unk>: Paris is in neither the vocabulary nor the source
        TGT.index["<eos>"],
    ]
    assert decode_ids([TGT.index["à"], V + 1, V], TGT, smap.words) == ["à", "Bergen", "Oslo"]


@pytest.mark.parametrize("kind", KINDS)
def test_mixture_sums_to_one_and_copy_share_is_the_attention(kind):
    model = copy_model(kind)
    src, lens, src_ext, maps = batch_of(SOURCES)
    tgt_in = torch.tensor([[SOS_ID, 4, 5, 6, 7]] * len(SOURCES))
    with torch.no_grad():
        rec = model.record(src, lens, tgt_in, src_ext=src_ext)
    probs = rec.logits.exp()  # (B, T, V + n_ext): a copy model's logits are log P
    V, n_ext = len(TGT), max(len(m.words) for m in maps)
    assert probs.shape == (len(SOURCES), 5, V + n_ext)
    assert torch.allclose(probs.sum(-1), torch.ones(len(SOURCES), 5), atol=1e-5)
    p_gen, vocab, weights = (rec.readout[k] for k in ("p_gen", "vocab_probs", "copy_weights"))
    assert torch.allclose(weights.sum(-1), torch.ones_like(p_gen), atol=1e-5)  # the copy distribution sums to 1
    for b, smap in enumerate(maps):
        for w in set(smap.ids):
            positions = torch.tensor([i == w for i in smap.ids] + [False] * (src.size(1) - len(smap.ids)))
            copy = weights[b][:, positions].sum(-1)  # (T,) the attention weights on the positions of w
            generated = p_gen[b] * (vocab[b][:, w] if w < V else 0)
            assert torch.allclose(probs[b, :, w] - generated, (1 - p_gen[b]) * copy, atol=1e-5)


@pytest.mark.parametrize("kind", KINDS)
def test_with_p_gen_one_it_is_the_plain_model(kind):
    model, plain = copy_model(kind), copy_model(kind, copy=False)
    plain.load_state_dict({k: v for k, v in model.state_dict().items() if not k.startswith("copy.")})
    switch(model, 60.0)  # p_gen = σ(60) = 1
    src, lens, src_ext, _ = batch_of(SOURCES)
    tgt_in = torch.tensor([[SOS_ID, 4, 5, 6]] * len(SOURCES))
    with torch.no_grad():
        mixed = model(src, lens, tgt_in, src_ext=src_ext).exp()
        own = torch.softmax(plain(src, lens, tgt_in), -1)
    V = len(TGT)
    assert torch.allclose(mixed[..., :V], own, atol=1e-5)
    assert torch.allclose(mixed[..., V:], torch.zeros_like(mixed[..., V:]), atol=1e-6)


@pytest.mark.parametrize("kind", KINDS)
def test_step_equals_the_teacher_forced_pass(kind):
    model = copy_model(kind)
    src, lens, src_ext, _ = batch_of(SOURCES)
    V = len(TGT)
    tgt_in = torch.tensor([[SOS_ID, 4, V, 6], [SOS_ID, V + 1, 5, V], [SOS_ID, 4, 5, 6]])  # copied words fed back
    with torch.no_grad():
        whole = model(src, lens, tgt_in, src_ext=src_ext)
        memory = model.encode(src, lens, src_ext=src_ext)
        state, steps = model.start(memory), []
        for t in range(tgt_in.size(1)):
            logits, state = model.step(tgt_in[:, t], state, memory)
            steps.append(logits)
    assert torch.allclose(torch.stack(steps, 1), whole, atol=1e-4)


@pytest.mark.parametrize("kind", KINDS)
def test_an_unknown_source_word_is_written_by_copying(kind):
    """With p_gen = 0 the output is the attention's word: a name neither vocabulary has comes out as itself."""
    model = copy_model(kind)
    switch(model, -60.0)
    tr = translate(model, SRC, TGT, "Zanzibar")
    assert tr.copies and tr.copy_words == ["Zanzibar"]
    assert tr.output_tokens[0] == "Zanzibar" and tr.copied[0]
    assert np.allclose(tr.p_gen, 0, atol=1e-6)
    assert all(t == "Zanzibar" for t in tr.output_tokens)  # one source word: every step copies it (no <eos>)
    (many,) = greedy_many(model, SRC, TGT, ["Zanzibar"])
    assert many == tr.text
    assert beam_search(model, SRC, TGT, "Zanzibar", width=3).trace.output_tokens[0] == "Zanzibar"
    step = tr.copy_steps[0]
    assert step.tokens[0] == "Zanzibar" and np.isclose(step.mixture[0], 1, atol=1e-5)


@pytest.mark.parametrize("kind", KINDS)
def test_a_trace_keeps_each_steps_top_candidates_not_the_whole_vocabulary(kind):
    """A trace is what the app caches (512 of them): a copy model's P_vocab over the whole vocabulary at every step
    (T, V) would be most of it, so the trace keeps the top candidates its CopySteps need and drops the rest. Each
    step's candidates still carry the pass's own P_vocab (the mixture check above holds them to the recording)."""
    model = copy_model(kind)
    tr = translate(model, SRC, TGT, "I see Zanzibar .")
    V = len(TGT)
    assert tr.copies and "vocab_probs" not in tr.readout
    assert all(a.shape[-1] != V for a in tr.readout.values() if isinstance(a, np.ndarray))
    src, lens, src_ext, _ = batch_of(["I see Zanzibar ."])
    ids = [TGT.index.get(t, V) for t in tr.output_tokens]  # the one extended word, Zanzibar, is V
    with torch.no_grad():
        rec = model.record(src, lens, torch.tensor([[SOS_ID, *ids[:-1]]]), src_ext=src_ext)
    for i, step in enumerate(tr.copy_steps):
        for token, p in zip(step.tokens, step.vocab, strict=True):
            expected = rec.readout["vocab_probs"][0, i, TGT.index[token]] if token in TGT.index else 0.0
            assert np.isclose(p, float(expected), atol=1e-6), (i, token)


def test_no_attention_no_copy_head():
    with pytest.raises(ValueError, match="copy needs attention"):
        ModelConfig("none", 5, 5, copy=True)
    assert not Seq2Seq(ModelConfig("none", 5, 5)).copies


@pytest.mark.parametrize("kind", KINDS)
def test_config_without_copy_reads_as_no_copy(kind):
    model = copy_model(kind, copy=False)
    raw = model.config.__dict__ | {}
    raw.pop("copy")
    assert registry.config_from_dict(raw).copy is False
    assert not registry.build(registry.config_from_dict(raw)).copies


@pytest.mark.parametrize("kind", KINDS)
def test_training_takes_the_targets_log_probability_from_the_same_mixture(kind):
    model = copy_model(kind)
    src, lens, src_ext, _ = batch_of(SOURCES)
    V = len(TGT)
    tgt_in = torch.tensor([[SOS_ID, 4, V, 6], [SOS_ID, V + 1, 5, V], [SOS_ID, 4, 5, 6]])
    targets = torch.tensor([[4, V, 6, 2], [V + 1, 5, V, 2], [4, 3, 6, 2]])  # copied words, <unk>, <eos>
    with torch.no_grad():
        whole = model(src, lens, tgt_in, src_ext=src_ext)  # (B, T, V + n_ext)
        only = model(src, lens, tgt_in, src_ext=src_ext, targets=targets)  # (B, T)
        recorded = model.record(src, lens, tgt_in, src_ext=src_ext, targets=targets).logits
    assert torch.allclose(only, whole.gather(-1, targets.unsqueeze(-1)).squeeze(-1), atol=1e-5)
    assert torch.allclose(recorded, only, atol=1e-5)


def test_stable_top_k_is_the_head_of_a_stable_argsort():
    """The copy panel's candidates: the k largest of each row, largest first, ties in index order, as a stable full
    argsort gives them, on rows with many ties (zeros, repeated values) and k from 1 to the row's length."""
    rng = np.random.default_rng(0)
    rows = rng.integers(0, 4, size=(40, 9)).astype(float) / 4  # few distinct values: ties everywhere
    rows[::5] = 0.0
    for k in range(1, 10):
        want = np.argsort(-rows, axis=1, kind="stable")[:, :k]
        assert np.array_equal(stable_top_k(rows, k), want), k
    probs = rng.dirichlet(np.ones(7000), size=3)
    assert np.array_equal(stable_top_k(probs, 6), np.argsort(-probs, axis=1, kind="stable")[:, :6])
