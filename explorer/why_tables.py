"""pandas tables for the "why attention" pages (no Streamlit)."""

from __future__ import annotations

import pandas as pd

from explorer.why_figures import MODE_LABELS
from models.decoding import InputError
from models.gradients import Sweep
from models.trace import Trace
from models.whatif import WhatIf, changed_tokens


def ratio_table(sweeps: dict[str, Sweep], buckets: dict[str, tuple[int, int]]) -> pd.DataFrame:
    """Per length bucket (rows) and model (columns): mean gradient at the first source word / at the last."""
    rows = []
    for name, (lo, hi) in buckets.items():
        n = sum(lo <= length <= hi for length in next(iter(sweeps.values())).lengths) if sweeps else 0
        rows.append({"words": name, "n": n, **{m: s.first_last_ratio(lo, hi) for m, s in sweeps.items()}})
    return pd.DataFrame(rows, columns=["words", "n", *sweeps]).round(3)


def whatif_table(own: Trace, results: dict[str, WhatIf | InputError], reference: str | None = None) -> pd.DataFrame:
    """One row per experiment: its output, how many of its tokens differ from the model's own output, and
    (for a test sentence) whether it still equals the reference. An experiment that could not run (its
    InputError: no gold alignment, nothing to mask) says why."""
    rows = [{"weights": MODE_LABELS["own"], "output": own.text, "tokens changed": 0}]
    for mode, result in results.items():
        if isinstance(result, InputError):
            rows.append({"weights": MODE_LABELS[mode], "output": f"({result})", "tokens changed": None})
            continue
        changed = changed_tokens(own.output_tokens, result.trace.output_tokens)
        rows.append({"weights": MODE_LABELS[mode], "output": result.trace.text, "tokens changed": sum(changed)})
    table = pd.DataFrame(rows)
    if reference is not None:
        table["= reference"] = ["✓" if out == reference else "" for out in table["output"]]
    return table
