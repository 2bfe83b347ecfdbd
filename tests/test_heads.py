"""The Transformer families on the pages: the all-heads grid, the contexts per step, and the Attention page's
site, layer and head pickers."""

import json

import numpy as np
import pytest
import torch
from conftest import app, tiny_model

from explorer.figures import token_label
from explorer.heads import head_grid, thinned
from models.net.decoding import translate
from models.net.registry import build
from models.net.transformer import GPTConfig, TransformerConfig
from models.packs.pack import PRETRAINED
from models.text.vocab import Vocab


@pytest.fixture(scope="module")
def vocabs():
    return Vocab.build(["abc def", "xyz 123"], "char"), Vocab.build(["0123456789-"], "char")


def stack_trace(kind, vocabs, layers=2, heads=4):
    src, tgt = vocabs
    config = (TransformerConfig if kind == "transformer" else GPTConfig)(
        len(src), len(tgt), d_model=16, n_heads=heads, n_layers=layers, d_ff=32, dropout=0.0, max_output_len=6
    )
    torch.manual_seed(0)
    return translate(build(config).eval(), src, tgt, "abc def")


@pytest.mark.parametrize(
    "kind, sites", [("transformer", ["cross", "encoder_self", "decoder_self"]), ("gpt", ["cross", "causal"])]
)
def test_the_grid_draws_every_layer_and_head_on_one_scale(vocabs, kind, sites):
    trace = stack_trace(kind, vocabs, layers=3, heads=2)
    for site in sites:
        fig = head_grid(trace, site)
        m = trace.map(site)
        assert len(fig.data) == 3 * 2 == len(fig.layout.annotations)
        assert {t.coloraxis for t in fig.data} == {"coloraxis"}
        assert (fig.layout.coloraxis.cmin, fig.layout.coloraxis.cmax) == (0.0, 1.0)
        # cell (layer 2, head 1) holds that head's own weights
        np.testing.assert_array_equal(np.asarray(fig.data[1 * 2 + 0].z), m.weights[1, 0])
        assert fig.layout.annotations[3].text == "layer 2 · head 2"
    scores = head_grid(trace, "cross", "scores")
    axis = scores.layout.coloraxis
    assert axis.cmax > 0 and axis.cmin == -axis.cmax  # raw scores: centred at 0


def test_grid_labels_thin_out_where_they_would_run_into_each_other(vocabs):
    assert thinned(list("abcdefghij"), pitch=10, room=12.5) == ([0, 2, 4, 6, 8], list("acegi"))
    assert thinned(list("abc"), pitch=20, room=12.5) == ([0, 1, 2], list("abc"))
    src, tgt = vocabs
    config = TransformerConfig(len(src), len(tgt), d_model=16, n_heads=4, n_layers=2, d_ff=32, max_output_len=6)
    torch.manual_seed(0)
    long = translate(build(config).eval(), src, tgt, "abc def xyz 123 abc def xyz 123 abc def")  # 39 characters
    fig = head_grid(long, "encoder_self")
    cols, rows = fig.layout.xaxis.ticktext, fig.layout.yaxis.ticktext
    assert 5 <= len(cols) < 39 and len(rows) < 39 and cols[0] == rows[0] == "a"  # thinned, from the first
    hover = np.asarray(fig.data[0].text)  # (queries, keys): the hover still names every cell
    keys = [token_label(t) for t in long.tokens(long.map("encoder_self").cols)]
    assert hover.shape == (39, 39) and [h.split(" → ")[1] for h in hover[0]] == keys
    short = head_grid(stack_trace("transformer", vocabs), "encoder_self")
    assert list(short.layout.xaxis.ticktext) == list(short.layout.yaxis.ticktext) == list("abc␣def")


def test_contexts_per_step_are_the_heads_side_by_side(vocabs):
    trace = stack_trace("transformer", vocabs)
    contexts = trace.step_contexts()  # (T, heads * d_k)
    last = trace.cross.contexts[-1]  # (heads, T, d_k)
    assert contexts.shape == (len(trace.output_tokens), 16)
    np.testing.assert_array_equal(contexts[2, 4:8], last[1, 2])
    src, tgt = vocabs
    gru = translate(tiny_model("dot", len(src), len(tgt)), src, tgt, "abc def")
    np.testing.assert_array_equal(gru.step_contexts(), gru.vector("context"))  # a GRU's one head: a_i
    assert translate(tiny_model("none", len(src), len(tgt)), src, tgt, "abc def").step_contexts() is None


@pytest.mark.slow
@pytest.mark.parametrize("model", ["transformer", "gpt"])
def test_the_attention_page_picks_site_layer_and_head(model):
    at = app("Sunday, March 3, 2019", model=model, models=f"none,dot,{model}")
    at.run()
    at.switch_page("pages/attention.py").run()
    assert not at.exception
    site, layer, head = (at.selectbox(key=k) for k in ("attention_site", "attention_layer", "attention_head"))
    assert site.value == "cross" and layer.value == len(layer.options) - 1  # the last layer's
    assert head.value == 0 and "alignment head" in head.options[1] and "average" in head.options[0]
    n_charts = len(at.get("plotly_chart"))
    assert n_charts >= 8  # heatmap, grid, query, keys, bars, head output, concat, top-k
    other = "encoder_self" if model == "transformer" else "causal"
    site.set_value(other).run()
    assert not at.exception and at.selectbox(key="attention_site").value == other
    head.set_value(-1).run()  # the average of the heads
    assert not at.exception
    grid = json.loads(next(c for c in at.get("plotly_chart") if c.proto.id.endswith("-head-grid")).proto.spec)
    config = json.loads((PRETRAINED / "dates" / model / "config.json").read_text("utf-8"))
    panels = [t["hovertemplate"].split("<br>")[0] for t in grid["data"]]
    assert sum(p.startswith("layer 1 · head") for p in panels) == config["n_heads"]
    assert len(set(panels)) == config["n_heads"] * config["n_layers"]  # one panel per layer × head
