"""The shipped pretrained files: complete, small, safetensors only, and as good as promised."""

import json

import pytest

from models.evaluation.evaluate import evaluate_model
from models.packs.pack import PRETRAINED

GRUS = ["none", "dot", "general", "additive"]
MODELS = [*GRUS, "transformer", "gpt"]


def test_pack_has_every_model_and_no_pickle(dates_pack):
    assert list(dates_pack.models) == MODELS and not dates_pack.errors
    for name in MODELS:
        folder = PRETRAINED / "dates" / name
        names = sorted(p.name for p in folder.iterdir())
        files = ["config.json", "eval.json", "history.json", "model.safetensors", "vocab.json"]
        if name in ("transformer", "gpt"):  # models with heads ship their head-removal table (models.evaluation.heads)
            files = sorted([*files, "heads.json"])
        assert names == files
        assert (folder / "model.safetensors").stat().st_size < 3_000_000


def test_models_share_sizes_and_budget(dates_pack):
    configs = [dates_pack.models[n].config for n in GRUS]
    assert len({(c.embed_size, c.hidden_size, c.src_vocab_size, c.tgt_vocab_size) for c in configs}) == 1
    budgets = [json.dumps(dates_pack.models[n].history.train_config, sort_keys=True) for n in GRUS]
    assert len(set(budgets)) == 1
    # The Transformer and GPT: the same data, vocabularies and training settings (theirs added), a fair size
    gru = dates_pack.models["dot"]
    for name in ("transformer", "gpt"):
        m = dates_pack.models[name]
        assert (m.config.src_vocab_size, m.config.tgt_vocab_size) == (
            gru.config.src_vocab_size,
            gru.config.tgt_vocab_size,
        )
        shared = {k: v for k, v in m.history.train_config.items() if k in gru.history.train_config}
        assert shared == gru.history.train_config
        assert 0.8 < m.history.parameters / gru.history.parameters < 1.35


@pytest.mark.parametrize("name", ["dot", "general", "additive", "transformer", "gpt"])
def test_attention_models_meet_the_bar_on_the_test_split(dates_pack, name):
    m = dates_pack.models[name]
    result = evaluate_model(m, dates_pack.test, dates_pack.task.length_edges)
    assert result.overall.n == len(dates_pack.test) >= 1000
    assert result.overall.exact >= 0.97
    # the shipped eval.json is what the evaluation of these weights gives
    assert result.overall == m.evaluation.overall


def test_none_model_is_reported_honestly(dates_pack):
    m = dates_pack.models["none"]
    result = evaluate_model(m, dates_pack.test[:1000], dates_pack.task.length_edges)
    assert result.overall.exact > 0.5  # trained for real, not crippled
    assert set(m.evaluation.buckets) == set(result.buckets)


def test_history_records_learning(dates_pack):
    for name in MODELS:
        h = dates_pack.models[name].history
        losses = [loss for _, loss in h.loss]
        assert losses[-1] < losses[0] / 10
        assert len(h.snapshots) >= 5 and h.snapshots[0].step == 0
        if name != "none":
            first, last = h.snapshots[0].probes[0].weights_2d(), h.snapshots[-1].probes[0].weights_2d()
            # attention sharpens: the mean max weight per step grows
            assert sum(map(max, last)) / len(last) > sum(map(max, first)) / len(first) + 0.2
