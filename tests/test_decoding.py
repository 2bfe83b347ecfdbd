"""Decoding: batched equals one-at-a-time, traces are consistent, beam search, bad input."""

import numpy as np
import pytest
import torch

from models.net.decoding import InputError, beam_search, decode, forced_trace, greedy_ids, greedy_many, translate
from models.net.gru import ModelConfig, Seq2Seq
from models.text.vocab import EOS, EOS_ID, SOS_ID

SENTENCES = ["Sunday, March 3, 2019", "2019년 3월 3일 일요일", "27.09.2023", "dimanche 3 mars 2019", "1 Jan 2000"]


@pytest.mark.parametrize("name", ["none", "dot", "general", "additive"])
def test_batched_equals_one_at_a_time(dates_pack, name):
    m = dates_pack.models[name]
    texts = [e.source for e in dates_pack.test[:300]] + SENTENCES
    batched = greedy_many(m.model, m.src_vocab, m.tgt_vocab, texts, batch_size=64)
    single = [translate(m.model, m.src_vocab, m.tgt_vocab, t).text for t in texts]
    assert batched == single


@pytest.mark.parametrize("name", ["none", "additive"])
def test_dropping_finished_rows_early_or_late_gives_the_same_tokens(name):
    from models.net.batch import pad
    from models.net.decoding import greedy_shrinking
    from models.packs.pack import PRETRAINED, load_pack

    pack = load_pack(PRETRAINED / "en-fr")  # outputs of 1 to 60 words: rows finish at many different steps
    m = pack.models[name]
    ids = [m.src_vocab.encode_text(e.source) for e in pack.test[:200]]
    with torch.inference_mode():
        memory = m.model.encode(*pad(ids))
        T = m.config.max_output_len
        runs = [greedy_shrinking(m.model, memory, T, share) for share in (0.0, 0.75, 1.01)]
    for other in runs[1:]:  # never drop rows, the default, drop every finished row at once
        assert torch.equal(other["ids"], runs[0]["ids"]) and torch.equal(other["lengths"], runs[0]["lengths"])
    assert len(set(runs[0]["lengths"].tolist())) > 1  # rows did finish at different steps


@pytest.mark.parametrize("name", ["none", "dot", "additive"])
def test_trace_shapes_and_identities(dates_pack, name):
    m = dates_pack.models[name]
    tr = translate(m.model, m.src_vocab, m.tgt_vocab, "Sunday, March 3, 2019")
    T, S, H = len(tr.output_tokens), len(tr.source_tokens), m.config.hidden_size
    assert tr.text == "2019-03-03" and tr.output_tokens[-1] == EOS and tr.finished and tr.family == "gru"
    query, context, keys = tr.vector("query"), tr.vector("context"), tr.vector("keys")
    assert query.shape == (T, H) and context.shape == (T, H) and keys.shape == (S, H)
    assert tr.topk_probs.shape == (T, 5) and np.all(np.diff(tr.topk_probs, axis=1) <= 0)
    assert np.allclose(tr.token_probs, tr.topk_probs[:, 0])  # greedy picks the most likely token
    if name == "none":
        assert not tr.uses_attention and tr.cross is None
        assert np.allclose(context, tr.vector("final")[None, :])  # the one fixed context vector
    else:
        (cross,) = tr.attention
        assert cross.site == "cross" and cross.scores.shape == cross.weights.shape == (1, 1, T, S)
        weights = tr.slice().weights
        assert np.allclose(weights.sum(1), 1, atol=1e-5)
        assert np.allclose(context, weights @ keys, atol=1e-5)
        assert max(cross.context_error(i) for i in range(T)) < 1e-5
        if name == "dot":
            assert np.allclose(tr.slice().scores, query @ keys.T, atol=1e-4)


def test_forced_trace_of_greedy_output_matches_greedy_trace(dates_pack):
    m = dates_pack.models["dot"]
    tr = translate(m.model, m.src_vocab, m.tgt_vocab, "Mar 3, 2019")
    forced = forced_trace(m.model, m.src_vocab, m.tgt_vocab, "Mar 3, 2019", m.tgt_vocab.encode(tr.output_tokens))
    assert forced.output_tokens == tr.output_tokens
    assert np.allclose(forced.cross.weights, tr.cross.weights, atol=1e-5)
    assert np.allclose(forced.token_probs, tr.token_probs, atol=1e-5)


@pytest.mark.parametrize("output_size", [0, 4])
@pytest.mark.parametrize("bidirectional", [False, True])
@pytest.mark.parametrize("kind", ["none", "dot", "general", "additive"])
def test_single_sentence_steps_equal_the_recorded_pass(kind, bidirectional, output_size):
    """Greedy steps (the fused `step`) give the teacher-forced pass's numbers (`record`), fed the same tokens;
    with a smaller FC (output_size) o_i has that many units."""
    torch.manual_seed(3)
    cfg = ModelConfig(
        kind,
        30,
        25,
        embed_size=6,
        hidden_size=10,
        max_output_len=12,
        bidirectional=bidirectional,
        output_size=output_size,
    )
    model = Seq2Seq(cfg).eval()
    ids = [4, 9, 17, 5, 28, 11, 6]
    out = greedy_ids(model, ids)
    assert len(out) == cfg.max_output_len or out[-1] == EOS_ID
    src, lens = torch.tensor([ids]), torch.tensor([len(ids)])
    with torch.inference_mode():
        ref = model.record(src, lens, torch.tensor([[SOS_ID, *out[:-1]]]))
        memory, states, logits = model.encode(src, lens), [], []
        state = model.start(memory)
        for prev in [SOS_ID, *out[:-1]]:
            step_logits, state = model.step(torch.tensor([prev]), state, memory)
            states.append(state[0])
            logits.append(step_logits[0])
    assert out == ref.logits[0].argmax(-1).tolist()  # each step picked the most likely token
    assert torch.allclose(torch.stack(logits), ref.logits[0], atol=1e-5)
    assert torch.allclose(torch.stack(states), ref.readout["query"][0], atol=1e-6)  # s_i
    assert ref.readout["output"].shape[-1] == (output_size or cfg.hidden_size)


@pytest.mark.parametrize("kind", ["none", "dot", "general", "additive"])
def test_one_step_of_a_padded_batch_equals_the_recorded_pass(kind):
    torch.manual_seed(4)
    model = Seq2Seq(ModelConfig(kind, 30, 25, embed_size=6, hidden_size=10, bidirectional=kind == "dot")).eval()
    src, lens = torch.tensor([[4, 9, 17, 5], [6, 7, 0, 0], [8, 0, 0, 0]]), torch.tensor([4, 2, 1])
    prev = torch.tensor([SOS_ID, 11, 12])
    seen = []

    def keep(scores, weights, layer):  # a reweight that changes nothing, to see the step's own weights
        seen.append(weights)

    with torch.inference_mode():
        memory = model.encode(src, lens)
        logits, state = model.step(prev, model.start(memory), memory, keep if kind != "none" else None)
        ref = model.record(src, lens, prev.unsqueeze(1))
    assert torch.allclose(logits, ref.logits[:, 0], atol=1e-6)
    assert torch.allclose(state, ref.readout["query"][:, 0], atol=1e-6)
    if kind != "none":
        (weights,) = seen
        assert torch.allclose(weights, ref.maps[0].weights[:, 0, 0, 0], atol=1e-6)
        assert (weights[1, 2:] == 0).all() and (weights[2, 1:] == 0).all()  # padding gets no weight


def test_beam_search_is_at_least_as_likely_as_greedy(dates_pack):
    m = dates_pack.models["general"]
    for text in SENTENCES:
        greedy = translate(m.model, m.src_vocab, m.tgt_vocab, text)
        result = beam_search(m.model, m.src_vocab, m.tgt_vocab, text, width=4)
        best, beams = result.trace, result.outputs
        assert result.is_beam and result.width == 4
        assert len(beams) >= 1 and beams[0][0] == best.text
        assert best.output_tokens[-1] == EOS
        assert np.log(best.token_probs).sum() >= np.log(greedy.token_probs).sum() - 1e-4
        ids = m.tgt_vocab.encode(best.output_tokens)
        assert ids[-1] == EOS_ID


def test_greedy_and_beam_give_one_result_type(dates_pack):
    m = dates_pack.models["dot"]
    text = "Sunday, March 3, 2019"
    greedy = decode(m.model, m.src_vocab, m.tgt_vocab, text)
    assert not greedy.is_beam and greedy.trace.text == translate(m.model, m.src_vocab, m.tgt_vocab, text).text
    [(shown, logp)] = greedy.outputs  # greedy decoding has one output: its own, with its log-probability
    assert shown == greedy.trace.text and np.isclose(logp, np.log(greedy.trace.token_probs).sum(), atol=1e-4)
    beam = decode(m.model, m.src_vocab, m.tgt_vocab, text, width=3)
    assert beam.is_beam and beam.outputs[0][0] == beam.trace.text and beam.outputs[0][1] >= logp - 1e-4
    with pytest.raises(InputError):
        decode(m.model, m.src_vocab, m.tgt_vocab, " ", width=3)


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_input_is_a_clear_error(dates_pack, text):
    m = dates_pack.models["dot"]
    with pytest.raises(InputError, match="empty"):
        translate(m.model, m.src_vocab, m.tgt_vocab, text)


@pytest.mark.parametrize("text", ["x" * 10_000, "😀 March 3, 2019 😀", "Ωμέγα 3 2019", "\u200b\u202e2019\x00"])
def test_odd_input_gives_a_result_and_marks_unknown_tokens(dates_pack, text):
    m = dates_pack.models["dot"]
    tr = translate(m.model, m.src_vocab, m.tgt_vocab, text)
    assert len(tr.source_tokens) <= m.config.max_source_len
    assert len(tr.output_tokens) <= m.config.max_output_len
    assert tr.truncated == (len(text) > m.config.max_source_len)
    for tok, known in zip(tr.source_tokens, tr.source_known, strict=True):
        assert known == m.src_vocab.is_known(tok)
    if "😀" in text:
        assert "😀" in tr.unknown_tokens


def test_unknown_characters_map_to_unk(dates_pack):
    v = dates_pack.models["dot"].src_vocab
    assert v.encode(["😀"]) == [3] and not v.is_known("😀") and v.is_known("S")


@pytest.mark.parametrize("name", ["none", "dot", "additive"])
def test_a_trace_reusing_the_greedy_states_equals_one_recomputing_them(dates_pack, name):
    """translate hands record the states its greedy steps reached (s_i), instead of running the decoder again."""
    m = dates_pack.models[name]
    tr = translate(m.model, m.src_vocab, m.tgt_vocab, "Sunday, March 3, 2019")
    again = forced_trace(
        m.model, m.src_vocab, m.tgt_vocab, "Sunday, March 3, 2019", m.tgt_vocab.encode(tr.output_tokens)
    )
    for key in ("query", "context", "output"):
        assert np.allclose(tr.vector(key), again.vector(key), atol=1e-5), key
    assert np.allclose(tr.token_probs, again.token_probs, atol=1e-5)
    if name != "none":
        assert np.allclose(tr.cross.weights, again.cross.weights, atol=1e-5)
