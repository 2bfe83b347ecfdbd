"""pandas tables built from pack files, traces, gradient sweeps and what-if decodings (no Streamlit)."""

from __future__ import annotations

import math

import pandas as pd

from explorer.heads import head_label
from explorer.i18n import _, message
from explorer.whatif_figures import mode_label
from models.evaluation import metrics as registry
from models.net.decoding import InputError
from models.net.gradients import Sweep
from models.net.trace import MapSlice, Trace
from models.net.whatif import WhatIf, changed_tokens
from models.packs.heads_table import HeadTable
from models.packs.records import Evaluation

# name -> label (English: `metrics_of` translates), from the metric registry (models/evaluation/metrics.py)
METRICS = {name: registry.METRICS[name].label for name in registry.STANDARD}
OPTIONAL_METRICS = {name: registry.METRICS[name].label for name in registry.OPTIONAL}  # en-fr only; lower is better


def quality_table(evaluations: dict[str, Evaluation]) -> pd.DataFrame:
    """Long table: one row per (model, length bucket) with n and every metric."""
    rows = []
    for model, ev in evaluations.items():
        for bucket, scores in ev.buckets.items():
            if scores.n:
                metrics = {k: scores.metric(k) for k in (*METRICS, *OPTIONAL_METRICS)}
                rows.append({"model": model, "bucket": bucket, "n": scores.n, **metrics})
    return pd.DataFrame(rows, columns=["model", "bucket", "n", *METRICS, *OPTIONAL_METRICS])


def metrics_of(table: pd.DataFrame) -> dict[str, str]:
    """The metrics this table can plot, name -> label: the standard ones, plus AER where some model has it."""
    extra = {k: v for k, v in OPTIONAL_METRICS.items() if k in table and table[k].notna().any()}
    return {k: _(v) for k, v in {**METRICS, **extra}.items()}


def wide_quality_table(table: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Buckets as rows (named by their source length), models as columns, for the chosen metric (plus n)."""
    if table.empty:
        return table
    wide = table.pivot(index="bucket", columns="model", values=metric)
    wide = wide.reindex(index=list(dict.fromkeys(table["bucket"])), columns=list(dict.fromkeys(table["model"])))
    wide.insert(0, "n", table.groupby("bucket", sort=False)["n"].first())
    wide.index.name, wide.columns.name = _("length"), None
    return wide


def topk_table(trace: Trace, step: int) -> pd.DataFrame:
    return pd.DataFrame({_("token"): trace.topk_tokens[step], _("probability"): trace.topk_probs[step].round(4)})


def step_table(trace: Trace, step: int, view: MapSlice | None = None) -> pd.DataFrame:
    """For decoder step i: each key's token, its raw score e_ij and its softmax weight c_ij (of `view`, one head
    of one layer; default the trace's cross map)."""
    view = trace.slice() if view is None else view
    return pd.DataFrame(
        {
            _("source token"): view.col_tokens,
            _("known"): view.col_known,
            _("score e_ij"): view.scores[step].round(4),
            _("weight c_ij"): view.weights[step].round(4),
        }
    )


def beam_table(beams: list[tuple[str, float]], greedy_text: str | None = None) -> pd.DataFrame:
    """Beam search's best outputs, most likely first: total log-probability, probability, and which is greedy's."""
    return pd.DataFrame(
        {
            _("output"): [text for text, _logp in beams],
            "log p": [round(logp, 3) for _text, logp in beams],
            "p": [round(math.exp(logp), 4) for _text, logp in beams],
            _("= greedy"): ["✓" if text == greedy_text else "" for text, _logp in beams],
        }
    )


def ratio_table(sweeps: dict[str, Sweep], buckets: dict[str, tuple[int, int]]) -> pd.DataFrame:
    """Per length bucket (rows) and model (columns): mean gradient at the first source word / at the last."""
    rows = []
    for name, (lo, hi) in buckets.items():
        n = sum(lo <= length <= hi for length in next(iter(sweeps.values())).lengths) if sweeps else 0
        rows.append({_("words"): name, "n": n, **{m: s.first_last_ratio(lo, hi) for m, s in sweeps.items()}})
    return pd.DataFrame(rows, columns=[_("words"), "n", *sweeps]).round(3)


def whatif_table(own: Trace, results: dict[str, WhatIf | InputError], reference: str | None = None) -> pd.DataFrame:
    """One row per experiment: its output, how many of its tokens differ from the model's own output, and
    (for a test sentence) whether it still equals the reference. An experiment that could not run (its
    InputError: no gold alignment, nothing to mask) says why."""
    weights, output, changed_header = _("weights"), _("output"), _("tokens changed")
    rows = [{weights: mode_label("own"), output: own.text, changed_header: 0}]
    for mode, result in results.items():
        if isinstance(result, InputError):
            rows.append({weights: mode_label(mode), output: f"({message(result)})", changed_header: None})
            continue
        changed = changed_tokens(own.output_tokens, result.trace.output_tokens)
        rows.append({weights: mode_label(mode), output: result.trace.text, changed_header: sum(changed)})
    table = pd.DataFrame(rows)
    if reference is not None:
        table[_("= reference")] = ["✓" if out == reference else "" for out in table[output]]
    return table


def head_removal_table(table: HeadTable, top: int = 8) -> pd.DataFrame:
    """The `top` heads whose removal costs the most BLEU (models/packs/heads_table.py): the head, the BLEU it
    costs, and the BLEU and exact match (in %) without it."""
    rows = [
        {
            _("head"): head_label(r.site, r.layer, r.head),
            _("BLEU lost"): round(r.bleu_lost, 1),
            _("BLEU without it"): round(r.bleu, 1),
            _("exact without it"): round(100 * r.exact, 1),  # in %
        }
        for r in table.heads[:top]
    ]
    return pd.DataFrame(rows, columns=[_("head"), _("BLEU lost"), _("BLEU without it"), _("exact without it")])
