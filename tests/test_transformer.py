"""The Transformer and GPT families (models/net/transformer.py), checked against torch's own attention, against
recomputation from scratch, and through the decoding, trace and pack code every family goes through."""

import json
import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from models.net import registry
from models.net.attention_block import MultiHeadAttention, attend, causal_mask, sinusoidal_positions
from models.net.batch import pad
from models.net.decoding import beam_search, greedy_batch, greedy_ids, greedy_shrinking, translate
from models.net.gradients import gradient_vectors
from models.net.transformer import GPT, GPTConfig, Transformer, TransformerConfig
from models.packs.pack import load_model, save_model
from models.text.vocab import EOS_ID, SOS, SOS_ID

FAMILIES = ["transformer", "gpt"]
SOURCES = [[5, 6, 7, 8, 9, 10], [11, 12], [13, 14, 15, 16], [17]]  # different lengths: a padded batch


def tiny(family: str, src: int = 20, tgt: int = 15, seed: int = 0, max_output_len: int = 9, eos: bool = True):
    """An untrained model of the family; eos=False makes <eos> unlikely, so greedy decoding runs its whole length."""
    torch.manual_seed(seed)
    kind, config = (Transformer, TransformerConfig) if family == "transformer" else (GPT, GPTConfig)
    cfg = config(src, tgt, d_model=16, n_heads=4, n_layers=2, d_ff=24, max_source_len=8, max_output_len=max_output_len)
    model = kind(cfg).eval()
    if not eos:
        with torch.no_grad():
            model.out.bias[EOS_ID] = -30.0
    return model


def batch(rows=SOURCES):
    return pad(rows)


# ----------------------------------------------------------------------------------------- attention itself


@pytest.mark.parametrize("masked", [False, True])
def test_attend_equals_torch_scaled_dot_product_attention(masked):
    torch.manual_seed(0)
    Q, K, V = torch.randn(3, 4, 5, 8), torch.randn(3, 4, 7, 8), torch.randn(3, 4, 7, 8)  # (B, h, T, d_k)
    mask = None
    if masked:
        mask = (torch.arange(7) < torch.tensor([7, 3, 1])[:, None])[:, None, None, :]  # (B, 1, 1, S) padding
    scores, _, contexts = attend(Q, K, V, mask)
    assert torch.allclose(contexts, F.scaled_dot_product_attention(Q, K, V, attn_mask=mask), atol=1e-6)
    assert torch.allclose(scores, Q @ K.transpose(-2, -1) / math.sqrt(8))  # recorded before the mask: all finite
    assert torch.isfinite(scores).all()
    causal = causal_mask(7)
    _, _, contexts = attend(K, K, V, causal)
    assert torch.allclose(contexts, F.scaled_dot_product_attention(K, K, V, is_causal=True), atol=1e-6)


@pytest.mark.parametrize("masked", [False, True])
def test_multi_head_attention_equals_nn_multihead_attention(masked):
    torch.manual_seed(1)
    d, h = 16, 4
    mine = MultiHeadAttention(d, h).eval()
    ref = nn.MultiheadAttention(d, h, batch_first=True).eval()
    with torch.no_grad():  # in_proj = [W_Q; W_K; W_V], out_proj = W_O
        ref.in_proj_weight.copy_(torch.cat([mine.W_Q.weight, mine.W_K.weight, mine.W_V.weight]))
        ref.in_proj_bias.copy_(torch.cat([mine.W_Q.bias, mine.W_K.bias, mine.W_V.bias]))
        ref.out_proj.weight.copy_(mine.W_O.weight)
        ref.out_proj.bias.copy_(mine.W_O.bias)
    x, m = torch.randn(3, 5, d), torch.randn(3, 6, d)
    real = torch.arange(6) < torch.tensor([6, 4, 2])[:, None]  # (B, S)
    with torch.no_grad():
        out, seen = mine(x, *mine.keys_values(m), real[:, None, None, :] if masked else None)
        ref_out, ref_w = ref(x, m, m, key_padding_mask=~real if masked else None, average_attn_weights=False)
        assert torch.allclose(out, ref_out, atol=1e-6) and torch.allclose(seen.weights, ref_w, atol=1e-6)
        # self-attention under the causal mask (torch's attn_mask is True where attention is NOT allowed)
        out, seen = mine(x, *mine.keys_values(x), causal_mask(5))
        ref_out, ref_w = ref(x, x, x, attn_mask=~causal_mask(5), average_attn_weights=False)
        assert torch.allclose(out, ref_out, atol=1e-6) and torch.allclose(seen.weights, ref_w, atol=1e-6)


def test_sinusoidal_positions_follow_the_papers_formula():
    pe = sinusoidal_positions(50, 16)
    assert pe.shape == (50, 16)
    for pos, i in [(0, 0), (1, 0), (3, 2), (17, 5), (49, 7)]:
        angle = pos / 10000 ** (2 * i / 16)
        assert math.isclose(pe[pos, 2 * i], math.sin(angle), abs_tol=1e-6)
        assert math.isclose(pe[pos, 2 * i + 1], math.cos(angle), abs_tol=1e-6)


# ------------------------------------------------------------------------------------------------ causality


@pytest.mark.parametrize("family", FAMILIES)
def test_a_later_target_token_changes_no_earlier_output(family):
    model = tiny(family)
    src, lens = batch()
    tgt = torch.tensor([[SOS_ID, 4, 5, 6, 7, 8]] * len(SOURCES))
    with torch.no_grad():
        before = model(src, lens, tgt)
        for k in range(1, 6):
            changed = tgt.clone()
            changed[:, k] = 9 if changed[0, k] != 9 else 10
            after = model(src, lens, changed)
            assert torch.equal(after[:, :k], before[:, :k])  # bit for bit: the mask, not rounding
            assert not torch.allclose(after[:, k], before[:, k])  # the changed token's own step sees it


def test_gpt_source_positions_see_no_target_token():
    model = tiny("gpt")
    src, lens = batch()
    with torch.no_grad():
        a = model.record(src, lens, torch.tensor([[SOS_ID, 4, 5]] * 4)).readout["layers"]
        b = model.record(src, lens, torch.tensor([[SOS_ID, 9, 9]] * 4)).readout["layers"]
    S = src.size(1)
    assert torch.equal(a[:, :, : S + 1], b[:, :, : S + 1]) and not torch.equal(a, b)


# ------------------------------------------------------------------------------ the KV cache = recomputation


def recomputed_greedy(model, ids: list[int]) -> tuple[list[int], torch.Tensor]:
    """Greedy decoding without a cache: the whole prefix through `forward` at every step; its tokens and logits."""
    src, lens, prefix, logits = torch.tensor([ids]), torch.tensor([len(ids)]), [SOS_ID], []
    with torch.no_grad():
        for _ in range(model.config.max_output_len):
            logits.append(model(src, lens, torch.tensor([prefix]))[0, -1])
            prefix.append(int(logits[-1].argmax()))
            if prefix[-1] == EOS_ID:
                break
    return prefix[1:], torch.stack(logits)


def cached_logits(model, src, lens, fed: torch.Tensor) -> torch.Tensor:
    """The logits of `step` fed the tokens fed (B, T), one step at a time from the KV cache: (B, T, V)."""
    with torch.no_grad():
        memory = model.encode(src, lens)
        state, out = model.start(memory), []
        for t in range(fed.size(1)):
            logits, state = model.step(fed[:, t], state, memory)
            out.append(logits)
    assert state.kv.shape[:4] == (len(src), model.config.n_layers, 2, model.config.n_heads)
    return torch.stack(out, dim=1)


@pytest.mark.parametrize("eos", [True, False])
@pytest.mark.parametrize("family", FAMILIES)
def test_kv_cache_decoding_equals_recomputing_the_prefix(family, eos):
    model = tiny(family, seed=2, eos=eos)
    for ids in SOURCES:
        tokens, logits = recomputed_greedy(model, ids)
        assert greedy_ids(model, ids) == tokens
        fed = torch.tensor([[SOS_ID, *tokens[:-1]]])
        assert torch.allclose(
            cached_logits(model, torch.tensor([ids]), torch.tensor([len(ids)]), fed)[0], logits, atol=1e-5
        )
    if not eos:
        assert len(tokens) == model.config.max_output_len and len(set(tokens)) > 1  # a real run, not one token
        # past the positions the config provides for (8 source + 9 output): the sinusoids go on
        long = greedy_ids(model, SOURCES[0], max_len=30)
        fed = torch.tensor([[SOS_ID, *long[:-1]]])
        src, lens = torch.tensor([SOURCES[0]]), torch.tensor([len(SOURCES[0])])
        with torch.no_grad():
            assert torch.allclose(cached_logits(model, src, lens, fed), model(src, lens, fed), atol=1e-5)


@pytest.mark.parametrize("family", FAMILIES)
def test_a_step_leaves_its_state_as_it_was(family):
    """The KV cache is written in place (models/net/transformer.py, KVCache): stepping twice from one state (what-if
    does) must still give two caches of their own, and the first must not see the second's token."""
    model = tiny(family, seed=4)
    src, lens = torch.tensor([SOURCES[0]]), torch.tensor([len(SOURCES[0])])
    with torch.no_grad():
        memory = model.encode(src, lens)
        state = model.step(torch.tensor([SOS_ID]), model.start(memory), memory)[1]
        before = state.kv.clone()
        logits_a, a = model.step(torch.tensor([4]), state, memory)
        kv_a = a.kv.clone()
        logits_b, b = model.step(torch.tensor([9]), state, memory)  # the same state again, another token
        assert torch.equal(state.kv, before) and torch.equal(a.kv, kv_a)  # neither changed
        assert not torch.equal(a.kv[..., -1, :], b.kv[..., -1, :])
        for fed, (logits, cache) in ((4, (logits_a, a)), (9, (logits_b, b))):  # each goes on as its own
            tgt = torch.tensor([[SOS_ID, fed, 5]])
            assert torch.allclose(logits, model(src, lens, tgt[:, :2])[0, -1], atol=1e-5)
            assert torch.allclose(
                model.step(torch.tensor([5]), cache, memory)[0], model(src, lens, tgt)[0, -1], atol=1e-5
            )


@pytest.mark.parametrize("family", FAMILIES)
def test_a_padded_batch_decodes_as_each_sentence_alone(family):
    model = tiny(family, seed=3, eos=False)
    src, lens = batch()
    out = greedy_batch(model, src, lens)
    alone = [greedy_ids(model, ids) for ids in SOURCES]
    assert out["ids"].tolist() == alone
    assert len({tuple(a) for a in alone}) > 1  # the sources lead to different outputs
    # the logits too, fed the same tokens, row by row
    fed = torch.tensor([[SOS_ID, 4, 9, 5, 11, 6]] * len(SOURCES))
    together = cached_logits(model, src, lens, fed)
    for b, ids in enumerate(SOURCES):
        one = cached_logits(model, torch.tensor([ids]), torch.tensor([len(ids)]), fed[:1])
        assert torch.allclose(together[b], one[0], atol=1e-5)
        assert torch.allclose(model(src, lens, fed)[b], one[0], atol=1e-5)  # and the teacher-forced pass


@pytest.mark.parametrize("family", FAMILIES)
def test_dropping_finished_rows_selects_cache_and_memory_together(family):
    model = tiny(family, seed=3)
    with torch.no_grad():
        model.out.bias[EOS_ID] = 0.5  # rows finish at different steps
    src, lens = batch()
    with torch.inference_mode():
        memory = model.encode(src, lens)
        runs = [greedy_shrinking(model, memory, 9, share) for share in (0.0, 0.75, 1.01)]
    for other in runs[1:]:
        assert torch.equal(other["ids"], runs[0]["ids"]) and torch.equal(other["lengths"], runs[0]["lengths"])
    ids, lengths = runs[0]["ids"].tolist(), runs[0]["lengths"].tolist()
    assert [row[:n] for row, n in zip(ids, lengths, strict=True)] == [greedy_ids(model, s) for s in SOURCES]
    assert len(set(lengths)) > 1  # rows did finish at different steps


# --------------------------------------------------------------------------------------------- the recording


def real_keys(lens: torch.Tensor, S: int, T: int = 0) -> torch.Tensor:
    """(B, S + T) True on real source tokens and on every target token."""
    return torch.cat([torch.arange(S) < lens[:, None], torch.ones(len(lens), T, dtype=torch.bool)], dim=1)


def test_transformer_maps_rows_sum_to_one_and_padding_gets_no_weight():
    model = tiny("transformer")
    src, lens = batch()
    tgt = torch.tensor([[SOS_ID, 4, 5, 6, 7]] * 4)
    with torch.no_grad():
        rec = model.record(src, lens, tgt)
    B, S, T, L, h = 4, src.size(1), 5, 2, 4
    shapes = {"encoder_self": (S, S), "decoder_self": (T, T), "cross": (T, S)}
    assert [m.site for m in rec.maps] == list(shapes)
    real = real_keys(lens, S)[:, None, None, None, :]  # (B, 1, 1, 1, S)
    for m in rec.maps:
        Q, K = shapes[m.site]
        assert m.weights.shape == m.scores.shape == (B, L, h, Q, K)
        assert m.queries.shape == m.contexts.shape == (B, L, h, Q, 4)  # d_k = 16 / 4
        assert m.keys.shape == m.values.shape == (B, L, h, K, 4)
        assert torch.allclose(m.weights.sum(-1), torch.ones(B, L, h, Q), atol=1e-6)
        assert torch.isfinite(m.scores).all()
        assert torch.allclose(m.contexts, m.weights @ m.values, atol=1e-6)
        if m.cols == "source":
            assert (m.weights.masked_select(~real.expand_as(m.weights)) == 0).all()
    dec = rec.map("decoder_self").weights
    assert (dec.triu(1) == 0).all() and (dec[..., causal_mask(T)] > 0).all()  # no future, some past
    assert (rec.map("encoder_self").weights[3, :, :, :, 1:] == 0).all()  # the one-token sentence: all on x_1


def test_gpt_causal_map_and_its_cross_block():
    model = tiny("gpt")
    src, lens = batch()
    tgt = torch.tensor([[SOS_ID, 4, 5, 6, 7]] * 4)
    with torch.no_grad():
        rec = model.record(src, lens, tgt)
    (B, S), T, L, h = src.shape, 5, 2, 4
    causal, cross = rec.map("causal"), rec.map("cross")
    assert (causal.rows, causal.cols, cross.rows, cross.cols) == ("sequence", "sequence", "output", "source")
    assert causal.weights.shape == (B, L, h, S + T, S + T) and cross.weights.shape == (B, L, h, T, S)
    assert (causal.weights.triu(1) == 0).all()  # nothing above the diagonal
    real = real_keys(lens, S, T)[:, None, None, None, :]
    assert (causal.weights.masked_select(~real.expand_as(causal.weights)) == 0).all()  # padding gets nothing
    rows_of_real = real_keys(lens, S, T)  # padding rows are queries no one reads; every real row sums to 1
    sums = causal.weights.sum(-1).permute(0, 3, 1, 2)[rows_of_real]  # (real rows, L, h)
    assert torch.allclose(sums, torch.ones_like(sums), atol=1e-6)
    assert torch.equal(cross.weights, causal.weights[..., S:, :S]) and torch.equal(
        cross.scores, causal.scores[..., S:, :S]
    )
    assert torch.equal(cross.queries, causal.queries[..., S:, :]) and torch.equal(cross.keys, causal.keys[..., :S, :])
    assert torch.allclose(cross.contexts, cross.weights @ cross.values, atol=1e-6)  # the source's share
    assert (cross.weights.sum(-1) < 1).all()  # the rest went to <sos> and the output so far


def test_gpt_cross_rows_line_up_with_the_steps_that_predict_each_output():
    """Row t of the cross map is the query that produced logits[t]: in a padded batch and alone, the same numbers."""
    model = tiny("gpt", seed=5)
    src, lens = batch()
    tgt = torch.tensor([[SOS_ID, 4, 5, 6]] * 4)
    with torch.no_grad():
        together = model.record(src, lens, tgt)
        for b, ids in enumerate(SOURCES):
            alone = model.record(torch.tensor([ids]), torch.tensor([len(ids)]), tgt[:1])
            n = len(ids)
            cross_b, cross_1 = together.map("cross").weights[b, ..., :n], alone.map("cross").weights[0]
            assert torch.allclose(cross_b, cross_1, atol=1e-6)
            assert torch.allclose(together.logits[b], alone.logits[0], atol=1e-5)
            # the causal row of output step t is the position of the t-th token fed
            S = len(ids)
            causal = alone.map("causal").weights[0]
            for t in range(4):
                assert torch.equal(alone.map("cross").weights[0, :, :, t], causal[:, :, S + t, :S])


@pytest.mark.parametrize("family", FAMILIES)
def test_record_logits_are_forward_and_forward_takes_embeddings_and_steps(family):
    model = tiny(family)
    src, lens = batch()
    tgt = torch.tensor([[SOS_ID, 4, 5, 6, 7]] * 4)
    with torch.no_grad():
        logits = model(src, lens, tgt)
        assert torch.equal(model.record(src, lens, tgt).logits, logits)
        assert torch.equal(model(src, lens, tgt, embedded=F.embedding(src, model.src_embed.weight)), logits)
        steps = torch.tensor([0, 3, 4, 1])
        assert torch.equal(model(src, lens, tgt, at_steps=steps), logits[torch.arange(4), steps])
        # what-if's hook sees each layer's source-reading rows in turn; returning None changes nothing
        memory, seen = model.encode(src[:1], lens[:1]), []
        prev, state = torch.tensor([SOS_ID]), model.start(memory)
        hooked, _ = model.step(
            prev, state, memory, reweight=lambda scores, weights, layer: seen.append((layer, weights))
        )
        K = 6 + (family == "gpt")  # the source, and the GPT's <sos>
        assert [(layer, tuple(w.shape)) for layer, w in seen] == [(0, (1, 4, 1, K)), (1, (1, 4, 1, K))]
        assert torch.equal(hooked, model.step(prev, state, memory)[0])


@pytest.mark.parametrize("family", FAMILIES)
def test_gradients_reach_real_source_tokens_only(family):
    model = tiny(family)
    (grads,) = gradient_vectors(model, [([5, 6, 7], [4, 5, EOS_ID])])
    assert grads.shape == (3, 3, 16) and (grads.norm(dim=-1) > 0).all()
    two = gradient_vectors(model, [([5, 6, 7], [4, EOS_ID]), ([8], [4, EOS_ID])])  # padded: row 2 has 2 pads
    assert torch.allclose(two[0], gradient_vectors(model, [([5, 6, 7], [4, EOS_ID])])[0], atol=1e-5)
    assert (two[1][:, 1:] == 0).all()


# ------------------------------------------------------------------------------------ decoding, trace, packs


def test_transformer_record_reuses_the_encoding_it_is_given():
    """`record(..., memory=)` reads the encoder's maps from the memory `encode` made instead of running the encoder
    again: the same Recording, tensor for tensor; a selected memory (beams, finished rows) has no pass to lend."""
    model = tiny("transformer")
    src, lens = batch()
    tgt = torch.tensor([[SOS_ID, 4, 5, 6, 7]] * 4)
    with torch.no_grad():
        memory = model.encode(src, lens)
        fresh, reused = model.record(src, lens, tgt), model.record(src, lens, tgt, memory=memory)
        assert memory.select(torch.arange(4)).encoder_pass is None
    assert torch.equal(fresh.logits, reused.logits) and fresh.readout.keys() == reused.readout.keys()
    assert all(torch.equal(fresh.readout[k], reused.readout[k]) for k in fresh.readout)
    for a, b in zip(fresh.maps, reused.maps, strict=True):
        assert a.site == b.site and torch.equal(a.weights, b.weights) and torch.equal(a.scores, b.scores)
        assert all(torch.equal(getattr(a, f), getattr(b, f)) for f in ("queries", "keys", "values", "contexts"))


@pytest.mark.parametrize("family", FAMILIES)
def test_translate_gives_a_trace_with_the_familys_maps(family, tiny_vocabs):
    src_vocab, tgt_vocab = tiny_vocabs
    model = tiny(family, len(src_vocab), len(tgt_vocab))
    trace = translate(model, src_vocab, tgt_vocab, "abc xyz")
    S, T, L, h = len(trace.source_tokens), len(trace.output_tokens), 2, 4
    assert trace.family == family and trace.model == family and trace.uses_attention
    sites = {"transformer": ["encoder_self", "decoder_self", "cross"], "gpt": ["causal", "cross"]}[family]
    assert [m.site for m in trace.attention] == sites
    assert trace.cross.weights.shape == (L, h, T, S)
    assert max(trace.cross.context_error(t, layer=1, head=3) for t in range(T)) < 1e-5
    assert np.allclose(trace.token_probs, trace.topk_probs[:, 0])  # greedy chose the most likely token
    if family == "gpt":
        tokens = trace.tokens("sequence")
        assert trace.map("causal").weights.shape == (L, h, S + T, S + T) and len(tokens) == S + T
        assert tokens[S] == SOS and tokens[S + 1 :] == trace.output_tokens[:-1]
        piece = trace.slice("causal", layer=1, head=None)
        assert piece.weights.shape == (S + T, S + T) and piece.row_tokens == tokens
    else:
        assert trace.slice("decoder_self").row_tokens == trace.output_tokens
        assert trace.vector("memory").shape == (S, 16) and trace.vector("decoder_layers").shape == (L, T, 16)
    decoding = beam_search(model, src_vocab, tgt_vocab, "abc xyz", width=3)
    assert decoding.is_beam and 1 <= len(decoding.outputs) <= 3 and decoding.trace.cross.weights.shape[:2] == (L, h)
    assert decoding.outputs[0][1] >= float(np.log(trace.token_probs.astype(np.float64)).sum()) - 1e-4


@pytest.mark.parametrize("family", FAMILIES)
def test_the_family_round_trips_through_a_pack(family, tiny_vocabs, tmp_path):
    src_vocab, tgt_vocab = tiny_vocabs
    model = tiny(family, len(src_vocab), len(tgt_vocab), seed=7)
    save_model(tmp_path / family, model, src_vocab, tgt_vocab)
    assert json.loads((tmp_path / family / "config.json").read_text())["family"] == family
    loaded = load_model(tmp_path / family)
    assert type(loaded.model) is type(model) and loaded.config == model.config
    assert registry.name_of(loaded.config) == family and loaded.uses_attention
    src, lens = batch([[4, 5, 6], [7]])
    tgt = torch.tensor([[SOS_ID, 4, 5]] * 2)
    with torch.no_grad():
        assert torch.equal(loaded.model(src, lens, tgt), model(src, lens, tgt))
    a = translate(model, src_vocab, tgt_vocab, "abc xyz")
    b = translate(loaded.model, loaded.src_vocab, loaded.tgt_vocab, "abc xyz")
    assert a.output_tokens == b.output_tokens and (a.cross.weights == b.cross.weights).all()


def test_configs_validate_and_the_registry_knows_both_families():
    assert registry.NAMES[-2:] == ("transformer", "gpt")
    for raw, kind in [({"family": "transformer"}, TransformerConfig), ({"family": "gpt"}, GPTConfig)]:
        cfg = registry.config_from_dict({"src_vocab_size": 10, "tgt_vocab_size": 12, **raw})
        assert type(cfg) is kind and cfg.hidden_size == cfg.d_model == 128
        assert type(cfg).from_dict(json.loads(cfg.to_json())) == cfg
    bad = [
        {"src_vocab_size": 10, "tgt_vocab_size": 12, "family": "gpt", "d_model": 30, "n_heads": 4},  # 30 % 4
        {"src_vocab_size": 10, "tgt_vocab_size": 12, "family": "gpt", "dropout": 1.0},
        {"src_vocab_size": 10, "tgt_vocab_size": 12, "family": "gpt", "n_layers": 0},
        {"src_vocab_size": 10, "tgt_vocab_size": 12, "family": "gpt", "hidden_size": 64},  # a GRU's key
        {"src_vocab_size": 10, "family": "transformer"},
    ]
    for raw in bad:
        with pytest.raises(ValueError):
            registry.config_from_dict(raw)
    with pytest.raises(ValueError, match="family"):
        GPTConfig(10, 12, family="transformer")
