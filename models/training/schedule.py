"""When the learning rate changes and when a run stops.

Fixed epochs (a task pack): a cosine learning rate over the known number of steps, down to LR_FLOOR x lr.
epochs=AUTO (a corpus): the rate stays at lr until an epoch brings no better validation loss, then halves
(`lower_rate`); the run stops after `patience` such epochs in a row (`Plateau`), or at max_epochs. Either way a
time budget, when set, stops the run at the first step past it. history.json keeps which rule stopped it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch

from models.packs.records import History

IMPROVEMENT = 1e-3  # with epochs=AUTO, a validation loss counts as better when it is lower by 0.1 % or more
LR_FLOOR = 0.05  # the learning rate never goes below 5 % of --lr (as at the end of the cosine schedule)

# Why a run stopped: history.json's "stopped".
EPOCHS = "epochs"  # ran its fixed number of epochs
PATIENCE = "patience"  # epochs=AUTO: `patience` epochs without a better validation loss
TIME_BUDGET = "time budget"
MAX_EPOCHS = "max epochs"  # epochs=AUTO: reached max_epochs


def warmup_factor(step: int, warmup_steps: int) -> float:
    """The share of the peak rate at `step` (from 0) of a linear warm-up: (step + 1) / warmup_steps, then 1."""
    return 1.0 if step >= warmup_steps else (step + 1) / warmup_steps


def cosine_schedule(
    optimizer: torch.optim.Optimizer, total_steps: int, warmup_steps: int = 0
) -> torch.optim.lr_scheduler.LambdaLR:
    """The fixed-epoch runs' learning rate at step s: lr x (LR_FLOOR + (1 - LR_FLOOR) (1 + cos(pi s / total)) / 2),
    from lr down to LR_FLOOR x lr at the last step. The same schedule for every model of a pack; the Transformer
    families multiply it by a linear warm-up over their first `warmup_steps` (`warmup_factor`)."""

    def factor(s: int) -> float:
        cosine = LR_FLOOR + (1 - LR_FLOOR) * 0.5 * (1 + math.cos(math.pi * min(s, total_steps) / total_steps))
        return warmup_factor(s, warmup_steps) * cosine

    return torch.optim.lr_scheduler.LambdaLR(optimizer, factor)


def lower_rate(optimizer: torch.optim.Optimizer, lr: float) -> None:
    """The learning rate of an epochs=AUTO run, after an epoch that brought no better validation loss: halved,
    down to LR_FLOOR x lr. Until then it stays at lr.

    Why not the cosine of the fixed-epoch runs: it needs the total number of steps, which an open-ended run does
    not know. A schedule over the time budget would make the rate depend on the machine's speed (the same seed
    would give a different model on a slower laptop); reduce-on-plateau depends only on the validation losses,
    so a run that stops for patience is as reproducible as a fixed one. Halving after every epoch without
    progress, with a patience of a few epochs, gives the run a couple of lower rates to try before it stops.
    """
    for group in optimizer.param_groups:
        group["lr"] = max(group["lr"] * 0.5, LR_FLOOR * lr)


@dataclass
class Plateau:
    """epochs=AUTO: the best validation loss so far, its epoch, and the epochs since without a better one."""

    patience: int
    best_loss: float = math.inf
    best_epoch: int = 0
    bad_epochs: int = 0

    def update(self, loss: float, epoch: int) -> bool:
        """Count the validation loss after `epoch` (from 1); True when it is the new best, by IMPROVEMENT or more."""
        if loss < self.best_loss * (1 - IMPROVEMENT):
            self.best_loss, self.best_epoch, self.bad_epochs = loss, epoch, 0
            return True
        self.bad_epochs += 1
        return False

    @property
    def exhausted(self) -> bool:
        """`patience` epochs in a row without a better validation loss: time to stop."""
        return self.bad_epochs >= self.patience


def stop_reason(history: History) -> str:
    """Why a run stopped, in words (history.json keeps the short code in "stopped")."""
    code, best = history.stopped, history.best_epoch
    best_text = f"; kept epoch {best}, the best validation loss" if best else ""
    cfg = history.train_config
    return {
        EPOCHS: f"ran its {cfg.get('epochs')} epochs",
        PATIENCE: f"no better validation loss for {cfg.get('patience')} epochs{best_text}",
        TIME_BUDGET: f"time budget of {cfg.get('time_budget', 0):g} min used up{best_text}",
        MAX_EPOCHS: f"reached --max-epochs {cfg.get('max_epochs')}{best_text}",
    }.get(code, "unknown")
