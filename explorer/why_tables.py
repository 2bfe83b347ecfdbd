"""pandas tables for the "why attention" pages (no Streamlit)."""

from __future__ import annotations

import pandas as pd

from explorer.i18n import _, message
from explorer.why_figures import mode_label
from models.net.decoding import InputError
from models.net.gradients import Sweep
from models.net.trace import Trace
from models.net.whatif import WhatIf, changed_tokens


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
