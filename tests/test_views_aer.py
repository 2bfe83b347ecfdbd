"""models/evaluation/views_aer.py: the AER of each view's argmax against gold alignments. Constructed maps whose
AER is known; tiny random stacks with gold links taken from their own maps (per layer and head); eval.json's
"aer_by_view" read and written; the shipped en-fr and en-ko GRUs' values against their eval.json AER, and their
stacks' views, layers and heads."""

import json

import numpy as np
import pytest
import torch
from conftest import at_most, tiny_model

from models.evaluation.alignment import alignment_counts, alignment_error_rate
from models.evaluation.evaluate import evaluate_model
from models.evaluation.views_aer import VIEWS, SentenceViews, aer_by_view, aer_of_maps, sentence_views, views_aer
from models.net.decoding import forced_weights_many
from models.net.registry import build
from models.net.transformer import GPTConfig, TransformerConfig
from models.packs.data import Example
from models.packs.pack import PRETRAINED, LoadedModel, load_pack
from models.packs.records import Evaluation, PackError, ViewsAER
from models.text.vocab import Vocab

GOLD = [[0, 0], [2, 1], [1, 2]]  # (source index, target index)


def one_hot(links, T=3, S=3):
    z = np.zeros((T, S))
    for j, i in links:
        z[i, j] = 1.0
    return z


def test_a_map_equal_to_the_gold_alignment_has_aer_0():
    assert aer_of_maps([one_hot(GOLD)], [GOLD]) == 0.0


def test_a_map_missing_every_gold_link_has_aer_1_and_half_right_is_between():
    wrong = [[1, 0], [0, 1], [2, 2]]
    assert aer_of_maps([one_hot(wrong)], [GOLD]) == 1.0
    half = aer_of_maps([one_hot(GOLD), one_hot(wrong)], [GOLD, GOLD])
    assert half == 0.5


def test_a_transposed_and_a_shifted_map_have_their_known_aer():
    cycle = [[1, 0], [2, 1], [0, 2]]  # target i aligned to source i + 1 (mod 3)
    # the transpose links target i to source i - 1: no gold link is hit
    assert aer_of_maps([one_hot(cycle).T], [cycle]) == 1.0
    diagonal = [[j, j] for j in range(4)]
    shifted = np.roll(np.eye(4), 1, axis=1)  # row i peaks at source i + 1 (mod 4)
    shifted[3] = np.eye(4)[3]  # the last row stays on the diagonal: 1 hit of 4 links each side
    assert aer_of_maps([shifted], [diagonal]) == 1 - 2 * 1 / (4 + 4)
    # soft weights count by their argmax only
    assert aer_of_maps([0.6 * one_hot(GOLD) + 0.1], [GOLD]) == 0.0


def test_several_gold_links_per_word_count_in_g():
    gold = [[0, 0], [1, 0], [2, 1]]  # target 0 has two source words: |G| = 3, one argmax per row: |A| = 2
    assert aer_of_maps([one_hot([[0, 0], [2, 1]], T=2)], [gold]) == round(1 - 2 * 2 / (2 + 3), 5)


def test_views_layers_and_heads_of_constructed_sentences():
    right, wrong = one_hot(GOLD), one_hot([[1, 0], [0, 1], [2, 2]])
    cross = np.stack([np.stack([right, wrong]), np.stack([wrong, wrong])])  # (L=2, H=2, T, S)
    sentence = SentenceViews({"raw": right, "value_weighted": wrong, "gradient": right}, cross)
    scores = aer_by_view([sentence], [GOLD], heads=True)
    assert (scores.n, scores.raw, scores.value_weighted, scores.rollout, scores.gradient) == (1, 0.0, 1.0, None, 0.0)
    assert scores.heads == [[0.0, 1.0], [1.0, 1.0]]
    # layer 1's mean of a right and a wrong head: ties go to the first (lower) source index, as np.argmax does
    assert scores.layers == [aer_of_maps([(right + wrong) / 2], [GOLD]), 1.0]
    assert aer_by_view([sentence], [GOLD], heads=False).layers == []


@pytest.fixture(scope="module")
def vocabs():
    return Vocab.build(["abc def", "xyz 123"], "char"), Vocab.build(["0123456789-"], "char")


def own_gold(lm: LoadedModel, source: str, target: str) -> list[list[int]]:
    """Gold links equal to the argmax of the model's own raw view (last layer, mean of the heads)."""
    raw = sentence_views(lm, source, target).views["raw"]
    return [[int(j), i] for i, j in enumerate(raw.argmax(-1))]


@pytest.mark.parametrize("kind", ["transformer", "gpt"])
def test_a_tiny_stack_gets_every_view_and_every_layer_and_head(vocabs, kind):
    src, tgt = vocabs
    config = (TransformerConfig if kind == "transformer" else GPTConfig)(
        len(src), len(tgt), d_model=16, n_heads=4, n_layers=2, d_ff=32, dropout=0.0, max_output_len=8
    )
    torch.manual_seed(0)
    lm = LoadedModel(kind, build(config).eval(), config, src, tgt)
    pairs = [("abc def", "1234"), ("xyz", "90-"), ("abc", "5")]
    examples = [Example(s, t, len(s), {"alignment": own_gold(lm, s, t)}) for s, t in pairs]
    examples.append(Example("def", "12", 3))  # no gold alignment: left out
    scores = views_aer(lm, examples)
    assert scores.n == 3
    assert scores.raw == 0.0  # the gold links are its own argmax
    assert all(scores.view(v) is not None and 0.0 <= scores.view(v) <= 1.0 for v in VIEWS)
    assert len(scores.layers) == 2 and [len(h) for h in scores.heads] == [4, 4]
    assert scores.layers[-1] == scores.raw  # raw reads the last layer's mean of the heads
    # one head's AER is that of its own map's argmax
    s = [sentence_views(lm, e.source, e.target) for e in examples[:3]]
    golds = [e.meta["alignment"] for e in examples[:3]]
    assert scores.heads[0][2] == aer_of_maps([v.cross[0, 2] for v in s], golds)


def test_a_gru_has_no_rollout_nor_heads_and_a_model_without_attention_none(vocabs):
    src, tgt = vocabs
    gru = tiny_model("general", len(src), len(tgt))
    lm = LoadedModel("general", gru, gru.config, src, tgt)
    examples = [Example("abc def", "123", 7, {"alignment": [[0, 0], [4, 1], [6, 2]]})]
    scores = views_aer(lm, examples)
    assert scores.rollout is None and scores.layers == scores.heads == []
    assert {v for v in VIEWS if scores.view(v) is not None} == {"raw", "value_weighted", "gradient"}
    none = tiny_model("none", len(src), len(tgt))
    assert views_aer(LoadedModel("none", none, none.config, src, tgt), examples) is None
    assert views_aer(lm, [Example("abc", "1", 3)]) is None  # nothing aligned


def test_a_grus_raw_view_aer_is_the_eval_aer_of_the_same_sentences(vocabs):
    src, tgt = vocabs
    gru = tiny_model("dot", len(src), len(tgt))
    lm = LoadedModel("dot", gru, gru.config, src, tgt)
    examples = [
        Example("abc def", "123", 7, {"alignment": [[0, 0], [4, 1], [6, 2]]}),
        Example("xyz", "9-0", 3, {"alignment": [[2, 0], [1, 1], [0, 2]]}),
    ]
    weights = forced_weights_many(gru, src, tgt, [(e.source, e.target) for e in examples])
    counts = [alignment_counts(w, e.meta["alignment"]) for w, e in zip(weights, examples, strict=True)]
    assert views_aer(lm, examples).raw == alignment_error_rate(counts)


def test_eval_json_without_the_key_stays_as_it_was_and_with_it_reads_back():
    path = PRETRAINED / "dates" / "dot" / "eval.json"  # no gold alignments: never computed
    data = json.loads(path.read_text("utf-8"))
    old = Evaluation.from_dict(data)
    assert old.aer_by_view is None and old.to_dict() == data
    scores = ViewsAER(n=2, raw=0.1, gradient=0.2, layers=[0.3], heads=[[0.3, None]])
    again = Evaluation.from_dict(json.loads(json.dumps({**data, "aer_by_view": scores.to_dict()})))
    assert again.aer_by_view == scores and "rollout" not in again.to_dict()["aer_by_view"]
    with pytest.raises(PackError, match=r"aer_by_view\.heads"):
        Evaluation.from_dict({**data, "aer_by_view": {"n": 1, "heads": [0.1]}})


@pytest.mark.parametrize("pack", ["en-fr", "en-ko"])
def test_the_shipped_grus_views_aer_is_measured_on_every_aligned_test_sentence(pack):
    loaded = load_pack(PRETRAINED / pack)
    aligned = [e for e in loaded.test if e.meta.get("alignment")]
    for name in ("dot", "general", "additive"):
        ev = loaded.models[name].evaluation
        views = ev.aer_by_view
        assert views is not None and views.n == len(aligned) == ev.overall.n
        # the raw view is the map eval.json's AER scores, on the same sentences
        assert views.raw == ev.overall.aer
        assert views.rollout is None and views.layers == [] and views.gradient > views.raw
    # measured again on a sample: the same function gives the eval's AER of the same sentences
    lm = loaded.models["dot"]
    sample = aligned[:40]
    weights = forced_weights_many(lm.model, lm.src_vocab, lm.tgt_vocab, [(e.source, e.target) for e in sample])
    counts = [alignment_counts(w, e.meta["alignment"]) for w, e in zip(weights, sample, strict=True)]
    assert views_aer(lm, sample).raw == alignment_error_rate(counts)


@pytest.mark.parametrize("pack", ["en-fr", "en-ko"])
def test_the_shipped_stacks_have_every_view_layer_and_head(pack):
    """Every view, layer and head of both stacks in eval.json; the rollout issue's bar on en-fr: the Transformer's
    best view <= 0.25 (measured on the pack of 2026-12-06: rollout 0.221, raw 0.229, value-weighted 0.235, gradient
    0.346, its alignment head alone, which eval.json's AER scores, 0.196; on the pack of 2026-12-08, whose Transformer
    the time budget stopped after 1.39 epochs: rollout 0.254, raw 0.257, value-weighted 0.258, gradient 0.358, the
    alignment head 0.204, an expected failure until it trains again). The bar is en-fr's; en-ko's Transformer, whose Korean puts the verb
    and its endings last, measured value-weighted 0.265, raw 0.276, rollout 0.313, gradient 0.329 (its alignment
    head 0.217), and is held to the pack's 0.3 below."""
    loaded = load_pack(PRETRAINED / pack)
    for name in ("transformer", "gpt"):
        lm = loaded.models[name]
        views = lm.evaluation.aer_by_view
        assert views is not None and views.n == lm.evaluation.overall.n
        assert None not in (views.raw, views.value_weighted, views.rollout, views.gradient)
        assert len(views.layers) == len(views.heads) == lm.config.n_layers  # the decoder's or the GPT's layers
        assert views.raw == views.layers[-1]  # the raw view is the last layer's mean of the heads
        assert views.heads[-1][0] == lm.evaluation.overall.aer  # eval.json's AER: the alignment head
    best = loaded.models["transformer"].evaluation.aer_by_view
    lowest, bar = min(best.raw, best.value_weighted, best.rollout, best.gradient), (0.25 if pack == "en-fr" else 0.3)
    at_most(lowest, bar, loaded.models["transformer"], "best view")  # en-fr, 2026-12-08: 0.254 after 1.39 epochs


@pytest.mark.parametrize("kind", ["dot", "transformer"])
def test_evaluate_model_with_views_writes_aer_by_view_beside_the_aer(vocabs, kind):
    src, tgt = vocabs
    if kind == "dot":
        model = tiny_model("dot", len(src), len(tgt))
    else:
        torch.manual_seed(0)
        model = build(TransformerConfig(len(src), len(tgt), d_model=16, n_heads=2, n_layers=2, d_ff=32, dropout=0.0))
        model.eval()
    lm = LoadedModel(kind, model, model.config, src, tgt)
    examples = [
        Example("abc def", "123", 7, {"alignment": [[0, 0], [4, 1], [6, 2]]}),
        Example("xyz", "9-0", 3, {"alignment": [[2, 0], [1, 1], [0, 2]]}),
        Example("abc", "5", 3),
    ]
    plain = evaluate_model(lm, examples, [1])
    assert plain.aer_by_view is None and "aer_by_view" not in plain.to_dict()
    result = evaluate_model(lm, examples, [1], views=True)
    assert result.aer_by_view.n == 2 and result.to_dict()["aer_by_view"]["n"] == 2
    if kind == "dot":  # a GRU's raw view is the map the AER scores
        assert result.aer_by_view.raw == result.overall.aer
    else:  # a stack's AER scores its alignment head (models/net/family.py: the last layer's first head)
        assert len(result.aer_by_view.heads) == 2 and result.aer_by_view.rollout is not None
        assert result.aer_by_view.heads[-1][0] == result.overall.aer
