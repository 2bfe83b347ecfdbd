"""Training the Transformer and the GPT: their configs from the training settings, AdamW with a warm-up, the
alignment head guided training pulls, and a short run that learns."""

import math
from itertools import pairwise

import pytest
import torch

from models.net.family import ALIGNMENT_HEAD, ALIGNMENT_LAYER
from models.net.transformer import GPTConfig, TransformerConfig
from models.tasks.dates import generate
from models.training.__main__ import chosen_models
from models.training.batches import collate, encode_pairs
from models.training.config import GRU_MODELS, TRAINABLE, TrainConfig
from models.training.forward import teacher_forced
from models.training.loop import start_run, train_model
from models.training.packs import build_vocabs
from models.training.schedule import cosine_schedule, warmup_factor

SMALL = {"train": 600, "valid": 60, "test": 60}
TINY = {
    "epochs": 3,
    "batch_size": 32,
    "snapshots": 2,
    "log_every": 5,
    "d_model": 32,
    "n_heads": 2,
    "n_layers": 1,
    "gpt_layers": 2,
    "d_ff": 64,
    "dropout": 0.0,
    "warmup_steps": 10,
    "stack_lr": 3e-3,
}


def test_the_stack_models_get_the_stack_sizes_and_the_grus_keep_theirs():
    cfg = TrainConfig.from_dict({"d_model": 48, "n_heads": 3, "n_layers": 2, "gpt_layers": 5, "hidden_size": 40})
    t = cfg.model_config("transformer", 30, 20)
    g = cfg.model_config("gpt", 30, 20)
    assert isinstance(t, TransformerConfig) and (t.d_model, t.n_heads, t.n_layers) == (48, 3, 2)
    assert isinstance(g, GPTConfig) and g.n_layers == 5 and g.max_output_len == cfg.model.max_output_len
    assert cfg.model_config("dot", 30, 20).hidden_size == 40
    assert cfg.is_stack("gpt") and not cfg.is_stack("dot")
    assert cfg.peak_lr("transformer") == cfg.stack_lr and cfg.peak_lr("none") == cfg.lr


def test_model_flag_groups():
    assert chosen_models("all") == list(TRAINABLE) and "transformer" in TRAINABLE and "gpt" in TRAINABLE
    assert chosen_models("gru") == list(GRU_MODELS) == ["none", "dot", "general", "additive"]
    assert chosen_models("gpt,dot") == ["gpt", "dot"]
    for bad in ("gpt,gpt", "", "gru,dot", "transformers"):
        assert chosen_models(bad) is None


def test_warm_up_rises_linearly_then_follows_the_cosine():
    assert [warmup_factor(s, 4) for s in range(6)] == [0.25, 0.5, 0.75, 1.0, 1.0, 1.0]
    assert warmup_factor(0, 0) == 1.0
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0)
    sched = cosine_schedule(opt, total_steps=100, warmup_steps=10)
    rates = []
    for _ in range(100):
        rates.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    assert rates[0] == pytest.approx(0.1 * (0.05 + 0.95 * 0.5 * (1 + math.cos(0))), rel=1e-6)
    assert all(a < b for a, b in pairwise(rates[:10]))  # rising through the warm-up
    assert all(a >= b for a, b in pairwise(rates[10:]))  # then only falling


@pytest.fixture(scope="module")
def data():
    splits = generate(seed=0, sizes=SMALL)
    return splits, *build_vocabs(splits, "char", "char")


@pytest.mark.parametrize("name", ["transformer", "gpt"])
def test_adamw_decays_the_matrices_only(data, name):
    splits, src, tgt = data
    run = start_run(name, splits, src, tgt, TrainConfig.from_dict(TINY), [], progress=False)
    assert isinstance(run.optimizer, torch.optim.AdamW) and run.warmup == 10 and run.lr == 3e-3
    decayed, kept = run.optimizer.param_groups
    assert decayed["weight_decay"] > 0 and all(p.dim() >= 2 for p in decayed["params"])
    assert kept["weight_decay"] == 0 and all(p.dim() < 2 for p in kept["params"])
    assert run.optimizer.param_groups[0]["lr"] < run.lr  # the first step starts on the warm-up
    gru = start_run("dot", splits, src, tgt, TrainConfig.from_dict(TINY), [], progress=False)
    assert type(gru.optimizer) is torch.optim.Adam and gru.warmup == 0


@pytest.mark.parametrize("name", ["transformer", "gpt"])
def test_guided_alignment_reads_the_alignment_head(data, name):
    splits, src, tgt = data
    run = start_run(name, splits, src, tgt, TrainConfig.from_dict(TINY), [], progress=False)
    run.model.eval()
    pairs = encode_pairs(splits.train[:4], src, tgt, run.model.config)
    s, lens, tgt_in, _ = collate(pairs, range(4))
    _, weights = teacher_forced(run.model, s, lens, tgt_in, with_weights=True)
    cross = run.model.record(s, lens, tgt_in).map("cross")
    assert torch.equal(weights, cross.weights[:, ALIGNMENT_LAYER, ALIGNMENT_HEAD])


@pytest.mark.slow
@pytest.mark.parametrize("name", ["transformer", "gpt"])
def test_a_short_run_learns_and_records_every_head(data, name):
    splits, src, tgt = data
    cfg = TrainConfig.from_dict({**TINY, "epochs": 6})
    model, history = train_model(name, splits, src, tgt, cfg, ["March 3, 2019"], False)
    losses = [loss for _, loss in history.loss]
    assert losses[-1] < 0.6 * losses[0]
    assert history.parameters == sum(p.numel() for p in model.parameters())
    weights = history.snapshots[-1].probes[0].weights  # (layers, heads, T, S): the cross map, every head
    layers = TINY["gpt_layers"] if name == "gpt" else TINY["n_layers"]
    assert len(weights) == layers and len(weights[0]) == TINY["n_heads"]
    assert history.train_config["d_model"] == 32 and history.train_config["warmup_steps"] == 10
