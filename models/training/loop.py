"""Train one model: `train_model`, in small steps that share one `Run` (the state of the training in progress).

    start_run -> for each epoch: train_epoch (train_step per batch) -> after_epoch (validate, stop or go on)
              -> finish (keep the best epoch's weights, write the History)

A validation measures the loss on the validation split and translates a fixed sample of it (greedy) for the exact
match and chrF; with epochs=AUTO the chrF decides (models/training/schedule.py).

Training is deterministic under cfg.seed, as long as a time budget is not what stops it. It records the loss curve
and, at a few points, the decoding of fixed probe sentences (their attention weights), so the app can show
attention being learned.
"""

from __future__ import annotations

import math
import random
import sys
import time
from dataclasses import dataclass

import torch
from tqdm import tqdm

from models.net import registry
from models.net.family import Model
from models.net.gru import count_parameters
from models.packs.data import Example, Splits
from models.packs.records import History
from models.text.vocab import PAD_ID, Vocab
from models.training.alignment import alignment_loss, gold_weights
from models.training.batches import Pair, encode_pairs, make_batches
from models.training.config import TrainConfig
from models.training.forward import (
    batch_of,
    mean_loss,
    probe_snapshot,
    teacher_forced,
    translation_loss,
    translation_scores,
)
from models.training.schedule import (
    EPOCHS,
    MAX_EPOCHS,
    PATIENCE,
    TIME_BUDGET,
    Plateau,
    cosine_schedule,
    in_warmup,
    lower_rate,
    warmup_factor,
)

VALID_BATCH = 512  # sentences per batch of the validation loss (no gradients: larger than a training batch)
# A validation translates a fixed sample of the validation split for the exact match and chrF: its first sentences
# (split_corpus and the tasks shuffle it), a tenth as many as the training pairs, at least 100 (a chrF of fewer
# is noise) and at most 1,000. Translating one sentence (greedy, batched) cost about 0.6 of training on one pair
# (measured on the en-fr stand-in corpus of README "Your own corpus": 0.03 s for its 135 validation sentences, 1 s
# for an epoch of 2,565 pairs), so a validation's translations cost at most ~6 % of an epoch. A corpus's
# validation split is 5 % of its pairs (at most 1,000): the sample is all of it, ~3 % of an epoch.
VALID_DECODE_SHARE, VALID_DECODE_MIN, VALID_DECODE_MAX = 0.1, 100, 1000


# How the run reports its progress on stderr (--progress): a tqdm bar redrawn in place, for a terminal; one plain
# line per epoch and per validation, for a log file (`nohup ... > log`), where a bar's carriage-return frames
# pile up; or auto: the bar when stderr is a terminal, else lines.
PROGRESS_AUTO, PROGRESS_BAR, PROGRESS_LINES = "auto", "bar", "lines"
PROGRESS_MODES = (PROGRESS_AUTO, PROGRESS_BAR, PROGRESS_LINES)


def progress_mode(progress: bool | str, stream=None) -> str | None:
    """The way to report: PROGRESS_BAR, PROGRESS_LINES, or None (silent) for `progress` False.

    True means auto; auto is the bar when `stream` (default stderr) is a terminal, else lines."""
    if progress is False or progress is None:
        return None
    if progress is True or progress == PROGRESS_AUTO:
        stream = sys.stderr if stream is None else stream
        return PROGRESS_BAR if getattr(stream, "isatty", lambda: False)() else PROGRESS_LINES
    if progress not in PROGRESS_MODES:
        raise ValueError(f"progress must be one of {', '.join(PROGRESS_MODES)}, got {progress!r}")
    return progress


class Progress:
    """The run's progress on stderr. As a bar: the run's steps (fixed epochs) or the current epoch's (epochs=AUTO),
    with the latest numbers after it. As lines: one line at the end of each epoch and after each validation,
    with the epoch, step, training loss, validation loss and chrF, the best epoch so far (epochs=AUTO) and the
    time elapsed."""

    def __init__(self, total: int, desc: str, progress: bool | str, total_steps: int | None = None):
        self.mode = progress_mode(progress)
        self.bar = tqdm(total=total, desc=desc, disable=self.mode != PROGRESS_BAR, file=sys.stderr, leave=False)
        self.desc = desc
        self.total_steps = total_steps or total
        self.numbers: dict[str, str] = {}
        self.start = time.perf_counter()

    def new_epoch(self, desc: str) -> None:
        self.bar.reset()
        self.bar.set_description(desc)

    def show(self, **numbers: str) -> None:
        self.numbers.update(numbers)
        self.bar.set_postfix(self.numbers)

    def advance(self) -> None:
        self.bar.update(1)

    def line(self, event: str, epoch: int, step: int) -> None:
        """In lines mode, one line: `event` (epoch end or validation) with the latest numbers."""
        if self.mode != PROGRESS_LINES:
            return
        parts = [
            f"{self.desc} {event}:",
            f"epoch {epoch}",
            f"step {step}/{self.total_steps}",
            f"loss {self.numbers.get('loss', '-')}",
            f"valid {self.numbers.get('val', '-')}",
            f"chrF {self.numbers.get('chrF', '-')}",
        ]
        if "best" in self.numbers:
            parts.append(f"best {self.numbers['best']}")
        parts.append(f"elapsed {_minutes(time.perf_counter() - self.start)}")
        print(" ".join(parts), file=sys.stderr, flush=True)

    def close(self) -> None:
        self.bar.close()


@dataclass
class Run:
    """One model's training in progress: what the steps, the validations and the stopping rules share."""

    attention: str
    cfg: TrainConfig
    model: Model
    optimizer: torch.optim.Optimizer
    scheduler: torch.optim.lr_scheduler.LambdaLR | None  # fixed epochs only; AUTO lowers the rate by hand
    rng: random.Random  # the batches' order
    src_vocab: Vocab
    tgt_vocab: Vocab
    train_pairs: list[Pair]
    valid_pairs: list[Pair]
    valid_sample: list[Example]  # the validation sentences translated for the exact match and chrF
    probes: list[str]
    guided: bool  # guided alignment is on: align_weight > 0, an attention model, gold links in the data
    epochs: int  # fixed epochs, or max_epochs with AUTO
    steps_per_epoch: int
    total_steps: int
    lr: float  # the peak learning rate (cfg.lr for a GRU, cfg.stack_lr for the Transformer families)
    warmup: int  # steps of linear warm-up (0 for a GRU)
    snapshot_steps: set[int]  # fixed epochs: the steps that validate and decode the probes (AUTO: every epoch)
    history: dict  # what history.json holds, filled in as the run goes
    plateau: Plateau  # AUTO: the best validation chrF so far
    progress: Progress
    start: float  # time.perf_counter() at the first step
    deadline: float  # time.perf_counter() past which the time budget stops the run (inf without one)
    best_state: dict | None = None  # AUTO: the weights of the best epoch so far
    step: int = 0
    tokens: int = 0  # source and target tokens trained on, for the speed
    running: float = 0.0  # sum of the training losses since the last loss point
    running_n: int = 0


def start_run(
    attention: str,
    splits: Splits,
    src_vocab: Vocab,
    tgt_vocab: Vocab,
    cfg: TrainConfig,
    probes: list[str],
    progress: bool | str,
) -> Run:
    """A new model, its optimizer and schedule, the encoded data, and the step-0 snapshot of the probes."""
    torch.manual_seed(cfg.seed)
    torch.set_num_threads(cfg.threads)
    # Once the loss nears zero, gradients and Adam's moments turn denormal, and CPU math on denormals is very slow.
    torch.set_flush_denormal(True)
    rng = random.Random(cfg.seed)
    mcfg = cfg.model_config(attention, len(src_vocab), len(tgt_vocab))
    model = registry.build(mcfg)
    model.train()
    train_pairs = encode_pairs(splits.train, src_vocab, tgt_vocab, mcfg)
    valid_pairs = encode_pairs(splits.valid, src_vocab, tgt_vocab, mcfg)
    steps_per_epoch = math.ceil(len(train_pairs) / cfg.batch_size)
    guided = bool(cfg.align_weight) and model.uses_attention and any(p[2] for p in train_pairs)
    epochs = cfg.max_epochs if cfg.auto else cfg.epochs
    total_steps = epochs * steps_per_epoch
    lr = cfg.peak_lr(attention)
    if cfg.is_stack(attention):  # the Transformer families: AdamW (decoupled weight decay), with a warm-up
        # weight decay on the matrices (embeddings, projections) only, not on biases and layer-norm gains
        params = list(model.parameters())
        groups = [
            {"params": [p for p in params if p.dim() >= 2], "weight_decay": cfg.weight_decay},
            {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0},
        ]
        optimizer: torch.optim.Optimizer = torch.optim.AdamW(groups, lr=lr)
        warmup = cfg.warmup_steps
    else:
        optimizer, warmup = torch.optim.Adam(model.parameters(), lr=lr), 0
    if cfg.auto:
        scheduler = None  # the warm-up (if any) is set by hand in train_step: lower_rate changes the rate later
        snapshot_steps: set[int] = set()  # one snapshot per epoch instead, thinned to cfg.snapshots at the end
    else:
        scheduler = cosine_schedule(optimizer, total_steps, warmup)
        snapshot_steps = {round(total_steps * k / cfg.snapshots) for k in range(1, cfg.snapshots + 1)}
    history = {
        "attention": attention,
        "parameters": count_parameters(model),
        "train_config": cfg.to_dict(),
        "steps_per_epoch": steps_per_epoch,
        "loss": [],  # [step, mean training loss over the last log_every steps]
        "valid": [],  # [step, validation loss, validation exact match, validation chrF]
        "snapshots": [probe_snapshot(model, src_vocab, tgt_vocab, probes, 0, 0.0)],
    }
    start = time.perf_counter()
    return Run(
        attention=attention,
        cfg=cfg,
        model=model,
        optimizer=optimizer,
        scheduler=scheduler,
        rng=rng,
        src_vocab=src_vocab,
        tgt_vocab=tgt_vocab,
        train_pairs=train_pairs,
        valid_pairs=valid_pairs,
        valid_sample=validation_sample(splits.valid, len(train_pairs)),
        probes=probes,
        guided=guided,
        epochs=epochs,
        steps_per_epoch=steps_per_epoch,
        total_steps=total_steps,
        lr=lr,
        warmup=warmup,
        snapshot_steps=snapshot_steps,
        history=history,
        plateau=Plateau(cfg.patience),
        progress=Progress(steps_per_epoch if cfg.auto else total_steps, f"train {attention}", progress, total_steps),
        start=start,
        deadline=start + 60 * cfg.time_budget if cfg.time_budget else math.inf,
    )


def validation_sample(valid: list[Example], n_train: int) -> list[Example]:
    """The validation sentences a validation translates, the same every time (see VALID_DECODE_SHARE)."""
    size = max(VALID_DECODE_MIN, round(VALID_DECODE_SHARE * n_train))
    return valid[: min(size, VALID_DECODE_MAX)]


def train_step(run: Run, idx: list[int], epoch: int) -> None:
    """One optimizer step on the batch `idx` of the training pairs; a loss point every cfg.log_every steps, and a
    validation with a snapshot at the snapshot steps."""
    cfg = run.cfg
    if run.scheduler is None and run.step < run.warmup:  # epochs=AUTO: the warm-up by hand (no LambdaLR)
        for group in run.optimizer.param_groups:
            group["lr"] = run.lr * warmup_factor(run.step, run.warmup)
    src, lens, tgt_in, tgt_out, src_ext = batch_of(run.train_pairs, idx)  # a copy model: extended tgt_out, src_ext
    logits, weights = teacher_forced(run.model, src, lens, tgt_in, run.guided, src_ext, tgt_out)  # (B, T, V), (B, T, S)
    if run.guided:
        guide = alignment_loss(weights, gold_weights(run.train_pairs, idx, tuple(weights.shape[1:])))
    ce = translation_loss(logits, tgt_out)
    loss = ce + cfg.align_weight * guide if run.guided else ce
    run.optimizer.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(run.model.parameters(), cfg.clip)
    run.optimizer.step()
    if run.scheduler is not None:
        run.scheduler.step()
    run.step += 1
    run.tokens += int(lens.sum()) + int((tgt_out != PAD_ID).sum())
    run.running += ce.item()  # the curve is the translation loss alone, comparable across models
    run.running_n += 1
    if run.step % cfg.log_every == 0 or run.step == run.total_steps:
        log_loss(run, epoch)
    if run.step in run.snapshot_steps:
        validate_and_snapshot(run)


def log_loss(run: Run, epoch: int) -> None:
    """A point of the loss curve: the mean training loss since the last one."""
    mean = run.running / run.running_n
    run.history["loss"].append([run.step, round(mean, 5)])
    numbers = {"loss": f"{mean:.4f}", "epoch": str(epoch + 1)}
    if run.cfg.time_budget:
        numbers["left"] = _minutes(run.deadline - time.perf_counter())
    run.progress.show(**numbers)
    run.running, run.running_n = 0.0, 0


def train_epoch(run: Run, epoch: int) -> bool:
    """One pass over the training pairs in shuffled batches. True when the time budget cut it short."""
    if run.cfg.auto:
        run.progress.new_epoch(f"train {run.attention} epoch {epoch + 1}")
    for idx in make_batches(run.train_pairs, run.cfg.batch_size, run.rng):
        train_step(run, idx, epoch)
        run.progress.advance()
        if time.perf_counter() >= run.deadline:
            return True
    return False


def validate_and_snapshot(run: Run) -> tuple[float, float]:
    """At the current step: the validation loss, the exact match and chrF of the validation sample, and the probes'
    decoding (a snapshot). Returns the loss and the chrF."""
    model, step = run.model, run.step
    vloss = mean_loss(model, run.valid_pairs, VALID_BATCH)
    vexact, vchrf = translation_scores(model, run.src_vocab, run.tgt_vocab, run.valid_sample)
    run.history["valid"].append([step, round(vloss, 5), round(vexact, 5), round(vchrf, 3)])
    epoch = step / run.steps_per_epoch
    run.history["snapshots"].append(probe_snapshot(model, run.src_vocab, run.tgt_vocab, run.probes, step, epoch))
    run.progress.show(val=f"{vloss:.4f}", chrF=f"{vchrf:.1f}")
    run.progress.line("validation", math.ceil(epoch), step)
    return vloss, vchrf


def after_epoch(run: Run, epoch: int, out_of_time: bool) -> str | None:
    """The stopping decision after an epoch (or the part of one the time budget allowed): why the run stops, or
    None to go on. With epochs=AUTO every epoch ends on a validation: a better chrF keeps the weights; a second
    epoch in a row with neither a better chrF nor a better loss lowers the learning rate, and `patience` in a row
    stop the run (models/training/schedule.py)."""
    cfg = run.cfg
    if cfg.auto:
        vloss, vchrf = validate_and_snapshot(run)
        # the Transformer families' epochs inside the warm-up count for nothing (a GRU has none): see in_warmup
        if run.plateau.update(vchrf, epoch + 1, in_warmup(run.step, run.warmup), vloss):
            run.best_state = {k: v.detach().clone() for k, v in run.model.state_dict().items()}
        elif run.plateau.stalled:
            lower_rate(run.optimizer, run.lr)
        run.progress.show(best=f"chrF {run.plateau.best_chrf:.1f}@{run.plateau.best_epoch}")
        if run.plateau.exhausted:
            return PATIENCE
    if out_of_time:
        if not cfg.auto and run.step not in run.snapshot_steps:  # cut off between snapshots: show the model it keeps
            validate_and_snapshot(run)
        return TIME_BUDGET
    return None


def finish(run: Run, stopped: str) -> tuple[Model, History]:
    """The model to keep (with epochs=AUTO, the best epoch's weights) and its History."""
    run.progress.close()
    seconds = time.perf_counter() - run.start
    history = run.history
    if run.best_state is not None:
        run.model.load_state_dict(run.best_state)
        history["best_epoch"] = run.plateau.best_epoch
        history["best_valid_chrf"] = round(run.plateau.best_chrf, 3)
        history["snapshots"] = _thin(history["snapshots"], run.cfg.snapshots)
    history["stopped"] = stopped
    history["epochs_run"] = round(run.step / run.steps_per_epoch, 3)
    history["train_seconds"] = round(seconds, 1)
    history["tokens_per_second"] = round(run.tokens / seconds)
    run.model.eval()
    return run.model, History.from_dict(history)


def train_model(
    attention: str,
    splits: Splits,
    src_vocab: Vocab,
    tgt_vocab: Vocab,
    cfg: TrainConfig,
    probes: list[str],
    progress: bool | str = True,
) -> tuple[Model, History]:
    """Train one model. Returns (model, its History: what history.json holds).

    Fixed epochs (a task pack): a cosine learning-rate schedule over the known number of steps, probe snapshots
    at `cfg.snapshots` evenly spaced steps; the last weights are returned. epochs=AUTO (a corpus): the validation
    sample is translated and scored with chrF after every epoch, the run stops after `cfg.patience` epochs without
    a better chrF (or at `cfg.max_epochs`), and the model returned is the best-chrF epoch's
    (models/training/schedule.py). Either way `cfg.time_budget` minutes, when set,
    stop the run at the first step past it (history["stopped"] says which rule stopped it).
    """
    run = start_run(attention, splits, src_vocab, tgt_vocab, cfg, probes, progress)
    for epoch in range(run.epochs):
        out_of_time = train_epoch(run, epoch)
        run.progress.line("epoch end", epoch + 1, run.step)
        stopped = after_epoch(run, epoch, out_of_time)
        if stopped:
            return finish(run, stopped)
    return finish(run, MAX_EPOCHS if cfg.auto else EPOCHS)


def _minutes(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


def _thin(snapshots: list[dict], keep: int) -> list[dict]:
    """The step-0 snapshot and `keep` evenly spaced later ones, the last always among them."""
    if len(snapshots) <= keep + 1:
        return snapshots
    later = snapshots[1:]
    picks = sorted({round((len(later) - 1) * k / max(keep - 1, 1)) for k in range(keep)})
    return [snapshots[0], *(later[i] for i in picks)]
