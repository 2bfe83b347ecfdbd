"""Copying on the pages: the figures (pure functions of a trace) and the Translate and Attention pages through
AppTest, on a copy of the dates pack whose dot model has a copy head (the shipped weights, p_gen = 0.5 at first)."""

import dataclasses
import shutil

import numpy as np
import pytest
import torch
from conftest import app, figures

from explorer.copy_figures import COPIED_COLOR, mixture_bars, p_gen_bars
from models.net import registry
from models.net.decoding import translate
from models.packs.pack import PRETRAINED, load_pack, save_model

SENTENCE = "Sunday, March 3, 2019"


def with_copy_head(m, bias: float = 0.0):
    """The pack model `m` with a copy head on top of its own weights: p_gen = σ(bias) at every step."""
    config = dataclasses.replace(m.config, copy=True)
    model = registry.build(config).eval()
    missing, unexpected = model.load_state_dict(m.model.state_dict(), strict=False)
    assert not unexpected and all(k.startswith("copy.") for k in missing)
    switch = model.copy.w if hasattr(model.copy, "w") else model.copy.switch.w  # a GRU's, a Transformer's
    with torch.no_grad():
        switch.weight.zero_()
        switch.bias.fill_(bias)
    return model


@pytest.fixture(scope="module")
def copy_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("packs")
    shutil.copytree(PRETRAINED / "dates", root / "dates")
    pack = load_pack(root / "dates")
    for name in ("dot", "transformer"):
        m = pack.model(name)
        save_model(root / "dates" / name, with_copy_head(m), m.src_vocab, m.tgt_vocab)
    return root


@pytest.fixture
def copy_pack(copy_root, monkeypatch):
    monkeypatch.setenv("ATTENTION_EXPLORER_PRETRAINED", str(copy_root))
    return load_pack(copy_root / "dates")


def test_the_figures_draw_p_gen_and_the_mixture(copy_pack):
    m = copy_pack.model("dot")
    trace = translate(m.model, m.src_vocab, m.tgt_vocab, SENTENCE)
    assert trace.copies and np.allclose(trace.p_gen, 0.5)
    assert any(trace.copied) and len(trace.copied) == len(trace.output_tokens)
    bars = p_gen_bars(trace, step=1).to_dict()["data"][0]
    assert list(bars["y"]) == pytest.approx([0.5] * len(trace.output_tokens))
    assert bars["marker"]["line"]["width"][1] == 3  # the selected step is outlined
    step = trace.copied.index(True)
    fig = mixture_bars(trace, step).to_dict()["data"]
    assert [len(b["y"]) for b in fig] == [len(trace.copy_steps[step].tokens)] * 3
    vocab, copy, mixed = (np.array(b["y"]) for b in fig)
    assert np.allclose(mixed, 0.5 * vocab + 0.5 * copy)
    assert any(COPIED_COLOR in x for x in fig[0]["x"])  # the copied word is highlighted
    s = trace.copy_steps[step]
    assert s.tokens[int(np.argmax(s.mixture))] == trace.output_tokens[step]  # greedy wrote the mixture's top word


def test_translate_page_marks_copied_tokens_and_says_who_cannot_copy(copy_pack):
    at = app(SENTENCE + " Ω", models="none,dot").run()
    at.switch_page("pages/translate.py").run()
    assert not at.exception, [e.message for e in at.exception]
    texts = [str(f["data"][0].get("text")) for f in figures(at)]
    assert any("<b><i>" in t for t in texts)  # the copy model's copied tokens
    info = "\n".join(e.value for e in at.info)
    assert "copies words it does not know" in info
    assert "Without attention this model has nothing to copy with" in info


def test_attention_page_shows_the_mixture_at_the_step(copy_pack):
    at = app(SENTENCE, models="none,dot", step="2").run()
    at.switch_page("pages/attention.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.radio(key="attention_model").value == "dot"
    text = "\n".join(e.value for e in [*at.caption, *at.markdown, *at.subheader])
    assert "Copy or generate: p_gen" in text and "The model without attention has no copy head" in text
    names = [[b.get("name") for b in f["data"]] for f in figures(at)]
    assert any(n and "P_vocab(w): the output layer" in n for n in names)


def test_attention_page_of_a_model_without_copy_head_says_so(copy_pack):
    at = app(SENTENCE, models="none,general").run()
    at.switch_page("pages/attention.py").run()
    assert not at.exception
    at.radio(key="attention_model").set_value("general").run()
    text = "\n".join(e.value for e in at.caption)
    assert "This model has no copy head" in text


def test_the_korean_pages_speak_korean_about_copying(copy_pack):
    at = app(SENTENCE + " Ω", models="none,dot", lang="ko").run()
    at.switch_page("pages/translate.py").run()
    assert not at.exception
    assert len(at.main.info) == 2  # what copies and what cannot; the sidebar lists Ω as something copied
    assert len(at.sidebar.info) == 1 and "Ω" in at.sidebar.info[0].value
    info = "\n".join(e.value for e in at.info)
    assert "copies words" not in info and "Without attention" not in info and "copy" not in info


def test_the_transformer_shows_its_copy_head_under_its_heads(copy_pack):
    at = app(SENTENCE, models="none,transformer", step="3").run()
    at.switch_page("pages/attention.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.radio(key="attention_model").value == "transformer"
    assert "Copy or generate: p_gen" in [e.value for e in at.subheader]
    assert any(b.get("name") == "p_gen" or "P_vocab" in str(b.get("name")) for f in figures(at) for b in f["data"])


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/context.py", "pages/gradients.py", "pages/whatif.py"])
def test_every_page_reads_a_copy_model(copy_pack, page):
    at = app(SENTENCE, models="none,dot,transformer").run()
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
