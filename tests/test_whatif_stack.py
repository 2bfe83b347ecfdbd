"""What-if attention on the Transformer and the GPT (models/net/whatif.py): every head of every layer uses the
weights its experiment says, the trace shows exactly those weights, and its logits are the decoding's own."""

import json
import shutil

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from conftest import app, decode, figures

from explorer.whatif_figures import whatif_heatmap
from models.net import registry
from models.net.decoding import translate
from models.net.transformer import GPTConfig, TransformerConfig
from models.net.whatif import EXPERIMENTS, gold_rows, whatif_decode
from models.packs.pack import PRETRAINED, save_model
from models.text.vocab import EOS_ID, load_vocabs

FAMILIES = ["transformer", "gpt"]
SENTENCE = "abc xyz 12"  # 10 characters
S = len(SENTENCE)
LINKS = [[0, 0], [1, 0], [4, 2], [9, 5]]  # (source j, reference i): steps 0, 2 and 5 have a gold row


def tiny(family: str, src_size: int, tgt_size: int, seed: int = 0):
    """An untrained model of the family (dropout 0, eval mode); <eos> made unlikely, so decoding runs its length."""
    torch.manual_seed(seed)
    config = TransformerConfig if family == "transformer" else GPTConfig
    cfg = config(src_size, tgt_size, d_model=16, n_heads=4, n_layers=2, d_ff=24, dropout=0.0, max_source_len=12)
    model = registry.build(cfg).eval()
    with torch.no_grad():
        model.out.bias[EOS_ID] = -30.0
    return model


@pytest.fixture(params=FAMILIES)
def stack(request, tiny_vocabs):
    """(model, src_vocab, tgt_vocab) of each family."""
    src_vocab, tgt_vocab = tiny_vocabs
    return tiny(request.param, len(src_vocab), len(tgt_vocab)), src_vocab, tgt_vocab


def run(stack, mode, **kw):
    model, src_vocab, tgt_vocab = stack
    return whatif_decode(model, src_vocab, tgt_vocab, SENTENCE, mode, **kw)


def own_rows(trace) -> np.ndarray:
    """A GPT trace's causal rows at the target positions as the model's own softmax of its recorded scores would
    make them: (L, h, T, N), zero right of each row's position."""
    scores = torch.from_numpy(trace.map("causal").scores)  # (L, h, N, N), before the causal mask
    N = scores.size(-1)
    visible = torch.ones(N, N, dtype=torch.bool).tril()
    return F.softmax(scores.masked_fill(~visible, float("-inf")), -1)[:, :, S:].numpy()


def used_rows(trace) -> np.ndarray:
    """A GPT trace's causal rows at the target positions, as recorded: the weights decoding used (L, h, T, N)."""
    return trace.map("causal").weights[:, :, S:]


def test_own_attention_is_plain_greedy_decoding(stack):
    own = run(stack, "own")
    plain = translate(*stack, SENTENCE)
    assert own.trace.output_tokens == plain.output_tokens and not own.forced.any()
    for a, b in zip(own.trace.attention, plain.attention, strict=True):
        assert a.site == b.site and np.array_equal(a.weights, b.weights)


@pytest.mark.parametrize("mode", EXPERIMENTS)
def test_the_trace_is_the_decoding_it_records(stack, mode, monkeypatch):
    """The recorded pass, replaying the weights used, gives the probabilities each step of decoding computed: the
    greedy output is reproduced. (Without the replay it would not be: the experiment changed the numbers.)"""
    model = stack[0]
    step, seen = model.step, []

    def step_and_keep(*args, **kwargs):
        logits, state = step(*args, **kwargs)
        seen.append(logits[0])
        return logits, state

    monkeypatch.setattr(model, "step", step_and_keep)
    result = run(stack, mode, masked=3, gold=LINKS)
    probs = F.softmax(torch.stack(seen), -1).numpy()  # (T, V) what each decoding step computed
    trace = result.trace
    assert len(probs) == len(trace.output_tokens) == model.config.max_output_len
    assert np.allclose(trace.topk_probs, -np.sort(-probs, axis=1)[:, : trace.topk_probs.shape[1]], atol=1e-5)
    assert [top[0] for top in trace.topk_tokens] == trace.output_tokens  # argmax of the recorded pass: greedy's
    monkeypatch.undo()
    own_probs = translate(*stack, SENTENCE).topk_probs
    assert not np.allclose(trace.topk_probs, own_probs, atol=1e-4)


@pytest.mark.parametrize("masked", [0, 3, S - 1])
def test_a_masked_word_gets_weight_zero_in_every_layer_and_head(stack, masked):
    result = run(stack, "mask", masked=masked)
    trace = result.trace
    cross = trace.cross.weights  # (L, h, T, S)
    assert cross.shape[:2] == (2, 4) and (cross[..., masked] == 0).all() and result.forced.all()
    if trace.family == "gpt":  # renormalised over every other key the row sees: <sos> and the output too
        hidden = own_rows(trace).copy()
        hidden[..., masked] = 0
        assert np.allclose(used_rows(trace), hidden / hidden.sum(-1, keepdims=True), atol=1e-6)
    else:
        assert np.allclose(cross.sum(-1), 1, atol=1e-6)
    z = decode(json.loads(whatif_heatmap(result).to_json())["data"][0]["z"])
    assert (z[:, masked] == 0).all()


def test_uniform_rows_are_one_over_s_in_every_layer_and_head_of_the_transformer(tiny_vocabs):
    model = tiny("transformer", *map(len, tiny_vocabs))
    cross = whatif_decode(model, *tiny_vocabs, SENTENCE, "uniform").trace.cross
    assert cross.weights.shape == (2, 4, model.config.max_output_len, S)
    assert np.allclose(cross.weights, 1 / S, rtol=0, atol=1e-7)
    # each head's context is the plain mean of its values
    assert np.allclose(cross.contexts, cross.values.mean(-2, keepdims=True), atol=1e-6)


def test_uniform_spreads_the_gpts_share_of_the_source_evenly(tiny_vocabs):
    model = tiny("gpt", *map(len, tiny_vocabs))
    trace = whatif_decode(model, *tiny_vocabs, SENTENCE, "uniform").trace
    own, used = own_rows(trace), used_rows(trace)
    share = own[..., :S].sum(-1, keepdims=True)  # (L, h, T, 1)
    assert np.allclose(used[..., :S], share / S, atol=1e-6)  # the source block: flat, with the row's own share
    assert np.allclose(used[..., S:], own[..., S:], atol=1e-6)  # <sos> and the output so far: kept


def test_frozen_rows_repeat_each_heads_first_step(stack):
    trace = run(stack, "frozen").trace
    cross = trace.cross.weights  # (L, h, T, S)
    assert np.array_equal(cross, np.broadcast_to(cross[:, :, :1], cross.shape))
    if trace.family == "gpt":  # the rest of each row shares what the frozen source block leaves
        used = used_rows(trace)
        assert np.allclose(used.sum(-1), 1, atol=1e-6)
        own = own_rows(trace)[..., S:]
        assert np.allclose(used[..., S:], own / own.sum(-1, keepdims=True) * used[..., S:].sum(-1, keepdims=True))


def test_gold_rows_go_to_the_linked_words_in_every_layer_and_head(stack):
    result = run(stack, "gold", gold=LINKS)
    cross = result.trace.cross.weights  # (L, h, T, S)
    rows = gold_rows(LINKS, S)
    assert result.forced.tolist() == [t in rows for t in range(cross.shape[2])]
    for t, row in rows.items():
        share = cross[:, :, t].sum(-1, keepdims=True)  # 1, or the GPT row's share of the source
        assert np.allclose(cross[:, :, t], share * row, atol=1e-6)
        assert ((cross[:, :, t] > 0) == (row > 0)).all()


def test_the_heatmap_draws_the_last_layers_mean_over_heads_and_says_so(stack):
    result = run(stack, "mask", masked=2)
    fig = json.loads(whatif_heatmap(result).to_json())
    z = decode(fig["data"][0]["z"])
    assert np.allclose(z, result.trace.cross.weights[-1].mean(0))
    assert fig["layout"]["title"]["text"] == "last layer, mean of its 4 heads"


# ------------------------------------------------------------------------------------ the page through AppTest

DATE = "May 13 2073"  # a test sentence of the pack below, given a made-up gold alignment: "gold" draws too


@pytest.fixture
def stack_pack_root(tmp_path, monkeypatch):
    """A dates pack with a GRU (dot) and an untrained Transformer and GPT; served as the app's packs folder."""
    pack = tmp_path / "dates"
    pack.mkdir()
    shutil.copy(PRETRAINED / "dates/task.json", pack)
    shutil.copytree(PRETRAINED / "dates/dot", pack / "dot")
    test = json.loads((PRETRAINED / "dates/test.json").read_text("utf-8"))[:20]
    example = next(e for e in test if e["source"] == DATE)
    example["meta"]["alignment"] = [[7, 0], [8, 1], [9, 2], [10, 3], [0, 5], [1, 6], [4, 8], [5, 9]]
    (pack / "test.json").write_text(json.dumps(test), "utf-8")
    src_vocab, tgt_vocab = load_vocabs(pack / "dot/vocab.json")
    for family in FAMILIES:
        save_model(pack / family, tiny(family, len(src_vocab), len(tgt_vocab)), src_vocab, tgt_vocab)
    monkeypatch.setenv("ATTENTION_EXPLORER_PRETRAINED", str(tmp_path))
    return tmp_path


@pytest.mark.parametrize("family", FAMILIES)
def test_the_whatif_page_runs_every_experiment_on_a_stack_model(stack_pack_root, family):
    at = app(DATE, model=family).run(timeout=600)
    at.switch_page("pages/whatif.py").run(timeout=600)
    assert at.radio(key="attention_model").value == family
    for mode in EXPERIMENTS:
        at.segmented_control(key="whatif").set_value(mode).run(timeout=600)
        assert not at.exception, (mode, [e.message for e in at.exception])
        assert not at.error, (mode, [e.value for e in at.error])
        own, _, used = figures(at)
        assert own["layout"]["title"]["text"] == used["layout"]["title"]["text"] == "last layer, mean of its 4 heads"
        assert decode(used["data"][0]["z"]).shape[1] == len(DATE)
        notes = " ".join(c.value for c in at.main.caption)
        assert ("every head" in notes) and ("GPT" in notes) == (family == "gpt")
    assert len(at.dataframe[0].value) == 1 + len(EXPERIMENTS)  # the table: own, then every experiment
