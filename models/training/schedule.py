"""When the learning rate changes, when a run stops, and which weights it keeps.

Fixed epochs (a task pack): a cosine learning rate over the known number of steps, down to LR_FLOOR x lr; the last
weights are kept. epochs=AUTO (a corpus): after every epoch a fixed sample of the validation split is translated
(greedy) and scored with chrF, and the validation loss is measured. An epoch counts as progress when either is
better (chrF by CHRF_IMPROVEMENT, the loss by LOSS_IMPROVEMENT). The rate stays at lr until RATE_PATIENCE epochs in
a row bring neither, then halves (`lower_rate`); the run stops after `patience` epochs in a row without either
(`Plateau`), or at max_epochs, and keeps the weights of the epoch with the best validation chrF.

Why both signals, and why the chrF picks the kept model: on a small corpus the loss bottoms out before the
translations stop improving (the model grows over-confident on the words it gets wrong while it gets more of them
right), so a rule on the loss alone stops too soon and keeps an earlier model. The chrF of a few hundred greedy
translations is noisy in the other direction: on real text (short Bible verses, README "The same comparison on
real text") it stalls for epochs while the loss is still falling, and a rule on the chrF alone halved the rate and
stopped there (best attention model 3.3 BLEU against 3.6 under the loss rule). Counting only the epochs where
neither improves gave 5.7. Either way a time budget, when set, stops the run at the first step past it. history.json keeps which
rule stopped it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch

from models.packs.records import History

# With epochs=AUTO, a validation chrF (0-100) counts as better when it is higher by this much or more: a smaller
# gain on a few hundred sentences is a handful of characters, noise rather than progress.
CHRF_IMPROVEMENT = 0.1
# With epochs=AUTO, the learning rate is halved from the second epoch in a row without a better validation chrF on.
# Not from the first: early in a run the chrF of a small validation sample dips now and then while the model is still
# learning fast (9.7 then 9.1 at epochs 3-4 on the en-fr stand-in corpus, README "Your own corpus"), and halving on
# such a dip leaves the rate low for the rest of the run. On that corpus, seeds 0, 1, 2, halving after every epoch
# without a better chrF gave test BLEU 8.6 / 14.3 / 10.4 (worse than the loss rule's 10.0 / 13.9 / 12.5); with
# this grace epoch, 10.0 / 17.0 / 14.0.
RATE_PATIENCE = 2
# With epochs=AUTO, a validation loss (mean cross-entropy per target token, nats) counts as better when it is lower
# by this much or more than the lowest so far.
LOSS_IMPROVEMENT = 1e-3
LR_FLOOR = 0.05  # the learning rate never goes below 5 % of --lr (as at the end of the cosine schedule)

# Why a run stopped: history.json's "stopped".
EPOCHS = "epochs"  # ran its fixed number of epochs
PATIENCE = "patience"  # epochs=AUTO: `patience` epochs without a better validation chrF
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
    """The learning rate of an epochs=AUTO run, once `Plateau.stalled` (RATE_PATIENCE epochs in a row without a
    better validation chrF or loss): halved, down to LR_FLOOR x lr, after that epoch and after each further one
    without progress. Until then it stays at lr. It follows the same signal as the stopping rule, so the run tries
    lower rates before it gives up (runs written before the chrF rule halved after every epoch without a better
    validation loss).

    Why not the cosine of the fixed-epoch runs: it needs the total number of steps, which an open-ended run does
    not know. A schedule over the time budget would make the rate depend on the machine's speed (the same seed
    would give a different model on a slower laptop); reduce-on-plateau depends only on the validation scores,
    so a run that stops for patience is as reproducible as a fixed one. Halving after every epoch without
    progress, with a patience of a few epochs, gives the run a couple of lower rates to try before it stops.
    """
    for group in optimizer.param_groups:
        group["lr"] = max(group["lr"] * 0.5, LR_FLOOR * lr)


@dataclass
class Plateau:
    """epochs=AUTO: the best validation chrF so far and its epoch, the last validation loss that was progress, and
    the epochs since without progress on either."""

    patience: int
    best_chrf: float = -math.inf
    best_epoch: int = 0
    best_loss: float = math.inf
    bad_epochs: int = 0

    def update(self, chrf: float, epoch: int, warming_up: bool = False, loss: float | None = None) -> bool:
        """Count the validation chrF and loss after `epoch` (from 1); True when the chrF is the new best, by
        CHRF_IMPROVEMENT or more (a tie keeps the earlier epoch): those are the weights to keep. An epoch whose
        chrF is not better but whose loss is (by LOSS_IMPROVEMENT) is still progress: it does not count towards
        patience or the rate. An epoch that ended inside the learning rate's warm-up (the Transformer families)
        may be the best, but one that is not counts for nothing: see `in_warmup`."""
        loss_better = loss is not None and loss <= self.best_loss - LOSS_IMPROVEMENT
        if loss_better:  # as torch's ReduceLROnPlateau (threshold_mode "abs"): the bar moves on progress only
            self.best_loss = loss
        if chrf >= self.best_chrf + CHRF_IMPROVEMENT:
            self.best_chrf, self.best_epoch, self.bad_epochs = chrf, epoch, 0
            return True
        if loss_better:
            self.bad_epochs = 0
        elif not warming_up:
            self.bad_epochs += 1
        return False

    @property
    def stalled(self) -> bool:
        """RATE_PATIENCE or more epochs in a row without a better validation chrF or loss: time to lower the rate."""
        return self.bad_epochs >= RATE_PATIENCE

    @property
    def exhausted(self) -> bool:
        """`patience` epochs in a row without a better validation chrF or loss: time to stop."""
        return self.bad_epochs >= self.patience


def in_warmup(step: int, warmup_steps: int) -> bool:
    """True while the rate is still rising to its peak: an epochs=AUTO run of a Transformer or GPT neither counts
    an epoch that ends here towards patience nor halves the rate after it (the warm-up sets the rate until its
    last step). On a small corpus the warm-up spans many epochs (300 steps: 14 of the 3,000-pair stand-in's at
    --batch-size 128), and their chrF says little: a barely trained model's long strings of random words can score
    higher than the short outputs (". ", "ils .") it writes a few epochs later, while its loss falls fast (README
    "How long it trains"). Counted, those epochs stopped the Transformer and the GPT in their fourth epoch on that
    corpus, keeping the first."""
    return step < warmup_steps


def stop_reason(history: History) -> str:
    """Why a run stopped, in words (history.json keeps the short code in "stopped"). A run written before the chrF
    rule (no "best_valid_chrf") stopped and kept its epoch on the validation loss, and says so."""
    code, best = history.stopped, history.best_epoch
    score = "validation chrF" if history.kept_on_chrf else "validation loss"
    best_text = f"; kept epoch {best}, the best {score}" if best else ""
    progress = "validation chrF or loss" if history.kept_on_chrf else score  # what patience counted (Plateau)
    cfg = history.train_config
    return {
        EPOCHS: f"ran its {cfg.get('epochs')} epochs",
        PATIENCE: f"no better {progress} for {cfg.get('patience')} epochs{best_text}",
        TIME_BUDGET: f"time budget of {cfg.get('time_budget', 0):g} min used up{best_text}",
        MAX_EPOCHS: f"reached --max-epochs {cfg.get('max_epochs')}{best_text}",
    }.get(code, "unknown")
