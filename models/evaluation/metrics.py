"""The metric registry: every score the app and the evaluation report, with its scale and direction.

Tables, figures and pages read names, labels and scales from here (models.evaluation.evaluate computes the scores).
"""

from __future__ import annotations

from dataclasses import dataclass

from models.messages import N_


@dataclass(frozen=True)
class Metric:
    name: str  # the key in eval.json
    label: str  # what a person reads (in English; the app translates it)
    scale: float  # the best possible score: 1 (a share) or 100 (sacrebleu's BLEU and chrF)
    higher_is_better: bool = True
    optional: bool = False  # only where the test split carries gold word alignments (en-fr)

    @property
    def number_format(self) -> str:
        """printf format for a table cell: one decimal on the 0-100 scale, three on 0-1."""
        return "%.1f" if self.scale == 100 else "%.3f"


METRICS: dict[str, Metric] = {
    m.name: m
    for m in (
        Metric("exact", N_("exact match"), 1.0),
        Metric("token_acc", N_("token accuracy"), 1.0),
        Metric("bleu", "BLEU", 100.0),
        Metric("chrf", "chrF", 100.0),
        Metric(
            "aer", N_("alignment error rate (argmax attention vs gold)"), 1.0, higher_is_better=False, optional=True
        ),
    )
}
STANDARD = [name for name, m in METRICS.items() if not m.optional]
OPTIONAL = [name for name, m in METRICS.items() if m.optional]
