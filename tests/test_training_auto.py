"""--epochs auto: decides on the validation chrF (keeps the best-chrF epoch, counts patience in epochs without a better
chrF), stops for patience or for the time budget, and says which in history.json."""

import json
import random

import pytest

from models.packs.data import Example, Splits
from models.packs.records import History
from models.tasks.dates import generate
from models.training import loop, schedule
from models.training.batches import encode_pairs
from models.training.config import AUTO, TrainConfig
from models.training.forward import mean_loss, translation_scores
from models.training.loop import VALID_DECODE_MAX, VALID_DECODE_MIN, train_model, validation_sample
from models.training.packs import build_vocabs
from models.training.schedule import CHRF_IMPROVEMENT, LOSS_IMPROVEMENT, Plateau, in_warmup, stop_reason

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


# The Transformer and the GPT at a size that trains in a second or two (the GRUs ignore these), their warm-up
# within the first epoch of 300 pairs at batch 32.
STACK_SIZES = {"d_model": 32, "n_heads": 2, "n_layers": 1, "gpt_layers": 2, "d_ff": 64, "dropout": 0.0}
STACK_SIZES |= {"warmup_steps": 10, "stack_lr": 3e-3}


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


class ScriptedChrf:
    """Stands in for the validation's translation scores (models.training.loop.translation_scores): the chrF of
    each validation in turn, from a script, so a test decides where the translations peak. With `losses`, the
    validation loss is scripted too (models.training.loop.mean_loss), so a test decides whether the loss still
    improves. Records the sample it was asked to score, and how many validations there had been when the learning
    rate was lowered."""

    def __init__(self, chrfs: list[float], losses: list[float] | None = None):
        self.chrfs = chrfs
        self.losses = losses
        self.samples: list[list[Example]] = []
        self.lowered_after: list[int] = []

    def scores(self, model, src_vocab, tgt_vocab, examples):
        self.samples.append(examples)
        return 0.0, self.chrfs[len(self.samples) - 1]

    def loss(self, model, pairs, batch_size):
        return self.losses[len(self.samples)]  # the validation measures the loss before it translates

    def lower_rate(self, optimizer, lr):
        self.lowered_after.append(len(self.samples))
        schedule.lower_rate(optimizer, lr)


@pytest.fixture
def scripted(monkeypatch):
    def install(chrfs: list[float], losses: list[float] | None = None) -> ScriptedChrf:
        script = ScriptedChrf(chrfs, losses)
        monkeypatch.setattr(loop, "translation_scores", script.scores)
        monkeypatch.setattr(loop, "lower_rate", script.lower_rate)
        if losses is not None:
            monkeypatch.setattr(loop, "mean_loss", script.loss)
        return script

    return install


def test_the_kept_checkpoint_is_the_best_chrf_epoch_not_the_best_loss_epoch(scripted):
    """Noise targets: the validation loss bottoms out within a few epochs and then rises, while the script has
    the translations peak at epoch 6. The rule keeps epoch 6 and stops `patience` epochs later."""
    splits = _noise_splits(300)
    src, tgt = build_vocabs(splits, "word", "word")
    script = scripted([5.0, 8.0, 11.0, 14.0, 17.0, 30.0, 29.0, 28.0, 27.0, 26.0])
    cfg = _config(patience=3, max_epochs=40, snapshots=3)
    model, history = train_model("dot", splits, src, tgt, cfg, [splits.valid[0].source], progress=False)
    losses = [row[1] for row in history.valid]
    assert [row[3] for row in history.valid] == script.chrfs[:9]  # every validation's chrF, in history.json
    assert history.stopped == "patience" and len(losses) == 9  # epoch 6, then 3 without a better chrF
    assert history.best_epoch == 6 and history.best_valid_chrf == 30.0
    best_loss_epoch = min(range(len(losses)), key=losses.__getitem__) + 1
    assert best_loss_epoch < 6 and losses[5] > min(losses)  # the two rules disagree: the old one kept an earlier epoch
    # the model returned is epoch 6's: its validation loss is epoch 6's, not the lowest and not the last
    pairs = encode_pairs(splits.valid, src, tgt, cfg.model_config("dot", len(src), len(tgt)))
    assert mean_loss(model, pairs, 64) == pytest.approx(losses[5], abs=1e-4)
    assert losses[5] not in (losses[-1], min(losses))
    assert stop_reason(history) == (
        "no better validation chrF or loss for 3 epochs; kept epoch 6, the best validation chrF"
    )
    assert all(sample == splits.valid for sample in script.samples)  # all 30 sentences: under the sample's cap
    assert len(history.snapshots) == 1 + 3 and history.snapshots[-1].step == history.valid[-1][0]


def test_patience_and_the_learning_rate_count_epochs_without_a_better_chrf(scripted):
    """A gain under CHRF_IMPROVEMENT is no better; the rate halves from the second epoch in a row without a better
    chrF on (not after one dip); a better chrF starts the count again; `patience` in a row stop the run."""
    splits = _noise_splits(100)
    src, tgt = build_vocabs(splits, "word", "word")
    script = scripted([10.0, 12.0, 12.05, 11.0, 13.0, 12.0, 12.0, 12.0, 50.0], losses=[3.0] * 9)
    _, history = train_model("none", splits, src, tgt, _config(patience=3, max_epochs=40), [], progress=False)
    assert len(history.valid) == 8 and history.stopped == "patience"
    assert history.best_epoch == 5 and history.best_valid_chrf == 13.0
    assert script.lowered_after == [4, 7, 8]  # epochs 3-4 without progress: halved after 4; 6-8: after 7 and 8
    assert "no better validation chrF or loss for 3 epochs; kept epoch 5" in stop_reason(history)


def test_an_epoch_whose_loss_still_falls_is_progress_though_its_chrf_is_not_better(scripted):
    """Real text's case (README "The same comparison on real text"): the chrF of a small validation split stalls
    for epochs while the loss still falls. Those epochs count neither towards patience nor for the rate; the
    weights kept are still the best chrF's. Epochs 3-4: chrF no better, loss lower (progress). Epoch 5: lower by
    less than LOSS_IMPROVEMENT (no progress); epoch 6 neither: the rate halves and patience 2 stops the run. On
    the chrF alone it would have stopped at epoch 4."""
    splits = _noise_splits(100)
    src, tgt = build_vocabs(splits, "word", "word")
    losses = [5.0, 4.0, 3.5, 3.2, 3.2 - LOSS_IMPROVEMENT / 2, 3.3, 1.0, 1.0]
    script = scripted([10.0, 12.0, 11.0, 11.5, 11.9, 11.0, 11.0, 11.0], losses=losses)
    _, history = train_model("none", splits, src, tgt, _config(patience=2, max_epochs=40), [], progress=False)
    assert [row[1] for row in history.valid] == losses[:6] and history.stopped == "patience"
    assert history.best_epoch == 2 and history.best_valid_chrf == 12.0
    assert script.lowered_after == [6]


def test_plateau_counts_an_epoch_without_progress_on_either_score():
    plateau = Plateau(patience=2)
    assert plateau.update(20.0, 1, loss=2.0) and plateau.best_loss == 2.0
    assert not plateau.update(19.0, 2, loss=1.5) and plateau.bad_epochs == 0  # the loss is progress, not kept
    assert plateau.best_epoch == 1 and plateau.best_loss == 1.5
    assert not plateau.update(19.0, 3, loss=1.5 - LOSS_IMPROVEMENT / 2) and plateau.bad_epochs == 1
    assert not plateau.update(19.0, 4, loss=1.6) and plateau.stalled and plateau.exhausted
    assert plateau.update(21.0, 5, loss=9.0) and plateau.bad_epochs == 0  # a better chrF is kept, whatever its loss


@pytest.mark.parametrize("name", ["transformer", "gpt"])
def test_epochs_inside_the_warm_up_count_neither_towards_patience_nor_for_the_rate(scripted, name):
    """A Transformer's rate rises over warmup_steps first (35 here: 10 steps an epoch, so epochs 1-3 end inside it).
    Their chrF may be the best (epoch 1, an untrained model's output) but a worse one counts for nothing: counted,
    epochs 2 and 3 would have stopped the run (patience 2) and halved the rate the warm-up then set back. The count
    starts at epoch 4; epoch 5 is better; 6 and 7 are not: the rate halves after 7 and the run stops."""
    splits = generate(seed=0, sizes={"train": 300, "valid": 40, "test": 10})
    src, tgt = build_vocabs(splits, "char", "char")
    script = scripted([13.0, 1.0, 2.0, 3.0, 14.0, 5.0, 6.0, 7.0], losses=[3.0] * 8)  # a flat loss: the chrF decides
    cfg = _config(patience=2, max_epochs=40, batch_size=32, **{**STACK_SIZES, "warmup_steps": 35})
    _, history = train_model(name, splits, src, tgt, cfg, [], progress=False)
    assert [row[0] for row in history.valid] == [10, 20, 30, 40, 50, 60, 70] and history.stopped == "patience"
    assert history.best_epoch == 5 and history.best_valid_chrf == 14.0
    assert script.lowered_after == [7]
    assert [in_warmup(row[0], 35) for row in history.valid] == [True] * 3 + [False] * 4
    # with no warm-up (the GRUs' case) the same scores stop the run at epoch 3, keeping epoch 1
    script = scripted([13.0, 1.0, 2.0, 3.0, 14.0], losses=[3.0] * 5)
    cfg = _config(patience=2, max_epochs=40, batch_size=32, **{**STACK_SIZES, "warmup_steps": 0})
    _, history = train_model(name, splits, src, tgt, cfg, [], progress=False)
    assert len(history.valid) == 3 and history.best_epoch == 1 and script.lowered_after == [3]


def test_plateau_keeps_the_best_chrf_and_counts_the_epochs_since():
    plateau = Plateau(patience=2)
    assert plateau.update(20.0, 1) and plateau.best_chrf == 20.0
    assert not plateau.update(20.0 + CHRF_IMPROVEMENT / 2, 2)  # too small a gain: no better
    assert not plateau.stalled and not plateau.exhausted
    assert plateau.update(20.0 + CHRF_IMPROVEMENT, 3) and plateau.bad_epochs == 0
    assert not plateau.update(19.0, 4) and not plateau.update(20.15, 5)  # 20.15 < 20.1 + 0.1
    assert plateau.stalled and plateau.exhausted and plateau.best_epoch == 3


@pytest.mark.parametrize("name", ["dot", "transformer", "gpt"])
def test_history_records_the_chrf_of_every_validation_and_the_kept_models_is_the_best(name):
    """A real run (no script), of a GRU and of each Transformer family (their greedy decoding translates the
    validation sample): the chrF recorded for the kept epoch is the kept model's own chrF on the sample."""
    splits = generate(seed=0, sizes={"train": 300, "valid": 40, "test": 10})
    src, tgt = build_vocabs(splits, "char", "char")
    cfg = _config(patience=2, max_epochs=6, batch_size=32, hidden_size=32, **STACK_SIZES)
    model, history = train_model(name, splits, src, tgt, cfg, [], progress=False)
    chrfs = [row[3] for row in history.valid]
    assert all(len(row) == 4 for row in history.valid) and all(0 <= c <= 100 for c in chrfs)
    assert history.chrf_curve() == (tuple(row[0] for row in history.valid), tuple(chrfs))
    assert history.best_valid_chrf == max(chrfs) == chrfs[history.best_epoch - 1]
    _, chrf = translation_scores(model, src, tgt, splits.valid)
    assert chrf == pytest.approx(history.best_valid_chrf, abs=1e-3)
    written = History.from_dict(json.loads(json.dumps(history.to_dict())))
    assert written.stopped in ("patience", "max epochs") and written.best_valid_chrf == history.best_valid_chrf
    assert written.to_dict() == history.to_dict()


def test_a_history_written_before_chrf_still_loads_and_says_it_kept_the_best_loss():
    old = {
        "train_config": {"epochs": "auto", "patience": 3},
        "valid": [[10, 2.5, 0.0], [20, 2.4, 0.1]],
        "best_epoch": 2,
        "best_valid_loss": 2.4,
        "stopped": "patience",
    }
    history = History.from_dict(old)
    assert history.chrf_curve() == ((), ()) and not history.kept_on_chrf
    assert stop_reason(history) == "no better validation loss for 3 epochs; kept epoch 2, the best validation loss"
    assert history.to_dict() == old


def test_the_validation_sample_is_a_tenth_of_the_training_pairs_within_its_bounds():
    valid = [Example(f"s{i}", f"t{i}", 1) for i in range(1500)]
    assert validation_sample(valid, 5_000) == valid[:500]
    assert validation_sample(valid, 300) == valid[:VALID_DECODE_MIN]  # never fewer than 100 where there are
    assert validation_sample(valid, 200_000) == valid[:VALID_DECODE_MAX]
    assert validation_sample(valid[:30], 300) == valid[:30]


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
