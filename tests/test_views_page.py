"""The Attention page's views of one map (explorer/views_page.py, models.net.views.output_views): a GRU's
value-weighted rows, rollout's rows, and the section through AppTest on the shipped dates pack."""

import json

import numpy as np
import pytest
import torch
from conftest import app, decode, tiny_model

from models.net.decoding import translate
from models.net.registry import build
from models.net.transformer import GPTConfig, TransformerConfig
from models.net.views import output_views, row_normalised
from models.text.vocab import Vocab

SENTENCE = "Sunday, March 3, 2019"


@pytest.fixture(scope="module")
def vocabs():
    return Vocab.build(["abc def", "xyz 123"], "char"), Vocab.build(["0123456789-"], "char")


def test_a_grus_value_weighted_rows_are_its_weights_times_the_key_norms_renormalised(vocabs):
    src, tgt = vocabs
    trace = translate(tiny_model("dot", len(src), len(tgt)), src, tgt, "abc def")
    views = output_views(tiny_model("dot", len(src), len(tgt)), trace)
    alpha, h = trace.cross.weights[0, 0], trace.cross.values[0, 0]  # (T, S), (S, H)
    want = alpha * np.linalg.norm(h, axis=-1)[None, :]
    np.testing.assert_allclose(views.value_weighted, want / want.sum(-1, keepdims=True), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(views.raw, alpha / alpha.sum(-1, keepdims=True), rtol=1e-6)
    assert views.rollout is None  # no self-attention to roll through


def test_row_normalised_keeps_zero_rows():
    z = row_normalised(np.array([[1.0, 3.0], [0.0, 0.0]]))
    np.testing.assert_array_equal(z, [[0.25, 0.75], [0.0, 0.0]])


@pytest.mark.parametrize("kind", ["transformer", "gpt"])
@pytest.mark.parametrize("layers", [1, 2])
def test_a_stacks_views_are_row_normalised_and_one_layer_rollout_is_half_a_plus_i(vocabs, kind, layers):
    src, tgt = vocabs
    config = (TransformerConfig if kind == "transformer" else GPTConfig)(
        len(src), len(tgt), d_model=16, n_heads=4, n_layers=layers, d_ff=32, dropout=0.0, max_output_len=6
    )
    torch.manual_seed(0)
    model = build(config).eval()
    trace = translate(model, src, tgt, "abc def")
    views = output_views(model, trace, layer=0, head=1)
    T, S = len(trace.output_tokens), len(trace.source_tokens)
    for z in (views.raw, views.value_weighted, views.rollout):
        assert z.shape == (T, S)
        np.testing.assert_allclose(z.sum(-1), 1.0, rtol=1e-5)
    np.testing.assert_allclose(views.raw, row_normalised(trace.cross.weights[0, 1]), rtol=1e-6)
    assert views.layers == layers
    if kind == "transformer" and layers == 1:
        a = 0.5 * (trace.map("encoder_self").weights[0].mean(0) + np.eye(S))  # ½(A + I), rows already sum to 1
        want = trace.cross.weights[-1].mean(0) @ a
        np.testing.assert_allclose(views.rollout, row_normalised(want), rtol=1e-5, atol=1e-7)


def section(at):
    """The view charts' names and their row sums."""
    charts = {c.proto.id.rsplit("-view-", 1)[-1]: c for c in at.get("plotly_chart") if "-view-" in c.proto.id}
    return {name: decode(json.loads(c.proto.spec)["data"][0]["z"]) for name, c in charts.items()}


@pytest.mark.slow
def test_the_dates_transformer_shows_four_views():
    at = app(SENTENCE, model="transformer", models="none,dot,transformer").run()
    at.switch_page("pages/attention.py").run()
    assert not at.exception, [e.message for e in at.exception]
    views = section(at)
    assert list(views) == ["raw", "value-weighted", "rollout", "gradient"]
    for z in views.values():
        np.testing.assert_allclose(np.asarray(z).sum(-1), 1.0, rtol=1e-4)
    assert any("Kobayashi" in c.value for c in at.caption) and any("Abnar" in c.value for c in at.caption)
    assert not any("Rollout needs" in i.value for i in at.info)


@pytest.mark.slow
def test_a_gru_shows_three_views_and_a_note_on_rollout():
    at = app(SENTENCE, model="dot", models="none,dot,general").run()
    at.switch_page("pages/attention.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert list(section(at)) == ["raw", "value-weighted", "gradient"]
    assert any("a GRU has none" in i.value for i in at.info)


@pytest.mark.slow
def test_the_page_shows_the_aer_of_each_view_where_eval_json_has_it(pack_copy, monkeypatch):
    def with_views(model, scores):
        path = pack_copy / model / "eval.json"
        path.write_text(json.dumps({**json.loads(path.read_text("utf-8")), "aer_by_view": scores}), "utf-8")

    with_views("dot", {"n": 40, "raw": 0.1, "value_weighted": 0.12, "gradient": 0.2})
    heads = [[0.5, 0.4, 0.3, 0.25], [0.2, 0.6, 0.7, 0.35]]
    with_views("transformer", {"n": 40, "raw": 0.3, "value_weighted": 0.31, "rollout": 0.4, "gradient": 0.22,
                               "layers": [0.33, 0.3], "heads": heads})  # fmt: skip
    monkeypatch.setenv("ATTENTION_EXPLORER_PRETRAINED", str(pack_copy.parent))
    at = app(SENTENCE, model="transformer", models="none,dot,transformer").run()
    at.switch_page("pages/attention.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert any(s.value == "Which view points at the right word?" for s in at.subheader)
    by_view, by_head = (d.value for d in at.dataframe[-2:])
    assert list(by_view.index) == ["dot", "transformer"]
    assert list(by_view.columns) == ["raw α", "value-weighted", "rollout", "gradient", "n"]
    assert by_view.loc["dot", "gradient"] == 0.2 and np.isnan(by_view.loc["dot", "rollout"])
    assert by_view.loc["transformer", "rollout"] == 0.4
    assert list(by_head.index) == ["layer 1", "layer 2"] and by_head.shape == (2, 5)
    np.testing.assert_allclose(by_head.iloc[:, :4].to_numpy(dtype=float), heads)
    np.testing.assert_allclose(by_head.iloc[:, 4].to_numpy(dtype=float), [0.33, 0.3])


@pytest.mark.slow
def test_no_aer_table_without_aer_by_view():
    at = app(SENTENCE, model="dot", models="none,dot,general").run()
    at.switch_page("pages/attention.py").run()
    assert not any(s.value == "Which view points at the right word?" for s in at.subheader)
