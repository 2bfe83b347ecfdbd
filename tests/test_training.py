"""A few-second training run lowers the loss, is deterministic, and the CLIs run end to end."""

import json
import subprocess
import sys

import pytest
import torch

from models.tasks.dates import generate
from models.training.config import TrainConfig
from models.training.loop import train_model
from models.training.packs import build_vocabs

pytestmark = pytest.mark.slow

SMALL = {"train": 1500, "valid": 100, "test": 200}


def _short_run(attention="dot", seed=0):
    splits = generate(seed=seed, sizes=SMALL)
    src, tgt = build_vocabs(splits, "char", "char")
    cfg = TrainConfig.from_dict(
        {
            "seed": seed,
            "epochs": 2,
            "batch_size": 64,
            "embed_size": 16,
            "hidden_size": 32,
            "snapshots": 2,
            "log_every": 5,
        }
    )
    return train_model(attention, splits, src, tgt, cfg, ["March 3, 2019"], progress=False)


def test_short_training_lowers_the_loss():
    _, history = _short_run()
    losses = [loss for _, loss in history.loss]
    assert losses[-1] < 0.75 * losses[0]
    assert len(history.snapshots) == 3 and history.snapshots[-1].probes[0].weights
    weights = history.snapshots[-1].probes[0].weights  # the cross map, written as (layers, heads, T, S)
    assert len(weights) == 1 and len(weights[0]) == 1 and abs(sum(weights[0][0][0]) - 1) < 1e-3
    # fixed epochs validate at the snapshots: loss, exact match and chrF (0-100)
    assert [len(v) for v in history.valid] == [4, 4] and all(0 < v[3] < 100 for v in history.valid)


def test_training_is_deterministic_under_a_seed():
    a, _ = _short_run("additive")
    b, _ = _short_run("additive")
    for k, v in a.state_dict().items():
        assert torch.equal(v, b.state_dict()[k]), k


def test_dates_splits_are_disjoint_by_date_and_deterministic():
    s1, s2 = generate(seed=3, sizes=SMALL), generate(seed=3, sizes=SMALL)
    assert s1.train == s2.train and s1.test == s2.test
    train_dates = {e.target for e in s1.train}
    assert not train_dates & {e.target for e in s1.test}
    assert not {e.source for e in s1.train} & {e.source for e in s1.test}
    assert all(e.src_len == len(e.source) for e in s1.test)
    assert generate(seed=4, sizes=SMALL).train != s1.train


def test_train_and_evaluate_clis(tmp_path):
    args = ["--task", "dates", "--model", "none", "--out", str(tmp_path), "--epochs", "1", "--hidden-size", "16"]
    run = subprocess.run([sys.executable, "-m", "models.training", *args], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "dates/none" in run.stdout
    assert "\r" not in run.stderr and "epoch end" in run.stderr  # stderr is a pipe: --progress auto writes lines
    for f in ("config.json", "vocab.json", "history.json", "eval.json", "model.safetensors"):
        assert (tmp_path / "dates" / "none" / f).is_file()
    ev = subprocess.run(
        [
            sys.executable,
            "-m",
            "models.evaluation.evaluate",
            "--root",
            str(tmp_path),
            "--pack",
            "dates",
            "--limit",
            "300",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ev.returncode == 0, ev.stderr
    assert "dates/none" in ev.stdout and "all" in ev.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "models.evaluation.evaluate", "--root", str(tmp_path), "--pack", "nope"],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2 and "missing" in bad.stderr and "Traceback" not in bad.stderr
    history = json.loads((tmp_path / "dates" / "none" / "history.json").read_text())
    assert history["parameters"] > 0 and history["train_seconds"] > 0


def test_train_config_reads_the_shipped_files_and_writes_them_back_unchanged():
    from models.packs.pack import PRETRAINED

    for path in sorted(PRETRAINED.glob("*/*/history.json")):
        flat = json.loads(path.read_text("utf-8"))["train_config"]
        cfg = TrainConfig.from_dict(flat)
        written = cfg.to_dict()
        assert {k: written[k] for k in flat} == flat, path  # every setting read back as it was
        assert [k for k in written if k in flat] == list(flat), path  # in the same order
        defaults = TrainConfig().to_dict()  # (older files lack the later settings: they had their defaults)
        assert all(written[k] == defaults[k] for k in written if k not in flat), path
        assert cfg.model.hidden_size == flat["hidden_size"]


@pytest.mark.parametrize("bad", ["dot,nope", "dot,dot", "", "dot,"])
def test_model_flag_takes_known_models_joined_by_commas_and_refuses_the_rest(bad, capsys):
    from models.training.__main__ import main

    with pytest.raises(SystemExit) as exit_info:
        main(["--task", "dates", "--model", bad])
    assert exit_info.value.code == 2 and "several joined by commas" in capsys.readouterr().err
