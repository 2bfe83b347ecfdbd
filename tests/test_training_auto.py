"""--epochs auto: stops for patience (keeping the best epoch) or for the time budget, and says which."""

import random

import pytest

from models.packs.data import Example, Splits
from models.training.batches import encode_pairs
from models.training.config import AUTO, TrainConfig
from models.training.forward import mean_loss
from models.training.loop import train_model
from models.training.packs import build_vocabs
from models.training.schedule import stop_reason

WORDS = [
    "alpha",
    "bravo",
    "charlie",
    "delta",
    "echo",
    "foxtrot",
    "golf",
    "hotel",
    "india",
    "juliet",
    "kilo",
    "lima",
    "mike",
]


def _noise_splits(n_train: int, seed: int = 0) -> Splits:
    """Targets unrelated to their sources: the model can only memorize the training pairs, so the validation
    loss soon stops improving and then rises."""
    rng = random.Random(seed)

    def pair(i):
        src = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 6))) + f" n{i}"
        tgt = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 6)))
        return Example(src, tgt, len(src.split()))

    examples = [pair(i) for i in range(n_train + 60)]
    return Splits(train=examples[60:], valid=examples[:30], test=examples[30:60])


def _config(**overrides) -> TrainConfig:
    flat = {
        "epochs": AUTO,
        "batch_size": 16,
        "embed_size": 16,
        "hidden_size": 32,
        "lr": 1e-2,
        "log_every": 5,
        "threads": 1,
    }
    return TrainConfig.from_dict({**flat, **overrides})


def test_auto_epochs_stop_for_patience_and_keep_the_best_epoch():
    splits = _noise_splits(300)
    src, tgt = build_vocabs(splits, "word", "word")
    cfg = _config(patience=2, max_epochs=40, snapshots=3)
    model, history = train_model("dot", splits, src, tgt, cfg, [splits.valid[0].source], progress=False)
    losses = [v for _, v, _ in history.valid]
    assert history.stopped == "patience"
    assert len(losses) < 40  # it did not run to --max-epochs
    best = min(range(len(losses)), key=losses.__getitem__)
    assert history.best_epoch == best + 1
    assert len(losses) - 1 - best == 2  # stopped exactly `patience` epochs after the best one
    assert all(v >= losses[best] * (1 - 1e-3) for v in losses[best + 1 :])
    # the model returned is the best epoch's, not the last one's
    pairs = encode_pairs(splits.valid, src, tgt, cfg.model_config("dot", len(src), len(tgt)))
    assert mean_loss(model, pairs, 64) == pytest.approx(losses[best], abs=1e-4)
    assert losses[-1] > losses[best]
    assert len(history.snapshots) == 1 + 3 and history.snapshots[-1].step == history.valid[-1][0]
    assert "no better validation loss for 2 epochs; kept epoch" in stop_reason(history)


def test_auto_epochs_stop_at_the_time_budget():
    splits = _noise_splits(3000)
    src, tgt = build_vocabs(splits, "word", "word")
    cfg = _config(time_budget=0.002, max_epochs=40)  # 0.12 s: a fraction of the first epoch
    _, history = train_model("none", splits, src, tgt, cfg, [], progress=False)
    assert history.stopped == "time budget"
    assert 0 < history.epochs_run < 1
    assert history.train_seconds < 5
    assert len(history.valid) == 1  # the partial epoch is still measured, and kept as the best so far
    assert history.best_epoch == 1
    assert "time budget of 0.002 min used up" in stop_reason(history)


def test_auto_epochs_stop_at_max_epochs_and_fixed_epochs_say_so():
    splits = _noise_splits(100)
    src, tgt = build_vocabs(splits, "word", "word")
    _, history = train_model("none", splits, src, tgt, _config(max_epochs=1), [], progress=False)
    assert history.stopped == "max epochs" and history.epochs_run == 1
    _, history = train_model("none", splits, src, tgt, _config(epochs=2), [], progress=False)
    assert history.stopped == "epochs" and history.epochs_run == 2 and "best_epoch" not in history.to_dict()
    assert stop_reason(history) == "ran its 2 epochs"


def test_epochs_setting_is_checked():
    for bad in (0, -1, "forever"):
        with pytest.raises(ValueError, match="epochs must be"):
            TrainConfig.from_dict({"epochs": bad})
    with pytest.raises(ValueError, match="patience"):
        TrainConfig.from_dict({"patience": 0})


def test_fixed_epochs_cut_by_the_time_budget_end_on_a_snapshot_of_the_model_kept():
    splits = _noise_splits(3000)
    src, tgt = build_vocabs(splits, "word", "word")
    cfg = _config(epochs=100, time_budget=0.005, snapshots=4)  # 0.3 s: long before the first of 4 snapshots
    _, history = train_model("dot", splits, src, tgt, cfg, [splits.valid[0].source], progress=False)
    assert history.stopped == "time budget" and history.epochs_run < 100
    steps = round(history.epochs_run * history.to_dict()["steps_per_epoch"])
    assert [s.step for s in history.snapshots] == [0, steps]  # step 0, then the last step it ran
    assert [v[0] for v in history.valid] == [steps]
