"""The Self-attention & positions page through AppTest: on a pack with a Transformer and a GPT (untrained, saved
into a copy of the dates pack), and on a copy of it with GRU models only."""

import json
import re
import shutil

import numpy as np
import pytest
import torch
from conftest import app, decode, figures

from models.net import registry
from models.net.decoding import translate
from models.net.transformer import without_positions
from models.packs.pack import PRETRAINED, load_pack, save_model
from models.tasks import get_task
from models.training.config import TrainConfig

PAGE = "pages/positions.py"
SENTENCE = "Sunday, March 3, 2019"
STACKS = ("transformer", "gpt")


@pytest.fixture(scope="module")
def stack_root(tmp_path_factory):
    """A packs folder whose dates pack also has an untrained Transformer and GPT, of the sizes training gives them."""
    root = tmp_path_factory.mktemp("packs")
    shutil.copytree(PRETRAINED / "dates", root / "dates")
    gru = load_pack(root / "dates").model("dot")
    train = TrainConfig.from_dict(get_task("dates").train_defaults)
    for seed, name in enumerate(STACKS):
        torch.manual_seed(seed)
        config = train.model_config(name, len(gru.src_vocab), len(gru.tgt_vocab))
        save_model(root / "dates" / name, registry.build(config).eval(), gru.src_vocab, gru.tgt_vocab)
    return root


@pytest.fixture
def gru_only_pack(tmp_path, monkeypatch):
    """A copy of the dates pack without its Transformer and GPT."""
    shutil.copytree(PRETRAINED / "dates", tmp_path / "dates")
    for name in STACKS:
        shutil.rmtree(tmp_path / "dates" / name, ignore_errors=True)
    monkeypatch.setenv("ATTENTION_EXPLORER_PRETRAINED", str(tmp_path))
    return load_pack(tmp_path / "dates")


@pytest.fixture
def stack_pack(stack_root, monkeypatch):
    monkeypatch.setenv("ATTENTION_EXPLORER_PRETRAINED", str(stack_root))
    return load_pack(stack_root / "dates")


def page(sentence=SENTENCE, **params):
    at = app(sentence, **params).run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def read(at) -> str:
    """The page's markdown, captions and info boxes as one text."""
    return "\n".join(e.value for e in [*at.markdown, *at.caption, *at.info])


def traces(pack, name, sentence=SENTENCE):
    """The model's greedy trace of the sentence, with its positions and without them (computed here, not by the app)."""
    m = pack.model(name)
    with_pe = translate(m.model, m.src_vocab, m.tgt_vocab, pack.read(sentence).text)
    with without_positions():
        without_pe = translate(m.model, m.src_vocab, m.tgt_vocab, pack.read(sentence).text)
    return with_pe, without_pe


def test_the_transformer_attends_to_itself_under_its_triangle(stack_pack):
    at = page(models="none,transformer")
    assert [t.value for t in at.title] == ["Self-attention & positions"]
    assert at.radio(key="positions_model").value == "transformer"
    trace, without = traces(stack_pack, "transformer")
    encoder, triangle, pe = (decode(f["data"][0]["z"]) for f in figures(at))
    S, T = len(trace.source_tokens), len(trace.output_tokens)
    # encoder self-attention, S x S, the first layer's heads averaged (the defaults)
    assert encoder.shape == (S, S) and np.allclose(encoder.sum(1), 1, atol=1e-4)
    assert np.allclose(encoder, trace.map("encoder_self").weights[0].mean(0), atol=1e-5)
    # the decoder's triangle, T x T: nothing above the diagonal, and the page says so with the measured number
    assert triangle.shape == (T, T) and np.triu(triangle, k=1).max() == 0
    assert [m.value for m in at.metric] == ["0"]
    assert np.allclose(pe, trace.vector("source_positions"), atol=1e-6)  # the PE rows the model added, S x d_model
    # the two decodings, side by side
    assert [c.value for c in at.code] == [trace.text, without.text]
    assert "bag of words" in read(at)


def test_the_layer_and_head_pickers_choose_the_slice(stack_pack):
    at = page(models="none,transformer")
    at.radio(key="positions_layer::transformer").set_value(1).run()
    at.radio(key="positions_head::transformer").set_value("3").run()
    assert not at.exception
    trace, _ = traces(stack_pack, "transformer")
    encoder, triangle = (decode(f["data"][0]["z"]) for f in figures(at)[:2])
    assert np.allclose(encoder, trace.map("encoder_self").weights[1, 2], atol=1e-5)  # layer 2, head 3
    assert np.allclose(triangle, trace.map("decoder_self").weights[1, 2], atol=1e-5)
    heat = figures(at)[1]
    assert heat["layout"]["xaxis"]["ticktext"][0] == "&lt;sos&gt;"  # the decoder's keys: the tokens it has read


def test_the_gpt_shows_one_causal_triangle_over_source_sos_and_output(stack_pack):
    at = page(models="none,gpt")
    assert at.radio(key="positions_model").value == "gpt"
    trace, without = traces(stack_pack, "gpt")
    charts = figures(at)
    assert len(charts) == 2  # no encoder: the triangle and the positions
    triangle, pe = (decode(f["data"][0]["z"]) for f in charts)
    N = len(trace.source_tokens) + len(trace.output_tokens)
    assert triangle.shape == (N, N) and np.triu(triangle, k=1).max() == 0
    assert [m.value for m in at.metric] == ["0"]
    assert pe.shape == (N, trace.vector("positions").shape[1])
    assert [c.value for c in at.code] == [trace.text, without.text]
    assert "The GPT has no encoder" in read(at) and not at.info


def test_every_row_of_the_sinusoid_matrix_and_its_formula(stack_pack):
    at = page(models="none,transformer")
    assert any(r"\sin" in x.value and r"\cos" in x.value for x in at.latex)
    at.toggle(key="positions_every_row").set_value(True).run()
    pe = decode(figures(at)[2]["data"][0]["z"])
    config = stack_pack.model("transformer").config
    assert pe.shape == (config.max_positions, config.d_model)
    pos, i = 7, 3  # PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(...)
    angle = pos / 10000 ** (2 * i / config.d_model)
    assert pe[pos, 2 * i] == pytest.approx(np.sin(angle), abs=1e-5)
    assert pe[pos, 2 * i + 1] == pytest.approx(np.cos(angle), abs=1e-5)


def test_a_gru_only_pack_says_what_to_pick_and_still_shows_the_positions(gru_only_pack):
    assert not set(STACKS) & set(gru_only_pack.models)
    at = page()
    assert not at.error
    note = next(i.value for i in at.info if "Self-attention needs a Transformer or a GPT" in i.value)
    assert "“transformer” or “gpt”" in note
    assert len(figures(at)) == 1 and not at.code and not at.metric  # the sinusoid matrix alone


def test_a_gru_only_sidebar_choice_still_offers_the_pack_transformers(stack_pack):
    at = page(models="none,dot")
    picker = at.radio(key="positions_model")
    assert picker.value == "transformer" and len(picker.options) == len(STACKS)
    assert len(figures(at)) == 3


def test_the_page_in_korean(stack_pack):
    at = page(models="none,transformer", lang="ko")
    assert re.search(r"[\uac00-\ud7a3]", at.title[0].value)
    assert len(figures(at)) == 3 and [m.value for m in at.metric] == ["0"]
    at.radio(key="positions_model").set_value("gpt").run()
    assert not at.exception and len(figures(at)) == 2


@pytest.mark.parametrize("model", STACKS)
def test_odd_input_is_cut_with_a_warning_and_never_html(stack_pack, model):
    at = page(models=f"none,{model}")
    at.sidebar.text_input(key="sentence").input("3 " * 100).run()
    assert not at.exception and any("was cut" in w.value for w in at.warning)
    assert [m.value for m in at.metric] == ["0"]
    at.sidebar.text_input(key="sentence").input("<script>alert(1)</script><b>x</b>").run()
    assert not at.exception
    for md in at.markdown:
        assert "<script" not in md.value and "<b>x" not in md.value
    for fig in figures(at):
        assert "<script" not in json.dumps(fig, ensure_ascii=False)
